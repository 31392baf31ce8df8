"""Read a .docx letter into the document model, with offsets back to its runs.

Reading order: headers, body (paragraphs, tables cell by cell, content controls, text
boxes), footers, footnotes. Deleted tracked changes, field codes and comments never
reach the text; inserted tracked changes do, except tonecheck's own proposals, which are
read as if rejected (:mod:`.own_revisions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.document import CT_Document
from lxml import etree

from tonecheck.documents.docx_package import PackageView, from_python_docx, open_fast
from tonecheck.documents.limits import (
    MAX_LETTER_BLOCKS,
    MAX_LETTER_CHARS,
    MAX_PARAGRAPHS,
    too_long,
    too_many_blocks,
    too_many_paragraphs,
)
from tonecheck.documents.model import BLOCK_SEPARATOR, Block, BlockKind, Document, SourceSpan
from tonecheck.documents.own_revisions import INS, REVISIONS, is_own
from tonecheck.documents.strict_ooxml import as_transitional
from tonecheck.documents.word_kinds import open_word
from tonecheck.errors import InputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def q(tag: str) -> str:
    """Clark notation for a ``w:`` tag."""
    return f"{{{W}}}{tag}"


P, R, T, TBL, TR, TC, SDT, SDT_CONTENT = (
    q(t) for t in ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent")
)
BOX, FALLBACK = q("txbxContent"), f"{{{MC}}}Fallback"
SKIP_INSIDE = {q("del"), q("moveFrom"), q("pPr"), q("rPr"), BOX, FALLBACK}
TABLE_PRUNE = frozenset({TBL})  # rows of nested tables are theirs
# a row's cells, also those a content control or custom XML wraps (a template's field in a
# cell: "Titel", "Kenmerk"); not inside a cell, whose nested tables are its own
ROW_PRUNE = frozenset({TC, TBL})
BOX_PRUNE = frozenset({BOX, FALLBACK})  # boxes in boxes are not read; nor fallback copies
CONTAINERS = {q("customXml"), q("ins"), q("moveTo")}
DELETED_TEXT = q("delText")
HEADING_STYLE = re.compile(r"^(heading|kop)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = {"title", "titel", "subtitle", "ondertitel"}
LIST_STYLE = re.compile(r"^(list|lijst)", re.IGNORECASE)


@dataclass
class DocxAnchor:
    """The XML behind a block: its paragraph element and its runs in order."""

    paragraph: etree._Element
    runs: list[etree._Element] = field(default_factory=list)


@dataclass
class _ParagraphText:
    text: str
    spans: list[SourceSpan]
    runs: list[etree._Element]


def _run_pieces(run: etree._Element, in_field_code: bool) -> tuple[str, bool]:
    """Text of one run and whether a field code continues after it."""
    pieces: list[str] = []
    for child in run:
        tag = child.tag
        if tag == q("fldChar"):
            kind = child.get(q("fldCharType"))
            in_field_code = kind == "begin" or (in_field_code and kind not in ("separate", "end"))
        elif in_field_code:
            continue
        elif tag in (T, DELETED_TEXT):  # deleted text: in tonecheck's own deletions
            pieces.append(child.text or "")
        elif tag == q("tab"):
            pieces.append("\t")
        elif tag in (q("br"), q("cr")):
            pieces.append("\n")
        elif tag == q("noBreakHyphen"):
            pieces.append("-")
    return "".join(pieces), in_field_code


def _paragraph_runs(element: etree._Element) -> list[etree._Element]:
    """Runs of a paragraph in document order, skipping deleted text and nested boxes."""
    runs: list[etree._Element] = []

    def walk(node: etree._Element) -> None:
        for child in node:
            if child.tag in REVISIONS and is_own(child):  # a proposal: read as rejected
                if child.tag != INS:
                    walk(child)
                continue
            if child.tag in SKIP_INSIDE or not isinstance(child.tag, str):
                continue
            if child.tag == R:
                runs.append(child)
            else:
                walk(child)

    walk(element)
    return runs


def _paragraph_text(element: etree._Element) -> _ParagraphText:
    text_parts: list[str] = []
    spans: list[SourceSpan] = []
    runs = _paragraph_runs(element)
    offset = 0
    in_field_code = False
    for index, run in enumerate(runs):
        piece, in_field_code = _run_pieces(run, in_field_code)
        if piece:
            spans.append(SourceSpan(offset, offset + len(piece), run=index, run_offset=0))
            text_parts.append(piece)
            offset += len(piece)
    return _ParagraphText("".join(text_parts), spans, runs)


def _trim(paragraph: _ParagraphText) -> tuple[str, list[SourceSpan]]:
    """Strip surrounding whitespace and shift the spans accordingly."""
    raw = paragraph.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    if len(text) == len(raw):
        return text, paragraph.spans
    spans = []
    for span in paragraph.spans:
        start, end = max(span.start - lead, 0), min(span.end - lead, len(text))
        if end > start:
            skipped = max(lead - span.start, 0)
            spans.append(SourceSpan(start, end, span.run, span.run_offset + skipped))
    return text, spans


class _Walker:
    """Collects blocks from one story (body, header, footer, footnotes), stopping with an
    :class:`InputError` as soon as the letter is over a limit of :mod:`.limits`."""

    def __init__(self, style_names: dict[str, str], name: str | None = None) -> None:
        self.style_names = style_names
        self.name = name
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.chars = -len(BLOCK_SEPARATOR)  # the length of the document text so far
        self.in_box = 0  # text boxes being read (boxes inside them are not)

    def story(self, root: etree._Element, kind: BlockKind, origin: str) -> None:
        for child in root:
            self.element(child, kind, origin)

    def element(self, node: etree._Element, kind: BlockKind, origin: str) -> None:
        tag = node.tag
        if tag == P:
            self.paragraph(node, kind, origin)
        elif tag == TBL:
            for row in _descendants(node, TR, prune=TABLE_PRUNE):
                for cell in _descendants(row, TC, prune=ROW_PRUNE):
                    cell_kind = kind if kind is not BlockKind.PARAGRAPH else BlockKind.TABLE_CELL
                    self.story(cell, cell_kind, origin)
        elif tag == SDT:
            content = node.find(SDT_CONTENT)
            if content is not None:
                self.story(content, kind, origin)
        elif tag in CONTAINERS:
            self.story(node, kind, origin)

    def paragraph(self, node: etree._Element, kind: BlockKind, origin: str) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise InputError(too_many_paragraphs(), self.name)
        paragraph = _paragraph_text(node)
        text, spans = _trim(paragraph)
        style, level, block_kind = self._style(node, kind)
        if text:
            self._count(text)
            block = Block(index=0, kind=block_kind, text=text, style=style, level=level)
            block.spans = spans
            block.origin = origin
            block.anchor = DocxAnchor(node, paragraph.runs)
            self.blocks.append(block)
        if self.in_box or next(node.iter(BOX), None) is None:
            return
        self.in_box += 1
        try:
            for box in _descendants(node, BOX, prune=BOX_PRUNE):
                self.story(box, kind, origin)
        finally:
            self.in_box -= 1

    def _count(self, text: str) -> None:
        self.chars += len(BLOCK_SEPARATOR) + len(text)
        if self.chars > MAX_LETTER_CHARS:
            raise InputError(too_long(), self.name)
        if len(self.blocks) >= MAX_LETTER_BLOCKS:
            raise InputError(too_many_blocks(), self.name)

    def _style(
        self, node: etree._Element, kind: BlockKind
    ) -> tuple[str | None, int | None, BlockKind]:
        ppr = node.find(q("pPr"))
        style_id = None
        outline = None
        numbered = False
        if ppr is not None:
            pstyle = ppr.find(q("pStyle"))
            style_id = pstyle.get(q("val")) if pstyle is not None else None
            lvl = ppr.find(q("outlineLvl"))
            outline = _outline_level(lvl.get(q("val"), "9")) if lvl is not None else None
            numbered = ppr.find(q("numPr")) is not None
        style = self.style_names.get(style_id, style_id) if style_id else None
        if kind is not BlockKind.PARAGRAPH:
            return style, None, kind
        match = HEADING_STYLE.match(style or "")
        if match:
            return style, int(match.group(2)), BlockKind.HEADING
        if style and style.lower() in TITLE_STYLES:
            return style, 1, BlockKind.HEADING
        if outline is not None and outline < 9:
            return style, outline + 1, BlockKind.HEADING
        if numbered or LIST_STYLE.match(style or ""):
            return style, None, BlockKind.LIST_ITEM
        return style, None, kind


def _outline_level(value: str) -> int | None:
    """``w:outlineLvl/@w:val`` (0-9); anything else counts as no outline level."""
    return int(value) if value.isascii() and value.isdigit() else None


def _descendants(
    node: etree._Element, wanted: str, prune: frozenset[str]
) -> Iterator[etree._Element]:
    """Descendants of ``node`` tagged ``wanted``, in document order, not looking inside
    elements tagged in ``prune``: each element is visited once, however deep the nesting
    (``iter`` plus an ancestor test per match is quadratic in nested tables and boxes)."""
    stack = [iter(node)]
    while stack:
        for child in stack[-1]:
            if child.tag == wanted:
                yield child
            if child.tag not in prune and len(child):
                stack.append(iter(child))
                break
        else:
            stack.pop()


def read_docx_file(path: str, source: str | BinaryIO | None = None) -> Document:
    """Read a .docx already checked by :mod:`tonecheck.documents.sniff` from ``source``
    (the open file; else ``path``)."""
    package = as_transitional(source if source is not None else path)
    view = open_fast(package) or from_python_docx(open_python_docx(package))
    return Document(path=path, blocks=docx_blocks(view, path), source_format="docx")


def open_python_docx(source: str | BinaryIO) -> docx.document.Document:
    """The package opened by python-docx. python-docx takes a part to be what its name
    or relationship says: a relationships part holding other XML, or a main part that
    is no WordprocessingML document (another namespace), fails with an AttributeError
    there or later; both are refused here with a message."""
    if not isinstance(source, str):
        source.seek(0)
    try:
        document = open_word(source)
    except (AttributeError, TypeError, IndexError):  # a part that is not what its name says
        raise InputError(
            "geen bruikbaar Word-document: een onderdeel heeft niet de vorm die het moet hebben"
        ) from None
    if not isinstance(document.element, CT_Document) or document.element.body is None:
        raise InputError("geen Word-document: het hoofddocument is geen WordprocessingML")
    return document


def docx_blocks(package: PackageView, name: str | None = None) -> list[Block]:
    """The blocks of an opened .docx, each anchored on the XML of that same object;
    ``name`` is the file's, for the message when the letter is over a limit."""
    walker = _Walker(package.style_names(), name)
    for i, root in enumerate(package.related(RT.HEADER), start=1):
        walker.story(root, BlockKind.HEADER, f"header{i}")
    walker.story(package.body, BlockKind.PARAGRAPH, "body")
    for i, root in enumerate(package.related(RT.FOOTER), start=1):
        walker.story(root, BlockKind.FOOTER, f"footer{i}")
    for root in package.related(RT.FOOTNOTES):
        for note in root.iter(q("footnote")):
            if note.get(q("type")) in (None, "normal"):
                walker.story(note, BlockKind.FOOTNOTE, "footnotes")
    return walker.blocks
