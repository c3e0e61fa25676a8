"""Collection for the whole repository: the framework adapters' doctests need their framework."""

import importlib.util

# Their examples run where the framework is installed, as it is in CI on Python 3.11.
collect_ignore = [
    f"src/schedkit/{module}.py"
    for module in ("torch", "jax")
    if importlib.util.find_spec(module) is None
]
