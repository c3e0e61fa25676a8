"""The edges of the parameter space, for every registered factory: each call either
builds a schedule whose every value at every valid step is a finite float, or is
refused when built with the library's own error, naming the factory.

A fuzz over the registry puts extreme values (0, negatives, subnormals, 1e308, huge
integers, numpy scalars, Fractions) into every parameter of a valid call, one at a
time and two at a time, and calls every schedule it accepts at step 0, its ends and
joins, 2**63 and 10**400. Then the cases found by hand, each with its outcome.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import pickle
import signal
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import schedkit
import strategies
from schedkit import ScheduleError, ScheduleTypeError, compat, config
from schedkit import _registry as registry

# Every kind of number a parameter may be given, at the edges of its range.
EXTREMES: list[object] = [
    0,
    0.0,
    -0.0,
    -1,
    -1.0,
    5e-324,  # the least subnormal
    -5e-324,
    1e-308,
    1e-200,
    1.0 - 2**-53,  # just below 1
    1.0 + 2**-52,  # just above 1
    2.0,
    1e200,
    1e308,
    -1e308,
    1.7976931348623157e308,  # the largest float
    2**63,
    10**400,  # an integer past the float range
    -(10**400),
    10**5000,  # past the digits Python writes as text
    np.float64(0.5),
    np.float64(1e308),
    np.int64(7),
    Fraction(1, 3),
    Fraction(10**400, 3),  # a Fraction past the float range
]
# The pairs of magnitudes that overflow products, differences and ratios.
PAIRS: list[object] = [1e308, -1e308, 5e-324, 1e-200, 1e200, 10**400]
# Steps past any run, and past the float range.
FAR_STEPS = (2**31, 2**53 + 1, 2**63, 10**20, 10**400)


def _changes(schedule: schedkit.Schedule) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Yield the schedule's own call with one argument, or one item of a list or a
    dict argument, made extreme."""
    args, kwargs = schedule._call_args()
    positional = list(args)
    for key, value in kwargs.items():
        for extreme in EXTREMES:
            yield positional, {**kwargs, key: extreme}
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                for changed in _items_changed(item):
                    yield (
                        positional,
                        {**kwargs, key: [*value[:index], changed, *value[index + 1 :]]},
                    )
        elif isinstance(value, Mapping):
            for inner in value:
                for extreme in EXTREMES:
                    yield positional, {**kwargs, key: {**value, inner: extreme}}
    for index, item in enumerate(positional):
        if not isinstance(item, schedkit.Schedule):
            for extreme in EXTREMES:
                yield [*positional[:index], extreme, *positional[index + 1 :]], kwargs


def _items_changed(item: object) -> Iterator[object]:
    """Yield *item*, one entry of a list argument, with one of its parts made extreme."""
    if isinstance(item, schedkit.Schedule):
        return
    if isinstance(item, Mapping):  # another factory's arguments (optax's sgdr_schedule)
        for inner in item:
            for extreme in EXTREMES:
                yield {**item, inner: extreme}
    elif isinstance(item, (list, tuple)):
        for index, part in enumerate(item):
            if not isinstance(part, schedkit.Schedule):
                for extreme in EXTREMES:
                    yield type(item)([*item[:index], extreme, *item[index + 1 :]])
    else:
        yield from EXTREMES


def _pairs(schedule: schedkit.Schedule, data: st.DataObject) -> Iterator[dict[str, Any]]:
    """Yield the schedule's keywords with two numbers made extreme together."""
    _, kwargs = schedule._call_args()
    numbers = [key for key, value in kwargs.items() if type(value) in (int, float)]
    for first, second in itertools.permutations(numbers, 2):
        extremes = data.draw(st.tuples(st.sampled_from(PAIRS), st.sampled_from(PAIRS)))
        yield {**kwargs, first: extremes[0], second: extremes[1]}


def _steps(schedule: schedkit.Schedule) -> set[int]:
    """Return step 0, the steps around the schedule's end and the steps its
    parameters name (its joins), and steps far past any run."""
    steps = {0, 1, *FAR_STEPS}
    if schedule.length is not None:
        steps |= {schedule.length - 1, schedule.length, schedule.length + 1}
    pending: list[Any] = [value for _, value in schedule._params]
    while pending:
        value = pending.pop()
        if type(value) is int and 0 <= value < 10**30:
            steps |= {max(value - 1, 0), value, value + 1}
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
        elif isinstance(value, Mapping):
            pending.extend(value.values())
    return {step for step in steps if step >= 0}


def _made(factory: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Return the schedule the call builds, or the library's error refusing it."""
    try:
        return factory(*args, **kwargs)
    except (ScheduleError, ScheduleTypeError) as error:
        return error


def _values(schedule: schedkit.Schedule | schedkit.GroupSchedule, step: int) -> Any:
    """Return the values at *step* (one per group for a GroupSchedule), or the
    library's error there."""
    try:
        value = schedule(step)
    except ScheduleError as error:
        return error
    return list(value.values()) if isinstance(value, dict) else [value]


def _holds(name: str, factory: Any, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Build the call and check the promise for what it gives."""
    schedule = _made(factory, args, kwargs)
    if isinstance(schedule, (ScheduleError, ScheduleTypeError)):
        assert schedule.factory == name, schedule
        assert str(schedule).startswith(f"{name}: "), schedule
        return
    bounded = not isinstance(schedule, schedkit.Schedule) or math.isfinite(schedule._bound())
    for step in _steps(schedule):
        values = _values(schedule, step)
        if isinstance(values, Exception):
            # Only a value that grows without bound may leave the float range, and
            # the error names the step.
            assert not bounded, (schedule, step, values)
            assert f"overflows a float at step={step}" in str(values), values
            continue
        for value in values:
            assert type(value) is float, (schedule, step, value)
            assert math.isfinite(value), (schedule, step, value)
    assert pickle.loads(pickle.dumps(schedule)) == schedule
    hash(schedule)
    assert config.parse(repr(schedule)) == schedule
    assert config.from_config(config.to_config(schedule)) == schedule


# A call that never returns would stall the suite: each example has this many seconds.
_SECONDS = 30


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, if the block runs longer than *seconds* (where the
    platform has alarms)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"an example ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", registry.names())
# No shrinking: a failing call is already small, and shrinking one tries thousands.
@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=st.data())
def test_every_factory_is_finite_or_refuses_at_the_edges(name: str, data: st.DataObject) -> None:
    factory = registry.lookup(name)
    schedule = data.draw(strategies.registered(name))
    given, keywords = schedule._call_args()
    with _time_limit(_SECONDS):
        _holds(name, factory, list(given), keywords)
        for args, kwargs in _changes(schedule):
            _holds(name, factory, args, kwargs)
        for paired in _pairs(schedule, data):
            _holds(name, factory, list(given), paired)


# ---------------------------------------------------------------- the cases found by hand
# Each: a call and its outcome, a value at a step or the error it raises when built.

_B = 10**400  # a count past the float range
VALUES: list[tuple[Any, int, float]] = [
    # (schedule, step, value)
    # Counts past the float range: the fractions of the run are exact in integers.
    (lambda: schedkit.polynomial(base_lr=1.0, end_lr=0.0, total_steps=_B, power=2.0), 0, 1.0),
    (lambda: schedkit.polynomial(base_lr=1.0, end_lr=0.0, total_steps=_B, power=2.0), _B // 10, 0.81),
    (lambda: schedkit.polynomial(base_lr=1.0, end_lr=0.0, total_steps=_B, power=2.0), _B - 1, 0.0),
    (lambda: schedkit.one_cycle(max_lr=1.0, total_steps=_B, pct_start=0.25, initial_div=4.0, final_div=8.0), _B // 4, 1.0),
    (lambda: schedkit.one_cycle(max_lr=1.0, total_steps=_B, pct_start=0.25, initial_div=4.0, final_div=8.0), _B, 0.125),
    (lambda: schedkit.exponential_decay(base_lr=1.0, decay_rate=0.5, decay_steps=_B), _B, 0.5),
    (lambda: schedkit.step_decay(base_lr=1.0, gamma=1e308, step_size=_B), _B - 1, 1.0),
    (lambda: schedkit.step_decay(base_lr=1.0, gamma=1e308, step_size=_B), _B, 1e308),
    # Near the end of a count past 2**52, s / T rounds to 1: measured from the end.
    (lambda: schedkit.polynomial(base_lr=-870562.0258366746, end_lr=0.0, total_steps=2**63, power=6e-161), 2**63 - 2, -870562.0258366746),
    # A clip holds its bound where the value it bounds leaves the float range.
    (lambda: schedkit.clip(schedkit.exponential(base_lr=1.0, gamma=2.0), max_value=10.0), _B, 10.0),
    (lambda: schedkit.clip(schedkit.exponential(base_lr=-1.0, gamma=2.0), min_value=-10.0), 5000, -10.0),
    (lambda: schedkit.clip(schedkit.scale(schedkit.exponential(base_lr=1.0, gamma=2.0), factor=-1.0), min_value=-3.0), 5000, -3.0),
    (lambda: schedkit.clip(compat.torch.cyclic_lr(base_lr=0.1, max_lr=1.0, step_size_up=2, mode="exp_range", gamma=2.0), max_value=5.0), 10**6, 5.0),
    (lambda: schedkit.clip(compat.optax.exponential_decay(init_value=1.0, transition_steps=1, decay_rate=2.0), max_value=5.0), 10**6, 5.0),
    # A decay past any power a float holds is its limit, stepped or not, and returns.
    (lambda: schedkit.step_decay(base_lr=0.1, gamma=0.1, step_size=30), _B, 0.0),
    (lambda: schedkit.exponential(base_lr=0.5, gamma=0.0), _B, 0.0),
    (lambda: compat.torch.exponential_lr(base_lr=1.0, gamma=0.5), _B, 0.0),
    # A growth from a base below 1: the product is finite where the power alone is not.
    (lambda: compat.torch.exponential_lr(base_lr=1e-300, gamma=2.0), 1500, 1e-300 * 2.0**1000 * 2.0**500),
    # Zero times a huge but finite value is zero.
    (lambda: schedkit.scale(schedkit.exponential(base_lr=1.0, gamma=2.0), factor=0.0), _B, 0.0),
    (lambda: schedkit.product(schedkit.constant(lr=0.0), schedkit.exponential(base_lr=1.0, gamma=2.0)), 5000, 0.0),
    (lambda: schedkit.product(schedkit.constant(lr=1e300), schedkit.constant(lr=1e-300), schedkit.linear(base_lr=1.0, end_lr=0.0, total_steps=2)), 2, 0.0),
]  # fmt: skip


@pytest.mark.parametrize(("make", "step", "value"), VALUES)
def test_values_at_the_edges(make: Any, step: int, value: float) -> None:
    assert make()(step) == value


ERRORS: list[tuple[Any, type[Exception], str, tuple[str, ...]]] = [
    # (call, error, message, the parameters it names)
    # Products that leave the float range at every step are refused when built.
    (lambda: schedkit.scale(schedkit.constant(lr=1e308), factor=10.0), ScheduleError,
     r"scale: factor \* schedule must stay within the float range at every step, got factor=10.0, schedule=constant\(lr=1e\+308\)",
     ("factor", "schedule")),
    (lambda: schedkit.product(schedkit.constant(lr=1e308), schedkit.constant(lr=1e308)), ScheduleError,
     r"product: the product of the schedules must stay within the float range at every step",
     ("schedules",)),
    (lambda: schedkit.scale_by_group(schedkit.constant(lr=10.0), multipliers={"a": 1e308}), ScheduleError,
     r"scale_by_group: multipliers \* schedule must stay within the float range at every step, got multipliers=\{'a': 1e\+308\}",
     ("multipliers", "schedule")),
    # A growing schedule scaled past the float range at its first step.
    (lambda: schedkit.scale(schedkit.exponential(base_lr=1e300, gamma=2.0), factor=1e10), ScheduleError,
     r"scale: factor \* schedule must be a finite number at step 0, got factor=10000000000.0",
     ("factor", "schedule")),
    # A growing phase cut off after it has left the float range.
    (lambda: schedkit.sequential([(2000, schedkit.exponential(base_lr=1.0, gamma=2.0)), (10, schedkit.constant(lr=1.0))]), ScheduleError,
     r"sequential: phases\[0\] must have a finite value through its duration",
     ("phases[0]",)),
    # Integers Python cannot write as text.
    (lambda: schedkit.cosine(base_lr=1.0, min_lr=0.0, total_steps=10**5000), ScheduleError,
     r"cosine: total_steps must be an integer of at most 4000 digits, got total_steps=<an integer of about 5001 digits>$",
     ("total_steps",)),
    (lambda: schedkit.multi_step(base_lr=1.0, milestones=[1, 10**5000], gamma=0.5), ScheduleError,
     r"multi_step: milestones\[1\] must be an integer of at most 4000 digits",
     ("milestones[1]",)),
    (lambda: schedkit.multi_step(base_lr=1.0, milestones=[1, 2], gamma=1e308), ScheduleError,
     r"multi_step: base_lr \* gamma \*\* len\(milestones\) must be a finite number",
     ("base_lr", "gamma", "milestones")),
]  # fmt: skip


@pytest.mark.parametrize(("make", "error", "message", "params"), ERRORS)
def test_errors_at_the_edges(
    make: Any, error: type[Exception], message: str, params: tuple[str, ...]
) -> None:
    with pytest.raises(error, match=f"^{message}") as info:
        make()
    assert info.value.params == params  # type: ignore[attr-defined]


def test_a_growing_schedule_overflows_naming_the_step_and_its_last_finite_one() -> None:
    schedule = schedkit.step_decay(base_lr=1.0, gamma=1e308, step_size=_B)
    with pytest.raises(ScheduleError, match=r"step_decay: the value overflows a float at step=2"):
        schedule(2 * _B)
