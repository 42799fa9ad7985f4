"""Unit checks of the reading rules behind the layout variants."""

from __future__ import annotations

import io

import pytest

from extractor.errors import DamagedInput
from extractor.input.document import Span
from extractor.input.docx import read_docx
from extractor.layout.lists import join_lines, read_items
from extractor.layout.rows import Row
from extractor.report.overview import read_overview
from extractor.report.sections import summary_table_total


def _row(y: float, *cells: tuple[float, str], size: float = 10.0, bold: bool = False, page: int = 1) -> Row:
    spans = [Span(t, x, y, x + 5.0 * len(t), y + size, size, bold, page) for x, t in cells]
    return Row(page, spans)


def test_numbered_items_start_only_in_sequence() -> None:
    rows = [
        _row(0, (0, "1."), (12, "Första")),
        _row(12, (12, "raden")),
        _row(24, (0, "2."), (12, "Andra")),
        _row(36, (0, "2."), (12, "inte ett nytt")),  # out of sequence: a wrapped line
        _row(48, (0, "3."), (12, "Tredje")),
    ]
    items, used = read_items(rows, [(-100.0, 1000.0)])
    assert [it.text for it in items[0]] == ["Första raden", "Andra 2. inte ett nytt", "Tredje"]
    assert used == 5


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("E-", "förslag", "E-förslag"),
        ("ett KS-", "möte", "ett KS-möte"),
        ("verksam-", "heten", "verksamheten"),
        ("synpunkts-", "och klagomål", "synpunkts- och klagomål"),
    ],
)
def test_line_end_hyphens_of_abbreviations_stay(head: str, tail: str, joined: str) -> None:
    assert join_lines(head, tail) == joined


def test_overview_without_header_row_reads_columns_from_the_numbers() -> None:
    rows = [
        _row(0, (60, "1."), (90, "Offentlighet och demokrati"), bold=True),
        _row(14, (60, "1.1"), (90, "Finns en plan?"), (400, "12"), (450, "15"), (500, "80")),
        _row(28, (60, "1.2"), (90, "Hur informeras"), (400, "14"), (450, "20"), (500, "70")),
        _row(42, (90, "medborgarna?")),
        _row(56, (400, "26"), (450, "35"), (500, "74")),
        _row(80, (60, "2."), (90, "Tillgänglighet och brukarorientering"), bold=True),
        _row(94, (60, "2.1"), (90, "Finns en strategi?"), (400, "9"), (450, "10"), (493, "90"), (505, "%")),
        _row(108, (60, "2.2"), (90, "Hur mäts det?"), (400, "5"), (450, "10"), (500, "50")),
    ]
    tables = read_overview(rows)
    assert [(t.number, t.title) for t in tables] == [
        (1, "Offentlighet och demokrati"),
        (2, "Tillgänglighet och brukarorientering"),
    ]
    first = tables[0]
    assert [q.text for q in first.questions] == ["Finns en plan?", "Hur informeras medborgarna?"]
    assert {k: c.text for k, c in first.total.items()} == {"achieved": "26", "max": "35", "percent": "74"}
    assert tables[1].questions[0].numbers["percent"].text == "90 %"


def test_summary_table_total_needs_area_rows_above_it() -> None:
    areas = [_row(14 * k, (60, f"{k}."), (80, "Område"), (400, str(60 + k))) for k in range(1, 9)]
    total = _row(130, (60, "Totalt"), (400, "548"))
    value = summary_table_total([*areas, total])
    assert value is not None and value[0] == 548
    # an overview's total row (several numbers) or a lone total line is not a summary
    assert summary_table_total([*areas[:3], total]) is None
    assert summary_table_total([_row(0, (60, "Totalt"), (400, "66"), (450, "100"))]) is None


def test_damaged_word_document_is_refused() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<not xml")
    with pytest.raises(DamagedInput):
        read_docx(buf.getvalue(), "broken.docx", "0" * 64)


def _prose(y: float, text: str, x: float, size: float = 10.0) -> list[Span]:
    """Words set as prose: 5 pt a letter and a 3 pt space."""
    spans, at = [], x
    for word in text.split():
        spans.append(Span(word, at, y, at + 5.0 * len(word), y + size, size, False, 1))
        at += 5.0 * len(word) + 3.0
    return spans


def test_two_column_prose_reads_left_column_first() -> None:
    from extractor.layout.prose import two_column_order

    left = ["Det första stycket", "går vidare här", "och slutar med", "en sista rad här"]
    right = ["Den andra spalten", "börjar här och", "fortsätter med fler", "ord till slut här"]
    rows = [
        Row(1, _prose(14 * k, a, 60.0) + _prose(14 * k, b, 320.0))
        for k, (a, b) in enumerate(zip(left, right, strict=True))
    ]
    ordered = [r.text for r in two_column_order(rows, 595.0)]
    assert ordered == left + right
    # a question row with its numbers is not two columns
    table = [
        _row(14 * k, (60, "Finns"), (100, "en"), (130, "plan?"), (400, "12"), (450, "15"), (500, "80"))
        for k in range(5)
    ]
    assert two_column_order(table, 595.0) == table


def test_two_columns_whose_baselines_drift_apart_read_left_column_first() -> None:
    """A heading in one column shifts its lines against the other's: each visual line
    then holds one column only, the two alternating down the page. The left column
    starts half a line higher and ends a line lower; a heading after a wider gap
    below them is not part of them."""
    from extractor.layout.prose import two_column_order

    left = [
        "Rubrik",
        "Det första stycket",
        "går vidare här med",
        "och slutar med ord",
        "en sista rad här",
        "och en till",
    ]
    right = ["Den andra spalten", "börjar här och går", "fortsätter med fler", "ord till slut här"]
    rows = [Row(1, _prose(13.0 * k, text, 60.0)) for k, text in enumerate(left)]
    rows += [Row(1, _prose(6.5 + 13.0 * k, text, 320.0)) for k, text in enumerate(right)]
    rows.sort(key=lambda r: r.y0)
    after = Row(1, _prose(13.0 * len(left) + 30.0, "Nästa avsnitt", 60.0))
    ordered = [r.text for r in two_column_order([*rows, after], 595.0)]
    assert ordered == left + right + ["Nästa avsnitt"]


def _table(cells: list[tuple[str, str, str]], xs: tuple[float, float, float]) -> list[Row]:
    """A table's lines, 13 pt apart: each line's three cells set as prose from xs."""
    return [
        Row(1, [s for x, text in zip(xs, line, strict=True) for s in _prose(13.0 * k, text, x)])
        for k, line in enumerate(cells)
    ]


def test_a_table_of_three_columns_is_not_two_columns() -> None:
    """Bullet cells in three columns, some rows with text in two of them: a gutter
    on either side of the middle column, or a side that holds two cells."""
    from extractor.layout.prose import two_column_order

    cells = [
        ("• Demokratiprogram antaget", "• Webbsändning av", "• Ingen samlad redovisning"),
        ("av fullmäktige", "fullmäktige", "av resultat för"),
        ("• Medborgardialog kring", "• Uppföljning av", "medborgarna"),
        ("översiktsplanen", "", "• Få kanaler för dialog i"),
        ("• Medborgarförslag till", "", "sociala medier"),
        ("fullmäktige i kommunen", "", "• Kommuntidningen når inte"),
    ]
    rows = _table(cells, (60.0, 230.0, 400.0))
    assert two_column_order(rows, 595.0) == rows
    # one line's first cell reaches the second column: the only gutter is the one
    # before the third, and the side left of it holds two cells a line
    wide = [Row(1, _prose(-13.0, "Medborgarförslag och synpunkter till", 60.0) + _prose(-13.0, "x", 400.0))]
    assert two_column_order(wide + rows, 595.0) == wide + rows
    # the middle column holds one short item (a round trip's random report): the
    # only gutter is the one before the third, and the first column's cells stop
    # far short of it
    sparse = [
        ("Styrkor", "Förbättringsmöjligheter", "Svagheter"),
        ("• Geodofmaa", "• Afjatköå äml", "• Frsbaouåhå"),
        ("• Defrckcvvvr mb nlrk", "", "• Åkhdllmnhb"),
        ("• Yaytmäoråmy vädpalld", "", "• Leuccmivigj jjienpyafna ok"),
        ("egmneusb ybnmeå äcjrgco", "", "hedtdittjov golden nc"),
        ("bpotdkcfmya fgc rf", "", "viäaemöamla vfk hjuöcääohöv"),
        ("• Aoverifgshg", "", "rrunilhmst dadbvsogrnm ek"),
        ("• Ja bå pd bocbjodokjb oapbl tttp", "", "• Coöeay yoäd miöjoåungpä"),
        ("tttpkcväi sräsäl öfnjijmu", "", "ofjäjsdsäts epbyp"),
        ("• Ett kort", "", "• Ännu en punkt här"),
    ]
    rows = _table(sparse, (60.0, 215.0, 384.0))
    assert two_column_order(rows, 595.0) == rows


def test_justified_lines_of_one_column_are_not_two_columns() -> None:
    """Justified lines whose spaces happen to line up near the middle: that space is
    not the widest of its line, so it is not a gutter."""
    from extractor.layout.prose import two_column_order

    lines = [
        ("Kommunen har utarbetat en tydlig strategi", "för hur arbetet ska"),
        ("som beskriver hur arbetet i nämnderna ska", "upp av nämnderna varje år och"),
        ("följas upp och hur resultaten redovisas", "arbetet redovisas för alla som"),
        ("för fullmäktige och för medborgarna inom", "vill ta del av dem på hemsidan"),
        ("den egna organisationen under varje år", "organisationen och i nämnderna"),
    ]
    rows = []
    for k, (first, rest) in enumerate(lines):
        # the first half fills x = 60 to 300 on every line, its spaces widened to fit
        words = first.split()
        space = (240.0 - 5.0 * sum(map(len, words))) / (len(words) - 1)
        assert space > 6.0
        spans, at = [], 60.0
        for w in words:
            spans.append(Span(w, at, 13.0 * k, at + 5.0 * len(w), 13.0 * k + 10.0, 10.0, False, 1))
            at += 5.0 * len(w) + space
        at = 306.0  # a 6 pt space, narrower than the line's other spaces
        for w in rest.split():
            spans.append(Span(w, at, 13.0 * k, at + 5.0 * len(w), 13.0 * k + 10.0, 10.0, False, 1))
            at += 5.0 * len(w) + 7.0
        rows.append(Row(1, spans))
    assert two_column_order(rows, 595.0) == rows


def test_a_list_below_two_columns_is_not_taken_into_the_left_one() -> None:
    """The right column ends lower than the left; a heading and its list follow,
    left-aligned, at a line's spacing from the right column's last line but a
    paragraph's from the left's (a round trip of a random report): they come after
    both columns."""
    from extractor.layout.prose import two_column_order

    left = ["Det första stycket", "går vidare här med", "och slutar med ord", "en sista rad här"]
    right = ["Den andra spalten", "börjar här och går", "fortsätter med fler", "ord till slut här"]
    rows = [Row(1, _prose(13.0 * k, text, 60.0)) for k, text in enumerate(left)]
    rows += [Row(1, _prose(6.5 + 13.0 * k, text, 320.0)) for k, text in enumerate(right)]
    below = ["Styrkor", "• Ett två tre fyra", "• Fem sex sju åtta nio"]
    rows += [Row(1, _prose(63.5 + 13.0 * k, text, 60.0)) for k, text in enumerate(below)]
    rows.sort(key=lambda r: r.y0)
    assert [r.text for r in two_column_order(rows, 595.0)] == left + right + below
