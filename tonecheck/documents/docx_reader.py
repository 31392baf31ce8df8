"""Read a .docx letter into the document model, with offsets back to its runs.

Reading order: headers, body (paragraphs, tables cell by cell, content controls, text
boxes), footers, footnotes. Deleted tracked changes, field codes and comments never
reach the text; inserted tracked changes do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from tonecheck.documents.docx_package import PackageView, from_python_docx, open_fast
from tonecheck.documents.model import Block, BlockKind, Document, SourceSpan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def q(tag: str) -> str:
    """Clark notation for a ``w:`` tag."""
    return f"{{{W}}}{tag}"


P, R, T, TBL, TR, TC, SDT, SDT_CONTENT = (
    q(t) for t in ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent")
)
SKIP_INSIDE = {q("del"), q("moveFrom"), q("pPr"), q("rPr"), q("txbxContent"), f"{{{MC}}}Fallback"}
CONTAINERS = {q("customXml"), q("ins"), q("moveTo")}
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
        elif tag == T:
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
    spans = []
    for span in paragraph.spans:
        start, end = max(span.start - lead, 0), min(span.end - lead, len(text))
        if end > start:
            skipped = max(lead - span.start, 0)
            spans.append(SourceSpan(start, end, span.run, span.run_offset + skipped))
    return text, spans


class _Walker:
    """Collects blocks from one story (body, header, footer, footnotes)."""

    def __init__(self, style_names: dict[str, str]) -> None:
        self.style_names = style_names
        self.blocks: list[Block] = []

    def story(self, root: etree._Element, kind: BlockKind, origin: str) -> None:
        for child in root:
            self.element(child, kind, origin)

    def element(self, node: etree._Element, kind: BlockKind, origin: str) -> None:
        tag = node.tag
        if tag == P:
            self.paragraph(node, kind, origin)
        elif tag == TBL:
            for row in node.iter(TR):
                if _nearest_table(row) is not node:
                    continue
                for cell in row.findall(TC):
                    cell_kind = kind if kind is not BlockKind.PARAGRAPH else BlockKind.TABLE_CELL
                    self.story(cell, cell_kind, origin)
        elif tag == SDT:
            content = node.find(SDT_CONTENT)
            if content is not None:
                self.story(content, kind, origin)
        elif tag in CONTAINERS:
            self.story(node, kind, origin)

    def paragraph(self, node: etree._Element, kind: BlockKind, origin: str) -> None:
        paragraph = _paragraph_text(node)
        text, spans = _trim(paragraph)
        style, level, block_kind = self._style(node, kind)
        if text:
            block = Block(index=0, kind=block_kind, text=text, style=style, level=level)
            block.spans = spans
            block.origin = origin
            block.anchor = DocxAnchor(node, paragraph.runs)
            self.blocks.append(block)
        for box in node.iter(q("txbxContent")):
            if any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
                continue
            if _nearest_box(box.getparent()) is None:
                self.story(box, kind, origin)

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
            outline = int(lvl.get(q("val"), "9")) if lvl is not None else None
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


def _nearest_table(node: etree._Element) -> etree._Element | None:
    for ancestor in node.iterancestors(TBL):
        return ancestor
    return None


def _nearest_box(node: etree._Element | None) -> etree._Element | None:
    if node is None:
        return None
    for ancestor in node.iterancestors(q("txbxContent")):
        return ancestor
    return None


def read_docx_file(path: str) -> Document:
    """Read a .docx already checked by :mod:`tonecheck.documents.sniff`."""
    view = open_fast(path) or from_python_docx(docx.Document(path))
    return Document(path=path, blocks=docx_blocks(view), source_format="docx")


def docx_blocks(package: PackageView) -> list[Block]:
    """The blocks of an opened .docx, each anchored on the XML of that same object."""
    walker = _Walker(package.style_names())
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
