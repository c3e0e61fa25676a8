"""optax's schedules as schedkit schedules.

This module points from optax to schedkit; a schedkit schedule as an optax learning
rate is :mod:`schedkit.jax`'s work.

Each function has optax's name, parameters and defaults, keyword-only; the value at
step t is what optax's schedule returns for ``count=t`` (count 0 is the first
update), computed in float64 as optax does with ``jax_enable_x64`` (without it, optax
rounds every value to float32). Where optax logs and falls back (a non-positive
``transition_steps``, a negative ``transition_begin``), the same fallback is taken.
optax and JAX are never imported.
"""

from __future__ import annotations

import functools
import inspect
import math
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Annotated, Any, Literal, get_args

from .. import _validate as check
from .._kinds import Constant, fading_power, least_true
from .._marks import ArgumentsOf, Steps
from .._registry import register
from .._schedule import FrozenMapping, Schedule
from .._shapes import (
    HALF_PI,
    cosine_left,
    cosine_left_array,
    cosine_move,
    cosine_move_array,
    lerp,
    lerp_array,
    linear_array,
    linear_between,
)
from ._base import ClosureSchedule, joined, joined_array
from ._base import schedules as schedule_list

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .._array import Arrays

__all__ = [
    "constant_schedule",
    "cosine_decay_schedule",
    "cosine_onecycle_schedule",
    "exponential_decay",
    "join_schedules",
    "linear_onecycle_schedule",
    "linear_schedule",
    "piecewise_constant_schedule",
    "piecewise_interpolate_schedule",
    "polynomial_schedule",
    "sgdr_schedule",
    "warmup_constant_schedule",
    "warmup_cosine_decay_schedule",
    "warmup_exponential_decay_schedule",
]

# A closure's array form: (ops, steps) to the value at each step (see schedkit._array).
_ArrayForm = Callable[["Arrays", Any], Any]


@register
def constant_schedule(*, value: float) -> Schedule:
    """``constant_schedule``: *value* at every step.

    Args:
        value: the value at every step.

    Examples:
        >>> from schedkit.compat.optax import constant_schedule
        >>> constant_schedule(value=0.1)(10**9)
        0.1
    """
    value = check.real("value", value)
    return Constant(constant_schedule, {"value": value}, value)


def _polynomial_closure(
    init: float, end: float, power: float, steps: int, *, begin: int, names: tuple[str, str]
) -> tuple[Callable[[int], float], _ArrayForm]:
    # A move over steps > 0 steps from begin >= 0, and its array form; *names* are the
    # parameters of end and init, for the error.
    height = check.finite_difference(names, (end, init))

    def at(step: int) -> float:
        done = min(max(step - begin, 0), steps)
        if power == 1.0:
            return linear_between(init, end, done, steps)
        if done == 0:
            return init
        return float(end + height * ((steps - done) / steps) ** power)

    def at_array(ops: Arrays, counts: Any) -> Any:
        if begin > ops.imax:
            return at(begin)  # no step of this integer type reaches the transition
        done = ops.clamp(counts, begin, begin + steps) - begin
        if power == 1.0:
            return linear_array(ops, init, end, done, steps)
        value = end + height * ops.left(done, steps) ** power
        # The end as the scalar path has it (0.0 ** power is 0.0), where a tiny power
        # that float32 rounds to 0 would make 0.0 ** 0.0 = 1.
        last = end + height * 0.0
        return ops.select([(ops.below(done, 1), init), (ops.at_least(done, steps), last)], value)

    return at, at_array


def _polynomial(
    factory: Callable[..., Schedule],
    params: dict[str, Any],
    ends: tuple[float, float],
    power: float,
    steps: int,
    *,
    begin: int,
    names: tuple[str, str] = ("end_value", "init_value"),
) -> Schedule:
    # optax's polynomial_schedule, under *factory*'s name: a non-positive steps gives
    # the constant init, a negative begin counts as 0.
    init, end = ends
    if steps <= 0:
        return Constant(factory, params, init)
    begin = max(begin, 0)
    at, at_array = _polynomial_closure(init, end, power, steps, begin=begin, names=names)
    return ClosureSchedule(factory, params, at, array=at_array, length=begin + steps)


@register
def polynomial_schedule(
    *,
    init_value: float,
    end_value: float,
    power: float,
    transition_steps: Steps,
    transition_begin: Steps = 0,
) -> Schedule:
    """``polynomial_schedule``: from *init_value* to *end_value* over *transition_steps*
    steps that start at *transition_begin*, then held.

    With c = clip(t - transition_begin, 0, transition_steps) and T = transition_steps::

        value(t) = (init_value - end_value) * (1 - c / T) ** power + end_value

    As in optax, a non-positive *transition_steps* gives the constant *init_value*,
    and a negative *transition_begin* counts as 0.

    Args:
        init_value: the value until *transition_begin*.
        end_value: the value from the end of the transition on.
        power: the exponent of the decay, greater than 0.
        transition_steps: the transition's length T; a non-positive one gives the constant
            *init_value*.
        transition_begin: the step at which the transition starts; a negative one counts as
            0.

    Examples:
        >>> from schedkit.compat.optax import polynomial_schedule
        >>> schedule = polynomial_schedule(init_value=1.0, end_value=0.0, power=2,
        ...                                transition_steps=4, transition_begin=2)
        >>> [schedule(t) for t in range(8)]
        [1.0, 1.0, 1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """
    init = check.real("init_value", init_value)
    end = check.real("end_value", end_value)
    power = check.positive("power", power)
    steps = check.integer("transition_steps", transition_steps)
    begin = check.integer("transition_begin", transition_begin)
    params = {
        "init_value": init,
        "end_value": end,
        "power": power,
        "transition_steps": steps,
        "transition_begin": begin,
    }
    return _polynomial(polynomial_schedule, params, (init, end), power, steps, begin=begin)


@register
def linear_schedule(
    *, init_value: float, end_value: float, transition_steps: Steps, transition_begin: Steps = 0
) -> Schedule:
    """``linear_schedule``: :func:`polynomial_schedule` with ``power=1``, a straight line.

    Args:
        init_value: the value until *transition_begin*.
        end_value: the value from the end of the transition on.
        transition_steps: the transition's length; a non-positive one gives the constant
            *init_value*.
        transition_begin: the step at which the transition starts; a negative one counts as
            0.

    Examples:
        >>> from schedkit.compat.optax import linear_schedule
        >>> schedule = linear_schedule(init_value=0.0, end_value=1.0, transition_steps=4)
        >>> [schedule(t) for t in range(6)]
        [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """
    init = check.real("init_value", init_value)
    end = check.real("end_value", end_value)
    steps = check.integer("transition_steps", transition_steps)
    begin = check.integer("transition_begin", transition_begin)
    params = {
        "init_value": init,
        "end_value": end,
        "transition_steps": steps,
        "transition_begin": begin,
    }
    return _polynomial(linear_schedule, params, (init, end), 1.0, steps, begin=begin)


def _scales(value: object) -> FrozenMapping | None:
    # A {step: scale} table; optax requires the scales to be non-negative.
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise check.kind_error("boundaries_and_scales", value, "a dict of step to scale")
    table = {}
    for key, scale in value.items():
        try:
            step = check.at_least("boundaries_and_scales key", key, 0)
        except (check.ScheduleError, check.ScheduleTypeError) as error:
            error.param = f"boundaries_and_scales[{key!r}]"
            raise
        table[step] = check.non_negative(f"boundaries_and_scales[{step}]", scale)
    return FrozenMapping(table)


def _cumulative(
    init: float, table: FrozenMapping | None
) -> tuple[tuple[int, ...], tuple[float, ...]]:
    # The sorted boundaries and the value from each one on: init times the scales so far.
    steps = tuple(sorted(table or {}))
    values = [init]
    for step in steps:
        values.append(values[-1] * table[step])  # type: ignore[index]
    return steps, tuple(values)


def _scaled(init: float, table: FrozenMapping | None) -> tuple[tuple[int, ...], tuple[float, ...]]:
    # _cumulative for the piecewise schedules, whose every value must be finite (a
    # large scale may come before a small one).
    steps, values = _cumulative(init, table)
    check.finite_result(
        "init_value times the scales",
        max(values, key=abs),
        f"init_value={init!r}, boundaries_and_scales={table!r}",
        ("init_value", "boundaries_and_scales"),
    )
    return steps, values


@register
def piecewise_constant_schedule(
    *, init_value: float, boundaries_and_scales: Mapping[Steps, float] | None = None
) -> Schedule:
    """``piecewise_constant_schedule``: *init_value*, multiplied by each scale from its step on.

    ::

        value(t) = init_value * (product of the scales s_b with b <= t)

    The boundary step itself gets the new value (unlike Keras'
    ``PiecewiseConstantDecay``).

    Args:
        init_value: the value before the first boundary.
        boundaries_and_scales: a dict of step to the factor applied from that step on, each
            at least 0, with *init_value* times the scales up to every boundary a finite
            number; None for the constant *init_value*.

    Examples:
        >>> from schedkit.compat.optax import piecewise_constant_schedule
        >>> schedule = piecewise_constant_schedule(
        ...     init_value=1.0, boundaries_and_scales={2: 0.5, 4: 0.5})
        >>> [schedule(t) for t in range(6)]
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    """
    init = check.real("init_value", init_value)
    table = _scales(boundaries_and_scales)
    steps, values = _scaled(init, table)

    def at(step: int) -> float:
        return values[bisect_right(steps, step)]

    def at_array(ops: Arrays, counts: Any) -> Any:
        return ops.take(values, ops.count(counts, steps)) if steps else values[0]

    params = {"init_value": init, "boundaries_and_scales": table}
    length = steps[-1] if steps else None
    bound = max(abs(value) for value in values)
    return ClosureSchedule(
        piecewise_constant_schedule, params, at, array=at_array, length=length, bound=bound
    )


def _overflows(rate: float, power: int) -> bool:
    try:
        return not math.isfinite(rate**power)
    except OverflowError:
        return True


def _exponential_closure(
    init: float,
    steps: int,
    rate: float,
    *,
    begin: int,
    staircase: bool,
    end: float | None,
) -> tuple[tuple[Callable[[int], float], _ArrayForm] | None, bool]:
    # Returns the closure and its array form (None where optax gives the constant init:
    # a non-positive steps or a rate of 0) and whether its value can grow without bound.
    if steps <= 0 or rate == 0.0:
        return None, False
    begin = max(begin, 0)
    clip: Callable[[float, float], float] = max if rate < 1.0 else min
    # A decay is bounded; a growth only by an end_value, from a positive init_value.
    bounded = rate <= 1.0 or init == 0.0 or (end is not None and init > 0.0)
    # The count past which the value no longer changes, so that no step, 10 ** 400
    # included, makes an exponent past the float range: 0 where the value stays
    # init_value (an init_value of 0, a decay_rate of 1), the power from which a decay
    # is 0.0, the one from which a bounded growth overflows (to inf, clipped at
    # end_value, as optax's floats are); none for an unbounded growth.
    last: float
    if init == 0.0:
        last = 0
    elif rate <= 1.0:
        last = fading_power(rate) * steps
    elif bounded:
        guess = int(1024 / math.log2(rate))
        last = least_true(lambda power: _overflows(rate, power), guess) * steps
    else:
        last = math.inf

    def at(step: int) -> float:
        gone: float = step - begin
        gone = gone if gone < last else last  # not min(), whose call costs more
        if gone <= 0:
            value = init
        else:
            exponent = gone // steps if staircase else gone / steps
            try:
                value = init * rate**exponent
            except OverflowError:
                # A growth past the float range: the bounded one is clipped at
                # end_value below; the unbounded one is the schedule's overflow.
                if not bounded:
                    raise
                value = math.inf
        return value if end is None else clip(value, end)

    # From count last on the value is held (last is an int there; an unbounded growth
    # has none): the scalar path's value at that count.
    reach = last if isinstance(last, int) else None  # math.inf otherwise
    held = None if reach is None else at(begin + reach)

    def at_array(ops: Arrays, counts: Any) -> Any:
        if begin > ops.imax:
            return at(begin)  # no step of this integer type reaches the decay
        if reach == 0:
            return held
        gone = ops.clamp(counts, begin, ops.imax) - begin
        if staircase:
            exponent = ops.floats(ops.floor_divide(gone, steps))
        else:
            exponent = ops.ratio(gone, steps)
        if reach is not None:
            # numpy's power is tens of times slower where it underflows to 0 or
            # overflows, as it does at the held counts: those take the held value.
            holds = ops.at_least(gone, reach)
            exponent = ops.where(holds, 0.0, exponent)
        # rate ** 0 is 1, so a step before the decay gives init itself. A power past the
        # float range is inf here, as the scalar path's OverflowError makes it, and the
        # unbounded growth's inf is then reported by the caller.
        value = init * ops.power(rate, exponent)
        if end is not None:
            # max and min keep their first argument on a tie (0.0 against -0.0): so
            # does this.
            past = end > value if rate < 1.0 else end < value
            value = ops.where(past, end, value)
        return value if reach is None else ops.where(holds, held, value)

    return (at, at_array), not bounded


@register
def exponential_decay(
    *,
    init_value: float,
    transition_steps: Steps,
    decay_rate: float,
    transition_begin: Steps = 0,
    staircase: bool = False,
    end_value: float | None = None,
) -> Schedule:
    """``exponential_decay``: *init_value* times *decay_rate* per *transition_steps*,
    from *transition_begin* on.

    With d = t - transition_begin and T = transition_steps::

        value(t) = init_value                           if d <= 0
                   init_value * decay_rate ** (d / T)   otherwise (floor(d / T) if staircase)

    then clipped at *end_value* when given (from below for a decay, from above for
    growth). As in optax, a non-positive T or a decay_rate of 0 gives the constant
    *init_value*.

    A decay reaches its limit, ``init_value * 0.0`` clipped at *end_value*, and holds
    it at every later step, however large. A growth above a positive *init_value* is
    held at *end_value*; without one, or from a negative *init_value*, it raises an
    error at the step where the value overflows a float. An *init_value* of 0 gives 0
    at every step (optax's power overflows there, and 0 times inf is nan).

    Args:
        init_value: the value until *transition_begin*.
        transition_steps: the steps per factor of *decay_rate*; a non-positive one gives the
            constant *init_value*.
        decay_rate: the factor per *transition_steps*, at least 0 (above 1 the value grows;
            0 gives the constant *init_value*).
        transition_begin: the step from which the decay starts; a negative one counts as 0.
        staircase: whether the exponent is floored, so that the value drops in steps.
        end_value: the bound the value is clipped at (from below for a decay, from above for
            growth); None for no bound.

    Examples:
        >>> from schedkit.compat.optax import exponential_decay
        >>> schedule = exponential_decay(init_value=1.0, transition_steps=2, decay_rate=0.5,
        ...                              transition_begin=1, staircase=True, end_value=0.25)
        >>> [schedule(t) for t in range(8)]
        [1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.25]
    """
    init = check.real("init_value", init_value)
    steps = check.integer("transition_steps", transition_steps)
    rate = check.non_negative("decay_rate", decay_rate)
    begin = check.integer("transition_begin", transition_begin)
    staircase = check.boolean("staircase", staircase)
    end = None if end_value is None else check.real("end_value", end_value)
    closures, grows = _exponential_closure(
        init, steps, rate, begin=begin, staircase=staircase, end=end
    )
    params = {
        "init_value": init,
        "transition_steps": steps,
        "decay_rate": rate,
        "transition_begin": begin,
        "staircase": staircase,
        "end_value": end,
    }
    if closures is None:
        return Constant(exponential_decay, params, init)
    at, at_array = closures
    # A bounded value lies between init_value and end_value (a decay clipped above its
    # start holds end_value).
    bound = None if grows else max(abs(init), abs(end or 0.0))
    sign = math.copysign(1.0, init)  # a growth leaves the range on init_value's side
    return ClosureSchedule(
        exponential_decay, params, at, array=at_array, grows=grows, bound=bound, sign=sign
    )


def _cosine_closure(
    init: float,
    steps: int,
    alpha: float,
    exponent: float,
    *,
    end: str,
    given: str,
    related: tuple[str, ...],
) -> tuple[Callable[[int], float], _ArrayForm]:
    # optax's cosine from init to init * alpha, which is refused where it overflows:
    # *end* is that value in the error, *given* the values and *related* the parameters
    # it comes from. The factor of init moves monotonically from its value at step 0,
    # at most max(1, |alpha|) in magnitude however it rounds, to alpha: so every value
    # is then finite.
    floor = init * alpha
    check.finite_result(end, floor, given, related)
    drop = 1.0 - alpha

    def at(step: int) -> float:
        if step >= steps:
            return floor
        return float(init * (drop * cosine_left(step / steps) ** exponent + alpha))

    def at_array(ops: Arrays, counts: Any) -> Any:
        done = ops.ratio(ops.clamp(counts, 0, steps), steps)
        value = init * (drop * cosine_left_array(ops, done) ** exponent + alpha)
        return ops.where(ops.below(counts, steps), value, floor)

    return at, at_array


@register
def cosine_decay_schedule(
    *, init_value: float, decay_steps: Steps, alpha: float = 0.0, exponent: float = 1.0
) -> Schedule:
    """``cosine_decay_schedule``: a cosine from *init_value* down to
    ``alpha * init_value`` at *decay_steps*, then held.

    With c = min(t, decay_steps)::

        part(t)  = ((1 + cos(pi * c / decay_steps)) / 2) ** exponent
        value(t) = init_value * ((1 - alpha) * part(t) + alpha)

    *alpha* is relative to *init_value* (Keras' alpha too; PyTorch's eta_min is
    absolute).

    Args:
        init_value: the value at step 0.
        decay_steps: the step at which the cosine ends, at least 1.
        alpha: the final value as a fraction of *init_value*; ``init_value * alpha`` must
            be a finite number.
        exponent: the power of the cosine part, greater than 0.

    Examples:
        >>> from schedkit.compat.optax import cosine_decay_schedule
        >>> schedule = cosine_decay_schedule(init_value=1.0, decay_steps=4, alpha=0.5)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.9267766952966369, 0.75, 0.5732233047033631, 0.5, 0.5]
    """
    init = check.real("init_value", init_value)
    steps = check.positive_integer("decay_steps", decay_steps)
    alpha = check.real("alpha", alpha)
    exponent = check.positive("exponent", exponent)
    at, at_array = _cosine_closure(
        init,
        steps,
        alpha,
        exponent,
        end="init_value * alpha",
        given=f"init_value={init!r}, alpha={alpha!r}",
        related=("init_value", "alpha"),
    )
    params = {"init_value": init, "decay_steps": steps, "alpha": alpha, "exponent": exponent}
    return ClosureSchedule(cosine_decay_schedule, params, at, array=at_array, length=steps)


@register
def warmup_constant_schedule(
    *, init_value: float, peak_value: float, warmup_steps: Steps
) -> Schedule:
    """``warmup_constant_schedule``: a straight line from *init_value* to *peak_value*
    over *warmup_steps* steps, then *peak_value*.

    Args:
        init_value: the value at step 0.
        peak_value: the value from *warmup_steps* on.
        warmup_steps: the warmup's length; a non-positive one gives the constant
            *init_value*, as in optax.

    Examples:
        >>> from schedkit.compat.optax import warmup_constant_schedule
        >>> schedule = warmup_constant_schedule(init_value=0.0, peak_value=1.0, warmup_steps=2)
        >>> [schedule(t) for t in range(4)]
        [0.0, 0.5, 1.0, 1.0]
    """
    init = check.real("init_value", init_value)
    peak = check.real("peak_value", peak_value)
    steps = check.integer("warmup_steps", warmup_steps)
    params = {"init_value": init, "peak_value": peak, "warmup_steps": steps}
    return _polynomial(
        warmup_constant_schedule, params, (init, peak), 1.0, steps, begin=0, names=_WARMUP_ENDS
    )


# The parameters of a warmup's ends, as a polynomial_schedule's end and init.
_WARMUP_ENDS = ("peak_value", "init_value")


def _warmup_then(
    init: float, peak: float, warmup: int, after: tuple[Callable[[int], float], _ArrayForm]
) -> tuple[Callable[[int], float], _ArrayForm]:
    # optax's join of a linear warmup (none when warmup is 0) with a schedule whose
    # count starts again at 0 on the warmup's last step, and its array form.
    if warmup <= 0:
        return after
    rise, rise_array = _polynomial_closure(init, peak, 1.0, warmup, begin=0, names=_WARMUP_ENDS)
    then, then_array = after

    def at(step: int) -> float:
        return rise(step) if step < warmup else then(step - warmup)

    def at_array(ops: Arrays, counts: Any) -> Any:
        if warmup > ops.imax:
            return rise_array(ops, counts)
        later = then_array(ops, ops.clamp(counts, warmup, ops.imax) - warmup)
        return ops.where(ops.below(counts, warmup), rise_array(ops, counts), later)

    return at, at_array


@register
def warmup_cosine_decay_schedule(
    *,
    init_value: float,
    peak_value: float,
    warmup_steps: Steps,
    decay_steps: Steps,
    end_value: float = 0.0,
    exponent: float = 1.0,
) -> Schedule:
    """``warmup_cosine_decay_schedule``: a straight warmup from *init_value* to
    *peak_value*, then a cosine down to *end_value* at step *decay_steps*.

    **decay_steps counts the warmup** (it is the step where the cosine ends). With
    W = warmup_steps, D = decay_steps - W and alpha = end_value / peak_value (0 if
    the peak is 0, so *end_value* is then ignored, as in optax)::

        value(t) = init + (peak - init) * t / W                                 if t < W
                   peak * ((1 - alpha) * ((1 + cos(pi c / D)) / 2) ** exponent + alpha)
                                                                               otherwise

    with c = min(t - W, D). optax requires decay_steps > warmup_steps.

    Args:
        init_value: the value at step 0.
        peak_value: the value at the end of the warmup.
        warmup_steps: the warmup's length W, at least 0.
        decay_steps: the step at which the cosine ends, counting the warmup; greater than
            *warmup_steps*.
        end_value: the value from *decay_steps* on; ``end_value / peak_value`` must be a
            finite number.
        exponent: the power of the cosine part, greater than 0.

    Examples:
        >>> from schedkit.compat.optax import warmup_cosine_decay_schedule
        >>> schedule = warmup_cosine_decay_schedule(init_value=0.0, peak_value=1.0,
        ...                                         warmup_steps=2, decay_steps=6)
        >>> [schedule(t) for t in range(8)]
        [0.0, 0.5, 1.0, 0.8535533905932737, 0.5, 0.14644660940672624, 0.0, 0.0]
    """
    init = check.real("init_value", init_value)
    peak = check.real("peak_value", peak_value)
    warmup = check.at_least("warmup_steps", warmup_steps, 0)
    total = check.integer("decay_steps", decay_steps)
    if total <= warmup:
        raise check.ScheduleError(
            "decay_steps must be greater than warmup_steps, "
            f"got decay_steps={total}, warmup_steps={warmup}",
            "decay_steps",
            related=("warmup_steps",),
        )
    end = check.real("end_value", end_value)
    exponent = check.positive("exponent", exponent)
    alpha = _alpha(peak, end)
    check.finite_result(
        "end_value / peak_value",
        alpha,
        f"end_value={end!r}, peak_value={peak!r}",
        ("end_value", "peak_value"),
    )
    steps = total - warmup
    fall: tuple[Callable[[int], float], _ArrayForm]
    if _falls_as_move(peak, end, exponent):
        # The floor lands exactly on end_value rather than on peak * (end / peak).
        def fall_at(step: int) -> float:
            return end if step >= steps else cosine_move(peak, end, step / steps)

        def fall_array(ops: Arrays, counts: Any) -> Any:
            done = ops.ratio(ops.clamp(counts, 0, steps), steps)
            return ops.where(ops.below(counts, steps), cosine_move_array(ops, peak, end, done), end)

        fall = (fall_at, fall_array)
    else:
        # optax's own form, which stays finite where end_value - peak_value overflows.
        fall = _cosine_closure(
            peak,
            steps,
            alpha,
            exponent,
            end="peak_value * (end_value / peak_value)",
            given=f"peak_value={peak!r}, end_value={end!r}",
            related=("peak_value", "end_value"),
        )

    params = {
        "init_value": init,
        "peak_value": peak,
        "warmup_steps": warmup,
        "decay_steps": total,
        "end_value": end,
        "exponent": exponent,
    }
    at, at_array = _warmup_then(init, peak, warmup, fall)
    bound = max(abs(init), abs(peak), abs(end), abs(peak * alpha))
    return ClosureSchedule(
        warmup_cosine_decay_schedule, params, at, array=at_array, length=total, bound=bound
    )


@register
def warmup_exponential_decay_schedule(
    *,
    init_value: float,
    peak_value: float,
    warmup_steps: Steps,
    transition_steps: Steps,
    decay_rate: float,
    transition_begin: Steps = 0,
    staircase: bool = False,
    end_value: float | None = None,
) -> Schedule:
    """``warmup_exponential_decay_schedule``: a straight warmup from *init_value* to
    *peak_value*, then :func:`exponential_decay` from *peak_value*, whose count starts
    at 0 on step *warmup_steps* (so *transition_begin* counts from the warmup's end).

    Args:
        init_value: the value at step 0.
        peak_value: the value at the end of the warmup, where the decay starts.
        warmup_steps: the warmup's length W, at least 0.
        transition_steps: the steps per factor of *decay_rate*; a non-positive one holds
            *peak_value*.
        decay_rate: the factor per *transition_steps*, at least 0 (above 1 the value grows;
            0 holds *peak_value*).
        transition_begin: the steps after the warmup before the decay starts; a negative one
            counts as 0.
        staircase: whether the exponent is floored, so that the value drops in steps.
        end_value: the bound the value is clipped at (from below for a decay, from above for
            growth); None for no bound.

    Examples:
        >>> from schedkit.compat.optax import warmup_exponential_decay_schedule
        >>> schedule = warmup_exponential_decay_schedule(
        ...     init_value=0.0, peak_value=1.0, warmup_steps=2, transition_steps=1,
        ...     decay_rate=0.5)
        >>> [schedule(t) for t in range(6)]
        [0.0, 0.5, 1.0, 0.5, 0.25, 0.125]
    """
    init = check.real("init_value", init_value)
    peak = check.real("peak_value", peak_value)
    warmup = check.at_least("warmup_steps", warmup_steps, 0)
    steps = check.integer("transition_steps", transition_steps)
    rate = check.non_negative("decay_rate", decay_rate)
    begin = check.integer("transition_begin", transition_begin)
    staircase = check.boolean("staircase", staircase)
    end = None if end_value is None else check.real("end_value", end_value)
    decay, grows = _exponential_closure(
        peak, steps, rate, begin=begin, staircase=staircase, end=end
    )
    if decay is None:  # optax's constant peak_value after the warmup
        decay = (lambda step: peak), (lambda ops, counts: peak)
    params = {
        "init_value": init,
        "peak_value": peak,
        "warmup_steps": warmup,
        "transition_steps": steps,
        "decay_rate": rate,
        "transition_begin": begin,
        "staircase": staircase,
        "end_value": end,
    }
    at, at_array = _warmup_then(init, peak, warmup, decay)
    bound = None if grows else max(abs(init), abs(peak), abs(end or 0.0))
    sign = math.copysign(1.0, peak)  # a growth leaves the range on peak_value's side
    return ClosureSchedule(
        warmup_exponential_decay_schedule,
        params,
        at,
        array=at_array,
        grows=grows,
        bound=bound,
        sign=sign,
    )


def _alpha(peak: float, end: float) -> float:
    # optax's end_value / peak_value, 0 for a peak of 0.
    return 0.0 if peak == 0.0 else end / peak


def _falls_as_move(peak: float, end: float, exponent: float) -> bool:
    # Whether warmup_cosine_decay_schedule's cosine is the move to end_value rather than
    # optax's form through alpha.
    return exponent == 1.0 and peak != 0.0 and math.isfinite(end - peak)


# Up to this many exponents of optax's form among sgdr_schedule's cycles, each power is
# taken apart (a power of each exponent at every step).
_FEW_POWERS = 4


def _cycle_columns(parts: tuple[Schedule, ...]) -> dict[str, list[Any]]:
    """Return the constants of sgdr_schedule's cycles, each a column of one per cycle:
    those of warmup_cosine_decay_schedule's closures."""
    columns: dict[str, list[Any]] = {}
    for part in parts:
        params = part.params
        peak, end, exponent = params["peak_value"], params["end_value"], params["exponent"]
        warmup = params["warmup_steps"]
        move = _falls_as_move(peak, end, exponent)
        alpha = _alpha(peak, end)
        row = {
            "init": params["init_value"],
            "peak": peak,
            "end": end,
            "exponent": exponent,
            "warmup": warmup,
            "half": -(-warmup // 2),  # where linear_between's second half starts
            "rise": float(max(warmup, 1)),  # a cycle without a warmup never reads it
            "fall": params["decay_steps"] - warmup,
            "alpha": alpha,
            "drop": 1.0 - alpha,
            "held": end if move else peak * alpha,
            "move": int(move),
        }
        for key, value in row.items():
            columns.setdefault(key, []).append(value)
    return columns


def _cycles_array(parts: tuple[Schedule, ...], boundaries: tuple[int, ...]) -> _ArrayForm:
    """Return the array form of sgdr_schedule's cycles, one after another.

    Every cycle is warmup_cosine_decay_schedule's formula with its own constants, so each
    step looks its cycle's up and the formula runs once, not once per cycle as in
    ``joined_array`` (which it falls back to where a cycle reaches past the integer
    type). The operations are the cycle's own, in its order: the same values.
    """
    joined_form = joined_array(parts, boundaries)
    if len(parts) == 1:
        return joined_form
    starts = (0, *boundaries)
    finish = starts[-1] + parts[-1].params["decay_steps"]
    # Every count the lookup reads, which must be one the integer type holds (so also a
    # float); past it each cycle's own form runs, as joined_array runs it.
    longest = max(
        finish, *(part.params[key] for part in parts for key in ("decay_steps", "warmup_steps"))
    )

    @functools.cache
    def constants() -> tuple[dict[str, list[Any]], list[bool], list[float], list[float], list[int]]:
        c = _cycle_columns(parts)
        moves = [bool(move) for move in c["move"]]
        falls = [float(steps) for steps in c["fall"]]
        # The exponents of optax's form, and each cycle's place among them (0 for a move).
        powers = sorted({e for e, move in zip(c["exponent"], moves, strict=True) if not move})
        exponents = zip(c["exponent"], moves, strict=True)
        ranks = [0 if move else powers.index(e) for e, move in exponents]
        return c, moves, falls, powers, ranks

    def at(ops: Arrays, counts: Any) -> Any:
        if longest > ops.imax:
            return joined_form(ops, counts)
        c, moves, falls, powers, ranks = constants()
        index = ops.count(counts, boundaries)

        def ints(items: Sequence[int]) -> Any:
            return ops.integers(items)[index]

        def floats(items: Sequence[float]) -> Any:
            return ops.take(items, index)

        local = counts - ints(starts)
        warmup = ints(c["warmup"])
        after = local - warmup
        peak = floats(c["peak"])
        done = ops.divide(ops.floats(after), floats(falls))
        # Only 0 <= done < 1 is chosen: held there, the other steps keep the sines cheap.
        done = ops.minimum(ops.maximum(done, 0.0), 1.0)
        left = cosine_left_array(ops, done)
        move = None
        if any(moves):
            # cosine_move_array, its part left shared with optax's form.
            end = floats(c["end"])
            rising = ops.sin(HALF_PI * done)
            first = peak + (end - peak) * (rising * rising)
            move = ops.where(done < 0.25, first, end + (peak - end) * left)
        if not all(moves):
            # A few exponents stay Python floats, as in a cycle's own form (numpy takes a
            # power of 2.0 as a square, of 0.5 as a root); more are looked up.
            if len(powers) <= _FEW_POWERS:
                rank = ints(ranks)
                pairs = [(ops.below(rank, k + 1), left**power) for k, power in enumerate(powers)]
                part = ops.select(pairs[:-1], pairs[-1][1])
            else:
                part = left ** floats(c["exponent"])
            optax = peak * (floats(c["drop"]) * part + floats(c["alpha"]))
            moving = ops.at_least(ints(c["move"]), 1)
            move = optax if move is None else ops.where(moving, move, optax)
        fall = ops.where(after < ints(c["fall"]), move, floats(c["held"]))
        if not any(c["warmup"]):
            return fall
        # linear_between over the warmup.
        init, length = floats(c["init"]), floats(c["rise"])
        first = init + (peak - init) * ops.divide(ops.floats(local), length)
        second = peak + (init - peak) * ops.divide(ops.floats(warmup - local), length)
        rise = ops.where(local < ints(c["half"]), first, second)
        return ops.where(local < warmup, rise, fall)

    return at


# What a cycle of sgdr_schedule gives: warmup_cosine_decay_schedule's parameters, and
# those of them without a default.
_CYCLE_PARAMS = tuple(inspect.signature(warmup_cosine_decay_schedule).parameters)
_CYCLE_NEEDS = tuple(
    name
    for name in _CYCLE_PARAMS
    if name not in (warmup_cosine_decay_schedule.__kwdefaults__ or {})
)


def _cycle(index: int, kwargs: Mapping[str, Any]) -> Schedule:
    """Return the cycle ``cosine_kwargs[index]`` describes, its errors placed there."""
    where = f"cosine_kwargs[{index}]"
    # Python's own TypeError for a wrong keyword would name neither this factory nor
    # the cycle.
    for key in kwargs:
        if key not in _CYCLE_PARAMS:
            raise check.ScheduleTypeError(
                f"{where} must have parameters of warmup_cosine_decay_schedule as keys "
                f"({', '.join(_CYCLE_PARAMS)}), got the key {check.show(key)}",
                f"{where}[{check.show(key)}]",
            )
    missing = [name for name in _CYCLE_NEEDS if name not in kwargs]
    if missing:
        raise check.ScheduleTypeError(
            f"{where} must give {', '.join(missing)}, got {check.show(dict(kwargs))}", where
        )
    try:
        return warmup_cosine_decay_schedule(**kwargs)
    except (check.ScheduleError, check.ScheduleTypeError) as error:
        # The cycle's own message, under this factory's name and at the cycle's place.
        raise type(error)(
            f"{where}: {error.detail}",
            f"{where}.{error.param}" if error.param else where,
            related=tuple(f"{where}.{name}" for name in error.related),
        ) from None


@register
def sgdr_schedule(
    *,
    cosine_kwargs: Iterable[
        Annotated[Mapping[str, Any], ArgumentsOf(warmup_cosine_decay_schedule)]
    ],
) -> Schedule:
    """``sgdr_schedule``: :func:`warmup_cosine_decay_schedule` cycles one after another.

    Each dict of *cosine_kwargs* holds the keyword arguments of one cycle; cycle i
    runs for its own decay_steps and starts at its own init_value (a warm restart).

    Args:
        cosine_kwargs: the cycles, each a dict of :func:`warmup_cosine_decay_schedule`'s
            arguments; at least one.

    Examples:
        >>> from schedkit.compat.optax import sgdr_schedule
        >>> cycle = dict(init_value=0.0, peak_value=1.0, warmup_steps=1, decay_steps=3)
        >>> schedule = sgdr_schedule(cosine_kwargs=[cycle, cycle])
        >>> [schedule(t) for t in range(7)]
        [0.0, 1.0, 0.5, 0.0, 1.0, 0.5, 0.0]
    """
    if isinstance(cosine_kwargs, (str, bytes, Mapping)) or not isinstance(cosine_kwargs, Iterable):
        raise check.kind_error("cosine_kwargs", cosine_kwargs, "a sequence of dicts")
    cycles = []
    for index, kwargs in enumerate(cosine_kwargs):
        if not isinstance(kwargs, Mapping):
            allowed = f"a dict of {warmup_cosine_decay_schedule.__name__} arguments"
            raise check.kind_error(f"cosine_kwargs[{index}]", kwargs, allowed)
        cycles.append(FrozenMapping(kwargs))
    if not cycles:
        raise check.ScheduleError(
            "cosine_kwargs must hold at least one dict, got []", "cosine_kwargs"
        )
    parts = tuple(_cycle(index, kwargs) for index, kwargs in enumerate(cycles))
    boundaries = []
    step = 0
    for part in parts[:-1]:
        step += part.params["decay_steps"]
        boundaries.append(step)
    # The boundaries are sums of positive decay_steps, one fewer than the cycles.
    at, length = joined(parts, tuple(boundaries), ("cosine_kwargs", "cosine_kwargs"))
    # Each cycle as given, but with the values its schedule checked (a float for a numpy
    # scalar or a Fraction), so that the repr and the config read back equal.
    checked = tuple(
        FrozenMapping({key: part.params[key] for key in cycle})
        for part, cycle in zip(parts, cycles, strict=True)
    )
    bound = max(part._bound() for part in parts)
    return ClosureSchedule(
        sgdr_schedule,
        {"cosine_kwargs": checked},
        at,
        array=_cycles_array(parts, tuple(boundaries)),
        length=length,
        bound=bound,
    )


def _interpolate_closure(
    kind: str, steps: tuple[int, ...], values: tuple[float, ...]
) -> tuple[Callable[[int], float], _ArrayForm]:
    bounds = (0, *steps)
    move = lerp if kind == "linear" else cosine_move
    move_array = lerp_array if kind == "linear" else cosine_move_array
    sizes = tuple(max(high - low, 1) for low, high in pairwise(bounds))

    def at(step: int) -> float:
        if step >= bounds[-1]:
            return values[-1]
        index = bisect_right(bounds, step) - 1
        size = max(bounds[index + 1] - bounds[index], 1)
        return move(values[index], values[index + 1], (step - bounds[index]) / size)

    def at_array(ops: Arrays, counts: Any) -> Any:
        if not steps:
            return values[0]
        if len(steps) == 1:
            done = ops.ratio(ops.clamp(counts, 0, steps[0]), sizes[0])
            value = move_array(ops, values[0], values[1], done)
        else:
            # The piece of each step, the last one from its start on (where the value is
            # then chosen away), looked up rather than chosen along a chain.
            index = ops.count(counts, steps[:-1])
            # A piece that starts past the integer type is never looked up.
            starts = ops.integers([min(low, ops.imax) for low in bounds[:-1]])
            offset = ops.floats(counts - starts[index])
            done = ops.divide(offset, ops.take([float(size) for size in sizes], index))
            # Past the last piece, where the value is chosen away, held for cheap sines.
            done = ops.minimum(done, 1.0)
            value = move_array(ops, ops.take(values[:-1], index), ops.take(values[1:], index), done)
        return ops.where(ops.below(counts, bounds[-1]), value, values[-1])

    return at, at_array


InterpolateType = Literal["linear", "cosine"]


@register
def piecewise_interpolate_schedule(
    *,
    interpolate_type: InterpolateType,
    init_value: float,
    boundaries_and_scales: Mapping[Steps, float] | None = None,
) -> Schedule:
    """``piecewise_interpolate_schedule``: interpolate, linearly or by a half cosine,
    between the values at the boundaries.

    The value at boundary b_i is *init_value* times the scales of every boundary up
    to b_i (v_0 = init_value at step 0); between b_i and b_{i+1} the value moves from
    v_i to v_{i+1}, and from the last boundary on it is the last value.

    Args:
        interpolate_type: the move between boundaries, "linear" or "cosine".
        init_value: the value at step 0.
        boundaries_and_scales: a dict of step to the factor of the value at that step, each
            at least 0; None for the constant *init_value*.

    Examples:
        >>> from schedkit.compat.optax import piecewise_interpolate_schedule
        >>> schedule = piecewise_interpolate_schedule(
        ...     interpolate_type="linear", init_value=1.0, boundaries_and_scales={4: 0.5})
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.875, 0.75, 0.625, 0.5, 0.5]
    """
    kind = check.choice("interpolate_type", interpolate_type, get_args(InterpolateType))
    init = check.real("init_value", init_value)
    table = _scales(boundaries_and_scales)
    steps, values = _scaled(init, table)
    params = {"interpolate_type": kind, "init_value": init, "boundaries_and_scales": table}
    at, at_array = _interpolate_closure(kind, steps, values)
    length = steps[-1] if steps else None
    bound = max(abs(value) for value in values)  # every move stays between two of them
    return ClosureSchedule(
        piecewise_interpolate_schedule, params, at, array=at_array, length=length, bound=bound
    )


def _knot(pct: float, steps: int) -> int:
    """Return optax's ``int(pct * transition_steps)``, computed in floats as optax does,
    and exactly where *steps* is past the float range."""
    try:
        return int(pct * steps)
    except OverflowError:
        numerator, denominator = pct.as_integer_ratio()
        return numerator * steps // denominator


def _onecycle(
    factory: Callable[..., Schedule],
    kind: str,
    params: dict[str, Any],
    knots: Callable[[int, float, dict[str, float]], dict[int, float]],
) -> Schedule:
    steps = check.positive_integer("transition_steps", params["transition_steps"])
    peak = check.real("peak_value", params["peak_value"])
    checked: dict[str, Any] = {"transition_steps": steps, "peak_value": peak}
    for key, value in params.items():
        if key.startswith("pct_"):
            checked[key] = check.fraction(key, value)
        elif key.endswith("div_factor"):
            checked[key] = check.positive(key, value)
    # optax builds a dict, so a later knot on the same step replaces an earlier one.
    table = knots(steps, peak, checked)
    init = peak / checked["div_factor"]
    bounds, values = _cumulative(init, FrozenMapping(table))
    factors = tuple(key for key in checked if key.endswith("div_factor"))
    given = ", ".join(f"{key}={checked[key]!r}" for key in ("peak_value", *factors))
    # The last knot is at transition_steps; an earlier one overflowing makes it inf too.
    check.finite_result(
        "the value at transition_steps", values[-1], given, ("peak_value", *factors)
    )
    at, at_array = _interpolate_closure(kind, bounds, values)
    # A knot rounded in floats can land past transition_steps, where the value then ends.
    bound = max(abs(value) for value in values)
    return ClosureSchedule(factory, checked, at, array=at_array, length=bounds[-1], bound=bound)


@register
def linear_onecycle_schedule(
    *,
    transition_steps: Steps,
    peak_value: float,
    pct_start: float = 0.3,
    pct_final: float = 0.85,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> Schedule:
    """``linear_onecycle_schedule``: straight lines from ``peak_value / div_factor`` up
    to *peak_value* at ``int(pct_start * T)``, back down at ``int(pct_final * T)``, and
    down to ``peak_value / (div_factor * final_div_factor)`` at T = transition_steps.

    Unlike PyTorch's OneCycleLR (peak at ``pct_start * N - 1``, end at ``N - 1``), the
    knots are at whole steps and the end is at T, held after. The products
    ``pct * T`` are rounded in floats, as in optax, and exact for a T past the float
    range (where optax raises).

    Args:
        transition_steps: the cycle's length T, at least 1.
        peak_value: the highest value.
        pct_start: the fraction of T at which the peak is reached, from 0 to 1.
        pct_final: the fraction of T at which the value is back at its start, from 0 to 1.
        div_factor: the peak over the starting value, greater than 0.
        final_div_factor: the starting value over the final one, greater than 0.

    Examples:
        >>> from schedkit.compat.optax import linear_onecycle_schedule
        >>> schedule = linear_onecycle_schedule(transition_steps=10, peak_value=1.0,
        ...                                     pct_start=0.2, pct_final=0.6, div_factor=2.0,
        ...                                     final_div_factor=0.5)
        >>> [schedule(t) for t in (0, 1, 2, 4, 6, 8, 10, 11)]
        [0.5, 0.75, 1.0, 0.75, 0.5, 0.75, 1.0, 1.0]
    """

    def knots(steps: int, peak: float, p: dict[str, float]) -> dict[int, float]:
        return {
            _knot(p["pct_start"], steps): p["div_factor"],
            _knot(p["pct_final"], steps): 1.0 / p["div_factor"],
            steps: 1.0 / p["final_div_factor"],
        }

    params = {
        "transition_steps": transition_steps,
        "peak_value": peak_value,
        "pct_start": pct_start,
        "pct_final": pct_final,
        "div_factor": div_factor,
        "final_div_factor": final_div_factor,
    }
    return _onecycle(linear_onecycle_schedule, "linear", params, knots)


@register
def cosine_onecycle_schedule(
    *,
    transition_steps: Steps,
    peak_value: float,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
) -> Schedule:
    """``cosine_onecycle_schedule``: half cosines from ``peak_value / div_factor`` up to
    *peak_value* at ``int(pct_start * T)`` and down to
    ``peak_value / (div_factor * final_div_factor)`` at T = transition_steps, held after.

    ``pct_start * T`` is rounded in floats, as in optax, and exact for a T past the
    float range (where optax raises).

    Args:
        transition_steps: the cycle's length T, at least 1.
        peak_value: the highest value.
        pct_start: the fraction of T at which the peak is reached, from 0 to 1.
        div_factor: the peak over the starting value, greater than 0.
        final_div_factor: the starting value over the final one, greater than 0.

    Examples:
        >>> from schedkit.compat.optax import cosine_onecycle_schedule
        >>> schedule = cosine_onecycle_schedule(transition_steps=10, peak_value=1.0,
        ...                                     pct_start=0.2, div_factor=2.0,
        ...                                     final_div_factor=0.5)
        >>> [schedule(t) for t in (0, 1, 2, 6, 10, 11)]
        [0.5, 0.75, 1.0, 1.0, 1.0, 1.0]
    """

    def knots(steps: int, peak: float, p: dict[str, float]) -> dict[int, float]:
        # A product that underflows to 0 divides as optax's floats do, to inf, which
        # the check of the last value refuses.
        both = p["div_factor"] * p["final_div_factor"]
        return {
            _knot(p["pct_start"], steps): p["div_factor"],
            steps: 1.0 / both if both else math.inf,
        }

    params = {
        "transition_steps": transition_steps,
        "peak_value": peak_value,
        "pct_start": pct_start,
        "div_factor": div_factor,
        "final_div_factor": final_div_factor,
    }
    return _onecycle(cosine_onecycle_schedule, "cosine", params, knots)


@register
def join_schedules(*, schedules: Iterable[Schedule], boundaries: Iterable[Steps]) -> Schedule:
    """``join_schedules``: each schedule in turn, switching at the boundaries.

    With b_0 = 0 and i the number of boundaries b <= t::

        value(t) = schedules[i](t - b_i)

    The boundary step goes to the next schedule, at its own count 0. Any schedule can
    take part, optax's equivalents or schedkit's own.

    Args:
        schedules: the schedules run one after another, at least one; one that grows
            without bound must be finite until the next boundary, unless it is the last.
        boundaries: the steps at which the next schedule starts, one fewer than *schedules*,
            not decreasing.

    Examples:
        >>> from schedkit.compat.optax import constant_schedule, join_schedules, linear_schedule
        >>> schedule = join_schedules(
        ...     schedules=[constant_schedule(value=1.0),
        ...                linear_schedule(init_value=1.0, end_value=0.0, transition_steps=2)],
        ...     boundaries=[2])
        >>> [schedule(t) for t in range(6)]
        [1.0, 1.0, 1.0, 0.5, 0.0, 0.0]
    """
    parts = schedule_list("schedules", schedules)
    steps = check.non_negative_integers("boundaries", boundaries)
    at, length = joined(parts, steps, ("schedules", "boundaries"))
    grows = False
    for index, part in enumerate(parts):
        if not math.isinf(part._bound()):
            continue
        # A part that grows without bound makes the join grow too. One before the last
        # runs only until the next boundary, and is refused if it has left the float
        # range by then (its last step there, where a growth is largest).
        grows = True
        last = steps[index] - (steps[index - 1] if index else 0) - 1 if index < len(steps) else -1
        if last >= 0 and not _finite_at(part, last):
            raise check.ScheduleError(
                f"schedules[{index}] must be finite until boundaries[{index}]="
                f"{steps[index]}, got {check.show(part)}, which overflows a float at its "
                f"own step {last}",
                f"schedules[{index}]",
                related=(f"boundaries[{index}]",),
            )
    # A part's overflow is named at the join's step by ClosureSchedule.
    params = {"schedules": parts, "boundaries": steps}
    # The steps the default bound reads (0 and the boundaries) miss a part's peak
    # before its boundary, so the bound is the largest of the parts' own.
    bound = max(part._bound() for part in parts)
    return ClosureSchedule(
        join_schedules,
        params,
        at,
        array=joined_array(parts, steps),
        length=length,
        grows=grows,
        bound=bound,
    )


def _finite_at(schedule: Schedule, step: int) -> bool:
    try:
        return math.isfinite(schedule(step))
    except check.ScheduleError:  # the overflow of a growing schedule
        return False
