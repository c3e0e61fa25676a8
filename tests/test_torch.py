"""Tests for schedkit.torch: LambdaLR driven by a schedule, against the real PyTorch.

The module is skipped where PyTorch is absent (CI installs torch 2.13.0 on Python
3.11), except the test of the message that says how to install it.
"""

from __future__ import annotations

import copy
import io
import json
import pickle
import re
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedkit import (
    Schedule,
    ScheduleError,
    cosine,
    from_config,
    inverse_sqrt,
    linear,
    multi_step,
    with_warmup,
)
from schedkit.optim import apply, param_groups
from schedkit.torch import lambda_lr
from strategies import registered, schedules

INSTALL = "python -m pip install torch==2.13.0"

LR = with_warmup(cosine(base_lr=0.3, min_lr=1e-4, total_steps=40), warmup_steps=10, start_lr=0.0)


@pytest.fixture
def torch() -> Any:
    return pytest.importorskip("torch", reason=INSTALL)


def model(torch: Any) -> Any:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LayerNorm(4), torch.nn.Linear(4, 1))


def run(torch: Any, optimizer: Any, scheduler: Any, updates: int) -> list[list[float]]:
    """Step the optimizer and scheduler *updates* times; return get_last_lr() after each."""
    seen = []
    for _ in range(updates):
        optimizer.step()
        scheduler.step()
        seen.append(scheduler.get_last_lr())
    return seen


@pytest.mark.parametrize(
    "initial_lr",
    [
        123.0,  # far from the schedule
        1e-8,  # tiny
        0.0,  # zero, which a multiplier of it could never leave
    ],
)
def test_get_last_lr_is_the_schedule_exactly(torch: Any, initial_lr: float) -> None:
    optimizer = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=initial_lr)
    scheduler = lambda_lr(optimizer, LR)
    assert scheduler.get_last_lr() == [LR(0)]
    seen = run(torch, optimizer, scheduler, 60)
    assert seen == [[LR(step)] for step in range(1, 61)]
    assert optimizer.param_groups[0]["lr"] == LR(60)


def test_lr_scales_of_param_groups_agree_with_apply(torch: Any) -> None:
    net = model(torch)
    scales = {"0.weight": 0.25, "0.bias": 0.25}
    groups = param_groups(net.named_parameters(), weight_decay=0.1, lr_scale=scales)
    optimizer = torch.optim.AdamW(groups, lr=1.0)
    scheduler = lambda_lr(optimizer, LR)
    twin = [{key: value for key, value in g.items() if key != "params"} for g in groups]
    for step in range(1, 55):
        optimizer.step()
        scheduler.step()
        apply_to = type("Optimizer", (), {"param_groups": twin})()
        apply(apply_to, step, lr=LR)
        assert scheduler.get_last_lr() == [g["lr"] for g in twin]
        assert scheduler.get_last_lr() == [LR(step) * g["lr_scale"] for g in groups]


def test_one_schedule_per_group(torch: Any) -> None:
    first, second = torch.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)
    optimizer = torch.optim.SGD([{"params": [first]}, {"params": [second]}], lr=0.5)
    other = multi_step(base_lr=1.0, milestones=[3], gamma=0.1)
    scheduler = lambda_lr(optimizer, [LR, other])
    seen = run(torch, optimizer, scheduler, 6)
    assert seen == [[LR(step), other(step)] for step in range(1, 7)]


def test_the_state_dict_keeps_the_schedule_as_plain_data(torch: Any) -> None:
    optimizer = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.5)
    scheduler = lambda_lr(optimizer, LR)
    run(torch, optimizer, scheduler, 12)
    state = scheduler.state_dict()
    assert state["last_epoch"] == 12
    assert json.loads(json.dumps(state["lr_lambdas"])) == [
        {
            "config": {
                "kind": "with_warmup",
                "schedule": {
                    "kind": "cosine",
                    "base_lr": 0.3,
                    "min_lr": 0.0001,
                    "total_steps": 40,
                },
                "warmup_steps": 10,
                "start_lr": 0.0,
                "shape": "linear",
            }
        }
    ]


def test_a_state_dict_round_trip_restores_the_step_and_the_schedule(torch: Any) -> None:
    optimizer = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.5)
    scheduler = lambda_lr(optimizer, LR)
    run(torch, optimizer, scheduler, 12)
    buffer = io.BytesIO()
    torch.save({"scheduler": scheduler.state_dict(), "optimizer": optimizer.state_dict()}, buffer)
    buffer.seek(0)
    # PyTorch's default since 2.6: only plain data loads.
    checkpoint = torch.load(buffer, weights_only=True)

    fresh = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=99.0)
    resumed = lambda_lr(fresh, linear(base_lr=1.0, end_lr=0.0, total_steps=3))
    fresh.load_state_dict(checkpoint["optimizer"])
    resumed.load_state_dict(checkpoint["scheduler"])
    assert resumed.last_epoch == 12
    multiplier: Any = resumed.lr_lambdas[0]
    assert multiplier.schedule == LR
    assert run(torch, fresh, resumed, 30) == [[LR(step)] for step in range(13, 43)]


def test_a_lambda_is_what_the_state_dict_drops(torch: Any) -> None:
    # The failure lambda_lr exists for: PyTorch keeps None in place of a lambda.
    optimizer = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=1.0)
    plain = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 0.5**step)
    assert plain.state_dict()["lr_lambdas"] == [None]


@settings(max_examples=60)
@given(st.one_of(schedules, registered("compat.transformers.get_cosine_schedule_with_warmup")))
def test_every_schedule_survives_the_state_dict(schedule: Schedule) -> None:
    torch = pytest.importorskip("torch", reason=INSTALL)
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    state = lambda_lr(optimizer, schedule).state_dict()
    assert from_config(state["lr_lambdas"][0]["config"]) == schedule


def test_the_multiplier_pickles_and_copies(torch: Any) -> None:
    optimizer = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.5)
    scheduler = lambda_lr(optimizer, LR)
    multiplier = scheduler.lr_lambdas[0]
    assert repr(multiplier) == f"_Multiplier({LR!r})"
    again = pickle.loads(pickle.dumps(multiplier))
    assert again.schedule == LR
    assert [again(step) for step in range(50)] == [LR(step) for step in range(50)]
    twin: Any = copy.deepcopy(scheduler)
    assert twin.lr_lambdas[0].schedule == LR


def test_the_base_lrs_are_the_groups_lr_scales(torch: Any) -> None:
    first, second = torch.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)
    groups = [{"params": [first], "lr_scale": 0.5, "initial_lr": 7.0}, {"params": [second]}]
    optimizer = torch.optim.SGD(groups, lr=3.0)
    scheduler = lambda_lr(optimizer, LR)
    assert scheduler.base_lrs == [0.5, 1.0]
    assert [g["initial_lr"] for g in optimizer.param_groups] == [0.5, 1.0]


LAMBDA_LR_ERRORS = [
    (
        {"optimizer": [1.0]},
        TypeError,
        "lambda_lr: optimizer must be a torch.optim.Optimizer, got optimizer=[1.0] (list)",
    ),
    (
        {"schedule": lambda step: 0.1},
        TypeError,
        "lambda_lr: schedule must be a Schedule made by a schedkit factory, "
        "got schedule=<function <lambda> at",
    ),
    (
        {"schedule": [LR, LR]},
        ScheduleError,
        "lambda_lr: schedule must hold one schedule per param group, got 2 for 1 group(s)",
    ),
    (
        {"schedule": [0.1]},
        TypeError,
        "lambda_lr: schedule[0] must be a Schedule made by a schedkit factory, "
        "got schedule[0]=0.1 (float)",
    ),
    (
        {"lr_scale": -1.0},
        ScheduleError,
        "lambda_lr: param_groups[0]['lr_scale'] must be a non-negative number, "
        "got param_groups[0]['lr_scale']=-1.0",
    ),
]


@pytest.mark.parametrize(("changes", "error", "message"), LAMBDA_LR_ERRORS)
def test_lambda_lr_errors(
    torch: Any, changes: dict[str, Any], error: type[Exception], message: str
) -> None:
    group: dict[str, Any] = {"params": [torch.zeros(2, requires_grad=True)]}
    if "lr_scale" in changes:
        group["lr_scale"] = changes.pop("lr_scale")
    arguments = {"optimizer": torch.optim.SGD([group], lr=0.1), "schedule": LR, **changes}
    with pytest.raises(error, match="^" + re.escape(message)):
        lambda_lr(**arguments)


def test_an_unbounded_schedule_runs_on(torch: Any) -> None:
    schedule = inverse_sqrt(base_lr=0.1, warmup_steps=4)
    optimizer = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.1)
    scheduler = lambda_lr(optimizer, schedule)
    assert run(torch, optimizer, scheduler, 100)[-1] == [schedule(100)]


def test_without_torch_the_message_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(
        ImportError,
        match=re.escape(
            "schedkit.torch.lambda_lr needs PyTorch, which is not installed; "
            "install it with: pip install torch"
        ),
    ):
        lambda_lr(object(), LR)  # type: ignore[arg-type]
