"""find_salaries: pay inside free text, with spans; money that is not pay is left out.

The sentences are written for these tests (none is copied from a posting). The
expected readings follow the docstring of ``roleatlas.parse.find`` and issue 3.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roleatlas.parse.find import SalaryMention, find_salaries
from roleatlas.parse.pay import NoPay, Pay

ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "articles" / "002_431d95b7d798f0bb.txt"


def _pays(text: str, country: str | None = None) -> list[SalaryMention]:
    found = find_salaries(text, country=country)
    for m in found:
        assert isinstance(m.result, Pay)
        assert m.is_pay
        assert text[m.start : m.end] == m.text
    return found


# sentence, the pay statement as written, min, max, period, currency
PAY_SENTENCES = [
    (
        "The base salary for this role is $140,000 to $180,000 depending on experience.",
        "$140,000 to $180,000",
        140_000,
        180_000,
        "year",
        "USD",
    ),
    (
        "Compensation: $95,000 — $125,000 plus benefits.",
        "$95,000 — $125,000",
        95_000,
        125_000,
        "year",
        "USD",
    ),
    (
        "Contractors can expect ~ $60 ~ $75 per hour.",
        "$60 ~ $75 per hour",
        60,
        75,
        "hour",
        "USD",
    ),
    (
        "We pay between $120,000 and $150,000 per year for this position.",
        "$120,000 and $150,000 per year",
        120_000,
        150_000,
        "year",
        "USD",
    ),
    ("This contract role pays $70/hr on a W2 basis.", "$70/hr", 70, 70, "hour", "USD"),
    (
        "Annual salary of $130,000 per year, paid every two weeks.",
        "$130,000 per year",
        130_000,
        130_000,
        "year",
        "USD",
    ),
    (
        "The hourly rate is $55 - $65 for this W2 contract.",
        "$55 - $65",
        55,
        65,
        "hour",
        "USD",
    ),
    (
        "Pay range: $45/hr to $60/hr depending on experience.",
        "$45/hr to $60/hr",
        45,
        60,
        "hour",
        "USD",
    ),
    (
        "Compensation between $120k and $150k annually, plus RSUs.",
        "$120k and $150k annually",
        120_000,
        150_000,
        "year",
        "USD",
    ),
    (
        "Annual salary range: £55,000 – £70,000.",
        "£55,000 – £70,000",
        55_000,
        70_000,
        "year",
        "GBP",
    ),
    (
        "Pay: USD $110,000 - $130,000 a year",
        "USD $110,000 - $130,000 a year",
        110_000,
        130_000,
        "year",
        "USD",
    ),
    (
        "Base salary $180,000 plus equity and benefits.",
        "$180,000",
        180_000,
        180_000,
        "year",
        "USD",
    ),
    (
        "Our salary band is $150-160k for senior engineers.",
        "$150-160k",
        150_000,
        160_000,
        "year",
        "USD",
    ),
]


@pytest.mark.parametrize(("text", "fragment", "lo", "hi", "period", "currency"), PAY_SENTENCES)
def test_pay_in_a_sentence_is_found_with_its_span(
    text: str, fragment: str, lo: float, hi: float, period: str, currency: str
) -> None:
    found = _pays(text)
    assert len(found) == 1
    mention = found[0]
    assert mention.text == fragment
    assert mention.start == text.index(fragment)
    assert mention.end == mention.start + len(fragment)
    pay = mention.result
    assert isinstance(pay, Pay)
    assert (pay.min, pay.max, pay.period, pay.currency) == (lo, hi, period, currency)


# sentence, the amount as written, the words the NoPay detail must contain
NOT_PAY = [
    ("We just closed a $5M seed round led by two funds.", "$5M", "millions or billions"),
    ("Our customers generate over $2B revenue each year.", "$2B", "millions or billions"),
    (
        "Last year the company raised $120 million in Series B funding.",
        "$120 million",
        "millions or billions",
    ),
    ("We offer a 401(k) match up to $5,000 per year.", "$5,000", "other money"),
    ("Tuition reimbursement up to $10,000 annually.", "$10,000", "other money"),
    ("Every engineer gets a $1,000 learning budget.", "$1,000", "other money"),
    ("New hires receive a $10,000 sign-on bonus.", "$10,000", "other money"),
    ("Relocation assistance of up to $15,000 is available.", "$15,000", "other money"),
    # MEASURED.md: a bonus range read as monthly pay by other parsers
    (
        "Eligible for an annual performance bonus of $12,000-$14,000.",
        "$12,000-$14,000",
        "other money",
    ),
]


@pytest.mark.parametrize(("text", "amount", "why"), NOT_PAY)
def test_money_that_is_not_pay_is_left_out(text: str, amount: str, why: str) -> None:
    assert find_salaries(text) == []
    rejected = find_salaries(text, include_rejected=True)
    assert len(rejected) == 1
    mention = rejected[0]
    assert mention.text.startswith(amount)
    assert text[mention.start : mention.end] == mention.text
    assert not mention.is_pay
    assert isinstance(mention.result, NoPay)
    assert mention.result.reason == "not a salary"
    assert why in mention.result.detail


def test_pay_and_other_money_in_one_paragraph() -> None:
    text = (
        "The pay range for this role is $150,000 - $190,000. We also offer a $10,000 "
        "sign-on bonus, a $1,000 learning budget and a 401(k) match up to $5,000. "
        "The company raised $40M last year."
    )
    pays = _pays(text)
    assert [(m.text, m.start) for m in pays] == [
        ("$150,000 - $190,000", text.index("$150,000")),
    ]
    every = find_salaries(text, include_rejected=True)
    assert [m.text for m in every] == ["$150,000 - $190,000", "$10,000", "$1,000", "$5,000", "$40M"]
    assert [m.is_pay for m in every] == [True, False, False, False, False]
    for m in every:
        assert text[m.start : m.end] == m.text
    assert [m.start for m in every] == sorted(m.start for m in every)


def test_include_rejected_keeps_the_pay_found_without_it() -> None:
    text = "We offer a $1,000 learning budget and a salary of $95,000 - $110,000."
    pays = find_salaries(text)
    every = find_salaries(text, include_rejected=True)
    assert pays == [m for m in every if m.is_pay]
    assert [m.text for m in pays] == ["$95,000 - $110,000"]


@pytest.mark.parametrize(
    "text",
    [
        "5-7 years of experience required. Salary 120,000 - 150,000.",
        "Teams of 10 to 15 people ship 3-4 releases a week.",
        "Great team, no pay figure here.",
        "",
    ],
)
def test_amounts_without_a_currency_are_not_candidates(text: str) -> None:
    assert find_salaries(text, include_rejected=True) == []


def test_a_single_amount_without_cue_or_period_is_not_pay() -> None:
    text = "The conference ticket is $499 this year."
    assert find_salaries(text) == []


def test_a_placeholder_in_a_description_is_never_pay() -> None:
    text = "Expected salary USD 1111111K - 1111111K per year."
    assert find_salaries(text) == []
    (mention,) = find_salaries(text, include_rejected=True)
    assert isinstance(mention.result, NoPay)
    assert mention.result.reason == "placeholder"
    assert text[mention.start : mention.end] == mention.text


def test_country_places_the_dollar_sign() -> None:
    (mention,) = _pays("Salary: $120,000 - $140,000 per year", country="CA")
    assert isinstance(mention.result, Pay)
    assert (mention.result.currency, mention.result.currency_inferred) == ("CAD", True)


def test_mentions_serialise_with_their_span() -> None:
    text = "Salary: $120,000 - $140,000 per year"
    (mention,) = find_salaries(text)
    data = mention.to_dict()
    assert (data["start"], data["end"], data["text"], data["kind"]) == (
        8,
        36,
        "$120,000 - $140,000 per year",
        "pay",
    )
    assert (data["min"], data["max"]) == (120_000, 140_000)


@pytest.mark.integration
def test_the_featured_job_placeholder_in_the_article_is_not_pay() -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"{ARTICLE} is not there")
    text = ARTICLE.read_text(encoding="utf-8")
    # Independently of the parser: the "USD <n>K - <m>K" listings as written.
    listed = [(int(a), int(b)) for a, b in re.findall(r"USD (\d+)K - (\d+)K", text)]
    assert (1_111_111, 1_111_111) in listed
    real = [(a * 1000, b * 1000) for a, b in listed if a != 1_111_111]
    assert real == [
        (60_000, 120_000),
        (120_000, 160_000),
        (160_000, 180_000),
        (100_000, 120_000),
        (100_000, 180_000),
    ]

    every = find_salaries(text, include_rejected=True)
    for m in every:
        assert text[m.start : m.end] == m.text
    placeholders = [m for m in every if "1111111" in m.text]
    assert len(placeholders) == 1
    assert isinstance(placeholders[0].result, NoPay)
    assert placeholders[0].result.reason == "placeholder"

    pays = find_salaries(text)
    assert all("1111111" not in m.text for m in pays)
    got = [(r.min, r.max, r.currency, r.period) for m in pays if isinstance(r := m.result, Pay)]
    assert got == [(a, b, "USD", "year") for a, b in real]


@pytest.mark.integration
def test_each_featured_job_pay_line_of_the_article_as_a_field() -> None:
    from roleatlas.parse.salary import parse_salary

    if not ARTICLE.is_file():
        pytest.skip(f"{ARTICLE} is not there")
    lines = [ln for ln in ARTICLE.read_text(encoding="utf-8").splitlines() if " USD " in ln]
    assert len(lines) == 6
    results = [parse_salary(ln[ln.index("USD") :]) for ln in lines]
    kinds = [(r.reason if isinstance(r, NoPay) else (r.min, r.max)) for r in results]
    assert kinds == [
        (60_000, 120_000),
        "placeholder",
        (120_000, 160_000),
        (160_000, 180_000),
        (100_000, 120_000),
        (100_000, 180_000),
    ]


def test_spans_index_the_text_as_given_when_normalisation_moves_characters() -> None:
    # NFKC turns the ligature "ﬁ" into two characters and "e" + combining acute into
    # one: the length is unchanged, the positions after the ligature are not.
    text = "\ufb01nance team. Salary: $120,000 - $150,000 per year. Cafe\u0301."
    (mention,) = find_salaries(text)
    start = text.index("$120,000")
    assert (mention.start, mention.end) == (start, start + len("$120,000 - $150,000 per year"))
    assert text[mention.start : mention.end] == mention.text == "$120,000 - $150,000 per year"


def test_fullwidth_pay_is_read_and_its_span_gives_back_the_mention_text() -> None:
    text = "Salary: ＄１２０,０００ - ＄１５０,０００ per year"
    (mention,) = find_salaries(text)
    assert isinstance(mention.result, Pay)
    assert (mention.result.min, mention.result.max) == (120_000, 150_000)
    assert (mention.start, mention.end) == (8, len(text))
    assert text[mention.start : mention.end] == mention.text


def test_thousands_grouped_with_no_break_spaces_are_read_whole() -> None:
    # money.py lists the no-break space and the narrow no-break space as separators.
    text = "Gehalt: €70\u202f000 - €90\u202f000 per year, plus a bonus."
    (mention,) = _pays(text)
    assert isinstance(mention.result, Pay)
    assert (mention.result.min, mention.result.max) == (70_000, 90_000)


@pytest.mark.parametrize(
    ("text", "fragment", "lo", "hi"),
    [
        (
            "Compensation: $130,000 - $150,000 100% remote, US only.",
            "$130,000 - $150,000",
            130_000,
            150_000,
        ),
        (
            "Salary: $120,000 - $150,000 100 people on the team.",
            "$120,000 - $150,000",
            120_000,
            150_000,
        ),
    ],
)
def test_a_number_after_a_grouped_amount_is_not_another_thousands_group(
    text: str, fragment: str, lo: float, hi: float
) -> None:
    # "$150,000 100" is $150,000 followed by 100 of something, not 150,000,100:
    # a number grouped with commas does not go on with a space-separated group.
    (mention,) = _pays(text)
    assert mention.text == fragment
    assert isinstance(mention.result, Pay)
    assert (mention.result.min, mention.result.max) == (lo, hi)
