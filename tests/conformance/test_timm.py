"""schedkit.compat.timm against timm's own schedulers (timm.scheduler only)."""

from __future__ import annotations

from typing import Any

import pytest

from schedkit.compat import timm as compat

from .conftest import assert_agree, framework, package_without_init

torch = framework("torch")
package_without_init("timm")
scheduler = framework("timm.scheduler")

BASE_LR = 0.1
STEPS = 200


def timm_values(kind: str, kwargs: dict[str, Any]) -> list[float]:
    """What step(t) writes into the param group, for t = 0 .. STEPS - 1."""
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([parameter], lr=BASE_LR)
    made = getattr(scheduler, kind)(optimizer, **kwargs)
    values = []
    for t in range(STEPS):
        made.step(t)
        values.append(optimizer.param_groups[0]["lr"])
    return values


CASES = [
    # (timm class, its kwargs) per row
    ("CosineLRScheduler", {"t_initial": 50}),  # lr_min from step 50 on
    (
        "CosineLRScheduler",
        {"t_initial": 40, "lr_min": 1e-4, "warmup_t": 5, "warmup_lr_init": 1e-5},
    ),  # warmup inside: a jump at step 5
    ("CosineLRScheduler", {"t_initial": 40, "warmup_t": 5, "warmup_prefix": True}),
    ("CosineLRScheduler", {"t_initial": 20, "cycle_limit": 4, "cycle_decay": 0.5, "lr_min": 1e-3}),
    ("CosineLRScheduler", {"t_initial": 10, "cycle_mul": 2.0, "cycle_limit": 4}),
    ("CosineLRScheduler", {"t_initial": 7, "cycle_mul": 1.5, "cycle_limit": 5, "k_decay": 1.5}),
    ("CosineLRScheduler", {"t_initial": 60, "warmup_t": 1}),  # a one-step warmup
    (
        "CosineLRScheduler",
        {"t_initial": 2, "cycle_decay": 1e-4, "cycle_limit": 150, "lr_min": 1e-3},
    ),  # the peaks are 0.0 from cycle 81 on, where the power is capped
    (
        "CosineLRScheduler",
        {"t_initial": 20, "cycle_mul": 1e307, "cycle_limit": 3, "k_decay": 2.0},
    ),  # cycle 1 is longer than the float range: its progress is 0
    ("TanhLRScheduler", {"t_initial": 50}),
    (
        "TanhLRScheduler",
        {
            "t_initial": 30,
            "warmup_t": 6,
            "warmup_lr_init": 1e-4,
            "lb": -5.0,
            "ub": 4.0,
            "lr_min": 1e-3,
        },
    ),
    (
        "TanhLRScheduler",
        {
            "t_initial": 30,
            "warmup_t": 6,
            "warmup_prefix": True,
            "cycle_limit": 3,
            "cycle_decay": 0.7,
        },
    ),
    ("PolyLRScheduler", {"t_initial": 50}),
    ("PolyLRScheduler", {"t_initial": 20, "cycle_mul": 1e307, "cycle_limit": 3}),  # as above
    (
        "PolyLRScheduler",
        {
            "t_initial": 25,
            "power": 2.0,
            "lr_min": 1e-4,
            "warmup_t": 3,
            "cycle_limit": 3,
            "cycle_mul": 2.0,
            "k_decay": 0.7,
        },
    ),
    ("StepLRScheduler", {"decay_t": 30, "decay_rate": 0.5}),
    ("StepLRScheduler", {"decay_t": 1, "decay_rate": 1e-5}),  # 0.0 from step 65 on
    (
        "StepLRScheduler",
        {"decay_t": 30, "decay_rate": 0.5, "warmup_t": 5, "warmup_lr_init": 1e-4},
    ),  # the prefix is on by default here
    ("StepLRScheduler", {"decay_t": 30, "decay_rate": 0.5, "warmup_t": 5, "warmup_prefix": False}),
    ("MultiStepLRScheduler", {"decay_t": [30, 60, 90], "decay_rate": 0.1}),  # one step early
    (
        "MultiStepLRScheduler",
        {"decay_t": [1, 50], "decay_rate": 0.5, "warmup_t": 4, "warmup_lr_init": 1e-3},
    ),
]


@pytest.mark.parametrize(("kind", "kwargs"), CASES)
def test_schedulers(kind: str, kwargs: dict[str, Any]) -> None:
    ours = getattr(compat, _snake(kind))(base_lr=BASE_LR, **kwargs)
    assert_agree(f"{kind}({kwargs})", [ours(t) for t in range(STEPS)], timm_values(kind, kwargs))


def test_exact_restart_where_timm_takes_the_float_log() -> None:
    # cycle_mul=3, t_initial=1: the cycles start at 0, 1, 4, 13, 40, 121. timm's
    # floor(log(...)) puts step 121 in the cycle before, at its very end (lr_min);
    # schedkit starts the new cycle there, as the formula says.
    kwargs: dict[str, Any] = {"t_initial": 1, "cycle_mul": 3.0, "cycle_limit": 10}
    ours = compat.cosine_lr_scheduler(base_lr=BASE_LR, **kwargs)
    theirs = timm_values("CosineLRScheduler", kwargs)
    assert theirs[121] == 0.0
    assert ours(121) == BASE_LR
    others = [t for t in range(STEPS) if t != 121]
    assert_agree("cycle_mul=3", [ours(t) for t in others], [theirs[t] for t in others])


def _snake(name: str) -> str:
    return (
        "".join("_" + c.lower() if c.isupper() else c for c in name)
        .lstrip("_")
        .replace("l_r_", "lr_")
    )
