"""The parts of a .docx that reading needs: its body, style names and related stories.

Two views give the reader the same XML. :func:`open_fast` takes a file straight from the
zip with lxml, parsing only the main document, its styles, headers, footers and
footnotes: 4-6 ms for a letter instead of the 13-16 ms python-docx needs to load every
part of the package (settings, numbering, comments, properties …). :func:`from_python_docx`
wraps a document opened by python-docx, as the annotated .docx writer needs it.

Only parts that :mod:`tonecheck.documents.xml_budget` scanned before are parsed: parts
named .xml or .rels or with an XML content type; a story part of another type is left out
by both views. The fast view parses with python-docx's own parser settings, resolves part names with
python-docx's own functions and reads the same relationships in the same order, so the
blocks are the same (a test compares both views on every .docx we have). Anything it
does not expect (a missing part, a relationship to nowhere, no styles, another main
content type) makes :func:`open_fast` return ``None``: the caller then opens the file
with python-docx, which gives the usual result or error.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

import docx
from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.part import PartFactory, XmlPart
from lxml import etree

from tonecheck.documents.package_repair import is_bookmark_link
from tonecheck.documents.word_kinds import WORD_MAIN_TYPES
from tonecheck.documents.xml_budget import is_xml_part

# python-docx parses XML parts with these settings (docx.oxml.parser.oxml_parser); the
# parts it keeps as plain blobs are parsed by the reader with SAFE_PARSER
OXML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE_CACHE_SIZE = 64  # templates whose style names are kept


class PackageView(Protocol):
    """What :func:`tonecheck.documents.docx_reader.docx_blocks` reads from a package."""

    @property
    def body(self) -> etree._Element: ...

    def style_names(self) -> dict[str, str]:
        """Style id -> style name ("Heading1" -> "heading 1")."""
        ...

    def related(self, reltype: str) -> list[etree._Element]:
        """Roots of the parts the main document relates to by ``reltype``, in order."""
        ...


@dataclass
class PythonDocxView:
    """A document opened with python-docx."""

    document: docx.document.Document

    @property
    def body(self) -> etree._Element:
        return self.document.element.body

    def style_names(self) -> dict[str, str]:
        try:
            return names_of_styles(self.document.styles.element)
        except (KeyError, AttributeError, ValueError):
            return {}

    def related(self, reltype: str) -> list[etree._Element]:
        parts = []
        for rel in self.document.part.rels.values():
            if rel.reltype == reltype and not rel.is_external and rel.target_part not in parts:
                parts.append(rel.target_part)
        roots = [_part_root(part) for part in parts]
        return [root for root in roots if root is not None]


def _part_root(part) -> etree._Element | None:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    if not is_xml_part(part.partname.membername, part.content_type):
        return None  # never parsed: the package scan looked only at XML parts
    try:
        return etree.fromstring(part.blob, SAFE_PARSER)
    except etree.XMLSyntaxError:
        return None


def from_python_docx(document: docx.document.Document) -> PythonDocxView:
    return PythonDocxView(document)


def names_of_styles(styles: etree._Element) -> dict[str, str]:
    names = {}
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        style_id = style.get(f"{W}styleId")
        if style_id and name is not None:
            names[style_id] = name.get(f"{W}val", style_id)
    return names


@dataclass
class FastView:
    """The parts of a package read straight from its zip."""

    body: etree._Element
    names: dict[str, str]
    stories: dict[str, list[etree._Element]] = field(default_factory=dict)

    def style_names(self) -> dict[str, str]:
        return self.names

    def related(self, reltype: str) -> list[etree._Element]:
        return self.stories.get(reltype, [])


class _Unexpected(ValueError):
    """Something the fast view leaves to python-docx."""


READ_RELATIONS = (RT.HEADER, RT.FOOTER, RT.FOOTNOTES)


def open_fast(path: str | Path | BinaryIO) -> FastView | None:
    """The view of a .docx (a path or an open file), or ``None`` when python-docx should
    open it instead."""
    try:
        with zipfile.ZipFile(path) as package:
            return _read(package)
    except Exception:  # whatever goes wrong, python-docx decides what it is
        return None


def _read(package: zipfile.ZipFile) -> FastView:
    types = _content_types(package)
    main = _main_partname(package)
    if types(main) not in WORD_MAIN_TYPES:
        raise _Unexpected("no Word main document")
    root = _parse(package, main, OXML_PARSER)
    body = root.find(f"{W}body") if root.tag.endswith("}document") else None
    if body is None:
        raise _Unexpected("no body")
    targets: dict[str, list[PackURI]] = {}
    styles: list[PackURI] = []
    for reltype, target in _relationships(package, main):
        if reltype == RT.STYLES:
            styles.append(target)
        elif reltype in READ_RELATIONS and target not in targets.setdefault(reltype, []):
            targets[reltype].append(target)
    if len(styles) != 1:  # python-docx then makes up default styles, or has none
        raise _Unexpected("not one styles part")
    if not is_xml_part(styles[0].membername, types(styles[0])):
        raise _Unexpected("styles in a part that is no XML")
    stories = {
        reltype: [_story_root(package, part, types(part)) for part in parts]
        for reltype, parts in targets.items()
    }
    return FastView(
        body,
        _cached_style_names(package, styles[0]),
        {reltype: [r for r in roots if r is not None] for reltype, roots in stories.items()},
    )


def _cached_style_names(package: zipfile.ZipFile, partname: PackURI) -> dict[str, str]:
    """Letters from one template share their styles part, often hundreds of kB (python-
    docx's own template: 350 kB, 10 ms to parse): its names are kept, keyed by the
    part's CRC-32 and sizes from the zip directory, so it is parsed once per template."""
    info = package.getinfo(partname.membername)
    key = (info.CRC, info.file_size, info.compress_size)
    names = _STYLE_NAMES.get(key)
    if names is None:
        names = names_of_styles(_parse(package, partname, OXML_PARSER))
        if len(_STYLE_NAMES) >= STYLE_CACHE_SIZE:
            _STYLE_NAMES.pop(next(iter(_STYLE_NAMES)))
        _STYLE_NAMES[key] = names
    return dict(names)


_STYLE_NAMES: dict[tuple[int, int, int], dict[str, str]] = {}


def _content_types(package: zipfile.ZipFile):
    root = etree.fromstring(package.read("[Content_Types].xml"), SAFE_PARSER)
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType") for e in root.iter(f"{CT_NS}Default")
    }
    overrides = {
        e.get("PartName", "").lower(): e.get("ContentType") for e in root.iter(f"{CT_NS}Override")
    }

    def content_type(partname: PackURI) -> str:
        found = overrides.get(partname.lower()) or defaults.get(partname.ext.lower())
        if found is None:
            raise _Unexpected(f"no content type for {partname}")
        return found

    return content_type


def _relationships(package: zipfile.ZipFile, source: PackURI) -> list[tuple[str, PackURI]]:
    """(type, target part) of the internal relationships of ``source``, in file order."""
    try:
        data = package.read(source.rels_uri.membername)
    except KeyError:
        return []
    found = []
    for rel in etree.fromstring(data, OXML_PARSER).iter(f"{REL_NS}Relationship"):
        if rel.get("TargetMode", RTM.INTERNAL) == RTM.EXTERNAL or is_bookmark_link(rel):
            continue
        target = PackURI.from_rel_ref(source.baseURI, rel.get("Target"))
        if target.membername not in package.NameToInfo:
            raise _Unexpected(f"relationship to a missing part {target}")
        found.append((rel.get("Type"), target))
    return found


def _main_partname(package: zipfile.ZipFile) -> PackURI:
    mains = [t for r, t in _relationships(package, PACKAGE_URI) if r == RT.OFFICE_DOCUMENT]
    if len(mains) != 1:
        raise _Unexpected("not one main document")
    return mains[0]


def _parse(package: zipfile.ZipFile, partname: PackURI, parser) -> etree._Element:
    return etree.fromstring(package.read(partname.membername), parser)


def _story_root(package: zipfile.ZipFile, partname: PackURI, content_type: str):
    """A header, footer or footnotes root as python-docx and the reader would parse it:
    parts python-docx knows as XML with its parser, the others as a blob."""
    if not is_xml_part(partname.membername, content_type):
        return None  # never parsed: the package scan looked only at XML parts
    part_class = PartFactory.part_type_for.get(content_type)
    if part_class is not None and issubclass(part_class, XmlPart):
        return _parse(package, partname, OXML_PARSER)
    try:
        return _parse(package, partname, SAFE_PARSER)
    except etree.XMLSyntaxError:
        return None
