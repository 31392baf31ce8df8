"""An uploaded or pasted letter, recognised by its content.

Only Word documents (.docx, by their zip signature; the reader then checks the package
structure and the zip limits before parsing) and plain text are taken. Text stays in
memory and is checked from there; a Word document is saved in the request's own
temporary folder (removed after the response), because it is read and annotated as a
package on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from tonecheck.documents.sniff import refuse_non_docx
from tonecheck.documents.text_bytes import text_of
from tonecheck.errors import InputError

ZIP_SIGNATURE = b"PK\x03\x04"
TEXT_SUFFIXES = (".md", ".markdown")
NAME_MAX = 120
UNSUPPORTED = "alleen Word-documenten (.docx) en platte tekst (.txt) kunnen worden gecontroleerd"


class UploadError(Exception):
    """An upload that is refused before checking, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class SavedLetter:
    path: Path | None  # a .docx in the request's temporary folder; None for text
    name: str  # the name to show: the uploaded file's own, cleaned
    kind: str  # "docx" or "text"
    content: bytes = b""  # a text letter's bytes, as uploaded (UTF-8 when pasted)
    markdown: bool = False


def display_name(filename: str | None, default: str) -> str:
    """The last part of an uploaded file name, without control characters, shortened."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")
    return name[-NAME_MAX:] or default


def save_upload(data: bytes, filename: str | None, folder: Path) -> SavedLetter:
    """Save an uploaded file as a letter tonecheck can read, or raise UploadError 415."""
    if not data:
        raise UploadError(422, "het bestand is leeg")
    if data.startswith(ZIP_SIGNATURE):
        name = display_name(filename, "brief.docx")
        return _write(folder / "brief.docx", data, name, "docx")
    if text_of(data) is not None:  # the same detection as for files (also UTF-16)
        name = display_name(filename, "brief.txt")
        return SavedLetter(None, name, "text", data, name.lower().endswith(TEXT_SUFFIXES))
    unknown = folder / "upload"
    unknown.write_bytes(data)
    try:  # a PDF, an old .doc, an encrypted file: say what it is
        refuse_non_docx(data[:512], str(unknown))
    except InputError as error:
        raise UploadError(415, f"{error.message}; {UNSUPPORTED}") from None
    raise UploadError(415, UNSUPPORTED)


def save_text(text: str, name: str | None) -> SavedLetter:
    """Pasted text as a letter (kept in memory)."""
    if not text.strip():
        raise UploadError(422, "er is geen tekst ingevuld")
    return SavedLetter(None, display_name(name, "brief.txt"), "text", text.encode("utf-8"))


def _write(path: Path, data: bytes, name: str, kind: str) -> SavedLetter:
    path.write_bytes(data)
    return SavedLetter(path, name, kind)
