"""Money amounts in text: numbers, multipliers, currencies, ranges and periods.

One pass of one compiled pattern finds every *atom* (an optional currency, a
number, an optional multiplier such as K or LPA, an optional currency after
it); neighbouring atoms joined by a range separator ("-", "–", "—", "~", "to",
"and", "bis") become a range. Numbers are read by :func:`read_number`, which
accepts thousands separators (``,`` ``.`` ``'`` ``’``, no-break and narrow no-break
spaces, and ", " before three digits as in "$142, 500"; not plain spaces),
Indian lakh grouping (12,00,000) and decimals of one or two digits.

Every pattern is bounded (no nested unbounded repetition, possessive number
runs), so the cost is linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from roleatlas.parse.currency import token_table

#: Multiplier words -> factor. "lpa" (lakhs per annum) also states the period.
MULTIPLIERS: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "l": 1e5,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "lpa": 1e5,
    "cr": 1e7,
    "crore": 1e7,
    "crores": 1e7,
}
PERIOD_WORDS: dict[str, str] = {}
for _period, _words in {
    "hour": "hour hours hr hrs h hourly stunde std",
    "day": "day days d daily tag",
    "week": "week weeks wk wks w weekly woche",
    "month": "month months mth mths mo mon m monthly monat monatlich",
    "year": "year years yr yrs y annum a annually annual annualized annualised yearly "
    "jahr jährlich pa lpa",
}.items():
    PERIOD_WORDS.update(dict.fromkeys(_words.split(), _period))

#: Symbols whose currency depends on the country; a code written beside them wins.
AMBIGUOUS = frozenset({"$", "¥", "kr", None})
_SEP = r"[,.'’\u00a0\u202f]"
_NUM = rf"[0-9](?:[0-9]|{_SEP}(?=[0-9])|, (?=[0-9]{{3}}(?![0-9])))*+"
_NUMBER_TEXT = re.compile(rf"[0-9](?:[0-9]|, |{_SEP})*+")
_MULT = r"k|thousand|mm|mn|mil|million|m|bn|billion|b|lpa|lakhs?|lacs?|l|crores?|cr"
# A period right after an amount: "/hr", "per annum", "a year", "p.a.", "Per Hour", "hourly".
_PERIOD = (
    r"(?:(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bpro\b|\bim\b|\bp\b\.?)\s{0,2}"
    r"(?P<pw>hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mths?|mon|mo|m|years?|yrs?|y|annum|a|"
    r"jahr|monat|stunde|std|tag|woche)\b"
    r"|(?P<bw>hourly|hours?|hrs?|daily|weekly|monthly|yearly|annually|annual|annum|"
    r"annuali[sz]ed|jährlich|monatlich)\b"
    r"|(?P<pa>p\.\s?a\.?|\bpa\b|\bp/a\b))"
)
_FILLER = (
    r"(?:(?:brutto|gross|netto|net|base|usd|cad|eur|gbp|aud|inr|salary|on|an|in)(?:\s{1,2}|(?=/)))"
)
AFTER = re.compile(rf"(?P<plus>\s{{0,2}}\+)?[\s,]{{0,3}}(?:{_FILLER}){{0,3}}(?:{_PERIOD})", re.I)
PLUS = re.compile(r"\s{0,2}\+")
#: A currency code in brackets after a statement: "$279,000 – $361,000/year (CAD)".
CODE_AFTER = re.compile(r"[ \t]{0,2}\(([A-Z]{3})\)")
GAP = re.compile(
    rf"[\s(]{{0,3}}(?:(?:{_PERIOD})\s{{0,3}})?"
    r"(?:-{1,2}|[\u2010-\u2015]|~|to|and|bis|through|thru|until|à)\s{0,3}(?:between\s)?",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Atom:
    """One amount as written: ``value`` is already multiplied out."""

    start: int
    end: int
    raw: str
    value: float
    mult: str | None
    currency: str | None
    token: str | None
    period_word: str | None


@lru_cache(maxsize=1)
def atom_pattern() -> re.Pattern[str]:
    """The one pattern for amounts (built lazily from the currency table)."""
    tokens = sorted({*token_table(), "$", "¥", "kr"}, key=len, reverse=True)
    alt = "|".join(re.escape(t) for t in tokens)
    return re.compile(
        rf"(?<![A-Za-z0-9])(?:(?P<c1>{alt})(?:[ \t]?\$)?\s{{0,2}})?(?P<num>{_NUM})"
        rf"(?:[ \t]?(?P<mult>{_MULT})(?![A-Za-z0-9]))?"
        rf"(?:[ \t]{{0,2}}(?P<c2>{alt})(?![A-Za-z0-9]))?"
        rf"(?:\s{{0,1}}(?P<glued>hr|hrs|hour)\b)?",
        re.I,
    )


def read_number(raw: str) -> float | None:
    """Read "120,000", "70.000", "120'000", "12,00,000", "86.65", "1,5"; None if not a number.

    A final group of one or two digits after "." or "," is a decimal part;
    every other group after the first must have three digits (or two, in
    Indian lakh grouping before the last three). More than 12 integer digits
    is not an amount.
    """
    if _NUMBER_TEXT.fullmatch(raw) is None:
        return None
    raw = raw.replace(", ", ",")
    parts = re.split(_SEP, raw)
    decimals = ""
    if len(parts) > 1 and len(parts[-1]) <= 2 and raw[-len(parts[-1]) - 1] in ".,":
        decimals = parts.pop()
    head, rest = parts[0], parts[1:]
    if rest:
        if len(head) > 3 or len(rest[-1]) != 3:
            return None
        if any(len(p) != 3 for p in rest[:-1]) and not all(len(p) == 2 for p in rest[:-1]):
            return None
    digits = "".join(parts)
    if len(digits) > 12:
        return None
    return float(f"{digits}.{decimals}" if decimals else digits)


def iter_atoms(text: str, country: str | None = None, *, limit: int | None = None) -> list[Atom]:
    """The amounts in ``text`` in order (percentages and 401(k) excluded), at most ``limit``."""
    from roleatlas.parse.currency import resolve_token

    out: list[Atom] = []
    n = len(text)
    for m in atom_pattern().finditer(text):
        if limit is not None and len(out) >= limit:
            break
        end = m.end()
        if end < n and (text[end] == "%" or text[end].isdigit()):
            continue
        value = read_number(m["num"])
        mult = (m["mult"] or "").lower() or None
        if value is None or (m["num"] in ("401", "403") and _is_plan(text, m, mult)):
            continue
        token = m["c2"] if m["c2"] and m["c1"] in AMBIGUOUS else m["c1"] or m["c2"]
        currency = resolve_token(token, country)[0] if token else None
        if mult:
            value *= MULTIPLIERS[mult]
        glued = m["glued"]
        out.append(Atom(m.start(), end, m[0], value, mult, currency, token, glued))
    return out


def _is_plan(text: str, m: re.Match[str], mult: str | None) -> bool:
    """A 401(k) / 403(b) retirement plan, not an amount ("$20K-401K" is still a range)."""
    if text[m.end() : m.end() + 3].lower() in ("(k)", "(b)"):
        return True
    if mult not in ("k", "b") or m["c1"] or m["c2"]:
        return False
    return not re.search(
        r"(?:-|[\u2010-\u2015]|~|\bto)\s{0,3}$", text[max(0, m.start() - 6) : m.start()]
    )


def period_after(text: str, pos: int) -> tuple[str | None, bool, int]:
    """(period, plus sign seen, end) for what follows an amount at ``pos``."""
    m = AFTER.match(text, pos, min(len(text), pos + 48))
    if m is None:
        plus = PLUS.match(text, pos, min(len(text), pos + 3))
        return None, plus is not None, plus.end() if plus else pos
    word = (m["pw"] or m["bw"] or "").lower()
    period = PERIOD_WORDS.get(word) if word else "year"
    return period, m["plus"] is not None, m.end()


def is_range_gap(text: str, a: Atom, b: Atom) -> tuple[bool, str | None]:
    """Whether the text between two atoms joins them into a range (and a glued period)."""
    if b.start - a.end > 28:
        return False, None
    m = GAP.fullmatch(text, a.end, b.start)
    if m is None:
        return False, None
    word = (m["pw"] or m["bw"] or "").lower()
    if m["pa"]:
        return True, "year"
    return True, PERIOD_WORDS.get(word) if word else None


#: Spaces that NFKC would turn into plain ones but that group thousands in amounts.
KEEP_SPACES = frozenset("\u00a0\u202f")


def same_length_nfkc(text: str) -> str:
    """NFKC-normalise each character whose normal form is one character ("＄" -> "$").

    Characters that would expand or vanish are kept, so every index into the
    result is an index into ``text``. No-break spaces are kept too: they group
    thousands ("€70\u202f000"), which a plain space does not.
    """
    if text.isascii():
        return text
    table = {}
    for char in set(text):
        if not char.isascii() and char not in KEEP_SPACES:
            normal = unicodedata.normalize("NFKC", char)
            if len(normal) == 1 and normal != char:
                table[ord(char)] = normal
    return text.translate(table) if table else text
