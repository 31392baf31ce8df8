"""Pipeline components tonecheck adds to whichever Dutch pipeline it loads."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

LINE_BREAKS = "tonecheck_line_breaks"


@Language.component(LINE_BREAKS)
def line_breaks_start_sentences(doc: Doc) -> Doc:
    """A line break inside a block (address lines, Shift+Enter) starts a new sentence.

    Runs before the parser, which respects sentence starts set before it.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def add_tonecheck_components(nlp: Language) -> None:
    """Insert the line-break component before the parser (or at the end without one)."""
    if LINE_BREAKS in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    else:
        nlp.add_pipe(LINE_BREAKS, first=True)
