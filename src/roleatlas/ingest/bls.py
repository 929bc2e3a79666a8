"""Load BLS OEWS May 2025 wages (and re-export the BLS Employment Projections loaders).

OEWS (``bls-oews``)
-------------------
``oews-2025.sqlite.gz`` is a gzipped SQLite database built from the BLS flat
files. It is decompressed to a temporary file (deleted afterwards) and read
with :mod:`sqlite3`. Tables written:

``oews_wage``
    One row per cell (area x industry x occupation). Columns follow BLS's own
    OEWS tables (``tot_emp``, ``h_mean``, ``a_pct10`` .. ``a_pct90``,
    ``loc_quotient`` ...); ``soc`` is the 6-digit SOC code with its dash.
    A value BLS did not publish is NULL and ``footnotes`` says why, per value,
    as ``column=code`` pairs joined by ``;`` (the format of BLS's extract):
    ``8`` estimate not released, ``4`` only hourly or only annual wages are
    published for this occupation, ``5`` the wage is top-coded. A value shown
    as a bare marker (``*``, ``**``, ``-`` without footnote) is noted as
    ``column=<marker>``. Every wage has a ``<wage>_top_coded`` flag: true when
    BLS only says the wage is at or above its top code (``#`` or footnote 5;
    the threshold is in footnote 5's text, $239,200 a year in May 2025).
    National cells have no ``jobs_1000`` / ``loc_quotient`` (NULL, no note).
``oews_area``, ``oews_industry``, ``oews_occupation``, ``oews_footnote``, ``oews_meta``
    The dimension tables. ``oews_area.nonmetropolitan`` marks BLS area type M
    entries that are nonmetropolitan areas (the others are metropolitan areas).

Record accounting: a cell's ``line`` is its 1-based ordinal in
``SELECT ... FROM cell ORDER BY key`` (likewise for the dimension tables,
ordered by their code). A cell whose key does not parse, whose area, industry
or occupation code is not in the dimension tables, whose area type disagrees
with its area, that carries an unknown footnote code, or a value that is
neither a number nor a known marker, is quarantined with the reason.

Projections
-----------
The Employment Projections loaders live in :mod:`roleatlas.ingest.bls_projections`
and are re-exported here, where the build's loader registry names them.
"""

from __future__ import annotations

import gc
import gzip
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roleatlas.errors import DataError
from roleatlas.ingest.bls_projections import (
    load_projections,
    load_projections_2022,
    load_projections_2024,
)
from roleatlas.ingest.records import Record, RowRejected
from roleatlas.ingest.sink import Column, Sink
from roleatlas.sources import SourceStatus

__all__ = [
    "VALUES",
    "WAGES",
    "load_oews",
    "load_projections",
    "load_projections_2022",
    "load_projections_2024",
]

OEWS_FILE = "oews-2025.sqlite.gz"

#: The OEWS footnote code of top-coded wages (the others: see the module docstring).
FOOTNOTE_TOP_CODED = "5"
#: Markers BLS prints instead of a value; ``#`` means top-coded.
_MARKERS = frozenset({"-", "*", "**", "#"})


@dataclass(frozen=True)
class _Value:
    """One OEWS datatype: its code, the datatype name BLS gives it, our column, its type."""

    code: str
    name: str
    column: str
    sqltype: str
    is_wage: bool = True


#: OEWS datatypes in ``v01``..``v17`` order; the loader checks the names against the file.
VALUES: tuple[_Value, ...] = (
    _Value("01", "Employment", "tot_emp", "BIGINT", is_wage=False),
    _Value("02", "Employment percent relative standard error", "emp_prse", "DOUBLE", is_wage=False),
    _Value("03", "Hourly mean wage", "h_mean", "DOUBLE"),
    _Value("04", "Annual mean wage", "a_mean", "INTEGER"),
    _Value("05", "Wage percent relative standard error", "mean_prse", "DOUBLE", is_wage=False),
    _Value("06", "Hourly 10th percentile wage", "h_pct10", "DOUBLE"),
    _Value("07", "Hourly 25th percentile wage", "h_pct25", "DOUBLE"),
    _Value("08", "Hourly median wage", "h_median", "DOUBLE"),
    _Value("09", "Hourly 75th percentile wage", "h_pct75", "DOUBLE"),
    _Value("10", "Hourly 90th percentile wage", "h_pct90", "DOUBLE"),
    _Value("11", "Annual 10th percentile wage", "a_pct10", "INTEGER"),
    _Value("12", "Annual 25th percentile wage", "a_pct25", "INTEGER"),
    _Value("13", "Annual median wage", "a_median", "INTEGER"),
    _Value("14", "Annual 75th percentile wage", "a_pct75", "INTEGER"),
    _Value("15", "Annual 90th percentile wage", "a_pct90", "INTEGER"),
    _Value("16", "Employment per 1,000 jobs", "jobs_1000", "DOUBLE", is_wage=False),
    _Value("17", "Location Quotient", "loc_quotient", "DOUBLE", is_wage=False),
)
WAGES: tuple[str, ...] = tuple(v.column for v in VALUES if v.is_wage)

WAGE_COLUMNS: list[Column] = [
    ("area_type", "VARCHAR"),
    ("area_code", "VARCHAR"),
    ("area_name", "VARCHAR"),
    ("state_code", "VARCHAR"),
    ("industry_code", "VARCHAR"),
    ("industry_name", "VARCHAR"),
    ("soc", "VARCHAR"),
    ("occ_title", "VARCHAR"),
    *((v.column, v.sqltype) for v in VALUES),
    ("footnotes", "VARCHAR"),
    *((f"{w}_top_coded", "BOOLEAN") for w in WAGES),
]
AREA_COLUMNS: list[Column] = [
    ("area_code", "VARCHAR"),
    ("area_type", "VARCHAR"),
    ("state_code", "VARCHAR"),
    ("area_name", "VARCHAR"),
    ("nonmetropolitan", "BOOLEAN"),
]
INDUSTRY_COLUMNS: list[Column] = [
    ("industry_code", "VARCHAR"),
    ("industry_name", "VARCHAR"),
    ("display_level", "INTEGER"),
]
OCCUPATION_COLUMNS: list[Column] = [
    ("soc", "VARCHAR"),
    ("occ_title", "VARCHAR"),
    ("display_level", "INTEGER"),
]
FOOTNOTE_COLUMNS: list[Column] = [("code", "VARCHAR"), ("text", "VARCHAR")]
META_COLUMNS: list[Column] = [("name", "VARCHAR"), ("value", "VARCHAR")]

_CELL_KEY = re.compile(r"OEU([NSM])(\d{7})([0-9A-Z-]{6})(\d{6})")
_NO_FOOTNOTES = (None,) * len(VALUES)
_VALUE_FIELDS = tuple(f"v{v.code}" for v in VALUES)
_FOOTNOTE_FIELDS = tuple(f"f{v.code}" for v in VALUES)


def load_oews(status: SourceStatus, sink: Sink) -> None:
    """Load the OEWS May 2025 release into ``oews_wage`` and its dimension tables.

    Parameters
    ----------
    status
        The ``bls-oews`` source as found in the data directory.
    sink
        Where tables, quarantine and row accounting go.

    Raises
    ------
    DataError
        If the file is not a gzipped SQLite database with the expected tables
        and datatypes.
    """
    source = status.source.name
    with _unzipped_sqlite(status.path(OEWS_FILE)) as db:
        _check_datatypes(db)
        areas = _load_dimension(db, sink, source, "area", _area_row, AREA_COLUMNS, "oews_area")
        industries = _load_dimension(
            db, sink, source, "industry", _industry_row, INDUSTRY_COLUMNS, "oews_industry"
        )
        occupations = _load_dimension(
            db, sink, source, "occupation", _occupation_row, OCCUPATION_COLUMNS, "oews_occupation"
        )
        footnotes = _load_dimension(
            db, sink, source, "footnote", _footnote_row, FOOTNOTE_COLUMNS, "oews_footnote"
        )
        _load_dimension(db, sink, source, "meta", _meta_row, META_COLUMNS, "oews_meta")
        cells = _Cells(areas, industries, occupations, set(footnotes))
        rows: list[tuple[object, ...]] = []
        with _gc_paused(), sink.account(source, f"{OEWS_FILE}:cell") as acc:
            for rec, row, feet in _cell_records(db):
                with acc.row(rec):
                    rows.append(cells.parse(row, feet))
    with _gc_paused():
        sink.write(
            "oews_wage",
            WAGE_COLUMNS,
            rows,
            comment="BLS OEWS May 2025: employment and wages by area, industry and occupation",
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector: it only rescans the million acyclic tuples of a load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _unzipped_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """Decompress ``path`` to a temporary file, open it read-only, delete it afterwards."""
    with tempfile.TemporaryDirectory(prefix="roleatlas-oews-") as tmp:
        target = Path(tmp) / "oews.sqlite"
        try:
            with gzip.open(path, "rb") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, length=1 << 20)
        except (OSError, EOFError) as exc:
            raise DataError(
                f"{path} is not a readable gzip file: {exc}. Download it again."
            ) from exc
        con = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            yield con
        except sqlite3.DatabaseError as exc:
            raise DataError(
                f"{path} does not hold the expected OEWS SQLite tables: {exc}. Download it again."
            ) from exc
        finally:
            con.close()


def _select(
    db: sqlite3.Connection, table: str, fields: Sequence[str], order: str
) -> Iterator[tuple[Record, tuple[str | None, ...]]]:
    """Yield (record, row) in ``order``, values as text; ``line`` is the 1-based ordinal."""
    columns = ", ".join(f"CAST({f} AS TEXT)" for f in fields)
    cursor = db.execute(f"SELECT {columns} FROM {table} ORDER BY {order}")
    for line, row in enumerate(cursor, start=1):
        yield Record(line, dict(zip(fields, row, strict=False))), row  # same length: the SELECT


def _cell_records(
    db: sqlite3.Connection,
) -> Iterator[tuple[Record, tuple[str | None, ...], tuple[str | None, ...]]]:
    """Yield (record, key and values, footnote codes) for every cell, ordered by key.

    The footnotes of the few cells that have any are read first, so the main scan
    fetches half the columns. A record's values are the key, ``v01``..``v17``
    and, when the cell has footnotes, ``f01``..``f17``.
    """
    any_footnote = " OR ".join(f"{f} IS NOT NULL" for f in _FOOTNOTE_FIELDS)
    feet: dict[str, tuple[str | None, ...]] = {
        row[0]: tuple(row[1:])
        for row in db.execute(
            f"SELECT key, {', '.join(_FOOTNOTE_FIELDS)} FROM cell WHERE {any_footnote}"
        )
    }
    fields = ("key", *_VALUE_FIELDS)
    for rec, row in _select(db, "cell", fields, "key"):
        cell_feet = feet.get(row[0] or "", _NO_FOOTNOTES)
        if cell_feet is not _NO_FOOTNOTES:
            rec.values.update(zip(_FOOTNOTE_FIELDS, cell_feet, strict=True))
        yield rec, row, cell_feet


def _check_datatypes(db: sqlite3.Connection) -> None:
    """The ``v01``..``v17`` columns must mean what :data:`VALUES` says."""
    found = dict(db.execute("SELECT datatype_code, datatype_name FROM datatype").fetchall())
    wrong = [v.code for v in VALUES if found.get(v.code) != v.name]
    if wrong:
        raise DataError(
            "The OEWS datatype table does not match the expected layout "
            f"(codes {', '.join(wrong)}). "
            "This release is not supported; use the registered file (`roleatlas data status`)."
        )


def _load_dimension(
    db: sqlite3.Connection,
    sink: Sink,
    source: str,
    table: str,
    parse: Callable[[tuple[str | None, ...]], tuple[object, ...]],
    columns: list[Column],
    target: str,
) -> dict[str, tuple[object, ...]]:
    """Load one small table; returns the loaded rows by their code (the first field)."""
    fields = _DIMENSION_FIELDS[table]
    loaded: dict[str, tuple[object, ...]] = {}
    with sink.account(source, f"{OEWS_FILE}:{table}") as acc:
        for rec, raw in _select(db, table, fields, fields[0]):
            with acc.row(rec):
                row = parse(raw)
                loaded[str(raw[0])] = row
    sink.write(target, columns, list(loaded.values()), comment=f"BLS OEWS May 2025: {table} codes")
    return loaded


_DIMENSION_FIELDS: dict[str, tuple[str, ...]] = {
    "area": ("area_code", "areatype_code", "state_code", "area_name"),
    "industry": ("industry_code", "industry_name", "display_level"),
    "occupation": ("occupation_code", "occupation_name", "display_level"),
    "footnote": ("footnote_code", "footnote_text"),
    "meta": ("name", "value"),
}


def _required(raw: tuple[str | None, ...], index: int, what: str) -> str:
    value = (raw[index] or "").strip()
    if not value:
        raise RowRejected(f"{what} is empty")
    return value


def _level(raw: str | None) -> int:
    try:
        return int(raw or "")
    except ValueError:
        raise RowRejected(f"display_level is not a whole number: {raw!r}") from None


def _area_row(raw: tuple[str | None, ...]) -> tuple[object, ...]:
    code, kind = _required(raw, 0, "area_code"), _required(raw, 1, "areatype_code")
    if not re.fullmatch(r"\d{7}", code):
        raise RowRejected(f"area code {code!r} is not 7 digits")
    if kind not in ("N", "S", "M"):
        raise RowRejected(f"unknown area type {kind!r}")
    name = _required(raw, 3, "area_name")
    nonmetro = kind == "M" and name.endswith("nonmetropolitan area")
    return (code, kind, _required(raw, 2, "state_code"), name, nonmetro)


def _industry_row(raw: tuple[str | None, ...]) -> tuple[object, ...]:
    code = _required(raw, 0, "industry_code")
    if len(code) != 6:
        raise RowRejected(f"industry code {code!r} is not 6 characters")
    return (code, _required(raw, 1, "industry_name"), _level(raw[2]))


def _occupation_row(raw: tuple[str | None, ...]) -> tuple[object, ...]:
    code = _required(raw, 0, "occupation_code")
    if not re.fullmatch(r"\d{6}", code):
        raise RowRejected(f"occupation code {code!r} is not 6 digits")
    return (f"{code[:2]}-{code[2:]}", _required(raw, 1, "occupation_name"), _level(raw[2]))


def _footnote_row(raw: tuple[str | None, ...]) -> tuple[object, ...]:
    return (_required(raw, 0, "footnote_code"), _required(raw, 1, "footnote_text"))


def _meta_row(raw: tuple[str | None, ...]) -> tuple[object, ...]:
    return (_required(raw, 0, "name"), _required(raw, 1, "value"))


_CONVERTERS: tuple[Callable[[str], object], ...] = tuple(
    int if v.sqltype in ("BIGINT", "INTEGER") else float for v in VALUES
)


def _plain_values(r: Any, i: type[int] = int, f: type[float] = float) -> list[object]:
    """Convert ``v01``..``v17`` when all are numbers; written out because this runs 370k times.

    The order follows :data:`VALUES` (a unit test compares it with the general path).
    """
    return [
        i(r[1]), f(r[2]), f(r[3]), i(r[4]), f(r[5]), f(r[6]), f(r[7]), f(r[8]), f(r[9]),
        f(r[10]), i(r[11]), i(r[12]), i(r[13]), i(r[14]), i(r[15]),
        None if r[16] is None else f(r[16]),
        None if r[17] is None else f(r[17]),
    ]  # fmt: skip


_NO_TOP_CODES = (False,) * len(WAGES)


class _Cells:
    """Parses cell rows against the loaded dimension tables."""

    def __init__(
        self,
        areas: dict[str, tuple[object, ...]],
        industries: dict[str, tuple[object, ...]],
        occupations: dict[str, tuple[object, ...]],
        footnotes: set[str],
    ) -> None:
        self.areas = areas
        self.industries = industries
        self.occupations = occupations  # keyed by the 6-digit code, as in the cell key
        self.footnotes = footnotes

    def parse(
        self, row: tuple[str | None, ...], feet: tuple[str | None, ...]
    ) -> tuple[object, ...]:
        """The ``oews_wage`` row of one cell; raises :class:`RowRejected` for a bad cell."""
        key = row[0] or ""
        match = _CELL_KEY.fullmatch(key)
        if match is None:
            raise RowRejected(
                f"cell key {key!r} does not parse (OEU + area type + 7 + 6 + 6 digits)"
            )
        kind, area_code, industry_code, occ_code = match.groups()
        area = self.areas.get(area_code)
        if area is None:
            raise RowRejected(f"unknown area code {area_code!r}")
        if area[1] != kind:
            raise RowRejected(f"area {area_code} has type {area[1]}, the key says {kind}")
        industry = self.industries.get(industry_code)
        if industry is None:
            raise RowRejected(f"unknown industry code {industry_code!r}")
        occupation = self.occupations.get(occ_code)
        if occupation is None:
            raise RowRejected(f"unknown occupation code {occ_code!r}")
        head = (kind, area_code, area[3], area[2], industry_code, industry[1], *occupation[:2])
        if feet is _NO_FOOTNOTES:
            try:  # the common case: every value is a number (or absent)
                return (*head, *_plain_values(row), None, *_NO_TOP_CODES)
            except (TypeError, ValueError):
                pass
        values, notes, top = self._values(row, feet)
        return (*head, *values, notes, *top)

    def _values(
        self, row: tuple[str | None, ...], feet: tuple[str | None, ...]
    ) -> tuple[list[object], str | None, list[bool]]:
        """Values, footnote notes and top-coded flags, value by value."""
        values: list[object] = []
        notes: list[str] = []
        top: list[bool] = []
        for spec, convert, raw, foot in zip(VALUES, _CONVERTERS, row[1:], feet, strict=True):
            value, note, top_coded = self._value(spec, convert, raw, foot)
            values.append(value)
            if note:
                notes.append(f"{spec.column}={note}")
            if spec.is_wage:
                top.append(top_coded)
        return values, ";".join(notes) or None, top

    def _value(
        self, spec: _Value, convert: Callable[[str], object], raw: str | None, foot: str | None
    ) -> tuple[object, str | None, bool]:
        """(value, note, top-coded) of one value with its footnote code."""
        if foot is not None and foot not in self.footnotes:
            raise RowRejected(f"{spec.column} has an unknown footnote code {foot!r}")
        top_coded = foot == FOOTNOTE_TOP_CODED or raw == "#"
        if top_coded and not spec.is_wage:
            raise RowRejected(f"{spec.column} is marked top-coded but is not a wage")
        if raw is None:
            return None, foot, top_coded
        if raw.strip() in _MARKERS:
            return None, foot or raw.strip(), top_coded
        try:
            return convert(raw), foot, top_coded
        except ValueError:
            raise RowRejected(f"{spec.column} is not a number: {raw!r}") from None
