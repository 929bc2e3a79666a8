"""The articles' factual claims (``data/claims.toml``) and their verdicts, computed from the atlas.

Each claim names its article, the sentence it comes from, a ``test`` (one of
:data:`TESTS`) with ``params``, and in words ``how`` it is judged. Running the
test on an open atlas gives a verdict (:class:`Verdict`), a one-line evidence
text with the numbers and their n, and the figures as a dict. Nothing about a
verdict is typed into the data file.
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from roleatlas.errors import DataError
from roleatlas.insights.salaries import Policy
from roleatlas.insights.stats import MIN_N, percentile, summarise
from roleatlas.profiles import sections
from roleatlas.profiles.compare import ALL_LEVELS, money, salary_differences, us_salaries
from roleatlas.profiles.sections import education
from roleatlas.skills.demand import MIN_POSTINGS, distinctive_skills, skill_demand
from roleatlas.store.salaries import fetch_groups
from roleatlas.taxonomy.codes import countries as country_names
from roleatlas.taxonomy.industries import get_industry
from roleatlas.taxonomy.roles import get_role
from roleatlas.taxonomy.skills import get_skill

if TYPE_CHECKING:
    import duckdb


class Verdict(enum.StrEnum):
    supported = "supported"
    partly = "partly supported"
    contradicted = "contradicted"
    not_testable = "not testable"


@dataclass(frozen=True)
class Claim:
    id: str
    article: str
    sentence: str
    topic: str
    roles: tuple[str, ...]
    test: str
    params: dict[str, Any]
    how: str


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    verdict: Verdict
    evidence: str
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimsReport:
    results: tuple[ClaimResult, ...]

    def counts(self) -> dict[str, int]:
        return {v.value: sum(r.verdict == v for r in self.results) for v in Verdict}

    def to_dict(self) -> dict[str, Any]:
        return {"claims": [asdict(r) for r in self.results], "counts": self.counts()}


def load_claims(text: str | None = None) -> tuple[Claim, ...]:
    """The claims of ``data/claims.toml`` (or of ``text``), validated against :data:`TESTS`."""
    if text is None:
        text = resources.files("roleatlas.profiles").joinpath("data/claims.toml").read_text("utf-8")
    try:
        raw = tomllib.loads(text)["claim"]
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise DataError(f"claims.toml is not a list of [[claim]] tables: {exc}") from exc
    out = []
    for i, d in enumerate(raw, start=1):
        try:
            claim = Claim(
                d["id"],
                d["article"],
                d["sentence"],
                d["topic"],
                tuple(d["roles"]),
                d["test"],
                dict(d["params"]),
                d["how"],
            )
        except KeyError as exc:
            raise DataError(f"claims.toml claim {i}: missing field {exc}.") from exc
        if claim.test not in TESTS:
            raise DataError(
                f"claims.toml claim {claim.id}: unknown test {claim.test!r}; known: {', '.join(TESTS)}."
            )
        for r in claim.roles:
            get_role(r)
        out.append(claim)
    ids = [c.id for c in out]
    if len(set(ids)) != len(ids):
        raise DataError("claims.toml: claim ids must be unique.")
    return tuple(out)


def check_claims(
    con: duckdb.DuckDBPyConnection, claims: tuple[Claim, ...] | None = None
) -> ClaimsReport:
    """Every claim's verdict, computed now from the atlas."""
    return ClaimsReport(tuple(check_claim(con, c) for c in (claims or load_claims())))


def check_claim(con: duckdb.DuckDBPyConnection, claim: Claim) -> ClaimResult:
    verdict, evidence, figures = TESTS[claim.test](con, **claim.params)
    return ClaimResult(claim, verdict, evidence, figures)


Outcome = tuple[Verdict, str, dict[str, Any]]


# ------------------------------------------------------------------ tests


def pays_more(con: duckdb.DuckDBPyConnection, *, higher: str, lower: str) -> Outcome:
    rows = {d.level: d.difference for d in salary_differences(con, higher, lower)}
    pooled = rows[ALL_LEVELS]
    figures = {lv: (None if d is None else asdict(d)) for lv, d in rows.items()}
    if pooled is None:
        return (
            Verdict.not_testable,
            f"Too few US postings (at least {MIN_N} per role needed).",
            figures,
        )
    levels = [d for lv, d in rows.items() if lv != ALL_LEVELS and d is not None]
    for_claim = sum(d.ci_low > 0 for d in levels)
    against = sum(d.ci_high < 0 for d in levels)
    parts = [
        f"{lv}: {money(d.difference, sign=True)} [{money(d.ci_low, sign=True)}, {money(d.ci_high, sign=True)}], n={d.n_a:,} vs {d.n_b:,}"
        for lv, d in rows.items()
        if d is not None
    ]
    evidence = f"{get_role(higher).name} minus {get_role(lower).name}, US medians: " + "; ".join(
        parts
    )
    if pooled.ci_high < 0 or against > len(levels) / 2:
        verdict = Verdict.contradicted
    elif pooled.ci_low > 0 and against == 0:
        verdict = Verdict.supported
    elif pooled.ci_low > 0 or for_claim:
        verdict = Verdict.partly
    else:
        verdict = Verdict.not_testable
        evidence += " (no clear difference either way: the data cannot tell which pays more)"
    return verdict, evidence, figures


def salary_range(con: duckdb.DuckDBPyConnection, *, role: str, low: float, high: float) -> Outcome:
    values = us_salaries(con, (role,)).get((role, ALL_LEVELS), [])
    s = summarise(values)
    figures = asdict(s)
    if s.median is None or s.median_ci_low is None or s.median_ci_high is None:
        return Verdict.not_testable, f"Too few US postings for {role} (n={s.n}).", figures
    evidence = (
        f"{get_role(role).name}, US, all levels: median {money(s.median)} [{money(s.median_ci_low)}, "
        f"{money(s.median_ci_high)}], p25–p75 {money(s.p25 or 0)}–{money(s.p75 or 0)}, n={s.n:,}; "
        f"claimed {money(low)}–{money(high)}"
    )
    if low <= s.median_ci_low and s.median_ci_high <= high:
        return Verdict.supported, evidence, figures
    if s.median_ci_high < low or s.median_ci_low > high:
        return Verdict.contradicted, evidence, figures
    return Verdict.partly, evidence, figures


def top_industries(
    con: duckdb.DuckDBPyConnection, *, role: str, industries: list[str], top: int = 3
) -> Outcome:
    section = sections.industries(con, get_role(role))
    ranked = [s.id for s in section.postings]
    figures = {"n": section.n, "shares": [asdict(s) for s in section.postings[:6]]}
    shown = ", ".join(f"{s.name} {s.share:.0%} ({s.k}/{s.n})" for s in section.postings[:5])
    claimed = ", ".join(get_industry(i).name for i in industries)
    evidence = f"{get_role(role).name} postings (n={section.n}): {shown}; claimed: {claimed}"
    if section.n < MIN_POSTINGS:
        return Verdict.not_testable, f"Too few postings state an industry (n={section.n}).", figures
    hits = sum(i in ranked[:top] for i in industries)
    verdict = _by_hits(hits, len(industries))
    return verdict, evidence, figures


def growth(
    con: duckdb.DuckDBPyConnection,
    *,
    pct: float,
    period: str,
    role: str | None = None,
    soc: str | None = None,
) -> Outcome:
    figures_rows = _projections(con, role, soc)
    latest = next((p for p in figures_rows if p[1] == "2024-34"), None)
    figures = {"claimed": pct, "claimed_period": period, "projections": figures_rows}
    if latest is None:
        return Verdict.not_testable, "No BLS projection for this occupation in the atlas.", figures
    shown = "; ".join(f"{s} {t}: {g:+.1f}% ({p})" for s, p, g, t in figures_rows)
    evidence = f"BLS: {shown}. Claimed {pct:+.0f}% for {period}, a period not in our data: compared with 2024-34."
    gap = latest[2] - pct
    if abs(gap) <= 3:
        return Verdict.supported, evidence, figures
    if abs(gap) <= 10 and (latest[2] > 0) == (pct > 0):
        return Verdict.partly, evidence, figures
    return Verdict.contradicted, evidence, figures


def grows_faster(con: duckdb.DuckDBPyConnection, *, faster: str, slower: str) -> Outcome:
    a = next((p for p in _projections(con, faster, None) if p[1] == "2024-34"), None)
    b = next((p for p in _projections(con, slower, None) if p[1] == "2024-34"), None)
    figures = {"faster": a, "slower": b}
    if a is None or b is None:
        return (
            Verdict.not_testable,
            "No BLS 2024-34 projection for one of the occupations.",
            figures,
        )
    evidence = f"BLS 2024-34: {a[0]} {a[3]} {a[2]:+.1f}% vs {b[0]} {b[3]} {b[2]:+.1f}%"
    if a[0] == b[0]:
        return Verdict.not_testable, evidence + " (the same occupation)", figures
    return (Verdict.supported if a[2] > b[2] else Verdict.contradicted), evidence, figures


def skills_named(
    con: duckdb.DuckDBPyConnection, *, role: str, skills: list[str], min_share: float = 0.10
) -> Outcome:
    demand = skill_demand(con, role)
    by_id = {s.skill_id: s for s in demand.skills}
    shares = {sid: (by_id[sid].k if sid in by_id else 0) for sid in skills}
    figures = {"n": demand.n, "k": shares, "min_share": min_share}
    if demand.n < MIN_POSTINGS:
        return (
            Verdict.not_testable,
            f"Too few {get_role(role).name} postings (n={demand.n}; at least {MIN_POSTINGS} needed).",
            figures,
        )
    parts = [
        f"{get_skill(sid).name} {k / demand.n:.0%} ({k}/{demand.n})" for sid, k in shares.items()
    ]
    evidence = (
        f"{get_role(role).name} postings naming: "
        + ", ".join(parts)
        + f"; threshold {min_share:.0%}"
    )
    hits = sum(k / demand.n >= min_share for k in shares.values())
    verdict = _by_hits(hits, len(skills))
    return verdict, evidence, figures


def skill_more_frequent(
    con: duckdb.DuckDBPyConnection, *, role: str, other: str, skills: list[str]
) -> Outcome:
    d = distinctive_skills(con, role, other, min_count=1)
    rows = {s.skill_id: s for s in d.skills}
    figures = {
        "n": d.n,
        "n_other": d.n_other,
        "skills": {sid: (asdict(rows[sid]) if sid in rows else None) for sid in skills},
    }
    if d.thin:
        return Verdict.not_testable, f"Too few postings (n={d.n} vs {d.n_other}).", figures
    parts: list[str] = []
    favours: list[str | None] = []
    for sid in skills:
        s = rows.get(sid)
        if s is None:
            parts.append(f"{get_skill(sid).name}: in neither role's postings")
            favours.append(None)
            continue
        parts.append(
            f"{s.name} {s.share:.0%} ({s.k}/{s.n}) vs {s.share_other:.0%} ({s.k_other}/{s.n_other})"
        )
        favours.append(s.favours)
    evidence = f"{get_role(role).name} vs {get_role(other).name}: " + "; ".join(parts)
    if any(f == "other" for f in favours):
        return Verdict.contradicted, evidence, figures
    if all(f == "role" for f in favours):
        return Verdict.supported, evidence, figures
    return Verdict.partly, evidence, figures


def degree_typical(con: duckdb.DuckDBPyConnection, *, role: str, degree: str) -> Outcome:
    e = education(con, get_role(role))
    modal = max(e.levels, key=lambda lv: lv[1])[0] if e.levels else None
    bls = e.bls_typical[0][2] if e.bls_typical else None
    word = {"bachelor": "bachelor", "master": "master", "phd": "doctoral"}[degree]
    shares = ", ".join(f"{s.name} {s.share:.0%} ({s.k}/{s.n})" for s in e.degrees)
    figures = {
        "bls_typical": bls,
        "onet_modal": modal,
        "onet_occupation": e.onet_code,
        "postings": [asdict(s) for s in e.degrees],
    }
    evidence = (
        f"BLS typical entry education: {bls or 'n/a'}; O*NET most common required level "
        f"({e.onet_title or 'n/a'}, n={e.onet_n or 0}): {modal or 'n/a'}; postings mention: {shares or 'n/a'}"
    )
    checks = [x for x in (bls, modal) if x is not None]
    if not checks:
        return Verdict.not_testable, evidence, figures
    hits = sum(word in x.lower() for x in checks)
    verdict = _by_hits(hits, len(checks))
    return verdict, evidence, figures


def best_paying_countries(
    con: duckdb.DuckDBPyConnection, *, roles: list[str], countries: list[str]
) -> Outcome:
    claimed = list(countries)
    rows = fetch_groups(
        con, Policy.posting.scan, filters={"role": tuple(roles)}, since=None, by=("country",)
    )
    medians = sorted(
        ((percentile(v, 50), str(k[0]), len(v)) for k, v in rows if len(v) >= MIN_N), reverse=True
    )
    names = country_names()
    ranked = [c for _, c, _ in medians]
    figures = {
        "ranking": [{"country": c, "median": m, "n": n} for m, c, n in medians],
        "claimed": claimed,
    }
    shown = ", ".join(
        f"{i}. {names.get(c, c)} {money(m)} (n={n:,})" for i, (m, c, n) in enumerate(medians, 1)
    )
    small = sorted(
        names.get(str(k[0]), str(k[0])) for k, v in rows if len(v) < MIN_N and str(k[0]) in claimed
    )
    evidence = f"Median pay by country of residence, countries with n ≥ {MIN_N}: {shown}"
    if small:
        evidence += f"; too few to rank: {', '.join(small)}"
    if len(ranked) < 2:
        return Verdict.not_testable, evidence, figures
    top = ranked[: len(claimed)]
    hits = sum(c in top for c in claimed)
    verdict = _by_hits(hits, len(claimed))
    return verdict, evidence, figures


def not_testable(con: duckdb.DuckDBPyConnection, *, reason: str) -> Outcome:
    return Verdict.not_testable, reason, {}


TESTS: dict[str, Callable[..., Outcome]] = {
    "pays_more": pays_more,
    "salary_range": salary_range,
    "top_industries": top_industries,
    "growth": growth,
    "grows_faster": grows_faster,
    "skills_named": skills_named,
    "skill_more_frequent": skill_more_frequent,
    "degree_typical": degree_typical,
    "best_paying_countries": best_paying_countries,
    "not_testable": not_testable,
}


# ------------------------------------------------------------------ helpers


def _by_hits(hits: int, claimed: int) -> Verdict:
    """All claimed items found: supported; some: partly; none: contradicted."""
    if hits == claimed:
        return Verdict.supported
    return Verdict.partly if hits else Verdict.contradicted


def _projections(
    con: duckdb.DuckDBPyConnection, role: str | None, soc: str | None
) -> list[tuple[str, str, float, str]]:
    """(SOC, period, percent change, title) of the role's primary occupation or of ``soc``."""
    if soc is None:
        if role is None:
            raise DataError("a growth claim needs a role or a soc")
        r = get_role(role)
        if not r.soc:
            return []
        soc = r.soc[0].soc
    rows = con.execute(
        "SELECT soc, period, pct_change, title FROM bls_projection WHERE soc = ? ORDER BY period DESC",
        [soc],
    ).fetchall()
    return [(str(a), str(b), float(c), str(d)) for a, b, c, d in rows]
