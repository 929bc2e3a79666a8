"""`roleatlas classify`: single titles with explanations, JSON, batch CSV, and clear errors."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roleatlas.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "classify"))
from classify_fixtures import fit_tiny

runner = CliRunner()


@pytest.fixture
def current_model() -> None:
    from roleatlas.classify.model import save_model

    save_model(fit_tiny())


def test_single_title_shows_role_alternatives_and_words(current_model: None) -> None:
    result = runner.invoke(app, ["classify", "Generative AI Engineer"])
    assert result.exit_code == 0, result.output
    assert "ai-engineer (AI Engineer), confidence" in result.output
    assert "Top candidates" in result.output
    assert "Words that pushed it over" in result.output and "(title, +" in result.output
    assert "Model test-tiny, title only." in result.output


def test_two_stage_explanation_names_both_stages() -> None:
    import dataclasses

    from classify_fixtures import fit_focus_stage

    from roleatlas.classify.model import save_model

    tiny = fit_tiny()
    stage, _ = fit_focus_stage(tiny.classes)
    save_model(dataclasses.replace(tiny, second=stage))
    desc = "llm agents rag prompt langchain chatbot openai"
    result = runner.invoke(app, ["classify", "Machine Learning Engineer", "-d", desc])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # Rich wraps lines
    assert "-> ai-engineer" in out
    assert "Second stage, what pushed it over" in out and "(description focus, +" in out
    assert "First stage, words that pushed it over" in out


def test_json_with_description_file(current_model: None, tmp_path: Path) -> None:
    desc = tmp_path / "d.txt"
    desc.write_text("<p>llm agents, retrieval &amp; rag</p>")
    result = runner.invoke(
        app, ["classify", "Software Engineer", "--file", str(desc), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["title"] == "Software Engineer" and doc["role"] == "ai-engineer"
    assert len(doc["candidates"]) == 3 and doc["answered"] is True
    assert any(e["field"] == "description" for e in doc["evidence"])


def test_empty_title_is_unclear_with_reason(current_model: None) -> None:
    result = runner.invoke(app, ["classify", ""])
    assert result.exit_code == 0
    assert "(empty title) -> unclear: none of its words is known to the model" in result.output


def test_batch_writes_csv_with_roles(current_model: None, tmp_path: Path) -> None:
    src = tmp_path / "jobs.csv"
    src.write_text(
        "id,title,text\n1,Machine Learning Engineer,train models\n2,Registered Nurse,\n3,,\n"
    )
    result = runner.invoke(
        app, ["classify", "--file", str(src), "--column", "title", "--description-column", "text"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "jobs.roles.csv").read_text().splitlines()))
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert [r["role"] for r in rows] == ["ml-engineer", "other", "unclear"]
    assert all(0 <= float(r["confidence"]) <= 1 for r in rows)
    assert rows[0]["candidate_1"] == "ml-engineer" and rows[0]["candidate_2"]
    assert "Classified 3 rows" in result.output and "2 with a role, 1 unclear" in result.output


def test_batch_to_stdout(current_model: None, tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("title\nAI Developer\n")
    result = runner.invoke(app, ["classify", "--file", str(src), "-o", "-"])
    assert result.exit_code == 0
    assert "title,role,confidence" in result.output and "AI Developer," in result.output


def test_batch_unknown_column_lists_the_columns(current_model: None, tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("job,desc\nx,y\n")
    result = runner.invoke(app, ["classify", "--file", str(src), "--column", "title"])
    assert result.exit_code == 1
    assert "has no column 'title'. Its columns are: job, desc." in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Give a TITLE to classify, or --file with a CSV"),
        (["x", "--description", "a", "--file", "f.txt"], "not both"),
        (["x", "--file", "/nonexistent/d.txt"], "Cannot read /nonexistent/d.txt"),
    ],
)
def test_bad_arguments(current_model: None, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["classify", *args])
    assert result.exit_code == 1
    assert message in result.output


def test_no_model_says_how_to_train() -> None:
    result = runner.invoke(app, ["classify", "ML Engineer"])
    assert result.exit_code == 1
    assert "No role model has been trained yet" in result.output
    assert "roleatlas train roles" in result.output
    assert "Traceback" not in result.output


def test_report_without_model_says_how_to_train() -> None:
    result = runner.invoke(app, ["model", "report", "roles"])
    assert result.exit_code == 1 and "roleatlas train roles" in result.output


@pytest.mark.integration
def test_report_on_the_development_set(current_model: None, use_real_home: Path) -> None:
    from roleatlas.classify.gold import dev_labels_path
    from roleatlas.classify.model import default_model

    with dev_labels_path().open(encoding="utf-8") as fh:
        labels = [r["role"] for r in csv.DictReader(fh)]
    result = runner.invoke(app, ["model", "report", "roles", "--on", "dev", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["scored_on"] == "dev"
    scores = doc["gold"]["model"]
    assert scores["n"] == len(labels) == 100
    rules = doc["gold"]["rules"]
    assert sum(r["support"] for r in rules["per_role"]) == len(labels)
    assert "gold" not in default_model().metadata  # dev figures are never stored
    table = runner.invoke(app, ["model", "report", "roles", "--on", "dev"])
    assert table.exit_code == 0, table.output
    assert "Development set: 100 hand-labelled postings" in table.output
    assert "judged on the gold set only" in table.output
    assert "Targets not met" not in table.output
