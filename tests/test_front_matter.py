"""Metadata above a text letter (front matter, a ``key: value`` header closed by ``---``)
is no letter text: no role, zone or finding comes from it, and positions still point into
the file."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tonecheck.cli import main
from tonecheck.documents.front_matter import front_matter_lines
from tonecheck.documents.text_reader import read_text

LETTER = (
    "Geachte mevrouw De Vries,\n"
    "\n"
    "Wij wijzen uw aanvraag voor bijzondere bijstand af.\n"
    "\n"
    "Met vriendelijke groet,\n"
    "Gemeente Zwolle\n"
)
HEADER = "source: github:voorbeeld/brieven@abc123:afwijzing.latte\nkind: model-letter\n---\n"
YAML = "---\ntitle: Afwijzing bijzondere bijstand\ntags:\n  - bijstand\n---\n"


def test_a_metadata_header_and_yaml_front_matter_are_left_out():
    for head, skipped in ((HEADER, 3), (YAML, 5)):
        document = read_text(head + LETTER, "brief.txt")
        assert document.metadata_lines == skipped
        assert document.blocks[0].text == "Geachte mevrouw De Vries,"
        assert "source:" not in document.text and "title:" not in document.text
        assert document.line_column(document.blocks[0].start) == (skipped + 1, 1)


def test_letter_lines_that_look_like_fields_stay_letter_text():
    kept = [
        # a letter's own field lines: capitalised, and not closed by ---
        "Datum: 3 maart 2026\nOnderwerp: uw aanvraag\n\n" + LETTER,
        # capitalised fields stay text even above a rule line
        "Van: Gemeente Zwolle\nAan: mevrouw De Vries\n---\n" + LETTER,
        # a header that never closes, or closes too late, is text
        "source: ergens\nkind: brief\n" + LETTER,
        "---\ntitle: x\n" + LETTER,
        # a rule line at the top is no front matter by itself
        "---\n" + LETTER,
    ]
    for text in kept:
        document = read_text(text, "brief.txt")
        assert document.metadata_lines == 0, text
        assert document.blocks[0].text == text.splitlines()[0].strip()


def test_only_the_first_lines_are_searched():
    header = "".join(f"key{i}: waarde\n" for i in range(100)) + "---\n"
    assert front_matter_lines((header + LETTER).split("\n")) == 0


def test_a_finding_below_the_header_points_at_its_line(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text(HEADER + LETTER, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    findings = json.loads(result.output)["documents"][0]["findings"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert findings
    for finding in findings:
        where = finding["location"]
        assert where["line"] > 3, finding
        assert lines[where["line"] - 1][where["column"] - 1 :].startswith(
            finding["excerpt"].split()[0]
        )


def test_inspect_says_which_lines_it_left_out(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text(HEADER + LETTER, encoding="utf-8")
    table = CliRunner().invoke(main, ["inspect", str(path)]).output
    assert "regel 1\u20133: gegevens boven de brief" in table
    assert "source:" not in table
    shown = CliRunner().invoke(main, ["inspect", "--format", "json", str(path)]).output
    assert json.loads(shown)["metadata_lines"] == 3
