"""Tables derived from the taxonomy and from several sources, built after all loaders ran."""

from __future__ import annotations

from roleatlas.ingest.sink import Sink
from roleatlas.taxonomy.roles import ROLES


def build_role_links(sink: Sink) -> None:
    """``role`` (slug, name, summary) and ``role_soc`` (slug, onet, soc, rank, note)."""
    sink.write(
        "role",
        [("slug", "VARCHAR"), ("name", "VARCHAR"), ("summary", "VARCHAR")],
        [(r.slug, r.name, r.summary) for r in ROLES],
        comment="Canonical roles of ROLES.md",
    )
    sink.write(
        "role_soc",
        [
            ("slug", "VARCHAR"),
            ("onet", "VARCHAR"),
            ("soc", "VARCHAR"),
            ("rank", "INTEGER"),
            ("note", "VARCHAR"),
        ],
        [(r.slug, s.onet, s.soc, i, s.note) for r in ROLES for i, s in enumerate(r.soc, start=1)],
        comment="Links from roles to O*NET-SOC / BLS SOC codes; rank 1 is the primary anchor",
    )
