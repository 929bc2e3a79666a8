"""``roleatlas skills`` from the command line: a tiny atlas, then the real one."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from roleatlas.cli import app
from roleatlas.store.build import build_atlas

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "skills"))
from test_demand import write_tiny_atlas

runner = CliRunner()


@pytest.fixture
def atlas(tmp_path: Path) -> Path:
    return write_tiny_atlas(tmp_path / "atlas.duckdb")


def test_table_output_gives_n_interval_and_source(atlas: Path) -> None:
    result = runner.invoke(app, ["skills", "ml-engineer", "--db", str(atlas)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Machine Learning Engineer (ml-engineer): technical skills in n=40 job postings" in out
    assert "Source: 102 job postings in $ROLEATLAS_DATA_HOME/postings" in out
    assert "roles by role classifier test" in out
    assert "Skills most asked for in ml-engineer postings (n=40)" in out
    assert "Python" in out and "30 of 40" in out and "75%" in out and "60%–86%" in out
    assert "machine learning" not in out  # a concept: only with --all-types
    assert "Skills more typical of ml-engineer (n=40) than of other roles (n=62)" in out
    assert "Technical skills named together in ml-engineer postings (n=40)" in out
    assert "Python + PyTorch" in out
    assert (
        "O*NET 15-2051.00 (rank 1): O*NET lists 'Machine Learning Engineer' as an alternate title."
        in out
    )
    assert "Hot in O*NET, not in the postings: Excel." in out
    assert "Hot in O*NET, not in our skills taxonomy: Frobnicator Studio." in out
    assert "scikit-learn (15%, listed, not hot)" in out and "LangChain (5%, not listed)" in out


def test_versus_a_role_names_the_side_each_skill_favours(atlas: Path) -> None:
    result = runner.invoke(
        app, ["skills", "ml-engineer", "--vs", "ai-engineer", "--db", str(atlas)]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Skills that separate ml-engineer (n=40) from ai-engineer (n=32)" in out
    rows = [" ".join(line.split()) for line in out.splitlines() if "/40 " in line]
    assert rows == [
        "Apache Spark 30% 12/40 0% 0/32 +2.46 +0.58…+4.35 ml-engineer",
        "PyTorch 50% 20/40 25% 8/32 +0.88 +0.00…+1.77 not clear",
        "scikit-learn 15% 6/40 0% 0/32 +2.25 -0.30…+4.79 not clear",
        "LangChain 5% 2/40 50% 16/32 -2.19 -3.39…-0.98 ai-engineer",
        "Python 75% 30/40 88% 28/32 -0.53 -1.54…+0.47 not clear",
    ]


def test_thin_roles_get_no_ranking(atlas: Path) -> None:
    result = runner.invoke(app, ["skills", "data-scientist", "--db", str(atlas)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "data-scientist: too few postings (n=10) to rank skills (at least 30 are needed)." in out
    assert "Skills most asked for in" not in out and "named together in" not in out
    assert "O*NET hot technologies named in data-scientist postings (n=10)" in out
    versus = runner.invoke(
        app, ["skills", "ml-engineer", "--vs", "data-scientist", "--db", str(atlas)]
    )
    text = " ".join(versus.output.split())
    assert "data-scientist: too few postings (n=10) to rank skills" in text
    assert "Skills most asked for in ml-engineer postings (n=40)" in text
    assert "Skills that separate" not in text


def test_json_has_the_same_content(atlas: Path) -> None:
    result = runner.invoke(
        app, ["skills", "ml-engineer", "--all-types", "--format", "json", "--db", str(atlas)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["technical_only"] is False and data["demand"]["n"] == 40
    shares = {s["skill_id"]: (s["k"], s["n"]) for s in data["demand"]["skills"]}
    assert shares["python"] == (30, 40) and shares["machine-learning"] == (10, 40)
    assert data["cooccurrence"]["pairs"][0]["lift"] == pytest.approx(20 * 40 / (30 * 20))
    assert data["onet"]["unmapped"] == ["Frobnicator Studio"]
    assert data["source"].startswith("102 job postings") and data["notes"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ml-enginer"], "Unknown role 'ml-enginer'. Did you mean 'ml-engineer'"),
        (
            ["ml-engineer", "--vs", "ai-engneer"],
            "Unknown role 'ai-engneer'. Did you mean 'ai-engineer'",
        ),
        (["ml-engineer", "--vs", "ml-engineer"], "Compare ml-engineer with another role"),
    ],
)
def test_bad_roles_say_what_to_do(atlas: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["skills", *args, "--db", str(atlas)])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_missing_atlas_or_postings_says_to_build(tmp_path: Path) -> None:
    result = runner.invoke(app, ["skills", "ml-engineer", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "No atlas at" in out and "Build it first with `roleatlas build`" in out
    assert "put the postings source in $ROLEATLAS_DATA_HOME/postings before building" in out
    bare = write_tiny_atlas(tmp_path / "bare.duckdb", postings=False)
    result = runner.invoke(app, ["skills", "ml-engineer", "--db", str(bare)])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "The atlas has no job postings" in out and "run `roleatlas build` again" in out


@pytest.mark.integration
@pytest.mark.slow
def test_real_atlas_ml_engineer_versus_ai_engineer(
    use_real_home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = tmp_path / "atlas.duckdb"
    build_atlas(db, sources=["onet", "postings"])  # O*NET, role links, postings (about 15 s)
    result = runner.invoke(app, ["skills", "ml-engineer", "--vs", "ai-engineer", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    con = duckdb.connect(str(db), read_only=True)
    request.addfinalizer(con.close)

    def postings(role: str, skill: str | None = None) -> int:
        """Counted postings of a role (naming ``skill``), straight from the atlas tables."""
        where = (
            ""
            if skill is None
            else (
                'AND EXISTS (SELECT 1 FROM posting_skill s WHERE s.file = p.file AND s."row" = p."row" '
                "AND s.skill_id = ?)"
            )
        )
        row = con.execute(
            f"SELECT count(*) FROM posting_role p WHERE p.role = ? AND p.duplicate_of IS NULL {where}",
            [role] if skill is None else [role, skill],
        ).fetchone()
        return int(row[0]) if row else -1

    n, n_ai = postings("ml-engineer"), postings("ai-engineer")
    k = postings("ml-engineer", "pytorch")
    assert n > 100 and k > 50 and n_ai >= 30  # the real postings, not a fixture
    assert f"technical skills in n={n:,} job postings" in out
    assert f"PyTorch library {k:,} of {n:,}" in out  # PyTorch's share, recomputed by SQL
    assert "roles by title rules (no trained role model)" in out  # tests train no model
    for tool in ("Python", "PyTorch", "TensorFlow", "LangChain"):
        assert tool in out
    assert f"Skills that separate ml-engineer (n={n:,}) from ai-engineer (n={n_ai:,})" in out
    langchain = [
        " ".join(line.split()) for line in result.output.splitlines() if "LangChain " in line
    ]
    k_ml, k_ai = postings("ml-engineer", "langchain"), postings("ai-engineer", "langchain")
    assert any(
        f"{k_ml}/{n} " in line and f"{k_ai}/{n_ai} " in line and line.endswith("ai-engineer")
        for line in langchain
    ), langchain
    assert "15-2051.00 Data Scientists" in out and "O*NET 29.3 Database" in out
