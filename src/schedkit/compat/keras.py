"""Keras 3's ``keras.optimizers.schedules`` classes as pure schedules.

Each function is a class name in snake case with the class's own parameters and
defaults, keyword-only (the ``name`` of the TensorFlow op scope is left out); the
value at step t is ``schedule(t)``, where Keras passes ``optimizer.iterations``
(0 for the first update). Values are exact float64: Keras computes in its floatx,
float32 by default, and its cosines stay float32 even with float64 floatx, so its
cosine schedules agree with these only to about 1e-7. Keras is never imported.
"""

from __future__ import annotations

import functools
import math
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .. import _validate as check
from .._kinds import Continuous, Staircase, fading_power, power_at, powers, whole_cycle
from .._marks import Steps
from .._registry import register
from .._schedule import Schedule
from .._shapes import cosine_left, cosine_left_array, lerp, lerp_array
from ._base import (
    STEPS,
    ClosureSchedule,
    cycle_position,
    cycle_start,
    cycle_table,
    restart_index,
)

if TYPE_CHECKING:
    from .._array import Arrays

__all__ = [
    "cosine_decay",
    "cosine_decay_restarts",
    "exponential_decay",
    "inverse_time_decay",
    "piecewise_constant_decay",
    "polynomial_decay",
]

# The largest integer that converts to a finite float.
_FLOAT_MAX = int(sys.float_info.max)


@register
def exponential_decay(
    *,
    initial_learning_rate: float,
    decay_steps: Steps,
    decay_rate: float,
    staircase: bool = False,
) -> Schedule:
    """``ExponentialDecay``: ``initial_learning_rate * decay_rate ** (t / decay_steps)``,
    with the exponent floored when *staircase*. It never stops decaying.

    Args:
        initial_learning_rate: the value at step 0.
        decay_steps: the steps per factor of *decay_rate*, at least 1.
        decay_rate: the factor per *decay_steps*, at least 0 (above 1 the value grows).
        staircase: whether the exponent is floored, so that the value drops in steps.

    Examples:
        >>> from schedkit.compat.keras import exponential_decay
        >>> schedule = exponential_decay(initial_learning_rate=1.0, decay_steps=2,
        ...                              decay_rate=0.25)
        >>> schedule(0), schedule(1), schedule(2), schedule(4)
        (1.0, 0.5, 0.25, 0.0625)
    """
    init = check.real("initial_learning_rate", initial_learning_rate)
    steps = check.positive_integer("decay_steps", decay_steps)
    rate = check.non_negative("decay_rate", decay_rate)
    staircase = check.boolean("staircase", staircase)
    params = {
        "initial_learning_rate": init,
        "decay_steps": steps,
        "decay_rate": rate,
        "staircase": staircase,
    }
    kind = Staircase if staircase else Continuous
    return kind(exponential_decay, params, init, rate, steps)


@register
def piecewise_constant_decay(*, boundaries: Iterable[Steps], values: Iterable[float]) -> Schedule:
    """``PiecewiseConstantDecay``: ``values[i]`` between the boundaries.

    ::

        value(t) = values[0]      if t <= boundaries[0]
                   values[i]      if boundaries[i-1] < t <= boundaries[i]
                   values[-1]     if t > boundaries[-1]

    **The boundary step keeps the old value**: the change comes one step later than
    in PyTorch's MultiStepLR or optax's piecewise_constant_schedule. The values are
    absolute, not scales.

    Args:
        boundaries: the steps after which the value changes, not decreasing.
        values: the value in each interval, one more than *boundaries*.

    Examples:
        >>> from schedkit.compat.keras import piecewise_constant_decay
        >>> schedule = piecewise_constant_decay(boundaries=[2, 4], values=[1.0, 0.5, 0.1])
        >>> [schedule(t) for t in range(6)]
        [1.0, 1.0, 1.0, 0.5, 0.5, 0.1]
    """
    steps = check.non_negative_integers("boundaries", boundaries)
    if list(steps) != sorted(steps):
        raise check.ScheduleError(
            f"boundaries must not decrease, got boundaries={list(steps)}", "boundaries"
        )
    levels = check.reals("values", values)
    if len(levels) != len(steps) + 1:
        raise check.ScheduleError(
            "len(values) must be len(boundaries) + 1, "
            f"got len(values)={len(levels)}, len(boundaries)={len(steps)}",
            related=("values", "boundaries"),
        )

    def at(step: int) -> float:
        return levels[bisect_left(steps, step)]

    # The boundaries b < step are those with b + 1 <= step.
    passed = tuple(boundary + 1 for boundary in steps)

    def at_array(ops: Arrays, step: Any) -> Any:
        if not passed:
            return levels[0]
        return ops.take(levels, ops.count(step, passed))

    params = {"boundaries": steps, "values": levels}
    return ClosureSchedule(
        piecewise_constant_decay,
        params,
        at,
        array=at_array,
        length=steps[-1] + 1 if steps else None,
    )


@register
def polynomial_decay(
    *,
    initial_learning_rate: float,
    decay_steps: Steps,
    end_learning_rate: float = 1e-4,
    power: float = 1.0,
    cycle: bool = False,
) -> Schedule:
    """``PolynomialDecay``: from *initial_learning_rate* to *end_learning_rate* over
    *decay_steps* steps. **The default end is 1e-4, not 0.**

    With D = decay_steps, or with *cycle* ``D * ceil(t / D)`` (D at step 0)::

        value(t) = (init - end) * (1 - min(t, D) / D) ** power + end    without cycle
                   (init - end) * (1 - t / D) ** power + end            with cycle

    With *cycle* the value is *end* at every multiple of D and jumps back up the
    step after, each new decay slower than the last.

    Args:
        initial_learning_rate: the value at step 0.
        decay_steps: the decay's length D, at least 1.
        end_learning_rate: the value at the end of the decay.
        power: the exponent of the decay, greater than 0.
        cycle: whether to decay again over each next multiple of D instead of holding the
            end.

    Examples:
        >>> from schedkit.compat.keras import polynomial_decay
        >>> schedule = polynomial_decay(initial_learning_rate=1.0, decay_steps=2,
        ...                             end_learning_rate=0.0, cycle=True)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.5, 0.0, 0.25, 0.0, 0.16666666666666666]
    """
    init = check.real("initial_learning_rate", initial_learning_rate)
    steps = check.positive_integer("decay_steps", decay_steps)
    end = check.real("end_learning_rate", end_learning_rate)
    power = check.positive("power", power)
    cycle = check.boolean("cycle", cycle)
    height = check.finite_difference(("end_learning_rate", "initial_learning_rate"), (end, init))

    def at(step: int) -> float:
        if cycle:
            span = steps * max(1, -(-step // steps))
        else:
            span = steps
            step = min(step, steps)
        if step == 0:
            return init
        return float(end + height * ((span - step) / span) ** power)

    def at_array(ops: Arrays, step: Any) -> Any:
        left: Any
        if cycle and steps <= ops.imax:
            rest = ops.remainder(step, steps)
            gap = ops.remainder(steps - rest, steps)  # span - step
            # span = D * max(1, ceil(t / D)) can pass the integers' range: it is a float,
            # exact while the scalar path's int / int is.
            count = ops.maximum_int(ops.floor_divide(step, steps) + ops.counted(rest != 0), 1)
            left = ops.floats(gap) / (ops.floats(count) * float(steps))
        else:
            # With cycle and D past every step, span is D at each of them too.
            left = ops.left(ops.clamp(step, 0, steps), steps)
        return ops.where(ops.below(step, 1), init, end + height * left**power)

    params = {
        "initial_learning_rate": init,
        "decay_steps": steps,
        "end_learning_rate": end,
        "power": power,
        "cycle": cycle,
    }
    return ClosureSchedule(
        polynomial_decay, params, at, array=at_array, length=None if cycle else steps
    )


@register
def inverse_time_decay(
    *,
    initial_learning_rate: float,
    decay_steps: Steps,
    decay_rate: float,
    staircase: bool = False,
) -> Schedule:
    """``InverseTimeDecay``: ``initial_learning_rate / (1 + decay_rate * t / decay_steps)``,
    with ``t / decay_steps`` floored when *staircase*.

    Past the steps where ``t / decay_steps`` times *decay_rate* is a float, the value
    is computed exactly from integers, so it reaches 0 only where it underflows.

    Args:
        initial_learning_rate: the value at step 0.
        decay_steps: the steps per unit of *decay_rate*, at least 1.
        decay_rate: the rate of the decay, at least 0.
        staircase: whether ``t / decay_steps`` is floored, so that the value drops in steps.

    Examples:
        >>> from schedkit.compat.keras import inverse_time_decay
        >>> schedule = inverse_time_decay(initial_learning_rate=1.0, decay_steps=2,
        ...                               decay_rate=1.0)
        >>> schedule(0), schedule(2), schedule(6)
        (1.0, 0.5, 0.25)
    """
    init = check.real("initial_learning_rate", initial_learning_rate)
    steps = check.positive_integer("decay_steps", decay_steps)
    rate = check.non_negative("decay_rate", decay_rate)
    staircase = check.boolean("staircase", staircase)
    # Up to this step t / decay_steps is a float and decay_rate times it far from
    # overflow; past it the value comes from the exact ratios of the two floats, as
    # one correctly rounded division of integers.
    limit = steps * int(min(_FLOAT_MAX, 2.0**1000 / rate) if rate else _FLOAT_MAX)
    init_top, init_bottom = init.as_integer_ratio()
    rate_top, rate_bottom = rate.as_integer_ratio()

    def at(step: int) -> float:
        if step > limit:
            if staircase:
                top = init_top * rate_bottom
                bottom = init_bottom * (rate_bottom + rate_top * (step // steps))
            else:
                top = init_top * rate_bottom * steps
                bottom = init_bottom * (rate_bottom * steps + rate_top * step)
            return top / bottom
        progress = step // steps if staircase else step / steps
        return init / (1.0 + rate * progress)

    def at_array(ops: Arrays, step: Any) -> Any:
        if staircase:
            progress = ops.floats(ops.floor_divide(step, steps))
        else:
            progress = ops.ratio(step, steps)
        denominator = 1.0 + rate * progress
        value = ops.divide(init, denominator)
        if limit >= ops.imax:
            return value
        # Past limit (only for a decay_rate above 2 ** 937) the scalar path divides the
        # exact integers. Here the floats' quotient stands in, within a few ulps, and
        # where rate * progress overflows, init / rate / progress, whose 1 dropped from
        # the denominator is under 2 ** -1000 of it.
        return ops.where(ops.isfinite(denominator), value, ops.divide(init / rate, progress))

    params = {
        "initial_learning_rate": init,
        "decay_steps": steps,
        "decay_rate": rate,
        "staircase": staircase,
    }
    return ClosureSchedule(inverse_time_decay, params, at, array=at_array)


@register
def cosine_decay(
    *,
    initial_learning_rate: float,
    decay_steps: Steps,
    alpha: float = 0.0,
    warmup_target: float | None = None,
    warmup_steps: Steps = 0,
) -> Schedule:
    """``CosineDecay``: a cosine from *initial_learning_rate* to ``alpha`` times it, or,
    with *warmup_target*, a straight warmup from *initial_learning_rate* to
    *warmup_target* over *warmup_steps* steps and then a cosine from the target.

    **decay_steps does not count the warmup**: the cosine ends at
    ``warmup_steps + decay_steps``. With P the cosine's start value (the target, or
    the initial rate without one) and c the steps into the cosine, at most D::

        value(t) = init + (target - init) * t / W               if t < W (with a target)
                   P * ((1 - alpha) * (1 + cos(pi c / D)) / 2 + alpha)   otherwise

    *alpha* is relative to P. Without *warmup_target*, *warmup_steps* is ignored,
    as in Keras. The floor ``P * alpha`` must be a finite float, and the warmup's
    ``target - init`` too (Keras' values would be inf or NaN).

    Args:
        initial_learning_rate: the value at step 0, where the warmup starts (or the cosine,
            without a warmup).
        decay_steps: the cosine's length D, at least 1; it does not count the warmup.
        alpha: the final value as a fraction of the cosine's start.
        warmup_target: the value the warmup reaches, where the cosine starts; None for no
            warmup.
        warmup_steps: the warmup's length W, at least 0; ignored without *warmup_target*.

    Examples:
        >>> from schedkit.compat.keras import cosine_decay
        >>> schedule = cosine_decay(initial_learning_rate=0.0, decay_steps=4,
        ...                         warmup_target=1.0, warmup_steps=2)
        >>> [schedule(t) for t in range(8)]
        [0.0, 0.5, 1.0, 0.8535533905932737, 0.5, 0.14644660940672624, 0.0, 0.0]
    """
    init = check.real("initial_learning_rate", initial_learning_rate)
    steps = check.positive_integer("decay_steps", decay_steps)
    alpha = check.real("alpha", alpha)
    target = None if warmup_target is None else check.real("warmup_target", warmup_target)
    warmup = check.at_least("warmup_steps", warmup_steps, 0)
    peak = init if target is None else target
    lead = 0 if target is None else warmup
    if lead:
        check.finite_difference(("initial_learning_rate", "warmup_target"), (init, peak))
    # The cosine's factor lies between 1 and alpha, so its values between P and
    # P * alpha: that end bounds them.
    source = "initial_learning_rate" if target is None else "warmup_target"
    check.finite_result(
        f"{source} * alpha", peak * alpha, f"{source}={peak!r}, alpha={alpha!r}", (source, "alpha")
    )

    def at(step: int) -> float:
        if step < lead:
            return lerp(init, peak, step / lead)
        done = min(step - lead, steps)
        return peak * ((1.0 - alpha) * cosine_left(done / steps) + alpha)

    def at_array(ops: Arrays, step: Any) -> Any:
        if lead:
            rising = lerp_array(ops, init, peak, ops.ratio(ops.clamp(step, 0, lead), lead))
            if lead > ops.imax:  # no step gets past the warmup
                return rising
        done = ops.clamp(step, lead, lead + steps) - lead
        value = peak * ((1.0 - alpha) * cosine_left_array(ops, ops.ratio(done, steps)) + alpha)
        return ops.where(ops.below(step, lead), rising, value) if lead else value

    params = {
        "initial_learning_rate": init,
        "decay_steps": steps,
        "alpha": alpha,
        "warmup_target": target,
        "warmup_steps": warmup,
    }
    bound = max(abs(init), abs(peak), abs(peak * alpha))
    return ClosureSchedule(
        cosine_decay, params, at, array=at_array, length=lead + steps, bound=bound
    )


@register
def cosine_decay_restarts(
    *,
    initial_learning_rate: float,
    first_decay_steps: Steps,
    t_mul: float = 2.0,
    m_mul: float = 1.0,
    alpha: float = 0.0,
) -> Schedule:
    """``CosineDecayRestarts`` (SGDR): cosines from a peak down to
    ``alpha * initial_learning_rate``, restarting after each; cycle i lasts
    ``first_decay_steps * t_mul ** i`` steps and peaks at ``m_mul ** i`` times the
    initial rate. **The default t_mul is 2.**

    With c the fraction of its cycle that step t has done::

        value(t) = init * ((1 - alpha) * m_mul ** i * (1 + cos(pi c)) / 2 + alpha)

    The floor ``alpha * init`` is not scaled by m_mul, and must be a finite float.
    Keras finds the cycle with a float logarithm, one cycle short at some exact
    restarts; the cycle here is exact at any step for a whole t_mul, and for a
    fractional one is settled on the float cycle starts Keras computes (past about
    1e308 / t_mul steps, where those overflow, it comes from logarithms). t_mul must
    be at least 1 (shrinking cycles end in NaN in Keras).

    Args:
        initial_learning_rate: the value at step 0, the first cycle's peak.
        first_decay_steps: the first cycle's length, at least 1.
        t_mul: the factor by which each cycle is longer than the one before, at least 1.
        m_mul: the factor of each cycle's peak over the one before, at least 0.
        alpha: the floor as a fraction of *initial_learning_rate*.

    Examples:
        >>> from schedkit.compat.keras import cosine_decay_restarts
        >>> schedule = cosine_decay_restarts(initial_learning_rate=1.0, first_decay_steps=2,
        ...                                  m_mul=0.5)
        >>> [schedule(t) for t in range(8)]
        [1.0, 0.5, 0.5, 0.42677669529663687, 0.25, 0.07322330470336312, 0.25, 0.24048494156391084]
    """
    init = check.real("initial_learning_rate", initial_learning_rate)
    first = check.positive_integer("first_decay_steps", first_decay_steps)
    t_mul = check.real("t_mul", t_mul)
    if t_mul < 1.0:
        raise check.ScheduleError(f"t_mul must be a number >= 1, got t_mul={t_mul!r}", "t_mul")
    m_mul = check.non_negative("m_mul", m_mul)
    alpha = check.real("alpha", alpha)
    # With m_mul <= 1 the cosine's factor lies between 1 and alpha, so the values
    # between the initial rate and the floor, which bounds them.
    check.finite_result(
        "initial_learning_rate * alpha",
        init * alpha,
        f"initial_learning_rate={init!r}, alpha={alpha!r}",
        ("initial_learning_rate", "alpha"),
    )
    # The peaks grow with m_mul > 1, unless nothing they scale shows in the value.
    grows = m_mul > 1.0 and init != 0.0 and alpha != 1.0
    decay = m_mul if grows or m_mul <= 1.0 else 1.0
    # A fading m_mul ** i is held at its limit (0, or 1 for m_mul=1) from the power on
    # where it reaches it, so that the cycle of a huge step is never a float exponent.
    fade: float = math.inf if grows else fading_power(decay)
    held = 0.0 if grows else decay**fade
    cycle = _restarts(first, t_mul)

    def at(step: int) -> float:
        index, done = cycle(step)
        peak = decay**index if index < fade else held
        return init * ((1.0 - alpha) * peak * cosine_left(done) + alpha)

    cycle_array = _restarts_array(first, t_mul)
    # decay ** min(i, fade), which is held from fade on; where it overflows the scalar
    # path raises, of no known sign. Cycles are at least first_decay_steps long.
    peaks = functools.cache(lambda: powers(1.0, decay, fade, STEPS // first + 1))

    def at_array(ops: Arrays, step: Any) -> Any:
        index, done = cycle_array(ops, step)
        peak = power_at(ops, 1.0, decay, fade, peaks(), index)
        return init * ((1.0 - alpha) * peak * cosine_left_array(ops, done) + alpha)

    params = {
        "initial_learning_rate": init,
        "first_decay_steps": first,
        "t_mul": t_mul,
        "m_mul": m_mul,
        "alpha": alpha,
    }
    bound = math.inf if grows else max(abs(init), abs(init * alpha))
    return ClosureSchedule(
        cosine_decay_restarts, params, at, array=at_array, grows=grows, bound=bound
    )


def _restarts(first: int, mult: float) -> Callable[[int], tuple[int, float]]:
    """Return the function from a step to its cycle (from 0) and the fraction of that
    cycle done, for cycles of ``first * mult ** i`` steps (mult >= 1), at any step."""
    if mult.is_integer():
        whole = int(mult)
        if whole == 1:

            def equal(step: int) -> tuple[int, float]:
                index, offset = divmod(step, first)
                return index, offset / first

            return equal
        log_whole = math.log(whole)

        def growing(step: int) -> tuple[int, float]:
            index, power = whole_cycle(step, first, whole, log_whole)
            return index, (step - first * (power - 1) // (whole - 1)) / (first * power)

        return growing
    # Up to this step the cycle's start and the next one's are floats, as the
    # frameworks compute them.
    limit = sys.float_info.max / (2.0 * mult)
    log_mult = math.log(mult)

    def fractional(step: int) -> tuple[int, float]:
        if step < first:
            return 0, step / first
        if step <= limit:
            index = restart_index(step, first, mult)
            start = cycle_start(index, first, mult)
            return index, (step - start) / (first * mult**index)
        # Past them, cycle i starts where mult ** i reaches u = step * (mult - 1) /
        # first + 1: i is the whole part of log(u) / log(mult), and the rest r gives
        # the part done, (mult ** r - 1) / (mult - 1).
        excess = math.log(step) - math.log(first) + math.log(mult - 1.0)  # log(u - 1)
        level = (max(excess, 0.0) + math.log1p(math.exp(-abs(excess)))) / log_mult
        index = math.floor(level)
        return index, math.expm1((level - index) * log_mult) / (mult - 1.0)

    return fractional


def _restarts_array(first: int, mult: float) -> Callable[[Arrays, Any], tuple[Any, Any]]:
    """Return the array form of :func:`_restarts`'s function: at each step, the cycle
    (integers) and the fraction of it done."""
    if mult.is_integer():
        whole = int(mult)
        if whole == 1:

            def equal(ops: Arrays, step: Any) -> tuple[Any, Any]:
                offset = ops.remainder(step, first)
                return ops.floor_divide(step, first), ops.ratio(offset, first)

            return equal

        @functools.cache
        def cycles() -> tuple[tuple[int, ...], tuple[float, ...]]:
            # The cycles that start at a step an array holds, at most 63 of them: their
            # starts, first * (whole ** i - 1) // (whole - 1), and their lengths (inf
            # past the float range, where the fraction done is 0.0, as c / inf is).
            starts, lengths, power = [0], [_float(first)], whole
            while (start := first * (power - 1) // (whole - 1)) <= STEPS:
                starts.append(start)
                lengths.append(_float(first * power))
                power *= whole
            return tuple(starts), tuple(lengths)

        def growing(ops: Arrays, step: Any) -> tuple[Any, Any]:
            starts, lengths = cycles()
            held = [start for start in starts if start <= ops.imax]
            index = ops.count(step, held[1:])
            offset = step - ops.integers(held)[index]
            return index, ops.floats(offset) / ops.take(lengths, index)

        return growing

    # No step of an array is past _restarts' limit: a mult that is not whole is below
    # 2 ** 52, and the limit above 2 ** 970.
    table = functools.cache(lambda: cycle_table(first, mult, math.inf))

    def fractional(ops: Arrays, step: Any) -> tuple[Any, Any]:
        index, done, size = cycle_position(ops, step, first, mult, table())
        early = ops.below(step, first)
        fraction = ops.where(early, ops.ratio(step, first), done / size)
        return ops.where(early, index * 0, index), fraction

    return fractional


def _float(value: int) -> float:
    """Return *value* as a float, inf past the float range."""
    try:
        return float(value)
    except OverflowError:
        return math.inf
