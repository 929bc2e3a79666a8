"""The role classifier: a title (and description) -> one role of ROLES.md, or ``unclear``.

- :func:`classify_role` classifies with the current trained model
  (:func:`default_model`); :class:`RoleModel` (:mod:`.model`) applies a saved
  model with numpy alone; :func:`load_model` / :func:`save_model` read and
  write it.
- :func:`train_roles` (:mod:`.train`, needs scikit-learn) runs the pipeline;
  :func:`evaluate_gold` (:mod:`.report`) scores a model on the gold set.

Names are imported on first use, so classifying never imports scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roleatlas.classify.model import Classification, RoleModel

_EXPORTS = {
    "RoleModel": "model",
    "Classification": "model",
    "Candidate": "model",
    "Evidence": "model",
    "UNCLEAR": "model",
    "load_model": "model",
    "save_model": "model",
    "default_model": "model",
    "train_roles": "train",
    "evaluate_gold": "report",
    "GoldReport": "report",
}
__all__ = sorted([*_EXPORTS, "classify_role"])


def classify_role(
    title: str,
    description: str | None = None,
    *,
    model: RoleModel | None = None,
    explain: bool = False,
) -> Classification:
    """The role of a job title (and its description) with the current model.

    Parameters
    ----------
    title
        The raw title; noise (seniority, places, ids, markup) is handled.
    description
        The posting's text, if any (markup is removed; the first
        12,000 characters are read).
    model
        A loaded model; default: the current one in the models directory.
    explain
        Also return the words that pushed the answer.

    Raises
    ------
    ModelMissingError, ModelError
        No trained model, or a damaged one: the message says how to retrain.
    """
    from roleatlas.classify.model import default_model

    return (model or default_model()).classify(title, description, explain=explain)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"roleatlas.classify.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'roleatlas.classify' has no attribute {name!r}")
