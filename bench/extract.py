"""Skill extraction throughput on one core, against one regex per spelling, on real postings (issue 5).

The real strings: the descriptions of the four postings files (3,490, read with
``iter_postings``), cycled to ``--n`` descriptions (default 100,000).

- **Role Atlas**: ``extract_skills(text)`` (the Aho-Corasick automaton and the
  whole-word alternation of short spellings, context rules, spans) over the whole
  replicated stream. The automaton is built once before the clock starts; its
  build time is printed apart. The extractor caches nothing per text, so
  repeating descriptions does not flatter it.
- **Naive baseline**: one compiled regex per spelling of the same taxonomy
  (``\\b`` + spelling + ``\\b``, case-insensitive; 700-odd patterns), each run
  with ``finditer`` over every description, the matches gathered per skill. It is
  slow, so it runs on the first ``--naive`` descriptions of the stream only
  (default 2,000), and Role Atlas is timed on that same subset too.

Printed: descriptions per second of both (wall clock, ``perf_counter``; CPU time,
``process_time``, beside it), the ratio, the issue's targets (1,000
descriptions/s; 10x the naive baseline) as met or NOT met, and the time for one
text of concatenated real descriptions at growing sizes (cost per MB: flat if
the extractor is linear in the text).

One core: the process is pinned to its first allowed CPU (or ``--cpu N``) with
``os.sched_setaffinity`` where the platform has it. When wall time exceeds CPU
time by more than 10%, another job ran on the same CPU: the script says so.

    ROLEATLAS_DATA_HOME=/path/to/data python bench/extract.py [--n 100000] [--naive 2000]
        [--sizes 125000,...,5000000] [--cpu N]
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from _common import pin_one_core

TARGET_PER_S = 1_000
TARGET_RATIO = 10.0
CHUNK = 500


@dataclass(frozen=True)
class Run:
    label: str
    items: int
    wall: float
    cpu: float
    found: int  # skills found, summed over the descriptions

    @property
    def rate(self) -> float:
        return self.items / self.wall


def _descriptions() -> list[str]:
    from roleatlas.ingest.postings import iter_postings
    from roleatlas.sources import get_source, require

    return [p.description for p in iter_postings(require(get_source("postings"), verify=False))]


def naive_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """One case-insensitive ``\\b...\\b`` regex per spelling of every skill."""
    from roleatlas.taxonomy.skills import load_skills

    return [
        (s.id, re.compile(r"\b" + re.escape(spelling) + r"\b", re.IGNORECASE))
        for s in load_skills().values()
        for spelling, _ in s.surfaces()
    ]


def naive_extract(
    text: str, patterns: Sequence[tuple[str, re.Pattern[str]]]
) -> dict[str, list[tuple[int, int]]]:
    """Skill id -> spans, every pattern run over the whole text."""
    found: dict[str, list[tuple[int, int]]] = {}
    for sid, rx in patterns:
        for m in rx.finditer(text):
            found.setdefault(sid, []).append(m.span())
    return found


def _timed(
    label: str, func: Callable[[str], Any], stream: Sequence[str], progress: Progress
) -> Run:
    task = progress.add_task(label, total=len(stream))
    wall = cpu = 0.0
    found = 0
    for i in range(0, len(stream), CHUNK):
        chunk = stream[i : i + CHUNK]
        w0, c0 = time.perf_counter(), time.process_time()
        results = [func(text) for text in chunk]
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        found += sum(len(r) for r in results)
        progress.advance(task, len(chunk))
    return Run(label, len(stream), wall, cpu, found)


def _scaling(descriptions: list[str], sizes: list[int]) -> list[tuple[int, float, int]]:
    """Seconds for one text of concatenated real descriptions of each size, and its spans."""
    from roleatlas.skills.extract import extract_skills

    whole = "\n".join(itertools.islice(itertools.cycle(descriptions), len(descriptions) * 4))
    while len(whole) < max(sizes):
        whole += "\n" + whole
    out = []
    for size in sizes:
        start = time.perf_counter()
        found = extract_skills(whole[:size])
        out.append((size, time.perf_counter() - start, sum(len(f.spans) for f in found)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="descriptions in the stream")
    parser.add_argument("--naive", type=int, default=2_000, help="descriptions for the baseline")
    parser.add_argument(
        "--sizes",
        default="125000,250000,500000,1000000,5000000",
        help="one-text sizes (characters)",
    )
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: first)")
    args = parser.parse_args(argv)
    try:
        cpu = pin_one_core(args.cpu)
    except ValueError as exc:
        print(f"{exc} Choose another with --cpu.", file=sys.stderr)
        return 2
    from roleatlas.errors import SourceMissingError
    from roleatlas.skills.extract import default_extractor, extract_skills

    try:
        descriptions = _descriptions()
    except SourceMissingError as exc:
        print(exc, file=sys.stderr)
        return 2
    stream = list(itertools.islice(itertools.cycle(descriptions), args.n))
    subset = stream[: min(args.naive, args.n)]
    start = time.perf_counter()
    default_extractor()
    build = time.perf_counter() - start
    start = time.perf_counter()
    patterns = naive_patterns()
    naive_build = time.perf_counter() - start
    extract_skills(descriptions[0])  # warm-up
    with Progress(transient=True) as progress:
        ours = _timed("Role Atlas (stream)", extract_skills, stream, progress)
        ours_subset = _timed("Role Atlas (subset)", extract_skills, subset, progress)
        naive = _timed("naive (subset)", lambda t: naive_extract(t, patterns), subset, progress)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    scaling = _scaling(descriptions, sizes) if sizes else []
    _print(ours, ours_subset, naive, scaling, cpu, len(descriptions), len(patterns))
    print(f"Automaton built in {build:.3f} s; naive patterns compiled in {naive_build:.3f} s.")
    return 0


def _print(
    ours: Run,
    ours_subset: Run,
    naive: Run,
    scaling: list[tuple[int, float, int]],
    cpu: int | None,
    n_real: int,
    n_patterns: int,
) -> None:
    console = Console()
    table = Table(title="Descriptions per second, one core")
    for col in ("run", "descriptions", "s", "CPU s", "desc/s", "skills/desc", "vs naive"):
        table.add_column(col, justify="left" if col == "run" else "right")
    for run in (ours, ours_subset, naive):
        ratio = "" if run is naive else f"{run.rate / naive.rate:,.1f}x"
        table.add_row(
            run.label,
            f"{run.items:,}",
            f"{run.wall:,.2f}",
            f"{run.cpu:,.2f}",
            f"{run.rate:,.0f}",
            f"{run.found / run.items:.1f}",
            ratio,
        )
    console.print(table)
    if scaling:
        grow = Table(title="One text of real descriptions")
        for col in ("characters", "spans", "s", "s per MB"):
            grow.add_column(col, justify="right")
        for size, seconds, spans in scaling:
            grow.add_row(f"{size:,}", f"{spans:,}", f"{seconds:.3f}", f"{seconds / size * 1e6:.2f}")
        console.print(grow)
    busy = [r.label for r in (ours, ours_subset, naive) if r.wall > 1.1 * r.cpu]
    if busy:
        console.print(
            f"[yellow]Wall time exceeds CPU time by over 10% in: {', '.join(busy)}: another "
            "job shared the CPU; rerun on a quiet machine or choose another with --cpu.[/]"
        )
    ratio = ours.rate / naive.rate
    same = ours_subset.rate / naive.rate
    console.print(
        f"Target {TARGET_PER_S:,} descriptions/s: "
        f"{'met' if ours.rate >= TARGET_PER_S else 'NOT met'} ({ours.rate:,.0f}/s). "
        f"Target {TARGET_RATIO:.0f}x the naive baseline: "
        f"{'met' if ratio >= TARGET_RATIO else 'NOT met'} ({ratio:,.1f}x; "
        f"{same:,.1f}x on the same {naive.items:,} descriptions)."
    )
    console.print(
        f"Real descriptions: {n_real:,}, cycled to {ours.items:,}; naive baseline: "
        f"{n_patterns:,} patterns on the first {naive.items:,}. CPU pinned: "
        f"{cpu if cpu is not None else 'no (sched_setaffinity unavailable)'}; "
        f"{os.cpu_count()} CPUs; {platform.python_implementation()} {platform.python_version()}."
    )


if __name__ == "__main__":
    raise SystemExit(main())
