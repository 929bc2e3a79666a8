"""The hand-labelled role sets: loaded, matched to their postings, and kept out of training.

``data/roles_gold.csv`` (the gold set: only ever scored, after fitting),
``data/roles_dev.csv`` (the development set: the one design decisions may look
at) and ``data/roles_train.csv`` (a hand-labelled *training* sample: the
labels that teach the model what descriptions say) hold file, row, title,
role, certain and a note per posting (no description text);
``data/LABELLING.md`` is the guide all three were labelled by, and
``tests/data/classify/select_gold.py`` / ``select_train.py`` chose their
postings (the training sample holds no gold or development posting, nor a
repeat of one). The postings
themselves are read from the data directory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from roleatlas.classify.weak import fingerprint
from roleatlas.errors import DataError
from roleatlas.ingest.postings import POSTING_FILES, PostingText, iter_postings
from roleatlas.sources import SourceStatus
from roleatlas.taxonomy.roles import ROLE_SLUGS


@dataclass(frozen=True)
class GoldItem:
    file: str
    row: int
    title: str
    role: str
    certain: bool


def load_dev() -> list[GoldItem]:
    """The development set's labels (empty if the file is absent)."""
    return _packaged("roles_dev.csv")


def dev_labels_path() -> Path:
    """The packaged development set's file (for :func:`.report.evaluate_gold`)."""
    return Path(str(resources.files("roleatlas.classify").joinpath("data/roles_dev.csv")))


def load_train() -> list[GoldItem]:
    """The hand-labelled training sample's labels (empty if the file is absent)."""
    return _packaged("roles_train.csv")


def _packaged(name: str) -> list[GoldItem]:
    packaged = resources.files("roleatlas.classify").joinpath(f"data/{name}")
    return load_gold(Path(str(packaged))) if packaged.is_file() else []


def load_gold(path: Path | None = None) -> list[GoldItem]:
    """The gold labels (the packaged file unless ``path`` is given), validated."""
    if path is None:
        text = (
            resources.files("roleatlas.classify").joinpath("data/roles_gold.csv").read_text("utf-8")
        )
        where = "the packaged roles_gold.csv"
    else:
        text = path.read_text("utf-8")
        where = str(path)
    items = []
    for n, rec in enumerate(csv.DictReader(text.splitlines()), start=2):
        if rec.get("role") not in ROLE_SLUGS or rec.get("file") not in POSTING_FILES:
            raise DataError(
                f"{where}, line {n}: unknown role {rec.get('role')!r} or file {rec.get('file')!r}."
            )
        items.append(
            GoldItem(
                rec["file"], int(rec["row"]), rec["title"], rec["role"], rec["certain"] == "yes"
            )
        )
    return items


def gold_postings(
    status: SourceStatus, items: list[GoldItem], postings: Iterable[PostingText] | None = None
) -> list[tuple[GoldItem, PostingText]]:
    """Each gold item with its posting (from ``postings`` when already read).

    A title that differs means the file is not the labelled one.
    """
    wanted = {(g.file, g.row): g for g in items}
    found: dict[tuple[str, int], PostingText] = {}
    for p in iter_postings(status) if postings is None else postings:
        if (p.file, p.row) in wanted:
            found[(p.file, p.row)] = p
    out = []
    for key, g in wanted.items():
        got = found.get(key)
        if got is None or got.title != g.title.strip():
            raise DataError(
                f"Gold item {g.file} row {g.row} ({g.title!r}) does not match the postings file "
                f"(found {got.title if got else 'no row'!r}): the file is not the release it was "
                "labelled on. Run `roleatlas data status postings` to check it."
            )
        out.append((g, got))
    return out


def gold_exclusion(
    pairs: list[tuple[GoldItem, PostingText]],
) -> tuple[set[tuple[str, int]], set[str]]:
    """Rows and description fingerprints that training must never use."""
    rows = {(g.file, g.row) for g, _ in pairs}
    prints = {fingerprint(p.description) for _, p in pairs if p.description.strip()}
    return rows, prints
