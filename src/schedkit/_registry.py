"""The one list of schedule factories, and what each takes.

Each factory declares itself once, where it is defined: ``@register`` puts it in the
list, and its signature says the rest. Parameter names, defaults and which are
positional come from the signature; types from the annotations, where ``Steps`` marks
a step count (which a config may give as a fraction of the run), a ``Literal`` the
allowed strings and ``ArgumentsOf(factory)`` a dict of another factory's keyword
arguments. Configs, the text form, the JSON Schema and the command all read this
module, so no other list of schedule names exists.

Registering costs a dict entry at import; signatures are read only when a config
needs them, by ``_spec``, which imports ``typing`` and ``inspect`` then (``typing``
alone would cost more than all of ``import schedkit``). For the same reason the
allowed strings of a parameter are a :class:`Choices` at run time and a ``Literal``
for type checkers. The framework equivalents live in ``schedkit.compat``, which
``import schedkit`` does not load: asking for a ``compat.`` name, or for every name,
imports that package (a fixed module of this library, never a name taken from a
config).
"""

from __future__ import annotations

from collections.abc import Callable

from ._schedule import factory_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Annotated, Any, TypeVar

    from ._spec import Spec

    _F = TypeVar("_F", bound=Callable[..., Any])

__all__ = [
    "STEP_COUNT",
    "ArgumentsOf",
    "Choices",
    "Steps",
    "choices",
    "close_names",
    "lookup",
    "names",
    "options",
    "register",
    "spec",
    "spec_of",
    "unknown_kind",
]


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


_FACTORIES: dict[str, Callable[..., Any]] = {}


def register(factory: _F) -> _F:
    """Add *factory* to the list of schedule factories, under the name it goes by."""
    _FACTORIES[factory_name(factory)] = factory
    return factory


def _load_compat() -> None:
    # The compat modules register their factories when imported; none of them
    # imports a framework.
    from . import compat  # noqa: F401, PLC0415


def lookup(name: str) -> Callable[..., Any] | None:
    """Return the factory registered as *name*, or None."""
    factory = _FACTORIES.get(name)
    if factory is None and name.startswith("compat."):
        _load_compat()
        factory = _FACTORIES.get(name)
    return factory


def names() -> list[str]:
    """Return every registered name: the catalog's sorted, then the frameworks' sorted."""
    _load_compat()
    return sorted(_FACTORIES, key=lambda name: (name.startswith("compat."), name))


def unknown_kind(kind: str) -> str:
    """Return the message for a config or text that names no registered schedule."""
    known = names()
    # A compat name is matched on its last part too, so 'cosine_annealing_lr' finds it.
    short = {name.rpartition(".")[2]: name for name in known if name.startswith("compat.")}
    close = list(
        dict.fromkeys(short.get(name, name) for name in close_names(kind, [*known, *short]))
    )
    if close:
        hint = f"did you mean {' or '.join(repr(name) for name in close)}?"
    elif kind.startswith("noether."):
        hint = "a noether config is read by schedkit.compat.noether.from_config"
    else:
        hint = "the command `schedkit list` shows every kind"
    return f"unknown schedule kind {kind!r}; {hint}"


def close_names(word: str, options: list[str]) -> list[str]:
    """Return up to three of *options* close to *word*, for a 'did you mean' hint."""
    # Matching is quadratic in the length of the word; a long one matches nothing.
    if len(word) > 100:
        return []
    import difflib  # noqa: PLC0415 - only an error message needs it

    return difflib.get_close_matches(word, options, n=3, cutoff=0.7)


def spec(name: str) -> Spec | None:
    """Return the spec of the factory registered as *name*, or None."""
    factory = lookup(name)
    return None if factory is None else spec_of(factory)


def spec_of(factory: Callable[..., Any]) -> Spec:
    """Return what *factory* takes, read from its signature once and kept."""
    from ._spec import read  # noqa: PLC0415 - typing and inspect, for configs only

    return read(factory)
