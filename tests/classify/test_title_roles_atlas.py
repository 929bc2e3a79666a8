"""The atlas carries the classifier's role next to the rule role for every survey title."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from classify_fixtures import fit_tiny

from roleatlas.classify.atlas import model_note
from roleatlas.classify.model import save_model
from roleatlas.errors import UnknownNameError
from roleatlas.store.build import build_atlas
from roleatlas.store.connection import open_atlas

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_build import write_fixture


def test_build_with_a_model_fills_title_role(tmp_path: Path) -> None:
    model = fit_tiny()
    save_model(model)
    write_fixture(tmp_path)
    build_atlas(tmp_path / "a.duckdb", home=tmp_path, sources=["aijobs-salaries"], verify=False)
    con = open_atlas(tmp_path / "a.duckdb")
    rows = con.execute(
        "SELECT job_title, rows, rule_role, model_role, model_version FROM title_role ORDER BY 1"
    ).fetchall()
    expected = {
        t: model.classify(t).role
        for t in ("AI Engineer", "Data Scientist", "Machine Learning Engineer")
    }
    assert [(r[0], r[3]) for r in rows] == sorted(expected.items())
    assert [r[1] for r in rows] == [
        2,
        1,
        2,
    ]  # loaded rows per title (one AI Engineer row quarantined)
    assert {r[2] for r in rows} == {"ai-engineer", "data-scientist", "ml-engineer"}
    assert {r[4] for r in rows} == {"test-tiny"}
    joined = con.execute(
        "SELECT count(*) FROM salary_row s JOIN title_role t USING (job_title) "
        "WHERE s.model_role = t.model_role AND s.model_confidence = t.model_confidence"
    ).fetchone()
    assert joined == (5,)
    assert con.execute(
        "SELECT count(*) FROM salary_posting WHERE model_role IS NULL"
    ).fetchone() == (0,)
    assert "test-tiny labelled the survey titles" in model_note()


def test_build_without_a_model_keeps_rule_roles_and_says_how(tmp_path: Path) -> None:
    write_fixture(tmp_path)
    build_atlas(tmp_path / "a.duckdb", home=tmp_path, sources=["aijobs-salaries"], verify=False)
    con = open_atlas(tmp_path / "a.duckdb")
    assert con.execute("SELECT count(*), count(model_role) FROM title_role").fetchone() == (3, 0)
    assert con.execute("SELECT count(*) FROM salary_row WHERE role IS NULL").fetchone() == (0,)
    assert "run `roleatlas train roles`, then `roleatlas build` again" in model_note()


def _atlas_with(tmp_path: Path, rows: list[str] | None = None) -> Path:
    write_fixture(tmp_path, *([rows] if rows else []))
    build_atlas(tmp_path / "a.duckdb", home=tmp_path, sources=["aijobs-salaries"], verify=False)
    return tmp_path / "a.duckdb"


HEADER_ROWS = [
    f"2024,SE,FT,{title},{pay},USD,{pay},US,{100 * (i % 2)},US,M"
    for i, (title, pay) in enumerate(
        [("AI Engineer", 150_000 + 1_000 * k) for k in range(6)]
        + [("Machine Learning Engineer", 120_000 + 1_000 * k) for k in range(5)]
        + [("Registered Nurse", 80_000 + 1_000 * k) for k in range(4)]
        + [("Quantum Widget Whisperer", 90_000)]
    )
]


def test_salaries_can_count_under_the_classifier_roles(tmp_path: Path) -> None:
    from roleatlas.insights.salaries import RoleSource, SalaryQuery, salary_report

    model = fit_tiny(threshold=0.7)  # unsure of the one title it has no words for
    save_model(model)
    db = _atlas_with(tmp_path, HEADER_ROWS)
    con = open_atlas(db)
    report = salary_report(con, SalaryQuery(by=("role",), roles_from=RoleSource.model, min_n=1))
    got = {g.key["role"]: g.stats.n for g in report.groups}
    expected: Counter[str] = Counter()
    for title, n in con.execute(
        "SELECT job_title, count(*) FROM salary_posting WHERE copy_rank = 1 GROUP BY 1"
    ).fetchall():
        expected[model.classify(title).role] += n
    assert got == dict(expected)
    assert sum(got.values()) == 16
    note = next(n for n in report.notes if "Roles from role classifier test-tiny" in n)
    assert "1 of 4 distinct titles are 'unclear'" in note
    assert "it gives 94% of survey rows their rule role" in note  # 15 of 16 rows
    assert got["unclear"] == 1 and report.groups[-1].key["role"] == "unclear"  # shown last
    rules = salary_report(con, SalaryQuery(by=("role",), min_n=1))
    assert "unclear" not in {g.key["role"] for g in rules.groups}  # the rules say 'other'
    one = salary_report(
        con, SalaryQuery(roles=("ai-engineer",), roles_from=RoleSource.model, min_n=1)
    )
    assert one.groups[0].stats.n == expected["ai-engineer"]


def test_classifier_roles_without_a_model_say_how_to_add_them(tmp_path: Path) -> None:
    from roleatlas.errors import InputError
    from roleatlas.insights.salaries import SalaryQuery, salary_report

    con = open_atlas(_atlas_with(tmp_path))
    with pytest.raises(InputError, match="run `roleatlas train roles`, then `roleatlas build`"):
        salary_report(con, SalaryQuery(roles_from="model"))  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match="role source"):
        salary_report(con, SalaryQuery(roles_from="modle"))  # type: ignore[arg-type]


def test_salaries_cli_roles_option(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from roleatlas.cli import app

    save_model(fit_tiny())
    db = _atlas_with(tmp_path, HEADER_ROWS)
    runner = CliRunner()
    args = ["salaries", "--db", str(db), "--by", "role", "--min-n", "1", "--format", "json"]
    out = runner.invoke(app, [*args, "--roles", "model"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["roles_from"] == "model"
    assert sum(g["n"] for g in doc["groups"]) == 16
    bad = runner.invoke(app, [*args, "--roles", "guess"])
    assert bad.exit_code == 2 and "'guess' is not one of" in bad.output
    assert "Traceback" not in bad.output
