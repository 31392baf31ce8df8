"""Packages Word opens and python-docx alone does not: zip entries named in another case
than the relationships name the parts (part names are case-insensitive), a package
relationship to metadata that is not there, and a link to a bookmark written as a
relationship to a part. They are read, and annotated, as the same package without the
fault; a missing part the letter needs is still refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from tests.report_helpers import comments_with_anchors, word_report
from tests.rule_helpers import OFFICIALESE_RULES, use_only_rules
from tonecheck.documents import read_document
from tonecheck.documents.package_repair import repaired
from tonecheck.errors import InputError

# entries renamed: the main part with its relationships part, and the styles part
RENAMED = {
    "word/document.xml": "word/Document.xml",
    "word/_rels/document.xml.rels": "word/_rels/Document.xml.rels",
    "word/styles.xml": "word/STYLES.xml",
}


def build(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Geachte heer Test,", style="Heading 1")
    document.add_paragraph("Derhalve sturen wij u deze brief.")
    document.save(path)
    return path


def renamed(source: Path) -> Path:
    target = source.with_name("anders.docx")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(RENAMED.get(item.filename, item.filename), old.read(item.filename))
    return target


def test_entries_named_in_another_case_are_read_as_the_relationships_name_them(tmp_path):
    plain = build(tmp_path / "brief.docx")
    other = renamed(plain)
    with pytest.raises(KeyError):
        docx.Document(str(other))  # python-docx alone looks entries up exactly
    expected = read_document(plain).blocks
    blocks = read_document(other).blocks
    assert [(b.text, b.kind) for b in blocks] == [(b.text, b.kind) for b in expected]
    assert expected[0].style and blocks[0].style == expected[0].style  # styles found too
    with zipfile.ZipFile(repaired(str(other))) as copy:
        assert set(RENAMED) <= set(copy.namelist())


def test_a_package_with_matching_names_is_passed_on_as_it_is(tmp_path):
    plain = str(build(tmp_path / "brief.docx"))
    assert repaired(plain) is plain


def test_the_word_report_of_such_a_package_opens_with_its_comments(tmp_path):
    use_only_rules(tmp_path, OFFICIALESE_RULES)
    report = word_report(renamed(build(tmp_path / "brief.docx")))
    assert "Derhalve" in {anchor for _, _, anchor in comments_with_anchors(report)}


def without_part(source: Path, name: str, missing: str) -> Path:
    target = source.with_name(name)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename != missing:
                new.writestr(item, old.read(item.filename))
    return target


def test_a_package_relationship_to_missing_metadata_is_left_out(tmp_path):
    plain = build(tmp_path / "brief.docx")
    other = without_part(plain, "zonder-eigenschappen.docx", "docProps/core.xml")
    with pytest.raises(KeyError):
        docx.Document(str(other))
    assert [b.text for b in read_document(other).blocks] == [
        b.text for b in read_document(plain).blocks
    ]
    with zipfile.ZipFile(repaired(str(other))) as copy:
        assert b"docProps/core.xml" not in copy.read("_rels/.rels")


def test_a_missing_part_the_letter_needs_is_still_refused(tmp_path):
    plain = build(tmp_path / "brief.docx")
    other = without_part(plain, "zonder-tekst.docx", "word/document.xml")
    with pytest.raises(InputError) as refused:
        read_document(other)
    assert "ontbreekt" in refused.value.message


def with_bookmark_link(source: Path) -> Path:
    """``source`` with a hyperlink to a bookmark around its second paragraph's text, as
    an internal relationship whose target is only the bookmark (as some converters and
    old Word versions write it)."""
    target = source.with_name("met-bladwijzer.docx")
    link = (
        b'<Relationship Id="rIdToc" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/hyperlink" Target="#_Toc1"/></Relationships>'
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", link)
            elif item.filename == "word/document.xml":
                start = data.index(b"<w:r>", data.index(b"Derhalve") - 200)
                end = data.index(b"</w:r>", start) + len(b"</w:r>")
                data = (
                    data[:start] + b'<w:hyperlink r:id="rIdToc">' + data[start:end]
                    + b"</w:hyperlink>" + data[end:]
                )  # fmt: skip
            new.writestr(item, data)
    return target


def test_a_link_to_a_bookmark_is_no_missing_part(tmp_path):
    plain = build(tmp_path / "brief.docx")
    other = with_bookmark_link(plain)
    with pytest.raises(KeyError):
        docx.Document(str(other))  # python-docx alone looks for a part '#_Toc1'
    assert [b.text for b in read_document(other).blocks] == [
        b.text for b in read_document(plain).blocks
    ]
    with zipfile.ZipFile(repaired(str(other))) as copy:
        rels = copy.read("word/_rels/document.xml.rels")
    assert b'Target="#_Toc1" TargetMode="External"' in rels
    use_only_rules(tmp_path, OFFICIALESE_RULES)
    report = word_report(other)
    assert "Derhalve" in {anchor for _, _, anchor in comments_with_anchors(report)}
