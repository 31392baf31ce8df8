"""``bad_news_sure_from``: a rule for bad news warns only where the learned bad-news model
is that sure of the bad news; below it, its findings are suggestions that say why."""

from __future__ import annotations

import pytest

from tests.rule_helpers import findings_for, write_rules
from tonecheck.common.findings import Level
from tonecheck.common.yamlfile import DataFileError
from tonecheck.documents.text_reader import read_text
from tonecheck.engine.loader import load_rules
from tonecheck.nlp.letter import understand
from tonecheck.nlp.structure import load_structure
from tonecheck.paths import default_rules_dir

RULE = """
rules:
  - id: empathie.test
    category: empathy
    level: warning
    bad_news_only: {only}
    bad_news_sure_from: {sure}
    message: "Geen begrip getoond."
    suggestion: "Toon begrip."
    check:
      kind: expect
      at_decision: true
      if: {{roles: [decision-negative]}}
      then: {{roles: [empathy]}}
      within: document
    examples: {{flag: [x], ok: [y]}}
"""
# a refusal, without a word of understanding: bad news, though not beyond all doubt
REFUSAL = (
    "Beste mevrouw Yilmaz,\n\nU vroeg op 12 oktober bijzondere bijstand voor een wasmachine. "
    "Wij wijzen uw aanvraag af.\n\nUw inkomen is € 1.940 per maand. Dat is meer dan de grens "
    "van € 1.650.\n\nMet vriendelijke groet,\n\nTeam Inkomen"
)


@pytest.fixture(scope="module")
def probability(nlp) -> float:
    letter = understand(nlp, load_structure(), read_text(REFUSAL, "<test>"))
    assert letter.bad_news is not None and letter.bad_news.probability is not None
    return letter.bad_news.probability


def test_a_letter_less_sure_than_the_setting_gets_a_suggestion_that_says_why(
    nlp, tmp_path, probability
):
    assert 0.5 <= probability < 0.999  # the bundled model: bad news, not beyond doubt
    above = round((probability + 1) / 2, 4)  # between it and 1
    rules = write_rules(tmp_path, RULE.format(only="true", sure=above))
    (found,) = findings_for(nlp, rules, REFUSAL)
    assert found.level is Level.SUGGESTION
    assert found.message.startswith("Geen begrip getoond. Of deze brief slecht nieuws brengt")
    assert found.trace["bad_news_unsure"] == pytest.approx(probability, abs=1e-3)


def test_a_letter_as_sure_as_the_setting_gets_the_warning(nlp, tmp_path, probability):
    rules = write_rules(tmp_path, RULE.format(only="true", sure=round(probability - 0.01, 3)))
    (found,) = findings_for(nlp, rules, REFUSAL)
    assert (found.level, found.message) == (Level.WARNING, "Geen begrip getoond.")
    assert "bad_news_unsure" not in found.trace


def test_without_the_learned_model_the_rule_warns(nlp, tmp_path):
    from dataclasses import replace

    from tonecheck.engine.runner import check_letter

    structure = replace(load_structure(), bad_news_model=None)
    rules = load_rules([write_rules(tmp_path, RULE.format(only="true", sure=1))], nlp, structure)
    letter = understand(nlp, structure, read_text(REFUSAL, "<test>"))
    assert [f.level for f in check_letter(letter, rules)] == [Level.WARNING]


def test_the_setting_needs_bad_news_only(nlp, tmp_path):
    path = write_rules(tmp_path, RULE.format(only="false", sure=0.7))
    with pytest.raises(DataFileError) as error:
        load_rules([path], nlp, load_structure())
    (problem,) = error.value.problems
    assert (problem.path, problem.line) == (str(path), 7)
    assert "'bad_news_sure_from' werkt alleen samen met 'bad_news_only: true'" in problem.message


@pytest.mark.parametrize("value", [0, 1.5, '"hoog"'])
def test_a_setting_outside_0_to_1_is_an_error_on_its_line(nlp, tmp_path, value):
    path = write_rules(tmp_path, RULE.format(only="true", sure=value))
    with pytest.raises(DataFileError) as error:
        load_rules([path], nlp, load_structure())
    (problem,) = error.value.problems
    assert (problem.path, problem.line) == (str(path), 7)


def test_the_default_rules_for_bad_news_weigh_how_sure_it_is(nlp):
    rules = load_rules([default_rules_dir()], nlp, load_structure())
    sure = {r.id: r.bad_news_sure_from for r in rules.rules if r.bad_news_sure_from}
    assert sure == {"empathie.ontbreekt": 0.7, "reden.ontbreekt": 0.7, "alternatief.ontbreekt": 0.7}


def test_rules_show_says_so(tmp_path):
    from click.testing import CliRunner

    from tonecheck.cli import main

    output = CliRunner().invoke(main, ["rules", "show", "empathie.ontbreekt"]).output
    assert "een suggestie in plaats van een waarschuwing als het model minder dan 0.7" in output
