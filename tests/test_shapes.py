"""Tests of the moves between two values that every finite schedule is built from."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schedkit._shapes import (
    MOVES,
    cosine_between,
    geometric_between,
    hold,
    lerp,
    linear_between,
    rex_between,
    sqrt_between,
)
from strategies import counts, positive_levels, values

# The moves whose part done rises from 0 to 1 over the move.
RISING = [linear_between, cosine_between, sqrt_between, rex_between]


@pytest.mark.parametrize("move", RISING, ids=lambda move: move.__name__)
@given(start=values, end=values, length=counts, data=st.data())
def test_moves_land_on_both_ends_and_stay_between(
    move: object, start: float, end: float, length: int, data: st.DataObject
) -> None:
    assert callable(move)
    assert move(start, end, 0, length) == start
    assert move(start, end, length, length) == end
    offset = data.draw(st.integers(min_value=0, max_value=length))
    assert min(start, end) <= move(start, end, offset, length) <= max(start, end)


@pytest.mark.parametrize("move", RISING, ids=lambda move: move.__name__)
@given(start=values, end=values, length=st.integers(min_value=1, max_value=3000))
def test_moves_are_monotone(move: object, start: float, end: float, length: int) -> None:
    assert callable(move)
    curve = [move(start, end, offset, length) for offset in range(length + 1)]
    pairs = list(pairwise(curve))
    assert all(a >= b for a, b in pairs) if start >= end else all(a <= b for a, b in pairs)


@given(start=positive_levels, end=positive_levels, length=counts, data=st.data())
def test_geometric_moves_land_on_both_ends(
    start: float, end: float, length: int, data: st.DataObject
) -> None:
    assert geometric_between(start, end, 0, length) == start
    assert geometric_between(start, end, length, length) == end
    offset = data.draw(st.integers(min_value=0, max_value=length))
    middle = geometric_between(start, end, offset, length)
    expected = math.exp(math.log(start) + (math.log(end) - math.log(start)) * offset / length)
    assert middle == pytest.approx(expected, rel=1e-12)


# (move, offset of 4, expected part done), each worked out by hand.
@pytest.mark.parametrize(
    ("move", "offset", "done"),
    [
        (linear_between, 1, 0.25),  # a quarter of the way
        (cosine_between, 1, 0.5 - math.sqrt(2) / 4),  # (1 - cos(pi/4)) / 2
        (cosine_between, 2, 0.5),  # the midpoint is exact
        (cosine_between, 3, 0.5 + math.sqrt(2) / 4),  # (1 - cos(3 pi/4)) / 2
        (sqrt_between, 1, 0.5),  # sqrt(1/4)
        (sqrt_between, 3, math.sqrt(3) / 2),  # sqrt(3/4)
        (rex_between, 1, 1 / 7),  # 1 - (3/4) / (7/8)
        (rex_between, 2, 1 / 3),  # 1 - (1/2) / (3/4)
        (rex_between, 3, 0.6),  # 1 - (1/4) / (5/8)
    ],
)
def test_reference_parts_done(move: object, offset: int, done: float) -> None:
    assert callable(move)
    assert move(0.0, 1.0, offset, 4) == pytest.approx(done, rel=1e-15)
    assert move(1.0, 0.0, offset, 4) == pytest.approx(1 - done, rel=1e-15)


def test_cosine_midpoint_is_exact_as_in_the_textbook_form() -> None:
    # (1 + cos(pi / 2)) / 2 rounds to 0.5 exactly; the move must agree.
    assert cosine_between(1.0, 0.0, 50, 100) == 0.5
    assert cosine_between(3.0, 1.0, 1, 2) == 2.0


def test_decays_keep_relative_accuracy_near_zero() -> None:
    # One step before the end of a long cosine decay to 0: (1 + cos(pi (T-1)/T)) / 2
    # = sin(pi / 2T) ** 2, about 2.47e-12 for T = 10**6.
    expected = math.sin(math.pi / 2e6) ** 2
    assert cosine_between(1.0, 0.0, 10**6 - 1, 10**6) == pytest.approx(expected, rel=1e-14)
    assert linear_between(1.0, 0.0, 10**6 - 1, 10**6) == pytest.approx(1e-6, rel=1e-15)
    assert sqrt_between(1.0, 0.0, 10**6 - 1, 10**6) == pytest.approx(
        1 - math.sqrt(1 - 1e-6), rel=1e-14
    )


def test_lerp_and_hold() -> None:
    assert lerp(1.0, 3.0, 0.0) == 1.0
    assert lerp(1.0, 3.0, 1.0) == 3.0
    assert lerp(1.0, 3.0, 0.25) == 1.5
    assert hold(2.0, 9.0, 3, 4) == 2.0
    assert set(MOVES) == {"linear", "cosine", "exponential", "1-sqrt"}
