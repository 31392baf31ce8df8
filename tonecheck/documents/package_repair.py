"""What Word forgives in a package and python-docx does not.

python-docx loads every part a relationship names, looked up by its exact zip entry name,
and fails on the first it cannot find, as if the letter were incomplete. Word opens two
such packages without a word:

- a part named in another case than its zip entry: part names are compared without
  regard to case (ECMA-376 Part 2), zip entry names are not. Office's own letter
  templates name ``docProps/thumbnail.jpeg`` for the entry ``docProps/Thumbnail.jpeg``;
- a package-level relationship to a part that is not there (the thumbnail, the core or
  app properties): metadata, not the letter;
- a hyperlink to a bookmark written as an internal relationship whose target is only
  the bookmark ('#_Toc1'): a place in the document, not a part.

:func:`repaired` gives python-docx an in-memory copy with the entries named as the
relationships name them, those package-level relationships left out and the links to
bookmarks marked external, as a link to a web page is; a package without any of these is
passed on as it is. A missing part that the letter needs (its main document, a header)
is still missing, and still refused. A Strict Open XML package is read as the
Transitional one it mirrors (:mod:`tonecheck.documents.strict_ooxml`).
"""

from __future__ import annotations

import posixpath
import zipfile
from typing import BinaryIO

from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from lxml import etree

from tonecheck.documents.package_copy import rewound, rewritten_copy
from tonecheck.documents.strict_ooxml import PACKAGE_RELS, as_transitional
from tonecheck.documents.xml_budget import SAFE_PARSER

REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def repaired(source: str | BinaryIO) -> str | BinaryIO:
    """``source``, or an in-memory copy of it that python-docx reads as Word does (see
    the module's docstring). The package has passed :mod:`tonecheck.documents.sniff`, so
    the copy is bounded by its size limits."""
    source = as_transitional(source)
    with zipfile.ZipFile(rewound(source)) as package:
        names = package.namelist()
        folded: dict[str, str] = {}
        for name in names:
            folded.setdefault(name.lower(), name)
        rels = _relationship_parts(package, names)  # the repairs below edit these trees
        renames = _renames(rels, set(names), folded)
        changed = _bookmark_links_external(rels)
        if _drop_dangling(rels.get(PACKAGE_RELS), folded):
            changed.add(PACKAGE_RELS)
        if not renames and not changed:
            return rewound(source)
        rewritten = {
            name: etree.tostring(rels[name], xml_declaration=True, encoding="UTF-8")
            for name in changed
        }
        return rewritten_copy(package, lambda name, data: rewritten.get(name, data), renames)


def _relationship_parts(package: zipfile.ZipFile, names: list[str]) -> dict[str, etree._Element]:
    """Each relationships part of the package, parsed once (those that do not parse left
    out: python-docx refuses them on its own)."""
    parsed = ((name, _parsed(package, name)) for name in names if name.endswith(".rels"))
    return {name: root for name, root in parsed if root is not None}


def _renames(
    rels: dict[str, etree._Element], exact: set[str], folded: dict[str, str]
) -> dict[str, str]:
    """Entry name → the name the relationships use, for entries named in another case
    (and the relationships part of each such entry likewise)."""
    renames: dict[str, str] = {}
    for name, root in rels.items():
        for target in _targets(_source_of(name), root):
            entry = folded.get(target.lower())
            if target not in exact and entry is not None and entry not in renames:
                renames[entry] = target
    for entry, target in list(renames.items()):  # a renamed part keeps its relationships
        rels_name = _rels_name(entry)
        if rels_name in exact:
            renames.setdefault(rels_name, _rels_name(target))
    return renames


def is_bookmark_link(rel: etree._Element) -> bool:
    """Whether an internal relationship's target is only a bookmark ('#_Toc1'): a place
    in the document, which Word follows as a link and no part is named by."""
    internal = rel.get("TargetMode", RTM.INTERNAL) != RTM.EXTERNAL
    return internal and rel.get("Target", "").startswith("#")


def _bookmark_links_external(rels: dict[str, etree._Element]) -> set[str]:
    """Mark the links to bookmarks external; the relationships parts that had one."""
    changed = set()
    for name, root in rels.items():
        for rel in root.iter(f"{REL_NS}Relationship"):
            if is_bookmark_link(rel):
                rel.set("TargetMode", RTM.EXTERNAL)
                changed.add(name)
    return changed


def _drop_dangling(root: etree._Element | None, folded: dict[str, str]) -> bool:
    """Leave out of the package's own relationships (``root``) those to parts that are
    not there (in any case), the main document's excepted; whether any was."""
    dropped = False
    for rel in [] if root is None else list(root.iter(f"{REL_NS}Relationship")):
        target = _target(PackURI("/"), rel)
        if target is None or rel.get("Type") == RT.OFFICE_DOCUMENT:
            continue
        if target.lower() not in folded:
            rel.getparent().remove(rel)
            dropped = True
    return dropped


def _targets(source: PackURI, root: etree._Element) -> list[str]:
    """The entry names of the internal relationships of ``source`` (its relationships
    part parsed: ``root``)."""
    found = (_target(source, rel) for rel in root.iter(f"{REL_NS}Relationship"))
    return [target for target in found if target is not None]


def _parsed(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return etree.fromstring(package.read(name), SAFE_PARSER)
    except etree.XMLSyntaxError:
        return None


def _target(source: PackURI, rel: etree._Element) -> str | None:
    """The entry name an internal relationship points to; None for an external one or a
    reference that is no part name."""
    reference = rel.get("Target")
    if rel.get("TargetMode", RTM.INTERNAL) == RTM.EXTERNAL or not reference:
        return None
    try:
        return PackURI.from_rel_ref(source.baseURI, reference).membername
    except ValueError:
        return None


def _source_of(rels_name: str) -> PackURI:
    """The part whose relationships ``rels_name`` holds (``/`` for the package's own)."""
    folder, file = posixpath.split(rels_name)
    owner_folder = posixpath.dirname(folder)  # out of "_rels"
    return PackURI(f"/{posixpath.join(owner_folder, file.removesuffix('.rels'))}")


def _rels_name(entry: str) -> str:
    folder, file = posixpath.split(entry)
    return posixpath.join(folder, "_rels", f"{file}.rels")
