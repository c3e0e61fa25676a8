"""Hypothesis strategies shared by every test module: valid parameters and schedules.

Every registered factory has a strategy in :data:`FACTORIES`, derived from the forms
its signature declares (:func:`from_forms`), or hand-written in :data:`OVERRIDES` where
its parameters are bound by relations the forms do not show. The catalog, and so every
property, repr, pickle and round-trip test, draws from all of them: a factory
registered later joins them without a strategy of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

import schedkit
from schedkit import Schedule
from schedkit import _registry as registry
from schedkit._spec import Form, Param, Spec

# Values span signs and magnitudes, including subnormals and -0.0, but stay far enough
# from the float limits that every difference of two of them is finite.
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive_values = st.floats(min_value=1e-6, max_value=1e6)
fractions = st.floats(min_value=0.0, max_value=1.0)
growth_gammas = st.floats(min_value=0.0, max_value=3.0)
counts = st.integers(min_value=1, max_value=10**6)
steps = st.integers(min_value=0, max_value=2**63)
small_steps = st.integers(min_value=0, max_value=10**7)
# Positive values within a range whose ratios cannot overflow, for geometric moves.
positive_levels = st.floats(min_value=1e-12, max_value=1e6)


# ---------------------------------------------------------------- every registered factory
# Arguments are drawn from the forms each factory declares. The forms do not say which
# numbers a factory accepts (any real, a rate in [0, 1], a positive power), so a call
# is tried twice: first with each value drawn from the whole range (signs, magnitudes,
# subnormals) or from the safe one, then, if the factory refuses, with every value from
# the safe one (rates in (0, 1], small counts). Only a refused second call is rejected,
# so the wide values are explored without rejecting most draws.

_SAFE: dict[str, st.SearchStrategy[Any]] = {
    "number": st.one_of(
        st.sampled_from([0.0, 0.5, 1.0, 2.0, 25.0]), st.floats(min_value=1e-4, max_value=1.0)
    ),
    "integer": st.integers(min_value=1, max_value=4),
    "steps": st.integers(min_value=1, max_value=1000),
    "boolean": st.booleans(),
    "null": st.none(),
}
_WIDE: dict[str, st.SearchStrategy[Any]] = {
    "number": st.one_of(_SAFE["number"], values),
    "integer": st.one_of(_SAFE["integer"], st.integers(min_value=0, max_value=40)),
    "steps": st.one_of(_SAFE["steps"], st.integers(min_value=0, max_value=10**6)),
    "boolean": st.booleans(),
    "null": st.none(),
}


def _module(name: str) -> str:
    """Return the module part of a registered name: "" for the core, "compat.torch"..."""
    return name.rpartition(".")[0]


def _takes_schedules(form: Form) -> bool:
    if form.kind == "schedule":
        return True
    return form.kind != "arguments" and any(
        isinstance(arg, Form) and _takes_schedules(arg) for arg in form.args
    )


def _combines(name: str) -> bool:
    """Whether the factory registered as *name* takes schedules."""
    return any(_takes_schedules(param.form) for param in _spec(name).params)


@functools.cache
def _leaves(module: str) -> tuple[str, ...]:
    """Return the factories of *module* that take no schedule, for children."""
    return tuple(
        name for name in registry.names() if _module(name) == module and not _combines(name)
    )


def _spec(name: str) -> Spec:
    found = registry.spec(name)
    assert found is not None, f"{name} is not a registered factory"
    return found


def _param(name: str, param: str) -> Param:
    found = _spec(name).param(param)
    assert found is not None, f"{name} has no parameter {param}"
    return found


def _choices(name: str, param: str) -> tuple[Any, ...]:
    """Return the strings the parameter *param* of *name* allows, from its form (typed
    loosely: the factory's parameter is their Literal)."""
    form = _param(name, param).form
    assert form.kind == "string", f"{name}: {param} is not a choice"
    return form.args


_Children = st.SearchStrategy[Schedule] | None


@functools.cache
def _value(  # noqa: PLR0911
    form: Form, owner: str, wide: bool = False, children: _Children = None
) -> st.SearchStrategy[Any]:
    """Return values of *form* for a parameter of *owner*; *children*, if given, are
    the schedules a schedule parameter takes."""
    shape = form.kind
    simple = _WIDE if wide else _SAFE
    if shape in simple:
        return simple[shape]
    if shape == "string":
        return st.sampled_from(form.args)
    if shape == "any_of":
        return st.one_of([_value(option, owner, wide, children) for option in form.args])
    if shape == "schedule":
        if children is not None:
            return children
        # Children come from the owner's own module: framework combinators take their
        # framework's schedules.
        return st.sampled_from(_leaves(_module(owner))).flatmap(registered)
    if shape == "tuple":
        return st.tuples(*(_value(item, owner, wide, children) for item in form.args))
    if shape == "map":
        key, value = (_value(arg, owner, wide, children) for arg in form.args)
        return st.dictionaries(key, value, min_size=1, max_size=3)
    if shape == "arguments":
        return _arguments(registry.spec_of(form.args[0]).name, owner, wide, children)
    if shape != "list":
        raise TypeError(
            f"{owner}: no strategy for a parameter of the form {form}; "
            "teach tests/strategies.py:_value the form, or give the factory an OVERRIDES entry"
        )
    item = form.args[0]
    each = _value(item, owner, wide, children)
    if item.kind == "steps":
        # Steps in a list are milestones or boundaries: increasing.
        return st.lists(each, min_size=1, max_size=4, unique=True).map(sorted)
    items = st.lists(each, min_size=1, max_size=4)
    if item.kind == "tuple" and item.args[0].kind == "steps":
        return items.map(lambda pairs: sorted({pair[0]: pair for pair in pairs}.values()))
    return items


@functools.cache
def _arguments(
    name: str, owner: str, wide: bool, children: _Children = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Return the keyword arguments of the factory *name*, for a call made by *owner*."""
    params = _spec(name).params
    required = {p.name: _value(p.form, owner, wide, children) for p in params if p.required}
    optional = {p.name: _value(p.form, owner, wide, children) for p in params if not p.required}
    return st.fixed_dictionaries(required, optional=optional)


class _Call:
    """The arguments drawn for one call of a factory, for an override to amend where
    the factory relates its parameters."""

    def __init__(self, draw: st.DrawFn, name: str, arguments: dict[str, Any], wide: bool):
        self.draw = draw
        self.name = name
        self.arguments = arguments
        self.wide = wide

    def fresh(self, param: str) -> Any:
        """Return a new value for *param*, never None."""
        form = _param(self.name, param).form
        if form.kind == "any_of":
            form = Form("any_of", tuple(arg for arg in form.args if arg.kind != "null"))
        return self.draw(_value(form, self.name, self.wide))

    def given(self, param: str) -> Any:
        """Return the value drawn for *param*, or None when it was left out."""
        return self.arguments.get(param)


_Amend = Callable[[_Call], None]


def _made(found: Spec, arguments: Mapping[str, Any]) -> Schedule | None:
    """Return the schedule the call with *arguments* makes, or None if it is refused."""
    args: list[Any] = []
    kwargs = dict(arguments)
    for param in found.params:
        if param.how != "keyword" and param.name in kwargs:
            value = kwargs.pop(param.name)
            args.extend(value) if param.how == "star" else args.append(value)
    try:
        schedule: Schedule = found.factory(*args, **kwargs)
    except (TypeError, schedkit.ScheduleError):
        return None
    return schedule


@st.composite
def _from_forms(draw: st.DrawFn, name: str, children: _Children, amend: _Amend | None) -> Schedule:
    found = _spec(name)
    for wide in (True, False):
        arguments = draw(_arguments(name, name, wide, children))
        if amend is not None:
            amend(_Call(draw, name, arguments, wide))
        schedule = _made(found, arguments)
        if schedule is not None:
            return schedule
    reject()


def from_forms(
    name: str, *, children: _Children = None, amend: _Amend | None = None
) -> st.SearchStrategy[Schedule]:
    """Schedules made by the factory registered as *name*, with arguments drawn from
    its forms; a schedule parameter takes *children* if given, else a schedule of the
    factory's own module. *amend*, if given, adjusts each draw before the call."""
    return _from_forms(name, children, amend)


def registered(name: str) -> st.SearchStrategy[Schedule]:
    """Schedules made by the factory registered as *name*: its strategy in
    :data:`FACTORIES`, looked up when drawn."""
    return st.deferred(lambda: FACTORIES[name])


# ---------------------------------------------------------------- relations, by hand
# The factories whose parameters are bound to each other, or to a range the safe
# values miss, beyond what their forms say.


@st.composite
def _one_cycles(draw: st.DrawFn) -> Schedule:
    total = draw(st.integers(min_value=2, max_value=10**6))
    three_phase = draw(st.booleans()) and total >= 3
    top = 0.49 if three_phase else 0.99
    pct_start = draw(st.floats(min_value=0.01, max_value=top))
    if three_phase and 2 * max(1, round(pct_start * total)) >= total:
        reject()
    return schedkit.one_cycle(
        max_lr=draw(values),
        total_steps=total,
        pct_start=pct_start,
        initial_div=draw(st.floats(min_value=1.0, max_value=1e4)),
        final_div=draw(st.floats(min_value=1.0, max_value=1e6)),
        anneal=draw(st.sampled_from(_choices("one_cycle", "anneal"))),
        three_phase=three_phase,
    )


@st.composite
def _warmup_stable_decays(draw: st.DrawFn) -> Schedule:
    total = draw(counts)
    warmup = draw(st.integers(min_value=0, max_value=total))
    decay = draw(st.integers(min_value=0, max_value=total - warmup))
    return schedkit.warmup_stable_decay(
        base_lr=draw(values),
        warmup_steps=warmup,
        decay_steps=decay,
        total_steps=total,
        end_lr=draw(values),
        start_lr=draw(values),
        decay_shape=draw(st.sampled_from(_choices("warmup_stable_decay", "decay_shape"))),
    )


@st.composite
def _piecewise_constants(draw: st.DrawFn) -> Schedule:
    boundaries = sorted(draw(st.sets(counts, max_size=10)))
    levels = draw(st.lists(values, min_size=len(boundaries) + 1, max_size=len(boundaries) + 1))
    return schedkit.piecewise_constant(boundaries=boundaries, values=levels)


@st.composite
def _interpolates(draw: st.DrawFn) -> Schedule:
    shape = draw(st.sampled_from(_choices("interpolate", "shape")))
    steps = sorted(draw(st.sets(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8)))
    level = positive_levels if shape == "exponential" else values
    points = [(step, draw(level)) for step in steps]
    return schedkit.interpolate(points=points, shape=shape)


def _exactly_one(first: str, second: str) -> _Amend:
    """Give exactly one of two parameters that exclude each other."""

    def amend(call: _Call) -> None:
        keep, drop = (first, second) if call.draw(st.booleans()) else (second, first)
        call.arguments[keep] = call.fresh(keep)
        call.arguments.pop(drop, None)

    return amend


def _at_most_one(first: str, second: str) -> _Amend:
    def amend(call: _Call) -> None:
        if call.given(first) is not None and call.given(second) is not None:
            call.arguments.pop(call.draw(st.sampled_from([first, second])))

    return amend


def _all(*amends: _Amend) -> _Amend:
    def amend(call: _Call) -> None:
        for each in amends:
            each(call)

    return amend


def _levels_after(boundaries: str, levels: str) -> _Amend:
    """Give *boundaries* increasing steps and *levels* one value more than that."""

    def amend(call: _Call) -> None:
        step, number = (_value(Form(kind), call.name, call.wide) for kind in ("steps", "number"))
        marks = sorted(call.draw(st.lists(step, max_size=4)))
        size = len(marks) + 1
        call.arguments[boundaries] = marks
        call.arguments[levels] = call.draw(st.lists(number, min_size=size, max_size=size))

    return amend


def _joined(parts: str, boundaries: str) -> _Amend:
    """Give one boundary fewer than there are schedules, not decreasing."""

    def amend(call: _Call) -> None:
        size = len(call.arguments[parts]) - 1
        marks = st.lists(st.integers(min_value=0, max_value=1000), min_size=size, max_size=size)
        call.arguments[boundaries] = sorted(call.draw(marks))

    return amend


def _total_or_epochs(call: _Call) -> None:
    # torch's OneCycleLR takes total_steps, or epochs and steps_per_epoch.
    if call.draw(st.booleans()):
        call.arguments["total_steps"] = call.fresh("total_steps")
    else:
        call.arguments.pop("total_steps", None)
        call.arguments["epochs"] = call.fresh("epochs")
        call.arguments["steps_per_epoch"] = call.fresh("steps_per_epoch")


def _wsd_total(call: _Call) -> None:
    # Without num_stable_steps, num_training_steps is at least warmup + decay.
    if call.given("num_stable_steps") is None:
        least = call.arguments["num_warmup_steps"] + call.arguments["num_decay_steps"]
        extra = call.draw(st.integers(min_value=0, max_value=1000))
        call.arguments["num_training_steps"] = least + extra


def _noether_phases(bound: st.SearchStrategy[Any]) -> _Amend:
    """Give noether's sequential schedules phases in order, some bounds left to fill."""

    def amend(call: _Call) -> None:
        # A phase's schedule runs over the phase's length: one with a total_steps.
        kinds = [
            name
            for name in _leaves(_module(call.name))
            if _spec(name).param("total_steps") is not None
        ]
        count = call.draw(st.integers(min_value=1, max_value=3))
        marks = sorted(call.draw(st.lists(bound, min_size=2 * count, max_size=2 * count)))
        phases = []
        for index in range(count):
            schedule = call.draw(st.sampled_from(kinds).flatmap(registered))
            # noether fills a bound given as None from the neighbouring phases'.
            start, end = (
                None if call.draw(st.integers(min_value=0, max_value=3)) == 0 else mark
                for mark in marks[2 * index : 2 * index + 2]
            )
            phases.append((schedule, start, end))
        call.arguments["schedule_configs"] = phases

    return amend


# PyTorch's ChainedScheduler multiplies the ratios of these schedulers alone.
_MULTIPLICATIVE = (
    "constant_lr",
    "cosine_annealing_lr",
    "exponential_lr",
    "linear_lr",
    "multi_step_lr",
    "polynomial_lr",
    "step_lr",
)


@st.composite
def _chained_schedulers(draw: st.DrawFn) -> Schedule:
    base = draw(_WIDE["number"])

    def same_base(call: _Call) -> None:
        call.arguments["base_lr"] = base
        if call.name.endswith(".cosine_annealing_lr"):
            call.arguments["eta_min"] = 0.0

    kinds = st.lists(st.sampled_from(_MULTIPLICATIVE), min_size=1, max_size=3)
    parts = [draw(from_forms(f"compat.torch.{kind}", amend=same_base)) for kind in draw(kinds)]
    schedule = _made(_spec("compat.torch.chained_scheduler"), {"schedulers": parts})
    if schedule is None:
        reject()
    return schedule


_NOETHER_OVERHANG = _at_most_one("overhang_percent", "overhang_steps")

# The drawn arguments of these factories are amended before the call, by registered name.
_AMENDS: dict[str, _Amend] = {
    "compat.keras.piecewise_constant_decay": _levels_after("boundaries", "values"),
    "compat.noether.linear_warmup_cosine_decay_schedule": _all(
        _exactly_one("warmup_steps", "warmup_percent"), _NOETHER_OVERHANG
    ),
    "compat.noether.sequential_percent_schedule": _noether_phases(
        st.one_of(st.sampled_from([0.0, 1.0]), fractions)
    ),
    "compat.noether.sequential_step_schedule": _all(
        _noether_phases(st.integers(min_value=0, max_value=1000)), _NOETHER_OVERHANG
    ),
    "compat.optax.join_schedules": _joined("schedules", "boundaries"),
    "compat.torch.one_cycle_lr": _total_or_epochs,
    "compat.torch.sequential_lr": _joined("schedulers", "milestones"),
    "compat.transformers.get_cosine_with_min_lr_schedule_with_warmup": _exactly_one(
        "min_lr", "min_lr_rate"
    ),
    "compat.transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate": _exactly_one(
        "min_lr", "min_lr_rate"
    ),
    "compat.transformers.get_wsd_schedule": _wsd_total,
}

# Hand-written strategies, by registered name.
OVERRIDES: dict[str, st.SearchStrategy[Schedule]] = {
    "one_cycle": _one_cycles(),
    "warmup_stable_decay": _warmup_stable_decays(),
    "piecewise_constant": _piecewise_constants(),
    "interpolate": _interpolates(),
    "compat.torch.chained_scheduler": _chained_schedulers(),
    **{name: from_forms(name, amend=amend) for name, amend in _AMENDS.items()},
}


# ---------------------------------------------------------------- combinators
# The core's combinators take any schedule: in the catalog, one that takes no schedule;
# in `schedules`, composites nested a few deep. Those with relations are hand-written,
# by registered name, as functions of the children.


@st.composite
def _warmups(draw: st.DrawFn, children: st.SearchStrategy[Schedule]) -> Schedule:
    inner = draw(children)
    shape = draw(st.sampled_from(_choices("with_warmup", "shape")))
    start = draw(positive_levels if shape == "exponential" else values)
    try:
        return schedkit.with_warmup(inner, warmup_steps=draw(counts), start_lr=start, shape=shape)
    except schedkit.ScheduleError:
        # A geometric warmup needs a positive inner start within ratio range.
        reject()


@st.composite
def _clips(draw: st.DrawFn, children: st.SearchStrategy[Schedule]) -> Schedule:
    bounds = sorted(draw(st.lists(values, min_size=2, max_size=2)))
    low, high = draw(
        st.sampled_from([(bounds[0], None), (None, bounds[1]), (bounds[0], bounds[1])])
    )
    return schedkit.clip(draw(children), min_value=low, max_value=high)


COMBINATORS: dict[str, Callable[[st.SearchStrategy[Schedule]], st.SearchStrategy[Schedule]]] = {
    "with_warmup": _warmups,
    "clip": _clips,
}


def _combined(name: str, children: st.SearchStrategy[Schedule]) -> st.SearchStrategy[Schedule]:
    """Schedules of the core combinator *name* over *children*."""
    if name in COMBINATORS:
        return COMBINATORS[name](children)
    return from_forms(name, children=children)


# ---------------------------------------------------------------- the catalog
NAMES: tuple[str, ...] = tuple(registry.names())
_CORE_COMBINATORS = tuple(name for name in NAMES if _module(name) == "" and _combines(name))


@st.composite
def _leaves_of_the_catalog(draw: st.DrawFn) -> Schedule:
    # A composite, so that the strategies holding it show a short repr rather than
    # the union of every factory's.
    return draw(_LEAVES)


def _strategy_of(name: str) -> st.SearchStrategy[Schedule]:
    if name in OVERRIDES:
        return OVERRIDES[name]
    if name in _CORE_COMBINATORS:
        return _combined(name, _leaves_of_the_catalog())
    return from_forms(name)


# One strategy per registered factory, core and compat.
FACTORIES: dict[str, st.SearchStrategy[Schedule]] = {name: _strategy_of(name) for name in NAMES}
# Every factory but the core's combinators, which the composites below add over them.
_LEAVES = st.one_of([FACTORIES[name] for name in NAMES if name not in _CORE_COMBINATORS])
_CATALOG = st.one_of(list(FACTORIES.values()))


@st.composite
def _catalog(draw: st.DrawFn) -> Schedule:
    return draw(_CATALOG)


# A schedule of every registered factory.
catalog = _catalog()


def _composites(children: st.SearchStrategy[Schedule]) -> st.SearchStrategy[Schedule]:
    return st.one_of([_combined(name, children) for name in _CORE_COMBINATORS])


# Every schedule the library can make: every factory, and the core's combinators over
# them nested a few deep.
schedules = st.recursive(_leaves_of_the_catalog(), _composites, max_leaves=6)

# Schedules with an end (a length), for properties about where they end.
finite_schedules = catalog.filter(lambda schedule: schedule.length is not None).flatmap(
    lambda inner: st.one_of(
        st.just(inner),
        st.builds(schedkit.with_warmup, st.just(inner), warmup_steps=counts, start_lr=values),
    )
)

group_schedules = st.builds(
    schedkit.scale_by_group,
    schedules,
    multipliers=st.dictionaries(
        st.text(min_size=1, max_size=8), st.floats(min_value=1e-3, max_value=1e3), min_size=1
    ),
)

# The strategies of single factories that tests of those factories take.
cosines = FACTORIES["cosine"]
cosine_restarts = FACTORIES["cosine_restarts"]
exp_ranges = FACTORIES["exp_range"]
exponentials = FACTORIES["exponential"]
interpolates = FACTORIES["interpolate"]
linears = FACTORIES["linear"]
one_cycles = FACTORIES["one_cycle"]
piecewise_constants = FACTORIES["piecewise_constant"]
polynomials = FACTORIES["polynomial"]
rexes = FACTORIES["rex"]
triangulars = FACTORIES["triangular"]
triangular2s = FACTORIES["triangular2"]
warmup_stable_decays = FACTORIES["warmup_stable_decay"]


# ---------------------------------------------------------------- hostile input
# JSON-like data of every shape, and data that looks like a config: a real kind with
# parameters of the wrong kinds, percentages, huge numbers and deep nesting.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["5%", "100%", "0.5%", "-5%", "%", "1e3", "cosine", "kind"]),
)
json_like = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=20,
)


@st.composite
def _config_like(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from(registry.names()))
    found = _spec(name)
    config: dict[str, Any] = {"kind": name}
    for param in found.params:
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            continue  # sometimes missing
        config[param.name] = draw(st.one_of(_value(param.form, name).map(_as_data), json_like))
    if draw(st.booleans()):
        config[draw(st.text(max_size=6))] = draw(json_like)
    return config


def _as_data(value: Any) -> Any:
    """Return *value* (drawn arguments, perhaps holding schedules) as config data."""
    if isinstance(value, Schedule):
        return schedkit.to_config(value)
    if isinstance(value, dict):
        return {str(key): _as_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_data(item) for item in value]
    return value


config_like = st.recursive(
    _config_like(),
    lambda children: st.fixed_dictionaries(
        {"kind": st.sampled_from(["with_warmup", "sequential", "product", "clip"])},
        optional={
            "schedule": children,
            "phases": st.lists(st.tuples(json_like, children).map(list), max_size=3),
            "schedules": st.lists(children, max_size=3),
            "warmup_steps": st.one_of(st.integers(min_value=-5, max_value=50), st.text(max_size=5)),
            "start_lr": json_like,
        },
    ),
    max_leaves=5,
)

# Text: characters from the grammar and beyond, and mangled reprs of real schedules.
_pieces = st.sampled_from(
    [
        "cosine",
        "with_warmup",
        "compat.torch.step_lr",
        "__import__",
        "os.system",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        "=",
        ":",
        "-",
        "+",
        "1",
        "1e309",
        "0.5",
        "'5%'",
        '"x"',
        "'\\x4",
        "None",
        "True",
        "lambda",
        " ",
        "\n",
        "base_lr",
        "total_steps",
        "*",
        ".",
        "9" * 5000,
    ]
)
texts = st.one_of(
    st.text(max_size=60),
    st.lists(_pieces, max_size=30).map("".join),
)


# ---------------------------------------------------------------- model parameters
# Parameter names as models spell them (dotted paths ending in weight, bias, scale...),
# each with the shape of its tensor: 0 to 3 dimensions, so that biases, norm weights
# and scalars all occur.
parameter_names = st.tuples(
    st.lists(st.sampled_from(["blocks", "0", "1", "attn", "mlp", "norm", "head"]), max_size=3),
    st.sampled_from(["weight", "bias", "scale", "pos_embed"]),
).map(lambda parts: ".".join([*parts[0], parts[1]]))
parameter_shapes = st.dictionaries(
    parameter_names, st.lists(st.integers(min_value=1, max_value=3), max_size=3), min_size=1
)
