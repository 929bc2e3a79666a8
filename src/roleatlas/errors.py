"""The one exception tree of Role Atlas.

::

    RoleAtlasError                 base for every error raised on purpose
    ├── InputError                 the user's input cannot be used (bad option, unknown name)
    │   └── UnknownNameError       a role / country / level name that is not one of the choices
    ├── DataError                  a data source is missing, damaged or unreadable
    │   ├── SourceMissingError     a source's files are not in the data directory
    │   └── ChecksumError          a file's sha256 is not the registered one
    ├── DownloadError              fetching a source failed (network, HTTP status, interrupted)
    ├── AtlasError                 the atlas database is missing, stale or cannot be built
    │   └── AtlasMissingError      no atlas yet: run ``roleatlas build``
    ├── ModelError                 a trained model is missing, damaged or cannot be trained
    │   └── ModelMissingError      no model yet: run ``roleatlas train roles``
    └── ...

Front-ends (CLI, later the API) translate :class:`RoleAtlasError` once and never
show a traceback for it. Third-party errors are wrapped at the boundary with
``raise OurError(msg) from exc``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class RoleAtlasError(Exception):
    """Base for every error we raise on purpose."""

    #: HTTP status a web front-end answers with.
    status_code = 500


class InputError(RoleAtlasError):
    """The user's input cannot be used; the message says how to fix it."""

    status_code = 400


class UnknownNameError(InputError):
    """A name that is not one of the valid choices; the message lists them."""

    status_code = 404

    def __init__(
        self, kind: str, value: str, choices: Iterable[str], *, listing: str | None = None
    ) -> None:
        self.kind = kind
        self.value = value
        self.choices = list(dict.fromkeys(choices))
        lowered = {c.lower(): c for c in self.choices}
        close = difflib.get_close_matches(value.lower(), list(lowered), n=3, cutoff=0.6)
        self.suggestions = [lowered[c] for c in close]
        hint = (
            f" Did you mean {' or '.join(repr(s) for s in self.suggestions)}?"
            if self.suggestions
            else ""
        )
        valid = listing or ", ".join(self.choices)
        super().__init__(f"Unknown {kind} {value!r}.{hint} Valid choices: {valid}.")


class DataError(RoleAtlasError):
    """A data source is missing, damaged or unreadable."""

    status_code = 503


class SourceMissingError(DataError):
    """The files of a source are not in the data directory."""


class ChecksumError(DataError):
    """A file's sha256 differs from the registered one."""


class DownloadError(RoleAtlasError):
    """Fetching a source failed; nothing half-written was left behind."""

    status_code = 502


class AtlasError(RoleAtlasError):
    """The atlas database cannot be built, opened or queried."""

    status_code = 503


class AtlasMissingError(AtlasError):
    """There is no atlas database yet."""


class ModelError(RoleAtlasError):
    """A trained model cannot be loaded or trained; the message says how to retrain."""

    status_code = 503


class ModelMissingError(ModelError):
    """There is no trained model yet."""
