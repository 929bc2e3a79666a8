"""The skills taxonomy: skills.csv validates, prerequisites order, look-ups, O*NET links.

The CSV is read here with the csv module and checked on its own terms (unique ids
and names, known types, known prerequisites, no cycle), then compared with what
``load_skills`` returns. The loader's own checks are exercised on small CSV files
written to a temporary directory and served in place of the packaged one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

import roleatlas.taxonomy.skills as taxonomy
from roleatlas.errors import DataError, InputError, UnknownNameError
from roleatlas.taxonomy.skills import (
    TECHNICAL,
    TYPES,
    get_skill,
    load_skills,
    prerequisites,
    skill_id_for,
)

SKILLS_CSV = Path(taxonomy.__file__).parent / "data" / "skills.csv"
HEADER = ["id", "name", "type", "aliases", "requires", "rule", "onet"]
#: The types the module docstring documents, the technical ones first.
DOCUMENTED_TYPES = ["language", "library", "platform", "datastore", "tool", "certification"]
DOCUMENTED_TYPES += ["concept", "soft"]


def _rows() -> list[dict[str, str]]:
    with SKILLS_CSV.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == HEADER
        return list(reader)


def _bar(value: str) -> list[str]:
    return [x.strip() for x in value.split("|") if x.strip()]


# --- the packaged CSV -------------------------------------------------------------


def test_ids_are_unique_slugs_and_names_are_unique() -> None:
    rows = _rows()
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) > 200
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids), ids
    names = [r["name"].casefold() for r in rows]
    assert len(names) == len(set(names))
    assert all(r["name"].strip() == r["name"] != "" for r in rows)


def test_types_are_the_documented_ones() -> None:
    assert list(TYPES) == DOCUMENTED_TYPES
    assert frozenset(DOCUMENTED_TYPES[:6]) == TECHNICAL
    assert {r["type"] for r in _rows()} == set(DOCUMENTED_TYPES)


def test_rules_are_case_or_context_with_a_surface() -> None:
    for r in _rows():
        if r["rule"]:
            assert re.fullmatch(r"(case|context):[^|:]+(\|[^|:]+)*", r["rule"]), r


def test_prerequisites_are_known_and_acyclic() -> None:
    requires = {r["id"]: _bar(r["requires"]) for r in _rows()}
    for sid, reqs in requires.items():
        assert sid not in reqs, sid
        assert set(reqs) <= set(requires), (sid, set(reqs) - set(requires))
    # Kahn's algorithm: every skill gets an order only if there is no cycle.
    pending = {sid: set(reqs) for sid, reqs in requires.items()}
    done: set[str] = set()
    while True:
        ready = {sid for sid, reqs in pending.items() if reqs <= done}
        if not ready:
            break
        done |= ready
        for sid in ready:
            del pending[sid]
    assert pending == {}


def test_load_skills_is_the_csv() -> None:
    rows, skills = _rows(), load_skills()
    assert list(skills) == [r["id"] for r in rows]
    for r in rows:
        s = skills[r["id"]]
        assert (s.name, s.type) == (r["name"], r["type"])
        assert list(s.aliases) == _bar(r["aliases"])
        assert list(s.requires) == _bar(r["requires"])
        assert list(s.onet) == _bar(r["onet"])
        rule, _, surfaces = r["rule"].partition(":")
        assert (s.rule, list(s.exact)) == (rule, _bar(surfaces))
        assert s.technical == (r["type"] in DOCUMENTED_TYPES[:6])


def test_only_c_cpp_is_a_spelling_of_two_skills() -> None:
    owners: dict[str, set[str]] = {}
    for r in _rows():
        rule_surfaces = _bar(r["rule"].partition(":")[2])
        for spelling in {r["name"], *_bar(r["aliases"]), *rule_surfaces}:
            owners.setdefault(spelling.casefold(), set()).add(r["id"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {"c/c++": {"c", "cpp"}}


def test_no_alias_repeats_its_own_name() -> None:
    repeats = [
        r["id"]
        for r in _rows()
        if r["name"].casefold() in {a.casefold() for a in _bar(r["aliases"])}
    ]
    assert repeats == [], repeats


def test_surfaces_give_each_spelling_once_with_its_case_rule() -> None:
    spark = load_skills()["apache-spark"]
    assert spark.surfaces() == [
        ("Apache Spark", False),
        ("pyspark", False),
        ("spark sql", False),
        ("spark streaming", False),
        ("sparksql", False),
        ("apache spark streaming", False),
        ("Spark", True),
    ]
    r = load_skills()["r"]
    assert ("R", True) in r.surfaces() and ("R", False) not in r.surfaces()
    assert load_skills()["python"].surfaces()[0] == ("Python", False)


# --- prerequisites ----------------------------------------------------------------


def test_prerequisites_come_deepest_first() -> None:
    assert prerequisites("python") == []
    assert prerequisites("numpy") == ["python"]
    assert prerequisites("pandas") == ["python", "numpy"]
    assert prerequisites("scikit-learn") == ["python", "numpy", "pandas"]
    assert prerequisites("keras") == ["python", "tensorflow"]
    assert prerequisites("genai") == [
        "statistics",
        "python",
        "machine-learning",
        "linear-algebra",
        "deep-learning",
        "llm",
    ]


def test_python_before_pandas_before_scikit_learn() -> None:
    order = [*prerequisites("scikit-learn"), "scikit-learn"]
    assert order.index("python") < order.index("pandas") < order.index("scikit-learn")


def test_every_learning_order_is_the_closure_in_a_valid_order() -> None:
    requires = {r["id"]: _bar(r["requires"]) for r in _rows()}

    def closure(sid: str) -> set[str]:
        out: set[str] = set()
        stack = list(requires[sid])
        while stack:
            x = stack.pop()
            if x not in out:
                out.add(x)
                stack += requires[x]
        return out

    for sid in requires:
        order = prerequisites(sid)
        assert len(order) == len(set(order)) and set(order) == closure(sid), sid
        for i, x in enumerate(order):
            assert set(requires[x]) <= set(order[:i]), (sid, x)


# --- look-ups ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sid"),
    [
        ("scikit-learn", "scikit-learn"),  # id
        ("PyTorch", "pytorch"),  # name
        ("pytorch", "pytorch"),
        ("  PyTorch ", "pytorch"),
        ("sklearn", "scikit-learn"),  # alias
        ("Scikit Learn", "scikit-learn"),
        ("k8s", "kubernetes"),
        ("GCP", "gcp"),
        ("Google Cloud", "gcp"),
        ("Spark", "apache-spark"),  # a rule's surface
        ("golang", "go"),
        ("C++", "cpp"),
        ("C", "c"),
    ],
)
def test_get_skill_by_id_name_or_alias(name: str, sid: str) -> None:
    assert get_skill(name).id == sid
    assert skill_id_for(name) == sid


def test_skill_id_for_an_unknown_name_is_none() -> None:
    assert skill_id_for("pytorh") is None
    assert skill_id_for("") is None


def test_an_unknown_skill_names_the_closest_ones() -> None:
    with pytest.raises(UnknownNameError) as info:
        get_skill("pytorh")
    err = info.value
    assert isinstance(err, InputError) and err.status_code == 404
    assert err.suggestions[0] == "PyTorch"
    assert str(err) == (
        "Unknown skill 'pytorh'. Did you mean 'PyTorch' or 'Python' or 'Jupyter'? "
        f"Valid choices: {len(_rows())} skills (the taxonomy's skills.csv)."
    )


# --- the loader's checks, on small CSV files ----------------------------------------

CSV_HEAD = "id,name,type,aliases,requires,rule,onet\n"


@pytest.fixture
def packaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Serve a CSV written here in place of the packaged data/skills.csv."""
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(taxonomy, "resources", SimpleNamespace(files=lambda _package: tmp_path))

    def write(rows: str) -> None:
        (tmp_path / "data" / "skills.csv").write_text(CSV_HEAD + rows, encoding="utf-8")

    load_skills.cache_clear()
    taxonomy._by_name.cache_clear()
    yield write
    load_skills.cache_clear()
    taxonomy._by_name.cache_clear()


def test_a_small_valid_csv_loads(packaged: Callable[[str], None]) -> None:
    packaged("a,A,language,aa|a lang,,,\nb,B,library,,a,case:B,\n")
    skills = load_skills()
    assert list(skills) == ["a", "b"]
    assert skills["b"].requires == ("a",) and skills["b"].exact == ("B",)
    assert get_skill("a lang").id == "a"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "a,A,language,,,,\nb,B,library,,a|nope,,\n",
            "skills.csv: b requires unknown skills ['nope'].",
        ),
        (
            "a,A,language,,b,,\nb,B,library,,a,,\n",
            "skills.csv: prerequisite cycle a -> b -> a.",
        ),
        ("a,A,language,,a,,\n", "skills.csv: prerequisite cycle a -> a."),
        (
            "a,A,language,,c,,\nb,B,library,,a,,\nc,C,tool,,b,,\n",
            "skills.csv: prerequisite cycle a -> c -> b -> a.",
        ),
        ("a,A,language,,,,\na,B,library,,,,\n", "skills.csv line 3: the id 'a' is used twice."),
        ("a,Same,language,,,,\nb,same,library,,,,\n", "skills.csv: two skills share a name."),
        (
            "a,A,lang,,,,\n",
            "skills.csv line 2: type 'lang' is not one of language, library, platform, "
            "datastore, tool, certification, concept, soft.",
        ),
        (
            "a,A,language,,,,\nb,B,language,,,regex:B,\n",
            "skills.csv line 3: rule 'regex:B' must be case:SURFACE or context:SURFACE.",
        ),
        (
            "a,A,language,,,context:,\n",
            "skills.csv line 2: rule 'context:' must be case:SURFACE or context:SURFACE.",
        ),
    ],
)
def test_a_broken_csv_raises_a_clear_data_error(
    packaged: Callable[[str], None], rows: str, message: str
) -> None:
    packaged(rows)
    with pytest.raises(DataError) as info:
        load_skills()
    assert str(info.value) == message


def test_prerequisites_on_a_cyclic_table_raise() -> None:
    rows = {"x": {"id": "x", "name": "X", "type": "tool", "requires": "y"}}
    rows["y"] = {"id": "y", "name": "Y", "type": "tool", "requires": "x"}
    skills = {sid: taxonomy._row(n, rec) for n, (sid, rec) in enumerate(rows.items(), start=2)}
    with pytest.raises(DataError, match=re.escape("prerequisite cycle y -> x -> y.")):
        prerequisites("y", skills)


# --- O*NET ------------------------------------------------------------------------


@pytest.mark.integration
def test_every_onet_example_is_in_the_onet_technology_skills(real_home: Path) -> None:
    path = real_home / "onet-29.3" / "Technology Skills.txt"
    with path.open(newline="", encoding="utf-8") as fh:
        examples = {row["Example"] for row in csv.DictReader(fh, delimiter="\t")}
    assert len(examples) > 5_000
    named = [(r["id"], o) for r in _rows() for o in _bar(r["onet"])]
    assert len(named) > 100
    assert [(sid, o) for sid, o in named if o not in examples] == []
