"""The exported role model equals scikit-learn's, survives a save/load, and fails clearly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from classify_fixtures import TINY, tiny_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.classify.model import (
    UNCLEAR,
    RoleModel,
    default_model,
    load_model,
    models_root,
)
from roleatlas.errors import ModelError, ModelMissingError


def test_exported_model_equals_sklearn() -> None:
    from roleatlas.classify.train import _data, _export, _fit, _matrix

    data = _data(tiny_examples())
    params = {"C": 10.0, "class_weight_power": 0.0, "description_weight": 0.7}
    idx = np.arange(len(data.y))
    vecs, clf = _fit(data, idx, params, True)
    model = _export(vecs, clf, params, temperature=1.0, threshold=0.0)
    expected = clf.predict_proba(_matrix(vecs, data, idx, 0.7, fit=False))
    for i, ex in enumerate(tiny_examples()):
        got = model.probabilities(ex.title, ex.description)
        title = ex.title
        assert np.allclose(got, expected[i], atol=1e-5), title


def test_tiny_model_learns_the_roles(tiny_model: RoleModel) -> None:
    assert tiny_model.classify("Machine Learning Engineer").role == "ml-engineer"
    assert tiny_model.classify("Generative AI Engineer").role == "ai-engineer"
    assert tiny_model.classify("Registered Nurse").role == "other"


def test_description_decides_a_generic_title(tiny_model: RoleModel) -> None:
    llm = tiny_model.classify("Software Engineer", "llm agents retrieval rag prompt")
    ml = tiny_model.classify("Software Engineer", "train ranking models pytorch serving")
    assert llm.candidates[0].role == "ai-engineer"
    assert ml.candidates[0].role == "ml-engineer"


def test_explanation_names_the_words_that_pushed(tiny_model: RoleModel) -> None:
    c = tiny_model.classify("Generative AI Engineer", "agents and rag", explain=True)
    words = {e.text for e in c.evidence}
    assert c.evidence and all(e.weight > 0 for e in c.evidence)
    assert words & {"ai", "generative", "agents", "rag", "generative ai"}
    assert [e.weight for e in c.evidence] == sorted((e.weight for e in c.evidence), reverse=True)


def test_unknown_words_are_unclear_not_the_prior(tiny_model: RoleModel) -> None:
    for title in ("", "   ", "漢字 カタカナ", "\x00\x01", "<br/>"):
        c = tiny_model.classify(title)
        assert c.role == UNCLEAR and c.reason == "no known words", title


def test_threshold_makes_unclear_with_candidates(tiny_model: RoleModel) -> None:
    strict = RoleModel(
        tiny_model.classes, tiny_model.weights, tiny_model.intercept, tiny_model.blocks,
        tiny_model.temperature, 0.999, tiny_model.metadata,
    )  # fmt: skip
    c = strict.classify("Software Engineer")
    assert c.role == UNCLEAR and c.reason == "below threshold"
    assert len(c.candidates) == 3 and c.candidates[0].probability >= c.candidates[1].probability


def test_markup_is_not_a_word(tiny_model: RoleModel) -> None:
    plain = tiny_model.probabilities("Machine Learning Engineer", "train models")
    html = tiny_model.probabilities("<b>Machine Learning</b> Engineer", "<p>train&nbsp;models</p>")
    assert np.allclose(plain, html, atol=1e-6)


def test_huge_description_is_read_up_to_the_limit(tiny_model: RoleModel) -> None:
    c = tiny_model.classify("Engineer", "llm agents " * 100_000)
    assert c.candidates[0].role == "ai-engineer"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=2000)))
def test_never_raises_and_probabilities_sum_to_one(
    tiny_model: RoleModel, title: str, desc: str | None
) -> None:
    c = tiny_model.classify(title, desc, explain=True)
    assert c.role in (*tiny_model.classes, UNCLEAR)
    assert abs(sum(tiny_model.probabilities(title, desc)) - 1) < 1e-5


def test_save_and_load_round_trip(tiny_model: RoleModel, saved_tiny: Path) -> None:
    assert (models_root() / "CURRENT").read_text().strip() == "test-tiny"
    loaded = default_model()
    assert loaded.classes == tiny_model.classes and loaded.threshold == tiny_model.threshold
    for title, desc, _ in TINY:
        assert np.allclose(
            loaded.probabilities(title, desc), tiny_model.probabilities(title, desc), atol=1e-6
        )


def test_no_model_says_how_to_train() -> None:
    with pytest.raises(ModelMissingError, match="Train one with `roleatlas train roles`"):
        default_model()


def test_damaged_arrays_are_refused(saved_tiny: Path) -> None:
    data = bytearray((saved_tiny / "arrays.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (saved_tiny / "arrays.npz").write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"damaged \(checksum mismatch\).*roleatlas train roles"):
        load_model(saved_tiny)


def test_json_that_is_not_a_model_is_refused(saved_tiny: Path) -> None:
    (saved_tiny / "model.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(ModelError, match="does not hold a role model"):
        load_model(saved_tiny)
    (saved_tiny / "model.json").write_text("{not json")
    with pytest.raises(ModelError, match="cannot be read"):
        load_model(saved_tiny)


def test_missing_file_in_model_dir(saved_tiny: Path) -> None:
    (saved_tiny / "arrays.npz").unlink()
    with pytest.raises(ModelMissingError, match="incomplete"):
        load_model(saved_tiny)


def test_current_pointing_elsewhere_is_refused(saved_tiny: Path) -> None:
    (models_root() / "CURRENT").write_text("../../etc\n")
    with pytest.raises(ModelError, match="does not name a model version"):
        default_model()
    shutil.rmtree(saved_tiny)
    (models_root() / "CURRENT").write_text("test-tiny\n")
    with pytest.raises(ModelMissingError):
        default_model()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .+#-/()&<>éML", max_size=40))
def test_title_features_are_those_explanations_use(title: str) -> None:
    from roleatlas.classify.text import title_features, title_features_by_word, title_text

    text = title_text(title)
    assert sorted(title_features(text)) == sorted(f for f, _ in title_features_by_word(text))


def test_word_cache_changes_no_answer_and_stays_bounded(
    tiny_model: RoleModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roleatlas.classify import model as model_module

    titles = [e.title for e in tiny_examples()] + ["ML ML ML engineer", "engineer data ml"]
    tiny_model.clear_caches()
    cold = [tiny_model.probabilities(t) for t in titles]  # each title's words looked up anew
    warm = [tiny_model.probabilities(t) for t in titles]  # every word cached
    monkeypatch.setattr(model_module, "WORD_CACHE", 3)
    tiny_model.clear_caches()
    small = [tiny_model.probabilities(t) for t in titles]
    assert all(len(b._words) <= 3 for b in tiny_model.blocks)
    for a, b, c in zip(cold, warm, small, strict=True):
        assert np.array_equal(a, b) and np.array_equal(a, c)
    tiny_model.clear_caches()
    assert all(not b._words for b in tiny_model.blocks)
