"""Find the skills of :mod:`roleatlas.taxonomy.skills` in a text, with character spans.

How (one pass over the text, not one regex per skill)
-----------------------------------------------------
1. **Automaton**: every spelling of three characters or more goes into one
   Aho-Corasick automaton (``pyahocorasick``) over the lower-cased text; the
   spellings of one or two characters (``R``, ``C``, ``Go``, ``S3``, ``AI``),
   which would fire inside every word, go into one compiled alternation that
   matches whole words only. Both scan the text once.
2. **Boundaries**: a match counts only between non-word characters
   (``java`` is not in ``javascript``); ``+`` and ``#`` count as word
   characters after a spelling, so ``C`` is never read in ``C++`` or ``C#``.
   Overlapping matches keep the longest (``Apache Spark Streaming`` is one
   match), then the leftmost.
3. **Exact case**: spellings named by a skill's ``case:`` or ``context:``
   rule match only as written or in capitals (``SAS``, ``Spark``/``SPARK``,
   ``Go``): "spark joy" and "go to market" are not skills.
   A spelling that starts with a required cloud's name ("AWS SageMaker") or
   contains a required skill's name ("Spark MLlib", "MongoDB Atlas") names
   that skill too.
4. **Context** (``context:`` rule: ``R``, ``C``, ``Go``, ``Rust``, ``Julia``,
   ``Swift``, ``Spark``, ``Excel``, ``Hive``, ``Unity``...): the spelling also
   needs a technical context within :data:`WINDOW` characters: another
   technical skill found without this rule, or a cue word such as
   "programming", "language", "scripting", "libraries". Stop patterns
   reject the known false friends: ``R&D``, ``C-suite``, ``Series C``,
   ``Go-to-market``, "excel at/in", "Swift response".
5. **Deduplication**: one :class:`FoundSkill` per skill, with every span,
   ordered by first occurrence.

Bad input: ``None`` or empty text gives ``[]``; bytes are decoded as UTF-8
with replacement; HTML tags are blanked (same length, so spans stay valid);
the cost is linear in the text (O(m log m) in the matches), and texts longer
than :data:`MAX_CHARS` are read up to that length only.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from roleatlas.taxonomy.skills import Skill, load_skills

WINDOW = 80  # characters either side in which a context rule looks for a technical context
MAX_CHARS = 5_000_000
SHORT = 2  # spellings this long or shorter go to the whole-word alternation
_TAG = re.compile(r"<[^<>]{0,500}>")
_CUE = re.compile(
    r"(?i)\b(programming|language|languages|scripting|coding|code|libraries|library|packages|"
    r"developer|development|statistical|frameworks?|tools?|stack|proficien\w*|experience (?:with|in))\b"
)
_STOP_AFTER = re.compile(r"(?:&|'s\b|-(?:suite|level|corp|to|live)\b)")
#: Words after a spelling that make it an English word: "go to", "excel at", "Swift response".
_WORD_AFTER = {
    "Go": re.compile(r" (?:to|live|getter|ahead|back|beyond|further)\b"),
    "Excel": re.compile(r" (?:at|in|as|with)\b"),
    "Swift": re.compile(r" (?:response|action|decision|turnaround|execution)s?\b"),
}
_STOP_BEFORE = re.compile(
    r"(?i)(?:\b(?:series|vitamin|grade|class|type|plan|section|part|level|tier|round|"
    r"phase|item|schedule|form|let's|lets|will|to|and go)\s|&|\bobjective[\s-])$"
)
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class FoundSkill:
    """A skill found in a text: every span where it is mentioned (start, end), in order."""

    id: str
    name: str
    type: str
    spans: tuple[tuple[int, int], ...]

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type}
        out["spans"] = [list(s) for s in self.spans]
        if text is not None:
            out["matched"] = [text[a:b] for a, b in self.spans]
        return out


@dataclass(frozen=True)
class _Pattern:
    skill_ids: tuple[str, ...]
    surface: str  # as written in the taxonomy
    exact: bool  # needs exactly this case
    context: bool  # needs a technical context nearby


class Extractor:
    """The compiled taxonomy (built once per process by :func:`default_extractor`)."""

    def __init__(self, skills: dict[str, Skill]) -> None:
        import ahocorasick

        self.skills = skills
        patterns: dict[str, list[_Pattern]] = {}
        for s in skills.values():
            for surface, exact in s.surfaces():
                context = exact and s.rule == "context"
                key = surface.lower()
                ids = (s.id, *_also_named(s, key, skills))
                same = [p for p in patterns.get(key, []) if p.surface == surface]
                if same:  # one spelling of several skills ("c/c++" is C and C++)
                    p = same[0]
                    patterns[key].remove(p)
                    merged = tuple(dict.fromkeys((*p.skill_ids, *ids)))
                    patterns[key].append(_Pattern(merged, surface, exact, context))
                else:
                    patterns.setdefault(key, []).append(_Pattern(ids, surface, exact, context))
        self._auto = ahocorasick.Automaton()
        short: list[str] = []
        self._short: dict[str, list[_Pattern]] = {}
        for key, pats in patterns.items():
            if len(key) <= SHORT:
                self._short[key] = pats
                short.append(re.escape(key))
            else:
                self._auto.add_word(key, (len(key), pats))
        self._auto.make_automaton()
        short.sort(key=len, reverse=True)
        # ASCII case folding: "ſ" is not "s", "ı" is not "i" (their lower case is not a key)
        self._short_re = re.compile(r"(?ai)(?<![\w+#.])(?:" + "|".join(short) + r")(?![\w+#])")

    def _candidates(self, text: str, low: str) -> list[tuple[int, int, _Pattern]]:
        found: list[tuple[int, int, _Pattern]] = []
        n = len(text)
        for end, (length, pats) in self._auto.iter(low):
            start = end - length + 1
            if start > 0 and _is_word(low[start - 1]) and _is_word(low[start]):
                continue
            nxt = low[end + 1] if end + 1 < n else " "
            glued = _is_word(nxt) and _is_word(low[end])  # "C++and" is C++; "javas" is not Java
            if glued or nxt in "+#" or (nxt == "." and end + 2 < n and _is_word(low[end + 2])):
                continue
            for p in pats:
                if not p.exact or _same_case(text[start : end + 1], p.surface):
                    found.append((start, end + 1, p))
        for m in self._short_re.finditer(text):
            for p in self._short.get(m.group().lower(), ()):
                if not p.exact or _same_case(m.group(), p.surface):
                    found.append((m.start(), m.end(), p))
        return found

    def extract(self, text: str | bytes | None) -> list[FoundSkill]:
        """The skills in ``text``, one per skill with its spans, in order of first mention."""
        text = _prepare(text)
        if not text:
            return []
        low = _lower(text)
        kept = _longest(self._candidates(text, low))
        anchors = sorted(a for a, _, p in kept if not p.context)
        spans: dict[str, list[tuple[int, int]]] = {}
        for a, b, p in kept:
            if p.context and not _in_context(text, a, b, anchors):
                continue
            for sid in p.skill_ids:
                spans.setdefault(sid, []).append((a, b))
        spans = {sid: list(dict.fromkeys(v)) for sid, v in spans.items()}
        order = sorted(spans, key=lambda sid: spans[sid][0])
        return [
            FoundSkill(sid, self.skills[sid].name, self.skills[sid].type, tuple(spans[sid]))
            for sid in order
        ]


#: A service spelled with its cloud's name also names the cloud ("AWS SageMaker" -> AWS too).
CLOUD_WORDS = {
    "aws": ("aws ", "amazon "),
    "gcp": ("google ", "gcp "),
    "azure": ("azure ", "microsoft azure "),
}


def _also_named(skill: Skill, surface: str, skills: dict[str, Skill]) -> tuple[str, ...]:
    """The skills a spelling names besides its own: a required cloud it starts with ("AWS
    SageMaker"), or a required skill one of whose spellings it contains ("Spark MLlib",
    "MongoDB Atlas"; never "C" in "C++")."""
    out = []
    for req in skill.requires:
        words = CLOUD_WORDS.get(req, ())
        inner = (s.lower() for s, _ in skills[req].surfaces())
        if surface.startswith(words) or any(
            re.search(r"(?<![\w+#])" + re.escape(x) + r"(?![\w+#])", surface) for x in inner
        ):
            out.append(req)
    return tuple(out)


def _same_case(found: str, surface: str) -> bool:
    """An exact-case spelling: as written, or in capitals ("PERL", "ANNOY"), never in lower case."""
    return found == surface or (
        found.isupper() and len(found) > 1 and found.lower() == surface.lower()
    )


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _prepare(text: str | bytes | None) -> str:
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text[:MAX_CHARS]
    if "<" in text:  # blank the tags, keeping every offset
        text = _TAG.sub(lambda m: " " * len(m.group()), text)
    return text


def _lower(text: str) -> str:
    """Lower case with the same length (a few characters grow when lowered: keep those)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _longest(found: list[tuple[int, int, _Pattern]]) -> list[tuple[int, int, _Pattern]]:
    """Drop matches overlapping a longer one (then a leftmost one); O(m log m) in the matches."""
    kept: list[tuple[int, int, _Pattern]] = []
    starts: list[int] = []  # the kept spans, sorted and disjoint (an equal span may repeat)
    ends: list[int] = []
    for f in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        i = bisect.bisect_right(starts, f[0])
        same = i > 0 and (starts[i - 1], ends[i - 1]) == (f[0], f[1])
        left = i > 0 and ends[i - 1] > f[0] and not same
        right = i < len(starts) and starts[i] < f[1]
        if left or right:
            continue
        kept.append(f)
        if not same:
            starts.insert(i, f[0])
            ends.insert(i, f[1])
    kept.sort(key=lambda f: f[0])
    return kept


def _in_context(text: str, a: int, b: int, anchors: list[int]) -> bool:
    after = text[b : b + 16]
    word = _WORD_AFTER.get(text[a:b])
    if _STOP_AFTER.match(after) or (word is not None and word.match(after)):
        return False
    if _STOP_BEFORE.search(text[max(0, a - 12) : a]):
        return False
    i = bisect.bisect_left(anchors, a - WINDOW)
    if i < len(anchors) and anchors[i] <= b + WINDOW:
        return True
    return _CUE.search(text, max(0, a - WINDOW), b + WINDOW) is not None


@cache
def default_extractor() -> Extractor:
    """The extractor over the packaged taxonomy (compiled on first use)."""
    return Extractor(load_skills())


def extract_skills(text: str | bytes | None, *, technical_only: bool = False) -> list[FoundSkill]:
    """The skills mentioned in ``text`` with their character spans, one entry per skill.

    Parameters
    ----------
    text
        Any text (a posting description, a CV); ``None``, bytes and HTML are accepted.
    technical_only
        Keep the concrete technical skills only (no concepts or soft skills).
    """
    found = default_extractor().extract(text)
    if technical_only:
        skills = load_skills()
        found = [f for f in found if skills[f.id].technical]
    return found
