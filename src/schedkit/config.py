"""Schedules as data: configs, a text form, config files and a JSON Schema.

A config is plain data (dicts, lists, strings, numbers, booleans and None) with a
``kind``, the name of the factory, and the factory's parameters; a composite nests
its children's configs::

    >>> from schedkit import cosine, with_warmup
    >>> from schedkit.config import from_config, parse, to_config
    >>> schedule = with_warmup(
    ...     cosine(base_lr=1e-3, min_lr=0.0, total_steps=900), warmup_steps=100, start_lr=0.0
    ... )
    >>> to_config(schedule)  # doctest: +NORMALIZE_WHITESPACE
    {'kind': 'with_warmup',
     'schedule': {'kind': 'cosine', 'base_lr': 0.001, 'min_lr': 0.0, 'total_steps': 900},
     'warmup_steps': 100, 'start_lr': 0.0, 'shape': 'linear'}
    >>> from_config(to_config(schedule)) == schedule
    True

The text form is the repr, read back by a parser (never evaluated)::

    >>> parse(repr(schedule)) == schedule
    True

Wherever a factory takes a number of steps, a config or a text may give a fraction of
the run instead, a string such as ``"5%"``, resolved against ``total_steps=N`` as
``floor(fraction * N)``::

    >>> parse('with_warmup(cosine(base_lr=1e-3, min_lr=0.0, total_steps="90%"), '
    ...       'warmup_steps="10%", start_lr=0.0)', total_steps=1000) == schedule
    True

Nothing in a config or a text is imported, evaluated or looked up by attribute: a
``kind`` is matched against the registered factories, and every other value is data.
Every problem raises :class:`ConfigError` (a ``ValueError``), which says where in the
document it is, what was found and what is allowed.
"""

from __future__ import annotations

import numbers
import os
import sys
from collections.abc import Mapping

from ._registry import names, spec, spec_of, unknown_kind
from ._schedule import GroupSchedule, Schedule
from ._text import TextError, Where, read
from ._validate import (
    MAX_DIGITS,
    ScheduleError,
    ScheduleTypeError,
    close_names,
    kind,
    positive_integer,
    show,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._spec import Form, Spec

__all__ = ["ConfigError", "config_schema", "from_config", "load", "parse", "to_config"]

#: Containers (dicts and lists) may nest at most this deep.
MAX_DEPTH = 64
#: A config or a text may hold at most this many values, counting containers.
MAX_VALUES = 100_000
#: A text or a config file may be at most this many characters (bytes for a file).
MAX_SIZE = 1_000_000
#: A YAML file may be at most this many bytes: PyYAML reads some tens of KB a second,
#: so a file at the limit is read, or refused for its values, within about a second.
MAX_YAML_SIZE = 48_000
_TOO_LONG = 10**MAX_DIGITS
# A percentage is a few digits; a longer string is not one.
_MAX_PERCENT = 32


class ConfigError(ScheduleError):
    """A config, a text or a config file does not describe a valid schedule.

    It is a :class:`~schedkit.ScheduleError`, so a ``ValueError``. Its message says
    where in the document the problem is; :attr:`path` holds that place, such as
    ``"phases[1][1].total_steps"`` (empty for the document as a whole), and so does
    :attr:`param` (None for the whole document). The message already says who read
    the document (``from_config: at ...``), so :attr:`factory` is None and
    :attr:`detail` is the whole message.
    """

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message, path or None)
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.path))


class _LocatedError(Exception):
    """A problem at *path* of a document, before the caller says which document."""

    def __init__(self, path: Where, detail: str) -> None:
        super().__init__(detail)
        self.path = path
        self.detail = detail


def _where(path: Where) -> str:
    parts = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part.startswith("["):
            parts.append(part)
        else:
            parts.append(f".{part}" if parts else part)
    return "".join(parts)


# ---------------------------------------------------------------- schedule to data


def to_config(schedule: Schedule) -> dict[str, Any]:
    """Return *schedule* as JSON-ready data: its ``kind`` and its factory's parameters.

    Every parameter is written, defaults included, so that the config reads the same
    with a later version whose defaults differ. Children of a composite are nested
    configs; sequences become lists, and a map's keys become strings. The result holds
    only dicts, lists, strings, numbers, booleans and None, and
    ``from_config(to_config(s)) == s``.

    Examples:
        >>> from schedkit import constant, linear, sequential
        >>> to_config(sequential([
        ...     (10, constant(lr=0.5)), (20, linear(base_lr=1.0, end_lr=0.0, total_steps=20))
        ... ]))  # doctest: +NORMALIZE_WHITESPACE
        {'kind': 'sequential', 'phases': [[10, {'kind': 'constant', 'lr': 0.5}],
         [20, {'kind': 'linear', 'base_lr': 1.0, 'end_lr': 0.0, 'total_steps': 20}]]}
    """
    if isinstance(schedule, GroupSchedule):
        raise ScheduleTypeError(
            f"schedule must be a Schedule; {schedule.name} makes a GroupSchedule, "
            "which has no config: write its schedule's config and its multipliers instead",
            "schedule",
            factory="to_config",
        )
    if not isinstance(schedule, Schedule):
        raise ScheduleTypeError(
            "schedule must be a Schedule made by a schedkit factory, "
            f"got schedule={show(schedule)} ({kind(schedule)})",
            "schedule",
            factory="to_config",
        )
    return {
        "kind": schedule.name,
        **{key: _encode(value) for key, value in schedule.params.items()},
    }


def _encode(value: Any) -> Any:
    if isinstance(value, Schedule):
        return to_config(value)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, Mapping):
        return {str(key): _encode(item) for key, item in value.items()}
    return [_encode(item) for item in value]


# ---------------------------------------------------------------- data to schedule


def from_config(data: Mapping[str, Any], *, total_steps: int | None = None) -> Schedule:
    """Build the schedule a config describes.

    *data* is what :func:`to_config` returns, or the same read from a JSON, TOML or
    YAML file: a dict with a ``kind`` (a factory's name, such as ``"cosine"`` or
    ``"compat.torch.cosine_annealing_lr"``) and the factory's parameters by name.
    Parameters left out take the factory's defaults. A child schedule is a nested
    config; a ``(duration, schedule)`` pair is a two-item list.

    Wherever a parameter is a number of steps, it may be a string such as ``"5%"``, a
    fraction of the run, which *total_steps* resolves: ``floor(fraction * total_steps)``,
    computed exactly (``"33.3%"`` of 1000 steps is 333). Without *total_steps* such a
    value is an error.

    Args:
        data: the config.
        total_steps: the length of the run, which resolves relative durations.

    Raises:
        ConfigError: for any problem in *data*, naming where it is, what was found and
            what is allowed: an unknown kind (with the closest names), an unknown or
            missing parameter (with the valid ones), a wrong type or a bad value (the
            factory's own message), nesting deeper than :data:`MAX_DEPTH` or more
            values than :data:`MAX_VALUES`.

    Examples:
        >>> config = {"kind": "cosine", "base_lr": 1e-3, "min_lr": 0.0, "total_steps": "90%"}
        >>> from_config(config, total_steps=1000)
        cosine(base_lr=0.001, min_lr=0.0, total_steps=900)
        >>> from_config({"kind": "cosine", "base_lr": 1e-3, "min_lr": 0.0, "total_steps": 0})
        Traceback (most recent call last):
          ...
        schedkit.ConfigError: from_config: at total_steps: cosine: total_steps must be ...
    """
    return build("from_config", data, _run_length("from_config", total_steps))


def build(prefix: str, data: Any, run_steps: int | None) -> Schedule:
    """Build the schedule of config *data*, whose errors start with *prefix*.

    The one path from data to a schedule, for :func:`from_config`, :func:`load` and
    the configs of other frameworks (:func:`schedkit.compat.noether.from_config`).
    """
    try:
        _survey(data)
        return _build(data, (), run_steps)
    except _LocatedError as problem:
        raise _located(prefix, problem.path, problem.detail) from None


def _located(prefix: str, path: Where, detail: str, after: str = "") -> ConfigError:
    where = _where(path)
    at = f"at {where}: " if where else ""
    return ConfigError(f"{prefix}: {at}{detail}{after}", where)


def _run_length(owner: str, total_steps: object) -> int | None:
    if total_steps is None:
        return None
    try:
        return positive_integer("total_steps", total_steps)
    except (ScheduleError, ScheduleTypeError) as error:
        error.factory = owner
        raise


def _survey(data: Any) -> None:
    """Check that *data* is JSON-like, not too deep and not too large, before building.

    A cyclic structure is caught by the depth limit; a YAML file's aliases, which may
    make a small file stand for a huge tree, by the count.
    """
    count = 1
    # Each entry: the value, its path, its depth. Iterative, so no depth reaches the
    # interpreter's recursion limit before this check does.
    stack: list[tuple[Any, Where, int]] = [(data, (), 0)]
    while stack:
        value, path, depth = stack.pop()
        cls = type(value)
        if cls is dict or cls is list or cls is tuple:
            if depth >= MAX_DEPTH:
                raise _LocatedError(path, f"the config nests deeper than {MAX_DEPTH} levels")
            # Counted before they are visited, so a huge list costs nothing to refuse.
            count += len(value)
            if count > MAX_VALUES:
                raise _LocatedError((), f"the config holds more than {MAX_VALUES} values")
            items = value.items() if cls is dict else enumerate(value)
            stack.extend((item, (*path, _path_part(key, path)), depth + 1) for key, item in items)
        elif cls not in (str, int, float, bool, type(None)):
            raise _LocatedError(
                path,
                "a config holds only dicts, lists, strings, numbers, booleans and None, "
                f"got {show(value)} ({kind(value)})",
            )


def _path_part(key: Any, path: Where) -> str | int:
    """Return the path step of a dict key or list index *key*, refusing other keys."""
    if type(key) is str:
        return key
    if type(key) is not int:
        shown = f"{show(key)} ({kind(key)})"
        raise _LocatedError(path, f"a config's keys must be strings or integers, got {shown}")
    if not -_TOO_LONG < key < _TOO_LONG:
        raise _LocatedError(path, f"a config's integer keys have at most {MAX_DIGITS} digits")
    return f"[{key!r}]"


def _build(data: Any, path: Where, run_steps: int | None) -> Schedule:
    if type(data) is not dict:
        raise _LocatedError(
            path,
            "a schedule is a dict with a 'kind' and its parameters, "
            f"got {show(data)} ({kind(data)})",
        )
    name = data.get("kind")
    if name is None:
        raise _LocatedError(path, "a schedule config needs a 'kind', such as 'cosine'")
    if type(name) is not str:
        raise _LocatedError(
            (*path, "kind"), f"kind must be a string, got {show(name)} ({kind(name)})"
        )
    found = spec(name)
    if found is None:
        raise _LocatedError((*path, "kind"), unknown_kind(name))
    _check_names(found, data, path, ("kind",))
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for param in found.params:
        if param.name not in data:
            continue
        param_path = (*path, param.name)
        value = _decode(param.form, data[param.name], param_path, run_steps)
        if param.how == "keyword":
            kwargs[param.name] = value
        elif param.how == "positional":
            args.append(value)
        elif type(value) is list:
            args.extend(value)
        else:
            raise _LocatedError(
                param_path, f"{param.name} must be a list, got {show(value)} ({kind(value)})"
            )
    try:
        schedule: Schedule = found.factory(*args, **kwargs)
    except (TypeError, ValueError) as error:
        raise _LocatedError(_blame(path, found, error), str(error)) from None
    except ArithmeticError as error:
        # No factory should let one out; if one does, the reader still says where.
        detail = f"{found.name}: {type(error).__name__}: {error}"
        raise _LocatedError(path, detail) from None
    return schedule


def _check_names(found: Spec, data: dict[Any, Any], path: Where, reserved: tuple[str, ...]) -> None:
    """Check that *data* names each parameter of *found* it needs, and no other."""
    for key in data:
        if key not in reserved and (type(key) is not str or found.param(key) is None):
            key_path = (*path, key if type(key) is str else f"[{key!r}]")
            close = (
                close_names(key, [param.name for param in found.params]) if type(key) is str else []
            )
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            detail = f"{found.name} has no parameter {key!r}{hint}; {_listing(found)}"
            raise _LocatedError(key_path, detail)
    missing = [param.name for param in found.params if param.required and param.name not in data]
    if missing:
        raise _LocatedError(path, f"{found.name} needs {', '.join(missing)}; {_listing(found)}")


def _listing(found: Spec) -> str:
    return f"its parameters are {', '.join(param.name for param in found.params)}"


def _blame(path: Where, found: Spec, error: Exception) -> Where:
    """Return the place in the config of the parameter *error* is about.

    The factory's error names it (``param``, such as ``"points[1][0]"``); an error
    about a relation between parameters, or one from outside the library, stays at
    the schedule itself.
    """
    param = getattr(error, "param", None)
    if param is None or getattr(error, "factory", None) != found.name:
        return path
    located = _param_path(param)
    if located is None or found.param(str(located[0])) is None:
        return path
    return (*path, *located)


def _param_path(param: str) -> Where | None:
    """Return the parts of a parameter path as an error spells it, such as
    ``"schedulers[0].base_lr"`` or ``"lrs['head']"``, or None if it is not one."""
    cut = min((param.find(mark) for mark in "[." if mark in param), default=len(param))
    located: list[str | int] = [param[:cut]]
    rest = param[cut:]
    while rest:
        if rest[0] == ".":
            cut = min((rest.find(mark, 1) for mark in "[." if mark in rest[1:]), default=len(rest))
            located.append(rest[1:cut])
        elif rest.startswith(("['", '["')):
            # A key is its repr, which may itself hold "]": it ends at the quote's pair.
            cut = rest.find(rest[1] + "]", 2) + 2
            if cut < 2:
                return None
            located.append(rest[:cut])
        elif rest[0] == "[" and "]" in rest:
            cut = rest.index("]") + 1
            index = rest[1 : cut - 1]
            located.append(int(index) if index.isdigit() else f"[{index}]")
        else:
            return None
        rest = rest[cut:]
    return tuple(located)


def _decode(form: Form, value: Any, path: Where, run_steps: int | None) -> Any:  # noqa: PLR0911
    """Return the factory argument for the config *value* of type *form*.

    Scalars pass through unchanged, for the factory to check in its own voice; this
    builds the nested schedules, resolves relative durations and turns the lists a
    config has into what the parameter takes.
    """
    shape = form.kind
    if shape == "schedule":
        return _build(value, path, run_steps)
    if shape == "steps":
        return _resolve_steps(value, path, run_steps) if type(value) is str else value
    if shape == "any_of":
        if value is None:
            return None
        options = [option for option in form.args if option.kind != "null"]
        return _decode(options[0], value, path, run_steps)
    if shape in ("list", "tuple") and type(value) in (list, tuple):
        if shape == "list":
            return [
                _decode(form.args[0], item, (*path, i), run_steps) for i, item in enumerate(value)
            ]
        if len(value) == len(form.args):
            return tuple(
                _decode(item_form, item, (*path, i), run_steps)
                for i, (item_form, item) in enumerate(zip(form.args, value, strict=True))
            )
    if shape == "map" and type(value) is dict:
        key_form, value_form = form.args
        result = {}
        for key, item in value.items():
            key_path = (*path, f"[{key!r}]")
            result[_key(key_form, key, key_path, run_steps)] = _decode(
                value_form, item, key_path, run_steps
            )
        return result
    if shape == "arguments" and type(value) is dict:
        return _arguments(spec_of(form.args[0]), value, path, run_steps)
    return value


def _resolve_steps(value: str, path: Where, run_steps: int | None) -> int:
    fraction = _percent(value)
    if fraction is None:
        raise _LocatedError(
            path,
            "a number of steps must be an integer, or a fraction of the run such as '5%', "
            f"got {show(value)}",
        )
    if run_steps is None:
        raise _LocatedError(
            path,
            f"{value!r} is a fraction of the run, which needs its length: give total_steps",
        )
    numerator, denominator = fraction
    return numerator * run_steps // denominator


def _percent(text: str) -> tuple[int, int] | None:
    """Return the fraction a string such as ``"12.5%"`` stands for, or None."""
    if len(text) > _MAX_PERCENT or not text.endswith("%") or not text.isascii():
        return None
    whole, dot, part = text[:-1].partition(".")
    if not whole.isdigit() or (dot and not part.isdigit()):
        return None
    return int(whole + part), 100 * 10 ** len(part)


def _key(form: Form, key: Any, path: Where, run_steps: int | None) -> Any:
    if form.kind == "string":
        return key
    if type(key) is str and key.isascii() and key.isdigit() and len(key) <= _MAX_PERCENT:
        return int(key)
    if form.kind == "steps" and type(key) is str:
        return _resolve_steps(key, path, run_steps)
    if type(key) is int:
        return key
    raise _LocatedError(path, f"a key here must be a number of steps, got {show(key)}")


def _arguments(
    found: Spec, value: dict[str, Any], path: Where, run_steps: int | None
) -> dict[str, Any]:
    """Decode a dict of *found*'s keyword arguments."""
    _check_names(found, value, path, ())
    return {
        key: _decode(param.form, value[key], (*path, key), run_steps)
        for param in found.params
        if (key := param.name) in value
    }


# ---------------------------------------------------------------- text


def parse(text: str, *, total_steps: int | None = None) -> Schedule:
    """Build the schedule a text describes: the call its repr shows.

    The text is read by a parser, never evaluated. It is one call of a registered
    factory, such as ``cosine(base_lr=1e-3, min_lr=0.0, total_steps=900)`` or
    ``compat.torch.step_lr(base_lr=0.1, step_size=30)``, whose arguments are calls,
    numbers (with a sign), strings, lists, tuples, dicts, ``None``, ``True`` and
    ``False``. Anything else (a variable, an attribute, an operator, a comprehension) is
    an error pointing at it. ``parse(repr(s)) == s`` for every schedule.

    A number of steps may be a string such as ``"5%"``, resolved against
    *total_steps* as in :func:`from_config`.

    Args:
        text: the text, at most :data:`MAX_SIZE` characters.
        total_steps: the length of the run, which resolves relative durations.

    Raises:
        ConfigError: for anything that is not a valid schedule, with the line and
            column and the text around it.

    Examples:
        >>> parse("cosine(base_lr=1e-3, min_lr=0.0, total_steps='10%')", total_steps=5000)
        cosine(base_lr=0.001, min_lr=0.0, total_steps=500)
        >>> parse("cosine(base_lr=os.environ, min_lr=0.0, total_steps=100)")
        Traceback (most recent call last):
          ...
        schedkit.ConfigError: parse: at line 1, column 16: 'os.environ' is not a value: ...
            cosine(base_lr=os.environ, min_lr=0.0, total_steps=100)
                           ^
    """
    run_steps = _run_length("parse", total_steps)
    if not isinstance(text, str):
        raise ScheduleTypeError(
            f"text must be a string, got text={show(text)} ({kind(text)})", "text", factory="parse"
        )
    if len(text) > MAX_SIZE:
        raise ConfigError(f"parse: the text is longer than {MAX_SIZE} characters")
    positions: dict[Where, int] = {}
    try:
        data, positions = read(text, max_depth=MAX_DEPTH, max_values=MAX_VALUES)
        return _build(data, (), run_steps)
    except TextError as problem:
        path, offset, detail = problem.path, problem.offset, problem.detail
    except _LocatedError as problem:
        path, detail = problem.path, problem.detail
        offset = _offset(positions, path)
    where = _where(path)
    line, column, snippet = _point(text, offset)
    at = f"at {where}, " if where else "at "
    raise ConfigError(f"parse: {at}line {line}, column {column}: {detail}\n{snippet}", where)


def _offset(positions: dict[Where, int], path: Where) -> int:
    """Return where *path*, or the nearest enclosing value recorded, starts."""
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return 0


def _point(text: str, offset: int) -> tuple[int, int, str]:
    """Return the line and column (from 1) of *offset*, and its line with a caret under it."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end == -1 else line_end
    column = offset - line_start
    # A long line is shown as a window around the offending part.
    left = max(line_start, offset - 60)
    right = min(line_end, offset + 60)
    shown = (
        ("..." if left > line_start else "")
        + text[left:right]
        + ("..." if right < line_end else "")
    )
    caret = offset - left + (3 if left > line_start else 0)
    line = text.count("\n", 0, offset) + 1
    return line, column + 1, f"    {shown}\n    {' ' * caret}^"


# ---------------------------------------------------------------- files


def load(path: str | os.PathLike[str], *, total_steps: int | None = None) -> Schedule:
    """Build the schedule a config file describes.

    The format comes from the suffix: ``.json``; ``.toml`` (the standard library's
    ``tomllib``; on Python 3.10 the ``tomli`` package, ``pip install 'schedkit[toml]'``);
    ``.yaml`` or ``.yml`` (PyYAML's safe loader, ``pip install 'schedkit[yaml]'``). The
    file holds one config, as :func:`from_config` reads it.

    Args:
        path: the file, at most :data:`MAX_SIZE` bytes (a YAML file at most
            :data:`MAX_YAML_SIZE`).
        total_steps: the length of the run, which resolves relative durations.

    Raises:
        ConfigError: for a file that is not valid in its format, or not a valid config.
        ImportError: for a TOML file on Python 3.10 without tomli, or a YAML file
            without PyYAML, naming the extra to install.
        OSError: when the file cannot be read.
    """
    run_steps = _run_length("load", total_steps)
    try:
        name = os.fspath(path)
    except TypeError:
        raise ScheduleTypeError(
            f"path must be a path (a str or an os.PathLike), got path={show(path)} ({kind(path)})",
            "path",
            factory="load",
        ) from None
    if not isinstance(name, str):  # bytes
        name = os.fsdecode(name)
    suffix = os.path.splitext(name)[1].lower()
    readers = {".json": _json, ".toml": _toml, ".yaml": _yaml, ".yml": _yaml}
    reader = readers.get(suffix)
    if reader is None:
        raise ConfigError(
            f"load: {name}: cannot tell the format from the suffix {suffix!r}; "
            "use .json, .toml, .yaml or .yml"
        )
    with open(name, "rb") as file:
        raw = file.read(MAX_SIZE + 1)
    limit = MAX_YAML_SIZE if reader is _yaml else MAX_SIZE
    if len(raw) > limit:
        raise ConfigError(f"load: {name}: the file is larger than {limit} bytes")
    return build(f"load: {name}", reader(raw, name), run_steps)


def _json(raw: bytes, name: str) -> Any:
    import json  # noqa: PLC0415 - a config format is imported when a file needs it

    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise ConfigError(f"load: {name}: not valid JSON: {error}") from None


def _toml(raw: bytes, name: str) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:
        try:
            import tomli as tomllib  # noqa: PLC0415
        except ModuleNotFoundError:
            raise ImportError(
                f"load: {name}: reading TOML on Python 3.10 needs tomli: "
                "pip install 'schedkit[toml]'"
            ) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise ConfigError(f"load: {name}: not valid TOML: {error}") from None


def _yaml(raw: bytes, name: str) -> Any:
    try:
        import yaml  # noqa: PLC0415
    except ModuleNotFoundError:
        raise ImportError(
            f"load: {name}: reading YAML needs PyYAML: pip install 'schedkit[yaml]'"
        ) from None
    try:
        # The safe loader builds only plain data: no tags, no objects. Not its C
        # version: deep nesting crashes the interpreter there, where this one raises.
        return yaml.safe_load(raw)
    except Exception as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ConfigError(f"load: {name}: not valid YAML: {first}") from None


# ---------------------------------------------------------------- JSON Schema

_PERCENT_PATTERN = r"^[0-9]+(\.[0-9]+)?%$"


def config_schema() -> dict[str, Any]:
    """Return a JSON Schema (draft 2020-12) that every valid config satisfies.

    It is generated from the registered factories: each ``kind`` with its parameters,
    their types, defaults and descriptions, and relative durations where a parameter
    is a number of steps. Editors use it to check and complete config files; write it
    to a file with ``json.dump(config_schema(), file)``. A config can satisfy the
    schema and still be refused by :func:`from_config` for a bad value (a negative
    learning rate, a warmup longer than the run): the schema knows types, not ranges.

    Examples:
        >>> schema = config_schema()
        >>> schema["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
        >>> schema["$defs"]["cosine"]["required"]
        ['kind', 'base_lr', 'min_lr', 'total_steps']
    """
    kinds = names()
    defs: dict[str, Any] = {
        "steps": {
            "description": "A number of steps, or a fraction of the run such as '5%', "
            "resolved as floor(fraction * total_steps).",
            # No range: a framework may take a negative count (optax's transition_begin),
            # and ranges are the factories' to check.
            "anyOf": [
                {"type": "integer"},
                {"type": "string", "pattern": _PERCENT_PATTERN},
            ],
        },
        "schedule": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"description": "The schedule's factory.", "enum": kinds}},
            "allOf": [
                {
                    "if": {"required": ["kind"], "properties": {"kind": {"const": name}}},
                    "then": {"$ref": f"#/$defs/{name}"},
                }
                for name in kinds
            ],
        },
    }
    for name in kinds:
        found = spec(name)
        assert found is not None
        defs[name] = {
            "title": name,
            "description": _plain(found.summary),
            **_object(found, {"kind": {"const": name}}),
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "schedkit schedule",
        "description": "A schedule config: a kind and its parameters (schedkit.from_config).",
        "$ref": "#/$defs/schedule",
        "$defs": defs,
    }


def _object(found: Spec, head: dict[str, Any]) -> dict[str, Any]:
    properties = dict(head)
    for param in found.params:
        schema = _schema(param.form)
        if param.doc:
            schema = {**schema, "description": _plain(param.doc)}
        if not param.required:
            schema = {**schema, "default": param.default}
        properties[param.name] = schema
    required = [*head, *(param.name for param in found.params if param.required)]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _schema(form: Form) -> dict[str, Any]:  # noqa: PLR0911 - one case per kind of form
    shape = form.kind
    if shape in ("number", "integer", "boolean", "null"):
        return {"type": shape}
    if shape == "string":
        return {"enum": list(form.args)} if form.args else {"type": "string"}
    if shape == "steps":
        return {"$ref": "#/$defs/steps"}
    if shape == "schedule":
        return {"$ref": "#/$defs/schedule"}
    if shape == "any_of":
        return {"anyOf": [_schema(option) for option in form.args]}
    if shape == "list":
        return {"type": "array", "items": _schema(form.args[0])}
    if shape == "tuple":
        count = len(form.args)
        return {
            "type": "array",
            "prefixItems": [_schema(item) for item in form.args],
            "minItems": count,
            "maxItems": count,
        }
    if shape == "map":
        key, value = form.args
        keys = {
            "steps": {"pattern": r"^([0-9]+|[0-9]+(\.[0-9]+)?%)$"},
            "integer": {"pattern": "^[0-9]+$"},
        }.get(key.kind, {})
        return {"type": "object", "propertyNames": keys, "additionalProperties": _schema(value)}
    return _object(spec_of(form.args[0]), {})


def _plain(text: str) -> str:
    """Return docstring text without its reStructuredText marks."""
    import re  # noqa: PLC0415

    text = re.sub(r":\w+:`~?([^`]+)`", r"\1", text)
    text = re.sub(r"\*(\w[^*]*?)\*", r"\1", text)
    return text.replace("``", "")
