"""Steps given as an array: what an array of steps is, and the operations a schedule's
array form may use on it, for numpy, JAX and PyTorch alike.

==================  ==============================================================
Part                What it holds
==================  ==============================================================
arrays              recognise an array of steps and check it, or return None
Arrays              the operations of one array's library, bound to its steps
==================  ==============================================================

No library is imported here: an array is recognised by the module of its type, and
its own library (already imported, since the array exists) supplies every function.
The operations are the array standard's: ``where``, comparisons, elementwise
functions and floor division. Steps stay integers, in the array's own integer type,
until a formula divides them: comparisons and offsets against Python integers of any
size are exact, and a quotient is converted once, as ``int / int`` converts.

A schedule's ``_array(ops, steps)`` returns the value at each step as an array of
``ops.dtype`` (or a Python float for a value that does not depend on the step), with
no Python branch on the steps' values, so that it traces under ``jax.jit``.
"""

from __future__ import annotations

import math
import sys

from ._validate import ScheduleError, ScheduleTypeError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

__all__ = ["Arrays", "arrays"]

# The bits of the largest divisor ratio converts as it is; the float range ends at
# 2**1024.
_BITS = 1000

# Beyond this many bounds a lookup bisects (searchsorted) instead of counting the
# comparisons one by one.
_CHAIN = 16


# === Recognising an array of steps ===


def _library(value: object) -> str | None:
    module = type(value).__module__
    if module.startswith("numpy"):
        return "numpy" if getattr(value, "ndim", 0) >= 1 else None
    if module.startswith(("jax", "jaxlib")):
        jax = sys.modules.get("jax")
        if jax is None or not isinstance(value, (jax.Array, jax.core.Tracer)):
            return None
        # A concrete 0-d array is a step like a numpy scalar; a traced one is not.
        traced = isinstance(value, jax.core.Tracer)
        return "jax" if traced or value.ndim >= 1 else None
    if module.startswith("torch"):
        return "torch" if getattr(value, "ndim", 0) >= 1 else None
    return None


def arrays(owner: str, value: object) -> Arrays | None:
    """Return the operations for *value*, an array of steps, or None if it is not one.

    Raises ``ScheduleTypeError`` for an array that does not hold integers, and
    ``ScheduleError`` for a negative step in an array whose values can be read
    without waiting on a device (numpy, JAX outside a trace, PyTorch on the CPU).
    """
    library = _library(value)
    if library is None:
        return None
    return Arrays(owner, library, value)


# === The operations ===


class Arrays:
    """The operations of one library, bound to one array of steps.

    The elementwise functions (``sin``, ``cos``, ``exp``, ``log``, ``expm1``,
    ``log1p``, ``sqrt``, ``tanh``, ``floor``, ``isfinite``) are the library's own.
    """

    __slots__ = {
        "concrete": "Whether the steps' values can be read without a trace or a sync.",
        "cos": "The library's cosine.",
        "double": "Whether the values are float64, the scalar path's float.",
        "dtype": "The float type of the values.",
        "exp": "The library's exponential.",
        "expm1": "The library's exp(x) - 1.",
        "floor": "The library's floor of a float array.",
        "imax": "The largest step the integer type holds.",
        "isfinite": "The library's finiteness test.",
        "largest": "The largest finite value of the float type.",
        "library": "'numpy', 'jax' or 'torch'.",
        "log": "The library's natural logarithm.",
        "log1p": "The library's log(1 + x).",
        "shape": "The shape of the steps.",
        "sin": "The library's sine.",
        "sqrt": "The library's square root.",
        "steps": "The steps, in the library's integer type.",
        "tanh": "The library's hyperbolic tangent.",
        "xp": "The library's module of array functions.",
    }
    cos: Callable[[Any], Any]
    exp: Callable[[Any], Any]
    expm1: Callable[[Any], Any]
    floor: Callable[[Any], Any]
    isfinite: Callable[[Any], Any]
    log: Callable[[Any], Any]
    log1p: Callable[[Any], Any]
    sin: Callable[[Any], Any]
    sqrt: Callable[[Any], Any]
    tanh: Callable[[Any], Any]

    def __init__(self, owner: str, library: str, value: Any) -> None:
        self.library = library
        if library == "numpy":
            xp = sys.modules["numpy"]
            self._kind(owner, value, xp.issubdtype(value.dtype, xp.integer), value.dtype)
            if value.dtype == xp.uint64 and value.size and int(value.max()) > 2**63 - 1:
                raise ScheduleError(
                    "step must fit in a 64-bit signed integer, got an array of uint64 "
                    f"holding {int(value.max())}",
                    "step",
                    factory=owner,
                )
            steps = value.astype(xp.int64, copy=False)
            self.dtype = xp.float64
            self.imax = 2**63 - 1
            self.concrete = True
        elif library == "jax":
            jax = sys.modules["jax"]
            xp = jax.numpy
            integral = xp.issubdtype(value.dtype, xp.integer)
            self._kind(owner, value, integral, value.dtype)
            integer = xp.result_type(int)
            steps = value.astype(integer)
            self.dtype = xp.result_type(float)
            self.imax = int(xp.iinfo(integer).max)
            self.concrete = not isinstance(value, jax.core.Tracer)
        else:
            xp = sys.modules["torch"]
            dtype = value.dtype
            integral = not dtype.is_floating_point and not dtype.is_complex and dtype != xp.bool
            self._kind(owner, value, integral, dtype)
            steps = value.to(xp.int64)
            # MPS has no float64; elsewhere the values are computed in float64.
            self.dtype = xp.float32 if value.device.type == "mps" else xp.float64
            self.imax = 2**63 - 1
            # Reading a tensor off the CPU would wait on its device.
            self.concrete = value.device.type == "cpu"
        self.xp = xp
        self.largest = float(xp.finfo(self.dtype).max)
        self.double = self.largest > 1e300
        self.steps = steps
        self.shape = tuple(value.shape)
        for name in ("sin", "cos", "exp", "log", "expm1", "log1p", "sqrt", "tanh", "floor"):
            setattr(self, name, getattr(xp, name))
        self.isfinite = xp.isfinite
        if self.concrete:
            self._no_negative(owner)
        else:
            # Unread, a negative step is taken as step 0 (the docs say so).
            self.steps = self.maximum_int(steps, 0)

    def _kind(self, owner: str, value: Any, integral: bool, dtype: object) -> None:
        if not integral:
            raise ScheduleTypeError(
                f"step must be an integer, got an array of {_dtype_name(dtype)}",
                "step",
                factory=owner,
            )

    def _no_negative(self, owner: str) -> None:
        negative = self.steps < 0
        if bool(negative.any()):
            index = self.first(negative)
            where = ", ".join(str(i) for i in index)
            raise ScheduleError(
                f"steps must be non-negative integers, got step[{where}]={int(self.steps[index])}",
                "step",
                factory=owner,
            )

    def first(self, mask: Any) -> tuple[int, ...]:
        """Return the index of the first true entry of *mask* (a concrete array)."""
        hits = self.xp.nonzero(mask) if self.library == "torch" else self.xp.argwhere(mask)
        return tuple(int(i) for i in hits[0])

    # --- Values ---

    def floats(self, values: Any) -> Any:
        """Return integer *values* converted to the float type."""
        if isinstance(values, int):
            return float(values)
        return values.astype(self.dtype) if self.library != "torch" else values.to(self.dtype)

    def full(self, value: float) -> Any:
        """Return an array of the steps' shape that holds *value* everywhere."""
        if self.library == "torch":
            return self.xp.full(self.shape, value, dtype=self.dtype, device=self.steps.device)
        return self.xp.full(self.shape, value, dtype=self.dtype)

    def array(self, value: Any) -> Any:
        """Return *value* (an array, or a float for every step) as an array of values."""
        if isinstance(value, (int, float)):
            return self.full(float(value))
        return value

    def where(self, condition: Any, chosen: Any, other: Any) -> Any:
        """Return *chosen* where *condition* holds, else *other* (arrays or floats)."""
        if self.library == "torch":
            # torch.where makes a Python float a float32 tensor.
            chosen, other = self.array(chosen), self.array(other)
        return self.xp.where(condition, chosen, other)

    def select(self, pairs: Sequence[tuple[Any, Any]], otherwise: Any) -> Any:
        """Return, at each step, the value of the first (condition, value) pair whose
        condition holds, else *otherwise*."""
        value = otherwise
        for condition, chosen in reversed(pairs):
            value = self.where(condition, chosen, value)
        return value

    def minimum(self, first: Any, second: Any) -> Any:
        """Return the elementwise smaller of two float arrays (or an array and a float)."""
        return self.xp.minimum(self.array(first), self.array(second))

    def maximum(self, first: Any, second: Any) -> Any:
        """Return the elementwise larger of two float arrays (or an array and a float)."""
        return self.xp.maximum(self.array(first), self.array(second))

    def ratio(self, values: Any, whole: int | Any) -> Any:
        """Return ``values / whole`` for integer *values* and *whole*, as ``int / int``
        gives it (correctly rounded while both are below 2**53, the steps at which a
        float holds an integer exactly).

        XLA turns a division by a constant into a multiplication by its reciprocal, an
        ulp off at most; a schedule under JAX is held to a bound that covers it.
        """
        if isinstance(whole, int) and whole.bit_length() > _BITS:
            # Past the float range: scaled by a power of two into it, and back, which
            # keeps the quotient's digits (it is at most 2 ** -936).
            shift = whole.bit_length() - _BITS
            return self.divide(self.floats(values), float(whole >> shift)) * 2.0**-shift
        return self.divide(self.floats(values), self.floats(whole))

    def divide(self, numerator: Any, denominator: Any) -> Any:
        """Return float *numerator* / *denominator*, correctly rounded (but see
        :meth:`ratio` for JAX).

        PyTorch divides a number by a tensor as the number times the tensor's
        reciprocals, twice rounded: the number is spread to a tensor first.
        """
        if isinstance(numerator, float) and isinstance(denominator, float):
            return numerator / denominator
        if self.library == "torch" and isinstance(numerator, float):
            numerator = self.full(numerator)
        return numerator / denominator

    def left(self, values: Any, whole: int) -> Any:
        """Return ``(whole - values) / whole`` for integer steps ``0 <= values <= whole``:
        the part of *whole* still to go, counted in integers."""
        if whole <= self.imax:
            return self.ratio(self.minus(whole, values), whole)
        if whole > 2**117:
            return self.full(1.0)  # every step is less than half an ulp of 1 of it
        return self.divide(float(whole) - self.floats(values), float(whole))

    # --- Integers: exact against Python ints of any size ---

    def below(self, values: Any, bound: int) -> Any:
        """Return ``values < bound`` for integer *values* and a Python int *bound*."""
        if bound > self.imax:
            return self.true(values, True)
        if bound <= -self.imax:
            return self.true(values, False)
        return values < bound

    def at_least(self, values: Any, bound: int) -> Any:
        """Return ``values >= bound``."""
        return ~self.below(values, bound)

    def within(self, values: Any, low: int, high: int) -> Any:
        """Return ``low <= values < high``."""
        return self.at_least(values, low) & self.below(values, high)

    def true(self, values: Any, value: bool) -> Any:
        """Return an array of *value* of the shape of *values*."""
        if self.library == "torch":
            return self.xp.full(tuple(values.shape), value, device=values.device)
        return self.xp.full(values.shape, value)

    def clamp(self, values: Any, low: int, high: int) -> Any:
        """Return integer *values* held within [low, high] (either may be out of range)."""
        low = max(low, -self.imax)
        high = min(high, self.imax)
        if self.library == "torch":
            return self.xp.clamp(values, low, high)
        return self.xp.clip(values, low, high)

    def maximum_int(self, values: Any, low: int) -> Any:
        """Return integer *values* held at *low* or above."""
        return self.clamp(values, low, self.imax)

    def minus(self, first: Any, second: Any) -> Any:
        """Return ``first - second`` of integers, one of them a Python int in range."""
        return first - second

    def floor_divide(self, values: Any, divisor: int) -> Any:
        """Return ``values // divisor`` for non-negative integer *values*, divisor >= 1."""
        if divisor > self.imax:
            return values * 0
        return values // divisor

    def remainder(self, values: Any, divisor: int) -> Any:
        """Return ``values % divisor`` for non-negative integer *values*, divisor >= 1."""
        if divisor > self.imax:
            return values
        return values % divisor

    def count(self, values: Any, bounds: Sequence[int]) -> Any:
        """Return, at each step, how many of the sorted *bounds* are at most the step
        (``bisect_right``), as integers."""
        bounds = [bound for bound in bounds if bound <= self.imax]
        if not bounds:
            return values * 0
        if len(bounds) <= _CHAIN:
            total = self.counted(values >= bounds[0])
            for bound in bounds[1:]:
                total = total + self.counted(values >= bound)
            return total
        table = self.integers(bounds)
        if self.library == "torch":
            return self.xp.searchsorted(table, values.contiguous(), right=True)
        return self.xp.searchsorted(table, values, side="right").astype(values.dtype)

    def counted(self, mask: Any) -> Any:
        """Return a boolean *mask* as integers of the steps' type (1 where it holds)."""
        if self.library == "torch":
            return mask.to(self.steps.dtype)
        return mask.astype(self.steps.dtype)

    def integers(self, items: Sequence[int]) -> Any:
        """Return a 1-d array of integer *items* in the steps' integer type."""
        if self.library == "torch":
            return self.xp.tensor(list(items), dtype=self.steps.dtype, device=self.steps.device)
        return self.xp.asarray(list(items), dtype=self.steps.dtype)

    def table(self, items: Sequence[float]) -> Any:
        """Return a 1-d array of float *items* (inf where one is past a narrower
        float's range)."""
        if self.library == "torch":
            return self.xp.tensor(list(items), dtype=self.dtype, device=self.steps.device)
        # JAX converts through numpy, which warns on a value past float32's range.
        with sys.modules["numpy"].errstate(over="ignore"):
            return self.xp.asarray(list(items), dtype=self.dtype)

    def take(self, items: Sequence[float], index: Any) -> Any:
        """Return ``items[index]`` at each step, for integer *index* within range."""
        return self.table(items)[index]

    def power(self, base: float, exponent: Any, scale: float = 1.0) -> Any:
        """Return ``scale * base ** exponent`` for float *scale* and *base* and a float
        array *exponent*.

        In float64 this is the scalar path's ``pow``. In a narrower float ``pow`` would
        start from *base* rounded to it, an error that the exponent multiplies (a
        decay of 0.9999 over 10**5 steps would be off by a percent), and would flush a
        small power to 0 before *scale* brings it back: there the value is
        ``exp(log|scale| + exponent * log(base))``, with both logarithms taken in
        float64, so its error grows with the log of the value, not with the exponent.
        """
        if self.double or base <= 0.0 or scale == 0.0:
            return scale * base**exponent
        value = self.exp(math.log(abs(scale)) + exponent * math.log(base))
        return value if scale > 0.0 else -value

    # --- The result ---

    def unfinite(self, values: Any) -> tuple[int, float] | None:
        """Return the first step whose value is not finite and its sign (0.0 for nan),
        or None where every value is finite or the values cannot be read."""
        if not self.concrete:
            return None
        bad = ~self.isfinite(values)
        if not bool(bad.any()):
            return None
        index = self.first(bad)
        value = float(values[index])
        sign = 0.0 if math.isnan(value) else math.copysign(1.0, value)
        return int(self.steps[index]), sign

    def errors_ignored(self) -> Any:
        """Return a context in which numpy does not warn on an overflow (the values are
        checked after)."""
        if self.library == "numpy":
            return self.xp.errstate(all="ignore")
        return _Nothing()


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _dtype_name(dtype: object) -> str:
    text = str(dtype)
    return text.removeprefix("torch.")
