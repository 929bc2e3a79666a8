"""Content words of a text, lightly stemmed: how O*NET task statements are matched to postings.

``content_terms("Analyzing large data sets")`` is ``{"analyz", "larg", "data", "set"}``:
lower case, letters only, stop words and words under three letters dropped, and
a few English suffixes cut so "analyze", "analyzes" and "analyzing" meet. It is
crude on purpose: the same function runs on both sides of the comparison.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z][a-z]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "es", "ed", "er", "s", "e", "y")
_STOP_TEXT = """about above across after again against all also among and any are around as at based be
    been being between both but by can could did does doing during each either etc for
    from further had has have having how including into its itself just like may more most must
    new not now off once one only onto other our ours out over own per same several should
    since some such than that the their them then there these they this those through too under
    until upon use used using very was way well were what when where whether which while who whom
    why will with within without work working would you your we us ability able strong excellent
    experience experienced years year team teams role job candidate candidates company opportunity
    including include includes required requirement requirements preferred plus skills skill
    knowledge understanding related field"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def stem(word: str) -> str:
    """``word`` with one common English suffix cut (never below four letters)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> frozenset[str]:
    """The stemmed content words of ``text`` (module docstring); empty for empty text."""
    return frozenset(
        stem(w) for w in _WORD.findall(text.lower()) if len(w) >= 3 and w not in STOP_WORDS
    )
