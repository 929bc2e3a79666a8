"""Currencies: tokens, rates by year, refusals, and the survey-derived rate file."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from roleatlas.errors import InputError
from roleatlas.parse import currency
from roleatlas.parse.currency import (
    RATE_SOURCE,
    NoRateError,
    Rate,
    currencies,
    currency_for_country,
    derive_rates,
    format_rates,
    latest_rate,
    rate,
    resolve_token,
    to_usd,
)

SHIPPED = Path(currency.__file__).parent / "data" / "fx_rates.csv"


@pytest.mark.parametrize(
    ("token", "country", "expected"),
    [
        ("USD", None, ("USD", False)),
        ("US$", "CA", ("USD", False)),
        ("CAD", None, ("CAD", False)),
        ("cad", "US", ("CAD", False)),
        ("CA$", None, ("CAD", False)),
        ("C$", None, ("CAD", False)),
        ("A$", None, ("AUD", False)),
        ("£", None, ("GBP", False)),
        ("€", "US", ("EUR", False)),
        ("CHF", None, ("CHF", False)),
        ("₹", None, ("INR", False)),
        ("Rs", None, ("INR", False)),
        ("$", None, ("USD", True)),
        ("$", "US", ("USD", True)),
        ("$", "DE", ("USD", True)),
        ("$", "CA", ("CAD", True)),
        ("$", "au", ("AUD", True)),
        ("$", "SG", ("SGD", True)),
        ("kr", "SE", ("SEK", True)),
        ("kr", "NO", ("NOK", True)),
        ("kr", "DK", ("DKK", True)),
        ("kr", None, (None, True)),
        ("kr", "US", (None, True)),
        ("¥", "CN", ("CNY", True)),
        ("¥", "JP", ("JPY", True)),
        ("¥", None, ("JPY", True)),
        ("XYZ", None, (None, True)),
    ],
)
def test_resolve_token(token: str, country: str | None, expected: tuple[str | None, bool]) -> None:
    assert resolve_token(token, country) == expected


@pytest.mark.parametrize(
    ("country", "code"),
    [("DE", "EUR"), ("de", "EUR"), ("GB", "GBP"), ("IN", "INR"), ("CH", "CHF"), ("ZZ", None)],
)
def test_currency_for_country(country: str, code: str | None) -> None:
    assert currency_for_country(country) == code


def test_currency_for_no_country() -> None:
    assert currency_for_country(None) is None
    assert currency_for_country("") is None


def test_every_currency_has_an_iso_code_and_a_name() -> None:
    table = currencies()
    assert {"USD", "EUR", "GBP", "CAD", "AUD", "INR", "CHF"} <= set(table)
    for code, cur in table.items():
        assert code == cur.code
        assert len(code) == 3 and code.isupper()
        assert cur.name


@pytest.fixture
def tiny_rates(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, int], Rate]:
    """A made-up rate table: EUR in 2022 and 2024, GBP in 2023."""
    table = {
        ("EUR", 2022): Rate("EUR", 2022, 0.95, 10, "test"),
        ("EUR", 2024): Rate("EUR", 2024, 0.8, 20, "test"),
        ("GBP", 2023): Rate("GBP", 2023, 0.5, 3, "test"),
    }
    monkeypatch.setattr(currency, "rates", lambda: table)
    return table


def test_rate_and_to_usd(tiny_rates: dict[tuple[str, int], Rate]) -> None:
    assert rate("EUR", 2024) == tiny_rates[("EUR", 2024)]
    assert rate("eur", 2022).per_usd == 0.95
    assert to_usd(100, "EUR", 2024) == 125.0
    assert to_usd(100, "GBP", 2023) == 200.0


def test_us_dollars_need_no_rate(tiny_rates: dict[tuple[str, int], Rate]) -> None:
    assert rate("USD", 1990).per_usd == 1.0
    assert to_usd(123.45, "usd", 2031) == 123.45


def test_latest_rate_is_the_most_recent_year(tiny_rates: dict[tuple[str, int], Rate]) -> None:
    found = latest_rate("EUR")
    assert found is not None
    assert (found.year, found.per_usd) == (2024, 0.8)
    assert latest_rate("KRW") is None
    usd = latest_rate("USD")
    assert usd is not None
    assert usd.per_usd == 1.0


def test_a_year_without_a_rate_names_the_years_that_have_one(
    tiny_rates: dict[tuple[str, int], Rate],
) -> None:
    with pytest.raises(NoRateError) as caught:
        to_usd(100, "EUR", 2023)
    assert str(caught.value) == (
        "No exchange rate for EUR in 2023: the aijobs.net survey has EUR rates for "
        "2022, 2024. Pick one of those years."
    )


def test_a_currency_without_any_rate_says_so_and_lists_those_with_one(
    tiny_rates: dict[tuple[str, int], Rate],
) -> None:
    with pytest.raises(NoRateError) as caught:
        rate("krw", 2024)
    assert str(caught.value) == (
        "No exchange rate for KRW: the aijobs.net survey, our only rate source, has no KRW "
        "salaries. Currencies with rates: USD, EUR, GBP."
    )


def test_no_rate_is_an_input_error() -> None:
    assert issubclass(NoRateError, InputError)


def test_the_shipped_rates_refuse_a_year_before_the_survey() -> None:
    with pytest.raises(NoRateError, match=r"No exchange rate for EUR in 2019: .* has EUR rates"):
        rate("EUR", 2019)


def test_every_shipped_rate_names_its_source() -> None:
    table = currency.rates()
    assert table
    for (code, year), found in table.items():
        assert (found.currency, found.year) == (code, year)
        assert found.source == RATE_SOURCE
        assert "aijobs.net" in found.source
        assert found.per_usd > 0
        assert found.n >= 1


def test_derive_rates_takes_the_median_per_currency_and_year() -> None:
    rows = [
        ("EUR", 2024, 90.0, 100.0),  # 0.9
        ("EUR", 2024, 160.0, 200.0),  # 0.8
        ("EUR", 2024, 100.0, 100.0),  # 1.0
        ("EUR", 2023, 45.0, 50.0),  # 0.9
        ("EUR", 2023, 95.0, 100.0),  # 0.95
        ("GBP", 2024, 1.0, 3.0),  # 0.333333...
        ("GBP", 2024, 0.0, 3.0),  # no salary: skipped
        ("GBP", 2024, 3.0, 0.0),  # no dollar figure: skipped
        ("USD", 2024, 100.0, 100.0),  # US dollars need no rate
    ]
    found = derive_rates(rows)
    assert [(r.currency, r.year, r.per_usd, r.n) for r in found] == [
        ("EUR", 2023, 0.925, 2),
        ("EUR", 2024, 0.9, 3),
        ("GBP", 2024, 0.333333, 1),
    ]
    assert {r.source for r in found} == {RATE_SOURCE}


def test_format_rates_round_trips_through_csv() -> None:
    found = [Rate("EUR", 2024, 0.9, 3, RATE_SOURCE), Rate("GBP", 2023, 0.812744, 294, RATE_SOURCE)]
    text = format_rates(found)
    assert text.splitlines()[0] == "currency,year,per_usd,n,source"
    rows = list(csv.DictReader(text.splitlines()))
    assert [
        Rate(r["currency"], int(r["year"]), float(r["per_usd"]), int(r["n"]), r["source"])
        for r in rows
    ] == found


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@pytest.mark.integration
def test_shipped_rates_are_the_survey_medians(real_home: Path) -> None:
    survey = real_home / "aijobs-salaries" / "salaries.csv"
    ratios: dict[tuple[str, int], list[float]] = defaultdict(list)
    with survey.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["salary_currency"]
            salary, usd = float(row["salary"]), float(row["salary_in_usd"])
            if code != "USD" and salary > 0 and usd > 0:
                ratios[(code, int(row["work_year"]))].append(salary / usd)
    # The file keeps six significant digits of each median.
    expected = {key: (float(f"{_median(v):.6g}"), len(v)) for key, v in ratios.items()}

    with SHIPPED.open(newline="", encoding="utf-8") as fh:
        shipped_rows = list(csv.DictReader(fh))
    shipped = {
        (r["currency"], int(r["year"])): (float(r["per_usd"]), int(r["n"])) for r in shipped_rows
    }
    assert len(shipped) == len(shipped_rows)
    assert shipped == expected
    assert {r["source"] for r in shipped_rows} == {RATE_SOURCE}
    # and the module reads back the same table
    assert {k: (v.per_usd, v.n) for k, v in currency.rates().items()} == expected
