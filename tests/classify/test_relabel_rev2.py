"""Guide revision 2 (proposed, not adopted): the unsure engineering labels labelled again, and
the labelled fourth training batch. LABELLING.md says what was measured with them."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from roleatlas.taxonomy.roles import ROLE_SLUGS

HERE = Path(__file__).resolve().parents[1] / "data" / "classify"
LABELS = Path(__file__).resolve().parents[2] / "src/roleatlas/classify/data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _valid(rows: list[dict[str, str]]) -> bool:
    return all(
        r["role"] in ROLE_SLUGS
        and r["certain"] in ("yes", "no")
        and (r["certain"] == "yes" or re.search(r"\balt [a-z-]+", r["note"]))
        for r in rows
    )


def test_the_relabel_sample_is_the_listed_selection() -> None:
    out = subprocess.run(
        [sys.executable, str(HERE / "select_relabel.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == (HERE / "relabel_sample.csv").read_text("utf-8")


def test_relabels_cover_the_sample_and_name_the_kept_labels() -> None:
    sample = _rows(HERE / "relabel_sample.csv")
    again = _rows(HERE / "relabel_labels.csv")
    assert [(r["set"], r["file"], r["row"], r["title"]) for r in again] == [
        (r["set"], r["file"], r["row"], r["title"]) for r in sample
    ]
    assert _valid(again)
    kept = {
        (name, r["file"], r["row"]): r["role"]
        for name in ("train", "dev")
        for r in _rows(LABELS / f"roles_{name}.csv")
    }
    # the packaged labels are still the ones of the guide as written
    assert [kept[(r["set"], r["file"], r["row"])] for r in again] == [
        r["earlier_role"] for r in again
    ]
    changed = Counter(
        (r["set"], r["earlier_role"], r["role"]) for r in again if r["role"] != r["earlier_role"]
    )
    # LABELLING.md: 131 of 162 kept (81%), 16 + 1 ml-engineer -> mlops-engineer the largest change
    assert sum(changed.values()) == 31
    assert changed[("train", "ml-engineer", "mlops-engineer")] == 16


def test_data_batch_labels_cover_its_sample_and_are_not_trained_on() -> None:
    sample = _rows(HERE / "train_sample_data.csv")
    labels = _rows(HERE / "train_sample_data_labels.csv")
    assert [(r["file"], r["row"], r["title"]) for r in labels] == [
        (r["file"], r["row"], r["title"]) for r in sample
    ]
    assert _valid(labels) and len(labels) == 163
    packaged = {
        (r["file"], r["row"])
        for name in ("train", "dev", "gold")
        for r in _rows(LABELS / f"roles_{name}.csv")
    }
    assert not packaged & {(r["file"], r["row"]) for r in labels}
