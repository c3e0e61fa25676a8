"""Collection for the whole repository: the framework adapters' doctests need their framework."""

import importlib.util
import os

# Keras runs its doctests (and the docs' blocks) on JAX, which CI installs; Keras'
# own default, TensorFlow, is not installed.
os.environ.setdefault("KERAS_BACKEND", "jax")

# Their examples run where the framework is installed, as it is in CI on Python 3.11.
collect_ignore = [
    f"src/schedkit/{module}.py"
    for module in ("torch", "jax", "keras")
    if importlib.util.find_spec(module) is None
]
