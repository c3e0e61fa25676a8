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
from collections.abc import Callable, Iterable
from typing import Any

from . import _validate as check
from ._schedule import Schedule, overflow
from ._shapes import cosine_between, linear_between

__all__ = [
    "constant",
    "cosine",
    "cosine_restarts",
    "exponential",
    "inverse_sqrt",
    "linear",
    "multi_step",
    "one_cycle",
    "polynomial",
    "step_decay",
]


def _last_finite_power(base: float, gamma: float) -> float:
    """Return the largest k for which base * gamma ** k evaluates finite, or inf if all do.

    The growth of exponential schedules is bounded this way at construction, so that a
    call past the bound raises a clear error instead of a raw OverflowError or inf.
    With base 0 the bound is where gamma ** k overflows; the schedules answer 0 beyond.
    """
    if gamma <= 1.0:
        return math.inf

    def finite(k: int) -> bool:
        try:
            return math.isfinite(base * gamma**k)
        except OverflowError:
            return False

    # log gives the answer to within a few units; a bracketing search makes it exact.
    room = math.log(sys.float_info.max) - (math.log(abs(base)) if base else 0.0)
    low, high, stride = 0, max(1, int(room / math.log(gamma))), 1
    while finite(high):
        low, high, stride = high, high + stride, stride * 2
    while high - low > 1:
        middle = (low + high) // 2
        if finite(middle):
            low = middle
        else:
            high = middle
    return low


def _beyond(schedule: Schedule, base: float, step: int, last: float) -> float:
    """Answer a step past the last finite power: 0 stays 0, any other base overflows."""
    if base == 0.0:
        return base
    raise overflow(schedule, step, int(last))


class _Constant(Schedule):
    __slots__ = ("_lr",)

    def __init__(self, lr: float) -> None:
        super().__init__(constant, {"lr": lr}, None)
        self._lr = lr

    def _at(self, step: int) -> float:
        return self._lr


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


class _StepDecay(Schedule):
    __slots__ = ("_base", "_gamma", "_last", "_step_size")

    def __init__(self, base_lr: float, gamma: float, step_size: int) -> None:
        super().__init__(
            step_decay, {"base_lr": base_lr, "gamma": gamma, "step_size": step_size}, None
        )
        self._base = base_lr
        self._gamma = gamma
        self._step_size = step_size
        self._last = (_last_finite_power(base_lr, gamma) + 1) * step_size - 1

    def _at(self, step: int) -> float:
        if step > self._last:
            return _beyond(self, self._base, step, self._last)
        return self._base * self._gamma ** (step // self._step_size)


def step_decay(*, base_lr: float, gamma: float, step_size: int) -> Schedule:
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
    return _StepDecay(
        check.real(name, "base_lr", base_lr),
        check.non_negative(name, "gamma", gamma),
        check.positive_integer(name, "step_size", step_size),
    )


class _MultiStep(Schedule):
    __slots__ = ("_milestones", "_values")

    def __init__(self, base_lr: float, milestones: tuple[int, ...], gamma: float) -> None:
        super().__init__(
            multi_step, {"base_lr": base_lr, "milestones": milestones, "gamma": gamma}, None
        )
        self._milestones = milestones
        self._values = tuple(base_lr * gamma**k for k in range(len(milestones) + 1))

    def _at(self, step: int) -> float:
        return self._values[bisect_right(self._milestones, step)]


def multi_step(*, base_lr: float, milestones: Iterable[int], gamma: float) -> Schedule:
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
    if _last_finite_power(base_lr, gamma) < len(steps):
        raise check.ScheduleError(
            f"{name}: base_lr * gamma ** len(milestones) must be a finite number, "
            f"got base_lr={base_lr!r}, gamma={gamma!r}, len(milestones)={len(steps)}"
        )
    return _MultiStep(base_lr, steps, gamma)


class _Exponential(Schedule):
    __slots__ = ("_base", "_gamma", "_last")

    def __init__(self, base_lr: float, gamma: float) -> None:
        super().__init__(exponential, {"base_lr": base_lr, "gamma": gamma}, None)
        self._base = base_lr
        self._gamma = gamma
        self._last = _last_finite_power(base_lr, gamma)

    def _at(self, step: int) -> float:
        if step > self._last:
            return _beyond(self, self._base, step, self._last)
        return self._base * self._gamma**step


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
    return _Exponential(
        check.real(name, "base_lr", base_lr), check.non_negative(name, "gamma", gamma)
    )


class _Anneal(Schedule):
    """A move from a start value at step 0 to an end value at total_steps, then held."""

    __slots__ = ("_end", "_start", "_total")

    def __init__(
        self, factory: Callable[..., Schedule], params: dict[str, Any], start: float, end: float
    ) -> None:
        super().__init__(factory, params, params["total_steps"])
        self._start = start
        self._end = end
        self._total: int = params["total_steps"]


class _Linear(_Anneal):
    __slots__ = ()

    def _at(self, step: int) -> float:
        if step >= self._total:
            return self._end
        return linear_between(self._start, self._end, step, self._total)


def linear(*, base_lr: float, end_lr: float, total_steps: int) -> Schedule:
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
    name = "linear"
    base_lr, end_lr = check.endpoints(name, ("base_lr", "end_lr"), (base_lr, end_lr))
    total_steps = check.positive_integer(name, "total_steps", total_steps)
    params = {"base_lr": base_lr, "end_lr": end_lr, "total_steps": total_steps}
    return _Linear(linear, params, base_lr, end_lr)


class _Polynomial(_Anneal):
    __slots__ = ("_middle", "_power")

    def __init__(self, params: dict[str, Any], start: float, end: float, power: float) -> None:
        super().__init__(polynomial, params, start, end)
        self._power = power
        # The step from which (1 - s / T) ** power is below one half: the end is nearer.
        self._middle = self._total * -math.expm1(-math.log(2.0) / power)

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


def polynomial(*, base_lr: float, end_lr: float, total_steps: int, power: float) -> Schedule:
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
    return _Polynomial(params, base_lr, end_lr, power)


class _Cosine(_Anneal):
    __slots__ = ()

    def _at(self, step: int) -> float:
        if step >= self._total:
            return self._end
        return cosine_between(self._start, self._end, step, self._total)


def cosine(*, base_lr: float, min_lr: float, total_steps: int) -> Schedule:
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
    name = "cosine"
    base_lr, min_lr = check.endpoints(name, ("base_lr", "min_lr"), (base_lr, min_lr))
    total_steps = check.positive_integer(name, "total_steps", total_steps)
    params = {"base_lr": base_lr, "min_lr": min_lr, "total_steps": total_steps}
    return _Cosine(cosine, params, base_lr, min_lr)


class _CosineRestarts(Schedule):
    __slots__ = ("_end", "_log_mult", "_mult", "_period", "_start")

    def __init__(self, base_lr: float, min_lr: float, period: int, t_mult: int) -> None:
        params = {"base_lr": base_lr, "min_lr": min_lr, "period": period, "t_mult": t_mult}
        super().__init__(cosine_restarts, params, None)
        self._start = base_lr
        self._end = min_lr
        self._period = period
        self._mult = t_mult
        self._log_mult = math.log(t_mult)

    def _at(self, step: int) -> float:
        period, mult = self._period, self._mult
        if mult == 1:
            offset, length = step % period, period
        else:
            # Cycle i starts at period * (mult**i - 1) / (mult - 1), so the current
            # cycle is the largest i with mult**i <= bound. The float log lands within
            # one of it; integer powers settle the last unit exactly.
            bound = step * (mult - 1) // period + 1
            cycle = int(math.log(bound) / self._log_mult)
            power = mult**cycle
            while power > bound:
                power //= mult
            while power * mult <= bound:
                power *= mult
            offset = step - period * (power - 1) // (mult - 1)
            length = period * power
        return cosine_between(self._start, self._end, offset, length)


def cosine_restarts(*, base_lr: float, min_lr: float, period: int, t_mult: int) -> Schedule:
    """Cosine annealing with warm restarts (SGDR): back to *base_lr* at each restart.

    Cycle i (from 0) lasts ``L_i = period * t_mult ** i`` steps and starts at step
    ``S_i = L_0 + ... + L_{i-1}``. Within the cycle that holds s::

        value(s) = m + (b - m) * (1 + cos(pi * (s - S_i) / L_i)) / 2

    The value is b at every restart and approaches m at the end of each cycle
    without reaching it, as in PyTorch's ``CosineAnnealingWarmRestarts``. The schedule
    has no end. The cycle of a step is found in closed form, so step 10**12 costs
    what step 10 costs.

    Args:
        base_lr: the value at the start of every cycle.
        min_lr: the value each cycle approaches at its end.
        period: the length of the first cycle, at least 1.
        t_mult: the integer factor by which each cycle is longer than the one
            before, at least 1 (1 gives equal cycles).

    Examples:
        >>> schedule = cosine_restarts(base_lr=1.0, min_lr=0.0, period=10, t_mult=2)
        >>> schedule(0), round(schedule(5), 12), schedule(10), round(schedule(20), 12)
        (1.0, 0.5, 1.0, 0.5)
        >>> schedule(30), schedule(70)
        (1.0, 1.0)

    References:
        Loshchilov and Hutter, SGDR: Stochastic Gradient Descent with Warm Restarts,
        ICLR 2017, https://arxiv.org/abs/1608.03983
    """
    name = "cosine_restarts"
    base_lr, min_lr = check.endpoints(name, ("base_lr", "min_lr"), (base_lr, min_lr))
    return _CosineRestarts(
        base_lr,
        min_lr,
        check.positive_integer(name, "period", period),
        check.positive_integer(name, "t_mult", t_mult),
    )


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


def inverse_sqrt(*, base_lr: float, warmup_steps: int) -> Schedule:
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


class _OneCycle(Schedule):
    __slots__ = ("_end", "_peak", "_peak_step", "_start", "_total")

    def __init__(self, params: dict[str, Any], start: float, end: float) -> None:
        super().__init__(one_cycle, params, params["total_steps"])
        total: int = params["total_steps"]
        self._start = start
        self._peak = params["max_lr"]
        self._end = end
        self._total = total
        self._peak_step = min(max(1, round(params["pct_start"] * total)), total - 1)

    def _at(self, step: int) -> float:
        peak_step = self._peak_step
        if step < peak_step:
            return cosine_between(self._start, self._peak, step, peak_step)
        if step < self._total:
            return cosine_between(self._peak, self._end, step - peak_step, self._total - peak_step)
        return self._end


def one_cycle(
    *, max_lr: float, total_steps: int, pct_start: float, initial_div: float, final_div: float
) -> Schedule:
    """The one-cycle policy: a cosine rise to *max_lr*, then a cosine fall below the start.

    With M = max_lr, start = M / initial_div, end = M / final_div and the peak step
    W = round(pct_start * T), kept within 1 <= W <= T - 1 (``round`` rounds a half to
    the even neighbour)::

        value(s) = start + (M - start) * (1 - cos(pi * s / W)) / 2            if s < W
                   end + (M - end) * (1 + cos(pi * (s - W) / (T - W))) / 2     if W <= s < T
                   end                                                        if s >= T

    The peak M is reached at step W exactly and *end* at step T. PyTorch's
    ``OneCycleLR`` differs: its peak is at step ``pct_start * T - 1``, its floor is
    ``M / (div_factor * final_div_factor)`` and it is reached at ``T - 1``.

    Args:
        max_lr: the peak value.
        total_steps: the step at which the end value is reached, at least 2.
        pct_start: the fraction of *total_steps* spent rising, with 0 < pct_start < 1.
        initial_div: the start value is ``max_lr / initial_div``; greater than 0.
        final_div: the end value is ``max_lr / final_div``; greater than 0.

    Examples:
        >>> schedule = one_cycle(
        ...     max_lr=1.0, total_steps=100, pct_start=0.25, initial_div=10.0, final_div=100.0
        ... )
        >>> schedule(0), schedule(25), schedule(100), schedule(200)
        (0.1, 1.0, 0.01, 0.01)

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
    given = f"max_lr={max_lr!r}, initial_div={initial_div!r}, final_div={final_div!r}"
    start = check.finite_result(name, "max_lr / initial_div", max_lr / initial_div, given)
    end = check.finite_result(name, "max_lr / final_div", max_lr / final_div, given)
    params = {
        "max_lr": max_lr,
        "total_steps": total_steps,
        "pct_start": pct_start,
        "initial_div": initial_div,
        "final_div": final_div,
    }
    return _OneCycle(params, start, end)
