"""The training examples as tests: real runs with PyTorch and JAX, checked value by value.

Each test is skipped where its framework is absent; CI installs both on Python 3.11.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import subprocess
import sys
from types import ModuleType
from typing import Any

import numpy as np
import pytest

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"
INSTALL = "python -m pip install torch==2.13.0 -r tests/conformance/requirements.txt"


def example(name: str, framework: str) -> ModuleType:
    """Import examples/<name>.py, or skip the test if *framework* is absent."""
    pytest.importorskip(framework, reason=INSTALL)
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_example(name: str, *args: str, cwd: pathlib.Path) -> str:
    """Run examples/<name>.py in a fresh interpreter and return what it printed."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


# ---------------------------------------------------------------- torch_train


def test_torch_train_uses_the_schedules_in_every_group() -> None:
    train = example("torch_train", "torch")
    train.torch.set_num_threads(1)
    model = train.build_model()
    optimizer = train.build_optimizer(model)
    log = train.train(model, optimizer, 0, train.TOTAL_STEPS)
    groups = optimizer.param_groups
    assert [(g["param_names"], g["lr_scale"]) for g in groups] == [
        (["0.weight"], 0.7**2),  # block 0: two blocks below the head
        (["0.bias", "1.weight", "1.bias"], 0.7**2),
        (["3.weight"], 0.7),  # block 1
        (["3.bias", "4.weight", "4.bias"], 0.7),
        (["6.weight"], 1.0),  # the head
        (["6.bias"], 1.0),
    ]
    decayed = [g["weight_decay_scale"] == 1.0 for g in groups]
    assert decayed == [True, False, True, False, True, False]
    for step in (0, 1, 10, train.WARMUP_STEPS, 100, 150, train.TOTAL_STEPS - 1):
        assert log["lr"][step] == [train.LR(step) * g["lr_scale"] for g in groups]
        assert log["weight_decay"][step] == [
            train.WEIGHT_DECAY(step) if takes else 0.0 for takes in decayed
        ]
    # The schedules themselves: warmup from 0, the peak at 20, a rising decay.
    assert log["lr"][0] == [0.0] * 6
    assert log["lr"][train.WARMUP_STEPS][4] == 3e-3
    assert log["weight_decay"][0][0] == 0.04
    assert log["weight_decay"][train.TOTAL_STEPS - 1][0] == train.WEIGHT_DECAY(199)
    losses = log["loss"]
    assert np.mean(losses[-20:]) < 0.5 * np.mean(losses[:20])


def test_torch_train_resumes_in_a_new_process_exactly(tmp_path: pathlib.Path) -> None:
    torch = pytest.importorskip("torch", reason=INSTALL)
    # In one go: 2N updates.
    run_example("torch_train", "--save", "whole.pt", "--log", "whole.json", cwd=tmp_path)
    # N updates, saved; then N more in another process, from the checkpoint.
    run_example(
        "torch_train", "--until", "100", "--save", "half.pt", "--log", "a.json", cwd=tmp_path
    )
    printed = run_example(
        "torch_train", "--resume", "half.pt", "--save", "end.pt", "--log", "b.json", cwd=tmp_path
    )
    assert printed.startswith("updates 100 to 200: loss ")

    def read(name: str) -> dict[str, Any]:
        result: dict[str, Any] = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        return result

    whole, first, second = read("whole.json"), read("a.json"), read("b.json")
    assert (first["start"], second["start"]) == (0, 100)
    assert len(whole["lr"]) == 200
    assert first["lr"] + second["lr"] == whole["lr"]
    assert first["weight_decay"] + second["weight_decay"] == whole["weight_decay"]
    assert first["loss"] + second["loss"] == whole["loss"]
    ending = torch.load(tmp_path / "whole.pt", weights_only=True)
    resumed = torch.load(tmp_path / "end.pt", weights_only=True)
    assert resumed["step"] == ending["step"] == 200
    assert ending["model"].keys() == resumed["model"].keys()
    for key, weights in ending["model"].items():
        assert torch.equal(weights, resumed["model"][key]), key


# ---------------------------------------------------------------- torch_distributed


def test_two_gloo_ranks_log_identical_learning_rates(tmp_path: pathlib.Path) -> None:
    distributed = example("torch_distributed", "torch")
    printed = run_example("torch_distributed", "--log-dir", str(tmp_path), cwd=tmp_path)
    assert "2 ranks, 30 updates: every rank used the same rates" in printed
    logs = [
        json.loads((tmp_path / f"rank{rank}.json").read_text(encoding="utf-8")) for rank in range(2)
    ]
    schedule = distributed.with_warmup(
        distributed.cosine(base_lr=0.05, min_lr=0.0, total_steps=25),
        warmup_steps=5,
        start_lr=0.0,
    )
    expected = [schedule(step) for step in range(distributed.STEPS)]
    assert [log["rank"] for log in logs] == [0, 1]
    assert logs[0]["lr"] == logs[1]["lr"] == expected
    assert logs[0]["weights"] == logs[1]["weights"]


# ---------------------------------------------------------------- jax_train


def test_jax_train_uses_the_schedules_under_jit() -> None:
    train = example("jax_train", "optax")
    _, log = train.train()
    steps = range(train.TOTAL_STEPS)
    # The schedules' values, computed in JAX's float: float32, within the bound of
    # tests/test_array.py, or float64 (where x64 is on) within XLA's.
    bound = 2.0**-18 if log.lr.dtype == np.float32 else 1e-12
    for used, schedule in ((log.lr, train.LR), (log.weight_decay, train.WEIGHT_DECAY)):
        want = np.asarray([schedule(s) for s in steps])
        assert np.all(np.abs(np.asarray(used, np.float64) - want) <= bound * np.abs(want))
    losses = np.asarray(log.loss)
    assert losses[-20:].mean() < 0.5 * losses[:20].mean()
