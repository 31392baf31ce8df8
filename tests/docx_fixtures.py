"""Build .docx fixtures with python-docx (plus a little raw XML where it has no API)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = nsdecls("w")


def add_run_xml(paragraph, xml: str) -> None:
    """Append raw run-level XML (a w:r, w:ins, w:del, w:sdt …) to a paragraph."""
    paragraph._p.append(parse_xml(xml))


def tracked_change_paragraph(document) -> None:
    p = document.add_paragraph("Wij ")
    add_run_xml(p, f'<w:ins {W_NS} w:id="1" w:author="a" w:date="2026-01-01T00:00:00Z">'
                   "<w:r><w:t xml:space=\"preserve\">kennen u </w:t></w:r></w:ins>")  # fmt: skip
    add_run_xml(p, f'<w:del {W_NS} w:id="2" w:author="a" w:date="2026-01-01T00:00:00Z">'
                   "<w:r><w:delText>helaas geen</w:delText></w:r></w:del>")  # fmt: skip
    p.add_run("bijstand toe.")


def field_paragraph(document) -> None:
    p = document.add_paragraph("Pagina ")
    add_run_xml(p, f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>')
    add_run_xml(p, f'<w:r {W_NS}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>')
    add_run_xml(p, f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>')
    add_run_xml(p, f"<w:r {W_NS}><w:t>3</w:t></w:r>")
    add_run_xml(p, f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>')


def content_control(document, text: str) -> None:
    body = document.element.body
    sdt = parse_xml(
        f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="naam"/></w:sdtPr><w:sdtContent>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(len(body) - 1, sdt)  # before sectPr


def multi_run_paragraph(document, pieces: list[str]):
    p = document.add_paragraph()
    for i, piece in enumerate(pieces):
        run = p.add_run(piece)
        run.bold = i % 2 == 1
    return p


def build_structured_letter(path: Path) -> Path:
    """Header, heading, paragraphs split over runs, a table, a list, tracked changes,
    a field, a content control, a comment, a footer."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Gemeente Teststad"
    document.sections[0].footer.paragraphs[0].text = "Postbus 1, 1000 AA Teststad"
    document.add_paragraph("Geachte mevrouw Test,")
    document.add_heading("Ons besluit", level=1)
    p = multi_run_paragraph(document, ["Uw aanvraag ", "wordt ", "helaas afgewezen", "."])
    document.add_comment(p.runs[2], text="GEHEIME OPMERKING", author="collega")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["Wat", "Bedrag"], ["Huur", "500 euro"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("U kunt een lening aanvragen.", style="List Bullet")
    document.add_paragraph("U kunt hulp vragen bij het wijkteam.", style="List Bullet")
    tracked_change_paragraph(document)
    field_paragraph(document)
    content_control(document, "Tekst in een invulveld.")
    document.add_paragraph("Met vriendelijke groet,")
    document.save(path)
    return path


def run_text(run_element) -> str:
    """The visible text of a w:r element as the reader sees it."""
    parts = []
    for child in run_element:
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag == qn("w:tab"):
            parts.append("\t")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


__all__ = ["OxmlElement", "build_structured_letter", "run_text"]
