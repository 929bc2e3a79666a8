"""Accuracy of the pay parsers on the hand-labelled gold tables (issue 3).

Runs :func:`roleatlas.parse.evaluate.evaluate_salary_gold` on
``tests/data/parse/salary_gold.csv`` (the development table: the parser was
debugged against it, so its figure is optimistic) and
``tests/data/parse/salary_holdout.csv`` (labelled by a second labeller and
never looked at while the parser changed: the honest figure). Prints, per
table and per field, the exact agreement on status, min, max, currency,
period and the annualised min/max; the statements read as pay where the gold
has none; and every disagreement.

    ROLEATLAS_DATA_HOME=/path/to/data python bench/parse_accuracy.py [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from roleatlas.parse.evaluate import GoldReport, evaluate_salary_gold

TARGET = 0.98
ROOT = Path(__file__).resolve().parents[1]
TABLES = {
    "development": ROOT / "tests" / "data" / "parse" / "salary_gold.csv",
    "held-out": ROOT / "tests" / "data" / "parse" / "salary_holdout.csv",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    args = parser.parse_args(argv)
    home = os.environ.get("ROLEATLAS_DATA_HOME")
    if not home:
        print(
            "Set ROLEATLAS_DATA_HOME to the data directory (it holds postings/).", file=sys.stderr
        )
        return 2
    postings = Path(home) / "postings"
    reports = {name: evaluate_salary_gold(path, postings) for name, path in TABLES.items()}
    # Postings are often reposted per location: score the held-out rows again without
    # those whose pay fragment also appears in the development table.
    with TABLES["development"].open(newline="", encoding="utf-8") as fh:
        seen = frozenset(x["fragment"] for x in csv.DictReader(fh) if x["fragment"])
    reports["held-out, new fragments only"] = evaluate_salary_gold(
        TABLES["held-out"], postings, skip_fragments=seen
    )
    if args.json:
        print(json.dumps({k: r.to_dict() for k, r in reports.items()}, indent=2))
        return 0
    console = Console()
    console.print(_summary(reports))
    for name, report in reports.items():
        _print_errors(console, name, report)
    return 0


def _summary(reports: dict[str, GoldReport]) -> Table:
    table = Table(title=f"Pay parser vs hand labels (target: {TARGET:.0%} exact, 0 read as pay)")
    for col in ("table", "field", "cases", "agreed", "accuracy", "read as pay", "pay missed"):
        table.add_column(col, justify="left" if col in ("table", "field") else "right")
    for name, r in reports.items():
        for fld, (agreed, cases) in sorted(r.by_field.items()):
            table.add_row(name, fld, str(cases), str(agreed), f"{agreed / cases:.1%}", "", "")
        verdict = "met" if r.accuracy >= TARGET and r.extra_pay == 0 else "NOT met"
        table.add_row(
            f"[bold]{name}[/]",
            f"[bold]all ({verdict})[/]",
            str(r.cases),
            str(r.agreed),
            f"[bold]{r.accuracy:.1%}[/]",
            str(r.extra_pay),
            str(r.missed_pay),
            end_section=True,
        )
    return table


def _print_errors(console: Console, name: str, report: GoldReport) -> None:
    if not report.errors:
        return
    console.print(f"\n[bold]{name}: {len(report.errors)} disagreements[/] (expected -> got)")
    for e in report.errors:
        console.print(f"  {e.file}:{e.row} {e.field} {e.fragment!r}", markup=False)
        console.print(f"      {e.expected} -> {e.got}", markup=False, highlight=False)


if __name__ == "__main__":
    raise SystemExit(main())
