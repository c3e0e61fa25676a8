"""Learning-rate and hyperparameter schedules as pure, exact, picklable functions of the step.

Each factory checks its parameters once and returns a :class:`Schedule`, an immutable
callable from a step (a non-negative integer) to a float::

    >>> from schedkit import cosine, with_warmup
    >>> schedule = with_warmup(
    ...     cosine(base_lr=1e-3, min_lr=1e-5, total_steps=900), warmup_steps=100, start_lr=0.0
    ... )
    >>> schedule(0), schedule(100), schedule(1000)
    (0.0, 0.001, 1e-05)

The factories are in :mod:`schedkit.schedules`, whose docstring is their table of
contents by family; the combinators are in :mod:`schedkit.compose`; every public name
is in ``__all__``. A bad parameter raises :class:`ScheduleTypeError` (wrong kind, a
``TypeError``) or :class:`ScheduleError` (wrong value, a ``ValueError``), each naming
its ``factory`` and ``param``. Schedules as data: :func:`to_config`,
:func:`from_config`, :func:`parse`, :func:`load` and :func:`config_schema`.
"""

from . import _registry
from ._schedule import GroupSchedule, Schedule
from ._validate import ScheduleError, ScheduleTypeError
from .compose import (
    clip,
    per_epoch,
    product,
    sample,
    scale,
    scale_by_group,
    sequential,
    with_warmup,
)
from .config import ConfigError, config_schema, from_config, load, parse, to_config
from .schedules import (
    constant,
    cosine,
    cosine_restarts,
    exp_range,
    exponential,
    exponential_decay,
    interpolate,
    inverse_sqrt,
    inverse_time,
    linear,
    multi_step,
    one_cycle,
    piecewise_constant,
    polynomial,
    rex,
    step_decay,
    triangular,
    triangular2,
    warmup_stable_decay,
)

__all__ = [
    "ConfigError",
    "GroupSchedule",
    "Schedule",
    "ScheduleError",
    "ScheduleTypeError",
    "clip",
    "config_schema",
    "constant",
    "cosine",
    "cosine_restarts",
    "exp_range",
    "exponential",
    "exponential_decay",
    "from_config",
    "interpolate",
    "inverse_sqrt",
    "inverse_time",
    "linear",
    "load",
    "multi_step",
    "one_cycle",
    "parse",
    "per_epoch",
    "piecewise_constant",
    "polynomial",
    "product",
    "rex",
    "sample",
    "scale",
    "scale_by_group",
    "sequential",
    "step_decay",
    "to_config",
    "triangular",
    "triangular2",
    "warmup_stable_decay",
    "with_warmup",
]

__version__ = "0.1.0"

# Reprs and docs should show schedkit.Schedule, not the private module it lives in.
Schedule.__module__ = __name__
GroupSchedule.__module__ = __name__
ScheduleError.__module__ = __name__
ScheduleTypeError.__module__ = __name__

# The framework equivalents register their names when their module is imported, which
# `import schedkit` leaves until a config or a text asks for one of them.
_registry.namespace(
    "compat.", "schedkit.compat", ("keras", "noether", "optax", "timm", "torch", "transformers")
)
ConfigError.__module__ = __name__
