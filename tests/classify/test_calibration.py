"""What calibration is fitted on: grouped folds, design weights, and the title-alone scores."""

from __future__ import annotations

import numpy as np
import pytest
from classify_fixtures import tiny_examples

from roleatlas.classify.dataset import HAND, HAND_GENERIC
from roleatlas.classify.train import (
    _data,
    _oof_scores,
    choose_threshold,
    design_weights,
    fit_temperature,
)
from roleatlas.classify.weak import Example

MLE = "Machine Learning Engineer"


def _hand(title: str, description: str, ref: str, role: str = "ml-engineer") -> Example:
    return Example(title, description, role, HAND, ref, "")


def test_design_weights_count_a_title_twice_and_a_repeated_posting_once() -> None:
    examples = [
        *[_hand(MLE, f"posting number {i} about models", f"a.csv:{i}") for i in range(5)],
        _hand("Data Scientist", "the same advert text", "b.csv:1", "data-scientist"),
        _hand("Senior Data Scientist", "The same advert  text", "b.csv:9", "data-scientist"),
        _hand("AI Engineer", "llm agents", "c.csv:3", "ai-engineer"),
        Example(MLE, "weakly labelled", "ml-engineer", "postings", "a.csv:77", "rule"),
        Example(MLE, "posting number 0 about models", "ml-engineer", HAND_GENERIC, "a.csv:0", ""),
    ]
    w = design_weights(examples)
    assert w[:5] == pytest.approx([0.4] * 5)  # five of one title count as two
    assert w[5:7] == pytest.approx([0.5, 0.5])  # one posting at two rows counts once
    assert w[7:] == pytest.approx([1.0, 1.0, 1.0])  # a one-off, a weak label, a generic copy


def test_repeats_of_a_posting_share_a_cross_validation_group() -> None:
    examples = [
        _hand(MLE, "The same advert text", "g.csv:1"),
        Example(MLE, "the same  Advert text", "ml-engineer", "postings", "g.csv:40", "rule"),
        Example("Engineer", "the same advert text", "ml-engineer", HAND_GENERIC, "g.csv:1", ""),
        _hand(MLE, "", "g.csv:2"),
        _hand(MLE, "", "g.csv:3"),
        Example(MLE, "", "ml-engineer", "onet", "x", "rule"),
    ]
    groups = list(_data(examples).groups)
    assert groups[0] == groups[1] == groups[2]
    assert len({groups[3], groups[4], groups[5], groups[0]}) == 4  # no description: by row


def test_integer_weights_choose_as_repeated_items_do() -> None:
    rng = np.random.default_rng(3)
    conf = rng.uniform(0.2, 1.0, size=300)
    correct = rng.uniform(size=300) < conf
    w = rng.integers(1, 4, size=300)
    weighted = choose_threshold(conf, correct, weights=w.astype(float), min_answer_rate=0.0)
    repeated = choose_threshold(np.repeat(conf, w), np.repeat(correct, w), min_answer_rate=0.0)
    assert weighted == repeated
    logits = rng.normal(size=(300, 3)) * 2
    y = rng.integers(0, 3, size=300)
    assert fit_temperature(logits, y, w.astype(float)) == pytest.approx(
        fit_temperature(np.repeat(logits, w, axis=0), np.repeat(y, w)), rel=1e-6
    )


def test_the_answer_rate_bound_uses_the_effective_sample_size() -> None:
    rng = np.random.default_rng(4)
    conf = rng.uniform(0.2, 1.0, size=400)
    correct = rng.uniform(size=400) < conf
    plain = choose_threshold(conf, correct)
    # a uniform weight changes nothing, the Wilson bound included
    assert choose_threshold(conf, correct, weights=np.full(400, 3.0)) == plain
    # a few heavy items leave fewer effective items: the bound needs a bigger margin
    w = np.where(np.arange(400) < 40, 20.0, 0.1)
    t = choose_threshold(conf, correct, weights=w)
    rate = w[conf >= t].sum() / w.sum()
    assert rate >= 0.93  # 40-odd effective items: 90% is only "sure" well above it


def test_stacked_partitions_count_each_posting_once() -> None:
    rng = np.random.default_rng(5)
    conf = rng.uniform(0.2, 1.0, size=150)
    correct = rng.uniform(size=150) < 0.6 * conf  # often wrong: the answer-rate bound binds
    once = choose_threshold(conf, correct)
    stacked_conf, stacked_correct = np.tile(conf, 5), np.tile(correct, 5)
    assert choose_threshold(stacked_conf, stacked_correct, sample_size=150) == once
    # counted five times, the answer rate looks surer than it is: it would abstain more
    assert choose_threshold(stacked_conf, stacked_correct) > once


def test_title_alone_scores_leave_the_description_out() -> None:
    data = _data(tiny_examples())
    classes = np.unique(data.y)
    params = {"C": 10.0, "class_weight_power": 0.0, "description_weight": 1.0}
    with_desc, alone = _oof_scores(data, params, True, classes)
    no_desc = np.array([not d for d in data.descriptions])
    assert np.allclose(with_desc[no_desc], alone[no_desc])  # nothing to leave out
    assert not np.allclose(with_desc[~no_desc], alone[~no_desc])
    title_model, title_alone = _oof_scores(data, params, False, classes)
    assert np.allclose(title_model, title_alone)
