"""Salary text -> :class:`Pay`, or :class:`NoPay` with the reason.

:func:`parse_salary` reads a salary *field* ("$137K-$171K (Glassdoor est.)",
"Employer Provided Salary:$20-$25 Per Hour", "€70.000 - €90.000 brutto/Jahr",
"₹12 LPA", "Negotiable", "-1"); :func:`pay_from_fields` reads structured
min/median/max + pay-period fields; :mod:`roleatlas.parse.find` finds pay
inside free text with the same machinery.

How a statement is read
-----------------------
- **Ranges**: two amounts joined by "-", "–", "—", "~", "to", "and", "bis";
  the maximum may omit the currency. A first amount that drops its
  multiplier takes the second's ("$150-160k", "10-15 LPA"); a first amount
  under 1,000 before a maximum of 1,000 or more that is at most ten times it
  once read in thousands takes its thousands back ("$110 - $120,000",
  flagged ``thousands-dropped``). A "K" after a number that already has its
  thousands ("$100,000K") repeats them (flagged ``k-repeated``). min > max
  is swapped (``swapped``).
- **Open ranges**: "up to $90k" gives only a maximum; "$120K+", "from $X",
  "at least $X" only a minimum.
- **Period**: as stated right after the amount ("/hr", "per month", "a year",
  "p.a.", "Per Hour", "brutto/Jahr", "LPA"), else as stated in the sentence
  before it ("hourly rate", "annual base salary"); when nothing states it,
  amounts of 1,000 or more are yearly and smaller ones hourly, flagged
  ``period-inferred``.
- **Currency**: as written ("CAD", "£", "A$", "CHF", "₹"); "$", "¥" and "kr"
  are placed by ``country`` (see :mod:`roleatlas.parse.currency`) and flagged
  ``currency-inferred``; no currency at all takes ``default_currency``, then
  the country's currency (inferred), and otherwise the text is not read as pay.
- **Estimate**: "(Glassdoor est.)" and other third-party estimates set
  ``estimate``; "Employer Provided Salary" and "(Employer est.)" do not.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from roleatlas.parse.currency import currencies, currency_for_country, resolve_token
from roleatlas.parse.money import (
    CODE_AFTER,
    KEEP_SPACES,
    MULTIPLIERS,
    Atom,
    is_range_gap,
    iter_atoms,
    period_after,
)
from roleatlas.parse.pay import NoPay, Pay, Period, is_placeholder, make_pay

MAX_FIELD_CHARS = 300
INDIAN_MULTS = frozenset({"l", "lakh", "lakhs", "lac", "lacs", "lpa", "cr", "crore", "crores"})
BIG_MULTS = frozenset({"m", "mm", "mn", "mil", "million", "b", "bn", "billion"})

_NOT_STATED = re.compile(
    r"(?:-1|-|–|—|n/?a|none|null|nan|not (?:disclosed|specified|stated|available|provided)|"
    r"undisclosed|unknown|tbd|tba|\?+)",
    re.I,
)
_NEGOTIABLE = re.compile(
    r"negotiable|competitive|doe\b|depend\w* on (?:experience|qualifications)|commensurate|"
    r"to be (?:discussed|agreed|determined)|market rate|attractive|verhandlungs|nach vereinbarung",
    re.I,
)
_ESTIMATE = re.compile(r"glassdoor est|indeed est|estimated by|\(est\.?\)", re.I)
_EMPLOYER = re.compile(r"employer (?:provided|est)", re.I)
_OPEN_MAX = re.compile(
    r"(?:up to|upto|max(?:imum)?|as much as|not (?:more|greater) than|under|below)\s{0,3}[:\-]?\s{0,3}$",
    re.I,
)
_OPEN_MIN = re.compile(
    r"(?:from|starting(?: at| from)?|starts at|at least|min(?:imum)?|more than|over|above|"
    r"in excess of)\s{0,3}[:\-]?\s{0,3}$",
    re.I,
)
_PLUS_ITEM = re.compile(
    r"\s{0,3}(?:[0-9$£€₹]|(?:an?\s)?(?:equity|bonus|stock|options|benefits|commission|rsu))", re.I
)
_CONTEXT_PERIOD = re.compile(
    r"\b(hourly|per hour|hour rate|daily|day rate|per day|weekly|per week|monthly|per month|"
    r"annual|annually|annualized|yearly|per year|per annum)\b",
    re.I,
)
_CONTEXT_WORDS: dict[str, Period] = {
    "hourly": "hour",
    "per hour": "hour",
    "hour rate": "hour",
    "daily": "day",
    "day rate": "day",
    "per day": "day",
    "weekly": "week",
    "per week": "week",
    "monthly": "month",
    "per month": "month",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One amount or range found in a text, before it is judged as pay or not."""

    start: int
    end: int
    lo: Atom
    hi: Atom | None
    period: str | None
    plus: bool
    code_after: str | None = None
    #: The "+" adds another item ("$250,000 + $750K equity") instead of opening the range.
    plus_item: bool = False

    @property
    def atoms(self) -> tuple[Atom, ...]:
        return (self.lo,) if self.hi is None else (self.lo, self.hi)


def candidates(text: str, atoms: list[Atom]) -> list[Candidate]:
    """Join neighbouring atoms into ranges and read the period after each."""
    out = []
    i = 0
    while i < len(atoms):
        lo, hi, gap_period = atoms[i], None, None
        if i + 1 < len(atoms):
            joined, gap_period = is_range_gap(text, lo, atoms[i + 1])
            if joined:
                hi = atoms[i + 1]
        last = hi or lo
        period, plus, end = period_after(text, last.end)
        stated = last.period_word or lo.period_word or gap_period
        if (lo.mult == "lpa" or last.mult == "lpa") and period is None:
            period = "year"
        end = max(end, last.end)
        code = CODE_AFTER.match(text, end, end + 8)
        if code is not None and code[1] in currencies():
            end = code.end()
        item = plus and _PLUS_ITEM.match(text, text.find("+", last.end, end) + 1) is not None
        cand = Candidate(
            lo.start, end, lo, hi, period or _word(stated), plus, code and code[1], item
        )
        out.append(cand)
        i += 2 if hi is not None else 1
    return out


def _word(word: str | None) -> str | None:
    return None if word is None else "hour" if word.lower().startswith("h") else None


def sentence_before(text: str, start: int, width: int = 80) -> str:
    """Up to ``width`` characters before ``start``, cut at the last sentence break."""
    window = text[max(0, start - width) : start]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("! "), window.rfind("? "))
    return window[cut + 1 :] if cut >= 0 else window


def _values(c: Candidate) -> tuple[float | None, float | None, tuple[str, ...]]:
    """The two ends after the multiplier and thousands fix-ups."""
    flags: list[str] = []
    values = []
    for atom in c.atoms:
        value = atom.value
        if atom.mult == "k" and value >= 1e6:
            value /= 1000
            flags.append("k-repeated")
        values.append(value)
    lo = values[0]
    hi = values[1] if len(values) > 1 else None
    if hi is not None and c.hi is not None and c.lo.mult is None and lo < 1000:
        if c.hi.mult is not None:
            lo *= MULTIPLIERS[c.hi.mult]
        elif 1000 <= hi <= lo * 1000 * 10 and lo * 1000 <= hi:
            lo *= 1000
            flags.append("thousands-dropped")
    return lo, hi, tuple(flags)


def _currency(
    c: Candidate, country: str | None, default_currency: str | None
) -> tuple[str | None, bool]:
    if c.code_after is not None:
        return c.code_after, False
    tokens = [a.token for a in c.atoms if a.token]
    if tokens:  # a code on either end ("$122,471 - $279,565 CAD") beats an ambiguous "$"
        found = [resolve_token(t, country) for t in tokens]
        return next((f for f in found if not f[1]), found[0])
    if default_currency:
        return default_currency.upper(), False
    if any(a.mult in INDIAN_MULTS for a in c.atoms):
        return "INR", True
    local = currency_for_country(country)
    return local, local is not None


def _period(c: Candidate, before: str, value: float) -> tuple[Period, bool]:
    if c.period is not None:
        return c.period, False  # type: ignore[return-value]
    found = _CONTEXT_PERIOD.findall(before)
    if found:
        return _CONTEXT_WORDS.get(found[-1].lower(), "year"), False
    return ("year" if value >= 1000 else "hour"), True


def build_pay(
    text: str,
    c: Candidate,
    *,
    country: str | None,
    default_currency: str | None,
    before: str,
    estimate: bool = False,
    note: str | None = None,
) -> Pay | NoPay:
    """Turn a candidate into :class:`Pay`, or :class:`NoPay` for placeholders and no currency."""
    fragment = text[c.start : c.end]
    for atom in c.atoms:
        raw_number = atom.value / MULTIPLIERS[atom.mult] if atom.mult else atom.value
        if is_placeholder(raw_number):
            return NoPay("placeholder", fragment, f"{atom.raw.strip()} is a placeholder amount")
    currency, inferred = _currency(c, country, default_currency)
    if currency is None:
        return NoPay("not a salary", fragment, "no currency is stated; pass a currency or country")
    lo, hi, flags = _values(c)
    if c.hi is None:
        if _OPEN_MAX.search(before):
            lo, hi = None, lo
        elif not ((c.plus and not c.plus_item) or _OPEN_MIN.search(before)):
            hi = lo
    value = lo if lo is not None else hi or 0.0
    period, period_inferred = _period(c, before, value)
    pay = make_pay(
        lo,
        hi,
        currency=currency,
        period=period,
        text=fragment,
        estimate=estimate,
        currency_inferred=inferred,
        period_inferred=period_inferred,
        flags=flags,
        note=note,
    )
    if pay.plausible is False and c.period is None and not period_inferred:
        # The period came from the sentence ("Salary Range/Hourly Rate: $206,500 - ..."):
        # weaker evidence than the amount itself, so an implausible reading yields to magnitude.
        fallback: Period = "year" if value >= 1000 else "hour"
        retry = make_pay(
            lo,
            hi,
            currency=currency,
            period=fallback,
            text=fragment,
            estimate=estimate,
            currency_inferred=inferred,
            period_inferred=True,
            flags=(*flags, "context-period-ignored"),
            note=note,
        )
        if retry.plausible:
            return retry
    return pay


def normalise_salary_text(text: str) -> str:
    """NFKC (fullwidth digits and signs to ASCII, '¼' to '1⁄4'), no-break spaces kept, stripped.

    Idempotent. No-break spaces survive because they group thousands
    ("€70\u202f000"). Over 10,000 characters the text cannot be a salary
    field and is returned as it is (the length check rejects it).
    """
    if len(text) > 10_000:
        return text
    if not text.isascii():
        table = {}
        for char in set(text):
            if not char.isascii() and char not in KEEP_SPACES:
                normal = unicodedata.normalize("NFKC", char)
                if normal != char:
                    table[ord(char)] = normal
        text = text.translate(table)
        if not text.isascii():  # composed forms need the whole string ("e" + U+0301)
            text = "".join(
                part if part in KEEP_SPACES else unicodedata.normalize("NFKC", part)
                for part in re.split(r"([\u00a0\u202f])", text)
            )
    return text.strip()


def _provenance(text: str) -> tuple[bool, str | None]:
    if _ESTIMATE.search(text):
        m = re.search(r"\(([^()]{1,40}est\.?)\)", text)
        return True, m.group(1) if m else "estimate"
    m = _EMPLOYER.search(text)
    if m:
        return False, "Employer est." if "est" in m[0].lower() else "Employer Provided Salary"
    return False, None


def parse_salary(
    text: str, *, country: str | None = None, default_currency: str | None = None
) -> Pay | NoPay:
    """Read one salary field.

    Parameters
    ----------
    text:
        The field as written, e.g. ``"$137K-$171K (Glassdoor est.)"``.
    country:
        ISO alpha-2 country of the job, used to place "$", "¥" and "kr" and
        as the currency of bare numbers.
    default_currency:
        ISO 4217 code for amounts written without any currency.

    Returns
    -------
    Pay | NoPay
        :class:`Pay` for the first statement of pay in the field, or
        :class:`NoPay` whose ``reason`` is "not stated", "negotiable",
        "placeholder" or "not a salary". Never raises for any text.
    """
    return _parse_cached(text, country, default_currency)


@lru_cache(maxsize=65536)
def _parse_cached(text: str, country: str | None, default_currency: str | None) -> Pay | NoPay:
    # Results are immutable, and salary fields repeat a great deal (442 distinct
    # strings among Glassdoor's 1,628), so a bounded cache is safe and pays.
    return parse_salary_general(text, country, default_currency, fast=True)


def parse_salary_general(
    text: str, country: str | None, default_currency: str | None, *, fast: bool = False
) -> Pay | NoPay:
    """:func:`parse_salary` without its cache (and, unless ``fast``, without the fast path)."""
    clean = normalise_salary_text(text)
    if not clean or _NOT_STATED.fullmatch(clean):
        return NoPay("not stated", text, "the field is empty or says it is not stated")
    if len(clean) > MAX_FIELD_CHARS:
        return NoPay(
            "not a salary",
            text[:80],
            f"longer than {MAX_FIELD_CHARS} characters: use find_salaries",
        )
    shape = _FAST.fullmatch(clean) if fast else None
    if shape is not None and (
        (shape["k1"] == shape["k2"] == "K" and not shape["hour"])
        or (shape["k1"] == shape["k2"] == "" and shape["hour"])
    ):
        return _fast_pay(shape, clean, country)
    atoms = iter_atoms(clean, country)
    if not atoms:
        if _NEGOTIABLE.search(clean):
            return NoPay("negotiable", text, "pay is left to negotiation")
        return NoPay("not a salary", text, "no amount of money in the text")
    estimate, note = _provenance(clean)
    first: NoPay | None = None
    for cand in candidates(clean, atoms):
        if any(a.mult in BIG_MULTS for a in cand.atoms):
            first = first or NoPay("not a salary", clean[cand.start : cand.end], "millions")
            continue
        result = build_pay(
            clean,
            cand,
            country=country,
            default_currency=default_currency,
            before=sentence_before(clean, cand.start),
            estimate=estimate,
            note=note,
        )
        if isinstance(result, Pay):
            return result
        first = first or result
    assert first is not None
    return first


#: The shape of nearly every Glassdoor estimate, read without the general machinery
#: (a test checks both paths agree on every such string).
_FAST = re.compile(
    r"(?P<employer>Employer Provided Salary:)?\$(?P<lo>[1-9][0-9]{0,2})(?P<k1>K?)-"
    r"\$(?P<hi>[1-9][0-9]{0,2})(?P<k2>K?)(?P<hour> Per Hour)?"
    r"(?:\s?\((?P<est>Glassdoor|Employer) est\.\))?"
)


def _fast_pay(m: re.Match[str], clean: str, country: str | None) -> Pay | NoPay:
    scale = 1000.0 if m["k1"] else 1.0
    lo, hi = float(m["lo"]) * scale, float(m["hi"]) * scale
    if is_placeholder(float(m["lo"])) or is_placeholder(float(m["hi"])):
        return parse_salary_general(clean, country, None)
    currency, inferred = resolve_token("$", country)
    estimate, note = _provenance(clean)
    return make_pay(
        lo,
        hi,
        currency=currency or "USD",
        period="hour" if m["hour"] else "year",
        text=clean[m.start("lo") - 1 : m.end("hour") if m["hour"] else m.end("k2")],
        estimate=estimate,
        currency_inferred=inferred,
        period_inferred=not m["hour"],
        note=note,
    )


_PERIOD_FIELD: dict[str, Period] = {
    "HOURLY": "hour",
    "DAILY": "day",
    "WEEKLY": "week",
    "MONTHLY": "month",
    "YEARLY": "year",
    "ANNUAL": "year",
    "ANNUALLY": "year",
}


def pay_from_fields(
    *,
    min_value: float | None,
    max_value: float | None,
    median: float | None = None,
    period: str | None,
    currency: str | None,
) -> Pay | NoPay:
    """Read structured pay fields (LinkedIn: min/med/max_salary, pay_period, currency).

    A median alone gives min = max = median. A missing period or no amount is
    "not stated"; a period we do not know is "not a salary".
    """
    values = [v for v in (min_value, max_value) if v is not None and math.isfinite(v)]
    if not values and median is not None and math.isfinite(median):
        values = [median, median]
    shown = f"min={min_value} med={median} max={max_value} {period} {currency}"
    if not period or not values:
        return NoPay("not stated", shown, "no pay period or no amount")
    unit = _PERIOD_FIELD.get(period.strip().upper())
    if unit is None:
        return NoPay("not a salary", shown, f"unknown pay period {period!r}")
    if any(is_placeholder(v) for v in values):
        return NoPay("placeholder", shown, "a placeholder amount")
    lo, hi = (values[0], values[-1]) if len(values) > 1 else (values[0], values[0])
    return make_pay(
        lo,
        hi,
        currency=(currency or "USD").upper(),
        period=unit,
        text=shown,
        currency_inferred=not currency,
    )
