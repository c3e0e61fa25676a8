"""schedkit.compat.transformers against transformers' own schedulers."""

from __future__ import annotations

from typing import Any

import pytest

from schedkit.compat import transformers as compat

from .conftest import assert_agree, framework

torch = framework("torch")
optimization = framework("transformers.optimization")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

BASE_LR = 3e-4


def run(function: str, steps: int, **kwargs: Any) -> list[float]:
    """The lr after 0, 1, ..., steps - 1 scheduler steps of transformers' schedule."""
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.AdamW([parameter], lr=BASE_LR)
    if function == "get_scheduler":
        scheduler = optimization.get_scheduler(optimizer=optimizer, **kwargs)
    else:
        scheduler = getattr(optimization, function)(optimizer, **kwargs)
    values = [optimizer.param_groups[0]["lr"]]
    for _ in range(steps - 1):
        optimizer.step()
        scheduler.step()
        values.append(optimizer.param_groups[0]["lr"])
    return values


CASES = [
    # (function, its kwargs) per row; each is run for 1.5 times its length or more
    ("get_constant_schedule", {}),
    ("get_constant_schedule_with_warmup", {"num_warmup_steps": 7}),
    ("get_constant_schedule_with_warmup", {"num_warmup_steps": 0}),
    ("get_linear_schedule_with_warmup", {"num_warmup_steps": 10, "num_training_steps": 97}),
    ("get_linear_schedule_with_warmup", {"num_warmup_steps": 1, "num_training_steps": 5}),
    ("get_cosine_schedule_with_warmup", {"num_warmup_steps": 10, "num_training_steps": 100}),
    (  # past N the cosine rises again
        "get_cosine_schedule_with_warmup",
        {"num_warmup_steps": 0, "num_training_steps": 33, "num_cycles": 0.75},
    ),
    (
        "get_cosine_with_hard_restarts_schedule_with_warmup",
        {"num_warmup_steps": 5, "num_training_steps": 65, "num_cycles": 3},
    ),
    (
        "get_polynomial_decay_schedule_with_warmup",
        {"num_warmup_steps": 4, "num_training_steps": 50, "lr_end": 1e-6, "power": 2.0},
    ),
    ("get_polynomial_decay_schedule_with_warmup", {"num_warmup_steps": 0, "num_training_steps": 9}),
    ("get_inverse_sqrt_schedule", {"num_warmup_steps": 8}),
    ("get_inverse_sqrt_schedule", {"num_warmup_steps": 0}),  # timescale 10000
    ("get_inverse_sqrt_schedule", {"num_warmup_steps": 5, "timescale": 3}),
    (
        "get_cosine_with_min_lr_schedule_with_warmup",
        {"num_warmup_steps": 10, "num_training_steps": 80, "min_lr": 1e-5},
    ),
    (
        "get_cosine_with_min_lr_schedule_with_warmup",
        {"num_warmup_steps": 3, "num_training_steps": 40, "min_lr_rate": 0.1},
    ),
    (
        "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
        {"num_warmup_steps": 10, "num_training_steps": 80, "min_lr_rate": 0.05},
    ),
    (
        "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
        {"num_warmup_steps": 6, "num_training_steps": 30, "min_lr": 1e-5, "warmup_lr_rate": 0.2},
    ),
    ("get_wsd_schedule", {"num_warmup_steps": 5, "num_decay_steps": 10, "num_training_steps": 40}),
    (
        "get_wsd_schedule",
        {
            "num_warmup_steps": 6,
            "num_decay_steps": 9,
            "num_stable_steps": 7,
            "warmup_type": "cosine",
            "decay_type": "1-sqrt",
            "min_lr_ratio": 0.1,
        },
    ),
    (
        "get_wsd_schedule",
        {
            "num_warmup_steps": 4,
            "num_decay_steps": 12,
            "num_stable_steps": 0,
            "warmup_type": "1-sqrt",
            "decay_type": "linear",
        },
    ),
]


@pytest.mark.parametrize(("function", "kwargs"), CASES)
def test_schedules(function: str, kwargs: dict[str, Any]) -> None:
    ours = getattr(compat, function)(base_lr=BASE_LR, **kwargs)
    steps = 150
    assert_agree(
        f"{function}({kwargs})", [ours(t) for t in range(steps)], run(function, steps, **kwargs)
    )


NAMES = [
    ("constant", {}),
    ("constant_with_warmup", {"num_warmup_steps": 5}),
    ("linear", {"num_warmup_steps": 5, "num_training_steps": 50}),
    ("cosine", {"num_warmup_steps": 5, "num_training_steps": 50}),
    (
        "cosine_with_restarts",
        {
            "num_warmup_steps": 5,
            "num_training_steps": 50,
            "scheduler_specific_kwargs": {"num_cycles": 2},
        },
    ),
    (
        "polynomial",
        {
            "num_warmup_steps": 5,
            "num_training_steps": 50,
            "scheduler_specific_kwargs": {"power": 3.0},
        },
    ),
    ("inverse_sqrt", {"num_warmup_steps": 5, "scheduler_specific_kwargs": {"timescale": 20}}),
    (
        "cosine_with_min_lr",
        {
            "num_warmup_steps": 5,
            "num_training_steps": 50,
            "scheduler_specific_kwargs": {"min_lr": 1e-5},
        },
    ),
    (
        "cosine_warmup_with_min_lr",
        {
            "num_warmup_steps": 5,
            "num_training_steps": 50,
            "scheduler_specific_kwargs": {"min_lr_rate": 0.1},
        },
    ),
    (
        "warmup_stable_decay",
        {
            "num_warmup_steps": 5,
            "num_training_steps": 50,
            "scheduler_specific_kwargs": {"num_decay_steps": 10},
        },
    ),
]


@pytest.mark.parametrize(("name", "kwargs"), NAMES)
def test_get_scheduler(name: str, kwargs: dict[str, Any]) -> None:
    ours = compat.get_scheduler(name, base_lr=BASE_LR, **kwargs)
    theirs = run("get_scheduler", 80, name=name, **kwargs)
    assert_agree(f"get_scheduler({name!r})", [ours(t) for t in range(80)], theirs)


def factor_at(function: str, **kwargs: Any) -> Any:
    """transformers' lr lambda of *function*, which LambdaLR multiplies by the lr."""
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.AdamW([parameter], lr=BASE_LR)
    return getattr(optimization, function)(optimizer, **kwargs).lr_lambdas[0]


FAR = [
    # (function, its kwargs, steps) per row, far into the run, where the lambda is
    # called directly: across the cosines' switch to an exactly reduced phase at 1024
    # periods (a phase of 1024 at 10240 steps in for N - W = 10 and half a cosine)
    ("get_cosine_schedule_with_warmup", {"num_warmup_steps": 0, "num_training_steps": 10},
     range(10230, 10250)),
    # 0.75 cycles over 30 steps: 1024 at 1024 * 4 * 30 / 6 = 20480 steps in
    ("get_cosine_with_min_lr_schedule_with_warmup",
     {"num_warmup_steps": 3, "num_training_steps": 33, "num_cycles": 0.75, "min_lr_rate": 0.1},
     range(20470, 20500)),
    ("get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
     {"num_warmup_steps": 3, "num_training_steps": 33, "num_cycles": 0.75, "min_lr_rate": 0.1},
     range(20470, 20500)),
    # 600 cycles over a decay of 10 steps: the phase passes 1024 within the decay
    ("get_wsd_schedule",
     {"num_warmup_steps": 2, "num_decay_steps": 10, "num_stable_steps": 3, "num_cycles": 600.0},
     range(15)),
    # a span of 2 ** 60: the float progress reaches 1 at 2 ** 60 - 64
    ("get_cosine_with_hard_restarts_schedule_with_warmup",
     {"num_warmup_steps": 0, "num_training_steps": 2**60},
     [2**60 - 66, 2**60 - 65, 2**60 - 64, 2**60 - 63, 2**60]),
    ("get_inverse_sqrt_schedule", {"num_warmup_steps": 5, "timescale": 3},
     [10**12, 10**100, 10**300]),
    ("get_linear_schedule_with_warmup", {"num_warmup_steps": 2, "num_training_steps": 6},
     [6, 7, 10**12]),
]  # fmt: skip


@pytest.mark.parametrize(("function", "kwargs", "steps"), FAR)
def test_far_steps(function: str, kwargs: dict[str, Any], steps: Any) -> None:
    ours = getattr(compat, function)(base_lr=BASE_LR, **kwargs)
    theirs = factor_at(function, **kwargs)
    assert_agree(
        f"{function}({kwargs})", [ours(t) for t in steps], [BASE_LR * theirs(t) for t in steps]
    )
