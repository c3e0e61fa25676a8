"""Learning-rate and hyperparameter schedules as pure, exact, picklable functions of the step.

Each factory checks its parameters once and returns a :class:`Schedule`, an immutable
callable from a step (a non-negative integer) to a float::

    >>> from schedkit import cosine, with_warmup
    >>> schedule = with_warmup(
    ...     cosine(base_lr=1e-3, min_lr=1e-5, total_steps=900), warmup_steps=100, start_lr=0.0
    ... )
    >>> schedule(0), schedule(100), schedule(1000)
    (0.0, 0.001, 1e-05)

Catalog: :func:`constant`, :func:`step_decay`, :func:`multi_step`, :func:`exponential`,
:func:`linear`, :func:`polynomial`, :func:`cosine`, :func:`cosine_restarts`,
:func:`inverse_sqrt`, :func:`one_cycle`. Composition: :func:`with_warmup`,
:func:`sequential`, :func:`sample`. A bad parameter raises ``TypeError`` (wrong kind)
or :class:`ScheduleError` (wrong value, a ``ValueError``).
"""

from ._schedule import Schedule
from ._validate import ScheduleError
from .compose import sample, sequential, with_warmup
from .schedules import (
    constant,
    cosine,
    cosine_restarts,
    exponential,
    inverse_sqrt,
    linear,
    multi_step,
    one_cycle,
    polynomial,
    step_decay,
)

__all__ = [
    "Schedule",
    "ScheduleError",
    "constant",
    "cosine",
    "cosine_restarts",
    "exponential",
    "inverse_sqrt",
    "linear",
    "multi_step",
    "one_cycle",
    "polynomial",
    "sample",
    "sequential",
    "step_decay",
    "with_warmup",
]

__version__ = "0.1.0"

# Reprs and docs should show schedkit.Schedule, not the private module it lives in.
Schedule.__module__ = __name__
ScheduleError.__module__ = __name__
