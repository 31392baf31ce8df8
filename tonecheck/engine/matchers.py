"""Compiled matchers: term lists (PhraseMatchers), token and dependency patterns (one
gated matcher), sentences by role, with exceptions.

A matcher is compiled once per rule set and then run on every letter's Doc. All rules of
a rule set share one gated matcher for their token and dependency patterns and one
PhraseMatcher per attribute for their term lists (:class:`SharedTokenMatcher`), run once
per Doc: one pass over the tokens instead of one per rule (rules took 4.4 instead of
5.4 ms per letter on the batch benchmark letters). What they found is kept on the Doc
(``Doc.user_data``), never on the shared objects, so one rule set can check letters in
several threads at once.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from tonecheck.common.regex_guard import refused
from tonecheck.common.yamlfile import plain
from tonecheck.engine.gated_matcher import GatedMatcher
from tonecheck.engine.lemma_terms import FormTerms
from tonecheck.engine.pattern_errors import pattern_problem
from tonecheck.engine.regex_predicates import RegexPatternError, regex_values
from tonecheck.engine.word_forms import spellings
from tonecheck.nlp.letter_aggregate import AGGREGATES, letter_answers
from tonecheck.nlp.roles import SentenceRoles, roles_of_doc
from tonecheck.nlp.token_texts import lower_texts

MatchSpan = tuple[int, int, str]  # token start, token end, replacement ('' when none)
# how a terms list is matched, in words (``rules show``)
MATCH_NAMES = {"lemma": "lemma", "forms": "elke vorm", "exact": "woordvorm, met hoofdletters"}


def _user_data(doc: Doc) -> dict[Hashable, Any]:
    """The Doc's ``user_data``: a plain dict, whose keys spaCy's stub types as ``str``
    although any key may be used (spaCy keys its own extension values by tuples)."""
    return cast("dict[Hashable, Any]", doc.user_data)


class PatternError(ValueError):
    """A pattern that spaCy refuses; carries the index path of the bad pattern."""

    def __init__(self, message: str, path: list) -> None:
        super().__init__(message)
        self.path = path


class SharedTokenMatcher:
    """All token and dependency patterns of a rule set in one gated matcher, and all its
    term lists in one PhraseMatcher per attribute. What they find in a Doc is kept in that
    Doc's ``user_data`` for every rule to read."""

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.matcher = GatedMatcher(nlp.vocab)
        self.count = 0
        self._keys: dict[str, str] = {}  # the same pattern in two rules is matched once
        self._phrases: dict[str, PhraseMatcher] = {}  # attribute -> every list's terms
        self._lists = 0
        self._term_keys: dict[int, tuple[str, str]] = {}  # match id -> (list prefix, term)
        # where this rule set's results live in a Doc's user_data
        self._slot = ("tonecheck.matches", id(self))
        self._terms_slot = ("tonecheck.terms", id(self))

    def add_terms(self, owner: str, attr: str, terms: dict[str, list[Doc]]) -> TermMatches:
        """Add one term list (term -> its pattern docs) matched on ``attr``."""
        self._lists += 1
        prefix = f"{owner}#{self._lists}"
        matcher = self._phrases.get(attr)
        if matcher is None:
            matcher = self._phrases[attr] = PhraseMatcher(self.vocab, attr=attr)
        for term, docs in terms.items():
            matcher.add(f"{prefix}{TERM_SEPARATOR}{term}", docs)
        return TermMatches(self, prefix)

    def term_matches(self, doc: Doc, prefix: str) -> list[tuple[str, int, int]]:
        user_data = _user_data(doc)
        found = user_data.get(self._terms_slot)
        if found is None:
            found = {}
            strings, keys = doc.vocab.strings, self._term_keys
            for matcher in self._phrases.values():
                for match_id, start, end in matcher(doc):
                    key = keys.get(match_id)
                    if key is None:
                        owner, term = strings[match_id].split(TERM_SEPARATOR, 1)
                        key = keys[match_id] = (owner, term)
                    owner, term = key
                    found.setdefault(owner, []).append((term, start, end))
            user_data[self._terms_slot] = found
        return found.get(prefix, [])

    def add(self, name: str, pattern: list, dependency: bool = False) -> str:
        """Add one pattern under a key of its own (or of its identical twin); returns it."""
        identity = json.dumps([dependency, pattern], sort_keys=True, ensure_ascii=False)
        if identity in self._keys:
            return self._keys[identity]
        self.count += 1
        key = f"{name}#{self.count}"
        if dependency:
            self.matcher.add_dependency(key, pattern)
        else:
            self.matcher.add(key, pattern)
        self._keys[identity] = key
        return key

    def matches(self, doc: Doc, keys: tuple[str, ...]) -> list[tuple[str, int, int]]:
        user_data = _user_data(doc)
        found = user_data.get(self._slot)
        if found is None:
            found = {}
            strings = doc.vocab.strings
            tokens, dependencies = self.matcher(doc) if self.count else ([], [])
            for match_id, start, end in tokens:
                found.setdefault(strings[match_id], []).append((start, end))
            for match_id, token_ids in dependencies:
                span = (min(token_ids), max(token_ids) + 1)
                found.setdefault(strings[match_id], []).append(span)
            user_data[self._slot] = found
        return [(key, s, e) for key in keys for s, e in found.get(key, ())]


TERM_SEPARATOR = "\x1f"  # between a term list's prefix and the term in a match key


@dataclass
class TermMatches:
    """One term list's share of the shared PhraseMatchers; called like a PhraseMatcher
    (match keys are the terms themselves)."""

    shared: SharedTokenMatcher
    prefix: str

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        return self.shared.term_matches(doc, self.prefix)


@dataclass
class TokenPatterns:
    """One rule's share of a :class:`SharedTokenMatcher`; called like a spaCy Matcher."""

    shared: SharedTokenMatcher
    keys: tuple[str, ...]

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        return self.shared.matches(doc, self.keys)


@dataclass
class CompiledMatcher:
    """Finds matches of one matcher spec in a Doc."""

    phrase: TermMatches | FormTerms | None = None
    tokens: TokenPatterns | None = None
    dependency: TokenPatterns | None = None
    unless: TokenPatterns | None = None
    exceptions: TermMatches | FormTerms | None = None
    compound_heads: CompoundHeads | None = None
    surface: TermMatches | None = None
    replacements: dict[str, str] = field(default_factory=dict)
    description: str = ""
    roles: frozenset[str] = frozenset()  # whole sentences with one of these roles
    # ... whose score for that role is above their score for each of these roles
    roles_over: frozenset[str] = frozenset()
    # a letter-level question (tonecheck/nlp/letter_aggregate.py): when the letter has it,
    # its most likely sentence matches
    letter_has: str = ""

    def __call__(self, doc: Doc) -> list[MatchSpan]:
        found: list[MatchSpan] = []
        if self.roles:
            found += [(r.start, r.end, "") for r in roles_of_doc(doc) if self._has_role(r)]
        if self.letter_has:
            answer = letter_answers(doc).get(self.letter_has)
            if answer is not None and answer.present and answer.best is not None:
                found.append((answer.best.start, answer.best.end, ""))
        for term_matcher in (self.phrase, self.surface, self.compound_heads):
            if term_matcher is None:
                continue
            for key, start, end in term_matcher(doc):
                found.append((start, end, self.replacements.get(key, "")))
        if self.tokens is not None:
            found += [(s, e, "") for _, s, e in self.tokens(doc)]
        if self.dependency is not None:
            found += [(s, e, "") for _, s, e in self.dependency(doc)]
        return self._filter(doc, _longest_first(found))

    def _has_role(self, sentence: SentenceRoles) -> bool:
        """One of :attr:`roles`, read more strongly than every role of :attr:`roles_over`
        (a role the sentence has by its parse, not its score, needs no comparison)."""
        scores = sentence.scores
        return any(
            role in sentence.gained
            or all(scores[role] > scores[rival] for rival in self.roles_over - self.roles)
            for role in sentence.roles & self.roles
        )

    def _filter(self, doc: Doc, found: list[MatchSpan]) -> list[MatchSpan]:
        blocked: list[tuple[int, int]] = []
        if self.unless is not None:
            blocked += [(s, e) for _, s, e in self.unless(doc)]
        if self.exceptions is not None:
            blocked += [(s, e) for _, s, e in self.exceptions(doc)]
        if not blocked:
            return found
        return [m for m in found if not any(s < m[1] and m[0] < e for s, e in blocked)]


def _longest_first(found: list[MatchSpan]) -> list[MatchSpan]:
    """Drop matches inside a longer match; keep document order."""
    kept: list[MatchSpan] = []
    for match in sorted(set(found), key=lambda m: (m[0], -(m[1] - m[0]))):
        if kept and match[0] < kept[-1][1] and match[1] <= kept[-1][1]:
            continue
        kept.append(match)
    return kept


def _term_docs(nlp: Language, terms: list[str], by_lemma: bool) -> list[Doc]:
    """Pattern docs. Lemma terms are written as lemmas ("afwijzen", "in aanmerking komen"),
    so each word is its own lemma; no pipeline run is needed."""
    docs = [nlp.make_doc(term) for term in terms]
    if not by_lemma:
        return docs
    lemma_docs = []
    for doc in docs:
        lemma_doc = Doc(nlp.vocab, words=[t.text for t in doc], lemmas=[t.lower_ for t in doc])
        for token in lemma_doc:
            token.norm_ = token.lower_
        lemma_docs.append(lemma_doc)
    return lemma_docs


def compile_matcher(
    nlp: Language, spec: dict, name: str, shared: SharedTokenMatcher | None = None
) -> CompiledMatcher:
    """Compile a matcher spec (``terms``/``patterns``/``dependency``/``unless``/``exceptions``);
    token patterns go into ``shared`` (a new one when not given)."""
    shared = shared or SharedTokenMatcher(nlp)
    compiled = CompiledMatcher()
    match = spec.get("match", "text")
    by_lemma = match == "lemma"
    # lemma matching uses NORM: the lower-cased lemma (see tonecheck.nlp.components);
    # exact matching ORTH, as written (abbreviations: "ZIN" is not "zin")
    attr = {"lemma": "NORM", "exact": "ORTH"}.get(match, "LOWER")
    described: list[str] = []  # what it matches, in words (Dutch, for rule authors)
    terms = spec.get("terms")
    if terms:
        mapping = dict(terms) if isinstance(terms, dict) else dict.fromkeys(terms, "")
        if match == "forms":  # every form of each entry (tonecheck.engine.lemma_terms)
            compiled.phrase = FormTerms.compile(nlp, list(mapping))
        else:
            variants = (
                [[nlp.make_doc(s) for s in spellings(t)] for t in mapping]
                if match == "exact"
                else [[d] for d in _term_docs(nlp, [t.lower() for t in mapping], by_lemma)]
            )
            compiled.phrase = shared.add_terms(
                f"{name}:terms", attr, dict(zip(mapping, variants, strict=True))
            )
        compiled.replacements = {term: mapping[term] or "" for term in mapping}
        if by_lemma:
            # a lemma term also matches where it stands literally, so a lemmatizer slip
            # ("eerst" lemmatised as "één") does not hide it
            compiled.surface = shared.add_terms(
                f"{name}:surface", "LOWER", {t: [nlp.make_doc(t.lower())] for t in mapping}
            )
        on = MATCH_NAMES.get(match, "woordvorm")
        described.append(f"{len(mapping)} {_plural(len(mapping), 'term', 'termen')} (op {on})")
        if spec.get("compounds"):
            compiled.compound_heads = _compound_matcher(mapping)
            described[-1] += " (ook als eind van een samenstelling)"
    if spec.get("roles"):
        compiled.roles = frozenset(spec["roles"])
        described.append(f"zinnen met de rol {' of '.join(spec['roles'])}")
        if spec.get("roles_over"):
            compiled.roles_over = frozenset(spec["roles_over"])
            described[-1] += f", sterker dan {', '.join(spec['roles_over'])}"
    if spec.get("letter_has"):
        compiled.letter_has = spec["letter_has"]
        what = AGGREGATES[spec["letter_has"]].description
        described.append(f"{what} in de brief als geheel (oordeel over de hele brief)")
    if spec.get("patterns"):
        compiled.tokens = _token_patterns(shared, spec["patterns"], name, "patterns")
        count = len(spec["patterns"])
        described.append(f"{count} {_plural(count, 'woordpatroon', 'woordpatronen')}")
    if spec.get("dependency"):
        compiled.dependency = _token_patterns(
            shared, [list(p) for p in spec["dependency"]], name, "dependency", dependency=True
        )
        count = len(spec["dependency"])
        described.append(f"{count} {_plural(count, 'dependency-patroon', 'dependency-patronen')}")
    if spec.get("unless"):
        compiled.unless = _token_patterns(shared, spec["unless"], name, "unless")
    if spec.get("exceptions"):
        if match == "forms":
            compiled.exceptions = FormTerms.compile(nlp, list(spec["exceptions"]))
        else:
            docs = _term_docs(nlp, [e.lower() for e in spec["exceptions"]], by_lemma)
            exception_attr = "LOWER" if match == "exact" else attr
            compiled.exceptions = shared.add_terms(f"{name}:exceptions", exception_attr, {"": docs})
    compiled.description = " of ".join(described)
    return compiled


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


@dataclass
class CompoundHeads:
    """Single-word terms also match as the last part of a Dutch compound
    ("verordening" in "Afvalstoffenverordening"). Returns (term, start, end) like a
    spaCy matcher, with the term itself as the match key."""

    terms: tuple[str, ...]

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        found = []
        for i, text in enumerate(lower_texts(doc)):
            if not text.endswith(self.terms):  # one C-level test for all terms
                continue
            for term in self.terms:
                if len(text) > len(term) and text.endswith(term) and text[-len(term) - 1].isalpha():
                    found.append((term, i, i + 1))
                    break
        return found


def _compound_matcher(mapping: dict[str, str]) -> CompoundHeads:
    return CompoundHeads(tuple(t.lower() for t in mapping if " " not in t.strip()))


def _token_patterns(
    shared: SharedTokenMatcher, patterns: list, name: str, key: str, dependency: bool = False
) -> TokenPatterns:
    keys = []
    for i, pattern in enumerate(patterns):
        # each REGEX runs on RE2 (linear time); one it cannot run is refused at its place
        for path, expression in regex_values(pattern):
            reason = refused(expression)
            if reason:
                raise PatternError(reason, [key, i, *path])
        try:
            keys.append(shared.add(f"{name}:{key}:{i}", plain(pattern), dependency))
        except RegexPatternError as exc:
            raise PatternError(str(exc), [key, i, *exc.path]) from None
        except (ValueError, KeyError, TypeError) as exc:
            raise PatternError(pattern_problem(_first_line(exc)), [key, i]) from None
    return TokenPatterns(shared, tuple(keys))


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:300]
