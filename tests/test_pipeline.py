"""The bundled Dutch pipeline: loads offline from the package and tags letter Dutch well."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tonecheck
from tests.conftest import require_shared
from tonecheck.errors import ModelError
from tonecheck.nlp.pipeline import BUNDLED_PATH, load_pipeline, resolve_model


def test_bundled_model_ships_inside_the_package():
    package_dir = Path(tonecheck.__file__).resolve().parent
    assert BUNDLED_PATH.is_relative_to(package_dir)
    assert (BUNDLED_PATH / "config.cfg").is_file()
    assert (BUNDLED_PATH / "meta.json").is_file()


def test_bundled_model_loads_without_network():
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from tonecheck.nlp.pipeline import load_pipeline\n"
        "nlp = load_pipeline()\n"
        "print(len(nlp('Wij hebben uw aanvraag ontvangen.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "6"


def test_unknown_model_name_says_how_to_install():
    with pytest.raises(ModelError, match="pip install nl_core_news_xx"):
        resolve_model("nl_core_news_xx")


def test_model_path_without_config_is_refused(tmp_path):
    with pytest.raises(ModelError, match="geen map met een spaCy-model"):
        resolve_model(str(tmp_path))


def _token(doc, text):
    return next(t for t in doc if t.text == text)


@pytest.mark.parametrize(
    ("sentence", "word", "lemma", "pos", "morph"),
    [
        ("Uw aanvraag wordt afgewezen.", "afgewezen", "afwijzen", "VERB", "VerbForm=Part"),
        ("Wij hebben uw aanvraag afgewezen.", "afgewezen", "afwijzen", "VERB", "VerbForm=Part"),
        ("Wij wijzen de aanvraag af omdat uw inkomen te hoog is.", "omdat", "omdat", "SCONJ", ""),
        ("Wij begrijpen dat dit teleurstellend is.", "begrijpen", "begrijpen", "VERB", None),
        ("Uw aanvraag is toegekend.", "Uw", "uw", "PRON", "Poss=Yes"),
        ("U kunt bezwaar maken.", "kunt", "kunnen", "AUX", None),
        ("U krijgt de vergunning.", "U", "u", "PRON", "Person=2"),
        ("Wij hebben de kosten vergoed.", "kosten", "kost", "NOUN", "Number=Plur"),
        # a participle the model never saw, and an infinitive it took for a plural
        ("Het bedrag wordt teruggevorderd.", "teruggevorderd", "terugvorderen", "VERB", None),
        ("Toch moeten wij het bedrag terugvragen.", "terugvragen", "terugvragen", "VERB", None),
        # the model invents "hooppen"; a lemma it never saw is replaced by rule
        ("Dit is niet wat u had gehoopt.", "gehoopt", "hopen", "VERB", None),
    ],
)
def test_letter_words_get_the_analysis_rules_rely_on(nlp, sentence, word, lemma, pos, morph):
    token = _token(nlp(sentence), word)
    assert token.lemma_ == lemma
    assert token.pos_ == pos
    if morph:
        for feature in morph.split("|"):
            assert feature in str(token.morph)


def test_sentence_final_u_keeps_its_full_stop(nlp):
    doc = nlp("Wij horen graag van u. Dank u wel.")
    assert [t.text for t in doc][:6] == ["Wij", "horen", "graag", "van", "u", "."]
    assert len(list(doc.sents)) == 2


@pytest.mark.parametrize(
    ("text", "abbreviation"),
    [
        ("Noem het nummer bij vragen over dit bezwaar cq. deze zaak.", "cq."),
        ("Gelet op artikel 6:7 jo. 6:8 van de Awb is het bezwaar te laat.", "jo."),
        ("Mw. De Vries heeft het advies opgesteld.", "Mw."),
    ],
)
def test_an_abbreviation_of_officialese_ends_no_sentence(nlp, text, abbreviation):
    doc = nlp(text)
    assert abbreviation in [t.text for t in doc]
    assert len(list(doc.sents)) == 1


def test_upos_accuracy_on_held_out_alpino_sentences(nlp):
    from spacy.tokens import Doc

    path = require_shared("ud-dutch", "alpino-test.conllu")
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit():
            current.append((cols[1], cols[3]))
        elif not line.strip() and current:
            sentences.append(current)
            current = []
        if len(sentences) == 150:
            break
    correct = total = 0
    for sentence in sentences:
        doc = Doc(nlp.vocab, words=[w for w, _ in sentence])
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        for token, (_, gold) in zip(doc, sentence, strict=True):
            correct += token.pos_ == gold
            total += 1
    assert total > 2000
    assert correct / total >= 0.92


def test_load_pipeline_is_cached_per_process():
    assert load_pipeline() is load_pipeline()
