"""ESCO loader: concepts, labels, checks and row accounting, on tiny files and the real ones."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pytest

from loader_helpers import fetch, quarantined, run_loader
from roleatlas.errors import DataError, SourceMissingError
from roleatlas.ingest.esco import load_esco
from roleatlas.sources import get_source, source_status
from roleatlas.store.writer import AtlasWriter

ESCO = "http://data.europa.eu/esco/"
OCC_HEADER = [
    "conceptType",
    "conceptUri",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "modifiedDate",
    "regulatedProfessionNote",
    "scopeNote",
    "definition",
    "inScheme",
    "description",
    "code",
]
SKILL_HEADER = [
    "conceptType",
    "conceptUri",
    "preferredLabel",
    "status",
    "skillType",
    "reuseLevel",
    "altLabels",
    "description",
    "broaderConceptUri",
    "broaderConceptPT",
]
ISCO_HEADER = [
    "conceptType",
    "conceptUri",
    "code",
    "preferredLabel",
    "status",
    "altLabels",
    "inScheme",
    "description",
]
UNREGULATED = ESCO + "regulated-professions/unregulated"
DS_URI = ESCO + "occupation/ds"
AI_URI = ESCO + "occupation/ai"


def _occ(uri: str, group: str, label: str, alt: str, code: str, **extra: str) -> list[str]:
    values = {
        "conceptType": "Occupation",
        "conceptUri": uri,
        "iscoGroup": group,
        "preferredLabel": label,
        "altLabels": alt,
        "status": "released",
        "regulatedProfessionNote": UNREGULATED,
        "inScheme": f"{ESCO}concept-scheme/occupations,\n{ESCO}concept-scheme/member-occupations",
        "description": f"{label} things.",
        "code": code,
        **extra,
    }
    return [values.get(c, "") for c in OCC_HEADER]


def _skill(uri: str, label: str, alt: str, skill_type: str = "knowledge") -> list[str]:
    values = {
        "conceptType": "KnowledgeSkillCompetence",
        "conceptUri": ESCO + "skill/" + uri,
        "preferredLabel": label,
        "status": "released",
        "skillType": skill_type,
        "reuseLevel": "cross-sector",
        "altLabels": alt,
        "description": f"Use {label}.",
    }
    return [values.get(c, "") for c in SKILL_HEADER]


def _csv(home: Path, name: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    folder = home / "esco-1.2"
    folder.mkdir(exist_ok=True)
    with (folder / name).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _required(
    home: Path, occupations: Sequence[Sequence[str]] = (), skills: Sequence[Sequence[str]] = ()
) -> None:
    _csv(home, "occupations_en.csv", OCC_HEADER, occupations)
    _csv(home, "digitalSkillsCollection_en.csv", SKILL_HEADER, skills)


def _load(home: Path) -> duckdb.DuckDBPyConnection:
    return run_loader(load_esco, "esco", home)


_all = fetch
_quarantine = quarantined


def _reports(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, int]]:
    rows = _all(
        con,
        "SELECT file, rows_read, rows_loaded, rows_quarantined FROM load_report "
        "WHERE source = 'esco'",
    )
    return {f: (r, lo, q) for f, r, lo, q in rows}


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [t for (t,) in _all(con, "SELECT table_name FROM duckdb_tables() ORDER BY 1")]


# --- unit tests on tiny files ----------------------------------------------------------------


def test_occupations_with_multiline_labels(tmp_path: Path) -> None:
    _required(
        tmp_path,
        occupations=[
            _occ(
                DS_URI,
                "2511",
                "data scientist",
                "data science specialist\n data analyst \ndata scientist",
                "2511.4",
            ),
            _occ(
                AI_URI,
                "2511",
                " artificial intelligence engineer ",
                "AI engineer",
                "2511.11",
                hiddenLabels="AI dev",
            ),
            _occ(ESCO + "occupation/x", "2511", "", "x", "2511.99"),
            _occ(ESCO + "occupation/y", "2511", "wrong code", "", "2512.3"),
            _occ("https://example.org/z", "2511", "not esco", "", "2511.7"),
            _occ(DS_URI, "2511", "data scientist again", "", "2511.5"),
        ],
    )
    con = _load(tmp_path)
    assert _all(
        con, "SELECT uri, code, isco_group, preferred_label, regulated FROM esco_occupation"
    ) == [
        (DS_URI, "2511.4", "2511", "data scientist", False),
        (AI_URI, "2511.11", "2511", "artificial intelligence engineer", False),
    ]
    assert _all(con, "SELECT * FROM esco_occupation_label") == [
        (DS_URI, "data scientist", "preferred"),
        (DS_URI, "data science specialist", "alt"),
        (DS_URI, "data analyst", "alt"),
        (AI_URI, "artificial intelligence engineer", "preferred"),
        (AI_URI, "AI engineer", "alt"),
        (AI_URI, "AI dev", "hidden"),
    ]
    # Records start on lines 2, 6, 8, 10, 12 and 14: quoted fields span lines (the first
    # record's altLabels take three, every record's inScheme two).
    assert _quarantine(con, "occupations_en.csv") == [
        (8, "preferredLabel is empty"),
        (10, "code '2512.3' is not an ESCO code under ISCO group '2511'"),
        (
            12,
            "conceptUri 'https://example.org/z' is not an ESCO URI "
            "(http://data.europa.eu/esco/...)",
        ),
        (14, f"duplicate conceptUri {DS_URI!r}: same as line 2"),
    ]
    assert _reports(con)["occupations_en.csv"] == (6, 2, 4)
    # The optional ISCO groups and hierarchy are absent: skipped, not loaded.
    assert _tables(con) == [
        "esco_digital_skill",
        "esco_occupation",
        "esco_occupation_label",
        "esco_skill_label",
        "load_report",
        "quarantine",
    ]


def test_digital_skills_with_pipe_separated_labels(tmp_path: Path) -> None:
    _required(
        tmp_path,
        skills=[
            _skill("py", "Python", "Python techniques | python programming | Python"),
            _skill("ml", "machine learning", "", "skill/competence"),
            _skill("tf", "TensorFlow", "", "tool"),
            _skill("r", "R", "R language", "knowledge"),
        ],
    )
    con = _load(tmp_path)
    assert _all(
        con, "SELECT preferred_label, skill_type, reuse_level, description FROM esco_digital_skill"
    ) == [
        ("Python", "knowledge", "cross-sector", "Use Python."),
        ("machine learning", "skill/competence", "cross-sector", "Use machine learning."),
        ("R", "knowledge", "cross-sector", "Use R."),
    ]
    assert _all(con, "SELECT label, kind FROM esco_skill_label WHERE uri LIKE '%/py'") == [
        ("Python", "preferred"),
        ("Python techniques", "alt"),
        ("python programming", "alt"),
    ]
    assert _quarantine(con, "digitalSkillsCollection_en.csv") == [(4, "unknown skillType 'tool'")]
    assert _reports(con)["digitalSkillsCollection_en.csv"] == (4, 3, 1)


def test_isco_groups_and_hierarchy_are_checked(tmp_path: Path) -> None:
    _required(
        tmp_path,
        occupations=[
            _occ(DS_URI, "2511", "data scientist", "", "2511.4"),
            _occ(AI_URI, "2519", "AI engineer", "", "2519.1"),
        ],
    )
    isco = [
        ["ISCOGroup", ESCO + "isco/C25", "25", "ICT professionals", "released", "", "", "ICT."],
        ["ISCOGroup", ESCO + "isco/C2511", "2511", "Systems analysts", "released", "", "", ""],
        ["ISCOGroup", ESCO + "isco/C25111", "25111", "Too long", "released", "", "", ""],
    ]
    _csv(tmp_path, "ISCOGroups_en.csv", ISCO_HEADER, isco)
    _csv(
        tmp_path,
        "broaderRelationsOccPillar_en.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [
            ["ISCOGroup", ESCO + "isco/C2511", "ISCOGroup", ESCO + "isco/C25"],
            ["Occupation", DS_URI, "ISCOGroup", ESCO + "isco/C2511"],
            ["Occupation", AI_URI, "ISCOGroup", ESCO + "isco/C2519"],
        ],
    )
    con = _load(tmp_path)
    assert _all(con, "SELECT * FROM esco_isco_group") == [
        (ESCO + "isco/C25", "25", "ICT professionals", "ICT."),
        (ESCO + "isco/C2511", "2511", "Systems analysts", None),
    ]
    assert _quarantine(con, "ISCOGroups_en.csv") == [
        (4, "code '25111' is not an ISCO-08 code of 1 to 4 digits")
    ]
    assert _quarantine(con, "occupations_en.csv") == [
        (4, "unknown ISCO group '2519': not in ISCOGroups_en.csv")
    ]
    assert _all(con, "SELECT uri, broader_uri, broader_type FROM esco_occupation_broader") == [
        (ESCO + "isco/C2511", ESCO + "isco/C25", "ISCOGroup"),
        (DS_URI, ESCO + "isco/C2511", "ISCOGroup"),
    ]
    assert _quarantine(con, "broaderRelationsOccPillar_en.csv") == [
        (4, f"unknown conceptUri {AI_URI!r}: not an occupation or ISCO group")
    ]
    assert _reports(con) == {
        "ISCOGroups_en.csv": (3, 2, 1),
        "occupations_en.csv": (2, 1, 1),
        "digitalSkillsCollection_en.csv": (0, 0, 0),
        "broaderRelationsOccPillar_en.csv": (3, 2, 1),
    }


def test_missing_required_file_is_an_error(tmp_path: Path) -> None:
    _csv(tmp_path, "occupations_en.csv", OCC_HEADER, [])
    with pytest.raises(SourceMissingError) as err:
        _load(tmp_path)
    assert str(err.value) == (
        f"ESCO classification v1.2 (English): file 'digitalSkillsCollection_en.csv' is missing from {tmp_path / 'esco-1.2'} "
        "(it is required). Run `roleatlas data status` to check the source, or "
        "`roleatlas data download esco` to fetch it."
    )


def test_hierarchy_without_isco_groups_is_an_error(tmp_path: Path) -> None:
    _required(tmp_path)
    _csv(
        tmp_path,
        "broaderRelationsOccPillar_en.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [],
    )
    with pytest.raises(
        SourceMissingError, match=r"'ISCOGroups_en\.csv' is missing .*checked against it"
    ):
        _load(tmp_path)


def test_a_missing_column_fails_the_file(tmp_path: Path) -> None:
    _required(tmp_path, skills=[_skill("py", "Python", "")])
    header = [c for c in SKILL_HEADER if c != "reuseLevel"]
    _csv(tmp_path, "digitalSkillsCollection_en.csv", header, [_skill("py", "Python", "")[:-1]])
    with pytest.raises(DataError) as err:
        _load(tmp_path)
    assert str(err.value) == (
        "ESCO file 'digitalSkillsCollection_en.csv' has no column 'reuseLevel': it is not the "
        "file this loader reads. Download the ESCO v1.2 release again with "
        "`roleatlas data download esco`."
    )


# --- integration: the real ESCO v1.2 files ---------------------------------------------------


def _raw(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def real_esco(real_home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    load_esco(source_status(get_source("esco"), home=real_home, verify=False), AtlasWriter(con))
    yield con
    con.close()


@pytest.mark.integration
def test_real_counts_match_the_raw_files(
    real_esco: duckdb.DuckDBPyConnection, real_home: Path
) -> None:
    folder = real_home / "esco-1.2"
    files = {
        "occupations_en.csv": "esco_occupation",
        "digitalSkillsCollection_en.csv": "esco_digital_skill",
        "ISCOGroups_en.csv": "esco_isco_group",
        "broaderRelationsOccPillar_en.csv": "esco_occupation_broader",
    }
    expected = {f: len(_raw(folder / f)) for f in files}
    assert expected["occupations_en.csv"] == 3039
    assert expected["digitalSkillsCollection_en.csv"] == 1284
    # Quoted fields span lines: far more physical lines than records.
    with (folder / "occupations_en.csv").open(encoding="utf-8") as fh:
        assert sum(1 for _ in fh) > 3 * 3039
    reports = _reports(real_esco)
    assert set(reports) == set(files)
    for file, table in files.items():
        read, loaded, quarantined = reports[file]
        assert read == expected[file] == loaded + quarantined, file
        assert _all(real_esco, f'SELECT count(*) FROM "{table}"') == [(loaded,)], file
    # Measured on the real files: every record loads.
    assert _all(real_esco, "SELECT count(*) FROM quarantine") == [(0,)]


@pytest.mark.integration
def test_real_label_counts(real_esco: duckdb.DuckDBPyConnection, real_home: Path) -> None:
    folder = real_home / "esco-1.2"
    for file, columns, table in (
        (
            "occupations_en.csv",
            ("preferredLabel", "altLabels", "hiddenLabels"),
            "esco_occupation_label",
        ),
        ("digitalSkillsCollection_en.csv", ("preferredLabel", "altLabels"), "esco_skill_label"),
    ):
        expected = 0
        for row in _raw(folder / file):
            distinct = {s.strip() for c in columns for s in re.split(r"\n| \| ", row[c])} - {""}
            expected += len(distinct)
        assert _all(real_esco, f'SELECT count(*) FROM "{table}"') == [(expected,)], file


@pytest.mark.integration
def test_real_ai_occupations(real_esco: duckdb.DuckDBPyConnection, real_home: Path) -> None:
    raw = {r["conceptUri"]: r for r in _raw(real_home / "esco-1.2" / "occupations_en.csv")}
    ds = [u for u, r in raw.items() if r["preferredLabel"].strip() == "data scientist"]
    assert len(ds) == 1
    assert _all(
        real_esco,
        "SELECT uri, code, isco_group FROM esco_occupation "
        "WHERE preferred_label = 'data scientist'",
    ) == [(ds[0], raw[ds[0]]["code"], raw[ds[0]]["iscoGroup"])]
    alts = [a.strip() for a in raw[ds[0]]["altLabels"].split("\n") if a.strip()]
    got = _all(
        real_esco, "SELECT label FROM esco_occupation_label WHERE uri = ? AND kind = 'alt'", [ds[0]]
    )
    assert [label for (label,) in got] == [a for a in dict.fromkeys(alts) if a != "data scientist"]
