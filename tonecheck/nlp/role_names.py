"""The names of the sentence roles (training/roles/GUIDE.md describes each), apart from
the model so that the data files' schemas can name them."""

from __future__ import annotations

ROLES = (
    "decision-negative",
    "decision-positive",
    "reason-case",
    "reason-rule",
    "citation",
    "process",
    "empathy",
    "blame-or-hollow",
    "alternative",
    "next-step",
    "objection-right",
    "objection-term",
    "objection-where",
    "contact",
    "other",
)
# the roles that state a decision: against the reader first (letter-level findings and
# the evidence of a learned letter type look for them in this order)
DECISION_ROLES = ("decision-negative", "decision-positive")

__all__ = ["DECISION_ROLES", "ROLES"]
