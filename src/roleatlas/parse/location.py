"""Job locations: free text -> country, region, city, metro area and remote/hybrid flags.

``parse_location(text)`` returns a :class:`Location` when the country is certain and an
:class:`UnknownLocation` (with a reason and, when ambiguous, the candidate countries)
otherwise. A Location always has a country: "unknown" is its own type, never a Location
with holes. Both are frozen and have ``to_dict()`` with a ``"kind"`` key for JSON.

Design
------
1. **Bounded input.** Text over ``MAX_LENGTH`` (200) characters is "too long" before any
   regex runs; every regex is linear (no nested or backtracking-prone quantifiers).
2. **Normalisation** (:func:`normalize_location`, idempotent): NFKC + casefold; ``;()[]·``
   become commas; ``|`` and ``/`` (and " or ") separate alternatives; a spaced dash
   separates parts ("Hybrid - London"). ``parse_location(normalize_location(x))`` equals
   ``parse_location(x)`` apart from ``raw``. Lookup keys also drop dots, apostrophes,
   hyphens and accents ("Saint Louis" = "St. Louis", "Gottingen" = "Göttingen").
3. **Flags.** remote, WFH, work from home, anywhere... set ``remote``; hybrid sets
   ``hybrid``; on-site is dropped. "Remote" alone is unknown, reason "remote only".
4. **Gazetteer as data** (``parse/data/``): ``regions.csv`` (US states, DC, territories,
   Canadian provinces, Indian states, UK nations, Australian states, German Länder; codes
   from Debian iso-codes 4.15), ``places.csv`` (every US "City, ST" named in the bundled
   postings plus a few hundred world cities, each with a reviewed ``bare`` flag),
   ``places_metros.csv`` (LinkedIn metro names) and ``places_countries.csv`` (aliases
   such as USA, UK, Deutschland; areas such as EMEA). Country names and codes come from
   ``roleatlas.taxonomy.codes.countries()``.
5. **Right to left.** The last part is read as a country, region or code; the parts
   before it as a region of that country, then a city (then a county or district, which
   is ignored). Two-letter codes are US states/territories or Canadian provinces first
   ("Atlanta, GA"). Their other readings, a country code or a foreign region code
   ("Toronto, CA", "Perth, WA"), win only for a major city of that country (``bare=yes``);
   a lesser known city there makes the answer "ambiguous" ("Oakville, CA": Ontario or
   California). An unknown city before a valid state is accepted ("Smallville, KS").
6. **A name alone** gets a country only when it is a country, a region, a metro, or a
   city whose row says ``bare=yes`` (the name alone means that place: "Paris", "Berlin").
   "Cambridge", "Portland" (``bare=no``) and "Georgia" (country GE or US state) are
   "ambiguous". "New York" alone is the state; "Washington" alone is US (state or DC).
7. **Never a wrong country:** readings that disagree on the country give "ambiguous"
   with the candidates; alternatives in different countries give "several places".

US territories (PR, GU, VI, AS, MP, UM) take their own ISO 3166-1 code as country, as
ISO and the salary survey do. ``region_code`` is the ISO 3166-2 code without the country
prefix ("NY", "ENG", "KA"), known only for the countries in point 4. ``metro`` is set
only when the text names a metro area; ``city`` is then None and the region is that of
the metro's first-named city.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from typing import ClassVar, Literal, NamedTuple

from roleatlas.taxonomy.codes import countries

__all__ = [
    "MAX_LENGTH",
    "Location",
    "UnknownLocation",
    "UnknownReason",
    "normalize_location",
    "parse_location",
]

#: Longer text is not read as a location ("too long") and is never scanned.
MAX_LENGTH = 200

UnknownReason = Literal[
    "empty",
    "not stated",
    "too long",
    "remote only",
    "wider than a country",
    "several places",
    "ambiguous",
    "unknown place",
]
_MESSAGES: dict[str, str] = {
    "empty": "no location was given",
    "not stated": "the location is a placeholder for 'not stated'",
    "too long": f"the text is longer than {MAX_LENGTH} characters, so it is not read as a location",
    "remote only": "the job is remote but no country is named; add the country to place it",
    "wider than a country": "the text names an area wider than one country; name the country",
    "several places": "the text names more than one place{cands}; give one location",
    "ambiguous": "the text could name more than one place{cands}; add the state or country",
    "unknown place": "no known country, region or city was found; check the spelling or add the country",
}


@dataclass(frozen=True, slots=True)
class Location:
    """A place whose country is known (ISO 3166-1 alpha-2), with what else the text states."""

    raw: str
    country: str
    region: str | None = None
    region_code: str | None = None
    city: str | None = None
    metro: str | None = None
    remote: bool = False
    hybrid: bool = False
    kind: ClassVar[str] = "location"

    @property
    def country_name(self) -> str:
        """English name of the country."""
        return countries().get(self.country, self.country)

    @property
    def iso_region(self) -> str | None:
        """Full ISO 3166-2 code ("US-NY"), or None without a region."""
        return f"{self.country}-{self.region_code}" if self.region_code else None

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON output."""
        head = {"kind": self.kind, "raw": self.raw, "country": self.country}
        return {**head, "country_name": self.country_name, **_fields(self)}


@dataclass(frozen=True, slots=True)
class UnknownLocation:
    """Text that does not name one country; ``reason`` says why."""

    raw: str
    reason: UnknownReason
    remote: bool = False
    hybrid: bool = False
    candidates: tuple[str, ...] = ()  # countries the text could mean (ambiguous, several places)
    kind: ClassVar[str] = "unknown"

    @property
    def message(self) -> str:
        """What happened and what to do next, for people."""
        listed = f" (in {' or '.join(self.candidates)})" if self.candidates else ""
        return _MESSAGES[self.reason].format(cands=listed)

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON output."""
        head = {"kind": self.kind, "raw": self.raw, "reason": self.reason}
        return {**head, "message": self.message, **_fields(self)}


def _fields(record: Location | UnknownLocation) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in fields(record)}


# ---------------------------------------------------------------- normalisation

_SEPARATORS = str.maketrans(
    {
        **dict.fromkeys(";()[]{}·•", ","),
        **dict.fromkeys("|\\", "/"),
        **dict.fromkeys("–—‒−―‐‑", "-"),
        **dict.fromkeys("’‘`´ʼ", "'"),
        **dict.fromkeys('"“”\t\n\r\v\f_', " "),
    }
)
_SPACED_DASH = re.compile(r" -++ ?|(?<!-)-++ ")  # run on collapsed whitespace: linear
_KEY_TABLE = str.maketrans({".": None, "'": None, "-": " ", "/": " ", ",": " "})
_WORD_CANON = {"saint": "st", "sainte": "ste", "ft": "fort", "mt": "mount"}
_SMALL_WORDS = frozenset(
    ["of", "de", "la", "le", "du", "del", "da", "am", "im", "on", "and", "the"]
)


def _fold(text: str) -> str:
    """NFKC + casefold, repeated to a fixed point so that folding is idempotent."""
    if text.isascii():
        return text.lower()
    for _ in range(4):
        folded = unicodedata.normalize("NFKC", text).casefold()
        if folded == text:
            break
        text = folded
    return text


def normalize_location(text: str) -> str:
    """Canonical spelling of a location: folded case, parts joined by ", ".

    Parameters
    ----------
    text : str
        Location text as written.

    Returns
    -------
    str
        Normalised text, alternatives joined by " / ". ``normalize_location`` is
        idempotent, and ``parse_location`` gives the same answer for both forms.
    """
    folded = _fold(text).translate(_SEPARATORS).replace("/", " / ")
    parts: list[str] = []
    for chunk in folded.split(","):
        for piece in _SPACED_DASH.split(" ".join(chunk.split())):
            if piece := piece.strip(" ."):
                parts.append(piece)
    return ", ".join(parts)


@lru_cache(maxsize=1 << 14)
def _key(text: str) -> str:
    """Lookup key: no accents, dots, apostrophes or hyphens; Saint = St."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", _fold(text))
        text = "".join(c for c in text if not unicodedata.combining(c))
    words = text.lower().translate(_KEY_TABLE).split()
    if len(words) > 1:
        words = [_WORD_CANON.get(w, w) for w in words]
    return " ".join(words)


def _title(text: str) -> str:
    """Display form of a name we do not know: "king of prussia" -> "King of Prussia"."""
    return " ".join(
        w if i and w in _SMALL_WORDS else "-".join(s[:1].upper() + s[1:] for s in w.split("-"))
        for i, w in enumerate(text.split())
    )


# ---------------------------------------------------------------- gazetteer


class _Region(NamedTuple):
    country: str
    code: str
    name: str
    city: str | None  # a city-state's city ("Berlin", "Washington")


class _City(NamedTuple):
    name: str
    country: str
    region: _Region | None
    bare: bool  # the name alone means this place


class _Metro(NamedTuple):
    name: str
    country: str
    region: _Region | None


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    countries: dict[str, str]  # name, alias or territory code key -> alpha-2
    iso2: frozenset[str]  # lower-case alpha-2 codes
    areas: dict[str, UnknownReason]  # "emea" -> "wider than a country"
    region_names: dict[str, tuple[_Region, ...]]  # names usable without context
    us_ca_codes: dict[str, _Region]  # "ga" -> Georgia (US)
    foreign_codes: dict[str, tuple[_Region, ...]]  # "wa" -> Western Australia (after a city)
    in_country: dict[tuple[str, str], _Region]  # (country, name or code key) -> region
    cities: dict[str, tuple[_City, ...]]
    metros: dict[str, _Metro]


class _RegionTables(NamedTuple):
    by_code: dict[tuple[str, str], _Region]
    territories: dict[str, str]  # "pr" -> "PR": US territories have their own country code
    names: dict[str, tuple[_Region, ...]]
    us_ca_codes: dict[str, _Region]
    foreign_codes: dict[str, tuple[_Region, ...]]
    in_country: dict[tuple[str, str], _Region]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("roleatlas.parse").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _split(cell: str) -> list[str]:
    return [a for a in cell.split("|") if a]


def _region_tables() -> _RegionTables:
    """Regions by name, by code and by (country, code) from regions.csv."""
    t = _RegionTables({}, {}, {}, {}, {}, {})
    names: dict[str, list[_Region]] = {}
    foreign: dict[str, list[_Region]] = {}
    for row in _rows("regions.csv"):
        cc, code = row["country"], row["code"]
        if cc == "US" and row["kind"] == "territory":
            t.territories[_key(code)] = code
            continue
        reg = t.by_code[cc, code] = _Region(cc, code, row["name"], row["city"] or None)
        for name in [row["name"], *_split(row["aliases"])]:
            names.setdefault(_key(name), []).append(reg)
            t.in_country[cc, _key(name)] = reg
        for other in [code, *_split(row["codes"])]:
            t.in_country[cc, _key(other)] = reg
            if cc in ("US", "CA") and other == code:
                t.us_ca_codes[_key(code)] = reg
            else:
                foreign.setdefault(_key(other), []).append(reg)
    t.names.update((k, tuple(v)) for k, v in names.items())
    t.foreign_codes.update((k, tuple(v)) for k, v in foreign.items())
    return t


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Load the bundled tables once, lazily on the first parse."""
    t = _region_tables()
    names = {_key(name): code for code, name in countries().items()} | t.territories
    areas: dict[str, UnknownReason] = {}
    for row in _rows("places_countries.csv"):
        if row["kind"] == "alias":
            names[_key(row["name"])] = row["country"]
        else:
            areas[_key(row["name"])] = (
                "wider than a country" if row["kind"] == "area" else "several places"
            )
    cities: dict[str, list[_City]] = {}
    for row in _rows("places.csv"):
        region = t.by_code.get((row["country"], row["region_code"]))
        city = _City(row["name"], row["country"], region, row["bare"] == "yes")
        for name in [row["name"], *_split(row["aliases"])]:
            cities.setdefault(_key(name), []).append(city)
    metros = {
        _key(name): _Metro(
            row["name"], row["country"], t.by_code.get((row["country"], row["region_code"]))
        )
        for row in _rows("places_metros.csv")
        for name in [row["name"], *_split(row["aliases"])]
    }
    return _Gazetteer(
        names, frozenset(c.lower() for c in countries()), areas, t.names, t.us_ca_codes,
        t.foreign_codes, t.in_country, {k: tuple(v) for k, v in cities.items()}, metros,
    )  # fmt: skip


# ---------------------------------------------------------------- resolution


class _Cand(NamedTuple):
    """One reading of the text (a NamedTuple: several are built per call)."""

    country: str
    region: _Region | None = None
    city: str | None = None
    metro: str | None = None
    confirmed: bool = True  # every part matched a table; an unknown city does not
    primary: bool = True  # False: a code read as a country code or a foreign region code
    bare: bool = False  # the city's row says bare=yes
    weak: bool = False  # a city named alone whose row says bare=no


_Why = tuple[UnknownReason, tuple[str, ...]]
_Result = _Cand | _Why

_FLAG = re.compile(
    r"\b(?:fully[- ]|100% ?|full[- ]time[- ]|partially[- ]|partly[- ])?"
    r"(remote(?:ly|-first|-friendly|-only| first| friendly| only)?|hybrid|work from home|wfh"
    r"|telecommut(?:e|ing)|telework(?:ing)?|on-?site|on site|in-office|in office|anywhere)\b"
)
_FILLER = frozenset(
    ["in", "within", "from", "based", "only", "the", "across", "for", "or", "and", "&", "+",
     "-", ":", "ok", "eligible"]
)  # fmt: skip
_NOT_STATED = frozenset(
    ["-1", "n / a", "na", "none", "null", "nan", "unknown", "tbd", "tba", "-", "--", "?", "0",
     "not specified", "not available"]
)  # fmt: skip
_METRO_SUFFIXES = (
    " metropolitan area", " metropolitan region", " metro area", " metroplex", " area",
    " region", " metro",
)  # fmt: skip
_ALTERNATIVES = re.compile(r" / | or ")


def _clean(part: str) -> tuple[str, bool, bool]:
    """Remove remote/hybrid words (returned as flags), ZIP codes and filler from one part."""
    remote = hybrid = False
    words = part.split()
    if _FLAG.search(part):
        for match in _FLAG.finditer(part):
            word = match.group(1)
            hybrid |= word == "hybrid"
            remote |= not (word == "hybrid" or "site" in word or "office" in word)
        words = _FLAG.sub(" ", part).split()
        while words and words[0] in _FILLER:
            words.pop(0)
        while words and words[-1] in _FILLER:
            words.pop()
    words = [w for w in words if not w.replace("-", "").isdigit()]
    if len(words) > 1 and words[-1] == "based":
        words.pop()
    return " ".join(words).removesuffix("-based"), remote, hybrid


@lru_cache(maxsize=1 << 12)
def _readings(key: str, *, alone: bool) -> tuple[_Cand, ...]:
    """Country and region readings of a last part; foreign codes only after a city."""
    g = _gazetteer()
    out = [_Cand(g.countries[key])] if key in g.countries else []
    us_ca = g.us_ca_codes.get(key)
    if us_ca is not None:
        out.append(_Cand(us_ca.country, us_ca, us_ca.city))
    out.extend(_Cand(r.country, r, r.city) for r in g.region_names.get(key, ()) if r is not us_ca)
    if key in g.iso2 and key.upper() not in {c.country for c in out}:
        # A country code that is also a state or province code is the weaker reading.
        out.append(_Cand(key.upper(), primary=us_ca is None))
    if not alone:
        out.extend(_Cand(r.country, r, r.city, primary=False) for r in g.foreign_codes.get(key, ()))
    return tuple(out)


def _city(rest: list[str], above: _Cand, g: _Gazetteer) -> _Cand:
    """Read the first of the parts before a country/region reading as a city."""
    part, region = rest[0], above.region
    if part.endswith((" county", " parish")):
        return above._replace(city=None, confirmed=False)
    found = [
        c
        for c in g.cities.get(_key(part), ())
        if c.country == above.country and (region is None or c.region == region)
    ]
    if not found:
        return above._replace(city=_title(part), confirmed=False)
    if region is None and len({c.region for c in found}) == 1:
        region = found[0].region
    return above._replace(region=region, city=found[0].name, bare=any(c.bare for c in found))


def _below(rest: list[str], above: _Cand, g: _Gazetteer) -> _Cand:
    """Complete a country or region reading with the parts written before it."""
    if rest and above.region is None:
        key = _key(rest[-1])
        inner = g.in_country.get((above.country, key))
        if inner is not None:  # "New York, United States" is the state, "Berlin, DE" the Land
            bare = any(c.bare and c.region == inner for c in g.cities.get(key, ()))
            above, rest = above._replace(region=inner, city=inner.city, bare=bare), rest[:-1]
    return _city(rest, above, g) if rest else above


def _pick_alone(key: str, g: _Gazetteer) -> list[_Cand] | _Why:
    """Readings of a name standing alone (see the module docstring, point 6)."""
    cands = list(_readings(key, alone=True))
    cands += [
        _Cand(c.country, c.region, c.name, bare=c.bare, weak=not c.bare)
        for c in g.cities.get(key, ())
    ]
    if bare := [c for c in cands if c.bare]:
        return bare + [c for c in cands if c.region and not c.weak and c.country == bare[0].country]
    if cands and all(c.weak for c in cands):
        return ("ambiguous", tuple(sorted({c.country for c in cands})))
    return cands


def _pick(cands: list[_Cand]) -> list[_Cand]:
    """Choose among readings of a location in several parts (module docstring, point 5)."""
    primary = [c for c in cands if c.primary]
    if confirmed := [c for c in primary if c.confirmed]:
        return confirmed
    secondary = [c for c in cands if not c.primary and c.confirmed]
    if major := [c for c in secondary if c.bare]:
        return major
    return primary + secondary if secondary else primary or cands


def _consensus(pool: list[_Cand]) -> _Result:
    """The fields every reading agrees on; different countries make it ambiguous."""
    found = sorted({c.country for c in pool})
    if len(found) != 1:
        return ("ambiguous", tuple(found))
    fields = [{getattr(c, f) for c in pool} for f in ("region", "city", "metro")]
    region, city, metro = (s.pop() if len(s) == 1 else None for s in fields)
    return _Cand(found[0], region, city, metro)


def _metro(parts: list[str], g: _Gazetteer) -> _Result | None:
    """A metro area named by the first parts; any later parts must agree with its country."""
    for k in range(len(parts), 0, -1):
        metro = g.metros.get(_key(" ".join(parts[:k])))
        if metro is not None:
            if all(
                any(r.country == metro.country for r in _readings(_key(p), alone=False))
                for p in parts[k:]
            ):
                return _Cand(metro.country, metro.region, None, metro.name)
            return None
    core = list(parts)  # "Greater X Area", "X Metropolitan Area": the place X, as a metro
    core[0] = core[0].removeprefix("greater ").removeprefix("metro ")
    end = next((i + 1 for i, p in enumerate(core) if p.endswith(_METRO_SUFFIXES)), 0)
    if end:
        part = core[end - 1]
        core[end - 1] = part.removesuffix(next(s for s in _METRO_SUFFIXES if part.endswith(s)))
    if (not end and core[0] == parts[0]) or not all(core):
        return None
    found = _resolve(core, g, metros=False)
    if not isinstance(found, _Cand):
        return found
    return _Cand(found.country, found.region, None, ", ".join(map(_title, parts[: end or 1])))


def _resolve(parts: list[str], g: _Gazetteer, *, metros: bool = True) -> _Result:
    """Resolve the cleaned parts of one alternative."""
    keys = [_key(p) for p in parts]
    if all(k in g.areas for k in keys):
        return (g.areas[keys[0]], ())
    parts = [p for p, k in zip(parts, keys, strict=True) if k not in g.areas]
    metro = _metro(parts, g) if metros else None
    if isinstance(metro, _Cand):
        return metro
    while len(parts) > 1 and not _readings(_key(parts[-1]), alone=False):
        parts = parts[:-1]  # an unknown trailing part (a district, a typo) is dropped
    *rest, last = parts
    if rest:
        pool: list[_Cand] | _Why = _pick(
            [_below(rest, r, g) for r in _readings(_key(last), alone=False)]
        )
    else:
        pool = _pick_alone(_key(last), g)
    found = pool if isinstance(pool, tuple) else _consensus(pool) if pool else ("unknown place", ())
    return metro if metro is not None and not isinstance(found, _Cand) else found


# ---------------------------------------------------------------- entry point


def parse_location(text: str | None) -> Location | UnknownLocation:
    """Read a job location: country, region, city, metro area and remote/hybrid flags.

    Parameters
    ----------
    text : str or None
        Location as written in a posting ("New York, NY", "Remote (US)", "Berlin").
        None reads as empty, so nullable columns can be mapped directly.

    Returns
    -------
    Location or UnknownLocation
        A Location when the country is certain; otherwise an UnknownLocation whose
        ``reason`` and ``message`` say why. Results are immutable and cached.

    Examples
    --------
    >>> parse_location("Atlanta, GA").region_code
    'GA'
    >>> parse_location("Cambridge").candidates
    ('GB', 'US')
    """
    if text is None:
        return UnknownLocation("", "empty")
    if len(text) > MAX_LENGTH:
        return UnknownLocation(text, "too long")
    return _parse(text)


@lru_cache(maxsize=1 << 16)
def _parse(raw: str) -> Location | UnknownLocation:
    norm = normalize_location(raw)
    if not norm or norm in _NOT_STATED or len(norm) > MAX_LENGTH:  # NFKC can lengthen text
        return UnknownLocation(
            raw, "empty" if not norm else "not stated" if norm in _NOT_STATED else "too long"
        )
    g = _gazetteer()
    whole = g.metros.get(_key(norm))  # "Pune/Pimpri-Chinchwad Area" holds a slash
    if whole is not None:
        return _location(raw, _Cand(whole.country, whole.region, None, whole.name), False, False)
    remote = hybrid = False
    results: list[_Result] = []
    for alternative in _ALTERNATIVES.split(norm):
        parts = []
        for part in alternative.split(", "):
            cleaned, is_remote, is_hybrid = _clean(part)
            remote, hybrid = remote or is_remote, hybrid or is_hybrid
            if cleaned:
                parts.append(cleaned)
        if parts:
            results.append(_resolve(parts, g))
    return _finish(raw, results, remote, hybrid)


def _finish(
    raw: str, results: list[_Result], remote: bool, hybrid: bool
) -> Location | UnknownLocation:
    """One answer from the alternatives ("Boston, MA or Remote")."""
    if not results:
        return UnknownLocation(
            raw, "remote only" if remote or hybrid else "unknown place", remote, hybrid
        )
    places = [r for r in results if isinstance(r, _Cand)]
    whys = [r for r in results if not isinstance(r, _Cand)]
    if len(results) == 1 and whys:
        return UnknownLocation(raw, whys[0][0], remote, hybrid, whys[0][1])
    merged = (places[0] if len(places) == 1 else _consensus(places)) if not whys else None
    if isinstance(merged, _Cand):
        return _location(raw, merged, remote, hybrid)
    found = sorted({p.country for p in places} | {c for w in whys for c in w[1]})
    return UnknownLocation(raw, "several places", remote, hybrid, tuple(found))


def _location(raw: str, c: _Cand, remote: bool, hybrid: bool) -> Location:
    region = c.region
    return Location(
        raw, c.country, region.name if region else None, region.code if region else None,
        c.city, c.metro, remote, hybrid,
    )  # fmt: skip
