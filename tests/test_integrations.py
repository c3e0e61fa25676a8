"""Every code block of docs/integrations.md runs, each in a fresh interpreter.

A block that imports a framework is skipped where that framework is absent; CI
installs PyTorch, JAX, optax and Keras on Python 3.11, so there every block runs.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import re
import subprocess
import sys

import pytest

DOC = pathlib.Path(__file__).parent.parent / "docs" / "integrations.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.S | re.M)
FRAMEWORKS = ("torch", "jax", "optax", "keras")
INSTALL = "python -m pip install torch==2.13.0 -r tests/conformance/requirements.txt"


def test_the_page_has_its_blocks() -> None:
    # A plain loop, PyTorch with apply, PyTorch with LambdaLR, optax, Keras.
    assert len(BLOCKS) == 7


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_the_block_runs(block: str, tmp_path: pathlib.Path) -> None:
    imported = set(re.findall(r"^(?:import|from) (\w+)", block, re.M))
    for framework in sorted(imported.intersection(FRAMEWORKS)):
        if importlib.util.find_spec(framework) is None:
            pytest.skip(f"{framework} is not installed; {INSTALL}")
    script = tmp_path / "block.py"
    script.write_text(block, encoding="utf-8")
    # Keras needs a backend; JAX is the one the suite installs.
    environment = {**os.environ, "KERAS_BACKEND": "jax"}
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
