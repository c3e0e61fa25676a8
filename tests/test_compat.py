"""schedkit.compat: the Schedule promises for every framework equivalent, and its
errors. Their values are checked against the real frameworks in tests/conformance."""

from __future__ import annotations

import copy
import inspect
import pickle
import re
import subprocess
import sys
from typing import Any

import pytest

import schedkit
from schedkit import ScheduleError, ScheduleTypeError, compat
from schedkit._validate import factory_name
from schedkit.compat import keras, noether, optax, timm, torch, transformers

EXAMPLES = [
    torch.step_lr(base_lr=0.1, step_size=3),
    torch.multi_step_lr(base_lr=0.1, milestones=[5, 2, 5]),
    torch.constant_lr(base_lr=0.1),
    torch.linear_lr(base_lr=0.1, total_iters=4),
    torch.exponential_lr(base_lr=0.1, gamma=0.9),
    torch.polynomial_lr(base_lr=0.1, power=2.0),
    torch.cosine_annealing_lr(base_lr=0.1, T_max=10, eta_min=0.01),
    torch.cosine_annealing_warm_restarts(base_lr=0.1, T_0=3, T_mult=2),
    torch.cyclic_lr(base_lr=0.01, max_lr=0.1, step_size_up=4, mode="exp_range", gamma=0.99),
    torch.one_cycle_lr(max_lr=0.1, total_steps=50, three_phase=True),
    torch.sequential_lr(
        schedulers=[torch.constant_lr(base_lr=0.1), torch.exponential_lr(base_lr=0.1, gamma=0.5)],
        milestones=[5],
    ),
    torch.chained_scheduler(
        schedulers=[torch.constant_lr(base_lr=0.1), torch.exponential_lr(base_lr=0.1, gamma=0.5)]
    ),
    transformers.get_constant_schedule(base_lr=0.1),
    transformers.get_constant_schedule_with_warmup(base_lr=0.1, num_warmup_steps=3),
    transformers.get_linear_schedule_with_warmup(
        base_lr=0.1, num_warmup_steps=3, num_training_steps=9
    ),
    transformers.get_cosine_schedule_with_warmup(
        base_lr=0.1, num_warmup_steps=3, num_training_steps=9
    ),
    transformers.get_cosine_with_hard_restarts_schedule_with_warmup(
        base_lr=0.1, num_warmup_steps=3, num_training_steps=9, num_cycles=2
    ),
    transformers.get_polynomial_decay_schedule_with_warmup(
        base_lr=0.1, num_warmup_steps=3, num_training_steps=9
    ),
    transformers.get_inverse_sqrt_schedule(base_lr=0.1, num_warmup_steps=3),
    transformers.get_cosine_with_min_lr_schedule_with_warmup(
        base_lr=0.1, num_warmup_steps=3, num_training_steps=9, min_lr=0.01
    ),
    transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
        base_lr=0.1, num_warmup_steps=3, num_training_steps=9, min_lr_rate=0.1
    ),
    transformers.get_wsd_schedule(
        base_lr=0.1, num_warmup_steps=3, num_decay_steps=3, num_training_steps=9
    ),
    optax.constant_schedule(value=0.1),
    optax.polynomial_schedule(init_value=0.1, end_value=0.0, power=2.0, transition_steps=5),
    optax.linear_schedule(init_value=0.1, end_value=0.0, transition_steps=5),
    optax.piecewise_constant_schedule(init_value=0.1, boundaries_and_scales={3: 0.5}),
    optax.exponential_decay(init_value=0.1, transition_steps=3, decay_rate=0.5),
    optax.cosine_decay_schedule(init_value=0.1, decay_steps=5),
    optax.warmup_constant_schedule(init_value=0.0, peak_value=0.1, warmup_steps=3),
    optax.warmup_cosine_decay_schedule(
        init_value=0.0, peak_value=0.1, warmup_steps=3, decay_steps=9
    ),
    optax.warmup_exponential_decay_schedule(
        init_value=0.0, peak_value=0.1, warmup_steps=3, transition_steps=2, decay_rate=0.5
    ),
    optax.sgdr_schedule(
        cosine_kwargs=[{"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 1, "decay_steps": 4}]
    ),
    optax.linear_onecycle_schedule(transition_steps=20, peak_value=0.1),
    optax.cosine_onecycle_schedule(transition_steps=20, peak_value=0.1),
    optax.piecewise_interpolate_schedule(
        interpolate_type="cosine", init_value=0.1, boundaries_and_scales={4: 0.5}
    ),
    optax.join_schedules(schedules=[optax.constant_schedule(value=0.1)] * 2, boundaries=[3]),
    keras.exponential_decay(initial_learning_rate=0.1, decay_steps=3, decay_rate=0.5),
    keras.piecewise_constant_decay(boundaries=[3], values=[0.1, 0.01]),
    keras.polynomial_decay(initial_learning_rate=0.1, decay_steps=5, cycle=True),
    keras.inverse_time_decay(initial_learning_rate=0.1, decay_steps=3, decay_rate=0.5),
    keras.cosine_decay(initial_learning_rate=0.0, decay_steps=5, warmup_target=0.1, warmup_steps=2),
    keras.cosine_decay_restarts(initial_learning_rate=0.1, first_decay_steps=3),
    timm.cosine_lr_scheduler(base_lr=0.1, t_initial=10, warmup_t=2, cycle_limit=2),
    timm.tanh_lr_scheduler(base_lr=0.1, t_initial=10),
    timm.poly_lr_scheduler(base_lr=0.1, t_initial=10),
    timm.step_lr_scheduler(base_lr=0.1, decay_t=3, decay_rate=0.5),
    timm.multi_step_lr_scheduler(base_lr=0.1, decay_t=[3, 6], decay_rate=0.5),
    noether.constant_schedule(value=0.1),
    noether.custom_schedule(values=[0.1, 0.2]),
    noether.linear_increasing_schedule(max_value=0.1, total_steps=10),
    noether.linear_decreasing_schedule(max_value=0.1, total_steps=10),
    noether.cosine_increasing_schedule(max_value=0.1, total_steps=10),
    noether.cosine_decreasing_schedule(max_value=0.1, total_steps=10, overhang_steps=2),
    noether.polynomial_increasing_schedule(max_value=0.1, total_steps=10, power=2.0),
    noether.polynomial_decreasing_schedule(max_value=0.1, total_steps=10, power=2.0),
    noether.step_decreasing_schedule(
        factor=0.5, decreases_interval=0.25, max_value=0.1, total_steps=8
    ),
    noether.step_fixed_schedule(factor=0.5, steps=[0.5], total_steps=8),
    noether.step_interval_schedule(factor=0.5, update_interval=0.5, total_steps=8),
    noether.linear_warmup_cosine_decay_schedule(max_value=0.1, warmup_percent=0.1, total_steps=50),
    noether.sequential_step_schedule(
        schedule_configs=[(noether.linear_decreasing_schedule(max_value=0.1, total_steps=1), 2, 6)],
        total_steps=10,
    ),
    noether.sequential_percent_schedule(
        schedule_configs=[
            (noether.linear_decreasing_schedule(max_value=0.1, total_steps=1), 0.2, None)
        ],
        total_steps=10,
    ),
]


@pytest.mark.parametrize("schedule", EXAMPLES, ids=lambda s: s.name)
def test_every_equivalent_is_a_schedule(schedule: schedkit.Schedule) -> None:
    assert isinstance(schedule, schedkit.Schedule)
    assert schedule.name.startswith("compat.")
    # The repr reads as the call, with the modules reachable from schedkit.compat.
    again = eval(repr(schedule), {"compat": compat})
    assert again == schedule
    assert hash(again) == hash(schedule)
    assert pickle.loads(pickle.dumps(schedule)) == schedule
    assert copy.deepcopy(schedule) is schedule
    values = [schedule(step) for step in (0, 1, 7, 50, 10**6, 2**62)]
    assert all(isinstance(value, float) for value in values)
    assert values == [again(step) for step in (0, 1, 7, 50, 10**6, 2**62)]


def test_module_lists_are_sorted_and_complete() -> None:
    for module in (keras, noether, optax, timm, torch, transformers):
        assert module.__all__ == sorted(module.__all__)
        assert all(callable(getattr(module, name)) for name in module.__all__)
    assert compat.__all__ == sorted(compat.__all__)


def test_no_framework_is_imported() -> None:
    code = (
        "import sys, schedkit.compat; "
        "print(sorted({'torch', 'jax', 'optax', 'keras', 'timm', 'transformers', 'noether'}"
        " & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


ERRORS = [
    # (factory, kwargs, error, message) per row
    (
        torch.step_lr,
        {"base_lr": 0.1, "step_size": 0},
        ScheduleError,
        r"compat\.torch\.step_lr: step_size must be a positive integer, got step_size=0",
    ),
    (
        torch.cosine_annealing_lr,
        {"base_lr": "0.1", "T_max": 3},
        TypeError,
        r"base_lr must be a real number, got base_lr='0.1' \(str\)",
    ),
    (
        torch.linear_lr,
        {"base_lr": 0.1, "start_factor": 0.0},
        ScheduleError,
        r"start_factor must be a number with 0 < start_factor <= 1, got start_factor=0.0",
    ),
    (
        torch.one_cycle_lr,
        {"max_lr": 0.1},
        ScheduleError,
        r"total_steps, or both epochs and steps_per_epoch, must be given",
    ),
    (
        torch.sequential_lr,
        {"schedulers": [torch.constant_lr(base_lr=0.1)], "milestones": [3]},
        ScheduleError,
        r"one boundary fewer than schedules, got 1 boundaries for 1 schedules",
    ),
    (
        torch.chained_scheduler,
        {"schedulers": [torch.cyclic_lr(base_lr=0.0, max_lr=1.0)]},
        ScheduleError,
        r"schedulers\[0\] must be a multiplicative PyTorch schedule",
    ),
    (
        torch.chained_scheduler,
        {"schedulers": [torch.constant_lr(base_lr=0.1), torch.constant_lr(base_lr=0.2)]},
        ScheduleError,
        r"same base_lr, got schedulers\[0\]\.base_lr=0\.1, schedulers\[1\]\.base_lr=0\.2",
    ),
    (
        transformers.get_polynomial_decay_schedule_with_warmup,
        {"base_lr": 1e-8, "num_warmup_steps": 0, "num_training_steps": 5},
        ScheduleError,
        r"lr_end must be less than base_lr, got lr_end=1e-07, base_lr=1e-08",
    ),
    (
        transformers.get_cosine_with_min_lr_schedule_with_warmup,
        {"base_lr": 0.1, "num_warmup_steps": 0, "num_training_steps": 5},
        ScheduleError,
        r"one of min_lr and min_lr_rate must be given",
    ),
    (
        transformers.get_wsd_schedule,
        {"base_lr": 0.1, "num_warmup_steps": 5, "num_decay_steps": 5, "num_training_steps": 8},
        ScheduleError,
        r"num_training_steps must be at least num_warmup_steps \+ num_decay_steps",
    ),
    (
        optax.warmup_cosine_decay_schedule,
        {"init_value": 0.0, "peak_value": 1.0, "warmup_steps": 5, "decay_steps": 5},
        ScheduleError,
        r"decay_steps must be greater than warmup_steps, got decay_steps=5, warmup_steps=5",
    ),
    (
        optax.piecewise_constant_schedule,
        {"init_value": 0.1, "boundaries_and_scales": {3: -1.0}},
        ScheduleError,
        r"boundaries_and_scales\[3\] must be a non-negative number",
    ),
    (
        optax.join_schedules,
        {"schedules": [optax.constant_schedule(value=1.0)] * 2, "boundaries": [3, 1]},
        ScheduleError,
        r"must not decrease",
    ),
    (
        keras.piecewise_constant_decay,
        {"boundaries": [3], "values": [1.0]},
        ScheduleError,
        r"len\(values\) must be len\(boundaries\) \+ 1, got len\(values\)=1, len\(boundaries\)=1",
    ),
    (
        keras.cosine_decay_restarts,
        {"initial_learning_rate": 0.1, "first_decay_steps": 3, "t_mul": 0.5},
        ScheduleError,
        r"t_mul must be a number >= 1",
    ),
    (
        timm.tanh_lr_scheduler,
        {"base_lr": 0.1, "t_initial": 3, "lb": 1.0, "ub": 1.0},
        ScheduleError,
        r"lb must be less than ub, got lb=1.0, ub=1.0",
    ),
    (
        timm.cosine_lr_scheduler,
        {"base_lr": 0.1, "t_initial": 3, "warmup_prefix": 1},
        TypeError,
        r"warmup_prefix must be True or False, got warmup_prefix=1 \(int\)",
    ),
    (
        noether.linear_warmup_cosine_decay_schedule,
        {"max_value": 1.0, "total_steps": 9},
        ScheduleError,
        r"exactly one of warmup_steps and warmup_percent must be given",
    ),
    (
        noether.linear_decreasing_schedule,
        {"max_value": 0.1, "end_value": 0.2, "total_steps": 9},
        ScheduleError,
        r"end_value must be at most max_value, got end_value=0.2, max_value=0.1",
    ),
    (
        noether.cosine_decreasing_schedule,
        {"max_value": 0.1, "total_steps": 9, "overhang_percent": 0.1, "overhang_steps": 1},
        ScheduleError,
        r"only one of overhang_percent and overhang_steps may be given",
    ),
    (
        noether.sequential_step_schedule,
        {"schedule_configs": [(torch.constant_lr(base_lr=0.1), 0, 3)], "total_steps": 9},
        TypeError,
        r"schedule_configs\[0\]\[0\] must be a noether schedule from this module",
    ),
    # noether's messages name the parameters as the user spells them.
    (
        noether.linear_increasing_schedule,
        {"max_value": 1e308, "start_value": -1e308, "total_steps": 9},
        ScheduleError,
        r"^compat\.noether\.linear_increasing_schedule: start_value - max_value must be a "
        r"finite number, got start_value=-1e\+308, max_value=1e\+308$",
    ),
    (
        noether.linear_warmup_cosine_decay_schedule,
        {"max_value": 0.1, "start_value": 0.5, "warmup_steps": 2, "total_steps": 9},
        ScheduleError,
        r"^compat\.noether\.linear_warmup_cosine_decay_schedule: max_value must be at least "
        r"start_value, got max_value=0\.1, start_value=0\.5$",
    ),
    # A value past the float range is refused, not an OverflowError.
    (
        torch.multi_step_lr,
        {"base_lr": 1.0, "milestones": [1, 2], "gamma": 1e308},
        ScheduleError,
        r"^compat\.torch\.multi_step_lr: base_lr \* gamma \*\* len\(milestones\) must be a "
        r"finite number, got base_lr=1\.0, gamma=1e\+308, len\(milestones\)=2$",
    ),
    (
        noether.cosine_decreasing_schedule,
        {"max_value": 0.1, "total_steps": 2, "overhang_percent": 1e308},
        ScheduleError,
        r"^compat\.noether\.cosine_decreasing_schedule: total_steps \* overhang_percent must "
        r"be a finite number, got total_steps=2, overhang_percent=1e\+308$",
    ),
    (
        optax.cosine_onecycle_schedule,
        {"transition_steps": 9, "peak_value": 0.1, "div_factor": 1e-320, "final_div_factor": 1e-9},
        ScheduleError,
        r"^compat\.optax\.cosine_onecycle_schedule: the value at transition_steps must be a "
        r"finite number, got peak_value=0\.1, div_factor=1e-320, final_div_factor=1e-09$",
    ),
    # A power that reaches past the float range by the end is refused when made, where
    # the framework raises at every step, or from the step it overflows.
    (
        timm.cosine_lr_scheduler,
        {"base_lr": 0.1, "t_initial": 22, "k_decay": 230.0},
        ScheduleError,
        r"^compat\.timm\.cosine_lr_scheduler: t_initial \*\* k_decay must be a finite number, "
        r"got t_initial=22, k_decay=230\.0$",
    ),
    (
        noether.step_interval_schedule,
        {"factor": 65536.0, "update_interval": 1 / 64, "total_steps": 1},
        ScheduleError,
        r"^compat\.noether\.step_interval_schedule: start_value \* factor \*\* 64 must be a "
        r"finite number, got start_value=1\.0, factor=65536\.0, update_interval=0\.015625$",
    ),
    (
        noether.step_decreasing_schedule,
        {"factor": 65536.0, "decreases_interval": 1 / 64, "max_value": 1.0, "total_steps": 1},
        ScheduleError,
        r"^compat\.noether\.step_decreasing_schedule: max_value \+ \(1 - factor \*\* 64\) \* "
        r"\(end_value - max_value\) must be a finite number, got max_value=1\.0, "
        r"end_value=0\.0, factor=65536\.0, decreases_interval=0\.015625$",
    ),
]


@pytest.mark.parametrize(("factory", "kwargs", "error", "message"), ERRORS)
def test_errors(factory: object, kwargs: dict[str, object], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        factory(**kwargs)  # type: ignore[operator]


@pytest.mark.parametrize(("factory", "kwargs", "error", "message"), ERRORS)
def test_errors_carry_the_factory_and_the_parameters(
    factory: Any, kwargs: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises((ScheduleError, ScheduleTypeError)) as caught:
        factory(**kwargs)
    name = factory_name(factory)
    assert caught.value.factory == name
    assert str(caught.value) == f"{name}: {caught.value.detail}"
    assert caught.value.params
    accepted = inspect.signature(factory).parameters
    for path in caught.value.params:
        root = re.match(r"[A-Za-z_]\w*", path)
        assert root is not None
        assert root.group() in accepted, path


def test_the_phases_of_a_sequence_and_the_parts_of_a_chain_are_named_by_their_place() -> None:
    with pytest.raises(ScheduleError) as caught:
        torch.chained_scheduler(
            schedulers=[torch.constant_lr(base_lr=0.1), torch.constant_lr(base_lr=0.2)]
        )
    assert caught.value.params == ("schedulers[1].base_lr", "schedulers[0].base_lr")
    with pytest.raises(ScheduleTypeError) as wrong:
        noether.sequential_step_schedule(
            schedule_configs=[(noether.constant_schedule(value=1.0), 0, 3)], total_steps=9
        )
    assert wrong.value.param == "schedule_configs[0][0]"


def test_get_scheduler_errors() -> None:
    with pytest.raises(ScheduleError, match=r"'reduce_lr_on_plateau' follows a metric"):
        transformers.get_scheduler("reduce_lr_on_plateau", base_lr=0.1)
    with pytest.raises(ScheduleError, match=r"name must be one of 'constant'"):
        transformers.get_scheduler("cosine_annealing", base_lr=0.1)
    with pytest.raises(ScheduleError, match=r"'cosine' requires num_warmup_steps"):
        transformers.get_scheduler("cosine", base_lr=0.1)
    with pytest.raises(ScheduleError, match=r"'cosine' requires num_training_steps"):
        transformers.get_scheduler("cosine", base_lr=0.1, num_warmup_steps=3)
    with pytest.raises(TypeError, match=r"for 'cosine' take num_cycles, got power=2"):
        transformers.get_scheduler(
            "cosine",
            base_lr=0.1,
            num_warmup_steps=3,
            num_training_steps=9,
            scheduler_specific_kwargs={"power": 2},
        )


def test_noether_phase_of_no_length_before_its_start() -> None:
    # A phase that starts at the total runs for no steps; before it, the sequence takes
    # its schedule's first value, as inside it (noether raises there). Found by the
    # registry's round-trip property: the step schedule divided 0 by 0 at step 0.
    down = noether.step_decreasing_schedule(
        factor=0.5, decreases_interval=0.5, max_value=2.0, total_steps=1
    )
    by_step = noether.sequential_step_schedule(schedule_configs=[(down, 4, None)], total_steps=4)
    assert [by_step(t) for t in range(6)] == [2.0] * 6
    by_percent = noether.sequential_percent_schedule(
        schedule_configs=[(down, 0.5, 0.5)], total_steps=5
    )
    assert [by_percent(t) for t in range(6)] == [2.0] * 6


def test_noether_from_config_errors() -> None:
    with pytest.raises(
        ScheduleError, match=r"did you mean noether\.core\.schedules\.CosineDecreasingSchedule"
    ):
        noether.from_config({"kind": "noether.core.schedules.CosineDecreasing"}, total_steps=9)
    with pytest.raises(
        ScheduleError,
        match=r"^compat.noether.from_config: at max_val: compat.noether.cosine_decreasing_schedule "
        r"has no parameter 'max_val' \(did you mean 'max_value'\?\)",
    ):
        noether.from_config(
            {"kind": "noether.core.schedules.CosineDecreasingSchedule", "max_val": 1.0},
            total_steps=9,
        )
    with pytest.raises(
        ScheduleError,
        match=r"^compat.noether.from_config: compat.noether.cosine_decreasing_schedule needs "
        r"max_value; its parameters are max_value, total_steps, ",
    ):
        noether.from_config(
            {"kind": "noether.core.schedules.CosineDecreasingSchedule"}, total_steps=9
        )
    with pytest.raises(ScheduleError, match=r"interval must be 'update', got interval='epoch'"):
        noether.from_config(
            {"kind": "noether.core.schedules.ConstantSchedule", "value": 1.0, "interval": "epoch"},
            total_steps=9,
        )
    with pytest.raises(ScheduleError, match=r"has no field 'total_steps'; the run's length is "):
        noether.from_config(
            {"kind": "noether.core.schedules.ConstantSchedule", "value": 1.0, "total_steps": 5},
            total_steps=9,
        )
    with pytest.raises(ScheduleError, match=r"total_steps must be a positive integer, got "):
        noether.from_config(
            {"kind": "noether.core.schedules.ConstantSchedule", "value": 1.0}, total_steps=0
        )
    # Fields noether validates but never reads are accepted.
    made = noether.from_config(
        {"kind": "noether.core.schedules.ConstantSchedule", "value": 1.0, "weight_decay": 0.0},
        total_steps=9,
    )
    assert made == noether.constant_schedule(value=1.0)


def test_growth_past_the_float_range_is_a_schedule_error() -> None:
    growing = optax.exponential_decay(init_value=1.0, transition_steps=1, decay_rate=2.0)
    assert growing(10) == 1024.0
    with pytest.raises(ScheduleError, match=r"overflows a float at step=5000"):
        growing(5000)


def test_past_the_end_is_held_where_the_framework_misbehaves() -> None:
    # OneCycleLR extrapolates at N (below the floor with "linear") and raises at N + 1.
    cycle = torch.one_cycle_lr(max_lr=0.1, total_steps=100, anneal_strategy="linear")
    assert cycle(99) == cycle(100) == cycle(10**9)
    assert cycle(100) > 0.0
    # noether's LinearDecreasing goes negative at step T; here it holds its end.
    decreasing = noether.linear_decreasing_schedule(max_value=1.0, total_steps=11)
    assert decreasing(10) == decreasing(11) == 0.0
    # A fractional power, where noether raises a TypeError at step T.
    power = noether.polynomial_decreasing_schedule(max_value=1.0, total_steps=11, power=0.5)
    assert power(11) == 0.0


def test_a_length_is_where_the_value_stops_changing() -> None:
    # Edge cases where the end is not the run's total: one step past a warmup as long
    # as the run (the peak is shown once), a left-out last point, a warmup past the run.
    cases = [
        (transformers.get_cosine_with_hard_restarts_schedule_with_warmup(
            base_lr=0.5, num_warmup_steps=1, num_training_steps=1), 2),
        (noether.step_decreasing_schedule(
            factor=0.5, decreases_interval=0.5, max_value=0.5, exclude_last=True,
            total_steps=1), 2),
        (noether.linear_warmup_cosine_decay_schedule(
            max_value=0.5, warmup_steps=2, total_steps=1), 2),
    ]  # fmt: skip
    for schedule, length in cases:
        assert schedule.length == length, schedule
        assert schedule(length - 1) != schedule(length) == schedule(length + 1), schedule


def test_restarts_with_a_cycle_mul_near_the_float_limit_find_their_cycle() -> None:
    # The cycle's first guess, a logarithm of step * cycle_mul, is inf there.
    schedule = timm.tanh_lr_scheduler(base_lr=1.0, t_initial=1, warmup_t=2, cycle_mul=1e308)
    assert schedule(10**9) == schedule(10**12)


def test_the_framework_modules_are_listed_before_their_first_use() -> None:
    assert set(compat.__all__) <= set(dir(compat))


def test_a_bad_sgdr_cycle_is_named_by_its_place_in_the_list() -> None:
    cycle = {"init_value": 0.0, "peak_value": 1.0, "warmup_steps": 2, "decay_steps": 10}
    with pytest.raises(ScheduleError) as info:
        optax.sgdr_schedule(cosine_kwargs=[cycle, {**cycle, "warmup_steps": -1}])
    assert str(info.value) == (
        "compat.optax.sgdr_schedule: cosine_kwargs[1]: warmup_steps must be a non-negative "
        "integer, got warmup_steps=-1"
    )
    assert info.value.param == "cosine_kwargs[1].warmup_steps"


def test_a_filled_first_start_reads_back_as_given() -> None:
    # The fraction a missing first start is filled with is a float, as a given one is.
    down = noether.cosine_decreasing_schedule(max_value=1.0, total_steps=1)
    schedule = noether.sequential_percent_schedule(
        schedule_configs=[(down, None, 1.0)], total_steps=10
    )
    assert repr(schedule).endswith("0.0, 1.0)], total_steps=10)")
    assert eval(repr(schedule), {"compat": compat}) == schedule


# ---------------------------------------------------------------- the edges, by framework
# Each factory builds a schedule whose every value at every valid step is a finite
# float, or refuses at construction; a schedule that only decays never overflows.

# -- torch

_TORCH_REFUSED: list[tuple[Any, ...]] = [
    # (factory, arguments, error, detail after the factory's name, param, related) per row
    # 1 / final_div_factor overflows: the last phase ended at inf, so step 8 was NaN.
    (
        torch.one_cycle_lr,
        {"max_lr": 1.0, "total_steps": 10, "final_div_factor": 5e-324},
        ScheduleError,
        "max_lr / div_factor / final_div_factor must be a finite number, "
        "got max_lr=1.0, div_factor=25.0, final_div_factor=5e-324",
        None,
        ("max_lr", "div_factor", "final_div_factor"),
    ),
    # The same near the float limit, where every value was inf.
    (
        torch.one_cycle_lr,
        {"max_lr": 1e308, "total_steps": 10, "final_div_factor": 5e-324},
        ScheduleError,
        "max_lr / div_factor / final_div_factor must be a finite number, "
        "got max_lr=1e+308, div_factor=25.0, final_div_factor=5e-324",
        None,
        ("max_lr", "div_factor", "final_div_factor"),
    ),
    # PyTorch's phase ends are floats of N, which overflow (a raw OverflowError before).
    (
        torch.one_cycle_lr,
        {"max_lr": 1.0, "total_steps": 10**400},
        ScheduleError,
        "total_steps must be at most 1.7976931348623157e+308, "
        "got total_steps=100000000000000000...0000000000000000000",
        "total_steps",
        (),
    ),
    # The same for a count of epochs and steps, where the product is past that.
    (
        torch.one_cycle_lr,
        {"max_lr": 1.0, "epochs": 10**200, "steps_per_epoch": 10**200},
        ScheduleError,
        "epochs * steps_per_epoch must be at most 1.7976931348623157e+308, "
        "got epochs=100000000000000000...0000000000000000000, "
        "steps_per_epoch=100000000000000000...0000000000000000000",
        None,
        ("epochs", "steps_per_epoch"),
    ),
    # epochs given beside total_steps is checked, as PyTorch would check a non-int one:
    # a list made the schedule unhashable, a string was kept.
    (
        torch.one_cycle_lr,
        {"max_lr": 1.0, "total_steps": 100, "epochs": []},
        ScheduleTypeError,
        "epochs must be an integer, got epochs=[] (list)",
        "epochs",
        (),
    ),
    (
        torch.one_cycle_lr,
        {"max_lr": 1.0, "total_steps": 100, "epochs": "junk"},
        ScheduleTypeError,
        "epochs must be an integer, got epochs='junk' (str)",
        "epochs",
        (),
    ),
    # steps_per_epoch too, here a float.
    (
        torch.one_cycle_lr,
        {"max_lr": 1.0, "total_steps": 100, "steps_per_epoch": 0.5},
        ScheduleTypeError,
        "steps_per_epoch must be an integer, got steps_per_epoch=0.5 (float)",
        "steps_per_epoch",
        (),
    ),
    # gamma ** 2 is past the float range (the raw OverflowError).
    (
        torch.multi_step_lr,
        {"base_lr": 1.0, "milestones": [1, 2], "gamma": 1e308},
        ScheduleError,
        "base_lr * gamma ** len(milestones) must be a finite number, "
        "got base_lr=1.0, gamma=1e+308, len(milestones)=2",
        None,
        ("base_lr", "gamma", "milestones"),
    ),
    # Each part is finite, but past both milestones the chain is 1e300 * 1e5 * 1e5.
    (
        torch.chained_scheduler,
        {
            "schedulers": [
                torch.multi_step_lr(base_lr=1e300, milestones=[1], gamma=1e5),
                torch.multi_step_lr(base_lr=1e300, milestones=[2], gamma=1e5),
            ]
        },
        ScheduleError,
        "base_lr times gamma ** len(milestones) of each multi_step_lr must be a finite "
        "number, got base_lr=1e+300 and those powers [100000.0, 100000.0]",
        None,
        ("schedulers",),
    ),
]


@pytest.mark.parametrize(
    ("factory", "kwargs", "error", "detail", "param", "related"), _TORCH_REFUSED
)
def test_torch_refuses_when_built_what_would_not_be_a_finite_float(
    factory: Any,
    kwargs: dict[str, Any],
    error: type[ScheduleError | ScheduleTypeError],
    detail: str,
    param: str | None,
    related: tuple[str, ...],
) -> None:
    with pytest.raises(error) as caught:
        factory(**kwargs)
    assert str(caught.value) == f"{factory_name(factory)}: {detail}"
    assert caught.value.param == param
    assert caught.value.related == related


def test_torch_one_cycle_keeps_its_counts_as_checked_integers() -> None:
    from fractions import Fraction  # noqa: PLC0415 - only this test needs it

    numpy = pytest.importorskip("numpy")
    by_epochs = torch.one_cycle_lr(
        max_lr=1.0, epochs=numpy.int64(7), steps_per_epoch=numpy.int64(3)
    )
    # Given beside total_steps, they are checked and kept too.
    beside = torch.one_cycle_lr(max_lr=1.0, total_steps=100, epochs=numpy.int64(4))
    for schedule, name, count in [
        (by_epochs, "epochs", 7),
        (by_epochs, "steps_per_epoch", 3),
        (beside, "epochs", 4),
    ]:
        assert type(schedule.params[name]) is int
        assert schedule.params[name] == count
        assert schedkit.parse(repr(schedule)) == schedule
        assert schedkit.from_config(schedkit.to_config(schedule)) == schedule
        assert pickle.loads(pickle.dumps(schedule)) == schedule
        hash(schedule)
    assert by_epochs.length == 20
    # A Fraction is no count, whole or not: it broke the config round trip.
    for fraction in (Fraction(1, 3), Fraction(10**400, 3)):
        with pytest.raises(ScheduleTypeError, match=r"^compat\.torch\.one_cycle_lr: epochs must "):
            torch.one_cycle_lr(max_lr=1.0, total_steps=100, epochs=fraction)  # type: ignore[arg-type]


def test_torch_cycles_that_only_shrink_reach_base_lr_at_any_step() -> None:
    far = 10**400
    # gamma ** t and 0.5 ** cycle are capped where they are 0, no longer float
    # exponents of a huge step: both raised "overflows a float" at 10**400.
    exp_range = torch.cyclic_lr(
        base_lr=0.5, max_lr=1.0, step_size_up=3, mode="exp_range", gamma=0.5
    )
    assert exp_range(1) == 0.5 + 0.5 * (1 / 3) * 0.5
    assert exp_range(far) == exp_range(far + 1) == 0.5
    halving = torch.cyclic_lr(base_lr=0.5, max_lr=1.0, step_size_up=3, mode="triangular2")
    assert halving(far + 1) == 0.5
    # A flat cycle stays at base_lr whatever scales it, so it never overflows.
    flat = torch.cyclic_lr(base_lr=0.5, max_lr=0.5, mode="exp_range", gamma=2.0)
    assert flat(far) == 0.5
    # A growing height still raises, at the step where it overflows.
    growing = torch.cyclic_lr(base_lr=0.0, max_lr=1.0, step_size_up=2, mode="exp_range", gamma=2.0)
    assert growing(1) == 1.0  # half the way up, times 2
    with pytest.raises(ScheduleError) as caught:
        growing(1025)
    assert str(caught.value) == (
        f"compat.torch.cyclic_lr: the value overflows a float at step=1025 in {growing!r}"
    )


def test_torch_a_chain_is_bounded_unless_a_part_grows() -> None:
    # Without a growing part, no partial product can overflow, and decays reach 0.
    decaying = torch.chained_scheduler(
        schedulers=[
            torch.multi_step_lr(base_lr=1e300, milestones=[5], gamma=100.0),
            torch.exponential_lr(base_lr=1e300, gamma=0.5),
        ]
    )
    assert decaying(5) == 1e300 * 100.0 * 0.5**5
    assert decaying(10**400) == 0.0
    # A growing part leads the product at its own base_lr, and the chain names itself
    # where it overflows (the error named the part at base_lr 1, which nobody built).
    growing = torch.chained_scheduler(
        schedulers=[torch.constant_lr(base_lr=0.5), torch.exponential_lr(base_lr=0.5, gamma=2.0)]
    )
    assert growing(10) == 0.5 * 2.0**10
    with pytest.raises(ScheduleError) as caught:
        growing(2000)
    assert str(caught.value) == (
        f"compat.torch.chained_scheduler: the value overflows a float at step=2000 in {growing!r}"
    )
    # Past the range of a growing part, a factor of 0 makes the chain 0, as a product's.
    ended = torch.chained_scheduler(
        schedulers=[
            torch.polynomial_lr(base_lr=-1.0),
            torch.exponential_lr(base_lr=-1.0, gamma=2.0),
        ]
    )
    assert ended(3) == -8.0 * 0.4
    assert str(ended(2000)) == "-0.0"
    # base_lr 0 is 0 at every step, as each of PyTorch's ratios keeps it.
    zero = torch.chained_scheduler(
        schedulers=[
            torch.exponential_lr(base_lr=0.0, gamma=2.0),
            torch.step_lr(base_lr=0.0, step_size=1, gamma=3.0),
        ]
    )
    assert zero(10**400) == 0.0


def test_torch_a_sequence_with_a_growing_part_is_unbounded() -> None:
    # A combinator multiplying it must know it can overflow later,
    sequence = torch.sequential_lr(
        schedulers=[
            torch.constant_lr(base_lr=1.0),
            torch.step_lr(base_lr=0.5, step_size=1, gamma=2.0),
        ],
        milestones=[5],
    )
    assert sequence._bound() == float("inf")
    # and the error names the sequence's step, not the part's own (1995 here).
    with pytest.raises(ScheduleError) as caught:
        sequence(2000)
    assert str(caught.value) == (
        f"compat.torch.sequential_lr: the value overflows a float at step=2000 in {sequence!r}"
    )
    # Bounded parts bound it: the constant's base_lr here.
    bounded = torch.sequential_lr(
        schedulers=[torch.constant_lr(base_lr=1.0), torch.step_lr(base_lr=0.5, step_size=1)],
        milestones=[5],
    )
    assert bounded._bound() == 1.0


def test_torch_a_product_of_a_peak_past_the_float_range_is_refused_when_built() -> None:
    # Each bound is the schedule's largest magnitude, which lies between the steps its
    # parameters name; scale was accepted and then overflowed at those steps.
    peaks = [
        # (schedule, its bound) per row
        # OneCycleLR peaks at max_lr at step P - 1 = 29, not a parameter.
        (torch.one_cycle_lr(max_lr=1e300, total_steps=100, div_factor=1e10), 1e300),
        # ... also inside a sequence.
        (
            torch.sequential_lr(
                schedulers=[
                    torch.constant_lr(base_lr=1.0),
                    torch.one_cycle_lr(max_lr=1e300, total_steps=100, div_factor=1e10),
                ],
                milestones=[3],
            ),
            1e300,
        ),
        # A chain past a milestone it does not name itself: 1e300 * 100.
        (
            torch.chained_scheduler(
                schedulers=[torch.multi_step_lr(base_lr=1e300, milestones=[5], gamma=100.0)]
            ),
            1e302,
        ),
        # The cosines rise toward an eta_min above base_lr, never reaching it.
        (torch.cosine_annealing_warm_restarts(base_lr=1.0, T_0=1000, eta_min=1e300), 1e300),
    ]
    for schedule, bound in peaks:
        assert schedule._bound() == bound, schedule
        with pytest.raises(ScheduleError, match=r"^scale: factor \* schedule must stay within"):
            schedkit.scale(schedule, factor=1e10)
    # A cyclic bound is the first cycle's peak, given when built.
    assert torch.cyclic_lr(base_lr=0.5, max_lr=-2.0, mode="triangular2")._bound() == 2.0


# -- keras

_KERAS_REFUSED: list[tuple[Any, ...]] = [
    # (factory, arguments, detail after the factory's name, related) per row; each
    # subject is an expression, so the error blames no single parameter.
    # The warmup's difference overflows: Keras' value at step 0 was NaN.
    (
        keras.cosine_decay,
        {
            "initial_learning_rate": -1e308,
            "decay_steps": 10,
            "warmup_target": 1e308,
            "warmup_steps": 5,
        },
        "initial_learning_rate - warmup_target must be a finite number, "
        "got initial_learning_rate=-1e+308, warmup_target=1e+308",
        ("initial_learning_rate", "warmup_target"),
    ),
    # The floor, alpha times the cosine's start, overflows: the end was inf.
    (
        keras.cosine_decay,
        {"initial_learning_rate": 1e308, "decay_steps": 1, "alpha": 1e308},
        "initial_learning_rate * alpha must be a finite number, "
        "got initial_learning_rate=1e+308, alpha=1e+308",
        ("initial_learning_rate", "alpha"),
    ),
    # With a warmup, alpha is relative to its target.
    (
        keras.cosine_decay,
        {
            "initial_learning_rate": 0.0,
            "decay_steps": 1,
            "alpha": 1e308,
            "warmup_target": 10.0,
            "warmup_steps": 2,
        },
        "warmup_target * alpha must be a finite number, got warmup_target=10.0, alpha=1e+308",
        ("warmup_target", "alpha"),
    ),
    # The restarts' floor, below zero here: the values were -inf.
    (
        keras.cosine_decay_restarts,
        {"initial_learning_rate": 1e308, "first_decay_steps": 1, "alpha": -1e308},
        "initial_learning_rate * alpha must be a finite number, "
        "got initial_learning_rate=1e+308, alpha=-1e+308",
        ("initial_learning_rate", "alpha"),
    ),
]


@pytest.mark.parametrize(("factory", "kwargs", "detail", "related"), _KERAS_REFUSED)
def test_keras_refuses_when_built_what_would_not_be_a_finite_float(
    factory: Any, kwargs: dict[str, Any], detail: str, related: tuple[str, ...]
) -> None:
    with pytest.raises(ScheduleError) as caught:
        factory(**kwargs)
    assert str(caught.value) == f"{factory_name(factory)}: {detail}"
    assert caught.value.param is None
    assert caught.value.related == related


def test_keras_a_warmup_of_no_steps_is_not_checked() -> None:
    # Keras never computes the warmup when it has no steps, so its ends may be far apart.
    schedule = keras.cosine_decay(initial_learning_rate=-1e308, decay_steps=10, warmup_target=1e308)
    assert schedule(0) == 1e308
    assert schedule(10) == 0.0


def test_keras_inverse_time_decay_is_exact_at_any_step() -> None:
    from fractions import Fraction  # noqa: PLC0415 - only this test needs it

    far = 10**400
    # Past the float range of t / decay_steps the value comes from integers, where it
    # raised "overflows a float": the limit 0 once it underflows,
    decay = keras.inverse_time_decay(initial_learning_rate=1.0, decay_steps=10, decay_rate=0.5)
    assert decay(far) == 0.0
    # its sign kept,
    negative = keras.inverse_time_decay(initial_learning_rate=-1.0, decay_steps=10, decay_rate=0.5)
    assert str(negative(far)) == "-0.0"
    # and the exact value before: 1 / (1 + rate * t / 10), correctly rounded.
    slow = keras.inverse_time_decay(initial_learning_rate=1.0, decay_steps=10, decay_rate=5e-324)
    exact = float(1 / (1 + Fraction(5e-324) * Fraction(far, 10)))
    assert exact == 2.024022533073106e-76
    assert slow(far) == exact
    stairs = keras.inverse_time_decay(
        initial_learning_rate=1.0, decay_steps=10, decay_rate=5e-324, staircase=True
    )
    assert stairs(far + 9) == exact
    # Where the two computations meet, 2 ** 1001 periods of rate 0.5, they agree.
    meet = 10 * 2**1001
    assert decay(meet) == decay(meet + 1) == 2.0**-1000


def test_keras_restarts_find_the_cycle_of_any_step() -> None:
    import math  # noqa: PLC0415 - only this test needs them
    from fractions import Fraction  # noqa: PLC0415

    far = 10**400
    # Equal cycles fading by m_mul end on the floor, alpha * init, exactly.
    fading = keras.cosine_decay_restarts(
        initial_learning_rate=2.0, first_decay_steps=10, t_mul=1.0, m_mul=0.5, alpha=0.25
    )
    assert fading(far) == 0.5
    # Doubling cycles (the default, which raised at 10**400): cycle i starts at
    # 10 * (2 ** i - 1), so a restart is the peak exactly and the step after it is
    # one step into a cycle of 10 * 2 ** 1300.
    doubling = keras.cosine_decay_restarts(initial_learning_rate=1.0, first_decay_steps=10)
    restart = 10 * (2**1300 - 1)
    assert doubling(restart) == 1.0
    assert doubling(restart - 1) < 1e-300
    assert 0.0 < doubling(far) < 1.0
    # A fractional t_mul past its float cycle starts (about 1e308 / t_mul): the cycle
    # and its part done from logarithms, against the exact ones, 20 * (1.5 ** i - 1)
    # with i = 2264 for 10**400.
    fractional = keras.cosine_decay_restarts(
        initial_learning_rate=1.0, first_decay_steps=10, t_mul=1.5, alpha=0.1
    )
    growth = Fraction(3, 2)
    done = (far - 20 * (growth**2264 - 1)) / (10 * growth**2264)
    assert 0 <= done < 1
    exact = 0.9 * (1 + math.cos(math.pi * float(done))) / 2 + 0.1
    assert abs(fractional(far) - exact) < 1e-12
    # The bound is the larger of the peak and the floor the cosines approach (never
    # reached at a step, so no step the parameters name shows it).
    wide = keras.cosine_decay_restarts(
        initial_learning_rate=1e300, first_decay_steps=1000, alpha=1e5
    )
    assert wide._bound() == 1e300 * 1e5
    # m_mul > 1 grows nothing when the rate is 0 or alpha is 1.
    zero = keras.cosine_decay_restarts(initial_learning_rate=0.0, first_decay_steps=1, m_mul=2.0)
    assert zero(far) == 0.0
    held = keras.cosine_decay_restarts(
        initial_learning_rate=3.0, first_decay_steps=1, m_mul=2.0, alpha=1.0
    )
    assert held(far) == 3.0
    # A growing peak still raises, naming the step.
    growing = keras.cosine_decay_restarts(
        initial_learning_rate=1.0, first_decay_steps=1, t_mul=1.0, m_mul=2.0
    )
    with pytest.raises(ScheduleError) as caught:
        growing(2000)
    assert str(caught.value) == (
        f"compat.keras.cosine_decay_restarts: the value overflows a float at step=2000 "
        f"in {growing!r}"
    )


# -- optax

_OPTAX_HUGE = 10**400  # a transition_steps past the float range
_OPTAX_HUGE_CYCLE = {"transition_steps": _OPTAX_HUGE, "peak_value": 1.0}
_OPTAX_WIDE_COSINE = {
    "init_value": 1.0,
    "peak_value": 1e308,
    "warmup_steps": 100,
    "decay_steps": 224,
    "end_value": -1e308,
}

_OPTAX_LIMITS: list[tuple[Any, dict[str, Any], int, float]] = [
    # (factory, arguments, step, the exact value there)
    # A staircase decay clipped at end_value holds it where 0.5 ** step underflows
    # (it was inf past 2 ** 1024).
    (
        optax.exponential_decay,
        {
            "init_value": 1.0,
            "transition_steps": 1,
            "decay_rate": 0.5,
            "end_value": 0.1,
            "staircase": True,
        },
        2**1024 + 1,
        0.1,
    ),
    # A continuous decay without end_value is 0.0 there (it raised "overflows a float").
    (
        optax.exponential_decay,
        {"init_value": 1.0, "transition_steps": 1, "decay_rate": 0.5},
        10**400,
        0.0,
    ),
    # A negative one decays to -0.0, clipped from below at end_value: max(-0.0, -1.0).
    (
        optax.exponential_decay,
        {"init_value": -2.0, "transition_steps": 3, "decay_rate": 0.5, "end_value": -1.0},
        10**400,
        -0.0,
    ),
    # A growth clipped at end_value: min(1.0 * 2 ** (s / 3), 5.0) = 5.0.
    (
        optax.exponential_decay,
        {"init_value": 1.0, "transition_steps": 3, "decay_rate": 2.0, "end_value": 5.0},
        10**400,
        5.0,
    ),
    # 10.0 ** 309 overflows before 1e-300 times it reaches end_value: optax's
    # min(1e-300 * inf, 1e10).
    (
        optax.exponential_decay,
        {"init_value": 1e-300, "transition_steps": 1, "decay_rate": 10.0, "end_value": 1e10},
        309,
        1e10,
    ),
    # An init_value of 0 stays 0.0 as it "grows" (optax's 0 * inf is nan).
    (
        optax.exponential_decay,
        {"init_value": 0.0, "transition_steps": 1, "decay_rate": 2.0},
        10**400,
        0.0,
    ),
    # A decay_rate of 1 holds init_value, clipped at end_value from above: min(1.0, 0.5).
    (
        optax.exponential_decay,
        {"init_value": 1.0, "transition_steps": 1, "decay_rate": 1.0, "end_value": 0.5},
        10**400,
        0.5,
    ),
    # The same decay after a warmup, its count from warmup_steps: 0.0.
    (
        optax.warmup_exponential_decay_schedule,
        {
            "init_value": 0.0,
            "peak_value": 1.0,
            "warmup_steps": 2,
            "transition_steps": 1,
            "decay_rate": 0.5,
        },
        10**400,
        0.0,
    ),
    # From 1e308 to -1e308 end_value - peak_value overflows; optax's own form,
    # 1e308 * ((1 - alpha) * part + alpha) with alpha = -1, is finite: the peak at the
    # warmup's end, 1e308 * (2 * 0.5 - 1) = 0.0 halfway down, then 1e308 * -1.
    (optax.warmup_cosine_decay_schedule, _OPTAX_WIDE_COSINE, 100, 1e308),
    (optax.warmup_cosine_decay_schedule, _OPTAX_WIDE_COSINE, 162, 0.0),
    (optax.warmup_cosine_decay_schedule, _OPTAX_WIDE_COSINE, 10**400, -1e308),
    # A one-cycle over more steps than a float holds builds (it raised OverflowError):
    # peak_value / div_factor = 1 / 25 at 0, peak_value * (1 / (25 * 1e4)) from T on.
    (optax.cosine_onecycle_schedule, _OPTAX_HUGE_CYCLE, 0, 0.04),
    (optax.cosine_onecycle_schedule, _OPTAX_HUGE_CYCLE, _OPTAX_HUGE, 4e-06),
    # The linear one multiplies its scales in turn: (1 / 25) * (1 / 1e4) in floats.
    (optax.linear_onecycle_schedule, _OPTAX_HUGE_CYCLE, _OPTAX_HUGE + 1, 4.000000000000001e-06),
]


@pytest.mark.parametrize(("factory", "kwargs", "step", "value"), _OPTAX_LIMITS)
def test_optax_values_at_the_edges(
    factory: Any, kwargs: dict[str, Any], step: int, value: float
) -> None:
    assert repr(factory(**kwargs)(step)) == repr(value)  # repr: -0.0 is not 0.0


def test_optax_one_cycle_past_the_float_range_peaks_at_its_exact_knot() -> None:
    from fractions import Fraction  # noqa: PLC0415 - only this test needs it

    # int(pct_start * T), which floats cannot compute for this T, exactly.
    knot = Fraction(0.3) * _OPTAX_HUGE // 1
    schedule = optax.cosine_onecycle_schedule(transition_steps=_OPTAX_HUGE, peak_value=1.0)
    assert schedule(knot) == 1.0
    assert schedule.length == _OPTAX_HUGE


@pytest.mark.parametrize(
    ("factory", "kwargs", "message", "related"),
    [
        # alpha * init_value, the value from decay_steps on, overflows (it was inf there).
        (
            optax.cosine_decay_schedule,
            {"init_value": 1e308, "decay_steps": 10, "alpha": 2.0},
            "init_value * alpha must be a finite number, got init_value=1e+308, alpha=2.0",
            ("init_value", "alpha"),
        ),
        # 1e-200 * 1e-200 underflows to 0, and optax divides by it: inf at the end (it
        # raised ZeroDivisionError).
        (
            optax.cosine_onecycle_schedule,
            {
                "transition_steps": 10,
                "peak_value": 1.0,
                "div_factor": 1e-200,
                "final_div_factor": 1e-200,
            },
            "the value at transition_steps must be a finite number, got peak_value=1.0, "
            "div_factor=1e-200, final_div_factor=1e-200",
            ("peak_value", "div_factor", "final_div_factor"),
        ),
        # optax's warmup from -1e308 to 1e308 is inf, then nan at its end.
        (
            optax.warmup_cosine_decay_schedule,
            {"init_value": -1e308, "peak_value": 1e308, "warmup_steps": 5, "decay_steps": 9},
            "peak_value - init_value must be a finite number, got peak_value=1e+308, "
            "init_value=-1e+308",
            ("peak_value", "init_value"),
        ),
        # With an exponent, optax's end is peak_value * (end_value / peak_value), which
        # rounds past the float range here.
        (
            optax.warmup_cosine_decay_schedule,
            {
                "init_value": 0.0,
                "peak_value": 3.0,
                "warmup_steps": 1,
                "decay_steps": 5,
                "end_value": 1.7976931348623157e308,
                "exponent": 2.0,
            },
            "peak_value * (end_value / peak_value) must be a finite number, got "
            "peak_value=3.0, end_value=1.7976931348623157e+308",
            ("peak_value", "end_value"),
        ),
    ],
)
def test_optax_refuses_values_past_the_float_range(
    factory: Any, kwargs: dict[str, Any], message: str, related: tuple[str, ...]
) -> None:
    with pytest.raises(ScheduleError) as caught:
        factory(**kwargs)
    assert caught.value.detail == message
    assert caught.value.param is None
    assert caught.value.related == related


def test_optax_sgdr_stores_the_checked_cycles() -> None:
    from fractions import Fraction  # noqa: PLC0415 - only this test needs it

    numpy = pytest.importorskip("numpy")
    given = {
        "init_value": numpy.float64(0.0),
        "peak_value": Fraction(1, 4),
        "warmup_steps": numpy.int64(2),
        "decay_steps": 10,
        "end_value": numpy.float32(0.125),
    }
    schedule = optax.sgdr_schedule(cosine_kwargs=[given])
    assert schedkit.parse(repr(schedule)) == schedule
    assert schedkit.from_config(schedkit.to_config(schedule)) == schedule
    assert pickle.loads(pickle.dumps(schedule)) == schedule
    assert hash(schedule) == hash(optax.sgdr_schedule(cosine_kwargs=[given]))
    (stored,) = schedule.params["cosine_kwargs"]
    # The keys given, each value of the type the repr and the config promise.
    assert dict(stored) == {
        "init_value": 0.0,
        "peak_value": 0.25,
        "warmup_steps": 2,
        "decay_steps": 10,
        "end_value": 0.125,
    }
    assert [type(value) for value in stored.values()] == [float, float, int, int, float]


@pytest.mark.parametrize(
    ("cycle", "message", "param"),
    [
        # A key that is not a parameter of the cycle (it was Python's own TypeError).
        (
            {"init_value": 0.0, "peak_value": 1.0, "warmup_steps": 1, "decay_steps": 3, "lr": 1},
            "cosine_kwargs[0] must have parameters of warmup_cosine_decay_schedule as keys "
            "(init_value, peak_value, warmup_steps, decay_steps, end_value, exponent), "
            "got the key 'lr'",
            "cosine_kwargs[0]['lr']",
        ),
        # A parameter without a default left out.
        (
            {"init_value": 0.0, "peak_value": 1.0},
            "cosine_kwargs[0] must give warmup_steps, decay_steps, "
            "got {'init_value': 0.0, 'peak_value': 1.0}",
            "cosine_kwargs[0]",
        ),
    ],
)
def test_optax_sgdr_refuses_a_cycle_of_wrong_keys(
    cycle: dict[str, Any], message: str, param: str
) -> None:
    with pytest.raises(ScheduleTypeError) as caught:
        optax.sgdr_schedule(cosine_kwargs=[cycle])
    assert str(caught.value) == f"compat.optax.sgdr_schedule: {message}"
    assert caught.value.param == param


def test_optax_join_of_a_growing_schedule() -> None:
    growing = optax.exponential_decay(init_value=1.0, transition_steps=1, decay_rate=1e200)
    constant = optax.constant_schedule(value=1.0)
    # Before the last, it runs to its own step 1 here: 1e200, then the constant.
    joined = optax.join_schedules(schedules=[growing, constant], boundaries=[2])
    assert [joined(t) for t in range(4)] == [1.0, 1e200, 1.0, 1.0]
    # Last, it grows on, and overflows where it does on its own: its step 2, step 5 here.
    joined = optax.join_schedules(schedules=[constant, growing], boundaries=[3])
    assert joined(4) == 1e200
    with pytest.raises(ScheduleError, match=r"overflows a float at step=5 in "):
        joined(5)
    # Before the last, past its own step 1, it would overflow at a step of every run.
    with pytest.raises(ScheduleError) as caught:
        optax.join_schedules(schedules=[growing, constant], boundaries=[10])
    assert caught.value.detail == (
        "schedules[0] must be finite until boundaries[0]=10, got compat.optax.exponential_"
        "decay(init_va... transition_steps=1, decay_rate=1e+200), which overflows a float "
        "at its own step 9"
    )
    assert caught.value.param == "schedules[0]"
    assert caught.value.related == ("boundaries[0]",)


# -- timm

_TIMM_LIMITS: list[tuple[Any, dict[str, Any], int, float]] = [
    # (factory, arguments, step, the exact value there)
    # A step decay is 0.0 once 0.5 ** (t // 1) underflows (it raised "overflows a float").
    (timm.step_lr_scheduler, {"base_lr": 1.0, "decay_t": 1, "decay_rate": 0.5}, 10**400, 0.0),
    # From a negative base_lr, -0.0.
    (timm.step_lr_scheduler, {"base_lr": -1.0, "decay_t": 3, "decay_rate": 0.5}, 10**400, -0.0),
    # A "growth" from 0.0 stays 0.0.
    (timm.step_lr_scheduler, {"base_lr": 0.0, "decay_t": 1, "decay_rate": 2.0}, 10**400, 0.0),
    # Cycles of cycle_mul 1 run in integers: in cycle 10 ** 399, 5 steps into 10, the
    # peak 0.5 ** (10 ** 399) is 0.0, so lr_min + (0 - lr_min) * (1 + cos(pi / 2)) / 2.
    (
        timm.cosine_lr_scheduler,
        {
            "base_lr": 1.0,
            "t_initial": 10,
            "lr_min": 0.25,
            "cycle_decay": 0.5,
            "cycle_limit": 10**400,
        },
        10**400 + 5,
        0.125,
    ),
    # lr_min from the end of the last cycle on, however far.
    (
        timm.cosine_lr_scheduler,
        {"base_lr": 1.0, "t_initial": 1, "lr_min": 0.25, "cycle_mul": 1.0000000000000002},
        10**400,
        0.25,
    ),
    # Also where the end, 1000 + 1e200 * 1000, is a float but 1e200 ** 2 on the way to
    # it is not (it raised "overflows a float").
    (
        timm.tanh_lr_scheduler,
        {"base_lr": 1.0, "t_initial": 1000, "lr_min": 0.5, "cycle_mul": 1e200, "cycle_limit": 2},
        10**400,
        0.5,
    ),
    # Halfway through a tanh cycle of 2 * 10 ** 400 steps: (1 - tanh(-7 / 2 + 3 / 2)) / 2,
    # with tanh(-2) = -0.9640275800758169.
    (
        timm.tanh_lr_scheduler,
        {"base_lr": 1.0, "t_initial": 2 * 10**400},
        10**400,
        0.9820137900379085,
    ),
    # poly's position in a cycle of cycle_mul 1 is exact (timm's floats round it past
    # the cycle's end, where (1 - c / T) ** power is complex): the last step of cycle
    # 10 ** 16 - 1, 25 * (1 / 100) ** 0.5.
    (
        timm.poly_lr_scheduler,
        {"base_lr": 25.0, "t_initial": 100, "cycle_limit": 10**18, "warmup_prefix": True},
        10**18 - 1,
        2.5,
    ),
]


@pytest.mark.parametrize(("factory", "kwargs", "step", "value"), _TIMM_LIMITS)
def test_timm_values_at_the_edges(
    factory: Any, kwargs: dict[str, Any], step: int, value: float
) -> None:
    assert repr(factory(**kwargs)(step)) == repr(value)  # repr: -0.0 is not 0.0


def test_timm_poly_position_rounded_past_a_growing_cycle_is_its_end() -> None:
    # Steps at the end of cycle 8 of cycle_mul 1e7, where the position in floats lands
    # past the cycle's length: (1 - c / T) ** power would be complex, 0 ** power is 0.
    schedule = timm.poly_lr_scheduler(
        base_lr=25.0, t_initial=100, power=0.13, cycle_mul=1e7, cycle_limit=9, warmup_prefix=True
    )
    for step in (
        10000001000000101555592371117007950625140396842475008819198,
        10000001000000101555592371117007950625140396842475008819199,
    ):
        assert schedule(step) == 0.0


def test_timm_growing_cycles_past_the_float_range_raise_at_the_step() -> None:
    # Cycle 1 ends at 1000 + 1e203, where cycle 2 starts, at a step past any float
    # cycle_start can give: an error there, the growing cycles' own, not a value.
    schedule = timm.tanh_lr_scheduler(
        base_lr=1.0, t_initial=1000, lr_min=0.5, cycle_mul=1e200, cycle_limit=3
    )
    assert schedule(10**203 - 10**187) < 1.0
    with pytest.raises(ScheduleError, match=r"overflows a float at step=10{203} in "):
        schedule(10**203)
    # The combinators read that it can fail at such a step.
    assert schedule._bound() == float("inf")
    # Cycles that end within the float range have a bound.
    assert timm.tanh_lr_scheduler(base_lr=1.0, t_initial=10, cycle_mul=2.0)._bound() < 2.0


@pytest.mark.parametrize(
    ("factory", "kwargs", "message", "param", "related"),
    [
        # timm's lr_max - lr_min is -inf (every value was -inf).
        (
            timm.cosine_lr_scheduler,
            {"base_lr": -1e308, "t_initial": 10, "lr_min": 1e308},
            "base_lr - lr_min must be a finite number, got base_lr=-1e+308, lr_min=1e+308",
            None,
            ("base_lr", "lr_min"),
        ),
        (
            timm.poly_lr_scheduler,
            {"base_lr": -1e308, "t_initial": 10, "lr_min": 1e308},
            "base_lr - lr_min must be a finite number, got base_lr=-1e+308, lr_min=1e+308",
            None,
            ("base_lr", "lr_min"),
        ),
        (
            timm.tanh_lr_scheduler,
            {"base_lr": -1e308, "t_initial": 10, "lr_min": 1e308},
            "base_lr - lr_min must be a finite number, got base_lr=-1e+308, lr_min=1e+308",
            None,
            ("base_lr", "lr_min"),
        ),
        # timm's warmup step (base_lr - warmup_lr_init) / warmup_t is inf (it was nan).
        (
            timm.step_lr_scheduler,
            {
                "base_lr": 1e308,
                "decay_t": 100,
                "warmup_t": 743,
                "warmup_lr_init": -1e308,
                "warmup_prefix": False,
            },
            "base_lr - warmup_lr_init must be a finite number, got base_lr=1e+308, "
            "warmup_lr_init=-1e+308",
            None,
            ("base_lr", "warmup_lr_init"),
        ),
        # tanh without the prefix aims at its own value at warmup_t.
        (
            timm.tanh_lr_scheduler,
            {"base_lr": 1e308, "t_initial": 10, "warmup_t": 3, "warmup_lr_init": -1e308},
            "the value at warmup_t - warmup_lr_init must be a finite number, got the value "
            "at warmup_t=9.996646498695336e+307, warmup_lr_init=-1e+308",
            None,
            ("base_lr", "lr_min", "warmup_lr_init"),
        ),
        # Cycle 1 is 2 long, and timm's 2 ** 1e308 overflows at each of its steps.
        (
            timm.cosine_lr_scheduler,
            {"base_lr": 1.0, "t_initial": 1, "cycle_mul": 2.0, "cycle_limit": 3, "k_decay": 1e308},
            "(t_initial * cycle_mul ** 2) ** k_decay, the progress power of the longest cycle, "
            "must be a finite number, got t_initial=1, cycle_mul=2.0, cycle_limit=3, "
            "k_decay=1e+308",
            None,
            ("t_initial", "cycle_mul", "cycle_limit", "k_decay"),
        ),
        # With cycles without end, the longest one a float can hold, 2 ** 1023.
        (
            timm.poly_lr_scheduler,
            {
                "base_lr": 1.0,
                "t_initial": 1,
                "cycle_mul": 2.0,
                "cycle_limit": 10**9,
                "k_decay": 2.0,
            },
            "(t_initial * cycle_mul ** 1023) ** k_decay, the progress power of the longest "
            "cycle, must be a finite number, got t_initial=1, cycle_mul=2.0, "
            "cycle_limit=1000000000, k_decay=2.0",
            None,
            ("t_initial", "cycle_mul", "cycle_limit", "k_decay"),
        ),
        # The second and last cycle's peak, 10 * 1e308, which timm writes as inf.
        (
            timm.tanh_lr_scheduler,
            {"base_lr": 10.0, "t_initial": 10, "cycle_decay": 1e308, "cycle_limit": 2},
            "base_lr * cycle_decay ** 1, the peak of the last cycle, must be a finite number "
            "at a finite distance from lr_min, got base_lr=10.0, cycle_decay=1e+308, "
            "lr_min=0.0, cycle_limit=2",
            None,
            ("base_lr", "cycle_decay", "lr_min", "cycle_limit"),
        ),
        # timm divides by warmup_t in floats.
        (
            timm.multi_step_lr_scheduler,
            {"base_lr": 1.0, "decay_t": [5], "warmup_t": 2**1024},
            "warmup_t must be an integer less than 2 ** 1024, "
            "got warmup_t=179769313486231590...5356329624224137216",
            "warmup_t",
            (),
        ),
        # With a cycle_mul above 1, timm finds the cycles in floats of t_initial.
        (
            timm.cosine_lr_scheduler,
            {"base_lr": 1.0, "t_initial": 2**1024, "cycle_mul": 2.0},
            "t_initial must be less than 2 ** 1024 where cycle_mul is not 1, "
            "got t_initial=179769313486231590...5356329624224137216, cycle_mul=2.0",
            "t_initial",
            ("cycle_mul",),
        ),
    ],
)
def test_timm_refuses_values_past_the_float_range(
    factory: Any,
    kwargs: dict[str, Any],
    message: str,
    param: str | None,
    related: tuple[str, ...],
) -> None:
    with pytest.raises(ScheduleError) as caught:
        factory(**kwargs)
    assert caught.value.detail == message
    assert caught.value.param == param
    assert caught.value.related == related


# -- transformers

_FAR = 10**400  # a step far past the float range


def _stored(schedule: schedkit.Schedule, name: str) -> Any:
    # The value a schedule holds for parameter *name*, after checking that it reads
    # back through its repr, its config and pickle.
    assert schedkit.parse(repr(schedule)) == schedule
    assert schedkit.from_config(schedkit.to_config(schedule)) == schedule
    assert pickle.loads(pickle.dumps(schedule)) == schedule
    hash(schedule)
    return schedule._call_args()[1][name]


def _transformers_inputs(number: Any) -> list[tuple[Any, dict[str, Any], str]]:
    # (factory, arguments, the parameter given *number*) per row.
    cosine_min = transformers.get_cosine_with_min_lr_schedule_with_warmup
    shifted = transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate
    run = {"base_lr": 1.0, "num_warmup_steps": 2, "num_training_steps": 10}
    return [
        (cosine_min, {**run, "min_lr_rate": number}, "min_lr_rate"),
        (cosine_min, {**run, "min_lr": number}, "min_lr"),
        (shifted, {**run, "min_lr_rate": number}, "min_lr_rate"),
        (shifted, {**run, "min_lr": number}, "min_lr"),
        (shifted, {**run, "min_lr_rate": 0.0, "warmup_lr_rate": number}, "warmup_lr_rate"),
    ]


def test_transformers_stores_a_fraction_as_its_float() -> None:
    from fractions import Fraction  # noqa: PLC0415 - only these rows need it

    for factory, kwargs, name in _transformers_inputs(Fraction(1, 3)):
        value = _stored(factory(**kwargs), name)
        assert type(value) is float, (factory, name)
        assert value == 1 / 3, (factory, name)


def test_transformers_stores_numpy_scalars_as_python_numbers() -> None:
    numpy = pytest.importorskip("numpy")
    for factory, kwargs, name in _transformers_inputs(numpy.float64(0.25)):
        value = _stored(factory(**kwargs), name)
        assert type(value) is float, (factory, name)
        assert value == 0.25, (factory, name)
    # timescale is a count, stored as an int.
    schedule = transformers.get_inverse_sqrt_schedule(
        base_lr=1.0, num_warmup_steps=2, timescale=numpy.int64(7)
    )
    value = _stored(schedule, "timescale")
    assert type(value) is int
    assert value == 7


@pytest.mark.parametrize(
    ("factory", "kwargs", "message", "related"),
    [
        # the floor base_lr * min_lr_rate, which transformers multiplies out to inf
        (
            transformers.get_cosine_with_min_lr_schedule_with_warmup,
            {"min_lr_rate": 1e308},
            r"base_lr \* min_lr_rate must be a finite number, got base_lr=1e\+308, "
            r"min_lr_rate=1e\+308",
            ("base_lr", "min_lr_rate"),
        ),
        (
            transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
            {"min_lr_rate": 1e308},
            r"base_lr \* min_lr_rate must be a finite number, got base_lr=1e\+308, "
            r"min_lr_rate=1e\+308",
            ("base_lr", "min_lr_rate"),
        ),
        # the rate transformers takes from an absolute floor, inf here
        (
            transformers.get_cosine_with_min_lr_schedule_with_warmup,
            {"base_lr": 1e-10, "min_lr": 1e308},
            r"min_lr / base_lr must be a finite number, got min_lr=1e\+308, base_lr=1e-10",
            ("min_lr", "base_lr"),
        ),
        # the value at step 0, base_lr * warmup_lr_rate
        (
            transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
            {"min_lr_rate": 0.0, "warmup_lr_rate": 10.0},
            r"base_lr \* warmup_lr_rate must be a finite number, got base_lr=1e\+308, "
            r"warmup_lr_rate=10\.0",
            ("base_lr", "warmup_lr_rate"),
        ),
        # transformers' (1 - w) * t at t = W - 1 = 2: 2e308, so its warmup is -inf
        (
            transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
            {"base_lr": 1.0, "min_lr_rate": 0.0, "warmup_lr_rate": -1e308},
            r"\(1 - warmup_lr_rate\) \* \(num_warmup_steps - 1\) must be a finite number, "
            r"got warmup_lr_rate=-1e\+308, num_warmup_steps=3",
            ("warmup_lr_rate", "num_warmup_steps"),
        ),
    ],
)
def test_transformers_refuses_a_floor_or_warmup_past_the_float_range(
    factory: Any, kwargs: dict[str, Any], message: str, related: tuple[str, ...]
) -> None:
    run = {"base_lr": 1e308, "num_warmup_steps": 3, "num_training_steps": 10}
    with pytest.raises(
        ScheduleError, match=rf"^{re.escape(factory_name(factory))}: {message}$"
    ) as info:
        factory(**{**run, **kwargs})
    assert info.value.param is None
    assert info.value.related == related


def test_transformers_cosines_are_exact_far_past_the_float_range() -> None:
    # The phase is reduced in integers: 10**400 is a multiple of 8, so with N = 4 and
    # half a cosine per run (a period of 8 steps) step 10**400 + i is step i.
    cosine = transformers.get_cosine_schedule_with_warmup(
        base_lr=1.0, num_warmup_steps=0, num_training_steps=4
    )
    assert [cosine(_FAR + i) for i in range(9)] == [cosine(i) for i in range(9)]
    assert [cosine(_FAR + i) for i in (0, 2, 4)] == [1.0, 0.5, 0.0]
    # onto the floor 0.5, reached at N
    floored = transformers.get_cosine_with_min_lr_schedule_with_warmup(
        base_lr=1.0, num_warmup_steps=0, num_training_steps=4, min_lr_rate=0.5
    )
    assert [floored(_FAR + i) for i in (0, 2, 4)] == [1.0, 0.75, 0.5]
    # one step earlier: step t is at t - W + 1 = t - 1 into a period of 4 steps (N - W = 2)
    shifted = transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
        base_lr=1.0, num_warmup_steps=2, num_training_steps=4, min_lr_rate=0.0
    )
    assert [shifted(_FAR + i) for i in range(4)] == [0.5, 1.0, 0.5, 0.0]
    # 1e308 cycles over 3 decay steps: the phase 2e308 * k / 3 is 2/3 or 4/3 of a half
    # turn mod 2 (1e308 is an integer, not a multiple of 3), where the cosine part is
    # (1 + cos(2 pi / 3)) / 2 = 0.25; the float product overflowed to nan.
    wsd = transformers.get_wsd_schedule(
        base_lr=1.0, num_warmup_steps=0, num_decay_steps=3, num_stable_steps=0, num_cycles=1e308
    )
    assert [wsd(t) for t in range(4)] == pytest.approx([1.0, 0.25, 0.25, 0.0], abs=1e-15)


def test_transformers_decays_hold_their_limit_far_past_the_float_range() -> None:
    # The steps past N, where transformers' float ratio overflows.
    linear = transformers.get_linear_schedule_with_warmup(
        base_lr=1.0, num_warmup_steps=2, num_training_steps=6
    )
    assert linear(_FAR) == linear(6) == 0.0
    restarts = transformers.get_cosine_with_hard_restarts_schedule_with_warmup(
        base_lr=1.0, num_warmup_steps=0, num_training_steps=8, num_cycles=2
    )
    assert restarts(_FAR) == restarts(8) == 0.0
    # base_lr / sqrt((t - W + s) / s) with W = s = 1: 1 / sqrt(t), 2 ** -600 at 4 ** 600
    # and 1e-200 at 10 ** 400, computed without the ratio leaving the float range.
    inverse = transformers.get_inverse_sqrt_schedule(base_lr=1.0, num_warmup_steps=1, timescale=1)
    assert inverse(4**600) == 2.0**-600
    assert inverse(_FAR) == pytest.approx(1e-200, rel=1e-15)
    assert inverse(10**20) == 1e-10


def test_transformers_restarts_end_where_the_float_progress_reaches_1() -> None:
    # Past 2 ** 54 steps (t - W) / span rounds to 1 a few steps before the span: the
    # value is 0 from there, as transformers' test on that float gives.
    span = 2**60
    restarts = transformers.get_cosine_with_hard_restarts_schedule_with_warmup(
        base_lr=1.0, num_warmup_steps=0, num_training_steps=span
    )
    assert restarts.length == span - 2**6
    assert restarts(span - 2**6) == 0.0
    assert restarts(span - 2**6 - 1) > 0.0


@pytest.mark.parametrize(
    ("schedule", "peak", "step", "factor"),
    [
        # (schedule, its peak, the step of the peak, a factor that takes it past the
        # float range though not the values at 0, the end and the steps named) per row:
        # a floor 1e307 times base_lr, reached 2 steps in with 0.75 cycles over 3
        (
            transformers.get_cosine_with_min_lr_schedule_with_warmup(
                base_lr=1.0, num_warmup_steps=0, num_training_steps=3, num_cycles=0.75,
                min_lr_rate=1e307,
            ),
            1e307, 2, 20.0,
        ),
        # a warmup of 4 steps in a run of 2: 3 / 4 of base_lr at step 3, then 0
        (
            transformers.get_linear_schedule_with_warmup(
                base_lr=1e308, num_warmup_steps=4, num_training_steps=2
            ),
            7.5e307, 3, 3.0,
        ),
    ],
)  # fmt: skip
def test_transformers_bound_a_product_by_their_peak(
    schedule: schedkit.Schedule, peak: float, step: int, factor: float
) -> None:
    assert schedule(step) == peak
    assert max(abs(schedule(t)) for t in range(20)) <= schedule._bound()
    with pytest.raises(ScheduleError, match=r"^scale: "):
        schedkit.scale(schedule, factor=factor)


def test_get_scheduler_refuses_kwargs_that_are_not_a_mapping() -> None:
    with pytest.raises(ScheduleTypeError) as info:
        transformers.get_scheduler(
            "cosine",
            base_lr=1.0,
            num_warmup_steps=1,
            num_training_steps=9,
            scheduler_specific_kwargs="ab",  # type: ignore[arg-type]
        )
    assert str(info.value) == (
        "compat.transformers.get_scheduler: scheduler_specific_kwargs must be a mapping of "
        "parameter names to values, or None, got scheduler_specific_kwargs='ab' (str)"
    )
    assert info.value.param == "scheduler_specific_kwargs"


# -- noether


def test_noether_from_config_refuses_a_kind_that_is_not_a_string() -> None:
    # An unhashable kind cannot be looked up: the config's error, not Python's.
    with pytest.raises(ScheduleTypeError) as info:
        noether.from_config({"kind": ["a"]}, total_steps=100)
    assert str(info.value) == (
        "compat.noether.from_config: kind must be a string naming a noether schedule, "
        "got kind=['a'] (list)"
    )
    assert info.value.param == "config['kind']"


@pytest.mark.parametrize(
    ("factory", "kwargs", "message", "related"),
    [
        # noether takes progress / interval to an int, which overflows at the end
        (
            noether.step_decreasing_schedule,
            {"factor": 0.5, "decreases_interval": 5e-324, "max_value": 1.0},
            r"1 / decreases_interval must be a finite number, got decreases_interval=5e-324",
            ("decreases_interval",),
        ),
        (
            noether.step_interval_schedule,
            {"factor": 0.5, "update_interval": 5e-324},
            r"1 / update_interval must be a finite number, got update_interval=5e-324",
            ("update_interval",),
        ),
        # the value once every fraction has passed: 1e308 * 1e308
        (
            noether.step_fixed_schedule,
            {"factor": 1e308, "start_value": 1e308, "steps": [0.5]},
            r"start_value \* factor \*\* len\(steps\) must be a finite number, "
            r"got start_value=1e\+308, factor=1e\+308, len\(steps\)=1",
            ("start_value", "factor", "steps"),
        ),
        # 1.8e308 ** 2 overflows, though the schedule ends at the run's total
        (
            noether.step_fixed_schedule,
            {"factor": 1.7976931348623157e308, "steps": [0.25, 0.5]},
            r"start_value \* factor \*\* len\(steps\) must be a finite number, "
            r"got start_value=1\.0, factor=1\.7976931348623157e\+308, len\(steps\)=2",
            ("start_value", "factor", "steps"),
        ),
        # noether's int(total_steps * overhang_percent), with a total past the float range
        (
            noether.cosine_decreasing_schedule,
            {"max_value": 1.0, "overhang_percent": 0.5, "total_steps": 10**400},
            r"total_steps \* overhang_percent must be a finite number, "
            r"got total_steps=100000000000000000\.\.\.0000000000000000000, overhang_percent=0\.5",
            ("total_steps", "overhang_percent"),
        ),
    ],
)
def test_noether_refuses_what_overflows_by_the_end(
    factory: Any, kwargs: dict[str, Any], message: str, related: tuple[str, ...]
) -> None:
    with pytest.raises(
        ScheduleError, match=rf"^{re.escape(factory_name(factory))}: {message}$"
    ) as info:
        factory(**{"total_steps": 10, **kwargs})
    assert info.value.param is None
    assert info.value.related == related


def test_noether_messages_show_a_huge_integer_by_its_size() -> None:
    with pytest.raises(ScheduleError) as info:
        noether.linear_decreasing_schedule(
            max_value=1.0, total_steps=5, overhang_percent=0.5, overhang_steps=10**5000
        )
    assert str(info.value) == (
        "compat.noether.linear_decreasing_schedule: only one of overhang_percent and "
        "overhang_steps may be given, got overhang_percent=0.5, "
        "overhang_steps=<an integer of about 5001 digits>"
    )


_PEAKS = [
    # (schedule, its peak, the step of the peak) per row, a peak at no step the
    # parameters name: the warmup's end at half the run,
    (
        noether.linear_warmup_cosine_decay_schedule(
            max_value=1e308, warmup_percent=0.5, end_value=0.0, total_steps=11
        ),
        1e308,
        5,
    ),
    # inside a list of values,
    (noether.custom_schedule(values=[0.0, 1e308, 0.0]), 1e308, 1),
    # and inside a phase, the rise of the first 30% of the run.
    (
        noether.sequential_percent_schedule(
            schedule_configs=[
                (noether.linear_increasing_schedule(max_value=1e308, total_steps=1), 0.0, 0.3),
                (noether.linear_decreasing_schedule(max_value=0.0, total_steps=1), 0.3, 1.0),
            ],
            total_steps=11,
        ),
        1e308,
        2,
    ),
]


@pytest.mark.parametrize(("schedule", "peak", "step"), _PEAKS)
def test_noether_bounds_a_product_by_its_peak(
    schedule: schedkit.Schedule, peak: float, step: int
) -> None:
    assert schedule(step) == peak
    assert max(abs(schedule(t)) for t in range(20)) <= schedule._bound()
    with pytest.raises(ScheduleError, match=r"^scale: "):
        schedkit.scale(schedule, factor=10.0)


def test_noether_runs_far_past_the_float_range() -> None:
    # A run of 10**400 steps: the phases' bounds int(fraction * (T - 1)) are taken
    # exactly, 5 * 10**399 - 1 for a half. The rise reaches 1 there, the fall 0 at T - 1.
    up = noether.linear_increasing_schedule(max_value=1.0, total_steps=1)
    down = noether.linear_decreasing_schedule(max_value=1.0, total_steps=1)
    halves = noether.sequential_percent_schedule(
        schedule_configs=[(up, None, 0.5), (down, 0.5, None)], total_steps=_FAR
    )
    assert halves.length == _FAR
    assert [halves(t) for t in (0, 5 * 10**399 - 1, _FAR - 1, _FAR + 7)] == [0.0, 1.0, 0.0, 0.0]
    # A phase's overhang of 1e300 over a phase of 10**10 steps: noether's float product
    # overflows there; the exact stretch makes the cosine so long it stays at its start.
    long = noether.cosine_decreasing_schedule(max_value=1.0, total_steps=1, overhang_percent=1e300)
    phased = noether.sequential_step_schedule(
        schedule_configs=[(long, 0, None)], total_steps=10**10
    )
    assert [phased(t) for t in (0, 5, 10**10, _FAR)] == [1.0, 1.0, 1.0, 1.0]
    # A warmup of half a run stretched by 10**400 steps: the cosine's end is held past it.
    warm = noether.linear_warmup_cosine_decay_schedule(
        max_value=1.0, warmup_percent=0.5, total_steps=10, overhang_steps=_FAR
    )
    assert warm(3 * _FAR) == 1e-6
