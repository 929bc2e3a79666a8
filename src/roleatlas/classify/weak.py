"""Weakly labelled training examples for the role classifier, each with its provenance.

Nobody labelled these by hand: documented rules label an example only where
they are sure, and leave it out where they are not.

The rules
---------
1. The title rules of :mod:`roleatlas.taxonomy.titles` (the baseline) name a
   role for the title.
2. A role other than ``other`` is kept when the source agrees:
   - O*NET titles (alternate and reported): the title's O*NET-SOC occupation
     is one of the role's SOC links (``roles.py``); "Credit Analyst" under
     13-2041 is left out, "Data Analyst" under 15-2051.01 kept;
   - ESCO labels: the occupation's ISCO group is a manager, professional or
     technician group (1xxx, 2xxx, 3xxx);
   - aijobs.net and posting titles: always, except the broad "analyst" rule,
     kept only when the title also names data, analytics, BI or reporting.
   - The broad rules "Head of ...", "Director of ..." (ai-ml-leader) and
     "researcher" / "research scientist" / "research associate"
     (research-scientist) were written for the aijobs.net survey, where every
     job is an AI/ML/data job. Elsewhere (O*NET, ESCO, postings) they are kept
     only when the title names AI, ML or data (:data:`FIELD`): ESCO's "head of
     kitchen" and "criminology researcher", or a posting's "Director of Sales",
     are left out (``ai_context=False``).
3. ``other`` is kept only when the title names nothing of AI, ML, data,
   analytics or research (:data:`HINTS`); "Software Engineer, AI" is left out.
4. Postings: the gold and development sets' postings, and every posting whose
   description starts like one of them (the Glassdoor files repeat postings),
   are never used (:func:`roleatlas.classify.gold.gold_exclusion`).
5. Generic-title copies: a posting labelled with a role other than ``other``
   is added a second time with its title replaced by a generic one of the
   same kind ("Software Engineer", "Scientist", "Analyst", "Manager"), so a
   model can learn what the description of each role says when the title says
   little. Its provenance is ``postings-generic-title``.

Titles from one source that prepare to the same text are one example.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from roleatlas.taxonomy.roles import ROLES
from roleatlas.taxonomy.titles import normalise_title, role_for_title

#: Words that make a title's ``other`` label unsure.
HINTS = re.compile(
    r"\b(ai|a i|artificial intelligence|ml|mlops|machine|learning|deep|neural|data|analytics?|"
    r"analyst|intelligence|research|researcher|scientist|science|statistic\w*|quant\w*|nlp|"
    r"language|vision|perception|robotics?|algorithms?|models?|modeling|modelling|llm|genai|"
    r"generative|prompt|chatbot|conversational|bi|insights?|etl)\b"
)
#: AI/ML/data words that keep a broad leadership or research rule sure outside the survey.
FIELD = re.compile(
    r"\b(ai|a i|artificial intelligence|ml|mlops|machine learning|deep learning|neural|"
    r"data|analytics?|business intelligence|bi|insights?|nlp|natural language|"
    r"computer vision|llm|genai|generative)\b"
)
#: Title rules that are broad outside the AI/data survey (see the module docstring).
BROAD_RULES = frozenset({"lead-head", "lead-director", "research-scientist"})
_DATA_WORDS = re.compile(r"\b(data|analytics|business intelligence|bi|reporting|insights?)\b")
_GENERIC: dict[str, tuple[str, ...]] = {
    "scientist": ("Scientist", "Associate"),
    "analyst": ("Analyst", "Associate"),
    "leader": ("Manager", "Director"),
    "engineer": ("Software Engineer", "Engineer", "Developer", "Member of Technical Staff"),
}
_KIND = {
    "data-scientist": "scientist",
    "applied-scientist": "scientist",
    "research-scientist": "scientist",
    "data-analyst": "analyst",
    "ai-ml-leader": "leader",
}


@dataclass(frozen=True)
class Example:
    """One training example: raw title, raw description (may be empty), label and provenance."""

    title: str
    description: str
    role: str
    source: str
    ref: str
    rule: str


def weak_label(
    title: str,
    *,
    socs: Iterable[str] | None = None,
    isco: str | None = None,
    ai_context: bool = False,
) -> tuple[str | None, str]:
    """The sure label of a title (``None`` when unsure) and the rule that decided.

    ``socs``: O*NET-SOC codes the source files the title under; ``isco``: the
    ESCO occupation's ISCO group; ``ai_context``: the source holds AI/ML/data
    jobs only (the aijobs.net survey), so the broad rules need no field word.
    """
    match = role_for_title(title)
    norm = normalise_title(title)
    if match.role == "other":
        if HINTS.search(norm):
            return None, "unsure: 'other' title names AI/ML/data words"
        return "other", "other: no AI/ML/data word"
    if match.rule == "data-analyst" and not _DATA_WORDS.search(norm):
        return None, "unsure: 'analyst' without data words"
    if match.rule in BROAD_RULES and not ai_context and not FIELD.search(norm):
        return None, f"unsure: rule {match.rule} outside the AI/data survey, no AI/ML/data word"
    if socs is not None:
        linked = {link.onet for role in ROLES if role.slug == match.role for link in role.soc}
        if linked.isdisjoint(socs):
            return None, f"unsure: O*NET files it under {', '.join(sorted(socs))}, not {match.role}"
    if isco is not None and isco[:1] not in {"1", "2", "3"}:
        return None, f"unsure: ESCO ISCO group {isco} is not a professional group"
    return match.role, f"title rule {match.rule}"


def generic_title(role: str, ref: str) -> str:
    """A generic title of the role's kind, chosen by hashing ``ref`` (reproducible)."""
    choices = _GENERIC[_KIND.get(role, "engineer")]
    digest = hashlib.sha256(ref.encode()).digest()
    return choices[digest[0] % len(choices)]


def dedupe(examples: Iterable[Example], key: Callable[[str], str]) -> Iterator[Example]:
    """Keep the first example per (source, prepared title, description hash)."""
    seen: set[tuple[str, str, int]] = set()
    for ex in examples:
        k = (ex.source, key(ex.title), hash(ex.description))
        if k not in seen:
            seen.add(k)
            yield ex


def fingerprint(description: str) -> str:
    """What two copies of one posting share: the first 300 word characters, lower case."""
    return re.sub(r"\W+", " ", description.lower())[:300]


def training_hash(examples: Iterable[Example]) -> str:
    """sha256 over every example's text, label and provenance (order-sensitive)."""
    h = hashlib.sha256()
    for ex in examples:
        for part in (ex.title, ex.description, ex.role, ex.source, ex.ref):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x1f")
    return h.hexdigest()
