"""Dutch word forms made by rule (tonecheck.engine.word_forms), the spellings of an
abbreviation, and the shape of a past participle (tonecheck.nlp.participles)."""

from __future__ import annotations

import pytest

from tonecheck.engine.word_forms import (
    adjective_forms,
    irregular_verbs,
    plural_forms,
    spellings,
    verb_forms,
)


@pytest.mark.parametrize(
    ("infinitive", "forms"),
    [
        ("constateren", {"constateer", "constateert", "constateerde", "geconstateerd"}),
        ("participeren", {"participeert", "participeerden", "geparticipeerd"}),
        ("beogen", {"beoog", "beoogt", "beoogde", "beoogd"}),
        ("behelzen", {"behelst", "behelsde"}),
        ("achten", {"acht", "achtte", "geacht", "geachte"}),
        ("evalueren", {"evalueer", "geëvalueerd"}),
        ("initiëren", {"initieert", "geïnitieerd"}),
        ("verstrekken", {"verstrekt", "verstrekte", "verstrekten"}),
        ("vigeren", {"vigerend", "vigerende"}),
    ],
)
def test_a_weak_verb_is_conjugated_by_rule(infinitive, forms):
    assert forms <= verb_forms(infinitive).joined


@pytest.mark.parametrize(
    ("infinitive", "forms", "not_forms"),
    [
        ("verzoeken", {"verzocht", "verzoekt"}, {"vergezocht", "gezocht"}),
        ("vernemen", {"vernam", "vernamen", "vernomen"}, {"genomen"}),
        ("zijn", {"is", "was", "waren", "geweest", "ben"}, {"zijt"}),
        ("onderwerpen", {"onderworpen", "onderwierp"}, set()),
    ],
)
def test_a_strong_verb_takes_its_past_from_the_table(infinitive, forms, not_forms):
    found = verb_forms(infinitive).joined
    assert forms <= found
    assert not (not_forms & found)


def test_a_separable_verb_has_its_forms_joined_and_without_the_particle():
    forms = verb_forms("wenden", "aan")
    assert {"aanwenden", "aanwendt", "aangewend", "aanwendde"} <= forms.joined
    assert {"wendt", "wend", "wenden", "wendde"} <= forms.split
    assert "aanvangen" not in forms.joined
    strong = verb_forms("vangen", "aan")
    assert {"aanving", "aangevangen"} <= strong.joined
    assert {"ving", "vingen"} <= strong.split


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("additioneel", {"additionele", "additioneler", "additioneelst"}),
        ("expliciet", {"expliciete", "explicieter", "explicietste"}),
        ("integraal", {"integrale"}),
        ("essentieel", {"essentiële"}),
        ("actief", {"actieve", "actiever"}),
        ("summier", {"summiere", "summierder"}),
    ],
)
def test_an_adjective_is_inflected_and_compared(word, forms):
    assert forms <= adjective_forms(word)


def test_words_ending_in_e_or_en_take_no_adjective_ending():
    assert adjective_forms("gedegen") == set()
    assert adjective_forms("mede") == set()


def test_a_noun_gets_its_plurals():
    assert {"implicaties"} <= plural_forms("implicatie")
    assert {"prioriteiten"} <= plural_forms("prioriteit")


def test_the_table_of_irregular_verbs_is_data():
    table = irregular_verbs()
    assert table["nemen"][-1] == "genomen"
    assert all(forms for forms in table.values())


@pytest.mark.parametrize(
    ("term", "written"),
    [
        ("ZIN", ["ZIN"]),
        ("Wmo", ["Wmo", "WMO"]),
        ("pgb", ["pgb", "PGB", "Pgb"]),
    ],
)
def test_an_abbreviation_keeps_its_capitals(term, written):
    assert spellings(term) == written


@pytest.mark.parametrize(
    ("sentence", "word", "past"),
    [
        ("Uw aanvraag wordt afgewezen.", "afgewezen", True),
        ("Het bedrag wordt berekend.", "berekend", True),
        ("Uw aanvraag is goedgekeurd.", "goedgekeurd", True),
        ("De meningen zijn dus heel uiteenlopend.", "uiteenlopend", False),
        ("Er zijn er uitleggen voor.", "uitleggen", False),
    ],
)
def test_a_past_participle_is_recognised_by_its_shape(nlp, sentence, word, past):
    from tonecheck.nlp.participles import is_past_participle

    doc = nlp(sentence)
    (token,) = [t for t in doc if t.text == word]
    if past:
        assert is_past_participle(token)
    else:
        assert not is_past_participle(token)
