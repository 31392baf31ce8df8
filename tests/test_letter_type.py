"""Letter type from the parse: lemmas, negation, passives, subject lines."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import SAMPLES
from tonecheck.documents import read_document
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.letter import understand
from tonecheck.nlp.letter_type import has_negative_decision
from tonecheck.nlp.letter_type_model import LetterTypeModel, letter_type_features
from tonecheck.nlp.role_names import ROLES
from tonecheck.nlp.roles import SentenceRoles
from tonecheck.nlp.structure import load_structure
from tonecheck.nlp.structure_spec import read_structure

CASES = [
    ("Uw aanvraag wordt afgewezen.", "afwijzing"),
    ("Wij wijzen uw aanvraag voor bijzondere bijstand af.", "afwijzing"),
    ("Wij kennen u geen bijstand toe.", "afwijzing"),
    ("Helaas moeten wij uw verzoek weigeren.", "afwijzing"),
    ("U komt niet in aanmerking voor een vergoeding.", "afwijzing"),
    ("Uw aanvraag is niet toegekend.", "afwijzing"),
    ("Wij hebben besloten dat u geen uitkering krijgt.", "afwijzing"),
    ("Wij wijzen uw aanvraag niet af. U krijgt de vergoeding.", "toekenning"),
    ("Wij kennen u de bijstand toe.", "toekenning"),
    ("Uw aanvraag is toegekend.", "toekenning"),
    ("Wij verlenen u de omgevingsvergunning voor de dakkapel.", "toekenning"),
    ("U krijgt een vergoeding voor de reiskosten van uw kind.", "toekenning"),
    ("U heeft recht op een uitkering van 1.250 euro per maand.", "toekenning"),
    (
        "U krijgt een vergoeding voor twee dagen opvang. Voor de derde dag krijgt u "
        "geen vergoeding.",
        "gedeeltelijke-toekenning",
    ),
    ("Wij hebben nog gegevens van u nodig. Stuur ons uw loonstroken.", "informatieverzoek"),
    ("Wij leggen u een last onder dwangsom op.", "handhaving"),
    ("Wij leggen u een boete op van 250 euro.", "boete"),
    ("Wij vorderen een bedrag van 812 euro van u terug.", "terugvordering"),
    ("U moet het te veel ontvangen bedrag terugbetalen.", "terugvordering"),
    ("Uw bezwaar is ongegrond.", "beslissing-op-bezwaar"),
    ("Wij verklaren uw bezwaar gegrond.", "beslissing-op-bezwaar"),
    ("Wij hebben uw aanvraag ontvangen.", "ontvangstbevestiging"),
    ("Wij nodigen u uit voor een gesprek op het gemeentehuis.", "overig"),
    # who acts decides: the sender refusing to pay is a refusal, the reader not reached is not
    ("Wij betalen de huurachterstand niet.", "afwijzing"),
    ("Wij betalen de aanpassing van uw badkamer.", "toekenning"),
    ("We kregen u vandaag niet aan de telefoon. We bellen morgen opnieuw.", "overig"),
    ("We missen nog een loonstrook van juni.", "informatieverzoek"),
    ("Daardoor kreeg u in maart 230 euro te veel.", "terugvordering"),
    ("Toch moeten wij het bedrag terugvragen.", "terugvordering"),
    # the negation may hang on the verb that governs the decision
    ("Het college heeft besloten u geen maatwerkvoorziening te verstrekken.", "afwijzing"),
    # a verb used as a noun, a wish and an intention are no decisions
    ("Er is geen noodzaak tot het verstrekken van een voorziening.", "overig"),
    ("U vroeg ons de huurachterstand van 900 euro te betalen.", "overig"),
    ("Wij zijn van plan u een last onder dwangsom op te leggen.", "voornemen"),
    ("Je hebt recht op studietoeslag.", "toekenning"),
]


@pytest.fixture(scope="module")
def spec():
    """The rule-based reading (rules/structure/letter-types.yml) these cases test; the
    learned letter type on top of it is measured on whole letters
    (training/roles/evaluate_letters.py)."""
    return replace(load_structure(), letter_type_model=None)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentence_gives_letter_type(nlp, spec, text, expected):
    letter = understand(nlp, spec, read_text(text, "<test>"))
    assert letter.letter_type.label == expected, letter.letter_type


def test_conditional_refusal_is_no_refusal(nlp, spec):
    letter = understand(
        nlp, spec, read_text("Als u de gegevens niet stuurt, wijzen wij uw aanvraag af.", "t")
    )
    assert letter.letter_type.label != "afwijzing"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Wij kennen u de subsidie toe. Het niet voldoen aan de verplichtingen kan tot "
            "gevolg hebben dat u de subsidie helemaal of gedeeltelijk moet terugbetalen.",
            "toekenning",
        ),
        ("Dat kan betekenen dat wij uw uitkering stopzetten.", "overig"),
        ("Het is mogelijk dat wij de subsidie van u terugvorderen.", "overig"),
        # a possibility denied, or a consequence stated, is still a decision
        ("Wij vorderen de subsidie van u terug.", "terugvordering"),
        ("Dit betekent dat wij de subsidie van u terugvorderen.", "terugvordering"),
    ],
)
def test_what_may_happen_is_no_decision(nlp, spec, text, expected):
    """A clause that completes a possibility ('kan tot gevolg hebben dat …', 'kan
    betekenen dat …', 'het is mogelijk dat …'; possibility_words in letter-types.yml)
    says what may happen; a grant with such a warning is no partial grant."""
    letter = understand(nlp, spec, read_text(text, "t"))
    assert letter.letter_type.label == expected, letter.letter_type.scores


@pytest.mark.parametrize(
    "text", ["Wij wijzen uw aanvraag niet af.", "Uw aanvraag wordt niet afgewezen."]
)
def test_negated_refusal_is_no_refusal(nlp, spec, text):
    assert understand(nlp, spec, read_text(text, "t")).letter_type.label != "afwijzing"


def test_subject_line_counts(nlp, spec):
    text = (
        "Betreft: afwijzing aanvraag parkeervergunning\n\nGeachte heer Jansen,\n\nDit is een brief."
    )
    letter = understand(nlp, spec, read_text(text, "t"))
    assert letter.letter_type.label == "afwijzing"
    assert letter.letter_type.evidence == "afwijzing aanvraag parkeervergunning"


SAMPLE_TYPES = {
    "afwijzing-bijzondere-bijstand-goed": "afwijzing",
    "afwijzing-bijzondere-bijstand-kil": "afwijzing",
    "beslissing-op-bezwaar-parkeervergunning": "beslissing-op-bezwaar",
    "boete-parkeren-afval": "boete",
    "gedeeltelijke-toekenning-kinderopvang": "gedeeltelijke-toekenning",
    "handhaving-vooraankondiging-dwangsom": "voornemen",
    "informatieverzoek-hersteltermijn": "informatieverzoek",
    "ontvangstbevestiging-omgevingsvergunning": "ontvangstbevestiging",
    "terugvordering-bijstand-kil": "terugvordering",
    "toekenning-wmo-traplift": "toekenning",
}


@pytest.mark.parametrize("name", sorted(SAMPLE_TYPES))
def test_every_sample_gets_its_letter_type(nlp, spec, name):
    letter = understand(nlp, spec, read_document(SAMPLES / f"{name}.docx"))
    assert letter.letter_type.label == SAMPLE_TYPES[name]
    assert letter.letter_type.evidence
    assert 0 < letter.letter_type.confidence <= 1


def test_every_sample_is_covered():
    assert {p.stem for p in SAMPLES.glob("*.docx")} == set(SAMPLE_TYPES)


class _LearnedLabel:
    """Stands in for the learned letter type: puts its own label into the rule-based
    reading, as LetterTypeModel.classify does when it disagrees."""

    def __init__(self, label: str) -> None:
        self.label = label

    def classify(self, document, rule_based, roles, bad_news_types=()):
        return replace(rule_based, label=self.label, confidence=0.9)


@pytest.mark.parametrize(
    ("text", "learned", "bad_news"),
    [
        # the rule-based reading says refusal; read as a grant, the letter is good news
        ("Wij wijzen uw aanvraag af. Met vriendelijke groet.", "toekenning", False),
        # and the other way round: a grant's wording, learned as a refusal, is bad news
        ("Wij kennen u de bijstand toe. Met vriendelijke groet.", "afwijzing", True),
    ],
)
def test_bad_news_follows_the_learned_letter_type(nlp, spec, text, learned, bad_news):
    """A grant is not checked for empathy and reasons because its words first read as a
    refusal (the rule-based type's bad news used to carry over to the learned type). No
    sentence gets a role here (every threshold above 1), so only the type decides."""
    assert spec.roles is not None
    # the rule, not the learned bad news (tests/test_bad_news.py), is what is tested here
    no_roles = replace(
        spec, roles=spec.roles.with_thresholds(dict.fromkeys(ROLES, 1.01)), bad_news_model=None
    )
    assert understand(nlp, no_roles, read_text(text, "t")).letter_type.bad_news is not bad_news
    learned_spec = replace(no_roles, letter_type_model=_LearnedLabel(learned))
    letter = understand(nlp, learned_spec, read_text(text, "t"))
    assert letter.letter_type.label == learned
    assert letter.letter_type.bad_news is bad_news


def _sentence(negative: float, case: float) -> SentenceRoles:
    scores = dict.fromkeys(ROLES, 0.0) | {"decision-negative": negative, "reason-case": case}
    roles = frozenset(r for r in ("decision-negative", "reason-case") if scores[r] >= 0.45)
    return SentenceRoles(0, 5, 0, 30, "body", scores, roles)


@pytest.mark.parametrize(
    ("negative", "case", "bad_news"),
    [
        (0.9, 0.2, True),  # "Wij wijzen uw aanvraag af."
        (0.55, 0.8, False),  # "Het geluid blijft niet onder de norm." (the facts behind it)
        (0.8, 0.8, True),  # a decision with its reason in one sentence
    ],
)
def test_a_sentence_that_mostly_gives_the_facts_is_no_bad_news(negative, case, bad_news):
    over = read_structure().bad_news_over
    assert "reason-case" in over
    assert has_negative_decision([_sentence(negative, case)]) is True
    assert has_negative_decision([_sentence(negative, case)], over) is bad_news


def test_bad_news_over_is_read_in_checking(nlp, spec):
    """The rule data reaches understand(): with every sentence given the role
    decision-negative (threshold 0), a letter of facts only is bad news unless the
    sentences must read as a decision more than as a reason."""
    text = "Uw inkomen is € 1.812 per maand. De grens voor u is € 1.650."
    assert spec.roles is not None
    kinds = {k: replace(v, bad_news=False) for k, v in spec.letter_types.items()}
    everything_decides = replace(
        spec,
        roles=spec.roles.with_thresholds({"decision-negative": 0.0}),
        letter_types=kinds,
        letter_type_model=None,
        bad_news_model=None,  # the rule's data is what is tested
    )
    without = replace(everything_decides, bad_news_over=frozenset())
    assert understand(nlp, without, read_text(text, "t")).letter_type.bad_news is True
    letter = understand(nlp, everything_decides, read_text(text, "t"))
    assert all(r.scores["reason-case"] > r.scores["decision-negative"] for r in letter.roles)
    assert letter.letter_type.bad_news is False


def test_the_learned_letter_type_reads_the_words_of_the_letter_text(nlp):
    """Besides the roles, the classifier reads every word of the letter's text (numbers
    as '#'), so a decision the role model misses still shows; the address does not count."""
    text = "Gemeente Zwolle\nPostbus 10007\n\nGeachte heer Smit,\n\nU krijgt € 1.250 toegekend.\n"
    letter = understand(nlp, load_structure(), read_text(text, "t"))
    features = letter_type_features(letter.document, letter.letter_type, letter.roles)
    words = {f for f in features if f.startswith("w:")}
    assert {"w:toegekend", "w:krijgt", "w:#"} <= words
    assert not {"w:postbus", "w:zwolle", "w:1.250"} & words


class _Scores:
    """A stand-in for the classifier's textcat: fixed probabilities."""

    def __init__(self, cats: dict[str, float]) -> None:
        self.cats = cats

    def __call__(self, doc):
        doc.cats = dict(self.cats)
        return doc


def _read_without_model(nlp, text: str):
    return understand(nlp, replace(load_structure(), letter_type_model=None), read_text(text, "t"))


def _model_saying(nlp, cats: dict[str, float]) -> LetterTypeModel:
    model = LetterTypeModel.__new__(LetterTypeModel)
    model.nlp = nlp
    model.textcat = _Scores(cats)
    return model


def test_the_learned_letter_type_stands_when_it_is_unsure(nlp):
    """An unsure learned label still beats the rule-based reading (which the classifier
    reads too): measured on writers no model saw (training/roles/evaluate_letters.py)."""
    letter = _read_without_model(
        nlp, "Geachte heer Smit,\n\nWij wijzen uw aanvraag voor bijzondere bijstand af.\n"
    )
    assert letter.letter_type.label == "afwijzing"
    model = _model_saying(nlp, {"gedeeltelijke-toekenning": 0.4, "afwijzing": 0.35, "overig": 0.25})
    learned = model.classify(letter.document, letter.letter_type, letter.roles, BAD_TYPES)
    assert (learned.label, learned.confidence) == ("gedeeltelijke-toekenning", 0.4)
    assert learned.probabilities["afwijzing"] == 0.35


BAD_TYPES = load_structure().bad_news_types


def test_an_unsure_learned_type_brings_no_bad_news_the_parse_does_not_read(nlp):
    """A grant the parse reads as a grant stays one when the classifier is unsure that it
    is a recovery (false bad news puts empathy and alternatives warnings on a grant); a
    sure classifier decides, and so does an unsure one that brings no bad news."""
    letter = _read_without_model(nlp, "Geachte heer Smit,\n\nWij kennen u de subsidie toe.\n")
    assert letter.letter_type.label == "toekenning"
    unsure = _model_saying(nlp, {"terugvordering": 0.44, "toekenning": 0.4, "overig": 0.16})
    kept = unsure.classify(letter.document, letter.letter_type, letter.roles, BAD_TYPES)
    assert kept.label == "toekenning"
    assert kept.probabilities["terugvordering"] == 0.44
    sure = _model_saying(nlp, {"terugvordering": 0.6, "toekenning": 0.3, "overig": 0.1})
    assert sure.classify(letter.document, letter.letter_type, letter.roles, BAD_TYPES).label == (
        "terugvordering"
    )
    neutral = _model_saying(nlp, {"overig": 0.45, "toekenning": 0.35, "terugvordering": 0.2})
    assert neutral.classify(letter.document, letter.letter_type, letter.roles, BAD_TYPES).label == (
        "overig"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a request declared inadmissible is no decision on an objection ...
        (
            "U reageert niet op ons verzoek. Wij verklaren uw verzoek niet-ontvankelijk.\n\n"
            "Bezwaar\n\nBent u het niet eens met dit besluit? Dan kunt u binnen zes weken "
            "bezwaar maken.",
            "not beslissing-op-bezwaar",
        ),
        # ... an objection declared so is, named in any form
        ("Wij verklaren uw bezwaar niet-ontvankelijk.", "beslissing-op-bezwaar"),
        ("Wij verklaren uw bezwaarschrift niet-ontvankelijk.", "beslissing-op-bezwaar"),
        ("Uw beroep is ongegrond.", "beslissing-op-bezwaar"),
    ],
)
def test_a_decision_on_an_objection_names_the_objection(nlp, spec, text, expected):
    """``mentions`` in letter-types.yml: a type whose words the running text (not the
    objection clause) never names is not the letter's type."""
    letter = understand(nlp, spec, read_text(text, "t"))
    if expected.startswith("not "):
        assert letter.letter_type.label != expected[4:], letter.letter_type
        assert expected[4:] in letter.letter_type.ruled_out
    else:
        assert letter.letter_type.label == expected, letter.letter_type


def test_the_learned_type_cannot_be_a_type_the_letter_does_not_name(nlp):
    """The learned label is the likeliest type the letter can be; the probabilities stay
    as the classifier gave them (they are what the bad-news model weighs)."""
    letter = _read_without_model(
        nlp, "Geachte heer Smit,\n\nWij verklaren uw verzoek niet-ontvankelijk.\n"
    )
    assert "beslissing-op-bezwaar" in letter.letter_type.ruled_out
    model = _model_saying(nlp, {"beslissing-op-bezwaar": 0.7, "afwijzing": 0.2, "overig": 0.1})
    learned = model.classify(letter.document, letter.letter_type, letter.roles, BAD_TYPES)
    assert learned.label != "beslissing-op-bezwaar"
    assert learned.probabilities["beslissing-op-bezwaar"] == 0.7


@pytest.mark.parametrize(
    ("label", "probabilities", "applies"),
    [
        # the label is one of the types
        ("overig", {"overig": 0.9}, True),
        # unsure of its label: the types together more likely than not
        (
            "ontvangstbevestiging",
            {"ontvangstbevestiging": 0.41, "overig": 0.33, "afwijzing": 0.2},
            True,
        ),
        (
            "ontvangstbevestiging",
            {"ontvangstbevestiging": 0.55, "overig": 0.3, "afwijzing": 0.15},
            False,
        ),
        # an intention stays out, however the rest is spread
        ("voornemen", {"voornemen": 0.8, "afwijzing": 0.1, "overig": 0.1}, False),
        # without the classifier only the label counts
        ("ontvangstbevestiging", {}, False),
    ],
)
def test_a_rule_for_some_types_checks_a_letter_whose_type_is_unsure(label, probabilities, applies):
    from tonecheck.engine.rule import applies_to_type
    from tonecheck.nlp.letter_type import LetterType

    letter_type = LetterType(label=label, confidence=0.5, evidence="", probabilities=probabilities)
    types = frozenset({"afwijzing", "toekenning", "overig"})
    assert applies_to_type(types, letter_type) == applies
