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
from roleatlas.errors import InputError, RoleAtlasError

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


#: The largest text file a single-text command reads (one posting's description).
MAX_TEXT_BYTES = 5_000_000


def read_text_file(path: Path) -> str:
    """A text file's content (invalid UTF-8 replaced); a clear error when unreadable or over 5 MB."""
    try:
        data = path.read_bytes()[: MAX_TEXT_BYTES + 1]
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}. Check the path.") from exc
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"{path} is larger than 5 MB; pass a single description.")
    return data.decode("utf-8", errors="replace")
