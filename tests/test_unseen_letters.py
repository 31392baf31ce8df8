"""The letters of training/roles/unseen/ are rounds of writers no shipped model learned
from: the training recipe never reads them, and the evaluation scripts measure on them
as their own split."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT
from tonecheck.nlp.structure import load_structure

sys.path.insert(0, str(ROOT / "training" / "roles"))
train_roles = pytest.importorskip("train_roles")


def test_the_recipe_never_reads_the_unseen_letters():
    unseen = train_roles.load_unseen_letters()
    assert len(unseen) >= 900  # five rounds of six writers (65-94)
    trained_on = {letter.id for letter in train_roles.load_letters()}
    assert not trained_on & {letter.id for letter in unseen}
    assert {train_roles.split_of(letter) for letter in unseen} == {"unseen"}
    assert [x.id for x in train_roles.letters_in("unseen")] == [x.id for x in unseen]


def test_their_writers_are_none_of_the_training_writers():
    writer = lambda letter: letter.id.split("-")[0]  # noqa: E731
    trained = {writer(x) for x in train_roles.load_letters() if x.id.startswith("w")}
    assert not trained & {writer(x) for x in train_roles.load_unseen_letters()}


def test_every_letter_type_is_among_them_and_every_letter_has_a_role():
    letters = train_roles.load_unseen_letters()
    types = set(load_structure().letter_types)  # rules/structure/letter-types.yml
    assert {letter.letter_type for letter in letters} == types
    for letter in letters:
        assert any(s.roles - {"other"} for s in letter.sentences), letter.id


def test_a_clause_that_only_says_what_to_put_in_the_objection_counts_as_incomplete():
    """training/roles/objection-clauses-without-place.txt names letters whose clause is
    annotated with right, term and where, but whose only 'where' says what to put in the
    objection: the evaluation expects the objection finding there (GUIDE.md)."""
    evaluate_letters = pytest.importorskip("evaluate_letters")
    listed = evaluate_letters.clauses_without_place()
    letters = {x.id: x for x in [*train_roles.load_letters(), *train_roles.load_unseen_letters()]}
    assert listed and listed <= letters.keys()
    for letter_id in listed:
        letter = letters[letter_id]
        roles = {r for s in letter.sentences for r in s.roles}
        assert {"objection-right", "objection-term", "objection-where"} <= roles, letter_id
        assert evaluate_letters.expected(letter)["objection"], letter_id
    complete = next(
        x
        for x in letters.values()
        if x.id not in listed
        and x.letter_type == "afwijzing"
        and {"objection-right", "objection-term", "objection-where"}
        <= {r for s in x.sentences for r in s.roles}
    )
    assert not evaluate_letters.expected(complete)["objection"]


def test_the_recipe_writes_the_readme_the_shipped_role_model_holds():
    """``train_roles.py final`` rewrites the folder's README: it must keep saying what the
    later steps of the recipe put beside the model."""
    shipped = ROOT / "tonecheck" / "model" / "nl_tonecheck" / "roles" / "README.md"
    assert shipped.read_text(encoding="utf-8") == train_roles.MODEL_README
    assert "thresholds.json" in train_roles.MODEL_README
