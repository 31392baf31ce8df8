"""Read plain-text and Markdown letters into the document model."""

from __future__ import annotations

import re
from itertools import pairwise

from tonecheck.common.placeholders import only_placeholders
from tonecheck.documents.front_matter import front_matter_lines
from tonecheck.documents.model import Block, BlockKind, Document, SourceSpan

LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d{1,3}[.)]|[a-z][.)])\s+")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SENTENCE_END = re.compile(r"[.!?:;]['\")\u201d]?$")
WRAP_WIDTH = 50  # lines this long that do not end a sentence are taken as hard-wrapped prose
# a hard-wrapped line is broken where the next word would no longer fit: it is longer than
# the paragraph's longest line less the next line's first word, less this much slack (a
# writer who wraps by hand breaks a little early now and then)
WRAP_SLACK = 12
TABLE_ROW = re.compile(r"\S\s*\|\s*\S")  # cells between bars: a table's row, never prose


def decode(data: bytes) -> str:
    """Decode letter bytes: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_wrapped(lines: list[str]) -> bool:
    """True when a paragraph's lines are one piece of prose broken at a fixed width: long
    lines that end no sentence, each as long as the next word allowed. Lines that stop
    well short of that are apart: a hurried message with one sentence a line and no full
    stops, the rows of a table (cells between bars, or cut short), fields ('Locatie: …')."""
    if len(lines) < 2 or not all(
        len(line) >= WRAP_WIDTH and not SENTENCE_END.search(line.rstrip()) for line in lines[:-1]
    ):
        return False
    if any(TABLE_ROW.search(line) for line in lines):
        return False
    width = max(len(line.strip()) for line in lines)
    return all(
        len(line.strip()) + 1 + len(after.split()[0]) > width - WRAP_SLACK
        for line, after in pairwise(lines)
        if after.split()
    )


def _start_column(line: str, text: str) -> int:
    """1-based column in ``line`` where its kept ``text`` starts."""
    found = line.find(text[:20]) if text else -1
    return (found if found >= 0 else len(line) - len(line.lstrip())) + 1


def _blocks_from_paragraph(lines: list[tuple[int, str]], markdown: bool) -> list[Block]:
    """Blocks of one paragraph (its lines with their 1-based line numbers), each knowing
    where its text stands in the file (``source_lines``)."""
    texts = [line for _, line in lines]
    if _is_wrapped(texts) and not any(LIST_ITEM.match(line) for line in texts[1:]):
        pieces, offset = [], 0
        for number, line in lines:
            kept = line.strip()
            pieces.append((offset, number, _start_column(line, kept)))
            offset += len(kept) + 1
        text = " ".join(line.strip() for line in texts)
        return [Block(index=0, kind=BlockKind.PARAGRAPH, text=text, source_lines=tuple(pieces))]
    blocks = []
    for number, line in lines:
        kind = BlockKind.PARAGRAPH
        level = None
        text = line.strip()
        heading = MD_HEADING.match(line) if markdown else None
        if heading:
            kind, level, text = BlockKind.HEADING, len(heading.group(1)), heading.group(2)
        elif LIST_ITEM.match(line):
            kind = BlockKind.LIST_ITEM
        where = ((0, number, _start_column(line, text)),)
        blocks.append(Block(index=0, kind=kind, text=text, level=level, source_lines=where))
    return blocks


def _template_lines_apart(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """A paragraph that reads as hard-wrapped prose, in pieces: a line of template tags
    alone (``{if …}``, ``{/if}``, ``{$reason}``) is a piece of its own, never joined to
    the prose around it (a long ``{if …}`` line above a heading made one block of both)."""
    if not _is_wrapped([text for _, text in lines]):
        return [lines]  # its lines stay apart anyway
    pieces: list[list[tuple[int, str]]] = []
    for line in lines:
        alone = only_placeholders(line[1])
        if alone or not pieces or only_placeholders(pieces[-1][-1][1]):
            pieces.append([line])
        else:
            pieces[-1].append(line)
    return pieces


def read_text(text: str, path: str, markdown: bool = False) -> Document:
    """Split text into blocks: paragraphs at blank lines, lines kept apart unless wrapped.
    Each block remembers the file lines its text came from, so a finding's line and
    column point into the file as an editor shows it. Metadata above the letter (front
    matter, a ``key: value`` header closed by ``---``) is left out."""
    blocks: list[Block] = []
    paragraph: list[tuple[int, str]] = []
    lines = text.split("\n")
    skipped = front_matter_lines(lines)
    for number, line in enumerate([*lines, ""], start=1):
        if number <= skipped:
            continue
        if line.strip():
            paragraph.append((number, line.rstrip()))
            continue
        if paragraph:
            for piece in _template_lines_apart(paragraph):
                blocks.extend(_blocks_from_paragraph(piece, markdown))
            paragraph = []
    for block in blocks:
        block.spans = [SourceSpan(0, len(block.text), run=0, run_offset=0)]
    return Document(
        path=path,
        blocks=blocks,
        source_format="md" if markdown else "txt",
        metadata_lines=skipped,
    )
