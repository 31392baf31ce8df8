"""Check letters from their paths: read, understand, run the rules, score.

The one place every output format and every caller (the CLI, the batch workers) gets its
results from, so they cannot drift apart. Several letters at a time go through the
pipeline together (``nlp.pipe`` batches them), which is faster than one by one.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language

from tonecheck.documents import read_document
from tonecheck.documents.model import Document
from tonecheck.engine.findings import Level
from tonecheck.engine.loader import RuleSet
from tonecheck.engine.runner import check_letter
from tonecheck.engine.settings import at_least
from tonecheck.errors import TonecheckError
from tonecheck.nlp.letter import Letter, understand, understand_many
from tonecheck.nlp.structure_spec import StructureSpec
from tonecheck.report.result import DocumentResult
from tonecheck.report.score import ScoreSpec, score_letter


def check_path(
    path: str,
    nlp: Language,
    structure: StructureSpec,
    rules: RuleSet,
    score_spec: ScoreSpec,
    minimum: Level = Level.SUGGESTION,
) -> DocumentResult:
    """The result for one letter; a letter that cannot be read or checked gets ``error``.

    The score counts every finding; ``minimum`` only filters what is reported.
    """
    return next(check_paths([path], nlp, structure, rules, score_spec, minimum))


def check_paths(
    paths: list[str],
    nlp: Language,
    structure: StructureSpec,
    rules: RuleSet,
    score_spec: ScoreSpec,
    minimum: Level = Level.SUGGESTION,
) -> Iterator[DocumentResult]:
    """Results for several letters, in order, each as soon as it is done."""
    results = [DocumentResult(path=path) for path in paths]
    documents: list[tuple[DocumentResult, Document]] = []
    for result in results:
        try:
            document = read_document(result.path)
            result.path = document.path
            documents.append((result, document))
        except TonecheckError as error:
            result.error = error.message
        except Exception as error:  # one letter must never stop the others
            _internal_error(result, error)
    letters = _understood(nlp, structure, [d for _, d in documents])
    pairs = zip(documents, letters, strict=True)
    understood = {id(result): letter for (result, _), letter in pairs}
    for result in results:
        letter = understood.get(id(result))
        if letter is not None:
            _finish(result, letter, rules, score_spec, minimum)
        yield result


def _understood(nlp: Language, structure: StructureSpec, documents: list[Document]) -> list:
    """Letters understood together; if that fails, one by one, so only the letter at fault
    gets the error."""
    try:
        return list(understand_many(nlp, structure, documents))
    except Exception:
        letters = []
        for document in documents:
            try:
                letters.append(understand(nlp, structure, document))
            except Exception as error:
                letters.append(error)
        return letters


def _finish(
    result: DocumentResult,
    letter: Letter | Exception,
    rules: RuleSet,
    score_spec: ScoreSpec,
    minimum: Level,
) -> None:
    if isinstance(letter, Exception):
        _internal_error(result, letter)
        return
    try:
        result.letter = letter
        findings = check_letter(letter, rules)
        result.score = score_letter(findings, letter.stats.words, score_spec)
        result.findings = at_least(findings, minimum)
    except TonecheckError as error:
        result.error = error.message
    except Exception as error:  # one letter must never stop the others
        _internal_error(result, error)


def _internal_error(result: DocumentResult, error: Exception) -> None:
    result.letter = result.score = None
    result.findings = []
    result.error = f"interne fout bij het controleren ({type(error).__name__}: {error})"
