"""A decision told as the history of the case is not this letter's decision (``earlier``
in ``rules/structure/role-evidence.yml``; the words are there, the reading of the parse
is here).

"Op 14 juli 2025 hebben wij uw aanvraag afgewezen.", "Bij besluit van 9 december 2024 is
uw aanvraag afgewezen.", "In die beslissing weigerden wij kwijtschelding.": a decision on
an objection, or a recovery after an earlier grant, first tells what was decided before,
and the role model reads a refusal in it. Such a sentence opens with a moment before this
letter (a date, an earlier decision or letter: the ``phrases``), and every main clause is
in the past: a verb in the past tense, or a participle with an auxiliary of the perfect
(the ``auxiliaries``: "hebben wij … afgewezen", "is … vastgesteld") or one in the past
tense ("werd … afgewezen"). A present tense is this letter's own decision, also after a
date ("Op 1 maart 2026 stoppen wij uw uitkering"), and so is a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

AUXILIARY_DEPS = frozenset({"aux", "aux:pass"})
SUBJECTS = frozenset({"nsubj", "nsubj:pass"})
VERBS = frozenset({"VERB", "AUX"})  # a main clause joined to the first ("conj")


@dataclass(frozen=True)
class Earlier:
    """The openings and perfect auxiliaries (lemmas) of a sentence that tells an earlier
    decision."""

    phrases: re.Pattern[str]  # anchored at the start of the sentence
    auxiliaries: frozenset[str]

    def found(self, sentence: Span) -> bool:
        """Whether ``sentence`` opens with an earlier moment and every main clause of it
        is in the past."""
        text = sentence.text.strip()
        if text.endswith("?") or self.phrases.match(text) is None:
            return False
        root = sentence.root
        clauses = [c for c in root.children if c.dep_ == "conj" and c.pos_ in VERBS]
        # a participle joined to the first ("heeft … herzien en teruggevorderd") shares
        # its auxiliary
        shared = _auxiliaries(root)
        return self._in_the_past(root, shared) and all(
            self._in_the_past(c, _auxiliaries(c) or shared) for c in clauses
        )

    def _in_the_past(self, verb: Token, auxiliaries: list[Token]) -> bool:
        forms = verb.morph.get("VerbForm", [])
        if "Fin" in forms:
            return "Past" in verb.morph.get("Tense", [])
        if "Part" not in forms:
            return False
        if not auxiliaries:  # a finite past read as a participle: "Op 3 maart besloten wij …"
            return any(c.dep_ in SUBJECTS for c in verb.children)
        return any(
            c.lemma_.lower() in self.auxiliaries or "Past" in c.morph.get("Tense", [])
            for c in auxiliaries
        )


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in AUXILIARY_DEPS]
