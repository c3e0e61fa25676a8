"""A curve drawn with Unicode block characters, for terminals."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["render"]

_EIGHTHS = " ▁▂▃▄▅▆▇█"


def _label(value: float) -> str:
    return f"{value:.3g}"


def render(values: Sequence[float], *, width: int = 64, height: int = 10) -> list[str]:
    """Return the lines of a column chart of *values* (the value at step i is values[i]).

    Each of the *width* columns shows the value at its step, its height in eighths of
    a row, so a plot of *height* rows tells 8 * height levels apart.
    """
    last = len(values) - 1
    steps = [round(column * last / (width - 1)) for column in range(width)]
    low, high = min(values), max(values)
    span = high - low
    levels = height * 8
    # Every column gets at least one eighth, so the lowest value still shows.
    heights = [
        1 + round((values[step] - low) / span * (levels - 1)) if span else levels // 2
        for step in steps
    ]
    top, bottom = _label(high), _label(low)
    margin = max(len(top), len(bottom))
    lines = []
    for row in range(height):
        floor = (height - 1 - row) * 8
        cells = "".join(_EIGHTHS[min(8, max(0, level - floor))] for level in heights)
        label = top if row == 0 else bottom if row == height - 1 else ""
        tick = "┤" if label else "│"
        lines.append(f"{label:>{margin}} {tick}{cells}".rstrip())
    lines.append(f"{'':>{margin}} └{'─' * width}")
    first, end = "0", str(last)
    lines.append(f"{'':>{margin}}  {first}{end:>{width - len(first)}}")
    return lines
