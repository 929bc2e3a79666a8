"""Shared fixtures: an isolated environment for every test, and the real data when present."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from roleatlas.config import DATA_HOME_ENV, DB_ENV, MODELS_ENV, get_settings

_REAL_HOME = os.environ.get(DATA_HOME_ENV, "")


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """No test touches the user's cache or atlas: both point into a temporary directory."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv(DB_ENV, str(base / "atlas.duckdb"))
    monkeypatch.setenv(MODELS_ENV, str(base / "models"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.delenv(DATA_HOME_ENV, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def real_home() -> Path:
    """The real data directory (``$ROLEATLAS_DATA_HOME`` when the suite started); skips if unset."""
    if not _REAL_HOME:
        pytest.skip(f"{DATA_HOME_ENV} is not set: integration tests need the real data")
    path = Path(_REAL_HOME)
    if not path.is_dir():
        pytest.fail(f"{DATA_HOME_ENV}={path} is not a directory")
    return path


@pytest.fixture
def use_real_home(real_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the settings at the real data directory for this test."""
    monkeypatch.setenv(DATA_HOME_ENV, str(real_home))
    get_settings.cache_clear()
    return real_home
