"""Check one letter from its path: read, understand, run the rules, score.

The one place every output format and every caller (the CLI now, batch workers later)
gets its results from, so they cannot drift apart.
"""

from __future__ import annotations

from spacy.language import Language

from tonecheck.documents import read_document
from tonecheck.engine.findings import Level
from tonecheck.engine.loader import RuleSet
from tonecheck.engine.runner import check_letter
from tonecheck.engine.settings import at_least
from tonecheck.errors import TonecheckError
from tonecheck.nlp.letter import understand
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
    result = DocumentResult(path=path)
    try:
        document = read_document(path)
        result.path = document.path
        result.letter = understand(nlp, structure, document)
        findings = check_letter(result.letter, rules)
        result.score = score_letter(findings, result.letter.stats.words, score_spec)
        result.findings = at_least(findings, minimum)
    except TonecheckError as error:
        result.error = error.message
    except Exception as error:  # one letter must never stop the others
        result.letter = result.score = None
        result.findings = []
        result.error = f"interne fout bij het controleren ({type(error).__name__}: {error})"
    return result
