"""The Schedule object that every factory returns, and the checks of a parameter that
takes one."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from . import _validate as check
from ._array import Arrays, arrays
from ._validate import ScheduleError, factory_name, kind_error, value_error

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol, SupportsIndex, overload

    class Steps(Protocol):
        """An array of steps, to type checkers: a numpy array, a JAX array or tracer,
        a PyTorch tensor (anything with a shape and a dtype)."""

        @property
        def shape(self) -> Any: ...
        @property
        def dtype(self) -> Any: ...


__all__ = [
    "FrozenMapping",
    "GroupSchedule",
    "OverflowingValueError",
    "Run",
    "Schedule",
    "overflow",
    "sampled",
    "schedule_argument",
    "schedules_argument",
]


class _Frozen(type):
    """The metaclass of schedules: an object is frozen once its constructor returns.

    Constructors set their slots as usual; from then on ``__setattr__`` refuses. Doing
    it here, after ``__init__``, costs a constructor one flag and a call nothing.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        made = super().__call__(*args, **kwargs)
        object.__setattr__(made, "_frozen", True)
        return made


class _FactoryCall(metaclass=_Frozen):
    """What every object a factory returns shares: its call as data, its repr,
    equality, hashing and pickling, and immutability. Subclasses add ``__call__``.

    Once made, a schedule refuses to set or delete any attribute (``AttributeError``):
    its values cannot change under a training loop. A call writes no attribute, so it
    pays nothing for this.
    """

    __slots__ = {
        "__weakref__": "So that jax.jit and caches can hold a schedule weakly.",
        "_factory": "The factory that made the object, which pickling calls again.",
        "_frozen": "Whether the constructor has returned; from then on nothing is set.",
        "_length": "The step from which the value holds, or None.",
        "_params": "The factory's arguments, as (name, value) pairs in its order.",
        "_positional": "How many of those the factory takes before its keywords.",
        "_star": "Whether the last positional one is a *args tuple, spread in the call.",
    }
    _frozen: bool

    def __init__(
        self,
        factory: Callable[..., _FactoryCall],
        params: Mapping[str, Any],
        length: int | None,
        *,
        positional: int = 0,
        star: bool = False,
    ) -> None:
        # First, so that every later assignment, a subclass's too, can read it.
        object.__setattr__(self, "_frozen", False)
        self._factory = factory
        self._params = tuple(params.items())
        self._length = length
        self._positional = positional
        self._star = star

    def __setattr__(self, name: str, value: object) -> None:
        if self._frozen:
            raise AttributeError(f"{self.name}: a schedule is immutable, cannot set {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self.name}: a schedule is immutable, cannot delete {name!r}")

    @property
    def name(self) -> str:
        """The name of the factory that made this schedule, such as ``'cosine'``.

        Framework equivalents are named by their module, as in
        ``'compat.torch.cosine_annealing_lr'``.
        """
        return factory_name(self._factory)

    @property
    def params(self) -> dict[str, Any]:
        """The factory's parameters as a new dict, in the factory's order."""
        return dict(self._params)

    @property
    def length(self) -> int | None:
        """The step at which the schedule reaches its final value, or None if it has none.

        A finite schedule holds its final value from this step on.
        """
        return self._length

    def _call_args(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        positional = [value for _, value in self._params[: self._positional]]
        if self._star:
            positional[-1:] = positional[-1]
        return tuple(positional), dict(self._params[self._positional :])

    def __repr__(self) -> str:
        args, kwargs = self._call_args()
        # Optional knobs left at their defaults are left out, as a user would write it.
        defaults = self._factory.__kwdefaults__ or {}
        parts = [_format(value) for value in args]
        parts += [
            f"{key}={_format(value)}"
            for key, value in kwargs.items()
            if not (key in defaults and _same(defaults[key], value))
        ]
        return f"{self.name}({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _FactoryCall):
            return NotImplemented
        return self._factory is other._factory and self._params == other._params

    def __hash__(self) -> int:
        return hash((self.name, self._params))

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilding through the factory re-validates, so a pickle cannot smuggle in
        # a schedule that the factory would have refused.
        return (_rebuild, (self._factory, *self._call_args()))

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return self


class Schedule(_FactoryCall):
    """An immutable, picklable function from a training step to a value.

    Schedules are made by the factories (:func:`~schedkit.cosine`,
    :func:`~schedkit.with_warmup`, ...), which check their parameters once. Calling
    a schedule with a step returns a float::

        >>> from schedkit import cosine
        >>> schedule = cosine(base_lr=1.0, min_lr=0.0, total_steps=10)
        >>> schedule(0), schedule(10), schedule(25)
        (1.0, 0.0, 0.0)

    A step is anything ``operator.index`` accepts (``int``, numpy integers, 0-d
    integer tensors) except a bool. In a notebook, a schedule with a length shows its
    curve (see :mod:`schedkit.plot`). The schedule's repr is the call that made it,
    and two schedules are equal when they come from the same factory with equal
    parameters::

        >>> schedule
        cosine(base_lr=1.0, min_lr=0.0, total_steps=10)
        >>> schedule == cosine(base_lr=1, min_lr=0, total_steps=10)
        True
        >>> schedule.name, schedule.length
        ('cosine', 10)
        >>> schedule.params
        {'base_lr': 1.0, 'min_lr': 0.0, 'total_steps': 10}
    """

    __slots__ = ()

    # Subclasses evaluate in _at, which trusts its step: composites call their
    # children's _at so that a step is checked once, at the outermost call.
    def _at(self, step: int) -> float:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    # The value at each step of an array of them (see schedkit._array): the same
    # formula as _at, written with the array's operations and no branch on the steps.
    def _array(self, ops: Arrays, steps: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    if TYPE_CHECKING:

        @overload
        def __call__(self, step: Steps) -> Any: ...
        @overload
        def __call__(self, step: SupportsIndex) -> float: ...

    def __call__(self, step: Any) -> Any:
        """Return the value at *step*, a non-negative integer, or at each step of an
        array of them (numpy, JAX or PyTorch), as an array of that library."""
        if type(step) is int and step >= 0:
            return self._at(step)
        return self._other(step)

    def _other(self, step: object) -> Any:
        """Return the value at a step that is not a non-negative int: another integer,
        or an array of steps."""
        ops = arrays(self.name, step)
        if ops is None:
            return self._at(check.step(self.name, step))
        return self._evaluate(ops)

    def _evaluate(self, ops: Arrays) -> Any:
        with ops.errors_ignored():
            values = ops.array(self._array(ops, ops.steps))
        bad = ops.unfinite(values)
        if bad is not None:
            raise overflow(self, bad[0], sign=bad[1])
        return values

    def _runs(self, first: int, stop: int) -> Iterator[Run]:
        """Yield the steps *first* to *stop* - 1 as consecutive runs, each with the array
        form that gives its values and its steps as that form counts them, for
        :func:`sampled`. A composite whose parts hold one stretch of steps each (a
        warmup, a sequence) yields each part's own, so that no part is evaluated at
        steps another part holds. A finite schedule's steps from its length on hold
        its final value, which is not computed again."""
        end = self._length
        if end is None or stop <= end:
            yield self._array, range(first, stop)
            return
        if first < end:
            yield self._array, range(first, end)
        final = self._at(end)
        yield (lambda ops, steps: final), range(max(first, end), stop)

    def _bound(self) -> float:
        """Return the largest magnitude the value takes at any step, inf where it grows
        without bound; the combinators that multiply check their products against it
        when built.

        A kind that knows its bound says so. This default, for the rest, is the larger
        magnitude at step 0 and at the end: where the value lies between the two, as
        in most of the frameworks' decays, that is the bound.
        """
        return self._largest_at((0,) if self._length is None else (0, self._length))

    def _largest_at(self, steps: Iterable[int]) -> float:
        """Return the largest magnitude at *steps*, inf if the value overflows at one."""
        try:
            return max(abs(self._at(step)) for step in steps)
        except ScheduleError:
            return math.inf

    def _repr_svg_(self) -> str | None:
        # A notebook shows a finite schedule as its curve; None leaves it the text repr.
        if self._length is None:
            return None
        # The one import in the package that runs up a layer, on purpose: IPython's
        # display protocol asks the object for its picture, so the object must reach
        # its renderer (as pandas' _repr_html_ does). plot needs nothing from here at
        # run time.
        from .plot import to_svg  # noqa: PLC0415

        return to_svg(self, title=repr(self))


class GroupSchedule(_FactoryCall):
    """An immutable, picklable function from a step to a value for each named group.

    Made by :func:`~schedkit.scale_by_group`; calling it returns a new dict of group
    name to value. It has the repr, equality, pickling and ``length`` of a Schedule.
    """

    __slots__ = ()

    def _at(self, step: int) -> dict[str, float]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _array(self, ops: Arrays, steps: Any) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError

    if TYPE_CHECKING:

        @overload
        def __call__(self, step: Steps) -> dict[str, Any]: ...
        @overload
        def __call__(self, step: SupportsIndex) -> dict[str, float]: ...

    def __call__(self, step: Any) -> Any:
        """Return each group's value at *step*, a non-negative integer, or an array of
        each group's values at an array of steps."""
        if type(step) is int and step >= 0:
            return self._at(step)
        ops = arrays(self.name, step)
        if ops is None:
            return self._at(check.step(self.name, step))
        with ops.errors_ignored():
            values = self._array(ops, ops.steps)
        for group, value in values.items():
            values[group] = ops.array(value)
            bad = ops.unfinite(values[group])
            if bad is not None:
                raise overflow(self, bad[0], sign=bad[1])
        return values


def _rebuild(
    factory: Callable[..., _FactoryCall], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> _FactoryCall:
    return factory(*args, **kwargs)


def _same(default: object, value: object) -> bool:
    return type(default) is type(value) and default == value


def _format(value: object) -> str:
    # Sequences are stored as tuples so that schedules hash; they read as the lists
    # a user would write.
    if isinstance(value, tuple):
        return "[" + ", ".join(repr(item) for item in value) + "]"
    return repr(value)


# === Sampling: many steps at once, through numpy where it is installed ===

# An array form, (ops, steps) -> the values, and a run of steps it gives.
Form = Callable[[Arrays, "Any"], "Any"]
Run = tuple[Form, range]

# Steps evaluated at once: enough that numpy's cost per call vanishes, few enough that
# a formula's arrays stay in the cache.
_CHUNK = 2**16
# Fewer steps than this are cheaper one by one than through numpy's calls.
_FEW = 64


def sampled(schedule: Schedule, steps: range | Sequence[int]) -> Iterator[list[float]]:
    """Yield the values of *schedule* at *steps* (non-negative integers), in order, a
    list of floats at a time: the scalar path's values, computed through numpy's
    arrays where numpy is installed, and one by one where it is not.

    The array form gives the scalar path's bits where its formula uses only
    arithmetic, sin, cos and sqrt (numpy's pow and exp may differ by an ulp or a few).
    A piece with a value past the float range is evaluated again step by step, so an
    overflow raises the scalar path's error, at the first step that overflows, after
    the values before it have been yielded.
    """
    at = schedule._at
    np = _numpy()
    if np is None:
        for piece in _pieces(steps):
            yield from _one_by_one(at, piece)
        return
    runs: Iterable[tuple[Form, range | Sequence[int]]] = [(schedule._array, steps)]
    if isinstance(steps, range) and steps.step == 1:
        runs = schedule._runs(steps.start, steps.stop)
    done = 0  # the index in *steps* where the run begins
    for form, local in runs:
        for piece in _pieces(local):
            count = len(piece)
            given = steps[done : done + count]
            done += count
            found = None
            if count >= _FEW and max(piece[0], piece[-1]) <= 2**63 - 1:
                found = _evaluated(np, schedule.name, form, piece)
            if found is None:
                yield from _one_by_one(at, given)
            else:
                yield found


def _one_by_one(at: Callable[[int], float], steps: Iterable[int]) -> Iterator[list[float]]:
    """Yield the scalar path's values at *steps*; where one raises, the values before
    it first, so that a caller that writes them as they come writes the same lines."""
    values: list[float] = []
    try:
        for step in steps:
            values.append(at(step))  # noqa: PERF401 - keeps the values before a raise
    except ScheduleError:
        if values:
            yield values
        raise
    yield values


def _evaluated(np: Any, name: str, form: Form, steps: range | Sequence[int]) -> list[float] | None:
    """Return *form* at *steps* (within int64) through numpy, or None where a value is
    past the float range."""
    if isinstance(steps, range):
        ints = np.arange(len(steps), dtype=np.int64)
        if steps.step != 1:
            ints *= steps.step
        if steps.start:
            ints += steps.start
    else:
        ints = np.asarray(steps, dtype=np.int64)
    ops = arrays(name, ints)
    assert ops is not None
    with ops.errors_ignored():
        found = ops.array(form(ops, ops.steps))
    if not np.isfinite(found).all():
        return None
    values: list[float] = found.tolist()
    return values


def _numpy() -> Any:
    """Return numpy, or None where it is not installed (schedkit does not need it)."""
    try:
        import numpy  # noqa: PLC0415 - optional, so imported only when used
    except ImportError:
        return None
    return numpy


def _pieces(steps: range | Sequence[int]) -> Iterator[range | Sequence[int]]:
    """Yield *steps* in consecutive pieces of at most _CHUNK steps; a range of any
    length (even one beyond a C integer) yields ranges."""
    if isinstance(steps, range):
        stride = steps.step * _CHUNK
        for first in range(steps.start, steps.stop, stride):
            yield range(first, steps.stop, steps.step)[:_CHUNK]
        return
    for first in range(0, len(steps), _CHUNK):
        yield steps[first : first + _CHUNK]


# === Errors and parameter checks ===


class OverflowingValueError(ScheduleError):
    """The error of a step whose value leaves the float range: a :class:`ScheduleError`
    that also knows which way the value left, so that a clip can hold its bound there.
    """

    sign: float  # 1.0 or -1.0 for the way the value left; 0.0 where that is not known


def overflow(
    schedule: _FactoryCall, step: int, last: int | None = None, sign: float = 0.0
) -> OverflowingValueError:
    """Return the error for a *step* whose value no longer fits in a float, which
    leaves the range upward for a positive *sign* and downward for a negative one."""
    known = "" if last is None else f"; the last step with a finite value is {last},"
    error = OverflowingValueError(
        f"the value overflows a float at step={step}{known} in {schedule!r}",
        "step",
        factory=schedule.name,
    )
    error.sign = sign
    return error


def schedule_argument(name: str, value: object) -> Schedule:
    """Return the parameter *name*'s *value*, which must be a :class:`Schedule`."""
    if not isinstance(value, Schedule):
        raise kind_error(name, value, "a Schedule made by a schedkit factory")
    return value


def schedules_argument(name: str, value: object) -> list[Schedule]:
    """Return *value*, a Schedule or a non-empty list or tuple of them, as a list."""
    if isinstance(value, Schedule):
        return [value]
    allowed = "a Schedule or a list of Schedules"
    if not isinstance(value, (list, tuple)):
        raise kind_error(name, value, allowed)
    for index, item in enumerate(value):
        if not isinstance(item, Schedule):
            raise kind_error(f"{name}[{index}]", item, "a Schedule")
    if not value:
        raise value_error(name, value, "at least one Schedule")
    return list(value)


class FrozenMapping(Mapping["Any", "Any"]):
    """A read-only mapping that hashes, for parameters given as a dict."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[Any, Any]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: Any) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return repr(self._items)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMapping, (self._items,))
