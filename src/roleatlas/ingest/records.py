"""Readers that turn source files into raw records, each with the line it came from.

Readers never judge content: they yield every record in the file, so that the
loader can count it as read and then either load it or quarantine it with a
reason. A record's ``line`` is the 1-based physical line (spreadsheet row for
``.xlsx``) where it starts; the header is line 1.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roleatlas.errors import DataError

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Record:
    """One raw record: its starting line and its values by column name.

    ``values`` has one entry per header column; a short row has ``None`` for the
    missing cells, and cells beyond the header are kept under ``_extra``.
    """

    line: int
    values: dict[str, str | None]


class StrictValues(dict[str, str | None]):
    """Record values that fail the whole file, not the row, when a column is absent.

    A missing column means the file is not the release the loader reads, which no
    row-level quarantine can fix: the error names the file and says how to get it.
    """

    def __init__(self, values: dict[str, str | None], *, file: str, fix: str) -> None:
        super().__init__(values)
        self.file = file
        self.fix = fix

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            raise DataError(
                f"{self.file} has no column {key!r}: it is not the file this loader reads. {self.fix}"
            )
        return super().get(key, default)


def strict(record: Record, *, file: str, fix: str) -> Record:
    """The same record, with values that raise :class:`DataError` for an absent column."""
    return Record(record.line, StrictValues(record.values, file=file, fix=fix))


class RowRejected(Exception):
    """Raised by a loader for a record that must go to quarantine; the message is the reason."""


def _records(
    numbered: Iterator[tuple[int, Sequence[object]]], header: Sequence[str]
) -> Iterator[Record]:
    width = len(header)
    for line, row in numbered:
        cells = [None if c is None else str(c) for c in row]
        values: dict[str, str | None] = dict(zip(header, cells[:width], strict=False))
        for name in header[len(cells) :]:
            values[name] = None
        if len(cells) > width and any(c not in (None, "") for c in cells[width:]):
            values["_extra"] = "\x1f".join(c or "" for c in cells[width:])
        yield Record(line, values)


def read_delimited(
    path: Path, *, delimiter: str = ",", encoding: str = "utf-8"
) -> Iterator[Record]:
    """Yield the records of a CSV/TSV file with a header row.

    Quoted fields may span lines; ``line`` is where the record starts. Bytes that
    are not valid in ``encoding`` are replaced (U+FFFD) rather than failing the
    whole file, and the loader sees them in the values.
    """
    try:
        fh = path.open(newline="", encoding=encoding, errors="replace")
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror}.") from exc
    with fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        except StopIteration:
            raise DataError(f"{path} is empty: it has no header row.") from None
        except csv.Error as exc:
            raise DataError(f"{path} is not a readable delimited file: {exc}.") from exc

        def numbered() -> Iterator[tuple[int, list[str]]]:
            while True:
                start = reader.line_num + 1  # line_num is the last line of the previous record
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise DataError(f"{path}, line {reader.line_num}: {exc}.") from exc
                if row:  # a blank line is not a record
                    yield start, row

        yield from _records(numbered(), header)


def read_xlsx(path: Path, *, sheet: str | None = None) -> Iterator[Record]:
    """Yield the records of the first (or named) worksheet; ``line`` is the sheet row number."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for damaged files
        raise DataError(f"{path} is not a readable .xlsx workbook: {exc}.") from exc
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        try:
            header = [str(h).strip() if h is not None else "" for h in next(rows)]
        except StopIteration:
            raise DataError(f"{path} is empty: it has no header row.") from None
        yield from _records(enumerate(rows, start=2), header)
    finally:
        book.close()
