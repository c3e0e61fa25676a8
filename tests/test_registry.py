"""Tests of the registry: the one list of factories that configs, text and the command read."""

from __future__ import annotations

import ast
import inspect
import itertools
import math
import pathlib
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schedkit
import strategies
from schedkit import _registry as registry
from schedkit import compat
from schedkit._cli import catalog
from schedkit._marks import options
from schedkit._spec import Form
from schedkit.config import _param_path

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
    # What counts is what the import adds: an interpreter's site may load some of these
    # (a .pth file importing typing) before schedkit is imported.
    code = """
import sys
before = set(sys.modules)
import schedkit
heavy = {"json", "tomllib", "tomli", "yaml", "inspect", "difflib", "typing", "re", "enum",
         "importlib", "schedkit._spec", "schedkit.compat", "schedkit.optim", "schedkit.torch",
         "schedkit.jax", "schedkit.plot"}
print(sorted(heavy & (set(sys.modules) - before)))
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
        (schedkit.schedules, {"AnnealShape", "DecayShape", "Interpolation"}),
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
        assert options(getattr(module, name)) == run


def test_a_choice_reads_as_its_literal_in_a_spec() -> None:
    # What configs and the JSON Schema read is the same list as the check.
    param = registry.spec_of(schedkit.warmup_stable_decay).param("decay_shape")
    assert param is not None
    assert param.form == Form("string", ("linear", "cosine", "1-sqrt"))


# Looking up a name in a namespace imports the one module that registers it.


def test_looking_up_one_framework_name_imports_that_framework_module_alone() -> None:
    code = """
import sys
import schedkit
from schedkit import _registry
assert _registry.lookup("compat.torch.step_lr") is not None
print(sorted(name for name in sys.modules if name.startswith("schedkit.compat.")))
_registry.names()
print(sorted(name for name in sys.modules if name.startswith("schedkit.compat.")))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    alone, every = result.stdout.splitlines()
    assert alone == "['schedkit.compat._base', 'schedkit.compat.torch']"
    assert every == str(sorted(f"schedkit.compat.{name}" for name in ["_base", *compat.__all__]))


def test_the_declared_namespace_lists_the_compat_modules() -> None:
    assert {"compat.": ("schedkit.compat", tuple(compat.__all__))} == registry._NAMESPACES


def test_a_name_outside_the_declared_modules_imports_nothing() -> None:
    # A config names a kind; only the listed modules of this library may be imported for it.
    for name in ("compat._base.ClosureSchedule", "compat.os.system", "compat..x"):
        assert registry.lookup(name) is None


# The layers: no module imports one above it, so the imports hold no circle.

SOURCE = pathlib.Path(schedkit.__file__).parent


def _module_name(path: pathlib.Path) -> str:
    parts = ["schedkit", *path.relative_to(SOURCE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Return each schedkit module's imports of schedkit modules, read by ast: at the top,
    inside functions and for type checkers alike."""
    modules = {_module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")
                if node.level:
                    base = base[: len(base) - node.level + 1]
                    stem = ".".join([*base, node.module] if node.module else base)
                else:
                    stem = node.module or ""
                # `from . import x` imports the module x when there is one.
                targets = [
                    f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in modules else stem
                    for alias in node.names
                ]
            graph[name].update(target for target in targets if target in modules)
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Return the strongly connected groups of more than one module (Tarjan's method)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_one_import_circle_is_the_notebook_display_hook() -> None:
    # Schedule._repr_svg_ reaches plot so that a notebook can ask a schedule for its
    # picture; every other import points down.
    assert circles(import_graph()) == [{"schedkit._schedule", "schedkit.plot"}]


def test_the_bottom_layers_import_nothing_from_the_package() -> None:
    graph = import_graph()
    assert graph["schedkit._marks"] == set()
    assert graph["schedkit._validate"] == set()
    assert graph["schedkit._shapes"] == set()
    assert graph["schedkit._registry"] == {"schedkit._validate", "schedkit._spec"}


def test_the_import_graph_reads_relative_imports() -> None:
    graph = import_graph()
    assert "schedkit._schedule" in graph["schedkit.compose"]
    assert "schedkit._kinds" in graph["schedkit.compat.torch"]
    assert "schedkit._validate" in graph["schedkit._schedule"]


def test_no_module_imports_a_private_name_of_the_public_catalog() -> None:
    # The kinds shared by the catalog and the frameworks live in _kinds, meant for sharing.
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("schedules"):
                private = [alias.name for alias in node.names if alias.name.startswith("_")]
                assert not private, (path, private)


# One vocabulary: a step count takes steps wherever it is, so "5%" works for all.

STEP_NAMES = re.compile(r"^(total_steps|\w+_steps|period|step_size)$")


@pytest.mark.parametrize("name", registry.names())
def test_every_count_of_steps_is_declared_as_steps(name: str) -> None:
    spec = registry.spec(name)
    assert spec is not None
    for param in spec.params:
        if STEP_NAMES.match(param.name):
            forms = {param.form, *param.form.args}
            assert Form("steps") in forms, (name, param.name, param.form)


def test_a_relative_duration_works_for_rex_as_for_cosine() -> None:
    text = 'rex(base_lr=1.0, end_lr=0.0, total_steps="50%")'
    assert schedkit.parse(text, total_steps=100) == schedkit.rex(
        base_lr=1.0, end_lr=0.0, total_steps=50
    )


@pytest.mark.parametrize("name", registry.names())
def test_every_registered_parameter_is_described(name: str) -> None:
    # The JSON Schema and the reference describe a parameter by its Args: entry.
    spec = registry.spec(name)
    assert spec is not None
    assert [param.name for param in spec.params if not param.doc] == []


@pytest.mark.parametrize("name", registry.names())
def test_no_factory_writes_its_own_name(name: str) -> None:
    # @register names the factory in its errors; a copied literal would name another one.
    factory = registry.lookup(name)
    assert factory is not None
    source = textwrap.dedent(inspect.getsource(inspect.unwrap(factory)))
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    body = function.body[1:] if ast.get_docstring(function) else function.body
    short = name.rpartition(".")[2]
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert node.value not in (name, short), (name, node.value)
            assert not node.value.startswith((f"{name}:", f"{short}:")), (name, node.value)


# Errors carry their parameter: every check of every factory names a parameter the
# user passed, spelled as the user spelled it, so configs can point at it.

BAD_VALUES: list[object] = [
    "x",
    None,
    True,
    object(),
    math.nan,
    math.inf,
    -math.inf,
    -1,
    0,
    -1.5,
    0.5,
    2,
    10**6,
    1e308,
    -1e308,
    [],
    [None],
    ["x"],
    [-1],
    [0, 0],
    [(0, 1.0), (0, 2.0)],
    [(1, None)],
    {},
    {"a": -1.0},
    {1: "x"},
]


def _provoke(factory: Any, args: list[Any], kwargs: dict[str, Any]) -> Exception | None:
    try:
        factory(*args, **kwargs)
    except (TypeError, ValueError) as error:
        return error
    return None


def _calls(schedule: schedkit.Schedule) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Yield the schedule's own call with one or two of its arguments made bad."""
    args, kwargs = schedule._call_args()
    positional = list(args)
    for key in kwargs:
        for bad in BAD_VALUES:
            yield positional, {**kwargs, key: bad}
    for index in range(len(positional)):
        for bad in BAD_VALUES:
            yield [*positional[:index], bad, *positional[index + 1 :]], kwargs
    numbers = [key for key, value in kwargs.items() if type(value) is float]
    for first, second in itertools.permutations(numbers, 2):
        yield positional, {**kwargs, first: 1e308, second: -1e308}
    # Another factory's arguments, in a list of dicts (optax's sgdr_schedule).
    for key, value in kwargs.items():
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], Mapping):
            for inner in value[0]:
                for bad in BAD_VALUES:
                    changed = [{**value[0], inner: bad}, *value[1:]]
                    yield positional, {**kwargs, key: changed}


@pytest.mark.parametrize("name", registry.names())
@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_error_names_a_parameter_of_its_factory(name: str, data: st.DataObject) -> None:
    factory = registry.lookup(name)
    assert factory is not None
    accepted = set(inspect.signature(factory).parameters)
    schedule = data.draw(strategies.registered(name))
    for args, kwargs in _calls(schedule):
        error = _provoke(factory, args, kwargs)
        if error is None:
            continue
        assert isinstance(error, (schedkit.ScheduleError, schedkit.ScheduleTypeError)), error
        assert error.factory == name, error
        assert error.params, error
        for param in error.params:
            path = _param_path(param)
            assert path is not None, (error, param)
            assert path[0] in accepted, (error, param)
        # A message about one parameter, its subject, carries it as the one at fault:
        # that is where a config error points.
        subject = error.detail.partition(" must ")[0]
        if " " not in subject and (_param_path(subject) or ("",))[0] in accepted:
            assert error.param is not None, error
            assert error.param == subject or error.param.startswith(f"{subject}["), error
        assert str(error).startswith(f"{name}: "), error
        assert f"{name}: {name}:" not in str(error), error
