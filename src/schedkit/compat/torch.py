"""PyTorch's schedulers as schedkit schedules: ``torch.optim.lr_scheduler``'s classes.

This module points from PyTorch to schedkit; driving a PyTorch optimizer with a
schedkit schedule is :mod:`schedkit.torch`'s work.

Each function is a class name in snake case and takes the class's own parameters
and defaults, keyword-only; where PyTorch reads the starting value from the
optimizer, ``base_lr`` stands for it (the ``initial_lr`` of the param group). The
value at step t is the lr after t calls of ``scheduler.step()``, so step 0 is the lr
the optimizer has when the scheduler is made. PyTorch itself is never imported.

Momentum cycling (CyclicLR, OneCycleLR) is left out: a schedule gives one value,
and a momentum curve is a second schedule.
"""

from __future__ import annotations

import functools
import math
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any, Literal, cast, get_args

from .. import _validate as check
from .._kinds import Continuous, Staircase, fading_power, power_at, powers
from .._marks import Steps
from .._registry import register
from .._schedule import OverflowingValueError, Schedule, overflow
from .._shapes import (
    cosine_array,
    cosine_between,
    cosine_move,
    cosine_move_array,
    lerp,
    lerp_array,
    linear_array,
    linear_between,
)
from ..schedules import cosine_restarts
from ._base import ClosureSchedule, joined, joined_array, schedules

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .._array import Arrays

__all__ = [
    "chained_scheduler",
    "constant_lr",
    "cosine_annealing_lr",
    "cosine_annealing_warm_restarts",
    "cyclic_lr",
    "exponential_lr",
    "linear_lr",
    "multi_step_lr",
    "one_cycle_lr",
    "polynomial_lr",
    "sequential_lr",
    "step_lr",
]

# The largest integer that converts to a finite float: PyTorch computes OneCycleLR's
# phase ends as floats of its step count, which must not overflow.
_FLOAT_MAX = int(sys.float_info.max)


@register
def step_lr(*, base_lr: float, step_size: Steps, gamma: float = 0.1) -> Schedule:
    """``StepLR``: multiply by *gamma* every *step_size* steps.

    ::

        value(t) = base_lr * gamma ** floor(t / step_size)

    Args:
        base_lr: the optimizer's initial lr, the value at step 0.
        step_size: the number of steps between drops, at least 1.
        gamma: the factor applied at each drop, at least 0.

    Examples:
        >>> from schedkit.compat.torch import step_lr
        >>> schedule = step_lr(base_lr=1.0, step_size=10, gamma=0.5)
        >>> schedule(0), schedule(9), schedule(10), schedule(25)
        (1.0, 1.0, 0.5, 0.25)
    """
    base_lr = check.real("base_lr", base_lr)
    step_size = check.positive_integer("step_size", step_size)
    gamma = check.non_negative("gamma", gamma)
    params = {"base_lr": base_lr, "step_size": step_size, "gamma": gamma}
    return Staircase(step_lr, params, base_lr, gamma, step_size)


@register
def multi_step_lr(*, base_lr: float, milestones: Iterable[Steps], gamma: float = 0.1) -> Schedule:
    """``MultiStepLR``: multiply by *gamma* at each milestone.

    ::

        value(t) = base_lr * gamma ** (number of milestones m with m <= t)

    The milestone step itself gets the new value. As in PyTorch, a milestone given
    twice counts twice, and a milestone of 0 applies from the first step.

    Args:
        base_lr: the optimizer's initial lr, the value before the first milestone.
        milestones: the steps at which the value is multiplied by *gamma*, non-negative
            integers in any order; a repeated one counts twice.
        gamma: the factor applied at each milestone, at least 0; the last value,
            ``base_lr * gamma ** len(milestones)``, must be a finite float.

    Examples:
        >>> from schedkit.compat.torch import multi_step_lr
        >>> schedule = multi_step_lr(base_lr=1.0, milestones=[3, 6], gamma=0.5)
        >>> [schedule(t) for t in range(8)]
        [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]
    """
    base_lr = check.real("base_lr", base_lr)
    steps = tuple(sorted(check.non_negative_integers("milestones", milestones)))
    gamma = check.non_negative("gamma", gamma)
    try:
        values = tuple(base_lr * gamma**count for count in range(len(steps) + 1))
    except OverflowError:  # a power of gamma past the float range, refused just below
        values = (math.inf,)
    check.finite_result(
        "base_lr * gamma ** len(milestones)",
        values[-1],
        f"base_lr={base_lr!r}, gamma={gamma!r}, len(milestones)={len(steps)}",
        ("base_lr", "gamma", "milestones"),
    )

    def at(step: int) -> float:
        return values[bisect_right(steps, step)]

    def at_array(ops: Arrays, array: Any) -> Any:
        return ops.take(values, ops.count(array, steps))

    params = {"base_lr": base_lr, "milestones": steps, "gamma": gamma}
    return ClosureSchedule(multi_step_lr, params, at, array=at_array)


@register
def constant_lr(*, base_lr: float, factor: float = 1.0 / 3, total_iters: Steps = 5) -> Schedule:
    """``ConstantLR``: *factor* times the base value for the first *total_iters* steps.

    ::

        value(t) = base_lr * factor    if t < total_iters
                   base_lr             otherwise

    Quirk kept from PyTorch: with ``total_iters=0`` its ``step()`` never restores the
    base value, so the value is ``base_lr * factor`` at every step.

    Args:
        base_lr: the optimizer's initial lr, the value from *total_iters* on.
        factor: the fraction of *base_lr* used before *total_iters*, from 0 to 1.
        total_iters: the number of steps at the lowered value, at least 0.

    Examples:
        >>> from schedkit.compat.torch import constant_lr
        >>> schedule = constant_lr(base_lr=1.0, factor=0.5, total_iters=2)
        >>> schedule(0), schedule(1), schedule(2), schedule(100)
        (0.5, 0.5, 1.0, 1.0)
    """
    base_lr = check.real("base_lr", base_lr)
    factor = check.fraction("factor", factor)
    total_iters = check.at_least("total_iters", total_iters, 0)
    low = base_lr * factor
    stop = total_iters if total_iters else None

    def at(step: int) -> float:
        return low if stop is None or step < stop else base_lr

    def at_array(ops: Arrays, steps: Any) -> Any:
        if stop is None:
            return low
        return ops.where(ops.below(steps, stop), low, base_lr)

    params = {"base_lr": base_lr, "factor": factor, "total_iters": total_iters}
    return ClosureSchedule(constant_lr, params, at, array=at_array, length=total_iters)


@register
def linear_lr(
    *,
    base_lr: float,
    start_factor: float = 1.0 / 3,
    end_factor: float = 1.0,
    total_iters: Steps = 5,
) -> Schedule:
    """``LinearLR``: a straight line from ``base_lr * start_factor`` to
    ``base_lr * end_factor`` over *total_iters* steps, then held.

    ::

        value(t) = base_lr * (s + (e - s) * t / T)    if t < T
                   base_lr * e                        if t >= T

    PyTorch requires 0 < start_factor <= 1 and 0 <= end_factor <= 1. Quirk kept:
    with ``total_iters=0`` its ``step()`` stays at ``base_lr * start_factor``.

    Args:
        base_lr: the optimizer's initial lr.
        start_factor: the fraction of *base_lr* at step 0, with 0 < start_factor <= 1.
        end_factor: the fraction of *base_lr* from *total_iters* on, from 0 to 1.
        total_iters: the length of the line in steps, at least 0.

    Examples:
        >>> from schedkit.compat.torch import linear_lr
        >>> schedule = linear_lr(base_lr=1.0, start_factor=0.5, total_iters=4)
        >>> [schedule(t) for t in range(6)]
        [0.5, 0.625, 0.75, 0.875, 1.0, 1.0]
    """
    base_lr = check.real("base_lr", base_lr)
    start_factor = check.real("start_factor", start_factor)
    if not 0.0 < start_factor <= 1.0:
        raise check.value_error("start_factor", start_factor, "a number with 0 < start_factor <= 1")
    end_factor = check.fraction("end_factor", end_factor)
    total_iters = check.at_least("total_iters", total_iters, 0)
    start, end = base_lr * start_factor, base_lr * end_factor

    def at(step: int) -> float:
        if total_iters == 0:
            return start
        if step >= total_iters:
            return end
        return linear_between(start, end, step, total_iters)

    def at_array(ops: Arrays, steps: Any) -> Any:
        if total_iters == 0:
            return start
        line = linear_array(ops, start, end, ops.clamp(steps, 0, total_iters), total_iters)
        return ops.where(ops.below(steps, total_iters), line, end)

    params = {
        "base_lr": base_lr,
        "start_factor": start_factor,
        "end_factor": end_factor,
        "total_iters": total_iters,
    }
    return ClosureSchedule(linear_lr, params, at, array=at_array, length=total_iters)


@register
def exponential_lr(*, base_lr: float, gamma: float) -> Schedule:
    """``ExponentialLR``: multiply by *gamma* every step, ``base_lr * gamma ** t``.

    Args:
        base_lr: the optimizer's initial lr, the value at step 0.
        gamma: the factor per step, at least 0 (above 1 the value grows).

    Examples:
        >>> from schedkit.compat.torch import exponential_lr
        >>> schedule = exponential_lr(base_lr=1.0, gamma=0.5)
        >>> schedule(0), schedule(3)
        (1.0, 0.125)
    """
    base_lr = check.real("base_lr", base_lr)
    gamma = check.non_negative("gamma", gamma)
    return Continuous(exponential_lr, {"base_lr": base_lr, "gamma": gamma}, base_lr, gamma, 1)


@register
def polynomial_lr(*, base_lr: float, total_iters: Steps = 5, power: float = 1.0) -> Schedule:
    """``PolynomialLR``: decay to 0 over *total_iters* steps, then hold 0.

    ::

        value(t) = base_lr * (1 - t / T) ** power    if t < T
                   0                                 if t >= T

    PyTorch has no end value: the schedule always ends at 0. With ``total_iters=0``
    the value stays ``base_lr``, as PyTorch's ``step()`` leaves it.

    Args:
        base_lr: the optimizer's initial lr, the value at step 0.
        total_iters: the step at which the value reaches 0, at least 0.
        power: the exponent of the decay, greater than 0.

    Examples:
        >>> from schedkit.compat.torch import polynomial_lr
        >>> schedule = polynomial_lr(base_lr=1.0, total_iters=4, power=2.0)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """
    base_lr = check.real("base_lr", base_lr)
    total_iters = check.at_least("total_iters", total_iters, 0)
    power = check.positive("power", power)

    def at(step: int) -> float:
        if total_iters == 0:
            return base_lr
        if step >= total_iters:
            return 0.0
        return float(base_lr * ((total_iters - step) / total_iters) ** power)

    def at_array(ops: Arrays, steps: Any) -> Any:
        if total_iters == 0:
            return base_lr
        left = ops.left(ops.clamp(steps, 0, total_iters), total_iters)
        return ops.where(ops.below(steps, total_iters), base_lr * left**power, 0.0)

    params = {"base_lr": base_lr, "total_iters": total_iters, "power": power}
    return ClosureSchedule(polynomial_lr, params, at, array=at_array, length=total_iters)


@register
def cosine_annealing_lr(*, base_lr: float, T_max: Steps, eta_min: float = 0.0) -> Schedule:  # noqa: N803
    """``CosineAnnealingLR``: half a cosine from *base_lr* to *eta_min* over *T_max* steps.

    ::

        value(t) = eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2

    for every t: past *T_max* PyTorch does not hold *eta_min*; the value rises back
    to *base_lr* at ``2 * T_max`` and keeps cycling with period ``2 * T_max``
    (pytorch/pytorch#68332). For a cosine that holds its floor, use
    :func:`schedkit.cosine`.

    Args:
        base_lr: the optimizer's initial lr, the value at step 0.
        T_max: the length of half a period in steps, at least 1.
        eta_min: the lowest value, reached at *T_max*.

    Examples:
        >>> from schedkit.compat.torch import cosine_annealing_lr
        >>> schedule = cosine_annealing_lr(base_lr=1.0, T_max=10)
        >>> schedule(0), schedule(5), schedule(10), schedule(15), schedule(20)
        (1.0, 0.5, 0.0, 0.5, 1.0)
    """
    base_lr = check.real("base_lr", base_lr)
    T_max = check.positive_integer("T_max", T_max)  # noqa: N806
    eta_min = check.real("eta_min", eta_min)
    check.finite_difference(("base_lr", "eta_min"), (base_lr, eta_min))
    period = 2 * T_max

    def at(step: int) -> float:
        offset = step % period
        if offset > T_max:
            offset = period - offset
        return cosine_between(base_lr, eta_min, offset, T_max)

    def at_array(ops: Arrays, steps: Any) -> Any:
        offset = ops.remainder(steps, period)
        if T_max < ops.imax:
            # period - offset, as T_max - (offset - T_max): the period itself may not
            # fit in the integer type.
            past = ops.clamp(offset, T_max, ops.imax) - T_max
            offset = ops.where(ops.at_least(offset, T_max + 1), ops.minus(T_max, past), offset)
        return cosine_array(ops, base_lr, eta_min, offset, T_max)

    params = {"base_lr": base_lr, "T_max": T_max, "eta_min": eta_min}
    return ClosureSchedule(cosine_annealing_lr, params, at, array=at_array)


@register
def cosine_annealing_warm_restarts(
    *,
    base_lr: float,
    T_0: Steps,  # noqa: N803
    T_mult: int = 1,  # noqa: N803
    eta_min: float = 0.0,
) -> Schedule:
    """``CosineAnnealingWarmRestarts`` (SGDR): a cosine from *base_lr* toward *eta_min*
    that restarts at *base_lr* after each cycle; cycle i lasts ``T_0 * T_mult ** i``.

    ::

        value(t) = eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2

    where T_i is the length of the cycle holding t and T_cur the steps since it
    began. *eta_min* is never reached at a whole step. PyTorch finds the cycle of a
    float epoch with a float logarithm, wrong at some exact restarts; the cycle here
    is found exactly.

    Args:
        base_lr: the optimizer's initial lr, the value at the start of every cycle.
        T_0: the length of the first cycle in steps, at least 1.
        T_mult: the factor by which each cycle is longer than the one before, an integer of
            at least 1.
        eta_min: the value the cosines fall toward.

    Examples:
        >>> from schedkit.compat.torch import cosine_annealing_warm_restarts
        >>> schedule = cosine_annealing_warm_restarts(base_lr=1.0, T_0=4, T_mult=2)
        >>> schedule(0), schedule(2), schedule(4), schedule(8), schedule(12)
        (1.0, 0.5, 1.0, 0.5, 1.0)
    """
    base_lr = check.real("base_lr", base_lr)
    T_0 = check.positive_integer("T_0", T_0)  # noqa: N806
    T_mult = check.positive_integer("T_mult", T_mult)  # noqa: N806
    eta_min = check.real("eta_min", eta_min)
    check.finite_difference(("base_lr", "eta_min"), (base_lr, eta_min))
    inner = cosine_restarts(base_lr=base_lr, min_lr=eta_min, period=T_0, t_mult=T_mult)
    params = {"base_lr": base_lr, "T_0": T_0, "T_mult": T_mult, "eta_min": eta_min}
    return ClosureSchedule(
        cosine_annealing_warm_restarts,
        params,
        inner._at,
        array=inner._array,
        bound=inner._bound(),
    )


CyclicMode = Literal["triangular", "triangular2", "exp_range"]


@register
def cyclic_lr(
    *,
    base_lr: float,
    max_lr: float,
    step_size_up: Steps = 2000,
    step_size_down: Steps | None = None,
    mode: CyclicMode = "triangular",
    gamma: float = 1.0,
) -> Schedule:
    """``CyclicLR``: up from *base_lr* to *max_lr* in *step_size_up* steps, back down in
    *step_size_down* (default: the same), and again.

    With C = up + down, c = t // C (the cycle, from 0) and r = t % C::

        x(t)     = r / up                if r <= up
                   (C - r) / down        otherwise
        value(t) = base_lr + (max_lr - base_lr) * x(t) * scale(t)

    where scale is 1 for ``mode="triangular"``, ``0.5 ** c`` for ``"triangular2"``
    and ``gamma ** t`` for ``"exp_range"``. PyTorch's *base_lr* replaces the
    optimizer's lr, so it is a parameter here as there. The custom ``scale_fn`` and
    the momentum cycle are left out.

    Args:
        base_lr: the lowest value of the cycle, which replaces the optimizer's lr.
        max_lr: the highest value of the first cycle.
        step_size_up: the steps from *base_lr* up to *max_lr*, at least 1.
        step_size_down: the steps back down, at least 1; None for *step_size_up*.
        mode: "triangular", "triangular2" (the height halves every cycle) or "exp_range"
            (the height is scaled by ``gamma ** t``).
        gamma: the factor per step of "exp_range", at least 0; ignored by the other modes.

    Examples:
        >>> from schedkit.compat.torch import cyclic_lr
        >>> schedule = cyclic_lr(base_lr=0.0, max_lr=1.0, step_size_up=2, mode="triangular2")
        >>> [schedule(t) for t in range(9)]
        [0.0, 0.5, 1.0, 0.5, 0.0, 0.25, 0.5, 0.25, 0.0]
    """
    base_lr = check.real("base_lr", base_lr)
    max_lr = check.real("max_lr", max_lr)
    height = check.finite_difference(("base_lr", "max_lr"), (base_lr, max_lr))
    up = check.positive_integer("step_size_up", step_size_up)
    down = (
        up if step_size_down is None else check.positive_integer("step_size_down", step_size_down)
    )
    mode = check.choice("mode", mode, get_args(CyclicMode))
    gamma = check.non_negative("gamma", gamma)
    period = up + down
    # Only a height scaled by gamma > 1 grows; a flat cycle stays at base_lr whatever
    # scales it.
    grows = mode == "exp_range" and gamma > 1.0 and height != 0.0
    # A scale that does not grow is held at its limit (0, or 1 for gamma=1) from the
    # power on where it reaches it, so that a huge step or cycle is never a float
    # exponent.
    factor = 0.5 if mode == "triangular2" else gamma
    fade: float = math.inf if grows else fading_power(min(factor, 1.0))
    held = 0.0 if grows else min(factor, 1.0) ** fade
    # The scale's first values, as the scalar path computes them, for the array forms
    # that do not grow (numpy's power is slow where it underflows).
    reach = period if mode == "triangular2" else 1
    table = functools.cache(lambda: powers(1.0, factor, fade, 2**63 // reach + 1))

    def shape(step: int) -> float:
        offset = step % period
        return offset / up if offset <= up else (period - offset) / down

    def at(step: int) -> float:
        part = shape(step)
        if mode == "triangular":
            return base_lr + height * part
        if mode == "triangular2":
            cycle = step // period
            return base_lr + height * part * (factor**cycle if cycle < fade else held)
        return base_lr + height * part * (factor**step if step < fade else held)

    def shape_array(ops: Arrays, steps: Any) -> Any:
        offset = ops.remainder(steps, period)
        rising = ops.ratio(offset, up)
        if up >= ops.imax:
            return rising
        # (period - offset) / down, counted from the peak: the period may not fit in
        # the integer type.
        falling = ops.left(ops.clamp(offset, up, ops.imax) - up, down)
        return ops.where(ops.below(offset, up + 1), rising, falling)

    def at_array(ops: Arrays, steps: Any) -> Any:
        part = shape_array(ops, steps)
        if mode == "triangular":
            return base_lr + height * part
        if mode == "triangular2":
            cycle = ops.floor_divide(steps, period)
            return base_lr + height * part * power_at(ops, 1.0, factor, fade, table(), cycle)
        if grows:
            # Where the power leaves the range the scalar path raises before multiplying,
            # so a flat point of the cycle (0 * inf) overflows too, on max_lr's side.
            power = ops.power(factor, ops.floats(steps))
            value = base_lr + height * part * power
            return ops.where(ops.isfinite(power), value, math.copysign(math.inf, height))
        return base_lr + height * part * power_at(ops, 1.0, factor, fade, table(), steps)

    params = {
        "base_lr": base_lr,
        "max_lr": max_lr,
        "step_size_up": up,
        "step_size_down": step_size_down if step_size_down is None else down,
        "mode": mode,
        "gamma": gamma,
    }
    # Every cycle stays between base_lr and the first's peak, but a growing one.
    bound = math.inf if grows else max(abs(base_lr), abs(max_lr))
    # A growing exp_range leaves the range on the side of max_lr.
    sign = math.copysign(1.0, max_lr - base_lr)
    return ClosureSchedule(
        cyclic_lr, params, at, array=at_array, grows=grows, bound=bound, sign=sign
    )


AnnealStrategy = Literal["cos", "linear"]


@register
def one_cycle_lr(
    *,
    max_lr: float,
    total_steps: Steps | None = None,
    epochs: int | None = None,
    steps_per_epoch: Steps | None = None,
    pct_start: float = 0.3,
    anneal_strategy: AnnealStrategy = "cos",
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
) -> Schedule:
    """``OneCycleLR``: up from ``max_lr / div_factor`` to *max_lr*, then down to
    ``max_lr / (div_factor * final_div_factor)`` at step ``N - 1``.

    N is *total_steps*, or ``epochs * steps_per_epoch``. With P = pct_start * N,
    init = max_lr / div_factor and low = init / final_div_factor, the phases end at
    PyTorch's (not always whole) steps:

    - two phases: init -> max_lr until ``P - 1``, max_lr -> low until ``N - 1``;
    - three phases: init -> max_lr until ``P - 1``, max_lr -> init until
      ``2 P - 2``, init -> low until ``N - 1``.

    Each phase anneals by ``anneal_strategy`` ("cos" or "linear") over the fraction
    ``(t - start) / (end - start)`` of the phase; a phase that ends before step 0
    is skipped, as in PyTorch. Past the end PyTorch extrapolates at step N (below
    *low*, even negative with "linear": pytorch/pytorch#91765) and raises at N + 1;
    here *low* is held from ``N - 1`` on. Where PyTorch divides by zero at
    construction (``pct_start * N == 1``), the first phase has no length and step 0
    is *max_lr*.

    N must be at most ``sys.float_info.max`` (PyTorch's float phase ends overflow
    past it), and init and low must be finite floats (PyTorch's would be inf, and
    its values inf or NaN).

    Args:
        max_lr: the peak value.
        total_steps: the number of steps N, at least 1; None to give *epochs* and
            *steps_per_epoch* instead.
        epochs: the number of epochs, at least 1, used with *steps_per_epoch* when
            *total_steps* is None (checked, and kept, when it is given too).
        steps_per_epoch: the steps in an epoch, at least 1, used with *epochs* when
            *total_steps* is None (checked, and kept, when it is given too).
        pct_start: the fraction of the steps spent rising, from 0 to 1.
        anneal_strategy: the shape of each phase, "cos" or "linear".
        div_factor: the peak over the starting value, greater than 0.
        final_div_factor: the starting value over the final one, greater than 0.
        three_phase: whether to come back down to the starting value before falling to the
            final one.

    Examples:
        >>> from schedkit.compat.torch import one_cycle_lr
        >>> schedule = one_cycle_lr(max_lr=1.0, total_steps=11, pct_start=6 / 11,
        ...                         anneal_strategy="linear", div_factor=5.0)
        >>> schedule(0), schedule(5), schedule(10), schedule(50)
        (0.2, 1.0, 2e-05, 2e-05)
    """
    max_lr = check.real("max_lr", max_lr)
    # Checked whenever given, though total_steps takes precedence: they are stored.
    epochs = check.optional_positive_integer("epochs", epochs)
    steps_per_epoch = check.optional_positive_integer("steps_per_epoch", steps_per_epoch)
    if total_steps is not None:
        total = check.positive_integer("total_steps", total_steps)
        if total > _FLOAT_MAX:
            raise check.value_error("total_steps", total, f"at most {sys.float_info.max!r}")
    elif epochs is not None and steps_per_epoch is not None:
        total = epochs * steps_per_epoch
        if total > _FLOAT_MAX:
            raise check.ScheduleError(
                f"epochs * steps_per_epoch must be at most {sys.float_info.max!r}, "
                f"got epochs={check.show(epochs)}, steps_per_epoch={check.show(steps_per_epoch)}",
                related=("epochs", "steps_per_epoch"),
            )
    else:
        raise check.ScheduleError(
            "total_steps, or both epochs and steps_per_epoch, must be given, "
            f"got total_steps=None, epochs={epochs!r}, steps_per_epoch={steps_per_epoch!r}",
            related=("total_steps", "epochs", "steps_per_epoch"),
        )
    pct_start = check.fraction("pct_start", pct_start)
    anneal_strategy = check.choice("anneal_strategy", anneal_strategy, get_args(AnnealStrategy))
    div_factor = check.positive("div_factor", div_factor)
    final_div_factor = check.positive("final_div_factor", final_div_factor)
    three_phase = check.boolean("three_phase", three_phase)
    initial = check.finite_result(
        "max_lr / div_factor",
        max_lr / div_factor,
        f"max_lr={max_lr!r}, div_factor={div_factor!r}",
        ("max_lr", "div_factor"),
    )
    low = check.finite_result(
        "max_lr / div_factor / final_div_factor",
        initial / final_div_factor,
        f"max_lr={max_lr!r}, div_factor={div_factor!r}, final_div_factor={final_div_factor!r}",
        ("max_lr", "div_factor", "final_div_factor"),
    )
    peak_end = float(pct_start * total) - 1
    last = total - 1
    phases: tuple[tuple[float, float, float], ...]
    if three_phase:
        phases = (
            (peak_end, initial, max_lr),
            (float(2 * pct_start * total) - 2, max_lr, initial),
            (float(last), initial, low),
        )
    else:
        phases = ((peak_end, initial, max_lr), (float(last), max_lr, low))
    move = cosine_move if anneal_strategy == "cos" else lerp

    def at(step: int) -> float:
        if step >= last:
            return low
        start = 0.0
        for end, first, second in phases:
            if step <= end:
                if end == start:
                    return second
                return move(first, second, (step - start) / (end - start))
            start = end
        return low  # pragma: no cover - the last phase ends at N - 1, held above

    move_array = cosine_move_array if anneal_strategy == "cos" else lerp_array
    at_array = _phases_array(phases, move_array, last, low)

    params: dict[str, Any] = {
        "max_lr": max_lr,
        "total_steps": None if total_steps is None else total,
        "epochs": epochs,
        "steps_per_epoch": steps_per_epoch,
        "pct_start": pct_start,
        "anneal_strategy": anneal_strategy,
        "div_factor": div_factor,
        "final_div_factor": final_div_factor,
        "three_phase": three_phase,
    }
    # Each phase moves between two of these, never past them.
    bound = max(abs(initial), abs(max_lr), abs(low))
    return ClosureSchedule(one_cycle_lr, params, at, array=at_array, length=last, bound=bound)


@register
def sequential_lr(*, schedulers: Iterable[Schedule], milestones: Iterable[Steps]) -> Schedule:
    """``SequentialLR``: each schedule in turn, switching at the milestones.

    With m_0 = 0 and i the number of milestones m <= t::

        value(t) = schedulers[i](t - m_i)

    The milestone step belongs to the next schedule, at its own step 0. Any
    schedule can take part, PyTorch's equivalents or schedkit's own.

    Args:
        schedulers: the schedules run one after another, at least one.
        milestones: the steps at which the next schedule starts, one fewer than
            *schedulers*, not decreasing.

    Examples:
        >>> from schedkit.compat.torch import linear_lr, sequential_lr, step_lr
        >>> schedule = sequential_lr(
        ...     schedulers=[linear_lr(base_lr=1.0, start_factor=0.5, total_iters=2),
        ...                 step_lr(base_lr=1.0, step_size=2, gamma=0.5)],
        ...     milestones=[2])
        >>> [schedule(t) for t in range(7)]
        [0.5, 0.75, 1.0, 1.0, 0.5, 0.5, 0.25]
    """
    parts = schedules("schedulers", schedulers)
    steps = check.non_negative_integers("milestones", milestones)
    run, length = joined(parts, steps, ("schedulers", "milestones"))
    params = {"schedulers": parts, "milestones": steps}
    bound = max(part._bound() for part in parts)
    # A growing part's overflow is named at the sequence's step by ClosureSchedule.
    return ClosureSchedule(
        sequential_lr,
        params,
        run,
        array=joined_array(parts, steps),
        length=length,
        grows=math.isinf(bound),
        bound=bound,
    )


# The schedules whose PyTorch step() multiplies the current lr by a ratio, so that
# ChainedScheduler gives the product of their factors.
_MULTIPLICATIVE = (
    constant_lr,
    exponential_lr,
    linear_lr,
    multi_step_lr,
    polynomial_lr,
    step_lr,
    cosine_annealing_lr,
)


@register
def chained_scheduler(*, schedulers: Iterable[Schedule]) -> Schedule:
    """``ChainedScheduler`` over multiplicative schedulers: the product of their factors.

    Every schedule must be one of this module's constant_lr, exponential_lr,
    linear_lr, multi_step_lr, polynomial_lr, step_lr or cosine_annealing_lr (with
    eta_min=0), all with the same *base_lr* B::

        value(t) = B * (f_1(t) / B) * (f_2(t) / B) * ...

    Those are the schedulers PyTorch chains by multiplying ratios. The others
    (CyclicLR, OneCycleLR, CosineAnnealingWarmRestarts, a cosine with eta_min > 0)
    overwrite or shift the lr and break the chain in PyTorch (pytorch/pytorch#129565),
    so they are refused here rather than given a value PyTorch would not give.

    Past its last milestone a multi_step_lr with gamma > 1 multiplies the chain by
    ``gamma ** len(milestones)``, so B times those powers must be a finite float. A
    growing exponential_lr or step_lr (gamma > 1) makes the chain grow without bound.

    Args:
        schedulers: the multiplicative schedules whose factors are multiplied, at least one,
            all with the same *base_lr*.

    Examples:
        >>> from schedkit.compat.torch import chained_scheduler, constant_lr, exponential_lr
        >>> schedule = chained_scheduler(schedulers=[
        ...     constant_lr(base_lr=1.0, factor=0.5, total_iters=2),
        ...     exponential_lr(base_lr=1.0, gamma=0.5)])
        >>> [schedule(t) for t in range(4)]
        [0.5, 0.25, 0.25, 0.125]
    """
    parts = schedules("schedulers", schedulers)
    base = None
    for index, part in enumerate(parts):
        label = f"schedulers[{index}]"
        params = part.params
        if part._factory not in _MULTIPLICATIVE or (
            part._factory is cosine_annealing_lr and params["eta_min"] != 0.0
        ):
            names = ", ".join(factory.__name__ for factory in _MULTIPLICATIVE)
            raise check.ScheduleError(
                f"{label} must be a multiplicative PyTorch schedule "
                f"({names}; a cosine with eta_min=0), got {label}={part!r}",
                label,
            )
        if base is not None and params["base_lr"] != base:
            raise check.ScheduleError(
                "every scheduler must have the same base_lr, "
                f"got schedulers[0].base_lr={base!r}, {label}.base_lr={params['base_lr']!r}",
                f"{label}.base_lr",
                related=("schedulers[0].base_lr",),
            )
        base = params["base_lr"]
    assert base is not None
    lengths = [part.length for part in parts]
    length = None if None in lengths else max(n for n in lengths if n is not None)
    if base == 0.0:
        # Every factor multiplies 0, as each of PyTorch's ratios does: 0 throughout.
        return ClosureSchedule(
            chained_scheduler,
            {"schedulers": parts},
            lambda step: base,
            array=lambda ops, steps: base,
            length=length,
        )
    # A gamma above 1 makes exponential_lr and step_lr grow without bound. The first
    # such part leads the product at its own base_lr, so the chain overflows where
    # that part's value does, not where its factor alone would.
    growing = [
        index
        for index, part in enumerate(parts)
        if part._factory in (exponential_lr, step_lr) and part.params["gamma"] > 1.0
    ]
    lead = parts[growing[0]]._at if growing else None
    # Every other factor is at most 1, except a multi_step_lr's with gamma > 1, which
    # ends at gamma ** len(milestones). Past the last milestones the chain reaches
    # base_lr times those ends, so that product must be finite; then no partial
    # product of a call can overflow either.
    peak = abs(base)
    ends = []
    for part in parts:
        params = part.params
        if part._factory is multi_step_lr and params["gamma"] > 1.0:
            try:
                ends.append(params["gamma"] ** len(params["milestones"]))
            except OverflowError:
                ends.append(math.inf)
            peak *= ends[-1]
    check.finite_result(
        "base_lr times gamma ** len(milestones) of each multi_step_lr",
        peak,
        f"base_lr={base!r} and those powers {check.show(ends)}",
        ("schedulers",),
    )
    # The other parts' factors: each part at base_lr 1 (its factory is one of this
    # module's, which make schedules).
    units = tuple(
        cast(Schedule, part._factory(**{**part.params, "base_lr": 1.0})) for part in parts
    )
    ordered = tuple(unit._at for unit in units)
    factors = tuple(
        factor for index, factor in enumerate(ordered) if not growing or index != growing[0]
    )

    def at(step: int) -> float:
        # base_lr times each part's factor, in order, as PyTorch's ratios multiply.
        value: float = base
        try:
            for factor in ordered:
                value *= factor(step)
        except OverflowingValueError:
            return led(step)
        if value * 0.0 != 0.0:  # inf: past the range, unless the lead brings it back
            return led(step)
        return value

    def led(step: int) -> float:
        # Past where a growing factor alone overflows, that part at its own base_lr
        # leads the product, so the chain overflows where that part's value does.
        if lead is None:
            return past_the_range(step)
        try:
            value: float = lead(step)
            for factor in factors:
                value *= factor(step)
        except OverflowingValueError:
            return past_the_range(step)
        return value if value * 0.0 == 0.0 else past_the_range(step)

    def past_the_range(step: int) -> float:
        # A growing part, or its factor, has left the float range: so has the chain,
        # with the sign of base_lr (no factor is negative), unless a factor is 0.
        if any(_is_zero(factor, step) for factor in factors):
            return math.copysign(0.0, base)
        raise overflow(schedule, step, sign=math.copysign(1.0, base))

    at_array = _chained_array(base, parts, units, growing[0] if growing else None)

    params = {"schedulers": parts}
    bound = math.inf if growing else peak
    schedule = ClosureSchedule(
        chained_scheduler,
        params,
        at,
        array=at_array,
        length=length,
        grows=bool(growing),
        bound=bound,
    )
    return schedule


def _is_zero(factor: Callable[[int], float], step: int) -> bool:
    """Return whether *factor* is 0 at *step*; one past the float range is not."""
    try:
        return factor(step) == 0.0
    except OverflowingValueError:
        return False


def _phases_array(
    phases: tuple[tuple[float, float, float], ...],
    move: Callable[[Arrays, float, float, Any], Any],
    last: int,
    low: float,
) -> Callable[[Arrays, Any], Any]:
    """Return the array form of one_cycle_lr's closure over *phases* (end, first,
    second), each moved along by *move*, with *low* held from step *last*."""
    # Each phase with the step it starts from and the first whole step past its float
    # end, so that step <= end is an integer comparison; a phase that ends before
    # step 0 is never reached.
    reached = []
    start = 0.0
    for end, first, second in phases:
        cut = math.floor(end) + 1
        if cut > 0:
            reached.append((start, end, first, second, cut))
        start = end

    def at(ops: Arrays, steps: Any) -> Any:
        moment = ops.floats(steps)
        pairs: list[tuple[Any, Any]] = [(ops.at_least(steps, last), low)]
        for begin, end, first, second, cut in reached:
            if end == begin:
                value: Any = second
            else:
                value = move(ops, first, second, ops.divide(moment - begin, end - begin))
            pairs.append((ops.below(steps, cut), value))
        return ops.select(pairs, low)

    return at


def _chained_array(
    base: float, parts: tuple[Schedule, ...], units: tuple[Schedule, ...], lead: int | None
) -> Callable[[Arrays, Any], Any]:
    """Return the array form of chained_scheduler's closure: *base* times each of the
    *units* (the *parts* at base_lr 1), led past the range by part *lead* at its own
    base_lr."""
    leader = None if lead is None else parts[lead]

    def at(ops: Arrays, steps: Any) -> Any:
        # A factor past the float range is inf, so a product that is not finite is
        # where the closure turns to its lead (0 * inf is nan, as a raise there skips
        # the 0).
        each = [ops.array(unit._array(ops, steps)) for unit in units]
        value: Any = base
        for factor in each:
            value = value * factor
        others = [factor for index, factor in enumerate(each) if index != lead]
        past: Any = math.copysign(math.inf, base)
        if others:
            zero = others[0] == 0.0
            for factor in others[1:]:
                zero = zero | (factor == 0.0)
            past = ops.where(zero, math.copysign(0.0, base), past)
        if leader is not None:
            led: Any = ops.array(leader._array(ops, steps))
            for factor in others:
                led = led * factor
            past = ops.where(ops.isfinite(led), led, past)
        return ops.where(ops.isfinite(value), value, past)

    return at
