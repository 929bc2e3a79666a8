"""The result types of the pay parsers, annualisation and the plausibility rule.

Periods and their documented annualisation factors: an hour is 1/2080 of a
year (40 h x 52 weeks), a day 1/260 (5 days x 52 weeks), a week 1/52, a month
1/12.

Plausibility
------------
A pay statement is plausible when both ends, annualised and converted to US
dollars at the most recent survey rate of their currency, lie inside
US$10,000 - US$2,000,000 a year - the same band the salary survey's loader
applies. Per period that band reads: US$4.81 - 961.54 an hour, US$38.46 -
7,692 a day, US$192 - 38,462 a week, US$833 - 166,667 a month. The check is
an order-of-magnitude one, so the most recent rate is good enough for it.
Outside the band the result is kept (``plausible=False``) with a flag naming
the likely slip:

- ``looks-hourly`` / ``looks-monthly``: a yearly figure that would fit the band
  as an hourly or monthly one ("$65 a year");
- ``looks-yearly``: an hourly/daily/weekly/monthly figure that would fit as a
  yearly one ("$92,700 base hourly rate");
- ``thousands-twice``: fits the band once divided by 1,000;
- ``below-band`` / ``above-band``: none of the above;
- ``range-too-wide``: the maximum is more than 10 times the minimum.

Placeholders are not pay at all (:class:`NoPay` with reason ``placeholder``):
zero, a number of four or more identical digits (1111111, 999999), or an
ascending run of five or more digits (12345).
A currency without any rate cannot be checked: ``plausible`` is then None.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

from roleatlas.parse.currency import latest_rate

Period = Literal["hour", "day", "week", "month", "year"]
NoPayReason = Literal["not stated", "negotiable", "placeholder", "not a salary"]

ANNUAL_FACTORS: dict[str, int] = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
BAND_USD = (10_000.0, 2_000_000.0)
MAX_RANGE_RATIO = 10.0


@dataclass(frozen=True, slots=True)
class Pay:
    """A statement of pay: amounts as written, their period and currency, annualised.

    ``min``/``max`` are in units of ``currency`` per ``period``; one of them is
    None for open ranges ("up to $90k", "$120K+"). ``annual_min``/``annual_max``
    multiply them by the period's factor. ``flags`` names everything the parser
    decided or corrected (``swapped``, ``currency-inferred``, ``period-inferred``,
    ``thousands-dropped``, ``k-repeated``...) and every plausibility problem.
    """

    min: float | None
    max: float | None
    currency: str
    period: Period
    annual_min: float | None
    annual_max: float | None
    estimate: bool
    currency_inferred: bool
    period_inferred: bool
    swapped: bool
    plausible: bool | None
    flags: tuple[str, ...]
    text: str
    note: str | None = None

    @property
    def kind(self) -> str:
        return "pay"

    def annual_usd(self, year: int) -> tuple[float | None, float | None]:
        """Annual min and max in US dollars at ``year``'s rate (NoRateError if none)."""
        from roleatlas.parse.currency import to_usd

        return (
            None if self.annual_min is None else to_usd(self.annual_min, self.currency, year),
            None if self.annual_max is None else to_usd(self.annual_max, self.currency, year),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "pay", **asdict(self), "flags": list(self.flags)}


@dataclass(frozen=True, slots=True)
class NoPay:
    """No usable pay in the text, and why."""

    reason: NoPayReason
    text: str
    detail: str = ""

    @property
    def kind(self) -> str:
        return "no-pay"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "no-pay", **asdict(self)}


def is_placeholder(value: float) -> bool:
    """Zero, four or more identical digits, or an ascending run of five or more digits."""
    if value <= 0 or not math.isfinite(value):
        return True
    if value != int(value):
        return False
    digits = str(int(value))
    if len(digits) >= 4 and len(set(digits)) == 1:
        return True
    return len(digits) >= 5 and digits in "1234567890"


def _usd_per_unit(currency: str) -> float | None:
    found = latest_rate(currency)
    return None if found is None else 1.0 / found.per_usd


def _in_band(annual_usd: float) -> bool:
    return BAND_USD[0] <= annual_usd <= BAND_USD[1]


def _end_flag(value: float, period: str, usd: float) -> str | None:
    annual = value * ANNUAL_FACTORS[period] * usd
    if _in_band(annual):
        return None
    if annual < BAND_USD[0]:
        if period == "year" and _in_band(value * 2080 * usd):
            return "looks-hourly"
        if period == "year" and _in_band(value * 12 * usd):
            return "looks-monthly"
        return "below-band"
    if period != "year" and _in_band(value * usd):
        return "looks-yearly"
    if _in_band(annual / 1000):
        return "thousands-twice"
    return "above-band"


def plausibility(
    lo: float | None, hi: float | None, currency: str, period: str
) -> tuple[bool | None, tuple[str, ...]]:
    """Apply the documented rule: (plausible, flags); plausible is None without a rate."""
    usd = _usd_per_unit(currency)
    if usd is None:
        return None, ("no-rate-to-check",)
    flags = [f for v in (lo, hi) if v is not None and (f := _end_flag(v, period, usd))]
    if lo is not None and hi is not None and hi > MAX_RANGE_RATIO * lo:
        flags.append("range-too-wide")
    unique = tuple(dict.fromkeys(flags))
    return not unique, unique


def make_pay(
    lo: float | None,
    hi: float | None,
    *,
    currency: str,
    period: Period,
    text: str,
    estimate: bool = False,
    currency_inferred: bool = False,
    period_inferred: bool = False,
    flags: tuple[str, ...] = (),
    note: str | None = None,
) -> Pay:
    """Order the ends (flagging a swap), annualise, and apply the plausibility rule."""
    swapped = lo is not None and hi is not None and lo > hi
    if swapped:
        lo, hi = hi, lo
    factor = ANNUAL_FACTORS[period]
    plausible, problems = plausibility(lo, hi, currency, period)
    decided = (
        ("swapped",) * swapped
        + ("currency-inferred",) * currency_inferred
        + ("period-inferred",) * period_inferred
    )
    return Pay(
        min=lo,
        max=hi,
        currency=currency,
        period=period,
        annual_min=None if lo is None else round(lo * factor, 2),
        annual_max=None if hi is None else round(hi * factor, 2),
        estimate=estimate,
        currency_inferred=currency_inferred,
        period_inferred=period_inferred,
        swapped=swapped,
        plausible=plausible,
        flags=tuple(dict.fromkeys(decided + flags + problems)),
        text=text,
        note=note,
    )
