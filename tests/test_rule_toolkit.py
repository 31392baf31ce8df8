"""The rule author's toolkit: rules list/show/validate/test, explain, eval, init."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SAMPLES
from tests.rule_helpers import write_rules
from tonecheck.cli import main

HOUSE = """\
rules:
  - id: huis.email
    category: clarity
    level: suggestion
    message: "'{match}': schrijf e-mail."
    suggestion: "Schrijf '{replacement}'."
    check: {kind: terms, terms: {email: e-mail}}
    examples:
      flag: [Stuur een email.]
      ok: [Stuur een e-mail.]
"""


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def test_rules_list_table_and_filters():
    table = run("rules", "list")
    assert table.exit_code == 0
    assert "empathie.ontbreekt" in table.output and "empathy.yml" in table.output
    rows = json.loads(run("rules", "list", "--category", "objection", "--format", "json").output)
    assert {r["category"] for r in rows} == {"objection"} and len(rows) >= 2
    errors = json.loads(run("rules", "list", "--level", "error", "--format", "json").output)
    assert errors and all(r["level"] == "error" for r in errors)


def test_rules_list_shows_what_the_config_disables(tmp_path, monkeypatch):
    (tmp_path / "tonecheck.toml").write_text('disable = ["lijdend.vorm"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rows = json.loads(run("rules", "list", "--format", "json").output)
    assert {r["id"]: r["enabled"] for r in rows}["lijdend.vorm"] is False


def test_rules_show_explains_one_rule():
    result = run("rules", "show", "reden.ontbreekt")
    assert result.exit_code == 0
    for part in ("reasons.yml:", "melding:", "suggestie:", "hoe de regel werkt:",
                 "voorbeelden die een melding moeten geven:",
                 "alleen in brieven met slecht nieuws"):  # fmt: skip
        assert part in result.output
    per_type = run("rules", "show", "bezwaar.ontbreekt").output
    assert "bij beslissing-op-bezwaar, suggestie: Sluit af met:" in per_type
    # its letter types, and how a letter of an unsure type counts (rule.applies_to_type)
    assert "(of samen een kans van meer dan 0.5 als het brieftype twijfelt)" in per_type
    unknown = run("rules", "show", "reden.bestaat-niet")
    assert unknown.exit_code == 2
    assert "er is geen regel 'reden.bestaat-niet' (bedoelt u: reden." in unknown.output


def test_validate_reports_errors_with_place_and_exits_2(tmp_path):
    path = write_rules(tmp_path, HOUSE.replace("category: clarity", "category: duidelijk"))
    result = run("rules", "validate", path)
    assert result.exit_code == 2
    assert f"{path}:3:5: 'duidelijk' is geen geldige waarde voor 'category'" in result.output


def test_validate_warns_about_rules_that_can_never_fire(tmp_path):
    never = (
        HOUSE
        + """\
  - id: huis.pos
    category: tone
    level: suggestion
    message: m
    suggestion: s
    check: {kind: pattern, patterns: [[{POS: PRONOUN}]]}
    examples: {flag: [x], ok: [y]}
"""
    )
    result = run("rules", "validate", write_rules(tmp_path, never))
    assert result.exit_code == 0
    assert "huis.pos" in result.output and "'PRONOUN'" in result.output
    assert ": waarschuwing: huis.pos: het patroon vraagt om POS 'PRONOUN'" in result.output
    assert "huis.email" not in result.output  # a term that can match gets no warning


def test_rules_test_passes_and_fails_with_the_actual_findings(tmp_path):
    path = write_rules(tmp_path, HOUSE)
    assert run("rules", "test", path).exit_code == 0
    broken = write_rules(
        tmp_path, HOUSE.replace("ok: [Stuur een e-mail.]", "ok: [Stuur een email.]"), "b.yml"
    )
    result = run("rules", "test", broken)
    assert result.exit_code == 1
    assert "MISLUKT huis.email [ok] Stuur een email." in result.output
    assert "gevonden: 'email'" in result.output
    assert "1 mislukt" in result.output


def test_the_default_rules_pass_their_own_examples():
    result = run("rules", "test", ROOT / "rules")
    assert result.exit_code == 0, result.output
    assert "0 mislukt" in result.output


def test_explain_says_why_rules_fired_and_why_not():
    result = run("explain", SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx")
    assert result.exit_code == 0
    assert "GEMELD empathie.ontbreekt" in result.output
    assert "in gang gezet door" in result.output or "gezocht naar" in result.output
    assert "n.v.t. vervolg.ontbreekt" in result.output  # not for a refusal: says why
    assert "alleen voor brieftypen" in result.output


def test_explain_names_the_decision_once_when_it_is_a_twice():
    """The refusal is A by its role and as the sentence the letter type rests on: named
    once in "in gang gezet door"."""
    good = SAMPLES / "afwijzing-bijzondere-bijstand-goed.docx"
    result = run("explain", "--rule", "empathie.ontbreekt", good)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "in gang gezet door" in x)
    assert line.count("Wij geven u geen bijdrage voor de wasmachine.") == 1


def test_eval_reports_precision_recall_and_compares_with_a_baseline(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "01-kil.txt").write_text(
        "Geachte heer Jansen,\n\nUw aanvraag wordt afgewezen.\n", encoding="utf-8"
    )
    (corpus / "02-warm.txt").write_text(
        "Beste meneer Jansen,\n\nWij wijzen uw aanvraag af, omdat uw inkomen te hoog is. "
        "Wij begrijpen dat dit een teleurstelling is.\n",
        encoding="utf-8",
    )
    labels = tmp_path / "labels.yml"
    labels.write_text(
        "letters:\n"
        "  01-kil.txt: {type: afwijzing, expect: {empathy: true}}\n"
        "  02-warm.txt: {type: afwijzing, expect: {empathy: false}}\n",
        encoding="utf-8",
    )
    saved = tmp_path / "resultaat.json"
    result = run("eval", corpus, "--labels", labels, "--save", saved)
    assert result.exit_code == 0, result.output
    assert "empathy" in result.output and "1.00" in result.output
    assert "empathie.ontbreekt" in result.output  # the per-rule table
    (corpus / "02-warm.txt").write_text("Uw aanvraag wordt afgewezen.\n", encoding="utf-8")
    again = run("eval", corpus, "--labels", labels, "--baseline", saved)
    assert "FP empathy" in again.output
    assert "+ 02-warm.txt: empathie.ontbreekt" in again.output
    # the warm letter now reads cold: a false alarm on the one letter that shows empathy
    header, empathy = (line.split() for line in again.output.splitlines()[2:4])
    assert header[-2:] == ["vals", "alarm"]
    assert empathy[0] == "empathy" and empathy[-1] == "1.00"


def test_eval_refuses_broken_labels(tmp_path):
    labels = tmp_path / "labels.yml"
    labels.write_text("letters:\n  a.txt: {expect: {empathy: ja}}\n", encoding="utf-8")
    result = run("eval", tmp_path, "--labels", labels)
    assert result.exit_code == 2
    assert "labels.yml:2" in result.output


def test_init_writes_a_working_starter_and_never_overwrites(tmp_path):
    result = run("init", tmp_path)
    assert result.exit_code == 0
    config = (tmp_path / "tonecheck.toml").read_text(encoding="utf-8")
    rules = tmp_path / "rules" / "huisstijl.yml"
    assert "Instellingen voor tonecheck" in config and "# " in rules.read_text(encoding="utf-8")
    assert run("rules", "test", rules).exit_code == 0
    letter = tmp_path / "brief.txt"
    letter.write_text("Stuur ons een email.\n", encoding="utf-8")
    found = json.loads(run("check", "--format", "json", letter).output)["documents"][0]
    assert "huis.schrijfwijze-email" in {f["rule"] for f in found["findings"]}
    before = rules.read_text(encoding="utf-8")
    again = run("init", tmp_path)
    assert again.exit_code == 2 and rules.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("command", [["rules", "--help"], ["explain", "-h"], ["eval", "-h"]])
def test_help_texts(command):
    assert run(*command).exit_code == 0
