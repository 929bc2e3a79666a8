"""``roleatlas extract``: the skills a text mentions, highlighted in context, or as JSON with spans."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from roleatlas.cli.common import console, read_text_file, user_errors
from roleatlas.errors import InputError

if TYPE_CHECKING:
    from roleatlas.skills.extract import FoundSkill

CONTEXT = 40  # characters shown either side of a mention


class ExtractFormat(enum.StrEnum):
    table = "table"
    json = "json"


def extract(
    text: Annotated[
        str | None,
        typer.Argument(help="The text to read ('-' reads standard input). Or use --file."),
    ] = None,
    *,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A text file to read (up to 5 MB).", dir_okay=False),
    ] = None,
    all_types: Annotated[
        bool,
        typer.Option(
            "--all-types", help="Also show concepts (machine learning, RAG...) and soft skills."
        ),
    ] = False,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExtractFormat.table,
) -> None:
    """The skills a job posting (or any text) mentions, by the skills taxonomy.

    Each skill once, with where it is mentioned. Concepts and soft skills are left
    out unless --all-types is given.
    """
    from roleatlas.skills.extract import extract_skills

    with user_errors():
        body = _input(text, file)
        found = extract_skills(body, technical_only=not all_types)
    if fmt is ExtractFormat.json:
        doc = {"characters": len(body), "skills": [f.to_dict(body) for f in found]}
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    if not found:
        what = "skill" if all_types else "technical skill (try --all-types for concepts)"
        console.print(f"No {what} of the taxonomy found in {len(body):,} characters.")
        return
    console.print(_table(body, found))


def _input(text: str | None, file: Path | None) -> str:
    if (text is None) == (file is None):
        raise InputError("Give the text to read, or --file with a text file (one of the two).")
    if file is not None:
        return read_text_file(file)
    assert text is not None
    return sys.stdin.read() if text == "-" else text


def _table(body: str, found: list[FoundSkill]) -> Table:
    t = Table(
        title=f"{len(found)} skills in {len(body):,} characters",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    t.add_column("skill")
    t.add_column("type")
    t.add_column("mentions", justify="right")
    t.add_column("first mention, in context")
    for f in found:
        t.add_row(f.name, f.type, str(len(f.spans)), _in_context(body, *f.spans[0]))
    return t


def _in_context(body: str, start: int, end: int) -> Text:
    """The mention highlighted between its neighbours (plain Text: posting text is never markup)."""
    left = " ".join(body[max(0, start - CONTEXT) : start].split())
    right = " ".join(body[end : end + CONTEXT].split())
    out = Text("…" if start > CONTEXT else "")
    out.append(left + (" " if body[start - 1 : start].isspace() else ""))
    out.append(body[start:end], style="bold reverse")
    out.append((" " if body[end : end + 1].isspace() else "") + right)
    out.append("…" if end + CONTEXT < len(body) else "")
    return out
