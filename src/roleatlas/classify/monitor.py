"""Watch the role classifier where it is used: the atlas's postings and survey titles.

A model is chosen and calibrated on the hand-labelled training postings, and
scored once on the gold set; after that, what it meets is the data it
classifies. :func:`monitor_roles` reads the answers the atlas stores
(``posting_role``: postings, title and description; ``title_role``: the
survey's distinct titles, title alone) and sets each stream's answer rate,
with its 95% Wilson interval, next to the rate measured before use on the
same kind of input (the cross-validated answers on the hand-labelled training
postings, stored in the model's metadata). A stream whose interval lies
wholly below that rate is flagged: the model is less sure of this data than
of the data it was calibrated on (new kinds of postings, or drift), and its
accuracy there is unmeasured. It also says when the atlas was labelled by
another model than the current one, and, for the survey titles, how often the
model gives the title rules' role. Nothing is classified again: the report
reads the atlas (fast, and it describes the answers the statistics use).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from roleatlas.classify.evaluate import UNCLEAR
from roleatlas.errors import InputError
from roleatlas.insights.stats import wilson_interval

MODEL_PREFIX = "model:"  # posting_role.role_source of the classifier's answers


@dataclass(frozen=True)
class Stream:
    """One kind of input the model classified in the atlas, and how it answered."""

    name: str
    unit: str  # what n counts
    n: int
    answered: int
    expected: float | None  # the answer rate measured before use on this kind of input
    expected_source: str
    mean_confidence: float | None
    roles: dict[str, int]  # answers, ``unclear`` included, most common first
    rule_agreement: float | None = None  # rows given the title rules' role (survey titles)
    versions: tuple[str, ...] = ()  # the model versions that labelled this stream

    @property
    def answer_rate(self) -> float:
        return self.answered / self.n if self.n else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.answered, self.n) if self.n else (0.0, 1.0)

    @property
    def below_expected(self) -> bool:
        """True when the whole 95% interval of the answer rate lies below the expected rate."""
        return self.expected is not None and self.n > 0 and self.interval[1] < self.expected


@dataclass(frozen=True)
class MonitorReport:
    model_version: str
    streams: tuple[Stream, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model_version": self.model_version,
            "streams": [
                {
                    "name": s.name,
                    "unit": s.unit,
                    "n": s.n,
                    "answered": s.answered,
                    "answer_rate": s.answer_rate,
                    "answer_rate_ci95": list(s.interval),
                    "expected_answer_rate": s.expected,
                    "expected_source": s.expected_source,
                    "below_expected": s.below_expected,
                    "mean_confidence": s.mean_confidence,
                    "rule_agreement": s.rule_agreement,
                    "roles": s.roles,
                    "versions": list(s.versions),
                }
                for s in self.streams
            ],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }


def expected_rates(metadata: dict[str, Any]) -> dict[str, tuple[float | None, str]]:
    """The answer rates a model's metadata holds for postings and for titles alone, each
    with where it was measured (None when the model did not measure it)."""
    second = metadata.get("second_stage") or {}
    postings = (second.get("hand_with_abstention") or {}).get("answer_rate")
    titles = None
    if metadata.get("first_stage_calibrated_on") == "title alone":
        titles = (metadata.get("cv_hand_chosen_with_abstention") or {}).get("answer_rate")
    n = second.get("postings")
    where = f"cross-validated on {n} hand-labelled training postings" if n else "not measured"
    return {
        "postings": (postings, where if postings is not None else "not measured"),
        "titles": (
            titles,
            "cross-validated on the hand-labelled training postings' titles alone"
            if titles is not None
            else "not measured for titles alone by this model",
        ),
    }


def monitor_roles(con: duckdb.DuckDBPyConnection, metadata: dict[str, Any]) -> MonitorReport:
    """The monitoring report (module docstring) for the model whose ``metadata`` is given.

    Raises :class:`InputError` when the atlas holds no classifier answers at all.
    """
    expected = expected_rates(metadata)
    version = str(metadata.get("version", "?"))
    streams = [s for s in (_postings(con, expected), _titles(con, expected)) if s is not None]
    if not streams:
        raise InputError(
            "The atlas holds no role classifier answers (no postings or survey titles labelled "
            "by a model): run `roleatlas train roles`, then `roleatlas build`."
        )
    warnings = []
    for s in streams:
        other = [v for v in s.versions if v != version]
        if other:
            warnings.append(
                f"The {s.name} were labelled by model {', '.join(other)}, not the current "
                f"{version}: run `roleatlas build` to label them again."
            )
        if s.below_expected:
            low, high = s.interval
            warnings.append(
                f"The model answers {s.answer_rate:.1%} of the {s.name} ({low:.1%}-{high:.1%}), "
                f"below the {s.expected:.1%} it answered {s.expected_source}: it is less sure of "
                "this data than of the data it was calibrated on, and its accuracy here is "
                "unmeasured. Label a sample by hand (the guide: classify/data/LABELLING.md) "
                "before trusting these roles."
            )
    return MonitorReport(version, tuple(streams), tuple(warnings), _notes(con, streams))


def _notes(con: duckdb.DuckDBPyConnection, streams: list[Stream]) -> tuple[str, ...]:
    """In-sample caveats: the bundled postings files and the survey titles are training data."""
    from roleatlas.ingest.postings import POSTING_FILES

    notes = []
    if any(s.name.startswith("postings") for s in streams):
        files = {r[0] for r in con.execute("SELECT DISTINCT file FROM posting_role").fetchall()}
        bundled = sorted(files & set(POSTING_FILES))
        if bundled:
            notes.append(
                f"{len(bundled)} of the postings files ({', '.join(bundled)}) are bundled ones, "
                "which the model was trained on (weak labels from their titles, and the "
                "hand-labelled training sample): on them the rates are in-sample. The report "
                "is meant for postings the model has not seen."
            )
    if any(s.name.startswith("survey") for s in streams):
        notes.append("The survey titles are training data too (weak labels from the title rules).")
    return tuple(notes)


def _postings(
    con: duckdb.DuckDBPyConnection, expected: dict[str, tuple[float | None, str]]
) -> Stream | None:
    rows = _answers(
        con,
        "SELECT role, count(*), avg(confidence), list(DISTINCT role_source) FROM posting_role "
        "WHERE duplicate_of IS NULL AND starts_with(role_source, ?) GROUP BY role",
        [MODEL_PREFIX],
    )
    if rows is None:
        return None
    return _stream(
        "postings (title and description)",
        "distinct postings (repeats left out)",
        rows,
        expected["postings"],
        {v.removeprefix(MODEL_PREFIX) for r in rows for v in r[3]},
    )


def _titles(
    con: duckdb.DuckDBPyConnection, expected: dict[str, tuple[float | None, str]]
) -> Stream | None:
    rows = _answers(
        con,
        "SELECT model_role, count(*), avg(model_confidence), list(DISTINCT model_version), "
        "sum(rows), sum(rows) FILTER (WHERE model_role = rule_role) "
        "FROM title_role WHERE model_version IS NOT NULL GROUP BY model_role",
    )
    if rows is None:
        return None
    survey_rows = sum(r[4] for r in rows)
    return _stream(
        "survey titles (title alone)",
        "distinct aijobs.net titles",
        rows,
        expected["titles"],
        {v for r in rows for v in r[3]},
        rule_agreement=sum(r[5] or 0 for r in rows) / survey_rows if survey_rows else None,
    )


def _answers(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> list[tuple[Any, ...]] | None:
    """Rows of ``(answer, count, mean confidence, versions, ...)``; None when the table is
    absent or holds no model answers."""
    try:
        rows = con.execute(sql, params or []).fetchall()
    except duckdb.CatalogException:
        return None
    return rows or None


def _stream(
    name: str,
    unit: str,
    rows: list[tuple[Any, ...]],
    expected: tuple[float | None, str],
    versions: set[str],
    rule_agreement: float | None = None,
) -> Stream:
    n = sum(r[1] for r in rows)
    return Stream(
        name,
        unit,
        n,
        sum(r[1] for r in rows if r[0] != UNCLEAR),
        *expected,
        sum(r[1] * r[2] for r in rows if r[2] is not None) / n,
        _ordered({r[0]: r[1] for r in rows}),
        rule_agreement=rule_agreement,
        versions=tuple(sorted(versions)),
    )


def _ordered(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
