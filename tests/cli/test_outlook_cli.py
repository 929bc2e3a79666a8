"""``roleatlas outlook`` from the command line, against a small atlas file."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from roleatlas.cli import app
from roleatlas.ingest import bls
from roleatlas.sources import get_source, source_status
from roleatlas.store.connection import SCHEMA_VERSION
from roleatlas.store.derived import build_role_links
from roleatlas.store.writer import AtlasWriter

runner = CliRunner()

VALUES = [
    "262440", "1.1", "60.96", "126800", "0.7", "32.33", "41.18", "57.80", "76.39", "95.74",
    "67240", "85660", "120230", "158880", "199130",
]  # fmt: skip
CELLS = [
    ("OEUN0000000000000152051", *VALUES, None, None, *[None] * 17),
    (
        "OEUS0600000000000152051",
        *VALUES[:12],
        "-",
        *VALUES[13:],
        "1.5",
        "1.28",
        *[None] * 12,
        "5",
        *[None] * 4,
    ),
    ("OEUM0041940000000152051", *VALUES[:12], "185080", *VALUES[13:], "3.1", "3.16", *[None] * 17),
]
PROJECTIONS = (
    'Occupation Title,Occupation Code,Employment 2024,Employment 2034,"Employment Change, 2024-2034",'
    '"Employment Percent Change, 2024-2034","Occupational Openings, 2024-2034 Annual Average",'
    "Median Annual Wage 2024,Typical Entry-Level Education,Education Code,"
    "Work Experience in a Related Occupation,Workex Code,Typical on-the-job Training,trCode\n"
    'Data scientists    * Data Mining Analyst,15-2051,245.9,328.3,82.5,33.5,23.4,"112,590",'
    "Bachelor's degree,3,None,4,None,6\n"
)


def _oews(folder: Path) -> None:
    folder.mkdir(parents=True)
    db = folder / "oews.sqlite"
    con = sqlite3.connect(db)
    vs = ", ".join(f"v{i:02d}" for i in range(1, 18))
    fs = ", ".join(f"f{i:02d}" for i in range(1, 18))
    con.executescript(
        f"""
        CREATE TABLE cell (key, {vs}, {fs});
        CREATE TABLE area (area_code, areatype_code, state_code, area_name);
        CREATE TABLE industry (industry_code, industry_name, display_level);
        CREATE TABLE occupation (occupation_code, occupation_name, display_level);
        CREATE TABLE datatype (datatype_code, datatype_name);
        CREATE TABLE footnote (footnote_code, footnote_text);
        CREATE TABLE meta (name, value);
        INSERT INTO area VALUES ('0000000', 'N', '00', 'National'), ('0600000', 'S', '06', 'California'),
            ('0041940', 'M', '06', 'San Jose-Sunnyvale-Santa Clara, CA');
        INSERT INTO industry VALUES ('000000', 'Cross-Industry', 0);
        INSERT INTO occupation VALUES ('152051', 'Data Scientists', 3);
        INSERT INTO footnote VALUES
            ('5', 'This wage is equal to or greater than $115.00 per hour or $239,200 per year.');
        INSERT INTO meta VALUES ('release', 'May 2025');
        """
    )
    con.executemany(f"INSERT INTO cell VALUES ({', '.join('?' * 35)})", CELLS)
    con.executemany("INSERT INTO datatype VALUES (?, ?)", [(v.code, v.name) for v in bls.VALUES])
    con.commit()
    con.close()
    with gzip.open(folder / bls.OEWS_FILE, "wb") as dst:
        dst.write(db.read_bytes())


@pytest.fixture
def atlas(tmp_path: Path) -> Path:
    """An atlas file with the BLS tables of three OEWS cells and one projection row."""
    home = tmp_path / "home"
    _oews(home / "bls-oews-2025")
    (home / "bls-projections-2024-34").mkdir()
    (home / "bls-projections-2024-34" / "Employment Projections.csv").write_text(PROJECTIONS)
    path = tmp_path / "atlas.duckdb"
    con = duckdb.connect(str(path))
    writer = AtlasWriter(con)
    bls.load_oews(source_status(get_source("bls-oews"), home=home, verify=False), writer)
    status = source_status(get_source("bls-projections-2024"), home=home, verify=False)
    bls.load_projections_2024(status, writer)
    build_role_links(writer)
    con.execute("CREATE TABLE atlas_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    con.execute("INSERT INTO atlas_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    con.close()
    return path


def test_table_output(atlas: Path) -> None:
    result = runner.invoke(app, ["outlook", "ml-engineer", "--db", str(atlas)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Machine Learning Engineer (ml-engineer): BLS outlook" in out
    assert "BLS figures are for the occupation (15-2051 Data Scientists), not for the role" in out
    assert "SOC 15-2051 Data Scientists" in out
    assert "$120,230" in out and "262,440" in out
    assert "+33.5%" in out and "245.9 → 328.3" in out
    assert "Typical entry education: Bachelor's degree (BLS Employment Projections 2024-34)." in out
    assert "≥ $239,200" in out  # California's top-coded median
    assert "San Jose-Sunnyvale-Santa Clara, CA" in out and "$185,080" in out
    assert "Also the occupation of: data-scientist, applied-scientist, data-analyst." in out
    assert "Source: BLS Occupational Employment and Wage Statistics (OEWS), May 2025," in out


def test_json_output(atlas: Path) -> None:
    result = runner.invoke(
        app, ["outlook", "ml-engineer", "--top", "1", "--format", "json", "--db", str(atlas)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["role"] == "ml-engineer" and data["top"] == 1
    (occ,) = data["occupations"]
    assert occ["national"]["a_median"] == 120230
    assert occ["projections"][0]["pct_change"] == 33.5
    assert occ["projections"][0]["source"] == "BLS Employment Projections 2024-34"
    states = next(r for r in occ["rankings"] if (r["areas"], r["by"]) == ("states", "a_median"))
    assert states["rows"] == [
        {
            "area_code": "0600000",
            "area_name": "California",
            "tot_emp": 262440,
            "a_median": None,
            "a_median_top_coded": True,
            "loc_quotient": 1.28,
        }
    ]
    assert "not for the role" in data["caveat"]


def test_unknown_role_is_a_red_message_without_traceback(atlas: Path) -> None:
    result = runner.invoke(app, ["outlook", "ml-enginer", "--db", str(atlas)])
    assert result.exit_code == 1
    assert "Error: Unknown role 'ml-enginer'. Did you mean 'ml-engineer'" in result.output
    assert "Valid choices:" in result.output and "ai-engineer" in result.output
    assert "Traceback" not in result.output


def test_role_other(atlas: Path) -> None:
    result = runner.invoke(app, ["outlook", "other", "--db", str(atlas)])
    assert result.exit_code == 1
    assert "The role 'other' is not linked to any BLS occupation" in result.output


def test_missing_atlas_says_build(tmp_path: Path) -> None:
    result = runner.invoke(app, ["outlook", "ml-engineer", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "Build it first with `roleatlas build`" in result.output


def test_atlas_without_bls_tables_says_build(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE atlas_meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO atlas_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    con.close()
    result = runner.invoke(app, ["outlook", "ml-engineer", "--db", str(path)])
    assert result.exit_code == 1
    assert "The atlas has no BLS tables" in result.output and "roleatlas build" in result.output


def test_top_must_be_positive(atlas: Path) -> None:
    result = runner.invoke(app, ["outlook", "ml-engineer", "--top", "0", "--db", str(atlas)])
    assert result.exit_code == 2
    assert "--top" in result.output


def test_unknown_role_is_reported_before_the_atlas_is_opened(tmp_path: Path) -> None:
    result = runner.invoke(app, ["outlook", "ml-enginer", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "Unknown role 'ml-enginer'" in result.output and "No atlas" not in result.output
