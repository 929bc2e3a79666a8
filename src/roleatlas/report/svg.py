"""Inline SVG charts for self-contained reports.

Each chart is one ``<svg>`` string: no script, no external file and no ``<style>``
element (inline SVG styles leak into the host HTML page), so styling is done with
presentation attributes. Output is deterministic (same input, same bytes), every
text is escaped (labels may come from untrusted data), coordinates carry at most one
decimal, and NaN or infinity is never written: a non-finite figure counts as missing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal, TypeVar
from xml.sax.saxutils import escape, quoteattr

__all__ = ["MAX_ABS", "PALETTE", "Bar", "Box", "bar_chart", "box_plot", "series_colours"]

#: Okabe-Ito colours, ordered so the ones that read best on white come first.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
)  # fmt: skip
#: Figures beyond this magnitude are refused: nothing we chart comes near it.
MAX_ABS = 1e15

_CHAR = 6.6  # mean glyph width of 12px sans-serif, for layout estimates
_FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
_STEPS = (1.0, 2.0, 2.5, 5.0)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_K = TypeVar("_K", bound=Hashable)
_T = TypeVar("_T")
_Scale = Callable[[float], float]


@dataclass(frozen=True)
class Box:
    """One box of a box plot; ``None`` (or non-finite) figures mean too few observations."""

    category: str
    series: str
    n: int
    p10: float | None
    p25: float | None
    median: float | None
    p75: float | None
    p90: float | None


@dataclass(frozen=True)
class Bar:
    """One bar: ``value`` (a share 0..1 for percent charts), optional 95% interval, a note."""

    label: str
    series: str
    value: float
    low: float | None = None
    high: float | None = None
    note: str = ""


def series_colours(series: Sequence[str]) -> dict[str, str]:
    """Map each distinct series, in order, to a :data:`PALETTE` colour (cycling after 8)."""
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(dict.fromkeys(series))}


# -- writing -------------------------------------------------------------------------


def _f(x: float) -> str:
    """A number with at most one decimal; a non-finite one is a bug here and never written."""
    if not math.isfinite(x):
        raise ValueError(f"internal error: non-finite coordinate {x!r}")
    s = f"{x:.1f}".removesuffix(".0")
    return "0" if s == "-0" else s


def _esc(text: str) -> str:
    """Text content, on one line so a Markdown document keeps the SVG as one HTML block."""
    return escape(_NOT_XML.sub("\ufffd", text), {"\n": "&#10;", "\r": "&#13;"})


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


def _el(tag: str, *children: str, **attrs: str | float | None) -> str:
    """An element (``class_`` is ``class``, ``_`` is ``-``); children are markup; None omitted."""
    head = tag + "".join(
        f" {k.rstrip('_').replace('_', '-')}=" + _attr(v if isinstance(v, str) else _f(v))
        for k, v in attrs.items()
        if v is not None
    )
    inner = "".join(children)
    return f"<{head}>{inner}</{tag}>" if inner else f"<{head}/>"


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, **more: str | float) -> str:
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=stroke, **more)


def _rect(x: float, y: float, w: float, h: float, fill: str, **more: str | float) -> str:
    return _el("rect", x=x, y=y, width=w, height=h, fill=fill, **more)


def _label(text: str, x: float, y: float, fit: float = 1e6, **more: str | float | None) -> str:
    """A ``<text>`` cut to ``fit`` characters with an ellipsis, the full text then a tooltip."""
    keep = max(int(fit + 1e-6), 2)
    short = text if len(text) <= keep else text[: keep - 1] + "…"
    tip = _el("title", _esc(text)) if short != text else ""
    return _el("text", _esc(short), tip, x=x, y=y, **more)


def _turn(x: float, y: float) -> str:
    return f"rotate(-90 {_f(x)} {_f(y)})"


def _svg(title: str, width: float, height: float, body: Iterable[str]) -> str:
    w, h = _f(width), _f(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}"'
        f' role="img" aria-label={_attr(title)} font-family="{_FONT}" font-size="12">'
    )
    heading = _label(title, 12, 22, (width - 24) / 8, font_size=14, class_="title")
    background = _rect(0, 0, width, height, "#fff")
    return "".join([head, _el("title", _esc(title)), background, heading, *body, "</svg>"])


def _no_data(title: str, width: int) -> str:
    return _svg(title, width, 80, [_label("No data", width / 2, 56, text_anchor="middle")])


def _legend(names: Sequence[str], colours: dict[str, str], width: float) -> tuple[str, float]:
    """Swatch and name per series under the title, wrapping; also the y below the legend."""
    items, x, y = [], 12.0, 44.0
    for name in names:
        w = 32 + min(len(name), 40) * _CHAR
        if x > 12 and x + w > width - 12:
            x, y = 12.0, y + 18
        swatch = _rect(x, y - 10, 10, 10, colours[name])
        items.append(_el("g", swatch, _label(name, x + 14, y, 40), class_="legend-item"))
        x += w
    return _el("g", *items, class_="legend"), y + 18


# -- scales and numbers --------------------------------------------------------------


def _order(given: Sequence[str] | None, seen: Iterable[str]) -> list[str]:
    """``given`` first, then names first seen in the data; each once."""
    return list(dict.fromkeys([*(given or ()), *seen]))


def _index(items: Iterable[_T], key: Callable[[_T], _K]) -> dict[_K, _T]:
    out: dict[_K, _T] = {}
    for item in items:
        if key(item) in out:
            raise ValueError(f"two items for {key(item)!r}: give each pair once")
        out[key(item)] = item
    return out


def _usable(x: float | None) -> float | None:
    """The figure, or None when missing or non-finite; huge magnitudes are refused."""
    if x is None or not math.isfinite(x):
        return None
    if abs(x) > MAX_ABS:
        raise ValueError(f"figure {x!r} is beyond ±{MAX_ABS:g} and cannot be charted")
    return float(x)


def _nice_ticks(lo: float, hi: float) -> tuple[list[float], float]:
    """4-6 ticks covering ``lo <= hi`` at a 1, 2, 2.5 or 5 x 10^k step; and the step."""
    hi = max(hi, lo + 1e-6 * max(abs(lo), abs(hi), 1.0))  # no ticks 1e-300 apart
    exp = math.floor(math.log10((hi - lo) / 6))
    while True:  # the first step tried gives >= 7 ticks and steps grow by <= 2x: 4-6 follow
        for m in _STEPS:
            step = m * 10.0**exp
            first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
            if last - first <= 5:
                return [k * step for k in range(first, last + 1)], step
        exp += 1


def _value_range(values: Sequence[float]) -> tuple[float, float]:
    """Range of ``values`` padded by 5% of its span (10% of its size when flat), not below 0."""
    lo, hi = min(values), max(values)
    scale = max(abs(lo), abs(hi), 1.0)
    pad = 0.05 * (hi - lo) if hi - lo > 1e-6 * scale else 0.1 * scale
    return (0.0 if lo >= 0 > lo - pad else lo - pad), hi + pad


def _tick_labels(ticks: Sequence[float], step: float, fmt: str) -> list[str]:
    """Labels for ``fmt`` "usd" ($120k), "percent" (shares as 20%), else plain (1,500)."""
    unit, suffix, prefix = (0.01, "%", "") if fmt == "percent" else (1.0, "", "")
    if fmt == "usd":
        top = max(abs(t) for t in ticks)
        big = [(u, s) for u, s in ((1e9, "B"), (1e6, "M"), (1e3, "k")) if u <= min(top, step * 10)]
        unit, suffix, prefix = *(big[0] if big else (1.0, "")), "$"
    d = next(
        (d for d in range(12) if abs(round(step / unit, d) - step / unit) <= 1e-9 * step / unit), 12
    )
    out = []
    for t in ticks:
        digits = f"{abs(t) / unit:,.{d}f}"
        out.append(("-" if t < 0 and digits.strip("0.,") else "") + prefix + digits + suffix)
    return out


def _value_text(x: float, fmt: str) -> str:
    """One figure in words: "$150,000", "34%" (one decimal under 1%) or compact "12.3k"."""
    if fmt == "usd":
        return f"{'-' if x < 0 else ''}${abs(x):,.0f}"
    if fmt == "percent":
        return f"{x * 100:.0f}%" if abs(x) >= 0.01 or x == 0 else f"{x * 100:.1f}%"
    unit, suffix = next(
        ((u, s) for u, s in ((1e9, "B"), (1e6, "M"), (1e3, "k")) if abs(x) >= u), (1.0, "")
    )
    return f"{x / unit:,.1f}".removesuffix(".0") + suffix


# -- box plot ------------------------------------------------------------------------


def _box_figures(box: Box) -> list[float] | None:
    """The five figures p10..p90, or None when any is missing; refuses an unsorted box."""
    figs = [_usable(v) for v in (box.p10, box.p25, box.median, box.p75, box.p90)]
    values = [v for v in figs if v is not None]
    if len(values) < 5:
        return None
    if values != sorted(values):
        name = f"{box.category!r}/{box.series!r}"
        raise ValueError(f"box {name} needs p10 <= p25 <= median <= p75 <= p90")
    return values


def _draw_box(
    box: Box,
    figs: list[float] | None,
    cx: float,
    bw: float,
    colour: str,
    *,
    y: _Scale,
    fmt: str,
    span: tuple[float, float],
) -> str:
    """One slot: whiskers p10..p90, a p25..p75 box, a median line and n; or "n=..., too few"."""
    where = {"data_category": box.category, "data_series": box.series}
    if figs is None:
        note, mid = f"n={box.n:,}, too few", sum(span) / 2
        text = _label(note, cx, mid, text_anchor="middle", font_size=10, transform=_turn(cx, mid))
        return _el("g", text, class_="missing", **where)
    p10, p25, med, p75, p90 = (y(v) for v in figs)
    shown = ", ".join(_value_text(v, fmt) for v in figs)
    tip = f"{box.series} · {box.category}: p10, p25, median, p75, p90 = {shown}; n={box.n:,}"
    left, h = cx - bw / 2, round(p25 - p75, 1)
    iqr = _rect(left, p75, bw, h, colour, fill_opacity=0.3, stroke=colour, class_="iqr")
    return _el(
        "g",
        _el("title", _esc(tip)),
        _line(cx, p90, cx, p10, colour, class_="whisker", stroke_width=1.5),
        _line(cx - bw / 4, p90, cx + bw / 4, p90, colour, class_="cap", stroke_width=1.5),
        _line(cx - bw / 4, p10, cx + bw / 4, p10, colour, class_="cap", stroke_width=1.5),
        iqr,
        _line(left, med, left + bw, med, colour, class_="median", stroke_width=3),
        _label(f"n={box.n:,}", cx, span[1] + 14, text_anchor="middle", font_size=10, class_="n"),
        class_="box",
        **where,
    )


def box_plot(
    boxes: Sequence[Box],
    *,
    title: str,
    value_label: str = "USD per year",
    categories: Sequence[str] | None = None,
    series: Sequence[str] | None = None,
    width: int = 720,
    height: int = 360,
) -> str:
    """Grouped box plot: categories along x, one box per series within each.

    Parameters
    ----------
    boxes
        At most one box per (category, series); one without figures shows
        "n=..., too few" in its slot.
    title
        Chart title and accessible name.
    value_label
        Y axis label; when it starts with "USD" ticks read "$120k", else plain numbers.
    categories, series
        Order of the x groups and of the series; names seen only in ``boxes`` follow
        in order of first appearance.
    width, height
        Size in pixels; the height grows when the legend needs more rows.

    Returns
    -------
    str
        An ``<svg>`` element; a small "No data" chart when no box has figures.

    Raises
    ------
    ValueError
        Two boxes for one (category, series), figures out of order or beyond ±1e15.
    """
    cats = _order(categories, (b.category for b in boxes))
    sers = _order(series, (b.series for b in boxes))
    by_key = _index(boxes, lambda b: (b.category, b.series))
    figures = {key: _box_figures(b) for key, b in by_key.items()}
    if not (values := [v for figs in figures.values() if figs for v in figs]):
        return _no_data(title, width)
    fmt = "usd" if value_label.startswith("USD") else "plain"
    ticks, step = _nice_ticks(*_value_range(values))
    colours = series_colours(sers)
    legend, top = _legend(sers, colours, width)
    labels = _tick_labels(ticks, step, fmt)
    left = 34 + max(len(t) for t in labels) * _CHAR
    plot_w, plot_h = max(width - left - 16, 40.0), max(height - top - 44, 120.0)

    def y(v: float) -> float:
        return round(top + (ticks[-1] - v) / (ticks[-1] - ticks[0]) * plot_h, 1)

    body = [legend, *_y_axis(ticks, labels, y, left, left + plot_w, value_label)]
    cw, base = plot_w / len(cats), top + plot_h
    sw = cw * 0.85 / len(sers)
    draw = partial(_draw_box, y=y, fmt=fmt, span=(top, base))
    for i, cat in enumerate(cats):
        at = left + cw * (i + 0.5)
        body.append(_label(cat, at, base + 32, cw / _CHAR, text_anchor="middle", class_="category"))
        for j, ser in enumerate(sers):
            if (box := by_key.get((cat, ser))) is not None:
                cx = left + cw * (i + 0.075) + sw * (j + 0.5)
                body.append(draw(box, figures[cat, ser], cx, min(sw * 0.7, 48.0), colours[ser]))
    return _svg(title, left + plot_w + 16, base + 44, body)


def _y_axis(
    ticks: Sequence[float], labels: Sequence[str], y: _Scale, left: float, right: float, label: str
) -> list[str]:
    """Grid lines with tick labels, the axis line and its rotated label."""
    out = []
    for t, text in zip(ticks, labels, strict=True):
        out.append(_line(left, y(t), right, y(t), "#ddd"))
        out.append(_label(text, left - 6, y(t) + 4, text_anchor="end", font_size=11, class_="tick"))
    top, bottom = y(ticks[-1]), y(ticks[0])
    fit, mid = (bottom - top) / _CHAR, (top + bottom) / 2
    out.append(_line(left, top, left, bottom, "#888"))
    out.append(_label(label, 14, mid, fit, text_anchor="middle", transform=_turn(14, mid)))
    return out


# -- bar chart -----------------------------------------------------------------------


def _draw_bar(bar: Bar, y0: float, h: float, colour: str, x: _Scale, fmt: str) -> str:
    """A bar from 0 to its value, its interval as an error bar, then value and note."""
    value, low, high = _usable(bar.value), _usable(bar.low), _usable(bar.high)
    yc, parts, ends = y0 + h / 2, [], [x(0.0)]
    shown = "no estimate" if value is None else _value_text(value, fmt)
    tip = f"{bar.series} · {bar.label}: {shown}"
    if value is not None:
        ends.append(x(value))
        length = round(abs(ends[1] - ends[0]), 1)
        parts.append(_rect(min(ends), y0, length, h, colour, class_="bar-fill"))
    if low is not None and high is not None:
        ends.append(x(high))
        parts.append(_line(x(low), yc, x(high), yc, "#222", class_="interval"))
        parts += [_line(v, y0 + 3, v, y0 + h - 3, "#222", class_="cap") for v in (x(low), x(high))]
        tip += f" (95% interval {_value_text(low, fmt)}–{_value_text(high, fmt)})"
    note = _el("tspan", _esc(" " + bar.note), fill="#555") if bar.note else ""
    text = _el("text", _esc(shown), note, class_="value", x=max(ends) + 4, y=yc + 4, font_size=11)
    tip = _el("title", _esc(f"{tip} {bar.note}".rstrip()))
    return _el("g", tip, *parts, text, class_="bar", data_label=bar.label, data_series=bar.series)


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    value_format: Literal["percent", "number"] = "percent",
    series: Sequence[str] | None = None,
    width: int = 720,
    bar_height: int = 14,
) -> str:
    """Horizontal grouped bars: a row group per label, one bar per series in each.

    Parameters
    ----------
    bars
        At most one bar per (label, series); labels keep their order of first
        appearance; a non-finite value shows "no estimate".
    title
        Chart title and accessible name.
    value_format
        "percent" writes values (shares 0..1) as "34%", "number" as compact numbers (12.3k).
    series
        Order of the series; series seen only in ``bars`` follow in order of first appearance.
    width, bar_height
        Width and bar thickness in pixels; the height grows with the rows.

    Returns
    -------
    str
        An ``<svg>`` element; a small "No data" chart when ``bars`` is empty.

    Raises
    ------
    ValueError
        Two bars for one (label, series), an unknown ``value_format``, a figure beyond ±1e15.
    """
    if value_format not in ("percent", "number"):
        raise ValueError(f"value_format must be 'percent' or 'number', not {value_format!r}")
    if not bars:
        return _no_data(title, width)
    labels = _order(None, (b.label for b in bars))
    sers = _order(series, (b.series for b in bars))
    by_key = _index(bars, lambda b: (b.label, b.series))
    figures = [v for b in bars for v in map(_usable, (b.value, b.low, b.high)) if v is not None]
    lo, hi = min([0.0, *figures]), max([0.0, *figures])
    ticks, step = _nice_ticks(lo, hi) if hi > lo else ([0.0, 1.0], 1.0)
    colours = series_colours(sers)
    legend, top = _legend(sers, colours, width)
    left = min(max(len(s) for s in labels) * _CHAR + 20, width * 0.35)
    right = min(max(len(b.note) for b in bars) * _CHAR + 60, width * 0.3)
    plot_w, row = max(width - left - right, 60.0), bar_height + 2
    group = len(sers) * row + max(bar_height * 0.8, 6.0)
    base = top + len(labels) * group

    def x(v: float) -> float:
        return round(left + (v - ticks[0]) / (ticks[-1] - ticks[0]) * plot_w, 1)

    body = [legend]
    for t, text in zip(ticks, _tick_labels(ticks, step, value_format), strict=True):
        body.append(_line(x(t), top - 6, x(t), base, "#ddd"))
        body.append(
            _label(text, x(t), base + 14, text_anchor="middle", font_size=11, class_="tick")
        )
    for i, label in enumerate(labels):
        y0, fit = top + i * group, (left - 20) / _CHAR
        mid = y0 + len(sers) * row / 2 + 2
        body.append(_label(label, left - 8, mid, fit, text_anchor="end", class_="label"))
        for j, ser in enumerate(sers):
            if (bar := by_key.get((label, ser))) is not None:
                body.append(_draw_bar(bar, y0 + j * row, bar_height, colours[ser], x, value_format))
    return _svg(title, left + plot_w + right, base + 24, body)
