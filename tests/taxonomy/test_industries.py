"""The broad industry groups of postings' industry fields."""

from __future__ import annotations

import pytest

from roleatlas.errors import UnknownNameError
from roleatlas.taxonomy.industries import get_industry, industry_groups, load_industries


@pytest.mark.parametrize(
    ("field", "groups"),
    [
        ("Software Development", ("technology",)),
        ("IT Services and IT Consulting", ("technology",)),
        ("Insurance; Insurance Carriers", ("finance",)),
        ("Health Care; Health Care Services & Hospitals", ("healthcare",)),
        ("Biotech & Pharmaceuticals", ("life-sciences",)),
        (
            "Software Development, Financial Services, and Technology, Information and Internet",
            ("technology", "finance"),
        ),
        ("Computers and Electronics Manufacturing", ("technology", "manufacturing")),
        ("Staffing and Recruiting", ("staffing",)),
        ("", ()),
        ("Something nobody lists", ()),
    ],
)
def test_fields_map_to_groups(field: str, groups: tuple[str, ...]) -> None:
    assert industry_groups(field) == groups


def test_words_inside_other_words_do_not_match() -> None:
    assert industry_groups("Bankside Parks") == ()  # "bank" is a whole word only
    assert industry_groups("Multimedia Steelmaking") == ()


def test_every_group_has_a_unique_id_and_a_name() -> None:
    groups = load_industries()
    assert len({g.id for g in groups}) == len(groups) >= 15
    assert all(g.name for g in groups)


def test_unknown_group_names_the_valid_ones() -> None:
    assert get_industry("Finance").id == "finance"
    with pytest.raises(UnknownNameError, match="healthcare"):
        get_industry("helthcare")
