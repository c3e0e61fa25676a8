"""Build-time gallery: every schedule in the catalog, its formula and its picture.

MkDocs runs this hook (see mkdocs.yml). It adds one SVG per factory to the site and
writes the catalog page's gallery where the page says ``<!-- gallery -->``: each
factory's formula and notes, read from its docstring (the one place a formula is
written), and its picture, drawn by schedkit itself. So no picture or formula is
copied into a page, and none can drift from the code. A factory of the catalog
without an example here, or whose docstring states no formula, fails the build.

It also reads the docstrings' Sphinx roles (``:func:`cosine```), which ``help()``
readers know, as links on the API reference page.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import schedkit
from schedkit import parse
from schedkit._registry import names
from schedkit.plot import to_svg

# One example per factory, written as a user would (the text form, which parse reads),
# in the sections the catalog page shows.
SECTIONS = {
    "Constant and stepped": {
        "constant": "constant(lr=1e-3)",
        "step_decay": "step_decay(base_lr=0.1, gamma=0.5, step_size=200)",
        "multi_step": "multi_step(base_lr=0.1, milestones=[300, 600, 800], gamma=0.1)",
        "piecewise_constant": "piecewise_constant(boundaries=[250, 500, 750], values=[0.1, 0.05, 0.02, 0.01])",
    },
    "Smooth decays": {
        "linear": "linear(base_lr=1e-3, end_lr=0.0, total_steps=1000)",
        "polynomial": "polynomial(base_lr=1e-3, end_lr=1e-5, total_steps=1000, power=2.0)",
        "cosine": "cosine(base_lr=1e-3, min_lr=1e-5, total_steps=1000)",
        "rex": "rex(base_lr=1e-3, end_lr=0.0, total_steps=1000)",
        "exponential": "exponential(base_lr=0.1, gamma=0.995)",
        "exponential_decay": "exponential_decay(base_lr=0.1, decay_rate=0.5, decay_steps=200, staircase=True)",
        "inverse_time": "inverse_time(base_lr=0.1, decay_rate=1.0, decay_steps=100)",
        "inverse_sqrt": "inverse_sqrt(base_lr=1e-3, warmup_steps=100)",
    },
    "Whole runs": {
        "one_cycle": "one_cycle(max_lr=0.1, total_steps=1000, pct_start=0.3, initial_div=25.0, final_div=1e4)",
        "warmup_stable_decay": "warmup_stable_decay(base_lr=1e-3, warmup_steps=50, decay_steps=200, total_steps=1000, end_lr=0.0, start_lr=0.0, decay_shape='1-sqrt')",
        "interpolate": "interpolate(points=[(0, 0.0), (100, 1.0), (600, 0.3), (1000, 0.0)], shape='cosine')",
    },
    "Cycles": {
        "cosine_restarts": "cosine_restarts(base_lr=1e-3, min_lr=1e-5, period=100, t_mult=2, decay=0.8, max_cycles=3)",
        "triangular": "triangular(min_lr=1e-4, max_lr=1e-3, step_size=100)",
        "triangular2": "triangular2(min_lr=1e-4, max_lr=1e-3, step_size=100)",
        "exp_range": "exp_range(min_lr=1e-4, max_lr=1e-3, step_size=100, gamma=0.998)",
    },
    "Composition": {
        "with_warmup": "with_warmup(cosine(base_lr=1e-3, min_lr=1e-5, total_steps=900), warmup_steps=100, start_lr=0.0)",
        "sequential": "sequential([(300, linear(base_lr=0.0, end_lr=1e-3, total_steps=300)), (400, constant(lr=1e-3)), (300, cosine(base_lr=1e-3, min_lr=0.0, total_steps=300))])",
        "per_epoch": "per_epoch(step_decay(base_lr=0.1, gamma=0.5, step_size=3), steps_per_epoch=100)",
        "scale": "scale(cosine(base_lr=1.0, min_lr=0.0, total_steps=1000), factor=3e-4)",
        "product": "product(constant(lr=1e-3), triangular(min_lr=0.5, max_lr=1.0, step_size=50), cosine(base_lr=1.0, min_lr=0.0, total_steps=1000))",
        "clip": "clip(exponential(base_lr=0.1, gamma=0.99), min_value=1e-3)",
    },
}
# Schedules without an end are drawn over this many steps.
STEPS = 1000


def catalog() -> list[str]:
    """The catalog's factories, without the frameworks' equivalents."""
    return [name for name in names() if not name.startswith("compat.")]


def _summary(name: str) -> str:
    doc = inspect.getdoc(getattr(schedkit, name)) or ""
    return doc.split("\n\n")[0].replace("\n", " ")


# The Google-style sections that end a docstring's description.
_SECTION = re.compile(r"^(Args|Arguments|Returns|Yields|Raises|Examples|References|Notes):$")
_INLINE_ROLE = re.compile(r":(?:func|class|mod|meth|attr|data|exc):`(~?)([\w.]+)`")


def _prose(line: str) -> str:
    """A docstring line as Markdown: Sphinx roles become links or code."""

    def role(match: re.Match[str]) -> str:
        short, target = match[1], match[2]
        name = target.removeprefix("schedkit.")
        shown = target.rsplit(".", 1)[-1] if short else target
        # Only the package's own names have an entry in the reference to link to.
        if name in schedkit.__all__:
            return f"[`{shown}`][schedkit.{name}]"
        return f"`{shown}`"

    return _INLINE_ROLE.sub(role, line).replace("``", "`")


def formula(name: str) -> str:
    """Return the description of *name*'s docstring, its formula first, as Markdown.

    The description is what comes between the one-line summary and the first section
    (``Args:``). Its literal blocks (a paragraph ending ``::``, then an indented
    block), which hold the formula as cases, become fenced text blocks.
    """
    doc = inspect.getdoc(getattr(schedkit, name)) or ""
    lines = doc.splitlines()
    start = lines.index("") + 1 if "" in lines else len(lines)
    end = next((i for i in range(start, len(lines)) if _SECTION.match(lines[i])), len(lines))
    body, out, blocks = lines[start:end], [], 0
    index = 0
    while index < len(body):
        line = body[index]
        index += 1
        if not line.rstrip().endswith("::"):
            out.append(_prose(line))
            continue
        # A paragraph that is only "::" introduces its block without words.
        lead = line.rstrip()[:-1]
        if lead.strip() != ":":
            out.append(_prose(lead))
        block: list[str] = []
        while index < len(body) and (not body[index].strip() or body[index].startswith(" ")):
            block.append(body[index])
            index += 1
        code = inspect.cleandoc("\n".join(block))
        out += ["", "```text", code, "```", ""]
        blocks += 1
    if not blocks:
        raise ValueError(f"the docstring of {name} states no formula (an indented block after ::)")
    return "\n".join(out).strip()


def gallery() -> tuple[str, dict[str, str]]:
    """Return the gallery's markdown and its pictures, by file name."""
    examples = {name: text for section in SECTIONS.values() for name, text in section.items()}
    missing = sorted(set(catalog()) - set(examples))
    if missing:
        raise ValueError(f"the gallery has no example for {', '.join(missing)}")
    parts, pictures = [], {}
    for title, section in SECTIONS.items():
        parts.append(f"## {title}\n")
        for name, text in section.items():
            schedule = parse(text)
            steps = None if schedule.length else STEPS
            pictures[f"gallery/{name}.svg"] = to_svg(schedule, num_steps=steps, height=300)
            drawn = "" if schedule.length else f" (no end: drawn over {STEPS} steps)"
            parts.append(
                f"### {name}\n\n{_prose(_summary(name))} [Reference][schedkit.{name}].\n\n"
                f"{formula(name)}\n\n"
                f"Drawn from this call:\n\n```python\n{text}\n```\n\n"
                f"![{name}{drawn}](gallery/{name}.svg)\n"
            )
    return "\n".join(parts), pictures


_built: dict[str, Any] = {}


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File  # noqa: PLC0415

    markdown, pictures = gallery()
    _built["markdown"] = markdown
    for path, svg in pictures.items():
        files.append(File.generated(config, path, content=svg))
    return files


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if page.file.src_uri == "catalog.md":
        return markdown.replace("<!-- gallery -->", _built["markdown"])
    return markdown


_ROLE = re.compile(r":(?:func|class|mod|meth|attr|data|exc):<code>(~?)([\w.]+)</code>")


def on_page_content(html: str, page: Any, **_: Any) -> str:
    if page.file.src_uri != "reference.md":
        return html
    anchors = set(re.findall(r'id="(schedkit[\w.]*)"', html))

    def link(match: re.Match[str]) -> str:
        short, name = match[1], match[2]
        shown = name.rsplit(".", 1)[-1] if short else name
        found = next(
            (anchor for anchor in (name, f"schedkit.{name}") if anchor in anchors),
            next((anchor for anchor in sorted(anchors) if anchor.endswith(f".{name}")), None),
        )
        code = f"<code>{shown}</code>"
        return code if found is None else f'<a href="#{found}">{code}</a>'

    # A literal block's "::" reads as ":" in Markdown, as Sphinx shows it.
    return _ROLE.sub(link, html).replace("::</p>", ":</p>")
