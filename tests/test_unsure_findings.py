"""``unsure_from`` in an ``expect`` check on roles: when a sentence almost has the role
the rule asks for, the finding is a suggestion that names that sentence (the model is
unsure; a suggestion claims no defect)."""

from __future__ import annotations

import textwrap

import pytest

from tests.rule_helpers import EXAMPLES, findings_for, write_rules
from tonecheck.common.findings import Level
from tonecheck.common.yamlfile import DataFileError
from tonecheck.engine.loader import load_rules
from tonecheck.nlp.structure import load_structure

FRAME = "Geachte mevrouw Smit,\n\n{body}\n\nMet vriendelijke groet,\n\nA. de Boer\nconsulent"
# no empathy in it: a decision and its reason
BODY = (
    "Wij kunnen u geen vergoeding geven voor de nieuwe bril. Uw inkomen is € 2.140 per "
    "maand en de grens voor de regeling is € 1.900."
)


def rule_file(tmp_path, unsure: str = ""):
    return write_rules(
        tmp_path,
        textwrap.dedent(f"""\
        rules:
          - id: test.empathie
            category: empathy
            level: warning
            message: Geen erkenning.
            suggestion: Erken de teleurstelling.
            check:
              kind: expect
              if: {{roles: [decision-negative]}}
              then: {{roles: [empathy]}}
              within: document
        {unsure}""")
        + EXAMPLES,
    )


def test_without_unsure_from_the_finding_is_a_warning(nlp, role_structure, tmp_path):
    (found,) = findings_for(nlp, rule_file(tmp_path), FRAME.format(body=BODY))
    assert found.level == Level.WARNING
    assert found.message == "Geen erkenning."


def test_a_sentence_near_the_role_makes_it_a_suggestion_naming_it(nlp, role_structure, tmp_path):
    # every sentence scores above a tiny floor: the best one is named
    path = rule_file(tmp_path, "      unsure_from: 0.000001\n")
    (found,) = findings_for(nlp, path, FRAME.format(body=BODY))
    assert found.level == Level.SUGGESTION
    assert found.message.startswith("Geen erkenning. Misschien doet deze zin het al: \u201c")
    assert found.trace["unsure"]["score"] >= 0.0
    assert found.trace["unsure"]["sentence"] in FRAME.format(body=BODY)


def test_no_sentence_near_the_role_keeps_the_warning(nlp, role_structure, tmp_path):
    path = rule_file(tmp_path, "      unsure_from: 1.0\n")
    (found,) = findings_for(nlp, path, FRAME.format(body=BODY))
    assert found.level == Level.WARNING


def test_unsure_from_needs_roles_in_then(nlp, tmp_path):
    path = write_rules(
        tmp_path,
        textwrap.dedent("""\
        rules:
          - id: test.woord
            category: empathy
            level: warning
            message: x
            suggestion: y
            check: {kind: expect, then: {terms: [helaas]}, unsure_from: 0.2}
        """)
        + EXAMPLES,
    )
    with pytest.raises(DataFileError) as error:
        load_rules([path], nlp, load_structure())
    assert "'unsure_from' werkt alleen als 'then' rollen noemt" in str(error.value)
