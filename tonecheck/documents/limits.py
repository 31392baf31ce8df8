"""How much tonecheck reads of one letter at most, and what it says when a file is over.

Every bound is checked while reading, before the memory for what lies beyond it is
taken: a file is read up to its limit plus one byte, a Word package is scanned part by
part from the zip before any XML tree is built, and the .docx walker stops at the
letter's limits. ``docs/limits.md`` explains them to users.
"""

from __future__ import annotations

MEGABYTE = 1024 * 1024

# a text file or standard input
MAX_TEXT_BYTES = 20 * MEGABYTE
# about 60 pages of text and 5,000 paragraphs: far beyond any letter, checked in seconds
MAX_LETTER_CHARS = 200_000
MAX_LETTER_BLOCKS = 5_000
# paragraphs a .docx may hold, empty ones and table cells included
MAX_PARAGRAPHS = 4 * MAX_LETTER_BLOCKS
# the zip package, from its directory
MAX_ZIP_ENTRIES = 5_000
MAX_UNPACKED_BYTES = 200 * MEGABYTE
MAX_COMPRESSION_RATIO = 200
# the XML parts of a package together, unpacked: its bytes and its markup, counted as
# '<' and '=' (every element, end tag and attribute has one); a tree of a million such
# nodes takes at most about 200 MB, the largest real letters we have about 180,000
MAX_XML_BYTES = 40 * MEGABYTE
MAX_XML_MARKUP = 1_000_000
# nesting of XML elements: libxml2's own bound (without XML_PARSE_HUGE, which is never set)
MAX_XML_DEPTH = 256


def dutch_number(value: int) -> str:
    """1000000 -> '1.000.000'."""
    return f"{value:,}".replace(",", ".")


def too_long(chars: int | None = None) -> str:
    """The message for a letter over :data:`MAX_LETTER_CHARS` (``None``: stopped at it)."""
    limit = dutch_number(MAX_LETTER_CHARS)
    if chars is None:
        return f"te lang voor een brief (meer dan {limit} tekens)"
    count = dutch_number(chars)
    return f"te lang voor een brief ({count} tekens; tonecheck leest brieven tot {limit} tekens)"


def too_many_blocks(blocks: int | None = None) -> str:
    """The message for a letter over :data:`MAX_LETTER_BLOCKS` (``None``: stopped at it)."""
    limit = dutch_number(MAX_LETTER_BLOCKS)
    if blocks is None:
        return f"te veel alinea's voor een brief (meer dan {limit})"
    return (
        f"te veel alinea's voor een brief ({dutch_number(blocks)}; tonecheck leest er tot {limit})"
    )


def too_many_paragraphs() -> str:
    return (
        f"te veel alinea's voor een brief (meer dan {dutch_number(MAX_PARAGRAPHS)}, lege "
        "alinea's en tabelcellen meegeteld)"
    )
