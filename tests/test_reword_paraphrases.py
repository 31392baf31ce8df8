"""The paraphrases of eval/reword/ (the reworded half of the sharp test, eval/ablation.py
--reword) belong to the annotated letters: each row names a sentence of its letter with
the roles it has there, and says it in other words with every number kept."""

from __future__ import annotations

import re
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "training" / "roles"))
train_roles = pytest.importorskip("train_roles")

REWORD = ROOT / "eval" / "reword"
NUMBER = re.compile(r"\d[\d.,:]*")


def _rows(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["letter", "role", "sentence", "paraphrase"], path.name
    return [line.split("\t") for line in lines[1:]]


@pytest.fixture(scope="module")
def sentences() -> dict[tuple[str, str], frozenset[str]]:
    """(letter id, sentence with its spaces normalised) -> its roles, for every written
    letter (trained on or unseen)."""
    found = {}
    for letter in train_roles.load_letters() + train_roles.load_unseen_letters():
        for s in letter.sentences:
            key = (letter.id, " ".join(letter.text[s.start : s.end].split()))
            found[key] = frozenset(s.roles)
    return found


# written with this check: the roles as annotated and every number kept. The older files
# predate it: 118 rows of paraphrases.tsv carry roles relabelled since (the paraphrase
# is looked up by its sentence, so it still applies), and 8 of the 1,254 paraphrases of
# round two change or add a number
CHECKED = ("paraphrases-unseen-r8.tsv",)


@pytest.mark.parametrize("path", sorted(REWORD.glob("*.tsv")), ids=lambda p: p.name)
def test_each_paraphrase_rewords_a_sentence_of_its_letter(path, sentences):
    rows = _rows(path)
    assert len(rows) >= 500
    for letter, roles, sentence, paraphrase in rows:
        key = (letter, " ".join(sentence.split()))
        assert key in sentences, key
        assert " ".join(paraphrase.split()) != key[1], key
        if path.name in CHECKED:
            assert set(roles.split(",")) == sentences[key], key
            kept = sorted(n.rstrip(".,:") for n in NUMBER.findall(sentence))
            assert kept == sorted(n.rstrip(".,:") for n in NUMBER.findall(paraphrase)), key
