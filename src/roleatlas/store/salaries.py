"""The salary explorer's one scan: filter, group, and return each group's sorted values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from roleatlas.errors import AtlasError

#: Grouping name -> column of the salary tables.
GROUP_COLUMNS: dict[str, str] = {
    "role": "role",
    "level": "level",
    "country": "employee_residence",
    "year": "work_year",
    "company-size": "company_size",
    "remote": "remote_ratio",
    "employment-type": "employment_type",
}

#: Filter name -> column (values are bound as parameters, never formatted into SQL).
FILTER_COLUMNS: dict[str, str] = {
    "role": "role",
    "level": "level",
    "country": "employee_residence",
    "year": "work_year",
    "remote": "remote_ratio",
    "company-size": "company_size",
    "employment-type": "employment_type",
}

#: The role columns of the salary tables: the title rules' and the role classifier's.
ROLE_COLUMNS = ("role", "model_role")


@dataclass(frozen=True)
class Scan:
    """Which table and value column a duplicate policy reads, and its row condition."""

    table: str
    value: str
    condition: str


def fetch_groups(
    con: duckdb.DuckDBPyConnection,
    scan: Scan,
    *,
    filters: dict[str, Sequence[object]],
    since: int | None,
    by: Sequence[str],
    role_column: str = "role",
) -> list[tuple[tuple[object, ...], list[float]]]:
    """Return ``(group key values, sorted values)`` for every non-empty group.

    ``filters`` maps a filter name to the accepted values (an empty sequence
    means no filter); ``since`` keeps years >= since; ``role_column`` is the
    column the ``role`` filter and grouping read (one of :data:`ROLE_COLUMNS`).
    """
    if role_column not in ROLE_COLUMNS:
        raise ValueError(f"role_column must be one of {ROLE_COLUMNS}, not {role_column!r}")
    columns = {"role": role_column}
    where = [scan.condition] if scan.condition else []
    params: list[object] = []
    for name, values in filters.items():
        if values:
            column = columns.get(name, FILTER_COLUMNS[name])
            where.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if since is not None:
        where.append("work_year >= ?")
        params.append(since)
    cols = [columns.get(b, GROUP_COLUMNS[b]) for b in by]
    select = ", ".join([*cols, f"list({scan.value} ORDER BY {scan.value})"])
    sql = f"SELECT {select} FROM {scan.table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if cols:
        sql += f" GROUP BY {', '.join(cols)}"
    try:
        rows = con.execute(sql, params).fetchall()
    except duckdb.Error as exc:
        raise AtlasError(
            f"The salary query failed: {exc}. Rebuild the atlas with `roleatlas build`."
        ) from exc
    return [(tuple(r[:-1]), r[-1]) for r in rows if r[-1]]
