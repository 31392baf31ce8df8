"""Strict Open XML (ISO/IEC 29500 Strict), read as the Transitional Open XML it mirrors.

Word saves a letter as "Strict Open XML-document" on request. Such a package has the same
parts and content types as a .docx, but its XML and relationship types use other
namespace URIs (``http://purl.oclc.org/ooxml/…`` for
``http://schemas.openxmlformats.org/…/2006/…``). python-docx and tonecheck's own reader
know the Transitional names only, so the main document seemed to be missing.

:func:`as_transitional` gives the readers an in-memory copy with the Strict URIs of the
WordprocessingML, DrawingML and package vocabularies replaced by their Transitional
equivalents (ECMA-376 Part 1, the Strict and Transitional schemas). The URIs are whole
attribute values and namespace declarations, so a byte replacement changes nothing else.
The text, tables, headings, headers and footers read the same. A Word report of such a
letter is saved as a Transitional .docx, which every Word version opens. A package without
Strict relationships is passed on as it is.

This table is format knowledge, not writing knowledge: it stays in Python.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

from tonecheck.documents.package_copy import rewound, rewritten_copy

STRICT = b"http://purl.oclc.org/ooxml/"
TRANSITIONAL = b"http://schemas.openxmlformats.org/"
PACKAGE_RELS = "_rels/.rels"
# the package's own relationships name the main document in the Strict namespace
STRICT_MAIN_RELATIONSHIP = STRICT + b"officeDocument/relationships/officeDocument"
# Strict → Transitional (after the two prefixes), in order: a relationship type whose
# name differs comes before the namespace of relationships that covers the others
RELS, RELS_2006 = "officeDocument/relationships", "officeDocument/2006/relationships"
RENAMES = (
    (f"{RELS}/extendedProperties", f"{RELS_2006}/extended-properties"),
    (f"{RELS}/customProperties", f"{RELS_2006}/custom-properties"),
    (RELS, RELS_2006),
    ("officeDocument/extendedProperties", "officeDocument/2006/extended-properties"),
    ("officeDocument/customProperties", "officeDocument/2006/custom-properties"),
    ("officeDocument/docPropsVTypes", "officeDocument/2006/docPropsVTypes"),
    ("officeDocument/sharedTypes", "officeDocument/2006/sharedTypes"),
    ("officeDocument/customXml", "officeDocument/2006/customXml"),
    ("officeDocument/bibliography", "officeDocument/2006/bibliography"),
    ("officeDocument/math", "officeDocument/2006/math"),
    ("wordprocessingml/main", "wordprocessingml/2006/main"),
    ("drawingml/wordprocessingDrawing", "drawingml/2006/wordprocessingDrawing"),
    ("drawingml/main", "drawingml/2006/main"),
    ("drawingml/picture", "drawingml/2006/picture"),
    ("drawingml/chart", "drawingml/2006/chart"),
    ("drawingml/diagram", "drawingml/2006/diagram"),
    ("schemaLibrary/main", "schemaLibrary/2006/main"),
)  # fmt: skip
URIS = tuple((STRICT + a.encode(), TRANSITIONAL + b.encode()) for a, b in RENAMES)
XML_SUFFIXES = (".xml", ".rels")


def is_strict(package: zipfile.ZipFile) -> bool:
    """Whether the package's own relationships name the main document the Strict way."""
    try:
        return STRICT_MAIN_RELATIONSHIP in package.read(PACKAGE_RELS)
    except KeyError:
        return False


def as_transitional(source: str | BinaryIO) -> str | BinaryIO:
    """``source``, or an in-memory Transitional copy of it when it is Strict Open XML.
    The package has passed :mod:`tonecheck.documents.sniff`, so the copy is bounded by
    its size limits (each URI grows by at most 17 bytes)."""
    with zipfile.ZipFile(rewound(source)) as package:
        if not is_strict(package):
            return rewound(source)
        return rewritten_copy(package, _transitional_part)


def _transitional_part(name: str, data: bytes) -> bytes:
    if name.lower().endswith(XML_SUFFIXES) and STRICT in data:
        return transitional_xml(data)
    return data


def transitional_xml(data: bytes) -> bytes:
    """One part's XML with the Strict namespace URIs of :data:`URIS` replaced."""
    for strict, transitional in URIS:
        data = data.replace(strict, transitional)
    return data
