"""Code lists of the salary survey: experience levels, employment types, company sizes, countries."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

#: aijobs.net experience codes -> our level names, in seniority order.
EXPERIENCE_LEVELS: dict[str, str] = {"EN": "entry", "MI": "mid", "SE": "senior", "EX": "executive"}
EMPLOYMENT_TYPES: dict[str, str] = {
    "FT": "full-time",
    "PT": "part-time",
    "CT": "contract",
    "FL": "freelance",
}
COMPANY_SIZES: dict[str, str] = {"S": "small", "M": "medium", "L": "large"}
#: remote_ratio values -> names (0 = on site, 50 = hybrid, 100 = fully remote).
REMOTE_RATIOS: dict[int, str] = {0: "on-site", 50: "hybrid", 100: "remote"}


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> common English name (bundled list, 249 countries)."""
    text = resources.files("roleatlas.taxonomy").joinpath("data/countries.csv").read_text("utf-8")
    return {row["alpha2"]: row["name"] for row in csv.DictReader(text.splitlines())}
