"""``roleatlas build``: build the atlas with progress bars and a row-accounting table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from roleatlas.cli.common import DbOption, console, user_errors

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
    console.print(accounting_table(report))
    console.print(f"Atlas written to [bold]{report.path}[/]")


def accounting_table(report: BuildReport) -> Table:
    """Per-source rows read / loaded / quarantined, with a check that they add up."""
    table = Table(title="Row accounting per source", title_justify="left")
    for col in ("source", "file", "read", "loaded", "quarantined", "adds up"):
        table.add_column(
            col, justify="right" if col in ("read", "loaded", "quarantined") else "left"
        )
    for f in report.files:
        ok = f.read == f.loaded + f.quarantined
        table.add_row(
            f.source,
            f.file,
            f"{f.read:,}",
            f"{f.loaded:,}",
            f"{f.quarantined:,}",
            "yes" if ok else "[red]NO[/]",
        )
    totals = report.by_source()
    read = sum(t.read for t in totals)
    loaded = sum(t.loaded for t in totals)
    quarantined = sum(t.quarantined for t in totals)
    table.add_section()
    table.add_row(
        "all",
        "",
        f"{read:,}",
        f"{loaded:,}",
        f"{quarantined:,}",
        "yes" if read == loaded + quarantined else "[red]NO[/]",
    )
    table.caption = (
        "Quarantined rows are kept with their reason in the table `quarantine` of the atlas."
    )
    return table
