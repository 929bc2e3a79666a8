"""``roleatlas role``, ``roleatlas compare`` and ``roleatlas claims``: profiles, comparisons, claims.

Thin shells: the library computes (:mod:`roleatlas.profiles`), the document
model (:mod:`roleatlas.report.document`) lays out, and each format renders it.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from roleatlas.cli.common import DbOption, console, err_console, user_errors
from roleatlas.errors import InputError
from roleatlas.taxonomy.roles import get_role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from roleatlas.report.document import Block


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


FormatOpt = Annotated[
    ReportFormat,
    typer.Option(
        "--format", "-f", help="table (terminal), json, markdown or html.", case_sensitive=False
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file instead of the terminal.",
        dir_okay=False,
    ),
]


def role(
    slug: Annotated[str, typer.Argument(help="Role slug, e.g. ml-engineer (see ROLES.md).")],
    *,
    fmt: FormatOpt = ReportFormat.table,
    output: OutputOpt = None,
    db: DbOption = None,
) -> None:
    """A role's profile: definition, tasks, skills, education, salary, outlook, industries, next steps.

    Every section names its source and sample size, or says why it has no data.
    """
    from roleatlas.profiles.profile import role_profile
    from roleatlas.profiles.report import profile_blocks

    with user_errors():
        name = get_role(slug).name
        con = _open(db)
        try:
            profile = role_profile(con, slug)
        finally:
            con.close()
        _emit(f"Role profile: {name}", profile_blocks(profile), profile.to_dict(), fmt, output)


def compare(
    roles: Annotated[
        list[str],
        typer.Argument(help="Two to five role slugs, e.g. ai-engineer ml-engineer ai-programmer."),
    ],
    *,
    fmt: FormatOpt = ReportFormat.table,
    output: OutputOpt = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap intervals.")] = 0,
    db: DbOption = None,
) -> None:
    """Roles side by side, section by section, with the differences and the articles' claims checked.

    Salary differences are US medians per experience level with 95% bootstrap
    intervals; skills, degrees and growth are compared pair by pair.
    """
    from roleatlas.profiles.claims import check_claims
    from roleatlas.profiles.compare import compare_roles
    from roleatlas.profiles.report import comparison_blocks

    with user_errors():
        names = [get_role(r).name for r in roles]
        con = _open(db)
        try:
            comparison = compare_roles(con, roles, seed=seed)
            claims = check_claims(con)
        finally:
            con.close()
        title = " vs ".join(dict.fromkeys(names))
        data = comparison.to_dict()
        data["claims"] = [
            c
            for c in claims.to_dict()["claims"]
            if set(c["claim"]["roles"]) <= set(comparison.roles)
        ]
        _emit(title, comparison_blocks(comparison, claims), data, fmt, output)


def claims(
    *,
    fmt: FormatOpt = ReportFormat.table,
    output: OutputOpt = None,
    db: DbOption = None,
) -> None:
    """The articles' factual claims, each with its sentence, its test and a verdict computed now."""
    from roleatlas.profiles.claims import check_claims
    from roleatlas.profiles.report import claims_blocks
    from roleatlas.report.document import Para

    with user_errors():
        con = _open(db)
        try:
            report = check_claims(con)
        finally:
            con.close()
        counts = ", ".join(f"{v}: {n}" for v, n in report.counts().items())
        blocks = claims_blocks(report)
        blocks.insert(
            1, Para(f"{len(report.results)} claims from 3 articles; {counts}.", "verdict")
        )
        _emit(
            "The comparison articles' claims, checked against data",
            blocks,
            report.to_dict(),
            fmt,
            output,
        )


def _open(db: Path | None) -> Any:
    from roleatlas.store.connection import open_atlas

    return open_atlas(db)


def _emit(
    title: str, blocks: list[Block], data: dict[str, Any], fmt: ReportFormat, output: Path | None
) -> None:
    from roleatlas.report.document import to_html, to_markdown

    if fmt is ReportFormat.table:
        if output is not None:
            raise InputError(
                "--output needs --format json, markdown or html (the table is for the terminal)."
            )
        console.print(render_rich(title, blocks), highlight=False)
        return
    text = {
        ReportFormat.json: lambda: json.dumps(data, indent=2, ensure_ascii=False, default=str),
        ReportFormat.markdown: lambda: to_markdown(title, blocks),
        ReportFormat.html: lambda: to_html(title, blocks),
    }[fmt]()
    if output is None:
        typer.echo(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"Cannot write {output}: {exc.strerror}. Check the path.") from exc
    err_console.print(f"Wrote {output} ({fmt.value}).")


def render_rich(title: str, blocks: Sequence[Block]) -> RenderableType:
    """The document for a terminal: rules for headings, tables, charts left to html/markdown."""
    from roleatlas.report.document import Bullets, Chart, Heading, Para
    from roleatlas.report.document import Table as DocTable

    parts: list[RenderableType] = [Text(title, style="bold underline")]
    styles = {"verdict": "bold", "source": "dim", "note": "yellow", "text": ""}
    for b in blocks:
        if isinstance(b, Heading):
            parts.append(
                Rule(escape(b.text), align="left") if b.level <= 2 else Text(b.text, style="bold")
            )
        elif isinstance(b, Para):
            parts.append(Text(b.text, style=styles.get(b.kind, "")))
        elif isinstance(b, Bullets):
            parts.extend(Text(f"• {i}") for i in b.items)
        elif isinstance(b, DocTable):
            t = Table(
                box=box.SIMPLE_HEAD, title=b.caption or None, title_justify="left", show_lines=False
            )
            for h in b.headers:
                t.add_column(Text(h), overflow="fold")
            for row in b.rows:
                t.add_row(*(Text(c) for c in row))
            parts.append(t)
        elif isinstance(b, Chart):
            parts.append(Text(f"[chart: {b.caption} — see --format html]", style="dim"))
    return Group(*parts)
