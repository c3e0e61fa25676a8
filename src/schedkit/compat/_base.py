"""What the framework equivalents share: the schedule that a closure evaluates, the
join of schedules run one after another, and the cycles of the restart schedules.

The moves between two values (a fraction of the way along a line or a half cosine)
are :mod:`schedkit._shapes`'s, like every move in the package.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any, NamedTuple

from .._array import Arrays
from .._kinds import TABLE
from .._schedule import OverflowingValueError, Schedule, overflow
from .._validate import ScheduleError, kind_error

__all__ = [
    "STEPS",
    "ClosureSchedule",
    "CycleTable",
    "cycle_position",
    "cycle_start",
    "cycle_table",
    "joined",
    "joined_array",
    "part_left",
    "restart_array",
    "restart_index",
    "schedules",
    "start_array",
    "to_ints",
]


class ClosureSchedule(Schedule):
    """A framework equivalent: a factory's call as data, evaluated by a closure.

    The closure is made by the factory from parameters it has checked, so it trusts
    them; pickling rebuilds through the factory, like every schedule. A factory that
    knows the largest magnitude of the value from those parameters passes it as
    *bound*, which the combinators that multiply check their products against.

    *array* is the closure's array form, the same formula on an array of steps
    (see ``schedkit._array``); a test holds the two together at every registered
    factory.
    """

    __slots__ = {
        "_fn": "The closure from a step to the value, made from the checked parameters.",
        "_fn_array": "The closure's array form: (ops, steps) to the values.",
        "_grows": "Whether the value can leave the float range, so each result is checked.",
        "_peak": "The largest magnitude of the value at any step, if the factory gave it.",
        "_sign": "The way a growing value leaves the float range: 1.0 up, -1.0 down, "
        "0.0 not known; a clip holds its bound on that side.",
    }

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        fn: Callable[[int], float],
        *,
        array: Callable[[Arrays, Any], Any],
        length: int | None = None,
        grows: bool = False,
        bound: float | None = None,
        sign: float = 0.0,
    ) -> None:
        super().__init__(factory, params, length)
        self._fn = fn
        self._fn_array = array
        self._grows = grows
        self._peak = bound
        self._sign = sign

    def _at(self, step: int) -> float:
        try:
            value = self._fn(step)
        except (OverflowError, ZeroDivisionError):
            # Only a growing power can get here, at a step far past any real run.
            raise overflow(self, step, sign=self._sign) from None
        except OverflowingValueError as error:
            # A part's overflow names the part's own step; this one names the caller's.
            raise overflow(self, step, sign=error.sign) from None
        if self._grows and not math.isfinite(value):
            # inf leaves the range its own way; nan (inf - inf) in no known one.
            raise overflow(self, step, sign=0.0 if math.isnan(value) else math.copysign(1.0, value))
        return value

    def _array(self, ops: Arrays, steps: Any) -> Any:
        return self._fn_array(ops, steps)

    def _bound(self) -> float:
        """Return inf for a closure that grows, else the bound the factory gave;
        without one, the largest magnitude at step 0, at the end and at every step the
        parameters name (a warmup's end, a milestone), where the frameworks' schedules
        peak."""
        if self._grows:
            return math.inf
        if self._peak is not None:
            return self._peak
        steps = {0} if self._length is None else {0, self._length}
        pending = [value for _, value in self._params]
        while pending:
            value = pending.pop()
            if type(value) is int and value <= (self._length or value):
                steps.add(value)
            elif isinstance(value, (list, tuple)):
                pending.extend(value)
        return self._largest_at(steps)


def joined(
    parts: tuple[Schedule, ...], boundaries: tuple[int, ...], names: tuple[str, str]
) -> tuple[Callable[[int], float], int | None]:
    """Return the closure and length of schedules run one after another.

    ``parts[i]`` runs from ``boundaries[i - 1]`` (0 for the first) and sees its own
    step, counted from 0 there: the boundary step goes to the next schedule. The
    boundaries must not decrease, and there is one fewer than there are parts.
    *names* are the factory's parameters for the parts and the boundaries, which
    the errors name.
    """
    label, bounds = names
    if any(first > second for first, second in pairwise(boundaries)):
        raise ScheduleError(f"the boundaries must not decrease, got {list(boundaries)}", bounds)
    if len(boundaries) != len(parts) - 1:
        raise ScheduleError(
            "there must be one boundary fewer than schedules, "
            f"got {len(boundaries)} boundaries for {len(parts)} schedules",
            related=(bounds, label),
        )
    starts = (0, *boundaries)
    runs = tuple(part._at for part in parts)
    tail = parts[-1].length
    length = None if tail is None else starts[-1] + tail

    def at(step: int) -> float:
        index = bisect_right(boundaries, step)
        return runs[index](step - starts[index])

    return at, length


def joined_array(
    parts: tuple[Schedule, ...], boundaries: tuple[int, ...]
) -> Callable[[Arrays, Any], Any]:
    """Return the array form of :func:`joined`'s closure, for the same *parts* and
    *boundaries* (which that function has checked)."""
    starts = (0, *boundaries)

    def at(ops: Arrays, steps: Any) -> Any:
        pairs = []
        for index, part in enumerate(parts[:-1]):
            if starts[index] > ops.imax:
                break
            local = ops.clamp(steps, starts[index], ops.imax) - starts[index]
            pairs.append((ops.below(steps, boundaries[index]), part._array(ops, local)))
        last = starts[len(pairs)]
        local = ops.clamp(steps, min(last, ops.imax), ops.imax) - min(last, ops.imax)
        return ops.select(pairs, parts[len(pairs)]._array(ops, local))

    return at


def schedules(label: str, value: object) -> tuple[Schedule, ...]:
    """Return *value*, the parameter *label*, a non-empty sequence of schedules, as a tuple."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise kind_error(label, value, "a sequence of schedules")
    items = tuple(value)
    if not items:
        raise ScheduleError(f"{label} must hold at least one schedule, got {label}=[]", label)
    for index, item in enumerate(items):
        if not isinstance(item, Schedule):
            raise kind_error(f"{label}[{index}]", item, "a schedule")
    return items


def cycle_start(index: int, first: int, mult: float) -> float:
    """Return the step at which cycle *index* starts, for cycles of lengths
    ``first * mult ** i``, written as the frameworks write it:
    ``(1 - mult ** index) / (1 - mult) * first``."""
    if mult == 1.0:
        return float(index * first)
    try:
        return (1.0 - mult**index) / (1.0 - mult) * first
    except OverflowError:
        return math.inf


def restart_index(step: int, first: int, mult: float) -> int:
    """Return the cycle that holds *step*: the largest i with ``cycle_start(i) <= step``,
    for cycles that do not shrink (``mult >= 1``).

    Frameworks take ``floor(log(1 + step / first * (mult - 1)) / log(mult))``, which
    lands one cycle short at some exact restarts (``mult=3``, ``first=1``, step 121
    gives 4, not 5). Here that logarithm is only a first guess, settled by comparing
    cycle starts.
    """
    if mult == 1.0:
        return step // first
    grown = step / first * (mult - 1.0)
    # With a mult near the float limit that is inf, and every cycle past the first few
    # starts beyond any step: counting up from 0 finds the cycle at once.
    guess = math.log1p(grown) / math.log(mult) if math.isfinite(grown) else 0.0
    index = max(math.floor(guess), 0)
    while index > 0 and cycle_start(index, first, mult) > step:
        index -= 1
    while cycle_start(index + 1, first, mult) <= step:
        index += 1
    return index


# === Array forms of the cycles, timm's and keras' ===

# The largest step an array holds (int64); a JAX array without x64 holds fewer.
STEPS = 2**63 - 1


def part_done(ops: Arrays, done: Any, size: Any) -> Any:
    """Return ``done / size``, as int / int gives it for an int *size*."""
    if isinstance(size, int):
        return ops.ratio(done, size)
    return done / size


def part_left(ops: Arrays, done: Any, size: Any) -> Any:
    """Return ``(size - done) / size``, counted in integers for an int *size*."""
    if isinstance(size, int):
        return ops.left(done, size)
    return (size - done) / size


def to_ints(ops: Arrays, values: Any) -> Any:
    """Return float *values*, each a whole number within the steps' range, as integers
    of the steps' type."""
    if ops.library == "torch":
        return values.to(ops.steps.dtype)
    return values.astype(ops.steps.dtype)


class CycleTable(NamedTuple):
    """The first cycles of ``first * mult ** i`` steps, those that start at a step an
    array holds, at most TABLE of them."""

    bounds: tuple[int, ...]  # the first step of each cycle after cycle 0
    starts: tuple[float, ...]  # cycle_start of each, from cycle 0
    sizes: tuple[float, ...]  # mult ** i * first, inf past the float range
    end: int | None  # the first step of the cycle after them, if an array holds it


def cycle_table(first: int, mult: float, reach: float) -> CycleTable:
    """Return the first cycles below *reach* that start at a step an array holds."""
    starts = [cycle_start(0, first, mult)]
    end = None
    while len(starts) < reach:
        start = cycle_start(len(starts), first, mult)
        if not start < 2**63:  # inf included
            break
        if len(starts) == TABLE:  # a cycle_mul near 1
            end = math.ceil(start)
            break
        starts.append(start)
    try:
        length = float(first)  # as mult ** i * first converts it
    except OverflowError:  # a first cycle past the float range (keras)
        length = math.inf
    sizes = tuple(mult**index * length for index in range(len(starts)))
    bounds = tuple(math.ceil(start) for start in starts[1:])
    return CycleTable(bounds, tuple(starts), sizes, end)


def cycle_position(
    ops: Arrays, step: Any, first: int, mult: float, table: CycleTable
) -> tuple[Any, Any, Any]:
    """Return the cycle of each step (restart_index's), the steps done in it
    (``step - cycle_start``) and its length (``mult ** i * first``), for a cycle_mul
    other than 1: from *table*, and past it from restart_index's logarithm."""
    index = ops.count(step, table.bounds)
    start = ops.take(table.starts, index)
    size = ops.take(table.sizes, index)
    if table.end is not None and table.end <= ops.imax:
        cycle = restart_array(ops, step, first, mult)
        later = ops.at_least(step, table.end)
        index = ops.where(later, to_ints(ops, cycle), index)
        start = ops.where(later, start_array(ops, cycle, first, mult), start)
        size = ops.where(later, ops.power(mult, cycle) * float(first), size)
    return index, ops.floats(step) - start, size


def start_array(ops: Arrays, cycle: Any, first: int, mult: float) -> Any:
    # cycle_start at each float cycle, inf past the float range as there.
    return ops.divide(1.0 - ops.power(mult, cycle), 1.0 - mult) * float(first)


def _after(ops: Arrays, start: Any, step: Any) -> Any:
    # start > step, exactly: a float start against integer steps, which a float may
    # not hold. For an integer step, start > step where ceil(start) > step.
    whole = -ops.floor(-start)
    past = whole >= float(ops.imax + 1)
    return past | (to_ints(ops, ops.where(past, 0.0, whole)) > step)


def restart_array(ops: Arrays, step: Any, first: int, mult: float) -> Any:
    """Return restart_index at each step, as floats: its logarithm's guess, settled by
    comparing cycle starts as often as that guess can be off."""
    grown = ops.ratio(step, first) * (mult - 1.0)
    guess = ops.divide(ops.log1p(grown), math.log(mult))
    cycle = ops.maximum(ops.floor(ops.where(ops.isfinite(guess), guess, 0.0)), 0.0)
    # The guess is off by its rounding, an ulp or so of the cycle, and by that of the
    # cycle starts, about 2 ** -52 / (mult - 1) of a cycle.
    top = math.log1p(STEPS / first * (mult - 1.0)) / math.log(mult)
    rounds = 2 + math.ceil((top + 1.0 / (mult - 1.0)) * 2.0**-50)
    for _ in range(rounds):
        later = (cycle > 0.0) & _after(ops, start_array(ops, cycle, first, mult), step)
        cycle = ops.where(later, cycle - 1.0, cycle)
    for _ in range(rounds):
        reached = ~_after(ops, start_array(ops, cycle + 1.0, first, mult), step)
        cycle = ops.where(reached, cycle + 1.0, cycle)
    return cycle
