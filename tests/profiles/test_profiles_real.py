"""Role profiles, the comparison and the claims on the real data (one shared atlas per module)."""

from __future__ import annotations

import csv
import json
import math
import statistics
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from roleatlas.cli import app
from roleatlas.profiles.claims import Verdict, check_claims, load_claims
from roleatlas.profiles.compare import compare_roles

pytestmark = [pytest.mark.integration, pytest.mark.slow]
runner = CliRunner()
ROLES = ["ai-engineer", "ml-engineer", "ai-programmer"]


def _us_postings(con: duckdb.DuckDBPyConnection, role: str, level: str) -> int:
    row = con.execute(
        "SELECT count(*) FROM salary_posting WHERE copy_rank = 1 AND employee_residence = 'US' "
        "AND role = ? AND level = ?",
        [role, level],
    ).fetchone()
    return int(row[0]) if row else -1


def test_compare_fills_every_section_or_says_why(real_con: duckdb.DuckDBPyConnection) -> None:
    c = compare_roles(real_con, ROLES)
    assert c.roles == tuple(ROLES)
    for p in c.profiles:
        sections = [p.responsibilities, p.skills, p.education, p.salary, p.outlook, p.industries]
        for s in sections:  # figures, or a reason
            assert s.no_data or any(
                getattr(s, f, None)
                for f in ("tasks", "top", "levels", "by_level", "projections", "postings", "oews")
            ), (p.role, type(s).__name__)
        assert p.definition.definition and p.related.ladder
        assert p.attributions and any("O*NET 29.3" in a for a in p.attributions)
    # n per level recomputed by SQL from the salary table
    ml = c.profiles[1]
    for lv in ml.salary.by_level:
        assert lv.stats.n == _us_postings(real_con, "ml-engineer", lv.level)
    # a thin role is flagged, not ranked
    prog = c.profiles[2]
    assert prog.skills.thin and prog.postings < 30


def test_ai_vs_ml_salary_verdict_uses_the_real_numbers(real_con: duckdb.DuckDBPyConnection) -> None:
    c = compare_roles(real_con, ROLES[:2])
    senior = next(d for d in c.salary if d.level == "senior")
    n_ai, n_ml = (
        _us_postings(real_con, "ai-engineer", "senior"),
        _us_postings(real_con, "ml-engineer", "senior"),
    )
    assert (senior.n_a, senior.n_b) == (n_ai, n_ml) and min(n_ai, n_ml) > 100
    assert senior.difference is not None
    medians = {
        r: statistics.median(
            v
            for (v,) in real_con.execute(
                "SELECT mid_usd FROM salary_posting WHERE copy_rank = 1 AND employee_residence = 'US' "
                "AND role = ? AND level = 'senior'",
                [r],
            ).fetchall()
        )
        for r in ROLES[:2]
    }
    assert senior.difference.difference == pytest.approx(
        medians["ai-engineer"] - medians["ml-engineer"]
    )
    assert (
        f"n={max(n_ai, n_ml):,} vs {min(n_ai, n_ml):,}" in senior.verdict
        or f"n={n_ai:,} vs {n_ml:,}" in senior.verdict
    )


def test_compare_cli_markdown_html_json(real_db: Path, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    result = runner.invoke(
        app, ["compare", *ROLES, "--format", "html", "-o", str(html), "--db", str(real_db)]
    )
    assert result.exit_code == 0, result.output
    page = html.read_text()
    assert page.count("<svg") >= 2 and "aijobs.net" in page and "O*NET 29.3" in page
    md = runner.invoke(app, ["compare", *ROLES, "--format", "markdown", "--db", str(real_db)])
    assert (
        md.exit_code == 0 and "data:image/svg+xml;base64," in md.output and "## Salary" in md.output
    )
    js = runner.invoke(app, ["compare", *ROLES[:2], "--format", "json", "--db", str(real_db)])
    data = json.loads(js.output)
    assert data["roles"] == ROLES[:2] and data["claims"]
    assert {c["claim"]["id"] for c in data["claims"]} >= {"ai-earns-more-a1", "ai-salary-range"}


def test_unknown_role_names_the_closest_matches(real_db: Path) -> None:
    result = runner.invoke(app, ["compare", "ai-enginer", "ml-engineer", "--db", str(real_db)])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "ai-enginer" in out and "ai-engineer" in out and "Traceback" not in out
    one = runner.invoke(app, ["compare", "ml-engineer", "ML-Engineer", "--db", str(real_db)])
    assert one.exit_code == 1 and "at least two different roles" in " ".join(one.output.split())


# ------------------------------------------------------------------ claims


def test_claims_json_has_sentence_test_verdict_evidence(real_db: Path, real_home: Path) -> None:
    result = runner.invoke(app, ["claims", "--format", "json", "--db", str(real_db)])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)["claims"]
    assert len(claims) >= 15
    verdicts = {v.value for v in Verdict}
    for c in claims:
        assert c["claim"]["sentence"] and c["claim"]["test"] and c["claim"]["how"]
        assert c["verdict"] in verdicts and c["evidence"]
    assert len({c["verdict"] for c in claims}) >= 3  # not one verdict for everything
    articles = real_home.parent / "articles"
    if not articles.is_dir():
        pytest.skip(f"{articles} not found: cannot check the sentences are verbatim")
    for c in claims:
        text = " ".join((articles / c["claim"]["article"]).read_text("utf-8").split())
        assert " ".join(c["claim"]["sentence"].split()) in text, c["claim"]["id"]


def _verdict_by_rule(measured: float, claimed: float) -> Verdict:
    """The growth rule of claims.toml, written again: within 3 points, same sign within 10."""
    if abs(measured - claimed) <= 3:
        return Verdict.supported
    if abs(measured - claimed) <= 10 and (measured > 0) == (claimed > 0):
        return Verdict.partly
    return Verdict.contradicted


def test_two_growth_verdicts_recomputed_from_the_raw_bls_file(
    real_con: duckdb.DuckDBPyConnection, real_home: Path
) -> None:
    raw = real_home / "bls-projections-2024-34" / "Employment Projections.csv"
    with raw.open(encoding="utf-8", errors="replace", newline="") as f:
        pct = {
            r["Occupation Code"]: float(r["Employment Percent Change, 2024-2034"])
            for r in csv.DictReader(f)
        }
    claims = {c.id: c for c in load_claims()}
    got = {
        r.claim.id: r.verdict
        for r in check_claims(real_con, (claims["ml-growth"], claims["cirs-growth"])).results
    }
    assert got["ml-growth"] == _verdict_by_rule(pct["15-2051"], 21.0)
    assert got["cirs-growth"] == _verdict_by_rule(pct["15-1221"], 15.0)


def test_ml_salary_range_verdict_recomputed_from_the_raw_survey(
    real_con: duckdb.DuckDBPyConnection, real_home: Path
) -> None:
    """The raw survey rows titled exactly "Machine Learning Engineer" in the US, one row each."""
    with (real_home / "aijobs-salaries" / "salaries.csv").open(encoding="utf-8", newline="") as f:
        values = sorted(
            float(r["salary_in_usd"])
            for r in csv.DictReader(f)
            if r["job_title"] == "Machine Learning Engineer" and r["employee_residence"] == "US"
        )
    n = len(values)
    # distribution-free 95% interval of the median from order statistics
    half = 1.96 * math.sqrt(n) / 2
    low, high = values[int(n / 2 - half)], values[math.ceil(n / 2 + half)]
    claim = next(c for c in load_claims() if c.id == "ml-salary-range")
    lo_claim, hi_claim = claim.params["low"], claim.params["high"]
    expected = (
        Verdict.supported
        if lo_claim <= low and high <= hi_claim
        else Verdict.contradicted
        if high < lo_claim or low > hi_claim
        else Verdict.partly
    )
    assert n > 1000
    assert check_claims(real_con, (claim,)).results[0].verdict == expected


def test_role_profile_cli_names_sources_and_thin_sections(real_db: Path) -> None:
    result = runner.invoke(app, ["role", "ai-programmer", "--db", str(real_db)], terminal_width=200)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    for heading in (
        "Definition and responsibilities",
        "Skills and tools",
        "Education",
        "Salary",
        "Outlook",
        "Industries",
        "Related roles and next steps",
    ):
        assert heading in out
    assert "15-1251.00 Computer Programmers" in out and "O*NET 29.3" in out
    assert "too few" in out.lower() or "no data" in out.lower()  # a thin role says so
    bad = runner.invoke(app, ["role", "ml-enginer", "--db", str(real_db)])
    assert bad.exit_code == 1 and "ml-engineer" in bad.output
