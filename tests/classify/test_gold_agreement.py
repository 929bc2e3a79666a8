"""A second, blind labelling of 120 gold postings: how reproducible the gold labels are."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

from roleatlas.taxonomy.roles import ROLE_SLUGS

HERE = Path(__file__).resolve().parents[1] / "data" / "classify"
GOLD = Path(__file__).resolve().parents[2] / "src/roleatlas/classify/data/roles_gold.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_sample_is_the_seeded_selection() -> None:
    out = subprocess.run(
        [sys.executable, str(HERE / "select_agreement.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == (HERE / "agreement_sample.csv").read_text("utf-8")


def test_second_labels_cover_the_sample_and_agree_with_gold() -> None:
    second = _rows(HERE / "agreement_labels.csv")
    sample = _rows(HERE / "agreement_sample.csv")
    key = [(r["file"], r["row"], r["title"]) for r in sample]
    assert [(r["file"], r["row"], r["title"]) for r in second] == key
    assert all(r["role"] in ROLE_SLUGS and r["certain"] in ("yes", "no") for r in second)
    gold = {(r["file"], r["row"]): r["role"] for r in _rows(GOLD)}
    first = [gold[(r["file"], r["row"])] for r in second]
    again = [r["role"] for r in second]
    n = len(again)
    observed = sum(a == b for a, b in zip(first, again, strict=True)) / n
    c1, c2 = Counter(first), Counter(again)
    chance = sum(c1[k] * c2[k] for k in c1) / (n * n)
    kappa = (observed - chance) / (1 - chance)
    print(f"\nsecond labeller: agreement {observed:.1%} on {n}, Cohen's kappa {kappa:.3f}")
    # measured 117 of 120 (97.5%), kappa 0.970; see LABELLING.md for what it does and does not show
    assert n == 120 and observed >= 0.95 and kappa >= 0.9
