"""Check a gold pay table against the raw postings, without any parser.

Run from the project root with the real data directory set::

    ROLEATLAS_DATA_HOME=/path/to/data python tests/data/parse/check_gold.py [TABLE]

TABLE is salary_gold.csv (the default) or salary_holdout.csv, as a path or a
name in this folder. It checks the table's own consistency only (see
LABELLING.md): the header, every row index exists, fragments match the raw
text, the vocabularies, number formats, min <= max, annual = value x factor,
the order of lines, and that the two tables share no (file, row, field).
It exits 1 and lists every problem it found, or prints a summary and exits 0.
"""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

GOLD = Path(__file__).with_name("salary_gold.csv")
HOLDOUT = Path(__file__).with_name("salary_holdout.csv")
COLUMNS = [
    "file", "row", "field", "fragment", "status", "reason", "min", "max", "currency",
    "period", "annual_min", "annual_max", "estimate", "note",
]  # fmt: skip
FIELD_OF = {
    "glassdoor_jobs.csv": "Salary Estimate",
    "Uncleaned_DS_jobs.csv": "Salary Estimate",
    "linkedin_arshkon_postings_sample1000.csv": "pay_fields",
    "ai_ml_jobs_linkedin.csv": "description",
}
FACTOR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
REASONS = {"not stated", "negotiable", "placeholder", "not a salary"}
VALUE_COLUMNS = ("min", "max", "currency", "period", "annual_min", "annual_max", "estimate")
LOW, HIGH = Decimal(10_000), Decimal(2_000_000)


def read_raw(home: Path, name: str) -> list[dict[str, str]]:
    """Read one postings file the way the labels count rows (csv.DictReader)."""
    with (home / "postings" / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def number(text: str) -> Decimal | None:
    """Parse a plain number cell: digits and an optional decimal point, no separators."""
    if text == "":
        return None
    if not all(c.isdigit() or c == "." for c in text) or text.count(".") > 1:
        raise ValueError(f"{text!r} is not a plain number")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"{text!r} is not a plain number") from exc
    if "." in text and text.endswith("0"):
        raise ValueError(f"{text!r} has trailing zeros")
    return value


def render_pay_fields(raw: dict[str, str]) -> str:
    """The compact rendering used as fragment for arshkon's pay fields."""

    def plain(text: str) -> str:
        return "" if text == "" else format(Decimal(text).normalize(), "f")

    parts = (
        f"min={plain(raw['min_salary'])} med={plain(raw['med_salary'])} "
        f"max={plain(raw['max_salary'])} {raw['pay_period']} {raw['currency']}"
    )
    return parts.strip()


def check_fragment(line: dict[str, str], raw: dict[str, str]) -> Iterator[str]:
    """The fragment is the raw field, its rendering, or a verbatim part of the description."""
    field, fragment = line["field"], line["fragment"]
    if field == "Salary Estimate" and fragment != raw["Salary Estimate"]:
        yield f"fragment {fragment!r} differs from the raw field {raw['Salary Estimate']!r}"
    elif field == "pay_fields" and fragment != render_pay_fields(raw):
        yield f"fragment {fragment!r} differs from the pay fields {render_pay_fields(raw)!r}"
    elif field == "description":
        if line["reason"] == "not stated":
            if fragment:
                yield "a 'not stated' description line must have an empty fragment"
        elif not fragment:
            yield "empty fragment"
        elif fragment not in raw["description"]:
            yield f"fragment {fragment!r} is not in the description"


def check_values(line: dict[str, str]) -> Iterator[str]:
    """Status, reason, vocabularies, numbers and annual values of one line."""
    status, reason = line["status"], line["reason"]
    if status == "none":
        if reason not in REASONS:
            yield f"reason {reason!r} is not one of {sorted(REASONS)}"
        filled = [c for c in VALUE_COLUMNS if line[c]]
        if filled:
            yield f"status none but {filled} filled"
        return
    if status not in {"pay", "implausible"}:
        yield f"status {status!r} is not pay, implausible or none"
        return
    if reason:
        yield f"status {status} must have an empty reason"
    if line["period"] not in FACTOR:
        yield f"period {line['period']!r} is not one of {list(FACTOR)}"
        return
    cur = line["currency"]
    if not (len(cur) == 3 and cur.isalpha() and cur.isupper()):
        yield f"currency {cur!r} is not an ISO 4217 code"
    if line["estimate"] not in {"true", "false"}:
        yield f"estimate {line['estimate']!r} is not true or false"
    try:
        lo, hi = number(line["min"]), number(line["max"])
        annual = number(line["annual_min"]), number(line["annual_max"])
    except ValueError as exc:
        yield str(exc)
        return
    if lo is None and hi is None:
        yield "pay line without min or max"
    if lo is not None and hi is not None and lo > hi:
        yield f"min {lo} > max {hi}"
    factor = FACTOR[line["period"]]
    for name, value, got in (("annual_min", lo, annual[0]), ("annual_max", hi, annual[1])):
        want = None if value is None else value * factor
        if want != got:
            yield f"{name} is {got}, expected {want}"
    yield from check_bounds(line, [a for a in annual if a is not None])


def check_bounds(line: dict[str, str], annual: list[Decimal]) -> Iterator[str]:
    """For US$ lines, 'pay' and 'implausible' follow the US$10,000-2,000,000 bounds."""
    if line["currency"] != "USD" or not annual:
        return
    outside = any(a < LOW or a > HIGH for a in annual)
    if line["status"] == "pay" and outside:
        yield "status pay but an annual value is outside 10,000-2,000,000"
    if line["status"] == "implausible" and not outside:
        yield "status implausible but the annual values are inside 10,000-2,000,000"


def check_table(home: Path, lines: list[dict[str, str]]) -> list[str]:
    """Every problem in the table, each prefixed with its line number."""
    problems: list[str] = []
    raw = {name: read_raw(home, name) for name in FIELD_OF}
    seen: Counter[tuple[str, str, str]] = Counter()
    for number_, line in enumerate(lines, start=2):
        where = f"line {number_} ({line['file']} row {line['row']})"
        name = line["file"]
        if name not in FIELD_OF:
            problems.append(f"{where}: unknown file")
            continue
        if line["field"] != FIELD_OF[name]:
            problems.append(f"{where}: field {line['field']!r} should be {FIELD_OF[name]!r}")
            continue
        if not line["row"].isdigit() or int(line["row"]) >= len(raw[name]):
            problems.append(f"{where}: row index does not exist")
            continue
        seen[(name, line["row"], line["fragment"])] += 1
        record = raw[name][int(line["row"])]
        problems += [f"{where}: {p}" for p in check_fragment(line, record)]
        problems += [f"{where}: {p}" for p in check_values(line)]
    problems += [f"duplicate line for {key}" for key, n in seen.items() if n > 1]
    problems += check_shape(lines)
    return problems


def check_shape(lines: list[dict[str, str]]) -> list[str]:
    """Order by file then row; one line per row outside descriptions."""
    problems: list[str] = []
    pairs = [((line["file"], int(line["row"])), line) for line in lines if line["row"].isdigit()]
    keys = [key for key, _ in pairs]
    if keys != sorted(keys):
        problems.append("lines are not sorted by file then row")
    per_row = Counter(key for key, line in pairs if line["field"] != "description")
    problems += [
        f"{k} has {n} lines; only descriptions may have several"
        for k, n in per_row.items()
        if n > 1
    ]
    none_rows = {key for key, line in pairs if line["status"] == "none"}
    pay_rows = {key for key, line in pairs if line["status"] != "none"}
    problems += [f"{k} mixes status none with pay lines" for k in sorted(none_rows & pay_rows)]
    return problems


def read_table(path: Path) -> list[dict[str, str]] | None:
    """The lines of one table, or None (after saying so) when its header is wrong."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            print(f"Header of {path.name} is {reader.fieldnames}; expected {COLUMNS}.")
            return None
        return list(reader)


def check_disjoint(lines: list[dict[str, str]], other: Path) -> list[str]:
    """The held-out table may share no (file, row, field) with the first one."""
    other_lines = read_table(other) if other.is_file() else []
    if other_lines is None:
        return [f"cannot compare with {other.name}: its header is wrong"]
    theirs = {(x["file"], x["row"], x["field"]) for x in other_lines}
    shared = sorted({(x["file"], x["row"], x["field"]) for x in lines} & theirs)
    return [f"{key} is also in {other.name}" for key in shared]


def main(argv: list[str]) -> int:
    """Run the checks and report; return the process exit code."""
    table = Path(argv[0]) if argv else GOLD
    if not table.is_file():
        table = Path(__file__).with_name(table.name)
    if not table.is_file():
        print(f"No table at {table}: give salary_gold.csv or salary_holdout.csv.")
        return 2
    home_text = os.environ.get("ROLEATLAS_DATA_HOME")
    if not home_text:
        print("ROLEATLAS_DATA_HOME is not set: set it to the data directory holding postings/.")
        return 2
    home = Path(home_text)
    missing = [n for n in FIELD_OF if not (home / "postings" / n).is_file()]
    if missing:
        print(f"Missing postings files under {home / 'postings'}: {', '.join(missing)}.")
        return 2
    lines = read_table(table)
    if lines is None:
        return 1
    other = HOLDOUT if table.resolve() == GOLD.resolve() else GOLD
    problems = check_table(home, lines) + check_disjoint(lines, other)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {table.name}.")
        return 1
    by_file = Counter(line["file"] for line in lines)
    by_status = Counter(line["status"] for line in lines)
    print(f"{table.name}: {len(lines)} lines OK")
    for key, count in sorted(by_file.items()):
        print(f"  {key}: {count}")
    for key, count in sorted(by_status.items()):
        print(f"  status {key}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
