"""``roleatlas data``: see which data sources are present, and download them."""

from __future__ import annotations

# Downloading (urllib, ssl, certifi) and progress bars are imported where they are used,
# to keep them off the start-up path of every other command.
import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from roleatlas.cli.common import console, err_console, user_errors
from roleatlas.config import DATA_HOME_ENV, Settings, get_settings
from roleatlas.errors import UnknownNameError
from roleatlas.sources.locate import FileState, SourceStatus, source_status
from roleatlas.sources.registry import SOURCES, Source, SourceFile

if TYPE_CHECKING:
    from roleatlas.sources.download import FileResult

app = typer.Typer(
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="See which data sources are present, and download the missing ones.",
)

_STYLE = {
    FileState.PRESENT: "green",
    FileState.MISSING: "red",
    FileState.MISMATCH: "red",
}


class StatusFormat(enum.StrEnum):
    table = "table"
    json = "json"


@app.command()
def status(
    *,
    output: Annotated[
        StatusFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = StatusFormat.table,
    no_verify: Annotated[
        bool,
        typer.Option("--no-verify", help="Only check that files exist; skip the sha256 check."),
    ] = False,
) -> None:
    """Show every data source: present, missing or damaged, where it is, and its licence."""
    with user_errors():
        settings = get_settings()
        statuses = [source_status(s, verify=not no_verify) for s in SOURCES]
    if output is StatusFormat.json:
        typer.echo(json.dumps([_status_json(s) for s in statuses], indent=2))
        return
    origin, *notes = _status_notes(statuses, settings, verified=not no_verify)
    console.print(origin, highlight=False, soft_wrap=True)
    console.print(_status_table(statuses, settings.data_home))
    for line in notes:
        console.print(line, highlight=False, soft_wrap=True)


@app.command()
def download(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Sources to download (see `roleatlas data status`); all of them if none.",
            metavar="NAME",
            show_default=False,
        ),
    ] = None,
    *,
    dest: Annotated[
        Path | None,
        typer.Option(
            "--dest",
            help=f"Data directory to download into (default: ${DATA_HOME_ENV}, else the cache).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for a server before giving up.", min=1)
    ] = 30.0,
) -> None:
    """Download data sources, verify their checksums and store them in the data directory."""
    with user_errors():
        sources = _pick(names or [])
        settings = get_settings()
        # Download where the data is read from, so `data status` and `build` find it.
        home = dest or settings.data_home
        for source in sources:
            results = _download_with_bar(source, home=home, timeout=timeout)
            _report_download(source, results)
    console.print(f"Data directory: {escape(str(home))}", highlight=False, soft_wrap=True)
    if dest is not None and dest.resolve() != settings.data_home.resolve():
        console.print(
            escape(
                f"Role Atlas reads its data from {settings.data_home}: set "
                f"{DATA_HOME_ENV}={dest} to use the files downloaded here."
            ),
            highlight=False,
            soft_wrap=True,
        )


def _pick(names: list[str]) -> list[Source]:
    """The sources called ``names`` (all when empty), in the order given."""
    by_name = {s.name: s for s in SOURCES}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise UnknownNameError("data source", unknown[0], by_name)
    return [by_name[n] for n in dict.fromkeys(names)] if names else list(SOURCES)


def _download_with_bar(source: Source, *, home: Path, timeout: float) -> list[FileResult]:
    """Run :func:`download_source` under a Rich progress bar (one task per file)."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from roleatlas.sources.download import download_source

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    tasks: dict[str, TaskID] = {}
    # No bars when stderr is not a terminal (CI logs, pipes): only the summary lines.
    quiet = not err_console.is_terminal
    with Progress(*columns, console=err_console, transient=True, disable=quiet) as bar:

        def progress(file: SourceFile, done: int, total: int | None) -> None:
            if file.path not in tasks:
                tasks[file.path] = bar.add_task(f"{source.name}: {file.path}", total=total)
            bar.update(tasks[file.path], completed=done, total=total)

        return download_source(source, dest_home=home, progress=progress, timeout=timeout)


def _report_download(source: Source, results: list[FileResult]) -> None:
    """One line per source, plus a line for every file skipped or replaced."""
    from roleatlas.sources.download import Outcome

    counts = {o: sum(r.outcome is o for r in results) for o in Outcome}
    summary = ", ".join(f"{n} {o}" for o, n in counts.items() if n)
    console.print(f"[bold]{escape(source.name)}[/]: {summary}.", highlight=False, soft_wrap=True)
    for r in results:
        if r.outcome is Outcome.SKIPPED or r.note.startswith("replaced"):
            line = escape(f"  {r.file.path}: {r.note}.")
            console.print(line, highlight=False, soft_wrap=True)


def _counts(status: SourceStatus) -> str:
    """``"16/16 files"``: how many of the source's files are present and verified."""
    good = sum(f.state is FileState.PRESENT for f in status.files)
    return f"{good}/{len(status.files)} files"


def _optional_absent(status: SourceStatus) -> list[str]:
    """Optional files that are missing or differ (they never fail a source)."""
    return [
        f.file.path
        for f in status.files
        if not f.file.required and f.state is not FileState.PRESENT
    ]


def _status_table(statuses: list[SourceStatus], home: Path) -> Table:
    # Blank dividers and no padding, so that the table fits an 80-column terminal.
    table = Table(highlight=False, box=box.SIMPLE_HEAD, padding=0, pad_edge=False)
    table.add_column("Source", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Files", no_wrap=True)
    table.add_column("Directory", no_wrap=True)
    table.add_column("Licence")
    for st in statuses:
        table.add_row(
            escape(st.source.name),
            f"[{_STYLE[st.state]}]{st.state}[/]",
            _counts(st),
            escape(_relative(st.directory, home)),
            escape(st.source.licence),
        )
    return table


def _relative(directory: Path, home: Path) -> str:
    """``folder/`` when under the data directory (named above the table), else the full path."""
    try:
        return f"{directory.relative_to(home)}/"
    except ValueError:
        return str(directory)


def _status_notes(statuses: list[SourceStatus], settings: Settings, *, verified: bool) -> list[str]:
    """Where the data comes from (first line), then what is wrong and what to do next."""
    if settings.data_home_from_env:
        origin = f"from {DATA_HOME_ENV}"
    else:
        origin = f"the user cache; {DATA_HOME_ENV} is not set"
    lines = [escape(f"Data directory: {settings.data_home} ({origin}).")]
    if not verified:
        lines.append("Checksums were not verified (--no-verify): only the files' presence was.")
    optional = [
        f"{st.source.name}: {', '.join(absent)}"
        for st in statuses
        if st.state is FileState.PRESENT and (absent := _optional_absent(st))
    ]
    if optional:
        lines.append(
            escape(
                f"Optional files not present (their sources still count as present): "
                f"{'; '.join(optional)}."
            )
        )
    bad = [st for st in statuses if st.state is not FileState.PRESENT]
    if not bad:
        lines.append(f"[green]All {len(statuses)} sources are present.[/]")
        return lines
    names = " ".join(st.source.name for st in bad)
    command = "roleatlas data download" + ("" if len(bad) == len(statuses) else f" {names}")
    advice = escape(
        f"{names}. Run `{command}` to fetch them into {settings.data_home} (a file that "
        f"differs is replaced by a verified copy), or set {DATA_HOME_ENV} to a directory "
        "that holds them."
    )
    lines.append(f"[red]{len(bad)} of {len(statuses)} sources are missing or damaged:[/] {advice}")
    return lines


def _status_json(st: SourceStatus) -> dict[str, Any]:
    return {
        "name": st.source.name,
        "title": st.source.title,
        "status": str(st.state),
        "directory": str(st.directory),
        "licence": st.source.licence,
        "attribution": st.source.attribution,
        "homepage": st.source.homepage,
        "files_present": sum(f.state is FileState.PRESENT for f in st.files),
        "files_total": len(st.files),
        "files": [
            {
                "path": f.file.path,
                "state": str(f.state),
                "required": f.file.required,
                "size": f.file.size,
                "sha256": f.file.sha256,
                "url": f.file.url,
            }
            for f in st.files
        ],
    }
