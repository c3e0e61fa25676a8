"""Every rank of a distributed PyTorch job follows one schedule, with no communication.

Two processes train a DistributedDataParallel model on the gloo backend (CPU). The
schedule is an argument of the worker, so ``torch.multiprocessing.spawn`` pickles it
into each process; each rank applies it with its own update count and logs the
learning rates it used. They agree, as do the weights the ranks end with.

    python examples/torch_distributed.py
    python examples/torch_distributed.py --log-dir logs   # keep each rank's log
"""

from __future__ import annotations

import argparse
import json
import pathlib
import tempfile

try:
    import torch
    import torch.distributed as dist
    from torch import nn
    from torch.multiprocessing.spawn import spawn
    from torch.nn.parallel import DistributedDataParallel
except ImportError:  # pragma: no cover - the example needs PyTorch
    raise SystemExit("This example needs PyTorch: pip install torch") from None

from schedkit import Schedule, cosine, with_warmup
from schedkit.optim import apply

WORLD_SIZE = 2
STEPS = 30


def worker(rank: int, schedule: Schedule, steps: int, rendezvous: str, log_dir: str) -> None:
    """One rank: join the group, train, and write the learning rates it used."""
    torch.set_num_threads(1)
    dist.init_process_group(
        "gloo", init_method=f"file://{rendezvous}", rank=rank, world_size=WORLD_SIZE
    )
    try:
        log = train(rank, schedule, steps)
        pathlib.Path(log_dir, f"rank{rank}.json").write_text(json.dumps(log), encoding="utf-8")
        # No rank tears the group down while another still talks to it.
        dist.barrier()
    finally:
        dist.destroy_process_group()


def train(rank: int, schedule: Schedule, steps: int) -> dict[str, object]:
    """Train a DDP model; the model is gone when this returns, before the group is."""
    torch.manual_seed(0)
    model = DistributedDataParallel(nn.Linear(4, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0, momentum=0.9)
    lrs = []
    for step in range(steps):
        apply(optimizer, step, lr=schedule)
        lrs.append(optimizer.param_groups[0]["lr"])
        # Each rank sees its own data; DDP averages the gradients.
        inputs = torch.randn(16, 4, generator=torch.Generator().manual_seed(step * 100 + rank))
        loss = nn.functional.mse_loss(model(inputs), inputs.sum(dim=1, keepdim=True))
        optimizer.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()
    weights = [value.tolist() for value in model.module.state_dict().values()]
    return {"rank": rank, "lr": lrs, "weights": weights}


def run(schedule: Schedule, steps: int, log_dir: str) -> list[dict[str, object]]:
    """Train on WORLD_SIZE spawned processes and return each rank's log."""
    with tempfile.TemporaryDirectory() as scratch:
        rendezvous = str(pathlib.Path(scratch, "rendezvous"))
        spawn(worker, args=(schedule, steps, rendezvous, log_dir), nprocs=WORLD_SIZE)  # type: ignore[no-untyped-call]
    return [
        json.loads(pathlib.Path(log_dir, f"rank{rank}.json").read_text(encoding="utf-8"))
        for rank in range(WORLD_SIZE)
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log-dir", help="write each rank's log here (default: a temporary one)")
    args = parser.parse_args(argv)
    schedule = with_warmup(
        cosine(base_lr=0.05, min_lr=0.0, total_steps=STEPS - 5), warmup_steps=5, start_lr=0.0
    )
    with tempfile.TemporaryDirectory() as scratch:
        logs = run(schedule, STEPS, args.log_dir or scratch)
    expected = [schedule(step) for step in range(STEPS)]
    for log in logs:
        if log["lr"] != expected:
            raise SystemExit(f"rank {log['rank']} used other learning rates: {log['lr']}")
    if logs[0]["weights"] != logs[1]["weights"]:
        raise SystemExit("the ranks ended with different weights")
    print(f"{schedule}\n{WORLD_SIZE} ranks, {STEPS} updates: every rank used the same rates")
    print("lr: " + ", ".join(f"{value:.3g}" for value in expected[:8]) + ", ...")


if __name__ == "__main__":
    main()
