"""Batch report files: one report per letter, the letters' folders mirrored under
``--output``, no report replacing another's, and the dashboard linking and explaining
every letter (issue 19)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tonecheck.batch.dashboard import render_dashboard
from tonecheck.batch.process import failed_record
from tonecheck.batch.summary import summarise
from tonecheck.cli import main
from tonecheck.documents.docx_package import from_python_docx
from tonecheck.documents.docx_reader import docx_blocks

GOOD = "Beste meneer Jansen, bedankt voor uw brief. Wij bellen u morgen."
OFFICIAL = "Geachte heer Jansen, derhalve delen wij u mede dat u dient te betalen."
EXTENSIONS = {"html": ".html", "docx": ".docx"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_letter(path: Path, text: str) -> Path:
    """A .docx (python-docx) or a plain-text letter holding ``text``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".docx":
        document = docx.Document()
        document.add_paragraph(text)
        document.save(str(path))
    else:
        path.write_text(text + "\n", encoding="utf-8")
    return path


def report_text(report: Path) -> str:
    """What a reader of the report sees of the letter (tonecheck's proposed rewrites, its
    tracked changes, not taken: python-docx's paragraph text leaves out both sides)."""
    if report.suffix == ".docx":
        blocks = docx_blocks(from_python_docx(docx.Document(str(report))))
        return "\n".join(block.text for block in blocks)
    return report.read_text(encoding="utf-8")


@pytest.fixture
def two_years(tmp_path) -> Path:
    """brieven/2025/brief.docx and brieven/2026/brief.docx, with different texts."""
    root = tmp_path / "brieven"
    write_letter(root / "2025" / "brief.docx", GOOD)
    write_letter(root / "2026" / "brief.docx", OFFICIAL)
    return root


@pytest.mark.parametrize("output_format", ["html", "docx"])
def test_same_named_letters_in_two_folders_get_their_own_reports(
    two_years, tmp_path, output_format
):
    out = tmp_path / "rapporten"  # does not exist yet
    result = run("check", "--format", output_format, "-o", out, two_years)
    assert result.exit_code in (0, 1), result.output
    name = f"brief.tonecheck{EXTENSIONS[output_format]}"
    assert "Wij bellen u morgen" in report_text(out / "2025" / name)
    assert "derhalve" in report_text(out / "2026" / name)
    assert "derhalve" not in report_text(out / "2025" / name)


def test_files_given_mirror_their_common_parent_and_force_keeps_them_apart(two_years, monkeypatch):
    monkeypatch.chdir(two_years)
    for _ in range(2):  # the second run replaces each report with its own
        result = run("check", "--format", "html", "-o", "uit", "--force",
                     "2025/brief.docx", "2026/brief.docx")  # fmt: skip
        assert result.exit_code in (0, 1), result.output
    assert "Wij bellen u morgen" in report_text(two_years / "uit/2025/brief.tonecheck.html")
    assert "derhalve" in report_text(two_years / "uit/2026/brief.tonecheck.html")


def test_one_file_still_gets_its_report_directly_in_the_folder(two_years, tmp_path):
    out = tmp_path / "uit"  # created: the separator at the end makes it a folder
    result = run("check", "--format", "html", "-o", f"{out}/", two_years / "2026" / "brief.docx")
    assert result.exit_code in (0, 1), result.output
    assert [p.name for p in out.iterdir()] == ["brief.tonecheck.html"]


def test_dashboard_links_each_row_to_its_own_report(two_years, tmp_path):
    out = tmp_path / "rapporten"
    dashboard = tmp_path / "overzicht.html"
    run("check", "--format", "html", "-o", out, "--report", dashboard, two_years)
    page = dashboard.read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', page))
    assert sorted(links) == ["rapporten/2025/brief.tonecheck.html",
                             "rapporten/2026/brief.tonecheck.html"]  # fmt: skip
    for href, letter in links.items():
        assert Path(letter).parent.name in href  # each row to its own letter's report
        assert (tmp_path / href).is_file()


def test_letters_sharing_a_name_in_one_folder_keep_their_extension(tmp_path):
    folder = tmp_path / "brieven"
    write_letter(folder / "brief.txt", GOOD)
    write_letter(folder / "brief.md", OFFICIAL)
    result = run("check", "--format", "html", folder)
    assert result.exit_code in (0, 1), result.output
    assert "Wij bellen u morgen" in report_text(folder / "brief.txt.tonecheck.html")
    assert "derhalve" in report_text(folder / "brief.md.tonecheck.html")
    assert not (folder / "brief.tonecheck.html").exists()


def test_a_report_that_two_letters_would_share_is_refused_not_replaced(tmp_path):
    folder = tmp_path / "brieven"
    write_letter(folder / "a:b.txt", GOOD)  # both become a_b.txt in a report name
    write_letter(folder / "a_b.txt", OFFICIAL)
    out = tmp_path / "uit"
    out.mkdir()
    result = run("check", "--format", "html", "--force", "-o", out, folder)
    assert result.exit_code == 2
    assert [p.name for p in out.iterdir()] == ["a_b.txt.tonecheck.html"]
    assert "Wij bellen u morgen" in report_text(out / "a_b.txt.tonecheck.html")
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 2 and "a_b.txt:" in errors[0] and "a:b.txt" in errors[0]
    assert errors[1] == "tonecheck: 1 van de 2 rapporten niet geschreven (zie de regels hierboven)"
    assert "Traceback" not in result.output


def test_a_missing_output_folder_is_created_with_its_parents(tmp_path):
    folder = tmp_path / "brieven"
    write_letter(folder / "a.txt", GOOD)
    out = tmp_path / "nieuw" / "diep"  # no trailing separator: a folder, given a folder
    result = run("check", "--format", "html", "-o", out, folder)
    assert result.exit_code in (0, 1), result.output
    assert (out / "a.tonecheck.html").is_file()


def test_an_output_folder_that_cannot_be_made_is_one_line_and_exit_2(tmp_path):
    write_letter(tmp_path / "a.txt", GOOD)
    write_letter(tmp_path / "b.txt", GOOD)
    blocked = tmp_path / "bestand"
    blocked.write_text("geen map", encoding="utf-8")
    for out in (blocked, blocked / "sub"):
        result = run("check", "--format", "html", "-o", out, tmp_path / "a.txt", tmp_path / "b.txt")
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and str(out) in result.output
        assert "Traceback" not in result.output
    assert not list(tmp_path.glob("*.tonecheck.html"))


def test_dashboard_shows_why_a_letter_failed(tmp_path):
    folder = tmp_path / "brieven"
    write_letter(folder / "a.txt", GOOD)
    (folder / "kapot.docx").write_bytes(b"PK\x03\x04 afgebroken")
    dashboard = tmp_path / "overzicht.html"
    run("check", "--format", "html", "--report", dashboard, folder)
    page = dashboard.read_text(encoding="utf-8")
    row = next(r for r in page.split("<tr>") if "kapot.docx" in r)
    assert "beschadigd Word-document" in row


def test_the_reason_in_the_dashboard_is_escaped(tmp_path):
    record = failed_record(0, "brief.docx", "mislukt (<script>alert(1)</script>)")
    page = render_dashboard(summarise([record]), tmp_path / "overzicht.html")
    assert "mislukt (&lt;script&gt;alert(1)&lt;/script&gt;)" in page
    assert "<script" not in page


def test_letters_without_a_score_are_summarised(tmp_path):
    folder = tmp_path / "brieven"
    write_letter(folder / "kort.txt", "Wij hebben uw aanvraag ontvangen.")
    write_letter(folder / "lang.txt", " ".join([GOOD, OFFICIAL] * 4))
    text = run("check", "-q", folder)
    assert "Traceback" not in text.output
    assert "Samenvatting: 2 brieven, 0 niet te lezen, 1 zonder score" in text.stdout
    dashboard = tmp_path / "overzicht.html"
    html = run("check", "--format", "html", "--report", dashboard, folder)
    assert html.exit_code in (0, 1), html.output
    assert "kort.txt \u2192" in html.stdout and "geen score: te kort" in html.stdout
    row = next(r for r in dashboard.read_text(encoding="utf-8").split("<tr>") if "kort.txt" in r)
    assert "geen score: te kort" in row
