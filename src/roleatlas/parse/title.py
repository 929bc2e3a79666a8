"""Job titles -> core title, seniority, level, work mode, and the noise around them.

``parse_title("Sr. ML Eng II - Remote (US)")`` gives core "Machine Learning
Engineer", seniority ``senior``, level 2, work mode ``remote``: the core is
what a role classifier should read, without grade, level or recruiting noise.
The hand labels in ``tests/data/parse/title_gold.csv`` follow these rules:

- **Noise** (removed, listed in ``noise`` in the order found): work mode,
  places ("(US)", "- Tempe, AZ", "in Reston VA"), requisition ids ("R-12345",
  "Req #1234", "[28376]", "(718)", numbers of 5+ digits), pay, cohort dates
  ("Summer 2025"), employment terms ("Contract", "W2 only"), shifts, hype
  ("Urgent requirement of", "Need", a later part ending in "!"), emoji and
  symbols, whatever follows " at "/"@" after a job noun (a company or place),
  and an acronym repeating the words before it ("Machine Learning (ML)").
  Specialisations stay: "- NLP", ", Agents", "(Unity)".
- **Seniority**: intern if an internship is named, else junior if a junior
  grade is, else the highest rank named (``SENIORITY_ORDER``);
  ``seniority_terms`` lists every rank named. Grade words (junior, mid,
  senior, staff, principal, lead, intern and synonyms: "Sr.", "Entry Level",
  "Co-Op", "Experienced" = mid) leave the core when they modify the job
  ("Senior Manager" -> "Manager") and stay when they are its head noun ("Team
  Lead", "Machine Learning Lead", "Marketing Intern", "Principal, Data
  Science"). Leadership words (manager, director, head, VP, chief, CEO...) are
  part of the job and stay: "Head of AI" -> core "Head of AI", seniority
  head. Any "... Manager" is ``manager``. "Associate" is not a seniority
  (entry level in tech, mid level in banking) and stays; "Associate
  Principal" is one grade (principal).
- **Level**: "I".."VI" or a digit 1-9 after a job noun or ending a part, "L5",
  "IC4", "Level 3"; not "E5" (ambiguous) nor a number after "Tier", "Type",
  "Python"...; a range ("I/II", "I or II") gives its lower end.
- **Work mode**: hybrid if named (also "Hybrid/Remote"), else remote if offered
  ("NYC or Remote US"), else onsite.
- **Spelling**: abbreviations expanded (Sr., Jr., ML, Eng/Engr, Dev, Mgr, SWE,
  SDE, VP; "Eng"/"Dev" before a word or after "of" -> Engineering/
  Development); acronyms and brands spelt one way (AI, NLP, LLM, MLOps,
  GenAI, iOS, C++); "DS" left alone (Data Science or Data Scientist?); an
  unknown all-capitals word kept unless its part is shouted; title case, small
  words in lower case; parts joined by " - ", ", ", "/", ": ", "(...)";
  identical alternatives collapse.
- **Idempotence**: ``parse_title(p.core).core == p.core``, with no level,
  work mode or noise; seniority returns only if its word stayed in the core.

Input is cut to ``MAX_CHARS`` first, so every call is bounded. The vocabulary
is in ``data/title_*.csv``, loaded on first use.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal, NamedTuple, cast

Seniority = Literal[
    "intern", "junior", "mid", "senior", "lead", "staff", "principal",
    "manager", "director", "head", "vp", "chief",
]  # fmt: skip
WorkMode = Literal["remote", "hybrid", "onsite"]
Employment = Literal["full-time", "part-time", "contract", "temporary"]

SENIORITY_ORDER: tuple[Seniority, ...] = (
    "intern", "junior", "mid", "senior", "lead", "staff", "principal",
    "manager", "director", "head", "vp", "chief",
)  # fmt: skip
MAX_CHARS = 300
_RANK = {s: i for i, s in enumerate(SENIORITY_ORDER)}
_PRECEDENCE = _RANK | {"junior": 99, "intern": 100}  # a junior manager is junior


@dataclass(frozen=True, slots=True)
class ParsedTitle:
    """A job title split into its parts.

    ``employment`` is what the removed noise said about the contract;
    ``seniority_terms`` every rank the title names ("Senior Manager" ->
    senior, manager).
    """

    raw: str
    core: str
    seniority: Seniority | None = None
    level: int | None = None
    work_mode: WorkMode | None = None
    noise: tuple[str, ...] = ()
    employment: Employment | None = None
    seniority_terms: tuple[Seniority, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict, tagged ``"kind": "title"``."""
        return {
            "kind": "title",
            "raw": self.raw,
            "core": self.core,
            "seniority": self.seniority,
            "level": self.level,
            "work_mode": self.work_mode,
            "employment": self.employment,
            "seniority_terms": list(self.seniority_terms),
            "noise": list(self.noise),
        }


def parse_title(text: str, *, cached: bool = True) -> ParsedTitle:
    """Split a raw job title into core title, seniority, level, work mode and noise.

    Parameters
    ----------
    text
        The title as posted; any string (cut to ``MAX_CHARS`` characters).
    cached
        Reuse the result for a title seen before (LRU cache of 65,536 titles;
        titles longer than ``MAX_CHARS`` are never cached).

    Returns
    -------
    ParsedTitle
        Never raises for a ``str``; a title that is all noise has an empty core.

    Examples
    --------
    >>> p = parse_title("Sr. ML Eng II - Remote (US)")
    >>> (p.core, p.seniority, p.level, p.work_mode)
    ('Machine Learning Engineer', 'senior', 2, 'remote')
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_title expects a str, got {type(text).__name__}")
    return _parse_cached(text) if cached and len(text) <= MAX_CHARS else _parse(text)


class _Lex(NamedTuple):
    words: dict[str, tuple[str, str]]  # normalised phrase -> (class, value)
    starts: dict[str, int]  # first word of a multi-word phrase -> most words in one
    flags: dict[str, int]  # word -> _IS_CONTENT | _IS_RANKED | _IS_NOISY bits
    codes: frozenset[str]  # two-letter place codes, upper case only
    spell: dict[str, str]
    pairs: frozenset[str]  # first words of two-word spellings
    nouns: frozenset[str]  # job nouns: role and leadership words
    roles: frozenset[str]  # nouns and grade words a level or a hyphen attaches to
    edge: frozenset[str]  # noise words a glued hyphen splits off ("Center-REMOTE")


def _key(token: str) -> str:
    return token.lower().rstrip(".").replace("-", " ")


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("roleatlas.parse").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    def norm(phrase: str) -> str:
        return " ".join(_key(t) for t in phrase.split())

    places = _rows("title_places.csv")
    words = {norm(r["name"]): ("place", r["kind"]) for r in places if r["kind"] != "code"}
    words |= {norm(r["phrase"]): (r["class"], r["value"]) for r in _rows("title_words.csv")}
    spell = {norm(r["term"]): r["spelling"] for r in _rows("title_spellings.csv")}
    single = {k: c for k, (c, _) in words.items() if " " not in k}
    nouns = frozenset(k for k, c in single.items() if c in ("role", "leader"))
    starts: dict[str, int] = {}
    for k in words:
        first, _, rest = k.partition(" ")
        if rest:
            starts[first] = max(starts.get(first, 0), rest.count(" ") + 2)
    return _Lex(
        words=words,
        starts=starts,
        flags=_flags(words, spell, {r["name"] for r in places if r["kind"] == "code"}),
        codes=frozenset(r["name"] for r in places if r["kind"] == "code"),
        spell=spell,
        pairs=frozenset(k.split(" ")[0] for k in spell if " " in k),
        nouns=nouns,
        roles=nouns | {k for k, c in single.items() if c == "grade-pos"},
        edge=frozenset(k for k, c in single.items() if c in _STRONG),
    )


def _flags(
    words: dict[str, tuple[str, str]], spell: dict[str, str], codes: set[str]
) -> dict[str, int]:
    """Content words (whole), and first words of rank and noise phrases.

    Abbreviations and their spellings ("ML", "Engineering") are content too,
    unless they name a place ("US"): never a town in "Engineering TX".
    """
    flags = {
        w: _IS_CONTENT
        for term in (*spell, *(v.lower() for v in spell.values()), "engineering", "development")
        for w in term.split()
        if words.get(w, ("", ""))[0] not in _NOISY and w.upper() not in codes
    }
    for k, (c, _) in words.items():
        first = k.partition(" ")[0]
        flags[k] = flags.get(k, 0) | (_IS_CONTENT if c in _CONTENT else 0)
        bit = _IS_RANKED if c in _RANKED else _IS_NOISY if c in _NOISY else 0
        flags[first] = flags.get(first, 0) | bit
    return flags


_IS_CONTENT, _IS_RANKED, _IS_NOISY = 1, 2, 4
_STRONG = frozenset({"mode", "employment", "employment-trail", "hype", "schedule"})
_NOISY = _STRONG | {"place"}  # what noise needs: fillers alone are never noise
_LEAD_STRIP = frozenset({"mode", "employment", "hype"})
_GRADES = frozenset({"grade", "grade-pos"})
_RANKED = _GRADES | {"leader"}
_NOUNS = ("role", "leader")
_CONTENT = _RANKED | {"role", "content", "level-block"}
_SEPS = frozenset({",", "/", "|", "&", "+", "or", "and"})
_ANCHORS = frozenset({"in", "to", "near", "within", "based"})
_TAIL = frozenset("in at near local based In At Near Local Based IN AT".split())  # noqa: SIM905
_SMALL = frozenset("a an and as at by for from in of on or the to via vs with".split())  # noqa: SIM905
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
_ROMAN |= {k.lower(): v for k, v in _ROMAN.items()}  # "Engineer ii" (never "Ii")
_LEVELISH = frozenset({*_ROMAN, "level", "lvl"})
_SUFFIX_GRADES = frozenset({"lead", "intern", "junior"})
_ACRONYM_WORDS = {"mlops": "machine learning operations", "genai": "generative ai"}
_EMPLOYMENTS: tuple[Employment, ...] = ("contract", "temporary", "part-time", "full-time")
_BULLETS = frozenset("•·●▪■►▸‣⁃◦\ufe0e\ufe0f\u20e3\ufffd")
_TRANSLATE = str.maketrans(
    {i: " " for i in (*range(32), 127)}
    | dict.fromkeys("_\\*", " ")
    | {";": ",", "[": "(", "]": ")"}
)

_PLAIN = re.compile(r"[A-Za-z .']*")
_ODD = re.compile(r"[;\[\]_\\*\x00-\x1f\x7f]")
_DIGIT = re.compile(r"\d")
_CAPS = re.compile(r"[A-Z]{5}")
_STRUCT = re.compile(r"[|,/()!:]")
_WORDISH = re.compile(r"\w")
_WORDS = re.compile(r"[^\s/,:()|]+")
_SYMBOLS = frozenset("&+|:,/()!")  # the tokens without a letter or digit that count
_ROMANISH = re.compile(r"\b(?:I{1,3}|IV|VI?)\b")
_RANGE_HINT = re.compile(r"[/&–—-]| or | to ")
_PAY = re.compile(
    r"(?i)(?:\b(?:up\s+to|earn|from)\s+)?[$£€₹]\s?\d[\d,.]*(?:\s?[km]\b)?"
    r"(?:\s*(?:-|to)\s*[$£€₹]?\s?\d[\d,.]*(?:\s?[km]\b)?)?"
    r"(?:\s*(?:/|per|an?)\s*(?:hour|hr|h|year|yr|annum|week|wk|month|mo|day)\b)?\+?"
    r"(?:\s+(?:(?:sign[- ]?on|signing|hiring|retention|referral)\s+)?bonus)?"
)
_SEASON = r"spring|summer|fall|autumn|winter"
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = re.compile(
    rf"(?i)\b(?:(?:{_SEASON}|{_MONTH})\.?\s+)?(?:19[5-9]\d|20[0-4]\d)(?:\s*[-/]\s*(?:19|20)?\d\d)?"
    rf"\b(?:\s+(?:{_SEASON}|start|intake|school\s+year))?|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
)
_ID = re.compile(
    r"[(\[]\s*#?\d[\d-]{2,}\s*[)\]]|[(\[]\s*#?[A-Za-z-]*\d{2,}[\w-]*\s*[)\]](?=\s*$)"
    r"|\b(?i:req(?:uisition)?|job|ref|posting)(?i:\s*(?:id|no|number|code))?\.?\s*[#:]?\s*"
    r"[A-Z]*-?\d[\w-]*|#\s?\d{2,}\b|\b(?:[A-Z]+-)*[A-Z]{1,6}-?\d{4,}(?:-\d+)?\b"
    r"|\b\d{5,}(?:-\d+)?\b|\b\d{2,}-\d{3,}\b"
)
_AMPM = r"\d{1,2}(?::\d\d)?\s?[ap]\.?m?\.?"
_HOURS = re.compile(rf"(?i)\b{_AMPM}\s?(?:-|to)\s?{_AMPM}(?!\w)")
_LEVELS = r"I{1,3}|IV|VI?|[1-9]"
_RANGE = re.compile(rf"([A-Za-z]\s+)({_LEVELS})\s*(?:/|\bor\b|-|–|—|to|&)\s*(?:{_LEVELS})\b")
_DASHES = re.compile(r"\s+-+\s+|\s*(?:--+|[–—|])\s*|\s+-(?=\S)|(?<=\S)-\s+|^\s*-+|-+\s*$")
_GLUED = re.compile(r"([^\s|,/()!:-]+|\))-(?=([^\s|,/()!:-]+))")
_TOKEN = re.compile(r"[|,/()!]|:(?=\s|$)|[^\s|,/()!:]+(?::[^\s|,/()!:]+)*")
_LEVEL_TAG = re.compile(r"(?i:L|IC|Lvl)([1-9]\d?)")
_TIME = re.compile(r"\d{1,2}:\d\d(?:\s?[ap]\.?m\.?)?|\d{1,2}\s?[ap]\.?m\.?|\d+\s?(?:hrs?|hours?)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\+?%?|\d+(?:st|nd|rd|th)")


@dataclass(slots=True, eq=False)
class _Paren:
    toks: list[str]


_Elem = str | _Paren
_Parts = tuple[list[_Elem], list[str]]
_Span = tuple[int, int, str]  # (first word, words, class)


@dataclass(slots=True)
class _Seg:
    sep: str
    elems: list[_Elem] = field(default_factory=list)
    bang: bool = False


@dataclass(slots=True)
class _Acc:
    """What one parse has found so far, and per-token facts computed once."""

    k: dict[str, str] = field(default_factory=dict)  # token -> key
    content: set[str] = field(default_factory=set)  # tokens that are never noise
    ranked: set[str] = field(default_factory=set)  # tokens that may start a grade or rank
    edgy: set[str] = field(default_factory=set)  # tokens that may be (part of) noise
    nested: bool = True  # separators, lists or parentheses
    digits: bool = False
    caps: bool = False
    cut: bool = False  # a part lost a grade, level or edge word (it may now be noise)
    noise: list[str] = field(default_factory=list)
    signals: list[tuple[str, str]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    level: int | None = None


def _parse(text: str) -> ParsedTitle:
    lex, acc = _lex(), _Acc()
    core = _run(text, acc, lex)
    for _ in range(3):  # taking out one thing can expose another: "Manager Sr. at US"
        if not (acc.cut and _dirty(core, lex)) or core == (core := _run(core, acc, lex)):
            break
    ranks = cast("tuple[Seniority, ...]", tuple(dict.fromkeys(acc.terms)) if acc.terms else ())
    top = sorted(ranks, key=_PRECEDENCE.__getitem__)[-1] if ranks else None
    mode: WorkMode | None = None
    job: Employment | None = None
    if acc.signals:
        said = {v for _, v in acc.signals}
        mode = next((m for m in ("hybrid", "remote", "onsite") if m in said), None)
        job = next((e for e in _EMPLOYMENTS if e in said), None)
    return ParsedTitle(text, core, top, acc.level, mode, tuple(acc.noise), job, ranks)


_parse_cached = lru_cache(maxsize=65536)(_parse)


def _dirty(core: str, lex: _Lex) -> bool:
    """Could another pass change ``core``: a word of noise, a grade or a level left in it?"""
    for word in _WORDS.findall(core):
        key = _key(word)
        if _bits(key, lex) & (_IS_NOISY | _IS_RANKED) or key in _LEVELISH:
            return True
        if word in lex.codes or word in _TAIL or any(c.isdigit() for c in word):
            return True
    return False


def _run(text: str, acc: _Acc, lex: _Lex) -> str:
    """One pass over ``text``: the core, with what was found noted in ``acc``."""
    acc.cut, acc.nested, acc.digits = False, True, False
    segs = _segments(_prepare(text, acc, lex), acc, lex)
    words = segs[0].elems if len(segs) == 1 and not acc.nested else []
    keys = [acc.k[w] for w in words if isinstance(w, str)]
    plain = words and not (acc.edgy or acc.caps or acc.digits) and _TAIL.isdisjoint(words)
    if plain and _LEVELISH.isdisjoint(keys):
        # plain words, none of them noise or a level (most titles): take grades, spell
        size = -1
        while len(words) != size and not acc.ranked.isdisjoint(
            words
        ):  # "Head Intern Intern Manager"
            size = len(words)
            words, keys = _grades(words, keys, acc, lex, main=True)
        core = _spell(words, keys, acc, lex, False)
    else:
        noisy = acc.edgy or not _TAIL.isdisjoint(acc.k) or any(seg.bang for seg in segs)
        core = _render(_noise_free(segs, acc, lex) if noisy else segs, acc, lex)
    head = core.split(" ", 1)[0].split("/", 1)[0]
    return core[:1].upper() + core[1:] if head in _SMALL else core  # "Of Counsel"


def _prepare(text: str, acc: _Acc, lex: _Lex) -> str:
    """Cut, drop symbols, remove pay, dates and ids, and mark separators as ' | '."""
    s = text[:MAX_CHARS]
    if _PLAIN.fullmatch(s):
        acc.caps = _CAPS.search(s) is not None
        return _ranges(s) if " or " in s or " to " in s else s
    if not s.isascii():
        s = unicodedata.normalize("NFKC", _drop_symbols(s, acc))  # "¼" -> "1⁄4": drop again
        s = s if s.isascii() else _drop_symbols(s, acc)
    s = s.replace("\\/", "/").replace("@", " at ")
    if "$" in s or "£" in s or "€" in s or "₹" in s:
        s = _PAY.sub(lambda m: _noted(m, acc), s)
    acc.caps = _CAPS.search(s) is not None
    if _DIGIT.search(s):
        acc.digits = True
        for rx in (_HOURS, _DATE, _ID):
            s = rx.sub(lambda m: _noted(m, acc), s)
    if _ODD.search(s):
        s = s.translate(_TRANSLATE)
    if (acc.digits or _ROMANISH.search(s)) and _RANGE_HINT.search(s):
        s = _ranges(s)
    if "-" in s or "|" in s or "–" in s or "—" in s:
        s = _DASHES.sub(" | ", s)
        s = _GLUED.sub(lambda m: _split_glued(m, lex), s) if "-" in s else s
    return s


def _ranges(s: str) -> str:
    """'Scientist I/II' -> 'Scientist I' (the lower end), also for 'I or II or III'."""
    for _ in range(len(s)):
        s, n = _RANGE.subn(r"\1\2", s)
        if not n:
            break
    return s


def _noted(m: re.Match[str], acc: _Acc) -> str:
    acc.noise.append(m.group(0).strip())
    acc.cut = True
    return " "


def _drop_symbols(s: str, acc: _Acc) -> str:
    """Replace emoji, symbols and invisible characters by spaces, noting them."""
    out: list[str] = []
    run: list[str] = []
    for ch in s:
        cat = "L" if ch.isascii() else unicodedata.category(ch)
        if ch in _BULLETS or (cat[0] in "SC" and cat != "Sc") or cat == "Me":
            run.append(ch)
            out.append(" ")
            continue
        if run and not ch.isspace():
            acc.noise.append("".join(run))
            run, acc.cut = [], True
        out.append(" " if cat[0] == "Z" else ch)
    if run:
        acc.noise.append("".join(run))
        acc.cut = True
    return "".join(out)


def _split_glued(m: re.Match[str], lex: _Lex) -> str:
    """'Scientist-Machine Learning', 'I-Machine', 'Center-REMOTE': the hyphen separates."""
    left, right = m.group(1), m.group(2)
    if left == ")" or _key(left) in lex.roles or left in _ROMAN or _key(right) in lex.edge:
        return f"{left} | "
    return f"{left}-"


def _segments(s: str, acc: _Acc, lex: _Lex) -> list[_Seg]:
    """Tokens -> parts split at ' - ' and ': ', with parenthesised groups inside."""
    if not _STRUCT.search(s):
        acc.nested = False
        toks = s.split()
        words = [w for w in toks if w.isalnum() or _WORDISH.search(w) or w in _SYMBOLS]
        acc.cut = acc.cut or len(words) < len(toks)
        _keys(words, acc, lex)
        elems: list[_Elem] = list(words)
        return [_Seg("", elems)] if words else []
    found = [t.strip("-") if "-" in t else t for t in _TOKEN.findall(s)]
    toks = [t for t in found if t.isalnum() or _WORDISH.search(t) or t in _SYMBOLS]
    acc.cut = acc.cut or len(toks) < len(found) or "!" in toks or _unbalanced(toks)
    segs, paren = [_Seg("")], None
    _keys(toks, acc, lex)
    for tok in toks:
        seg = segs[-1]
        if tok == "!":
            seg.bang = True
        elif tok == "(":
            if paren is None:
                paren = _Paren([])
                seg.elems.append(paren)
        elif tok == ")":
            paren = None
        elif paren is not None:
            paren.toks.append("|" if tok == ":" else tok)
        elif tok in ("|", ":"):
            segs.append(_Seg(" - " if tok == "|" else ": "))
        else:
            seg.elems.append(tok)
    for seg in segs:
        seg.elems = [e for e in seg.elems if not isinstance(e, _Paren) or _has_word(e.toks)]
    return _tidy([seg for seg in segs if seg.elems or seg.bang], acc)


def _unbalanced(toks: list[str]) -> bool:
    depth = 0
    for t in toks:
        depth += (t == "(") - (t == ")")
        if depth not in (0, 1):
            return True
    return depth != 0


def _has_word(toks: list[str]) -> bool:
    return any(t not in ("|", ",", "/") for t in toks)


def _tidy(segs: list[_Seg], acc: _Acc) -> list[_Seg]:
    """Join a part that is only parentheses to the part before; unwrap a title in them."""
    for n in range(len(segs) - 1, 0, -1):
        if all(isinstance(e, _Paren) for e in segs[n].elems) and not segs[n].bang:
            segs[n - 1].elems.extend(segs.pop(n).elems)
    first = segs[0].elems if segs else []
    if len(first) == 1 and isinstance(first[0], _Paren):  # "(Senior Data Scientist)"
        segs[0].elems = ["," if t == "|" else t for t in first[0].toks]
        acc.k[","] = ","
    return segs


def _keys(toks: list[str], acc: _Acc, lex: _Lex) -> None:
    """Note each token's key once, and whether it is content, a rank or possible noise."""
    k = acc.k
    for tok in toks:
        if tok in k:
            continue
        key = tok.lower()
        if key[-1:] == "." or "-" in key:
            key = key.rstrip(".").replace("-", " ")
        k[tok] = key
        f = _bits(key, lex)
        if f & _IS_CONTENT:
            acc.content.add(tok)
        if f & _IS_RANKED:
            acc.ranked.add(tok)
        if f & _IS_NOISY or key[:1].isdigit() or tok in lex.codes:
            acc.edgy.add(tok)


def _bits(key: str, lex: _Lex) -> int:
    f = lex.flags.get(key, 0)
    if " " in key:  # a hyphenated token: its rank and noise bits come from its first word
        f = (f & _IS_CONTENT) | (lex.flags.get(key.partition(" ")[0], 0) & ~_IS_CONTENT)
    return f


def _flat(elems: list[_Elem]) -> list[str]:
    return [t for e in elems for t in (e.toks if isinstance(e, _Paren) else (e,))]


def _text(toks: list[str]) -> str:
    return " ".join(toks).replace(" ,", ",").replace(" / ", "/").replace(" | ", " - ").strip(" ,")


def _match(keys: list[str], i: int, lex: _Lex) -> tuple[int, str, str] | None:
    """The longest vocabulary phrase at ``keys[i]``: (words, class, value)."""
    k = keys[i]
    if k in lex.starts:
        for n in range(min(lex.starts[k], len(keys) - i), 1, -1):
            hit = lex.words.get(" ".join(keys[i : i + n]))
            if hit:
                return n, hit[0], hit[1]
    hit = lex.words.get(k)
    if hit:
        return 1, hit[0], hit[1]
    if k[:1].isdigit() and _TIME.fullmatch(k):
        return 1, "schedule", ""
    if k[:1].isdigit() and _NUMBER.fullmatch(k):
        return 1, "filler", ""
    return None


def _noise(toks: list[str], acc: _Acc, lex: _Lex) -> list[tuple[str, str]] | None:
    """The signals of tokens that are all noise; None as soon as one is content.

    Up to three unknown words pass only as a town before a state code, or a
    state name without a comma: "Reston VA", "West Berlin, NJ", "Lehi Utah".
    """
    if acc.edgy.isdisjoint(toks) or not acc.content.isdisjoint(toks):
        return None
    words = [w for t in toks for w in (t.split("-") if "-" in t else (t,)) if w]
    keys = [acc.k.get(w) or _key(w) for w in words]
    strong = anchor = pending = gap = False
    i = towns = 0
    signals: list[tuple[str, str]] = []
    while i < len(words):
        w, n = words[i], 1
        hit = None if w in _SEPS else _match(keys, i, lex)
        place = hit is not None and hit[1] == "place"
        if w in _SEPS:
            gap = gap or pending
        elif w in lex.codes and (anchor or pending) and not place:
            strong, anchor, pending, towns = True, True, False, 0
        elif hit and place:
            n = hit[0]
            if not pending or (not gap and hit[2] == "state"):
                strong, anchor, pending, towns = True, True, False, 0
            elif gap or hit[2] not in ("city", "region"):
                return None
        elif pending or (hit and hit[1] not in _STRONG and hit[1] != "filler"):
            return None
        elif hit:
            n, anchor = hit[0], hit[1] == "mode" or keys[i] in _ANCHORS
            strong = strong or hit[1] in _STRONG
            signals.append((hit[1], hit[2]))
        elif w.isalpha() and towns < 3:  # any case: casing must not change what is noise
            pending, gap, towns = True, False, towns + 1
        else:
            return None
        i += n
    return signals if strong and not pending else None


def _take(toks: list[str], acc: _Acc, lex: _Lex) -> bool:
    """Record ``toks`` as noise if they are all noise."""
    signals = _noise(toks, acc, lex) if toks else None
    if signals is not None:
        acc.signals.extend(signals)
        acc.noise.append(_text(toks))
    return signals is not None


def _noise_free(segs: list[_Seg], acc: _Acc, lex: _Lex) -> list[_Seg]:
    """Drop noise parts, noise parentheses, trailing places and noise list items."""
    kept: list[_Seg] = []
    for seg in segs:
        if _take(_flat(seg.elems), acc, lex):
            continue
        if seg.bang and kept and seg.elems:
            acc.noise.append(_text(_flat(seg.elems)) + "!")
            continue
        elems = [e for e in seg.elems if not (isinstance(e, _Paren) and _take(e.toks, acc, lex))]
        if not _TAIL.isdisjoint(elems):
            elems = _drop_tail(elems, acc, lex)
        for c in [i for i, e in enumerate(elems) if e == ","] if "," in elems else ():
            if _take(_flat(elems[c + 1 :]), acc, lex):
                elems = elems[:c]
                break
        if elems:
            kept.append(_Seg(seg.sep, elems))
    return kept


def _drop_tail(elems: list[_Elem], acc: _Acc, lex: _Lex) -> list[_Elem]:
    """'... in Reston VA', '... local to WA', '... at ACME Inc' (after a job noun)."""
    for j in range(1, len(elems) - 1):
        e, tail = elems[j], elems[j + 1 :]
        if not isinstance(e, str) or e not in _TAIL:
            continue
        words = [w for w in elems[:j] if isinstance(w, str) and not _graded(w, acc, lex)]
        prev, k = words[-1] if words else None, acc.k[e]
        if k in ("local", "based") and tail[0] in ("to", "in"):
            k, tail = "in", tail[1:]
        if k == "at" and isinstance(prev, str) and acc.k[prev] in lex.nouns:  # grades skipped
            acc.signals.extend(_noise(_flat(tail), acc, lex) or ())
            acc.noise.append(_text([e, *_flat(tail)]))
            return elems[:j]
        if k in ("in", "near") and tail and _take(_flat(tail), acc, lex):
            return elems[:j]
    return elems


def _graded(word: str, acc: _Acc, lex: _Lex) -> bool:
    """A grade word or a level: what falls out before "at" decides ("Manager II at ...")."""
    hit = lex.words.get(acc.k[word])
    return bool(hit and hit[0] in _GRADES) or word in _ROMAN or word.isdigit()


def _render(segs: list[_Seg], acc: _Acc, lex: _Lex) -> str:
    """Spell each part; join them with their separators."""
    shout_all = acc.caps and _shouted([w for s in segs for w in _flat(s.elems)], lex, 1)
    out = ""
    for n, seg in enumerate(segs):
        items = [it for it in _split(seg.elems, ",") if it]
        words = [e for e in seg.elems if isinstance(e, str)]
        shout = shout_all or (acc.caps and _shouted(words, lex, 2))
        later = [e for it in items[1:] for e in it]  # "Staff, Data Scientist": no head noun
        lone = n == 0 and not any(isinstance(e, str) and acc.k[e] in lex.nouns for e in later)
        parts = [_item(it, acc, lex, shout, main=lone and i == 0) for i, it in enumerate(items)]
        text = ", ".join(p for p in parts if p)
        if text[:1] == "(" and text[-1:] == ")" and not any(c in text[1:-1] for c in "()"):
            text = text if out else text[1:-1]  # the title starts with all of it in parentheses
        if text and not out:
            out = text
        elif text:
            out = f"{out} {text}" if text.startswith("(") else f"{out}{seg.sep or ' - '}{text}"
    return out


def _shouted(words: list[str], lex: _Lex, least: int) -> bool:
    """All capitals, with a long word that is not a known acronym ('SENIOR ML ENGINEER')."""
    joined = " ".join(words)
    if joined.upper() != joined or sum(w.isalpha() for w in words) < least:
        return False
    return any(len(w) >= 5 and w.isalpha() and _key(w) not in lex.spell for w in words)


def _split(elems: list[_Elem], sep: str) -> list[list[_Elem]]:
    parts: list[list[_Elem]] = [[]]
    for e in elems:
        if e == sep:
            parts.append([])
        else:
            parts[-1].append(e)
    return parts


def _item(elems: list[_Elem], acc: _Acc, lex: _Lex, shout: bool, *, main: bool) -> str:
    """One comma-separated part: its '/' alternatives, each stripped, graded and spelt."""
    alts = [elems]
    if "/" in elems:  # distinct, non-empty alternatives ("CA / Contract / CA")
        seen = {
            tuple(acc.k[e] if isinstance(e, str) else id(e) for e in a): a
            for a in _split(elems, "/")
        }
        alts = [a for a in seen.values() if a]
        acc.cut = acc.cut or len(alts) < elems.count("/") + 1
    texts: list[str] = []
    for i, alt in enumerate(alts):
        text = _unit(alt, acc, lex, shout, lead=i == 0, trail=i == len(alts) - 1, main=main)
        if text and text not in texts:
            texts.append(text)
    text = "/".join(texts)
    if " or " in text and len(set(text.split(" or "))) == 1:
        text, acc.cut = text.split(" or ")[0], True
    return text


def _unit(
    elems: list[_Elem], acc: _Acc, lex: _Lex, shout: bool, *, lead: bool, trail: bool, main: bool
) -> str:
    """One '/' alternative: strip edge noise, take out level, repeated acronym and grades."""
    keys = [acc.k[e] if isinstance(e, str) else "" for e in elems]
    size, before = len(elems), -1
    if "" in keys:
        elems, keys = _drop_acronym(elems, keys, acc, lex)
    while len(elems) != before:  # taking one thing out can expose another: "Head Remote Sr."
        before = len(elems)
        if (lead or trail) and not acc.edgy.isdisjoint(elems):
            elems, keys = _strip_edges(elems, keys, acc, lex, lead=lead, trail=trail)
        if acc.digits or not _LEVELISH.isdisjoint(keys):
            elems, keys = _take_level(elems, keys, acc, lex)
        if not acc.ranked.isdisjoint(elems):
            elems, keys = _grades(elems, keys, acc, lex, main=main)
    if len(elems) < size:
        acc.cut = acc.cut or bool(acc.edgy) or not _TAIL.isdisjoint(acc.k)  # parse again
        if _take(_flat(elems), acc, lex):  # "Sr. US"
            return ""
    return _spell(elems, keys, acc, lex, shout)


def _spans(keys: list[str], lex: _Lex) -> list[_Span]:
    """(start, words, class) per phrase: '' for a content word, '(' for a parenthesis."""
    out, i = [], 0
    while i < len(keys):
        hit = _match(keys, i, lex) if keys[i] else (1, "(", "")
        n, cls = (hit[0], hit[1]) if hit else (1, "")
        out.append((i, n, cls))
        i += n
    return out


def _edge(spans: list[_Span], strip: frozenset[str], size: int, *, back: bool) -> int:
    """How many words at one edge are noise: a run holding at least one strong word."""
    cut, strong = 0, False
    for start, n, cls in reversed(spans) if back else spans:
        done = size - start if back else start + n
        if cls in strip:
            strong, cut = True, done
        elif cls == "filler":
            cut = done if strong else cut
        else:
            break
    return cut


def _strip_edges(
    elems: list[_Elem], keys: list[str], acc: _Acc, lex: _Lex, *, lead: bool, trail: bool
) -> _Parts:
    """Remove hype, work mode and employment words at the start and end of a part."""
    spans = _spans(keys, lex)
    start = _edge(spans, _LEAD_STRIP, len(keys), back=False) if lead else 0
    rest = [sp for sp in spans if sp[0] >= start]
    end = len(keys) - (_edge(rest, _STRONG, len(keys), back=True) if trail else 0)
    if not start and end == len(keys):
        return elems, keys
    for lo, hi in ((0, start), (end, len(keys))):
        if hi > lo:
            acc.noise.append(_text(_flat(elems[lo:hi])))
    for s, n, c in spans:
        if (s < start or s >= end) and c in _STRONG:
            acc.signals.append((c, lex.words.get(" ".join(keys[s : s + n]), ("", ""))[1]))
    return elems[start:end], keys[start:end]


def _take_level(elems: list[_Elem], keys: list[str], acc: _Acc, lex: _Lex) -> _Parts:
    """Remove level tokens, right to left (so "II II" at the end both go); keep the first."""
    elems, keys, found = list(elems), list(keys), None
    for i in range(len(elems) - 1, -1, -1):
        hit = _level_at(elems, keys, i, lex)
        if hit:
            found = hit[0]
            del elems[i : i + hit[1]], keys[i : i + hit[1]]
    acc.level = found if acc.level is None else acc.level
    return elems, keys


def _level_at(elems: list[_Elem], keys: list[str], i: int, lex: _Lex) -> tuple[int, int] | None:
    """(level, words used) if ``elems[i]`` starts a level: 'II', '3', 'L5', 'Level 2'."""
    e, nxt = elems[i], elems[i + 1] if i + 1 < len(elems) else None
    prev = elems[i - 1] if i else None
    if not isinstance(e, str):
        return None
    if m := _LEVEL_TAG.fullmatch(e):
        return int(m.group(1)), 1
    if keys[i] in ("level", "lvl") and isinstance(nxt, str):
        value = _ROMAN.get(nxt) or (int(nxt) if nxt.isdigit() and len(nxt) < 3 else 0)
        return (value, 2) if value else None
    k = keys[i]
    value = _ROMAN.get(e.rstrip(".")) or (int(k) if len(k) == 1 and k in "123456789" else 0)
    if not value or not isinstance(prev, str):
        return None
    if lex.words.get(keys[i - 1], ("", ""))[0] == "level-block":
        return None
    return (value, 1) if keys[i - 1] in lex.roles or not isinstance(nxt, str) else None


def _drop_acronym(elems: list[_Elem], keys: list[str], acc: _Acc, lex: _Lex) -> _Parts:
    """'Machine Learning (ML) Engineer' -> 'Machine Learning Engineer'."""
    for i, e in enumerate(elems):
        if not (isinstance(e, _Paren) and len(e.toks) == 1 and i):
            continue
        ab = _key(e.toks[0])
        before = " ".join(lex.spell.get(k, k).lower() for k in keys[:i] if k)
        initials = "".join(w[0] for w in before.split()[-len(ab) :])
        if len(ab) > 1 and (initials == ab or _ACRONYM_WORDS.get(ab, "\0") in before):
            acc.noise.append(f"({e.toks[0]})")
            return elems[:i] + elems[i + 1 :], keys[:i] + keys[i + 1 :]
    return elems, keys


def _grades(elems: list[_Elem], keys: list[str], acc: _Acc, lex: _Lex, *, main: bool) -> _Parts:
    """Take grade words out where they modify the job; note every rank named.

    A grade is a modifier (removed) at the start of a part before other words,
    right before a job noun, or at the end right after one ("Engineer Intern");
    otherwise it is the head noun and stays ("Team Lead", a lone "Principal").
    """
    spans = [sp for sp in _spans(keys, lex) if sp[2] != "("]
    others = sum(c not in _GRADES for _, _, c in spans)
    alone, gone = others == 0, set[int]()
    start, last = True, ""  # no word kept yet; class of the last word kept
    for j, (s, n, cls) in enumerate(spans):
        value = lex.words[" ".join(keys[s : s + n])][1] if cls in _RANKED else ""
        if cls not in _GRADES:
            others, start, last = others - 1, False, cls
            acc.terms.extend([value] if value else [])
            continue
        nxt = next((c for _, _, c in spans[j + 1 :] if c != "grade"), None)
        suffix = nxt is None and value in _SUFFIX_GRADES and last == "role"
        head = cls == "grade-pos" and alone and main and len(spans) == 1
        if not head and (cls == "grade" or alone or (start and others) or nxt in _NOUNS or suffix):
            acc.terms.append(value)
            gone.update(range(s, s + n))
            if value in ("principal", "staff") and j and keys[s - 1] in ("associate", "assoc"):
                gone.add(s - 1)  # "Associate Principal" is one grade
            continue
        start, last = False, cls
        acc.terms.extend([value] if value not in ("staff", "principal") or s == 0 else [])
    if not gone:
        return elems, keys
    keep = [i for i in range(len(elems)) if i not in gone]
    return [elems[i] for i in keep], [keys[i] for i in keep]


def _spell(elems: list[_Elem], keys: list[str], acc: _Acc, lex: _Lex, shout: bool) -> str:
    """Expand abbreviations and apply the house casing to one alternative's words."""
    out: list[str] = []
    n, i = len(elems), 0
    while i < n:
        e, k = elems[i], keys[i]
        i += 1
        if isinstance(e, _Paren):
            inner = _paren(e, acc, lex)
            out.extend([f"({inner})"] if inner else [])
        elif k in lex.pairs and i < n and f"{k} {keys[i]}" in lex.spell:
            out.append(lex.spell[f"{k} {keys[i]}"])
            i += 1
        elif k == "eng" or k == "dev":  # a noun at the end, a modifier before a word
            long = (i < n and keys[i] != "") or (i > 1 and keys[i - 2] in ("of", "vp", "head"))
            out.append(
                ("Engineer", "Engineering", "Developer", "Development")[long + 2 * (k == "dev")]
            )
        elif e.isalpha() and k not in lex.spell and k not in _SMALL and not shout:  # most words
            out.append(e[0].upper() + e[1:] if e.islower() else e)
        elif "-" in e and k not in lex.spell:
            parts = enumerate(p for p in e.rstrip(".").split("-") if p.strip("."))
            out.append("-".join(_case(p, lex, shout, first=not j) for j, p in parts))
        elif e.isalnum() or k in lex.spell or any(c.isalnum() for c in e) or e in ("&", "+"):
            out.append(_case(e, lex, shout))
    return " ".join(out)


def _case(word: str, lex: _Lex, shout: bool, *, first: bool = False) -> str:
    low = word.lower().rstrip(".")
    if low in lex.spell:
        return lex.spell[low]
    if low in _SMALL and not first:
        return word if len(word) == 1 and word.isupper() else low
    word = word.rstrip(".")
    if shout and word.isalpha():
        return word[:1].upper() + word[1:].lower()
    return word[:1].upper() + word[1:] if word.islower() else word


def _paren(p: _Paren, acc: _Acc, lex: _Lex) -> str:
    """The text inside parentheses: its own parts, joined by ', ' and ' - '."""
    shout = acc.caps and _shouted(p.toks, lex, 2)
    out, sep, part = "", "", []
    for tok in [*p.toks, "|"]:
        if tok not in (",", "|"):
            part.append(tok)
            continue
        if not _take(part, acc, lex):  # "(NYC, Financial Services)"
            text = _item(list(part), acc, lex, shout, main=False)
            out = f"{out}{sep}{text}" if out and text else out or text
        sep, part = (", " if tok == "," else " - "), []
    return out
