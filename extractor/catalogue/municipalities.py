"""Sweden's 290 municipalities, and recognition of their names in report text.

Kommunkompassen reports name the evaluated municipality on the title page in many
shapes ("ÖSTERSUNDS KOMMUN", "Analys av Falu kommun", "Göteborgs Stad", "Region
Gotland") and cite other municipalities as good examples in running text
("som t.ex. Upplands Väsby, Stockholm och Nacka").  Both uses need the same thing:
a mapping from the written forms back to one municipality with a stable code.

The gazetteer lives in ``data/municipalities.tsv`` so that it can be reviewed and
corrected without touching code.  Matching is done on word tokens, never on raw
substrings, because several names are prefixes of others or ordinary Swedish words
("Ale", "Mark", "Vara", "Berg", "Boden").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from rapidfuzz import fuzz, process

__all__ = [
    "FUZZY_MIN_LENGTH",
    "FUZZY_THRESHOLD",
    "Municipality",
    "closest_municipality",
    "find_municipalities",
    "is_ambiguous",
    "load_municipalities",
    "municipality_from_text",
    "name_starts",
    "written_forms",
]

FUZZY_THRESHOLD = 88.0
"""Lowest ``rapidfuzz.fuzz.ratio`` (0-100) accepted for a misspelt name.

At 88 one dropped, doubled or swapped letter in a name of eight or more letters is
forgiven ("Östersuns" → Östersund scores 95), while unrelated place names such as
"Trondheim", "Odense" or "Bangkok" stay far below it.  Comparison happens after
diacritics are folded away, so OCR output without å/ä/ö ("VASTERAS") still matches.
"""

FUZZY_MIN_LENGTH = 5
"""Shortest candidate (in characters) that may be matched approximately.

Short names ("Ale", "Hjo", "Kil", "Åre") are one typo away from many common words,
so a fuzzy match on them would be a guess rather than a correction.
"""

_SUFFIXES = frozenset({"kommun", "kommuns", "stad", "stads"})
"""Words that, following a name, make it certain that the municipality is meant."""

_COUNTY_WORDS = frozenset({"län", "läns"})
"""Words that turn a municipality name into a county ("Kalmar län", "Stockholms läns")."""

_REGION = "region"
"""Prefix of the regional councils ("Region Stockholm"); only Gotland is a municipality."""

_AMBIGUOUS_NAMES = frozenset(
    {
        "Ale", "Berg", "Bjuv", "Boden", "Bräcke", "Dorotea", "Eda", "Habo", "Hjo", "Kil",
        "Kinda", "Klippan", "Lund", "Mark", "Mora", "Nora", "Orsa", "Sala", "Salem",
        "Säter", "Tanum", "Vara", "Vilhelmina", "Åre",
    }
)  # fmt: skip
"""Names that are also Swedish words, first names or surnames.

Without "kommun"/"stad" after them these are only taken when nothing suggests the
other reading: not at the start of a sentence (where "Vara" is the verb), not
glued to another capitalised word (a person such as "Anna Berg" or "Mark Smith"),
and not in lower case or all capitals.
"""

_FUNCTION_WORDS = frozenset(
    {"i", "från", "till", "på", "med", "och", "av", "om", "för", "inom", "vid", "som", "se"}
)
"""Capitalised at a sentence start, these do not mark a neighbour as a person's name."""

_WORD = re.compile(r"\w+")
_NAME_GAP = re.compile(r"\.?[\s\-\u2010\u2011\u2012\u2013]+")
"""What may separate the words of one name: spaces, hyphens, dashes ("Dals-Ed",
"Dals Ed", "Upplands-Bro") and the abbreviating full stop of "Ö. Göinge"."""
_SENTENCE_END = re.compile(r"[.!?]\s*$")


@dataclass(frozen=True)
class Municipality:
    """One of Sweden's municipalities (kommuner) as listed in the gazetteer.

    ``name`` is the everyday short form, ``official`` the name the municipality uses
    for itself ("Falu kommun", "Västerås stad", "Region Gotland"), and ``variants``
    other unambiguous spellings met in text.
    """

    code: str
    name: str
    official: str
    county: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class _Form:
    """A written form in the index; ``needs_suffix`` marks bare official stems.

    "Falu" alone is a word in "Falu rödfärg", so the official genitive is only
    trusted when "kommun" follows it.
    """

    municipality: Municipality
    needs_suffix: bool


class _Token(NamedTuple):
    norm: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Match:
    municipality: Municipality
    first: int
    last: int
    suffixed: bool
    """True when "kommun"/"stad" follows, "Region" precedes, or the key contains one."""


@cache
def load_municipalities() -> tuple[Municipality, ...]:
    """Read the gazetteer once; it ships inside the package, next to this module."""
    text = (
        resources.files("extractor.catalogue").joinpath("data/municipalities.tsv").read_text(encoding="utf-8")
    )
    return tuple(_parse_rows(text))


def _parse_rows(text: str) -> Iterator[Municipality]:
    """Yield one municipality per data line; the header names the columns."""
    lines = [line for line in text.splitlines() if line.strip()]
    header = lines[0].split("\t")
    for line in lines[1:]:
        cells = dict(zip(header, line.split("\t"), strict=False))
        variants = tuple(v for v in cells.get("variants", "").split("|") if v)
        yield Municipality(
            code=cells["code"],
            name=cells["name"],
            official=cells["official"],
            county=cells["county"],
            variants=variants,
        )


def _normalise(word: str) -> str:
    """Compare words case-blind and independent of Unicode composition."""
    return unicodedata.normalize("NFC", word).lower()


def _fold(text: str) -> str:
    """Drop diacritics so that OCR output without å, ä, ö can still be compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tokenise(text: str) -> list[_Token]:
    """Split into whole words; names are matched on these, never inside a word."""
    return [_Token(_normalise(m.group()), m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _key(form: str) -> tuple[str, ...]:
    return tuple(_normalise(w) for w in _WORD.findall(form))


def _genitive(form: str) -> str | None:
    """Swedish genitive adds -s, except after a final s, x or z ("Borås stad")."""
    return None if form[-1].lower() in "sxz" else form + "s"


def _official_stem(official: str) -> str:
    """The official name without its trailing "kommun"/"stad"."""
    words = official.split()
    if len(words) > 1 and words[-1].lower() in ("kommun", "stad"):
        return " ".join(words[:-1])
    return official


def _forms_of(municipality: Municipality) -> Iterator[tuple[str, bool]]:
    """Every written form of one municipality, with whether it needs "kommun"."""
    plain: list[str] = []
    for form in (municipality.name, *municipality.variants):
        plain.append(form)
        genitive = _genitive(form)
        if genitive is not None:
            plain.append(genitive)
    for form in plain:
        yield form, False
    stem = _official_stem(municipality.official)
    if _key(stem) not in {_key(f) for f in plain}:
        # "Falu" (Falun) needs "kommun"; "Region Gotland" stands on its own.
        yield stem, not stem.lower().startswith(_REGION + " ")


@cache
def _index() -> dict[tuple[str, ...], _Form]:
    """Map each written form, as a tuple of normalised words, to its municipality."""
    index: dict[tuple[str, ...], _Form] = {}
    for municipality in load_municipalities():
        for form, needs_suffix in _forms_of(municipality):
            key = _key(form)
            known = index.get(key)
            if known is not None and known.municipality != municipality:
                raise ValueError(f"{form!r} names both {known.municipality.name} and {municipality.name}")
            index[key] = _Form(municipality, needs_suffix)
    return index


@cache
def _longest_key() -> int:
    return max(len(key) for key in _index())


def _joined(tokens: list[_Token], first: int, last: int, text: str) -> bool:
    """True when the words first..last are separated only as a name's words may be."""
    return all(
        _NAME_GAP.fullmatch(text[tokens[i].end : tokens[i + 1].start]) is not None for i in range(first, last)
    )


def _spaced(tokens: list[_Token], left: int, right: int, text: str) -> bool:
    """True when two neighbouring words are separated by white space alone."""
    gap = text[tokens[left].end : tokens[right].start]
    return gap != "" and gap.isspace()


def _exact_matches(tokens: list[_Token], text: str) -> Iterator[_Match]:
    """Every indexed form found at a word boundary, longest form first per position."""
    index = _index()
    starts = _first_words()
    for first in range(len(tokens)):
        if tokens[first].norm not in starts:
            continue  # no form begins with this word
        for size in range(min(_longest_key(), len(tokens) - first), 0, -1):
            last = first + size - 1
            form = index.get(tuple(t.norm for t in tokens[first : last + 1]))
            if form is None or not _joined(tokens, first, last, text):
                continue
            match = _qualify(tokens, first, last, form, text)
            if match is not None:
                yield match
                break


def _qualify(tokens: list[_Token], first: int, last: int, form: _Form, text: str) -> _Match | None:
    """Attach "kommun"/"stad" to a candidate, or drop it when it names something else."""
    after = last + 1
    suffix = after < len(tokens) and _spaced(tokens, last, after, text)
    if suffix and tokens[after].norm in _COUNTY_WORDS:
        return None  # "Kalmar län" is the county
    suffixed = suffix and tokens[after].norm in _SUFFIXES
    if form.needs_suffix and not suffixed:
        return None
    if suffixed:
        last = after
    region_first = tokens[first].norm == _REGION
    before = first - 1
    if not region_first and before >= 0 and tokens[before].norm == _REGION:
        if form.municipality.official.lower() != f"{_REGION} {tokens[first].norm}":
            return None  # "Region Stockholm" is the regional council
        first, suffixed = before, True
    return _Match(form.municipality, first, last, suffixed or region_first)


def _is_lower(word: str) -> bool:
    return word == word.lower()


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _sentence_start(tokens: list[_Token], first: int, text: str) -> bool:
    """True at the start of the text or right after a full stop, ! or ?."""
    if first == 0:
        return text[: tokens[0].start].strip(" \t\"'«»”“(") == ""
    return _SENTENCE_END.search(text[tokens[first - 1].end : tokens[first].start]) is not None


def _looks_like_person(tokens: list[_Token], match: _Match, text: str) -> bool:
    """True when a capitalised word sits right beside the name ("Anna Berg", "Mark Smith")."""
    before, after = match.first - 1, match.last + 1
    if (
        before >= 0
        and _spaced(tokens, before, match.first, text)
        and _is_capitalised(tokens[before].text)
        and tokens[before].norm not in _FUNCTION_WORDS
    ):
        return True
    return (
        after < len(tokens)
        and _spaced(tokens, match.last, after, text)
        and _is_capitalised(tokens[after].text)
    )


def _plausible_in_running_text(tokens: list[_Token], match: _Match, text: str) -> bool:
    """Decide whether a name found in running text really denotes the municipality."""
    word = tokens[match.first].text
    if not _is_capitalised(word):
        return False  # "mark", "vara", "klippan" are ordinary words
    if match.suffixed or match.municipality.name not in _AMBIGUOUS_NAMES:
        return True
    if len(word) > 1 and word.isupper():
        return False
    if _sentence_start(tokens, match.first, text):
        return False
    return not _looks_like_person(tokens, match, text)


def _non_overlapping(matches: list[_Match]) -> list[_Match]:
    """Keep the longest of overlapping matches, then restore reading order."""
    chosen: list[_Match] = []
    for match in sorted(matches, key=lambda m: (-(m.last - m.first), m.first)):
        if all(match.last < c.first or match.first > c.last for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.first)


def find_municipalities(text: str) -> list[tuple[Municipality, int, int]]:
    """Every municipality mentioned in running Swedish text, with its character span.

    Names must be whole, capitalised words; a following "kommun"/"stad" (or a
    preceding "Region" for Gotland) is included in the span.  Names that are also
    ordinary words are only taken where the context supports the place reading.
    Spans never overlap: where two forms compete, the longer one wins.
    """
    tokens = _tokenise(text)
    matches = [m for m in _exact_matches(tokens, text) if _plausible_in_running_text(tokens, m, text)]
    return [(m.municipality, tokens[m.first].start, tokens[m.last].end) for m in _non_overlapping(matches)]


# A run of letters and digits that may begin with a capital: its first character is
# one that may be upper case (all but Latin-1 lower case, a quick test), is a letter
# (the first look-behind) and follows no letter or digit (the second).
_CAPITALISED_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ\u0100-\U0010FFFF](?<=[^\W_])(?<![^\W_].)[^\W_]*")


@cache
def _first_words() -> dict[str, frozenset[str]]:
    """The first word of every indexed form (and "region", which may stand before
    "Gotland"), normalised, with the names of the municipalities it may begin."""
    starts: dict[str, set[str]] = {}
    for key, form in _index().items():
        starts.setdefault(key[0], set()).add(form.municipality.name)
    for municipality in load_municipalities():
        if municipality.official.lower().startswith(_REGION + " "):
            starts.setdefault(_REGION, set()).add(municipality.name)
    return {word: frozenset(names) for word, names in starts.items()}


def name_starts(text: str, other_than: str | None = None) -> Iterator[tuple[int, int]]:
    """Where in `text` a name that `find_municipalities` finds may begin, unless it
    could only be `other_than`'s (a name): (start, end) of capitalised words.  A cheap
    test that spares the search, and spaCy, most running text.

    Why it is exact: every match that `find_municipalities` keeps begins with a word
    (a run of ``\\w``) that is capitalised (`_plausible_in_running_text`) and is,
    normalised, the first word of an indexed form or the "Region" before "Gotland"
    (`_exact_matches`, `_qualify`); `_first_words` holds all of these with the
    municipalities they may begin.  A first word holds no "_", so it is a whole run of
    letters and digits in `text`, which `_CAPITALISED_WORD` finds (it finds every such
    run that starts with a capital), also when `find_municipalities` reads a piece of
    `text` cut next to a character that is neither letter nor digit (a sentence).
    """
    starts = _first_words()
    words = set()
    for word in set(_CAPITALISED_WORD.findall(text)):
        names = starts.get(_normalise(word)) if word[0].isupper() else None
        if names is not None and (other_than not in names or len(names) > 1):
            words.add(word)
    for word in words:  # rare: look for where they stand
        at = text.find(word)
        while at >= 0:
            found = _CAPITALISED_WORD.match(text, at)
            if found is not None and found.group() == word:
                yield found.span()
            at = text.find(word, at + 1)


def _plausible_in_title(tokens: list[_Token], match: _Match) -> bool:
    """Titles are often in capitals, so case only rules out lower-case common words."""
    if match.suffixed or match.municipality.name not in _AMBIGUOUS_NAMES:
        return True
    return not _is_lower(tokens[match.first].text)


def _fuzzy_candidates(tokens: list[_Token]) -> Iterator[str]:
    """Word groups that may be a misspelt name: before "kommun"/"stad", with "Region",
    or the whole of a very short text.  Elsewhere a near miss is more likely another word.
    """
    words = [t.norm for t in tokens if not t.norm.isdigit()]
    for i, word in enumerate(words):
        if word in _SUFFIXES:
            for size in range(1, min(_longest_key(), i) + 1):
                yield " ".join(words[i - size : i])
        if word == _REGION and i + 1 < len(words):
            yield f"{word} {words[i + 1]}"  # compared with "region gotland" only
    if 0 < len(words) <= _longest_key():
        for first in range(len(words)):
            if first > 0 and words[first - 1] == _REGION:
                continue  # "Region Stockholm" is the regional council
            for last in range(first + 1, len(words) + 1):
                if last < len(words) and words[last] in _COUNTY_WORDS:
                    continue  # "Kalmar län" is the county
                yield " ".join(words[first:last])


@cache
def _fuzzy_choices() -> dict[str, Municipality]:
    """Folded forms for approximate comparison; stems that need "kommun" are included
    because the candidates are taken from right before that word."""
    return {_fold(" ".join(key)): form.municipality for key, form in _index().items()}


def _fuzzy_match(tokens: list[_Token]) -> Municipality | None:
    """The single municipality whose name is close to a candidate, if there is one."""
    choices = _fuzzy_choices()
    scores: dict[str, float] = {}
    best: dict[str, Municipality] = {}
    for candidate in {_fold(c) for c in _fuzzy_candidates(tokens)}:
        if len(candidate.replace(" ", "")) < FUZZY_MIN_LENGTH:
            continue
        for choice, municipality in choices.items():
            score = fuzz.ratio(candidate, choice, score_cutoff=FUZZY_THRESHOLD)
            if score > scores.get(municipality.code, 0.0):
                scores[municipality.code] = score
                best[municipality.code] = municipality
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two equally close names: refuse to guess
    return best[ranked[0][0]]


def _title_rank(tokens: list[_Token], match: _Match) -> tuple[bool, int, int]:
    """Order title matches: with "kommun"/"stad" first, then longer, then earlier."""
    length = tokens[match.last].end - tokens[match.first].start
    return (match.suffixed, length, -match.first)


def municipality_from_text(text: str) -> Municipality | None:
    """The municipality a title-page line or heading names, or None.

    Exact matches (after case folding, genitive -s, official "kommun"/"stad"/
    "Region" forms and hyphen/space variants) win over approximate ones; among
    exact matches a form followed by "kommun"/"stad" wins, then the longer form,
    then the earlier one.  Only when nothing matches exactly is a misspelling
    considered, and only above ``FUZZY_THRESHOLD``.
    """
    tokens = _tokenise(text)
    matches = [m for m in _exact_matches(tokens, text) if _plausible_in_title(tokens, m)]
    if matches:
        return max(matches, key=lambda m: _title_rank(tokens, m)).municipality
    return _fuzzy_match(tokens)


def written_forms(municipality: Municipality) -> list[str]:
    """Every form the name may be printed in running text, for building matchers.

    The name and its variants, their genitives, and hyphen/space spellings of each
    ("Dals-Ed", "Dals Ed", "Dals-Eds"); official stems that need "kommun"/"stad" to be
    trusted ("Falu") are given with that word ("Falu kommun").
    """
    forms: list[str] = []
    for form, needs_suffix in _forms_of(municipality):
        spellings = {form, form.replace("-", " "), re.sub(r"(?<=\w) (?=\w)", "-", form)}
        for spelling in sorted(spellings):
            if needs_suffix:
                forms += [f"{spelling} kommun", f"{spelling} stad"]
            else:
                forms.append(spelling)
    return list(dict.fromkeys(forms))


def is_ambiguous(municipality: Municipality) -> bool:
    """True for names that are also Swedish words or personal names ("Vara", "Mark")."""
    return municipality.name in _AMBIGUOUS_NAMES


@cache
def _unambiguous_choices(length: int) -> tuple[list[str], list[Municipality]]:
    """`_fuzzy_choices` without the names that are also ordinary words, as two lists,
    and only those that a candidate of `length` characters can come close to: the
    ratio is 200 * (longest common subsequence) / (sum of the lengths), at most
    200 * (the shorter length) / (the sum), so a choice whose length gives less than
    ``FUZZY_THRESHOLD`` cannot reach it."""
    pairs = [
        (c, m)
        for c, m in _fuzzy_choices().items()
        if m.name not in _AMBIGUOUS_NAMES and 200 * min(length, len(c)) >= FUZZY_THRESHOLD * (length + len(c))
    ]
    return [c for c, _ in pairs], [m for _, m in pairs]


@lru_cache(maxsize=4096)  # a report repeats its candidate words; the scan covers all 290
def closest_municipality(candidate: str) -> Municipality | None:
    """The one municipality whose written form is a near miss of `candidate`
    ("Örnsköldvik", "Eskilstune"), or None.

    Only for words already taken to be a place name: the candidate must have at least
    ``FUZZY_MIN_LENGTH`` letters, score ``FUZZY_THRESHOLD`` or more, and no second
    municipality may score as high.  Names that are also ordinary words are never
    reached by approximation.
    """
    folded = _fold(candidate)
    if len(folded.replace(" ", "")) < FUZZY_MIN_LENGTH:
        return None
    choices, municipalities = _unambiguous_choices(len(folded))
    scores: dict[str, float] = {}
    best: dict[str, Municipality] = {}
    # the same scores as fuzz.ratio(folded, choice, score_cutoff=...) one by one, in one call
    for _, score, at in process.extract(
        folded, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
    ):
        municipality = municipalities[at]
        if score > scores.get(municipality.code, 0.0):
            scores[municipality.code], best[municipality.code] = score, municipality
    ranked = sorted(scores.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return best[max(scores, key=lambda code: scores[code])]
