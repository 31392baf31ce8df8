"""Whether some bytes are a text letter, and their text: the one detection that files,
standard input and web uploads share.

Text is UTF-8 (with or without byte order mark), Windows-1252, or UTF-16 with or without
byte order mark. UTF-16 saved without one (as some editors and exports do) has a NUL
byte in every other place, the high byte of every Latin letter, so it would look binary:
it is recognised by that pattern and must decode to text that does not look binary.
"""

from __future__ import annotations

from tonecheck.documents.text_reader import decode

BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
SNIFF_BYTES = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def text_of(data: bytes) -> str | None:
    """The text of ``data`` with its line ends as ``\\n``, or ``None`` when it is no text."""
    if data.startswith(UTF16_BOMS):
        return _lines(data.decode("utf-16", errors="replace"))
    if not looks_binary(data):
        return decode(data)
    return utf16_without_bom(data)


def looks_binary(data: bytes) -> bool:
    """Binary when it starts like a known binary format, or its first 8 KiB hold a NUL
    byte or more than 10% control characters (text has at most a stray one); UTF-16
    text with its byte order mark is text."""
    if data.startswith(UTF16_BOMS):
        return False
    head = data[:SNIFF_BYTES]
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return controls > len(head) / 10


def utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 saved without a byte order mark; ``None`` for anything else."""
    head = data[:SNIFF_BYTES]
    if len(data) % 2 or len(head) < 2:
        return None
    for encoding, high, low in (
        ("utf-16-le", head[1::2], head[::2]),
        ("utf-16-be", head[::2], head[1::2]),
    ):
        if high.count(0) >= 0.6 * len(high) and low.count(0) <= len(low) // 100:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if looks_binary(text[:SNIFF_BYTES].encode("utf-8")) else _lines(text)
    return None


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
