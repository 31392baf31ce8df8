"""The letter type, learned on top of the sentence roles.

The rule-based reading (:mod:`tonecheck.nlp.letter_type`, data in
``rules/structure/letter-types.yml``) finds decision words in the parse; it cannot tell
a partial grant from a grant when the refused part is worded in a way it does not know,
nor a decision from a letter that only mentions one. A small trained classifier (spaCy
``textcat``, shipped in ``tonecheck/model/nl_tonecheck/letter_type``) decides instead
from what the letter's sentences do (their roles), the subject line, the words of its
decision sentences and the rule-based reading itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.documents.model import Document
from tonecheck.nlp.letter_type import LetterType, subject_line
from tonecheck.nlp.role_names import DECISION_ROLES
from tonecheck.nlp.roles import SentenceRoles, first_with_role
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES

MODEL_PATH = Path(__file__).resolve().parent.parent / "model" / "nl_tonecheck" / "letter_type"
MIN_CONFIDENCE = 0.5  # below it the label may not bring bad news the parse does not read


def trusted(
    label: str, confidence: float, rule_based: str, bad_news_types: Collection[str]
) -> bool:
    """Whether the learned label stands against the rule-based one (see
    :meth:`LetterTypeModel.classify`)."""
    return (
        confidence >= MIN_CONFIDENCE or label not in bad_news_types or rule_based in bad_news_types
    )


def choose(
    probabilities: Mapping[str, float],
    rule_based: str,
    ruled_out: Collection[str],
    bad_news_types: Collection[str],
) -> tuple[str, float] | None:
    """The learned label and its confidence, or None when the rule-based label stands:
    the likeliest type the letter can be (none of ``ruled_out``), if :func:`trusted`."""
    allowed = {t: p for t, p in probabilities.items() if t not in ruled_out}
    label, confidence = max((allowed or probabilities).items(), key=lambda kv: kv[1])
    return (label, confidence) if trusted(label, confidence, rule_based, bad_news_types) else None


def letter_type_features(
    document: Document, rule_based: LetterType, roles: Sequence[SentenceRoles]
) -> list[str]:
    """The 'words' the letter-type classifier reads."""
    features = [f"rb:{rule_based.label}"]
    features += [f"rbs:{label}" for label in rule_based.scores]
    features += [f"s:{w.lower().strip('.,:;')}" for w in subject_line(document).split()]
    present: set[str] = set()
    text = document.text
    for item in roles:
        if item.zone in NON_TEXT_ZONES:
            continue
        present |= item.roles
        words = [_word(w) for w in text[item.start_char : item.end_char].lower().split()]
        # every word of the letter's text: on writers the models never saw, the roles
        # miss decisions that the words still show (type 0.82 -> 0.87, training/roles/README.md)
        features += [f"w:{w}" for w in words if w]
        if not item.roles.isdisjoint(DECISION_ROLES):
            features += [f"d:{w}" for w in words]
    features += [f"has:{role}" for role in sorted(present)]
    if present.issuperset(DECISION_ROLES):
        features.append("has:both-decisions")
    if present.isdisjoint(DECISION_ROLES):
        features.append("has:no-decision")
    for types in rule_based.sentence_signals.values():
        features += [f"sig:{t}" for t in sorted(types)]
    return features


@lru_cache(maxsize=65536)  # words repeat within and across letters: 3 times faster
def _word(word: str) -> str:
    """A word as the classifier reads it: outer punctuation off, any number as '#'."""
    word = word.strip(".,:;?!()")
    return "#" if any(c.isdigit() for c in word) else word


class LetterTypeModel:
    """The trained letter-type classifier."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.textcat = nlp.get_pipe("textcat")

    def classify(
        self,
        document: Document,
        rule_based: LetterType,
        roles: Sequence[SentenceRoles],
        bad_news_types: Collection[str] = (),
    ) -> LetterType:
        """The rule-based reading with the learned label (and its confidence) put in.

        The learned label stands, also when it is unsure (the classifier reads the
        rule-based reading too), except that an unsure label does not turn a letter whose
        parse reads a type without bad news into one of ``bad_news_types``: false bad news
        puts empathy and alternatives warnings on a grant, and a grant with a condition
        ("Doet u dit niet? Dan moet u de subsidie terugbetalen") is where it is unsure."""
        words = letter_type_features(document, rule_based, roles)
        doc = self.textcat(Doc(self.nlp.vocab, words=words))
        probabilities = dict(doc.cats)
        chosen = choose(probabilities, rule_based.label, rule_based.ruled_out, bad_news_types)
        if chosen is None:
            return replace(rule_based, probabilities=probabilities)
        label, confidence = chosen
        if label == rule_based.label:
            return replace(rule_based, confidence=round(confidence, 2), probabilities=probabilities)
        evidence, span = _decision_evidence(document, roles, label)
        return replace(
            rule_based,
            label=label,
            confidence=round(confidence, 2),
            evidence=evidence,
            evidence_span=span,
            probabilities=probabilities,
        )


def _decision_evidence(
    document: Document, roles: Sequence[SentenceRoles], label: str
) -> tuple[str, tuple[int, int]]:
    """The first decision sentence, as the evidence of a learned label."""
    wanted = "decision-positive" if label == "toekenning" else "decision-negative"
    first = first_with_role(roles, (wanted, *(r for r in DECISION_ROLES if r != wanted)))
    if first is None:
        return "", (-1, -1)
    span = (first.start_char, first.end_char)
    return document.text[first.start_char : first.end_char].strip(), span


@cache
def load_letter_type_model(path: Path = MODEL_PATH) -> LetterTypeModel | None:
    """The bundled letter-type classifier, or None when the pipeline has none."""
    if not (path / "config.cfg").exists():
        return None
    return LetterTypeModel(spacy.load(path))
