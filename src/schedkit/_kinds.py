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
from ._shapes import HALF_PI, Move, cosine_between, hold

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, SupportsIndex

__all__ = [
    "Anneal",
    "Constant",
    "Continuous",
    "Cosine",
    "Geometric",
    "Segments",
    "Staircase",
    "anneal",
    "fading_power",
    "grown",
    "last_finite_step",
    "least_true",
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

    def __call__(self, step: SupportsIndex) -> float:
        if type(step) is not int or step < 0:
            step = check.step(self.name, step)
        if step >= self._end:
            return self._final
        index = bisect_right(self._starts, step) - 1
        start, end, length, move = self._segments[index]
        if move is hold:  # a plateau, such as the stable part of warmup_stable_decay
            return start
        return move(start, end, step - self._starts[index], length)

    _at = __call__

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

    def __call__(self, step: SupportsIndex) -> float:
        if type(step) is not int or step < 0:
            step = check.step(self.name, step)
        if step >= self._total:
            return self._end
        return self._move(self._start, self._end, step, self._total)

    _at = __call__

    def _bound(self) -> float:
        return max(abs(self._start), abs(self._end))


class Cosine(Anneal):
    """The anneal of :func:`cosine`, with ``cosine_between`` written out in the call
    (the same operations, so the same bits): the cosine is the most called schedule,
    and a frame is a fifth of its cost. ``end - start`` is ``-drop`` exactly."""

    __slots__ = ()

    def __call__(self, step: SupportsIndex) -> float:
        if type(step) is not int or step < 0:
            step = check.step(self.name, step)
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
