"""Role profiles and comparisons as documents (:mod:`roleatlas.report.document`).

One function per section builds the blocks for one or several profiles side by
side (one column per role), so ``roleatlas role`` and ``roleatlas compare``
share every table, chart and note, in every output format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from roleatlas.insights.stats import Summary
from roleatlas.profiles.compare import ALL_LEVELS, Comparison, money
from roleatlas.profiles.profile import LEVELS, RoleProfile
from roleatlas.profiles.sections import Share
from roleatlas.report.document import Block, Bullets, Chart, Heading, Para, Table
from roleatlas.report.svg import Bar, Box, bar_chart, box_plot
from roleatlas.skills.demand import MIN_POSTINGS

if TYPE_CHECKING:
    from roleatlas.profiles.claims import ClaimsReport

NO_DATA = "no data"


def profile_blocks(p: RoleProfile) -> list[Block]:
    """Every section of one profile."""
    return _sections((p,))


def comparison_blocks(c: Comparison, claims: ClaimsReport | None = None) -> list[Block]:
    """The profiles side by side, each section followed by its differences, and the claims."""
    blocks: list[Block] = [Heading("At a glance")]
    glance = [d.verdict for d in c.salary if d.level in (ALL_LEVELS, "senior")]
    blocks.append(Bullets(tuple(glance)))
    blocks.append(Para(c.salary_method, "source"))
    blocks += _sections(c.profiles, c)
    if claims is not None:
        blocks += claims_blocks(claims, roles=set(c.roles))
    return blocks


def _sections(ps: Sequence[RoleProfile], c: Comparison | None = None) -> list[Block]:
    out: list[Block] = []
    for build in _SECTIONS:
        out += build(ps, c)
    out += [Heading("Sources and attributions"), Bullets(ps[0].attributions)]
    return out


# ------------------------------------------------------------------ sections


def _definition(ps: Sequence[RoleProfile], c: Comparison | None) -> list[Block]:
    out: list[Block] = [Heading("Definition and responsibilities")]
    out.append(
        Table(
            ("", *(p.name for p in ps)),
            (
                ("Summary", *(p.definition.summary for p in ps)),
                ("Definition", *(p.definition.definition for p in ps)),
                ("Typical titles", *(", ".join(p.definition.titles[:6]) for p in ps)),
                ("O*NET occupation", *(_onet(p) for p in ps)),
                ("Postings (counted)", *(f"{p.postings:,}" for p in ps)),
            ),
        )
    )
    out.append(
        Para(
            f"Source: {ps[0].definition.source}; sources per role: "
            + "; ".join(f"{p.name}: {', '.join(p.definition.sources)}" for p in ps),
            "source",
        )
    )
    for p in ps:
        r = p.responsibilities
        out.append(Heading(f"{p.name}: O*NET tasks ranked by relevance", 3))
        if not r.tasks:
            out.append(
                Para(
                    f"{NO_DATA}: {r.no_data or 'no task statements or no postings to rank them by'}",
                    "note",
                )
            )
            continue
        out.append(
            Table(
                ("Task (O*NET)", "Relevance"),
                tuple(
                    (t.task, "—" if t.relevance is None else f"{t.relevance:.2f}") for t in r.tasks
                ),
                caption=f"Top {len(r.tasks)} of {r.tasks_total} tasks",
            )
        )
        out.append(Para(f"Source: {r.tasks_source}; {r.relevance_method}.", "source"))
    out.append(Heading("Responsibilities most often stated in postings", 3))
    out += _share_table(
        [p.responsibilities.duties for p in ps],
        ps,
        "Responsibility",
        source=ps[0].responsibilities.duties_source,
    )
    return out


def _skills(ps: Sequence[RoleProfile], c: Comparison | None) -> list[Block]:
    out: list[Block] = [Heading("Skills and tools")]
    out += _share_table([p.skills.top for p in ps], ps, "Skill", source=ps[0].skills.source)
    bars = [
        Bar(s.name, p.name, s.share, s.ci_low, s.ci_high, f"{s.k}/{s.n}")
        for p in ps
        if not p.skills.thin
        for s in p.skills.top[:8]
    ]
    if bars:
        out.append(
            Chart(
                bar_chart(
                    bars,
                    title="Share of postings naming each skill (95% interval)",
                    series=[p.name for p in ps],
                ),
                "Top skills by share of postings",
            )
        )
    if c is not None:
        out += [
            Heading("Skills that separate the roles", 3),
            Bullets(tuple(s.verdict for s in c.skills)),
        ]
        out.append(
            Para(
                "Log-odds ratio with an informative Dirichlet prior; listed when its 95% interval excludes 0.",
                "source",
            )
        )
    out.append(Heading("O*NET hot technologies of the linked occupation", 3))
    items = []
    for p in ps:
        hot = ", ".join(
            f"{h.name} ({h.share:.0%} of postings)"
            if h.share is not None
            else f"{h.name} (not in postings)"
            for h in p.skills.hot[:8]
        )
        items.append(f"{p.name}: {hot or NO_DATA}")
    out += [Bullets(tuple(items)), Para(f"Source: {ps[0].skills.hot_source}", "source")]
    return out


def _education(ps: Sequence[RoleProfile], c: Comparison | None) -> list[Block]:
    out: list[Block] = [Heading("Education")]
    cats = list(dict.fromkeys(label for p in ps for label, _ in p.education.levels))
    if cats:
        rows = tuple(
            (
                cat,
                *(
                    _pct_or_dash(dict(p.education.levels).get(cat), bool(p.education.levels))
                    for p in ps
                ),
            )
            for cat in cats
        )
        out.append(
            Table(
                ("Required level of education (O*NET)", *(p.name for p in ps)),
                rows,
                caption="Percent of O*NET respondents (occupation: "
                + "; ".join(
                    f"{p.name}: {p.education.onet_title or NO_DATA} (n={p.education.onet_n or 0})"
                    for p in ps
                )
                + ")",
            )
        )
    notes = [p.education.fallback_note for p in ps if p.education.fallback_note]
    out += [Para(n, "note") for n in notes]
    out.append(Para(f"Source: {ps[0].education.onet_source}", "source"))
    typical = [
        f"{p.name}: "
        + "; ".join(f"{soc} {title}: {edu}" for soc, title, edu in p.education.bls_typical)
        for p in ps
        if p.education.bls_typical
    ]
    if typical:
        out += [Bullets(tuple(typical)), Para(f"Source: {ps[0].education.bls_source}", "source")]
    out.append(Heading("Degrees mentioned in postings", 3))
    out += _share_table(
        [p.education.degrees for p in ps], ps, "Degree", source=ps[0].education.degrees_source
    )
    if c is not None and c.education:
        out.append(Bullets(tuple(d.verdict for d in c.education)))
    return out


def _salary(ps: Sequence[RoleProfile], c: Comparison | None) -> list[Block]:
    out: list[Block] = [Heading("Salary")]
    rows = tuple(
        (level, *(_summary(lv.stats) for p in ps for lv in p.salary.by_level if lv.level == level))
        for level in LEVELS
    )
    out.append(
        Table(
            ("US, by experience level", *(p.name for p in ps)),
            rows,
            caption="Median [95% interval], p25–p75 and n (USD per year)",
        )
    )
    boxes = [
        Box(
            lv.level,
            p.name,
            lv.stats.n,
            lv.stats.p10,
            lv.stats.p25,
            lv.stats.median,
            lv.stats.p75,
            lv.stats.p90,
        )
        for p in ps
        for lv in p.salary.by_level
    ]
    out.append(
        Chart(
            box_plot(
                boxes,
                title="US pay by experience level (p10, p25, median, p75, p90)",
                categories=list(LEVELS),
                series=[p.name for p in ps],
            ),
            "aijobs.net, one observation per distinct posting (range midpoint)",
        )
    )
    out.append(Para(f"Source: {ps[0].salary.source}", "source"))
    if c is not None:
        out += [
            Heading("Pay differences", 3),
            Bullets(tuple(d.verdict for d in c.salary)),
            Para(c.salary_method, "source"),
        ]
    out.append(Heading("Other countries (all levels pooled)", 3))
    items = [
        f"{p.name}: "
        + (
            "; ".join(f"{k.name or k.code}: {_summary(k.stats)}" for k in p.salary.countries)
            or NO_DATA
        )
        for p in ps
    ]
    out.append(Bullets(tuple(items)))
    out.append(Heading("BLS OEWS wages of the linked occupation", 3))
    orows = tuple(
        (
            p.name,
            f"{w.soc} {w.title or ''}",
            _int(w.employment),
            _usd(w.p10),
            _usd(w.p25),
            _usd(w.median, "a_median" in w.top_coded),
            _usd(w.p75, "a_pct75" in w.top_coded),
            _usd(w.p90, "a_pct90" in w.top_coded),
        )
        for p in ps
        for w in p.salary.oews
    )
    if orows:
        out.append(
            Table(("Role", "Occupation", "Employment", "p10", "p25", "Median", "p75", "p90"), orows)
        )
        out.append(
            Para(
                f"Source: {ps[0].salary.oews[0].source if ps[0].salary.oews else 'BLS OEWS May 2025'}",
                "source",
            )
        )
    else:
        out.append(Para(f"{NO_DATA}: no OEWS occupation is linked to these roles.", "note"))
    out += [
        Para(
            "What each source measures: "
            + ps[0].salary.measures
            + ". "
            + ps[0].salary.oews_measures
            + ".",
            "note",
        )
    ]
    return out


def _outlook(ps: Sequence[RoleProfile], c: Comparison | None) -> list[Block]:
    out: list[Block] = [Heading("Outlook")]
    rows = tuple(
        (
            p.name,
            f"{f.soc} {f.title or ''}",
            f.period,
            f"{f.pct_change:+.1f}%",
            f"{f.openings_k_per_year * 1000:,.0f}",
            f"{f.emp_base_k * 1000:,.0f} → {f.emp_target_k * 1000:,.0f}",
        )
        for p in ps
        for f in p.outlook.projections
    )
    if rows:
        out.append(
            Table(("Role", "Occupation", "Period", "Growth", "Openings/year", "Employment"), rows)
        )
        out.append(
            Para(
                "Source: BLS Employment Projections 2024-34 and 2022-32 (the earlier period shows the change).",
                "source",
            )
        )
    out += [
        Para(f"{p.name}: {NO_DATA}: {p.outlook.no_data}", "note") for p in ps if p.outlook.no_data
    ]
    if c is not None:
        out.append(Bullets(tuple(d.verdict for d in c.outlook)))
    out += [Para(p.outlook.caveat, "note") for p in ps if p.outlook.caveat]
    return out


def _industries(ps: Sequence[RoleProfile], c: Comparison | None) -> list[Block]:
    out: list[Block] = [Heading("Industries")]
    out += _share_table(
        [p.industries.postings for p in ps],
        ps,
        "Industry (postings)",
        source=ps[0].industries.postings_source,
        sizes=[p.industries.n for p in ps],
    )
    for p in ps:
        i = p.industries
        if i.oews:
            out.append(
                Table(
                    ("Industry sector (OEWS)", "Employment", "Share", "Median wage"),
                    tuple(
                        (r.industry, f"{r.employment:,}", f"{r.share:.0%}", _usd(r.a_median))
                        for r in i.oews
                    ),
                    caption=f"{p.name}: {i.oews_soc} {i.oews_title}, {i.oews_total:,} employed",
                )
            )
    out.append(Para(f"Source: {ps[0].industries.oews_source}", "source"))
    return out


def _related(ps: Sequence[RoleProfile], c: Comparison | None) -> list[Block]:
    out: list[Block] = [Heading("Related roles and next steps")]
    for p in ps:
        r = p.related
        steps = "; ".join(
            f"{s.from_level} → {s.to}"
            + (f" (US median {money(s.median)}, n={s.n})" if s.median is not None else "")
            for s in r.ladder
        )
        out.append(
            Bullets(
                (
                    f"{p.name}: related roles: {', '.join(n for _, n in r.related) or 'none'}",
                    f"{p.name}: typical next steps: {steps}",
                )
            )
        )
    out.append(Para(f"Source: {ps[0].related.source}", "source"))
    return out


_SECTIONS: tuple[Callable[[Sequence[RoleProfile], Comparison | None], list[Block]], ...] = (
    _definition,
    _skills,
    _education,
    _salary,
    _outlook,
    _industries,
    _related,
)


def claims_blocks(report: ClaimsReport, *, roles: set[str] | None = None) -> list[Block]:
    """The articles' claims with their computed verdicts (only those about ``roles`` if given)."""
    items = [r for r in report.results if roles is None or set(r.claim.roles) <= roles]
    out: list[Block] = [Heading("The articles' claims checked")]
    if not items:
        return [
            *out,
            Para(f"{NO_DATA}: no claim of the articles is about these roles only.", "note"),
        ]
    out.append(
        Table(
            ("Claim", "Article", "Verdict", "Evidence"),
            tuple((r.claim.sentence, r.claim.article, r.verdict, r.evidence) for r in items),
        )
    )
    out.append(
        Para(
            "Verdicts are computed from the atlas when the report is made; `roleatlas claims` lists every claim and its test.",
            "source",
        )
    )
    return out


# ------------------------------------------------------------------ formatting


def _share_table(
    columns: list[tuple[Share, ...]],
    ps: Sequence[RoleProfile],
    what: str,
    *,
    source: str,
    sizes: list[int] | None = None,
) -> list[Block]:
    names = list(dict.fromkeys(s.name for col in columns for s in col))
    if not names:
        return [Para(f"{NO_DATA}: no postings of these roles state any.", "note")]
    rows = []
    for name in names:
        cells = []
        for col in columns:
            found = next((s for s in col if s.name == name), None)
            cells.append(_share(found) if found else "—")
        rows.append((name, *cells))
    n_of = sizes or [p.postings for p in ps]
    headers = (what, *(f"{p.name} (n={n:,})" for p, n in zip(ps, n_of, strict=True)))
    out: list[Block] = [Table(headers, tuple(rows))]
    thin = [f"{p.name} (n={n})" for p, n in zip(ps, n_of, strict=True) if n < MIN_POSTINGS]
    if thin:
        out.append(
            Para(
                f"Too few postings to rank for {', '.join(thin)}: fewer than {MIN_POSTINGS}; figures shown only as counts with wide intervals.",
                "note",
            )
        )
    out.append(Para(f"Source: {source}; share of postings [95% Wilson interval] (k/n).", "source"))
    return out


def _share(s: Share) -> str:
    return f"{s.share:.0%} [{s.ci_low:.0%}–{s.ci_high:.0%}] ({s.k}/{s.n})"


def _summary(s: Summary) -> str:
    if s.median is None:
        return f"too few (n={s.n})" if s.n else f"{NO_DATA} (n=0)"
    return (
        f"{money(s.median)} [{money(s.median_ci_low or 0)}–{money(s.median_ci_high or 0)}], "
        f"p25–p75 {money(s.p25 or 0)}–{money(s.p75 or 0)}, n={s.n:,}"
    )


def _onet(p: RoleProfile) -> str:
    r = p.responsibilities
    return f"{r.onet_code} {r.onet_title}" if r.onet_code else NO_DATA


def _pct_or_dash(v: float | None, have: bool) -> str:
    if not have:
        return NO_DATA
    return "—" if v is None else f"{v:.0f}%"


def _int(v: int | None) -> str:
    return "not released" if v is None else f"{v:,}"


def _usd(v: int | float | None, top_coded: bool = False) -> str:
    if top_coded:
        return "≥ top code"
    return "not released" if v is None else f"${v:,.0f}"
