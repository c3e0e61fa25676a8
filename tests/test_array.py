"""Schedules called with an array of steps (numpy, PyTorch, JAX): the array path
against the scalar path, for every registered factory and composite.

The scalar path is the reference: in float64 an array's values are the scalar path's
bit for bit where the formula's functions round as ``math`` does (``sin``, ``cos``,
``sqrt``, arithmetic), and within the bound in :data:`ULPS` where it uses numpy's
``pow``, ``exp`` or ``log``, which differ from ``math``'s by an ulp or a few.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schedkit
import strategies
from schedkit import Schedule, ScheduleError, ScheduleTypeError

# ---------------------------------------------------------------- the bounds
# The ulps by which numpy's values may differ from the scalar path's, for the factories
# whose formulas call functions numpy rounds otherwise than math does (pow, exp, log,
# expm1, log1p, tanh). Measured over the strategies' schedules; every other factory,
# and every composite of exact ones, is held to the last bit.
ULPS: dict[str, int] = {
    # pow, in the geometric kinds and moves
    "step_decay": 2,
    "exponential": 2,
    "exponential_decay": 2,
    "interpolate": 2,
    "exp_range": 2,
    # log1p, expm1 and pow in the power of the decay left
    "polynomial": 2,
    # pow of the decayed peaks past the 64 cycles a table holds
    "cosine_restarts": 2,
    # pow in the exponential shape of the warmup
    "with_warmup": 2,
    # compat.torch: pow in the decays and in exp_range's scale
    "compat.torch.step_lr": 2,
    "compat.torch.exponential_lr": 2,
    "compat.torch.polynomial_lr": 2,
    "compat.torch.cyclic_lr": 2,
    "compat.torch.cosine_annealing_warm_restarts": 2,
    # up to three pow factors multiplied
    "compat.torch.chained_scheduler": 6,
    # compat.timm: exp in the tanh, pow past the tables of decays
    "compat.timm.tanh_lr_scheduler": 2,
    "compat.timm.step_lr_scheduler": 2,
    # expm1, log1p and pow in the polynomial's part left
    "compat.timm.poly_lr_scheduler": 4,
    # compat.keras: pow in the decay
    "compat.keras.exponential_decay": 2,
    # compat.optax: pow in the decays and in the cosine's exponent
    "compat.optax.exponential_decay": 2,
    "compat.optax.warmup_exponential_decay_schedule": 2,
    "compat.optax.polynomial_schedule": 2,
    "compat.optax.warmup_cosine_decay_schedule": 2,
    "compat.optax.sgdr_schedule": 2,
    "compat.optax.cosine_decay_schedule": 4,
    # compat.transformers: pow in the polynomial decay
    "compat.transformers.get_polynomial_decay_schedule_with_warmup": 1,
    # compat.noether: pow in the decays (8 only among the subnormals)
    "compat.noether.polynomial_decreasing_schedule": 2,
    "compat.noether.step_interval_schedule": 8,
}

# Factories whose formula subtracts two close values that come from pow or exp, so
# that an ulp of difference in the inputs is many of the result near 0: there the
# bound is absolute, 8 ulp of the schedule's largest magnitude.
CANCELS: frozenset[str] = frozenset(
    {
        # ends of opposite signs, where the value crosses 0
        "polynomial",
        # 1 - shrink of the peaks, and ends of opposite signs
        "cosine_restarts",
        "exp_range",
        "compat.torch.cyclic_lr",
        # 1 - (t / T) ** k_decay, and ends of opposite signs
        "compat.timm.cosine_lr_scheduler",
        "compat.timm.poly_lr_scheduler",
        "compat.keras.polynomial_decay",
        "compat.keras.cosine_decay",
        "compat.keras.cosine_decay_restarts",
        # optax's cosine to the power of its exponent, from 1 - done
        "compat.optax.polynomial_schedule",
        "compat.optax.cosine_decay_schedule",
        "compat.optax.warmup_cosine_decay_schedule",
        "compat.optax.sgdr_schedule",
        "compat.noether.polynomial_increasing_schedule",
        # a decay far below its start, and 1 - sqrt, whose torch sqrt is an ulp off
        "compat.transformers.get_polynomial_decay_schedule_with_warmup",
        "compat.transformers.get_wsd_schedule",
        "compat.noether.step_decreasing_schedule",
    }
)

# Past 2**53 a float cannot hold every integer. The scalar path divides Python ints,
# rounding the phase once; an array rounds the step (or the offset, or the part left,
# which is at most three times the step in every shape) to a float first and then
# divides, as numpy's own int64 / int64 does: the phase is off by at most
# 3 * 2**-53 of itself, which is less than step * 2**-49 steps. No bound in ulps
# follows from that (a formula multiplies it by its slope), so there the array's value
# is held to the scalar path's over the steps that close: within what the schedule
# changes by from step - D to step + D, with D the power of two above step * 2**-49.
RESOLVED = 2**53


def unresolved(step: int) -> int:
    """The steps within which the array path's phase lies at *step* (0: exactly)."""
    return 0 if step <= RESOLVED else 2 ** (step.bit_length() - 49)


def _parts(value: Any) -> Iterator[Any]:
    """The schedules held in a parameter's *value*, at any depth of lists and pairs."""
    if isinstance(value, Schedule):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _parts(item)
    elif hasattr(value, "values"):
        for item in value.values():
            yield from _parts(item)


def _names(schedule: Any) -> Iterator[str]:
    """The factories that make up *schedule*, itself first."""
    yield schedule.name
    for _, value in schedule._params:
        for part in _parts(value):
            yield from _names(part)


def _ints(schedule: Any) -> Iterator[int]:
    """Every integer parameter of *schedule* and its parts: where joins and ends lie."""
    if schedule.length is not None:
        yield schedule.length
    pending = [value for _, value in schedule._params]
    while pending:
        value = pending.pop()
        if type(value) is int:
            yield value
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
        elif isinstance(value, Schedule):
            yield from _ints(value)
        elif isinstance(value, dict) or hasattr(value, "items"):
            pending.extend(value.values())


def edge_steps(schedule: Any) -> list[int]:
    """Step 0, 1, and each join and end with its neighbours, and steps near 2**62."""
    found = {0, 1, 2, 3, 2**62, 2**62 + 1, 2**63 - 1}
    for value in _ints(schedule):
        for near in (value - 1, value, value + 1, 2 * value, 3 * value):
            if 0 <= near <= 2**63 - 1:
                found.add(near)
    return sorted(found)


def scalar_values(schedule: Any, steps: list[int]) -> list[float | None]:
    """The scalar path's value at each step, None where it overflows."""
    return [_value(schedule, step) for step in steps]


def _value(schedule: Any, step: int) -> float | None:
    try:
        value: float = schedule(step)
    except ScheduleError:
        return None
    return value


def finite_steps(schedule: Any, steps: list[int]) -> tuple[list[int], list[float]]:
    """The steps at which the scalar path has a value, and those values."""
    want = scalar_values(schedule, steps)
    kept = [(s, v) for s, v in zip(steps, want, strict=True) if v is not None]
    return [s for s, _ in kept], [v for _, v in kept]


def allowed_ulps(schedule: Any, step: int) -> int:
    return max((ULPS.get(name, 0) for name in _names(schedule)), default=0)


def unresolved_change(schedule: Any, step: int) -> float:
    """What the scalar path changes by over the steps :func:`unresolved` allows."""
    width = unresolved(step)
    if not width:
        return 0.0
    here = schedule(step)
    around = [_value(schedule, max(step - width, 0)), _value(schedule, step + width)]
    return max((abs(value - here) for value in around if value is not None), default=0.0)


def agrees(schedule: Any, step: int, got: float, want: float, ulps: int) -> bool:
    if got == want or (math.isnan(got) and math.isnan(want)):
        return True
    if abs(got - want) <= ulps * math.ulp(want) + unresolved_change(schedule, step):
        return True
    # A power that lands among the subnormals keeps only their absolute precision,
    # which a factor above 1 then multiplies.
    scale = max(1.0, schedule._bound()) if math.isfinite(schedule._bound()) else 1.0
    if ulps and abs(want) < 2.0**-1022 * scale:
        return abs(got - want) <= ulps * 2.0**-1074 * scale
    if any(name in CANCELS for name in _names(schedule)):
        return abs(got - want) <= 8 * math.ulp(schedule._bound())
    return False


def assert_matches(schedule: Any, steps: list[int], values: Any) -> None:
    """Assert that the array's *values* at *steps* are the scalar path's."""
    want = scalar_values(schedule, steps)
    got = [float(value) for value in np.asarray(values, dtype=np.float64).ravel()]
    for step, value, expected in zip(steps, got, want, strict=True):
        assert expected is not None, f"the scalar path overflows at {step} in {schedule!r}"
        ulps = allowed_ulps(schedule, step)
        assert agrees(schedule, step, value, expected, ulps), (
            f"{schedule!r} at step {step}: array {value!r}, scalar {expected!r}"
        )


def check_numpy(schedule: Any, steps: list[int]) -> None:
    want = scalar_values(schedule, steps)
    finite = [step for step, value in zip(steps, want, strict=True) if value is not None]
    values = schedule(np.asarray(finite, dtype=np.int64))
    assert isinstance(values, np.ndarray)
    assert values.dtype == np.float64
    assert values.shape == (len(finite),)
    assert_matches(schedule, finite, values)
    # A step whose value overflows is named, as on the scalar path.
    for step, value in zip(steps, want, strict=True):
        if value is None:
            with pytest.raises(ScheduleError, match=f"overflows a float at step={step}"):
                schedule(np.asarray([0, step], dtype=np.int64))
            break


# ---------------------------------------------------------------- every registered factory


@pytest.mark.parametrize("name", strategies.NAMES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_factory_takes_a_numpy_array_of_steps(name: str, data: st.DataObject) -> None:
    schedule = data.draw(strategies.FACTORIES[name])
    randoms = data.draw(st.lists(strategies.steps.filter(lambda s: s < 2**63), max_size=8))
    smalls = data.draw(st.lists(strategies.small_steps, max_size=8))
    check_numpy(schedule, sorted({*edge_steps(schedule), *randoms, *smalls}))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule=strategies.schedules, data=st.data())
def test_every_composite_takes_a_numpy_array_of_steps(schedule: Any, data: st.DataObject) -> None:
    randoms = data.draw(st.lists(strategies.small_steps, max_size=8))
    check_numpy(schedule, sorted({*edge_steps(schedule), *randoms}))


# ---------------------------------------------------------------- PyTorch
# torch's vectorised sin and cos are not math's: up to 3 ulp apart (measured here); its
# pow, exp and log add to numpy's bound by as much.
TORCH_ULPS = 4


@pytest.fixture(scope="module")
def torch() -> Any:
    return pytest.importorskip("torch", reason="CI installs torch==2.13.0 (CPU)")


def check_torch(torch: Any, schedule: Any, steps: list[int]) -> None:
    finite, want = finite_steps(schedule, steps)
    values = schedule(torch.tensor(finite, dtype=torch.int64))
    assert isinstance(values, torch.Tensor)
    assert values.dtype == torch.float64
    assert tuple(values.shape) == (len(finite),)
    for step, got, expected in zip(finite, values.tolist(), want, strict=True):
        ulps = allowed_ulps(schedule, step) + TORCH_ULPS
        assert agrees(schedule, step, got, expected, ulps), (
            f"{schedule!r} at step {step}: tensor {got!r}, scalar {expected!r}"
        )


@pytest.mark.parametrize("name", strategies.NAMES)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_factory_takes_a_torch_tensor_of_steps(
    torch: Any, name: str, data: st.DataObject
) -> None:
    schedule = data.draw(strategies.FACTORIES[name])
    smalls = data.draw(st.lists(strategies.small_steps, max_size=8))
    check_torch(torch, schedule, sorted({*edge_steps(schedule), *smalls}))


# ---------------------------------------------------------------- JAX
# XLA's elementwise functions are its own (its log1p is up to 128 ulp off on [-0.75, 0]):
# in float64 an array's values are within 8 ulp or 1e-12 relative of the scalar path.
JAX_ULPS = 8
JAX_RELATIVE = 1e-12
# XLA on the CPU flushes subnormal results to zero, and fuses ``a * b + c`` into one
# multiply-add, rounded once where the scalar path rounds twice: where a formula
# crosses 0 that is an ulp or a few of the schedule's largest magnitude. So the bound
# is also absolute: the least normal float times the largest factor a composite may
# multiply a flushed part by, or 8 ulp of the largest magnitude.
JAX_TINY = 2.0**-1022


def jax_tiny(schedule: Any) -> float:
    """The absolute bound of *schedule* under JAX."""
    bound = schedule._bound()
    if not math.isfinite(bound):
        return JAX_TINY
    return max(JAX_TINY * max(1.0, float(bound)), JAX_ULPS * math.ulp(float(bound)))


def check_jit(jax: Any, schedule: Any, steps: list[int]) -> None:
    steps, want = finite_steps(schedule, steps)
    values = jax.jit(schedule)(jax.numpy.asarray(steps, dtype=jax.numpy.int64))
    assert values.dtype == jax.numpy.float64
    for step, got, expected in zip(steps, np.asarray(values).tolist(), want, strict=True):
        ulps = allowed_ulps(schedule, step) + JAX_ULPS
        assert agrees(schedule, step, got, expected, ulps) or close(
            got, expected, JAX_RELATIVE, jax_tiny(schedule)
        ), f"{schedule!r} at step {step}: jit {got!r}, scalar {expected!r}"


# In float32 (JAX's default) a value is the float64 value rounded, within this relative
# bound, or within the least normal float32 absolutely. Measured over the registry:
# the worst is a few ulp of float32 (2**-23) carried through a cosine's phase.
FLOAT32_RELATIVE = 2.0**-18


# The frameworks compute their phases as float fractions (optax's, timm's, PyTorch's
# one-cycle), and some formulas cross 0 between ends of opposite signs: in float32
# those lose digits to ``1 - done`` and to the crossing, an error of a few float32 ulps
# of the schedule's largest magnitude. There the bound is also absolute, that much.
FLOAT32_ABSOLUTE = 2.0**-20


def float32_absolute(schedule: Any) -> float:
    """The absolute float32 bound of *schedule*: FLOAT32_TINY, or for the formulas
    above, FLOAT32_ABSOLUTE of its largest magnitude."""
    bound = schedule._bound()
    loose = any(name.startswith("compat.") or name in CANCELS for name in _names(schedule))
    if loose and math.isfinite(bound):
        return max(FLOAT32_TINY, FLOAT32_ABSOLUTE * float(bound))
    return FLOAT32_TINY


# Parameters that raise a part of the formula to their power, which multiplies the
# relative error of that part (a float32 ulp or a few, in XLA's float32 pow more).
POWERS = frozenset({"power", "k_decay", "exponent"})


def largest_power(schedule: Any) -> float:
    """The largest of *schedule*'s POWERS parameters, and its parts', or 1."""
    found = [1.0]
    for name, value in schedule._params:
        if name in POWERS and isinstance(value, (int, float)):
            found.append(abs(float(value)))
        found.extend(largest_power(part) for part in _parts(value))
    return max(found)


def float32_bound(schedule: Any, value: float) -> float:
    """The relative bound of a float32 value: 2**-18; or 16 float32 ulps times the
    largest power the formula raises a part to; or, for a value far below the
    schedule's largest (a long decay), two float32 ulps per unit of the log of their ratio,
    which a power computed as exp(x * log(gamma)) carries."""
    powered = 16.0 * largest_power(schedule) * 2.0**-24
    bound = schedule._bound()
    if value == 0.0 or bound == 0.0:
        return max(FLOAT32_RELATIVE, powered)
    # A growth has no largest magnitude: its log is taken from 1.
    scale = math.log(bound) if math.isfinite(bound) else 0.0
    # Two float32 ulps per unit of the log: its rounding, and XLA's exp.
    decayed = (abs(math.log(abs(value)) - scale) + 4.0) * 2.0**-23
    return max(FLOAT32_RELATIVE, powered, decayed)


FLOAT32_TINY = 2.0**-126
FLOAT32_LARGEST = float(np.finfo(np.float32).max)


@pytest.fixture
def jax64() -> Iterator[Any]:
    jax = pytest.importorskip("jax", reason="CI installs jax")
    x64 = jax.config.read("jax_enable_x64")
    jax.config.update("jax_enable_x64", True)
    yield jax
    jax.config.update("jax_enable_x64", x64)


@pytest.fixture
def jax32() -> Iterator[Any]:
    jax = pytest.importorskip("jax", reason="CI installs jax")
    x64 = jax.config.read("jax_enable_x64")
    jax.config.update("jax_enable_x64", False)
    yield jax
    jax.config.update("jax_enable_x64", x64)


def jax_settings(examples: int) -> settings:
    """Hypothesis' settings of the JAX tests: their fixtures only switch JAX's
    precision, the same for every example."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def close(got: float, want: float, relative: float, tiny: float) -> bool:
    return got == want or abs(got - want) <= max(relative * abs(want), tiny)


@pytest.mark.parametrize("name", strategies.NAMES)
@jax_settings(5)
@given(data=st.data())
def test_every_factory_traces_under_jit_in_float64(
    jax64: Any, name: str, data: st.DataObject
) -> None:
    schedule = data.draw(strategies.FACTORIES[name])
    smalls = data.draw(st.lists(strategies.small_steps, max_size=8))
    check_jit(jax64, schedule, sorted({*edge_steps(schedule), *smalls}))


@jax_settings(40)
@given(schedule=strategies.schedules, data=st.data())
def test_every_composite_traces_under_jit_in_float64(
    jax64: Any, schedule: Any, data: st.DataObject
) -> None:
    smalls = data.draw(st.lists(strategies.small_steps, max_size=4))
    check_jit(jax64, schedule, sorted({*edge_steps(schedule), *smalls}))


@pytest.mark.parametrize("name", strategies.NAMES)
@jax_settings(5)
@given(data=st.data())
def test_every_factory_traces_under_jit_in_float32(
    jax32: Any, name: str, data: st.DataObject
) -> None:
    schedule = data.draw(strategies.FACTORIES[name])
    smalls = data.draw(st.lists(strategies.small_steps, max_size=8))
    steps = [s for s in sorted({*edge_steps(schedule), *smalls}) if s <= 2**31 - 1]
    steps, want = finite_steps(schedule, steps)
    values = jax32.jit(schedule)(jax32.numpy.asarray(steps, dtype=jax32.numpy.int32))
    assert values.dtype == jax32.numpy.float32
    for step, got, expected in zip(steps, np.asarray(values).tolist(), want, strict=True):
        with np.errstate(over="ignore"):
            rounded = float(np.float32(expected))
        if abs(expected) >= FLOAT32_LARGEST * (1.0 - FLOAT32_RELATIVE):
            # Past float32's range the value is inf (and near its edge may be either).
            assert got == rounded or (math.isinf(got) and got * expected > 0)
            continue
        relative = float32_bound(schedule, expected)
        assert close(got, rounded, relative, float32_absolute(schedule)), (
            f"{schedule!r} at step {step}: float32 {got!r}, float64 {expected!r}"
        )


# ---------------------------------------------------------------- what an array call gives

COSINE = schedkit.with_warmup(
    schedkit.cosine(base_lr=1.0, min_lr=0.1, total_steps=90), warmup_steps=10, start_lr=0.0
)


def test_an_array_keeps_its_shape_and_a_scalar_stays_a_float() -> None:
    steps = np.arange(12).reshape(3, 4)
    values = COSINE(steps)
    assert values.shape == (3, 4)
    assert values.tolist() == [[COSINE(int(s)) for s in row] for row in steps]
    # A numpy integer and a 0-d array are steps like an int.
    assert type(COSINE(np.int32(5))) is float
    assert type(COSINE(np.array(5))) is float
    assert COSINE(np.asarray([], dtype=np.int64)).shape == (0,)


def test_every_integer_type_is_a_step() -> None:
    for dtype in (np.int8, np.uint8, np.int16, np.int32, np.uint32, np.int64, np.uint64):
        assert COSINE(np.asarray([0, 50, 100], dtype=dtype)).tolist() == [0.0, COSINE(50), 0.1]


def test_steps_near_the_int64_limit_are_exact() -> None:
    schedule = schedkit.triangular(min_lr=0.0, max_lr=1.0, step_size=3)
    steps = [2**62, 2**62 + 1, 2**62 + 2, 2**63 - 1]
    assert schedule(np.asarray(steps)).tolist() == [schedule(s) for s in steps]


@pytest.mark.parametrize(
    ("steps", "error", "message"),
    [
        # floats and bools are refused, as a float or a bool step is
        (np.asarray([1.0, 2.0]), ScheduleTypeError, "got an array of float64"),
        (np.asarray([True]), ScheduleTypeError, "got an array of bool"),
        (np.asarray(["1"]), ScheduleTypeError, "got an array of <U1"),
        # the first negative step is named by its index
        (np.asarray([[0, 1], [-2, -3]]), ScheduleError, r"got step\[1, 0\]=-2"),
        # a uint64 past the int64 range cannot be a step of the int64 arithmetic
        (np.asarray([2**64 - 1], dtype=np.uint64), ScheduleError, "64-bit signed integer"),
    ],
)
def test_bad_arrays_are_refused(steps: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as raised:
        COSINE(steps)
    assert raised.value.factory == "with_warmup"  # type: ignore[attr-defined]
    assert raised.value.param == "step"  # type: ignore[attr-defined]


def test_an_overflow_in_an_array_names_its_step() -> None:
    schedule = schedkit.exponential(base_lr=1.0, gamma=2.0)
    with pytest.raises(ScheduleError, match="overflows a float at step=1024"):
        schedule(np.asarray([0, 5, 1024, 2000]))


def test_group_schedules_give_an_array_per_group() -> None:
    groups = schedkit.scale_by_group(COSINE, multipliers={"head": 10.0, "body": 1.0})
    values = groups(np.arange(5))
    assert set(values) == {"head", "body"}
    assert values["head"].tolist() == [groups(s)["head"] for s in range(5)]


def test_a_schedule_still_pickles_and_compares_after_an_array_call() -> None:
    COSINE(np.arange(3))
    assert pickle.loads(pickle.dumps(COSINE)) == COSINE


def test_torch_tensors_of_any_shape_and_integer_type(torch: Any) -> None:
    for dtype in (torch.int8, torch.uint8, torch.int16, torch.int32, torch.int64):
        values = COSINE(torch.tensor([[0, 50], [99, 100]], dtype=dtype))
        assert values.dtype == torch.float64
        assert values.tolist() == [[0.0, COSINE(50)], [COSINE(99), 0.1]]
    # A 0-d tensor is a step like an int.
    assert type(COSINE(torch.tensor(7))) is float
    with pytest.raises(ScheduleTypeError, match="got an array of float32"):
        COSINE(torch.zeros(3))
    with pytest.raises(ScheduleTypeError, match="got an array of bool"):
        COSINE(torch.zeros(3, dtype=torch.bool))
    with pytest.raises(ScheduleError, match=r"got step\[2\]=-1"):
        COSINE(torch.tensor([0, 1, -1]))


def test_a_cuda_tensor_stays_on_its_device(torch: Any) -> None:
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device on this machine: the tensor test ran on the CPU only")
    steps = torch.arange(1000, device="cuda")
    values = COSINE(steps)
    assert values.device == steps.device
    assert values.cpu().tolist() == COSINE(np.arange(1000)).tolist()


def test_jit_vmap_and_scan_in_float64(jax64: Any) -> None:
    jnp = jax64.numpy
    steps = jnp.arange(120)
    want = COSINE(np.arange(120)).tolist()
    # A traced 0-d count, as optax gives it, inside scan.
    _, scanned = jax64.lax.scan(lambda carry, step: (carry, COSINE(step)), 0, steps)
    for values in (jax64.jit(COSINE)(steps), jax64.vmap(COSINE)(steps), scanned):
        assert values.dtype == jnp.float64
        for got, expected in zip(np.asarray(values).tolist(), want, strict=True):
            assert close(got, expected, JAX_RELATIVE, JAX_TINY)
    # A concrete JAX array is read, so a negative step is refused there.
    with pytest.raises(ScheduleError, match=r"got step\[1\]=-4"):
        COSINE(jnp.asarray([0, -4]))


def test_a_traced_negative_step_is_step_0(jax64: Any) -> None:
    values = jax64.jit(COSINE)(jax64.numpy.asarray([-5, 0, 3]))
    for got, want in zip(
        np.asarray(values).tolist(), [COSINE(0), COSINE(0), COSINE(3)], strict=True
    ):
        assert close(got, want, JAX_RELATIVE, JAX_TINY)


def test_traced_floats_are_refused(jax64: Any) -> None:
    with pytest.raises(ScheduleTypeError, match="got an array of float"):
        jax64.jit(COSINE)(jax64.numpy.asarray([1.0]))


def test_int32_steps_reach_the_int32_limit(jax32: Any) -> None:
    # Without x64 JAX's integers are int32: steps up to 2**31 - 1.
    schedule = schedkit.triangular(min_lr=0.0, max_lr=1.0, step_size=7)
    steps = [2**31 - 3, 2**31 - 2, 2**31 - 1]
    values = jax32.jit(schedule)(jax32.numpy.asarray(steps, dtype=jax32.numpy.int32))
    assert np.asarray(values).tolist() == [float(np.float32(schedule(s))) for s in steps]


def test_the_float32_cosine_has_no_flat_tail(jax32: Any) -> None:
    # optax's own cosine is 0.0 over its last steps in float32; the value is not.
    schedule = schedkit.cosine(base_lr=1.0, min_lr=0.0, total_steps=10**6)
    steps = np.arange(10**6 - 1000, 10**6)
    values = np.asarray(jax32.jit(schedule)(jax32.numpy.asarray(steps, dtype=np.int32)))
    want = schedule(steps)
    assert (values > 0).all()
    assert np.max(np.abs(values - want) / want) <= FLOAT32_RELATIVE


def test_optax_takes_a_schedule_as_it_is(jax64: Any) -> None:
    optax = pytest.importorskip("optax")
    jnp = jax64.numpy
    optimizer = optax.inject_hyperparams(optax.adamw)(learning_rate=COSINE, weight_decay=0.0)
    params = {"w": jnp.ones(3)}
    state = optimizer.init(params)

    def step(params: Any, state: Any) -> Any:
        updates, state = optimizer.update(jax64.tree.map(jnp.ones_like, params), state, params)
        return optax.apply_updates(params, updates), state

    update = jax64.jit(step)

    used = []
    for _ in range(12):
        params, state = update(params, state)
        used.append(float(state.hyperparams["learning_rate"]))
    for got, count in zip(used, range(12), strict=True):
        assert close(got, COSINE(count), JAX_RELATIVE, JAX_TINY)
