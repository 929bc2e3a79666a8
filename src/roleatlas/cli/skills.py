"""``roleatlas skills ROLE``: which skills the job postings of a role ask for."""

from __future__ import annotations

import enum
import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from roleatlas.cli.common import DbOption, console, user_errors
from roleatlas.errors import AtlasMissingError
from roleatlas.store.connection import open_atlas
from roleatlas.taxonomy.roles import get_role

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb

    from roleatlas.skills.demand import (
        Cooccurrence,
        Distinctive,
        DistinctiveSkills,
        HotTechnology,
        OnetComparison,
        SkillDemand,
        SkillsReport,
    )


class SkillsFormat(enum.StrEnum):
    table = "table"
    json = "json"


def skills(
    role: Annotated[str, typer.Argument(help="Role slug, e.g. ml-engineer or ai-engineer.")],
    *,
    vs: Annotated[
        str | None,
        typer.Option("--vs", help="Another role to compare with (default: all other postings)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Rows per table.")] = 15,
    all_types: Annotated[
        bool,
        typer.Option(
            "--all-types", help="Include concepts and soft skills, not only technical ones."
        ),
    ] = False,
    fmt: Annotated[
        SkillsFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = SkillsFormat.table,
    db: DbOption = None,
) -> None:
    """Skills asked for in a role's job postings: shares, distinctive skills, pairs, O*NET hot tech.

    Every share is the fraction of the role's postings (repeats and postings of
    unclear role left out) that name the skill, with n and a 95% interval.
    """
    from roleatlas.skills.demand import skills_report

    with user_errors():
        get_role(role)  # an unknown role is reported before the atlas is opened
        if vs is not None:
            get_role(vs)
        con = _open(db)
        try:
            report = skills_report(con, role, versus=vs, top=top, technical_only=not all_types)
        finally:
            con.close()
    if fmt is SkillsFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        console.print(render(report, top=top), highlight=False)


def _open(db: Path | None) -> duckdb.DuckDBPyConnection:
    try:
        return open_atlas(db)
    except AtlasMissingError as exc:
        raise AtlasMissingError(
            f"{exc} For skill demand, put the postings source in $ROLEATLAS_DATA_HOME/postings "
            "before building."
        ) from None


def render(report: SkillsReport, *, top: int) -> RenderableType:
    """The terminal view: demand, distinctive skills, co-occurrence, O*NET comparison, sources."""
    scope = "technical skills" if report.technical_only else "skills of every type"
    parts: list[RenderableType] = [
        Text(
            f"{report.role_name} ({report.role}): {scope} in n={report.demand.n:,} job postings",
            style="bold",
        ),
        Text(f"Source: {report.corpus.source}.", style="dim"),
        *(Text(note, style="yellow") for note in report.notes()),
        _demand(report.demand, top),
        _distinctive(report.distinctive, top),
        _cooccurrence(report.cooccurrence),
        _onet(report.onet, top),
    ]
    return Group(*parts)


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def _section(title: str, columns: list[tuple[str, bool]], caption: str) -> tuple[Group, Table]:
    """A bold title, a table with ``columns`` (name, right-aligned figure) and a dim caption."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for i, (name, right) in enumerate(columns):  # only the first column (names) wraps
        table.add_column(name, justify="right" if right else "left", no_wrap=i > 0)
    return Group(Text(title, style="bold"), table, Text(caption, style="dim")), table


def _demand(d: SkillDemand, top: int) -> RenderableType:
    if d.thin:  # the report's notes say so
        return Group()
    cols = [
        ("skill", False),
        ("type", False),
        ("postings", True),
        ("share", True),
        ("95% CI", True),
    ]
    group, table = _section(
        f"Skills most asked for in {d.role} postings (n={d.n:,})",
        cols,
        "share = postings naming the skill / n; 95% CI: Wilson score interval.",
    )
    for s in d.skills[:top]:
        ci = f"{s.ci_low:.0%}–{s.ci_high:.0%}"
        table.add_row(escape(s.name), s.type, f"{s.k:,} of {s.n:,}", f"{s.share:.0%}", ci)
    return group


def _distinctive(d: DistinctiveSkills, top: int) -> RenderableType:
    other = d.versus or "others"
    if d.thin:
        return Group()
    title = (
        f"Skills that separate {d.role} (n={d.n:,}) from {d.versus} (n={d.n_other:,})"
        if d.versus
        else f"Skills more typical of {d.role} (n={d.n:,}) than of other roles (n={d.n_other:,})"
    )
    cols = [(d.role, True), (other, True), ("delta", True), ("95% CI", True), ("favours", False)]
    group, table = _section(
        title,
        [("skill", False), *cols],
        "delta: log-odds ratio of naming the skill, with an informative Dirichlet prior "
        f"(Monroe et al. 2008; {d.alpha0:g} pseudo-postings at the corpus share); 95% CI: "
        "delta ± 1.96·se; favours: the side the interval lies on (not clear: it includes 0). "
        f"Skills in at least {d.min_count} postings, by z.",
    )
    for x in [x for x in d.skills if x.z > 0][:top]:
        table.add_row(*_distinctive_row(x, d.role, other))
    if d.versus:
        table.add_section()
        for x in [x for x in reversed(d.skills) if x.z < 0][:top]:
            table.add_row(*_distinctive_row(x, d.role, other))
    return group


def _distinctive_row(x: Distinctive, role: str, other: str) -> list[str]:
    side = {"role": role, "other": other}.get(x.favours or "", "not clear")
    low, high = (0.0 if abs(v) < 0.005 else v for v in x.ci)  # no "-0.00"
    return [
        escape(x.name),
        f"{x.share:.0%} {x.k}/{x.n}",
        f"{x.share_other:.0%} {x.k_other}/{x.n_other}",
        f"{x.delta:+.2f}",
        f"{low:+.2f}…{high:+.2f}",
        side,
    ]


def _cooccurrence(c: Cooccurrence) -> RenderableType:
    if c.thin:
        return Group()
    group, table = _section(
        f"Technical skills named together in {c.role} postings (n={c.n:,})",
        [("skills", False), ("postings", True), ("share", True), ("lift", True)],
        "lift = postings with both × n / (postings with one × postings with the other); "
        "1 = as often as chance.",
    )
    for p in c.pairs:
        table.add_row(
            f"{escape(p.a_name)} + {escape(p.b_name)}",
            f"{p.count:,}",
            f"{p.count / p.n:.0%}",
            f"{p.lift:.2f}",
        )
    return group


def _onet(o: OnetComparison, top: int) -> RenderableType:
    links = [
        f"O*NET {c.onet}{' ' + c.title if c.title else ''} (rank {c.rank})"
        + (f": {c.note}." if c.note and c.note != c.title else ".")
        for c in o.codes
    ]
    rule = Group(
        Rule("O*NET hot technologies of the role's occupations", align="left"),
        *(Text(line) for line in links),
    )
    if o.note:
        return Group(rule, Text(o.note, style="yellow"))
    named = [h for h in o.hot if h.k]
    several = len(o.codes) > 1
    cols = [("skill", False), *([("O*NET code", False)] if several else []), ("in demand", False)]
    group, table = _section(
        f"O*NET hot technologies named in {o.role} postings (n={o.n:,})",
        [*cols, ("postings", True), ("share", True)],
        f"Source: {o.source}",
    )
    for h in named if o.thin else named[:top]:
        code = [", ".join(h.onet_codes)] if several else []
        demand = "yes" if h.in_demand else ""
        table.add_row(escape(h.name), *code, demand, f"{h.k:,}", _pct(h.share))
    return Group(rule, group, *(Text(line) for line in _onet_lines(o, named, top)))


def _onet_lines(o: OnetComparison, named: list[HotTechnology], top: int) -> list[str]:
    lines = []
    if not o.thin and len(named) > top:
        lines.append(
            f"…and {len(named) - top} more named in fewer postings (--format json lists all)."
        )
    absent = [h.name for h in o.hot if not h.k]
    if absent:
        lines.append(f"Hot in O*NET, not in the postings: {', '.join(absent)}.")
    if o.unmapped:
        lines.append(f"Hot in O*NET, not in our skills taxonomy: {', '.join(o.unmapped)}.")
    if o.not_hot and not o.thin:
        items = [
            f"{s.name} ({s.share:.0%}, {'listed, not hot' if s.onet_listed else 'not listed'})"
            for s in o.not_hot
        ]
        lines.append(f"Top {o.role} skills O*NET does not mark as hot: {', '.join(items)}.")
    return lines
