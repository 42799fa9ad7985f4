"""Cited municipalities: which other municipalities an area's text names, and what for.

Reports hold other municipalities up as models ("Här kan Karlstad vara ett
intressant exempel") or name them as partners ("Östersund, Bräcke, Krokoms och
Ragunda kommuner ingår i ett gemensamt gymnasieförbund").  The chain:

    rows -> paragraphs (text, and where each word stands)
         -> spaCy sentences and gazetteer entities (entity ruler)
         -> checked names (ambiguous words such as "Vara" dropped; misspellings mended)
         -> references with a role: `example` when the sentence has a cue word, else `mention`

The Swedish pipeline is built here from `spacy.blank("sv")`: the Swedish tokenizer
(which keeps "t.ex." and "bl.a." whole, so they end no sentence), the rule-based
`sentencizer`, and an `entity_ruler` fed with every written form of the 290
municipalities from the gazetteer.  Cue words live in `catalogue/data/references.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import spacy
from spacy.attrs import LENGTH, LOWER, ORTH
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from extractor.catalogue.municipalities import (
    Municipality,
    closest_municipality,
    find_municipalities,
    load_municipalities,
    written_forms,
)
from extractor.input.document import Span
from extractor.layout.lists import Item, join_lines, starts_item
from extractor.layout.rows import Row
from extractor.models import Reference
from extractor.report.common import provenance

__all__ = [
    "Paragraph",
    "build_pipeline",
    "find_references",
    "items_to_paragraphs",
    "references_in_text",
    "role_of",
    "rows_to_paragraphs",
    "section_references",
]

_LABEL = "KOMMUN"

# A wider gap than this share of the text size between two rows starts a new
# paragraph: wrapped lines of one paragraph sit ~0.3 size apart (LibreOffice 3.4 pt
# at 10.5 pt, reportlab 3.5 pt at 9.5 pt), paragraphs ~0.9 apart.
_PARAGRAPH_GAP = 0.6
# Rows of one paragraph share their size within this many points.
_SIZE_TOLERANCE = 0.6
_SENTENCE_END = re.compile(r"[.!?:]\s*[”\"»)]?$")


@dataclass(frozen=True)
class Paragraph:
    """Running text that sentences may not cross, and the spans it was read from
    as (start, end, span) character ranges of `text`."""

    text: str
    pieces: tuple[tuple[int, int, Span], ...] = ()


@dataclass(frozen=True)
class _Cues:
    example: re.Pattern[str]
    continuation: re.Pattern[str]
    abbreviations: tuple[str, ...]
    list_ends: frozenset[str]
    institutions: frozenset[str]
    not_names: frozenset[str]


@cache
def _cues() -> _Cues:
    raw = json.loads(
        resources.files("extractor.catalogue").joinpath("data/references.json").read_text("utf-8")
    )

    def words(cues: Iterable[str]) -> str:
        return "|".join(re.escape(c.casefold()) for c in sorted(cues, key=len, reverse=True))

    return _Cues(
        example=re.compile(rf"(?<!\w)(?:{words(raw['example_cues'])})"),
        continuation=re.compile(rf"^\W*(?:{words(raw['continuation_openers'])})(?!\w)"),
        abbreviations=tuple(raw["abbreviations"]),
        list_ends=frozenset(raw["list_end_abbreviations"]),
        institutions=frozenset(w.casefold() for w in raw["institution_words"]),
        not_names=frozenset(w.casefold() for w in raw["not_names"]),
    )


def _has_cue(sentence: str) -> bool:
    return _cues().example.search(sentence.casefold()) is not None


def role_of(sentence: str, previous: str | None = None) -> str:
    """`example` when the sentence holds a municipality up as a model: it has a cue
    word, or it opens with "Ett annat …" right after a sentence that has one."""
    if _has_cue(sentence):
        return "example"
    if previous is not None and _has_cue(previous) and _cues().continuation.search(sentence.casefold()):
        return "example"
    return "mention"


@cache
def _by_code() -> dict[str, Municipality]:
    return {m.code: m for m in load_municipalities()}


@Language.component("kompass_list_end_splitter")
def _split_after_list_ends(doc: Doc) -> Doc:
    """Start a sentence at a capitalised word after "m.m.", "etc.", …: the
    abbreviation's full stop also ends the sentence, which the sentencizer cannot see."""
    list_ends = _cues().list_ends
    ends = {doc.vocab.strings.add(end) for end in list_ends}  # their hashes
    if ends.isdisjoint(doc.to_array([ORTH]).ravel().tolist()):
        return doc  # no such abbreviation anywhere: spare walking every token
    for token in doc[:-1]:
        nxt = doc[token.i + 1]
        if token.text in list_ends and nxt.text[:1].isupper():
            nxt.is_sent_start = True
    return doc


class _GazetteerRuler(EntityRuler):
    """spaCy's entity ruler, less the bookkeeping it repeats for every document
    (counting all its patterns to warn when there are none, a warnings filter
    around a token matcher that has no patterns here): same matches, same order."""

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        matches = (list(self.matcher(doc)) if len(self.matcher) else []) + list(self.phrase_matcher(doc))
        final = {(m_id, start, end) for m_id, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


@cache
def build_pipeline() -> Language:
    """spaCy's Swedish tokenizer, the sentencizer and a gazetteer entity ruler.

    Patterns are matched case-blind (LOWER) so that the gazetteer's own checks,
    applied afterwards, decide about case ("mark" is a word, "Mark" may be the
    municipality).
    """
    nlp = spacy.blank("sv")
    for abbreviation in _cues().abbreviations:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])  # type: ignore[union-attr]
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kompass_list_end_splitter")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns = [
        {"label": _LABEL, "pattern": form, "id": m.code}
        for m in load_municipalities()
        for form in written_forms(m)
    ]
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    ruler.__class__ = _GazetteerRuler
    return nlp


def _clean(text: str) -> str:
    return text.replace("\u00ad", "").strip()


def _locate(text: str, spans: Sequence[Span]) -> tuple[tuple[int, int, Span], ...]:
    """Find each span's words in the joined text, in order; a word cut by a mended
    line-end hyphen is found without its hyphen."""
    pieces: list[tuple[int, int, Span]] = []
    cursor = 0
    for span in spans:
        word = _clean(span.text).rstrip("-")
        if not word:
            continue
        at = text.find(word, cursor)
        if at < 0:
            continue
        pieces.append((at, at + len(word), span))
        cursor = at + len(word)
    return tuple(pieces)


def _paragraph(rows: Sequence[Row]) -> Paragraph:
    text = ""
    spans: list[Span] = []
    for row in rows:
        words = [s for s in row.spans if _clean(s.text)]
        text = join_lines(text, " ".join(_clean(s.text) for s in words))
        spans += words
    return Paragraph(text, _locate(text, spans))


def _continues(previous: Row, row: Row) -> bool:
    """True when `row` is the next line of the paragraph that `previous` ends."""
    if starts_item(row.spans) is not None:
        return False  # a bullet starts its own paragraph
    if previous.bold != row.bold or abs(previous.size - row.size) > _SIZE_TOLERANCE:
        return False  # a heading, or a table in smaller type
    if previous.page != row.page:
        # Across a page break: the paragraph goes on unless the last line ended a sentence.
        return _SENTENCE_END.search(previous.text.strip()) is None
    if previous.line is not None and row.line is not None and previous.line != row.line:
        return False  # a transcript line is a whole paragraph
    return row.y0 - previous.y1 < _PARAGRAPH_GAP * min(previous.size, row.size)


def rows_to_paragraphs(rows: Iterable[Row]) -> list[Paragraph]:
    """Group rows into paragraphs: wrapped lines are joined and hyphens mended."""
    groups: list[list[Row]] = []
    for row in rows:
        if not any(_clean(s.text) for s in row.spans):
            continue
        if groups and _continues(groups[-1][-1], row):
            groups[-1].append(row)
        else:
            groups.append([row])
    return [_paragraph(g) for g in groups]


def items_to_paragraphs(items: Iterable[Item]) -> list[Paragraph]:
    """Each bullet item is a paragraph of its own."""
    return [Paragraph(it.text, _locate(it.text, it.spans)) for it in items if it.text]


def _spans_between(paragraph: Paragraph, start: int, end: int) -> list[Span]:
    return [span for a, b, span in paragraph.pieces if a < end and b > start]


def _checked(sentence: TokenSpan) -> Iterator[tuple[Municipality, int, int]]:
    """Ruler entities that the gazetteer's context rules accept, as document offsets."""
    ents = [ent for ent in sentence.ents if ent.label_ == _LABEL]
    if not ents:
        return  # most sentences name no municipality: skip the gazetteer's second reading
    accepted = [(m.code, a, b) for m, a, b in find_municipalities(sentence.text)]
    for ent in ents:
        if ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in _cues().institutions:
            continue  # "Stockholms universitet" is not the municipality
        a, b = ent.start_char - sentence.start_char, ent.end_char - sentence.start_char
        if any(code == ent.ent_id_ and x < b and y > a for code, x, y in accepted):
            yield _by_code()[ent.ent_id_], ent.start_char, ent.end_char


# A near miss of a shorter word is more likely another word than a misspelt name.
_FUZZY_MIN_LETTERS = 6


def _is_name_like(word: str) -> bool:
    """Capitalised, not all capitals (an acronym), made of letters and hyphens, long
    enough to be mended, and not one of the words around a name ("Stads", "Kommun")."""
    return (
        word[:1].isupper()
        and not word.isupper()
        and word.replace("-", "").isalpha()
        and len(word) >= _FUZZY_MIN_LETTERS
        and word.casefold() not in _cues().not_names
    )


def _misspelt(sentence: TokenSpan, taken: list[tuple[int, int]]) -> Iterator[tuple[Municipality, int, int]]:
    """Capitalised words (or pairs of them) close to a municipality's name
    ("Örnsköldvik", "Upplands Wäsby"); never a word the ruler already placed."""
    tokens = [t for t in sentence if not any(a < t.idx + len(t) and t.idx < b for a, b in taken)]
    used: set[int] = set()
    for k, token in enumerate(tokens):
        if token.i in used or not _is_name_like(token.text) or token.is_stop:
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        candidates: list[tuple[str, int, list[int]]] = []
        if nxt is not None and nxt.i == token.i + 1 and nxt.text[:1].isupper() and nxt.text.isalpha():
            candidates.append((f"{token.text} {nxt.text}", nxt.idx + len(nxt), [token.i, nxt.i]))
        candidates.append((token.text, token.idx + len(token), [token.i]))
        for candidate, end, ids in candidates:
            municipality = closest_municipality(candidate)
            if municipality is not None:
                used.update(ids)
                yield municipality, token.idx, end
                break


def _sentence_references(
    sentence: TokenSpan, previous: str | None, paragraph: Paragraph, own: str | None
) -> Iterator[Reference]:
    found = list(_checked(sentence))
    # Exact names the context rules turned down ("Region Stockholm") are not misspellings either.
    exact = [(ent.start_char, ent.end_char) for ent in sentence.ents if ent.label_ == _LABEL]
    found += list(_misspelt(sentence, exact))
    role = role_of(sentence.text, previous)
    seen: set[str] = set()
    for municipality, start, end in sorted(found, key=lambda f: f[1]):
        if municipality.name == own or municipality.code in seen:
            continue
        seen.add(municipality.code)
        yield Reference(
            municipality=municipality.name,
            as_printed=paragraph.text[start:end],
            sentence=sentence.text.strip(),
            role=role,  # type: ignore[arg-type]
            provenance=provenance(_spans_between(paragraph, start, end)),
        )


@cache
def _first_words() -> frozenset[int]:
    """The hashes of the lower-case first token of every gazetteer pattern."""
    nlp = build_pipeline()
    return frozenset(
        doc[0].lower
        for doc in (nlp.make_doc(form) for m in load_municipalities() for form in written_forms(m))
        if doc
    )


def _may_name(doc: Doc) -> bool:
    """False only when no sentence of the tokenised paragraph can yield a reference:
    no token is the first word of a gazetteer pattern (so the entity ruler finds
    nothing) and no word or word pair that `_misspelt` would try is close to a
    name. Spares the sentencizer, the ruler and the sentence walk for most text."""
    if not len(doc):
        return False
    rows = doc.to_array([LOWER, LENGTH]).tolist()
    firsts = _first_words()
    if any(lower in firsts for lower, _ in rows):
        return True
    for i, (_, length) in enumerate(rows):
        if length < _FUZZY_MIN_LETTERS:
            continue
        token = doc[i]
        if not _is_name_like(token.text) or token.is_stop:
            continue
        if closest_municipality(token.text) is not None:
            return True
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and nxt.text[:1].isupper() and nxt.text.isalpha():
            if closest_municipality(f"{token.text} {nxt.text}") is not None:
                return True
    return False


def _annotated(nlp: Language, texts: Iterable[str]) -> Iterator[Doc | None]:
    """Each text through the whole pipeline, or None when `_may_name` rules it out
    after tokenising alone."""
    for text in texts:
        doc = nlp.make_doc(text)
        if not _may_name(doc):
            yield None
            continue
        for _, component in nlp.pipeline:
            doc = component(doc)
        yield doc


def find_references(paragraphs: Iterable[Paragraph], own: str | None) -> list[Reference]:
    """Every municipality other than `own` named in the paragraphs, in reading order,
    once per sentence, with its sentence, role and where it stands."""
    paragraphs = [p for p in paragraphs if p.text.strip()]
    nlp = build_pipeline()
    references: list[Reference] = []
    for paragraph, doc in zip(paragraphs, _annotated(nlp, (p.text for p in paragraphs)), strict=True):
        if doc is None:
            continue
        previous: str | None = None
        for sentence in doc.sents:
            references += _sentence_references(sentence, previous, paragraph, own)
            previous = sentence.text
    return references


def references_in_text(text: str, own: str | None = None) -> list[Reference]:
    """References in plain text; blank lines separate paragraphs."""
    return find_references((Paragraph(p) for p in re.split(r"\n\s*\n", text)), own)


def section_references(
    rows: Sequence[Row], header_rows: int, lists: Iterable[Sequence[Item]], own: str | None
) -> list[Reference]:
    """References of one area section: its narrative (the rows after the Rubriker
    table, without the bullet table's cells), then the bullet table's items."""
    items = [it for column in lists for it in column]
    in_table = {id(s) for it in items for s in it.spans}
    narrative = [Row(r.page, [s for s in r.spans if id(s) not in in_table]) for r in rows[header_rows:]]
    narrative = [r for r in narrative if r.spans]
    return find_references([*rows_to_paragraphs(narrative), *items_to_paragraphs(items)], own)
