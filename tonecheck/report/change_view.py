"""A rewrite as a writer reads it in a report.

A finding's :class:`~tonecheck.common.findings.Replacement` is narrowed to the words
that differ, with the space before them, so that a tracked change in Word touches no
more than it must. Shown on its own that reads badly: 'U bent verplicht een melding te
maken' -> 'U moet een melding maken' becomes "' bent verplicht een melding te' wordt
' moet een melding'". Reports show it with the word before and the word after it on
the same line, trimmed: "'U bent verplicht een melding te maken' wordt 'U moet een
melding maken'".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tonecheck.common.findings import Replacement

# how far to look for the neighbouring word (a longer "word" is cut there)
REACH = 40
_WORD_BEFORE = re.compile(r"\S*[ \t]*\Z")
_WORD_AFTER = re.compile(r"[ \t]*\S*")


@dataclass(frozen=True)
class ShownChange:
    """The text as it is and as it would be, each with the same words around it."""

    before: str
    after: str


def shown_change(text: str, replacement: Replacement) -> ShownChange:
    """``replacement`` of ``text`` with a word of context on each side, trimmed."""
    start, end = replacement.start, replacement.end
    head_from = max(0, start - REACH)
    head_match = _WORD_BEFORE.search(text, head_from, start)
    head = head_match.group() if head_match else ""
    tail_match = _WORD_AFTER.match(text, end, min(len(text), end + REACH))
    tail = tail_match.group() if tail_match else ""
    return ShownChange(
        before=(head + text[start:end] + tail).strip(),
        after=(head + replacement.text + tail).strip(),
    )
