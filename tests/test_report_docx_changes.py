"""`--format docx` with rewrites: each a tracked change (author 'tonecheck') beside its
comment; comments that begin with level and topic; a second run that replaces
tonecheck's comments and changes instead of adding a second set."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from tests.comment_states import comment_states
from tests.conftest import SAMPLES, require_shared
from tests.docx_fixtures import field_paragraph, tracked_change_paragraph
from tests.report_helpers import comments_with_anchors
from tests.revision_helpers import (
    finding_with,
    formatted_characters,
    libreoffice_settled,
    rewritten,
    rewritten_characters,
    same_characters,
    settle,
    tracked_changes,
    with_rewrites,
)
from tonecheck.checker import Checker
from tonecheck.cli import main
from tonecheck.common.findings import Finding, Level, Location, Replacement
from tonecheck.documents import read_document
from tonecheck.report.docx_changes import block_change
from tonecheck.report.docx_comments import write_annotated_docx
from tonecheck.report.result import DocumentResult

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.docx"))
AS_CHANGE = "als bijgehouden wijziging in de tekst"


@pytest.fixture(scope="module")
def checker() -> Checker:
    from tonecheck.runtime import load_checker

    return load_checker(SAMPLES)[1]


def build_letter(path: Path) -> Path:
    """A letter whose words run over plain, bold and italic runs."""
    document = docx.Document()
    document.add_paragraph("Geachte mevrouw Test,")
    p = document.add_paragraph()
    p.add_run("Wij hebben ")
    p.add_run("uw aanvraag").bold = True
    p.add_run(" afgewezen").italic = True
    p.add_run(" en sturen u dit bericht.")
    document.add_paragraph("Met vriendelijke groet,")
    document.save(path)
    return path


def made_up(result: DocumentResult, words: str, new: str | None, **fields) -> Finding:
    """A finding of our own on ``words`` of the letter, with the rewrite ``new``."""
    assert result.letter is not None
    document = result.letter.document
    start = document.text.index(words)
    end = start + len(words)
    index = document.block_index(start)
    line, column = document.line_column(start)
    finding = Finding(
        rule=fields.get("rule", "test.herschrijven"),
        category=fields.get("category", "reasons"),
        level=fields.get("level", Level.WARNING),
        message="Leg uit waarom.",
        suggestion="Schrijf het anders.",
        excerpt=words,
        location=Location(index, start, end, line, column),
    )
    return finding if new is None else finding_with(finding, start, end, new)


def letter_result(checker: Checker, path: Path, *findings: tuple[str, str | None]):
    result = checker.check_path(str(path))
    assert result.error is None, result.error
    result.findings = [made_up(result, words, new) for words, new in findings]
    return result


def xml_of(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(part))


def test_a_rewrite_is_a_tracked_change_beside_its_comment(checker, tmp_path):
    letter = build_letter(tmp_path / "brief.docx")
    result = letter_result(checker, letter, ("uw aanvraag afgewezen", "uw verzoek niet toegekend"))
    out = tmp_path / "uit.docx"
    write_annotated_docx(result, out)
    root = xml_of(out)
    (deletion,) = root.iter(f"{{{W}}}del")
    (insertion,) = root.iter(f"{{{W}}}ins")
    for change in (deletion, insertion):
        assert change.get(f"{{{W}}}author") == "tonecheck"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", change.get(f"{{{W}}}date"))
    # only the words that change: "uw " stays
    assert tracked_changes(out) == [
        ("del", "tonecheck", "aanvraag afgewezen"),
        ("ins", "tonecheck", "verzoek niet toegekend"),
    ]
    assert deletion.getnext() is insertion
    (comment,) = [c for c in comments_with_anchors(out) if c[1].startswith("Waarschuwing")]
    lines = comment[1].split("\n")
    assert lines[0] == "Waarschuwing \u00b7 Uitleg waarom"
    assert lines[1:3] == ["Leg uit waarom.", "Schrijf het anders."]
    assert AS_CHANGE in lines[3] and "Controleren" in lines[3]
    assert comment[2] == "uw verzoek niet toegekend"  # the comment covers the new words


def test_each_deleted_run_keeps_its_formatting_and_the_new_words_take_the_first(checker, tmp_path):
    letter = build_letter(tmp_path / "brief.docx")
    result = letter_result(checker, letter, ("uw aanvraag afgewezen", "uw verzoek niet toegekend"))
    out = tmp_path / "uit.docx"
    write_annotated_docx(result, out)
    root = xml_of(out)
    (deletion,) = root.iter(f"{{{W}}}del")
    runs = deletion.findall(f"{{{W}}}r")
    assert ["".join(r.itertext()) for r in runs] == ["aanvraag", " afgewezen"]
    assert runs[0].find(f"{{{W}}}rPr/{{{W}}}b") is not None
    assert runs[1].find(f"{{{W}}}rPr/{{{W}}}i") is not None
    assert not deletion.findall(f".//{{{W}}}t")  # deleted text is w:delText
    (insertion,) = root.iter(f"{{{W}}}ins")
    assert insertion.find(f"{{{W}}}r/{{{W}}}rPr/{{{W}}}b") is not None

    accepted = settle(out, tmp_path / "aan.docx", accept=True)
    rejected = settle(out, tmp_path / "af.docx", accept=False)
    assert read_document(accepted).text.split("\n\n")[1] == (
        "Wij hebben uw verzoek niet toegekend en sturen u dit bericht."
    )
    assert formatted_characters(rejected) == formatted_characters(letter)
    bold = [ch for ch, style in formatted_characters(accepted) if b"<w:b" in style]
    assert "".join(bold) == "uw verzoek niet toegekend"  # "uw " bold as it was, then new


def test_comments_only_when_asked_the_rewrite_is_named_in_the_comment(checker, tmp_path):
    letter = build_letter(tmp_path / "brief.docx")
    result = letter_result(checker, letter, ("uw aanvraag afgewezen", "uw verzoek niet toegekend"))
    write_annotated_docx(result, tmp_path / "uit.docx", rewrites=())
    assert tracked_changes(tmp_path / "uit.docx") == []
    comment = comments_with_anchors(tmp_path / "uit.docx")[1]
    assert comment[1].split("\n")[-1] == (  # with the word before and after it
        "Voorstel: vervang \u2018hebben uw aanvraag afgewezen en\u2019 "
        "door \u2018hebben uw verzoek niet toegekend en\u2019"
    )
    assert comment[2] == "uw aanvraag afgewezen"


def test_only_the_rewrites_asked_for_become_changes(checker, tmp_path):
    letter = build_letter(tmp_path / "brief.docx")
    result = letter_result(checker, letter, ("Wij hebben", "Wij"), ("dit bericht", "deze brief"))
    from tonecheck.report.html_report import finding_key

    write_annotated_docx(result, tmp_path / "uit.docx", rewrites={finding_key(result.findings[1])})
    assert tracked_changes(tmp_path / "uit.docx") == [
        ("del", "tonecheck", "dit bericht"),
        ("ins", "tonecheck", "deze brief"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Wij wijzen uw aanvraag af.", "Wij wijzen uw verzoek af.", ("aanvraag", "verzoek")),
        ("uw aanvraag af", "uw vraag af", ("aanvraag", "vraag")),  # whole words only
        ("wordt afgewezen.", "wordt afgewezen, helaas.", ("", ", helaas")),
        ("Derhalve sturen wij", "sturen wij", ("Derhalve ", "")),
        ("te regelen", "TE REGELEN", ("te regelen", "TE REGELEN")),
    ],
)
def test_only_the_words_that_differ_are_changed(old, new, expected):
    from tonecheck.documents.model import Block, BlockKind

    block = Block(index=0, kind=BlockKind.PARAGRAPH, text=f"Dus {old} Klaar.", start=10)
    change = block_change(Replacement(14, 14 + len(old), new), block)
    assert change is not None
    assert (block.text[change.start : change.end], change.text) == expected
    made = block.text[: change.start] + change.text + block.text[change.end :]
    assert made == f"Dus {new} Klaar."
    assert block_change(Replacement(14, 14 + len(old), old), block) is None  # no change


def test_rewrites_that_cannot_be_a_change_stay_in_their_comment(checker, tmp_path):
    path = tmp_path / "brief.docx"
    document = docx.Document()
    document.add_paragraph("Geachte mevrouw Test,")
    field_paragraph(document)  # "Pagina 3", the 3 from a field
    document.add_paragraph("Wij sturen u dit bericht.")
    document.save(path)
    result = checker.check_path(str(path))
    text = result.letter.document.text
    across = made_up(result, "Test,", None)  # from one paragraph into the next
    across = finding_with(across, text.index("Test,"), text.index("Pagina") + 3, "x")
    field = made_up(result, "Pagina 3", "Bladzijde 4")
    first = made_up(result, "dit bericht", "deze brief", rule="test.een")
    overlapping = made_up(result, "bericht", "brief", rule="test.twee")
    result.findings = [across, field, first, overlapping]
    write_annotated_docx(result, tmp_path / "uit.docx")
    assert tracked_changes(tmp_path / "uit.docx") == [
        ("del", "tonecheck", "dit bericht"),
        ("ins", "tonecheck", "deze brief"),
    ]
    texts = [text for _, text, _ in comments_with_anchors(tmp_path / "uit.docx")[1:]]
    assert [t.split("\n")[-1].split(":")[0] for t in texts] == [
        "Voorstel",
        "Voorstel",
        "Het voorstel staat als bijgehouden wijziging in de tekst",
        "Voorstel",
    ]


def test_ids_are_unique_across_comments_and_changes(checker, tmp_path):
    path = tmp_path / "brief.docx"
    document = docx.Document()
    document.add_paragraph("Geachte mevrouw Test,")
    tracked_change_paragraph(document)  # someone's insertion (id 1) and deletion (id 2)
    p = document.add_paragraph("Wij sturen u dit bericht.")
    document.add_comment(p.runs, text="Klopt dit?", author="Jan", initials="J")
    document.save(path)
    result = letter_result(
        checker, path, ("kennen u", "geven u"), ("dit bericht", "deze brief"), ("Wij", None)
    )
    write_annotated_docx(result, tmp_path / "uit.docx")
    body, comments = (
        xml_of(tmp_path / "uit.docx"),
        xml_of(tmp_path / "uit.docx", "word/comments.xml"),
    )
    change_ids = [c.get(f"{{{W}}}id") for c in body.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    comment_ids = [c.get(f"{{{W}}}id") for c in comments.iter(f"{{{W}}}comment")]
    assert len(change_ids) == 2 + 2  # one rewrite (see below), the letter's own two changes
    assert len(comment_ids) == 1 + 1 + 3  # Jan's, the score, three findings
    assert len(set(change_ids + comment_ids)) == len(change_ids + comment_ids)
    # someone's insertion holds the rewrite: no change inside another's; a comment only
    assert [c for c in tracked_changes(tmp_path / "uit.docx") if c[1] == "tonecheck"] == [
        ("del", "tonecheck", "dit bericht"),
        ("ins", "tonecheck", "deze brief"),
    ]


def test_the_reader_reads_tonecheck_s_changes_as_rejected_and_others_as_accepted(checker, tmp_path):
    path = tmp_path / "brief.docx"
    document = docx.Document()
    tracked_change_paragraph(document)  # someone's: "Wij " + ins "kennen u " + del "…"
    document.add_paragraph("Wij sturen u dit bericht.")
    document.save(path)
    result = letter_result(checker, path, ("dit bericht", "deze brief"))
    before = read_document(path).text
    write_annotated_docx(result, tmp_path / "uit.docx")
    assert before == "Wij kennen u bijstand toe.\n\nWij sturen u dit bericht."
    assert read_document(tmp_path / "uit.docx").text == before


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_accepting_all_changes_gives_the_rewritten_text_and_rejecting_all_the_original(
    checker, sample, tmp_path
):
    result = checker.check_path(str(SAMPLES / sample))
    replacements = with_rewrites(result)
    assert replacements, "every sample has findings to rewrite"
    out = tmp_path / "uit.docx"
    write_annotated_docx(result, out)
    changes = [c for c in tracked_changes(out) if c[1] == "tonecheck"]
    assert {kind for kind, _, _ in changes} == {"del", "ins"}
    original = result.letter.document.text
    accepted = settle(out, tmp_path / "aan.docx", accept=True)
    rejected = settle(out, tmp_path / "af.docx", accept=False)
    assert read_document(accepted).text == rewritten(original, replacements)
    assert read_document(rejected).text == original
    # formatting: all of it back on rejecting; untouched characters keep theirs
    before = formatted_characters(SAMPLES / sample)
    assert formatted_characters(rejected) == before
    after = formatted_characters(accepted)
    assert same_characters(after, rewritten_characters(before, replacements))


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_a_second_run_replaces_tonecheck_s_comments_and_changes(checker, sample, tmp_path):
    first = checker.check_path(str(SAMPLES / sample))
    with_rewrites(first)
    once = tmp_path / "een.docx"
    write_annotated_docx(first, once)
    second = checker.check_path(str(once))
    assert second.error is None, second.error
    plain = checker.check_path(str(SAMPLES / sample))
    assert [f.as_dict() for f in second.findings] == [f.as_dict() for f in plain.findings]
    with_rewrites(second)
    twice = tmp_path / "twee.docx"
    write_annotated_docx(second, twice)
    comments = comments_with_anchors(twice)
    assert len(comments) == len(second.findings) + 1
    assert Counter(comments) == Counter(comments_with_anchors(once))
    assert tracked_changes(twice) == tracked_changes(once)
    assert len(comment_states(twice)) == len(comments)  # one state each, none left over


def theirs(path: Path) -> list[bytes]:
    """The XML of every tracked change not by tonecheck, in the main text."""
    root = xml_of(path)
    return [
        etree.tostring(change)
        for change in root.iter(f"{{{W}}}ins", f"{{{W}}}del")
        if change.get(f"{{{W}}}author") != "tonecheck"
    ]


def test_other_people_s_comments_and_changes_stay_as_they_are(checker, tmp_path):
    path = tmp_path / "brief.docx"
    document = docx.Document()
    document.add_paragraph("Geachte mevrouw Test,")
    tracked_change_paragraph(document)
    p = document.add_paragraph("Wij sturen u dit bericht.")
    document.add_comment(p.runs, text="Klopt dit?", author="Jan", initials="J")
    document.save(path)
    wanted = [("dit bericht", "deze brief"), ("Geachte", None)]
    once, twice = tmp_path / "een.docx", tmp_path / "twee.docx"
    write_annotated_docx(letter_result(checker, path, *wanted), once)
    write_annotated_docx(letter_result(checker, once, *wanted), twice)
    assert len(theirs(path)) == 2
    assert theirs(once) == theirs(path) and theirs(twice) == theirs(path)
    for out in (once, twice):
        comments = comments_with_anchors(out)
        assert [c for c in comments if c[0] != "tonecheck"] == [
            ("Jan", "Klopt dit?", "Wij sturen u deze brief.")
        ]
        assert len([c for c in comments if c[0] == "tonecheck"]) == 3  # score, two findings
    assert Counter(comments_with_anchors(twice)) == Counter(comments_with_anchors(once))


def test_a_letter_word_saved_with_comments_of_its_own_keeps_them_on_a_second_run(checker, tmp_path):
    letter = require_shared("docx-corpus", "poi__testComment.docx")  # Word's own parts
    before = comment_states(letter)
    first = checker.check_path(str(letter))
    once, twice = tmp_path / "een.docx", tmp_path / "twee.docx"
    write_annotated_docx(first, once)
    write_annotated_docx(checker.check_path(str(once)), twice)
    after = comment_states(twice)
    assert after[: len(before)] == before
    assert len(after) == len(before) + len(first.findings) + 1
    assert comment_states(once) == after


COMMENTS_IDS = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
COMMENTS_EXTENSIBLE = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
WORD_PARTS = {
    "word/commentsIds.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml",
        "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    ),
    "word/commentsExtensible.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtensible+xml",
        "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    ),
}


def as_word_saves_it(path: Path, target: Path) -> Path:
    """The .docx with the two parts Word 2016 and later add about comments: an id per
    comment (by its last paragraph) and its durable entry."""
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    with zipfile.ZipFile(path) as package:
        comments = etree.fromstring(package.read("word/comments.xml"))
        para_ids = [c.findall(f"{{{W}}}p")[-1].get(f"{{{w14}}}paraId") for c in comments]
        ids = "".join(
            f'<w16cid:commentId w16cid:paraId="{p}" w16cid:durableId="{n + 1:08X}"/>'
            for n, p in enumerate(para_ids)
        )
        extensible = "".join(
            f'<w16cex:commentExtensible w16cex:durableId="{n + 1:08X}" '
            'w16cex:dateUtc="2026-01-01T00:00:00Z"/>'
            for n in range(len(para_ids))
        )
        added = {
            "word/commentsIds.xml": f'<w16cid:commentsIds xmlns:w16cid="{COMMENTS_IDS}">'
            f"{ids}</w16cid:commentsIds>",
            "word/commentsExtensible.xml": f'<w16cex:commentsExtensible xmlns:w16cex="'
            f'{COMMENTS_EXTENSIBLE}">{extensible}</w16cex:commentsExtensible>',
        }
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in package.infolist():
                data = package.read(info)
                if info.filename == "[Content_Types].xml":
                    types = "".join(
                        f'<Override PartName="/{name}" ContentType="{kind}"/>'
                        for name, (kind, _) in WORD_PARTS.items()
                    )
                    data = data.replace(b"</Types>", types.encode() + b"</Types>")
                elif info.filename == "word/_rels/document.xml.rels":
                    rels = "".join(
                        f'<Relationship Id="rIdWord{n}" Type="{rel}" Target="{name[5:]}"/>'
                        for n, (name, (_, rel)) in enumerate(WORD_PARTS.items())
                    )
                    data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
                out.writestr(info, data)
            for name, xml in added.items():
                out.writestr(name, xml)
    return target


def test_word_s_comment_parts_lose_the_entries_of_the_replaced_comments(checker, tmp_path):
    path = tmp_path / "brief.docx"
    document = docx.Document()
    p = document.add_paragraph("Wij sturen u dit bericht.")
    jan = document.add_comment(p.runs, text="Klopt dit?", author="Jan", initials="J")
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    jan._comment_elm.findall(f"{{{W}}}p")[-1].set(f"{{{w14}}}paraId", "0000ABCD")  # as Word
    document.save(path)
    once = tmp_path / "een.docx"
    write_annotated_docx(letter_result(checker, path, ("dit bericht", "deze brief")), once)
    saved = as_word_saves_it(once, tmp_path / "opgeslagen.docx")
    twice = tmp_path / "twee.docx"
    write_annotated_docx(letter_result(checker, saved, ("dit bericht", "deze brief")), twice)
    comments = xml_of(twice, "word/comments.xml")
    para_ids = {c.findall(f"{{{W}}}p")[-1].get(f"{{{w14}}}paraId") for c in comments}
    ids = xml_of(twice, "word/commentsIds.xml")
    listed = {
        e.get(f"{{{COMMENTS_IDS}}}paraId"): e.get(f"{{{COMMENTS_IDS}}}durableId") for e in ids
    }
    assert list(listed) == ["0000ABCD"]  # only Jan's is left
    assert set(listed) <= para_ids
    durable = xml_of(twice, "word/commentsExtensible.xml")
    assert [e.get(f"{{{COMMENTS_EXTENSIBLE}}}durableId") for e in durable] == list(listed.values())
    assert len(comments) == 3  # Jan's, the score, the finding


def test_the_command_line_writes_changes_unless_told_not_to(checker, tmp_path, monkeypatch):
    letter = build_letter(tmp_path / "brief.docx")
    checked = Checker.check_paths

    def with_a_rewrite(self, paths, *args, **kwargs):
        for result in checked(self, paths, *args, **kwargs):
            if result.error is None:
                result.findings = [made_up(result, "uw aanvraag afgewezen", "uw verzoek")]
            yield result

    monkeypatch.setattr(Checker, "check_paths", with_a_rewrite)
    runner = CliRunner()
    out = tmp_path / "brief.tonecheck.docx"
    result = runner.invoke(main, ["check", "--format", "docx", str(letter)])
    assert result.exit_code == 0, result.output
    assert tracked_changes(out) == [
        ("del", "tonecheck", "aanvraag afgewezen"),
        ("ins", "tonecheck", "verzoek"),
    ]
    args = ["check", "--format", "docx", "--no-track-changes", "--force", str(letter)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert tracked_changes(out) == []
    assert comments_with_anchors(out)[1][1].endswith(
        "Voorstel: vervang \u2018hebben uw aanvraag afgewezen en\u2019 "
        "door \u2018hebben uw verzoek en\u2019"
    )
    json_out = runner.invoke(main, ["check", "--format", "json", str(letter)])
    (finding,) = json.loads(json_out.output)["documents"][0]["findings"]
    start = finding["location"]["start"]
    assert finding["replacement"] == {"start": start, "end": start + 21, "text": "uw verzoek"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.slow
def test_libreoffice_accepts_and_rejects_the_changes_of_every_sample(checker, tmp_path):
    folder = tmp_path / "uit"
    folder.mkdir()
    expected = {}
    for name in SAMPLE_NAMES:
        result = checker.check_path(str(SAMPLES / name))
        replacements = with_rewrites(result)
        write_annotated_docx(result, folder / name)
        body = [b for b in result.letter.document.blocks if b.origin == "body"]
        original = " ".join(b.text for b in body)
        made = " ".join(
            rewritten(
                b.text, [_within(r, b.start) for r in replacements if b.start <= r.start <= b.end]
            )
            for b in body
        )
        expected[name] = (made.split(), original.split())
    libreoffice_settled(folder, tmp_path / "lo-profile")
    for name, (made, original) in expected.items():
        accepted = (folder / f"{name}.accepted.txt").read_text(encoding="utf-8-sig")
        rejected = (folder / f"{name}.rejected.txt").read_text(encoding="utf-8-sig")
        assert _words(accepted) == made, name
        assert _words(rejected) == original, name


def _words(exported: str) -> list[str]:
    """The words of LibreOffice's text export, without the bullets it writes for lists."""
    return [word for word in exported.split() if word not in {"\u2022", "\u25e6", "\u25aa"}]


def _within(replacement: Replacement, offset: int) -> Replacement:
    return Replacement(replacement.start - offset, replacement.end - offset, replacement.text)
