"""The letter score: the formula, its balance, and what it does on the labelled letters."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tonecheck.checker import Checker
from tonecheck.common.findings import Finding, Level, Location
from tonecheck.common.yamlfile import DataFileError
from tonecheck.engine.loader import load_rules
from tonecheck.nlp.structure import load_structure
from tonecheck.paths import default_rules_dir
from tonecheck.report.score import load_score_spec, score_letter

EVAL = Path(__file__).resolve().parent.parent / "eval"


def finding(category: str, level: Level) -> Finding:
    return Finding("r", category, level, "m", "s", "e", Location(0, 0, 1, 1, 1))


@pytest.fixture(scope="module")
def spec():
    return load_score_spec()


def test_no_findings_is_100(spec):
    assert score_letter([], 150, spec).value == 100
    assert score_letter([], 150, spec).band == "groen"


def test_a_missing_acknowledgement_weighs_far_more_than_a_long_word(spec):
    long_word = score_letter([finding("plain-language", Level.SUGGESTION)], 200, spec)
    no_empathy = score_letter([finding("empathy", Level.WARNING)], 200, spec)
    assert 100 - no_empathy.value >= 5 * (100 - long_word.value)
    assert long_word.band == "groen" and no_empathy.band != "groen"


def test_short_letter_with_an_error_is_not_better_than_long_letter_with_a_suggestion(spec):
    short = score_letter([finding("objection", Level.ERROR)], 60, spec)
    long = score_letter([finding("sentence-length", Level.SUGGESTION)], 900, spec)
    assert short.value < long.value


def test_text_findings_weigh_less_in_a_longer_letter(spec):
    findings = [finding("plain-language", Level.SUGGESTION)] * 3
    assert score_letter(findings, 100, spec).value < score_letter(findings, 400, spec).value


def test_letter_findings_cost_the_same_whatever_the_length(spec):
    missing = [finding("alternatives", Level.WARNING)]
    short, long = score_letter(missing, 100, spec), score_letter(missing, 1000, spec)
    assert short.letter_points == long.letter_points > 0


def test_score_never_drops_below_zero(spec):
    many = [finding("objection", Level.ERROR)] * 10
    assert score_letter(many, 50, spec).value == 0


def test_broken_score_file_is_reported(tmp_path):
    path = tmp_path / "score.yml"
    path.write_text("words_per_unit: 0\nletter_factor: 6\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_score_spec(path)
    assert "score.yml" in str(info.value)


def test_on_the_labelled_letters_good_is_green_and_cold_rejections_are_red(nlp, spec):
    structure = load_structure()
    rules = load_rules([default_rules_dir()], nlp, structure)
    labels = YAML(typ="safe").load((EVAL / "labels.yml").read_text(encoding="utf-8"))["letters"]
    good, cold = {}, {}
    for name, label in labels.items():
        expect = label["expect"]
        if not any(expect.values()):
            good[name] = None
        elif all(expect.get(c) for c in ("empathy", "reasons", "alternatives")):
            cold[name] = None
    assert len(good) >= 10 and len(cold) >= 10
    checker = Checker(nlp, structure, rules, spec)
    for group in (good, cold):
        for name in list(group):
            result = checker.check_path(str(EVAL / "corpus" / name))
            if result.score is None:  # too short to judge (under min_words): no score
                assert "te kort" in (result.score_note or ""), name
                del group[name]
                continue
            group[name] = result.score.value
    assert len(good) >= 14 and len(cold) >= 10
    # Since the core checks read sentence roles (issue 20), most good letters are green
    # (all were with the word lists tuned on them); the others get one false warning
    # each. The floor keeps that from getting worse.
    green = sum(v >= 80 for v in good.values())
    assert green >= len(good) * 2 // 3, good
    assert sorted(good.values())[len(good) // 2] >= 80, good
    assert max(cold.values()) < 60, cold
