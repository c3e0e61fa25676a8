"""Pictures of schedules: SVG and terminal text with no dependencies, and matplotlib.

``to_svg`` and ``to_text`` draw one or several schedules on shared axes, over steps 0
to ``num_steps`` inclusive (by default to the longest schedule's end, where a finite
schedule lands on its final value)::

    >>> from schedkit import cosine, linear
    >>> from schedkit.plot import to_svg, to_text
    >>> print(to_text(cosine(base_lr=1.0, min_lr=0.0, total_steps=100), width=40, height=4))
       1 ┤⠉⠉⠉⠉⠓⠒⠒⠦⠤⣄⣀⡀
         │           ⠉⠙⠒⠦⢤⣀⡀
         │                 ⠉⠙⠒⠦⢤⣀⡀
       0 ┤                       ⠉⠉⠓⠒⠦⠤⠤⣄⣀⣀⣀
         └┬───────────────┬────────────────┬
    step  0              50              100
    >>> to_svg(linear(base_lr=1.0, end_lr=0.0, total_steps=10))[:40]
    '<svg xmlns="http://www.w3.org/2000/svg" '

A finite schedule is also drawn when it is the value of a notebook cell. ``plot``
draws on matplotlib axes, with the ``plot`` extra installed
(``pip install 'schedkit[plot]'``).

Up to 262,144 steps, every step is evaluated, and each pixel column keeps the first,
last, lowest and highest value of its steps, so no jump or spike is lost however
many steps share a column. Past that, that many evenly spaced steps are evaluated.
"""

from __future__ import annotations

import math
import sys
import textwrap
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from . import _validate as check
from ._schedule import sampled, schedules_argument
from ._validate import ScheduleError

if TYPE_CHECKING:
    from ._schedule import Schedule

__all__ = ["MAX_COLUMNS", "MAX_PIXELS", "MAX_ROWS", "plot", "to_svg", "to_text"]

#: The widest and tallest SVG picture, in pixels.
MAX_PIXELS = 10_000
#: The most columns of a text plot's line.
MAX_COLUMNS = 1_000
#: The most rows of a text plot.
MAX_ROWS = 500

# Evaluating every step of a 262,144-step run costs about a tenth of a second; beyond
# that a plot samples evenly spaced steps, so a 10**12-step schedule still draws at once.
_EVALUATIONS = 2**18

# Okabe and Ito's palette, which colour-blind readers tell apart, without its yellow.
_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
# Several curves in a terminal are told apart by their marker.
_MARKERS = "*+ox#%@="
# Braille cells hold 2 x 4 dots; bit of the dot at (column, row) within a cell.
_BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


class _Curve(NamedTuple):
    label: str
    points: list[tuple[int, float]]  # (step, value) in step order
    end: int | None  # the step where a finite schedule ends, when drawn
    held: float  # the value from the end on

    def through(self, last: int) -> list[tuple[int, float]]:
        """The points, with the value a finite schedule holds carried on to *last*."""
        if self.end is not None and self.end < last:
            return [*self.points, (last, self.held)]
        return self.points


class _Figure(NamedTuple):
    curves: list[_Curve]
    last: int  # the last step drawn


def _figure(
    schedules: object,
    num_steps: object,
    labels: object,
    columns: int,
) -> _Figure:
    found = schedules_argument("schedules", schedules)
    if num_steps is None:
        endless = next((schedule for schedule in found if schedule.length is None), None)
        if endless is not None:
            raise ScheduleError(
                f"num_steps is needed to draw a schedule without an end, "
                f"got num_steps=None for {endless!r}",
                "num_steps",
            )
        last = max(1, *(schedule.length or 0 for schedule in found))
    else:
        last = check.positive_integer("num_steps", num_steps)
    names = (
        [repr(schedule) for schedule in found]
        if labels is None
        else check.texts("labels", labels, len(found), "schedules")
    )
    steps: Sequence[int] = (
        range(last + 1)
        if last < _EVALUATIONS
        else [index * last // (_EVALUATIONS - 1) for index in range(_EVALUATIONS)]
    )
    curves = []
    for schedule, label in zip(found, names, strict=True):
        values = [value for piece in sampled(schedule, steps) for value in piece]
        end = schedule.length
        if end is None or end > last:
            curves.append(_Curve(label, _envelope(steps, values, last, columns), None, 0.0))
            continue
        points = _envelope(steps, values, last, columns)
        held = schedule._at(end)
        # The solid line stops at the end, which evenly spaced steps may have missed.
        points = [*points[: bisect_left(points, (end,))], (end, held)]
        curves.append(_Curve(label, points, end, held))
    return _Figure(curves, last)


def _envelope(
    steps: Sequence[int], values: list[float], last: int, columns: int
) -> list[tuple[int, float]]:
    """Keep, of the steps in each of *columns* columns, the first, last, lowest and
    highest: a line through them looks the same as a line through every step."""
    if len(steps) <= 4 * columns:
        return list(zip(steps, values, strict=True))
    kept = []
    start = 0
    for column in range(columns):
        stop = bisect_left(steps, (column + 1) * (last + 1) // columns)
        if stop > start:
            span = range(start, stop)
            low = min(span, key=values.__getitem__)
            high = max(span, key=values.__getitem__)
            kept += [
                (steps[index], values[index]) for index in sorted({start, low, high, stop - 1})
            ]
        start = stop
    return kept


# Axes ----------------------------------------------------------------------------------


class _Tick(NamedTuple):
    value: float
    label: str


def _number(mantissa: int, exponent: int) -> str:
    """Write ``mantissa * 10**exponent`` exactly, in the shorter of plain and e-notation."""
    if mantissa == 0:
        return "0"
    sign = "-" if mantissa < 0 else ""
    digits = str(abs(mantissa)).rstrip("0")
    exponent += len(str(abs(mantissa))) - len(digits)
    power = exponent + len(digits) - 1
    if -4 <= power < 6:
        if exponent >= 0:
            return sign + digits + "0" * exponent
        whole, part = digits[:exponent] or "0", digits[exponent:].rjust(-exponent, "0")
        return f"{sign}{whole}.{part}"
    rest = digits[1:]
    return f"{sign}{digits[0]}{'.' + rest if rest else ''}e{power}"


def _linear_ticks(low: float, high: float, count: int) -> tuple[float, float, list[_Tick]]:
    """Return the axis range [low, high] widened to round numbers, and ticks on it."""
    if not 0 < high - low < math.inf:
        return low, high, [_Tick(low, _short(low)), _Tick(high, _short(high))]
    raw = (high - low) / count
    if raw < 1e-300 or not math.isfinite(low / raw) or not math.isfinite(high / raw):
        # Round numbers would underflow or overflow here: the ends are the ticks.
        return low, high, [_Tick(low, _short(low)), _Tick(high, _short(high))]
    exponent = math.floor(math.log10(raw))
    factor = next(f for f in (1, 2, 5, 10) if f * 10.0**exponent >= raw * (1 - 1e-9))
    if factor == 10:
        factor, exponent = 1, exponent + 1
    size = factor * 10.0**exponent
    first = math.floor(low / size + 1e-9)
    final = math.ceil(high / size - 1e-9)

    def at(k: int) -> float:
        # Dividing by a power of ten rounds once, so 3 * 2e-4 is the float 0.0006.
        if exponent < 0:
            divisor: int = 10**-exponent
            return k * factor / divisor
        try:
            return float(k * factor * 10**exponent)
        except OverflowError:  # a round number past the largest float
            return math.copysign(math.inf, k)

    bottom, top = at(first), at(final)
    if not (math.isfinite(bottom) and math.isfinite(top)):
        bottom, top = low, high
        first, final = math.ceil(low / size), math.floor(high / size)
    ticks = [_Tick(at(k), _number(k * factor, exponent)) for k in range(first, final + 1)]
    return bottom, top, ticks


def _log_ticks(low: float, high: float, count: int) -> tuple[float, float, list[_Tick]]:
    first = math.floor(math.log10(low) + 1e-9)
    final = max(math.ceil(math.log10(high) - 1e-9), first + 1)
    every = max(1, math.ceil((final - first) / count))
    # Past the float range a decade is not a float: the axis ends at the value itself.
    bottom = 10.0**first if first > -324 else low
    top = 10.0**final if final < 309 else high
    powers = range(max(first, -323), min(final, 308) + 1, every)
    ticks = [_Tick(10.0**power, _number(1, power)) for power in powers]
    if final - first == 1:
        ticks += [_Tick(f * 10.0**first, _number(f, first)) for f in (2, 5)]
    return bottom, top, sorted(tick for tick in ticks if bottom <= tick.value <= top)


def _step_ticks(last: int, count: int) -> list[_Tick]:
    # The least of 1, 2, 5 times a power of ten that makes at most *count* gaps, in
    # integers: a run may be longer than the float range.
    size, decade = 1, 1
    while size * count < last:
        size = next((f * decade for f in (2, 5) if f * decade * count >= last), 10 * decade)
        decade *= 10
    return [_Tick(k, _number(k, 0)) for k in range(0, last + 1, size)]


def _short(value: float) -> str:
    return f"{value:.4g}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


def _around(value: float) -> tuple[float, float]:
    """Return a linear axis for a flat line: from 0 to twice the value, where that is a
    float, so the line sits mid-axis."""
    largest = sys.float_info.max
    if value > 0:
        return 0.0, min(value * 2, largest)
    if value < 0:
        return max(value * 2, -largest), 0.0
    return -1.0, 1.0


class _Scale(NamedTuple):
    """Where a value sits between the axis's bottom (0.0) and top (1.0)."""

    low: float
    high: float
    log: bool

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return 0.5
        if self.log:
            low, high = math.log10(self.low), math.log10(self.high)
            # Two values a rounding apart can share a logarithm.
            return (math.log10(value) - low) / (high - low) if high > low else 0.5
        span = self.high - self.low
        if math.isfinite(span):
            return (value - self.low) / span
        # Halves, so that a range across most of the float line does not overflow.
        return (value / 2 - self.low / 2) / (self.high / 2 - self.low / 2)


def _value_range(curves: list[_Curve], log_y: bool) -> tuple[float, float]:
    values = [value for curve in curves for _, value in curve.points if value > 0 or not log_y]
    if not values:
        raise ScheduleError(
            "log_y=True needs a value above 0, and every value drawn is 0 or less", "log_y"
        )
    return min(values), max(values)


def _y_axis(
    curves: list[_Curve], log_y: bool, count: int, *, widen: bool
) -> tuple[_Scale, list[_Tick]]:
    low, high = _value_range(curves, log_y)
    if log_y:
        if low == high:
            # A flat line sits mid-axis; at the ends of the float range it stays flat.
            low, high = low / 2 or low, min(high * 2, sys.float_info.max)
        bottom, top, ticks = _log_ticks(low, high, count)
    else:
        if low == high:
            low, high = _around(low)
        bottom, top, ticks = _linear_ticks(low, high, count)
    if not widen:
        # A terminal has few rows to spare: the axis spans the values exactly, and its
        # ends are labelled with them.
        inner = [tick for tick in ticks if low < tick.value < high]
        return _Scale(low, high, log_y), [
            _Tick(low, _short(low)),
            *inner,
            _Tick(high, _short(high)),
        ]
    return _Scale(bottom, top, log_y), ticks


# SVG -----------------------------------------------------------------------------------

_FONT = 12
_CHAR = 0.6 * _FONT  # a generous width for one character of a sans-serif digit or letter
_PAD = 10
_ROW = 18  # height of a legend row


def _escape(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Character references keep the picture ASCII, so a page that inlines it reads it
    # right whatever encoding the page declares.
    return escaped.replace('"', "&quot;").encode("ascii", "xmlcharrefreplace").decode("ascii")


def _fit(text: str, width: float) -> str:
    """Cut *text* to what *width* pixels hold."""
    return _fit_chars(text, max(1, int(width / _CHAR)), ascii=False)


def _coord(number: float) -> str:
    """Return an SVG coordinate: one decimal, none for a whole number."""
    return f"{number:.1f}".removesuffix(".0")


@check.signed
def to_svg(
    schedules: Schedule | Sequence[Schedule],
    *,
    num_steps: int | None = None,
    labels: Sequence[str] | None = None,
    width: int = 640,
    height: int = 360,
    log_y: bool = False,
    title: str | None = None,
) -> str:
    """Return an SVG picture of one or several schedules on shared axes.

    Both axes carry tick labels; the x axis runs over steps 0 to *num_steps*
    inclusive, the y axis over the values drawn, widened to round numbers. Each
    finite schedule's end is marked with a dot, and the value it then holds is drawn
    dashed to the right edge. Several schedules get a legend, labelled with
    *labels* or with their reprs.

    The picture is self-contained: presentation attributes only (no style sheet, no
    ids, no script), fonts named generically, a white background, and a ``viewBox``
    so it scales. It looks the same as a file in a browser, in an ``<img>`` and inline
    in a notebook, where several pictures share one page.

    Args:
        schedules: a Schedule, or a list or tuple of them.
        num_steps: the last step drawn; by default the longest schedule's length. A
            schedule without an end needs it.
        labels: the legend's text, one string per schedule.
        width: the picture's width in pixels, from 200 to :data:`MAX_PIXELS`.
        height: its height in pixels, enough for the plot and one legend row per
            schedule, at most :data:`MAX_PIXELS`.
        log_y: draw values on a logarithmic axis; values of 0 or less leave gaps.
        title: a line of text above the plot.

    Examples:
        >>> from schedkit import cosine
        >>> svg = to_svg(cosine(base_lr=1e-3, min_lr=0.0, total_steps=1000), title="cosine")
        >>> import re
        >>> labels = re.findall(r">([^<]+)</text>", svg)
        >>> labels[:6]  # the y axis
        ['0', '0.0002', '0.0004', '0.0006', '0.0008', '0.001']
        >>> labels[6:]  # the x axis, its label, the title
        ['0', '200', '400', '600', '800', '1000', 'step', 'cosine']
        >>> 'viewBox="0 0 640 360"' in svg
        True
    """
    width = check.integer_between("width", width, 200, MAX_PIXELS)
    height = check.integer_between("height", height, 1, MAX_PIXELS)
    log_y = check.boolean("log_y", log_y)
    title = check.optional_text("title", title)
    figure = _figure(schedules, num_steps, labels, columns=width)
    curves, last = figure
    legend = len(curves) if len(curves) > 1 else 0
    top = _PAD + (_FONT + 12 if title else 4)
    bottom = height - (_PAD + 2 * _FONT + 14 + legend * _ROW)
    needed = height - bottom + top + 40
    if bottom - top < 40:
        plural = "s" if len(curves) > 1 else ""
        raise ScheduleError(
            f"height must be at least {needed} to draw {len(curves)} "
            f"schedule{plural}{' with a title' if title else ''}, got height={height}",
            "height",
        )
    scale, y_ticks = _y_axis(curves, log_y, max(2, (bottom - top) // 45), widen=True)
    margin = max(len(tick.label) for tick in y_ticks) * _CHAR
    x_ticks = _step_ticks(last, max(2, width // 110))
    left = _PAD + margin + 6
    right = width - _PAD - len(x_ticks[-1].label) * _CHAR / 2

    def x(step: float) -> float:
        return left + step / last * (right - left)

    def y(value: float) -> float:
        return bottom - scale(value) * (bottom - top)

    name = title or "; ".join(curve.label for curve in curves)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_escape(name)}" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="{_FONT}">',
        f"<title>{_escape(name)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        '<g stroke="#e4e4e4" stroke-width="1">',
        *(f'<path d="M{_coord(left)} {_coord(y(t.value))}H{_coord(right)}"/>' for t in y_ticks),
        *(f'<path d="M{_coord(x(t.value))} {top}V{bottom}"/>' for t in x_ticks),
        "</g>",
        f'<rect x="{_coord(left)}" y="{top}" width="{_coord(right - left)}" '
        f'height="{bottom - top}" fill="none" stroke="#9a9a9a" stroke-width="1"/>',
        '<g fill="#333333">',
        *(
            f'<text x="{_coord(left - 6)}" y="{_coord(y(t.value) + _FONT * 0.35)}" '
            f'text-anchor="end">{t.label}</text>'
            for t in y_ticks
        ),
        *(
            f'<text x="{_coord(x(t.value))}" y="{bottom + _FONT + 4}" '
            f'text-anchor="middle">{t.label}</text>'
            for t in x_ticks
        ),
        f'<text x="{_coord((left + right) / 2)}" y="{bottom + 2 * _FONT + 10}" '
        'text-anchor="middle">step</text>',
        "</g>",
    ]
    if title:
        out.append(
            f'<text x="{_coord(width / 2)}" y="{_PAD + _FONT}" text-anchor="middle" '
            f'font-size="{_FONT + 2}" font-weight="bold" fill="#111111">'
            f"{_escape(_fit(title, width - 2 * _PAD))}</text>"
        )
    for index, curve in enumerate(curves):
        colour = _COLOURS[index % len(_COLOURS)]
        stroke = f'fill="none" stroke="{colour}" stroke-width="2" stroke-linejoin="round"'
        out.append(f'<path d="{_path(curve.points, x, y, log_y)}" {stroke}/>')
        if curve.end is not None:
            held = curve.held
            if not (log_y and held <= 0):
                if curve.end < last:
                    out.append(
                        f'<path d="M{_coord(x(curve.end))} {_coord(y(held))}H{_coord(x(last))}" '
                        f'{stroke} stroke-dasharray="5 4"/>'
                    )
                out.append(
                    f'<circle cx="{_coord(x(curve.end))}" cy="{_coord(y(held))}" r="4" '
                    f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
                )
        if legend:
            row = bottom + 2 * _FONT + 14 + index * _ROW + _ROW / 2
            out += [
                f'<path d="M{_coord(left)} {_coord(row)}h24" {stroke}/>',
                f'<text x="{_coord(left + 30)}" y="{_coord(row + _FONT * 0.35)}" fill="#333333">'
                f"{_escape(_fit(curve.label, width - left - 30 - _PAD))}</text>",
            ]
    out.append("</svg>")
    return "\n".join(out)


def _path(
    points: list[tuple[int, float]],
    x: Callable[[float], float],
    y: Callable[[float], float],
    log_y: bool,
) -> str:
    parts = []
    pen_down = False
    for step, value in points:
        if log_y and value <= 0:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{_coord(x(step))} {_coord(y(value))}")
        pen_down = True
    return "".join(parts)


# Text ----------------------------------------------------------------------------------


@check.signed
def to_text(
    schedules: Schedule | Sequence[Schedule],
    *,
    num_steps: int | None = None,
    labels: Sequence[str] | None = None,
    width: int = 80,
    height: int = 15,
    log_y: bool = False,
    title: str | None = None,
    ascii: bool = False,
) -> str:
    """Return a drawing of one or several schedules for a terminal, as lines of text.

    The y axis spans the values drawn, its ends labelled with the lowest and highest;
    the x axis runs over steps 0 to *num_steps* inclusive, labelled below. One
    schedule is drawn in Braille dots (two columns and four rows of dots per
    character); several are drawn with a marker each (``*``, ``+``, ``o``, ...),
    named in a legend. A dotted column marks where a finite schedule ends inside the
    plot. With ``ascii=True`` only ASCII characters are used, and one schedule is
    drawn with ``*``.

    Args:
        schedules: a Schedule, or a list or tuple of them.
        num_steps: the last step drawn; by default the longest schedule's length. A
            schedule without an end needs it.
        labels: the legend's text, one string per schedule.
        width: the columns of every line, from 30 to :data:`MAX_COLUMNS`.
        height: the rows of the plot, from 3 to :data:`MAX_ROWS` (title, axis and
            legend add lines).
        log_y: draw values on a logarithmic axis; values of 0 or less are left out.
        title: text above the plot, wrapped to *width*.
        ascii: use only ASCII characters.

    Examples:
        A warmup into a linear decay, drawn two steps past its end:

        >>> from schedkit import linear, with_warmup
        >>> warm = with_warmup(linear(base_lr=1.0, end_lr=0.0, total_steps=8),
        ...                    warmup_steps=2, start_lr=0.5)
        >>> print(to_text(warm, num_steps=12, width=30, height=5, ascii=True))
           1 +   ******          :
             |  **    **         :
             |***      *******   :
             |               **  :
           0 +                ********
             +-------------------+---+
        step  0                 10  12
        : where a schedule ends
    """
    width = check.integer_between("width", width, 30, MAX_COLUMNS)
    height = check.integer_between("height", height, 3, MAX_ROWS)
    log_y = check.boolean("log_y", log_y)
    title = check.optional_text("title", title)
    ascii = check.boolean("ascii", ascii)
    curves, last = _figure(schedules, num_steps, labels, columns=2 * width)
    # Decades are further apart than linear ticks need to be.
    count = max(1, height // (2 if log_y else 4))
    scale, y_ticks = _y_axis(curves, log_y, count, widen=False)
    labels_at: dict[int, str] = {}
    for tick in y_ticks:
        row = round((1 - scale(tick.value)) * (height - 1))
        # The ends of the axis keep their exact labels; an inner tick takes a free row.
        if 0 < row < height - 1:
            labels_at.setdefault(row, tick.label)
    labels_at[height - 1], labels_at[0] = y_ticks[0].label, y_ticks[-1].label
    margin = max(4, *(len(label) for label in labels_at.values()))
    columns = width - margin - 2
    grid, ends = _canvas(curves, last, scale, (columns, height), ascii)

    vertical, tick_mark, corner = "|++" if ascii else "│┤└"
    lines = textwrap.wrap(title, width) if title else []
    for row, cells in enumerate(grid):
        label = labels_at.get(row, "")
        lines.append(f"{label:>{margin}} {tick_mark if label else vertical}{''.join(cells)}")
    axis, numbers = _step_axis(last, columns, ascii)
    lines += [f"{'':>{margin}} {corner}{axis}", f"{'step':>{margin}}  {numbers}"]
    if len(curves) > 1:
        lines += [
            f"{_MARKERS[index % len(_MARKERS)]} {_fit_chars(curve.label, width - 2, ascii)}"
            for index, curve in enumerate(curves)
        ]
    if ends:
        dotted = ":" if ascii else "┊"
        lines.append(_fit_chars(f"{dotted} where a schedule ends", width, ascii))
    return "\n".join(line.rstrip() for line in lines)


def _canvas(
    curves: list[_Curve], last: int, scale: _Scale, size: tuple[int, int], ascii: bool
) -> tuple[list[list[str]], list[int]]:
    """Return the plot's cells (*size* is columns by rows), row by row, and the ends
    marked in it."""
    columns, height = size
    several = len(curves) > 1
    braille = not (ascii or several)
    per_column, per_row = (2, 4) if braille else (1, 1)
    dots_x, dots_y = columns * per_column, height * per_row

    def column_of(step: int) -> int:
        return round(step * (dots_x - 1) / last)

    def at(step: int, value: float) -> tuple[int, int] | None:
        if scale.log and value <= 0:
            return None
        return column_of(step), round((1 - scale(value)) * (dots_y - 1))

    grid = [[" "] * columns for _ in range(height)]
    dots = [[0] * columns for _ in range(height)]
    for index, curve in enumerate(curves):
        points = curve.through(last)
        marker = _MARKERS[index % len(_MARKERS)] if several else "*"
        for column, row in _raster([at(step, value) for step, value in points]):
            if braille:
                cell_row, dot_row = divmod(row, 4)
                cell_column, dot_column = divmod(column, 2)
                dots[cell_row][cell_column] |= _BRAILLE_BITS[dot_row][dot_column]
            else:
                grid[row][column] = marker
    if braille:
        grid = [[chr(0x2800 + bits) if bits else " " for bits in row] for row in dots]
    ends = sorted({curve.end for curve in curves if curve.end is not None and curve.end < last})
    for end in ends:
        column = column_of(end) // per_column
        for cells in grid:
            if cells[column] == " ":
                cells[column] = ":" if ascii else "┊"
    return grid, ends


def _step_axis(last: int, columns: int, ascii: bool) -> tuple[str, str]:
    """Return the x axis line and its labels: round steps, and the last step at the end."""
    across, below = "-+" if ascii else "─┬"
    axis, numbers = [across] * columns, [" "] * columns
    final = _number(last, 0)
    if len(final) > 16:
        # A last step of many digits would not fit the line: its first six, marked.
        digits = str(last)
        final = f"~{digits[0]}.{digits[1:6]}e{len(digits) - 1}"
    final_start = columns - len(final)
    taken = -1
    for tick in _step_ticks(last, max(2, columns // 12)):
        column = round(tick.value * (columns - 1) / last)
        start = max(0, column - len(tick.label) // 2)
        if tick.value == last or start <= taken or start + len(tick.label) >= final_start:
            continue
        if column or not ascii:  # in ASCII the corner already marks step 0
            axis[column] = below
        numbers[start : start + len(tick.label)] = tick.label
        taken = start + len(tick.label)
    axis[-1] = below
    numbers[final_start:] = final
    return "".join(axis), "".join(numbers)


def _fit_chars(text: str, width: int, ascii: bool) -> str:
    """Cut *text* to *width* characters, ending it with an ellipsis if it was longer."""
    ellipsis = "..." if ascii else "…"
    return text if len(text) <= width else text[: width - len(ellipsis)] + ellipsis


def _raster(points: list[tuple[int, int] | None]) -> list[tuple[int, int]]:
    """Return the cells a line through *points* covers, joined by vertical runs, so a
    jump shows as a wall and a gap (None) as a gap."""
    cells = []
    previous: tuple[int, int] | None = None
    for point in points:
        if point is None:
            previous = None
            continue
        if previous is None:
            cells.append(point)
        else:
            (c0, r0), (c1, r1) = previous, point
            row = r0
            for column in range(c0, c1 + 1):
                target = r1 if c1 == c0 else round(r0 + (r1 - r0) * (column - c0) / (c1 - c0))
                low, high = sorted((row, target))
                cells += [(column, r) for r in range(low, high + 1)]
                row = target
        previous = point
    return cells


# matplotlib ----------------------------------------------------------------------------


@check.signed
def plot(
    schedules: Schedule | Sequence[Schedule],
    *,
    num_steps: int | None = None,
    ax: Any = None,
    **line_kwargs: Any,
) -> Any:
    """Draw one or several schedules on matplotlib axes and return the axes.

    Draws on *ax*, or on new axes of a new figure. Each schedule is one line, labelled
    with its repr (several get a legend), over steps 0 to *num_steps* inclusive; the x
    axis is labelled "step". *line_kwargs* go to every ``Axes.plot`` call (``color``,
    ``linewidth``, ``label``...). Needs matplotlib: ``pip install 'schedkit[plot]'``.

    Args:
        schedules: a Schedule, or a list or tuple of them.
        num_steps: the last step drawn; by default the longest schedule's length. A
            schedule without an end needs it.
        ax: the matplotlib ``Axes`` to draw on.
        line_kwargs: keyword arguments for ``Axes.plot``.
    """
    figure = _figure(schedules, num_steps, None, columns=2000)
    if ax is None:
        try:
            import matplotlib.pyplot as plt  # noqa: PLC0415
        except ImportError as error:
            raise ImportError(
                "plot: matplotlib is not installed; install the plot extra: "
                "pip install 'schedkit[plot]'"
            ) from error
        _, ax = plt.subplots()
    for curve in figure.curves:
        points = curve.through(figure.last)
        options = {"label": curve.label, **line_kwargs}
        ax.plot([step for step, _ in points], [value for _, value in points], **options)
    ax.set_xlabel("step")
    ax.set_xlim(0, figure.last)
    if len(figure.curves) > 1:
        ax.legend()
    return ax
