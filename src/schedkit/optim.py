"""Connect schedules to an optimizer: parameter groups and a per-update apply.

Two functions, for any optimizer that keeps its settings in ``param_groups``, a list
of dicts, as every ``torch.optim`` optimizer does. This module imports no framework.

* :func:`param_groups` sorts ``(name, parameter)`` pairs into groups: weight decay
  kept off biases and normalization weights, a learning-rate multiplier and a
  weight decay of their own for the parameters you name.
* :func:`apply` writes the learning rate and the weight decay of every group for
  one update, from a learning-rate schedule and a weight-decay schedule.

Both schedule values are absolute: ``lr(step)`` is the learning rate of a group
with ``lr_scale`` 1, and ``weight_decay(step)`` the decay of a group that takes the
base decay. The optimizer's own ``lr`` and ``weight_decay`` only matter before the
first :func:`apply`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any, SupportsIndex

from . import _validate as check

__all__ = ["apply", "param_groups"]


@check.signed
def param_groups(
    named_parameters: Iterable[tuple[str, Any]],
    *,
    weight_decay: float,
    exclude_bias_and_norm: bool = True,
    lr_scale: Mapping[str, float] | None = None,
    weight_decay_by_name: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """Sort named parameters into the param groups an optimizer constructor takes.

    Each parameter gets a learning-rate multiplier and a weight decay::

        lr_scale(p)     = lr_scale[p]                if p is named in lr_scale
                          1                          otherwise
        decay(p)        = weight_decay_by_name[p]    if p is named in weight_decay_by_name
                          0                          if exclude_bias_and_norm and (the name
                                                     ends in ".bias" or p.ndim <= 1)
                          weight_decay               otherwise

    Parameters with equal settings share a group, in the order they first appear.
    Every group is a dict with the keys ``params`` (the parameters),
    ``param_names`` (their names, PyTorch's key for them), ``lr_scale``,
    ``weight_decay`` (the decay above, which the optimizer uses as it is) and
    ``weight_decay_scale``: the group's decay as a multiple of *weight_decay*, 0
    for the parameters that take no decay and 1 for those that take the base
    decay, even when it is 0. :func:`apply` scales a weight-decay schedule by it,
    and the learning-rate schedule by ``lr_scale``; so whether a group takes a
    scheduled decay follows from the rules above, never from a value being 0.

    Works with anything that has ``ndim``: PyTorch tensors, numpy and JAX arrays.
    Every pair given is placed, frozen parameters included; leave out those the
    optimizer should not see.
    For a layer-wise learning-rate decay, build ``lr_scale`` from the names, as in
    ``{name: 0.5 ** depth(name) for name, _ in model.named_parameters()}``.

    Args:
        named_parameters: ``(name, parameter)`` pairs with distinct names and
            parameters, such as ``model.named_parameters()``.
        weight_decay: the base decay, at least 0.
        exclude_bias_and_norm: keep decay off biases and off every parameter with
            at most one dimension (normalization weights, scalars).
        lr_scale: parameter name to a learning-rate multiplier, at least 0.
        weight_decay_by_name: parameter name to its own decay, at least 0. It wins
            over *exclude_bias_and_norm*. A positive one needs a positive
            *weight_decay*, which a scheduled decay is relative to, and a finite
            ratio to it.

    Every key of *lr_scale* and *weight_decay_by_name* must be the name of one of
    the parameters; an unmatched key is an error that suggests close names.

    Examples:
        >>> import numpy as np
        >>> named = [
        ...     ("embed.weight", np.zeros((10, 4))),
        ...     ("norm.weight", np.ones(4)),
        ...     ("head.weight", np.zeros((4, 2))),
        ...     ("head.bias", np.zeros(2)),
        ... ]
        >>> groups = param_groups(named, weight_decay=0.05, lr_scale={"embed.weight": 0.1})
        >>> for group in groups:
        ...     print(group["param_names"], group["lr_scale"], group["weight_decay"])
        ['embed.weight'] 0.1 0.05
        ['norm.weight', 'head.bias'] 1.0 0.0
        ['head.weight'] 1.0 0.05
    """
    base = check.non_negative("weight_decay", weight_decay)
    exclude = check.boolean("exclude_bias_and_norm", exclude_bias_and_norm)
    pairs = _named(named_parameters)
    scales = _by_name("lr_scale", lr_scale, pairs)
    decays = _by_name("weight_decay_by_name", weight_decay_by_name, pairs)
    if base == 0.0:
        for key, value in decays.items():
            if value > 0.0:
                raise check.ScheduleError(
                    f"weight_decay must be positive when weight_decay_by_name gives a "
                    f"parameter a decay, since scheduled decay is a multiple of it, "
                    f"got weight_decay={weight_decay!r}, weight_decay_by_name[{key!r}]={value!r}",
                    "weight_decay",
                )
    groups: dict[tuple[float, float, float], dict[str, Any]] = {}
    for key, parameter in pairs.items():
        if key in decays:
            decay = decays[key]
            relative = decay / base if decay else 0.0
            if relative == math.inf:
                raise check.ScheduleError(
                    f"weight_decay_by_name[{key!r}] / weight_decay must be a finite number, "
                    f"since scheduled decay is a multiple of weight_decay, got "
                    f"weight_decay_by_name[{key!r}]={decay!r}, weight_decay={base!r}",
                    related=(f"weight_decay_by_name[{key!r}]", "weight_decay"),
                )
        elif exclude and (key.rpartition(".")[2] == "bias" or parameter.ndim <= 1):
            decay, relative = 0.0, 0.0
        else:
            decay, relative = base, 1.0
        scale = scales.get(key, 1.0)
        group = groups.get((scale, decay, relative))
        if group is None:
            group = groups[scale, decay, relative] = {
                "params": [],
                "param_names": [],
                "lr_scale": scale,
                "weight_decay": decay,
                "weight_decay_scale": relative,
            }
        group["params"].append(parameter)
        group["param_names"].append(key)
    return list(groups.values())


def _named(named_parameters: object) -> dict[str, Any]:
    """Return the pairs as a dict, checking names, dimensions and repeats."""
    if isinstance(named_parameters, (str, bytes, Mapping)) or not isinstance(
        named_parameters, Iterable
    ):
        raise check.ScheduleTypeError(
            f"named_parameters must be an iterable of (name, parameter) pairs, "
            f"got named_parameters={check.show(named_parameters)} "
            f"({check.kind(named_parameters)})",
            "named_parameters",
        )
    pairs: dict[str, Any] = {}
    seen: dict[int, str] = {}
    for index, item in enumerate(named_parameters):
        label = f"named_parameters[{index}]"
        if not isinstance(item, Sequence) or isinstance(item, str) or len(item) != 2:
            raise check.ScheduleTypeError(
                f"{label} must be a (name, parameter) pair, "
                f"got {label}={check.show(item)} ({check.kind(item)})",
                label,
            )
        key, parameter = item
        if not isinstance(key, str):
            raise check.ScheduleTypeError(
                f"{label} must have a str name, got the name {check.show(key)} ({check.kind(key)})",
                label,
            )
        ndim = getattr(parameter, "ndim", None)
        if check.is_bool(ndim) or not isinstance(ndim, int):
            raise check.ScheduleTypeError(
                f"{label} must hold a parameter with ndim (a tensor or array), "
                f"got {key!r}: {check.show(parameter)} ({check.kind(parameter)})",
                label,
            )
        if key in pairs:
            raise check.ScheduleError(
                f"named_parameters must have distinct names, got {key!r} twice",
                "named_parameters",
            )
        if id(parameter) in seen:
            raise check.ScheduleError(
                f"named_parameters must hold each parameter once, "
                f"got the same parameter as {seen[id(parameter)]!r} and {key!r}",
                "named_parameters",
            )
        seen[id(parameter)] = key
        pairs[key] = parameter
    if not pairs:
        raise check.ScheduleError(
            "named_parameters must hold at least one pair, got none", "named_parameters"
        )
    return pairs


def _by_name(label: str, values: object, pairs: Mapping[str, Any]) -> dict[str, float]:
    """Return a map of parameter name to a non-negative number, every key a parameter."""
    if values is None:
        return {}
    result = check.numbers_by_name(label, values, "parameter name", check.non_negative)
    unmatched = [key for key in result if key not in pairs]
    if unmatched:
        names = list(pairs)
        shown = []
        for key in unmatched:
            close = check.close_names(key, names)
            hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
            shown.append(f"{key!r}{hint}")
        raise check.ScheduleError(
            f"every key of {label} must name a parameter of named_parameters, "
            f"got {len(unmatched)} that name none: {', '.join(shown)}",
            label,
        )
    return result


@check.signed
def apply(
    optimizer: Any,
    step: SupportsIndex,
    *,
    lr: Callable[[int], float] | None = None,
    weight_decay: Callable[[int], float] | None = None,
) -> None:
    """Write one update's learning rate and weight decay into every param group.

    For every group ``g`` of ``optimizer.param_groups``::

        g["lr"]           = lr(step) * g.get("lr_scale", 1)
        g["weight_decay"] = weight_decay(step) * g["weight_decay_scale"]
                                                  for the groups that take decay

    A group takes decay when its ``weight_decay_scale`` is above 0; groups from
    :func:`param_groups` carry it. A group without one takes decay at scale 1 if its
    ``weight_decay`` is not 0 the first time :func:`apply` writes decay, and at
    scale 0 otherwise; that choice is recorded in the group as
    ``weight_decay_scale``, so a schedule that passes through 0 does not change it,
    and it is saved with the optimizer's state. Such groups must agree on their
    decay, since there is no base to scale it by.

    Call it once per update, before the optimizer's step, with *step* the number of
    updates done so far. It keeps no state: resuming is calling it with the step.
    Every value is computed and checked before any group is written: a schedule's
    value must be a finite real number (anything ``float()`` takes but a bool or a
    string), each group's ``lr_scale`` and ``weight_decay_scale`` a finite number at
    least 0, and each product finite; otherwise no group changes.

    Args:
        optimizer: anything with ``param_groups``, a list of dicts.
        step: the number of updates done, a non-negative integer.
        lr: the learning-rate schedule (any callable from step to value), or None
            to leave the learning rates alone.
        weight_decay: the weight-decay schedule, or None to leave decay alone. It is
            an error if no group takes decay.

    Examples:
        >>> from types import SimpleNamespace
        >>> from schedkit import cosine, constant
        >>> optimizer = SimpleNamespace(param_groups=[
        ...     {"lr": 0.0, "lr_scale": 0.5, "weight_decay": 0.1, "weight_decay_scale": 1.0},
        ...     {"lr": 0.0, "lr_scale": 1.0, "weight_decay": 0.0, "weight_decay_scale": 0.0},
        ... ])
        >>> lr = cosine(base_lr=1e-3, min_lr=0.0, total_steps=100)
        >>> apply(optimizer, 0, lr=lr, weight_decay=constant(lr=0.05))
        >>> [(group["lr"], group["weight_decay"]) for group in optimizer.param_groups]
        [(0.0005, 0.05), (0.001, 0.0)]
    """
    if lr is None and weight_decay is None:
        raise check.ScheduleTypeError(
            "give lr, weight_decay or both, got neither", related=("lr", "weight_decay")
        )
    for label, schedule in (("lr", lr), ("weight_decay", weight_decay)):
        if schedule is not None and not callable(schedule):
            raise check.ScheduleTypeError(
                f"{label} must be a schedule (a callable from step to value), "
                f"got {label}={check.show(schedule)} ({check.kind(schedule)})",
                label,
            )
    groups = getattr(optimizer, "param_groups", None)
    if not isinstance(groups, Sequence) or not all(
        isinstance(group, MutableMapping) for group in groups
    ):
        raise check.ScheduleTypeError(
            f"optimizer must have param_groups, a list of dicts, "
            f"got optimizer={check.show(optimizer)} ({check.kind(optimizer)})",
            "optimizer",
        )
    if type(step) is not int or step < 0:
        step = check.step("apply", step)
    # Every value is computed and checked first: a failure leaves every group as it was.
    rates: list[float] = []
    if lr is not None:
        rate = _value_at("lr", lr, step)
        for index, group in enumerate(groups):
            factor = _group_number(index, "lr_scale", group.get("lr_scale", 1.0))
            rates.append(_finite_product("lr", rate, step, index, "lr_scale", factor))
    decays: list[tuple[float, float]] = []
    if weight_decay is not None:
        scales = _decay_scales(groups)
        decay = _value_at("weight_decay", weight_decay, step)
        for index, scale in enumerate(scales):
            value = _finite_product("weight_decay", decay, step, index, "weight_decay_scale", scale)
            decays.append((scale, value))
    for group, value in zip(groups, rates, strict=False):
        group["lr"] = value
    for group, (scale, value) in zip(groups, decays, strict=False):
        group["weight_decay_scale"] = scale
        if scale:
            group["weight_decay"] = value


def _number(value: object) -> float | None:
    """Return *value* as a float (inf past the float range), or None for what is not a
    number: a bool, a string, anything ``float()`` refuses. A 0-d tensor is a number."""
    if check.is_bool(value) or isinstance(value, (str, bytes)):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:  # an integer past the float range
        return math.inf
    except (TypeError, ValueError):
        return None


def _value_at(label: str, schedule: Callable[[int], float], step: int) -> float:
    """Return *schedule*'s value at *step*, which must be a finite real number."""
    value = schedule(step)
    result = _number(value)
    subject = f"{label}(step)"  # an expression of the parameter: named in related
    if result is None:
        raise check.ScheduleTypeError(
            f"{subject} must be a real number, got {label}({step})={check.show(value)} "
            f"({check.kind(value)})",
            related=(label,),
        )
    if not math.isfinite(result):
        raise check.ScheduleError(
            f"{subject} must be a finite number, got {label}({step})={check.show(value)}",
            related=(label,),
        )
    return result


def _group_number(index: int, key: str, value: object) -> float:
    """Return a group's multiplier *value*, which must be a finite number at least 0."""
    place = f"optimizer.param_groups[{index}][{key!r}]"
    result = _number(value)
    if result is None:
        raise check.ScheduleTypeError(
            f"{place} must be a number, got {place}={check.show(value)} ({check.kind(value)})",
            "optimizer",
        )
    if not (math.isfinite(result) and result >= 0.0):
        raise check.ScheduleError(
            f"{place} must be a finite number at least 0, got {place}={check.show(value)}",
            "optimizer",
        )
    return result


def _finite_product(
    label: str, value: float, step: int, index: int, key: str, factor: float
) -> float:
    """Return *value* times a group's *factor*, which must stay a finite number."""
    result = value * factor
    if not math.isfinite(result):
        place = f"optimizer.param_groups[{index}][{key!r}]"
        raise check.ScheduleError(
            f"{label}(step) * {place} must be a finite number, "
            f"got {label}({step})={value!r}, {place}={factor!r}",
            related=(label, "optimizer"),
        )
    return result


def _decay_scales(groups: Sequence[MutableMapping[str, Any]]) -> list[float]:
    """Return each group's weight_decay_scale, deciding it for groups without one."""
    scales: list[float] = []
    guessed: dict[int, float] = {}
    for index, group in enumerate(groups):
        scale = group.get("weight_decay_scale")
        if scale is None:
            value = _group_number(index, "weight_decay", group.get("weight_decay", 0.0))
            scale = 1.0 if value != 0 else 0.0
            if scale:
                guessed[index] = value
        scales.append(_group_number(index, "weight_decay_scale", scale))
    if len(set(guessed.values())) > 1:
        shown = ", ".join(
            f"param_groups[{index}] has {value!r}" for index, value in guessed.items()
        )
        raise check.ScheduleError(
            f"param groups without weight_decay_scale must agree on their weight "
            f"decay to follow one schedule, got {shown}; build them with param_groups() or "
            f"give each a weight_decay_scale",
            "optimizer",
        )
    if not any(scales):
        raise check.ScheduleError(
            f"weight_decay needs a param group that takes decay, got "
            f"{len(groups)} group(s) that take none (weight_decay_scale=0, or weight_decay=0 "
            f"in a group without a weight_decay_scale); build the groups with param_groups() "
            f"or give the optimizer a positive weight_decay",
            "weight_decay",
        )
    return scales
