"""Check rewrites the only sure way: put them back into the letter and check it again.

A rewrite is kept only when, in the rewritten letter, its own rule no longer fires on the
rewritten words and no rule reports more findings at warning level or above than before.
Rewrites that do not overlap are tried together (one new check for all of them); only
when the letter gets worse are they tried in halves, down to the rewrite at fault. So a
letter whose rewrites are all sound costs one extra check per layer of overlapping
rewrites (usually one or two); never more than ``MAX_CHECKS``.

The checks' letters are known before they are checked (:func:`first_checks`; when a group
fails, its two halves), so a caller can parse their changed blocks together first
(``prefetch``, see :mod:`tonecheck.nlp.reparse`): that only saves time, each check still
decides alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from tonecheck.common.findings import Finding, Level, Replacement
from tonecheck.documents.model import Document
from tonecheck.engine.loader import RuleSet
from tonecheck.rewrite.spec import RewriteSpec

Candidate = tuple[Finding, Replacement]
# at most this many extra checks of one letter: a letter whose rewrites keep failing gets
# none rather than a long wait (usually one or two checks are enough)
MAX_CHECKS = 8
Recheck = Callable[[Document], list[Finding]]
# told which rewritten letters are about to be checked, so their parses can be made together
Prefetch = Callable[[list[Document]], None]


def rewritten_document(document: Document, edits: list[Replacement]) -> Document:
    """A copy of ``document`` with the (non-overlapping) ``edits`` made, each inside one
    block; the blocks keep their kind and style, not their source runs."""
    blocks = [replace(block, spans=[], anchor=None) for block in document.blocks]
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        block = blocks[document.block_index(edit.start)]
        old = document.blocks[block.index]
        start, end = edit.start - old.start, edit.end - old.start
        block.text = block.text[:start] + edit.text + block.text[end:]
    return Document(
        path=document.path,
        blocks=blocks,
        source_format=document.source_format,
        metadata_lines=document.metadata_lines,
    )


def layers(candidates: list[Candidate]) -> list[list[Candidate]]:
    """The candidates in groups whose rewrites do not overlap (first come, first taken)."""
    remaining = sorted(candidates, key=lambda c: (c[1].start, c[1].end))
    groups: list[list[Candidate]] = []
    while remaining:
        taken: list[Candidate] = []
        left: list[Candidate] = []
        for candidate in remaining:
            edit = candidate[1]
            if any(
                (edit.start < e.end and e.start < edit.end) or edit.start == e.start
                for _, e in taken
            ):
                left.append(candidate)
            else:
                taken.append(candidate)
        groups.append(taken)
        remaining = left
    return groups


def first_checks(
    document: Document, candidates: list[Candidate], max_checks: int = MAX_CHECKS
) -> list[Document]:
    """The rewritten letters :func:`verified` checks first: one per layer of
    :func:`layers`, within the budget (a failing layer's halves come after these)."""
    return [_rewritten(document, group) for group in layers(candidates)[:max_checks]]


def rules_that_decide(rules: RuleSet, spec: RewriteSpec) -> RuleSet:
    """The rules whose findings can change a verification: those at warning level or
    above (none may be added), those with rewrites (theirs must go), the exclusive ones,
    and every rule that overrides one of these (it can hide their findings). The others
    (suggestions without rewrites) need not run again."""
    kept = {r.id for r in rules.rules if r.level >= Level.WARNING or spec.kind(r.id) or r.exclusive}
    grown = True
    while grown:
        before = len(kept)
        kept |= {r.id for r in rules.rules if kept.intersection(r.overrides)}
        grown = len(kept) > before
    return RuleSet([r for r in rules.rules if r.id in kept], rules.files)


def warning_counts(findings: list[Finding]) -> Counter[str]:
    """How many findings at warning level or above each rule has."""
    return Counter(f.rule for f in findings if f.level >= Level.WARNING)


def overlapping(findings: list[Finding], rule: str, start: int, end: int) -> int:
    """How many findings of ``rule`` overlap ``start:end``."""
    return sum(
        1 for f in findings if f.rule == rule and f.location.start < end and f.location.end > start
    )


@dataclass
class _Budget:
    """How many more checks of the letter the rewrites may cost, and who hears of the
    checks to come."""

    left: int
    prefetch: Prefetch | None = None


def verified(
    document: Document,
    before: list[Finding],
    candidates: list[Candidate],
    recheck: Recheck,
    max_checks: int = MAX_CHECKS,
    prefetch: Prefetch | None = None,
) -> list[Candidate]:
    """The candidates that pass, each checked in the rewritten letter. At most
    ``max_checks`` checks: rewrites not yet checked when they run out are dropped.
    ``prefetch`` hears of the two halves of a failing group before either is checked."""
    warnings = warning_counts(before)
    budget = _Budget(max_checks, prefetch)
    kept: list[Candidate] = []
    for group in layers(candidates):
        kept += _passing(document, before, warnings, group, recheck, budget)
    return kept


def _passing(
    document: Document,
    before: list[Finding],
    warnings: Counter[str],
    group: list[Candidate],
    recheck: Recheck,
    budget: _Budget,
) -> list[Candidate]:
    if budget.left <= 0:
        return []
    budget.left -= 1
    after = recheck(_rewritten(document, group))
    passing = []
    shift = 0
    for finding, edit in sorted(group, key=lambda c: c[1].start):
        start = edit.start + shift
        end = start + len(edit.text)
        shift += len(edit.text) - (edit.end - edit.start)
        was = max(overlapping(before, finding.rule, edit.start, edit.end), 1)
        if overlapping(after, finding.rule, start, end) < was:
            passing.append((finding, edit))
    if not warning_counts(after) - warnings:
        return passing
    if len(group) == 1:
        return []
    half = len(group) // 2
    if budget.prefetch is not None and budget.left >= 2:  # both halves will be checked
        budget.prefetch([_rewritten(document, part) for part in (group[:half], group[half:])])
    first = _passing(document, before, warnings, group[:half], recheck, budget)
    return first + _passing(document, before, warnings, group[half:], recheck, budget)


def _rewritten(document: Document, group: list[Candidate]) -> Document:
    return rewritten_document(document, [edit for _, edit in group])
