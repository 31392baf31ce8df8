"""Word templates (.dotx) and macro-enabled files (.docm, .dotm) are read like a .docx,
and their Word report is a plain .docx without the macros."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import require_shared
from tests.report_helpers import comments_with_anchors, rules_found, word_report
from tests.rule_helpers import OFFICIALESE_RULES, use_only_rules
from tonecheck.documents import read_document
from tonecheck.documents.docx_package import from_python_docx
from tonecheck.documents.docx_reader import docx_blocks, open_python_docx
from tonecheck.errors import InputError

DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
KINDS = {
    ".dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ".docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    ".dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def build_docx(path: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Gemeente Teststad"
    document.add_paragraph("Geachte mevrouw Test,")
    document.add_paragraph("Derhalve sturen wij u middels deze brief het besluit.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Bedrag"
    table.cell(0, 1).text = "€ 120"
    document.add_paragraph("Met vriendelijke groet,")
    document.save(path)
    return path


def as_kind(source: Path, suffix: str) -> Path:
    """``source`` (a .docx) as a Word file of another kind: its main part's content type
    changed, and for a macro-enabled kind a macro part the document relates to."""
    target = source.with_suffix(suffix)
    macros = "macro" in KINDS[suffix].lower()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT_MAIN.encode(), KINDS[suffix].encode())
                if macros:
                    data = data.replace(
                        b"</Types>",
                        b'<Override PartName="/word/vbaProject.bin" '
                        b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                    )
            elif item.filename == "word/_rels/document.xml.rels" and macros:
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdVba" Type="{VBA}" Target="vbaProject.bin"/>'
                    "</Relationships>".encode(),
                )
            new.writestr(item, data)
        if macros:
            new.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro")
    return target


@pytest.fixture
def plain(tmp_path) -> Path:
    return build_docx(tmp_path / "brief.docx")


@pytest.mark.parametrize("suffix", sorted(KINDS))
def test_each_kind_reads_as_the_docx_it_was_made_from(plain, suffix):
    other = as_kind(plain, suffix)
    assert zipfile.ZipFile(other).read("[Content_Types].xml").count(b"document.main") == 0
    expected = [b.text for b in read_document(plain).blocks]
    assert "Derhalve sturen wij u middels deze brief het besluit." in expected
    assert [b.text for b in read_document(other).blocks] == expected
    # python-docx's way too (it opens only a .docx by itself)
    with pytest.raises(ValueError):
        docx.Document(str(other))
    blocks = docx_blocks(from_python_docx(open_python_docx(str(other))))
    assert [b.text for b in blocks] == expected


def test_a_package_whose_main_part_is_no_word_document_is_still_refused(plain):
    spreadsheet = plain.with_suffix(".dotx")
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(spreadsheet, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    DOCUMENT_MAIN.encode(),
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                )
            new.writestr(item, data)
    with pytest.raises(InputError) as refused:
        read_document(spreadsheet)
    assert "hoofddocument" in refused.value.message


@pytest.mark.parametrize("suffix", sorted(KINDS))
def test_the_word_report_of_each_kind_is_a_plain_docx_without_macros(plain, suffix):
    use_only_rules(plain.parent, OFFICIALESE_RULES)
    letter = as_kind(plain, suffix)
    assert rules_found(letter) == {"taal.ambtelijk"}
    report = word_report(letter)
    with zipfile.ZipFile(report) as package:
        types = package.read("[Content_Types].xml").decode()
        names = package.namelist()
        relations = package.read("word/_rels/document.xml.rels").decode()
    assert DOCUMENT_MAIN in types and KINDS[suffix] not in types
    assert not [n for n in names if "vba" in n.lower()]
    assert VBA not in relations
    anchors = {anchor for _, _, anchor in comments_with_anchors(report)}
    assert {"Derhalve", "middels"} <= anchors


def test_real_templates_and_macro_files_are_read():
    corpus = require_shared("docx-corpus")
    files = [p for p in corpus.iterdir() if p.suffix.lower() in KINDS]
    if not files:
        pytest.skip("no templates or macro-enabled files in ../shared/docx-corpus")
    read = 0
    for path in files:
        try:
            document = read_document(path)
        except InputError as error:  # only for what a .docx may be refused for too
            assert "van een ander soort" not in error.message, path
        else:
            read += 1
            assert document.text.strip()
    assert read >= len(files) // 2
