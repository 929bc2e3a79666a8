"""``roleatlas classify``: the role of a title (and description), one at a time or a CSV in batch."""

from __future__ import annotations

import csv
import enum
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from roleatlas.cli.common import console, err_console, read_text_file, user_errors
from roleatlas.errors import InputError

if TYPE_CHECKING:
    from roleatlas.classify.model import Classification, RoleModel

_BATCH_FIELDS = (
    "role",
    "confidence",
    "candidate_1",
    "probability_1",
    "candidate_2",
    "probability_2",
)


class ClassifyFormat(enum.StrEnum):
    table = "table"
    json = "json"


def _model(path: Path | None) -> RoleModel:
    from roleatlas.classify.model import default_model, load_model

    return load_model(path) if path is not None else default_model()


def classify(
    title: Annotated[
        str | None, typer.Argument(help="A job title, e.g. 'Founding AI Engineer, Agents'.")
    ] = None,
    *,
    description: Annotated[
        str | None, typer.Option("--description", "-d", help="The posting's description text.")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="With a TITLE: a text file holding the description. Without: a CSV to classify "
            "row by row (see --column).",
            dir_okay=False,
        ),
    ] = None,
    column: Annotated[str, typer.Option(help="Batch: the CSV column holding the title.")] = "title",
    description_column: Annotated[
        str | None, typer.Option(help="Batch: the CSV column holding the description (optional).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Batch: where to write the CSV ('-' for standard output; default: "
            "<input>.roles.csv beside the input).",
        ),
    ] = None,
    model: Annotated[
        Path | None, typer.Option(help="A model directory (default: the current trained model).")
    ] = None,
    fmt: Annotated[
        ClassifyFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ClassifyFormat.table,
) -> None:
    """Classify a job title (and description) into a role of ROLES.md, or [bold]unclear[/].

    Shows the role, its calibrated confidence, the top alternatives and the words that
    pushed the decision. Batch: [bold]roleatlas classify --file postings.csv --column title[/].
    """
    with user_errors():
        if title is None:
            if file is None:
                raise InputError(
                    "Give a TITLE to classify, or --file with a CSV and --column naming its title column."
                )
            if description is not None:
                raise InputError(
                    "--description goes with a TITLE; for a CSV use --description-column."
                )
            _batch(file, column, description_column, output, _model(model))
            return
        if description is not None and file is not None:
            raise InputError("Give the description as --description TEXT or --file F, not both.")
        text = read_text_file(file) if file is not None else description
        result = _model(model).classify(title, text, explain=True)
        _show(title, result, fmt, with_description=bool(text))


def _show(title: str, c: Classification, fmt: ClassifyFormat, *, with_description: bool) -> None:
    if fmt is ClassifyFormat.json:
        record = asdict(c) | {"title": title, "answered": c.answered}
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    from roleatlas.taxonomy.roles import get_role

    if c.answered:
        head = f"[bold green]{c.role}[/] ({escape(get_role(c.role).name)}), confidence {c.confidence:.0%}"
    elif c.reason == "no known words":
        head = "[bold yellow]unclear[/]: none of its words is known to the model (empty, another language, or noise)"
    else:
        two = " or ".join(f"{x.role} {x.probability:.0%}" for x in c.candidates[:2])
        head = (
            f"[bold yellow]unclear[/]: the best candidate is below the {c.threshold:.0%} threshold "
            f"({two})"
        )
    console.print(f"{escape(title) or '(empty title)'} -> {head}", highlight=False)
    table = Table(box=box.SIMPLE_HEAD, title="Top candidates", title_justify="left")
    table.add_column("role")
    table.add_column("probability", justify="right")
    for x in c.candidates:
        table.add_row(x.role, f"{x.probability:.1%}")
    console.print(table)
    versus = c.candidates[1].role if len(c.candidates) > 1 else ""
    signals = [e for e in c.evidence if e.field in ("title rule", "description focus")]
    if signals:
        text = ", ".join(f"{escape(e.text)} ({e.field}, +{e.weight:.2f})" for e in signals)
        console.print(f"Second stage, what pushed it over {versus}: {text}", highlight=False)
    words = [e for e in c.evidence if e not in signals]
    if words:
        text = ", ".join(f"{escape(e.text)} ({e.field}, +{e.weight:.2f})" for e in words)
        label = "First stage, words" if signals else "Words"
        console.print(f"{label} that pushed it over {versus}: {text}", highlight=False)
    basis = "title and description" if with_description else "title only"
    console.print(f"[dim]Model {c.model}, {basis}.[/]", highlight=False)


def _open_output(path: Path | None, source: Path) -> tuple[IO[str], Path | None]:
    if path is not None and str(path) == "-":
        return sys.stdout, None
    target = path or source.with_name(source.stem + ".roles.csv")
    try:
        return target.open("w", newline="", encoding="utf-8"), target
    except OSError as exc:
        raise InputError(
            f"Cannot write {target}: {exc.strerror}. Choose another --output."
        ) from exc


def _batch(
    path: Path, column: str, description_column: str | None, output: Path | None, model: RoleModel
) -> None:
    try:
        fh = path.open(newline="", encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}. Check the path.") from exc
    csv.field_size_limit(1 << 30)
    with fh:
        try:
            rows = list(csv.DictReader(fh))
        except csv.Error as exc:
            raise InputError(f"{path} is not a readable CSV file: {exc}.") from exc
    columns = list(rows[0]) if rows else []
    for name in filter(None, (column, description_column)):
        if name not in columns:
            raise InputError(
                f"{path} has no column {name!r}. Its columns are: {', '.join(columns) or '(none)'}."
            )
    out, target = _open_output(output, path)
    answered = 0
    try:
        writer = csv.DictWriter(
            out, [*columns, *_BATCH_FIELDS], lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        with Progress(
            TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err_console, transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("rows", total=len(rows))
            for row in rows:
                desc = row.get(description_column) if description_column else None
                c = model.classify(row.get(column) or "", desc)
                answered += c.answered
                cands = [*c.candidates, None, None][:2]
                writer.writerow(
                    row
                    | {"role": c.role, "confidence": f"{c.confidence:.4f}"}
                    | {f"candidate_{i}": x.role if x else "" for i, x in enumerate(cands, 1)}
                    | {
                        f"probability_{i}": f"{x.probability:.4f}" if x else ""
                        for i, x in enumerate(cands, 1)
                    }
                )
                bar.advance(task)
    finally:
        if target is not None:
            out.close()
    where = f" to {target}" if target else ""
    err_console.print(
        f"Classified {len(rows):,} rows{where}: {answered:,} with a role, "
        f"{len(rows) - answered:,} unclear (model {model.version}).",
        highlight=False,
        soft_wrap=True,
    )
