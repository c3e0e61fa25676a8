"""Hypothesis strategies shared by every test module: valid parameters and schedules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

import schedkit
from schedkit import Schedule

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
    shape = draw(st.sampled_from(["linear", "cosine", "exponential"]))
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
    shape = draw(st.sampled_from(["linear", "cosine", "exponential"]))
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
