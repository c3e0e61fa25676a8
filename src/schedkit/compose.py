"""Combinators that build a schedule from schedules: warmup, sequencing and sampling.

A composite is a Schedule like any other: it has a repr that nests its children's,
it compares, hashes and pickles by value, and it checks a step once, at the
outermost call.

Joining schedules in time
-------------------------

==================  ==========================================================
Function            Description
==================  ==========================================================
with_warmup         A warmup from start_lr into a schedule's first value.
sequential          Schedules one after another, each from its own step 0.
==================  ==========================================================

Changing the value
------------------

==================  ==========================================================
Function            Description
==================  ==========================================================
scale               A schedule times a constant factor.
product             Schedules multiplied pointwise.
clip                A schedule kept within bounds.
==================  ==========================================================

Changing the step or the groups
-------------------------------

==================  ==========================================================
Function            Description
==================  ==========================================================
per_epoch           A schedule counted in epochs, run in a loop of steps.
scale_by_group      One schedule, a multiple of it for each parameter group.
==================  ==========================================================

Evaluating
----------

==================  ==========================================================
Function            Description
==================  ==========================================================
sample              The values at steps 0 to num_steps - 1.
==================  ==========================================================
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping

from . import _validate as check
from ._marks import Steps, choices, options
from ._registry import register
from ._schedule import (
    FrozenMapping,
    GroupSchedule,
    OverflowingValueError,
    Run,
    Schedule,
    overflow,
    sampled,
    schedule_argument,
)
from ._shapes import ARRAY_MOVES, MOVES, Move

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Literal

    from ._array import Arrays

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


# === Products, checked when built ===


def _magnitude_of_product(bounds: Iterable[float]) -> float:
    """Return the product of the magnitudes *bounds*: 0 if one is 0, even beside inf."""
    magnitudes = list(bounds)
    return 0.0 if 0.0 in magnitudes else math.prod(magnitudes)


def _magnitude_at_zero(factor: float | Schedule) -> float:
    if not isinstance(factor, Schedule):
        return abs(factor)
    try:
        return abs(factor._at(0))
    except check.ScheduleError:  # it overflows there already
        return math.inf


def _check_product(
    expression: str, factors: Iterable[float | Schedule], given: str, related: tuple[str, ...]
) -> None:
    """Refuse a product of constants and schedules that leaves the float range.

    Where every factor is bounded, the product of their bounds must be finite: a value
    past it would be refused at some step of every run. Where one grows without bound,
    only a later step can overflow, and the error names that step; the product must
    still be finite at step 0.
    """
    parts = list(factors)
    bounds = [
        _magnitude_at_zero(part) if not isinstance(part, Schedule) else part._bound()
        for part in parts
    ]
    if math.isfinite(_magnitude_of_product(bounds)):
        return
    if all(math.isfinite(bound) for bound in bounds):
        raise check.ScheduleError(
            f"{expression} must stay within the float range at every step, got {given}, "
            f"whose largest magnitudes multiply past it",
            related=related,
        )
    if not math.isfinite(_magnitude_of_product(_magnitude_at_zero(part) for part in parts)):
        raise check.ScheduleError(
            f"{expression} must be a finite number at step 0, got {given}", related=related
        )


def _finite_at(schedule: Schedule, step: int) -> bool:
    try:
        return math.isfinite(schedule._at(step))
    except OverflowingValueError:
        return False


# === Joining schedules in time ===


def _length_after(offset: int, schedule: Schedule) -> int | None:
    return None if schedule.length is None else offset + schedule.length


class _Warmup(Schedule):
    __slots__ = {
        "_inner": "The schedule that runs after the warmup, from its own step 0.",
        "_move": "The warmup's move, from the shape.",
        "_start": "start_lr.",
        "_target": "The inner schedule's value at its step 0, where the warmup ends.",
        "_warmup": "warmup_steps.",
    }

    def __init__(
        self,
        params: dict[str, Any],
        schedule: Schedule,
        *,
        warmup_steps: int,
        start_lr: float,
        target: float,
        move: Move,
    ) -> None:
        length = _length_after(warmup_steps, schedule)
        super().__init__(with_warmup, params, length, positional=1)
        self._inner = schedule
        self._warmup = warmup_steps
        self._start = start_lr
        self._target = target
        self._move = move

    def __call__(self, step: Any) -> Any:  # Schedule.__call__, written out for speed
        if type(step) is not int or step < 0:
            return self._other(step)
        if step < self._warmup:
            return self._move(self._start, self._target, step, self._warmup)
        try:
            return self._inner._at(step - self._warmup)
        except OverflowingValueError as error:  # named at the step the caller gave
            raise overflow(self, step, sign=error.sign) from None

    _at = __call__

    def _ramp(self, ops: Arrays, offsets: Any) -> Any:
        """The warmup's value at *offsets*, from 0 to warmup_steps."""
        return ARRAY_MOVES[self._move](ops, self._start, self._target, offsets, self._warmup)

    def _array(self, ops: Arrays, steps: Any) -> Any:
        warmup = self._warmup
        ramp = self._ramp(ops, ops.clamp(steps, 0, warmup))
        if warmup > ops.imax:  # no step reaches the inner schedule
            return ramp
        after = self._inner._array(ops, ops.clamp(steps, warmup, ops.imax) - warmup)
        return ops.where(ops.below(steps, warmup), ramp, after)

    def _runs(self, first: int, stop: int) -> Iterator[Run]:
        warmup = self._warmup
        if first < warmup:
            yield self._ramp, range(first, min(stop, warmup))
        if stop > warmup:
            yield from self._inner._runs(max(first, warmup) - warmup, stop - warmup)

    def _bound(self) -> float:
        return max(abs(self._start), abs(self._target), self._inner._bound())


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
    schedule = schedule_argument("schedule", schedule)
    start = check.real("start_lr", start_lr)
    steps = check.positive_integer("warmup_steps", warmup_steps)
    shape = check.choice("shape", shape, options(WarmupShape))
    target = schedule._at(0)
    # The far end is derived, so the message names it as the user would compute it.
    check.move_ends(
        ("start_lr", "schedule(0)"),
        (start, target),
        geometric=shape == "exponential",
        related=("start_lr", "schedule"),
    )
    params = {"schedule": schedule, "warmup_steps": steps, "start_lr": start, "shape": shape}
    return _Warmup(
        params, schedule, warmup_steps=steps, start_lr=start, target=target, move=MOVES[shape]
    )


class _Sequential(Schedule):
    __slots__ = {
        "_end": "The step at which the last phase ends.",
        "_final": "The last phase's value at its end, held from the end step on.",
        "_parts": "The phases' schedules.",
        "_starts": "The step at which each phase begins.",
    }

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
        for index, (duration, part) in enumerate(phases[:-1]):
            # A growing phase is largest at its last step: finite there, finite in its run.
            if duration and part._bound() == math.inf and not _finite_at(part, duration - 1):
                raise check.ScheduleError(
                    f"phases[{index}] must have a finite value through its duration, got "
                    f"phases[{index}]={check.show(phases[index])}, whose value overflows a "
                    f"float before step {duration}",
                    f"phases[{index}]",
                )
        try:
            self._final = last._at(last_duration)
        except check.ScheduleError:
            raise check.ScheduleError(
                f"the last phase must have a finite value at its end, got "
                f"phases[-1]={phases[-1]!r}, whose value overflows a float at step {last_duration}",
                f"phases[{len(phases) - 1}]",
            ) from None

    def __call__(self, step: Any) -> Any:  # Schedule.__call__, written out for speed
        if type(step) is not int or step < 0:
            return self._other(step)
        if step >= self._end:
            return self._final
        index = bisect_right(self._starts, step) - 1
        try:
            return self._parts[index]._at(step - self._starts[index])
        except OverflowingValueError as error:  # named at the step the caller gave
            raise overflow(self, step, sign=error.sign) from None

    _at = __call__

    def _runs(self, first: int, stop: int) -> Iterator[Run]:
        bounds = (*self._starts, self._end)
        for start, end, part in zip(bounds, bounds[1:], self._parts, strict=False):
            low, high = max(first, start), min(stop, end)
            if low < high:
                yield from part._runs(low - start, high - start)
        if stop > self._end:
            final = self._final
            yield (lambda ops, steps: final), range(max(first, self._end), stop)

    def _array(self, ops: Arrays, steps: Any) -> Any:
        pairs = []
        ends = (*self._starts[1:], self._end)
        for first, end, part in zip(self._starts, ends, self._parts, strict=True):
            if first > ops.imax:
                break  # no step reaches this phase or any after it
            # Held within the phase, where a growing phase is known to be finite, so
            # that the steps of other phases cannot overflow it.
            local = ops.clamp(steps, first, end - 1)
            if first:
                local = local - first
            pairs.append((ops.below(steps, end), part._array(ops, local)))
        return ops.select(pairs, self._final)

    def _bound(self) -> float:
        return max([abs(self._final), *(part._bound() for part in self._parts)])


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
            A phase that grows without bound must be finite at its last step, and the
            last phase at its end, whose value is held.

    Examples:
        >>> from schedkit import constant, linear
        >>> schedule = sequential([
        ...     (10, constant(lr=0.5)),
        ...     (20, linear(base_lr=1.0, end_lr=0.0, total_steps=20)),
        ... ])
        >>> schedule(9), schedule(10), schedule(20), schedule(30), schedule.length
        (0.5, 1.0, 0.5, 0.0, 30)
    """
    if isinstance(phases, (str, bytes)) or not isinstance(phases, Iterable):
        raise check.kind_error("phases", phases, "a sequence of (duration, schedule) pairs")
    checked = []
    for index, phase in enumerate(phases):
        label = f"phases[{index}]"
        if not isinstance(phase, (tuple, list)) or len(phase) != 2:
            raise check.kind_error(label, phase, "a (duration, schedule) pair")
        duration, schedule = phase
        checked.append(
            (
                check.positive_integer(f"{label}[0]", duration),
                schedule_argument(f"{label}[1]", schedule),
            )
        )
    if not checked:
        raise check.ScheduleError("phases must hold at least one phase, got phases=[]", "phases")
    return _Sequential(tuple(checked))


# === Changing the value ===


class _Scale(Schedule):
    __slots__ = {"_factor": "The constant factor.", "_inner": "The schedule scaled."}

    def __init__(self, params: dict[str, Any], schedule: Schedule, factor: float) -> None:
        super().__init__(scale, params, schedule.length, positional=1)
        self._inner = schedule
        self._factor = factor

    def _at(self, step: int) -> float:
        try:
            value = self._factor * self._inner._at(step)
        except OverflowingValueError as error:
            if self._factor == 0.0:  # 0 times a huge but finite number
                return 0.0
            raise overflow(self, step, sign=error.sign * math.copysign(1.0, self._factor)) from None
        if value * 0.0 != 0.0:  # inf: a growing schedule scaled past the float range
            raise overflow(self, step, sign=math.copysign(1.0, value))
        return value

    def _array(self, ops: Arrays, steps: Any) -> Any:
        # Where the schedule overflows, a factor of 0 gives 0 and any other factor
        # carries the overflow with its sign (inf times the factor, nan stays nan).
        inner = self._inner._array(ops, steps)
        scaled = self._factor * inner
        if self._factor != 0.0:
            return scaled
        if isinstance(inner, float):
            return scaled if math.isfinite(inner) else 0.0
        return ops.where(ops.isfinite(inner), scaled, 0.0)

    def _bound(self) -> float:
        return _magnitude_of_product((abs(self._factor), self._inner._bound()))


@register
def scale(schedule: Schedule, *, factor: float) -> Schedule:
    """Multiply a schedule's value by a constant *factor*.

    ::

        value(s) = factor * f(s)

    Args:
        schedule: the schedule to scale.
        factor: any finite number. Times the schedule's largest magnitude it must stay
            within the float range (for a schedule that grows without bound, at step 0;
            a later step where the value overflows raises naming it).

    Examples:
        >>> from schedkit import linear
        >>> schedule = scale(linear(base_lr=1.0, end_lr=0.0, total_steps=4), factor=0.5)
        >>> schedule(0), schedule(2), schedule(4), schedule(100)
        (0.5, 0.25, 0.0, 0.0)
    """
    schedule = schedule_argument("schedule", schedule)
    factor = check.real("factor", factor)
    _check_product(
        "factor * schedule",
        (factor, schedule),
        f"factor={factor!r}, schedule={check.show(schedule)}",
        ("factor", "schedule"),
    )
    return _Scale({"schedule": schedule, "factor": factor}, schedule, factor)


class _Product(Schedule):
    __slots__ = {"_parts": "The schedules multiplied."}

    def __init__(self, schedules: tuple[Schedule, ...]) -> None:
        lengths = [schedule.length for schedule in schedules]
        length = None if None in lengths else max(lengths)  # type: ignore[type-var]
        super().__init__(product, {"schedules": schedules}, length, positional=1, star=True)
        self._parts = schedules

    def _at(self, step: int) -> float:
        value = 1.0
        try:
            for part in self._parts:
                value *= part._at(step)
        except OverflowingValueError:
            return self._past_the_range(step)
        if value * 0.0 != 0.0:  # inf, or inf times 0: past the float range, or 0
            return self._past_the_range(step)
        return value

    def _past_the_range(self, step: int) -> float:
        """Return 0 where a factor is 0 (times huge but finite numbers), else raise
        the overflow with the sign of the product."""
        sign = 1.0
        for part in self._parts:
            try:
                value = part._at(step)
            except OverflowingValueError as error:
                sign *= error.sign
                continue
            if value == 0.0:
                return 0.0
            sign *= math.copysign(1.0, value)
        raise overflow(self, step, sign=sign)

    def _array(self, ops: Arrays, steps: Any) -> Any:
        values = [part._array(ops, steps) for part in self._parts]
        # 1.0 * x is x to the bit, so the scalar path's first product is left out.
        value = values[0]
        for part in values[1:]:
            value = value * part
        # Past the range, a factor of 0 gives 0. Otherwise the overflow's sign is the
        # product of the factors' signs: each factor times inf is inf of its sign (nan
        # for an overflow of unknown sign, which stays nan), so their product cannot
        # lose the sign to an underflow on the way, as the value's own product can.
        past = values[0] * math.inf
        for part in values[1:]:
            past = past * (part * math.inf)
        varying = [part for part in values if not isinstance(part, float)]
        constant_zero = any(part == 0.0 for part in values if isinstance(part, float))
        if not varying:
            return value if math.isfinite(value) else 0.0 if constant_zero else past
        if constant_zero:
            return ops.where(ops.isfinite(value), value, 0.0)
        zero = varying[0] == 0.0
        for part in varying[1:]:
            zero = zero | (part == 0.0)
        return ops.where(ops.isfinite(value), value, ops.where(zero, 0.0, past))

    def _bound(self) -> float:
        return _magnitude_of_product([part._bound() for part in self._parts])


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
        schedules: one or more schedules. The product of their largest magnitudes must
            stay within the float range (where one grows without bound, the product at
            step 0; a later step where the value overflows raises naming it).

    Examples:
        >>> from schedkit import cosine, linear, step_decay
        >>> schedule = product(
        ...     step_decay(base_lr=1.0, gamma=0.5, step_size=10),
        ...     linear(base_lr=0.0, end_lr=1.0, total_steps=4),
        ... )
        >>> schedule(0), schedule(2), schedule(4), schedule(10), schedule(20)
        (0.0, 0.5, 1.0, 0.5, 0.25)
    """
    if not schedules:
        raise check.ScheduleTypeError("expected at least one schedule, got none", "schedules")
    checked = tuple(
        schedule_argument(f"schedules[{index}]", schedule)
        for index, schedule in enumerate(schedules)
    )
    _check_product(
        "the product of the schedules", checked, f"schedules={check.show(checked)}", ("schedules",)
    )
    return _Product(checked)


class _Clip(Schedule):
    __slots__ = {
        "_high": "max_value, or inf for none.",
        "_inner": "The schedule bounded.",
        "_low": "min_value, or -inf for none.",
    }

    def __init__(self, params: dict[str, Any], schedule: Schedule, low: float, high: float) -> None:
        super().__init__(clip, params, schedule.length, positional=1)
        self._inner = schedule
        self._low = low
        self._high = high

    def _at(self, step: int) -> float:
        try:
            value = self._inner._at(step)
        except OverflowingValueError as error:
            # Past the float range on the side of a bound, the bound holds.
            if error.sign > 0.0 and self._high < math.inf:
                return self._high
            if error.sign < 0.0 and self._low > -math.inf:
                return self._low
            raise
        if value < self._low:
            return self._low
        if value > self._high:
            return self._high
        return value

    def _array(self, ops: Arrays, steps: Any) -> Any:
        # An overflow is inf of its sign, which the bound on its side holds, or nan
        # (of unknown sign), which no comparison holds: it stays, and raises, as on
        # the scalar path.
        value = self._inner._array(ops, steps)
        low, high = self._low, self._high
        if isinstance(value, float):
            return low if value < low else high if value > high else value
        if low > -math.inf:
            value = ops.where(value < low, low, value)
        if high < math.inf:
            value = ops.where(value > high, high, value)
        return value

    def _bound(self) -> float:
        low, high = abs(self._low), abs(self._high)
        if math.isfinite(low) and math.isfinite(high):
            return max(low, high)
        given = low if math.isfinite(low) else high
        return max(given, self._inner._bound())


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
    schedule = schedule_argument("schedule", schedule)
    low = None if min_value is None else check.real("min_value", min_value)
    high = None if max_value is None else check.real("max_value", max_value)
    if low is None and high is None:
        raise check.ScheduleTypeError(
            "expected min_value, max_value or both, got neither", related=("min_value", "max_value")
        )
    if low is not None and high is not None and low > high:
        raise check.ScheduleError(
            f"min_value must be at most max_value, got min_value={low!r}, max_value={high!r}",
            "min_value",
            related=("max_value",),
        )
    params = {"schedule": schedule, "min_value": low, "max_value": high}
    bounds = (-math.inf if low is None else low, math.inf if high is None else high)
    return _Clip(params, schedule, *bounds)


# === Changing the step or the groups ===


class _PerEpoch(Schedule):
    __slots__ = {"_inner": "The schedule whose steps are epochs.", "_per": "steps_per_epoch."}

    def __init__(self, params: dict[str, Any], schedule: Schedule, steps_per_epoch: int) -> None:
        length = None if schedule.length is None else schedule.length * steps_per_epoch
        super().__init__(per_epoch, params, length, positional=1)
        self._inner = schedule
        self._per = steps_per_epoch

    def _at(self, step: int) -> float:
        try:
            return self._inner._at(step // self._per)
        except OverflowingValueError as error:  # named at the step the caller gave
            raise overflow(self, step, sign=error.sign) from None

    def _array(self, ops: Arrays, steps: Any) -> Any:
        return self._inner._array(ops, ops.floor_divide(steps, self._per))

    def _bound(self) -> float:
        return self._inner._bound()


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
    schedule = schedule_argument("schedule", schedule)
    per = check.positive_integer("steps_per_epoch", steps_per_epoch)
    return _PerEpoch({"schedule": schedule, "steps_per_epoch": per}, schedule, per)


class _ScaleByGroup(GroupSchedule):
    __slots__ = {
        "_groups": "The (group name, multiplier) pairs.",
        "_inner": "The base schedule.",
        "_largest": "The largest multiplier, the first to leave the float range.",
    }

    def __init__(
        self, params: dict[str, Any], schedule: Schedule, multipliers: Mapping[str, float]
    ) -> None:
        super().__init__(scale_by_group, params, schedule.length, positional=1)
        self._inner = schedule
        self._groups = tuple(multipliers.items())
        self._largest = max(multipliers.values())

    def _at(self, step: int) -> dict[str, float]:
        try:
            base = self._inner._at(step)
        except OverflowingValueError as error:  # named at this schedule
            raise overflow(self, step, sign=error.sign) from None
        if base * self._largest * 0.0 != 0.0:  # inf: a multiplier took it past the range
            raise overflow(self, step)
        return {group: base * multiplier for group, multiplier in self._groups}

    def _array(self, ops: Arrays, steps: Any) -> dict[str, Any]:
        base = self._inner._array(ops, steps)
        largest = base * self._largest
        groups = self._groups
        if isinstance(base, float):
            if not math.isfinite(base):
                return {group: ops.full(base) for group, _ in groups}
            if not math.isfinite(largest):
                return {group: ops.full(math.nan) for group, _ in groups}
            return {group: ops.full(base * multiplier) for group, multiplier in groups}
        # Where the largest multiple overflows, so does every group, as the scalar path
        # raises for all of them at once: with the base's sign where the base itself
        # overflows, else of unknown sign (nan). Then the first step named is the same
        # whichever group is read first.
        fits = ops.isfinite(largest)
        past = ops.where(ops.isfinite(base), math.nan, base)
        return {group: ops.where(fits, base * multiplier, past) for group, multiplier in groups}


@check.signed
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
            The largest times the schedule's largest magnitude must stay within the
            float range, as for :func:`scale`.

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
    schedule = schedule_argument("schedule", schedule)
    checked = check.numbers_by_name("multipliers", multipliers, "group name", check.positive)
    if not checked:
        raise check.ScheduleError(
            "multipliers must name at least one group, got multipliers={}", "multipliers"
        )
    largest = max(checked.values())
    _check_product(
        "multipliers * schedule",
        (largest, schedule),
        f"multipliers={check.show(checked)}, schedule={check.show(schedule)}",
        ("multipliers", "schedule"),
    )
    frozen = FrozenMapping(checked)
    return _ScaleByGroup({"schedule": schedule, "multipliers": frozen}, schedule, frozen)


# === Evaluating ===


@check.signed
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
    checked = schedule_argument("schedule", schedule)
    steps = range(check.positive_integer("num_steps", num_steps))
    values: list[float] = []
    for piece in sampled(checked, steps):
        values += piece
    return values
