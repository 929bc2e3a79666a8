"""The atlas carries the classifier's role next to the rule role for every survey title."""

from __future__ import annotations

import sys
from pathlib import Path

from classify_fixtures import fit_tiny

from roleatlas.classify.atlas import model_note
from roleatlas.classify.model import save_model
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
