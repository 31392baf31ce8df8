"""Named term lists (``lists:`` in a rule file, used by rules of every file) and the
categories of findings as data (rules/structure/categories.yml)."""

from __future__ import annotations

import pytest

from tests.rule_helpers import findings_for, write_rules
from tonecheck.common.categories import FALLBACK, load_categories, style_of
from tonecheck.common.yamlfile import DataFileError
from tonecheck.engine.loader import load_rules
from tonecheck.nlp.structure import load_structure

LISTS = """\
lists:
  dure-woorden: [conform, middels]
"""
RULE = """\
rules:
  - id: taal.duur
    category: plain-language
    level: suggestion
    message: "'{match}' is ambtelijk."
    suggestion: "Schrijf het gewoon."
    check: {kind: terms, lists: [LIST], terms: [teneinde]}
    examples: {flag: [x], ok: [y]}
"""


def test_a_list_named_in_one_file_is_used_by_a_rule_in_another(nlp, tmp_path):
    write_rules(tmp_path, LISTS, "lijsten.yml")
    write_rules(tmp_path, RULE.replace("LIST", "dure-woorden"), "regels.yml")
    text = "Wij betalen conform de regeling, middels een overboeking, teneinde u te helpen."
    found = findings_for(nlp, tmp_path, text)
    assert [f.excerpt for f in found] == ["conform", "middels", "teneinde"]


def test_an_unknown_list_is_an_error_at_its_place_with_a_hint(nlp, tmp_path):
    write_rules(tmp_path, LISTS, "lijsten.yml")
    rules = write_rules(tmp_path, RULE.replace("LIST", "dure-woord"), "regels.yml")
    with pytest.raises(DataFileError) as error:
        load_rules([tmp_path], nlp, load_structure())
    (problem,) = error.value.problems
    assert problem.path == str(rules) and problem.line == 7
    assert "er is geen lijst 'dure-woord' (bedoelt u 'dure-woorden'?)" in problem.message


def test_a_list_defined_twice_is_an_error(nlp, tmp_path):
    write_rules(tmp_path, LISTS, "a.yml")
    second = write_rules(tmp_path, LISTS, "b.yml")
    with pytest.raises(DataFileError) as error:
        load_rules([tmp_path], nlp, load_structure())
    (problem,) = error.value.problems
    assert problem.path == str(second) and problem.line == 2
    assert "de lijst 'dure-woorden' staat al in " in problem.message


def test_the_default_rules_share_a_list():
    from tonecheck.paths import default_rules_dir

    text = (default_rules_dir() / "objection.yml").read_text(encoding="utf-8")
    assert "lists: [telefonisch-contact]" in text


def test_categories_are_data_with_names_colours_and_symbols():
    categories = load_categories()
    assert {"empathy", "reasons", "alternatives", "objection"} <= set(categories)
    assert style_of("empathy").label == "Begrip tonen"
    assert style_of("empathy").colour.startswith("#")
    assert style_of("iets-anders") == FALLBACK


def test_a_rule_with_an_unknown_category_is_refused(nlp, tmp_path):
    rules = write_rules(tmp_path, RULE.replace("plain-language", "ambtelijk").replace(
        "lists: [LIST], ", ""))  # fmt: skip
    with pytest.raises(DataFileError) as error:
        load_rules([rules], nlp, load_structure())
    assert "'ambtelijk'" in str(error.value) and "plain-language" in str(error.value)


def test_a_broken_categories_file_names_its_place(tmp_path):
    (tmp_path / "categories.yml").write_text(
        "categories:\n"
        "  - {id: empathy, name: A, colour: '#ffffff', border: '#000000', symbol: x}\n"
        "  - {id: empathy, name: B, colour: '#ffffff', border: '#000000', symbol: y}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as error:
        load_categories(tmp_path)
    assert ":3:" in str(error.value) and "staat er twee keer in" in str(error.value)
