"""Parse a letter again after a few of its blocks changed, reusing the rest.

Checking a rewrite means checking the rewritten letter again (:mod:`tonecheck.rewrite.verify`),
and parsing the whole letter again for a handful of changed words doubled the time to check
a letter. A block boundary is always a sentence boundary (see :mod:`tonecheck.nlp.analyse`),
so the blocks whose text did not change keep their tokens and analyses from the first
parse, and only the runs of changed blocks go through the pipeline again; the parts are
joined into one Doc with the rewritten letter's text and offsets. As with the chunks of a
long letter, only the few tokens beside a cut can be tagged or attached differently than
in one pass.

A run's parse depends only on its text, and one text through the pipeline at a time cost
more than twice as much per token as texts together (small matrices): :class:`ParsedRuns`
keeps a letter's fresh parses by text, so the checks of one letter's rewrites share them,
and :func:`parse_runs` parses the runs of several checks (of several letters) in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
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


class ParsedRuns:
    """The fresh parses of changed runs of one letter, by their text (a run's parse
    depends on nothing else). Kept for one letter only: its checks repeat runs (a group
    of rewrites and its halves change the same blocks alike), other letters rarely do."""

    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}

    def missing(self, texts: Iterable[str]) -> list[str]:
        """The ``texts`` not parsed yet, each once."""
        return [text for text in dict.fromkeys(texts) if text not in self.docs]


def parse_runs(nlp: Language, wanted: list[tuple[ParsedRuns, list[str]]]) -> None:
    """Parse the texts each :class:`ParsedRuns` lacks, all in one pass through the
    pipeline (a text's parse does not depend on the texts beside it)."""
    todo = [(parsed, text) for parsed, texts in wanted for text in parsed.missing(texts)]
    docs = analyse_texts(nlp, [text for _, text in todo])
    for (parsed, text), doc in zip(todo, docs, strict=True):
        parsed.docs[text] = doc


def changed_texts(before: Document, *afters: Document) -> list[str]:
    """The texts :func:`reparsed` parses for each of ``afters``: its runs of changed
    blocks (none for a letter that does not have the same blocks)."""
    return [
        text
        for after in afters
        if len(before.blocks) == len(after.blocks)
        for text in _changed_runs(after, block_runs(before, after))
    ]


def _changed_runs(after: Document, runs: list[Run]) -> list[str]:
    """The texts of ``after``'s changed runs."""
    return [after.text[r.new_start : r.new_end] for r in runs if r.changed]


def reparsed(
    nlp: Language,
    old: Doc,
    before: Document,
    after: Document,
    parsed: ParsedRuns | None = None,
) -> Doc | None:
    """The parse of ``after`` (``before`` with the text of some blocks changed) built from
    ``old`` (the parse of ``before``) and a new parse of the changed blocks only (taken
    from ``parsed`` where it has them, and kept there). None when the two letters do not
    have the same blocks or the parts do not add up to ``after``'s text: then the whole
    letter must be parsed again."""
    if len(before.blocks) != len(after.blocks) or old.text != before.text:
        return None
    memory = ParsedRuns() if parsed is None else parsed
    runs = block_runs(before, after)
    text = after.text
    parse_runs(nlp, [(memory, _changed_runs(after, runs))])
    parts: list[Doc] = []
    for run in runs:
        if run.changed:
            parts.append(memory.docs[text[run.new_start : run.new_end]])
            continue
        span = old.char_span(run.old_start, run.old_end)
        if span is None:  # not on token boundaries: never expected, but parse it all
            return None
        parts.append(span.as_doc())
    parts = [part for part in parts if len(part)]
    if not parts:
        return None
    if len(parts) > 1:
        joined = joined_docs(parts)
    else:  # the letter is this one Doc: later steps keep their results in it, so it is
        # no longer a fresh parse to share
        joined = parts[0]
        memory.docs = {t: d for t, d in memory.docs.items() if d is not joined}
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
