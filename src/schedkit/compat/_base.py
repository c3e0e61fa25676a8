"""What the framework equivalents share: the schedule that wraps their closures, and
float-position moves for frameworks whose phase ends are not whole steps."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

from .._schedule import Schedule, overflow
from .._validate import ScheduleError, kind, show

__all__ = [
    "Compat",
    "cos_left",
    "cos_move",
    "cycle_start",
    "joined",
    "line_move",
    "make",
    "restart_index",
    "schedules",
]

_HALF_PI = math.pi / 2


class Compat(Schedule):
    """A framework equivalent: a factory's call as data, evaluated by a closure.

    The closure is made by the factory from parameters it has checked, so it trusts
    them; pickling rebuilds through the factory, like every schedule.
    """

    __slots__ = ("_fn", "_grows")

    def __init__(
        self,
        factory: Callable[..., Schedule],
        params: dict[str, Any],
        length: int | None,
        fn: Callable[[int], float],
        grows: bool,
    ) -> None:
        super().__init__(factory, params, length)
        self._fn = fn
        self._grows = grows

    def _at(self, step: int) -> float:
        try:
            value = self._fn(step)
        except (OverflowError, ZeroDivisionError):
            # Only a growing power can get here, at a step far past any real run.
            raise overflow(self, step) from None
        if self._grows and not math.isfinite(value):
            raise overflow(self, step)
        return value


def joined(
    factory: str, parts: tuple[Schedule, ...], boundaries: tuple[int, ...]
) -> tuple[Callable[[int], float], int | None]:
    """Return the closure and length of schedules run one after another.

    ``parts[i]`` runs from ``boundaries[i - 1]`` (0 for the first) and sees its own
    step, counted from 0 there: the boundary step goes to the next schedule. The
    boundaries must not decrease, and there is one fewer than there are parts.
    """
    if any(first > second for first, second in pairwise(boundaries)):
        raise ScheduleError(f"{factory}: the boundaries must not decrease, got {list(boundaries)}")
    if len(boundaries) != len(parts) - 1:
        raise ScheduleError(
            f"{factory}: there must be one boundary fewer than schedules, "
            f"got {len(boundaries)} boundaries for {len(parts)} schedules"
        )
    starts = (0, *boundaries)
    runs = tuple(part._at for part in parts)
    tail = parts[-1].length
    length = None if tail is None else starts[-1] + tail

    def at(step: int) -> float:
        index = bisect_right(boundaries, step)
        return runs[index](step - starts[index])

    return at, length


def schedules(factory: str, label: str, value: object) -> tuple[Schedule, ...]:
    """Return *value*, a non-empty sequence of schedules, as a tuple."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(
            f"{factory}: {label} must be a sequence of schedules, "
            f"got {label}={show(value)} ({kind(value)})"
        )
    items = tuple(value)
    if not items:
        raise ScheduleError(f"{factory}: {label} must hold at least one schedule, got {label}=[]")
    for index, item in enumerate(items):
        if not isinstance(item, Schedule):
            raise TypeError(
                f"{factory}: {label}[{index}] must be a schedule, "
                f"got {label}[{index}]={show(item)} ({kind(item)})"
            )
    return items


def make(
    factory: Callable[..., Schedule],
    params: dict[str, Any],
    fn: Callable[[int], float],
    *,
    length: int | None = None,
    grows: bool = False,
) -> Schedule:
    """Return the schedule of *factory* called with *params*, evaluated by *fn*.

    *grows* marks a schedule whose value can leave the float range at a large step,
    so that its result is checked on every call.
    """
    return Compat(factory, params, length, fn, grows)


def cos_left(done: float) -> float:
    """Return ``(1 + cos(pi * done)) / 2`` for 0 <= done <= 1, accurate at both ends.

    The textbook form is used where it does not cancel (so the midpoint is exactly
    0.5); in the last quarter, where ``1 + cos`` would cancel, ``sin(pi (1 - done) / 2) ** 2``.
    """
    if done < 0.75:
        return (1.0 + math.cos(math.pi * done)) * 0.5
    return math.sin(_HALF_PI * (1.0 - done)) ** 2


def cos_move(start: float, end: float, done: float) -> float:
    """Return the value a fraction *done* along a half cosine from *start* to *end*.

    Exact at both ends (*start* at 0, *end* at 1), computed like
    :func:`schedkit._shapes.cosine_between` from the nearer end.
    """
    if done < 0.25:
        return start + (end - start) * math.sin(_HALF_PI * done) ** 2
    return end + (start - end) * cos_left(done)


def line_move(start: float, end: float, done: float) -> float:
    """Return the value a fraction *done* along a straight line from *start* to *end*."""
    if done <= 0.5:
        return start + (end - start) * done
    return end + (start - end) * (1.0 - done)


def cycle_start(index: int, first: int, mult: float) -> float:
    """Return the step at which cycle *index* starts, for cycles of lengths
    ``first * mult ** i``, written as the frameworks write it:
    ``(1 - mult ** index) / (1 - mult) * first``."""
    if mult == 1.0:
        return float(index * first)
    try:
        return (1.0 - mult**index) / (1.0 - mult) * first
    except OverflowError:
        return math.inf


def restart_index(step: int, first: int, mult: float) -> int:
    """Return the cycle that holds *step*: the largest i with ``cycle_start(i) <= step``,
    for cycles that do not shrink (``mult >= 1``).

    Frameworks take ``floor(log(1 + step / first * (mult - 1)) / log(mult))``, which
    lands one cycle short at some exact restarts (``mult=3``, ``first=1``, step 121
    gives 4, not 5). Here that logarithm is only a first guess, settled by comparing
    cycle starts.
    """
    if mult == 1.0:
        return step // first
    index = max(math.floor(math.log1p(step / first * (mult - 1.0)) / math.log(mult)), 0)
    while index > 0 and cycle_start(index, first, mult) > step:
        index -= 1
    while cycle_start(index + 1, first, mult) <= step:
        index += 1
    return index
