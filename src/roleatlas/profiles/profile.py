"""``role_profile``: everything the atlas knows about one role, section by section.

Sections (each with its source and ``n``; ``no_data`` says why one is empty):
definition and responsibilities, skills and tools, education, salary,
outlook, industries, related roles and next steps. The functions return frozen
dataclasses that the terminal, JSON, markdown and HTML front-ends all render.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from roleatlas.errors import RoleAtlasError
from roleatlas.insights.outlook import RoleOutlook, role_outlook
from roleatlas.insights.salaries import SOURCE as SALARY_SOURCE
from roleatlas.insights.salaries import SalaryQuery, salary_report
from roleatlas.insights.stats import Summary
from roleatlas.profiles.sections import (
    POSTINGS_SOURCE,
    TOP,
    Education,
    Industries,
    Responsibilities,
    Share,
    counted_postings,
    education,
    industries,
    responsibilities,
    share,
)
from roleatlas.skills.demand import (
    MIN_POSTINGS,
    HotTechnology,
    onet_hot_comparison,
    require_postings,
    skill_demand,
)
from roleatlas.taxonomy.codes import EXPERIENCE_LEVELS, countries
from roleatlas.taxonomy.roles import Role, get_role

if TYPE_CHECKING:
    import duckdb

#: Salary figures are shown for the US by level, and for this many other countries by n.
TOP_COUNTRIES = 3
LEVELS = tuple(EXPERIENCE_LEVELS.values())  # entry, mid, senior, executive
WHAT_AIJOBS_MEASURES = (
    "aijobs.net: advertised pay ranges of AI/ML/data job postings and survey answers, by job "
    "title (one observation per distinct posting: range midpoint), mostly US, mostly 2024"
)
WHAT_OEWS_MEASURES = (
    "BLS OEWS: wages employers report for everyone employed in the occupation (SOC), all "
    "seniorities and industries, May 2025; straight-time gross pay, not role-specific"
)


@dataclass(frozen=True)
class Definition:
    summary: str
    definition: str
    sources: tuple[str, ...]
    titles: tuple[str, ...]
    source: str = "Role Atlas taxonomy (roles.toml), written from the sources listed"


@dataclass(frozen=True)
class Skills:
    n: int
    thin: bool
    top: tuple[Share, ...]
    source: str
    hot: tuple[HotTechnology, ...]
    hot_source: str
    no_data: str | None = None


@dataclass(frozen=True)
class LevelSalary:
    level: str
    stats: Summary


@dataclass(frozen=True)
class CountrySalary:
    code: str
    name: str
    stats: Summary


@dataclass(frozen=True)
class OccupationWages:
    soc: str
    title: str | None
    employment: int | None
    p10: int | None
    p25: int | None
    median: int | None
    p75: int | None
    p90: int | None
    top_coded: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Salary:
    country: str
    by_level: tuple[LevelSalary, ...]
    n: int
    countries: tuple[CountrySalary, ...]
    source: str
    measures: str
    oews: tuple[OccupationWages, ...]
    oews_measures: str
    min_n: int
    no_data: str | None = None


@dataclass(frozen=True)
class ProjectionFigures:
    soc: str
    title: str | None
    period: str
    pct_change: float
    openings_k_per_year: float
    emp_base_k: float
    emp_target_k: float
    source: str


@dataclass(frozen=True)
class Outlook:
    projections: tuple[ProjectionFigures, ...]
    caveat: str
    no_data: str | None = None


@dataclass(frozen=True)
class Step:
    """Where people typically go next from one experience level."""

    from_level: str
    to: str
    to_role: str
    median: float | None
    n: int


@dataclass(frozen=True)
class Related:
    related: tuple[tuple[str, str], ...]  # (slug, name)
    next_steps: tuple[tuple[str, str], ...]
    ladder: tuple[Step, ...]
    source: str


@dataclass(frozen=True)
class RoleProfile:
    role: str
    name: str
    postings: int
    definition: Definition
    responsibilities: Responsibilities
    skills: Skills
    education: Education
    salary: Salary
    outlook: Outlook
    industries: Industries
    related: Related
    attributions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole profile."""
        return asdict(self)


def role_profile(con: duckdb.DuckDBPyConnection, slug: str, *, seed: int = 0) -> RoleProfile:
    """Every section of one role's profile (module docstring).

    Raises
    ------
    UnknownNameError
        For an unknown role (the message gives the closest matches).
    AtlasError
        When the atlas has no postings tables: rebuild it with the postings source.
    """
    role = get_role(slug)
    require_postings(con)
    bls = bls_outlook(con, role)
    salary = salary_section(con, role, bls, seed=seed)
    return RoleProfile(
        role=role.slug,
        name=role.name,
        postings=counted_postings(con, role.slug),
        definition=Definition(role.summary, role.definition, role.sources, role.titles),
        responsibilities=responsibilities(con, role),
        skills=skills_section(con, role),
        education=education(con, role),
        salary=salary,
        outlook=outlook_section(role, bls),
        industries=industries(con, role),
        related=related_section(role, salary),
        attributions=attributions(con),
    )


def skills_section(con: duckdb.DuckDBPyConnection, role: Role) -> Skills:
    demand = skill_demand(con, role.slug)
    top = tuple(share(s.skill_id, s.name, s.k, s.n) for s in demand.skills[:TOP])
    onet = onet_hot_comparison(con, role.slug)
    no_data = None if demand.n else f"No postings were classified as {role.name}."
    return Skills(
        n=demand.n,
        thin=demand.thin,
        top=top,
        source=f"{demand.n:,} {POSTINGS_SOURCE}; technical skills of skills.csv",
        hot=onet.hot[:TOP],
        hot_source=onet.source or onet.note,
        no_data=no_data,
    )


def salary_section(
    con: duckdb.DuckDBPyConnection, role: Role, bls: RoleOutlook | None, *, seed: int = 0
) -> Salary:
    us = salary_report(
        con, SalaryQuery(roles=(role.slug,), countries=("US",), by=("level",), seed=seed)
    )
    by_level = {str(g.key["level"]): g.stats for g in us.groups if "level" in g.key}
    levels = tuple(LevelSalary(lv, by_level.get(lv, Summary(n=0))) for lv in LEVELS)
    world = salary_report(con, SalaryQuery(roles=(role.slug,), by=("country",), seed=seed))
    names = countries()
    others = [g for g in world.groups if g.key.get("country") != "US" and g.stats.n > 0]
    others.sort(key=lambda g: (-g.stats.n, str(g.key["country"])))
    top = tuple(
        CountrySalary(str(g.key["country"]), names.get(str(g.key["country"]), ""), g.stats)
        for g in others[:TOP_COUNTRIES]
    )
    n = sum(lv.stats.n for lv in levels)
    return Salary(
        country="US",
        by_level=levels,
        n=n,
        countries=top,
        source=f"{SALARY_SOURCE}; {us.policy_note}; {us.ci_method}",
        measures=WHAT_AIJOBS_MEASURES,
        oews=_oews(bls),
        oews_measures=WHAT_OEWS_MEASURES,
        min_n=us.query.min_n,
        no_data=None if n else f"No aijobs.net survey rows map to {role.name} in the US.",
    )


def _oews(outlook: RoleOutlook | None) -> tuple[OccupationWages, ...]:
    if outlook is None:
        return ()
    out = []
    for occ in outlook.occupations:
        w = occ.national
        if w is None:
            continue
        out.append(
            OccupationWages(
                occ.soc,
                occ.title,
                w.tot_emp,
                w.a_pct10,
                w.a_pct25,
                w.a_median,
                w.a_pct75,
                w.a_pct90,
                w.top_coded,
                w.source,
            )
        )
    return tuple(out)


def bls_outlook(con: duckdb.DuckDBPyConnection, role: Role) -> RoleOutlook | None:
    """The BLS outlook of the role's occupations (None: no SOC link or no BLS tables)."""
    if not role.soc:
        return None
    try:
        return role_outlook(con, role.slug, top=1)
    except RoleAtlasError:
        return None


def outlook_section(role: Role, outlook: RoleOutlook | None) -> Outlook:
    if outlook is None:
        reason = (
            f"{role.name} is not linked to a BLS occupation."
            if not role.soc
            else "The atlas has no BLS projections: run `roleatlas build` with the BLS sources."
        )
        return Outlook((), "", reason)
    rows = tuple(
        ProjectionFigures(
            occ.soc,
            occ.title,
            p.period,
            p.pct_change,
            p.openings_k_per_year,
            p.emp_base_k,
            p.emp_target_k,
            p.source,
        )
        for occ in outlook.occupations
        for p in occ.projections
    )
    return Outlook(rows, outlook.caveat, None if rows else "BLS publishes no projection for it.")


def related_section(role: Role, salary: Salary) -> Related:
    medians = {lv.level: lv.stats for lv in salary.by_level}
    ladder = []
    for here, nxt in itertools.pairwise(LEVELS):
        stats = medians[nxt]
        ladder.append(Step(here, f"{nxt} {role.name}", role.slug, stats.median, stats.n))
    for slug in role.next_steps:
        ladder.append(Step(LEVELS[2], get_role(slug).name, slug, None, 0))
    return Related(
        related=tuple((s, get_role(s).name) for s in role.related),
        next_steps=tuple((s, get_role(s).name) for s in role.next_steps),
        ladder=tuple(ladder),
        source=(
            "Role Atlas taxonomy (related roles and next steps); the median of the next level "
            "is the aijobs.net US figure of the salary section"
        ),
    )


def attributions(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """Each loaded source's attribution line (title, licence, address)."""
    rows = con.execute(
        "SELECT title, licence, homepage, attribution FROM source_info ORDER BY source"
    ).fetchall()
    return tuple(f"{r[3]} ({r[1]}; {r[2]})" for r in rows)


__all__ = ["MIN_POSTINGS", "RoleProfile", "role_profile"]
