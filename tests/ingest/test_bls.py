"""BLS loaders: OEWS cells and dimensions, projections in both layouts; real-data cross-checks."""

from __future__ import annotations

import csv
import gzip
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from loader_helpers import load_bls
from roleatlas.errors import DataError
from roleatlas.ingest import bls
from roleatlas.ingest.bls_projections import split_title
from roleatlas.ingest.records import RowRejected
from roleatlas.sources import SourceStatus, get_source, source_status
from roleatlas.store.writer import AtlasWriter

DATATYPES = [
    ("01", "Employment"),
    ("02", "Employment percent relative standard error"),
    ("03", "Hourly mean wage"),
    ("04", "Annual mean wage"),
    ("05", "Wage percent relative standard error"),
    ("06", "Hourly 10th percentile wage"),
    ("07", "Hourly 25th percentile wage"),
    ("08", "Hourly median wage"),
    ("09", "Hourly 75th percentile wage"),
    ("10", "Hourly 90th percentile wage"),
    ("11", "Annual 10th percentile wage"),
    ("12", "Annual 25th percentile wage"),
    ("13", "Annual median wage"),
    ("14", "Annual 75th percentile wage"),
    ("15", "Annual 90th percentile wage"),
    ("16", "Employment per 1,000 jobs"),
    ("17", "Location Quotient"),
]
FOOTNOTES = [
    ("4", "Wages for some occupations ... are reported either as hourly wages or annual salaries."),
    ("5", "This wage is equal to or greater than $115.00 per hour or $239,200 per year."),
    ("8", "Estimate not released."),
]
AREAS = [
    ("0000000", "N", "00", "National"),
    ("0600000", "S", "06", "California"),
    ("0041940", "M", "06", "San Jose-Sunnyvale-Santa Clara, CA"),
    ("0600001", "M", "06", "North Coast California nonmetropolitan area"),
]
NUMBERS = [
    "262440", "1.1", "60.96", "126800", "0.7", "32.33", "41.18", "57.80", "76.39", "95.74",
    "67240", "85660", "120230", "158880", "199130",
]  # fmt: skip
NATIONAL_KEY = "OEUN0000000000000152051"


def cell(
    key: str, values: list[str | None], feet: dict[int, str] | None = None
) -> tuple[object, ...]:
    """A ``cell`` row: 17 values (v01..v17) and footnote codes by 1-based datatype."""
    feet = feet or {}
    return (key, *values, *(feet.get(i) for i in range(1, 18)))


def write_oews(
    path: Path, cells: list[tuple[object, ...]], *, datatypes: list[tuple[str, str]] = DATATYPES
) -> Path:
    """A gzipped SQLite file with the schema of ``oews-2025.sqlite.gz``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = path.with_suffix("")
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    vs = ", ".join(f"v{i:02d} TEXT" for i in range(1, 18))
    fs = ", ".join(f"f{i:02d} TEXT" for i in range(1, 18))
    con.executescript(
        f"""
        CREATE TABLE cell (key TEXT PRIMARY KEY, {vs}, {fs}) WITHOUT ROWID;
        CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL,
                           state_code TEXT NOT NULL, area_name TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL,
                               display_level INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL,
                                 display_level INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE datatype (datatype_code TEXT PRIMARY KEY, datatype_name TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        """
    )
    con.executemany(f"INSERT INTO cell VALUES ({', '.join('?' * 35)})", cells)
    con.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", AREAS)
    con.executemany(
        "INSERT INTO industry VALUES (?, ?, ?)",
        [
            ("000000", "Cross-Industry, Private, Federal, State, and Local", 0),
            ("3250A1", "Chemicals", 4),
        ],
    )
    con.executemany(
        "INSERT INTO occupation VALUES (?, ?, ?)",
        [
            ("152051", "Data Scientists", 3),
            ("151221", "Computer and Information Research Scientists", 3),
        ],
    )
    con.executemany("INSERT INTO datatype VALUES (?, ?)", datatypes)
    con.executemany("INSERT INTO footnote VALUES (?, ?)", FOOTNOTES)
    con.executemany("INSERT INTO meta VALUES (?, ?)", [("release", "May 2025")])
    con.commit()
    con.close()
    with db.open("rb") as src, gzip.open(path, "wb") as dst:
        dst.write(src.read())
    db.unlink()
    return path


def fixture_cells() -> list[tuple[object, ...]]:
    """Seven cells: three good ones and four that must be quarantined."""
    state = [*NUMBERS[:14], "#", "0.95", "1.28"]  # a_pct90 shown as '#': top-coded
    metro = ["-", "-", *NUMBERS[2:], "2.1", "3.16"]
    hourly_top = [*NUMBERS[:9], "-", *NUMBERS[10:], "1.0", "1.0"]
    return [
        cell(NATIONAL_KEY, [*NUMBERS, None, None]),
        cell("OEUS0600000000000152051", state),
        cell("OEUM0041940000000152051", metro, {1: "8", 2: "8"}),
        cell("OEUM0041940000000151221", hourly_top, {10: "5"}),
        cell("OEUS9999999000000152051", state),  # unknown area
        cell("OEUN0000000000000999999", [*NUMBERS, None, None]),  # unknown occupation
        cell("OEUX0000000000000152051", [*NUMBERS, None, None]),  # key does not parse
        cell("OEUS0600000000000151221", [*NUMBERS[:4], "abc", *NUMBERS[5:], "1", "1"]),
        cell("OEUS0600000000000159999", [*NUMBERS, "1", "1"]),  # unknown occupation
        cell("OEUN00000003250A1152051", [*NUMBERS, None, None], {3: "7"}),  # unknown footnote
    ]


def oews_status(home: Path) -> SourceStatus:
    return source_status(get_source("bls-oews"), home=home, verify=False)


@pytest.fixture
def writer() -> Iterator[AtlasWriter]:
    con = duckdb.connect()
    yield AtlasWriter(con)
    con.close()


@pytest.fixture
def oews_home(tmp_path: Path) -> Path:
    write_oews(tmp_path / "bls-oews-2025" / bls.OEWS_FILE, fixture_cells())
    return tmp_path


def test_oews_rows_are_accounted_and_bad_cells_quarantined(
    oews_home: Path, writer: AtlasWriter
) -> None:
    bls.load_oews(oews_status(oews_home), writer)
    report = {r.file: (r.read, r.loaded, r.quarantined) for r in writer.reports}
    assert report["oews-2025.sqlite.gz:cell"] == (10, 4, 6)
    assert report["oews-2025.sqlite.gz:area"] == (4, 4, 0)
    assert report["oews-2025.sqlite.gz:occupation"] == (2, 2, 0)
    keys = sorted(str(c[0]) for c in fixture_cells())
    reasons = dict(writer.sql("SELECT line, reason FROM quarantine WHERE file LIKE '%:cell'"))
    assert reasons == {
        keys.index("OEUS9999999000000152051") + 1: "unknown area code '9999999'",
        keys.index("OEUN0000000000000999999") + 1: "unknown occupation code '999999'",
        keys.index("OEUX0000000000000152051") + 1: (
            "cell key 'OEUX0000000000000152051' does not parse (OEU + area type + 7 + 6 + 6 digits)"
        ),
        keys.index("OEUS0600000000000151221") + 1: "mean_prse is not a number: 'abc'",
        keys.index("OEUS0600000000000159999") + 1: "unknown occupation code '159999'",
        keys.index("OEUN00000003250A1152051") + 1: "h_mean has an unknown footnote code '7'",
    }
    (raw,) = writer.sql("SELECT raw FROM quarantine WHERE reason LIKE 'unknown area%'")[0]
    assert '"key": "OEUS9999999000000152051"' in raw and '"v13": "120230"' in raw


def test_oews_national_cell_keeps_bls_values(oews_home: Path, writer: AtlasWriter) -> None:
    bls.load_oews(oews_status(oews_home), writer)
    row = writer.con.execute(
        "SELECT area_type, area_name, industry_name, soc, occ_title, tot_emp, emp_prse, h_mean, "
        "a_mean, a_pct10, a_median, a_pct90, jobs_1000, loc_quotient, footnotes, a_median_top_coded "
        "FROM oews_wage WHERE area_type = 'N'"
    ).fetchone()
    assert row == (
        "N", "National", "Cross-Industry, Private, Federal, State, and Local", "15-2051",
        "Data Scientists", 262440, 1.1, 60.96, 126800, 67240, 120230, 199130, None, None, None, False,
    )  # fmt: skip


def test_oews_markers_become_null_with_their_reason(oews_home: Path, writer: AtlasWriter) -> None:
    bls.load_oews(oews_status(oews_home), writer)
    rows = {
        r[0]: r[1:]
        for r in writer.sql(
            "SELECT area_code || ':' || soc, tot_emp, emp_prse, a_pct90, a_pct90_top_coded, "
            "h_pct90, h_pct90_top_coded, footnotes, loc_quotient FROM oews_wage"
        )
    }
    # '#' in a wage: top-coded, no value; the note records the marker.
    assert rows["0600000:15-2051"] == (262440, 1.1, None, True, 95.74, False, "a_pct90=#", 1.28)
    # '-' with footnote 8: not released.
    assert rows["0041940:15-2051"] == (
        None,
        None,
        199130,
        False,
        95.74,
        False,
        "tot_emp=8;emp_prse=8",
        3.16,
    )
    # '-' with footnote 5: top-coded hourly wage.
    assert rows["0041940:15-1221"] == (262440, 1.1, 199130, False, None, True, "h_pct90=5", 1.0)


def test_oews_dimensions(oews_home: Path, writer: AtlasWriter) -> None:
    bls.load_oews(oews_status(oews_home), writer)
    assert writer.sql(
        "SELECT area_code, nonmetropolitan FROM oews_area WHERE area_type = 'M' ORDER BY 1"
    ) == [
        ("0041940", False),
        ("0600001", True),
    ]
    assert writer.sql("SELECT soc, occ_title FROM oews_occupation ORDER BY 1")[0] == (
        "15-1221",
        "Computer and Information Research Scientists",
    )
    assert writer.sql("SELECT value FROM oews_meta WHERE name = 'release'") == [("May 2025",)]
    assert len(writer.sql("SELECT * FROM oews_footnote")) == 3


def test_oews_temporary_copy_is_removed(
    oews_home: Path, writer: AtlasWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    opened: list[str] = []
    connect = sqlite3.connect

    def spy(database: str, **kwargs: object) -> sqlite3.Connection:
        opened.append(database)
        return connect(database, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bls.sqlite3, "connect", spy)
    bls.load_oews(oews_status(oews_home), writer)
    assert len(opened) == 1 and opened[0].startswith(f"file:{scratch}/")
    assert list(scratch.iterdir()) == []


def test_oews_not_gzip_is_a_data_error(tmp_path: Path, writer: AtlasWriter) -> None:
    target = tmp_path / "bls-oews-2025" / bls.OEWS_FILE
    target.parent.mkdir()
    target.write_text("not gzip")
    with pytest.raises(DataError, match=r"is not a readable gzip file.*Download it again"):
        bls.load_oews(oews_status(tmp_path), writer)


def test_oews_unexpected_datatypes_are_refused(tmp_path: Path, writer: AtlasWriter) -> None:
    swapped = [(c, "Annual median wage" if c == "11" else n) for c, n in DATATYPES]
    write_oews(tmp_path / "bls-oews-2025" / bls.OEWS_FILE, fixture_cells(), datatypes=swapped)
    with pytest.raises(DataError, match=r"datatype table does not match .*\(codes 11\)"):
        bls.load_oews(oews_status(tmp_path), writer)


def test_oews_fast_path_matches_the_general_one() -> None:
    area = ("0000000", "N", "00", "National", False)
    cells = bls._Cells(
        {"0000000": area}, {"000000": ("000000", "All", 0)}, {"152051": ("15-2051", "DS", 3)}, set()
    )
    row = (NATIONAL_KEY, *NUMBERS, "0.5", "1.25")
    fast = cells.parse(row, bls._NO_FOOTNOTES)
    general = cells.parse(row, (None,) * 17)  # equal but not the sentinel: the general path
    assert fast == general
    assert [type(v) for v in fast[8:25]] == [
        int if t in ("BIGINT", "INTEGER") else float for _, t in bls.WAGE_COLUMNS[8:25]
    ]


def test_oews_top_code_on_a_count_is_rejected() -> None:
    cells = bls._Cells({}, {}, {}, {"5"})
    with pytest.raises(RowRejected, match="tot_emp is marked top-coded but is not a wage"):
        cells._value(bls.VALUES[0], int, "-", "5")


# --------------------------------------------------------------------------- projections

HEADER_2024 = (
    'Occupation Title,Occupation Code,Employment 2024,Employment 2034,"Employment Change, 2024-2034",'
    '"Employment Percent Change, 2024-2034","Occupational Openings, 2024-2034 Annual Average",'
    "Median Annual Wage 2024,Typical Entry-Level Education,Education Code,"
    "Work Experience in a Related Occupation,Workex Code,Typical on-the-job Training,trCode\n"
)
ROWS_2024 = (
    "Data scientists    * Business Intelligence Developer* Data Mining Analyst,15-2051,245.9,328.3,82.5,"
    '33.5,23.4,"112,590",Bachelor\'s degree,3,None,4,None,6\n'
    "Actors    * Actor Understudy* Voice-Over Artist,27-2011,57,57.1,0.2,0.3,6.3,N/A,"
    '"Some college, no degree",6,None,4,Long-term on-the-job training,3\n'
    'Chief executives    * CEO,11-1011,"1,579.80","1,652.60",72.8,4.6,124.2,">=239,200",'
    "Bachelor's degree,3,5 years or more,1,None,6\n"
    "Adult basic education instructors    * GED¿ Instructor* General Educational Development (GED¿) Teacher,"
    '25-3011,44.6,40.4,-4.2,-9.4,4.8,"63,220",Bachelor\'s degree,3,None,4,None,6\n'
    "Broken code,15-205,1,1,0,0,0,N/A,None,8,None,4,None,6\n"
    "Data scientists again,15-2051,1,1,0,0,0,N/A,None,8,None,4,None,6\n"
    "Bad number,15-9999,lots,1,0,0,0,N/A,None,8,None,4,None,6\n"
)
HEADER_2022 = (
    '"Occupation Title","Occupation Code","Employment 2022","Employment 2032",'
    '"Employment Change, 2022-2032","Employment Percent Change, 2022-2032",'
    '"Occupational Openings, 2022-2032 Annual Average","Median Annual Wage 2023",'
    '"Typical Entry-Level Education","Education Code","Work Experience in a Related Occupation",'
    '"Workex Code","Typical on-the-job Training","trCode"\n'
)
ROWS_2022 = (
    '"Data scientists    * Business Intelligence Developer","=""15-2051""","168.9","228.2","59.4",'
    '"35.2","17.7","108,020","Bachelor\'s degree","3","None","4","None","6"\n'
    '"Home health aides","=""31-1120""","3,715.5","4,520.4","804.9","21.7","718.9","N/A",'
    '"High school diploma or equivalent","7","None","4","Short-term on-the-job training","5"\n'
)


def projections_status(home: Path, name: str, text: str) -> SourceStatus:
    source = get_source(name)
    folder = home / source.folder
    folder.mkdir(parents=True)
    (folder / "Employment Projections.csv").write_text(text, encoding="utf-8")
    return source_status(source, home=home, verify=False)


def test_projections_2024_rows_flags_and_quarantine(tmp_path: Path, writer: AtlasWriter) -> None:
    bls.load_projections_2024(
        projections_status(tmp_path, "bls-projections-2024", HEADER_2024 + ROWS_2024), writer
    )
    assert [(r.read, r.loaded, r.quarantined) for r in writer.reports] == [(7, 4, 3)]
    rows = {r[0]: r[1:] for r in writer.sql(
        "SELECT soc, title, base_year, target_year, emp_base_k, emp_target_k, change_k, pct_change, "
        "openings_k_per_year, median_wage, wage_year, wage_top_coded, typical_education, education_code "
        "FROM bls_projection WHERE period = '2024-34'"
    )}  # fmt: skip
    assert rows["15-2051"] == (
        "Data scientists",
        2024,
        2034,
        245.9,
        328.3,
        82.5,
        33.5,
        23.4,
        112590,
        2024,
        False,
        "Bachelor's degree",
        3,
    )
    assert rows["27-2011"][8:11] == (None, 2024, False)
    assert rows["11-1011"][3:5] == (1579.8, 1652.6)
    assert rows["11-1011"][8:10] == (239200, 2024) and rows["11-1011"][10] is True
    assert rows["25-3011"][5:7] == (-4.2, -9.4)
    reasons = sorted(r for (r,) in writer.sql("SELECT reason FROM quarantine"))
    assert reasons == [
        "Employment 2024 is not a number: 'lots'",
        "occupation code '15-205' is not NN-NNNN",
        "occupation code 15-2051 appears twice",
    ]
    assert writer.sql("SELECT line FROM quarantine WHERE reason LIKE '%twice'") == [(7,)]


def test_projections_aliases_are_split_and_cleaned(tmp_path: Path, writer: AtlasWriter) -> None:
    bls.load_projections_2024(
        projections_status(tmp_path, "bls-projections-2024", HEADER_2024 + ROWS_2024), writer
    )
    aliases = writer.sql(
        "SELECT soc, alias FROM bls_projection_alias WHERE soc IN ('15-2051', '25-3011') ORDER BY soc, alias"
    )
    assert aliases == [
        ("15-2051", "Business Intelligence Developer"),
        ("15-2051", "Data Mining Analyst"),
        ("25-3011", "GED Instructor"),
        ("25-3011", "General Educational Development (GED) Teacher"),
    ]


def test_projections_2022_excel_quoted_codes(tmp_path: Path, writer: AtlasWriter) -> None:
    bls.load_projections_2022(
        projections_status(tmp_path, "bls-projections-2022", HEADER_2022 + ROWS_2022), writer
    )
    rows = writer.sql(
        "SELECT period, soc, emp_base_k, median_wage, wage_year, training FROM bls_projection ORDER BY soc"
    )
    assert rows == [
        ("2022-32", "15-2051", 168.9, 108020, 2023, "None"),
        ("2022-32", "31-1120", 3715.5, None, 2023, "Short-term on-the-job training"),
    ]


def test_both_periods_share_the_tables(tmp_path: Path, writer: AtlasWriter) -> None:
    bls.load_projections_2024(
        projections_status(tmp_path, "bls-projections-2024", HEADER_2024 + ROWS_2024), writer
    )
    bls.load_projections_2022(
        projections_status(tmp_path, "bls-projections-2022", HEADER_2022 + ROWS_2022), writer
    )
    assert writer.sql("SELECT period, count(*) FROM bls_projection GROUP BY 1 ORDER BY 1") == [
        ("2022-32", 2),
        ("2024-34", 4),
    ]


def test_projections_period_must_match_the_header(tmp_path: Path, writer: AtlasWriter) -> None:
    status = projections_status(tmp_path, "bls-projections-2024", HEADER_2022 + ROWS_2022)
    with pytest.raises(DataError, match="projects 2022-2032, not 2024-34"):
        bls.load_projections_2024(status, writer)


def test_projections_unknown_layout_is_refused(tmp_path: Path, writer: AtlasWriter) -> None:
    status = projections_status(tmp_path, "bls-projections-2024", "Title,Code\nA,15-2051\n")
    with pytest.raises(
        DataError, match=r"does not have the BLS projections columns.*found: Title, Code"
    ):
        bls.load_projections_2024(status, writer)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Actuaries    * Actuarial Associate* Pricing Actuary",
            ("Actuaries", ["Actuarial Associate", "Pricing Actuary"]),
        ),
        ("Buyers and purchasing agents", ("Buyers and purchasing agents", [])),
        ("Teachers    * GED¿ Instructor*  ", ("Teachers", ["GED Instructor"])),
    ],
)
def test_split_title(raw: str, expected: tuple[str, list[str]]) -> None:
    assert split_title(raw) == expected


def test_split_title_needs_a_title() -> None:
    with pytest.raises(RowRejected, match="occupation title is empty"):
        split_title("   * Alias")


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real_atlas(real_home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con, _ = load_bls(real_home)
    yield con
    con.close()


@pytest.mark.integration
def test_real_oews_counts_match_the_raw_file(
    real_home: Path, real_atlas: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    db = tmp_path / "oews.sqlite"
    with gzip.open(real_home / "bls-oews-2025" / bls.OEWS_FILE) as src:
        db.write_bytes(src.read())
    raw = sqlite3.connect(db)
    counts = {
        t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("cell", "area", "industry", "occupation")
    }
    raw.close()
    report = {f: (r, lo, q) for f, r, lo, q in real_atlas.execute(
        "SELECT file, rows_read, rows_loaded, rows_quarantined FROM load_report WHERE source = 'bls-oews'"
    ).fetchall()}  # fmt: skip
    for table, n in counts.items():
        read, loaded, quarantined = report[f"{bls.OEWS_FILE}:{table}"]
        assert read == n == loaded + quarantined
    assert report[f"{bls.OEWS_FILE}:cell"][2] == 0  # the release is clean
    assert real_atlas.execute("SELECT count(*) FROM oews_wage").fetchone() == (counts["cell"],)


@pytest.mark.integration
def test_real_projection_counts_match_the_csv(
    real_home: Path, real_atlas: duckdb.DuckDBPyConnection
) -> None:
    for period, folder in (
        ("2024-34", "bls-projections-2024-34"),
        ("2022-32", "bls-projections-2022-32"),
    ):
        with (real_home / folder / "Employment Projections.csv").open(
            encoding="utf-8", newline=""
        ) as fh:
            rows = list(csv.DictReader(fh))
        loaded = real_atlas.execute(
            "SELECT count(*) FROM bls_projection WHERE period = ?", [period]
        ).fetchone()
        assert loaded == (len(rows),) == (832,)
        aliases = sum(r["Occupation Title"].count("*") for r in rows)
        assert real_atlas.execute(
            "SELECT count(*) FROM bls_projection_alias WHERE period = ?", [period]
        ).fetchone() == (aliases,)
        top_coded = sum(
            r[next(k for k in r if k.startswith("Median Annual Wage"))].startswith(">=")
            for r in rows
        )
        assert real_atlas.execute(
            "SELECT count(*) FROM bls_projection WHERE period = ? AND wage_top_coded", [period]
        ).fetchone() == (top_coded,)
    growth = dict(
        real_atlas.execute(
            "SELECT period, pct_change FROM bls_projection WHERE soc = '15-2051'"
        ).fetchall()
    )
    assert growth == {"2024-34": 33.5, "2022-32": 35.2}
    titles = [
        t
        for (t,) in real_atlas.execute(
            "SELECT title FROM bls_projection UNION ALL SELECT alias FROM bls_projection_alias"
        ).fetchall()
    ]
    assert not [t for t in titles if "\u00bf" in t or "\ufffd" in t]


_EXTRACT_NUMBERS = [c for c, _ in bls.WAGE_COLUMNS[8:25]]


@pytest.mark.integration
def test_real_oews_equals_the_bls_extract(
    real_home: Path, real_atlas: duckdb.DuckDBPyConnection
) -> None:
    """Every row of the independent CSV extract of the same release matches the atlas."""
    with (real_home / "bls-oews-2025" / "oews_may2025_computer_math_extract.csv").open(
        newline=""
    ) as fh:
        extract = list(csv.DictReader(fh))
    assert len(extract) == 10_260
    columns = ", ".join(_EXTRACT_NUMBERS)
    atlas = {
        (r[0], r[1], r[2]): r[3:]
        for r in real_atlas.execute(
            f"SELECT area_code, industry_code, soc, {columns}, footnotes, area_name, occ_title FROM oews_wage "
            "WHERE soc LIKE '15-%' OR soc IN ('11-3021', '00-0000')"
        ).fetchall()
    }
    mismatches = []
    for row in extract:
        got = atlas[(row["area_code"], row["industry_code"], row["occ_code"])]
        want = [None if row[c] in ("", "-") else float(row[c]) for c in _EXTRACT_NUMBERS]
        if [None if v is None else float(v) for v in got[:17]] != want:
            mismatches.append(row)
        if (got[17] or "") != row["footnotes"] or got[18:] != (row["area_name"], row["occ_title"]):
            mismatches.append(row)
    assert mismatches == []


@pytest.mark.integration
@pytest.mark.parametrize(
    ("area_code", "soc", "column"),
    [
        ("0000000", "15-2051", "a_median"),
        ("0000000", "15-2051", "tot_emp"),
        ("0600000", "15-1252", "a_median"),
        ("4800000", "15-1221", "tot_emp"),
        ("0041940", "15-2051", "a_pct90"),
        ("0035620", "11-3021", "a_mean"),
    ],
)
def test_real_oews_spot_checks(
    real_home: Path, real_atlas: duckdb.DuckDBPyConnection, area_code: str, soc: str, column: str
) -> None:
    with (real_home / "bls-oews-2025" / "oews_may2025_computer_math_extract.csv").open(
        newline=""
    ) as fh:
        (want,) = [
            r[column] for r in csv.DictReader(fh)
            if r["area_code"] == area_code and r["occ_code"] == soc and r["industry_code"] == "000000"
        ]  # fmt: skip
    got = real_atlas.execute(
        f"SELECT {column} FROM oews_wage WHERE area_code = ? AND soc = ? AND industry_code = '000000'",
        [area_code, soc],
    ).fetchone()
    assert got == (int(want),)
