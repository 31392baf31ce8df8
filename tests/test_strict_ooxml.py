"""Strict Open XML is read as the Transitional .docx it mirrors, and its Word report is a
Transitional .docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import require_shared
from tests.report_helpers import comments_with_anchors, rules_found, word_report
from tests.rule_helpers import OFFICIALESE_RULES, use_only_rules
from tests.test_word_kinds import build_docx
from tonecheck.documents import read_document
from tonecheck.documents.strict_ooxml import as_transitional
from tonecheck.errors import InputError

# written out here, not taken from the module under test: Word's Strict names
STRICT_NAMES = (
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
    (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
        b"http://purl.oclc.org/ooxml/drawingml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
    ),
)


def as_strict(source: Path) -> Path:
    """``source`` (a .docx) saved the Strict way: the same parts and content types, its
    XML and relationship types in the Strict namespaces."""
    target = source.with_name("strikt.docx")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                for transitional, strict in STRICT_NAMES:
                    data = data.replace(transitional, strict)
            new.writestr(item, data)
    return target


@pytest.fixture
def plain(tmp_path) -> Path:
    return build_docx(tmp_path / "brief.docx")


def test_strict_open_xml_reads_as_the_docx_it_was_made_from(plain):
    strict = as_strict(plain)
    with zipfile.ZipFile(strict) as package:
        assert b"schemas.openxmlformats.org/wordprocessingml" not in package.read(
            "word/document.xml"
        )
    expected = [(b.kind, b.text) for b in read_document(plain).blocks]
    assert (
        "paragraph",
        "Derhalve sturen wij u middels deze brief het besluit.",
    ) in [(k.value, t) for k, t in expected]
    assert [(b.kind, b.text) for b in read_document(strict).blocks] == expected


def test_a_transitional_package_is_passed_on_as_it_is(plain):
    with open(plain, "rb") as handle:
        assert as_transitional(handle) is handle
        assert handle.tell() == 0
    assert as_transitional(str(plain)) == str(plain)


def test_the_word_report_of_strict_open_xml_is_a_transitional_docx(plain):
    use_only_rules(plain.parent, OFFICIALESE_RULES)
    letter = as_strict(plain)
    assert rules_found(letter) == {"taal.ambtelijk"}
    report = word_report(letter)  # python-docx, which knows Transitional only, opens it
    with zipfile.ZipFile(report) as package:
        assert not [n for n in package.namelist() if b"purl.oclc.org" in package.read(n)]
    anchors = {anchor for _, _, anchor in comments_with_anchors(report)}
    assert {"Derhalve", "middels"} <= anchors


def test_a_strict_package_without_its_main_document_is_still_refused(plain):
    strict = as_strict(plain)
    broken = strict.with_name("kapot.docx")
    with zipfile.ZipFile(strict) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            if item.filename != "word/document.xml":
                new.writestr(item, old.read(item.filename))
    with pytest.raises(InputError) as refused:
        read_document(broken)
    assert "ontbreekt" in refused.value.message


def test_strict_files_of_the_docx_corpus_are_read():
    corpus = require_shared("docx-corpus")
    strict = []
    for path in sorted(corpus.iterdir()):
        try:
            with zipfile.ZipFile(path) as package:
                rels = package.read("_rels/.rels")
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
        if b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in rels:
            strict.append(path)
    if not strict:
        pytest.skip("no Strict Open XML files in ../shared/docx-corpus")
    read = 0
    for path in strict:
        try:
            document = read_document(path)
        except InputError as error:  # a chart or a picture only: nothing to check
            assert "er staat geen tekst in" in error.message, path
        else:
            read += 1
            assert document.text.strip()
    assert read >= len(strict) // 2
