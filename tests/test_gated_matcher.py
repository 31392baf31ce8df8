"""The gated matcher finds exactly what spaCy's Matcher and DependencyMatcher find."""

from __future__ import annotations

import json
import random

import pytest
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Token

from tests.conftest import ROOT, SAMPLES, SHARED
from tonecheck.engine.gated_matcher import GatedMatcher
from tonecheck.engine.gates import decided_by_gates, max_length, needed_gates, pattern_gates


def _letter_texts() -> list[str]:
    from tonecheck.documents import read_document

    paths = sorted(SAMPLES.iterdir()) + sorted((ROOT / "eval" / "corpus").iterdir())
    if (SHARED / "real-letters").is_dir():
        paths += sorted((SHARED / "real-letters").iterdir())
    return [read_document(str(p)).text for p in paths if p.suffix in {".txt", ".docx", ".md"}]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(_letter_texts()))


def _spacy_results(vocab, token_patterns: dict, dependency_patterns: dict, doc):
    tokens, dependencies = Matcher(vocab), DependencyMatcher(vocab)
    for key, pattern in token_patterns.items():
        tokens.add(key, [pattern])
    for key, pattern in dependency_patterns.items():
        dependencies.add(key, [pattern])
    found_tokens = tokens(doc) if token_patterns else []
    found_dependencies = dependencies(doc) if dependency_patterns else []
    return _canonical(found_tokens, found_dependencies)


def _canonical(tokens, dependencies):
    return sorted(set(tokens)), sorted({(k, tuple(ids)) for k, ids in dependencies})


def _gated(vocab, token_patterns: dict, dependency_patterns: dict) -> GatedMatcher:
    matcher = GatedMatcher(vocab)
    for key, pattern in token_patterns.items():
        matcher.add(key, pattern)
    for key, pattern in dependency_patterns.items():
        matcher.add_dependency(key, pattern)
    return matcher


def _default_patterns(nlp) -> tuple[dict, dict]:
    from tonecheck.engine.loader import load_rules
    from tonecheck.nlp.structure import load_structure
    from tonecheck.paths import default_rules_dir

    rules = load_rules([default_rules_dir()], nlp, load_structure())
    shared = next(
        r.check.matcher.tokens.shared
        for r in rules.rules
        if getattr(getattr(r.check, "matcher", None), "tokens", None) is not None
    )
    token_patterns, dependency_patterns = {}, {}
    for identity, key in shared._keys.items():
        dependency, pattern = json.loads(identity)
        (dependency_patterns if dependency else token_patterns)[key] = pattern
    return token_patterns, dependency_patterns


def test_default_rule_patterns_match_as_spacy_does_on_every_letter(nlp, docs):
    token_patterns, dependency_patterns = _default_patterns(nlp)
    # (fewer since the core checks ask for sentence roles instead of patterns)
    assert len(token_patterns) > 20 and len(dependency_patterns) >= 3
    gated = _gated(nlp.vocab, token_patterns, dependency_patterns)
    matched = 0
    for doc in docs:
        expected = _spacy_results(nlp.vocab, token_patterns, dependency_patterns, doc)
        assert _canonical(*gated(doc)) == expected, doc.text[:80]
        matched += len(expected[0]) + len(expected[1])
    assert matched > 500  # the comparison covers real matches, not only empty results


EDGE_PATTERNS = {
    "optional-end": [{"LOWER": "u"}, {"NORM": "kunnen"}, {"IS_PUNCT": False, "OP": "?"}],
    "negated-end": [{"LOWER": "niet"}, {"LOWER": "zonder", "OP": "!"}],
    "bounded": [{"LOWER": {"IN": ["wij", "we"]}}, {"OP": "{0,3}"}, {"NORM": "hebben"}],
    "at-least": [{"LOWER": "u"}, {"OP": "{2,}"}, {"IS_PUNCT": True}],
    "star": [{"LOWER": "de"}, {"OP": "*"}, {"LOWER": "bezwaar"}],
    "plus-first": [{"IS_DIGIT": True, "OP": "+"}, {"LOWER": "euro"}],
    "flags": [{"LIKE_NUM": True}, {"IS_UPPER": True, "OP": "?"}],
    "regex-and-in": [{"LOWER": {"IN": ["artikel", "art."], "NOT_IN": ["art."]}}],
    "two-gates": [{"LOWER": "een"}, {"POS": "NOUN", "LEMMA": {"IN": ["besluit", "aanvraag"]}}],
    "text": [{"TEXT": "U"}],
    "any-first": [{}, {"LOWER": "bezwaar"}],
    # REGEX in every form spaCy takes, run on RE2 instead (tonecheck.engine.regex_predicates)
    "regex-in": [{"LOWER": {"REGEX": {"IN": ["^bezwa", "ing$"]}}}, {"POS": "ADP"}],
    "regex-not-in": [{"LOWER": "de"}, {"LOWER": {"REGEX": {"NOT_IN": ["ing$", "^a"]}}}],
    "regex-and-not-in": [
        {"LOWER": {"REGEX": "^(on|be)", "NOT_IN": ["bezwaar"]}},
        {"IS_PUNCT": True},
    ],
    "regex-unicode": [
        {"TEXT": {"REGEX": r"^[^\W\d_]+$"}, "IS_TITLE": True},
        {"TEXT": {"REGEX": r"^\d"}},
    ],
    "regex-ignorecase": [{"NORM": {"REGEX": "(?i)^U$"}}, {"LEMMA": {"REGEX": "^(kunnen|mogen)$"}}],
    "regex-reach": [{"LOWER": "u"}, {"OP": "{0,4}"}, {"LEMMA": {"REGEX": "^(be|ont)"}}],
    "regex-extension": [{"_": {"test_shape": {"REGEX": "^Xx+$"}}}, {"LOWER": "van"}],
    "regex-pos": [{"POS": {"REGEX": "^(AUX|VERB)$"}}, {"LOWER": "niet"}],
}
EDGE_DEPENDENCIES = {
    "child": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subj", "RIGHT_ATTRS": {"LOWER": "u"}},
    ],
    "head": [
        {"RIGHT_ID": "u", "RIGHT_ATTRS": {"LOWER": "u"}},
        {"LEFT_ID": "u", "REL_OP": "<", "RIGHT_ID": "verb", "RIGHT_ATTRS": {}},
    ],
    "descendant-any": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"DEP": "ROOT"}},
        {"LEFT_ID": "verb", "REL_OP": ">>", "RIGHT_ID": "neg", "RIGHT_ATTRS": {"LOWER": "niet"}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "any", "RIGHT_ATTRS": {}},
    ],
    "ancestor": [
        {"RIGHT_ID": "neg", "RIGHT_ATTRS": {"LOWER": {"IN": ["niet", "geen"]}}},
        {"LEFT_ID": "neg", "REL_OP": "<<", "RIGHT_ID": "up", "RIGHT_ATTRS": {"POS": "VERB"}},
    ],
    "sibling-fallback": [
        {"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": "u"}},
        {"LEFT_ID": "a", "REL_OP": ".", "RIGHT_ID": "b", "RIGHT_ATTRS": {"POS": "AUX"}},
    ],
    "not-in-and-labels": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": {"IN": ["VERB", "AUX"]}}},
        {
            "LEFT_ID": "verb",
            "REL_OP": ">",
            "RIGHT_ID": "subj",
            "RIGHT_ATTRS": {"DEP": "nsubj", "LOWER": {"NOT_IN": ["u", "je"]}},
        },
    ],
    "ungated": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj", "RIGHT_ATTRS": {"DEP": "obj"}},
    ],
    "regex-nodes": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"REGEX": "^(be|ont)"}, "POS": "VERB"}},
        {
            "LEFT_ID": "verb",
            "REL_OP": ">",
            "RIGHT_ID": "subj",
            "RIGHT_ATTRS": {"LOWER": {"REGEX": {"IN": ["^u$", "^wij$", "^we$"]}}},
        },
    ],
    "regex-fallback": [
        {"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"REGEX": "^(u|wij)$"}}},
        {
            "LEFT_ID": "a",
            "REL_OP": ".",
            "RIGHT_ID": "b",
            "RIGHT_ATTRS": {"TAG": {"REGEX": r"^WW\|pv"}},
        },
    ],
}


def test_operators_and_edge_cases_match_as_spacy_does(nlp, docs):
    Token.set_extension("test_shape", getter=lambda token: token.shape_, force=True)
    gated = _gated(nlp.vocab, EDGE_PATTERNS, EDGE_DEPENDENCIES)
    found = {key: 0 for key in [*EDGE_PATTERNS, *EDGE_DEPENDENCIES]}
    for doc in docs:
        expected = _spacy_results(nlp.vocab, EDGE_PATTERNS, EDGE_DEPENDENCIES, doc)
        assert _canonical(*gated(doc)) == expected, doc.text[:80]
        for key, *_ in expected[0] + expected[1]:
            found[nlp.vocab.strings[key]] += 1
    # every edge case matched somewhere, else the comparison proves little
    assert [key for key, count in found.items() if not count] == []


@pytest.mark.slow
def test_random_patterns_built_from_the_letters_words(nlp, docs):
    """Patterns of 1-4 tokens from words that occur, with random operators."""
    rng = random.Random(11)
    words = sorted({t.lower_ for doc in docs[:8] for t in doc if t.is_alpha})
    lemmas = sorted({t.norm_ for doc in docs[:8] for t in doc if t.is_alpha})
    ops = ["1", "1", "1", "?", "*", "+", "!", "{0,2}", "{1,3}"]

    def token() -> dict:
        choice = rng.random()
        if choice < 0.4:
            spec = {"LOWER": {"IN": rng.sample(words, 3)}}
        elif choice < 0.6:
            spec = {"NORM": rng.choice(lemmas)}
        elif choice < 0.75:
            spec = {"POS": rng.choice(["NOUN", "VERB", "ADP", "DET", "PRON"])}
        elif choice < 0.8:
            spec = {"LIKE_NUM": True}
        elif choice < 0.9:
            attr = rng.choice(["LOWER", "TEXT", "NORM"])
            spec = {attr: {"REGEX": rng.choice(["^[0-9]", "(ing|tie)$", "^u", "^[A-Z]", "en$"])}}
        else:
            spec = {}
        op = rng.choice(ops)
        return spec | ({"OP": op} if op != "1" else {})

    patterns = {f"random-{i}": [token() for _ in range(rng.randint(1, 4))] for i in range(150)}
    gated = _gated(nlp.vocab, patterns, {})
    total = 0
    for doc in docs[:20]:
        expected = _spacy_results(nlp.vocab, patterns, {}, doc)
        assert _canonical(*gated(doc)) == expected
        total += len(expected[0])
    assert total > 100


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ([{"LOWER": "u"}], 1),
        ([{"LOWER": "u"}, {"OP": "?"}, {"OP": "!"}], 3),
        ([{"LOWER": "u"}, {"OP": "{0,6}"}, {"NORM": "vragen"}], 8),
        ([{"LOWER": "u"}, {"OP": "{3}"}], 4),
        ([{"LOWER": "u"}, {"OP": "*"}], float("inf")),
        ([{"LOWER": "u"}, {"OP": "{2,}"}], float("inf")),
    ],
)
def test_max_length(pattern, expected):
    assert max_length(pattern) == expected


def test_gates_come_from_fixed_leading_tokens_only(nlp):
    strings = nlp.vocab.strings
    gates = pattern_gates(
        [{"LOWER": "u"}, {"NORM": {"IN": ["kunnen", "mogen"]}}, {"OP": "?"}, {"LOWER": "x"}],
        strings,
    )
    assert [(offset, name) for offset, name, _ in gates] == [(0, "LOWER"), (1, "NORM")]
    assert gates[1][2] == {strings["kunnen"], strings["mogen"]}
    # NOT_IN, POS, a REGEX mixed with other operators and common flags are left to spaCy
    assert pattern_gates([{"LOWER": {"NOT_IN": ["u"]}}, {"POS": "VERB"}], strings) == []
    assert pattern_gates([{"LOWER": {"REGEX": "^u", "NOT_IN": ["uw"]}}], strings) == []
    # a REGEX alone on a string attribute is a gate, tried once per distinct string
    [(offset, name, _)] = pattern_gates([{"TEXT": {"REGEX": "^0[0-9]+$"}}], strings)
    assert (offset, name) == (0, "REGEX:ORTH:^0[0-9]+$")
    assert decided_by_gates([{"TEXT": {"REGEX": "^0[0-9]+$"}}], strings)
    assert pattern_gates([{"IS_ALPHA": True}], strings) == []
    assert decided_by_gates([{"LOWER": "niet"}, {"LOWER": {"IN": ["zonder"]}}], strings)
    assert not decided_by_gates([{"LOWER": "niet"}, {"POS": "ADP"}], strings)
    assert not decided_by_gates([{"LOWER": "niet", "OP": "?"}], strings)


def test_patterns_without_gates_run_only_where_the_words_they_need_occur(nlp):
    """A pattern with no fixed leading word still needs its required words somewhere
    ("door" in the passive patterns): on a Doc without them its Matcher does not run,
    and what it finds elsewhere is spaCy's."""
    strings = nlp.vocab.strings
    passive = [
        {"POS": "VERB"},
        {"OP": "*", "POS": "AUX"},
        {"LOWER": "door"},
        {"LOWER": {"NOT_IN": ["middel"]}},
        {"NORM": "gemeente", "OP": "+"},
        {"LOWER": "x", "OP": "?"},
    ]
    assert pattern_gates(passive, strings) == []
    needed = needed_gates(passive, strings)
    assert [(name, values) for _, name, values in needed] == [
        ("LOWER", {strings["door"]}),
        ("NORM", {strings["gemeente"]}),
    ]
    gated = _gated(nlp.vocab, {"passive": passive}, {})
    ran = []
    gated._ungated = _Recording(gated._ungated, ran)
    for text in ["Het besluit is genomen door de gemeente.", "Wij hebben het besluit genomen."]:
        doc = nlp(text)
        expected = _spacy_results(nlp.vocab, {"passive": passive}, {}, doc)
        assert _canonical(*gated(doc)) == expected
    assert ran == ["Het besluit is genomen door de gemeente."]


class _Recording:
    """A Matcher that notes the texts it runs on."""

    def __init__(self, matcher, ran: list[str]) -> None:
        self.matcher, self.ran = matcher, ran

    def __call__(self, doc):
        self.ran.append(doc.text)
        return self.matcher(doc)
