"""A letter that clearly grants and clearly refuses is a partial grant
(``both_decisions`` in rules/structure/letter-types.yml)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_rule_validation import _broken_structure
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.both_decisions import with_both_decisions
from tonecheck.nlp.letter import understand
from tonecheck.nlp.letter_type import LetterType
from tonecheck.nlp.role_names import ROLES
from tonecheck.nlp.roles import SentenceRoles
from tonecheck.nlp.structure import load_structure
from tonecheck.nlp.structure_spec import read_structure

GRANT = "U krijgt de vergunning voor drie appartementen."
REFUSAL = "Voor een vierde appartement krijgt u geen vergunning."
TEXT = f"{GRANT} {REFUSAL}"


def _said(start: int, text: str, role: str, score: float, zone: str = "body", gained=False):
    scores = dict.fromkeys(ROLES, 0.0) | {role: score}
    given = frozenset({role}) if score >= 0.45 or gained else frozenset()
    end = start + len(text)
    gains = given if gained else frozenset()
    return SentenceRoles(0, 1, start, end, zone, scores, given, gained=gains)


def _roles(grant: float = 0.95, refusal: float = 0.9, **refusal_kind) -> list[SentenceRoles]:
    return [
        _said(0, GRANT, "decision-positive", grant),
        _said(len(GRANT) + 1, REFUSAL, "decision-negative", refusal, **refusal_kind),
    ]


def _read(label: str, ruled_out: tuple[str, ...] = ()) -> LetterType:
    return LetterType(label=label, confidence=0.9, evidence=GRANT, ruled_out=ruled_out)


@pytest.fixture(scope="module")
def letter_types():
    return load_structure().letter_types


@pytest.mark.parametrize("read_as", ["toekenning", "afwijzing"])
def test_a_clear_grant_and_a_clear_refusal_make_a_partial_grant(letter_types, read_as):
    document = read_text(TEXT, "t")
    found = with_both_decisions(_read(read_as), _roles(), document, letter_types)
    assert found.label == "gedeeltelijke-toekenning"
    # the refused part is what the rules about bad news look at
    assert found.evidence == REFUSAL
    assert document.text[slice(*found.evidence_span)] == REFUSAL
    assert found.confidence == 0.9  # the less clear of the two decisions


@pytest.mark.parametrize(
    ("roles", "why"),
    [
        (_roles(refusal=0.6), "the refusal is unsure"),
        (_roles(grant=0.5), "the grant is unsure"),
        (_roles()[:1], "nothing is refused"),
        ([_roles()[0], replace(_roles()[1], zone="closing")], "the refusal is no running text"),
    ],
)
def test_an_unclear_second_decision_changes_nothing(letter_types, roles, why):
    found = with_both_decisions(_read("toekenning"), roles, read_text(TEXT, "t"), letter_types)
    assert found.label == "toekenning", why


def test_a_refusal_the_parse_gives_is_clear_whatever_its_score(letter_types):
    roles = _roles(refusal=0.2, gained=True)  # role-evidence.yml: "… krijgt u geen …"
    found = with_both_decisions(_read("toekenning"), roles, read_text(TEXT, "t"), letter_types)
    assert found.label == "gedeeltelijke-toekenning"


def test_only_the_types_named_are_changed(letter_types):
    document = read_text(TEXT, "t")
    for label in ("terugvordering", "beslissing-op-bezwaar", "overig"):
        assert with_both_decisions(_read(label), _roles(), document, letter_types).label == label
    ruled_out = _read("toekenning", ruled_out=("gedeeltelijke-toekenning",))
    assert with_both_decisions(ruled_out, _roles(), document, letter_types).label == "toekenning"


class _ReadAsGrant:
    """Stands in for the learned letter type: reads every letter as a grant."""

    def classify(self, document, rule_based, roles, bad_news_types=()):
        return replace(rule_based, label="toekenning", confidence=0.9)


def test_a_letter_read_as_a_grant_brings_the_bad_news_of_its_refusal(nlp):
    """End to end, with the role model's own scores for the two sentences."""
    spec = replace(load_structure(), letter_type_model=_ReadAsGrant(), bad_news_model=None)
    closing = "Met vriendelijke groet,\n\nGemeente Zwolle\n"
    text = f"Geachte heer Jansen,\n\n{GRANT}\n\n{REFUSAL}\n\n{closing}"
    letter = understand(nlp, spec, read_text(text, "t"))
    assert letter.letter_type.label == "gedeeltelijke-toekenning"
    assert letter.letter_type.bad_news


def test_an_unknown_type_in_both_decisions_names_the_line(tmp_path):
    line, error = _broken_structure(
        tmp_path,
        "letter-types.yml",
        "from: [toekenning, afwijzing]",
        "from: [toekenning, weigering]",
        read_structure,
    )
    assert f"letter-types.yml:{line}:" in error
    assert "onbekend brieftype 'weigering'" in error
