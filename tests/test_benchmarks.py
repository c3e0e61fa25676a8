"""Tests of the benchmark runner: every case runs and the page is written in place.

No test here asserts a time: the quick mode runs each case a few times only, so its
figures mean nothing. The frameworks are timed when installed; lrsched 0.5.0 only
when it is the installed lrsched (CI runs the script with it, see the performance
page).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUNNER = ROOT / "benchmarks" / "run.py"
PAGE = ROOT / "docs" / "performance.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"

# The per-call rows against lrsched that the page reports, in both the quick run and the page.
CASES = [
    "| cosine |",
    "| warmup + cosine |",
    "| sequential, 3 phases |",
    "| multi_step, 3 milestones |",
    "| multi_step, 1000 milestones |",
    "| warmup_stable_decay |",
    "| cosine_restarts at step 10**3 ",
    "| cosine_restarts at step 10**12 ",
    "| `import schedkit` |",
    "| cosine_restarts at step 10**12 over step 10**3 |",
    "| multi_step with 1000 milestones over 3 |",
]


def run_quick(page: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--write", str(page)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Run the quick mode once, writing into a copy of the page; return (stdout, page)."""
    page = tmp_path_factory.mktemp("docs") / "performance.md"
    page.write_text(PAGE.read_text())
    done = run_quick(page)
    assert done.returncode == 0, done.stderr
    return done.stdout, page.read_text()


def test_the_quick_mode_runs_every_case(quick: tuple[str, str]) -> None:
    out, _ = quick
    assert out.startswith("Quick mode: every case ran; the figures mean nothing.")
    for row in CASES:
        assert row in out, row
    assert "| sample of 10**3 steps, warmup + cosine " in out
    assert "loads no optional module (framework, config format or plot)." in out
    assert f"- Python: CPython {sys.version.split()[0]}" in out


def test_the_quick_mode_times_the_installed_frameworks(quick: tuple[str, str]) -> None:
    out, _ = quick
    for module, row in [
        ("torch", "CosineAnnealingLR.step()"),
        ("torch", "LambdaLR.step() over the schedule"),
        ("transformers", "get_cosine_schedule_with_warmup step()"),
        ("optax", "warmup_cosine_decay_schedule, jitted"),
    ]:
        installed = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import importlib.util as u; print(bool(u.find_spec('{module}')))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # The framework tables' rows, not the targets table's, which names them too.
        line = next(
            line
            for line in out.splitlines()
            if row in line
            and not line.startswith("| cosine:")
            and not line.startswith("| warmup + cosine:")
        )
        assert ("not installed" in line) == (installed == "False"), line


def test_write_replaces_only_what_lies_between_the_markers(quick: tuple[str, str]) -> None:
    out, written = quick
    before, after = PAGE.read_text(), written
    assert before.split(START)[0] == after.split(START)[0]
    assert before.split(END)[1] == after.split(END)[1]
    assert after.split(START)[1].split(END)[0] == "\n" + out


def test_the_page_holds_a_full_run() -> None:
    # The committed table comes from a full run with every peer (not --quick).
    table = PAGE.read_text().split(START)[1].split(END)[0]
    assert "Quick mode" not in table
    for row in CASES:
        assert row in table, row
    assert "| sample of 10**6 steps, warmup + cosine " in table
    assert "not installed" not in table
    assert "lrsched 0.5.0" in table


def test_a_page_without_markers_is_refused(tmp_path: pathlib.Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Performance\n")
    done = run_quick(page)
    assert done.returncode == 1
    assert "no <!-- benchmarks:start --> ... <!-- benchmarks:end --> markers" in done.stderr
    assert page.read_text() == "# Performance\n"
