"""Tests of the schedkit command, in-process and as the installed program."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from schedkit import __version__, cosine, exponential
from schedkit._cli import default_schedule, describe, main


def test_default_run_draws_warmup_and_cosine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert " ".join(line.strip() for line in lines[:2]) == repr(default_schedule())
    assert lines[0].startswith("with_warmup(cosine(base_lr=0.001, min_lr=1e-05, total_steps=900)")
    assert "start 0 at step 0 | peak 0.001 at step 100 | end 1e-05 at step 1000" in out
    assert "0.001 ┤" in out
    assert "Next:" in out
    assert max(len(line) for line in lines) <= 80


def test_describe_refuses_an_endless_schedule() -> None:
    with pytest.raises(ValueError, match="exponential: a schedule without an end"):
        describe(exponential(base_lr=1.0, gamma=0.5))


def test_describe_any_finite_schedule() -> None:
    text = describe(cosine(base_lr=2.0, min_lr=1.0, total_steps=10), width=20, height=4)
    assert "peak 2 at step 0" in text
    assert "end 1 at step 10, held after" in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"schedkit {__version__}"


def test_unknown_arguments_exit_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--bogus"])
    assert info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_installed_command() -> None:
    program = shutil.which("schedkit")
    assert program is not None, "the schedkit command is not installed"
    result = subprocess.run([program], capture_output=True, text=True, check=True)
    assert "peak 0.001 at step 100" in result.stdout


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "schedkit", "--help"], capture_output=True, text=True, check=True
    )
    assert "usage: schedkit" in result.stdout
