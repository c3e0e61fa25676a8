"""The one list of schedule factories, and what each takes.

Each factory declares itself once, where it is defined: ``@register`` puts it in the
list and signs it, so that its errors name it (see ``_validate.signed``); its
signature says the rest. Parameter names, defaults and which are positional come
from the signature; types from the annotations, with the marks of ``_marks``.
Configs, the text form, the JSON Schema and the command all read this module, so no
other list of schedule names exists.

Registering costs a dict entry at import; signatures are read only when a config
needs them, by ``_spec``, which imports ``typing`` and ``inspect`` then (``typing``
alone would cost more than all of ``import schedkit``).

Some factories live in modules that ``import schedkit`` does not load: the package
declares each such family of names as a namespace (:func:`namespace`), a prefix and
the modules that register it. Looking up one of its names imports the one module the
name asks for; listing every name imports them all. The modules are a fixed list of
this library's, never a name taken from a config. This module imports ``_validate``,
and ``_spec`` when a signature is first read; nothing else of the package.
"""

from __future__ import annotations

from collections.abc import Callable

from ._validate import close_names, factory_name, signed

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from ._spec import Spec

    _F = TypeVar("_F", bound=Callable[..., Any])

__all__ = ["lookup", "names", "namespace", "register", "spec", "spec_of", "unknown_kind"]

_FACTORIES: dict[str, Callable[..., Any]] = {}

# prefix ("compat.") -> (package, the modules under it that register names).
_NAMESPACES: dict[str, tuple[str, tuple[str, ...]]] = {}


def register(factory: _F) -> _F:
    """Add *factory* to the list of schedule factories, under the name it goes by, and
    return it signed: an error that leaves it names it."""
    name = factory_name(factory)
    signed_factory = _FACTORIES[name] = signed(factory, name)
    return signed_factory


def namespace(prefix: str, package: str, modules: tuple[str, ...]) -> None:
    """Declare that the names starting with *prefix* (such as ``"compat."``) are
    registered by the *modules* of *package*, imported when first asked for: the name
    ``compat.torch.step_lr`` by ``schedkit.compat.torch`` alone."""
    _NAMESPACES[prefix] = (package, modules)


def _load(module: str) -> None:
    import importlib  # noqa: PLC0415 - only a name in a namespace needs it

    importlib.import_module(module)


def lookup(name: str) -> Callable[..., Any] | None:
    """Return the factory registered as *name*, or None."""
    factory = _FACTORIES.get(name)
    if factory is None:
        for prefix, (package, modules) in _NAMESPACES.items():
            module = name[len(prefix) :].partition(".")[0]
            if name.startswith(prefix) and module in modules:
                _load(f"{package}.{module}")
                return _FACTORIES.get(name)
    return factory


def names() -> list[str]:
    """Return every registered name: the catalog's sorted, then each namespace's sorted."""
    for package, modules in _NAMESPACES.values():
        for module in modules:
            _load(f"{package}.{module}")
    prefixes = tuple(_NAMESPACES)
    return sorted(_FACTORIES, key=lambda name: (name.startswith(prefixes), name))


def unknown_kind(kind: str) -> str:
    """Return the message for a config or text that names no registered schedule."""
    known = names()
    # A namespaced name is matched on its last part too, so 'cosine_annealing_lr' finds it.
    prefixes = tuple(_NAMESPACES)
    short = {name.rpartition(".")[2]: name for name in known if name.startswith(prefixes)}
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


def spec(name: str) -> Spec | None:
    """Return the spec of the factory registered as *name*, or None."""
    factory = lookup(name)
    return None if factory is None else spec_of(factory)


def spec_of(factory: Callable[..., Any]) -> Spec:
    """Return what *factory* takes, read from its signature once and kept."""
    from ._spec import read  # noqa: PLC0415 - typing and inspect, for configs only

    return read(factory)
