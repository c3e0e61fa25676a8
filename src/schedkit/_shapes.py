"""Moves between two values that land exactly on both, used by every finite schedule.

A move from *start* to *end* is computed from the nearer end: in the first half as
``start + (end - start) * fraction`` and in the second as
``end + (start - end) * (1 - fraction)``, with ``1 - fraction`` computed directly from
the steps left. So the value is *start* exactly at offset 0 and *end* exactly at
*length*, it never leaves the range between them, and it keeps full relative accuracy
near either end (a decay to 0 is accurate at its last steps, where one-sided forms
lose digits to cancellation).
"""

from __future__ import annotations

import math

__all__ = ["cosine_between", "linear_between"]

_HALF_PI = math.pi / 2


def linear_between(start: float, end: float, offset: int, length: int) -> float:
    """Return the value *offset* steps along a straight line of *length* steps."""
    if 2 * offset < length:
        return start + (end - start) * (offset / length)
    return end + (start - end) * ((length - offset) / length)


def cosine_between(start: float, end: float, offset: int, length: int) -> float:
    """Return the value *offset* steps along a half cosine of *length* steps.

    ``(1 - cos(pi * x)) / 2`` is ``sin(pi * x / 2) ** 2``, and its complement is the same
    with ``1 - x``; the sine form keeps small values accurate.
    """
    if 2 * offset < length:
        return start + (end - start) * math.sin(_HALF_PI * (offset / length)) ** 2
    return end + (start - end) * math.sin(_HALF_PI * ((length - offset) / length)) ** 2
