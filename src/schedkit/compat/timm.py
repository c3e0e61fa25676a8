"""timm's ``timm.scheduler`` classes as pure schedules.

Each function is a class name in snake case with the class's own parameters and
defaults, keyword-only; ``base_lr`` stands for the optimizer's lr. The value at t is
what the scheduler writes into the param group for ``step(t)`` (or
``step_update(t)``): a function of the t passed to it, whichever of epochs or updates
t counts. The noise options and ``t_in_epochs`` are left out. timm is never imported.

Every class shares timm's warmup: for t < warmup_t the value is
``warmup_lr_init + t * (target - warmup_lr_init) / warmup_t``, where the target is
``base_lr`` (TanhLRScheduler without the prefix aims at its own value at warmup_t).
With ``warmup_prefix`` the schedule after the warmup starts at warmup_t and lasts
its full length; without it, the warmup eats into the first cycle, and the cosine,
already under ``base_lr`` at warmup_t, makes a jump there (see timm PR #2753).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from .. import _validate as check
from .._marks import Steps
from .._registry import register
from .._schedule import Schedule
from .._shapes import cosine_left
from ._base import ClosureSchedule, cycle_start, restart_index

__all__ = [
    "cosine_lr_scheduler",
    "multi_step_lr_scheduler",
    "poly_lr_scheduler",
    "step_lr_scheduler",
    "tanh_lr_scheduler",
]

# shape(lr_max, lr_min, t_curr, t_i) -> the value t_curr steps into a cycle of t_i.
_Shape = Callable[[float, float, float, float], float]


class _Warmup(NamedTuple):
    """timm's warmup, checked: warmup_t, warmup_lr_init and warmup_prefix."""

    steps: int
    start: float
    prefix: bool


def _warmup_args(warmup_t: object, warmup_lr_init: object, warmup_prefix: object) -> _Warmup:
    return _Warmup(
        check.at_least("warmup_t", warmup_t, 0),
        check.real("warmup_lr_init", warmup_lr_init),
        check.boolean("warmup_prefix", warmup_prefix),
    )


def _warmup(
    warm: _Warmup, base: float, after: Callable[[int], float], *, aim_after: bool = False
) -> Callable[[int], float]:
    # Wraps the schedule after the warmup, which aims at base (or, with aim_after and
    # no prefix, at the value after it at warmup_t).
    warmup = warm.steps
    shift = warmup if warm.prefix else 0
    if not warmup:
        return lambda step: after(step - shift)
    start = warm.start
    target = after(warmup) if aim_after and not warm.prefix else base
    rise = (target - start) / warmup

    def at(step: int) -> float:
        if step < warmup:
            return start + step * rise
        return after(step - shift)

    return at


class _Cycles(NamedTuple):
    """The cycles of the cosine, tanh and poly schedulers, checked."""

    base: float
    first: int
    floor: float
    mult: float
    decay: float
    limit: int


def _cycle_args(
    *,
    base_lr: object,
    t_initial: object,
    lr_min: object,
    cycle_mul: object,
    cycle_decay: object,
    cycle_limit: object,
) -> _Cycles:
    base = check.real("base_lr", base_lr)
    first = check.positive_integer("t_initial", t_initial)
    floor = check.non_negative("lr_min", lr_min)
    mult = check.real("cycle_mul", cycle_mul)
    if mult < 1.0:
        raise check.ScheduleError(
            f"cycle_mul must be a number >= 1, got cycle_mul={mult!r}", "cycle_mul"
        )
    decay = check.non_negative("cycle_decay", cycle_decay)
    limit = check.at_least("cycle_limit", cycle_limit, 0)
    return _Cycles(base, first, floor, mult, decay, limit)


def _check_progress_power(first: int, k: float) -> None:
    """Refuse a k_decay whose first cycle's progress, ``c ** k / T_i ** k``, overflows
    (timm raises OverflowError at every step then)."""
    try:
        finite = math.isfinite(float(first) ** k)
    except OverflowError:
        finite = False
    if not finite:
        raise check.ScheduleError(
            f"t_initial ** k_decay must be a finite number, got t_initial={first}, k_decay={k!r}",
            related=("t_initial", "k_decay"),
        )


def _cycle_params(
    cycles: _Cycles, warm: _Warmup, shape: dict[str, Any], tail: dict[str, Any]
) -> dict[str, Any]:
    # The parameters in the classes' order: the *shape* ones after t_initial, *tail* last.
    return {
        "base_lr": cycles.base,
        "t_initial": cycles.first,
        **shape,
        "lr_min": cycles.floor,
        "cycle_mul": cycles.mult,
        "cycle_decay": cycles.decay,
        "cycle_limit": cycles.limit,
        "warmup_t": warm.steps,
        "warmup_lr_init": warm.start,
        "warmup_prefix": warm.prefix,
        **tail,
    }


def _cycling(
    factory: Callable[..., Schedule],
    params: dict[str, Any],
    cycles: _Cycles,
    warm: _Warmup,
    shape: _Shape,
    *,
    aim_after: bool = False,
) -> Schedule:
    # The cycle logic shared by the cosine, tanh and poly schedulers.
    base, first, floor, mult, decay, limit = cycles

    def after(step: int) -> float:
        index = restart_index(step, first, mult)
        if index >= limit:
            return floor
        size = mult**index * first
        return shape(base * decay**index, floor, step - cycle_start(index, first, mult), size)

    at = _warmup(warm, base, after, aim_after=aim_after)
    end = cycle_start(limit, first, mult) + (warm.steps if warm.prefix else 0)
    length = max(warm.steps, math.ceil(end)) if math.isfinite(end) else None
    return ClosureSchedule(factory, params, at, length=length, grows=decay > 1.0)


@register
def cosine_lr_scheduler(
    *,
    base_lr: float,
    t_initial: Steps,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: Steps = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
    k_decay: float = 1.0,
) -> Schedule:
    """``CosineLRScheduler``: cosine cycles from ``base_lr * cycle_decay ** i`` to
    *lr_min*, cycle i lasting ``t_initial * cycle_mul ** i``; *lr_min* once
    *cycle_limit* cycles are done.

    With T_i the cycle's length and c the steps into it (after the warmup shift)::

        value(t) = lr_min + (lr_max_i - lr_min) * (1 + cos(pi * c ** k / T_i ** k)) / 2
                   lr_min                                   once i >= cycle_limit

    The last step of a cycle is still above *lr_min*; *lr_min* is held from the end
    of the last cycle. timm finds the cycle with a float logarithm, one cycle short at
    some exact restarts (cycle_mul=3); the cycle here is exact.

    Args:
        base_lr: the optimizer's lr, the first cycle's peak.
        t_initial: the first cycle's length, at least 1.
        lr_min: the value each cycle falls toward, at least 0.
        cycle_mul: the factor by which each cycle is longer than the one before, at least 1.
        cycle_decay: the factor of each cycle's peak over the one before, at least 0.
        cycle_limit: the number of cycles run, at least 0, after which *lr_min* is held.
        warmup_t: the warmup's length, at least 0.
        warmup_lr_init: the value at step 0 of the warmup.
        warmup_prefix: whether the warmup comes before the first cycle (True) or eats into
            it (False).
        k_decay: the exponent k of the cycle's progress, greater than 0.

    Examples:
        >>> from schedkit.compat.timm import cosine_lr_scheduler
        >>> schedule = cosine_lr_scheduler(base_lr=1.0, t_initial=4, warmup_t=2,
        ...                                warmup_prefix=True)
        >>> [schedule(t) for t in range(8)]
        [0.0, 0.5, 1.0, 0.8535533905932737, 0.5, 0.14644660940672624, 0.0, 0.0]
    """
    k = check.positive("k_decay", k_decay)

    def shape(top: float, floor: float, done: float, size: float) -> float:
        part = (done / size) if k == 1.0 else done**k / size**k
        return floor + (top - floor) * cosine_left(part)

    cycles = _cycle_args(
        base_lr=base_lr,
        t_initial=t_initial,
        lr_min=lr_min,
        cycle_mul=cycle_mul,
        cycle_decay=cycle_decay,
        cycle_limit=cycle_limit,
    )
    _check_progress_power(cycles.first, k)
    warm = _warmup_args(warmup_t, warmup_lr_init, warmup_prefix)
    params = _cycle_params(cycles, warm, {}, {"k_decay": k})
    return _cycling(cosine_lr_scheduler, params, cycles, warm, shape)


@register
def tanh_lr_scheduler(
    *,
    base_lr: float,
    t_initial: Steps,
    lb: float = -7.0,
    ub: float = 3.0,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: Steps = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
) -> Schedule:
    """``TanhLRScheduler``: a hyperbolic-tangent decay per cycle.

    With x = c / T_i the fraction of the cycle done::

        value(t) = lr_min + (lr_max_i - lr_min) * (1 - tanh(lb * (1 - x) + ub * x)) / 2

    so the cycle starts a hair under lr_max (``base_lr * (1 - 8.3e-7)`` with the
    default bounds; timm's constructor writes ``base_lr`` itself into the optimizer
    before the first ``step``). Without the prefix the warmup aims at the value at
    warmup_t, so it joins the curve without a jump.

    Args:
        base_lr: the optimizer's lr, the first cycle's peak.
        t_initial: the first cycle's length, at least 1.
        lb: the argument of tanh at the start of a cycle, less than *ub*.
        ub: the argument of tanh at the end of a cycle.
        lr_min: the value each cycle falls toward, at least 0.
        cycle_mul: the factor by which each cycle is longer than the one before, at least 1.
        cycle_decay: the factor of each cycle's peak over the one before, at least 0.
        cycle_limit: the number of cycles run, at least 0, after which *lr_min* is held.
        warmup_t: the warmup's length, at least 0.
        warmup_lr_init: the value at step 0 of the warmup.
        warmup_prefix: whether the warmup comes before the first cycle (True) or eats into
            it (False).

    Examples:
        >>> from schedkit.compat.timm import tanh_lr_scheduler
        >>> schedule = tanh_lr_scheduler(base_lr=1.0, t_initial=10, lb=-1.0, ub=1.0)
        >>> schedule(5), schedule(10)
        (0.5, 0.0)
    """
    low = check.real("lb", lb)
    high = check.real("ub", ub)
    if not low < high:
        raise check.ScheduleError(
            f"lb must be less than ub, got lb={low!r}, ub={high!r}", "lb", related=("ub",)
        )

    def shape(top: float, floor: float, done: float, size: float) -> float:
        part = done / size
        return floor + 0.5 * (top - floor) * (1.0 - math.tanh(low * (1.0 - part) + high * part))

    cycles = _cycle_args(
        base_lr=base_lr,
        t_initial=t_initial,
        lr_min=lr_min,
        cycle_mul=cycle_mul,
        cycle_decay=cycle_decay,
        cycle_limit=cycle_limit,
    )
    warm = _warmup_args(warmup_t, warmup_lr_init, warmup_prefix)
    params = _cycle_params(cycles, warm, {"lb": low, "ub": high}, {})
    return _cycling(tanh_lr_scheduler, params, cycles, warm, shape, aim_after=True)


@register
def poly_lr_scheduler(
    *,
    base_lr: float,
    t_initial: Steps,
    power: float = 0.5,
    lr_min: float = 0.0,
    cycle_mul: float = 1.0,
    cycle_decay: float = 1.0,
    cycle_limit: int = 1,
    warmup_t: Steps = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = False,
    k_decay: float = 1.0,
) -> Schedule:
    """``PolyLRScheduler``: a polynomial decay per cycle.

    ::

        value(t) = lr_min + (lr_max_i - lr_min) * (1 - c ** k / T_i ** k) ** power

    Args:
        base_lr: the optimizer's lr, the first cycle's peak.
        t_initial: the first cycle's length, at least 1.
        power: the exponent of the decay, greater than 0.
        lr_min: the value each cycle falls toward, at least 0.
        cycle_mul: the factor by which each cycle is longer than the one before, at least 1.
        cycle_decay: the factor of each cycle's peak over the one before, at least 0.
        cycle_limit: the number of cycles run, at least 0, after which *lr_min* is held.
        warmup_t: the warmup's length, at least 0.
        warmup_lr_init: the value at step 0 of the warmup.
        warmup_prefix: whether the warmup comes before the first cycle (True) or eats into
            it (False).
        k_decay: the exponent k of the cycle's progress, greater than 0.

    Examples:
        >>> from schedkit.compat.timm import poly_lr_scheduler
        >>> schedule = poly_lr_scheduler(base_lr=1.0, t_initial=4, power=2.0)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """
    power = check.positive("power", power)
    k = check.positive("k_decay", k_decay)

    def shape(top: float, floor: float, done: float, size: float) -> float:
        left = (size - done) / size if k == 1.0 else 1.0 - done**k / size**k
        return float(floor + (top - floor) * left**power)

    cycles = _cycle_args(
        base_lr=base_lr,
        t_initial=t_initial,
        lr_min=lr_min,
        cycle_mul=cycle_mul,
        cycle_decay=cycle_decay,
        cycle_limit=cycle_limit,
    )
    _check_progress_power(cycles.first, k)
    warm = _warmup_args(warmup_t, warmup_lr_init, warmup_prefix)
    params = _cycle_params(cycles, warm, {"power": power}, {"k_decay": k})
    return _cycling(poly_lr_scheduler, params, cycles, warm, shape)


@register
def step_lr_scheduler(
    *,
    base_lr: float,
    decay_t: Steps,
    decay_rate: float = 1.0,
    warmup_t: Steps = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = True,
) -> Schedule:
    """``StepLRScheduler``: ``base_lr * decay_rate ** (t // decay_t)`` after the warmup.

    **warmup_prefix defaults to True here** (False for the cycle schedulers).

    Args:
        base_lr: the optimizer's lr, the value after the warmup.
        decay_t: the steps between decays, at least 1.
        decay_rate: the factor applied at each decay, at least 0.
        warmup_t: the warmup's length, at least 0.
        warmup_lr_init: the value at step 0 of the warmup.
        warmup_prefix: whether the warmup comes before the schedule (True) or eats into it
            (False).

    Examples:
        >>> from schedkit.compat.timm import step_lr_scheduler
        >>> schedule = step_lr_scheduler(base_lr=1.0, decay_t=2, decay_rate=0.5, warmup_t=1)
        >>> [schedule(t) for t in range(6)]
        [0.0, 1.0, 1.0, 0.5, 0.5, 0.25]
    """
    base = check.real("base_lr", base_lr)
    every = check.positive_integer("decay_t", decay_t)
    rate = check.non_negative("decay_rate", decay_rate)
    warm = _warmup_args(warmup_t, warmup_lr_init, warmup_prefix)
    params = {
        "base_lr": base,
        "decay_t": every,
        "decay_rate": rate,
        "warmup_t": warm.steps,
        "warmup_lr_init": warm.start,
        "warmup_prefix": warm.prefix,
    }

    def after(step: int) -> float:
        return base * rate ** (step // every)

    at = _warmup(warm, base, after)
    return ClosureSchedule(step_lr_scheduler, params, at, grows=rate > 1.0)


@register
def multi_step_lr_scheduler(
    *,
    base_lr: float,
    decay_t: Iterable[Steps],
    decay_rate: float = 1.0,
    warmup_t: Steps = 0,
    warmup_lr_init: float = 0.0,
    warmup_prefix: bool = True,
) -> Schedule:
    """``MultiStepLRScheduler``: *base_lr* times *decay_rate* per milestone passed.

    ::

        value(t) = base_lr * decay_rate ** (number of milestones m with m <= t + 1)

    **The decay comes one step before each milestone** (at t = m - 1), timm's
    historical convention, kept on purpose there (huggingface/pytorch-image-models
    PR #2753 proposed the change and was closed).

    Args:
        base_lr: the optimizer's lr, the value after the warmup.
        decay_t: the milestones, non-negative steps that do not decrease.
        decay_rate: the factor applied at each milestone, at least 0.
        warmup_t: the warmup's length, at least 0.
        warmup_lr_init: the value at step 0 of the warmup.
        warmup_prefix: whether the warmup comes before the schedule (True) or eats into it
            (False).

    Examples:
        >>> from schedkit.compat.timm import multi_step_lr_scheduler
        >>> schedule = multi_step_lr_scheduler(base_lr=1.0, decay_t=[3], decay_rate=0.5)
        >>> [schedule(t) for t in range(5)]
        [1.0, 1.0, 0.5, 0.5, 0.5]
    """
    base = check.real("base_lr", base_lr)
    steps = check.non_negative_integers("decay_t", decay_t)
    if list(steps) != sorted(steps):
        raise check.ScheduleError(
            f"decay_t must not decrease, got decay_t={list(steps)}", "decay_t"
        )
    rate = check.non_negative("decay_rate", decay_rate)
    try:
        values = tuple(base * rate**count for count in range(len(steps) + 1))
    except OverflowError:  # a power of decay_rate past the float range, refused just below
        values = (math.inf,)
    check.finite_result(
        "base_lr * decay_rate ** len(decay_t)",
        values[-1],
        f"base_lr={base!r}, decay_rate={rate!r}, len(decay_t)={len(steps)}",
        ("base_lr", "decay_rate", "decay_t"),
    )
    warm = _warmup_args(warmup_t, warmup_lr_init, warmup_prefix)
    params = {
        "base_lr": base,
        "decay_t": steps,
        "decay_rate": rate,
        "warmup_t": warm.steps,
        "warmup_lr_init": warm.start,
        "warmup_prefix": warm.prefix,
    }

    def after(step: int) -> float:
        return values[bisect_right(steps, step + 1)]

    at = _warmup(warm, base, after)
    warmup = warm.steps
    shift = warmup if warm.prefix else 0
    length = max(warmup, steps[-1] - 1 + shift) if steps else warmup
    return ClosureSchedule(multi_step_lr_scheduler, params, at, length=length)
