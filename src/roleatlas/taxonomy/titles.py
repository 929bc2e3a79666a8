"""A first, explicit title -> role mapping: ordered rules, reviewable as a data file.

``data/title_rules.csv`` lists regular expressions tried in order against the
normalised title (lower case, single spaces, "&" and "/" as spaces); the first
that matches gives the role, and its ``why`` column says why. The last rule
matches everything and gives ``other``, so every title gets a role. The
trained classifier of a later issue replaces this for postings; this mapping
stays as its baseline. ``data/aijobs_title_roles.csv`` is the review sheet:
every aijobs.net title with its count and the rule that mapped it, regenerated
by ``python -m roleatlas.taxonomy.titles`` and checked by a test.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from roleatlas.taxonomy.roles import ROLE_SLUGS

_SPACES = re.compile(r"[\s/&,]+")


@dataclass(frozen=True)
class TitleRule:
    id: str
    pattern: re.Pattern[str]
    role: str
    why: str


@dataclass(frozen=True)
class RoleMatch:
    """The role a title maps to, and the rule that decided it."""

    role: str
    rule: str


def normalise_title(title: str) -> str:
    """Lower-case, trim, and collapse spaces and separators."""
    return _SPACES.sub(" ", title.strip().lower()).strip()


@lru_cache(maxsize=1)
def title_rules() -> tuple[TitleRule, ...]:
    """The ordered rules from ``data/title_rules.csv`` (validated on load)."""
    text = resources.files("roleatlas.taxonomy").joinpath("data/title_rules.csv").read_text("utf-8")
    rules = []
    for row in csv.DictReader(text.splitlines()):
        if row["role"] not in ROLE_SLUGS:
            raise ValueError(f"title rule {row['id']}: unknown role {row['role']!r}")
        rules.append(TitleRule(row["id"], re.compile(row["pattern"]), row["role"], row["why"]))
    if not rules or rules[-1].pattern.pattern != ".*":
        raise ValueError("the last title rule must be the catch-all '.*' -> other")
    return tuple(rules)


@lru_cache(maxsize=4096)
def role_for_title(title: str) -> RoleMatch:
    """Map a job title to a canonical role slug with the first matching rule."""
    norm = normalise_title(title)
    for rule in title_rules():
        if rule.pattern.search(norm):
            return RoleMatch(rule.role, rule.id)
    raise AssertionError("unreachable: the catch-all rule matches every title")  # pragma: no cover


def _write_review_sheet() -> None:  # pragma: no cover - developer tool
    import os
    import sys
    from pathlib import Path

    home = Path(os.environ["ROLEATLAS_DATA_HOME"])
    counts: dict[str, int] = {}
    with (home / "aijobs-salaries" / "salaries.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            counts[row["job_title"]] = counts.get(row["job_title"], 0) + 1
    out = Path(__file__).with_name("data") / "aijobs_title_roles.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["job_title", "rows", "role", "rule"])
        for title in sorted(counts, key=lambda t: (-counts[t], t)):
            m = role_for_title(title)
            w.writerow([title, counts[title], m.role, m.rule])
    sys.stdout.write(f"wrote {out} ({len(counts)} titles)\n")


if __name__ == "__main__":  # pragma: no cover
    _write_review_sheet()
