"""Cited municipalities: literal sentences, the Östersund 2015 expectations, `kompass examples`."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from extractor import extract
from extractor.catalogue.municipalities import Municipality, find_municipalities, name_starts
from extractor.input.document import Span
from extractor.layout.rows import Row
from extractor.models import Report
from extractor.output.examples import citations, format_ranking, rank, read_reports
from extractor.output.json import report_to_json
from extractor.report import references
from extractor.report.references import references_in_text, role_of, rows_to_paragraphs, section_references
from tests.conftest import ROOT


def found(text: str, own: str | None = None) -> list[tuple[str, str]]:
    return [(r.municipality, r.role) for r in references_in_text(text, own)]


# --- literal sentences -------------------------------------------------------------


def test_an_interesting_example_is_an_example() -> None:
    refs = references_in_text("Här kan Karlstad vara ett intressant exempel.")
    assert [(r.municipality, r.as_printed, r.role) for r in refs] == [("Karlstad", "Karlstad", "example")]
    assert refs[0].sentence == "Här kan Karlstad vara ett intressant exempel."


def test_partners_in_a_federation_are_mentions_and_genitive_is_nominative() -> None:
    text = "Östersund, Bräcke, Krokoms och Ragunda kommuner ingår i ett gemensamt gymnasieförbund."
    refs = references_in_text(text, own="Östersund")
    assert [(r.municipality, r.as_printed, r.role) for r in refs] == [
        ("Bräcke", "Bräcke", "mention"),
        ("Krokom", "Krokoms", "mention"),
        ("Ragunda", "Ragunda", "mention"),
    ]


def test_genitive_of_a_cited_municipality() -> None:
    text = "Ett lärande exempel att titta på kan vara Eskilstunas arbete med flyktingguider."
    assert [(r.municipality, r.as_printed) for r in references_in_text(text)] == [
        ("Eskilstuna", "Eskilstunas")
    ]


@pytest.mark.parametrize("printed", ["Dals Ed", "Dals-Ed", "Dals-Eds"])
def test_dals_ed_with_space_or_hyphen(printed: str) -> None:
    text = f"Några andra exempel kan vara cafédialog innan fullmäktigemöten i {printed}."
    refs = references_in_text(text)
    assert [(r.municipality, r.as_printed, r.role) for r in refs] == [("Dals-Ed", printed, "example")]


def test_own_municipality_is_not_a_reference_in_any_form() -> None:
    text = (
        "Östersund har deltagit i SKL:s Medborgardialogprojekt. På Östersunds hemsida finns mål. "
        "Östersunds kommun är ett gott exempel."
    )
    assert found(text, own="Östersund") == []
    assert found(text, own=None) == [
        ("Östersund", "mention"),
        ("Östersund", "mention"),
        ("Östersund", "example"),
    ]


def test_foreign_places_are_never_municipalities() -> None:
    text = (
        "Östersund har vänorter; Odense i Danmark, Kajaani i Finland. Sedan 2014 finns ett "
        "vänortssamarbete med Bangkok, ett gott exempel. Samverkan mellan Östersund, Sundsvall "
        "och Trondheim kring en grön transportkorridor, St. Olavsleden."
    )
    assert found(text, own="Östersund") == [("Sundsvall", "mention")]


def test_a_misspelt_name_is_mended() -> None:
    assert found("Ett gott exempel är webben i Örnsköldvik.") == [("Örnsköldsvik", "example")]


def test_a_misspelt_two_word_name_is_mended_but_not_a_word_beside_a_name() -> None:
    assert found("Studera gärna Upplands Wäsby.") == [("Upplands Väsby", "example")]
    # "Stads" is one letter from the genitive "Ystads": it is the word after the name
    assert found("Ett exempel är Göteborgs Stads arbete med trygghetsvandringar.") == [
        ("Göteborg", "example")
    ]


def test_institutions_and_regions_named_after_a_municipality_are_not_it() -> None:
    text = "Forskare vid Örebro universitet och Stockholms universitet samarbetar med Region Stockholm."
    assert found(text) == []


def test_words_that_are_also_names_need_context() -> None:
    # "Vara" is a verb and "mark" a noun here; "Mark" beside a capitalised word is a person.
    assert found("Vara en förebild är svårt. Kommunen äger mark. Mark Smith är ett exempel.") == []


def test_list_of_examples_after_t_ex_and_one_sentence_each() -> None:
    text = (
        "Här finns flera kommunala exempel, som t.ex. Upplands Väsby, Stockholm och Nacka. "
        "Falun deltar i KKiK och jämför sig med Borlänge och Gävle."
    )
    assert found(text) == [
        ("Upplands Väsby", "example"),
        ("Stockholm", "example"),
        ("Nacka", "example"),
        ("Falun", "mention"),
        ("Borlänge", "mention"),
        ("Gävle", "mention"),
    ]


def test_a_list_ending_abbreviation_ends_the_sentence() -> None:
    text = "Jämförelser görs avseende nöjdhet, bemötande, m.m. Detta görs bl.a. i Hammarö."
    refs = references_in_text(text)
    assert [(r.municipality, r.sentence) for r in refs] == [("Hammarö", "Detta görs bl.a. i Hammarö.")]


def test_continuation_of_an_example_sentence() -> None:
    previous = "Ett lärande exempel att titta på kan vara arbetet med flyktingguider."
    assert role_of("Ett annat är Västerås satsning i Bäckby.", previous) == "example"
    assert role_of("Ett annat är Västerås satsning i Bäckby.", "Kommunen har en plan.") == "mention"
    assert (
        role_of("Eskilstuna och Västerås är två andra kommuner som arbetar med chefskontrakt.") == "example"
    )


def test_paragraphs_join_wrapped_rows_and_mend_hyphens() -> None:
    def row(y: float, *words: str, page: int = 1) -> Row:
        return Row(
            page,
            [Span(w, 72 + 40 * i, y, 100 + 40 * i, y + 10, 10.0, page=page) for i, w in enumerate(words)],
        )

    rows = [
        row(100, "Inspiration", "kan", "fås", "från", "Eskil-"),
        row(113, "stuna", "och", "Sträng-"),
        row(126, "näs."),
        row(150, "Nytt", "stycke", "om", "Motala."),  # a paragraph gap: a new paragraph
    ]
    paragraphs = rows_to_paragraphs(rows)
    assert [p.text for p in paragraphs] == [
        "Inspiration kan fås från Eskilstuna och Strängnäs.",
        "Nytt stycke om Motala.",
    ]


# --- the prescan that spares spaCy most text -------------------------------------------

TRICKY = [
    "Inspiration kan hämtas från Östersunds kommun och Karlstads arbete.",
    "Samarbetet Stockholms-Uppsala, Upplands-Bro och Dals-Eds kommun; Göteborgs-Posten skrev.",
    "Örnsköldvik och Upplands Wäsby har goda exempel; likaså Eskilstune och Eskilstunas.",
    "Vara kommun svarade. Man kan vara Vara. Region Gotland och Region Stockholm samverkar.",
    "Kommunen Fattaru Karlstad? Driveru Strängnäs, bl.a. m.m. Nacka etc. Solna. Eskilstuna Driveru.",
    "Nord--Östersund, Öster- och Västerås, (Karlstad), »Nacka«, Karlstad.Nacka, KARLSTAD.",
    "Östersund_kommun, 2020Karlstad, Upplands\u00a0Väsby, Upplands  Väsby och Upplands\nVäsby.",
    "Bodø kommune samarbeider med Trondheim og Östersund; se også Tromsø og Lillehammer kommune.",
    "Kristiansand og Bergen har gode eksempler, som Stavanger.",
]


def _everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the prescan find a possible reference everywhere: every paragraph, item
    and sentence goes through spaCy and every check, as without the prescan."""
    anyone = Municipality("0000", "-", "-", "-", ())
    monkeypatch.setattr(references, "name_starts", lambda text, other_than=None: iter([(0, len(text))]))
    monkeypatch.setattr(references, "_fuzzy_hits", lambda text: iter([(0, len(text), anyone)]))


def _corpus() -> list[str]:
    """The running text of the sample contents, and the tricky cases."""
    texts = list(TRICKY)

    def walk(node: object) -> None:
        if isinstance(node, str) and len(node) > 20:
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "samples" / "content").glob("*.json")):
        walk(json.loads(path.read_text("utf-8")))
    return texts


@pytest.mark.parametrize("own", [None, "Östersund", "Karlstad"])
def test_the_prescan_loses_no_reference_in_tricky_text(
    own: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = [references_in_text(text, own) for text in TRICKY]
    with monkeypatch.context() as m:
        _everywhere(m)
        slow = [references_in_text(text, own) for text in TRICKY]
    assert fast == slow
    assert any(fast)


def test_every_token_that_misspelt_may_try_is_a_candidate() -> None:
    """The claim `_hits` rests on, checked on spaCy's own tokens: every name-like token,
    and every pair with the next capitalised token of letters, is among the candidates
    at its place (with line breaks and several spaces for single spaces, too)."""
    nlp = references.build_pipeline()
    for text in _corpus():
        for variant in (text, text.replace(" ", "\n"), text.replace(" ", "  ")):
            candidates = set(references._fuzzy_candidates(variant))
            doc = nlp.make_doc(variant)
            for token in doc:
                if not references._is_name_like(token.text):
                    continue
                assert (token.idx, token.idx + len(token), token.text) in candidates, token.text
                nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
                if nxt is not None and nxt.text[:1].isupper() and nxt.text.isalpha():
                    pair = (token.idx, nxt.idx + len(nxt), f"{token.text} {nxt.text}")
                    assert pair in candidates, pair


def test_every_name_the_gazetteer_reads_in_a_sentence_starts_at_a_name_start() -> None:
    nlp = references.build_pipeline()
    for text in _corpus():
        starts = {a for a, _ in name_starts(text)}
        for sentence in nlp(text).sents:
            for _, a, _ in find_municipalities(sentence.text):
                assert sentence.start_char + a in starts, sentence.text


def test_a_name_cut_at_a_line_end_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def row(y: float, *words: str) -> Row:
        return Row(
            1, [Span(w, 72 + 40 * i, y, 100 + 40 * i, y + 10, 10.0, page=1) for i, w in enumerate(words)]
        )

    rows = [
        row(100, "Ett", "gott", "exempel", "är", "Öster-"),
        row(113, "sunds", "arbete."),
        row(140, "Studera", "Upplands"),  # a paragraph gap: a new paragraph
        row(153, "Wäsby", "och", "Karl\u00adstad", "och", "Strängnäs."),
        row(180, "Bara", "ord", "här."),
    ]
    refs = section_references(rows, 0, [], "Karlstad")
    assert [(r.municipality, r.as_printed) for r in refs] == [
        ("Östersund", "Östersunds"),
        ("Upplands Väsby", "Upplands Wäsby"),
        ("Strängnäs", "Strängnäs"),
    ]
    with monkeypatch.context() as m:
        _everywhere(m)
        assert section_references(rows, 0, [], "Karlstad") == refs


@pytest.mark.parametrize(
    "sample",
    [
        "samples/ostersund-2015.txt",
        "samples/ostersund-2015-chromium.pdf",
        "samples/dals-ed-2010-libreoffice.pdf",
        "samples/karlstad-2021-reportlab.pdf",
    ],
)
def test_the_prescan_changes_no_report(sample: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = report_to_json(extract(sample))
    with monkeypatch.context() as m:
        _everywhere(m)
        slow = report_to_json(extract(sample))
    assert fast == slow


# --- the samples ---------------------------------------------------------------------

OSTERSUND_EXAMPLES = {
    1: {"Karlstad", "Upplands Väsby", "Stockholm", "Nacka", "Örnsköldsvik", "Bengtsfors", "Dals-Ed"},
    3: {"Eskilstuna", "Strängnäs", "Upplands Väsby"},
    7: {"Motala", "Borås", "Västerås"},
}


@cache
def _extracted(sample: str) -> Report:
    return extract(sample)


@pytest.mark.parametrize("sample", ["samples/ostersund-2015.txt", "samples/ostersund-2015-reportlab.pdf"])
def test_ostersund_2015_cites_its_examples(sample: str) -> None:
    report = _extracted(sample)
    for number, expected in OSTERSUND_EXAMPLES.items():
        area = report.area(number)
        assert area is not None
        examples = {r.municipality for r in area.references if r.role == "example"}
        assert expected <= examples, (number, expected - examples)
    area2 = report.area(2)
    assert area2 is not None
    roles = {r.municipality: r.role for r in area2.references}
    assert {k: roles.get(k) for k in ("Bräcke", "Krokom", "Ragunda")} == dict.fromkeys(
        ("Bräcke", "Krokom", "Ragunda"), "mention"
    )
    every = [r for a in report.areas for r in a.references]
    assert "Östersund" not in {r.municipality for r in every}
    assert not {"Bangkok", "Trondheim", "Odense"} & {r.as_printed for r in every}


def test_reference_provenance_points_at_the_printed_name() -> None:
    import pymupdf

    sample = "samples/ostersund-2015-reportlab.pdf"
    refs = [r for a in _extracted(sample).areas for r in a.references]
    with pymupdf.open(sample) as doc:
        for ref in refs:
            assert ref.provenance.page is not None and ref.provenance.bbox is not None
            x0, y0, x1, y1 = ref.provenance.bbox
            clip = pymupdf.Rect(x0 - 1, y0 - 1, x1 + 1, y1 + 1)
            words = doc[ref.provenance.page - 1].get_text("text", clip=clip)
            assert ref.as_printed is not None
            assert ref.as_printed.split()[0] in words, (ref.as_printed, words)


def test_transcript_references_carry_the_source_line() -> None:
    area1 = _extracted("samples/ostersund-2015.txt").area(1)
    assert area1 is not None
    karlstad = next(r for r in area1.references if r.municipality == "Karlstad")
    line = karlstad.provenance.line
    assert line is not None
    text = (ROOT / "samples/ostersund-2015.txt").read_text("utf-8").splitlines()[line - 1]
    assert "Här kan Karlstad vara ett intressant exempel." in text


# --- kompass examples ----------------------------------------------------------------


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    for sample in ("samples/ostersund-2015.txt", "samples/ostersund-2015-reportlab.pdf"):
        name = Path(sample).name.replace(".", "_") + ".json"
        (tmp_path / name).write_text(report_to_json(_extracted(sample)), "utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"not": "a report"}), "utf-8")
    (tmp_path / "broken.json").write_text("{", "utf-8")
    return tmp_path


def test_examples_library_counts_each_citation_once(outdir: Path) -> None:
    reports = read_reports(outdir)
    assert len(reports.reports) == 2 and len(reports.skipped) == 2
    ranked = rank(citations(reports))
    top = ranked[0]
    # the transcript and the PDF are one report: Eskilstuna is cited in 5 sentences, not 10
    assert (top.municipality, len(top.citations), top.reports) == ("Eskilstuna", 5, ["Östersund 2015"])
    assert {r.municipality for r in rank(citations(reports, area=7))} == {"Motala", "Borås", "Västerås"}
    mentions = rank(citations(reports, role="mention"))
    assert {r.municipality for r in mentions} == {"Bräcke", "Krokom", "Ragunda", "Sundsvall"}
    assert "Eskilstuna" in format_ranking(ranked, limit=3)


def kompass(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_kompass_examples_by_topic_prints_who_cites_whom(outdir: Path) -> None:
    run = kompass("examples", str(outdir), "--topic", "DIALOG", "--sentences")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split()[0] == "municipality"
    cited = {line.split()[0] for line in lines[1:] if not line.startswith(" ")}
    assert cited == {"Bengtsfors", "Dals-Ed", "Eskilstuna", "Örnsköldsvik"}
    assert any(
        "Östersund 2015, area 3: Eskilstuna är en kommun som också arbetar med dialogsamtal." in x
        for x in lines
    )


def test_kompass_examples_without_reports_exits_2(tmp_path: Path) -> None:
    run = kompass("examples", str(tmp_path))
    assert run.returncode == 2
    assert run.stderr.startswith("kompass: ") and len(run.stderr.splitlines()) == 1


def test_export_has_an_area_references_table(outdir: Path) -> None:
    import sqlite3

    from extractor.output.archive import load_archive
    from extractor.output.export import export
    from extractor.output.tables import archive_rows

    for other in ("broken.json", "manifest.json"):  # the archive loader refuses JSON that is no report
        (outdir / other).unlink()
    target = export(archive_rows(load_archive(outdir)), "sqlite", outdir / "archive.sqlite")
    data = [json.loads(p.read_text("utf-8")) for p in sorted(outdir.glob("ostersund*.json"))]
    expected = sum(len(a["references"]) for d in data for a in d["areas"])
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT count(*) FROM area_references").fetchone()[0] == expected
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = db.execute(
            "SELECT DISTINCT municipality, role FROM area_references WHERE area = 2 AND role = 'mention'"
        ).fetchall()
    assert sorted(rows) == [("Bräcke", "mention"), ("Krokom", "mention"), ("Ragunda", "mention")]
