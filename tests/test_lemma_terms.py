"""Term lists matched in every form (``match: forms``, issue 24): each way an entry can
be written, with inflected, conjugated and split forms, and the look-alikes it must
leave alone. The rule files here are small and written for the test; the default lists
are tested in test_plain_language_lists.py."""

from __future__ import annotations

import pytest

from tests.rule_helpers import EXAMPLES, findings_for, write_rules

RULE = (
    """\
rules:
  - id: test.vormen
    category: plain-language
    level: suggestion
    message: "'{match}'"
    suggestion: "{replacement}"
    check:
      kind: terms
      match: forms
      terms:
TERMS
"""
    + EXAMPLES
)


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    """One rule with one entry of each kind."""
    terms = {
        "adequaat": "goed",
        "summier": "kort",
        "implicatie": "gevolg",
        "evalueren": "bekijken",
        "beogen": "willen",
        "berichten": "laten weten",
        "achten": "vinden",
        "verzoeken": "vragen",
        "vernemen": "horen",
        "aan|wenden": "gebruiken",
        "toe|zenden": "sturen",
        "zorg <dragen> voor": "zorgen voor",
        "voornemens <zijn>": "van plan zijn",
        "in kennis <stellen>": "laten weten",
        "<dienen> te": "moeten",
        "over|gaan tot": "beginnen met",
        "gevolg <geven> aan": "doen",
        "in geval van": "bij",
        "ten behoeve van": "voor",
    }
    body = "\n".join(f"        {term}: {plain}" for term, plain in terms.items())
    folder = tmp_path_factory.mktemp("regels")
    return write_rules(folder, RULE.replace("TERMS", body))


def flagged(nlp, rules, text: str) -> list[str]:
    return [f.excerpt for f in findings_for(nlp, rules, text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Er is geen adequate oplossing.", "adequate"),
        ("Wij zoeken een adequatere oplossing.", "adequatere"),
        ("Dit is de adequaatste oplossing.", "adequaatste"),
        ("Uw toelichting was erg summier.", "summier"),
        ("Wij bekijken de implicaties van dit besluit.", "implicaties"),
    ],
)
def test_a_word_is_found_inflected_compared_and_in_the_plural(nlp, rules, text, words):
    assert flagged(nlp, rules, text) == [words]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Na een jaar evalueer ik de afspraken met u.", "evalueer"),
        ("De regeling wordt volgend jaar geëvalueerd.", "geëvalueerd"),
        ("Wat beoogt u met dit verzoek?", "beoogt"),
        ("Het beoogde resultaat is niet gehaald.", "beoogde"),
        ("De gemeente beoogde iets anders.", "beoogde"),
        ("Hierbij bericht ik u over de uitkomst.", "bericht"),
        ("De commissie acht uw klacht gegrond.", "acht"),
        ("U wordt geacht de regels te kennen.", "geacht"),
        ("Wij hebben u verzocht de stukken te sturen.", "verzocht"),
        ("Wij vernamen dat u bent verhuisd.", "vernamen"),
    ],
)
def test_a_verb_is_found_in_every_conjugation(nlp, rules, text, words):
    assert flagged(nlp, rules, text) == [words]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Het geld is niet aangewend voor de huur.", "aangewend"),
        ("Als u het geld anders aanwendt, betaalt u het terug.", "aanwendt"),
        ("U wendt het geld aan voor de huur.", "wendt het geld aan"),
        ("U bent verplicht het bedrag aan te wenden voor de huur.", "aan te wenden"),
        (
            "Wij zenden u het rapport binnen een week toe.",
            "zenden u het rapport binnen een week toe",
        ),
        ("De stukken zijn u op 3 mei toegezonden.", "toegezonden"),
    ],
)
def test_a_separable_verb_is_found_joined_and_split(nlp, rules, text, words):
    assert flagged(nlp, rules, text) == [words]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("De verhuurder moet zorg dragen voor het onderhoud.", "zorg dragen voor"),
        ("De gemeente draagt zorg voor het vervoer.", "draagt zorg voor"),
        ("Wij vragen uw broer om zorg voor hem te dragen.", "zorg voor hem te dragen"),
        ("Wij zijn voornemens de boom te kappen.", "zijn voornemens"),
        ("Wij zijn weer voornemens de regels aan te passen.", "zijn weer voornemens"),
        ("Het college was voornemens de weg af te sluiten.", "was voornemens"),
        ("Wij stellen u hierbij in kennis van ons besluit.", "stellen u hierbij in kennis"),
        ("Wij zijn niet in kennis gesteld van uw verhuizing.", "in kennis gesteld"),
        (
            "Het formulier dient binnen twee weken bij ons te zijn.",
            "dient binnen twee weken bij ons te",
        ),
        ("Wij gaan over tot invordering van het bedrag.", "gaan over tot"),
        ("Wij zijn overgegaan tot beslag op uw loon.", "overgegaan tot"),
        ("U heeft geen gevolg gegeven aan onze oproep.", "gevolg gegeven aan"),
    ],
)
def test_a_phrase_with_a_verb_allows_other_word_orders_and_words_between(nlp, rules, text, words):
    assert flagged(nlp, rules, text) == [words]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("In geval van ziekte belt u ons.", "In geval van"),
        ("De subsidie is ten behoeve van de wijk.", "ten behoeve van"),
    ],
)
def test_a_phrase_without_a_verb_is_found_as_it_stands(nlp, rules, text, words):
    assert flagged(nlp, rules, text) == [words]


@pytest.mark.parametrize(
    "text",
    [
        # look-alikes of the entries' forms that are other words
        "U krijgt binnen acht weken bericht van ons.",  # bericht: a noun
        "Wij krijgen veel verzoeken om hulp.",  # verzoeken: the plural of verzoek
        "Om acht uur gaat het loket open.",  # acht: a number
        "U dient uw bezwaar in bij de rechtbank.",  # dient … in: indienen
        "Dit geld dient als buffer voor te hoge kosten.",  # 'als' starts another clause
        "De commissie ziet geen reden om hiervan af te wijken.",
        # the words of a phrase, but not the phrase
        "In dat geval krijgt u van ons een brief.",
        "Wat zijn uw voornemens voor volgend jaar?",  # plans, not 'voornemens zijn'
        "Veel mensen maken goede voornemens.",
        "De kosten van de zorg dragen wij voor een deel.",
        "Wij dragen de kosten van uw zorg.",
        "Het gesprek gaat over uw werk tot nu toe.",
        "Wij stellen u een paar vragen over uw kennis van de taal.",
        "Wij wenden ons tot de rechter.",  # wenden without 'aan'
        "Geef het geld aan uw zoon.",  # 'aan' without wenden
    ],
)
def test_look_alikes_and_scattered_words_are_not_found(nlp, rules, text):
    assert flagged(nlp, rules, text) == []


def test_an_exception_in_forms_mode_is_matched_in_every_form_too(nlp, tmp_path):
    body = RULE.replace(
        "TERMS", "        verzoeken: vragen\n      exceptions: [<verzoeken> om een gesprek]"
    )
    rules = write_rules(tmp_path, body)
    assert flagged(nlp, rules, "Wij verzochten om een gesprek met de wijkagent.") == []
    assert flagged(nlp, rules, "Wij verzochten u het bedrag te betalen.") == ["verzochten"]


def test_te_in_a_phrase_with_a_verb_is_te_before_an_infinitive(nlp, rules):
    assert flagged(nlp, rules, "De regeling dient een te groot doel.") == []
    assert flagged(nlp, rules, "Het bedrag dient niet te hoog te zijn.") == [
        "dient niet te hoog te"
    ]


def test_the_replacement_of_the_entry_is_given(nlp, rules):
    (finding,) = findings_for(nlp, rules, "Wij zijn voornemens de boom te kappen.")
    assert finding.suggestion == "van plan zijn"


def test_rules_show_says_the_terms_match_in_every_form(nlp, rules):
    from tonecheck.engine.loader import load_rules
    from tonecheck.nlp.structure import load_structure

    (rule,) = load_rules([rules], nlp, load_structure()).rules
    assert "(op elke vorm)" in rule.check.explain()
