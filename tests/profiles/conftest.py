"""One real atlas (every source, title-rule roles: tests train no model) shared by the profile tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from roleatlas.config import DATA_HOME_ENV, MODELS_ENV, get_settings
from roleatlas.store.build import build_atlas


@pytest.fixture(scope="session")
def real_db(real_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The atlas built from every real source (about 30 s), with no role model on disk."""
    base = tmp_path_factory.mktemp("profiles")
    db = base / "atlas.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(MODELS_ENV, str(base / "no-models"))
        mp.setenv(DATA_HOME_ENV, str(real_home))
        get_settings.cache_clear()
        build_atlas(db, home=real_home)
    get_settings.cache_clear()
    return db


@pytest.fixture
def real_con(real_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(real_db), read_only=True)
    yield con
    con.close()
