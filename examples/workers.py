"""A schedule crosses process boundaries: every worker computes the same values.

Schedules pickle, so one can be handed to worker processes (as data-loader workers
or the ranks of a distributed job receive their configuration). Each worker
computes its learning rates from the step alone, with no communication, and they
all agree. Resuming is the same: call the schedule with the step you resume at.

Run it with ``python examples/workers.py``.
"""

from __future__ import annotations

import multiprocessing

from schedkit import Schedule, multi_step, with_warmup

STEPS = [0, 50, 100, 3_000, 6_000, 9_999, 10_000, 50_000]


def lrs_at(rank: int, schedule: Schedule) -> tuple[int, list[float]]:
    return rank, [schedule(step) for step in STEPS]


def main() -> None:
    schedule = with_warmup(
        multi_step(base_lr=0.4, milestones=[2_900, 5_900], gamma=0.1),
        warmup_steps=100,
        start_lr=0.0,
    )
    print(schedule)
    # spawn starts fresh interpreters, so the schedule really travels as a pickle.
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.starmap(lrs_at, [(rank, schedule) for rank in range(4)])
    expected = [schedule(step) for step in STEPS]
    for rank, values in results:
        print(f"rank {rank}: " + ", ".join(f"{value:.4g}" for value in values))
        if values != expected:
            raise SystemExit(f"rank {rank} disagrees: {values} != {expected}")
    print("every rank agrees")


if __name__ == "__main__":
    main()
