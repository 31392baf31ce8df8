"""The XML parts of a Word package, scanned as a stream before any tree is built.

A tree costs memory per node (an element, an attribute, a stretch of text), so a small
package can hold a flood: a million empty runs in 6 MB, three million empty paragraphs in
18 MB. Before lxml or python-docx parses any part, every part a parser may read as XML is
unpacked from the zip in 64 KiB pieces (never whole):

- its markup is counted: each '<' (element, end tag, comment) and each '=' (attribute)
  is at most one node, so the count bounds the nodes of every tree built later, whoever
  builds it. Each is one byte, so the parts' sizes in the zip directory bound the count
  too: only a package whose XML parts are larger together than the limit is counted;
- a DOCTYPE or ENTITY declaration anywhere in a part (also in UTF-16) refuses it.

Reading stops at the first piece over a limit. Depth needs no count here: libxml2
refuses more than 256 levels while parsing, and the reader says so in Dutch.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from tonecheck.documents.limits import MAX_XML_BYTES, MAX_XML_MARKUP, MEGABYTE, dutch_number
from tonecheck.errors import InputError

CHUNK = 64 * 1024
DECLARATIONS = tuple(
    mark.encode(codec)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
OVERLAP = max(len(mark) for mark in DECLARATIONS) - 1
XML_SUFFIXES = (".xml", ".rels")
CONTENT_TYPES = "[Content_Types].xml"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass
class MarkupBudget:
    """The markup seen so far in one package, with the file's name for the messages;
    ``counting`` is off when the parts are too small to hold more than the limit."""

    path: str
    counting: bool = True
    markup: int = 0

    def scan(self, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        """Scan one part; raise :class:`InputError` at a limit. A part that cannot be
        unpacked to its end is scanned as far as it goes: no parser gets further."""
        carry = b""
        try:
            with package.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    window = carry + chunk
                    if b"!" in window and any(mark in window for mark in DECLARATIONS):
                        raise InputError(
                            f"geweigerd: '{info.filename}' bevat een DOCTYPE/ENTITY-declaratie",
                            self.path,
                        )
                    if self.counting:
                        self._count(chunk)
                    carry = window[-OVERLAP:]
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            if isinstance(error, zipfile.BadZipFile) and "CRC" not in str(error):
                raise

    def _count(self, chunk: bytes) -> None:
        self.markup += chunk.count(b"<") + chunk.count(b"=")
        if self.markup > MAX_XML_MARKUP:
            raise InputError(
                "te veel XML-opmaak voor een brief (meer dan "
                f"{dutch_number(MAX_XML_MARKUP)} tags en attributen)",
                self.path,
            )


def scan_package(package: zipfile.ZipFile, path: str) -> bytes:
    """Scan every XML part of ``package``; the bytes of its ``[Content_Types].xml``."""
    types_info = package.getinfo(CONTENT_TYPES)
    _check_xml_sizes([types_info], path)
    MarkupBudget(path).scan(package, types_info)
    content_types = package.read(types_info)
    try:
        parts = xml_parts(package, content_types)
    except etree.XMLSyntaxError:
        raise InputError(
            f"beschadigd Word-document: {CONTENT_TYPES} is geen geldige XML", path
        ) from None
    total = _check_xml_sizes(parts, path)
    budget = MarkupBudget(path, counting=total > MAX_XML_MARKUP)
    for info in parts:
        budget.scan(package, info)
    return content_types


def xml_parts(package: zipfile.ZipFile, content_types: bytes) -> list[zipfile.ZipInfo]:
    """The parts a parser may read as XML (:func:`is_xml_part`), by the content types."""
    root = etree.fromstring(content_types, SAFE_PARSER)
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType") for e in root.iter(f"{CT_NS}Default")
    }
    overrides = {
        e.get("PartName", "").lower(): e.get("ContentType") for e in root.iter(f"{CT_NS}Override")
    }
    return [
        info
        for info in package.infolist()
        if is_xml_part(
            info.filename,
            overrides.get("/" + info.filename.lower()) or defaults.get(_extension(info.filename)),
        )
    ]


def is_xml_part(name: str, content_type: str | None) -> bool:
    """A part that may be parsed as XML: named .xml or .rels, or of an XML content type.
    Nothing else is ever parsed, by the reader or by python-docx."""
    return name.lower().endswith(XML_SUFFIXES) or (content_type or "").lower().endswith("xml")


def _extension(name: str) -> str:
    base = name.rpartition("/")[2]
    return base.rpartition(".")[2].lower() if "." in base else ""


def _check_xml_sizes(parts: list[zipfile.ZipInfo], path: str) -> int:
    """The unpacked size of ``parts`` together, from the zip directory (unpacking never
    gives more than it says); refused over :data:`MAX_XML_BYTES`."""
    total = sum(info.file_size for info in parts)
    if total > MAX_XML_BYTES:
        raise InputError(
            f"te groot voor een brief: het Word-document bevat {total // MEGABYTE} MB XML "
            f"(grens {MAX_XML_BYTES // MEGABYTE} MB)",
            path,
        )
    return total
