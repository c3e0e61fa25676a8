"""optax driven by a schedule: a schedkit schedule as an optax learning rate.

The rate runs inside ``jax.jit`` and ``lax.scan``. This module points from schedkit to
optax; optax's own schedules, as schedkit schedules, are in :mod:`schedkit.compat.optax`.
JAX is imported when :func:`to_optax` is called, not when this module is.
"""

from __future__ import annotations

from typing import Any

from . import _validate as check
from ._schedule import Schedule, schedule_argument

__all__ = ["MAX_STEPS", "to_optax"]

#: The longest run :func:`to_optax` tabulates: 4 bytes a step in float32, 40 MB.
MAX_STEPS = 10_000_000


@check.signed
def to_optax(schedule: Schedule, *, num_steps: int | None = None) -> _Table:
    """Return *schedule* as a function of optax's update count, for use under ``jit``.

    optax calls a learning-rate schedule with its count, a traced integer inside
    ``jax.jit``, ``jax.lax.scan`` or ``jax.vmap``, where Python code cannot read
    its value. The schedule is therefore evaluated once, here, at steps 0 to
    ``n``, and the returned function looks the count up in that table::

        f(count) = schedule(0)        if count <= 0
                   schedule(count)    if 0 <= count <= n
                   schedule(n)        if count >= n

    where ``n`` is *num_steps*, or the schedule's length when *num_steps* is None.
    A schedule with a length holds its final value from that step on, so with the
    default ``n`` the function agrees with the schedule at every count. Values are
    JAX's default float: float32, the schedule's value rounded to it, or the exact
    float64 value when ``jax_enable_x64`` is on.

    The result is an ordinary optax schedule: pass it as ``learning_rate`` to an
    optax optimizer, or to ``optax.inject_hyperparams`` for any scheduled
    hyperparameter. It pickles (by its schedule) and compares equal to another
    made from an equal schedule and length.

    Args:
        schedule: the schedule.
        num_steps: the last step to tabulate, from 1 to :data:`MAX_STEPS`; needed
            when the schedule has no length (such as ``inverse_sqrt``), and
            counts past it hold the value at it.

    Examples:
        >>> import jax
        >>> from schedkit import cosine
        >>> lr = to_optax(cosine(base_lr=1.0, min_lr=0.0, total_steps=4))
        >>> [float(jax.jit(lr)(count)) for count in (0, 2, 4, 10)]
        [1.0, 0.5, 0.0, 0.0]
    """
    schedule = schedule_argument("schedule", schedule)
    if num_steps is None:
        if schedule.length is None:
            raise check.ScheduleError(
                f"num_steps must be given for a schedule without a length, "
                f"got num_steps=None for {schedule!r}",
                "num_steps",
            )
        last = schedule.length
    else:
        last = check.positive_integer("num_steps", num_steps)
    if last > MAX_STEPS:
        given = "num_steps" if num_steps is not None else "the schedule's length"
        raise check.ScheduleError(
            f"{given} must be at most {MAX_STEPS:_}, the longest table it builds, got {last:_}",
            "num_steps" if num_steps is not None else "schedule",
        )
    return _Table(schedule, num_steps, last)


class _Table:
    """The function :func:`to_optax` returns: a table of values indexed by the count."""

    # jax.jit keeps a weak reference to the function it compiles.
    __slots__ = ("__weakref__", "_jnp", "_last", "_num_steps", "_schedule", "_values")

    def __init__(self, schedule: Schedule, num_steps: int | None, last: int) -> None:
        try:
            import jax.numpy as jnp  # noqa: PLC0415 - JAX is optional and heavy
            import numpy  # noqa: PLC0415 - JAX depends on it
        except ImportError:
            raise ImportError(
                "schedkit.jax.to_optax needs JAX, which is not installed; "
                "install it with: pip install jax"
            ) from None
        from .compose import sample  # noqa: PLC0415

        self._schedule = schedule
        self._num_steps = num_steps
        self._last = last
        self._jnp = jnp
        # Through numpy: JAX converts a list element by element, 60 times slower.
        values = numpy.array(sample(schedule, num_steps=last + 1), dtype=numpy.float64)
        self._values = jnp.asarray(values)

    def __call__(self, count: Any) -> Any:
        return self._values[self._jnp.clip(count, 0, self._last)]

    def __repr__(self) -> str:
        extra = "" if self._num_steps is None else f", num_steps={self._num_steps}"
        return f"to_optax({self._schedule!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Table):
            return NotImplemented
        return (self._schedule, self._last) == (other._schedule, other._last)

    def __hash__(self) -> int:
        return hash((self._schedule, self._last))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._schedule, self._num_steps))


def _rebuild(schedule: Schedule, num_steps: int | None) -> _Table:
    return to_optax(schedule, num_steps=num_steps)
