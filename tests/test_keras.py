"""Tests for schedkit.keras: a schedule as a Keras 3 learning rate, against the real Keras.

Keras runs on JAX here (the repository's conftest sets ``KERAS_BACKEND``); the
PyTorch backend runs in a process of its own, since a process has one backend.
Skipped where Keras is absent (CI installs it on Python 3.11), except the test of
the message that says how to install it.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import textwrap
from typing import Any

import numpy as np
import pytest

from schedkit import cosine, from_config, inverse_sqrt, with_warmup
from schedkit import keras as adapter
from schedkit.keras import to_keras

INSTALL = "python -m pip install -r tests/conformance/requirements.txt"

LR = with_warmup(cosine(base_lr=0.3, min_lr=1e-4, total_steps=40), warmup_steps=10, start_lr=0.0)

# In float32, within the bound of tests/test_array.py.
FLOAT32_RELATIVE = 2.0**-18


@pytest.fixture(scope="module")
def keras() -> Any:
    return pytest.importorskip("keras", reason=INSTALL)


def test_the_values_are_the_schedule(keras: Any) -> None:
    learning_rate = to_keras(LR)
    for step in (0, 5, 10, 30, 50, 10**6):
        value = learning_rate(keras.ops.convert_to_tensor(step))
        assert abs(float(value) - LR(step)) <= FLOAT32_RELATIVE * LR(step)
    # Start and end land exactly, in Keras' float (float64 where a test set it so).
    assert float(learning_rate(0)) == 0.0
    assert float(learning_rate(10)) == float(np.asarray(0.3, keras.config.floatx()))


def test_it_trains_a_model_under_a_compiled_step(keras: Any) -> None:
    learning_rate = to_keras(LR)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.AdamW(learning_rate=learning_rate), loss="mse")
    model.fit(np.ones((48, 4)), np.zeros((48, 1)), batch_size=4, epochs=1, verbose=0)
    assert int(model.optimizer.iterations) == 12
    assert abs(float(model.optimizer.learning_rate) - LR(12)) <= FLOAT32_RELATIVE * LR(12)


# Keras 3.15 on JAX saves its variables through an __array__ that numpy 2 warns about.
@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
def test_the_config_round_trips_and_a_saved_model_loads(keras: Any, tmp_path: Any) -> None:
    learning_rate = to_keras(LR)
    config = learning_rate.get_config()
    assert from_config(config["schedule"]) == LR
    assert type(learning_rate).from_config(config).schedule == LR
    serialized = keras.optimizers.schedules.serialize(learning_rate)
    assert serialized["registered_name"] == "schedkit>Schedule"
    assert keras.optimizers.schedules.deserialize(serialized).schedule == LR
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse")
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    saved = loaded.optimizer.get_config()["learning_rate"]
    assert keras.optimizers.schedules.deserialize(saved).schedule == LR
    assert repr(learning_rate) == f"to_keras({LR!r})"
    assert pickle.loads(pickle.dumps(learning_rate.schedule)) == LR


def test_a_schedule_without_a_length_is_evaluated_at_every_count(keras: Any) -> None:
    schedule = inverse_sqrt(base_lr=0.1, warmup_steps=4)
    learning_rate = to_keras(schedule)
    for step in (0, 4, 10**6, 2**31 - 1):
        assert abs(float(learning_rate(step)) - schedule(step)) <= FLOAT32_RELATIVE * schedule(step)


def test_the_torch_backend(keras: Any) -> None:
    pytest.importorskip("torch", reason=INSTALL)
    script = textwrap.dedent(
        """
        import os
        os.environ["KERAS_BACKEND"] = "torch"
        import keras
        import numpy as np
        from schedkit import cosine, with_warmup
        from schedkit.keras import to_keras
        schedule = with_warmup(
            cosine(base_lr=0.3, min_lr=1e-4, total_steps=40), warmup_steps=10, start_lr=0.0
        )
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.AdamW(learning_rate=to_keras(schedule)), loss="mse")
        model.fit(np.ones((48, 4)), np.zeros((48, 1)), batch_size=4, epochs=1, verbose=0)
        assert int(model.optimizer.iterations) == 12
        assert float(model.optimizer.learning_rate) == float(np.float32(schedule(12)))
        print("torch")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "torch\n"


def test_a_non_schedule_is_refused() -> None:
    with pytest.raises(
        TypeError,
        match="^" + re.escape("to_keras: schedule must be a Schedule made by a schedkit factory"),
    ):
        to_keras(lambda step: 0.1)  # type: ignore[arg-type]


def test_without_keras_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "keras", None)  # makes `import keras` fail
    monkeypatch.setattr(adapter, "_made", [])
    with pytest.raises(
        ImportError,
        match=re.escape(
            "schedkit.keras.to_keras needs Keras 3, which is not installed; "
            "install it with: pip install keras"
        ),
    ):
        to_keras(LR)
