"""Parsers for the messy text of job postings: pay, titles, locations, currencies.

Every parser is a pure function of its text (no I/O at import time, no global
state beyond bounded caches of immutable results), safe to call from a batch
or a Spark UDF. The public names are importable from here; each submodule is
imported on first use so that a command needing one parser does not pay for
the others.

- :func:`parse_salary`, :func:`pay_from_fields` (:mod:`.salary`), :func:`find_salaries`
  (:mod:`.find`), :class:`Pay`, :class:`NoPay` (:mod:`.pay`)
- :func:`to_usd`, :func:`rate`, :class:`NoRateError` (:mod:`.currency`)
- :func:`parse_title`, :class:`ParsedTitle` (:mod:`.title`)
- :func:`parse_location`, :class:`Location`, :class:`UnknownLocation` (:mod:`.location`)
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "parse_salary": "salary",
    "pay_from_fields": "salary",
    "find_salaries": "find",
    "SalaryMention": "find",
    "Pay": "pay",
    "NoPay": "pay",
    "to_usd": "currency",
    "rate": "currency",
    "NoRateError": "currency",
    "parse_title": "title",
    "ParsedTitle": "title",
    "parse_location": "location",
    "Location": "location",
    "UnknownLocation": "location",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"roleatlas.parse.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'roleatlas.parse' has no attribute {name!r}")
