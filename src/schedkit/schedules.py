"""The catalog: each factory checks its parameters once and returns a Schedule.

Every formula below uses one vocabulary: b = base_lr (the value at step 0),
m = min_lr (the floor a cosine reaches), e = end_lr (the value a decay ends at),
T = total_steps, s = the step. Step 0 is the first update. A finite schedule
reaches its end value at step T exactly and holds it from then on.

Constant and stepped
--------------------

===================  ==============================================================
Factory              Description
===================  ==============================================================
constant             One value at every step.
step_decay           Multiply by gamma every step_size steps.
multi_step           Multiply by gamma at each milestone.
piecewise_constant   Constant pieces, changing at each boundary.
===================  ==============================================================

Smooth decays
-------------

===================  ==============================================================
Factory              Description
===================  ==============================================================
linear               A straight line from base_lr to end_lr at total_steps.
polynomial           A polynomial decay from base_lr to end_lr at total_steps.
cosine               Cosine annealing from base_lr to min_lr at total_steps.
rex                  A decay that stays high for long and drops late (REX).
exponential          Multiply by gamma at every step.
exponential_decay    Multiply by decay_rate every decay_steps, smoothly or in stairs.
inverse_time         Decay in inverse proportion to time.
inverse_sqrt         A linear warmup, then decay with the inverse square root.
===================  ==============================================================

Whole runs
----------

===================  ==============================================================
Factory              Description
===================  ==============================================================
one_cycle            A rise to max_lr, then a fall below the start.
warmup_stable_decay  A warmup, a long plateau, then a cooldown.
interpolate          Through (step, value) knots, with a chosen curve between.
===================  ==============================================================

Cycles
------

===================  ==============================================================
Factory              Description
===================  ==============================================================
cosine_restarts      Cosine annealing with warm restarts (SGDR).
triangular           Straight up and down between min_lr and max_lr.
triangular2          The triangle, its height halved after each cycle.
exp_range            The triangle, its height shrunk by gamma every step.
===================  ==============================================================
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import pairwise

from . import _validate as check
from ._kinds import (
    TABLE,
    Constant,
    Continuous,
    Segments,
    Staircase,
    anneal,
    fading_power,
    grown,
    last_finite_step,
    whole_cycle,
)
from ._marks import Steps, choices, options
from ._registry import register
from ._schedule import Schedule
from ._shapes import (
    HALF_PI,
    MOVES,
    Move,
    cosine_array,
    cosine_between,
    hold,
    lerp,
    lerp_array,
    linear_array,
    linear_between,
    rex_between,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    from ._array import Arrays

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


# The largest float32. An array form in float32 (JAX without x64, PyTorch on MPS)
# holds a parameter above it as inf, and inf * 0 is nan where the scalar path's
# product is 0: the forms whose parameter multiplies a part that starts at 0 take
# their first value from the scalar path there.
_FLOAT32_MAX = 3.4028234663852886e38


# === Constant and stepped ===


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
    lr = check.real("lr", lr)
    return Constant(constant, {"lr": lr}, lr)


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
    base_lr = check.real("base_lr", base_lr)
    gamma = check.non_negative("gamma", gamma)
    step_size = check.positive_integer("step_size", step_size)
    params = {"base_lr": base_lr, "gamma": gamma, "step_size": step_size}
    return Staircase(step_decay, params, base_lr, gamma, step_size)


class _MultiStep(Schedule):
    __slots__ = {
        "_milestones": "The milestones, sorted, repeats kept.",
        "_values": "The value once k milestones are passed, base_lr * gamma ** k, for each k.",
    }

    def __init__(
        self, params: dict[str, Any], base_lr: float, milestones: tuple[Steps, ...], gamma: float
    ) -> None:
        super().__init__(multi_step, params, None)
        self._milestones = milestones
        self._values = tuple(grown(base_lr, gamma, k) for k in range(len(milestones) + 1))

    def __call__(self, step: Any) -> Any:  # Schedule.__call__, written out for speed
        if type(step) is not int or step < 0:
            return self._other(step)
        return self._values[bisect_right(self._milestones, step)]

    _at = __call__

    def _array(self, ops: Arrays, steps: Any) -> Any:
        return ops.take(self._values, ops.count(steps, self._milestones))

    def _bound(self) -> float:
        return max(abs(value) for value in self._values)


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
    base_lr = check.real("base_lr", base_lr)
    steps = check.positive_integers("milestones", milestones)
    gamma = check.non_negative("gamma", gamma)
    if last_finite_step(base_lr, gamma, 1, True) < len(steps):
        raise check.ScheduleError(
            "base_lr * gamma ** len(milestones) must be a finite number, "
            f"got base_lr={base_lr!r}, gamma={gamma!r}, len(milestones)={len(steps)}",
            related=("base_lr", "gamma", "milestones"),
        )
    params = {"base_lr": base_lr, "milestones": steps, "gamma": gamma}
    return _MultiStep(params, base_lr, steps, gamma)


class _PiecewiseConstant(Schedule):
    __slots__ = {
        "_boundaries": "The steps at which the value changes, strictly increasing.",
        "_values": "The value of each piece, one more than there are boundaries.",
    }

    def __init__(
        self, params: dict[str, Any], boundaries: tuple[Steps, ...], values: tuple[float, ...]
    ) -> None:
        super().__init__(piecewise_constant, params, None)
        self._boundaries = boundaries
        self._values = values

    def _at(self, step: int) -> float:
        return self._values[bisect_right(self._boundaries, step)]

    def _array(self, ops: Arrays, steps: Any) -> Any:
        return ops.take(self._values, ops.count(steps, self._boundaries))

    def _bound(self) -> float:
        return max(abs(value) for value in self._values)


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
    steps = check.increasing_positive_integers("boundaries", boundaries)
    levels = check.reals("values", values)
    if len(levels) != len(steps) + 1:
        raise check.ScheduleError(
            "values must have one more entry than boundaries, "
            f"got len(boundaries)={len(steps)}, len(values)={len(levels)}",
            "values",
            related=("boundaries",),
        )
    params = {"boundaries": steps, "values": levels}
    return _PiecewiseConstant(params, steps, levels)


# === Smooth decays ===


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
    return anneal(linear, ("base_lr", "end_lr"), (base_lr, end_lr), total_steps, linear_between)


class _Polynomial(Schedule):
    __slots__ = {
        "_end": "end_lr, the value from total_steps on.",
        "_middle": "The step from which (1 - s / T) ** power, the part left, is below one "
        "half: the call measures from the nearer end, so that no subtraction cancels.",
        "_power": "The exponent.",
        "_start": "base_lr, the value at step 0.",
        "_total": "total_steps.",
    }

    def __init__(
        self,
        params: dict[str, Any],
        base_lr: float,
        end_lr: float,
        total_steps: Steps,
        power: float,
    ) -> None:
        super().__init__(polynomial, params, total_steps)
        self._start = base_lr
        self._end = end_lr
        self._total = total_steps
        self._power = power
        share, whole = (-math.expm1(-math.log(2.0) / power)).as_integer_ratio()
        # Exact in integers, so a count past the float range has its middle too. Near
        # the end of a count past 2 ** 52, s / T rounds to 1, where log1p(-1) has no
        # value: the call measures from the end there.
        self._middle = min(-(-total_steps * share // whole), total_steps - (total_steps >> 52))

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

    def _array(self, ops: Arrays, steps: Any) -> Any:
        total = self._total
        offset = ops.clamp(steps, 0, total)
        done = -ops.expm1(self._power * ops.log1p(-ops.ratio(offset, total)))
        first = self._start + (self._end - self._start) * done
        left = ops.left(offset, total) ** self._power
        second = self._end + (self._start - self._end) * left
        near = [(ops.below(steps, self._middle), first), (ops.below(steps, total), second)]
        if self._power > _FLOAT32_MAX:
            near.insert(0, (ops.below(steps, 1), self._at(0)))
        return ops.select(near, self._end)

    def _bound(self) -> float:
        return max(abs(self._start), abs(self._end))


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
    base_lr, end_lr = check.endpoints(("base_lr", "end_lr"), (base_lr, end_lr))
    total_steps = check.positive_integer("total_steps", total_steps)
    power = check.positive("power", power)
    params = {"base_lr": base_lr, "end_lr": end_lr, "total_steps": total_steps, "power": power}
    return _Polynomial(params, base_lr, end_lr, total_steps, power)


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
    return anneal(cosine, ("base_lr", "min_lr"), (base_lr, min_lr), total_steps, cosine_between)


@register
def rex(*, base_lr: float, end_lr: float, total_steps: Steps) -> Schedule:
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
    return anneal(rex, ("base_lr", "end_lr"), (base_lr, end_lr), total_steps, rex_between)


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
    base_lr = check.real("base_lr", base_lr)
    gamma = check.non_negative("gamma", gamma)
    return Staircase(exponential, {"base_lr": base_lr, "gamma": gamma}, base_lr, gamma, 1)


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
    base_lr = check.real("base_lr", base_lr)
    decay_rate = check.non_negative("decay_rate", decay_rate)
    decay_steps = check.positive_integer("decay_steps", decay_steps)
    staircase = check.boolean("staircase", staircase)
    params = {
        "base_lr": base_lr,
        "decay_rate": decay_rate,
        "decay_steps": decay_steps,
        "staircase": staircase,
    }
    kind = Staircase if staircase else Continuous
    return kind(exponential_decay, params, base_lr, decay_rate, decay_steps)


class _InverseTime(Schedule):
    __slots__ = {
        "_base": "base_lr, the value at step 0.",
        "_rate": "decay_rate, how fast the value falls.",
        "_staircase": "Whether time counts whole periods of decay_steps only.",
        "_steps": "decay_steps, the steps that count as one unit of time.",
    }

    def __init__(
        self,
        params: dict[str, Any],
        base_lr: float,
        decay_rate: float,
        decay_steps: Steps,
        staircase: bool,
    ) -> None:
        super().__init__(inverse_time, params, None)
        self._base = base_lr
        self._rate = decay_rate
        self._steps = decay_steps
        self._staircase = staircase

    def _at(self, step: int) -> float:
        try:
            periods = step // self._steps if self._staircase else step / self._steps
            return self._base / (1.0 + self._rate * periods)
        except OverflowError:
            # Past 10**308 periods the value has reached its limit.
            return self._base * 0.0 if self._rate else self._base

    def _array(self, ops: Arrays, steps: Any) -> Any:
        # A step of the array is at most 2 ** 63, so the periods never leave the float
        # range: the scalar path's limit past 10 ** 308 periods is not reached.
        if self._staircase:
            periods = ops.floats(ops.floor_divide(steps, self._steps))
        else:
            periods = ops.ratio(steps, self._steps)
        value = self._base / (1.0 + self._rate * periods)
        if self._rate > _FLOAT32_MAX:
            return ops.where(periods > 0.0, value, self._at(0))
        return value

    def _bound(self) -> float:
        return abs(self._base)


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
    base_lr = check.real("base_lr", base_lr)
    decay_rate = check.non_negative("decay_rate", decay_rate)
    decay_steps = check.positive_integer("decay_steps", decay_steps)
    staircase = check.boolean("staircase", staircase)
    params = {
        "base_lr": base_lr,
        "decay_rate": decay_rate,
        "decay_steps": decay_steps,
        "staircase": staircase,
    }
    return _InverseTime(params, base_lr, decay_rate, decay_steps, staircase)


class _InverseSqrt(Schedule):
    __slots__ = {
        "_base": "base_lr, the peak, reached at the end of the warmup.",
        "_warmup": "warmup_steps, the length of the warmup from 0.",
    }

    def __init__(self, params: dict[str, Any], base_lr: float, warmup_steps: Steps) -> None:
        super().__init__(inverse_sqrt, params, None)
        self._base = base_lr
        self._warmup = warmup_steps

    def _at(self, step: int) -> float:
        if step < self._warmup:
            return self._base * (step / self._warmup)
        return self._base * math.sqrt(self._warmup / step)

    def _array(self, ops: Arrays, steps: Any) -> Any:
        warmup = self._warmup
        rising = self._base * ops.ratio(steps, warmup)
        if warmup > ops.imax:
            return rising
        # Held at the warmup's end, so that the warmup's steps (step 0 among them) do
        # not divide by zero in the decay they do not use.
        after = ops.clamp(steps, warmup, ops.imax)
        falling = self._base * ops.sqrt(ops.ratio(warmup, after))
        return ops.where(ops.below(steps, warmup), rising, falling)

    def _bound(self) -> float:
        return abs(self._base)


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
    base_lr = check.real("base_lr", base_lr)
    warmup_steps = check.positive_integer("warmup_steps", warmup_steps)
    params = {"base_lr": base_lr, "warmup_steps": warmup_steps}
    return _InverseSqrt(params, base_lr, warmup_steps)


# === Whole runs ===


if TYPE_CHECKING:
    AnnealShape = Literal["cos", "linear"]
else:
    AnnealShape = choices("cos", "linear")
_ANNEALS: dict[str, Move] = {"cos": cosine_between, "linear": linear_between}


@register
def one_cycle(
    *,
    max_lr: float,
    total_steps: Steps,
    pct_start: float,
    initial_div: float,
    final_div: float,
    anneal: AnnealShape = "cos",
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
    max_lr = check.real("max_lr", max_lr)
    total_steps = check.at_least("total_steps", total_steps, 2)
    pct_start = check.unit_interval("pct_start", pct_start)
    initial_div = check.positive("initial_div", initial_div)
    final_div = check.positive("final_div", final_div)
    anneal = check.choice("anneal", anneal, options(AnnealShape))
    three_phase = check.boolean("three_phase", three_phase)
    given = f"max_lr={max_lr!r}, initial_div={initial_div!r}, final_div={final_div!r}"
    given_by = ("max_lr", "initial_div", "final_div")
    start = check.finite_result("max_lr / initial_div", max_lr / initial_div, given, given_by)
    end = check.finite_result("max_lr / final_div", max_lr / final_div, given, given_by)
    try:
        rising = round(pct_start * total_steps)
    except OverflowError:  # a count past the float range: the same product, exactly
        from fractions import Fraction  # noqa: PLC0415 - only such a count needs it

        rising = round(Fraction(pct_start) * total_steps)
    peak_step = min(max(1, rising), total_steps - 1)
    move = _ANNEALS[anneal]
    segments = [(start, max_lr, peak_step, move)]
    if three_phase:
        if 2 * peak_step >= total_steps:
            raise check.ScheduleError(
                "with three_phase=True, 2 * round(pct_start * total_steps) must be "
                f"less than total_steps, got pct_start={pct_start!r}, total_steps={total_steps}",
                related=("three_phase", "pct_start", "total_steps"),
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
    return Segments(one_cycle, params, segments, end)


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
    end_lr: float,
    start_lr: float,
    decay_shape: DecayShape,
) -> Schedule:
    """Warmup-stable-decay (the trapezoid): a warmup, a long plateau, then a cooldown.

    With W = warmup_steps, D = decay_steps, T = total_steps, a = start_lr,
    e = end_lr, and the decay's start C = T - D::

        value(s) = a + (b - a) * s / W                 if s < W
                   b                                   if W <= s < C
                   e + (b - e) * shape((s - C) / D)    if C <= s < T
                   e                                   if s >= T

    where shape(x), the part of the drop still to go, is ``1 - x`` for
    ``decay_shape="linear"``, ``(1 + cos(pi * x)) / 2`` for ``"cosine"`` and
    ``1 - sqrt(x)`` for ``"1-sqrt"``, the cooldown Hagele et al. found best. The warmup
    counts inside *total_steps*, and ``W + D <= T``. W or D may be 0: without a decay
    the value drops to e at T.

    Args:
        base_lr: the plateau value, reached at step W.
        warmup_steps: the length of the warmup, at least 0.
        decay_steps: the length of the cooldown, at least 0.
        total_steps: the step at which *end_lr* is reached, at least 1.
        end_lr: the value from *total_steps* on.
        start_lr: the value at step 0.
        decay_shape: ``"linear"``, ``"cosine"`` or ``"1-sqrt"``.

    Examples:
        >>> schedule = warmup_stable_decay(
        ...     base_lr=1.0, warmup_steps=10, decay_steps=40, total_steps=100,
        ...     end_lr=0.0, start_lr=0.0, decay_shape="1-sqrt",
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
    base_lr = check.real("base_lr", base_lr)
    warmup_steps = check.at_least("warmup_steps", warmup_steps, 0)
    decay_steps = check.at_least("decay_steps", decay_steps, 0)
    total_steps = check.positive_integer("total_steps", total_steps)
    end_lr = check.real("end_lr", end_lr)
    start_lr = check.real("start_lr", start_lr)
    decay_shape = check.choice("decay_shape", decay_shape, options(DecayShape))
    check.finite_difference(("start_lr", "base_lr"), (start_lr, base_lr))
    check.finite_difference(("base_lr", "end_lr"), (base_lr, end_lr))
    if warmup_steps + decay_steps > total_steps:
        raise check.ScheduleError(
            "warmup_steps + decay_steps must be at most total_steps, got "
            f"warmup_steps={warmup_steps}, decay_steps={decay_steps}, total_steps={total_steps}",
            related=("warmup_steps", "decay_steps", "total_steps"),
        )
    stable = total_steps - warmup_steps - decay_steps
    segments = [
        (start_lr, base_lr, warmup_steps, linear_between),
        (base_lr, base_lr, stable, hold),
        (base_lr, end_lr, decay_steps, MOVES[decay_shape]),
    ]
    params = {
        "base_lr": base_lr,
        "warmup_steps": warmup_steps,
        "decay_steps": decay_steps,
        "total_steps": total_steps,
        "end_lr": end_lr,
        "start_lr": start_lr,
        "decay_shape": decay_shape,
    }
    used = [segment for segment in segments if segment[2] > 0]
    return Segments(warmup_stable_decay, params, used, end_lr)


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
    shape = check.choice("shape", shape, options(Interpolation))
    knots = check.knots("points", points)
    move = MOVES[shape]
    for index, ((_, first), (_, second)) in enumerate(pairwise(knots)):
        names = (f"points[{index}][1]", f"points[{index + 1}][1]")
        check.move_ends(names, (first, second), geometric=shape == "exponential")
    first_step, first_value = knots[0]
    segments: list[tuple[float, float, int, Move]] = [(first_value, first_value, first_step, hold)]
    segments += [
        (value, next_value, next_step - step, move)
        for (step, value), (next_step, next_value) in pairwise(knots)
    ]
    used = [segment for segment in segments if segment[2] > 0]
    return Segments(interpolate, {"points": knots, "shape": shape}, used, knots[-1][1])


# === Cycles ===


# The end of a finite cosine_restarts must be a step that a float can hold.
_MAX_END_BITS = 1024


# Up to this many shrunken peaks an array form looks them up in a table made with the
# scalar path's own power (the same bits); past it, it takes the array library's power.
def _faded_peaks(
    ops: Arrays, low: float, high: float, gamma: float, counts: Any, fade: int, most: int
) -> Any:
    """Return ``lerp(low, high, gamma ** min(count, fade))`` at each of the integer
    *counts*, none above *most*: a peak that shrinks towards *low* as the count grows.

    Up to TABLE counts the peaks are a table that Python computes as the scalar path
    does (and a power that underflows is slow in numpy); past it, a power."""
    reach = min(fade, most)
    if reach <= TABLE:
        peaks = _peak_table(
            low, high, gamma, reach, (math.copysign(1.0, low), math.copysign(1.0, high))
        )
        if reach == 0:
            return peaks[0]
        return ops.take(peaks, ops.clamp(counts, 0, reach))
    shrink = ops.power(gamma, ops.floats(ops.clamp(counts, 0, fade)))
    return lerp_array(ops, low, high, shrink)


@functools.lru_cache(maxsize=256)
def _peak_table(
    low: float, high: float, gamma: float, reach: int, signs: tuple[float, float]
) -> tuple[float, ...]:
    # *signs* keeps -0.0 and 0.0 apart, which are one key to the cache otherwise.
    return tuple(lerp(low, high, gamma**count) for count in range(reach + 1))


def _cosine_cycles(
    ops: Arrays, start: Any, end: float, offset: Any, cycle: Any, lengths: list[int]
) -> Any:
    """Return ``cosine_between(start, end, offset, lengths[cycle])`` at each step, the
    integer *cycle* picking the length: cosine_array for a length that varies.

    Only the last of *lengths* may be past the largest step (a cycle that the steps
    cannot finish). The comparisons of ``4 * offset`` with the length and with three
    times it are taken against ``(L - 1) // 4`` and ``L - (L - 1) // 4 - 1``, made
    in Python per cycle, since the products could leave the integer type.
    """
    imax = ops.imax
    whole = ops.take([float(length) for length in lengths], cycle)
    quarter = ops.integers([min((length - 1) // 4, imax) for length in lengths])[cycle]
    three = ops.integers([min(length - (length - 1) // 4 - 1, imax) for length in lengths])[cycle]
    done = ops.floats(offset) / whole
    rest = ops.integers([min(length, imax) for length in lengths])[cycle] - offset
    left = ops.floats(rest) / whole
    if lengths[-1] > imax:
        # The steps left to the end of the last cycle may not fit in the integer type.
        beyond = (whole - ops.floats(offset)) / whole
        left = ops.where(ops.below(cycle, len(lengths) - 1), left, beyond)
    rising = ops.sin(HALF_PI * done)
    falling = ops.sin(HALF_PI * left)
    first = start + (end - start) * (rising * rising)
    middle = end + (start - end) * ((1.0 + ops.cos(math.pi * done)) * 0.5)
    last = end + (start - end) * (falling * falling)
    return ops.select([(offset <= quarter, first), (offset <= three, middle)], last)


def _restarts_end(period: Steps, t_mult: int, max_cycles: int | None) -> int | None:
    """Return the step at which cycle *max_cycles* would start (None: no end), or raise
    if that step is not below ``2 ** _MAX_END_BITS``."""
    if max_cycles is None:
        return None
    # The end is at least t_mult ** (max_cycles - 1): bounded before that power is
    # computed, since a huge one would not finish.
    if (max_cycles - 1) * (t_mult.bit_length() - 1) < _MAX_END_BITS:
        if t_mult == 1:
            end = period * max_cycles
        else:
            end = period * (t_mult**max_cycles - 1) // (t_mult - 1)
        if end.bit_length() <= _MAX_END_BITS:
            return end
    raise check.ScheduleError(
        f"the end step must be below 2 ** {_MAX_END_BITS}, got period={period}, "
        f"t_mult={t_mult}, max_cycles={max_cycles}",
        related=("period", "t_mult", "max_cycles"),
    )


class _CosineRestarts(Schedule):
    __slots__ = {
        "_decay": "decay, the factor by which each peak's height above min_lr shrinks.",
        "_end": "min_lr, which each cycle approaches and the end holds.",
        "_fade": "The cycle from which decay ** cycle no longer changes (0 when decay is "
        "1, else the first whose power is 0), so no call takes the power of a huge cycle.",
        "_log_mult": "log(t_mult), for the float guess at a step's cycle.",
        "_mult": "t_mult, the factor by which each cycle is longer than the one before.",
        "_period": "period, the length of the first cycle.",
        "_start": "base_lr, the peak of the first cycle.",
        "_stop": "The step from which min_lr holds (the end of max_cycles cycles), or inf.",
    }

    def __init__(
        self,
        params: dict[str, Any],
        base_lr: float,
        min_lr: float,
        period: Steps,
        t_mult: int,
        decay: float,
        end: Steps | None,
    ) -> None:
        super().__init__(cosine_restarts, params, end)
        self._start = base_lr
        self._end = min_lr
        self._decay = decay
        self._fade = fading_power(decay)
        self._period = period
        self._mult = t_mult
        self._log_mult = math.log(t_mult)
        self._stop = math.inf if end is None else end

    def __call__(self, step: Any) -> Any:  # Schedule.__call__, written out for speed
        if type(step) is not int or step < 0:
            return self._other(step)
        if step >= self._stop:
            return self._end
        period, mult = self._period, self._mult
        if mult == 1:
            cycle, offset = divmod(step, period)
            length = period
        else:
            cycle, power = whole_cycle(step, period, mult, self._log_mult)
            offset = step - period * (power - 1) // (mult - 1)
            length = period * power
        if self._decay == 1.0:
            return cosine_between(self._start, self._end, offset, length)
        peak = lerp(self._end, self._start, self._decay ** min(cycle, self._fade))
        return cosine_between(peak, self._end, offset, length)

    _at = __call__

    def _array(self, ops: Arrays, steps: Any) -> Any:
        period, mult = self._period, self._mult
        # The largest step whose cycle matters: past the end min_lr holds.
        last = ops.imax if math.isinf(self._stop) else min(ops.imax, int(self._stop) - 1)
        if mult == 1:
            most = last // period
            cycle = ops.floor_divide(steps, period)
            offset = ops.remainder(steps, period)
        else:
            # The cycles' starts in integers, up to the last that such a step reaches:
            # the step's cycle is how many of them it has passed, as whole_cycle finds.
            starts, lengths = [0], [period]
            while starts[-1] + lengths[-1] <= last:
                starts.append(starts[-1] + lengths[-1])
                lengths.append(lengths[-1] * mult)
            most = len(starts) - 1
            cycle = ops.count(steps, starts[1:])
            offset = steps - ops.integers(starts)[cycle]
        if self._decay == 1.0:
            peak: Any = self._start
        else:
            peak = _faded_peaks(ops, self._end, self._start, self._decay, cycle, self._fade, most)
        if mult == 1:
            value = cosine_array(ops, peak, self._end, offset, period)
        else:
            value = _cosine_cycles(ops, peak, self._end, offset, cycle, lengths)
        if math.isinf(self._stop):
            return value
        return ops.where(ops.below(steps, int(self._stop)), value, self._end)

    def _bound(self) -> float:
        # Each peak lies between min_lr and base_lr, as decay is at most 1.
        return max(abs(self._start), abs(self._end))


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
    base_lr, min_lr = check.endpoints(("base_lr", "min_lr"), (base_lr, min_lr))
    period = check.positive_integer("period", period)
    t_mult = check.positive_integer("t_mult", t_mult)
    max_cycles = check.optional_positive_integer("max_cycles", max_cycles)
    decay = check.fraction("decay", decay)
    end = _restarts_end(period, t_mult, max_cycles)
    params = {
        "base_lr": base_lr,
        "min_lr": min_lr,
        "period": period,
        "t_mult": t_mult,
        "decay": decay,
        "max_cycles": max_cycles,
    }
    return _CosineRestarts(params, base_lr, min_lr, period, t_mult, decay, end)


class _Cyclic(Schedule):
    """Smith's triangle wave: up from a low value over *half* steps, then back down.

    Subclasses set the height of each cycle's peak; the legs are straight lines.
    """

    __slots__ = {
        "_fade": "The exponent from which gamma ** exponent no longer changes (0 when "
        "gamma is 1, else the first whose power is 0), so no call takes a huge power.",
        "_gamma": "The factor of the peak's height above min_lr: per cycle for "
        "triangular2, per step for exp_range, 1 for triangular.",
        "_half": "step_size, the steps of each half cycle.",
        "_high": "max_lr, the peak of the first cycle.",
        "_low": "min_lr, the value at the start of every cycle.",
    }

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        min_lr: float,
        max_lr: float,
        step_size: Steps,
        gamma: float,
    ) -> None:
        super().__init__(factory, params, None)
        self._low = min_lr
        self._high = max_lr
        self._half = step_size
        self._gamma = gamma
        self._fade = fading_power(gamma)

    def _bound(self) -> float:
        # Each peak lies between min_lr and max_lr, as gamma is at most 1.
        return max(abs(self._low), abs(self._high))

    def _triangle(self, step: int, peak: float) -> float:
        half = self._half
        offset = step % (2 * half)
        if offset < half:
            return linear_between(self._low, peak, offset, half)
        return linear_between(peak, self._low, offset - half, half)

    def _triangle_array(self, ops: Arrays, steps: Any, peak: Any) -> Any:
        half = self._half
        offset = ops.remainder(steps, 2 * half)
        up = linear_array(ops, self._low, peak, ops.clamp(offset, 0, half), half)
        if half > ops.imax:
            return up  # no step reaches the way down
        down_offset = ops.clamp(offset, half, 2 * half) - half
        down = linear_array(ops, peak, self._low, down_offset, half)
        return ops.where(ops.below(offset, half), up, down)

    def _peaks(self, ops: Arrays, counts: Any, most: int) -> Any:
        return _faded_peaks(ops, self._low, self._high, self._gamma, counts, self._fade, most)


class _Triangular(_Cyclic):
    __slots__ = ()

    def _at(self, step: int) -> float:
        return self._triangle(step, self._high)

    def _array(self, ops: Arrays, steps: Any) -> Any:
        return self._triangle_array(ops, steps, self._high)


class _HalvingCycles(_Cyclic):
    __slots__ = ()

    def _at(self, step: int) -> float:
        shrink = self._gamma ** min(step // (2 * self._half), self._fade)
        return self._triangle(step, lerp(self._low, self._high, shrink))

    def _array(self, ops: Arrays, steps: Any) -> Any:
        cycles = ops.floor_divide(steps, 2 * self._half)
        peak = self._peaks(ops, cycles, ops.imax // (2 * self._half))
        return self._triangle_array(ops, steps, peak)


class _ExpRange(_Cyclic):
    __slots__ = ()

    def _at(self, step: int) -> float:
        shrink = self._gamma ** min(step, self._fade)
        return self._triangle(step, lerp(self._low, self._high, shrink))

    def _array(self, ops: Arrays, steps: Any) -> Any:
        return self._triangle_array(ops, steps, self._peaks(ops, steps, ops.imax))


def _cyclic_params(min_lr: float, max_lr: float, step_size: Steps) -> tuple[float, float, int]:
    """Check and return the min_lr, max_lr and step_size of a cyclical rate."""
    min_lr, max_lr = check.endpoints(("min_lr", "max_lr"), (min_lr, max_lr))
    return min_lr, max_lr, check.positive_integer("step_size", step_size)


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
    min_lr, max_lr, step_size = _cyclic_params(min_lr, max_lr, step_size)
    params = {"min_lr": min_lr, "max_lr": max_lr, "step_size": step_size}
    return _Triangular(triangular, params, min_lr, max_lr, step_size, 1.0)


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
    min_lr, max_lr, step_size = _cyclic_params(min_lr, max_lr, step_size)
    params = {"min_lr": min_lr, "max_lr": max_lr, "step_size": step_size}
    return _HalvingCycles(triangular2, params, min_lr, max_lr, step_size, 0.5)


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
    min_lr, max_lr, step_size = _cyclic_params(min_lr, max_lr, step_size)
    gamma = check.fraction("gamma", gamma)
    params = {"min_lr": min_lr, "max_lr": max_lr, "step_size": step_size, "gamma": gamma}
    return _ExpRange(exp_range, params, min_lr, max_lr, step_size, gamma)
