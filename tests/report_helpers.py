"""Read back what tonecheck wrote: Word comments with the text they cover."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
from click.testing import CliRunner
from docx.oxml.ns import qn

from tonecheck.cli import main
from tonecheck.common.categories import load_categories

LEVEL_HEADS = {"error": "Fout", "warning": "Waarschuwing", "suggestion": "Suggestie"}


def rules_found(letter: Path) -> set[str]:
    """The rules ``tonecheck check --format json`` reports on ``letter``, which it read
    and checked without an error."""
    checked = CliRunner().invoke(main, ["check", "--format", "json", str(letter)])
    assert checked.exit_code == 0, checked.output  # read and checked (fail level: error)
    document = json.loads(checked.output)["documents"][0]
    assert document["error"] is None
    return {f["rule"] for f in document["findings"]}


def word_report(letter: Path) -> Path:
    """The Word report of ``letter`` (``--format docx --no-track-changes``), written beside
    it as NAME.tonecheck.docx; python-docx opens it, and the letter itself is unchanged."""
    before = letter.read_bytes()
    result = CliRunner().invoke(
        main, ["check", "--format", "docx", "--no-track-changes", str(letter)]
    )
    assert result.exit_code == 0, result.output
    report = letter.with_name(f"{letter.stem}.tonecheck.docx")
    docx.Document(str(report))  # opens as the .docx its name says
    assert letter.read_bytes() == before  # never changed
    return report


def comments_with_anchors(path: Path) -> list[tuple[str, str, str]]:
    """(author, comment text, anchored document text) per comment, in id order."""
    document = docx.Document(str(path))
    anchored: dict[str, list[str]] = {}
    open_ids: list[str] = []
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.append(element.get(qn("w:id")))
            anchored.setdefault(open_ids[-1], [])
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.remove(element.get(qn("w:id")))
        elif element.tag in (qn("w:t"), qn("w:tab"), qn("w:br")) and open_ids:
            text = {qn("w:tab"): "\t", qn("w:br"): "\n"}.get(element.tag, element.text or "")
            for comment_id in open_ids:
                anchored[comment_id].append(text)
    return [
        (c.author, c.text, "".join(anchored.get(str(c.comment_id), []))) for c in document.comments
    ]


def pdf_annotation_texts(path: Path) -> list[str]:
    """The text of the annotations (Word comments become PDF notes) in a PDF file."""
    data = path.read_bytes()
    texts = []
    for match in re.finditer(rb"/Contents\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))", data):
        raw = match.group(1)
        if raw.startswith(b"<"):
            decoded = bytes.fromhex(re.sub(rb"\s", b"", raw[1:-1]).decode())
            texts.append(decoded[2:].decode("utf-16-be") if decoded[:2] == b"\xfe\xff" else "")
        else:
            texts.append(raw[1:-1].decode("latin-1"))
    return texts


def comment_head(finding) -> str:
    """The first line of a finding's Word comment: its level and topic (the category's
    Dutch name), e.g. 'Waarschuwing · Uitleg waarom'; ``finding`` a Finding or its JSON."""
    data = finding if isinstance(finding, dict) else finding.as_dict()
    return f"{LEVEL_HEADS[data['level']]} \u00b7 {load_categories()[data['category']].label}"


def comment_for(finding) -> str:
    """The comment tonecheck writes on a finding in the main text without a rewrite."""
    data = finding if isinstance(finding, dict) else finding.as_dict()
    return f"{comment_head(data)}\n{data['message']}\n{data['suggestion']}"


def has_comment(comments: list[tuple[str, str]], finding) -> bool:
    """Whether some (text, anchored text) is the comment on ``finding`` (a Finding or its
    JSON) without a tracked change: on exactly its words; a rewrite adds a last line."""
    data = finding if isinstance(finding, dict) else finding.as_dict()
    expected = comment_for(data)
    return any(
        text.startswith(expected)
        and text.count("\n") == expected.count("\n") + ("replacement" in data)
        and anchor == data["excerpt"]
        for text, anchor in comments
    )
