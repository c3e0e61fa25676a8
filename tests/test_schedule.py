"""Tests of the Schedule object: steps, repr, equality, hashing, pickling and copying."""

from __future__ import annotations

import copy
import math
import pickle
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

import schedkit
from schedkit import (
    Schedule,
    ScheduleError,
    constant,
    cosine,
    linear,
    multi_step,
    sequential,
    with_warmup,
)
from schedkit import _registry as registry
from strategies import COMBINATORS, FACTORIES, OVERRIDES, schedules, small_steps

WARM_COSINE = with_warmup(
    cosine(base_lr=0.001, min_lr=1e-05, total_steps=900), warmup_steps=100, start_lr=0.0
)


def _value_or_error(schedule: Schedule, step: int) -> float | str:
    try:
        return schedule(step)
    except ScheduleError as error:
        return str(error)


def test_repr_reads_as_the_call() -> None:
    assert repr(WARM_COSINE) == (
        "with_warmup(cosine(base_lr=0.001, min_lr=1e-05, total_steps=900), "
        "warmup_steps=100, start_lr=0.0)"
    )
    assert repr(multi_step(base_lr=1, milestones=(60, 30), gamma=0.1)) == (
        "multi_step(base_lr=1.0, milestones=[30, 60], gamma=0.1)"
    )
    assert repr(sequential([(10, constant(lr=1.0))])) == "sequential([(10, constant(lr=1.0))])"


@given(schedules)
def test_repr_evaluates_to_an_equal_schedule(schedule: Schedule) -> None:
    namespace: dict[str, object] = {}
    exec("from schedkit import *", namespace)
    # The framework equivalents read as compat.<framework>.<name>(...).
    exec("from schedkit import compat", namespace)
    rebuilt = eval(repr(schedule), namespace)
    assert rebuilt == schedule
    assert hash(rebuilt) == hash(schedule)
    assert repr(rebuilt) == repr(schedule)


@given(schedules)
def test_every_schedule_is_slotted(schedule: Schedule) -> None:
    assert not hasattr(schedule, "__dict__")
    with pytest.raises(AttributeError):
        schedule.anything = 1


@given(schedules, small_steps)
def test_pickle_copy_and_deepcopy_round_trip(schedule: Schedule, step: int) -> None:
    for clone in (
        pickle.loads(pickle.dumps(schedule)),
        pickle.loads(pickle.dumps(schedule, protocol=0)),
        copy.copy(schedule),
        copy.deepcopy(schedule),
    ):
        assert clone == schedule
        assert hash(clone) == hash(schedule)
        assert _value_or_error(clone, step) == _value_or_error(schedule, step)


@given(schedules, small_steps)
def test_a_schedule_is_a_pure_function_of_the_step(schedule: Schedule, step: int) -> None:
    first = _value_or_error(schedule, step)
    for other in (step + 1, 0, step * 2 + 3):
        _value_or_error(schedule, other)
    assert _value_or_error(schedule, step) == first


# ---------------------------------------------------------------- every registered factory
# The property tests above draw from the catalog, which holds a strategy per registered
# factory; a factory whose strategy is missing or never succeeds would drop out of them.


def test_every_registered_factory_has_a_strategy() -> None:
    names = registry.names()
    missing = [name for name in names if name not in FACTORIES]
    assert not missing, f"no strategy in tests/strategies.py for {', '.join(missing)}"
    # A hand-written strategy left under an old name would be silently unused.
    stale = [name for name in [*OVERRIDES, *COMBINATORS] if name not in names]
    assert not stale, f"strategies for factories not registered: {', '.join(stale)}"


@pytest.mark.parametrize("name", registry.names())
def test_each_factorys_strategy_makes_its_schedules(name: str) -> None:
    if name not in FACTORIES:
        pytest.fail(f"{name}: no strategy in tests/strategies.py")

    # Some draws are refused and rejected; only a strategy that never succeeds fails.
    @settings(max_examples=5, suppress_health_check=[HealthCheck.filter_too_much])
    @given(FACTORIES[name])
    def makes(schedule: Schedule) -> None:
        assert isinstance(schedule, Schedule)
        assert schedule.name == name, f"{name}: its strategy made {schedule!r}"

    try:
        makes()
    except Unsatisfiable:
        pytest.fail(f"{name}: its strategy never produced a schedule (every draw was rejected)")


def _slot_names(schedule: Schedule) -> set[str]:
    names: set[str] = set()
    for klass in type(schedule).__mro__:
        slots = vars(klass).get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            # A slot spelled __x is stored as _Class__x.
            private = slot.startswith("__") and not slot.endswith("__")
            names.add(f"_{klass.__name__.lstrip('_')}{slot}" if private else slot)
    return names


def _observed(schedule: Schedule, step: int) -> tuple[object, ...]:
    ends = [] if schedule.length is None else [schedule.length, schedule.length + 1]
    return (
        repr(schedule),
        schedule.params,
        schedule.length,
        hash(schedule),
        [_value_or_error(schedule, at) for at in (0, 1, step, *ends)],
    )


@pytest.mark.parametrize("name", registry.names())
@settings(max_examples=10)
@given(data=st.data(), step=small_steps)
def test_no_attribute_of_a_schedule_can_be_set_or_deleted(
    name: str, data: st.DataObject, step: int
) -> None:
    schedule = data.draw(FACTORIES[name])
    before = _observed(schedule, step)
    twin = pickle.loads(pickle.dumps(schedule))
    # Every slot of the class and its bases, the public properties, a slot some
    # classes have, and a name no schedule has.
    names = _slot_names(schedule) | {"_total", "name", "params", "length", "not_an_attribute"}
    for attribute in sorted(names):
        with pytest.raises(AttributeError):
            setattr(schedule, attribute, 5)
        with pytest.raises(AttributeError):
            delattr(schedule, attribute)
    assert not hasattr(schedule, "not_an_attribute")
    assert _observed(schedule, step) == before
    assert schedule == twin


def test_a_pickle_crosses_into_another_process() -> None:
    code = (
        "import pickle, sys; schedule = pickle.load(sys.stdin.buffer); print(repr(schedule(150)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=pickle.dumps(WARM_COSINE),
        capture_output=True,
        check=True,
    )
    assert float(result.stdout) == WARM_COSINE(150)


def test_equality_and_hashing() -> None:
    same = cosine(base_lr=1, min_lr=0, total_steps=10)
    assert same == cosine(base_lr=1.0, min_lr=0.0, total_steps=10)
    assert same != cosine(base_lr=1.0, min_lr=0.0, total_steps=11)
    assert same != linear(base_lr=1.0, end_lr=0.0, total_steps=10)
    assert same != "cosine(base_lr=1.0, min_lr=0.0, total_steps=10)"
    assert len({same, cosine(base_lr=1.0, min_lr=0.0, total_steps=10), WARM_COSINE}) == 2
    # Sequence parameters compare by value, whatever container they came in.
    assert multi_step(base_lr=1.0, milestones=[3, 1], gamma=0.5) == multi_step(
        base_lr=1.0, milestones=(1, 3), gamma=0.5
    )


def test_name_params_and_length() -> None:
    assert WARM_COSINE.name == "with_warmup"
    params = WARM_COSINE.params
    assert params == {
        "schedule": cosine(base_lr=0.001, min_lr=1e-05, total_steps=900),
        "warmup_steps": 100,
        "start_lr": 0.0,
        "shape": "linear",
    }
    params["warmup_steps"] = 5  # a copy: the schedule is unchanged
    assert WARM_COSINE.params["warmup_steps"] == 100
    assert WARM_COSINE.length == 1000
    # Parameters are normalized: reals to float, counts to int.
    numpy = pytest.importorskip("numpy")
    normalized = cosine(base_lr=numpy.float32(0.5), min_lr=0, total_steps=numpy.int64(10))
    assert normalized.params == {"base_lr": 0.5, "min_lr": 0.0, "total_steps": 10}
    assert [type(value) for value in normalized.params.values()] == [float, float, int]


def test_schedules_are_immutable() -> None:
    schedule = cosine(base_lr=1.0, min_lr=0.0, total_steps=10)
    with pytest.raises(AttributeError):
        schedule.base_lr = 2.0
    with pytest.raises(AttributeError):
        schedule.name = "linear"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        schedule.length = 3  # type: ignore[misc]
    assert not hasattr(schedule, "__dict__")


def test_public_names() -> None:
    assert schedkit.__all__ == sorted(schedkit.__all__)
    assert schedkit.schedules.__all__ == sorted(schedkit.schedules.__all__)
    assert schedkit.compose.__all__ == sorted(schedkit.compose.__all__)
    assert schedkit.config.__all__ == sorted(schedkit.config.__all__)
    exported = (
        set(schedkit.schedules.__all__)
        | set(schedkit.compose.__all__)
        | set(schedkit.config.__all__)
    )
    errors = {"ScheduleError", "ScheduleTypeError"}
    assert exported | {"GroupSchedule", "Schedule", *errors} == set(schedkit.__all__)
    assert repr(Schedule) == "<class 'schedkit.Schedule'>"
    assert repr(schedkit.ConfigError) == "<class 'schedkit.ConfigError'>"
    assert repr(schedkit.GroupSchedule) == "<class 'schedkit.GroupSchedule'>"
    assert repr(schedkit.ScheduleTypeError) == "<class 'schedkit.ScheduleTypeError'>"
    assert issubclass(ScheduleError, ValueError)
    assert issubclass(schedkit.ScheduleTypeError, TypeError)
    assert schedkit.__version__ == "0.1.0"


# Steps: anything operator.index accepts, except a bool.
def test_numpy_integers_are_steps() -> None:
    numpy = pytest.importorskip("numpy")
    for kind in (numpy.int8, numpy.int32, numpy.int64, numpy.uint16, numpy.uint64):
        assert WARM_COSINE(kind(100)) == WARM_COSINE(100) == 0.001
    assert WARM_COSINE(numpy.array(50)) == WARM_COSINE(50)


def test_torch_integer_tensors_are_steps() -> None:
    torch = pytest.importorskip("torch")
    assert WARM_COSINE(torch.tensor(100)) == 0.001
    assert WARM_COSINE(torch.tensor(50, dtype=torch.int32)) == WARM_COSINE(50)
    with pytest.raises(TypeError, match=r"^with_warmup: step must be an integer, got step="):
        WARM_COSINE(torch.tensor(1.5))
    with pytest.raises(TypeError, match=r"^with_warmup: step must be an integer, got .* \(bool\)$"):
        WARM_COSINE(torch.tensor(True))
    with pytest.raises(ScheduleError, match=r"^with_warmup: step must be a non-negative integer"):
        WARM_COSINE(torch.tensor(-3))


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (1.5, r"^cosine: step must be an integer, got step=1.5 \(float\)$"),
        (2.0, r"^cosine: step must be an integer, got step=2.0 \(float\)$"),
        (True, r"^cosine: step must be an integer, got step=True \(bool\)$"),
        (False, r"^cosine: step must be an integer, got step=False \(bool\)$"),
        ("3", r"^cosine: step must be an integer, got step='3' \(str\)$"),
        (None, r"^cosine: step must be an integer, got step=None \(NoneType\)$"),
        (math.nan, r"^cosine: step must be an integer, got step=nan \(float\)$"),
    ],
)
def test_steps_of_the_wrong_kind(step: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        cosine(base_lr=1.0, min_lr=0.0, total_steps=10)(step)  # type: ignore[call-overload]


def test_numpy_booleans_and_floats_are_not_steps() -> None:
    numpy = pytest.importorskip("numpy")
    schedule = cosine(base_lr=1.0, min_lr=0.0, total_steps=10)
    with pytest.raises(TypeError, match=r"^cosine: step must be an integer, got .* \(bool\)$"):
        schedule(numpy.bool_(True))
    with pytest.raises(TypeError, match=r"^cosine: step must be an integer, got .* \(float64\)$"):
        schedule(numpy.float64(3.0))


@pytest.mark.parametrize("step", [-1, -(2**70)])
def test_negative_steps(step: int) -> None:
    with pytest.raises(
        ScheduleError, match=rf"^with_warmup: step must be a non-negative integer, got step={step}$"
    ):
        WARM_COSINE(step)


def test_huge_steps() -> None:
    assert WARM_COSINE(2**63) == 1e-05
    assert WARM_COSINE(10**400) == 1e-05
