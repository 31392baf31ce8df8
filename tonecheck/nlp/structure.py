"""The letter structure as checking uses it: the data of rules/structure/ with the learned
sentence-role and letter-type models beside it."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from tonecheck.nlp.bad_news import load_bad_news_model
from tonecheck.nlp.facts_spec import read_facts_spec
from tonecheck.nlp.letter_type_model import load_letter_type_model
from tonecheck.nlp.role_evidence import read_role_evidence
from tonecheck.nlp.roles import load_role_model
from tonecheck.nlp.structure_spec import StructureSpec, read_structure
from tonecheck.paths import structure_dir


@cache
def load_structure(folder: Path | None = None) -> StructureSpec:
    """Zones, letter types, levels and languages from ``folder`` (default: the bundled
    rules/structure), with the bundled sentence-role, letter-type and bad-news models and what to
    read from a letter for suggestions (facts.yml and the files beside it)."""
    spec = read_structure(folder)
    roles = load_role_model()
    return replace(
        spec,
        roles=roles.with_evidence(read_role_evidence(folder)) if roles is not None else None,
        letter_type_model=load_letter_type_model(),
        bad_news_model=load_bad_news_model(),
        facts=read_facts_spec(folder or structure_dir(), frozenset(spec.letter_types)),
    )
