"""Pay inside free text: :func:`find_salaries` returns each statement of pay with its span.

A description mentions money for many reasons besides pay. Every amount or
range with a currency is a candidate; what decides whether it is pay:

1. Amounts in millions or billions ("$5M seed round", "$2B revenue") are not pay.
2. Otherwise the nearest *cue word* decides: up to 80 characters before the
   amount (within its sentence) or 50 after it. Pay cues: salary, pay,
   compensation, base, wage, rate, earn, OTE, range, hourly, annual, C2C, W2...
   Other-money cues: funding, raised, series, seed, revenue, valuation, ARR,
   401(k), match, tuition, education, stipend, allowance, reimbursement,
   budget, bonus, equity, relocation, credit, price, cost...
3. With no cue at all, a range is pay (ranges of money in postings almost
   always are) and a single amount is pay only if a period follows it
   ("$65/hr"); anything else is not.

Placeholders ("USD 1111111K - 1111111K") are never pay. Amounts without a
currency are not candidates: a bare "5-7" in a description is years, not pay.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from roleatlas.parse.money import iter_atoms
from roleatlas.parse.pay import NoPay, Pay
from roleatlas.parse.salary import BIG_MULTS, Candidate, build_pay, candidates, sentence_before

_PAY_CUES = re.compile(
    r"salar(?:y|ies)|\bpay\b|\bpaid\b|compensation|\bcomp\b|\bbase\b|\bwages?\b|\brate\b|"
    r"\bearn|\bote\b|on-target|\branges?\b|\bhourly\b|\bannual|\bincome\b|conversion|\bc2c\b|"
    r"\bw-?2\b|\b1099\b|\bctc\b|\bpackage\b|\bgehalt|\bofferin",
    re.I,
)
_OTHER_CUES = re.compile(
    r"fund|raised|\braise\b|\bseries [a-f]\b|\bseed\b|\bround\b|revenue|valuation|valued|"
    r"\barr\b|401|403\(b\)|\bmatch|tuition|education|learning|stipend|allowance|reimburs|"
    r"budget|bonus|equity|\bstock|\brsus?\b|relocation|sign[- ]on|referral|credit|\baward|"
    r"\bgrants?\b|invest|backed|capital|\bprice|\bcost|\bfees?\b|donat|\bassets\b|\baum\b|"
    r"market cap|worth|spend|savings|profit|\bsales\b|\bgift|wellness|perk|insurance|"
    r"contribut|million|billion|\bprize|scholarship",
    re.I,
)
BEFORE_CHARS = 80
AFTER_CHARS = 50


@dataclass(frozen=True, slots=True)
class SalaryMention:
    """A statement of money in a text, its span, and how it was read."""

    start: int
    end: int
    text: str
    result: Pay | NoPay

    @property
    def is_pay(self) -> bool:
        return isinstance(self.result, Pay)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, **self.result.to_dict()}


def _nearest_cue(text: str, c: Candidate, before: str) -> str | None:
    """'pay', 'other' or None: the kind of the cue word nearest to the candidate."""
    best: tuple[int, str] | None = None
    for kind, pattern in (("pay", _PAY_CUES), ("other", _OTHER_CUES)):
        for m in pattern.finditer(before):
            dist = len(before) - m.end()
            if best is None or dist < best[0]:
                best = (dist, kind)
        after = text[c.end : c.end + AFTER_CHARS]
        cut = after.find(". ")
        found = pattern.search(after, 0, cut if cut >= 0 else len(after))
        if found is not None and (best is None or found.start() < best[0]):
            best = (found.start(), kind)
    return None if best is None else best[1]


def _judge(text: str, c: Candidate, before: str) -> str | None:
    """None when the candidate is pay, else why it is not."""
    if any(a.mult in BIG_MULTS for a in c.atoms):
        return "an amount in millions or billions"
    cue = _nearest_cue(text, c, before)
    if cue == "other":
        return "the nearest cue word is about other money (funding, benefits, bonus...)"
    if cue is None and c.hi is None and c.period is None:
        return "a single amount with no pay cue or period"
    return None


def find_salaries(
    text: str, *, country: str | None = None, include_rejected: bool = False
) -> list[SalaryMention]:
    """Find the statements of pay in a description, with character spans.

    Parameters
    ----------
    text:
        Free text (a job description); any length, any characters.
    country:
        ISO alpha-2 country of the job, used to place "$" and other shared symbols.
    include_rejected:
        Also return money that is not pay, with a :class:`NoPay` saying why.

    Returns
    -------
    list[SalaryMention]
        In text order. Spans index into ``text`` as given (after NFKC
        normalisation only when that keeps its length).
    """
    if not text.isascii():
        normal = unicodedata.normalize("NFKC", text)
        text = normal if len(normal) == len(text) else text
    out = []
    for cand in candidates(text, iter_atoms(text, country)):
        if cand.lo.token is None and (cand.hi is None or cand.hi.token is None):
            continue
        fragment = text[cand.start : cand.end]
        before = sentence_before(text, cand.start, BEFORE_CHARS)
        why = _judge(text, cand, before)
        result: Pay | NoPay
        if why is None:
            result = build_pay(text, cand, country=country, default_currency=None, before=before)
        else:
            result = NoPay("not a salary", fragment, why)
        if include_rejected or isinstance(result, Pay):
            out.append(SalaryMention(cand.start, cand.end, fragment, result))
    return out
