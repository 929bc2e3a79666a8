"""The pay parsers against the hand-labelled gold tables, and the scorer itself."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from roleatlas.parse.evaluate import evaluate_salary_gold

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "parse"
TARGET = 0.98
HEADER = "file,row,field,fragment,status,reason,min,max,currency,period,annual_min,annual_max,estimate,note"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def postings(tmp_path: Path) -> Path:
    home = tmp_path / "postings"
    home.mkdir()
    _write(
        home / "g.csv", ["Salary Estimate"], [["$50K-$70K (Glassdoor est.)"], ["-1"], ["$9K-$10K"]]
    )
    _write(
        home / "d.csv",
        ["description"],
        [
            ["We raised $5M. Salary range: $100,000 - $120,000 per year."],
            ["Tuition up to $5,000. Pay: $30/hr."],
            ["Great team, no pay figure."],
        ],
    )
    return home


def _gold(tmp_path: Path, lines: list[str]) -> Path:
    """Write gold lines given as '|'-separated cells (fragments hold commas)."""
    path = tmp_path / "gold.csv"
    _write(path, HEADER.split(","), [line.split("|") for line in lines])
    return path


def test_scorer_counts_agreement_misses_and_pay_read_where_there_is_none(
    tmp_path: Path, postings: Path
) -> None:
    gold = _gold(
        tmp_path,
        [
            "g.csv|0|Salary Estimate|x|pay||50000|70000|USD|year|50000|70000|true|",
            "g.csv|1|Salary Estimate|-1|none|not stated||||||||",
            # the labeller says row 2 is no pay: the parser reads pay there -> read as pay
            "g.csv|2|Salary Estimate|x|none|not stated||||||||",
            "d.csv|0|description|$100,000 - $120,000|pay||100000|120000|USD|year|100000|120000|false|",
            # a deliberately wrong label: 35/hr instead of 30/hr -> a miss plus an extra
            "d.csv|1|description|$30/hr|pay||35|35|USD|hour|72800|72800|false|",
            "d.csv|2|description||none|not stated||||||||",
        ],
    )
    report = evaluate_salary_gold(gold, postings)
    assert report.lines == 6
    assert report.agreed == 4  # g0, g1, d0, d2
    assert report.extra_pay == 1  # g2; d1's 30/hr overlaps its gold fragment: a misread
    assert report.extra_cases == 1  # d1's 30/hr beside the wrong gold statement
    assert report.cases == 7
    assert report.accuracy == pytest.approx(4 / 7)
    assert report.by_field["description"] == [2, 4]
    assert {(e.file, e.row) for e in report.errors} == {("g.csv", 2), ("d.csv", 1)}


def _check(name: str, real_home: Path) -> None:
    report = evaluate_salary_gold(GOLD_DIR / name, real_home / "postings")
    print(
        f"\n{name}: {report.agreed}/{report.cases} = {report.accuracy:.1%} exact agreement; "
        f"{report.extra_pay} read as pay where there is none; {report.missed_pay} pay missed"
    )
    for e in report.errors:
        print(f"  {e.file}:{e.row} {e.field} {e.fragment!r}: {e.expected} -> {e.got}")
    assert report.lines >= 200
    assert report.extra_pay == 0
    assert report.accuracy >= TARGET


@pytest.mark.integration
def test_development_gold_table(real_home: Path) -> None:
    _check("salary_gold.csv", real_home)


@pytest.mark.integration
def test_held_out_gold_table(real_home: Path) -> None:
    _check("salary_holdout.csv", real_home)
