"""Recognise what a file really is and refuse unsafe Word packages before parsing them."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from tonecheck.documents.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_ENTRIES,
    MEGABYTE,
)
from tonecheck.documents.word_kinds import WORD_MAIN_TYPES
from tonecheck.documents.xml_budget import CONTENT_TYPES, scan_package
from tonecheck.errors import InputError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_SCAN_BYTES = 4 * MEGABYTE
ENCRYPTED_ENTRY = 0x1  # general purpose flag bit 0 of a zip entry
Source = str | Path | BinaryIO


def refuse_non_docx(head: bytes, path: str, source: Source | None = None) -> None:
    """Raise a clear InputError when the first bytes show the file is not a .docx;
    ``source`` (the file, else ``path``) is read further for an encrypted document."""
    if not head:
        raise InputError("leeg bestand (0 bytes)", path)
    if head.startswith(OLE2_MAGIC):
        if _looks_encrypted_ole(source if source is not None else path):
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


def _looks_encrypted_ole(source: Source) -> bool:
    """Encrypted OOXML is an OLE2 container holding an ``EncryptedPackage`` stream."""
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            data = handle.read(OLE_SCAN_BYTES)
    else:
        source.seek(0)
        data = source.read(OLE_SCAN_BYTES)
    return "EncryptedPackage".encode("utf-16-le") in data


def check_package(source: Source, path: str | None = None) -> None:
    """Refuse zip bombs, broken or encrypted zips, XML floods, DOCTYPEs, packages that are
    not Word documents and tonecheck's own reports, before anything is parsed."""
    path = path if path is not None else str(source)
    try:
        with zipfile.ZipFile(source) as package:
            infos = package.infolist()
            _check_sizes(infos, path)
            _refuse_encrypted(infos, path)
            names = {info.filename for info in infos}
            if "mimetype" in names:
                with package.open("mimetype") as mimetype:
                    if b"opendocument" in mimetype.read(200):
                        raise InputError(
                            "dit is een OpenDocument-bestand (.odt): sla het op als .docx", path
                        )
            if CONTENT_TYPES not in names:
                raise InputError(f"beschadigd Word-document: {CONTENT_TYPES} ontbreekt", path)
            types = scan_package(package, path)
            # Strict Open XML has the same content types (tonecheck.documents.strict_ooxml)
            if not any(t.encode() in types for t in WORD_MAIN_TYPES):
                raise InputError("geen Word-document: het pakket bevat geen hoofddocument", path)
    except zipfile.BadZipFile:  # its message is English ("File is not a zip file")
        raise InputError("beschadigd Word-document: het zip-pakket is kapot", path) from None
    except NotImplementedError:  # a compression method zipfile does not know
        raise InputError(
            "geen bruikbaar Word-document: een onderdeel is ingepakt op een onbekende manier", path
        ) from None
    except (OSError, EOFError, ValueError, zlib.error):
        raise InputError(
            "beschadigd Word-document: een onderdeel kan niet worden uitgepakt", path
        ) from None


def _check_sizes(infos: list[zipfile.ZipInfo], path: str) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InputError(f"te veel onderdelen in het pakket ({len(infos)})", path)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise InputError(
            f"te groot: het pakket pakt uit tot {total // MEGABYTE} MB "
            f"(grens {MAX_UNPACKED_BYTES // MEGABYTE} MB)",
            path,
        )
    for info in infos:
        ratio = info.file_size / info.compress_size if info.compress_size else 0
        if ratio > MAX_COMPRESSION_RATIO and info.file_size > MEGABYTE:
            raise InputError(
                f"geweigerd: '{info.filename}' is verdacht sterk gecomprimeerd (zip-bom?)", path
            )


def _refuse_encrypted(infos: list[zipfile.ZipInfo], path: str) -> None:
    """A zip entry with the encryption flag: zipfile would ask for a password."""
    if any(info.flag_bits & ENCRYPTED_ENTRY for info in infos):
        raise InputError(
            "beveiligd document: het zip-pakket is met een wachtwoord versleuteld; "
            "sla het op zonder wachtwoord en probeer het opnieuw",
            path,
        )
