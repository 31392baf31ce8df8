"""One self-contained HTML page per letter: the letter with highlights, cards beside it.

No scripts and no external files: styles are inline, links are page anchors, so the page
can be mailed, archived or opened offline. All letter text goes through Jinja2's
autoescaping; a letter that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from tonecheck import __version__
from tonecheck.common.categories import Category, load_categories, style_of
from tonecheck.common.findings import Finding, Level
from tonecheck.documents.model import Block, BlockKind
from tonecheck.report.change_view import shown_change
from tonecheck.report.result import DocumentResult

LEVEL_NL = {Level.ERROR: "fout", Level.WARNING: "waarschuwing", Level.SUGGESTION: "suggestie"}
BAND_COLOURS = {"groen": "#1b6e3a", "geel": "#8a6100", "rood": "#b3261e"}


@dataclass
class Card:
    number: int
    finding: Finding
    style: Category
    level: str
    # with a rewrite: the text as it is and as it would be, with a word of context on
    # each side (change_view.shown_change); after is None without one
    before: str = ""
    after: str | None = None

    @property
    def key(self) -> str:
        return finding_key(self.finding)


@dataclass
class Segment:
    text: str
    cards: list[Card] = field(default_factory=list)  # findings covering this stretch
    starts: list[int] = field(default_factory=list)  # numbers of findings that start here
    ends: list[int] = field(default_factory=list)  # numbers of findings that end here


@dataclass
class BlockView:
    kind: str
    level: int | None
    zone: str
    segments: list[Segment]
    cards: list[Card]


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("tonecheck.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass
class LetterView:
    """What a page about one checked letter shows: cards in reading order, the letter's
    blocks cut at the findings, counts per category and level."""

    title: str
    cards: list[Card]
    blocks: list[BlockView]
    counts: list[tuple[Category, int]]  # most frequent category first
    levels: Counter
    legend: list[Category]


def finding_key(finding: Finding) -> str:
    """A finding's name that stays the same when the same letter is checked again."""
    return f"{finding.rule}@{finding.location.start}-{finding.location.end}"


def letter_view(result: DocumentResult) -> LetterView:
    letter = result.letter
    assert letter is not None, "a result without an error has its letter"
    text = letter.document.text
    cards = [
        Card(i, f, style_of(f.category), LEVEL_NL[f.level], *_change(f, text))
        for i, f in enumerate(sorted(result.findings, key=_reading_order), start=1)
    ]
    by_block: dict[int, list[Card]] = {}
    for card in cards:
        by_block.setdefault(card.finding.location.paragraph, []).append(card)
    blocks = [
        _block_view(block, by_block.get(block.index, []))
        for block in letter.document.blocks
        if (block.kind is not BlockKind.HEADER and block.kind is not BlockKind.FOOTER)
        or block.index in by_block
    ]
    counts = Counter(card.finding.category for card in cards)
    return LetterView(
        title=Path(result.path).name,
        cards=cards,
        blocks=blocks,
        counts=[(style_of(c), n) for c, n in sorted(counts.items(), key=lambda kv: -kv[1])],
        levels=Counter(card.level for card in cards),
        legend=list(load_categories().values()),
    )


def render_html(result: DocumentResult) -> str:
    """The page for one checked letter."""
    view = letter_view(result)
    return (
        environment()
        .get_template("letter.html.j2")
        .render(
            title=view.title,
            path=result.path,
            letter=result.letter,
            score=result.score,
            score_note=result.score_note,
            band_colour=BAND_COLOURS.get(result.score.band, "#374151") if result.score else "",
            blocks=view.blocks,
            cards=view.cards,
            counts=view.counts,
            levels=view.levels,
            legend=view.legend,
            version=__version__,
        )
    )


def _change(finding: Finding, text: str) -> tuple[str, str | None]:
    """The finding's rewrite as shown: before and after ('' and None without one)."""
    if finding.replacement is None:
        return "", None
    shown = shown_change(text, finding.replacement)
    return shown.before, shown.after


def _reading_order(finding: Finding) -> tuple[int, int, int]:
    return (finding.location.start, finding.location.end, -int(finding.level))


def _block_view(block: Block, cards: list[Card]) -> BlockView:
    """The block's text cut where findings start and end; each piece knows its findings."""
    start = block.start
    bounds = {0, len(block.text)}
    for card in cards:
        bounds.add(max(0, min(len(block.text), card.finding.location.start - start)))
        bounds.add(max(0, min(len(block.text), card.finding.location.end - start)))
    edges = sorted(bounds)
    segments = []
    for low, high in pairwise(edges):
        covering = [
            c
            for c in cards
            if c.finding.location.start - start <= low and high <= c.finding.location.end - start
        ]
        covering.sort(key=lambda c: -int(c.finding.level))  # the most serious colours it
        segments.append(
            Segment(
                block.text[low:high],
                covering,
                starts=[c.number for c in covering if c.finding.location.start - start >= low],
                ends=[c.number for c in covering if c.finding.location.end - start <= high],
            )
        )
    return BlockView(block.kind.value, block.level, block.zone, segments, cards)
