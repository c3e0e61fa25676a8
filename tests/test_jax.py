"""Tests for schedkit.jax: a schedule as an optax learning rate, against the real JAX.

Skipped where JAX is absent (CI installs jax and optax on Python 3.11), except the
test of the message that says how to install it.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from schedkit import (
    ScheduleError,
    cosine,
    inverse_sqrt,
    multi_step,
    with_warmup,
)
from schedkit.jax import to_optax
from schedkit.optim import param_groups

INSTALL = "python -m pip install -r tests/conformance/requirements.txt"

LR = with_warmup(cosine(base_lr=0.3, min_lr=1e-4, total_steps=40), warmup_steps=10, start_lr=0.0)


@pytest.fixture
def jax() -> Iterator[Any]:
    """JAX in its default precision, float32, whatever an earlier test switched on."""
    jax = pytest.importorskip("jax", reason=INSTALL)
    x64 = jax.config.read("jax_enable_x64")
    jax.config.update("jax_enable_x64", False)
    yield jax
    jax.config.update("jax_enable_x64", x64)


# In JAX's default float32 the schedule is computed in float32: its float64 value
# within this relative bound (measured over the registry in tests/test_array.py).
FLOAT32_RELATIVE = 2.0**-18


def assert_float32(got: list[float], want: list[float]) -> None:
    """Assert that float32 values *got* are the float64 values *want*, within the bound."""
    assert len(got) == len(want)
    for value, expected in zip(got, want, strict=True):
        assert abs(value - expected) <= FLOAT32_RELATIVE * abs(expected), (value, expected)


def test_values_under_jit_are_the_schedule_in_float32(jax: Any) -> None:
    schedule = to_optax(LR)
    counts = list(
        range(-3, 70)
    )  # before the start (a traced count is held at 0), the run, past the end
    jitted = jax.jit(schedule)
    values = [jitted(count) for count in counts]
    assert all(value.dtype == jax.numpy.float32 for value in values)
    assert_float32([float(value) for value in values], [LR(max(count, 0)) for count in counts])
    # Start and end land exactly, on their float32 values.
    ends = [float(jitted(count)) for count in (0, 10, 50, 60)]
    assert ends == [float(np.float32(value)) for value in (0.0, 0.3, 1e-4, 1e-4)]


def test_values_inside_scan_with_a_traced_count(jax: Any) -> None:
    table = to_optax(LR)

    def body(count: Any, _: None) -> tuple[Any, Any]:
        return count + 1, table(count)

    run = jax.jit(lambda: jax.lax.scan(body, jax.numpy.int32(0), None, length=60)[1])
    assert_float32([float(value) for value in run()], [LR(step) for step in range(60)])


def test_values_under_vmap(jax: Any) -> None:
    table = to_optax(LR)
    counts = jax.numpy.arange(0, 100, 7)
    got = [float(value) for value in jax.vmap(table)(counts)]
    assert_float32(got, [LR(int(count)) for count in counts])


def test_float64_values_are_the_schedule_within_xla_bound() -> None:
    pytest.importorskip("jax", reason=INSTALL)
    # x64 is process-wide in JAX, so it is switched on in a process of its own.
    script = textwrap.dedent(
        """
        import jax
        jax.config.update("jax_enable_x64", True)
        from schedkit import cosine, with_warmup
        from schedkit.jax import to_optax
        schedule = with_warmup(
            cosine(base_lr=0.3, min_lr=1e-4, total_steps=40), warmup_steps=10, start_lr=0.0
        )
        table = jax.jit(to_optax(schedule))
        values = [table(step) for step in range(60)]
        assert all(value.dtype == jax.numpy.float64 for value in values)
        # XLA's sin and cos are its own: within 1e-12 relative of math's.
        for value, step in zip(values, range(60)):
            assert abs(float(value) - schedule(step)) <= 1e-12 * schedule(step)
        print("close")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "close\n"


def test_an_unbounded_schedule_holds_its_value_at_num_steps(jax: Any) -> None:
    schedule = inverse_sqrt(base_lr=0.1, warmup_steps=4)
    table = jax.jit(to_optax(schedule, num_steps=50))
    got = [float(table(count)) for count in (0, 4, 49, 50, 51, 10**6)]
    assert_float32(got, [schedule(step) for step in (0, 4, 49, 50, 50, 50)])


def test_without_num_steps_every_count_is_evaluated(jax: Any) -> None:
    schedule = inverse_sqrt(base_lr=0.1, warmup_steps=4)
    traced = jax.jit(to_optax(schedule))
    counts = (0, 4, 49, 10**6, 2**31 - 1)
    assert_float32([float(traced(count)) for count in counts], [schedule(c) for c in counts])


def test_a_run_of_any_length_is_built_at_once(jax: Any) -> None:
    # Nothing is tabulated: 10**8 steps cost what 10 do.
    schedule = with_warmup(
        cosine(base_lr=1.0, min_lr=0.0, total_steps=10**8), warmup_steps=10**6, start_lr=0.0
    )
    traced = jax.jit(to_optax(schedule))
    assert float(traced(10**8 + 10**6)) == 0.0
    assert_float32([float(traced(5 * 10**7))], [schedule(5 * 10**7)])


def test_num_steps_past_the_end_changes_nothing(jax: Any) -> None:
    schedule = multi_step(base_lr=1.0, milestones=[3, 6], gamma=0.5)
    table = jax.jit(to_optax(schedule, num_steps=10))
    assert [float(table(count)) for count in range(15)] == [schedule(s) for s in range(15)]


def test_it_drives_an_optax_optimizer(jax: Any) -> None:
    optax = pytest.importorskip("optax", reason=INSTALL)
    optimizer = optax.inject_hyperparams(optax.sgd)(learning_rate=to_optax(LR))
    params = {"w": jax.numpy.ones(3)}
    state = optimizer.init(params)

    def step(params: Any, state: Any) -> tuple[Any, Any, Any]:
        grads = {"w": jax.numpy.ones(3)}
        updates, state = optimizer.update(grads, state, params)
        return optax.apply_updates(params, updates), state, state.hyperparams["learning_rate"]

    update = jax.jit(step)

    used = []
    for _ in range(55):
        params, state, lr = update(params, state)
        used.append(float(lr))
    assert_float32(used, [LR(step) for step in range(55)])
    # Plain SGD with a gradient of ones: each weight moved by the sum of the rates used.
    assert float(params["w"][0]) == pytest.approx(1.0 - sum(used), rel=1e-5)


@pytest.mark.usefixtures("jax")
def test_it_pickles_compares_and_reads_as_the_call() -> None:
    table = to_optax(LR)
    assert repr(table) == f"to_optax({LR!r})"
    again = pickle.loads(pickle.dumps(table))
    assert again == table
    assert hash(again) == hash(table)
    assert again != to_optax(LR, num_steps=100)
    assert repr(to_optax(LR, num_steps=100)) == f"to_optax({LR!r}, num_steps=100)"
    assert_float32([float(again(25))], [LR(25)])


TO_OPTAX_ERRORS = [
    (
        {"schedule": lambda step: 0.1},
        TypeError,
        "to_optax: schedule must be a Schedule made by a schedkit factory, "
        "got schedule=<function <lambda> at",
    ),
    (
        {"num_steps": 0},
        ScheduleError,
        "to_optax: num_steps must be a positive integer, got num_steps=0",
    ),
    (
        {"num_steps": True},
        TypeError,
        "to_optax: num_steps must be an integer, got num_steps=True (bool)",
    ),
]


@pytest.mark.parametrize(("changes", "error", "message"), TO_OPTAX_ERRORS)
def test_to_optax_errors(changes: dict[str, Any], error: type[Exception], message: str) -> None:
    arguments = {"schedule": LR, **changes}
    with pytest.raises(error, match="^" + re.escape(message)):
        to_optax(**arguments)


def test_without_jax_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jax", None)  # makes `import jax` fail
    monkeypatch.setitem(sys.modules, "jax.numpy", None)
    with pytest.raises(
        ImportError,
        match=re.escape(
            "schedkit.jax.to_optax needs JAX, which is not installed; "
            "install it with: pip install jax"
        ),
    ):
        to_optax(LR)


def test_param_groups_take_jax_arrays(jax: Any) -> None:
    params = {"dense.weight": jax.numpy.ones((3, 2)), "dense.bias": jax.numpy.zeros(2)}
    groups = param_groups(params.items(), weight_decay=0.1)
    assert [(g["param_names"], g["weight_decay"]) for g in groups] == [
        (["dense.weight"], 0.1),
        (["dense.bias"], 0.0),
    ]
    assert groups[0]["params"][0] is params["dense.weight"]
