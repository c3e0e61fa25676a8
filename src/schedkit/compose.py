"""Combinators that build a schedule from schedules: warmup, sequencing and sampling.

A composite is a Schedule like any other: it has a repr that nests its children's,
it compares, hashes and pickles by value, and it checks a step once, at the
outermost call.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping

from . import _validate as check
from ._registry import Steps, choices, options, register
from ._schedule import FrozenMapping, GroupSchedule, Schedule, overflow
from ._shapes import MOVES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal, SupportsIndex

__all__ = [
    "clip",
    "per_epoch",
    "product",
    "sample",
    "scale",
    "scale_by_group",
    "sequential",
    "with_warmup",
]


def _length_after(offset: int, schedule: Schedule) -> int | None:
    return None if schedule.length is None else offset + schedule.length


class _Warmup(Schedule):
    __slots__ = ("_inner", "_move", "_start", "_target", "_warmup")

    def __init__(self, params: dict[str, Any]) -> None:
        schedule: Schedule = params["schedule"]
        warmup: int = params["warmup_steps"]
        super().__init__(with_warmup, params, _length_after(warmup, schedule), positional=1)
        self._inner = schedule
        self._warmup = warmup
        self._start: float = params["start_lr"]
        self._target = schedule._at(0)
        self._move = MOVES[params["shape"]]

    def __call__(self, step: SupportsIndex) -> float:
        if type(step) is not int or step < 0:
            step = check.step(self.name, step)
        if step < self._warmup:
            return self._move(self._start, self._target, step, self._warmup)
        return self._inner._at(step - self._warmup)

    _at = __call__


if TYPE_CHECKING:
    WarmupShape = Literal["linear", "cosine", "exponential"]
else:
    WarmupShape = choices("linear", "cosine", "exponential")


@register
def with_warmup(
    schedule: Schedule, *, warmup_steps: Steps, start_lr: float, shape: WarmupShape = "linear"
) -> Schedule:
    """Put a warmup from *start_lr* in front of *schedule*.

    With W = warmup_steps, a = start_lr and f the wrapped schedule::

        value(s) = a + (f(0) - a) * s / W    if s < W
                   f(s - W)                  if s >= W

    That is the default, ``shape="linear"``. With ``"cosine"`` the ramp eases in and
    out, ``a + (f(0) - a) * (1 - cos(pi * s / W)) / 2``; with ``"exponential"`` it is
    geometric, ``a * (f(0) / a) ** (s / W)``, a straight line on a log scale (both
    ends must then be positive).

    The warmup ends where the wrapped schedule starts, so the curve is continuous:
    the value at step W is f(0) exactly. The wrapped schedule's steps are counted
    from the end of the warmup, so the whole run lasts W plus the wrapped
    schedule's length (its :attr:`~schedkit.Schedule.length`).

    Args:
        schedule: the schedule that follows the warmup.
        warmup_steps: the length of the warmup, at least 1.
        start_lr: the value at step 0.
        shape: ``"linear"`` (the default), ``"cosine"`` or ``"exponential"``.

    Examples:
        >>> from schedkit import cosine
        >>> schedule = with_warmup(
        ...     cosine(base_lr=1.0, min_lr=0.0, total_steps=100), warmup_steps=10, start_lr=0.0
        ... )
        >>> schedule(0), schedule(5), schedule(10), schedule(110), schedule.length
        (0.0, 0.5, 1.0, 0.0, 110)
        >>> eased = with_warmup(
        ...     cosine(base_lr=1.0, min_lr=0.0, total_steps=100), warmup_steps=4,
        ...     start_lr=0.01, shape="exponential",
        ... )
        >>> eased(0), eased(2), eased(4)
        (0.01, 0.1, 1.0)

    References:
        Goyal et al., Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour, 2017,
        https://arxiv.org/abs/1706.02677
    """
    name = "with_warmup"
    schedule = check.schedule(name, "schedule", schedule)
    start = check.real(name, "start_lr", start_lr)
    params = {
        "schedule": schedule,
        "warmup_steps": check.positive_integer(name, "warmup_steps", warmup_steps),
        "start_lr": start,
        "shape": check.choice(name, "shape", shape, options(WarmupShape)),
    }
    ends = (start, schedule._at(0))
    check.move_ends(name, ("start_lr", "schedule(0)"), ends, geometric=shape == "exponential")
    return _Warmup(params)


class _Sequential(Schedule):
    __slots__ = ("_end", "_final", "_parts", "_starts")

    def __init__(self, phases: tuple[tuple[int, Schedule], ...]) -> None:
        starts = []
        end = 0
        for duration, _ in phases:
            starts.append(end)
            end += duration
        super().__init__(sequential, {"phases": phases}, end, positional=1)
        self._starts = tuple(starts)
        self._parts = tuple(schedule for _, schedule in phases)
        self._end = end
        last_duration, last = phases[-1]
        try:
            self._final = last._at(last_duration)
        except check.ScheduleError:
            raise check.ScheduleError(
                f"sequential: the last phase must have a finite value at its end, got "
                f"phases[-1]={phases[-1]!r}, whose value overflows a float at step {last_duration}"
            ) from None

    def __call__(self, step: SupportsIndex) -> float:
        if type(step) is not int or step < 0:
            step = check.step(self.name, step)
        if step >= self._end:
            return self._final
        index = bisect_right(self._starts, step) - 1
        return self._parts[index]._at(step - self._starts[index])

    _at = __call__


@register
def sequential(phases: Iterable[tuple[Steps, Schedule]]) -> Schedule:
    """Run schedules one after another, each for a given number of steps.

    *phases* is a sequence of ``(duration, schedule)`` pairs. Phase i covers the steps
    from ``S_i = d_0 + ... + d_{i-1}`` up to ``S_i + d_i`` (excluded) and sees its own
    local step, counted from 0 at ``S_i``. With D = the sum of the durations and
    (d, f) the last phase::

        value(s) = f_i(s - S_i)    if S_i <= s < S_i + d_i
                   f(d)            if s >= D

    So the boundary step belongs to the next phase, at its step 0 (as in PyTorch's
    ``SequentialLR`` and optax's ``join_schedules``), and past the end the last phase
    is held at its own step d: a last phase of ``cosine(..., total_steps=d)`` ends on
    its *min_lr*. The phase of a step is found by bisection.

    Args:
        phases: one or more ``(duration, schedule)`` pairs, each duration at least 1.

    Examples:
        >>> from schedkit import constant, linear
        >>> schedule = sequential([
        ...     (10, constant(lr=0.5)),
        ...     (20, linear(base_lr=1.0, end_lr=0.0, total_steps=20)),
        ... ])
        >>> schedule(9), schedule(10), schedule(20), schedule(30), schedule.length
        (0.5, 1.0, 0.5, 0.0, 30)
    """
    name = "sequential"
    if isinstance(phases, (str, bytes)) or not isinstance(phases, Iterable):
        raise TypeError(
            f"{name}: phases must be a sequence of (duration, schedule) pairs, "
            f"got phases={check.show(phases)} ({check.kind(phases)})"
        )
    checked = []
    for index, phase in enumerate(phases):
        label = f"phases[{index}]"
        if not isinstance(phase, (tuple, list)) or len(phase) != 2:
            raise TypeError(
                f"{name}: {label} must be a (duration, schedule) pair, "
                f"got {label}={check.show(phase)} ({check.kind(phase)})"
            )
        duration, schedule = phase
        checked.append(
            (
                check.positive_integer(name, f"{label}[0]", duration),
                check.schedule(name, f"{label}[1]", schedule),
            )
        )
    if not checked:
        raise check.ScheduleError(f"{name}: phases must hold at least one phase, got phases=[]")
    return _Sequential(tuple(checked))


class _Scale(Schedule):
    __slots__ = ("_factor", "_inner")

    def __init__(self, params: dict[str, Any]) -> None:
        inner: Schedule = params["schedule"]
        super().__init__(scale, params, inner.length, positional=1)
        self._inner = inner
        self._factor: float = params["factor"]

    def _at(self, step: int) -> float:
        value = self._factor * self._inner._at(step)
        if value * 0.0 != 0.0:  # inf: a growing schedule scaled past the float range
            raise overflow(self, step)
        return value


@register
def scale(schedule: Schedule, *, factor: float) -> Schedule:
    """Multiply a schedule's value by a constant *factor*.

    ::

        value(s) = factor * f(s)

    Args:
        schedule: the schedule to scale.
        factor: any finite number.

    Examples:
        >>> from schedkit import linear
        >>> schedule = scale(linear(base_lr=1.0, end_lr=0.0, total_steps=4), factor=0.5)
        >>> schedule(0), schedule(2), schedule(4), schedule(100)
        (0.5, 0.25, 0.0, 0.0)
    """
    name = "scale"
    params = {
        "schedule": check.schedule(name, "schedule", schedule),
        "factor": check.real(name, "factor", factor),
    }
    return _Scale(params)


class _Product(Schedule):
    __slots__ = ("_parts",)

    def __init__(self, schedules: tuple[Schedule, ...]) -> None:
        lengths = [schedule.length for schedule in schedules]
        length = None if None in lengths else max(lengths)  # type: ignore[type-var]
        super().__init__(product, {"schedules": schedules}, length, positional=1, star=True)
        self._parts = schedules

    def _at(self, step: int) -> float:
        value = 1.0
        for part in self._parts:
            value *= part._at(step)
        if value * 0.0 != 0.0:  # inf, or inf times 0: past the float range
            raise overflow(self, step)
        return value


@register
def product(*schedules: Schedule) -> Schedule:
    """Multiply schedules pointwise: a base value times unit multipliers.

    ::

        value(s) = f_1(s) * f_2(s) * ... * f_n(s)

    This is what PyTorch's ``ChainedScheduler`` computes over multiplicative
    schedulers, here without their order dependence: a base schedule times, for
    example, a warmup factor rising from 0 to 1 and a step decay. A product ends
    where its last finite factor ends, and has no end if any factor has none.

    Args:
        schedules: one or more schedules.

    Examples:
        >>> from schedkit import cosine, linear, step_decay
        >>> schedule = product(
        ...     step_decay(base_lr=1.0, gamma=0.5, step_size=10),
        ...     linear(base_lr=0.0, end_lr=1.0, total_steps=4),
        ... )
        >>> schedule(0), schedule(2), schedule(4), schedule(10), schedule(20)
        (0.0, 0.5, 1.0, 0.5, 0.25)
    """
    name = "product"
    if not schedules:
        raise TypeError(f"{name}: expected at least one schedule, got none")
    checked = tuple(
        check.schedule(name, f"schedules[{index}]", schedule)
        for index, schedule in enumerate(schedules)
    )
    return _Product(checked)


class _Clip(Schedule):
    __slots__ = ("_high", "_inner", "_low")

    def __init__(self, params: dict[str, Any]) -> None:
        inner: Schedule = params["schedule"]
        super().__init__(clip, params, inner.length, positional=1)
        self._inner = inner
        low, high = params["min_value"], params["max_value"]
        self._low: float = -math.inf if low is None else low
        self._high: float = math.inf if high is None else high

    def _at(self, step: int) -> float:
        value = self._inner._at(step)
        if value < self._low:
            return self._low
        if value > self._high:
            return self._high
        return value


@register
def clip(
    schedule: Schedule, *, min_value: float | None = None, max_value: float | None = None
) -> Schedule:
    """Keep a schedule's value within bounds.

    With lo = min_value and hi = max_value (a missing bound does not apply)::

        value(s) = lo      if f(s) < lo
                   hi      if f(s) > hi
                   f(s)    otherwise

    Args:
        schedule: the schedule to bound.
        min_value: the lowest value allowed, or None.
        max_value: the highest value allowed, or None; at least *min_value*. At
            least one of the two bounds must be given.

    Examples:
        >>> from schedkit import inverse_sqrt
        >>> schedule = clip(inverse_sqrt(base_lr=1.0, warmup_steps=100), min_value=0.1)
        >>> schedule(0), schedule(100), schedule(400), schedule(10**6)
        (0.1, 1.0, 0.5, 0.1)
    """
    name = "clip"
    schedule = check.schedule(name, "schedule", schedule)
    low = None if min_value is None else check.real(name, "min_value", min_value)
    high = None if max_value is None else check.real(name, "max_value", max_value)
    if low is None and high is None:
        raise TypeError(f"{name}: expected min_value, max_value or both, got neither")
    if low is not None and high is not None and low > high:
        raise check.ScheduleError(
            f"{name}: min_value must be at most max_value, got min_value={low!r}, "
            f"max_value={high!r}"
        )
    return _Clip({"schedule": schedule, "min_value": low, "max_value": high})


class _PerEpoch(Schedule):
    __slots__ = ("_inner", "_per")

    def __init__(self, params: dict[str, Any]) -> None:
        inner: Schedule = params["schedule"]
        per: int = params["steps_per_epoch"]
        length = None if inner.length is None else inner.length * per
        super().__init__(per_epoch, params, length, positional=1)
        self._inner = inner
        self._per = per

    def _at(self, step: int) -> float:
        return self._inner._at(step // self._per)


@register
def per_epoch(schedule: Schedule, *, steps_per_epoch: Steps) -> Schedule:
    """Run a schedule that counts epochs in a loop that counts steps.

    With n = steps_per_epoch::

        value(s) = f(floor(s / n))

    The value changes only at epoch boundaries, so an epoch-based recipe (a
    ``step_decay`` every 30 epochs, a cosine over 90 epochs) runs unchanged in a
    step-based loop. The length is n times the wrapped schedule's length.

    Args:
        schedule: a schedule whose steps are epochs.
        steps_per_epoch: the number of steps in an epoch, at least 1.

    Examples:
        >>> from schedkit import cosine
        >>> schedule = per_epoch(
        ...     cosine(base_lr=1.0, min_lr=0.0, total_steps=2), steps_per_epoch=100
        ... )
        >>> schedule(0), schedule(99), schedule(100), schedule(200), schedule.length
        (1.0, 1.0, 0.5, 0.0, 200)
    """
    name = "per_epoch"
    params = {
        "schedule": check.schedule(name, "schedule", schedule),
        "steps_per_epoch": check.positive_integer(name, "steps_per_epoch", steps_per_epoch),
    }
    return _PerEpoch(params)


class _ScaleByGroup(GroupSchedule):
    __slots__ = ("_groups", "_inner", "_largest")

    def __init__(self, params: dict[str, Any]) -> None:
        inner: Schedule = params["schedule"]
        super().__init__(scale_by_group, params, inner.length, positional=1)
        self._inner = inner
        self._groups = tuple(params["multipliers"].items())
        self._largest = max(multiplier for _, multiplier in self._groups)

    def _at(self, step: int) -> dict[str, float]:
        base = self._inner._at(step)
        if base * self._largest * 0.0 != 0.0:  # inf: a multiplier took it past the range
            raise overflow(self, step)
        return {group: base * multiplier for group, multiplier in self._groups}


def scale_by_group(schedule: Schedule, *, multipliers: Mapping[str, float]) -> GroupSchedule:
    """Give each named parameter group its own multiple of one schedule.

    ::

        value(s)[g] = multipliers[g] * f(s)    for every group g

    For discriminative or layer-wise learning rates: one schedule shapes the run,
    and each group (a backbone, a head, a layer) runs at its own scale of it.
    Calling the result returns a new dict of group name to value. It is immutable
    and has a repr, equality and pickling like a schedule.

    Args:
        schedule: the base schedule.
        multipliers: group name to a positive, finite multiplier; at least one group.

    Examples:
        >>> from schedkit import cosine
        >>> groups = scale_by_group(
        ...     cosine(base_lr=1.0, min_lr=0.0, total_steps=100),
        ...     multipliers={"backbone": 0.1, "head": 1.0},
        ... )
        >>> groups(0)
        {'backbone': 0.1, 'head': 1.0}
        >>> groups(100)
        {'backbone': 0.0, 'head': 0.0}
    """
    name = "scale_by_group"
    schedule = check.schedule(name, "schedule", schedule)
    checked = check.numbers_by_name(name, "multipliers", multipliers, "group name", check.positive)
    if not checked:
        raise check.ScheduleError(
            f"{name}: multipliers must name at least one group, got multipliers={{}}"
        )
    return _ScaleByGroup({"schedule": schedule, "multipliers": FrozenMapping(checked)})


def sample(schedule: Schedule, *, num_steps: int) -> list[float]:
    """Return the values of *schedule* at steps 0, 1, ..., num_steps - 1.

    Handy for plotting a curve or comparing two schedules. To include a finite
    schedule's end value, ask for ``schedule.length + 1`` steps.

    Args:
        schedule: the schedule to evaluate.
        num_steps: how many steps, at least 1.

    Examples:
        >>> from schedkit import linear
        >>> sample(linear(base_lr=1.0, end_lr=0.0, total_steps=4), num_steps=6)
        [1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    """
    name = "sample"
    at = check.schedule(name, "schedule", schedule)._at
    return [at(step) for step in range(check.positive_integer(name, "num_steps", num_steps))]
