"""Warmup-stable-decay for a long run, with layer-wise learning rates.

A warmup-stable-decay (WSD) schedule holds its peak for most of the run and cools
down at the end, so a run can be extended by moving the cooldown. Here it drives a
6-layer model whose layers learn at rates that shrink with depth from the output
(layer-wise learning-rate decay, as used when fine-tuning transformers):
``scale_by_group`` gives every parameter group its own multiple of the one schedule.

In PyTorch, each value would go to the matching ``optimizer.param_groups`` entry:
``for group in optimizer.param_groups: group["lr"] = lrs[group["name"]]``.

Run it with ``python examples/wsd_layerwise.py``.
"""

from __future__ import annotations

from schedkit import scale_by_group, warmup_stable_decay

TOTAL_STEPS = 10_000
LAYERS = 6
LAYER_DECAY = 0.8


def main() -> None:
    schedule = warmup_stable_decay(
        base_lr=3e-4,
        warmup_steps=500,
        decay_steps=2_000,
        total_steps=TOTAL_STEPS,
        end_lr=3e-6,
        start_lr=0.0,
        decay_shape="1-sqrt",
    )
    # The head learns at the full rate; each layer below it at 0.8 times the one above.
    multipliers = {"head": 1.0}
    multipliers.update(
        {f"layer{depth}": LAYER_DECAY ** (LAYERS + 1 - depth) for depth in range(LAYERS, 0, -1)}
    )
    multipliers["embedding"] = LAYER_DECAY ** (LAYERS + 1)
    groups = scale_by_group(schedule, multipliers=multipliers)
    print(schedule)
    print(f"length {groups.length}: warmup to step 500, plateau to 8000, 1-sqrt cooldown to 10000")
    print()

    names = list(multipliers)
    print("step   " + " ".join(f"{name:>9}" for name in names))
    for step in (0, 250, 500, 5_000, 8_000, 9_000, 9_900, 10_000):
        lrs = groups(step)
        print(f"{step:5d}  " + " ".join(f"{lrs[name]:9.2e}" for name in names))

    final = groups(TOTAL_STEPS)
    if final["head"] != 3e-6:
        raise SystemExit(f"the head should end on end_lr, got {final['head']}")


if __name__ == "__main__":
    main()
