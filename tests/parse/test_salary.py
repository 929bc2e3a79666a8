"""parse_salary, pay_from_fields and the plausibility rule, case by case.

Expected values come from issue 3 and the docstrings of ``roleatlas.parse.pay``
and ``roleatlas.parse.salary`` (and, for the magnitude slips, from
"How other pay parsers fail" in MEASURED.md), worked out by hand: an hour is
1/2080 of a year, a day 1/260, a week 1/52, a month 1/12.
"""

from __future__ import annotations

from typing import Any

import pytest

from roleatlas.parse.currency import NoRateError, rate
from roleatlas.parse.pay import NoPay, Pay, is_placeholder
from roleatlas.parse.salary import parse_salary, pay_from_fields

#: The documented annualisation factors (issue 3), written out independently of pay.py.
FACTORS = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}


def _pay(text: str, **kwargs: Any) -> Pay:
    result = parse_salary(text, **kwargs)
    assert isinstance(result, Pay), f"{text!r} -> {result}"
    return result


def _no_pay(text: str, **kwargs: Any) -> NoPay:
    result = parse_salary(text, **kwargs)
    assert isinstance(result, NoPay), f"{text!r} -> {result}"
    return result


# text, min, max, currency, period, annual_min, annual_max
ISSUE_EXAMPLES = [
    ("USD 60K - 120K", 60_000, 120_000, "USD", "year", 60_000, 120_000),
    ("$120,000 – $160,000", 120_000, 160_000, "USD", "year", 120_000, 160_000),
    ("$120K+", 120_000, None, "USD", "year", 120_000, None),
    ("up to $90k", None, 90_000, "USD", "year", None, 90_000),
    ("£40k–£50k", 40_000, 50_000, "GBP", "year", 40_000, 50_000),
    ("€70.000 - €90.000 brutto/Jahr", 70_000, 90_000, "EUR", "year", 70_000, 90_000),
    ("CHF 120'000", 120_000, 120_000, "CHF", "year", 120_000, 120_000),
    ("₹12 LPA", 1_200_000, 1_200_000, "INR", "year", 1_200_000, 1_200_000),
    ("$65/hr", 65, 65, "USD", "hour", 135_200, 135_200),
    ("$5,000 per month", 5_000, 5_000, "USD", "month", 60_000, 60_000),
    ("$137K-$171K (Glassdoor est.)", 137_000, 171_000, "USD", "year", 137_000, 171_000),
    ("$17-$24 Per Hour(Glassdoor est.)", 17, 24, "USD", "hour", 35_360, 49_920),
    ("Employer Provided Salary:$20-$25 Per Hour", 20, 25, "USD", "hour", 41_600, 52_000),
    ("$79K-$106K(Employer est.)", 79_000, 106_000, "USD", "year", 79_000, 106_000),
]

# The real-data slips other pay parsers make (MEASURED.md, "How other pay parsers fail").
MAGNITUDE_SLIPS = [
    # "$15K-$16K" is yearly pay, not monthly (180k-192k a year)
    ("$15K-$16K", 15_000, 16_000, "USD", "year", 15_000, 16_000),
    # "$150-160k" is 150k-160k, not 150 dollars
    ("$150-160k", 150_000, 160_000, "USD", "year", 150_000, 160_000),
    # hourly ranges are annualised with 2080 hours, not 2000
    ("$40-$50 per hour", 40, 50, "USD", "hour", 83_200, 104_000),
    ("$45-55/hr", 45, 55, "USD", "hour", 93_600, 114_400),
    # separators other than a hyphen
    ("$100,000 to $150,000", 100_000, 150_000, "USD", "year", 100_000, 150_000),
    ("$100,000 — $150,000", 100_000, 150_000, "USD", "year", 100_000, 150_000),
    ("$100,000 ~ $150,000", 100_000, 150_000, "USD", "year", 100_000, 150_000),
    ("$100,000 -- $150,000", 100_000, 150_000, "USD", "year", 100_000, 150_000),
    ("USD $100,000 - $150,000", 100_000, 150_000, "USD", "year", 100_000, 150_000),
    # the maximum without its "$"
    ("$100,000 - 150,000", 100_000, 150_000, "USD", "year", 100_000, 150_000),
    # a unit glued to the amount
    ("$55hr - $62hr", 55, 62, "USD", "hour", 114_400, 128_960),
    # currencies other than USD are kept
    ("CA$100,000 - CA$120,000", 100_000, 120_000, "CAD", "year", 100_000, 120_000),
    ("CAD 100,000", 100_000, 100_000, "CAD", "year", 100_000, 100_000),
    ("₹10,00,000 - ₹15,00,000", 1_000_000, 1_500_000, "INR", "year", 1_000_000, 1_500_000),
    ("£50,000 per annum", 50_000, 50_000, "GBP", "year", 50_000, 50_000),
    ("$122,471 - $279,565 CAD", 122_471, 279_565, "CAD", "year", 122_471, 279_565),
    ("$279,000 – $361,000/year (CAD)", 279_000, 361_000, "CAD", "year", 279_000, 361_000),
]

# The docstring's own examples and other shapes it promises.
DOCSTRING_SHAPES = [
    ("10-15 LPA", 1_000_000, 1_500_000, "INR", "year", 1_000_000, 1_500_000),
    ("₹12,00,000", 1_200_000, 1_200_000, "INR", "year", 1_200_000, 1_200_000),
    ("€65.000 brutto/Jahr", 65_000, 65_000, "EUR", "year", 65_000, 65_000),
    # money.py: no-break and narrow no-break spaces are thousands separators
    ("€70\u00a0000 - €90\u00a0000", 70_000, 90_000, "EUR", "year", 70_000, 90_000),
    ("CHF 120\u202f000", 120_000, 120_000, "CHF", "year", 120_000, 120_000),
    ("$120,000+", 120_000, None, "USD", "year", 120_000, None),
    ("from $80,000", 80_000, None, "USD", "year", 80_000, None),
    ("at least $80,000", 80_000, None, "USD", "year", 80_000, None),
    ("Starting at $80,000", 80_000, None, "USD", "year", 80_000, None),
    ("Up to £60,000 per annum", None, 60_000, "GBP", "year", None, 60_000),
    ("$45 to $55 an hour", 45, 55, "USD", "hour", 93_600, 114_400),
    ("$45 - $55 hourly", 45, 55, "USD", "hour", 93_600, 114_400),
    ("$8,000 - $9,000 per month", 8_000, 9_000, "USD", "month", 96_000, 108_000),
    # "$401K" with a currency is an amount, not a 401(k) plan
    ("$300K-$401K", 300_000, 401_000, "USD", "year", 300_000, 401_000),
    ("$350K - 403K", 350_000, 403_000, "USD", "year", 350_000, 403_000),
]


@pytest.mark.parametrize(
    ("text", "lo", "hi", "currency", "period", "annual_lo", "annual_hi"),
    ISSUE_EXAMPLES + MAGNITUDE_SLIPS + DOCSTRING_SHAPES,
)
def test_parse_salary_reads_amounts_currency_period_and_annual_values(
    text: str,
    lo: float | None,
    hi: float | None,
    currency: str,
    period: str,
    annual_lo: float | None,
    annual_hi: float | None,
) -> None:
    pay = _pay(text)
    assert (pay.min, pay.max, pay.currency, pay.period) == (lo, hi, currency, period)
    assert (pay.annual_min, pay.annual_max) == (annual_lo, annual_hi)


@pytest.mark.parametrize(
    ("text", "estimate", "note"),
    [
        ("$137K-$171K (Glassdoor est.)", True, "Glassdoor est."),
        ("$17-$24 Per Hour(Glassdoor est.)", True, "Glassdoor est."),
        ("Employer Provided Salary:$20-$25 Per Hour", False, "Employer Provided Salary"),
        ("$79K-$106K(Employer est.)", False, "Employer est."),
        ("$120,000 – $160,000", False, None),
    ],
)
def test_estimates_are_told_apart_from_employer_figures(
    text: str, estimate: bool, note: str | None
) -> None:
    pay = _pay(text)
    assert (pay.estimate, pay.note) == (estimate, note)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("€70.000 - €90.000 brutto/Jahr", "year"),
        ("₹12 LPA", "year"),
        ("$65/hr", "hour"),
        ("$50 an hour", "hour"),
        ("$50 hourly", "hour"),
        ("$17-$24 Per Hour(Glassdoor est.)", "hour"),
        ("$400/day", "day"),
        ("$400 daily", "day"),
        ("$2,000/week", "week"),
        ("$2,000 weekly", "week"),
        ("$5,000 per month", "month"),
        ("$8,000 monthly", "month"),
        ("$100,000 p.a.", "year"),
        ("$100,000/yr", "year"),
        ("$100,000 annually", "year"),
        ("£50,000 per annum", "year"),
        # stated in the sentence before the amount
        ("Hourly rate: $45", "hour"),
        ("Monthly salary: $8,000", "month"),
    ],
)
def test_a_stated_period_is_not_inferred(text: str, period: str) -> None:
    pay = _pay(text)
    assert pay.period == period
    assert pay.period_inferred is False
    assert "period-inferred" not in pay.flags


@pytest.mark.parametrize(
    ("text", "period"),
    [("$45", "hour"), ("$999", "hour"), ("$1,000", "year"), ("$45,000", "year")],
)
def test_without_a_period_1000_or_more_is_yearly_and_less_is_hourly(text: str, period: str) -> None:
    pay = _pay(text)
    assert pay.period == period
    assert pay.period_inferred is True
    assert "period-inferred" in pay.flags


@pytest.mark.parametrize(
    ("text", "period", "value", "annual"),
    [
        ("$50/hr", "hour", 50, 104_000),
        ("$400 per day", "day", 400, 104_000),
        ("$2,000 per week", "week", 2_000, 104_000),
        ("$8,000 per month", "month", 8_000, 96_000),
        ("$100,000 per year", "year", 100_000, 100_000),
    ],
)
def test_annualisation_uses_2080_260_52_12(
    text: str, period: str, value: float, annual: float
) -> None:
    pay = _pay(text)
    assert (pay.period, pay.min, pay.max) == (period, value, value)
    assert pay.annual_min == pay.annual_max == annual == value * FACTORS[period]


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [("$160K-$120K", 120_000, 160_000), ("$25 - $20 per hour", 20, 25)],
)
def test_min_above_max_is_swapped_and_flagged(text: str, lo: float, hi: float) -> None:
    pay = _pay(text)
    assert (pay.min, pay.max) == (lo, hi)
    assert pay.swapped is True
    assert "swapped" in pay.flags


def test_an_ordered_range_is_not_flagged_as_swapped() -> None:
    pay = _pay("$120K-$160K")
    assert pay.swapped is False
    assert "swapped" not in pay.flags


@pytest.mark.parametrize(
    ("country", "currency"),
    [
        (None, "USD"),
        ("US", "USD"),
        ("GB", "USD"),  # "US dollars everywhere else"
        ("CA", "CAD"),
        ("ca", "CAD"),
        ("AU", "AUD"),
        ("NZ", "NZD"),
        ("SG", "SGD"),
        ("HK", "HKD"),
        ("MX", "MXN"),
    ],
)
def test_dollar_sign_is_placed_by_country_and_marked_inferred(
    country: str | None, currency: str
) -> None:
    pay = _pay("$120,000", country=country)
    assert pay.currency == currency
    assert pay.currency_inferred is True
    assert "currency-inferred" in pay.flags


@pytest.mark.parametrize(
    ("text", "country", "currency"),
    [
        ("CAD 100,000", "US", "CAD"),
        ("€60,000", "US", "EUR"),
        ("£40k–£50k", "CA", "GBP"),
        ("USD $100,000 - $150,000", "CA", "USD"),
        ("A$120,000", None, "AUD"),
        ("$279,000 – $361,000/year (CAD)", "US", "CAD"),
    ],
)
def test_a_written_currency_is_not_inferred_and_beats_the_country(
    text: str, country: str | None, currency: str
) -> None:
    pay = _pay(text, country=country)
    assert pay.currency == currency
    assert pay.currency_inferred is False
    assert "currency-inferred" not in pay.flags


@pytest.mark.parametrize(
    ("text", "country", "currency"),
    [
        ("kr 500,000", "SE", "SEK"),
        ("500.000 kr", "NO", "NOK"),
        ("kr 500,000", "DK", "DKK"),
        ("¥5,000,000", "CN", "CNY"),
        ("¥5,000,000", None, "JPY"),
    ],
)
def test_yen_yuan_and_crown_signs_are_placed_by_country_and_marked_inferred(
    text: str, country: str | None, currency: str
) -> None:
    # currency.py: '"$", "¥" and "kr" are decided by country and marked inferred';
    # "¥ is the Chinese yuan in China and the Japanese yen elsewhere".
    pay = _pay(text, country=country)
    assert (pay.currency, pay.currency_inferred) == (currency, True)


def test_a_crown_sign_without_a_country_is_not_read_as_pay() -> None:
    assert _no_pay("kr 500,000").reason == "not a salary"


@pytest.mark.parametrize(
    ("kwargs", "currency", "inferred"),
    [
        ({"default_currency": "EUR"}, "EUR", False),
        ({"default_currency": "eur"}, "EUR", False),
        ({"country": "DE"}, "EUR", True),
        ({"country": "IN"}, "INR", True),
        ({"default_currency": "GBP", "country": "DE"}, "GBP", False),
    ],
)
def test_a_bare_number_takes_default_currency_then_the_countrys(
    kwargs: dict[str, str], currency: str, inferred: bool
) -> None:
    pay = _pay("100000", **kwargs)
    assert (pay.min, pay.max, pay.currency, pay.currency_inferred) == (
        100_000,
        100_000,
        currency,
        inferred,
    )


def test_a_bare_number_with_no_currency_at_all_is_not_pay() -> None:
    no = _no_pay("100000")
    assert no.reason == "not a salary"
    assert "pass a currency or country" in no.detail


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-1", "not stated"),
        ("", "not stated"),
        ("   ", "not stated"),
        ("n/a", "not stated"),
        ("N/A", "not stated"),
        ("None", "not stated"),
        ("Negotiable", "negotiable"),
        ("Competitive", "negotiable"),
        ("DOE", "negotiable"),
        ("Depends on experience", "negotiable"),
        ("Commensurate with experience", "negotiable"),
        ("USD 1111111K - 1111111K", "placeholder"),
        ("999999", "placeholder"),
        ("$999,999", "placeholder"),
        ("$0", "placeholder"),
        ("$0 - $0", "placeholder"),
        ("$1111 per hour", "placeholder"),
        ("12345", "placeholder"),
        ("Hello", "not a salary"),
        ("5-7 years", "not a salary"),
        ("$5M seed round", "not a salary"),
        ("$2B revenue", "not a salary"),
    ],
)
def test_no_pay_reasons(text: str, reason: str) -> None:
    assert _no_pay(text).reason == reason


def test_zero_alone_is_no_pay() -> None:
    # The issue counts 0 among placeholders; as a whole field "0" means not stated.
    assert _no_pay("0").reason in ("not stated", "placeholder")


def test_the_placeholder_detail_names_the_amount() -> None:
    assert _no_pay("USD 1111111K - 1111111K").detail == "USD 1111111K is a placeholder amount"


def test_a_field_too_long_to_be_a_salary_points_to_find_salaries() -> None:
    no = _no_pay("Salary: $100,000. " + "x" * 400)
    assert no.reason == "not a salary"
    assert "use find_salaries" in no.detail


def test_three_digits_repeated_is_not_a_placeholder() -> None:
    pay = _pay("$111/hr")
    assert (pay.min, pay.period, pay.annual_min) == (111, "hour", 230_880)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, True),
        (-5, True),
        (1111, True),
        (999_999, True),
        (1_111_111, True),
        (12_345, True),
        (23_456, True),
        (1_234_567_890, True),
        (111, False),
        (1_234, False),
        (98_765, False),
        (100_000, False),
        (120_000, False),
        (1_111.5, False),
    ],
)
def test_is_placeholder(value: float, expected: bool) -> None:
    assert is_placeholder(value) is expected


# --- the plausibility rule (pay.py) -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("$65 a year", "looks-hourly"),
        ("$5,000 a year", "looks-monthly"),
        ("$92,700 base hourly rate", "looks-yearly"),
        ("$90,000 per day", "looks-yearly"),
        ("$166,667 per month", "looks-yearly"),
        ("$150,000,000", "thousands-twice"),
        ("$1 a year", "below-band"),
        ("$4.80/hr", "below-band"),
        ("$833 per month", "below-band"),
        ("$962/hr", "above-band"),
        ("$3,000,000,000", "above-band"),
        ("$10K - $500K", "range-too-wide"),
        ("$12 - $200", "range-too-wide"),
    ],
)
def test_implausible_pay_is_kept_and_flagged(text: str, flag: str) -> None:
    pay = _pay(text)
    assert pay.plausible is False
    assert flag in pay.flags


def test_an_hourly_rate_written_as_a_salary_keeps_its_stated_period() -> None:
    # MEASURED.md: "$92,700 ... base hourly rate" must not become 192 million a year unflagged.
    pay = _pay("$92,700 base hourly rate")
    assert (pay.min, pay.period, pay.annual_min) == (92_700, "hour", 92_700 * 2080)
    assert pay.plausible is False


@pytest.mark.parametrize(
    "text",
    ["$4.81/hr", "$961/hr", "$834 per month", "$10K - $100K", "$100,000", "$45-55/hr"],
)
def test_pay_just_inside_the_band_is_plausible(text: str) -> None:
    # The band per period from pay.py: US$4.81 - 961.54 an hour, US$833 - 166,667 a month.
    pay = _pay(text)
    assert pay.plausible is True
    assert not {"below-band", "above-band", "range-too-wide"} & set(pay.flags)


def test_plausibility_is_judged_in_us_dollars() -> None:
    # £8,500 is about US$10,700 at any recent survey rate (0.73-0.81 GBP per USD):
    # inside the band; $8,500 is below it.
    assert _pay("£8,500 a year").plausible is True
    assert _pay("$8,500 a year").plausible is False


def test_a_currency_without_a_rate_cannot_be_checked() -> None:
    # The survey has no Korean won, so there is no rate to judge it by.
    pay = _pay("₩50,000,000")
    assert pay.currency == "KRW"
    assert pay.plausible is None


@pytest.mark.parametrize(
    ("text", "lo", "flag"),
    [("$100,000K", 100_000, "k-repeated"), ("$110 - $120,000", 110_000, "thousands-dropped")],
)
def test_magnitude_fixes_are_flagged(text: str, lo: float, flag: str) -> None:
    pay = _pay(text)
    assert pay.min == lo
    assert flag in pay.flags


def test_annual_usd_converts_at_the_years_rate() -> None:
    pay = _pay("€70.000 - €90.000 brutto/Jahr")
    per_usd = rate("EUR", 2024).per_usd
    assert pay.annual_usd(2024) == (70_000 / per_usd, 90_000 / per_usd)
    assert _pay("up to $90k").annual_usd(2024) == (None, 90_000)


def test_annual_usd_refuses_a_year_without_a_rate() -> None:
    with pytest.raises(NoRateError, match="No exchange rate for EUR in 1999"):
        _pay("€70.000").annual_usd(1999)


def test_results_serialise_with_their_kind() -> None:
    pay = _pay("$120K+").to_dict()
    assert (pay["kind"], pay["min"], pay["max"]) == ("pay", 120_000, None)
    assert isinstance(pay["flags"], list)
    assert _no_pay("Negotiable").to_dict()["kind"] == "no-pay"


# --- pay_from_fields ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "lo", "hi", "period", "annual_lo", "annual_hi"),
    [
        ({"min_value": 100_000, "max_value": 150_000, "period": "YEARLY"}, 100_000, 150_000,
         "year", 100_000, 150_000),
        ({"min_value": 40, "max_value": 60, "period": "HOURLY"}, 40, 60, "hour", 83_200, 124_800),
        ({"min_value": 5_000, "max_value": 7_000, "period": "MONTHLY"}, 5_000, 7_000, "month",
         60_000, 84_000),
        ({"min_value": 2_000, "max_value": 2_500, "period": "WEEKLY"}, 2_000, 2_500, "week",
         104_000, 130_000),
        ({"min_value": 400, "max_value": 500, "period": "DAILY"}, 400, 500, "day", 104_000,
         130_000),
        ({"min_value": 90_000, "max_value": 110_000, "period": " yearly "}, 90_000, 110_000,
         "year", 90_000, 110_000),
        ({"min_value": None, "max_value": None, "median": 120_000, "period": "YEARLY"}, 120_000,
         120_000, "year", 120_000, 120_000),
        ({"min_value": float("nan"), "max_value": float("nan"), "median": 50,
          "period": "HOURLY"}, 50, 50, "hour", 104_000, 104_000),
    ],
)  # fmt: skip
def test_pay_from_fields(
    fields: dict[str, Any],
    lo: float,
    hi: float,
    period: str,
    annual_lo: float,
    annual_hi: float,
) -> None:
    result = pay_from_fields(currency="USD", **fields)
    assert isinstance(result, Pay)
    assert (result.min, result.max, result.period, result.currency) == (lo, hi, period, "USD")
    assert (result.annual_min, result.annual_max) == (annual_lo, annual_hi)
    assert result.currency_inferred is False


def test_pay_from_fields_swaps_a_reversed_range() -> None:
    result = pay_from_fields(min_value=150_000, max_value=100_000, period="YEARLY", currency="USD")
    assert isinstance(result, Pay)
    assert (result.min, result.max, result.swapped) == (100_000, 150_000, True)


@pytest.mark.parametrize(
    ("currency", "code", "inferred"), [(None, "USD", True), ("eur", "EUR", False)]
)
def test_pay_from_fields_currency(currency: str | None, code: str, inferred: bool) -> None:
    result = pay_from_fields(min_value=1, max_value=2, period="HOURLY", currency=currency)
    assert isinstance(result, Pay)
    assert (result.currency, result.currency_inferred) == (code, inferred)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"min_value": 100_000, "max_value": 150_000, "period": None}, "not stated"),
        ({"min_value": 100_000, "max_value": 150_000, "period": ""}, "not stated"),
        ({"min_value": None, "max_value": None, "period": "YEARLY"}, "not stated"),
        ({"min_value": float("nan"), "max_value": None, "period": "YEARLY"}, "not stated"),
        ({"min_value": 100_000, "max_value": 150_000, "period": "FORTNIGHTLY"}, "not a salary"),
        ({"min_value": 999_999, "max_value": 999_999, "period": "YEARLY"}, "placeholder"),
        ({"min_value": 0, "max_value": 0, "period": "YEARLY"}, "placeholder"),
    ],
)
def test_pay_from_fields_no_pay(fields: dict[str, Any], reason: str) -> None:
    result = pay_from_fields(currency="USD", **fields)
    assert isinstance(result, NoPay)
    assert result.reason == reason


def test_pay_from_fields_names_an_unknown_period() -> None:
    result = pay_from_fields(min_value=1, max_value=2, period="FORTNIGHTLY", currency="USD")
    assert isinstance(result, NoPay)
    assert result.detail == "unknown pay period 'FORTNIGHTLY'"
