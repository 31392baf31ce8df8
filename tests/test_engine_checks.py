"""Each check kind on its own, with rule files written here."""

from __future__ import annotations

import pytest

from tests.rule_helpers import findings_for, write_rules

TERMS = """
rules:
  - id: taal.ambtelijk
    category: plain-language
    level: suggestion
    message: "'{match}' is ambtelijk."
    suggestion: "Schrijf '{replacement}'."
    check:
      kind: terms
      terms:
        middels: met
        teneinde: om
        in het bezit stellen van: sturen
      exceptions: [middels het formulier]
    examples: {flag: [x], ok: [y]}
"""


def test_terms_multiword_case_insensitive_with_replacement(nlp, tmp_path):
    rules = write_rules(tmp_path, TERMS)
    text = "Middels deze brief willen wij u in het bezit stellen van de stukken."
    found = findings_for(nlp, rules, text)
    assert [(f.excerpt, f.suggestion) for f in found] == [
        ("Middels", "Schrijf 'met'."),
        ("in het bezit stellen van", "Schrijf 'sturen'."),
    ]
    first = found[0]
    assert first.message == "'Middels' is ambtelijk."
    assert text[first.location.start : first.location.end] == "Middels"
    assert (first.location.line, first.location.column) == (1, 1)


def test_terms_exception_suppresses_match(nlp, tmp_path):
    rules = write_rules(tmp_path, TERMS)
    assert findings_for(nlp, rules, "Dat doet u middels het formulier op de website.") == []


def test_terms_by_lemma_match_inflected_forms(nlp, tmp_path):
    rules = write_rules(
        tmp_path,
        """
        rules:
          - id: toon.verzoeken
            category: tone
            level: warning
            message: "'{match}' klinkt bevelend."
            suggestion: "Vraag het vriendelijk."
            check: {kind: terms, match: lemma, terms: [verzoeken]}
            examples: {flag: [x], ok: [y]}
        """,
    )
    found = findings_for(nlp, rules, "U wordt verzocht het formulier te sturen.")
    assert [f.excerpt for f in found] == ["verzocht"]


def test_terms_skip_address_and_signature(nlp, tmp_path):
    rules = write_rules(tmp_path, TERMS)
    text = (
        "Afdeling Middels\nPostbus 1\n\nGeachte heer Jansen,\n\n"
        "Wij sturen u de stukken.\n\nMet vriendelijke groet,\n\nJ. Middels"
    )
    assert findings_for(nlp, rules, text) == []


PATTERN = """
rules:
  - id: toon.u-dient
    category: tone
    level: warning
    message: "'{match}' klinkt als een bevel."
    suggestion: "Schrijf 'u moet' of leg uit waarom."
    check:
      kind: pattern
      patterns:
        - [{LOWER: u}, {LEMMA: dienen}]
        - [{LEMMA: dienen}, {LOWER: u}]
      unless:
        - [{LEMMA: dienen}, {LOWER: u}, {LOWER: als}]
    examples: {flag: [x], ok: [y]}
"""


def test_pattern_with_unless(nlp, tmp_path):
    rules = write_rules(tmp_path, PATTERN)
    assert [f.excerpt for f in findings_for(nlp, rules, "U dient het formulier te sturen.")] == [
        "U dient"
    ]
    assert findings_for(nlp, rules, "Wij dienen u als eerste te helpen.") == []


def test_dependency_pattern_finds_passive(nlp, tmp_path):
    rules = write_rules(
        tmp_path,
        """
        rules:
          - id: lijdend.vorm
            category: passive
            level: suggestion
            message: "Lijdende vorm: '{match}'."
            suggestion: "Zeg wie het doet."
            check:
              kind: pattern
              dependency:
                - - {RIGHT_ID: verb, RIGHT_ATTRS: {POS: VERB}}
                  - {LEFT_ID: verb, REL_OP: ">", RIGHT_ID: aux, RIGHT_ATTRS: {DEP: "aux:pass"}}
            examples: {flag: [x], ok: [y]}
        """,
    )
    assert len(findings_for(nlp, rules, "Uw aanvraag wordt afgewezen.")) == 1
    assert findings_for(nlp, rules, "Wij wijzen uw aanvraag af.") == []


EXPECT = """
rules:
  - id: empathie.ontbreekt
    category: empathy
    level: warning
    message: "Hier wijst u af zonder begrip te tonen."
    suggestion: "Schrijf: 'Wij begrijpen dat dit teleurstellend is.'"
    check:
      kind: expect
      if: {match: lemma, terms: [afwijzen]}
      then: {match: lemma, terms: [begrijpen, spijten]}
      within: WITHIN
    examples: {flag: [x], ok: [y]}
"""


def test_expect_points_at_a_when_b_missing(nlp, tmp_path):
    rules = write_rules(tmp_path, EXPECT.replace("WITHIN", "paragraph"))
    found = findings_for(nlp, rules, "Wij wijzen uw aanvraag af. Dat is de regel.")
    assert [f.excerpt for f in found] == ["Wij wijzen uw aanvraag af."]


def test_expect_satisfied_within_scope(nlp, tmp_path):
    rules = write_rules(tmp_path, EXPECT.replace("WITHIN", "paragraph"))
    text = "Wij wijzen uw aanvraag af. Wij begrijpen dat dit vervelend is."
    assert findings_for(nlp, rules, text) == []


def test_expect_scope_sentence_is_stricter_than_paragraph(nlp, tmp_path):
    rules = write_rules(tmp_path, EXPECT.replace("WITHIN", "sentence"))
    text = "Wij wijzen uw aanvraag af. Wij begrijpen dat dit vervelend is."
    assert len(findings_for(nlp, rules, text)) == 1


def test_expect_n_sentences_around(nlp, tmp_path):
    rules = write_rules(tmp_path, EXPECT.replace("WITHIN", "{sentences: 1}"))
    near = "Wij wijzen uw aanvraag af.\n\nWij begrijpen dat dit vervelend is."
    far = "Wij wijzen uw aanvraag af.\n\nDat is zo.\n\nEcht.\n\nWij begrijpen dat het vervelend is."
    assert findings_for(nlp, rules, near) == []
    assert len(findings_for(nlp, rules, far)) == 1


def test_expect_without_if_is_a_letter_level_finding(nlp, tmp_path):
    rules = write_rules(
        tmp_path,
        """
        rules:
          - id: contact.ontbreekt
            category: contact
            level: warning
            message: "Er staat nergens hoe de lezer u kan bereiken."
            suggestion: "Zet een naam en telefoonnummer in de brief."
            check:
              kind: expect
              then: {terms: [bel, mail, telefoon]}
            examples: {flag: [x], ok: [y]}
        """,
    )
    found = findings_for(nlp, rules, "Wij hebben uw aanvraag ontvangen.")
    assert len(found) == 1 and found[0].location.paragraph == 0
    assert findings_for(nlp, rules, "Heeft u vragen? Bel ons.") == []


def test_metric_sentence_length(nlp, tmp_path):
    rules = write_rules(
        tmp_path,
        """
        rules:
          - id: zin.lang
            category: sentence-length
            level: warning
            message: "Deze zin telt {value} woorden; meer dan {limit}."
            suggestion: "Maak er twee zinnen van."
            check: {kind: metric, metric: words_per_sentence, scope: sentence, max: 8}
            examples: {flag: [x], ok: [y]}
        """,
    )
    text = "Dit is kort. Dit is een veel langere zin met heel veel woorden erin."
    found = findings_for(nlp, rules, text)
    assert [f.excerpt for f in found] == ["Dit is een veel langere zin met heel veel woorden erin."]
    assert found[0].message == "Deze zin telt 11 woorden; meer dan 8."


COMMA_RULE = """
rules:
  - id: zin.komma
    category: sentence-length
    level: warning
    message: "Deze zin heeft {value} komma's."
    suggestion: "Splits de zin."
    check:
      kind: metric
      metric: commas_per_sentence
      scope: sentence
      max: 1
%s
    examples: {flag: [x], ok: [y]}
"""
COMMA_TEXT = "Wij kregen de brief, de foto, en het formulier van u, Postbus 12, 1510 AA Haverdam."


def test_metric_counts_every_comma_without_ignore(nlp, tmp_path):
    found = findings_for(nlp, write_rules(tmp_path, COMMA_RULE % ""), COMMA_TEXT)
    assert [f.message for f in found] == ["Deze zin heeft 4 komma's."]


def test_metric_ignore_leaves_matched_tokens_uncounted(nlp, tmp_path):
    ignore = """\
      ignore:
        patterns:
          - [{ORTH: ","}, {LOWER: postbus}]
          - [{ORTH: ","}, {IS_DIGIT: true}]"""
    found = findings_for(nlp, write_rules(tmp_path, COMMA_RULE % ignore), COMMA_TEXT)
    assert [f.message for f in found] == ["Deze zin heeft 2 komma's."]


def test_metric_ignore_refused_for_a_metric_that_counts_no_tokens(nlp, tmp_path):
    from tonecheck.common.yamlfile import DataFileError

    body = (COMMA_RULE % "      ignore: {patterns: [[{ORTH: ','}]]}").replace(
        "commas_per_sentence", "words_per_sentence"
    )
    with pytest.raises(DataFileError) as raised:
        findings_for(nlp, write_rules(tmp_path, body), COMMA_TEXT)
    assert "'ignore' werkt alleen bij metingen die woorden tellen" in str(raised.value)


def test_metric_document_flesch_douma_minimum(nlp, tmp_path):
    rules = write_rules(
        tmp_path,
        """
        rules:
          - id: leesbaar
            category: readability
            level: suggestion
            message: "Flesch-Douma {value}, lager dan {limit}."
            suggestion: "Kortere woorden en zinnen."
            check: {kind: metric, metric: flesch_douma, scope: document, min: 60}
            examples: {flag: [x], ok: [y]}
        """,
    )
    hard = "Ondersteuningsplanbesprekingen geschieden conform beleidsuitgangspunten."
    assert len(findings_for(nlp, rules, hard)) == 1
    assert findings_for(nlp, rules, "Wij bellen u op maandag. Dan praten we.") == []


AT_DECISION = """
rules:
  - id: empathie.test
    category: empathy
    level: warning
    bad_news_only: true
    message: "Geen begrip getoond."
    suggestion: "Toon begrip."
    check:
      kind: expect
      at_decision: {at_decision}
      if: {{match: lemma, terms: [afwijzen]}}
      then: {{match: lemma, terms: [begrijpen]}}
      within: document
    examples: {{flag: [x], ok: [y]}}
"""
REFUSAL_WITHOUT_THE_WORD = (
    "Het college heeft besloten u geen maatwerkvoorziening te verstrekken. "
    "Uw partner kan het huishouden doen."
)


def test_at_decision_finds_a_decision_the_terms_miss(nlp, tmp_path):
    rules = write_rules(tmp_path, AT_DECISION.format(at_decision="true"))
    found = findings_for(nlp, rules, REFUSAL_WITHOUT_THE_WORD)
    assert [f.excerpt for f in found] == [
        "Het college heeft besloten u geen maatwerkvoorziening te verstrekken."
    ]
    understood = REFUSAL_WITHOUT_THE_WORD + " Wij begrijpen dat dit vervelend is."
    assert findings_for(nlp, rules, understood) == []


def test_without_at_decision_only_the_terms_count(nlp, tmp_path):
    rules = write_rules(tmp_path, AT_DECISION.format(at_decision="false"))
    assert findings_for(nlp, rules, REFUSAL_WITHOUT_THE_WORD) == []


def test_at_decision_uses_the_text_when_only_the_subject_line_decided(nlp, tmp_path):
    rules = write_rules(tmp_path, AT_DECISION.format(at_decision="true"))
    letter = (
        "Betreft: bestuurlijke strafbeschikking afval\n\nGeachte heer Pauwels,\n\n"
        "Er stond afval naast de container. Het bedrag is 119 euro."
    )
    found = findings_for(nlp, rules, letter)
    assert [f.excerpt for f in found] == ["Er stond afval naast de container."]
