"""Shared helpers of the conformance suite, which drives the real frameworks.

Each framework is imported through :func:`framework`, which skips the module, with
the command that installs it, when the framework is absent. CI installs them all
(see tests/conformance/requirements.txt), so CI runs every case.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import sys
import types
from collections.abc import Iterable
from types import ModuleType

import pytest

INSTALL = "python -m pip install -r tests/conformance/requirements.txt"


def framework(name: str) -> ModuleType:
    """Import *name*, or skip the calling test module saying how to install it."""
    if importlib.util.find_spec(name.split(".", 1)[0]) is None:
        pytest.skip(f"{name} is not installed; {INSTALL}", allow_module_level=True)
    return importlib.import_module(name)


def package_without_init(name: str) -> None:
    """Make *name* importable as a bare package, without running its ``__init__``.

    timm's and noether's ``__init__`` pull in their whole framework (timm needs
    torchvision, which has no CPU build here); their scheduler modules need only
    torch or pydantic.
    """
    parts = name.split(".")
    for depth in range(1, len(parts) + 1):
        dotted = ".".join(parts[:depth])
        if dotted in sys.modules:
            continue
        spec = importlib.util.find_spec(dotted)
        if spec is None or spec.submodule_search_locations is None:
            pytest.skip(f"{dotted} is not installed; {INSTALL}", allow_module_level=True)
        module = types.ModuleType(dotted)
        module.__spec__ = spec
        module.__path__ = list(spec.submodule_search_locations)
        sys.modules[dotted] = module


def close(ours: float, theirs: float, rel: float = 1e-12, abs_: float = 1e-15) -> bool:
    """The agreement the suite asks for: relative 1e-12, absolute 1e-15 near zero."""
    return math.isclose(ours, theirs, rel_tol=rel, abs_tol=abs_)


def assert_agree(
    label: str,
    ours: Iterable[float],
    theirs: Iterable[float],
    rel: float = 1e-12,
    abs_: float = 1e-15,
) -> None:
    """Assert that two sequences agree at every step, naming the first step that does not."""
    ours, theirs = list(ours), list(theirs)
    assert len(ours) == len(theirs), label
    for step, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
        assert close(mine, float(other), rel, abs_), f"{label}: step {step}: {mine!r} != {other!r}"
