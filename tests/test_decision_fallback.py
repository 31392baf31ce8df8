"""A letter that brings bad news but whose decision no sentence states (the refusal was
cut, or worded so that no sentence reaches the threshold) still gets the empathy,
reasons and alternatives findings, on the sentence that reads most as a refusal; a grant
that no sentence states still gets the objection finding. The letters were written for
this test and are not in the training data, but one real template read from
../shared/real-letters (skipped without it)."""

from __future__ import annotations

import pytest

from tests.conftest import require_shared
from tonecheck.documents import read_document
from tonecheck.documents.text_reader import read_text
from tonecheck.engine.loader import load_rules
from tonecheck.engine.runner import check_letter
from tonecheck.nlp.letter import first_decision, strongest_decision, understand
from tonecheck.nlp.roles import SentenceRoles
from tonecheck.paths import default_rules_dir


def _sentence(start: int, zone: str, refusal: float, roles: frozenset[str] = frozenset()):
    scores = {"decision-negative": refusal, "other": 1.0 - refusal}
    return SentenceRoles(0, 1, start, start + 10, zone, scores, roles)


def test_the_strongest_decision_is_a_body_sentence_read_as_nothing_else():
    roles = [
        _sentence(0, "reference", 0.9),  # a subject line is not the text
        _sentence(20, "opening", 0.2),
        _sentence(40, "body", 0.3),
        _sentence(60, "body", 0.8, frozenset({"objection-right"})),  # "tegen dit besluit"
        _sentence(80, "objection", 0.9),
    ]
    assert strongest_decision(roles) == (40, 50)
    assert strongest_decision(roles[:1]) == (-1, -1)


def test_the_strongest_decision_may_be_a_grant():
    grant = SentenceRoles(0, 1, 100, 110, "body", {"decision-positive": 0.35}, frozenset())
    roles = [_sentence(40, "body", 0.3), grant]
    assert strongest_decision(roles) == (40, 50)
    assert strongest_decision(roles, ("decision-negative", "decision-positive")) == (100, 110)


HEAD = (
    "Gemeente Amersfoort\nPostbus 4000\n3800 EA Amersfoort\n\nMevrouw J. Verbeek\n"
    "Leusderweg 12\n3811 NB Amersfoort\n\nAmersfoort, 4 juni 2026\n\n"
    "Onderwerp: aanvraag gehandicaptenparkeerkaart\n\nGeachte mevrouw Verbeek,\n\n"
    "Op 3 mei 2026 heeft u een aanvraag ingediend voor een gehandicaptenparkeerkaart voor "
    "bestuurders ten behoeve van het parkeren in de binnenstad.\n\n"
)
TAIL = (
    "Voor het vervoer naar het ziekenhuis kunt u gebruikmaken van de regiotaxi, waarvoor u "
    "een pas kunt aanvragen bij het Wmo-loket.\n\n"
    "Belanghebbenden kunnen tegen dit besluit een bezwaarschrift indienen bij het college "
    "van burgemeester en wethouders van Amersfoort, Postbus 4000, 3800 EA Amersfoort.\n\n"
    "Hoogachtend,\n\nhet college van burgemeester en wethouders van Amersfoort,\n"
    "namens dezen,\nhet hoofd Vergunningen\n"
)
REASONS = (
    "Uw arts schrijft dat u met een rollator 300 meter kunt lopen. De kaart is voor wie "
    "minder dan 100 meter kan lopen.\n\n"
)


@pytest.fixture(scope="module")
def rules(nlp, role_structure):
    return load_rules([default_rules_dir()], nlp, role_structure)


@pytest.fixture(scope="module")
def findings(nlp, role_structure, rules):
    def of(text: str) -> dict[str, str]:
        letter = understand(nlp, role_structure, read_text(text, "<test>"))
        return {f.rule: f.excerpt for f in check_letter(letter, rules)}

    return of


def test_bad_news_without_a_decision_sentence_is_still_asked_why(findings, nlp, role_structure):
    letter = understand(nlp, role_structure, read_text(HEAD + TAIL, "<test>"))
    assert letter.letter_type.bad_news
    assert not any("decision-negative" in r.roles for r in letter.roles)
    found = findings(HEAD + TAIL)
    assert {"reden.ontbreekt", "empathie.ontbreekt"} <= found.keys()
    # on the sentence that reads most as the refusal, not on the objection clause
    assert found["reden.ontbreekt"].startswith("Op 3 mei 2026 heeft u een aanvraag")


def test_with_the_reasons_the_reasons_finding_stays_away(findings):
    assert "reden.ontbreekt" not in findings(HEAD + REASONS + TAIL)


def test_the_first_decision_is_a_refusal_before_a_grant_and_in_the_text():
    grant = frozenset({"decision-positive"})
    refusal = frozenset({"decision-negative"})
    roles = [
        _sentence(0, "reference", 0.9, refusal),  # a subject line is not the text
        _sentence(20, "opening", 0.1),
        _sentence(40, "decision", 0.1, grant),
        _sentence(60, "decision", 0.9, refusal),
        _sentence(80, "body", 0.9, refusal),
    ]
    assert first_decision(roles) == (60, 70)
    assert first_decision(roles[:3]) == (40, 50)
    assert first_decision(roles[:2]) == (-1, -1)


def test_a_type_from_the_subject_line_puts_the_finding_on_the_decision(
    findings, nlp, role_structure
):
    """The subject line names the refusal, so no sentence decided the letter type; the
    letter-level findings sit on the sentence that states the refusal, not on the
    opening sentence about the application."""
    text = (
        HEAD.replace(
            "Onderwerp: aanvraag gehandicaptenparkeerkaart",
            "Onderwerp: afwijzing aanvraag gehandicaptenparkeerkaart",
        )
        + "Wij hebben uw aanvraag bekeken. Wij wijzen uw aanvraag af.\n\n"
        + TAIL
    )
    letter = understand(nlp, role_structure, read_text(text, "<test>"))
    assert letter.letter_type.evidence and letter.letter_type.evidence_span == (-1, -1)
    found = findings(text)
    assert found["empathie.ontbreekt"].startswith("Wij wijzen uw aanvraag af")
    assert found["reden.ontbreekt"].startswith("Wij wijzen uw aanvraag af")


GRANT = (
    "Waterschap Rivierenland\nPostbus 599\n4000 AN Tiel\n\nDe heer P. Smulders\n"
    "Dorpsstraat 8\n4184 AB Opijnen\n\nTiel, 2 maart 2026\n\n"
    "Onderwerp: uw verzoek om een bijdrage voor een natuurvriendelijke oever\n\n"
    "Beste meneer Smulders,\n\n"
    "Op 12 januari stuurde u ons uw plan voor een natuurvriendelijke oever langs de Linge "
    "bij uw boomgaard.\n\n"
    "Uw plan past in de regeling Blauwe Diensten, dus de € 6.250 is voor u. Het geld "
    "staat binnen vier weken op uw rekening.\n\n"
    "Wij vragen u de oever vóór 1 november 2026 aan te leggen. Stuur ons daarna twee "
    "foto's.\n\n"
    "Met vriendelijke groet,\n\nmevrouw A. de Graaf\nteam Subsidies\n"
)
OBJECTION = (
    "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken bij "
    "het dagelijks bestuur van het waterschap, Postbus 599, 4000 AN Tiel.\n\n"
)


def test_a_grant_no_sentence_states_still_asks_for_the_objection_clause(
    findings, nlp, role_structure
):
    """The letter type reads a grant, but no sentence reaches the grant's threshold: the
    objection finding sits on the sentence that reads most as the decision."""
    letter = understand(nlp, role_structure, read_text(GRANT, "<test>"))
    assert letter.letter_type.label == "toekenning" and not letter.letter_type.bad_news
    assert not any({"decision-positive", "decision-negative"} & r.roles for r in letter.roles)
    found = findings(GRANT)
    assert found["bezwaar.ontbreekt"].startswith("Uw plan past in de regeling")
    with_clause = GRANT.replace("Met vriendelijke groet", OBJECTION + "Met vriendelijke groet")
    assert "bezwaar.ontbreekt" not in findings(with_clause)


def test_bad_news_no_sentence_states_is_not_asked_about_on_another_sentence(
    nlp, role_structure, rules
):
    """A status message of an objection decision whose outcome is a placeholder
    ('Het besluit van de gemeente is: %BESLUIT.Toelichting%'): no sentence states the
    decision, so no rule for bad news or the objection clause asks about the sentence
    that reads most as one ('Uw bezwaar is bij ons in behandeling …')."""
    path = require_shared("real-letters", "014-zgw-bezwaar-besluit-vastgesteld-statusmelding.txt")
    letter = understand(nlp, role_structure, read_document(path))
    assert letter.letter_type.label == "beslissing-op-bezwaar" and letter.decision_span == (-1, -1)
    found = {f.rule for f in check_letter(letter, rules)}
    asking = {"empathie.ontbreekt", "reden.ontbreekt", "alternatief.ontbreekt", "bezwaar.ontbreekt"}
    assert not found & asking
