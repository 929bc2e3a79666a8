"""The canonical roles agree with ROLES.md; SOC links are well formed; unknown slugs are explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roleatlas.errors import InputError, UnknownNameError
from roleatlas.taxonomy.roles import ROLE_SLUGS, ROLES, get_role

ROLES_MD = Path(__file__).resolve().parents[3] / "shared" / "ROLES.md"
_ONET_CODE = re.compile(r"\b\d{2}-\d{4}\.\d{2}\b")


def _roles_md_table() -> list[list[str]]:
    """Rows of the ROLES.md table as cells: slug, name, what, typical titles, O*NET anchor."""
    if not ROLES_MD.is_file():
        pytest.skip(f"{ROLES_MD} is not here (it lives in the shared workspace)")
    rows = []
    for line in ROLES_MD.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("slug", "") or set(cells[0]) <= set("-: "):
            continue  # header and separator rows
        rows.append(cells)
    return rows


def test_roles_md_slugs_are_the_taxonomy_slugs() -> None:
    slugs = [cells[0] for cells in _roles_md_table()]
    assert len(slugs) == 15
    assert slugs == list(ROLE_SLUGS)


def test_roles_md_names_are_the_taxonomy_names() -> None:
    names = {cells[0]: cells[1] for cells in _roles_md_table()}
    assert names == {r.slug: r.name for r in ROLES}


def test_roles_md_anchors_are_the_soc_links() -> None:
    for cells in _roles_md_table():
        role = get_role(cells[0])
        anchors = _ONET_CODE.findall(cells[4])
        assert anchors == [link.onet for link in role.soc], role.slug


def test_every_role_but_other_has_a_soc_link() -> None:
    for role in ROLES:
        if role.slug == "other":
            assert role.soc == ()
            continue
        assert role.soc, role.slug
        for link in role.soc:
            assert re.fullmatch(r"\d{2}-\d{4}\.\d{2}", link.onet), (role.slug, link.onet)
            assert link.soc == link.onet[:7]
            assert re.fullmatch(r"\d{2}-\d{4}", link.soc)


def test_primary_anchors_of_the_three_headline_roles() -> None:
    assert get_role("ai-engineer").soc[0].onet == "15-1221.00"
    assert get_role("ml-engineer").soc[0].onet == "15-2051.00"
    assert [s.soc for s in get_role("ai-programmer").soc] == ["15-1251", "15-1252"]


def test_slugs_are_unique_and_other_is_last() -> None:
    assert len(set(ROLE_SLUGS)) == len(ROLE_SLUGS) == len(ROLES)
    assert ROLE_SLUGS[-1] == "other"
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", s) for s in ROLE_SLUGS)


@pytest.mark.parametrize("given", ["ml-engineer", "ML-Engineer", "  ml-engineer ", "ML-ENGINEER"])
def test_get_role_is_case_insensitive(given: str) -> None:
    role = get_role(given)
    assert role.slug == "ml-engineer"
    assert role.name == "Machine Learning Engineer"


def test_unknown_role_suggests_and_lists_the_choices() -> None:
    with pytest.raises(UnknownNameError) as info:
        get_role("ml-enginer")
    err = info.value
    assert isinstance(err, InputError)
    assert err.kind == "role"
    assert err.value == "ml-enginer"
    assert err.suggestions[0] == "ml-engineer"
    assert err.choices == list(ROLE_SLUGS)
    message = str(err)
    assert message.startswith("Unknown role 'ml-enginer'. Did you mean 'ml-engineer'")
    assert message.endswith("Valid choices: " + ", ".join(ROLE_SLUGS) + ".")


def test_unknown_role_without_a_close_match_only_lists() -> None:
    with pytest.raises(UnknownNameError) as info:
        get_role("astronaut")
    assert "Did you mean" not in str(info.value)
    assert str(info.value) == f"Unknown role 'astronaut'. Valid choices: {', '.join(ROLE_SLUGS)}."


def test_every_role_has_definition_sources_titles_and_valid_neighbours() -> None:
    from roleatlas.taxonomy.roles import load_roles

    slugs = set(ROLE_SLUGS)
    for role in load_roles():
        assert role.definition and role.sources, role.slug
        assert set(role.related) <= slugs and set(role.next_steps) <= slugs
        assert role.slug not in role.related
        if role.slug != "other":
            assert role.titles and role.esco, role.slug
    names = [t.lower() for r in load_roles() for t in (*r.titles, *r.aliases)]
    assert len(names) == len(set(names)), "a title is listed under two roles"


def test_roles_md_typical_titles_are_in_the_taxonomy() -> None:
    for cells in _roles_md_table():
        role = get_role(cells[0])
        listed = {t.strip() for t in cells[3].split(",") if t.strip()}
        if role.slug == "other":
            continue
        assert listed <= set(role.titles), (role.slug, listed - set(role.titles))


@pytest.mark.integration
def test_esco_links_name_real_esco_occupations(real_home: Path) -> None:
    import csv

    from roleatlas.taxonomy.roles import load_roles

    path = real_home / "esco-1.2" / "occupations_en.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        labels = {r["conceptUri"]: r["preferredLabel"].strip() for r in csv.DictReader(fh)}
    for role in load_roles():
        for link in role.esco:
            assert link.uri in labels, (role.slug, link.id)
            assert link.label.startswith(labels[link.uri]), (
                role.slug,
                link.label,
                labels[link.uri],
            )
