"""What a job-posting description says beyond skills: degree levels and responsibilities.

Pure text functions for the atlas build and Spark UDFs: they never raise on a ``str``,
import nothing heavy, keep no mutable global state (regexes are compiled once, lazily)
and prefer precision to recall, so that a printed share means what it says. HTML tags
are blanked, entities decoded; texts longer than :data:`MAX_CHARS` are read that far.

Degree levels (:func:`degree_mentions`)
    A *mention* is a spelling of a degree wherever it stands (required, preferred, "or
    equivalent experience"); whether it is required is not judged. **Strong** spellings
    count alone: Bachelor's/Bachelors/Bachelor of, baccalaureate, B.S., B.A., B.Sc, BSc,
    B.E., B.Tech, B.Eng, "undergraduate degree", "four-year degree"; Master's, Master of
    Science/Arts/..., M.S., M.Sc, MSc, M.A., M.Eng, M.Tech, MBA, "graduate degree",
    "advanced degree"; PhD, Ph.D., doctorate, doctoral, D.Phil. **Weak** spellings count
    only in a degree context: bare ``BS BA BE MS MA BSC MSC`` (in capitals only),
    "masters"/"master" without an apostrophe, "undergraduate", "graduate", "PhDs",
    "PhD-level". The context is a *chain* of spellings joined by ``/ , ; & + or and`` that
    holds a strong one ("BS, MS or PhD", "Master or PhD level") or two abbreviations
    joined by a slash ("BS/MS"); or what follows ("degree", "or higher", "preferred",
    "with 3 years", "in Computer Science", "in a related field", "in <Capitalised>",
    and for abbreviations a field name: "BS Computer Science"); or "Education:" before.
    "(under)graduate" alone needs "degree" after it ("recent graduate", "graduate
    students" are not degrees); "PhD-level" counts before a person ("PhD-level
    scientist"), not in "PhD-level expertise"; plural "PhDs" ("founded by PhDs") only in
    a chain; "post-doctoral" is not a PhD; "BE" never after a modal ("must BE in").
    Rejected false friends: MS Office/Excel/SQL/Teams, "Boston, MA", GC/MS, "BA team",
    Scrum Master, master data, master schedule, "masters of their craft".
    Decisions: "graduate degree", "postgraduate degree" and "advanced degree" count as
    **master** (master or above; a posting naming the PhD too also gets ``phd``); MBA is
    a master; "a master's in hand" is a master mention; "college degree", "university
    degree" and associate degrees name no level and are not counted.

Responsibilities (:func:`find_duties`)
    Themes come from the reviewable ``taxonomy/data/duties.csv`` (``id,name,patterns,
    example``): ``patterns`` holds case-insensitive regexes for verb + object phrasings,
    ``|``-separated outside parentheses, matched between word boundaries; ``~`` stands
    for :data:`GAP` (up to four words in the same sentence or list item). A theme is
    found when the text names that work, as a duty ("Deploy models to production") or
    as asked experience ("experience deploying models"): a share of postings with a
    theme means "postings whose description names this work".
    How: each pattern starts with literal word stems ("deploy", "product"); the
    lower-cased text's words are walked once and a pattern is tried only where a word
    begins with one of its stems (patterns without stems are searched whole). The result
    equals searching every pattern on its own, at about six times the speed.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from roleatlas.errors import DataError

__all__ = ["DEGREE_LEVELS", "GAP", "MAX_CHARS", "Duty", "degree_mentions", "find_duties"]
__all__ += ["duty_regex", "load_duties", "split_patterns"]

DEGREE_LEVELS = ("bachelor", "master", "phd")
MAX_CHARS = 2_000_000
_TAG = re.compile(r"<[^<>]{0,500}>")

# --- degrees -----------------------------------------------------------------------------

_B, _M, _P = DEGREE_LEVELS
_APOS = "['’`´]"
_STRONG_B = (
    rf"bachelor(?:{_APOS}?s|rsquos)?|baccalaureate|undergraduate\s+degree"
    r"|(?:4|four)[\s-]years?\s+(?:college\s+|university\s+)?degree"
    r"|(?-i:B\.\s?[AS]\.|B\.\s?S(?=\s)|B\.\s?Sc\.?|BSc|B\.\s?E\.|B\.?\s?Tech|B\.?\s?Eng|BSCS|BSEE)"
)
_STRONG_M = (
    rf"master(?:{_APOS}\s?s|rsquos)|master\s+of\s+(?:science|arts|engineering|business|computer|data"
    r"|public|applied|information|statistics|mathematics|philosophy|fine|finance|economics"
    r"|analytics|health|technology)"
    r"|(?:post[\s-]?)?graduate(?:[\s-]level)?\s+degrees?|advanced\s+degrees?"
    r"|(?-i:M\.\s?S\.?(?:E\.)?|M\.\s?Sc\.?|MSc|M\.\s?A\.|M\.?\s?Eng|M\.?\s?Tech|MSCS|MSEE|MBA|M\.B\.A\.?)"
)
_STRONG_P = (
    r"ph\.?\s?d\.?|doctorate|(?<!post-)(?<!post\s)doctoral|d\.?\s?phil|doctor\s+of\s+philosophy"
)
_WEAK_P = rf"ph\.?\s?d\.?(?=[\s-]?level\b)|ph\.?\s?d\.?{_APOS}?s"
_WEAK_B = r"(?-i:BS|BA|BE|BSC)|undergraduate"
_WEAK_M = rf"(?-i:MS|MA|MSC)|masters?{_APOS}?|(?:post[\s-]?)?graduate"
# Weak groups first where a strong spelling is a prefix of them (PhD-level, PhDs).
_TOKEN = re.compile(
    r"(?i)(?:(?<!\w)|(?-i:(?<=[a-z])(?=[A-Z])))(?:"  # "QualificationsBachelor's" (lost newlines)
    rf"(?P<wp>{_WEAK_P})|(?P<sb>{_STRONG_B})|(?P<sm>{_STRONG_M})|(?P<sp>{_STRONG_P})"
    rf"|(?P<wb>{_WEAK_B})|(?P<wm>{_WEAK_M})"
    r")(?!\w)"
)
_LEVEL = {"sb": _B, "wb": _B, "sm": _M, "wm": _M, "sp": _P, "wp": _P}
_SEP = re.compile(r"(?i)[\s/,;&+()|]*(?:(?:or|and|nor|degrees?)\b[\s/,;&+()|]*){0,3}")
_SOFT = frozenset({"undergraduate", "graduate"})  # need "degree" after them
_ABBR = re.compile(r"[A-Z]{2,3}")
_FIELD = (
    r"(?:computer|comp\.?\s?sci|cs|cse|ee|ece|statistic\w*|stats?|math\w*|applied|engineering"
    r"|electrical|mechanical|chemical|civil|industrial|physics|economics|econometrics|data"
    r"|operations|bio\w*|scien\w*|chemistry|finance|financial|business|accounting|information"
    r"|informatics|quantitative|technical|stem|related|relevant|similar|analytics"
    r"|machine|artificial|ai|ml|software|epidemiology|public|psychology|social|health"
    r"|neuroscience|marketing|geography|management|mis|it|a\s+field|field|discipline)"
)
_OFFICE = r"(?:excel|word|office|access|powerpoint|outlook|project|visio|sql|teams|dynamics|azure|windows)"
_DEGREE_AFTER = r"degrees?\b|diplomas?\b|(?:or|and)\s+(?:higher|above|greater|better|equivalent)"
_AFTER = re.compile(
    rf"(?i)(?:{_APOS}?\s?s\b)?\W{{0,4}}(?:{_DEGREE_AFTER}"
    r"|(?:programs?|candidates?|students?|holders?|graduates?|level\s+(?:scientist|researcher"
    r"|candidate|engineer|statistician|professional|individual)s?)\b"
    r"|(?:\+|plus)\s*\d|(?:with|and)\s+(?:\d|(?:at\s+least|a\s+minimum|minimum|one|two|three"
    r"|four|five|six|seven|eight|ten)\b)"
    r"|(?:is\s+|are\s+|strongly\s+|highly\s+|much\s+)?(?:preferred|required|desired|a\s+plus"
    r"|preferably|mandatory|necessary|or\s+(?:related|relevant)\s+experience)\b"
    rf"|in\s+(?:(?:a|an|the|one|any|some)\s+(?:[\w-]+\s+){{0,2}}?)?{_FIELD}\b"
    rf"|in\s+(?!{_OFFICE}\b)(?-i:[A-Z][a-z])"
    r"|of\s+(?:science|arts|engineering|business)\b)"
)
_SOFT_AFTER = re.compile(rf"(?i)(?:{_APOS}?\s?s\b)?\W{{0,4}}(?:{_DEGREE_AFTER})")
_ABBR_AFTER = re.compile(
    r"(?i)[\s:,-]{1,3}(?:computer\s+science|comp\.?\s?sci|cs\b|statistics|mathematics|math\b"
    r"|applied\s+math|engineering|electrical|mechanical|physics|economics|data\s+science"
    r"|chemistry|biology|finance|accounting|information\s+(?:systems|technology))"
)
_SOFT_OWN = re.compile(r"(?i)\W{0,3}(?:is\s+)?(?:preferred|required|degree)\b")
_GLUED = re.compile(r"\w[-/]$")
_BEFORE = re.compile(
    r"(?i)\b(?:education|degree|diploma)\s*(?:level|requirements?|required|preferred)?"
    r"\s*[:\-–(]\s*(?:an?\s+)?$"
)
_NOT_MASTER = re.compile(r"(?i)\b(?:scrum|grid|web|quiz|band|ring|task|zen|dungeon|game)\s*$")
_MODAL = re.compile(
    r"(?i)\b(?:will|must|to|should|shall|can|could|would|may|might|not|also|always|never"
    r"|cannot)\s*$"
)


def _clean(text: str) -> str:
    """The text as read: bounded, tags blanked, entities decoded."""
    text = text[:MAX_CHARS]
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _chains(text: str) -> Iterator[list[re.Match[str]]]:
    """Degree spellings grouped into chains ("BS, MS or PhD") joined by separators only."""
    chain: list[re.Match[str]] = []
    for m in _TOKEN.finditer(text):
        if chain and _SEP.fullmatch(text, chain[-1].end(), m.start()):
            chain.append(m)
            continue
        if chain:
            yield chain
        chain = [m]
    if chain:
        yield chain


def _weak_ok(m: re.Match[str], text: str) -> bool:
    """False for a weak spelling that is a known false friend whatever follows it."""
    before = text[max(0, m.start() - 20) : m.start()]
    word = m.group()
    if word.lower().startswith("master"):
        return _NOT_MASTER.search(before) is None
    if word == "BE":
        return _MODAL.search(before) is None
    return True


def _slashed_abbrs(chain: list[re.Match[str]], text: str) -> bool:
    """Two bare abbreviations joined by a slash ("BS/MS", "BA/BS")."""
    return any(
        a.group() != b.group()
        and _ABBR.fullmatch(a.group())
        and _ABBR.fullmatch(b.group())
        and "/" in text[a.end() : b.start()]
        for a, b in itertools.pairwise(chain)
    )


def _soft_ok(chain: list[re.Match[str]], i: int, text: str) -> bool:
    """Whether an "undergraduate"/"graduate" in a counted chain is a degree, not a student."""
    m = chain[i]
    if _SOFT_AFTER.match(text, chain[-1].end()) or _SOFT_OWN.match(text, m.end()):
        return True
    gaps = [text[a.end() : b.start()] for a, b in itertools.pairwise(chain)]
    near = gaps[max(0, i - 1) : i + 1]
    return any("/" in g or re.search(r"(?i)\bor\b", g) for g in near)


def _is_soft(m: re.Match[str]) -> bool:
    return m.group().lower().replace("-", "").removeprefix("post").strip() in _SOFT


def _context(chain: list[re.Match[str]], text: str) -> bool:
    """Whether a chain of degree spellings is a degree mention (see the module docstring)."""
    kinds = [m.lastgroup or "" for m in chain]
    if any(k.startswith("s") for k in kinds):
        return True
    end = chain[-1].end()
    if _GLUED.search(text, max(0, chain[0].start() - 8), chain[0].start()):
        return _SOFT_AFTER.match(text, end) is not None  # GC/MS, LC-MS/MS: mass spectrometry
    if _slashed_abbrs(chain, text):
        return True
    if len(chain) > 1 and "wp" in kinds:  # "Master or PhD level", "Masters or PhDs"
        return True
    if all(_is_soft(m) for m in chain):
        return _SOFT_AFTER.match(text, end) is not None
    if _AFTER.match(text, end) or _BEFORE.search(
        text, max(0, chain[0].start() - 40), chain[0].start()
    ):
        return True
    return (
        _ABBR.fullmatch(chain[-1].group()) is not None and _ABBR_AFTER.match(text, end) is not None
    )


def _chain_levels(chain: list[re.Match[str]], text: str) -> set[str]:
    """The degree levels a chain of spellings mentions (empty when it is not a degree)."""
    if not _context(chain, text):
        return set()
    return {
        _LEVEL[m.lastgroup or ""]
        for i, m in enumerate(chain)
        if _weak_ok(m, text) and (not _is_soft(m) or _soft_ok(chain, i, text))
    }


def degree_mentions(text: str) -> frozenset[str]:
    """The degree levels a posting mentions, a subset of :data:`DEGREE_LEVELS`.

    Parameters
    ----------
    text
        A job-posting description (any string: plain, HTML, empty).

    Returns
    -------
    frozenset[str]
        ``"bachelor"``, ``"master"`` and/or ``"phd"``; strong spellings count
        anywhere, bare abbreviations ("MS", "BA") only in a degree context.

    Examples
    --------
    >>> sorted(degree_mentions("BS/MS in Computer Science; Ph.D. preferred"))
    ['bachelor', 'master', 'phd']
    >>> degree_mentions("Proficiency in MS Office. Based in Boston, MA.")
    frozenset()
    """
    if not text:
        return frozenset()
    text = _clean(text)
    found: set[str] = set()
    for chain in _chains(text):
        if not {_LEVEL[m.lastgroup or ""] for m in chain} <= found:
            found |= _chain_levels(chain, text)
        if len(found) == len(DEGREE_LEVELS):
            break
    return frozenset(found)


# --- responsibilities ----------------------------------------------------------------------

#: In a duty pattern, ``~`` stands for "then up to four more words in the same sentence or
#: list item" ("deploy\w*~models"); word and non-word runs alternate, so it cannot backtrack
#: much (a hyphenated word counts as two).
GAP = r"[^\w.;:!?|•·*\n\r]+(?:\w+[^\w.;:!?|•·*\n\r]+){0,4}?"
_DUTY_ID = re.compile(r"[a-z][a-z0-9-]*")
_FIELDS = ("id", "name", "patterns", "example")


@dataclass(frozen=True)
class Duty:
    """One responsibility theme of ``duties.csv``: its regexes (``|``-separated in the file)."""

    id: str
    name: str
    patterns: tuple[str, ...]
    example: str


def _top_level(value: str) -> tuple[list[int], int]:
    """Where ``value`` has ``|`` outside groups and classes, and where its first group closes."""
    bars: list[int] = []
    depth, i, in_class, close = 0, 0, False, -1
    while i < len(value):
        c = value[i]
        if c == "\\":
            i += 1
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            close = i if depth == 0 and close < 0 else close
        elif c == "|" and depth == 0:
            bars.append(i)
        i += 1
    return bars, close


def _split_top(value: str) -> list[str]:
    bars, _ = _top_level(value)
    return [value[a + 1 : b] for a, b in zip([-1, *bars], [*bars, len(value)], strict=True)]


def split_patterns(value: str) -> tuple[str, ...]:
    """The patterns of a ``patterns`` cell: split at ``|`` outside parentheses and classes."""
    return tuple(p.strip() for p in _split_top(value) if p.strip())


def duty_regex(pattern: str) -> str:
    """A pattern as matched: ``~`` expanded, between word boundaries."""
    return r"\b(?:" + pattern.replace("~", GAP) + r")\b"


def _duty(n: int, rec: dict[str, str | None], name: str) -> Duty:
    where = f"{name} line {n}"
    sid = (rec.get("id") or "").strip()
    if not _DUTY_ID.fullmatch(sid):
        raise DataError(f"{where}: id {sid!r} must be a lower-case slug such as 'deploy-models'.")
    patterns = split_patterns(rec.get("patterns") or "")
    if not patterns:
        raise DataError(f"{where} ({sid}): the patterns cell is empty; give at least one regex.")
    for p in patterns:
        if _FLAGS.search(p):
            raise DataError(f"{where} ({sid}): pattern {p!r} sets regex flags; drop them.")
        try:
            re.compile(duty_regex(p), re.IGNORECASE)
        except re.error as exc:
            msg = f"{where} ({sid}): pattern {p!r} is not a valid regex ({exc}); fix or remove it."
            raise DataError(msg) from exc
    duty = Duty(sid, (rec.get("name") or "").strip(), patterns, (rec.get("example") or "").strip())
    if not duty.name or not duty.example:
        raise DataError(f"{where} ({sid}): the name or the example is empty; fill both in.")
    return duty


def _parse_duties(text: str, name: str) -> tuple[Duty, ...]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != _FIELDS:
        raise DataError(f"{name}: the header must be {','.join(_FIELDS)}, not {reader.fieldnames}.")
    duties: dict[str, Duty] = {}
    for rec in reader:
        n = reader.line_num
        if None in rec or None in rec.values():
            raise DataError(
                f"{name} line {n}: expected {len(_FIELDS)} cells; quote a cell that holds a comma."
            )
        duty = _duty(n, rec, name)
        if duty.id in duties:
            raise DataError(f"{name} line {n}: the id {duty.id!r} is used twice; rename one.")
        duties[duty.id] = duty
    if not duties:
        raise DataError(f"{name}: no duties; the file has a header only.")
    return tuple(duties.values())


@cache
def _packaged_duties() -> tuple[Duty, ...]:
    text = resources.files("roleatlas.taxonomy").joinpath("data/duties.csv").read_text("utf-8")
    return _parse_duties(text, "duties.csv")


def load_duties(path: Path | None = None) -> tuple[Duty, ...]:
    """The responsibility themes, validated, in file order.

    Parameters
    ----------
    path
        A ``duties.csv`` to read instead of the packaged one (for tests and reviews).

    Returns
    -------
    tuple[Duty, ...]
        One :class:`Duty` per row.

    Raises
    ------
    DataError
        A bad header, id, empty patterns, a pattern that is not a valid regex, an
        empty name or example, or an id used twice; the message names the line.
    """
    if path is None:
        return _packaged_duties()
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"Cannot read the duties file {path} ({exc}); check the path.") from exc
    return _parse_duties(text, path.name)


_WORD = re.compile(r"\w+")
_FLAGS = re.compile(r"\(\?[-aiLmsux]")
_QUANT = frozenset("?*{")
_STOP = frozenset("\\[](){}?*+.|^$")


def _literal_prefix(alternative: str) -> str:
    """The word characters every match of an alternative starts with ("" when none)."""
    out: list[str] = []
    for c in alternative:
        if c in _QUANT:  # the character before it may be absent
            if out:
                out.pop()
            break
        if c in _STOP or not (c.isalnum() or c == "_"):
            break
        out.append(c)
    return "".join(out).lower()


def _heads(pattern: str) -> tuple[str, ...] | None:
    """The stems a match must start with: a word beginning with one of them (None: anywhere)."""
    alternatives = [pattern]
    if pattern.startswith("(?:"):
        close = _top_level(pattern)[1]
        if close < 0 or pattern[close + 1 : close + 2] in _QUANT:
            return None
        alternatives = _split_top(pattern[3:close])
    stems = tuple(_literal_prefix(a) for a in alternatives)
    return None if not all(stems) else stems


_Entry = tuple[int, "re.Pattern[str]"]  # (duty number, regex of its patterns with one stem)


@dataclass(frozen=True)
class _Index:
    """Where each pattern can start: stems grouped by the first two letters of a word."""

    ids: tuple[str, ...]
    by_key: dict[str, tuple[tuple[str, tuple[_Entry, ...]], ...]]  # key -> ((stem, entries), ...)
    anywhere: tuple[_Entry, ...]


@cache
def _index() -> _Index:
    duties = _packaged_duties()
    at: dict[str, dict[int, list[str]]] = {}  # stem -> duty -> its patterns starting with the stem
    anywhere: list[_Entry] = []
    for n, duty in enumerate(duties):
        for p in duty.patterns:
            stems = _heads(p)
            if stems is None:
                anywhere.append((n, re.compile(duty_regex(p), re.IGNORECASE)))
            for stem in dict.fromkeys(stems or ()):
                at.setdefault(stem, {}).setdefault(n, []).append(duty_regex(p))
    by_key: dict[str, list[tuple[str, tuple[_Entry, ...]]]] = {}
    for stem, per_duty in at.items():
        entries = tuple((n, re.compile("|".join(r), re.IGNORECASE)) for n, r in per_duty.items())
        by_key.setdefault(stem[:2], []).append((stem, entries))
    return _Index(
        tuple(d.id for d in duties), {k: tuple(v) for k, v in by_key.items()}, tuple(anywhere)
    )


def _entries(
    word: str, by_key: dict[str, tuple[tuple[str, tuple[_Entry, ...]], ...]]
) -> list[_Entry]:
    """The patterns that may match where this word starts."""
    stems = by_key.get(word[:2], ())
    if len(word) > 1 and word[0] in by_key:  # one-letter stems ("a" of "a/b")
        stems += by_key[word[0]]
    return [e for stem, entries in stems if word.startswith(stem) for e in entries]


def find_duties(text: str) -> tuple[str, ...]:
    """The responsibility themes a posting states, by id (sorted, each once).

    Parameters
    ----------
    text
        A job-posting description (any string: plain, HTML, empty).

    Returns
    -------
    tuple[str, ...]
        Ids of :func:`load_duties` whose patterns match somewhere in the text.

    Examples
    --------
    >>> find_duties("You will deploy ML models to production and build dashboards.")
    ('dashboards-reports', 'deploy-models')
    """
    if not text:
        return ()
    low = _clean(text).lower()
    idx = _index()
    found = {n for n, regex in idx.anywhere if regex.search(low)}
    seen: dict[str, list[_Entry]] = {}  # word -> its candidate patterns (words repeat a lot)
    for word in _WORD.finditer(low):
        w = word.group()
        entries = seen.get(w)
        if entries is None:
            entries = seen[w] = _entries(w, idx.by_key)
        for n, regex in entries:
            if n not in found and regex.match(low, word.start()):
                found.add(n)
    return tuple(sorted(idx.ids[n] for n in found))
