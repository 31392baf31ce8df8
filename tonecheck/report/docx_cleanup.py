"""Take tonecheck's own comments and tracked changes out of a letter before annotating it.

A letter checked before (and perhaps edited since) carries tonecheck's comments and
proposed rewrites; checking it again replaces them instead of adding a second set. They
are known by their author, ``tonecheck``. Removed: each such comment with its range
markers, its reference and its entries in ``commentsExtended.xml``, ``commentsIds.xml``
and ``commentsExtensible.xml`` (the parts Word 2013 and later add); each such tracked
change is rejected (its insertion goes, its deletion becomes ordinary text again), as
the reader reads it (:mod:`tonecheck.documents.own_revisions`). Everything of other
authors stays as it is; a reply to one of tonecheck's comments becomes a comment of
its own.
"""

from __future__ import annotations

from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from lxml import etree

from tonecheck.documents.docx_reader import R, T, W, q
from tonecheck.documents.own_revisions import DEL, INS, is_own
from tonecheck.report.docx_runs import PROPERTIES

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
W16CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
COMMENT_MARKERS = {q("commentRangeStart"), q("commentRangeEnd"), q("commentReference")}
RENAMED = {q("delText"): T, q("delInstrText"): q("instrText")}
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def remove_own_annotations(source) -> None:
    """Remove tonecheck's comments and tracked changes from the opened letter
    ``source`` (a python-docx document), in every part."""
    parts = [p for p in source.part.package.iter_parts() if _is_wordprocessing(p)]
    ids, para_ids = _remove_own_comments(parts)
    for part in parts:
        root = part.element
        if ids:
            _remove_markers(root, ids)
        _reject_own_changes(root)
    if para_ids:
        _remove_states(source.part.package, para_ids)


def _is_wordprocessing(part: Part) -> bool:
    return isinstance(part, XmlPart) and etree.QName(part.element).namespace == W


def _remove_own_comments(parts: list[XmlPart]) -> tuple[set[str], set[str]]:
    """Remove the ``w:comment`` elements of tonecheck; their ids and paragraph ids."""
    ids: set[str] = set()
    para_ids: set[str] = set()
    for part in parts:
        for comment in list(part.element.iterchildren(q("comment"))):
            if not is_own(comment):
                continue
            ids.add(comment.get(qn("w:id"), ""))
            para_ids.update(p.get(f"{{{W14}}}paraId", "").upper() for p in comment.iter(q("p")))
            part.element.remove(comment)
    para_ids.discard("")
    return ids, para_ids


def _remove_markers(root: etree._Element, ids: set[str]) -> None:
    """Range markers and references of the removed comments (a reference's run goes
    too when it held nothing else)."""
    for marker in [m for m in root.iter(*COMMENT_MARKERS) if m.get(qn("w:id")) in ids]:
        parent = marker.getparent()
        if parent is None:
            continue
        parent.remove(marker)
        if parent.tag == R and all(child.tag == PROPERTIES for child in parent):
            holder = parent.getparent()
            if holder is not None:
                holder.remove(parent)


def _reject_own_changes(root: etree._Element) -> None:
    """tonecheck's insertions go (except comment markers of others inside them, which
    move out); its deletions become ordinary text again."""
    for change in [c for c in root.iter(INS, DEL) if is_own(c)]:
        parent = change.getparent()
        if parent is None:
            continue
        for child in list(change):
            if change.tag == INS and not _kept_from_insertion(child):
                continue
            if change.tag == DEL:
                for deleted in child.iter(*RENAMED):
                    deleted.tag = RENAMED[deleted.tag]
            change.addprevious(child)
        parent.remove(change)


def _kept_from_insertion(child: etree._Element) -> bool:
    """What stays of a rejected insertion: markers and comment references (no text)."""
    if child.tag == R:
        return any(c.tag == q("commentReference") for c in child)
    return child.tag not in (INS, DEL)


def _remove_states(package, para_ids: set[str]) -> None:
    """The removed comments' entries in the parts Word keeps about comments."""
    durable: set[str] = set()
    for part in package.iter_parts():
        root = _xml_of(part)
        if root is None:
            continue
        tag = etree.QName(root).namespace
        changed = False
        if tag == W15:
            for entry in list(root.iterchildren(f"{{{W15}}}commentEx")):
                if entry.get(f"{{{W15}}}paraId", "").upper() in para_ids:
                    root.remove(entry)
                    changed = True
                elif entry.get(f"{{{W15}}}paraIdParent", "").upper() in para_ids:
                    del entry.attrib[f"{{{W15}}}paraIdParent"]  # an orphaned reply
                    changed = True
        elif tag == W16CID:
            for entry in list(root.iterchildren(f"{{{W16CID}}}commentId")):
                if entry.get(f"{{{W16CID}}}paraId", "").upper() in para_ids:
                    durable.add(entry.get(f"{{{W16CID}}}durableId", ""))
                    root.remove(entry)
                    changed = True
        if changed:
            _store(part, root)
    if not durable:
        return
    for part in package.iter_parts():
        root = _xml_of(part)
        if root is None or etree.QName(root).namespace != W16CEX:
            continue
        entries = list(root.iterchildren(f"{{{W16CEX}}}commentExtensible"))
        gone = [e for e in entries if e.get(f"{{{W16CEX}}}durableId") in durable]
        for entry in gone:
            root.remove(entry)
        if gone:
            _store(part, root)


def _xml_of(part: Part) -> etree._Element | None:
    """The XML of a part python-docx keeps as a tree or, unknown to it, as bytes."""
    if isinstance(part, XmlPart):
        return part.element
    if not part.content_type.endswith("+xml"):
        return None
    try:
        return etree.fromstring(part.blob, SAFE_PARSER)
    except etree.XMLSyntaxError:
        return None


def _store(part: Part, root: etree._Element) -> None:
    if not isinstance(part, XmlPart):  # python-docx keeps unknown parts as bytes
        part._blob = etree.tostring(root, encoding="UTF-8", standalone=True)
