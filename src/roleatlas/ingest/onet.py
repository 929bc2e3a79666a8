"""Load the O*NET 29.3 database: occupations, tasks, tools, education, job zones, titles.

Every file becomes one table; each record is loaded or quarantined with a reason
(see :mod:`roleatlas.ingest.sink`). Rows keep the file's order, so two loads of
the same files give the same tables.

Checks (a failing record goes to quarantine)
--------------------------------------------
- O*NET-SOC codes must look like ``15-2051.00``, and every code other than those
  of ``Occupation Data.txt`` must be one of them ("unknown O*NET-SOC code").
- Numbers, ``Y``/``N`` flags and ``MM/YYYY`` dates must parse; required text
  must not be empty; a record repeating the key of an earlier one is a duplicate.
- Education categories must be listed in the Categories file, and job zones in
  ``Job Zone Reference.txt``.

``Occupation Data.txt`` is required. The other files are loaded when present and
skipped (no table) when absent; the build's source check normally guarantees
them all. Skills.xlsx, Knowledge.xlsx and the reference files for the content
model and scales are registered but not loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from roleatlas.ingest.convert import number, required, text
from roleatlas.ingest.records import Record, RowRejected, read_delimited, read_xlsx, strict
from roleatlas.ingest.sink import Column, Sink
from roleatlas.sources import SourceStatus

_FIX = "Download the O*NET 29.3 release again with `roleatlas data download onet`."

SOURCE = "onet"
CODE = "O*NET-SOC Code"
OCCUPATIONS = "Occupation Data.txt"
EDUCATION = "Education, Training, and Experience.xlsx"
EDUCATION_CATEGORIES = "Education, Training, and Experience Categories.txt"
JOB_ZONES = "Job Zones.txt"
JOB_ZONE_REFERENCE = "Job Zone Reference.txt"

_CODE_RE = re.compile(r"^\d\d-\d{4}\.\d\d$")
_MONTH_RE = re.compile(r"^(\d\d)/(\d{4})$")
_FLAGS = {"Y": True, "N": False}

Row = tuple[object, ...]


@dataclass
class _Context:
    """What later files are checked against: codes, categories and job zones seen so far."""

    codes: set[str] = field(default_factory=set)
    categories: dict[tuple[str, str, int], str | None] = field(default_factory=dict)
    categorised_scales: set[tuple[str, str]] = field(default_factory=set)
    job_zones: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Table:
    """One O*NET file and the table it becomes."""

    file: str
    table: str
    columns: tuple[Column, ...]
    parse: Callable[[Record, _Context], Row]
    key: tuple[str, ...]  # columns that must be unique together; () = the whole row
    comment: str
    after: str | None = None  # a file that must be loaded first when this one is present


# --- field parsers ---------------------------------------------------------------------------


def _code_format(rec: Record, column: str = CODE) -> str:
    value = required(rec, column)
    if not _CODE_RE.match(value):
        raise RowRejected(f"{column} {value!r} is not an O*NET-SOC code like 15-2051.00")
    return value


def _code(rec: Record, ctx: _Context, column: str = CODE) -> str:
    value = _code_format(rec, column)
    if value not in ctx.codes:
        raise RowRejected(f"unknown O*NET-SOC code {value!r} in {column}: not in {OCCUPATIONS}")
    return value


def _int(rec: Record, column: str, *, required: bool = True) -> int | None:
    value = number(rec, column, integer=True, required=required)
    return None if value is None else int(value)


def _float(rec: Record, column: str, *, required: bool = True) -> float | None:
    value = number(rec, column, required=required)
    return None if value is None else float(value)


def _flag(rec: Record, column: str, *, required: bool = True) -> bool | None:
    value = (rec.values.get(column) or "").strip()
    if not value and not required:
        return None
    if value not in _FLAGS:
        raise RowRejected(f"{column} is not Y or N: {value!r}")
    return _FLAGS[value]


def _month(rec: Record, column: str = "Date") -> dt.date:
    """An O*NET ``MM/YYYY`` date, as the first day of that month."""
    value = required(rec, column)
    match = _MONTH_RE.match(value)
    if not match or not 1 <= int(match[1]) <= 12:
        raise RowRejected(f"{column} is not a month like 08/2024: {value!r}")
    return dt.date(int(match[2]), int(match[1]), 1)


def _one_of(
    rec: Record, column: str, allowed: Sequence[str], *, required: bool = True
) -> str | None:
    value = text(rec, column, required=required)
    if value is not None and value not in allowed:
        raise RowRejected(f"unknown {column} {value!r}: expected one of {', '.join(allowed)}")
    return value


# --- record parsers, one per file ------------------------------------------------------------


def _occupation(rec: Record, ctx: _Context) -> Row:
    code = _code_format(rec)
    return (code, code[:7], required(rec, "Title"), text(rec, "Description", required=False))


def _task(rec: Record, ctx: _Context) -> Row:
    return (
        _code(rec, ctx),
        _int(rec, "Task ID"),
        required(rec, "Task"),
        _one_of(rec, "Task Type", ("Core", "Supplemental"), required=False),
        _float(rec, "Incumbents Responding", required=False),
        _month(rec),
        required(rec, "Domain Source"),
    )


def _emerging_task(rec: Record, ctx: _Context) -> Row:
    return (
        _code(rec, ctx),
        required(rec, "Task"),
        _one_of(rec, "Category", ("New", "Revision")),
        _int(rec, "Original Task ID", required=False),
        text(rec, "Original Task", required=False),
        _month(rec),
        required(rec, "Domain Source"),
    )


def _technology(rec: Record, ctx: _Context) -> Row:
    commodity = required(rec, "Commodity Code")
    if not commodity.isdigit() or len(commodity) != 8:
        raise RowRejected(f"Commodity Code is not an 8-digit UNSPSC code: {commodity!r}")
    return (
        _code(rec, ctx),
        required(rec, "Example"),
        commodity,
        required(rec, "Commodity Title"),
        _flag(rec, "Hot Technology"),
        _flag(rec, "In Demand"),
    )


def _education_category(rec: Record, ctx: _Context) -> Row:
    element, scale, category = (
        required(rec, "Element ID"),
        required(rec, "Scale ID"),
        _int(rec, "Category"),
    )
    assert category is not None
    # Category 1 of RW and PT ("none") has an empty description in this copy of the file.
    label = text(rec, "Category Description", required=False)
    return (
        element,
        required(rec, "Element Name"),
        scale,
        required(rec, "Scale Name"),
        category,
        label,
    )


def _education(rec: Record, ctx: _Context) -> Row:
    element, scale = required(rec, "Element ID"), required(rec, "Scale ID")
    category = _int(rec, "Category", required=False)
    label = None
    if category is not None:
        if (element, scale, category) not in ctx.categories:
            raise RowRejected(
                f"unknown category {category} of element {element} scale {scale}: "
                f"not in {EDUCATION_CATEGORIES}"
            )
        label = ctx.categories[element, scale, category]
    elif (element, scale) in ctx.categorised_scales:
        raise RowRejected(
            f"Category is empty, but scale {scale} of element {element} has categories"
        )
    return (
        _code(rec, ctx),
        element,
        required(rec, "Element Name"),
        scale,
        required(rec, "Scale Name"),
        category,
        label,
        _float(rec, "Data Value"),
        _int(rec, "N", required=False),
        _float(rec, "Standard Error", required=False),
        _float(rec, "Lower CI Bound", required=False),
        _float(rec, "Upper CI Bound", required=False),
        _flag(rec, "Recommend Suppress", required=False),
        _month(rec),
        required(rec, "Domain Source"),
    )


def _job_zone_reference(rec: Record, ctx: _Context) -> Row:
    zone = _int(rec, "Job Zone")
    columns = ("Name", "Experience", "Education", "Job Training", "Examples", "SVP Range")
    return (zone, *(required(rec, c) for c in columns))


def _job_zone(rec: Record, ctx: _Context) -> Row:
    zone = _int(rec, "Job Zone")
    if zone not in ctx.job_zones:
        raise RowRejected(f"unknown Job Zone {zone}: not in {JOB_ZONE_REFERENCE}")
    return (_code(rec, ctx), zone, _month(rec), required(rec, "Domain Source"))


def _related(rec: Record, ctx: _Context) -> Row:
    return (
        _code(rec, ctx),
        _code(rec, ctx, "Related O*NET-SOC Code"),
        required(rec, "Relatedness Tier"),
        _int(rec, "Index"),
    )


def _alternate_title(rec: Record, ctx: _Context) -> Row:
    return (
        _code(rec, ctx),
        required(rec, "Alternate Title"),
        text(rec, "Short Title", required=False),
        required(rec, "Source(s)"),
    )


def _reported_title(rec: Record, ctx: _Context) -> Row:
    return (
        _code(rec, ctx),
        required(rec, "Reported Job Title"),
        _flag(rec, "Shown in My Next Move"),
    )


# --- the tables, in load order ---------------------------------------------------------------

_TYPES = {"": "VARCHAR", "I": "INTEGER", "D": "DOUBLE", "B": "BOOLEAN", "T": "DATE"}


def _cols(spec: str) -> tuple[Column, ...]:
    """Columns from ``"name name:I ..."`` (VARCHAR unless I/D/B/T follows a colon)."""
    return tuple((name, _TYPES[kind]) for name, _, kind in (c.partition(":") for c in spec.split()))


TABLES: tuple[_Table, ...] = (
    _Table(
        OCCUPATIONS,
        "onet_occupation",
        _cols("onet_code soc title description"),
        _occupation,
        ("onet_code",),
        "O*NET-SOC occupations (O*NET 29.3); soc is the 6-digit SOC code, e.g. 15-2051",
    ),
    _Table(
        "Task Statements.txt",
        "onet_task",
        _cols("onet_code task_id:I task task_type incumbents_responding:D date:T domain_source"),
        _task,
        ("task_id",),
        "O*NET task statements; task_type Core/Supplemental (NULL when not rated); "
        "date is the month of the data (first day)",
    ),
    _Table(
        "Emerging Tasks.txt",
        "onet_emerging_task",
        _cols("onet_code task category original_task_id:I original_task date:T domain_source"),
        _emerging_task,
        ("onet_code", "task"),
        "O*NET emerging tasks: new tasks, or revisions of original_task_id",
    ),
    _Table(
        "Technology Skills.txt",
        "onet_technology_skill",
        _cols("onet_code example commodity_code commodity_title hot_technology:B in_demand:B"),
        _technology,
        ("onet_code", "example"),
        "O*NET technology skills: tool/software examples per occupation, UNSPSC commodity, "
        "Hot Technology and In Demand flags",
    ),
    _Table(
        EDUCATION_CATEGORIES,
        "onet_education_category",
        _cols("element_id element_name scale_id scale_name category:I category_label"),
        _education_category,
        ("element_id", "scale_id", "category"),
        "Categories of the O*NET education, training and experience scales; "
        "the label of RW/PT category 1 is empty in the source file",
    ),
    _Table(
        EDUCATION,
        "onet_education",
        _cols(
            "onet_code element_id element_name scale_id scale_name category:I category_label "
            "data_value:D n:I standard_error:D lower_ci:D upper_ci:D recommend_suppress:B "
            "date:T domain_source"
        ),
        _education,
        ("onet_code", "element_id", "scale_id", "category"),
        "O*NET education, training and experience: percent of respondents per category "
        "(category NULL for importance ratings, scale IM)",
        after=EDUCATION_CATEGORIES,
    ),
    _Table(
        JOB_ZONE_REFERENCE,
        "onet_job_zone_reference",
        _cols("job_zone:I name experience education job_training examples svp_range"),
        _job_zone_reference,
        ("job_zone",),
        "O*NET job zones 1-5: preparation needed",
    ),
    _Table(
        JOB_ZONES,
        "onet_job_zone",
        _cols("onet_code job_zone:I date:T domain_source"),
        _job_zone,
        ("onet_code",),
        "O*NET job zone of each occupation",
        after=JOB_ZONE_REFERENCE,
    ),
    _Table(
        "Related Occupations.txt",
        "onet_related_occupation",
        _cols("onet_code related_code relatedness_tier rank:I"),
        _related,
        ("onet_code", "related_code"),
        "O*NET related occupations; rank is the source's Index (1 = most related)",
    ),
    _Table(
        "Alternate Titles.xlsx",
        "onet_alternate_title",
        _cols("onet_code alternate_title short_title sources"),
        _alternate_title,
        (),
        "O*NET alternate titles of each occupation; sources are O*NET's comma-separated "
        "source codes",
    ),
    _Table(
        "Sample of Reported Titles.txt",
        "onet_reported_title",
        _cols("onet_code reported_title shown_in_my_next_move:B"),
        _reported_title,
        ("onet_code", "reported_title"),
        "Job titles reported by O*NET survey respondents",
    ),
)


def load_onet(status: SourceStatus, sink: Sink) -> None:
    """Load the O*NET 29.3 files of ``status`` into ``sink``.

    Parameters
    ----------
    status
        Where the source's files are (see :func:`roleatlas.sources.source_status`).
    sink
        Receives one table per file (``onet_*``), the quarantine and the row accounting.

    Raises
    ------
    SourceMissingError
        ``Occupation Data.txt`` is absent, or a file is present without the file it
        is checked against (the Categories file, ``Job Zone Reference.txt``).
    DataError
        A file cannot be read or lacks a column this loader needs.
    """
    ctx = _Context()
    for spec in TABLES:
        if not status.has(spec.file):
            if spec.file == OCCUPATIONS:
                raise status.missing(spec.file, "every other O*NET table is checked against it")
            continue
        if spec.after and not status.has(spec.after):
            raise status.missing(spec.after, f"{spec.file!r} is checked against it")
        rows = _load_file(status, sink, spec, ctx)
        _remember(spec, rows, ctx)


def _load_file(status: SourceStatus, sink: Sink, spec: _Table, ctx: _Context) -> list[Row]:
    path = status.path(spec.file)
    records = read_xlsx(path) if path.suffix == ".xlsx" else read_delimited(path, delimiter="\t")
    positions = [[name for name, _ in spec.columns].index(k) for k in spec.key]
    rows: list[Row] = []
    first_line: dict[Row, int] = {}
    with sink.account(SOURCE, spec.file) as acc:
        for raw in records:
            rec = strict(raw, file=f"O*NET file {spec.file!r}", fix=_FIX)
            with acc.row(rec):
                row = spec.parse(rec, ctx)
                key = tuple(row[i] for i in positions) if positions else row
                first = first_line.setdefault(key, rec.line)
                if first != rec.line:
                    shown = key[0] if len(key) == 1 else key
                    what = f"{', '.join(spec.key)} {shown!r}" if spec.key else "record"
                    raise RowRejected(f"duplicate {what}: same as line {first}")
                rows.append(row)
    sink.write(spec.table, spec.columns, rows, comment=spec.comment)
    return rows


def _remember(spec: _Table, rows: list[Row], ctx: _Context) -> None:
    """Record what later files are checked against."""
    if spec.file == OCCUPATIONS:
        ctx.codes.update(str(r[0]) for r in rows)
    elif spec.file == EDUCATION_CATEGORIES:
        for element, _, scale, _, category, label in rows:
            assert isinstance(category, int) and (label is None or isinstance(label, str))
            ctx.categories[str(element), str(scale), category] = label
            ctx.categorised_scales.add((str(element), str(scale)))
    elif spec.file == JOB_ZONE_REFERENCE:
        ctx.job_zones.update(int(str(r[0])) for r in rows)
