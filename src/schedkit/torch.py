"""PyTorch driven by a schedule: its ``LambdaLR`` following a schedkit schedule, with a
state dict that keeps it.

This module points from schedkit to PyTorch; PyTorch's own schedulers, as schedkit
schedules, are in :mod:`schedkit.compat.torch`.
PyTorch is imported when :func:`lambda_lr` is called, not when this module is.
Without a scheduler object, :func:`schedkit.optim.apply` sets the learning rate
(and the weight decay) of a PyTorch optimizer directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import _validate as check
from ._schedule import Schedule, schedule_argument

if TYPE_CHECKING:
    from torch.optim import Optimizer
    from torch.optim.lr_scheduler import LambdaLR

__all__ = ["lambda_lr"]


@check.signed
def lambda_lr(optimizer: Optimizer, schedule: Schedule | Sequence[Schedule]) -> LambdaLR:
    """Return a ``torch.optim.lr_scheduler.LambdaLR`` that follows *schedule*.

    After ``scheduler.step()`` has been called *k* times, every group's
    learning rate is::

        lr = schedule(k) * group.get("lr_scale", 1)

    whatever learning rate the optimizer was built with, so ``get_last_lr()``
    gives the schedule's values exactly (the groups of
    :func:`schedkit.optim.param_groups` keep their ``lr_scale``). Give a list of
    schedules, one per param group, for a schedule of each group's own.

    The multiplier inside the scheduler holds the schedule as its config (see
    :func:`schedkit.to_config`), so ``scheduler.state_dict()`` keeps it as plain
    data: a checkpoint saves it, ``torch.load(..., weights_only=True)`` reads it,
    and ``load_state_dict`` restores both the step and the schedule. A plain lambda
    in ``LambdaLR`` is silently left out of the state dict.

    The scheduler's base learning rates (``initial_lr`` in each group) are set to
    the groups' ``lr_scale``, since the schedule's values are absolute. Like every
    PyTorch scheduler, it sets the learning rate for step 0 when it is built.

    Args:
        optimizer: a ``torch.optim.Optimizer``.
        schedule: a schedule, or a list of them, one per param group.

    Examples:
        >>> import torch
        >>> from schedkit import cosine
        >>> optimizer = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=123.0)
        >>> scheduler = lambda_lr(optimizer, cosine(base_lr=0.1, min_lr=0.0, total_steps=4))
        >>> scheduler.get_last_lr()
        [0.1]
        >>> for _ in range(4):
        ...     optimizer.step()
        ...     scheduler.step()
        >>> scheduler.get_last_lr()
        [0.0]
    """
    torch = _torch("lambda_lr")
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise check.ScheduleTypeError(
            f"optimizer must be a torch.optim.Optimizer, "
            f"got optimizer={check.show(optimizer)} ({check.kind(optimizer)})",
            "optimizer",
        )
    groups = optimizer.param_groups
    if isinstance(schedule, Sequence):
        if len(schedule) != len(groups):
            raise check.ScheduleError(
                f"schedule must hold one schedule per param group, "
                f"got {len(schedule)} for {len(groups)} group(s)",
                "schedule",
            )
        schedules = [
            schedule_argument(f"schedule[{index}]", item) for index, item in enumerate(schedule)
        ]
    else:
        schedules = [schedule_argument("schedule", schedule)] * len(groups)
    for index, group in enumerate(groups):
        scale = check.non_negative(f"param_groups[{index}]['lr_scale']", group.get("lr_scale", 1.0))
        group["initial_lr"] = scale
    multipliers = [_Multiplier(item) for item in schedules]
    scheduler: LambdaLR = torch.optim.lr_scheduler.LambdaLR(optimizer, multipliers)
    return scheduler


def _torch(caller: str) -> ModuleType:
    try:
        import torch  # noqa: PLC0415 - PyTorch is optional and heavy
    except ImportError:
        raise ImportError(
            f"schedkit.torch.{caller} needs PyTorch, which is not installed; "
            f"install it with: pip install torch"
        ) from None
    return torch


class _Multiplier:
    """The ``lr_lambda`` of :func:`lambda_lr`: the schedule's value at a step.

    ``LambdaLR`` saves a multiplier's ``__dict__`` and restores it with
    ``__dict__.update``, so the schedule lives there as its config, plain data
    that any checkpoint format reads. The built schedule is kept beside it, in a
    slot, and rebuilt when a state dict has put another config in its place.
    """

    __slots__ = ("__dict__", "_built", "_source")

    def __init__(self, schedule: Schedule) -> None:
        from .config import to_config  # noqa: PLC0415 - the config module loads on use

        self.config = to_config(schedule)
        self._built = schedule
        self._source = self.config

    def __call__(self, step: int) -> float:
        if self.config is not self._source:
            self._reload()
        return self._built(step)

    def _reload(self) -> None:
        from .config import from_config  # noqa: PLC0415

        self._built = from_config(self.config)
        self._source = self.config

    @property
    def schedule(self) -> Schedule:
        """The schedule this multiplier follows."""
        if self.config is not self._source:
            self._reload()
        return self._built

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.schedule!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.schedule,))
