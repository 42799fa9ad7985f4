"""Render the sample reports in samples/content/*.json to DOCX and PDF.

Usage:
    .venv/bin/python samples/build.py [--only NAME] [--producer libreoffice|reportlab]

Producers:

- ``libreoffice``: a Word document built with python-docx (Heading styles, the
  built-in "List Bullet" style, "Table Grid" tables, header/footer page fields, a
  table of contents with dot leaders), saved as ``samples/<id>.docx`` and converted
  with ``soffice --headless --convert-to pdf`` into ``samples/<id>-libreoffice.pdf``.
  The document is rendered twice so that the page numbers in the table of contents
  are the pages the headings land on.
- ``reportlab``: the same content laid out with reportlab platypus and an embedded
  TrueType font, into ``samples/<id>-reportlab.pdf``.
- ``transcript``: a text transcript in the format of ``samples/ostersund-2015.txt``
  (tab-separated table rows, HTML ``<ul>`` fragments in the table cells), into
  ``samples/<id>.txt``. Only for content files whose ``producers`` list names it.

Run ``samples/golden.py`` afterwards: the golden files carry the sha256 of these files.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
PRODUCERS = ("libreoffice", "reportlab")  # the default of a content file without "producers"
ALL_PRODUCERS = (*PRODUCERS, "transcript")
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation2"),
]

Content = dict[str, Any]


# --------------------------------------------------------------------------- content


def load(path: Path) -> Content:
    with path.open(encoding="utf-8") as fh:
        data: Content = json.load(fh)
    return data


def toc_entries(c: Content) -> list[tuple[int, str]]:
    """(level, heading text) in reading order; level 0 = chapter, 1 = area."""
    out: list[tuple[int, str]] = [(0, ch["heading"]) for ch in c["intro"]]
    out.append((0, c["areas_heading"]))
    out += [(1, area_heading(a)) for a in c["areas"]]
    out.append((0, c["overview_heading"]))
    out += [(0, s["heading"]) for s in c.get("other_score_sets", [])]
    return out


def area_heading(a: Content) -> str:
    return f"Område {a['number']} {a['title_printed']}"


def split_number(heading: str) -> tuple[str, str]:
    m = re.match(r"(\d+\.?)\s+(.*)", heading)
    return (m.group(1), m.group(2)) if m else ("", heading)


def font_path(name: str) -> str:
    for d in FONT_DIRS:
        p = d / name
        if p.exists():
            return str(p)
    raise SystemExit(f"font {name} not found in {FONT_DIRS}")


def chart_png(c: Content, kind: str) -> bytes:
    """A small chart of the stated area scores, as PNG bytes (an image, not text)."""
    from PIL import Image, ImageDraw, ImageFont

    scores = [(a["number"], a["stated_score"] or 0) for a in c["areas"]]
    font = ImageFont.truetype(font_path("DejaVuSans.ttf"), 13)
    small = ImageFont.truetype(font_path("DejaVuSans.ttf"), 11)
    if kind == "scores_table":
        w, h = 520, 40 + 22 * (len(scores) + 2)
        img = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(img)
        d.rectangle([0, 0, w - 1, 30], fill=(31, 73, 125))
        d.text((10, 8), "Område", font=font, fill="white")
        d.text((w - 90, 8), "Poäng", font=font, fill="white")
        y = 36
        titles = {a["number"]: a["title"] for a in c["areas"]}
        for n, s in scores:
            d.text((10, y), f"{n}. {titles[n]}", font=small, fill="black")
            d.text((w - 80, y), str(s), font=small, fill="black")
            d.line([0, y + 19, w, y + 19], fill=(200, 200, 200))
            y += 22
        d.text((10, y + 2), "Totalt", font=font, fill="black")
        d.text((w - 80, y + 2), str(sum(s for _, s in scores)), font=font, fill="black")
    else:
        w, h = 560, 260
        img = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(img)
        left, bottom, top = 40, h - 30, 20
        for v in range(0, 101, 20):
            y = bottom - (bottom - top) * v / 100
            d.line([left, y, w - 10, y], fill=(220, 220, 220))
            d.text((8, y - 7), str(v), font=small, fill="black")
        bw = (w - left - 20) / len(scores)
        for i, (n, s) in enumerate(scores):
            x0 = left + 6 + i * bw
            y0 = bottom - (bottom - top) * s / 100
            d.rectangle([x0, y0, x0 + bw - 12, bottom], fill=(79, 129, 189))
            d.text((x0 + bw / 2 - 10, bottom + 6), str(n), font=small, fill="black")
        d.line([left, bottom, w - 10, bottom], fill="black")
    img = img.convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


# --------------------------------------------------------------------------- variants

VARIANTS_FILE = HERE / "variants.json"

# Layout variations of the reportlab producer; samples/variants.json combines them.
VARIANT_OPTIONS: Content = {
    "cell_glyph": "▪",  # bullet in table cells: a glyph, or "num" for 1. 2. 3.
    "subarea_glyph": None,  # bullet of the Rubriker cell (default: cell_glyph)
    "text_glyph": "•",  # bullet of lists in running text
    "score": "table",  # table (Poäng cell) | heading (end of the heading line) | points ("Poäng: 66")
    "bullets": "table",  # table (one row) | rows (a row per item) | lists (under own headings)
    "repeat_header": True,  # repeat the header row of a table split over pages
    "push_bullets": False,  # start the bullets low on a page, so they break over a page
    "split_in_row": False,  # a table row may break over pages (an item continues overleaf)
    "two_columns": False,  # narrative in two balanced columns
    "overview": "tables",  # tables (one per area) | headerless | long (one table over pages)
    "total_label": None,  # label of the overview total row ("Summa")
    "question_width_cm": None,  # width of the question text column (narrow: wrapped texts)
    "ligatures": False,  # print fi/fl as the ligature characters U+FB01/U+FB02
    "hyphenate": False,  # soft hyphens in long words: reportlab breaks and hyphenates them
    "summary": None,  # None | text ("Totalt N av 800 poäng") | table (area scores and Totalt)
    # content changes (golden.py applies the same through variant_content):
    "percent_style": None,  # space "80 %" | nbsp "80\u00a0%" | bare "80" | decimal "66,7 %"
    "drop_score": [],  # areas whose stated score is not printed (null + UNREADABLE)
    "stated_total_offset": None,  # summary total = sum of area scores + offset
}


def variants() -> list[Content]:
    """The layout variants: id, base content id, producer and options."""
    if not VARIANTS_FILE.exists():
        return []
    with VARIANTS_FILE.open(encoding="utf-8") as fh:
        data: list[Content] = json.load(fh)["variants"]
    return data


def printed(text: str, opts: Content) -> str:
    """The text as the variant prints it: ligature characters, soft hyphens."""
    if opts.get("ligatures"):
        text = text.replace("fi", "\ufb01").replace("fl", "\ufb02")
    if opts.get("hyphenate"):
        text = re.sub(r"(?<![\w\u00ad])[a-zåäö]{14,}(?![\w\u00ad])", _soft_hyphens, text)
    return text


def _soft_hyphens(m: re.Match[str]) -> str:
    """A soft hyphen every six letters, none in the last four."""
    w = m.group(0)
    cuts = range(6, len(w) - 3, 6)
    parts = [w[a:b] for a, b in zip([0, *cuts], [*cuts, len(w)], strict=True)]
    return "\u00ad".join(parts)


def _percent_text(value: int | float, style: str | None, printed_: str) -> str:
    number = f"{value:g}".replace(".", ",")
    if style == "space":
        return f"{number} %"
    if style == "nbsp":
        return f"{number}\u00a0%"
    if style == "bare":
        return number
    if style == "decimal":
        return f"{number} %"
    return printed_


def _half_up(achieved: int, maximum: int, decimals: int) -> int | float:
    scale = 10**decimals
    value = (200 * scale * achieved + maximum) // (2 * maximum)
    return value / scale if decimals else value


def variant_content(c: Content, v: Content) -> Content:
    """Content `c` as variant `v` prints it: percent style, missing scores, summary total.

    Expected findings change with it: a score not printed is an UNREADABLE warning
    (and no longer a HEADING_MISMATCH); a stated total that differs from the sum of the
    area scores is a TOTAL_MISMATCH.
    """
    import copy

    opts = {**VARIANT_OPTIONS, **v.get("options", {})}
    c = copy.deepcopy(c)
    c["id"] = v["id"]
    style = opts["percent_style"]
    if style:
        for o in c["overview"]:
            for row in [*o["questions"], *([o["total"]] if o.get("total") else [])]:
                m = re.fullmatch(r"\s*(\d+)\s*%?\s*", row["percent_printed"])
                assert m, row
                value: int | float = int(m.group(1))
                if style == "decimal" and value == _half_up(row["achieved"], row["max"], 0):
                    value = _half_up(row["achieved"], row["max"], 1)
                row["percent_printed"] = _percent_text(value, style, row["percent_printed"])
    findings = c.setdefault("expected_findings", [])
    for n in opts["drop_score"]:
        area = next(a for a in c["areas"] if a["number"] == n)
        area["stated_score"] = None
        findings[:] = [f for f in findings if not (f["area"] == n and f["field"] == "stated_score")]
        findings.append(
            {
                "code": "UNREADABLE",
                "severity": "warning",
                "area": n,
                "question": None,
                "field": "stated_score",
                "expected": None,
                "found": None,
                "message": f"Område {n}: no stated score (Poäng) found in the area's section",
            }
        )
    if opts["stated_total_offset"] is not None:
        scores = [a["stated_score"] for a in c["areas"]]
        added = sum(x for x in scores if x is not None)
        c["stated_total"] = added + opts["stated_total_offset"]
        if opts["stated_total_offset"] and None not in scores:
            findings.append(
                {
                    "code": "TOTAL_MISMATCH",
                    "severity": "error",
                    "area": None,
                    "question": None,
                    "field": "stated_total",
                    "expected": added,
                    "found": c["stated_total"],
                    "message": f"the stated total is {c['stated_total']} but the area scores add up to {added}",
                }
            )
    return c


def build_variant(v: Content) -> list[Path]:
    c = variant_content(load(CONTENT / f"{v['content']}.json"), v)
    pdf = HERE / f"{v['id']}.pdf"
    if v["producer"] == "chromium":
        return build_chromium(c, v.get("options", {}), pdf)
    return build_reportlab(c, v.get("options", {}), pdf)


# --------------------------------------------------------------------------- docx


def build_docx(c: Content, pages: dict[str, int] | None, out: Path) -> None:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)

    def plain_font(style: Any, name: str) -> None:
        style.font.name = name
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        rfonts.set(qn("w:cs"), name)

    plain_font(normal, "Arial")
    for name, size in (("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 11.5)):
        st = doc.styles[name]
        plain_font(st, "Arial")
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.color.rgb = RGBColor(0x1F, 0x3A, 0x60)

    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)
    sec.different_first_page_header_footer = True
    text_width = Cm(16.0)

    def add_field(paragraph: Any, instr: str, placeholder: str) -> None:
        def fld(kind: str) -> Any:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            return el

        r = paragraph.add_run()
        r._r.append(fld("begin"))
        r = paragraph.add_run()
        it = OxmlElement("w:instrText")
        it.set(qn("xml:space"), "preserve")
        it.text = f" {instr} "
        r._r.append(it)
        r = paragraph.add_run()
        r._r.append(fld("separate"))
        paragraph.add_run(placeholder)
        r = paragraph.add_run()
        r._r.append(fld("end"))

    doc.styles["Header"].paragraph_format.tab_stops.clear_all()
    hp = sec.header.paragraphs[0]
    hp.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    hp.add_run(c["header_text"]).font.size = Pt(9)
    hp.add_run("\t")
    add_field(hp, "PAGE", "1")
    hp.add_run(" (")
    add_field(hp, "NUMPAGES", "1")
    hp.add_run(")")
    for r in hp.runs:
        r.font.size = Pt(9)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(fp, "PAGE", "1")

    # title page
    title_lines = c.get("title_lines") or [
        "KommunKompassen",
        "ANALYS AV",
        c["municipality_printed"],
        str(c["year"]),
    ]
    for i, (line, size) in enumerate(zip(title_lines, (36, 20, 28, 28), strict=True)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(150 if i == 0 else 24)
        run = p.add_run(line)
        run.font.size = Pt(size)
        run.bold = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # table of contents (static entries, page numbers from the previous rendering)
    p = doc.add_paragraph()
    r = p.add_run("Innehåll")
    r.bold, r.font.size = True, Pt(16)
    for level, heading in toc_entries(c):
        p = doc.add_paragraph()
        pf = p.paragraph_format
        pf.space_after = Pt(3)
        pf.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        page = str((pages or {}).get(heading, 0))
        if level == 0:
            num, rest = split_number(heading)
            pf.tab_stops.add_tab_stop(Cm(1.0))
            pf.left_indent, pf.first_line_indent = Cm(1.0), Cm(-1.0)
            p.add_run(f"{num}\t{rest}\t{page}")
        else:
            pf.left_indent = Cm(1.0)
            p.add_run(f"{heading}\t{page}")

    def blocks(bs: list[Content]) -> None:
        for b in bs:
            if b["type"] == "paragraph":
                doc.add_paragraph(b["text"])
            elif b["type"] == "bullets":
                for item in b["items"]:
                    doc.add_paragraph(item, style="List Bullet")
            elif b["type"] == "subheading":
                doc.add_heading(b["text"], level=3)
            elif b["type"] == "chart":
                doc.add_picture(io.BytesIO(chart_png(c, b["kind"])), width=Cm(12))

    for ch in c["intro"]:
        doc.add_heading(ch["heading"], level=1).paragraph_format.page_break_before = True
        blocks(ch["blocks"])

    def cell_bullets(cell: Any, items: list[str]) -> None:
        first = cell.paragraphs[0]
        for i, item in enumerate(items):
            p = first if i == 0 else cell.add_paragraph()
            p.style = doc.styles["List Bullet"]
            p.add_run(item).font.size = Pt(10)

    def header_cell(cell: Any, text: str) -> None:
        run = cell.paragraphs[0].add_run(text)
        run.bold = True

    def widths(table: Any, cms: list[float]) -> None:
        table.autofit = False
        for col, w in zip(table.columns, cms, strict=True):
            col.width = Cm(w)
        for row in table.rows:
            for cell, w in zip(row.cells, cms, strict=True):
                cell.width = Cm(w)

    doc.add_heading(c["areas_heading"], level=1).paragraph_format.page_break_before = True
    for i, a in enumerate(c["areas"]):
        ah = doc.add_heading(area_heading(a), level=2)
        ah.paragraph_format.page_break_before = i > 0
        ah.paragraph_format.keep_with_next = True
        t = doc.add_table(rows=2, cols=2, style="Table Grid")
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        header_cell(t.cell(0, 0), "Rubriker")
        header_cell(t.cell(0, 1), "Poäng")
        cell_bullets(t.cell(1, 0), a["subareas"])
        sp = t.cell(1, 1).paragraphs[0]
        sp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if a["stated_score"] is not None:
            run = sp.add_run(str(a["stated_score"]))
            run.bold, run.font.size = True, Pt(24)
        widths(t, [12.0, 4.0])
        for s in a["narrative"]:
            if s["heading"]:
                doc.add_heading(s["heading"], level=3)
            blocks(s["blocks"])
        doc.add_paragraph()
        t = doc.add_table(rows=2, cols=3, style="Table Grid")
        for i, label in enumerate(("Styrkor", "Förbättringsmöjligheter", "Svagheter")):
            header_cell(t.cell(0, i), label)
        cell_bullets(t.cell(1, 0), a["strengths"])
        cell_bullets(t.cell(1, 1), a["improvements"])
        cell_bullets(t.cell(1, 2), a["weaknesses"])
        widths(t, [5.4, 5.4, 5.2])

    doc.add_heading(c["overview_heading"], level=1).paragraph_format.page_break_before = True
    doc.add_paragraph(c["overview_intro"])

    def overview_table(o: Content) -> None:
        rows = 1 + len(o["questions"]) + (1 if o.get("total") else 0)
        t = doc.add_table(rows=rows, cols=5, style="Table Grid")
        for i, label in enumerate((f"{o['number']}.", o["title_printed"], "Uppnått", "Max", "Procent")):
            header_cell(t.cell(0, i), label)
        body = [
            [q["id"], q["text"], str(q["achieved"]), str(q["max"]), q["percent_printed"]]
            for q in o["questions"]
        ]
        if o.get("total"):
            tt = o["total"]
            body.append(["", "", str(tt["achieved"]), str(tt["max"]), tt["percent_printed"]])
        for r_i, row in enumerate(body, start=1):
            for c_i, val in enumerate(row):
                p = t.cell(r_i, c_i).paragraphs[0]
                if c_i >= 2:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = p.add_run(val)
                run.font.size = Pt(10)
                if r_i == len(body) and o.get("total"):
                    run.bold = True
        widths(t, [1.2, 9.6, 1.9, 1.4, 1.9])
        doc.add_paragraph()

    for o in c["overview"]:
        overview_table(o)
    for s in c.get("other_score_sets", []):  # e.g. the old criteria's scores in a change-over year
        doc.add_heading(s["heading"], level=1).paragraph_format.page_break_before = True
        doc.add_paragraph(s["intro"])
        for o in s["overview"]:
            overview_table(o)
    doc.core_properties.title = f"KommunKompassen {c['municipality']} {c['year']}"
    doc.core_properties.author = "Sveriges Kommuner och Landsting"
    doc.save(str(out))


def soffice_pdf(docx: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="kk-soffice-") as tmp:
        profile = Path(tmp) / "profile"
        outdir = Path(tmp) / "out"
        cmd = [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        shutil.move(str(outdir / (docx.stem + ".pdf")), pdf)


def heading_pages(pdf: Path, c: Content) -> dict[str, int]:
    """Page (1-based) on which each table-of-contents heading starts."""
    import pymupdf

    norm = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    with pymupdf.open(str(pdf)) as doc:
        texts = [norm(p.get_text()) for p in doc]
    found: dict[str, int] = {}
    page = 2  # after the title page and the table of contents
    for _, heading in toc_entries(c):
        h = norm(heading)
        for i in range(page, len(texts)):
            if h in texts[i]:
                found[heading] = i + 1
                page = i
                break
    return found


def build_libreoffice(c: Content) -> list[Path]:
    docx = HERE / f"{c['id']}.docx"
    pdf = HERE / f"{c['id']}-libreoffice.pdf"
    pages: dict[str, int] | None = None
    for _ in range(3):
        build_docx(c, pages, docx)
        soffice_pdf(docx, pdf)
        new = heading_pages(pdf, c)
        if new == pages:
            break
        pages = new
    missing = [h for _, h in toc_entries(c) if h not in (pages or {})]
    if missing:
        print(f"warning: headings not found in {pdf.name}: {missing}", file=sys.stderr)
    return [docx, pdf]


# --------------------------------------------------------------------------- reportlab


def build_reportlab(c: Content, opts: Content | None = None, pdf: Path | None = None) -> list[Path]:
    """Lay `c` out with reportlab; `opts` are the layout variations of VARIANT_OPTIONS."""
    o_ = {**VARIANT_OPTIONS, **(opts or {})}
    from xml.sax.saxutils import escape

    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        Image,
        KeepTogether,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.tableofcontents import TableOfContents

    pdfmetrics.registerFont(TTFont("KKSans", font_path("DejaVuSans.ttf")))
    rl_config.canvas_basefontname = "KKSans"
    pdfmetrics.registerFont(TTFont("KKSans-Bold", font_path("DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily("KKSans", normal="KKSans", bold="KKSans-Bold")

    base = ParagraphStyle(
        "base", fontName="KKSans", fontSize=9.5, leading=13, spaceAfter=6, bulletFontName="KKSans"
    )
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0)
    bullet = ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=3, spaceAfter=2)
    cell_bullet = ParagraphStyle("cellbullet", parent=cell, leftIndent=10, bulletIndent=0)
    h1 = ParagraphStyle(
        "h1",
        parent=base,
        fontName="KKSans-Bold",
        fontSize=15,
        leading=19,
        spaceBefore=4,
        spaceAfter=10,
    )
    h2 = ParagraphStyle("h2", parent=h1, fontSize=13, leading=17, spaceBefore=2)
    h3 = ParagraphStyle("h3", parent=base, fontName="KKSans-Bold", fontSize=10.5, spaceBefore=6, spaceAfter=4)
    bold = ParagraphStyle("bold", parent=cell, fontName="KKSans-Bold")
    score = ParagraphStyle(
        "score", parent=base, fontName="KKSans-Bold", fontSize=24, leading=28, alignment=TA_CENTER
    )
    num = ParagraphStyle("num", parent=cell, alignment=TA_RIGHT)
    numb = ParagraphStyle("numb", parent=num, fontName="KKSans-Bold")

    pdf = pdf or HERE / f"{c['id']}-reportlab.pdf"
    if o_["split_in_row"] or o_["bullets"] == "lists":
        # a lone first or last line of an item may stand at a page break
        bullet.allowOrphans = bullet.allowWidows = cell_bullet.allowOrphans = cell_bullet.allowWidows = 1
    if o_["hyphenate"]:
        base.embeddedHyphenation = 1
        base.uriWasteReduce = 0.3
    header_text = c["header_text"]
    width, height = A4
    lm, rm, tm, bm = 2.0 * cm, 2.0 * cm, 2.4 * cm, 2.0 * cm

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (reportlab API)
            level = getattr(flowable, "_toc_level", None)
            if level is not None:
                self.notify("TOCEntry", (level, flowable._toc_text, self.page))

    class NumberedCanvas(rl_canvas.Canvas):
        """Defers page output so the header can print "N (M)"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("initialFontName", "KKSans")
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    self.setFont("KKSans", 8)
                    self.setFillColor(colors.HexColor("#444444"))
                    self.drawString(lm, height - 1.4 * cm, header_text)
                    self.drawRightString(width - rm, height - 1.4 * cm, f"{self._pageNumber} ({total})")
                    self.setStrokeColor(colors.HexColor("#888888"))
                    self.line(lm, height - 1.55 * cm, width - rm, height - 1.55 * cm)
                    self.drawCentredString(width / 2, 1.1 * cm, str(self._pageNumber))
                super().showPage()
            super().save()

    doc = Doc(
        str(pdf),
        pagesize=A4,
        leftMargin=lm,
        rightMargin=rm,
        topMargin=tm,
        bottomMargin=bm,
        title=f"KommunKompassen {c['municipality']} {c['year']}",
        author="Sveriges Kommuner och Landsting",
    )
    frame = Frame(lm, bm, width - lm - rm, height - tm - bm, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def P(text: str, style: ParagraphStyle = base) -> Paragraph:  # noqa: N802
        return Paragraph(escape(printed(text, o_)), style)

    def heading(text: str, style: ParagraphStyle, level: int | None) -> Paragraph:
        p = P(text, style)
        if level is not None:
            p._toc_level, p._toc_text = level, text  # type: ignore[attr-defined]
        return p

    story: list[Any] = []
    title_lines = c.get("title_lines") or [
        "KommunKompassen",
        "ANALYS AV",
        c["municipality_printed"],
        str(c["year"]),
    ]
    story.append(Spacer(1, 6 * cm))
    for line, size in zip(title_lines, (34, 18, 26, 26), strict=True):
        st = ParagraphStyle(
            "t",
            parent=base,
            fontName="KKSans-Bold",
            fontSize=size,
            leading=size * 1.3,
            alignment=TA_CENTER,
            spaceAfter=18,
        )
        story.append(P(line, st))
    story.append(PageBreak())

    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [
        ParagraphStyle("toc0", parent=base, fontSize=10, leftIndent=0, firstLineIndent=0, spaceBefore=3),
        ParagraphStyle("toc1", parent=base, fontSize=10, leftIndent=18, firstLineIndent=0, spaceBefore=0),
    ]
    story += [P("Innehåll", h1), toc, PageBreak()]

    def blocks(bs: list[Content]) -> list[Any]:
        out: list[Any] = []
        for b in bs:
            if b["type"] == "paragraph":
                out.append(P(b["text"]))
            elif b["type"] == "bullets":
                out += [
                    Paragraph(escape(printed(i, o_)), bullet, bulletText=o_["text_glyph"]) for i in b["items"]
                ]
                out.append(Spacer(1, 4))
            elif b["type"] == "subheading":
                out.append(P(b["text"], h3))
            elif b["type"] == "chart":
                data = chart_png(c, b["kind"])
                from PIL import Image as PILImage

                w, h = PILImage.open(io.BytesIO(data)).size
                out.append(Image(io.BytesIO(data), width=11 * cm, height=11 * cm * h / w))
                out.append(Spacer(1, 6))
        return out

    body_w = width - lm - rm
    grid = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("FONT", (0, 0), (-1, -1), "KKSans", 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F1")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]

    def glyph(glyphs: str, k: int) -> str:
        return f"{k + 1}." if glyphs == "num" else glyphs

    def bullets_in_cell(items: list[str], glyphs: str | None = None, first: int = 0) -> list[Paragraph]:
        g = glyphs or o_["cell_glyph"]
        return [
            Paragraph(escape(printed(i, o_)), cell_bullet, bulletText=glyph(g, k))
            for k, i in enumerate(items, start=first)
        ]

    def summary_flowables() -> list[Any]:
        if o_["summary"] is None or c.get("stated_total") is None:
            return []
        if o_["summary"] == "text":
            return [P("Sammanfattning", h3), P(f"Totalt {c['stated_total']} av 800 poäng.")]
        rows = [[P("Område", bold), P("Poäng", bold)]]
        rows += [
            [P(f"{a['number']}. {a['title']}", cell), P(str(a["stated_score"]), num)] for a in c["areas"]
        ]
        rows.append([P("Totalt", bold), P(str(c["stated_total"]), numb)])
        t = Table(rows, colWidths=[10 * cm, 2.5 * cm])
        t.setStyle(TableStyle(grid))
        return [P("Poäng per område", h3), t, Spacer(1, 8)]

    def bullet_lists(a: Content) -> list[Any]:
        labels = ("Styrkor", "Förbättringsmöjligheter", "Svagheter")
        lists = (a["strengths"], a["improvements"], a["weaknesses"])
        out: list[Any] = []
        if o_["push_bullets"]:
            out.append(Spacer(1, (height - tm - bm) * 0.88))
        if o_["bullets"] == "lists":
            for label, items in zip(labels, lists, strict=True):
                out.append(P(label, h3))
                out += [
                    Paragraph(escape(printed(i, o_)), bullet, bulletText=glyph(o_["text_glyph"], k))
                    for k, i in enumerate(items)
                ]
                out.append(Spacer(1, 6))
            return out + [PageBreak()]
        head = [P(label, bold) for label in labels]
        if o_["bullets"] == "rows":
            n = max(len(x) for x in lists)
            body = [
                [bullets_in_cell(x[k : k + 1], first=k) if k < len(x) else "" for x in lists]
                for k in range(n)
            ]
            rows_style = grid + [("LINEBELOW", (0, 1), (-1, -2), 0, colors.white)]
            st = Table([head, *body], colWidths=[body_w / 3] * 3, repeatRows=1 if o_["repeat_header"] else 0)
            st.setStyle(TableStyle(rows_style))
        else:
            st = Table(
                [head, [bullets_in_cell(x) for x in lists]],
                colWidths=[body_w / 3] * 3,
                repeatRows=1 if o_["repeat_header"] else 0,
                splitInRow=1 if o_["split_in_row"] else 0,
            )
            st.setStyle(TableStyle(grid))
        return out + [Spacer(1, 6), st, PageBreak()]

    def narrative(a: Content) -> list[Any]:
        out: list[Any] = []
        for s in a["narrative"]:
            if s["heading"]:
                out.append(P(s["heading"], h3))
            out += blocks(s["blocks"])
        if o_["two_columns"]:
            from reportlab.platypus.flowables import BalancedColumns

            return [BalancedColumns(out, nCols=2, spaceBefore=4)]
        return out

    for k, ch in enumerate(c["intro"]):
        story.append(heading(ch["heading"], h1, 0))
        story += blocks(ch["blocks"])
        if k == len(c["intro"]) - 1:
            story += summary_flowables()
        story.append(PageBreak())

    story.append(heading(c["areas_heading"], h1, 0))
    for a in c["areas"]:
        stated = a["stated_score"]
        sub_glyph = o_["subarea_glyph"] or o_["cell_glyph"]
        title = area_heading(a)
        if o_["score"] == "table":
            score_par = P(str(stated), score) if stated is not None else ""
            ht = Table(
                [
                    [P("Rubriker", bold), P("Poäng", bold)],
                    [bullets_in_cell(a["subareas"], sub_glyph), score_par],
                ],
                colWidths=[body_w * 0.72, body_w * 0.28],
            )
            ht.setStyle(TableStyle(grid + [("VALIGN", (1, 1), (1, 1), "MIDDLE")]))
        else:
            if o_["score"] == "heading" and stated is not None:
                title = f"{title} {stated}"
            ht = Table(
                [[P("Rubriker", bold)], [bullets_in_cell(a["subareas"], sub_glyph)]], colWidths=[body_w]
            )
            ht.setStyle(TableStyle(grid))
        head_block: list[Any] = [heading(title, h2, 1), ht, Spacer(1, 10)]
        if o_["score"] == "points" and stated is not None:
            head_block.insert(-1, P(f"Poäng: {stated}", h3))
        story.append(KeepTogether(head_block))
        story += narrative(a)
        story += bullet_lists(a)

    story.append(heading(c["overview_heading"], h1, 0))
    story.append(P(c["overview_intro"]))

    def overview_table(o: Content) -> None:
        nonlocal story
        title_row = [P(f"{o['number']}.", bold), P(o["title_printed"], bold)]
        if o_["overview"] == "headerless":
            rows: list[list[Any]] = [[*title_row, "", "", ""]]
        else:
            rows = [[*title_row, P("Uppnått", bold), P("Max", bold), P("Procent", bold)]]
        rows += overview_rows(o)
        t = Table(rows, colWidths=overview_widths, repeatRows=1)
        t.setStyle(TableStyle(grid))
        story += [KeepTogether([t]), Spacer(1, 12)]

    def overview_rows(o: Content) -> list[list[Any]]:
        rows: list[list[Any]] = []
        for q in o["questions"]:
            rows.append(
                [
                    P(q["id"], cell),
                    P(printed(q["text"], o_), cell),
                    P(str(q["achieved"]), num),
                    P(str(q["max"]), num),
                    P(q["percent_printed"], num),
                ]
            )
        if o.get("total"):
            tt = o["total"]
            rows.append(
                [
                    "",
                    P(o_["total_label"], bold) if o_["total_label"] else "",
                    P(str(tt["achieved"]), numb),
                    P(str(tt["max"]), numb),
                    P(tt["percent_printed"], numb),
                ]
            )
        return rows

    text_w = o_["question_width_cm"] * cm if o_["question_width_cm"] else body_w - 6.8 * cm
    overview_widths = [1.1 * cm, text_w, 2.1 * cm, 1.6 * cm, 2.0 * cm]
    if o_["overview"] == "long":
        # One table for all areas: one header row, each area opened by a title row.
        rows = [["", P("Fråga", bold), P("Uppnått", bold), P("Max", bold), P("Procent", bold)]]
        for o in c["overview"]:
            rows.append([P(f"{o['number']}.", bold), P(o["title_printed"], bold), "", "", ""])
            rows += overview_rows(o)
        t = Table(rows, colWidths=overview_widths, repeatRows=1 if o_["repeat_header"] else 0)
        t.setStyle(TableStyle(grid))
        story.append(t)
    else:
        for o in c["overview"]:
            overview_table(o)
    for s in c.get("other_score_sets", []):  # e.g. the old criteria's scores in a change-over year
        story += [PageBreak(), heading(s["heading"], h1, 0), P(s["intro"])]
        for o in s["overview"]:
            overview_table(o)

    doc.multiBuild(story, canvasmaker=NumberedCanvas)
    return [pdf]


# --------------------------------------------------------------------------- chromium

_HTML_STYLE = """
@page { size: A4; margin: 2.2cm 2cm 2cm 2cm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 16pt; page-break-before: always; } h2 { font-size: 13.5pt; page-break-before: always; }
h3 { font-size: 11pt; margin: 10px 0 4px; }
.title p { text-align: center; font-weight: bold; } .title { padding-top: 5cm; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; page-break-inside: auto; }
td, th { border: 0.6pt solid #000; vertical-align: top; padding: 3px 5px; font-size: 8.5pt; text-align: left; }
th { background: #dce6f1; }
td.n { text-align: right; white-space: nowrap; } td.score { font-size: 24pt; font-weight: bold; text-align: center; vertical-align: middle; }
tr { page-break-inside: avoid; }
ul { margin: 0; padding-left: 14px; list-style: none; } li { margin: 0 0 2px; }
li::before { content: "\\2022"; display: inline-block; width: 12px; margin-left: -12px; }
.toc { list-style: none; padding: 0; } .toc li { display: flex; } .toc .t { white-space: nowrap; }
.toc .d { flex: 1; overflow: hidden; white-space: nowrap; } .toc .d::after { content: " . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . ."; }
.toc li.l1 { padding-left: 18px; }
"""


def build_chromium(c: Content, opts: Content, pdf: Path) -> list[Path]:
    """HTML printed to PDF by headless Chromium (Debian's `chromium` package): "•"
    list markers as generated content (a browser draws `disc` markers as shapes, not
    text), CSS tables, a table of contents whose dot
    leaders are generated content. No running header; page numbers of the table of
    contents are left out (a browser does not know them)."""
    from html import escape as h

    o_ = {**VARIANT_OPTIONS, **opts}

    def t(text: str) -> str:
        return h(printed(text, o_))

    def ul(items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{t(i)}</li>" for i in items) + "</ul>"

    def blocks(bs: list[Content]) -> str:
        out = []
        for b in bs:
            if b["type"] == "paragraph":
                out.append(f"<p>{t(b['text'])}</p>")
            elif b["type"] == "bullets":
                out.append(ul(b["items"]))
            elif b["type"] == "subheading":
                out.append(f"<h3>{t(b['text'])}</h3>")
            # charts are left out: Chromium stores images uncompressed (file size)
        return "".join(out)

    title_lines = c.get("title_lines") or [
        "KommunKompassen",
        "ANALYS AV",
        c["municipality_printed"],
        str(c["year"]),
    ]
    parts = ['<div class="title">']
    parts += [
        f'<p style="font-size:{size}pt">{h(line)}</p>'
        for line, size in zip(title_lines, (34, 18, 26, 26), strict=True)
    ]
    parts.append('</div><h1>Innehåll</h1><ul class="toc">')
    parts += [
        f'<li class="l{level}"><span class="t">{h(text)}</span><span class="d"></span></li>'
        for level, text in toc_entries(c)
    ]
    parts.append("</ul>")
    for ch in c["intro"]:
        parts.append(f"<h1>{h(ch['heading'])}</h1>{blocks(ch['blocks'])}")
    parts.append(f"<h1>{h(c['areas_heading'])}</h1>")
    for k, a in enumerate(c["areas"]):
        style = ' style="page-break-before: avoid"' if k == 0 else ""
        score = str(a["stated_score"]) if a["stated_score"] is not None else ""
        parts.append(
            f"<h2{style}>{h(area_heading(a))}</h2><table><tr><th style='width:72%'>Rubriker</th><th>Poäng</th></tr>"
            f"<tr><td>{ul(a['subareas'])}</td><td class='score'>{score}</td></tr></table>"
        )
        for sec in a["narrative"]:
            if sec["heading"]:
                parts.append(f"<h3>{t(sec['heading'])}</h3>")
            parts.append(blocks(sec["blocks"]))
        parts.append(
            "<table><tr><th>Styrkor</th><th>Förbättringsmöjligheter</th><th>Svagheter</th></tr><tr>"
            + "".join(
                f"<td style='width:33%'>{ul(x)}</td>"
                for x in (a["strengths"], a["improvements"], a["weaknesses"])
            )
            + "</tr></table>"
        )
    parts.append(f"<h1>{h(c['overview_heading'])}</h1><p>{t(c['overview_intro'])}</p>")
    for o in c["overview"]:
        rows = [
            f"<tr><th style='width:1.1cm'>{o['number']}.</th><th>{h(o['title_printed'])}</th>"
            "<th style='width:2cm'>Uppnått</th><th style='width:1.5cm'>Max</th><th style='width:2cm'>Procent</th></tr>"
        ]
        rows += [
            f"<tr><td>{q['id']}</td><td>{t(q['text'])}</td><td class='n'>{q['achieved']}</td>"
            f"<td class='n'>{q['max']}</td><td class='n'>{h(q['percent_printed'])}</td></tr>"
            for q in o["questions"]
        ]
        if o.get("total"):
            tt = o["total"]
            label = h(o_["total_label"] or "")
            rows.append(
                f"<tr><td></td><td><b>{label}</b></td><td class='n'><b>{tt['achieved']}</b></td>"
                f"<td class='n'><b>{tt['max']}</b></td><td class='n'><b>{h(tt['percent_printed'])}</b></td></tr>"
            )
        parts.append("<table>" + "".join(rows) + "</table>")
    html = (
        f"<!DOCTYPE html><html lang='sv'><head><meta charset='utf-8'><title>KommunKompassen "
        f"{h(c['municipality'])} {c['year']}</title><style>{_HTML_STYLE}</style></head><body>"
        + "".join(parts)
        + "</body></html>"
    )
    with tempfile.TemporaryDirectory(prefix="kk-chromium-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        cmd = [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        # Chromium writes a tagged PDF of many small objects: pack them (object
        # streams) to keep the sample small; pages and text stay as Chromium drew them.
        import pymupdf

        packed = Path(tmp) / "packed.pdf"
        with pymupdf.open(str(pdf)) as doc:
            doc.save(str(packed), garbage=3, deflate=True, use_objstms=1)
        shutil.move(str(packed), pdf)
    return [pdf]


# --------------------------------------------------------------------------- transcript

# The labels the transcript prints; a content file's "labels" overrides them (e.g. Norwegian).
TRANSCRIPT_LABELS = {
    "subareas": "Rubriker",
    "score": "Poäng",
    "strengths": "Styrkor",
    "improvements": "Förbättringsmöjligheter",
    "weaknesses": "Svagheter",
    "achieved": "Uppnått",
    "max": "Max",
    "percent": "Procent",
    "area_word": "Område",
    "toc": "Innehåll",
}
_UL = '<ul style="list-style-type: none"> '
_SCORE_P = '<p style="font-size: 24pt; margin: 0;">{}</p>'
_PAGE_CHARS = 3200  # characters of text on a page, for the table of contents' page numbers


def _ul_cell(items: list[str]) -> str:
    """A table cell holding a bullet list, as the HTML fragment the transcript keeps."""
    return _UL + "".join(f"• {i} " for i in items) if items else ""


def _block_text(b: Content) -> str:
    if b["type"] == "bullets":
        return "\n".join(f"- {i}" for i in b["items"])
    if b["type"] == "chart":
        return ""  # an image: nothing in the text
    return str(b["text"])


def _overview_tables(overview: list[Content], lab: dict[str, str]) -> list[str]:
    out = []
    for o in overview:
        rows = [f"{o['number']}.\t{o['title_printed']}\t{lab['achieved']}\t{lab['max']}\t{lab['percent']}"]
        rows += [
            f"{q['id']}\t{q['text']}\t{q['achieved']}\t{q['max']}\t{q['percent_printed']}"
            for q in o["questions"]
        ]
        if o.get("total"):
            t = o["total"]
            rows.append(f"\t\t{t['achieved']}\t{t['max']}\t{t['percent_printed']}")
        out.append("\n".join(rows))
    return out


def transcript_sections(c: Content) -> list[tuple[int, str, list[str]]]:
    """(toc level, heading, paragraphs) in reading order, in the transcript's wording."""
    lab = {**TRANSCRIPT_LABELS, **c.get("labels", {})}
    out: list[tuple[int, str, list[str]]] = []
    for ch in c["intro"]:
        out.append((0, ch["heading"], [_block_text(b) for b in ch["blocks"]]))
    out.append((0, c["areas_heading"], []))
    html_scores = set(c.get("score_html_areas", []))
    for a in c["areas"]:
        s = a["stated_score"]
        score = "" if s is None else _SCORE_P.format(s) if a["number"] in html_scores else str(s)
        paras = [f"{lab['subareas']}\t{lab['score']}\n{_ul_cell(a['subareas'])}\t{score}"]
        for sec in a["narrative"]:
            paras += [sec["heading"]] if sec["heading"] else []
            paras += [_block_text(b) for b in sec["blocks"]]
        cells = [_ul_cell(x) for x in (a["strengths"], a["improvements"], a["weaknesses"])]
        head = f"{lab['strengths']}\t{lab['improvements']}\t{lab['weaknesses']}"
        paras.append(head + "\n" + "\t".join(cells).rstrip(" "))
        out.append((1, f"{lab['area_word']} {a['number']} {a['title_printed']}", paras))
    out.append((0, c["overview_heading"], [c["overview_intro"], *_overview_tables(c["overview"], lab)]))
    for s in c.get("other_score_sets", []):
        out.append((0, s["heading"], [s["intro"], *_overview_tables(s["overview"], lab)]))
    return out


def transcript_text(c: Content) -> str:
    """The whole transcript: title lines, table of contents, chapters, areas, overview.

    Page numbers in the table of contents are estimated (title page 1, contents page 2,
    each chapter and each area after the first on a new page, _PAGE_CHARS a page)."""
    lab = {**TRANSCRIPT_LABELS, **c.get("labels", {})}
    sections = transcript_sections(c)
    page, toc = 3, []
    for k, (level, heading, _paras) in enumerate(sections):
        after_chapter_heading = k > 0 and sections[k - 1][0] == 0 and not sections[k - 1][2]
        if k > 0 and not after_chapter_heading:
            prev = sections[k - 1][2]
            page += max(1, -(-sum(len(p) for p in prev) // _PAGE_CHARS))
        num, rest = split_number(heading) if level == 0 else ("", heading)
        toc.append(f"{num}\t{rest}\t{page}")
    title_lines = c.get("title_lines") or [
        "KommunKompassen",
        "ANALYS AV",
        c["municipality_printed"],
        str(c["year"]),
    ]
    chunks = ["\n\n".join(title_lines) + "\n\n", lab["toc"], "\n".join(toc)]
    for _, heading, paras in sections:
        chunks += [heading, *paras]
    return "\n\n" + "\n\n".join(chunks) + "\n"


def build_transcript(c: Content) -> list[Path]:
    out = HERE / f"{c['id']}.txt"
    out.write_text(transcript_text(c), encoding="utf-8")
    return [out]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="content id, e.g. ostersund-2015")
    ap.add_argument("--producer", choices=ALL_PRODUCERS)
    ap.add_argument("--variant", help="build one layout variant of samples/variants.json ('all': every one)")
    args = ap.parse_args(argv)
    if args.variant:
        chosen = [v for v in variants() if args.variant in ("all", v["id"])]
        if not chosen:
            ap.error(f"no variant {args.variant} in {VARIANTS_FILE.name}")
        for v in chosen:
            for p in build_variant(v):
                print(f"{p.relative_to(HERE.parent)}\t{p.stat().st_size // 1024} KB")
        return 0
    files = sorted(CONTENT.glob("*.json"))
    if args.only:
        files = [f for f in files if f.stem == args.only]
        if not files:
            ap.error(f"no content file samples/content/{args.only}.json")
    for f in files:
        c = load(f)
        producers = [p for p in c.get("producers", PRODUCERS) if args.producer in (None, p)]
        for prod in producers:
            build = {
                "libreoffice": build_libreoffice,
                "reportlab": build_reportlab,
                "transcript": build_transcript,
            }
            made = build[prod](c)
            for p in made:
                print(f"{p.relative_to(HERE.parent)}\t{p.stat().st_size // 1024} KB")
    if not args.only and not args.producer:
        for v in variants():
            for p in build_variant(v):
                print(f"{p.relative_to(HERE.parent)}\t{p.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
