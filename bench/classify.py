"""Throughput of the role classifier on one core, against the title rules, on real titles (issue 4).

The real strings: every distinct job title of the four postings files and of the
aijobs.net survey (``job_title``), cycled to ``--n`` title calls (default 20,000),
and the 3,490 postings (title + description) cycled to ``--postings`` calls
(default 2,000). The same streams go through the rule baseline
(:func:`roleatlas.taxonomy.titles.role_for_title`, ordered regular expressions).
Printed: microseconds per item, items per second, the ratio model / rules, and
the issue's targets (5,000 titles/s, 500 postings/s).

Caches matter, so each figure says which it is:

- **rules, cached**: ``role_for_title`` as shipped (LRU cache of 4,096 titles) on
  the replicated stream; **rules, uncached**: ``role_for_title.__wrapped__``.
- **model, distinct titles**: the ``title_text`` cache of the classifier, the
  ``parse_title`` cache under it and the model's title-word columns
  (``RoleModel.clear_caches``) are cleared before every pass over the distinct
  titles (outside the clock), so every call prepares its title from scratch;
  within a pass, a word already met in another title is looked up once, as in
  any real batch (titles share "engineer", "data", "senior").
- **model, repeated titles**: the same stream with all three caches warm, as in a
  batch where titles repeat (a real corpus of postings does).
- **model, postings**: title + description, caches cleared before every pass;
  descriptions are never cached.

Times are wall clock (``time.perf_counter``), which the verdicts use; the
``CPU µs`` columns give this process's CPU time (``time.process_time``) for the
same runs. When the two agree the process was not descheduled, and what still
varies between runs comes from the machine (other jobs on the other cores
sharing caches and memory bandwidth, clock speed): run it on a quiet machine.
The script warns when wall time exceeds CPU time by more than 10% (another job
ran on the same CPU).

Also timed: one 1 MB description (real description text, and 1 MB of ``<``
markup openers) and an empty title, and a breakdown of one call into its
stages (title preparation, title features, vectorising, scores, the answer;
description text and features). Every figure is the best of ``--repeat`` runs
(default 3) after one warm-up pass.

One core: ``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS`` and ``MKL_NUM_THREADS``
are set to 1 before numpy is imported, because the BLAS library reads them once
when it loads and starts its thread pool then; set later they change nothing,
and a pool of several threads would let the ``x @ W`` product use more than the
one core being measured. The process is also pinned to its first allowed CPU
(or ``--cpu N``) with ``os.sched_setaffinity`` where the platform has it.

Without a trained model the script prints how to train one and exits with 2.

    ROLEATLAS_DATA_HOME=/path/to/data python bench/classify.py [--model DIR] [--n 20000]
        [--postings 2000] [--repeat 3] [--cpu N]
"""

from __future__ import annotations

import os

# Before anything imports numpy (see the module docstring): one BLAS thread.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import argparse
import csv
import itertools
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from _common import pin_one_core

TARGET_TITLES_PER_S = 5_000
TARGET_POSTINGS_PER_S = 500
ONE_MB = 1 << 20


@dataclass(frozen=True)
class Clock:
    """Seconds of wall-clock time (``perf_counter``) and of this process's CPU time."""

    wall: float
    cpu: float

    def __add__(self, other: Clock) -> Clock:
        return Clock(self.wall + other.wall, self.cpu + other.cpu)

    def __sub__(self, other: Clock) -> Clock:
        return Clock(self.wall - other.wall, self.cpu - other.cpu)


@dataclass(frozen=True)
class Row:
    kind: str  # "titles" or "postings"
    run: str
    items: int
    clock: Clock  # best of the repeats
    base: float | None = None  # the rules' items/s this row is compared with
    target: int | None = None

    @property
    def rate(self) -> float:
        return self.items / self.clock.wall


def _load_model(directory: Path | None) -> Any:
    from roleatlas.classify.model import default_model, load_model

    return load_model(directory) if directory is not None else default_model()


def _read_data() -> tuple[list[str], list[tuple[str, str]]]:
    """Distinct non-empty titles (postings + survey) and the postings' (title, description)."""
    from roleatlas.ingest.postings import iter_postings
    from roleatlas.sources import get_source, require

    postings = [
        (p.title, p.description)
        for p in iter_postings(require(get_source("postings"), verify=False))
    ]
    survey = require(get_source("aijobs-salaries"), verify=False).path("salaries.csv")
    with survey.open(newline="", encoding="utf-8") as fh:
        survey_titles = {row["job_title"] for row in csv.DictReader(fh)}
    titles = {t for t, _ in postings} | survey_titles
    return sorted(t for t in titles if t.strip()), postings


#: The model whose title-word cache the cold runs empty (set by ``main``).
_MODEL: Any = None


def _clear_title_caches() -> None:
    """Empty the caches the classifier's title preparation goes through (the model's
    title-word columns included)."""
    from roleatlas.classify.text import title_text
    from roleatlas.parse import title as title_module

    title_text.cache_clear()
    title_module._parse_cached.cache_clear()
    if _MODEL is not None:
        _MODEL.clear_caches()


def _best(run: Callable[[], Clock], repeat: int) -> Clock:
    """One warm-up run, then the best (smallest) wall and CPU times of ``repeat`` timed runs."""
    run()
    clocks = [run() for _ in range(repeat)]
    return Clock(min(c.wall for c in clocks), min(c.cpu for c in clocks))


def _clock() -> Clock:
    return Clock(time.perf_counter(), time.process_time())


def _timed(func: Callable[[Any], Any], stream: Sequence[Any]) -> Callable[[], Clock]:
    def run() -> Clock:
        start = _clock()
        for item in stream:
            func(item)
        return _clock() - start

    return run


def _timed_cold(
    func: Callable[[Any], Any], stream: Sequence[Any], period: int
) -> Callable[[], Clock]:
    """Like :func:`_timed`, clearing the title caches (off the clock) every ``period`` items."""

    def run() -> Clock:
        total = Clock(0.0, 0.0)
        for i in range(0, len(stream), period):
            _clear_title_caches()
            chunk = stream[i : i + period]
            start = _clock()
            for item in chunk:
                func(item)
            total = total + (_clock() - start)
        return total

    return run


def _cycle(items: Sequence[Any], n: int) -> list[Any]:
    return list(itertools.islice(itertools.cycle(items), n))


def _note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _title_rows(model: Any, distinct: list[str], n: int, repeat: int) -> list[Row]:
    from roleatlas.taxonomy.titles import role_for_title

    stream = _cycle(distinct, n)
    _note(f"titles: rules, then model ({n:,} calls, best of {repeat})")
    cached = _best(_timed(role_for_title, stream), repeat)
    uncached = _best(_timed(role_for_title.__wrapped__, stream), repeat)
    cold = _best(_timed_cold(model.classify, stream, len(distinct)), repeat)
    _clear_title_caches()
    warm = _best(_timed(model.classify, stream), repeat)
    r_cached, r_uncached = n / cached.wall, n / uncached.wall
    return [
        Row("titles", "rules, cached", n, cached),
        Row("titles", "rules, uncached", n, uncached),
        Row("titles", "model, distinct, cold", n, cold, r_uncached, TARGET_TITLES_PER_S),
        Row("titles", "model, repeated, warm", n, warm, r_cached, TARGET_TITLES_PER_S),
    ]


def _posting_rows(model: Any, postings: list[tuple[str, str]], n: int, repeat: int) -> list[Row]:
    from roleatlas.taxonomy.titles import role_for_title

    stream = _cycle(postings, n)
    _note(f"postings: rules (title only), then model (title + description, {n:,} calls)")
    rules = _best(_timed(lambda p: role_for_title.__wrapped__(p[0]), stream), repeat)
    cold = _best(_timed_cold(lambda p: model.classify(p[0], p[1]), stream, len(postings)), repeat)
    return [
        Row("postings", "rules (title), uncached", n, rules),
        Row("postings", "model, title+desc, cold", n, cold, n / rules.wall, TARGET_POSTINGS_PER_S),
    ]


def _breakdown(
    model: Any, distinct: list[str], postings: list[tuple[str, str]], repeat: int
) -> list[tuple[str, float, float]]:
    """Microseconds per item of each stage, on the distinct titles and the postings once each."""
    from roleatlas.classify.text import (
        description_features,
        description_text,
        title_features,
        title_text,
    )

    prepared = [title_text(t) for t in distinct]
    descs = [d for _, d in postings]
    plain = [description_text(d) for d in descs]
    stages: list[tuple[str, Callable[[], Clock], int]] = [
        ("title_text, caches cleared", _timed_cold(title_text, distinct, len(distinct)), 0),
        ("title_features of the prepared title", _timed(title_features, prepared), 0),
        (
            "model._features(title), caches warm",
            _timed(lambda t: model._features(t, None), distinct),
            0,
        ),
        ("model.scores(title), caches warm", _timed(model.scores, distinct), 0),
        ("model.classify(title), caches warm", _timed(model.classify, distinct), 0),
        ("description_text", _timed(description_text, descs), 1),
        ("description_features of the plain text", _timed(description_features, plain), 1),
    ]
    _note("breakdown of one call")
    out = []
    for label, run, on_postings in stages:
        items = len(postings) if on_postings else len(distinct)
        best = _best(run, repeat)
        out.append((label, best.wall / items * 1e6, best.cpu / items * 1e6))
    return out


def _singles(
    model: Any, postings: list[tuple[str, str]], repeat: int
) -> list[tuple[str, float, str]]:
    """Milliseconds for a 1 MB description (real text; markup openers) and an empty title."""
    real = ""
    for _, text in itertools.cycle(postings):
        real += text + "\n"
        if len(real) >= ONE_MB:
            break
    cases: list[tuple[str, str, str | None]] = [
        ("1 MB description (real description text)", "Machine Learning Engineer", real[:ONE_MB]),
        ("1 MB description ('<' repeated)", "Machine Learning Engineer", "<" * ONE_MB),
        ("empty title, no description", "", None),
    ]
    out = []
    for label, title, desc in cases:
        answer = model.classify(title, desc)

        def run(title: str = title, desc: str | None = desc) -> Clock:
            _clear_title_caches()
            start = _clock()
            model.classify(title, desc)
            return _clock() - start

        best = _best(run, repeat)
        shown = answer.role + (f" ({answer.reason})" if answer.reason else "")
        out.append((label, best.wall * 1000, shown))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", type=Path, default=None, help="model directory (default: current)"
    )
    parser.add_argument("--n", type=int, default=20_000, help="title calls per run")
    parser.add_argument("--postings", type=int, default=2_000, help="posting calls per run")
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: first)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (best kept)")
    args = parser.parse_args(argv)
    try:
        cpu = pin_one_core(args.cpu)
    except ValueError as exc:
        print(f"{exc} Choose another with --cpu.", file=sys.stderr)
        return 2

    from roleatlas.errors import ModelError, SourceMissingError

    global _MODEL
    try:
        model = _MODEL = _load_model(args.model)
    except ModelError as exc:  # ModelMissingError included
        print(exc, file=sys.stderr)
        return 2
    try:
        distinct, postings = _read_data()
    except SourceMissingError as exc:
        print(exc, file=sys.stderr)
        return 2
    rows = _title_rows(model, distinct, args.n, args.repeat)
    rows += _posting_rows(model, postings, args.postings, args.repeat)
    singles = _singles(model, postings, args.repeat)
    stages = _breakdown(model, distinct, postings, args.repeat)
    _print(rows, singles, stages, model, cpu, len(distinct), len(postings), args.repeat)
    return 0


def _print(
    rows: list[Row],
    singles: list[tuple[str, float, str]],
    stages: list[tuple[str, float, float]],
    model: Any,
    cpu: int | None,
    n_distinct: int,
    n_postings: int,
    repeat: int,
) -> None:
    import numpy as np

    console = Console()
    table = Table(title=f"Role classifier vs title rules, one core (best of {repeat})")
    for col in ("items", "run", "calls", "µs/item", "CPU µs", "items/s", "÷ rules", "target"):
        table.add_column(col, justify="left" if col in ("items", "run") else "right")
    for row in rows:
        ratio = "" if row.base is None else f"{row.rate / row.base:.3f}x"
        target = ""
        if row.target is not None:
            met = "met" if row.rate >= row.target else "NOT met"
            target = f"{row.target:,}/s: {met}"
        table.add_row(
            row.kind,
            row.run,
            f"{row.items:,}",
            f"{1e6 / row.rate:,.1f}",
            f"{row.clock.cpu / row.items * 1e6:,.1f}",
            f"{row.rate:,.0f}",
            ratio,
            target,
        )
    console.print(table)
    single = Table(title="Single calls (caches cleared, best of repeats)")
    for col in ("input", "ms", "answer"):
        single.add_column(col, justify="right" if col == "ms" else "left")
    for label, ms, shown in singles:
        single.add_row(label, f"{ms:,.3f}", shown)
    console.print(single)
    parts = Table(title="Where a call's time goes (µs per item, distinct titles / postings)")
    parts.add_column("stage")
    parts.add_column("µs/item", justify="right")
    parts.add_column("CPU µs", justify="right")
    for label, us, cpu_us in stages:
        parts.add_row(label, f"{us:,.1f}", f"{cpu_us:,.1f}")
    console.print(parts)
    features = sum(len(b.vocab) for b in model.blocks)
    console.print(
        f"Model {model.version}: {len(model.classes)} classes, {features:,} features, "
        f"blocks {', '.join(b.name for b in model.blocks)}."
    )
    console.print(
        f"Real strings: {n_distinct:,} distinct titles (postings + survey), "
        f"{n_postings:,} postings. cold: the title_text and parse_title caches and the "
        "model's title-word columns are cleared before each pass over the distinct items; "
        "warm: all three full. "
        "÷ rules: model items/s over the rules' items/s, uncached rules for cold rows, "
        "cached for warm (below 1 = slower than the rules). CPU µs: this process's CPU "
        "time (process_time); the verdicts use wall time."
    )
    console.print(
        f"CPU {cpu if cpu is not None else 'not pinned'}; {_blas_threads()}; "
        f"Python {platform.python_version()}, numpy {np.__version__}."
    )
    for row in rows:
        if row.target is not None:
            verdict = "met" if row.rate >= row.target else "NOT met"
            on_cpu = row.items / row.clock.cpu
            console.print(
                f"Target {row.target:,} {row.kind}/s, {row.run}: {verdict} ({row.rate:,.0f}/s; "
                f"on CPU time {on_cpu:,.0f}/s, {'met' if on_cpu >= row.target else 'NOT met'})."
            )
    shared = max(row.clock.wall / row.clock.cpu for row in rows if row.clock.cpu > 0)
    if shared > 1.1:
        console.print(
            f"[yellow]Warning:[/] wall time was up to {shared:.1f}x this process's CPU time: "
            f"another job was running on CPU {cpu}, so the wall-clock figures are too low. "
            "Rerun on a quiet machine, or pin to a free CPU with --cpu."
        )


def _blas_threads() -> str:
    try:
        from threadpoolctl import threadpool_info  # type: ignore[import-untyped]
    except ImportError:
        return "BLAS threads unknown (threadpoolctl not installed)"
    pools = [f"{p['internal_api']} {p['num_threads']}" for p in threadpool_info()]
    return "threads: " + (", ".join(pools) or "no BLAS pool found")


if __name__ == "__main__":
    raise SystemExit(main())
