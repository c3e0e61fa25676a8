"""What a schedkit call costs, against the peers, measured in one process and one run.

Run from the repository root::

    uv run --with lrsched==0.5.0 python benchmarks/run.py
    uv run --with lrsched==0.5.0 python benchmarks/run.py --write docs/performance.md
    uv run python benchmarks/run.py --quick

The first prints the tables (Markdown); the second also writes them into the page,
between its ``benchmarks`` markers; the third runs every case a few times, to check
that they still run (CI does this), and its figures mean nothing. lrsched 0.5.0
comes from ``--with`` because the project's dev environment pins lrsched 0.1.0 for
its compatibility tests. PyTorch, transformers, JAX and optax are measured when
installed.

Each figure is the median, over repeats, of the mean time per call across a spread
of steps, so a schedule's cheap and dear branches are both counted. The repeats of
schedkit and of its peer alternate, so a slow patch of the machine falls on both.
Times include the loop that makes the calls (the same for every library); ratios are
schedkit's time over the peer's, so below 1 is faster.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.metadata
import math
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import schedkit

START = "<!-- benchmarks:start -->"
END = "<!-- benchmarks:end -->"

# A run over 1000 steps: warmup 100, then the cosine over the rest.
BASE, WARMUP, TOTAL = 1.0, 100, 1000
LRSCHED = "0.5.0"

# Modules that `import schedkit` must leave alone until they are used.
OPTIONAL = (
    "jax",
    "matplotlib",
    "numpy",
    "optax",
    "schedkit._cli",
    "schedkit.compat",
    "schedkit.jax",
    "schedkit.optim",
    "schedkit.plot",
    "schedkit.torch",
    "tomli",
    "tomllib",
    "torch",
    "yaml",
)

Loop = Callable[[], object]


@dataclass
class Case:
    """One measured row: schedkit's loop against one peer's, each making *calls* calls."""

    name: str
    calls: int
    ours: Loop
    peer: str
    theirs: Loop | None
    note: str = ""
    # Filled in by measure(): median ns per call.
    times: dict[str, float] = field(default_factory=dict)
    # For a combinator's array call: the same call on its parts alone.
    parts: Case | None = None


def spread(last: int, count: int) -> list[int]:
    """Return *count* steps spread evenly from 0 to *last* (excluded)."""
    return [last * i // count for i in range(count)]


def loop(function: Callable[[int], object], steps: Sequence[int]) -> Loop:
    def run() -> None:
        for step in steps:
            function(step)

    return run


def repeat_call(method: Callable[[], object], count: int) -> Loop:
    def run() -> None:
        for _ in range(count):
            method()

    return run


def as_float(function: Callable[[int], Any]) -> Callable[[int], float]:
    def call(step: int) -> float:
        return float(function(step))

    return call


def version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def agree(
    name: str, ours: Callable[[int], float], theirs: Callable[[int], Any], steps: Sequence[int]
) -> None:
    """Refuse to time two schedules that are not the same curve (to 1e-12)."""
    for step in steps:
        a, b = ours(step), float(theirs(step))
        if not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15):
            raise SystemExit(f"{name}: schedkit gives {a!r} at step {step}, the peer {b!r}")


# The schedules, built the same way in both libraries.


def schedkit_schedules(lib: Any) -> dict[str, Any]:
    """The benchmarked schedules, built with *lib* (schedkit or lrsched 0.5.0)."""
    cosine = lib.cosine(base_lr=BASE, min_lr=0.0, total_steps=TOTAL - WARMUP)
    return {
        "cosine": lib.cosine(base_lr=BASE, min_lr=0.0, total_steps=TOTAL),
        "warmup + cosine": lib.with_warmup(cosine, warmup_steps=WARMUP, start_lr=0.0),
        "sequential, 3 phases": lib.sequential(
            [
                (WARMUP, lib.linear(base_lr=0.0, end_lr=BASE, total_steps=WARMUP)),
                (700, lib.constant(lr=BASE)),
                (200, lib.cosine(base_lr=BASE, min_lr=0.0, total_steps=200)),
            ]
        ),
        "multi_step, 3 milestones": lib.multi_step(
            base_lr=BASE, milestones=[300, 600, 900], gamma=0.5
        ),
        "multi_step, 1000 milestones": lib.multi_step(
            base_lr=BASE, milestones=list(range(1, 1001)), gamma=0.999
        ),
        "cosine_restarts": lib.cosine_restarts(base_lr=BASE, min_lr=0.0, period=10, t_mult=2),
        "warmup_stable_decay": lib.warmup_stable_decay(
            base_lr=BASE,
            warmup_steps=WARMUP,
            decay_steps=200,
            total_steps=TOTAL,
            decay_shape="1-sqrt",
            # lrsched 0.5.0 spells the ends final_lr and warmup_start.
            **(
                {"end_lr": 0.0, "start_lr": 0.0}
                if lib is schedkit
                else {"final_lr": 0.0, "warmup_start": 0.0}
            ),
        ),
    }


def lrsched_cases(steps_per_case: int) -> list[Case]:
    """schedkit against lrsched 0.5.0, the same schedules through the same loop."""
    ours = schedkit_schedules(schedkit)
    try:
        lrsched = importlib.import_module("lrsched")
    except ImportError:
        lrsched = None
    found = version("lrsched")
    if lrsched is None or found != LRSCHED:
        missing = f"lrsched {LRSCHED} not installed" + (f" ({found} is)" if found else "")
        print(f"-- {missing}: run with `uv run --with lrsched=={LRSCHED}`", file=sys.stderr)
        theirs: dict[str, Any] = {}
    else:
        theirs = schedkit_schedules(lrsched)
    peer = f"lrsched {LRSCHED}"
    steps = spread(TOTAL, steps_per_case)
    cases = []
    for name, schedule in ours.items():
        other = theirs.get(name)
        if name == "cosine_restarts":
            continue
        if other is not None:
            agree(name, schedule, other, steps)
        cases.append(
            Case(name, len(steps), loop(schedule, steps), peer, other and loop(other, steps))
        )
    restarts = ours["cosine_restarts"]
    other = theirs.get("cosine_restarts")
    for exponent in (3, 12):
        step = 10**exponent
        fixed = [step] * steps_per_case
        if other is not None:
            agree(f"cosine_restarts at 10**{exponent}", restarts, other, [step])
        cases.append(
            Case(
                f"cosine_restarts at step 10**{exponent}",
                len(fixed),
                loop(restarts, fixed),
                peer,
                other and loop(other, fixed),
                note="t_mult=2, period=10",
            )
        )
    return cases


def sample_case(num_steps: int) -> Case:
    """`sample` of warmup plus cosine over *num_steps* steps, timed per whole call."""
    ours = schedkit_schedules(schedkit)["warmup + cosine"]
    theirs = None
    if version("lrsched") == LRSCHED:
        lrsched = importlib.import_module("lrsched")
        other = schedkit_schedules(lrsched)["warmup + cosine"]
        theirs = lambda: lrsched.sample(other, num_steps=num_steps)  # noqa: E731
    return Case(
        f"sample of 10**{round(math.log10(num_steps))} steps, warmup + cosine",
        1,
        lambda: schedkit.sample(ours, num_steps=num_steps),
        f"lrsched {LRSCHED}",
        theirs,
        note="time per sample() call",
    )


def framework_cases(steps_per_case: int) -> list[Case]:
    """schedkit's call against each framework's way of getting the next value."""
    ours = schedkit_schedules(schedkit)
    steps = spread(TOTAL, steps_per_case)
    cases = []
    if version("torch"):
        import torch  # noqa: PLC0415

        def optimizer() -> Any:
            return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=BASE)

        def stepped(scheduler: Any) -> Any:
            # A scheduler's step() before any optimizer step() warns, once.
            scheduler.optimizer.step()
            return scheduler

        annealing = stepped(torch.optim.lr_scheduler.CosineAnnealingLR(optimizer(), T_max=TOTAL))
        cases.append(
            Case(
                "cosine",
                len(steps),
                loop(ours["cosine"], steps),
                f"torch {version('torch')} CosineAnnealingLR.step()",
                repeat_call(annealing.step, len(steps)),
            )
        )
        warmup_cosine = ours["warmup + cosine"]
        lambda_lr = stepped(
            torch.optim.lr_scheduler.LambdaLR(
                optimizer(), lr_lambda=lambda s: warmup_cosine(s) / BASE
            )
        )
        cases.append(
            Case(
                "warmup + cosine",
                len(steps),
                loop(warmup_cosine, steps),
                f"torch {version('torch')} LambdaLR.step() over the schedule",
                repeat_call(lambda_lr.step, len(steps)),
            )
        )
        if version("transformers"):
            from transformers import get_cosine_schedule_with_warmup  # noqa: PLC0415

            hf = stepped(
                get_cosine_schedule_with_warmup(
                    optimizer(), num_warmup_steps=WARMUP, num_training_steps=TOTAL
                )
            )
            cases.append(
                Case(
                    "warmup + cosine",
                    len(steps),
                    loop(ours["warmup + cosine"], steps),
                    f"transformers {version('transformers')} "
                    "get_cosine_schedule_with_warmup step()",
                    repeat_call(hf.step, len(steps)),
                )
            )
    if version("optax"):
        import jax  # noqa: PLC0415
        import optax  # noqa: PLC0415

        # In float64, so that optax's values can be checked against ours to 1e-12.
        jax.config.update("jax_enable_x64", True)  # type: ignore[no-untyped-call]
        schedule = optax.warmup_cosine_decay_schedule(
            init_value=0.0, peak_value=BASE, warmup_steps=WARMUP, decay_steps=TOTAL
        )
        jitted = jax.jit(schedule)
        warmup_cosine = ours["warmup + cosine"]
        # optax's value is a JAX array; float() waits for it, as a caller that uses it does.
        agree("optax warmup + cosine", warmup_cosine, schedule, steps[:20])
        agree("optax warmup + cosine, jitted", warmup_cosine, jitted, steps[:20])
        few = steps[:: max(1, len(steps) // 100)]
        for label, function in (("", schedule), (", jitted", jitted)):
            cases.append(
                Case(
                    "warmup + cosine",
                    len(few),
                    loop(warmup_cosine, few),
                    f"optax {version('optax')} warmup_cosine_decay_schedule{label}, "
                    "float() of each value",
                    loop(as_float(function), few),
                )
            )
    # The rows of a framework that is not installed say so. transformers' scheduler
    # is a PyTorch LambdaLR, so it needs both.
    absent = [
        (("torch",), "cosine", "torch CosineAnnealingLR.step()"),
        (("torch",), "warmup + cosine", "torch LambdaLR.step() over the schedule"),
        (
            ("torch", "transformers"),
            "warmup + cosine",
            "transformers get_cosine_schedule_with_warmup step()",
        ),
        (("optax",), "warmup + cosine", "optax warmup_cosine_decay_schedule"),
        (("optax",), "warmup + cosine", "optax warmup_cosine_decay_schedule, jitted"),
    ]
    for needs, name, peer in absent:
        if not all(version(distribution) for distribution in needs):
            cases.append(Case(name, len(steps), loop(ours[name], steps), peer, None))
    return cases


# Arrays of steps: one call on an array against the scalar path's loop, every factory
# against the cosine, and optax's jitted update.


def array_cases(num_steps: int) -> list[Case]:
    """A numpy array of *num_steps* steps, and `sample`, against the scalar path."""
    import numpy  # noqa: PLC0415 - the array path is measured where numpy is installed

    # A run as long as the steps, so that each is on the curve (past its end a
    # schedule's value is held, which costs the scalar path less).
    warmup = num_steps // 10
    cosine = schedkit.cosine(base_lr=BASE, min_lr=0.0, total_steps=num_steps - warmup)
    schedule = schedkit.with_warmup(cosine, warmup_steps=warmup, start_lr=0.0)
    steps = numpy.arange(num_steps)
    scalar = f"the scalar path, {num_steps:.0e} calls".replace("e+0", "e")

    def one_by_one() -> list[float]:
        return [schedule(step) for step in range(num_steps)]

    label = f"10**{round(math.log10(num_steps))} steps, warmup + cosine"
    return [
        Case(f"one call on an array of {label}", 1, lambda: schedule(steps), scalar, one_by_one),
        Case(
            f"sample of {label}",
            1,
            lambda: schedkit.sample(schedule, num_steps=num_steps),
            scalar,
            one_by_one,
        ),
    ]


def examples() -> dict[str, Any]:
    """One schedule per registered factory: the first its docstring's examples make."""
    import doctest  # noqa: PLC0415

    from schedkit import _registry as registry  # noqa: PLC0415 - the one list of factories

    found: dict[str, Any] = {}
    for name in registry.names():
        factory = registry.lookup(name)
        assert factory is not None
        namespace = dict(vars(sys.modules[factory.__module__]))
        for example in doctest.DocTestParser().get_examples(factory.__doc__ or ""):
            try:
                exec(example.source, namespace)  # the library's own docstrings
            except Exception:  # an example that shows an error
                continue
            made = [v for v in namespace.values() if isinstance(v, schedkit.Schedule)]
            mine = [v for v in made if v.name == name]
            if mine:
                found[name] = mine[-1]
                break
    return found


def _array_call(schedule: Any, steps: Any) -> Loop:
    return lambda: schedule(steps)


def factory_cases(num_steps: int) -> tuple[list[Case], list[str]]:
    """One array call of *num_steps* steps for every registered factory, against the
    cosine's; and the factories whose docstrings make no schedule of their own."""
    import numpy  # noqa: PLC0415

    from schedkit import _registry as registry  # noqa: PLC0415

    steps = numpy.arange(num_steps)
    cosine = schedkit.cosine(base_lr=BASE, min_lr=0.0, total_steps=num_steps)
    made = examples()
    cases = []
    for name, schedule in made.items():
        case = Case(name, 1, _array_call(schedule, steps), "cosine", _array_call(cosine, steps))
        parts = list(_parts(schedule))
        if parts:
            # A combinator's own cost is what it adds to its parts': they run too, and
            # their time is taken off (see array_report).
            case.parts = Case(name, 1, _array_calls(parts, steps), "cosine", None)
        cases.append(case)
    return cases, [name for name in registry.names() if name not in made]


def _parts(schedule: Any) -> Any:
    """The schedules a combinator takes, at any depth of its parameters' lists."""
    pending = [value for _, value in schedule._params]
    while pending:
        value = pending.pop()
        if isinstance(value, schedkit.Schedule):
            yield value
        elif isinstance(value, (list, tuple)):
            pending.extend(value)


def _array_calls(schedules: Sequence[Any], steps: Any) -> Loop:
    def run() -> None:
        for schedule in schedules:
            schedule(steps)

    return run


def own_share(case: Case) -> float:
    """A factory's array time over the cosine's, less its parts' time for a combinator."""
    ours = case.times["schedkit"]
    if case.parts is not None:
        ours -= case.parts.times["schedkit"]
    return ours / case.times["peer"]


OPTAX_SCRIPT = """
import json, resource, sys, time
import jax, jax.numpy as jnp, optax
from schedkit import cosine, with_warmup
from schedkit.jax import to_optax
which, repeats = sys.argv[1], int(sys.argv[2])
total, warmup = 10**8, 10**6
schedule = with_warmup(
    cosine(base_lr=1e-3, min_lr=0.0, total_steps=total - warmup), warmup_steps=warmup, start_lr=0.0
)
theirs = optax.warmup_cosine_decay_schedule(
    init_value=0.0, peak_value=1e-3, warmup_steps=warmup, decay_steps=total
)
params = {"w": jnp.zeros((64, 64)), "b": jnp.zeros(64)}
grads = jax.tree.map(jnp.ones_like, params)
def jitted(learning_rate):
    optimizer = optax.adamw(learning_rate=learning_rate)
    def update(params, state):
        updates, state = optimizer.update(grads, state, params)
        return optax.apply_updates(params, updates), state
    return jax.jit(update), optimizer.init(params)
out = {}
if which == "build":
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    lr = to_optax(schedule)
    lr(jnp.int32(0))
    out["ms"] = (time.perf_counter() - start) * 1000
    out["mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
elif which in ("schedkit", "optax"):
    update, state = jitted(to_optax(schedule) if which == "schedkit" else theirs)
    start = time.perf_counter()
    update.lower(params, state).compile()
    out["compile"] = time.perf_counter() - start
else:
    runs = {name: jitted(lr) for name, lr in (("schedkit", to_optax(schedule)), ("optax", theirs))}
    times = {name: [] for name in runs}
    for name, (update, state) in runs.items():
        jax.block_until_ready(update(params, state))
    for _ in range(repeats):
        for name, (update, state) in runs.items():
            p = params
            start = time.perf_counter()
            for _ in range(500):
                p, state = update(p, state)
            jax.block_until_ready(p)
            times[name].append((time.perf_counter() - start) / 500)
    out = {name: sorted(values)[len(values) // 2] for name, values in times.items()}
print(json.dumps(out))
"""


def optax_figures(processes: int, repeats: int) -> dict[str, float] | None:
    """to_optax of a 10**8-step schedule, each figure from fresh processes: its build
    (ms, MB), its first compile over optax's own schedule's, and the jitted update's
    time over the same with optax's schedule. None where optax is not installed."""
    if not version("optax"):
        return None
    import json  # noqa: PLC0415

    def run(which: str) -> dict[str, float]:
        done = subprocess.run(
            [sys.executable, "-c", OPTAX_SCRIPT, which, str(repeats)],
            check=True,
            capture_output=True,
            text=True,
        )
        result: dict[str, float] = json.loads(done.stdout)
        return result

    builds = [run("build") for _ in range(processes)]
    compiles: dict[str, list[float]] = {"schedkit": [], "optax": []}
    for _ in range(processes):
        for which, values in compiles.items():
            values.append(run(which)["compile"])
    updates = run("update")
    return {
        "build ms": statistics.median(b["ms"] for b in builds),
        "build MB": statistics.median(b["mb"] for b in builds),
        "compile": statistics.median(compiles["schedkit"]) / statistics.median(compiles["optax"]),
        "compile s": statistics.median(compiles["schedkit"]),
        "optax compile s": statistics.median(compiles["optax"]),
        "update": updates["schedkit"] / updates["optax"],
        "update us": updates["schedkit"] * 10**6,
    }


def array_targets(
    arrays: Sequence[Case], factories: Sequence[Case], optax: dict[str, float] | None
) -> list[tuple[str, float | None, float]]:
    """The targets of the array path: (label, this run's figure, the bound)."""
    worst = max((own_share(c) for c in factories), default=None)
    figures = optax or {}
    return [
        (
            "one call on an array of 10**6 steps: at most 0.2 of the scalar path",
            ratio(arrays, "one call", "the scalar"),
            0.2,
        ),
        (
            "`sample` of 10**6 steps: at most 0.3 of the scalar path",
            ratio(arrays, "sample", "the scalar"),
            0.3,
        ),
        ("every factory on an array of 10**6 steps: at most 2 times the cosine", worst, 2.0),
        ("`to_optax` of 10**8 steps: built in under 50 ms", figures.get("build ms"), 50.0),
        ("`to_optax` of 10**8 steps: under 50 MB of memory", figures.get("build MB"), 50.0),
        (
            "jitted `optax.adamw` update: at most 1.05 of optax's own schedule",
            figures.get("update"),
            1.05,
        ),
        ("its first compile: at most 2 of optax's own schedule", figures.get("compile"), 2.0),
    ]


def array_report(
    arrays: Sequence[Case],
    factories: Sequence[Case],
    missing: Sequence[str],
    optax: dict[str, float] | None,
) -> list[str]:
    lines = [
        "Arrays of steps: one call on a numpy array of steps, and `sample` (which goes",
        "through numpy), against the scalar path's loop over the same steps:",
        "",
        *rows(arrays),
        "",
        "One call on a numpy array of 10**6 steps, every registered factory (the first",
        "schedule its docstring makes) against the cosine's; a combinator's own cost is",
        "its time less that of its parts on the same steps:",
        "",
        "| factory | time | its parts' | own cost over the cosine's |",
        "|---|---:|---:|---:|",
    ]
    for case in sorted(factories, key=lambda c: -own_share(c)):
        parts = "" if case.parts is None else figure(case.parts.times["schedkit"])
        lines.append(
            f"| {case.name} | {figure(case.times['schedkit'])} | {parts} | {own_share(case):.2f} |"
        )
    if missing:
        lines += ["", "Not measured (no example of their own): " + ", ".join(missing) + "."]
    lines.append("")
    if optax is None:
        lines.append("optax is not installed: `to_optax` was not measured.")
    else:
        lines += [
            "`to_optax` of warmup + cosine over 10**8 steps, in fresh processes (float32,",
            "parameters of 4,160 floats): built in "
            f"{optax['build ms']:.2f} ms with {optax['build MB']:.1f} MB more peak memory;",
            f"its jitted `optax.adamw` update {optax['update us']:.1f} us, "
            f"{optax['update']:.3f} of the same update with optax's",
            "`warmup_cosine_decay_schedule`; its first compile "
            f"{optax['compile s']:.2f} s against optax's {optax['optax compile s']:.2f} s.",
        ]
    return lines


def measure(cases: Sequence[Case], repeats: int) -> None:
    """Fill each case's times: the median over *repeats* of ns per call, alternating."""
    for case in cases:
        loops = {"schedkit": case.ours}
        if case.theirs is not None:
            loops["peer"] = case.theirs
        for run in loops.values():
            run()  # warm up: first-call costs (imports, tracing) are not per-call costs
        samples: dict[str, list[float]] = {key: [] for key in loops}
        for _ in range(repeats):
            for key, run in loops.items():
                start = time.perf_counter_ns()
                run()
                samples[key].append((time.perf_counter_ns() - start) / case.calls)
        case.times = {key: statistics.median(values) for key, values in samples.items()}


def import_times(repeats: int) -> dict[str, float | None]:
    """Median wall time in ms that `import <module>` adds to a bare interpreter."""
    modules = ["schedkit", "lrsched", "torch", "optax"]
    present = [m for m in modules if m == "schedkit" or version(m)]

    def once(statement: str, env: dict[str, str] | None = None) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, env=env)
        return time.perf_counter() - start

    # One import first, allowed to write bytecode: an import is timed as users meet
    # it, from cached bytecode and a warm file cache.
    writing = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for module in present:
        once(f"import {module}", writing)
    samples: dict[str, list[float]] = {"": [], **{m: [] for m in present}}
    for _ in range(repeats):
        for module, values in samples.items():
            values.append(once(f"import {module}" if module else "pass"))
    bare = statistics.median(samples.pop(""))
    result: dict[str, float | None] = dict.fromkeys(modules)
    for module, values in samples.items():
        result[module] = (statistics.median(values) - bare) * 1000
    return result


def imported_by_schedkit() -> tuple[float, list[str]]:
    """The cumulative import time of schedkit by `-X importtime` (ms), and the optional
    modules it loaded (there should be none)."""
    probe = (
        "import sys; before = set(sys.modules); import schedkit; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        check=True,
        capture_output=True,
        text=True,
    )
    loaded = done.stdout.split()
    cumulative = 0.0
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| schedkit$", line)
        if match:
            cumulative = int(match.group(1)) / 1000
    optional = [m for m in loaded if m.split(".")[0] in OPTIONAL or m in OPTIONAL]
    return cumulative, optional


# Reporting.


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    libraries = ["schedkit " + schedkit.__version__]
    for distribution in ("lrsched", "torch", "transformers", "jax", "optax"):
        found = version(distribution)
        libraries.append(f"{distribution} {found}" if found else f"{distribution} not installed")
    return [
        f"- Machine: {cpu} ({platform.machine()}), {os.cpu_count()} cores, {platform.system()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- Libraries: {', '.join(libraries)}",
        f"- Run: {datetime.date.today().isoformat()}",
    ]


def figure(ns: float) -> str:
    if ns >= 10**6:
        return f"{ns / 10**6:,.1f} ms"
    if ns >= 10**4:
        return f"{ns / 1000:,.1f} us"
    return f"{ns:,.0f} ns"


def rows(cases: Sequence[Case]) -> list[str]:
    lines = [
        "| schedule | schedkit | peer | peer's time | schedkit / peer |",
        "|---|---:|---|---:|---:|",
    ]
    for case in cases:
        ours = figure(case.times["schedkit"])
        name = f"{case.name} ({case.note})" if case.note else case.name
        if "peer" in case.times:
            ratio = f"{case.times['schedkit'] / case.times['peer']:.2f}"
            lines.append(
                f"| {name} | {ours} | {case.peer} | {figure(case.times['peer'])} | {ratio} |"
            )
        else:
            lines.append(f"| {name} | {ours} | {case.peer} | not installed | |")
    return lines


def ratio(cases: Sequence[Case], name: str, peer: str) -> float | None:
    """Return schedkit's time over the peer's in the first case called *name* (a
    prefix) against a peer called *peer* (a prefix), or None if it was not measured."""
    for case in cases:
        if case.name.startswith(name) and case.peer.startswith(peer) and "peer" in case.times:
            return case.times["schedkit"] / case.times["peer"]
    return None


def targets(
    by_lrsched: Sequence[Case],
    by_framework: Sequence[Case],
    own: dict[str, float],
    import_ms: float | None,
    extra: Sequence[tuple[str, float | None, float]] = (),
) -> list[str]:
    """The table of the targets schedkit holds itself to, and where this run stands."""
    measured = [
        ("cosine: at most 0.6 of lrsched 0.5.0", ratio(by_lrsched, "cosine", "lrsched"), 0.6),
        (
            "warmup + cosine: at most 0.6 of lrsched 0.5.0",
            ratio(by_lrsched, "warmup + cosine", "lrsched"),
            0.6,
        ),
        (
            "cosine: at most 0.1 of PyTorch's CosineAnnealingLR.step()",
            ratio(by_framework, "cosine", "torch"),
            0.1,
        ),
        (
            "warmup + cosine: at most 0.1 of PyTorch's LambdaLR.step()",
            ratio(by_framework, "warmup + cosine", "torch"),
            0.1,
        ),
        ("cosine_restarts at step 10**12: at most 1.5 times step 10**3", own["restarts"], 1.5),
        ("multi_step with 1000 milestones: at most 2 times 3", own["milestones"], 2.0),
        (
            "`sample` of 10**6 steps: at most 0.5 of lrsched 0.5.0",
            ratio(by_lrsched, "sample", "lrsched"),
            0.5,
        ),
        ("`import schedkit`: at most 10 ms over a bare interpreter", import_ms, 10.0),
        *extra,
    ]
    lines = ["| target | this run | met |", "|---|---:|---|"]
    for label, value, bound in measured:
        if value is None:
            lines.append(f"| {label} | not measured | |")
        else:
            unit = " ms" if label.startswith("`import") or label.endswith(" ms") else ""
            unit = " MB" if label.endswith(" MB of memory") else unit
            met = "yes" if value <= bound else "no"
            lines.append(f"| {label} | {value:.3g}{unit} | {met} |")
    return lines


def report(
    by_lrsched: Sequence[Case],
    by_framework: Sequence[Case],
    imports: dict[str, float | None],
    importtime: tuple[float, list[str]],
    arrays: tuple[list[Case], list[Case], list[str], dict[str, float] | None],
) -> str:
    times = {case.name: case.times["schedkit"] for case in by_lrsched}
    restarts = times["cosine_restarts at step 10**12"] / times["cosine_restarts at step 10**3"]
    milestones = times["multi_step, 1000 milestones"] / times["multi_step, 3 milestones"]
    cumulative, optional = importtime
    own = {"restarts": restarts, "milestones": milestones}
    lines = [
        "Where this run stands against the targets (ratios are schedkit's time over the",
        "peer's):",
        "",
        *targets(
            by_lrsched,
            by_framework,
            own,
            imports["schedkit"],
            array_targets(arrays[0], arrays[1], arrays[3]),
        ),
        "",
        "Per call, against lrsched 0.5.0 (the same schedules, called in the same loop, over",
        "1000 steps spread across the run; `sample` is timed per whole call):",
        "",
        *rows(by_lrsched),
        "",
        "Against the frameworks' schedulers: each of their `step()` calls advances an",
        "optimizer's learning rate by one update, which a schedkit call replaces; optax's",
        "schedule is meant to be traced inside a jitted update, and is timed here as a",
        "Python caller (a plot, a log line) pays for it:",
        "",
        *rows(by_framework),
        "",
        *array_report(*arrays),
        "",
        "The step does not change the cost:",
        "",
        "| schedkit | ratio |",
        "|---|---:|",
        f"| cosine_restarts at step 10**12 over step 10**3 | {restarts:.2f} |",
        f"| multi_step with 1000 milestones over 3 | {milestones:.2f} |",
        "",
        "What an import adds to a bare interpreter (wall time, median of fresh processes):",
        "",
        "| module | ms |",
        "|---|---:|",
    ]
    for module, ms in imports.items():
        lines.append(f"| `import {module}` | {'not installed' if ms is None else f'{ms:.1f}'} |")
    lines += [
        "",
        f"`python -X importtime` puts schedkit's own import at {cumulative:.1f} ms, and it",
        "loads no optional module"
        + (
            f" except {', '.join(optional)}."
            if optional
            else " (framework, config format or plot)."
        ),
        "",
        *machine(),
    ]
    return "\n".join(lines) + "\n"


def markers(page: pathlib.Path) -> str:
    """Return the text of *page*, refusing one without the markers to write between."""
    text = page.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{page}: no {START} ... {END} markers to write between")
    return text


def write(page: pathlib.Path, table: str) -> None:
    head, rest = markers(page).split(START, 1)
    _, tail = rest.split(END, 1)
    page.write_text(f"{head}{START}\n{table}{END}{tail}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="run every case a few times, to check they run"
    )
    parser.add_argument(
        "--write", type=pathlib.Path, metavar="PAGE", help="write the tables into PAGE"
    )
    args = parser.parse_args(argv)
    if args.write:
        markers(args.write)  # before a minute of timing, not after
    steps, repeats, sampled, processes = (20, 2, 10**3, 2) if args.quick else (1000, 31, 10**6, 21)
    by_lrsched = lrsched_cases(steps)
    by_framework = framework_cases(steps)
    sampling = sample_case(sampled)
    measure(by_lrsched, repeats)
    # A sample of 10**6 steps takes a tenth of a second or more; fewer repeats do.
    measure([sampling], min(repeats, 7))
    by_lrsched.append(sampling)
    measure(by_framework, repeats)
    arrays = array_cases(sampled)
    measure(arrays, min(repeats, 7))
    factories, missing = factory_cases(sampled)
    measure(factories, min(repeats, 7))
    measure([case.parts for case in factories if case.parts is not None], min(repeats, 7))
    optax = optax_figures(min(processes, 5), min(repeats, 21))
    table = report(
        by_lrsched,
        by_framework,
        import_times(processes),
        imported_by_schedkit(),
        (arrays, factories, missing, optax),
    )
    if args.quick:
        table = "Quick mode: every case ran; the figures mean nothing.\n\n" + table
    print(table, end="")
    if args.write:
        write(args.write, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
