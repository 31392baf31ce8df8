"""The language level indication: measured features against the bounds in levels.yml."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tonecheck.cli import main
from tonecheck.common.yamlfile import DataFileError
from tonecheck.documents import read_document
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.letter import understand
from tonecheck.nlp.structure import load_structure
from tonecheck.paths import structure_dir

PLAIN = (
    "Beste meneer Jansen,\n\nU vroeg ons om hulp bij de huur. Wij helpen u graag. "
    "U krijgt 200 euro. Wij maken het geld volgende week over. Bel ons als u vragen heeft."
)
OFFICIAL = (
    "Geachte heer Jansen,\n\nNaar aanleiding van uw aanvraag inzake een tegemoetkoming in de "
    "woonlasten delen wij u mede dat het college van burgemeester en wethouders overeenkomstig "
    "de vigerende beleidsregels heeft besloten de gevraagde voorziening niet te verstrekken, "
    "aangezien de noodzakelijkheid van de betreffende kostenpost onvoldoende aannemelijk is "
    "gemaakt en derhalve niet aan de toepasselijke voorwaarden wordt voldaan."
)


def test_plain_letter_is_b1_and_officialese_is_not(nlp):
    spec = load_structure()
    plain = understand(nlp, spec, read_text(PLAIN, "eenvoudig")).stats
    official = understand(nlp, spec, read_text(OFFICIAL, "ambtelijk")).stats
    assert plain.level == "B1"
    assert official.level == "C1"
    assert official.long_word_share > plain.long_word_share


def test_samples_written_plainly_are_b1(nlp):
    letter = understand(
        nlp, load_structure(), read_document(SAMPLES / "afwijzing-bijzondere-bijstand-goed.docx")
    )
    assert letter.stats.level == "B1"


def test_level_and_features_are_in_json_output():
    result = CliRunner().invoke(
        main, ["check", "--format", "json", str(SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx")]
    )
    stats = json.loads(result.output)["documents"][0]["stats"]
    assert stats["level"] in {"B1", "B2", "C1"}
    assert 0 <= stats["long_word_share"] <= 1


def test_broken_levels_file_is_reported_with_its_place(tmp_path):
    folder = tmp_path / "structure"
    shutil.copytree(structure_dir(), folder)
    (folder / "levels.yml").write_text(
        "levels:\n  - id: B1\n    label: eenvoudig\n    when:\n      fleschdouma: {min: 55}\n",
        encoding="utf-8",
    )
    load_structure.cache_clear()
    with pytest.raises(DataFileError) as info:
        load_structure(folder)
    message = str(info.value)
    assert "levels.yml:5:" in message  # the unknown key itself
    assert "bedoelt u 'flesch_douma'" in message
