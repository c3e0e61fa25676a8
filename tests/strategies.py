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
gammas = st.floats(min_value=0.0, max_value=1.0)
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
)
inverse_sqrts = _build(schedkit.inverse_sqrt, base_lr=values, warmup_steps=counts)
one_cycles = _build(
    schedkit.one_cycle,
    max_lr=values,
    total_steps=st.integers(min_value=2, max_value=10**6),
    pct_start=st.floats(min_value=0.01, max_value=0.99),
    initial_div=st.floats(min_value=1.0, max_value=1e4),
    final_div=st.floats(min_value=1.0, max_value=1e6),
)

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
)


@st.composite
def _sequentials(draw: st.DrawFn, children: st.SearchStrategy[Schedule]) -> Schedule:
    phases = draw(st.lists(st.tuples(counts, children), min_size=1, max_size=4))
    try:
        return schedkit.sequential(phases)
    except schedkit.ScheduleError:
        # A growing last phase whose end value overflows is refused; not a valid draw.
        reject()


def _composites(children: st.SearchStrategy[Schedule]) -> st.SearchStrategy[Schedule]:
    warmups = _build(schedkit.with_warmup, children, warmup_steps=counts, start_lr=values)
    return st.one_of(warmups, _sequentials(children))


# Every schedule the library can make: the catalog, and composites nested a few deep.
schedules = st.recursive(catalog, _composites, max_leaves=6)

# Schedules with an end (a length), for properties about where they end.
finite_schedules = st.one_of(linears, polynomials, cosines, one_cycles).flatmap(
    lambda inner: st.one_of(
        st.just(inner),
        _build(schedkit.with_warmup, st.just(inner), warmup_steps=counts, start_lr=values),
    )
)
