"""Where to cut a long space-free stretch so that spaCy's tokenizer stays linear.

spaCy peels prefixes and suffixes off a space-free stretch one at a time, and at every
step searches, hashes and copies all that is left: a stretch with many of them (a line
of ``!?.``, 20,000 emoji, ``____``, ``A$A$A$``) took time quadratic in its length (21-26
s for a 10 KB line of ``!?.``, 190 s for 40,000 emoji). The first peels are tried here
with each search in a short window at the stretch's ends; a stretch peeled more than
:data:`MAX_STEPS` times is cut between those affixes and then every :data:`PIECE`
characters. A stretch longer than :data:`MAX_STRETCH` (``:D:D:D``, whose special cases
are quadratic too) is first cut every MAX_STRETCH characters, each piece then looked at
as a stretch of its own. spaCy tokenizes the pieces one by one. No letter we have holds
such a stretch (the longest, a source reference, has 182 characters), so letters are
tokenized exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

LONG_SPAN = 64  # a shorter stretch is never cut: its cost is bounded
MAX_STEPS = 16  # more prefixes and suffixes than this, and the stretch is cut
PIECE = 32  # characters per piece of such a stretch
MAX_STRETCH = 512  # any longer stretch is cut into pieces of this many characters
WINDOW = 32  # affixes are looked for in this many characters at the stretch's ends
SPAN = re.compile(rf"\S{{{LONG_SPAN + 1},}}")

Search = Callable[[str], "re.Match[str] | None"] | None


def affix_cuts(text: str, prefix_search: Search, suffix_search: Search) -> list[int]:
    """Offsets to cut ``text`` at, in order (empty for every ordinary text)."""
    cuts: list[int] = []
    for match in SPAN.finditer(text):
        cuts += _stretch_cuts(text, *match.span(), prefix_search, suffix_search)
    return cuts


def _stretch_cuts(
    text: str, first: int, last: int, prefix_search: Search, suffix_search: Search
) -> list[int]:
    """Cuts in one stretch: every MAX_STRETCH characters, and inside each such piece
    (a stretch of its own to spaCy) where its affixes pile up."""
    cuts: list[int] = []
    for start in range(first, last, MAX_STRETCH):
        end = min(last, start + MAX_STRETCH)
        if end - start > LONG_SPAN:
            cuts += _pile_cuts(text, start, end, prefix_search, suffix_search)
        cuts.append(end)
    return cuts[:-1]


def _pile_cuts(
    text: str, first: int, last: int, prefix_search: Search, suffix_search: Search
) -> list[int]:
    start, end = first, last
    prefixes: list[int] = []  # where each peeled prefix ends
    suffixes: list[int] = []  # where each peeled suffix starts
    while start < end and len(prefixes) + len(suffixes) <= MAX_STEPS:
        # as spaCy's Tokenizer._split_affixes, with bounded searches
        before = _length(prefix_search, text[start : min(end, start + WINDOW)])
        after = _length(suffix_search, text[max(start + before, end - WINDOW) : end])
        if before and after and before + after <= end - start:
            start, end = start + before, end - after
            prefixes.append(start)
            suffixes.append(end)
        elif before:
            start += before
            prefixes.append(start)
        elif after:
            end -= after
            suffixes.append(end)
        else:
            break
    if len(prefixes) + len(suffixes) <= MAX_STEPS:
        return []
    cuts = [*_every_piece(first, prefixes), start, *range(start + PIECE, end, PIECE), end]
    cuts += [-c for c in _every_piece(-last, [-s for s in suffixes])]
    return sorted({c for c in cuts if first < c < last})


def _every_piece(origin: int, boundaries: Iterable[int]) -> list[int]:
    """The boundaries (increasing) at which a piece of at least PIECE characters ends."""
    cuts, previous = [], origin
    for boundary in boundaries:
        if boundary - previous >= PIECE:
            cuts.append(boundary)
            previous = boundary
    return cuts


def _length(search: Search, text: str) -> int:
    match = search(text) if search is not None and text else None
    return match.end() - match.start() if match is not None else 0
