"""Element floods and other outsized Word documents: refused while the zip is scanned or
the walker reads, before a tree or the blocks grow (issue 23, point 1). The limits are
lowered here so that small files show each bound; benchmarks/hostile.py runs full size."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from tests.docx_fixtures import build_structured_letter
from tests.process_helpers import run_measured
from tonecheck.documents import docx_reader, read_document, xml_budget
from tonecheck.documents.docx_package import open_fast
from tonecheck.documents.docx_reader import docx_blocks
from tonecheck.errors import InputError


def with_body(tmp: Path, name: str, body: bytes, stored: bool = False, part: str = "") -> Path:
    """The structured letter with ``body`` put in front of its body text (or, with
    ``part``, written as that extra part)."""
    source = build_structured_letter(tmp / f"basis-{name}")
    path = tmp / name
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", method) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml" and not part:
                data = data.replace(b"<w:body>", b"<w:body>" + body, 1)
            dst.writestr(item.filename, data)
        if part:
            dst.writestr(part, body)
    return path


def body_texts(document) -> list[str]:
    return [block.text for block in document.blocks if block.origin == "body"]


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    return message


SMALL_MARKUP_LIMIT = 100_000  # the structured letter itself has about 54,000


@pytest.fixture
def small_markup_limit(monkeypatch):
    monkeypatch.setattr(xml_budget, "MAX_XML_MARKUP", SMALL_MARKUP_LIMIT)


def test_the_letter_without_a_flood_passes_the_lowered_limit(tmp_path, small_markup_limit):
    assert read_document(with_body(tmp_path, "gewoon.docx", b"")).blocks


def test_a_flood_of_runs_is_refused_while_the_zip_is_scanned(tmp_path, small_markup_limit):
    body = b"<w:p>" + b"<w:r><w:t>a</w:t></w:r>" * 20_000 + b"</w:p>"
    assert "te veel XML-opmaak" in refusal(with_body(tmp_path, "runs.docx", body))


def test_a_flood_of_empty_paragraphs_is_refused_even_stored(tmp_path, small_markup_limit):
    path = with_body(tmp_path, "alineas.docx", b"<w:p/>" * 60_000, stored=True)
    assert "te veel XML-opmaak" in refusal(path)


def test_markup_in_a_part_the_reader_never_parses_counts_too(tmp_path, small_markup_limit):
    """python-docx parses every XML part (for the annotated .docx), so every part counts."""
    body = b"<x>" + b"<y/>" * 60_000 + b"</x>"
    path = with_body(tmp_path, "extra.docx", body, part="customXml/item9.xml")
    assert "te veel XML-opmaak" in refusal(path)


def test_an_xml_part_by_content_type_counts_whatever_its_name(tmp_path, small_markup_limit):
    source = with_body(tmp_path, "basis.docx", b"")
    path = tmp_path / "anders.docx"
    flood = b"<x>" + b"<y/>" * 60_000 + b"</x>"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                xml_type = b'<Default Extension="dat" ContentType="a/b+xml"/>'
                data = data.replace(b"<Default ", xml_type + b"<Default ", 1)
            dst.writestr(item.filename, data)
        dst.writestr("word/vloed.dat", flood)
    assert "te veel XML-opmaak" in refusal(path)


def test_xml_parts_over_the_byte_limit_are_refused_from_the_zip_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(xml_budget, "MAX_XML_BYTES", 100_000)
    text = b"<w:p><w:r><w:t>" + b"tekst " * 30_000 + b"</w:t></w:r></w:p>"
    path = with_body(tmp_path, "groot.docx", text)
    assert "te groot voor een brief" in refusal(path)


def test_nesting_deeper_than_libxml2_allows_is_refused_in_dutch(tmp_path):
    body = b"<w:p>" + b"<w:ins>" * 300 + b"<w:r><w:t>x</w:t></w:r>" + b"</w:ins>" * 300 + b"</w:p>"
    message = refusal(with_body(tmp_path, "diep.docx", body, stored=True))
    assert "te diep geneste XML" in message and "XML_PARSE_HUGE" not in message


def test_nesting_just_within_the_bound_is_read_without_recursion_trouble(tmp_path):
    depth = 250  # the body is two levels down; libxml2 allows 256
    body = b"<w:p>" + b"<w:ins>" * depth + b"<w:r><w:t>diep</w:t></w:r>" + b"</w:ins>" * depth
    body += b"</w:p>" + b"<w:customXml>" * depth + b"<w:p><w:r><w:t>ook</w:t></w:r></w:p>"
    body += b"</w:customXml>" * depth
    document = read_document(with_body(tmp_path, "bijna.docx", body))
    assert body_texts(document)[:2] == ["diep", "ook"]


def test_the_walker_stops_at_the_letter_length(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_LETTER_CHARS", 5_000)
    paragraph = b"<w:p>" + b"<w:r><w:t>ab</w:t></w:r>" * 100 + b"</w:p>"
    message = refusal(with_body(tmp_path, "lang.docx", paragraph * 30))
    assert "te lang voor een brief (meer dan" in message


def test_the_walker_stops_at_the_number_of_paragraphs_empty_ones_too(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_PARAGRAPHS", 1_000)
    message = refusal(with_body(tmp_path, "leeg.docx", b"<w:p/>" * 2_000))
    assert "te veel alinea's" in message and "lege alinea's" in message


def test_the_walker_stops_at_the_number_of_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_LETTER_BLOCKS", 100)
    body = b"<w:p><w:r><w:t>Ja.</w:t></w:r></w:p>" * 200
    assert "te veel alinea's voor een brief (meer dan" in refusal(
        with_body(tmp_path, "b.docx", body)
    )


NESTED_TABLES = (
    b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>buiten 1</w:t></w:r></w:p>"
    b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>binnen</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    b"</w:tc></w:tr>"
    b"<w:sdt><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>buiten 2</w:t></w:r></w:p></w:tc></w:tr>"
    b"</w:sdtContent></w:sdt></w:tbl>"
)
NESTED_BOXES = (
    b"<w:p><w:r><w:t>alinea</w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>vak</w:t></w:r>"
    b"<w:r><w:txbxContent><w:p><w:r><w:t>vak in vak</w:t></w:r></w:p></w:txbxContent></w:r>"
    b"</w:p></w:txbxContent></w:r>"
    b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    b"<mc:Fallback><w:txbxContent><w:p><w:r><w:t>reserve</w:t></w:r></w:p></w:txbxContent>"
    b"</mc:Fallback></mc:AlternateContent></w:p>"
)


def test_nested_tables_give_each_cell_once_rows_in_content_controls_too(tmp_path):
    document = read_document(with_body(tmp_path, "tabellen.docx", NESTED_TABLES))
    assert body_texts(document)[:3] == ["buiten 1", "binnen", "buiten 2"]


def test_text_boxes_are_read_once_not_inside_other_boxes_nor_their_fallback(tmp_path):
    document = read_document(with_body(tmp_path, "vakken.docx", NESTED_BOXES))
    assert body_texts(document)[:2] == ["alinea", "vak"]
    texts = [b.text for b in document.blocks]
    assert texts.count("vak") == 1 and "vak in vak" not in texts and "reserve" not in texts


def test_both_views_give_the_same_blocks_for_nested_structures(tmp_path):
    import docx

    from tonecheck.documents.docx_package import from_python_docx

    path = with_body(tmp_path, "beide.docx", NESTED_TABLES + NESTED_BOXES)
    fast = [(b.kind, b.text) for b in docx_blocks(open_fast(path))]
    slow = [(b.kind, b.text) for b in docx_blocks(from_python_docx(docx.Document(str(path))))]
    assert fast == slow


def test_an_outline_level_that_is_no_number_is_ignored(tmp_path):
    body = b'<w:p><w:pPr><w:outlineLvl w:val="x"/></w:pPr><w:r><w:t>Kop?</w:t></w:r></w:p>'
    document = read_document(with_body(tmp_path, "niveau.docx", body))
    block = next(b for b in document.blocks if b.text == "Kop?")
    assert block.kind == "paragraph"


@pytest.mark.slow
def test_a_full_size_flood_is_refused_in_little_time_and_memory(tmp_path):
    """1.2 million empty runs, stored (7 MB): before the scan this built a tree of more
    than a gigabyte; now the reader stops within the first megabytes of the part."""
    body = b"<w:p>" + b"<w:r/>" * 1_200_000 + b"</w:p>"
    path = with_body(tmp_path, "vloed.docx", body, stored=True)
    code = "import sys; from tonecheck.documents import read_document; read_document(sys.argv[1])"
    result, peak_mb = run_measured([sys.executable, "-c", code, str(path)], timeout=60)
    assert "te veel XML-opmaak" in result.stderr
    assert peak_mb < 150, peak_mb


def test_a_story_part_that_is_no_xml_by_name_or_type_is_never_parsed(tmp_path, small_markup_limit):
    """The scan looks at XML parts only, so nothing else may be parsed: a header
    relationship to a binary-typed part (holding a flood) is left out by both views."""
    import docx

    from tonecheck.documents.docx_package import from_python_docx

    source = with_body(tmp_path, "basis.docx", b"")
    path = tmp_path / "binair.docx"
    header = b'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    header += b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 20_000 + b"</w:hdr>"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"header1.xml", b"kop.bin")
            if item.filename == "[Content_Types].xml":
                binary = b'<Default Extension="bin" ContentType="application/octet-stream"/>'
                data = data.replace(b"<Default ", binary + b"<Default ", 1)
            dst.writestr(item.filename, data)
        dst.writestr("word/kop.bin", header)
    document = read_document(path)
    assert not [b for b in document.blocks if b.origin.startswith("header")]
    slow = docx_blocks(from_python_docx(docx.Document(str(path))))
    assert [b.text for b in slow] == [b.text for b in document.blocks]
