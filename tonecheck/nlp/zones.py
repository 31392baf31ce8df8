"""Assign every block of a letter to a zone (letter section), driven by the YAML data.

The order of a letter does most of the work: what comes before the salutation is the
address or reference part, the body runs to the closing, the signature follows. Inside
the body, headings and cue phrases from ``rules/structure/zones.yml`` decide the zone.
"""

from __future__ import annotations

import re

from tonecheck.documents.model import Block, BlockKind, Document
from tonecheck.nlp.structure_spec import StructureSpec, ZoneSpec

HEADING_MAX_CHARS = 70
SIGNATURE_MAX_BLOCKS = 4
# a salutation that ends like a sentence ("Geachte heer Jansen.") has at most this many words
SALUTATION_WORDS = 4
SIGNATURE_LINE_MAX_CHARS = 80
PROSE_MIN_WORDS = 8
SENTENCE_END = re.compile(r"[.!]\s*$")
OPENING_CUE_MAX_OFFSET = 3
BODY_CUE_ORDER = ("objection", "contact", "what-you-can-do", "reasons", "decision")


def _lines(block: Block) -> list[str]:
    return [line.strip() for line in block.text.split("\n") if line.strip()]


def _starts(spec: ZoneSpec | None, text: str) -> bool:
    return bool(spec and spec.starts and spec.starts.match(text))


def _any_line_starts(spec: ZoneSpec | None, block: Block) -> bool:
    return any(_starts(spec, line) for line in _lines(block))


LABEL_MAX_WORDS = 2


def is_heading_like(block: Block) -> bool:
    """A real heading, or a short single line that reads like one ("Vragen?", "Besluit")."""
    if block.kind is BlockKind.HEADING:
        return True
    text = block.text.strip()
    return (
        block.kind is BlockKind.PARAGRAPH
        and "\n" not in text
        and len(text) <= HEADING_MAX_CHARS
        and not SENTENCE_END.search(text)
        and not text.endswith((",", ";"))
        # a label line ("Motivering:", "Reden:") heads what follows; a longer line that
        # ends in a colon introduces a list ("U krijgt de vergoeding voor:")
        and (not text.endswith(":") or len(text.split()) <= LABEL_MAX_WORDS)
    )


def _is_prose(block: Block) -> bool:
    return len(block.text.split()) >= PROSE_MIN_WORDS and bool(re.search(r"[.?!]", block.text))


class _ZoneAssigner:
    def __init__(self, spec: StructureSpec) -> None:
        self.spec = spec
        self.zones = spec.zones

    def heading_zone(self, block: Block) -> str | None:
        text = block.text.strip()
        for zone_id, zone in self.zones.items():
            if zone.headings and zone.headings.match(text):
                return zone_id
        return None

    def cue_zone(self, block: Block) -> str | None:
        if _starts(self.zones.get("attachments"), block.text) and len(block.text) < 200:
            return "attachments"
        for zone_id in BODY_CUE_ORDER:
            zone = self.zones.get(zone_id)
            if zone and zone.cues and zone.cues.search(block.text):
                return zone_id
        return None

    def opening_cue_zone(self, block: Block) -> str | None:
        """A zone whose cue opens the block ("Heeft u vragen? ...") starts a new section."""
        for zone_id in BODY_CUE_ORDER:
            zone = self.zones.get(zone_id)
            match = zone.cues.search(block.text) if zone and zone.cues else None
            if match and match.start() <= OPENING_CUE_MAX_OFFSET:
                return zone_id
        return None

    def speaks_of(self, zone_id: str, block: Block) -> bool:
        """Whether one of the cues or ``keeps`` phrases of ``zone_id`` occurs anywhere in
        the block: it still belongs to a section that zone's heading opened."""
        zone = self.zones.get(zone_id)
        return bool(
            zone and any(p is not None and p.search(block.text) for p in (zone.cues, zone.keeps))
        )

    def front_zone(self, block: Block) -> str:
        """Address or reference, unless the block is running text: a notice above the
        salutation ("Let op: bent u het niet eens met dit besluit, dan …") or a decision
        stated before it is part of the letter's text (a body zone by its cues)."""
        lines = _lines(block)
        reference = self.zones.get("reference")
        if any(_starts(reference, line) for line in lines):
            return "reference"
        if self._is_front_prose(block, lines):
            return self.cue_zone(block) or "body"
        return "address"

    def _is_front_prose(self, block: Block, lines: list[str]) -> bool:
        """One paragraph of whole sentences that no address line pattern matches."""
        address = self.zones.get("address")
        patterns = address.lines if address else ()
        return (
            block.kind is BlockKind.PARAGRAPH
            and len(lines) == 1
            and _is_prose(block)
            and bool(SENTENCE_END.search(lines[0]) or lines[0].endswith("?"))
            and not any(p.search(lines[0]) for p in patterns)
        )

    def assign(self, document: Document) -> None:
        blocks = [b for b in document.blocks if not b.is_margin]
        for block in document.blocks:
            if block.is_margin:
                block.zone = "margin"
        salutation = next((i for i, b in enumerate(blocks) if self._is_salutation(b.text)), None)
        if salutation is None:
            body_start = next((i for i, b in enumerate(blocks) if _is_prose(b)), 0)
        else:
            body_start = salutation + 1
            blocks[salutation].zone = "salutation"
        for block in blocks[: salutation if salutation is not None else body_start]:
            block.zone = self.front_zone(block)
        closing = next(
            (i for i in range(body_start, len(blocks))
             if _starts(self.zones.get("closing"), blocks[i].text) and len(blocks[i].text) < 200),
            None,
        )  # fmt: skip
        body_end = closing if closing is not None else len(blocks)
        self.assign_sections(blocks[body_start:body_end], first_is_opening=True)
        if closing is None:
            return
        blocks[closing].zone = "closing"
        rest = blocks[closing + 1 :]
        # an e-mail's disclaimer ("Deze e-mail bevat vertrouwelijke informatie …") and
        # whatever follows it are no part of the letter
        disclaimer = next(
            (i for i, b in enumerate(rest) if _starts(self.zones.get("margin"), b.text)), None
        )
        if disclaimer is not None:
            for block in rest[disclaimer:]:
                block.zone = "margin"
            rest = rest[:disclaimer]
        signature_count = 0
        for block in rest[:SIGNATURE_MAX_BLOCKS]:
            if self._is_signature(block):
                block.zone = "signature"
                signature_count += 1
            else:
                break
        self.assign_sections(rest[signature_count:], first_is_opening=False)

    def _is_salutation(self, text: str) -> bool:
        """A salutation line ("Geachte heer Jansen,"), not a sentence that starts with one
        ("Beste heer, uw aanvraag is afgewezen." is the letter's first sentence)."""
        if len(text) >= 120 or not _starts(self.zones.get("salutation"), text):
            return False
        stripped = text.rstrip()
        return not stripped.endswith((".", "?")) or len(stripped.split()) <= SALUTATION_WORDS

    def _is_signature(self, block: Block) -> bool:
        if _any_line_starts(self.zones.get("signature"), block):
            return True
        if block.kind is BlockKind.HEADING or self.heading_zone(block):
            return False
        return all(
            len(line) <= SIGNATURE_LINE_MAX_CHARS and not SENTENCE_END.search(line)
            for line in _lines(block)
        )

    def assign_sections(self, blocks: list[Block], first_is_opening: bool) -> None:
        current: str | None = None
        seen_content = False
        for block in blocks:
            if is_heading_like(block):
                zone = self.heading_zone(block)
                if zone:
                    # a line that reads as another zone's heading but also speaks of its
                    # section's subject stays in the section (see below)
                    if current is None or zone == current or not self.speaks_of(current, block):
                        current = zone
                    block.zone = current
                    continue
                if block.kind is BlockKind.HEADING:
                    current = None
                    block.zone = "body"
                    continue
            if current is not None:
                # a block that opens with another zone's cue starts that zone, unless it
                # also speaks of its own section's subject ("Heeft u vragen over deze
                # beslissing of bent u het er niet mee eens?" under "Bezwaar")
                opened = self.opening_cue_zone(block)
                if opened is not None and not self.speaks_of(current, block):
                    current = opened
                block.zone = current
            elif first_is_opening and not seen_content:
                block.zone = "opening"
            else:
                block.zone = self.cue_zone(block) or "body"
            seen_content = True


def assign_zones(document: Document, spec: StructureSpec) -> Document:
    """Set ``block.zone`` on every block of ``document`` (in place) and return it."""
    _ZoneAssigner(spec).assign(document)
    return document
