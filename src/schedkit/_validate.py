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
from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise

# typing is not imported at run time: it costs more than the whole of `import schedkit`.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    from ._schedule import Schedule

    _Option = TypeVar("_Option", bound=str)

__all__ = [
    "ScheduleError",
    "at_least",
    "boolean",
    "choice",
    "endpoints",
    "finite_difference",
    "finite_result",
    "fraction",
    "increasing_positive_integers",
    "integer",
    "kind",
    "knots",
    "move_ends",
    "non_negative",
    "non_negative_integers",
    "numbers_by_name",
    "optional_positive_integer",
    "optional_text",
    "positive",
    "positive_integer",
    "positive_integers",
    "real",
    "reals",
    "schedule",
    "schedules",
    "step",
    "texts",
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
    try:
        result = float(value)
    except OverflowError:  # an int past the float range
        result = math.inf
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
        named = {0: "a non-negative integer", 1: "a positive integer"}
        allowed = named.get(minimum, f"an integer >= {minimum}")
        raise _value_error(factory, name, value, allowed)
    return result


def positive_integer(factory: str, name: str, value: object) -> int:
    """Return *value* as an ``int`` that is at least 1."""
    return at_least(factory, name, value, 1)


def optional_positive_integer(factory: str, name: str, value: object) -> int | None:
    """Return None, or *value* as an ``int`` that is at least 1."""
    return None if value is None else positive_integer(factory, name, value)


def boolean(factory: str, name: str, value: object) -> bool:
    """Return *value*, which must be ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise _kind_error(factory, name, value, "True or False")
    return value


def choice(factory: str, name: str, value: object, options: tuple[_Option, ...]) -> _Option:
    """Return *value*, which must be one of the strings *options*."""
    allowed = "one of " + ", ".join(repr(option) for option in options)
    if not isinstance(value, str):
        raise _kind_error(factory, name, value, allowed)
    for option in options:
        if value == option:
            return option
    raise _value_error(factory, name, value, allowed)


def fraction(factory: str, name: str, value: object) -> float:
    """Return *value* as a float with 0 <= value <= 1."""
    result = real(factory, name, value)
    if not 0.0 <= result <= 1.0:
        raise _value_error(factory, name, value, f"a number with 0 <= {name} <= 1")
    return result


def numbers_by_name(
    factory: str,
    name: str,
    value: object,
    key: str,
    number: Callable[[str, str, object], float],
) -> dict[str, float]:
    """Return the mapping *value* as a dict of str keys (each a *key*, such as
    "group name") to numbers, each checked by *number* under ``name[key]``."""
    if not isinstance(value, Mapping):
        raise _kind_error(factory, name, value, f"a mapping of {key} to number")
    result = {}
    for item, entry in value.items():
        if not isinstance(item, str):
            raise TypeError(
                f"{factory}: {name} must have {key}s as keys, "
                f"got the key {show(item)} ({kind(item)})"
            )
        result[item] = number(factory, f"{name}[{item!r}]", entry)
    return result


def _sequence(factory: str, name: str, value: object, allowed: str) -> list[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise _kind_error(factory, name, value, allowed)
    return list(value)


def _integers(factory: str, name: str, value: object, minimum: int = 1) -> list[int]:
    items = _sequence(factory, name, value, "a sequence of integers")
    result = []
    for item in items:
        if is_bool(item) or not hasattr(type(item), "__index__"):
            raise _kind_error(factory, name, items, "a sequence of integers")
        number = operator.index(item)  # type: ignore[arg-type]
        if number < minimum:
            allowed = "positive" if minimum == 1 else "non-negative"
            raise _value_error(factory, name, items, f"a sequence of {allowed} integers")
        result.append(number)
    return result


def positive_integers(factory: str, name: str, value: object) -> tuple[int, ...]:
    """Return the positive integers of the iterable *value*, sorted, repeats kept."""
    return tuple(sorted(_integers(factory, name, value)))


def non_negative_integers(factory: str, name: str, value: object) -> tuple[int, ...]:
    """Return the non-negative integers of the iterable *value*, in their order."""
    return tuple(_integers(factory, name, value, 0))


def increasing_positive_integers(factory: str, name: str, value: object) -> tuple[int, ...]:
    """Return the positive integers of the iterable *value*, which must strictly increase."""
    result = _integers(factory, name, value)
    if any(first >= second for first, second in pairwise(result)):
        raise _value_error(factory, name, result, "strictly increasing positive integers")
    return tuple(result)


def reals(factory: str, name: str, value: object) -> tuple[float, ...]:
    """Return the items of the iterable *value* as finite floats."""
    items = _sequence(factory, name, value, "a sequence of real numbers")
    return tuple(real(factory, f"{name}[{index}]", item) for index, item in enumerate(items))


def knots(factory: str, name: str, value: object) -> tuple[tuple[int, float], ...]:
    """Return one or more ``(step, value)`` pairs with strictly increasing steps."""
    items = _sequence(factory, name, value, "a sequence of (step, value) pairs")
    if not items:
        raise ScheduleError(
            f"{factory}: {name} must hold at least one (step, value) pair, got {name}=[]"
        )
    result: list[tuple[int, float]] = []
    for index, item in enumerate(items):
        label = f"{name}[{index}]"
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise _kind_error(factory, label, item, "a (step, value) pair")
        step = at_least(factory, f"{label}[0]", item[0], 0)
        if result and step <= result[-1][0]:
            raise ScheduleError(
                f"{factory}: {name} must have strictly increasing steps, "
                f"got {label}[0]={step} after {name}[{index - 1}][0]={result[-1][0]}"
            )
        result.append((step, real(factory, f"{label}[1]", item[1])))
    return tuple(result)


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


def move_ends(
    factory: str, names: tuple[str, str], values: tuple[float, float], *, geometric: bool
) -> None:
    """Check that a move can go from one value to the other.

    A straight or cosine move needs a finite difference; a geometric one needs two
    positive values whose ratio is finite and non-zero both ways.
    """
    if not geometric:
        finite_difference(factory, names, values)
        return
    for name, value in zip(names, values, strict=True):
        positive(factory, name, value)
    first, second = values
    if not (math.isfinite(second / first) and math.isfinite(first / second)):
        raise ScheduleError(
            f"{factory}: {names[1]} / {names[0]} must be a finite, non-zero number, "
            f"got {names[0]}={first!r}, {names[1]}={second!r}"
        )


def finite_result(factory: str, expression: str, value: float, given: str) -> float:
    """Return *value*, or raise if the derived quantity *expression* overflowed."""
    if not math.isfinite(value):
        raise ScheduleError(f"{factory}: {expression} must be a finite number, got {given}")
    return value


def schedule(factory: str, name: str, value: object) -> Schedule:
    """Return *value*, which must be a :class:`~schedkit.Schedule`."""
    # _schedule imports this module, so the class is looked up when a check runs.
    from ._schedule import Schedule  # noqa: PLC0415

    if not isinstance(value, Schedule):
        raise _kind_error(factory, name, value, "a Schedule made by a schedkit factory")
    return value


def schedules(factory: str, name: str, value: object) -> list[Schedule]:
    """Return *value*, a Schedule or a non-empty list or tuple of them, as a list."""
    from ._schedule import Schedule  # noqa: PLC0415

    if isinstance(value, Schedule):
        return [value]
    allowed = "a Schedule or a list of Schedules"
    if not isinstance(value, (list, tuple)):
        raise _kind_error(factory, name, value, allowed)
    for index, item in enumerate(value):
        if not isinstance(item, Schedule):
            raise _kind_error(factory, f"{name}[{index}]", item, "a Schedule")
    if not value:
        raise _value_error(factory, name, value, "at least one Schedule")
    return list(value)


def optional_text(factory: str, name: str, value: object) -> str | None:
    """Return None, or *value*, which must be a string."""
    if value is not None and not isinstance(value, str):
        raise _kind_error(factory, name, value, "a string or None")
    return value


def texts(factory: str, name: str, value: object, count: int, counted: str) -> list[str]:
    """Return *value* as a list of *count* strings, one for each of *counted*."""
    items = _sequence(factory, name, value, "a sequence of strings")
    result = []
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise _kind_error(factory, f"{name}[{index}]", item, "a string")
        result.append(item)
    if len(items) != count:
        raise ScheduleError(
            f"{factory}: {name} must have one string for each of the {count} {counted}, "
            f"got {len(items)} in {name}={show(items)}"
        )
    return result


def _is_bool_tensor(value: object) -> bool:
    dtype = getattr(value, "dtype", None)
    return dtype is not None and "bool" in str(dtype)


def step(owner: str, value: object) -> int:
    """Return the step *value* as a non-negative ``int``, or raise naming *owner*.

    A step is anything ``operator.index`` accepts (numpy integers, 0-d integer
    tensors) except a bool, which is refused even where it is an ``int``.
    """
    if is_bool(value) or _is_bool_tensor(value):
        raise TypeError(f"{owner}: step must be an integer, got step={value!r} (bool)")
    try:
        index = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise _kind_error(owner, "step", value, "an integer") from None
    if index < 0:
        raise ScheduleError(f"{owner}: step must be a non-negative integer, got step={index}")
    return index
