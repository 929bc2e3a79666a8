"""The atlas build: atomic swap, identical rebuilds, failures and interrupts leave the old atlas."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from roleatlas.errors import AtlasMissingError, SourceMissingError
from roleatlas.store import build as build_module
from roleatlas.store.build import build_atlas
from roleatlas.store.connection import open_atlas

HEADER = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
)
ROWS = [
    "2024,SE,FT,Machine Learning Engineer,200000,USD,200000,US,0,US,M",
    "2024,SE,FT,Machine Learning Engineer,150000,USD,150000,US,0,US,M",
    "2024,MI,FT,AI Engineer,180000,USD,180000,US,100,US,M",
    "2024,MI,FT,AI Engineer,120000,USD,120000,US,100,US,M",
    "2024,XX,FT,AI Engineer,120000,USD,120000,US,100,US,M",
    "2023,EN,FT,Data Scientist,60000,GBP,75000,GB,0,GB,L",
]


def write_fixture(home: Path, rows: list[str] = ROWS) -> Path:
    folder = home / "aijobs-salaries"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "salaries.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def table_digest(db: Path) -> dict[str, str]:
    """sha256 of every table's rows in a fixed order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY 1"
        ).fetchall():
            rows = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
            out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out
    finally:
        con.close()


@pytest.fixture
def fixture_atlas(tmp_path: Path) -> Path:
    write_fixture(tmp_path)
    db = tmp_path / "atlas.duckdb"
    build_atlas(db, home=tmp_path, sources=["aijobs-salaries"], verify=False)
    return db


def test_build_accounts_for_every_row(tmp_path: Path) -> None:
    write_fixture(tmp_path)
    report = build_atlas(
        tmp_path / "a.duckdb", home=tmp_path, sources=["aijobs-salaries"], verify=False
    )
    (f,) = report.files
    assert (f.read, f.loaded, f.quarantined) == (6, 5, 1)
    con = open_atlas(tmp_path / "a.duckdb")
    assert con.execute("SELECT line, reason FROM quarantine").fetchall() == [
        (6, "unknown experience level 'XX'")
    ]
    assert con.execute(
        "SELECT sum(rows_read), sum(rows_loaded) + sum(rows_quarantined) FROM load_report"
    ).fetchone() == (6, 6)


def test_second_build_gives_identical_contents(tmp_path: Path, fixture_atlas: Path) -> None:
    before = table_digest(fixture_atlas)
    build_atlas(fixture_atlas, home=tmp_path, sources=["aijobs-salaries"], verify=False)
    assert table_digest(fixture_atlas) == before
    assert "salary_posting" in before and "quarantine" in before


@pytest.mark.parametrize("exc", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_failed_build_leaves_previous_atlas(
    tmp_path: Path, fixture_atlas: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    before = table_digest(fixture_atlas)

    def broken(status: object, sink: object) -> None:
        raise exc

    monkeypatch.setattr(build_module, "_resolve", lambda spec: broken)
    with pytest.raises(type(exc)):
        build_atlas(fixture_atlas, home=tmp_path, sources=["aijobs-salaries"], verify=False)
    assert table_digest(fixture_atlas) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "building" in p.name) == []


def test_missing_source_fails_before_writing(tmp_path: Path) -> None:
    with pytest.raises(SourceMissingError) as info:
        build_atlas(tmp_path / "a.duckdb", home=tmp_path, sources=["aijobs-salaries"])
    message = str(info.value)
    assert "salaries.csv (missing)" in message
    assert "roleatlas data status" in message and "ROLEATLAS_DATA_HOME" in message
    assert not (tmp_path / "a.duckdb").exists()


def test_open_without_atlas_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(AtlasMissingError, match=r"Build it first with `roleatlas build`"):
        open_atlas(tmp_path / "none.duckdb")


@pytest.mark.integration
@pytest.mark.slow
def test_real_build_twice_identical_and_interrupt_keeps_old(
    real_home: Path, tmp_path: Path
) -> None:
    db = tmp_path / "atlas.duckdb"
    first = build_atlas(db, home=real_home)
    for f in first.files:
        assert f.read == f.loaded + f.quarantined, f
    digest = table_digest(db)
    build_atlas(db, home=real_home)
    assert table_digest(db) == digest

    env = {**os.environ, "ROLEATLAS_DATA_HOME": str(real_home), "ROLEATLAS_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "roleatlas", "build"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # a runner that started us in the background may have SIGINT ignored: the child
        # inherits that, and Python then installs no KeyboardInterrupt handler
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not any("building" in p.name for p in tmp_path.iterdir()):
        assert proc.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.05)
    time.sleep(1.0)  # midway through loading
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert table_digest(db) == digest
    assert [p.name for p in tmp_path.iterdir() if "building" in p.name] == []


def test_every_unusable_source_is_named_at_once(tmp_path: Path) -> None:
    with pytest.raises(SourceMissingError) as info:
        build_atlas(tmp_path / "a.duckdb", home=tmp_path, sources=["aijobs-salaries", "onet"])
    message = str(info.value)
    assert message.startswith("2 sources cannot be used:\n- Source 'aijobs-salaries'")
    assert "- Source 'onet' is missing" in message
    assert "all 16 required files (no onet-29.3/ with them in it)" in message
    assert "roleatlas data download onet" in message
