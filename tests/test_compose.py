"""Tests of the combinators: warmup, sequencing and sampling."""

from __future__ import annotations

import copy
import math
import pickle

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import schedkit._schedule
from schedkit import (
    GroupSchedule,
    Schedule,
    ScheduleError,
    clip,
    constant,
    cosine,
    exponential,
    linear,
    per_epoch,
    product,
    sample,
    scale,
    scale_by_group,
    sequential,
    step_decay,
    with_warmup,
)
from strategies import counts, finite_schedules, group_schedules, schedules, small_steps, values

ROOT2 = math.sqrt(2.0)
COSINE = cosine(base_lr=1.0, min_lr=0.0, total_steps=4)


# === Joining schedules in time ===


# with_warmup(cosine(1 -> 0 over 4), warmup_steps=2, start_lr=0.5), worked out by hand.
@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (0, 0.5),  # start_lr
        (1, 0.75),  # halfway up the warmup
        (2, 1.0),  # the handoff: the cosine's step 0
        (3, 0.5 + ROOT2 / 4),  # the cosine's step 1, cos(pi/4)
        (4, 0.5),  # the cosine's step 2
        (6, 0.0),  # the cosine's end, at warmup + total_steps
        (10**9, 0.0),  # held
    ],
)
def test_with_warmup_reference(step: int, expected: float) -> None:
    schedule = with_warmup(COSINE, warmup_steps=2, start_lr=0.5)
    assert schedule(step) == pytest.approx(expected, rel=1e-15, abs=1e-300)


@given(schedules, counts, values, small_steps)
def test_with_warmup_hands_off_to_the_inner_schedule(
    inner: Schedule, warmup: int, start: float, step: int
) -> None:
    schedule = with_warmup(inner, warmup_steps=warmup, start_lr=start)
    assert schedule(0) == start
    assert schedule(warmup) == inner(0)
    try:
        expected = inner(step)
    except ScheduleError:
        return
    assert schedule(warmup + step) == expected


@given(schedules, counts, values, st.data())
def test_warmup_ramp_is_monotone_and_bounded(
    inner: Schedule, warmup: int, start: float, data: st.DataObject
) -> None:
    schedule = with_warmup(inner, warmup_steps=warmup, start_lr=start)
    step = data.draw(st.integers(min_value=0, max_value=warmup - 1))
    low, high = sorted((start, inner(0)))
    first, second = schedule(step), schedule(step + 1)
    assert low <= first <= high
    assert (first <= second) if start <= inner(0) else (first >= second)


def test_with_warmup_length() -> None:
    assert with_warmup(COSINE, warmup_steps=3, start_lr=0.0).length == 7
    unbounded = exponential(base_lr=1.0, gamma=0.5)
    assert with_warmup(unbounded, warmup_steps=3, start_lr=0.0).length is None


# sequential([(2, constant 3), (4, linear 1 -> 0 over 4)]), worked out by hand.
@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (0, 3.0),  # first phase
        (1, 3.0),  # its last step
        (2, 1.0),  # the boundary belongs to the next phase, at its step 0
        (3, 0.75),  # the linear's step 1
        (5, 0.25),  # the linear's step 3, the last of the phase
        (6, 0.0),  # past the end: the last phase held at its own step 4
        (10**12, 0.0),  # still held
    ],
)
def test_sequential_reference(step: int, expected: float) -> None:
    schedule = sequential(
        [(2, constant(lr=3.0)), (4, linear(base_lr=1.0, end_lr=0.0, total_steps=4))]
    )
    assert schedule(step) == expected


def test_sequential_holds_a_truncated_last_phase_where_it_stops() -> None:
    # The last phase runs 2 of its schedule's 4 steps; its value at its step 2 is held.
    schedule = sequential([(2, linear(base_lr=1.0, end_lr=0.0, total_steps=4))])
    assert [schedule(step) for step in range(5)] == [1.0, 0.75, 0.5, 0.5, 0.5]
    assert schedule.length == 2


@given(st.lists(st.tuples(counts, schedules), min_size=1, max_size=5), small_steps)
def test_sequential_gives_each_phase_its_local_step(
    phases: list[tuple[int, Schedule]], step: int
) -> None:
    try:
        schedule = sequential(phases)
    except ScheduleError:
        return  # a growing last phase that overflows at its end is refused
    assert schedule.length == sum(duration for duration, _ in phases)
    start = 0
    for duration, phase in phases:
        local = step - start
        if 0 <= local < duration:
            try:
                expected = phase(local)
            except ScheduleError:
                return
            assert schedule(step) == expected
            return
        start += duration
    last_duration, last = phases[-1]
    assert schedule(step) == last(last_duration)


def test_nested_composites() -> None:
    inner = sequential(
        [
            (3, linear(base_lr=0.0, end_lr=1.0, total_steps=3)),
            (4, cosine(base_lr=1.0, min_lr=0.0, total_steps=4)),
        ]
    )
    schedule = with_warmup(
        sequential([(5, inner), (2, constant(lr=7.0))]), warmup_steps=2, start_lr=-1.0
    )
    assert schedule.length == 2 + 5 + 2
    expected = [-1.0, -0.5, 0.0, 1 / 3, 2 / 3, 1.0, 0.5 + ROOT2 / 4, 7.0, 7.0, 7.0, 7.0]
    assert [schedule(step) for step in range(11)] == pytest.approx(expected, rel=1e-15)


def test_a_composite_checks_the_step_once(monkeypatch: pytest.MonkeyPatch) -> None:
    numpy = pytest.importorskip("numpy")
    calls = []
    original = schedkit._validate.step

    def counting(owner: str, step: object) -> int:
        calls.append(owner)
        return original(owner, step)

    monkeypatch.setattr(schedkit._validate, "step", counting)
    schedule = with_warmup(
        sequential([(5, COSINE), (5, with_warmup(COSINE, warmup_steps=1, start_lr=0.0))]),
        warmup_steps=3,
        start_lr=0.0,
    )
    assert schedule(numpy.int64(9)) == schedule(9)
    assert calls == ["with_warmup"]


# Every error path of the combinators that join schedules.
@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: with_warmup(lambda step: 0.1, warmup_steps=5, start_lr=0.0),  # type: ignore[arg-type]
            TypeError,
            r"^with_warmup: schedule must be a Schedule made by a schedkit factory, "
            r"got schedule=<function .*> \(function\)$",
        ),
        (
            lambda: with_warmup(COSINE, warmup_steps=0, start_lr=0.0),
            ScheduleError,
            r"^with_warmup: warmup_steps must be a positive integer, got warmup_steps=0$",
        ),
        (
            lambda: with_warmup(COSINE, warmup_steps=2.5, start_lr=0.0),  # type: ignore[arg-type]
            TypeError,
            r"^with_warmup: warmup_steps must be an integer, got warmup_steps=2.5 \(float\)$",
        ),
        (
            lambda: with_warmup(COSINE, warmup_steps=5, start_lr=None),  # type: ignore[arg-type]
            TypeError,
            r"^with_warmup: start_lr must be a real number, got start_lr=None \(NoneType\)$",
        ),
        (
            lambda: with_warmup(COSINE, warmup_steps=5, start_lr=math.nan),
            ScheduleError,
            r"^with_warmup: start_lr must be a finite number, got start_lr=nan$",
        ),
        (
            lambda: with_warmup(constant(lr=1e308), warmup_steps=5, start_lr=-1e308),
            ScheduleError,
            r"^with_warmup: start_lr - schedule\(0\) must be a finite number, "
            r"got start_lr=-1e\+308, schedule\(0\)=1e\+308$",
        ),
        (
            lambda: sequential([]),
            ScheduleError,
            r"^sequential: phases must hold at least one phase, got phases=\[\]$",
        ),
        (
            lambda: sequential(5),  # type: ignore[arg-type]
            TypeError,
            r"^sequential: phases must be a sequence of \(duration, schedule\) pairs, "
            r"got phases=5 \(int\)$",
        ),
        (
            lambda: sequential([(5, COSINE), COSINE]),  # type: ignore[list-item]
            TypeError,
            r"^sequential: phases\[1\] must be a \(duration, schedule\) pair, "
            r"got phases\[1\]=cosine\(.*\) \(Schedule\)$",
        ),
        (
            lambda: sequential([(5, COSINE, 1)]),  # type: ignore[list-item]
            TypeError,
            r"^sequential: phases\[0\] must be a \(duration, schedule\) pair",
        ),
        (
            lambda: sequential([(5, COSINE), (0, COSINE)]),
            ScheduleError,
            r"^sequential: phases\[1\]\[0\] must be a positive integer, got phases\[1\]\[0\]=0$",
        ),
        (
            lambda: sequential([(True, COSINE)]),
            TypeError,
            r"^sequential: phases\[0\]\[0\] must be an integer, "
            r"got phases\[0\]\[0\]=True \(bool\)$",
        ),
        (
            lambda: sequential([(5, "cosine")]),  # type: ignore[list-item]
            TypeError,
            r"^sequential: phases\[0\]\[1\] must be a Schedule made by a schedkit factory, "
            r"got phases\[0\]\[1\]='cosine' \(str\)$",
        ),
        (
            lambda: sequential([(10**4, exponential(base_lr=1.0, gamma=2.0))]),
            ScheduleError,
            r"^sequential: the last phase must have a finite value at its end, got "
            r"phases\[-1\]=\(10000, exponential\(base_lr=1.0, gamma=2.0\)\), whose value "
            r"overflows a float at step 10000$",
        ),
        (
            lambda: sample(COSINE, num_steps=0),
            ScheduleError,
            r"^sample: num_steps must be a positive integer, got num_steps=0$",
        ),
        (
            lambda: sample(COSINE, num_steps=1.0),  # type: ignore[arg-type]
            TypeError,
            r"^sample: num_steps must be an integer, got num_steps=1.0 \(float\)$",
        ),
        (
            lambda: sample(abs, num_steps=3),  # type: ignore[arg-type]
            TypeError,
            r"^sample: schedule must be a Schedule made by a schedkit factory",
        ),
    ],
)
def test_errors(call: object, error: type[Exception], message: str) -> None:
    assert callable(call)
    with pytest.raises(error, match=message):
        call()


def test_sequential_accepts_lists_as_pairs() -> None:
    as_lists = sequential([[2, COSINE], [3, COSINE]])  # type: ignore[list-item]
    assert as_lists == sequential([(2, COSINE), (3, COSINE)])
    assert repr(as_lists) == f"sequential([(2, {COSINE!r}), (3, {COSINE!r})])"


# === Changing the value, the step or the groups ===


LINE = linear(base_lr=1.0, end_lr=0.0, total_steps=4)


@pytest.mark.parametrize(
    ("schedule", "step", "expected"),
    [
        (scale(LINE, factor=-2.0), 1, -1.5),  # -2 * 0.75
        (scale(LINE, factor=0.0), 0, 0.0),  # a zero factor
        (product(constant(lr=2.0), linear(base_lr=0.0, end_lr=1.0, total_steps=4)), 1, 0.5),
        (product(LINE, LINE, LINE), 2, 0.125),  # 0.5 ** 3
        (clip(linear(base_lr=0.0, end_lr=10.0, total_steps=10), min_value=2.0), 0, 2.0),
        (clip(linear(base_lr=0.0, end_lr=10.0, total_steps=10), max_value=8.0), 9, 8.0),
        (clip(linear(base_lr=0.0, end_lr=10.0, total_steps=10), min_value=2, max_value=8), 5, 5.0),
        (per_epoch(step_decay(base_lr=1.0, gamma=0.5, step_size=2), steps_per_epoch=3), 5, 1.0),
        (per_epoch(step_decay(base_lr=1.0, gamma=0.5, step_size=2), steps_per_epoch=3), 6, 0.5),
        (with_warmup(constant(lr=1.0), warmup_steps=4, start_lr=0.0, shape="cosine"), 1,
         0.5 - ROOT2 / 4),  # (1 - cos(pi/4)) / 2
        (with_warmup(constant(lr=1.0), warmup_steps=4, start_lr=0.0, shape="cosine"), 2, 0.5),
        (with_warmup(constant(lr=1.0), warmup_steps=2, start_lr=0.01, shape="exponential"), 1,
         0.1),  # the geometric mean of 0.01 and 1
    ],
)  # fmt: skip
def test_combinator_reference(schedule: Schedule, step: int, expected: float) -> None:
    assert schedule(step) == pytest.approx(expected, rel=1e-15, abs=1e-300)


def test_combinator_lengths() -> None:
    assert scale(LINE, factor=3.0).length == 4
    assert product(LINE, cosine(base_lr=1.0, min_lr=0.0, total_steps=9)).length == 9
    assert product(LINE, constant(lr=1.0)).length is None
    assert clip(LINE, min_value=0.5).length == 4
    assert per_epoch(LINE, steps_per_epoch=10).length == 40
    assert per_epoch(constant(lr=1.0), steps_per_epoch=10).length is None


def test_product_repr_spreads_its_schedules() -> None:
    schedule = product(constant(lr=2.0), LINE)
    assert repr(schedule) == f"product(constant(lr=2.0), {LINE!r})"
    assert schedule.params == {"schedules": (constant(lr=2.0), LINE)}
    assert pickle.loads(pickle.dumps(schedule)) == schedule


@given(schedules, st.floats(min_value=-1e3, max_value=1e3), small_steps)
def test_scale_multiplies(inner: Schedule, factor: float, step: int) -> None:
    try:
        expected = factor * inner(step)
    except ScheduleError:
        return
    assume(math.isfinite(expected))
    assert scale(inner, factor=factor)(step) == expected


@given(st.lists(schedules, min_size=1, max_size=4), small_steps)
def test_product_multiplies(parts: list[Schedule], step: int) -> None:
    try:
        factors = [part(step) for part in parts]
    except ScheduleError:
        return
    expected = math.prod(factors)
    assume(math.isfinite(expected))
    assert product(*parts)(step) == expected


@given(schedules, values, values, small_steps)
def test_clip_bounds(inner: Schedule, first: float, second: float, step: int) -> None:
    low, high = sorted((first, second))
    try:
        raw = inner(step)
    except ScheduleError:
        return
    assert clip(inner, min_value=low, max_value=high)(step) == min(max(raw, low), high)
    assert clip(inner, min_value=low)(step) == max(raw, low)
    assert clip(inner, max_value=high)(step) == min(raw, high)


@given(schedules, counts, small_steps)
def test_per_epoch_changes_only_at_epoch_boundaries(inner: Schedule, per: int, step: int) -> None:
    schedule = per_epoch(inner, steps_per_epoch=per)
    epoch_start = step - step % per
    try:
        expected = inner(step // per)
    except ScheduleError:
        return
    assert schedule(step) == schedule(epoch_start) == expected


def test_overflow_in_a_combinator_is_a_clear_error() -> None:
    grows = exponential(base_lr=1.0, gamma=2.0)
    assert scale(grows, factor=2.0)(1022) == 2.0**1023
    with pytest.raises(
        ScheduleError, match=r"^scale: the value overflows a float at step=1023 in scale\("
    ):
        scale(grows, factor=2.0)(1023)
    with pytest.raises(ScheduleError, match=r"^product: the value overflows a float at step=600"):
        product(grows, grows)(600)


def test_scale_by_group() -> None:
    groups = scale_by_group(LINE, multipliers={"head": 2.0, "backbone": 0.5})
    assert groups(2) == {"head": 1.0, "backbone": 0.25}
    assert groups(10**9) == {"head": 0.0, "backbone": 0.0}
    assert isinstance(groups, GroupSchedule)
    assert not isinstance(groups, Schedule)
    assert groups.length == 4
    assert groups.name == "scale_by_group"
    assert repr(groups) == f"scale_by_group({LINE!r}, multipliers={{'head': 2.0, 'backbone': 0.5}})"
    # Equality ignores the order of the groups, as dicts do.
    same = scale_by_group(LINE, multipliers={"backbone": 0.5, "head": 2})
    assert same == groups
    assert hash(same) == hash(groups)
    for clone in (pickle.loads(pickle.dumps(groups)), copy.deepcopy(groups)):
        assert clone == groups
        assert clone(1) == groups(1)
    # The caller's dict is copied: changing it later changes nothing.
    multipliers = {"head": 1.0}
    frozen = scale_by_group(LINE, multipliers=multipliers)
    multipliers["head"] = 5.0
    assert frozen(0) == {"head": 1.0}
    returned = frozen(0)
    returned["head"] = 9.0
    assert frozen(0) == {"head": 1.0}
    numpy = pytest.importorskip("numpy")
    assert groups(numpy.int64(2)) == groups(2)


@given(group_schedules, small_steps)
def test_group_schedules_scale_the_base(groups: GroupSchedule, step: int) -> None:
    params = groups.params
    namespace: dict[str, object] = {}
    exec("from schedkit import *", namespace)
    # A group schedule may wrap a framework's schedule, whose repr names compat.
    exec("from schedkit import compat", namespace)
    assert eval(repr(groups), namespace) == groups
    assert pickle.loads(pickle.dumps(groups)) == groups
    try:
        base = params["schedule"](step)
        values = groups(step)
    except ScheduleError:
        return
    assert values == {name: base * m for name, m in params["multipliers"].items()}


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: scale(LINE, factor=math.inf), ScheduleError,
         r"^scale: factor must be a finite number, got factor=inf$"),
        (lambda: scale(0.5, factor=2.0), TypeError,  # type: ignore[arg-type]
         r"^scale: schedule must be a Schedule made by a schedkit factory, got schedule=0.5 \(float\)$"),
        (product, TypeError, r"^product: expected at least one schedule, got none$"),
        (lambda: product(LINE, 2.0), TypeError,  # type: ignore[arg-type]
         r"^product: schedules\[1\] must be a Schedule made by a schedkit factory, got schedules\[1\]=2.0 \(float\)$"),
        (lambda: clip(LINE), TypeError, r"^clip: expected min_value, max_value or both, got neither$"),
        (lambda: clip(LINE, min_value=1.0, max_value=0.5), ScheduleError,
         r"^clip: min_value must be at most max_value, got min_value=1.0, max_value=0.5$"),
        (lambda: clip(LINE, min_value="0"), TypeError,  # type: ignore[arg-type]
         r"^clip: min_value must be a real number, got min_value='0' \(str\)$"),
        (lambda: per_epoch(LINE, steps_per_epoch=0), ScheduleError,
         r"^per_epoch: steps_per_epoch must be a positive integer, got steps_per_epoch=0$"),
        (lambda: with_warmup(LINE, warmup_steps=5, start_lr=0.0, shape="cos"),  # type: ignore[arg-type]
         ScheduleError,
         r"^with_warmup: shape must be one of 'linear', 'cosine', 'exponential', got shape='cos'$"),
        (lambda: with_warmup(LINE, warmup_steps=5, start_lr=0.0, shape="exponential"), ScheduleError,
         r"^with_warmup: start_lr must be a positive number, got start_lr=0.0$"),
        (lambda: with_warmup(scale(LINE, factor=-1.0), warmup_steps=5, start_lr=0.1, shape="exponential"),
         ScheduleError, r"^with_warmup: schedule\(0\) must be a positive number, got schedule\(0\)=-1.0$"),
        (lambda: scale_by_group(LINE, multipliers={}), ScheduleError,
         r"^scale_by_group: multipliers must name at least one group, got multipliers=\{\}$"),
        (lambda: scale_by_group(LINE, multipliers=[("a", 1.0)]), TypeError,  # type: ignore[arg-type]
         r"^scale_by_group: multipliers must be a mapping of group name to number, got multipliers=\[\('a', 1.0\)\] \(list\)$"),
        (lambda: scale_by_group(LINE, multipliers={"a": 0.0}), ScheduleError,
         r"^scale_by_group: multipliers\['a'\] must be a positive number, got multipliers\['a'\]=0.0$"),
        (lambda: scale_by_group(LINE, multipliers={"a": math.nan}), ScheduleError,
         r"^scale_by_group: multipliers\['a'\] must be a finite number, got multipliers\['a'\]=nan$"),
        (lambda: scale_by_group(LINE, multipliers={1: 1.0}), TypeError,  # type: ignore[dict-item]
         r"^scale_by_group: multipliers must have group names as keys, got the key 1 \(int\)$"),
    ],
)  # fmt: skip
def test_combinator_errors(call: object, error: type[Exception], message: str) -> None:
    assert callable(call)
    with pytest.raises(error, match=message):
        call()


# === Evaluating ===


def test_sample_matches_calls() -> None:
    schedule = with_warmup(COSINE, warmup_steps=2, start_lr=0.0)
    values = sample(schedule, num_steps=8)
    assert values == [schedule(step) for step in range(8)]
    assert all(type(value) is float for value in values)
    assert sample(constant(lr=2), num_steps=1) == [2.0]


@given(finite_schedules)
def test_sample_of_length_plus_one_ends_on_the_end_value(schedule: Schedule) -> None:
    length = schedule.length
    assert length is not None
    values = sample(schedule, num_steps=min(length, 5000) + 1)
    assert values[0] == schedule(0)
    if length <= 5000:
        assert values[-1] == schedule(length)
