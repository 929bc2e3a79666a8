"""The role model's report: gold-set scores next to the rule baseline, and the training summary.

The gold set (:mod:`.gold`) is read only here and in tests: after the model
is fitted, to measure it. Its figures are stored in the model's metadata
(``gold``) when training ends, and recomputed on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roleatlas.classify.evaluate import Scores, score
from roleatlas.classify.gold import gold_postings, load_gold
from roleatlas.classify.model import RoleModel
from roleatlas.ingest.postings import SOURCE
from roleatlas.sources import get_source, require
from roleatlas.taxonomy.titles import role_for_title

#: The targets of issue 4, checked by the report and a test.
TARGETS = {"macro_f1": 0.85, "accuracy": 0.90, "answer_rate": 0.90, "trio_confusion": 0.10}


@dataclass(frozen=True)
class GoldReport:
    """Model and rules on the same gold items; ``certain`` repeats it on the sure labels only."""

    model: Scores
    rules: Scores
    model_certain: Scores
    rules_certain: Scores
    model_forced: Scores  # the model's best role for every item (no abstention)
    n_certain: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model.to_dict(),
            "rules": self.rules.to_dict(),
            "model_certain": self.model_certain.to_dict(),
            "rules_certain": self.rules_certain.to_dict(),
            "model_forced": self.model_forced.to_dict(),
            "n_certain": self.n_certain,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GoldReport:
        keys = ("model", "rules", "model_certain", "rules_certain", "model_forced")
        m, r, mc, rc, mf = (Scores.from_dict(d[k]) for k in keys)
        return cls(m, r, mc, rc, mf, int(d["n_certain"]))

    def misses(self) -> dict[str, bool]:
        """Each target and whether the model meets it."""
        m = self.model
        trio = m.trio_confusion
        return {
            "macro_f1": m.macro_f1 >= TARGETS["macro_f1"],
            "accuracy": m.accuracy >= TARGETS["accuracy"],
            "answer_rate": m.answer_rate >= TARGETS["answer_rate"],
            "trio_confusion": trio is not None and trio < TARGETS["trio_confusion"],
            "beats_rules": m.macro_f1 > self.rules.macro_f1
            and m.coverage_accuracy > self.rules.coverage_accuracy,
        }


def evaluate_gold(
    model: RoleModel, home: Path | None = None, *, gold: Path | None = None
) -> GoldReport:
    """Score the model and the title rules on the hand-labelled gold postings."""
    status = require(get_source(SOURCE), home=home, verify=False)
    pairs = gold_postings(status, load_gold(gold))
    labels = [g.role for g, _ in pairs]
    results = [
        model.classify(p.title, p.description if model.uses_description else None) for _, p in pairs
    ]
    predicted = [c.role for c in results]
    forced = [c.candidates[0].role for c in results]
    rules = [role_for_title(p.title).role for _, p in pairs]
    sure = [i for i, (g, _) in enumerate(pairs) if g.certain]

    def pick(xs: list[str]) -> list[str]:
        return [xs[i] for i in sure]

    return GoldReport(
        score(labels, predicted),
        score(labels, rules),
        score(pick(labels), pick(predicted)),
        score(pick(labels), pick(rules)),
        score(labels, forced),
        len(sure),
    )
