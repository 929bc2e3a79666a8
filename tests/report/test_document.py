"""The document model's markdown and HTML renderers: structure, escaping, self-containment."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

from roleatlas.report.document import Bullets, Chart, Heading, Para, Table, to_html, to_markdown

EVIL = '<script>alert("x")</script> & | *bold* [link](http://evil)'
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>'
BLOCKS = [
    Heading("Salary"),
    Para("AI Engineer pays more.", "verdict"),
    Para(EVIL),
    Bullets(("one", EVIL)),
    Table(("Role", "Median"), (("AI Engineer", "$150k"), (EVIL, "n=3"))),
    Chart(SVG, "a chart"),
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_untrusted_text_and_keeps_structure() -> None:
    page = to_html("AI vs ML <b>", BLOCKS)
    parser = _Tags()
    parser.feed(page)
    assert parser.tags.count("script") == 0  # the evil text never becomes a tag
    assert parser.tags.count("table") == 1 and parser.tags.count("tr") == 3
    assert parser.tags.count("svg") == 1 and parser.tags.count("rect") == 1
    assert parser.tags.count("h1") == 1 and parser.tags.count("h2") == 1
    assert EVIL in "".join(parser.text)  # shown as text, intact
    assert "<title>AI vs ML &lt;b&gt;</title>" in page


def test_html_is_self_contained() -> None:
    page = to_html("t", BLOCKS)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "<script" not in page


def test_markdown_escapes_and_embeds_charts_as_data_uris() -> None:
    md = to_markdown("T", BLOCKS)
    assert md.startswith("# T\n")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\*bold\\*" in md and "\\[link\\]" in md and "\\|" in md
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert len(table) == 4 and all(line.count(" | ") == 1 for line in table if "---" not in line)
    data = re.search(r"\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", md)
    assert data is not None and base64.b64decode(data.group(1)).decode() == SVG
    assert "**AI Engineer pays more.**" in md
