"""Build the atlas: every source loaded into a new DuckDB file, swapped in only on success.

The build writes ``<atlas>.building-<pid>`` next to the target, loads each
source through its loader, records row accounting and source checksums, and
then atomically renames it over the old atlas. Any failure, Ctrl-C included,
deletes the partial file and leaves the previous atlas untouched. Loaders are
deterministic and the atlas stores no timestamps, so two builds from the same
files hold identical contents.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from roleatlas import __version__
from roleatlas.errors import AtlasError, DataError
from roleatlas.ingest.sink import FileReport
from roleatlas.sources import FileState, SourceStatus, get_source, require
from roleatlas.store.connection import SCHEMA_VERSION, atlas_path
from roleatlas.store.writer import AtlasWriter

#: Source name -> "module:function" of its loader, in build order.
LOADERS: dict[str, str] = {
    "aijobs-salaries": "roleatlas.ingest.aijobs:load_aijobs",
    "onet": "roleatlas.ingest.onet:load_onet",
    "bls-oews": "roleatlas.ingest.bls:load_oews",
    "bls-projections-2024": "roleatlas.ingest.bls:load_projections_2024",
    "bls-projections-2022": "roleatlas.ingest.bls:load_projections_2022",
    "esco": "roleatlas.ingest.esco:load_esco",
    "postings": "roleatlas.skills.atlas:load_postings",  # roles and skills of every posting
}

#: Steps run after all sources are loaded (tables derived from several sources).
DERIVED: tuple[str, ...] = (
    "roleatlas.store.derived:build_role_links",
    "roleatlas.classify.atlas:build_title_roles",
    "roleatlas.skills.atlas:write_skill_tables",
)


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the atlas path and per-file row accounting."""

    path: Path
    files: tuple[FileReport, ...]

    def by_source(self) -> list[FileReport]:
        """Row accounting summed per source, in build order."""
        totals: dict[str, list[int]] = {}
        for f in self.files:
            t = totals.setdefault(f.source, [0, 0, 0])
            t[0] += f.read
            t[1] += f.loaded
            t[2] += f.quarantined
        return [FileReport(s, "*", *t) for s, t in totals.items()]


@dataclass(frozen=True)
class BuildProgress:
    """Callbacks for a front-end's progress display (all optional)."""

    on_source_start: Callable[[str, int], None] | None = None  # source, number of files
    on_file_done: Callable[[str, str], None] | None = None  # source, file
    on_source_done: Callable[[str], None] | None = None  # source


def _resolve(spec: str) -> Callable[..., None]:
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]


def build_atlas(
    db: Path | None = None,
    *,
    home: Path | None = None,
    sources: Sequence[str] | None = None,
    progress: BuildProgress | None = None,
    verify: bool = True,
) -> BuildReport:
    """Build the atlas from the sources in the data directory.

    Parameters
    ----------
    db
        Target atlas file (default: :func:`roleatlas.store.connection.atlas_path`).
    home
        Data directory (default: ``$ROLEATLAS_DATA_HOME``, else the user cache).
    sources
        Names of the sources to load (default: all with a loader).
    progress
        Optional callbacks for progress bars.
    verify
        Check every file's sha256 against the registry first (default). Turning
        it off is for tests with small fixture files.

    Raises
    ------
    SourceMissingError, ChecksumError
        Before anything is written, if a source's files are absent or differ.
    """
    names = list(sources) if sources is not None else list(LOADERS)
    for name in names:
        if name not in LOADERS:
            get_source(name)  # unknown name -> UnknownNameError listing the sources
            raise AtlasError(f"Source {name!r} is not loaded into the atlas yet.")
    statuses = _require_all(names, home=home, verify=verify)  # fail before writing anything
    target = atlas_path(db)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.building-{os.getpid()}")
    _remove(tmp)
    progress = progress or BuildProgress()
    ok = False
    try:
        con = duckdb.connect(str(tmp))
        try:
            writer = AtlasWriter(con, on_file_done=progress.on_file_done)
            for status in statuses:
                if progress.on_source_start:
                    progress.on_source_start(status.source.name, _file_count(status))
                _resolve(LOADERS[status.source.name])(status, writer)
                if progress.on_source_done:
                    progress.on_source_done(status.source.name)
            for spec in DERIVED:
                _resolve(spec)(writer)
            _write_meta(con, statuses)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
        ok = True
    except duckdb.Error as exc:
        raise AtlasError(
            f"Building the atlas failed: {exc}. The previous atlas is unchanged."
        ) from exc
    finally:
        if not ok:
            _remove(tmp)
    return BuildReport(target, tuple(writer.reports))


def _require_all(names: Sequence[str], *, home: Path | None, verify: bool) -> list[SourceStatus]:
    """Every source's status, or one error that names every source that is not usable."""
    statuses, problems = [], []
    for name in names:
        try:
            statuses.append(require(get_source(name), home=home, verify=verify))
        except DataError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise type(problems[0])(
            f"{len(problems)} sources cannot be used:\n" + "\n".join(f"- {p}" for p in problems)
        )
    return statuses


def _file_count(status: SourceStatus) -> int:
    return sum(1 for f in status.files if f.state is FileState.PRESENT)


def _write_meta(con: duckdb.DuckDBPyConnection, statuses: Sequence[SourceStatus]) -> None:
    con.execute("CREATE TABLE atlas_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    rows = [("schema_version", str(SCHEMA_VERSION)), ("roleatlas_version", __version__)]
    for status in statuses:
        for f in status.files:
            if f.state is FileState.PRESENT:
                rows.append((f"sha256:{status.source.folder}/{f.file.path}", f.file.sha256))
    con.executemany("INSERT INTO atlas_meta VALUES (?, ?)", rows)
    con.execute(
        "CREATE TABLE source_info AS SELECT * FROM (VALUES "
        + ", ".join("(?, ?, ?, ?, ?)" for _ in statuses)
        + ") AS t(source, title, homepage, licence, attribution)",
        [
            v
            for s in statuses
            for v in (
                s.source.name,
                s.source.title,
                s.source.homepage,
                s.source.licence,
                s.source.attribution,
            )
        ],
    )


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
