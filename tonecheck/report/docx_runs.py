"""A block's runs cut into pieces at given offsets, so that a comment or a tracked change
covers exactly its characters. The copies of a cut run keep its formatting (``w:rPr``)."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from tonecheck.documents.docx_reader import T, q
from tonecheck.documents.model import Block

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ONE_CHARACTER = {q("tab"), q("br"), q("cr"), q("noBreakHyphen")}
FIELD_PARTS = {q("fldChar"), q("instrText")}
PROPERTIES = q("rPr")

Piece = tuple[int, int, etree._Element]  # block offsets start, end, and the run


def split_block(block: Block, boundaries: set[int]) -> list[Piece]:
    """The block's runs as pieces, split so that every boundary falls between two.

    Whitespace that the block text leaves out (at its start or end) is cut off its run
    too, so no comment covers more than its finding's words."""
    pieces: list[Piece] = []
    for span in block.spans:
        run = block.anchor.runs[span.run]
        inner = sorted(b for b in boundaries if span.start < b < span.end)
        if is_field_run(run):
            # a field's runs stay whole; its comment covers the whole run
            pieces.append((span.start, span.end, run))
            continue
        head = span.run_offset  # run characters before the span (trimmed whitespace)
        tail = head + span.end - span.start  # where the span ends inside the run
        cuts = [head] if head > 0 else []
        cuts += [head + b - span.start for b in inner]
        cuts += [tail] if tail < run_length(run) else []
        parts = [run]
        for cut in reversed(cuts):  # from the right, so earlier offsets stay valid
            parts.insert(1, _split_run(run, cut))
        edges = [span.start, *inner, span.end]
        inside = parts[1:] if head > 0 else parts
        inside = inside[: len(edges) - 1]
        pieces += [(edges[i], edges[i + 1], part) for i, part in enumerate(inside)]
    return pieces


def is_field_run(run: etree._Element) -> bool:
    """A run that holds part of a field (its code or its markers)."""
    return any(child.tag in FIELD_PARTS for child in run)


def run_length(run: etree._Element) -> int:
    """Characters of a run's text as the reader counts them (text, tabs, breaks)."""
    return sum(
        len(child.text or "") if child.tag == T else int(child.tag in ONE_CHARACTER)
        for child in run
    )


def _split_run(run: etree._Element, offset: int) -> etree._Element:
    """Cut ``run`` after ``offset`` characters; returns the new right-hand run."""
    right = deepcopy(run)
    _keep(run, 0, offset)
    _keep(right, offset, None)
    run.addnext(right)
    return right


def _keep(run: etree._Element, start: int, end: int | None) -> None:
    """Keep only characters ``start:end`` of the run's text (formatting stays)."""
    position = 0
    for child in list(run):
        if child.tag == PROPERTIES:
            continue
        length = len(child.text or "") if child.tag == T else int(child.tag in ONE_CHARACTER)
        low, high = position, position + length
        position = high
        stop = high if end is None else min(high, end)
        if length == 0:
            inside = start <= low and (end is None or low < end)
        else:
            inside = max(low, start) < stop
        if not inside:
            run.remove(child)
        elif child.tag == T and (max(low, start), stop) != (low, high):
            child.text = (child.text or "")[max(low, start) - low : stop - low]
            child.set(XML_SPACE, "preserve")
