"""``roleatlas parse salary|title|location TEXT``: show what the parsers read in a text."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from roleatlas.cli.common import console, read_text_file, user_errors
from roleatlas.errors import InputError

app = typer.Typer(
    no_args_is_help=True,
    help="Show how Role Atlas reads a salary, a job title or a location.",
)

#: Yes/no fields shown only when true (the flags list says the same).
_QUIET = frozenset({"swapped", "currency_inferred", "period_inferred", "hybrid"})


class ParseFormat(enum.StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[
    ParseFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def _text(text: str | None, file: Path | None) -> str:
    if file is not None:
        if text is not None:
            raise InputError("Give the text or --file, not both.")
        return read_text_file(file)
    if text is None:
        raise InputError("Give the text to parse, or --file with a text file.")
    return text


def _show(record: dict[str, Any], fmt: ParseFormat, title: str) -> None:
    if fmt is ParseFormat.json:
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    table = Table(title=title, box=box.SIMPLE_HEAD, show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key, value in record.items():
        if value is None or value == [] or value == () or (value is False and key in _QUIET):
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
        if isinstance(value, float):
            shown = f"{value:,.2f}".rstrip("0").rstrip(".")
        table.add_row(key.replace("_", " "), escape(str(shown)))
    console.print(table)


def _with_usd(record: dict[str, Any], result: Any, year: int | None) -> dict[str, Any]:
    if year is None or record.get("kind") != "pay":
        return record
    from roleatlas.parse.currency import rate

    low, high = result.annual_usd(year)
    used = rate(result.currency, year)
    record["annual_min_usd"], record["annual_max_usd"] = low, high
    record["usd_rate"] = (
        f"{used.per_usd:g} {used.currency}/USD in {year} ({used.source}, n={used.n})"
    )
    return record


@app.command("salary")
def salary(
    text: Annotated[str | None, typer.Argument(help="Salary text, e.g. '$120K-$160K'.")] = None,
    *,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read a description from this text file.")
    ] = None,
    free_text: Annotated[
        bool, typer.Option("--find", help="Find every statement of pay in free text.")
    ] = False,
    country: Annotated[
        str | None, typer.Option("--country", help="ISO country code of the job, e.g. CA.")
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Currency of amounts written without one.")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Also convert to US dollars at this year's rate.")
    ] = None,
    fmt: FormatOpt = ParseFormat.table,
) -> None:
    """Read pay from a salary field, or with --find from a whole description."""
    from roleatlas.parse.find import find_salaries
    from roleatlas.parse.salary import parse_salary

    with user_errors():
        body = _text(text, file)
        if country is not None and not (len(country) == 2 and country.isalpha()):
            raise InputError(f"--country {country!r}: give an ISO alpha-2 code such as US or CA.")
        if not free_text and file is None:
            result = parse_salary(body, country=country, default_currency=currency)
            _show(_with_usd(result.to_dict(), result, year), fmt, "Salary")
            return
        found = find_salaries(body, country=country, include_rejected=True)
        records = [_with_usd(m.to_dict(), m.result, year) for m in found]
    if fmt is ParseFormat.json:
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    if not records:
        console.print("No amounts of money found in the text.")
    for i, record in enumerate(records, 1):
        _show(record, fmt, f"Mention {i} of {len(records)}")


@app.command("title")
def title(
    text: Annotated[str, typer.Argument(help="A job title, e.g. 'Sr. ML Eng II - Remote'.")],
    *,
    fmt: FormatOpt = ParseFormat.table,
) -> None:
    """Split a job title into seniority, level, core title, work mode and noise."""
    from roleatlas.parse.title import parse_title

    with user_errors():
        record = parse_title(text).to_dict()
    _show(record, fmt, "Title")


@app.command("location")
def location(
    text: Annotated[str, typer.Argument(help="A location, e.g. 'Bengaluru, Karnataka, India'.")],
    *,
    fmt: FormatOpt = ParseFormat.table,
) -> None:
    """Read country, region, city and remote flag from a location."""
    from roleatlas.parse.location import parse_location

    with user_errors():
        record = parse_location(text).to_dict()
    _show(record, fmt, "Location")
