"""What a check kind is: the contract between the rule loader and one check module.

A check kind lives in one module of :mod:`tonecheck.engine.checks` that declares
``KINDS``: for each kind its name, its JSON Schema (the fields of ``check:`` besides
``kind``), the {placeholders} its messages may use, a summary for rule authors, and the
function that builds the check from a rule file's ``check:`` mapping. The registry
(:func:`tonecheck.engine.checks.check_kinds`) collects them; the loader, the schema,
``explain`` and ``rules show`` ask the registry, so a new kind is one new module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from tonecheck.common.findings import Finding
from tonecheck.engine.context import LetterContext

if TYPE_CHECKING:
    from spacy.language import Language

    from tonecheck.engine.matchers import CompiledMatcher
    from tonecheck.engine.rule import Rule
    from tonecheck.nlp.structure_spec import StructureSpec

Path = list[str | int]  # where in the rule file: ["rules", 3, "check", "terms"]


class Check(Protocol):
    """A compiled check: finds what one rule flags in a letter."""

    kind: str

    def run(self, rule: Rule, context: LetterContext) -> Iterable[Finding]:
        """The rule's findings on the letter, in the order found."""
        ...

    def explain(self) -> str:
        """What the check looks for, in one line (in Dutch, for rule authors)."""
        ...

    def why_quiet(self, rule: Rule, context: LetterContext) -> list[str]:
        """Why it found nothing on this letter (in Dutch, for ``explain``)."""
        ...


class Builder(Protocol):
    """What the loader offers a kind's ``build``: the pipeline and letter structure,
    compiling a matcher spec, and reporting a problem at a place in the file."""

    nlp: Language
    structure: StructureSpec

    def matcher(self, where: Path, spec: dict, name: str) -> CompiledMatcher | None:
        """The compiled matcher, or None after reporting why it cannot be compiled."""
        ...

    def with_lists(self, where: Path, spec: dict) -> dict | None:
        """The matcher spec with the terms of its named ``lists`` in its ``terms``."""
        ...

    def problem(self, where: Path, message: str) -> None: ...


@dataclass(frozen=True)
class CheckKind:
    """One kind of check as a rule file names it (``check: {kind: ...}``)."""

    name: str
    summary: str  # for `tonecheck rules show`, in Dutch
    schema: dict[str, Any]  # JSON Schema of the check mapping when kind is this one
    placeholders: frozenset[str]  # besides {letter_type} and the letter facts (rule.py)
    # (builder, where the check mapping is, the mapping, a name for its patterns) -> check;
    # None after reporting problems through the builder
    build: Callable[[Builder, Path, dict, str], Check | None]


def quiet_default(rule: Rule, context: LetterContext) -> list[str]:
    """The reason most checks give for finding nothing."""
    zones = ", ".join(sorted(rule.zones))
    return [f"niets gevonden in de zones waar de regel kijkt ({zones})"]
