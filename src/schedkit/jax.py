"""optax driven by a schedule: a schedkit schedule as an optax learning rate.

The rate runs inside ``jax.jit``, ``vmap`` and ``lax.scan``. This module points from schedkit to
optax; optax's own schedules, as schedkit schedules, are in :mod:`schedkit.compat.optax`.
JAX is imported when :func:`to_optax` is called, not when this module is.
"""

from __future__ import annotations

from typing import Any

from . import _validate as check
from ._schedule import Schedule, schedule_argument

__all__ = ["to_optax"]


@check.signed
def to_optax(schedule: Schedule, *, num_steps: int | None = None) -> _Traced:
    """Return *schedule* as a function of optax's update count, for use under ``jit``.

    Every schedkit schedule already takes a traced count (see :doc:`integrations`), so
    ``optax.adamw(learning_rate=schedule)`` works as it is. ``to_optax`` adds what an
    optax schedule is expected to give: a JAX array in JAX's default float at every
    count, a concrete count included, and counts past *num_steps* held::

        f(count) = schedule(count)        if num_steps is None
                   schedule(count)        if 0 <= count <= num_steps
                   schedule(num_steps)    if count > num_steps

    The schedule is traced, not tabulated: building costs nothing whatever the
    length of the run, and a jitted step evaluates the formula at its count. Values
    are computed in JAX's default float: float32 unless ``jax_enable_x64`` is on,
    when they are the schedule's float64 values (see the docs for the bounds).
    Counts are int32 without x64, so a count holds steps up to 2**31 - 1.

    The result pickles (by its schedule) and compares equal to another made from
    an equal schedule and *num_steps*.

    Args:
        schedule: the schedule.
        num_steps: the last count at which the schedule is evaluated, a positive
            integer; later counts hold the value at it. None evaluates every count.

    Examples:
        >>> import jax
        >>> from schedkit import cosine
        >>> lr = to_optax(cosine(base_lr=1.0, min_lr=0.0, total_steps=4))
        >>> [round(float(jax.jit(lr)(count)), 6) for count in (0, 2, 4, 10)]
        [1.0, 0.5, 0.0, 0.0]
    """
    schedule = schedule_argument("schedule", schedule)
    if num_steps is not None:
        num_steps = check.positive_integer("num_steps", num_steps)
    return _Traced(schedule, num_steps)


class _Traced:
    """The function :func:`to_optax` returns: the schedule at the count, as a JAX array."""

    # jax.jit keeps a weak reference to the function it compiles.
    __slots__ = ("__weakref__", "_jnp", "_num_steps", "_schedule")

    def __init__(self, schedule: Schedule, num_steps: int | None) -> None:
        try:
            import jax.numpy as jnp  # noqa: PLC0415 - JAX is optional and heavy
        except ImportError:
            raise ImportError(
                "schedkit.jax.to_optax needs JAX, which is not installed; "
                "install it with: pip install jax"
            ) from None
        self._schedule = schedule
        self._num_steps = num_steps
        self._jnp = jnp

    def __call__(self, count: Any) -> Any:
        jnp = self._jnp
        count = jnp.asarray(count)
        if self._num_steps is not None:
            count = jnp.minimum(count, self._num_steps)
        # A concrete 0-d count gives a Python float, made a JAX array here as optax expects.
        return jnp.asarray(self._schedule(count), dtype=jnp.result_type(float))

    def __repr__(self) -> str:
        extra = "" if self._num_steps is None else f", num_steps={self._num_steps}"
        return f"to_optax({self._schedule!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Traced):
            return NotImplemented
        return (self._schedule, self._num_steps) == (other._schedule, other._num_steps)

    def __hash__(self) -> int:
        return hash((self._schedule, self._num_steps))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._schedule, self._num_steps))


def _rebuild(schedule: Schedule, num_steps: int | None) -> _Traced:
    return to_optax(schedule, num_steps=num_steps)
