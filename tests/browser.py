"""Open a self-contained HTML report in headless Chromium and measure what it drew.

Tests import this module (pytest puts ``tests/`` on the path)::

    from browser import render, requires_browser, screenshot_stats

    @pytest.mark.slow
    @requires_browser
    def test_report_draws_its_charts(tmp_path):
        result = render(report_html, tmp_path / "report.png")
        assert result.errors == ()
        assert result.svg_count >= 1 and result.drawn_shapes > 0
        assert screenshot_stats(result.png).non_background_fraction > 0.02

The browser is Debian's ``chromium`` driven by the ``playwright`` package from PyPI
(``playwright install`` cannot download a browser build on these machines);
``scripts/install-test-deps`` installs both. This module is the one place that launches
Chromium, so its flags live here.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Error, Route

INSTALL_HINT = "run scripts/install-test-deps"

# The machines have no network but the package registries: without the background
# networking switches Chromium keeps dialling out and logs refused connections.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# A report is self-contained: anything it asks for beyond these schemes is recorded and refused.
_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

_MEASURE_SVG = """() => {
    const boxes = Array.from(document.querySelectorAll("svg"), (svg) => {
        const r = svg.getBoundingClientRect();
        return [r.width, r.height];
    });
    const selector = ["rect", "line", "path", "circle", "polyline", "text"]
        .map((tag) => "svg " + tag).join(", ");
    let drawn = 0;
    for (const el of document.querySelectorAll(selector)) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 || r.height > 0) drawn += 1;  // a horizontal line has height 0
    }
    return {boxes, drawn};
}"""

# Charts drawn from a load handler or requestAnimationFrame land within two frames.
_TWO_FRAMES = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)


@dataclass(frozen=True)
class RenderResult:
    """What one page load in headless Chromium produced."""

    png: Path
    title: str
    svg_count: int
    svg_boxes: tuple[tuple[float, float], ...]
    drawn_shapes: int
    console_errors: tuple[str, ...]
    page_errors: tuple[str, ...]
    external_requests: tuple[str, ...]

    @property
    def errors(self) -> tuple[str, ...]:
        """Console errors and uncaught page errors together."""
        return self.console_errors + self.page_errors


class ScreenshotStats(NamedTuple):
    """Colour counts of a screenshot; the background is its most common colour."""

    distinct_colours: int
    non_background_fraction: float


def chromium_path() -> str | None:
    """Return the Chromium binary to drive, or None when there is none.

    ``$ROLEATLAS_CHROMIUM`` overrides the search (and is returned only if executable);
    otherwise ``/usr/bin/chromium``, then ``chromium`` or ``chromium-browser`` on the PATH.
    """
    override = os.environ.get("ROLEATLAS_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) and Path(override).is_file() else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_missing_reason() -> str | None:
    """Say why the browser tests cannot run here, or None when they can."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package is not installed")
    if importlib.util.find_spec("PIL") is None:
        missing.append("the pillow package is not installed")
    if chromium_path() is None:
        override = os.environ.get("ROLEATLAS_CHROMIUM")
        missing.append(
            f"ROLEATLAS_CHROMIUM={override} is not an executable file"
            if override
            else "no Chromium binary was found (/usr/bin/chromium, chromium, chromium-browser)"
        )
    if not missing:
        return None
    return f"browser tests need Chromium and playwright: {'; '.join(missing)}; {INSTALL_HINT}"


def _skip_reason() -> str | None:
    # CI installs everything with scripts/install-test-deps, so a skip there would hide a
    # broken install: under CI the tests run and fail with the same reason instead.
    if os.environ.get("CI", "").lower() in {"1", "true"}:
        return None
    return browser_missing_reason()


requires_browser = pytest.mark.skipif(
    _skip_reason() is not None, reason=_skip_reason() or "browser available"
)


def render(
    html_path: Path, png_path: Path, *, width: int = 1280, height: int = 800
) -> RenderResult:
    """Load a local HTML file in headless Chromium, screenshot it and measure its SVGs.

    Parameters
    ----------
    html_path
        The page to open (as a ``file://`` URL); requests it makes to other schemes are
        refused and listed in ``external_requests``.
    png_path
        Where to write the full-page screenshot.
    width, height
        Viewport size in CSS pixels (device scale factor 1); the screenshot covers the
        whole page height.

    Returns
    -------
    RenderResult
        Title, SVG count and sizes, drawn shapes, and the errors logged during the load.
    """
    reason = browser_missing_reason()
    if reason is not None:
        raise RuntimeError(reason)
    from playwright.sync_api import sync_playwright

    console_errors: list[str] = []
    page_errors: list[str] = []
    external: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    def on_page_error(error: Error) -> None:
        page_errors.append(f"{error.name}: {error.message}")

    def refuse_external(route: Route) -> None:
        url = route.request.url
        if url.startswith(_LOCAL_SCHEMES):
            route.continue_()
        else:
            external.append(url)
            route.abort("blockedbyclient")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            try:
                context.route("**/*", refuse_external)
                page = context.new_page()
                page.on("console", on_console)
                page.on("pageerror", on_page_error)
                page.goto(html_path.resolve().as_uri(), wait_until="load")
                page.evaluate(_TWO_FRAMES)
                measured = page.evaluate(_MEASURE_SVG)
                page.screenshot(path=png_path, full_page=True)
                title = page.title()
            finally:
                context.close()
        finally:
            browser.close()

    boxes = tuple((float(w), float(h)) for w, h in measured["boxes"])
    return RenderResult(
        png=png_path,
        title=title,
        svg_count=len(boxes),
        svg_boxes=boxes,
        drawn_shapes=int(measured["drawn"]),
        console_errors=tuple(console_errors),
        page_errors=tuple(page_errors),
        external_requests=tuple(external),
    )


def screenshot_stats(png_path: Path) -> ScreenshotStats:
    """Count a screenshot's colours and the share of pixels that are not background.

    The background is the most common colour; a blank page gives a fraction near 0.
    """
    from PIL import Image

    with Image.open(png_path) as image:
        rgb = image.convert("RGB")
    total = rgb.width * rgb.height
    colours = rgb.getcolors(maxcolors=total) or []
    background = max((count for count, _ in colours), default=total)
    return ScreenshotStats(
        distinct_colours=len(colours),
        non_background_fraction=(total - background) / total if total else 0.0,
    )
