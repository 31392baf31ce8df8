"""tonecheck's own reports are never read as letters: known by their name and by a mark.

By name: ``NAME.tonecheck.docx`` and ``NAME.tonecheck.html``, as tonecheck writes them.
By a mark inside, which survives renaming:

- the annotated .docx has a custom document property ``tonecheck-rapport`` (its value is
  the version that wrote it; Word shows it under File > Properties > Custom), added by
  :func:`mark_docx` when the report is written;
- an HTML report (letter page or batch dashboard) has ``<meta name="generator"
  content="tonecheck …">``;
- JSON output begins with its ``"tonecheck"`` and ``"schema_version"`` fields, each JSONL
  line with ``"path"`` and ``"letter_type"``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePath

from lxml import etree

from tonecheck.documents.files import open_letter
from tonecheck.errors import InputError

REPORT_SUFFIX = ".tonecheck"
REPORT_EXTENSIONS = (".docx", ".html")
PROPERTY = "tonecheck-rapport"
REPORT_REFUSAL = "dit is een rapport van tonecheck, geen brief: controleer de brief zelf"

CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id of user-defined properties
MAX_MARK_PART = 256 * 1024  # a custom properties part larger than this is not read for the mark
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

TEXT_MARKS = (
    re.compile(r"<meta\s+name=\"generator\"\s+content=\"tonecheck\b"),
    re.compile(r"^\s*\{\s*\"tonecheck\"\s*:\s*\"[^\"]*\"\s*,\s*\"schema_version\"\s*:"),
    re.compile(r"^\s*\{\s*\"path\"\s*:\s*(?:\"(?:[^\"\\]|\\.)*\"|null)\s*,\s*\"letter_type\"\s*:"),
)
TEXT_HEAD = 4096
# what reading a part of a damaged package can raise (the reader explains it later)
PART_ERRORS = (
    KeyError,
    ValueError,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zipfile.BadZipFile,
    zlib.error,
    etree.XMLSyntaxError,
)


def named_as_report(path: str | PurePath) -> bool:
    """A name tonecheck gives its reports: ``NAME.tonecheck.docx`` or ``.html``."""
    name = PurePath(path).name.lower()
    return any(name.endswith(REPORT_SUFFIX + extension) for extension in REPORT_EXTENSIONS)


def has_text_mark(text: str) -> bool:
    """Text that is an HTML or JSON report of tonecheck."""
    head = text[:TEXT_HEAD]
    return any(mark.search(head) for mark in TEXT_MARKS)


def has_docx_mark(package: zipfile.ZipFile) -> bool:
    """A Word package with tonecheck's custom property (an annotated .docx)."""
    root = _small_part(package, _custom_part(package) or CUSTOM_PART)
    if root is None:
        return False
    return any(p.get("name") == PROPERTY for p in root.iter(f"{{{CUSTOM_NS}}}property"))


def _small_part(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    """The XML of a part of at most :data:`MAX_MARK_PART` bytes; ``None`` when it is
    missing, larger or broken (the reader then says what is wrong with the package)."""
    try:
        info = package.getinfo(name)
        if info.file_size > MAX_MARK_PART or info.flag_bits & 0x1:
            return None
        return etree.fromstring(package.read(info), SAFE_PARSER)
    except PART_ERRORS:
        return None


def is_marked_report_file(path: str | Path) -> bool:
    """Whether the regular file at ``path`` carries a report mark (for folder walks: any
    problem reading it is left to the reader, which gives the message)."""
    try:
        with open_letter(path) as handle:
            head = handle.read(TEXT_HEAD)
            if head.startswith(b"PK"):
                handle.seek(0)
                with zipfile.ZipFile(handle) as package:
                    return has_docx_mark(package)
    except (InputError, *PART_ERRORS):
        return False
    return has_text_mark(head.decode("utf-8", errors="replace"))


def _custom_part(package: zipfile.ZipFile) -> str | None:
    """The member name of the custom properties part the package relates to, if any."""
    rels = _small_part(package, "_rels/.rels")
    if rels is None:
        return None
    for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("Type") == CUSTOM_REL and rel.get("TargetMode") != "External":
            return (rel.get("Target") or "").lstrip("/") or None
    return None


def mark_docx(path: Path, version: str) -> None:
    """Give the .docx at ``path`` tonecheck's custom property. The package is written
    anew into a hidden temporary file, then copied back into the same file (the same
    inode, so a lock a writer holds on it stays)."""
    with zipfile.ZipFile(path) as package:
        related = _custom_part(package)
        name = related if related is not None and related in package.NameToInfo else CUSTOM_PART
        changes: dict[str, Callable[[bytes], bytes]] = {
            name: lambda data: _with_property(data, version)
        }
        if related != name:
            changes["_rels/.rels"] = _with_custom_relation
            changes["[Content_Types].xml"] = _with_custom_type
        with tempfile.TemporaryFile(dir=path.parent, prefix=f".{path.name}.") as marked:
            with zipfile.ZipFile(marked, "w", zipfile.ZIP_DEFLATED) as target:
                for info in package.infolist():
                    data = package.read(info)
                    change = changes.get(info.filename)
                    target.writestr(info, change(data) if change else data)
                if name not in package.NameToInfo:
                    target.writestr(name, _with_property(None, version))
            marked.seek(0)
            with open(path, "r+b") as original:
                shutil.copyfileobj(marked, original)
                original.truncate()


def _with_property(data: bytes | None, version: str) -> bytes:
    """Custom properties (new, or ``data``) with tonecheck's property set to ``version``."""
    if not data:
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    else:
        root = etree.fromstring(data, SAFE_PARSER)
    properties = list(root.iter(f"{{{CUSTOM_NS}}}property"))
    for old in properties:
        if old.get("name") == PROPERTY:
            root.remove(old)
    pids = [int(p.get("pid", "1")) for p in properties if (p.get("pid") or "").isdigit()]
    prop = etree.SubElement(
        root,
        f"{{{CUSTOM_NS}}}property",
        fmtid=FMTID,
        pid=str(max(pids, default=1) + 1),
        name=PROPERTY,
    )
    etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = version
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_custom_type(data: bytes) -> bytes:
    root = etree.fromstring(data, SAFE_PARSER)
    if any(e.get("PartName") == f"/{CUSTOM_PART}" for e in root.iter(f"{{{CT_NS}}}Override")):
        return data
    etree.SubElement(
        root, f"{{{CT_NS}}}Override", PartName=f"/{CUSTOM_PART}", ContentType=CUSTOM_TYPE
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_custom_relation(data: bytes) -> bytes:
    root = etree.fromstring(data, SAFE_PARSER)
    taken = {rel.get("Id") for rel in root}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    etree.SubElement(
        root, f"{{{REL_NS}}}Relationship", Id=f"rId{number}", Type=CUSTOM_REL, Target=CUSTOM_PART
    )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
