"""The ``schedkit`` command: draws a schedule in the terminal."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Sequence

from . import __version__
from ._schedule import Schedule
from ._textplot import render
from .compose import sample, with_warmup
from .schedules import cosine

__all__ = ["main"]


def default_schedule() -> Schedule:
    """The schedule drawn when the command is given none: a warmup, then a cosine."""
    return with_warmup(
        cosine(base_lr=1e-3, min_lr=1e-5, total_steps=900), warmup_steps=100, start_lr=0.0
    )


def describe(schedule: Schedule, *, width: int = 64, height: int = 10) -> str:
    """Return *schedule*'s repr, its curve up to its end and its key values, as text."""
    length = schedule.length
    if length is None:
        raise ValueError(f"{schedule.name}: a schedule without an end cannot be drawn whole")
    values = sample(schedule, num_steps=length + 1)
    peak = max(range(len(values)), key=values.__getitem__)
    title = textwrap.wrap(repr(schedule), width=80, subsequent_indent="    ")
    lines = [*title, "", *render(values, width=width, height=height), ""]
    lines.append(
        f"start {values[0]:.4g} at step 0 | peak {values[peak]:.4g} at step {peak} | "
        f"end {values[-1]:.4g} at step {length}, held after"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with *argv* (the process arguments when None); return the exit code."""
    parser = argparse.ArgumentParser(
        prog="schedkit",
        description="Draw a learning-rate schedule in the terminal. With no arguments, "
        "draws a 100-step linear warmup into a 900-step cosine decay.",
        epilog="In Python: from schedkit import cosine, with_warmup "
        "(see the README for the catalog).",
    )
    parser.add_argument("--version", action="version", version=f"schedkit {__version__}")
    parser.parse_args(argv)
    print(describe(default_schedule()))
    print()
    print("Next: `from schedkit import cosine, with_warmup` builds your own; call it")
    print("as `lr = schedule(step)` in your training loop. The README lists the catalog.")
    return 0
