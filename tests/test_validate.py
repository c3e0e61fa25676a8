"""Tests of the parameter checks: the one voice every factory's messages share."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from schedkit import ScheduleError, cosine
from schedkit import _validate as check


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1.0),  # an int becomes a float
        (0.25, 0.25),  # a float stays
        (Fraction(1, 4), 0.25),  # any numbers.Real
        (-0.0, -0.0),  # negative zero is a value like any other
    ],
)
def test_real_accepts_real_numbers(value: object, expected: float) -> None:
    result = check.real("f", "x", value)
    assert type(result) is float
    assert result == expected


def test_real_accepts_numpy_scalars() -> None:
    numpy = pytest.importorskip("numpy")
    assert check.real("f", "x", numpy.float32(0.5)) == 0.5
    assert check.real("f", "x", numpy.int64(3)) == 3.0
    with pytest.raises(TypeError, match=r"^f: x must be a real number, got x=.* \(bool\)$"):
        check.real("f", "x", numpy.bool_(True))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.1", r"^f: x must be a real number, got x='0.1' \(str\)$"),
        (None, r"^f: x must be a real number, got x=None \(NoneType\)$"),
        (True, r"^f: x must be a real number, got x=True \(bool\)$"),
        (1j, r"^f: x must be a real number, got x=1j \(complex\)$"),
        ([0.1], r"^f: x must be a real number, got x=\[0.1\] \(list\)$"),
    ],
)
def test_real_rejects_other_kinds(value: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        check.real("f", "x", value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_real_rejects_non_finite(value: float) -> None:
    with pytest.raises(ScheduleError, match=rf"^f: x must be a finite number, got x={value!r}$"):
        check.real("f", "x", value)


def test_bounds() -> None:
    assert check.non_negative("f", "x", 0) == 0.0
    assert check.positive("f", "x", 1e-300) == 1e-300
    assert check.unit_interval("f", "x", 0.5) == 0.5
    with pytest.raises(ScheduleError, match=r"^f: x must be a non-negative number, got x=-1e-300$"):
        check.non_negative("f", "x", -1e-300)
    with pytest.raises(ScheduleError, match=r"^f: x must be a positive number, got x=0.0$"):
        check.positive("f", "x", 0.0)
    with pytest.raises(ScheduleError, match=r"^f: x must be a number with 0 < x < 1, got x=1$"):
        check.unit_interval("f", "x", 1)


def test_integers() -> None:
    assert check.integer("f", "n", 3) == 3
    assert check.positive_integer("f", "n", 1) == 1
    assert check.at_least("f", "n", 2, 2) == 2
    with pytest.raises(TypeError, match=r"^f: n must be an integer, got n=3.0 \(float\)$"):
        check.integer("f", "n", 3.0)
    with pytest.raises(TypeError, match=r"^f: n must be an integer, got n=False \(bool\)$"):
        check.integer("f", "n", False)
    with pytest.raises(ScheduleError, match=r"^f: n must be a positive integer, got n=0$"):
        check.positive_integer("f", "n", 0)
    with pytest.raises(ScheduleError, match=r"^f: n must be an integer >= 2, got n=1$"):
        check.at_least("f", "n", 1, 2)


def test_positive_integers_sorts_and_keeps_repeats() -> None:
    assert check.positive_integers("f", "m", [5, 1, 5]) == (1, 5, 5)
    assert check.positive_integers("f", "m", iter([2])) == (2,)
    assert check.positive_integers("f", "m", []) == ()


def test_long_values_are_shortened_in_messages() -> None:
    milestones = [0, *range(1, 1000)]
    with pytest.raises(ScheduleError) as info:
        check.positive_integers("f", "m", milestones)
    assert str(info.value) == (
        "f: m must be a sequence of positive integers, got m=[0, 1, 2, 3, 4, 5, 6, 7, ...]"
    )


def test_relations_name_both_sides() -> None:
    assert check.finite_difference("f", ("a", "b"), (1.0, 3.0)) == 2.0
    with pytest.raises(
        ScheduleError, match=r"^f: a - b must be a finite number, got a=-1e\+308, b=1e\+308$"
    ):
        check.finite_difference("f", ("a", "b"), (-1e308, 1e308))


def test_endpoints_checks_both_values_and_their_distance() -> None:
    assert check.endpoints("f", ("a", "b"), (1, 0.5)) == (1.0, 0.5)
    with pytest.raises(TypeError, match=r"^f: b must be a real number, got b=None \(NoneType\)$"):
        check.endpoints("f", ("a", "b"), (1.0, None))
    with pytest.raises(ScheduleError, match=r"^f: a - b must be a finite number"):
        check.endpoints("f", ("a", "b"), (1e308, -1e308))


def test_kind_names_the_public_type() -> None:
    assert check.kind(cosine(base_lr=1.0, min_lr=0.0, total_steps=1)) == "Schedule"
    assert check.kind(3) == "int"
