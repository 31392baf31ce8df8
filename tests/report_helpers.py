"""Read back what tonecheck wrote: Word comments with the text they cover."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn


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
