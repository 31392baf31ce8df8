"""The letters of training/roles/unseen/ are a round of writers no shipped model learned
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
    assert len(unseen) >= 540  # two rounds of six writers
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
