"""Pipeline components tonecheck adds to whichever Dutch pipeline it loads."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

import numpy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

from tonecheck.common.placeholders import is_placeholder
from tonecheck.nlp.participles import infinitive_of_participle
from tonecheck.nlp.tokenizer import letter_tokenizer

if TYPE_CHECKING:
    from thinc.types import Ints2d

LINE_BREAKS = "tonecheck_line_breaks"
LEMMA_FIXES = "tonecheck_lemma_fixes"
# present-tense forms of irregular verbs the training data hardly has ("je hebt", "je bent")
IRREGULAR_FORMS = {"hebt": "hebben", "bent": "zijn"}
# verbs after which another verb stands in its infinitive ("moeten … terugvragen")
INFINITIVE_GOVERNORS = frozenset(
    ["moeten", "kunnen", "mogen", "willen", "zullen", "gaan", "laten", "hoeven", "blijven", "komen"]
)


# a sentence may start after these tokens (closing quotes and brackets between them and
# the next word are skipped); a token that ends in a full stop of its own ("P.", "d.d.",
# "nr.") is an abbreviation the tokenizer kept whole, not the end of a sentence
SENTENCE_ENDS = frozenset({".", "?", "!", "\u2026", "...", ":"})
CLOSING = frozenset({'"', "'", ")", "]", "\u201d", "\u2019", "\u00bb"})
CANNOT_START = numpy.uint64(-1 & 0xFFFFFFFFFFFFFFFF)  # SENT_START value -1: never a start
# abbreviations the tokenizer cuts from their full stop although the sentence goes on
# after them, with a number or a lower-case word: "dd. 18 augustus", "18 aug. 2026",
# "1 jan. j.l.", "tel. 030 123 45 67"
CUT_ABBREVIATIONS = frozenset(
    ["dd", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "tel"]
)
# what numbers a list item at the start of a sentence, before its full stop ("1. Wij
# verlenen u …", "b. U betaalt …", "IV. Beslissing"); also an initial ("J. de Vries belt u")
LIST_MARKER = re.compile(r"\d{1,2}|[A-Za-z]|[IVXivx]{1,4}")
# ... of those, what the roles read past (tonecheck.nlp.letter.without_item_number): the
# number of an item ("ii." too), not an initial ("J.")
ITEM_NUMBER = re.compile(r"\d{1,2}|[a-z]|[IVX]{1,4}|[ivx]{2,4}")


@Language.component(LINE_BREAKS)
def line_breaks_start_sentences(doc: Doc) -> Doc:
    """Sentence boundaries in letters, set before the parser (which keeps them).

    A line break inside a block (address lines, Shift+Enter) starts a new sentence. Within
    a line a sentence can only start after sentence-final punctuation: the parser, trained
    on one sentence per text, otherwise splits "De heer P. | de Groot", "9401 | CD" and
    "d.d. | 18 augustus 2026"; nor at a number or lower-case word after an abbreviation's
    full stop ("18 aug. 2026"), nor at whitespace ("Postbus 20350" with a non-breaking
    space).
    """
    n = len(doc)
    if n < 2:
        return doc
    # one array for all tokens: setting Token.is_sent_start one by one rescans the Doc
    # each time (quadratic: 10,000 paragraphs took minutes)
    values = numpy.zeros((n, 1), dtype="uint64")
    previous = ""  # the last token that is no space or closing quote/bracket
    abbreviated = False  # previous is the full stop cut from one of CUT_ABBREVIATIONS
    line_start = True
    # a list item's number at a sentence start ("1", "b", "IV"), then its full stop:
    # the item's sentence goes on after them ("1. Wij verlenen u …")
    marker = numbered = False
    for token in doc:
        text = token.text
        if token.is_space:
            if "\n" in text:
                line_start = True
            elif token.i > 0:  # whitespace within a line ("Postbus\u00a020350") starts nothing
                values[token.i, 0] = CANNOT_START
            continue
        starts_here = (
            line_start
            or token.i == 0
            or (previous in SENTENCE_ENDS and not (abbreviated and not text[0].isupper()))
        )
        if token.i > 0:
            if line_start:
                values[token.i, 0] = 1
            elif (
                previous not in SENTENCE_ENDS
                or (abbreviated and not text[0].isupper())
                # the value of a field ("Status: {zaak.status}", "Reden: :reason"): the
                # label alone read as a sentence of its own ("Ontvangen op:" as a reason)
                or (previous == ":" and is_placeholder(text))
                # a numbered item: "1." alone read as a sentence that decides something
                or numbered
            ):
                values[token.i, 0] = CANNOT_START
        numbered = marker and text == "."
        marker = starts_here and bool(LIST_MARKER.fullmatch(text))
        if text not in CLOSING:
            abbreviated = text == "." and _ends_abbreviation(token)
            previous = text
        line_start = False
    if doc.has_annotation("SENT_START"):
        preset = doc.to_array(["SENT_START"])
        values[:, 0] = numpy.where(values[:, 0] == 1, 1, preset)
    # a 2-D integer array is what thinc's typing calls Ints2d
    doc.from_array(["SENT_START"], cast("Ints2d", values))
    return doc


def _ends_abbreviation(stop: Token) -> bool:
    """Whether a full stop is cut from an abbreviation the sentence goes on after ("aug.")."""
    if stop.i == 0:
        return False
    before = stop.doc[stop.i - 1]
    return not before.whitespace_ and before.lower_ in CUT_ABBREVIATIONS


@Language.factory(LEMMA_FIXES)
def make_lemma_fixes(nlp: Language, name: str) -> LemmaFixes:
    """The lemma fixer, knowing the words of the model's training data (its strings)."""
    return LemmaFixes(frozenset(text.lower() for text in nlp.vocab.strings))


class LemmaFixes:
    """Lemmas rules can match on: infinitives as themselves, separable verbs whole, and a
    lower-case copy.

    "Wij wijzen uw aanvraag af": the finite verb gets the lemma "afwijzen" when the
    parser attaches the particle "af" to it as ``compound:prt``. A participle whose lemma
    the model did not know or invented ("teruggevorderd", "gehoopt" → "hooppen") gets
    its infinitive by rule. The lemma keeps the model's capitals ("Europees"); its
    lower-case form goes into ``norm_``, which the rule engine's lemma matching uses.
    Runs last, after every model component.
    """

    def __init__(self, known_words: frozenset[str]) -> None:
        self.known_words = known_words  # every string of the model's training data

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            text = token.text
            if is_placeholder(text):
                token.lemma_ = text  # opaque: no rule reads a word inside
                token.norm_ = text.lower()
                continue
            lemma = token.lemma_ or text
            if token.pos_ in ("VERB", "AUX"):
                lemma = self._verb_lemma(token, lemma)
                particles = [
                    c.lower_
                    for c in token.children
                    if c.dep_ == "compound:prt" and c.pos_ in ("ADP", "ADV")
                ]
                if particles and not lemma.lower().startswith(particles[0]):
                    lemma = particles[0] + lemma
            token.lemma_ = lemma
            token.norm_ = lemma.lower()
        return doc

    def _verb_lemma(self, token: Token, lemma: str) -> str:
        """A Dutch infinitive is its own lemma ("aanvragen"); a weak participle gets its
        infinitive by rule unless the model gave one it learnt from its training data."""
        if _is_infinitive(token):
            return token.lower_
        if token.lower_ in IRREGULAR_FORMS:
            return IRREGULAR_FORMS[token.lower_]
        lowered = lemma.lower()
        if "Part" in token.morph.get("VerbForm", []) and (
            lowered == token.lower_ or lowered not in self.known_words
        ):
            return infinitive_of_participle(token.text) or lemma
        return lemma


def _is_infinitive(token: Token) -> bool:
    if "Inf" in token.morph.get("VerbForm", []):
        return True
    # the tagger sometimes misses it: "Toch moeten wij het bedrag terugvragen."
    return token.lower_.endswith("en") and any(
        (c.dep_ == "aux" and c.lemma_.lower() in INFINITIVE_GOVERNORS)
        or (c.dep_ == "mark" and c.lower_ == "te")
        for c in token.children
    )


def add_tonecheck_components(nlp: Language) -> None:
    """Placeholders kept whole by the tokenizer; line breaks before the parser; lemma
    normalisation at the end."""
    if type(nlp.tokenizer) is Tokenizer:  # a pipeline's own tokenizer class is left alone
        nlp.tokenizer = letter_tokenizer(nlp.tokenizer)
    if LINE_BREAKS not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(LINE_BREAKS, before="parser")
        else:
            nlp.add_pipe(LINE_BREAKS, first=True)
    if LEMMA_FIXES not in nlp.pipe_names:
        nlp.add_pipe(LEMMA_FIXES, last=True)
