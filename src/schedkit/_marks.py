"""The marks a factory's annotations carry, for the registry to read.

This is the bottom layer of the package: it imports nothing from it, so that the
factories, the registry and the signature reader (``_spec``) can all import it.

``Steps`` marks a count of steps (which a config may give as a fraction of the run),
a ``Literal`` the allowed strings and ``ArgumentsOf(factory)`` a dict of another
factory's keyword arguments. ``typing`` is not imported at run time (it alone would
cost more than all of ``import schedkit``), so the allowed strings of a parameter are
a :class:`Choices` at run time and a ``Literal`` for type checkers; ``_spec`` turns
the one into the other when a config first needs a signature.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Annotated, Any

__all__ = ["STEP_COUNT", "ArgumentsOf", "Choices", "Steps", "choices", "options"]


class _StepCount:
    """The mark of an ``int`` annotation that counts steps."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "STEP_COUNT"


STEP_COUNT = _StepCount()

#: A number of steps. In Python it is an ``int``; a config or a text may also give it
#: as a fraction of the run, a string such as ``"5%"``. Reading a signature, ``_spec``
#: resolves the name to ``Annotated[int, STEP_COUNT]``.
if TYPE_CHECKING:
    Steps = Annotated[int, STEP_COUNT]
else:
    Steps = int


class Choices(tuple[str, ...]):
    """The strings a parameter allows, at run time; a ``Literal`` of the same strings
    stands in its place for type checkers. Made by :func:`choices`."""

    __slots__ = ()


def choices(*members: str) -> Choices:
    """Return the allowed strings *members* as a :class:`Choices`."""
    return Choices(members)


def options(alias: object) -> tuple[Any, ...]:
    """Return the strings a choice alias allows (typed loosely: a type checker sees
    the alias as its ``Literal``, whose members the caller's parameter already has)."""
    if not isinstance(alias, Choices):  # pragma: no cover - a mistake in this library
        raise TypeError(f"not a Choices: {alias!r}")
    return alias


class ArgumentsOf:
    """The mark of a ``Mapping[str, Any]`` annotation whose dict holds another
    factory's keyword arguments (optax's ``sgdr_schedule`` takes a list of them)."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[..., Any]) -> None:
        self.factory = factory
