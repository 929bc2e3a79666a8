"""Helpers for loader tests: run a loader into a real in-memory DuckDB and read back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from roleatlas.ingest.sink import Sink
from roleatlas.sources import SourceStatus, get_source, source_status
from roleatlas.store.writer import AtlasWriter


def run_loader(
    loader: Callable[[SourceStatus, Sink], None], source: str, home: Path
) -> duckdb.DuckDBPyConnection:
    """Run ``loader`` on the files of ``source`` under ``home`` (checksums not verified)."""
    con = duckdb.connect()
    loader(source_status(get_source(source), home=home, verify=False), AtlasWriter(con))
    return con


def fetch(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()
) -> list[tuple[Any, ...]]:
    """All rows of a query with bound parameters."""
    return con.execute(sql, list(params)).fetchall()


def quarantined(con: duckdb.DuckDBPyConnection, file: str) -> list[tuple[int, str]]:
    """(line, reason) of the quarantined records of ``file``, by line."""
    rows = fetch(con, "SELECT line, reason FROM quarantine WHERE file = ? ORDER BY line", [file])
    return [(line, reason) for line, reason in rows]


def load_bls(home: Path) -> tuple[duckdb.DuckDBPyConnection, AtlasWriter]:
    """OEWS and both projection periods under ``home``, loaded into one in-memory atlas."""
    from roleatlas.ingest import bls

    con = duckdb.connect()
    writer = AtlasWriter(con)
    for name, load in (
        ("bls-oews", bls.load_oews),
        ("bls-projections-2024", bls.load_projections_2024),
        ("bls-projections-2022", bls.load_projections_2022),
    ):
        load(source_status(get_source(name), home=home, verify=False), writer)
    return con, writer
