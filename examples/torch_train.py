"""Train a small PyTorch model with scheduled learning rate and weight decay.

AdamW with the learning rate warming up for 20 updates and then following a cosine,
a weight decay rising along a cosine from 0.04 to 0.4 (as in DINO), decay kept off
biases and LayerNorm weights, and a layer-wise learning-rate decay: each block runs
at 0.7 times the rate of the block above it, the head at the full rate.

Every update starts with ``apply(optimizer, step, ...)``, step being the number of
updates done, so resuming needs nothing but that number: it is saved with the model
and the optimizer, and a resumed run continues exactly where the first one stopped.

    python examples/torch_train.py                          # the whole run
    python examples/torch_train.py --until 100 --save a.pt  # the first half
    python examples/torch_train.py --resume a.pt            # the rest, in a new process
"""

from __future__ import annotations

import argparse
import json
from typing import TypedDict

try:
    import torch
    from torch import nn
except ImportError:  # pragma: no cover - the example needs PyTorch
    raise SystemExit("This example needs PyTorch: pip install torch") from None

from schedkit import cosine, with_warmup
from schedkit.optim import apply, param_groups

TOTAL_STEPS = 200
WARMUP_STEPS = 20
LR = with_warmup(
    cosine(base_lr=3e-3, min_lr=3e-5, total_steps=TOTAL_STEPS - WARMUP_STEPS),
    warmup_steps=WARMUP_STEPS,
    start_lr=0.0,
)
WEIGHT_DECAY = cosine(base_lr=0.04, min_lr=0.4, total_steps=TOTAL_STEPS)
LAYER_DECAY = 0.7


def build_model() -> nn.Sequential:
    """Two blocks (Linear, LayerNorm, GELU) and a linear head, at a fixed seed."""
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Linear(8, 32), nn.LayerNorm(32), nn.GELU(),  # block 0: parameters 0.* and 1.*
        nn.Linear(32, 32), nn.LayerNorm(32), nn.GELU(),  # block 1: parameters 3.* and 4.*
        nn.Linear(32, 1),  # the head: parameters 6.*
    )  # fmt: skip


def layer_scales(model: nn.Module) -> dict[str, float]:
    """Each parameter's learning-rate multiplier: LAYER_DECAY to the power of its
    distance from the head, read from the layer index that starts its name."""
    blocks = {name: int(name.split(".")[0]) // 3 for name, _ in model.named_parameters()}
    head = max(blocks.values())
    return {name: LAYER_DECAY ** (head - block) for name, block in blocks.items()}


def build_optimizer(model: nn.Module) -> torch.optim.AdamW:
    groups = param_groups(
        model.named_parameters(), weight_decay=WEIGHT_DECAY(0), lr_scale=layer_scales(model)
    )
    return torch.optim.AdamW(groups)


def batch(step: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The batch of one update: fixed by the step, so a resumed run sees the same data."""
    inputs = torch.randn(64, 8, generator=torch.Generator().manual_seed(step))
    direction = torch.linspace(-1.0, 1.0, 8)
    return inputs, torch.sin(inputs @ direction).unsqueeze(1)


class Log(TypedDict):
    """Per update: every group's learning rate and weight decay as used, and the loss."""

    lr: list[list[float]]
    weight_decay: list[list[float]]
    loss: list[float]


def train(model: nn.Module, optimizer: torch.optim.Optimizer, start: int, until: int) -> Log:
    """Run the updates start, ..., until - 1."""
    log: Log = {"lr": [], "weight_decay": [], "loss": []}
    for step in range(start, until):
        apply(optimizer, step, lr=LR, weight_decay=WEIGHT_DECAY)
        log["lr"].append([group["lr"] for group in optimizer.param_groups])
        log["weight_decay"].append([group["weight_decay"] for group in optimizer.param_groups])
        inputs, targets = batch(step)
        loss = nn.functional.mse_loss(model(inputs), targets)
        optimizer.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()
        log["loss"].append(loss.item())
    return log


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--until", type=int, default=TOTAL_STEPS, help="stop after this update")
    parser.add_argument("--save", help="save the model, the optimizer and the step here")
    parser.add_argument("--resume", help="start from a checkpoint saved with --save")
    parser.add_argument("--log", help="write the learning rates, decays and losses as JSON")
    args = parser.parse_args(argv)
    # One thread adds up in one order, so a resumed run matches an unbroken one bit for bit.
    torch.set_num_threads(1)

    model = build_model()
    optimizer = build_optimizer(model)
    start = 0
    if args.resume:
        checkpoint = torch.load(args.resume, weights_only=True)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        start = checkpoint["step"]
    log = train(model, optimizer, start, args.until)

    if args.save:
        state = {"model": model.state_dict(), "optimizer": optimizer.state_dict()}
        torch.save({**state, "step": args.until}, args.save)
    if args.log:
        with open(args.log, "w", encoding="utf-8") as file:
            json.dump({"start": start, **log}, file)
    if log["loss"]:
        first, last = log["loss"][0], log["loss"][-1]
        print(f"updates {start} to {args.until}: loss {first:.4f} -> {last:.4f}; last update:")
        rows = zip(optimizer.param_groups, log["lr"][-1], log["weight_decay"][-1], strict=True)
        for group, lr, decay in rows:
            print(f"  {', '.join(group['param_names'])}: lr {lr:.3g}, weight decay {decay:.3g}")


if __name__ == "__main__":
    main()
