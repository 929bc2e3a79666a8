"""A tiny role model trained once per test session from hand-written examples (no real data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from classify_fixtures import fit_tiny

from roleatlas.classify.model import RoleModel


@pytest.fixture(scope="session")
def tiny_model() -> RoleModel:
    return fit_tiny()


@pytest.fixture
def saved_tiny(tiny_model: RoleModel, tmp_path: Path) -> Path:
    """The tiny model saved as the current model of the test's models directory."""
    from roleatlas.classify.model import save_model

    return save_model(tiny_model)
