"""`tonecheck check` output formats, exit codes and configuration."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SAMPLES
from tests.rule_helpers import TONE_RULE, use_only_rules, write_rules
from tonecheck.cli import main

SCHEMA = json.loads((ROOT / "tonecheck" / "report" / "tonecheck-output.schema.json").read_text())
RULES = (
    """\
rules:
  - id: taal.middels
    category: plain-language
    level: suggestion
    message: "'{match}' is ambtelijk."
    suggestion: "Schrijf '{replacement}'."
    check: {kind: terms, terms: {middels: met, derhalve: daarom}}
    examples: {flag: [x], ok: [y]}
"""
    + TONE_RULE
)
LETTER = "Middels deze brief laten wij weten dat u dient te betalen. Derhalve sturen wij dit.\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "brief.txt").write_text(LETTER, encoding="utf-8")
    use_only_rules(tmp_path, RULES)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def rules_found(output: str) -> list[str]:
    return [f["rule"] for d in json.loads(output)["documents"] for f in d["findings"]]


def test_json_output_matches_the_schema(folder):
    result = run("check", "--format", "json", folder / "brief.txt")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, SCHEMA)
    assert rules_found(result.output) == ["taal.middels", "toon.dient", "taal.middels"]


def test_json_with_default_rules_on_a_sample_matches_the_schema():
    result = run("check", "--format", "json", SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx")
    jsonschema.validate(json.loads(result.output), SCHEMA)


def test_unreadable_file_is_a_document_with_an_error(folder):
    result = run("check", "--format", "json", folder / "weg.docx", folder / "brief.txt")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["documents"][0]["error"] == "bestand niet gevonden"
    assert data["documents"][1]["error"] is None


def test_jsonl_one_object_per_line(folder):
    (folder / "tweede.txt").write_text("Wij sturen u de stukken.", encoding="utf-8")
    result = run("check", "--format", "jsonl", folder / "brief.txt", folder / "tweede.txt")
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    for line in lines:
        jsonschema.validate({"tonecheck": "x", "schema_version": 1,
                             "documents": [json.loads(line)]}, SCHEMA)  # fmt: skip


@pytest.mark.parametrize(
    ("fail_level", "expected"), [("error", 0), ("warning", 1), ("suggestion", 1)]
)
def test_exit_code_follows_fail_level(folder, fail_level, expected):
    result = run("check", "--fail-level", fail_level, folder / "brief.txt")
    assert result.exit_code == expected


def test_min_level_hides_lower_findings(folder):
    result = run("check", "--format", "json", "--min-level", "warning", folder / "brief.txt")
    assert rules_found(result.output) == ["toon.dient"]


def test_text_output_has_place_level_rule_message_suggestion(folder):
    result = run("check", folder / "brief.txt")
    assert f"{folder / 'brief.txt'}:1:1: suggestie    taal.middels: 'Middels' is ambtelijk." in (
        result.output
    )
    assert "\u2192 Schrijf 'met'." in result.output


def test_config_disables_a_category_and_overrides_a_level(folder):
    (folder / "tonecheck.toml").write_text(
        'default_rules = false\nrules = ["huisstijl.yml"]\ndisable = ["tone"]\n'
        '[levels]\n"taal.middels" = "error"\n',
        encoding="utf-8",
    )
    result = run("check", "--format", "json", folder / "brief.txt")
    assert result.exit_code == 1  # a finding at error level now
    data = json.loads(result.output)
    assert {f["rule"] for f in data["documents"][0]["findings"]} == {"taal.middels"}
    assert {f["level"] for f in data["documents"][0]["findings"]} == {"error"}


def test_config_adds_terms_to_a_rule(folder):
    (folder / "tonecheck.toml").write_text(
        'default_rules = false\nrules = ["huisstijl.yml"]\n'
        '[terms."taal.middels"]\nbrief = "bericht"\n',
        encoding="utf-8",
    )
    result = run("check", "--format", "json", folder / "brief.txt")
    assert rules_found(result.output).count("taal.middels") == 3


def test_config_found_in_a_parent_folder(folder):
    sub = folder / "brieven" / "2026"
    sub.mkdir(parents=True)
    (sub / "brief.txt").write_text(LETTER, encoding="utf-8")
    result = run("check", "--format", "json", sub / "brief.txt")
    assert "taal.middels" in rules_found(result.output)


def test_explicit_config_option(folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elders")
    (elsewhere / "brief.txt").write_text(LETTER, encoding="utf-8")
    result = run("check", "--format", "json", "--config", folder / "tonecheck.toml",
                 elsewhere / "brief.txt")  # fmt: skip
    assert "taal.middels" in rules_found(result.output)


def test_rules_option_adds_a_folder(tmp_path_factory):
    plain = tmp_path_factory.mktemp("zonder-config")
    (plain / "brief.txt").write_text("Wij sturen u een kwispelstaart.", encoding="utf-8")
    extra = write_rules(
        tmp_path_factory.mktemp("regels"),
        RULES.replace("taal.middels", "eigen.kwispel").replace("middels: met", "kwispelstaart: a"),
    )
    result = run("check", "--format", "json", "--rules", extra.parent, plain / "brief.txt")
    assert "eigen.kwispel" in rules_found(result.output)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('modle = "bundled"\n', ":1:1: onbekende instelling 'modle' (bedoelt u 'model'?)"),
        ('model = "bundled"\nmin_level = "hoog"\n', ":2:1: 'min_level' moet een van deze zijn"),
        ('disable = ["geen-regel"]\n', "'disable' noemt geen regel of categorie: 'geen-regel'"),
        ("rules = [\n", ":2:1: ongeldige TOML: het bestand houdt op midden in een waarde"),
    ],
)
def test_bad_config_is_a_clear_error(folder, toml, message):
    (folder / "tonecheck.toml").write_text(toml, encoding="utf-8")
    result = run("check", folder / "brief.txt")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_internal_error_in_one_letter_is_reported_and_the_rest_goes_on(folder, monkeypatch):
    import importlib

    check_module = importlib.import_module("tonecheck.checker")

    real = check_module.run_rules

    def failing(letter, rules, explain=False):
        if letter.document.path.endswith("kapot.txt"):
            raise RuntimeError("kunstmatige fout")
        return real(letter, rules, explain)

    monkeypatch.setattr(check_module, "run_rules", failing)
    (folder / "kapot.txt").write_text("Wij sturen u de stukken.", encoding="utf-8")
    result = run("check", "--format", "json", folder / "kapot.txt", folder / "brief.txt")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert "kunstmatige fout" in data["documents"][0]["error"]
    assert data["documents"][1]["findings"]
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_output_does_not_depend_on_hash_seed():
    import os
    import subprocess
    import sys

    sample = str(SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "tonecheck", "check", "--format", "json", sample],
            capture_output=True, text=True, env=env, cwd=ROOT,
        )  # fmt: skip
        outputs.add(done.stdout)
    assert len(outputs) == 1
