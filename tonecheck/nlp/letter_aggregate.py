"""Letter-level answers from sentence roles: does this letter give a reason, show empathy,
offer an alternative, state the objection right, term and place?

The sentence-role classifier (:mod:`tonecheck.nlp.roles`) scores every sentence. A rule
that asks about the whole letter could take "any sentence above its role threshold",
but then one false reason sentence silences the reasons finding. A small logistic
regression per question weighs four letter features instead: the best and the second
best sentence score of the roles it asks about, the sum of all its sentences' scores,
and the best score near the decision sentence. It was trained on out-of-fold scores of
writers the role model never saw (``training/roles/train_aggregate.py``); its weights
and its decision mark are data: ``tonecheck/model/nl_tonecheck/roles/letter_aggregate.json``.

Rule files use it with the matcher key ``letter_has`` (docs/rule-format.md): it matches
the letter's most likely sentence for the question when the letter-level probability is
at or above the mark, and nothing otherwise.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from tonecheck.nlp.logistic import Logistic, features_mismatch, logit
from tonecheck.nlp.roles import MODEL_PATH, SentenceRoles, roles_of_doc
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES

AGGREGATE_FILE = "letter_aggregate.json"
AGGREGATE_KEY = "tonecheck_letter_aggregate"  # Doc.user_data: probabilities per question
NEAR = 3  # sentences either side of the decision sentence that count as its neighbourhood
DECISION_ROLES_ALL = ("decision-negative", "decision-positive")


@dataclass(frozen=True)
class Aggregate:
    """One letter-level question: which sentence roles answer it."""

    name: str
    roles: tuple[str, ...]
    description: str  # Dutch, for rule authors and explain
    decision_roles: tuple[str, ...] = ("decision-negative",)


AGGREGATES = {
    a.name: a
    for a in (
        Aggregate("reasons", ("reason-case", "reason-rule"), "een reden (feiten of regel)"),
        Aggregate("empathy", ("empathy",), "empathie"),
        Aggregate("alternatives", ("alternative",), "een alternatief"),
        Aggregate(
            "objection-right", ("objection-right",), "het recht op bezwaar", DECISION_ROLES_ALL
        ),
        Aggregate("objection-term", ("objection-term",), "de bezwaartermijn", DECISION_ROLES_ALL),
        Aggregate("objection-where", ("objection-where",), "waar bezwaar kan", DECISION_ROLES_ALL),
    )
}

FEATURES = (
    "top1",  # log-odds of the best sentence for the question
    "top2",  # log-odds of the second best
    "soft-count",  # log(1 + the sum of the sentences' scores)
    "near-decision",  # best within NEAR sentences of the most likely decision sentence
)


def feature_names() -> list[str]:
    return list(FEATURES)


def aggregate_features(
    sentences: Sequence[tuple[str, Mapping[str, float]]], aggregate: Aggregate
) -> list[float]:
    """The letter features for one question, from each sentence's zone and role scores
    (in letter order). Sentences of the address, signature and the like are not read.

    Measured and left out (no gain on held-out writers, and they follow a writer's
    habits more than what a letter does; training/roles/README.md): the third best
    score, the count above a low mark, the best per part of the letter, how sure a
    decision is stated, the score of 'other' at the best sentence, the letter's length."""
    read = [scores for zone, scores in sentences if zone not in NON_TEXT_ZONES]
    values = [max(s.get(r, 0.0) for r in aggregate.roles) for s in read]
    decisions = [max(s.get(r, 0.0) for r in aggregate.decision_roles) for s in read]
    ranked = [*sorted(values, reverse=True), 0.0, 0.0]
    decision_at = max(range(len(decisions)), key=decisions.__getitem__) if decisions else -1
    near = values[max(0, decision_at - NEAR) : decision_at + NEAR + 1] if values else []
    return [
        logit(ranked[0]),
        logit(ranked[1]),
        math.log1p(sum(values)),
        logit(max(near, default=0.0)),
    ]


class AggregateError(ValueError):
    """The aggregator's data does not fit this code."""


class LetterAggregator:
    """The trained letter-level questions (weights as data) and their marks."""

    def __init__(self, data: Mapping, source: str = AGGREGATE_FILE) -> None:
        problem = features_mismatch(data, FEATURES, source, "training/roles/train_aggregate.py fit")
        if problem:
            raise AggregateError(problem)
        self.models: dict[str, Logistic] = {}
        for name, raw in data.get("aggregates", {}).items():
            if name not in AGGREGATES:
                raise AggregateError(f"{source}: onbekende vraag {name!r}")
            try:
                self.models[name] = Logistic.of(raw, len(FEATURES))
            except ValueError as error:
                raise AggregateError(f"{source}: {name}: {error}") from None
        self.held_out_thresholds: dict[str, float] = dict(data.get("thresholds_held_out", {}))

    @classmethod
    def load(cls, path: Path) -> LetterAggregator:
        return cls(json.loads(path.read_text(encoding="utf-8")), str(path))

    def mark(self, name: str) -> float:
        return self.models[name].mark

    def probability(self, sentences: Sequence[tuple[str, Mapping[str, float]]], name: str) -> float:
        """The probability that the letter answers question ``name``."""
        return self.models[name].probability(aggregate_features(sentences, AGGREGATES[name]))


@cache
def load_letter_aggregator(path: Path = MODEL_PATH / AGGREGATE_FILE) -> LetterAggregator | None:
    """The bundled aggregator, or None when the pipeline ships without one."""
    return LetterAggregator.load(path) if path.exists() else None


@dataclass(frozen=True)
class LetterAnswer:
    """One question answered for a letter."""

    name: str
    probability: float
    mark: float
    best: SentenceRoles | None  # the letter's most likely sentence for the question

    @property
    def present(self) -> bool:
        return self.probability >= self.mark


def letter_answers(doc: Doc, aggregator: LetterAggregator | None = None) -> dict[str, LetterAnswer]:
    """Every question of the aggregator answered for the letter of ``doc`` (empty when no
    role model or no aggregator ran); computed once per letter."""
    cached = doc.user_data.get(AGGREGATE_KEY)
    if cached is not None and aggregator is None:
        return cached
    aggregator = aggregator or load_letter_aggregator()
    roles = roles_of_doc(doc)
    if aggregator is None or not roles:
        return {}
    sentences = [(item.zone, item.scores) for item in roles]
    answers = {}
    for name in aggregator.models:
        wanted = AGGREGATES[name].roles
        readable = [r for r in roles if r.zone not in NON_TEXT_ZONES]
        best = max(readable, key=lambda r: max(r.scores.get(x, 0.0) for x in wanted), default=None)
        answers[name] = LetterAnswer(
            name, aggregator.probability(sentences, name), aggregator.mark(name), best
        )
    doc.user_data[AGGREGATE_KEY] = answers
    return answers
