"""Parameter checks shared by every factory, so that all messages speak in one voice.

Every message names the factory, the parameter, the value given and what is allowed::

    cosine: total_steps must be a positive integer, got total_steps=0

A relation between two parameters names both sides::

    cosine: base_lr - min_lr must be a finite number, got base_lr=1e+308, min_lr=-1e+308

Wrong kinds (a string, None, a bool, a float where a count is expected) raise
``TypeError``; wrong values raise :class:`ScheduleError`, a ``ValueError``.
"""

from __future__ import annotations

import math
import numbers
import operator
import reprlib
from collections.abc import Iterable

__all__ = [
    "ScheduleError",
    "at_least",
    "endpoints",
    "finite_difference",
    "finite_result",
    "integer",
    "kind",
    "non_negative",
    "positive",
    "positive_integer",
    "positive_integers",
    "real",
    "unit_interval",
]


class ScheduleError(ValueError):
    """A schedule was given a parameter or a step with a wrong value.

    It is a ``ValueError``, so ``except ValueError`` catches it too.
    """


# Long sequences (a thousand milestones) would drown the message; reprlib shortens them.
_repr = reprlib.Repr()
_repr.maxlist = _repr.maxtuple = 8
_repr.maxstring = _repr.maxother = 80


def show(value: object) -> str:
    """Return a short repr of *value* for an error message."""
    return _repr.repr(value)


def is_bool(value: object) -> bool:
    """Return whether *value* is a boolean, including numpy's, which is not an ``int``."""
    # numpy 1 names its boolean type bool_, numpy 2 names it bool; neither subclasses int.
    return type(value).__name__ in ("bool", "bool_")


def kind(value: object) -> str:
    """Return the name of *value*'s type, or of its nearest public base class."""
    return next(cls.__name__ for cls in type(value).__mro__ if not cls.__name__.startswith("_"))


def _kind_error(factory: str, name: str, value: object, allowed: str) -> TypeError:
    return TypeError(
        f"{factory}: {name} must be {allowed}, got {name}={show(value)} ({kind(value)})"
    )


def _value_error(factory: str, name: str, value: object, allowed: str) -> ScheduleError:
    return ScheduleError(f"{factory}: {name} must be {allowed}, got {name}={show(value)}")


def real(factory: str, name: str, value: object) -> float:
    """Return *value* as a finite float, or raise naming *factory* and *name*."""
    if is_bool(value) or not isinstance(value, numbers.Real):
        raise _kind_error(factory, name, value, "a real number")
    result = float(value)
    if not math.isfinite(result):
        raise _value_error(factory, name, value, "a finite number")
    return result


def non_negative(factory: str, name: str, value: object) -> float:
    """Return *value* as a finite float that is at least 0."""
    result = real(factory, name, value)
    if result < 0.0:
        raise _value_error(factory, name, value, "a non-negative number")
    return result


def positive(factory: str, name: str, value: object) -> float:
    """Return *value* as a finite float that is greater than 0."""
    result = real(factory, name, value)
    if result <= 0.0:
        raise _value_error(factory, name, value, "a positive number")
    return result


def unit_interval(factory: str, name: str, value: object) -> float:
    """Return *value* as a float strictly between 0 and 1."""
    result = real(factory, name, value)
    if not 0.0 < result < 1.0:
        raise _value_error(factory, name, value, f"a number with 0 < {name} < 1")
    return result


def integer(factory: str, name: str, value: object) -> int:
    """Return *value* as an ``int``; anything ``operator.index`` accepts except a bool."""
    if is_bool(value):
        raise _kind_error(factory, name, value, "an integer")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise _kind_error(factory, name, value, "an integer") from None


def at_least(factory: str, name: str, value: object, minimum: int) -> int:
    """Return *value* as an ``int`` that is at least *minimum*."""
    result = integer(factory, name, value)
    if result < minimum:
        allowed = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise _value_error(factory, name, value, allowed)
    return result


def positive_integer(factory: str, name: str, value: object) -> int:
    """Return *value* as an ``int`` that is at least 1."""
    return at_least(factory, name, value, 1)


def positive_integers(factory: str, name: str, value: object) -> tuple[int, ...]:
    """Return the positive integers of the iterable *value*, sorted, repeats kept."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise _kind_error(factory, name, value, "a sequence of integers")
    items = list(value)
    result = []
    for item in items:
        if is_bool(item) or not hasattr(type(item), "__index__"):
            raise _kind_error(factory, name, items, "a sequence of integers")
        number = operator.index(item)
        if number < 1:
            raise _value_error(factory, name, items, "a sequence of positive integers")
        result.append(number)
    return tuple(sorted(result))


def finite_difference(factory: str, names: tuple[str, str], values: tuple[float, float]) -> float:
    """Return ``values[1] - values[0]``, or raise if that difference overflows."""
    first, second = values
    difference = second - first
    if not math.isfinite(difference):
        raise ScheduleError(
            f"{factory}: {names[0]} - {names[1]} must be a finite number, "
            f"got {names[0]}={first!r}, {names[1]}={second!r}"
        )
    return difference


def endpoints(
    factory: str, names: tuple[str, str], values: tuple[object, object]
) -> tuple[float, float]:
    """Return the start and end values of a move, both finite and a finite distance apart."""
    start = real(factory, names[0], values[0])
    end = real(factory, names[1], values[1])
    finite_difference(factory, names, (start, end))
    return start, end


def finite_result(factory: str, expression: str, value: float, given: str) -> float:
    """Return *value*, or raise if the derived quantity *expression* overflowed."""
    if not math.isfinite(value):
        raise ScheduleError(f"{factory}: {expression} must be a finite number, got {given}")
    return value
