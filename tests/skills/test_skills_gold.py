"""The skill extractor on the hand-labelled postings (issue 5 targets), and the label files."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roleatlas.skills.gold import (
    TARGETS,
    SkillItem,
    evaluate_skills,
    load_skill_labels,
    score_skills,
)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("roleatlas.skills").joinpath(f"data/skills_{name}.csv").read_text()
    return list(csv.DictReader(text.splitlines()))


def test_label_files_are_by_file_and_row_without_descriptions() -> None:
    gold, dev = _rows("gold"), _rows("dev")
    assert len(gold) >= 60 and len(dev) >= 20
    keys = [(r["file"], r["row"]) for r in gold + dev]
    assert len(set(keys)) == len(keys)  # no posting in both sets
    assert set(gold[0]) == {"file", "row", "title", "skills", "note"}
    assert max(len(r["note"]) for r in gold) < 400  # notes, not copied descriptions


def test_unknown_label_names_count_as_misses() -> None:
    from roleatlas.ingest.postings import PostingText

    items = [SkillItem("f.csv", 0, "T", frozenset({"python", "?Obscure Tool"}))]
    posts = {("f.csv", 0): PostingText("f.csv", 0, "T", "Python")}
    s = score_skills(items, posts, lambda _: ["python", "sql"])
    assert (s.true_pos, s.false_pos, s.false_neg) == (1, 1, 1)
    assert s.precision == 0.5 and s.recall == 0.5
    assert s.unknown["?Obscure Tool"] == 1 and s.spurious["sql"] == 1


def test_label_names_map_to_the_taxonomy() -> None:
    items = load_skill_labels("dev")
    known = [x for i in items for x in i.skills if not x.startswith("?")]
    assert "python" in known and "scikit-learn" in known


@pytest.mark.integration
def test_gold_targets(real_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = evaluate_skills("gold", real_home)
    with capsys.disabled():
        print(f"\nskills gold: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} n={s.postings}")
    assert s.postings == len(_rows("gold"))
    assert s.precision >= TARGETS["precision"]
    assert s.f1 >= TARGETS["f1"]


@pytest.mark.integration
def test_report_command_prints_the_same_figures(use_real_home: Path) -> None:
    from roleatlas.cli import app

    res = CliRunner().invoke(app, ["model", "report", "skills", "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    s = evaluate_skills("gold", use_real_home)
    assert doc["f1"] == pytest.approx(s.f1) and doc["postings"] == s.postings
    assert doc["false_negatives"] == sum(doc["missed"].values())
