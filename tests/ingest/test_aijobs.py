"""The aijobs.net loader on a tiny hand-written survey file: typing, quarantine, pairing, copies."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from roleatlas.ingest.aijobs import load_aijobs
from roleatlas.sources import get_source, source_status
from roleatlas.store.writer import AtlasWriter

HEADER = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size"
)
# Line numbers count the header as line 1.
ROWS = [
    "2024,SE,FT,Machine Learning Engineer,200000,USD,200000,US,0,US,M",  # 2  pair A (high first)
    "2024,SE,FT,Machine Learning Engineer,150000,USD,150000,US,0,US,M",  # 3
    "2024,MI,FT,Data Analyst,90000,USD,90000,US,100,US,L",  # 4  single
    "2024,EN,FT,AI Engineer,100000,USD,100000,CA,50,CA,S",  # 5  pair B (low first) ...
    "2024,XX,FT,AI Engineer,100000,USD,100000,CA,50,CA,S",  # 6  quarantined: unknown level
    "2024,EN,FT,AI Engineer,120000,USD,120000,CA,50,CA,S",  # 7  ... pairs across the bad row
    "2024,SE,FT,Machine Learning Engineer,200000,USD,200000,US,0,US,M",  # 8  pair A again
    "2024,SE,FT,Machine Learning Engineer,150000,USD,150000,US,0,US,M",  # 9
    "2023,MI,FT,Data Scientist,80000,GBP,100000,GB,0,GB,M",  # 10 GBP rate 0.8, pair C
    "2023,MI,FT,Data Scientist,60000,GBP,75000,GB,0,GB,M",  # 11 GBP rate 0.8
    "2023,SE,FT,Data Engineer,40000,GBP,50000,GB,100,GB,L",  # 12 GBP rate 0.8, single
    "2023,EX,FT,Head of Data,88000,GBP,100000,GB,0,GB,M",  # 13 GBP rate 0.88: 10% off
    "2023,EN,PT,Data Analyst,40600,GBP,50000,GB,0,GB,S",  # 14 GBP rate 0.812: 1.5% off, kept
    "2024,SE,FT,Data Scientist,100000,USD,100000,ZZ,0,US,M",  # 15 unknown residence
    "2024,SE,FT,Data Scientist,5000,USD,5000,US,0,US,M",  # 16 below the band
    "2024,SE,FT,Data Scientist,lots,USD,100000,US,0,US,M",  # 17 non-numeric salary
    "2024,SE,FT,Data Scientist,100000,USD,110000,US,0,US,M",  # 18 USD salary != salary_in_usd
    "2019,SE,FT,Data Scientist,100000,USD,100000,US,0,US,M",  # 19 year outside 2020-2030
    "2024,SE,XY,Data Scientist,100000,USD,100000,US,0,US,M",  # 20 unknown employment type
    "2024,SE,FT,Data Scientist,100000,USD,100000,US,25,US,M",  # 21 remote ratio 25
    "2024,SE,FT,Data Scientist,100000,USD,100000,US,0,US,XL",  # 22 unknown company size
    "2024,SE,FT,Data Scientist,100000,dollars,100000,US,0,US,M",  # 23 not an ISO currency
    "2024,SE,FT,Data Scientist,2500000,USD,2500000,US,0,US,M",  # 24 above the band
    "2024,SE,FT,Software Engineer,180000,USD,180000,US,0,US,M",  # 25 single, role other
]

EXPECTED_QUARANTINE = {
    6: "unknown experience level 'XX'",
    13: "implied rate 0.88 GBP/USD is more than 2% away from the 2023 median 0.8",
    15: "unknown ISO country code (employee_residence) 'ZZ'",
    16: "salary_in_usd 5000 outside the plausible band [10000, 2000000]",
    17: "salary is not a number: 'lots'",
    18: "salary 100000 USD differs from salary_in_usd 110000",
    19: "work_year 2019 outside 2020-2030",
    20: "unknown employment type 'XY'",
    21: "remote_ratio 25 is not one of 0, 50, 100",
    22: "unknown company size 'XL'",
    23: "salary_currency 'dollars' is not an ISO 4217 code",
    24: "salary_in_usd 2500000 outside the plausible band [10000, 2000000]",
}


def _load(home: Path, rows: list[str]) -> duckdb.DuckDBPyConnection:
    folder = home / "aijobs-salaries"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "salaries.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    con = duckdb.connect()
    load_aijobs(
        source_status(get_source("aijobs-salaries"), home=home, verify=False), AtlasWriter(con)
    )
    return con


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return _load(tmp_path, ROWS)


def test_quarantine_reasons_and_lines(con: duckdb.DuckDBPyConnection) -> None:
    got = con.execute(
        "SELECT line, reason FROM quarantine WHERE source = 'aijobs-salaries' "
        "AND file = 'salaries.csv' ORDER BY line"
    ).fetchall()
    assert dict(got) == EXPECTED_QUARANTINE


def test_quarantine_keeps_the_raw_record(con: duckdb.DuckDBPyConnection) -> None:
    raw = con.execute("SELECT raw FROM quarantine WHERE line = 17").fetchone()
    assert raw is not None
    values = json.loads(raw[0])
    assert values["salary"] == "lots"
    assert values["job_title"] == "Data Scientist"


def test_row_accounting(con: duckdb.DuckDBPyConnection) -> None:
    report = con.execute(
        "SELECT rows_read, rows_loaded, rows_quarantined FROM load_report "
        "WHERE source = 'aijobs-salaries' AND file = 'salaries.csv'"
    ).fetchall()
    assert report == [(len(ROWS), len(ROWS) - len(EXPECTED_QUARANTINE), len(EXPECTED_QUARANTINE))]
    (loaded,) = con.execute("SELECT count(*) FROM salary_row").fetchone() or (None,)
    assert loaded == len(ROWS) - len(EXPECTED_QUARANTINE)
    lines = [r[0] for r in con.execute("SELECT line FROM salary_row ORDER BY line").fetchall()]
    assert set(lines).isdisjoint(EXPECTED_QUARANTINE)
    assert len(lines) + len(EXPECTED_QUARANTINE) == len(ROWS)


def test_rows_are_typed_with_level_names_and_roles(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "SELECT work_year, experience_level, level, employment_type, job_title, salary, "
        "salary_currency, salary_in_usd, employee_residence, remote_ratio, company_location, "
        "company_size, role, role_rule FROM salary_row WHERE line = 12"
    ).fetchone()
    assert row == (
        2023,
        "SE",
        "senior",
        "FT",
        "Data Engineer",
        40000,
        "GBP",
        50000,
        "GB",
        100,
        "GB",
        "L",
        "data-engineer",
        "data-engineer",
    )
    by_line = dict(con.execute("SELECT line, level FROM salary_row").fetchall())
    assert (by_line[2], by_line[4], by_line[5], by_line[14]) == ("senior", "mid", "entry", "entry")
    roles = dict(con.execute("SELECT line, role FROM salary_row").fetchall())
    assert roles[2] == "ml-engineer"
    assert roles[5] == "ai-engineer"
    assert roles[10] == "data-scientist"
    assert roles[4] == "data-analyst"
    assert roles[25] == "other"
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'salary_row'"
        ).fetchall()
    )
    assert types["salary_in_usd"] == "BIGINT"
    assert types["work_year"] == "SMALLINT"
    assert types["remote_ratio"] == "SMALLINT"


def _ends(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[int, str]]:
    rows = con.execute("SELECT line, posting_id, range_end FROM salary_row").fetchall()
    return {line: (pid, end) for line, pid, end in rows}


def test_adjacent_same_key_rows_pair_into_one_posting(con: duckdb.DuckDBPyConnection) -> None:
    ends = _ends(con)
    assert ends[2][1] == "high" and ends[3][1] == "low"
    assert ends[2][0] == ends[3][0]
    assert ends[10][1] == "high" and ends[11][1] == "low"
    assert ends[10][0] == ends[11][0]
    posting = con.execute(
        "SELECT n_rows, first_line, low_usd, high_usd, mid_usd, role, level "
        "FROM salary_posting WHERE posting_id = ?",
        [ends[2][0]],
    ).fetchone()
    assert posting == (2, 2, 150000, 200000, 175000.0, "ml-engineer", "senior")
    gbp = con.execute(
        "SELECT low_usd, high_usd, mid_usd FROM salary_posting WHERE posting_id = ?",
        [ends[10][0]],
    ).fetchone()
    assert gbp == (75000, 100000, 87500.0)


def test_low_first_pairs_are_recognised(con: duckdb.DuckDBPyConnection) -> None:
    ends = _ends(con)
    # line 6 is quarantined, so 5 and 7 are adjacent among the loaded rows and pair
    assert ends[5] == (ends[7][0], "low")
    assert ends[7][1] == "high"
    posting = con.execute(
        "SELECT low_usd, high_usd, mid_usd, first_line FROM salary_posting WHERE posting_id = ?",
        [ends[5][0]],
    ).fetchone()
    assert posting == (100000, 120000, 110000.0, 5)


def test_a_lone_row_is_a_single_posting(con: duckdb.DuckDBPyConnection) -> None:
    ends = _ends(con)
    for line in (4, 12, 14, 25):
        assert ends[line][1] == "single", line
    posting = con.execute(
        "SELECT n_rows, low_usd, high_usd, mid_usd, copy_rank, copies "
        "FROM salary_posting WHERE posting_id = ?",
        [ends[4][0]],
    ).fetchone()
    assert posting == (1, 90000, 90000, 90000.0, 1, 1)
    pids = [pid for pid, _ in ends.values()]
    assert len(set(pids)) == con.execute("SELECT count(*) FROM salary_posting").fetchone()[0]  # type: ignore[index]


def test_repeated_identical_pairs_are_copies(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT first_line, copy_rank, copies FROM salary_posting "
        "WHERE role = 'ml-engineer' ORDER BY first_line"
    ).fetchall()
    assert rows == [(2, 1, 2), (8, 2, 2)]
    # postings: A, single 4, B, A again, C, single 12, single 14, single 25
    assert con.execute("SELECT count(*) FROM salary_posting").fetchone() == (8,)
    assert con.execute("SELECT count(*) FROM salary_posting WHERE copy_rank = 1").fetchone() == (7,)


def test_posting_ids_follow_file_order(con: duckdb.DuckDBPyConnection) -> None:
    firsts = [
        r[0]
        for r in con.execute("SELECT first_line FROM salary_posting ORDER BY posting_id").fetchall()
    ]
    assert firsts == [2, 4, 5, 8, 10, 12, 14, 25]


def test_greedy_pairing_of_three_same_key_rows(tmp_path: Path) -> None:
    row = "2024,SE,FT,Data Engineer,{0},USD,{0},US,0,US,M"
    con = _load(tmp_path, [row.format(150000), row.format(100000), row.format(120000)])
    got = con.execute(
        "SELECT first_line, n_rows, low_usd, high_usd FROM salary_posting ORDER BY posting_id"
    ).fetchall()
    assert got == [(2, 2, 100000, 150000), (4, 1, 120000, 120000)]


def test_rows_differing_in_a_key_field_do_not_pair(tmp_path: Path) -> None:
    base = "2024,SE,FT,Data Engineer,150000,USD,150000,US,0,US,M"
    variants = [
        "2024,MI,FT,Data Engineer,100000,USD,100000,US,0,US,M",
        "2024,SE,CT,Data Engineer,100000,USD,100000,US,0,US,M",
        "2024,SE,FT,Data Architect,100000,USD,100000,US,0,US,M",
        "2024,SE,FT,Data Engineer,100000,USD,100000,CA,0,US,M",
        "2024,SE,FT,Data Engineer,100000,USD,100000,US,50,US,M",
        "2024,SE,FT,Data Engineer,100000,USD,100000,US,0,CA,M",
        "2024,SE,FT,Data Engineer,100000,USD,100000,US,0,US,L",
        "2023,SE,FT,Data Engineer,100000,USD,100000,US,0,US,M",
        "2024,SE,FT,Data Engineer,90000,EUR,100000,US,0,US,M",
    ]
    for i, other in enumerate(variants):
        con = _load(tmp_path / str(i), [base, other])
        ends = [
            r[0] for r in con.execute("SELECT range_end FROM salary_row ORDER BY line").fetchall()
        ]
        assert ends == ["single", "single"], other


def test_code_tables_are_written(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute(
        "SELECT code, name, rank FROM experience_level ORDER BY rank"
    ).fetchall() == [
        ("EN", "entry", 1),
        ("MI", "mid", 2),
        ("SE", "senior", 3),
        ("EX", "executive", 4),
    ]
    assert con.execute("SELECT name FROM country WHERE code = 'GB'").fetchone() == (
        "United Kingdom",
    )
