"""Score the pay parsers against a hand-labelled gold table of real postings.

The gold table (``tests/data/parse/salary_gold.csv``, see ``LABELLING.md``
beside it) names a file, a 0-based row and a field of the bundled postings,
and the pay a careful reader finds there. This module reads those rows from
the data directory, runs the parsers, and compares:

- ``Salary Estimate`` (Glassdoor) -> :func:`parse_salary`;
- ``pay_fields`` (LinkedIn/arshkon min/med/max_salary, pay_period, currency)
  -> :func:`pay_from_fields`;
- ``description`` -> :func:`find_salaries`: every distinct pay statement the
  reader found must be found, and every statement the parser finds that the
  reader did not is an error of its own (pay read where there is none).

A line agrees when the status (pay / implausible / none) matches and, for
pay, min, max, currency, period and the annualised min and max all match
(to the cent). The report counts lines, agreements, the statements wrongly
read as pay, and lists every disagreement.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roleatlas.parse.find import find_salaries
from roleatlas.parse.pay import NoPay, Pay
from roleatlas.parse.salary import parse_salary, pay_from_fields

#: The compared values of one statement: status, min, max, currency, period, annual min, max.
Key = tuple[str, float | None, float | None, str | None, str | None, float | None, float | None]


@dataclass(frozen=True, slots=True)
class Disagreement:
    file: str
    row: int
    field: str
    expected: Key | None
    got: Key | None
    fragment: str


@dataclass
class GoldReport:
    """Agreement of the parsers with the gold table."""

    lines: int = 0
    agreed: int = 0
    #: Statements read as pay where the gold has no pay (the issue's "non-salary read as pay").
    extra_pay: int = 0
    #: Statements the parser found beside a row's gold pay that the gold lacks (scored as wrong).
    extra_cases: int = 0
    missed_pay: int = 0
    by_field: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[Disagreement] = field(default_factory=list)

    @property
    def cases(self) -> int:
        """Gold lines plus the statements found beside a row's gold pay that the gold lacks."""
        return self.lines + self.extra_cases

    @property
    def accuracy(self) -> float:
        return self.agreed / self.cases if self.cases else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "cases": self.cases,
            "agreed": self.agreed,
            "accuracy": self.accuracy,
            "non_salary_read_as_pay": self.extra_pay,
            "pay_missed": self.missed_pay,
            "by_field": {k: {"agreed": v[0], "cases": v[1]} for k, v in self.by_field.items()},
            "errors": [_err(e) for e in self.errors],
        }


def _err(e: Disagreement) -> dict[str, Any]:
    return {
        "file": e.file,
        "row": e.row,
        "field": e.field,
        "fragment": e.fragment,
        "expected": e.expected,
        "got": e.got,
    }


def _num(value: str) -> float | None:
    return float(value) if value.strip() else None


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def key_of(result: Pay | NoPay) -> Key:
    """The compared values of a parser result."""
    if isinstance(result, NoPay):
        return ("none", None, None, None, None, None, None)
    status = "implausible" if result.plausible is False else "pay"
    return (
        status,
        _r(result.min),
        _r(result.max),
        result.currency,
        result.period,
        _r(result.annual_min),
        _r(result.annual_max),
    )


def _gold_key(line: dict[str, str]) -> Key:
    if line["status"] == "none":
        return ("none", None, None, None, None, None, None)
    return (
        line["status"],
        _r(_num(line["min"])),
        _r(_num(line["max"])),
        line["currency"] or None,
        line["period"] or None,
        _r(_num(line["annual_min"])),
        _r(_num(line["annual_max"])),
    )


class _Rows:
    def __init__(self, postings: Path) -> None:
        self.postings = postings
        self.cache: dict[str, list[dict[str, str]]] = {}

    def get(self, file: str, row: int) -> dict[str, str]:
        if file not in self.cache:
            with (self.postings / file).open(newline="", encoding="utf-8-sig") as fh:
                self.cache[file] = list(csv.DictReader(fh))
        return self.cache[file][row]


def _field_result(field_name: str, raw: dict[str, str]) -> Pay | NoPay:
    if field_name == "Salary Estimate":
        return parse_salary(raw["Salary Estimate"])
    return pay_from_fields(
        min_value=_num(raw["min_salary"]),
        max_value=_num(raw["max_salary"]),
        median=_num(raw["med_salary"]),
        period=raw["pay_period"] or None,
        currency=raw["currency"] or None,
    )


def evaluate_salary_gold(
    gold_csv: Path, postings: Path, *, skip_fragments: frozenset[str] = frozenset()
) -> GoldReport:
    """Compare the parsers with every line of ``gold_csv`` on the files in ``postings``.

    ``skip_fragments`` leaves out the rows whose stated pay is one of these
    fragments (e.g. reposts of postings already in another table).
    """
    with gold_csv.open(newline="", encoding="utf-8") as fh:
        lines = list(csv.DictReader(fh))
    if skip_fragments:
        skipped = {(x["file"], x["row"]) for x in lines if x["fragment"] in skip_fragments}
        lines = [x for x in lines if (x["file"], x["row"]) not in skipped]
    groups: dict[tuple[str, int, str], list[dict[str, str]]] = defaultdict(list)
    for line in lines:
        groups[(line["file"], int(line["row"]), line["field"])].append(line)
    rows = _Rows(postings)
    report = GoldReport()
    for (file, row, field_name), expected in groups.items():
        raw = rows.get(file, row)
        if field_name == "description":
            _score_description(report, file, row, expected, raw["description"])
            continue
        got = key_of(_field_result(field_name, raw))
        _score(report, file, row, field_name, _gold_key(expected[0]), got, expected[0]["fragment"])
    return report


def _score(
    report: GoldReport, file: str, row: int, fld: str, want: Key, got: Key | None, frag: str
) -> None:
    report.lines += 1
    report.by_field[fld][1] += 1
    if want == got:
        report.agreed += 1
        report.by_field[fld][0] += 1
        return
    if want[0] == "none" and got is not None and got[0] != "none":
        report.extra_pay += 1
    if want[0] != "none" and (got is None or got[0] == "none"):
        report.missed_pay += 1
    report.errors.append(Disagreement(file, row, fld, want, got, frag))


def _score_description(
    report: GoldReport, file: str, row: int, expected: list[dict[str, str]], text: str
) -> None:
    mentions = find_salaries(text)
    found = {key_of(m.result) for m in mentions}
    wanted = {_gold_key(line): line["fragment"] for line in expected if line["status"] != "none"}
    spans = [(k, k + len(f)) for f in wanted.values() if (k := text.find(f)) >= 0]
    misread = 0
    for m in mentions:
        if key_of(m.result) in wanted:
            continue
        if any(m.start < end and start < m.end for start, end in spans):
            misread += 1  # a real pay statement read with the wrong values
        else:
            report.extra_pay += 1  # money that is not pay (or no money) read as pay
    if not wanted:  # the reader found no pay: one line, wrong if the parser finds any
        line = expected[0]
        got = next(iter(found), None) or _gold_key(line)
        report.lines += 1
        report.by_field["description"][1] += 1
        if got == _gold_key(line):
            report.agreed += 1
            report.by_field["description"][0] += 1
        else:
            report.errors.append(
                Disagreement(file, row, "description", _gold_key(line), got, line["fragment"])
            )
        return
    for want, frag in wanted.items():
        _score(report, file, row, "description", want, want if want in found else None, frag)
    for extra in sorted(found - set(wanted), key=str):
        report.extra_cases += 1
        report.by_field["description"][1] += 1
        report.errors.append(Disagreement(file, row, "description", None, extra, ""))
