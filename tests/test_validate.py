"""Tests of the parameter checks: the one voice every factory's messages share."""

from __future__ import annotations

import inspect
import math
import pickle
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from schedkit import ScheduleError, ScheduleTypeError, cosine
from schedkit import _validate as check


def _as_f(function: Callable[..., Any]) -> Callable[..., Any]:
    """Return *function* signed as the factory ``f``, whose name its errors then carry."""
    return check.signed(function, "f")


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
    result = _as_f(check.real)("x", value)
    assert type(result) is float
    assert result == expected


def test_real_accepts_numpy_scalars() -> None:
    numpy = pytest.importorskip("numpy")
    assert _as_f(check.real)("x", numpy.float32(0.5)) == 0.5
    assert _as_f(check.real)("x", numpy.int64(3)) == 3.0
    with pytest.raises(TypeError, match=r"^f: x must be a real number, got x=.* \(bool\)$"):
        _as_f(check.real)("x", numpy.bool_(True))


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
        _as_f(check.real)("x", value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_real_rejects_non_finite(value: float) -> None:
    with pytest.raises(ScheduleError, match=rf"^f: x must be a finite number, got x={value!r}$"):
        _as_f(check.real)("x", value)


def test_bounds() -> None:
    assert _as_f(check.non_negative)("x", 0) == 0.0
    assert _as_f(check.positive)("x", 1e-300) == 1e-300
    assert _as_f(check.unit_interval)("x", 0.5) == 0.5
    with pytest.raises(ScheduleError, match=r"^f: x must be a non-negative number, got x=-1e-300$"):
        _as_f(check.non_negative)("x", -1e-300)
    with pytest.raises(ScheduleError, match=r"^f: x must be a positive number, got x=0.0$"):
        _as_f(check.positive)("x", 0.0)
    with pytest.raises(ScheduleError, match=r"^f: x must be a number with 0 < x < 1, got x=1$"):
        _as_f(check.unit_interval)("x", 1)


def test_integers() -> None:
    assert _as_f(check.integer)("n", 3) == 3
    assert _as_f(check.positive_integer)("n", 1) == 1
    assert _as_f(check.at_least)("n", 2, 2) == 2
    with pytest.raises(TypeError, match=r"^f: n must be an integer, got n=3.0 \(float\)$"):
        _as_f(check.integer)("n", 3.0)
    with pytest.raises(TypeError, match=r"^f: n must be an integer, got n=False \(bool\)$"):
        _as_f(check.integer)("n", False)
    with pytest.raises(ScheduleError, match=r"^f: n must be a positive integer, got n=0$"):
        _as_f(check.positive_integer)("n", 0)
    with pytest.raises(ScheduleError, match=r"^f: n must be an integer >= 2, got n=1$"):
        _as_f(check.at_least)("n", 1, 2)


def test_positive_integers_sorts_and_keeps_repeats() -> None:
    assert _as_f(check.positive_integers)("m", [5, 1, 5]) == (1, 5, 5)
    assert _as_f(check.positive_integers)("m", iter([2])) == (2,)
    assert _as_f(check.positive_integers)("m", []) == ()


def test_long_values_are_shortened_in_messages() -> None:
    milestones = [0, *range(1, 1000)]
    with pytest.raises(ScheduleError) as info:
        _as_f(check.positive_integers)("m", milestones)
    assert str(info.value) == (
        "f: m must be a sequence of positive integers, got m=[0, 1, 2, 3, 4, 5, 6, 7, ...]"
    )


def test_relations_name_both_sides() -> None:
    assert _as_f(check.finite_difference)(("a", "b"), (1.0, 3.0)) == 2.0
    with pytest.raises(
        ScheduleError, match=r"^f: a - b must be a finite number, got a=-1e\+308, b=1e\+308$"
    ):
        _as_f(check.finite_difference)(("a", "b"), (-1e308, 1e308))


def test_endpoints_checks_both_values_and_their_distance() -> None:
    assert _as_f(check.endpoints)(("a", "b"), (1, 0.5)) == (1.0, 0.5)
    with pytest.raises(TypeError, match=r"^f: b must be a real number, got b=None \(NoneType\)$"):
        _as_f(check.endpoints)(("a", "b"), (1.0, None))
    with pytest.raises(ScheduleError, match=r"^f: a - b must be a finite number"):
        _as_f(check.endpoints)(("a", "b"), (1e308, -1e308))


def test_kind_names_the_public_type() -> None:
    assert check.kind(cosine(base_lr=1.0, min_lr=0.0, total_steps=1)) == "Schedule"
    assert check.kind(3) == "int"


# Errors carry their parts, so that no code reads them back out of the message.


def test_an_error_carries_its_factory_and_parameter() -> None:
    with pytest.raises(ScheduleError) as info:
        _as_f(check.positive_integer)("n", 0)
    error = info.value
    assert (error.factory, error.param, error.related, error.params) == ("f", "n", (), ("n",))
    assert error.detail == "n must be a positive integer, got n=0"
    assert str(error) == "f: n must be a positive integer, got n=0"


def test_a_wrong_kind_is_a_type_error_with_the_same_parts() -> None:
    with pytest.raises(ScheduleTypeError) as info:
        _as_f(check.real)("x", "0.1")
    assert isinstance(info.value, TypeError)
    assert (info.value.factory, info.value.param) == ("f", "x")


def test_a_relation_names_every_side_and_no_single_parameter() -> None:
    with pytest.raises(ScheduleError) as info:
        _as_f(check.finite_difference)(("a", "b"), (-1e308, 1e308))
    assert (info.value.param, info.value.related, info.value.params) == (
        None,
        ("a", "b"),
        ("a", "b"),
    )


def test_a_path_inside_a_parameter_is_kept_as_spelled() -> None:
    with pytest.raises(ScheduleError) as info:
        _as_f(check.knots)("points", [(0, 1.0), (0, 2.0)])
    assert info.value.param == "points[1][0]"
    with pytest.raises(ScheduleError) as info:
        _as_f(check.numbers_by_name)("lrs", {"head": -1.0}, "group name", check.positive)
    assert info.value.param == "lrs['head']"


def test_the_innermost_signed_function_names_the_error() -> None:
    def refuse() -> int:
        return check.positive_integer("n", 0)

    inner = check.signed(refuse, "inner")
    outer = check.signed(inner, "outer")
    with pytest.raises(ScheduleError, match=r"^inner: n must be a positive integer, got n=0$"):
        outer()


def test_an_error_outside_any_signed_function_has_no_factory() -> None:
    with pytest.raises(ScheduleError, match=r"^n must be a positive integer, got n=0$") as info:
        check.positive_integer("n", 0)
    assert info.value.factory is None


@pytest.mark.parametrize("cls", [ScheduleError, ScheduleTypeError])
def test_errors_pickle_with_their_parts(cls: type[ScheduleError]) -> None:
    error = cls("a - b must be finite", None, related=("a", "b"), factory="f")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert (copy.detail, copy.param, copy.related, copy.factory) == (
        "a - b must be finite",
        None,
        ("a", "b"),
        "f",
    )
    assert str(copy) == "f: a - b must be finite"


def test_a_signed_function_keeps_the_name_doc_and_signature_of_its_own() -> None:
    def factory(*, lr: float = 0.5) -> float:
        """The doc."""
        return lr

    signed = check.signed(factory)
    assert (signed.__name__, signed.__qualname__, signed.__doc__) == (
        "factory",
        factory.__qualname__,
        "The doc.",
    )
    assert str(inspect.signature(signed)) == str(inspect.signature(factory))
    assert signed.__wrapped__ is factory  # type: ignore[attr-defined]
    assert signed(lr=0.25) == 0.25


def test_a_step_error_names_its_owner() -> None:
    with pytest.raises(
        ScheduleError, match=r"^s: step must be a non-negative integer, got step=-1$"
    ):
        check.step("s", -1)
    with pytest.raises(
        ScheduleTypeError, match=r"^s: step must be an integer, got step=True \(bool\)$"
    ):
        check.step("s", True)


def test_close_names_offers_near_spellings_and_gives_up_on_long_words() -> None:
    assert check.close_names("cosin", ["cosine", "linear"]) == ["cosine"]
    assert check.close_names("x" * 101, ["x" * 101]) == []


def test_a_class_of_a_private_module_is_shown_as_its_public_base() -> None:
    assert check.kind(cosine(base_lr=1.0, min_lr=0.0, total_steps=4)) == "Schedule"


def test_args_and_repr_read_as_the_message_once_signed() -> None:
    # Code that logs an error with %r, or reads args[0], sees the factory too.
    with pytest.raises(ScheduleError) as info:
        _as_f(check.positive_integer)("n", 0)
    assert info.value.args == ("f: n must be a positive integer, got n=0",)
    assert repr(info.value) == "ScheduleError('f: n must be a positive integer, got n=0')"


def test_a_signed_function_shows_the_defaults_of_its_own() -> None:
    def factory(rate: float = 0.5, *, lr: float = 0.25) -> float:
        return rate * lr

    signed = check.signed(factory)
    assert (signed.__defaults__, signed.__kwdefaults__) == ((0.5,), {"lr": 0.25})
    assert signed() == 0.125
