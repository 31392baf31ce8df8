"""tonecheck never takes its own reports as input (issue 23, point 6): by their name and
by a mark inside them (a custom property in the annotated .docx, the generator meta tag
of an HTML page, the first fields of JSON output)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tonecheck.batch.inputs import collect_inputs
from tonecheck.cli import main
from tonecheck.documents import read_document
from tonecheck.documents.report_mark import (
    CUSTOM_NS,
    PROPERTY,
    has_text_mark,
    mark_docx,
    named_as_report,
)
from tonecheck.errors import InputError

LETTER = SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx"


def custom_properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert names.count("docProps/custom.xml") == 1
        xml = package.read("docProps/custom.xml")
    from lxml import etree

    root = etree.fromstring(xml)
    return {p.get("name"): p[0].text for p in root.iter(f"{{{CUSTOM_NS}}}property")}


def test_the_mark_is_a_custom_property_word_and_python_docx_can_read(tmp_path):
    path = tmp_path / "rapport.docx"
    shutil.copy(LETTER, path)
    mark_docx(path, "9.9")
    assert custom_properties(path) == {PROPERTY: "9.9"}
    document = docx.Document(str(path))  # the package is still sound
    assert document.paragraphs
    parts = {str(part.partname): part.content_type for part in document.part.package.iter_parts()}
    assert parts["/docProps/custom.xml"].endswith("custom-properties+xml")


def test_the_mark_keeps_the_letters_own_custom_properties(tmp_path):
    path = tmp_path / "rapport.docx"
    shutil.copy(LETTER, path)
    mark_docx(path, "1.0")
    with zipfile.ZipFile(path) as package:  # a property of the letter's own, pid 2
        xml = package.read("docProps/custom.xml").replace(PROPERTY.encode(), b"Zaaknummer")
        entries = [(i, package.read(i)) for i in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in entries:
            package.writestr(info, xml if info.filename == "docProps/custom.xml" else data)
    mark_docx(path, "2.0")
    assert custom_properties(path) == {"Zaaknummer": "1.0", PROPERTY: "2.0"}
    with zipfile.ZipFile(path) as package:
        assert b'pid="3"' in package.read("docProps/custom.xml")


def test_an_annotated_docx_named_on_purpose_is_checked_again(tmp_path):
    """A case officer edits brief.tonecheck.docx and checks it again: the annotator
    replaces tonecheck's own comments (tests/test_report_docx_changes.py); only folder
    walks leave reports out."""
    path = tmp_path / "brief.tonecheck.docx"
    shutil.copy(LETTER, path)
    mark_docx(path, "1.0")
    assert read_document(path).blocks
    assert collect_inputs([str(tmp_path)], skipped=Counter()) == []


@pytest.mark.parametrize("name", ["brief.docx.tonecheck.html", "BRIEF.TONECHECK.HTML"])
def test_a_report_name_is_refused_when_given(tmp_path, name):
    assert named_as_report(name)
    path = tmp_path / name
    shutil.copy(LETTER, path)
    with pytest.raises(InputError, match="rapport van tonecheck"):
        read_document(path)


def test_names_that_merely_look_alike_are_letters():
    assert not named_as_report("tonecheck.docx")
    assert not named_as_report("brief.tonecheck.txt")
    assert not named_as_report("brief-tonecheck.docx")


@pytest.mark.parametrize(
    "text",
    [
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="generator" content="tonecheck 0.3.0">',
        '{\n  "tonecheck": "0.3.0",\n  "schema_version": 1,\n  "documents": []\n}',
        '{"path": "brief.docx", "letter_type": null, "stats": null}\n',
    ],
)
def test_html_and_json_reports_saved_as_text_are_refused(tmp_path, text):
    assert has_text_mark(text)
    path = tmp_path / "uitslag.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="rapport van tonecheck"):
        read_document(path)


def test_a_letter_that_quotes_json_is_a_letter():
    assert not has_text_mark('Geachte heer,\n\n{"tonecheck": "0.3.0", "schema_version": 1}')


def test_the_html_report_and_the_json_output_carry_the_mark(tmp_path):
    letter = tmp_path / "brief.txt"
    shutil.copy(SAMPLES / "afwijzing-bijzondere-bijstand-kil.txt", letter)
    result = CliRunner().invoke(main, ["check", "--format", "html", str(letter)])
    assert result.exit_code in (0, 1), result.output
    assert has_text_mark((tmp_path / "brief.tonecheck.html").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["check", "--format", "json", str(letter)])
    assert has_text_mark(result.stdout)
    result = CliRunner().invoke(main, ["check", "--format", "jsonl", str(letter)])
    assert has_text_mark(result.stdout)


@pytest.mark.slow
def test_a_second_run_over_a_folder_checks_only_the_letters(tmp_path):
    folder = tmp_path / "brieven"
    folder.mkdir()
    for i in range(3):
        shutil.copy(LETTER, folder / f"brief{i}.docx")
    first = CliRunner().invoke(main, ["check", "--format", "docx", "-q", "-j", "1", str(folder)])
    assert first.exit_code in (0, 1), first.output
    reports = sorted(folder.glob("*.tonecheck.docx"))
    assert len(reports) == 3
    shutil.copy(reports[0], folder / "hernoemd.docx")  # a renamed report: found by its mark
    skipped: Counter = Counter()
    assert [Path(p).name for p in collect_inputs([str(folder)], skipped=skipped)] == [
        "brief0.docx",
        "brief1.docx",
        "brief2.docx",
    ]
    assert skipped == {"report": 4}
    second = CliRunner().invoke(main, ["check", "--format", "json", "-q", "-j", "1", str(folder)])
    assert len(json.loads(second.stdout)["documents"]) == 3
    assert "overgeslagen: 4 rapporten van tonecheck" in second.stderr
