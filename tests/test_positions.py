"""Positions a writer can find: line and column in a text file as an editor shows it; in
a Word document the paragraph number and the heading above it."""

from __future__ import annotations

import json

import docx
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tonecheck.cli import main
from tonecheck.documents.text_reader import read_text


def _findings(path) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    return json.loads(result.output)["documents"][0]["findings"]


def test_a_sample_finding_points_at_its_line_in_the_file():
    path = SAMPLES / "afwijzing-bijzondere-bijstand-kil.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [f for f in _findings(path) if f["excerpt"] == "Naar aanleiding van"]
    assert found
    where = found[0]["location"]
    assert (where["line"], where["column"]) == (15, 1)
    assert lines[14].startswith("Naar aanleiding van")


def test_every_text_finding_points_at_its_excerpt_in_the_file():
    path = SAMPLES / "afwijzing-bijzondere-bijstand-kil.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    for finding in _findings(path):
        line, column = finding["location"]["line"], finding["location"]["column"]
        shown = lines[line - 1][column - 1 :]
        assert shown.startswith(finding["excerpt"].split()[0]), finding


def test_hard_wrapped_lines_headings_and_indents_keep_their_place():
    text = (
        "# Uw aanvraag\n"
        "\n"
        "   Wij hebben uw aanvraag voor bijzondere bijstand voor de wasmachine ontvangen\n"
        "en bekeken, en wij hebben besloten dat u de bijstand niet krijgt van ons.\n"
    )
    document = read_text(text, "brief.md", markdown=True)
    heading, paragraph = document.blocks
    assert document.line_column(heading.start) == (1, 3)
    assert document.line_column(paragraph.start) == (3, 4)
    second = paragraph.start + paragraph.text.index("en bekeken")
    assert document.line_column(second) == (4, 1)
    word = paragraph.start + paragraph.text.index("besloten")
    assert document.line_column(word) == (4, text.splitlines()[3].index("besloten") + 1)


def test_a_word_finding_names_its_paragraph_and_heading(tmp_path):
    letter = docx.Document()
    letter.add_paragraph("Geachte heer Jansen,")
    letter.add_heading("Waarom krijgt u geen bijstand?", level=2)
    letter.add_paragraph("Naar aanleiding van uw aanvraag wijzen wij die af.")
    path = tmp_path / "brief.docx"
    letter.save(path)
    found = [f for f in _findings(path) if f["excerpt"] == "Naar aanleiding van"]
    assert found[0]["location"]["line"] == 3  # the third paragraph
    text = CliRunner().invoke(main, ["check", str(path)]).output
    assert f"{path} (alinea 3, onder \u2018Waarom krijgt u geen bijstand?\u2019)" in text


# a hurried message: one sentence a line, no full stops, lines of every length
HURRIED = (
    "gecondoleerd met het overlijden van uw vader, Jaylen krijgt het verlof, hij mag van"
    " 16 t/m 27 februari met u mee naar Paramaribo voor de begrafenis\n"
    "ik heb de directeur van de school al gemaild dus u hoeft zelf niks meer te regelen\n"
    "heel veel sterkte voor u en Jaylen de komende weken\n"
)


def test_a_line_that_stops_well_short_of_the_width_ends_its_sentence():
    blocks = read_text(HURRIED, "bericht.txt").blocks
    assert [b.text for b in blocks] == HURRIED.splitlines()


def test_prose_wrapped_by_hand_a_little_early_is_still_one_block():
    # 67 and 54 characters: the second line breaks early (the next word would have fitted)
    text = (
        "Wij hebben uw aanvraag voor bijzondere bijstand voor een wasmachine\n"
        "ontvangen en bekeken, en wij hebben besloten dat u die\n"
        "bijstand niet van ons krijgt.\n"
    )
    (block,) = read_text(text, "brief.txt").blocks
    assert block.text == " ".join(line for line in text.splitlines())


def test_the_rows_of_a_table_without_bars_stay_apart():
    text = (
        "Maand / nettoloon / uitkering betaald / uitkering waar u recht op had\n"
        "September 2024 / € 312,40 / € 1.273,85 / € 961,45\n"
        "Oktober 2024 / € 688,10 / € 1.273,85 / € 585,75\n"
    )
    assert len(read_text(text, "brief.txt").blocks) == 3


def test_the_rows_of_a_table_with_bars_stay_apart_however_long():
    rows = [
        "Augustus 2025 | € 812,40 | € 520,00 | € 292,40 | € 204,68",
        "September 2025 | € 1.134,60 | € 640,00 | € 494,60 | € 346,22",
        "Oktober 2025 | € 1.098,00 | € 600,00 | € 498,00 | € 348,60",
    ]
    blocks = read_text("\n".join(rows) + "\n", "brief.txt").blocks
    assert [b.text for b in blocks] == rows
