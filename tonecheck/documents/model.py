"""The document model every later step works on: ordered blocks with offsets."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

BLOCK_SEPARATOR = "\n\n"


class BlockKind(StrEnum):
    """Where a block of text comes from in the letter."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    HEADER = "header"
    FOOTER = "footer"
    FOOTNOTE = "footnote"


@dataclass(frozen=True)
class SourceSpan:
    """A stretch of block text that came from one source run.

    ``start``/``end`` are offsets in the block text; ``run`` identifies the run within
    the block's source element (for .docx: the index in the paragraph's run list) and
    ``run_offset`` is where the stretch starts inside that run's text.
    """

    start: int
    end: int
    run: int
    run_offset: int


@dataclass
class Block:
    """One paragraph-like unit of a letter."""

    index: int
    kind: BlockKind
    text: str
    style: str | None = None
    level: int | None = None
    start: int = 0
    spans: list[SourceSpan] = field(default_factory=list)
    zone: str = "body"
    # for .docx: where the block came from (e.g. "body", "header1"), for annotation later
    origin: str = "body"
    # for .docx: the XML paragraph and runs behind the block (not compared, not printed)
    anchor: Any = field(default=None, repr=False, compare=False)
    # for text files: where pieces of the block's text stand in the file, as (offset in
    # the block, 1-based line, 1-based column); a hard-wrapped paragraph has one per line
    source_lines: tuple[tuple[int, int, int], ...] = field(default=(), compare=False)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_margin(self) -> bool:
        """Headers, footers and footnotes: text rules normally skip."""
        return self.kind in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.FOOTNOTE)


@dataclass
class Document:
    """A letter as an ordered list of blocks; ``text`` joins them with blank lines."""

    path: str
    blocks: list[Block]
    source_format: str = "txt"
    # for text files: the lines of metadata above the letter that were left out
    # (:mod:`tonecheck.documents.front_matter`); line numbers still count them
    metadata_lines: int = 0

    def __post_init__(self) -> None:
        offset = 0
        for i, block in enumerate(self.blocks):
            block.index = i
            block.start = offset
            offset += len(block.text) + len(BLOCK_SEPARATOR)

    @cached_property
    def text(self) -> str:
        """The whole letter as plain text: blocks joined by a blank line (computed once)."""
        return BLOCK_SEPARATOR.join(block.text for block in self.blocks)

    @cached_property
    def block_starts(self) -> list[int]:
        return [block.start for block in self.blocks]

    def block_index(self, offset: int) -> int:
        """Index of the last block starting at or before document offset ``offset``."""
        return max(0, bisect.bisect_right(self.block_starts, offset) - 1)

    def block_at(self, offset: int) -> Block | None:
        """The block that contains document offset ``offset`` (or ends just before it)."""
        index = self.block_index(offset)
        if self.blocks and offset <= self.blocks[index].end:
            return self.blocks[index]
        return None

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a document offset, as an editor shows the file: for
        a text file its line and column there; for a .docx the paragraph number (the
        block's, counting headers and footnotes too) and the character in it."""
        block = self.blocks[self.block_index(offset)] if self.blocks else None
        if block is None:
            return 1, offset + 1
        inside = offset - block.start
        if not block.source_lines:
            return block.index + 1, inside + 1
        piece = max((p for p in block.source_lines if p[0] <= inside), key=lambda p: p[0])
        return piece[1], piece[2] + inside - piece[0]
