"""Parse a letter again after a few of its blocks changed, reusing the rest.

Checking a rewrite means checking the rewritten letter again (:mod:`tonecheck.rewrite.verify`),
and parsing the whole letter again for a handful of changed words doubled the time to check
a letter. A block boundary is always a sentence boundary (see :mod:`tonecheck.nlp.analyse`),
so the blocks whose text did not change keep their tokens and analyses from the first
parse, and only the runs of changed blocks go through the pipeline again; the parts are
joined into one Doc with the rewritten letter's text and offsets. As with the chunks of a
long letter, only the few tokens beside a cut can be tagged or attached differently than
in one pass.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.documents.model import Document
from tonecheck.nlp.analyse import analyse_texts, joined_docs


class Run(NamedTuple):
    """Consecutive blocks that all changed or all stayed, with the blank line after them:
    where they are in the letter before and after the change."""

    changed: bool
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def reparsed(nlp: Language, old: Doc, before: Document, after: Document) -> Doc | None:
    """The parse of ``after`` (``before`` with the text of some blocks changed) built from
    ``old`` (the parse of ``before``) and a new parse of the changed blocks only. None
    when the two letters do not have the same blocks or the parts do not add up to
    ``after``'s text: then the whole letter must be parsed again."""
    if len(before.blocks) != len(after.blocks) or old.text != before.text:
        return None
    runs = block_runs(before, after)
    text = after.text
    fresh = analyse_texts(nlp, [text[r.new_start : r.new_end] for r in runs if r.changed])
    parts: list[Doc] = []
    for run in runs:
        if run.changed:
            parts.append(next(fresh))
            continue
        span = old.char_span(run.old_start, run.old_end)
        if span is None:  # not on token boundaries: never expected, but parse it all
            return None
        parts.append(span.as_doc())
    parts = [part for part in parts if len(part)]
    if not parts:
        return None
    joined = parts[0] if len(parts) == 1 else joined_docs(parts)
    return joined if joined.text == text else None


def block_runs(before: Document, after: Document) -> list[Run]:
    """The letter as runs of blocks that changed and blocks that did not."""
    changed = [old.text != new.text for old, new in zip(before.blocks, after.blocks, strict=True)]
    runs: list[Run] = []
    first = 0
    for index, this in enumerate(changed):
        if index == len(changed) - 1 or changed[index + 1] != this:
            runs.append(
                Run(
                    this,
                    before.blocks[first].start,
                    _run_end(before, index),
                    after.blocks[first].start,
                    _run_end(after, index),
                )
            )
            first = index + 1
    return runs


def _run_end(document: Document, index: int) -> int:
    """Where a run ending with block ``index`` ends: where the next block starts."""
    if index + 1 < len(document.blocks):
        return document.blocks[index + 1].start
    return len(document.text)
