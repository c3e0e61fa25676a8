"""The classic catalog: each factory checks its parameters once and returns a Schedule.

Every formula below uses one vocabulary: b = base_lr (the value at step 0),
m = min_lr (the floor a cosine reaches), e = end_lr (the value a decay ends at),
T = total_steps, s = the step. Step 0 is the first update. A finite schedule
reaches its end value at step T exactly and holds it from then on.
"""

from __future__ import annotations

import math
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from . import _validate as check
from ._registry import Steps, choices, options, register
from ._schedule import Schedule, overflow
from ._shapes import (
    _HALF_PI,
    MOVES,
    Move,
    cosine_between,
    hold,
    lerp,
    linear_between,
    rex_between,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, Literal, SupportsIndex

# Looked up once, not per call, on the hot paths.
_sin, _cos, _pi = math.sin, math.cos, math.pi

__all__ = [
    "constant",
    "cosine",
    "cosine_restarts",
    "exp_range",
    "exponential",
    "exponential_decay",
    "interpolate",
    "inverse_sqrt",
    "inverse_time",
    "linear",
    "multi_step",
    "one_cycle",
    "piecewise_constant",
    "polynomial",
    "rex",
    "step_decay",
    "triangular",
    "triangular2",
    "warmup_stable_decay",
]


def _first(holds: Callable[[int], bool], guess: int) -> int:
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


def _last_finite_step(base: float, gamma: float, per: int, staircase: bool) -> float:
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
            return not math.isfinite(base * gamma ** (step // per if staircase else step / per))
        except OverflowError:
            return True

    room = math.log(sys.float_info.max) - (math.log(abs(base)) if base else 0.0)
    return _first(overflows, int(room / math.log(gamma) * per)) - 1


def _fading_power(gamma: float) -> int:
    """Return the least k from which ``gamma ** k`` no longer changes (0 <= gamma <= 1).

    Exponents are capped there, so that a huge step never has to become a float.
    """
    if gamma == 1.0:
        return 0
    if gamma == 0.0:
        return 1
    return _first(lambda k: gamma**k == 0.0, int(-1075 / math.log2(gamma)))


class _Geometric(Schedule):
    """``base * gamma ** e``, where the subclass sets the exponent e from the step."""

    __slots__ = ("_base", "_gamma", "_last", "_per")
    _staircase: ClassVar[bool]

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        base: float,
        gamma: float,
        per: int,
    ) -> None:
        super().__init__(factory, params, None)
        self._base = base
        self._gamma = gamma
        self._per = per
        self._last = _last_finite_step(base, gamma, per, self._staircase)

    def _beyond(self, step: int) -> float:
        if self._base == 0.0 or self._gamma <= 1.0:
            # Past 10**308 periods a decay has reached its limit; 0 stays 0.
            limit: float = self._base * min(self._gamma, 1.0) ** math.inf
            return limit
        raise overflow(self, step, int(self._last))


class _Staircase(_Geometric):
    __slots__ = ()
    _staircase = True

    def _at(self, step: int) -> float:
        if step > self._last:
            return self._beyond(step)
        try:
            return self._base * self._gamma ** (step // self._per)
        except OverflowError:
            return self._beyond(step)


class _Continuous(_Geometric):
    __slots__ = ()
    _staircase = False

    def _at(self, step: int) -> float:
        if step > self._last:
            return self._beyond(step)
        try:
            value: float = self._base * self._gamma ** (step / self._per)
        except OverflowError:
            return self._beyond(step)
        return value


class _Constant(Schedule):
    __slots__ = ("_lr",)

    def __init__(self, lr: float) -> None:
        super().__init__(constant, {"lr": lr}, None)
        self._lr = lr

    def _at(self, step: int) -> float:
        return self._lr


@register
def constant(*, lr: float) -> Schedule:
    """A value that never changes.

    ::

        value(s) = lr    for every s >= 0

    Args:
        lr: the value at every step.

    Examples:
        >>> schedule = constant(lr=0.1)
        >>> schedule(0), schedule(10**12)
        (0.1, 0.1)
    """
    return _Constant(check.real("constant", "lr", lr))


@register
def step_decay(*, base_lr: float, gamma: float, step_size: Steps) -> Schedule:
    """Multiply the value by *gamma* every *step_size* steps.

    ::

        value(s) = b * gamma ** floor(s / step_size)

    The same as PyTorch's ``StepLR``. There is no end: the decay goes on.

    Args:
        base_lr: the value at step 0.
        gamma: the factor applied at each drop, at least 0 (above 1 the value grows).
        step_size: the number of steps between drops, at least 1.

    Examples:
        >>> schedule = step_decay(base_lr=1.0, gamma=0.5, step_size=10)
        >>> schedule(0), schedule(9), schedule(10), schedule(25)
        (1.0, 1.0, 0.5, 0.25)

    Raises:
        ScheduleError: at a step whose value overflows a float (only when gamma > 1).
    """
    name = "step_decay"
    base_lr = check.real(name, "base_lr", base_lr)
    gamma = check.non_negative(name, "gamma", gamma)
    step_size = check.positive_integer(name, "step_size", step_size)
    params = {"base_lr": base_lr, "gamma": gamma, "step_size": step_size}
    return _Staircase(step_decay, params, base_lr, gamma, step_size)


class _MultiStep(Schedule):
    __slots__ = ("_milestones", "_values")

    def __init__(self, base_lr: float, milestones: tuple[int, ...], gamma: float) -> None:
        super().__init__(
            multi_step, {"base_lr": base_lr, "milestones": milestones, "gamma": gamma}, None
        )
        self._milestones = milestones
        self._values = tuple(base_lr * gamma**k for k in range(len(milestones) + 1))

    def __call__(self, step: SupportsIndex) -> float:
        if type(step) is not int or step < 0:
            step = check.step(self.name, step)
        return self._values[bisect_right(self._milestones, step)]

    _at = __call__


@register
def multi_step(*, base_lr: float, milestones: Iterable[Steps], gamma: float) -> Schedule:
    """Multiply the value by *gamma* at each milestone step.

    ::

        value(s) = b * gamma ** k    where k = the number of milestones <= s

    A repeated milestone counts each time, so ``milestones=[10, 10]`` drops by
    ``gamma ** 2`` at step 10. The value changes at the milestone itself, as in
    PyTorch's ``MultiStepLR``. Milestones may come in any order; the schedule keeps
    them sorted. The place of a step is found by bisection, so the cost does not
    grow with the number of milestones passed.

    Args:
        base_lr: the value before the first milestone.
        milestones: the steps at which the value drops, positive integers.
        gamma: the factor applied at each milestone, at least 0.

    Examples:
        >>> schedule = multi_step(base_lr=1.0, milestones=[30, 80], gamma=0.1)
        >>> schedule(29), schedule(30), round(schedule(80), 12), round(schedule(10**6), 12)
        (1.0, 0.1, 0.01, 0.01)
    """
    name = "multi_step"
    base_lr = check.real(name, "base_lr", base_lr)
    steps = check.positive_integers(name, "milestones", milestones)
    gamma = check.non_negative(name, "gamma", gamma)
    if _last_finite_step(base_lr, gamma, 1, True) < len(steps):
        raise check.ScheduleError(
            f"{name}: base_lr * gamma ** len(milestones) must be a finite number, "
            f"got base_lr={base_lr!r}, gamma={gamma!r}, len(milestones)={len(steps)}"
        )
    return _MultiStep(base_lr, steps, gamma)


@register
def exponential(*, base_lr: float, gamma: float) -> Schedule:
    """Multiply the value by *gamma* at every step.

    ::

        value(s) = b * gamma ** s

    The same as PyTorch's ``ExponentialLR``. There is no end: the decay goes on.

    Args:
        base_lr: the value at step 0.
        gamma: the factor per step, at least 0 (above 1 the value grows).

    Examples:
        >>> schedule = exponential(base_lr=1.0, gamma=0.5)
        >>> schedule(0), schedule(1), schedule(3), schedule(10**12)
        (1.0, 0.5, 0.125, 0.0)

    Raises:
        ScheduleError: at a step whose value overflows a float (only when gamma > 1).
    """
    name = "exponential"
    base_lr = check.real(name, "base_lr", base_lr)
    gamma = check.non_negative(name, "gamma", gamma)
    return _Staircase(exponential, {"base_lr": base_lr, "gamma": gamma}, base_lr, gamma, 1)


class _Segments(Schedule):
    """Moves one after another, then a final value held from the end step on.

    Each segment is (start value, end value, length, move) and begins where the one
    before it ends; the first begins at step 0. A segment's end value is shown only
    by what follows it, so a step on a join belongs to the next segment.
    """

    __slots__ = ("_end", "_final", "_segments", "_starts")

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        segments: Sequence[tuple[float, float, int, Move]],
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


class _Anneal(Schedule):
    """A move from a start value at step 0 to an end value at total_steps, then held."""

    __slots__ = ("_drop", "_end", "_move", "_start", "_three_quarters", "_total")

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        ends: tuple[float, float],
        move: Move,
    ) -> None:
        super().__init__(factory, params, params["total_steps"])
        self._start, self._end = ends
        self._total: int = params["total_steps"]
        self._move = move
        # For the cosine's call, which writes its move out.
        self._drop = self._start - self._end
        self._three_quarters = 3 * self._total

    def __call__(self, step: SupportsIndex) -> float:
        if type(step) is not int or step < 0:
            step = check.step(self.name, step)
        if step >= self._total:
            return self._end
        return self._move(self._start, self._end, step, self._total)

    _at = __call__


class _Cosine(_Anneal):
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
            s = _sin(_HALF_PI * (step / length))
            return self._start - self._drop * (s * s)
        if quarters <= self._three_quarters:
            return self._end + self._drop * ((1.0 + _cos(_pi * (step / length))) * 0.5)
        s = _sin(_HALF_PI * ((length - step) / length))
        return self._end + self._drop * (s * s)

    _at = __call__


def _anneal(
    factory: Callable[..., Schedule],
    names: tuple[str, str],
    ends: tuple[float, float],
    total_steps: int,
    move: Move,
) -> Schedule:
    """Check and build a single move from a start value to an end value."""
    name = factory.__name__
    start, end = check.endpoints(name, names, ends)
    total_steps = check.positive_integer(name, "total_steps", total_steps)
    params = {names[0]: start, names[1]: end, "total_steps": total_steps}
    kind = _Cosine if move is cosine_between else _Anneal
    return kind(factory, params, (start, end), move)


@register
def linear(*, base_lr: float, end_lr: float, total_steps: Steps) -> Schedule:
    """A straight line from *base_lr* at step 0 to *end_lr* at *total_steps*, then held.

    ::

        value(s) = b + (e - b) * s / T    if s < T
                   e                      if s >= T

    Args:
        base_lr: the value at step 0.
        end_lr: the value from step *total_steps* on; it may be above *base_lr*.
        total_steps: the step at which *end_lr* is reached, at least 1.

    Examples:
        >>> schedule = linear(base_lr=1.0, end_lr=0.0, total_steps=4)
        >>> [schedule(s) for s in range(6)]
        [1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    """
    return _anneal(linear, ("base_lr", "end_lr"), (base_lr, end_lr), total_steps, linear_between)


class _Polynomial(Schedule):
    __slots__ = ("_end", "_middle", "_power", "_start", "_total")

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(polynomial, params, params["total_steps"])
        self._start: float = params["base_lr"]
        self._end: float = params["end_lr"]
        self._total: int = params["total_steps"]
        self._power: float = params["power"]
        # The step from which (1 - s / T) ** power is below one half: the end is nearer.
        self._middle = self._total * -math.expm1(-math.log(2.0) / self._power)

    def _at(self, step: int) -> float:
        total = self._total
        if step >= total:
            return self._end
        if step < self._middle:
            # 1 - (1 - x) ** p, without the cancellation of computing it that way.
            done = -math.expm1(self._power * math.log1p(-step / total))
            return self._start + (self._end - self._start) * done
        left: float = ((total - step) / total) ** self._power
        return self._end + (self._start - self._end) * left


@register
def polynomial(*, base_lr: float, end_lr: float, total_steps: Steps, power: float) -> Schedule:
    """A polynomial decay from *base_lr* at step 0 to *end_lr* at *total_steps*, then held.

    ::

        value(s) = e + (b - e) * (1 - s / T) ** power    if s < T
                   e                                     if s >= T

    ``power=1`` is :func:`linear`; ``power=2`` falls fast and then flattens; a power
    below 1 stays high and drops late.

    Args:
        base_lr: the value at step 0.
        end_lr: the value from step *total_steps* on.
        total_steps: the step at which *end_lr* is reached, at least 1.
        power: the exponent, greater than 0.

    Examples:
        >>> schedule = polynomial(base_lr=1.0, end_lr=0.0, total_steps=4, power=2.0)
        >>> [schedule(s) for s in range(6)]
        [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """
    name = "polynomial"
    base_lr, end_lr = check.endpoints(name, ("base_lr", "end_lr"), (base_lr, end_lr))
    total_steps = check.positive_integer(name, "total_steps", total_steps)
    power = check.positive(name, "power", power)
    params = {"base_lr": base_lr, "end_lr": end_lr, "total_steps": total_steps, "power": power}
    return _Polynomial(params)


@register
def cosine(*, base_lr: float, min_lr: float, total_steps: Steps) -> Schedule:
    """Cosine annealing from *base_lr* at step 0 to *min_lr* at *total_steps*, then held.

    ::

        value(s) = m + (b - m) * (1 + cos(pi * s / T)) / 2    if s < T
                   m                                          if s >= T

    Unlike PyTorch's ``CosineAnnealingLR``, the value does not rise again past T.
    *min_lr* may be above *base_lr*: the curve then rises, as weight-decay schedules
    often do.

    Args:
        base_lr: the value at step 0.
        min_lr: the value from step *total_steps* on.
        total_steps: the step at which *min_lr* is reached, at least 1.

    Examples:
        >>> schedule = cosine(base_lr=1.0, min_lr=0.0, total_steps=100)
        >>> schedule(0), round(schedule(50), 12), schedule(100), schedule(150)
        (1.0, 0.5, 0.0, 0.0)

    References:
        Loshchilov and Hutter, SGDR: Stochastic Gradient Descent with Warm Restarts,
        ICLR 2017, https://arxiv.org/abs/1608.03983
    """
    return _anneal(cosine, ("base_lr", "min_lr"), (base_lr, min_lr), total_steps, cosine_between)


class _CosineRestarts(Schedule):
    __slots__ = ("_decay", "_end", "_fade", "_log_mult", "_mult", "_period", "_start", "_stop")

    def __init__(self, params: dict[str, Any]) -> None:
        period: int = params["period"]
        mult: int = params["t_mult"]
        cycles: int | None = params["max_cycles"]
        if cycles is None:
            stop = None
        elif mult == 1:
            stop = period * cycles
        else:
            stop = period * (mult**cycles - 1) // (mult - 1)
        super().__init__(cosine_restarts, params, stop)
        self._start: float = params["base_lr"]
        self._end: float = params["min_lr"]
        self._decay: float = params["decay"]
        self._fade = _fading_power(self._decay)
        self._period = period
        self._mult = mult
        self._log_mult = math.log(mult)
        self._stop = math.inf if stop is None else stop

    def __call__(self, step: SupportsIndex) -> float:
        if type(step) is not int or step < 0:
            step = check.step(self.name, step)
        if step >= self._stop:
            return self._end
        period, mult = self._period, self._mult
        if mult == 1:
            cycle, offset = divmod(step, period)
            length = period
        else:
            # Cycle i starts at period * (mult**i - 1) / (mult - 1), so the current
            # cycle is the largest i with mult**i <= bound. The float log lands within
            # one of it; integer powers settle the last unit exactly.
            bound = step * (mult - 1) // period + 1
            cycle = int(math.log(bound) / self._log_mult)
            power = mult**cycle
            while power > bound:
                power //= mult
                cycle -= 1
            while power * mult <= bound:
                power *= mult
                cycle += 1
            offset = step - period * (power - 1) // (mult - 1)
            length = period * power
        if self._decay == 1.0:
            return cosine_between(self._start, self._end, offset, length)
        peak = lerp(self._end, self._start, self._decay ** min(cycle, self._fade))
        return cosine_between(peak, self._end, offset, length)

    _at = __call__


@register
def cosine_restarts(
    *,
    base_lr: float,
    min_lr: float,
    period: Steps,
    t_mult: int,
    decay: float = 1.0,
    max_cycles: int | None = None,
) -> Schedule:
    """Cosine annealing with warm restarts (SGDR): a new cosine from each restart.

    Cycle i (from 0) lasts ``L_i = period * t_mult ** i`` steps and starts at step
    ``S_i = L_0 + ... + L_{i-1}``; its peak is ``P_i = m + (b - m) * decay ** i``.
    With K = max_cycles and E = S_K, the step at which cycle K would start::

        value(s) = m + (P_i - m) * (1 + cos(pi * (s - S_i) / L_i)) / 2    if S_i <= s < S_{i+1}
                   m                                                      if s >= E

    The value is P_i at every restart (b, with the default decay of 1) and approaches
    m at the end of each cycle without reaching it, as in PyTorch's
    ``CosineAnnealingWarmRestarts``. Without *max_cycles* the schedule has no end;
    with it, the length is E and m is held from there. The cycle of a step is found
    in closed form, so step 10**12 costs what step 10 costs.

    Args:
        base_lr: the value at the start of every cycle.
        min_lr: the value each cycle approaches at its end.
        period: the length of the first cycle, at least 1.
        t_mult: the integer factor by which each cycle is longer than the one
            before, at least 1 (1 gives equal cycles).
        decay: the factor by which each cycle's peak height above *min_lr* is smaller
            than the one before, with 0 <= decay <= 1 (timm's ``cycle_decay``, Keras'
            ``m_mul``). The default keeps every peak at *base_lr*.
        max_cycles: the number of complete cycles after which *min_lr* is held, at
            least 1, or None for no end. The end E must be below 2 ** 1024, past
            which no step can be a float.

    Examples:
        >>> schedule = cosine_restarts(base_lr=1.0, min_lr=0.0, period=10, t_mult=2)
        >>> schedule(0), round(schedule(5), 12), schedule(10), round(schedule(20), 12)
        (1.0, 0.5, 1.0, 0.5)
        >>> schedule(30), schedule(70)
        (1.0, 1.0)
        >>> fading = cosine_restarts(
        ...     base_lr=1.0, min_lr=0.0, period=10, t_mult=1, decay=0.5, max_cycles=3
        ... )
        >>> fading(0), fading(10), fading(20), round(fading(25), 12), fading(30), fading.length
        (1.0, 0.5, 0.25, 0.125, 0.0, 30)

    References:
        Loshchilov and Hutter, SGDR: Stochastic Gradient Descent with Warm Restarts,
        ICLR 2017, https://arxiv.org/abs/1608.03983
    """
    name = "cosine_restarts"
    base_lr, min_lr = check.endpoints(name, ("base_lr", "min_lr"), (base_lr, min_lr))
    period = check.positive_integer(name, "period", period)
    mult = check.positive_integer(name, "t_mult", t_mult)
    cycles = check.optional_positive_integer(name, "max_cycles", max_cycles)
    params = {
        "base_lr": base_lr,
        "min_lr": min_lr,
        "period": period,
        "t_mult": mult,
        "decay": check.fraction(name, "decay", decay),
        "max_cycles": cycles,
    }
    # The end is at least t_mult ** (max_cycles - 1): checked before that power is
    # computed, since a huge one would not finish.
    too_far = cycles is not None and (cycles - 1) * (mult.bit_length() - 1) >= _MAX_END_BITS
    schedule = None if too_far else _CosineRestarts(params)
    end: int = 0 if schedule is None else schedule.length or 0
    if schedule is None or end.bit_length() > _MAX_END_BITS:
        raise check.ScheduleError(
            f"{name}: the end step must be below 2 ** {_MAX_END_BITS}, got period={period}, "
            f"t_mult={mult}, max_cycles={cycles}"
        )
    return schedule


# The end of a finite cosine_restarts must be a step that a float can hold.
_MAX_END_BITS = 1024


class _InverseSqrt(Schedule):
    __slots__ = ("_base", "_warmup")

    def __init__(self, base_lr: float, warmup_steps: int) -> None:
        super().__init__(inverse_sqrt, {"base_lr": base_lr, "warmup_steps": warmup_steps}, None)
        self._base = base_lr
        self._warmup = warmup_steps

    def _at(self, step: int) -> float:
        if step < self._warmup:
            return self._base * (step / self._warmup)
        return self._base * math.sqrt(self._warmup / step)


@register
def inverse_sqrt(*, base_lr: float, warmup_steps: Steps) -> Schedule:
    """A linear warmup to *base_lr*, then decay with the inverse square root of the step.

    With w = warmup_steps::

        value(s) = b * s / w          if s < w
                   b * sqrt(w / s)    if s >= w

    The peak b is reached at step w exactly. There is no end: the decay goes on.

    Args:
        base_lr: the peak value, reached at step *warmup_steps*.
        warmup_steps: the length of the warmup from 0, at least 1.

    Examples:
        >>> schedule = inverse_sqrt(base_lr=1.0, warmup_steps=100)
        >>> schedule(0), schedule(50), schedule(100), schedule(400)
        (0.0, 0.5, 1.0, 0.5)

    References:
        Vaswani et al., Attention Is All You Need, NeurIPS 2017,
        https://arxiv.org/abs/1706.03762
    """
    name = "inverse_sqrt"
    return _InverseSqrt(
        check.real(name, "base_lr", base_lr),
        check.positive_integer(name, "warmup_steps", warmup_steps),
    )


if TYPE_CHECKING:
    Anneal = Literal["cos", "linear"]
else:
    Anneal = choices("cos", "linear")
_ANNEALS: dict[str, Move] = {"cos": cosine_between, "linear": linear_between}


@register
def one_cycle(
    *,
    max_lr: float,
    total_steps: Steps,
    pct_start: float,
    initial_div: float,
    final_div: float,
    anneal: Anneal = "cos",
    three_phase: bool = False,
) -> Schedule:
    """The one-cycle policy: a rise to *max_lr*, then a fall below the start.

    With M = max_lr, a = M / initial_div, z = M / final_div and the peak step
    W = round(pct_start * T), kept within 1 <= W <= T - 1 (``round`` rounds a half to
    the even neighbour), and with ``move(x, y, k, n)`` the value k steps along a move
    of n steps from x to y (a half cosine, or a straight line with ``anneal="linear"``)::

        value(s) = move(a, M, s, W)              if s < W
                   move(M, z, s - W, T - W)      if W <= s < T
                   z                             if s >= T

    With ``three_phase=True`` the fall first returns to the start, then anneals::

        value(s) = move(a, M, s, W)              if s < W
                   move(M, a, s - W, W)          if W <= s < 2W
                   move(a, z, s - 2W, T - 2W)    if 2W <= s < T
                   z                             if s >= T

    The peak M is reached at step W exactly and z at step T. PyTorch's
    ``OneCycleLR`` differs: its peak is at step ``pct_start * T - 1``, its floor is
    ``M / (div_factor * final_div_factor)`` and it is reached at ``T - 1``.

    Args:
        max_lr: the peak value.
        total_steps: the step at which the end value is reached, at least 2.
        pct_start: the fraction of *total_steps* spent rising, with 0 < pct_start < 1.
        initial_div: the start value is ``max_lr / initial_div``; greater than 0.
        final_div: the end value is ``max_lr / final_div``; greater than 0.
        anneal: ``"cos"`` (the default) or ``"linear"``, the shape of every leg.
        three_phase: whether to come back to the start before the final anneal;
            then ``2 * W`` must be less than *total_steps*.

    Examples:
        >>> schedule = one_cycle(
        ...     max_lr=1.0, total_steps=100, pct_start=0.25, initial_div=10.0, final_div=100.0
        ... )
        >>> schedule(0), schedule(25), schedule(100), schedule(200)
        (0.1, 1.0, 0.01, 0.01)
        >>> three = one_cycle(
        ...     max_lr=1.0, total_steps=100, pct_start=0.25, initial_div=10.0, final_div=100.0,
        ...     anneal="linear", three_phase=True,
        ... )
        >>> three(0), three(25), round(three(40), 12), three(50), round(three(75), 12), three(100)
        (0.1, 1.0, 0.46, 0.1, 0.055, 0.01)

    References:
        Smith and Topin, Super-Convergence: Very Fast Training of Neural Networks Using
        Large Learning Rates, 2017, https://arxiv.org/abs/1708.07120
    """
    name = "one_cycle"
    max_lr = check.real(name, "max_lr", max_lr)
    total_steps = check.at_least(name, "total_steps", total_steps, 2)
    pct_start = check.unit_interval(name, "pct_start", pct_start)
    initial_div = check.positive(name, "initial_div", initial_div)
    final_div = check.positive(name, "final_div", final_div)
    anneal = check.choice(name, "anneal", anneal, options(Anneal))
    three_phase = check.boolean(name, "three_phase", three_phase)
    given = f"max_lr={max_lr!r}, initial_div={initial_div!r}, final_div={final_div!r}"
    start = check.finite_result(name, "max_lr / initial_div", max_lr / initial_div, given)
    end = check.finite_result(name, "max_lr / final_div", max_lr / final_div, given)
    peak_step = min(max(1, round(pct_start * total_steps)), total_steps - 1)
    move = _ANNEALS[anneal]
    segments = [(start, max_lr, peak_step, move)]
    if three_phase:
        if 2 * peak_step >= total_steps:
            raise check.ScheduleError(
                f"{name}: with three_phase=True, 2 * round(pct_start * total_steps) must be "
                f"less than total_steps, got pct_start={pct_start!r}, total_steps={total_steps}"
            )
        segments.append((max_lr, start, peak_step, move))
        segments.append((start, end, total_steps - 2 * peak_step, move))
    else:
        segments.append((max_lr, end, total_steps - peak_step, move))
    params = {
        "max_lr": max_lr,
        "total_steps": total_steps,
        "pct_start": pct_start,
        "initial_div": initial_div,
        "final_div": final_div,
        "anneal": anneal,
        "three_phase": three_phase,
    }
    return _Segments(one_cycle, params, segments, end)


class _Cyclic(Schedule):
    """Smith's triangle wave: up from a low value over *half* steps, then back down.

    Subclasses set the height of each cycle's peak; the legs are straight lines.
    """

    __slots__ = ("_fade", "_gamma", "_half", "_high", "_low")

    def __init__(
        self, factory: Callable[..., Schedule], params: dict[str, Any], gamma: float
    ) -> None:
        super().__init__(factory, params, None)
        self._low: float = params["min_lr"]
        self._high: float = params["max_lr"]
        self._half: int = params["step_size"]
        self._gamma = gamma
        self._fade = _fading_power(gamma)

    def _triangle(self, step: int, peak: float) -> float:
        half = self._half
        offset = step % (2 * half)
        if offset < half:
            return linear_between(self._low, peak, offset, half)
        return linear_between(peak, self._low, offset - half, half)


class _Triangular(_Cyclic):
    __slots__ = ()

    def _at(self, step: int) -> float:
        return self._triangle(step, self._high)


class _HalvingCycles(_Cyclic):
    __slots__ = ()

    def _at(self, step: int) -> float:
        shrink = self._gamma ** min(step // (2 * self._half), self._fade)
        return self._triangle(step, lerp(self._low, self._high, shrink))


class _ExpRange(_Cyclic):
    __slots__ = ()

    def _at(self, step: int) -> float:
        shrink = self._gamma ** min(step, self._fade)
        return self._triangle(step, lerp(self._low, self._high, shrink))


def _cyclic_params(name: str, min_lr: float, max_lr: float, step_size: int) -> dict[str, Any]:
    min_lr, max_lr = check.endpoints(name, ("min_lr", "max_lr"), (min_lr, max_lr))
    step_size = check.positive_integer(name, "step_size", step_size)
    return {"min_lr": min_lr, "max_lr": max_lr, "step_size": step_size}


@register
def triangular(*, min_lr: float, max_lr: float, step_size: Steps) -> Schedule:
    """Smith's triangular cyclical rate: straight up and down between two values.

    With n = step_size, the cycle of 2n steps repeats forever; with k = s mod 2n::

        value(s) = m + (M - m) * k / n          if k < n
                   M + (m - M) * (k - n) / n    if k >= n

    where m = min_lr and M = max_lr. The value is m at every multiple of 2n and M
    halfway between. *min_lr* may be above *max_lr*, which cycles the other way (as
    momentum does against a cyclical learning rate). The same as PyTorch's
    ``CyclicLR(mode="triangular")`` with ``step_size_up = step_size_down = n``.

    Args:
        min_lr: the value at the start of every cycle.
        max_lr: the value at the middle of every cycle.
        step_size: the number of steps of each half cycle, at least 1.

    Examples:
        >>> schedule = triangular(min_lr=0.0, max_lr=1.0, step_size=4)
        >>> schedule(0), schedule(2), schedule(4), schedule(6), schedule(8), schedule(10**12 + 4)
        (0.0, 0.5, 1.0, 0.5, 0.0, 1.0)

    References:
        Smith, Cyclical Learning Rates for Training Neural Networks, WACV 2017,
        https://arxiv.org/abs/1506.01186
    """
    return _Triangular(triangular, _cyclic_params("triangular", min_lr, max_lr, step_size), 1.0)


@register
def triangular2(*, min_lr: float, max_lr: float, step_size: Steps) -> Schedule:
    """Smith's triangular cyclical rate whose height halves after each full cycle.

    With n = step_size, c = floor(s / 2n) (the cycle, from 0) and k = s mod 2n, the
    peak of cycle c is ``P_c = m + (M - m) / 2 ** c`` and::

        value(s) = m + (P_c - m) * k / n          if k < n
                   P_c + (m - P_c) * (k - n) / n  if k >= n

    The same as PyTorch's ``CyclicLR(mode="triangular2")`` with equal half cycles.

    Args:
        min_lr: the value at the start of every cycle.
        max_lr: the peak of the first cycle.
        step_size: the number of steps of each half cycle, at least 1.

    Examples:
        >>> schedule = triangular2(min_lr=0.0, max_lr=1.0, step_size=5)
        >>> schedule(0), schedule(5), schedule(10), schedule(15), schedule(25), schedule(10**12)
        (0.0, 1.0, 0.0, 0.5, 0.25, 0.0)

    References:
        Smith, Cyclical Learning Rates for Training Neural Networks, WACV 2017,
        https://arxiv.org/abs/1506.01186
    """
    params = _cyclic_params("triangular2", min_lr, max_lr, step_size)
    return _HalvingCycles(triangular2, params, 0.5)


@register
def exp_range(*, min_lr: float, max_lr: float, step_size: Steps, gamma: float) -> Schedule:
    """Smith's triangular cyclical rate whose height shrinks by *gamma* every step.

    With n = step_size, k = s mod 2n and the height ``H(s) = (M - m) * gamma ** s``::

        value(s) = m + H(s) * k / n          if k < n
                   m + H(s) * (2n - k) / n   if k >= n

    The same as PyTorch's ``CyclicLR(mode="exp_range")`` with equal half cycles.

    Args:
        min_lr: the value at the start of every cycle.
        max_lr: the height the peaks shrink from.
        step_size: the number of steps of each half cycle, at least 1.
        gamma: the factor per step, with 0 <= gamma <= 1.

    Examples:
        >>> schedule = exp_range(min_lr=0.0, max_lr=1.0, step_size=2, gamma=0.5)
        >>> schedule(0), schedule(1), schedule(2), schedule(4), schedule(6), schedule(10**12)
        (0.0, 0.25, 0.25, 0.0, 0.015625, 0.0)

    References:
        Smith, Cyclical Learning Rates for Training Neural Networks, WACV 2017,
        https://arxiv.org/abs/1506.01186
    """
    name = "exp_range"
    params = _cyclic_params(name, min_lr, max_lr, step_size)
    params["gamma"] = check.fraction(name, "gamma", gamma)
    return _ExpRange(exp_range, params, params["gamma"])


if TYPE_CHECKING:
    DecayShape = Literal["linear", "cosine", "1-sqrt"]
else:
    DecayShape = choices("linear", "cosine", "1-sqrt")


@register
def warmup_stable_decay(
    *,
    base_lr: float,
    warmup_steps: Steps,
    decay_steps: Steps,
    total_steps: Steps,
    final_lr: float,
    warmup_start: float,
    decay_shape: DecayShape,
) -> Schedule:
    """Warmup-stable-decay (the trapezoid): a warmup, a long plateau, then a cooldown.

    With W = warmup_steps, D = decay_steps, T = total_steps, w = warmup_start,
    f = final_lr, and the decay's start C = T - D::

        value(s) = w + (b - w) * s / W                 if s < W
                   b                                   if W <= s < C
                   f + (b - f) * shape((s - C) / D)    if C <= s < T
                   f                                   if s >= T

    where shape(x), the part of the drop still to go, is ``1 - x`` for
    ``decay_shape="linear"``, ``(1 + cos(pi * x)) / 2`` for ``"cosine"`` and
    ``1 - sqrt(x)`` for ``"1-sqrt"``, the cooldown Hagele et al. found best. The warmup
    counts inside *total_steps*, and ``W + D <= T``. W or D may be 0: without a decay
    the value drops to f at T.

    Args:
        base_lr: the plateau value, reached at step W.
        warmup_steps: the length of the warmup, at least 0.
        decay_steps: the length of the cooldown, at least 0.
        total_steps: the step at which *final_lr* is reached, at least 1.
        final_lr: the value from *total_steps* on.
        warmup_start: the value at step 0.
        decay_shape: ``"linear"``, ``"cosine"`` or ``"1-sqrt"``.

    Examples:
        >>> schedule = warmup_stable_decay(
        ...     base_lr=1.0, warmup_steps=10, decay_steps=40, total_steps=100,
        ...     final_lr=0.0, warmup_start=0.0, decay_shape="1-sqrt",
        ... )
        >>> schedule(0), schedule(5), schedule(10), schedule(59), schedule(60), schedule(70)
        (0.0, 0.5, 1.0, 1.0, 1.0, 0.5)
        >>> schedule(100), schedule(10**9)
        (0.0, 0.0)

    References:
        Hu et al., MiniCPM: Unveiling the Potential of Small Language Models with Scalable
        Training Strategies, 2024, https://arxiv.org/abs/2404.06395;
        Hagele et al., Scaling Laws and Compute-Optimal Training Beyond Fixed Training
        Durations, 2024, https://arxiv.org/abs/2405.18392
    """
    name = "warmup_stable_decay"
    base_lr = check.real(name, "base_lr", base_lr)
    warmup_steps = check.at_least(name, "warmup_steps", warmup_steps, 0)
    decay_steps = check.at_least(name, "decay_steps", decay_steps, 0)
    total_steps = check.positive_integer(name, "total_steps", total_steps)
    final_lr = check.real(name, "final_lr", final_lr)
    warmup_start = check.real(name, "warmup_start", warmup_start)
    decay_shape = check.choice(name, "decay_shape", decay_shape, options(DecayShape))
    check.finite_difference(name, ("warmup_start", "base_lr"), (warmup_start, base_lr))
    check.finite_difference(name, ("base_lr", "final_lr"), (base_lr, final_lr))
    if warmup_steps + decay_steps > total_steps:
        raise check.ScheduleError(
            f"{name}: warmup_steps + decay_steps must be at most total_steps, got "
            f"warmup_steps={warmup_steps}, decay_steps={decay_steps}, total_steps={total_steps}"
        )
    stable = total_steps - warmup_steps - decay_steps
    segments = [
        (warmup_start, base_lr, warmup_steps, linear_between),
        (base_lr, base_lr, stable, hold),
        (base_lr, final_lr, decay_steps, MOVES[decay_shape]),
    ]
    params = {
        "base_lr": base_lr,
        "warmup_steps": warmup_steps,
        "decay_steps": decay_steps,
        "total_steps": total_steps,
        "final_lr": final_lr,
        "warmup_start": warmup_start,
        "decay_shape": decay_shape,
    }
    used = [segment for segment in segments if segment[2] > 0]
    return _Segments(warmup_stable_decay, params, used, final_lr)


@register
def exponential_decay(
    *, base_lr: float, decay_rate: float, decay_steps: Steps, staircase: bool = False
) -> Schedule:
    """Decay by *decay_rate* every *decay_steps* steps, smoothly or in stairs.

    With r = decay_rate and n = decay_steps::

        value(s) = b * r ** (s / n)           (staircase=False)
                   b * r ** floor(s / n)      (staircase=True)

    The same as Keras' ``ExponentialDecay`` and optax's ``exponential_decay``
    (without its transition_begin). There is no end: the decay goes on. With
    ``decay_steps=1`` it is :func:`exponential`; with *staircase* it is
    :func:`step_decay`.

    Args:
        base_lr: the value at step 0.
        decay_rate: the factor per *decay_steps* steps, at least 0 (above 1 it grows).
        decay_steps: the number of steps over which the value is multiplied by
            *decay_rate*, at least 1.
        staircase: whether the value drops once per *decay_steps* instead of smoothly.

    Examples:
        >>> schedule = exponential_decay(base_lr=1.0, decay_rate=0.25, decay_steps=10)
        >>> schedule(0), schedule(5), schedule(10), schedule(20)
        (1.0, 0.5, 0.25, 0.0625)
        >>> stairs = exponential_decay(
        ...     base_lr=1.0, decay_rate=0.25, decay_steps=10, staircase=True
        ... )
        >>> stairs(5), stairs(10), stairs(19), stairs(10**12)
        (1.0, 0.25, 0.25, 0.0)

    Raises:
        ScheduleError: at a step whose value overflows a float (only when decay_rate > 1).
    """
    name = "exponential_decay"
    base_lr = check.real(name, "base_lr", base_lr)
    decay_rate = check.non_negative(name, "decay_rate", decay_rate)
    decay_steps = check.positive_integer(name, "decay_steps", decay_steps)
    staircase = check.boolean(name, "staircase", staircase)
    params = {
        "base_lr": base_lr,
        "decay_rate": decay_rate,
        "decay_steps": decay_steps,
        "staircase": staircase,
    }
    kind = _Staircase if staircase else _Continuous
    return kind(exponential_decay, params, base_lr, decay_rate, decay_steps)


class _InverseTime(Schedule):
    __slots__ = ("_base", "_rate", "_staircase", "_steps")

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(inverse_time, params, None)
        self._base: float = params["base_lr"]
        self._rate: float = params["decay_rate"]
        self._steps: int = params["decay_steps"]
        self._staircase: bool = params["staircase"]

    def _at(self, step: int) -> float:
        try:
            periods = step // self._steps if self._staircase else step / self._steps
            return self._base / (1.0 + self._rate * periods)
        except OverflowError:
            # Past 10**308 periods the value has reached its limit.
            return self._base * 0.0 if self._rate else self._base


@register
def inverse_time(
    *, base_lr: float, decay_rate: float, decay_steps: Steps, staircase: bool = False
) -> Schedule:
    """Decay in inverse proportion to time.

    With r = decay_rate and n = decay_steps::

        value(s) = b / (1 + r * s / n)           (staircase=False)
                   b / (1 + r * floor(s / n))    (staircase=True)

    The same as Keras' ``InverseTimeDecay``. There is no end: the value tends to 0.

    Args:
        base_lr: the value at step 0.
        decay_rate: how fast the value falls, at least 0.
        decay_steps: the number of steps that count as one unit of time, at least 1.
        staircase: whether the value drops once per *decay_steps* instead of smoothly.

    Examples:
        >>> schedule = inverse_time(base_lr=1.0, decay_rate=0.5, decay_steps=10)
        >>> schedule(0), schedule(10), schedule(15), schedule(20), schedule(10**400)
        (1.0, 0.6666666666666666, 0.5714285714285714, 0.5, 0.0)
        >>> stairs = inverse_time(base_lr=1.0, decay_rate=0.5, decay_steps=10, staircase=True)
        >>> stairs(19), stairs(20)
        (0.6666666666666666, 0.5)
    """
    name = "inverse_time"
    params = {
        "base_lr": check.real(name, "base_lr", base_lr),
        "decay_rate": check.non_negative(name, "decay_rate", decay_rate),
        "decay_steps": check.positive_integer(name, "decay_steps", decay_steps),
        "staircase": check.boolean(name, "staircase", staircase),
    }
    return _InverseTime(params)


@register
def rex(*, base_lr: float, end_lr: float, total_steps: int) -> Schedule:
    """REX: a decay that stays high for long and drops late, reaching *end_lr* at T.

    With p = s / T::

        value(s) = e + (b - e) * (1 - p) / (1/2 + (1 - p) / 2)    if s < T
                   e                                              if s >= T

    It lies above the straight line from b to e everywhere in between: a quarter of
    the way it has dropped 1/7 of the way, halfway 1/3.

    Args:
        base_lr: the value at step 0.
        end_lr: the value from step *total_steps* on.
        total_steps: the step at which *end_lr* is reached, at least 1.

    Examples:
        >>> schedule = rex(base_lr=1.0, end_lr=0.0, total_steps=100)
        >>> schedule(0), round(schedule(50), 12), round(schedule(75), 12), schedule(100)
        (1.0, 0.666666666667, 0.4, 0.0)
        >>> schedule(150)
        0.0

    References:
        Chen et al., REX: Revisiting Budgeted Training with an Improved Schedule,
        MLSys 2022, https://arxiv.org/abs/2107.04197
    """
    return _anneal(rex, ("base_lr", "end_lr"), (base_lr, end_lr), total_steps, rex_between)


class _PiecewiseConstant(Schedule):
    __slots__ = ("_boundaries", "_values")

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(piecewise_constant, params, None)
        self._boundaries: tuple[int, ...] = params["boundaries"]
        self._values: tuple[float, ...] = params["values"]

    def _at(self, step: int) -> float:
        return self._values[bisect_right(self._boundaries, step)]


@register
def piecewise_constant(*, boundaries: Iterable[Steps], values: Iterable[float]) -> Schedule:
    """Constant pieces: ``values[i]`` from ``boundaries[i - 1]`` up to ``boundaries[i]``.

    With boundaries B_1 < ... < B_k and values v_0, ..., v_k::

        value(s) = v_0    if s < B_1
                   v_i    if B_i <= s < B_{i+1}
                   v_k    if s >= B_k

    That is, ``values[i]`` where i is the number of boundaries ``<= s``: the value
    changes at the boundary itself, as in optax's ``piecewise_constant_schedule``
    (Keras' ``PiecewiseConstantDecay`` changes one step later). Found by bisection.

    Args:
        boundaries: the steps at which the value changes, strictly increasing
            positive integers.
        values: the values, one more than there are boundaries.

    Examples:
        >>> schedule = piecewise_constant(boundaries=[100, 200], values=[1.0, 0.5, 0.1])
        >>> schedule(0), schedule(99), schedule(100), schedule(200), schedule(10**12)
        (1.0, 1.0, 0.5, 0.1, 0.1)
    """
    name = "piecewise_constant"
    steps = check.increasing_positive_integers(name, "boundaries", boundaries)
    levels = check.reals(name, "values", values)
    if len(levels) != len(steps) + 1:
        raise check.ScheduleError(
            f"{name}: values must have one more entry than boundaries, "
            f"got len(boundaries)={len(steps)}, len(values)={len(levels)}"
        )
    return _PiecewiseConstant({"boundaries": steps, "values": levels})


if TYPE_CHECKING:
    Interpolation = Literal["linear", "cosine", "exponential"]
else:
    Interpolation = choices("linear", "cosine", "exponential")


@register
def interpolate(*, points: Iterable[tuple[Steps, float]], shape: Interpolation) -> Schedule:
    """Pass through (step, value) knots, with a chosen curve between each two.

    With knots (t_0, v_0), ..., (t_k, v_k), t_0 < ... < t_k::

        value(s) = v_0                                         if s < t_0
                   move(v_i, v_{i+1}, s - t_i, t_{i+1} - t_i)   if t_i <= s < t_{i+1}
                   v_k                                         if s >= t_k

    where ``move(x, y, j, n)`` is the value j steps along n from x to y: a straight
    line (``shape="linear"``), a half-cosine ease, ``x + (y - x) * (1 - cos(pi j / n)) / 2``
    (``"cosine"``), or a geometric move, ``x * (y / x) ** (j / n)`` (``"exponential"``,
    a straight line on a log scale; the values it joins must then be positive). Every knot
    is hit exactly. The length is t_k. Found by bisection.

    Args:
        points: one or more ``(step, value)`` pairs, steps strictly increasing
            non-negative integers.
        shape: ``"linear"``, ``"cosine"`` or ``"exponential"``.

    Examples:
        >>> schedule = interpolate(points=[(10, 1.0), (20, 3.0), (40, 0.0)], shape="linear")
        >>> schedule(0), schedule(10), schedule(15), schedule(20), schedule(30), schedule(99)
        (1.0, 1.0, 2.0, 3.0, 1.5, 0.0)
        >>> geometric = interpolate(points=[(0, 1.0), (4, 1e-4)], shape="exponential")
        >>> geometric(0), round(geometric(1), 12), geometric(2), geometric(4)
        (1.0, 0.1, 0.01, 0.0001)
    """
    name = "interpolate"
    shape = check.choice(name, "shape", shape, options(Interpolation))
    knots = check.knots(name, "points", points)
    move = MOVES[shape]
    for index, ((_, first), (_, second)) in enumerate(pairwise(knots)):
        names = (f"points[{index}][1]", f"points[{index + 1}][1]")
        check.move_ends(name, names, (first, second), geometric=shape == "exponential")
    first_step, first_value = knots[0]
    segments: list[tuple[float, float, int, Move]] = [(first_value, first_value, first_step, hold)]
    segments += [
        (value, next_value, next_step - step, move)
        for (step, value), (next_step, next_value) in pairwise(knots)
    ]
    used = [segment for segment in segments if segment[2] > 0]
    return _Segments(interpolate, {"points": knots, "shape": shape}, used, knots[-1][1])
