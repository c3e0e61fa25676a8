"""Tests of the terminal plot."""

from __future__ import annotations

from schedkit._textplot import render


def test_render_a_falling_line() -> None:
    lines = render([4.0, 3.0, 2.0, 1.0, 0.0], width=5, height=2)
    assert lines == [
        "4 ┤█▄▁",  # levels 16, 12, 9, 5, 1 of 16: the top row holds those above 8
        "0 ┤███▅▁",
        "  └─────",
        "   0   4",
    ]


def test_every_row_fits_the_width() -> None:
    values = [float(step % 7) for step in range(1000)]
    lines = render(values, width=64, height=10)
    assert len(lines) == 12
    assert all(len(line) <= 64 + 4 for line in lines)
    assert lines[0].startswith("6 ┤")
    assert lines[9].startswith("0 ┤")
    assert lines[-1].rstrip().endswith("999")


def test_a_flat_curve_is_drawn_at_mid_height() -> None:
    lines = render([0.5] * 10, width=10, height=2)
    assert lines[0] == "0.5 ┤"
    assert lines[1] == "0.5 ┤" + "█" * 10
