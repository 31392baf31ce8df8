"""``language`` checks: the letter must be in the expected language (Dutch).

Fires once per letter, on its first running-text sentence, when the language found by
:mod:`tonecheck.nlp.language` is not the expected one. Its rule is usually ``exclusive``:
a letter in English gets this one finding instead of hundreds of nonsense ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tonecheck.common.findings import Finding
from tonecheck.engine.checks.base import Builder, CheckKind, Path
from tonecheck.engine.context import LetterContext


@dataclass
class LanguageCheck:
    kind: str
    expected: str
    labels: dict[str, str]  # language code -> Dutch name ("en" -> "Engels")

    def run(self, rule, context: LetterContext) -> Iterator[Finding]:
        found = context.letter.language
        if found == self.expected:
            return
        sentences = [s for s in context.sentences if context.zone_of_token(s.start) in rule.zones]
        target = sentences[0] if sentences else context.sentences[0]
        begin, finish, _ = context.trimmed(target)
        yield rule.finding(
            context,
            begin,
            finish,
            {"language": found, "expected": self.expected},
            language=self.labels.get(found, found),
            match=context.text[begin:finish],
        )

    def explain(self) -> str:
        return f"language: de brief moet in '{self.expected}' geschreven zijn"

    def why_quiet(self, rule, context: LetterContext) -> list[str]:
        return [f"de brief is in '{context.letter.language}' geschreven"]


def _build(builder: Builder, where: Path, raw: dict, name: str) -> LanguageCheck:
    spec = builder.structure.languages
    return LanguageCheck(raw["kind"], raw.get("expected", spec.expected), dict(spec.labels))


KINDS = (
    CheckKind(
        name="language",
        summary="Controleert of de brief in de verwachte taal (Nederlands) is geschreven.",
        schema={
            "additionalProperties": False,
            "properties": {"kind": True, "expected": {"type": "string"}},
        },
        placeholders=frozenset({"language", "match"}),
        build=_build,
    ),
)
