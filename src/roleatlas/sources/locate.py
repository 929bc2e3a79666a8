"""Find a source's files in the data directory and check them."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from pathlib import Path

from roleatlas.config import DATA_HOME_ENV, get_settings
from roleatlas.errors import ChecksumError, SourceMissingError
from roleatlas.sources.registry import Source, SourceFile

_CHUNK = 1 << 20


class FileState(enum.StrEnum):
    """What was found for one file."""

    PRESENT = "present"
    MISSING = "missing"
    MISMATCH = "checksum mismatch"


@dataclass(frozen=True)
class FileStatus:
    file: SourceFile
    path: Path
    state: FileState


@dataclass(frozen=True)
class SourceStatus:
    """A source's files as found in ``directory``."""

    source: Source
    directory: Path
    files: tuple[FileStatus, ...]

    @property
    def state(self) -> FileState:
        """The worst state among the required files (optional files never fail a source)."""
        states = {f.state for f in self.files if f.file.required}
        for worst in (FileState.MISMATCH, FileState.MISSING):
            if worst in states:
                return worst
        return FileState.PRESENT

    def has(self, name: str) -> bool:
        """Whether the file registered as ``name`` is on disk (checksum aside)."""
        return any(f.file.path == name and f.state is not FileState.MISSING for f in self.files)

    def missing(self, name: str, why: str) -> SourceMissingError:
        """The error for a file a loader needs but cannot find, saying how to get it."""
        return SourceMissingError(
            f"{self.source.title}: file {name!r} is missing from {self.directory} ({why}). "
            f"Run `roleatlas data status` to check the source, or `roleatlas data download "
            f"{self.source.name}` to fetch it."
        )

    def path(self, name: str) -> Path:
        """Path of the file registered as ``name``."""
        for f in self.files:
            if f.file.path == name:
                return f.path
        raise KeyError(name)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def data_home() -> Path:
    """The data directory: ``$ROLEATLAS_DATA_HOME`` if set, else the user cache."""
    return get_settings().data_home


def source_status(source: Source, *, home: Path | None = None, verify: bool = True) -> SourceStatus:
    """Look for every file of ``source`` under ``home``; hash them when ``verify``."""
    directory = (home or data_home()) / source.folder
    found = []
    for f in source.files:
        path = directory / f.path
        if not path.is_file():
            state = FileState.MISSING
        elif verify and sha256_of(path) != f.sha256:
            state = FileState.MISMATCH
        else:
            state = FileState.PRESENT
        found.append(FileStatus(f, path, state))
    return SourceStatus(source, directory, tuple(found))


def require(source: Source, *, home: Path | None = None, verify: bool = True) -> SourceStatus:
    """Like :func:`source_status`, but raise a helpful error unless every required file is good."""
    status = source_status(source, home=home, verify=verify)
    bad = [f for f in status.files if f.file.required and f.state is not FileState.PRESENT]
    if not bad:
        return status
    where = (
        f"{DATA_HOME_ENV}={status.directory.parent}"
        if get_settings().data_home_from_env
        else f"the cache {status.directory.parent} ({DATA_HOME_ENV} is not set)"
    )
    required = [f for f in status.files if f.file.required]
    if (
        len(bad) > 1
        and len(bad) == len(required)
        and all(f.state is FileState.MISSING for f in bad)
    ):
        listing = f"all {len(bad)} required files (no {source.folder}/ with them in it)"
    else:
        listing = "; ".join(f"{f.file.path} ({f.state})" for f in bad)
    advice = (
        f"Run `roleatlas data status` to see every source, `roleatlas data download {source.name}` "
        f"to fetch it, or set {DATA_HOME_ENV} to a directory that holds {source.folder}/."
    )
    if any(f.state is FileState.MISMATCH for f in bad):
        raise ChecksumError(
            f"Source {source.name!r} in {where} has files that differ from the registered "
            f"release: {listing}. {advice}"
        )
    raise SourceMissingError(f"Source {source.name!r} is missing from {where}: {listing}. {advice}")
