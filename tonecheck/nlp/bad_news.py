"""Bad news, learned: does a letter state a decision against its reader?

The empathy, reasons and alternatives rules only ask their question of a letter that
brings bad news. The rule (:mod:`tonecheck.nlp.letter`) says yes when the letter's type
brings bad news (``bad_news`` in rules/structure/letter-types.yml) or a sentence of the
running text reads as ``decision-negative``. One stray sentence ("De vergunning geeft geen
recht op een vaste plek", in a grant) then makes a grant bad news, and on writers no model
saw such letters caused most false alarms of those three rules. A small logistic
regression weighs what the rule looks at together: how strongly the best sentences read
as a refusal (and more so than as a reason, as the rule asks) or as a grant; how likely
the learned letter type is one that brings bad news, one whose bad news depends on its
decision (``bad_news_if``: a decision on an objection) or one that decides nothing; the
rule's own answer; and, for a letter of a type whose bad news depends on its decision,
the refusal and grant scores again (a logistic regression adds its inputs up; it cannot
otherwise let the decision sentences count more where the type leaves the answer to
them). It is trained on letters of writers that neither the role model
nor the letter-type classifier saw (``training/roles/train_bad_news.py``); its weights
and mark are data: ``tonecheck/model/nl_tonecheck/roles/bad_news.json``. Without that
file the rule decides.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tonecheck.errors import TonecheckError
from tonecheck.nlp.logistic import Logistic, features_mismatch, logit
from tonecheck.nlp.roles import MODEL_PATH, SentenceRoles
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES, LetterTypeSpec

BAD_NEWS_FILE = "bad_news.json"
FEATURES = (
    # a sentence's refusal score: its decision-negative score, when that is at least each
    # of its scores for the roles of ``bad_news_over`` (a reason is no refusal), else 0
    "refusal-top1",  # log-odds of the sentence that reads most as a refusal
    "refusal-top2",  # of the second
    "refusal-sum",  # log(1 + the sum of all sentences' refusal scores)
    "grant-top1",  # log-odds of the sentence that reads most as decision-positive
    "grant-sum",  # log(1 + the sum of the decision-positive scores)
    "type-bad-news",  # log-odds of the learned types that bring bad news, together
    "type-no-decision",  # of the learned types that decide nothing, together
    "type-bad-news-if",  # of the learned types whose bad news depends on the decision words
    "label-bad-news",  # 1 when the letter's type brings bad news
    "rule-based-bad-news",  # 1 when the rule-based reading's type does
    "rule",  # 1 when the rule above says bad news
    # where a letter's bad news depends on its decision (``bad_news_if``: a decision on an
    # objection upholds or rejects it), its decision sentences decide: the two scores
    # above, weighed by how likely the letter is of such a type
    "refusal-top1-if-depending",
    "grant-top1-if-depending",
)


@dataclass(frozen=True)
class BadNewsEvidence:
    """What the model reads of one letter, besides its sentences' roles."""

    type_probabilities: Mapping[str, float]  # the learned letter type's, per type
    label: str  # the letter's type
    rule_based_label: str  # the rule-based reading's type
    rule: bool  # the rule's answer
    probability: float | None = None  # the model's, when it decided


def bad_news_features(
    roles: Sequence[SentenceRoles],
    evidence: BadNewsEvidence,
    letter_types: Mapping[str, LetterTypeSpec],
    over: frozenset[str] = frozenset(),
) -> list[float]:
    """The letter's features in the order of :data:`FEATURES`. ``over``: the roles a
    refusal must outscore (``bad_news_over`` in letter-types.yml). A role a sentence
    cannot have (withheld by role-evidence.yml) scores 0 there."""
    # a role the sentence cannot have (role-evidence.yml: "Doet u dit niet?" is no
    # decision) counts as not read in it
    read = [
        {role: 0.0 for role in r.withheld}
        | {k: v for k, v in r.scores.items() if k not in r.withheld}
        for r in roles
        if r.zone not in NON_TEXT_ZONES
    ]
    refusals = [
        s.get("decision-negative", 0.0)
        if all(s.get("decision-negative", 0.0) >= s.get(rival, 0.0) for rival in over)
        else 0.0
        for s in read
    ]
    ranked = [*sorted(refusals, reverse=True), 0.0, 0.0]
    grants = [s.get("decision-positive", 0.0) for s in read]

    def kinds(wanted) -> float:
        return sum(p for t, p in evidence.type_probabilities.items() if t in wanted)

    bad_types = {t for t, spec in letter_types.items() if spec.bad_news}
    deciding_nothing = {t for t, spec in letter_types.items() if not spec.decides}
    depending = {t for t, spec in letter_types.items() if spec.bad_news and spec.bad_news_if}
    refusal, grant = logit(ranked[0]), logit(max(grants, default=0.0))
    type_depending = logit(kinds(depending)) if evidence.type_probabilities else 0.0
    depends = 1.0 / (1.0 + math.exp(-type_depending))
    return [
        refusal,
        logit(ranked[1]),
        math.log1p(sum(refusals)),
        grant,
        math.log1p(sum(grants)),
        logit(kinds(bad_types)) if evidence.type_probabilities else 0.0,
        logit(kinds(deciding_nothing)) if evidence.type_probabilities else 0.0,
        type_depending,
        float(evidence.label in bad_types),
        float(evidence.rule_based_label in bad_types),
        float(evidence.rule),
        depends * refusal,
        depends * grant,
    ]


class BadNewsError(ValueError):
    """The model's data does not fit this code."""


@dataclass(frozen=True)
class BadNewsModel(Logistic):
    """The trained weights and mark (:class:`~tonecheck.nlp.logistic.Logistic`) for the
    features of :data:`FEATURES`."""

    @classmethod
    def from_data(cls, data: Mapping, source: str = BAD_NEWS_FILE) -> BadNewsModel:
        problem = features_mismatch(data, FEATURES, source, "training/roles/train_bad_news.py fit")
        if problem:
            raise BadNewsError(problem)
        try:
            return cls.of(data, len(FEATURES))
        except ValueError as error:
            raise BadNewsError(f"{source}: {error}") from None

    def brings_bad_news(self, features: Sequence[float]) -> bool:
        return self.probability(features) >= self.mark


@cache
def load_bad_news_model(path: Path = MODEL_PATH / BAD_NEWS_FILE) -> BadNewsModel | None:
    """The bundled model, or None when the pipeline ships without one; a file that cannot
    be read is a TonecheckError (one line: the file and the problem)."""
    if not path.exists():
        return None
    try:
        return BadNewsModel.from_data(json.loads(path.read_text(encoding="utf-8")), str(path))
    except BadNewsError as error:
        raise TonecheckError(str(error)) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise TonecheckError(f"het model kan niet worden gelezen ({error})", str(path)) from None
