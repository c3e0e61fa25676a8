"""Other frameworks' schedules as schedkit schedules, with their names, parameters,
defaults and numbers.

One module per framework: :mod:`schedkit.compat.torch`, :mod:`.transformers`,
:mod:`.optax`, :mod:`.keras`, :mod:`.timm` and :mod:`.noether`. None of them imports
its framework. Each function returns a :class:`~schedkit.Schedule` whose value at
step t is what the framework gives after t updates; where the framework raises or
returns nonsense for a valid step, the docstring says what is done instead.

    >>> from schedkit import compat
    >>> schedule = compat.torch.cosine_annealing_lr(base_lr=0.1, T_max=100)
    >>> schedule
    compat.torch.cosine_annealing_lr(base_lr=0.1, T_max=100)
    >>> schedule(100)
    0.0
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

    from . import keras, noether, optax, timm, torch, transformers

__all__ = ["keras", "noether", "optax", "timm", "torch", "transformers"]


def __getattr__(name: str) -> ModuleType:
    # Each framework's module is imported when first used, so that looking up
    # compat.torch.step_lr loads that module alone.
    if name in __all__:
        import importlib  # noqa: PLC0415

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    # The modules are attributes too, before their first use.
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})
