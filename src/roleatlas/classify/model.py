"""The saved role model: plain arrays and JSON, applied with numpy alone.

Training (scikit-learn, :mod:`.train`) exports a linear model over TF-IDF
blocks; this module applies it without importing scikit-learn (1.6 s of
start-up) and without pickle (a model file can only hold numbers and
strings). Scores are ``x @ W + b`` where ``x`` joins one block per input
(title, and description when the model has one); each block is the counts of
the features of :mod:`.text`, ``1 + log(count)``, times the block's idf,
L2-normalised, times the block's weight. Probabilities are
``softmax(scores / temperature)``.

A model may have a **second stage** (:class:`SecondStage`), used when a
description is given: a small multinomial logistic regression that reads the
first stage's log-probabilities, the role the title rules give
(:func:`roleatlas.taxonomy.titles.role_for_title`, one-hot) and the focus of
the description (:func:`.text.focus_values`), fitted on the hand-labelled
training postings only. It has its own temperature and threshold. Titles
without a description use the first stage alone.

On disk, a model is a directory ``<models_dir>/roles/<version>/`` holding
``model.json`` (classes, vocabularies, threshold, temperature, the second
stage's settings and focus groups, metadata, and the sha256 of the arrays)
and ``arrays.npz`` (weights, intercept, idf per block, second-stage weights);
``<models_dir>/roles/CURRENT`` names the version loaded by default. The
version is the training date and the start of :meth:`RoleModel.digest`.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from roleatlas.classify.text import (
    description_features,
    description_text,
    focus_hits,
    focus_values,
    title_bigrams,
    title_features_by_word,
    title_text,
    word_features,
    words,
)
from roleatlas.config import get_settings
from roleatlas.errors import ModelError, ModelMissingError
from roleatlas.taxonomy.titles import role_for_title

FORMAT = 1
TASK = "roles"
UNCLEAR = "unclear"
#: Title words whose columns a block keeps (a few MB at most); the cache is emptied when full.
WORD_CACHE = 50_000
_RETRAIN = (
    "Train it again with `roleatlas train roles` (needs the data: see `roleatlas data status`)."
)


@dataclass(frozen=True)
class Block:
    """One input's features: vocabulary (feature -> column), idf, weight."""

    name: str  # "title" or "description"
    vocab: dict[str, int]
    idf: np.ndarray
    weight: float
    offset: int
    # word -> its known columns (:func:`word_columns`); bounded, see WORD_CACHE
    _words: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def idf_values(self) -> list[float]:
        """The idf as a Python list (indexing it is faster than indexing the array)."""
        return self.idf.tolist()  # type: ignore[no-any-return]

    def columns(self, feats: Iterable[str]) -> list[int]:
        """The columns of the known features among ``feats`` (unknown ones dropped)."""
        return [c for c in map(self.vocab.get, feats) if c is not None]

    def word_columns(self, word: str) -> list[int]:
        """The known columns of :func:`.text.word_features` of one title word, cached.

        Titles share their words ("engineer", "data", "senior"), so the
        character n-grams of a word are looked up once, not once per title.
        """
        cols = self._words.get(word)
        if cols is None:
            if len(self._words) >= WORD_CACHE:
                self._words.clear()
            cols = self._words[word] = self.columns(word_features(word))
        return cols


@dataclass(frozen=True)
class SecondStage:
    """The second stage (module docstring): ``inputs @ weights + intercept`` over
    :func:`second_stage_inputs`."""

    weights: np.ndarray  # (inputs, classes)
    intercept: np.ndarray  # (classes,)
    groups: dict[str, tuple[str, ...]]  # the focus groups it was trained with
    temperature: float
    threshold: float


def second_stage_inputs(
    first_scores: np.ndarray,
    rule_role: str,
    desc_feats: list[str],
    classes: tuple[str, ...],
    groups: dict[str, tuple[str, ...]],
) -> np.ndarray:
    """The inputs of the second stage for one posting (training and use share this)."""
    logp = np.log(np.clip(softmax(np.asarray(first_scores, dtype=np.float64)), 1e-6, None))
    rule = np.zeros(len(classes) + 1)
    rule[classes.index(rule_role) if rule_role in classes else len(classes)] = 1.0
    return np.concatenate([logp, rule, np.asarray(focus_values(desc_feats, groups))])


@dataclass(frozen=True)
class Candidate:
    role: str
    probability: float


@dataclass(frozen=True)
class Evidence:
    """A word or phrase and how much it pushed the answer over the runner-up (in score units)."""

    text: str
    field: str  # "title" or "description"
    weight: float


@dataclass(frozen=True)
class Classification:
    """The answer for one title (and description): a role, or ``unclear`` with its best candidates."""

    role: str
    confidence: float
    candidates: tuple[Candidate, ...]
    threshold: float
    model: str
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # why the answer is unclear: "below threshold" or "no known words"

    @property
    def answered(self) -> bool:
        return self.role != UNCLEAR


@dataclass
class RoleModel:
    """A linear role model over TF-IDF blocks (see the module docstring)."""

    classes: tuple[str, ...]
    weights: np.ndarray  # (features, classes)
    intercept: np.ndarray  # (classes,)
    blocks: tuple[Block, ...]
    temperature: float
    threshold: float
    metadata: dict[str, Any] = field(default_factory=dict)
    second: SecondStage | None = None

    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "unsaved"))

    def digest(self) -> str:
        """The sha256 of what the model computes with: classes, features, numbers, thresholds."""
        h = hashlib.sha256(json.dumps([self.classes, self.temperature, self.threshold]).encode())
        for b in self.blocks:
            h.update(json.dumps([b.name, b.weight, sorted(b.vocab.items())]).encode())
            h.update(np.ascontiguousarray(b.idf, dtype=np.float64).tobytes())
        for a in (self.weights, self.intercept):
            h.update(np.ascontiguousarray(a, dtype=np.float32).tobytes())
        if self.second is not None:
            s = self.second
            h.update(json.dumps([s.groups, s.temperature, s.threshold]).encode())
            for a in (s.weights, s.intercept):
                h.update(np.ascontiguousarray(a, dtype=np.float64).tobytes())
        return h.hexdigest()

    @property
    def uses_description(self) -> bool:
        return any(b.name == "description" for b in self.blocks)

    def _features(
        self, title: str, description: str | None
    ) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """The first stage's sparse input (columns, values) and the description's features."""
        idx: list[int] = []
        val: list[float] = []
        desc: list[str] = []
        for block in self.blocks:
            if block.name == "title":
                toks = words(title_text(title))
                cols = [c for w in toks for c in block.word_columns(w)]
                cols += block.columns(title_bigrams(toks))
            else:
                desc = description_features(description_text(description))
                cols = block.columns(desc)
            _add_columns(block, cols, idx, val)
        return np.asarray(idx, dtype=np.intp), np.asarray(val, dtype=np.float32), desc

    def clear_caches(self) -> None:
        """Forget the cached title-word columns (benchmarks measure the cold path with it)."""
        for block in self.blocks:
            block._words.clear()

    def scores(self, title: str, description: str | None = None) -> np.ndarray:
        """The class scores (before temperature) for one title and description."""
        idx, val, _ = self._features(title, description)
        return self._scores(idx, val)

    def _scores(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        return val @ self.weights[idx] + self.intercept  # type: ignore[no-any-return]

    def probabilities(self, title: str, description: str | None = None) -> np.ndarray:
        """Calibrated class probabilities, in the order of :attr:`classes`."""
        idx, val, desc = self._features(title, description)
        return self._decide(title, self._scores(idx, val), desc)[0]

    def _decide(
        self, title: str, first: np.ndarray, desc: list[str]
    ) -> tuple[np.ndarray, float, np.ndarray | None]:
        """Probabilities, threshold, and the second stage's inputs when it was used."""
        if self.second is None or not desc:
            return softmax(first / self.temperature), self.threshold, None
        s = self.second
        x = second_stage_inputs(first, role_for_title(title).role, desc, self.classes, s.groups)
        probs = softmax((x @ s.weights + s.intercept) / s.temperature)
        return probs, s.threshold, x

    def classify(
        self, title: str, description: str | None = None, *, explain: bool = False
    ) -> Classification:
        """The role of a title (and description), ``unclear`` below the threshold."""
        idx, val, desc = self._features(title, description)
        probs, threshold, second = self._decide(title, self._scores(idx, val), desc)
        order = np.argsort(-probs, kind="stable")[:3]
        cands = tuple(Candidate(self.classes[i], float(probs[i])) for i in order)
        best = cands[0]
        # no known word at all (empty, another language, noise): the answer would be the prior
        reason = "no known words" if not len(idx) else ""
        if not reason and best.probability < threshold:
            reason = "below threshold"
        evidence: tuple[Evidence, ...] = ()
        if explain and not reason:
            evidence = self.explain(title, description, order[0], order[1])
            if second is not None:
                evidence = self._explain_second(second, desc, order[0], order[1]) + evidence
        return Classification(
            UNCLEAR if reason else best.role,
            best.probability,
            cands,
            threshold,
            self.version,
            evidence,
            reason,
        )

    def _explain_second(
        self, x: np.ndarray, desc: list[str], top: int, second: int
    ) -> tuple[Evidence, ...]:
        """The title rule and the description focus groups that pushed ``top`` over ``second``
        in the second stage (the first stage's own push is explained word by word)."""
        s = self.second
        assert s is not None
        push = x * (s.weights[:, top] - s.weights[:, second])
        k, g = len(self.classes), len(s.groups)
        out = []
        rule = int(np.argmax(x[k : 2 * k + 1]))
        if push[k + rule] > 0:
            name = self.classes[rule] if rule < k else "no role of the model"
            out.append(Evidence(name, "title rule", round(float(push[k + rule]), 4)))
        hits = focus_hits(desc, s.groups)
        base = 2 * k + 1
        for j, name in enumerate(s.groups):
            w = float(push[base + j] + push[base + g + j])
            if hits[j] and w > 0:
                out.append(
                    Evidence(
                        f"{name}, {hits[j]} term{'s' * (hits[j] > 1)}",
                        "description focus",
                        round(w, 4),
                    )
                )
        return tuple(sorted(out, key=lambda e: -e.weight))

    def explain(
        self, title: str, description: str | None, top: int, second: int, *, limit: int = 8
    ) -> tuple[Evidence, ...]:
        """Words that pushed class ``top`` over class ``second``: summed feature contributions."""
        diff = self.weights[:, top] - self.weights[:, second]
        pushes: dict[tuple[str, str], float] = {}
        for block in self.blocks:
            if block.name == "title":
                pairs = list(title_features_by_word(title_text(title)))
            else:
                pairs = [(f, f[2:]) for f in description_features(description_text(description))]
            idx: list[int] = []
            val: list[float] = []
            _add_block(block, [f for f, _ in pairs], idx, val)
            contrib = dict(
                zip(idx, (v * float(diff[i]) for i, v in zip(idx, val, strict=True)), strict=True)
            )
            seen: set[str] = set()
            for feat, word in pairs:
                col = block.vocab.get(feat)
                if col is None or feat in seen:
                    continue
                seen.add(feat)
                key = (block.name, word)
                pushes[key] = pushes.get(key, 0.0) + contrib[col + block.offset]
        best = sorted(pushes.items(), key=lambda kv: -kv[1])[:limit]
        return tuple(Evidence(w, f, round(v, 4)) for (f, w), v in best if v > 0)

    def classify_many(
        self,
        titles: Iterable[str],
        descriptions: Iterable[str | None] | None = None,
        *,
        on_item: Callable[[], None] | None = None,
    ) -> list[Classification]:
        """Classify many (no explanations); ``on_item`` is called after each (progress bars)."""
        descs = descriptions if descriptions is not None else itertools.repeat(None)
        out = []
        for title, desc in zip(titles, descs, strict=False):
            out.append(self.classify(title, desc))
            if on_item:
                on_item()
        return out


def _add_block(block: Block, feats: list[str], idx: list[int], val: list[float]) -> None:
    _add_columns(block, block.columns(feats), idx, val)


def _add_columns(block: Block, cols: list[int], idx: list[int], val: list[float]) -> None:
    """Append one block's TF-IDF vector (``1 + log(count)`` x idf, L2-normalised, x weight).

    Plain Python: a block holds tens to a few thousand features, where numpy's
    per-call overhead costs more than the arithmetic.
    """
    counts = Counter(cols)
    if not counts:
        return
    idf = block.idf_values
    w = [idf[c] * (1.0 + math.log(n)) if n > 1 else idf[c] for c, n in counts.items()]
    scale = block.weight / (math.sqrt(math.fsum(x * x for x in w)) or 1.0)
    offset = block.offset
    idx.extend([c + offset for c in counts])
    val.extend([x * scale for x in w])


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax along the last axis, stable for large scores."""
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- storage


def models_root(models_dir: Path | None = None) -> Path:
    """Where role models are kept (``$ROLEATLAS_MODELS`` or the user data directory)."""
    return (models_dir or get_settings().models_dir) / TASK


def save_model(
    model: RoleModel, models_dir: Path | None = None, *, make_current: bool = True
) -> Path:
    """Write the model under its version and (by default) make it the one loaded by default."""
    root = models_root(models_dir)
    target = root / model.version
    target.mkdir(parents=True, exist_ok=True)
    arrays = {"weights": model.weights, "intercept": model.intercept}
    arrays |= {f"idf_{b.name}": b.idf for b in model.blocks}
    if model.second is not None:
        arrays |= {
            "second_weights": model.second.weights,
            "second_intercept": model.second.intercept,
        }
    tmp = target / "arrays.tmp.npz"
    np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    doc = {
        "format": FORMAT,
        "task": TASK,
        "classes": list(model.classes),
        "temperature": model.temperature,
        "threshold": model.threshold,
        "arrays_sha256": digest,
        "blocks": [
            {"name": b.name, "weight": b.weight, "vocab": sorted(b.vocab, key=b.vocab.__getitem__)}
            for b in model.blocks
        ],
        "metadata": model.metadata,
    }
    if model.second is not None:
        doc["second_stage"] = {
            "temperature": model.second.temperature,
            "threshold": model.second.threshold,
            "groups": {k: list(v) for k, v in model.second.groups.items()},
        }
    (target / "model.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target / "arrays.npz")
    if make_current:
        (root / "CURRENT.tmp").write_text(model.version + "\n", encoding="utf-8")
        os.replace(root / "CURRENT.tmp", root / "CURRENT")
    return target


def load_model(path: Path | None = None) -> RoleModel:
    """Load a model directory (default: the current one). Errors say how to retrain."""
    directory = path if path is not None else _current_dir()
    try:
        doc = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        raw = (directory / "arrays.npz").read_bytes()
    except FileNotFoundError:
        raise ModelMissingError(
            f"The role model in {directory} is incomplete. {_RETRAIN}"
        ) from None
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"The role model in {directory} cannot be read ({exc}). {_RETRAIN}"
        ) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("task") != TASK:
        raise ModelError(f"{directory} does not hold a role model of format {FORMAT}. {_RETRAIN}")
    if hashlib.sha256(raw).hexdigest() != doc.get("arrays_sha256"):
        raise ModelError(
            f"The role model in {directory} is damaged (checksum mismatch). {_RETRAIN}"
        )
    try:
        return _from_doc(doc, directory / "arrays.npz")
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ModelError(f"The role model in {directory} is damaged ({exc!r}). {_RETRAIN}") from exc


def _current_dir() -> Path:
    root = models_root()
    try:
        version = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        raise ModelMissingError(
            f"No role model has been trained yet (looked in {root}). Train one with "
            "`roleatlas train roles` (needs the data: see `roleatlas data status`)."
        ) from None
    if not version or "/" in version or version.startswith("."):
        raise ModelError(f"{root / 'CURRENT'} does not name a model version. {_RETRAIN}")
    return root / version


def _from_doc(doc: dict[str, Any], arrays_path: Path) -> RoleModel:
    with np.load(arrays_path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    blocks = []
    offset = 0
    for b in doc["blocks"]:
        vocab = {f: i for i, f in enumerate(b["vocab"])}
        idf = arrays[f"idf_{b['name']}"].astype(np.float64)
        if len(idf) != len(vocab):
            raise ValueError(f"block {b['name']}: {len(vocab)} features but {len(idf)} idf values")
        blocks.append(Block(b["name"], vocab, idf, float(b["weight"]), offset))
        offset += len(vocab)
    classes = tuple(doc["classes"])
    weights = arrays["weights"].astype(np.float32)
    if weights.shape != (offset, len(classes)):
        raise ValueError(f"weights have shape {weights.shape}, expected {(offset, len(classes))}")
    return RoleModel(
        classes,
        weights,
        arrays["intercept"].astype(np.float32),
        tuple(blocks),
        float(doc["temperature"]),
        float(doc["threshold"]),
        dict(doc.get("metadata") or {}),
        _second_from_doc(doc.get("second_stage"), arrays, classes),
    )


def _second_from_doc(
    doc: dict[str, Any] | None, arrays: dict[str, np.ndarray], classes: tuple[str, ...]
) -> SecondStage | None:
    if doc is None:
        return None
    groups = {str(k): tuple(str(t) for t in v) for k, v in doc["groups"].items()}
    weights = arrays["second_weights"].astype(np.float64)
    expected = (2 * len(classes) + 1 + 2 * len(groups), len(classes))
    if weights.shape != expected:
        raise ValueError(f"second-stage weights have shape {weights.shape}, expected {expected}")
    return SecondStage(
        weights,
        arrays["second_intercept"].astype(np.float64),
        groups,
        float(doc["temperature"]),
        float(doc["threshold"]),
    )


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> RoleModel:
    return load_model(Path(path))


def default_model() -> RoleModel:
    """The current model, loaded once per process (reloaded when a new one is trained)."""
    directory = _current_dir()
    try:
        mtime = (directory / "model.json").stat().st_mtime
    except OSError:
        raise ModelMissingError(f"The role model {directory} is missing. {_RETRAIN}") from None
    return _cached(str(directory), mtime)
