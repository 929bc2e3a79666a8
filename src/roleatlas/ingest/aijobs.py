"""Load the aijobs.net salary survey: typed rows, roles, range pairs and the duplicate policy.

Duplicate policy (the survey's unit)
------------------------------------
Since 2022 nearly every entry is one end of an advertised pay range: two
adjacent rows with the same year, title, level, employment type, currency,
residence, remote ratio, company location and size (:data:`KEY_FIELDS`), one
high and one low. Scanning the loaded rows in file order, a row and the next
one form a *pair* when all those fields agree; a pair is one *posting* with
``low_usd``/``high_usd`` and its midpoint ``mid_usd``. Two adjacent rows with
equal pay also pair (a range whose ends are equal: 986 pairs in the 2025-01-19
snapshot), so under every posting policy they count once. A row that pairs with neither neighbour is a posting on its own
(low = high = mid). Identical postings (same fields and same range) may be the
same job re-advertised or different jobs with the same range; the data cannot
tell, so each posting records ``copy_rank`` (1 for the first occurrence) and
``copies``. The salary statistics offer three policies over these tables
(see :mod:`roleatlas.insights.salaries`).

Plausibility (rows go to quarantine with the reason)
----------------------------------------------------
Unknown codes (experience level, employment type, company size, remote ratio,
ISO country, currency), a year outside 2020-2030, non-numeric pay, pay in USD
outside [$10,000, $2,000,000] a year, a USD row whose ``salary`` differs from
``salary_in_usd``, and a non-USD row whose implied exchange rate
(``salary / salary_in_usd``) is more than 2% away from the median rate of its
currency and year (a conversion slip).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator

from roleatlas.ingest.convert import choice, number, text
from roleatlas.ingest.records import Record, RowRejected, read_delimited
from roleatlas.ingest.sink import Column, Sink
from roleatlas.sources import SourceStatus
from roleatlas.taxonomy.codes import (
    COMPANY_SIZES,
    EMPLOYMENT_TYPES,
    EXPERIENCE_LEVELS,
    REMOTE_RATIOS,
    countries,
)
from roleatlas.taxonomy.titles import role_for_title

SOURCE = "aijobs-salaries"
FILE = "salaries.csv"
#: Documented plausible band for a yearly salary in USD.
MIN_USD = 10_000
MAX_USD = 2_000_000
YEARS = range(2020, 2031)
MAX_RATE_DEVIATION = 0.02
_CURRENCY = re.compile(r"^[A-Z]{3}$")

#: The fields that identify a posting apart from its pay.
KEY_FIELDS = (
    "work_year",
    "experience_level",
    "employment_type",
    "job_title",
    "salary_currency",
    "employee_residence",
    "remote_ratio",
    "company_location",
    "company_size",
)

ROW_COLUMNS: list[Column] = [
    ("line", "BIGINT"),
    ("work_year", "SMALLINT"),
    ("experience_level", "VARCHAR"),
    ("level", "VARCHAR"),
    ("employment_type", "VARCHAR"),
    ("job_title", "VARCHAR"),
    ("salary", "BIGINT"),
    ("salary_currency", "VARCHAR"),
    ("salary_in_usd", "BIGINT"),
    ("employee_residence", "VARCHAR"),
    ("remote_ratio", "SMALLINT"),
    ("company_location", "VARCHAR"),
    ("company_size", "VARCHAR"),
    ("role", "VARCHAR"),
    ("role_rule", "VARCHAR"),
    ("posting_id", "BIGINT"),
    ("range_end", "VARCHAR"),
]


def _typed(rec: Record) -> tuple[object, ...]:
    year = number(rec, "work_year", integer=True)
    if year not in YEARS:
        raise RowRejected(f"work_year {year} outside {YEARS.start}-{YEARS.stop - 1}")
    level = choice(rec, "experience_level", EXPERIENCE_LEVELS, what="experience level")
    emp = choice(rec, "employment_type", EMPLOYMENT_TYPES, what="employment type")
    title = text(rec, "job_title")
    salary = number(rec, "salary", integer=True)
    currency = text(rec, "salary_currency")
    if not _CURRENCY.match(currency or ""):
        raise RowRejected(f"salary_currency {currency!r} is not an ISO 4217 code")
    usd = number(rec, "salary_in_usd", integer=True)
    assert isinstance(usd, int) and isinstance(salary, int)
    if not MIN_USD <= usd <= MAX_USD:
        raise RowRejected(f"salary_in_usd {usd} outside the plausible band [{MIN_USD}, {MAX_USD}]")
    if currency == "USD" and salary != usd:
        raise RowRejected(f"salary {salary} USD differs from salary_in_usd {usd}")
    known = countries()
    residence = choice(
        rec, "employee_residence", known, what="ISO country code (employee_residence)"
    )
    remote = number(rec, "remote_ratio", integer=True)
    if remote not in REMOTE_RATIOS:
        raise RowRejected(f"remote_ratio {remote} is not one of 0, 50, 100")
    location = choice(rec, "company_location", known, what="ISO country code (company_location)")
    size = choice(rec, "company_size", COMPANY_SIZES, what="company size")
    assert title is not None
    match = role_for_title(title)
    return (
        rec.line,
        year,
        level,
        EXPERIENCE_LEVELS[level],
        emp,
        title,
        salary,
        currency,
        usd,
        residence,
        remote,
        location,
        size,
        match.role,
        match.rule,
    )


def _check_rates(
    typed: list[tuple[Record, list[object]]],
) -> Iterator[tuple[Record, list[object], str]]:
    """Flag non-USD rows whose implied rate is off the median rate of their currency-year."""
    col = {name: i for i, (name, _) in enumerate(ROW_COLUMNS)}
    keyed: list[tuple[tuple[object, object], float] | None] = []
    rates: dict[tuple[object, object], list[float]] = {}
    for _, row in typed:
        if row[col["salary_currency"]] == "USD":
            keyed.append(None)
            continue
        key = (row[col["salary_currency"]], row[col["work_year"]])
        rate = row[col["salary"]] / row[col["salary_in_usd"]]  # type: ignore[operator]
        keyed.append((key, rate))
        rates.setdefault(key, []).append(rate)
    medians = {k: statistics.median(v) for k, v in rates.items()}
    for (rec, row), item in zip(typed, keyed, strict=True):
        reason = ""
        if item is not None:
            key, rate = item
            if abs(rate / medians[key] - 1) > MAX_RATE_DEVIATION:
                reason = (
                    f"implied rate {rate:.4g} {key[0]}/USD is more than 2% away from the "
                    f"{key[1]} median {medians[key]:.4g}"
                )
        yield rec, row, reason


def _pair(rows: list[list[object]]) -> None:
    """Assign posting ids and range ends in place (greedy scan in file order)."""
    key_idx = [c for c, (name, _) in enumerate(ROW_COLUMNS) if name in KEY_FIELDS]
    usd = [name for name, _ in ROW_COLUMNS].index("salary_in_usd")
    posting = 0
    i = 0
    while i < len(rows):
        posting += 1
        row = rows[i]
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is not None and all(row[k] == nxt[k] for k in key_idx):
            high_first = row[usd] >= nxt[usd]  # type: ignore[operator]
            row += [posting, "high" if high_first else "low"]
            nxt += [posting, "low" if high_first else "high"]
            i += 2
        else:
            row += [posting, "single"]
            i += 1


def load_aijobs(status: SourceStatus, sink: Sink) -> None:
    """Load ``salaries.csv`` into ``salary_row`` and ``salary_posting`` (+ code tables)."""
    typed: list[tuple[Record, list[object]]] = []
    with sink.account(SOURCE, FILE) as acc:
        for rec in read_delimited(status.path(FILE)):
            with acc.row(rec):
                typed.append((rec, list(_typed(rec))))
        rows = []
        for rec, row, reason in _check_rates(typed):
            if reason:
                acc.unload(rec, reason)
            else:
                rows.append(row)
    _pair(rows)
    sink.write(
        "salary_row",
        ROW_COLUMNS,
        rows,
        comment="aijobs.net survey rows as loaded, with role and posting id",
    )
    _write_codes(sink)
    sink.sql(_POSTINGS_SQL)


def _write_codes(sink: Sink) -> None:
    sink.write(
        "experience_level",
        [("code", "VARCHAR"), ("name", "VARCHAR"), ("rank", "INTEGER")],
        [(c, n, i) for i, (c, n) in enumerate(EXPERIENCE_LEVELS.items(), start=1)],
    )
    sink.write(
        "employment_type",
        [("code", "VARCHAR"), ("name", "VARCHAR")],
        list(EMPLOYMENT_TYPES.items()),
    )
    sink.write(
        "company_size", [("code", "VARCHAR"), ("name", "VARCHAR")], list(COMPANY_SIZES.items())
    )
    sink.write(
        "remote_ratio", [("ratio", "INTEGER"), ("name", "VARCHAR")], list(REMOTE_RATIOS.items())
    )
    sink.write("country", [("code", "VARCHAR"), ("name", "VARCHAR")], sorted(countries().items()))


_POSTINGS_SQL = """
CREATE TABLE salary_posting AS
WITH p AS (
    SELECT posting_id,
           min(line) AS first_line,
           count(*) AS n_rows,
           any_value(work_year) AS work_year,
           any_value(experience_level) AS experience_level,
           any_value(level) AS level,
           any_value(employment_type) AS employment_type,
           any_value(job_title) AS job_title,
           any_value(salary_currency) AS salary_currency,
           any_value(employee_residence) AS employee_residence,
           any_value(remote_ratio) AS remote_ratio,
           any_value(company_location) AS company_location,
           any_value(company_size) AS company_size,
           any_value(role) AS role,
           min(salary_in_usd) AS low_usd,
           max(salary_in_usd) AS high_usd
    FROM salary_row GROUP BY posting_id
)
SELECT p.*,
       (low_usd + high_usd) / 2.0 AS mid_usd,
       row_number() OVER (PARTITION BY work_year, experience_level, employment_type, job_title,
            salary_currency, employee_residence, remote_ratio, company_location, company_size,
            low_usd, high_usd ORDER BY first_line) AS copy_rank,
       count(*) OVER (PARTITION BY work_year, experience_level, employment_type, job_title,
            salary_currency, employee_residence, remote_ratio, company_location, company_size,
            low_usd, high_usd) AS copies
FROM p ORDER BY posting_id;
"""
