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

Where timm's floats fail, the schedule is refused when built, or its value is the
exact one. timm divides by warmup_t in floats, and with a cycle_mul above 1 finds the
cycles in floats of t_initial: such a count of 2 ** 1024 or more is refused. Cycles of
a cycle_mul of 1 are found in integers, exactly at every step; from the end of the
last cycle on, lr_min is held at every step, however large (timm computes
cycle_decay ** i there too, and raises once that overflows); a cycle_decay below 1
brings the peaks to 0.0 and holds them. A cycle longer than the float range counts
as just begun at each of its steps (timm's c / T_i is 0 there), and growing cycles
still running past the float range raise an error at such a step.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import _validate as check
from .._kinds import Powers, fading_power, least_true, power_at, powers
from .._marks import Steps
from .._registry import register
from .._schedule import Schedule
from .._shapes import cosine_left, cosine_left_array
from ._base import (
    STEPS,
    ClosureSchedule,
    CycleTable,
    cycle_position,
    cycle_start,
    cycle_table,
    part_done,
    part_left,
    restart_index,
)

if TYPE_CHECKING:
    from .._array import Arrays

__all__ = [
    "cosine_lr_scheduler",
    "multi_step_lr_scheduler",
    "poly_lr_scheduler",
    "step_lr_scheduler",
    "tanh_lr_scheduler",
]

# shape(lr_max, lr_min, t_curr, t_i) -> the value t_curr steps into a cycle of t_i.
_Shape = Callable[[float, float, float, float], float]
# Its array form, shape_array(ops, lr_max, lr_min, t_curr, t_i): t_i is the cycle's
# length as a Python int where cycle_mul is 1 (t_curr an integer array), else a float
# array (t_curr too); lr_max is a float or a float array.
_ShapeArray = Callable[["Arrays", Any, float, Any, Any], Any]
# An array form: (ops, steps) -> the values.
_Array = Callable[["Arrays", Any], Any]


class _Warmup(NamedTuple):
    """timm's warmup, checked: warmup_t, warmup_lr_init and warmup_prefix."""

    steps: int
    start: float
    prefix: bool


# timm computes in floats with its step counts: one past the float range raises there.
_FLOAT_COUNTS = 2**1024


def _float_count(name: str, value: object) -> int:
    count = check.at_least(name, value, 0)
    if count >= _FLOAT_COUNTS:
        raise check.value_error(name, count, "an integer less than 2 ** 1024")
    return count


def _warmup_args(warmup_t: object, warmup_lr_init: object, warmup_prefix: object) -> _Warmup:
    return _Warmup(
        _float_count("warmup_t", warmup_t),
        check.real("warmup_lr_init", warmup_lr_init),
        check.boolean("warmup_prefix", warmup_prefix),
    )


def _warmup(
    warm: _Warmup,
    base: float,
    after: Callable[[int], float],
    after_array: _Array,
    *,
    aim_after: bool = False,
) -> tuple[Callable[[int], float], _Array]:
    # Wraps the schedule after the warmup, which aims at base (or, with aim_after and
    # no prefix, at the value after it at warmup_t), and its array form.
    warmup = warm.steps
    shift = warmup if warm.prefix else 0
    if not warmup:
        return (lambda step: after(step - shift)), after_array
    start = warm.start
    if aim_after and not warm.prefix:
        target = after(warmup)
        names = ("the value at warmup_t", "warmup_lr_init")
        related: tuple[str, ...] = ("base_lr", "lr_min", "warmup_lr_init")
    else:
        target = base
        names, related = ("base_lr", "warmup_lr_init"), ()
    # timm's rise per step, which the difference overflowing would make inf.
    rise = -check.finite_difference(names, (target, start), related) / warmup

    def at(step: int) -> float:
        if step < warmup:
            return start + step * rise
        return after(step - shift)

    def at_array(ops: Arrays, step: Any) -> Any:
        rising = start + ops.floats(step) * rise
        if warmup > ops.imax:  # no step gets past the warmup
            return rising
        after_warmup = after_array(ops, ops.clamp(step, shift, ops.imax) - shift)
        return ops.where(ops.below(step, warmup), rising, after_warmup)

    return at, at_array


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
    # timm's lr_max - lr_min, inf past the float range.
    check.finite_difference(("base_lr", "lr_min"), (base, floor))
    mult = check.real("cycle_mul", cycle_mul)
    if mult < 1.0:
        raise check.ScheduleError(
            f"cycle_mul must be a number >= 1, got cycle_mul={mult!r}", "cycle_mul"
        )
    if mult != 1.0 and first >= _FLOAT_COUNTS:
        # timm finds growing cycles in floats of t_initial.
        raise check.ScheduleError(
            "t_initial must be less than 2 ** 1024 where cycle_mul is not 1, "
            f"got t_initial={check.show(first)}, cycle_mul={mult!r}",
            "t_initial",
            related=("cycle_mul",),
        )
    decay = check.non_negative("cycle_decay", cycle_decay)
    limit = check.at_least("cycle_limit", cycle_limit, 0)
    cycles = _Cycles(base, first, floor, mult, decay, limit)
    if decay > 1.0 and base != 0.0 and limit > 1:
        _check_last_peak(cycles)
    return cycles


def _cycle_length(cycles: _Cycles, index: int) -> float:
    """Return the length of cycle *index* as the schedule computes it, inf past the
    float range."""
    try:
        return cycles.mult**index * cycles.first
    except OverflowError:
        return math.inf


def _last_cycle(cycles: _Cycles) -> int:
    """Return the last cycle that runs (below cycle_limit) and starts within the float
    range; a later one could only start at a step past it, where growing cycles raise."""
    last = cycles.limit - 1
    if cycles.mult == 1.0 or math.isfinite(cycle_start(last, cycles.first, cycles.mult)):
        return last
    # Cycles no shorter than t_initial * (1 + 2 ** -52) ** i outgrow the float range
    # within 2 ** 64 of them.
    runs = min(last, 2**64)
    return least_true(lambda i: i >= runs or not _starts(cycles, i + 1), 0)


def _starts(cycles: _Cycles, index: int) -> bool:
    return math.isfinite(cycle_start(index, cycles.first, cycles.mult))


def _check_last_peak(cycles: _Cycles) -> None:
    """Refuse a growing cycle_decay whose last cycle's peak, ``base_lr * cycle_decay **
    i``, or its distance from lr_min, overflows (timm raises or gives inf there)."""
    last = _last_cycle(cycles)
    try:
        peak = cycles.base * cycles.decay**last
    except OverflowError:
        peak = math.inf
    if not (math.isfinite(peak) and math.isfinite(peak - cycles.floor)):
        raise check.ScheduleError(
            f"base_lr * cycle_decay ** {last}, the peak of the last cycle, must be a finite "
            f"number at a finite distance from lr_min, got base_lr={cycles.base!r}, "
            f"cycle_decay={cycles.decay!r}, lr_min={cycles.floor!r}, "
            f"cycle_limit={check.show(cycles.limit)}",
            related=("base_lr", "cycle_decay", "lr_min", "cycle_limit"),
        )


def _check_progress_power(cycles: _Cycles, k: float) -> None:
    """Refuse a k_decay whose progress ``c ** k / T_i ** k`` overflows in a cycle that
    runs within the float range (timm raises OverflowError at each of its steps)."""
    # Every cycle is t_initial long where cycle_mul is 1.
    last = _last_cycle(cycles) if cycles.mult != 1.0 and cycles.limit > 1 else 0
    # The longest cycle of a finite length: cycle lengths grow with their index.
    while last > 0 and not math.isfinite(_cycle_length(cycles, last)):
        last -= 1
    try:
        finite = math.isfinite(_cycle_length(cycles, last) ** k)
    except OverflowError:
        finite = False
    if finite:
        return
    if last == 0:
        raise check.ScheduleError(
            "t_initial ** k_decay must be a finite number, "
            f"got t_initial={check.show(cycles.first)}, k_decay={k!r}",
            related=("t_initial", "k_decay"),
        )
    raise check.ScheduleError(
        f"(t_initial * cycle_mul ** {last}) ** k_decay, the progress power of the longest "
        f"cycle, must be a finite number, got t_initial={cycles.first}, "
        f"cycle_mul={cycles.mult!r}, cycle_limit={check.show(cycles.limit)}, k_decay={k!r}",
        related=("t_initial", "cycle_mul", "cycle_limit", "k_decay"),
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
    shape_array: _ShapeArray,
    *,
    aim_after: bool = False,
) -> Schedule:
    # The cycle logic shared by the cosine, tanh and poly schedulers.
    base, first, floor, mult, decay, _ = cycles
    end, stop = _cycle_ends(cycles)
    # Past this cycle the peak no longer changes (it is 0.0 for a decay), so that a
    # huge cycle index never has to become a float; a growth was checked to its end.
    fixed: float = math.inf if decay > 1.0 and base != 0.0 else fading_power(min(decay, 1.0))

    def after(step: int) -> float:
        if step >= end:
            return floor
        done: float
        size: float
        if mult == 1.0:
            # In integers, as timm does, so that no step is too large for a float.
            index, done = divmod(step, first)
            size = first
        else:
            if step >= stop:
                # In a cycle that floats cannot find: the growing cycles' overflow.
                raise OverflowError
            index = restart_index(step, first, mult)
            size = mult**index * first
            done = step - cycle_start(index, first, mult)
            if size == math.inf:
                # A cycle longer than the float range: timm's progress there, c / inf,
                # is 0 (where c ** k does not overflow first).
                done, size = 0, 1
        peak: float = base * decay ** (index if index < fixed else fixed)
        return shape(peak, floor, done, size)

    @functools.cache
    def tables() -> tuple[CycleTable | None, Powers]:
        # The cycles and peaks an array's steps reach, made at its first array.
        if mult == 1.0:
            return None, powers(base, decay, fixed, min(cycles.limit, STEPS // first + 1))
        found = cycle_table(first, mult, cycles.limit)
        reach = cycles.limit if found.end is not None else len(found.starts)
        return found, powers(base, decay, fixed, reach)

    def after_array(ops: Arrays, step: Any) -> Any:
        table, peaks = tables()
        done: Any
        size: Any
        if mult == 1.0:
            index = ops.floor_divide(step, first)
            done, size = ops.remainder(step, first), first
        else:
            assert table is not None
            index, done, size = cycle_position(ops, step, first, mult, table)
            endless = size == math.inf  # timm's progress c / inf is 0 there
            done = ops.where(endless, 0.0, done)
            size = ops.where(endless, 1.0, size)
        value = shape_array(ops, power_at(ops, base, decay, fixed, peaks, index), floor, done, size)
        if stop != math.inf:  # the growing cycles' overflow, of no known sign
            value = ops.where(ops.below(step, int(stop)), value, math.nan)
        if end != math.inf:
            value = ops.where(ops.below(step, int(end)), value, floor)
        return value

    at, at_array = _warmup(warm, base, after, after_array, aim_after=aim_after)
    shift = warm.steps if warm.prefix else 0
    length = None if end == math.inf else max(warm.steps, int(end) + shift)
    # Growing cycles that run on past the float range raise at the steps there.
    grows = mult != 1.0 and not end < _FLOAT_COUNTS
    # Each cycle stays between lr_min and its peak, the warmup between its start and
    # a value of the cycles; a growing cycle_decay peaks in the last cycle, checked
    # finite when built.
    growing_peaks = decay > 1.0 and base != 0.0 and cycles.limit > 1
    top = abs(base * decay ** _last_cycle(cycles)) if growing_peaks else abs(base)
    bound = max(abs(warm.start), top, abs(floor))
    return ClosureSchedule(
        factory, params, at, array=at_array, length=length, grows=grows, bound=bound
    )


def _cycle_ends(cycles: _Cycles) -> tuple[float, float]:
    """Return the step from which lr_min is held, and the step from which the cycles
    are past those floats can find; each exact, an int, or inf for none."""
    first, mult, limit = cycles.first, cycles.mult, cycles.limit
    if mult == 1.0:
        return limit * first, math.inf
    start = cycle_start(limit, first, mult)
    if math.isfinite(start):
        return math.ceil(start), math.inf
    # The last cycle that starts within the float range ends where the next one would
    # start, a step cycle_start cannot give when cycle_mul ** i overflows on the way.
    last = _last_cycle(cycles)
    length = _cycle_length(cycles, last)
    if not math.isfinite(length):
        return math.inf, math.inf  # a cycle longer than the float range never ends
    edge = _ceil_of_sum(cycle_start(last, first, mult), length)
    return (edge, math.inf) if last == limit - 1 else (math.inf, edge)


def _ceil_of_sum(first: float, second: float) -> int:
    """Return the least integer at least ``first + second``, summed exactly."""
    (top, bottom), (other_top, other_bottom) = first.as_integer_ratio(), second.as_integer_ratio()
    return -(-(top * other_bottom + other_top * bottom) // (bottom * other_bottom))


# === Array forms ===


def _progress(ops: Arrays, done: Any, size: Any, k: float) -> Any:
    """Return ``done / size``, or ``done ** k / size ** k``, as the shapes take them:
    *size* a Python int (the length of a cycle of cycle_mul 1, *done* integers) or a
    float array."""
    if isinstance(size, int):
        if k == 1.0:
            return ops.ratio(done, size)
        return ops.divide(ops.floats(done) ** k, float(size) ** k)
    if k == 1.0:
        return done / size
    return done**k / size**k


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
        base_lr: the optimizer's lr, the first cycle's peak; ``base_lr - lr_min`` must be a
            finite number.
        t_initial: the first cycle's length, at least 1 (and less than 2 ** 1024 where
            *cycle_mul* is not 1).
        lr_min: the value each cycle falls toward, at least 0.
        cycle_mul: the factor by which each cycle is longer than the one before, at least 1.
        cycle_decay: the factor of each cycle's peak over the one before, at least 0; above
            1, the last cycle's peak must be a finite number.
        cycle_limit: the number of cycles run, at least 0, after which *lr_min* is held.
        warmup_t: the warmup's length, at least 0 and less than 2 ** 1024.
        warmup_lr_init: the value at step 0 of the warmup, a finite distance from the value
            the warmup aims at.
        warmup_prefix: whether the warmup comes before the first cycle (True) or eats into
            it (False).
        k_decay: the exponent k of the cycle's progress, greater than 0; the longest
            cycle's length to the power k must be a finite number (timm raises there).

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

    def shape_array(ops: Arrays, top: Any, floor: float, done: Any, size: Any) -> Any:
        return floor + (top - floor) * cosine_left_array(ops, _progress(ops, done, size, k))

    cycles = _cycle_args(
        base_lr=base_lr,
        t_initial=t_initial,
        lr_min=lr_min,
        cycle_mul=cycle_mul,
        cycle_decay=cycle_decay,
        cycle_limit=cycle_limit,
    )
    _check_progress_power(cycles, k)
    warm = _warmup_args(warmup_t, warmup_lr_init, warmup_prefix)
    params = _cycle_params(cycles, warm, {}, {"k_decay": k})
    return _cycling(cosine_lr_scheduler, params, cycles, warm, shape, shape_array)


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
    warmup_t, so it joins the curve without a jump. The half of ``1 - tanh`` is
    computed as ``1 / (1 + exp(2 * arg))``, from whichever end is nearer, so that it
    does not cancel where tanh nears 1.

    Args:
        base_lr: the optimizer's lr, the first cycle's peak; ``base_lr - lr_min`` must be a
            finite number.
        t_initial: the first cycle's length, at least 1 (and less than 2 ** 1024 where
            *cycle_mul* is not 1).
        lb: the argument of tanh at the start of a cycle, less than *ub*.
        ub: the argument of tanh at the end of a cycle.
        lr_min: the value each cycle falls toward, at least 0.
        cycle_mul: the factor by which each cycle is longer than the one before, at least 1.
        cycle_decay: the factor of each cycle's peak over the one before, at least 0; above
            1, the last cycle's peak must be a finite number.
        cycle_limit: the number of cycles run, at least 0, after which *lr_min* is held.
        warmup_t: the warmup's length, at least 0 and less than 2 ** 1024.
        warmup_lr_init: the value at step 0 of the warmup, a finite distance from the value
            the warmup aims at.
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

    # (1 - tanh(x)) / 2, the part of the way from lr_min to lr_max, is 1 / (1 + exp(2x)):
    # with e = exp(-2|x|), at most 1, the way from the nearer end is e / (1 + e), which
    # neither overflows nor cancels. 1 - tanh(x) cancels as tanh nears 1, multiplying
    # tanh's rounding (looser under XLA than in libm) by up to 1 / (1 - tanh(x)), and
    # lr_min + (lr_max - lr_min) * p cancels near an lr_max close to 0.
    def shape(top: float, floor: float, done: float, size: float) -> float:
        part = done / size
        x = low * (1.0 - part) + high * part
        e = math.exp(-2.0 * abs(x))
        near = e / (1.0 + e)
        if x > 0.0:
            return floor + (top - floor) * near
        return top + (floor - top) * near

    def shape_array(ops: Arrays, top: Any, floor: float, done: Any, size: Any) -> Any:
        part = _progress(ops, done, size, 1.0)
        x = low * (1.0 - part) + high * part
        e = ops.exp(-2.0 * abs(x))
        near = e / (1.0 + e)
        return ops.where(x > 0.0, floor + (top - floor) * near, top + (floor - top) * near)

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
    return _cycling(tanh_lr_scheduler, params, cycles, warm, shape, shape_array, aim_after=True)


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

    A position that rounding puts past the end of a growing cycle counts as its end
    (timm takes a power of a negative number there, a complex number).

    Args:
        base_lr: the optimizer's lr, the first cycle's peak; ``base_lr - lr_min`` must be a
            finite number.
        t_initial: the first cycle's length, at least 1 (and less than 2 ** 1024 where
            *cycle_mul* is not 1).
        power: the exponent of the decay, greater than 0.
        lr_min: the value each cycle falls toward, at least 0.
        cycle_mul: the factor by which each cycle is longer than the one before, at least 1.
        cycle_decay: the factor of each cycle's peak over the one before, at least 0; above
            1, the last cycle's peak must be a finite number.
        cycle_limit: the number of cycles run, at least 0, after which *lr_min* is held.
        warmup_t: the warmup's length, at least 0 and less than 2 ** 1024.
        warmup_lr_init: the value at step 0 of the warmup, a finite distance from the value
            the warmup aims at.
        warmup_prefix: whether the warmup comes before the first cycle (True) or eats into
            it (False).
        k_decay: the exponent k of the cycle's progress, greater than 0; the longest
            cycle's length to the power k must be a finite number (timm raises there).

    Examples:
        >>> from schedkit.compat.timm import poly_lr_scheduler
        >>> schedule = poly_lr_scheduler(base_lr=1.0, t_initial=4, power=2.0)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """
    power = check.positive("power", power)
    k = check.positive("k_decay", k_decay)

    # timm's 1 - (t / T) ** k cancels near the cycle's end, where the power then
    # amplifies what is lost. It is -expm1(k * log(t / T)) here, the logarithm taken
    # of t / T in the first half and as log1p(-r) of the part left r = (T - t) / T in
    # the second, so that each keeps its relative accuracy (and agrees with timm to
    # 1e-12 elsewhere): 1 - r loses t / T's digits near the start, t / T near the end.
    def shape(top: float, floor: float, done: float, size: float) -> float:
        left = (size - done) / size
        if k != 1.0:
            part = done / size
            if part <= 0.0:
                left = 1.0
            elif part < 0.5:
                left = -math.expm1(k * math.log(part))
            else:
                left = -math.expm1(k * math.log1p(-left))
        # A position rounded past the end of a growing cycle is its end.
        return float(floor + (top - floor) * max(left, 0.0) ** power)

    def shape_array(ops: Arrays, top: Any, floor: float, done: Any, size: Any) -> Any:
        left = part_left(ops, done, size)
        if k != 1.0:
            part = part_done(ops, done, size)
            # log(0) is -inf, whose expm1 gives the 1 the scalar path takes at 0.
            scaled = ops.where(part < 0.5, ops.log(part), ops.log1p(-left))
            left = -ops.expm1(k * scaled)
        return floor + (top - floor) * ops.maximum(left, 0.0) ** power

    cycles = _cycle_args(
        base_lr=base_lr,
        t_initial=t_initial,
        lr_min=lr_min,
        cycle_mul=cycle_mul,
        cycle_decay=cycle_decay,
        cycle_limit=cycle_limit,
    )
    _check_progress_power(cycles, k)
    warm = _warmup_args(warmup_t, warmup_lr_init, warmup_prefix)
    params = _cycle_params(cycles, warm, {"power": power}, {"k_decay": k})
    return _cycling(poly_lr_scheduler, params, cycles, warm, shape, shape_array)


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

    A decay_rate below 1 brings the value to 0.0, held at every later step, however
    large; above 1 the value grows, and raises an error at the step where it overflows
    a float.

    Args:
        base_lr: the optimizer's lr, the value after the warmup.
        decay_t: the steps between decays, at least 1.
        decay_rate: the factor applied at each decay, at least 0.
        warmup_t: the warmup's length, at least 0 and less than 2 ** 1024.
        warmup_lr_init: the value at step 0 of the warmup, a finite distance from the value
            the warmup aims at.
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

    grows = rate > 1.0 and base != 0.0
    # The decays after which the value no longer changes (0.0 for a decay), so that a
    # huge step never makes an exponent past the float range.
    fixed: float = math.inf if grows else fading_power(min(rate, 1.0))

    def after(step: int) -> float:
        count = step // every
        value: float = base * rate ** (count if count < fixed else fixed)
        return value

    sign = math.copysign(1.0, base)  # a growth leaves the range on base_lr's side
    # Where the scalar path's power overflows, an array's value is inf of that side.
    raised = math.copysign(math.inf, base)
    table = functools.cache(lambda: powers(base, rate, fixed, STEPS // every + 1, raised))

    def after_array(ops: Arrays, step: Any) -> Any:
        count = ops.floor_divide(step, every)
        return power_at(ops, base, rate, fixed, table(), count, raised)

    at, at_array = _warmup(warm, base, after, after_array)
    bound = None if grows else max(abs(base), abs(warm.start))
    return ClosureSchedule(
        step_lr_scheduler, params, at, array=at_array, grows=grows, bound=bound, sign=sign
    )


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
        warmup_t: the warmup's length, at least 0 and less than 2 ** 1024.
        warmup_lr_init: the value at step 0 of the warmup, a finite distance from the value
            the warmup aims at.
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

    # The milestones m <= step + 1 are those with m - 1 <= step.
    drops = tuple(milestone - 1 for milestone in steps)

    def after_array(ops: Arrays, step: Any) -> Any:
        if not drops:
            return values[0]
        return ops.take(values, ops.count(step, drops))

    at, at_array = _warmup(warm, base, after, after_array)
    warmup = warm.steps
    shift = warmup if warm.prefix else 0
    length = max(warmup, steps[-1] - 1 + shift) if steps else warmup
    bound = max(abs(warm.start), *(abs(value) for value in values))
    return ClosureSchedule(
        multi_step_lr_scheduler, params, at, array=at_array, length=length, bound=bound
    )
