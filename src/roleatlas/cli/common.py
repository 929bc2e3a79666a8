"""What every command shares: consoles, the one error translation, output formats."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from roleatlas.config import DB_ENV
from roleatlas.errors import RoleAtlasError

console = Console()
err_console = Console(stderr=True)


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help="Atlas database file (default: the user data directory).",
        dir_okay=False,
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn our errors into a red message and exit code 1 (no traceback); Ctrl-C into exit 130."""
    try:
        yield
    except RoleAtlasError as exc:
        err_console.print(f"[red]Error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None
    except KeyboardInterrupt:
        err_console.print("[yellow]Interrupted.[/]")
        raise typer.Exit(code=130) from None
