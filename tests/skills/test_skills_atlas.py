"""The atlas step that gives every posting a role and its skills, and the skills tables."""

from __future__ import annotations

import csv
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from roleatlas.classify.model import save_model
from roleatlas.config import DATA_HOME_ENV, get_settings
from roleatlas.ingest.postings import POSTING_FILES
from roleatlas.skills.atlas import load_postings, write_skill_tables
from roleatlas.sources import get_source, require, source_status
from roleatlas.store.build import build_atlas
from roleatlas.store.connection import open_atlas
from roleatlas.store.writer import AtlasWriter
from roleatlas.taxonomy.skills import load_skills
from roleatlas.taxonomy.titles import role_for_title

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "classify"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from classify_fixtures import fit_tiny
from test_build import write_fixture

ML = (
    "We build models in Python and PyTorch. Python every day, PyTorch for training. "
    + "You will own the whole product from start to finish, with care. " * 4
)
#: file -> rows of (title, description); the column names are each file's own.
POSTINGS: dict[str, list[tuple[str, str]]] = {
    "ai_ml_jobs_linkedin.csv": [
        ("Machine Learning Engineer", ML),
        ("AI Engineer", "Agents with LangChain and Python."),
        ("Machine Learning Engineer", ML),  # a repeat of row 0
        ("Data Scientist", ""),  # empty descriptions are never repeats
    ],
    "Uncleaned_DS_jobs.csv": [
        ("Data Scientist", "SQL and Tableau for reporting."),
        ("Senior ML Engineer", ML + " Apply today."),  # same first 300 characters: a repeat
    ],
    "glassdoor_jobs.csv": [("Data Engineer", "")],
    "linkedin_arshkon_postings_sample1000.csv": [
        ("Registered Nurse", "Patient care on <b>night</b> shifts."),
        ("", ""),
    ],
}


def write_postings(home: Path) -> Path:
    folder = home / "postings"
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in POSTINGS.items():
        title, description = POSTING_FILES[name]
        with (folder / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", title, description])
            writer.writerows([i, t, d] for i, (t, d) in enumerate(rows))
    return folder


def _build(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    write_postings(tmp_path)
    con = duckdb.connect(str(tmp_path / "a.duckdb"))
    status = source_status(get_source("postings"), home=tmp_path, verify=False)
    load_postings(status, AtlasWriter(con))
    return con


@pytest.fixture
def built(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _build(tmp_path)
    yield con
    con.close()


def test_every_row_is_in_posting_role_and_repeats_point_to_their_first_copy(
    built: duckdb.DuckDBPyConnection,
) -> None:
    con = built
    rows = con.execute(
        'SELECT file, "row", title, role, confidence, role_source, duplicate_of FROM posting_role'
    ).fetchall()
    expected = [(f, i, t) for f, posts in POSTINGS.items() for i, (t, _) in enumerate(posts)]
    assert [r[:3] for r in rows] == expected
    repeats = {(r[0], r[1]): r[6] for r in rows if r[6] is not None}
    assert repeats == {
        ("ai_ml_jobs_linkedin.csv", 2): "ai_ml_jobs_linkedin.csv:0",
        ("Uncleaned_DS_jobs.csv", 1): "ai_ml_jobs_linkedin.csv:0",
    }
    # no model in the test environment: the title rules give the role
    assert [r[3] for r in rows] == [role_for_title(r[2]).role for r in rows]
    assert {(r[4], r[5]) for r in rows} == {(None, "rules")}
    report = con.execute(
        "SELECT file, rows_read, rows_loaded, rows_quarantined FROM load_report "
        "WHERE source = 'postings' ORDER BY file"
    ).fetchall()
    assert report == sorted((f, len(p), len(p), 0) for f, p in POSTINGS.items())


def test_posting_skills_carry_mentions_and_the_first_span(built: duckdb.DuckDBPyConnection) -> None:
    con = built
    found = con.execute(
        'SELECT file, "row", skill_id, mentions, first_start, first_end FROM posting_skill '
        "WHERE file = 'ai_ml_jobs_linkedin.csv' AND \"row\" = 0 ORDER BY first_start"
    ).fetchall()
    assert [(r[2], r[3]) for r in found] == [("python", 2), ("pytorch", 2)]
    assert [ML[r[4] : r[5]] for r in found] == ["Python", "PyTorch"]
    ids = {r[0] for r in con.execute("SELECT DISTINCT skill_id FROM posting_skill").fetchall()}
    assert {"python", "pytorch", "langchain", "sql", "tableau"} <= ids
    # repeats keep their skills (statistics leave them out through posting_role)
    assert con.execute(
        "SELECT count(*) FROM posting_skill WHERE file = 'Uncleaned_DS_jobs.csv' AND \"row\" = 1"
    ).fetchone() == (2,)


def test_a_trained_model_gives_the_roles(tmp_path: Path) -> None:
    model = fit_tiny()
    save_model(model)
    con = _build(tmp_path)
    rows = con.execute("SELECT title, role, confidence, role_source FROM posting_role").fetchall()
    con.close()
    descriptions = [d for posts in POSTINGS.values() for _, d in posts]
    for (title, role, confidence, source), description in zip(rows, descriptions, strict=True):
        c = model.classify(title, description)
        assert (role, source) == (c.role, "model:test-tiny")
        assert confidence == round(c.confidence, 6)


@pytest.fixture
def memory() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    yield con
    con.close()


def test_skill_table_without_onet(memory: duckdb.DuckDBPyConnection) -> None:
    write_skill_tables(AtlasWriter(memory))
    assert memory.execute("SELECT count(*) FROM skill").fetchone() == (len(load_skills()),)
    row = memory.execute("SELECT name, type, requires FROM skill WHERE id = 'scikit-learn'")
    assert row.fetchone() == ("scikit-learn", "library", "python|numpy|pandas")
    assert memory.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'skill_onet'"
    ).fetchone() == (0,)  # no O*NET in this atlas


def test_skill_onet_joins_the_taxonomy_names(memory: duckdb.DuckDBPyConnection) -> None:
    writer = AtlasWriter(memory)
    cols = [(c, "VARCHAR") for c in ("onet_code", "example", "commodity_code", "commodity_title")]
    sql = "Structured query language SQL"
    writer.write(
        "onet_technology_skill",
        [*cols, ("hot_technology", "BOOLEAN"), ("in_demand", "BOOLEAN")],
        [
            ("15-2051.00", "Transact-SQL", "43232306", "Query", True, False),
            ("15-2051.00", sql, "43232306", "Query", True, True),
            ("15-1221.00", "Python", "43232402", "Development", False, False),
            ("15-1221.00", "Not A Skill Of Ours", "43232402", "Development", True, True),
        ],
    )
    write_skill_tables(writer)
    assert memory.execute("SELECT * FROM skill_onet ORDER BY ALL").fetchall() == [
        ("python", "15-1221.00", "Python", "43232402", "Development", False, False),
        ("sql", "15-2051.00", sql, "43232306", "Query", True, True),
        ("sql", "15-2051.00", "Transact-SQL", "43232306", "Query", True, False),
    ]


def test_skill_esco_links_by_label(memory: duckdb.DuckDBPyConnection) -> None:
    writer = AtlasWriter(memory)
    cols = [("uri", "VARCHAR"), ("label", "VARCHAR"), ("kind", "VARCHAR")]
    writer.write(
        "esco_skill_label",
        cols,
        [
            ("esco:1", "Python (computer programming)", "preferred"),
            ("esco:2", "use spreadsheets software", "preferred"),
            ("esco:2", "Microsoft Excel", "alt"),
            ("esco:3", "Pythonic thinking", "preferred"),
        ],
    )
    write_skill_tables(writer)
    assert memory.execute("SELECT * FROM skill_esco ORDER BY ALL").fetchall() == [
        ("excel", "esco:2", "Microsoft Excel", "alt"),
        ("python", "esco:1", "Python (computer programming)", "preferred"),
    ]


@pytest.mark.parametrize("postings", [False, True])
def test_build_skips_postings_that_are_absent_or_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postings: bool
) -> None:
    write_fixture(tmp_path)
    if postings:
        write_postings(tmp_path)  # present, but not the registered files (checksums differ)
    monkeypatch.setenv(DATA_HOME_ENV, str(tmp_path))
    get_settings.cache_clear()
    build_atlas(tmp_path / "a.duckdb", home=tmp_path, sources=["aijobs-salaries"], verify=False)
    con = open_atlas(tmp_path / "a.duckdb")
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    con.close()
    assert "skill" in tables
    assert not tables & {"posting_role", "posting_skill", "skill_onet"}


def _fingerprint(description: str) -> str:
    return re.sub(r"\W+", " ", description.lower())[:300]


@pytest.mark.integration
def test_real_postings_every_row_accounted_for(
    use_real_home: Path, memory: duckdb.DuckDBPyConnection
) -> None:
    con = memory
    started = time.monotonic()
    status = require(get_source("postings"), home=use_real_home, verify=False)
    load_postings(status, AtlasWriter(con))
    assert time.monotonic() - started < 30
    csv.field_size_limit(1 << 30)
    expected_rows, expected_repeats, seen = 0, 0, set()
    for name, (_, description) in POSTING_FILES.items():
        with (use_real_home / "postings" / name).open(newline="", encoding="utf-8-sig") as fh:
            for rec in csv.DictReader(fh):
                expected_rows += 1
                text = rec[description] or ""
                if text.strip():  # empty descriptions are never repeats
                    expected_repeats += _fingerprint(text) in seen
                    seen.add(_fingerprint(text))
    assert expected_rows == 3_490  # data/README.md: 862 + 672 + 956 + 1,000
    assert con.execute("SELECT count(*), count(duplicate_of) FROM posting_role").fetchone() == (
        expected_rows,
        expected_repeats,
    )
    assert con.execute(
        "SELECT sum(rows_read), sum(rows_loaded) FROM load_report WHERE source = 'postings'"
    ).fetchone() == (expected_rows, expected_rows)
    dangling = con.execute(
        "SELECT count(*) FROM posting_role d LEFT JOIN posting_role f "
        "ON d.duplicate_of = f.file || ':' || f.\"row\" "
        "WHERE d.duplicate_of IS NOT NULL AND (f.file IS NULL OR f.duplicate_of IS NOT NULL)"
    ).fetchone()
    assert dangling == (0,)  # every repeat points to a first copy that is itself no repeat
    orphans = con.execute(
        'SELECT count(*) FROM posting_skill s ANTI JOIN posting_role p USING (file, "row")'
    ).fetchone()
    assert orphans == (0,)
