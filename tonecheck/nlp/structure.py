"""The letter structure as checking uses it: the data of rules/structure/ with the learned
sentence-role and letter-type models beside it."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from tonecheck.nlp.letter_type_model import load_letter_type_model
from tonecheck.nlp.roles import load_role_model
from tonecheck.nlp.structure_spec import StructureSpec, read_structure


@cache
def load_structure(folder: Path | None = None) -> StructureSpec:
    """Zones, letter types, levels and languages from ``folder`` (default: the bundled
    rules/structure), with the bundled sentence-role and letter-type models."""
    return replace(
        read_structure(folder),
        roles=load_role_model(),
        letter_type_model=load_letter_type_model(),
    )
