"""Read the bundled postings files through one column mapping.

Each file names title and description differently; :data:`POSTING_FILES` maps
them. ``row`` is the 0-based data row (the key the gold sets use). The atlas
build will load postings through this same reader (ROADMAP item 3).
"""

from __future__ import annotations

import re
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
#: File -> (company column, industry columns). The Glassdoor files give a broad
#: ``Sector`` and a finer ``Industry`` ("-1" = not stated); the arshkon sample has none.
POSTING_CONTEXT: dict[str, tuple[str, tuple[str, ...]]] = {
    "ai_ml_jobs_linkedin.csv": ("companyName", ("sector",)),
    "Uncleaned_DS_jobs.csv": ("Company Name", ("Sector", "Industry")),
    "glassdoor_jobs.csv": ("Company Name", ("Sector", "Industry")),
    "linkedin_arshkon_postings_sample1000.csv": ("company_name", ()),
}
#: Values the files use for "not stated".
_NOT_STATED = {"", "-1", "nan", "none", "n/a"}


@dataclass(frozen=True)
class PostingText:
    """A posting's title and description with where it came from."""

    file: str
    row: int
    title: str
    description: str
    #: The company as the file names it (Glassdoor appends its rating on a new line: dropped).
    company: str = ""
    #: The file's industry fields joined with "; " ("" when the file has none or says "-1").
    sector: str = ""


def iter_postings(
    status: SourceStatus, files: tuple[str, ...] | None = None
) -> Iterator[PostingText]:
    """Title and description of every row of the postings files (in file order)."""
    for name in files or tuple(POSTING_FILES):
        title_col, desc_col = POSTING_FILES[name]
        company_col, sector_cols = POSTING_CONTEXT[name]
        for row, rec in enumerate(read_delimited(status.path(name), encoding="utf-8-sig")):
            values = rec.values
            yield PostingText(
                name,
                row,
                (values.get(title_col) or "").strip(),
                values.get(desc_col) or "",
                _company(values.get(company_col) or ""),
                "; ".join(
                    dict.fromkeys(v for c in sector_cols if (v := _stated(values.get(c) or "")))
                ),
            )


def _company(value: str) -> str:
    """The company name without the rating Glassdoor glues to it ("Acme\\n3.5", "Acme|3.5")."""
    return _stated(_RATING.sub("", value))


_RATING = re.compile(r"\s*[\n|]\s*-?\d(?:\.\d)?\s*$")


def _stated(value: str) -> str:
    v = value.strip()
    return "" if v.lower() in _NOT_STATED else v
