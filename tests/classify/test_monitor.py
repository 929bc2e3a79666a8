"""The role classifier's monitoring report, on hand-made atlas tables."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from roleatlas.classify.monitor import expected_rates, monitor_roles
from roleatlas.errors import InputError
from roleatlas.insights.stats import wilson_interval

META = {
    "version": "v2",
    "first_stage_calibrated_on": "title alone",
    "cv_hand_chosen_with_abstention": {"answer_rate": 0.95},
    "second_stage": {"postings": 800, "hand_with_abstention": {"answer_rate": 0.97}},
}


def _atlas(
    postings: list[tuple[str, int, str, float, str, str | None]],
    titles: list[tuple[str, int, str, str, float, str]] | None = None,
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE posting_role (file VARCHAR, row INTEGER, title VARCHAR, role VARCHAR, "
        "confidence DOUBLE, role_source VARCHAR, duplicate_of VARCHAR)"
    )
    for file, row, role, conf, source, dup in postings:
        con.execute(
            "INSERT INTO posting_role VALUES (?, ?, 't', ?, ?, ?, ?)",
            [file, row, role, conf, source, dup],
        )
    if titles is not None:
        con.execute(
            "CREATE TABLE title_role (job_title VARCHAR, rows BIGINT, rule_role VARCHAR, "
            "rule VARCHAR, model_role VARCHAR, model_confidence DOUBLE, model_second VARCHAR, "
            "model_version VARCHAR)"
        )
        for title, rows, rule_role, model_role, conf, version in titles:
            con.execute(
                "INSERT INTO title_role VALUES (?, ?, ?, 'r', ?, ?, NULL, ?)",
                [title, rows, rule_role, model_role, conf, version],
            )
    return con


def _postings(answered: int, unclear: int, version: str = "v2", file: str = "mine.csv") -> list:
    out = [(file, i, "ml-engineer", 0.9, f"model:{version}", None) for i in range(answered)]
    out += [(file, answered + i, "unclear", 0.3, f"model:{version}", None) for i in range(unclear)]
    return out


def test_expected_rates_come_from_the_metadata() -> None:
    rates = expected_rates(META)
    assert rates["postings"][0] == 0.97 and "800 hand-labelled" in rates["postings"][1]
    assert rates["titles"][0] == 0.95
    old = {"cv_hand_chosen_with_abstention": {"answer_rate": 0.9}}  # calibrated with descriptions
    assert expected_rates(old)["titles"] == (None, "not measured for titles alone by this model")
    assert expected_rates(old)["postings"][0] is None


def test_a_stream_answered_as_expected_is_not_flagged() -> None:
    con = _atlas([*_postings(194, 6), ("mine.csv", 999, "ml-engineer", 0.9, "model:v2", "x:1")])
    report = monitor_roles(con, META)
    (s,) = report.streams
    assert (s.n, s.answered) == (200, 194)  # the repeat is left out
    assert s.interval == wilson_interval(194, 200)
    assert s.mean_confidence == pytest.approx((194 * 0.9 + 6 * 0.3) / 200)
    assert not s.below_expected and report.warnings == ()
    assert report.notes == ()  # not a bundled file


def test_a_stream_answered_much_less_often_is_flagged() -> None:
    report = monitor_roles(_atlas(_postings(160, 40)), META)
    (s,) = report.streams
    assert s.below_expected  # 80% answered, interval 74-85%, expected 97%
    (warning,) = report.warnings
    assert "answers 80.0% of the postings" in warning and "below the 97.0%" in warning
    assert "Label a sample by hand" in warning


def test_a_small_stream_is_not_flagged_on_noise() -> None:
    report = monitor_roles(_atlas(_postings(9, 1)), META)
    assert not report.streams[0].below_expected  # 90% of 10: the interval reaches 97%


def test_labels_from_another_model_say_rebuild() -> None:
    report = monitor_roles(_atlas(_postings(50, 0, version="v1")), META)
    assert report.streams[0].versions == ("v1",)
    assert any("labelled by model v1, not the current v2" in w for w in report.warnings)


def test_survey_titles_agreement_is_weighted_by_rows() -> None:
    titles = [
        ("AI Engineer", 60, "ai-engineer", "ai-engineer", 0.8, "v2"),
        ("Software Engineer", 30, "other", "ml-engineer", 0.5, "v2"),
        ("Whisperer", 10, "other", "unclear", 0.2, "v2"),
    ]
    report = monitor_roles(_atlas([], titles), META)
    (s,) = report.streams  # no model answers among the postings: no postings stream
    assert s.name.startswith("survey titles")
    assert (s.n, s.answered) == (3, 2)
    assert s.rule_agreement == pytest.approx(0.6)
    assert s.expected == 0.95
    assert report.notes and "training data too" in report.notes[0]


def test_bundled_postings_are_said_to_be_in_sample() -> None:
    report = monitor_roles(_atlas(_postings(20, 0, file="glassdoor_jobs.csv")), META)
    assert "glassdoor_jobs.csv" in report.notes[0] and "in-sample" in report.notes[0]
    assert json.loads(json.dumps(report.to_dict()))["notes"] == list(report.notes)


def test_an_atlas_without_model_answers_says_what_to_run() -> None:
    rules_only = [("mine.csv", 0, "ml-engineer", None, "rules", None)]
    for con in (duckdb.connect(), _atlas(rules_only)):
        with pytest.raises(InputError, match="run `roleatlas train roles`, then `roleatlas build`"):
            monitor_roles(con, META)


def test_monitor_command(tmp_path: Path) -> None:
    import sys

    from classify_fixtures import fit_tiny
    from typer.testing import CliRunner

    from roleatlas.classify.model import save_model
    from roleatlas.cli import app
    from roleatlas.store.build import build_atlas

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
    from test_build import write_fixture

    runner = CliRunner()
    write_fixture(tmp_path)
    db = tmp_path / "a.duckdb"
    build_atlas(db, home=tmp_path, sources=["aijobs-salaries"], verify=False)
    no_model = runner.invoke(app, ["model", "monitor", "roles", "--db", str(db)])
    assert no_model.exit_code != 0 and "roleatlas train roles" in no_model.output
    assert "Traceback" not in no_model.output
    save_model(fit_tiny())
    build_atlas(db, home=tmp_path, sources=["aijobs-salaries"], verify=False)
    out = runner.invoke(app, ["model", "monitor", "roles", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["model_version"] == "test-tiny"
    assert [s["n"] for s in doc["streams"]] == [3]  # three distinct survey titles
    table = runner.invoke(app, ["model", "monitor", "roles", "--db", str(db)])
    assert table.exit_code == 0 and "survey titles" in table.output
