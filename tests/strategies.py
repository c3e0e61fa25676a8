"""Hypothesis strategies shared by every test module: valid parameters and schedules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

import schedkit
from schedkit import Schedule
from schedkit import _registry as registry
from schedkit._spec import Form, Spec

# Values span signs and magnitudes, including subnormals and -0.0, but stay far enough
# from the float limits that every difference of two of them is finite.
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive_values = st.floats(min_value=1e-6, max_value=1e6)
fractions = st.floats(min_value=0.0, max_value=1.0)
growth_gammas = st.floats(min_value=0.0, max_value=3.0)
counts = st.integers(min_value=1, max_value=10**6)
steps = st.integers(min_value=0, max_value=2**63)
small_steps = st.integers(min_value=0, max_value=10**7)


def _build(
    factory: Callable[..., Schedule],
    *args: st.SearchStrategy[Any],
    **kwargs: st.SearchStrategy[Any],
) -> st.SearchStrategy[Schedule]:
    return st.builds(factory, *args, **kwargs)


constants = _build(schedkit.constant, lr=values)
step_decays = _build(schedkit.step_decay, base_lr=values, gamma=growth_gammas, step_size=counts)
multi_steps = _build(
    schedkit.multi_step,
    base_lr=values,
    milestones=st.lists(counts, max_size=20),
    gamma=growth_gammas,
)
exponentials = _build(schedkit.exponential, base_lr=values, gamma=growth_gammas)
linears = _build(schedkit.linear, base_lr=values, end_lr=values, total_steps=counts)
polynomials = _build(
    schedkit.polynomial,
    base_lr=values,
    end_lr=values,
    total_steps=counts,
    power=st.floats(min_value=0.01, max_value=100.0),
)
cosines = _build(schedkit.cosine, base_lr=values, min_lr=values, total_steps=counts)
cosine_restarts = _build(
    schedkit.cosine_restarts,
    base_lr=values,
    min_lr=values,
    period=counts,
    t_mult=st.integers(min_value=1, max_value=5),
    decay=st.one_of(st.just(1.0), fractions),
    max_cycles=st.one_of(st.none(), st.integers(min_value=1, max_value=40)),
)
inverse_sqrts = _build(schedkit.inverse_sqrt, base_lr=values, warmup_steps=counts)


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
        anneal=draw(st.sampled_from(["cos", "linear"])),
        three_phase=three_phase,
    )


one_cycles = _one_cycles()
cyclic_params = {"min_lr": values, "max_lr": values, "step_size": counts}
triangulars = _build(schedkit.triangular, **cyclic_params)
triangular2s = _build(schedkit.triangular2, **cyclic_params)
exp_ranges = _build(schedkit.exp_range, **cyclic_params, gamma=fractions)


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
        final_lr=draw(values),
        warmup_start=draw(values),
        decay_shape=draw(st.sampled_from(["linear", "cosine", "1-sqrt"])),
    )


warmup_stable_decays = _warmup_stable_decays()
exponential_decays = _build(
    schedkit.exponential_decay,
    base_lr=values,
    decay_rate=growth_gammas,
    decay_steps=counts,
    staircase=st.booleans(),
)
inverse_times = _build(
    schedkit.inverse_time,
    base_lr=values,
    decay_rate=st.floats(min_value=0.0, max_value=1e3),
    decay_steps=counts,
    staircase=st.booleans(),
)
rexes = _build(schedkit.rex, base_lr=values, end_lr=values, total_steps=counts)


@st.composite
def _piecewise_constants(draw: st.DrawFn) -> Schedule:
    boundaries = sorted(draw(st.sets(counts, max_size=10)))
    levels = draw(st.lists(values, min_size=len(boundaries) + 1, max_size=len(boundaries) + 1))
    return schedkit.piecewise_constant(boundaries=boundaries, values=levels)


piecewise_constants = _piecewise_constants()
# Positive values within a range whose ratios cannot overflow, for geometric moves.
positive_levels = st.floats(min_value=1e-12, max_value=1e6)


@st.composite
def _interpolates(draw: st.DrawFn) -> Schedule:
    shape = draw(st.sampled_from(registry.options(schedkit.schedules.Interpolation)))
    steps = sorted(draw(st.sets(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8)))
    level = positive_levels if shape == "exponential" else values
    points = [(step, draw(level)) for step in steps]
    return schedkit.interpolate(points=points, shape=shape)


interpolates = _interpolates()

catalog = st.one_of(
    constants,
    step_decays,
    multi_steps,
    exponentials,
    linears,
    polynomials,
    cosines,
    cosine_restarts,
    inverse_sqrts,
    one_cycles,
    triangulars,
    triangular2s,
    exp_ranges,
    warmup_stable_decays,
    exponential_decays,
    inverse_times,
    rexes,
    piecewise_constants,
    interpolates,
)


@st.composite
def _sequentials(draw: st.DrawFn, children: st.SearchStrategy[Schedule]) -> Schedule:
    phases = draw(st.lists(st.tuples(counts, children), min_size=1, max_size=4))
    try:
        return schedkit.sequential(phases)
    except schedkit.ScheduleError:
        # A growing last phase whose end value overflows is refused; not a valid draw.
        reject()


@st.composite
def _warmups(draw: st.DrawFn, children: st.SearchStrategy[Schedule]) -> Schedule:
    inner = draw(children)
    shape = draw(st.sampled_from(registry.options(schedkit.compose.WarmupShape)))
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


def _composites(children: st.SearchStrategy[Schedule]) -> st.SearchStrategy[Schedule]:
    return st.one_of(
        _warmups(children),
        _sequentials(children),
        _build(schedkit.scale, children, factor=st.floats(min_value=-1e3, max_value=1e3)),
        st.lists(children, min_size=1, max_size=3).map(lambda parts: schedkit.product(*parts)),
        _clips(children),
        _build(schedkit.per_epoch, children, steps_per_epoch=counts),
    )


# Every schedule the library can make: the catalog, and composites nested a few deep.
schedules = st.recursive(catalog, _composites, max_leaves=6)

# Schedules with an end (a length), for properties about where they end.
finite_schedules = st.one_of(
    linears, polynomials, cosines, one_cycles, warmup_stable_decays, rexes, interpolates
).flatmap(
    lambda inner: st.one_of(
        st.just(inner),
        _build(schedkit.with_warmup, st.just(inner), warmup_steps=counts, start_lr=values),
    )
)

group_schedules = st.builds(
    schedkit.scale_by_group,
    schedules,
    multipliers=st.dictionaries(
        st.text(min_size=1, max_size=8), st.floats(min_value=1e-3, max_value=1e3), min_size=1
    ),
)


# ---------------------------------------------------------------- every registered factory
# Drawn from the parameter types each factory declares in the registry, so a factory
# added later is covered without a strategy of its own. Values stay in the ranges
# most factories accept (rates in (0, 1], small counts); a draw a factory refuses (a
# relation between parameters, say) is rejected.

_FORM_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "number": st.one_of(
        st.sampled_from([0.0, 0.5, 1.0, 2.0, 25.0]), st.floats(min_value=1e-4, max_value=1.0)
    ),
    "integer": st.integers(min_value=1, max_value=4),
    "steps": st.integers(min_value=1, max_value=1000),
    "boolean": st.booleans(),
    "null": st.none(),
}


def _module(name: str) -> str:
    return name.rpartition(".")[0]


def _leaves(module: str) -> list[str]:
    """Return the factories of *module* that take no schedule, for children."""

    def takes_schedules(form: Form) -> bool:
        if form.kind == "schedule":
            return True
        return form.kind != "arguments" and any(
            isinstance(arg, Form) and takes_schedules(arg) for arg in form.args
        )

    return [
        name
        for name in registry.names()
        if _module(name) == module
        and not any(takes_schedules(param.form) for param in _spec(name).params)
    ]


def _spec(name: str) -> Spec:
    found = registry.spec(name)
    assert found is not None
    return found


def _value(form: Form, owner: str) -> st.SearchStrategy[Any]:  # noqa: PLR0911
    shape = form.kind
    if shape in _FORM_VALUES:
        return _FORM_VALUES[shape]
    if shape == "string":
        return st.sampled_from(form.args)
    if shape == "any_of":
        return st.one_of([_value(option, owner) for option in form.args])
    if shape == "schedule":
        # Children come from the owner's own module: framework combinators take their
        # framework's schedules.
        return st.sampled_from(_leaves(_module(owner))).flatmap(registered)
    if shape == "tuple":
        return st.tuples(*(_value(item, owner) for item in form.args))
    if shape == "map":
        key, value = form.args
        return st.dictionaries(_value(key, owner), _value(value, owner), min_size=1, max_size=3)
    if shape == "arguments":
        return _arguments(registry.spec_of(form.args[0]), owner)
    item = form.args[0]
    items = st.lists(_value(item, owner), min_size=1, max_size=4)
    if item.kind == "steps":
        # Steps in a list are milestones or boundaries: increasing.
        return st.lists(_value(item, owner), min_size=1, max_size=4, unique=True).map(sorted)
    if item.kind == "tuple" and item.args[0].kind == "steps":
        return items.map(lambda pairs: sorted({pair[0]: pair for pair in pairs}.values()))
    return items


def _arguments(found: Spec, owner: str) -> st.SearchStrategy[dict[str, Any]]:
    required = {param.name: _value(param.form, owner) for param in found.params if param.required}
    optional = {
        param.name: _value(param.form, owner) for param in found.params if not param.required
    }
    return st.fixed_dictionaries(required, optional=optional)


def registered(name: str) -> st.SearchStrategy[Schedule]:
    """Schedules made by the factory registered as *name*, with drawn parameters."""
    found = _spec(name)

    def call(arguments: dict[str, Any]) -> Schedule:
        args: list[Any] = []
        for param in found.params:
            if param.how != "keyword" and param.name in arguments:
                value = arguments.pop(param.name)
                args.extend(value) if param.how == "star" else args.append(value)
        try:
            schedule: Schedule = found.factory(*args, **arguments)
        except (TypeError, schedkit.ScheduleError):
            reject()
        return schedule

    return _arguments(found, name).map(call)


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
