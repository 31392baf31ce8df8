"""Sentence roles: the trained classifier on sentences it never saw, the rule engine's
``roles`` condition, thresholds from the configuration, and how explain/inspect show them.

The sentences below were written for this test after the training data and are not in
it (``test_sentences_are_not_in_the_training_data`` checks that).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.rule_helpers import EXAMPLES, findings_for, write_rules
from tonecheck.cli import main
from tonecheck.config import ConfigError, load_config
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.letter import understand, without_item_number
from tonecheck.nlp.roles import ROLES, load_role_model
from tonecheck.nlp.structure import load_structure

FRAME = "Geachte mevrouw Bakker,\n\n{body}\n\nMet vriendelijke groet,\n\nR. Smit\nconsulent"

# (a paragraph, the sentence of it under test, roles it must have, roles it must not have)
CASES = [
    ("Wij kunnen u geen bijdrage geven voor de nieuwe koelkast.", None,
     {"decision-negative"}, {"decision-positive"}),
    ("Goed nieuws: u krijgt de vergoeding voor de aanpassing van uw badkamer.", None,
     {"decision-positive"}, {"decision-negative"}),
    ("U moet € 640 aan huurtoeslag terugbetalen.", None, {"decision-negative"}, set()),
    ("Uw vergunning voor het terras trekken wij in per 1 maart.", None,
     {"decision-negative"}, set()),
    ("Uw netto inkomen is € 1.930 per maand. De grens voor een alleenstaande is € 1.720.",
     "Uw netto inkomen is € 1.930 per maand.", {"reason-case"}, {"decision-negative"}),
    ("Op 12 mei zagen onze toezichthouders dat de aanbouw hoger is dan 4 meter.", None,
     {"reason-case"}, set()),
    ("Wij begrijpen dat dit bericht daarom hard aankomt.", None,
     {"empathy"}, {"reason-case", "reason-rule"}),
    ("Ik kan me voorstellen dat u hier erg van schrikt, zeker nu uw auto al kapot is.", None,
     {"empathy"}, set()),
    ("Wij hebben uw dossier en de verklaring van uw huisarts doorgelezen.", None,
     {"process"}, {"reason-case", "reason-rule"}),
    ("Wij vroegen een arts van de GGD om advies.", None, {"process"}, set()),
    ("U had zelf moeten weten dat u deze wijziging moest doorgeven.", None,
     {"blame-or-hollow"}, {"empathy"}),
    ("Heeft u er bezwaar tegen dat wij uw gegevens delen met de GGD?", None,
     set(), {"objection-right"}),
    ("U mag het bedrag ook in tien maanden betalen.", None, {"alternative"}, set()),
    ("Het Geldloket kijkt gratis met u mee naar uw uitgaven.", None, {"alternative"}, set()),
    ("Denkt u dat dit besluit niet klopt? Dan kunt u daartegen in bezwaar gaan.",
     "Dan kunt u daartegen in bezwaar gaan.", {"objection-right"}, set()),
    ("Dat kan tot zes weken na de dag waarop wij deze brief verstuurden.", None,
     {"objection-term"}, set()),
    ("Stuur uw bezwaarschrift naar het college van B en W, Postbus 100, 7720 AC Dalfsen.",
     None, {"objection-where"}, set()),
    ("Heeft u nog vragen? Bel dan Fatima el Amrani op 0529 48 81 00.",
     "Bel dan Fatima el Amrani op 0529 48 81 00.", {"contact"}, set()),
    ("Wilt u uw bankafschriften van maart en april vóór 20 juni naar ons sturen?", None,
     {"next-step"}, set()),
    ("Dit besluit is genomen op grond van artikel 35 van de Participatiewet.", None,
     {"citation"}, set()),
]  # fmt: skip


def roles_in(nlp, role_structure, body: str, sentence: str) -> frozenset[str]:
    letter = understand(nlp, role_structure, read_text(FRAME.format(body=body), "<test>"))
    text = letter.document.text
    for item in letter.roles:
        if text[item.start_char : item.end_char].strip() == sentence:
            return item.roles
    found = [text[r.start_char : r.end_char] for r in letter.roles]
    raise AssertionError(f"sentence {sentence!r} not found among {found}")


def test_sentences_are_not_in_the_training_data():
    training = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "training/roles/letters").glob("*.roles")
    )
    for body, _, _, _ in CASES:
        assert body not in training


def test_roles_of_unseen_sentences(nlp, role_structure):
    """Every expected role is found and no forbidden one on at least 75% of the cases.

    The cases were written before the shipped model was trained; it got 15 of 20 while a
    sentence alone was read as the opening of a letter, and 19 of 20 since a fragment is
    read without a letter's context. The floor is the first measurement, a guard against
    regressions, not a quality claim; misses print."""
    right, misses = 0, []
    for body, sentence, wanted, unwanted in CASES:
        roles = roles_in(nlp, role_structure, body, sentence or body)
        if wanted <= roles and not (unwanted & roles):
            right += 1
        else:
            misses.append(f"{sentence or body}: got {sorted(roles)}, wanted {sorted(wanted)}")
    print("\n".join(misses))
    assert right / len(CASES) >= 0.75, misses


def test_hard_negatives_keep_their_meaning(nlp, role_structure):
    """Words are not roles: 'daarom' in empathy is no reason, 'bezwaar tegen' no right."""
    empathy = roles_in(nlp, role_structure, CASES[6][0], CASES[6][0])
    assert not empathy & {"reason-case", "reason-rule"}
    asked = roles_in(nlp, role_structure, CASES[11][0], CASES[11][0])
    assert "objection-right" not in asked


def test_scores_cover_every_role(nlp, role_structure):
    letter = understand(nlp, role_structure, read_text(FRAME.format(body=CASES[0][0]), "<t>"))
    assert letter.roles
    for item in letter.roles:
        assert set(item.scores) == set(ROLES)
        assert all(0.0 <= s <= 1.0 for s in item.scores.values())


def test_expect_rule_on_roles(nlp, role_structure, tmp_path):
    rule_file = write_rules(
        tmp_path,
        textwrap.dedent("""\
        rules:
          - id: test.reden
            category: reasons
            level: warning
            message: Geen reden.
            suggestion: Geef een reden.
            check:
              kind: expect
              if: {roles: [decision-negative]}
              then: {roles: [reason-case, reason-rule]}
              within: document
        """)
        + EXAMPLES,
    )
    bare = "Wij kunnen u geen bijdrage geven voor de nieuwe koelkast."
    found = findings_for(nlp, rule_file, FRAME.format(body=bare))
    assert [f.rule for f in found] == ["test.reden"]
    assert found[0].excerpt == bare  # placed on the decision itself
    reasoned = bare + " Uw inkomen is € 1.930 per maand. De grens is € 1.720."
    assert findings_for(nlp, rule_file, FRAME.format(body=reasoned)) == []


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        ("{kind: expect, then: {roles: [reden]}}", "reden"),
        (
            "{kind: expect, then: {terms: [omdat], roles_over: [process]}}",
            "'roles_over' werkt alleen samen met 'roles'",
        ),
    ],
)
def test_roles_keys_are_validated(nlp, tmp_path, check, problem):
    from tonecheck.common.yamlfile import DataFileError
    from tonecheck.engine.loader import load_rules

    rule_file = write_rules(
        tmp_path,
        textwrap.dedent("""\
        rules:
          - id: test.rol
            category: reasons
            level: warning
            message: x
            suggestion: y
        """)
        + f"    check: {check}\n"
        + EXAMPLES,
    )
    with pytest.raises(DataFileError) as error:
        load_rules([rule_file], nlp, load_structure())
    assert problem in str(error.value)


def test_thresholds_from_configuration(tmp_path):
    config = tmp_path / "tonecheck.toml"
    config.write_text("[roles]\nempathy = 0.3\n", encoding="utf-8")
    assert load_config(config).roles == {"empathy": 0.3}
    config.write_text("[roles]\nempatie = 0.3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="empathy"):
        load_config(config)
    config.write_text("[roles]\nempathy = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="tussen 0 en 1"):
        load_config(config)


def test_threshold_changes_roles(role_structure):
    model = load_role_model()
    assert model is not None
    strict = model.with_thresholds({"empathy": 0.99})
    scores = dict.fromkeys(ROLES, 0.0) | {"empathy": 0.8}
    assert "empathy" in model.with_thresholds({"empathy": 0.5}).roles_of(scores)
    assert "empathy" not in strict.roles_of(scores)


def test_explain_and_inspect_show_roles(tmp_path, role_structure):
    letter = tmp_path / "brief.txt"
    letter.write_text(FRAME.format(body=CASES[0][0]), encoding="utf-8")
    runner = CliRunner()
    explained = runner.invoke(main, ["explain", str(letter)])
    assert "Zinsrollen" in explained.output
    assert CASES[0][0][:40] in explained.output
    inspected = runner.invoke(main, ["inspect", "--format", "json", str(letter)])
    data = json.loads(inspected.output)
    sentence = next(s for s in data["sentences"] if s["text"] == CASES[0][0])
    assert set(sentence["scores"]) == set(ROLES)
    thresholds = load_role_model().thresholds
    above = {r for r, v in sentence["scores"].items() if r != "other" and v >= thresholds[r]}
    assert set(sentence["roles"]) == above - set(sentence["withheld"])


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("De heer P. de Groot woont hier.", "De heer P. de Groot woont hier."),
        (
            "Naar aanleiding van uw aanvraag d.d. 18 augustus 2026 wijzen wij uw aanvraag af.",
            "Naar aanleiding van uw aanvraag d.d. 18 augustus 2026 wijzen wij uw aanvraag af.",
        ),
        ("Stuur het naar Postbus 20350 in Den Haag.", "Stuur het naar Postbus 20350 in Den Haag."),
    ],
)
def test_no_sentence_break_without_sentence_end(nlp, text, sentence):
    assert [s.text.strip() for s in nlp(text).sents] == [sentence]


def test_line_breaks_and_full_stops_still_split(nlp):
    doc = nlp("Gemeente Dalfsen\nPostbus 100\n\nWij wijzen af. Dat is jammer. Wat nu?")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == [
        "Gemeente Dalfsen",
        "Postbus 100",
        "Wij wijzen af.",
        "Dat is jammer.",
        "Wat nu?",
    ]


@pytest.mark.parametrize(
    "item",
    [
        "1. Wij verlenen u een subsidie van € 61.350.",
        "b. U betaalt het voorschot terug.",
        "IV. Wij trekken de vergunning in.",
    ],
)
def test_a_numbered_item_is_one_sentence_with_its_number(nlp, item):
    """ "1." alone read as a sentence got roles of its own ("2." as a grant)."""
    doc = nlp(f"Wij besluiten:\n{item}\nDat is alles.")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == [
        "Wij besluiten:",
        item,
        "Dat is alles.",
    ]


@pytest.mark.parametrize(
    ("sentence", "read"),
    [
        ("1. Wij verlenen u de subsidie.", "Wij verlenen u de subsidie."),
        ("b. U betaalt het voorschot terug.", "U betaalt het voorschot terug."),
        ("IV. Wij trekken de vergunning in.", "Wij trekken de vergunning in."),
        ("iii. Wij trekken de vergunning in.", "Wij trekken de vergunning in."),
        # an initial is no item number
        ("J. de Vries belt u.", "J. de Vries belt u."),
    ],
)
def test_roles_read_an_item_without_its_number(nlp, sentence, read):
    """What the roles and rules read of a numbered item: its words, not its number."""
    span = next(s for s in nlp(sentence).sents if s.text.strip())
    assert without_item_number(span).text.strip() == read


def test_numbered_items_in_one_paragraph_are_a_sentence_each(nlp):
    doc = nlp(
        "Wij besluiten het volgende. 1. Wij verlenen u de subsidie. 2. Wij betalen een voorschot."
    )
    assert [s.text.strip() for s in doc.sents] == [
        "Wij besluiten het volgende.",
        "1. Wij verlenen u de subsidie.",
        "2. Wij betalen een voorschot.",
    ]


def test_an_initial_at_a_sentence_start_stays_with_its_name(nlp):
    doc = nlp("Wij spraken met u. J. de Vries van ons team belt u.")
    assert [s.text.strip() for s in doc.sents] == [
        "Wij spraken met u.",
        "J. de Vries van ons team belt u.",
    ]


def test_a_number_at_the_end_of_a_line_still_ends_its_sentence(nlp):
    doc = nlp("Dat staat in artikel 12. Wij wijzen uw aanvraag af.")
    assert [s.text.strip() for s in doc.sents] == [
        "Dat staat in artikel 12.",
        "Wij wijzen uw aanvraag af.",
    ]


def test_role_model_ships_with_the_package():
    folder = Path(ROOT / "tonecheck/model/nl_tonecheck/roles")
    assert (folder / "config.cfg").exists()
    assert (folder / "thresholds.json").exists()


def test_a_sentence_scored_again_gets_the_same_scores_from_memory(nlp):
    from tonecheck.nlp.roles import SCORE_CACHE, load_role_model

    model = load_role_model()
    assert model is not None
    model = model.with_thresholds({})  # a model of its own: an empty memory
    features = [["wij", "wijzen", "uw", "aanvraag", "af", f"<{n}>"] for n in range(3)]
    first = model.score(features)
    assert len(model._known) == 3
    again = model.score([features[1], features[1]])
    assert again == [first[1], first[1]]
    again[0]["empathy"] = -1.0  # a caller changing its copy changes nothing remembered
    assert model.score([features[1]]) == [first[1]]
    model.score([[f"<{n}>"] for n in range(SCORE_CACHE + 10)])
    assert len(model._known) == SCORE_CACHE  # the oldest are forgotten


def test_a_fragment_is_read_without_a_letter_around_it(nlp, role_structure):
    """A text of a few sentences (a rule example, a pasted sentence) is not a letter: its
    sentences are scored on their own words, lemmas and parse, not on a zone, a position
    or neighbours; a letter's sentences keep their context."""
    from tonecheck.nlp.roles import FRAGMENT_SENTENCES, context_free, letter_features

    def scored(text: str) -> tuple[list[dict[str, float]], list[list[str]]]:
        letter = understand(nlp, role_structure, read_text(text, "<test>"))
        sentences = [s for s in letter.doc.sents if s.text.strip()]
        signals = letter.letter_type.sentence_signals
        features = letter_features(letter.document, sentences, signals)
        return [r.scores for r in letter.roles if r.scores.get("other", 0) < 1.0], features

    fragment = "Uw aanvraag is afgewezen. U mag het bedrag ook in tien maanden betalen."
    scores, features = scored(fragment)
    assert len(features) <= FRAGMENT_SENTENCES
    assert "z:opening" in features[0]  # the letter's features would have said where

    assert scores == role_structure.roles.score([context_free(f) for f in features])
    letter = FRAME.format(body=fragment + " Wij helpen u graag. Bel ons op 14 050.")
    scores, features = scored(letter)
    assert len(features) > FRAGMENT_SENTENCES
    read = [f for f in features if "z:opening" in f or "z:body" in f or "z:decision" in f]
    assert role_structure.roles.score(read)[0] in scores


def test_roles_over_keeps_only_sentences_read_more_as_the_role(nlp):
    """`roles_over`: a sentence with a reason role counts only where its reason score is
    above its scores for the rival roles (here: a sentence that reads more as process)."""
    from tonecheck.engine.matchers import CompiledMatcher
    from tonecheck.nlp.roles import ROLES_KEY, SentenceRoles

    doc = nlp("Wij hebben uw aanvraag bekeken. Uw inkomen is te hoog.")
    first, second = list(doc.sents)

    def sentence(span, scores: dict[str, float]) -> SentenceRoles:
        full = dict.fromkeys(ROLES, 0.0) | scores
        roles = frozenset(r for r, s in scores.items() if s >= 0.5)
        return SentenceRoles(
            span.start, span.end, span.start_char, span.end_char, "body", full, roles
        )

    doc.user_data[ROLES_KEY] = [
        sentence(first, {"reason-case": 0.6, "process": 0.9}),
        sentence(second, {"reason-case": 0.8, "process": 0.1}),
    ]
    reasons = frozenset({"reason-case", "reason-rule"})
    plain = CompiledMatcher(roles=reasons)
    assert [(s, e) for s, e, _ in plain(doc)] == [
        (first.start, first.end),
        (second.start, second.end),
    ]
    stronger = CompiledMatcher(roles=reasons, roles_over=frozenset({"process", "alternative"}))
    assert [(s, e) for s, e, _ in stronger(doc)] == [(second.start, second.end)]


class _FixedMember:
    """A classifier that gives every sentence the same scores."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def pipe(self, docs, batch_size):
        for doc in docs:
            doc.cats = dict(self.scores)
            yield doc


def test_members_scores_are_averaged(role_structure):
    """A role pipeline of several classifiers (an ensemble, train_roles.py) scores each
    sentence with their mean; the bundled one has a single member."""
    from tonecheck.nlp.roles import RoleModel

    bundled = role_structure.roles
    assert len(bundled.members) == 1
    features = [("wij", "wijzen", "uw", "aanvraag", "af", "z:decision")]
    alone = RoleModel(bundled.nlp, bundled.thresholds).mean_scores(features)[0]
    fixed = dict.fromkeys(ROLES, 0.0) | {"decision-negative": 1.0}
    pair = RoleModel(bundled.nlp, bundled.thresholds)
    pair.members = [*pair.members, _FixedMember(fixed)]
    together = pair.mean_scores(features)[0]
    for role in ROLES:
        assert together[role] == pytest.approx((alone[role] + fixed[role]) / 2)
    assert together["decision-negative"] > alone["decision-negative"]


def test_features_read_each_token_once_and_follow_a_changed_neighbour(nlp, role_structure):
    """The words of a Doc's tokens are read once per Doc (:func:`_spellings`) and give
    the features token by token reading gave; a sentence whose neighbour changed (a new
    Doc, as a rewritten letter gets) reads the neighbour's new words."""
    from tonecheck.nlp import roles
    from tonecheck.nlp.letter import sentences_with_text

    def described(text: str) -> list[list[str]]:
        letter = understand(nlp, role_structure, read_text(text, "<test>"))
        sentences = sentences_with_text(letter.document, letter.doc)
        return roles.letter_features(
            letter.document, sentences, letter.letter_type.sentence_signals
        )

    def plain(features: list[str], sentence) -> bool:  # the own words, token by token
        own = [roles._word(t) for t in sentence if not t.is_space]
        return features[: len(own)] == own

    body = "Wij wijzen uw aanvraag af. U krijgt € 120 terug. Bel ons gerust."
    letter = understand(nlp, role_structure, read_text(FRAME.format(body=body), "<test>"))
    sentences = sentences_with_text(letter.document, letter.doc)
    features = roles.letter_features(letter.document, sentences)
    assert all(plain(f, s) for f, s in zip(features, sentences, strict=True))
    assert "<eur>" in features[[s.text for s in sentences].index("U krijgt € 120 terug.")]

    first = described(FRAME.format(body=body))
    second = described(FRAME.format(body=body.replace("Bel ons gerust.", "Mail ons gerust.")))
    middle = next(i for i, f in enumerate(first) if "krijgt" in f)
    assert "n:bel" in first[middle] and "n:mail" in second[middle]
    assert "n:bel" not in second[middle]


def test_letters_understood_together_get_the_roles_they_get_alone(nlp, role_structure):
    """understand_many scores the sentences of several letters in one pass of the
    classifier (RoleModel.assign_many); each letter gets the roles, scores and letter type
    it gets when understood on its own, a fragment too (read without context)."""
    from tonecheck.nlp.letter import understand_many

    texts = [FRAME.format(body=paragraph) for paragraph, *_ in CASES[:6]]
    texts.append("Uw aanvraag is afgewezen.")  # a fragment: its sentences lack context
    documents = [read_text(text, f"<test {i}>") for i, text in enumerate(texts)]
    together = list(understand_many(nlp, role_structure, documents))
    role_structure.roles.forget()  # score afresh, one letter at a time
    for letter, text in zip(together, texts, strict=True):
        alone = understand(nlp, role_structure, read_text(text, "<alone>"))
        assert letter.roles == alone.roles
        assert letter.letter_type == alone.letter_type
