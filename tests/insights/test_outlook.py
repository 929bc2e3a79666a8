"""role_outlook on a small atlas built by the real loaders, and on the real data."""

from __future__ import annotations

import csv
import gzip
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from loader_helpers import load_bls
from roleatlas.errors import AtlasError, InputError, UnknownNameError
from roleatlas.ingest import bls
from roleatlas.insights.outlook import RoleOutlook, role_outlook
from roleatlas.store.build import build_atlas
from roleatlas.store.derived import build_role_links

# v01..v15 of a cell: employment, RSE, hourly mean, annual mean, wage RSE, hourly p10..p90,
# annual p10..p90 (v16, v17 are added per area type).
BASE = [
    "1000", "1.0", "50.00", "104000", "1.0", "30.00", "40.00", "50.00", "60.00", "70.00",
    "62400", "83200", "104000", "124800", "145600",
]  # fmt: skip
AREAS = [
    ("0000000", "N", "00", "National"),
    ("0600000", "S", "06", "California"),
    ("3600000", "S", "36", "New York"),
    ("4800000", "S", "48", "Texas"),
    ("5300000", "S", "53", "Washington"),
    ("0019100", "M", "48", "Dallas-Fort Worth-Arlington, TX"),
    ("0041940", "M", "06", "San Jose-Sunnyvale-Santa Clara, CA"),
    ("0042660", "M", "53", "Seattle-Tacoma-Bellevue, WA"),
    ("0600001", "M", "06", "North Coast California nonmetropolitan area"),
]
OCCUPATIONS = [
    ("152051", "Data Scientists"),
    ("151221", "Computer and Information Research Scientists"),
]


def cell(
    area: str,
    soc: str,
    *,
    emp: str,
    median: str,
    industry: str = "000000",
    feet: dict[int, str] | None = None,
) -> tuple[object, ...]:
    kind = next(a[1] for a in AREAS if a[0] == area)
    values = [emp, *BASE[1:12], median, *BASE[13:]]
    values += [None, None] if kind == "N" else ["1.5", "1.2"]
    feet = feet or {}
    return (f"OEU{kind}{area}{industry}{soc}", *values, *(feet.get(i) for i in range(1, 18)))


CELLS = [
    cell("0000000", "152051", emp="262440", median="120230"),
    cell("0000000", "152051", emp="5000", median="99000", industry="3250A1"),  # one industry
    cell("0000000", "151221", emp="40000", median="140300"),
    cell("0600000", "152051", emp="39310", median="141590"),
    cell("3600000", "152051", emp="23970", median="-", feet={13: "8"}),  # not released
    cell("4800000", "152051", emp="25860", median="122090"),
    cell("5300000", "152051", emp="9600", median="-", feet={13: "5"}),  # top-coded
    cell("0019100", "152051", emp="10120", median="127750"),
    cell("0041940", "152051", emp="6060", median="185080"),
    cell("0042660", "152051", emp="-", median="150000", feet={1: "8"}),
    cell("0600001", "152051", emp="99999", median="230000"),  # nonmetropolitan: never listed
]

PROJ_HEADER = (
    'Occupation Title,Occupation Code,Employment {b},Employment {t},"Employment Change, {b}-{t}",'
    '"Employment Percent Change, {b}-{t}","Occupational Openings, {b}-{t} Annual Average",'
    "Median Annual Wage {w},Typical Entry-Level Education,Education Code,"
    "Work Experience in a Related Occupation,Workex Code,Typical on-the-job Training,trCode\n"
)
PROJ_2024 = PROJ_HEADER.format(b=2024, t=2034, w=2024) + (
    'Data scientists    * Data Mining Analyst,15-2051,245.9,328.3,82.5,33.5,23.4,"112,590",'
    "Bachelor's degree,3,None,4,None,6\n"
    'Computer and information research scientists,15-1221,40.3,48.3,7.9,19.7,3.2,"140,910",'
    "Master's degree,2,None,4,None,6\n"
    'Computer programmers,15-1251,120.1,108.2,-11.9,-9.9,5.6,">=239,200",'
    "Bachelor's degree,3,None,4,None,6\n"
)
PROJ_2022 = PROJ_HEADER.format(b=2022, t=2032, w=2023) + (
    'Data scientists    * Data Mining Analyst,="15-2051",168.9,228.2,59.4,35.2,17.7,"108,020",'
    "Doctoral or professional degree,1,None,4,None,6\n"
)


def write_sources(home: Path) -> Path:
    """The three BLS sources' files, in the data directory layout."""
    folder = home / "bls-oews-2025"
    folder.mkdir(parents=True)
    db = folder / "oews.sqlite"
    con = sqlite3.connect(db)
    vs = ", ".join(f"v{i:02d} TEXT" for i in range(1, 18))
    fs = ", ".join(f"f{i:02d} TEXT" for i in range(1, 18))
    con.executescript(
        f"""
        CREATE TABLE cell (key TEXT PRIMARY KEY, {vs}, {fs});
        CREATE TABLE area (area_code TEXT, areatype_code TEXT, state_code TEXT, area_name TEXT);
        CREATE TABLE industry (industry_code TEXT, industry_name TEXT, display_level INTEGER);
        CREATE TABLE occupation (occupation_code TEXT, occupation_name TEXT, display_level INTEGER);
        CREATE TABLE datatype (datatype_code TEXT, datatype_name TEXT);
        CREATE TABLE footnote (footnote_code TEXT, footnote_text TEXT);
        CREATE TABLE meta (name TEXT, value TEXT);
        """
    )
    con.executemany(f"INSERT INTO cell VALUES ({', '.join('?' * 35)})", CELLS)
    con.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", AREAS)
    con.executemany(
        "INSERT INTO industry VALUES (?, ?, ?)",
        [("000000", "Cross-Industry", 0), ("3250A1", "Chemicals", 4)],
    )
    con.executemany("INSERT INTO occupation VALUES (?, ?, 3)", OCCUPATIONS)
    con.executemany("INSERT INTO datatype VALUES (?, ?)", [(v.code, v.name) for v in bls.VALUES])
    con.executemany(
        "INSERT INTO footnote VALUES (?, ?)",
        [
            ("5", "This wage is equal to or greater than $115.00 per hour or $239,200 per year."),
            ("8", "Estimate not released."),
        ],
    )
    con.execute("INSERT INTO meta VALUES ('release', 'May 2025')")
    con.commit()
    con.close()
    with gzip.open(folder / bls.OEWS_FILE, "wb") as dst:
        dst.write(db.read_bytes())
    db.unlink()
    (folder / "manifest.json").write_text("{}")
    for name, text in (
        ("bls-projections-2024-34", PROJ_2024),
        ("bls-projections-2022-32", PROJ_2022),
    ):
        (home / name).mkdir()
        (home / name / "Employment Projections.csv").write_text(text, encoding="utf-8")
    return home


@pytest.fixture
def atlas(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    home = write_sources(tmp_path)
    con, writer = load_bls(home)
    build_role_links(writer)
    yield con
    con.close()


def test_national_figures_and_sources(atlas: duckdb.DuckDBPyConnection) -> None:
    result = role_outlook(atlas, "ml-engineer")
    (occ,) = result.occupations
    assert (occ.soc, occ.onet, occ.title) == ("15-2051", "15-2051.00", "Data Scientists")
    nat = occ.national
    assert nat is not None
    assert (nat.tot_emp, nat.a_median, nat.a_pct10, nat.a_pct90, nat.a_mean) == (
        262440, 120230, 62400, 145600, 104000,
    )  # fmt: skip
    assert nat.source == (
        "BLS Occupational Employment and Wage Statistics (OEWS), May 2025, national, all industries"
    )
    assert result.sources == (
        "BLS Occupational Employment and Wage Statistics (OEWS), May 2025",
        "BLS Employment Projections 2024-34",
        "BLS Employment Projections 2022-32",
    )
    assert result.top_code_annual == 239200


def test_projections_both_periods_and_entry_education(atlas: duckdb.DuckDBPyConnection) -> None:
    (occ,) = role_outlook(atlas, "ml-engineer").occupations
    assert [
        (p.period, p.pct_change, p.emp_base_k, p.emp_target_k, p.openings_k_per_year)
        for p in occ.projections
    ] == [
        ("2024-34", 33.5, 245.9, 328.3, 23.4),
        ("2022-32", 35.2, 168.9, 228.2, 17.7),
    ]
    assert [p.source for p in occ.projections] == [
        "BLS Employment Projections 2024-34",
        "BLS Employment Projections 2022-32",
    ]
    # 2022-32 says doctoral in this fixture: the outlook must take 2024-34's answer.
    assert (occ.typical_education, occ.typical_education_source) == (
        "Bachelor's degree",
        "BLS Employment Projections 2024-34",
    )


def _ranking(result: RoleOutlook, areas: str, by: str) -> list[tuple[str, int | None, bool]]:
    (ranking,) = [r for r in result.occupations[0].rankings if (r.areas, r.by) == (areas, by)]
    return [
        (a.area_name, a.a_median if by == "a_median" else a.tot_emp, a.a_median_top_coded)
        for a in ranking.rows
    ]


def test_state_rankings_put_top_coded_first_and_skip_unreleased(
    atlas: duckdb.DuckDBPyConnection,
) -> None:
    result = role_outlook(atlas, "ml-engineer", top=3)
    assert _ranking(result, "states", "a_median") == [
        ("Washington", None, True),
        ("California", 141590, False),
        ("Texas", 122090, False),
    ]
    assert _ranking(result, "states", "tot_emp") == [
        ("California", 39310, False),
        ("Texas", 25860, False),
        ("New York", 23970, False),
    ]


def test_metro_rankings_exclude_nonmetropolitan_areas(atlas: duckdb.DuckDBPyConnection) -> None:
    result = role_outlook(atlas, "ml-engineer", top=5)
    assert _ranking(result, "metropolitan areas", "a_median") == [
        ("San Jose-Sunnyvale-Santa Clara, CA", 185080, False),
        ("Seattle-Tacoma-Bellevue, WA", 150000, False),
        ("Dallas-Fort Worth-Arlington, TX", 127750, False),
    ]
    assert [n for n, _, _ in _ranking(result, "metropolitan areas", "tot_emp")] == [
        "Dallas-Fort Worth-Arlington, TX",
        "San Jose-Sunnyvale-Santa Clara, CA",
    ]


def test_top_limits_every_ranking(atlas: duckdb.DuckDBPyConnection) -> None:
    result = role_outlook(atlas, "ml-engineer", top=1)
    assert [len(r.rows) for r in result.occupations[0].rankings] == [1, 1, 1, 1]
    with pytest.raises(InputError, match="--top must be at least 1, not 0"):
        role_outlook(atlas, "ml-engineer", top=0)


def test_shared_occupation_is_said(atlas: duckdb.DuckDBPyConnection) -> None:
    result = role_outlook(atlas, "ai-engineer")
    (occ,) = result.occupations
    assert occ.soc == "15-1221"
    assert {"research-scientist", "nlp-engineer", "cv-engineer", "research-engineer"} <= set(
        occ.shared_with
    )
    assert "ai-engineer" not in occ.shared_with
    assert result.caveat.startswith(
        "BLS figures are for the occupation (15-1221 Computer and Information Research Scientists), "
        "not for the role 'AI Engineer'"
    )
    assert "research-scientist" in result.caveat
    assert occ.rankings[0].rows == ()  # no state cells for 15-1221 in the fixture


def test_onet_detail_code_is_explained(atlas: duckdb.DuckDBPyConnection) -> None:
    result = role_outlook(atlas, "data-analyst")
    assert [o.soc for o in result.occupations] == ["15-2051", "15-2041"]
    assert (
        "O*NET 15-2051.01 (Business Intelligence Analysts) is part of SOC 15-2051" in result.caveat
    )
    statisticians = result.occupations[1]
    assert (statisticians.national, statisticians.projections, statisticians.title) == (
        None,
        (),
        None,
    )


def test_title_falls_back_to_projections(atlas: duckdb.DuckDBPyConnection) -> None:
    occs = {o.soc: o for o in role_outlook(atlas, "ai-programmer").occupations}
    assert occs["15-1251"].national is None
    assert occs["15-1251"].title == "Computer programmers"
    assert (occs["15-1252"].title, occs["15-1252"].projections) == (None, ())
    (proj,) = occs["15-1251"].projections
    assert (proj.median_wage, proj.wage_top_coded) == (239200, True)


def test_role_other_has_no_outlook(atlas: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(
        InputError, match=r"The role 'other' is not linked to any BLS occupation.*ml-engineer"
    ):
        role_outlook(atlas, "other")


def test_unknown_role_lists_the_choices(atlas: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(
        UnknownNameError, match=r"Unknown role 'ml-enginer'\. Did you mean 'ml-engineer'"
    ):
        role_outlook(atlas, "ml-enginer")


def test_atlas_without_bls_tables_says_to_build() -> None:
    con = duckdb.connect()
    try:
        with pytest.raises(AtlasError, match=r"no BLS tables \(oews_wage, .*Run `roleatlas build`"):
            role_outlook(con, "ml-engineer")
    finally:
        con.close()


def test_result_is_json_ready(atlas: duckdb.DuckDBPyConnection) -> None:
    data = json.loads(json.dumps(role_outlook(atlas, "ml-engineer").to_dict()))
    assert data["occupations"][0]["national"]["a_median"] == 120230
    assert data["occupations"][0]["rankings"][0]["rows"][0]["a_median_top_coded"] is True


def test_build_atlas_runs_the_bls_loaders(tmp_path: Path) -> None:
    """The build's loader registry reaches these loaders; the outlook reads its result."""
    home = write_sources(tmp_path / "home")
    report = build_atlas(
        tmp_path / "atlas.duckdb",
        home=home,
        sources=["bls-oews", "bls-projections-2024", "bls-projections-2022"],
        verify=False,
    )
    totals = {r.source: (r.read, r.loaded, r.quarantined) for r in report.by_source()}
    # 9 areas, 2 industries, 2 occupations, 2 footnotes, 1 meta row and 11 cells
    assert totals == {
        "bls-oews": (27, 27, 0),
        "bls-projections-2024": (3, 3, 0),
        "bls-projections-2022": (1, 1, 0),
    }
    con = duckdb.connect(str(report.path), read_only=True)
    try:
        assert role_outlook(con, "ml-engineer").occupations[0].national is not None
    finally:
        con.close()


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real_atlas(
    real_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path_factory.mktemp("outlook") / "atlas.duckdb"
    build_atlas(
        db, home=real_home, sources=["bls-oews", "bls-projections-2024", "bls-projections-2022"]
    )
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


@pytest.mark.integration
def test_real_ml_engineer_outlook(real_home: Path, real_atlas: duckdb.DuckDBPyConnection) -> None:
    with (real_home / "bls-oews-2025" / "oews_may2025_computer_math_extract.csv").open(
        newline=""
    ) as fh:
        (national,) = [
            r for r in csv.DictReader(fh)
            if r["area_type"] == "N" and r["occ_code"] == "15-2051" and r["industry_code"] == "000000"
        ]  # fmt: skip
    with (real_home / "bls-projections-2024-34" / "Employment Projections.csv").open(
        newline=""
    ) as fh:
        (proj,) = [r for r in csv.DictReader(fh) if r["Occupation Code"] == "15-2051"]
    assert (national["a_median"], proj["Employment Percent Change, 2024-2034"]) == (
        "120230",
        "33.5",
    )

    result = role_outlook(real_atlas, "ml-engineer")
    (occ,) = result.occupations
    assert occ.national is not None
    assert occ.national.a_median == int(national["a_median"]) == 120230
    assert occ.national.tot_emp == int(national["tot_emp"]) == 262440
    growth = {p.period: p.pct_change for p in occ.projections}
    assert growth == {"2024-34": 33.5, "2022-32": 35.2}
    assert occ.typical_education == proj["Typical Entry-Level Education"]


@pytest.mark.integration
def test_real_rankings_match_the_extract(
    real_home: Path, real_atlas: duckdb.DuckDBPyConnection
) -> None:
    with (real_home / "bls-oews-2025" / "oews_may2025_computer_math_extract.csv").open(
        newline=""
    ) as fh:
        states = [
            r for r in csv.DictReader(fh)
            if r["area_type"] == "S" and r["occ_code"] == "15-1221" and r["industry_code"] == "000000"
        ]  # fmt: skip
    by_emp = sorted(
        (r for r in states if r["tot_emp"] != "-"),
        key=lambda r: (-int(r["tot_emp"]), r["area_name"]),
    )
    by_wage = sorted(
        (r for r in states if r["a_median"] != "-"),
        key=lambda r: (-int(r["a_median"]), r["area_name"]),
    )
    result = role_outlook(real_atlas, "research-scientist", top=5)
    rankings = {(r.areas, r.by): r for r in result.occupations[0].rankings}
    assert [a.area_name for a in rankings["states", "tot_emp"].rows] == [
        r["area_name"] for r in by_emp[:5]
    ]
    assert [a.area_name for a in rankings["states", "a_median"].rows] == [
        r["area_name"] for r in by_wage[:5]
    ]
