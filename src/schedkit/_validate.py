"""Parameter checks shared by every factory, so that all messages speak in one voice.

Every message names the factory, the parameter, the value given and what is allowed::

    cosine: total_steps must be a positive integer, got total_steps=0

A relation between two parameters names both sides::

    cosine: base_lr - min_lr must be a finite number, got base_lr=1e+308, min_lr=-1e+308

Wrong kinds (a string, None, a bool, a float where a count is expected) raise
:class:`ScheduleTypeError`, a ``TypeError``; wrong values raise :class:`ScheduleError`,
a ``ValueError``. Both carry their parts (the factory, the parameter at fault), so no
code reads them back out of a message. A check does not know which factory called it:
``@register`` (through :func:`signed`) fills that in as the error leaves the factory.

This module imports nothing from the package: it is the layer every other one stands on.
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
    from typing import Any, TypeVar

    _Option = TypeVar("_Option", bound=str)
    _F = TypeVar("_F", bound=Callable[..., Any])

__all__ = [
    "MAX_DIGITS",
    "ScheduleError",
    "ScheduleTypeError",
    "at_least",
    "boolean",
    "choice",
    "close_names",
    "endpoints",
    "factory_name",
    "finite_difference",
    "finite_result",
    "fraction",
    "increasing_positive_integers",
    "integer",
    "integer_between",
    "is_bool",
    "kind",
    "kind_error",
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
    "show",
    "signed",
    "step",
    "texts",
    "unit_interval",
    "value_error",
]


class _AttributedError(Exception):
    """What the library's errors carry besides their message: the factory (or function)
    that raised, and the parameters the message is about, as the user spelled them.

    *param* is the path of the one parameter at fault (``"points[1][0]"``,
    ``"lrs['head']"``): the message's subject, with any others it names in
    *related*; None when the subject is an expression of several (``"base_lr -
    min_lr must be ..."``, all in *related*) or nothing the caller passed. *factory*
    is filled in by the function the error leaves (see :func:`signed`), so a check
    need not know who called it. ``str(error)`` and ``args[0]`` are
    ``"<factory>: <detail>"``.
    """

    param: str | None
    related: tuple[str, ...]
    detail: str

    def __init__(
        self,
        detail: str,
        param: str | None = None,
        *,
        related: tuple[str, ...] = (),
        factory: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.param = param
        self.related = related
        self.factory = factory

    @property
    def factory(self) -> str | None:
        """The name of the factory (or function) that raised, once the error has left it."""
        return self._factory

    @factory.setter
    def factory(self, name: str | None) -> None:
        self._factory = name
        # args[0] and the repr read as the message does, for code that logs them.
        self.args = (str(self),)

    @property
    def params(self) -> tuple[str, ...]:
        """Every parameter the message names: *param*, then *related*."""
        return self.related if self.param is None else (self.param, *self.related)

    def __str__(self) -> str:
        return self.detail if self._factory is None else f"{self._factory}: {self.detail}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.detail, self.param, self.related, self.factory))


def _rebuild(
    cls: type[_AttributedError],
    detail: str,
    param: str | None,
    related: tuple[str, ...],
    factory: str | None,
) -> _AttributedError:
    return cls(detail, param, related=related, factory=factory)


class ScheduleError(_AttributedError, ValueError):
    """A schedule was given a parameter or a step with a wrong value.

    It is a ``ValueError``, so ``except ValueError`` catches it too. Its
    :attr:`factory` names who raised it and :attr:`param` the parameter at fault.
    """


class ScheduleTypeError(_AttributedError, TypeError):
    """A schedule was given a parameter or a step of a wrong kind.

    It is a ``TypeError``, and carries :attr:`factory` and :attr:`param` as
    :class:`ScheduleError` does.
    """


def factory_name(factory: Callable[..., Any]) -> str:
    """Return the name a factory goes by in reprs and messages.

    A framework equivalent is named by its module: ``compat.torch.step_lr``.
    """
    module = factory.__module__
    if module.startswith("schedkit.compat."):
        return f"{module[len('schedkit.') :]}.{factory.__name__}"
    return factory.__name__


def signed(function: _F, name: str | None = None) -> _F:
    """Return *function* wrapped so that the errors leaving it carry its name.

    Checks raise without knowing who called them; the first signed function an
    error leaves fills in its :attr:`~_AttributedError.factory` (*name*, or the function's own
    name). ``@register`` signs every factory; other public functions sign themselves.
    """
    owner = factory_name(function) if name is None else name

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (ScheduleError, ScheduleTypeError) as error:
            if error.factory is None:
                error.factory = owner
            raise

    # The defaults too, for code that reads them off the function (the wrapper's own
    # *args and **kwargs take none, so they change nothing about the call).
    for attribute in (
        "__module__",
        "__name__",
        "__qualname__",
        "__doc__",
        "__annotations__",
        "__defaults__",
        "__kwdefaults__",
    ):
        setattr(call, attribute, getattr(function, attribute))
    call.__dict__.update(function.__dict__)
    # inspect.signature and typing.get_type_hints follow __wrapped__ to the factory.
    call.__wrapped__ = function  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]


#: An integer parameter has at most this many digits: Python refuses to write a longer
#: one as text (its int_max_str_digits), so a longer one could not be shown, written to
#: a config or read back.
MAX_DIGITS = 4000
_TOO_LONG = 10**MAX_DIGITS


class _ShortRepr(reprlib.Repr):
    def repr_int(self, x: int, level: int) -> str:
        if -_TOO_LONG < x < _TOO_LONG:
            return super().repr_int(x, level)
        # repr() of such an int raises; its size is what a reader needs.
        digits = math.floor(x.bit_length() * math.log10(2)) + 1
        return f"<an integer of about {digits} digits>"


# Long sequences (a thousand milestones) would drown the message; reprlib shortens them.
_repr = _ShortRepr()
_repr.maxlist = _repr.maxtuple = 8
_repr.maxstring = _repr.maxother = 80


def show(value: object) -> str:
    """Return a short repr of *value* for an error message; it never raises."""
    return _repr.repr(value)


def is_bool(value: object) -> bool:
    """Return whether *value* is a boolean, including numpy's, which is not an ``int``."""
    # numpy 1 names its boolean type bool_, numpy 2 names it bool; neither subclasses int.
    return type(value).__name__ in ("bool", "bool_")


def kind(value: object) -> str:
    """Return the name of *value*'s type, or of its nearest public base class.

    A class of this library's private modules (such as ``schedkit._kinds.Cosine``) is
    not public, whatever its name: a cosine is a ``Schedule``.
    """
    return next(cls.__name__ for cls in type(value).__mro__ if _public(cls))


def _public(cls: type) -> bool:
    module = cls.__module__
    private_module = module.startswith("schedkit.") and "._" in module
    return not (cls.__name__.startswith("_") or private_module)


def kind_error(name: str, value: object, allowed: str) -> ScheduleTypeError:
    """Return the error for parameter *name* given a *value* of a kind it does not take."""
    return ScheduleTypeError(
        f"{name} must be {allowed}, got {name}={show(value)} ({kind(value)})", name
    )


def value_error(name: str, value: object, allowed: str) -> ScheduleError:
    """Return the error for parameter *name* given a *value* it does not allow."""
    return ScheduleError(f"{name} must be {allowed}, got {name}={show(value)}", name)


def close_names(word: str, options: list[str]) -> list[str]:
    """Return up to three of *options* close to *word*, for a 'did you mean' hint."""
    # Matching is quadratic in the length of the word; a long one matches nothing.
    if len(word) > 100:
        return []
    import difflib  # noqa: PLC0415 - only an error message needs it

    return difflib.get_close_matches(word, options, n=3, cutoff=0.7)


def real(name: str, value: object) -> float:
    """Return *value* as a finite float, or raise naming *factory* and *name*."""
    if is_bool(value) or not isinstance(value, numbers.Real):
        raise kind_error(name, value, "a real number")
    try:
        result = float(value)
    except OverflowError:  # an int past the float range
        result = math.inf
    if not math.isfinite(result):
        raise value_error(name, value, "a finite number")
    return result


def non_negative(name: str, value: object) -> float:
    """Return *value* as a finite float that is at least 0."""
    result = real(name, value)
    if result < 0.0:
        raise value_error(name, value, "a non-negative number")
    return result


def positive(name: str, value: object) -> float:
    """Return *value* as a finite float that is greater than 0."""
    result = real(name, value)
    if result <= 0.0:
        raise value_error(name, value, "a positive number")
    return result


def unit_interval(name: str, value: object) -> float:
    """Return *value* as a float strictly between 0 and 1."""
    result = real(name, value)
    if not 0.0 < result < 1.0:
        raise value_error(name, value, f"a number with 0 < {name} < 1")
    return result


def integer(name: str, value: object) -> int:
    """Return *value* as an ``int`` of at most :data:`MAX_DIGITS` digits; anything
    ``operator.index`` accepts except a bool."""
    if is_bool(value):
        raise kind_error(name, value, "an integer")
    try:
        result = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise kind_error(name, value, "an integer") from None
    if not -_TOO_LONG < result < _TOO_LONG:
        raise value_error(name, value, f"an integer of at most {MAX_DIGITS} digits")
    return result


def at_least(name: str, value: object, minimum: int) -> int:
    """Return *value* as an ``int`` that is at least *minimum*."""
    result = integer(name, value)
    if result < minimum:
        named = {0: "a non-negative integer", 1: "a positive integer"}
        allowed = named.get(minimum, f"an integer >= {minimum}")
        raise value_error(name, value, allowed)
    return result


def integer_between(name: str, value: object, minimum: int, maximum: int) -> int:
    """Return *value* as an ``int`` from *minimum* to *maximum*."""
    result = integer(name, value)
    if not minimum <= result <= maximum:
        raise value_error(name, value, f"an integer from {minimum} to {maximum}")
    return result


def positive_integer(name: str, value: object) -> int:
    """Return *value* as an ``int`` that is at least 1."""
    return at_least(name, value, 1)


def optional_positive_integer(name: str, value: object) -> int | None:
    """Return None, or *value* as an ``int`` that is at least 1."""
    return None if value is None else positive_integer(name, value)


def boolean(name: str, value: object) -> bool:
    """Return *value*, which must be ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise kind_error(name, value, "True or False")
    return value


def choice(name: str, value: object, options: tuple[_Option, ...]) -> _Option:
    """Return *value*, which must be one of the strings *options*."""
    allowed = "one of " + ", ".join(repr(option) for option in options)
    if not isinstance(value, str):
        raise kind_error(name, value, allowed)
    for option in options:
        if value == option:
            return option
    raise value_error(name, value, allowed)


def fraction(name: str, value: object) -> float:
    """Return *value* as a float with 0 <= value <= 1."""
    result = real(name, value)
    if not 0.0 <= result <= 1.0:
        raise value_error(name, value, f"a number with 0 <= {name} <= 1")
    return result


def numbers_by_name(
    name: str,
    value: object,
    key: str,
    number: Callable[[str, object], float],
) -> dict[str, float]:
    """Return the mapping *value* as a dict of str keys (each a *key*, such as
    "group name") to numbers, each checked by *number* under ``name[key]``."""
    if not isinstance(value, Mapping):
        raise kind_error(name, value, f"a mapping of {key} to number")
    result = {}
    for item, entry in value.items():
        if not isinstance(item, str):
            raise ScheduleTypeError(
                f"{name} must have {key}s as keys, got the key {show(item)} ({kind(item)})", name
            )
        result[item] = number(f"{name}[{item!r}]", entry)
    return result


def _sequence(name: str, value: object, allowed: str) -> list[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise kind_error(name, value, allowed)
    return list(value)


def _integers(name: str, value: object, minimum: int = 1) -> list[int]:
    items = _sequence(name, value, "a sequence of integers")
    result = []
    for index, item in enumerate(items):
        if is_bool(item) or not hasattr(type(item), "__index__"):
            raise kind_error(name, items, "a sequence of integers")
        number = operator.index(item)  # type: ignore[arg-type]
        if number < minimum:
            allowed = "positive" if minimum == 1 else "non-negative"
            raise value_error(name, items, f"a sequence of {allowed} integers")
        if number >= _TOO_LONG:
            raise value_error(
                f"{name}[{index}]", item, f"an integer of at most {MAX_DIGITS} digits"
            )
        result.append(number)
    return result


def positive_integers(name: str, value: object) -> tuple[int, ...]:
    """Return the positive integers of the iterable *value*, sorted, repeats kept."""
    return tuple(sorted(_integers(name, value)))


def non_negative_integers(name: str, value: object) -> tuple[int, ...]:
    """Return the non-negative integers of the iterable *value*, in their order."""
    return tuple(_integers(name, value, 0))


def increasing_positive_integers(name: str, value: object) -> tuple[int, ...]:
    """Return the positive integers of the iterable *value*, which must strictly increase."""
    result = _integers(name, value)
    if any(first >= second for first, second in pairwise(result)):
        raise value_error(name, result, "strictly increasing positive integers")
    return tuple(result)


def reals(name: str, value: object) -> tuple[float, ...]:
    """Return the items of the iterable *value* as finite floats."""
    items = _sequence(name, value, "a sequence of real numbers")
    return tuple(real(f"{name}[{index}]", item) for index, item in enumerate(items))


def knots(name: str, value: object) -> tuple[tuple[int, float], ...]:
    """Return one or more ``(step, value)`` pairs with strictly increasing steps."""
    items = _sequence(name, value, "a sequence of (step, value) pairs")
    if not items:
        raise ScheduleError(
            f"{name} must hold at least one (step, value) pair, got {name}=[]", name
        )
    result: list[tuple[int, float]] = []
    for index, item in enumerate(items):
        label = f"{name}[{index}]"
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise kind_error(label, item, "a (step, value) pair")
        step = at_least(f"{label}[0]", item[0], 0)
        if result and step <= result[-1][0]:
            raise ScheduleError(
                f"{name} must have strictly increasing steps, "
                f"got {label}[0]={step} after {name}[{index - 1}][0]={result[-1][0]}",
                f"{label}[0]",
            )
        result.append((step, real(f"{label}[1]", item[1])))
    return tuple(result)


def finite_difference(
    names: tuple[str, str], values: tuple[float, float], related: tuple[str, ...] = ()
) -> float:
    """Return ``values[1] - values[0]``, or raise if that difference overflows.

    *names* are how the message shows the two values; *related*, the parameters they
    come from, where that is not the names themselves (a derived value such as
    ``schedule(0)`` comes from ``schedule``).
    """
    first, second = values
    difference = second - first
    if not math.isfinite(difference):
        raise ScheduleError(
            f"{names[0]} - {names[1]} must be a finite number, "
            f"got {names[0]}={first!r}, {names[1]}={second!r}",
            related=related or names,
        )
    return difference


def endpoints(names: tuple[str, str], values: tuple[object, object]) -> tuple[float, float]:
    """Return the start and end values of a move, both finite and a finite distance apart."""
    start = real(names[0], values[0])
    end = real(names[1], values[1])
    finite_difference(names, (start, end))
    return start, end


def move_ends(
    names: tuple[str, str],
    values: tuple[float, float],
    *,
    geometric: bool,
    related: tuple[str, ...] = (),
) -> None:
    """Check that a move can go from one value to the other.

    A straight or cosine move needs a finite difference; a geometric one needs two
    positive values whose ratio is finite and non-zero both ways. *related* are the
    parameters the values come from, as for :func:`finite_difference`.
    """
    if not geometric:
        finite_difference(names, values, related)
        return
    try:
        for name, value in zip(names, values, strict=True):
            positive(name, value)
    except ScheduleError as error:
        # The message shows the value as named; the parameter is the one it comes from.
        error.param = dict(zip(names, related or names, strict=True))[error.param or ""]
        raise
    first, second = values
    if not (math.isfinite(second / first) and math.isfinite(first / second)):
        raise ScheduleError(
            f"{names[1]} / {names[0]} must be a finite, non-zero number, "
            f"got {names[0]}={first!r}, {names[1]}={second!r}",
            related=related or names,
        )


def finite_result(expression: str, value: float, given: str, related: tuple[str, ...]) -> float:
    """Return *value*, or raise if the derived quantity *expression* overflowed.

    *given* shows the values it was computed from, and *related* names their parameters.
    """
    if not math.isfinite(value):
        raise ScheduleError(f"{expression} must be a finite number, got {given}", related=related)
    return value


def optional_text(name: str, value: object) -> str | None:
    """Return None, or *value*, which must be a string."""
    if value is not None and not isinstance(value, str):
        raise kind_error(name, value, "a string or None")
    return value


def texts(name: str, value: object, count: int, counted: str) -> list[str]:
    """Return *value* as a list of *count* strings, one for each of *counted*."""
    items = _sequence(name, value, "a sequence of strings")
    result = []
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise kind_error(f"{name}[{index}]", item, "a string")
        result.append(item)
    if len(items) != count:
        raise ScheduleError(
            f"{name} must have one string for each of the {count} {counted}, "
            f"got {len(items)} in {name}={show(items)}",
            name,
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
        raise ScheduleTypeError(
            f"step must be an integer, got step={value!r} (bool)", "step", factory=owner
        )
    try:
        index = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        error = kind_error("step", value, "an integer")
        error.factory = owner
        raise error from None
    if index < 0:
        raise ScheduleError(
            f"step must be a non-negative integer, got step={index}", "step", factory=owner
        )
    return index
