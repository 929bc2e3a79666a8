"""``compare_roles``: role profiles side by side, with the differences made explicit.

For every pair of roles: the difference of US median pay per experience level
(and all levels pooled) with a 95% bootstrap interval and a plain-words verdict;
the skills that separate them (log-odds ratio, 95% interval excluding 0); the
differences in degree mentions (Newcombe interval); and the difference in BLS
projected growth of their occupations (no interval: BLS publishes none).
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from roleatlas.errors import InputError
from roleatlas.insights.salaries import Policy
from roleatlas.insights.stats import MIN_N, Difference, median_difference, proportion_difference
from roleatlas.profiles.profile import LEVELS, RoleProfile, role_profile
from roleatlas.skills.demand import MIN_POSTINGS, Distinctive, distinctive_skills
from roleatlas.store.salaries import fetch_groups
from roleatlas.taxonomy.roles import get_role

if TYPE_CHECKING:
    import duckdb

ALL_LEVELS = "all levels"
#: How many separating skills to keep on each side of a pair.
TOP_SKILLS = 6
MAX_ROLES = 5


@dataclass(frozen=True)
class SalaryDifference:
    """``a`` minus ``b`` at one level in the US; ``difference`` None when a group is too small."""

    level: str
    a: str
    b: str
    n_a: int
    n_b: int
    difference: Difference | None
    verdict: str


@dataclass(frozen=True)
class SkillContrast:
    a: str
    b: str
    n_a: int
    n_b: int
    more_in_a: tuple[Distinctive, ...]
    more_in_b: tuple[Distinctive, ...]
    thin: bool
    verdict: str


@dataclass(frozen=True)
class DegreeDifference:
    degree: str
    a: str
    b: str
    k_a: int
    n_a: int
    k_b: int
    n_b: int
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: str


@dataclass(frozen=True)
class GrowthDifference:
    period: str
    a: str
    b: str
    soc_a: str | None
    soc_b: str | None
    pct_a: float | None
    pct_b: float | None
    verdict: str


@dataclass(frozen=True)
class Comparison:
    roles: tuple[str, ...]
    profiles: tuple[RoleProfile, ...]
    country: str
    salary: tuple[SalaryDifference, ...]
    skills: tuple[SkillContrast, ...]
    education: tuple[DegreeDifference, ...]
    outlook: tuple[GrowthDifference, ...]
    salary_method: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def compare_roles(
    con: duckdb.DuckDBPyConnection, slugs: list[str] | tuple[str, ...], *, seed: int = 0
) -> Comparison:
    """Profiles of 2 to 5 roles and the differences of every pair (module docstring).

    Raises
    ------
    InputError
        For fewer than two distinct roles or more than five.
    UnknownNameError
        For an unknown role (with the closest matches).
    """
    roles = tuple(dict.fromkeys(get_role(s).slug for s in slugs))
    if len(roles) < 2:
        raise InputError(
            "Compare at least two different roles, e.g. `roleatlas compare ai-engineer ml-engineer`."
        )
    if len(roles) > MAX_ROLES:
        raise InputError(f"Compare at most {MAX_ROLES} roles at a time, not {len(roles)}.")
    profiles = tuple(role_profile(con, r, seed=seed) for r in roles)
    by_slug = {p.role: p for p in profiles}
    pairs = list(itertools.combinations(roles, 2))
    return Comparison(
        roles=roles,
        profiles=profiles,
        country="US",
        salary=tuple(d for a, b in pairs for d in salary_differences(con, a, b, seed=seed)),
        skills=tuple(skill_contrast(con, a, b) for a, b in pairs),
        education=tuple(d for a, b in pairs for d in degree_differences(by_slug[a], by_slug[b])),
        outlook=tuple(d for a, b in pairs for d in growth_differences(by_slug[a], by_slug[b])),
        salary_method=(
            "difference of medians, one observation per distinct aijobs.net posting (range "
            "midpoint), US residents; 95% percentile-bootstrap interval (2,000 resamples of each "
            f"group, seed {seed}); groups under {MIN_N} postings are not compared"
        ),
    )


def us_salaries(
    con: duckdb.DuckDBPyConnection, slugs: tuple[str, ...], country: str = "US"
) -> dict[tuple[str, str], list[float]]:
    """Sorted salary values per (role, level), and per (role, ``all levels``)."""
    rows = fetch_groups(
        con,
        Policy.posting.scan,
        filters={"role": slugs, "country": (country,)},
        since=None,
        by=("role", "level"),
    )
    out: dict[tuple[str, str], list[float]] = {}
    for (role, level), values in rows:
        out[(str(role), str(level))] = values
        out.setdefault((str(role), ALL_LEVELS), []).extend(values)
    for key in [k for k in out if k[1] == ALL_LEVELS]:
        out[key].sort()
    return out


def salary_differences(
    con: duckdb.DuckDBPyConnection, a: str, b: str, *, seed: int = 0
) -> list[SalaryDifference]:
    values = us_salaries(con, (a, b))
    out = []
    for level in (*LEVELS, ALL_LEVELS):
        va, vb = values.get((a, level), []), values.get((b, level), [])
        diff = median_difference(va, vb, seed=seed)
        out.append(
            SalaryDifference(
                level,
                a,
                b,
                len(va),
                len(vb),
                diff,
                _pay_verdict(level, a, b, len(va), len(vb), diff),
            )
        )
    return out


def _pay_verdict(level: str, a: str, b: str, n_a: int, n_b: int, d: Difference | None) -> str:
    where = "across all levels" if level == ALL_LEVELS else f"at {level} level"
    name_a, name_b = get_role(a).name, get_role(b).name
    if d is None:
        small = [f"{name} n={n}" for name, n in ((name_a, n_a), (name_b, n_b)) if n < MIN_N]
        return f"Too few postings to compare {where} in the US ({', '.join(small)}; at least {MIN_N} needed)."
    if not d.clear:
        return (
            f"No clear difference {where} in the US: {name_a} minus {name_b} = "
            f"{money(d.difference, sign=True)} [{money(d.ci_low, sign=True)}, "
            f"{money(d.ci_high, sign=True)}], n={n_a:,} vs {n_b:,}."
        )
    hi, lo = (name_a, name_b) if d.difference > 0 else (name_b, name_a)
    n_hi, n_lo = (n_a, n_b) if d.difference > 0 else (n_b, n_a)
    s = 1 if d.difference > 0 else -1
    low, high = sorted((s * d.ci_low, s * d.ci_high))
    return (
        f"{hi} pays more than {lo} {where} in the US: {money(s * d.difference, sign=True)} "
        f"[{money(low, sign=True)}, {money(high, sign=True)}], n={n_hi:,} vs {n_lo:,}."
    )


def money(value: float, *, sign: bool = False) -> str:
    """$21k style (``sign``: always with + or −)."""
    k = round(value / 1000)
    text = f"${abs(k):,}k"
    if sign:
        return ("+" if k >= 0 else "−") + text
    return ("−" if k < 0 else "") + text


def skill_contrast(con: duckdb.DuckDBPyConnection, a: str, b: str) -> SkillContrast:
    d = distinctive_skills(con, a, b)
    more_a = tuple(s for s in d.skills if s.favours == "role")[:TOP_SKILLS]
    more_b = tuple(s for s in reversed(d.skills) if s.favours == "other")[:TOP_SKILLS]
    name_a, name_b = get_role(a).name, get_role(b).name
    if d.thin:
        verdict = (
            f"Too few postings to contrast skills ({name_a} n={d.n}, {name_b} n={d.n_other}; "
            f"at least {MIN_POSTINGS} each needed)."
        )
    elif not more_a and not more_b:
        verdict = f"No skill separates {name_a} from {name_b} clearly (n={d.n} vs {d.n_other})."
    else:
        verdict = (
            f"{name_a} postings name {_names(more_a)} more often; {name_b} postings name "
            f"{_names(more_b)} more often (n={d.n:,} vs {d.n_other:,})."
        )
    return SkillContrast(a, b, d.n, d.n_other, more_a, more_b, d.thin, verdict)


def _names(items: tuple[Distinctive, ...]) -> str:
    return ", ".join(s.name for s in items[:4]) if items else "no skill"


def degree_differences(pa: RoleProfile, pb: RoleProfile) -> list[DegreeDifference]:
    out = []
    shares_b = {s.id: s for s in pb.education.degrees}
    for sa in pa.education.degrees:
        sb = shares_b.get(sa.id)
        if sb is None:
            continue
        if min(sa.n, sb.n) < MIN_POSTINGS:
            out.append(
                DegreeDifference(
                    sa.id,
                    pa.role,
                    pb.role,
                    sa.k,
                    sa.n,
                    sb.k,
                    sb.n,
                    None,
                    None,
                    None,
                    f"Too few postings to compare {sa.name} mentions ({pa.name} n={sa.n}, {pb.name} n={sb.n}).",
                )
            )
            continue
        d, low, high = proportion_difference(sa.k, sa.n, sb.k, sb.n)
        if low > 0 or high < 0:
            more, less = (pa.name, pb.name) if d > 0 else (pb.name, pa.name)
            verdict = f"{more} postings mention a {sa.name} degree more often than {less}: {abs(d):+.0%} points."
        else:
            verdict = (
                f"No clear difference in {sa.name} mentions ({sa.share:.0%} vs {sb.share:.0%})."
            )
        out.append(
            DegreeDifference(sa.id, pa.role, pb.role, sa.k, sa.n, sb.k, sb.n, d, low, high, verdict)
        )
    return out


def growth_differences(pa: RoleProfile, pb: RoleProfile) -> list[GrowthDifference]:
    out = []
    for period in ("2024-34", "2022-32"):
        fa = next((p for p in pa.outlook.projections if p.period == period), None)
        fb = next((p for p in pb.outlook.projections if p.period == period), None)
        if fa is None or fb is None:
            missing = pa.name if fa is None else pb.name
            verdict = f"No BLS {period} projection for {missing}'s occupation."
        elif fa.soc == fb.soc:
            verdict = (
                f"Same BLS occupation ({fa.soc} {fa.title}): BLS cannot tell the two roles apart "
                f"({fa.pct_change:+.1f}% for both, {period})."
            )
        else:
            faster, slower = (fa, fb) if fa.pct_change >= fb.pct_change else (fb, fa)
            verdict = (
                f"{faster.title} ({faster.soc}) is projected to grow {faster.pct_change:+.1f}% vs "
                f"{slower.title} ({slower.soc}) {slower.pct_change:+.1f}% in {period}."
            )
        out.append(
            GrowthDifference(
                period,
                pa.role,
                pb.role,
                fa.soc if fa else None,
                fb.soc if fb else None,
                fa.pct_change if fa else None,
                fb.pct_change if fb else None,
                verdict,
            )
        )
    return out
