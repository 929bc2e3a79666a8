"""The DuckDB side of :class:`roleatlas.ingest.sink.Sink`: tables, quarantine, row accounting."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

from roleatlas.errors import AtlasError
from roleatlas.ingest.sink import Column, FileAccount, FileReport

_ARROW_TYPES = {
    "VARCHAR": "string",
    "INTEGER": "int32",
    "BIGINT": "int64",
    "SMALLINT": "int16",
    "DOUBLE": "float64",
    "BOOLEAN": "bool_",
    "DATE": "date32",
}

QUARANTINE_DDL = """
CREATE TABLE IF NOT EXISTS quarantine (
    source VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    line BIGINT NOT NULL,
    raw VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
)"""
REPORT_DDL = """
CREATE TABLE IF NOT EXISTS load_report (
    source VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    PRIMARY KEY (source, file)
)"""


class AtlasWriter:
    """Writes loader output into an open DuckDB connection.

    ``on_file_done(source, file)`` is called after each accounted file, for progress bars.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        on_file_done: Callable[[str, str], None] | None = None,
    ) -> None:
        self.con = con
        self.on_file_done = on_file_done
        self.reports: list[FileReport] = []
        con.execute(QUARANTINE_DDL)
        con.execute(REPORT_DDL)

    @contextmanager
    def account(self, source: str, file: str) -> Iterator[FileAccount]:
        acc = FileAccount(source, file)
        yield acc
        report = acc.report()
        if report.read != report.loaded + report.quarantined:  # pragma: no cover - invariant
            raise AtlasError(f"Row accounting broken for {source}/{file}: {report}")
        if acc.quarantine:
            self.con.executemany(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?)",
                [(q.source, q.file, q.line, q.raw, q.reason) for q in acc.quarantine],
            )
        self.con.execute(
            "INSERT INTO load_report VALUES (?, ?, ?, ?, ?)",
            [report.source, report.file, report.read, report.loaded, report.quarantined],
        )
        self.reports.append(report)
        if self.on_file_done:
            self.on_file_done(source, file)

    def write(
        self,
        table: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object]],
        *,
        comment: str = "",
    ) -> None:
        import pyarrow as pa

        _check_identifier(table)
        arrays = {}
        for i, (name, sqltype) in enumerate(columns):
            _check_identifier(name)
            arrow_type = getattr(pa, _ARROW_TYPES[sqltype])()
            arrays[name] = pa.array([r[i] for r in rows], type=arrow_type)
        batch = pa.table(arrays) if columns else None
        ddl = ", ".join(f'"{n}" {t}' for n, t in columns)
        self.con.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({ddl})')
        if comment:
            self.con.execute(
                f"COMMENT ON TABLE \"{table}\" IS '{comment.replace(chr(39), chr(39) * 2)}'"
            )
        if rows:
            self.con.register("_batch", batch)
            try:
                self.con.execute(f'INSERT INTO "{table}" SELECT * FROM _batch')
            finally:
                self.con.unregister("_batch")

    def sql(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(statement, list(params)).fetchall()


def _check_identifier(name: str) -> None:
    if not name.replace("_", "").isalnum():
        raise AtlasError(f"Invalid table or column name {name!r}")
