"""Read any supported letter (.docx, .txt, .md, standard input) into a Document.

A file is opened once, and only when it is a regular file (:mod:`.files`); what is read
of it is bounded (:mod:`.limits`); tonecheck's own reports are refused (:mod:`.report_mark`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from tonecheck.documents.docx_errors import word_errors
from tonecheck.documents.docx_reader import read_docx_file
from tonecheck.documents.files import open_letter, read_at_most
from tonecheck.documents.limits import (
    MAX_LETTER_BLOCKS,
    MAX_LETTER_CHARS,
    MAX_TEXT_BYTES,
    MEGABYTE,
    too_long,
    too_many_blocks,
)
from tonecheck.documents.model import Document
from tonecheck.documents.report_mark import REPORT_REFUSAL, has_text_mark, named_as_report
from tonecheck.documents.sniff import check_package, refuse_non_docx
from tonecheck.documents.text_bytes import looks_binary, text_of
from tonecheck.documents.text_reader import read_text
from tonecheck.errors import InputError

__all__ = ["SUPPORTED_SUFFIXES", "looks_binary", "read_document", "read_text_bytes"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES
STDIN = "-"


def read_document(path: str | Path) -> Document:
    """Read one letter; raise :class:`InputError` with a clear message when it cannot."""
    name = str(path)
    if name == STDIN:
        return read_text_bytes(read_at_most(sys.stdin.buffer, MAX_TEXT_BYTES), "<stdin>")
    suffix = Path(name).suffix.lower()
    # an annotated .docx named on purpose is checked again (the annotator replaces
    # tonecheck's own comments and changes); other reports are never letters
    if named_as_report(name) and suffix not in DOCX_SUFFIXES:
        raise InputError(REPORT_REFUSAL, name)
    with open_letter(name) as handle:
        head = handle.read(512)
        if suffix in DOCX_SUFFIXES or (suffix not in TEXT_SUFFIXES and head.startswith(b"PK")):
            document = _read_docx(handle, name, head)
        elif suffix in TEXT_SUFFIXES:
            data = head + read_at_most(handle, MAX_TEXT_BYTES - len(head))
            document = read_text_bytes(data, name, markdown=suffix in {".md", ".markdown"})
        elif suffix == ".doc":
            refuse_non_docx(head, name, handle)
            raise InputError("onbekend formaat", name)
        else:
            raise InputError(
                f"bestandstype '{suffix or '(geen)'}' wordt niet ondersteund "
                "(wel: .docx, .txt, .md)",
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
        raise InputError(too_long(len(document.text)), name)
    if len(document.blocks) > MAX_LETTER_BLOCKS:
        raise InputError(too_many_blocks(len(document.blocks)), name)
    return document


def read_text_bytes(data: bytes, name: str, markdown: bool = False) -> Document:
    """A letter from the bytes of a text file (an upload, a file's content, standard
    input): decoded, read and bounded like a file; raises :class:`InputError`."""
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"te groot (meer dan {MAX_TEXT_BYTES // MEGABYTE} MB tekst)", name)
    text = text_of(data)
    if text is None:
        raise InputError("geen tekstbestand: de inhoud is binair", name)
    if has_text_mark(text):
        raise InputError(REPORT_REFUSAL, name)
    return _bounded(read_text(text, name, markdown=markdown))


def _read_docx(handle: BinaryIO, name: str, head: bytes) -> Document:
    refuse_non_docx(head, name, handle)
    check_package(handle, name)
    with word_errors(name):
        return read_docx_file(name, handle)
