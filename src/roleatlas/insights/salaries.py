"""The salary explorer: filters, groupings and honest statistics over the aijobs.net survey.

Every answer says which duplicate policy it uses (:class:`Policy`), its source,
its currency, and, per group, ``n``; groups with fewer than ``min_n``
observations carry no figures.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from roleatlas.errors import InputError, UnknownNameError
from roleatlas.insights.stats import MIN_N, RESAMPLES, Summary, summarise
from roleatlas.store.salaries import GROUP_COLUMNS, Scan, fetch_groups
from roleatlas.taxonomy.codes import (
    COMPANY_SIZES,
    EMPLOYMENT_TYPES,
    EXPERIENCE_LEVELS,
    REMOTE_RATIOS,
    countries,
)
from roleatlas.taxonomy.roles import ROLE_SLUGS, get_role

SOURCE = "aijobs.net salary survey, snapshot 2025-01-19 (CC0 1.0)"
CURRENCY_NOTE = (
    "USD per year (salary_in_usd: aijobs.net's conversion of the stated salary at the year's rate)."
)


class Policy(enum.StrEnum):
    """How the survey's duplicate structure is counted (see :mod:`roleatlas.ingest.aijobs`)."""

    posting = "posting"
    posting_all = "posting-all"
    row = "row"

    @property
    def note(self) -> str:
        return _POLICY_NOTES[self]

    @property
    def scan(self) -> Scan:
        return _POLICY_SCANS[self]


class RoleSource(enum.StrEnum):
    """Which role a survey row counts under: the title rules' (the default, stable across
    retraining) or the role classifier's, which read the title alone (see
    :mod:`roleatlas.classify.atlas`); a title the classifier is unsure of is ``unclear``."""

    rules = "rules"
    model = "model"

    @property
    def column(self) -> str:
        return "role" if self is RoleSource.rules else "model_role"


_POLICY_NOTES = {
    Policy.posting: (
        "one observation per distinct advertised posting: adjacent high/low rows merged into "
        "their range midpoint, repeated identical postings counted once"
    ),
    Policy.posting_all: (
        "one observation per posting (range midpoint), repeated identical postings all counted"
    ),
    Policy.row: "every survey row as published (each end of a pay range counts as one observation)",
}
_POLICY_SCANS = {
    Policy.posting: Scan("salary_posting", "mid_usd", "copy_rank = 1"),
    Policy.posting_all: Scan("salary_posting", "mid_usd", ""),
    Policy.row: Scan("salary_row", "salary_in_usd", ""),
}

GROUPINGS: tuple[str, ...] = (
    "role",
    "level",
    "country",
    "year",
    "company-size",
    "remote",
    "employment-type",
)


@dataclass(frozen=True)
class SalaryQuery:
    """A salary question. Names are validated and normalised by :meth:`normalised`."""

    roles: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    since: int | None = None
    remote: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    policy: Policy = Policy.posting
    roles_from: RoleSource = RoleSource.rules
    min_n: int = MIN_N
    resamples: int = RESAMPLES
    seed: int = 0

    def normalised(self) -> SalaryQuery:
        """Map every name to its canonical value; raise :class:`UnknownNameError` for unknown ones."""
        by = tuple(dict.fromkeys(_grouping(b) for b in self.by))
        if self.min_n < 1:
            raise InputError(f"--min-n must be at least 1, not {self.min_n}.")
        if self.resamples < 100:
            raise InputError(
                f"--resamples must be at least 100 for a usable interval, not {self.resamples}."
            )
        return SalaryQuery(
            roles=tuple(dict.fromkeys(get_role(r).slug for r in self.roles)),
            countries=tuple(dict.fromkeys(country_code(c) for c in self.countries)),
            levels=tuple(
                dict.fromkeys(_coded("experience level", v, EXPERIENCE_LEVELS) for v in self.levels)
            ),
            years=tuple(sorted(set(self.years))),
            since=self.since,
            remote=tuple(dict.fromkeys(_remote(v) for v in self.remote)),
            company_sizes=tuple(
                dict.fromkeys(_code("company size", v, COMPANY_SIZES) for v in self.company_sizes)
            ),
            employment_types=tuple(
                dict.fromkeys(
                    _code("employment type", v, EMPLOYMENT_TYPES) for v in self.employment_types
                )
            ),
            by=by,
            policy=self.policy,
            roles_from=_role_source(self.roles_from),
            min_n=self.min_n,
            resamples=self.resamples,
            seed=self.seed,
        )


@dataclass(frozen=True)
class SalaryGroup:
    """One group: its key (grouping name -> value), a display label per key, and statistics."""

    key: dict[str, str | int]
    labels: dict[str, str]
    stats: Summary


@dataclass(frozen=True)
class SalaryReport:
    query: SalaryQuery
    groups: tuple[SalaryGroup, ...]
    source: str = SOURCE
    currency: str = CURRENCY_NOTE
    policy_note: str = ""
    ci_method: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def salary_report(con: duckdb.DuckDBPyConnection, query: SalaryQuery) -> SalaryReport:
    """Answer a salary question from the atlas.

    Parameters
    ----------
    con
        An open atlas (:func:`roleatlas.store.connection.open_atlas`).
    query
        Filters, groupings and the duplicate policy; validated here.
    """
    q = query.normalised()
    filters: dict[str, Sequence[object]] = {
        "role": q.roles,
        "country": q.countries,
        "level": q.levels,
        "year": q.years,
        "remote": [_REMOTE_VALUES[r] for r in q.remote],
        "company-size": q.company_sizes,
        "employment-type": q.employment_types,
    }
    model_note = _model_roles_note(con) if q.roles_from is RoleSource.model else None
    rows = fetch_groups(
        con,
        q.policy.scan,
        filters=filters,
        since=q.since,
        by=q.by,
        role_column=q.roles_from.column,
    )
    groups = [_group(q, key, values) for key, values in rows]
    groups.sort(key=lambda g: _sort_key(q.by, g))
    notes = _notes(q) + ((model_note,) if model_note else ())
    if not groups:
        notes = ("No survey rows match these filters: widen them (see --help).", *notes)
        if q.by == ():
            groups = [SalaryGroup({}, {}, Summary(n=0))]
    return SalaryReport(
        query=q,
        groups=tuple(groups),
        policy_note=q.policy.note,
        ci_method=(
            f"95% percentile-bootstrap interval of the median ({q.resamples} resamples, seed {q.seed}); "
            f"groups with n < {q.min_n} are too few to estimate"
        ),
        notes=notes,
    )


def _model_roles_note(con: duckdb.DuckDBPyConnection) -> str:
    """What ``--roles model`` counts under, or :class:`InputError` when the atlas has no
    classifier roles (it was built before a role model was trained)."""
    try:
        found = con.execute(
            "SELECT any_value(model_version), count(*) FILTER (WHERE model_role = 'unclear'), "
            "count(*), sum(rows) FILTER (WHERE model_role = rule_role) / sum(rows) "
            "FROM title_role WHERE model_version IS NOT NULL"
        ).fetchone()
    except duckdb.CatalogException:
        found = None
    if found is None or found[0] is None:
        raise InputError(
            "This atlas has no role classifier roles: run `roleatlas train roles`, then "
            "`roleatlas build`, or use the rule roles (the default, --roles rules)."
        )
    version, unclear, titles, agree = found
    return (
        f"Roles from role classifier {version}, which read each survey title alone "
        f"(no description); {unclear} of {titles} distinct titles are 'unclear' "
        f"(below its confidence threshold); it gives {agree:.0%} of survey rows their rule "
        "role. The rule roles are the default (--roles rules)."
    )


def _group(q: SalaryQuery, key: tuple[object, ...], values: list[float]) -> SalaryGroup:
    named = dict(zip(q.by, key, strict=True))
    stats = summarise(values, min_n=q.min_n, resamples=q.resamples, seed=q.seed)
    typed: dict[str, str | int] = {
        k: (v if isinstance(v, int) else str(v)) for k, v in named.items()
    }
    return SalaryGroup(typed, {k: _label(k, v) for k, v in typed.items()}, stats)


def _label(grouping: str, value: str | int) -> str:
    if grouping == "country":
        return f"{value} {countries().get(str(value), '')}".strip()
    if grouping == "company-size":
        return COMPANY_SIZES.get(str(value), str(value))
    if grouping == "remote":
        return REMOTE_RATIOS.get(int(value), str(value))
    if grouping == "employment-type":
        return EMPLOYMENT_TYPES.get(str(value), str(value))
    return str(value)


_LEVEL_ORDER = {name: i for i, name in enumerate(EXPERIENCE_LEVELS.values())}
_ROLE_ORDER = {slug: i for i, slug in enumerate(ROLE_SLUGS)}
_SIZE_ORDER = {code: i for i, code in enumerate(COMPANY_SIZES)}


def _sort_key(by: Sequence[str], g: SalaryGroup) -> tuple[object, ...]:
    out: list[object] = []
    for b in by:
        v = g.key[b]
        if b == "role":
            out.append(_ROLE_ORDER.get(str(v), 99))
        elif b == "level":
            out.append(_LEVEL_ORDER.get(str(v), 99))
        elif b == "country":
            out.append(-g.stats.n)  # the biggest samples first
            out.append(str(v))
        elif b == "company-size":
            out.append(_SIZE_ORDER.get(str(v), 99))
        else:
            out.append(v)
    return tuple(out)


def _notes(q: SalaryQuery) -> tuple[str, ...]:
    notes = []
    if "year" not in q.by and not q.years and q.since is None:
        notes.append(
            "All survey years pooled (2020-2025; 84% of rows are 2024). Add --by year or --year to compare years."
        )
    if "country" not in q.by and not q.countries:
        notes.append(
            "All countries pooled (about 90% of rows are US residents). Add --country or --by country."
        )
    return tuple(notes)


def _role_source(value: str) -> RoleSource:
    try:
        return RoleSource(str(value).strip().lower())
    except ValueError:
        raise UnknownNameError("role source", str(value), tuple(RoleSource)) from None


def _grouping(name: str) -> str:
    key = name.strip().lower().replace("_", "-")
    if key not in GROUP_COLUMNS:
        raise UnknownNameError("grouping", name, GROUPINGS)
    return key


def country_code(value: str) -> str:
    """An ISO alpha-2 code from a code or a country name (case-insensitive)."""
    names = countries()
    v = value.strip()
    if v.upper() in names:
        return v.upper()
    by_name = {n.lower(): c for c, n in names.items()}
    by_name.update({"usa": "US", "uk": "GB", "united states of america": "US", "britain": "GB"})
    if v.lower() in by_name:
        return by_name[v.lower()]
    raise UnknownNameError(
        "country",
        value,
        [*names, *names.values()],
        listing="an ISO 3166 alpha-2 code (US, GB, DE, IN, CA, ...) or an English country name",
    )


def _code(kind: str, value: str, codes: dict[str, str]) -> str:
    v = value.strip()
    if v.upper() in codes:
        return v.upper()
    for code, name in codes.items():
        if v.lower() == name:
            return code
    raise UnknownNameError(kind, value, [*codes, *codes.values()])


def _coded(kind: str, value: str, codes: dict[str, str]) -> str:
    """Like :func:`_code` but return the *name* (levels are stored by name)."""
    return codes[_code(kind, value, codes)]


_REMOTE_VALUES = {name: ratio for ratio, name in REMOTE_RATIOS.items()}


def _remote(value: str) -> str:
    v = value.strip().lower()
    if v in _REMOTE_VALUES:
        return v
    if v.isdigit() and int(v) in REMOTE_RATIOS:
        return REMOTE_RATIOS[int(v)]
    aliases = {"onsite": "on-site", "on site": "on-site", "office": "on-site", "full": "remote"}
    if v in aliases:
        return aliases[v]
    raise UnknownNameError(
        "remote setting", value, [*_REMOTE_VALUES, *(str(r) for r in REMOTE_RATIOS)]
    )
