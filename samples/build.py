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
PRODUCERS = ("libreoffice", "reportlab")
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


def build_reportlab(c: Content) -> list[Path]:
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

    pdf = HERE / f"{c['id']}-reportlab.pdf"
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
        return Paragraph(escape(text), style)

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
                out += [Paragraph(escape(i), bullet, bulletText="•") for i in b["items"]]
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

    for ch in c["intro"]:
        story.append(heading(ch["heading"], h1, 0))
        story += blocks(ch["blocks"])
        story.append(PageBreak())

    grid = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("FONT", (0, 0), (-1, -1), "KKSans", 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F1")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]

    def bullets_in_cell(items: list[str]) -> list[Paragraph]:
        return [Paragraph(escape(i), cell_bullet, bulletText="▪") for i in items]

    story.append(heading(c["areas_heading"], h1, 0))
    body_w = width - lm - rm
    for a in c["areas"]:
        score_par = P(str(a["stated_score"]), score) if a["stated_score"] is not None else ""
        ht = Table(
            [[P("Rubriker", bold), P("Poäng", bold)], [bullets_in_cell(a["subareas"]), score_par]],
            colWidths=[body_w * 0.72, body_w * 0.28],
        )
        ht.setStyle(TableStyle(grid + [("VALIGN", (1, 1), (1, 1), "MIDDLE")]))
        story.append(KeepTogether([heading(area_heading(a), h2, 1), ht, Spacer(1, 10)]))
        for s in a["narrative"]:
            if s["heading"]:
                story.append(P(s["heading"], h3))
            story += blocks(s["blocks"])
        st = Table(
            [
                [P("Styrkor", bold), P("Förbättringsmöjligheter", bold), P("Svagheter", bold)],
                [
                    bullets_in_cell(a["strengths"]),
                    bullets_in_cell(a["improvements"]),
                    bullets_in_cell(a["weaknesses"]),
                ],
            ],
            colWidths=[body_w / 3] * 3,
        )
        st.setStyle(TableStyle(grid))
        story += [Spacer(1, 6), st, PageBreak()]

    story.append(heading(c["overview_heading"], h1, 0))
    story.append(P(c["overview_intro"]))
    def overview_table(o: Content) -> None:
        nonlocal story
        rows: list[list[Any]] = [
            [
                P(f"{o['number']}.", bold),
                P(o["title_printed"], bold),
                P("Uppnått", bold),
                P("Max", bold),
                P("Procent", bold),
            ]
        ]
        for q in o["questions"]:
            rows.append(
                [
                    P(q["id"], cell),
                    P(q["text"], cell),
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
                    "",
                    P(str(tt["achieved"]), numb),
                    P(str(tt["max"]), numb),
                    P(tt["percent_printed"], numb),
                ]
            )
        t = Table(
            rows,
            colWidths=[1.1 * cm, body_w - 6.8 * cm, 2.1 * cm, 1.6 * cm, 2.0 * cm],
            repeatRows=1,
        )
        t.setStyle(TableStyle(grid))
        story += [KeepTogether([t]), Spacer(1, 12)]

    for o in c["overview"]:
        overview_table(o)
    for s in c.get("other_score_sets", []):  # e.g. the old criteria's scores in a change-over year
        story += [PageBreak(), heading(s["heading"], h1, 0), P(s["intro"])]
        for o in s["overview"]:
            overview_table(o)

    doc.multiBuild(story, canvasmaker=NumberedCanvas)
    return [pdf]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="content id, e.g. ostersund-2015")
    ap.add_argument("--producer", choices=PRODUCERS)
    args = ap.parse_args(argv)
    files = sorted(CONTENT.glob("*.json"))
    if args.only:
        files = [f for f in files if f.stem == args.only]
        if not files:
            ap.error(f"no content file samples/content/{args.only}.json")
    producers = [args.producer] if args.producer else list(PRODUCERS)
    for f in files:
        c = load(f)
        for prod in producers:
            made = build_libreoffice(c) if prod == "libreoffice" else build_reportlab(c)
            for p in made:
                print(f"{p.relative_to(HERE.parent)}\t{p.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
