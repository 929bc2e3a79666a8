"""The contract between loaders and the store: tables out, every record accounted for.

A loader reads a source's files with :mod:`roleatlas.ingest.records`, and for
every record either adds a typed row to a table or quarantines the record with
a reason. It never touches the database directly: it talks to a :class:`Sink`,
which the DuckDB store implements (and a Spark engine can implement later).

Typical loader::

    def load_things(status: SourceStatus, sink: Sink) -> None:
        rows = []
        with sink.account("things", "things.csv") as acc:
            for rec in read_delimited(status.path("things.csv")):
                with acc.row(rec):                       # counts it as read
                    rows.append((to_int(rec, "id"), text(rec, "name")))
                # a RowRejected raised inside the block quarantines the record
        sink.write("thing", THING_COLUMNS, rows)

Rows read = rows loaded + rows quarantined, per file, by construction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from roleatlas.ingest.records import Record, RowRejected

#: A table column: name and DuckDB type (VARCHAR, INTEGER, BIGINT, DOUBLE, BOOLEAN, DATE).
Column = tuple[str, str]


@dataclass(frozen=True)
class QuarantinedRow:
    source: str
    file: str
    line: int
    raw: str
    reason: str


@dataclass(frozen=True)
class FileReport:
    """Row accounting for one file of one source."""

    source: str
    file: str
    read: int
    loaded: int
    quarantined: int


@dataclass
class FileAccount:
    """Counts the records of one file as they are loaded or quarantined."""

    source: str
    file: str
    read: int = 0
    loaded: int = 0
    quarantine: list[QuarantinedRow] = field(default_factory=list)

    @contextmanager
    def row(self, record: Record) -> Iterator[None]:
        """Count ``record`` as read; quarantine it if the block raises :class:`RowRejected`."""
        self.read += 1
        try:
            yield
        except RowRejected as exc:
            self.reject(record, str(exc))
        else:
            self.loaded += 1

    def reject(self, record: Record, reason: str) -> None:
        """Quarantine a record that was already counted as read."""
        raw = json.dumps(record.values, ensure_ascii=False, sort_keys=True)
        self.quarantine.append(QuarantinedRow(self.source, self.file, record.line, raw, reason))

    def unload(self, record: Record, reason: str) -> None:
        """Move a record that was counted as loaded to quarantine (for checks across rows)."""
        self.loaded -= 1
        self.reject(record, reason)

    def report(self) -> FileReport:
        return FileReport(self.source, self.file, self.read, self.loaded, len(self.quarantine))


class Sink(Protocol):
    """Where loaders put what they read. Implemented by :class:`roleatlas.store.writer.AtlasWriter`."""

    def account(self, source: str, file: str) -> Any:
        """Context manager yielding a :class:`FileAccount`; on exit its report and quarantine are stored."""

    def write(
        self,
        table: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object]],
        *,
        comment: str = "",
    ) -> None:
        """Create ``table`` (or append to it) with ``rows`` in ``columns`` order."""

    def sql(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run SQL on the atlas being built (derived tables, indexes); returns fetched rows."""
