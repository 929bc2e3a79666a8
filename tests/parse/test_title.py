"""Tests for roleatlas.parse.title: worked examples, properties, and real hand-labelled titles.

The gold table ``tests/data/parse/title_gold.csv`` (columns ``file,row,text,core,
seniority,level,work_mode,note``; ``row`` is the 0-based ``csv.DictReader``
index) was written before the parser: 25 rows of each postings file drawn with
``random.Random(20250603)`` (rows shuffled, a title already drawn skipped;
note "sample"), then hard cases picked by hand (note "hard: ..."). Each title
was labelled by reading it, following the rules in the docstring of
``roleatlas.parse.title``; labels are never changed to suit the parser.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.parse.title import (
    MAX_CHARS,
    SENIORITY_ORDER,
    ParsedTitle,
    Seniority,
    parse_title,
)

GOLD = Path(__file__).parents[1] / "data" / "parse" / "title_gold.csv"
TITLE_COLUMN = {
    "glassdoor_jobs.csv": "Job Title",
    "Uncleaned_DS_jobs.csv": "Job Title",
    "linkedin_arshkon_postings_sample1000.csv": "title",
    "ai_ml_jobs_linkedin.csv": "title",
}


def _gold() -> list[dict[str, str]]:
    with GOLD.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("text", "core", "seniority", "level", "work_mode"),
    [
        ("Sr. ML Eng II - Remote (US)", "Machine Learning Engineer", "senior", 2, "remote"),
        ("Head of AI", "Head of AI", "head", None, None),
        ("Director, Machine Learning", "Director, Machine Learning", "director", None, None),
        ("VP of Engineering", "Vice President of Engineering", "vp", None, None),
        ("Chief Data Officer", "Chief Data Officer", "chief", None, None),
        ("Lead Data Scientist", "Data Scientist", "lead", None, None),
        ("Data Science Manager", "Data Science Manager", "manager", None, None),
        ("Engineering Manager, ML", "Engineering Manager, Machine Learning", "manager", None, None),
        (
            "Staff Software Engineer, ML Infrastructure",
            "Software Engineer, Machine Learning Infrastructure",
            "staff",
            None,
            None,
        ),
        ("Principal Applied Scientist", "Applied Scientist", "principal", None, None),
        ("Machine Learning Intern", "Machine Learning Intern", "intern", None, None),
        ("Summer 2025 Intern - AI", "Intern - AI", "intern", None, None),
        ("Senior Associate, Data Science", "Associate, Data Science", "senior", None, None),
        ("Research Scientist III", "Research Scientist", None, 3, None),
        ("Software Engineer 2", "Software Engineer", None, 2, None),
        ("Senior Manager, Data Science", "Manager, Data Science", "manager", None, None),
        ("AI Developer (Unity)", "AI Developer (Unity)", None, None, None),
        ("Founding AI Engineer, Agents", "Founding AI Engineer, Agents", None, None, None),
        (
            "Software Engineer, Machine Learning",
            "Software Engineer, Machine Learning",
            None,
            None,
            None,
        ),
        ("Sr. Data Scientist - NLP", "Data Scientist - NLP", "senior", None, None),
        ("Data Engineer with R", "Data Engineer with R", None, None, None),
        ("Medical Lab Scientist - MLT", "Medical Lab Scientist - MLT", None, None, None),
        (
            "Senior Research Scientist-Machine Learning",
            "Research Scientist - Machine Learning",
            "senior",
            None,
            None,
        ),
        (
            "Head Data Scientist – Image Analytics lead, Novartis AI Innovation Lab",
            "Head Data Scientist - Image Analytics Lead, Novartis AI Innovation Lab",
            "head",
            None,
            None,
        ),
    ],
)
def test_parse_title_brief_examples(
    text: str, core: str, seniority: str | None, level: int | None, work_mode: str | None
) -> None:
    p = parse_title(text)
    assert (p.core, p.seniority, p.level, p.work_mode) == (core, seniority, level, work_mode)


@pytest.mark.parametrize(
    ("text", "core", "noise"),
    [
        ("R-12345 Data Scientist", "Data Scientist", ("R-12345",)),
        ("Data Scientist (Req #1234)", "Data Scientist", ("Req #1234",)),
        ("JR0012345 ML Engineer", "Machine Learning Engineer", ("JR0012345",)),
        ("Machine Learning Engineer [28376]", "Machine Learning Engineer", ("[28376]",)),
        ("Data Scientist 🚀🔥", "Data Scientist", ("🚀🔥",)),
        ("Data Engineer - Immediate Joiner", "Data Engineer", ("Immediate Joiner",)),
        ("Urgent!! Hiring Now: Data Scientist", "Data Scientist", ("Urgent Hiring Now",)),
        ("Software Engineer at Google", "Software Engineer", ("at Google",)),
        (
            "Lead ML Engineer - up to $250k-$350k",
            "Machine Learning Engineer",
            ("up to $250k-$350k",),
        ),
        ("Machine Learning (ML) Engineer", "Machine Learning Engineer", ("(ML)",)),
        ("ML/NLP Engineer | Palo Alto, CA", "Machine Learning/NLP Engineer", ("Palo Alto, CA",)),
        ("AI Data Engineer in Reston VA", "AI Data Engineer", ("Reston VA",)),
        ("CNC Machine Operator 3rd shift", "CNC Machine Operator", ("3rd shift",)),
        (
            "Machine Learning Engineer - Cutting Edge Scaleup!",
            "Machine Learning Engineer",
            ("Cutting Edge Scaleup!",),
        ),
    ],
)
def test_noise_is_removed_and_listed(text: str, core: str, noise: tuple[str, ...]) -> None:
    p = parse_title(text)
    assert (p.core, p.noise) == (core, noise)


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("Remote Sensing Scientist", "Remote Sensing Scientist"),
        ("Hybrid Cloud Engineer", "Hybrid Cloud Engineer"),
        ("Contract Administrator", "Contract Administrator"),
        ("Data Engineer - Kafka", "Data Engineer - Kafka"),
        ("Software Engineer, Agents", "Software Engineer, Agents"),
        ("DS Manager", "DS Manager"),
        ("Pilot in Command Phenom 300", "Pilot in Command Phenom 300"),
        ("Tier I Help Desk associate", "Tier I Help Desk Associate"),
    ],
)
def test_meaningful_words_are_not_noise(text: str, core: str) -> None:
    p = parse_title(text)
    assert (p.core, p.noise, p.work_mode, p.level) == (core, (), None, None)


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("ml ops engineer", "MLOps Engineer"),
        ("Gen AI ML Engineer", "GenAI Machine Learning Engineer"),
        ("senior ios developer", "iOS Developer"),
        ("Senior C++ Developer", "C++ Developer"),
        ("SWE II", "Software Engineer"),
        ("SDE, ML", "Software Development Engineer, Machine Learning"),
        ("Eng Manager", "Engineering Manager"),
        ("VP Eng", "Vice President Engineering"),
        ("Sr. Dev", "Developer"),
        ("Mgr, Data Science", "Manager, Data Science"),
        ("SENIOR ML ENGINEER", "Machine Learning Engineer"),
        ("software engineer, machine learning", "Software Engineer, Machine Learning"),
        ("AI / ML Engineer", "AI/Machine Learning Engineer"),
        ("Machine learning Engineer / ML Engineer", "Machine Learning Engineer"),
        ("Research Scientist or Senior Research Scientist", "Research Scientist"),
    ],
)
def test_spelling_and_case(text: str, core: str) -> None:
    assert parse_title(text).core == core


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Software Engineer L5, Machine Learning Platform", 5),
        ("Machine Learning Engineer (L4) - Infrastructure", 4),
        ("Software Engineer (L5)", 5),
        ("Data Analyst Level III", 3),
        ("Scientist I/II, Biology", 1),
        ("Relationship Banker I or II", 1),
        ("Senior Data Scientist 4 Artificial Intelligence", 4),
        ("Software Engineer (E5)", None),
        ("Dupixent/Type 2 Inflammation Scientist", None),
        ("Python 3 Developer", None),
    ],
)
def test_levels(text: str, level: int | None) -> None:
    assert parse_title(text).level == level


@pytest.mark.parametrize(
    ("text", "work_mode", "employment"),
    [
        ("AI/ML Engineer(Hybrid/Remote)", "hybrid", None),
        ("Machine Learning Engineer - Data Extraction (NYC or Remote US)", "remote", None),
        ("AI/ML Engineer (Redmond,WA- Onsite)", "onsite", None),
        ("Data Engineer 5 - Contract (Remote)", "remote", "contract"),
        ("Sales Director - Part-Time - Remote", "remote", "part-time"),
        ("Licensed Health Insurance Agent - Work from Home", "remote", None),
        ("Principal AI/ML Engineer (Full-time, remote within the US)", "remote", "full-time"),
        ("Data Scientist", None, None),
    ],
)
def test_work_mode_and_employment(text: str, work_mode: str | None, employment: str | None) -> None:
    p = parse_title(text)
    assert (p.work_mode, p.employment) == (work_mode, employment)


@pytest.mark.parametrize(
    ("text", "seniority", "terms"),
    [
        ("Senior Manager, Data Science", "manager", ("senior", "manager")),
        ("Junior Project Manager", "junior", ("junior", "manager")),
        ("Content Manager (INTERNSHIP)", "intern", ("manager", "intern")),
        ("Associate Principal Scientist", "principal", ("principal",)),
        ("Staff / Senior Accountant", "staff", ("staff", "senior")),
        ("Team Lead", "lead", ("lead",)),
        ("Assistant Principal", None, ()),
        ("Associate Data Scientist", None, ()),
    ],
)
def test_seniority_precedence(text: str, seniority: str | None, terms: tuple[str, ...]) -> None:
    p = parse_title(text)
    assert (p.seniority, p.seniority_terms) == (seniority, terms)


def test_seniority_order_is_the_literal() -> None:
    assert set(SENIORITY_ORDER) == set(get_args(Seniority))
    assert SENIORITY_ORDER.index("senior") < SENIORITY_ORDER.index("manager")


def test_parsed_title_is_frozen_slotted_and_json_ready() -> None:
    p = parse_title("Sr. Data Engineer - Contract-to-Hire (Java)")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.core = "x"  # type: ignore[misc]
    assert not hasattr(p, "__dict__")
    d = json.loads(json.dumps(p.to_dict()))
    assert d == {
        "kind": "title",
        "raw": "Sr. Data Engineer - Contract-to-Hire (Java)",
        "core": "Data Engineer (Java)",
        "seniority": "senior",
        "level": None,
        "work_mode": None,
        "employment": "contract",
        "seniority_terms": ["senior"],
        "noise": ["Contract-to-Hire"],
    }


def test_non_text_is_a_type_error_that_says_what_to_pass() -> None:
    with pytest.raises(TypeError, match="parse_title expects a str, got NoneType"):
        parse_title(None)  # type: ignore[arg-type]


def test_cached_and_uncached_agree() -> None:
    text = "Principal AI/ML Engineer (Full-time, remote within the US)"
    assert parse_title(text) == parse_title(text, cached=False)
    assert parse_title(text) is parse_title(text)


def test_empty_and_all_noise_titles_have_an_empty_core() -> None:
    assert parse_title("") == ParsedTitle(raw="", core="")
    p = parse_title("Remote - Hybrid (US)")
    assert (p.core, p.work_mode) == ("", "hybrid")


# ------------------------------------------------------------------ properties

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120) | st.lists(
    st.sampled_from(
        [
            "Sr.",
            "Senior",
            "Lead",
            "Head",
            "of",
            "AI",
            "ML",
            "Eng",
            "II",
            "III",
            "2",
            "L5",
            "Level",
            "-",
            "–",
            "|",
            "/",
            ",",
            ";",
            "(",
            ")",
            "[",
            "]",
            ":",
            "!",
            "@",
            "at",
            "in",
            "Remote",
            "Hybrid",
            "Onsite",
            "US",
            "NYC",
            "CA",
            "Reston",
            "VA",
            "Intern",
            "Co-Op",
            "Manager",
            "VP",
            "Data",
            "Scientist",
            "Engineer",
            "Req",
            "#1234",
            "R-12345",
            "$120k",
            "2024",
            "Summer",
            "🚀",
            "مهندس",
            "מהנדס",
            "工程师",
            "Ｅｎｇ",
            "ﬁ",
            "\u200f",
            "́",
        ]
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_never_raises_and_core_is_clean(text: str) -> None:
    p = parse_title(text, cached=False)
    assert isinstance(p.core, str)
    assert p.core == p.core.strip() and "  " not in p.core
    assert p.seniority is None or p.seniority in p.seniority_terms
    assert p.level is None or 1 <= p.level <= 99


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_core_is_a_fixed_point(text: str) -> None:
    """parse(core).core == core, with no level, work mode or noise left to remove."""
    core = parse_title(text, cached=False).core
    again = parse_title(core, cached=False)
    assert (again.core, again.level, again.work_mode, again.noise) == (core, None, None, ())


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "Senior " * 150_000,
        "(" * 1_000_000,
        "- " * 500_000,
        "1" * 1_000_000,
        "Data Scientist, " * 60_000,
        "I/" * 500_000,
        "$1 " * 300_000,
        "🚀" * 250_000,
        "Remote, NY, " * 80_000,
    ],
)
def test_huge_input_is_bounded(text: str) -> None:
    # A hang guard, not a speed target (bench/parse.py measures speed): input is
    # cut to MAX_CHARS, so even a slow CI machine finishes far inside the bound.
    start = time.perf_counter()
    p = parse_title(text)
    assert time.perf_counter() - start < 2.0
    assert p.raw is text
    assert len(p.core) <= MAX_CHARS


@pytest.mark.parametrize(
    "text",
    ["- " * 150, "a-" * 150, "(" * 300, "Sr. " * 75, "I/" * 150, "Remote, " * 37, "A " * 150,
     "Engineer at " * 25, "in " * 100, "Reston VA, " * 27],
)  # fmt: skip
def test_adversarial_titles_are_fast(text: str) -> None:
    start = time.perf_counter()
    for _ in range(20):
        parse_title(text, cached=False)
    # A hang guard against backtracking (seconds per call), not a speed target:
    # these take a few milliseconds each; bench/parse.py measures speed.
    assert (time.perf_counter() - start) / 20 < 1.0


# ------------------------------------------------------------------ gold table


def test_gold_table_is_well_formed() -> None:
    rows = _gold()
    assert len(rows) >= 100
    assert {r["file"] for r in rows} == set(TITLE_COLUMN)
    assert sum(r["note"].startswith("sample") for r in rows) == 100
    assert len({(r["file"], r["row"]) for r in rows}) == len(rows)
    for r in rows:
        assert r["seniority"] in ("", *SENIORITY_ORDER), r
        assert r["work_mode"] in ("", "remote", "hybrid", "onsite"), r
        assert r["level"] == "" or 1 <= int(r["level"]) <= 9, r
        assert r["core"] == r["core"].strip() and r["core"], r


@pytest.fixture(scope="module")
def postings_titles(real_home: Path) -> Iterator[dict[str, list[str]]]:
    titles = {}
    for name, column in TITLE_COLUMN.items():
        with (real_home / "postings" / name).open(newline="", encoding="utf-8-sig") as fh:
            titles[name] = [row[column] for row in csv.DictReader(fh)]
    yield titles


@pytest.mark.integration
def test_gold_titles_match_the_real_rows(postings_titles: dict[str, list[str]]) -> None:
    for r in _gold():
        assert postings_titles[r["file"]][int(r["row"])] == r["text"], r


@pytest.mark.integration
def test_gold_accuracy(postings_titles: dict[str, list[str]]) -> None:
    rows = _gold()
    fields = ("seniority", "level", "work_mode", "core")
    right = dict.fromkeys(fields, 0)
    misses: list[str] = []
    for r in rows:
        p = parse_title(r["text"], cached=False)
        got = {
            "seniority": p.seniority or "",
            "level": "" if p.level is None else str(p.level),
            "work_mode": p.work_mode or "",
            "core": p.core,
        }
        for f in fields:
            right[f] += got[f] == r[f]
            if got[f] != r[f]:
                misses.append(f"{r['text']!r}: {f} {got[f]!r} != gold {r[f]!r}")
    accuracy = {f: right[f] / len(rows) for f in fields}
    print(f"\ntitle gold ({len(rows)} real titles):")
    for f in fields:
        print(f"  {f:<10} {right[f]:>4}/{len(rows)} = {accuracy[f]:.3f}")
    print("\n".join(f"  miss: {m}" for m in misses))
    assert accuracy["seniority"] >= 0.95
    assert accuracy["level"] >= 0.95
    assert accuracy["work_mode"] >= 0.95
    assert accuracy["core"] >= 0.9


@pytest.mark.integration
def test_every_real_title_parses_to_a_fixed_point(postings_titles: dict[str, list[str]]) -> None:
    titles = [t for ts in postings_titles.values() for t in ts]
    assert len(titles) == 3490
    for text in titles:
        core = parse_title(text, cached=False).core
        again = parse_title(core, cached=False)
        assert (again.core, again.level, again.work_mode, again.noise) == (core, None, None, ()), (
            text
        )


@pytest.mark.integration
@pytest.mark.slow
def test_throughput_on_real_titles(postings_titles: dict[str, list[str]]) -> None:
    """Uncached titles per second on one core (best of 5 passes); cached for comparison."""
    titles = [t for ts in postings_titles.values() for t in ts]

    def rate(cached: bool) -> float:
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for text in titles:
                parse_title(text, cached=cached)
            best = min(best, time.perf_counter() - start)
        return len(titles) / best

    uncached, cached = rate(False), rate(True)
    print(f"\nparse_title: {uncached:,.0f} titles/s uncached, {cached:,.0f} cached")
    assert uncached > 10_000  # a floor that catches a regression; 50k+ is typical on one core
