"""The role classifier on the real data: trained once, scored on the hand-labelled gold set.

The targets of issue 4 are asserted here; figures are printed (``-s``) and the
same numbers come out of ``roleatlas model report roles``. The model is
trained with the quick setting (the one the full search of ``roleatlas train
roles`` chose by cross-validation on the training data, never on gold).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from roleatlas.classify.evaluate import TRIO, UNCLEAR
from roleatlas.classify.model import RoleModel
from roleatlas.classify.report import TARGETS, GoldReport, evaluate_gold

pytestmark = [pytest.mark.integration, pytest.mark.slow]

GOLD = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "roleatlas"
    / "classify"
    / "data"
    / "roles_gold.csv"
)


@pytest.fixture(scope="module")
def trained(
    real_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[RoleModel, GoldReport]:
    from roleatlas.classify.train import train_roles
    from roleatlas.cli.model import QUICK_GRID

    models = tmp_path_factory.mktemp("models")
    report = train_roles(
        real_home,
        models_dir=models,
        verify=False,
        grid=QUICK_GRID,
        evaluate_gold=lambda m: evaluate_gold(m, real_home).to_dict(),
    )
    return report.model, GoldReport.from_dict(report.model.metadata["gold"])


def _print(report: GoldReport) -> None:
    for name, s in (("model", report.model), ("rules", report.rules)):
        print(
            f"\n{name}: n={s.n} answer rate {s.answer_rate:.3f} accuracy {s.accuracy:.3f} "
            f"macro-F1 {s.macro_f1:.3f} coverage accuracy {s.coverage_accuracy:.3f} "
            f"trio confusion {s.trio_confusion}"
        )


def test_gold_set_is_big_enough_and_by_hand() -> None:
    rows = list(csv.DictReader(GOLD.read_text("utf-8").splitlines()))
    assert len(rows) >= 300
    assert len({(r["file"], r["row"]) for r in rows}) == len(rows)
    assert Counter(r["file"] for r in rows).keys() >= {
        "ai_ml_jobs_linkedin.csv",
        "Uncleaned_DS_jobs.csv",
        "glassdoor_jobs.csv",
        "linkedin_arshkon_postings_sample1000.csv",
    }
    assert all(r["note"].strip() and r["certain"] in ("yes", "no") for r in rows)


def test_no_gold_posting_is_trained_on(trained: tuple[RoleModel, GoldReport]) -> None:
    model, _ = trained
    assert model.metadata["excluded_gold_postings"] >= 440  # gold 340 + development 100


def test_hand_labelled_training_postings_are_used_and_apart_from_gold(
    trained: tuple[RoleModel, GoldReport], real_home: Path
) -> None:
    from roleatlas.classify.gold import gold_postings, load_dev, load_gold, load_train
    from roleatlas.classify.weak import fingerprint
    from roleatlas.sources import get_source, require

    model, _ = trained
    train = load_train()
    assert len(train) >= 400
    by_source = model.metadata["training_by_source"]
    assert sum(by_source["postings-hand"].values()) == len(train)
    status = require(get_source("postings"), home=real_home, verify=False)
    held = gold_postings(status, load_gold() + load_dev())
    rows = {(g.file, g.row) for g, _ in held}
    prints = {fingerprint(p.description) for _, p in held if p.description.strip()}
    for item, p in gold_postings(status, train):
        assert (item.file, item.row) not in rows
        assert fingerprint(p.description) not in prints


def test_report_recomputes_the_stored_figures(
    trained: tuple[RoleModel, GoldReport], real_home: Path
) -> None:
    model, stored = trained
    again = evaluate_gold(model, real_home)
    assert again.model == stored.model and again.rules == stored.rules


def test_rules_figures_recomputed_independently(
    trained: tuple[RoleModel, GoldReport], real_home: Path
) -> None:
    from roleatlas.taxonomy.titles import role_for_title

    _, report = trained
    rows = list(csv.DictReader(GOLD.read_text("utf-8").splitlines()))
    right = sum(role_for_title(r["title"]).role == r["role"] for r in rows)
    assert report.rules.accuracy == pytest.approx(right / len(rows))


def test_answer_rate_target(trained: tuple[RoleModel, GoldReport]) -> None:
    _, report = trained
    _print(report)
    # measured 92.1% (model 20261124-2db82f42dd; 94.7% for 20261124-f194020125); model
    # 20261124-603ce16684 answered 86.2%, its threshold chosen on training postings not
    # weighted by the gold set's design
    assert report.model.answer_rate >= TARGETS["answer_rate"]


def test_beats_the_rules(trained: tuple[RoleModel, GoldReport]) -> None:
    _, report = trained
    m, rules = report.model, report.rules
    assert m.macro_f1 > rules.macro_f1  # measured 70.5% vs 55.2%
    assert m.accuracy > rules.accuracy  # on answered: 84.0% vs 73.5%


def test_beats_the_rules_counting_unclear_wrong(trained: tuple[RoleModel, GoldReport]) -> None:
    _, report = trained
    # measured 77.4% vs 73.5% (model 20261124-2db82f42dd; 78.5% for 20261124-f194020125);
    # model 20261124-603ce16684, which abstained on 13.8%, had 71.5%
    assert report.model.coverage_accuracy > report.rules.coverage_accuracy


def test_agent_titles_are_ai_engineering(trained: tuple[RoleModel, GoldReport]) -> None:
    """The issue's first example, title alone. "Agents" alone pulls towards ``other`` (insurance,
    travel, sales agents in O*NET and ESCO); the taxonomy's agent-engineering aliases pull back."""
    model, _ = trained
    for title in ("Founding AI Engineer, Agents", "LLM Agent Engineer"):
        assert model.classify(title).role == "ai-engineer", title


@pytest.mark.xfail(
    strict=True,
    reason="Issue 4 targets NOT met (measured 2026-11-24, model 20261124-2db82f42dd, with the "
    "second stage, after fitting): accuracy on answered 84.0% (target 90%; rules 73.5%), "
    "macro-F1 70.5% (target 85%; rules 55.2%), at a 92.1% answer rate (target 90%, met). "
    "On the 216 labels marked sure: 97.2% / 95.2% / 89.3%. A second blind labelling of 120 "
    "gold postings agrees on 97.5%, so the gap is the model's. See the issue note.",
)
def test_accuracy_and_macro_f1_targets(trained: tuple[RoleModel, GoldReport]) -> None:
    _, report = trained
    m = report.model
    assert m.accuracy >= TARGETS["accuracy"]
    assert m.macro_f1 >= TARGETS["macro_f1"]


@pytest.mark.xfail(
    strict=True,
    reason="Target NOT met (measured 2026-11-24, model 20261124-2db82f42dd): 9 of 85 "
    "answered AI Engineer / ML Engineer / AI Programmer gold postings confused (10.6%, target "
    "< 10%; rules 13.1%): 3 ML Engineer postings answered ai-engineer, 1 AI Engineer "
    "ml-engineer, and 5 of the 7 AI Programmer postings ml-engineer (it has 4 training "
    "postings, and the model never answers it). Model 20261124-f194020125: 11.4% of 88. See "
    "the issue note.",
)
def test_three_compared_roles_are_separated(trained: tuple[RoleModel, GoldReport]) -> None:
    _, report = trained
    confusion = report.model.confusion
    among = sum(confusion.get(y, {}).get(p, 0) for y in TRIO for p in TRIO if p != y)
    answered = sum(confusion.get(y, {}).get(p, 0) for y in TRIO for p in TRIO)
    assert answered == report.model.trio_n
    print(
        f"\ntrio: {among} of {answered} confused; unclear: {[confusion.get(y, {}).get(UNCLEAR, 0) for y in TRIO]}"
    )
    assert among / answered < TARGETS["trio_confusion"]
