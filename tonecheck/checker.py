"""Check letters: read, understand, run the rules, score.

The one place every output format and every caller gets its results from, so they
cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.common.findings import Finding, Level
from tonecheck.documents import read_document
from tonecheck.documents.model import Document
from tonecheck.engine.loader import RuleSet
from tonecheck.engine.runner import RulesResult, run_rules
from tonecheck.engine.settings import at_least
from tonecheck.errors import TonecheckError
from tonecheck.nlp.letter import Letter, understand, understand_many
from tonecheck.nlp.reparse import ParsedRuns, changed_texts, parse_runs, reparsed
from tonecheck.nlp.structure_spec import StructureSpec
from tonecheck.report.result import DocumentResult
from tonecheck.report.score import ScoreSpec, score_letter, why_unscored
from tonecheck.rewrite.apply import checked_candidates, rewrite_candidates, with_rewrites
from tonecheck.rewrite.spec import RewriteSpec, load_rewrite_spec
from tonecheck.rewrite.verify import Candidate, first_checks, rules_that_decide

# letters whose rewrites' first checks go through the pipeline together (their changed
# blocks are small: one at a time, the pipeline's fixed cost per call dominated)
RECHECK_GROUP = 16


@dataclass
class _Pending:
    """A letter whose rules have run and whose rewrites are still to be checked."""

    result: DocumentResult
    letter: Letter
    checked: RulesResult
    candidates: list[Candidate]
    parsed: ParsedRuns = field(default_factory=ParsedRuns)  # its rechecks' fresh parses
    # the findings of its first rewrite checks, made with other letters' (see _first_checks)
    first: dict[tuple[str, ...], list[Finding]] = field(default_factory=dict)


@dataclass
class Checker:
    """A loaded pipeline, letter structure, rule set and score bands: everything needed
    to check letters, loaded once per process (see :mod:`tonecheck.runtime`).

    Every caller (check, explain, inspect, rules test, eval, the batch workers, the Dask
    plug-in and the web service) checks through it. A letter's match results are kept
    with the letter, so one Checker can serve several threads.
    """

    nlp: Language
    structure: StructureSpec
    rules: RuleSet
    score_spec: ScoreSpec
    # which findings get a rewrite of the writer's words (rules/structure/rewrites.yml)
    rewrites: RewriteSpec = field(default_factory=load_rewrite_spec)
    # keep only rewrites that, put back into the letter, pass a second check
    verify_rewrites: bool = True
    # the first memory_zone() has run (outside a zone, to fill the tokenizer's cache)
    _warmed: bool = field(default=False, init=False, repr=False)

    @contextmanager
    def memory_zone(self) -> Iterator[None]:
        """Forget, when the block ends, the words the letters checked in it added to the
        vocabularies of the pipeline, the role model and the letter-type model (spaCy's
        memory zones): without it a worker's memory grows with every new name, reference
        number and e-mail address it reads. Nothing spaCy made inside the block (a
        result's letter and its Doc) may be used after it; plain results may. The first
        block of a Checker is no zone: spaCy's tokenizer fills its cache only outside
        one, and the common words of the first letters stay known. One thread at a
        time: zones of concurrent threads would free each other's words."""
        if not self._warmed:
            self._warmed = True
            yield
            return
        with ExitStack() as zones:
            for nlp in self._languages():
                zones.enter_context(nlp.memory_zone())
            yield

    def _languages(self) -> list[Language]:
        """The spaCy pipelines this checker runs, each with its own vocabulary."""
        found = [self.nlp]
        if self.structure.roles is not None:
            found.append(self.structure.roles.nlp)
        if self.structure.letter_type_model is not None:
            found.append(self.structure.letter_type_model.nlp)
        return found

    def understand(self, document: Document) -> Letter:
        """Zones, parse, roles, letter type and stats of one letter (no rules)."""
        return understand(self.nlp, self.structure, document)

    def check(
        self, document: Document, minimum: Level = Level.SUGGESTION, explain: bool = False
    ) -> DocumentResult:
        """The result for a letter already read (pasted text, an example)."""
        result = DocumentResult(path=document.path)
        letter = _understood(self.nlp, self.structure, [document])[0]
        self._finish([(result, letter)], minimum, explain)
        return result

    def check_path(
        self, path: str, minimum: Level = Level.SUGGESTION, explain: bool = False
    ) -> DocumentResult:
        """The result for one letter; a letter that cannot be read or checked gets
        ``error``. The score counts every finding; ``minimum`` only filters what is
        reported. With ``explain``, quiet rules also say what they saw."""
        return next(self.check_paths([path], minimum, explain))

    def check_paths(
        self, paths: list[str], minimum: Level = Level.SUGGESTION, explain: bool = False
    ) -> Iterator[DocumentResult]:
        """Results for several letters, in order, :data:`RECHECK_GROUP` at a time (the
        letters go through the pipeline together: ``nlp.pipe`` batches them, and so the
        changed blocks of a group's first rewrite checks)."""
        results: list[DocumentResult] = []
        documents: list[tuple[DocumentResult, Document]] = []
        for path in paths:
            read = self.read(path)
            if isinstance(read, DocumentResult):  # it could not be read
                results.append(read)
                continue
            results.append(DocumentResult(path=read.path))
            documents.append((results[-1], read))
        letters = _understood(self.nlp, self.structure, [d for _, d in documents])
        pairs = zip(documents, letters, strict=True)
        understood = {id(result): letter for (result, _), letter in pairs}
        for first in range(0, len(results), RECHECK_GROUP):
            group = results[first : first + RECHECK_GROUP]
            found = [(r, understood[id(r)]) for r in group if id(r) in understood]
            self._finish(found, minimum, explain)
            yield from group

    def read(self, path: str) -> Document | DocumentResult:
        """The letter at ``path``, or its result with ``error`` when it cannot be read."""
        result = DocumentResult(path=path)
        try:
            return read_document(path)
        except TonecheckError as error:
            result.error = error.message
        except Exception as error:  # one letter must never stop the others
            _internal_error(result, error)
        return result

    def _finish(
        self,
        letters: list[tuple[DocumentResult, Letter | Exception]],
        minimum: Level,
        explain: bool,
    ) -> None:
        """Fill in the results of several letters: rules first, then the first checks of
        all their rewrites made together, then each letter's rewrites and score."""
        pending = [self._rules(result, letter, explain) for result, letter in letters]
        started = [p for p in pending if p is not None]
        self._first_checks(started)
        for each in started:
            self._rewrites_and_score(each, minimum)

    def _rules(
        self, result: DocumentResult, letter: Letter | Exception, explain: bool
    ) -> _Pending | None:
        """A letter's rule results and its rewrites to check; None (and ``error``) when
        it could not be checked."""
        if isinstance(letter, Exception):
            _internal_error(result, letter)
            return None
        try:
            result.letter = letter
            checked = run_rules(letter, self.rules, explain=explain)
            candidates = rewrite_candidates(letter, checked, self.rules, self.rewrites)
            return _Pending(result, letter, checked, candidates)
        except TonecheckError as error:
            result.error = error.message
        except Exception as error:  # one letter must never stop the others
            _internal_error(result, error)
        return None

    def _first_checks(self, pending: list[_Pending]) -> None:
        """Check every letter's first rewritten letters together: the changed blocks go
        through the pipeline in one pass, and the sentences get their roles in one pass
        (one letter at a time, the fixed cost per call dominated). Each check's findings
        wait in its letter's ``first`` for :meth:`_recheck`, which decides as before."""
        if not self.verify_rewrites:
            return
        planned = [(each, first_checks(each.letter.document, each.candidates)) for each in pending]
        # only time is at stake: if this fails, each check runs on its own, as before (a
        # letter at fault fails there, on its own)
        with suppress(Exception):
            wanted = [
                (each.parsed, changed_texts(each.letter.document, *checks))
                for each, checks in planned
            ]
            parse_runs(self.nlp, wanted)
            made = [
                (each, rewritten, self._reparsed(each, rewritten))
                for each, checks in planned
                for rewritten in checks
            ]
            ready = [(each, rewritten, doc) for each, rewritten, doc in made if doc is not None]
            documents = [rewritten for _, rewritten, _ in ready]
            docs = [doc for _, _, doc in ready]
            deciding = rules_that_decide(self.rules, self.rewrites)
            again = understand_many(self.nlp, self._without_facts(), documents, docs)
            for (each, rewritten, _), letter in zip(ready, again, strict=True):
                each.first[_blocks_of(rewritten)] = run_rules(letter, deciding).findings

    def _reparsed(self, pending: _Pending, rewritten: Document) -> Doc | None:
        """The parse of ``rewritten``: the letter's own, its changed blocks parsed again."""
        letter = pending.letter
        return reparsed(self.nlp, letter.doc, letter.document, rewritten, pending.parsed)

    def _without_facts(self) -> StructureSpec:
        """The structure for rewrite checks: no facts (they only fill in messages)."""
        return replace(self.structure, facts=None)

    def _rewrites_and_score(self, pending: _Pending, minimum: Level) -> None:
        result, letter = pending.result, pending.letter
        try:
            recheck = prefetch = None
            if self.verify_rewrites:
                recheck = partial(self._recheck, pending)
                prefetch = partial(self._prefetch, letter, pending.parsed)
            passing = checked_candidates(
                letter, pending.checked, pending.candidates, recheck, prefetch
            )
            checked = with_rewrites(pending.checked, passing)
            result.outcomes = checked.outcomes
            result.score_note = self._why_unscored(letter)
            if result.score_note is None:
                result.score = score_letter(checked.findings, letter.stats.words, self.score_spec)
            else:  # nor a language level: the same reason holds
                letter.stats = replace(letter.stats, level="")
            result.findings = at_least(checked.findings, minimum)
            result.hidden_findings = len(checked.findings) - len(result.findings)
        except TonecheckError as error:
            result.error = error.message
        except Exception as error:  # one letter must never stop the others
            _internal_error(result, error)

    def _prefetch(self, letter: Letter, parsed: ParsedRuns, rewritten: list[Document]) -> None:
        """Parse the changed blocks of the rewritten letters about to be checked, together."""
        parse_runs(self.nlp, [(parsed, changed_texts(letter.document, *rewritten))])

    def _recheck(self, pending: _Pending, rewritten: Document) -> list[Finding]:
        """The findings of ``rewritten`` (the letter with some blocks rewritten) that can
        decide whether its rewrites pass (:func:`rules_that_decide`), without rewrites;
        only the changed blocks are parsed again (or taken from ``pending.parsed``), and
        no facts are read (they only fill in messages). A first check made with other
        letters' (:meth:`_first_checks`) is taken from there."""
        found = pending.first.pop(_blocks_of(rewritten), None)
        if found is not None:
            return found
        doc = self._reparsed(pending, rewritten)
        again = understand(self.nlp, self._without_facts(), rewritten, doc)
        return run_rules(again, rules_that_decide(self.rules, self.rewrites)).findings

    def _why_unscored(self, letter: Letter) -> str | None:
        languages = self.structure.languages
        foreign = letter.language != languages.expected
        name = languages.labels.get(letter.language, letter.language) if foreign else None
        return why_unscored(letter.stats.words, name, self.score_spec)


def _understood(
    nlp: Language, structure: StructureSpec, documents: list[Document]
) -> list[Letter | Exception]:
    """Letters understood together; if that fails, one by one, so only the letter at fault
    gets the error."""
    try:
        return list(understand_many(nlp, structure, documents))
    except Exception:
        letters: list[Letter | Exception] = []
        for document in documents:
            try:
                letters.append(understand(nlp, structure, document))
            except Exception as error:
                letters.append(error)
        return letters


def _blocks_of(document: Document) -> tuple[str, ...]:
    """What a rewrite check's findings depend on: the text of each block (the blocks'
    kinds and styles are the letter's own in every check of it)."""
    return tuple(block.text for block in document.blocks)


def _internal_error(result: DocumentResult, error: Exception) -> None:
    result.letter = result.score = None
    result.findings, result.outcomes = [], []
    result.error = f"interne fout bij het controleren ({type(error).__name__}: {error})"
