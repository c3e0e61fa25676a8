"""Combinators that build a schedule from schedules: warmup, sequencing and sampling.

A composite is a Schedule like any other: it has a repr that nests its children's,
it compares, hashes and pickles by value, and it checks a step once, at the
outermost call.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from . import _validate as check
from ._schedule import Schedule
from ._shapes import linear_between

__all__ = ["sample", "sequential", "with_warmup"]


def _schedule(factory: str, name: str, value: object) -> Schedule:
    if not isinstance(value, Schedule):
        raise TypeError(
            f"{factory}: {name} must be a Schedule made by a schedkit factory, "
            f"got {name}={check.show(value)} ({check.kind(value)})"
        )
    return value


def _length_after(offset: int, schedule: Schedule) -> int | None:
    return None if schedule.length is None else offset + schedule.length


class _Warmup(Schedule):
    __slots__ = ("_inner", "_start", "_target", "_warmup")

    def __init__(self, schedule: Schedule, warmup_steps: int, start_lr: float) -> None:
        params = {"schedule": schedule, "warmup_steps": warmup_steps, "start_lr": start_lr}
        length = _length_after(warmup_steps, schedule)
        super().__init__(with_warmup, params, length, positional=1)
        self._inner = schedule
        self._warmup = warmup_steps
        self._start = start_lr
        self._target = schedule._at(0)
        check.finite_difference(
            "with_warmup", ("start_lr", "schedule(0)"), (start_lr, self._target)
        )

    def _at(self, step: int) -> float:
        if step < self._warmup:
            return linear_between(self._start, self._target, step, self._warmup)
        return self._inner._at(step - self._warmup)


def with_warmup(schedule: Schedule, *, warmup_steps: int, start_lr: float) -> Schedule:
    """Put a linear warmup from *start_lr* in front of *schedule*.

    With W = warmup_steps, a = start_lr and f the wrapped schedule::

        value(s) = a + (f(0) - a) * s / W    if s < W
                   f(s - W)                  if s >= W

    The warmup ends where the wrapped schedule starts, so the curve is continuous:
    the value at step W is f(0) exactly. The wrapped schedule's steps are counted
    from the end of the warmup, so the whole run lasts W plus the wrapped
    schedule's length (its :attr:`~schedkit.Schedule.length`).

    Args:
        schedule: the schedule that follows the warmup.
        warmup_steps: the length of the warmup, at least 1.
        start_lr: the value at step 0.

    Examples:
        >>> from schedkit import cosine
        >>> schedule = with_warmup(
        ...     cosine(base_lr=1.0, min_lr=0.0, total_steps=100), warmup_steps=10, start_lr=0.0
        ... )
        >>> schedule(0), schedule(5), schedule(10), schedule(110), schedule.length
        (0.0, 0.5, 1.0, 0.0, 110)

    References:
        Goyal et al., Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour, 2017,
        https://arxiv.org/abs/1706.02677
    """
    name = "with_warmup"
    return _Warmup(
        _schedule(name, "schedule", schedule),
        check.positive_integer(name, "warmup_steps", warmup_steps),
        check.real(name, "start_lr", start_lr),
    )


class _Sequential(Schedule):
    __slots__ = ("_end", "_final", "_parts", "_starts")

    def __init__(self, phases: tuple[tuple[int, Schedule], ...]) -> None:
        starts = []
        end = 0
        for duration, _ in phases:
            starts.append(end)
            end += duration
        super().__init__(sequential, {"phases": phases}, end, positional=1)
        self._starts = tuple(starts)
        self._parts = tuple(schedule for _, schedule in phases)
        self._end = end
        last_duration, last = phases[-1]
        try:
            self._final = last._at(last_duration)
        except check.ScheduleError:
            raise check.ScheduleError(
                f"sequential: the last phase must have a finite value at its end, got "
                f"phases[-1]={phases[-1]!r}, whose value overflows a float at step {last_duration}"
            ) from None

    def _at(self, step: int) -> float:
        if step >= self._end:
            return self._final
        index = bisect_right(self._starts, step) - 1
        return self._parts[index]._at(step - self._starts[index])


def sequential(phases: Iterable[tuple[int, Schedule]]) -> Schedule:
    """Run schedules one after another, each for a given number of steps.

    *phases* is a sequence of ``(duration, schedule)`` pairs. Phase i covers the steps
    from ``S_i = d_0 + ... + d_{i-1}`` up to ``S_i + d_i`` (excluded) and sees its own
    local step, counted from 0 at ``S_i``. With D = the sum of the durations and
    (d, f) the last phase::

        value(s) = f_i(s - S_i)    if S_i <= s < S_i + d_i
                   f(d)            if s >= D

    So the boundary step belongs to the next phase, at its step 0 (as in PyTorch's
    ``SequentialLR`` and optax's ``join_schedules``), and past the end the last phase
    is held at its own step d: a last phase of ``cosine(..., total_steps=d)`` ends on
    its *min_lr*. The phase of a step is found by bisection.

    Args:
        phases: one or more ``(duration, schedule)`` pairs, each duration at least 1.

    Examples:
        >>> from schedkit import constant, linear
        >>> schedule = sequential([
        ...     (10, constant(lr=0.5)),
        ...     (20, linear(base_lr=1.0, end_lr=0.0, total_steps=20)),
        ... ])
        >>> schedule(9), schedule(10), schedule(20), schedule(30), schedule.length
        (0.5, 1.0, 0.5, 0.0, 30)
    """
    name = "sequential"
    if isinstance(phases, (str, bytes)) or not isinstance(phases, Iterable):
        raise TypeError(
            f"{name}: phases must be a sequence of (duration, schedule) pairs, "
            f"got phases={check.show(phases)} ({check.kind(phases)})"
        )
    checked = []
    for index, phase in enumerate(phases):
        label = f"phases[{index}]"
        if not isinstance(phase, (tuple, list)) or len(phase) != 2:
            raise TypeError(
                f"{name}: {label} must be a (duration, schedule) pair, "
                f"got {label}={check.show(phase)} ({check.kind(phase)})"
            )
        duration, schedule = phase
        checked.append(
            (
                check.positive_integer(name, f"{label}[0]", duration),
                _schedule(name, f"{label}[1]", schedule),
            )
        )
    if not checked:
        raise check.ScheduleError(f"{name}: phases must hold at least one phase, got phases=[]")
    return _Sequential(tuple(checked))


def sample(schedule: Schedule, *, num_steps: int) -> list[float]:
    """Return the values of *schedule* at steps 0, 1, ..., num_steps - 1.

    Handy for plotting a curve or comparing two schedules. To include a finite
    schedule's end value, ask for ``schedule.length + 1`` steps.

    Args:
        schedule: the schedule to evaluate.
        num_steps: how many steps, at least 1.

    Examples:
        >>> from schedkit import linear
        >>> sample(linear(base_lr=1.0, end_lr=0.0, total_steps=4), num_steps=6)
        [1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    """
    name = "sample"
    at = _schedule(name, "schedule", schedule)._at
    return [at(step) for step in range(check.positive_integer(name, "num_steps", num_steps))]
