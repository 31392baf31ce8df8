"""`tonecheck check` end to end through the Click command."""

from __future__ import annotations

import re

from click.testing import CliRunner

from tests.conftest import SAMPLES
from tonecheck import __version__
from tonecheck.cli import main

COUNTS = re.compile(r"(\d+) woorden, (\d+) zinnen, .*Flesch-Douma (-?\d+(\.\d+)?)")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_check_docx_sample_prints_counts():
    result = run("check", str(SAMPLES / "afwijzing-bijzondere-bijstand-goed.docx"))
    assert result.exit_code == 0, result.output
    match = COUNTS.search(result.output)
    assert match, result.output
    assert int(match.group(1)) > 250
    assert int(match.group(2)) > 20


def test_check_txt_sample_prints_counts():
    result = run("check", str(SAMPLES / "afwijzing-bijzondere-bijstand-kil.txt"))
    assert result.exit_code == 0, result.output
    assert COUNTS.search(result.output)


def test_check_reads_standard_input():
    result = run("check", "-", input="Wij hebben uw aanvraag ontvangen. Dank u wel.\n")
    assert result.exit_code == 0, result.output
    match = COUNTS.search(result.output)
    assert (match.group(1), match.group(2)) == ("8", "2")


def test_missing_model_package_exits_2_with_install_hint():
    result = run("check", "--model", "nl_core_news_sm", str(SAMPLES / "boete-parkeren-afval.docx"))
    assert result.exit_code == 2
    assert "pip install nl_core_news_sm" in result.output
    assert "Traceback" not in result.output


def test_model_from_config_file(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text("Wij hebben uw aanvraag ontvangen.", encoding="utf-8")
    (tmp_path / "tonecheck.toml").write_text('model = "nl_core_news_md"\n', encoding="utf-8")
    result = run("check", str(letter))
    assert result.exit_code == 2
    assert "nl_core_news_md" in result.output


def test_missing_file_exits_2_with_one_line():
    result = run("check", "geen-brief.docx")
    assert result.exit_code == 2
    assert result.output.strip() == "tonecheck: geen-brief.docx: bestand niet gevonden"


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"tonecheck, versie {__version__}\n"
