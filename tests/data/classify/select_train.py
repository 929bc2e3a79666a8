"""Choose the postings of the hand-labelled *training* sample (run once; output committed).

Usage: ``ROLEATLAS_DATA_HOME=../shared/data python tests/data/classify/select_train.py``

The weak labels of :mod:`roleatlas.classify.weak` come from titles; the gold
labellers follow the description (LABELLING.md). This sample is labelled by the
same guide, reading title and description, and is used *for training* (never the
gold or the development set): it teaches the model what descriptions say.

Same selection rules as ``select_gold.py`` (file, row and title only; seeded
shuffle; at most 2 rows per exact title (4 in ai_ml_jobs_linkedin.csv, whose
AI/ML titles repeat with different descriptions); repeated descriptions skipped), and no
gold or development posting nor a repeat of one (matched by the first 300
characters of the normalised description).
"""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

from select_gold import ENRICH, fields, fingerprint

QUOTA = {
    "ai_ml_jobs_linkedin.csv": 420,
    "linkedin_arshkon_postings_sample1000.csv": 60,
    "Uncleaned_DS_jobs.csv": 90,
    "glassdoor_jobs.csv": 70,
}
SEED = "20261123:train"
PER_TITLE = {"ai_ml_jobs_linkedin.csv": 4}  # AI/ML titles repeat there; descriptions differ


def _labelled(postings: Path) -> set[str]:
    """Fingerprints of the gold and development postings (never in this sample)."""
    here = Path(__file__).parent
    keys = set()
    for name in ("gold_sample.csv", "dev_sample.csv"):
        with (here / name).open(encoding="utf-8") as fh:
            keys |= {(r["file"], int(r["row"])) for r in csv.DictReader(fh)}
    seen: set[str] = set()
    for name in QUOTA:
        with (postings / name).open(newline="", encoding="utf-8-sig") as fh:
            rows = [fields(name, r) for r in csv.DictReader(fh)]
        seen |= {fingerprint(rows[i][1]) for f, i in keys if f == name}
    return seen


def main() -> None:
    postings = Path(os.environ["ROLEATLAS_DATA_HOME"]) / "postings"
    seen = _labelled(postings)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "row", "title"])
    for name, quota in QUOTA.items():
        with (postings / name).open(newline="", encoding="utf-8-sig") as fh:
            rows = [fields(name, r) for r in csv.DictReader(fh)]
        order = list(range(len(rows)))
        random.Random(f"{SEED}:{name}").shuffle(order)
        enrich = ENRICH.get(name)
        if enrich is not None and name.startswith("linkedin_arshkon"):
            first = [i for i in order if enrich.search(rows[i][0])]
            order = first + [i for i in order if i not in set(first)]
        per_title: dict[str, int] = {}
        chosen: list[int] = []
        for i in order:
            title, desc = rows[i]
            fp = fingerprint(desc)
            if len(chosen) == quota:
                break
            if not title.strip() or per_title.get(title, 0) >= PER_TITLE.get(name, 2) or fp in seen:
                continue
            per_title[title] = per_title.get(title, 0) + 1
            seen.add(fp)
            chosen.append(i)
        print(f"{name}: {len(chosen)} of quota {quota}", file=sys.stderr)
        for i in sorted(chosen):
            out.writerow([name, i, rows[i][0]])


if __name__ == "__main__":
    main()
