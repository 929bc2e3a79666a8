"""Load ESCO v1.2 (English): occupations, digital skills, their labels, ISCO groups.

Tables
------
``esco_occupation`` and ``esco_digital_skill`` hold one row per concept;
``esco_occupation_label`` and ``esco_skill_label`` hold every label of a concept
with its kind (``preferred``, ``alt``, ``hidden``), the preferred label first and
then the others in file order. ESCO separates labels by newlines in
``occupations_en.csv`` and by ``" | "`` in the skill collections; both are
accepted in every file. Labels are stripped, and a label repeating an earlier
label of the same concept (87 occupations list their preferred label among the
alternatives) is listed once, under its first kind.

Checks (a failing record goes to quarantine): required fields, the concept type,
URIs under ``http://data.europa.eu/esco/``, duplicate URIs, skill types and
reuse levels, occupation codes (``2511.4``) that must extend their ISCO group,
and ISCO groups that must be in ``ISCOGroups_en.csv``.

``occupations_en.csv`` and ``digitalSkillsCollection_en.csv`` are required.
``ISCOGroups_en.csv`` and ``broaderRelationsOccPillar_en.csv`` (the occupation
hierarchy, which needs the ISCO groups) are loaded when present; the other files
of the source are registered but not loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from roleatlas.ingest.convert import choice, required, text
from roleatlas.ingest.records import Record, RowRejected, read_delimited, strict
from roleatlas.ingest.sink import Column, Sink
from roleatlas.sources import SourceStatus

_FIX = "Download the ESCO v1.2 release again with `roleatlas data download esco`."

SOURCE = "esco"
OCCUPATIONS = "occupations_en.csv"
DIGITAL_SKILLS = "digitalSkillsCollection_en.csv"
ISCO_GROUPS = "ISCOGroups_en.csv"
BROADER = "broaderRelationsOccPillar_en.csv"

ESCO_URI = "http://data.europa.eu/esco/"
SKILL_TYPES = ("knowledge", "skill/competence")
REUSE_LEVELS = ("transversal", "cross-sector", "sector-specific", "occupation-specific")
CONCEPT_TYPES = ("Occupation", "ISCOGroup")
_REGULATED = {
    ESCO_URI + "regulated-professions/regulated": True,
    ESCO_URI + "regulated-professions/unregulated": False,
}
_LABEL_SPLIT = re.compile(r"\n| \| ")
_OCCUPATION_CODE = re.compile(r"^\d{4}(\.\d+)+$")
_ISCO_CODE = re.compile(r"^\d{1,4}$")

LABEL_COLUMNS: list[Column] = [("uri", "VARCHAR"), ("label", "VARCHAR"), ("kind", "VARCHAR")]
ISCO_COLUMNS: list[Column] = [
    ("uri", "VARCHAR"),
    ("code", "VARCHAR"),
    ("preferred_label", "VARCHAR"),
    ("description", "VARCHAR"),
]
OCCUPATION_COLUMNS: list[Column] = [
    ("uri", "VARCHAR"),
    ("code", "VARCHAR"),
    ("isco_group", "VARCHAR"),
    ("preferred_label", "VARCHAR"),
    ("description", "VARCHAR"),
    ("scope_note", "VARCHAR"),
    ("regulated", "BOOLEAN"),
]
SKILL_COLUMNS: list[Column] = [
    ("uri", "VARCHAR"),
    ("preferred_label", "VARCHAR"),
    ("skill_type", "VARCHAR"),
    ("reuse_level", "VARCHAR"),
    ("description", "VARCHAR"),
]
BROADER_COLUMNS: list[Column] = [
    ("uri", "VARCHAR"),
    ("concept_type", "VARCHAR"),
    ("broader_uri", "VARCHAR"),
    ("broader_type", "VARCHAR"),
]

Row = tuple[object, ...]
Label = tuple[str, str, str]


@dataclass(frozen=True)
class _Concept:
    """One loaded record: its row and its labels."""

    row: Row
    labels: tuple[Label, ...] = ()


def load_esco(status: SourceStatus, sink: Sink) -> None:
    """Load the ESCO v1.2 files of ``status`` into ``sink``.

    Parameters
    ----------
    status
        Where the source's files are (see :func:`roleatlas.sources.source_status`).
    sink
        Receives the ``esco_*`` tables, the quarantine and the row accounting.

    Raises
    ------
    SourceMissingError
        A required file is absent, or the occupation hierarchy is present without
        ``ISCOGroups_en.csv``.
    DataError
        A file cannot be read or lacks a column this loader needs.
    """
    for name in (OCCUPATIONS, DIGITAL_SKILLS):
        if not status.has(name):
            raise status.missing(name, "it is required")
    isco: dict[str, str] | None = None
    if status.has(ISCO_GROUPS):
        isco = _load_isco(status, sink)
    occupations = _load_occupations(status, sink, isco)
    _load_digital_skills(status, sink)
    if status.has(BROADER):
        if isco is None:
            raise status.missing(ISCO_GROUPS, f"{BROADER!r} is checked against it")
        _load_broader(status, sink, known=set(isco.values()) | occupations)


# --- files -----------------------------------------------------------------------------------


def _load_isco(status: SourceStatus, sink: Sink) -> dict[str, str]:
    """Load ISCO groups; returns their URIs by code."""

    def parse(rec: Record) -> _Concept:
        choice(rec, "conceptType", ("ISCOGroup",), what="conceptType")
        code = required(rec, "code")
        if not _ISCO_CODE.match(code):
            raise RowRejected(f"code {code!r} is not an ISCO-08 code of 1 to 4 digits")
        row = (
            _uri(rec),
            code,
            required(rec, "preferredLabel"),
            text(rec, "description", required=False),
        )
        return _Concept(row)

    groups = _read(status, sink, ISCO_GROUPS, parse, key=lambda c: c.row[1], what="code")
    sink.write(
        "esco_isco_group",
        ISCO_COLUMNS,
        [g.row for g in groups],
        comment="ISCO-08 groups as published with ESCO v1.2 (codes of 1 to 4 digits)",
    )
    return {str(g.row[1]): str(g.row[0]) for g in groups}


def _load_occupations(status: SourceStatus, sink: Sink, isco: dict[str, str] | None) -> set[str]:
    """Load occupations and their labels; returns the occupation URIs."""

    def parse(rec: Record) -> _Concept:
        choice(rec, "conceptType", ("Occupation",), what="conceptType")
        uri, group, code = _uri(rec), required(rec, "iscoGroup"), required(rec, "code")
        if isco is not None and group not in isco:
            raise RowRejected(f"unknown ISCO group {group!r}: not in {ISCO_GROUPS}")
        if not _OCCUPATION_CODE.match(code) or not code.startswith(group + "."):
            raise RowRejected(f"code {code!r} is not an ESCO code under ISCO group {group!r}")
        note = text(rec, "regulatedProfessionNote", required=False)
        if note is not None and note not in _REGULATED:
            raise RowRejected(f"unknown regulatedProfessionNote {note!r}")
        preferred = required(rec, "preferredLabel")
        description = text(rec, "description", required=False)
        scope = text(rec, "scopeNote", required=False)
        row = (uri, code, group, preferred, description, scope, _REGULATED.get(note or ""))
        return _Concept(row, _labels(rec, uri, preferred, alt="altLabels", hidden="hiddenLabels"))

    found = _read(status, sink, OCCUPATIONS, parse, key=lambda c: c.row[0], what="conceptUri")
    _write_concepts(
        sink,
        found,
        (
            "esco_occupation",
            OCCUPATION_COLUMNS,
            "ESCO v1.2 occupations; code extends the ISCO group",
        ),
        ("esco_occupation_label", "Labels of ESCO occupations: preferred, alt, hidden"),
    )
    return {str(c.row[0]) for c in found}


def _load_digital_skills(status: SourceStatus, sink: Sink) -> None:
    def parse(rec: Record) -> _Concept:
        choice(rec, "conceptType", ("KnowledgeSkillCompetence",), what="conceptType")
        uri, preferred = _uri(rec), required(rec, "preferredLabel")
        row = (
            uri,
            preferred,
            choice(rec, "skillType", SKILL_TYPES, what="skillType"),
            choice(rec, "reuseLevel", REUSE_LEVELS, what="reuseLevel"),
            text(rec, "description", required=False),
        )
        return _Concept(row, _labels(rec, uri, preferred, alt="altLabels"))

    found = _read(status, sink, DIGITAL_SKILLS, parse, key=lambda c: c.row[0], what="conceptUri")
    _write_concepts(
        sink,
        found,
        ("esco_digital_skill", SKILL_COLUMNS, "ESCO v1.2 digital skills collection"),
        ("esco_skill_label", "Labels of ESCO digital skills: preferred, alt"),
    )


def _load_broader(status: SourceStatus, sink: Sink, *, known: set[str]) -> None:
    def parse(rec: Record) -> _Concept:
        row: list[object] = []
        for uri_col, type_col in (("conceptUri", "conceptType"), ("broaderUri", "broaderType")):
            uri = _uri(rec, uri_col)
            if uri not in known:
                raise RowRejected(f"unknown {uri_col} {uri!r}: not an occupation or ISCO group")
            row += [uri, choice(rec, type_col, CONCEPT_TYPES, what=type_col)]
        return _Concept(tuple(row))

    found = _read(status, sink, BROADER, parse, key=lambda c: c.row, what="relation")
    sink.write(
        "esco_occupation_broader",
        BROADER_COLUMNS,
        [c.row for c in found],
        comment="ESCO occupation pillar hierarchy: each concept and its broader concept",
    )


# --- helpers ---------------------------------------------------------------------------------


def _read(
    status: SourceStatus,
    sink: Sink,
    name: str,
    parse: Callable[[Record], _Concept],
    *,
    key: Callable[[_Concept], Hashable],
    what: str,
) -> list[_Concept]:
    """Account for every record of ``name``; returns the parsed ones, duplicates rejected."""
    found: list[_Concept] = []
    first_line: dict[Hashable, int] = {}
    with sink.account(SOURCE, name) as acc:
        for raw in read_delimited(status.path(name)):
            rec = strict(raw, file=f"ESCO file {name!r}", fix=_FIX)
            with acc.row(rec):
                concept = parse(rec)
                first = first_line.setdefault(key(concept), rec.line)
                if first != rec.line:
                    raise RowRejected(f"duplicate {what} {key(concept)!r}: same as line {first}")
                found.append(concept)
    return found


def _write_concepts(
    sink: Sink,
    found: Sequence[_Concept],
    table: tuple[str, list[Column], str],
    labels: tuple[str, str],
) -> None:
    name, columns, comment = table
    sink.write(name, columns, [c.row for c in found], comment=comment)
    sink.write(
        labels[0], LABEL_COLUMNS, [lab for c in found for lab in c.labels], comment=labels[1]
    )


def _labels(
    rec: Record, uri: str, preferred: str, *, alt: str, hidden: str | None = None
) -> tuple[Label, ...]:
    """The preferred label, then alt and hidden labels, each listed once."""
    seen = {preferred}
    out: list[Label] = [(uri, preferred, "preferred")]
    for kind, column in (("alt", alt), ("hidden", hidden)):
        if column is None:
            continue
        for label in _LABEL_SPLIT.split(rec.values.get(column) or ""):
            label = label.strip()
            if label and label not in seen:
                seen.add(label)
                out.append((uri, label, kind))
    return tuple(out)


def _uri(rec: Record, column: str = "conceptUri") -> str:
    value = required(rec, column)
    if not value.startswith(ESCO_URI):
        raise RowRejected(f"{column} {value!r} is not an ESCO URI ({ESCO_URI}...)")
    return value
