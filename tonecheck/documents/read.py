"""Read any supported letter (.docx, .txt, .md, standard input) into a Document."""

from __future__ import annotations

import sys
from pathlib import Path

from tonecheck.documents.docx_errors import word_errors
from tonecheck.documents.docx_reader import read_docx_file
from tonecheck.documents.model import Document
from tonecheck.documents.sniff import check_package, check_readable_file, refuse_non_docx
from tonecheck.documents.text_reader import decode, read_text
from tonecheck.errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES
MAX_TEXT_BYTES = 20 * 1024 * 1024
# about 60 pages of text and 5,000 paragraphs: far beyond any letter, checked in seconds
MAX_LETTER_CHARS = 200_000
MAX_LETTER_BLOCKS = 5_000
STDIN = "-"
BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
SNIFF_BYTES = 8192


def read_document(path: str | Path) -> Document:
    """Read one letter; raise :class:`InputError` with a clear message when it cannot."""
    name = str(path)
    if name == STDIN:
        return _bounded(read_text(decode(sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)), "<stdin>"))
    file = Path(path)
    check_readable_file(file)
    suffix = file.suffix.lower()
    with file.open("rb") as handle:
        head = handle.read(512)
    if suffix in DOCX_SUFFIXES or (suffix not in TEXT_SUFFIXES and head.startswith(b"PK")):
        document = _read_docx(name, head)
    elif suffix in TEXT_SUFFIXES:
        document = _read_text_file(file, markdown=suffix in {".md", ".markdown"})
    elif suffix == ".doc":
        refuse_non_docx(head, name)
        raise InputError("onbekend formaat", name)
    else:
        raise InputError(
            f"bestandstype '{suffix or '(geen)'}' wordt niet ondersteund (wel: .docx, .txt, .md)",
            name,
        )
    return _bounded(document)


def _bounded(document: Document) -> Document:
    """Refuse what is no letter: nothing to read, or far more text than any letter has
    (parsing it would take minutes and gigabytes)."""
    name = document.path
    if not document.blocks:
        raise InputError("leeg document: er staat geen tekst in", name)
    if len(document.text) > MAX_LETTER_CHARS:
        raise InputError(
            f"te lang voor een brief ({len(document.text):,} tekens; tonecheck leest brieven "
            f"tot {MAX_LETTER_CHARS:,} tekens)".replace(",", "."),
            name,
        )
    if len(document.blocks) > MAX_LETTER_BLOCKS:
        raise InputError(
            f"te veel alinea's voor een brief ({len(document.blocks):,}; tonecheck leest er "
            f"tot {MAX_LETTER_BLOCKS:,})".replace(",", "."),
            name,
        )
    return document


def _read_text_file(file: Path, markdown: bool) -> Document:
    name = str(file)
    if file.stat().st_size > MAX_TEXT_BYTES:
        raise InputError(f"te groot (meer dan {MAX_TEXT_BYTES // (1024 * 1024)} MB tekst)", name)
    return read_text_bytes(file.read_bytes(), name, markdown)


def read_text_bytes(data: bytes, name: str, markdown: bool = False) -> Document:
    """A letter from the bytes of a text file (an upload, a file's content): decoded, read
    and bounded like a file; raises :class:`InputError`."""
    if looks_binary(data):
        raise InputError("geen tekstbestand: de inhoud is binair", name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = decode(data)
    return _bounded(read_text(text, name, markdown=markdown))


def looks_binary(data: bytes) -> bool:
    """Binary when it starts like a known binary format, or its first 8 KiB hold a NUL
    byte or more than 10% control characters (text has at most a stray one); UTF-16
    text with its byte order mark is text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    head = data[:SNIFF_BYTES]
    if head.startswith(BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return controls > len(head) / 10


def _read_docx(name: str, head: bytes) -> Document:
    refuse_non_docx(head, name)
    check_package(name)
    with word_errors(name):
        return read_docx_file(name)
