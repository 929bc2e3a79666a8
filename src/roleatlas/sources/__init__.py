"""Data sources: the registry, locating and checking files.

Downloading lives in :mod:`roleatlas.sources.download` (imported on demand: it pulls in
urllib/ssl, which the query commands do not need).
"""

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
    "FileState",
    "FileStatus",
    "Source",
    "SourceFile",
    "SourceStatus",
    "data_home",
    "get_source",
    "require",
    "sha256_of",
    "source_status",
]
