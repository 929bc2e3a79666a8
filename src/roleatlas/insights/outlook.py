"""A role's labour-market outlook from BLS: wages and employment (OEWS), projected growth.

A role is linked to one or more SOC occupations (:mod:`roleatlas.taxonomy.roles`);
BLS publishes figures for occupations, never for roles, and several roles share
an occupation (ai-engineer, nlp-engineer, research-scientist ... are all SOC
15-1221). Every answer says so, and every figure carries its source:

- wages and employment: BLS OEWS (May 2025), cross-industry, national or by area;
- growth, openings and typical entry education: BLS Employment Projections
  (2024-34, and 2022-32 for comparison). Projection employment is in thousands.

Top-coded wages (BLS publishes only "at or above $239,200 a year") have no value
and a ``*_top_coded`` flag; area rankings by wage put them first.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from roleatlas.errors import AtlasError, InputError
from roleatlas.taxonomy.roles import ROLES, Role, SocLink, get_role

if TYPE_CHECKING:
    import duckdb

OEWS_SOURCE = "BLS Occupational Employment and Wage Statistics (OEWS)"
PROJECTIONS_SOURCE = "BLS Employment Projections"
#: Cross-industry total (private, federal, state and local government) in OEWS.
ALL_INDUSTRIES = "000000"
#: Projections whose typical entry education the outlook reports.
EDUCATION_PERIOD = "2024-34"
REQUIRED_TABLES = ("oews_wage", "oews_area", "oews_footnote", "oews_meta", "bls_projection")
_WAGE_FIGURES = ("a_mean", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90")


@dataclass(frozen=True)
class NationalWages:
    """National, cross-industry employment and annual wages of one occupation (USD per year)."""

    source: str
    tot_emp: int | None
    emp_prse: float | None
    a_mean: int | None
    a_pct10: int | None
    a_pct25: int | None
    a_median: int | None
    a_pct75: int | None
    a_pct90: int | None
    #: Names of the wage figures BLS only gives as "at or above the top code".
    top_coded: tuple[str, ...]
    #: BLS's per-value footnotes (``column=code;...``), e.g. ``tot_emp=8`` not released.
    footnotes: str | None


@dataclass(frozen=True)
class Projection:
    """One BLS projections period for one occupation; ``*_k`` figures are thousands of jobs."""

    source: str
    period: str
    base_year: int
    target_year: int
    emp_base_k: float
    emp_target_k: float
    change_k: float
    pct_change: float
    openings_k_per_year: float
    median_wage: int | None
    wage_year: int
    wage_top_coded: bool
    typical_education: str | None
    work_experience: str | None
    training: str | None


@dataclass(frozen=True)
class AreaFigure:
    """One area's cross-industry figures for the occupation."""

    area_code: str
    area_name: str
    tot_emp: int | None
    a_median: int | None
    a_median_top_coded: bool
    loc_quotient: float | None


@dataclass(frozen=True)
class AreaRanking:
    """The top areas of one kind (states or metropolitan areas) by one figure."""

    source: str
    areas: str
    by: str
    rows: tuple[AreaFigure, ...]


@dataclass(frozen=True)
class OccupationOutlook:
    """Everything the outlook says about one SOC occupation linked to the role."""

    soc: str
    onet: str
    title: str | None
    link_note: str
    #: Other roles linked to the same SOC code (the figures are theirs too).
    shared_with: tuple[str, ...]
    national: NationalWages | None
    projections: tuple[Projection, ...]
    typical_education: str | None
    typical_education_source: str | None
    rankings: tuple[AreaRanking, ...]


@dataclass(frozen=True)
class RoleOutlook:
    """The outlook of a role: one :class:`OccupationOutlook` per linked SOC code."""

    role: str
    role_name: str
    top: int
    occupations: tuple[OccupationOutlook, ...]
    caveat: str
    #: The annual wage at which BLS top-codes (from the OEWS footnote), if stated.
    top_code_annual: int | None
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole outlook."""
        return asdict(self)


def role_outlook(con: duckdb.DuckDBPyConnection, role_slug: str, *, top: int = 5) -> RoleOutlook:
    """BLS wages, employment and projected growth for the occupations a role is linked to.

    Parameters
    ----------
    con
        An open atlas (:func:`roleatlas.store.connection.open_atlas`).
    role_slug
        A role slug such as ``"ml-engineer"`` (case-insensitive).
    top
        How many states and metropolitan areas to list per ranking.

    Returns
    -------
    RoleOutlook
        Figures per SOC code, each with its source, and the caveat that BLS
        figures describe the occupation, not the role.

    Raises
    ------
    UnknownNameError
        If ``role_slug`` is not a role (the message lists the valid ones).
    InputError
        If the role has no SOC occupation (``other``) or ``top`` is below 1.
    AtlasError
        If the atlas has no BLS tables: rebuild it with ``roleatlas build``.
    """
    role = get_role(role_slug)
    if top < 1:
        raise InputError(f"--top must be at least 1, not {top}.")
    links = _unique_links(role)
    if not links:
        linked = ", ".join(r.slug for r in ROLES if r.soc)
        raise InputError(
            f"The role {role.slug!r} is not linked to any BLS occupation, so there is no BLS "
            f"outlook for it. Pick a linked role: {linked}."
        )
    _require_tables(con)
    release = _meta(con, "release")
    oews = f"{OEWS_SOURCE}, {release}" if release else OEWS_SOURCE
    occupations = tuple(_occupation(con, role, link, oews, top) for link in links)
    return RoleOutlook(
        role=role.slug,
        role_name=role.name,
        top=top,
        occupations=occupations,
        caveat=_caveat(role, occupations),
        top_code_annual=_top_code(con),
        sources=(oews, *_projection_sources(con)),
    )


def _unique_links(role: Role) -> list[SocLink]:
    """The role's links, one per BLS SOC code (O*NET detail codes share their SOC)."""
    seen: dict[str, SocLink] = {}
    for link in role.soc:
        seen.setdefault(link.soc, link)
    return list(seen.values())


def _require_tables(con: duckdb.DuckDBPyConnection) -> None:
    present = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    missing = [t for t in REQUIRED_TABLES if t not in present]
    if missing:
        raise AtlasError(
            f"The atlas has no BLS tables ({', '.join(missing)}). Run `roleatlas build` with the "
            "bls-oews, bls-projections-2024 and bls-projections-2022 sources present "
            "(see `roleatlas data status`)."
        )


def _meta(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute("SELECT value FROM oews_meta WHERE name = ?", [name]).fetchone()
    return None if row is None else str(row[0])


def _top_code(con: duckdb.DuckDBPyConnection) -> int | None:
    """The annual top code stated in the OEWS footnote ("... or $239,200 per year")."""
    for (text,) in con.execute("SELECT text FROM oews_footnote ORDER BY code").fetchall():
        match = re.search(r"\$([\d,]+) per year", str(text))
        if match and "greater than" in str(text):
            return int(match.group(1).replace(",", ""))
    return None


def _projection_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    periods = con.execute("SELECT DISTINCT period FROM bls_projection ORDER BY period DESC")
    return [f"{PROJECTIONS_SOURCE} {p}" for (p,) in periods.fetchall()]


def _occupation(
    con: duckdb.DuckDBPyConnection, role: Role, link: SocLink, oews: str, top: int
) -> OccupationOutlook:
    national, title = _national(con, link.soc, oews)
    projections = _projections(con, link.soc)
    education = next((p for p in projections if p.period == EDUCATION_PERIOD), None)
    if title is None and projections:
        title = projections[0].title
    return OccupationOutlook(
        soc=link.soc,
        onet=link.onet,
        title=title,
        link_note=link.note,
        shared_with=tuple(
            r.slug for r in ROLES if r.slug != role.slug and any(s.soc == link.soc for s in r.soc)
        ),
        national=national,
        projections=tuple(p.projection for p in projections),
        typical_education=education.projection.typical_education if education else None,
        typical_education_source=education.projection.source if education else None,
        rankings=_rankings(con, link.soc, oews, top),
    )


def _national(
    con: duckdb.DuckDBPyConnection, soc: str, oews: str
) -> tuple[NationalWages | None, str | None]:
    flags = ", ".join(f"{w}_top_coded" for w in _WAGE_FIGURES)
    row = con.execute(
        f"SELECT occ_title, tot_emp, emp_prse, {', '.join(_WAGE_FIGURES)}, footnotes, {flags} "
        "FROM oews_wage WHERE area_type = 'N' AND industry_code = ? AND soc = ?",
        [ALL_INDUSTRIES, soc],
    ).fetchone()
    if row is None:
        return None, None
    wages: dict[str, Any] = dict(zip(_WAGE_FIGURES, row[3:9], strict=True))
    national = NationalWages(
        source=f"{oews}, national, all industries",
        tot_emp=row[1],
        emp_prse=row[2],
        **wages,
        top_coded=tuple(w for w, flag in zip(_WAGE_FIGURES, row[10:], strict=True) if flag),
        footnotes=row[9],
    )
    return national, row[0]


@dataclass(frozen=True)
class _TitledProjection:
    title: str
    projection: Projection

    @property
    def period(self) -> str:
        return self.projection.period


def _projections(con: duckdb.DuckDBPyConnection, soc: str) -> list[_TitledProjection]:
    rows = con.execute(
        "SELECT title, period, base_year, target_year, emp_base_k, emp_target_k, change_k, "
        "pct_change, openings_k_per_year, median_wage, wage_year, wage_top_coded, "
        "typical_education, work_experience, training "
        "FROM bls_projection WHERE soc = ? ORDER BY period DESC",
        [soc],
    ).fetchall()
    return [
        _TitledProjection(r[0], Projection(f"{PROJECTIONS_SOURCE} {r[1]}", *r[1:])) for r in rows
    ]


_RANKINGS = (
    ("S", "states", "a_median"),
    ("S", "states", "tot_emp"),
    ("M", "metropolitan areas", "a_median"),
    ("M", "metropolitan areas", "tot_emp"),
)
_ORDER = {
    # Top-coded medians are at or above the top code, so above every published one.
    "a_median": "(w.a_median IS NOT NULL OR w.a_median_top_coded) "
    "ORDER BY w.a_median_top_coded DESC, w.a_median DESC, w.area_name",
    "tot_emp": "w.tot_emp IS NOT NULL ORDER BY w.tot_emp DESC, w.area_name",
}


def _rankings(
    con: duckdb.DuckDBPyConnection, soc: str, oews: str, top: int
) -> tuple[AreaRanking, ...]:
    """Top states and metropolitan areas by median annual wage and by employment."""
    rankings = []
    for area_type, areas, by in _RANKINGS:
        rows = con.execute(
            "SELECT w.area_code, w.area_name, w.tot_emp, w.a_median, w.a_median_top_coded, "
            "w.loc_quotient FROM oews_wage w JOIN oews_area a USING (area_code) "
            "WHERE w.soc = ? AND w.industry_code = ? AND w.area_type = ? "
            f"AND NOT a.nonmetropolitan AND {_ORDER[by]} LIMIT ?",
            [soc, ALL_INDUSTRIES, area_type, top],
        ).fetchall()
        rankings.append(
            AreaRanking(
                f"{oews}, all industries",
                areas,
                by,
                tuple(AreaFigure(*r) for r in rows),
            )
        )
    return tuple(rankings)


def _caveat(role: Role, occupations: tuple[OccupationOutlook, ...]) -> str:
    codes = ", ".join(f"{o.soc} {o.title or ''}".strip() for o in occupations)
    text = (
        f"BLS figures are for the occupation ({codes}), not for the role {role.name!r}: "
        "BLS does not publish AI/ML roles separately."
    )
    for o in occupations:
        if not o.onet.endswith(".00"):
            detail = o.link_note or "a detail occupation"
            text += f" O*NET {o.onet} ({detail}) is part of SOC {o.soc}; BLS covers all of it."
    shared = sorted({s for o in occupations for s in o.shared_with})
    if shared:
        text += f" The same figures apply to the roles: {', '.join(shared)}."
    return text
