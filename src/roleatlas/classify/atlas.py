"""The role classifier in the atlas: every aijobs.net title with its model role next to its rule role.

``title_role`` holds each distinct survey title with its row count, the rule
mapping (``rule_role``, ``rule``) kept for comparison, and the current model's
answer (``model_role``: a role or ``unclear``; ``model_confidence``;
``model_second``; ``model_version``). ``salary_row`` and ``salary_posting``
gain ``model_role`` and ``model_confidence``; their ``role`` column stays the
rule mapping, so the salary explorer's figures do not move when a model is
retrained. With no trained model the model columns are NULL, and
``roleatlas build`` says how to add them.
"""

from __future__ import annotations

from roleatlas.errors import ModelError
from roleatlas.ingest.sink import Sink

COLUMNS = [
    ("job_title", "VARCHAR"),
    ("rows", "BIGINT"),
    ("rule_role", "VARCHAR"),
    ("rule", "VARCHAR"),
    ("model_role", "VARCHAR"),
    ("model_confidence", "DOUBLE"),
    ("model_second", "VARCHAR"),
    ("model_version", "VARCHAR"),
]


def build_title_roles(sink: Sink) -> None:
    """Create ``title_role`` and add the model columns to the salary tables (see the module docstring)."""
    from roleatlas.classify.model import default_model

    exists = sink.sql(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'salary_row'"
    )
    if not exists[0][0]:
        return  # the survey was not part of this build
    titles = sink.sql(
        "SELECT job_title, count(*), any_value(role), any_value(role_rule) "
        "FROM salary_row GROUP BY job_title ORDER BY job_title"
    )
    try:
        model = default_model()
    except ModelError:
        model = None
    rows: list[tuple[object, ...]] = []
    for title, n, rule_role, rule in titles:
        if model is None:
            rows.append((title, n, rule_role, rule, None, None, None, None))
            continue
        c = model.classify(title)
        second = c.candidates[1].role if len(c.candidates) > 1 else None
        rows.append(
            (title, n, rule_role, rule, c.role, round(c.confidence, 6), second, model.version)
        )
    sink.write(
        "title_role",
        COLUMNS,
        rows,
        comment="aijobs.net titles: rule mapping and role classifier answer (NULL: no trained model)",
    )
    for table in ("salary_row", "salary_posting"):
        sink.sql(f"ALTER TABLE {table} ADD COLUMN model_role VARCHAR")
        sink.sql(f"ALTER TABLE {table} ADD COLUMN model_confidence DOUBLE")
        sink.sql(
            f"UPDATE {table} SET model_role = t.model_role, model_confidence = t.model_confidence "
            f"FROM title_role t WHERE {table}.job_title = t.job_title"
        )


def model_note() -> str:
    """One line for the build's output: which role model the atlas used, or how to add one."""
    from roleatlas.classify.model import default_model

    try:
        return f"Role classifier {default_model().version} labelled the survey titles (title_role)."
    except ModelError:
        return (
            "No trained role model, so the survey titles carry only the rule roles: run "
            "`roleatlas train roles`, then `roleatlas build` again, to add the classifier's."
        )
