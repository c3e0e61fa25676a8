"""Tests of the registry: the one list of factories that configs, text and the command read."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys

import pytest

import schedkit
from schedkit import _registry as registry
from schedkit import compat
from schedkit._cli import catalog
from schedkit._spec import Form

# The functions that are not factories of a Schedule: sample returns a list,
# scale_by_group a GroupSchedule, and get_scheduler and noether's from_config pick
# another factory by a framework's own name.
NOT_FACTORIES = {"sample", "scale_by_group", "get_scheduler", "from_config"}


def public_factories() -> dict[str, object]:
    found: dict[str, object] = {}
    for module in (schedkit.schedules, schedkit.compose):
        found.update({name: getattr(module, name) for name in module.__all__})
    for framework in compat.__all__:
        module = getattr(compat, framework)
        found.update(
            {f"compat.{framework}.{name}": getattr(module, name) for name in module.__all__}
        )
    return {
        name: factory
        for name, factory in found.items()
        if name.rpartition(".")[2] not in NOT_FACTORIES
    }


def test_every_public_factory_is_registered_under_its_name() -> None:
    factories = public_factories()
    assert set(registry.names()) == set(factories)
    for name, factory in factories.items():
        assert registry.lookup(name) is factory
    assert len(factories) == 86


def test_names_list_the_catalog_then_the_frameworks_each_sorted() -> None:
    names = registry.names()
    core = [name for name in names if not name.startswith("compat.")]
    assert names == sorted(core) + sorted(set(names) - set(core))
    assert names[:3] == ["clip", "constant", "cosine"]


def test_unknown_names_are_not_found() -> None:
    for name in ("cosin", "compat.torch.nothing", "compat.os", "", "schedkit.cosine"):
        assert registry.lookup(name) is None
        assert registry.spec(name) is None


@pytest.mark.parametrize("name", registry.names())
def test_every_factory_declares_readable_parameters(name: str) -> None:
    spec = registry.spec(name)
    assert spec is not None
    signature = inspect.signature(spec.factory)
    assert [param.name for param in spec.params] == list(signature.parameters)
    # "kind" names the factory in a config, so no factory may take it.
    assert "kind" not in signature.parameters
    assert spec.summary
    for param in spec.params:
        assert isinstance(param.form, Form)
        assert param.required == (
            signature.parameters[param.name].default is inspect.Parameter.empty
        )


SPECS = [
    # (name, parameter, its form): the declarations configs depend on
    ("cosine", "total_steps", Form("steps")),  # a step count, so it may be "5%"
    ("cosine", "base_lr", Form("number")),
    ("cosine_restarts", "t_mult", Form("integer")),  # a count, but not of steps
    ("cosine_restarts", "max_cycles", Form("any_of", (Form("integer"), Form("null")))),
    ("multi_step", "milestones", Form("list", (Form("steps"),))),
    ("interpolate", "points", Form("list", (Form("tuple", (Form("steps"), Form("number"))),))),
    ("with_warmup", "schedule", Form("schedule")),
    ("with_warmup", "shape", Form("string", ("linear", "cosine", "exponential"))),
    ("sequential", "phases", Form("list", (Form("tuple", (Form("steps"), Form("schedule"))),))),
    ("product", "schedules", Form("list", (Form("schedule"),))),
    ("exponential_decay", "staircase", Form("boolean")),
    ("compat.torch.one_cycle_lr", "epochs", Form("any_of", (Form("integer"), Form("null")))),
    ("compat.torch.one_cycle_lr", "total_steps", Form("any_of", (Form("steps"), Form("null")))),
    ("compat.optax.piecewise_constant_schedule", "boundaries_and_scales",
     Form("any_of", (Form("map", (Form("steps"), Form("number"))), Form("null")))),
    ("compat.optax.sgdr_schedule", "cosine_kwargs",
     Form("list", (Form("arguments", (compat.optax.warmup_cosine_decay_schedule,)),))),
    ("compat.transformers.get_wsd_schedule", "decay_type",
     Form("string", ("linear", "cosine", "1-sqrt"))),
]  # fmt: skip


@pytest.mark.parametrize(("name", "param", "form"), SPECS)
def test_declared_types(name: str, param: str, form: Form) -> None:
    spec = registry.spec(name)
    assert spec is not None
    found = spec.param(param)
    assert found is not None
    assert found.form == form


def test_parameters_are_described_from_the_docstring() -> None:
    spec = registry.spec("with_warmup")
    assert spec is not None
    assert [param.doc for param in spec.params] == [
        "the schedule that follows the warmup.",
        "the length of the warmup, at least 1.",
        "the value at step 0.",
        '``"linear"`` (the default), ``"cosine"`` or ``"exponential"``.',
    ]
    assert [param.how for param in spec.params] == ["positional", "keyword", "keyword", "keyword"]
    product = registry.spec("product")
    assert product is not None
    assert product.params[0].how == "star"


def test_a_type_configs_cannot_hold_is_refused() -> None:
    def factory(*, callback: object) -> schedkit.Schedule:  # pragma: no cover - never called
        raise NotImplementedError

    with pytest.raises(TypeError, match=r"^a schedule factory's parameter cannot have the type "):
        registry.spec_of(factory)


def test_the_command_lists_the_registry() -> None:
    lines = catalog().splitlines()
    assert [line.partition("(")[0] for line in lines] == registry.names()
    assert "cosine(base_lr, min_lr, total_steps)" in lines
    assert "with_warmup(schedule, warmup_steps, start_lr, shape='linear')" in lines


def test_configs_load_the_framework_schedules_without_importing_a_framework() -> None:
    code = """
import sys
import schedkit
assert "schedkit.compat" not in sys.modules
config = {"kind": "compat.torch.step_lr", "base_lr": 0.1, "step_size": 10}
print(schedkit.from_config(config)(10))
loaded = {"torch", "jax", "optax", "keras", "timm", "transformers", "noether"} & set(sys.modules)
assert not loaded, loaded
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(0.1 * 0.1)


def test_importing_schedkit_loads_no_config_format_no_typing_and_no_inspect() -> None:
    # typing (with re and enum) alone costs more than the rest of `import schedkit`.
    code = """
import sys
import schedkit
heavy = {"json", "tomllib", "tomli", "yaml", "inspect", "difflib", "typing", "re", "enum",
         "schedkit._spec", "schedkit.compat", "schedkit.optim", "schedkit.torch",
         "schedkit.jax", "schedkit.plot"}
print(sorted(heavy & set(sys.modules)))
"""
    result = subprocess.run(
        [sys.executable, "-X", "frozen_modules=on", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def choice_aliases(module: object) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Return each alias of *module* written ``if TYPE_CHECKING: X = Literal[...]``
    ``else: X = choices(...)``, as (the Literal's strings, the Choices' strings)."""
    found = {}
    for node in ast.walk(ast.parse(inspect.getsource(module))):  # type: ignore[arg-type]
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        typed, run = node.body[0], node.orelse[0] if node.orelse else None
        if not (isinstance(typed, ast.Assign) and isinstance(run, ast.Assign)):
            continue
        literal, made = typed.value, run.value
        assert isinstance(literal, ast.Subscript), ast.unparse(literal)
        assert isinstance(made, ast.Call), ast.unparse(made)
        members = literal.slice.elts if isinstance(literal.slice, ast.Tuple) else [literal.slice]
        found[ast.unparse(typed.targets[0])] = (
            tuple(ast.literal_eval(member) for member in members),
            tuple(ast.literal_eval(arg) for arg in made.args),
        )
    return found


@pytest.mark.parametrize(
    ("module", "aliases"),
    [
        # the choices of one_cycle, warmup_stable_decay and interpolate
        (schedkit.schedules, {"Anneal", "DecayShape", "Interpolation"}),
        # with_warmup's shape
        (schedkit.compose, {"WarmupShape"}),
    ],
)
def test_each_choice_alias_allows_at_run_time_what_its_literal_allows(
    module: object, aliases: set[str]
) -> None:
    found = choice_aliases(module)
    assert set(found) == aliases
    for name, (literal, run) in found.items():
        assert literal == run, name
        assert registry.options(getattr(module, name)) == run


def test_a_choice_reads_as_its_literal_in_a_spec() -> None:
    # What configs and the JSON Schema read is the same list as the check.
    param = registry.spec_of(schedkit.warmup_stable_decay).param("decay_shape")
    assert param is not None
    assert param.form == Form("string", ("linear", "cosine", "1-sqrt"))
