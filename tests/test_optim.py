"""Tests for schedkit.optim: param groups and writing schedules into an optimizer.

The optimizer here is anything with ``param_groups``; the last tests drive a real
PyTorch optimizer where PyTorch is installed (CI installs it).
"""

from __future__ import annotations

import copy
import math
import re
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schedkit import (
    Schedule,
    ScheduleError,
    constant,
    cosine,
    exponential,
    linear,
    with_warmup,
)
from schedkit.optim import apply, param_groups
from strategies import parameter_shapes, schedules, small_steps

# A transformer-ish model: every kind of parameter the rules tell apart.
MODEL = [
    ("embed.weight", np.zeros((10, 4))),  # a matrix: decay
    ("blocks.0.norm.weight", np.ones(4)),  # one dimension: no decay
    ("blocks.0.norm.bias", np.zeros(4)),  # a bias: no decay
    ("blocks.0.attn.weight", np.zeros((4, 4))),  # a matrix: decay
    ("blocks.0.gate", np.zeros(())),  # a 0-d scalar: no decay
    ("head.weight", np.zeros((4, 2))),  # a matrix: decay
    ("head.bias", np.zeros(2)),  # a bias: no decay
    ("bias", np.zeros((2, 2))),  # a top-level bias, even with two dimensions: no decay
]

LR = with_warmup(cosine(base_lr=1e-3, min_lr=1e-5, total_steps=90), warmup_steps=10, start_lr=0.0)
DECAY = cosine(base_lr=0.04, min_lr=0.4, total_steps=100)


def summary(groups: list[dict[str, Any]]) -> list[tuple[list[str], float, float, float]]:
    return [
        (g["param_names"], g["lr_scale"], g["weight_decay"], g["weight_decay_scale"])
        for g in groups
    ]


def optimizer_of(groups: list[dict[str, Any]]) -> SimpleNamespace:
    """An optimizer as apply sees one: an object with param_groups."""
    return SimpleNamespace(param_groups=groups)


# ---------------------------------------------------------------- param_groups


def test_decay_is_kept_off_biases_norms_and_scalars() -> None:
    groups = param_groups(MODEL, weight_decay=0.05)
    assert summary(groups) == [
        (["embed.weight", "blocks.0.attn.weight", "head.weight"], 1.0, 0.05, 1.0),
        (
            ["blocks.0.norm.weight", "blocks.0.norm.bias", "blocks.0.gate", "head.bias", "bias"],
            1.0,
            0.0,
            0.0,
        ),
    ]


def test_groups_hold_the_parameters_themselves_in_order() -> None:
    groups = param_groups(iter(MODEL), weight_decay=0.05)  # any iterable, read once
    by_name = dict(MODEL)
    for group in groups:
        assert all(
            param is by_name[name]
            for param, name in zip(group["params"], group["param_names"], strict=True)
        )
    assert sorted(name for g in groups for name in g["param_names"]) == sorted(by_name)


def test_without_exclusion_every_parameter_takes_the_decay() -> None:
    groups = param_groups(MODEL, weight_decay=0.05, exclude_bias_and_norm=False)
    assert summary(groups) == [([name for name, _ in MODEL], 1.0, 0.05, 1.0)]


def test_lr_scales_split_groups_and_equal_settings_merge() -> None:
    scales = {"embed.weight": 0.25, "blocks.0.norm.weight": 0.25, "head.weight": 2.0}
    groups = param_groups(MODEL, weight_decay=0.1, lr_scale=scales)
    assert summary(groups) == [
        (["embed.weight"], 0.25, 0.1, 1.0),  # scaled, decayed
        (["blocks.0.norm.weight"], 0.25, 0.0, 0.0),  # scaled, not decayed
        (["blocks.0.norm.bias", "blocks.0.gate", "head.bias", "bias"], 1.0, 0.0, 0.0),
        (["blocks.0.attn.weight"], 1.0, 0.1, 1.0),
        (["head.weight"], 2.0, 0.1, 1.0),
    ]


def test_a_scale_of_zero_freezes_a_parameter() -> None:
    groups = param_groups(MODEL[:1], weight_decay=0.1, lr_scale={"embed.weight": 0})
    assert summary(groups) == [(["embed.weight"], 0.0, 0.1, 1.0)]


def test_decay_by_name_wins_over_the_exclusion_and_is_relative_to_the_base() -> None:
    decays = {"head.bias": 0.01, "embed.weight": 0.0, "head.weight": 0.08}
    groups = param_groups(MODEL, weight_decay=0.04, weight_decay_by_name=decays)
    assert summary(groups) == [
        (  # its own decay of 0, and those excluded by the rules
            ["embed.weight", "blocks.0.norm.weight", "blocks.0.norm.bias", "blocks.0.gate", "bias"],
            1.0,
            0.0,
            0.0,
        ),
        (["blocks.0.attn.weight"], 1.0, 0.04, 1.0),  # the base
        (["head.weight"], 1.0, 0.08, 2.0),  # twice the base
        (["head.bias"], 1.0, 0.01, 0.25),  # a bias given a decay of its own
    ]


def test_a_zero_base_decay_still_marks_the_groups_that_take_a_scheduled_decay() -> None:
    groups = param_groups(MODEL, weight_decay=0, weight_decay_by_name={"head.weight": 0.0})
    assert summary(groups) == [
        (["embed.weight", "blocks.0.attn.weight"], 1.0, 0.0, 1.0),  # 0 for now, scheduled later
        (
            [name for name, _ in MODEL if name not in ("embed.weight", "blocks.0.attn.weight")],
            1.0,
            0.0,
            0.0,
        ),
    ]
    apply(optimizer_of(groups), 50, weight_decay=DECAY)
    assert [g["weight_decay"] for g in groups] == [DECAY(50), 0.0]


@pytest.mark.parametrize(
    "shape",
    [
        (),  # a scalar
        (3,),  # a vector
    ],
)
def test_parameters_with_at_most_one_dimension_take_no_decay(shape: tuple[int, ...]) -> None:
    groups = param_groups([("layer_scale", np.ones(shape))], weight_decay=0.1)
    assert summary(groups) == [(["layer_scale"], 1.0, 0.0, 0.0)]


@given(parameter_shapes, st.floats(min_value=0.0, max_value=1.0), st.booleans())
def test_every_parameter_lands_in_one_group_with_its_rule(
    shapes: dict[str, list[int]], decay: float, exclude: bool
) -> None:
    named = [(name, np.zeros(shape)) for name, shape in shapes.items()]
    scales = {name: 0.5 ** len(name) for name in list(shapes)[::2]}
    groups = param_groups(named, weight_decay=decay, exclude_bias_and_norm=exclude, lr_scale=scales)
    order = list(shapes).index
    # Groups come in the order of their first parameter, parameters in the model's order.
    assert [order(g["param_names"][0]) for g in groups] == sorted(
        order(g["param_names"][0]) for g in groups
    )
    assert all(g["param_names"] == sorted(g["param_names"], key=order) for g in groups)
    placed = {name: g for g in groups for name in g["param_names"]}
    assert sorted(placed) == sorted(shapes)
    for name, shape in shapes.items():
        group = placed[name]
        excluded = exclude and (name.split(".")[-1] == "bias" or len(shape) <= 1)
        assert group["weight_decay"] == (0.0 if excluded else decay)
        assert group["weight_decay_scale"] == (0.0 if excluded else 1.0)
        assert group["lr_scale"] == scales.get(name, 1.0)
    settings = [(g["lr_scale"], g["weight_decay"], g["weight_decay_scale"]) for g in groups]
    assert len(settings) == len(set(settings))  # equal settings share one group


PARAM_GROUPS_ERRORS = [
    # the pairs
    (
        {"named_parameters": "embed.weight"},
        TypeError,
        "param_groups: named_parameters must be an iterable of (name, parameter) pairs, "
        "got named_parameters='embed.weight' (str)",
    ),
    (
        {"named_parameters": dict(MODEL)},  # a dict iterates over its names
        TypeError,
        "param_groups: named_parameters must be an iterable of (name, parameter) pairs, "
        "got named_parameters={",
    ),
    (
        {"named_parameters": 3},
        TypeError,
        "param_groups: named_parameters must be an iterable of (name, parameter) pairs, "
        "got named_parameters=3 (int)",
    ),
    (
        {"named_parameters": ["embed.weight"]},
        TypeError,
        "param_groups: named_parameters[0] must be a (name, parameter) pair, "
        "got named_parameters[0]='embed.weight' (str)",
    ),
    (
        {"named_parameters": [("a", np.zeros(2), 3)]},
        TypeError,
        "param_groups: named_parameters[0] must be a (name, parameter) pair, "
        "got named_parameters[0]=('a', array([0., 0.]), 3) (tuple)",
    ),
    (
        {"named_parameters": [(1, np.zeros(2))]},
        TypeError,
        "param_groups: named_parameters[0] must have a str name, got the name 1 (int)",
    ),
    (
        {"named_parameters": [("w", [1.0, 2.0])]},
        TypeError,
        "param_groups: named_parameters[0] must hold a parameter with ndim (a tensor or "
        "array), got 'w': [1.0, 2.0] (list)",
    ),
    (
        {"named_parameters": [("w", np.zeros(2)), ("w", np.zeros(2))]},
        ScheduleError,
        "param_groups: named_parameters must have distinct names, got 'w' twice",
    ),
    (
        {"named_parameters": [("w", MODEL[0][1]), ("tied", MODEL[0][1])]},
        ScheduleError,
        "param_groups: named_parameters must hold each parameter once, "
        "got the same parameter as 'w' and 'tied'",
    ),
    (
        {"named_parameters": []},
        ScheduleError,
        "param_groups: named_parameters must hold at least one pair, got none",
    ),
    # the base decay and the switch
    (
        {"weight_decay": -0.1},
        ScheduleError,
        "param_groups: weight_decay must be a non-negative number, got weight_decay=-0.1",
    ),
    (
        {"weight_decay": True},
        TypeError,
        "param_groups: weight_decay must be a real number, got weight_decay=True (bool)",
    ),
    (
        {"weight_decay": float("nan")},
        ScheduleError,
        "param_groups: weight_decay must be a finite number, got weight_decay=nan",
    ),
    (
        {"exclude_bias_and_norm": 1},
        TypeError,
        "param_groups: exclude_bias_and_norm must be True or False, "
        "got exclude_bias_and_norm=1 (int)",
    ),
    # the maps by name
    (
        {"lr_scale": [("head.weight", 2.0)]},
        TypeError,
        "param_groups: lr_scale must be a mapping of parameter name to number, "
        "got lr_scale=[('head.weight', 2.0)] (list)",
    ),
    (
        {"lr_scale": {0: 2.0}},
        TypeError,
        "param_groups: lr_scale must have parameter names as keys, got the key 0 (int)",
    ),
    (
        {"lr_scale": {"head.weight": -1.0}},
        ScheduleError,
        "param_groups: lr_scale['head.weight'] must be a non-negative number, "
        "got lr_scale['head.weight']=-1.0",
    ),
    (
        {"weight_decay_by_name": {"head.weight": "0.1"}},
        TypeError,
        "param_groups: weight_decay_by_name['head.weight'] must be a real number, "
        "got weight_decay_by_name['head.weight']='0.1' (str)",
    ),
    (
        {"lr_scale": {"head.wieght": 2.0}},
        ScheduleError,
        "param_groups: every key of lr_scale must name a parameter of named_parameters, "
        "got 1 that name none: 'head.wieght' (did you mean 'head.weight'?)",
    ),
    (
        {"weight_decay_by_name": {"blocks.1.attn.weight": 0.1, "decoder": 0.0}},
        ScheduleError,
        "param_groups: every key of weight_decay_by_name must name a parameter of "
        "named_parameters, got 2 that name none: 'blocks.1.attn.weight' (did you mean "
        "'blocks.0.attn.weight' or 'blocks.0.norm.weight'?), 'decoder'",
    ),
    (
        {"weight_decay": 0.0, "weight_decay_by_name": {"head.weight": 0.1}},
        ScheduleError,
        "param_groups: weight_decay must be positive when weight_decay_by_name gives a "
        "parameter a decay, since scheduled decay is a multiple of it, got weight_decay=0.0, "
        "weight_decay_by_name['head.weight']=0.1",
    ),
    (
        # A decay relative to a subnormal base is past the float range.
        {"weight_decay": 5e-324, "weight_decay_by_name": {"head.weight": 1.0}},
        ScheduleError,
        "param_groups: weight_decay_by_name['head.weight'] / weight_decay must be a finite "
        "number, since scheduled decay is a multiple of weight_decay, got "
        "weight_decay_by_name['head.weight']=1.0, weight_decay=5e-324",
    ),
]


@pytest.mark.parametrize(("changes", "error", "message"), PARAM_GROUPS_ERRORS)
def test_param_groups_errors(changes: dict[str, Any], error: type[Exception], message: str) -> None:
    arguments: dict[str, Any] = {"named_parameters": MODEL, "weight_decay": 0.1, **changes}
    with pytest.raises(error, match="^" + re.escape(message)):
        param_groups(**arguments)


# ---------------------------------------------------------------- apply


def test_apply_writes_scaled_lrs_and_relative_decays() -> None:
    groups = param_groups(
        MODEL,
        weight_decay=0.04,
        lr_scale={"embed.weight": 0.5},
        weight_decay_by_name={"head.weight": 0.08},
    )
    optimizer = optimizer_of(groups)
    for step in (0, 5, 10, 50, 100, 1000):
        apply(optimizer, step, lr=LR, weight_decay=DECAY)
        assert [(g["lr"], g["weight_decay"]) for g in groups] == [
            (LR(step) * 0.5, DECAY(step)),  # embed.weight: half the rate
            (LR(step), 0.0),  # biases, norms and scalars: no decay, ever
            (LR(step), DECAY(step)),  # blocks.0.attn.weight: the schedules as they are
            (LR(step), DECAY(step) * 2.0),  # head.weight: twice the base decay
        ]


def test_a_group_with_scale_one_gets_the_schedule_value_exactly() -> None:
    groups = param_groups(MODEL, weight_decay=0.1)
    for step in range(0, 120, 7):
        apply(optimizer_of(groups), step, lr=LR, weight_decay=DECAY)
        assert groups[0]["lr"] == LR(step)
        assert groups[0]["weight_decay"] == DECAY(step)


@given(schedules, small_steps, st.floats(min_value=0.0, max_value=10.0))
def test_apply_is_the_schedule_times_the_scale(schedule: Schedule, step: int, scale: float) -> None:
    groups: list[dict[str, Any]] = [{"lr_scale": scale}, {}]
    try:
        expected = schedule(step)
    except ScheduleError as error:  # past the float range: the same error, nothing written
        with pytest.raises(ScheduleError, match=re.escape(str(error))):
            apply(optimizer_of(groups), step, lr=schedule)
        assert groups == [{"lr_scale": scale}, {}]
        return
    apply(optimizer_of(groups), step, lr=schedule)
    assert expected == schedule(step)
    assert groups == [{"lr_scale": scale, "lr": schedule(step) * scale}, {"lr": schedule(step)}]


def test_apply_can_write_only_one_of_the_two() -> None:
    groups = param_groups(MODEL, weight_decay=0.1)
    apply(optimizer_of(groups), 50, weight_decay=DECAY)
    assert "lr" not in groups[0]
    assert groups[0]["weight_decay"] == DECAY(50)
    apply(optimizer_of(groups), 60, lr=LR)
    assert (groups[0]["lr"], groups[0]["weight_decay"]) == (LR(60), DECAY(50))


def test_apply_takes_numpy_steps_and_plain_callables() -> None:
    groups: list[dict[str, Any]] = [{}]
    apply(optimizer_of(groups), np.int64(30), lr=lambda step: step / 100)
    assert groups == [{"lr": 0.3}]


def test_groups_of_a_plain_optimizer_decide_their_decay_once() -> None:
    # As a hand-built optimizer has them: one group decayed, one not.
    groups: list[dict[str, Any]] = [{"weight_decay": 0.01}, {"weight_decay": 0.0}]
    rising = linear(base_lr=0.0, end_lr=0.1, total_steps=10)  # starts at 0
    apply(optimizer_of(groups), 0, weight_decay=rising)
    assert groups == [
        {"weight_decay": 0.0, "weight_decay_scale": 1.0},
        {"weight_decay": 0.0, "weight_decay_scale": 0.0},
    ]
    # The first group passed through 0 and still follows the schedule.
    apply(optimizer_of(groups), 5, weight_decay=rising)
    assert [g["weight_decay"] for g in groups] == [0.05, 0.0]


def test_apply_needs_a_group_that_takes_decay_and_leaves_the_optimizer_alone() -> None:
    # Only biases and norms: nothing takes decay.
    groups = param_groups(MODEL[1:3] + MODEL[-2:], weight_decay=0.1)
    for group in groups:
        group["lr"] = 1.0
    before = copy.deepcopy([{k: v for k, v in g.items() if k != "params"} for g in groups])
    with pytest.raises(
        ScheduleError,
        match=re.escape(
            "apply: weight_decay needs a param group that takes decay, got 1 group(s) that "
            "take none (weight_decay_scale=0, or weight_decay=0 in a group without a "
            "weight_decay_scale); build the groups with param_groups() or give the optimizer "
            "a positive weight_decay"
        ),
    ):
        apply(optimizer_of(groups), 3, lr=LR, weight_decay=DECAY)
    assert [{k: v for k, v in g.items() if k != "params"} for g in groups] == before


def test_plain_groups_with_different_decays_are_refused() -> None:
    groups: list[dict[str, Any]] = [{"weight_decay": 0.01}, {"weight_decay": 0.1}]
    with pytest.raises(
        ScheduleError,
        match=re.escape(
            "apply: param groups without weight_decay_scale must agree on their weight decay "
            "to follow one schedule, got param_groups[0] has 0.01, param_groups[1] has 0.1; "
            "build them with param_groups() or give each a weight_decay_scale"
        ),
    ):
        apply(optimizer_of(groups), 0, weight_decay=DECAY)
    assert groups == [{"weight_decay": 0.01}, {"weight_decay": 0.1}]


APPLY_ERRORS = [
    (
        {"lr": None},
        TypeError,
        "apply: give lr, weight_decay or both, got neither",
    ),
    (
        {"lr": 0.001},
        TypeError,
        "apply: lr must be a schedule (a callable from step to value), got lr=0.001 (float)",
    ),
    (
        {"weight_decay": "cosine"},
        TypeError,
        "apply: weight_decay must be a schedule (a callable from step to value), "
        "got weight_decay='cosine' (str)",
    ),
    (
        {"optimizer": object()},
        TypeError,
        "apply: optimizer must have param_groups, a list of dicts, got optimizer=<object",
    ),
    (
        {"optimizer": SimpleNamespace(param_groups=[1.0])},
        TypeError,
        "apply: optimizer must have param_groups, a list of dicts, "
        "got optimizer=namespace(param_groups=[1.0]) (SimpleNamespace)",
    ),
    (
        {"step": -1},
        ScheduleError,
        "apply: step must be a non-negative integer, got step=-1",
    ),
    (
        {"step": 1.0},
        TypeError,
        "apply: step must be an integer, got step=1.0 (float)",
    ),
    (
        {"step": True},
        TypeError,
        "apply: step must be an integer, got step=True (bool)",
    ),
    # What the schedule gives and what a group holds are checked before writing.
    (
        {"lr": lambda step: math.nan},
        ScheduleError,
        "apply: lr(step) must be a finite number, got lr(3)=nan",
    ),
    (
        # An integer past the float range is not a finite number either.
        {"lr": lambda step: 10**400},
        ScheduleError,
        "apply: lr(step) must be a finite number, got lr(3)=1000",
    ),
    (
        {"optimizer": SimpleNamespace(param_groups=[{"lr": 0.0, "lr_scale": 10**400}])},
        ScheduleError,
        "apply: optimizer.param_groups[0]['lr_scale'] must be a finite number at least 0",
    ),
    (
        {"lr": lambda step: "0.1"},
        TypeError,
        "apply: lr(step) must be a real number, got lr(3)='0.1' (str)",
    ),
    (
        {"optimizer": SimpleNamespace(param_groups=[{"lr": 0.0, "lr_scale": "x"}])},
        TypeError,
        "apply: optimizer.param_groups[0]['lr_scale'] must be a number, got "
        "optimizer.param_groups[0]['lr_scale']='x' (str)",
    ),
    (
        {"optimizer": SimpleNamespace(param_groups=[{"lr": 0.0, "lr_scale": -1.0}])},
        ScheduleError,
        "apply: optimizer.param_groups[0]['lr_scale'] must be a finite number at least 0, got "
        "optimizer.param_groups[0]['lr_scale']=-1.0",
    ),
    (
        {"lr": constant(lr=10.0), "optimizer": SimpleNamespace(param_groups=[{"lr_scale": 1e308}])},
        ScheduleError,
        "apply: lr(step) * optimizer.param_groups[0]['lr_scale'] must be a finite number, "
        "got lr(3)=10.0, optimizer.param_groups[0]['lr_scale']=1e+308",
    ),
]


@pytest.mark.parametrize(("changes", "error", "message"), APPLY_ERRORS)
def test_apply_errors(changes: dict[str, Any], error: type[Exception], message: str) -> None:
    arguments: dict[str, Any] = {
        "optimizer": optimizer_of([{"lr": 0.0}]),
        "step": 3,
        "lr": LR,
        **changes,
    }
    with pytest.raises(error, match="^" + re.escape(message)):
        apply(**arguments)


@pytest.mark.parametrize(
    ("second", "changes"),
    [
        # A bad multiplier in the second group: the first is not written either.
        ({"lr": 0.5, "lr_scale": "x", "weight_decay": 0.1}, {}),
        ({"lr": 0.5, "lr_scale": math.inf, "weight_decay": 0.1}, {}),
        # A decay schedule that gives a string, or nan, after lr is computed.
        ({"lr": 0.5, "weight_decay": 0.1}, {"weight_decay": lambda step: "0.2"}),
        ({"lr": 0.5, "weight_decay": 0.1}, {"weight_decay": lambda step: math.nan}),
        ({"lr": 0.5, "weight_decay": 0.1, "weight_decay_scale": -1.0}, {}),
    ],
)
def test_a_failure_anywhere_leaves_every_group_as_it_was(
    second: dict[str, Any], changes: dict[str, Any]
) -> None:
    groups: list[dict[str, Any]] = [{"lr": 0.5, "weight_decay": 0.1}, second]
    before = [dict(group) for group in groups]
    arguments: dict[str, Any] = {"lr": constant(lr=0.01), "weight_decay": constant(lr=0.2)}
    with pytest.raises((ScheduleError, TypeError), match=r"^apply: "):
        apply(optimizer_of(groups), 3, **{**arguments, **changes})
    assert groups == before


def test_apply_takes_a_value_float_takes() -> None:
    # A schedule of the user's may give a numpy float or a 0-d array; each is a number.
    groups: list[dict[str, Any]] = [{"lr": 0.0, "lr_scale": np.float32(0.5)}]
    apply(optimizer_of(groups), 3, lr=lambda step: np.array(0.25))  # type: ignore[arg-type,return-value]
    assert groups[0]["lr"] == 0.125


def test_a_schedule_error_reaches_the_caller_before_anything_is_written() -> None:
    groups: list[dict[str, Any]] = [{"lr": 0.5, "weight_decay": 0.1}]
    growing = exponential(base_lr=1e300, gamma=10.0)  # past the float range from step 9
    with pytest.raises(ScheduleError, match=r"^exponential: "):
        apply(optimizer_of(groups), 9, lr=growing, weight_decay=constant(lr=0.2))
    assert groups == [{"lr": 0.5, "weight_decay": 0.1}]


# ---------------------------------------------------------------- a real optimizer


def test_param_groups_and_apply_drive_a_torch_optimizer() -> None:
    torch = pytest.importorskip("torch", reason="python -m pip install torch==2.13.0")
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LayerNorm(4), torch.nn.Linear(4, 1))
    groups = param_groups(model.named_parameters(), weight_decay=0.05, lr_scale={"2.weight": 0.1})
    optimizer = torch.optim.AdamW(groups, lr=123.0)
    assert [g["param_names"] for g in optimizer.param_groups] == [
        ["0.weight"],
        ["0.bias", "1.weight", "1.bias", "2.bias"],
        ["2.weight"],
    ]
    for step in range(5):
        apply(optimizer, step, lr=LR, weight_decay=DECAY)
        assert [(g["lr"], g["weight_decay"]) for g in optimizer.param_groups] == [
            (LR(step), DECAY(step)),
            (LR(step), 0.0),
            (LR(step) * 0.1, DECAY(step)),
        ]
        model(torch.ones(2, 3)).sum().backward()
        optimizer.step()
    # The groups' records travel with the optimizer's state.
    saved = optimizer.state_dict()["param_groups"]
    assert [(g["lr_scale"], g["weight_decay_scale"]) for g in saved] == [
        (1.0, 1.0),
        (1.0, 0.0),
        (0.1, 1.0),
    ]


def test_a_plain_torch_optimizer_takes_a_decay_schedule() -> None:
    torch = pytest.importorskip("torch", reason="python -m pip install torch==2.13.0")
    optimizer = torch.optim.AdamW([torch.zeros(2, requires_grad=True)])  # weight_decay=0.01
    apply(optimizer, 7, weight_decay=DECAY)
    assert optimizer.param_groups[0]["weight_decay"] == DECAY(7)
    with pytest.raises(ScheduleError, match=r"^apply: weight_decay needs a param group"):
        apply(torch.optim.SGD([torch.zeros(2)], lr=0.1), 7, weight_decay=DECAY)


def test_the_optimizer_modules_import_no_framework() -> None:
    code = """
import sys
import schedkit.jax, schedkit.optim, schedkit.torch
print(sorted({"jax", "keras", "numpy", "optax", "torch"} & set(sys.modules)))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
