"""``roleatlas salaries``: the salary explorer."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from roleatlas.cli.common import DbOption, FormatOption, OutputFormat, console, user_errors
from roleatlas.insights.salaries import (
    GROUPINGS,
    Policy,
    RoleSource,
    SalaryQuery,
    SalaryReport,
    salary_report,
)
from roleatlas.insights.stats import MIN_N, RESAMPLES
from roleatlas.store.connection import open_atlas

_STAT_FIELDS = (
    "n",
    "p10",
    "p25",
    "median",
    "median_ci_low",
    "median_ci_high",
    "p75",
    "p90",
    "mean",
)


def salaries(
    *,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", "-r", help="Role slug, e.g. ai-engineer (repeatable)."),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option("--country", "-c", help="Employee residence: ISO code or name (repeatable)."),
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option(
            "--level", "-l", help="entry, mid, senior, executive (or EN/MI/SE/EX; repeatable)."
        ),
    ] = None,
    year: Annotated[
        list[int] | None, typer.Option("--year", "-y", help="Survey year (repeatable).")
    ] = None,
    since: Annotated[
        int | None, typer.Option("--since", help="Only years from this one on.")
    ] = None,
    remote: Annotated[
        list[str] | None,
        typer.Option("--remote", help="on-site, hybrid, remote (or 0/50/100; repeatable)."),
    ] = None,
    company_size: Annotated[
        list[str] | None,
        typer.Option("--company-size", help="small, medium, large (or S/M/L; repeatable)."),
    ] = None,
    employment_type: Annotated[
        list[str] | None,
        typer.Option(
            "--employment-type", help="full-time, part-time, contract, freelance (or FT/PT/CT/FL)."
        ),
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by", "-b", help=f"Group by {', '.join(GROUPINGS)} (repeatable, combinable)."
        ),
    ] = None,
    policy: Annotated[
        Policy,
        typer.Option(
            "--policy",
            help="Duplicate policy: posting (default), posting-all, row.",
            case_sensitive=False,
        ),
    ] = Policy.posting,
    roles_from: Annotated[
        RoleSource,
        typer.Option(
            "--roles",
            help="Whose role a title counts under: rules (default) or model (the role "
            "classifier's, from the title alone; unsure titles are 'unclear').",
            case_sensitive=False,
        ),
    ] = RoleSource.rules,
    min_n: Annotated[
        int, typer.Option("--min-n", help="Groups smaller than this show only their count.")
    ] = MIN_N,
    resamples: Annotated[
        int, typer.Option("--resamples", help="Bootstrap resamples for the median's CI.")
    ] = RESAMPLES,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the bootstrap (results are reproducible).")
    ] = 0,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Salaries (USD per year) from the aijobs.net survey: n, percentiles, mean and a 95% CI of the median."""
    query = SalaryQuery(
        roles=tuple(role or ()),
        countries=tuple(country or ()),
        levels=tuple(level or ()),
        years=tuple(year or ()),
        since=since,
        remote=tuple(remote or ()),
        company_sizes=tuple(company_size or ()),
        employment_types=tuple(employment_type or ()),
        by=tuple(by or ()),
        policy=policy,
        roles_from=roles_from,
        min_n=min_n,
        resamples=resamples,
        seed=seed,
    )
    with user_errors():
        con = open_atlas(db)
        try:
            report = salary_report(con, query)
        finally:
            con.close()
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(report_to_dict(report), indent=2))
    elif fmt is OutputFormat.csv:
        typer.echo(report_to_csv(report), nl=False)
    else:
        console.print(report_table(report))


def report_to_dict(report: SalaryReport) -> dict[str, Any]:
    """A JSON-ready dict: query, method notes and one entry per group."""
    q = dataclasses.asdict(report.query)
    return {
        "source": report.source,
        "currency": report.currency,
        "policy": report.query.policy.value,
        "roles_from": report.query.roles_from.value,
        "policy_note": report.policy_note,
        "ci_method": report.ci_method,
        "notes": list(report.notes),
        "query": {k: (list(v) if isinstance(v, tuple) else v) for k, v in q.items()},
        "groups": [
            {
                "key": g.key,
                "label": g.labels,
                "estimated": g.stats.estimated,
                **{f: getattr(g.stats, f) for f in _STAT_FIELDS},
                **({} if g.stats.estimated else {"note": "too few to estimate"}),
            }
            for g in report.groups
        ],
    }


def report_to_csv(report: SalaryReport) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([*report.query.by, *_STAT_FIELDS, "note", "policy", "roles_from", "source"])
    for g in report.groups:
        figures = [getattr(g.stats, f) for f in _STAT_FIELDS]
        note = "" if g.stats.estimated else "too few to estimate"
        w.writerow(
            [
                *(g.key[b] for b in report.query.by),
                *("" if v is None else round(v, 2) if isinstance(v, float) else v for v in figures),
                note,
                report.query.policy.value,
                report.query.roles_from.value,
                report.source,
            ]
        )
    return out.getvalue()


def _k(v: float | None) -> str:
    return "" if v is None else f"${v / 1000:,.0f}k"


def report_table(report: SalaryReport) -> Table:
    """The Rich table shown in the terminal (fits 80 columns for the usual groupings)."""
    q = report.query
    too_few = any(not g.stats.estimated for g in report.groups)
    table = Table(
        title=f"Salaries, {report.currency}",
        title_justify="left",
        caption="\n".join(
            [
                f"Source: {report.source}.",
                f"Policy '{q.policy.value}': {report.policy_note}.",
                f"CI: {report.ci_method}.",
                *(["'too few': n < min-n, too few to estimate."] if too_few else []),
                *report.notes,
            ]
        ),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        padding=0,  # the box's blank divider separates columns: the usual table fits 80 columns
        pad_edge=False,
    )
    for b in q.by:
        table.add_column(b)
    for name in ("n", "p10", "p25", "median", "95% CI", "p75", "p90", "mean"):
        table.add_column(name, justify="right", no_wrap=True)
    for g in report.groups:
        s = g.stats
        # Country codes only (names are in the JSON labels): keeps the table narrow.
        keys = [str(g.key[b]) if b == "country" else g.labels[b] for b in q.by]
        if not s.estimated:
            table.add_row(*keys, f"{s.n:,}", "", "", "[dim]too few[/]", *[""] * 4)
            continue
        ci = f"{_k(s.median_ci_low)}–{_k(s.median_ci_high)[1:]}"
        figures = (_k(s.p10), _k(s.p25), f"[bold]{_k(s.median)}[/]", ci)
        table.add_row(*keys, f"{s.n:,}", *figures, _k(s.p75), _k(s.p90), _k(s.mean))
    return table
