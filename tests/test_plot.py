"""Tests of schedkit.plot: the SVG and text pictures, notebook display, matplotlib."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import schedkit
import strategies
from schedkit import (
    ScheduleError,
    constant,
    cosine,
    cosine_restarts,
    exponential,
    linear,
    multi_step,
    sequential,
    with_warmup,
)
from schedkit.plot import plot, to_svg, to_text

SVG = "{http://www.w3.org/2000/svg}"
COSINE = cosine(base_lr=1.0, min_lr=0.0, total_steps=1000)
WARMUP = with_warmup(
    cosine(base_lr=1e-3, min_lr=1e-5, total_steps=900), warmup_steps=100, start_lr=0.0
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return [element.text or "" for element in parse(svg).iter(f"{SVG}text")]


def path_points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", d)]


def curves(svg: str) -> list[ET.Element]:
    """The paths drawn with a 2-pixel stroke: curves, held values and legend swatches."""
    return [p for p in parse(svg).iter(f"{SVG}path") if p.get("stroke-width") == "2"]


# SVG --------------------------------------------------------------------------------


def test_svg_is_a_self_contained_scalable_document() -> None:
    svg = to_svg([COSINE, WARMUP], title="two <schedules> & more")
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "640",
        "360",
        "0 0 640 360",
    )
    # Nothing from outside, nothing that leaks into a page it is inlined in.
    for forbidden in (
        "href",
        "<script",
        "<style",
        " id=",
        "url(",
        "@import",
        "<image",
        "<foreignObject",
    ):
        assert forbidden not in svg
    assert root.get("font-family") == "Helvetica, Arial, sans-serif"
    # A white background, so a dark notebook theme does not swallow the text.
    first = root.find(f"{SVG}rect")
    assert first is not None
    assert first.get("fill") == "#ffffff"
    assert root.findtext(f"{SVG}title") == "two <schedules> & more"
    assert "two &lt;schedules&gt; &amp; more" in svg
    # ASCII only, so a page that inlines it reads it right whatever its encoding.
    accented = to_svg([COSINE, WARMUP], labels=["décroissance", "x" * 200])
    assert accented.isascii()
    assert "d&#233;croissance" in accented
    assert "&#8230;" in accented  # the long label's ellipsis


def test_svg_ticks_on_both_axes_are_round_numbers() -> None:
    labels = texts(to_svg(WARMUP))
    # y ticks, then x ticks, then the x axis label; one schedule has no legend.
    assert labels == [
        "0", "0.0002", "0.0004", "0.0006", "0.0008", "0.001",
        "0", "200", "400", "600", "800", "1000",
        "step",
    ]  # fmt: skip


def test_svg_tick_labels_in_e_notation_for_tiny_values() -> None:
    schedule = linear(base_lr=3e-7, end_lr=0.0, total_steps=10)
    assert texts(to_svg(schedule))[:7] == ["0", "5e-8", "1e-7", "1.5e-7", "2e-7", "2.5e-7", "3e-7"]


def test_svg_curve_lands_exactly_on_the_ticks() -> None:
    # linear from 1 to 0 over 10 steps: its first point sits on the "1" grid line at the
    # left edge and its last on the "0" grid line at the right edge.
    svg = to_svg(linear(base_lr=1.0, end_lr=0.0, total_steps=10))
    frame = next(r for r in parse(svg).iter(f"{SVG}rect") if r.get("fill") == "none")
    left, top = float(frame.get("x", 0)), float(frame.get("y", 0))
    right = left + float(frame.get("width", 0))
    bottom = top + float(frame.get("height", 0))
    points = path_points(curves(svg)[0].get("d", ""))
    assert len(points) == 11
    assert points[0] == pytest.approx((left, top), abs=0.05)
    assert points[-1] == pytest.approx((right, bottom), abs=0.05)
    assert points[5] == pytest.approx(((left + right) / 2, (top + bottom) / 2), abs=0.1)


def test_svg_legend_for_several_schedules_with_their_reprs_or_labels() -> None:
    several = [COSINE, linear(base_lr=0.0, end_lr=1.0, total_steps=500)]
    labels = texts(to_svg(several))
    assert labels[-2:] == [repr(several[0]), repr(several[1])]
    labelled = texts(to_svg(several, labels=["cosine", "linear"]))
    assert labelled[-2:] == ["cosine", "linear"]
    # Swatch and curve share a colour; the two schedules do not.
    strokes = [p.get("stroke") for p in curves(to_svg(several))]
    assert strokes[0] != strokes[-1]


def test_svg_long_labels_are_cut_to_the_width() -> None:
    label = "x" * 500
    svg = to_svg([COSINE, COSINE], labels=[label, "short"], width=300, height=300)
    legend = texts(svg)[-2]
    assert legend.endswith("…")
    assert len(legend) < 60


def test_svg_marks_each_finite_end_and_dashes_the_held_value() -> None:
    short = linear(base_lr=1.0, end_lr=0.5, total_steps=500)
    svg = to_svg([COSINE, short, exponential(base_lr=1.0, gamma=0.999)], num_steps=1200)
    root = parse(svg)
    circles = list(root.iter(f"{SVG}circle"))
    # Two finite schedules, two marks; the exponential has no end.
    assert len(circles) == 2
    dashed = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]
    assert len(dashed) == 2
    # Each held value runs from its end mark to the right edge, at the mark's height.
    frame = next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == "none")
    right = float(frame.get("x", 0)) + float(frame.get("width", 0))
    for circle, path in zip(circles, dashed, strict=True):
        match = re.fullmatch(r"M([\d.]+) ([\d.]+)H([\d.]+)", path.get("d", ""))
        assert match is not None
        assert (match[1], match[2]) == (circle.get("cx"), circle.get("cy"))
        assert float(match[3]) == pytest.approx(right, abs=0.05)
    # linear ends at 500 of 1200 steps, at 0.5 of the way from 0 to 1.
    assert float(circles[1].get("cx", 0)) == pytest.approx(
        float(frame.get("x", 0)) + 500 / 1200 * float(frame.get("width", 0)), abs=0.05
    )


def test_svg_end_at_the_right_edge_is_marked_without_a_dashed_line() -> None:
    root = parse(to_svg(COSINE))
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    assert not [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]


def test_svg_log_axis_ticks_by_decade_and_gaps_at_zero() -> None:
    svg = to_svg(exponential(base_lr=1.0, gamma=0.99), num_steps=1000, log_y=True)
    assert texts(svg)[:6] == ["1e-5", "0.0001", "0.001", "0.01", "0.1", "1"]
    # A warmup from 0 has no point at step 0 on a log axis: the path starts at step 1.
    warm = to_svg(WARMUP, log_y=True)
    d = curves(warm)[0].get("d", "")
    assert d.count("M") == 1
    assert len(path_points(d)) == 1000


def test_svg_keeps_every_jump_and_spike_however_many_steps_share_a_pixel() -> None:
    # A one-step spike to 1 in 100,000 steps of 0: 160 steps per pixel column.
    spike = sequential([(50_000, constant(lr=0.0)), (1, constant(lr=1.0)), (1, constant(lr=0.0))])
    svg = to_svg(spike, num_steps=100_000)
    labels = texts(svg)
    assert labels[0] == "0"
    assert labels[labels.index("0", 1) - 1] == "1"
    points = path_points(curves(svg)[0].get("d", ""))
    assert len(points) <= 4 * 640
    assert min(y for _, y in points) < max(y for _, y in points)


def test_svg_of_a_huge_range_samples_evenly_and_lands_the_end() -> None:
    # 10**12 steps cannot all be evaluated; the end value is still exact.
    restarts = cosine_restarts(base_lr=1.0, min_lr=0.1, period=10**11, t_mult=1, max_cycles=3)
    svg = to_svg(restarts, num_steps=10**12)
    assert texts(svg)[-4:-1] == ["6e11", "8e11", "1e12"]
    circle = next(parse(svg).iter(f"{SVG}circle"))
    assert circle.get("cx") is not None


def test_svg_of_a_constant_centres_it_on_an_axis_from_zero() -> None:
    assert texts(to_svg(constant(lr=0.5), num_steps=10))[0] == "0"
    assert texts(to_svg(constant(lr=0.0), num_steps=10))[0] == "-1"


@pytest.mark.parametrize(
    "value",
    [
        5e-324,  # the smallest subnormal: half of it is 0
        -5e-324,
        1.7976931348623157e308,  # the largest float: twice it overflows
        -1.7976931348623157e308,
        0.0,
        -0.0,
    ],
)
@pytest.mark.parametrize("log_y", [False, True])
def test_flat_lines_at_the_ends_of_the_float_range(value: float, log_y: bool) -> None:
    if log_y and value <= 0:
        return
    schedule = constant(lr=value)
    lines = to_text(schedule, num_steps=4, width=30, height=3, log_y=log_y).splitlines()
    # One row of dots, across the whole plot (mid-axis where twice the value is a float).
    start = lines[3].index("└") + 1
    (row,) = [line[start:] for line in lines[:3] if any("⠁" <= c <= "⣿" for c in line)]
    assert len(set(row)) == 1
    assert len(row) == len(lines[3]) - start
    root = parse(to_svg(schedule, num_steps=4, log_y=log_y))
    (d,) = [path.get("d", "") for path in curves(ET.tostring(root, encoding="unicode"))]
    ys = {y for _, y in path_points(d)}
    assert len(ys) == 1


def test_values_a_rounding_apart_on_a_log_axis() -> None:
    # 0.0625 and the float below it share a logarithm: the line is drawn flat.
    schedule = linear(base_lr=0.0625, end_lr=math.nextafter(0.0625, 0), total_steps=1)
    assert "⠤" in to_text(schedule, log_y=True, width=30, height=3)
    assert (
        len({y for _, y in path_points(curves(to_svg(schedule, log_y=True))[0].get("d", ""))}) == 1
    )


def test_svg_size_and_viewbox_follow_width_and_height() -> None:
    root = parse(to_svg(COSINE, width=300, height=200))
    assert root.get("viewBox") == "0 0 300 200"


# Text -------------------------------------------------------------------------------


def test_text_of_a_warmup_and_cosine() -> None:
    # Rises from 0 for 100 steps (5 Braille cells of 51 hold 102 dot columns), decays to
    # 1e-5 at step 1000; the axis spans 0 to 0.001 and names both ends.
    assert to_text(WARMUP, width=60, height=8) == "\n".join([
        " 0.001 ┤    ⢀⡏⠉⠉⠉⠓⠒⠒⠦⢤⣀⣀",
        "       │    ⡼          ⠈⠉⠓⠲⢤⣀",
        "       │   ⢀⡇               ⠈⠉⠳⢤⣀⡀",
        "       │   ⡞                     ⠙⠲⠤⣄",
        "0.0005 ┤  ⡼⠁                        ⠈⠙⠲⢤⣀",
        "       │ ⢰⠃                             ⠈⠙⠲⢤⣀⡀",
        "       │ ⡏                                   ⠉⠓⠦⢤⣀⡀",
        "     0 ┤⣰⠃                                        ⠉⠙⠒⠒⠦⠤⠤⢤⣀⣀",
        "       └┬─────────────────────────┬────────────────────────┬",
        "  step  0                        500                    1000",
    ])  # fmt: skip


def test_text_fits_80_columns_by_default() -> None:
    text = to_text([WARMUP, COSINE, linear(base_lr=1.0, end_lr=0.0, total_steps=10**9)])
    assert max(len(line) for line in text.splitlines()) <= 80


def test_text_in_ascii_uses_only_ascii() -> None:
    for schedules in (WARMUP, [WARMUP, COSINE]):
        text = to_text(schedules, ascii=True, num_steps=1200, title="a title")
        assert text.isascii()
        assert text.startswith("a title\n")


def test_text_with_several_schedules_has_markers_and_a_legend() -> None:
    short = linear(base_lr=0.0, end_lr=1.0, total_steps=500)
    lines = to_text([COSINE, short], num_steps=1200, width=60, height=6).splitlines()
    assert lines[-3:] == [
        f"* {COSINE!r}",
        f"+ {short!r}",
        "┊ where a schedule ends",
    ]
    body = "\n".join(lines[:6])
    assert {"*", "+", "┊"} <= set(body)


def test_text_labels_the_value_range_exactly() -> None:
    lines = to_text(linear(base_lr=0.3, end_lr=0.7, total_steps=10), height=5).splitlines()
    assert lines[0].startswith(" 0.7 ┤")
    assert lines[4].startswith(" 0.3 ┤")
    assert lines[6].split() == ["step", "0", "2", "4", "6", "8", "10"]


def test_text_on_a_log_axis() -> None:
    # 0.9 ** step is a straight line on a log axis, from 1 down to 0.9 ** 50 = 0.005154,
    # with the decades between labelled on their nearest rows.
    text = to_text(exponential(base_lr=1.0, gamma=0.9), num_steps=50, log_y=True, height=6)
    assert text == "\n".join([
        "       1 ┤⠉⠉⠙⠒⠒⠦⠤⠤⣄⣀⣀",
        "         │          ⠈⠉⠉⠙⠒⠒⠦⠤⠤⠤⢤⣀⣀⡀",
        "     0.1 ┤                       ⠉⠉⠉⠓⠒⠲⠤⠤⢤⣀⣀⣀",
        "         │                                  ⠈⠉⠉⠉⠙⠒⠒⠦⠤⠤⣄⣀⣀⡀",
        "    0.01 ┤                                               ⠉⠉⠙⠒⠒⠒⠲⠤⠤⢤⣀⣀⣀",
        "0.005154 ┤                                                           ⠈⠉⠉⠓⠒⠒⠦⠤⢤⣀⣀",
        "         └┬─────────────┬─────────────┬────────────┬─────────────┬─────────────┬",
        "    step  0            10            20           30            40            50",
    ])  # fmt: skip


def test_text_title_wraps_to_the_width() -> None:
    text = to_text(COSINE, title=repr(WARMUP), width=40)
    assert all(len(line) <= 40 for line in text.splitlines())
    assert "".join(text.splitlines()[:3]).replace(" ", "") == repr(WARMUP).replace(" ", "")


@given(
    schedule=strategies.schedules,
    num_steps=st.integers(min_value=1, max_value=300),
    width=st.integers(min_value=30, max_value=120),
    height=st.integers(min_value=3, max_value=20),
    log_y=st.booleans(),
    ascii=st.booleans(),
)
def test_any_schedule_draws_within_its_width_and_as_valid_svg(
    schedule: schedkit.Schedule, num_steps: int, width: int, height: int, log_y: bool, ascii: bool
) -> None:
    try:
        values = [schedule(step) for step in range(num_steps + 1)]
    except ScheduleError:
        assume(False)  # a growing schedule that overflows before num_steps
        raise
    assume(not log_y or max(values) > 0)
    text = to_text(
        schedule, num_steps=num_steps, width=width, height=height, log_y=log_y, ascii=ascii
    )
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    assert len(lines) >= height + 2
    assert text.isascii() or not ascii
    root = parse(to_svg(schedule, num_steps=num_steps, log_y=log_y))
    assert root.tag == f"{SVG}svg"
    for number in re.findall(r'\s(?:x|y|cx|cy)="([^"]+)"', to_svg(schedule, num_steps=num_steps)):
        assert math.isfinite(float(number))


# Errors -----------------------------------------------------------------------------

ENDLESS = exponential(base_lr=1.0, gamma=0.5)

ERRORS: list[tuple[Any, dict[str, Any], type[Exception], str]] = [
    # (schedules, keywords, error, message)
    # Not a schedule at all.
    (lambda step: 1.0, {}, TypeError, "to_svg: schedules must be a Schedule or a list of Schedules, got schedules=<function <lambda> at 0x"),
    # A list holding something else.
    ([COSINE, 0.1], {}, TypeError, r"to_svg: schedules\[1\] must be a Schedule, got schedules\[1\]=0.1 \(float\)"),
    # An empty list.
    ([], {}, ScheduleError, r"to_svg: schedules must be at least one Schedule, got schedules=\[\]"),
    # A schedule without an end, and no num_steps.
    (ENDLESS, {}, ScheduleError, r"to_svg: num_steps is needed to draw a schedule without an end, got num_steps=None for exponential\(base_lr=1.0, gamma=0.5\)"),
    (COSINE, {"num_steps": 0}, ScheduleError, "to_svg: num_steps must be a positive integer, got num_steps=0"),
    (COSINE, {"num_steps": 10.0}, TypeError, r"to_svg: num_steps must be an integer, got num_steps=10.0 \(float\)"),
    (COSINE, {"labels": ["a", "b"]}, ScheduleError, r"to_svg: labels must have one string for each of the 1 schedules, got 2 in labels=\['a', 'b'\]"),
    (COSINE, {"labels": "a"}, TypeError, r"to_svg: labels must be a sequence of strings, got labels='a' \(str\)"),
    (COSINE, {"labels": [1]}, TypeError, r"to_svg: labels\[0\] must be a string, got labels\[0\]=1 \(int\)"),
    (COSINE, {"width": 100}, ScheduleError, r"to_svg: width must be an integer from 200 to 10000, got width=100"),
    # The largest picture, which bounds the work and the file.
    (COSINE, {"width": 10_001}, ScheduleError, r"to_svg: width must be an integer from 200 to 10000, got width=10001"),
    (COSINE, {"height": 10**6}, ScheduleError, r"to_svg: height must be an integer from 1 to 10000, got height=1000000"),
    (COSINE, {"height": 80}, ScheduleError, "to_svg: height must be at least 102 to draw 1 schedule, got height=80"),
    ([COSINE] * 5, {"height": 150, "title": "t"}, ScheduleError, "to_svg: height must be at least 212 to draw 5 schedules with a title, got height=150"),
    (COSINE, {"log_y": 1}, TypeError, r"to_svg: log_y must be True or False, got log_y=1 \(int\)"),
    (COSINE, {"title": 3}, TypeError, r"to_svg: title must be a string or None, got title=3 \(int\)"),
    (constant(lr=0.0), {"num_steps": 5, "log_y": True}, ScheduleError, "to_svg: log_y=True needs a value above 0, and every value drawn is 0 or less"),
]  # fmt: skip


@pytest.mark.parametrize(("schedules", "keywords", "error", "message"), ERRORS)
def test_svg_errors(
    schedules: Any, keywords: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^{message}"):
        to_svg(schedules, **keywords)


TEXT_ERRORS: list[tuple[dict[str, Any], type[Exception], str]] = [
    # (keywords, error, message)
    ({"width": 29}, ScheduleError, "to_text: width must be an integer from 30 to 1000, got width=29"),
    ({"height": 2}, ScheduleError, "to_text: height must be an integer from 3 to 500, got height=2"),
    # The largest plot a terminal shows.
    ({"width": 3_000_000}, ScheduleError, "to_text: width must be an integer from 30 to 1000, got width=3000000"),
    ({"height": 501}, ScheduleError, "to_text: height must be an integer from 3 to 500, got height=501"),
    ({"ascii": "yes"}, TypeError, r"to_text: ascii must be True or False, got ascii='yes' \(str\)"),
    ({"num_steps": -1}, ScheduleError, "to_text: num_steps must be a positive integer, got num_steps=-1"),
]  # fmt: skip


@pytest.mark.parametrize(("keywords", "error", "message"), TEXT_ERRORS)
def test_text_errors(keywords: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=f"^{message}$"):
        to_text(COSINE, **keywords)


def test_text_refuses_an_endless_schedule_by_name() -> None:
    with pytest.raises(ScheduleError, match=r"^to_text: num_steps is needed"):
        to_text([COSINE, ENDLESS])


# Notebook ---------------------------------------------------------------------------


def test_notebook_shows_a_finite_schedule_as_its_curve() -> None:
    formatter = pytest.importorskip("IPython.core.formatters")
    data, _ = formatter.DisplayFormatter().format(WARMUP)
    assert data["text/plain"] == repr(WARMUP)
    assert data["image/svg+xml"] == to_svg(WARMUP, title=repr(WARMUP))
    assert parse(data["image/svg+xml"]).tag == f"{SVG}svg"


def test_notebook_shows_an_endless_schedule_as_text() -> None:
    formatter = pytest.importorskip("IPython.core.formatters")
    data, _ = formatter.DisplayFormatter().format(ENDLESS)
    assert data == {"text/plain": repr(ENDLESS)}


def test_group_schedules_stay_text_in_a_notebook() -> None:
    formatter = pytest.importorskip("IPython.core.formatters")
    groups = schedkit.scale_by_group(COSINE, multipliers={"head": 10.0})
    data, _ = formatter.DisplayFormatter().format(groups)
    assert data == {"text/plain": repr(groups)}


# matplotlib -------------------------------------------------------------------------


@pytest.fixture
def pyplot() -> Any:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    plt = pytest.importorskip("matplotlib.pyplot")
    yield plt
    plt.close("all")


def test_plot_draws_every_step_on_new_axes(pyplot: Any) -> None:
    schedule = linear(base_lr=1.0, end_lr=0.0, total_steps=10)
    ax = plot(schedule)
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == list(range(11))
    assert list(line.get_ydata()) == [schedule(step) for step in range(11)]
    assert line.get_label() == repr(schedule)
    assert ax.get_xlabel() == "step"
    assert ax.get_xlim() == (0.0, 10.0)
    assert ax.get_legend() is None


def test_plot_several_on_given_axes_with_a_legend(pyplot: Any) -> None:
    _, ax = pyplot.subplots()
    step_wise = multi_step(base_lr=1.0, milestones=[30], gamma=0.1)
    assert plot([COSINE, step_wise], num_steps=50, ax=ax, linewidth=3) is ax
    lines = ax.get_lines()
    assert [line.get_linewidth() for line in lines] == [3, 3]
    assert list(lines[1].get_ydata())[29:31] == [1.0, step_wise(30)]
    legend = ax.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == [repr(COSINE), repr(step_wise)]


def test_plot_carries_a_finite_schedule_past_its_end(pyplot: Any) -> None:
    (line,) = plot(linear(base_lr=1.0, end_lr=0.5, total_steps=4), num_steps=10).get_lines()
    assert list(line.get_xdata()) == [0, 1, 2, 3, 4, 10]
    assert list(line.get_ydata()) == [1.0, 0.875, 0.75, 0.625, 0.5, 0.5]


def test_plot_keeps_spikes_with_few_points(pyplot: Any) -> None:
    spike = sequential([(50_000, constant(lr=0.0)), (1, constant(lr=1.0)), (1, constant(lr=0.0))])
    (line,) = plot(spike, num_steps=100_000).get_lines()
    assert len(line.get_xdata()) <= 8000
    assert max(line.get_ydata()) == 1.0
    assert 50_000 in list(line.get_xdata())


def test_plot_without_matplotlib_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from schedkit import cosine\nfrom schedkit.plot import plot\n"
        "try:\n    plot(cosine(base_lr=1.0, min_lr=0.0, total_steps=10))\n"
        "except ImportError as error:\n    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == (
        "plot: matplotlib is not installed; install the plot extra: pip install 'schedkit[plot]'\n"
    )


def test_import_schedkit_loads_no_plotting() -> None:
    code = (
        "import sys, schedkit\n"
        "print(sorted(m for m in ('schedkit.plot', 'matplotlib', 'xml') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"
