"""The noether framework's schedules as pure schedules.

noether computes a schedule's value from the step and the run's total
(``schedule.get_value(step, total_steps)``); here the total is a parameter,
``total_steps``, and the schedule is a function of the step alone. Each function is
a class name in snake case with the fields and defaults of the class's config,
keyword-only. Its value at steps 0 to total_steps - 1 is noether's; from there on
noether's formulas overshoot (a negative lr for a linear decay to 0, a cosine that
climbs back, a TypeError for a fractional power), or noether raises, so the value
where the schedule ends is held instead. :func:`from_config` reads a noether
schedule config. noether is never imported.

The progress schedules (linear, cosine and polynomial, increasing or decreasing)
run over steps 0 to T - 1; ``exclude_first`` starts them one step in and
``exclude_last`` stops them one step short. ``overhang_percent`` or
``overhang_steps`` stretch the total first: ``T + int(T * overhang_percent)``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .. import _validate as check
from .._registry import Steps, close_names, register, spec_of
from .._schedule import Schedule, factory_name
from .._shapes import lerp
from ..config import build
from ._base import cos_move, make

__all__ = [
    "constant_schedule",
    "cosine_decreasing_schedule",
    "cosine_increasing_schedule",
    "custom_schedule",
    "from_config",
    "linear_decreasing_schedule",
    "linear_increasing_schedule",
    "linear_warmup_cosine_decay_schedule",
    "polynomial_decreasing_schedule",
    "polynomial_increasing_schedule",
    "sequential_percent_schedule",
    "sequential_step_schedule",
    "step_decreasing_schedule",
    "step_fixed_schedule",
    "step_interval_schedule",
]

_PREFIX = "compat.noether."

# A template is noether's get_value(step, total_steps), for 0 <= step <= total_steps.
Template = Callable[[int, int], float]
# Each factory's template builder, from its checked parameters (without total_steps),
# so that sequential schedules can run a phase over the phase's own length.
_TEMPLATES: dict[Callable[..., Schedule], Callable[[dict[str, Any]], Template]] = {}


def _overhang(name: str, params: dict[str, Any]) -> Callable[[int], int]:
    percent, steps = params["overhang_percent"], params["overhang_steps"]
    if percent is not None and steps is not None:
        raise check.ScheduleError(
            f"{name}: only one of overhang_percent and overhang_steps may be given, "
            f"got overhang_percent={percent!r}, overhang_steps={steps!r}"
        )
    if percent is not None:
        percent = params["overhang_percent"] = check.non_negative(name, "overhang_percent", percent)
        return lambda total: total + int(total * percent)
    if steps is not None:
        steps = params["overhang_steps"] = check.at_least(name, "overhang_steps", steps, 0)
        return lambda total: total + steps
    return lambda total: total


def _bind(
    factory: Callable[..., Schedule], params: dict[str, Any], total_steps: object
) -> Schedule:
    # The public schedule: the template at the run's total. Every template holds its
    # end value past its end, where noether overshoots or raises.
    name = factory_name(factory)
    total = check.positive_integer(name, "total_steps", total_steps)
    template = _TEMPLATES[factory](params)
    # By the stretched total every schedule has ended (a step phase may run longer).
    length = total + int(total * (params.get("overhang_percent") or 0.0))
    length += params.get("overhang_steps") or 0
    for _, _, end in params.get("schedule_configs", ()):
        if isinstance(end, int):
            length = max(length, end)

    def at(step: int) -> float:
        return template(step, total)

    return make(factory, {**params, "total_steps": total}, at, length=length)


def _progress(
    factory: Callable[..., Schedule], shape: str, start: float, end: float, params: dict[str, Any]
) -> Template:
    name = factory_name(factory)
    stretch = _overhang(name, params)
    first = check.boolean(name, "exclude_first", params["exclude_first"])
    last = check.boolean(name, "exclude_last", params["exclude_last"])
    power = params.get("power", 1.0)
    check.finite_difference(name, ("start", "end"), (start, end))

    def template(step: int, total: int) -> float:
        total = stretch(total)
        if last:
            total += 1
        if first:
            step += 1
            total += 1
        span = max(1, total - 1)
        done = min(step, span)
        if shape == "linear":
            return lerp(start, end, done / span)
        if shape == "cosine":
            return cos_move(start, end, done / span)
        if done == 0:
            return start
        return float(end + (start - end) * ((span - done) / span) ** power)

    return template


def _progress_factory(
    factory: Callable[..., Schedule], shape: str, increasing: bool
) -> Callable[[dict[str, Any]], Template]:
    def build(params: dict[str, Any]) -> Template:
        name = factory_name(factory)
        if "power" in params:
            params["power"] = check.positive(name, "power", params["power"])
        if increasing:
            start = params["start_value"] = check.real(name, "start_value", params["start_value"])
            peak = params["max_value"] = check.real(name, "max_value", params["max_value"])
            if peak < start:
                raise check.ScheduleError(
                    f"{name}: max_value must be at least start_value, "
                    f"got max_value={peak!r}, start_value={start!r}"
                )
            return _progress(factory, shape, start, peak, params)
        peak = params["max_value"] = check.non_negative(name, "max_value", params["max_value"])
        end = params["end_value"] = check.non_negative(name, "end_value", params["end_value"])
        if end > peak:
            raise check.ScheduleError(
                f"{name}: end_value must be at most max_value, "
                f"got end_value={end!r}, max_value={peak!r}"
            )
        return _progress(factory, shape, peak, end, params)

    return build


@register
def linear_increasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    start_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``LinearIncreasingSchedule``: a straight line from *start_value* to *max_value*.

    With T = total_steps (after the overhang and the exclude flags)::

        value(t) = start_value + (max_value - start_value) * t / max(1, T - 1)

    Examples:
        >>> from schedkit.compat.noether import linear_increasing_schedule
        >>> schedule = linear_increasing_schedule(max_value=1.0, total_steps=5)
        >>> [schedule(t) for t in range(6)]
        [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """
    params = {
        "max_value": max_value,
        "start_value": start_value,
        "exclude_first": exclude_first,
        "exclude_last": exclude_last,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(linear_increasing_schedule, params, total_steps)


@register
def linear_decreasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    end_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``LinearDecreasingSchedule``: a straight line from *max_value* down to *end_value*.

    Examples:
        >>> from schedkit.compat.noether import linear_decreasing_schedule
        >>> schedule = linear_decreasing_schedule(max_value=1.0, total_steps=5,
        ...                                       exclude_last=True)
        >>> [schedule(t) for t in range(6)]
        [1.0, 0.8, 0.6, 0.4, 0.19999999999999996, 0.0]
    """
    params = {
        "max_value": max_value,
        "end_value": end_value,
        "exclude_first": exclude_first,
        "exclude_last": exclude_last,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(linear_decreasing_schedule, params, total_steps)


@register
def cosine_increasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    start_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``CosineIncreasingSchedule``: a half cosine from *start_value* up to *max_value*.

    ::

        value(t) = start_value + (max_value - start_value) * (1 - cos(pi * t / max(1, T - 1))) / 2

    Examples:
        >>> from schedkit.compat.noether import cosine_increasing_schedule
        >>> schedule = cosine_increasing_schedule(max_value=1.0, total_steps=3)
        >>> [schedule(t) for t in range(4)]
        [0.0, 0.5, 1.0, 1.0]
    """
    params = {
        "max_value": max_value,
        "start_value": start_value,
        "exclude_first": exclude_first,
        "exclude_last": exclude_last,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(cosine_increasing_schedule, params, total_steps)


@register
def cosine_decreasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    end_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``CosineDecreasingSchedule``: a half cosine from *max_value* down to *end_value*,
    reached at step T - 1.

    Examples:
        >>> from schedkit.compat.noether import cosine_decreasing_schedule
        >>> schedule = cosine_decreasing_schedule(max_value=1.0, total_steps=3)
        >>> [schedule(t) for t in range(4)]
        [1.0, 0.5, 0.0, 0.0]
    """
    params = {
        "max_value": max_value,
        "end_value": end_value,
        "exclude_first": exclude_first,
        "exclude_last": exclude_last,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(cosine_decreasing_schedule, params, total_steps)


@register
def polynomial_increasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    start_value: float = 0.0,
    power: float = 1.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``PolynomialIncreasingSchedule``: **not** ``p ** power`` but a concave rise,
    fast at first::

        value(t) = max_value + (start_value - max_value) * (1 - t / max(1, T - 1)) ** power

    Examples:
        >>> from schedkit.compat.noether import polynomial_increasing_schedule
        >>> schedule = polynomial_increasing_schedule(max_value=1.0, total_steps=3, power=2.0)
        >>> [schedule(t) for t in range(4)]
        [0.0, 0.75, 1.0, 1.0]
    """
    params = {
        "max_value": max_value,
        "start_value": start_value,
        "power": power,
        "exclude_first": exclude_first,
        "exclude_last": exclude_last,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(polynomial_increasing_schedule, params, total_steps)


@register
def polynomial_decreasing_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    end_value: float = 0.0,
    power: float = 1.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``PolynomialDecreasingSchedule``: like PyTorch's PolynomialLR, ending at step T - 1::

        value(t) = end_value + (max_value - end_value) * (1 - t / max(1, T - 1)) ** power

    Examples:
        >>> from schedkit.compat.noether import polynomial_decreasing_schedule
        >>> schedule = polynomial_decreasing_schedule(max_value=1.0, total_steps=3, power=2.0)
        >>> [schedule(t) for t in range(4)]
        [1.0, 0.25, 0.0, 0.0]
    """
    params = {
        "max_value": max_value,
        "end_value": end_value,
        "power": power,
        "exclude_first": exclude_first,
        "exclude_last": exclude_last,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(polynomial_decreasing_schedule, params, total_steps)


def _index(progress: float, interval: float) -> int:
    # noether rounds to 10 digits before flooring, so that 0.6 / 0.2 counts 3.
    return int(round(progress / interval, 10))


def _step_decreasing(params: dict[str, Any]) -> Template:
    name = _PREFIX + "step_decreasing_schedule"
    peak = params["max_value"] = check.non_negative(name, "max_value", params["max_value"])
    end = params["end_value"] = check.non_negative(name, "end_value", params["end_value"])
    if end > peak:
        raise check.ScheduleError(
            f"{name}: end_value must be at most max_value, "
            f"got end_value={end!r}, max_value={peak!r}"
        )
    factor = params["factor"] = check.non_negative(name, "factor", params["factor"])
    every = params["decreases_interval"] = check.unit_interval(
        name, "decreases_interval", params["decreases_interval"]
    )
    first = check.boolean(name, "exclude_first", params["exclude_first"])
    last = check.boolean(name, "exclude_last", params["exclude_last"])
    stretch = _overhang(name, params)
    delta = end - peak

    def template(step: int, total: int) -> float:
        total = stretch(total)
        if last:
            total += 1
        if first:
            step += 1
            total += 1
        return peak + (1.0 - factor ** _index(min(step, total) / total, every)) * delta

    return template


@register
def step_decreasing_schedule(
    *,
    factor: float,
    decreases_interval: float,
    max_value: float,
    total_steps: Steps,
    end_value: float = 0.0,
    exclude_first: bool = False,
    exclude_last: bool = False,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``StepDecreasingSchedule``: *factor* once per *decreases_interval* of the run.

    With p = t / T (T, not T - 1) and k = floor(p / decreases_interval)::

        value(t) = end_value + (max_value - end_value) * factor ** k

    *end_value* is an asymptote, reached only with factor 0. The value at step T is
    held after it.

    Examples:
        >>> from schedkit.compat.noether import step_decreasing_schedule
        >>> schedule = step_decreasing_schedule(factor=0.5, decreases_interval=0.25,
        ...                                     max_value=1.0, total_steps=8)
        >>> [schedule(t) for t in range(10)]
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625]
    """
    params = {
        "factor": factor,
        "decreases_interval": decreases_interval,
        "max_value": max_value,
        "end_value": end_value,
        "exclude_first": exclude_first,
        "exclude_last": exclude_last,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(step_decreasing_schedule, params, total_steps)


def _step_fixed(params: dict[str, Any]) -> Template:
    name = _PREFIX + "step_fixed_schedule"
    start = params["start_value"] = check.real(name, "start_value", params["start_value"])
    factor = params["factor"] = check.non_negative(name, "factor", params["factor"])
    marks = check.reals(name, "steps", params["steps"])
    if not marks:
        raise check.ScheduleError(f"{name}: steps must hold at least one fraction, got steps=[]")
    for index, mark in enumerate(marks):
        check.unit_interval(name, f"steps[{index}]", mark)
    params["steps"] = marks
    ordered = tuple(sorted(marks))
    stretch = _overhang(name, params)

    def template(step: int, total: int) -> float:
        total = stretch(total)
        progress = min(step, total) / total
        return float(start * factor ** bisect_right(ordered, progress))

    return template


@register
def step_fixed_schedule(
    *,
    factor: float,
    steps: Iterable[float],
    total_steps: Steps,
    start_value: float = 1.0,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``StepFixedSchedule``: *factor* once at each fraction of the run in *steps*.

    ::

        value(t) = start_value * factor ** (number of fractions f with f <= t / T)

    Examples:
        >>> from schedkit.compat.noether import step_fixed_schedule
        >>> schedule = step_fixed_schedule(factor=0.5, steps=[0.2, 0.5, 0.8], total_steps=10)
        >>> [schedule(t) for t in range(10)]
        [1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125]
    """
    params = {
        "factor": factor,
        "steps": steps,
        "start_value": start_value,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(step_fixed_schedule, params, total_steps)


def _step_interval(params: dict[str, Any]) -> Template:
    name = _PREFIX + "step_interval_schedule"
    start = params["start_value"] = check.real(name, "start_value", params["start_value"])
    factor = params["factor"] = check.non_negative(name, "factor", params["factor"])
    every = params["update_interval"] = check.unit_interval(
        name, "update_interval", params["update_interval"]
    )
    stretch = _overhang(name, params)

    def template(step: int, total: int) -> float:
        total = stretch(total)
        return start * factor ** _index(min(step, total) / total, every)

    return template


@register
def step_interval_schedule(
    *,
    factor: float,
    update_interval: float,
    total_steps: Steps,
    start_value: float = 1.0,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``StepIntervalSchedule``: *factor* once per *update_interval* of the run::

        value(t) = start_value * factor ** floor((t / T) / update_interval)

    Examples:
        >>> from schedkit.compat.noether import step_interval_schedule
        >>> schedule = step_interval_schedule(factor=0.5, update_interval=0.2, total_steps=10)
        >>> [schedule(t) for t in range(10)]
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625]
    """
    params = {
        "factor": factor,
        "update_interval": update_interval,
        "start_value": start_value,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(step_interval_schedule, params, total_steps)


@register
def constant_schedule(*, value: float) -> Schedule:
    """``ConstantSchedule``: *value* at every step (noether ignores the total).

    Examples:
        >>> from schedkit.compat.noether import constant_schedule
        >>> constant_schedule(value=0.5)(10**6)
        0.5
    """
    value = check.real(_PREFIX + "constant_schedule", "value", value)
    return make(constant_schedule, {"value": value}, lambda step: value)


@register
def custom_schedule(*, values: Iterable[float]) -> Schedule:
    """``CustomSchedule``: ``values[t]``; past the list, where noether raises an
    IndexError, its last value is held.

    Examples:
        >>> from schedkit.compat.noether import custom_schedule
        >>> schedule = custom_schedule(values=[0.1, 0.2, 0.3])
        >>> [schedule(t) for t in range(5)]
        [0.1, 0.2, 0.3, 0.3, 0.3]
    """
    name = _PREFIX + "custom_schedule"
    table = check.reals(name, "values", values)
    if not table:
        raise check.ScheduleError(f"{name}: values must hold at least one value, got values=[]")
    last = len(table) - 1

    def at(step: int) -> float:
        return table[min(step, last)]

    return make(custom_schedule, {"values": table}, at, length=last)


def _phases(
    name: str, configs: object, bound: str, kind: Callable[[str, str, object], float | int]
) -> list[list[Any]]:
    # [template, start, end] per phase, from (schedule, start, end) triples.
    if isinstance(configs, (str, bytes)) or not isinstance(configs, Iterable):
        raise TypeError(
            f"{name}: schedule_configs must be a sequence of (schedule, start_{bound}, "
            f"end_{bound}) triples, "
            f"got schedule_configs={check.show(configs)} ({check.kind(configs)})"
        )
    phases = []
    for index, item in enumerate(configs):
        label = f"schedule_configs[{index}]"
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise TypeError(
                f"{name}: {label} must be a (schedule, start_{bound}, end_{bound}) triple, "
                f"got {label}={check.show(item)} ({check.kind(item)})"
            )
        schedule, start, end = item
        builder = _TEMPLATES.get(getattr(schedule, "_factory", None))  # type: ignore[arg-type]
        if builder is None:
            raise TypeError(
                f"{name}: {label}[0] must be a noether schedule from this module, "
                f"got {label}[0]={check.show(schedule)} ({check.kind(schedule)})"
            )
        own = {key: value for key, value in schedule.params.items() if key != "total_steps"}
        phases.append(
            [
                schedule,
                builder(own),
                None if start is None else kind(name, f"{label}[1]", start),
                None if end is None else kind(name, f"{label}[2]", end),
            ]
        )
    if not phases:
        raise check.ScheduleError(f"{name}: schedule_configs must hold at least one phase, got []")
    return phases


def _fill(phases: list[list[Any]], last_end: float | None) -> None:
    # noether's propagation of the missing bounds, in its order.
    if phases[0][2] is None:
        phases[0][2] = 0
    for i in range(1, len(phases) - 1):
        if phases[i][2] is None:
            phases[i][2] = phases[i - 1][3]
        if phases[i][3] is None:
            phases[i][3] = phases[i + 1][2]
    if len(phases) > 1:
        if phases[-1][2] is None:
            phases[-1][2] = phases[-2][3]
        if phases[-2][3] is None:
            phases[-2][3] = phases[-1][2]
    if phases[-1][3] is None:
        phases[-1][3] = last_end


def _ordered(name: str, phases: list[list[Any]], limit: float | None) -> None:
    for i, (_, _, start, end) in enumerate(phases):
        if start is None or (end is None and i < len(phases) - 1):
            raise check.ScheduleError(
                f"{name}: schedule_configs[{i}] has no start or end after filling in "
                "the neighbours' bounds"
            )
        upper = limit if end is None else end
        if (
            start < 0
            or (upper is not None and start > upper)
            or (i + 1 < len(phases) and end > phases[i + 1][2])
        ):
            raise check.ScheduleError(
                f"{name}: the phases must not overlap and each must start before it ends, "
                f"got schedule_configs[{i}] from {start!r} to {end!r}"
            )


def _run_phase(template: Template, step: int, length: int) -> float:
    if length <= 0:
        # noether's step class calls get_value(-1, 0) here and raises; its percent
        # class takes the phase's first value, which is done for both.
        return template(0, 1)
    return template(min(step, length - 1), length)


def _sequential_percent(params: dict[str, Any]) -> Template:
    name = _PREFIX + "sequential_percent_schedule"
    phases = _phases(name, params["schedule_configs"], "percent", check.fraction)
    _fill(phases, 1.0)
    _ordered(name, phases, 1.0)
    params["schedule_configs"] = tuple((p[0], p[2], p[3]) for p in phases)

    def template(step: int, total: int) -> float:
        edge = total - 1
        for _, run, start, end in reversed(phases):
            first = int(start * edge)
            if first <= step:
                last = total if end == 1.0 else int(edge * end)
                return _run_phase(run, step - first, last - first)
        _, run, start, end = phases[0]
        first = int(edge * start)
        last = total if end == 1.0 else int(edge * end)
        return _run_phase(run, 0, last - first)

    return template


@register
def sequential_percent_schedule(
    *, schedule_configs: Iterable[tuple[Schedule, float | None, float | None]], total_steps: Steps
) -> Schedule:
    """``SequentialPercentSchedule``: phases that each cover a fraction of the run.

    Each phase is ``(schedule, start_percent, end_percent)``, a noether schedule of
    this module and its bounds (None to take the neighbour's, as noether fills
    them). Phase i runs from step ``int(start * (T - 1))`` to ``int(end * (T - 1))``
    (T for an end of 1.0) over its own length, so the *total_steps* its schedule was
    made with is replaced. Before the first phase its first value is held; in a gap
    or after the last phase, the phase's last value.

    Examples:
        >>> from schedkit.compat.noether import (
        ...     linear_decreasing_schedule, linear_increasing_schedule,
        ...     sequential_percent_schedule)
        >>> up = linear_increasing_schedule(max_value=1.0, total_steps=1)
        >>> down = linear_decreasing_schedule(max_value=1.0, total_steps=1)
        >>> schedule = sequential_percent_schedule(
        ...     schedule_configs=[(up, None, 0.3), (down, 0.6, None)], total_steps=11)
        >>> [schedule(t) for t in range(11)]
        [0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0]
    """
    params = {"schedule_configs": schedule_configs}
    return _bind(sequential_percent_schedule, params, total_steps)


def _sequential_step(params: dict[str, Any]) -> Template:
    name = _PREFIX + "sequential_step_schedule"
    phases = _phases(
        name,
        params["schedule_configs"],
        "step",
        lambda factory, label, value: check.at_least(factory, label, value, 0),
    )
    _fill(phases, None)
    _ordered(name, phases, None)
    params["schedule_configs"] = tuple((p[0], p[2], p[3]) for p in phases)
    stretch = _overhang(name, params)

    def template(step: int, total: int) -> float:
        total = stretch(total)
        for _, run, start, end in reversed(phases):
            if start <= step:
                # noether's `end_step or total_steps`: an end of 0 means the total.
                return _run_phase(run, step - start, (end or total) - start)
        _, run, start, end = phases[0]
        return _run_phase(run, 0, (end or total) - start)

    return template


@register
def sequential_step_schedule(
    *,
    schedule_configs: Iterable[tuple[Schedule, Steps | None, Steps | None]],
    total_steps: Steps,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``SequentialStepSchedule``: phases between given steps.

    Each phase is ``(schedule, start_step, end_step)``; an end of None (or 0, as in
    noether) runs to the total. Otherwise as :func:`sequential_percent_schedule`.
    A phase of no length, where noether raises, gives its schedule's first value.

    Examples:
        >>> from schedkit.compat.noether import linear_decreasing_schedule, sequential_step_schedule
        >>> down = linear_decreasing_schedule(max_value=1.0, total_steps=1)
        >>> schedule = sequential_step_schedule(schedule_configs=[(down, 2, 6)], total_steps=10)
        >>> [round(schedule(t), 3) for t in range(8)]
        [1.0, 1.0, 1.0, 0.667, 0.333, 0.0, 0.0, 0.0]
    """
    params = {
        "schedule_configs": schedule_configs,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(sequential_step_schedule, params, total_steps)


def _warmup_cosine(params: dict[str, Any]) -> Template:
    name = _PREFIX + "linear_warmup_cosine_decay_schedule"
    steps, percent = params["warmup_steps"], params["warmup_percent"]
    if (steps is None) == (percent is None):
        raise check.ScheduleError(
            f"{name}: exactly one of warmup_steps and warmup_percent must be given, "
            f"got warmup_steps={steps!r}, warmup_percent={percent!r}"
        )
    peak = params["max_value"] = check.non_negative(name, "max_value", params["max_value"])
    start = params["start_value"] = check.non_negative(name, "start_value", params["start_value"])
    end = params["end_value"] = check.non_negative(name, "end_value", params["end_value"])
    stretch = _overhang(name, params)
    up = _TEMPLATES[linear_increasing_schedule](
        {
            "max_value": peak,
            "start_value": start,
            "exclude_first": start == 0.0,
            "exclude_last": True,
            "overhang_percent": None,
            "overhang_steps": None,
        }
    )
    down = _TEMPLATES[cosine_decreasing_schedule](
        {
            "max_value": peak,
            "end_value": end,
            "exclude_first": False,
            "exclude_last": False,
            "overhang_percent": None,
            "overhang_steps": None,
        }
    )
    if steps is not None:
        warmup = params["warmup_steps"] = check.at_least(name, "warmup_steps", steps, 0)

        def template(step: int, total: int) -> float:
            total = stretch(total)
            if step < warmup:
                return _run_phase(up, step, warmup)
            return _run_phase(down, step - warmup, total - warmup)

        return template
    share = params["warmup_percent"] = check.fraction(name, "warmup_percent", percent)

    def by_percent(step: int, total: int) -> float:
        total = stretch(total)
        edge = total - 1
        first = int(share * edge)
        if first <= step:
            return _run_phase(down, step - first, total - first)
        last = total if share == 1.0 else int(edge * share)
        return _run_phase(up, step, last)

    return by_percent


@register
def linear_warmup_cosine_decay_schedule(
    *,
    max_value: float,
    total_steps: Steps,
    warmup_steps: Steps | None = None,
    warmup_percent: float | None = None,
    start_value: float = 0.0,
    end_value: float = 1e-6,
    overhang_percent: float | None = None,
    overhang_steps: Steps | None = None,
) -> Schedule:
    """``LinearWarmupCosineDecaySchedule``: a linear warmup to *max_value*, then a cosine
    to *end_value* at step T - 1.

    Exactly one of *warmup_steps* and *warmup_percent* is given; W is warmup_steps or
    ``int(warmup_percent * (T - 1))``. With a start of 0 the warmup leaves out its
    first point, so it starts above 0::

        value(t) = max_value * (t + 1) / (W + 1)                              if t < W, start 0
                   start_value + (max_value - start_value) * t / W            if t < W
                   end + (max_value - end) * (1 + cos(pi (t - W) / (T - W - 1))) / 2   otherwise

    Examples:
        >>> from schedkit.compat.noether import linear_warmup_cosine_decay_schedule
        >>> schedule = linear_warmup_cosine_decay_schedule(max_value=1.0, warmup_steps=3,
        ...                                                end_value=0.0, total_steps=10)
        >>> [round(schedule(t), 3) for t in range(11)]
        [0.25, 0.5, 0.75, 1.0, 0.933, 0.75, 0.5, 0.25, 0.067, 0.0, 0.0]
    """
    params = {
        "max_value": max_value,
        "warmup_steps": warmup_steps,
        "warmup_percent": warmup_percent,
        "start_value": start_value,
        "end_value": end_value,
        "overhang_percent": overhang_percent,
        "overhang_steps": overhang_steps,
    }
    return _bind(linear_warmup_cosine_decay_schedule, params, total_steps)


_TEMPLATES.update(
    {
        linear_increasing_schedule: _progress_factory(linear_increasing_schedule, "linear", True),
        linear_decreasing_schedule: _progress_factory(linear_decreasing_schedule, "linear", False),
        cosine_increasing_schedule: _progress_factory(cosine_increasing_schedule, "cosine", True),
        cosine_decreasing_schedule: _progress_factory(cosine_decreasing_schedule, "cosine", False),
        polynomial_increasing_schedule: _progress_factory(
            polynomial_increasing_schedule, "polynomial", True
        ),
        polynomial_decreasing_schedule: _progress_factory(
            polynomial_decreasing_schedule, "polynomial", False
        ),
        step_decreasing_schedule: _step_decreasing,
        step_fixed_schedule: _step_fixed,
        step_interval_schedule: _step_interval,
        sequential_percent_schedule: _sequential_percent,
        sequential_step_schedule: _sequential_step,
        linear_warmup_cosine_decay_schedule: _warmup_cosine,
    }
)

# noether's config kinds, read by a fixed table: nothing named in a config is imported.
_KINDS: dict[str, Callable[..., Schedule]] = {
    "noether.core.schedules." + "".join(part.title() for part in f.__name__.split("_")): f
    for f in (
        constant_schedule,
        custom_schedule,
        linear_increasing_schedule,
        linear_decreasing_schedule,
        cosine_increasing_schedule,
        cosine_decreasing_schedule,
        polynomial_increasing_schedule,
        polynomial_decreasing_schedule,
        step_decreasing_schedule,
        step_fixed_schedule,
        step_interval_schedule,
        linear_warmup_cosine_decay_schedule,
    )
}
# Fields every noether schedule config has that change nothing in the schedule.
_INERT = ("end_percent", "end_step", "start_percent", "start_step", "weight_decay")


def from_config(config: Mapping[str, Any], *, total_steps: int) -> Schedule:
    """Build the schedule a noether schedule config describes, for a run of *total_steps*.

    *config* is the dict noether reads from YAML: its ``kind`` (such as
    ``"noether.core.schedules.LinearWarmupCosineDecaySchedule"``) is looked up in a
    fixed table of the kinds this module covers, and its other fields are the
    function's parameters, with noether's defaults. Fields noether validates but never
    uses (weight_decay, start_percent, end_percent, start_step, end_step) are
    accepted and ignored, and ``interval`` must be "update" (for "epoch", give the
    epoch's first update as the step, or wrap the schedule in
    :func:`schedkit.per_epoch`). An unknown kind or field is an error.

    Examples:
        >>> from schedkit.compat.noether import from_config
        >>> from_config({"kind": "noether.core.schedules.CosineDecreasingSchedule",
        ...              "max_value": 1e-3}, total_steps=100)
        compat.noether.cosine_decreasing_schedule(max_value=0.001, total_steps=100)
    """
    name = _PREFIX + "from_config"
    if not isinstance(config, Mapping):
        raise TypeError(
            f"{name}: config must be a dict, got config={check.show(config)} ({check.kind(config)})"
        )
    kind = config.get("kind")
    if kind not in _KINDS:
        close = close_names(str(kind), list(_KINDS))
        hint = (
            f"; did you mean {', '.join(close)}?"
            if close
            else f"; known kinds: {', '.join(_KINDS)}"
        )
        raise check.ScheduleError(
            f"{name}: kind must name a noether schedule, got kind={kind!r}{hint}"
        )
    factory = _KINDS[kind]
    fields = {key: value for key, value in config.items() if key not in ("kind", *_INERT)}
    interval = fields.pop("interval", "update")
    if interval != "update":
        raise check.ScheduleError(
            f"{name}: interval must be 'update', got interval={interval!r}; for an epoch "
            "schedule wrap the schedule in schedkit.per_epoch"
        )
    if "total_steps" in fields:
        raise check.ScheduleError(
            f"{name}: a noether config has no field 'total_steps'; the run's length is "
            "the total_steps argument"
        )
    if spec_of(factory).param("total_steps") is None:
        # A kind without a length still gets a valid one, as every kind does.
        check.positive_integer(name, "total_steps", total_steps)
    else:
        fields["total_steps"] = total_steps
    # The fields are the factory's parameters, checked as any schedkit config is.
    return build(name, {"kind": factory_name(factory), **fields}, None)
