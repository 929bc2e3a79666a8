"""A tiny document model that the terminal, markdown and HTML front-ends all render.

A report is a sequence of blocks: headings, paragraphs, bullet lists, tables
and charts (inline SVG from :mod:`roleatlas.report.svg`). Text is plain: each
renderer escapes it for its own output (HTML-escaped, markdown-escaped, Rich
markup-escaped), so text taken from postings can never inject markup.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str
    #: ``text`` (plain), ``verdict`` (a finding), ``source`` (where figures come from), ``note``.
    kind: str = "text"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    svg: str  # a complete <svg> element whose text is already escaped
    caption: str = ""


Block = Heading | Para | Bullets | Table | Chart


# ------------------------------------------------------------------ markdown


def _md(text: str) -> str:
    """Escape the characters markdown would read as markup (and HTML tags)."""
    out = html.escape(text, quote=False)
    for ch in "\\`*_[]|#":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def to_markdown(title: str, blocks: Sequence[Block]) -> str:
    """The document as GitHub-flavoured markdown; charts as data-URI SVG images (self-contained)."""
    lines = [f"# {_md(title)}", ""]
    for b in blocks:
        if isinstance(b, Heading):
            lines += ["#" * min(b.level + 1, 6) + " " + _md(b.text), ""]
        elif isinstance(b, Para):
            text = _md(b.text)
            lines += [
                f"**{text}**"
                if b.kind == "verdict"
                else f"*{text}*"
                if b.kind in ("source", "note")
                else text,
                "",
            ]
        elif isinstance(b, Bullets):
            lines += [f"- {_md(i)}" for i in b.items] + [""]
        elif isinstance(b, Table):
            if b.caption:
                lines += [f"*{_md(b.caption)}*", ""]
            lines.append("| " + " | ".join(_md(h) for h in b.headers) + " |")
            lines.append("|" + "---|" * len(b.headers))
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in b.rows]
            lines.append("")
        else:
            data = base64.b64encode(b.svg.encode("utf-8")).decode("ascii")
            lines += [f"![{_md(b.caption)}](data:image/svg+xml;base64,{data})", ""]
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------ HTML

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2rem auto;
padding:0 1rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.7rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}caption{text-align:left;font-style:italic;padding:.2rem 0}
p.verdict{font-weight:600;background:#f6f8ff;border-left:4px solid #0072B2;padding:.4rem .6rem}
p.source,p.note{color:#555;font-size:.85rem}figure{margin:1rem 0}figcaption{color:#555;font-size:.85rem}
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def to_html(title: str, blocks: Sequence[Block]) -> str:
    """A self-contained HTML page (inline CSS and SVG, no script, no external file)."""
    body: list[str] = [f"<h1>{_h(title)}</h1>"]
    for b in blocks:
        if isinstance(b, Heading):
            level = min(b.level, 6)
            body.append(f"<h{level}>{_h(b.text)}</h{level}>")
        elif isinstance(b, Para):
            body.append(f'<p class="{_h(b.kind)}">{_h(b.text)}</p>')
        elif isinstance(b, Bullets):
            body.append("<ul>" + "".join(f"<li>{_h(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Table):
            cap = f"<caption>{_h(b.caption)}</caption>" if b.caption else ""
            head = "".join(f"<th>{_h(h)}</th>" for h in b.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in b.rows
            )
            body.append(f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        else:
            cap = f"<figcaption>{_h(b.caption)}</figcaption>" if b.caption else ""
            body.append(f"<figure>{b.svg}{cap}</figure>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_h(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
