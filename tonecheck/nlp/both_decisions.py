"""A letter that grants and refuses is a partial grant, whatever the classifier says.

The learned letter type (:mod:`tonecheck.nlp.letter_type_model`) weighs every word of a
letter; on writers it never saw it reads many partial grants as plain grants or plain
refusals, also when one sentence clearly grants ("U krijgt de vergunning voor drie
appartementen") and another clearly refuses ("Voor een vierde appartement krijgt u geen
vergunning"). ``both_decisions`` in rules/structure/letter-types.yml names the type such
a letter is, the types it may be read as, and how clearly each decision must read: its
role (after role-evidence.yml) with at least ``min_score``, or gained from the parse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from tonecheck.documents.model import Document
from tonecheck.nlp.letter_type import LetterType
from tonecheck.nlp.roles import SentenceRoles
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES, LetterTypeSpec

GRANT, REFUSAL = "decision-positive", "decision-negative"


def clear_decision(item: SentenceRoles, role: str, min_score: float) -> bool:
    """Whether the sentence states the decision ``role`` clearly: it has the role, scored
    at least ``min_score`` or gained from its parse (role-evidence.yml)."""
    return role in item.roles and (item.scores.get(role, 0.0) >= min_score or role in item.gained)


def with_both_decisions(
    letter_type: LetterType,
    roles: Sequence[SentenceRoles],
    document: Document,
    letter_types: Mapping[str, LetterTypeSpec],
) -> LetterType:
    """``letter_type``, or the type whose ``both_decisions`` takes it when the running
    text clearly grants and clearly refuses; its evidence is then the refusal."""
    text = [r for r in roles if r.zone not in NON_TEXT_ZONES]
    for target in letter_types.values():
        rule = target.both_decisions
        if rule is None or letter_type.label not in rule.from_types:
            continue
        if target.id in letter_type.ruled_out:
            continue
        refusal = next((r for r in text if clear_decision(r, REFUSAL, rule.min_score)), None)
        grant = next((r for r in text if clear_decision(r, GRANT, rule.min_score)), None)
        if refusal is None or grant is None:
            continue
        span = (refusal.start_char, refusal.end_char)
        # how sure: as sure as the less clear of the two decisions
        sure = min(refusal.scores.get(REFUSAL, 0.0), grant.scores.get(GRANT, 0.0))
        return replace(
            letter_type,
            label=target.id,
            confidence=round(max(sure, rule.min_score), 2),
            evidence=document.text[span[0] : span[1]].strip(),
            evidence_span=span,
        )
    return letter_type
