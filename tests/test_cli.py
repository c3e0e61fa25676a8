"""Tests of the schedkit command, in-process and as the installed program."""

from __future__ import annotations

import csv
import io
import json
import math
import pathlib
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from schedkit import __version__, cosine, linear, parse
from schedkit._cli import (
    _EXAMPLES,
    _INFO_EXAMPLES,
    _PLOT_EXAMPLES,
    _SAMPLE_EXAMPLES,
    default_schedule,
    main,
    summarise,
)
from schedkit._registry import names
from schedkit.plot import to_svg, to_text

COSINE = "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)"
# Values 1, 0.875, ..., 0.125, 0: every one a float exactly.
EIGHTHS = "linear(base_lr=1.0, end_lr=0.0, total_steps=8)"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# The main job ---------------------------------------------------------------------


def test_no_arguments_draws_a_warmup_and_cosine_with_a_hint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run([], capsys)
    assert code == 0
    schedule = default_schedule()
    lines = out.splitlines()
    assert " ".join(lines[:2]) == repr(schedule)
    assert out.startswith(to_text(schedule, title=repr(schedule)) + "\n")
    assert "start 0 | peak 0.001 at step 100 | end 1e-05 at step 1000, held after" in out
    assert "Next, try:" in out
    assert max(len(line) for line in lines) <= 80


# plot -----------------------------------------------------------------------------


def test_plot_draws_a_schedule_under_its_repr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["plot", COSINE], capsys)
    assert code == 0
    schedule = parse(COSINE)
    assert out == to_text(schedule, title=repr(schedule)) + "\n"


def test_plot_overlays_several_schedules(capsys: pytest.CaptureFixture[str]) -> None:
    other = "linear(base_lr=1e-3, end_lr=0.0, total_steps=600)"
    code, out, _ = run(["plot", COSINE, other, "--width", "70", "--height", "8"], capsys)
    assert code == 0
    assert out == to_text([parse(COSINE), parse(other)], width=70, height=8) + "\n"
    assert out.splitlines()[-3:] == [
        f"* {parse(COSINE)!r}",
        f"+ {parse(other)!r}",
        "┊ where a schedule ends",
    ]


def test_plot_log_y_and_ascii(capsys: pytest.CaptureFixture[str]) -> None:
    text = "exponential(base_lr=1.0, gamma=0.99)"
    code, out, _ = run(["plot", text, "--steps", "500", "--log-y", "--ascii"], capsys)
    assert code == 0
    schedule = parse(text)
    assert out == to_text(schedule, num_steps=500, log_y=True, ascii=True, title=text) + "\n"
    assert out.isascii()


def test_plot_of_a_run_longer_than_the_float_range(capsys: pytest.CaptureFixture[str]) -> None:
    # 10**310 steps is not a float; the step axis is counted in integers.
    text = "exponential(base_lr=1.0, gamma=0.99)"
    code, out, err = run(["plot", text, "--steps", str(10**310)], capsys)
    assert (code, err) == (0, "")
    assert out == to_text(parse(text), num_steps=10**310, title=text) + "\n"
    assert out.splitlines()[-1].split()[-1] == "1e310"


def test_plot_writes_an_svg_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plot.svg"
    code, out, _ = run(
        ["plot", COSINE, EIGHTHS, "--svg", str(path), "--width", "800", "--height", "400"], capsys
    )
    assert code == 0
    assert out == f"wrote {path}\n"
    svg = path.read_text(encoding="utf-8")
    assert svg == to_svg([parse(COSINE), parse(EIGHTHS)], width=800, height=400) + "\n"
    assert ET.fromstring(svg).get("viewBox") == "0 0 800 400"


def test_plot_svg_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["plot", COSINE, "--svg", "-", "--log-y", "--steps", "2000"], capsys)
    assert code == 0
    assert out == to_svg(parse(COSINE), num_steps=2000, log_y=True) + "\n"


def test_plot_reads_a_file_and_resolves_fractions_of_the_run(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "run.toml"
    path.write_text(
        'kind = "with_warmup"\nwarmup_steps = "10%"\nstart_lr = 0.0\n'
        '[schedule]\nkind = "cosine"\nbase_lr = 1e-3\nmin_lr = 0.0\ntotal_steps = "90%"\n'
    )
    code, out, _ = run(["plot", f"@{path}", "--total-steps", "1000"], capsys)
    assert code == 0
    assert out.startswith("with_warmup(cosine(base_lr=0.001, min_lr=0.0, total_steps=900),")


# sample ---------------------------------------------------------------------------


def test_sample_csv_every_step_to_the_end(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["sample", EIGHTHS], capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["step", "value"]
    # Steps 0 to 8 inclusive: the end value lands at step 8.
    assert [(int(s), float(v)) for s, v in rows[1:]] == [(k, 1 - k / 8) for k in range(9)]


def test_sample_every_kth_step_as_tsv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["sample", COSINE, "--every", "250", "--format", "tsv"], capsys)
    assert code == 0
    schedule = cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)
    expected = ["step\tvalue"] + [f"{s}\t{schedule(s)!r}" for s in (0, 250, 500, 750, 1000)]
    assert out.splitlines() == expected
    # The values are written so that they read back exactly.
    assert float(out.splitlines()[3].split("\t")[1]) == schedule(500)


def test_sample_json_of_an_endless_schedule_with_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "exponential(base_lr=1.0, gamma=0.5)"
    code, out, _ = run(
        ["sample", text, "--steps", "10", "--every", "5", "--format", "json"], capsys
    )
    assert code == 0
    assert json.loads(out) == [
        {"step": 0, "value": 1.0},
        {"step": 5, "value": 0.5**5},
        {"step": 10, "value": 0.5**10},
    ]


def test_sample_into_a_closed_pipe_stops_quietly() -> None:
    program = shutil.which("schedkit")
    assert program is not None, "the schedkit command is not installed"
    command = f'"{program}" sample "{EIGHTHS}" --steps 1000000 | head -n 2'
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, check=False
    )
    assert result.stdout == "step,value\n0,1.0\n"
    assert result.stderr == ""
    assert result.returncode == 1


# info -----------------------------------------------------------------------------


def test_info_of_a_linear_decay(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["info", EIGHTHS], capsys)
    assert code == 0
    assert out.splitlines() == [
        f"schedule   {EIGHTHS}",
        "length     8 (its value holds from step 8 on)",
        "start      1 at step 0",
        "peak       1 at step 0",
        "final      0 at step 8",
        # (1 + 0.875 + ... + 0.125) / 8 = 4.5 / 8
        "mean       0.5625 over the 8 updates at steps 0 to 7",
        "sum        4.5 over the same updates",
        # 0.5 at step 4 is not below half; 0.375 at step 5 is.
        "below 50%  step 5 (the first after the peak)",
        # 0.125 at step 7 is not below a tenth; 0 at step 8 is.
        "below 10%  step 8 (the first after the peak)",
    ]


def test_summary_of_warmup_and_cosine_against_the_formula() -> None:
    def value(step: int) -> float:
        if step < 100:
            return 1e-3 * step / 100
        return 1e-5 + (1e-3 - 1e-5) * (1 + math.cos(math.pi * (step - 100) / 900)) / 2

    summary = summarise(default_schedule())
    total = math.fsum(value(step) for step in range(1000))
    assert summary.total == pytest.approx(total, rel=1e-12)
    assert summary.mean == pytest.approx(total / 1000, rel=1e-12)
    assert (summary.start, summary.peak, summary.peak_step) == (0.0, 1e-3, 100)
    assert summary.final == 1e-5
    half = next(s for s in range(100, 1001) if value(s) < 0.5e-3)
    tenth = next(s for s in range(100, 1001) if value(s) < 1e-4)
    assert (summary.below_half, summary.below_tenth) == (half, tenth)


def test_info_of_a_rising_schedule_never_falls(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["info", "linear(base_lr=0.0, end_lr=1.0, total_steps=4)"], capsys)
    assert code == 0
    assert "peak       1 at step 4" in out
    assert out.splitlines()[-2:] == ["below 50%  never", "below 10%  never"]


def test_info_of_a_negative_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["info", "linear(base_lr=-1.0, end_lr=-2.0, total_steps=4)"], capsys)
    assert code == 0
    assert out.splitlines()[-1] == "below 10%  none: the peak is not above 0"


# list, help, version ----------------------------------------------------------------


def test_list_shows_every_factory_with_its_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["list"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(names())
    assert "compat.torch.step_lr(base_lr, step_size, gamma=0.1)" in lines
    assert "cosine(base_lr, min_lr, total_steps)" in lines


@pytest.mark.parametrize("command", [[], ["plot"], ["sample"], ["info"]])
def test_help_shows_examples(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:\n  schedkit" in out


def _examples(epilog: str) -> list[list[str]]:
    """The commands of a help text's examples, continued lines joined as a shell would."""
    commands: list[str] = []
    for line in epilog.splitlines()[1:]:
        if line.startswith("  schedkit"):
            commands.append(line.strip())
        elif commands[-1].endswith("\\"):
            commands[-1] = commands[-1][:-1] + line.strip()
        else:  # a line break inside a quoted schedule
            commands[-1] += "\n" + line.strip()
    return [shlex.split(command)[1:] for command in commands]


@pytest.mark.parametrize("epilog", [_EXAMPLES, _PLOT_EXAMPLES, _SAMPLE_EXAMPLES, _INFO_EXAMPLES])
def test_help_examples_run(
    epilog: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The files the examples name, as a user would have them.
    monkeypatch.chdir(tmp_path)
    config = 'kind = "cosine"\nbase_lr = 1e-3\nmin_lr = 0.0\ntotal_steps = "100%"\n'
    for name in ("schedule.toml", "run.toml"):
        (tmp_path / name).write_text(config)
    for argv in _examples(epilog):
        # A shell redirection: the command is what comes before it.
        command = argv[: argv.index(">")] if ">" in argv else argv
        assert main(command) == 0, command


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"schedkit {__version__}"


# Errors: one line on stderr, status 2 -----------------------------------------------

ERRORS = [
    # (arguments, the one line on stderr)
    # A fraction of the run without the run's length.
    (["plot", "cosine(base_lr=1.0, min_lr=0.0, total_steps='5%')"],
     "schedkit: error: parse: at total_steps, line 1, column 33: '5%' is a fraction of the run, "
     "which needs its length: give total_steps"),
    # Python that is not a schedule.
    (["plot", "cosine(base_lr=os.environ)"],
     "schedkit: error: parse: at line 1, column 16: 'os.environ' is not a value: a text holds only "
     "schedule calls such as cosine(...), numbers, strings, lists, tuples, dicts, None, True and "
     "False"),
    # A misspelt factory.
    (["info", "cosin()"],
     "schedkit: error: parse: at kind, line 1, column 1: unknown schedule kind 'cosin'; "
     "did you mean 'cosine'?"),
    # No end to draw to.
    (["plot", "exponential(base_lr=1.0, gamma=0.5)"],
     "schedkit: error: to_text: num_steps is needed to draw a schedule without an end, "
     "got num_steps=None for exponential(base_lr=1.0, gamma=0.5)"),
    (["sample", "exponential(base_lr=1.0, gamma=0.5)"],
     "schedkit: error: exponential: a schedule without an end needs --steps, the last step to "
     "sample"),
    (["info", "exponential(base_lr=1.0, gamma=0.5)"],
     "schedkit: error: exponential: a schedule without an end needs --steps, the run's length"),
    (["info", "exponential(base_lr=1.0, gamma=0.5)", "--steps", "20000000"],
     "schedkit: error: info evaluates every step, and 20,000,000 steps are more than 10,000,000; "
     "give --steps N with N at most that"),
    # A missing file.
    (["plot", "@missing.json"],
     "schedkit: error: [Errno 2] No such file or directory: 'missing.json'"),
    # Sizes the plots refuse.
    (["plot", COSINE, "--width", "20"],
     "schedkit: error: to_text: width must be an integer from 30 to 1000, got width=20"),
    (["plot", COSINE, "--width", "3000000"],
     "schedkit: error: to_text: width must be an integer from 30 to 1000, got width=3000000"),
    (["plot", COSINE, "--svg", "-", "--width", "3000000"],
     "schedkit: error: to_svg: width must be an integer from 200 to 10000, got width=3000000"),
    (["plot", COSINE, "--svg", "-", "--height", "50"],
     "schedkit: error: to_svg: height must be at least 102 to draw 1 schedule, got height=50"),
    # A log axis with nothing above 0.
    (["plot", "linear(base_lr=0.0, end_lr=0.0, total_steps=5)", "--log-y"],
     "schedkit: error: to_text: log_y=True needs a value above 0, and every value drawn is 0 or "
     "less"),
    # The command line itself.
    (["plot", COSINE, "--steps", "0"],
     "schedkit: error: argument --steps: must be a positive integer, got 0 "
     "(see schedkit plot --help)"),
    # More digits than an integer may have: refused before int() reads them.
    (["plot", COSINE, "--steps", "9" * 5000],
     "schedkit: error: argument --steps: must be a positive integer of at most 4000 digits, "
     "got 5000 characters (see schedkit plot --help)"),
    (["sample", COSINE, "--every", "x"],
     "schedkit: error: argument --every: must be a positive integer, got 'x' "
     "(see schedkit sample --help)"),
    (["sample", COSINE, "--format", "xml"],
     "schedkit: error: argument --format: must be one of csv, tsv, json, got 'xml' "
     "(see schedkit sample --help)"),
    (["--bogus"],
     "schedkit: error: unrecognized arguments: --bogus (see schedkit --help)"),
    (["plot"],
     "schedkit: error: the following arguments are required: SCHEDULE (see schedkit plot --help)"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "line"), ERRORS)
def test_bad_input_is_one_line_on_stderr_and_status_2(
    argv: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(argv)
    except SystemExit as exit:
        code = exit.code  # type: ignore[assignment]
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == line + "\n"


# The installed command, end to end ---------------------------------------------------


def installed(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    program = shutil.which("schedkit")
    assert program is not None, "the schedkit command is not installed"
    return subprocess.run([program, *argv], capture_output=True, text=True, check=check)


def test_installed_command_end_to_end(tmp_path: pathlib.Path) -> None:
    assert "peak 0.001 at step 100" in installed().stdout
    plotted = installed("plot", COSINE, EIGHTHS, "--width", "60").stdout
    assert plotted.splitlines()[-2] == f"+ {EIGHTHS}"
    svg = tmp_path / "out.svg"
    installed("plot", COSINE, "--svg", str(svg))
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    sampled = json.loads(installed("sample", EIGHTHS, "--format", "json").stdout)
    assert [row["value"] for row in sampled] == [1 - k / 8 for k in range(9)]
    assert "sum        4.5 over the same updates" in installed("info", EIGHTHS).stdout
    assert len(installed("list").stdout.splitlines()) == len(names())
    bad = installed("plot", "cosin()", check=False)
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr == (
        "schedkit: error: parse: at kind, line 1, column 1: unknown schedule kind 'cosin'; "
        "did you mean 'cosine'?\n"
    )
    usage = installed("sample", check=False)
    assert usage.returncode == 2
    assert len(usage.stderr.splitlines()) == 1


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "schedkit", "--help"], capture_output=True, text=True, check=True
    )
    assert "usage: schedkit" in result.stdout


def test_linear_reference_is_exact() -> None:
    # The EIGHTHS rows above rely on these values being exact floats.
    schedule = linear(base_lr=1.0, end_lr=0.0, total_steps=8)
    assert [schedule(k) for k in range(9)] == [1 - k / 8 for k in range(9)]
