"""Scores of a role classifier against labels: plain Python, shared by training and the report.

Definitions (stated in every report):
- *answer rate*: share of items not answered ``unclear``;
- *accuracy* and *macro-F1* are on the answered items (macro-F1 averages F1
  over the roles present in the labels, a role never predicted scoring 0);
- *coverage accuracy* counts ``unclear`` as wrong (what a user gets overall);
- *trio confusion*: among items labelled ai-engineer, ml-engineer or
  ai-programmer and answered with one of the three, the share given another
  of the three.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

UNCLEAR = "unclear"
TRIO = ("ai-engineer", "ml-engineer", "ai-programmer")


@dataclass(frozen=True)
class RoleScore:
    role: str
    support: int  # labelled items
    predicted: int  # answered items given this role
    precision: float | None
    recall: float | None
    f1: float


@dataclass(frozen=True)
class Scores:
    """How predictions agree with labels (see the module docstring)."""

    n: int
    answered: int
    accuracy: float
    macro_f1: float
    coverage_accuracy: float
    per_role: tuple[RoleScore, ...]
    confusion: dict[str, dict[str, int]]  # label -> prediction -> count
    trio_n: int
    trio_confused: int

    @property
    def answer_rate(self) -> float:
        return self.answered / self.n if self.n else 0.0

    @property
    def trio_confusion(self) -> float | None:
        return self.trio_confused / self.trio_n if self.trio_n else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["answer_rate"] = self.answer_rate
        d["trio_confusion"] = self.trio_confusion
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scores:
        fields = {k: v for k, v in d.items() if k not in ("answer_rate", "trio_confusion")}
        fields["per_role"] = tuple(RoleScore(**r) for r in d["per_role"])
        return cls(**fields)


def score(labels: Sequence[str], predictions: Sequence[str]) -> Scores:
    """Compare predictions (a role or ``unclear``) with labels."""
    if len(labels) != len(predictions):
        raise ValueError("labels and predictions differ in length")
    pairs = list(zip(labels, predictions, strict=True))
    answered = [(y, p) for y, p in pairs if p != UNCLEAR]
    right = sum(y == p for y, p in answered)
    confusion: dict[str, dict[str, int]] = {}
    for y, p in pairs:
        confusion.setdefault(y, {})
        confusion[y][p] = confusion[y].get(p, 0) + 1
    per_role = tuple(_role_score(r, answered, labels) for r in sorted(set(labels)))
    trio = [(y, p) for y, p in answered if y in TRIO and p in TRIO]
    return Scores(
        n=len(pairs),
        answered=len(answered),
        accuracy=right / len(answered) if answered else 0.0,
        macro_f1=sum(r.f1 for r in per_role) / len(per_role) if per_role else 0.0,
        coverage_accuracy=right / len(pairs) if pairs else 0.0,
        per_role=per_role,
        confusion=confusion,
        trio_n=len(trio),
        trio_confused=sum(y != p for y, p in trio),
    )


def _role_score(role: str, answered: list[tuple[str, str]], labels: Sequence[str]) -> RoleScore:
    tp = sum(y == role and p == role for y, p in answered)
    predicted = sum(p == role for _, p in answered)
    support = Counter(labels)[role]
    answered_support = sum(y == role for y, _ in answered)
    precision = tp / predicted if predicted else None
    recall = tp / answered_support if answered_support else None
    p, r = precision or 0.0, recall or 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return RoleScore(role, support, predicted, precision, recall, f1)
