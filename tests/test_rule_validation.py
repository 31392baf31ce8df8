"""Broken rule files: every problem reported with file, line and column, exit code 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tests.rule_helpers import write_rules
from tonecheck.cli import main
from tonecheck.common.yamlfile import DataFileError
from tonecheck.engine.loader import load_rules
from tonecheck.nlp.structure import load_structure

GOOD = """\
rules:
  - id: taal.middels
    category: plain-language
    level: suggestion
    message: "'{match}' is ambtelijk."
    suggestion: "Schrijf '{replacement}'."
    check:
      kind: terms
      terms: {middels: met}
    examples:
      flag: [Middels deze brief.]
      ok: [Met deze brief.]
"""


def problems(nlp, tmp_path, text, name="regels.yml", extra=None):
    paths = [write_rules(tmp_path, text, name)]
    if extra:
        paths.append(write_rules(tmp_path, extra, "tweede.yml"))
    with pytest.raises(DataFileError) as info:
        load_rules(paths, nlp, load_structure())
    return [(p.line, p.column, p.message) for p in info.value.problems]


def test_good_file_loads(nlp, tmp_path):
    rules = load_rules([write_rules(tmp_path, GOOD)], nlp, load_structure())
    assert [r.id for r in rules.rules] == ["taal.middels"]
    assert rules.rules[0].line == 2


def test_misspelt_field_suggests_the_right_one(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("    level:", "    levle:"))
    assert (4, 5, "'levle' is not a known field (did you mean 'level'?)") in found


def test_unknown_category(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("plain-language", "plain-langauge"))
    line, column, message = found[0]
    assert (line, column) == (3, 5)
    assert "'plain-langauge' is not one of" in message and "plain-language'?" in message


def test_unknown_level(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("level: suggestion", "level: critical"))
    assert found[0][:2] == (4, 5) and "'critical' is not one of" in found[0][2]


def test_missing_required_field(nlp, tmp_path):
    text = GOOD.replace("    message: \"'{match}' is ambtelijk.\"\n", "")
    found = problems(nlp, tmp_path, text)
    assert found == [(2, 5, "'message' is required")]


def test_invalid_spacy_pattern(nlp, tmp_path):
    text = GOOD.replace(
        "      kind: terms\n      terms: {middels: met}",
        "      kind: pattern\n      patterns:\n        - [{LEMA: middels}]",
    ).replace(" '{replacement}'", "")
    found = problems(nlp, tmp_path, text)
    assert len(found) == 1
    line, column, message = found[0]
    assert (line, column) == (10, 11)
    assert message.startswith("invalid spaCy pattern")


def test_duplicate_id_across_files(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD, extra=GOOD)
    assert len(found) == 1
    assert found[0][:2] == (2, 5)
    assert "duplicate rule id 'taal.middels'" in found[0][2]


def test_unknown_zone(nlp, tmp_path):
    text = GOOD.replace("    check:", "    zones: [bezwaar]\n    check:")
    found = problems(nlp, tmp_path, text)
    assert found[0][:2] == (7, 13) and "'bezwaar' is not one of" in found[0][2]


def test_unknown_letter_type(nlp, tmp_path):
    text = GOOD.replace("    check:", "    applies_to: [afwijzingen]\n    check:")
    found = problems(nlp, tmp_path, text)
    assert found == [(7, 18, "unknown letter type 'afwijzingen' (did you mean 'afwijzing'?)")]


def test_unknown_placeholder(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("'{match}' is", "'{woord}' is"))
    assert found[0][:2] == (5, 5) and "unknown placeholder {woord}" in found[0][2]


def test_yaml_syntax_error(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("kind: terms", "kind: [terms"))
    # the list is opened on line 8 and never closed: that is where to look
    assert found == [(8, 13, "ongeldige YAML: een lijst met '[' wordt niet gesloten met ']'")]


def test_yaml_aliases_are_refused(nlp, tmp_path):
    text = "base: &b {a: 1}\nrules:\n  - *b\n"
    found = problems(nlp, tmp_path, text)
    assert found == [(3, 5, "YAML aliases (*name) are not allowed in rule files")]


def test_metric_needs_a_threshold(nlp, tmp_path):
    text = (
        GOOD.replace(
            "      kind: terms\n      terms: {middels: met}",
            "      kind: metric\n      metric: words_per_sentence\n      scope: sentence",
        )
        .replace("'{match}' is ambtelijk.", "Te lang.")
        .replace(" '{replacement}'", "")
    )
    found = problems(nlp, tmp_path, text)
    assert found == [(7, 5, "'check' needs one of: max, min")]


def test_all_problems_of_a_file_at_once(nlp, tmp_path):
    text = GOOD.replace("    level:", "    levle:").replace("plain-language", "taal")
    assert len(problems(nlp, tmp_path, text)) >= 2


def test_cli_reports_problems_and_exits_2(tmp_path):
    rules = write_rules(tmp_path, GOOD.replace("    level:", "    levle:"))
    result = CliRunner().invoke(
        main, ["check", "--rules", str(rules), str(SAMPLES / "boete-parkeren-afval.docx")]
    )
    assert result.exit_code == 2
    assert f"{rules}:4:5: 'levle' is not a known field (did you mean 'level'?)" in result.output
    assert "Traceback" not in result.output


BROKEN_REGEX = GOOD.replace(
    "kind: terms\n      terms: {middels: met}",
    'kind: pattern\n      patterns:\n        - [{TEXT: {REGEX: "(mid+dels"}}]',
).replace("{replacement}", "met")


@pytest.mark.parametrize(
    "command",
    [["rules", "validate"], ["rules", "test"], ["check", "--rules"]],
    ids=["validate", "test", "check"],
)
def test_a_broken_regular_expression_is_one_dutch_line_and_exit_2(tmp_path, command):
    rules = write_rules(tmp_path, BROKEN_REGEX)
    letter = tmp_path / "brief.txt"
    letter.write_text("Wij betalen middels een overboeking.\n", encoding="utf-8")
    args = [*command, str(rules)] + ([str(letter)] if command[0] == "check" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert f"{rules}:10:11:" in lines[0]
    assert "ongeldige reguliere expressie '(mid+dels': een '(' zonder ')'" in lines[0]


def test_a_missing_colon_is_reported_in_plain_words_at_its_line(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("level: suggestion", "level suggestion"))
    assert found == [(4, 5, "ongeldige YAML: hier ontbreekt een ':' achter de sleutel")]


def test_rule_files_take_dutch_level_names(nlp, tmp_path):
    rules = load_rules(
        [write_rules(tmp_path, GOOD.replace("level: suggestion", "level: waarschuwing"))],
        nlp,
        load_structure(),
    )
    assert str(rules.rules[0].level) == "warning"


def test_validate_reports_an_id_that_a_default_rule_has(tmp_path):
    rules = write_rules(tmp_path, GOOD.replace("id: taal.middels", "id: zin.lang"))
    result = CliRunner().invoke(main, ["rules", "validate", str(rules)])
    assert result.exit_code == 2
    assert f"{rules}:2:5: regel-id 'zin.lang' bestaat al in de standaardregels" in result.output


def test_validate_takes_a_default_rule_file_itself():
    from tonecheck.paths import default_rules_dir

    result = CliRunner().invoke(main, ["rules", "validate", str(default_rules_dir() / "tone.yml")])
    assert result.exit_code == 0, result.output
