"""The ``schedkit`` command: draws a schedule in the terminal, and lists the factories."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence

from . import __version__
from ._registry import names, spec
from ._schedule import Schedule
from ._textplot import render
from ._validate import ScheduleError
from .compose import sample, with_warmup
from .config import load, parse
from .schedules import cosine

__all__ = ["main"]

_EXAMPLES = """\
examples:
  schedkit
  schedkit plot "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)"
  schedkit plot "with_warmup(cosine(base_lr=1e-3, min_lr=0.0, total_steps='95%'),
                 warmup_steps='5%', start_lr=0.0)" --total-steps 2000
  schedkit plot @schedule.toml --total-steps 2000
  schedkit plot "exponential(base_lr=1.0, gamma=0.99)" --steps 500
  schedkit list
"""


def default_schedule() -> Schedule:
    """The schedule drawn when the command is given none: a warmup, then a cosine."""
    return with_warmup(
        cosine(base_lr=1e-3, min_lr=1e-5, total_steps=900), warmup_steps=100, start_lr=0.0
    )


def describe(
    schedule: Schedule, *, steps: int | None = None, width: int = 64, height: int = 10
) -> str:
    """Return *schedule*'s repr, its curve and its key values, as text.

    The curve runs to the schedule's end, or over *steps* steps when given.
    """
    length = schedule.length if steps is None else steps
    if length is None:
        raise ValueError(
            f"{schedule.name}: a schedule without an end cannot be drawn whole; give --steps"
        )
    values = sample(schedule, num_steps=length + 1)
    peak = max(range(len(values)), key=values.__getitem__)
    title = textwrap.wrap(repr(schedule), width=80, subsequent_indent="    ")
    lines = [*title, "", *render(values, width=width, height=height), ""]
    held = ", held after" if schedule.length is not None and length >= schedule.length else ""
    lines.append(
        f"start {values[0]:.4g} at step 0 | peak {values[peak]:.4g} at step {peak} | "
        f"end {values[-1]:.4g} at step {length}{held}"
    )
    return "\n".join(lines)


def catalog() -> str:
    """Return every registered factory with its parameters, one per line."""
    lines = []
    for name in names():
        found = spec(name)
        assert found is not None
        params = [
            param.name if param.required else f"{param.name}={param.default!r}"
            for param in found.params
        ]
        lines.append(f"{name}({', '.join(params)})")
    return "\n".join(lines)


def _schedule(argument: str, total_steps: int | None) -> Schedule:
    if argument.startswith("@"):
        return load(argument[1:], total_steps=total_steps)
    return parse(argument, total_steps=total_steps)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="schedkit",
        description="Draw a learning-rate schedule in the terminal. With no arguments, "
        "draws a 100-step linear warmup into a 900-step cosine decay.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"schedkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{plot,list}")
    plot = commands.add_parser(
        "plot",
        help="draw a schedule given as text or as @FILE",
        description="Draw a schedule in the terminal.",
    )
    plot.add_argument(
        "schedule",
        metavar="SCHEDULE",
        help="the schedule's text, such as \"cosine(base_lr=1e-3, min_lr=0.0, "
        'total_steps=1000)", or @FILE for a .json, .toml or .yaml config',
    )
    plot.add_argument(
        "--total-steps", type=int, metavar="N", help="the run's length, for durations like '5%%'"
    )
    plot.add_argument(
        "--steps", type=int, metavar="N", help="how many steps to draw (default: to the end)"
    )
    commands.add_parser("list", help="list every schedule factory and its parameters")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with *argv* (the process arguments when None); return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "list":
        print(catalog())
        return 0
    if args.command == "plot":
        try:
            schedule = _schedule(args.schedule, args.total_steps)
            print(describe(schedule, steps=args.steps))
        except (ScheduleError, TypeError, ValueError, ImportError, OSError) as error:
            # One line, the library's own: the text's caret display stays for Python.
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            print(f"schedkit: error: {message}", file=sys.stderr)
            return 2
        return 0
    print(describe(default_schedule()))
    print()
    print('Next: `schedkit plot "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)"` draws')
    print("your own; `schedkit list` shows every schedule. In Python, call it as")
    print("`lr = schedule(step)` in your training loop.")
    return 0
