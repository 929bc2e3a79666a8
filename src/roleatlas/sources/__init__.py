"""Data sources: the registry, locating files, checking and downloading them."""

from roleatlas.sources.download import FileResult, download_file, download_source
from roleatlas.sources.locate import (
    FileState,
    FileStatus,
    SourceStatus,
    data_home,
    require,
    sha256_of,
    source_status,
)
from roleatlas.sources.registry import SOURCES, Source, SourceFile, get_source

__all__ = [
    "SOURCES",
    "FileResult",
    "FileState",
    "FileStatus",
    "Source",
    "SourceFile",
    "SourceStatus",
    "data_home",
    "download_file",
    "download_source",
    "get_source",
    "require",
    "sha256_of",
    "source_status",
]
