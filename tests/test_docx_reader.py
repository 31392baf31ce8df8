"""Reading .docx letters: order, text, structure, and offsets back to the runs."""

from __future__ import annotations

import pytest

from tests.docx_fixtures import build_structured_letter, multi_run_paragraph, run_text
from tonecheck.documents import BlockKind, read_document


@pytest.fixture
def letter(tmp_path):
    return read_document(build_structured_letter(tmp_path / "brief.docx"))


def test_blocks_come_in_reading_order_with_kinds(letter):
    got = [(b.kind, b.text) for b in letter.blocks]
    assert got == [
        (BlockKind.HEADER, "Gemeente Teststad"),
        (BlockKind.PARAGRAPH, "Geachte mevrouw Test,"),
        (BlockKind.HEADING, "Ons besluit"),
        (BlockKind.PARAGRAPH, "Uw aanvraag wordt helaas afgewezen."),
        (BlockKind.TABLE_CELL, "Wat"),
        (BlockKind.TABLE_CELL, "Bedrag"),
        (BlockKind.TABLE_CELL, "Huur"),
        (BlockKind.TABLE_CELL, "500 euro"),
        (BlockKind.LIST_ITEM, "U kunt een lening aanvragen."),
        (BlockKind.LIST_ITEM, "U kunt hulp vragen bij het wijkteam."),
        (BlockKind.PARAGRAPH, "Wij kennen u bijstand toe."),
        (BlockKind.PARAGRAPH, "Pagina 3"),
        (BlockKind.PARAGRAPH, "Tekst in een invulveld."),
        (BlockKind.PARAGRAPH, "Met vriendelijke groet,"),
        (BlockKind.FOOTER, "Postbus 1, 1000 AA Teststad"),
    ]


def test_heading_level_and_style(letter):
    heading = letter.blocks[2]
    assert heading.level == 1
    assert heading.style.lower() == "heading 1"
    assert letter.blocks[8].style == "List Bullet"


def test_comments_deleted_text_and_field_codes_do_not_leak(letter):
    text = letter.text
    assert "GEHEIME OPMERKING" not in text
    assert "helaas geen" not in text
    assert "PAGE" not in text
    assert "kennen u" in text  # inserted tracked change counts


def test_document_text_offsets_match_blocks(letter):
    for block in letter.blocks:
        assert letter.text[block.start : block.end] == block.text


def test_every_span_maps_back_to_its_run(letter):
    for block in letter.blocks:
        covered = 0
        for span in block.spans:
            run = block.anchor.runs[span.run]
            source = run_text(run)[span.run_offset : span.run_offset + span.end - span.start]
            assert source == block.text[span.start : span.end]
            covered += span.end - span.start
        assert covered == len(block.text)


def test_offset_inside_a_multi_run_paragraph_finds_the_right_run(letter):
    block = letter.blocks[3]
    start = block.text.index("helaas")
    span = next(s for s in block.spans if s.start <= start < s.end)
    assert run_text(block.anchor.runs[span.run]) == "helaas afgewezen"


def test_leading_whitespace_is_trimmed_and_offsets_shift(tmp_path):
    import docx

    document = docx.Document()
    multi_run_paragraph(document, ["   ", "  Wij ", "begrijpen", " dit.  "])
    path = tmp_path / "spaties.docx"
    document.save(path)
    block = read_document(path).blocks[0]
    assert block.text == "Wij begrijpen dit."
    for span in block.spans:
        run = run_text(block.anchor.runs[span.run])
        assert (
            run[span.run_offset : span.run_offset + span.end - span.start]
            == block.text[span.start : span.end]
        )


def test_line_breaks_stay_inside_one_block(tmp_path):
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("De heer P. de Groot").add_break()
    paragraph.add_run("Lindenlaan 14")
    path = tmp_path / "adres.docx"
    document.save(path)
    assert read_document(path).blocks[0].text == "De heer P. de Groot\nLindenlaan 14"


def test_cells_wrapped_in_a_content_control_are_read(tmp_path):
    """A template's fields often sit in table cells wrapped in a content control (or custom
    XML): "Kenmerk" beside its value. Each such cell is read, in its place, once."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Geachte mevrouw Test,")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Kenmerk"
    row = table.rows[0]._tr
    row.append(
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr><w:alias w:val='kenmerk'/></w:sdtPr><w:sdtContent>"
            "<w:tc><w:p><w:r><w:t>2026/0417</w:t></w:r></w:p>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>In de cel</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            "<w:p/></w:tc></w:sdtContent></w:sdt>"
        )
    )
    row.append(
        parse_xml(
            f"<w:customXml {nsdecls('w')} w:element='datum'>"
            "<w:tc><w:p><w:r><w:t>3 december 2026</w:t></w:r></w:p></w:tc></w:customXml>"
        )
    )
    document.add_paragraph("Met vriendelijke groet,")
    document.save(tmp_path / "brief.docx")
    blocks = read_document(tmp_path / "brief.docx").blocks
    assert [b.text for b in blocks] == [
        "Geachte mevrouw Test,",
        "Kenmerk",
        "2026/0417",
        "In de cel",
        "3 december 2026",
        "Met vriendelijke groet,",
    ]
    assert {b.kind for b in blocks[1:5]} == {BlockKind.TABLE_CELL}
