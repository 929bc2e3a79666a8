"""Skills in the atlas: the taxonomy, its O*NET links, and every posting's role and skills.

Tables (built after the loaders, see :data:`roleatlas.store.build.DERIVED`):

``skill(id, name, type, requires)``
    the taxonomy of :mod:`roleatlas.taxonomy.skills`; ``requires`` holds the
    prerequisite ids, ``|``-separated. Always written.
``skill_onet(skill_id, onet_code, example, commodity_code, commodity_title, hot_technology, in_demand)``
    each skill's O*NET Technology Skills "Example" names joined to
    ``onet_technology_skill`` (one row per skill, example and occupation).
    Written when the build loaded O*NET.
``skill_esco(skill_id, uri, label, kind)``
    each skill linked to the ESCO v1.2 digital skills whose preferred or
    alternative label equals the skill's name or one of its spellings, case
    and a trailing parenthesis ignored ("Python (computer programming)" is
    Python). Written when the build loaded ESCO. ESCO holds few tool-level
    entries, so many skills have no link.
``posting_role(file, row, title, role, confidence, role_source, duplicate_of)``
    every row of the postings files (``row`` is the 0-based data row). ``role``
    is the trained classifier's answer on title and description (a role or
    ``unclear``; ``role_source`` is ``model:<version>``), or the title rules'
    role when there is no trained model (``role_source`` ``rules``,
    ``confidence`` NULL). A posting whose description has the same
    :func:`~roleatlas.classify.weak.fingerprint` as an earlier one is a repeat:
    it is kept, with ``duplicate_of`` = ``file:row`` of the first copy, and
    statistics leave it out. Empty descriptions are never repeats.
``posting_skill(file, row, skill_id, mentions, first_start, first_end)``
    the skills :func:`~roleatlas.skills.extract.extract_skills` finds in each
    posting's description (all types, repeats included), with the number of
    mentions and the character span of the first one.
``posting_info(file, row, company, sector, has_description)``
    each posting's company and industry field as the file gives them
    (``sector`` "" when the file has none: the arshkon sample).
``posting_fact(file, row, kind, value)``
    what each posting states, one row per fact: ``industry`` (broad groups of
    :mod:`roleatlas.taxonomy.industries`), ``degree`` (bachelor/master/phd
    mentioned) and ``duty`` (responsibility themes of ``duties.csv``), from
    :mod:`roleatlas.skills.postings_text`.
``posting_term(role, term, k)``
    per role, how many of its counted postings (repeats and empty descriptions
    left out) use each content word (:func:`roleatlas.profiles.terms.content_terms`,
    kept when ``k >= 3``): what ranks O*NET task statements by relevance.

The posting tables are written by the ``postings`` loader (:func:`load_postings`,
registered in :data:`roleatlas.store.build.LOADERS`): a build that loads the
postings source requires it complete and unchanged like any other source, and
a build of other sources only has no posting tables. Each postings file is
row-accounted in ``load_report`` (source ``postings``): every row read is in
``posting_role``, repeats included.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from roleatlas.classify.weak import fingerprint
from roleatlas.errors import ModelError
from roleatlas.ingest.postings import POSTING_FILES, SOURCE, PostingText, iter_postings
from roleatlas.ingest.sink import Column, Sink
from roleatlas.profiles.terms import content_terms
from roleatlas.skills.extract import extract_skills
from roleatlas.skills.postings_text import degree_mentions, find_duties
from roleatlas.taxonomy.industries import industry_groups
from roleatlas.taxonomy.skills import load_skills
from roleatlas.taxonomy.titles import role_for_title

if TYPE_CHECKING:
    from roleatlas.classify.model import RoleModel
    from roleatlas.sources import SourceStatus

#: ``role_source`` of roles given by the title rules (no trained model).
RULES = "rules"

SKILL_COLUMNS: list[Column] = [
    ("id", "VARCHAR"),
    ("name", "VARCHAR"),
    ("type", "VARCHAR"),
    ("requires", "VARCHAR"),
]
SKILL_ONET_COLUMNS: list[Column] = [
    ("skill_id", "VARCHAR"),
    ("onet_code", "VARCHAR"),
    ("example", "VARCHAR"),
    ("commodity_code", "VARCHAR"),
    ("commodity_title", "VARCHAR"),
    ("hot_technology", "BOOLEAN"),
    ("in_demand", "BOOLEAN"),
]
POSTING_ROLE_COLUMNS: list[Column] = [
    ("file", "VARCHAR"),
    ("row", "INTEGER"),
    ("title", "VARCHAR"),
    ("role", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("role_source", "VARCHAR"),
    ("duplicate_of", "VARCHAR"),
]
POSTING_INFO_COLUMNS: list[Column] = [
    ("file", "VARCHAR"),
    ("row", "INTEGER"),
    ("company", "VARCHAR"),
    ("sector", "VARCHAR"),
    ("has_description", "BOOLEAN"),
]
POSTING_FACT_COLUMNS: list[Column] = [
    ("file", "VARCHAR"),
    ("row", "INTEGER"),
    ("kind", "VARCHAR"),
    ("value", "VARCHAR"),
]
POSTING_TERM_COLUMNS: list[Column] = [("role", "VARCHAR"), ("term", "VARCHAR"), ("k", "INTEGER")]
#: Terms used by fewer of a role's postings are not kept in ``posting_term``.
MIN_TERM_POSTINGS = 3
POSTING_SKILL_COLUMNS: list[Column] = [
    ("file", "VARCHAR"),
    ("row", "INTEGER"),
    ("skill_id", "VARCHAR"),
    ("mentions", "INTEGER"),
    ("first_start", "INTEGER"),
    ("first_end", "INTEGER"),
]


def load_postings(status: SourceStatus, sink: Sink) -> None:
    """The postings loader: write ``posting_role`` and ``posting_skill`` (module docstring).

    Parameters
    ----------
    status
        The postings source as the build found it (checksums already checked).
    sink
        The atlas being built.
    """
    files = tuple(name for name in POSTING_FILES if status.has(name))
    role_rows: list[tuple[object, ...]] = []
    skill_rows: list[tuple[object, ...]] = []
    facts = _Facts()
    labeller = _labeller()
    seen: dict[str, str] = {}
    for name in files:
        with sink.account(SOURCE, name) as acc:
            for posting in iter_postings(status, (name,)):
                acc.read += 1
                row = _role_row(posting, labeller, _first_copy(posting, seen))
                role_rows.append(row)
                skill_rows.extend(_skill_rows(posting))
                facts.add(posting, role=str(row[3]), repeat=row[6] is not None)
                acc.loaded += 1
    sink.write(
        "posting_role",
        POSTING_ROLE_COLUMNS,
        role_rows,
        comment="Every posting's role (classifier, else title rules); repeats point to their first copy",
    )
    sink.write(
        "posting_skill",
        POSTING_SKILL_COLUMNS,
        skill_rows,
        comment="Skills found in each posting's description: mentions and first span",
    )
    facts.write(sink)


def write_skill_tables(sink: Sink) -> None:
    """``skill`` from the taxonomy, ``skill_esco`` and ``skill_onet`` when ESCO / O*NET were loaded
    (a derived step: it runs after every loader)."""
    skills = load_skills()
    write_skill_esco(sink)
    sink.write(
        "skill",
        SKILL_COLUMNS,
        [(s.id, s.name, s.type, "|".join(s.requires)) for s in skills.values()],
        comment="The skills taxonomy (skills.csv); requires = prerequisite ids, |-separated",
    )
    has_onet = sink.sql(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'onet_technology_skill'"
    )
    if not has_onet[0][0]:
        return
    by_example: dict[str, list[str]] = {}
    for s in skills.values():
        for example in s.onet:
            by_example.setdefault(example, []).append(s.id)
    found = sink.sql(
        "SELECT example, onet_code, commodity_code, commodity_title, hot_technology, in_demand "
        "FROM onet_technology_skill WHERE list_contains(?, example) ORDER BY onet_code, example",
        [sorted(by_example)],
    )
    rows = [(sid, r[1], r[0], *r[2:]) for r in found for sid in by_example[r[0]]]
    rows.sort(key=lambda r: (str(r[0]), str(r[1]), str(r[2])))
    sink.write(
        "skill_onet",
        SKILL_ONET_COLUMNS,
        rows,
        comment="Skills linked to O*NET Technology Skills examples, with Hot Technology / In Demand",
    )


SKILL_ESCO_COLUMNS: list[Column] = [
    ("skill_id", "VARCHAR"),
    ("uri", "VARCHAR"),
    ("label", "VARCHAR"),
    ("kind", "VARCHAR"),
]


def write_skill_esco(sink: Sink) -> None:
    """``skill_esco``: skills linked to ESCO digital skills by label (module docstring)."""
    has_esco = sink.sql(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'esco_skill_label'"
    )
    if not has_esco[0][0]:
        return
    by_name: dict[str, set[str]] = {}
    for s in load_skills().values():
        for name in (s.name, *s.aliases, *s.exact):
            by_name.setdefault(name.casefold(), set()).add(s.id)
    labels = sink.sql("SELECT uri, label, kind FROM esco_skill_label ORDER BY uri, kind, label")
    rows = {
        (sid, uri, label, kind)
        for uri, label, kind in labels
        for sid in by_name.get(_esco_key(str(label)), ())
    }
    sink.write(
        "skill_esco",
        SKILL_ESCO_COLUMNS,
        sorted(rows),
        comment="Skills linked to ESCO v1.2 digital skills by label (case and parenthesis ignored)",
    )


def _esco_key(label: str) -> str:
    """An ESCO label without its trailing parenthesis ("Python (computer programming)")."""
    head, sep, _ = label.partition(" (")
    return (head if sep else label).strip().casefold()


class _Labeller:
    """The role of a posting: the trained model's answer, else the title rules' role."""

    def __init__(self, model: RoleModel | None) -> None:
        self.model = model
        self.source = RULES if model is None else f"model:{model.version}"

    def label(self, posting: PostingText) -> tuple[str, float | None]:
        if self.model is None:
            return role_for_title(posting.title).role, None
        c = self.model.classify(posting.title, posting.description)
        return c.role, round(c.confidence, 6)


def _labeller() -> _Labeller:
    from roleatlas.classify.model import default_model

    try:
        return _Labeller(default_model())
    except ModelError:
        return _Labeller(None)


def _first_copy(posting: PostingText, seen: dict[str, str]) -> str | None:
    """``file:row`` of an earlier posting with the same description fingerprint, else None."""
    if not posting.description.strip():
        return None
    key = fingerprint(posting.description)
    ref = f"{posting.file}:{posting.row}"
    first = seen.setdefault(key, ref)
    return None if first == ref else first


def _role_row(
    posting: PostingText, labeller: _Labeller, duplicate_of: str | None
) -> tuple[object, ...]:
    role, confidence = labeller.label(posting)
    return (
        posting.file,
        posting.row,
        posting.title,
        role,
        confidence,
        labeller.source,
        duplicate_of,
    )


class _Facts:
    """Collects ``posting_info``, ``posting_fact`` and ``posting_term`` rows (module docstring)."""

    def __init__(self) -> None:
        self.info: list[tuple[object, ...]] = []
        self.facts: list[tuple[object, ...]] = []
        self.terms: dict[str, Counter[str]] = {}

    def add(self, posting: PostingText, *, role: str, repeat: bool) -> None:
        text = posting.description
        key = (posting.file, posting.row)
        self.info.append((*key, posting.company, posting.sector, bool(text.strip())))
        found = [
            *(("industry", g) for g in industry_groups(posting.sector)),
            *(("degree", d) for d in sorted(degree_mentions(text))),
            *(("duty", d) for d in find_duties(text)),
        ]
        self.facts.extend((*key, kind, value) for kind, value in found)
        if not repeat and text.strip():
            self.terms.setdefault(role, Counter()).update(content_terms(text))

    def write(self, sink: Sink) -> None:
        sink.write(
            "posting_info",
            POSTING_INFO_COLUMNS,
            self.info,
            comment="Each posting's company and industry field as its file gives them",
        )
        sink.write(
            "posting_fact",
            POSTING_FACT_COLUMNS,
            self.facts,
            comment="What each posting states: industry groups, degrees mentioned, duties",
        )
        terms = [
            (role, term, k)
            for role, counts in sorted(self.terms.items())
            for term, k in sorted(counts.items())
            if k >= MIN_TERM_POSTINGS
        ]
        sink.write(
            "posting_term",
            POSTING_TERM_COLUMNS,
            terms,
            comment="Per role, how many counted postings use each content word (k >= 3)",
        )


def _skill_rows(posting: PostingText) -> list[tuple[object, ...]]:
    return [
        (posting.file, posting.row, f.id, len(f.spans), *f.spans[0])
        for f in extract_skills(posting.description)
    ]
