"""Broad industry groups for the free-text industry fields of job postings.

The postings files name industries in their own words ("IT Services and IT
Consulting", "Biotech & Pharmaceuticals", "Insurance Carriers"); a posting can
name several ("Software Development, Financial Services, and Technology,
Information and Internet"). ``data/industries.csv`` maps them to a small set of
broad groups by case-insensitive whole-word patterns, reviewable as data. A
posting belongs to every group one of its patterns matches, so group shares can
add up to more than 100%.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from roleatlas.errors import DataError, UnknownNameError


@dataclass(frozen=True)
class Industry:
    id: str
    name: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def load_industries() -> tuple[Industry, ...]:
    """The groups of ``data/industries.csv``, in file order, with their patterns compiled."""
    text = resources.files("roleatlas.taxonomy").joinpath("data/industries.csv").read_text("utf-8")
    out: list[Industry] = []
    for line, rec in enumerate(csv.DictReader(text.splitlines()), start=2):
        ident, name, patterns = rec.get("id") or "", rec.get("name") or "", rec.get("patterns")
        if not ident or not name or not patterns or ident in {i.id for i in out}:
            raise DataError(f"industries.csv line {line}: needs a unique id, a name and patterns.")
        try:
            pattern = re.compile(rf"\b(?:{patterns})s?\b", re.IGNORECASE)
        except re.error as exc:
            raise DataError(f"industries.csv line {line} ({ident}): bad pattern: {exc}") from exc
        out.append(Industry(ident, name, pattern))
    return tuple(out)


def industry_groups(text: str) -> tuple[str, ...]:
    """The ids of the groups an industry field names (file order; empty when none or no text)."""
    if not text.strip():
        return ()
    return tuple(i.id for i in load_industries() if i.pattern.search(text))


def get_industry(ident: str) -> Industry:
    """The group with this id; unknown ids get the valid list."""
    for industry in load_industries():
        if industry.id == ident.strip().lower():
            return industry
    raise UnknownNameError("industry group", ident, tuple(i.id for i in load_industries()))
