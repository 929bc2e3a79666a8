"""Title rules: spot checks, normalisation, and the committed review sheet of aijobs.net titles."""

from __future__ import annotations

import csv
import re
import string
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roleatlas.taxonomy.roles import ROLE_SLUGS
from roleatlas.taxonomy.titles import normalise_title, role_for_title, title_rules

ROLES_MD = Path(__file__).resolve().parents[3] / "shared" / "ROLES.md"


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Machine Learning Engineer", "ml-engineer"),
        ("AI Engineer", "ai-engineer"),
        ("AI Developer", "ai-programmer"),
        ("AI Programmer", "ai-programmer"),
        ("Head of AI", "ai-ml-leader"),
        ("Lead Machine Learning Engineer", "ml-engineer"),
        ("Machine Learning Lead", "ai-ml-leader"),
        ("Machine Learning Tech Lead", "ml-engineer"),
        ("Director of Machine Learning", "ai-ml-leader"),
        ("Data Science Manager", "ai-ml-leader"),
        ("AI Product Manager", "ai-ml-leader"),
        ("Software Engineer", "other"),
        ("Engineer", "other"),
        ("Manager", "other"),
        ("Product Manager", "other"),
        ("Big Data Analyst", "data-analyst"),
        ("Big Data Engineer", "data-engineer"),
        ("Data Analyst", "data-analyst"),
        ("Analyst", "data-analyst"),
        ("BI Analyst", "data-analyst"),
        ("Business Intelligence Engineer", "data-analyst"),
        ("MLOps Engineer", "mlops-engineer"),
        ("Machine Learning Platform Engineer", "mlops-engineer"),
        ("NLP Engineer", "nlp-engineer"),
        ("Computer Vision Engineer", "cv-engineer"),
        ("Data Scientist", "data-scientist"),
        ("Lead Data Scientist", "data-scientist"),
        ("Applied Scientist", "applied-scientist"),
        ("Machine Learning Scientist", "applied-scientist"),
        ("Research Scientist", "research-scientist"),
        ("Machine Learning Researcher", "research-scientist"),
        ("Research Engineer", "research-engineer"),
        ("Machine Learning Research Engineer", "research-engineer"),
        ("Data Engineer", "data-engineer"),
        ("Data Architect", "data-engineer"),
        ("ETL Developer", "data-engineer"),
        ("Analytics Engineer", "analytics-engineer"),
        ("Prompt Engineer", "ai-engineer"),
        ("AI Architect", "ai-engineer"),
        ("Deep Learning Engineer", "ml-engineer"),
    ],
)
def test_spot_checks(title: str, role: str) -> None:
    assert role_for_title(title).role == role


def _roles_md_titles() -> list[tuple[str, str]]:
    if not ROLES_MD.is_file():  # pragma: no cover - only outside the workspace
        return []
    out = []
    for line in ROLES_MD.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in ROLE_SLUGS:
            # "(not AI/ML)" in ROLES.md annotates an example; it is not part of the title.
            out += [
                (re.sub(r"\s*\(not [^)]*\)", "", t).strip(), cells[0]) for t in cells[3].split(",")
            ]
    return out


_ROLES_MD_GAPS: set[str] = set()  # typical titles the rules do not map yet


@pytest.mark.parametrize(
    ("title", "role"),
    [
        pytest.param(
            t,
            r,
            marks=pytest.mark.xfail(
                strict=True,
                reason="title_rules.csv has no rule for this ROLES.md typical title "
                "(no 'ML' abbreviation, GenAI/LLM, speech, perception, CDO ...)",
            ),
        )
        if t in _ROLES_MD_GAPS
        else (t, r)
        for t, r in _roles_md_titles()
    ],
)
def test_roles_md_typical_titles(title: str, role: str) -> None:
    assert role_for_title(title).role == role


def test_roles_md_lists_typical_titles() -> None:
    if not ROLES_MD.is_file():
        pytest.skip(f"{ROLES_MD} is not here (it lives in the shared workspace)")
    titles = _roles_md_titles()
    assert len(titles) > 60
    assert ("AI Programmer", "ai-programmer") in titles


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Machine Learning Engineer", "machine learning engineer"),
        ("  MACHINE   learning\tEngineer  ", "machine learning engineer"),
        ("Data & Analytics Manager", "data analytics manager"),
        ("Data&Analytics", "data analytics"),
        ("AI/ML Engineer", "ai ml engineer"),
        ("AI / ML Engineer", "ai ml engineer"),
        ("Engineer, Machine Learning", "engineer machine learning"),
        ("", ""),
        (" / & ", ""),
    ],
)
def test_normalise_title(raw: str, normal: str) -> None:
    assert normalise_title(raw) == normal


@given(st.text(alphabet=string.ascii_letters + string.digits + " \t/&,-().", max_size=60))
def test_normalised_titles_are_canonical(title: str) -> None:
    norm = normalise_title(title)
    assert normalise_title(norm) == norm
    assert norm == norm.lower()
    assert norm == norm.strip()
    assert "  " not in norm
    assert not set(norm) & set("\t/&,")


_SEPARATORS = [" ", "  ", "\t", " / ", "/", " & ", "&", ", "]


@given(
    title=st.sampled_from(
        [
            "Machine Learning Engineer",
            "Head of AI",
            "Machine Learning Lead",
            "Big Data Analyst",
            "AI Developer",
            "Data Analytics Manager",
            "Research Engineer",
            "Software Engineer",
        ]
    ),
    data=st.data(),
)
def test_role_ignores_case_spacing_and_separators(title: str, data: st.DataObject) -> None:
    words = title.split()
    seps = data.draw(
        st.lists(st.sampled_from(_SEPARATORS), min_size=len(words) - 1, max_size=len(words) - 1)
    )
    variant = words[0] + "".join(s + w for s, w in zip(seps, words[1:], strict=True))
    upper = data.draw(st.lists(st.booleans(), min_size=len(variant), max_size=len(variant)))
    variant = "".join(c.upper() if u else c.lower() for c, u in zip(variant, upper, strict=True))
    variant = (
        data.draw(st.sampled_from(["", " ", "  "]))
        + variant
        + data.draw(st.sampled_from(["", " \t"]))
    )
    assert role_for_title(variant) == role_for_title(title)


def test_rules_are_well_formed() -> None:
    rules = title_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert all(r.role in ROLE_SLUGS for r in rules)
    assert rules[-1].pattern.pattern == ".*"
    assert rules[-1].role == "other"
    assert all(r.why for r in rules)


def test_rule_is_reported() -> None:
    match = role_for_title("Head of Data")
    assert (match.role, match.rule) == ("ai-ml-leader", "lead-head")
    assert role_for_title("Bear Robotics").rule == "other"


# --- the review sheet --------------------------------------------------------------------------


def _sheet() -> list[dict[str, str]]:
    text = (
        resources.files("roleatlas.taxonomy")
        .joinpath("data/aijobs_title_roles.csv")
        .read_text("utf-8")
    )
    return list(csv.DictReader(text.splitlines()))


def test_review_sheet_matches_the_rules() -> None:
    """Changing a rule without regenerating the sheet (python -m roleatlas.taxonomy.titles) fails."""
    sheet = _sheet()
    assert list(sheet[0]) == ["job_title", "rows", "role", "rule"]
    stale = []
    for row in sheet:
        match = role_for_title(row["job_title"])
        if (row["role"], row["rule"]) != (match.role, match.rule):
            stale.append((row["job_title"], row["role"], row["rule"], match))
    assert stale == []
    assert len(sheet) == 290


def test_review_sheet_is_sorted_by_count_then_title() -> None:
    sheet = _sheet()
    keys = [(-int(r["rows"]), r["job_title"]) for r in sheet]
    assert keys == sorted(keys)


@pytest.mark.integration
def test_review_sheet_lists_every_real_title_with_its_count(real_home: Path) -> None:
    path = real_home / "aijobs-salaries" / "salaries.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        counts = Counter(row["job_title"] for row in csv.DictReader(fh))
    assert len(counts) == 290
    assert sum(counts.values()) == 74_301
    sheet = {row["job_title"]: int(row["rows"]) for row in _sheet()}
    assert sheet == dict(counts)


@pytest.mark.integration
def test_every_real_title_gets_a_role(real_home: Path) -> None:
    path = real_home / "aijobs-salaries" / "salaries.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        titles = {row["job_title"] for row in csv.DictReader(fh)}
    rule_ids = {r.id for r in title_rules()}
    for title in titles:
        match = role_for_title(title)
        assert match.role in ROLE_SLUGS, title
        assert match.rule in rule_ids, title
    # the README's named titles
    assert role_for_title("AI Programmer").role == "ai-programmer"
    mapped = {t for t in titles if role_for_title(t).role != "other"}
    assert len(mapped) > 200
