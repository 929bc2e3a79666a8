"""``roleatlas outlook ROLE``: BLS wages, employment and projected growth for a role's occupations."""

from __future__ import annotations

import enum
import json
from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from roleatlas.cli.common import DbOption, console, user_errors
from roleatlas.insights.outlook import (
    AreaRanking,
    NationalWages,
    OccupationOutlook,
    Projection,
    RoleOutlook,
    role_outlook,
)
from roleatlas.store.connection import open_atlas
from roleatlas.taxonomy.roles import get_role


class OutlookFormat(enum.StrEnum):
    table = "table"
    json = "json"


def outlook(
    role: Annotated[str, typer.Argument(help="Role slug, e.g. ml-engineer or ai-engineer.")],
    *,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, help="States and metro areas listed per ranking.")
    ] = 5,
    fmt: Annotated[
        OutlookFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = OutlookFormat.table,
    db: DbOption = None,
) -> None:
    """BLS outlook of a role: national wages, projected growth, top states and metro areas.

    Figures are for the role's SOC occupation(s), which BLS publishes; several
    roles share an occupation.
    """
    with user_errors():
        get_role(role)  # an unknown role is reported before the atlas is opened
        con = open_atlas(db)
        try:
            result = role_outlook(con, role, top=top)
        finally:
            con.close()
    if fmt is OutlookFormat.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        console.print(render(result))


def render(result: RoleOutlook) -> RenderableType:
    """The terminal view: one block per SOC occupation, then the caveat and sources."""
    parts: list[RenderableType] = [
        Text(f"{result.role_name} ({result.role}): BLS outlook", style="bold"),
        Text(result.caveat, style="yellow"),
    ]
    for occ in result.occupations:
        parts.extend(_occupation(occ, result.top_code_annual))
    parts.append(Text("Sources: " + "; ".join(result.sources) + ".", style="dim"))
    return Group(*parts)


def _occupation(occ: OccupationOutlook, top_code: int | None) -> list[RenderableType]:
    parts: list[RenderableType] = [Rule(f"SOC {occ.soc} {escape(occ.title or '')}", align="left")]
    link = f"Linked through O*NET {occ.onet}" + (f": {occ.link_note}" if occ.link_note else "")
    parts.append(Text(link + "."))
    if occ.shared_with:
        parts.append(Text(f"Also the occupation of: {', '.join(occ.shared_with)}."))
    if occ.typical_education:
        parts.append(
            Text(
                f"Typical entry education: {occ.typical_education} ({occ.typical_education_source})."
            )
        )
    parts.append(_national(occ.national, top_code))
    parts.append(_projections(occ.projections))
    parts.extend(_ranking(r, top_code) for r in occ.rankings)
    return parts


def _usd(value: int | None, top_coded: bool, top_code: int | None) -> str:
    if top_coded:
        return f"≥ ${top_code:,}" if top_code else "top-coded"
    return "n/a" if value is None else f"${value:,}"


def _national(wages: NationalWages | None, top_code: int | None) -> RenderableType:
    if wages is None:
        return Text("No national OEWS figures for this occupation.", style="dim")
    table = Table(
        title="National wages, USD per year",
        title_justify="left",
        caption=f"Source: {wages.source}.",
        caption_justify="left",
    )
    figures = ("a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90", "a_mean")
    for name in ("Employment", "P10", "P25", "Median", "P75", "P90", "Mean"):
        table.add_column(name, justify="right")
    cells = [_usd(getattr(wages, f), f in wages.top_coded, top_code) for f in figures]
    cells[2] = f"[bold]{cells[2]}[/]"
    table.add_row("n/a" if wages.tot_emp is None else f"{wages.tot_emp:,}", *cells)
    return table


def _projections(projections: tuple[Projection, ...]) -> RenderableType:
    if not projections:
        return Text("No BLS projections for this occupation.", style="dim")
    table = Table(
        title="Projected employment (thousands of jobs)",
        title_justify="left",
        caption="Source: " + "; ".join(p.source for p in projections) + ".",
        caption_justify="left",
    )
    for name in ("Period", "Employment", "Change", "Openings/yr", "Median wage"):
        table.add_column(name, justify="right")
    for p in projections:
        wage = _usd(p.median_wage, p.wage_top_coded, p.median_wage)
        table.add_row(
            p.period,
            f"{p.emp_base_k:,.1f} → {p.emp_target_k:,.1f}",
            f"[bold]{p.pct_change:+.1f}%[/] ({p.change_k:+,.1f})",
            f"{p.openings_k_per_year:,.1f}",
            f"{wage} ({p.wage_year})",
        )
    return table


_BY = {"a_median": "median annual wage", "tot_emp": "employment"}


def _ranking(ranking: AreaRanking, top_code: int | None) -> RenderableType:
    title = f"Top {ranking.areas} by {_BY.get(ranking.by, ranking.by)}"
    if not ranking.rows:
        return Text(f"{title}: no published figures.", style="dim")
    table = Table(
        title=title,
        title_justify="left",
        caption=f"Source: {ranking.source}.",
        caption_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column(ranking.areas[:1].upper() + ranking.areas[1:-1])
    table.add_column("Median wage", justify="right")
    table.add_column("Employment", justify="right")
    for i, a in enumerate(ranking.rows, start=1):
        table.add_row(
            str(i),
            escape(a.area_name),
            _usd(a.a_median, a.a_median_top_coded, top_code),
            "n/a" if a.tot_emp is None else f"{a.tot_emp:,}",
        )
    return table
