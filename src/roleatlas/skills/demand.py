"""Market demand for skills per role, from the job postings in the atlas.

What is counted
---------------
The unit is a posting: a posting mentions a skill or not (``posting_skill``),
however often it names it. A role's postings are those whose ``posting_role``
role is that role, leaving out repeats (``duplicate_of`` set: the same
description as an earlier posting) and postings the classifier found
``unclear``. ``n`` is that number of postings, ``k`` the number of them that
mention a skill. Tables are written by :mod:`roleatlas.skills.atlas`.

Figures
-------
- **Share** ``k / n`` with a 95% Wilson score interval (:func:`wilson_interval`;
  it stays inside 0..1 and is honest for small ``n`` and shares near 0 or 1).
- **Distinctive skills**: the log-odds ratio with an informative Dirichlet
  prior of Monroe, Colaresi & Quinn (2008), "Fightin' Words", on posting
  counts (:func:`log_odds_ratio`). The prior gives each skill ``a`` =
  :data:`ALPHA0` x its share of all counted postings (Laplace-smoothed, so
  never 0 or 1) pseudo-postings that mention it and ``ALPHA0 - a`` that do not.
  :data:`ALPHA0` = 10 pseudo-postings keeps a skill that one side never
  mentions at a finite log-odds, and weighs a third as much as the smallest
  group we rank (:data:`MIN_POSTINGS`), so the postings dominate.
  Monroe et al.'s variance keeps only ``1/(k + a)`` per group, because a word
  is rare among a text's words; a skill is not rare among postings (Python is
  in most), so the variance here keeps the non-mention term as well:
  ``1/(k_i + a) + 1/(n_i - k_i + b) + 1/(k_j + a) + 1/(n_j - k_j + b)``.
  ``z = delta / se``; skills named in fewer than :data:`MIN_SKILL_POSTINGS`
  postings of the two groups together are not listed.
- **Co-occurrence**: pairs of technical skills in the same posting, with the
  count and the lift ``count * n / (k_a * k_b)`` (1 = as often as chance).
- **O*NET hot technologies** of the role's SOC occupations (``role_soc``,
  rank 1 first) mapped to our skills through ``skill_onet``, each with the
  role's posting share.

Below :data:`MIN_POSTINGS` postings a result is marked ``thin``: the figures
are returned, and front-ends say there are too few postings to rank skills.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from roleatlas.errors import AtlasError, InputError
from roleatlas.insights.stats import Z95, wilson_interval
from roleatlas.taxonomy.roles import get_role
from roleatlas.taxonomy.skills import TECHNICAL, TYPES

if TYPE_CHECKING:
    import duckdb

#: Fewer postings than this make a role's figures ``thin`` (not ranked by front-ends).
MIN_POSTINGS = 30
#: A skill needs this many postings (both groups together) to be listed as distinctive.
MIN_SKILL_POSTINGS = 5
#: Strength of the informative Dirichlet prior, in pseudo-postings (see the module docstring).
ALPHA0 = 10.0
#: What the classifier answers when no role is clear (left out of every figure).
UNCLEAR = "unclear"
REQUIRED_TABLES = ("posting_role", "posting_skill", "skill")
TOP = 15


def log_odds_ratio(
    k_i: int, n_i: int, k_j: int, n_j: int, *, prior_share: float, alpha0: float = ALPHA0
) -> tuple[float, float]:
    """Log-odds ratio of mentioning a skill in group i versus j, and its standard error.

    The informative Dirichlet prior adds ``a = alpha0 * prior_share`` mentions and
    ``alpha0 - a`` non-mentions to each group (module docstring).
    """
    if not 0 < prior_share < 1:
        raise ValueError(f"prior_share must be strictly between 0 and 1, not {prior_share}")
    a = alpha0 * prior_share
    b = alpha0 - a
    delta = math.log((k_i + a) / (n_i - k_i + b)) - math.log((k_j + a) / (n_j - k_j + b))
    var = 1 / (k_i + a) + 1 / (n_i - k_i + b) + 1 / (k_j + a) + 1 / (n_j - k_j + b)
    return delta, math.sqrt(var)


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class Corpus:
    """The postings behind every figure, and who gave them their roles."""

    postings: int
    repeats: int
    unclear: int
    counted: int
    files: tuple[str, ...]
    roles_by: str

    @property
    def source(self) -> str:
        return (
            f"{self.counted:,} job postings in $ROLEATLAS_DATA_HOME/postings "
            f"({len(self.files)} file{'s' if len(self.files) != 1 else ''}, {self.postings:,} rows: {self.repeats:,} repeats and "
            f"{self.unclear:,} of unclear role left out), roles by {self.roles_by}"
        )


@dataclass(frozen=True)
class SkillShare:
    """How many of a role's ``n`` postings mention a skill (``k``), with a 95% Wilson interval."""

    skill_id: str
    name: str
    type: str
    k: int
    n: int
    share: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class SkillDemand:
    role: str
    n: int
    thin: bool
    skills: tuple[SkillShare, ...]


@dataclass(frozen=True)
class Distinctive:
    """One skill's log-odds ratio between the role (``k``/``n``) and the others."""

    skill_id: str
    name: str
    type: str
    k: int
    n: int
    share: float
    k_other: int
    n_other: int
    share_other: float
    delta: float
    se: float
    z: float

    @property
    def ci(self) -> tuple[float, float]:
        """The 95% interval ``delta ± 1.96 se``."""
        return self.delta - Z95 * self.se, self.delta + Z95 * self.se

    @property
    def favours(self) -> str | None:
        """``role`` or ``other`` when the 95% interval excludes 0, else None (no clear side)."""
        low, high = self.ci
        return "role" if low > 0 else "other" if high < 0 else None


@dataclass(frozen=True)
class DistinctiveSkills:
    role: str
    versus: str | None  # None: every other posting with a role
    n: int
    n_other: int
    thin: bool
    alpha0: float
    min_count: int
    skills: tuple[Distinctive, ...]  # by z, the role's most distinctive first


@dataclass(frozen=True)
class Pair:
    a: str
    a_name: str
    b: str
    b_name: str
    count: int
    k_a: int
    k_b: int
    n: int
    lift: float


@dataclass(frozen=True)
class Cooccurrence:
    role: str
    n: int
    thin: bool
    pairs: tuple[Pair, ...]


@dataclass(frozen=True)
class OnetCode:
    onet: str
    title: str | None
    rank: int
    note: str


@dataclass(frozen=True)
class HotTechnology:
    """An O*NET hot technology of the role's occupations that is one of our skills."""

    skill_id: str
    name: str
    examples: tuple[str, ...]
    onet_codes: tuple[str, ...]
    in_demand: bool
    k: int
    n: int
    share: float | None  # None: not in the role's postings


@dataclass(frozen=True)
class NotHot:
    """One of the role's top skills that O*NET does not list as hot for its occupations."""

    skill_id: str
    name: str
    k: int
    n: int
    share: float
    onet_listed: bool  # O*NET lists it for those occupations, without the hot flag


@dataclass(frozen=True)
class OnetComparison:
    role: str
    n: int
    thin: bool
    codes: tuple[OnetCode, ...]
    hot: tuple[HotTechnology, ...]
    unmapped: tuple[str, ...]  # hot technologies that are not in our taxonomy
    not_hot: tuple[NotHot, ...]
    source: str  # O*NET's title and attribution, as the atlas records them
    note: str = ""


@dataclass(frozen=True)
class SkillsReport:
    """Everything ``roleatlas skills`` shows for a role."""

    role: str
    role_name: str
    versus: str | None
    technical_only: bool
    corpus: Corpus
    demand: SkillDemand
    distinctive: DistinctiveSkills
    cooccurrence: Cooccurrence
    onet: OnetComparison

    def notes(self) -> list[str]:
        """The too-few-postings messages that replace rankings (empty when none is thin)."""
        sizes = {self.role: self.demand.n}
        if self.versus is not None:
            sizes[self.versus] = self.distinctive.n_other
        return [thin_message(r, n) for r, n in sizes.items() if n < MIN_POSTINGS]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole report."""
        out = asdict(self)
        out["source"] = self.corpus.source
        out["min_postings"] = MIN_POSTINGS
        out["notes"] = self.notes()
        for d, item in zip(out["distinctive"]["skills"], self.distinctive.skills, strict=True):
            d["ci_low"], d["ci_high"] = item.ci
            d["favours"] = {"role": self.role, "other": self.versus or "others"}.get(
                item.favours or ""
            )
        return out


def thin_message(role: str, n: int) -> str:
    """What front-ends say instead of a ranking when a role has too few postings."""
    return f"{role}: too few postings (n={n}) to rank skills (at least {MIN_POSTINGS} are needed)."


# ------------------------------------------------------------------ queries


def skills_report(
    con: duckdb.DuckDBPyConnection,
    role: str,
    *,
    versus: str | None = None,
    top: int = TOP,
    technical_only: bool = True,
) -> SkillsReport:
    """Demand, distinctive skills, co-occurrence and the O*NET comparison for one role.

    Parameters
    ----------
    con
        An open atlas (:func:`roleatlas.store.connection.open_atlas`).
    role
        A role slug (unknown slugs raise :class:`~roleatlas.errors.UnknownNameError`).
    versus
        Another role to compare with (default: every other posting with a role).
    top
        How many co-occurring pairs and top skills (for the O*NET comparison) to keep.
    technical_only
        Concrete technical skills only (no concepts or soft skills).
    """
    slug = get_role(role).slug
    corpus = corpus_info(con)
    return SkillsReport(
        role=slug,
        role_name=get_role(slug).name,
        versus=None if versus is None else get_role(versus).slug,
        technical_only=technical_only,
        corpus=corpus,
        demand=skill_demand(con, slug, technical_only=technical_only),
        distinctive=distinctive_skills(con, slug, versus, technical_only=technical_only),
        cooccurrence=cooccurrence(con, slug, top=top),
        onet=onet_hot_comparison(con, slug, top=top, technical_only=technical_only),
    )


def corpus_info(con: duckdb.DuckDBPyConnection) -> Corpus:
    """How many postings the atlas holds, how many count, and what gave them their roles."""
    require_postings(con)
    total, repeats, unclear, counted = _one(
        con,
        "SELECT count(*), count(duplicate_of), "
        "count(*) FILTER (WHERE duplicate_of IS NULL AND role = ?), "
        "count(*) FILTER (WHERE duplicate_of IS NULL AND role <> ?) FROM posting_role",
        [UNCLEAR, UNCLEAR],
    )
    files = tuple(
        r[0] for r in con.execute("SELECT DISTINCT file FROM posting_role ORDER BY 1").fetchall()
    )
    sources = [
        r[0]
        for r in con.execute("SELECT DISTINCT role_source FROM posting_role ORDER BY 1").fetchall()
    ]
    roles_by = ", ".join(
        "title rules (no trained role model)"
        if s == "rules"
        else f"role classifier {s.removeprefix('model:')}"
        for s in sources
    )
    return Corpus(total, repeats, unclear, counted, files, roles_by or "nothing")


def require_postings(con: duckdb.DuckDBPyConnection) -> None:
    """Raise :class:`AtlasError`, saying how to fix it, unless the atlas holds the posting tables."""
    present = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if not all(t in present for t in REQUIRED_TABLES):
        raise AtlasError(
            "The atlas has no job postings (tables posting_role and posting_skill), so it has no "
            "skill demand. Put the postings source in $ROLEATLAS_DATA_HOME/postings (see "
            "`roleatlas data status`) and run `roleatlas build` again."
        )


def skill_demand(
    con: duckdb.DuckDBPyConnection, role: str, *, technical_only: bool = True
) -> SkillDemand:
    """Each skill's share of the role's postings, ``k / n``, with a 95% Wilson interval.

    Sorted by share (then name); only skills mentioned at least once are listed.
    ``thin`` when the role has fewer than :data:`MIN_POSTINGS` postings.
    """
    slug = _role(con, role)
    n, counts = _tally(con, _ROLE, [slug], _types(technical_only))
    names = _skill_names(con)
    skills = sorted(
        (_share(sid, names[sid], k, n) for sid, k in counts.items()),
        key=lambda s: (-s.share, s.name.casefold()),
    )
    return SkillDemand(slug, n, n < MIN_POSTINGS, tuple(skills))


def distinctive_skills(
    con: duckdb.DuckDBPyConnection,
    role: str,
    versus: str | None = None,
    *,
    technical_only: bool = True,
    alpha0: float = ALPHA0,
    min_count: int = MIN_SKILL_POSTINGS,
) -> DistinctiveSkills:
    """Skills that separate the role from ``versus`` (or from every other posting), by z-score.

    Returns each skill's log-odds ratio ``delta`` (positive: more typical of
    ``role``), its standard error, ``z`` and both shares with ``k`` and ``n``
    (module docstring). Sorted by z, the role's most distinctive first.
    """
    slug = _role(con, role)
    other = None if versus is None else _role(con, versus)
    if other == slug:
        raise InputError(f"Compare {slug} with another role, not with itself (--vs).")
    types = _types(technical_only)
    n, k_role = _tally(con, _ROLE, [slug], types)
    if other is None:
        n_other, k_other = _tally(con, _REST, [slug, UNCLEAR], types)
    else:
        n_other, k_other = _tally(con, _ROLE, [other], types)
    total, k_all = _tally(con, _COUNTED, [UNCLEAR], types)
    names = _skill_names(con)
    rows = []
    for sid in sorted(set(k_role) | set(k_other)):
        ki, kj = k_role.get(sid, 0), k_other.get(sid, 0)
        if ki + kj < min_count or not n or not n_other:
            continue
        prior = (k_all.get(sid, 0) + 1) / (total + 2)
        delta, se = log_odds_ratio(ki, n, kj, n_other, prior_share=prior, alpha0=alpha0)
        name, kind = names[sid]
        rows.append(
            Distinctive(
                sid, name, kind, ki, n, ki / n, kj, n_other, kj / n_other, delta, se, delta / se
            )
        )
    rows.sort(key=lambda d: (-d.z, d.name.casefold()))
    thin = min(n, n_other) < MIN_POSTINGS
    return DistinctiveSkills(slug, other, n, n_other, thin, alpha0, min_count, tuple(rows))


def cooccurrence(con: duckdb.DuckDBPyConnection, role: str, top: int = TOP) -> Cooccurrence:
    """The pairs of technical skills most often named in the same posting of the role.

    Each pair has its count, both skills' counts and the lift ``count * n / (k_a * k_b)``.
    Sorted by count, then lift.
    """
    slug = _role(con, role)
    types = _types(True)
    n, counts = _tally(con, _ROLE, [slug], types)
    found = con.execute(
        f"WITH ps AS ({_SKILLS_OF} WHERE {_ROLE} AND list_contains(?, k.type)) "
        "SELECT a.skill_id, b.skill_id, count(*) AS c FROM ps a JOIN ps b "
        'ON a.file = b.file AND a."row" = b."row" AND a.skill_id < b.skill_id '
        "GROUP BY 1, 2",
        [slug, types],
    ).fetchall()
    names = _skill_names(con)
    pairs = [
        Pair(
            a,
            names[a][0],
            b,
            names[b][0],
            c,
            counts[a],
            counts[b],
            n,
            c * n / (counts[a] * counts[b]),
        )
        for a, b, c in found
    ]
    pairs.sort(key=lambda p: (-p.count, -p.lift, p.a, p.b))
    return Cooccurrence(slug, n, n < MIN_POSTINGS, tuple(pairs[:top]))


def onet_hot_comparison(
    con: duckdb.DuckDBPyConnection, role: str, *, top: int = TOP, technical_only: bool = True
) -> OnetComparison:
    """O*NET's hot technologies for the role's occupations next to the role's posting shares.

    ``hot``: each hot technology that is one of our skills, with the share of the
    role's postings naming it (None: not in its postings), ordered by the rank of
    its occupation, then by share. ``unmapped``: hot technologies outside our
    taxonomy. ``not_hot``: the role's ``top`` skills by share that O*NET does not
    list as hot for those occupations.
    """
    slug = _role(con, role)
    codes = _codes(con, slug)
    n, counts = _tally(con, _ROLE, [slug], list(TYPES))
    if not _has_table(con, "skill_onet"):
        note = (
            "The atlas has no O*NET technology skills: run `roleatlas build` with the onet source."
        )
        return OnetComparison(slug, n, n < MIN_POSTINGS, codes, (), (), (), "", note)
    onets = [c.onet for c in codes]
    hot, listed = _hot(con, onets, counts, n)
    unmapped = con.execute(
        "SELECT DISTINCT example FROM onet_technology_skill WHERE list_contains(?, onet_code) "
        "AND hot_technology AND example NOT IN (SELECT example FROM skill_onet) ORDER BY 1",
        [onets],
    ).fetchall()
    hot_ids = {h.skill_id for h in hot}
    demand = skill_demand(con, slug, technical_only=technical_only).skills
    not_hot = tuple(
        NotHot(s.skill_id, s.name, s.k, s.n, s.share, s.skill_id in listed)
        for s in demand[:top]
        if s.skill_id not in hot_ids
    )
    unmapped_names = tuple(str(r[0]) for r in unmapped)
    return OnetComparison(
        slug, n, n < MIN_POSTINGS, codes, hot, unmapped_names, not_hot, _onet_source(con)
    )


# ------------------------------------------------------------------ helpers

#: Counted postings of one role (parameter: the role).
_ROLE = "p.duplicate_of IS NULL AND p.role = ?"
#: Counted postings of any other role (parameters: the role, and unclear).
_REST = "p.duplicate_of IS NULL AND p.role <> ? AND p.role <> ?"
#: Every counted posting (parameter: unclear).
_COUNTED = "p.duplicate_of IS NULL AND p.role <> ?"
_SKILLS_OF = (
    'SELECT s.file, s."row", s.skill_id FROM posting_role p '
    'JOIN posting_skill s ON s.file = p.file AND s."row" = p."row" '
    "JOIN skill k ON k.id = s.skill_id"
)


def _tally(
    con: duckdb.DuckDBPyConnection, where: str, params: list[object], types: list[str]
) -> tuple[int, dict[str, int]]:
    """Postings matching ``where`` (n) and how many of them mention each skill of ``types``."""
    (n,) = _one(con, f"SELECT count(*) FROM posting_role p WHERE {where}", params)
    rows = con.execute(
        f"SELECT skill_id, count(*) FROM ({_SKILLS_OF} WHERE {where} "
        "AND list_contains(?, k.type)) GROUP BY 1",
        [*params, types],
    ).fetchall()
    return int(n), {str(sid): int(k) for sid, k in rows}


def _hot(
    con: duckdb.DuckDBPyConnection, onets: list[str], counts: dict[str, int], n: int
) -> tuple[tuple[HotTechnology, ...], set[str]]:
    """The hot technologies among our skills (see :func:`onet_hot_comparison`), and every listed skill."""
    rows = con.execute(
        "SELECT so.skill_id, k.name, so.onet_code, so.example, so.hot_technology, so.in_demand "
        "FROM skill_onet so JOIN skill k ON k.id = so.skill_id "
        "WHERE list_contains(?, so.onet_code) ORDER BY so.skill_id, so.onet_code, so.example",
        [onets],
    ).fetchall()
    listed = {str(r[0]) for r in rows}
    found: dict[str, tuple[str, list[str], list[str], list[bool]]] = {}
    for sid, name, code, example, is_hot, in_demand in rows:
        if is_hot:
            _, codes, examples, demand = found.setdefault(sid, (name, [], [], []))
            codes.append(code)
            examples.append(example)
            demand.append(bool(in_demand))
    hot = []
    for sid, (name, codes, examples, demand) in found.items():
        k = counts.get(sid, 0)
        hot.append(
            HotTechnology(
                sid,
                name,
                tuple(dict.fromkeys(examples)),
                tuple(sorted(set(codes), key=onets.index)),
                any(demand),
                k,
                n,
                k / n if k and n else None,
            )
        )
    hot.sort(key=lambda h: (onets.index(h.onet_codes[0]), -h.k, h.name.casefold()))
    return tuple(hot), listed


def _onet_source(con: duckdb.DuckDBPyConnection) -> str:
    if not _has_table(con, "source_info"):
        return "O*NET Technology Skills"
    row = con.execute("SELECT title, attribution FROM source_info WHERE source = 'onet'").fetchone()
    return "O*NET Technology Skills" if row is None else f"{row[0]} Technology Skills; {row[1]}"


def _codes(con: duckdb.DuckDBPyConnection, slug: str) -> tuple[OnetCode, ...]:
    title = (
        "(SELECT o.title FROM onet_occupation o WHERE o.onet_code = rs.onet)"
        if _has_table(con, "onet_occupation")
        else "NULL"
    )
    rows = con.execute(
        f"SELECT rs.onet, {title}, rs.rank, rs.note FROM role_soc rs WHERE rs.slug = ? "
        "ORDER BY rs.rank",
        [slug],
    ).fetchall()
    return tuple(OnetCode(str(o), t, int(r), str(note or "")) for o, t, r, note in rows)


def _share(sid: str, name_type: tuple[str, str], k: int, n: int) -> SkillShare:
    low, high = wilson_interval(k, n)
    return SkillShare(sid, name_type[0], name_type[1], k, n, k / n, low, high)


def _skill_names(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    return {
        str(i): (str(nm), str(t))
        for i, nm, t in con.execute("SELECT id, name, type FROM skill").fetchall()
    }


def _types(technical_only: bool) -> list[str]:
    return sorted(TECHNICAL) if technical_only else list(TYPES)


def _role(con: duckdb.DuckDBPyConnection, role: str) -> str:
    """The role's slug (unknown -> UnknownNameError), once the atlas is known to hold postings."""
    slug = get_role(role).slug
    require_postings(con)
    return slug


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        _one(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name])[0]
    )


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> tuple[Any, ...]:
    row = con.execute(sql, params).fetchone()
    assert row is not None  # aggregate queries always return a row
    return tuple(row)
