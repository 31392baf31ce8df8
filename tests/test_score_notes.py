"""A letter that is not Dutch or too short to judge gets no score and no language level,
with the reason; what the text output says agrees with what it shows."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.conftest import SAMPLES
from tonecheck.cli import main

ENGLISH = (
    "Dear Mr Smith,\n\nWe have received your application for a parking permit. "
    "Unfortunately we cannot grant it because you do not live in the area. You may object "
    "within six weeks of the date of this letter.\n"
)
ACKNOWLEDGEMENT = (
    "Geachte heer Jansen,\n\nWij hebben uw aanvraag ontvangen. U hoort binnen acht weken "
    "van ons. Heeft u vragen? Bel ons dan op 14 020.\n\nMet vriendelijke groet,\n"
)


def _document(tmp_path, text: str) -> dict:
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    output = CliRunner().invoke(main, ["check", "--format", "json", str(path)]).output
    return json.loads(output)["documents"][0]


def test_a_one_line_refusal_is_read_as_a_sentence_but_not_scored(tmp_path):
    document = _document(tmp_path, "Beste heer, uw aanvraag is afgewezen.\n")
    assert document["stats"]["words"] == 6  # the salutation no longer swallows it
    assert document["letter_type"]["label"] == "afwijzing"
    assert document["score"] is None and document["stats"]["level"] == ""
    assert document["score_note"].startswith("geen score: te kort om te beoordelen (6 woorden")


def test_a_short_acknowledgement_is_too_short_to_judge(tmp_path):
    document = _document(tmp_path, ACKNOWLEDGEMENT)
    assert document["score"] is None
    assert "te kort om te beoordelen" in document["score_note"]


def test_an_english_letter_gets_no_score_and_no_level(tmp_path):
    document = _document(tmp_path, ENGLISH)
    assert document["score"] is None and document["stats"]["level"] == ""
    assert document["score_note"] == (
        "geen score: de brief is niet in het Nederlands geschreven (Engels)"
    )


def test_a_dutch_letter_of_some_length_keeps_its_score(tmp_path):
    text = (SAMPLES / "afwijzing-bijzondere-bijstand-kil.txt").read_text(encoding="utf-8")
    document = _document(tmp_path, text)
    assert document["score"] is not None and document["score_note"] is None


def test_min_level_says_findings_were_left_out_instead_of_none(tmp_path):
    path = SAMPLES / "afwijzing-bijzondere-bijstand-kil.txt"
    shown = CliRunner().invoke(main, ["check", "--min-level", "error", str(path)]).output
    assert "geen bevindingen op het gekozen niveau (" in shown
    assert "lichtere niet getoond; de score telt ze wel" in shown
    assert "  geen bevindingen\n" not in shown
