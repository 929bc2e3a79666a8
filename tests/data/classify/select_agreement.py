"""Choose the gold postings that a second labeller labels again (run once; output committed).

Usage: ``python tests/data/classify/select_agreement.py > tests/data/classify/agreement_sample.csv``

A seeded sample of 120 of the 340 gold postings, by position only (file, row
and title are copied; the first labels are not). Labelled again, blind to the
first labels, it measures how often two people reading the same posting by
the same guide agree: the ceiling any classifier is judged against.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

SIZE = 120
SEED = "20261124:agreement"
GOLD = Path(__file__).resolve().parents[3] / "src/roleatlas/classify/data/roles_gold.csv"


def main() -> None:
    with GOLD.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "row", "title"])
    for i in sorted(random.Random(SEED).sample(range(len(rows)), SIZE)):
        out.writerow([rows[i]["file"], rows[i]["row"], rows[i]["title"]])


if __name__ == "__main__":
    main()
