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
