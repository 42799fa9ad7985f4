"""The layout and report stages' fast paths give what the plain readings give.

Each shortcut (a cheap necessary test before an expensive one, a scan of all rows
at once, a value kept instead of recomputed) is compared here with the reading it
replaces, written out plainly, on rows made to hit its edge cases.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from extractor.input.document import Span
from extractor.layout.columns import split_row
from extractor.layout.prose import two_column_order
from extractor.layout.rows import Row, any_ocr
from extractor.report.common import fold, provenance, texts_holding
from extractor.report.sections import (
    _ends_in_page_number,
    _page_number_ends,
    body_size,
    find_overview,
    overview_heading_candidates,
    toc_rows,
)


def _row(
    y: float, *cells: tuple[float, str], size: float = 10.0, page: int = 1, conf: float | None = None
) -> Row:
    spans = [Span(t, x, y, x + 5.0 * len(t), y + size, size, False, page, None, conf) for x, t in cells]
    return Row(page, spans)


def _line(y: float, text: str, x: float = 60.0, **kw: object) -> Row:
    cells, at = [], x
    for word in text.split():
        cells.append((at, word))
        at += 5.0 * len(word) + 4.0
    return _row(y, *cells, **kw)  # type: ignore[arg-type]


def test_texts_holding_finds_every_text_with_a_word() -> None:
    texts = ["område 3", "", "inget här", "områdeområde", "x område", "områd", "e", "Område"]
    words = ["område", "omrade"]
    naive = [i for i, t in enumerate(texts) if any(w in t for w in words)]
    assert texts_holding(texts, words) == naive == [0, 3, 4]
    assert texts_holding([], words) == []


def test_overview_candidates_hold_every_heading_the_plain_fold_finds() -> None:
    rows = [
        _line(0, "Inledning och bakgrund"),
        _line(14, "4. Över\u00adsikt av poängfördelning"),  # a soft hyphen inside the word
        _line(28, "ÖVERSIKT AV POÄNGFÖRDELNING"),
        _line(42, "Poängsammanställning"),
        _line(56, "Se avsnittet om resultat"),
        _line(70, "Översikt av poangfordelning", conf=0.9),  # OCR: looked at closely
    ]
    found = overview_heading_candidates(rows)
    assert found == [1, 2, 3, 5]
    wanted = [fold(label) for label in ("Översikt av poängfördelning", "Poängsammanställning")]
    for i, row in enumerate(rows):
        text = fold(re.sub(r"^\s*\d+([.,]\d+)*[.,]?\s*", "", row.text))
        if any(text.startswith(w) for w in wanted):
            assert i in found
    assert find_overview(rows, set()) == 1
    assert find_overview(rows, {1}) == 2


def test_page_number_ends_match_the_row_by_row_test() -> None:
    rows = [
        _row(0, (60, "Inledning"), (500, "3")),
        _row(14, (60, "Bakgrund"), (105, "3")),  # no gap before the number
        _row(28, (60, "Område"), (100, "1"), (500, "(12)")),
        _row(42, (60, "12")),  # one word only
        _row(56, (60, "text"), (500, "sida")),
        _row(70, (60, "Resultat"), (500, "1\u00a02")),
    ]
    assert _page_number_ends(rows) == [_ends_in_page_number(r) for r in rows]
    assert _page_number_ends(rows)[:3] == [True, False, True]


def test_toc_finds_dot_leaders_only_where_they_stand() -> None:
    rows = [
        _line(0, "Inledning . . . . . 3"),
        _line(14, "Se t.ex. s. 4 f. om detta."),  # four dots, no leader
        _line(28, "Resultat ………… 5"),
        _line(42, "Namn ____ datum"),
        _line(56, "Slut…"),
    ]
    assert toc_rows(rows) == {0, 2, 3}


def test_body_size_counts_words_by_half_points_as_before() -> None:
    sizes = [10.2, 10.9, 11.0, 10.25, 12.0, 12.0, 10.74, 9.76]
    rows = [Row(1, [Span("w", 0, 0, 1, 1, s, page=1)]) for s in sizes]
    counts: dict[float, int] = {}
    for s in sizes:
        key = round(s * 2) / 2
        counts[key] = counts.get(key, 0) + 1
    assert body_size(rows) == max(counts, key=lambda k: counts[k])
    # a tie goes to the size met first, as before
    tie = [Row(1, [Span("w", 0, 0, 1, 1, s, page=1)]) for s in (9.0, 11.0, 11.0, 9.0)]
    assert body_size(tie) == 9.0
    assert body_size([]) == 11.0


def test_two_column_order_skipping_lines_keeps_the_order() -> None:
    def two(y: float) -> Row:
        return Row(1, _line(y, "ett två tre").spans + _line(y, "fyra fem sex", x=320.0).spans)

    def one(y: float) -> Row:
        return _line(
            y, "en rad över hela sidan med många ord i sig och ännu fler ord ända fram till kanten", x=60.0
        )

    def side(y: float, right: bool) -> Row:
        return _line(y, "fyra fem sex sju" if right else "ett två tre", x=320.0 if right else 60.0)

    # runs of two-column lines of every length from 1 to 8, between full lines: the
    # columns' baselines the same, or apart (each line on one side, alternately)
    reordered = 0
    for run in range(1, 9):
        for before in range(0, 4):
            for apart in (False, True):
                rows = [one(14 * k) for k in range(before)]
                rows += [
                    side(14 * before + 7 * k, k % 2 == 1) if apart else two(14 * (before + k))
                    for k in range(run)
                ]
                rows += [one(14 * (before + run + k)) for k in range(3)]
                got = [(r.page, [s.text for s in r.spans]) for r in two_column_order(rows, 595.0)]
                want = [
                    (r.page, [s.text for s in r.spans]) for r in two_column_order(rows, 595.0, skip=False)
                ]
                assert got == want, (run, before, apart)
                reordered += got != [(r.page, [s.text for s in r.spans]) for r in rows]
    assert reordered == 5 * 4 + 4  # baselines the same: runs of 4 to 8; apart: 8 (4 lines a side)


def test_split_row_with_one_column_takes_what_the_general_loop_takes() -> None:
    row = _row(0, (-5, "a"), (0, "b"), (99.5, "c"), (100, "d"), (300, "e"))
    for bounds in ([(0.0, 100.0)], [(50.0, 60.0)], [(-1e6, 1e6)]):
        a, b = bounds[0]
        want = [s for s in row.spans if a - 1.0 <= s.x0 < b or s.x0 >= a]
        assert split_row(row, bounds) == [want]


def test_row_text_and_size_are_those_of_its_spans() -> None:
    row = _row(0, (0, "Styrkor"), (60, "och"), (90, "svagheter"))
    assert row.text == "Styrkor och svagheter" == row.text
    mixed = Row(1, [Span(t, 0, 0, 1, 1, s, page=1) for t, s in (("a", 9.0), ("b", 11.0), ("c", 11.04))])
    assert mixed.size == Counter([9.0, 11.0, 11.0]).most_common(1)[0][0] == 11.0
    assert Row(1, [Span("x", 0, 0, 1, 1, 10.04, page=1)]).size == 10.0


def test_any_ocr_and_provenance_match_their_plain_forms() -> None:
    plain = [_row(0, (0, "a"), (10, "b"))]
    read = [*plain, Row(1, [replace(plain[0].spans[0], confidence=0.0)])]  # a confidence of 0 is OCR too
    assert not any_ocr(plain) and any_ocr(read) and not any_ocr([])
    spans = [
        Span("a", 10.004, 20.0, 15.0, 30.0, 10.0, page=2, confidence=0.91234),
        Span("b", 5.0, 22.0, 40.126, 29.0, 10.0, page=2, confidence=0.5),
        Span("c", 0.0, 0.0, 900.0, 900.0, 10.0, page=3),  # another page: not in the box
    ]
    where = provenance(spans)
    assert (where.page, where.bbox, where.confidence) == (2, (5.0, 20.0, 40.13, 30.0), 0.5)
    one = provenance(spans[:1])
    assert (one.bbox, one.confidence) == ((10.0, 20.0, 15.0, 30.0), 0.912)


def _plain_spans_to_rows(spans: list[Span], page: int | None) -> list[Row]:
    """spans_to_rows as it was written before it took runs of words of one height:
    one step a word."""
    from bisect import insort

    rows: list[Row] = []
    line: list[Span] = []
    ref = 0.0
    heights: list[float] = []
    for span in sorted(spans, key=lambda s: ((s.y0 + s.y1) / 2, s.x0)):
        yc, height = (span.y0 + span.y1) / 2, span.y1 - span.y0
        if line:
            median = heights[len(heights) // 2]
            near = 0.4 * ((height if height <= median else median) or 1.0)
            if -near <= yc - ref <= near:
                line.append(span)
                insort(heights, height)
                continue
        line = [span]
        rows.append(Row(page, line))
        ref = yc
        heights = [height]
    for row in rows:
        row.spans.sort(key=lambda s: s.x0)
    return rows


def test_spans_to_rows_taking_runs_groups_as_word_by_word() -> None:
    import random

    from extractor.layout.rows import spans_to_rows

    rng = random.Random(7)
    # few distinct tops and heights, so that runs of one extent and lines of
    # mixed heights are common; zero, negative and not-a-number heights and
    # infinite centres too
    tops = [0.0, 0.5, 1.0, 2.0, 3.0, 3.2, 10.0, 10.4, float("inf"), float("nan")]
    heights = [10.0, 0.0, -2.0, 0.3, 1.0, 2.0, 9.5, 25.0, float("nan")]
    for trial in range(3000):
        spans = []
        for k in range(rng.randint(0, 14)):
            y0 = rng.choice(tops)
            h = rng.choice(heights) if trial % 3 else rng.choice(heights[:1] + heights[4:8])
            x0 = rng.choice([0.0, 10.0, 20.0, 30.0, 40.0])
            spans.append(Span(f"w{k}", x0, y0, x0 + 5.0, y0 + h, 10.0, page=1))
        got = [[id(s) for s in r.spans] for r in spans_to_rows(spans, 1)]
        want = [[id(s) for s in r.spans] for r in _plain_spans_to_rows(spans, 1)]
        assert got == want, trial


def test_running_headers_are_dropped_at_their_places() -> None:
    from extractor.input.document import Document, Page
    from extractor.layout.rows import document_to_rows

    def page(n: int, twice: bool = False) -> Page:
        head = Span("Kommunkompassen", 60.0, 20.0, 160.0, 30.0, 10.0, page=n)
        body = [Span(f"text{k}", 60.0, 100.0 + 14 * k, 90.0, 110.0 + 14 * k, 10.0, page=n) for k in range(3)]
        foot = Span(str(n), 290.0, 800.0, 300.0, 810.0, 10.0, page=n)
        spans = [body[0], head, body[1], foot, body[2]] + ([head] if twice else [])
        return Page(n, 595.0, 842.0, spans)

    for twice in (False, True):  # one span object listed twice: looked for among all
        pages = [page(n, twice) for n in (1, 2, 3)]
        document = Document(path="x.pdf", kind="pdf", sha256="", page_count=3, pages=pages)
        assert [r.text for r in document_to_rows(document)] == ["text0", "text1", "text2"] * 3


def test_starts_item_asks_split_bullet_only_of_a_glyph_first() -> None:
    from extractor.layout.glyphs import is_bullet_glyph, split_bullet
    from extractor.layout.lists import _NUMBER_MARK, starts_item

    def plain(spans: list[Span]) -> tuple[str, float, list[str]] | None:
        first = spans[0]
        if (is_bullet_glyph(first.text.strip()) or _NUMBER_MARK.match(first.text.strip())) and len(spans) > 1:
            return first.text.strip(), first.x0, [s.text for s in spans[1:]]
        is_item, rest = split_bullet(first.text)
        if is_item and first.text.strip()[0] not in "-–—o*":
            return first.text.strip()[0], first.x0, ([rest] if rest else []) + [s.text for s in spans[1:]]
        return None

    words = [
        "•",
        " • ",
        "•Strategi",
        "• Strategi",
        "-",
        "- text",
        "-text",
        "o",
        "ord",
        "1.",
        "2)",
        "12.",
        "",
        " ",
        "\u00a0•x",
        "·x",
        "▪",
    ]
    for first in words:
        for more in ([], ["nästa"]):
            spans = [Span(w, 10.0, 0.0, 20.0, 10.0, 10.0, page=1) for w in [first, *more]]
            got = starts_item(spans)
            want = plain(spans)
            assert (got and (got[0], got[1], [s.text for s in got[2]])) == want, (first, more)


def test_language_counts_the_words_of_the_spans() -> None:
    from extractor.report.language import _markers, _word, detect_language

    rows = [
        _line(0, "Det är och också SAMT, från (att) inte"),
        _row(14, (60, "Och"), (90, "ska–även"), (160, "ÄR")),  # words of one span cut by a dash
        _line(28, "og ikkje korleis òg kva eit"),
    ]
    words = _word().findall("\n".join(s.text for r in rows for s in r.spans).casefold())
    want = {lang: sum(words.count(w) for w in ws) for lang, ws in _markers().items()}
    assert detect_language(rows)[1] == want
    assert want["sv"] == 11


def test_narrative_lines_are_the_rows_words_less_the_table_cells() -> None:
    from extractor.report.references import _Narrative

    rows = [
        _line(0, "Karlstad har en plan"),
        _line(14, "Styrkor Svagheter"),
        _line(28, "Förbätt\u00adring av ar-"),
        _row(42, (60, ""), (90, "tom")),
    ]
    for in_table in (set(), {id(rows[1].spans[0])}, {id(s) for s in rows[1].spans}, {id(rows[3].spans[1])}):
        plain = [
            " ".join(s.text for s in r.spans if id(s) not in in_table).replace("\u00ad", "") for r in rows
        ]
        assert _Narrative(rows, in_table).lines() == plain


def test_score_candidates_are_the_numbers_the_word_by_word_test_finds() -> None:
    from extractor.report.area import _before, _score_candidates
    from extractor.report.common import parse_int

    rows = [
        _row(0, (60, "Rubriker"), (400, "Poäng")),
        _row(14, (60, "•"), (70, "Styrning"), (400, "68")),
        _row(28, (60, "•"), (70, "Mål 2020"), (405, "(7)")),
        _row(42, (60, "Text"), (300, "12"), (420, "3")),  # below the list's end
        _row(10, (60, "Nästa"), (420, "5"), page=2),
        _row(10, (60, "Sista"), (420, "9"), page=3),
    ]
    for boundary in (0.0, 350.0, 410.0):
        for end_page, end_y in ((1, 28.0 + 10.0), (1, 0.0), (2, 100.0), (3, 0.0)):
            page = rows[0].page
            plain = [
                s
                for r in rows
                if r.page == page or r.page == end_page
                for s in r.spans
                if s.x0 >= boundary and parse_int(s.text) is not None and _before(r, end_page, end_y)
            ]
            assert _score_candidates(rows, boundary, end_page, end_y) == plain, (boundary, end_page, end_y)
    assert [s.text for s in _score_candidates(rows, 350.0, 1, 38.0)] == ["68", "(7)"]


def test_label_pieces_stand_in_every_text_a_label_matches() -> None:
    from extractor.report.area import _header_candidates, _may_head, _table_header
    from extractor.report.common import label_pieces, matches_label

    labels = ("Styrkor", "Förbättringsmöjligheter", "Max poäng", "%", "Svagheter")
    pieces = label_pieces(labels)
    texts = [
        "Styrkor",
        "STYRKOR:",
        "Styr\u00adkor",
        " styrkor ",
        "Förbättrings-",
        "FÖRBÄTT-",
        "Förbätt-",  # too short a stem: no label
        "Max\u00a0\u00a0poäng",
        "%",
        "Svagheter:",
        "Svag",
        "styrka",
    ]
    for text in texts:
        if matches_label(text, labels):
            folded = text.replace("\u00ad", "").casefold()
            assert any(p in folded for p in pieces), text
    rows = [
        _line(0, "Inledande text"),
        _line(14, "STYRKOR FÖRBÄTTRINGSOMRÅDEN"),
        _line(28, "Styr\u00adkor Svag\u00adheter"),
        _line(42, "Styrkor är många"),
        _line(56, "Förbättrings- Svagheter"),
    ]
    found = [i for i, r in enumerate(rows) if _table_header(r)]
    assert found == [1, 2, 4]
    assert set(found) <= set(_header_candidates(rows))
    assert all(_may_head(rows[i].text) for i in found)


def test_provenance_of_one_word_is_what_the_general_path_gives() -> None:
    from extractor.models import Provenance

    def plain(spans: list[Span]) -> Provenance:
        first = spans[0]
        if first.page is None:
            confidence = None if first.confidence is None else round(first.confidence, 3)
            return Provenance(line=first.line, confidence=confidence)
        box = tuple(round(min(getattr(s, k) for s in spans if s.page == first.page), 2) for k in ("x0", "y0"))
        box += tuple(
            round(max(getattr(s, k) for s in spans if s.page == first.page), 2) for k in ("x1", "y1")
        )
        values = [s.confidence for s in spans if s.confidence is not None]
        return Provenance(page=first.page, bbox=box, confidence=round(min(values), 3) if values else None)

    words = [
        Span("a", 10.004, 20.005, 15.0, 30.125, 10.0, page=2),
        Span("b", 1.0, 2.0, 3.0, 4.0, 10.0, page=1, confidence=0.98765),
        Span("c", 0.0, 0.0, 0.0, 0.0, 10.0, page=3, confidence=0.0),
        Span("d", 1.0, 2.0, 3.0, 4.0, 10.0, line=7),
        Span("e", 1.0, 2.0, 3.0, 4.0, 10.0, line=8, confidence=0.5),
    ]
    for word in words:
        assert provenance([word]) == plain([word]), word.text
        assert provenance((word,)) == plain([word]), word.text
    assert provenance(words[:2]) == plain(words[:2])
