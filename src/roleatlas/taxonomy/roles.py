"""The canonical roles (``../shared/ROLES.md``): one place every module reads.

The roles live in ``data/roles.toml``, reviewable as data: per role a slug,
display name, one-line summary, a definition in our words with its sources,
typical titles and aliases, links to O*NET-SOC occupations (``soc``: the
first is the primary anchor) and ESCO occupations, related roles (career
neighbours) and typical next steps. The file is read on first use.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from roleatlas.errors import UnknownNameError

ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"


@dataclass(frozen=True)
class SocLink:
    """A role's link to an occupation code; ``onet`` is the O*NET-SOC code, ``soc`` the BLS one."""

    onet: str
    note: str = ""

    @property
    def soc(self) -> str:
        return self.onet.split(".")[0]


@dataclass(frozen=True)
class EscoLink:
    """A role's link to an ESCO occupation (``id`` under :data:`ESCO_OCCUPATION`)."""

    id: str
    label: str

    @property
    def uri(self) -> str:
        return ESCO_OCCUPATION + self.id


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    summary: str
    soc: tuple[SocLink, ...]
    definition: str = ""
    sources: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    esco: tuple[EscoLink, ...] = ()
    related: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()


def _role(slug: str, d: dict[str, Any]) -> Role:
    return Role(
        slug=slug,
        name=d["name"],
        summary=d["summary"],
        soc=tuple(SocLink(code, note) for code, note in d["soc"]),
        definition=d["definition"],
        sources=tuple(d["sources"]),
        titles=tuple(d["titles"]),
        aliases=tuple(d["aliases"]),
        esco=tuple(EscoLink(i, label) for i, label in d["esco"]),
        related=tuple(d["related"]),
        next_steps=tuple(d["next"]),
    )


@lru_cache(maxsize=1)
def load_roles() -> tuple[Role, ...]:
    """The roles of ``data/roles.toml`` in file order, with their cross-references checked."""
    text = resources.files("roleatlas.taxonomy").joinpath("data/roles.toml").read_text("utf-8")
    roles = tuple(_role(slug, d) for slug, d in tomllib.loads(text).items())
    slugs = {r.slug for r in roles}
    for r in roles:
        bad = (set(r.related) | set(r.next_steps)) - slugs
        if bad:
            raise ValueError(f"roles.toml: {r.slug} refers to unknown roles {sorted(bad)}")
    return roles


def __getattr__(name: str) -> object:
    # ROLES and ROLE_SLUGS are read from the data file on first use, not at import.
    if name == "ROLES":
        return load_roles()
    if name == "ROLE_SLUGS":
        return tuple(r.slug for r in load_roles())
    raise AttributeError(name)


ROLES: tuple[Role, ...]
ROLE_SLUGS: tuple[str, ...]


def get_role(slug: str) -> Role:
    """The role with this slug (case-insensitive); unknown slugs get the valid list and a suggestion."""
    key = slug.strip().lower()
    for role in load_roles():
        if role.slug == key:
            return role
    raise UnknownNameError("role", slug, tuple(r.slug for r in load_roles()))
