"""Cited municipalities: which other municipalities an area's text names, and what for.

Reports hold other municipalities up as models ("Här kan Karlstad vara ett
intressant exempel") or name them as partners ("Östersund, Bräcke, Krokoms och
Ragunda kommuner ingår i ett gemensamt gymnasieförbund").  The chain:

    rows -> one cheap pass over the section's words: where a name may stand (`_hits`)
         -> the paragraphs around those places (text, and where each word stands)
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
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import accumulate

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from extractor.catalogue.municipalities import (
    Municipality,
    closest_municipality,
    find_municipalities,
    load_municipalities,
    name_starts,
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
    """Running text that sentences may not cross, and the spans it was read from."""

    text: str
    spans: tuple[Span, ...] = ()

    @cached_property
    def pieces(self) -> tuple[tuple[int, int, Span], ...]:
        """The spans as (start, end, span) character ranges of `text`; found only for
        the few paragraphs that cite a municipality."""
        return _locate(self.text, self.spans)


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
    return Paragraph(text, tuple(spans))


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
    return [Paragraph(it.text, tuple(it.spans)) for it in items if it.text]


def _spans_between(paragraph: Paragraph, start: int, end: int) -> list[Span]:
    return [span for a, b, span in paragraph.pieces if a < end and b > start]


def _ents_within(ents: Sequence[TokenSpan], sentence: TokenSpan) -> list[TokenSpan]:
    """`sentence.ents`, from the document's entities read once."""
    within = []
    for ent in ents:
        if ent.start >= sentence.start:
            if ent.end <= sentence.end:
                within.append(ent)
            else:
                break
    return within


def _checked(sentence: TokenSpan, ents: Sequence[TokenSpan]) -> Iterator[tuple[Municipality, int, int]]:
    """Ruler entities (`ents`, the sentence's) that the gazetteer's context rules
    accept, as document offsets."""
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
    sentence: TokenSpan,
    doc_ents: Sequence[TokenSpan],
    previous: str | None,
    paragraph: Paragraph,
    own: str | None,
    near_misses: Sequence[tuple[int, int]],
) -> Iterator[Reference]:
    """The sentence's references; `near_misses` are the (start, end) in the paragraph
    of every word or word pair that `closest_municipality` takes for a name
    (`_fuzzy_hits`): `_misspelt` finds nothing in a sentence without one."""
    ents = [ent for ent in _ents_within(doc_ents, sentence) if ent.label_ == _LABEL] if doc_ents else []
    found = list(_checked(sentence, ents))
    if any(a < sentence.end_char and b > sentence.start_char for a, b in near_misses):
        # Exact names the context rules turned down ("Region Stockholm") are not misspellings either.
        exact = [(ent.start_char, ent.end_char) for ent in ents]
        found += list(_misspelt(sentence, exact))
    if not found:
        return
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
def _letter_splits() -> dict[str, tuple[int, ...]]:
    """The tokenizer's special cases that cut between two letters ("Fattaru" ->
    "Fattar" "u"), with the offsets of those cuts."""
    splits: dict[str, tuple[int, ...]] = {}
    for key, pieces in build_pipeline().tokenizer.rules.items():  # type: ignore[union-attr]
        ends = list(accumulate(len(piece[ORTH]) for piece in pieces[:-1]))
        cuts = tuple(at for at in ends if key[at - 1].isalpha() and key[at].isalpha())
        if cuts:
            splits[key] = cuts
    return splits


# From a letter that may be a capital (all but Latin-1 lower case, a quick test) to
# the end of its run of letters (with letter-like signs such as "²") and hyphens.
_NAME_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ\u0100-\U0010FFFF](?<=[^\W\d_])[^\W\d_]*(?:-[^\W\d_]*)*")
# Such a run, and the white space and letters after it when a capital may follow.
_RUN = re.compile(rf"({_NAME_RUN.pattern})(?:(?=(\s+)([A-ZÀ-ÖØ-Þ\u0100-\U0010FFFF][^\W\d_]*))|)")
_LETTERS = re.compile(r"[^\W\d_]+")


def _cuts(run: str) -> list[int]:
    """Where a token may begin or end in a run of letters and hyphens: at its ends,
    beside a character that is not a letter, and where a special case cuts a word."""
    cuts = {0, len(run)}
    at = 0
    for word in _LETTERS.findall(run):
        at = run.index(word, at)
        cuts.update(at + cut for cut in _letter_splits().get(word, ()))
        at += len(word)
    for i, ch in enumerate(run):
        if not ch.isalpha():
            cuts.update((i, i + 1))
    return sorted(cuts)


def _next_words(letters: str) -> list[str]:
    """What a token that starts with these letters (and letter-like signs) may be,
    when it is made of letters."""
    for i, ch in enumerate(letters):
        if not ch.isalpha():
            letters = letters[:i]
            break
    return [letters, *(letters[:cut] for cut in _letter_splits().get(letters, ()))]


def _word_candidates(word: str) -> list[tuple[int, int, str]]:
    """The tokens of a run of letters and hyphens that `_misspelt` may try, with the
    next token when that is in the run too, as (start, end, candidate) in the run."""
    if word.isalpha() and word not in _letter_splits():
        return [(0, len(word), word)] if _is_name_like(word) else []  # the common case
    cuts = _cuts(word)
    found: list[tuple[int, int, str]] = []
    for i, a in enumerate(cuts):
        for j in range(i + 1, len(cuts)):
            token = word[a : cuts[j]]
            if not _is_name_like(token):
                continue
            found.append((a, cuts[j], token))
            for c in cuts[j + 1 :]:
                nxt = word[cuts[j] : c]
                if nxt[:1].isupper() and nxt.isalpha():
                    found.append((a, c, f"{token} {nxt}"))
    return found


def _run_candidates(word: str, space: str, following: str) -> list[tuple[int, int, str]]:
    """`_word_candidates` of a run, and the tokens that end it paired with the letters
    `following` it after the white space `space` (as start, end, candidate in the run)."""
    if len(word) < _FUZZY_MIN_LETTERS:
        return []
    found = _word_candidates(word)
    if following and found:
        at = len(word) + len(space)
        ends = [(a, token) for a, b, token in found if b == len(word) and " " not in token]
        for nxt in _next_words(following) if ends else ():
            if nxt[:1].isupper() and nxt.isalpha():
                found = found + [(a, at + len(nxt), f"{token} {nxt}") for a, token in ends]
    return found


def _fuzzy_candidates(text: str) -> Iterator[tuple[int, int, str]]:
    """Every word or word pair that `_misspelt` may try in `text`, and some more, as
    (start, end, candidate): the pieces of each run of letters and hyphens
    (`_word_candidates`), and those that end the run with the letters after the
    white space that follows (the next token when there is one space)."""
    for run in _RUN.finditer(text):
        at = run.start()
        for a, b, candidate in _run_candidates(*run.groups("")):
            yield at + a, at + b, candidate


def _fuzzy_hits(text: str) -> Iterator[tuple[int, int, Municipality]]:
    """The candidates of `_fuzzy_candidates` that `closest_municipality` takes for a
    name, with the name (and perhaps more).  Each distinct run (with what follows it)
    is tried once; only those that hit are looked for where they stand."""
    hits = set()
    splits = _letter_splits()
    for groups in set(_RUN.findall(text)):
        word, _, following = groups
        if len(word) < _FUZZY_MIN_LETTERS:
            continue
        if not following and word.isalpha() and word not in splits:  # the common case, at once
            if _is_name_like(word) and closest_municipality(word) is not None:
                hits.add(groups)
        elif any(closest_municipality(c) is not None for _, _, c in _run_candidates(*groups)):
            hits.add(groups)
    for groups in hits:  # rare: look for where they stand (and perhaps inside a longer run)
        at = text.find(groups[0])
        while at >= 0:
            run = _RUN.match(text, at)
            if run is not None and run.groups("") == groups:
                for a, b, candidate in _run_candidates(*groups):
                    found = closest_municipality(candidate)
                    if found is not None:
                        yield at + a, at + b, found
            at = text.find(groups[0], at + 1)


def _hits(text: str, own: str | None) -> Iterator[tuple[int, int]]:
    """Where in `text` a reference to a municipality other than `own` may stand, as
    (start, end): no sentence of a text without one yields a reference, so the text
    need not go through spaCy at all.

    Why it is exact: a reference comes from `_checked` or from `_misspelt`.
    `_checked` needs `find_municipalities` to accept the name in the sentence's text.
    Sentences end after a token of punctuation (the sentencizer) or after "m.m.",
    "etc." … (`_split_after_list_ends`), so they are pieces of the text cut next to a
    character that is neither letter nor digit, and `name_starts` finds where such a
    name begins.  `_misspelt` needs `closest_municipality` to name a municipality for a
    name-like token, or for such a token and the next one when that is capitalised and
    made of letters.  A name-like token is made of letters and hyphens, and the
    tokenizer cuts a run of letters and hyphens only beside a hyphen (its prefixes,
    suffixes and infixes begin and end with other characters, or follow a digit as
    "km" does; its one rule with hyphens is the infix "--") or where a special case
    cuts between letters (`_letter_splits`).
    `_fuzzy_candidates` tries every piece of every such run between those cuts, each
    with the letters after the white space that follows the run, or, inside a run, with
    the next pieces.
    """
    yield from name_starts(text, own)
    for start, end, municipality in _fuzzy_hits(text):
        if municipality.name != own:
            yield start, end


def find_references(paragraphs: Iterable[Paragraph], own: str | None) -> list[Reference]:
    """Every municipality other than `own` named in the paragraphs, in reading order,
    once per sentence, with its sentence, role and where it stands."""
    nlp = build_pipeline()
    references: list[Reference] = []
    for paragraph in paragraphs:
        fuzzy = list(_fuzzy_hits(paragraph.text))
        if (
            not any(m.name != own for _, _, m in fuzzy)
            and next(name_starts(paragraph.text, own), None) is None
        ):
            continue  # as `_hits` finds nothing: no sentence can yield a reference
        near_misses = [(a, b) for a, b, _ in fuzzy]
        doc = nlp(paragraph.text)
        ents = list(doc.ents)
        previous: str | None = None
        for sentence in doc.sents:
            references += _sentence_references(sentence, ents, previous, paragraph, own, near_misses)
            previous = sentence.text
    return references


def references_in_text(text: str, own: str | None = None) -> list[Reference]:
    """References in plain text; blank lines separate paragraphs."""
    return find_references((Paragraph(p) for p in re.split(r"\n\s*\n", text)), own)


def section_references(
    rows: Sequence[Row], header_rows: int, lists: Iterable[Sequence[Item]], own: str | None
) -> list[Reference]:
    """References of one area section: its narrative (the rows after the Rubriker
    table, without the bullet table's cells), then the bullet table's items.

    The same as `find_references` over `rows_to_paragraphs` of the narrative and
    `items_to_paragraphs` of the items, but only the paragraphs and items where
    `_hits` finds something in one pass over the whole section are built and read.

    Why no reference is lost: `rows_to_paragraphs` joins a paragraph's rows (their
    words stripped of white space and soft hyphens) with one space, except where a row
    ends with a hyphen (`join_lines`).  A paragraph without such a row is therefore,
    up to longer or other white space, a piece of the rows' words joined by white
    space, where `_hits` finds all that it finds in the paragraph; and an item's text
    is a piece of the items' texts joined by line breaks.  Rows that end with a hyphen
    are read whatever `_hits` says.
    """
    items = [it for column in lists for it in column]
    narrative = _Narrative(rows[header_rows:], {id(s) for it in items for s in it.spans})
    items = [it for it in items if it.text]
    lines = narrative.lines()
    texts = [*lines, *(it.text for it in items)]
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    touched = {i for i, line in enumerate(lines) if line.rstrip().endswith("-")}
    for start, end in _hits("\n".join(texts), own):
        touched.update(range(bisect_right(starts, start) - 1, bisect_right(starts, max(start, end - 1))))
    rows_read = sorted(i for i in touched if i < len(lines))
    items_read = [items[i - len(lines)] for i in sorted(touched) if i >= len(lines)]
    return find_references([*narrative.paragraphs(rows_read), *items_to_paragraphs(items_read)], own)


class _Narrative:
    """A section's narrative rows, grouped into paragraphs only where asked: the same
    paragraphs as `rows_to_paragraphs` gives for all of them."""

    def __init__(self, rows: Sequence[Row], in_table: set[int]) -> None:
        self.rows = rows
        self.in_table = in_table
        self._words: dict[int, Row | None] = {}

    def lines(self) -> list[str]:
        """Each row's words (not the bullet table's cells), without soft hyphens.

        A row with no cell of the table gives its text, which is its words joined
        by spaces, kept by the row and mostly worked out by the earlier finders."""
        in_table = self.in_table
        lines = [
            row.text
            if in_table.isdisjoint(map(id, row.spans))
            else " ".join([s.text for s in row.spans if id(s) not in in_table])
            for row in self.rows
        ]
        if any("\u00ad" in line for line in lines):
            lines = [line.replace("\u00ad", "") for line in lines]
        return lines

    def words(self, i: int) -> Row | None:
        """Row `i` without the bullet table's cells, or None when no word is left."""
        if i not in self._words:
            row = self.rows[i]
            spans = [s for s in row.spans if id(s) not in self.in_table] if self.in_table else row.spans
            self._words[i] = Row(row.page, spans) if any(_clean(s.text) for s in spans) else None
        return self._words[i]

    def _group(self, i: int) -> tuple[int, int]:
        """The first and last row of the paragraph that row `i` (with words) is in:
        `rows_to_paragraphs` starts a paragraph at a row that does not `_continues`
        the row with words before it."""
        return self._reach(i, -1), self._reach(i, 1)

    def _reach(self, i: int, step: int) -> int:
        """The farthest row from row `i`, going up (`step` -1) or down (1), that is in
        its paragraph: rows without words are passed over."""
        end, row = i, self.words(i)
        for j in range(i + step, -1 if step < 0 else len(self.rows), step):
            other = self.words(j)
            if other is None:
                continue
            if row is None or not (_continues(other, row) if step < 0 else _continues(row, other)):
                break
            end, row = j, other
        return end

    def paragraphs(self, rows: Iterable[int]) -> list[Paragraph]:
        """The paragraphs that hold these rows (in reading order), each once."""
        paragraphs: list[Paragraph] = []
        done = -1
        for i in rows:
            if i <= done or self.words(i) is None:
                continue
            first, done = self._group(i)
            words = [self.words(j) for j in range(first, done + 1)]
            paragraphs.append(_paragraph([r for r in words if r is not None]))
        return paragraphs
