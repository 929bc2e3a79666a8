"""Skill demand per role: shares with Wilson intervals, Fightin' Words log-odds, pairs, O*NET."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from roleatlas.errors import AtlasError, InputError, UnknownNameError
from roleatlas.insights.stats import wilson_interval
from roleatlas.skills.atlas import POSTING_ROLE_COLUMNS, POSTING_SKILL_COLUMNS, write_skill_tables
from roleatlas.skills.demand import (
    MIN_POSTINGS,
    cooccurrence,
    corpus_info,
    distinctive_skills,
    log_odds_ratio,
    onet_hot_comparison,
    skill_demand,
    skills_report,
)
from roleatlas.store.connection import SCHEMA_VERSION
from roleatlas.store.derived import build_role_links
from roleatlas.store.writer import AtlasWriter

Z = 1.959963984540054

#: role, first row, postings, skill -> the postings (0-based within the group) that name it.
GROUPS: list[tuple[str, int, int, dict[str, range]]] = [
    (
        "ml-engineer",
        0,
        40,
        {
            "python": range(0, 30),
            "pytorch": range(0, 20),
            "apache-spark": range(20, 32),
            "scikit-learn": range(30, 36),
            "langchain": range(38, 40),
            "machine-learning": range(0, 10),  # a concept: left out unless all types
        },
    ),
    (
        "ai-engineer",
        100,
        32,
        {"python": range(28), "langchain": range(16), "pytorch": range(16, 24)},
    ),
    ("data-scientist", 200, 10, {"python": range(9), "sql": range(6)}),
    ("unclear", 300, 4, {"langchain": range(4)}),
    ("other", 400, 20, {"sql": range(5), "excel": range(5, 8)}),
]
#: Repeats of f.csv:0 (ml-engineer) naming LangChain: in the tables, in no figure.
REPEATS = range(40, 43)
TECH_ROWS = [
    ("15-2051.00", "Python", "43232402", "Development environment software", True, True),
    ("15-2051.00", "PyTorch", "43232605", "Analytical or scientific software", True, False),
    ("15-2051.00", "Apache Spark", "43232314", "Business intelligence software", True, False),
    ("15-2051.00", "Microsoft Excel", "43232110", "Spreadsheet software", True, True),
    (
        "15-2051.00",
        "Frobnicator Studio",
        "43232605",
        "Analytical or scientific software",
        True,
        False,
    ),
    ("15-2051.00", "Scikit-learn", "43232605", "Analytical or scientific software", False, False),
    ("15-1221.00", "LangChain", "43232605", "Analytical or scientific software", True, False),
]
TECH_COLUMNS = [
    ("onet_code", "VARCHAR"),
    ("example", "VARCHAR"),
    ("commodity_code", "VARCHAR"),
    ("commodity_title", "VARCHAR"),
    ("hot_technology", "BOOLEAN"),
    ("in_demand", "BOOLEAN"),
]


def write_tiny_atlas(path: Path, *, postings: bool = True) -> Path:
    """An atlas file with role links, a few O*NET technology rows and the postings of GROUPS."""
    con = duckdb.connect(str(path))
    writer = AtlasWriter(con)
    build_role_links(writer)
    writer.write("onet_technology_skill", TECH_COLUMNS, TECH_ROWS)
    write_skill_tables(writer)
    if postings:
        roles: list[tuple[object, ...]] = []
        skills: list[tuple[object, ...]] = []
        for role, first, count, named in GROUPS:
            for i in range(count):
                roles.append(("f.csv", first + i, f"title {i}", role, 0.9, "model:test", None))
                skills.extend(
                    ("f.csv", first + i, s, 1, 0, 5) for s, rows in named.items() if i in rows
                )
        for row in REPEATS:
            roles.append(("f.csv", row, "ML Engineer", "ml-engineer", 0.9, "model:test", "f.csv:0"))
            skills.append(("f.csv", row, "langchain", 2, 10, 19))
        writer.write("posting_role", POSTING_ROLE_COLUMNS, roles)
        writer.write("posting_skill", POSTING_SKILL_COLUMNS, skills)
    con.execute("CREATE TABLE atlas_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    con.execute("INSERT INTO atlas_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    con.close()
    return path


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(write_tiny_atlas(tmp_path / "atlas.duckdb")), read_only=True)
    yield connection
    connection.close()


def _wilson_by_quadratic(k: int, n: int) -> tuple[float, float]:
    """The Wilson limits as the roots of (p_hat - p)^2 = z^2 p (1 - p) / n."""
    p_hat = k / n
    a = 1 + Z * Z / n
    b = -(2 * p_hat + Z * Z / n)
    c = p_hat * p_hat
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [  # Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (Wilson score)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),
    ],
)
def test_wilson_interval_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    got = wilson_interval(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)
    assert got == pytest.approx(_wilson_by_quadratic(k, n), abs=1e-12)


def test_wilson_interval_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson_interval(3, 2)
    with pytest.raises(ValueError, match="n > 0"):
        wilson_interval(0, 0)


def test_log_odds_ratio_by_hand() -> None:
    # prior share 1/2, alpha0 10: five mentions and five non-mentions added to each side
    # delta = ln(20/10) - ln(10/20) = 2 ln 2; var = 1/20 + 1/10 + 1/10 + 1/20 = 0.3
    delta, se = log_odds_ratio(15, 20, 5, 20, prior_share=0.5, alpha0=10)
    assert delta == pytest.approx(2 * math.log(2), rel=1e-12)
    assert se == pytest.approx(math.sqrt(0.3), rel=1e-12)
    assert log_odds_ratio(5, 20, 15, 20, prior_share=0.5)[0] == pytest.approx(-2 * math.log(2))
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        log_odds_ratio(1, 2, 1, 2, prior_share=1.0)


def test_demand_counts_each_posting_once_without_repeats_or_unclear(
    con: duckdb.DuckDBPyConnection,
) -> None:
    d = skill_demand(con, "ml-engineer")
    assert (d.role, d.n, d.thin) == ("ml-engineer", 40, False)
    got = [(s.skill_id, s.k, s.n, s.share) for s in d.skills]
    assert got == [
        ("python", 30, 40, 0.75),
        ("pytorch", 20, 40, 0.5),
        ("apache-spark", 12, 40, 0.3),
        ("scikit-learn", 6, 40, 0.15),
        ("langchain", 2, 40, 0.05),  # the three repeats naming LangChain are left out
    ]
    python = d.skills[0]
    assert (python.ci_low, python.ci_high) == pytest.approx(_wilson_by_quadratic(30, 40))
    assert python.name == "Python" and python.type == "language"
    every = skill_demand(con, "ml-engineer", technical_only=False)
    concept = next(s for s in every.skills if s.skill_id == "machine-learning")
    assert (concept.k, concept.type) == (10, "concept")


def test_small_roles_are_marked_thin(con: duckdb.DuckDBPyConnection) -> None:
    d = skill_demand(con, "data-scientist")
    assert (d.n, d.thin) == (10, True)
    assert [(s.skill_id, s.k) for s in d.skills] == [("python", 9), ("sql", 6)]
    assert skill_demand(con, "ai-engineer").n == 32 >= MIN_POSTINGS
    assert distinctive_skills(con, "ml-engineer", "data-scientist").thin
    assert not distinctive_skills(con, "ml-engineer", "ai-engineer").thin


def _expected_delta(ki: int, ni: int, kj: int, nj: int, corpus_k: int) -> tuple[float, float]:
    """Monroe et al. with a = 10 x the Laplace-smoothed corpus share (102 counted postings)."""
    a = 10 * (corpus_k + 1) / (102 + 2)
    b = 10 - a
    delta = math.log((ki + a) / (ni - ki + b)) - math.log((kj + a) / (nj - kj + b))
    se = math.sqrt(1 / (ki + a) + 1 / (ni - ki + b) + 1 / (kj + a) + 1 / (nj - kj + b))
    return delta, se


def test_distinctive_versus_another_role(con: duckdb.DuckDBPyConnection) -> None:
    d = distinctive_skills(con, "ml-engineer", "ai-engineer")
    assert (d.n, d.n_other, d.versus) == (40, 32, "ai-engineer")
    by_id = {x.skill_id: x for x in d.skills}
    assert set(by_id) == {"python", "pytorch", "apache-spark", "scikit-learn", "langchain"}
    # corpus counts: Python 30 + 28 + 9, LangChain 2 + 16 (repeats and unclear left out)
    for sid, args, corpus_k in [
        ("langchain", (2, 40, 16, 32), 18),
        ("apache-spark", (12, 40, 0, 32), 12),
        ("python", (30, 40, 28, 32), 67),
    ]:
        delta, se = _expected_delta(*args, corpus_k)
        x = by_id[sid]
        assert (x.k, x.n, x.k_other, x.n_other) == args
        assert (x.delta, x.se, x.z) == pytest.approx((delta, se, delta / se), rel=1e-9)
    assert by_id["langchain"].favours == "other" and by_id["apache-spark"].favours == "role"
    assert by_id["python"].favours is None  # 75% vs 88%: the interval includes 0
    low, high = by_id["python"].ci
    assert (low, high) == pytest.approx(
        (
            by_id["python"].delta - Z * by_id["python"].se,
            by_id["python"].delta + Z * by_id["python"].se,
        )
    )
    zs = [x.z for x in d.skills]
    assert zs == sorted(zs, reverse=True)
    assert d.skills[0].skill_id == "apache-spark" and d.skills[-1].skill_id == "langchain"


def test_distinctive_versus_the_rest_needs_a_minimum_count(con: duckdb.DuckDBPyConnection) -> None:
    d = distinctive_skills(con, "ml-engineer")
    assert (d.versus, d.n, d.n_other) == (None, 40, 62)  # 32 + 10 + 20, unclear left out
    by_id = {x.skill_id: x for x in d.skills}
    assert (by_id["sql"].k, by_id["sql"].k_other) == (0, 11)
    assert "excel" not in by_id  # 3 postings, below the minimum of 5
    delta, se = _expected_delta(0, 40, 11, 62, 11)
    assert (by_id["sql"].delta, by_id["sql"].se) == pytest.approx((delta, se), rel=1e-9)
    assert "excel" in {
        x.skill_id for x in distinctive_skills(con, "ml-engineer", min_count=3).skills
    }


def test_cooccurrence_counts_pairs_and_lift(con: duckdb.DuckDBPyConnection) -> None:
    c = cooccurrence(con, "ml-engineer")
    got = [(p.a, p.b, p.count, p.k_a, p.k_b, p.n) for p in c.pairs]
    assert got == [
        ("python", "pytorch", 20, 30, 20, 40),
        ("apache-spark", "python", 10, 12, 30, 40),
        ("apache-spark", "scikit-learn", 2, 12, 6, 40),
    ]
    assert [p.lift for p in c.pairs] == pytest.approx([20 * 40 / 600, 10 * 40 / 360, 2 * 40 / 72])
    assert len(cooccurrence(con, "ml-engineer", top=1).pairs) == 1


def test_onet_hot_technologies_next_to_posting_shares(con: duckdb.DuckDBPyConnection) -> None:
    o = onet_hot_comparison(con, "ml-engineer")
    assert [(c.onet, c.rank) for c in o.codes] == [("15-2051.00", 1)]
    got = [(h.skill_id, h.k, h.share, h.in_demand) for h in o.hot]
    assert got == [
        ("python", 30, 0.75, True),
        ("pytorch", 20, 0.5, False),
        ("apache-spark", 12, 0.3, False),
        ("excel", 0, None, True),  # hot in O*NET, not in the postings
    ]
    assert o.unmapped == ("Frobnicator Studio",)
    assert [(s.skill_id, s.share, s.onet_listed) for s in o.not_hot] == [
        ("scikit-learn", 0.15, True),
        ("langchain", 0.05, False),  # hot for 15-1221.00 only, which is not ml-engineer's
    ]
    assert o.source == "O*NET Technology Skills" and o.note == ""


def test_report_json_has_every_part(con: duckdb.DuckDBPyConnection) -> None:
    report = skills_report(con, "ML-Engineer", versus="data-scientist")
    data = report.to_dict()
    assert data["role"] == "ml-engineer" and data["versus"] == "data-scientist"
    assert data["notes"] == [
        "data-scientist: too few postings (n=10) to rank skills (at least 30 are needed)."
    ]
    assert data["demand"]["skills"][0]["k"] == 30
    sql = next(x for x in data["distinctive"]["skills"] if x["skill_id"] == "sql")
    assert sql["favours"] == "data-scientist" and sql["ci_low"] < sql["ci_high"] < 0
    assert data["source"].startswith("102 job postings in $ROLEATLAS_DATA_HOME/postings")
    assert (
        "3 repeats and 4 of unclear role left out), roles by role classifier test" in data["source"]
    )


def test_corpus_counts(con: duckdb.DuckDBPyConnection) -> None:
    c = corpus_info(con)
    assert (c.postings, c.repeats, c.unclear, c.counted) == (109, 3, 4, 102)
    assert c.files == ("f.csv",) and c.roles_by == "role classifier test"


def test_errors_say_what_to_do(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match="Did you mean 'ml-engineer'"):
        skill_demand(con, "ml-enginer")
    with pytest.raises(InputError, match="not with itself"):
        distinctive_skills(con, "ml-engineer", "ml-engineer")
    bare = duckdb.connect(str(write_tiny_atlas(tmp_path / "bare.duckdb", postings=False)))
    with pytest.raises(AtlasError) as info:
        skill_demand(bare, "ml-engineer")
    bare.close()
    message = str(info.value)
    assert "The atlas has no job postings" in message
    assert "$ROLEATLAS_DATA_HOME/postings" in message and "run `roleatlas build` again" in message
