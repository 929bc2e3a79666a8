"""Currencies: what a symbol or code means, and US-dollar rates by year.

Symbols and codes come from ``data/currencies.csv`` (code, name, the countries
that use it, the tokens that name it unambiguously). The ambiguous ones are
decided by the country when one is known, and the result records the guess:

- ``$`` is the local dollar in Canada, Australia, New Zealand, Singapore, Hong
  Kong, Mexico and Chile, and US dollars everywhere else;
- ``¥`` is the Chinese yuan in China and the Japanese yen elsewhere;
- ``kr`` is the Swedish, Norwegian or Danish crown by country, unknown otherwise.

Exchange rates (``data/fx_rates.csv``) are derived from the aijobs.net salary
survey (CC0), which records each salary both in its own currency and in US
dollars: the rate for a currency and year is the median of
``salary / salary_in_usd`` over that survey's rows, with the row count kept
beside it. Regenerate the file with
``ROLEATLAS_DATA_HOME=... python -m roleatlas.parse.currency``; a test checks
it against the survey. A currency or year the survey does not cover has no
rate, and :func:`to_usd` says so instead of guessing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from roleatlas.errors import InputError

#: Countries whose "$" is not the US dollar.
DOLLAR_BY_COUNTRY: dict[str, str] = {
    "CA": "CAD",
    "AU": "AUD",
    "NZ": "NZD",
    "SG": "SGD",
    "HK": "HKD",
    "MX": "MXN",
    "CL": "CLP",
}
KRONA_BY_COUNTRY: dict[str, str] = {"SE": "SEK", "NO": "NOK", "DK": "DKK"}
RATE_SOURCE = "aijobs.net salary survey (CC0): median salary / salary_in_usd"


class NoRateError(InputError):
    """No exchange rate for a currency and year: the message names what exists."""


@dataclass(frozen=True, slots=True)
class Currency:
    code: str
    name: str
    countries: tuple[str, ...]
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rate:
    """Units of ``currency`` per US dollar in ``year``, and where it comes from."""

    currency: str
    year: int
    per_usd: float
    n: int
    source: str


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("roleatlas.parse").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def currencies() -> dict[str, Currency]:
    """ISO 4217 code -> :class:`Currency`, from ``data/currencies.csv``."""
    out = {}
    for row in _read("currencies.csv"):
        out[row["code"]] = Currency(
            row["code"], row["name"], tuple(row["countries"].split()), tuple(row["tokens"].split())
        )
    return out


@lru_cache(maxsize=1)
def token_table() -> dict[str, str]:
    """Lower-cased unambiguous token ("cad", "c$", "£") -> currency code."""
    table: dict[str, str] = {}
    for cur in currencies().values():
        for token in cur.tokens:
            table[token.lower()] = cur.code
    return table


@lru_cache(maxsize=1)
def _country_currency() -> dict[str, str]:
    return {c: cur.code for cur in currencies().values() for c in cur.countries}


def currency_for_country(country: str | None) -> str | None:
    """The currency of an ISO alpha-2 country, or None when we do not know it."""
    if not country:
        return None
    return _country_currency().get(country.upper())


def resolve_token(token: str, country: str | None) -> tuple[str | None, bool]:
    """Currency code for a symbol or code as written, and whether it was inferred.

    A token that names one currency ("CAD", "£", "A$") is not inferred; "$",
    "¥" and "kr" are decided by ``country`` and marked inferred. Returns
    ``(None, True)`` for a token we cannot place (e.g. "kr" without a country).
    """
    low = token.lower()
    code = token_table().get(low)
    if code is not None:
        return code, False
    cc = country.upper() if country else None
    if low == "$":
        return DOLLAR_BY_COUNTRY.get(cc or "", "USD"), True
    if low == "¥":
        return ("CNY" if cc == "CN" else "JPY"), True
    if low == "kr":
        return KRONA_BY_COUNTRY.get(cc or ""), True
    return None, True


@lru_cache(maxsize=1)
def rates() -> dict[tuple[str, int], Rate]:
    """(currency, year) -> :class:`Rate`, from ``data/fx_rates.csv``."""
    out = {}
    for row in _read("fx_rates.csv"):
        key = (row["currency"], int(row["year"]))
        out[key] = Rate(key[0], key[1], float(row["per_usd"]), int(row["n"]), row["source"])
    return out


def rate(currency: str, year: int) -> Rate:
    """The rate for ``currency`` in ``year``; :class:`NoRateError` when there is none."""
    code = currency.upper()
    if code == "USD":
        return Rate("USD", year, 1.0, 0, "identity")
    found = rates().get((code, year))
    if found is not None:
        return found
    years = sorted(y for (c, y) in rates() if c == code)
    if not years:
        known = sorted({c for c, _ in rates()})
        raise NoRateError(
            f"No exchange rate for {code}: the aijobs.net survey, our only rate source, has "
            f"no {code} salaries. Currencies with rates: USD, {', '.join(known)}."
        )
    raise NoRateError(
        f"No exchange rate for {code} in {year}: the aijobs.net survey has {code} rates for "
        f"{', '.join(map(str, years))}. Pick one of those years."
    )


def to_usd(amount: float, currency: str, year: int) -> float:
    """Convert ``amount`` of ``currency`` to US dollars at that year's survey rate."""
    return amount / rate(currency, year).per_usd


def latest_rate(currency: str) -> Rate | None:
    """The most recent rate of a currency (used for order-of-magnitude checks only)."""
    if currency.upper() == "USD":
        return Rate("USD", 0, 1.0, 0, "identity")
    years = [y for (c, y) in rates() if c == currency.upper()]
    return rates()[(currency.upper(), max(years))] if years else None


def derive_rates(rows: list[tuple[str, int, float, float]]) -> list[Rate]:
    """Median ``salary / salary_in_usd`` per non-USD (currency, year).

    ``rows`` holds (currency, year, salary, salary_in_usd); rows with a
    non-positive amount are skipped.
    """
    import statistics

    groups: dict[tuple[str, int], list[float]] = {}
    for code, year, salary, usd in rows:
        if code != "USD" and salary > 0 and usd > 0:
            groups.setdefault((code, year), []).append(salary / usd)
    return [
        Rate(code, year, float(f"{statistics.median(v):.6g}"), len(v), RATE_SOURCE)
        for (code, year), v in sorted(groups.items())
    ]


def format_rates(found: list[Rate]) -> str:
    """The CSV text of ``data/fx_rates.csv`` for these rates."""
    lines = ["currency,year,per_usd,n,source"]
    lines += [f"{r.currency},{r.year},{r.per_usd!r},{r.n},{r.source}" for r in found]
    return "\n".join(lines) + "\n"


def _survey_rows(path: str) -> list[tuple[str, int, float, float]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [
            (
                r["salary_currency"],
                int(r["work_year"]),
                float(r["salary"]),
                float(r["salary_in_usd"]),
            )
            for r in csv.DictReader(fh)
        ]


if __name__ == "__main__":  # pragma: no cover - developer tool
    import os
    import sys
    from pathlib import Path

    survey = Path(os.environ["ROLEATLAS_DATA_HOME"]) / "aijobs-salaries" / "salaries.csv"
    target = Path(__file__).parent / "data" / "fx_rates.csv"
    target.write_text(format_rates(derive_rates(_survey_rows(str(survey)))), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
