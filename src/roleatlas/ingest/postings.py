"""Read the bundled postings files through one column mapping.

Each file names title and description differently; :data:`POSTING_FILES` maps
them. ``row`` is the 0-based data row (the key the gold sets use). The atlas
build will load postings through this same reader (ROADMAP item 3).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from roleatlas.ingest.records import read_delimited
from roleatlas.sources import SourceStatus

SOURCE = "postings"

#: File -> (title column, description column).
POSTING_FILES: dict[str, tuple[str, str]] = {
    "ai_ml_jobs_linkedin.csv": ("title", "description"),
    "Uncleaned_DS_jobs.csv": ("Job Title", "Job Description"),
    "glassdoor_jobs.csv": ("Job Title", "Job Description"),
    "linkedin_arshkon_postings_sample1000.csv": ("title", "description"),
}


@dataclass(frozen=True)
class PostingText:
    """A posting's title and description with where it came from."""

    file: str
    row: int
    title: str
    description: str


def iter_postings(
    status: SourceStatus, files: tuple[str, ...] | None = None
) -> Iterator[PostingText]:
    """Title and description of every row of the postings files (in file order)."""
    for name in files or tuple(POSTING_FILES):
        title_col, desc_col = POSTING_FILES[name]
        for row, rec in enumerate(read_delimited(status.path(name), encoding="utf-8-sig")):
            values = rec.values
            yield PostingText(
                name, row, (values.get(title_col) or "").strip(), values.get(desc_col) or ""
            )
