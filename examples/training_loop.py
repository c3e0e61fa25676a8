"""A plain training loop driven by schedkit: no framework, just Python.

Fits y = 3x + 2 by stochastic gradient descent. The learning rate warms up for 100
steps and then follows a cosine to a small floor; weight decay follows its own
schedule. Each update reads its values from the schedules with the step it is on,
so resuming from a checkpoint needs nothing but the step.

Run it with ``python examples/training_loop.py``.
"""

from __future__ import annotations

import random

from schedkit import cosine, linear, with_warmup

TOTAL_STEPS = 1_000
WARMUP_STEPS = 100


def main() -> None:
    lr_schedule = with_warmup(
        cosine(base_lr=0.1, min_lr=1e-3, total_steps=TOTAL_STEPS - WARMUP_STEPS),
        warmup_steps=WARMUP_STEPS,
        start_lr=0.0,
    )
    decay_schedule = linear(base_lr=1e-4, end_lr=0.0, total_steps=TOTAL_STEPS)

    rng = random.Random(0)
    data = [
        (x, 3.0 * x + 2.0 + rng.gauss(0.0, 0.1)) for x in (rng.uniform(-1, 1) for _ in range(256))
    ]
    weight, bias = 0.0, 0.0

    for step in range(TOTAL_STEPS):
        lr, decay = lr_schedule(step), decay_schedule(step)
        x, y = data[step % len(data)]
        error = weight * x + bias - y
        weight -= lr * (2 * error * x + decay * weight)
        bias -= lr * 2 * error
        if step % 200 == 0 or step == TOTAL_STEPS - 1:
            loss = sum((weight * x + bias - y) ** 2 for x, y in data) / len(data)
            print(f"step {step:4d}  lr {lr:.5f}  weight decay {decay:.1e}  loss {loss:.5f}")

    print(f"fitted y = {weight:.3f} x + {bias:.3f}")
    if abs(weight - 3.0) > 0.05 or abs(bias - 2.0) > 0.05:
        raise SystemExit("the fit did not converge")


if __name__ == "__main__":
    main()
