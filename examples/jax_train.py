"""Train a small JAX model with optax, its learning rate and weight decay from schedules.

The problem of examples/torch_train.py: AdamW with a warmup plus cosine learning
rate and a weight decay rising along a cosine, decay kept off biases and LayerNorm
scales (the parameters with at most one dimension). A schedule takes optax's
update count, a traced integer inside ``jax.jit``, so each goes to optax as it is;
``optax.inject_hyperparams`` records the values used, and the whole run is one
jitted ``jax.lax.scan``.

    python examples/jax_train.py
"""

from __future__ import annotations

from typing import Any, NamedTuple

try:
    import jax
    import jax.numpy as jnp
    import optax
except ImportError:  # pragma: no cover - the example needs JAX and optax
    raise SystemExit("This example needs JAX and optax: pip install jax optax") from None

from schedkit import cosine, with_warmup

TOTAL_STEPS = 200
WARMUP_STEPS = 20
LR = with_warmup(
    cosine(base_lr=3e-3, min_lr=3e-5, total_steps=TOTAL_STEPS - WARMUP_STEPS),
    warmup_steps=WARMUP_STEPS,
    start_lr=0.0,
)
WEIGHT_DECAY = cosine(base_lr=0.04, min_lr=0.4, total_steps=TOTAL_STEPS)

Params = dict[str, jax.Array]


class Run(NamedTuple):
    """Per update: the learning rate and weight decay used, and the loss."""

    lr: jax.Array
    weight_decay: jax.Array
    loss: jax.Array


def init_params() -> Params:
    """Two blocks (dense, layer norm, GELU) and a dense head, at a fixed seed."""
    keys = jax.random.split(jax.random.key(0), 3)
    sizes = [(8, 32), (32, 32), (32, 1)]
    params: Params = {}
    for index, (key, (fan_in, fan_out)) in enumerate(zip(keys, sizes, strict=True)):
        bound = fan_in**-0.5
        params[f"dense{index}.weight"] = jax.random.uniform(
            key, (fan_in, fan_out), minval=-bound, maxval=bound
        )
        params[f"dense{index}.bias"] = jnp.zeros(fan_out)
        if index < 2:
            params[f"norm{index}.scale"] = jnp.ones(fan_out)
    return params


def predict(params: Params, inputs: jax.Array) -> jax.Array:
    hidden = inputs
    for index in range(2):
        hidden = hidden @ params[f"dense{index}.weight"] + params[f"dense{index}.bias"]
        mean = hidden.mean(axis=-1, keepdims=True)
        centred = hidden - mean
        hidden = centred * jax.lax.rsqrt((centred**2).mean(axis=-1, keepdims=True) + 1e-5)
        hidden = jax.nn.gelu(hidden * params[f"norm{index}.scale"])
    return hidden @ params["dense2.weight"] + params["dense2.bias"]


def batch(step: jax.Array) -> tuple[jax.Array, jax.Array]:
    """The batch of one update, fixed by the step."""
    inputs = jax.random.normal(jax.random.fold_in(jax.random.key(1), step), (64, 8))
    return inputs, jnp.sin(inputs @ jnp.linspace(-1.0, 1.0, 8))[:, None]


def build_optimizer() -> optax.GradientTransformation:
    # The mask is a callable too, but not a schedule: static_args keeps it out.
    return optax.inject_hyperparams(optax.adamw, static_args=("mask",))(
        learning_rate=LR,
        weight_decay=WEIGHT_DECAY,
        mask=lambda params: {name: value.ndim > 1 for name, value in params.items()},
    )


def train(steps: int = TOTAL_STEPS) -> tuple[Params, Run]:
    """Run *steps* updates in one jitted scan; return the weights and what each used."""
    optimizer = build_optimizer()
    params = init_params()

    def update(carry: tuple[Params, Any], step: jax.Array) -> tuple[tuple[Params, Any], Run]:
        params, state = carry
        inputs, targets = batch(step)
        loss, grads = jax.value_and_grad(lambda p: jnp.mean((predict(p, inputs) - targets) ** 2))(
            params
        )
        updates, state = optimizer.update(grads, state, params)
        # inject_hyperparams evaluated the schedules at this update's count.
        used = Run(state.hyperparams["learning_rate"], state.hyperparams["weight_decay"], loss)
        return (optax.apply_updates(params, updates), state), used

    @jax.jit
    def run(params: Params) -> tuple[tuple[Params, Any], Run]:
        return jax.lax.scan(update, (params, optimizer.init(params)), jnp.arange(steps))

    (params, _), log = run(params)
    return params, log


def main() -> None:
    _, log = train()
    print(f"{TOTAL_STEPS} updates: loss {float(log.loss[0]):.4f} -> {float(log.loss[-1]):.4f}")
    for step in (0, WARMUP_STEPS, TOTAL_STEPS // 2, TOTAL_STEPS - 1):
        print(
            f"  update {step}: lr {float(log.lr[step]):.4g} (schedule {LR(step):.4g}), "
            f"weight decay {float(log.weight_decay[step]):.4g}"
        )


if __name__ == "__main__":
    main()
