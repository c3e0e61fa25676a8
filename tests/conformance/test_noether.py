"""schedkit.compat.noether against noether's own schedule classes (its schedule
modules and pydantic configs only), at steps 0 to total_steps - 1."""

from __future__ import annotations

from typing import Any

import pytest

from schedkit.compat import noether as compat

from .conftest import assert_agree, framework, package_without_init

framework("pydantic")
package_without_init("noether.core.schemas")
schedules = framework("noether.core.schedules")
configs = framework("noether.core.schemas.schedules")

CASES = [
    # (noether class, config fields, total_steps) per row
    ("LinearIncreasingSchedule", {"max_value": 1.0}, 11),
    ("LinearIncreasingSchedule", {"start_value": 0.1, "max_value": 0.5, "exclude_first": True}, 9),
    ("LinearDecreasingSchedule", {"max_value": 1.0, "exclude_last": True}, 5),
    (
        "LinearDecreasingSchedule",
        {"max_value": 1.0, "exclude_first": True, "exclude_last": True},
        5,
    ),
    ("CosineDecreasingSchedule", {"max_value": 1.0}, 11),
    (
        "CosineDecreasingSchedule",
        {"max_value": 1e-3, "end_value": 1e-5, "overhang_percent": 0.25},
        11,
    ),
    ("CosineIncreasingSchedule", {"start_value": 1e-5, "max_value": 1.0, "overhang_steps": 3}, 20),
    ("PolynomialDecreasingSchedule", {"max_value": 1.0, "power": 0.5}, 17),
    ("PolynomialIncreasingSchedule", {"max_value": 1.0, "power": 2.0}, 11),
    ("StepDecreasingSchedule", {"max_value": 1.0, "factor": 0.5, "decreases_interval": 0.25}, 8),
    (
        "StepDecreasingSchedule",
        {"max_value": 1.0, "end_value": 0.1, "factor": 0.5, "decreases_interval": 0.3},
        23,
    ),
    ("StepFixedSchedule", {"factor": 0.5, "steps": [0.8, 0.2, 0.5]}, 10),
    ("StepIntervalSchedule", {"factor": 0.5, "update_interval": 0.2}, 10),
    ("StepIntervalSchedule", {"start_value": 2.0, "factor": 0.9, "update_interval": 0.15}, 37),
    ("LinearWarmupCosineDecaySchedule", {"max_value": 1.0, "warmup_steps": 2}, 11),
    ("LinearWarmupCosineDecaySchedule", {"max_value": 1.0, "warmup_percent": 0.2}, 11),
    ("LinearWarmupCosineDecaySchedule", {"max_value": 1e-3, "warmup_percent": 0.05}, 100),
    (
        "LinearWarmupCosineDecaySchedule",
        {"max_value": 1.0, "warmup_percent": 0.1, "end_value": 0.0},
        10,
    ),
    (
        "LinearWarmupCosineDecaySchedule",
        {"max_value": 1.0, "start_value": 0.1, "warmup_steps": 3, "end_value": 0.0},
        10,
    ),
    ("LinearWarmupCosineDecaySchedule", {"max_value": 1.0, "warmup_steps": 0}, 10),
    ("LinearWarmupCosineDecaySchedule", {"max_value": 1.0, "warmup_steps": 8}, 5),  # never ends
    ("LinearWarmupCosineDecaySchedule", {"max_value": 1.0, "warmup_percent": 1.0}, 5),
    (
        "LinearWarmupCosineDecaySchedule",
        {"max_value": 1.0, "warmup_steps": 4, "overhang_percent": 0.5},
        11,
    ),
    ("ConstantSchedule", {"value": 0.3}, 5),
    ("CustomSchedule", {"values": [0.1, 0.2, 0.4, 0.8]}, 4),
]


def noether_schedule(kind: str, fields: dict[str, Any]) -> Any:
    config = getattr(configs, kind + "Config").model_validate(fields)
    return getattr(schedules, kind)(config)


@pytest.mark.parametrize(("kind", "fields", "total"), CASES)
def test_schedules(kind: str, fields: dict[str, Any], total: int) -> None:
    ours = compat.from_config(
        {"kind": f"noether.core.schedules.{kind}", **fields}, total_steps=total
    )
    theirs = noether_schedule(kind, fields)
    values = [theirs.get_value(t, total) for t in range(total)]
    assert_agree(f"{kind}({fields}, T={total})", [ours(t) for t in range(total)], values)


def _phase(kind: str, fields: dict[str, Any]) -> tuple[Any, Any]:
    ours = compat.from_config({"kind": f"noether.core.schedules.{kind}", **fields}, total_steps=1)
    return ours, noether_schedule(kind, fields)


SEQUENCES = [
    # ((start, end) per phase, total_steps) per row
    ([(None, 0.3), (0.6, None)], 11),  # a gap, held at the phase's last value
    ([(0.5, None)], 11),  # before the first phase: its first value
    ([(0.0, 0.5)], 11),  # after the last phase: its last value
    ([(None, 1.0), (1.0, None)], 5),  # noether's boundary inconsistency
    ([(0.2, 0.4), (0.4, 0.7), (0.9, None)], 23),
]


@pytest.mark.parametrize(("bounds", "total"), SEQUENCES)
def test_sequential_percent(bounds: list[tuple[float | None, float | None]], total: int) -> None:
    up = _phase("LinearIncreasingSchedule", {"max_value": 1.0})
    down = _phase("CosineDecreasingSchedule", {"max_value": 1.0, "end_value": 0.1})
    pairs = [up if i % 2 == 0 else down for i in range(len(bounds))]
    ours = compat.sequential_percent_schedule(
        schedule_configs=[(p[0], a, b) for p, (a, b) in zip(pairs, bounds, strict=True)],
        total_steps=total,
    )
    theirs = schedules.SequentialPercentSchedule(
        [
            schedules.SequentialPercentScheduleConfig(schedule=p[1], start_percent=a, end_percent=b)
            for p, (a, b) in zip(pairs, bounds, strict=True)
        ]
    )
    values = [theirs.get_value(t, total) for t in range(total)]
    assert_agree(f"SequentialPercent({bounds})", [ours(t) for t in range(total)], values)


STEP_SEQUENCES = [
    ([(2, 6)], 10),  # before the phase, then held after it
    ([(None, 4), (4, None)], 12),
    ([(0, 20)], 10),  # longer than the run: never finishes
    ([(1, 3), (5, 8), (9, None)], 15),
]


@pytest.mark.parametrize(("bounds", "total"), STEP_SEQUENCES)
def test_sequential_step(bounds: list[tuple[int | None, int | None]], total: int) -> None:
    up = _phase("LinearIncreasingSchedule", {"max_value": 1.0, "exclude_last": True})
    down = _phase("LinearDecreasingSchedule", {"max_value": 1.0})
    pairs = [down if i % 2 == 0 else up for i in range(len(bounds))]
    ours = compat.sequential_step_schedule(
        schedule_configs=[(p[0], a, b) for p, (a, b) in zip(pairs, bounds, strict=True)],
        total_steps=total,
    )
    theirs = schedules.SequentialStepSchedule(
        [
            schedules.SequentialStepScheduleConfig(schedule=p[1], start_step=a, end_step=b)
            for p, (a, b) in zip(pairs, bounds, strict=True)
        ]
    )
    values = [theirs.get_value(t, total) for t in range(total)]
    assert_agree(f"SequentialStep({bounds})", [ours(t) for t in range(total)], values)


def test_golden_values_of_noethers_tests() -> None:
    # LinearWarmupCosineDecay with warmup_steps=2, T=11, from noether's own test file,
    # which rounds them to five digits.
    ours = compat.linear_warmup_cosine_decay_schedule(max_value=1.0, warmup_steps=2, total_steps=11)
    golden = [
        0.3333,
        0.6667,
        1.0,
        0.96194,
        0.85355,
        0.69134,
        0.5000005,
        0.30866,
        0.14645,
        0.03806,
        1e-6,
    ]
    assert [round(ours(t), 7) for t in range(11)] == pytest.approx(golden, abs=5e-5)
