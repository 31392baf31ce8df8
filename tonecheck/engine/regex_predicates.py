"""REGEX in token patterns, run by RE2 instead of by spaCy.

spaCy's Matcher runs a pattern's ``REGEX`` with Python's backtracking ``re``, where one
expression can take minutes on one token and no watchdog can interrupt it. Before a
pattern reaches a spaCy matcher, every REGEX predicate (``{LOWER: {REGEX: ...}}``,
``{TEXT: {REGEX: {IN: [...]}}}``, ``{_: {name: {REGEX: ...}}}``) is replaced by a test
of a token extension whose getter runs the expression on RE2
(:mod:`tonecheck.common.linear_regex`), remembering the answer per string. The
extension is named after what it tests, so the same test is registered once per
process, and spaCy asks for it only where a pattern needs it (``{"==": 1}``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator

from spacy.tokens import Token

from tonecheck.common.linear_regex import searcher

# pattern attribute -> the Token property spaCy's REGEX reads
TOKEN_STRINGS = {
    "ORTH": "text", "TEXT": "text", "LOWER": "lower_", "NORM": "norm_", "LEMMA": "lemma_",
    "POS": "pos_", "TAG": "tag_", "DEP": "dep_", "SHAPE": "shape_", "ENT_TYPE": "ent_type_",
    "ENT_ID": "ent_id_", "ENT_KB_ID": "ent_kb_id_", "PREFIX": "prefix_", "SUFFIX": "suffix_",
}  # fmt: skip
MORPH = "MORPH"
EXTENSION_PREFIX = "tonecheck_re_"
REMEMBERED = 100_000  # strings remembered per test (a long batch meets millions)


class RegexPatternError(ValueError):
    """A REGEX predicate that cannot be rewritten; ``path`` leads to it in the pattern."""

    def __init__(self, message: str, path: list) -> None:
        super().__init__(message)
        self.path = path


def regex_values(pattern) -> Iterator[tuple[list, str]]:
    """Every REGEX expression in a token pattern (or a dependency pattern's node
    attributes) with its key path: ``([0, "LOWER", "REGEX"], "^on")``."""
    if isinstance(pattern, dict):
        for key, value in pattern.items():
            if str(key).upper() == "REGEX":
                if isinstance(value, str):
                    yield [key], value
                    continue
                if isinstance(value, dict):
                    for operator, listed in value.items():
                        for i, item in enumerate(listed if isinstance(listed, list) else []):
                            if isinstance(item, str):
                                yield [key, operator, i], item
                    continue
            for path, found in regex_values(value):
                yield [key, *path], found
    elif isinstance(pattern, list):
        for i, item in enumerate(pattern):
            for path, found in regex_values(item):
                yield [i, *path], found


def without_regex(spec: dict) -> dict:
    """A token spec with each REGEX predicate replaced by a test of a token extension
    computed with RE2; raises RegexPatternError for one that cannot be."""
    result: dict = {}
    tests: dict[str, dict] = {}
    for key, value in spec.items():
        name = str(key).upper()
        if name == "_" and isinstance(value, dict):
            kept = {}
            for extension, predicate in value.items():
                rest, test = _split(predicate, ("_", extension), ["_", extension])
                if rest is not None:
                    kept[extension] = rest
                if test:
                    tests[test] = {"==": 1}
            if kept:
                result[key] = {**result.get(key, {}), **kept}
            continue
        rest, test = _split(value, (name,), [key])
        if rest is not None:
            result[key] = rest
        if test:
            tests[test] = {"==": 1}
    if tests:
        underscore = next((k for k in result if str(k) == "_"), "_")
        result[underscore] = {**result.get(underscore, {}), **tests}
    return result


def pattern_without_regex(pattern: list[dict]) -> list[dict]:
    """:func:`without_regex` for every token of a pattern (the pattern itself when it
    has no REGEX)."""
    if not any(True for _ in regex_values(pattern)):
        return pattern
    rewritten = []
    for i, spec in enumerate(pattern):
        try:
            rewritten.append(without_regex(spec) if isinstance(spec, dict) else spec)
        except RegexPatternError as error:
            raise RegexPatternError(str(error), [i, *error.path]) from None
    return rewritten


def _split(value, source: tuple[str, ...], path: list) -> tuple[object | None, str]:
    """(the value without its REGEX, or None when nothing is left; the name of the
    extension that tests the REGEX, '' when there is none)."""
    if not isinstance(value, dict):
        return value, ""
    regex_key = next((k for k in value if str(k).upper() == "REGEX"), None)
    if regex_key is None:
        return value, ""
    expression = value[regex_key]
    if isinstance(expression, str):
        operator, expressions = "IN", [expression]
    elif isinstance(expression, dict) and len(expression) == 1:
        ((operator, expressions),) = expression.items()
        operator = str(operator).upper()
        if operator not in ("IN", "NOT_IN") or not isinstance(expressions, list):
            raise RegexPatternError("REGEX kent hier alleen IN en NOT_IN", [*path, regex_key])
    else:
        raise RegexPatternError("REGEX kent hier alleen IN en NOT_IN", [*path, regex_key])
    if source[0] != "_" and source[0] not in TOKEN_STRINGS and source[0] != MORPH:
        raise RegexPatternError(
            f"REGEX werkt alleen op tekst, niet op {source[0]}", [*path, regex_key]
        )
    rest = {k: v for k, v in value.items() if k != regex_key}
    name = _register(source, operator, [str(e) for e in expressions])
    return (rest or None), name


def _register(source: tuple[str, ...], operator: str, expressions: list[str]) -> str:
    """The token extension that answers the test, registered once per process."""
    identity = json.dumps([source, operator, expressions], ensure_ascii=False)
    name = EXTENSION_PREFIX + hashlib.sha256(identity.encode()).hexdigest()[:16]
    if not Token.has_extension(name):
        Token.set_extension(name, getter=_getter(source, operator == "IN", expressions))
    return name


def _getter(source: tuple[str, ...], inside: bool, expressions: list[str]) -> Callable:
    searches = [searcher(e) for e in expressions]
    known: dict[str, bool] = {}
    read = _reader(source)

    def getter(token: Token) -> bool:
        text = read(token)
        if not isinstance(text, str):
            return False
        found = known.get(text)
        if found is None:
            if len(known) > REMEMBERED:
                known.clear()
            found = known[text] = any(search(text) for search in searches) == inside
        return found

    return getter


def _reader(source: tuple[str, ...]) -> Callable[[Token], object]:
    if source[0] == "_":
        extension = source[1]
        return lambda token: token._.get(extension)
    if source[0] == MORPH:
        return lambda token: str(token.morph)
    attribute = TOKEN_STRINGS[source[0]]
    return lambda token: getattr(token, attribute)
