"""Hand-written examples for a tiny role model (no real data), and the code that fits it."""

from __future__ import annotations

import numpy as np

from roleatlas.classify.model import RoleModel, SecondStage
from roleatlas.classify.weak import Example

TINY = [
    (
        "Machine Learning Engineer",
        "train models pytorch feature pipelines model serving",
        "ml-engineer",
    ),
    ("ML Engineer", "training ranking models deploy models to production", "ml-engineer"),
    ("Senior Machine Learning Engineer", "deep learning models training evaluation", "ml-engineer"),
    ("Software Engineer", "train ranking models features serving", "ml-engineer"),
    ("AI Engineer", "llm applications agents retrieval rag prompt", "ai-engineer"),
    ("Generative AI Engineer", "build llm agents with rag and prompt engineering", "ai-engineer"),
    ("LLM Engineer", "agents retrieval augmented generation apis", "ai-engineer"),
    ("Software Engineer", "llm agents retrieval product", "ai-engineer"),
    ("AI Developer", "write application code game ai unity", "ai-programmer"),
    ("AI Programmer", "game ai behaviour trees c++ unity", "ai-programmer"),
    ("Data Scientist", "statistics experiments sql business questions", "data-scientist"),
    ("Senior Data Scientist", "a/b tests statistics python models", "data-scientist"),
    ("Registered Nurse", "patient care hospital shifts", "other"),
    ("Accountant", "ledger tax audits", "other"),
    ("Software Engineer", "java backend microservices", "other"),
    ("Sales Manager", "quota customers territory", "other"),
]


def tiny_examples() -> list[Example]:
    """Each tiny posting, then its title alone (a generic title alone is left out)."""
    full = [Example(t, d, r, "test", f"tiny:{i}", "hand") for i, (t, d, r) in enumerate(TINY)]
    alone = [Example(t, "", r, "test", f"title:{i}", "hand") for i, (t, _, r) in enumerate(TINY)]
    return full + [e for e in alone if e.title != "Software Engineer"]


def fit_tiny(with_description: bool = True, threshold: float = 0.3) -> RoleModel:
    """Fit the real training code on the tiny examples and export it."""
    from roleatlas.classify.train import _data, _export, _fit

    data = _data(tiny_examples())
    params = {"C": 10.0, "class_weight_power": 0.0, "description_weight": 1.0}
    vecs, clf = _fit(data, np.arange(len(data.y)), params, with_description)
    model = _export(vecs, clf, params, temperature=1.0, threshold=threshold)
    model.metadata = {"version": "test-tiny"}
    return model


#: Words of three job focuses, for postings whose title ("Machine Learning Engineer") does
#: not tell them apart: the description does.
FOCUS_WORDS = {
    "ai-engineer": ["llm", "agents", "rag", "prompt", "langchain", "chatbot", "openai"],
    "ml-engineer": ["training", "xgboost", "ranking", "forecasting", "pytorch", "fraud"],
    "mlops-engineer": ["kubernetes", "mlflow", "docker", "terraform", "monitoring", "gpu"],
}
FILLER = ["team", "build", "customers", "work", "product", "systems", "company", "remote"]


def focus_postings(per_role: int = 20, seed: int = 7) -> list[Example]:
    """Hand-labelled postings, all titled "Machine Learning Engineer", told apart by focus."""
    import random

    from roleatlas.classify.dataset import HAND

    rng = random.Random(seed)
    out = []
    for role, terms in FOCUS_WORDS.items():
        for i in range(per_role):
            words = rng.sample(terms, 3) + rng.sample(FILLER, 5)
            rng.shuffle(words)
            out.append(
                Example("Machine Learning Engineer", " ".join(words), role, HAND, f"{role}:{i}", "")
            )
    return out


def fit_focus_stage(
    classes: tuple[str, ...], min_postings: int = 30
) -> tuple[SecondStage | None, dict | None]:
    """A second stage over a first stage that only follows the title (always ml-engineer),
    fitted by the real training code on the focus postings of the roles among ``classes``."""
    from roleatlas.classify.train import _data, fit_second_stage

    data = _data([e for e in focus_postings() if e.role in classes])
    oof = np.zeros((len(data.y), len(classes)))
    oof[:, classes.index("ml-engineer")] = 3.0
    rules = ["ml-engineer"] * len(data.y)
    return fit_second_stage(data, oof, np.array(classes), rules, min_postings=min_postings)
