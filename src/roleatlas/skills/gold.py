"""The hand-labelled skills sets, and precision/recall/F1 of the extractor on them.

``data/skills_gold.csv`` (70 postings: only ever scored) and
``data/skills_dev.csv`` (30 postings: the set design decisions and taxonomy
additions may look at) hold file, row, title, the skills named (canonical
names, ``; ``-separated) and a note; ``data/LABELLING.md`` is their guide and
``tests/data/skills/select_gold.py`` chose the postings.

Scoring is **strict**: per posting, the set of technical skill ids the
extractor finds against the set of labelled skills mapped to ids through the
taxonomy's names and aliases. A labelled name the taxonomy does not know
stays a skill of its own (``?Name``) that no extraction can match: it counts
as a miss, never dropped.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from roleatlas.errors import DataError
from roleatlas.ingest.postings import POSTING_FILES, PostingText
from roleatlas.taxonomy.skills import skill_id_for


@dataclass(frozen=True)
class SkillItem:
    file: str
    row: int
    title: str
    skills: frozenset[str]  # skill ids, or "?Name" for a name the taxonomy lacks


def load_skill_labels(name: str = "gold") -> list[SkillItem]:
    """The labels of the ``gold`` or ``dev`` set, names mapped to skill ids."""
    if name not in ("gold", "dev"):
        raise ValueError(name)
    text = (
        resources.files("roleatlas.skills").joinpath(f"data/skills_{name}.csv").read_text("utf-8")
    )
    items = []
    for n, rec in enumerate(csv.DictReader(text.splitlines()), start=2):
        if rec.get("file") not in POSTING_FILES:
            raise DataError(f"skills_{name}.csv line {n}: unknown file {rec.get('file')!r}.")
        names = [x.strip() for x in (rec.get("skills") or "").split(";") if x.strip()]
        ids = frozenset(skill_id_for(x) or f"?{x}" for x in names)
        items.append(SkillItem(rec["file"], int(rec["row"]), rec["title"], ids))
    return items


@dataclass
class SkillScores:
    """Micro precision/recall/F1 over (posting, skill) pairs, with the errors per skill."""

    postings: int
    true_pos: int
    false_pos: int
    false_neg: int
    missed: Counter[str] = field(default_factory=Counter)  # skill -> false negatives
    spurious: Counter[str] = field(default_factory=Counter)  # skill -> false positives
    unknown: Counter[str] = field(default_factory=Counter)  # labelled names not in the taxonomy

    @property
    def precision(self) -> float:
        return self.true_pos / max(1, self.true_pos + self.false_pos)

    @property
    def recall(self) -> float:
        return self.true_pos / max(1, self.true_pos + self.false_neg)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "postings": self.postings,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "true_positives": self.true_pos,
            "false_positives": self.false_pos,
            "false_negatives": self.false_neg,
            "missed": dict(self.missed.most_common()),
            "spurious": dict(self.spurious.most_common()),
            "not_in_taxonomy": dict(self.unknown.most_common()),
        }


def score_skills(
    items: Iterable[SkillItem],
    postings: dict[tuple[str, int], PostingText],
    extract: Callable[[str], Iterable[str]],
) -> SkillScores:
    """Score ``extract`` (text -> technical skill ids) on the labelled postings."""
    s = SkillScores(0, 0, 0, 0)
    for item in items:
        p = postings.get((item.file, item.row))
        if p is None or p.title != item.title.strip():
            raise DataError(
                f"Skills label {item.file} row {item.row} ({item.title!r}) does not match the "
                "postings file: it is not the release the labels were made on."
            )
        got = set(extract(p.description))
        s.postings += 1
        s.true_pos += len(got & item.skills)
        s.false_pos += len(got - item.skills)
        s.false_neg += len(item.skills - got)
        s.missed.update(item.skills - got)
        s.spurious.update(got - item.skills)
        s.unknown.update(x for x in item.skills if x.startswith("?"))
    return s


#: What issue 5 asks of the extractor on the gold set (strict match, technical skills).
TARGETS = {"f1": 0.85, "precision": 0.90}


def evaluate_skills(which: str = "gold", home: Path | None = None) -> SkillScores:
    """Score the packaged extractor on the ``gold`` (or ``dev``) set, reading the postings."""
    from roleatlas.ingest.postings import SOURCE, iter_postings
    from roleatlas.skills.extract import extract_skills
    from roleatlas.sources import get_source, require

    items = load_skill_labels(which)
    wanted = {(i.file, i.row) for i in items}
    status = require(get_source(SOURCE), home=home)
    postings = {(p.file, p.row): p for p in iter_postings(status) if (p.file, p.row) in wanted}
    return score_skills(
        items, postings, lambda text: [f.id for f in extract_skills(text, technical_only=True)]
    )
