"""Proposed rewrites as tracked changes (author ``tonecheck``) in the annotated letter.

A rewrite replaces characters ``start:end`` of the letter's text. Written here, it
becomes a ``w:del`` around the runs of the words that go (their text in ``w:delText``,
each run keeping its ``w:rPr``) and a ``w:ins`` right after it holding the new words,
formatted like the first word they replace. Only the words that differ are changed: a
rewrite that keeps the beginning and end of its span marks just the middle, so the
writer sees in Word's *Controleren* tab exactly what would change, and accepts or
rejects it there. Accepting every change gives the rewritten text; rejecting every
change gives the letter as it was, formatting and all.

A rewrite stays a comment only (no change is written) when it leaves its paragraph,
overlaps another rewrite, or touches a field, a drawing, a text box or someone else's
tracked change: Word could not show those as one clean change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass

from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from lxml import etree

from tonecheck.common.findings import Replacement
from tonecheck.documents.docx_reader import P, R, T, W, q
from tonecheck.documents.model import Block
from tonecheck.documents.own_revisions import DEL, INS, OWN_AUTHOR, is_own
from tonecheck.report.docx_runs import PROPERTIES, XML_SPACE, Piece, is_field_run

W_ID = qn("w:id")
W_ID_IN_XML = re.compile(rb'\bw:id="(\d+)"')
W_IDS = etree.XPath(".//@w:id", namespaces={"w": W})
DELETED_TEXT = q("delText")
FIELD_CHAR, FIELD_CHAR_TYPE = q("fldChar"), q("fldCharType")
# what a run may hold for its words to be deleted as a tracked change
PLAIN_RUN = {PROPERTIES, T, q("tab"), q("br"), q("cr"), q("noBreakHyphen"), q("softHyphen"),
             q("lastRenderedPageBreak")}  # fmt: skip
# containers between run and paragraph in which no change is written
NO_CHANGE_INSIDE = {INS, DEL, q("moveFrom"), q("moveTo"), q("fldSimple")}


@dataclass(frozen=True)
class Change:
    """A rewrite within one block: block offsets ``start``/``end`` and the new text."""

    start: int
    end: int
    text: str


def block_change(replacement: Replacement, block: Block) -> Change | None:
    """The rewrite as a change of ``block``, narrowed to the words that differ; None when
    it leaves the block or changes nothing."""
    start, end = replacement.start - block.start, replacement.end - block.start
    if not 0 <= start <= end <= len(block.text):
        return None
    old, new = block.text[start:end], replacement.text
    if old == new:
        return None
    head, tail = _same_words(old, new)
    return Change(start + head, end - tail, new[head : len(new) - tail])


def _same_words(old: str, new: str) -> tuple[int, int]:
    """How many characters at the start and at the end both texts share, in whole words
    (a shared stretch never ends or begins inside a word)."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    while head > 0 and not (_boundary(old, head) and _boundary(new, head)):
        head -= 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while tail > 0 and not (_boundary(old, len(old) - tail) and _boundary(new, len(new) - tail)):
        tail -= 1
    return head, tail


def _boundary(text: str, offset: int) -> bool:
    """Whether ``offset`` falls between words (or at an end), not inside one."""
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def separate(changes: list[Change]) -> list[Change]:
    """The changes in text order, without those that overlap or touch an earlier one."""
    kept: list[Change] = []
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        if not kept or change.start > kept[-1].end:
            kept.append(change)
    return kept


def free_ids(source) -> Iterator[int]:
    """``w:id`` values that no part of the letter uses (comments, tracked changes and
    bookmarks each need one unique in the document), in order."""
    used = [-1]
    for part in source.part.package.iter_parts():
        if isinstance(part, XmlPart):
            used += [int(v) for v in W_IDS(part.element) if str(v).isdigit()]
        elif part.content_type.endswith("xml"):
            used += [int(v) for v in W_ID_IN_XML.findall(part.blob)]
    return iter(range(max(used) + 1, 2**31))


class ChangeWriter:
    """Writes changes with ids from ``ids`` and the date ``date``."""

    def __init__(self, ids: Iterator[int], date: str) -> None:
        self.ids = ids
        self.date = date
        self.fields: dict[etree._Element, set[etree._Element]] = {}  # runs in fields

    def _changeable(self, run: etree._Element) -> bool:
        """A run of plain text, not in a field or someone else's tracked change."""
        paragraph = _plain_paragraph(run)
        if paragraph is None:
            return False
        if paragraph not in self.fields:
            self.fields[paragraph] = _field_runs(paragraph)
        return run not in self.fields[paragraph]

    def add(self, pieces: list[Piece], change: Change) -> bool:
        """Write ``change`` on the pieces of its block; False (nothing written) when its
        runs cannot carry a tracked change."""
        gone = [p for p in pieces if change.start <= p[0] and p[1] <= change.end and p[1] > p[0]]
        if gone:
            edges = [change.start, *[p[1] for p in gone]]
            if [p[0] for p in gone] != edges[:-1] or edges[-1] != change.end:
                return False  # the span does not fall on whole pieces
            if not all(self._changeable(run) for _, _, run in gone):
                return False
            last = self._delete([run for _, _, run in gone])
            if change.text:
                last.addnext(self._insertion(gone[0][2], change.text))
            return True
        before = [p for p in pieces if p[1] == change.start and p[1] > p[0]]
        after = [p for p in pieces if p[0] == change.start and p[1] > p[0]]
        if before and self._changeable(before[-1][2]):
            outside(before[-1][2]).addnext(self._insertion(before[-1][2], change.text))
            return True
        if after and self._changeable(after[0][2]):
            outside(after[0][2]).addprevious(self._insertion(after[0][2], change.text))
            return True
        return False

    def _delete(self, runs: list[etree._Element]) -> etree._Element:
        """Wrap the runs in ``w:del`` elements, one per stretch of neighbouring runs;
        returns the last."""
        deletion = None
        for run in runs:
            if deletion is None or run.getprevious() is not deletion:
                deletion = self._revision(DEL)
                run.addprevious(deletion)
            deletion.append(run)
            for child in run:
                if child.tag == T:
                    child.tag = DELETED_TEXT
        assert deletion is not None, "a deletion has runs"
        return deletion

    def _insertion(self, like: etree._Element, text: str) -> etree._Element:
        """A ``w:ins`` with one run of ``text``, formatted like the run ``like``."""
        insertion = self._revision(INS)
        run = etree.SubElement(insertion, q("r"))
        properties = like.find(PROPERTIES)
        if properties is not None:
            copied = deepcopy(properties)
            for changed in copied.findall(q("rPrChange")):
                copied.remove(changed)
            run.append(copied)
        for line_number, line in enumerate(text.split("\n")):
            if line_number:
                etree.SubElement(run, q("br"))
            for tab_number, part in enumerate(line.split("\t")):
                if tab_number:
                    etree.SubElement(run, q("tab"))
                if part:
                    element = etree.SubElement(run, T)
                    element.text = part
                    element.set(XML_SPACE, "preserve")
        return insertion

    def _revision(self, tag: str) -> etree._Element:
        element = etree.Element(tag)
        element.set(W_ID, str(next(self.ids)))
        element.set(qn("w:author"), OWN_AUTHOR)
        element.set(qn("w:date"), self.date)
        return element


def _plain_paragraph(run: etree._Element) -> etree._Element | None:
    """The paragraph of a run of plain text that is in no one else's tracked change (nor
    in a simple field); None for any other run."""
    if is_field_run(run) or any(child.tag not in PLAIN_RUN for child in run):
        return None
    parent = run.getparent()
    while parent is not None and parent.tag != P:
        if parent.tag in NO_CHANGE_INSIDE and not (parent.tag == DEL and is_own(parent)):
            return None
        parent = parent.getparent()
    return parent


def _field_runs(paragraph: etree._Element) -> set[etree._Element]:
    """The runs of a paragraph between a field's begin and end (its code and result)."""
    inside: set[etree._Element] = set()
    depth = 0
    for run in paragraph.iter(R):
        for mark in run.iter(FIELD_CHAR):
            kind = mark.get(FIELD_CHAR_TYPE)
            depth += 1 if kind == "begin" else -1 if kind == "end" and depth else 0
        if depth:
            inside.add(run)
    return inside


def outside(run: etree._Element) -> etree._Element:
    """The run, or the deletion of tonecheck's that holds it."""
    parent = run.getparent()
    return parent if parent is not None and parent.tag == DEL and is_own(parent) else run


def after_change(element: etree._Element) -> etree._Element:
    """``element``, or the insertion of tonecheck's right after it when ``element`` is
    one of its deletions (a comment on the deleted words covers the new ones too)."""
    following = element.getnext()
    if (
        element.tag == DEL
        and is_own(element)
        and following is not None
        and following.tag == INS
        and is_own(following)
    ):
        return following
    return element
