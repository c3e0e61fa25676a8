"""The ``schedkit`` command: draw, sample and summarise schedules, and list the factories."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import NamedTuple, NoReturn, TextIO

from . import __version__
from ._registry import names, spec
from ._schedule import Schedule
from ._validate import MAX_DIGITS, ScheduleError, show
from .compose import sample, with_warmup
from .config import load, parse
from .plot import to_svg, to_text
from .schedules import cosine

__all__ = ["main"]

_SCHEDULE_HELP = (
    'a schedule as text, such as "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)", '
    "or @FILE for a .json, .toml or .yaml config"
)
_EXAMPLES = """\
examples:
  schedkit
  schedkit plot "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)"
  schedkit plot "with_warmup(cosine(base_lr=1e-3, min_lr=0.0, total_steps='95%'),
                 warmup_steps='5%', start_lr=0.0)" --total-steps 2000
  schedkit plot @schedule.toml --total-steps 2000 --svg schedule.svg
  schedkit plot "exponential(base_lr=1.0, gamma=0.99)" --steps 500 --log-y
  schedkit sample "linear(base_lr=1.0, end_lr=0.0, total_steps=100)" --every 10
  schedkit info "one_cycle(max_lr=0.1, total_steps=1000, pct_start=0.3,
                 initial_div=25.0, final_div=1e4)"
  schedkit list
"""
_PLOT_EXAMPLES = """\
examples:
  schedkit plot "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)"
  schedkit plot "cosine(base_lr=1.0, min_lr=0.0, total_steps=1000)" \\
                "multi_step(base_lr=1.0, milestones=[300, 600], gamma=0.1)" --steps 1000
  schedkit plot @run.toml --total-steps 5000 --svg run.svg --width 800 --height 400
  schedkit plot "exponential(base_lr=1.0, gamma=0.99)" --steps 500 --log-y --ascii
"""
_SAMPLE_EXAMPLES = """\
examples:
  schedkit sample "linear(base_lr=1.0, end_lr=0.0, total_steps=100)" --every 10
  schedkit sample @run.toml --total-steps 5000 --format json > values.json
"""
_INFO_EXAMPLES = """\
examples:
  schedkit info "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)"
  schedkit info "exponential(base_lr=1.0, gamma=0.99)" --steps 1000
"""
_FORMATS = ("csv", "tsv", "json")
# info evaluates every step of the run, which takes about a second per ten million.
_MAX_INFO_STEPS = 10_000_000


def default_schedule() -> Schedule:
    """The schedule drawn when the command is given none: a warmup, then a cosine."""
    return with_warmup(
        cosine(base_lr=1e-3, min_lr=1e-5, total_steps=900), warmup_steps=100, start_lr=0.0
    )


class Summary(NamedTuple):
    """What ``schedkit info`` tells of a schedule over a run of *steps* updates."""

    steps: int
    start: float
    peak: float
    peak_step: int
    final: float
    mean: float
    total: float
    below_half: int | None
    below_tenth: int | None


def summarise(schedule: Schedule, steps: int | None = None) -> Summary:
    """Return *schedule*'s summary over a run of *steps* updates (by default its length).

    The run's updates use steps 0 to steps - 1: the mean and the sum are over those.
    The start, the peak and the final value (at step *steps*, where a finite schedule
    lands) are over steps 0 to *steps*, as drawn. The falls below 50% and 10% of the
    peak are the first steps after the peak with a value below those.
    """
    run = schedule.length if steps is None else steps
    if run is None:
        raise ScheduleError(
            f"{schedule.name}: a schedule without an end needs --steps, the run's length"
        )
    if run < 1:
        raise ScheduleError(f"{schedule.name}: a run of {run} steps has nothing to summarise")
    if run > _MAX_INFO_STEPS:
        raise ScheduleError(
            f"info evaluates every step, and {run:,} steps are more than "
            f"{_MAX_INFO_STEPS:,}; give --steps N with N at most that"
        )
    values = sample(schedule, num_steps=run + 1)
    peak_step = max(range(run + 1), key=values.__getitem__)
    peak = values[peak_step]

    def first_below(fraction: float) -> int | None:
        limit = peak * fraction
        return next((s for s in range(peak_step, run + 1) if values[s] < limit), None)

    updates = values[:run]
    total = sum(updates)
    return Summary(
        steps=run,
        start=values[0],
        peak=peak,
        peak_step=peak_step,
        final=values[run],
        mean=total / run,
        total=total,
        below_half=first_below(0.5) if peak > 0 else None,
        below_tenth=first_below(0.1) if peak > 0 else None,
    )


def describe(schedule: Schedule, steps: int | None = None) -> str:
    """Return *schedule*'s summary as ``schedkit info`` prints it."""
    summary = summarise(schedule, steps)
    run = summary.steps
    if schedule.length is None:
        length = "none: the schedule has no end"
    else:
        length = f"{schedule.length} (its value holds from step {schedule.length} on)"

    def fall(step: int | None) -> str:
        if summary.peak <= 0:
            return "none: the peak is not above 0"
        return "never" if step is None else f"step {step} (the first after the peak)"

    rows = [
        ("schedule", repr(schedule)),
        ("length", length),
        ("start", f"{summary.start:.6g} at step 0"),
        ("peak", f"{summary.peak:.6g} at step {summary.peak_step}"),
        ("final", f"{summary.final:.6g} at step {run}"),
        ("mean", f"{summary.mean:.6g} over the {run} updates at steps 0 to {run - 1}"),
        ("sum", f"{summary.total:.6g} over the same updates"),
        ("below 50%", fall(summary.below_half)),
        ("below 10%", fall(summary.below_tenth)),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


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


def _rows(schedule: Schedule, last: int, every: int) -> Iterator[tuple[int, float]]:
    # Step by step, not through numpy's arrays as plot and info: each value is printed
    # to its last digit, and numpy's pow and exp may differ from math's by an ulp.
    at = schedule._at
    for step in range(0, last + 1, every):
        yield step, at(step)


def _sample(schedule: Schedule, steps: int | None, every: int, form: str, out: TextIO) -> None:
    last = schedule.length if steps is None else steps
    if last is None:
        raise ScheduleError(
            f"{schedule.name}: a schedule without an end needs --steps, the last step to sample"
        )
    rows = _rows(schedule, last, every)
    if form == "json":
        # Written row by row, so that a long run streams instead of filling memory.
        separator = "[\n "
        for step, value in rows:
            out.write(separator + json.dumps({"step": step, "value": value}))
            separator = ",\n "
        out.write("\n]\n" if separator != "[\n " else "[]\n")
        return
    separator = "," if form == "csv" else "\t"
    out.write(f"step{separator}value\n")
    for step, value in rows:
        out.write(f"{step}{separator}{value!r}\n")


def _positive(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise argparse.ArgumentTypeError(
            f"must be a positive integer of at most {MAX_DIGITS} digits, got {len(text)} characters"
        )
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {show(text)}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {number}")
    return number


def _format(text: str) -> str:
    # Checked here rather than with choices=, whose message changes between Pythons.
    if text not in _FORMATS:
        raise argparse.ArgumentTypeError(f"must be one of {', '.join(_FORMATS)}, got {text!r}")
    return text


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, as for every other bad input; --help shows the usage.
        self.exit(2, f"schedkit: error: {message} (see {self.prog} --help)\n")


def _add_schedule_options(command: argparse.ArgumentParser, *, several: bool) -> None:
    command.add_argument(
        "schedules" if several else "schedule",
        metavar="SCHEDULE",
        nargs="+" if several else None,
        help=_SCHEDULE_HELP + ("; several are drawn together" if several else ""),
    )
    command.add_argument(
        "--total-steps",
        type=_positive,
        metavar="N",
        help="the run's length, which durations such as '5%%' are fractions of",
    )
    command.add_argument(
        "--steps",
        type=_positive,
        metavar="N",
        help="the last step (default: where the schedule ends; needed if it has no end)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="schedkit",
        description="Draw, sample and summarise learning-rate schedules. With no "
        "arguments, draws a 100-step linear warmup into a 900-step cosine decay.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"schedkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{plot,sample,info,list}")
    raw = argparse.RawDescriptionHelpFormatter

    plot = commands.add_parser(
        "plot",
        help="draw schedules in the terminal or as SVG",
        description="Draw one or several schedules on shared axes, in the terminal "
        "(Braille dots, or a marker per schedule) or as an SVG file.",
        epilog=_PLOT_EXAMPLES,
        formatter_class=raw,
    )
    _add_schedule_options(plot, several=True)
    plot.add_argument("--svg", metavar="FILE", help="write an SVG picture to FILE ('-': stdout)")
    plot.add_argument(
        "--width",
        type=_positive,
        metavar="W",
        help="columns in the terminal (default 80, at most 1000), pixels in SVG "
        "(default 640, at most 10000)",
    )
    plot.add_argument(
        "--height",
        type=_positive,
        metavar="H",
        help="rows of the plot in the terminal (default 15, at most 500), pixels in SVG "
        "(default 360, at most 10000)",
    )
    plot.add_argument("--log-y", action="store_true", help="a logarithmic value axis")
    plot.add_argument("--ascii", action="store_true", help="only ASCII characters")

    sample = commands.add_parser(
        "sample",
        help="print a schedule's values, step by step",
        description="Print a schedule's value at steps 0, K, 2K, ... up to the last step.",
        epilog=_SAMPLE_EXAMPLES,
        formatter_class=raw,
    )
    _add_schedule_options(sample, several=False)
    sample.add_argument(
        "--every", type=_positive, default=1, metavar="K", help="every K-th step (default 1)"
    )
    sample.add_argument(
        "--format",
        type=_format,
        default="csv",
        metavar="{csv,tsv,json}",
        help="csv or tsv with a step,value header, or a json list of {step, value} (default csv)",
    )

    info = commands.add_parser(
        "info",
        help="summarise a schedule: start, peak, final value, mean, sum and falls",
        description="Summarise a schedule over its run: length, start, peak and its "
        "step, final value, mean and sum over the run's updates, and the steps where the "
        "value first falls below 50%% and 10%% of the peak.",
        epilog=_INFO_EXAMPLES,
        formatter_class=raw,
    )
    _add_schedule_options(info, several=False)

    commands.add_parser(
        "list",
        help="list every schedule factory and its parameters",
        description="List every schedule factory, the frameworks' equivalents included, "
        "with its parameters and their defaults.",
    )
    return parser


def _plot(args: argparse.Namespace) -> None:
    schedules = [_schedule(text, args.total_steps) for text in args.schedules]
    size = {
        key: value
        for key, value in (("width", args.width), ("height", args.height))
        if value is not None
    }
    if args.svg is not None:
        svg = to_svg(schedules, num_steps=args.steps, log_y=args.log_y, **size)
        if args.svg == "-":
            print(svg)
        else:
            with open(args.svg, "w", encoding="utf-8") as file:
                file.write(svg + "\n")
            print(f"wrote {args.svg}")
        return
    title = repr(schedules[0]) if len(schedules) == 1 else None
    print(
        to_text(
            schedules,
            num_steps=args.steps,
            log_y=args.log_y,
            ascii=args.ascii,
            title=title,
            **size,
        )
    )


def _default() -> None:
    schedule = default_schedule()
    print(to_text(schedule, title=repr(schedule)))
    summary = summarise(schedule)
    print(
        f"start {summary.start:.4g} | peak {summary.peak:.4g} at step {summary.peak_step} | "
        f"end {summary.final:.4g} at step {summary.steps}, held after"
    )
    print()
    print("Next, try:")
    print('  schedkit plot "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)"')
    print('  schedkit info "cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000)"')
    print("  schedkit list           every schedule and its parameters")
    print("  schedkit --help         all commands, with examples")
    print("In Python: `lr = schedule(step)` in your training loop.")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with *argv* (the process arguments when None); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            print(catalog())
        elif args.command == "plot":
            _plot(args)
        elif args.command == "sample":
            schedule = _schedule(args.schedule, args.total_steps)
            _sample(schedule, args.steps, args.every, args.format, sys.stdout)
        elif args.command == "info":
            print(describe(_schedule(args.schedule, args.total_steps), args.steps))
        else:
            _default()
    except BrokenPipeError:
        # The reader stopped early (`schedkit sample ... | head`): nothing more to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (ScheduleError, TypeError, ValueError, ArithmeticError, ImportError, OSError) as error:
        # One line, the library's own: the text's caret display stays for Python.
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"schedkit: error: {message}", file=sys.stderr)
        return 2
    return 0
