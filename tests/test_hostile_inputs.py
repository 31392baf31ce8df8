"""Hostile and broken input: a clear one-line message or a graceful result, within
bounded time and memory, in a real process (no traceback, no hang, no file read that
should not be). Times are printed with -s for the closing note."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.docx_fixtures import build_structured_letter
from tests.process_helpers import run_measured
from tonecheck.cli import main

SECONDS = 30  # far above what any case takes; a hang would exceed it
MEGABYTES = 1024


def check_in_process(path: Path) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    command = [sys.executable, "-m", "tonecheck", "check", "--format", "json", "-q", str(path)]
    result, peak_mb = run_measured(command, timeout=SECONDS * 2)
    elapsed = time.perf_counter() - start
    print(f"\n{path.name}: exit {result.returncode}, {elapsed:.1f} s, peak {peak_mb:.0f} MB")
    assert elapsed < SECONDS
    assert peak_mb < MEGABYTES
    assert "Traceback" not in result.stderr
    return result, elapsed


def _rewrite_document_xml(tmp: Path, name: str, make) -> Path:
    source = build_structured_letter(tmp / f"basis-{name}.docx")
    path = tmp / name
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, make(data) if item.filename == "word/document.xml" else data)
    return path


def gigabyte_bomb(tmp: Path) -> Path:
    """A few MB on disk, over a gigabyte unpacked."""
    source = build_structured_letter(tmp / "basis.docx")
    path = tmp / "gigabom.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        with dst.open("word/opvulling.xml", "w", force_zip64=True) as handle:
            chunk = b" " * (8 * 1024 * 1024)
            for _ in range(130):
                handle.write(chunk)
    return path


def billion_laughs(tmp: Path) -> Path:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{"&a" + str(i - 1) + ";" * 1}{("&a" + str(i - 1) + ";") * 9}">'
        for i in range(1, 10)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE lol [{entities}]>'.encode()
    return _rewrite_document_xml(
        tmp, "lachen.docx", lambda data: bomb + data.split(b"?>", 1)[1].replace(
            b"Geachte", b"&a9; Geachte", 1)
    )  # fmt: skip


def external_entity(tmp: Path) -> Path:
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _rewrite_document_xml(
        tmp, "xxe.docx",
        lambda data: xxe + data.split(b"?>", 1)[1].replace(b"Geachte", b"&xxe; Geachte", 1),
    )  # fmt: skip


def fifty_megabytes(tmp: Path) -> Path:
    """50 MB of varied text (it does not compress like a zip bomb)."""
    rng = random.Random(1)
    words = ["brief", "aanvraag", "besluit", "gemeente", "bijstand", "wij", "u", "de", "het"]
    paragraphs = []
    for _ in range(5000):
        text = " ".join(f"{rng.choice(words)}{rng.randrange(10**6)}" for _ in range(700))
        paragraphs.append(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    body = "".join(paragraphs).encode()
    return _rewrite_document_xml(
        tmp, "vijftig.docx", lambda data: data.replace(b"<w:body>", b"<w:body>" + body, 1)
    )


def million_characters(tmp: Path) -> Path:
    path = tmp / "eindeloos.txt"
    path.write_text("woord " * 170_000, encoding="utf-8")
    return path


def many_paragraphs(tmp: Path) -> Path:
    path = tmp / "alineas.txt"
    path.write_text("Ja.\n\n" * 100_000, encoding="utf-8")
    return path


def garbage(tmp: Path) -> Path:
    path = tmp / "rommel.txt"
    path.write_bytes(os.urandom(200_000))
    return path


def garbage_docx(tmp: Path) -> Path:
    path = tmp / "rommel.docx"
    path.write_bytes(os.urandom(200_000))
    return path


CASES = {
    "zip bomb (1 GB unpacked)": (gigabyte_bomb, "te groot"),
    "billion laughs": (billion_laughs, "DOCTYPE"),
    "external entity (XXE)": (external_entity, "DOCTYPE"),
    "50 MB document": (fifty_megabytes, "te groot voor een brief"),
    "1 million characters, no sentence end": (million_characters, "te lang voor een brief"),
    "100,000 tiny paragraphs": (many_paragraphs, "voor een brief"),
    "binary garbage .txt": (garbage, "binair"),
    "binary garbage .docx": (garbage_docx, "Word-document"),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.slow
def test_hostile_input_gets_a_clear_message_in_bounded_time_and_memory(tmp_path, case):
    make, expected = CASES[case]
    path = make(tmp_path)
    result, _ = check_in_process(path)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    document = json.loads(result.stdout)["documents"][0]
    assert expected in document["error"]
    assert "root:x:" not in result.stdout + result.stderr  # /etc/passwd never read


def test_a_file_that_disappears_mid_batch_is_reported_and_the_rest_goes_on(tmp_path, monkeypatch):
    import importlib

    check_module = importlib.import_module("tonecheck.cli.check")

    folder = tmp_path / "stapel"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text("Wij sturen u de stukken.\n", encoding="utf-8")
    real = check_module.collect_inputs

    def collect_then_delete(*args, **kwargs):
        found = real(*args, **kwargs)
        Path(found[2]).unlink()  # gone after listing, before reading
        return found

    monkeypatch.setattr(check_module, "collect_inputs", collect_then_delete)
    result = CliRunner().invoke(main, ["check", "--format", "json", "-j", "2", str(folder)])
    documents = json.loads(result.stdout)["documents"]
    assert result.exit_code == 2
    assert [d["error"] is None for d in documents] == [True, True, False, True, True, True]
    assert "niet gevonden" in documents[2]["error"]


RULE = """\
rules:
  - id: huis.regex
    category: clarity
    level: suggestion
    message: m
    suggestion: s
    check: {{kind: pattern, patterns: [[{{LOWER: {{REGEX: "{regex}"}}}}]]}}
    examples: {{flag: [x], ok: [y]}}
"""


@pytest.mark.parametrize("regex", ["(a+)+$", "^(\\\\w*)*!$", "((ab)*c)*"])
def test_a_regex_that_python_would_take_exponential_time_on_is_accepted(tmp_path, regex):
    # rule expressions run on RE2, in linear time (tests/test_linear_time.py runs one)
    path = tmp_path / "regels.yml"
    path.write_text(RULE.format(regex=regex), encoding="utf-8")
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["rules", "validate", str(path)])
    assert time.perf_counter() - start < SECONDS
    assert result.exit_code == 0, result.output


def test_an_ordinary_regex_is_accepted(tmp_path):
    path = tmp_path / "regels.yml"
    path.write_text(RULE.format(regex="(ing|atie)$"), encoding="utf-8")
    assert CliRunner().invoke(main, ["rules", "validate", str(path)]).exit_code == 0


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "bom.yml"
    path.write_text("\n".join(lines) + "\nrules: []\n", encoding="utf-8")
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["rules", "validate", str(path)])
    assert time.perf_counter() - start < SECONDS
    assert result.exit_code == 2
    assert "verwijzingen (*naam) zijn in deze YAML-bestanden niet toegestaan" in result.output


def test_rule_files_never_run_code(tmp_path):
    marker = tmp_path / "uitgevoerd"
    path = tmp_path / "code.yml"
    path.write_text(
        f"rules: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["rules", "validate", str(path)])
    assert result.exit_code == 2
    assert not marker.exists()
    assert "Traceback" not in result.output
