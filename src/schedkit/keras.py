"""Keras driven by a schedule: a schedkit schedule as a Keras 3 learning rate.

This module points from schedkit to Keras; Keras' own schedules, as schedkit
schedules, are in :mod:`schedkit.compat.keras`. Keras is imported when
:func:`to_keras` is called, not when this module is.
"""

from __future__ import annotations

from typing import Any

from . import _validate as check
from ._schedule import Schedule, schedule_argument
from .config import from_config, to_config

__all__ = ["to_keras"]

# The name under which Keras saves the schedule's class: "schedkit>Schedule".
_PACKAGE, _NAME = "schedkit", "Schedule"

_made: list[type] = []


@check.signed
def to_keras(schedule: Schedule) -> Any:
    """Return *schedule* as a Keras 3 ``LearningRateSchedule``.

    Keras calls it with the optimizer's iteration count, a tensor of its backend,
    traced inside a compiled training step. The schedule evaluates its formula on
    that tensor (no table is built), so the value is the schedule's at every count,
    computed in the backend's float (float32 by default on JAX, float64 on PyTorch)::

        f(iterations) = schedule(iterations)

    ``get_config`` holds the schedule's config (see :func:`schedkit.to_config`), and
    ``from_config`` builds it again, so a saved model restores its schedule: the
    class is registered with Keras as ``"schedkit>Schedule"`` when this function
    first runs, so call it (or import this module and call ``to_keras`` once)
    before ``keras.saving.load_model``. The schedule itself is the ``schedule``
    attribute.

    Args:
        schedule: the schedule.

    Examples:
        >>> from schedkit import cosine
        >>> lr = to_keras(cosine(base_lr=1.0, min_lr=0.0, total_steps=4))
        >>> [round(float(lr(step)), 6) for step in (0, 2, 4, 10)]
        [1.0, 0.5, 0.0, 0.0]
        >>> lr.get_config()
        {'schedule': {'kind': 'cosine', 'base_lr': 1.0, 'min_lr': 0.0, 'total_steps': 4}}
    """
    schedule = schedule_argument("schedule", schedule)
    return _schedule_class()(schedule)


def _schedule_class() -> type:
    """Return the Keras schedule class, made and registered with Keras on first use."""
    if _made:
        return _made[0]
    try:
        import keras  # noqa: PLC0415 - Keras is optional and heavy
    except ImportError:
        raise ImportError(
            "schedkit.keras.to_keras needs Keras 3, which is not installed; "
            "install it with: pip install keras"
        ) from None
    ops = keras.ops

    @keras.saving.register_keras_serializable(package=_PACKAGE, name=_NAME)
    class KerasSchedule(keras.optimizers.schedules.LearningRateSchedule):  # type: ignore[misc]
        """A schedkit schedule as a Keras learning rate (made by ``to_keras``)."""

        def __init__(self, schedule: Schedule) -> None:
            self.schedule = schedule

        def __call__(self, step: Any) -> Any:
            # The optimizer's count is a variable; the schedule takes its tensor.
            count = ops.convert_to_tensor(step)
            value = self.schedule(count)
            return ops.convert_to_tensor(value, dtype=keras.config.floatx())

        def get_config(self) -> dict[str, Any]:
            return {"schedule": to_config(self.schedule)}

        @classmethod
        def from_config(cls, config: dict[str, Any]) -> Any:
            return cls(from_config(config["schedule"]))

        def __repr__(self) -> str:
            return f"to_keras({self.schedule!r})"

    KerasSchedule.__qualname__ = KerasSchedule.__name__ = _NAME
    _made.append(KerasSchedule)
    return KerasSchedule
