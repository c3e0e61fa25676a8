"""The text form of a schedule, read by a parser, never evaluated.

The text is the call a schedule's repr shows, such as
``with_warmup(cosine(base_lr=1e-3, min_lr=0.0, total_steps=900), warmup_steps=100,
start_lr=0.0)``. The parser turns it into the same data as a config (a dict with a
``kind`` per call), which the config builder then checks and builds. Only registered
schedule names may be called; the only other values are numbers (with a sign),
strings, lists, tuples, dicts and ``None``, ``True`` and ``False``. Nothing in the
text is imported, evaluated or looked up by attribute: a dotted name such as
``compat.torch.step_lr`` is one name, matched whole against the registry.
"""

from __future__ import annotations

from ._registry import spec, unknown_kind

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from ._spec import Spec

__all__ = ["TextError", "Where", "read"]

#: Where a value sits in a config: parameter names, list indices, and map keys
#: (written as they print, such as ``"['100']"``).
Where = tuple[str | int, ...]


class TextError(Exception):
    """The text is not a schedule: *detail* says why, *offset* where it went wrong."""

    def __init__(self, offset: int, detail: str, path: Where = ()) -> None:
        super().__init__(detail)
        self.offset = offset
        self.detail = detail
        self.path = path


_PATTERN = r"""
    (?P<space>\s+)
  | (?P<number>(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)
               (?:[eE][+-]?[0-9](?:_?[0-9])*)?)
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<punct>[()\[\]{},:=+-])
"""
_LITERALS = {"None": None, "True": True, "False": False}
_CLOSING = {"(": ")", "[": "]", "{": "}"}
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "0": "\0"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = "0123456789abcdefABCDEF"
_LAST_CODE_POINT = 0x10FFFF
# Python refuses to turn longer digit strings into an int (CVE-2020-10735).
_MAX_DIGITS = 4000
_VALUES = "schedule calls such as cosine(...), numbers, strings, lists, tuples, dicts"

_token_regex: Any = None


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """Yield the (kind, text, offset) tokens of *text*, spaces left out, then an end.

    Read as the parser asks, so a text refused early (too many values) costs no more
    than the part read.
    """
    global _token_regex  # noqa: PLW0603 - compiled on first use, so importing stays cheap
    if _token_regex is None:
        import re  # noqa: PLC0415

        _token_regex = re.compile(_PATTERN, re.VERBOSE)
    offset, end = 0, len(text)
    while offset < end:
        match = _token_regex.match(text, offset)
        if match is None:
            raise TextError(offset, f"unexpected character {text[offset]!r}")
        kind = match.lastgroup
        if kind != "space":
            yield kind, match.group(), offset
        offset = match.end()
    yield "end", "", end


class _Reader:
    def __init__(self, text: str, max_depth: int, max_values: int) -> None:
        self.tokens = _tokens(text)
        # The tokens read ahead of the parser: at most two, as it looks one past the next.
        self.ahead: list[tuple[str, str, int]] = []
        self.depth = 0
        self.values = 0
        self.max_depth = max_depth
        self.max_values = max_values
        self.positions: dict[Where, int] = {}

    def peek(self, ahead: int = 0) -> tuple[str, str, int]:
        while len(self.ahead) <= ahead:
            if self.ahead and self.ahead[-1][0] == "end":
                return self.ahead[-1]
            self.ahead.append(next(self.tokens))
        return self.ahead[ahead]

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token[0] != "end":
            self.ahead.pop(0)
        return token

    def expect(self, text: str, context: str) -> None:
        kind, found, offset = self.take()
        if found != text or kind not in ("punct", "end"):
            shown = "the end of the text" if kind == "end" else repr(found)
            raise TextError(offset, f"expected {text!r} {context}, found {shown}")

    def enter(self, offset: int) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise TextError(offset, f"the text nests deeper than {self.max_depth} levels")

    def value(self, path: Where) -> Any:
        kind, text, offset = self.peek()
        self.positions[path] = offset
        self.values += 1
        if self.values > self.max_values:
            raise TextError(offset, f"the text holds more than {self.max_values} values")
        if kind == "punct" and text in "+-" and self.peek(1)[0] == "number":
            self.take()
            number = _number(*self.take()[1:])
            return -number if text == "-" else number
        if kind == "number":
            return _number(*self.take()[1:])
        if kind == "string":
            self.take()
            return _unescape(text, offset)
        if kind == "name":
            return self.name(path)
        if kind == "punct" and text in _CLOSING:
            self.take()
            self.enter(offset)
            result = {"(": self.read_tuple, "[": self.read_list, "{": self.read_dict}[text](path)
            self.depth -= 1
            return result
        shown = "the end of the text" if kind == "end" else repr(text)
        raise TextError(offset, f"expected a value ({_VALUES}), found {shown}")

    def name(self, path: Where) -> Any:
        _, text, offset = self.take()
        if self.peek()[1] == "(":
            self.take()
            self.enter(offset)
            result = self.call(text, offset, path)
            self.depth -= 1
            return result
        if text in _LITERALS:
            return _LITERALS[text]
        raise TextError(
            offset,
            f"{text!r} is not a value: a text holds only {_VALUES}, None, True and False",
        )

    def items(self, closing: str, path: Where, items: list[Any] | None = None) -> list[Any]:
        items = [] if items is None else items
        while self.peek()[1] != closing:
            items.append(self.value((*path, len(items))))
            if self.peek()[1] != closing:
                self.expect(",", "between items")
        self.take()
        return items

    def read_list(self, path: Where) -> list[Any]:
        return self.items("]", path)

    def read_tuple(self, path: Where) -> Any:
        if self.peek()[1] == ")":
            self.take()
            return []
        first = self.value((*path, 0))
        if self.peek()[1] == ")":
            # (x) is x, as in Python; a one-item tuple needs its comma.
            self.take()
            self.positions[path] = self.positions.pop((*path, 0))
            return first
        self.expect(",", "between items")
        return self.items(")", path, [first])

    def read_dict(self, path: Where) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        while self.peek()[1] != "}":
            offset = self.peek()[2]
            key = self.value((*path, "[key]"))
            del self.positions[(*path, "[key]")]
            if type(key) not in (str, int):
                raise TextError(offset, f"a dict key must be a string or an integer, got {key!r}")
            if key in result:
                raise TextError(offset, f"the key {key!r} is given twice")
            self.expect(":", "after a dict key")
            key_path = (*path, f"[{key!r}]")
            result[key] = self.value(key_path)
            self.positions[key_path] = offset
            if self.peek()[1] != "}":
                self.expect(",", "between items")
        self.take()
        return result

    def call(self, name: str, offset: int, path: Where) -> dict[str, Any]:
        found = spec(name)
        if found is None:
            raise TextError(offset, unknown_kind(name), (*path, "kind"))
        self.positions[(*path, "kind")] = offset
        config: dict[str, Any] = {"kind": name}
        slots = [param for param in found.params if param.how != "keyword"]
        keywords = False
        while self.peek()[1] != ")":
            kind, text, at = self.peek()
            if kind == "name" and self.peek(1)[1] == "=":
                self.take()
                self.take()
                keywords = True
                if text == "kind" or text in config:
                    raise TextError(at, f"{name}: {text} is given twice")
                config[text] = self.value((*path, text))
                self.positions[(*path, text)] = at
            elif keywords:
                raise TextError(at, f"{name}: a positional argument follows a keyword argument")
            else:
                self.positional(found, slots, config, path)
            if self.peek()[1] != ")":
                self.expect(",", f"between the arguments of {name}(...)")
        self.take()
        return config

    def positional(
        self, found: Spec, slots: list[Any], config: dict[str, Any], path: Where
    ) -> None:
        at = self.peek()[2]
        taken = sum(1 for param in slots if param.how == "positional" and param.name in config)
        if taken < len(slots) and slots[taken].how == "positional":
            param = slots[taken]
            config[param.name] = self.value((*path, param.name))
            return
        star = slots[-1] if slots and slots[-1].how == "star" else None
        if star is None:
            keywords = ", ".join(f"{param.name}=..." for param in found.params)
            raise TextError(at, f"{found.name} takes its parameters by keyword ({keywords})")
        items = config.setdefault(star.name, [])
        items.append(self.value((*path, star.name, len(items))))


def _number(text: str, offset: int) -> int | float:
    plain = text.replace("_", "")
    if len(plain) > _MAX_DIGITS:
        raise TextError(offset, f"the number has more than {_MAX_DIGITS} digits")
    if any(mark in plain for mark in ".eE"):
        return float(plain)
    return int(plain)


def _unescape(token: str, offset: int) -> str:
    body = token[1:-1]
    if "\\" not in body:
        return body
    out = []
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        mark = body[index + 1]
        if mark in _ESCAPES:
            out.append(_ESCAPES[mark])
            index += 2
            continue
        width = _HEX_ESCAPES.get(mark)
        digits = body[index + 2 : index + 2 + width] if width else ""
        if not width or len(digits) != width or any(c not in _HEX_DIGITS for c in digits):
            raise TextError(
                offset + 1 + index, f"unknown escape {body[index : index + 2]!r} in a string"
            )
        code = int(digits, 16)
        if code > _LAST_CODE_POINT:
            raise TextError(
                offset + 1 + index, f"the escape \\{mark}{digits} is past the last code point"
            )
        out.append(chr(code))
        index += 2 + width
    return "".join(out)


def read(text: str, *, max_depth: int, max_values: int) -> tuple[Any, dict[Where, int]]:
    """Return the config data *text* describes, and the offset in *text* of each path."""
    reader = _Reader(text, max_depth, max_values)
    kind, _, offset = reader.peek()
    if kind != "name" or reader.peek(1)[1] != "(":
        raise TextError(offset, "the text must be a schedule call, such as cosine(...)")
    data = reader.value(())
    kind, found, offset = reader.peek()
    if kind != "end":
        raise TextError(offset, f"unexpected {found!r} after the schedule")
    return data, reader.positions
