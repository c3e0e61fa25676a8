"""Hugging Face transformers' ``get_*_schedule*`` functions as pure schedules.

Each function has transformers' own name, parameters and defaults, keyword-only.
transformers returns a ``LambdaLR`` whose lr is the optimizer's lr times a factor;
here ``base_lr`` is that optimizer lr, and the value at step t is the lr after t
calls of ``scheduler.step()``. Where transformers reads ``optimizer.defaults["lr"]``
(the polynomial end and the absolute ``min_lr``), ``base_lr`` is used too, which is
the same for an optimizer with one learning rate. **The warmup counts inside
num_training_steps.** transformers itself is never imported.

transformers computes in floats, which past the float range raise and long before it
lose a cosine's phase. Here every value at every step is the formula's: a cosine's
phase is transformers' float product while it is under 1024, and past that it is
reduced exactly in integers; a decay's value far past the float range is computed
without forming the huge ratio.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args

from .. import _validate as check
from .._kinds import Constant
from .._marks import Steps
from .._registry import register
from .._schedule import Schedule
from .._shapes import HALF_PI, cosine_left, cosine_left_array
from ._base import ClosureSchedule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .._array import Arrays

__all__ = [
    "get_constant_schedule",
    "get_constant_schedule_with_warmup",
    "get_cosine_schedule_with_warmup",
    "get_cosine_with_hard_restarts_schedule_with_warmup",
    "get_cosine_with_min_lr_schedule_with_warmup",
    "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
    "get_inverse_sqrt_schedule",
    "get_linear_schedule_with_warmup",
    "get_polynomial_decay_schedule_with_warmup",
    "get_scheduler",
    "get_wsd_schedule",
]


def _half_turns(turns: float) -> float:
    """Return ``0.5 * (1 + cos(pi * turns))`` for turns >= 0, accurate near its zeros."""
    turns %= 2.0
    return cosine_left(2.0 - turns if turns > 1.0 else turns)


def _half_turns_array(ops: Arrays, turns: Any) -> Any:
    """:func:`_half_turns` at each of the float array *turns*."""
    # x - 2 floor(x / 2) is exact for x >= 0, as Python's float % 2.0 is.
    turns = turns - 2.0 * ops.floor(turns * 0.5)
    return cosine_left_array(ops, ops.where(turns > 1.0, 2.0 - turns, turns))


def _lifted(ops: Arrays, part: Any, base: float, rate: float) -> Any:
    """``base * max(0.0, part * (1 - rate) + rate)`` at each of the float array *part*
    (a cosine's part, from 0 to 1)."""
    if rate == 0.0:
        # part * 1.0 + 0.0 is part, at least +0.0 (a cosine part is never -0.0).
        return base * part
    if not ops.double:
        # In float32 base_lr or the rate alone may leave the range where their
        # product does not: both are folded into the constants.
        lifted = part * (base * (1.0 - rate)) + base * rate
        if rate > 0.0:
            return lifted  # at least min(1, rate) > 0 times base
        # A negative rate (a negative base_lr under a min_lr) is crossed where
        # part = -rate / (1 - rate); below, max gives 0.0.
        return ops.where(part > -rate / (1.0 - rate), lifted, base * 0.0)
    value = part * (1.0 - rate) + rate
    return base * ops.where(value > 0.0, value, 0.0)


# Up to this phase transformers' float product is kept: its rounding there is under
# 1e-12 of a period, so the values agree with transformers'.
_FLOAT_PHASE = 1024


def _phase(cycles: float, span: int, turn: int) -> tuple[Callable[[int], float], _Part]:
    """Return the phase ``turn * cycles * k / span`` of a cosine at k steps in, as a
    float equal to it modulo *turn*, and the array form of the cosine's part there
    (see :class:`_Part`).

    Below :data:`_FLOAT_PHASE` it is transformers' float product. Past it, where the
    float loses the phase and then overflows, it is reduced modulo *turn* exactly:
    *cycles* is a binary fraction m / d, so the phase modulo *turn* is
    ``(turn * m * k) mod (turn * d * span)``, over ``d * span``.
    """
    numerator, denominator = cycles.as_integer_ratio()
    scale = denominator * span
    times = turn * numerator
    modulus = turn * scale
    # Below the limit, k / span is at most 2 ** 53 and the product under _FLOAT_PHASE.
    limit = min(_FLOAT_PHASE * scale // times, span << 53)
    factor = float(turn)

    def phase(k: int) -> float:
        if k < limit:
            return factor * (cycles * (k / span))
        return (times * k % modulus) / scale

    return phase, _Part(cycles, span, turn, limit)


# === The phase on an array of steps ===
#
# Past the limit the scalar phase is turn * round(R / (2**e * span)), R = m * k mod
# (2**e * span), with m / 2**e the cycles. With k = q * span + r and m * r = Q * span
# + C, R / span is B + C / span where B = (m * q + Q) mod 2**e: integers, which int64
# holds (a product modulo 2**64 is exact in two's complement, and 2**e divides it), or
# two of them when e > 62. Below the limit the phase is the float product of
# round(k / span), which is round(B + C / span) too, with B = q and C = r. So both come
# down to the nearest float to B + C / span, in integers where a float would round
# twice. In float32 (JAX without x64, PyTorch on MPS) the bits cannot be the scalar
# path's anyway: there the residue R is exact where the integer type holds it (from
# tables of residues), else a sum of float tables, to about 2**-62 of a turn; the
# cosine takes the folded phase and what is left of it apart, so that it is accurate
# near its zeros too.

_INT64_MAX = 2**63 - 1
# The powers of two, by exponent: a shift's float factor.
_POWERS = [2.0**shift for shift in range(64)]
_LOW_31 = 2**31 - 1
_LOW_62 = 2**62 - 1
# A float holds every integer below this, and float(int) rounds once past it.
_EXACT = 2**53
# Up to this span, B * span + C is below 2**53 wherever B < span.
_SMALL_SPAN = 2**26
# Up to this span, the product of two residues modulo it is below 2**62.
_MULTIPLIED_SPAN = 2**31
# m * q + Q is below 2**116 (m < 2**53, q < 2**63): from this e on, it is never reduced.
_WIDEST = 116


def _exact(ops: Arrays) -> bool:
    """Whether the steps are int64 and the values float64, where the integer forms
    below hold."""
    return ops.imax == _INT64_MAX and ops.double


def _integers(ops: Arrays, values: Any) -> Any:
    """Return float *values* holding integers as the steps' integer type."""
    if ops.library == "torch":
        return values.to(ops.steps.dtype)
    return values.astype(ops.steps.dtype)


def _bit_length(ops: Arrays, values: Any) -> Any:
    """Return the bit length of each integer of *values*, all below 2**53 (0 for 0):
    frexp's exponent of the float, which holds the integer exactly."""
    return _integers(ops, ops.xp.frexp(ops.floats(values))[1])


def _nearest(ops: Arrays, whole: Any, part: Any, span: int, bound: int) -> Any:
    """Return the float nearest to ``whole + part / span``, as Python's int / int
    rounds ``whole * span + part``, for integers 0 <= whole < bound <= 2**63 and
    0 <= part < span < 2**53.

    Where whole >= span the sum of the two floats rounds once where it matters: the
    fraction's error is under its distance to any tie of the sum's last place. Where
    whole < span, the numerator is below 2**53 for a span up to 2**26, else it is
    rounded in integers. From 2**53 on the fraction is only a sticky bit: 2 * whole + 1
    rounds to the same 53 bits (round to odd), and from 2**54 on so does whole | 1.
    """
    fraction = ops.ratio(part, span)
    if bound <= 1:
        return fraction
    if span <= _SMALL_SPAN:
        low = ops.ratio(whole * span + part, span)
    else:
        exactly = _nearest_exactly(ops, whole, part, span, fraction)
        low = ops.where(ops.below(whole, 1), fraction, exactly)
    if bound <= span:
        return low
    pairs = [(ops.below(whole, span), low)]
    spread = ops.floats(whole) + fraction
    if bound <= _EXACT:
        return ops.select(pairs, spread)
    pairs.append((ops.below(whole, _EXACT), spread))
    sticky = ops.counted(ops.at_least(part, 1))
    odd = ops.floats(2 * whole + sticky) * 0.5
    if bound <= 2 * _EXACT:
        return ops.select(pairs, odd)
    pairs.append((ops.below(whole, 2 * _EXACT), odd))
    return ops.select(pairs, ops.floats(whole | sticky))


def _nearest_exactly(ops: Arrays, whole: Any, part: Any, span: int, fraction: Any) -> Any:
    """Return the float nearest to ``whole + part / span`` for 1 <= whole < span < 2**53,
    in integers: the 53 bits of the result are ``whole << shift`` plus the first
    *shift* bits of ``part / span``, whose float is off by at most one in the last of
    them; the remainder, exact modulo 2**64 since it is small, settles that bit and
    the rounding."""
    shift = ops.clamp(53 - _bit_length(ops, whole), 0, 52)
    power = ops.take(_POWERS, shift)
    guess = _integers(ops, ops.floor(fraction * power))
    # (part << shift) - guess * span lies in [-span, 2 * span): lifted to [0, 3 * span).
    rest = (part << shift) - guess * span + span
    mantissa = (whole << shift) + guess - 1 + ops.floor_divide(rest, span)
    twice = 2 * ops.remainder(rest, span)
    tie = (twice == span) & ((mantissa & 1) == 1)
    up = ops.at_least(twice, span + 1) | tie
    return ops.floats(mantissa + ops.counted(up)) / power


def _wide_product(values: Any, factor: int) -> tuple[Any, Any]:
    """Return ``values * factor`` as (high, low), high * 2**62 + low with low < 2**62,
    for integers 0 <= values < 2**63 and 0 <= factor < 2**53, in 31-bit halves whose
    products int64 holds."""
    top, bottom = divmod(factor, 2**31)
    upper, lower = values >> 31, values & _LOW_31
    across = upper * bottom
    low = lower * bottom
    high = across >> 31
    middle = across & _LOW_31
    if top:
        other = lower * top
        high = high + upper * top + (other >> 31)
        middle = middle + (other & _LOW_31)
    low = low + ((middle & _LOW_31) << 31)
    high = high + (middle >> 31) + (low >> 62)
    return high, low & _LOW_62


def _nearest_wide(ops: Arrays, high: Any, low: Any, part: Any, span: int) -> Any:
    """Return the float nearest to ``high * 2**62 + low + part / span``, for
    0 <= high < 2**54, 0 <= low < 2**62 and 0 <= part < span < 2**53."""
    narrow = _nearest(ops, low, part, span, 2**62)
    # Where high > 0 the top 62 bits or so, with a sticky last bit for what lies below
    # them, round as the whole does (round to odd). A high from 2**53 on may count one
    # bit too many, which leaves 61 bits: still enough.
    bits = _bit_length(ops, high)
    kept = low >> bits
    top = (high << (62 - bits)) | kept
    sticky = ops.counted(((kept << bits) != low) | ops.at_least(part, 1))
    wide = ops.floats(top | sticky) * ops.take(_POWERS, bits)
    return ops.where(ops.at_least(high, 1), wide, narrow)


def _residues(
    ops: Arrays, rest: Any, span: int, above: int, below: int, plus: int
) -> tuple[Any, Any]:
    """Return (Q, C) with ``(above * span + below) * rest = Q * span + C`` and
    0 <= C < span, for integers 0 <= rest < span + plus < 2**53 + 1 and below < span,
    where Q is below 2**53."""
    quotient: Any
    if below <= 1:
        # below * rest is below span, but where plus brings rest to span.
        quotient, remainder = 0, rest if below else rest * 0
        if plus and below:
            quotient = ops.counted(ops.at_least(rest, span))
            remainder = remainder - quotient * span
    elif span <= _MULTIPLIED_SPAN:
        multiplied = rest * below
        quotient = ops.floor_divide(multiplied, span)
        remainder = ops.remainder(multiplied, span)
    else:
        # The float quotient is within 3 of below * rest / span (< 2**53): the
        # remainder against it, exact modulo 2**64 since it is small, corrects it.
        guess = _integers(ops, ops.floor(ops.divide(ops.floats(rest) * float(below), float(span))))
        lifted = rest * below - guess * span + 4 * span
        quotient = guess - 4 + ops.floor_divide(lifted, span)
        remainder = ops.remainder(lifted, span)
    if above:
        quotient = quotient + rest * above
    return quotient, remainder


class _Part:
    """The array form of a cosine's part at k steps in: ``_half_turns(phase(k))`` for
    a turn of 2, ``cosine_left(phase(k) % 1.0)`` for a turn of 1, with the phase of
    :func:`_phase` for the same values. ``part(ops, k, plus)`` is the part at k + plus
    (plus 0 or 1, so that k itself stays in the integer range)."""

    __slots__ = {
        "_above": "m // span, of the m that counts.",
        "_below": "m % span.",
        "_cycles": "The cycles, m / 2**e.",
        "_exponent": "e.",
        "_factor": "The turn as a float.",
        "_far": "turn * 2**-(e - e // 2), the unit's first half where it is subnormal.",
        "_limit": "The first k whose phase is reduced.",
        "_multiple": "m, or m mod span where e = 0 (a whole turn apart).",
        "_numerator": "m.",
        "_scale": "2**e * span, the denominator of the phase in turns.",
        "_span": "The span.",
        "_tables": "The low-precision tables, by their count of 8-bit pieces and kind.",
        "_unit": "turn * 2**-e, which the reduced phase is a multiple of.",
    }

    def __init__(self, cycles: float, span: int, turn: int, limit: int) -> None:
        numerator, denominator = cycles.as_integer_ratio()
        self._cycles = cycles
        self._span = span
        self._limit = limit
        self._numerator = numerator
        self._scale = denominator * span
        self._exponent = exponent = denominator.bit_length() - 1
        self._factor = factor = float(turn)
        self._unit = factor * 2.0**-exponent
        self._far = factor * 2.0 ** -(exponent - exponent // 2)
        self._multiple = numerator if exponent else numerator % span
        self._above, self._below = divmod(self._multiple, span)
        self._tables: dict[tuple[int, bool], list[Any]] = {}

    def __call__(self, ops: Arrays, k: Any, plus: int = 0) -> Any:
        if _exact(ops) and self._span < _EXACT:
            turns = self._phase(ops, k, plus)
            if self._factor == 2.0:
                return _half_turns_array(ops, turns)
            # x - floor(x) is exact for x >= 0, as Python's float % 1.0 is.
            return cosine_left_array(ops, turns - ops.floor(turns))
        done, left = self._folded(ops, k, plus)
        s = ops.sin(HALF_PI * left)
        return ops.where(done < 0.75, (1.0 + ops.cos(math.pi * done)) * 0.5, s * s)

    # --- float64: the scalar path's phase, to the bit ---

    def _phase(self, ops: Arrays, k: Any, plus: int) -> Any:
        top = self._limit - plus
        if top > ops.imax:
            return self._product(ops, k, plus)
        if top <= 0:
            return self._reduced(ops, k, plus)
        product = self._product(ops, k, plus)
        return ops.where(ops.below(k, top), product, self._reduced(ops, k, plus))

    def _product(self, ops: Arrays, k: Any, plus: int) -> Any:
        # Below the limit: factor * (cycles * round((k + plus) / span)).
        span = self._span
        top = self._limit - plus
        if top <= _EXACT:
            ratio = ops.ratio(ops.clamp(k, 0, top - 1) + plus, span)
        else:
            # span >= 2 here (the limit is at most span << 53), so q + 1 fits.
            rest = ops.remainder(k, span) + plus
            carry = ops.counted(ops.at_least(rest, span)) if plus else 0
            whole = ops.floor_divide(k, span) + carry
            ratio = _nearest(ops, whole, rest - carry * span, span, _EXACT)
        return self._factor * (self._cycles * ratio)

    def _reduced(self, ops: Arrays, k: Any, plus: int) -> Any:
        # From the limit on: turn * 2**-e * round(B + C / span).
        span, exponent, multiple = self._span, self._exponent, self._multiple
        quotient = ops.floor_divide(k, span)
        # k - q * span is k % span, at a third of its cost.
        rest = (k - quotient * span if span <= ops.imax else k) + plus
        carried, part = _residues(ops, rest, span, self._above, self._below, plus)
        if exponent == 0:
            return self._unit * ops.ratio(part, span)
        if exponent <= 62:
            whole = (quotient * multiple + carried) & (2**exponent - 1)
            return self._unit * _nearest(ops, whole, part, span, 2**exponent)
        high, low = _wide_product(quotient, multiple)
        low = low + carried
        high = high + (low >> 62)
        if exponent < _WIDEST:
            high = high & (2 ** (exponent - 62) - 1)
        value = _nearest_wide(ops, high, low & _LOW_62, part, span)
        if exponent < 1000:
            return value * self._unit
        # A unit below the normal range would lose bits to the flush of subnormals
        # some backends do: it is applied in two normal halves.
        return value * self._far * 2.0 ** -(exponent // 2)

    # --- float32: the folded phase and what is left of it, each accurate ---

    def _folded(self, ops: Arrays, k: Any, plus: int) -> tuple[Any, Any]:
        """Return x, the phase folded into [0, 1] as cosine_left takes it, and 1 - x,
        accurate relative to itself near the cosine's zeros (1 - x from a float32 x
        would not be)."""
        scale = self._scale
        rest = self._residue(ops, k, plus)
        if rest is not None:
            # The phase in turns is R / scale exactly, and an exact 0 stays 0.
            if self._factor == 1.0:
                return ops.ratio(rest, scale), ops.ratio(scale - rest, scale)
            gap = (scale - rest) - rest
            gap = ops.where(gap < 0, -gap, gap)
            return ops.ratio(scale - gap, scale), ops.ratio(gap, scale)
        high, middle, low = self._tabled(ops, k, plus)
        high = high - ops.floor(high)
        if self._factor == 1.0:
            done = (high + middle) + low
            high = ops.select([(done < 0.0, high + 1.0), (done >= 1.0, high - 1.0)], high)
            return (high + middle) + low, ((1.0 - high) - middle) - low
        gap = ((0.5 - high) - middle) - low
        left = 2.0 * ops.where(gap < 0.0, -gap, gap)
        return 1.0 - left, left

    def _residue(self, ops: Arrays, k: Any, plus: int) -> Any:
        """Return R = m * (k + plus) mod scale exactly, or None where the integer type
        holds neither the product nor a sum of residues from tables."""
        scale = self._scale
        multiple = self._numerator % scale
        if scale * max(multiple, 1) <= ops.imax:
            turned = ops.remainder(k, scale) + plus
            return ops.remainder(turned * multiple if multiple != 1 else turned, scale)
        pieces = _pieces(ops)
        if (pieces + 1) * scale > ops.imax:
            return None
        total = ops.integers(self._table(pieces, 0, exact=True))[k & 255]
        for index in range(1, pieces):
            total = (
                total + ops.integers(self._table(pieces, index, exact=True))[(k >> 8 * index) & 255]
            )
        return ops.remainder(total + multiple * plus % scale, scale)

    def _tabled(self, ops: Arrays, k: Any, plus: int) -> tuple[Any, Any, Any]:
        """Return the phase in turns, modulo 1, as high + middle + low: high a sum of
        multiples of 2**-20 and middle of multiples of 2**-40 below 2**-21, each sum
        exact in float32, and low the sum of what is left, below 2**-37."""
        pieces = _pieces(ops)
        parts = [ops.take(table, k & 255) for table in self._table(pieces, 0)]
        for index in range(1, pieces):
            digits = (k >> 8 * index) & 255
            more = [ops.take(table, digits) for table in self._table(pieces, index)]
            parts = [part + added for part, added in zip(parts, more, strict=True)]
        if plus:
            parts = [part + added for part, added in zip(parts, self._split(plus), strict=True)]
        high, middle, low = parts
        return high, middle, low

    def _table(self, pieces: int, index: int, *, exact: bool = False) -> Any:
        # The tables of the 8-bit piece *index* of k, made once for each count.
        key = (pieces, exact)
        if key not in self._tables:
            tables: list[Any] = []
            for place in range(pieces):
                digits = [digit << 8 * place for digit in range(256)]
                if exact:
                    tables.append([self._numerator * digit % self._scale for digit in digits])
                else:
                    split = [self._split(digit) for digit in digits]
                    tables.append([[part[level] for part in split] for level in range(3)])
            self._tables[key] = tables
        return self._tables[key][index]

    def _split(self, k: int) -> tuple[float, float, float]:
        # (m * k mod scale) / scale as a multiple of 2**-20, one of 2**-40, and the rest.
        scale = self._scale
        rest = (self._numerator * k % scale) << 20
        high = (2 * rest + scale) // (2 * scale)
        rest = (rest - high * scale) << 20
        middle = (2 * rest + scale) // (2 * scale)
        rest -= middle * scale
        return high / 2**20, middle / 2**40, rest / (scale << 40)


def _pieces(ops: Arrays) -> int:
    # The 8-bit pieces of the largest step.
    return -(-ops.imax.bit_length() // 8)


def _rising(ops: Arrays, steps: Any, base: float, warmup: int) -> Any:
    """``base * (step / warmup)`` at each step, for a warmup > 0: the warmups from 0."""
    return base * ops.ratio(ops.clamp(steps, 0, warmup), warmup)


def _until(ops: Arrays, steps: Any, start: int, end: int) -> Any:
    """``end - step`` at each step, held within [start, end] (start <= the largest step).

    Past the integer range the count is a float, rounded once or twice."""
    if end <= ops.imax:
        return end - ops.clamp(steps, start, end)
    return float(end) - ops.floats(ops.clamp(steps, start, ops.imax))


def _counts(**counts: object) -> dict[str, int]:
    return {key: check.at_least(key, value, 0) for key, value in counts.items()}


@register
def get_constant_schedule(*, base_lr: float) -> Schedule:
    """``get_constant_schedule``: *base_lr* at every step.

    Args:
        base_lr: the optimizer's lr, the value at every step.

    Examples:
        >>> from schedkit.compat.transformers import get_constant_schedule
        >>> get_constant_schedule(base_lr=0.1)(1000)
        0.1
    """
    base_lr = check.real("base_lr", base_lr)
    return Constant(get_constant_schedule, {"base_lr": base_lr}, base_lr)


@register
def get_constant_schedule_with_warmup(*, base_lr: float, num_warmup_steps: Steps) -> Schedule:
    """``get_constant_schedule_with_warmup``: a straight warmup from 0, then *base_lr*.

    With W = num_warmup_steps::

        value(t) = base_lr * t / W    if t < W
                   base_lr            otherwise

    Args:
        base_lr: the optimizer's lr, reached at the end of the warmup.
        num_warmup_steps: the warmup's length W, at least 0.

    Examples:
        >>> from schedkit.compat.transformers import get_constant_schedule_with_warmup
        >>> schedule = get_constant_schedule_with_warmup(base_lr=1.0, num_warmup_steps=4)
        >>> [schedule(t) for t in range(6)]
        [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """
    base_lr = check.real("base_lr", base_lr)
    warmup = check.at_least("num_warmup_steps", num_warmup_steps, 0)

    def at(step: int) -> float:
        return base_lr * (step / warmup) if step < warmup else base_lr

    def at_array(ops: Arrays, steps: Any) -> Any:
        if warmup == 0:
            return base_lr
        return ops.where(ops.below(steps, warmup), _rising(ops, steps, base_lr, warmup), base_lr)

    params = {"base_lr": base_lr, "num_warmup_steps": warmup}
    return ClosureSchedule(
        get_constant_schedule_with_warmup,
        params,
        at,
        array=at_array,
        length=warmup,
        bound=abs(base_lr),
    )


@register
def get_linear_schedule_with_warmup(
    *, base_lr: float, num_warmup_steps: Steps, num_training_steps: Steps
) -> Schedule:
    """``get_linear_schedule_with_warmup``: up from 0 in W steps, then down to 0 at N.

    With W = num_warmup_steps and N = num_training_steps::

        value(t) = base_lr * t / W                          if t < W
                   base_lr * max(0, (N - t) / max(1, N - W))  otherwise

    Args:
        base_lr: the optimizer's lr, the peak at the end of the warmup.
        num_warmup_steps: the warmup's length W, at least 0.
        num_training_steps: the step N at which the value reaches 0, counting the warmup; at
            least 0.

    Examples:
        >>> from schedkit.compat.transformers import get_linear_schedule_with_warmup
        >>> schedule = get_linear_schedule_with_warmup(
        ...     base_lr=1.0, num_warmup_steps=2, num_training_steps=6)
        >>> [schedule(t) for t in range(8)]
        [0.0, 0.5, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    """
    base_lr = check.real("base_lr", base_lr)
    counts = _counts(num_warmup_steps=num_warmup_steps, num_training_steps=num_training_steps)
    warmup, total = counts["num_warmup_steps"], counts["num_training_steps"]
    span = max(1, total - warmup)
    # From N on transformers' factor is 0, and the lr base_lr * 0.0 (-0.0 below 0).
    past = base_lr * 0.0

    def at(step: int) -> float:
        if step < warmup:
            return base_lr * (step / warmup)
        if step >= total:
            return past
        return base_lr * ((total - step) / span)

    def at_array(ops: Arrays, steps: Any) -> Any:
        pairs = []
        if warmup > 0:
            pairs.append((ops.below(steps, warmup), _rising(ops, steps, base_lr, warmup)))
        if warmup < total and warmup <= ops.imax:
            left = _until(ops, steps, warmup, total)
            pairs.append((ops.below(steps, total), base_lr * ops.ratio(left, span)))
        return ops.select(pairs, past)

    params = {"base_lr": base_lr, **counts}
    return ClosureSchedule(
        get_linear_schedule_with_warmup,
        params,
        at,
        array=at_array,
        length=max(total, warmup),
        bound=abs(base_lr),
    )


def _cosine(
    factory: Callable[..., Schedule],
    *,
    base_lr: object,
    num_warmup_steps: object,
    num_training_steps: object,
    num_cycles: object,
    floor: tuple[object, object] | None = None,
) -> Schedule:
    # The shared body of the cosine schedules with a warmup from 0; floor is the
    # (min_lr, min_lr_rate) of the schedules that have one.
    base = check.real("base_lr", base_lr)
    counts = _counts(num_warmup_steps=num_warmup_steps, num_training_steps=num_training_steps)
    warmup, total = counts["num_warmup_steps"], counts["num_training_steps"]
    cycles = check.positive("num_cycles", num_cycles)
    extra: dict[str, float | None] = {}
    rate = 0.0
    if floor is not None:
        rate, extra["min_lr"], extra["min_lr_rate"] = _min_lr_rate(base, *floor)
    span = max(1, total - warmup)
    phase, part_array = _phase(cycles, span, 2)

    def at(step: int) -> float:
        if step < warmup:
            return base * (step / warmup)
        part = _half_turns(phase(step - warmup))
        return base * max(0.0, part * (1.0 - rate) + rate)

    def at_array(ops: Arrays, steps: Any) -> Any:
        if warmup > ops.imax:
            return _rising(ops, steps, base, warmup)
        part = part_array(ops, ops.clamp(steps, warmup, ops.imax) - warmup)
        after = _lifted(ops, part, base, rate)
        if warmup == 0:
            return after
        return ops.where(ops.below(steps, warmup), _rising(ops, steps, base, warmup), after)

    params = {"base_lr": base, **counts, "num_cycles": cycles, **extra}
    # The value lies between 0 and base_lr or the floor base_lr * rate.
    return ClosureSchedule(factory, params, at, array=at_array, bound=abs(base) * max(1.0, rate))


@register
def get_cosine_schedule_with_warmup(
    *, base_lr: float, num_warmup_steps: Steps, num_training_steps: Steps, num_cycles: float = 0.5
) -> Schedule:
    """``get_cosine_schedule_with_warmup``: a warmup from 0, then a cosine to 0 at N.

    With W, N as above and p = (t - W) / max(1, N - W)::

        value(t) = base_lr * t / W                                     if t < W
                   base_lr * (1 + cos(2 * pi * num_cycles * p)) / 2    otherwise

    Quirk kept from transformers: past N the cosine goes on, so with the default
    half cycle the value rises again after N (huggingface/transformers#34754 asks for
    a floor; :func:`get_cosine_with_min_lr_schedule_with_warmup` has one).

    Args:
        base_lr: the optimizer's lr, the peak at the end of the warmup.
        num_warmup_steps: the warmup's length W, at least 0.
        num_training_steps: the run's length N, counting the warmup; at least 0.
        num_cycles: the number of cosine periods between W and N, greater than 0 (0.5 is
            half a cosine, down to 0).

    Examples:
        >>> from schedkit.compat.transformers import get_cosine_schedule_with_warmup
        >>> schedule = get_cosine_schedule_with_warmup(
        ...     base_lr=1.0, num_warmup_steps=2, num_training_steps=6)
        >>> schedule(0), schedule(2), schedule(4), schedule(6), schedule(10)
        (0.0, 1.0, 0.5, 0.0, 1.0)
    """
    return _cosine(
        get_cosine_schedule_with_warmup,
        base_lr=base_lr,
        num_warmup_steps=num_warmup_steps,
        num_training_steps=num_training_steps,
        num_cycles=num_cycles,
    )


@register
def get_cosine_with_hard_restarts_schedule_with_warmup(
    *, base_lr: float, num_warmup_steps: Steps, num_training_steps: Steps, num_cycles: float = 1.0
) -> Schedule:
    """``get_cosine_with_hard_restarts_schedule_with_warmup``: a warmup from 0, then
    *num_cycles* cosines from *base_lr* to 0, each restarting at *base_lr*; 0 from N on.

    With p = (t - W) / max(1, N - W)::

        value(t) = base_lr * t / W                                         if t < W
                   base_lr * (1 + cos(pi * ((num_cycles * p) mod 1))) / 2  if p < 1
                   0                                                       otherwise

    Args:
        base_lr: the optimizer's lr, the peak of every cosine.
        num_warmup_steps: the warmup's length W, at least 0.
        num_training_steps: the step N from which the value is 0, counting the warmup; at
            least 0.
        num_cycles: the number of cosines between W and N, greater than 0.

    Examples:
        >>> from schedkit.compat.transformers import (
        ...     get_cosine_with_hard_restarts_schedule_with_warmup as restarts)
        >>> schedule = restarts(base_lr=1.0, num_warmup_steps=0, num_training_steps=8,
        ...                     num_cycles=2)
        >>> [round(schedule(t), 4) for t in range(9)]
        [1.0, 0.8536, 0.5, 0.1464, 1.0, 0.8536, 0.5, 0.1464, 0.0]
    """
    base = check.real("base_lr", base_lr)
    counts = _counts(num_warmup_steps=num_warmup_steps, num_training_steps=num_training_steps)
    warmup, total = counts["num_warmup_steps"], counts["num_training_steps"]
    cycles = check.positive("num_cycles", num_cycles)
    span = max(1, total - warmup)
    # transformers tests the float progress (t - W) / span, which reaches 1 from
    # span - span // 2 ** 54 steps in: at the span itself while it is under 2 ** 54.
    end = warmup + span - (span >> 54)
    phase, part_array = _phase(cycles, span, 1)

    def at(step: int) -> float:
        if step < warmup:
            return base * (step / warmup)
        if step >= end:
            return 0.0
        return base * cosine_left(phase(step - warmup) % 1.0)

    def at_array(ops: Arrays, steps: Any) -> Any:
        pairs = []
        if warmup > 0:
            pairs.append((ops.below(steps, warmup), _rising(ops, steps, base, warmup)))
        if warmup <= ops.imax:
            value = base * part_array(ops, ops.clamp(steps, warmup, end) - warmup)
            pairs.append((ops.below(steps, end), value))
        return ops.select(pairs, 0.0)

    params = {"base_lr": base, **counts, "num_cycles": cycles}
    # The value is 0 from the first step whose progress reaches 1: one step past a
    # warmup as long as the run, where the peak is shown once.
    return ClosureSchedule(
        get_cosine_with_hard_restarts_schedule_with_warmup,
        params,
        at,
        array=at_array,
        length=end,
        bound=abs(base),
    )


@register
def get_polynomial_decay_schedule_with_warmup(
    *,
    base_lr: float,
    num_warmup_steps: Steps,
    num_training_steps: Steps,
    lr_end: float = 1e-7,
    power: float = 1.0,
) -> Schedule:
    """``get_polynomial_decay_schedule_with_warmup``: a warmup from 0, then a polynomial
    decay from *base_lr* to the absolute *lr_end* at N, held after.

    ::

        value(t) = base_lr * t / W                                              if t < W
                   lr_end + (base_lr - lr_end) * ((N - t) / (N - W)) ** power   if t <= N
                   lr_end                                                       if t > N

    transformers requires base_lr > lr_end. Where it divides by zero (N == W, at
    step W), *lr_end* is the value.

    Args:
        base_lr: the optimizer's lr, the peak at the end of the warmup.
        num_warmup_steps: the warmup's length W, at least 0.
        num_training_steps: the step N at which *lr_end* is reached, counting the warmup; at
            least 0.
        lr_end: the absolute final value, less than *base_lr*.
        power: the exponent of the decay, greater than 0.

    Examples:
        >>> from schedkit.compat.transformers import get_polynomial_decay_schedule_with_warmup
        >>> schedule = get_polynomial_decay_schedule_with_warmup(
        ...     base_lr=1.0, num_warmup_steps=2, num_training_steps=6, lr_end=0.0, power=2.0)
        >>> [schedule(t) for t in range(8)]
        [0.0, 0.5, 1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """
    base = check.real("base_lr", base_lr)
    counts = _counts(num_warmup_steps=num_warmup_steps, num_training_steps=num_training_steps)
    warmup, total = counts["num_warmup_steps"], counts["num_training_steps"]
    end = check.real("lr_end", lr_end)
    if not base > end:
        raise check.ScheduleError(
            f"lr_end must be less than base_lr, got lr_end={end!r}, base_lr={base!r}",
            "lr_end",
            related=("base_lr",),
        )
    power = check.positive("power", power)
    span = total - warmup
    height = check.finite_difference(("lr_end", "base_lr"), (end, base))

    def at(step: int) -> float:
        if step < warmup:
            return base * (step / warmup)
        if step >= total:
            return end
        return float(end + height * ((total - step) / span) ** power)

    def at_array(ops: Arrays, steps: Any) -> Any:
        pairs = []
        if warmup > 0:
            pairs.append((ops.below(steps, warmup), _rising(ops, steps, base, warmup)))
        if warmup < total and warmup <= ops.imax:
            left = ops.ratio(_until(ops, steps, warmup, total), span)
            pairs.append((ops.below(steps, total), end + height * left**power))
        return ops.select(pairs, end)

    params = {"base_lr": base, **counts, "lr_end": end, "power": power}
    # From 0 up to base_lr, then down to lr_end, which may be further from 0.
    return ClosureSchedule(
        get_polynomial_decay_schedule_with_warmup,
        params,
        at,
        array=at_array,
        length=max(total, warmup),
        bound=max(abs(base), abs(end)),
    )


@register
def get_inverse_sqrt_schedule(
    *, base_lr: float, num_warmup_steps: Steps, timescale: Steps | None = None
) -> Schedule:
    """``get_inverse_sqrt_schedule``: a warmup from 0, then an inverse square root decay.

    With s = timescale (default: W, or 10000 when W is 0)::

        value(t) = base_lr * t / W                        if t < W
                   base_lr / sqrt((t - W + s) / s)        otherwise

    Args:
        base_lr: the optimizer's lr, the peak at the end of the warmup.
        num_warmup_steps: the warmup's length W, at least 0.
        timescale: the decay's time scale s in steps, at least 1; None for W, or 10000 when
            W is 0.

    Examples:
        >>> from schedkit.compat.transformers import get_inverse_sqrt_schedule
        >>> schedule = get_inverse_sqrt_schedule(base_lr=1.0, num_warmup_steps=4)
        >>> schedule(0), schedule(2), schedule(4), schedule(16)
        (0.0, 0.5, 1.0, 0.5)
    """
    base = check.real("base_lr", base_lr)
    warmup = check.at_least("num_warmup_steps", num_warmup_steps, 0)
    given = None if timescale is None else check.positive_integer("timescale", timescale)
    scale = (warmup or 10000) if given is None else given
    # From here on the ratio under the root is at least 2 ** 1000, near the float range.
    far = warmup - scale + (scale << 1000)

    def at(step: int) -> float:
        if step < warmup:
            return base * (step / warmup)
        if step < far:
            return base / math.sqrt((step - warmup + scale) / scale)
        # The root of a ratio about 4 ** halves times smaller, scaled back by 2 ** halves,
        # so that neither the ratio nor its root leaves the float range.
        shifted = step - warmup + scale
        halves = (shifted.bit_length() - scale.bit_length() - 500) // 2
        return math.ldexp(base / math.sqrt(shifted / (scale << 2 * halves)), -halves)

    def at_array(ops: Arrays, steps: Any) -> Any:
        # Every step of an integer type is below far.
        if warmup > ops.imax:
            return _rising(ops, steps, base, warmup)
        after = base / ops.sqrt(
            _shifted_ratio(ops, ops.clamp(steps, warmup, ops.imax) - warmup, scale)
        )
        if warmup == 0:
            return after
        return ops.where(ops.below(steps, warmup), _rising(ops, steps, base, warmup), after)

    params = {"base_lr": base, "num_warmup_steps": warmup, "timescale": given}
    return ClosureSchedule(get_inverse_sqrt_schedule, params, at, array=at_array, bound=abs(base))


def _shifted_ratio(ops: Arrays, done: Any, scale: int) -> Any:
    """``(done + scale) / scale`` at each integer ``done >= 0``, as int / int rounds it,
    without forming done + scale, which may pass the integer range."""
    if not _exact(ops) or scale >= _EXACT:
        return ops.divide(ops.floats(done) + float(scale), float(scale))
    if scale == 1:
        # done + 1 passes the range only at the largest step, where it is 2**63.
        return ops.where(ops.below(done, ops.imax), ops.floats(done + 1), 2.0**63)
    whole = ops.floor_divide(done, scale) + 1
    return _nearest(ops, whole, ops.remainder(done, scale), scale, ops.imax // scale + 2)


def _min_lr_rate(
    base: float, min_lr: object, min_lr_rate: object
) -> tuple[float, float | None, float | None]:
    """Return the floor as a fraction of *base*, and min_lr and min_lr_rate checked."""
    if min_lr is not None and min_lr_rate is not None:
        raise check.ScheduleError(
            "only one of min_lr and min_lr_rate may be given, "
            f"got min_lr={check.show(min_lr)}, min_lr_rate={check.show(min_lr_rate)}",
            related=("min_lr", "min_lr_rate"),
        )
    if min_lr is not None:
        floor = check.non_negative("min_lr", min_lr)
        if base == 0.0:
            raise check.ScheduleError(
                "base_lr must not be 0 when min_lr is given, got base_lr=0.0",
                "base_lr",
                related=("min_lr",),
            )
        given = f"min_lr={floor!r}, base_lr={base!r}"
        rate = check.finite_result("min_lr / base_lr", floor / base, given, ("min_lr", "base_lr"))
        # transformers' floor is base_lr times that rate, which rounds and may overflow.
        check.finite_result(
            "base_lr * (min_lr / base_lr)", base * rate, given, ("base_lr", "min_lr")
        )
        return rate, floor, None
    if min_lr_rate is None:
        raise check.ScheduleError(
            "one of min_lr and min_lr_rate must be given, got min_lr=None, min_lr_rate=None",
            related=("min_lr", "min_lr_rate"),
        )
    rate = check.non_negative("min_lr_rate", min_lr_rate)
    check.finite_result(
        "base_lr * min_lr_rate",
        base * rate,
        f"base_lr={base!r}, min_lr_rate={rate!r}",
        ("base_lr", "min_lr_rate"),
    )
    return rate, None, rate


@register
def get_cosine_with_min_lr_schedule_with_warmup(
    *,
    base_lr: float,
    num_warmup_steps: Steps,
    num_training_steps: Steps,
    num_cycles: float = 0.5,
    min_lr: float | None = None,
    min_lr_rate: float | None = None,
) -> Schedule:
    """``get_cosine_with_min_lr_schedule_with_warmup`` ("cosine_with_min_lr"): the cosine
    of :func:`get_cosine_schedule_with_warmup` lifted onto a floor.

    Exactly one of *min_lr* (absolute) and *min_lr_rate* (relative to base_lr) is
    given; with r the rate and c the cosine part::

        value(t) = base_lr * t / W                 if t < W
                   base_lr * (c * (1 - r) + r)     otherwise

    The floor is reached at N; as in transformers, the cosine rises again past N.

    Args:
        base_lr: the optimizer's lr, the peak at the end of the warmup.
        num_warmup_steps: the warmup's length W, at least 0.
        num_training_steps: the run's length N, counting the warmup; at least 0.
        num_cycles: the number of cosine periods between W and N, greater than 0 (0.5 is
            half a cosine, down to the floor).
        min_lr: the absolute floor, at least 0, with ``min_lr / base_lr`` a finite number
            (the rate transformers takes); None to give *min_lr_rate* instead.
        min_lr_rate: the floor as a fraction of *base_lr*, at least 0, with
            ``base_lr * min_lr_rate`` a finite number; None to give *min_lr* instead.

    Examples:
        >>> from schedkit.compat.transformers import (
        ...     get_cosine_with_min_lr_schedule_with_warmup as cosine_min)
        >>> schedule = cosine_min(base_lr=1.0, num_warmup_steps=0, num_training_steps=4,
        ...                       min_lr_rate=0.5)
        >>> [schedule(t) for t in range(5)]
        [1.0, 0.9267766952966369, 0.75, 0.5732233047033631, 0.5]
    """
    return _cosine(
        get_cosine_with_min_lr_schedule_with_warmup,
        base_lr=base_lr,
        num_warmup_steps=num_warmup_steps,
        num_training_steps=num_training_steps,
        num_cycles=num_cycles,
        floor=(min_lr, min_lr_rate),
    )


def _warmup_from(base: float, start: float, warmup: int) -> None:
    # The warmup's values lie between base_lr * warmup_lr_rate and base_lr; transformers
    # forms (1 - warmup_lr_rate) * t on the way, up to t = W - 1, and is inf where that
    # overflows.
    given = f"warmup_lr_rate={start!r}, num_warmup_steps={warmup}"
    if start != 1.0:
        try:
            reach = (1.0 - start) * (warmup - 1)
        except OverflowError:  # a count past the float range
            reach = math.inf
        check.finite_result(
            "(1 - warmup_lr_rate) * (num_warmup_steps - 1)",
            reach,
            given,
            ("warmup_lr_rate", "num_warmup_steps"),
        )
    check.finite_result(
        "base_lr * warmup_lr_rate",
        base * start,
        f"base_lr={base!r}, warmup_lr_rate={start!r}",
        ("base_lr", "warmup_lr_rate"),
    )


@register
def get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
    *,
    base_lr: float,
    num_warmup_steps: Steps,
    num_training_steps: Steps,
    num_cycles: float = 0.5,
    min_lr: float | None = None,
    min_lr_rate: float | None = None,
    warmup_lr_rate: float | None = None,
) -> Schedule:
    """``get_cosine_with_min_lr_schedule_with_warmup_lr_rate``
    ("cosine_warmup_with_min_lr"): like ``cosine_with_min_lr``, shifted one step
    earlier: the warmup reaches *base_lr* at step W - 1 and the floor is reached at
    step N - 1.

    With r the floor rate, w = warmup_lr_rate and p = (t - W + 1) / max(1, N - W)::

        value(t) = base_lr * (t + 1) / W                        if t < W, w is None
                   base_lr * (w + (1 - w) * t / max(1, W - 1))  if t < W
                   base_lr * (c(p) * (1 - r) + r)               otherwise

    Args:
        base_lr: the optimizer's lr, the peak at the end of the warmup.
        num_warmup_steps: the warmup's length W, at least 0.
        num_training_steps: the run's length N, counting the warmup; at least 0.
        num_cycles: the number of cosine periods between W and N, greater than 0 (0.5 is
            half a cosine, down to the floor).
        min_lr: the absolute floor, at least 0, with ``min_lr / base_lr`` a finite number
            (the rate transformers takes); None to give *min_lr_rate* instead.
        min_lr_rate: the floor as a fraction of *base_lr*, at least 0, with
            ``base_lr * min_lr_rate`` a finite number; None to give *min_lr* instead.
        warmup_lr_rate: the value at step 0 as a fraction of *base_lr*, with
            ``base_lr * warmup_lr_rate`` and ``(1 - warmup_lr_rate) * (W - 1)`` finite
            numbers (transformers forms that product, and is inf where it overflows);
            None for a warmup that starts at ``base_lr / W``.

    Examples:
        >>> from schedkit.compat.transformers import (
        ...     get_cosine_with_min_lr_schedule_with_warmup_lr_rate as shifted)
        >>> schedule = shifted(base_lr=1.0, num_warmup_steps=2, num_training_steps=4,
        ...                    min_lr_rate=0.0)
        >>> [schedule(t) for t in range(5)]
        [0.5, 1.0, 0.5, 0.0, 0.5]
    """
    factory = get_cosine_with_min_lr_schedule_with_warmup_lr_rate
    base = check.real("base_lr", base_lr)
    counts = _counts(num_warmup_steps=num_warmup_steps, num_training_steps=num_training_steps)
    warmup, total = counts["num_warmup_steps"], counts["num_training_steps"]
    cycles = check.positive("num_cycles", num_cycles)
    rate, floor, floor_rate = _min_lr_rate(base, min_lr, min_lr_rate)
    start = None if warmup_lr_rate is None else check.real("warmup_lr_rate", warmup_lr_rate)
    span = max(1, total - warmup)
    ramp = max(1, warmup - 1)
    if start is not None and warmup > 0:
        _warmup_from(base, start, warmup)
    phase, part_array = _phase(cycles, span, 2)

    def at(step: int) -> float:
        if step < warmup:
            if start is None:
                return base * ((step + 1) / max(1, warmup))
            return base * (start + (1.0 - start) * step / ramp)
        part = _half_turns(phase(step - warmup + 1))
        return base * max(0.0, part * (1.0 - rate) + rate)

    def rising(ops: Arrays, steps: Any) -> Any:
        early = ops.clamp(steps, 0, warmup - 1)
        if start is None:
            return base * ops.ratio(early + 1, warmup)
        if _exact(ops):
            return base * (start + ops.divide((1.0 - start) * ops.floats(early), float(ramp)))
        # In float32 a start far from 1 cancels against (1 - start) * t: the second half
        # is written from its end, with 1 - t from the integer count still to go.
        done = ops.ratio(early, ramp)
        first = start + (1.0 - start) * done
        second = 1.0 + (start - 1.0) * ops.left(ops.clamp(early, 0, ramp), ramp)
        return base * ops.where(done < 0.5, first, second)

    def at_array(ops: Arrays, steps: Any) -> Any:
        if warmup > ops.imax:
            return rising(ops, steps)
        local = ops.clamp(steps, warmup, ops.imax) - warmup
        after = _lifted(ops, part_array(ops, local, 1), base, rate)
        if warmup == 0:
            return after
        return ops.where(ops.below(steps, warmup), rising(ops, steps), after)

    params = {
        "base_lr": base,
        **counts,
        "num_cycles": cycles,
        "min_lr": floor,
        "min_lr_rate": floor_rate,
        "warmup_lr_rate": start,
    }
    # The warmup lies between base_lr * warmup_lr_rate and base_lr, the cosine between
    # 0 and base_lr or the floor base_lr * rate.
    peak = abs(base) * max(1.0, rate, 0.0 if start is None else abs(start))
    return ClosureSchedule(factory, params, at, array=at_array, bound=peak)


# In float32, 1 - x cancels where x nears 1 (a float32 x is 2**-24 from it): the
# warmup_stable_decay shapes are written there from the integer count still to go.


def _wsd_rise(ops: Arrays, shape: str, steps: Any, warmup: int) -> Any:
    """The warmup shape of get_wsd_schedule at each step, 0 <= step <= warmup."""
    progress = ops.ratio(steps, warmup)
    if shape == "linear":
        return progress
    exact = _exact(ops)
    if shape == "cosine":
        if exact:
            return 1.0 - cosine_left_array(ops, progress)
        s = ops.sin(HALF_PI * progress)
        return s * s
    if exact:
        return 1.0 - ops.sqrt(1.0 - progress)
    return progress / (1.0 + ops.sqrt(ops.left(steps, warmup)))


def _wsd_fall(ops: Arrays, shape: str, done: Any, span: int, part: _Part) -> Any:
    """The decay shape of get_wsd_schedule at each count 0 <= done <= span."""
    if shape == "cosine":
        return part(ops, done)
    exact = _exact(ops)
    if shape == "linear":
        return 1.0 - ops.ratio(done, span) if exact else ops.left(done, span)
    if exact:
        return 1.0 - ops.sqrt(ops.ratio(done, span))
    return ops.left(done, span) / (1.0 + ops.sqrt(ops.ratio(done, span)))


WsdShape = Literal["linear", "cosine", "1-sqrt"]


@register
def get_wsd_schedule(
    *,
    base_lr: float,
    num_warmup_steps: Steps,
    num_decay_steps: Steps,
    num_training_steps: Steps | None = None,
    num_stable_steps: Steps | None = None,
    warmup_type: WsdShape = "linear",
    decay_type: WsdShape = "cosine",
    min_lr_ratio: float = 0.0,
    num_cycles: float = 0.5,
) -> Schedule:
    """``get_wsd_schedule``: warmup, stable, decay, each shape lifted onto the floor
    ``m = min_lr_ratio``.

    S = num_stable_steps, or N - W - D when only num_training_steps is given (when
    both are given, num_stable_steps wins, as in transformers). With the phase's
    progress p::

        value(t) = base_lr * (f_w(t / W) * (1 - m) + m)          if t < W
                   base_lr                                       if t < W + S
                   base_lr * (f_d((t - W - S) / D) * (1 - m) + m) if t < W + S + D
                   base_lr * m                                   otherwise

    f_w is p, (1 - cos(pi p)) / 2 or 1 - sqrt(1 - p) for warmup_type "linear",
    "cosine" or "1-sqrt"; f_d is 1 - p, (1 + cos(2 pi num_cycles p)) / 2 or
    1 - sqrt(p). So step 0 is ``base_lr * m``, and the floor is reached at W + S + D.

    Args:
        base_lr: the optimizer's lr, the value of the stable phase.
        num_warmup_steps: the warmup's length W, at least 0.
        num_decay_steps: the decay's length D, at least 0.
        num_training_steps: the run's length N, which sets the stable length N - W - D when
            *num_stable_steps* is None; at least 0, or None.
        num_stable_steps: the stable phase's length S, at least 0; None to take it from
            *num_training_steps*.
        warmup_type: the warmup's shape, "linear", "cosine" or "1-sqrt".
        decay_type: the decay's shape, "linear", "cosine" or "1-sqrt".
        min_lr_ratio: the floor m as a fraction of *base_lr*, from 0 to 1.
        num_cycles: the cosine periods of a "cosine" decay, greater than 0 (0.5 is half a
            cosine).

    Examples:
        >>> from schedkit.compat.transformers import get_wsd_schedule
        >>> schedule = get_wsd_schedule(base_lr=1.0, num_warmup_steps=2, num_decay_steps=2,
        ...                             num_stable_steps=2, decay_type="linear")
        >>> [schedule(t) for t in range(8)]
        [0.0, 0.5, 1.0, 1.0, 1.0, 0.5, 0.0, 0.0]
    """
    base = check.real("base_lr", base_lr)
    warmup = check.at_least("num_warmup_steps", num_warmup_steps, 0)
    decay = check.at_least("num_decay_steps", num_decay_steps, 0)
    total = (
        None
        if num_training_steps is None
        else check.at_least("num_training_steps", num_training_steps, 0)
    )
    if num_stable_steps is not None:
        stable = check.at_least("num_stable_steps", num_stable_steps, 0)
    elif total is None:
        raise check.ScheduleError(
            "num_training_steps or num_stable_steps must be given, "
            "got num_training_steps=None, num_stable_steps=None",
            related=("num_training_steps", "num_stable_steps"),
        )
    else:
        stable = total - warmup - decay
        if stable < 0:
            raise check.ScheduleError(
                "num_training_steps must be at least num_warmup_steps + "
                f"num_decay_steps, got num_training_steps={total}, "
                f"num_warmup_steps={warmup}, num_decay_steps={decay}",
                "num_training_steps",
                related=("num_warmup_steps", "num_decay_steps"),
            )
    warmup_type = check.choice("warmup_type", warmup_type, get_args(WsdShape))
    decay_type = check.choice("decay_type", decay_type, get_args(WsdShape))
    floor = check.fraction("min_lr_ratio", min_lr_ratio)
    cycles = check.positive("num_cycles", num_cycles)
    decay_start = warmup + stable
    end = decay_start + decay
    span = max(1, decay)

    def rise(progress: float) -> float:
        if warmup_type == "linear":
            return progress
        if warmup_type == "cosine":
            return 1.0 - cosine_left(progress)
        return 1.0 - math.sqrt(1.0 - progress)

    phase, part_array = _phase(cycles, span, 2)

    def fall(done: int) -> float:
        if decay_type == "linear":
            return 1.0 - done / span
        if decay_type == "cosine":
            return _half_turns(phase(done))
        return 1.0 - math.sqrt(done / span)

    def at(step: int) -> float:
        if step < warmup:
            return base * max(0.0, rise(step / warmup) * (1.0 - floor) + floor)
        if step < decay_start:
            return base
        if step < end:
            return base * max(0.0, fall(step - decay_start) * (1.0 - floor) + floor)
        return base * floor

    def at_array(ops: Arrays, steps: Any) -> Any:
        pairs = []
        if warmup > 0:
            rising = _wsd_rise(ops, warmup_type, ops.clamp(steps, 0, warmup), warmup)
            value = rising * (1.0 - floor) + floor
            pairs.append((ops.below(steps, warmup), base * ops.where(value > 0.0, value, 0.0)))
        if warmup < decay_start:
            pairs.append((ops.below(steps, decay_start), base))
        if decay_start < end and decay_start <= ops.imax:
            done = ops.clamp(steps, decay_start, end) - decay_start
            value = _wsd_fall(ops, decay_type, done, span, part_array) * (1.0 - floor) + floor
            pairs.append((ops.below(steps, end), base * ops.where(value > 0.0, value, 0.0)))
        return ops.select(pairs, base * floor)

    params = {
        "base_lr": base,
        "num_warmup_steps": warmup,
        "num_decay_steps": decay,
        "num_training_steps": total,
        "num_stable_steps": num_stable_steps if num_stable_steps is None else stable,
        "warmup_type": warmup_type,
        "decay_type": decay_type,
        "min_lr_ratio": floor,
        "num_cycles": cycles,
    }
    return ClosureSchedule(
        get_wsd_schedule, params, at, array=at_array, length=end, bound=abs(base)
    )


# What get_scheduler(name) builds, as in transformers' TYPE_TO_SCHEDULER_FUNCTION.
_BY_NAME: dict[str, Callable[..., Schedule]] = {
    "constant": get_constant_schedule,
    "constant_with_warmup": get_constant_schedule_with_warmup,
    "cosine": get_cosine_schedule_with_warmup,
    "cosine_warmup_with_min_lr": get_cosine_with_min_lr_schedule_with_warmup_lr_rate,
    "cosine_with_min_lr": get_cosine_with_min_lr_schedule_with_warmup,
    "cosine_with_restarts": get_cosine_with_hard_restarts_schedule_with_warmup,
    "inverse_sqrt": get_inverse_sqrt_schedule,
    "linear": get_linear_schedule_with_warmup,
    "polynomial": get_polynomial_decay_schedule_with_warmup,
    "warmup_stable_decay": get_wsd_schedule,
}
# The arguments get_scheduler passes itself, which scheduler_specific_kwargs may not repeat.
_SHARED = ("base_lr", "num_warmup_steps", "num_training_steps")
# Schedulers that follow a metric rather than the step, so no schedule can stand for them.
_METRIC_DRIVEN = ("greedy", "reduce_lr_on_plateau")


@check.signed
def get_scheduler(
    name: str,
    *,
    base_lr: float,
    num_warmup_steps: int | None = None,
    num_training_steps: int | None = None,
    scheduler_specific_kwargs: Mapping[str, Any] | None = None,
) -> Schedule:
    """``get_scheduler``: the schedule transformers' ``get_scheduler(name, ...)`` makes,
    as the schedule of the function it dispatches to.

    *name* is one of "constant", "constant_with_warmup", "cosine",
    "cosine_warmup_with_min_lr", "cosine_with_min_lr", "cosine_with_restarts",
    "inverse_sqrt", "linear", "polynomial" and "warmup_stable_decay" (the
    ``lr_scheduler_type`` values of ``TrainingArguments``). As in transformers,
    "constant" ignores every other argument and "constant_with_warmup" ignores
    *scheduler_specific_kwargs*, though one that is not a mapping is refused for
    every name. "reduce_lr_on_plateau" and "greedy" follow a metric, not the step,
    and are refused.

    Args:
        name: the ``lr_scheduler_type``, one of the names above.
        base_lr: the optimizer's lr.
        num_warmup_steps: the warmup's length, at least 0; needed by every name but
            "constant".
        num_training_steps: the run's length, counting the warmup; needed by every name but
            "constant", "constant_with_warmup", "inverse_sqrt" and "warmup_stable_decay".
        scheduler_specific_kwargs: the other arguments of the function *name* dispatches to,
            a mapping of their names to values; None for none.

    Examples:
        >>> from schedkit.compat.transformers import get_scheduler
        >>> schedule = get_scheduler("cosine_with_min_lr", base_lr=1e-3, num_warmup_steps=100,
        ...                          num_training_steps=1000,
        ...                          scheduler_specific_kwargs={"min_lr": 1e-5})
        >>> schedule.name, schedule(0), schedule(100), schedule(1000)
        ('compat.transformers.get_cosine_with_min_lr_schedule_with_warmup', 0.0, 0.001, 1e-05)
    """
    if name in _METRIC_DRIVEN:
        raise check.ScheduleError(
            f"name must name a schedule of the step; {name!r} follows a metric, got name={name!r}",
            "name",
        )
    name = check.choice("name", name, tuple(_BY_NAME))
    factory = _BY_NAME[name]
    if scheduler_specific_kwargs is not None and not isinstance(scheduler_specific_kwargs, Mapping):
        raise check.kind_error(
            "scheduler_specific_kwargs",
            scheduler_specific_kwargs,
            "a mapping of parameter names to values, or None",
        )
    if name == "constant":
        return factory(base_lr=base_lr)
    extra = dict(scheduler_specific_kwargs or {})
    if num_warmup_steps is None:
        raise check.ScheduleError(
            f"{name!r} requires num_warmup_steps, got num_warmup_steps=None",
            "num_warmup_steps",
            related=("name",),
        )
    if name == "constant_with_warmup":
        return factory(base_lr=base_lr, num_warmup_steps=num_warmup_steps)
    allowed = [key for key in inspect.signature(factory).parameters if key not in _SHARED]
    for key, value in extra.items():
        if key not in allowed:
            shown = key if isinstance(key, str) else check.show(key)
            raise check.ScheduleTypeError(
                f"scheduler_specific_kwargs for {name!r} take "
                f"{', '.join(allowed) or 'nothing'}, got {shown}={check.show(value)}",
                f"scheduler_specific_kwargs[{check.show(key)}]",
                related=("name",),
            )
    if name == "inverse_sqrt":
        return factory(base_lr=base_lr, num_warmup_steps=num_warmup_steps, **extra)
    if name != "warmup_stable_decay" and num_training_steps is None:
        raise check.ScheduleError(
            f"{name!r} requires num_training_steps, got num_training_steps=None",
            "num_training_steps",
            related=("name",),
        )
    return factory(
        base_lr=base_lr,
        num_warmup_steps=num_warmup_steps,
        num_training_steps=num_training_steps,
        **extra,
    )
