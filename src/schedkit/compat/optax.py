"""optax's schedules as pure schedules.

Each function has optax's name, parameters and defaults, keyword-only; the value at
step t is what optax's schedule returns for ``count=t`` (count 0 is the first
update), computed in float64 as optax does with ``jax_enable_x64`` (without it, optax
rounds every value to float32). Where optax logs and falls back (a non-positive
``transition_steps``, a negative ``transition_begin``), the same fallback is taken.
optax and JAX are never imported.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Literal, get_args

from .. import _validate as check
from .._registry import ArgumentsOf, Steps, register
from .._schedule import FrozenMapping, Schedule
from .._shapes import lerp, linear_between
from ._base import cos_left, cos_move, joined, make
from ._base import schedules as schedule_list

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

_PREFIX = "compat.optax."


@register
def constant_schedule(*, value: float) -> Schedule:
    """``constant_schedule``: *value* at every step.

    Examples:
        >>> from schedkit.compat.optax import constant_schedule
        >>> constant_schedule(value=0.1)(10**9)
        0.1
    """
    value = check.real(_PREFIX + "constant_schedule", "value", value)
    return make(constant_schedule, {"value": value}, lambda step: value)


def _polynomial_closure(
    name: str, init: float, end: float, power: float, steps: int, *, begin: int
) -> tuple[Callable[[int], float], int | None]:
    if steps <= 0:
        return (lambda step: init), None
    begin = max(begin, 0)
    height = check.finite_difference(name, ("end_value", "init_value"), (end, init))

    def at(step: int) -> float:
        done = min(max(step - begin, 0), steps)
        if power == 1.0:
            return linear_between(init, end, done, steps)
        if done == 0:
            return init
        return float(end + height * ((steps - done) / steps) ** power)

    return at, begin + steps


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

    Examples:
        >>> from schedkit.compat.optax import polynomial_schedule
        >>> schedule = polynomial_schedule(init_value=1.0, end_value=0.0, power=2,
        ...                                transition_steps=4, transition_begin=2)
        >>> [schedule(t) for t in range(8)]
        [1.0, 1.0, 1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """
    name = _PREFIX + "polynomial_schedule"
    init = check.real(name, "init_value", init_value)
    end = check.real(name, "end_value", end_value)
    power = check.positive(name, "power", power)
    steps = check.integer(name, "transition_steps", transition_steps)
    begin = check.integer(name, "transition_begin", transition_begin)
    at, length = _polynomial_closure(name, init, end, power, steps, begin=begin)
    params = {
        "init_value": init,
        "end_value": end,
        "power": power,
        "transition_steps": steps,
        "transition_begin": begin,
    }
    return make(polynomial_schedule, params, at, length=length)


@register
def linear_schedule(
    *, init_value: float, end_value: float, transition_steps: Steps, transition_begin: Steps = 0
) -> Schedule:
    """``linear_schedule``: :func:`polynomial_schedule` with ``power=1``, a straight line.

    Examples:
        >>> from schedkit.compat.optax import linear_schedule
        >>> schedule = linear_schedule(init_value=0.0, end_value=1.0, transition_steps=4)
        >>> [schedule(t) for t in range(6)]
        [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """
    name = _PREFIX + "linear_schedule"
    init = check.real(name, "init_value", init_value)
    end = check.real(name, "end_value", end_value)
    steps = check.integer(name, "transition_steps", transition_steps)
    begin = check.integer(name, "transition_begin", transition_begin)
    at, length = _polynomial_closure(name, init, end, 1.0, steps, begin=begin)
    params = {
        "init_value": init,
        "end_value": end,
        "transition_steps": steps,
        "transition_begin": begin,
    }
    return make(linear_schedule, params, at, length=length)


def _scales(name: str, value: object) -> FrozenMapping | None:
    # A {step: scale} table; optax requires the scales to be non-negative.
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{name}: boundaries_and_scales must be a dict of step to scale, "
            f"got boundaries_and_scales={check.show(value)} ({check.kind(value)})"
        )
    table = {}
    for key, scale in value.items():
        step = check.at_least(name, "boundaries_and_scales key", key, 0)
        table[step] = check.non_negative(name, f"boundaries_and_scales[{step}]", scale)
    return FrozenMapping(table)


def _cumulative(
    name: str, init: float, table: FrozenMapping | None
) -> tuple[tuple[int, ...], tuple[float, ...]]:
    # The sorted boundaries and the value from each one on: init times the scales so far.
    steps = tuple(sorted(table or {}))
    values = [init]
    for step in steps:
        values.append(values[-1] * table[step])  # type: ignore[index]
    check.finite_result(
        name,
        "init_value times the scales",
        values[-1],
        f"init_value={init!r}, boundaries_and_scales={table!r}",
    )
    return steps, tuple(values)


@register
def piecewise_constant_schedule(
    *, init_value: float, boundaries_and_scales: Mapping[Steps, float] | None = None
) -> Schedule:
    """``piecewise_constant_schedule``: *init_value*, multiplied by each scale from its step on.

    ::

        value(t) = init_value * (product of the scales s_b with b <= t)

    The boundary step itself gets the new value (unlike Keras'
    ``PiecewiseConstantDecay``).

    Examples:
        >>> from schedkit.compat.optax import piecewise_constant_schedule
        >>> schedule = piecewise_constant_schedule(
        ...     init_value=1.0, boundaries_and_scales={2: 0.5, 4: 0.5})
        >>> [schedule(t) for t in range(6)]
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    """
    name = _PREFIX + "piecewise_constant_schedule"
    init = check.real(name, "init_value", init_value)
    table = _scales(name, boundaries_and_scales)
    steps, values = _cumulative(name, init, table)

    def at(step: int) -> float:
        return values[bisect_right(steps, step)]

    params = {"init_value": init, "boundaries_and_scales": table}
    return make(piecewise_constant_schedule, params, at, length=steps[-1] if steps else None)


def _exponential_closure(
    init: float,
    steps: int,
    rate: float,
    *,
    begin: int,
    staircase: bool,
    end: float | None,
) -> tuple[Callable[[int], float], bool]:
    # Returns the closure and whether its value can grow without bound.
    if steps <= 0 or rate == 0.0:
        return (lambda step: init), False
    begin = max(begin, 0)
    clip: Callable[[float, float], float] = max if rate < 1.0 else min

    def at(step: int) -> float:
        gone = step - begin
        if gone <= 0:
            value = init
        else:
            exponent = gone // steps if staircase else gone / steps
            try:
                value = init * rate**exponent
            except OverflowError:
                if end is None:
                    raise
                value = math.copysign(math.inf, init) if init else 0.0
        return value if end is None else clip(value, end)

    return at, rate > 1.0 and end is None and init != 0.0


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

    Examples:
        >>> from schedkit.compat.optax import exponential_decay
        >>> schedule = exponential_decay(init_value=1.0, transition_steps=2, decay_rate=0.5,
        ...                              transition_begin=1, staircase=True, end_value=0.25)
        >>> [schedule(t) for t in range(8)]
        [1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.25]
    """
    name = _PREFIX + "exponential_decay"
    init = check.real(name, "init_value", init_value)
    steps = check.integer(name, "transition_steps", transition_steps)
    rate = check.non_negative(name, "decay_rate", decay_rate)
    begin = check.integer(name, "transition_begin", transition_begin)
    staircase = check.boolean(name, "staircase", staircase)
    end = None if end_value is None else check.real(name, "end_value", end_value)
    at, grows = _exponential_closure(init, steps, rate, begin=begin, staircase=staircase, end=end)
    params = {
        "init_value": init,
        "transition_steps": steps,
        "decay_rate": rate,
        "transition_begin": begin,
        "staircase": staircase,
        "end_value": end,
    }
    return make(exponential_decay, params, at, grows=grows)


def _cosine_closure(
    init: float, steps: int, alpha: float, exponent: float
) -> Callable[[int], float]:
    def at(step: int) -> float:
        if step >= steps:
            return init * alpha
        return float(init * ((1.0 - alpha) * cos_left(step / steps) ** exponent + alpha))

    return at


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

    Examples:
        >>> from schedkit.compat.optax import cosine_decay_schedule
        >>> schedule = cosine_decay_schedule(init_value=1.0, decay_steps=4, alpha=0.5)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.9267766952966369, 0.75, 0.5732233047033631, 0.5, 0.5]
    """
    name = _PREFIX + "cosine_decay_schedule"
    init = check.real(name, "init_value", init_value)
    steps = check.positive_integer(name, "decay_steps", decay_steps)
    alpha = check.real(name, "alpha", alpha)
    exponent = check.positive(name, "exponent", exponent)
    at = _cosine_closure(init, steps, alpha, exponent)
    params = {"init_value": init, "decay_steps": steps, "alpha": alpha, "exponent": exponent}
    return make(cosine_decay_schedule, params, at, length=steps)


@register
def warmup_constant_schedule(
    *, init_value: float, peak_value: float, warmup_steps: Steps
) -> Schedule:
    """``warmup_constant_schedule``: a straight line from *init_value* to *peak_value*
    over *warmup_steps* steps, then *peak_value*.

    Examples:
        >>> from schedkit.compat.optax import warmup_constant_schedule
        >>> schedule = warmup_constant_schedule(init_value=0.0, peak_value=1.0, warmup_steps=2)
        >>> [schedule(t) for t in range(4)]
        [0.0, 0.5, 1.0, 1.0]
    """
    name = _PREFIX + "warmup_constant_schedule"
    init = check.real(name, "init_value", init_value)
    peak = check.real(name, "peak_value", peak_value)
    steps = check.integer(name, "warmup_steps", warmup_steps)
    at, length = _polynomial_closure(name, init, peak, 1.0, steps, begin=0)
    params = {"init_value": init, "peak_value": peak, "warmup_steps": steps}
    return make(warmup_constant_schedule, params, at, length=length)


def _warmup_then(
    name: str, init: float, peak: float, warmup: int, after: Callable[[int], float]
) -> Callable[[int], float]:
    # optax's join of a linear warmup (a constant init when warmup is 0) with a schedule
    # whose count starts again at 0 on the warmup's last step.
    rise, _ = _polynomial_closure(name, init, peak, 1.0, warmup, begin=0)

    def at(step: int) -> float:
        return rise(step) if step < warmup else after(step - warmup)

    return at


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

    Examples:
        >>> from schedkit.compat.optax import warmup_cosine_decay_schedule
        >>> schedule = warmup_cosine_decay_schedule(init_value=0.0, peak_value=1.0,
        ...                                         warmup_steps=2, decay_steps=6)
        >>> [schedule(t) for t in range(8)]
        [0.0, 0.5, 1.0, 0.8535533905932737, 0.5, 0.14644660940672624, 0.0, 0.0]
    """
    name = _PREFIX + "warmup_cosine_decay_schedule"
    init = check.real(name, "init_value", init_value)
    peak = check.real(name, "peak_value", peak_value)
    warmup = check.at_least(name, "warmup_steps", warmup_steps, 0)
    total = check.integer(name, "decay_steps", decay_steps)
    if total <= warmup:
        raise check.ScheduleError(
            f"{name}: decay_steps must be greater than warmup_steps, "
            f"got decay_steps={total}, warmup_steps={warmup}"
        )
    end = check.real(name, "end_value", end_value)
    exponent = check.positive(name, "exponent", exponent)
    alpha = 0.0 if peak == 0.0 else end / peak
    check.finite_result(
        name, "end_value / peak_value", alpha, f"end_value={end!r}, peak_value={peak!r}"
    )
    fall = _cosine_closure(peak, total - warmup, alpha, exponent)
    if exponent == 1.0 and peak != 0.0:
        # The floor lands exactly on end_value rather than on peak * (end / peak).
        steps = total - warmup

        def fall(step: int) -> float:
            return end if step >= steps else cos_move(peak, end, step / steps)

    params = {
        "init_value": init,
        "peak_value": peak,
        "warmup_steps": warmup,
        "decay_steps": total,
        "end_value": end,
        "exponent": exponent,
    }
    at = _warmup_then(name, init, peak, warmup, fall)
    return make(warmup_cosine_decay_schedule, params, at, length=total)


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

    Examples:
        >>> from schedkit.compat.optax import warmup_exponential_decay_schedule
        >>> schedule = warmup_exponential_decay_schedule(
        ...     init_value=0.0, peak_value=1.0, warmup_steps=2, transition_steps=1,
        ...     decay_rate=0.5)
        >>> [schedule(t) for t in range(6)]
        [0.0, 0.5, 1.0, 0.5, 0.25, 0.125]
    """
    name = _PREFIX + "warmup_exponential_decay_schedule"
    init = check.real(name, "init_value", init_value)
    peak = check.real(name, "peak_value", peak_value)
    warmup = check.at_least(name, "warmup_steps", warmup_steps, 0)
    steps = check.integer(name, "transition_steps", transition_steps)
    rate = check.non_negative(name, "decay_rate", decay_rate)
    begin = check.integer(name, "transition_begin", transition_begin)
    staircase = check.boolean(name, "staircase", staircase)
    end = None if end_value is None else check.real(name, "end_value", end_value)
    fall, grows = _exponential_closure(peak, steps, rate, begin=begin, staircase=staircase, end=end)
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
    at = _warmup_then(name, init, peak, warmup, fall)
    return make(warmup_exponential_decay_schedule, params, at, grows=grows)


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

    Examples:
        >>> from schedkit.compat.optax import sgdr_schedule
        >>> cycle = dict(init_value=0.0, peak_value=1.0, warmup_steps=1, decay_steps=3)
        >>> schedule = sgdr_schedule(cosine_kwargs=[cycle, cycle])
        >>> [schedule(t) for t in range(7)]
        [0.0, 1.0, 0.5, 0.0, 1.0, 0.5, 0.0]
    """
    name = _PREFIX + "sgdr_schedule"
    if isinstance(cosine_kwargs, (str, bytes, Mapping)) or not isinstance(cosine_kwargs, Iterable):
        raise TypeError(
            f"{name}: cosine_kwargs must be a sequence of dicts, "
            f"got cosine_kwargs={check.show(cosine_kwargs)} ({check.kind(cosine_kwargs)})"
        )
    cycles = []
    for index, kwargs in enumerate(cosine_kwargs):
        if not isinstance(kwargs, Mapping):
            raise TypeError(
                f"{name}: cosine_kwargs[{index}] must be a dict of "
                f"warmup_cosine_decay_schedule arguments, got cosine_kwargs[{index}]="
                f"{check.show(kwargs)} ({check.kind(kwargs)})"
            )
        cycles.append(FrozenMapping(kwargs))
    if not cycles:
        raise check.ScheduleError(f"{name}: cosine_kwargs must hold at least one dict, got []")
    parts = tuple(warmup_cosine_decay_schedule(**kwargs) for kwargs in cycles)
    boundaries = []
    step = 0
    for part in parts[:-1]:
        step += part.params["decay_steps"]
        boundaries.append(step)
    at, length = joined(name, parts, tuple(boundaries))
    return make(sgdr_schedule, {"cosine_kwargs": tuple(cycles)}, at, length=length)


def _interpolate_closure(
    kind: str, steps: tuple[int, ...], values: tuple[float, ...]
) -> Callable[[int], float]:
    bounds = (0, *steps)
    move = lerp if kind == "linear" else cos_move

    def at(step: int) -> float:
        if step >= bounds[-1]:
            return values[-1]
        index = bisect_right(bounds, step) - 1
        size = max(bounds[index + 1] - bounds[index], 1)
        return move(values[index], values[index + 1], (step - bounds[index]) / size)

    return at


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

    Examples:
        >>> from schedkit.compat.optax import piecewise_interpolate_schedule
        >>> schedule = piecewise_interpolate_schedule(
        ...     interpolate_type="linear", init_value=1.0, boundaries_and_scales={4: 0.5})
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.875, 0.75, 0.625, 0.5, 0.5]
    """
    name = _PREFIX + "piecewise_interpolate_schedule"
    kind = check.choice(name, "interpolate_type", interpolate_type, get_args(InterpolateType))
    init = check.real(name, "init_value", init_value)
    table = _scales(name, boundaries_and_scales)
    steps, values = _cumulative(name, init, table)
    params = {"interpolate_type": kind, "init_value": init, "boundaries_and_scales": table}
    at = _interpolate_closure(kind, steps, values)
    return make(piecewise_interpolate_schedule, params, at, length=steps[-1] if steps else None)


def _onecycle(
    factory: Callable[..., Schedule],
    kind: str,
    params: dict[str, Any],
    knots: Callable[[int, float, dict[str, float]], dict[int, float]],
) -> Schedule:
    name = _PREFIX + factory.__name__
    steps = check.positive_integer(name, "transition_steps", params["transition_steps"])
    peak = check.real(name, "peak_value", params["peak_value"])
    checked: dict[str, Any] = {"transition_steps": steps, "peak_value": peak}
    for key, value in params.items():
        if key.startswith("pct_"):
            checked[key] = check.fraction(name, key, value)
        elif key.endswith("div_factor"):
            checked[key] = check.positive(name, key, value)
    # optax builds a dict, so a later knot on the same step replaces an earlier one.
    table = knots(steps, peak, checked)
    init = peak / checked["div_factor"]
    bounds, values = _cumulative(name, init, FrozenMapping(table))
    return make(factory, checked, _interpolate_closure(kind, bounds, values), length=steps)


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
    knots are at whole steps and the end is at T, held after.

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
            int(p["pct_start"] * steps): p["div_factor"],
            int(p["pct_final"] * steps): 1.0 / p["div_factor"],
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

    Examples:
        >>> from schedkit.compat.optax import cosine_onecycle_schedule
        >>> schedule = cosine_onecycle_schedule(transition_steps=10, peak_value=1.0,
        ...                                     pct_start=0.2, div_factor=2.0,
        ...                                     final_div_factor=0.5)
        >>> [schedule(t) for t in (0, 1, 2, 6, 10, 11)]
        [0.5, 0.75, 1.0, 1.0, 1.0, 1.0]
    """

    def knots(steps: int, peak: float, p: dict[str, float]) -> dict[int, float]:
        return {
            int(p["pct_start"] * steps): p["div_factor"],
            steps: 1.0 / (p["div_factor"] * p["final_div_factor"]),
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

    Examples:
        >>> from schedkit.compat.optax import constant_schedule, join_schedules, linear_schedule
        >>> schedule = join_schedules(
        ...     schedules=[constant_schedule(value=1.0),
        ...                linear_schedule(init_value=1.0, end_value=0.0, transition_steps=2)],
        ...     boundaries=[2])
        >>> [schedule(t) for t in range(6)]
        [1.0, 1.0, 1.0, 0.5, 0.0, 0.0]
    """
    name = _PREFIX + "join_schedules"
    parts = schedule_list(name, "schedules", schedules)
    steps = check.non_negative_integers(name, "boundaries", boundaries)
    at, length = joined(name, parts, steps)
    return make(join_schedules, {"schedules": parts, "boundaries": steps}, at, length=length)
