"""The canonical roles (``../shared/ROLES.md``): one place every module reads.

Each role has a slug, a display name, a one-line description in our words, and
its links to O*NET-SOC occupations. ``soc`` lists the 6-digit SOC codes (as BLS
publishes them) with the O*NET-SOC detail code; the first is the primary anchor.
Definitions, aliases and career neighbours are extended by the classifier issue.
"""

from __future__ import annotations

from dataclasses import dataclass

from roleatlas.errors import UnknownNameError


@dataclass(frozen=True)
class SocLink:
    """A role's link to an occupation code; ``onet`` is the O*NET-SOC code, ``soc`` the BLS one."""

    onet: str
    note: str = ""

    @property
    def soc(self) -> str:
        return self.onet.split(".")[0]


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    summary: str
    soc: tuple[SocLink, ...]


ROLES: tuple[Role, ...] = (
    Role(
        "ai-engineer",
        "AI Engineer",
        "Builds AI-powered products: LLM/GenAI applications, agents, retrieval, models integrated into software.",
        (SocLink("15-1221.00", "O*NET lists 'AI Engineer' as an alternate title"),),
    ),
    Role(
        "ml-engineer",
        "Machine Learning Engineer",
        "Designs, trains, deploys and maintains ML models in production; owns the pipeline from data to serving.",
        (SocLink("15-2051.00", "O*NET lists 'Machine Learning Engineer' as an alternate title"),),
    ),
    Role(
        "ai-programmer",
        "AI Programmer / AI Developer",
        "Writes the code of intelligent systems: AI algorithms, game AI, AI features in applications.",
        (
            SocLink("15-1251.00", "Computer Programmers"),
            SocLink("15-1252.00", "Software Developers"),
        ),
    ),
    Role(
        "mlops-engineer",
        "MLOps / ML Platform Engineer",
        "Infrastructure, tooling and operations for ML: platforms, feature stores, serving, monitoring.",
        (
            SocLink("15-1244.00", "Network and Computer Systems Administrators"),
            SocLink("15-1252.00", "Software Developers"),
        ),
    ),
    Role(
        "nlp-engineer",
        "NLP Engineer",
        "Language-focused ML/AI: text, speech and conversational systems.",
        (SocLink("15-1221.00", "O*NET lists 'NLP Engineer' as an alternate title"),),
    ),
    Role(
        "cv-engineer",
        "Computer Vision Engineer",
        "Vision-focused ML/AI: images, video and perception.",
        (SocLink("15-1221.00", "O*NET lists 'Computer Vision Scientist' as an alternate title"),),
    ),
    Role(
        "data-scientist",
        "Data Scientist",
        "Analyses data and builds statistical and ML models to answer business questions.",
        (SocLink("15-2051.00"),),
    ),
    Role(
        "applied-scientist",
        "Applied / ML Scientist",
        "Science-heavy ML roles that ship models: research-grade modelling applied to products.",
        (SocLink("15-2051.00", "O*NET lists 'Applied Scientist' as an alternate title"),),
    ),
    Role(
        "research-scientist",
        "Research Scientist",
        "Advances AI/ML methods and publishes; PhD-typical.",
        (SocLink("15-1221.00"),),
    ),
    Role(
        "research-engineer",
        "Research Engineer",
        "Engineering for research: implements and scales research code and experiments.",
        (SocLink("15-1221.00", "O*NET lists 'Research Engineer' as an alternate title"),),
    ),
    Role(
        "data-engineer",
        "Data Engineer",
        "Builds data pipelines, warehouses and lakes.",
        (
            SocLink("15-1243.00", "Database Architects"),
            SocLink("15-1242.00", "Database Administrators"),
        ),
    ),
    Role(
        "data-analyst",
        "Data Analyst",
        "Reporting, dashboards, BI and descriptive analytics.",
        (
            SocLink("15-2051.01", "Business Intelligence Analysts"),
            SocLink("15-2041.00", "Statisticians"),
        ),
    ),
    Role(
        "analytics-engineer",
        "Analytics Engineer",
        "Models data for analytics (dbt, SQL, semantic layers).",
        (SocLink("15-1243.00", "Database Architects"),),
    ),
    Role(
        "ai-ml-leader",
        "AI / ML / Data Leader",
        "Leads AI, ML or data groups or products.",
        (SocLink("11-3021.00", "Computer and Information Systems Managers"),),
    ),
    Role("other", "Other", "Any job that is none of the above.", ()),
)

_BY_SLUG = {r.slug: r for r in ROLES}
ROLE_SLUGS: tuple[str, ...] = tuple(_BY_SLUG)


def get_role(slug: str) -> Role:
    """The role with this slug (case-insensitive); unknown slugs get the valid list and a suggestion."""
    key = slug.strip().lower()
    try:
        return _BY_SLUG[key]
    except KeyError:
        raise UnknownNameError("role", slug, ROLE_SLUGS) from None
