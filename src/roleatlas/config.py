"""Where Role Atlas finds its data and keeps its atlas.

Settings are read from the environment when :func:`get_settings` is first
called (never at import time), so tests can change the environment and call
``get_settings.cache_clear()``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import platformdirs

APP_NAME = "roleatlas"

#: Environment variable naming the directory that holds the source files.
DATA_HOME_ENV = "ROLEATLAS_DATA_HOME"
#: Environment variable naming the atlas database file.
DB_ENV = "ROLEATLAS_DB"
#: Environment variable naming the directory that holds trained models.
MODELS_ENV = "ROLEATLAS_MODELS"


@dataclass(frozen=True)
class Settings:
    """Resolved locations. ``data_home`` is where source files are looked up."""

    data_home: Path
    data_home_from_env: bool
    cache_dir: Path
    db_path: Path
    models_dir: Path


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings from the environment (cached; clear with ``cache_clear``)."""
    cache_dir = Path(platformdirs.user_cache_dir(APP_NAME)) / "data"
    env_home = os.environ.get(DATA_HOME_ENV, "").strip()
    env_db = os.environ.get(DB_ENV, "").strip()
    env_models = os.environ.get(MODELS_ENV, "").strip()
    user_data = Path(platformdirs.user_data_dir(APP_NAME))
    db_path = Path(env_db).expanduser() if env_db else user_data / "atlas.duckdb"
    return Settings(
        data_home=Path(env_home).expanduser() if env_home else cache_dir,
        data_home_from_env=bool(env_home),
        cache_dir=cache_dir,
        db_path=db_path,
        models_dir=Path(env_models).expanduser() if env_models else user_data / "models",
    )
