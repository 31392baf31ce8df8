"""Recognise what a file really is and refuse unsafe Word packages before parsing them."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from tonecheck.errors import InputError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_COMPRESSION_RATIO = 200
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def refuse_non_docx(head: bytes, path: str) -> None:
    """Raise a clear InputError when the first bytes show the file is not a .docx."""
    if not head:
        raise InputError("leeg bestand (0 bytes)", path)
    if head.startswith(OLE2_MAGIC):
        if _looks_encrypted_ole(path):
            raise InputError(
                "versleuteld document: sla het op zonder wachtwoord en probeer het opnieuw", path
            )
        raise InputError(
            "oud Word-formaat (.doc): sla het in Word op als .docx en probeer het opnieuw", path
        )
    if head.startswith(b"%PDF"):
        raise InputError("dit is een PDF, geen Word-document (.docx)", path)
    if head.lstrip().startswith(b"{\\rtf") or head.startswith(b"{\\"):
        raise InputError("dit is een RTF-bestand: sla het in Word op als .docx", path)
    if not head.startswith(b"PK"):
        raise InputError("geen Word-document (.docx): het bestand is geen zip-pakket", path)


def _looks_encrypted_ole(path: str) -> bool:
    """Encrypted OOXML is an OLE2 container holding an ``EncryptedPackage`` stream."""
    with open(path, "rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data


def check_package(path: str) -> None:
    """Refuse zip bombs, broken zips, DOCTYPEs and packages that are not Word documents."""
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            _check_sizes(infos, path)
            names = {info.filename for info in infos}
            if "mimetype" in names and b"opendocument" in package.read("mimetype"):
                raise InputError(
                    "dit is een OpenDocument-bestand (.odt): sla het op als .docx", path
                )
            if "[Content_Types].xml" not in names:
                raise InputError("beschadigd Word-document: [Content_Types].xml ontbreekt", path)
            types = package.read("[Content_Types].xml")
            _refuse_doctype(types, "[Content_Types].xml", path)
            if not any(t.encode() in types for t in WORD_MAIN_TYPES):
                if b"strict" in types.lower() or any("strict" in n for n in names):
                    raise InputError(
                        "Strict Open XML wordt niet ondersteund: sla het op als gewoon .docx", path
                    )
                raise InputError("geen Word-document: het pakket bevat geen hoofddocument", path)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with package.open(info) as part:
                        _refuse_doctype(part.read(4096), info.filename, path)
    except zipfile.BadZipFile:  # its message is English ("File is not a zip file")
        raise InputError("beschadigd Word-document: het zip-pakket is kapot", path) from None
    except (OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
        raise InputError(f"beschadigd Word-document ({type(exc).__name__}: {exc})", path) from None


def _check_sizes(infos: list[zipfile.ZipInfo], path: str) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InputError(f"te veel onderdelen in het pakket ({len(infos)})", path)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise InputError(
            f"te groot: het pakket pakt uit tot {total // (1024 * 1024)} MB "
            f"(grens {MAX_UNPACKED_BYTES // (1024 * 1024)} MB)",
            path,
        )
    for info in infos:
        ratio = info.file_size / info.compress_size if info.compress_size else 0
        if ratio > MAX_COMPRESSION_RATIO and info.file_size > 1024 * 1024:
            raise InputError(
                f"geweigerd: '{info.filename}' is verdacht sterk gecomprimeerd (zip-bom?)", path
            )


def _refuse_doctype(head: bytes, part: str, path: str) -> None:
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise InputError(f"geweigerd: '{part}' bevat een DOCTYPE/ENTITY-declaratie", path)


def check_readable_file(path: Path) -> None:
    """Raise InputError for a missing file, a directory or an unreadable file."""
    if not path.exists():
        raise InputError("bestand niet gevonden", str(path))
    if path.is_dir():
        raise InputError("is een map, geen bestand", str(path))
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputError(f"kan het bestand niet openen ({exc.strerror})", str(path)) from None
