"""The second stage: focus measures, fitting on hand-labelled postings, use, save and load."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from classify_fixtures import FOCUS_WORDS, fit_focus_stage, focus_postings

from roleatlas.classify.model import RoleModel, load_model, save_model
from roleatlas.classify.text import (
    _DESC_STOP,
    description_features,
    description_text,
    focus_groups,
    focus_values,
)
from roleatlas.classify.text import words as tokens
from roleatlas.errors import ModelError


def _desc(text: str) -> list[str]:
    return description_features(description_text(text))


GROUPS = {"gen": ("llm", "agents", "prompt engineering"), "ops": ("kubernetes", "ci cd")}


def test_focus_values_count_words_and_phrases() -> None:
    feats = _desc("LLM agents; prompt engineering with Kubernetes and CI/CD. llm")
    hits_gen, hits_ops = 4, 2  # llm x2, agents, "prompt engineering"; kubernetes, "ci cd"
    words = 8  # llm agents prompt engineering kubernetes ci cd llm ("with", "and" dropped)
    got = focus_values(feats, GROUPS)
    assert got == pytest.approx(
        [
            np.log1p(1000 * hits_gen / words) / 5,
            np.log1p(1000 * hits_ops / words) / 5,
            hits_gen / 6,
            hits_ops / 6,
        ]
    )


def test_focus_values_of_nothing_are_zero() -> None:
    assert focus_values([], GROUPS) == [0.0] * 4
    assert focus_values(_desc("a nurse on the ward"), GROUPS) == [0.0] * 4


def test_every_focus_term_can_be_found() -> None:
    """A term the tokenizer splits otherwise, of three words, or holding a stop word
    (dropped before pairs are formed) would never match."""
    text = resources.files("roleatlas.classify").joinpath("data/focus.toml").read_text("utf-8")
    doc = tomllib.loads(text)
    seen: set[str] = set()
    for name, group in doc.items():
        assert group["about"] and group["terms"], name
        for term in group["terms"]:
            toks = tokens(term)
            assert term == term.lower() and " ".join(toks) == term, (name, term)
            assert 1 <= len(toks) <= 2 and not set(toks) & _DESC_STOP, (name, term)
            assert term not in seen, f"{term} is in two groups"
            seen.add(term)
            assert focus_values(_desc(f"x {term} y"), {name: (term,)})[0] > 0
    assert list(focus_groups()) == list(doc)


CLASSES = ("ai-engineer", "ml-engineer", "mlops-engineer", "other")


def test_second_stage_learns_what_the_title_cannot_say() -> None:
    from roleatlas.classify.train import SECOND_C, SECOND_REPEATS

    stage, meta = fit_focus_stage(CLASSES)
    assert stage is not None and meta is not None
    assert meta["C"] in SECOND_C and [c["C"] for c in meta["cv"]] == list(SECOND_C)
    assert meta["C"] == min(meta["cv"], key=lambda c: c["log_loss"])["C"]  # chosen by log-loss
    for row in meta["cv"]:  # the mean over fold partitions, which differ
        losses = row["partitions"]["log_loss"]
        assert len(losses) == meta["partitions"] == SECOND_REPEATS > 1
        assert row["log_loss"] == pytest.approx(np.mean(losses))
        assert row["hand"]["accuracy"] == pytest.approx(np.mean(row["partitions"]["accuracy"]))
    assert len({round(v, 9) for r in meta["cv"] for v in r["partitions"]["log_loss"]}) > 1
    assert meta["postings"] == 60 and 0.2 <= stage.threshold <= 0.95
    best = max(c["hand"]["accuracy"] for c in meta["cv"])
    assert best >= 0.9  # cross-validated: the first stage alone is right on a third
    other = CLASSES.index("other")  # no hand label: never the answer
    assert stage.intercept[other] == -30.0 and not stage.weights[:, other].any()


def test_a_rare_label_is_spread_over_the_folds() -> None:
    """Four postings of a label (fewer than the five folds) never share one test fold, so
    every training fold has some: lumped with the largest label, they could all land in one."""
    from roleatlas.classify.train import SECOND_FOLDS, _data, second_stage_design

    examples = focus_postings()
    examples = [e for e in examples if e.role != "mlops-engineer"] + [
        e for e in examples if e.role == "mlops-engineer"
    ][:4]
    data = _data(examples)
    classes = np.unique(data.y)
    oof = np.zeros((len(data.y), len(classes)))
    design = second_stage_design(data, oof, classes, ["ml-engineer"] * len(data.y))
    assert design is not None and SECOND_FOLDS > 4
    rare = np.flatnonzero(design.y == "mlops-engineer")
    for partition in range(20):
        folds = design.folds(partition)
        assert len(folds) == SECOND_FOLDS
        assert all(len(set(rare) & set(te)) <= 1 for _, te in folds), partition


def test_too_few_hand_postings_means_no_second_stage() -> None:
    assert fit_focus_stage(CLASSES, min_postings=61) == (None, None)


@pytest.fixture
def two_stage(tiny_model: RoleModel) -> RoleModel:
    """The tiny model with a second stage (ai-engineer and ml-engineer focus postings)."""
    stage, _ = fit_focus_stage(tiny_model.classes)
    assert stage is not None
    return dataclasses.replace(tiny_model, second=stage)


def test_description_goes_through_the_second_stage(two_stage: RoleModel) -> None:
    s = two_stage.second
    assert s is not None
    words = " ".join(FOCUS_WORDS["ai-engineer"])
    c = two_stage.classify("Machine Learning Engineer", words, explain=True)
    assert c.threshold == s.threshold and c.candidates[0].role == "ai-engineer"
    fields = {e.field for e in c.evidence}
    assert "description focus" in fields and any(
        e.text.startswith("generative, ") for e in c.evidence
    )
    assert [e.weight for e in c.evidence if e.field == "description focus"] == sorted(
        (e.weight for e in c.evidence if e.field == "description focus"), reverse=True
    )


def test_a_title_alone_uses_the_first_stage(two_stage: RoleModel, tiny_model: RoleModel) -> None:
    for title, desc in (
        ("Machine Learning Engineer", None),
        ("AI Engineer", ""),
        ("Nurse", "<p></p>"),
    ):
        a, b = two_stage.classify(title, desc), tiny_model.classify(title, desc)
        assert a == dataclasses.replace(b, model=a.model) and a.threshold == tiny_model.threshold


def test_second_stage_survives_save_and_load(two_stage: RoleModel, tmp_path: Path) -> None:
    path = save_model(two_stage, tmp_path, make_current=False)
    loaded = load_model(path)
    assert loaded.second is not None and two_stage.second is not None
    assert loaded.second.groups == two_stage.second.groups
    assert loaded.second.threshold == two_stage.second.threshold
    for desc in (" ".join(w) for w in FOCUS_WORDS.values()):
        assert np.allclose(
            loaded.probabilities("Machine Learning Engineer", desc),
            two_stage.probabilities("Machine Learning Engineer", desc),
            atol=1e-9,
        )


def test_second_stage_not_matching_its_groups_is_refused(
    two_stage: RoleModel, tmp_path: Path
) -> None:
    path = save_model(two_stage, tmp_path, make_current=False)
    doc = json.loads((path / "model.json").read_text())
    doc["second_stage"]["groups"]["extra"] = ["word"]
    (path / "model.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match=r"damaged .*second-stage weights.*roleatlas train roles"):
        load_model(path)


def test_digest_names_the_numbers(two_stage: RoleModel, tiny_model: RoleModel) -> None:
    """The version comes from the digest: a second stage on the same first stage is new."""
    assert tiny_model.digest() == dataclasses.replace(tiny_model).digest()
    assert two_stage.digest() != tiny_model.digest()
    other = dataclasses.replace(tiny_model, threshold=tiny_model.threshold + 0.01)
    assert other.digest() != tiny_model.digest()
    loaded = load_model(save_model(two_stage, None, make_current=False))
    assert loaded.digest() == two_stage.digest()
