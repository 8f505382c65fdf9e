"""PDF rendering for jurisdiction documents: plugins say what a document holds,
this module lays it out, the same way for every country.

A plugin builds a `PdfDocument` (a title, facts, sections with paragraphs and
tables) and calls `render_pdf`. The output is an A4 PDF in the standard
Helvetica fonts, whose encoding covers the Nordic letters (æ ø å ä ö) and the
rest of Latin-1, and it is reproducible: the same document gives the same bytes
(no creation date or random id is embedded; the generation time is part of the
content, in the footer).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

__all__ = ["PdfDocument", "PdfSection", "PdfTable", "render_pdf"]


@dataclass(frozen=True)
class PdfTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None
    """Relative column widths (they are scaled to the page)."""


@dataclass(frozen=True)
class PdfSection:
    heading: str
    paragraphs: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    """Label / value pairs, shown as a two-column list."""
    table: PdfTable | None = None
    empty: str | None = None
    """Shown instead of the table when it has no rows."""


@dataclass(frozen=True)
class PdfDocument:
    title: str
    subtitle: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    sections: tuple[PdfSection, ...] = field(default_factory=tuple)
    footer: str = ""
    language: str = "en"


def _styles() -> dict[str, object]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName="Helvetica-Bold", fontSize=18, leading=22, alignment=0),
        "subtitle": ParagraphStyle("subtitle", parent=base["Normal"], fontSize=10, textColor=colors.HexColor("#555555")),
        # A heading never ends a page: it stays with what it introduces.
        "heading": ParagraphStyle("heading", parent=base["Heading2"], fontName="Helvetica-Bold", fontSize=12, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "body": ParagraphStyle("body", parent=base["Normal"], fontName="Helvetica", fontSize=9.5, leading=12.5),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontName="Helvetica", fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=8.5, leading=10.5),
    }  # fmt: skip


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _table(
    rows: Sequence[Sequence[str]], widths: Sequence[float], styles: dict[str, object], header: bool
) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = [
        [Paragraph(_text(str(v)), styles["head" if header and i == 0 else "cell"]) for v in row]  # type: ignore[arg-type]
        for i, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#BBBBBB")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")))
    table.setStyle(TableStyle(commands))
    return table


def _flowables(document: PdfDocument, width: float, styles: dict[str, object]) -> list[object]:
    from reportlab.platypus import Paragraph, Spacer

    story: list[object] = [Paragraph(_text(document.title), styles["title"])]  # type: ignore[arg-type]
    if document.subtitle:
        story.append(Paragraph(_text(document.subtitle), styles["subtitle"]))  # type: ignore[arg-type]
    story.append(Spacer(1, 8))
    if document.facts:
        story.append(_table(document.facts, (width * 0.32, width * 0.68), styles, header=False))
    for section in document.sections:
        story.append(Paragraph(_text(section.heading), styles["heading"]))  # type: ignore[arg-type]
        story += [Paragraph(_text(p), styles["body"]) for p in section.paragraphs]  # type: ignore[arg-type]
        if section.facts:
            story.append(_table(section.facts, (width * 0.32, width * 0.68), styles, header=False))
        if section.table is not None and section.table.rows:
            relative = section.table.widths or (1.0,) * len(section.table.columns)
            widths = [width * w / sum(relative) for w in relative]
            rows = (section.table.columns, *section.table.rows)
            story.append(_table(rows, widths, styles, header=True))
        elif section.table is not None and section.empty:
            story.append(Paragraph(_text(section.empty), styles["body"]))  # type: ignore[arg-type]
    return story


def render_pdf(document: PdfDocument) -> bytes:
    """The document as PDF bytes; byte-for-byte the same for the same document."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    rl_config.invariant = 1  # no creation date or random document id: reproducible output
    buffer = io.BytesIO()
    footer = document.footer or ""

    def on_page(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 7.5)  # type: ignore[attr-defined]
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.drawString(18 * mm, 10 * mm, f"{footer}  ·  {page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=18 * mm, title=document.title, author="vocrehab", lang=document.language,
    )  # fmt: skip
    styles = _styles()
    template.build(
        _flowables(document, template.width, styles), onFirstPage=on_page, onLaterPages=on_page
    )
    return buffer.getvalue()
