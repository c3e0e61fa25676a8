"""The noether framework's schedules as pure schedules.

noether computes a schedule's value from the step and the run's total
(``schedule.get_value(step, total_steps)``); here the total is a parameter,
``total_steps``, and the schedule is a function of the step alone. Each function is
a class name in snake case with the fields and defaults of the class's config,
keyword-only. Its value at steps 0 to total_steps - 1 is noether's; from there on
noether's formulas overshoot (a negative lr for a linear decay to 0, a cosine that
climbs back, a TypeError for a fractional power), or noether raises, so the value
where the schedule ends is held instead. :func:`from_config` reads a noether
schedule config. noether is never imported.

The progress schedules (linear, cosine and polynomial, increasing or decreasing)
run over steps 0 to T - 1; ``exclude_first`` starts them one step in and
``exclude_last`` stops them one step short. ``overhang_percent`` or
``overhang_steps`` stretch the total first: ``T + int(T * overhang_percent)``, where
``T * overhang_percent`` must be a finite number, as noether computes it in floats.

noether's ``int(fraction * count)`` raises past the float range; here such a count
(a stretched phase of a sequential schedule, a run of 10**400 steps) is split
exactly, so that every value at every step is a finite float.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from .. import _validate as check
from .._kinds import Constant, least_true
from .._marks import Steps
from .._registry import register, spec_of
from .._schedule import Schedule
from .._shapes import (
    cosine_array,
    cosine_move,
    cosine_move_array,
    lerp,
    lerp_array,
    linear_array,
)
from ..config import build
from ._base import ClosureSchedule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .._array import Arrays

__all__ = [
    "constant_schedule",
    "cosine_decreasing_schedule",
    "cosine_increasing_schedule",
    "custom_schedule",
    "from_config",
    "linear_decreasing_schedule",
    "linear_increasing_schedule",
    "linear_warmup_cosine_decay_schedule",
    "polynomial_decreasing_schedule",
    "polynomial_increasing_schedule",
    "sequential_percent_schedule",
    "sequential_step_schedule",
    "step_decreasing_schedule",
    "step_fixed_schedule",
    "step_interval_schedule",
]

# A template is noether's get_value(step, total_steps), for 0 <= step <= total_steps.
Template = Callable[[int, int], float]
# Its array form: (ops, steps, total_steps) to the values at an array of steps, for a
# Python int total (see schedkit._array).
ArrayTemplate = Callable[["Arrays", Any, int], Any]

# Past this many powers of a stepped schedule's factor, the power is taken at each
# step instead of looked up (unless it has reached 0 by then).
_POWERS = 4096


def _rounds_up() -> float:
    # The least float above 1 - 5e-11: a fractional part at least this rounds up to the
    # next integer at 10 digits, as round(x, 10) rounds.
    numerator, denominator = 10**11 - 5, 10**11
    least = numerator / denominator
    top, bottom = least.as_integer_ratio()
    if top * denominator <= numerator * bottom:
        least = math.nextafter(least, 2.0)
    return least


_ROUNDS_UP = _rounds_up()


class _Bound(ClosureSchedule):
    """A noether schedule at the run's total: its template evaluated at total_steps.

    The template is kept so that a sequential schedule can run it over a phase's own
    length. Every template holds its end value past its end, where noether
    overshoots or raises, and keeps within *peak* at every total.
    """

    __slots__ = {
        "_template": "noether's get_value(step, total_steps), from the checked fields.",
        "_template_array": "The template's array form, for a sequential schedule's phase.",
    }

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        templates: tuple[Template, ArrayTemplate],
        total: int,
        length: int,
        peak: float,
    ) -> None:
        template, template_array = templates

        def at(step: int) -> float:
            return template(step, total)

        def at_array(ops: Arrays, steps: Any) -> Any:
            return template_array(ops, steps, total)

        super().__init__(factory, params, at, array=at_array, length=length, bound=peak)
        self._template = template
        self._template_array = template_array


def _share(fraction: float, count: int) -> int:
    """Return noether's ``int(fraction * count)`` for fraction, count >= 0, exact where
    that float product leaves the float range (noether raises there)."""
    try:
        return int(fraction * count)
    except OverflowError:
        numerator, denominator = fraction.as_integer_ratio()
        return count * numerator // denominator


def _moved(ops: Arrays, steps: Any, first: int, top: int) -> Any:
    """Return ``min(step + first, top)`` at each step, for first 0 or 1 and top >= first.

    The step is held first so that adding 1 cannot pass the integer type's largest
    step; where that holding moves it (at that step itself), top is past it and the
    floats the formulas take of the two are the same.
    """
    return ops.clamp(steps, 0, min(top - first, ops.imax - first)) + first


def _indices(ops: Arrays, values: Any) -> Any:
    """Return a float array of whole numbers as integers of the steps' type, to index
    a table (Arrays converts integers to floats only)."""
    if ops.library == "torch":
        return values.to(ops.steps.dtype)
    return values.astype(ops.steps.dtype)


def _index_array(ops: Arrays, progress: Any, interval: float) -> Any:
    """:func:`_index` at each progress, as floats.

    ``int(round(q, 10))`` is floor(q), plus 1 where q's fractional part rounds up to 1
    at 10 digits: where it is above 1 - 5e-11 (no float is at it). A rounding short of
    the next integer is at least 1e-10 short, more than half an ulp below 2**19, so it
    stays short as a float; from 2**19 on, the float nearest the rounding is q itself.
    """
    quotient = ops.divide(progress, interval)
    whole = ops.floor(quotient)
    return whole + ops.where(quotient - whole >= _ROUNDS_UP, 1.0, 0.0)


def _powers(times: float, count: int) -> list[float] | None:
    """Return ``times ** j`` for j from 0 to *count*, the powers a stepped schedule
    takes, or None where there are more than _POWERS of them: its values are looked up
    by the exponent, as the scalar path computes them (in float32 too).

    The list ends at the first power that underflows to 0, or at 1 for a factor of 1:
    every later power is that one. *times* ** *count* is finite (the factories check
    it), so none overflows.
    """
    if times == 1.0:
        return [1.0]
    powers = []
    for j in range(min(count, _POWERS) + 1):
        powers.append(times**j)
        if powers[-1] == 0.0:
            return powers
    return powers if count <= _POWERS else None


def _least(holds: Callable[[int], bool], low: int, high: int, guess: int) -> int:
    """Return the least n in [low, high] at which *holds*, a test that holds from some
    n on and at *high*, galloping from *guess* (a close estimate) with least_true."""
    guess = min(max(guess, low), high)
    return low + least_true(lambda offset: holds(low + offset), guess - low)


def _reach(mark: float, total: int) -> int:
    """Return the first step s with ``s / total >= mark`` (as the float division rounds),
    for 0 < mark <= 1: where a stepped schedule's progress passes *mark*."""
    numerator, denominator = mark.as_integer_ratio()
    # At this step the exact quotient is at least mark, so the rounded one is too; a
    # quotient within half an ulp below mark rounds up to it, a step or more before.
    guess = -(-(total * numerator) // denominator)
    return _least(lambda step: step / total >= mark, 0, guess, guess)


@lru_cache(maxsize=64)
def _passes(interval: float, first: int, total: int, count: int) -> tuple[int, ...]:
    """Return the first step at which a stepped schedule's exponent,
    ``_index(min(step + first, total) / total, interval)``, reaches each of 1 to *count*
    (at most the exponent at *total*)."""
    numerator, denominator = interval.as_integer_ratio()
    passes, low = [], first
    for reached in range(1, count + 1):

        def holds(done: int, reached: int = reached) -> bool:
            return _index(done / total, interval) >= reached

        # The exact progress reaches reached * interval there; the rounding moves it
        # a step or so.
        guess = -(-(numerator * reached * total) // denominator)
        low = _least(holds, low, total, guess)
        passes.append(low - first)
    return tuple(passes)


def _exponent(
    ops: Arrays, steps: Any, interval: float, first: int, total: int, top: int | None
) -> Any:
    """Return a stepped schedule's exponent,
    ``_index(min(step + first, total) / total, interval)``, at each step: as floats, or
    given *top*, as integer indices held at most top.

    In float64 it is computed from the progress as noether computes it, to the bit. A
    float32 progress rounds otherwise on either side of an integer exponent: there the
    steps at which it grows are found on the scalar path, and counted.
    """
    if top is not None and not ops.double:
        return ops.count(steps, _passes(interval, first, total, top))
    done = _moved(ops, steps, first, total)
    exponent = _index_array(ops, ops.ratio(done, total), interval)
    if not ops.double:
        # An interval below float32's range is 0 there, and the progress at the start
        # over it is 0 / 0: the exponent there is 0.
        exponent = ops.where(ops.below(done, 1), 0.0, exponent)
    if top is None:
        return exponent
    return _indices(ops, ops.minimum(exponent, float(top)))


class _Overhang(NamedTuple):
    """noether's stretch of the total, checked: at most one of the two is given."""

    percent: float | None
    steps: int | None

    def stretch(self, total: int) -> int:
        """Return the total with the overhang added."""
        if self.percent is not None:
            return total + _share(self.percent, total)
        if self.steps is not None:
            return total + self.steps
        return total

    def reach(self, total: int) -> int:
        """Return the run's total stretched, by which the schedule has ended, or raise
        if the overhang overflows a float there, where noether raises at every step.

        A phase of a sequential schedule runs over the phase's length instead, where
        the stretch is exact.
        """
        if self.percent:
            try:
                product = total * self.percent
            except OverflowError:  # a total past the float range
                product = math.inf
            check.finite_result(
                "total_steps * overhang_percent",
                product,
                f"total_steps={check.show(total)}, overhang_percent={self.percent!r}",
                ("total_steps", "overhang_percent"),
            )
        return self.stretch(total)


def _overhang(percent: object, steps: object) -> _Overhang:
    if percent is not None and steps is not None:
        raise check.ScheduleError(
            "only one of overhang_percent and overhang_steps may be given, "
            f"got overhang_percent={check.show(percent)}, overhang_steps={check.show(steps)}",
            related=("overhang_percent", "overhang_steps"),
        )
    return _Overhang(
        None if percent is None else check.non_negative("overhang_percent", percent),
        None if steps is None else check.at_least("overhang_steps", steps, 0),
    )


# The warmup and the cosine of linear_warmup_cosine_decay_schedule, which stretches
# the total once, for both.
_NO_OVERHANG = _Overhang(None, None)


def _rising(start: float, peak: float) -> None:
    if peak < start:
        raise check.ScheduleError(
            "max_value must be at least start_value, "
            f"got max_value={peak!r}, start_value={start!r}",
            "max_value",
            related=("start_value",),
        )


def _falling(peak: float, end: float) -> None:
    if end > peak:
        raise check.ScheduleError(
            f"end_value must be at most max_value, got end_value={end!r}, max_value={peak!r}",
            "end_value",
            related=("max_value",),
        )


def _progress_template(
    shape: str,
    ends: tuple[float, float],
    names: tuple[str, str],
    *,
    power: float,
    flags: tuple[bool, bool],
    stretch: Callable[[int], int],
) -> tuple[Template, ArrayTemplate]:
    # A move from ends[0] to ends[1] (the parameters *names*) over the stretched total,
    # and its array form; flags are exclude_first and exclude_last.
    start, end = ends
    first, last = flags
    check.finite_difference(names, ends)

    def template(step: int, total: int) -> float:
        total = stretch(total)
        if last:
            total += 1
        if first:
            step += 1
            total += 1
        span = max(1, total - 1)
        done = min(step, span)
        if shape == "linear":
            return lerp(start, end, done / span)
        if shape == "cosine":
            return cosine_move(start, end, done / span)
        if done == 0:
            return start
        return float(end + (start - end) * ((span - done) / span) ** power)

    def template_array(ops: Arrays, steps: Any, total: int) -> Any:
        total = stretch(total) + last + first
        span = max(1, total - 1)
        done = _moved(ops, steps, first, span)
        # In float32, 1 - done loses the distance to the end over the last steps, and
        # the part left, rounded, loses its power (which may be large) and the first
        # steps' distance from the start: there the parts are counted in integers, and
        # the power taken from the log of the part left, which log1p keeps accurate.
        single = not ops.double and span.bit_length() <= 1023
        if shape == "linear":
            if single:
                return linear_array(ops, start, end, done, span)
            return lerp_array(ops, start, end, ops.ratio(done, span))
        if shape == "cosine":
            if single:
                return cosine_array(ops, start, end, done, span)
            return cosine_move_array(ops, start, end, ops.ratio(done, span))
        left = ops.left(done, span)
        if single:
            fraction = ops.ratio(done, span)
            scaled = power * ops.where(fraction < 0.5, ops.log1p(-fraction), ops.log(left))
            # A power below float32's range is 0 there, and 0 * log(0) is nan: at the
            # end the part left is 0, whatever the power.
            part = ops.where(ops.below(done, span), ops.exp(scaled), 0.0)
            near = start + (end - start) * -ops.expm1(scaled)
            value = ops.where(part > 0.5, near, end + (start - end) * part)
        else:
            value = end + (start - end) * left**power
        return ops.where(ops.below(done, 1), start, value)

    return template, template_array


def _progress(
    factory: Callable[..., Schedule],
    shape: str,
    *,
    increasing: bool,
    total_steps: object,
    values: tuple[object, object],
    power: object,
    flags: tuple[object, object],
    overhang: tuple[object, object],
) -> Schedule:
    # The six progress schedules. *values* are max_value and, for an increasing one,
    # start_value, else end_value; *power* is read by the polynomials alone.
    total = check.positive_integer("total_steps", total_steps)
    polynomial = shape == "polynomial"
    exponent = check.positive("power", power) if polynomial else 1.0
    checked: dict[str, Any]
    if increasing:
        start = check.real("start_value", values[1])
        peak = check.real("max_value", values[0])
        _rising(start, peak)
        ends, names = (start, peak), ("start_value", "max_value")
        checked = {"max_value": peak, "start_value": start}
    else:
        peak = check.non_negative("max_value", values[0])
        end = check.non_negative("end_value", values[1])
        _falling(peak, end)
        ends, names = (peak, end), ("max_value", "end_value")
        checked = {"max_value": peak, "end_value": end}
    if polynomial:
        checked["power"] = exponent
    checked_overhang = _overhang(*overhang)
    first = check.boolean("exclude_first", flags[0])
    last = check.boolean("exclude_last", flags[1])
    templates = _progress_template(
        shape, ends, names, power=exponent, flags=(first, last), stretch=checked_overhang.stretch
    )
    params = {
        **checked,
        "exclude_first": first,
        "exclude_last": last,
        "overhang_percent": checked_overhang.percent,
        "overhang_steps": checked_overhang.steps,
        "total_steps": total,
    }
    # Each move lies between its two ends.
    largest = max(abs(ends[0]), abs(ends[1]))
    return _Bound(factory, params, templates, total, checked_overhang.reach(total), largest)


@register
def linear_increasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    start_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``LinearIncreasingSchedule``: a straight line from *start_value* to *max_value*.

    With T = total_steps (after the overhang and the exclude flags)::

        value(t) = start_value + (max_value - start_value) * t / max(1, T - 1)

    Args:
        max_value: the value reached at the last step, at least *start_value*.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        start_value: the value at step 0.
        exclude_first: whether to start one step in, leaving out the first point.
        exclude_last: whether to stop one step short, leaving out the last point.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import linear_increasing_schedule
        >>> schedule = linear_increasing_schedule(max_value=1.0, total_steps=5)
        >>> [schedule(t) for t in range(6)]
        [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """
    return _progress(
        linear_increasing_schedule,
        "linear",
        increasing=True,
        total_steps=total_steps,
        values=(max_value, start_value),
        power=None,
        flags=(exclude_first, exclude_last),
        overhang=(overhang_percent, overhang_steps),
    )


@register
def linear_decreasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    end_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``LinearDecreasingSchedule``: a straight line from *max_value* down to *end_value*.

    Args:
        max_value: the value at step 0, at least 0.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        end_value: the value reached at the last step, from 0 to *max_value*.
        exclude_first: whether to start one step in, leaving out the first point.
        exclude_last: whether to stop one step short, leaving out the last point.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import linear_decreasing_schedule
        >>> schedule = linear_decreasing_schedule(max_value=1.0, total_steps=5,
        ...                                       exclude_last=True)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.8, 0.6, 0.4, 0.19999999999999996, 0.0]
    """
    return _progress(
        linear_decreasing_schedule,
        "linear",
        increasing=False,
        total_steps=total_steps,
        values=(max_value, end_value),
        power=None,
        flags=(exclude_first, exclude_last),
        overhang=(overhang_percent, overhang_steps),
    )


@register
def cosine_increasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    start_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``CosineIncreasingSchedule``: a half cosine from *start_value* up to *max_value*.

    ::

        value(t) = start_value + (max_value - start_value) * (1 - cos(pi * t / max(1, T - 1))) / 2

    Args:
        max_value: the value reached at the last step, at least *start_value*.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        start_value: the value at step 0.
        exclude_first: whether to start one step in, leaving out the first point.
        exclude_last: whether to stop one step short, leaving out the last point.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import cosine_increasing_schedule
        >>> schedule = cosine_increasing_schedule(max_value=1.0, total_steps=3)
        >>> [schedule(t) for t in range(4)]
        [0.0, 0.5, 1.0, 1.0]
    """
    return _progress(
        cosine_increasing_schedule,
        "cosine",
        increasing=True,
        total_steps=total_steps,
        values=(max_value, start_value),
        power=None,
        flags=(exclude_first, exclude_last),
        overhang=(overhang_percent, overhang_steps),
    )


@register
def cosine_decreasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    end_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``CosineDecreasingSchedule``: a half cosine from *max_value* down to *end_value*,
    reached at step T - 1.

    Args:
        max_value: the value at step 0, at least 0.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        end_value: the value reached at the last step, from 0 to *max_value*.
        exclude_first: whether to start one step in, leaving out the first point.
        exclude_last: whether to stop one step short, leaving out the last point.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import cosine_decreasing_schedule
        >>> schedule = cosine_decreasing_schedule(max_value=1.0, total_steps=3)
        >>> [schedule(t) for t in range(4)]
        [1.0, 0.5, 0.0, 0.0]
    """
    return _progress(
        cosine_decreasing_schedule,
        "cosine",
        increasing=False,
        total_steps=total_steps,
        values=(max_value, end_value),
        power=None,
        flags=(exclude_first, exclude_last),
        overhang=(overhang_percent, overhang_steps),
    )


@register
def polynomial_increasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    start_value: float = 0.0,
    power: float = 1.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``PolynomialIncreasingSchedule``: **not** ``p ** power`` but a concave rise,
    fast at first::

        value(t) = max_value + (start_value - max_value) * (1 - t / max(1, T - 1)) ** power

    Args:
        max_value: the value reached at the last step, at least *start_value*.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        start_value: the value at step 0.
        power: the exponent of the part left, greater than 0.
        exclude_first: whether to start one step in, leaving out the first point.
        exclude_last: whether to stop one step short, leaving out the last point.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import polynomial_increasing_schedule
        >>> schedule = polynomial_increasing_schedule(max_value=1.0, total_steps=3, power=2.0)
        >>> [schedule(t) for t in range(4)]
        [0.0, 0.75, 1.0, 1.0]
    """
    return _progress(
        polynomial_increasing_schedule,
        "polynomial",
        increasing=True,
        total_steps=total_steps,
        values=(max_value, start_value),
        power=power,
        flags=(exclude_first, exclude_last),
        overhang=(overhang_percent, overhang_steps),
    )


@register
def polynomial_decreasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    end_value: float = 0.0,
    power: float = 1.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``PolynomialDecreasingSchedule``: like PyTorch's PolynomialLR, ending at step T - 1::

        value(t) = end_value + (max_value - end_value) * (1 - t / max(1, T - 1)) ** power

    Args:
        max_value: the value at step 0, at least 0.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        end_value: the value reached at the last step, from 0 to *max_value*.
        power: the exponent of the part left, greater than 0.
        exclude_first: whether to start one step in, leaving out the first point.
        exclude_last: whether to stop one step short, leaving out the last point.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import polynomial_decreasing_schedule
        >>> schedule = polynomial_decreasing_schedule(max_value=1.0, total_steps=3, power=2.0)
        >>> [schedule(t) for t in range(4)]
        [1.0, 0.25, 0.0, 0.0]
    """
    return _progress(
        polynomial_decreasing_schedule,
        "polynomial",
        increasing=False,
        total_steps=total_steps,
        values=(max_value, end_value),
        power=power,
        flags=(exclude_first, exclude_last),
        overhang=(overhang_percent, overhang_steps),
    )


def _index(progress: float, interval: float) -> int:
    # noether rounds to 10 digits before flooring, so that 0.6 / 0.2 counts 3.
    return int(round(progress / interval, 10))


def _power(times: float, count: int) -> float:
    """Return ``times ** count``, or inf where it overflows."""
    try:
        return times**count
    except OverflowError:
        return math.inf


def _final_power(times: float, every: float, name: str) -> tuple[int, float]:
    """Return how many times a stepped schedule multiplies by *times* by its end, and
    ``times`` to that power (inf where it overflows), the largest power it reaches.

    *every* is the parameter *name*, the fraction of the run between two changes. The
    count on the way is ``progress / every``, which noether cannot take to an integer
    where it overflows: at the end, where progress is 1, if 1 / every does.
    """
    check.finite_result(f"1 / {name}", 1.0 / every, f"{name}={every!r}", (name,))
    count = _index(1.0, every)
    return count, _power(times, count)


@register
def step_decreasing_schedule(
    *,
    factor: float,
    decreases_interval: float,
    max_value: float,
    total_steps: Steps,
    end_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``StepDecreasingSchedule``: *factor* once per *decreases_interval* of the run.

    With p = t / T (T, not T - 1) and k = floor(p / decreases_interval)::

        value(t) = end_value + (max_value - end_value) * factor ** k

    *end_value* is an asymptote, reached only with factor 0. The value at step T is
    held after it.

    Args:
        factor: the factor of the distance to *end_value* at each decrease, at least 0;
            one above 1 must keep the value at the end a finite number.
        decreases_interval: the fraction of the run between decreases, strictly
            between 0 and 1, with ``1 / decreases_interval`` a finite number (noether
            takes the progress over it to an integer).
        max_value: the value at step 0, at least 0.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        end_value: the value approached, from 0 to *max_value*.
        exclude_first: whether to start one step in, leaving out the first point.
        exclude_last: whether to stop one step short, leaving out the last point.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import step_decreasing_schedule
        >>> schedule = step_decreasing_schedule(factor=0.5, decreases_interval=0.25,
        ...                                     max_value=1.0, total_steps=8)
        >>> [schedule(t) for t in range(10)]
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625]
    """
    total = check.positive_integer("total_steps", total_steps)
    peak = check.non_negative("max_value", max_value)
    end = check.non_negative("end_value", end_value)
    _falling(peak, end)
    times = check.non_negative("factor", factor)
    every = check.unit_interval("decreases_interval", decreases_interval)
    first = check.boolean("exclude_first", exclude_first)
    last = check.boolean("exclude_last", exclude_last)
    overhang = _overhang(overhang_percent, overhang_steps)
    stretch = overhang.stretch
    delta = end - peak
    # A factor above 1 grows the power to its end: checked there, so no step overflows.
    count, power = _final_power(times, every, "decreases_interval")
    check.finite_result(
        f"max_value + (1 - factor ** {count}) * (end_value - max_value)",
        peak + (1.0 - power) * delta if power != math.inf else math.inf,
        f"max_value={peak!r}, end_value={end!r}, factor={times!r}, decreases_interval={every!r}",
        ("max_value", "end_value", "factor", "decreases_interval"),
    )

    def template(step: int, total: int) -> float:
        total = stretch(total)
        if last:
            total += 1
        if first:
            step += 1
            total += 1
        return peak + (1.0 - times ** _index(min(step, total) / total, every)) * delta

    powers = _powers(times, count)
    levels = None if powers is None else [peak + (1.0 - power) * delta for power in powers]

    def template_array(ops: Arrays, steps: Any, total: int) -> Any:
        total = stretch(total) + last + first
        if levels is None:
            exponent = _exponent(ops, steps, every, first, total, None)
            return peak + (1.0 - ops.power(times, exponent)) * delta
        return ops.take(levels, _exponent(ops, steps, every, first, total, len(levels) - 1))

    params = {
        "factor": times,
        "decreases_interval": every,
        "max_value": peak,
        "end_value": end,
        "exclude_first": first,
        "exclude_last": last,
        "overhang_percent": overhang.percent,
        "overhang_steps": overhang.steps,
        "total_steps": total,
    }
    # Leaving out the last point moves the end one step on.
    length = overhang.reach(total) + last
    # From max_value towards end_value, or away from it to the last power's value.
    largest = max(peak, abs(peak + (1.0 - power) * delta))
    return _Bound(
        step_decreasing_schedule, params, (template, template_array), total, length, largest
    )


@register
def step_fixed_schedule(
    *,
    factor: float,
    steps: Iterable[float],
    total_steps: Steps,
    start_value: float = 1.0,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``StepFixedSchedule``: *factor* once at each fraction of the run in *steps*.

    ::

        value(t) = start_value * factor ** (number of fractions f with f <= t / T)

    Args:
        factor: the factor applied at each fraction, at least 0, with
            ``start_value * factor ** len(steps)``, the value at the end, a finite number.
        steps: the fractions of the run at which the value changes, each strictly
            between 0 and 1; at least one.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        start_value: the value at step 0.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import step_fixed_schedule
        >>> schedule = step_fixed_schedule(factor=0.5, steps=[0.2, 0.5, 0.8], total_steps=10)
        >>> [schedule(t) for t in range(10)]
        [1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125]
    """
    total = check.positive_integer("total_steps", total_steps)
    start = check.real("start_value", start_value)
    times = check.non_negative("factor", factor)
    marks = check.reals("steps", steps)
    if not marks:
        raise check.ScheduleError("steps must hold at least one fraction, got steps=[]", "steps")
    for index, mark in enumerate(marks):
        check.unit_interval(f"steps[{index}]", mark)
    ordered = tuple(sorted(marks))
    # A factor above 1 grows the value to its end, where every fraction has passed.
    check.finite_result(
        "start_value * factor ** len(steps)",
        start * _power(times, len(marks)),
        f"start_value={start!r}, factor={times!r}, len(steps)={len(marks)}",
        ("start_value", "factor", "steps"),
    )
    overhang = _overhang(overhang_percent, overhang_steps)
    stretch = overhang.stretch

    def template(step: int, total: int) -> float:
        total = stretch(total)
        progress = min(step, total) / total
        return float(start * times ** bisect_right(ordered, progress))

    # The value after each number of fractions passed.
    levels = [start * times**count for count in range(len(ordered) + 1)]

    def template_array(ops: Arrays, steps: Any, total: int) -> Any:
        total = stretch(total)
        # The fractions become the steps at which the progress passes them, counted
        # in integers; each is at most total, where the progress is 1.
        passed = ops.count(steps, [_reach(mark, total) for mark in ordered])
        return ops.take(levels, passed)

    params = {
        "factor": times,
        "steps": marks,
        "start_value": start,
        "overhang_percent": overhang.percent,
        "overhang_steps": overhang.steps,
        "total_steps": total,
    }
    length = overhang.reach(total)
    largest = max(abs(start), abs(start * _power(times, len(marks))))
    return _Bound(step_fixed_schedule, params, (template, template_array), total, length, largest)


@register
def step_interval_schedule(
    *,
    factor: float,
    update_interval: float,
    total_steps: Steps,
    start_value: float = 1.0,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``StepIntervalSchedule``: *factor* once per *update_interval* of the run::

        value(t) = start_value * factor ** floor((t / T) / update_interval)

    Args:
        factor: the factor applied once per interval, at least 0, with the value at the
            end, *start_value* times its last power, a finite number.
        update_interval: the fraction of the run between changes, strictly between
            0 and 1, with ``1 / update_interval`` a finite number (noether takes the
            progress over it to an integer).
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        start_value: the value at step 0.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import step_interval_schedule
        >>> schedule = step_interval_schedule(factor=0.5, update_interval=0.2, total_steps=10)
        >>> [schedule(t) for t in range(10)]
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625]
    """
    total = check.positive_integer("total_steps", total_steps)
    start = check.real("start_value", start_value)
    times = check.non_negative("factor", factor)
    every = check.unit_interval("update_interval", update_interval)
    overhang = _overhang(overhang_percent, overhang_steps)
    stretch = overhang.stretch
    # A factor above 1 grows the power to its end: checked there, so no step overflows.
    count, power = _final_power(times, every, "update_interval")
    check.finite_result(
        f"start_value * factor ** {count}",
        start * power,
        f"start_value={start!r}, factor={times!r}, update_interval={every!r}",
        ("start_value", "factor", "update_interval"),
    )

    def template(step: int, total: int) -> float:
        total = stretch(total)
        return start * times ** _index(min(step, total) / total, every)

    powers = _powers(times, count)
    levels = None if powers is None else [start * power for power in powers]

    def template_array(ops: Arrays, steps: Any, total: int) -> Any:
        total = stretch(total)
        if levels is None:
            return start * ops.power(times, _exponent(ops, steps, every, 0, total, None))
        return ops.take(levels, _exponent(ops, steps, every, 0, total, len(levels) - 1))

    params = {
        "factor": times,
        "update_interval": every,
        "start_value": start,
        "overhang_percent": overhang.percent,
        "overhang_steps": overhang.steps,
        "total_steps": total,
    }
    largest = max(abs(start), abs(start * power))
    length = overhang.reach(total)
    templates = (template, template_array)
    return _Bound(step_interval_schedule, params, templates, total, length, largest)


@register
def constant_schedule(*, value: float) -> Schedule:
    """``ConstantSchedule``: *value* at every step (noether ignores the total).

    Args:
        value: the value at every step.

    Examples:
        >>> from schedkit.compat.noether import constant_schedule
        >>> constant_schedule(value=0.5)(10**6)
        0.5
    """
    value = check.real("value", value)
    return Constant(constant_schedule, {"value": value}, value)


@register
def custom_schedule(*, values: Iterable[float]) -> Schedule:
    """``CustomSchedule``: ``values[t]``; past the list, where noether raises an
    IndexError, its last value is held.

    Args:
        values: the value at each step from 0, at least one.

    Examples:
        >>> from schedkit.compat.noether import custom_schedule
        >>> schedule = custom_schedule(values=[0.1, 0.2, 0.3])
        >>> [schedule(t) for t in range(5)]
        [0.1, 0.2, 0.3, 0.3, 0.3]
    """
    table = check.reals("values", values)
    if not table:
        raise check.ScheduleError("values must hold at least one value, got values=[]", "values")
    last = len(table) - 1

    def at(step: int) -> float:
        return table[min(step, last)]

    def at_array(ops: Arrays, steps: Any) -> Any:
        return ops.take(table, ops.clamp(steps, 0, last))

    peak = max(abs(value) for value in table)
    return ClosureSchedule(
        custom_schedule, {"values": table}, at, array=at_array, length=last, bound=peak
    )


def _phases(
    configs: object, bound: str, kind: Callable[[str, object], float | int]
) -> list[list[Any]]:
    # [schedule, template, start, end] per phase, from (schedule, start, end) triples.
    triple = f"(schedule, start_{bound}, end_{bound})"
    if isinstance(configs, (str, bytes)) or not isinstance(configs, Iterable):
        raise check.kind_error("schedule_configs", configs, f"a sequence of {triple} triples")
    phases = []
    for index, item in enumerate(configs):
        label = f"schedule_configs[{index}]"
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise check.kind_error(label, item, f"a {triple} triple")
        schedule, start, end = item
        if not isinstance(schedule, _Bound):
            raise check.kind_error(f"{label}[0]", schedule, "a noether schedule from this module")
        phases.append(
            [
                schedule,
                schedule._template,
                None if start is None else kind(f"{label}[1]", start),
                None if end is None else kind(f"{label}[2]", end),
            ]
        )
    if not phases:
        raise check.ScheduleError(
            "schedule_configs must hold at least one phase, got []", "schedule_configs"
        )
    return phases


def _fill(phases: list[list[Any]], first_start: float, last_end: float | None) -> None:
    # noether's propagation of the missing bounds, in its order. The first start is
    # of the phases' own kind (0.0 for a fraction, 0 for a step), so that the filled
    # value reads back as it is given.
    if phases[0][2] is None:
        phases[0][2] = first_start
    for i in range(1, len(phases) - 1):
        if phases[i][2] is None:
            phases[i][2] = phases[i - 1][3]
        if phases[i][3] is None:
            phases[i][3] = phases[i + 1][2]
    if len(phases) > 1:
        if phases[-1][2] is None:
            phases[-1][2] = phases[-2][3]
        if phases[-2][3] is None:
            phases[-2][3] = phases[-1][2]
    if phases[-1][3] is None:
        phases[-1][3] = last_end


def _ordered(phases: list[list[Any]], limit: float | None) -> None:
    for i, (_, _, start, end) in enumerate(phases):
        label = f"schedule_configs[{i}]"
        if start is None or (end is None and i < len(phases) - 1):
            raise check.ScheduleError(
                f"{label} has no start or end after filling in the neighbours' bounds", label
            )
        upper = limit if end is None else end
        if (
            start < 0
            or (upper is not None and start > upper)
            or (i + 1 < len(phases) and end > phases[i + 1][2])
        ):
            raise check.ScheduleError(
                "the phases must not overlap and each must start before it ends, "
                f"got {label} from {start!r} to {end!r}",
                label,
            )


def _run_phase(template: Template, step: int, length: int) -> float:
    if length <= 0:
        # noether's step class calls get_value(-1, 0) here and raises; its percent
        # class takes the phase's first value, which is done for both.
        return template(0, 1)
    return template(min(step, length - 1), length)


def _run_phase_array(template: ArrayTemplate, ops: Arrays, steps: Any, length: int) -> Any:
    """:func:`_run_phase` at each of a phase's own steps, for the template's array
    form; a phase of no length is run at step 0 of 1, as there."""
    return template(ops, ops.clamp(steps, 0, max(length - 1, 0)), max(length, 1))


def _phases_array(
    ops: Arrays, steps: Any, phases: list[list[Any]], spans: list[tuple[int, int]]
) -> Any:
    """Return the values of phases one after another at each step: phase i, over
    ``spans[i] = (first, length)``, where the last phase to start by the step has
    started, else the first phase's first value."""
    pairs = []
    for phase, (first, length) in reversed(list(zip(phases[1:], spans[1:], strict=True))):
        if first > ops.imax:
            continue  # no step reaches it
        local = ops.clamp(steps, first, ops.imax) - first
        value = _run_phase_array(phase[0]._template_array, ops, local, length)
        pairs.append((ops.at_least(steps, first), value))
    first, length = spans[0]
    first = min(first, ops.imax)
    local = ops.clamp(steps, first, ops.imax) - first
    return ops.select(pairs, _run_phase_array(phases[0][0]._template_array, ops, local, length))


@register
def sequential_percent_schedule(
    *, schedule_configs: Iterable[tuple[Schedule, float | None, float | None]], total_steps: Steps
) -> Schedule:
    """``SequentialPercentSchedule``: phases that each cover a fraction of the run.

    Each phase is ``(schedule, start_percent, end_percent)``, a noether schedule of
    this module and its bounds (None to take the neighbour's, as noether fills
    them). Phase i runs from step ``int(start * (T - 1))`` to ``int(end * (T - 1))``
    (T for an end of 1.0) over its own length, so the *total_steps* its schedule was
    made with is replaced. Before the first phase its first value is held; in a gap
    or after the last phase, the phase's last value.

    Args:
        schedule_configs: the phases, ``(schedule, start_percent, end_percent)``
            triples with bounds from 0 to 1 or None, in order and not overlapping.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.

    Examples:
        >>> from schedkit.compat.noether import (
        ...     linear_decreasing_schedule, linear_increasing_schedule,
        ...     sequential_percent_schedule)
        >>> up = linear_increasing_schedule(max_value=1.0, total_steps=1)
        >>> down = linear_decreasing_schedule(max_value=1.0, total_steps=1)
        >>> schedule = sequential_percent_schedule(
        ...     schedule_configs=[(up, None, 0.3), (down, 0.6, None)], total_steps=11)
        >>> [schedule(t) for t in range(11)]
        [0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0]
    """
    total = check.positive_integer("total_steps", total_steps)
    phases = _phases(schedule_configs, "percent", check.fraction)
    _fill(phases, 0.0, 1.0)
    _ordered(phases, 1.0)

    def template(step: int, total: int) -> float:
        edge = total - 1
        for _, run, start, end in reversed(phases):
            first = _share(start, edge)
            if first <= step:
                last = total if end == 1.0 else _share(end, edge)
                return _run_phase(run, step - first, last - first)
        _, run, start, end = phases[0]
        first = _share(start, edge)
        last = total if end == 1.0 else _share(end, edge)
        return _run_phase(run, 0, last - first)

    def template_array(ops: Arrays, steps: Any, total: int) -> Any:
        edge = total - 1
        spans = []
        for _, _, start, end in phases:
            first = _share(start, edge)
            last = total if end == 1.0 else _share(end, edge)
            spans.append((first, last - first))
        return _phases_array(ops, steps, phases, spans)

    params = {
        "schedule_configs": tuple((p[0], p[2], p[3]) for p in phases),
        "total_steps": total,
    }
    largest = max(phase[0]._bound() for phase in phases)
    templates = (template, template_array)
    return _Bound(sequential_percent_schedule, params, templates, total, total, largest)


@register
def sequential_step_schedule(
    *,
    schedule_configs: Iterable[tuple[Schedule, Steps | None, Steps | None]],
    total_steps: Steps,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``SequentialStepSchedule``: phases between given steps.

    Each phase is ``(schedule, start_step, end_step)``; an end of None (or 0, as in
    noether) runs to the total. Otherwise as :func:`sequential_percent_schedule`.
    A phase of no length, where noether raises, gives its schedule's first value.

    Args:
        schedule_configs: the phases, ``(schedule, start_step, end_step)`` triples
            with bounds of at least 0 or None, in order and not overlapping.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import linear_decreasing_schedule, sequential_step_schedule
        >>> down = linear_decreasing_schedule(max_value=1.0, total_steps=1)
        >>> schedule = sequential_step_schedule(schedule_configs=[(down, 2, 6)], total_steps=10)
        >>> [round(schedule(t), 3) for t in range(8)]
        [1.0, 1.0, 1.0, 0.667, 0.333, 0.0, 0.0, 0.0]
    """
    total = check.positive_integer("total_steps", total_steps)
    phases = _phases(schedule_configs, "step", lambda label, value: check.at_least(label, value, 0))
    _fill(phases, 0, None)
    _ordered(phases, None)
    overhang = _overhang(overhang_percent, overhang_steps)
    stretch = overhang.stretch

    def template(step: int, total: int) -> float:
        total = stretch(total)
        for _, run, start, end in reversed(phases):
            if start <= step:
                # noether's `end_step or total_steps`: an end of 0 means the total.
                return _run_phase(run, step - start, (end or total) - start)
        _, run, start, end = phases[0]
        return _run_phase(run, 0, (end or total) - start)

    def template_array(ops: Arrays, steps: Any, total: int) -> Any:
        total = stretch(total)
        spans = [(start, (end or total) - start) for _, _, start, end in phases]
        return _phases_array(ops, steps, phases, spans)

    # By the stretched total every schedule has ended, unless a phase runs longer.
    length = max([overhang.reach(total)] + [end for _, _, _, end in phases if end is not None])
    params = {
        "schedule_configs": tuple((p[0], p[2], p[3]) for p in phases),
        "overhang_percent": overhang.percent,
        "overhang_steps": overhang.steps,
        "total_steps": total,
    }
    largest = max(phase[0]._bound() for phase in phases)
    templates = (template, template_array)
    return _Bound(sequential_step_schedule, params, templates, total, length, largest)


@register
def linear_warmup_cosine_decay_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    warmup_steps: Steps | None = None,
    warmup_percent: float | None = None,
    start_value: float = 0.0,
    end_value: float = 1e-6,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``LinearWarmupCosineDecaySchedule``: a linear warmup to *max_value*, then a cosine
    to *end_value* at step T - 1.

    Exactly one of *warmup_steps* and *warmup_percent* is given; W is warmup_steps or
    ``int(warmup_percent * (T - 1))``. With a start of 0 the warmup leaves out its
    first point, so it starts above 0::

        value(t) = max_value * (t + 1) / (W + 1)                              if t < W, start 0
                   start_value + (max_value - start_value) * t / W            if t < W
                   end + (max_value - end) * (1 + cos(pi (t - W) / (T - W - 1))) / 2   otherwise

    Args:
        max_value: the value at the end of the warmup, at least 0.
        total_steps: the run's length T, the total noether passes to ``get_value``;
            at least 1.
        warmup_steps: the warmup's length W in steps, at least 0; None to give
            *warmup_percent* instead.
        warmup_percent: the warmup's length as a fraction of the run, from 0 to 1;
            None to give *warmup_steps* instead.
        start_value: the value the warmup starts from, from 0 to *max_value*.
        end_value: the value the cosine reaches at the last step, from 0 to *max_value*.
        overhang_percent: a fraction of T, at least 0, added to the total first;
            None for no overhang.
        overhang_steps: a number of steps, at least 0, added to the total first;
            None for no overhang (at most one of the two overhangs is given).

    Examples:
        >>> from schedkit.compat.noether import linear_warmup_cosine_decay_schedule
        >>> schedule = linear_warmup_cosine_decay_schedule(max_value=1.0, warmup_steps=3,
        ...                                                end_value=0.0, total_steps=10)
        >>> [round(schedule(t), 3) for t in range(11)]
        [0.25, 0.5, 0.75, 1.0, 0.933, 0.75, 0.5, 0.25, 0.067, 0.0, 0.0]
    """
    total = check.positive_integer("total_steps", total_steps)
    if (warmup_steps is None) == (warmup_percent is None):
        raise check.ScheduleError(
            "exactly one of warmup_steps and warmup_percent must be given, "
            f"got warmup_steps={check.show(warmup_steps)}, "
            f"warmup_percent={check.show(warmup_percent)}",
            related=("warmup_steps", "warmup_percent"),
        )
    peak = check.non_negative("max_value", max_value)
    start = check.non_negative("start_value", start_value)
    end = check.non_negative("end_value", end_value)
    overhang = _overhang(overhang_percent, overhang_steps)
    stretch = overhang.stretch
    # noether's own two schedules: a linear rise that leaves out its last point (and
    # its first, from 0), then a cosine.
    _rising(start, peak)
    up, up_array = _progress_template(
        "linear",
        (start, peak),
        ("start_value", "max_value"),
        power=1.0,
        flags=(start == 0.0, True),
        stretch=_NO_OVERHANG.stretch,
    )
    _falling(peak, end)
    down, down_array = _progress_template(
        "cosine",
        (peak, end),
        ("max_value", "end_value"),
        power=1.0,
        flags=(False, False),
        stretch=_NO_OVERHANG.stretch,
    )
    warmup: int | None = None
    share: float | None = None
    templates: tuple[Template, ArrayTemplate]
    if warmup_steps is not None:
        steps = warmup = check.at_least("warmup_steps", warmup_steps, 0)

        def by_steps(step: int, total: int) -> float:
            total = stretch(total)
            if step < steps:
                return _run_phase(up, step, steps)
            return _run_phase(down, step - steps, total - steps)

        def by_steps_array(ops: Arrays, at: Any, total: int) -> Any:
            total = stretch(total)
            rise = _run_phase_array(up_array, ops, at, steps)
            begin = min(steps, ops.imax)
            fall = _run_phase_array(
                down_array, ops, ops.clamp(at, begin, ops.imax) - begin, total - steps
            )
            return ops.where(ops.below(at, steps), rise, fall)

        templates = (by_steps, by_steps_array)
    else:
        fraction = share = check.fraction("warmup_percent", warmup_percent)

        def by_percent(step: int, total: int) -> float:
            total = stretch(total)
            edge = total - 1
            first = _share(fraction, edge)
            if first <= step:
                return _run_phase(down, step - first, total - first)
            last = total if fraction == 1.0 else _share(fraction, edge)
            return _run_phase(up, step, last)

        def by_percent_array(ops: Arrays, at: Any, total: int) -> Any:
            total = stretch(total)
            edge = total - 1
            first = _share(fraction, edge)
            last = total if fraction == 1.0 else _share(fraction, edge)
            rise = _run_phase_array(up_array, ops, at, last)
            begin = min(first, ops.imax)
            fall = _run_phase_array(
                down_array, ops, ops.clamp(at, begin, ops.imax) - begin, total - first
            )
            return ops.where(ops.at_least(at, first), fall, rise)

        templates = (by_percent, by_percent_array)

    params = {
        "max_value": peak,
        "warmup_steps": warmup,
        "warmup_percent": share,
        "start_value": start,
        "end_value": end,
        "overhang_percent": overhang.percent,
        "overhang_steps": overhang.steps,
        "total_steps": total,
    }
    # A warmup longer than the run reaches the peak after the total, and holds it.
    length = max(overhang.reach(total), warmup or 0)
    # max_value is at least start_value and end_value, all of them at least 0.
    return _Bound(linear_warmup_cosine_decay_schedule, params, templates, total, length, peak)


# noether's config kinds, read by a fixed table: nothing named in a config is imported.
_KINDS: dict[str, Callable[..., Schedule]] = {
    "noether.core.schedules." + "".join(part.title() for part in f.__name__.split("_")): f
    for f in (
        constant_schedule,
        custom_schedule,
        linear_increasing_schedule,
        linear_decreasing_schedule,
        cosine_increasing_schedule,
        cosine_decreasing_schedule,
        polynomial_increasing_schedule,
        polynomial_decreasing_schedule,
        step_decreasing_schedule,
        step_fixed_schedule,
        step_interval_schedule,
        linear_warmup_cosine_decay_schedule,
    )
}
# Fields every noether schedule config has that change nothing in the schedule.
_INERT = ("end_percent", "end_step", "start_percent", "start_step", "weight_decay")


def from_config(config: Mapping[str, Any], *, total_steps: int) -> Schedule:
    """Build the schedule a noether schedule config describes, for a run of *total_steps*.

    *config* is the dict noether reads from YAML: its ``kind`` (such as
    ``"noether.core.schedules.LinearWarmupCosineDecaySchedule"``) is looked up in a
    fixed table of the kinds this module covers, and its other fields are the
    function's parameters, with noether's defaults. Fields noether validates but never
    uses (weight_decay, start_percent, end_percent, start_step, end_step) are
    accepted and ignored, and ``interval`` must be "update" (for "epoch", give the
    epoch's first update as the step, or wrap the schedule in
    :func:`schedkit.per_epoch`). An unknown kind or field is an error.

    Args:
        config: the noether schedule config, a dict with a ``kind``.
        total_steps: the run's length, the total noether passes to ``get_value``;
            at least 1.

    Examples:
        >>> from schedkit.compat.noether import from_config
        >>> from_config({"kind": "noether.core.schedules.CosineDecreasingSchedule",
        ...              "max_value": 1e-3}, total_steps=100)
        compat.noether.cosine_decreasing_schedule(max_value=0.001, total_steps=100)
    """
    owner = check.factory_name(from_config)
    # The config's own errors are signed here; build signs its errors itself.
    factory, fields = check.signed(_read_config, owner)(config, total_steps)
    # The fields are the factory's parameters, checked as any schedkit config is.
    return build(owner, {"kind": check.factory_name(factory), **fields}, None)


def _read_config(
    config: object, total_steps: object
) -> tuple[Callable[..., Schedule], dict[str, Any]]:
    # The factory of a noether config and its fields as the factory's parameters.
    if not isinstance(config, Mapping):
        raise check.kind_error("config", config, "a dict")
    kind = config.get("kind")
    # A missing kind is None, refused below with the known kinds.
    if kind is not None and not isinstance(kind, str):
        raise check.ScheduleTypeError(
            "kind must be a string naming a noether schedule, "
            f"got kind={check.show(kind)} ({check.kind(kind)})",
            "config['kind']",
        )
    if kind not in _KINDS:
        close = check.close_names(str(kind), list(_KINDS))
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else f"; known kinds: {', '.join(_KINDS)}"
        )
        raise check.ScheduleError(
            f"kind must name a noether schedule, got kind={check.show(kind)}{hint}",
            "config['kind']",
        )
    factory = _KINDS[kind]
    fields = {key: value for key, value in config.items() if key not in ("kind", *_INERT)}
    interval = fields.pop("interval", "update")
    if interval != "update":
        raise check.ScheduleError(
            f"interval must be 'update', got interval={check.show(interval)}; for an epoch "
            "schedule wrap the schedule in schedkit.per_epoch",
            "config['interval']",
        )
    if "total_steps" in fields:
        raise check.ScheduleError(
            "a noether config has no field 'total_steps'; the run's length is "
            "the total_steps argument",
            "config['total_steps']",
            related=("total_steps",),
        )
    if spec_of(factory).param("total_steps") is None:
        # A kind without a length still gets a valid one, as every kind does.
        check.positive_integer("total_steps", total_steps)
    else:
        fields["total_steps"] = total_steps
    return factory, fields
