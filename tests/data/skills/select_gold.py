"""Choose the postings of the skills gold and development sets (run once; output committed).

Usage: ``ROLEATLAS_DATA_HOME=../shared/data python tests/data/skills/select_gold.py``

Uses only file, row, title and description length, never an extractor:
seeded shuffle per file, a description of at least 300 characters, at most one
row per exact title, repeated descriptions skipped (first 300 normalised
characters). In the arshkon file (all occupations) half the quota goes to
titles naming software, data, engineering, AI or ML, the rest are realistic
non-tech postings. The first 30 of the 100 in a seeded order form the
development set, the other 70 the gold set: design decisions and
taxonomy additions may look at the development set, never at the gold set.
"""

from __future__ import annotations

import csv
import os
import random
import re
import sys
from pathlib import Path

QUOTA = {
    "ai_ml_jobs_linkedin.csv": 50,
    "linkedin_arshkon_postings_sample1000.csv": 20,
    "Uncleaned_DS_jobs.csv": 15,
    "glassdoor_jobs.csv": 15,
}
TECH = re.compile(r"(?i)\b(software|data|engineer|developer|ai|ml|machine learning|analyst|it)\b")
SEED = "20261123:skills"
DEV = 30  # the first 30 of the seeded order form the development set


def fields(row: dict[str, str]) -> tuple[str, str]:
    if "Job Title" in row:
        return row["Job Title"], row["Job Description"]
    return row["title"], row["description"]


def fingerprint(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower())[:300]


def choose(name: str, rows: list[tuple[str, str]], quota: int, seen: set[str]) -> list[int]:
    order = list(range(len(rows)))
    random.Random(f"{SEED}:{name}").shuffle(order)
    if name.startswith("linkedin_arshkon"):
        tech = [i for i in order if TECH.search(rows[i][0])][: quota // 2]
        order = tech + [i for i in order if i not in set(tech) and not TECH.search(rows[i][0])]
    titles: set[str] = set()
    chosen: list[int] = []
    for i in order:
        title, desc = rows[i]
        fp = fingerprint(desc)
        if len(chosen) == quota:
            break
        if len(desc) < 300 or title in titles or fp in seen:
            continue
        titles.add(title)
        seen.add(fp)
        chosen.append(i)
    return chosen


def main() -> None:
    postings = Path(os.environ["ROLEATLAS_DATA_HOME"]) / "postings"
    seen: set[str] = set()
    picked: list[tuple[str, int, str]] = []
    for name, quota in QUOTA.items():
        with (postings / name).open(newline="", encoding="utf-8-sig") as fh:
            rows = [fields(r) for r in csv.DictReader(fh)]
        picked += [(name, i, rows[i][0]) for i in choose(name, rows, quota, seen)]
    random.Random(SEED).shuffle(picked)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "row", "title", "set"])
    for k, (name, i, title) in enumerate(picked):
        out.writerow([name, i, title, "dev" if k < DEV else "gold"])


if __name__ == "__main__":
    main()
