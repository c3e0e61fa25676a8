"""Calls written for lrsched 0.1.0 work unchanged and give its values, checked against it.

schedkit grew from lrsched 0.1.0 and keeps its API: the same factory names and the
same keyword-only parameters. Where both define a value, they agree to 1e-12. Two
differences are deliberate and pinned below: sequential holds its last phase at the
phase's end (lrsched holds the step before it, so a cosine never reached its floor),
and a growth that overflows raises ScheduleError instead of a raw OverflowError.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import schedkit

lrsched = pytest.importorskip("lrsched")

# (factory name, keyword arguments exactly as an lrsched 0.1.0 user writes them)
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("constant", {"lr": 0.1}),
    ("step_decay", {"base_lr": 0.1, "gamma": 0.5, "step_size": 30}),
    ("multi_step", {"base_lr": 0.1, "milestones": [120, 30, 80], "gamma": 0.1}),
    ("exponential", {"base_lr": 0.1, "gamma": 0.97}),
    ("linear", {"base_lr": 0.1, "end_lr": 0.001, "total_steps": 250}),
    ("linear", {"base_lr": 0.0, "end_lr": 1.0, "total_steps": 7}),  # rising
    ("polynomial", {"base_lr": 0.1, "end_lr": 1e-4, "total_steps": 250, "power": 2.0}),
    ("polynomial", {"base_lr": 0.1, "end_lr": 0.0, "total_steps": 99, "power": 0.5}),
    ("cosine", {"base_lr": 1e-3, "min_lr": 1e-5, "total_steps": 250}),
    ("cosine", {"base_lr": 0.3, "min_lr": 0.0, "total_steps": 1}),  # the shortest
    ("cosine_restarts", {"base_lr": 0.1, "min_lr": 1e-4, "period": 10, "t_mult": 2}),
    ("cosine_restarts", {"base_lr": 0.1, "min_lr": 0.0, "period": 7, "t_mult": 1}),
    ("inverse_sqrt", {"base_lr": 1e-3, "warmup_steps": 40}),
    (
        "one_cycle",
        {
            "max_lr": 0.1,
            "total_steps": 250,
            "pct_start": 0.3,
            "initial_div": 25.0,
            "final_div": 1e4,
        },
    ),
    (
        "one_cycle",
        {"max_lr": 1.0, "total_steps": 10, "pct_start": 0.25, "initial_div": 10, "final_div": 100},
    ),
]

STEPS = [*range(400), 1_000, 10_000, 123_456]


def _both(name: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    return getattr(schedkit, name), getattr(lrsched, name)


@pytest.mark.parametrize(("name", "kwargs"), CALLS, ids=[name for name, _ in CALLS])
def test_catalog_agrees_with_lrsched(name: str, kwargs: dict[str, Any]) -> None:
    ours_factory, theirs_factory = _both(name)
    ours, theirs = ours_factory(**kwargs), theirs_factory(**kwargs)
    scale = max(abs(value) for value in kwargs.values() if isinstance(value, float))
    for step in STEPS:
        assert ours(step) == pytest.approx(theirs(step), rel=1e-12, abs=1e-12 * scale), step


def test_warmup_agrees_with_lrsched() -> None:
    kwargs: dict[str, Any] = {"base_lr": 1e-3, "min_lr": 1e-5, "total_steps": 900}
    ours = schedkit.with_warmup(schedkit.cosine(**kwargs), warmup_steps=100, start_lr=1e-6)
    theirs = lrsched.with_warmup(lrsched.cosine(**kwargs), warmup_steps=100, start_lr=1e-6)
    for step in range(1200):
        assert ours(step) == pytest.approx(theirs(step), rel=1e-12, abs=1e-15), step


def test_sequential_agrees_with_lrsched_until_its_end() -> None:
    def phases(module: Any) -> list[tuple[int, Any]]:
        return [
            (50, module.linear(base_lr=0.0, end_lr=0.1, total_steps=50)),
            (150, module.cosine(base_lr=0.1, min_lr=1e-3, total_steps=150)),
        ]

    ours, theirs = schedkit.sequential(phases(schedkit)), lrsched.sequential(phases(lrsched))
    for step in range(200):
        assert ours(step) == pytest.approx(theirs(step), rel=1e-12, abs=1e-15), step
    # Past the end, lrsched holds the cosine's step 149; schedkit holds its end, min_lr.
    assert ours(200) == ours(10**6) == 1e-3
    assert theirs(200) > 1e-3


def test_sample_agrees_with_lrsched() -> None:
    kwargs: dict[str, Any] = {"base_lr": 0.1, "end_lr": 0.0, "total_steps": 10}
    ours = schedkit.sample(schedkit.linear(**kwargs), num_steps=12)
    assert ours == pytest.approx(lrsched.sample(lrsched.linear(**kwargs), num_steps=12), abs=1e-15)


def test_the_public_names_of_lrsched_are_all_here() -> None:
    assert set(lrsched.__all__) - {"Schedule"} <= set(schedkit.__all__)
