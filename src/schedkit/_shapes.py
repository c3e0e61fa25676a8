"""Moves between two values that land exactly on both, used by every finite schedule.

Two families: the moves of a whole step count (``*_between``: start, end, offset,
length), which the catalog's shapes name in :data:`MOVES`, and the moves of a
fraction done (:func:`lerp`, :func:`cosine_move`), for frameworks whose phase ends
are not whole steps. There is no other module of moves.

Each move has an array form beside it (``*_array``, named in :data:`ARRAY_MOVES`):
the same operations on an array of steps, every case computed and the one that
applies chosen with ``where`` (see ``schedkit._array``), so that it traces under
``jax.jit``. A test holds each pair together bit for bit. The integer comparisons
that pick a case are rewritten so that nothing is multiplied (``4 * offset <
length`` is ``offset < ceil(length / 4)``): the product could leave the array's
integer type.

A move from *start* to *end* is computed from the nearer end: in the first half as
``start + (end - start) * done`` and in the second as ``end + (start - end) * left``,
with ``left = 1 - done`` computed directly from the steps left. So the value is
*start* exactly at offset 0 and *end* exactly at *length*, it never leaves the range
between them, and it keeps full relative accuracy near either end (a decay to 0 is
accurate at its last steps, where one-sided forms lose digits to cancellation).
"""

from __future__ import annotations

import math
from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "ARRAY_MOVES",
    "HALF_PI",
    "MOVES",
    "ArrayMove",
    "Move",
    "cosine_array",
    "cosine_between",
    "cosine_left",
    "cosine_left_array",
    "cosine_move",
    "cosine_move_array",
    "geometric_array",
    "geometric_between",
    "hold",
    "hold_array",
    "lerp",
    "lerp_array",
    "linear_array",
    "linear_between",
    "rex_array",
    "rex_between",
    "sqrt_array",
    "sqrt_between",
]

#: pi / 2, for the sine forms of a cosine move near either end.
HALF_PI = math.pi / 2

# A move: (start, end, offset, length) -> the value offset steps along it.
Move = Callable[[float, float, int, int], float]

# Its array form: (ops, start, end, offsets, length) -> the values, for integer offsets
# within [0, length] and ops a schedkit._array.Arrays (not named here: this module
# imports nothing of the package).
ArrayMove = Callable[["Any", float, float, "Any", int], "Any"]


def lerp(start: float, end: float, done: float) -> float:
    """Return the value a fraction *done* (0 to 1) of the way from *start* to *end*."""
    if done < 0.5:
        return start + (end - start) * done
    return end + (start - end) * (1.0 - done)


def cosine_left(done: float) -> float:
    """Return ``(1 + cos(pi * done)) / 2``, the part of a half cosine still to go, for
    0 <= done <= 1, accurate at both ends.

    The textbook form is used where it does not cancel (so the midpoint is exactly
    0.5); in the last quarter, where ``1 + cos`` would cancel, ``sin(pi (1 - done) / 2) ** 2``.
    """
    if done < 0.75:
        return (1.0 + math.cos(math.pi * done)) * 0.5
    s = math.sin(HALF_PI * (1.0 - done))
    return s * s


def cosine_move(start: float, end: float, done: float) -> float:
    """Return the value a fraction *done* along a half cosine from *start* to *end*.

    Exact at both ends (*start* at 0, *end* at 1), computed like :func:`cosine_between`
    from the nearer end.
    """
    if done < 0.25:
        s = math.sin(HALF_PI * done)
        return start + (end - start) * (s * s)
    return end + (start - end) * cosine_left(done)


def linear_between(start: float, end: float, offset: int, length: int) -> float:
    """Return the value *offset* steps along a straight line of *length* steps."""
    if 2 * offset < length:
        return start + (end - start) * (offset / length)
    return end + (start - end) * ((length - offset) / length)


def cosine_between(start: float, end: float, offset: int, length: int) -> float:
    """Return the value *offset* steps along a half cosine of *length* steps.

    The part left is ``(1 + cos(pi * x)) / 2`` with x = offset / length, computed so
    in the middle half, where it matches the textbook form to the last bit (the
    midpoint is exact). In the outer quarters the part done, or left, is small and
    ``1 +- cos`` would cancel, so it is computed as ``sin(pi * x / 2) ** 2`` or
    ``sin(pi * (1 - x) / 2) ** 2``, from the nearer end.
    """
    # A square is taken as s * s: correctly rounded, and much cheaper than ** 2.
    if 4 * offset < length:
        s = math.sin(HALF_PI * (offset / length))
        return start + (end - start) * (s * s)
    if 4 * offset <= 3 * length:
        return end + (start - end) * ((1.0 + math.cos(math.pi * (offset / length))) * 0.5)
    s = math.sin(HALF_PI * ((length - offset) / length))
    return end + (start - end) * (s * s)


def rex_between(start: float, end: float, offset: int, length: int) -> float:
    """Return the value *offset* steps along a REX decay of *length* steps.

    With x = offset / length the part left is ``(1 - x) / (1/2 + (1 - x) / 2)``, so the
    part done is ``x / (2 - x)``; each is used on its own side of their crossing at
    x = 2/3.
    """
    if 3 * offset < 2 * length:
        done = offset / length
        return start + (end - start) * (done / (2.0 - done))
    left = (length - offset) / length
    return end + (start - end) * (2.0 * left / (1.0 + left))


def hold(start: float, end: float, offset: int, length: int) -> float:
    """Return *start*: a flat stretch, whose end value takes over only after it."""
    return start


def sqrt_between(start: float, end: float, offset: int, length: int) -> float:
    """Return the value *offset* steps along a 1-sqrt cooldown of *length* steps.

    The part done is ``sqrt(x)``, so the part left is ``1 - sqrt(x)``; it is computed
    as ``(1 - x) / (1 + sqrt(x))``, which keeps its last steps accurate.
    """
    done = offset / length
    if done < 0.25:
        return start + (end - start) * math.sqrt(done)
    left = (length - offset) / length
    return end + (start - end) * (left / (1.0 + math.sqrt(done)))


def geometric_between(start: float, end: float, offset: int, length: int) -> float:
    """Return the value *offset* steps along a geometric move of *length* steps.

    ``start * (end / start) ** x``: a straight line on a log scale. Both values must
    have the same sign, and neither ratio may overflow.
    """
    value: float
    if 2 * offset < length:
        value = start * (end / start) ** (offset / length)
    else:
        value = end * (start / end) ** ((length - offset) / length)
    return value


# The moves a factory's ``shape`` parameter names.
MOVES: dict[str, Move] = {
    "linear": linear_between,
    "cosine": cosine_between,
    "exponential": geometric_between,
    "1-sqrt": sqrt_between,
}


# === Array forms: the same operations, each case computed, the right one chosen ===


def lerp_array(ops: Any, start: float, end: float, done: Any) -> Any:
    """:func:`lerp` at each fraction of the float array *done*."""
    first = start + (end - start) * done
    second = end + (start - end) * (1.0 - done)
    return ops.where(done < 0.5, first, second)


def cosine_left_array(ops: Any, done: Any) -> Any:
    """:func:`cosine_left` at each fraction of the float array *done*."""
    s = ops.sin(HALF_PI * (1.0 - done))
    return ops.where(done < 0.75, (1.0 + ops.cos(math.pi * done)) * 0.5, s * s)


def cosine_move_array(ops: Any, start: float, end: float, done: Any) -> Any:
    """:func:`cosine_move` at each fraction of the float array *done*."""
    s = ops.sin(HALF_PI * done)
    first = start + (end - start) * (s * s)
    second = end + (start - end) * cosine_left_array(ops, done)
    return ops.where(done < 0.25, first, second)


def linear_array(ops: Any, start: float, end: float, offset: Any, length: int) -> Any:
    """:func:`linear_between` at each offset."""
    first = start + (end - start) * ops.ratio(offset, length)
    second = end + (start - end) * ops.left(offset, length)
    return ops.where(ops.below(offset, -(-length // 2)), first, second)


def cosine_array(ops: Any, start: float, end: float, offset: Any, length: int) -> Any:
    """:func:`cosine_between` at each offset.

    The outer quarters take the sine of their own phase, so one sine of the phase
    each step needs (chosen first) does for both.
    """
    done = ops.ratio(offset, length)
    rising = ops.below(offset, -(-length // 4))
    phase = ops.where(rising, done, ops.left(offset, length))
    s = ops.sin(HALF_PI * phase)
    square = s * s
    first = start + (end - start) * square
    middle = end + (start - end) * ((1.0 + ops.cos(math.pi * done)) * 0.5)
    last = end + (start - end) * square
    return ops.select([(rising, first), (ops.below(offset, 3 * length // 4 + 1), middle)], last)


def rex_array(ops: Any, start: float, end: float, offset: Any, length: int) -> Any:
    """:func:`rex_between` at each offset."""
    done = ops.ratio(offset, length)
    left = ops.left(offset, length)
    first = start + (end - start) * (done / (2.0 - done))
    second = end + (start - end) * (2.0 * left / (1.0 + left))
    return ops.where(ops.below(offset, -(-2 * length // 3)), first, second)


def hold_array(ops: Any, start: float, end: float, offset: Any, length: int) -> Any:
    """:func:`hold`: *start* at every offset."""
    return start


def sqrt_array(ops: Any, start: float, end: float, offset: Any, length: int) -> Any:
    """:func:`sqrt_between` at each offset."""
    done = ops.ratio(offset, length)
    root = ops.sqrt(done)
    first = start + (end - start) * root
    second = end + (start - end) * (ops.left(offset, length) / (1.0 + root))
    return ops.where(done < 0.25, first, second)


def geometric_array(ops: Any, start: float, end: float, offset: Any, length: int) -> Any:
    """:func:`geometric_between` at each offset."""
    first = start * ops.power(end / start, ops.ratio(offset, length))
    second = end * ops.power(start / end, ops.left(offset, length))
    return ops.where(ops.below(offset, -(-length // 2)), first, second)


# Each move's array form.
ARRAY_MOVES: dict[Move, ArrayMove] = {
    linear_between: linear_array,
    cosine_between: cosine_array,
    rex_between: rex_array,
    hold: hold_array,
    sqrt_between: sqrt_array,
    geometric_between: geometric_array,
}
