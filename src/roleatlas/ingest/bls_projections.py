"""Load the BLS Employment Projections (2024-34 and 2022-32), one layout for both.

Sources ``bls-projections-2024`` and ``bls-projections-2022``, file
``Employment Projections.csv``; the layout is checked from the header. Both
periods go into the same tables, told apart by ``period``:

``bls_projection``
    ``emp_base_k``, ``emp_target_k``, ``change_k`` and ``openings_k_per_year``
    are in **thousands** of jobs, as BLS publishes them. ``median_wage`` is the
    median annual wage of ``wage_year``; BLS shows wages at or above its top
    code as ``>=239,200``: kept as 239200 with ``wage_top_coded`` true. "N/A"
    is NULL.
``bls_projection_alias``
    The job titles BLS appends to each occupation title (``"Actuaries    *
    Actuarial Associate* Pricing Actuary"``), one row each.

The files are valid UTF-8. Their only non-ASCII character is an inverted
question mark after "GED" ("GED¿ Instructor"), the substitution character left
by an earlier conversion of a character that could not be mapped; it is
removed ("GED Instructor", as O*NET spells these titles). A code that is not
``NN-NNNN`` (after removing Excel's ``="..."`` quoting), a number that does not
parse, or a code seen twice in the file is quarantined.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from roleatlas.errors import DataError
from roleatlas.ingest.convert import number, text
from roleatlas.ingest.records import Record, RowRejected, read_delimited
from roleatlas.ingest.sink import Column, Sink
from roleatlas.sources import SourceStatus

PROJECTIONS_FILE = "Employment Projections.csv"

PROJECTION_COLUMNS: list[Column] = [
    ("period", "VARCHAR"),
    ("soc", "VARCHAR"),
    ("title", "VARCHAR"),
    ("base_year", "INTEGER"),
    ("target_year", "INTEGER"),
    ("emp_base_k", "DOUBLE"),
    ("emp_target_k", "DOUBLE"),
    ("change_k", "DOUBLE"),
    ("pct_change", "DOUBLE"),
    ("openings_k_per_year", "DOUBLE"),
    ("median_wage", "INTEGER"),
    ("wage_year", "INTEGER"),
    ("wage_top_coded", "BOOLEAN"),
    ("typical_education", "VARCHAR"),
    ("education_code", "INTEGER"),
    ("work_experience", "VARCHAR"),
    ("work_experience_code", "INTEGER"),
    ("training", "VARCHAR"),
    ("training_code", "INTEGER"),
]
ALIAS_COLUMNS: list[Column] = [("period", "VARCHAR"), ("soc", "VARCHAR"), ("alias", "VARCHAR")]

#: The projections header, position by position; groups capture years.
_HEADER: tuple[str, ...] = (
    r"Occupation Title",
    r"Occupation Code",
    r"Employment (\d{4})",
    r"Employment (\d{4})",
    r"Employment Change, (\d{4})-(\d{4})",
    r"Employment Percent Change, (\d{4})-(\d{4})",
    r"Occupational Openings, (\d{4})-(\d{4}) Annual Average",
    r"Median Annual Wage (\d{4})",
    r"Typical Entry-Level Education",
    r"Education Code",
    r"Work Experience in a Related Occupation",
    r"Workex Code",
    r"Typical on-the-job Training",
    r"trCode",
)
_SOC = re.compile(r"\d{2}-\d{4}")
#: The substitution character left where the upstream conversion lost a character.
_SUBSTITUTE = "\u00bf"


@dataclass(frozen=True)
class _Layout:
    """What the header says: column names by role, and the years."""

    names: tuple[str, ...]
    base_year: int
    target_year: int
    wage_year: int


def load_projections_2024(status: SourceStatus, sink: Sink) -> None:
    """Load BLS Employment Projections 2024-34 (see :func:`load_projections`)."""
    load_projections(status, sink, period="2024-34")


def load_projections_2022(status: SourceStatus, sink: Sink) -> None:
    """Load BLS Employment Projections 2022-32 (see :func:`load_projections`)."""
    load_projections(status, sink, period="2022-32")


def load_projections(status: SourceStatus, sink: Sink, *, period: str) -> None:
    """Append one projections period to ``bls_projection`` and ``bls_projection_alias``.

    Parameters
    ----------
    status
        The projections source as found in the data directory.
    sink
        Where tables, quarantine and row accounting go.
    period
        ``"2024-34"`` or ``"2022-32"``; the header's years must agree with it.

    Raises
    ------
    DataError
        If the header is not the BLS projections layout or names other years.
    """
    path = status.path(PROJECTIONS_FILE)
    layout = _projection_layout(path, period)
    rows: list[tuple[object, ...]] = []
    aliases: list[tuple[object, ...]] = []
    seen: set[str] = set()
    with sink.account(status.source.name, PROJECTIONS_FILE) as acc:
        for rec in read_delimited(path, encoding="utf-8"):
            with acc.row(rec):
                row, names = _projection_row(rec, layout, period)
                if row[1] in seen:
                    raise RowRejected(f"occupation code {row[1]} appears twice")
                seen.add(str(row[1]))
                rows.append(row)
                aliases.extend((period, row[1], name) for name in names)
    sink.write(
        "bls_projection",
        PROJECTION_COLUMNS,
        rows,
        comment="BLS Employment Projections by occupation; *_k columns are thousands of jobs",
    )
    sink.write(
        "bls_projection_alias",
        ALIAS_COLUMNS,
        aliases,
        comment="Job titles BLS lists under each projections occupation",
    )


def _projection_layout(path: Path, period: str) -> _Layout:
    """Read and check the header; the years must match ``period``."""
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"Cannot read {path}: {exc}. Download it again.") from exc
    header = [h.strip().lstrip("\ufeff") for h in header]
    matches = [re.fullmatch(p, h) for p, h in zip(_HEADER, header, strict=False)]
    if len(header) != len(_HEADER) or not all(matches):
        expected = ", ".join(p.replace(r"(\d{4})", "YYYY") for p in _HEADER)
        raise DataError(
            f"{path} does not have the BLS projections columns ({expected}); "
            f"found: {', '.join(header)}. Use the registered file (`roleatlas data status`)."
        )
    base, target = (int(m.group(1)) for m in matches[2:4] if m)
    wage = matches[7]
    start, end = period.split("-")
    if base != int(start) or target % 100 != int(end):
        raise DataError(f"{path} projects {base}-{target}, not {period}. Check the data directory.")
    return _Layout(tuple(header), base, target, int(wage.group(1)) if wage else 0)


def _projection_row(
    rec: Record, layout: _Layout, period: str
) -> tuple[tuple[object, ...], list[str]]:
    """The ``bls_projection`` row of one record and its alias titles."""
    n = layout.names
    title, aliases = split_title(text(rec, n[0]) or "")
    raw_code = text(rec, n[1]) or ""
    soc = raw_code.removeprefix("=").strip('"')
    if not _SOC.fullmatch(soc):
        raise RowRejected(f"occupation code {raw_code!r} is not NN-NNNN")
    wage, top_coded = _wage(rec, n[7])
    row = (
        period,
        soc,
        title,
        layout.base_year,
        layout.target_year,
        *(number(rec, col) for col in n[2:7]),
        wage,
        layout.wage_year,
        top_coded,
        text(rec, n[8], required=False),
        number(rec, n[9], required=False, integer=True),
        text(rec, n[10], required=False),
        number(rec, n[11], required=False, integer=True),
        text(rec, n[12], required=False),
        number(rec, n[13], required=False, integer=True),
    )
    return row, aliases


def split_title(raw: str) -> tuple[str, list[str]]:
    """Split ``"Actuaries    * Actuarial Associate* Pricing Actuary"`` into title and aliases.

    The upstream substitution character (``¿``) is removed from both.
    """
    parts = [p.replace(_SUBSTITUTE, "").strip() for p in raw.split("*")]
    if not parts[0]:
        raise RowRejected("occupation title is empty")
    return parts[0], [p for p in parts[1:] if p]


def _wage(rec: Record, column: str) -> tuple[int | None, bool]:
    """Median wage and whether it is BLS's top code (shown as ``>=239,200``)."""
    raw = (rec.values.get(column) or "").strip()
    top_coded = raw.startswith(">=")
    if top_coded:
        rec = Record(rec.line, {column: raw[2:]})
    value = number(rec, column, required=False, integer=True)
    return (None if value is None else int(value)), top_coded
