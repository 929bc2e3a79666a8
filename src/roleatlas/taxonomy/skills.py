"""The skills taxonomy: canonical skills, their spellings, types, links and prerequisites.

One reviewable data file, ``data/skills.csv``, one row per skill:

``id``
    a stable slug (``scikit-learn``, ``gcp``).
``name``
    the canonical name shown to users (and the name the gold labels use).
``type``
    one of :data:`TYPES`. :data:`TECHNICAL` types are the concrete technical
    skills that the gold set scores; ``concept`` and ``soft`` skills are kept
    apart so callers can filter them (MEASURED.md: scope decides precision).
``aliases``
    other spellings, ``|``-separated, matched case-insensitively at word
    boundaries (``sklearn``, ``scikit learn``; ``k8s``; ``gcp``).
``requires``
    prerequisite skill ids, ``|``-separated (Python -> pandas ->
    scikit-learn; linear algebra -> deep learning), for the advisor.
``rule``
    ``case:SURFACE`` (that spelling only with exactly that case: ``SAS``,
    ``S3``) or ``context:SURFACE`` (exact case **and** a technical context
    nearby: ``R``, ``C``, ``Go``, ``Spark``, ``Excel``; see
    :mod:`roleatlas.skills.extract`). The skill's name is matched
    case-insensitively unless the rule names it.
``onet``
    the O*NET 29.3 Technology Skills "Example" names of this skill
    (``|``-separated, exact), which give its commodity class and the Hot
    Technology / In Demand flags per occupation.

Built from O*NET Technology Skills (the hot technologies of the AI/ML/data
occupations), ESCO digital skills (ESCO has almost no tool-level entries; its
links are found by name at atlas build time) and a curated AI/ML list of our
own. The file is read once, lazily.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from roleatlas.errors import DataError, UnknownNameError

TYPES = (
    "language",
    "library",
    "platform",
    "datastore",
    "tool",
    "certification",
    "concept",
    "soft",
)
#: The concrete technical skills (what the gold set scores and ``extract`` shows by default).
TECHNICAL = frozenset(TYPES[:6])
RULES = ("case", "context")


@dataclass(frozen=True)
class Skill:
    """One canonical skill of the taxonomy."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    requires: tuple[str, ...]
    rule: str  # "", "case" or "context"
    exact: tuple[str, ...]  # the surfaces the rule applies to (matched with exact case)
    onet: tuple[str, ...]

    @property
    def technical(self) -> bool:
        return self.type in TECHNICAL

    def surfaces(self) -> list[tuple[str, bool]]:
        """Every spelling, with whether it needs its exact case."""
        loose = {s.casefold(): s for s in (self.name, *self.aliases) if s not in self.exact}
        return [(s, False) for s in loose.values()] + [(s, True) for s in self.exact]


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (value or "").split("|") if x.strip())


def _row(n: int, rec: dict[str, str]) -> Skill:
    where = f"skills.csv line {n}"
    if rec.get("type") not in TYPES:
        raise DataError(f"{where}: type {rec.get('type')!r} is not one of {', '.join(TYPES)}.")
    rule = ""
    exact: tuple[str, ...] = ()
    if rec.get("rule"):
        rule, _, surfaces = rec["rule"].partition(":")
        exact = _split(surfaces)
        if rule not in RULES or not exact:
            raise DataError(
                f"{where}: rule {rec['rule']!r} must be case:SURFACE or context:SURFACE."
            )
    return Skill(
        rec["id"],
        rec["name"],
        rec["type"],
        _split(rec.get("aliases")),
        _split(rec.get("requires")),
        rule,
        exact,
        _split(rec.get("onet")),
    )


@cache
def load_skills() -> dict[str, Skill]:
    """Every skill by id, validated (unique ids and names, known prerequisites, no cycle)."""
    text = resources.files("roleatlas.taxonomy").joinpath("data/skills.csv").read_text("utf-8")
    skills: dict[str, Skill] = {}
    for n, rec in enumerate(csv.DictReader(text.splitlines()), start=2):
        skill = _row(n, rec)
        if skill.id in skills:
            raise DataError(f"skills.csv line {n}: the id {skill.id!r} is used twice.")
        skills[skill.id] = skill
    names = [s.name.casefold() for s in skills.values()]
    if len(set(names)) != len(names):
        raise DataError("skills.csv: two skills share a name.")
    for s in skills.values():
        unknown = [r for r in s.requires if r not in skills]
        if unknown:
            raise DataError(f"skills.csv: {s.id} requires unknown skills {unknown}.")
    for s in skills.values():
        prerequisites(s.id, skills)  # raises on a cycle
    return skills


def prerequisites(skill_id: str, skills: dict[str, Skill] | None = None) -> list[str]:
    """All prerequisites of a skill, deepest first (a learning order), without the skill itself."""
    skills = skills if skills is not None else load_skills()
    order: list[str] = []
    path: list[str] = []

    def visit(sid: str) -> None:
        if sid in path:
            raise DataError(f"skills.csv: prerequisite cycle {' -> '.join([*path, sid])}.")
        if sid in order:
            return
        path.append(sid)
        for r in skills[sid].requires:
            visit(r)
        path.pop()
        order.append(sid)

    visit(skill_id)
    return order[:-1]


@cache
def _by_name() -> dict[str, str]:
    """Canonical name and every alias (case-folded) -> skill id; names win over aliases."""
    out: dict[str, str] = {}
    skills = load_skills().values()
    for s in skills:
        for alias in (*s.aliases, *s.exact):
            out.setdefault(alias.casefold(), s.id)
    for s in skills:
        out[s.name.casefold()] = s.id
    return out


def skill_id_for(name: str) -> str | None:
    """The id of the skill a name or spelling refers to (None when the taxonomy has none)."""
    return _by_name().get(name.strip().casefold())


def get_skill(name: str) -> Skill:
    """A skill by id, name or alias; :class:`UnknownNameError` with the closest matches otherwise."""
    skills = load_skills()
    sid = name if name in skills else skill_id_for(name)
    if sid is None:
        names = [s.name for s in skills.values()]
        raise UnknownNameError(
            "skill", name, names, listing=f"{len(names)} skills (the taxonomy's skills.csv)"
        )
    return skills[sid]
