"""The one list of schedule factories, and what each takes.

Each factory declares itself once, where it is defined: ``@register`` puts it in the
list, and its signature says the rest. Parameter names, defaults and which are
positional come from the signature; types from the annotations, where ``Steps`` marks
a step count (which a config may give as a fraction of the run), a ``Literal`` the
allowed strings and ``ArgumentsOf(factory)`` a dict of another factory's keyword
arguments. Configs, the text form, the JSON Schema and the command all read this
module, so no other list of schedule names exists.

Registering costs a dict entry at import; signatures are read only when a config
needs them. The framework equivalents live in ``schedkit.compat``, which ``import
schedkit`` does not load: asking for a ``compat.`` name, or for every name, imports
that package (a fixed module of this library, never a name taken from a config).
"""

from __future__ import annotations

import collections.abc
import types
import typing
from collections.abc import Callable, Iterator
from typing import Annotated, Any, NamedTuple, TypeVar

from ._schedule import Schedule, factory_name

__all__ = [
    "ArgumentsOf",
    "Form",
    "Param",
    "Spec",
    "Steps",
    "close_names",
    "lookup",
    "names",
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


_STEP_COUNT = _StepCount()

#: A number of steps. In Python it is an ``int``; a config or a text may also give it
#: as a fraction of the run, a string such as ``"5%"``.
Steps = Annotated[int, _STEP_COUNT]


class ArgumentsOf:
    """The mark of a ``Mapping[str, Any]`` annotation whose dict holds another
    factory's keyword arguments (optax's ``sgdr_schedule`` takes a list of them)."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[..., Any]) -> None:
        self.factory = factory


_F = TypeVar("_F", bound=Callable[..., Any])
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


class Form(NamedTuple):
    """The type of a parameter, as configs see it.

    *kind* is one of ``number``, ``integer``, ``steps``, ``boolean``, ``string``,
    ``null``, ``any_of``, ``list``, ``tuple``, ``map``, ``schedule`` or ``arguments``;
    *args* holds the member forms (the allowed strings for ``string``, the factory
    for ``arguments``).
    """

    kind: str
    args: tuple[Any, ...] = ()


class Param(NamedTuple):
    """One parameter of a factory."""

    name: str
    form: Form
    required: bool
    default: Any
    # "keyword", "positional" (may be given by position) or "star" (the *args tuple).
    how: str
    doc: str


class Spec(NamedTuple):
    """What a factory takes: its name, its parameters in order, and its summary line."""

    name: str
    factory: Callable[..., Any]
    params: tuple[Param, ...]
    summary: str

    def param(self, name: str) -> Param | None:
        """Return the parameter called *name*, or None."""
        return next((param for param in self.params if param.name == name), None)


_SPECS: dict[Callable[..., Any], Spec] = {}


def spec(name: str) -> Spec | None:
    """Return the spec of the factory registered as *name*, or None."""
    factory = lookup(name)
    return None if factory is None else spec_of(factory)


def spec_of(factory: Callable[..., Any]) -> Spec:
    """Return what *factory* takes, read from its signature once and kept."""
    found = _SPECS.get(factory)
    if found is None:
        found = _SPECS[factory] = _read(factory)
    return found


def _read(factory: Callable[..., Any]) -> Spec:
    # inspect is slow to import, and only configs need it.
    import inspect  # noqa: PLC0415

    hints = typing.get_type_hints(factory, include_extras=True)
    docs = dict(_argument_docs(inspect.getdoc(factory) or ""))
    ways: dict[Any, str] = {
        inspect.Parameter.KEYWORD_ONLY: "keyword",
        inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
        inspect.Parameter.VAR_POSITIONAL: "star",
    }
    params = []
    for parameter in inspect.signature(factory).parameters.values():
        form = _form(hints[parameter.name])
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            form = Form("list", (form,))
        required = parameter.default is inspect.Parameter.empty
        default = None if parameter.default is inspect.Parameter.empty else parameter.default
        doc = docs.get(parameter.name, "")
        params.append(Param(parameter.name, form, required, default, ways[parameter.kind], doc))
    summary = (inspect.getdoc(factory) or "").partition("\n\n")[0].replace("\n", " ")
    return Spec(factory_name(factory), factory, tuple(params), summary)


_SIMPLE = {float: "number", int: "integer", bool: "boolean", str: "string", type(None): "null"}
_LISTS = (collections.abc.Iterable, collections.abc.Sequence, list)


def _form(hint: Any) -> Form:
    """Return the form of the type *hint* (a resolved annotation)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    form = None
    if hint in _SIMPLE:
        form = Form(_SIMPLE[hint])
    elif hint is Schedule:
        form = Form("schedule")
    elif origin is Annotated and args[1] is _STEP_COUNT:
        form = Form("steps")
    elif origin is Annotated and isinstance(args[1], ArgumentsOf):
        form = Form("arguments", (args[1].factory,))
    elif origin is typing.Literal:
        form = Form("string", args)
    elif origin in (typing.Union, types.UnionType):
        form = Form("any_of", tuple(_form(arg) for arg in args))
    elif origin in _LISTS:
        form = Form("list", (_form(args[0]),))
    elif origin is tuple:
        form = Form("tuple", tuple(_form(arg) for arg in args))
    elif origin is collections.abc.Mapping:
        form = Form("map", (_form(args[0]), _form(args[1])))
    if form is None:
        raise TypeError(f"a schedule factory's parameter cannot have the type {hint!r}")
    return form


def _argument_docs(doc: str) -> Iterator[tuple[str, str]]:
    """Yield (name, text) for each entry of a Google-style ``Args:`` section."""
    lines = iter(doc.splitlines())
    for line in lines:
        if line.strip() == "Args:":
            break
    name, text = "", list[str]()
    for line in lines:
        if line and not line.startswith(" "):
            break
        entry = line[4:] if line.startswith("    ") and not line.startswith("     ") else ""
        head, colon, rest = entry.partition(":")
        if colon and head.isidentifier():
            if name:
                yield name, " ".join(text)
            name, text = head, [rest.strip()]
        elif line.strip():
            text.append(line.strip())
    if name:
        yield name, " ".join(text)
