"""The review page: every finding with the place it stands, read back by an HTML
parser and by a real browser (headless Chromium)."""

from __future__ import annotations

import base64
import json
import shutil
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pymupdf
import pytest

from extractor import Finding, Provenance, Report, extract
from extractor.cli import main
from extractor.output.json import report_to_json
from extractor.output.review import render_review, write_review
from extractor.output.review.sources import (
    PdfView,
    Picture,
    Settings,
    band_clip,
    candidate_paths,
    line_windows,
    locate_source,
)
from tests.conftest import ROOT

SAMPLES = [
    "samples/ostersund-2015-libreoffice.pdf",
    "samples/vasteras-2013-reportlab.pdf",
    "samples/ostersund-2015.txt",
]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch-like output folder: one report JSON per sample (source paths relative to
    the repository root, as a batch run there writes them) and a manifest with a failure."""
    folder = tmp_path_factory.mktemp("out")
    manifest = []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        for sample in SAMPLES:
            report = extract(sample)
            (folder / f"{Path(sample).stem}.json").write_text(report_to_json(report), "utf-8")
            manifest.append({"path": sample, "status": "findings", "error": None})
    manifest.append({"path": "inbox/broken.pdf", "status": "failed", "error": "not a readable PDF"})
    (folder / "manifest.jsonl").write_text("".join(json.dumps(m) + "\n" for m in manifest), "utf-8")
    (folder / "notes.json").write_text('{"not": "a report"}', "utf-8")  # ignored: no schema_version
    return folder


def reports_in(folder: Path) -> list[Report]:
    return [
        Report.model_validate_json(p.read_text("utf-8"))
        for p in sorted(folder.glob("*.json"))
        if json.loads(p.read_text("utf-8")).get("schema_version") == "1"
    ]


# --- a small tree from the standard library's HTML parser -------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def all(self, tag: str, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if child.tag == tag and (cls is None or cls in child.attrs.get("class", "").split()):
                found.append(child)
            found += child.all(tag, cls)
        return found

    def content(self) -> str:
        return self.text + "".join(c.content() for c in self.children)


class TreeBuilder(HTMLParser):
    VOID = {"img", "meta", "br", "input", "link", "rect", "line"}

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Node("#text", {}, text=data))


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


# --- the page, read by a parser ---------------------------------------------------


@pytest.fixture(scope="module")
def page(outdir: Path) -> str:
    html, summary = render_review(outdir, source_root=ROOT)
    assert summary.reports == 3 and summary.missing_sources == 0 and summary.unread == 1
    return html


def test_every_finding_is_on_the_page_with_its_values(outdir: Path, page: str) -> None:
    reports = reports_in(outdir)
    articles = parse(page).all("article", "finding")

    def shown_as(value: object) -> str:
        return "—" if value is None else str(value)

    expected = sorted(
        (f.code.value, shown_as(f.expected), shown_as(f.found)) for r in reports for f in r.findings
    )
    shown = []
    for article in articles:
        values = {v.attrs["class"].split()[1]: v.all("b")[0].content() for v in article.all("div", "value")}
        shown.append((article.attrs["data-code"], values.get("expected", "—"), values.get("found", "—")))
    assert sorted(shown) == expected
    assert any(code == "SUM_MISMATCH" for code, _, _ in shown)


def test_each_pdf_finding_shows_a_crop_per_page_with_its_numbers_outlined(outdir: Path, page: str) -> None:
    sections = {s.attrs["data-source"]: s for s in parse(page).all("section", "report")}
    for report in reports_in(outdir):
        if report.source.kind != "pdf":
            continue
        articles = sections[report.source.path].all("article", "finding")
        assert len(articles) == len(report.findings)
        for finding, article in zip(report.findings, articles, strict=True):
            assert article.all("span", "message")[0].content() == finding.message
            shows_a_crop_per_page(finding, article)


def shows_a_crop_per_page(finding: Finding, article: Node) -> None:
    if not finding.locations:
        return
    images = article.all("img")
    pages = {loc.page for loc in finding.locations}
    assert len(images) == len(pages), finding.message  # one crop per page
    assert len(article.all("span", "outline")) == sum(loc.bbox is not None for loc in finding.locations)
    for img in images:
        src = img.attrs["src"]
        assert src.startswith("data:image/jpeg;base64,")
        pix = pymupdf.Pixmap(base64.b64decode(src.split(",", 1)[1]))
        assert (pix.width, pix.height) == (int(img.attrs["width"]), int(img.attrs["height"]))
        assert pix.width > 200 and pix.height > 40


def test_a_transcript_finding_shows_the_lines_around_its_numbers(page: str) -> None:
    articles = parse(page).all("article", "finding")
    text_sum = next(
        a
        for a in articles
        if a.attrs["data-code"] == "SUM_MISMATCH" and a.all("pre", "lines") and not a.all("img")
    )
    hits = text_sum.all("span", "hit")
    assert [h.all("span", "ln")[0].content() for h in hits] == ["540", "541", "542", "543", "544", "545"]
    assert "68" in hits[-1].content().split()[1:]  # the printed total row
    numbers = [s.content() for s in text_sum.all("span", "ln")]
    assert numbers[0] == "538" and numbers[-1] == "547"  # two lines of context either side


def test_areas_are_shown_beside_their_pages(outdir: Path, page: str) -> None:
    tree = parse(page)
    sections = tree.all("section", "report")
    assert len(sections) == 3
    for section in sections:
        areas = section.all("details", "area")
        assert [a.attrs["data-area"] for a in areas] == [str(n) for n in range(1, 9)]
        for area in areas:
            assert area.all("table", "questions")
            assert area.all("img") or area.all("pre", "lines")
    assert len(tree.all("svg", "bars")) == 6  # one chart in the list and one per report


def test_the_page_needs_no_network(page: str) -> None:
    tree = parse(page)
    assert not tree.all("link")
    assert all("src" not in s.attrs for s in tree.all("script"))
    assert all(i.attrs["src"].startswith("data:") for i in tree.all("img"))
    assert "http://" not in page and "https://" not in page


def test_failed_inputs_from_the_manifest_are_listed(page: str) -> None:
    failed = parse(page).all("section", "failed")
    assert len(failed) == 1 and "inbox/broken.pdf" in failed[0].content()


def test_a_missing_source_is_said_on_the_page(outdir: Path, tmp_path: Path) -> None:
    data = json.loads((outdir / "vasteras-2013-reportlab.json").read_text("utf-8"))
    data["source"]["path"] = "gone/vasteras-2013.pdf"
    (tmp_path / "vasteras.json").write_text(json.dumps(data), "utf-8")
    html, summary = render_review(tmp_path, source_root=tmp_path)
    assert summary.missing_sources == 1
    articles = parse(html).all("article", "finding")
    assert len(articles) == 5 and not parse(html).all("img")
    assert all("gone/vasteras-2013.pdf not found" in a.content() for a in articles)


def test_a_moved_source_is_found_under_source_root_by_name_and_hash(outdir: Path, tmp_path: Path) -> None:
    report = next(r for r in reports_in(outdir) if r.source.kind == "text")
    shutil.copy(ROOT / report.source.path, tmp_path / "ostersund-2015.txt")
    report.source.path = "elsewhere/ostersund-2015.txt"  # extracted in another folder
    located = locate_source(report.source, tmp_path / "out", tmp_path)
    assert located.path == tmp_path / "ostersund-2015.txt" and located.note is None
    (tmp_path / "ostersund-2015.txt").write_text("changed\n", "utf-8")
    assert "differs" in (locate_source(report.source, tmp_path / "out", tmp_path).note or "")


def test_candidate_paths_try_the_source_root_then_the_folders_above_the_output() -> None:
    paths = candidate_paths("in/a.pdf", Path("/data/run/out"), Path("/src"))
    assert paths[:2] == [Path("/src/in/a.pdf"), Path("/src/a.pdf")]
    assert Path("/data/run/in/a.pdf") in paths and Path("/data/in/a.pdf") in paths


def test_band_clip_keeps_whole_lines_and_the_row_label() -> None:
    page = (0.0, 0.0, 595.0, 842.0)
    number = (409.0, 170.0, 420.0, 180.0)
    words = [(71.0, 170.0, 85.0, 180.0), (100.0, 150.0, 200.0, 160.0), (100.0, 192.0, 200.0, 202.0)]
    clip = band_clip(page, [number], words, margin=14.0)
    assert clip[0] < 71.0 and clip[2] > 420.0  # widened to the row's label
    assert clip[1] <= 150.0 and clip[3] >= 202.0  # the lines cut by the margin are kept whole


def test_line_windows_merge_overlapping_context() -> None:
    assert line_windows([540, 545, 541, 91], 2, 600) == [(89, 93), (538, 547)]
    assert line_windows([1, 600], 2, 600) == [(1, 3), (598, 600)]


def run_kompass(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """The command line in this process (its start-up costs seconds in a subprocess)."""
    monkeypatch.setattr(sys, "argv", ["kompass", *args])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_review_command_writes_the_page_and_fails_cleanly_on_a_missing_folder(
    outdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "review.html"
    assert run_kompass(monkeypatch, "review", str(outdir), "-o", str(target), "--source-root", str(ROOT)) == 0
    findings = sum(len(r.findings) for r in reports_in(outdir))
    out = capsys.readouterr()
    assert f"3 reports, {findings} findings, 1 without a report, 0 sources not found" in out.out
    assert target.read_text("utf-8").startswith("<!doctype html>")
    assert run_kompass(monkeypatch, "review", str(tmp_path / "nothing")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a folder" in err


# --- the page, in a real browser ----------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
)
def test_the_page_in_headless_chromium(outdir: Path, tmp_path: Path) -> None:
    from playwright.sync_api import Route, sync_playwright

    review = tmp_path / "review.html"
    write_review(outdir, review, source_root=ROOT)
    reports = reports_in(outdir)
    total = sum(len(r.findings) for r in reports)
    sums = sum(f.code.value == "SUM_MISMATCH" for r in reports for f in r.findings)
    outside: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh --user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            browser.route("**/*", only_local)
            tab = browser.new_page()
            tab.goto(review.as_uri())
            findings = tab.locator("article.finding")
            assert findings.count() == total
            assert tab.locator("article.finding:visible").count() == total
            # Every finding image decoded and laid out at a visible size.
            sizes = tab.eval_on_selector_all(
                "article.finding img",
                "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width])",
            )
            assert sizes and all(done and natural > 0 and shown > 100 for done, natural, shown in sizes)
            assert tab.locator("article.finding .outline").first.is_visible()
            assert tab.locator("pre.lines .hit").first.is_visible()

            tab.select_option("#f-code", "SUM_MISMATCH")
            visible = tab.locator("article.finding:visible")
            assert visible.count() == sums
            assert {visible.nth(i).get_attribute("data-code") for i in range(sums)} == {"SUM_MISMATCH"}
            assert tab.locator("#shown").inner_text() == f"{sums} of {total} findings shown"

            tab.select_option("#f-code", "")
            tab.select_option("#f-municipality", "Västerås")
            assert tab.locator("section.report:visible").count() == 1
            assert tab.locator("tr[data-report]:visible").count() == 1
            assert tab.locator("article.finding:visible").count() == 5
            tab.select_option("#f-municipality", "")

            shot = tmp_path / "review.png"
            tab.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
    assert outside == []


def test_a_word_finding_shows_the_paragraphs_the_reader_numbered(tmp_path: Path) -> None:
    report = extract("samples/vasteras-2013.docx")
    (tmp_path / "vasteras.json").write_text(report_to_json(report), "utf-8")
    html, _ = render_review(tmp_path, source_root=ROOT)
    finding = next(f for f in report.findings if f.code.value == "SCORE_ABOVE_MAX")
    article = next(
        a for a in parse(html).all("article", "finding") if a.attrs["data-code"] == "SCORE_ABOVE_MAX"
    )
    hits = {h.all("span", "ln")[0].content(): h.content() for h in article.all("span", "hit")}
    assert sorted(hits) == sorted(str(loc.line) for loc in finding.locations)
    printed = [text.removeprefix(number).strip() for number, text in hits.items()]
    assert sorted(printed) == sorted([str(finding.found), str(finding.expected)])  # 22 of a max of 20


def test_a_crop_of_a_rotated_page_holds_the_outlined_number() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((100, 100), "Uppnått 68", fontsize=20)
    page.set_rotation(90)
    number = next(w for w in page.get_text("words") if w[4] == "68")  # unrotated points, as the reader gives
    view = PdfView(None, doc, Settings())
    [crop] = view.places([Provenance(page=1, bbox=tuple(number[:4]))], dpi=72)
    assert isinstance(crop, Picture) and len(crop.boxes) == 1
    box = crop.boxes[0]
    assert box.left >= 0 and box.left + box.width <= 100 and box.top >= 0 and box.top + box.height <= 100
    pix = pymupdf.Pixmap(base64.b64decode(crop.data_uri.split(",", 1)[1]))
    assert sum(v < 100 for v in pix.samples) > 50  # the digits are in the crop, not white page
