"""`tonecheck inspect`: how a letter was understood, for people and for tools."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.conftest import SAMPLES
from tonecheck.cli import main


def test_inspect_json_has_the_documented_shape():
    path = SAMPLES / "toekenning-wmo-traplift.docx"
    result = CliRunner().invoke(main, ["inspect", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {
        "path",
        "letter_type",
        "metadata_lines",
        "blocks",
        "sentences",
        "letter_level",
    }
    assert data["metadata_lines"] == 0
    sentence = data["sentences"][0]
    assert set(sentence) == {
        "start",
        "end",
        "zone",
        "text",
        "roles",
        "withheld",
        "gained",
        "gained_by",
        "scores",
    }
    # the letter-level answers (tonecheck/nlp/letter_aggregate.py), when the model has them
    for answer in data["letter_level"].values():
        assert set(answer) == {"probability", "mark", "present", "sentence"}
    assert data["letter_type"]["label"] == "toekenning"
    assert set(data["letter_type"]) == {"label", "confidence", "evidence", "ruled_out"}
    block = data["blocks"][0]
    assert set(block) == {"index", "kind", "style", "zone", "text"}
    zones = [b["zone"] for b in data["blocks"]]
    assert zones[0] == "address" and "salutation" in zones and "closing" in zones
    assert [b["index"] for b in data["blocks"]] == list(range(len(data["blocks"])))


def test_inspect_table_shows_type_evidence_and_zones():
    path = SAMPLES / "afwijzing-bijzondere-bijstand-goed.docx"
    result = CliRunner().invoke(main, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "brieftype: afwijzing" in result.output
    assert "op grond van:" in result.output
    assert "what-you-can-do" in result.output


def test_inspect_bad_file_exits_2(tmp_path):
    missing = tmp_path / "weg.docx"
    result = CliRunner().invoke(main, ["inspect", str(missing)])
    assert result.exit_code == 2
    assert "bestand niet gevonden" in result.output


def test_inspect_says_which_type_the_letter_cannot_be(tmp_path):
    """A refused request declared inadmissible reads like a decision on an objection to
    the classifier, but it names no objection ('mentions' in letter-types.yml):
    `inspect` says so, and its JSON lists the types ruled out."""
    letter = tmp_path / "verzoek.txt"
    letter.write_text(
        "Geachte heer Smit,\n\nU hebt op 25 januari een gehandicaptenparkeerplaats "
        "gevraagd. U reageert niet op ons verzoek om een motivatie. Wij verklaren uw "
        "verzoek daarom niet-ontvankelijk.\n\nMet vriendelijke groet,\n\nGemeente Deventer\n",
        encoding="utf-8",
    )
    shown = CliRunner().invoke(main, ["inspect", "--format", "json", str(letter)])
    assert shown.exit_code == 0, shown.output
    kind = json.loads(shown.output)["letter_type"]
    assert kind["label"] != "beslissing-op-bezwaar"
    assert "beslissing-op-bezwaar" in kind["ruled_out"]
