"""Warnings about rules that load but can never fire.

Two things go wrong in practice when people write rules:
- a term the tokenizer cuts differently inside a sentence than on its own (so the
  phrase never lines up with the tokens of a letter), or a term with a character the
  tokenizer splits off in a way the term list did not foresee;
- a pattern that asks for a part of speech, dependency label or tag that the loaded
  model never produces (a typo like ``PRON_`` is caught by spaCy, ``POS: PRONOUN`` is
  not: spaCy accepts any string).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language

from tonecheck.engine.loader import RuleSet
from tonecheck.engine.rule import Rule

LABEL_ATTRS = {"POS": "pos", "TAG": "tag", "DEP": "dep"}
CONTEXT = "Wij schrijven u dat {} hier staat."


@dataclass(frozen=True)
class RuleWarning:
    source: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: waarschuwing: {self.rule}: {self.message}"


def model_labels(nlp: Language) -> dict[str, set[str]]:
    """The POS, TAG and DEP values the loaded pipeline can produce."""
    labels: dict[str, set[str]] = {"pos": set(), "tag": set(), "dep": set()}
    for name, component in nlp.pipeline:
        found = set(getattr(component, "labels", ()) or ())
        if name == "morphologizer":
            for label in found:
                for part in label.split("|"):
                    if part.startswith("POS="):
                        labels["pos"].add(part[4:])
        elif name == "tagger":
            labels["tag"] |= found
        elif name == "parser":
            labels["dep"] |= found | {"ROOT"}
    return labels


def lint_rules(nlp: Language, rules: RuleSet) -> Iterator[RuleWarning]:
    labels = model_labels(nlp)
    for rule in rules.rules:
        yield from _term_warnings(nlp, rule)
        yield from _label_warnings(rule, labels)


def _terms(check_data: dict) -> list[str]:
    specs = [check_data, check_data.get("if") or {}, check_data.get("then") or {}]
    terms: list[str] = []
    for spec in specs:
        raw = spec.get("terms") or []
        terms += list(raw) if isinstance(raw, dict | list) else []
    return terms


def _term_warnings(nlp: Language, rule: Rule) -> Iterator[RuleWarning]:
    for term in _terms(rule.data.get("check", {})):
        alone = [t.lower_ for t in nlp.make_doc(term)]
        in_text = [t.lower_ for t in nlp.make_doc(CONTEXT.format(term))]
        if not _contains(in_text, alone):
            cut = " | ".join(t.text for t in nlp.make_doc(CONTEXT.format(term)))
            yield RuleWarning(
                rule.source,
                rule.line,
                rule.id,
                f"de term '{term}' wordt in een zin anders in woorden geknipt ({cut}), "
                "dus hij kan nooit passen",
            )


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _label_warnings(rule: Rule, labels: dict[str, set[str]]) -> Iterator[RuleWarning]:
    for attr, value in _pattern_values(rule.data.get("check", {})):
        known = labels[LABEL_ATTRS[attr]]
        if known and value not in known:
            yield RuleWarning(
                rule.source,
                rule.line,
                rule.id,
                f"het patroon vraagt om {attr} '{value}', maar dat geeft het model nooit "
                f"(het kent: {', '.join(sorted(known)[:25])}{' …' if len(known) > 25 else ''})",
            )


def _pattern_values(node) -> Iterator[tuple[str, str]]:
    """(attribute, value) for every POS/TAG/DEP condition anywhere in the check."""
    if isinstance(node, dict):
        for key, value in node.items():
            attr = key.upper()
            if attr in LABEL_ATTRS:
                if isinstance(value, str):
                    yield attr, value
                elif isinstance(value, dict):
                    for op in ("IN", "NOT_IN"):
                        for item in value.get(op, []) or []:
                            yield attr, str(item)
            else:
                yield from _pattern_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _pattern_values(item)
