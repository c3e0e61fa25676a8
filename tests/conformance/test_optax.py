"""schedkit.compat.optax against optax's own schedules, with JAX in float64."""

from __future__ import annotations

from typing import Any

import pytest

from schedkit.compat import optax as compat

from .conftest import assert_agree, framework

jax = framework("jax")
jax.config.update("jax_enable_x64", True)
optax = framework("optax")

STEPS = 160

CASES = [
    # (function, its kwargs) per row
    ("constant_schedule", {"value": 0.3}),
    (
        "polynomial_schedule",
        {
            "init_value": 1.0,
            "end_value": 0.01,
            "power": 2.0,
            "transition_steps": 50,
            "transition_begin": 7,
        },
    ),
    (
        "polynomial_schedule",
        {"init_value": 1.0, "end_value": 0.5, "power": 0.5, "transition_steps": 0},
    ),  # constant init
    (
        "polynomial_schedule",
        {
            "init_value": 1.0,
            "end_value": 0.0,
            "power": 1.0,
            "transition_steps": 9,
            "transition_begin": -3,
        },
    ),  # begin counts as 0
    ("linear_schedule", {"init_value": 0.0, "end_value": 1e-3, "transition_steps": 37}),
    (
        "piecewise_constant_schedule",
        {"init_value": 0.1, "boundaries_and_scales": {30: 0.5, 10: 0.1, 60: 2.0}},
    ),
    ("piecewise_constant_schedule", {"init_value": 0.1, "boundaries_and_scales": {0: 0.5}}),
    ("exponential_decay", {"init_value": 0.1, "transition_steps": 7, "decay_rate": 0.8}),
    (
        "exponential_decay",
        {
            "init_value": 0.1,
            "transition_steps": 7,
            "decay_rate": 0.8,
            "transition_begin": 11,
            "staircase": True,
            "end_value": 0.02,
        },
    ),
    (
        "exponential_decay",
        {"init_value": 0.1, "transition_steps": 3, "decay_rate": 1.05, "end_value": 0.5},
    ),  # growth, capped
    ("exponential_decay", {"init_value": 0.1, "transition_steps": 0, "decay_rate": 0.5}),
    (
        "exponential_decay",
        {"init_value": 1.0, "transition_steps": 1, "decay_rate": 1e-5},
    ),  # 0.0 from step 65 on, where the exponent is capped
    (
        "exponential_decay",
        {"init_value": 1e-300, "transition_steps": 1, "decay_rate": 10.0, "end_value": 1e10},
    ),  # the power overflows at step 309, before the product reaches end_value: held there
    ("cosine_decay_schedule", {"init_value": 0.1, "decay_steps": 100}),
    (
        "cosine_decay_schedule",
        {"init_value": 0.1, "decay_steps": 77, "alpha": 0.1, "exponent": 2.0},
    ),
    ("warmup_constant_schedule", {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 13}),
    (
        "warmup_cosine_decay_schedule",
        {
            "init_value": 0.0,
            "peak_value": 0.1,
            "warmup_steps": 10,
            "decay_steps": 100,
            "end_value": 1e-4,
        },
    ),
    (
        "warmup_cosine_decay_schedule",
        {
            "init_value": 0.01,
            "peak_value": 0.1,
            "warmup_steps": 0,
            "decay_steps": 51,
            "exponent": 1.5,
        },
    ),
    (
        "warmup_cosine_decay_schedule",
        {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 1, "decay_steps": 2},
    ),
    (
        "warmup_cosine_decay_schedule",
        {
            "init_value": 0.0,
            "peak_value": 1e308,
            "warmup_steps": 10,
            "decay_steps": 110,
            "end_value": -1e308,
        },
    ),  # end_value - peak_value overflows; optax's own form does not
    (
        "warmup_exponential_decay_schedule",
        {
            "init_value": 0.0,
            "peak_value": 0.1,
            "warmup_steps": 10,
            "transition_steps": 5,
            "decay_rate": 0.9,
            "transition_begin": 4,
            "staircase": True,
            "end_value": 0.03,
        },
    ),
    ("linear_onecycle_schedule", {"transition_steps": 100, "peak_value": 0.1}),
    (
        "linear_onecycle_schedule",
        {
            "transition_steps": 33,
            "peak_value": 0.1,
            "pct_start": 0.1,
            "pct_final": 0.9,
            "div_factor": 10.0,
        },
    ),
    ("cosine_onecycle_schedule", {"transition_steps": 100, "peak_value": 0.1}),
    ("cosine_onecycle_schedule", {"transition_steps": 7, "peak_value": 0.1, "pct_start": 0.5}),
    (
        "piecewise_interpolate_schedule",
        {
            "interpolate_type": "linear",
            "init_value": 0.1,
            "boundaries_and_scales": {20: 2.0, 50: 0.1, 51: 0.5},
        },
    ),
    (
        "piecewise_interpolate_schedule",
        {
            "interpolate_type": "cosine",
            "init_value": 0.1,
            "boundaries_and_scales": {0: 2.0, 40: 0.01},
        },
    ),
    (
        "sgdr_schedule",
        {
            "cosine_kwargs": [
                {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 5, "decay_steps": 40},
                {
                    "init_value": 0.01,
                    "peak_value": 0.05,
                    "warmup_steps": 2,
                    "decay_steps": 30,
                    "end_value": 0.001,
                },
            ]
        },
    ),
]


@pytest.mark.parametrize(("function", "kwargs"), CASES)
def test_schedules(function: str, kwargs: dict[str, Any]) -> None:
    ours = getattr(compat, function)(**kwargs)
    theirs = getattr(optax, function)(**kwargs)
    values = [float(theirs(jax.numpy.asarray(t, dtype="int64"))) for t in range(STEPS)]
    assert_agree(f"{function}({kwargs})", [ours(t) for t in range(STEPS)], values)


def test_join_schedules() -> None:
    ours = compat.join_schedules(
        schedules=[
            compat.linear_schedule(init_value=0.0, end_value=0.1, transition_steps=10),
            compat.constant_schedule(value=0.1),
            compat.cosine_decay_schedule(init_value=0.1, decay_steps=30),
        ],
        boundaries=[10, 25],
    )
    theirs = optax.join_schedules(
        [
            optax.linear_schedule(0.0, 0.1, 10),
            optax.constant_schedule(0.1),
            optax.cosine_decay_schedule(0.1, 30),
        ],
        [10, 25],
    )
    values = [float(theirs(jax.numpy.asarray(t, dtype="int64"))) for t in range(STEPS)]
    assert_agree("join_schedules", [ours(t) for t in range(STEPS)], values)


def test_jitted_schedule_agrees() -> None:
    # Inside jit optax sees a traced count; its values must not change.
    ours = compat.warmup_cosine_decay_schedule(
        init_value=0.0, peak_value=0.1, warmup_steps=10, decay_steps=100
    )
    theirs = jax.jit(optax.warmup_cosine_decay_schedule(0.0, 0.1, 10, 100))
    values = [float(theirs(t)) for t in range(120)]
    assert_agree("jit warmup_cosine_decay_schedule", [ours(t) for t in range(120)], values)


# Under jit optax divides by its decay steps as a multiplication by their reciprocal,
# so with values near the float limit its cosine overflows where its eager form does
# not (-1.6e292 instead of 0.0); schedkit's traced values are its eager ones there.
_OVERFLOWS_UNDER_JIT = {"peak_value": 1e308, "end_value": -1e308}


@pytest.mark.parametrize(
    ("function", "kwargs"),
    [
        case
        for case in CASES
        if not _OVERFLOWS_UNDER_JIT.items() <= dict(case[1]).items()  # type: ignore[call-overload]
    ],
)
def test_traced_schedules_agree_under_jit(function: str, kwargs: dict[str, Any]) -> None:
    # schedkit's schedule traced as optax's is, both jitted on an array of counts: the
    # same formula in XLA on both sides, so to 1e-12 step for step.
    ours = jax.jit(getattr(compat, function)(**kwargs))
    theirs = jax.jit(jax.vmap(getattr(optax, function)(**kwargs)))
    counts = jax.numpy.arange(STEPS, dtype="int64")
    got, want = ours(counts), theirs(counts)
    assert got.dtype == jax.numpy.float64
    assert_agree(f"jit {function}({kwargs})", got.tolist(), want.tolist())


def test_a_traced_count_in_an_optax_update_agrees() -> None:
    # optax calls the schedule with its 0-d count inside the jitted update. The count is
    # int32, in which optax's own schedule computes in float32 even with x64; schedkit
    # computes in float64, its scalar path's values.
    kwargs: dict[str, Any] = {
        "init_value": 0.0,
        "peak_value": 0.1,
        "warmup_steps": 10,
        "decay_steps": 100,
    }
    rates = {}
    for name, schedule in (
        ("ours", compat.warmup_cosine_decay_schedule(**kwargs)),
        ("theirs", optax.warmup_cosine_decay_schedule(**kwargs)),
    ):
        optimizer = optax.inject_hyperparams(optax.sgd)(learning_rate=schedule)
        params = {"w": jax.numpy.ones(3)}
        state = optimizer.init(params)
        update = jax.jit(optimizer.update)
        used = []
        for _ in range(120):
            _, state = update(params, state, params)
            used.append(float(state.hyperparams["learning_rate"]))
        rates[name] = used
    reference = compat.warmup_cosine_decay_schedule(**kwargs)
    assert_agree("optax.sgd, traced", rates["ours"], [reference(t) for t in range(120)])
    assert_agree("optax.sgd, against optax", rates["ours"], rates["theirs"], rel=1e-6)
