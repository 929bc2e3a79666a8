"""Choose the training and development postings labelled again under guide revision 2.

Usage: ``python tests/data/classify/select_relabel.py > relabel_sample.csv`` (run once;
output committed).

Revision 2 of ``LABELLING.md`` decides the hard cases the labellers reported
between the AI/ML engineering roles (a general ML title over platform, text or
image work; LLM applications against training). The labels it can change are
the *unsure* ones (``certain = no``) of ``roles_train.csv`` and ``roles_dev.csv``
whose role and whose named alternative (``alt <slug>`` in the note) are both
one of :data:`ENGINEERING`. This lists them, in file order; the gold set is
never read and never relabelled.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ENGINEERING = frozenset(
    {"ai-engineer", "ml-engineer", "mlops-engineer", "ai-programmer", "nlp-engineer", "cv-engineer"}
)
LABELS = Path(__file__).parents[3] / "src" / "roleatlas" / "classify" / "data"
ALT = re.compile(r"\balt ([a-z-]+)")


def wanted(row: dict[str, str]) -> bool:
    """Whether a label is unsure between two engineering roles."""
    alt = ALT.search(row["note"])
    return (
        row["certain"] == "no"
        and row["role"] in ENGINEERING
        and alt is not None
        and alt.group(1) in ENGINEERING
    )


def main() -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["set", "file", "row", "title"])
    for name in ("train", "dev"):
        with (LABELS / f"roles_{name}.csv").open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if wanted(r)]
        print(f"{name}: {len(rows)}", file=sys.stderr)
        for r in rows:
            out.writerow([name, r["file"], r["row"], r["title"]])


if __name__ == "__main__":
    main()
