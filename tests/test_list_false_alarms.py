"""False alarms an outside test found (issue 24, point 3): an abbreviation matched
without its capitals, acronyms and Roman numerals taken for shouting, "niet
ontvankelijk" taken for a double negative, and sentences taken for passives that are
not. Each test also checks that the rule still finds what it is for."""

from __future__ import annotations

import pytest

from tonecheck.documents.text_reader import read_text


@pytest.fixture(scope="module")
def checker(nlp):
    from tonecheck.checker import Checker
    from tonecheck.engine.loader import load_rules
    from tonecheck.nlp.structure import load_structure
    from tonecheck.paths import default_rules_dir
    from tonecheck.report.score import load_score_spec

    structure = load_structure()
    rules = load_rules([default_rules_dir()], nlp, structure)
    return Checker(nlp, structure, rules, load_score_spec())


def found(checker, text: str, *rules: str) -> list[str]:
    """The words the given rules (or categories) flag in a text checked as a letter."""
    result = checker.check(read_text(text, "<test>"))
    return [f.excerpt for f in result.findings if f.rule in rules or f.category in rules]


# --- abbreviations keep their capitals: ZIN is zorg in natura, zin is a sentence


@pytest.mark.parametrize(
    "text",
    ["Heeft u zin in een gesprek?", "Deze zin is te lang.", "Zin om te komen? Bel ons."],
)
def test_the_word_zin_is_no_abbreviation(checker, text):
    assert found(checker, text, "duidelijk.afkorting") == []


@pytest.mark.parametrize(
    ("text", "abbreviation"),
    [
        ("U krijgt uw zorg als ZIN.", "ZIN"),
        ("U heeft recht op hulp uit de Wmo.", "Wmo"),
        ("U heeft recht op hulp uit de WMO.", "WMO"),
        ("U vraagt een pgb aan.", "pgb"),
        ("U vraagt een PGB aan.", "PGB"),
    ],
)
def test_an_abbreviation_is_found_as_it_is_written(checker, text, abbreviation):
    assert found(checker, text, "duidelijk.afkorting") == [abbreviation]


# --- capitals: acronyms and Roman numerals are no shouting


@pytest.mark.parametrize(
    "text",
    [
        "Nederland is lid van de NAVO.",
        "Onze website gebruikt HTTPS.",
        "Dit staat in hoofdstuk XXIV van de verordening.",
        "Maak het bedrag over naar NL12 BANK 0123 4567 89.",
    ],
)
def test_acronyms_and_roman_numerals_are_not_shouting(checker, text):
    assert found(checker, text, "toon.hoofdletters") == []


@pytest.mark.parametrize(
    ("text", "shouted"),
    [
        ("Dit is BELANGRIJK voor uw uitkering.", "BELANGRIJK"),
        ("Stuur het formulier NIET terug.", "NIET"),
        ("LET OP: u moet op tijd betalen.", "LET OP"),
    ],
)
def test_words_in_capitals_are_still_shouting(checker, text, shouted):
    assert found(checker, text, "toon.hoofdletters") == [shouted]


# --- double negatives: ont- and onder- are prefixes, not "on-"


def test_niet_ontvankelijk_is_no_double_negative(checker):
    text = "Uw bezwaar is niet ontvankelijk, omdat het te laat binnenkwam."
    assert found(checker, text, "duidelijk.dubbele-ontkenning") == []


@pytest.mark.parametrize(
    ("text", "negation"),
    [
        ("Het is niet onmogelijk dat u recht heeft op hulp.", "niet onmogelijk"),
        ("Wij zijn niet ontevreden over de uitvoering.", "niet ontevreden"),
    ],
)
def test_a_double_negative_is_still_found(checker, text, negation):
    assert found(checker, text, "duidelijk.dubbele-ontkenning") == [negation]


# --- passive: a form of worden/zijn with a past participle that belongs to it


@pytest.mark.parametrize(
    "text",
    [
        "De meningen daarover zijn dus heel uiteenlopend.",
        "Is die verklaring beslist nodig?",
        "Er zijn er uitleggen voor.",
    ],
)
def test_no_passive_without_a_past_participle(checker, text):
    assert found(checker, text, "passive") == []


@pytest.mark.parametrize(
    ("text", "passive"),
    [
        ("Uw aanvraag wordt afgewezen.", "wordt afgewezen"),
        ("Het bedrag wordt berekend op basis van uw inkomen.", "wordt berekend"),
        ("Over uw aanvraag is op 3 mei beslist.", "is op 3 mei beslist"),
        ("Bij de controle is het volgende geconstateerd.", "is het volgende geconstateerd"),
        ("Het bedrag is vervelend genoeg te laat betaald.", "is vervelend genoeg te laat betaald"),
    ],
)
def test_a_passive_is_still_found(checker, text, passive):
    assert passive in found(checker, text, "lijdend.vorm")


def test_the_passive_share_counts_only_real_passives(checker):
    not_passive = "De meningen zijn dus heel uiteenlopend. Er zijn er uitleggen voor. "
    assert found(checker, not_passive * 2, "lijdend.aandeel") == []
    passive = "Uw aanvraag is ontvangen. Deze wordt binnen acht weken behandeld. "
    assert found(checker, passive * 2, "lijdend.aandeel")
