"""Tests of schedkit.config: configs, the text form, config files and the JSON Schema."""

from __future__ import annotations

import contextlib
import json
import pathlib
import pickle
import re
import sys
import tracemalloc
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schedkit
import strategies

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib
from schedkit import (
    ConfigError,
    ScheduleError,
    ScheduleTypeError,
    compat,
    config,
    config_schema,
    constant,
    cosine,
    from_config,
    linear,
    load,
    multi_step,
    parse,
    scale_by_group,
    sequential,
    to_config,
    warmup_stable_decay,
    with_warmup,
)
from schedkit import _registry as registry
from schedkit.config import MAX_DEPTH, MAX_SIZE, MAX_VALUES, MAX_YAML_SIZE

WARM_COSINE = with_warmup(
    cosine(base_lr=1e-3, min_lr=0.0, total_steps=900), warmup_steps=100, start_lr=0.0
)
WARM_COSINE_CONFIG = {
    "kind": "with_warmup",
    "schedule": {"kind": "cosine", "base_lr": 0.001, "min_lr": 0.0, "total_steps": 900},
    "warmup_steps": 100,
    "start_lr": 0.0,
    "shape": "linear",
}
VALIDATOR = jsonschema.Draft202012Validator(config_schema())


def is_json_data(value: object) -> bool:
    """Whether *value* holds only what JSON holds, with string keys."""
    if isinstance(value, dict):
        return all(type(key) is str and is_json_data(item) for key, item in value.items())
    if isinstance(value, list):
        return all(is_json_data(item) for item in value)
    return value is None or type(value) in (bool, int, float, str)


def assert_round_trips(schedule: schedkit.Schedule) -> None:
    config = to_config(schedule)
    assert is_json_data(config)
    assert config["kind"] == schedule.name
    again = from_config(config)
    assert again == schedule
    assert again(0) == schedule(0)
    assert from_config(json.loads(json.dumps(config))) == schedule
    assert parse(repr(schedule)) == schedule
    VALIDATOR.validate(config)


# ---------------------------------------------------------------- round trips


def test_to_config_writes_every_parameter_and_nests_children() -> None:
    assert to_config(WARM_COSINE) == WARM_COSINE_CONFIG
    assert from_config(WARM_COSINE_CONFIG) == WARM_COSINE
    # Defaults left out of a config are the factory's.
    assert from_config({**WARM_COSINE_CONFIG, "shape": "linear"}) == WARM_COSINE
    short = {key: value for key, value in WARM_COSINE_CONFIG.items() if key != "shape"}
    assert from_config(short) == WARM_COSINE


def test_to_config_of_sequences_maps_and_framework_schedules() -> None:
    phases = sequential([(10, constant(lr=0.5)), (20, linear(base_lr=1, end_lr=0, total_steps=20))])
    assert to_config(phases)["phases"] == [
        [10, {"kind": "constant", "lr": 0.5}],
        [20, {"kind": "linear", "base_lr": 1.0, "end_lr": 0.0, "total_steps": 20}],
    ]
    product = schedkit.product(constant(lr=2.0), constant(lr=3.0))
    assert to_config(product) == {
        "kind": "product",
        "schedules": [{"kind": "constant", "lr": 2.0}, {"kind": "constant", "lr": 3.0}],
    }
    # Map keys become strings, and come back as steps.
    optax = compat.optax.piecewise_constant_schedule(
        init_value=1.0, boundaries_and_scales={100: 0.5, 200: 0.1}
    )
    assert to_config(optax) == {
        "kind": "compat.optax.piecewise_constant_schedule",
        "init_value": 1.0,
        "boundaries_and_scales": {"100": 0.5, "200": 0.1},
    }
    assert from_config(to_config(optax)) == optax
    torch = compat.torch.cosine_annealing_lr(base_lr=0.1, T_max=100)
    assert to_config(torch) == {
        "kind": "compat.torch.cosine_annealing_lr",
        "base_lr": 0.1,
        "T_max": 100,
        "eta_min": 0.0,
    }


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.schedules)
def test_catalog_and_composites_round_trip(schedule: schedkit.Schedule) -> None:
    assert_round_trips(schedule)


@pytest.mark.parametrize("name", registry.names())
# A draw a factory refuses is rejected; some factories (one_cycle's divisors) refuse many.
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_every_registered_factory_round_trips(name: str, data: st.DataObject) -> None:
    assert_round_trips(data.draw(strategies.registered(name)))


def test_a_group_schedule_has_no_config() -> None:
    groups = scale_by_group(constant(lr=1.0), multipliers={"head": 1.0})
    with pytest.raises(TypeError, match=r"^to_config: schedule must be a Schedule; scale_by_group"):
        to_config(groups)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^to_config: schedule must be a Schedule made by a "):
        to_config(lambda step: 0.1)  # type: ignore[arg-type]


# ---------------------------------------------------------------- relative durations

PERCENT_CASES = [
    # (the string, the run's length, the step count: floor(fraction * N), exactly)
    ("5%", 1000, 50),  # the plain case
    ("33.3%", 1000, 333),  # a decimal fraction, rounded down
    ("29%", 100, 29),  # 0.29 * 100 is 28.999999999999996 in floats: computed exactly
    ("12.5%", 8, 1),  # one step exactly
    ("0.5%", 999, 4),  # 4.995 rounds down
    ("100%", 7, 7),  # the whole run
    ("150%", 10, 15),  # past the run: a length longer than the run is allowed
]


@pytest.mark.parametrize(("text", "run", "expected"), PERCENT_CASES)
def test_a_fraction_of_the_run_is_floored(text: str, run: int, expected: int) -> None:
    config = {"kind": "cosine", "base_lr": 1.0, "min_lr": 0.0, "total_steps": text}
    assert from_config(config, total_steps=run).length == expected
    assert parse(f"cosine(base_lr=1.0, min_lr=0.0, total_steps={text!r})", total_steps=run) == (
        cosine(base_lr=1.0, min_lr=0.0, total_steps=expected)
    )


def test_fractions_resolve_in_lists_pairs_maps_and_nested_schedules() -> None:
    config = {
        "kind": "sequential",
        "phases": [
            ["10%", {"kind": "constant", "lr": 1.0}],
            [
                "90%",
                {"kind": "multi_step", "base_lr": 1.0, "milestones": ["50%", 700], "gamma": 0.1},
            ],
        ],
    }
    assert from_config(config, total_steps=1000) == sequential(
        [(100, constant(lr=1.0)), (900, multi_step(base_lr=1.0, milestones=[500, 700], gamma=0.1))]
    )
    optax = {
        "kind": "compat.optax.piecewise_constant_schedule",
        "init_value": 1.0,
        "boundaries_and_scales": {"50%": 0.5, "90%": 0.5},
    }
    assert from_config(optax, total_steps=200) == compat.optax.piecewise_constant_schedule(
        init_value=1.0, boundaries_and_scales={100: 0.5, 180: 0.5}
    )
    wsd = parse(
        "warmup_stable_decay(base_lr=1e-3, warmup_steps='1%', decay_steps='20%', "
        "total_steps='100%', end_lr=0.0, start_lr=0.0, decay_shape='1-sqrt')",
        total_steps=10_000,
    )
    assert wsd == warmup_stable_decay(
        base_lr=1e-3, warmup_steps=100, decay_steps=2000, total_steps=10_000,
        end_lr=0.0, start_lr=0.0, decay_shape="1-sqrt",
    )  # fmt: skip


def test_to_config_of_a_resolved_schedule_holds_steps() -> None:
    resolved = parse("cosine(base_lr=1.0, min_lr=0.0, total_steps='50%')", total_steps=300)
    assert to_config(resolved)["total_steps"] == 150


# ---------------------------------------------------------------- config errors

DEEP: Any = {"kind": "constant", "lr": 1.0}
for _ in range(MAX_DEPTH):
    DEEP = {"kind": "scale", "schedule": DEEP, "factor": 1.0}
CYCLE: list[Any] = []
CYCLE.append(CYCLE)

CONFIG_ERRORS: list[tuple[Any, str, str]] = [
    # (the config, where, the message after "from_config: ")
    ({"kind": "cosin"}, "kind", r"at kind: unknown schedule kind 'cosin'; did you mean 'cosine'\?$"),
    # a framework's name finds the compat schedule
    ({"kind": "cosine_annealing_lr"}, "kind",
     r"at kind: unknown schedule kind 'cosine_annealing_lr'; "
     r"did you mean 'compat.torch.cosine_annealing_lr' or "),
    # nothing is close: point at the list of kinds
    ({"kind": "os.system"}, "kind",
     r"at kind: unknown schedule kind 'os.system'; the command `schedkit list` shows every kind$"),
    # a noether config names its own kinds
    ({"kind": "noether.core.schedules.LinearWarmupCosineDecaySchedule"}, "kind",
     r"a noether config is read by schedkit.compat.noether.from_config$"),
    ({"base_lr": 1.0}, "", r"^from_config: a schedule config needs a 'kind', such as 'cosine'$"),
    ({"kind": 3}, "kind", r"at kind: kind must be a string, got 3 \(int\)$"),
    ([1, 2], "", r"^from_config: a schedule is a dict with a 'kind' and its parameters, "
     r"got \[1, 2\] \(list\)$"),
    ({"kind": "cosine", "base_lr": 1.0, "min_lr": 0.0, "total_stps": 10}, "total_stps",
     r"at total_stps: cosine has no parameter 'total_stps' \(did you mean 'total_steps'\?\); "
     r"its parameters are base_lr, min_lr, total_steps$"),
    ({"kind": "cosine", "base_lr": 1.0}, "",
     r"^from_config: cosine needs min_lr, total_steps; its parameters are base_lr, min_lr, "
     r"total_steps$"),
    # a wrong type: the factory's own message, at the parameter
    ({"kind": "cosine", "base_lr": "1e-3", "min_lr": 0.0, "total_steps": 10}, "base_lr",
     r"at base_lr: cosine: base_lr must be a real number, got base_lr='1e-3' \(str\)$"),
    ({"kind": "cosine", "base_lr": 1.0, "min_lr": 0.0, "total_steps": 10.0}, "total_steps",
     r"at total_steps: cosine: total_steps must be an integer, got total_steps=10.0 \(float\)$"),
    ({"kind": "cosine", "base_lr": True, "min_lr": 0.0, "total_steps": 10}, "base_lr",
     r"at base_lr: cosine: base_lr must be a real number, got base_lr=True \(bool\)$"),
    # a bad value deep in a document
    ({"kind": "sequential", "phases": [
        [10, {"kind": "constant", "lr": 1.0}],
        [90, {"kind": "cosine", "base_lr": 1.0, "min_lr": 0.0, "total_steps": 0}]]},
     "phases[1][1].total_steps",
     r"at phases\[1\]\[1\].total_steps: cosine: total_steps must be a positive integer, "
     r"got total_steps=0$"),
    ({"kind": "interpolate", "points": [[0, 1.0], [5, "x"]], "shape": "linear"}, "points[1][1]",
     r"at points\[1\]\[1\]: interpolate: points\[1\]\[1\] must be a real number"),
    # a relation that one parameter breaks points at that one
    ({"kind": "clip", "schedule": {"kind": "constant", "lr": 1.0}, "min_value": 2, "max_value": 1},
     "min_value", r"^from_config: at min_value: clip: min_value must be at most max_value, got min_value=2.0, "
     r"max_value=1.0$"),
    # ... inside a list of schedules too
    ({"kind": "compat.torch.chained_scheduler",
      "schedulers": [{"kind": "compat.torch.constant_lr", "base_lr": 0.0},
                     {"kind": "compat.torch.constant_lr", "base_lr": 1.0}]},
     "schedulers[1].base_lr",
     r"^from_config: at schedulers\[1\]\.base_lr: compat\.torch\.chained_scheduler: every "
     r"scheduler must have the same base_lr, got schedulers\[0\]\.base_lr=0\.0, "
     r"schedulers\[1\]\.base_lr=1\.0$"),
    # a relation between several stays at the schedule
    ({"kind": "cosine", "base_lr": 1e308, "min_lr": -1e308, "total_steps": 10}, "",
     r"^from_config: cosine: base_lr - min_lr must be a finite number, got base_lr=1e\+308, "
     r"min_lr=-1e\+308$"),
    # another factory's arguments, inside a list
    ({"kind": "compat.optax.sgdr_schedule",
      "cosine_kwargs": [{"init_value": 0.0, "peak_value": 1.0, "warmup_steps": -1,
                         "decay_steps": 10}]},
     "cosine_kwargs[0].warmup_steps",
     r"^from_config: at cosine_kwargs\[0\]\.warmup_steps: compat\.optax\.sgdr_schedule: "
     r"cosine_kwargs\[0\]: warmup_steps must be a non-negative integer, got warmup_steps=-1$"),
    # a parameter of the wrong kind
    ({"kind": "scale", "schedule": {"kind": "constant", "lr": 1.0}, "factor": "x"}, "factor",
     r"^from_config: at factor: scale: factor must be a real number, got factor='x' \(str\)$"),
    ({"kind": "with_warmup", "schedule": 0.1, "warmup_steps": 5, "start_lr": 0.0}, "schedule",
     r"at schedule: a schedule is a dict with a 'kind' and its parameters, got 0.1 \(float\)$"),
    ({"kind": "product", "schedules": {"kind": "constant", "lr": 1.0}}, "schedules",
     r"at schedules: schedules must be a list, got \{'kind': 'constant', 'lr': 1.0\} \(dict\)$"),
    # durations relative to the run
    ({"kind": "cosine", "base_lr": 1.0, "min_lr": 0.0, "total_steps": "5%"}, "total_steps",
     r"at total_steps: '5%' is a fraction of the run, which needs its length: give total_steps$"),
    ({"kind": "cosine", "base_lr": 1.0, "min_lr": 0.0, "total_steps": "-5%"}, "total_steps",
     r"at total_steps: a number of steps must be an integer, or a fraction of the run such as "
     r"'5%', got '-5%'$"),
    ({"kind": "compat.optax.piecewise_constant_schedule", "init_value": 1.0,
      "boundaries_and_scales": {"ten": 0.5}}, "boundaries_and_scales['ten']",
     r"at boundaries_and_scales\['ten'\]: a number of steps must be an integer, or a fraction"),
    # a dict of another factory's arguments is checked like a config
    ({"kind": "compat.optax.sgdr_schedule", "cosine_kwargs": [{"init_value": 0.0}]},
     "cosine_kwargs[0]",
     r"at cosine_kwargs\[0\]: compat.optax.warmup_cosine_decay_schedule needs peak_value, "
     r"warmup_steps, decay_steps; its parameters are "),
    ({"kind": "compat.optax.sgdr_schedule", "cosine_kwargs": [{"peak": 1.0}]},
     "cosine_kwargs[0].peak", r"has no parameter 'peak'"),
    # hostile shapes: too deep, too large, cyclic, not JSON-like
    (DEEP, "schedule" + ".schedule" * (MAX_DEPTH - 1),
     rf"the config nests deeper than {MAX_DEPTH} levels$"),
    (CYCLE, "[0]" * MAX_DEPTH, rf"the config nests deeper than {MAX_DEPTH} levels$"),
    ({"kind": "multi_step", "base_lr": 1.0, "milestones": [1] * MAX_VALUES, "gamma": 0.5}, "",
     rf"the config holds more than {MAX_VALUES} values$"),
    ({"kind": "constant", "lr": {1.0}}, "lr",
     r"at lr: a config holds only dicts, lists, strings, numbers, booleans and None, "
     r"got \{1.0\} \(set\)$"),
    ({"kind": "constant", (1, 2): 1.0}, "",
     r"^from_config: a config's keys must be strings or integers, got \(1, 2\) \(tuple\)$"),
    ({"kind": "constant", 5: 1.0}, "[5]", r"at \[5\]: constant has no parameter 5; "),
    ({"kind": "constant", "lr": 10**400}, "lr", r"at lr: constant: lr must be a finite number"),
    ({"kind": "cosine_restarts", "base_lr": 1.0, "min_lr": 0.0, "period": 1, "t_mult": 2,
      "max_cycles": 10**12}, "", r"cosine_restarts: the end step must be below 2 \*\* 1024"),
]  # fmt: skip


@pytest.mark.parametrize(("config", "where", "message"), CONFIG_ERRORS)
def test_config_errors_say_where_what_and_what_is_allowed(
    config: Any, where: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        from_config(config)
    assert str(info.value).startswith("from_config: ")
    assert info.value.path == where
    # As every ScheduleError, it carries the place as its parameter.
    assert info.value.param == (where or None)
    assert isinstance(info.value, ScheduleError)
    assert isinstance(info.value, ValueError)


def test_from_config_checks_its_own_arguments() -> None:
    with pytest.raises(TypeError, match=r"^from_config: total_steps must be an integer, got "):
        from_config(WARM_COSINE_CONFIG, total_steps=1.5)  # type: ignore[arg-type]
    with pytest.raises(ScheduleError, match=r"^parse: total_steps must be a positive integer, "):
        parse("constant(lr=1.0)", total_steps=0)
    with pytest.raises(TypeError, match=r"^parse: text must be a string, got text=b'x' \(bytes\)$"):
        parse(b"x")  # type: ignore[arg-type]


def test_a_config_error_pickles_with_its_path() -> None:
    with pytest.raises(ConfigError) as info:
        from_config({"kind": "cosin"})
    again = pickle.loads(pickle.dumps(info.value))
    assert (str(again), again.path) == (str(info.value), "kind")


# ---------------------------------------------------------------- the text form


def test_parse_reads_the_repr_form() -> None:
    assert (
        parse(
            "with_warmup(cosine(base_lr=1e-3, min_lr=0.0, total_steps=900), warmup_steps=100, "
            "start_lr=0.0)"
        )
        == WARM_COSINE
    )
    # Spaces, newlines, trailing commas, tuples or lists, signs and underscores.
    text = """
        sequential([
            (1_000, linear(base_lr=-1, end_lr=+2.5e-1, total_steps=1_000,),),
            [10, compat.torch.step_lr(base_lr=.5, step_size=2, gamma=1.)],
        ])
    """
    assert parse(text) == sequential(
        [
            (1000, linear(base_lr=-1.0, end_lr=0.25, total_steps=1000)),
            (10, compat.torch.step_lr(base_lr=0.5, step_size=2, gamma=1.0)),
        ]
    )
    # Dicts, None, True and escapes in strings.
    assert parse(
        "compat.optax.exponential_decay(init_value=1.0, transition_steps=10, decay_rate=0.5, "
        "staircase=True, end_value=None)"
    ) == compat.optax.exponential_decay(
        init_value=1.0, transition_steps=10, decay_rate=0.5, staircase=True
    )
    assert parse(
        "with_warmup(constant(lr=1.0), warmup_steps=2, start_lr=0.0, shape='\\x6cinear')"
    ) == (with_warmup(constant(lr=1.0), warmup_steps=2, start_lr=0.0))
    assert parse("product(constant(lr=2.0), constant(lr=3.0))")(0) == 6.0


TEXT_ERRORS = [
    # (the text, the message after "parse: ", the column the caret points at, from 1)
    ("cosine(base_lr=__import__('os'), min_lr=0.0, total_steps=100)",
     r"at base_lr.kind, line 1, column 16: unknown schedule kind '__import__'", 16),
    ("cosine(base_lr=os.environ, min_lr=0.0, total_steps=100)",
     r"at line 1, column 16: 'os.environ' is not a value: a text holds only schedule calls", 16),
    ("cosine(base_lr=1e-3 * 2, min_lr=0.0, total_steps=100)",
     r"at line 1, column 21: unexpected character '\*'", 21),
    ("cosine(base_lr=[i for i in x], min_lr=0.0, total_steps=100)",
     r"at line 1, column 17: 'i' is not a value", 17),
    ("cosine(base_lr=lambda: 1, min_lr=0.0, total_steps=100)",
     r"at line 1, column 16: 'lambda' is not a value", 16),
    ("cosine(base_lr=1.0, min_lr=0.0, total_steps=100) + constant(lr=1)",
     r"at line 1, column 50: unexpected '\+' after the schedule", 50),
    ("cosine(1.0, 0.0, 100)",
     r"at line 1, column 8: cosine takes its parameters by keyword \(base_lr=..., min_lr=..., "
     r"total_steps=...\)", 8),
    ("cosine(base_lr=1.0, base_lr=2.0)", r"at line 1, column 21: cosine: base_lr is given twice", 21),
    ("with_warmup(warmup_steps=1, constant(lr=1.0))",
     r"at line 1, column 29: with_warmup: a positional argument follows a keyword argument", 29),
    ("cosine(base_lr='1.0", r"at line 1, column 16: unexpected character \"'\"", 16),
    ("constant(lr='\\q')", r"at line 1, column 14: unknown escape '\\\\q' in a string", 14),
    ("constant(lr=1.0", r"at line 1, column 16: expected ',' between the arguments of constant\(...\), "
     r"found the end of the text", 16),
    ("", r"at line 1, column 1: the text must be a schedule call, such as cosine\(...\)", 1),
    ("0.1", r"at line 1, column 1: the text must be a schedule call", 1),
    ("constant(lr=\u0661)", r"at line 1, column 13: unexpected character '\u0661'", 13),
    ("constant(lr=" + "9" * 5000 + ")", r"at line 1, column 13: the number has more than 4000 digits", 13),
    ("constant(lr=" + "[" * (MAX_DEPTH + 1), rf"at line 1, column 76: the text nests deeper than {MAX_DEPTH} levels", 12 + MAX_DEPTH),
    ("compat.optax.piecewise_constant_schedule(init_value=1.0, boundaries_and_scales={1: 0.5, 1: 0.1})",
     r"at line 1, column 89: the key 1 is given twice", 89),
    # a factory's message, pointed at the parameter on the right line
    ("sequential([\n  (10, constant(lr=1.0)),\n  (90, cosine(base_lr=1.0, min_lr=0.0, total_steps=0)),\n])",
     r"at phases\[1\]\[1\].total_steps, line 3, column 40: cosine: total_steps must be a "
     r"positive integer, got total_steps=0", 40),
    ("cosine(base_lr=1.0, min_lr=0.0, totl_steps=9)",
     r"at totl_steps, line 1, column 33: cosine has no parameter 'totl_steps' \(did you mean "
     r"'total_steps'\?\)", 33),
    ("cosine(base_lr=1.0, min_lr=0.0)", r"at line 1, column 1: cosine needs total_steps", 1),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message", "column"), TEXT_ERRORS)
def test_text_errors_point_at_the_offending_part(text: str, message: str, column: int) -> None:
    with pytest.raises(ConfigError, match=rf"^parse: {message}") as info:
        parse(text)
    first, shown, caret = str(info.value).split("\n")
    found = re.search(r"line (\d+), column (\d+):", first)
    assert found is not None
    assert int(found[2]) == column
    line = text.split("\n")[int(found[1]) - 1]
    if len(line) < 60:
        # The line is shown whole, with a caret under the offending part.
        assert shown == "    " + line
        assert caret == "    " + " " * (column - 1) + "^"


def test_a_long_line_is_shown_around_the_offending_part() -> None:
    text = (
        "interpolate(points=["
        + ", ".join(f"({i}, 1.0)" for i in range(100))
        + ", (100, 'x')], shape='linear')"
    )
    with pytest.raises(ConfigError) as info:
        parse(text)
    _, shown, caret = str(info.value).split("\n")
    assert shown.startswith("    ...")

    assert len(shown) < 140
    assert shown[caret.index("^") :].startswith("'x')")


def test_a_text_too_long_is_refused_before_it_is_read() -> None:
    with pytest.raises(
        ConfigError, match=rf"^parse: the text is longer than {MAX_SIZE} characters$"
    ):
        parse(" " * (MAX_SIZE + 1))


def test_a_text_is_refused_once_it_holds_too_many_values_not_after_reading_it() -> None:
    # The text is read token by token: the count stops it long before the character
    # at its end that is not a value at all.
    items = ",".join(["1"] * (MAX_VALUES + 10))
    text = f"multi_step(base_lr=1.0, gamma=0.5, milestones=[{items}]) ?"
    assert len(text) <= MAX_SIZE
    with pytest.raises(ConfigError, match=rf"the text holds more than {MAX_VALUES} values\n"):
        parse(text)


def test_a_config_too_large_is_refused_before_its_items_are_visited() -> None:
    # Ten million milestones are counted by their list's length, not one by one: the
    # refusal allocates nothing for them.
    milestones = [1] * 10**7
    data = {"kind": "multi_step", "base_lr": 1.0, "milestones": milestones, "gamma": 0.5}
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError, match=rf"more than {MAX_VALUES} values$"):
            from_config(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


# ---------------------------------------------------------------- files

DOCUMENTS = {
    "warmup.json": json.dumps(WARM_COSINE_CONFIG),
    "warmup.toml": """\
kind = "with_warmup"
warmup_steps = "10%"
start_lr = 0.0

[schedule]
kind = "cosine"
base_lr = 1e-3
min_lr = 0.0
total_steps = "90%"
""",
    "warmup.yaml": """\
kind: with_warmup
warmup_steps: 10%
start_lr: 0.0
schedule:
  kind: cosine
  base_lr: 1.0e-3
  min_lr: 0.0
  total_steps: 90%
""",
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_load_reads_json_toml_and_yaml(name: str, tmp_path: pathlib.Path) -> None:
    path = tmp_path / name
    path.write_text(DOCUMENTS[name])
    assert load(path, total_steps=1000) == WARM_COSINE
    assert load(str(path), total_steps=1000) == WARM_COSINE


def test_load_reads_yml_and_upper_case_suffixes(tmp_path: pathlib.Path) -> None:
    (tmp_path / "a.yml").write_text(DOCUMENTS["warmup.yaml"])
    (tmp_path / "b.JSON").write_text(DOCUMENTS["warmup.json"])
    assert load(tmp_path / "a.yml", total_steps=1000) == load(tmp_path / "b.JSON") == WARM_COSINE


FILE_ERRORS = [
    # (file name, its content, the message after "load: <path>: ")
    ("a.txt", "{}", r"cannot tell the format from the suffix '.txt'; use .json, .toml, .yaml or .yml$"),
    ("a.json", "{'kind': 1}", r"not valid JSON: Expecting property name enclosed in double quotes"),
    ("a.json", "[" * 100_000 + "]" * 100_000, r"not valid JSON: maximum recursion depth exceeded"),
    ("a.json", '{"kind": "constant", "lr": ' + "9" * 5000 + "}", r"not valid JSON: Exceeds the limit"),
    ("a.json", b'{"kind": "\xff"}', r"not valid JSON: 'utf-8' codec can't decode byte 0xff"),
    ("a.toml", "kind = ", r"not valid TOML: Invalid value \(at end of document\)$"),
    ("a.yaml", "kind: [", r"not valid YAML: while parsing a flow node$"),
    # YAML tags that build objects are refused by the safe loader
    ("a.yaml", "kind: !!python/object/apply:os.system ['true']",
     r"not valid YAML: could not determine a constructor for the tag "),
    ("a.yaml", "[" * 40_000, r"not valid YAML: "),
    # a billion laughs: aliases make a small file a huge tree, stopped by the count
    ("a.yaml", "a: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)),
     rf"the config holds more than {MAX_VALUES} values$"),
    ("a.yaml", "kind: constant\nlr: 2024-01-01\n",
     r"at lr: a config holds only dicts, lists, strings, numbers, booleans and None, "
     r"got datetime.date\(2024, 1, 1\) \(date\)$"),
    # a YAML mistake: PyYAML reads 1e-3 (no dot) as a string
    ("a.yaml", "kind: constant\nlr: 1e-3\n",
     r"at lr: constant: lr must be a real number, got lr='1e-3' \(str\)$"),
    ("a.toml", "kind = 'cosine'\nbase_lr = 1.0\nmin_lr = 0.0\ntotal_steps = 0\n",
     r"at total_steps: cosine: total_steps must be a positive integer, got total_steps=0$"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), FILE_ERRORS)
def test_load_errors_name_the_file(
    name: str, content: str | bytes, message: str, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(ConfigError, match=message) as info:
        load(path)
    assert str(info.value).startswith(f"load: {path}: ")


def test_load_refuses_a_file_too_large(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_SIZE + 1))
    with pytest.raises(ConfigError, match=rf": the file is larger than {MAX_SIZE} bytes$"):
        load(path)


def test_load_refuses_a_yaml_file_over_its_own_limit_before_parsing_it(
    tmp_path: pathlib.Path,
) -> None:
    # YAML is read far more slowly than JSON: its limit is lower, and checked first
    # (this file is not valid YAML at all, which parsing would say).
    path = tmp_path / "big.yaml"
    path.write_bytes(b"[" * (MAX_YAML_SIZE + 1))
    with pytest.raises(ConfigError, match=rf": the file is larger than {MAX_YAML_SIZE} bytes$"):
        load(path)


@pytest.mark.parametrize("path", [None, 3, ["a.json"]])
def test_load_of_something_not_a_path_is_a_type_error(path: object) -> None:
    with pytest.raises(ScheduleTypeError, match=r"^load: path must be a path \(a str or an os"):
        load(path)  # type: ignore[arg-type]


def test_load_of_a_missing_file_is_an_os_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.json")


def test_yaml_without_pyyaml_names_the_extra(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("kind: constant\nlr: 1.0\n")
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(
        ImportError, match=r"reading YAML needs PyYAML: pip install 'schedkit\[yaml\]'$"
    ):
        load(path)


@pytest.mark.skipif(sys.version_info >= (3, 11), reason="TOML is in the standard library")
def test_toml_on_python_3_10_without_tomli_names_the_extra(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.toml"
    path.write_text("kind = 'constant'\nlr = 1.0\n")
    assert load(path) == constant(lr=1.0)  # with tomli, from the dev dependencies
    monkeypatch.setitem(sys.modules, "tomli", None)
    with pytest.raises(ImportError, match=r"needs tomli: pip install 'schedkit\[toml\]'$"):
        load(path)


# ---------------------------------------------------------------- the JSON Schema


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = config_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["schedule"]["properties"]["kind"]["enum"] == registry.names()
    assert set(schema["$defs"]) == {"steps", "schedule", *registry.names()}
    assert json.loads(json.dumps(schema)) == schema
    cosine_def = schema["$defs"]["cosine"]
    assert cosine_def["properties"]["total_steps"] == {
        "$ref": "#/$defs/steps",
        "description": "the step at which min_lr is reached, at least 1.",
    }
    assert cosine_def["additionalProperties"] is False
    warmup = schema["$defs"]["with_warmup"]["properties"]["shape"]
    assert warmup["enum"] == ["linear", "cosine", "exponential"]
    assert warmup["default"] == "linear"


@pytest.mark.parametrize(
    "config",
    [
        WARM_COSINE_CONFIG,
        {"kind": "cosine", "base_lr": 1, "min_lr": 0, "total_steps": "95%"},
        {"kind": "sequential", "phases": [["5%", {"kind": "constant", "lr": 1.0}]]},
        {"kind": "compat.optax.piecewise_constant_schedule", "init_value": 1.0,
         "boundaries_and_scales": {"100": 0.5, "50%": 0.5}},
        {"kind": "compat.noether.linear_warmup_cosine_decay_schedule", "max_value": 1e-3,
         "total_steps": 1000, "warmup_percent": 0.05},
        # optax takes negative counts: the schema checks types, the factory ranges
        to_config(compat.optax.linear_schedule(init_value=0.0, end_value=1.0,
                                               transition_steps=4, transition_begin=-2)),
    ],
)  # fmt: skip
def test_valid_configs_satisfy_the_schema(config: dict[str, Any]) -> None:
    VALIDATOR.validate(config)


@pytest.mark.parametrize(
    "config",
    [
        {"kind": "cosin"},  # an unknown kind
        {"base_lr": 1.0},  # no kind
        {"kind": "cosine", "base_lr": 1, "min_lr": 0},  # a missing parameter
        {"kind": "cosine", "base_lr": 1, "min_lr": 0, "total_steps": 9, "extra": 1},  # unknown
        {"kind": "cosine", "base_lr": "1", "min_lr": 0, "total_steps": 9},  # a string for a number
        {"kind": "cosine", "base_lr": 1, "min_lr": 0, "total_steps": "5 %"},  # not a percentage
        {"kind": "cosine", "base_lr": 1, "min_lr": 0, "total_steps": 1.5},  # a count not whole
        {"kind": "with_warmup", "schedule": {"kind": "constant"}, "warmup_steps": 1,
         "start_lr": 0},  # a nested config missing its parameter
        {"kind": "sequential", "phases": [[5]]},  # a pair of one
        {"kind": "with_warmup", "schedule": {"kind": "constant", "lr": 1}, "warmup_steps": 1,
         "start_lr": 0, "shape": "cos"},  # a string not among the choices
    ],
)  # fmt: skip
def test_invalid_configs_fail_the_schema(config: dict[str, Any]) -> None:
    assert not VALIDATOR.is_valid(config)


# ---------------------------------------------------------------- hostile input, fuzzed


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(strategies.json_like, strategies.config_like),
    total_steps=st.one_of(st.none(), st.integers(min_value=1, max_value=10**6)),
)
def test_from_config_of_anything_builds_or_raises_a_config_error(
    data: Any, total_steps: int | None
) -> None:
    try:
        schedule = from_config(data, total_steps=total_steps)
    except ConfigError:
        return
    assert isinstance(schedule, schedkit.Schedule)
    assert from_config(to_config(schedule)) == schedule


@settings(max_examples=500, deadline=None)
@given(strategies.texts)
def test_parse_of_any_text_builds_or_raises_a_config_error(text: str) -> None:
    try:
        schedule = parse(text, total_steps=1000)
    except ConfigError:
        return
    assert parse(repr(schedule)) == schedule


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule=strategies.schedules, data=st.data())
def test_parse_of_a_mangled_repr_builds_or_raises_a_config_error(
    schedule: schedkit.Schedule, data: st.DataObject
) -> None:
    text = repr(schedule)
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=min(len(text), start + 5)))
    mangled = text[:start] + data.draw(st.text(max_size=3)) + text[end:]
    with contextlib.suppress(ConfigError):
        parse(mangled)


# ---------------------------------------------------------------- the docs' examples

DOCS = pathlib.Path(__file__).parent.parent / "docs" / "configs.md"
BLOCKS = re.findall(r"```(json|toml|yaml)\n(.*?)```", DOCS.read_text(), re.DOTALL)


def test_the_docs_show_each_format() -> None:
    assert [language for language, _ in BLOCKS] == ["json", "toml", "yaml", "yaml"]


@pytest.mark.parametrize(("index", "expected"), [
    # the warmup into a cosine: 5% and 95% of 10,000 steps
    (0, with_warmup(cosine(base_lr=1e-3, min_lr=1e-5, total_steps=9500), warmup_steps=500,
                    start_lr=0.0)),
    # the WSD run: a 100-step warmup and a 2,000-step cooldown
    (1, warmup_stable_decay(base_lr=3e-4, warmup_steps=100, decay_steps=2000, total_steps=10_000,
                            end_lr=0.0, start_lr=0.0, decay_shape="1-sqrt")),
    # three phases
    (2, sequential([(500, linear(base_lr=0.0, end_lr=1e-3, total_steps=500)),
                    (4500, constant(lr=1e-3)),
                    (5000, cosine(base_lr=1e-3, min_lr=1e-5, total_steps=5000))])),
    # a framework's schedule under its own name
    (3, compat.noether.linear_warmup_cosine_decay_schedule(
        max_value=1e-3, total_steps=10_000, warmup_percent=0.05, end_value=1e-6)),
])  # fmt: skip
def test_the_docs_examples_load(
    index: int, expected: schedkit.Schedule, tmp_path: pathlib.Path
) -> None:
    language, text = BLOCKS[index]
    path = tmp_path / f"example.{language}"
    path.write_text(text)
    assert load(path, total_steps=10_000) == expected
    VALIDATOR.validate(load_data(path))


def load_data(path: pathlib.Path) -> Any:
    if path.suffix == ".json":
        return json.loads(path.read_text())
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text())
    return yaml.safe_load(path.read_text())


def test_an_arithmetic_error_a_factory_lets_out_is_still_located(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No factory should raise one; if one does, the reader still says where.
    def broken(**arguments: object) -> schedkit.Schedule:
        raise OverflowError("int too large to convert to float")

    real = registry.spec

    def spec(name: str) -> Any:
        found = real(name)
        assert found is not None
        return found._replace(factory=broken) if name == "constant" else found

    monkeypatch.setattr(config, "spec", spec)
    data = {"kind": "with_warmup", "schedule": {"kind": "constant", "lr": 1.0},
            "warmup_steps": 5, "start_lr": 0.0}  # fmt: skip
    with pytest.raises(ConfigError) as info:
        from_config(data)
    assert str(info.value) == (
        "from_config: at schedule: constant: OverflowError: int too large to convert to float"
    )
    assert info.value.path == "schedule"
