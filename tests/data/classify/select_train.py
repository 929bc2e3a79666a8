"""Choose the postings of the hand-labelled *training* sample (run once; output committed).

Usage: ``ROLEATLAS_DATA_HOME=../shared/data python tests/data/classify/select_train.py [rare|rest|data]``

With ``rare`` it chooses a *second* training batch (``train_sample_rare.csv``):
the first batch held 4 ai-programmer, 5 applied-scientist and 1
research-scientist postings, too few to learn those roles from. This batch
takes every remaining posting whose **title** names one of the rare role
families (:data:`RARE`: developer/programmer, applied or research scientist,
research engineer, AI/ML/data leadership, vision, language, ML platforms,
AI/LLM/generative engineering), at most :data:`RARE_LEADERS` leadership
titles per file, with the same per-title, repeat and gold/development rules
and none of the first batch.

With ``rest`` it chooses a *third* batch (``train_sample_rest.csv``): every
remaining posting (no gold, development or earlier training posting nor a
repeat of one; one per repeated description; no per-title limit) whose title
the weak rules leave unsure or label with an AI/ML role (:data:`AIML`). These
are the postings whose description can move the answer off the title: the
many further "Machine Learning Engineer" postings of ai_ml_jobs_linkedin.csv
(LLM applications? platforms?) and the "Scientist" / "Director of ..." titles
of the other files. The choice reads titles and the weak rules only, never a
model.

With ``data`` it chooses a *fourth* batch (``train_sample_data.csv``): the
remaining postings of the two data-science files (Uncleaned_DS_jobs.csv,
glassdoor_jobs.csv), which after the ``rest`` batch are all titles the weak
rules label surely with a data role ("Data Scientist", "Data Analyst",
"Data Engineer" and their variants). Their descriptions decide where such a
title is really ML engineering, analysis or another job. Seeded shuffle, at
most 4 rows per exact title (the files repeat "Data Scientist" hundreds of
times), one per repeated description, none of the earlier batches.

The weak labels of :mod:`roleatlas.classify.weak` come from titles; the gold
labellers follow the description (LABELLING.md). This sample is labelled by the
same guide, reading title and description, and is used *for training* (never the
gold or the development set): it teaches the model what descriptions say.

Same selection rules as ``select_gold.py`` (file, row and title only; seeded
shuffle; at most 2 rows per exact title (4 in ai_ml_jobs_linkedin.csv, whose
AI/ML titles repeat with different descriptions); repeated descriptions skipped), and no
gold or development posting nor a repeat of one (matched by the first 300
characters of the normalised description).
"""

from __future__ import annotations

import csv
import os
import random
import re
import sys
from pathlib import Path
from typing import Any

from select_gold import ENRICH, fields, fingerprint

QUOTA = {
    "ai_ml_jobs_linkedin.csv": 420,
    "linkedin_arshkon_postings_sample1000.csv": 60,
    "Uncleaned_DS_jobs.csv": 90,
    "glassdoor_jobs.csv": 70,
}
SEED = "20261123:train"
PER_TITLE = {"ai_ml_jobs_linkedin.csv": 4}  # AI/ML titles repeat there; descriptions differ


RARE = re.compile(
    r"(?i)\b(developer|programmer|applied scien\w*|research scien\w*|research engineer"
    r"|vision|perception|image|imaging|nlp|language|speech|conversational|mlops"
    r"|platform|infrastructure|ai|a\.i\.|genai|llm|generative|artificial intelligence)\b"
)
LEADER = re.compile(r"(?i)\b(head|director|vp|vice president|chief|manager)\b")
LEADER_FIELD = re.compile(
    r"(?i)\b(ai|a\.i\.|ml|machine learning|artificial intelligence|data|analytics)\b"
)
RARE_LEADERS = 25
RARE_SEED = "20261123:train-rare"
#: Weak-rule roles of the ``rest`` batch (None, unsure, is taken too).
AIML = frozenset(
    {
        "ai-engineer", "ml-engineer", "ai-programmer", "mlops-engineer", "nlp-engineer",
        "cv-engineer", "applied-scientist", "research-scientist", "research-engineer",
        "ai-ml-leader",
    }
)  # fmt: skip


#: The fourth (``data``) batch: the two data-science files, at most 4 rows per exact title.
DATA_FILES = ("Uncleaned_DS_jobs.csv", "glassdoor_jobs.csv")
DATA_PER_TITLE = 4
DATA_SEED = "20261124:train-data"


def _rows(postings: Path, name: str) -> list[tuple[str, str]]:
    """(title, description) of every data row of one postings file."""
    with (postings / name).open(newline="", encoding="utf-8-sig") as fh:
        return [fields(name, r) for r in csv.DictReader(fh)]


def _labelled(
    postings: Path, samples: tuple[str, ...] = ("gold_sample.csv", "dev_sample.csv")
) -> set[str]:
    """Fingerprints of the postings of ``samples`` (never in a new sample)."""
    here = Path(__file__).parent
    keys = set()
    for name in samples:
        with (here / name).open(encoding="utf-8") as fh:
            keys |= {(r["file"], int(r["row"])) for r in csv.DictReader(fh)}
    seen: set[str] = set()
    for name in QUOTA:
        rows = _rows(postings, name)
        seen |= {fingerprint(rows[i][1]) for f, i in keys if f == name}
    return seen


def _shuffled(n: int, seed: str) -> list[int]:
    """``range(n)`` in a seeded random order."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order


def _pick(
    rows: list[tuple[str, str]],
    order: list[int],
    seen: set[str],
    per_title: int,
    quota: int | None = None,
) -> list[int]:
    """Rows in ``order`` with a title, a description not in ``seen`` (added as chosen) and at
    most ``per_title`` rows per exact title; the first ``quota`` of them."""
    counts: dict[str, int] = {}
    chosen: list[int] = []
    for i in order:
        if len(chosen) == quota:
            break
        title, desc = rows[i]
        fp = fingerprint(desc)
        if not title.strip() or counts.get(title, 0) >= per_title or fp in seen:
            continue
        counts[title] = counts.get(title, 0) + 1
        seen.add(fp)
        chosen.append(i)
    return chosen


def _write(out: Any, name: str, rows: list[tuple[str, str]], chosen: list[int]) -> None:
    """The chosen rows of one file as ``file,row,title`` lines, in file order."""
    for i in sorted(chosen):
        out.writerow([name, i, rows[i][0]])


def _rare_wanted(title: str) -> str | None:
    """``"leader"``, ``"rare"`` or None: whether a title is in the rare batch's families."""
    if LEADER.search(title) and LEADER_FIELD.search(title):
        return "leader"
    return "rare" if RARE.search(title) else None


def rare() -> None:
    """The second training batch (module docstring), written to stdout."""
    postings = Path(os.environ["ROLEATLAS_DATA_HOME"]) / "postings"
    seen = _labelled(postings, ("gold_sample.csv", "dev_sample.csv", "train_sample.csv"))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "row", "title"])
    for name in QUOTA:
        rows = _rows(postings, name)
        order = _shuffled(len(rows), f"{RARE_SEED}:{name}")
        per_title: dict[str, int] = {}
        leaders = 0
        chosen: list[int] = []
        for i in order:
            title, desc = rows[i]
            kind, fp = _rare_wanted(title), fingerprint(desc)
            if kind is None or per_title.get(title, 0) >= PER_TITLE.get(name, 2) or fp in seen:
                continue
            if kind == "leader":
                if leaders >= RARE_LEADERS:
                    continue
                leaders += 1
            per_title[title] = per_title.get(title, 0) + 1
            seen.add(fp)
            chosen.append(i)
        print(f"{name}: {len(chosen)} ({leaders} leadership titles)", file=sys.stderr)
        _write(out, name, rows, chosen)


def rest() -> None:
    """The third training batch (module docstring), written to stdout."""
    from roleatlas.classify.weak import weak_label

    postings = Path(os.environ["ROLEATLAS_DATA_HOME"]) / "postings"
    samples = ("gold_sample.csv", "dev_sample.csv", "train_sample.csv", "train_sample_rare.csv")
    seen = _labelled(postings, samples)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "row", "title"])
    for name in QUOTA:
        chosen = []
        for i, (title, desc) in enumerate(_rows(postings, name)):
            fp = fingerprint(desc)
            if not title.strip() or fp in seen:
                continue
            seen.add(fp)
            role, _ = weak_label(title)
            if role is None or role in AIML:
                chosen.append(i)
                out.writerow([name, i, title])
        print(f"{name}: {len(chosen)}", file=sys.stderr)


def data() -> None:
    """The fourth training batch (module docstring), written to stdout."""
    postings = Path(os.environ["ROLEATLAS_DATA_HOME"]) / "postings"
    samples = (
        "gold_sample.csv", "dev_sample.csv", "train_sample.csv", "train_sample_rare.csv",
        "train_sample_rest.csv",
    )  # fmt: skip
    seen = _labelled(postings, samples)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "row", "title"])
    for name in DATA_FILES:
        rows = _rows(postings, name)
        chosen = _pick(rows, _shuffled(len(rows), f"{DATA_SEED}:{name}"), seen, DATA_PER_TITLE)
        print(f"{name}: {len(chosen)}", file=sys.stderr)
        _write(out, name, rows, chosen)


def main() -> None:
    if sys.argv[1:] == ["data"]:
        data()
        return
    if sys.argv[1:] == ["rare"]:
        rare()
        return
    if sys.argv[1:] == ["rest"]:
        rest()
        return
    postings = Path(os.environ["ROLEATLAS_DATA_HOME"]) / "postings"
    seen = _labelled(postings)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["file", "row", "title"])
    for name, quota in QUOTA.items():
        rows = _rows(postings, name)
        order = _shuffled(len(rows), f"{SEED}:{name}")
        enrich = ENRICH.get(name)
        if enrich is not None and name.startswith("linkedin_arshkon"):
            first = [i for i in order if enrich.search(rows[i][0])]
            order = first + [i for i in order if i not in set(first)]
        chosen = _pick(rows, order, seen, PER_TITLE.get(name, 2), quota)
        print(f"{name}: {len(chosen)} of quota {quota}", file=sys.stderr)
        _write(out, name, rows, chosen)


if __name__ == "__main__":
    main()
