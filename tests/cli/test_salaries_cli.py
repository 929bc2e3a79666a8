"""``roleatlas salaries`` and ``roleatlas build`` from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roleatlas.cli import app, common
from roleatlas.store.build import build_atlas

runner = CliRunner()

#: The issue's example query.
SPEC_QUERY = [
    "salaries",
    *("--role", "ml-engineer", "--country", "US", "--level", "senior", "--year", "2024"),
    *("--format", "json"),
]

HEADER = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
)


@pytest.fixture
def atlas(tmp_path: Path) -> Path:
    """12 single-row ML engineer postings (US, senior, 2024) and 3 AI engineer ones."""
    rows = []
    for i in range(12):
        pay = 100_000 + 10_000 * i
        # Alternate remote ratios so that adjacent rows never pair up.
        rows.append(f"2024,SE,FT,Machine Learning Engineer,{pay},USD,{pay},US,{100 * (i % 2)},US,M")
    for i in range(3):
        pay = 150_000 + 1_000 * i
        rows.append(f"2024,SE,FT,AI Engineer,{pay},USD,{pay},US,{100 * (i % 2)},US,M")
    folder = tmp_path / "aijobs-salaries"
    folder.mkdir()
    (folder / "salaries.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "atlas.duckdb"
    build_atlas(db, home=tmp_path, sources=["aijobs-salaries"], verify=False)
    return db


def test_json_output_has_statistics_and_policy(atlas: Path) -> None:
    result = runner.invoke(
        app,
        [*SPEC_QUERY, "--db", str(atlas)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["policy"] == "posting"
    (group,) = data["groups"]
    assert group["n"] == 12
    assert group["median"] == pytest.approx(155_000)
    assert group["p10"] == pytest.approx(111_000)
    assert group["median_ci_low"] <= group["median"] <= group["median_ci_high"]
    assert "aijobs.net" in data["source"]


def test_small_groups_say_too_few(atlas: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(
        app, ["salaries", "--by", "role", "--format", "json", "--db", str(atlas)]
    )
    assert result.exit_code == 0, result.output
    groups = {g["key"]["role"]: g for g in json.loads(result.output)["groups"]}
    assert groups["ai-engineer"]["n"] == 3
    assert groups["ai-engineer"]["median"] is None
    assert groups["ai-engineer"]["note"] == "too few to estimate"
    monkeypatch.setattr(common.console, "width", 160)
    table = runner.invoke(app, ["salaries", "--by", "role", "--db", str(atlas)])
    assert "too few to estimate" in table.output
    assert "ml-engineer" in table.output


def test_csv_output(atlas: Path) -> None:
    result = runner.invoke(app, ["salaries", "--by", "role", "--format", "csv", "--db", str(atlas)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["role"] for r in rows] == ["ai-engineer", "ml-engineer"]
    assert rows[1]["n"] == "12" and rows[0]["note"] == "too few to estimate"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--role", "ml-enginer"], "Unknown role 'ml-enginer'. Did you mean 'ml-engineer'"),
        (["--level", "seniour"], "Unknown experience level 'seniour'. Did you mean 'senior'?"),
        (["--country", "Untied States"], "Did you mean 'United States'"),
        (["--by", "contry"], "Unknown grouping 'contry'. Did you mean 'country'?"),
        (["--remote", "sometimes"], "Unknown remote setting 'sometimes'"),
    ],
)
def test_bad_names_get_clear_messages(atlas: Path, args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["salaries", *args, "--db", str(atlas)])
    assert result.exit_code == 1
    assert "Error:" in result.output and expected in result.output
    assert "Traceback" not in result.output


def test_missing_atlas_says_build_first(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["salaries", "--db", str(tmp_path / "none.duckdb")], terminal_width=400
    )
    assert result.exit_code == 1
    assert "roleatlas build" in result.output


def test_build_command_prints_accounting(tmp_path: Path) -> None:
    folder = tmp_path / "aijobs-salaries"
    folder.mkdir()
    (folder / "salaries.csv").write_text(
        HEADER + "2024,SE,FT,AI Engineer,1,USD,1,US,0,US,M\n", encoding="utf-8"
    )
    result = runner.invoke(
        app,
        [
            "build",
            "--data-home",
            str(tmp_path),
            "--db",
            str(tmp_path / "a.duckdb"),
            "--source",
            "aijobs-salaries",
        ],
        terminal_width=200,
    )
    # The fixture's checksum differs from the registered release: the build refuses it, clearly.
    assert result.exit_code == 1
    assert "differ from the registered release" in result.output
    assert not (tmp_path / "a.duckdb").exists()


@pytest.mark.integration
def test_build_command_on_real_salaries(use_real_home: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    result = runner.invoke(
        app, ["build", "--db", str(db), "--source", "aijobs-salaries"], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    assert "Row accounting per source" in result.output
    assert "aijobs-salaries" in result.output and "74,301" in result.output
    per_file = runner.invoke(
        app, ["build", "--db", str(db), "--source", "aijobs-salaries", "--files"]
    )
    assert per_file.exit_code == 0, per_file.output
    assert "Row accounting per file" in per_file.output and "salaries.csv" in per_file.output
    spec = runner.invoke(
        app,
        [*SPEC_QUERY, "--db", str(db)],
    )
    assert spec.exit_code == 0, spec.output
    (group,) = json.loads(spec.output)["groups"]
    assert group["n"] > 100 and group["median_ci_low"] < group["median"] < group["median_ci_high"]


def test_no_matching_rows_says_so(atlas: Path) -> None:
    result = runner.invoke(
        app, ["salaries", "--year", "2021", "--by", "role", "--format", "json", "--db", str(atlas)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["groups"] == []
    assert data["notes"][0] == "No survey rows match these filters: widen them (see --help)."
