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
