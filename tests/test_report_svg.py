"""Inline SVG charts: structure against the input, escaping, determinism, no NaN ever."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.report.svg import (
    PALETTE,
    Bar,
    Box,
    _nice_ticks,
    bar_chart,
    box_plot,
    series_colours,
)

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script> & "x"'
NUMERIC = {"x", "y", "x1", "x2", "y1", "y2", "width", "height"}

BOXES = [
    Box("junior", "AI Engineer", 120, 90_000, 105_000, 120_000, 140_000, 160_000),
    Box("junior", "ML Engineer", 80, 95_000, 110_000, 125_000, 150_000, 170_000),
    Box("junior", "AI Programmer", 7, None, None, None, None, None),
    Box("senior", "AI Engineer", 1234, 130_000, 150_000, 172_000, 195_000, 230_000),
    Box("senior", "ML Engineer", 900, 135_000, 155_000, 175_000, 200_000, 240_000),
    Box("senior", "AI Programmer", 40, 70_000, 80_000, 95_000, 110_000, 130_000),
]
BARS = [
    Bar("Python", "AI Engineer", 0.62, 0.55, 0.69, "120/193"),
    Bar("Python", "ML Engineer", 0.71, 0.60, 0.80, "50/70"),
    Bar("PyTorch", "AI Engineer", 0.34, 0.25, 0.41, "12/59"),
    Bar("PyTorch", "ML Engineer", 0.17),
]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def find(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if e.get("class") == cls]


def num(e: ET.Element, attr: str) -> float:
    return float(e.attrib[attr])


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def assert_clean_numbers(svg: str) -> None:
    """Every coordinate is a finite number with at most one decimal; no NaN/inf anywhere."""
    assert not re.search(r"nan|inf", svg, re.IGNORECASE)
    for e in parse(svg).iter():
        for name in NUMERIC & e.attrib.keys():
            assert re.fullmatch(r"-?\d+(\.\d)?", e.attrib[name]), (name, e.attrib[name])


def box_of(root: ET.Element, category: str, series: str) -> ET.Element:
    (g,) = [
        g
        for g in find(root, "g", "box")
        if g.get("data-category") == category and g.get("data-series") == series
    ]
    return g


def box_ys(g: ET.Element) -> tuple[float, float, float, float, float]:
    """y of p90, p75, median, p25, p10 as drawn."""
    (whisker,) = find(g, "line", "whisker")
    (iqr,) = find(g, "rect", "iqr")
    (median,) = find(g, "line", "median")
    assert num(median, "y1") == num(median, "y2")
    top = num(iqr, "y")
    return (
        num(whisker, "y1"),
        top,
        num(median, "y1"),
        top + num(iqr, "height"),
        num(whisker, "y2"),
    )


# -- box plot ------------------------------------------------------------------------


def test_root_has_accessible_name_and_size() -> None:
    root = parse(box_plot(BOXES, title="Pay by level", width=700, height=400))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Pay by level"
    assert root[0].tag == f"{SVG}title"
    assert root[0].text == "Pay by level"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert (root.get("width"), root.get("height")) == ("700", "400")


def test_one_box_drawn_per_estimated_box_and_too_few_for_the_rest() -> None:
    root = parse(box_plot(BOXES, title="t"))
    assert len(find(root, "g", "box")) == 5
    (missing,) = find(root, "g", "missing")
    assert missing.get("data-series") == "AI Programmer"
    assert "".join(missing.itertext()) == "n=7, too few"
    assert find(box_of(root, "senior", "AI Engineer"), "text", "n")[0].text == "n=1,234"


@pytest.mark.parametrize("box", [b for b in BOXES if b.p10 is not None])
def test_box_geometry_follows_its_figures(box: Box) -> None:
    p90, p75, median, p25, p10 = box_ys(
        box_of(parse(box_plot(BOXES, title="t")), box.category, box.series)
    )
    assert p90 < p75 < median < p25 < p10  # higher value, smaller y
    # one linear scale: pixel distances proportional to value distances
    scale = (p10 - p90) / (box.p90 - box.p10)
    assert p25 - p75 == pytest.approx(scale * (box.p75 - box.p25), abs=0.2)
    assert p25 - median == pytest.approx(scale * (box.median - box.p25), abs=0.2)


def test_boxes_share_one_y_scale() -> None:
    root = parse(box_plot(BOXES, title="t"))
    drawn = [(b.median, box_ys(box_of(root, b.category, b.series))[2]) for b in BOXES if b.median]
    by_value = [y for _, y in sorted(drawn, reverse=True)]
    assert by_value == sorted(by_value)
    (v1, y1), (v2, y2) = drawn[0], drawn[3]  # 120k and 172k
    assert (y1 - y2) / (v2 - v1) == pytest.approx((drawn[1][1] - y2) / (v2 - drawn[1][0]), rel=0.01)


def test_legend_has_each_series_once_in_order_with_palette_colours() -> None:
    root = parse(box_plot(BOXES, title="t", series=["ML Engineer"]))
    (legend,) = find(root, "g", "legend")
    names = [t.text for t in legend.iter(f"{SVG}text")]
    assert names == ["ML Engineer", "AI Engineer", "AI Programmer"]
    assert [r.get("fill") for r in legend.iter(f"{SVG}rect")] == list(PALETTE[:3])
    (iqr,) = find(box_of(root, "junior", "ML Engineer"), "rect", "iqr")
    assert iqr.get("fill") == PALETTE[0]


def test_categories_keep_given_order_and_empty_ones_show() -> None:
    root = parse(box_plot(BOXES, title="t", categories=["senior", "lead", "junior"]))
    assert [t.text for t in find(root, "text", "category")] == ["senior", "lead", "junior"]
    senior_x = num(find(box_of(root, "senior", "AI Engineer"), "line", "whisker")[0], "x1")
    junior_x = num(find(box_of(root, "junior", "AI Engineer"), "line", "whisker")[0], "x1")
    assert senior_x < junior_x


def test_y_ticks_are_nice_compact_dollars_and_evenly_spaced() -> None:
    root = parse(box_plot(BOXES, title="t"))
    ticks = find(root, "text", "tick")
    assert 4 <= len(ticks) <= 6
    labels = [t.text or "" for t in ticks]
    assert all(re.fullmatch(r"\$\d+k", s) for s in labels), labels
    values = [int(s[1:-1]) * 1000 for s in labels]
    assert values[0] <= 70_000 and values[-1] >= 240_000
    ys = [num(t, "y") for t in ticks]
    gaps = {round(b - a, 1) for a, b in itertools.pairwise(ys)}
    assert max(gaps) - min(gaps) <= 0.2


def test_plain_value_label_gives_plain_numbers() -> None:
    boxes = [Box("a", "s", 30, 1000, 1200, 1500, 1800, 2500)]
    labels = [
        t.text for t in find(parse(box_plot(boxes, title="t", value_label="Hours")), "text", "tick")
    ]
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", s or "") for s in labels), labels


def test_no_estimated_box_gives_no_data() -> None:
    for boxes in ([], [Box("a", "s", 3, None, None, None, None, None)]):
        root = parse(box_plot(boxes, title="Nothing here"))
        assert "No data" in texts(root)
        assert "Nothing here" in texts(root)
        assert not find(root, "g", "box")


def test_non_finite_figures_count_as_missing_and_are_never_written() -> None:
    boxes = [
        *BOXES,
        Box("lead", "AI Engineer", 12, math.nan, 1.0, 2.0, 3.0, math.inf),
        Box("lead", "ML Engineer", 12, 1.0, 2.0, 3.0, 4.0, math.nan),
    ]
    svg = box_plot(boxes, title="t")
    assert_clean_numbers(svg)
    assert len(find(parse(svg), "g", "missing")) == 3


def test_bad_boxes_are_refused() -> None:
    with pytest.raises(ValueError, match="two items"):
        box_plot([BOXES[0], BOXES[0]], title="t")
    with pytest.raises(ValueError, match="p10 <= p25"):
        box_plot([Box("a", "s", 20, 5, 4, 3, 2, 1)], title="t")
    with pytest.raises(ValueError, match="beyond"):
        box_plot([Box("a", "s", 20, 0, 1, 2, 3, 1e300)], title="t")


# -- text, determinism ---------------------------------------------------------------


def test_untrusted_text_is_escaped_everywhere() -> None:
    boxes = [Box(EVIL, EVIL, 20, 1, 2, 3, 4, 5), Box("c", "s", 5, None, None, None, None, None)]
    bars = [Bar(EVIL, EVIL, 0.5, note=EVIL)]
    for svg in (box_plot(boxes, title=EVIL, value_label=EVIL), bar_chart(bars, title=EVIL)):
        assert "<script" not in svg
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in svg
        root = parse(svg)
        assert root.get("aria-label") == EVIL
        assert EVIL in texts(root)


def test_characters_xml_forbids_do_not_break_parsing() -> None:
    name = "bad\x00\x1b\ufffe name"
    svg = bar_chart([Bar(name, name, 0.5, note=name)], title=name)
    assert "bad\ufffd\ufffd\ufffd name" in parse(svg).get("aria-label", "")


def test_output_is_one_line_so_markdown_keeps_it_whole() -> None:
    name = "two\n\nparagraphs\r"
    boxes = [Box(name, name, 20, 1, 2, 3, 4, 5)]
    for svg in (
        box_plot(boxes, title=name),
        bar_chart([Bar(name, name, 0.5, note=name)], title=name),
    ):
        assert "\n" not in svg and "\r" not in svg
        assert name in texts(parse(svg))


def test_long_labels_are_cut_with_the_full_text_as_tooltip() -> None:
    long = "Kubernetes " * 20
    root = parse(bar_chart([Bar(long, "s", 0.5)], title="t"))
    (label,) = find(root, "text", "label")
    assert (label.text or "").endswith("…")
    assert len(label.text or "") < len(long)
    assert label.find(f"{SVG}title").text == long  # type: ignore[union-attr]


def test_output_is_deterministic() -> None:
    assert box_plot(BOXES, title="t") == box_plot(list(BOXES), title="t")
    assert bar_chart(BARS, title="t") == bar_chart(list(BARS), title="t")


def test_series_colours_follow_the_palette_and_cycle() -> None:
    names = [f"s{i}" for i in range(10)]
    colours = series_colours([*names, "s0"])
    assert list(colours) == names
    assert [colours[n] for n in names] == [*PALETTE, *PALETTE[:2]]


# -- bar chart -----------------------------------------------------------------------


def bar_of(root: ET.Element, label: str, series: str) -> ET.Element:
    (g,) = [
        g
        for g in find(root, "g", "bar")
        if g.get("data-label") == label and g.get("data-series") == series
    ]
    return g


def test_bar_lengths_are_proportional_to_values() -> None:
    root = parse(bar_chart(BARS, title="t"))
    widths = {
        (b.label, b.series): num(
            find(bar_of(root, b.label, b.series), "rect", "bar-fill")[0], "width"
        )
        for b in BARS
    }
    starts = {num(r, "x") for r in find(root, "rect", "bar-fill")}
    assert len(starts) == 1  # every bar starts at zero
    base = BARS[0]
    for b in BARS[1:]:
        ratio = widths[b.label, b.series] / widths[base.label, base.series]
        assert ratio == pytest.approx(b.value / base.value, rel=0.01)


def test_error_bars_span_the_interval() -> None:
    root = parse(bar_chart(BARS, title="t"))
    for b in BARS:
        g = bar_of(root, b.label, b.series)
        (rect,) = find(g, "rect", "bar-fill")
        per_unit = num(rect, "width") / b.value
        intervals = find(g, "line", "interval")
        if b.low is None or b.high is None:
            assert not intervals
            continue
        (line,) = intervals
        assert num(line, "x1") == pytest.approx(num(rect, "x") + b.low * per_unit, abs=0.3)
        assert num(line, "x2") == pytest.approx(num(rect, "x") + b.high * per_unit, abs=0.3)


def test_bar_values_notes_legend_and_groups() -> None:
    root = parse(bar_chart(BARS, title="t"))
    value = find(bar_of(root, "Python", "AI Engineer"), "text", "value")[0]
    assert "".join(value.itertext()) == "62% 120/193"
    assert (
        "".join(find(bar_of(root, "PyTorch", "ML Engineer"), "text", "value")[0].itertext())
        == "17%"
    )
    assert [t.text for t in find(root, "text", "label")] == ["Python", "PyTorch"]
    (legend,) = find(root, "g", "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["AI Engineer", "ML Engineer"]
    assert [t.text for t in find(root, "text", "tick")] == ["0%", "20%", "40%", "60%", "80%"]


def test_number_format_writes_compact_numbers() -> None:
    root = parse(
        bar_chart(
            [Bar("a", "s", 1234.0), Bar("b", "s", 56_789.0)], title="t", value_format="number"
        )
    )
    assert ["".join(t.itertext()) for t in find(root, "text", "value")] == ["1.2k", "56.8k"]
    assert [t.text for t in find(root, "text", "tick")] == ["0", "20,000", "40,000", "60,000"]


def test_height_grows_with_rows() -> None:
    one = parse(bar_chart(BARS[:1], title="t"))
    many = parse(bar_chart([Bar(f"skill {i}", "s", 0.1) for i in range(12)], title="t"))
    assert num(many, "height") > num(one, "height") + 100


def test_missing_bar_value_says_no_estimate() -> None:
    svg = bar_chart([Bar("a", "s", math.nan, -math.inf, math.inf), Bar("b", "s", 0.3)], title="t")
    assert_clean_numbers(svg)
    g = bar_of(parse(svg), "a", "s")
    assert not find(g, "rect", "bar-fill") and not find(g, "line", "interval")
    assert find(g, "text", "value")[0].text == "no estimate"


def test_empty_bars_and_bad_format() -> None:
    root = parse(bar_chart([], title="Skills"))
    assert "No data" in texts(root)
    with pytest.raises(ValueError, match="value_format must be"):
        bar_chart(BARS, title="t", value_format="pct")  # type: ignore[arg-type]


# -- properties ----------------------------------------------------------------------

FIGURE = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@st.composite
def boxes_strategy(draw: st.DrawFn) -> list[Box]:
    out = []
    for i in range(draw(st.integers(0, 6))):
        figs = sorted(draw(st.lists(FIGURE, min_size=5, max_size=5)))
        if draw(st.booleans()):
            figs = [math.nan] * 5
        role = draw(st.sampled_from(["AI Engineer", "ML Engineer", EVIL]))
        out.append(Box(f"c{i % 3}", f"{role} {i}", i, *figs))
    return out


@settings(max_examples=150, deadline=None)
@given(boxes_strategy())
def test_any_sorted_finite_figures_give_clean_svg(boxes: list[Box]) -> None:
    svg = box_plot(boxes, title="t")
    assert_clean_numbers(svg)
    estimated = sum(1 for b in boxes if b.p10 is not None and not math.isnan(b.p10))
    assert len(find(parse(svg), "g", "box")) == estimated
    if estimated:
        assert 4 <= len(find(parse(svg), "text", "tick")) <= 6


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(FIGURE, FIGURE, FIGURE), max_size=8))
def test_any_finite_bars_give_clean_svg(figs: list[tuple[float, float, float]]) -> None:
    bars = [
        Bar(f"l{i % 3}", f"s{i}", v, min(lo, hi), max(lo, hi)) for i, (v, lo, hi) in enumerate(figs)
    ]
    for fmt in ("percent", "number"):
        svg = bar_chart(bars, title="t", value_format=fmt)  # type: ignore[arg-type]
        assert_clean_numbers(svg)
        assert len(find(parse(svg), "g", "bar")) == len(bars)


@settings(max_examples=100, deadline=None)
@given(st.text(), st.text())
def test_any_text_round_trips_through_the_svg(label: str, note: str) -> None:
    root = parse(bar_chart([Bar(label, label, 0.5, note=note)], title=label))
    assert root.get("aria-label") == re.sub(
        r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd", label
    )


@given(FIGURE, st.floats(min_value=1e-6, max_value=1e12))
def test_nice_ticks_cover_the_range_in_four_to_six_steps(lo: float, span: float) -> None:
    hi = lo + span * max(abs(lo), 1.0)
    ticks, step = _nice_ticks(lo, hi)
    assert 4 <= len(ticks) <= 6
    assert ticks[0] <= lo + step * 1e-6 and ticks[-1] >= hi - step * 1e-6
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5))
