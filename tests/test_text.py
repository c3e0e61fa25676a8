"""Tests of the text reader: the call a repr shows, turned into config data."""

from __future__ import annotations

from typing import Any

import pytest

from schedkit._text import TextError, read


def data(text: str) -> Any:
    return read(text, max_depth=8, max_values=100)[0]


LITERALS = [
    # (the argument as text, the value read)
    ("1", 1),
    ("-1", -1),
    ("+2.5", 2.5),
    ("1_000", 1000),
    ("1e-3", 0.001),
    ("-1E+3", -1000.0),
    (".5", 0.5),
    ("5.", 5.0),
    ("-0.0", -0.0),
    ("'a'", "a"),
    ('"it\'s"', "it's"),
    (r"'\x41\u00e9\U0001F600\n\t\\'", "A\u00e9\U0001f600\n\t\\"),
    ("None", None),
    ("True", True),
    ("False", False),
    ("[]", []),
    ("[1, 2,]", [1, 2]),
    ("()", []),  # tuples are read as lists, as JSON has them
    ("(1,)", [1]),
    ("(1)", 1),  # parentheses alone group, as in Python
    ("(1, 'a')", [1, "a"]),
    ("{}", {}),
    ("{1: 0.5, 'b': [2]}", {1: 0.5, "b": [2]}),
]


@pytest.mark.parametrize(("text", "value"), LITERALS)
def test_literals(text: str, value: Any) -> None:
    read_value = data(f"constant(lr={text})")["lr"]
    assert read_value == value
    assert type(read_value) is type(value)


def test_calls_become_configs_with_positions() -> None:
    config, positions = read(
        "with_warmup(cosine(base_lr=1, min_lr=0, total_steps=9),\n warmup_steps='5%', start_lr=0)",
        max_depth=8,
        max_values=100,
    )
    assert config == {
        "kind": "with_warmup",
        "schedule": {"kind": "cosine", "base_lr": 1, "min_lr": 0, "total_steps": 9},
        "warmup_steps": "5%",
        "start_lr": 0,
    }
    # A keyword argument is found at its name; a positional one at its value.
    assert positions[("schedule",)] == 12
    assert positions[("schedule", "total_steps")] == 40
    assert positions[("warmup_steps",)] == 57


def test_a_star_parameter_gathers_the_positional_arguments() -> None:
    assert data("product(constant(lr=1), constant(lr=2))") == {
        "kind": "product",
        "schedules": [{"kind": "constant", "lr": 1}, {"kind": "constant", "lr": 2}],
    }


READ_ERRORS = [
    # (the text, the offset, the message)
    ("constant(lr='a\\q')", 14, r"^unknown escape '\\\\q' in a string$"),
    ("constant(lr='\\x4')", 13, r"^unknown escape '\\\\x' in a string$"),
    ("constant(lr='\\U00110000')", 13, r"^the escape \\U00110000 is past the last code point$"),
    ("constant(lr={[1]: 2})", 13, r"^a dict key must be a string or an integer, got \[1\]$"),
    ("constant(lr={'a' 2})", 17, r"^expected ':' after a dict key, found '2'$"),
    ("constant(lr=[1 2])", 15, r"^expected ',' between items, found '2'$"),
    ("constant(lr=-'a')", 12, r"^expected a value \(schedule calls such as cosine"),
    ("constant(lr=1, lr=2)", 15, r"^constant: lr is given twice$"),
    ("constant(kind=2)", 9, r"^constant: kind is given twice$"),
    ("constant(lr=" + "[" * 8, 19, r"^the text nests deeper than 8 levels$"),
    ("constant(lr=[" + "1," * 100 + "])", 209, r"^the text holds more than 100 values$"),
    ("constant(lr=1) constant(lr=2)", 15, r"^unexpected 'constant' after the schedule$"),
]


@pytest.mark.parametrize(("text", "offset", "message"), READ_ERRORS)
def test_read_errors(text: str, offset: int, message: str) -> None:
    with pytest.raises(TextError, match=message) as info:
        data(text)
    assert info.value.offset == offset
