"""The source registry: complete, consistent, and true to the real files."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from roleatlas.errors import UnknownNameError
from roleatlas.sources.registry import SOURCES, Source, SourceFile, get_source

ALL_FILES = [(s, f) for s in SOURCES for f in s.files]
HEX64 = re.compile(r"[0-9a-f]{64}")

#: Files in CHECKSUMS.sha256 that the registry deliberately leaves out.
UNREGISTERED: set[str] = set()


def file_id(param: object) -> str:
    if isinstance(param, Source):
        return param.name
    if isinstance(param, SourceFile):
        return param.path
    return str(param)


def test_names_and_folders_are_unique() -> None:
    names = [s.name for s in SOURCES]
    folders = [s.folder for s in SOURCES]
    assert len(set(names)) == len(names)
    assert len(set(folders)) == len(folders)


@pytest.mark.parametrize("source", SOURCES, ids=file_id)
def test_every_source_says_who_publishes_it_and_under_which_licence(source: Source) -> None:
    assert source.title.strip()
    assert source.licence.strip()
    assert source.attribution.strip()
    assert urlsplit(source.homepage).scheme == "https"
    assert urlsplit(source.homepage).netloc
    paths = [f.path for f in source.files]
    assert len(set(paths)) == len(paths)
    assert any(f.required for f in source.files)


@pytest.mark.parametrize(("source", "file"), ALL_FILES, ids=file_id)
def test_every_file_has_a_checksum_and_an_address_or_is_optional(
    source: Source, file: SourceFile
) -> None:
    assert HEX64.fullmatch(file.sha256)
    assert file.size > 0
    assert file.url is not None or not file.required
    if file.url is not None:
        assert urlsplit(file.url).scheme == "https"
    if file.member is not None:
        assert file.url is not None
        assert file.archive_sha256 is not None and HEX64.fullmatch(file.archive_sha256)
    assert not Path(file.path).is_absolute() and ".." not in Path(file.path).parts


def test_get_source_finds_each_source_and_lists_choices_for_unknown_names() -> None:
    for source in SOURCES:
        assert get_source(source.name) is source
    with pytest.raises(UnknownNameError) as info:
        get_source("onet-30")
    message = str(info.value)
    assert message.startswith("Unknown data source 'onet-30'.")
    assert all(s.name in message for s in SOURCES)


def read_checksums(home: Path) -> dict[str, str]:
    """``folder/path -> sha256`` from the data directory's CHECKSUMS.sha256."""
    entries = {}
    for line in (home / "CHECKSUMS.sha256").read_text(encoding="utf-8").splitlines():
        digest, _, path = line.partition("  ")
        entries[path] = digest
    return entries


@pytest.mark.integration
def test_registry_checksums_match_the_published_list(real_home: Path) -> None:
    published = read_checksums(real_home)
    registered = {f"{s.folder}/{f.path}": f.sha256 for s, f in ALL_FILES}

    assert {p: published.get(p) for p in registered} == registered
    assert set(published) - set(registered) == UNREGISTERED


@pytest.mark.integration
@pytest.mark.parametrize(("source", "file"), ALL_FILES, ids=file_id)
def test_registry_matches_the_real_file(real_home: Path, source: Source, file: SourceFile) -> None:
    path = real_home / source.folder / file.path
    assert path.stat().st_size == file.size
    assert hashlib.sha256(path.read_bytes()).hexdigest() == file.sha256
