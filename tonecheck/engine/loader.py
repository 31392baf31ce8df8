"""Load rule files: YAML with positions, JSON Schema, then checks only the engine can do
(spaCy patterns, placeholders, letter types, duplicate ids). All problems at once."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language

from tonecheck.common.categories import load_categories
from tonecheck.common.findings import Level
from tonecheck.common.yamlfile import (
    DataFileError,
    Problem,
    load_checked,
    load_yaml_fast,
    position,
    validate,
)
from tonecheck.engine.checks import check_kinds
from tonecheck.engine.matchers import (
    CompiledMatcher,
    PatternError,
    SharedTokenMatcher,
    compile_matcher,
)
from tonecheck.engine.rule import LETTER_FIELDS, Rule, placeholders
from tonecheck.engine.schema import DEFAULT_EXCLUDED_ZONES, LISTS, RULE
from tonecheck.nlp.letter_aggregate import AggregateError, load_letter_aggregator
from tonecheck.nlp.structure_spec import ZONE_IDS, StructureSpec

RULE_SUFFIXES = (".yml", ".yaml")


def check_schema() -> dict:
    """The ``check:`` mapping: a known kind, then the fields that kind declares."""
    kinds = check_kinds()
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(kinds)}},
        "allOf": [
            {"if": {"properties": {"kind": {"const": name}}}, "then": kind.schema}
            for name, kind in kinds.items()
        ],
    }


@cache
def rule_file_schema() -> dict:
    """The JSON Schema of a rule file."""
    rule = {**RULE, "properties": {**RULE["properties"], "check": check_schema()}}
    rule["properties"]["category"] = {"enum": list(load_categories())}
    return {
        "type": "object",
        "additionalProperties": False,
        "anyOf": [{"required": ["rules"]}, {"required": ["lists"]}],
        "properties": {"rules": {"type": "array", "items": rule}, "lists": LISTS},
    }


@dataclass
class RuleSet:
    """The rules of a run, compiled once."""

    rules: list[Rule]
    files: list[Path] = field(default_factory=list)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML rule files in the given files/folders (``structure/`` data excluded)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and "structure" not in
                p.relative_to(path).parts
            )  # fmt: skip
        else:
            files.append(path)
    return files


def _parsed(path: Path) -> Any:
    """The file's data loaded fast, or None when it cannot be (its loader reports why)."""
    try:
        return load_yaml_fast(path)
    except DataFileError:
        return None


def named_lists(parsed: dict[Path, Any]) -> dict[str, tuple[Path, list[str]]]:
    """The term lists named in the ``lists:`` of the rule files (name -> the file that
    defines it first, its terms), from each file's data. A first quick look: their shape
    and any name defined twice are reported when each file is loaded."""
    found: dict[str, tuple[Path, list[str]]] = {}
    for path, data in parsed.items():
        lists = data.get("lists") if isinstance(data, dict) else None
        for name, terms in (lists or {}).items() if isinstance(lists, dict) else ():
            if isinstance(terms, list) and all(isinstance(t, str) for t in terms):
                found.setdefault(str(name), (path, list(terms)))
    return found


class _FileLoader:
    def __init__(
        self,
        path: Path,
        nlp: Language,
        structure: StructureSpec,
        extra_terms: dict[str, dict[str, str]] | None = None,
        shared: SharedTokenMatcher | None = None,
        lists: dict[str, tuple[Path, list[str]]] | None = None,
    ) -> None:
        self.lists = lists or {}
        self.extra_terms = extra_terms or {}
        self.shared = shared or SharedTokenMatcher(nlp)
        self.path = path
        self.nlp = nlp
        self.structure = structure
        self.problems: list[Problem] = []
        self.data = None
        self.text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    def problem(self, where: list, message: str) -> None:
        line, column = position(self.data, where)
        self.problems.append(Problem(str(self.path), line, column, message))

    def load(self, data: Any = None) -> list[Rule]:
        """Load quickly (from ``data`` when the file is parsed already); when anything is
        wrong, load again with positions to report it."""
        return load_checked(self.path, self._load_data, data)

    def _load_data(self, data) -> list[Rule]:
        self.data = data
        if self.data is None:
            raise DataFileError([Problem(str(self.path), 1, 1, "het regelbestand is leeg")])
        self.problems = validate(self.data, rule_file_schema(), self.path)
        if self.problems:
            raise DataFileError(self.problems)
        for name in self.data.get("lists", {}):
            first = self.lists.get(name)
            if first is not None and first[0] != self.path:
                self.problem(["lists", name], f"de lijst '{name}' staat al in {first[0]}")
        rules = [self.rule(i, raw) for i, raw in enumerate(self.data.get("rules", []))]
        if self.problems:
            raise DataFileError(self.problems)
        return [r for r in rules if r is not None]

    def rule(self, index: int, raw: dict) -> Rule | None:
        where: list[str | int] = ["rules", index]
        check_spec = dict(raw["check"])
        if raw["id"] in self.extra_terms and check_spec["kind"] == "terms":
            terms = check_spec["terms"]
            merged = dict(terms) if isinstance(terms, dict) else dict.fromkeys(terms, "")
            merged.update(self.extra_terms[raw["id"]])
            check_spec["terms"] = merged
        kind = check_kinds()[check_spec["kind"]]
        check = kind.build(self, [*where, "check"], check_spec, raw["id"])
        known = kind.placeholders | LETTER_FIELDS
        texts = [([*where, key], raw[key]) for key in ("message", "suggestion")]
        for name, own in raw.get("for_types", {}).items():
            texts += [([*where, "for_types", name, key], text) for key, text in own.items()]
        for place, text in texts:
            try:
                unknown = placeholders(text) - known
            except ValueError as exc:
                self.problem(place, f"kapotte {{plaatshouder}}: {_format_problem(exc)}")
                continue
            if unknown:
                allowed = ", ".join("{" + p + "}" for p in sorted(known))
                self.problem(
                    place,
                    f"onbekende plaatshouder {{{sorted(unknown)[0]}}} bij kind: {kind.name} "
                    f"(mogelijk: {allowed})",
                )
        named = [([*where, "applies_to", i], n) for i, n in enumerate(raw.get("applies_to", []))]
        named += [([*where, "for_types", n], n) for n in raw.get("for_types", {})]
        types = list(self.structure.letter_types)
        for place, name in named:
            if name not in types:
                hint = difflib.get_close_matches(name, types, n=1)
                extra = f" (bedoelt u '{hint[0]}'?)" if hint else f" (bekend: {', '.join(types)})"
                self.problem(place, f"onbekend brieftype '{name}'{extra}")
        if "bad_news_sure_from" in raw and not raw.get("bad_news_only", False):
            only = "'bad_news_sure_from' werkt alleen samen met 'bad_news_only: true'"
            self.problem([*where, "bad_news_sure_from"], only)
        checked = raw.get("applies_to", types)
        for name in raw.get("for_types", {}):
            if name in types and name not in checked:  # its text would never be shown
                unused = f"de regel geldt niet voor brieftype '{name}' (applies_to)"
                self.problem([*where, "for_types", name], unused)
        if check is None:
            return None
        zones = set(raw["zones"]) if "zones" in raw else set(ZONE_IDS) - set(DEFAULT_EXCLUDED_ZONES)
        zones -= set(raw.get("exclude_zones", []))
        return Rule(
            id=raw["id"],
            category=raw["category"],
            level=Level.parse(raw["level"]),
            message=raw["message"],
            suggestion=raw["suggestion"],
            explanation=raw.get("explanation", ""),
            link=raw.get("link", ""),
            check=check,
            zones=frozenset(zones),
            applies_to=frozenset(raw["applies_to"]) if "applies_to" in raw else None,
            for_types={name: dict(own) for name, own in raw.get("for_types", {}).items()},
            bad_news_only=bool(raw.get("bad_news_only", False)),
            bad_news_sure_from=raw.get("bad_news_sure_from"),
            overrides=tuple(raw.get("overrides", [])),
            max_per_letter=raw.get("max_per_letter"),
            exclusive=bool(raw.get("exclusive", False)),
            examples_flag=tuple(raw["examples"]["flag"]),
            examples_ok=tuple(raw["examples"]["ok"]),
            source=str(self.path),
            line=self.id_position(raw["id"])[0],
            data=raw,
        )

    def id_position(self, rule_id: str) -> tuple[int, int]:
        """Line and column of a rule's ``id:`` key, found in the text."""
        pattern = re.compile(rf"^(\s*-?\s*)id:\s*['\"]?{re.escape(rule_id)}['\"]?\s*$")
        for number, line in enumerate(self.text.splitlines(), start=1):
            match = pattern.match(line)
            if match:
                return number, len(match.group(1)) + 1
        return 1, 1

    def with_lists(self, where: list, spec: dict) -> dict | None:
        """The matcher spec with the terms of the lists it names (``lists:``) added to its
        own ``terms``; None after reporting a list that does not exist."""
        names = spec.get("lists")
        if not names:
            return spec
        terms = spec.get("terms") or []
        merged = dict(terms) if isinstance(terms, dict) else dict.fromkeys(terms, "")
        for i, name in enumerate(names):
            if name not in self.lists:
                hint = difflib.get_close_matches(name, list(self.lists), n=1)
                extra = f" (bedoelt u '{hint[0]}'?)" if hint else ""
                self.problem([*where, "lists", i], f"er is geen lijst '{name}'{extra}")
                return None
            for term in self.lists[name][1]:
                merged.setdefault(term, "")
        return {**spec, "terms": merged}

    def matcher(self, where: list, spec: dict, name: str) -> CompiledMatcher | None:
        expanded = self.with_lists(where, spec)
        if expanded is None:
            return None
        if spec.get("letter_has") and not _aggregator_answers(spec["letter_has"]):
            self.problem(
                [*where, "letter_has"],
                f"het model kan de vraag {spec['letter_has']!r} over de hele brief niet "
                "beantwoorden: tonecheck/model/nl_tonecheck/roles/letter_aggregate.json "
                "ontbreekt of kent haar niet (train met training/roles/train_aggregate.py fit)",
            )
            return None
        try:
            return compile_matcher(self.nlp, expanded, name, self.shared)
        except PatternError as exc:
            self.problem(where + exc.path, f"ongeldig spaCy-patroon: {exc}")
            return None


def _aggregator_answers(name: str) -> bool:
    """Whether the bundled letter-level aggregator answers question ``name``."""
    try:
        aggregator = load_letter_aggregator()
    except (AggregateError, OSError, ValueError, KeyError):
        return False
    return aggregator is not None and name in aggregator.models


# Python's complaints about a {placeholder}, in Dutch
FORMAT_ERRORS_NL = {
    "expected '}' before end of string": "een '{' zonder '}'",
    "Single '}' encountered": "een '}' zonder '{' (schrijf '}}' voor het teken zelf)",
    "Single '{' encountered": "een '{' zonder '}' (schrijf '{{' voor het teken zelf)",
    "unmatched '{' in format spec": "een '{' binnen een plaatshouder",
}


def _format_problem(error: ValueError) -> str:
    text = str(error)
    return next((nl for en, nl in FORMAT_ERRORS_NL.items() if text.startswith(en)), text)


def load_rules(
    paths: Iterable[Path],
    nlp: Language,
    structure: StructureSpec,
    extra_terms: dict[str, dict[str, str]] | None = None,
) -> RuleSet:
    """Load and validate every rule file; raise DataFileError with all problems found."""
    files = rule_files(paths)
    problems: list[Problem] = []
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    shared = SharedTokenMatcher(nlp)  # every token pattern of the set, run once per Doc
    parsed = {path: _parsed(path) for path in files}  # each file parsed once
    lists = named_lists(parsed)  # a list named in one file may be used in all of them
    for path in files:
        loader = _FileLoader(path, nlp, structure, extra_terms, shared, lists)
        try:
            loaded = loader.load(parsed[path])
        except DataFileError as error:
            problems += error.problems
            continue
        for rule in loaded:
            if rule.id in seen:
                line, column = loader.id_position(rule.id)
                first = seen[rule.id]
                problems.append(
                    Problem(
                        str(path),
                        line,
                        column,
                        f"regel-id '{rule.id}' komt twee keer voor (eerst in "
                        f"{first.source}:{first.line})",
                    )
                )
                continue
            seen[rule.id] = rule
            rules.append(rule)
    for rule in rules:
        for victim in rule.overrides:
            if victim not in seen:
                problems.append(
                    Problem(
                        rule.source,
                        rule.line,
                        5,
                        f"'overrides' noemt een regel die niet bestaat: '{victim}'",
                    )
                )
    if problems:
        raise DataFileError(problems)
    return RuleSet(rules=rules, files=files)
