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
from dataclasses import dataclass
from typing import Any

from roleatlas.parse.money import iter_atoms, same_length_nfkc
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
    r"contribut|million|billion|\bprize|scholarship|parking|commut|lunch|meal|\bgym\b|"
    r"\bhsa\b|\bfsa\b|per diem|child ?care|referr",
    re.I,
)
_AFTER_BREAK = re.compile(r"\+|\bplus\b|[,;(\n]|\. ", re.I)
_PACKAGE = re.compile(r"equity|bonus|stock|options|benefits|commission|rsu", re.I)
_RATE_CUES = re.compile(r"\brate\b|\bc2c\b|\bw-?2\b|\b1099\b|hourly|per hour|/\s?hr", re.I)
#: Money amounts looked at per text: a description states pay in a handful; past this
#: many the text is not a description, and the cost per call stays bounded.
MAX_AMOUNTS = 400
BEFORE_CHARS = 80
NEAR_AFTER = 15
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


def _last_cue(before: str) -> str | None:
    """'pay', 'other' or None: the kind of the cue word nearest before the amount."""
    best: tuple[int, str] | None = None
    for kind, pattern in (("pay", _PAY_CUES), ("other", _OTHER_CUES)):
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    return None if best is None else best[1]


def _after(text: str, c: Candidate) -> tuple[str, str]:
    """The words right after the amount, up to the next break, and what follows a '+'."""
    window = text[c.end : c.end + AFTER_CHARS]
    if c.plus_item:  # "$250,000 + $750K equity": what follows the '+' is another item
        return "", window
    m = _AFTER_BREAK.search(window)
    if m is None:
        return window, ""
    return window[: m.start()], window[m.start() :] if m[0].strip() in ("+", "plus") else ""


def _judge(text: str, c: Candidate, before: str) -> str | None:
    """None when the candidate is pay, else why it is not.

    A cue word right after the amount speaks first ("$20,000 tuition
    assistance", "$10,000 in equity"); then the sentence before it
    ("Salary range: $X - $Y"); then the words after it up to a break such as
    "+", ",", "(" or a new line. A single amount followed by "+ equity" or
    "plus bonus" is the salary part of a package.
    """
    if any(a.mult in BIG_MULTS for a in c.atoms):
        return "an amount in millions or billions"
    after, added = _after(text, c)
    near = _first_cue(after)
    if near is not None and near[0] <= NEAR_AFTER:
        cue: str | None = near[1]
    else:
        cue = _last_cue(before)
        if cue is None:
            cue = "pay" if _PACKAGE.search(added) else near and near[1]
    if cue == "other":
        return "a cue word says this is other money (funding, benefits, bonus...)"
    if c.hi is not None:
        return None
    if cue is None and c.period is None:
        return "a single amount with no pay cue or period"
    if c.period is None and c.lo.value < 1000 and not _RATE_CUES.search(f"{before} {after}"):
        return "a small single amount with no period and no rate cue"
    return None


def _first_cue(after: str) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for kind, pattern in (("pay", _PAY_CUES), ("other", _OTHER_CUES)):
        m = pattern.search(after)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best


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
        In text order. Spans index into ``text`` as given (it is read after
        :func:`same_length_nfkc`, which keeps every index). Only the first
        ``MAX_AMOUNTS`` amounts of money in a text are considered.
    """
    original = text
    text = same_length_nfkc(text)
    out = []
    for cand in candidates(text, iter_atoms(text, country, limit=MAX_AMOUNTS)):
        if cand.lo.token is None and (cand.hi is None or cand.hi.token is None):
            continue
        fragment = original[cand.start : cand.end]
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
