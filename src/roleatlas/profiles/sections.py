"""The sections of a role profile, each computed from the atlas with its source and sample size.

Every section says where its figures come from (``source``) and how many
observations are behind them (``n``); a section with nothing to show carries
``no_data``, the reason, instead of figures. Shares of postings come with 95%
Wilson intervals; a role with fewer than :data:`MIN_POSTINGS` counted postings
is ``thin`` and front-ends say so instead of ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from roleatlas.insights.stats import wilson_interval
from roleatlas.profiles.terms import content_terms
from roleatlas.skills.demand import MIN_POSTINGS, UNCLEAR
from roleatlas.taxonomy.roles import Role

if TYPE_CHECKING:
    import duckdb

POSTINGS_SOURCE = (
    "job postings in $ROLEATLAS_DATA_HOME/postings (repeats and unclear roles left out)"
)
ONET_SOURCE = "O*NET 29.3 Database (USDOL/ETA, CC BY 4.0)"
#: How many items a ranked list keeps.
TOP = 10


@dataclass(frozen=True)
class Share:
    """``k`` of ``n`` postings state something (a skill, degree, duty, industry), with a 95% interval."""

    id: str
    name: str
    k: int
    n: int
    share: float
    ci_low: float
    ci_high: float


def share(ident: str, name: str, k: int, n: int) -> Share:
    low, high = wilson_interval(k, n)
    return Share(ident, name, k, n, k / n, low, high)


@dataclass(frozen=True)
class Task:
    """An O*NET task statement and how much of the role's postings' wording it shares."""

    task: str
    task_type: str | None
    relevance: float | None  # None: no postings to rank by (O*NET's order kept)
    matched: tuple[str, ...]


@dataclass(frozen=True)
class Responsibilities:
    """O*NET tasks of the role's primary occupation ranked by relevance, and postings' duties."""

    onet_code: str | None
    onet_title: str | None
    tasks: tuple[Task, ...]
    tasks_total: int
    tasks_source: str
    relevance_method: str
    n: int
    thin: bool
    duties: tuple[Share, ...]
    duties_source: str
    no_data: str | None = None


def counted_postings(con: duckdb.DuckDBPyConnection, slug: str) -> int:
    """The role's counted postings (repeats left out)."""
    row = con.execute(
        "SELECT count(*) FROM posting_role WHERE duplicate_of IS NULL AND role = ?", [slug]
    ).fetchone()
    return int(row[0]) if row else 0


def responsibilities(con: duckdb.DuckDBPyConnection, role: Role) -> Responsibilities:
    """Tasks ranked by how many of the role's postings use their words, and the duties stated."""
    onet = role.soc[0].onet if role.soc else None
    title = _onet_title(con, onet)
    n_desc = _described(con, role.slug)
    tasks = _ranked_tasks(con, role.slug, onet, n_desc)
    total = len(tasks)
    n = counted_postings(con, role.slug)
    duties = _fact_shares(con, role.slug, "duty", n, _duty_names())
    no_data = None
    if onet is None:
        no_data = (
            f"{role.name} is not linked to an O*NET occupation, so there are no task statements."
        )
    return Responsibilities(
        onet_code=onet,
        onet_title=title,
        tasks=tuple(tasks[:TOP]),
        tasks_total=total,
        tasks_source=f"{ONET_SOURCE}, Task Statements of {onet} {title or ''}".strip(),
        relevance_method=(
            "relevance = the average share of the role's postings (n="
            f"{n_desc:,} with a description) that use each content word of the task"
            + (
                ""
                if n_desc >= MIN_POSTINGS
                else f"; too few postings to rank by (under {MIN_POSTINGS})"
            )
            if n_desc
            else "not ranked: no postings of this role to rank by (O*NET's order)"
        ),
        n=n,
        thin=n < MIN_POSTINGS,
        duties=duties[:TOP],
        duties_source=f"{n:,} {POSTINGS_SOURCE}; duties as listed in duties.csv",
        no_data=no_data,
    )


def _ranked_tasks(
    con: duckdb.DuckDBPyConnection, slug: str, onet: str | None, n_desc: int
) -> list[Task]:
    """The occupation's tasks by relevance to the role's postings (O*NET order when none)."""
    if onet is None:
        return []
    rows = con.execute(
        "SELECT task, task_type FROM onet_task WHERE onet_code = ? ORDER BY task_id", [onet]
    ).fetchall()
    if not n_desc:
        return [Task(str(text), task_type, None, ()) for text, task_type in rows]
    df = dict(con.execute("SELECT term, k FROM posting_term WHERE role = ?", [slug]).fetchall())
    tasks = []
    for text, task_type in rows:
        terms = sorted(content_terms(str(text)))
        if not terms:
            continue
        coverage = sum(df.get(t, 0) / n_desc for t in terms) / len(terms)
        matched = tuple(t for t in terms if df.get(t, 0) / n_desc >= 0.25)
        tasks.append(Task(str(text), task_type, coverage, matched))
    tasks.sort(key=lambda t: (-(t.relevance or 0.0), t.task))
    return tasks


@dataclass(frozen=True)
class Education:
    """O*NET's required-education distribution, BLS's typical entry level and postings' degrees."""

    onet_code: str | None
    onet_title: str | None
    fallback_note: str | None
    levels: tuple[tuple[str, float], ...]  # (category label, percent of respondents)
    onet_n: int | None
    onet_source: str
    bls_typical: tuple[tuple[str, str, str], ...]  # (SOC, title, typical entry education)
    bls_source: str
    n: int
    thin: bool
    degrees: tuple[Share, ...]
    degrees_source: str
    no_data: str | None = None


DEGREES = (("bachelor", "Bachelor's"), ("master", "Master's"), ("phd", "PhD / doctorate"))


def education(con: duckdb.DuckDBPyConnection, role: Role) -> Education:
    """Education for a role: O*NET ratings (with a named fallback), BLS, and postings' degrees."""
    onet = role.soc[0].onet if role.soc else None
    rated, note = _rated_occupation(con, onet)
    levels: tuple[tuple[str, float], ...] = ()
    onet_n = None
    if rated is not None:
        rows = con.execute(
            "SELECT category_label, data_value, n FROM onet_education WHERE onet_code = ? "
            "AND scale_id = 'RL' AND data_value > 0 ORDER BY category",
            [rated],
        ).fetchall()
        levels = tuple((_short_label(str(r[0])), float(r[1])) for r in rows)
        onet_n = int(rows[0][2]) if rows and rows[0][2] is not None else None
    typical = tuple(
        (str(soc), str(title), str(edu))
        for soc, title, edu in con.execute(
            "SELECT soc, title, typical_education FROM bls_projection WHERE period = '2024-34' "
            "AND list_contains(?, soc) ORDER BY soc",
            [sorted({link.soc for link in role.soc})],
        ).fetchall()
    )
    n = _described(con, role.slug)
    degrees = _fact_shares(con, role.slug, "degree", n, dict(DEGREES), keep_zero=True)
    return Education(
        onet_code=onet,
        onet_title=_onet_title(con, rated),
        fallback_note=note,
        levels=levels,
        onet_n=onet_n,
        onet_source=f"{ONET_SOURCE}, Education, Training, and Experience (Required Level of Education)",
        bls_typical=typical,
        bls_source="BLS Employment Projections 2024-34 (typical education needed for entry)",
        n=n,
        thin=n < MIN_POSTINGS,
        degrees=degrees,
        degrees_source=f"{n:,} {POSTINGS_SOURCE} with a description; a degree counts when mentioned",
        no_data=None if (levels or typical or n) else f"No education data for {role.name}.",
    )


def _rated_occupation(
    con: duckdb.DuckDBPyConnection, onet: str | None
) -> tuple[str | None, str | None]:
    """The occupation whose education ratings describe the role, and a note when it is a fallback."""
    if onet is None:
        return None, None
    if _has_education(con, onet):
        return onet, None
    related = con.execute(
        "SELECT related_code FROM onet_related_occupation WHERE onet_code = ? ORDER BY rank",
        [onet],
    ).fetchall()
    for (code,) in related:
        if _has_education(con, str(code)):
            return str(code), (
                f"O*NET 29.3 has no education ratings for {onet} {_onet_title(con, onet) or ''}; "
                f"shown: its most related rated occupation {code} {_onet_title(con, str(code))}."
            )
    return None, f"O*NET 29.3 has no education ratings for {onet} nor its related occupations."


def _has_education(con: duckdb.DuckDBPyConnection, onet: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM onet_education WHERE onet_code = ? AND scale_id = 'RL'", [onet]
    ).fetchone()
    return bool(row and row[0])


def _short_label(label: str) -> str:
    return label.split(" - ")[0].split(" (")[0].strip()


@dataclass(frozen=True)
class IndustryRow:
    """One OEWS national industry sector's employment of the occupation."""

    industry: str
    employment: int
    share: float
    a_median: int | None


@dataclass(frozen=True)
class Industries:
    """Industries in the role's postings and, for its occupation, in OEWS."""

    n: int
    thin: bool
    postings: tuple[Share, ...]
    postings_source: str
    oews_soc: str | None
    oews_title: str | None
    oews_total: int | None
    oews: tuple[IndustryRow, ...]
    oews_source: str
    no_data: str | None = None


def industries(con: duckdb.DuckDBPyConnection, role: Role) -> Industries:
    """Industry groups of the role's postings (those that state one) and OEWS sectors."""
    from roleatlas.taxonomy.industries import load_industries

    row = con.execute(
        "SELECT count(*) FROM posting_role p JOIN posting_info i USING (file, row) "
        "WHERE p.duplicate_of IS NULL AND p.role = ? AND i.sector <> ''",
        [role.slug],
    ).fetchone()
    n = int(row[0]) if row else 0
    names = {i.id: i.name for i in load_industries()}
    shares = _fact_shares(con, role.slug, "industry", n, names)
    soc = role.soc[0].soc if role.soc else None
    sectors, total, title = _oews_sectors(con, soc)
    return Industries(
        n=n,
        thin=n < MIN_POSTINGS,
        postings=shares[:TOP],
        postings_source=(
            f"{n:,} {POSTINGS_SOURCE} whose file states an industry (the arshkon sample does "
            "not); groups as in industries.csv, a posting can name several"
        ),
        oews_soc=soc,
        oews_title=title,
        oews_total=total,
        oews=sectors,
        oews_source="BLS OEWS May 2025, national, by industry sector (employment of the occupation)",
        no_data=None if (n or sectors) else f"No industry data for {role.name}.",
    )


def _oews_sectors(
    con: duckdb.DuckDBPyConnection, soc: str | None
) -> tuple[tuple[IndustryRow, ...], int | None, str | None]:
    if soc is None:
        return (), None, None
    total = con.execute(
        "SELECT tot_emp, occ_title FROM oews_wage WHERE area_type = 'N' AND industry_code = "
        "'000000' AND soc = ?",
        [soc],
    ).fetchone()
    if total is None or not total[0]:
        return (), None, None
    rows = con.execute(
        "SELECT industry_name, tot_emp, a_median FROM oews_wage WHERE area_type = 'N' "
        "AND soc = ? AND regexp_matches(industry_code, '^[0-9]{2}--[0-9]{2}$') "
        "AND tot_emp IS NOT NULL ORDER BY tot_emp DESC, industry_name LIMIT ?",
        [soc, 5],
    ).fetchall()
    out = tuple(
        IndustryRow(_sector_name(str(r[0])), int(r[1]), int(r[1]) / int(total[0]), r[2])
        for r in rows
    )
    return out, int(total[0]), str(total[1])


def _sector_name(name: str) -> str:
    """ "Sector 54 - Professional, Scientific, ..." -> "Professional, Scientific, ..."."""
    head, sep, tail = name.partition(" - ")
    return tail if sep and head.startswith("Sector") else name


# ------------------------------------------------------------------ helpers


def _described(con: duckdb.DuckDBPyConnection, slug: str) -> int:
    row = con.execute(
        "SELECT count(*) FROM posting_role p JOIN posting_info i USING (file, row) "
        "WHERE p.duplicate_of IS NULL AND p.role = ? AND i.has_description",
        [slug],
    ).fetchone()
    return int(row[0]) if row else 0


def _fact_shares(
    con: duckdb.DuckDBPyConnection,
    slug: str,
    kind: str,
    n: int,
    names: dict[str, str],
    *,
    keep_zero: bool = False,
) -> tuple[Share, ...]:
    """Shares of the role's counted postings stating each value of ``kind``, largest first."""
    if n == 0 or slug == UNCLEAR:
        return ()
    counts = dict(
        con.execute(
            "SELECT f.value, count(DISTINCT (f.file, f.row)) FROM posting_fact f "
            "JOIN posting_role p USING (file, row) WHERE p.duplicate_of IS NULL "
            "AND p.role = ? AND f.kind = ? GROUP BY 1",
            [slug, kind],
        ).fetchall()
    )
    ids = list(names) if keep_zero else [v for v in names if v in counts]
    out = [share(v, names[v], int(counts.get(v, 0)), n) for v in ids]
    if not keep_zero:
        out.sort(key=lambda s: (-s.k, s.name))
    return tuple(out)


def _duty_names() -> dict[str, str]:
    from roleatlas.skills.postings_text import load_duties

    return {d.id: d.name for d in load_duties()}


def _onet_title(con: duckdb.DuckDBPyConnection, onet: str | None) -> str | None:
    if onet is None:
        return None
    row = con.execute("SELECT title FROM onet_occupation WHERE onet_code = ?", [onet]).fetchone()
    return None if row is None else str(row[0])
