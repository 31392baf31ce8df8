"""Broken rule files: every problem reported with file, line and column, exit code 2."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tests.rule_helpers import write_rules
from tonecheck.cli import main
from tonecheck.common.yamlfile import DataFileError, validate
from tonecheck.engine.loader import load_rules
from tonecheck.engine.matchers import PatternError, compile_matcher
from tonecheck.engine.pattern_errors import pattern_problem
from tonecheck.nlp.structure import load_structure
from tonecheck.nlp.structure_spec import read_structure
from tonecheck.paths import structure_dir

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
    assert (4, 5, "'levle' is geen bekende sleutel (bedoelt u 'level'?)") in found


def test_unknown_category(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("plain-language", "plain-langauge"))
    line, column, message = found[0]
    assert (line, column) == (3, 5)
    assert message.startswith(
        "'plain-langauge' is geen geldige waarde voor 'category' (bedoelt u 'plain-language'?)"
        "; mogelijk: empathy, "
    )


def test_unknown_level(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("level: suggestion", "level: critical"))
    assert found[0][:2] == (4, 5)
    assert "'critical' is geen geldige waarde voor 'level'" in found[0][2]
    assert "waarschuwing" in found[0][2]  # the Dutch names are offered too


def test_missing_required_field(nlp, tmp_path):
    text = GOOD.replace("    message: \"'{match}' is ambtelijk.\"\n", "")
    found = problems(nlp, tmp_path, text)
    assert found == [(2, 5, "de verplichte sleutel 'message' ontbreekt")]


def test_invalid_spacy_pattern(nlp, tmp_path):
    text = GOOD.replace(
        "      kind: terms\n      terms: {middels: met}",
        "      kind: pattern\n      patterns:\n        - [{LEMA: middels}]",
    ).replace(" '{replacement}'", "")
    found = problems(nlp, tmp_path, text)
    assert len(found) == 1
    line, column, message = found[0]
    assert (line, column) == (10, 11)
    assert message == "ongeldig spaCy-patroon: woord 1 van het patroon: onbekende sleutel 'LEMA'"


def test_duplicate_id_across_files(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD, extra=GOOD)
    assert len(found) == 1
    assert found[0][:2] == (2, 5)
    assert "regel-id 'taal.middels' komt twee keer voor (eerst in " in found[0][2]


def test_unknown_zone(nlp, tmp_path):
    text = GOOD.replace("    check:", "    zones: [bezwaar]\n    check:")
    found = problems(nlp, tmp_path, text)
    assert found[0][:2] == (7, 13)
    assert found[0][2].startswith("'bezwaar' is geen geldige waarde voor 'zones'; mogelijk: ")


def test_unknown_letter_type(nlp, tmp_path):
    text = GOOD.replace("    check:", "    applies_to: [afwijzingen]\n    check:")
    found = problems(nlp, tmp_path, text)
    assert found == [(7, 18, "onbekend brieftype 'afwijzingen' (bedoelt u 'afwijzing'?)")]


def test_a_text_for_an_unknown_letter_type(nlp, tmp_path):
    per_type = '    for_types:\n      bezwaar:\n        suggestion: "Schrijf {woord}."\n    check:'
    found = problems(nlp, tmp_path, GOOD.replace("    check:", per_type))
    assert any(
        line == 8 and text.startswith("onbekend brieftype 'bezwaar' (bekend: afwijzing, ")
        for line, _, text in found
    )
    assert any(
        line == 9 and text.startswith("onbekende plaatshouder {woord}") for line, _, text in found
    )


def test_a_text_for_a_letter_type_the_rule_does_not_check(nlp, tmp_path):
    per_type = (
        "    applies_to: [afwijzing]\n    for_types:\n      toekenning:\n"
        "        suggestion: Schrijf iets.\n    check:"
    )
    found = problems(nlp, tmp_path, GOOD.replace("    check:", per_type))
    assert found == [(9, 7, "de regel geldt niet voor brieftype 'toekenning' (applies_to)")]


def test_unknown_placeholder(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("'{match}' is", "'{woord}' is"))
    assert found[0][:2] == (5, 5)
    assert found[0][2].startswith("onbekende plaatshouder {woord} bij kind: terms (mogelijk: ")


def test_yaml_syntax_error(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("kind: terms", "kind: [terms"))
    # the list is opened on line 8 and never closed: that is where to look
    assert found == [(8, 13, "ongeldige YAML: een lijst met '[' wordt niet gesloten met ']'")]


def test_yaml_aliases_are_refused(nlp, tmp_path):
    text = "base: &b {a: 1}\nrules:\n  - *b\n"
    found = problems(nlp, tmp_path, text)
    assert found == [(3, 5, "verwijzingen (*naam) zijn in deze YAML-bestanden niet toegestaan")]


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
    assert found == [(7, 5, "'check' heeft een van deze sleutels nodig: max, min")]


def test_all_problems_of_a_file_at_once(nlp, tmp_path):
    text = GOOD.replace("    level:", "    levle:").replace("plain-language", "taal")
    assert len(problems(nlp, tmp_path, text)) >= 2


def test_cli_reports_problems_and_exits_2(tmp_path):
    rules = write_rules(tmp_path, GOOD.replace("    level:", "    levle:"))
    result = CliRunner().invoke(
        main, ["check", "--rules", str(rules), str(SAMPLES / "boete-parkeren-afval.docx")]
    )
    assert result.exit_code == 2
    assert f"{rules}:4:5: 'levle' is geen bekende sleutel (bedoelt u 'level'?)" in result.output
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
    assert f"{rules}:10:20:" in lines[0]  # at the REGEX itself
    assert "ongeldige reguliere expressie '(mid+dels': een '(' zonder ')'" in lines[0]


@pytest.mark.parametrize(
    "command",
    [["rules", "validate"], ["rules", "test"], ["check", "--rules"]],
    ids=["validate", "test", "check"],
)
@pytest.mark.parametrize(
    ("regex", "construct"),
    [
        (r"(mid)\1dels", r"een terugverwijzing (\1 of (?P=naam)) bij teken 6"),
        ("(?P<m>mi)d(?P=m)", r"een terugverwijzing (\1 of (?P=naam)) bij teken 11"),
        ("mid(?=dels)", "vooruitkijken ((?=...) of (?!...)) bij teken 4"),
        ("(?<!x)middels", "terugkijken ((?<=...) of (?<!...)) bij teken 1"),
        (r"\bmiddels", r"een woordgrens (\b of \B) bij teken 1"),
        ("(?>mid)dels", "een atomaire groep ((?>...)) bij teken 1"),
        ("mid{2000}dels", "meer dan 1000 herhalingen"),
    ],
)
def test_what_the_linear_time_engine_cannot_run_is_refused_in_dutch(
    tmp_path, command, regex, construct
):
    yaml_string = regex.replace("\\", "\\\\")  # in a double-quoted YAML string
    rules = write_rules(tmp_path, BROKEN_REGEX.replace('"(mid+dels"', f'"{yaml_string}"'))
    letter = tmp_path / "brief.txt"
    letter.write_text("Wij betalen middels een overboeking.\n", encoding="utf-8")
    args = [*command, str(rules)] + ([str(letter)] if command[0] == "check" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert f"{rules}:10:20:" in lines[0]  # at the REGEX
    assert f"reguliere expressie '{regex}' bevat {construct}" in lines[0]
    assert "de veilige regex-machine (RE2, lineaire tijd) niet" in lines[0]


def test_a_refused_regex_in_an_in_list_is_pointed_at(nlp, tmp_path):
    text = BROKEN_REGEX.replace('{REGEX: "(mid+dels"}', '{REGEX: {IN: [midd, "(a)\\\\1"]}}')
    found = problems(nlp, tmp_path, text)
    assert [(line, column) for line, column, _ in found] == [(10, 39)]  # the second item
    assert "'(a)\\1' bevat een terugverwijzing" in found[0][2]


def test_the_default_rules_use_nothing_the_linear_time_engine_lacks():
    from tonecheck.common.regex_guard import refused
    from tonecheck.common.yamlfile import load_yaml
    from tonecheck.engine.regex_predicates import regex_values
    from tonecheck.paths import default_rules_dir

    expressions = [
        expression
        for path in sorted(default_rules_dir().glob("*.yml"))
        for _, expression in regex_values(load_yaml(path))
    ]
    assert len(expressions) > 10
    assert [e for e in expressions if refused(e)] == []


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


def test_a_broken_placeholder_is_named_in_plain_words(nlp, tmp_path):
    found = problems(nlp, tmp_path, GOOD.replace("'{match}' is", "'{match' is"))
    assert found == [(5, 5, "kapotte {plaatshouder}: een '{' zonder '}'")]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ([{"OP": "x"}], "1 van het patroon: 'OP' moet een van deze zijn: '+', '*', '?' of '!'"),
        ([{"LOWER": "u"}, {"IS_ALPHA": "ja"}],
         "2 van het patroon: 'IS_ALPHA' moet true of false zijn"),
        ([{"POS": ["NOUN"]}], "1 van het patroon: 'POS' moet een tekst zijn, of een blok zoals "
                              "{IN: [...]} of {REGEX: ...}"),
        ([{"LENGTH": "a"}], "1 van het patroon: 'LENGTH' moet een getal zijn, of een blok zoals "
                            "{\">=\": 3}"),
        ([{"LOWER": {"IN": "abc"}}], "1 van het patroon: 'IN' moet een lijst zijn"),
        ([[{"LOWER": "u"}]], "1 van het patroon: elk woord van een patroon is een blok tussen { "
                             "en }, zoals {LOWER: u}"),
    ],
    ids=["operator", "boolean", "string", "number", "list", "nested"],
)  # fmt: skip
def test_spacy_pattern_problems_are_dutch(nlp, pattern, message):
    with pytest.raises(PatternError) as error:
        compile_matcher(nlp, {"patterns": [pattern]}, "test")
    assert str(error.value) == f"woord {message}"


@pytest.mark.parametrize(
    ("dependency", "message"),
    [
        ([{"RIGHT_ATTRS": {"POS": "VERB"}}],
         "het eerste knooppunt van een dependency-patroon heeft alleen RIGHT_ID en RIGHT_ATTRS"),
        ([{"RIGHT_ID": "a", "RIGHT_ATTRS": {}},
          {"LEFT_ID": "b", "REL_OP": ">", "RIGHT_ID": "c", "RIGHT_ATTRS": {}}],
         "elke RIGHT_ID moet nieuw zijn, en elke LEFT_ID moet in een eerder knooppunt "
         "genoemd zijn"),
        ([{"RIGHT_ID": "a", "RIGHT_ATTRS": {}},
          {"LEFT_ID": "a", "REL_OP": ">>>", "RIGHT_ID": "c", "RIGHT_ATTRS": {}}],
         "onbekende REL_OP '>>>'"),
    ],
    ids=["anchor", "order", "operator"],
)  # fmt: skip
def test_dependency_pattern_problems_are_dutch(nlp, dependency, message):
    with pytest.raises(PatternError) as error:
        compile_matcher(nlp, {"dependency": [dependency]}, "test")
    assert str(error.value) == message


def test_an_unknown_spacy_complaint_is_passed_on_after_a_dutch_lead():
    assert pattern_problem("[E999] Something new.") == "spaCy meldt: [E999] Something new."
    weird = "Invalid token patterns ... Pattern 0: - [pattern -> 0 -> X] Something new"
    assert pattern_problem(weird) == "woord 1 van het patroon: spaCy meldt: Something new"


@pytest.mark.parametrize(
    ("schema", "value", "message"),
    [
        ({"type": "integer"}, "x", "'a' moet een geheel getal zijn"),
        ({"type": ["string", "null"]}, 1, "'a' moet een tekst of leeg zijn"),
        ({"const": "x"}, "y", "'a' moet 'x' zijn"),
        ({"minLength": 3}, "xy", "'a' moet minstens 3 tekens hebben"),
        ({"maxLength": 3}, "wxyz", "'a' mag hoogstens 3 tekens hebben"),
        ({"minItems": 1}, [], "'a' moet minstens 1 item hebben"),
        ({"maxItems": 1}, [1, 2], "'a' mag hoogstens 1 items hebben"),
        ({"uniqueItems": True}, [1, 1], "'a' noemt iets twee keer"),
        ({"maximum": 1}, 2, "'a' mag hoogstens 1 zijn"),
        ({"exclusiveMinimum": 0}, 0, "'a' moet groter zijn dan 0"),
        ({"exclusiveMaximum": 1}, 1, "'a' moet kleiner zijn dan 1"),
        ({"pattern": "^[a-z]+$"}, "A", "'A' is geen geldige a: patroon ^[a-z]+$"),
        ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, 1,
         "'a' past op meer dan één manier; maak duidelijk welke bedoeld is"),
        ({"oneOf": [{"required": ["b"]}, {"required": ["c"]}]}, {"b": 1, "c": 2},
         "'a' mag maar één van deze sleutels hebben: b, c"),
        ({"multipleOf": 2}, 3, "'a' klopt niet (jsonschema meldt: 3 is not a multiple of 2)"),
    ],
)  # fmt: skip
def test_every_kind_of_schema_problem_is_a_dutch_sentence(tmp_path, schema, value, message):
    found = validate({"a": value}, {"properties": {"a": schema}}, tmp_path / "x.yml")
    assert [p.message for p in found] == [message]


def _broken_structure(tmp_path, name: str, old: str, new: str, load) -> tuple[int, str]:
    """A copy of rules/structure with ``old`` in file ``name`` replaced by ``new``: the line
    of the first ``old`` and the error ``load`` (load_structure or read_structure) gives."""
    folder = tmp_path / "structure"
    shutil.copytree(structure_dir(), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if old in row)
    path.write_text(text.replace(old, new), encoding="utf-8")
    load.cache_clear()
    try:
        with pytest.raises(DataFileError) as error:
            load(folder)
    finally:
        load.cache_clear()
    return line, str(error.value)


def test_a_broken_expression_in_a_structure_file_is_dutch(tmp_path):
    line, error = _broken_structure(
        tmp_path, "zones.yml", "'re:\\b(wijzen|", "'re:\\b((wijzen|", load_structure
    )
    assert f"zones.yml:{line}:" in error
    assert "ongeldige reguliere expressie" in error and "een '(' zonder ')'" in error


def test_an_unknown_role_in_bad_news_over_names_the_line(tmp_path):
    line, error = _broken_structure(
        tmp_path,
        "letter-types.yml",
        "bad_news_over: [reason-case, reason-rule]",
        "bad_news_over: [reason-case, reden]",
        read_structure,
    )
    assert f"letter-types.yml:{line}:" in error
    assert "'reden'" in error


def test_a_broken_expression_in_mentions_names_the_line(tmp_path):
    line, error = _broken_structure(
        tmp_path,
        "letter-types.yml",
        "mentions: ['re:\\w*bezwa\\w*'",
        "mentions: ['re:(bezwa'",
        read_structure,
    )
    assert f"letter-types.yml:{line}:" in error
    assert "een '(' zonder ')'" in error
