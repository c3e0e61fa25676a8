"""schedkit.compat.torch against PyTorch's own schedulers, stepped as in training."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from schedkit.compat import torch as compat

from .conftest import assert_agree, close, framework

torch = framework("torch")
lr_scheduler = framework("torch.optim.lr_scheduler")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def run(make: Callable[[Any], Any], steps: int, lr: float = 0.1) -> list[float]:
    """The lr after 0, 1, ..., steps - 1 calls of scheduler.step()."""
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([parameter], lr=lr)
    scheduler = make(optimizer)
    values = [optimizer.param_groups[0]["lr"]]
    for _ in range(steps - 1):
        optimizer.step()
        scheduler.step()
        values.append(optimizer.param_groups[0]["lr"])
    return values


CASES = [
    # (PyTorch class, its kwargs, steps) per row
    ("StepLR", {"step_size": 7, "gamma": 0.3}, 60),  # decays at each multiple of 7
    ("StepLR", {"step_size": 1}, 30),  # default gamma, every step
    ("MultiStepLR", {"milestones": [5, 9, 9, 30], "gamma": 0.5}, 40),  # a repeated milestone
    ("MultiStepLR", {"milestones": [0, 3]}, 10),  # a milestone at step 0
    ("ConstantLR", {}, 12),  # defaults: a third for 5 steps
    ("ConstantLR", {"factor": 0.5, "total_iters": 0}, 6),  # quirk: stays at the factor
    ("LinearLR", {}, 12),  # defaults
    ("LinearLR", {"start_factor": 0.25, "end_factor": 0.5, "total_iters": 7}, 20),
    ("LinearLR", {"start_factor": 0.5, "total_iters": 0}, 6),  # quirk: stuck at the start
    ("ExponentialLR", {"gamma": 0.95}, 200),
    ("PolynomialLR", {"total_iters": 13, "power": 2.5}, 30),
    ("PolynomialLR", {"total_iters": 0}, 5),
    ("CosineAnnealingLR", {"T_max": 10}, 61),  # rises again past T_max, period 20
    ("CosineAnnealingLR", {"T_max": 37, "eta_min": 0.001}, 200),
    ("CosineAnnealingLR", {"T_max": 1}, 9),  # the shortest period
    ("CosineAnnealingWarmRestarts", {"T_0": 5}, 40),
    ("CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 2, "eta_min": 0.01}, 100),
    ("CosineAnnealingWarmRestarts", {"T_0": 1, "T_mult": 3}, 130),  # restarts at 1, 4, 13, 40, 121
]


@pytest.mark.parametrize(("kind", "kwargs", "steps"), CASES)
def test_closed_form_schedulers(kind: str, kwargs: dict[str, Any], steps: int) -> None:
    ours = getattr(compat, _snake(kind))(base_lr=0.1, **kwargs)
    theirs = run(lambda optimizer: getattr(lr_scheduler, kind)(optimizer, **kwargs), steps)
    assert_agree(f"{kind}({kwargs})", [ours(t) for t in range(steps)], theirs)


CYCLIC = [
    {"step_size_up": 4},  # triangular, symmetric
    {"step_size_up": 3, "step_size_down": 7, "mode": "triangular2"},  # asymmetric, halving
    {"step_size_up": 5, "mode": "exp_range", "gamma": 0.97},
    {"step_size_up": 5, "mode": "exp_range", "gamma": 1.01},  # a growing height
    {"step_size_up": 1, "step_size_down": 1},  # the shortest cycle
]


@pytest.mark.parametrize("kwargs", CYCLIC)
def test_cyclic_lr(kwargs: dict[str, Any]) -> None:
    ours = compat.cyclic_lr(base_lr=0.01, max_lr=0.1, **kwargs)
    theirs = run(
        lambda optimizer: lr_scheduler.CyclicLR(
            optimizer, base_lr=0.01, max_lr=0.1, cycle_momentum=False, **kwargs
        ),
        80,
    )
    assert_agree(f"CyclicLR({kwargs})", [ours(t) for t in range(80)], theirs)


ONE_CYCLE = [
    {"total_steps": 100},  # defaults: cos, two phases, peak at step 29
    {"total_steps": 97, "pct_start": 0.25, "anneal_strategy": "linear"},  # P = 24.25
    {"total_steps": 50, "three_phase": True},
    {"total_steps": 33, "pct_start": 0.4, "three_phase": True, "anneal_strategy": "linear"},
    {"total_steps": 3, "pct_start": 0.3},  # P < 1: the rise is skipped
    {"epochs": 4, "steps_per_epoch": 9, "div_factor": 10.0, "final_div_factor": 100.0},
    {"total_steps": 1},  # a single step, already at the end
]


@pytest.mark.parametrize("kwargs", ONE_CYCLE)
def test_one_cycle_lr(kwargs: dict[str, Any]) -> None:
    ours = compat.one_cycle_lr(max_lr=0.1, **kwargs)
    total = kwargs.get("total_steps") or kwargs["epochs"] * kwargs["steps_per_epoch"]
    theirs = run(
        lambda optimizer: lr_scheduler.OneCycleLR(
            optimizer, max_lr=0.1, cycle_momentum=False, **kwargs
        ),
        total,
    )
    # PyTorch extrapolates at step N and raises at N + 1; schedkit holds N - 1.
    assert_agree(f"OneCycleLR({kwargs})", [ours(t) for t in range(total)], theirs)
    assert ours(total) == ours(total + 100) == ours(total - 1)
    assert close(ours(total), theirs[-1])


def test_sequential_lr() -> None:
    ours = compat.sequential_lr(
        schedulers=[
            compat.linear_lr(base_lr=0.1, start_factor=0.1, total_iters=5),
            compat.cosine_annealing_lr(base_lr=0.1, T_max=20, eta_min=0.001),
            compat.exponential_lr(base_lr=0.1, gamma=0.9),
        ],
        milestones=[5, 25],
    )

    def make(optimizer: Any) -> Any:
        return lr_scheduler.SequentialLR(
            optimizer,
            schedulers=[
                lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=5),
                lr_scheduler.CosineAnnealingLR(optimizer, T_max=20, eta_min=0.001),
                lr_scheduler.ExponentialLR(optimizer, gamma=0.9),
            ],
            milestones=[5, 25],
        )

    assert_agree("SequentialLR", [ours(t) for t in range(60)], run(make, 60))


def test_sequential_lr_milestone_before_the_first_ends() -> None:
    ours = compat.sequential_lr(
        schedulers=[
            compat.linear_lr(base_lr=0.1, start_factor=0.5, total_iters=10),
            compat.step_lr(base_lr=0.1, step_size=3, gamma=0.5),
        ],
        milestones=[4],
    )

    def make(optimizer: Any) -> Any:
        return lr_scheduler.SequentialLR(
            optimizer,
            schedulers=[
                lr_scheduler.LinearLR(optimizer, start_factor=0.5, total_iters=10),
                lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5),
            ],
            milestones=[4],
        )

    assert_agree("SequentialLR early", [ours(t) for t in range(20)], run(make, 20))


def test_chained_scheduler() -> None:
    ours = compat.chained_scheduler(
        schedulers=[
            compat.constant_lr(base_lr=0.1, factor=0.5, total_iters=4),
            compat.exponential_lr(base_lr=0.1, gamma=0.95),
            compat.multi_step_lr(base_lr=0.1, milestones=[10, 20]),
            compat.cosine_annealing_lr(base_lr=0.1, T_max=30),
        ]
    )

    def make(optimizer: Any) -> Any:
        return lr_scheduler.ChainedScheduler(
            [
                lr_scheduler.ConstantLR(optimizer, factor=0.5, total_iters=4),
                lr_scheduler.ExponentialLR(optimizer, gamma=0.95),
                lr_scheduler.MultiStepLR(optimizer, milestones=[10, 20]),
                lr_scheduler.CosineAnnealingLR(optimizer, T_max=30),
            ]
        )

    assert_agree("ChainedScheduler", [ours(t) for t in range(29)], run(make, 29))


def test_chained_scheduler_with_a_growing_part() -> None:
    # The growing part leads schedkit's product, wherever it is in the list.
    ours = compat.chained_scheduler(
        schedulers=[
            compat.linear_lr(base_lr=0.1, start_factor=0.5, total_iters=6),
            compat.multi_step_lr(base_lr=0.1, milestones=[4, 8], gamma=3.0),
            compat.step_lr(base_lr=0.1, step_size=3, gamma=1.5),
        ]
    )

    def make(optimizer: Any) -> Any:
        return lr_scheduler.ChainedScheduler(
            [
                lr_scheduler.LinearLR(optimizer, start_factor=0.5, total_iters=6),
                lr_scheduler.MultiStepLR(optimizer, milestones=[4, 8], gamma=3.0),
                lr_scheduler.StepLR(optimizer, step_size=3, gamma=1.5),
            ]
        )

    assert_agree("ChainedScheduler growing", [ours(t) for t in range(30)], run(make, 30))


def _snake(name: str) -> str:
    return (
        "".join("_" + c.lower() if c.isupper() else c for c in name)
        .lstrip("_")
        .replace("l_r", "lr")
    )
