"""Text preparation and features for the role classifier: one definition for training and use.

Training hands these functions to scikit-learn (``TfidfVectorizer(analyzer=...)``)
and the saved model applies the very same functions when it classifies, so the
features cannot drift between the two.

- **Title**: :func:`title_text` keeps the job and drops what is not the job,
  with :func:`roleatlas.parse.parse_title` (seniority, level numbers, places,
  work mode, ids, emoji; "Sr. ML Eng" spelt out). Ranks that change the role
  (head, director, manager, VP, chief) stay in the core. :func:`title_features`
  gives word unigrams and bigrams (``w:``) and character 2-5-grams inside word
  boundaries (``c:``), which carry typos and glued forms ("MLEngineer").
- **Description**: :func:`description_text` removes HTML markup and entities,
  lower-cases, and keeps the first :data:`MAX_DESCRIPTION_CHARS` characters
  (the job's own words come first; a 1 MB paste costs the same as a long
  posting). :func:`description_features` gives word unigrams and bigrams
  (``d:``).
- **Focus**: :func:`focus_values` measures how much a description talks about
  each group of ``data/focus.toml`` (LLM applications, model training,
  platforms, vision...), for the second stage of the model.
"""

from __future__ import annotations

import html
import itertools
import math
import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from importlib import resources

#: Characters of a description that are read; the rest is ignored.
MAX_DESCRIPTION_CHARS = 12_000
#: Characters of a title that are read.
MAX_TITLE_CHARS = 300

_TAG = re.compile(r"<[^<>]{0,2000}>")
_WORD = re.compile(r"[^\W_]+(?:[+#]+|(?:[.][^\W_]+)+)?")  # "c++", "c#", "node.js", "ml"
_SPACE = re.compile(r"\s+")
_DESC_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "this",
        "to",
        "we",
        "will",
        "with",
        "you",
        "your",
    ]
)


@lru_cache(maxsize=65_536)
def title_text(raw: str) -> str:
    """The job part of a title, lower case ("Sr. ML Eng II - Remote" -> "machine learning engineer").

    Markup and entities are removed first, as in descriptions.
    """
    from roleatlas.parse import parse_title

    raw = raw[: MAX_TITLE_CHARS * 2]
    if "<" in raw:
        raw = _TAG.sub(" ", raw)
    if "&" in raw:
        raw = html.unescape(raw)
    raw = raw[:MAX_TITLE_CHARS]
    core = parse_title(raw).core or raw
    return _SPACE.sub(" ", core.lower()).strip()


def description_text(raw: str | None) -> str:
    """Plain lower-case text of a description: markup and entities removed, length bounded."""
    if not raw:
        return ""
    text = raw[: MAX_DESCRIPTION_CHARS * 2]
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text[:MAX_DESCRIPTION_CHARS].lower()


def words(text: str) -> list[str]:
    """The word tokens of prepared text."""
    return _WORD.findall(text)


def title_features(text: str) -> list[str]:
    """Features of a prepared title (see the module docstring).

    The same features as :func:`title_features_by_word`, in another order:
    :func:`word_features` of each word, then the word bigrams.
    """
    toks = words(text)
    feats = [f for w in toks for f in word_features(w)]
    feats += title_bigrams(toks)
    return feats


def word_features(word: str) -> list[str]:
    """The title features one word gives on its own: the word and its character 2-5-grams."""
    padded = f" {word} "
    size = len(padded)
    return ["w:" + word] + [
        "c:" + padded[start : start + n]
        for n in range(2, min(5, size) + 1)
        for start in range(size - n + 1)
    ]


def title_bigrams(toks: list[str]) -> list[str]:
    """The word-bigram features of a title's words."""
    return [f"w:{a} {b}" for a, b in itertools.pairwise(toks)]


def title_features_by_word(text: str) -> Iterator[tuple[str, str]]:
    """Each title feature with the word or phrase it comes from (for explanations)."""
    toks = words(text)
    for i, w in enumerate(toks):
        yield "w:" + w, w
        if i:
            yield f"w:{toks[i - 1]} {w}", f"{toks[i - 1]} {w}"
        padded = f" {w} "
        size = len(padded)
        for n in range(2, 6):
            if n > size:
                break
            for start in range(size - n + 1):
                yield "c:" + padded[start : start + n], w


def description_features(text: str) -> list[str]:
    """Features of a prepared description: word unigrams and bigrams, common words dropped."""
    toks = [w for w in words(text) if w not in _DESC_STOP]
    feats = ["d:" + w for w in toks]
    feats += [f"d:{a} {b}" for a, b in itertools.pairwise(toks)]
    return feats


def focus_groups() -> dict[str, tuple[str, ...]]:
    """The groups of ``data/focus.toml``: name -> terms (words and two-word phrases)."""
    text = resources.files("roleatlas.classify").joinpath("data/focus.toml").read_text("utf-8")
    return {name: tuple(g["terms"]) for name, g in tomllib.loads(text).items()}


def focus_hits(desc_feats: Sequence[str], groups: Mapping[str, Sequence[str]]) -> list[int]:
    """How many times each group's terms occur among a description's features."""
    counts = Counter(desc_feats)
    return [sum(counts["d:" + t] for t in terms) for terms in groups.values()]


def focus_values(desc_feats: Sequence[str], groups: Mapping[str, Sequence[str]]) -> list[float]:
    """The focus measures of a description: per group, ``log(1 + hits per 1,000 words) / 5``,
    then per group its share of all the groups' hits (0 when none)."""
    hits = focus_hits(desc_feats, groups)
    n = max(sum(1 for f in desc_feats if " " not in f), 1)
    total = sum(hits)
    return [math.log1p(1000 * h / n) / 5 for h in hits] + [
        h / total if total else 0.0 for h in hits
    ]
