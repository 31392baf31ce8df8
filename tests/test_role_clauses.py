"""Roles a sentence gains by its parse (``gains`` in rules/structure/role-evidence.yml):
a decision with a causal clause on its main clause gives its reason, however low the
role model scores the sentence as a reason. The letters below were written for this
test and are not in the training data."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import evidence_error
from tonecheck.cli import main
from tonecheck.common.findings import Level
from tonecheck.documents.text_reader import read_text
from tonecheck.engine.loader import load_rules
from tonecheck.engine.runner import check_letter
from tonecheck.nlp.letter import understand
from tonecheck.nlp.role_evidence import read_role_evidence
from tonecheck.paths import default_rules_dir

OPENING = "Geachte mevrouw Bakker,\n\nOp 2 november vroeg u ons om {asked}.\n\n"
CLOSING = (
    "\n\nWij begrijpen dat dit een teleurstelling voor u is. U kunt wel een gesprek "
    "aanvragen met onze schuldhulpverlener, die samen met u kijkt wat wel kan.\n\n"
    "Met vriendelijke groet,\n\nP. Jansen\nteam Inkomen"
)
# (what was asked, the decision, its reason as a clause of the decision)
DECISIONS = [
    (
        "een parkeervergunning voor een tweede auto",
        "Die geven wij u niet",
        "omdat er op uw adres al twee vergunningen zijn uitgegeven",
    ),
    (
        "kwijtschelding van de hondenbelasting",
        "Wij verlenen u geen kwijtschelding",
        "omdat er op uw spaarrekening € 6.300 staat",
    ),
    (
        "een verlenging van uw uitkering",
        "Wij stoppen uw uitkering per 1 februari",
        "omdat u sinds december 32 uur per week werkt bij een supermarkt",
    ),
    (
        "uitstel van betaling",
        "Wij geven u geen uitstel",
        "aangezien u het vorige uitstel niet heeft nagekomen",
    ),
]


def letter(asked: str, decision: str) -> str:
    return OPENING.format(asked=asked) + decision + "." + CLOSING


@pytest.fixture(scope="module")
def reason_warnings(nlp, role_structure):
    """Whether the default rules warn that a letter gives no reason."""
    rules = load_rules([default_rules_dir()], nlp, role_structure)

    def of(text: str) -> bool:
        checked = understand(nlp, role_structure, read_text(text, "<test>"))
        return any(
            f.rule == "reden.ontbreekt" and f.level >= Level.WARNING
            for f in check_letter(checked, rules)
        )

    return of


@pytest.mark.parametrize(("asked", "decision", "reason"), DECISIONS)
def test_a_reason_in_a_clause_of_the_decision_counts(reason_warnings, asked, decision, reason):
    """The sharp test: with the clause the letter gives its reason; cut the clause and
    the warning appears."""
    assert not reason_warnings(letter(asked, f"{decision}, {reason}"))
    assert reason_warnings(letter(asked, decision))


@pytest.mark.parametrize(("asked", "decision", "_"), DECISIONS[:2])
def test_a_clause_that_only_names_the_conditions_is_no_reason(reason_warnings, asked, decision, _):
    assert reason_warnings(letter(asked, f"{decision}, omdat u niet aan de voorwaarden voldoet"))


def test_only_a_clause_on_the_main_clause_gives_the_role(nlp):
    gain = read_role_evidence().gains["reason-case"]
    for text in (
        "Wij wijzen uw aanvraag af, omdat uw inkomen hoger is dan € 1.650 per maand.",
        "Omdat u te laat betaalde, krijgt u een aanmaning van € 15.",
        "U krijgt geen boete, want u heeft het loon zelf gemeld.",
    ):
        assert gain.clause_in(nlp(text)[:]) is not None, text
    for text in (
        "Wij wijzen uw aanvraag daarom af.",  # 'daarom' leads no clause
        "Wij begrijpen dat dit hard aankomt, omdat u op de hulp rekende.",  # embedded
        "Wij wijzen uw aanvraag af, omdat u niet in aanmerking komt.",  # hollow
    ):
        assert gain.clause_in(nlp(text)[:]) is None, text


def test_inspect_shows_a_gained_role(tmp_path, role_structure):
    path = tmp_path / "brief.txt"
    asked, decision, reason = DECISIONS[1]
    path.write_text(letter(asked, f"{decision}, {reason}"), encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(main, ["inspect", str(path)])
    assert table.exit_code == 0, table.output
    assert "reason-case+ " in table.output
    # what gave it, of the ways role-evidence.yml knows (a clause, an opening, …)
    assert "(de reden in een bijzin bij het besluit)" in table.output
    shown = runner.invoke(main, ["inspect", "--format", "json", str(path)])
    sentences = json.loads(shown.output)["sentences"]
    decided = next(s for s in sentences if s["text"].startswith(decision))
    assert decided["gained"] == ["reason-case"]
    assert "reason-case" in decided["roles"]
    assert decided["gained_by"] == {"reason-case": "de reden in een bijzin bij het besluit"}
    assert decided["scores"]["reason-case"] < role_structure.roles.thresholds["reason-case"]


def test_a_broken_gain_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path,
        "roles: {}\ngains:\n  reason-case:\n    gives: x\n    with_roles: [decision-negatief]\n"
        "    clause_words: [omdat]\n    hollow: ['re:(a+)+$']\n",
    )
    assert "role-evidence.yml:5:" in message and "decision-negatief" in message


def test_a_dangerous_hollow_expression_is_refused(tmp_path):
    message = evidence_error(
        tmp_path,
        "roles: {}\ngains:\n  reason-case:\n    gives: x\n    with_roles: [decision-negative]\n"
        "    clause_words: [omdat]\n    hollow: ['re:(a+)+$']\n",
    )
    assert "role-evidence.yml:7:" in message


def test_gain_examples_run_in_rules_test(role_structure):
    result = CliRunner().invoke(main, ["rules", "test", "-v", str(default_rules_dir())])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "role-evidence reason-case [" in line]
    assert any("[krijgt] U krijgt geen boete, want" in line for line in lines)
    assert any("[houdt] Wij wijzen uw aanvraag daarom af." in line for line in lines)
    assert all(line.startswith("GESLAAGD") for line in lines)
