"""Bad news, learned (tonecheck/nlp/bad_news.py): what the model reads of a letter, its
data file, and what it decides on letters no model saw."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.bad_news import (
    FEATURES,
    BadNewsError,
    BadNewsEvidence,
    BadNewsModel,
    bad_news_features,
    load_bad_news_model,
)
from tonecheck.nlp.roles import ROLES, SentenceRoles
from tonecheck.nlp.structure import load_structure


def sentence(zone: str, **scores: float) -> SentenceRoles:
    full = dict.fromkeys(ROLES, 0.0) | {role.replace("_", "-"): s for role, s in scores.items()}
    return SentenceRoles(0, 5, 0, 30, zone, full, frozenset())


def features(roles, probabilities=None, label="overig", rule_based="overig", rule=False):
    spec = load_structure()
    evidence = BadNewsEvidence(probabilities or {}, label, rule_based, rule)
    named = bad_news_features(roles, evidence, spec.letter_types, spec.bad_news_over)
    return dict(zip(FEATURES, named, strict=True))


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_the_features_read_the_running_text_and_the_type_data():
    roles = [
        sentence("address", decision_negative=0.99),  # not running text: not read
        sentence("decision", decision_negative=0.9, reason_case=0.2),
        sentence("reasons", decision_negative=0.6, reason_case=0.8),
        sentence("body", decision_positive=0.7),
    ]
    probabilities = {"afwijzing": 0.5, "boete": 0.2, "informatieverzoek": 0.1, "toekenning": 0.2}
    found = features(roles, probabilities, "afwijzing", "toekenning", rule=True)
    # the second refusal reads more as a reason (bad_news_over in letter-types.yml): it
    # counts as no refusal
    assert found["refusal-top1"] == pytest.approx(logit(0.9))
    assert found["refusal-top2"] == pytest.approx(logit(1e-4))
    assert found["refusal-sum"] == pytest.approx(math.log1p(0.9))
    assert found["grant-top1"] == pytest.approx(logit(0.7))
    # types by their flags in letter-types.yml: afwijzing and boete bring bad news,
    # informatieverzoek decides nothing
    assert found["type-bad-news"] == pytest.approx(logit(0.7))
    assert found["type-no-decision"] == pytest.approx(logit(0.1))
    assert found["type-bad-news-if"] == pytest.approx(logit(1e-4))  # no beslissing-op-bezwaar
    assert (found["label-bad-news"], found["rule-based-bad-news"], found["rule"]) == (1, 0, 1)
    # hardly a decision on an objection: its decision sentences weigh almost nothing
    assert found["refusal-top1-if-depending"] == pytest.approx(1e-4 * logit(0.9))


def test_in_a_decision_on_an_objection_the_decision_sentences_decide():
    roles = [
        sentence("decision", decision_negative=0.6, decision_positive=0.95),
        sentence("body", decision_negative=0.2),
    ]
    found = features(roles, {"beslissing-op-bezwaar": 0.8, "afwijzing": 0.2})
    assert found["type-bad-news-if"] == pytest.approx(logit(0.8))
    assert found["refusal-top1-if-depending"] == pytest.approx(0.8 * logit(0.6))
    assert found["grant-top1-if-depending"] == pytest.approx(0.8 * logit(0.95))
    # without a learned type, half of each
    neutral = features(roles)
    assert neutral["grant-top1-if-depending"] == pytest.approx(0.5 * logit(0.95))


def test_a_role_the_sentence_cannot_have_is_not_read():
    # "Doet u dit niet?" scores as a refusal, but role-evidence.yml withholds it
    question = replace(
        sentence("body", decision_negative=0.8), withheld=frozenset({"decision-negative"})
    )
    found = features([question, sentence("body", decision_negative=0.3)])
    assert found["refusal-top1"] == pytest.approx(logit(0.3))
    assert found["refusal-sum"] == pytest.approx(math.log1p(0.3))


def test_a_letter_without_a_learned_type_reads_neutral_type_features():
    found = features([sentence("body", decision_negative=0.3)])
    assert found["type-bad-news"] == found["type-no-decision"] == found["type-bad-news-if"] == 0.0
    assert found["refusal-top2"] == pytest.approx(logit(1e-4))  # no second sentence


def test_a_model_for_other_features_is_refused_in_dutch():
    with pytest.raises(BadNewsError, match="passen niet bij deze versie"):
        BadNewsModel.from_data({"features": ["refusal-top1"], "mean": [0], "scale": [1]}, "x.json")
    wrong = {"features": list(FEATURES), "mean": [0.0], "scale": [1.0], "weights": [1.0]}
    with pytest.raises(BadNewsError, match="verkeerd aantal gewichten"):
        BadNewsModel.from_data({**wrong, "bias": 0.0, "mark": 0.5}, "x.json")


def test_a_broken_model_file_is_one_line_naming_it(tmp_path):
    from tonecheck.errors import TonecheckError

    broken = tmp_path / "bad_news.json"
    broken.write_text('{"features": [', encoding="utf-8")
    with pytest.raises(TonecheckError) as error:
        load_bad_news_model(broken)
    assert str(error.value).startswith(f"{broken}: het model kan niet worden gelezen")
    other = tmp_path / "other.json"
    other.write_text('{"features": ["x"]}', encoding="utf-8")
    with pytest.raises(TonecheckError, match="passen niet bij deze versie"):
        load_bad_news_model(other)
    assert load_bad_news_model(tmp_path / "missing.json") is None


def test_the_model_weighs_and_marks():
    size = len(FEATURES)
    data = {
        "features": list(FEATURES),
        "mean": [0.0] * size,
        "scale": [1.0] * size,
        "weights": [0.0] * (size - 1) + [4.0],  # only the rule counts
        "bias": -2.0,
        "mark": 0.5,
    }
    model = BadNewsModel.from_data(data)
    assert model.brings_bad_news([0.0] * (size - 1) + [1.0])
    assert not model.brings_bad_news([0.0] * size)
    assert model.probability([0.0] * size) == pytest.approx(1 / (1 + math.exp(2)))


def test_the_bundled_model_loads_with_the_pipeline():
    model = load_bad_news_model()
    assert model is not None and len(model.weights) == len(FEATURES)
    assert load_structure().bad_news_model is model


# -- on letters no model saw


GRANTED_OBJECTION = "\n\n".join(
    [
        "Gemeente Zuidhaven\nAfdeling Bezwaar en Beroep",
        "Aan mevrouw L. de Graaf\nMolenweg 22\n4812 CD Zuidhaven",
        ("Zuidhaven, 2 november 2026\nKenmerk: BZ-2026-3417\nOnderwerp: beslissing op uw bezwaar"),
        "Geachte mevrouw De Graaf,",
        (
            "U maakte op 2 september bezwaar tegen ons besluit om uw aanvraag voor een "
            "gehandicaptenparkeerkaart af te wijzen. Op 15 oktober heeft u uw bezwaar "
            "toegelicht."
        ),
        (
            "Uw bezwaar is gegrond. Wij herroepen ons besluit van 4 augustus om uw aanvraag "
            "af te wijzen. U krijgt alsnog een gehandicaptenparkeerkaart."
        ),
        (
            "De arts van de GGD heeft u op 28 september onderzocht. U kunt niet meer dan 100 "
            "meter lopen, ook niet met een rollator. Daarmee voldoet u aan de eis voor de "
            "kaart."
        ),
        (
            "De kaart ligt vanaf 16 november voor u klaar bij de balie van het stadskantoor. "
            "Neem uw identiteitsbewijs mee."
        ),
        (
            "Bent u het niet eens met deze beslissing? Dan kunt u binnen zes weken beroep "
            "instellen bij de rechtbank Zeeland-West-Brabant, via rechtspraak.nl."
        ),
        "Met vriendelijke groet,",
        "namens het college van burgemeester en wethouders,\nmr. A. Kools",
    ]
)

REFUSAL = "\n\n".join(
    [
        "Gemeente Waterdam\nTeam Inkomen",
        "Mevrouw S. Yilmaz\nKade 17\n1441 CD Waterdam",
        "Waterdam, 9 november 2026\nOnderwerp: uw aanvraag bijzondere bijstand",
        "Beste mevrouw Yilmaz,",
        (
            "U vroeg op 12 oktober bijzondere bijstand voor een nieuwe wasmachine. Wij wijzen"
            " uw aanvraag af."
        ),
        ("Uw inkomen is € 1.940 per maand. Dat is meer dan de grens van € 1.650 voor uw situatie."),
        (
            "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken "
            "bij het college van burgemeester en wethouders, via waterdam.nl/bezwaar."
        ),
        "Met vriendelijke groet,",
        "Team Inkomen",
    ]
)


@pytest.fixture(scope="module")
def checker():
    from tests.conftest import ROOT
    from tonecheck.runtime import load_checker

    return load_checker(ROOT)[1]


def warnings(checker, text: str) -> set[str]:
    result = checker.check(read_text(text, "brief.txt"))
    return {f.rule for f in result.findings if f.level >= f.level.WARNING}


def test_a_granted_objection_that_names_the_refusal_it_undoes_brings_no_bad_news(checker):
    # "Wij herroepen ons besluit ... om uw aanvraag af te wijzen": the rule reads the
    # refusal's words in the decision of a beslissing-op-bezwaar (bad_news_if) as bad news
    assert warnings(checker, GRANTED_OBJECTION).isdisjoint(
        {"empathie.ontbreekt", "alternatief.ontbreekt"}
    )
    ruled = replace(checker, structure=replace(checker.structure, bad_news_model=None))
    assert {"empathie.ontbreekt", "alternatief.ontbreekt"} <= warnings(ruled, GRANTED_OBJECTION)


def test_a_refusal_still_brings_bad_news(checker):
    letter = checker.understand(read_text(REFUSAL, "brief.txt"))
    assert letter.letter_type.bad_news and letter.bad_news is not None and letter.bad_news.rule
    assert "empathie.ontbreekt" in warnings(checker, REFUSAL)


def test_explain_shows_the_probability_and_where_the_rule_alone_differs(tmp_path):
    from click.testing import CliRunner

    from tonecheck.cli import main

    path = tmp_path / "bezwaar.txt"
    path.write_text(GRANTED_OBJECTION, encoding="utf-8")
    first = CliRunner().invoke(main, ["explain", str(path)]).output.splitlines()[0]
    assert ", geen slecht nieuws (kans 0." in first
    assert first.endswith("; de regel alleen: wel slecht nieuws)")
