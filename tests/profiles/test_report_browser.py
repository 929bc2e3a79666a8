"""The HTML comparison report opens in headless Chromium with its charts drawn (real data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from browser import render, requires_browser, screenshot_stats
from roleatlas.cli import app

pytestmark = [pytest.mark.integration, pytest.mark.slow, requires_browser]


def test_html_report_renders_charts_and_is_not_blank(real_db: Path, tmp_path: Path) -> None:
    page = tmp_path / "compare.html"
    result = CliRunner().invoke(
        app,
        [
            "compare",
            "ai-engineer",
            "ml-engineer",
            "ai-programmer",
            "-f",
            "html",
            "-o",
            str(page),
            "--db",
            str(real_db),
        ],
    )
    assert result.exit_code == 0, result.output
    shot = render(page, tmp_path / "compare.png")
    assert shot.title == "AI Engineer vs Machine Learning Engineer vs AI Programmer / AI Developer"
    assert not shot.errors and not shot.external_requests  # self-contained, no script errors
    assert shot.svg_count == page.read_text().count("<svg") >= 2
    assert all(w > 200 and h > 100 for w, h in shot.svg_boxes)  # every chart laid out
    assert shot.drawn_shapes > 50  # boxes, whiskers, bars, axis labels
    stats = screenshot_stats(shot.png)
    assert stats.distinct_colours > 20 and stats.non_background_fraction > 0.03
