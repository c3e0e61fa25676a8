"""What each registered factory takes, read from its signature when a config needs it.

Parameter names, defaults and which are positional come from the signature; types
from the annotations (with the marks of ``_marks``), turned into a :class:`Form` that configs
decode by and the JSON Schema describes; each parameter's text from the docstring's
``Args`` section. ``import schedkit`` does not load this module.
"""

from __future__ import annotations

import collections.abc
import inspect
import types
import typing
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, NamedTuple

from ._marks import STEP_COUNT, ArgumentsOf, Choices
from ._schedule import Schedule
from ._validate import factory_name

__all__ = ["Form", "Param", "Spec", "read"]


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


def read(factory: Callable[..., Any]) -> Spec:
    """Return what *factory* takes, read from its signature once and kept."""
    found = _SPECS.get(factory)
    if found is None:
        found = _SPECS[factory] = _read(factory)
    return found


def _read(factory: Callable[..., Any]) -> Spec:
    # The names a core module keeps for type checkers only, in their run-time form.
    names: dict[str, Any] = {"Steps": Annotated[int, STEP_COUNT], "Any": Any}
    # A registered factory is signed; the module it was written in is the one it wraps.
    for name, value in inspect.unwrap(factory).__globals__.items():
        if isinstance(value, Choices):
            names[name] = Literal[tuple(value)]
    hints = typing.get_type_hints(factory, localns=names, include_extras=True)
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
    elif origin is Annotated and args[1] is STEP_COUNT:
        form = Form("steps")
    elif origin is Annotated and isinstance(args[1], ArgumentsOf):
        form = Form("arguments", (args[1].factory,))
    elif origin is Literal:
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
