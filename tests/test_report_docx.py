"""`--format docx`: the letter back with each finding as a Word comment on its words."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.comment_states import comment_states, extended_part_registered, libreoffice_resolved
from tests.conftest import SAMPLES, require_shared
from tests.report_helpers import (
    comment_for,
    comment_head,
    comments_with_anchors,
    has_comment,
    pdf_annotation_texts,
)
from tests.rule_helpers import TONE_RULE, use_only_rules
from tonecheck.cli import main

RULES = (
    """\
rules:
  - id: taal.ambtelijk
    category: plain-language
    level: suggestion
    message: "'{match}' is ambtelijke taal."
    suggestion: "Schrijf liever '{replacement}'."
    check:
      kind: terms
      terms: {naar aanleiding van: na, derhalve: daarom, teneinde: om, middels: met}
    examples: {flag: [x], ok: [y]}
  - id: taal.koptekst
    category: plain-language
    level: suggestion
    message: "'{match}' in de kantlijn."
    suggestion: "Schrijf 'met'."
    zones: [margin]
    check: {kind: terms, terms: [middels]}
    examples: {flag: [x], ok: [y]}
"""
    + TONE_RULE
)


def build_letter(path: Path) -> Path:
    """Findings in one run, across runs with different formatting, in a table cell and in
    a list item, plus a header (comments cannot live there)."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Middels deze koptekst"
    document.add_paragraph("Geachte mevrouw Test,")
    p = document.add_paragraph()
    for i, piece in enumerate(["Naar aan", "leiding van uw brief ", "schrijven wij u. "]):
        p.add_run(piece).bold = i == 1
    p.add_run("Derhalve").italic = True
    p.add_run(" sturen wij dit.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Let op"
    table.cell(0, 1).text = "U dient dit teneinde de betaling te regelen te sturen."
    document.add_paragraph("Stuur het middels de post.", style="List Bullet")
    document.add_paragraph("Met vriendelijke groet,")
    document.save(path)
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    use_only_rules(tmp_path, RULES)
    build_letter(tmp_path / "brief.docx")
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def findings_of(path: Path, *extra) -> list[dict]:
    result = run("check", "--format", "json", path, *extra)
    return json.loads(result.output)["documents"][0]["findings"]


def test_each_finding_is_a_comment_on_exactly_its_words(folder):
    letter = folder / "brief.docx"
    findings = findings_of(letter)
    # comments only (rewrites as tracked changes: tests/test_report_docx_changes.py)
    result = run("check", "--format", "docx", "--no-track-changes", letter)
    assert result.exit_code == 0, result.output
    comments = comments_with_anchors(folder / "brief.tonecheck.docx")
    assert all(author == "tonecheck" for author, _, _ in comments)
    # the score comes first; this short letter is too short to judge, and says so
    assert comments[0][1].startswith("tonecheck: geen score: te kort om te beoordelen")
    body = [(text, anchor) for _, text, anchor in comments[1:]]
    for f in findings:
        if f["rule"] != "taal.koptekst":  # the header's finding: see the next test
            assert has_comment(body, f), f
    covered = {anchor for _, anchor in body}
    # across a run boundary with bold in the middle, in a table cell, in a list item
    assert {"Naar aanleiding van", "Derhalve", "U dient", "teneinde", "middels"} <= covered


def test_a_finding_in_the_header_goes_on_the_first_body_paragraph(folder):
    run("check", "--format", "docx", folder / "brief.docx")
    comments = comments_with_anchors(folder / "brief.tonecheck.docx")
    header = [c for c in comments if c[1].split("\n")[1].startswith("In de koptekst")]
    assert len(header) == 1
    assert header[0][1].startswith("Suggestie \u00b7 Ambtelijke taal\n")
    assert "\u2018Middels\u2019" in header[0][1]
    assert header[0][2] == "Geachte mevrouw Test,"


def test_text_and_formatting_stay_as_they_were(folder):
    letter = folder / "brief.docx"
    run("check", "--format", "docx", "--no-track-changes", letter)
    before, after = docx.Document(str(letter)), docx.Document(str(folder / "brief.tonecheck.docx"))

    def characters(document):
        """(character, bold, italic) for every character of every body paragraph."""
        out = []
        for paragraph in document.paragraphs:
            for run_ in paragraph.runs:
                out += [(ch, run_.bold, run_.italic) for ch in run_.text]
            out.append(("\n", None, None))
        return out

    assert characters(after) == characters(before)
    assert [c.text for c in after.tables[0]._cells] == [c.text for c in before.tables[0]._cells]
    assert after.sections[0].header.paragraphs[0].text == "Middels deze koptekst"


def test_the_letter_itself_is_never_changed(folder):
    letter = folder / "brief.docx"
    digest = hashlib.sha256(letter.read_bytes()).hexdigest()
    run("check", "--format", "docx", letter)
    run("check", "--format", "docx", "--force", letter)
    refused = run("check", "--format", "docx", "--force", "-o", letter, letter)
    assert refused.exit_code == 2
    assert "overschrijven" in refused.output
    assert hashlib.sha256(letter.read_bytes()).hexdigest() == digest


def test_existing_report_is_kept_unless_forced(folder):
    letter = folder / "brief.docx"
    target = folder / "brief.tonecheck.docx"
    target.write_bytes(b"mijn eigen bestand")
    refused = run("check", "--format", "docx", letter)
    assert refused.exit_code == 2
    assert "--force" in refused.output
    assert target.read_bytes() == b"mijn eigen bestand"
    assert run("check", "--format", "docx", "--force", letter).exit_code == 0
    assert comments_with_anchors(target)


def test_output_folder_and_file(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("rapporten")
    letter = folder / "brief.docx"
    assert run("check", "--format", "docx", "-o", out, letter).exit_code == 0
    assert (out / "brief.tonecheck.docx").is_file()
    named = out / "nagekeken.docx"
    assert run("check", "--format", "docx", "-o", named, letter).exit_code == 0
    assert comments_with_anchors(named)
    assert not list(out.glob(".*"))  # no temporary files left behind


def test_output_folder_that_cannot_be_made_is_refused_before_any_work(folder):
    result = run("check", "--format", "docx", "-o", f"{folder}/brief.docx/map/", folder / "x")
    assert result.exit_code == 2
    assert "kan de map niet maken" in result.output


def test_min_level_applies_to_comments(folder):
    letter = folder / "brief.docx"
    run("check", "--format", "docx", "--min-level", "warning", letter)
    comments = comments_with_anchors(folder / "brief.tonecheck.docx")
    assert [anchor for _, _, anchor in comments[1:]] == ["U dient"]


def test_a_text_letter_cannot_be_annotated(folder):
    (folder / "brief.txt").write_text("Derhalve sturen wij dit.", encoding="utf-8")
    result = run("check", "--format", "docx", folder / "brief.txt")
    assert result.exit_code == 2
    assert ".docx" in result.output


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.docx")))
def test_every_sample_gets_all_its_comments(sample, tmp_path):
    findings = findings_of(SAMPLES / sample)
    target = tmp_path / sample.replace(".docx", ".tonecheck.docx")
    result = run("check", "--format", "docx", "-o", tmp_path, SAMPLES / sample)
    assert result.exit_code in (0, 1), result.output
    assert len(comments_with_anchors(target)) == len(findings) + 1  # with tracked changes
    result = run("check", "--format", "docx", "--no-track-changes", "--force", "-o", tmp_path,
                 SAMPLES / sample)  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    comments = comments_with_anchors(target)
    assert len(comments) == len(findings) + 1
    for finding in findings:
        assert has_comment([(text, anchor) for _, text, anchor in comments], finding)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.slow
def test_libreoffice_opens_every_annotated_sample_with_its_comments(tmp_path):
    annotated = tmp_path / "annotated"
    annotated.mkdir()
    samples = sorted(SAMPLES.glob("*.docx"))
    run("check", "--format", "docx", "-o", annotated, *samples)
    export = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", export, "--outdir", str(tmp_path / "pdf"),
         *sorted(str(p) for p in annotated.glob("*.docx"))],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for sample in samples:
        pdf = tmp_path / "pdf" / sample.name.replace(".docx", ".tonecheck.pdf")
        notes = pdf_annotation_texts(pdf)
        comments = comments_with_anchors(annotated / pdf.with_suffix(".docx").name)
        assert len([n for n in notes if n]) >= len(comments)
        for _, text, _ in comments:
            assert text.split("\n")[0] in "\n".join(notes), sample.name
        for _, text, _ in comments[1:]:  # the findings' messages, after level and topic
            assert text.split("\n")[1] in "\n".join(notes), sample.name


def test_reports_stay_in_the_output_folder_whatever_the_letter_is_called(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("uit")
    odd = folder / 'a:b?c*"d<e>|f.docx'
    odd.write_bytes((folder / "brief.docx").read_bytes())
    sneaky = folder / "sub" / ".." / "brief.docx"  # a path that climbs
    (folder / "sub").mkdir()
    result = run("check", "--format", "docx", "-o", out, odd, sneaky)
    assert result.exit_code in (0, 1), result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == ["a_b_c__d_e__f.tonecheck.docx", "brief.tonecheck.docx"]
    assert not list(folder.parent.glob("*.tonecheck.docx"))


@pytest.fixture(scope="module")
def sample_checker():
    from tonecheck.runtime import load_checker

    return load_checker(SAMPLES)[1]


def test_findings_marked_done_are_resolved_comments_in_word(sample_checker, tmp_path):
    from tonecheck.report.docx_comments import write_annotated_docx
    from tonecheck.report.html_report import finding_key

    result = sample_checker.check_path(str(SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx"))
    done = result.findings[2]
    target = tmp_path / "brief.tonecheck.docx"
    write_annotated_docx(result, target, done={finding_key(done)})
    states = comment_states(target)
    assert extended_part_registered(target)
    assert len(states) == len(result.findings) + 1  # the score first, every one with a state
    resolved = [text for text, state in states if state]
    assert len(resolved) == 1 and resolved[0].startswith(comment_for(done))
    assert all(state is False for text, state in states if text not in resolved)


def test_without_marks_every_comment_is_open(sample_checker, tmp_path):
    from tonecheck.report.docx_comments import write_annotated_docx

    result = sample_checker.check_path(str(SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx"))
    write_annotated_docx(result, tmp_path / "uit.docx")
    assert {state for _, state in comment_states(tmp_path / "uit.docx")} == {False}


def test_a_letter_with_resolved_comments_of_its_own_keeps_them(sample_checker, tmp_path):
    from tonecheck.report.docx_comments import write_annotated_docx
    from tonecheck.report.html_report import finding_key

    letter = require_shared("docx-corpus", "poi__testComment.docx")  # Word's own parts
    before = comment_states(letter)
    result = sample_checker.check_path(str(letter))
    assert result.error is None and result.findings
    target = tmp_path / "uit.docx"
    write_annotated_docx(result, target, done={finding_key(result.findings[0])})
    after = comment_states(target)
    assert after[: len(before)] == before  # the letter's comments, in the same state
    ours = after[len(before) :]
    assert [state for _, state in ours] == [False, True, *[False] * (len(ours) - 2)]
    with zipfile.ZipFile(target) as package:  # one part, every paragraph id once
        assert package.namelist().count("word/commentsExtended.xml") == 1
        ids = re.findall(rb'w14:paraId="([0-9A-F]{8})"', package.read("word/comments.xml"))
        ids += re.findall(rb'w14:paraId="([0-9A-F]{8})"', package.read("word/document.xml"))
    assert len(ids) == len(set(ids))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.slow
def test_libreoffice_opens_the_letter_and_shows_the_done_comment_resolved(sample_checker, tmp_path):
    from tonecheck.report.docx_comments import write_annotated_docx
    from tonecheck.report.html_report import finding_key

    result = sample_checker.check_path(str(SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx"))
    done = result.findings[1]
    target = tmp_path / "brief.docx"
    write_annotated_docx(result, target, done={finding_key(done)})
    notes = libreoffice_resolved(target, tmp_path / "lo-profile")
    assert len(notes) == len(result.findings) + 1
    assert [text for text, resolved in notes if resolved] == [comment_head(done)]
