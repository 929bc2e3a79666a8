"""Choose the postings of the role gold set (run once; its output is committed).

Usage: ``ROLEATLAS_DATA_HOME=../shared/data python tests/data/classify/select_gold.py [dev]``

With ``dev`` it chooses the *development* set instead (:data:`DEV_QUOTA`, another
seed, none of the gold postings or their repeats): labelled by the same guide,
it is the set design decisions may look at, so that the gold set stays unseen.

The choice uses only file, row and title, never a model or rule output:
- every file contributes (seeded shuffle of its rows);
- at most 2 rows per exact title, so the 146 "Machine Learning Engineer" rows
  of ai_ml_jobs_linkedin.csv do not fill the set;
- postings whose description starts like one already chosen (the Glassdoor
  files repeat postings) are skipped;
- ai_ml_jobs_linkedin.csv gives all of its "developer"/"programmer" titles
  (AI Programmer is rare and the three-way comparison needs it), and the
  arshkon sample (all occupations) all of its titles or descriptions naming
  AI, ML or data (the rest of it is realistic negatives).
The labels are added by hand afterwards, reading title and description.
"""

from __future__ import annotations

import csv
import os
import random
import re
import sys
from pathlib import Path

QUOTA = {
    "ai_ml_jobs_linkedin.csv": 170,
    "linkedin_arshkon_postings_sample1000.csv": 70,
    "Uncleaned_DS_jobs.csv": 50,
    "glassdoor_jobs.csv": 50,
}
ENRICH = {
    "ai_ml_jobs_linkedin.csv": re.compile(r"(?i)\b(developer|programmer)\b"),
    "linkedin_arshkon_postings_sample1000.csv": re.compile(
        r"(?i)\b(ai|a\.i\.|artificial intelligence|machine learning|ml|data|analytics|nlp)\b"
    ),
}
SEED = 20261123
DEV_QUOTA = {
    "ai_ml_jobs_linkedin.csv": 70,
    "linkedin_arshkon_postings_sample1000.csv": 10,
    "Uncleaned_DS_jobs.csv": 10,
    "glassdoor_jobs.csv": 10,
}


def fields(name: str, row: dict[str, str]) -> tuple[str, str]:
    if "Job Title" in row:
        return row["Job Title"], row["Job Description"]
    return row["title"], row["description"]


def fingerprint(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower())[:300]


def main() -> None:
    dev = sys.argv[1:] == ["dev"]
    postings = Path(os.environ["ROLEATLAS_DATA_HOME"]) / "postings"
    seen: set[str] = set()
    if dev:  # the gold postings and their repeats are never in the development set
        gold = Path(__file__).with_name("gold_sample.csv").read_text("utf-8").splitlines()
        keys = {(r["file"], int(r["row"])) for r in csv.DictReader(gold)}
        for name in QUOTA:
            with (postings / name).open(newline="", encoding="utf-8-sig") as fh:
                rows = [fields(name, r) for r in csv.DictReader(fh)]
            seen |= {fingerprint(rows[i][1]) for f, i in keys if f == name}
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "row", "title"])
    for name, quota in (DEV_QUOTA if dev else QUOTA).items():
        with (postings / name).open(newline="", encoding="utf-8-sig") as fh:
            rows = [fields(name, r) for r in csv.DictReader(fh)]
        order = list(range(len(rows)))
        random.Random(f"{SEED}:{name}{':dev' if dev else ''}").shuffle(order)
        enrich = ENRICH.get(name)
        if enrich is not None:
            first = [i for i in order if enrich.search(rows[i][0])]
            if name.startswith("linkedin_arshkon"):
                first += [i for i in order if i not in first and enrich.search(rows[i][1][:2000])]
            order = first + [i for i in order if i not in set(first)]
        per_title: dict[str, int] = {}
        chosen: list[int] = []
        for i in order:
            title, desc = rows[i]
            fp = fingerprint(desc)
            if len(chosen) == quota or not title.strip():
                break
            if per_title.get(title, 0) >= 2 or fp in seen:
                continue
            per_title[title] = per_title.get(title, 0) + 1
            seen.add(fp)
            chosen.append(i)
        for i in sorted(chosen):
            out.writerow([name, i, rows[i][0]])


if __name__ == "__main__":
    main()
