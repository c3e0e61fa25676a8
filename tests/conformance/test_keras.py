"""schedkit.compat.keras against Keras 3's own schedules, on JAX in float64."""

from __future__ import annotations

import os
from typing import Any

import pytest

from schedkit.compat import keras as compat

from .conftest import assert_agree, framework

os.environ.setdefault("KERAS_BACKEND", "jax")
jax = framework("jax")
jax.config.update("jax_enable_x64", True)
keras = framework("keras")
keras.config.set_floatx("float64")

STEPS = 150

CASES = [
    # (Keras class, its kwargs) per row
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7, "decay_rate": 0.9}),
    (
        "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True},
    ),
    ("PiecewiseConstantDecay", {"boundaries": [10, 40, 41], "values": [0.1, 0.05, 0.01, 0.001]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 30}),  # end 1e-4
    (
        "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 25, "end_learning_rate": 0.0, "power": 2.0},
    ),
    (
        "PolynomialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 20, "power": 0.5, "cycle": True},
    ),  # each cycle slower; the end at every multiple
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5}),
    (
        "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5, "staircase": True},
    ),
]


def keras_values(kind: str, kwargs: dict[str, Any]) -> list[float]:
    schedule = getattr(keras.optimizers.schedules, kind)(**kwargs)
    return [float(schedule(t)) for t in range(STEPS)]


@pytest.mark.parametrize(("kind", "kwargs"), CASES)
def test_float64_schedules(kind: str, kwargs: dict[str, Any]) -> None:
    ours = getattr(compat, _snake(kind))(**kwargs)
    assert_agree(f"{kind}({kwargs})", [ours(t) for t in range(STEPS)], keras_values(kind, kwargs))


COSINES = [
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 100}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 60, "alpha": 0.1}),
    (
        "CosineDecay",
        {
            "initial_learning_rate": 0.0,
            "decay_steps": 70,
            "warmup_target": 0.1,
            "warmup_steps": 15,
            "alpha": 0.01,
        },
    ),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 40, "warmup_steps": 15}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10}),
    (
        "CosineDecayRestarts",
        {
            "initial_learning_rate": 0.1,
            "first_decay_steps": 7,
            "t_mul": 1.0,
            "m_mul": 0.8,
            "alpha": 0.05,
        },
    ),
    (
        "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 4, "t_mul": 1.5, "m_mul": 0.9},
    ),
]


@pytest.mark.parametrize(("kind", "kwargs"), COSINES)
def test_cosine_schedules(kind: str, kwargs: dict[str, Any]) -> None:
    ours = getattr(compat, _snake(kind))(**kwargs)
    # keras.ops.cos returns float32 even with float64 floatx (Keras 3.15; keras-team
    # keras#23223), so Keras' cosines carry float32 rounding: about 1e-7 relative, and
    # 1e-8 absolute where 1 + cos cancels near the floor.
    assert_agree(
        f"{kind}({kwargs})",
        [ours(t) for t in range(STEPS)],
        keras_values(kind, kwargs),
        rel=5e-6,
        abs_=1e-8,
    )


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")
