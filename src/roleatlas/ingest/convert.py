"""Typed conversion of raw record values; failures raise :class:`RowRejected` with a reason."""

from __future__ import annotations

from collections.abc import Container

from roleatlas.ingest.records import Record, RowRejected

_NULLS = frozenset({"", "n/a", "na", "-", "null", "none"})


def text(rec: Record, column: str, *, required: bool = True) -> str | None:
    """The stripped text of ``column``; a required empty value is rejected."""
    value = rec.values.get(column)
    value = value.strip() if value is not None else None
    if not value:
        if required:
            raise RowRejected(f"{column} is empty")
        return None
    return value


def required(rec: Record, column: str) -> str:
    """The stripped, non-empty text of ``column`` (an empty value is rejected)."""
    value = text(rec, column)
    assert value is not None  # text() rejects an empty required value
    return value


def number(
    rec: Record,
    column: str,
    *,
    required: bool = True,
    integer: bool = False,
    nulls: Container[str] = _NULLS,
) -> float | int | None:
    """Parse a number, accepting thousands separators (``1,234.5``); rejects anything else."""
    raw = rec.values.get(column)
    value = (raw or "").strip()
    if value.lower() in nulls:
        if required:
            raise RowRejected(f"{column} is empty")
        return None
    cleaned = value.replace(",", "")
    try:
        parsed = float(cleaned)
    except ValueError:
        raise RowRejected(f"{column} is not a number: {value!r}") from None
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise RowRejected(f"{column} is not a finite number: {value!r}")
    if integer:
        if not parsed.is_integer():
            raise RowRejected(f"{column} is not a whole number: {value!r}")
        return int(parsed)
    return parsed


def choice(rec: Record, column: str, allowed: Container[str], *, what: str | None = None) -> str:
    """A value that must be one of ``allowed`` (compared after stripping)."""
    value = (rec.values.get(column) or "").strip()
    if value not in allowed:
        raise RowRejected(f"unknown {what or column} {value!r}")
    return value
