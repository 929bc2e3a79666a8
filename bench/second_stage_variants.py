"""What limits the role classifier's second stage: model variants and a learning curve (issue 4).

The second stage (:func:`roleatlas.classify.train.fit_second_stage`) is fitted on the
hand-labelled training postings only (847), over the first stage's out-of-fold
log-probabilities, the title rules' role and the description's focus. Its
cross-validated accuracy on those postings sits near 79-80% whatever was tried,
far from the gold targets (90% on answered items). This script asks whether
another model of the same inputs, or more hand labels, would close the gap,
without touching the gold or development sets:

1. The first stage's out-of-fold scores, as ``roleatlas train roles --quick``
   computes them (its one setting, same folds and seed): about 3 minutes.
2. **Variants**, each cross-validated over ``--partitions`` fold partitions
   (the second stage's own grouped, stratified 5 folds, seeds ``SEED + r``), and
   compared *paired* with the current model (logistic regression at the ``C``
   the pipeline picks), as mean difference ± its standard error over
   partitions: the logistic regression at every ``C`` of the pipeline's grid;
   the same with title-kind x focus-share interactions; with sentence-level focus
   (:func:`sentence_focus`); with ``sqrt``-balanced
   class weights; an *offset* logistic regression, whose scores are the first
   stage's log-probabilities plus a penalised correction (so that shrinking it
   falls back to the first stage, not to the hand labels' class mix); and
   gradient-boosted trees (depth 3).
3. **Learning curve** of the current model: each training fold cut to 25, 50
   and 75% of its postings (seeded), then whole.

Measures on the hand postings (weighted log-loss as the pipeline weighs them;
accuracy and macro-F1 with no abstention). The first stage's scores stay those
of step 1 in every variant, so these compare second stages only.

    ROLEATLAS_DATA_HOME=../shared/data python bench/second_stage_variants.py \\
        [--partitions 10] [--json out.json]

About 4 minutes on 2 quiet cores (10 partitions). Figures of the last run: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from roleatlas.classify.dataset import training_set
from roleatlas.classify.evaluate import score
from roleatlas.classify.text import description_features, description_text, focus_hits
from roleatlas.classify.train import (
    SECOND_C,
    SEED,
    SecondStageDesign,
    _data,
    _fit_linear,
    _grid,
    _log_loss,
    _oof_scores,
    sample_examples,
    second_stage_design,
)
from roleatlas.classify.weak import Example
from roleatlas.cli.model import QUICK_GRID
from roleatlas.taxonomy.titles import role_for_title

Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (train rows, test rows) -> scores
GENERAL = ("ml-engineer", "ai-engineer", "data-scientist", "other")  # title kinds read by focus


def _offset_fit(x: np.ndarray, off: np.ndarray, y: np.ndarray, k: int, c: float) -> np.ndarray:
    """Multinomial logistic regression with a fixed offset: scores = off + x @ W + b, penalty
    (|W|^2 + |b|^2) / (2C) as scikit-learn's. Returns [W; b] stacked."""
    from scipy.optimize import minimize

    n, p = x.shape
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    xb = np.hstack([x, np.ones((n, 1))])

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        wb = theta.reshape(p + 1, k)
        z = off + xb @ wb
        z -= z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(z).sum(axis=1))
        prob = np.exp(z - lse[:, None])
        value = float(np.sum(lse - z[np.arange(n), y]) + 0.5 * np.sum(wb * wb) / c)
        return value, (xb.T @ (prob - onehot) + wb / c).ravel()

    res = minimize(loss, np.zeros((p + 1) * k), jac=True, method="L-BFGS-B")
    return np.asarray(res.x).reshape(p + 1, k)


_SEGMENT = re.compile(r"\n+|\|| \* |•|(?<=[a-z0-9)])[.;!?]\s+")


def sentence_focus(raw: str, groups: dict[str, tuple[str, ...]]) -> np.ndarray:
    """Per focus group, the share of a description's segments (lines, bullets, sentences of
    three words or more) that name one of its terms, among all segments and among those that
    name any group's term: "most of the duties", as the labelling guide decides, rather than
    how often the words occur."""
    segments = [s for s in _SEGMENT.split(description_text(raw)) if len(s.split()) >= 3]
    hits = np.zeros(len(groups))
    named = 0
    for seg in segments:
        found = np.array(focus_hits(description_features(seg), groups)) > 0
        named += bool(found.any())
        hits += found
    return np.concatenate([hits / max(len(segments), 1), hits / named if named else hits])


def variants(
    x: np.ndarray,
    y: np.ndarray,
    classes: np.ndarray,
    kinds: np.ndarray,
    n_groups: int,
    sentences: np.ndarray,
) -> dict[str, Scorer]:
    """Name -> scorer; every scorer fits on the train rows and scores the test rows. ``kinds``
    is each posting's title-rule role; the last ``n_groups`` inputs are the focus shares;
    ``sentences`` the postings' :func:`sentence_focus`."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    k = len(classes)
    y_idx = np.searchsorted(classes, y)
    logp, rest = x[:, :k], x[:, k:]
    shares = x[:, -n_groups:]
    general = np.isin(kinds, GENERAL).astype(float)[:, None]
    inter = np.hstack([x, general * shares, (1 - general) * shares])

    def full(cols: np.ndarray, seen: np.ndarray) -> np.ndarray:
        """Scores over all classes; a class absent from the training rows is never the answer."""
        out = np.full((len(cols), k), -30.0)
        out[:, np.searchsorted(classes, seen)] = cols
        return out

    def logistic(c: float, data: np.ndarray) -> Scorer:
        def run(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
            w, b = _fit_linear(data[tr], y[tr], c, classes)
            return np.asarray(data[te] @ w + b)

        return run

    def balanced(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        labels, counts = np.unique(y[tr], return_counts=True)
        weight = {
            lab: (len(tr) / (len(labels) * n)) ** 0.5 for lab, n in zip(labels, counts, strict=True)
        }
        clf = LogisticRegression(C=0.3, max_iter=5000, class_weight=weight).fit(x[tr], y[tr])
        return full(clf.decision_function(x[te]), clf.classes_)

    def offset(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        wb = _offset_fit(rest[tr], logp[tr], y_idx[tr], k, 1.0)
        return np.asarray(logp[te] + np.hstack([rest[te], np.ones((len(te), 1))]) @ wb)

    def boosted(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        clf = HistGradientBoostingClassifier(
            max_depth=3,
            learning_rate=0.05,
            max_iter=100,
            l2_regularization=1.0,
            min_samples_leaf=10,
            random_state=SEED,
        ).fit(x[tr], y[tr])
        proba = np.log(np.clip(clf.predict_proba(x[te]), 1e-9, None))
        return full(proba, clf.classes_)

    out: dict[str, Scorer] = {f"logistic C={c:g}": logistic(c, x) for c in SECOND_C}
    out["logistic C=0.3 + title x focus"] = logistic(0.3, inter)
    out["logistic C=0.3 + sentence focus"] = logistic(0.3, np.hstack([x, sentences]))
    out["logistic C=0.3, balanced^0.5"] = balanced
    out["offset logistic C=1"] = offset
    out["boosted trees (depth 3, 100)"] = boosted
    return out


def measure(
    out: np.ndarray, y: np.ndarray, classes: np.ndarray, weight: np.ndarray
) -> dict[str, float]:
    pred = [str(v) for v in classes[out.argmax(axis=1)]]
    s = score(list(y), pred)
    return {
        "log_loss": _log_loss(out, np.searchsorted(classes, y), weight),
        "accuracy": s.accuracy,
        "macro_f1": s.macro_f1,
    }


@dataclass(frozen=True)
class HandSet:
    """The second stage's inputs as ``roleatlas train roles --quick`` builds them."""

    examples: list[Example]  # the training examples (design.rows index them)
    classes: np.ndarray
    rules: list[str]  # the title rules' role of every example
    weight: np.ndarray  # the design weights of the hand postings (design.rows)
    design: SecondStageDesign


def data_home() -> Path | None:
    """``$ROLEATLAS_DATA_HOME``, else ../shared/data beside the repository; None without postings."""
    home = Path(
        os.environ.get("ROLEATLAS_DATA_HOME")
        or Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    if Path(home, "postings").is_dir():
        return home
    print(
        f"No postings/ under {home}: set ROLEATLAS_DATA_HOME to the data directory.",
        file=sys.stderr,
    )
    return None


def hand_set(home: Path) -> HandSet:
    """The first stage's out-of-fold scores of the quick setting (same folds and seed as the
    pipeline; about 3 minutes) and the second stage's design over them."""
    examples = sample_examples(training_set(home, verify=False).examples)
    data = _data(examples)
    classes = np.unique(data.y)
    rules = [role_for_title(t).role for t in data.raw_titles]
    oof, _ = _oof_scores(data, _grid(QUICK_GRID)[0], True, classes)
    design = second_stage_design(data, oof, classes, rules)
    assert design is not None
    return HandSet(examples, classes, rules, data.weight[design.rows], design)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partitions", type=int, default=10, help="fold partitions (default 10)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    home = data_home()
    if home is None:
        return 2
    console = Console()
    start = time.perf_counter()
    with console.status("first stage: out-of-fold scores of the quick setting (about 3 minutes)"):
        hs = hand_set(home)
    examples, classes, rules, design = hs.examples, hs.classes, hs.rules, hs.design
    y, weight = design.y, hs.weight
    kinds = np.array([rules[i] for i in design.rows])
    sentences = np.array(
        [sentence_focus(examples[i].description, design.groups) for i in design.rows]
    )
    scorers = variants(design.x, y, classes, kinds, len(design.groups), sentences)
    fractions = (0.25, 0.5, 0.75)
    results: dict[str, list[dict[str, float]]] = {name: [] for name in scorers}
    curve: dict[float, list[dict[str, float]]] = {f: [] for f in fractions}
    reference = f"logistic C={0.3:g}"
    for r in range(args.partitions):
        folds = design.folds(r)
        with console.status(f"partition {r + 1} of {args.partitions}"):
            for name, run in scorers.items():
                out = np.zeros((len(y), len(classes)))
                for tr, te in folds:
                    out[te] = run(tr, te)
                results[name].append(measure(out, y, classes, weight))
            rng = np.random.default_rng(SEED + r)
            for f in fractions:
                out = np.zeros((len(y), len(classes)))
                for tr, te in folds:
                    sub = tr[rng.random(len(tr)) < f]
                    out[te] = scorers[reference](sub, te)
                curve[f].append(measure(out, y, classes, weight))
    curve[1.0] = results[reference]
    title = (
        f"Second-stage variants on {len(y)} hand postings, {args.partitions} partitions of 5 "
        f"folds; Δ = paired difference from {reference} ± its standard error (accuracy and "
        "macro-F1: in points)"
    )
    console.print(paired_table(results, reference, title))
    console.print(_curve(curve, len(y)))
    console.print(f"{time.perf_counter() - start:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"variants": results, "learning_curve": {str(k): v for k, v in curve.items()}},
                indent=2,
            )
        )
    return 0


def paired_table(results: dict[str, list[dict[str, float]]], reference: str, title: str) -> Table:
    """Each variant's mean over partitions and its paired difference from ``reference`` ± the
    standard error of that difference (accuracy and macro-F1 in percentage points)."""
    t = Table(title=title, title_justify="left")
    t.add_column("variant")
    for key in ("log-loss", "Δ", "accuracy", "Δ", "macro-F1", "Δ"):
        t.add_column(key, justify="right")
    base = results[reference]
    for name, rows in results.items():
        cells = []
        for key in ("log_loss", "accuracy", "macro_f1"):
            v = np.array([m[key] for m in rows])
            d = v - np.array([m[key] for m in base])
            se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0
            if key == "log_loss":
                mean, delta = f"{v.mean():.3f}", f"{d.mean():+.3f} ± {se:.3f}"
            else:  # percentages, and differences in percentage points
                mean, delta = f"{v.mean():.1%}", f"{100 * d.mean():+.1f} ± {100 * se:.1f}"
            cells += [mean, "—" if name == reference else delta]
        t.add_row(name, *cells)
    return t


def _curve(curve: dict[float, list[dict[str, float]]], n: int) -> Table:
    t = Table(
        title="Learning curve of the current second stage (training folds cut)",
        title_justify="left",
    )
    for col in ("training postings", "log-loss", "accuracy", "macro-F1"):
        t.add_column(col, justify="right")
    for f in sorted(curve):
        rows = curve[f]
        t.add_row(
            f"~{round(f * 0.8 * n)}",
            f"{np.mean([m['log_loss'] for m in rows]):.3f}",
            f"{np.mean([m['accuracy'] for m in rows]):.1%}",
            f"{np.mean([m['macro_f1'] for m in rows]):.1%}",
        )
    return t


if __name__ == "__main__":
    raise SystemExit(main())
