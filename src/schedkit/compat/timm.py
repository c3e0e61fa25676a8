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
from typing import Any

from .. import _validate as check
from .._registry import Steps, register
from .._schedule import Schedule
from ._base import cos_left, cycle_start, make, restart_index

__all__ = [
    "cosine_lr_scheduler",
    "multi_step_lr_scheduler",
    "poly_lr_scheduler",
    "step_lr_scheduler",
    "tanh_lr_scheduler",
]

_PREFIX = "compat.timm."

# shape(lr_max, lr_min, t_curr, t_i) -> the value t_curr steps into a cycle of t_i.
_Shape = Callable[[float, float, float, float], float]


def _warmup(
    name: str, params: dict[str, Any], after: Callable[[int], float], *, aim_after: bool = False
) -> tuple[Callable[[int], float], int]:
    # Wraps the schedule after the warmup; returns the closure and the warmup length.
    warmup = check.at_least(name, "warmup_t", params["warmup_t"], 0)
    start = check.real(name, "warmup_lr_init", params["warmup_lr_init"])
    prefix = check.boolean(name, "warmup_prefix", params["warmup_prefix"])
    params.update(warmup_t=warmup, warmup_lr_init=start, warmup_prefix=prefix)
    shift = warmup if prefix else 0
    if not warmup:
        return (lambda step: after(step - shift)), 0
    target = after(warmup) if aim_after and not prefix else params["base_lr"]
    rise = (target - start) / warmup

    def at(step: int) -> float:
        if step < warmup:
            return start + step * rise
        return after(step - shift)

    return at, warmup


def _cycles(
    factory: Callable[..., Schedule],
    params: dict[str, Any],
    shape: _Shape,
    *,
    aim_after: bool = False,
) -> Schedule:
    # The cycle logic shared by the cosine, tanh and poly schedulers.
    name = _PREFIX + factory.__name__
    base = check.real(name, "base_lr", params["base_lr"])
    first = check.positive_integer(name, "t_initial", params["t_initial"])
    floor = check.non_negative(name, "lr_min", params["lr_min"])
    mult = check.real(name, "cycle_mul", params["cycle_mul"])
    if mult < 1.0:
        raise check.ScheduleError(
            f"{name}: cycle_mul must be a number >= 1, got cycle_mul={mult!r}"
        )
    decay = check.non_negative(name, "cycle_decay", params["cycle_decay"])
    limit = check.at_least(name, "cycle_limit", params["cycle_limit"], 0)
    params.update(
        base_lr=base,
        t_initial=first,
        lr_min=floor,
        cycle_mul=mult,
        cycle_decay=decay,
        cycle_limit=limit,
    )

    def after(step: int) -> float:
        index = restart_index(step, first, mult)
        if index >= limit:
            return floor
        size = mult**index * first
        return shape(base * decay**index, floor, step - cycle_start(index, first, mult), size)

    at, warmup = _warmup(name, params, after, aim_after=aim_after)
    end = cycle_start(limit, first, mult) + (warmup if params["warmup_prefix"] else 0)
    length = max(warmup, math.ceil(end)) if math.isfinite(end) else None
    return make(factory, params, at, length=length, grows=decay > 1.0)


def _cycle_params(**params: Any) -> dict[str, Any]:
    return params


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

    Examples:
        >>> from schedkit.compat.timm import cosine_lr_scheduler
        >>> schedule = cosine_lr_scheduler(base_lr=1.0, t_initial=4, warmup_t=2,
        ...                                warmup_prefix=True)
        >>> [schedule(t) for t in range(8)]
        [0.0, 0.5, 1.0, 0.8535533905932737, 0.5, 0.14644660940672624, 0.0, 0.0]
    """
    name = _PREFIX + "cosine_lr_scheduler"
    k = check.positive(name, "k_decay", k_decay)

    def shape(top: float, floor: float, done: float, size: float) -> float:
        part = (done / size) if k == 1.0 else done**k / size**k
        return floor + (top - floor) * cos_left(part)

    params = _cycle_params(
        base_lr=base_lr,
        t_initial=t_initial,
        lr_min=lr_min,
        cycle_mul=cycle_mul,
        cycle_decay=cycle_decay,
        cycle_limit=cycle_limit,
        warmup_t=warmup_t,
        warmup_lr_init=warmup_lr_init,
        warmup_prefix=warmup_prefix,
        k_decay=k,
    )
    return _cycles(cosine_lr_scheduler, params, shape)


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

    Examples:
        >>> from schedkit.compat.timm import tanh_lr_scheduler
        >>> schedule = tanh_lr_scheduler(base_lr=1.0, t_initial=10, lb=-1.0, ub=1.0)
        >>> schedule(5), schedule(10)
        (0.5, 0.0)
    """
    name = _PREFIX + "tanh_lr_scheduler"
    low = check.real(name, "lb", lb)
    high = check.real(name, "ub", ub)
    if not low < high:
        raise check.ScheduleError(f"{name}: lb must be less than ub, got lb={low!r}, ub={high!r}")

    def shape(top: float, floor: float, done: float, size: float) -> float:
        part = done / size
        return floor + 0.5 * (top - floor) * (1.0 - math.tanh(low * (1.0 - part) + high * part))

    params = _cycle_params(
        base_lr=base_lr,
        t_initial=t_initial,
        lb=low,
        ub=high,
        lr_min=lr_min,
        cycle_mul=cycle_mul,
        cycle_decay=cycle_decay,
        cycle_limit=cycle_limit,
        warmup_t=warmup_t,
        warmup_lr_init=warmup_lr_init,
        warmup_prefix=warmup_prefix,
    )
    return _cycles(tanh_lr_scheduler, params, shape, aim_after=True)


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

    Examples:
        >>> from schedkit.compat.timm import poly_lr_scheduler
        >>> schedule = poly_lr_scheduler(base_lr=1.0, t_initial=4, power=2.0)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """
    name = _PREFIX + "poly_lr_scheduler"
    power = check.positive(name, "power", power)
    k = check.positive(name, "k_decay", k_decay)

    def shape(top: float, floor: float, done: float, size: float) -> float:
        left = (size - done) / size if k == 1.0 else 1.0 - done**k / size**k
        return float(floor + (top - floor) * left**power)

    params = _cycle_params(
        base_lr=base_lr,
        t_initial=t_initial,
        power=power,
        lr_min=lr_min,
        cycle_mul=cycle_mul,
        cycle_decay=cycle_decay,
        cycle_limit=cycle_limit,
        warmup_t=warmup_t,
        warmup_lr_init=warmup_lr_init,
        warmup_prefix=warmup_prefix,
        k_decay=k,
    )
    return _cycles(poly_lr_scheduler, params, shape)


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

    Examples:
        >>> from schedkit.compat.timm import step_lr_scheduler
        >>> schedule = step_lr_scheduler(base_lr=1.0, decay_t=2, decay_rate=0.5, warmup_t=1)
        >>> [schedule(t) for t in range(6)]
        [0.0, 1.0, 1.0, 0.5, 0.5, 0.25]
    """
    name = _PREFIX + "step_lr_scheduler"
    base = check.real(name, "base_lr", base_lr)
    every = check.positive_integer(name, "decay_t", decay_t)
    rate = check.non_negative(name, "decay_rate", decay_rate)
    params: dict[str, Any] = {
        "base_lr": base,
        "decay_t": every,
        "decay_rate": rate,
        "warmup_t": warmup_t,
        "warmup_lr_init": warmup_lr_init,
        "warmup_prefix": warmup_prefix,
    }

    def after(step: int) -> float:
        return base * rate ** (step // every)

    at, _ = _warmup(name, params, after)
    return make(step_lr_scheduler, params, at, grows=rate > 1.0)


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

    Examples:
        >>> from schedkit.compat.timm import multi_step_lr_scheduler
        >>> schedule = multi_step_lr_scheduler(base_lr=1.0, decay_t=[3], decay_rate=0.5)
        >>> [schedule(t) for t in range(5)]
        [1.0, 1.0, 0.5, 0.5, 0.5]
    """
    name = _PREFIX + "multi_step_lr_scheduler"
    base = check.real(name, "base_lr", base_lr)
    steps = check.non_negative_integers(name, "decay_t", decay_t)
    if list(steps) != sorted(steps):
        raise check.ScheduleError(f"{name}: decay_t must not decrease, got decay_t={list(steps)}")
    rate = check.non_negative(name, "decay_rate", decay_rate)
    values = tuple(base * rate**count for count in range(len(steps) + 1))
    check.finite_result(
        name,
        "base_lr * decay_rate ** len(decay_t)",
        values[-1],
        f"base_lr={base!r}, decay_rate={rate!r}, len(decay_t)={len(steps)}",
    )
    params: dict[str, Any] = {
        "base_lr": base,
        "decay_t": steps,
        "decay_rate": rate,
        "warmup_t": warmup_t,
        "warmup_lr_init": warmup_lr_init,
        "warmup_prefix": warmup_prefix,
    }

    def after(step: int) -> float:
        return values[bisect_right(steps, step + 1)]

    at, warmup = _warmup(name, params, after)
    shift = warmup if params["warmup_prefix"] else 0
    length = max(warmup, steps[-1] - 1 + shift) if steps else warmup
    return make(multi_step_lr_scheduler, params, at, length=length)
