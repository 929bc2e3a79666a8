"""Collect the weakly labelled training set from the data directory (see :mod:`.weak` for the rules)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from roleatlas.classify.gold import (
    GoldItem,
    gold_exclusion,
    gold_postings,
    load_dev,
    load_gold,
    load_train,
)
from roleatlas.classify.text import title_text
from roleatlas.classify.weak import Example, dedupe, fingerprint, generic_title, weak_label
from roleatlas.errors import DataError
from roleatlas.ingest.postings import SOURCE as POSTINGS
from roleatlas.ingest.postings import PostingText, iter_postings
from roleatlas.ingest.records import read_delimited, read_xlsx
from roleatlas.sources import SourceStatus, get_source, require
from roleatlas.taxonomy.roles import load_roles

HAND = "postings-hand"  # a posting of the hand-labelled training sample
HAND_GENERIC = "postings-hand-generic-title"  # its copy under a generic title


@dataclass
class TrainingSet:
    """Examples plus the accounting of what was left out and why."""

    examples: list[Example]
    unsure: Counter[str] = field(default_factory=Counter)  # source -> examples left unlabelled
    excluded_gold: int = 0  # postings left out because they are, or repeat, gold postings

    def counts(self) -> dict[str, Counter[str]]:
        """Examples per source and role."""
        out: dict[str, Counter[str]] = {}
        for ex in self.examples:
            out.setdefault(ex.source, Counter())[ex.role] += 1
        return out


def taxonomy_examples() -> list[Example]:
    """The typical titles and aliases of ``roles.toml``, labelled with their role (curated by hand)."""
    return [
        Example(title, "", role.slug, "taxonomy", f"roles.toml {role.slug}", "taxonomy title")
        for role in load_roles()
        for title in (*role.titles, *role.aliases)
    ]


def _onet(status: SourceStatus, ts: TrainingSet) -> Iterator[Example]:
    alt = read_xlsx(status.path("Alternate Titles.xlsx"))
    rep = read_delimited(status.path("Sample of Reported Titles.txt"), delimiter="\t")
    for source, records, col in (
        ("onet-alternate", alt, "Alternate Title"),
        ("onet-reported", rep, "Reported Job Title"),
    ):
        for rec in records:
            title, soc = rec.values.get(col) or "", rec.values.get("O*NET-SOC Code") or ""
            role, why = weak_label(title, socs=[soc])
            if role is None:
                ts.unsure[source] += 1
                continue
            yield Example(title, "", role, source, f"{soc}", why)


def _esco(status: SourceStatus, ts: TrainingSet) -> Iterator[Example]:
    for rec in read_delimited(status.path("occupations_en.csv")):
        isco = rec.values.get("iscoGroup") or ""
        labels = [rec.values.get("preferredLabel") or ""]
        labels += (rec.values.get("altLabels") or "").splitlines()
        for label in filter(None, (x.strip() for x in labels)):
            role, why = weak_label(label, isco=isco)
            if role is None:
                ts.unsure["esco"] += 1
                continue
            yield Example(label, "", role, "esco", f"ISCO {isco}", why)


def _aijobs(status: SourceStatus, ts: TrainingSet) -> Iterator[Example]:
    titles = Counter(
        rec.values.get("job_title") or "" for rec in read_delimited(status.path("salaries.csv"))
    )
    for title in sorted(titles):
        role, why = weak_label(title, ai_context=True)
        if role is None:
            ts.unsure["aijobs"] += titles[title]
            continue
        yield Example(title, "", role, "aijobs", f"{titles[title]} rows", why)


def _postings(status: SourceStatus, ts: TrainingSet) -> Iterator[Example]:
    postings = list(iter_postings(status))
    rows, prints = gold_exclusion(gold_postings(status, load_gold() + load_dev(), postings))
    hand = _hand_labels(status, postings, rows, prints)
    for p in postings:
        if (p.file, p.row) in rows or fingerprint(p.description) in prints:
            ts.excluded_gold += 1
            continue
        ref = f"{p.file}:{p.row}"
        item = hand.get((p.file, p.row))
        if item is not None:  # the hand label (title and description read) replaces the rules
            yield Example(p.title, p.description, item.role, HAND, ref, "hand label")
            if item.role != "other" and p.description.strip():
                yield Example(
                    generic_title(item.role, ref),
                    p.description,
                    item.role,
                    HAND_GENERIC,
                    ref,
                    "hand label",
                )
            continue
        role, why = weak_label(p.title)
        if role is None or not p.title:
            ts.unsure["postings"] += 1
            continue
        yield Example(p.title, p.description, role, "postings", ref, why)
        if role != "other" and p.description.strip():
            generic = generic_title(role, ref)
            yield Example(generic, p.description, role, "postings-generic-title", ref, why)


def _hand_labels(
    status: SourceStatus,
    postings: list[PostingText],
    rows: set[tuple[str, int]],
    prints: set[str],
) -> dict[tuple[str, int], GoldItem]:
    """The hand-labelled training sample by (file, row); refuses one that touches gold or dev."""
    hand = {}
    for item, p in gold_postings(status, load_train(), postings):
        if (p.file, p.row) in rows or fingerprint(p.description) in prints:
            raise DataError(
                f"roles_train.csv holds {p.file} row {p.row}, which is (or repeats) a gold or "
                "development posting: remove it from the training sample."
            )
        hand[(p.file, p.row)] = item
    return hand


READERS: dict[str, Callable[[SourceStatus, TrainingSet], Iterator[Example]]] = {
    "onet": _onet,
    "esco": _esco,
    "aijobs-salaries": _aijobs,
    POSTINGS: _postings,
}


def training_set(
    home: Path | None = None,
    *,
    verify: bool = True,
    on_source: Callable[[str], None] | None = None,
) -> TrainingSet:
    """Every weakly labelled example from the sources in the data directory, gold postings excluded."""
    ts = TrainingSet(taxonomy_examples())
    for name, reader in READERS.items():
        if on_source:
            on_source(name)
        status = require(get_source(name), home=home, verify=verify)
        ts.examples.extend(dedupe(reader(status, ts), title_text))
    return ts
