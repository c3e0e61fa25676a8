"""The kinds of schedule that several factories share, core and frameworks' alike.

==================  ==============================================================
Kind                What it evaluates
==================  ==============================================================
Constant            one value at every step
Staircase           ``base * gamma ** (s // per)``, bounded where it overflows
Continuous          ``base * gamma ** (s / per)``, bounded where it overflows
Segments            moves one after another, then a final value
Anneal, Cosine      one move from a start to an end at total_steps, then held
==================  ==============================================================

A factory checks its parameters and hands the checked values to a kind, which stores
them; ``anneal`` does both for the factories that are one move. The search helpers
(``least_true``, ``last_finite_step``, ``fading_power``) bound exponents at
construction, so that no call has to find them.
"""

from __future__ import annotations

import math
import sys
from bisect import bisect_right
from collections.abc import Callable, Sequence

from . import _validate as check
from ._marks import Steps
from ._schedule import Schedule, overflow
from ._shapes import ARRAY_MOVES, HALF_PI, Move, cosine_between, hold

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

    from ._array import Arrays

__all__ = [
    "TABLE",
    "Anneal",
    "Constant",
    "Continuous",
    "Cosine",
    "Geometric",
    "Powers",
    "Segments",
    "Staircase",
    "anneal",
    "fading_power",
    "grown",
    "last_finite_step",
    "least_true",
    "power_at",
    "powers",
    "whole_cycle",
]

# Looked up once, not per call, on the hot paths.
_sin, _cos, _pi = math.sin, math.cos, math.pi


# === Searches made once, at construction ===


def least_true(holds: Callable[[int], bool], guess: int) -> int:
    """Return the least k >= 0 for which *holds(k)*, for a *holds* false, then true.

    Gallops from *guess* to bracket the answer, then bisects: a few dozen calls.
    """
    low, high = -1, max(0, guess)
    stride = 1
    while not holds(high):
        low, high, stride = high, high + stride, stride * 2
    while high - low > 1:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle
    return high


def last_finite_step(base: float, gamma: float, per: Steps, staircase: bool) -> float:
    """Return the last step s at which ``base * gamma ** (s / per)`` is finite.

    With *staircase* the exponent is ``s // per``. Returns inf when no step overflows
    (gamma <= 1). Growing schedules are bounded this way at construction, so that a
    call past the bound raises a clear error instead of a raw OverflowError or inf.
    With base 0 the bound is where the power itself overflows.
    """
    if gamma <= 1.0:
        return math.inf

    def overflows(step: int) -> bool:
        try:
            return not math.isfinite(grown(base, gamma, step // per if staircase else step / per))
        except OverflowError:
            return True

    room = math.log(sys.float_info.max) - (math.log(abs(base)) if base else 0.0)
    # The periods to the bound, then steps: a count of steps may be past the float range.
    return least_true(overflows, int(room / math.log(gamma)) * per) - 1


def grown(base: float, gamma: float, exponent: float) -> float:
    """Return ``base * gamma ** exponent`` for gamma > 1, also where the power alone
    leaves the float range but the product does not (a base below 1), or raise
    OverflowError.

    That product is taken in pieces, each power within the range: a few of them, as
    each multiplies by nearly the largest float.
    """
    try:
        value: float = base * gamma**exponent
    except OverflowError:
        # A base of 0 is where the power itself overflows, as last_finite_step says; a
        # gamma of at most 1 overflows only in an exponent too large for a float.
        if base == 0.0 or abs(base) >= 1.0 or gamma <= 1.0:
            raise
    else:
        return value
    # One less than the largest power in range, which the logarithms may round up to.
    piece = max(1, math.floor(math.log(sys.float_info.max) / math.log(gamma)) - 1)
    value = base
    while exponent > piece and math.isfinite(value):
        value *= gamma**piece
        exponent -= piece
    value *= gamma**exponent
    if not math.isfinite(value):
        raise OverflowError("the value leaves the float range")
    return value


def whole_cycle(step: int, first: int, mult: int, log_mult: float) -> tuple[int, int]:
    """Return the cycle that holds *step* and ``mult ** cycle``, for cycles of
    ``first * mult ** i`` steps with a whole *mult* >= 2 (*log_mult* its log), exactly
    at any step.

    Cycle i starts at ``first * (mult ** i - 1) / (mult - 1)``, so the cycle is the
    largest i with ``mult ** i <= bound``: the float log lands within one of it, and
    integer powers settle the last unit.
    """
    bound = step * (mult - 1) // first + 1
    cycle = int(math.log(bound) / log_mult)
    power = mult**cycle
    while power > bound:
        power //= mult
        cycle -= 1
    while power * mult <= bound:
        power *= mult
        cycle += 1
    return cycle, power


def fading_power(gamma: float) -> int:
    """Return the least k from which ``gamma ** k`` no longer changes (0 <= gamma <= 1).

    Exponents are capped there, so that a huge step never has to become a float.
    """
    if gamma == 1.0:
        return 0
    if gamma == 0.0:
        return 1
    # gamma ** k is 0 once it falls below half the least subnormal, 2 ** -1074: a
    # guess just past 2 ** -1075.
    return least_true(lambda k: gamma**k == 0.0, int(-1075 / math.log2(gamma)))


# === Powers tabulated, for the array forms ===

# Tables of at most this many entries stand in for powers, computed by Python as the
# scalar path computes them: the same bits, looked up with ops.count and ops.take.
TABLE = 4096


class Powers:
    """``base * rate ** min(i, fixed)`` for the first indices, as Python computes them
    (a class rather than a NamedTuple: ``import schedkit`` does not import typing)."""

    __slots__ = {
        "complete": "Whether they hold every index (the last value is held past them).",
        "values": "The values, from index 0.",
    }

    def __init__(self, values: tuple[float, ...], complete: bool) -> None:
        self.values = values
        self.complete = complete


def powers(
    base: float, rate: float, fixed: float, reach: float, raised: float = math.nan
) -> Powers:
    """Return ``base * rate ** min(i, fixed)`` for each i below *reach*, at most
    TABLE of them, until it no longer changes (at i = fixed) or leaves the float
    range (*raised* where the power itself overflows, which the scalar path raises
    for)."""
    values: list[float] = []
    for index in range(int(max(1, min(reach, TABLE)))):
        try:
            value = base * rate ** (index if index < fixed else fixed)
        except OverflowError:
            value = raised
        values.append(value)
        if index >= fixed or not math.isfinite(value):
            return Powers(tuple(values), complete=True)
    return Powers(tuple(values), complete=len(values) >= reach)


def power_at(
    ops: Arrays,
    base: float,
    rate: float,
    fixed: float,
    powers: Powers,
    index: Any,
    raised: float = math.nan,
) -> Any:
    """Return ``base * rate ** min(index, fixed)`` at each integer *index*: from the
    table of :func:`powers`, and past it as a power (which numpy rounds otherwise
    than math, by an ulp)."""
    table = powers.values
    if powers.complete and len(table) == 1:
        return table[0]
    looked = ops.take(table, ops.clamp(index, 0, len(table) - 1))
    if powers.complete:
        return looked
    exponent = index if fixed == math.inf else ops.clamp(index, 0, int(fixed))
    power = ops.power(rate, ops.floats(exponent))
    computed = ops.where(ops.isfinite(power), base * power, raised)
    return ops.where(ops.below(index, len(table)), looked, computed)


# === Kinds ===


class Geometric(Schedule):
    """``base * gamma ** e``, where the subclass sets the exponent e from the step."""

    __slots__ = {
        "_base": "The value at step 0.",
        "_gamma": "The factor per period.",
        "_last": "The last step with a finite value (inf for a decay).",
        "_per": "The steps in a period.",
    }
    _staircase: ClassVar[bool]

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        base: float,
        gamma: float,
        per: Steps,
    ) -> None:
        super().__init__(factory, params, None)
        self._base = base
        self._gamma = gamma
        self._per = per
        self._last = last_finite_step(base, gamma, per, self._staircase)

    def _bound(self) -> float:
        if self._base == 0.0 or self._gamma <= 1.0:
            return abs(self._base)
        return math.inf

    def _within(self, step: int) -> float:
        # The power alone overflows at a step up to the last finite one: a base below 1
        # brings the product back into range. (Or the step is too large for a float,
        # past the last finite one.)
        try:
            exponent = step // self._per if self._staircase else step / self._per
            return grown(self._base, self._gamma, exponent)
        except OverflowError:
            return self._beyond(step)

    def _beyond(self, step: int) -> float:
        if self._base == 0.0 or self._gamma <= 1.0:
            # Past 10**308 periods a decay has reached its limit; 0 stays 0.
            limit: float = self._base * min(self._gamma, 1.0) ** math.inf
            return limit
        raise overflow(self, step, int(self._last), math.copysign(1.0, self._base))

    def _array(self, ops: Arrays, steps: Any) -> Any:
        if self._staircase:
            exponent = ops.floats(ops.floor_divide(steps, self._per))
        else:
            exponent = ops.ratio(steps, self._per)
        base, gamma = self._base, self._gamma
        if base == 0.0:
            return base  # 0 (of its sign) at every step, in any float
        if gamma < 1.0:
            # A decay, finite at every step, and 0 (of base's sign) from the exponent at
            # which the power is 0: that stretch is not computed, as numpy's power is
            # tens of times slower where it underflows.
            live = exponent < fading_power(gamma)
            value = ops.power(gamma, ops.where(live, exponent, 0.0), base)
            return ops.where(live, value, base * 0.0)
        value = ops.power(gamma, exponent, base)
        if gamma == 1.0:
            return value
        # The power alone overflows before the product does for a base below 1: the
        # product is then taken in pieces, as grown takes it.
        # (In a narrower float, power's logarithms keep the product in range.)
        piece = max(1, math.floor(math.log(sys.float_info.max) / math.log(gamma)) - 1)
        top = (self._last // self._per) if self._staircase else (self._last / self._per)
        if ops.double and abs(base) < 1.0 and top > piece:
            pieces, rest = ops.full(base), exponent
            for _ in range(math.ceil(top / piece)):
                more = rest > piece
                pieces = ops.where(more, pieces * gamma**piece, pieces)
                rest = ops.where(more, rest - piece, rest)
            pieces = pieces * ops.power(gamma, rest)
            value = ops.where(ops.isfinite(value), value, pieces)
        # Past the last finite step the value is inf, which the call reports.
        beyond = math.copysign(math.inf, base)
        return ops.where(ops.below(steps, int(self._last) + 1), value, beyond)


class Staircase(Geometric):
    __slots__ = ()
    _staircase = True

    def _at(self, step: int) -> float:
        if step > self._last:
            return self._beyond(step)
        try:
            return self._base * self._gamma ** (step // self._per)
        except OverflowError:
            return self._within(step)


class Continuous(Geometric):
    __slots__ = ()
    _staircase = False

    def _at(self, step: int) -> float:
        if step > self._last:
            return self._beyond(step)
        try:
            value: float = self._base * self._gamma ** (step / self._per)
        except OverflowError:
            return self._within(step)
        return value


class Constant(Schedule):
    """A value that never changes, for every factory of one (core and frameworks')."""

    __slots__ = {"_lr": "The value at every step."}

    def __init__(self, factory: Callable[..., Schedule], params: dict[str, Any], lr: float) -> None:
        super().__init__(factory, params, None)
        self._lr = lr

    def _at(self, step: int) -> float:
        return self._lr

    def _bound(self) -> float:
        return abs(self._lr)

    def _array(self, ops: Arrays, steps: Any) -> Any:
        return self._lr


class Segments(Schedule):
    """Moves one after another, then a final value held from the end step on.

    Each segment is (start value, end value, length, move) and begins where the one
    before it ends; the first begins at step 0. A segment's end value is shown only
    by what follows it, so a step on a join belongs to the next segment.
    """

    __slots__ = {
        "_end": "The step from which the final value holds.",
        "_final": "The value from the end step on.",
        "_segments": "The (start value, end value, length, move) of each segment.",
        "_starts": "The step at which each segment begins.",
    }

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        segments: Sequence[tuple[float, float, Steps, Move]],
        final: float,
    ) -> None:
        starts, end = [], 0
        for _, _, length, _ in segments:
            starts.append(end)
            end += length
        super().__init__(factory, params, end)
        self._starts = tuple(starts)
        self._segments = tuple(segments)
        self._end = end
        self._final = final

    def __call__(self, step: Any) -> Any:  # Schedule.__call__, written out for speed
        if type(step) is not int or step < 0:
            return self._other(step)
        if step >= self._end:
            return self._final
        index = bisect_right(self._starts, step) - 1
        start, end, length, move = self._segments[index]
        if move is hold:  # a plateau, such as the stable part of warmup_stable_decay
            return start
        return move(start, end, step - self._starts[index], length)

    _at = __call__

    def _array(self, ops: Arrays, steps: Any) -> Any:
        pairs = []
        for first, (start, end, length, move) in zip(self._starts, self._segments, strict=True):
            if length == 0 or first > ops.imax:
                continue  # no step lands on it
            offset = ops.clamp(steps, first, first + length) - first
            value = ARRAY_MOVES[move](ops, start, end, offset, length)
            pairs.append((ops.below(steps, first + length), value))
        return ops.select(pairs, self._final)

    def _bound(self) -> float:
        # Every move stays between its two ends.
        ends = [abs(value) for start, end, _, _ in self._segments for value in (start, end)]
        return max([abs(self._final), *ends])


class Anneal(Schedule):
    """A move from a start value at step 0 to an end value at total_steps, then held."""

    __slots__ = {
        "_drop": "start - end, for the cosine's call, which writes its move out.",
        "_end": "The value from total_steps on.",
        "_move": "The move from start to end.",
        "_start": "The value at step 0.",
        "_three_quarters": "3 * total_steps, where the cosine's last quarter begins.",
        "_total": "total_steps.",
    }

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        start: float,
        end: float,
        total_steps: Steps,
        move: Move,
    ) -> None:
        super().__init__(factory, params, total_steps)
        self._start = start
        self._end = end
        self._total = total_steps
        self._move = move
        self._drop = start - end
        self._three_quarters = 3 * total_steps

    def __call__(self, step: Any) -> Any:  # Schedule.__call__, written out for speed
        if type(step) is not int or step < 0:
            return self._other(step)
        if step >= self._total:
            return self._end
        return self._move(self._start, self._end, step, self._total)

    _at = __call__

    def _array(self, ops: Arrays, steps: Any) -> Any:
        offset = ops.clamp(steps, 0, self._total)
        value = ARRAY_MOVES[self._move](ops, self._start, self._end, offset, self._total)
        return ops.where(ops.below(steps, self._total), value, self._end)

    def _bound(self) -> float:
        return max(abs(self._start), abs(self._end))


class Cosine(Anneal):
    """The anneal of :func:`cosine`, with ``cosine_between`` written out in the call
    (the same operations, so the same bits): the cosine is the most called schedule,
    and a frame is a fifth of its cost. ``end - start`` is ``-drop`` exactly."""

    __slots__ = ()

    def __call__(self, step: Any) -> Any:  # Schedule.__call__, written out for speed
        if type(step) is not int or step < 0:
            return self._other(step)
        length = self._total
        if step >= length:
            return self._end
        quarters = 4 * step
        if quarters < length:
            s = _sin(HALF_PI * (step / length))
            return self._start - self._drop * (s * s)
        if quarters <= self._three_quarters:
            return self._end + self._drop * ((1.0 + _cos(_pi * (step / length))) * 0.5)
        s = _sin(HALF_PI * ((length - step) / length))
        return self._end + self._drop * (s * s)

    _at = __call__


# The moves whose anneal writes them out in its call (the same operations, so the
# same bits), for speed; any other move is called through Anneal.
_WRITTEN_OUT: dict[Move, type[Anneal]] = {cosine_between: Cosine}


def anneal(
    factory: Callable[..., Schedule],
    names: tuple[str, str],
    ends: tuple[object, object],
    total_steps: object,
    move: Move,
) -> Schedule:
    """Check and build a single move from a start value to an end value, for a factory
    whose parameters are the two ends (named *names*) and ``total_steps``."""
    start, end = check.endpoints(names, ends)
    steps = check.positive_integer("total_steps", total_steps)
    params = {names[0]: start, names[1]: end, "total_steps": steps}
    return _WRITTEN_OUT.get(move, Anneal)(factory, params, start, end, steps, move)
