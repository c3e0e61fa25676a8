"""Tests of the schedkit command, in-process and as the installed program."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

from schedkit import __version__, cosine, exponential
from schedkit._cli import default_schedule, describe, main
from schedkit._registry import names


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
    text = describe(exponential(base_lr=1.0, gamma=0.5), steps=4, width=8, height=2)
    assert text.endswith("start 1 at step 0 | peak 1 at step 0 | end 0.0625 at step 4")


def test_plot_draws_a_schedule_given_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", "cosine(base_lr=2.0, min_lr=1.0, total_steps=10)"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("cosine(base_lr=2.0, min_lr=1.0, total_steps=10)\n")
    assert "end 1 at step 10, held after" in out


def test_plot_reads_a_file_and_resolves_fractions_of_the_run(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "run.toml"
    path.write_text(
        'kind = "with_warmup"\nwarmup_steps = "10%"\nstart_lr = 0.0\n'
        '[schedule]\nkind = "cosine"\nbase_lr = 1e-3\nmin_lr = 0.0\ntotal_steps = "90%"\n'
    )
    assert main(["plot", f"@{path}", "--total-steps", "1000"]) == 0
    out = capsys.readouterr().out
    assert "peak 0.001 at step 100 | end 0 at step 1000, held after" in out


PLOT_ERRORS = [
    # (arguments, the one line on stderr)
    (["plot", "cosine(base_lr=1.0, min_lr=0.0, total_steps='5%')"],
     "schedkit: error: parse: at total_steps, line 1, column 33: '5%' is a fraction of the run, "
     "which needs its length: give total_steps"),
    (["plot", "cosine(base_lr=os.environ)"],
     "schedkit: error: parse: at line 1, column 16: 'os.environ' is not a value: a text holds only "
     "schedule calls such as cosine(...), numbers, strings, lists, tuples, dicts, None, True and "
     "False"),
    (["plot", "exponential(base_lr=1.0, gamma=0.5)"],
     "schedkit: error: exponential: a schedule without an end cannot be drawn whole; give --steps"),
    (["plot", "@missing.json"],
     "schedkit: error: [Errno 2] No such file or directory: 'missing.json'"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "line"), PLOT_ERRORS)
def test_bad_input_is_one_line_on_stderr_and_status_2(
    argv: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == line + "\n"


def test_list_shows_every_factory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(names())
    assert "compat.torch.step_lr(base_lr, step_size, gamma=0.1)" in lines


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
    bad = subprocess.run([program, "plot", "cosin()"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert bad.stderr == (
        "schedkit: error: parse: at kind, line 1, column 1: unknown schedule kind 'cosin'; "
        "did you mean 'cosine'?\n"
    )


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "schedkit", "--help"], capture_output=True, text=True, check=True
    )
    assert "usage: schedkit" in result.stdout
