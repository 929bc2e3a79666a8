"""``roleatlas parse salary|title|location`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from roleatlas.cli import app

runner = CliRunner()


def test_salary_json_gives_the_structured_result() -> None:
    result = runner.invoke(app, ["parse", "salary", "£40k–£50k", "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["kind"] == "pay"
    assert (record["min"], record["max"], record["currency"], record["period"]) == (
        40000.0,
        50000.0,
        "GBP",
        "year",
    )


def test_salary_table_shows_values_and_usd_at_a_years_rate() -> None:
    result = runner.invoke(app, ["parse", "salary", "$65/hr", "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "135,200" in result.stdout  # 65 x 2080
    assert "hour" in result.stdout
    assert "USD" in result.stdout


def test_salary_placeholder_is_not_pay() -> None:
    result = runner.invoke(app, ["parse", "salary", "USD 1111111K - 1111111K", "-f", "json"])
    record = json.loads(result.stdout)
    assert (record["kind"], record["reason"]) == ("no-pay", "placeholder")


def test_year_without_a_rate_is_a_clear_error() -> None:
    result = runner.invoke(app, ["parse", "salary", "₹12 LPA", "--year", "2019"])
    assert result.exit_code == 1
    assert "No exchange rate for INR in 2019" in result.stderr
    assert "2020" in result.stderr
    assert "Traceback" not in result.output


def test_find_lists_pay_and_other_money(tmp_path: Path) -> None:
    text = "We raised $5M in a seed round. The salary range is $120k to $150k per year."
    doc = tmp_path / "d.txt"
    doc.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["parse", "salary", "--file", str(doc), "-f", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [(r["kind"], r["text"]) for r in records] == [
        ("no-pay", "$5M"),
        ("pay", "$120k to $150k per year"),
    ]
    assert text[records[1]["start"] : records[1]["end"]] == "$120k to $150k per year"


def test_bad_inputs_get_clear_messages(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["parse", "salary"])
    assert missing.exit_code == 1
    assert "Give the text to parse" in missing.stderr
    both = runner.invoke(app, ["parse", "salary", "x", "--file", str(tmp_path / "a.txt")])
    assert "not both" in both.stderr
    absent = runner.invoke(app, ["parse", "salary", "--file", str(tmp_path / "none.txt")])
    assert absent.exit_code == 1
    assert "Cannot read" in absent.stderr
    country = runner.invoke(app, ["parse", "salary", "$5", "--country", "Canada"])
    assert "ISO alpha-2" in country.stderr
