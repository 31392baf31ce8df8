"""Give findings their rewrite (``Finding.replacement``) where one is safe.

For each finding of a rule that ``rules/structure/rewrites.yml`` gives a rewrite, the
rewrite of its kind is tried on the letter's parse. A rewrite is kept only when it
changes something, keeps every protected token (numbers, amounts, dates, names,
placeholders) and stays inside one sentence; otherwise the finding keeps only its
suggestion. A rewrite never stops a letter from being checked: one that fails is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tonecheck.common.findings import Finding, Replacement
from tonecheck.engine.loader import RuleSet
from tonecheck.engine.rule import Rule
from tonecheck.engine.runner import RulesResult
from tonecheck.nlp.letter import Letter
from tonecheck.rewrite.commands import rewrite_command
from tonecheck.rewrite.context import RewriteContext
from tonecheck.rewrite.edits import Edit
from tonecheck.rewrite.passive import rewrite_passive
from tonecheck.rewrite.protect import keeps_protected
from tonecheck.rewrite.spec import RewriteSpec
from tonecheck.rewrite.split import rewrite_split
from tonecheck.rewrite.terms import rewrite_term
from tonecheck.rewrite.text import minimal
from tonecheck.rewrite.verify import Candidate, Prefetch, Recheck, verified

# letters longer than this get no rewrites: each rewrite is checked again in its whole
# letter, and a letter this long is no ordinary letter (the web service already treats
# letters over 20,000 characters as large)
MAX_LETTER_CHARS = 30_000
Rewriter = Callable[[RewriteContext, Finding, Rule], Edit | None]
REWRITERS: dict[str, Rewriter] = {
    "terms": rewrite_term,
    "passive": rewrite_passive,
    "commanding": rewrite_command,
    "split": rewrite_split,
}


def rewrite(context: RewriteContext, finding: Finding) -> Replacement | None:
    """The rewrite of one finding, or None where no safe one exists."""
    kind = context.spec.kind(finding.rule)
    rule = context.rules.get(finding.rule)
    if kind is None or rule is None:
        return None
    try:
        made = REWRITERS[kind](context, finding, rule)
    except Exception:  # a parse no rewrite foresaw: advice only, the letter is still checked
        return None
    if made is None:
        return None
    start, end, text = made
    letter_text = context.letter.document.text
    old = letter_text[start:end]
    if not text or text == old or "\n" in text or "\n" in old.strip():
        return None
    # names, numbers and placeholders are judged in their whole sentence (a capital at
    # the start of the changed words may be a name: 'de Leidraad Invordering')
    first, last = _sentence_bounds(context, start, end)
    new_sentence = letter_text[first:start] + text + letter_text[end:last]
    if not keeps_protected(letter_text[first:last], new_sentence):
        return None
    return minimal(letter_text, start, end, text)


def _sentence_bounds(context: RewriteContext, start: int, end: int) -> tuple[int, int]:
    """The characters of the sentences that hold ``start:end``."""
    doc = context.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    first, last = span[0].sent, span[-1].sent
    return first.start_char, last.end_char


def add_rewrites(
    letter: Letter,
    result: RulesResult,
    rules: RuleSet,
    spec: RewriteSpec,
    recheck: Recheck | None = None,
) -> RulesResult:
    """The findings (and rule outcomes) with their rewrites filled in. With ``recheck``
    (all findings of a letter), only rewrites that pass in the rewritten letter are kept
    (:mod:`tonecheck.rewrite.verify`)."""
    candidates = rewrite_candidates(letter, result, rules, spec)
    return with_rewrites(result, checked_candidates(letter, result, candidates, recheck))


def checked_candidates(
    letter: Letter,
    result: RulesResult,
    candidates: list[Candidate],
    recheck: Recheck | None,
    prefetch: Prefetch | None = None,
) -> list[Candidate]:
    """The ``candidates`` that pass in the rewritten letter (all of them without
    ``recheck``; ``prefetch`` hears of checks to come, see :func:`verified`)."""
    if recheck is None or not candidates:
        return candidates
    try:
        return verified(letter.document, result.findings, candidates, recheck, prefetch=prefetch)
    except Exception:  # the second check failed: no rewrite is known to be safe
        return []


def rewrite_candidates(
    letter: Letter, result: RulesResult, rules: RuleSet, spec: RewriteSpec
) -> list[Candidate]:
    """The findings that get a rewrite, each with its rewrite (not yet checked in the
    rewritten letter)."""
    if not any(spec.kind(f.rule) for f in result.findings):
        return []
    if len(letter.document.text) > MAX_LETTER_CHARS:
        return []  # checking every rewrite again would take too long: advice only
    context = RewriteContext(letter, rules, spec)
    candidates: list[Candidate] = []
    for finding in result.findings:
        if spec.kind(finding.rule) is None or finding.replacement is not None:
            continue
        found = rewrite(context, finding)
        if found is not None:
            candidates.append((finding, found))
    return candidates


def with_rewrites(result: RulesResult, candidates: list[Candidate]) -> RulesResult:
    """The findings (and rule outcomes) with the rewrites of ``candidates`` filled in."""
    rewritten = {id(f): replace(f, replacement=r) for f, r in candidates}
    if not rewritten:
        return result
    for outcome in result.outcomes:
        outcome.findings = [rewritten.get(id(f), f) for f in outcome.findings]
    return RulesResult([rewritten.get(id(f), f) for f in result.findings], result.outcomes)
