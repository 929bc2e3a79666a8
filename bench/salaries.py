"""Benchmark the salary explorer against pandas on the same rows, and the CLI end to end (issue 2).

For each scale factor N (``--scale``, default ``1,10``) the real ``salary_posting``
and ``salary_row`` are copied N times into a benchmark atlas (ids shifted per copy,
``copy_rank`` kept so the 'posting' policy keeps every copy) and a Parquet twin.
Each workload query is timed as Role Atlas (``open_atlas`` + ``salary_report``),
pandas on a DataFrame already in memory, and pandas including ``read_parquet``;
the answers are asserted equal (groups, n, p10..p90, mean; the CI endpoints come
from different random streams and are only compared). Runs are interleaved and
reported as median (min). Then: where Role Atlas spends its time (with a numpy
what-if), the CLI end to end as a subprocess, and its imports per package.
See bench/README.md for how to run it and the last figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from roleatlas.insights.salaries import Policy, SalaryQuery, SalaryReport, salary_report
from roleatlas.insights.stats import RESAMPLES, bootstrap_medians, summarise
from roleatlas.store.build import build_atlas
from roleatlas.store.connection import atlas_path, open_atlas
from roleatlas.store.salaries import FILTER_COLUMNS, GROUP_COLUMNS, fetch_groups

TARGET_RATIO = 3.0
TARGET_SCALE = 10
CLI_TARGET_S = 0.5
CLI_ARGS = ("--role", "ml-engineer", "--country", "US", "--level", "senior", "--year", "2024")
QS = np.array([0.10, 0.25, 0.50, 0.75, 0.90])
FRAME_COLUMNS = ["role", "level", "employee_residence", "work_year", "copy_rank", "mid_usd"]
HEAVY = {"pandas", "numpy", "pyarrow", "openpyxl", "sklearn", "fastapi", "scipy"}
console = Console(width=None if sys.stdout.isatty() else 150)


@dataclass(frozen=True)
class Case:
    name: str
    query: SalaryQuery


WORKLOAD = (
    Case("all, role x level", SalaryQuery(by=("role", "level"))),
    Case(
        "ai+ml engineer, US, by level",
        SalaryQuery(roles=("ai-engineer", "ml-engineer"), countries=("US",), by=("level",)),
    ),
    Case(
        "all, role x level x country x year", SalaryQuery(by=("role", "level", "country", "year"))
    ),
    Case(
        "one cell (the CLI query)",
        SalaryQuery(roles=("ml-engineer",), countries=("US",), levels=("senior",), years=(2024,)),
    ),
)


@dataclass(frozen=True)
class Stat:
    """One group's answer: n, (p10, p25, p50, p75, p90, mean) and the median's CI when estimated."""

    n: int
    figures: tuple[float, ...] | None
    ci: tuple[float, float] | None


Answer = dict[tuple[object, ...], Stat]


# ---------------------------------------------------------------- data preparation


def real_atlas(db: Path | None, workdir: Path) -> Path:
    """The real atlas; built from $ROLEATLAS_DATA_HOME (survey only) into workdir if absent."""
    path = atlas_path(db)
    if path.is_file():
        return path
    if not os.environ.get("ROLEATLAS_DATA_HOME"):
        sys.exit(f"No atlas at {path}. Pass --db or set ROLEATLAS_DATA_HOME to build one.")
    path = workdir / "real.duckdb"
    console.print(f"Building the salary atlas from $ROLEATLAS_DATA_HOME into {path} ...")
    build_atlas(path, sources=["aijobs-salaries"])
    return path


def replicate(src: Path, scale: int, workdir: Path) -> tuple[Path, Path]:
    """Write a benchmark atlas with ``scale`` copies of the salary tables, and its Parquet twin."""
    path, parquet = workdir / f"x{scale}.duckdb", workdir / f"x{scale}.parquet"
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(f"ATTACH '{src.as_posix()}' AS src (READ_ONLY)")
        (pid, line) = con.execute(
            "SELECT max(posting_id) + 1, max(line) + 1 FROM src.salary_row"
        ).fetchone() or (0, 0)
        con.execute(
            "CREATE TABLE salary_posting AS SELECT * EXCLUDE (r) REPLACE ("
            f"posting_id + r * {pid} AS posting_id, first_line + r * {line} AS first_line) "
            f"FROM src.salary_posting, range({scale}) AS t(r) ORDER BY r, posting_id"
        )
        con.execute(
            "CREATE TABLE salary_row AS SELECT * EXCLUDE (r) REPLACE ("
            f"posting_id + r * {pid} AS posting_id, line + r * {line} AS line) "
            f"FROM src.salary_row, range({scale}) AS t(r) ORDER BY r, line"
        )
        con.execute("CREATE TABLE atlas_meta AS SELECT * FROM src.atlas_meta")
        con.execute(f"COPY salary_posting TO '{parquet.as_posix()}' (FORMAT parquet)")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path, parquet


def load_frame(parquet: Path) -> pd.DataFrame:
    """The in-memory DataFrame: the columns the workload needs, string keys as categories."""
    df = pd.read_parquet(parquet, columns=FRAME_COLUMNS)
    for col in ("role", "level", "employee_residence"):
        df[col] = df[col].astype("category")
    return df


# ---------------------------------------------------------------- the two engines


def run_roleatlas(db: Path, q: SalaryQuery) -> SalaryReport:
    con = open_atlas(db)
    try:
        return salary_report(con, q)
    finally:
        con.close()


def roleatlas_answer(report: SalaryReport) -> Answer:
    out: Answer = {}
    for g in report.groups:
        s = g.stats
        figs = [s.p10, s.p25, s.median, s.p75, s.p90, s.mean, s.median_ci_low, s.median_ci_high]
        f = [float(v or 0) for v in figs]
        key = tuple(g.key[b] for b in report.query.by)
        out[key] = Stat(s.n, tuple(f[:6]), (f[6], f[7])) if s.estimated else Stat(s.n, None, None)
    return out


def frame_filters(q: SalaryQuery) -> dict[str, list[object]]:
    """Column -> accepted values for a normalised query (the filters the workload uses)."""
    if q.remote or q.company_sizes or q.employment_types or q.since is not None:
        raise ValueError("the pandas baseline covers role, country, level and year filters")
    if q.policy is not Policy.posting:
        raise ValueError("the pandas baseline covers the default 'posting' policy")
    pairs = {"role": q.roles, "country": q.countries, "level": q.levels, "year": q.years}
    return {FILTER_COLUMNS[k]: list(v) for k, v in pairs.items() if v}


def sorted_figures(sv: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Type-7 p10..p90 and the mean per group of the group-sorted values ``sv`` (G x 6)."""
    starts = np.cumsum(counts) - counts
    pos = (counts[:, None] - 1) * QS[None, :]
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, counts[:, None] - 1)
    a, b = sv[starts[:, None] + lo], sv[starts[:, None] + hi]
    means = np.add.reduceat(sv, starts) / counts
    return np.column_stack([a + (b - a) * (pos - lo), means])


def median_ci(
    sv: np.ndarray, starts: np.ndarray, counts: np.ndarray, *, resamples: int, seed: int
) -> np.ndarray:
    """95% bootstrap CI of each group's median, medians drawn as order statistics (G x 2)."""
    rng = np.random.default_rng(seed)
    n = counts[:, None]
    k = (n + 1) // 2
    u1 = rng.beta(k, n - k + 1, size=(len(counts), resamples))
    med = sv[starts[:, None] + np.clip(np.ceil(n * u1).astype(np.int64) - 1, 0, n - 1)]
    even = np.flatnonzero(counts % 2 == 0)
    if even.size:
        ne, ke, ue = n[even], k[even], u1[even]
        u2 = ue + (1.0 - ue) * rng.beta(1, ne - ke, size=(even.size, resamples))
        idx2 = np.clip(np.ceil(ne * u2).astype(np.int64) - 1, 0, ne - 1)
        med[even] = (med[even] + sv[starts[even, None] + idx2]) / 2.0
    return np.asarray(np.quantile(med, [0.025, 0.975], axis=1).T)


def pandas_answer(df: pd.DataFrame, q: SalaryQuery) -> Answer:
    """The explorer's statistics computed with pandas + numpy from a DataFrame."""
    by = [GROUP_COLUMNS[b] for b in q.by]
    mask = df["copy_rank"].to_numpy() == 1
    for col, values in frame_filters(q).items():
        mask &= df[col].isin(values).to_numpy()
    sub = df.loc[mask, [*by, "mid_usd"]]
    if not by:
        by = ["_all"]
        sub = sub.assign(_all=0)
    grouped = sub.groupby(by, observed=True, sort=True)["mid_usd"]
    ids = grouped.ngroup().to_numpy()
    values = sub["mid_usd"].to_numpy()
    sv = values[np.lexsort((values, ids))]
    counts = np.bincount(ids)
    keys = grouped.size().index
    figures = sorted_figures(sv, counts)
    est = np.flatnonzero(counts >= q.min_n)
    starts = np.cumsum(counts) - counts
    cis = median_ci(sv, starts[est], counts[est], resamples=q.resamples, seed=q.seed)
    ci_of = dict(zip(est.tolist(), cis.tolist(), strict=True))
    out: Answer = {}
    for i, key in enumerate(keys):
        parts = key if isinstance(key, tuple) else (key,)
        k = () if q.by == () else tuple(_plain(v) for v in parts)
        ci = ci_of.get(i)
        figs = tuple(figures[i].tolist()) if ci else None
        out[k] = Stat(int(counts[i]), figs, (ci[0], ci[1]) if ci else None)
    return out


def _plain(v: object) -> object:
    return int(v) if isinstance(v, int | np.integer) else str(v)


def pandas_with_load(parquet: Path, q: SalaryQuery) -> Answer:
    """read_parquet of what the query needs (filters pushed down), then :func:`pandas_answer`."""
    filters: list[tuple[str, str, object]] = [("copy_rank", "==", 1)]
    filters += [(col, "in", values) for col, values in frame_filters(q).items()]
    cols = sorted({"copy_rank", "mid_usd", *frame_filters(q), *(GROUP_COLUMNS[b] for b in q.by)})
    return pandas_answer(pd.read_parquet(parquet, columns=cols, filters=filters), q)


def compare(ra: Answer, pd_: Answer) -> tuple[float, float]:
    """Assert equal groups, n and figures; return median and max CI endpoint gap (% of median)."""
    assert ra.keys() == pd_.keys(), f"groups differ: {set(ra) ^ set(pd_)}"
    gaps = [0.0]
    for key, a in ra.items():
        b = pd_[key]
        assert a.n == b.n, f"{key}: n {a.n} != {b.n}"
        assert (a.figures is None) == (b.figures is None), f"{key}: estimated differs"
        if a.figures is None or b.figures is None or a.ci is None or b.ci is None:
            continue
        for x, y in zip(a.figures, b.figures, strict=True):
            assert math.isclose(x, y, rel_tol=1e-9), f"{key}: {a.figures} != {b.figures}"
        gaps += [abs(x - y) / a.figures[2] * 100 for x, y in zip(a.ci, b.ci, strict=True)]
    return statistics.median(gaps), max(gaps)


# ---------------------------------------------------------------- timing


def measure(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Run each function once per round, ``repeat`` rounds, interleaved; seconds per run."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return times


class _Recorder:
    """Stands in for the connection to capture the SQL that fetch_groups runs."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con, self.sql, self.params = con, "", list[object]()

    def execute(self, sql: str, params: Sequence[object]) -> duckdb.DuckDBPyConnection:
        self.sql, self.params = sql, list(params)
        return self.con.execute(sql, params)


def breakdown(db: Path, q: SalaryQuery, repeat: int) -> dict[str, list[float]]:
    """Time the parts of one Role Atlas answer separately."""
    filters: dict[str, Sequence[object]] = {"role": q.roles, "country": q.countries}
    filters |= {"level": q.levels, "year": q.years}

    def fetch(con: Any) -> list[tuple[tuple[object, ...], list[float]]]:
        return fetch_groups(con, q.policy.scan, filters=filters, since=q.since, by=q.by)

    def fresh() -> None:  # what salary_report pays: a cold open and a cold scan
        con = open_atlas(db)
        fetch(con)
        con.close()

    times = measure({"open": lambda: open_atlas(db).close(), "open+fetch": fresh}, repeat)
    con = open_atlas(db)  # from here on the database stays open: warm figures
    try:
        rec = _Recorder(con)
        rows = fetch(rec)
        cols = ", ".join([*(f"k{i}" for i in range(len(q.by))), "l"])
        scan_only = f"SELECT count(*), sum(len(l)) FROM ({rec.sql}) AS t({cols})"
        big = [v for _, v in rows if len(v) >= q.min_n]

        def stats() -> None:
            for _key, values in rows:
                summarise(values, min_n=q.min_n, resamples=q.resamples, seed=q.seed)

        def boot() -> None:
            # uncached simulation: what each group would cost without the per-n rank cache
            for values in big:
                bootstrap_medians(values, resamples=q.resamples, rng=random.Random(0))

        times |= measure(
            {
                "scan": lambda: con.execute(scan_only, rec.params).fetchall(),
                "scan+transfer": lambda: fetch(con),
                "stats": stats,
                "bootstrap": boot,
                "numpy path": lambda: numpy_path(con, rec, q),
            },
            repeat,
        )
        return times
    finally:
        con.close()


def numpy_path(con: duckdb.DuckDBPyConnection, rec: _Recorder, q: SalaryQuery) -> None:
    """What-if: fetch_groups' own SQL read with fetchnumpy() (no Python float per value) + numpy."""
    res = con.execute(rec.sql, rec.params).fetchnumpy()
    lists = res[list(res)[-1]]
    counts = np.fromiter((len(v) for v in lists), dtype=np.int64, count=len(lists))
    sv = np.concatenate([np.asarray(v, dtype=np.float64) for v in lists])
    sorted_figures(sv, counts)
    est = np.flatnonzero(counts >= q.min_n)
    starts = np.cumsum(counts) - counts
    median_ci(sv, starts[est], counts[est], resamples=q.resamples, seed=q.seed)


@dataclass
class Result:
    scale: int
    rows: int
    case: str
    groups: str
    ci_gap: tuple[float, float]
    times: dict[str, list[float]]
    parts: dict[str, list[float]]


def bench_case(
    db: Path, parquet: Path, df: pd.DataFrame, q: SalaryQuery, repeat: int
) -> tuple[str, tuple[float, float], dict[str, list[float]]]:
    """Check both answers agree, then time Role Atlas, pandas in memory and pandas with load."""
    ra = roleatlas_answer(run_roleatlas(db, q))
    gap = compare(ra, pandas_answer(df, q))
    compare(ra, pandas_with_load(parquet, q))
    groups = f"{sum(s.figures is not None for s in ra.values())}/{len(ra)}"
    times = measure(
        {
            "roleatlas": lambda: run_roleatlas(db, q),
            "pandas": lambda: pandas_answer(df, q),
            "pandas+load": lambda: pandas_with_load(parquet, q),
        },
        repeat,
    )
    return groups, gap, times


def run_scales(
    real: Path, scales: Sequence[int], args: argparse.Namespace, workdir: Path
) -> list[Result]:
    results: list[Result] = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        for scale in scales:
            task = progress.add_task(f"{scale}x: replicating", total=len(WORKLOAD))
            db, parquet = replicate(real, scale, workdir)
            df = load_frame(parquet)
            rows = int((df["copy_rank"] == 1).sum())
            for case in WORKLOAD:
                progress.update(task, description=f"{scale}x: {case.name}")
                q = dataclasses.replace(case.query, resamples=args.resamples).normalised()
                groups, gap, times = bench_case(db, parquet, df, q, args.repeat)
                parts = breakdown(db, q, args.repeat)
                results.append(Result(scale, rows, case.name, groups, gap, times, parts))
                progress.advance(task)
            del df
            db.unlink()
            parquet.unlink()
    return results


# ---------------------------------------------------------------- reporting


def _med(xs: list[float]) -> float:
    return statistics.median(xs)


def _cell(xs: list[float]) -> str:
    return f"{_med(xs):.3f} ({min(xs):.3f})"


def report_scales(results: list[Result], repeat: int) -> None:
    table = Table(
        title=f"Grouped salary statistics, s: median (min) of {repeat} runs; "
        "x = pandas median / Role Atlas median",
        title_justify="left",
    )
    for col in ("scale", "postings", "query", "est/groups", "Role Atlas", "pandas in memory"):
        table.add_column(col, justify="left" if col == "query" else "right")
    for col in ("pandas + load", "x in mem", "x w/ load", "CI gap % med/max"):
        table.add_column(col, justify="right")
    for r in results:
        t = r.times
        ra = _med(t["roleatlas"])
        cells = [_cell(t[k]) for k in ("roleatlas", "pandas", "pandas+load")]
        ratios = [f"{_med(t[k]) / ra:.2f}" for k in ("pandas", "pandas+load")]
        gap = f"{r.ci_gap[0]:.2f} / {r.ci_gap[1]:.1f}"
        table.add_row(f"{r.scale}x", f"{r.rows:,}", r.case, r.groups, *cells, *ratios, gap)
    console.print(table)
    console.print(
        "n, p10..p90 and mean are asserted equal. CI gap: median and largest gap between the "
        "engines' CI endpoints, % of the median; not asserted (different random streams; in "
        "small groups an endpoint can jump between order statistics with the seed)."
    )
    parts = Table(title="Where Role Atlas spends its time, median s", title_justify="left")
    names = ("open", "open+fetch", "scan", "scan+transfer", "stats", "bootstrap", "numpy path")
    for col in ("scale", "query", *names):
        parts.add_column(col, justify="left" if col == "query" else "right")
    for r in results:
        parts.add_row(f"{r.scale}x", r.case, *(f"{_med(r.parts[n]):.4f}" for n in names))
    console.print(parts)
    console.print(
        "open, open+fetch: a fresh open (and fetch_groups), as salary_report pays; the rest on "
        "an open database: scan = DuckDB alone (lists built, not transferred), scan+transfer = "
        "fetch_groups, stats = summarise() per group, bootstrap = its share. What-if (not in Role "
        "Atlas): numpy path = the same SQL read with fetchnumpy() and the statistics in numpy."
    )
    verdict(results)


def verdict(results: list[Result]) -> None:
    at = [r for r in results if r.scale == TARGET_SCALE]
    if not at:
        console.print(f"Target not evaluated: scale {TARGET_SCALE}x was not run.")
        return
    for base, label in (("pandas", "in memory"), ("pandas+load", "with load")):
        ratios = [_med(r.times[base]) / _med(r.times["roleatlas"]) for r in at]
        met = sum(x >= TARGET_RATIO for x in ratios)
        geo = math.exp(statistics.fmean(math.log(x) for x in ratios))
        ok = "[green]MET[/]" if met == len(ratios) else "[red]NOT MET[/]"
        console.print(
            f"Target >= {TARGET_RATIO:g}x faster than pandas ({label}) at {TARGET_SCALE}x rows: "
            f"{ok} ({met} of {len(ratios)} queries; ratios "
            f"{', '.join(f'{x:.2f}' for x in ratios)}; geometric mean {geo:.2f})"
        )


# ---------------------------------------------------------------- the CLI end to end

# Imports cli/salaries.py without running cli/__init__.py (which imports the other commands).
_STUB = (
    "import sys, types, pathlib, roleatlas; cli = types.ModuleType('roleatlas.cli'); "
    "cli.__path__ = [str(pathlib.Path(roleatlas.__file__).parent / 'cli')]; "
    "sys.modules['roleatlas.cli'] = cli; "
)
_FALLBACK = _STUB + "import typer; from roleatlas.cli.salaries import salaries; typer.run(salaries)"


def cli_command(db: Path) -> tuple[list[str], str]:
    """The console script if it imports, else an equivalent ``python -c`` over cli.salaries."""
    script = Path(sys.executable).with_name("roleatlas")
    tail = [*CLI_ARGS, "--format", "json", "--db", str(db)]
    if script.is_file():
        probe = subprocess.run([str(script), "--help"], capture_output=True, text=True)
        if probe.returncode == 0:
            return [str(script), "salaries", *tail], f"console script {script}"
        why = (probe.stderr.strip().splitlines() or ["?"])[-1]
        note = f"fallback without cli/__init__.py, as the console script fails: {why}"
    else:
        note = f"fallback, no console script at {script}"
    return [sys.executable, "-c", _FALLBACK, *tail], note


def bench_cli(db: Path, repeat: int) -> list[str]:
    cmd, how = cli_command(db)
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    groups = json.loads(done.stdout)["groups"]
    q = SalaryQuery(roles=("ml-engineer",), countries=("US",), levels=("senior",), years=(2024,))
    expected = run_roleatlas(db, q).groups[0].stats.n
    assert [g["n"] for g in groups] == [expected], f"CLI answered {groups}, expected n={expected}"
    times = measure(
        {
            "cli": lambda: subprocess.run(cmd, capture_output=True, check=True),
            "bare": lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
        },
        repeat,
    )
    cli, bare = _med(times["cli"]), _med(times["bare"])
    ok = "[green]under[/]" if cli < CLI_TARGET_S else "[red]NOT under[/]"
    console.print(
        f"\n[bold]CLI end to end[/] ({how}):\n  roleatlas salaries {' '.join(CLI_ARGS)} --format json "
        f"(n={expected})\n  {_cell(times['cli'])} s median (min) of {repeat}; "
        f"bare `python -c pass` {_cell(times['bare'])} s; net of interpreter start "
        f"{cli - bare:.3f} s.\n  Target < {CLI_TARGET_S} s end to end: {ok}."
    )
    return cmd


def _importtime(argv: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    """Module -> (self us, cumulative us, nesting depth) from ``python -X importtime ARGV``."""
    cmd = [sys.executable, "-X", "importtime", *argv]
    err = subprocess.run(cmd, capture_output=True, text=True).stderr
    out: dict[str, tuple[int, int, int]] = {}
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            self_us, cum_us, name = line[len("import time:") :].split("|")
            depth = (len(name) - len(name.lstrip()) - 1) // 2
            out[name.strip()] = (int(self_us), int(cum_us), depth)
    return out


def import_costs(argv: Sequence[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Self import time (us) per top-level package, and cumulative time of each top-level
    import statement, both net of bare interpreter start (best of 3 runs)."""
    bare = _importtime(["-c", "pass"])
    runs = [_importtime(argv) for _ in range(3)]
    best = min(runs, key=lambda r: sum(v[0] for v in r.values()))
    per: dict[str, int] = {}
    roots: dict[str, int] = {}
    for name, (self_us, cum_us, depth) in best.items():
        if name in bare:
            continue
        top = name.split(".")[0].lstrip("_")
        per[top] = per.get(top, 0) + self_us
        if depth == 0 and cum_us >= 1000:
            roots[name] = cum_us
    return per, roots


def report_imports(cmd: Sequence[str]) -> None:
    """Import costs of the whole CLI run (typer imports more while parsing) and of the module."""
    ok = subprocess.run([sys.executable, "-c", "import roleatlas.cli"], capture_output=True)
    code = "import roleatlas.cli" if ok.returncode == 0 else _STUB + "import roleatlas.cli.salaries"
    module_total = sum(import_costs(["-c", code])[0].values())
    per, roots = import_costs(cmd[1:] if cmd[0] == sys.executable else cmd)
    total = sum(per.values())
    table = Table(title="Imports during the CLI run, per package (self ms)", title_justify="left")
    for col in ("package", "ms", "share"):
        table.add_column(col, justify="left" if col == "package" else "right")
    for name, us in sorted(per.items(), key=lambda kv: -kv[1])[:14]:
        table.add_row(name, f"{us / 1000:.1f}", f"{us / total:.0%}")
    console.print(table)
    top = sorted(roots.items(), key=lambda kv: -kv[1])[:6]
    console.print(
        f"Self import time beyond bare interpreter start (python -X importtime, best of 3): "
        f"whole CLI run {total / 1e6:.3f} s; `{code.rsplit('; ', 1)[-1]}` alone "
        f"{module_total / 1e6:.3f} s. Top-level imports (cumulative ms): "
        + ", ".join(f"{n} {us / 1000:.0f}" for n, us in top)
        + f". Heavy packages imported: {', '.join(sorted(HEAVY & per.keys())) or 'none'}."
    )


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    arg = parser.add_argument
    arg("--db", type=Path, help="the real atlas (default: $ROLEATLAS_DB, else the user data dir)")
    arg("--scale", default="1,10", help="comma-separated row multipliers, e.g. 1,10,100")
    arg("--repeat", type=int, default=5, help="timed rounds per measurement (default 5)")
    arg("--cli-repeat", type=int, default=7, help="timed CLI runs (default 7)")
    arg("--resamples", type=int, default=RESAMPLES, help=f"bootstrap resamples ({RESAMPLES})")
    arg("--workdir", type=Path, help="parent of the temp dir for the replicated atlases")
    arg("--skip-cli", action="store_true", help="only the grouped-query benchmark")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scale.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="roleatlas-bench-", dir=args.workdir) as tmp:
        workdir = Path(tmp)
        real = real_atlas(args.db, workdir)
        console.print(
            f"Real atlas: {real}; Python {sys.version.split()[0]}, duckdb {duckdb.__version__}, "
            f"pandas {pd.__version__}, numpy {np.__version__}, {os.cpu_count()} CPUs."
        )
        report_scales(run_scales(real, scales, args, workdir), args.repeat)
        if not args.skip_cli:
            report_imports(bench_cli(real, args.cli_repeat))


if __name__ == "__main__":
    main()
