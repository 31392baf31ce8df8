"""The acceptance of the rewrites, measured as ``eval/rewrites.py`` measures it: on the
corpus of sentences with their expected rewrite (at least 90% exact or judged equivalent,
no changed number, amount, date, name or placeholder), and every rewrite put back into
its letter and checked again (samples here; ../shared letters when present)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES, require_shared

pytestmark = pytest.mark.slow


def _evaluation():
    spec = importlib.util.spec_from_file_location("eval_rewrites", ROOT / "eval" / "rewrites.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


EVAL = _evaluation()


@pytest.fixture(scope="module")
def checker():
    from tonecheck.runtime import load_checker

    return load_checker(Path("."), search_config=False)[1]


@pytest.fixture(scope="module")
def judged(checker):
    return EVAL.evaluate_corpus(checker, EVAL.load_corpus(), EVAL.load_review())


def test_the_corpus_is_large_and_varied():
    rows = EVAL.load_corpus()
    kinds = {EVAL.kind_of(r.rule) for r in rows}
    assert len(rows) >= 150
    assert kinds == {"officialese", "passive", "commanding", "long sentence"}
    assert {r.voice for r in rows} >= {"wij", "ik", "we", "none"}
    assert all(sum(EVAL.kind_of(r.rule) == kind for r in rows) >= 30 for kind in kinds)


def test_at_least_nine_in_ten_rewrites_are_as_expected(judged):
    good = [j for j in judged if j.outcome in ("exact", "equivalent")]
    wrong = [f"{j.row.id}: {j.produced}" for j in judged if j.outcome == "wrong"]
    assert len(good) >= 0.9 * len(judged), wrong
    assert len(wrong) <= 0.02 * len(judged), wrong


def test_no_rewrite_changes_a_protected_token(judged):
    made = [j for j in judged if j.produced]
    assert len(made) >= 150
    assert not [(j.row.id, j.protected_lost) for j in made if j.protected_lost]


def test_rewrites_put_back_into_the_samples_pass_a_second_check(checker):
    tally = EVAL.recheck_root(checker, SAMPLES, False)
    assert tally.rewrites >= 20
    assert (tally.still_triggers, tally.added_warnings, tally.protected_lost) == (0, 0, 0)


@pytest.mark.parametrize("folder", ["real-letters", "dev-letters/letters"])
def test_rewrites_put_back_into_shared_letters_pass_a_second_check(checker, folder):
    tally = EVAL.recheck_root(checker, require_shared(*folder.split("/")), False)
    assert tally.rewrites >= 20
    assert (tally.still_triggers, tally.added_warnings, tally.protected_lost) == (0, 0, 0)


def test_a_labelled_letter_may_gain_only_the_warnings_its_label_expects(tmp_path):
    """A re-checked letter of a folder labelled like ../shared/dev-letters may gain the
    warnings its label says it should have had (the first check missed them); a letter
    without a label may gain none."""
    (tmp_path / "letters").mkdir()
    (tmp_path / "labels.yaml").write_text(
        "- file: cold.txt\n  letter_type: afwijzing\n  negative_for_reader: true\n"
        "  empathy: absent\n  reasons: explained\n  alternatives: absent\n"
        "  objection_clause: present\n",
        encoding="utf-8",
    )
    labelled = tmp_path / "letters" / "cold.txt"
    assert EVAL.expected_categories(labelled) == {"empathy", "alternatives"}
    assert EVAL.expected_categories(tmp_path / "letters" / "other.txt") == frozenset()
    sample = SAMPLES / "afwijzing-bijzondere-bijstand-kil.txt"
    assert EVAL.expected_categories(sample) == frozenset()
