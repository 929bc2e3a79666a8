"""``roleatlas build``: build the atlas with progress bars and a row-accounting table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from roleatlas.cli.common import DbOption, console, user_errors
from roleatlas.ingest.sink import FileReport

if TYPE_CHECKING:
    from roleatlas.store.build import BuildReport


def build(
    *,
    db: DbOption = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Load only this source (repeatable; default: all)."),
    ] = None,
    data_home: Annotated[
        Path | None,
        typer.Option(
            "--data-home",
            help="Directory holding the sources (default: $ROLEATLAS_DATA_HOME, else the cache).",
            file_okay=False,
        ),
    ] = None,
    files: Annotated[
        bool, typer.Option("--files", help="Show the row accounting per file, not per source.")
    ] = False,
) -> None:
    """Build the atlas database from the data sources (atomic: the old atlas stays until the new one is complete)."""
    # Imported here: progress bars and the loaders are not needed by the other commands.
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from roleatlas.store.build import BuildProgress, build_atlas

    with (
        user_errors(),
        Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as bar,
    ):
        tasks: dict[str, TaskID] = {}

        def start(name: str, files: int) -> None:
            tasks[name] = bar.add_task(name, total=files)

        def done(name: str, file: str) -> None:
            if name in tasks:
                bar.advance(tasks[name])

        def finished(name: str) -> None:
            # A loader may read fewer files than are present (licences, readmes): close its bar.
            if name in tasks:
                bar.update(tasks[name], total=bar.tasks[tasks[name]].completed)

        report = build_atlas(
            db, home=data_home, sources=source, progress=BuildProgress(start, done, finished)
        )
    console.print(accounting_table(report, files=files))
    console.print(f"Atlas written to [bold]{report.path}[/]")
    if source is None or "aijobs-salaries" in source:
        from roleatlas.classify.atlas import model_note

        console.print(model_note(), highlight=False)


def accounting_table(report: BuildReport, *, files: bool = False) -> Table:
    """Rows read / loaded / quarantined per source (per file with ``files``), checked to add up."""
    rows = list(report.files) if files else report.by_source()
    table = Table(title=f"Row accounting per {'file' if files else 'source'}", title_justify="left")
    table.add_column("source")
    if files:
        table.add_column("file")
    for col in ("read", "loaded", "quarantined"):
        table.add_column(col, justify="right")
    table.add_column("adds up")
    totals = FileReport(
        "all",
        "",
        sum(r.read for r in rows),
        sum(r.loaded for r in rows),
        sum(r.quarantined for r in rows),
    )
    for i, r in enumerate([*rows, totals]):
        if i == len(rows):
            table.add_section()
        ok = r.read == r.loaded + r.quarantined
        counts = (f"{r.read:,}", f"{r.loaded:,}", f"{r.quarantined:,}")
        table.add_row(
            r.source, *([r.file] if files else []), *counts, "yes" if ok else "[red]NO[/]"
        )
    table.caption = (
        "Quarantined rows are kept with their reason in the table `quarantine` of the atlas"
        + ("." if files else "; --files shows the count per file.")
    )
    return table
