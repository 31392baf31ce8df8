"""`--format html`: a self-contained page per letter, escaped, with linked highlights."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tonecheck.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium without network chatter (this machine has no internet) and without a sandbox
# (CI runs as root)
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]  # fmt: skip
HOSTILE = (
    "Geachte heer <script>alert('x')</script> Jansen,\n\n"
    'Derhalve wijzen wij uw aanvraag af. <img src=x onerror="alert(1)"> Hoogachtend.\n'
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def report_of(letter: Path, out: Path) -> str:
    result = run("check", "--format", "html", "-o", out, letter)
    assert result.exit_code in (0, 1), result.output
    return (out / f"{letter.stem}.tonecheck.html").read_text(encoding="utf-8")


def test_letter_text_is_escaped(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text(HOSTILE, encoding="utf-8")
    page = report_of(letter, tmp_path)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(" in page


def test_page_is_self_contained(tmp_path):
    page = report_of(SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx", tmp_path)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page and "<script" not in page
    assert '<html lang="nl">' in page


def test_every_finding_has_a_highlight_and_a_card_linked_both_ways(tmp_path):
    page = report_of(SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx", tmp_path)
    cards = re.findall(r'<article class="card" id="f(\d+)"', page)
    assert len(cards) >= 10
    for number in cards:
        assert f'id="m{number}"' in page  # the highlight the card links back to
        assert f'href="#f{number}"' in page  # the highlight links to its card
        assert f'href="#m{number}"' in page
    assert "Briefscore" in page and "Legenda" in page and "Taalniveau" in page
    assert "afwijzing" in page


def test_letter_without_findings(tmp_path):
    page = report_of(SAMPLES / "informatieverzoek-hersteltermijn.docx", tmp_path)
    assert "Geen bevindingen" in page
    assert "<mark" not in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
@pytest.mark.slow
def test_report_renders_in_headless_chromium(tmp_path):
    report_of(SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx", tmp_path)
    page = tmp_path / "afwijzing-bijzondere-bijstand-kil.tonecheck.html"
    profile = f"--user-data-dir={tmp_path / 'profile'}"
    dom = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, profile, "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert dom.count("<mark") >= 10
    assert "Briefscore" in dom
    shot = tmp_path / "rapport.png"
    subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, profile, "--window-size=1280,1800",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a blank page is a few kB
    keep = os.environ.get("TONECHECK_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "html-report.png")


@pytest.mark.parametrize("output_format", ["html", "docx", "json", "text"])
def test_fail_level_gives_the_same_exit_code_in_every_format(output_format, tmp_path):
    sample = SAMPLES / "toekenning-wmo-traplift.docx"  # suggestions only, no error
    strict = run("check", "--format", output_format, "-o", tmp_path, "--force",
                 "--fail-level", "suggestion", sample)  # fmt: skip
    lenient = run("check", "--format", output_format, "-o", tmp_path, "--force", sample)
    assert (strict.exit_code, lenient.exit_code) == (1, 0)
