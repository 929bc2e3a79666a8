"""Degree levels and responsibility themes read from job-posting descriptions."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.errors import DataError
from roleatlas.skills.postings_text import (
    DEGREE_LEVELS,
    Duty,
    _clean,  # the tags and entities step both matchers share
    degree_mentions,
    duty_regex,
    find_duties,
    load_duties,
    split_patterns,
)

B, M, P = "bachelor", "master", "phd"


# --- degrees -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BS/MS in Computer Science", {B, M}),
        ("Ph.D. preferred", {P}),
        ("BS, MS or PhD in Statistics", {B, M, P}),
        ("Bachelor's degree in Computer Science, Engineering, or a related field", {B}),
        ("Bachelors or Masters in Computer Science", {B, M}),
        ("Master’s degree preferred", {M}),
        ("Masters with 3 years of experience", {M}),
        ("Master s Degree and job-related experience; 3 years", {M}),
        ("MS or higher with 5+ year experience in EE/CS", {M}),
        ("MS/MA with 6-8 years of industry experience", {M}),
        ("BA/BS degree in a related field", {B}),
        ("BS in Meteorology or Atmospheric Sciences", {B}),
        ("BS Computer Science; IT or equivalent experience", {B}),
        ("Education: MS", {M}),
        ("MBA preferred", {M}),
        ("M.S. or Ph.D. in a quantitative field", {M, P}),
        ("B.S. in EE", {B}),
        ("B.Sc. degree in Computer Science", {B}),
        ("BE/B.Tech in CS", {B}),
        ("BE in Computer Science", {B}),
        ("Doctorate in computational sciences or related field", {P}),
        ("a doctoral degree in physics", {P}),
        ("Graduate degree (MS, PhD, etc.) in a similar field", {M, P}),
        ("An advanced degree in engineering is desirable", {M}),
        ("Advanced degrees preferred", {M}),
        ("Undergraduate or Masters degree in Marketing", {B, M}),
        ("Four-year degree or equivalent", {B}),
        ("Master or PhD level education in a technical discipline", {M, P}),
        ("seeking a PhD level scientist with strong immunology", {P}),
        ("Masters' / PhD degree in a quantitative field", {M, P}),
        ("a master's in hand", {M}),
        ("Bachelor's (Graduate preferred) degree in Computer Science", {B, M}),
        ("QualificationsBachelor’s degree or equivalent experience", {B}),  # lost newline
        ("on day 1.Bachelor’s degree required", {B}),
        ("<li>BS</li> in Computer Science", {B}),
        ("Master&#39;s degree in Statistics", {M}),
        ("BACHELOR'S DEGREE IN ACCOUNTING", {B}),
    ],
)
def test_degree_mentions(text: str, expected: set[str]) -> None:
    assert degree_mentions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Proficiency in MS Office",
        "Advanced MS Excel skills, MS SQL Server, MS Teams and Microsoft Azure",
        "Boston, MA",
        "This position is located in Cambridge, MA in a beautiful office",
        "Work Location: USA MS Vicksburg",
        "work with the BA team on requirements",
        "GC/MS, LC/MS and LC-MS/MS assays",
        "Scrum Master preferred",
        "a certified SCRUM Master",
        "master data management and the master schedule",
        "masters of their craft who master new technologies",
        "PhD-level expertise in optimisation",
        "founded by ex-McKinsey math PhDs",
        "3 years of post-doctoral experience; postdoctoral fellows welcome",
        "Are you a recent graduate?",
        "open to graduate students",
        "YOU MUST BE IN THE OFFICE; WE WILL BE IN TOUCH",
        "Python MS by invoking OpenAI APIs",
        "an associate degree or a college degree",
        "",
    ],
)
def test_degree_false_friends(text: str) -> None:
    assert degree_mentions(text) == frozenset()


def test_degree_levels_constant_and_type() -> None:
    assert DEGREE_LEVELS == ("bachelor", "master", "phd")
    found = degree_mentions("BS, MS or PhD")
    assert isinstance(found, frozenset)
    assert found == frozenset(DEGREE_LEVELS)


# --- responsibilities ----------------------------------------------------------------------


def test_packaged_duties_load() -> None:
    duties = load_duties()
    ids = [d.id for d in duties]
    assert 20 <= len(duties) <= 35
    assert len(set(ids)) == len(ids)
    assert {"deploy-models", "data-pipelines", "llm-applications", "mentor-lead"} <= set(ids)
    assert all(isinstance(d, Duty) and d.patterns for d in duties)


@pytest.mark.parametrize("duty", load_duties(), ids=lambda d: d.id)
def test_every_example_matches_its_own_theme(duty: Duty) -> None:
    assert duty.id in find_duties(duty.example)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("You will deploy ML models to production on Kubernetes.", "deploy-models"),
        ("Experience productionizing machine learning models.", "deploy-models"),
        ("Design and maintain ETL processes.", "data-pipelines"),
        ("Fine-tune LLMs on our domain data.", "train-models"),
        ("Develop predictive models for churn.", "train-models"),
        ("Evaluate model performance with offline metrics.", "evaluate-models"),
        ("Monitor models in production and detect data drift.", "monitor-models"),
        ("Build RAG pipelines and AI agents.", "llm-applications"),
        ("Prompt engineering for GPT-4.", "llm-applications"),
        ("Publish papers at top-tier conferences.", "research"),
        ("Collaborate with product managers and designers.", "collaborate"),
        ("Present findings to executives.", "communicate-results"),
        ("Perform exploratory data analysis.", "analyze-data"),
        ("Run A/B tests on the checkout flow.", "experimentation"),
        ("Create Tableau dashboards.", "dashboards-reports"),
        ("Mentor junior data scientists.", "mentor-lead"),
        ("Manage a team of five analysts.", "mentor-lead"),
        ("Reduce inference latency with quantization.", "optimize-performance"),
        ("Object detection and semantic segmentation on video.", "computer-vision"),
        ("Named entity recognition and sentiment analysis.", "nlp"),
        ("Improve search ranking and personalization.", "recommendation-ranking"),
        ("Time-series forecasting of demand.", "forecasting"),
        ("Gather business requirements from stakeholders.", "requirements-scoping"),
        ("Design the data warehouse and star schemas.", "data-modeling"),
        ("Build REST APIs in FastAPI.", "apis-services"),
        ("Set up CI/CD for model training.", "mlops"),
        ("Clean and label training data.", "data-preparation"),
    ],
)
def test_find_duties_positive(text: str, theme: str) -> None:
    assert theme in find_duties(text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Excellent communication skills.", "communicate-results"),
        ("Join our vibrant, collaborative team!", "collaborate"),
        ("You will train new employees on safety.", "train-models"),
        ("Proven ability to deploy creative solutions.", "deploy-models"),
        (
            "Provide recommendations to minimize/mitigate impact of data limitations.",
            "analyze-data",
        ),
        ("Support database architects, data analysts and data scientists.", "analyze-data"),
        ("Requirements gathering, data modeling and reporting.", "data-preparation"),
        ("Provide tutorship to our leaders, practitioners, and staff.", "mentor-lead"),
        ("We built a library of pre-trained models.", "train-models"),
        (
            "It is intended to identify major responsibilities and requirements of the job.",
            "requirements-scoping",
        ),
        ("The account was trained.Create new network user accounts.", "train-models"),
        ("Optimization algorithms for supply chains.", "optimize-performance"),
        ("Travel agents and real estate agents.", "llm-applications"),
        ("Our company develops products and services for farmers.", "apis-services"),
    ],
)
def test_find_duties_negative(text: str, theme: str) -> None:
    assert theme not in find_duties(text)


def test_find_duties_sorted_unique_and_empty() -> None:
    text = "Deploy models to production. Deploy models to production. Build dashboards."
    assert find_duties(text) == ("dashboards-reports", "deploy-models")
    assert find_duties("") == ()
    assert find_duties("The weather is nice today.") == ()


def test_gap_stays_in_one_sentence_or_item() -> None:
    assert "deploy-models" in find_duties("deploy the new fraud models")
    assert "deploy-models" not in find_duties("We deploy.\nModels are someone else's job")
    assert "deploy-models" not in find_duties("deploy staff; models of care")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("a|b", ("a", "b")),
        ("(?:a|b) c|d", ("(?:a|b) c", "d")),
        ("x[|]y|z", ("x[|]y", "z")),
        (r"a\|b|c", (r"a\|b", "c")),
        (" a | |b ", ("a", "b")),
        ("", ()),
    ],
)
def test_split_patterns(cell: str, expected: tuple[str, ...]) -> None:
    assert split_patterns(cell) == expected


def _naive(text: str) -> tuple[str, ...]:
    """Every theme's patterns searched one by one: what the indexed matcher must equal."""
    low = _clean(text).lower()
    return tuple(
        sorted(
            d.id
            for d in load_duties()
            if any(re.search(duty_regex(p), low, re.IGNORECASE) for p in d.patterns)
        )
    )


_EXAMPLES = [d.example for d in load_duties()]
_ascii_words = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_EXAMPLES), _ascii_words), max_size=8))
def test_find_duties_equals_searching_each_pattern(parts: list[str]) -> None:
    text = " ".join(parts)
    assert find_duties(text) == _naive(text)


# --- the data file's validation --------------------------------------------------------------


def _write(tmp_path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    path = tmp_path / "duties.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header or ["id", "name", "patterns", "example"])
        w.writerows(rows)
    return path


def test_load_duties_from_path(tmp_path: Path) -> None:
    path = _write(tmp_path, [["ship-it", "Ship it", "ship\\w*~code|release", "Ship code."]])
    (duty,) = load_duties(path)
    assert duty == Duty("ship-it", "Ship it", ("ship\\w*~code", "release"), "Ship code.")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["a", "A", "(unclosed", "x"]],
            "duties.csv line 2 (a): pattern '(unclosed' is not a valid regex",
        ),
        (
            [["a", "A", "x", "x"], ["a", "B", "y", "y"]],
            "duties.csv line 3: the id 'a' is used twice; rename one.",
        ),
        (
            [["a", "A", " | ", "x"]],
            "duties.csv line 2 (a): the patterns cell is empty; give at least one regex.",
        ),
        (
            [["Bad Id", "A", "x", "x"]],
            "duties.csv line 2: id 'Bad Id' must be a lower-case slug such as 'deploy-models'.",
        ),
        (
            [["a", "A", "(?-i:RAG)", "x"]],
            "duties.csv line 2 (a): pattern '(?-i:RAG)' sets regex flags; drop them.",
        ),
        (
            [["a", "A", "x", ""]],
            "duties.csv line 2 (a): the name or the example is empty; fill both in.",
        ),
        (
            [["a", "A", "x{0", "3}", "x"]],
            "duties.csv line 2: expected 4 cells; quote a cell that holds a comma.",
        ),
        ([], "duties.csv: no duties; the file has a header only."),
    ],
)
def test_load_duties_rejects_bad_rows(tmp_path: Path, rows: list[list[str]], message: str) -> None:
    with pytest.raises(DataError) as err:
        load_duties(_write(tmp_path, rows))
    assert message in str(err.value)


def test_load_duties_bad_header_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="the header must be id,name,patterns,example"):
        load_duties(_write(tmp_path, [["a", "x", "x"]], header=["id", "patterns", "example"]))
    missing = tmp_path / "nope.csv"
    with pytest.raises(DataError, match=r"Cannot read the duties file .*nope\.csv.*check the path"):
        load_duties(missing)


# --- robustness ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_is_safe(text: str) -> None:
    assert degree_mentions(text) <= frozenset(DEGREE_LEVELS)
    ids = find_duties(text)
    assert list(ids) == sorted(set(ids))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "BS",
                "MS",
                "MA",
                "PhD",
                "/",
                " or ",
                ", ",
                " in ",
                "Computer",
                "degree",
                "<b>",
                "</b>",
                "&amp;",
                "\x00",
                "\u2028",
                "master",
                "Ph.D.",
                "-",
                "level",
                "deploy",
                "models",
                "\n",
                "*",
                "İ",
                "ſ",
            ]
        ),
        max_size=60,
    )
)
def test_degree_tokens_soup_is_safe(parts: list[str]) -> None:
    text = "".join(parts)
    assert degree_mentions(text) <= frozenset(DEGREE_LEVELS)
    assert isinstance(find_duties(text), tuple)


def test_large_html_and_control_characters() -> None:
    block = "<li>Deploy ML models to production</li>\x00\x07 <b>BS</b> in Computer Science. "
    text = (block + "filler text " * 40) * 2000  # about 1 MB
    assert len(text) > 1_000_000
    assert degree_mentions(text) == {B}
    assert find_duties(text) == ("deploy-models",)
    assert degree_mentions("\x00" * 10_000 + "Ph.D. preferred") == {P}
    assert degree_mentions("<" * 50_000 + "MS in Statistics") == {M}
    assert find_duties("Développer des modèles; 機械学習モデルを本番環境にデプロイする") == ()


# --- the real postings -----------------------------------------------------------------------

_SIMPLE = {
    B: re.compile(
        r"(?i:bachelor)|\b(?:BS|BA|B\.S\.?|B\.A\.|BSc|B\.Sc\.?|B\.Tech)(?!\w)(?=\s*(?:/|or\b|,|degree|in\b|\(|\+))"
    ),
    M: re.compile(
        r"(?i:master['’]?s?\s*(?:degree|of|in|or|/|,|with))|(?i:master['’]s)"
        r"|\b(?:MS|M\.S\.?|MSc|M\.Sc\.?|MBA)(?!\w)(?=\s*(?:/|or\b|,|degree|in\b|\(|preferred|\+|and))"
        r"|(?i:graduate degree|advanced degree)"
    ),
    P: re.compile(r"(?i)\bph\.?\s?d\b(?!-level|['’]?s\b)|\bdoctora(?:te|l)\b"),
}


@pytest.mark.integration
def test_real_postings_agree_with_simple_regexes(real_home: Path) -> None:
    path = real_home / "postings" / "ai_ml_jobs_linkedin.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        texts = [row["description"] or "" for row in csv.DictReader(fh)]
    assert len(texts) == 862
    found = [degree_mentions(t) for t in texts]
    for level, simple in _SIMPLE.items():
        ours = [level in f for f in found]
        theirs = [simple.search(t) is not None for t in texts]
        agree = sum(a == b for a, b in zip(ours, theirs, strict=True)) / len(texts)
        assert agree >= 0.96, level
        assert abs(sum(ours) - sum(theirs)) / len(texts) <= 0.04, level
        assert 0.15 <= sum(ours) / len(texts) <= 0.6, level  # an AI/ML set asks for degrees


@pytest.mark.integration
def test_real_postings_duties(real_home: Path) -> None:
    shares = {}
    for name in ("ai_ml_jobs_linkedin.csv", "linkedin_arshkon_postings_sample1000.csv"):
        with (real_home / "postings" / name).open(encoding="utf-8-sig", newline="") as fh:
            texts = [row["description"] or "" for row in csv.DictReader(fh)]
        if name.startswith("ai_ml"):
            # the index finds exactly what searching every pattern finds
            assert [find_duties(t) for t in texts] == [_naive(t) for t in texts]
        found = [find_duties(t) for t in texts]
        shares[name] = {d.id: sum(d.id in f for f in found) / len(texts) for d in load_duties()}
    ai, general = (
        shares["ai_ml_jobs_linkedin.csv"],
        shares["linkedin_arshkon_postings_sample1000.csv"],
    )
    # AI/ML postings name ML work far more often than a sample of all occupations
    for theme in ("deploy-models", "train-models", "mlops", "llm-applications"):
        assert ai[theme] >= 0.1 and ai[theme] >= 10 * general[theme], theme
    assert 0.3 <= ai["collaborate"] <= 0.8
