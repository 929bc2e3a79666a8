"""Opening the atlas database."""

from __future__ import annotations

from pathlib import Path

import duckdb

from roleatlas.config import get_settings
from roleatlas.errors import AtlasError, AtlasMissingError

#: Bumped whenever the atlas's tables change shape; an older atlas must be rebuilt.
SCHEMA_VERSION = 2


def atlas_path(db: Path | None = None) -> Path:
    """The atlas file: ``db`` if given, else ``$ROLEATLAS_DB``, else the user data directory."""
    return db if db is not None else get_settings().db_path


def open_atlas(db: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the atlas read-only (safe to share across processes); explain what to do if absent."""
    path = atlas_path(db)
    if not path.is_file():
        raise AtlasMissingError(
            f"No atlas at {path}. Build it first with `roleatlas build` "
            "(it reads the sources listed by `roleatlas data status`)."
        )
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise AtlasError(
            f"Cannot open the atlas {path}: {exc}. Rebuild it with `roleatlas build`."
        ) from exc
    try:
        row = con.execute("SELECT value FROM atlas_meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        row = None
    if row is None or int(row[0]) != SCHEMA_VERSION:
        con.close()
        raise AtlasError(
            f"The atlas {path} was built by another version of Role Atlas. "
            "Rebuild it with `roleatlas build`."
        )
    return con
