"""The fast package view gives exactly the blocks python-docx's view gives."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import SAMPLES, SHARED
from tests.docx_fixtures import build_structured_letter
from tonecheck.documents.docx_package import from_python_docx, open_fast
from tonecheck.documents.docx_reader import docx_blocks

CORPUS = SHARED / "docx-corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.do[ct]*")) if CORPUS.is_dir() else []


def blocks_of(view) -> list[tuple]:
    return [(b.kind, b.text, b.style, b.level, b.origin, b.spans) for b in docx_blocks(view)]


def python_docx_blocks(path: Path) -> list[tuple] | None:
    try:
        return blocks_of(from_python_docx(docx.Document(str(path))))
    except Exception:
        return None


def with_footnotes(tmp_path: Path) -> Path:
    """The structured letter plus a footnotes part and a second header."""
    source = build_structured_letter(tmp_path / "basis.docx")
    document = docx.Document(str(source))
    section = document.add_section()
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "Tweede koptekst"
    document.save(str(source))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>---</w:t></w:r></w:p>'
        '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Artikel 4:5 Awb.</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    path = tmp_path / "voetnoten.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            dst.writestr(item, data)
        dst.writestr("word/footnotes.xml", notes)
    return path


def test_samples_and_fixtures_read_the_same_both_ways(tmp_path):
    paths = [*sorted(SAMPLES.glob("*.docx")), with_footnotes(tmp_path)]
    for path in paths:
        fast = open_fast(path)
        assert fast is not None, path
        assert blocks_of(fast) == python_docx_blocks(path), path
    origins = {b[4] for b in blocks_of(open_fast(paths[-1]))}
    assert {"header1", "header2", "body", "footer1", "footnotes"} <= origins


def test_what_the_fast_view_does_not_expect_goes_to_python_docx(tmp_path):
    source = build_structured_letter(tmp_path / "basis.docx")
    no_styles = tmp_path / "zonder-stijlen.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(no_styles, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/styles.xml":
                dst.writestr(item, src.read(item))
    dangling = tmp_path / "verwijzing-naar-niets.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dangling, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b'Target="styles.xml"', b'Target="weg.xml"')
            dst.writestr(item, data)
    assert open_fast(no_styles) is None  # python-docx makes up default styles then
    assert open_fast(dangling) is None  # python-docx refuses it: its error is the one
    assert open_fast(tmp_path / "bestaat-niet.docx") is None
    assert open_fast(source) is not None


@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/docx-corpus is not available")
@pytest.mark.slow
def test_corpus_files_read_the_same_both_ways():
    compared = 0
    for path in CORPUS_FILES:
        fast = open_fast(path)
        expected = python_docx_blocks(path)
        if fast is None or expected is None:
            continue
        assert blocks_of(fast) == expected, path.name
        compared += 1
    assert compared > len(CORPUS_FILES) / 2
