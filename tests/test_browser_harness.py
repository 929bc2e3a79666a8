"""The headless-Chromium harness in tests/browser.py tells a drawn chart from a blank page."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import (
    INSTALL_HINT,
    browser_missing_reason,
    chromium_path,
    render,
    requires_browser,
    screenshot_stats,
)

BLANK_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Blank</title></head>
<body style="margin:0;background:#fff"></body></html>
"""

# A hand-drawn bar chart: three bars, an axis line and labels, as a report would inline it.
BAR_CHART_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Median pay by role</title></head>
<body style="margin:0;background:#fff">
<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">
  <line x1="40" y1="260" x2="580" y2="260" stroke="#333" stroke-width="2"/>
  <rect x="60" y="60" width="120" height="200" fill="#1f77b4"/>
  <rect x="240" y="110" width="120" height="150" fill="#ff7f0e"/>
  <rect x="420" y="160" width="120" height="100" fill="#2ca02c"/>
  <text x="120" y="285" text-anchor="middle" font-size="14">AI Engineer</text>
  <text x="300" y="285" text-anchor="middle" font-size="14">ML Engineer</text>
  <text x="480" y="285" text-anchor="middle" font-size="14">AI Programmer</text>
</svg>
</body></html>
"""

BROKEN_SCRIPT_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Broken</title></head>
<body>
<script>console.error("chart data missing");</script>
<script>drawChart(undefinedData);</script>
</body></html>
"""

EXTERNAL_SCRIPT_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Not self-contained</title>
<script src="https://cdn.example.invalid/chart.js"></script></head>
<body></body></html>
"""


def _page(tmp_path: Path, html: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_chromium_override_must_be_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_browser = tmp_path / "chromium"
    not_a_browser.write_text("", encoding="utf-8")
    monkeypatch.setenv("ROLEATLAS_CHROMIUM", str(not_a_browser))
    assert chromium_path() is None
    reason = browser_missing_reason()
    assert reason is not None
    assert f"ROLEATLAS_CHROMIUM={not_a_browser} is not an executable file" in reason
    assert reason.endswith(INSTALL_HINT)

    not_a_browser.chmod(0o755)
    assert chromium_path() == str(not_a_browser)


@pytest.mark.slow
@requires_browser
def test_blank_page_has_no_foreground(tmp_path: Path) -> None:
    result = render(_page(tmp_path, BLANK_PAGE), tmp_path / "blank.png", width=800)
    assert result.title == "Blank"
    assert result.svg_count == 0
    assert result.drawn_shapes == 0
    assert result.errors == ()
    stats = screenshot_stats(result.png)
    assert stats.distinct_colours == 1
    assert stats.non_background_fraction == 0.0


@pytest.mark.slow
@requires_browser
def test_inline_svg_chart_is_measured_and_visible(tmp_path: Path) -> None:
    result = render(_page(tmp_path, BAR_CHART_PAGE), tmp_path / "chart.png", width=800)
    assert result.title == "Median pay by role"
    assert result.svg_count == 1
    assert result.svg_boxes == ((600.0, 300.0),)
    assert result.drawn_shapes == 7  # 3 bars, 1 axis line, 3 labels
    assert result.errors == ()
    assert result.external_requests == ()
    stats = screenshot_stats(result.png)
    # The bars alone cover 45,000 of the 800x800 viewport's 640,000 pixels (7 %).
    assert stats.non_background_fraction > 0.07
    assert stats.distinct_colours >= 5  # white, three bar colours, axis grey (+ text antialiasing)


@pytest.mark.slow
@requires_browser
def test_script_errors_are_reported(tmp_path: Path) -> None:
    result = render(_page(tmp_path, BROKEN_SCRIPT_PAGE), tmp_path / "broken.png")
    assert result.console_errors == ("chart data missing",)
    assert len(result.page_errors) == 1
    assert result.page_errors[0].startswith("ReferenceError:")
    assert "drawChart is not defined" in result.page_errors[0]


@pytest.mark.slow
@requires_browser
def test_requests_off_the_machine_are_refused_and_listed(tmp_path: Path) -> None:
    result = render(_page(tmp_path, EXTERNAL_SCRIPT_PAGE), tmp_path / "external.png")
    assert result.external_requests == ("https://cdn.example.invalid/chart.js",)
    assert any("ERR_BLOCKED_BY_CLIENT" in error for error in result.console_errors)
