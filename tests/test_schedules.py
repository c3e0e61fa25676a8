"""Tests of the catalog: reference values, shapes, invariants and every error path."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from fractions import Fraction
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import schedkit
from schedkit import (
    Schedule,
    ScheduleError,
    constant,
    cosine,
    cosine_restarts,
    exp_range,
    exponential,
    exponential_decay,
    interpolate,
    inverse_sqrt,
    inverse_time,
    linear,
    multi_step,
    one_cycle,
    piecewise_constant,
    polynomial,
    rex,
    step_decay,
    triangular,
    triangular2,
    warmup_stable_decay,
)
from schedkit._shapes import cosine_between
from strategies import (
    cosine_restarts as restarts_strategy,
)
from strategies import (
    cosines,
    counts,
    exp_ranges,
    exponentials,
    finite_schedules,
    growth_gammas,
    interpolates,
    linears,
    one_cycles,
    piecewise_constants,
    polynomials,
    rexes,
    schedules,
    steps,
    triangular2s,
    triangulars,
    values,
    warmup_stable_decays,
)

ROOT2 = math.sqrt(2.0)
ROOT3 = math.sqrt(3.0)


# === Every factory ===


# Parameter sets used by the reference rows and the error rows below, by family.
STEP = {"base_lr": 2.0, "gamma": 0.5, "step_size": 3}
MULTI = {"base_lr": 1.0, "milestones": [5, 2, 5], "gamma": 0.5}
PIECES = {"boundaries": [2, 5], "values": [3.0, 2.0, 1.0]}

LINE = {"base_lr": 1.0, "end_lr": 3.0, "total_steps": 4}
POLY2 = {"base_lr": 1.0, "end_lr": 0.0, "total_steps": 4, "power": 2.0}
POLY_HALF = {"base_lr": 2.0, "end_lr": 1.0, "total_steps": 4, "power": 0.5}
COS4 = {"base_lr": 1.0, "min_lr": 0.0, "total_steps": 4}
COS3 = {"base_lr": 3.0, "min_lr": 1.0, "total_steps": 3}
EXP = {"base_lr": 3.0, "gamma": 0.5}
EXPD = {"base_lr": 2.0, "decay_rate": 0.25, "decay_steps": 4}
INVT = {"base_lr": 3.0, "decay_rate": 2.0, "decay_steps": 4}
ISQRT = {"base_lr": 2.0, "warmup_steps": 4}

# T = 11, pct 0.3: W = round(3.3) = 3; start 1/4, end 1/100, the fall lasts 8 steps.
CYCLE = {"max_lr": 1.0, "total_steps": 11, "pct_start": 0.3, "initial_div": 4.0, "final_div": 100}
# max 1, T 10, pct 0.2: W = 2; start 1/4, end 1/10.
CYCLE10 = {"max_lr": 1.0, "total_steps": 10, "pct_start": 0.2, "initial_div": 4.0, "final_div": 10}
WSD = {
    "base_lr": 1.0,
    "warmup_steps": 10,
    "decay_steps": 40,
    "total_steps": 100,
    "end_lr": 0.0,
    "start_lr": 0.0,
    "decay_shape": "linear",
}
WSD_COS = {**WSD, "decay_shape": "cosine"}
WSD_SQRT = {**WSD, "decay_shape": "1-sqrt"}
WSD_NO_STABLE = {**WSD, "base_lr": 2.0, "end_lr": 1.0, "start_lr": 0.5}
WSD_NO_STABLE.update(warmup_steps=2, decay_steps=2, total_steps=4)
WSD_FLAT = {**WSD, "base_lr": 3.0, "end_lr": 1.0, "warmup_steps": 0, "decay_steps": 0}
WSD_FLAT.update(total_steps=5)
KNOTS = {"points": [(2, 1.0), (6, 3.0), (8, -1.0)], "shape": "linear"}

SGDR_2_1 = {"base_lr": 1.0, "min_lr": 0.0, "period": 2, "t_mult": 1}
SGDR_2_2 = {"base_lr": 1.0, "min_lr": 0.0, "period": 2, "t_mult": 2}
SGDR_1_2 = {"base_lr": 1.0, "min_lr": 0.0, "period": 1, "t_mult": 2}
SGDR_4_3 = {"base_lr": 2.0, "min_lr": 1.0, "period": 4, "t_mult": 3}
# Cycle 30 of SGDR_4_3 starts at 4 * (3**30 - 1) / 2 and lasts 4 * 3**30 steps.
START_30, LENGTH_30 = 2 * (3**30 - 1), 4 * 3**30
FADE = {"base_lr": 1.0, "min_lr": 0.0, "period": 4, "t_mult": 1, "decay": 0.5}
TRI = {"min_lr": 0.0, "max_lr": 1.0, "step_size": 4}
TRI2 = {"min_lr": 0.0, "max_lr": 1.0, "step_size": 2}
EXPR = {"min_lr": 0.0, "max_lr": 1.0, "step_size": 2, "gamma": 0.5}

# (factory, parameters, step, expected value), each worked out by hand from the formula.
REFERENCE: list[tuple[Callable[..., Schedule], dict[str, Any], int, float]] = [
    # Constant and stepped
    (constant, {"lr": 0.1}, 0, 0.1),  # the value itself
    (constant, {"lr": -2.5}, 10**12, -2.5),  # any value, at any step
    (step_decay, STEP, 2, 2.0),  # before the first drop
    (step_decay, STEP, 3, 1.0),  # the drop at step 3
    (step_decay, STEP, 8, 0.5),  # 8 // 3 = 2 drops
    (step_decay, STEP, 3000, 2.0**-999),  # 1000 drops
    (step_decay, {"base_lr": 1.0, "gamma": 2.0, "step_size": 1}, 1023, 2.0**1023),  # largest
    (multi_step, MULTI, 1, 1.0),  # before every milestone
    (multi_step, MULTI, 2, 0.5),  # at the first
    (multi_step, MULTI, 4, 0.5),  # between
    (multi_step, MULTI, 5, 0.125),  # 5 is there twice: two drops at once
    (multi_step, {"base_lr": 3.0, "milestones": [], "gamma": 0.5}, 10**9, 3.0),  # none
    (piecewise_constant, PIECES, 1, 3.0),  # before the first boundary
    (piecewise_constant, PIECES, 2, 2.0),  # the boundary belongs to the next piece
    (piecewise_constant, PIECES, 4, 2.0),  # inside the middle piece
    (piecewise_constant, PIECES, 5, 1.0),  # the last piece
    (piecewise_constant, PIECES, 10**12, 1.0),  # held
    (piecewise_constant, {"boundaries": [], "values": [7.0]}, 9, 7.0),  # a single piece
    # Smooth decays
    (linear, LINE, 1, 1.5),  # a quarter of the way up
    (linear, LINE, 2, 2.0),  # halfway
    (linear, LINE, 9, 3.0),  # held past the end
    (linear, {"base_lr": 4.0, "end_lr": 0.0, "total_steps": 8}, 6, 1.0),  # decreasing
    (polynomial, POLY2, 1, 0.5625),  # (3/4)**2
    (polynomial, POLY2, 3, 0.0625),  # (1/4)**2
    (polynomial, POLY_HALF, 3, 1.5),  # 1 + (1/4)**0.5
    (polynomial, POLY_HALF, 7, 1.0),  # held
    (cosine, COS4, 1, 0.5 + ROOT2 / 4),  # cos(pi/4) = sqrt(2)/2
    (cosine, COS4, 2, 0.5),  # cos(pi/2) = 0
    (cosine, COS4, 3, 0.5 - ROOT2 / 4),  # cos(3 pi/4)
    (cosine, COS3, 1, 2.5),  # 1 + 2 * (1 + 1/2) / 2
    (cosine, COS3, 2, 1.5),  # 1 + 2 * (1 - 1/2) / 2
    (cosine, COS3, 10**12, 1.0),  # held far past the end
    (cosine, {"base_lr": 0.0, "min_lr": 2.0, "total_steps": 2}, 1, 1.0),  # rising, halfway
    (rex, {"base_lr": 1.0, "end_lr": 0.0, "total_steps": 4}, 1, 6 / 7),  # (3/4) / (7/8)
    (rex, {"base_lr": 1.0, "end_lr": 0.0, "total_steps": 4}, 2, 2 / 3),  # (1/2) / (3/4)
    (rex, {"base_lr": 1.0, "end_lr": 0.0, "total_steps": 4}, 3, 0.4),  # (1/4) / (5/8)
    (rex, {"base_lr": 3.0, "end_lr": 1.0, "total_steps": 2}, 1, 7 / 3),  # 1 + 2 * 2/3
    (rex, {"base_lr": 3.0, "end_lr": 1.0, "total_steps": 2}, 9, 1.0),  # held
    (exponential, EXP, 0, 3.0),  # gamma ** 0 = 1
    (exponential, EXP, 4, 0.1875),  # 3 / 16
    (exponential, EXP, 2000, 0.0),  # 3 * 2**-2000 underflows to 0
    (exponential, {"base_lr": 3.0, "gamma": 0.0}, 0, 3.0),  # 0 ** 0 = 1
    (exponential, {"base_lr": 3.0, "gamma": 0.0}, 1, 0.0),  # then 0
    (exponential, {"base_lr": 0.0, "gamma": 2.0}, 10**6, 0.0),  # 0 times any growth is 0
    (exponential_decay, EXPD, 2, 1.0),  # 2 * 0.25 ** 0.5
    (exponential_decay, EXPD, 4, 0.5),  # one period
    (exponential_decay, EXPD, 6, 0.25),  # 2 * 0.25 ** 1.5
    (exponential_decay, {**EXPD, "staircase": True}, 6, 0.5),  # floor(6 / 4) = 1
    (exponential_decay, {**EXPD, "staircase": True}, 8, 0.125),  # two periods
    (exponential_decay, EXPD, 10**400, 0.0),  # far past any float: the limit
    (inverse_time, INVT, 2, 1.5),  # 3 / (1 + 2 * 2 / 4)
    (inverse_time, INVT, 4, 1.0),  # 3 / 3
    (inverse_time, INVT, 10, 0.5),  # 3 / 6
    (inverse_time, {**INVT, "staircase": True}, 7, 1.0),  # floor(7 / 4) = 1
    (inverse_time, {**INVT, "staircase": True}, 8, 0.6),  # 3 / 5
    (inverse_time, INVT, 10**400, 0.0),  # far past any float: the limit
    (inverse_sqrt, ISQRT, 0, 0.0),  # the warmup starts from 0
    (inverse_sqrt, ISQRT, 1, 0.5),  # a quarter of the warmup
    (inverse_sqrt, ISQRT, 4, 2.0),  # the peak
    (inverse_sqrt, ISQRT, 16, 1.0),  # 2 * sqrt(4 / 16)
    (inverse_sqrt, ISQRT, 4 * 10**12, 2e-6),  # 2 * sqrt(1e-12)
    # Whole runs
    (one_cycle, CYCLE, 0, 0.25),  # max_lr / initial_div
    (one_cycle, CYCLE, 1, 0.4375),  # 1/4 + 3/4 * (1 - cos(pi/3)) / 2
    (one_cycle, CYCLE, 3, 1.0),  # the peak, at W
    (one_cycle, CYCLE, 7, 0.505),  # halfway down: 0.01 + 0.99 / 2
    (one_cycle, CYCLE, 11, 0.01),  # max_lr / final_div, at T
    (one_cycle, CYCLE, 99, 0.01),  # held
    (one_cycle, {**CYCLE10, "anneal": "linear"}, 1, 0.625),  # halfway up
    (one_cycle, {**CYCLE10, "anneal": "linear"}, 2, 1.0),  # the peak
    (one_cycle, {**CYCLE10, "anneal": "linear"}, 6, 0.55),  # halfway down to 0.1
    (one_cycle, {**CYCLE10, "anneal": "linear"}, 10, 0.1),  # the end
    (one_cycle, {**CYCLE10, "three_phase": True}, 1, 0.625),  # halfway up (cosine midpoint)
    (one_cycle, {**CYCLE10, "three_phase": True}, 2, 1.0),  # the peak
    (one_cycle, {**CYCLE10, "three_phase": True}, 3, 0.625),  # halfway back
    (one_cycle, {**CYCLE10, "three_phase": True}, 4, 0.25),  # back at the start
    (one_cycle, {**CYCLE10, "three_phase": True}, 7, 0.175),  # halfway to the end
    (one_cycle, {**CYCLE10, "three_phase": True}, 10, 0.1),  # the end
    (warmup_stable_decay, WSD, 5, 0.5),  # halfway up the warmup
    (warmup_stable_decay, WSD, 10, 1.0),  # the plateau starts
    (warmup_stable_decay, WSD, 60, 1.0),  # the decay starts at T - D = 60, from base_lr
    (warmup_stable_decay, WSD, 70, 0.75),  # a quarter of the way down
    (warmup_stable_decay, WSD, 100, 0.0),  # end_lr at T
    (warmup_stable_decay, WSD_COS, 70, 0.5 + ROOT2 / 4),  # (1 + cos(pi/4)) / 2
    (warmup_stable_decay, WSD_COS, 80, 0.5),  # halfway
    (warmup_stable_decay, WSD_SQRT, 70, 0.5),  # 1 - sqrt(1/4)
    (warmup_stable_decay, WSD_SQRT, 90, 1 - ROOT3 / 2),  # 1 - sqrt(3/4)
    (warmup_stable_decay, WSD_SQRT, 61, 1 - math.sqrt(1 / 40)),  # the first decay step
    (warmup_stable_decay, WSD_NO_STABLE, 1, 1.25),  # warmup from 0.5 to 2
    (warmup_stable_decay, WSD_NO_STABLE, 2, 2.0),  # the decay starts at once
    (warmup_stable_decay, WSD_NO_STABLE, 3, 1.5),  # halfway down to 1
    (warmup_stable_decay, WSD_FLAT, 0, 3.0),  # no warmup: base_lr at once
    (warmup_stable_decay, WSD_FLAT, 4, 3.0),  # no decay: base_lr until T
    (warmup_stable_decay, WSD_FLAT, 5, 1.0),  # then end_lr
    (interpolate, KNOTS, 0, 1.0),  # before the first knot: its value
    (interpolate, KNOTS, 2, 1.0),  # the first knot
    (interpolate, KNOTS, 4, 2.0),  # halfway to the second
    (interpolate, KNOTS, 6, 3.0),  # the second knot
    (interpolate, KNOTS, 7, 1.0),  # halfway from 3 to -1
    (interpolate, KNOTS, 8, -1.0),  # the last knot
    (interpolate, KNOTS, 100, -1.0),  # held after it
    # a quarter of a cosine ease from 0 to 2: 2 * (1 - cos(pi/4)) / 2
    (interpolate, {"points": [(0, 0.0), (4, 2.0)], "shape": "cosine"}, 1, 1 - ROOT2 / 2),
    (interpolate, {"points": [(0, 0.0), (4, 2.0)], "shape": "cosine"}, 2, 1.0),  # midpoint
    # a geometric move is a straight line on a log scale: 1, 10, 100, 1000
    (interpolate, {"points": [(0, 1.0), (3, 1e3)], "shape": "exponential"}, 1, 10.0),
    (interpolate, {"points": [(0, 1.0), (3, 1e3)], "shape": "exponential"}, 2, 100.0),
    (interpolate, {"points": [(5, 2.5)], "shape": "linear"}, 0, 2.5),  # a single knot
    # Cycles
    (cosine_restarts, SGDR_2_1, 1, 0.5),  # halfway through the first cycle
    (cosine_restarts, SGDR_2_1, 2, 1.0),  # the restart
    (cosine_restarts, {**SGDR_2_1, "period": 4}, 10**12 + 2, 0.5),  # 10**12 is a restart
    (cosine_restarts, SGDR_2_2, 3, 0.5 + ROOT2 / 4),  # cycles of 2, 4, 8 start at 0, 2, 6
    (cosine_restarts, SGDR_2_2, 6, 1.0),  # the third cycle starts
    (cosine_restarts, SGDR_2_2, 10, 0.5),  # halfway through it
    (cosine_restarts, SGDR_2_2, 14, 1.0),  # the fourth starts
    (cosine_restarts, SGDR_1_2, 2**40 - 1, 1.0),  # cycle i starts at 2**i - 1
    (cosine_restarts, SGDR_1_2, 2**40 + 2**39 - 1, 0.5),  # halfway through cycle 40
    (cosine_restarts, SGDR_1_2, 2**63 - 1, 1.0),  # cycle 63 starts
    (cosine_restarts, SGDR_4_3, START_30, 2.0),  # cycle 30 starts
    (cosine_restarts, SGDR_4_3, START_30 + LENGTH_30 // 2, 1.5),  # halfway through it
    # the last step of cycle 29, where a float guess at the cycle would slip into cycle 30
    (cosine_restarts, SGDR_4_3, START_30 - 1, 1.5 + 0.5 * math.cos(math.pi * (1 - 1 / 4 / 3**29))),
    (cosine_restarts, FADE, 4, 0.5),  # cycle 1 peaks at 1/2
    (cosine_restarts, FADE, 6, 0.25),  # halfway down from 1/2
    (cosine_restarts, FADE, 8, 0.25),  # cycle 2 peaks at 1/4
    (cosine_restarts, {**FADE, "max_cycles": 2}, 7, 0.5 * (0.5 - ROOT2 / 4)),  # cos(3pi/4)
    (cosine_restarts, {**FADE, "max_cycles": 2}, 8, 0.0),  # after 2 cycles: min_lr
    (triangular, TRI, 1, 0.25),  # a quarter of the way up
    (triangular, TRI, 4, 1.0),  # the peak, at step_size
    (triangular, TRI, 5, 0.75),  # on the way down
    (triangular, TRI, 8, 0.0),  # the next cycle starts
    (triangular, TRI, 9, 0.25),  # and climbs again
    (triangular, {"min_lr": 1.0, "max_lr": 0.0, "step_size": 2}, 1, 0.5),  # inverted
    (triangular2, TRI2, 2, 1.0),  # cycle 0 peaks at max_lr
    (triangular2, TRI2, 5, 0.25),  # cycle 1 peaks at 1/2, halfway up
    (triangular2, TRI2, 6, 0.5),  # cycle 1's peak
    (triangular2, TRI2, 10, 0.25),  # cycle 2's peak, 1/4
    (triangular2, {"min_lr": 1.0, "max_lr": 3.0, "step_size": 1}, 3, 2.0),  # 1 + 2 / 2
    (exp_range, EXPR, 1, 0.25),  # half the height, times 0.5 ** 1
    (exp_range, EXPR, 2, 0.25),  # the peak, times 0.5 ** 2
    (exp_range, EXPR, 3, 0.0625),  # half the height, times 0.5 ** 3
    (exp_range, EXPR, 6, 0.015625),  # a peak, times 0.5 ** 6
]


@pytest.mark.parametrize(
    ("factory", "params", "step", "expected"),
    REFERENCE,
    ids=[f"{row[0].__name__}-{index}" for index, row in enumerate(REFERENCE)],
)
def test_reference_values(
    factory: Callable[..., Schedule], params: dict[str, Any], step: int, expected: float
) -> None:
    assert factory(**params)(step) == pytest.approx(expected, rel=1e-15, abs=1e-300)


# Valid parameters of every factory, which the bad-input matrices below change one at a time.
VALID: dict[Callable[..., Schedule], dict[str, Any]] = {
    constant: {"lr": 0.1},
    step_decay: {"base_lr": 0.1, "gamma": 0.5, "step_size": 10},
    multi_step: {"base_lr": 0.1, "milestones": [10, 20], "gamma": 0.5},
    piecewise_constant: {"boundaries": [10, 20], "values": [0.1, 0.05, 0.01]},
    linear: {"base_lr": 0.1, "end_lr": 0.0, "total_steps": 100},
    polynomial: {"base_lr": 0.1, "end_lr": 0.0, "total_steps": 100, "power": 2.0},
    cosine: {"base_lr": 0.1, "min_lr": 0.0, "total_steps": 100},
    rex: {"base_lr": 0.1, "end_lr": 0.0, "total_steps": 100},
    exponential: {"base_lr": 0.1, "gamma": 0.9},
    exponential_decay: {"base_lr": 0.1, "decay_rate": 0.5, "decay_steps": 10},
    inverse_time: {"base_lr": 0.1, "decay_rate": 0.5, "decay_steps": 10},
    inverse_sqrt: {"base_lr": 0.1, "warmup_steps": 10},
    one_cycle: {
        "max_lr": 0.1,
        "total_steps": 100,
        "pct_start": 0.3,
        "initial_div": 25.0,
        "final_div": 1e4,
    },
    warmup_stable_decay: {
        "base_lr": 0.1,
        "warmup_steps": 10,
        "decay_steps": 20,
        "total_steps": 100,
        "end_lr": 0.0,
        "start_lr": 0.0,
        "decay_shape": "linear",
    },
    interpolate: {"points": [(0, 0.1), (100, 0.0)], "shape": "linear"},
    cosine_restarts: {"base_lr": 0.1, "min_lr": 0.0, "period": 10, "t_mult": 2},
    triangular: {"min_lr": 0.01, "max_lr": 0.1, "step_size": 10},
    triangular2: {"min_lr": 0.01, "max_lr": 0.1, "step_size": 10},
    exp_range: {"min_lr": 0.01, "max_lr": 0.1, "step_size": 10, "gamma": 0.99},
}

REAL_PARAMS = [
    (factory, name)
    for factory, params in VALID.items()
    for name in params
    if name.endswith("lr")
    or name in ("gamma", "power", "pct_start", "initial_div", "final_div", "decay_rate")
]
COUNT_PARAMS = [
    (factory, name)
    for factory, params in VALID.items()
    for name in params
    if name in ("step_size", "total_steps", "period", "t_mult", "warmup_steps", "decay_steps")
]
SEQUENCE_PARAMS = [
    (factory, name)
    for factory, params in VALID.items()
    for name in params
    if name in ("milestones", "boundaries", "values", "points")
]
# The least value of each count that is not 1: one_cycle needs a step to rise and one
# to fall, and warmup_stable_decay may go without a warmup or a decay.
LEAST = {
    (one_cycle, "total_steps"): 2,
    (warmup_stable_decay, "warmup_steps"): 0,
    (warmup_stable_decay, "decay_steps"): 0,
}
ALLOWED = {0: "a non-negative integer", 1: "a positive integer", 2: "an integer >= 2"}
BELOW_THE_LEAST = [
    (factory, name, bad)
    for factory, name in COUNT_PARAMS
    for bad in (0, -1)
    if bad < LEAST.get((factory, name), 1)
]


def test_the_matrices_cover_every_factory() -> None:
    assert {factory.__name__ for factory in VALID} == set(schedkit.schedules.__all__)
    for factory, params in VALID.items():
        assert factory(**params).name == factory.__name__
    covered = {factory for factory, _ in REAL_PARAMS + COUNT_PARAMS + SEQUENCE_PARAMS}
    assert covered == set(VALID)


@pytest.mark.parametrize(("factory", "name"), REAL_PARAMS)
@pytest.mark.parametrize(
    ("bad", "shown"),
    [("1e-3", r"'1e-3' \(str\)"), (None, r"None \(NoneType\)"), (True, r"True \(bool\)")],
)
def test_real_parameters_reject_other_kinds(
    factory: Callable[..., Schedule], name: str, bad: object, shown: str
) -> None:
    params = {**VALID[factory], name: bad}
    with pytest.raises(
        TypeError, match=rf"^{factory.__name__}: {name} must be a real number, got {name}={shown}$"
    ):
        factory(**params)


@pytest.mark.parametrize(("factory", "name"), REAL_PARAMS)
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_real_parameters_reject_non_finite(
    factory: Callable[..., Schedule], name: str, bad: float
) -> None:
    params = {**VALID[factory], name: bad}
    with pytest.raises(
        ScheduleError,
        match=rf"^{factory.__name__}: {name} must be a finite number, got {name}={bad!r}$",
    ):
        factory(**params)


@pytest.mark.parametrize(("factory", "name"), COUNT_PARAMS)
@pytest.mark.parametrize(
    ("bad", "shown"),
    [(10.0, r"10.0 \(float\)"), ("10", r"'10' \(str\)"), (True, r"True \(bool\)"), (None, "None")],
)
def test_count_parameters_reject_other_kinds(
    factory: Callable[..., Schedule], name: str, bad: object, shown: str
) -> None:
    params = {**VALID[factory], name: bad}
    with pytest.raises(
        TypeError, match=rf"^{factory.__name__}: {name} must be an integer, got {name}={shown}"
    ):
        factory(**params)


@pytest.mark.parametrize(("factory", "name", "bad"), BELOW_THE_LEAST)
def test_count_parameters_reject_values_below_their_least(
    factory: Callable[..., Schedule], name: str, bad: int
) -> None:
    params = {**VALID[factory], name: bad}
    allowed = ALLOWED[LEAST.get((factory, name), 1)]
    with pytest.raises(
        ScheduleError, match=rf"^{factory.__name__}: {name} must be {allowed}, got {name}={bad}$"
    ):
        factory(**params)


@pytest.mark.parametrize(("factory", "name"), SEQUENCE_PARAMS)
@pytest.mark.parametrize(
    ("bad", "shown"), [(5, r"5 \(int\)"), ("12", r"'12' \(str\)"), (None, r"None \(NoneType\)")]
)
def test_sequence_parameters_reject_other_kinds(
    factory: Callable[..., Schedule], name: str, bad: object, shown: str
) -> None:
    params = {**VALID[factory], name: bad}
    with pytest.raises(
        TypeError,
        match=rf"^{factory.__name__}: {name} must be a sequence of .+, got {name}={shown}$",
    ):
        factory(**params)


# Every other error path, by family: a relation between parameters, a bound other
# than the kind's, a choice, or a part of a sequence, each with its whole message.
@pytest.mark.parametrize(
    ("factory", "params", "error", "message"),
    [
        # Constant and stepped
        (step_decay, {**VALID[step_decay], "gamma": -0.5}, ScheduleError,
         r"^step_decay: gamma must be a non-negative number, got gamma=-0.5$"),
        (multi_step, {**VALID[multi_step], "gamma": -0.1}, ScheduleError,
         r"^multi_step: gamma must be a non-negative number, got gamma=-0.1$"),
        (multi_step, {**VALID[multi_step], "milestones": [0, 5]}, ScheduleError,
         r"^multi_step: milestones must be a sequence of positive integers, got milestones=\[0, 5\]$"),
        (multi_step, {**VALID[multi_step], "base_lr": 1e300, "gamma": 1e10, "milestones": [1, 2]}, ScheduleError,
         r"^multi_step: base_lr \* gamma \*\* len\(milestones\) must be a finite number, got base_lr=1e\+300, gamma=10000000000.0, len\(milestones\)=2$"),
        (piecewise_constant, {"boundaries": [5, 2], "values": [1.0, 2.0, 3.0]}, ScheduleError,
         r"^piecewise_constant: boundaries must be strictly increasing positive integers, got boundaries=\[5, 2\]$"),
        (piecewise_constant, {"boundaries": [2, 2], "values": [1.0, 2.0, 3.0]}, ScheduleError,
         r"^piecewise_constant: boundaries must be strictly increasing positive integers, got boundaries=\[2, 2\]$"),
        (piecewise_constant, {"boundaries": [0, 2], "values": [1.0, 2.0, 3.0]}, ScheduleError,
         r"^piecewise_constant: boundaries must be a sequence of positive integers, got boundaries=\[0, 2\]$"),
        (piecewise_constant, {"boundaries": [2], "values": [1.0]}, ScheduleError,
         r"^piecewise_constant: values must have one more entry than boundaries, got len\(boundaries\)=1, len\(values\)=1$"),
        (piecewise_constant, {"boundaries": [2], "values": [1.0, math.nan]}, ScheduleError,
         r"^piecewise_constant: values\[1\] must be a finite number, got values\[1\]=nan$"),
        (piecewise_constant, {"boundaries": [2], "values": 1.0}, TypeError,
         r"^piecewise_constant: values must be a sequence of real numbers, got values=1.0 \(float\)$"),
        (piecewise_constant, {"boundaries": [2.5], "values": [1.0, 2.0]}, TypeError,
         r"^piecewise_constant: boundaries must be a sequence of integers, got boundaries=\[2.5\] \(list\)$"),
        (piecewise_constant, {"boundaries": "12", "values": [1.0, 2.0, 3.0]}, TypeError,
         r"^piecewise_constant: boundaries must be a sequence of integers, got boundaries='12' \(str\)$"),
        # Smooth decays
        (linear, {**VALID[linear], "base_lr": -1e308, "end_lr": 1e308}, ScheduleError,
         r"^linear: base_lr - end_lr must be a finite number, got base_lr=-1e\+308, end_lr=1e\+308$"),
        (polynomial, {**VALID[polynomial], "power": 0}, ScheduleError,
         r"^polynomial: power must be a positive number, got power=0$"),
        (polynomial, {**VALID[polynomial], "power": -1.0}, ScheduleError,
         r"^polynomial: power must be a positive number, got power=-1.0$"),
        (polynomial, {**VALID[polynomial], "base_lr": -1e308, "end_lr": 1e308}, ScheduleError,
         r"^polynomial: base_lr - end_lr must be a finite number"),
        (cosine, {**VALID[cosine], "base_lr": 1e308, "min_lr": -1e308}, ScheduleError,
         r"^cosine: base_lr - min_lr must be a finite number, got base_lr=1e\+308, min_lr=-1e\+308$"),
        (rex, {"base_lr": 1.0, "end_lr": 0.0, "total_steps": 0}, ScheduleError,
         r"^rex: total_steps must be a positive integer, got total_steps=0$"),
        (rex, {"base_lr": 1.0, "end_lr": math.inf, "total_steps": 5}, ScheduleError,
         r"^rex: end_lr must be a finite number, got end_lr=inf$"),
        (exponential, {**VALID[exponential], "gamma": -2}, ScheduleError,
         r"^exponential: gamma must be a non-negative number, got gamma=-2$"),
        (exponential_decay, {**EXPD, "decay_rate": -1}, ScheduleError,
         r"^exponential_decay: decay_rate must be a non-negative number, got decay_rate=-1$"),
        (exponential_decay, {**EXPD, "decay_steps": 0}, ScheduleError,
         r"^exponential_decay: decay_steps must be a positive integer, got decay_steps=0$"),
        (exponential_decay, {**EXPD, "staircase": 1}, TypeError,
         r"^exponential_decay: staircase must be True or False, got staircase=1 \(int\)$"),
        (inverse_time, {**INVT, "decay_rate": -0.5}, ScheduleError,
         r"^inverse_time: decay_rate must be a non-negative number, got decay_rate=-0.5$"),
        (inverse_time, {**INVT, "staircase": "yes"}, TypeError,
         r"^inverse_time: staircase must be True or False, got staircase='yes' \(str\)$"),
        # Whole runs
        (one_cycle, {**VALID[one_cycle], "total_steps": 1}, ScheduleError,
         r"^one_cycle: total_steps must be an integer >= 2, got total_steps=1$"),
        (one_cycle, {**VALID[one_cycle], "pct_start": 0.0}, ScheduleError,
         r"^one_cycle: pct_start must be a number with 0 < pct_start < 1, got pct_start=0.0$"),
        (one_cycle, {**VALID[one_cycle], "pct_start": 1}, ScheduleError,
         r"^one_cycle: pct_start must be a number with 0 < pct_start < 1, got pct_start=1$"),
        (one_cycle, {**VALID[one_cycle], "initial_div": 0}, ScheduleError,
         r"^one_cycle: initial_div must be a positive number, got initial_div=0$"),
        (one_cycle, {**VALID[one_cycle], "final_div": -1e4}, ScheduleError,
         r"^one_cycle: final_div must be a positive number, got final_div=-10000.0$"),
        (one_cycle, {**VALID[one_cycle], "max_lr": 1e300, "initial_div": 1e-10}, ScheduleError,
         r"^one_cycle: max_lr / initial_div must be a finite number, got max_lr=1e\+300, initial_div=1e-10, final_div=10000.0$"),
        (one_cycle, {**VALID[one_cycle], "max_lr": 1e300, "final_div": 1e-10}, ScheduleError,
         r"^one_cycle: max_lr / final_div must be a finite number, got max_lr=1e\+300, initial_div=25.0, final_div=1e-10$"),
        (one_cycle, {**CYCLE10, "anneal": "cosine"}, ScheduleError,
         r"^one_cycle: anneal must be one of 'cos', 'linear', got anneal='cosine'$"),
        (one_cycle, {**CYCLE10, "three_phase": "no"}, TypeError,
         r"^one_cycle: three_phase must be True or False, got three_phase='no' \(str\)$"),
        (one_cycle, {**CYCLE10, "pct_start": 0.5, "three_phase": True}, ScheduleError,
         r"^one_cycle: with three_phase=True, 2 \* round\(pct_start \* total_steps\) must be less than total_steps, got pct_start=0.5, total_steps=10$"),
        (warmup_stable_decay, {**WSD, "decay_shape": "cos"}, ScheduleError,
         r"^warmup_stable_decay: decay_shape must be one of 'linear', 'cosine', '1-sqrt', got decay_shape='cos'$"),
        (warmup_stable_decay, {**WSD, "decay_shape": None}, TypeError,
         r"^warmup_stable_decay: decay_shape must be one of 'linear', 'cosine', '1-sqrt', got decay_shape=None \(NoneType\)$"),
        (warmup_stable_decay, {**WSD, "warmup_steps": 60, "decay_steps": 41}, ScheduleError,
         r"^warmup_stable_decay: warmup_steps \+ decay_steps must be at most total_steps, got warmup_steps=60, decay_steps=41, total_steps=100$"),
        (warmup_stable_decay, {**WSD, "warmup_steps": -1}, ScheduleError,
         r"^warmup_stable_decay: warmup_steps must be a non-negative integer, got warmup_steps=-1$"),
        (warmup_stable_decay, {**WSD, "decay_steps": 2.0}, TypeError,
         r"^warmup_stable_decay: decay_steps must be an integer, got decay_steps=2.0 \(float\)$"),
        (warmup_stable_decay, {**WSD, "total_steps": 0, "warmup_steps": 0, "decay_steps": 0}, ScheduleError,
         r"^warmup_stable_decay: total_steps must be a positive integer, got total_steps=0$"),
        (warmup_stable_decay, {**WSD, "end_lr": math.nan}, ScheduleError,
         r"^warmup_stable_decay: end_lr must be a finite number, got end_lr=nan$"),
        (warmup_stable_decay, {**WSD, "start_lr": -1e308, "base_lr": 1e308}, ScheduleError,
         r"^warmup_stable_decay: start_lr - base_lr must be a finite number"),
        (interpolate, {"points": 5, "shape": "linear"}, TypeError,
         r"^interpolate: points must be a sequence of \(step, value\) pairs, got points=5 \(int\)$"),
        (interpolate, {"points": [], "shape": "linear"}, ScheduleError,
         r"^interpolate: points must hold at least one \(step, value\) pair, got points=\[\]$"),
        (interpolate, {"points": [(0, 1.0), (0, 2.0)], "shape": "linear"}, ScheduleError,
         r"^interpolate: points must have strictly increasing steps, got points\[1\]\[0\]=0 after points\[0\]\[0\]=0$"),
        (interpolate, {"points": [(-1, 1.0)], "shape": "linear"}, ScheduleError,
         r"^interpolate: points\[0\]\[0\] must be a non-negative integer, got points\[0\]\[0\]=-1$"),
        (interpolate, {"points": [(0, 1.0, 2.0)], "shape": "linear"}, TypeError,
         r"^interpolate: points\[0\] must be a \(step, value\) pair, got points\[0\]=\(0, 1.0, 2.0\) \(tuple\)$"),
        (interpolate, {"points": [(0.5, 1.0)], "shape": "linear"}, TypeError,
         r"^interpolate: points\[0\]\[0\] must be an integer, got points\[0\]\[0\]=0.5 \(float\)$"),
        (interpolate, {"points": [(0, "a")], "shape": "linear"}, TypeError,
         r"^interpolate: points\[0\]\[1\] must be a real number, got points\[0\]\[1\]='a' \(str\)$"),
        (interpolate, {"points": [(0, 1.0), (5, 0.0)], "shape": "exponential"}, ScheduleError,
         r"^interpolate: points\[1\]\[1\] must be a positive number, got points\[1\]\[1\]=0.0$"),
        (interpolate, {"points": [(0, 1e-300), (5, 1e300)], "shape": "exponential"}, ScheduleError,
         r"^interpolate: points\[1\]\[1\] / points\[0\]\[1\] must be a finite, non-zero number, got points\[0\]\[1\]=1e-300, points\[1\]\[1\]=1e\+300$"),
        (interpolate, {"points": [(0, -1e308), (5, 1e308)], "shape": "cosine"}, ScheduleError,
         r"^interpolate: points\[0\]\[1\] - points\[1\]\[1\] must be a finite number"),
        (interpolate, {"points": [(0, 1.0)], "shape": "spline"}, ScheduleError,
         r"^interpolate: shape must be one of 'linear', 'cosine', 'exponential', got shape='spline'$"),
        # Cycles
        (cosine_restarts, {**VALID[cosine_restarts], "base_lr": 1e308, "min_lr": -1e308}, ScheduleError,
         r"^cosine_restarts: base_lr - min_lr must be a finite number"),
        (cosine_restarts, {**FADE, "decay": 1.5}, ScheduleError,
         r"^cosine_restarts: decay must be a number with 0 <= decay <= 1, got decay=1.5$"),
        (cosine_restarts, {**FADE, "max_cycles": 0}, ScheduleError,
         r"^cosine_restarts: max_cycles must be a positive integer, got max_cycles=0$"),
        (cosine_restarts, {**FADE, "max_cycles": 2.0}, TypeError,
         r"^cosine_restarts: max_cycles must be an integer, got max_cycles=2.0 \(float\)$"),
        # the end bounded before t_mult ** max_cycles is computed, and after
        (cosine_restarts, {**FADE, "t_mult": 2, "max_cycles": 1025}, ScheduleError,
         r"^cosine_restarts: the end step must be below 2 \*\* 1024, got period=4, t_mult=2, max_cycles=1025$"),
        (cosine_restarts, {**FADE, "t_mult": 2, "max_cycles": 1023}, ScheduleError,
         r"^cosine_restarts: the end step must be below 2 \*\* 1024, got period=4, t_mult=2, max_cycles=1023$"),
        (triangular, {**TRI, "step_size": 0}, ScheduleError,
         r"^triangular: step_size must be a positive integer, got step_size=0$"),
        (triangular, {**TRI, "max_lr": "1"}, TypeError,
         r"^triangular: max_lr must be a real number, got max_lr='1' \(str\)$"),
        (triangular2, {**TRI2, "min_lr": -1e308, "max_lr": 1e308}, ScheduleError,
         r"^triangular2: min_lr - max_lr must be a finite number, got min_lr=-1e\+308, max_lr=1e\+308$"),
        (exp_range, {**EXPR, "gamma": 1.5}, ScheduleError,
         r"^exp_range: gamma must be a number with 0 <= gamma <= 1, got gamma=1.5$"),
        (exp_range, {**EXPR, "gamma": -0.1}, ScheduleError,
         r"^exp_range: gamma must be a number with 0 <= gamma <= 1, got gamma=-0.1$"),
    ],
)  # fmt: skip
def test_error_messages(
    factory: Callable[..., Schedule], params: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        factory(**params)


def test_parameters_are_keyword_only() -> None:
    with pytest.raises(TypeError, match="positional"):
        cosine(0.1, 0.0, 100)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'total_steps'"):
        cosine(base_lr=0.1, min_lr=0.0)  # type: ignore[call-arg]


def test_defaults_are_left_out_of_the_repr() -> None:
    assert repr(exponential_decay(base_lr=1.0, decay_rate=0.5, decay_steps=10)) == (
        "exponential_decay(base_lr=1.0, decay_rate=0.5, decay_steps=10)"
    )
    assert repr(exponential_decay(base_lr=1.0, decay_rate=0.5, decay_steps=10, staircase=True)) == (
        "exponential_decay(base_lr=1.0, decay_rate=0.5, decay_steps=10, staircase=True)"
    )
    assert repr(cosine_restarts(base_lr=1.0, min_lr=0.0, period=5, t_mult=1, max_cycles=3)) == (
        "cosine_restarts(base_lr=1.0, min_lr=0.0, period=5, t_mult=1, max_cycles=3)"
    )
    assert repr(interpolate(points=[(0, 1), (5, 2)], shape="cosine")) == (
        "interpolate(points=[(0, 1.0), (5, 2.0)], shape='cosine')"
    )


def test_lengths() -> None:
    assert constant(lr=1.0).length is None
    assert exponential(base_lr=1.0, gamma=0.9).length is None
    assert cosine_restarts(base_lr=1.0, min_lr=0.0, period=5, t_mult=2).length is None
    assert inverse_sqrt(base_lr=1.0, warmup_steps=5).length is None
    assert step_decay(base_lr=1.0, gamma=0.5, step_size=5).length is None
    assert multi_step(base_lr=1.0, milestones=[5], gamma=0.5).length is None
    assert linear(base_lr=1.0, end_lr=0.0, total_steps=7).length == 7
    assert polynomial(base_lr=1.0, end_lr=0.0, total_steps=8, power=2.0).length == 8
    assert cosine(base_lr=1.0, min_lr=0.0, total_steps=9).length == 9
    schedule = one_cycle(max_lr=1.0, total_steps=10, pct_start=0.3, initial_div=25.0, final_div=1e4)
    assert schedule.length == 10


@given(st.one_of(linears, polynomials, cosines, one_cycles))
def test_start_and_end_are_exact(schedule: Schedule) -> None:
    params, length = schedule.params, schedule.length
    assert length is not None
    if schedule.name == "one_cycle":
        start = params["max_lr"] / params["initial_div"]
        end = params["max_lr"] / params["final_div"]
    else:
        start = params["base_lr"]
        end = params.get("end_lr", params.get("min_lr"))
    assert schedule(0) == start
    assert math.copysign(1.0, schedule(length)) == math.copysign(1.0, end)
    assert schedule(length) == end
    assert schedule(length + 1) == end
    assert schedule(length * 1000 + 7) == end


@given(finite_schedules, st.integers(min_value=0, max_value=10**6))
def test_finite_schedules_hold_their_end_value(schedule: Schedule, extra: int) -> None:
    length = schedule.length
    assert length is not None
    assert schedule(length + extra) == schedule(length)


def _value_or_error(schedule: Schedule, step: int) -> float | ScheduleError:
    try:
        return schedule(step)
    except ScheduleError as error:
        return error


@given(schedules, steps)
def test_every_step_gives_a_finite_float_or_a_clear_overflow(schedule: Schedule, step: int) -> None:
    result = _value_or_error(schedule, step)
    if isinstance(result, ScheduleError):
        # A composite's overflow names the part that left the range, a compat one too.
        assert re.search(r"^[\w.]+: the value overflows a float at step=\d+", str(result))
    else:
        assert type(result) is float
        assert math.isfinite(result)


# === Constant and stepped ===


def test_step_decay_overflow_is_a_clear_error() -> None:
    schedule = step_decay(base_lr=1.0, gamma=2.0, step_size=10)
    assert schedule(10239) == 2.0**1023
    with pytest.raises(
        ScheduleError,
        match=r"^step_decay: the value overflows a float at step=10240; the last step with a "
        r"finite value is 10239, in step_decay\(base_lr=1.0, gamma=2.0, step_size=10\)$",
    ):
        schedule(10240)


@given(growth_gammas, counts)
def test_step_decay_is_exponential_on_a_coarser_clock(gamma: float, step_size: int) -> None:
    decay = step_decay(base_lr=1.0, gamma=gamma, step_size=step_size)
    per_drop = exponential(base_lr=1.0, gamma=gamma)
    for drops in range(5):
        assert decay(drops * step_size) == per_drop(drops)
        assert decay(drops * step_size + step_size - 1) == per_drop(drops)


@given(counts, st.data())
def test_multi_step_counts_milestones_at_or_before_the_step(
    base_steps: int, data: st.DataObject
) -> None:
    milestones = data.draw(st.lists(st.integers(min_value=1, max_value=base_steps), max_size=30))
    step = data.draw(st.integers(min_value=0, max_value=base_steps + 1))
    schedule = multi_step(base_lr=1.0, milestones=milestones, gamma=0.5)
    passed = sum(1 for milestone in milestones if milestone <= step)
    assert schedule(step) == 0.5**passed


def test_multi_step_with_a_thousand_milestones() -> None:
    milestones = list(range(10, 10_010, 10))
    schedule = multi_step(base_lr=1.0, milestones=milestones, gamma=0.99)
    assert schedule(9) == 1.0
    assert schedule(10) == 0.99
    assert schedule(5_005) == pytest.approx(0.99**500, rel=1e-15)
    assert schedule(10**9) == pytest.approx(0.99**1000, rel=1e-15)


@pytest.mark.parametrize(
    ("milestones", "message"),
    [
        (5, r"^multi_step: milestones must be a sequence of integers, got milestones=5 \(int\)$"),
        ("12", r"^multi_step: milestones must be a sequence of integers, got milestones='12'"),
        ([1.5], r"^multi_step: milestones must be a sequence of integers, got milestones=\[1.5\]"),
        (
            [True],
            r"^multi_step: milestones must be a sequence of integers, got milestones=\[True\]",
        ),
        (None, r"^multi_step: milestones must be a sequence of integers, got milestones=None"),
    ],
)
def test_multi_step_milestone_kinds(milestones: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        multi_step(base_lr=1.0, milestones=milestones, gamma=0.5)  # type: ignore[arg-type]


def test_multi_step_accepts_any_iterable_of_integers() -> None:
    numpy = pytest.importorskip("numpy")
    from_array = multi_step(base_lr=1.0, milestones=numpy.array([20, 10]), gamma=0.5)
    from_range = multi_step(base_lr=1.0, milestones=range(10, 30, 10), gamma=0.5)
    assert from_array == from_range == multi_step(base_lr=1.0, milestones=[10, 20], gamma=0.5)
    assert repr(from_array) == "multi_step(base_lr=1.0, milestones=[10, 20], gamma=0.5)"


@given(piecewise_constants, steps)
def test_piecewise_constant_counts_boundaries(schedule: Schedule, step: int) -> None:
    boundaries, levels = schedule.params["boundaries"], schedule.params["values"]
    assert schedule(step) == levels[sum(1 for boundary in boundaries if boundary <= step)]


# === Smooth decays ===


@given(st.one_of(linears, cosines), st.data())
def test_linear_and_cosine_are_monotone(schedule: Schedule, data: st.DataObject) -> None:
    length = schedule.length
    assert length is not None
    step = data.draw(st.integers(min_value=0, max_value=length))
    first, second = schedule(step), schedule(step + 1)
    if schedule(0) >= schedule(length):
        assert first >= second
    else:
        assert first <= second


@given(st.one_of(linears, cosines))
def test_monotone_over_a_whole_short_run(schedule: Schedule) -> None:
    length = schedule.length
    assert length is not None
    curve = [schedule(step) for step in range(min(length, 2000) + 1)]
    pairs = list(pairwise(curve))
    assert all(a >= b for a, b in pairs) or all(a <= b for a, b in pairs)


@given(st.one_of(linears, cosines, polynomials), st.integers(min_value=0, max_value=2**63))
def test_between_the_ends(schedule: Schedule, step: int) -> None:
    start, end = schedule(0), schedule(step + 2**64)
    assume(start != end)
    assert min(start, end) <= schedule(step) <= max(start, end)


@given(polynomials, st.data())
def test_polynomial_stays_between_its_ends(schedule: Schedule, data: st.DataObject) -> None:
    length = schedule.length
    assert length is not None
    step = data.draw(st.integers(min_value=0, max_value=length))
    ends = schedule(0), schedule(length)
    assert min(ends) <= schedule(step) <= max(ends)


@given(cosines, st.integers(min_value=0, max_value=2 * 10**6))
def test_cosine_call_is_cosine_between_to_the_bit(schedule: Schedule, step: int) -> None:
    # The cosine writes cosine_between out in its call, for speed; the two must not drift.
    params = schedule.params
    total = params["total_steps"]
    expected = (
        cosine_between(params["base_lr"], params["min_lr"], step, total)
        if step < total
        else params["min_lr"]
    )
    assert schedule(step).hex() == expected.hex()


@given(rexes, st.data())
def test_rex_lies_between_its_ends_above_the_line(schedule: Schedule, data: st.DataObject) -> None:
    p = schedule.params
    total = p["total_steps"]
    step = data.draw(st.integers(min_value=0, max_value=total))
    base, end = p["base_lr"], p["end_lr"]
    value = schedule(step)
    assert min(base, end) <= value <= max(base, end)
    assert schedule(0) == base
    assert schedule(total) == end
    # REX stays on base_lr's side of the straight line from base_lr to end_lr.
    line = base + (end - base) * step / total
    tolerance = 1e-12 * max(abs(base), abs(end))
    assert (value >= line - tolerance) if base >= end else (value <= line + tolerance)


@given(exponentials, st.integers(min_value=0, max_value=2**63))
def test_exponential_overflow_is_a_clear_error(schedule: Schedule, step: int) -> None:
    base, gamma = schedule.params["base_lr"], schedule.params["gamma"]
    result = _value_or_error(schedule, step)
    if isinstance(result, ScheduleError):
        assert gamma > 1.0
        assert str(result).startswith(f"exponential: the value overflows a float at step={step};")
    else:
        assert result == (base if base == 0.0 else base * gamma**step)


@given(values.filter(lambda value: value != 0.0), growth_gammas.filter(lambda g: g > 1.0))
def test_exponential_last_finite_step_is_tight(base: float, gamma: float) -> None:
    schedule = exponential(base_lr=base, gamma=gamma)
    with pytest.raises(ScheduleError, match=r"the last step with a finite value is (\d+)") as info:
        schedule(2**63)
    match = re.search(r"is (\d+)", str(info.value))
    assert match is not None
    last = int(match.group(1))
    assert math.isfinite(schedule(last))
    with pytest.raises(ScheduleError, match=f"at step={last + 1};"):
        schedule(last + 1)


def test_exponential_decay_overflow_is_a_clear_error() -> None:
    schedule = exponential_decay(base_lr=1.0, decay_rate=4.0, decay_steps=2)
    assert schedule(1023) == 2.0**1023  # 4 ** (1023 / 2)
    with pytest.raises(
        ScheduleError,
        match=r"^exponential_decay: the value overflows a float at step=1024; "
        r"the last step with a finite value is 1023,",
    ):
        schedule(1024)


@given(values, counts)
def test_inverse_sqrt_peaks_at_the_end_of_warmup(base: float, warmup: int) -> None:
    schedule = inverse_sqrt(base_lr=base, warmup_steps=warmup)
    assert schedule(0) == 0.0
    assert schedule(warmup) == base
    assert schedule(4 * warmup) == pytest.approx(base / 2, rel=1e-15, abs=1e-300)


# === Whole runs ===


# One-cycle peak steps: W = round(pct_start * T), clamped to 1..T-1.
@pytest.mark.parametrize(
    ("total_steps", "pct_start", "peak_step"),
    [
        (10, 0.25, 2),  # round(2.5) = 2, a half goes to the even neighbour
        (10, 0.35, 4),  # round(3.5) = 4
        (10, 0.01, 1),  # round(0.1) = 0, raised to 1
        (10, 0.99, 9),  # round(9.9) = 10, lowered to T - 1
        (2, 0.5, 1),  # the smallest one-cycle
    ],
)
def test_one_cycle_peak_step(total_steps: int, pct_start: float, peak_step: int) -> None:
    schedule = one_cycle(
        max_lr=1.0, total_steps=total_steps, pct_start=pct_start, initial_div=10.0, final_div=1e3
    )
    curve = [schedule(step) for step in range(total_steps + 1)]
    assert curve[peak_step] == 1.0
    assert max(curve) == 1.0
    assert curve.index(1.0) == peak_step
    assert curve[0] == 0.1
    assert curve[total_steps] == 1e-3


@given(one_cycles)
def test_one_cycle_rises_then_falls(schedule: Schedule) -> None:
    assume(not schedule.params["three_phase"])
    length = schedule.length
    assert length is not None
    peak = schedule.params["max_lr"]
    curve = [schedule(step) for step in range(0, length + 1, max(1, length // 500))]
    # With a negative max_lr the whole curve is mirrored: it falls to the peak, then rises.
    sign = 1.0 if peak >= 0 else -1.0
    top = curve.index(sign * max(sign * value for value in curve))
    assert all(sign * a <= sign * b for a, b in pairwise(curve[: top + 1]))
    assert all(sign * a >= sign * b for a, b in pairwise(curve[top:]))


@given(one_cycles)
def test_one_cycle_joins(schedule: Schedule) -> None:
    p = schedule.params
    total = p["total_steps"]
    peak_step = min(max(1, round(p["pct_start"] * total)), total - 1)
    start, end = p["max_lr"] / p["initial_div"], p["max_lr"] / p["final_div"]
    assert schedule(0) == start
    assert schedule(peak_step) == p["max_lr"]
    if p["three_phase"]:
        assert schedule(2 * peak_step) == start
    assert schedule(total) == end
    low, high = min(start, end, p["max_lr"]), max(start, end, p["max_lr"])
    assert all(low <= schedule(step) <= high for step in range(0, total + 1, max(1, total // 97)))


@given(one_cycles)
def test_one_cycle_legs_are_monotone(schedule: Schedule) -> None:
    p = schedule.params
    total = p["total_steps"]
    assume(total <= 5000)
    peak_step = min(max(1, round(p["pct_start"] * total)), total - 1)
    curve = [schedule(step) for step in range(total + 1)]
    joins = [0, peak_step, 2 * peak_step, total] if p["three_phase"] else [0, peak_step, total]
    for first, last in pairwise(joins):
        leg = curve[first : last + 1]
        pairs = list(pairwise(leg))
        assert all(a <= b for a, b in pairs) or all(a >= b for a, b in pairs)


@given(warmup_stable_decays)
def test_warmup_stable_decay_joins(schedule: Schedule) -> None:
    p = schedule.params
    warmup, decay, total = p["warmup_steps"], p["decay_steps"], p["total_steps"]
    assert schedule.length == total
    assert schedule(0) == (
        p["start_lr"]
        if warmup
        else p["base_lr"]
        if total > decay
        else p["end_lr"]
        if decay == 0
        else p["base_lr"]
    )
    if warmup and warmup < total:
        assert schedule(warmup) == p["base_lr"]
    if decay and total - decay >= warmup:
        assert schedule(total - decay) == p["base_lr"]
    assert schedule(total) == p["end_lr"]
    assert schedule(total + 10**9) == p["end_lr"]


@given(warmup_stable_decays, st.data())
def test_warmup_stable_decay_legs_are_monotone(schedule: Schedule, data: st.DataObject) -> None:
    p = schedule.params
    total = p["total_steps"]
    step = data.draw(st.integers(min_value=0, max_value=total - 1))
    first, second = schedule(step), schedule(step + 1)
    if step + 1 <= p["warmup_steps"]:
        ends = p["start_lr"], p["base_lr"]
    else:
        ends = p["base_lr"], p["end_lr"]
    low, high = sorted(ends)
    assert low <= first <= high or step < p["warmup_steps"]
    if step >= p["warmup_steps"]:
        assert (first >= second) if ends[0] >= ends[1] else (first <= second)


@given(interpolates)
def test_interpolate_hits_every_knot(schedule: Schedule) -> None:
    points = schedule.params["points"]
    for step, value in points:
        assert schedule(step) == value
    assert schedule(0) == points[0][1]
    assert schedule(points[-1][0] + 10**9) == points[-1][1]
    assert schedule.length == points[-1][0]


@given(interpolates, st.data())
def test_interpolate_stays_between_neighbouring_knots(
    schedule: Schedule, data: st.DataObject
) -> None:
    points = schedule.params["points"]
    assume(len(points) > 1)
    index = data.draw(st.integers(min_value=0, max_value=len(points) - 2))
    (start, first), (stop, second) = points[index], points[index + 1]
    step = data.draw(st.integers(min_value=start, max_value=stop))
    assert min(first, second) <= schedule(step) <= max(first, second)


# === Cycles ===


def _naive_restarts(base_lr: float, min_lr: float, period: int, t_mult: int, step: int) -> float:
    """SGDR by walking the cycles one by one, as a reference for the closed form."""
    start, length = 0, period
    while step >= start + length:
        start, length = start + length, length * t_mult
    return min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * (step - start) / length)) / 2


@pytest.mark.parametrize(("period", "t_mult"), [(1, 1), (3, 1), (1, 2), (2, 3), (7, 2), (1, 5)])
def test_cosine_restarts_matches_cycle_walk(period: int, t_mult: int) -> None:
    schedule = cosine_restarts(base_lr=1.0, min_lr=0.1, period=period, t_mult=t_mult)
    for step in range(3000):
        expected = _naive_restarts(1.0, 0.1, period, t_mult, step)
        assert schedule(step) == pytest.approx(expected, rel=1e-15, abs=1e-15)


@pytest.mark.parametrize(("period", "t_mult"), [(1, 2), (3, 2), (5, 3), (2, 7)])
def test_cosine_restarts_restart_boundaries(period: int, t_mult: int) -> None:
    schedule = cosine_restarts(base_lr=1.0, min_lr=0.0, period=period, t_mult=t_mult)
    start = 0
    for cycle in range(60):
        length = period * t_mult**cycle
        assert schedule(start) == 1.0, f"restart of cycle {cycle} at step {start}"
        if length > 2:
            assert schedule(start + length - 1) < 0.5, f"end of cycle {cycle}"
        start += length


@given(restarts_strategy, st.integers(min_value=0, max_value=2**70))
def test_cosine_restarts_within_range(schedule: Schedule, step: int) -> None:
    base, floor = schedule.params["base_lr"], schedule.params["min_lr"]
    assert min(base, floor) <= schedule(step) <= max(base, floor)


@given(restarts_strategy, steps)
def test_restart_peaks_fade_by_decay(schedule: Schedule, step: int) -> None:
    p = schedule.params
    value = schedule(step)
    assert min(p["base_lr"], p["min_lr"]) <= value <= max(p["base_lr"], p["min_lr"])
    if schedule.length is not None and step >= schedule.length:
        assert value == p["min_lr"]


def test_restart_peaks_and_end() -> None:
    schedule = cosine_restarts(base_lr=2.0, min_lr=1.0, period=2, t_mult=2, decay=0.5, max_cycles=3)
    # Cycles of 2, 4 and 8 steps start at 0, 2 and 6; peaks 2, 1.5, 1.25; end at 14.
    assert [schedule(step) for step in (0, 2, 6)] == [2.0, 1.5, 1.25]
    assert schedule.length == 14
    assert 1.0 < schedule(13) < 1.25
    assert schedule(14) == schedule(10**12) == 1.0


def test_restarts_end_may_reach_the_last_step_a_float_can_hold() -> None:
    # Cycles of 4, 8, 16, ... end at 4 * (2**1022 - 1), just below 2 ** 1024; one more
    # cycle would end past it (an error row above).
    schedule = cosine_restarts(base_lr=1.0, min_lr=0.0, period=4, t_mult=2, max_cycles=1022)
    assert schedule.length == 2**1024 - 4
    assert schedule(2**1024 - 4) == schedule(10**400) == 0.0


def _smith(low: float, high: float, half: int, step: int) -> float:
    """Smith's formula as printed, in exact rational arithmetic.

    (PyTorch's CyclicLR evaluates it in floats, which drifts by about 1e-11 at step
    10**5: step / half loses the digits that tell where in the cycle the step is.)
    """
    cycle = (step + 2 * half) // (2 * half)
    x = abs(Fraction(step, half) - 2 * cycle + 1)
    return float(Fraction(low) + (Fraction(high) - Fraction(low)) * max(Fraction(0), 1 - x))


@given(triangulars, st.integers(min_value=0, max_value=10**6))
def test_triangular_matches_smiths_formula(schedule: Schedule, step: int) -> None:
    params = schedule.params
    expected = _smith(params["min_lr"], params["max_lr"], params["step_size"], step)
    scale = max(abs(params["min_lr"]), abs(params["max_lr"]), 1e-300)
    assert schedule(step) == pytest.approx(expected, rel=1e-12, abs=1e-12 * scale)


@given(st.one_of(triangulars, triangular2s, exp_ranges), steps)
def test_cycles_start_on_min_lr_and_stay_in_range(schedule: Schedule, step: int) -> None:
    params = schedule.params
    period = 2 * params["step_size"]
    low, high = sorted((params["min_lr"], params["max_lr"]))
    assert schedule(step - step % period) == params["min_lr"]
    assert low <= schedule(step) <= high


@given(st.one_of(triangulars, triangular2s))
def test_cycle_peaks(schedule: Schedule) -> None:
    params = schedule.params
    half, low, high = params["step_size"], params["min_lr"], params["max_lr"]
    halving = schedule.name == "triangular2"
    assert schedule(half) == high  # the first peak is max_lr exactly
    for cycle in range(1, 4):
        peak = schedule((2 * cycle + 1) * half)
        expected = low + (high - low) / 2**cycle if halving else high
        # Both forms round at the scale of the larger end, not of the peak itself.
        assert peak == pytest.approx(expected, abs=1e-15 * max(abs(low), abs(high), 1e-300))
