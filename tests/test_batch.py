"""Batches: folders and lists of letters, worker processes, isolation, order, summary."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tonecheck.batch.inputs import collect_inputs
from tonecheck.cli import main

GOOD = "Beste meneer Jansen,\n\nBedankt voor uw brief. Wij bellen u morgen.\n"
OFFICIAL = "Geachte heer Jansen,\n\nDerhalve delen wij u mede dat u dient te betalen.\n"


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.fixture
def mixed(tmp_path) -> Path:
    """Good and officialese letters, a broken .docx, a Word lock file, hidden files, a
    nested folder, a non-letter file and a symbolic link loop."""
    root = tmp_path / "brieven"
    (root / "sub" / "dieper").mkdir(parents=True)
    (root / ".verborgen").mkdir()
    (root / "a-goed.txt").write_text(GOOD, encoding="utf-8")
    (root / "b-ambtelijk.md").write_text(OFFICIAL, encoding="utf-8")
    (root / "c-kapot.docx").write_bytes(b"PK\x03\x04 afgebroken")
    (root / "~$a-goed.docx").write_bytes(b"lock")
    (root / ".stiekem.txt").write_text(GOOD, encoding="utf-8")
    (root / ".verborgen" / "x.txt").write_text(GOOD, encoding="utf-8")
    (root / "notities.pdf").write_bytes(b"%PDF-1.4")
    (root / "sub" / "d-goed.txt").write_text(GOOD, encoding="utf-8")
    (root / "sub" / "dieper" / "e-ambtelijk.txt").write_text(OFFICIAL, encoding="utf-8")
    os.symlink(root, root / "sub" / "lus")
    return root


def names(paths) -> list[str]:
    return [Path(p).name for p in paths]


def test_folders_are_walked_in_order_skipping_locks_hidden_and_other_files(mixed):
    found = collect_inputs([str(mixed)])
    assert names(found) == [
        "a-goed.txt", "b-ambtelijk.md", "c-kapot.docx", "d-goed.txt", "e-ambtelijk.txt"
    ]  # fmt: skip


def test_glob_exclude_and_explicit_files(mixed):
    assert names(collect_inputs([str(mixed)], globs=("*.txt",))) == [
        "a-goed.txt", "d-goed.txt", "e-ambtelijk.txt"
    ]  # fmt: skip
    assert names(collect_inputs([str(mixed)], excludes=("sub/*",))) == [
        "a-goed.txt", "b-ambtelijk.md", "c-kapot.docx"
    ]  # fmt: skip
    # a file named on the command line is checked even when no pattern matches it
    assert names(collect_inputs([str(mixed / "notities.pdf")])) == ["notities.pdf"]
    # the same letter twice is checked once
    twice = [str(mixed / "a-goed.txt"), str(mixed / "." / "a-goed.txt")]
    assert len(collect_inputs(twice)) == 1


def test_files_from_a_list_and_from_standard_input(mixed, tmp_path):
    listing = tmp_path / "lijst.txt"
    listing.write_text(f"# te controleren\n{mixed / 'a-goed.txt'}\n\n{mixed / 'sub'}\n")
    result = run("check", "--format", "jsonl", "--files-from", listing)
    assert names(d["path"] for d in jsonl(result.output)) == [
        "a-goed.txt", "d-goed.txt", "e-ambtelijk.txt"
    ] or sorted(names(d["path"] for d in jsonl(result.output))) == [
        "a-goed.txt", "d-goed.txt", "e-ambtelijk.txt"
    ]  # fmt: skip
    piped = run(
        "check", "--format", "json", "--files-from", "-", input=f"{mixed / 'b-ambtelijk.md'}\n"
    )
    assert names(d["path"] for d in json.loads(piped.output)["documents"]) == ["b-ambtelijk.md"]


def test_broken_file_is_an_error_entry_and_the_batch_goes_on(mixed):
    result = run("check", "--format", "jsonl", "--sort", "-j", "2", mixed)
    documents = jsonl(result.stdout)
    assert result.exit_code == 2
    assert [d["error"] is not None for d in documents] == [False, False, True, False, False]
    assert "c-kapot.docx" in result.stderr
    assert documents[1]["findings"] and documents[4]["findings"]


@pytest.mark.parametrize("output_format", ["jsonl", "text", "json"])
def test_serial_and_parallel_runs_give_identical_output(mixed, output_format):
    serial = run("check", "--format", output_format, "--sort", "-j", "1", mixed)
    parallel = run("check", "--format", output_format, "--sort", "-j", "2", mixed)
    assert serial.stdout == parallel.stdout
    assert serial.exit_code == parallel.exit_code == 2


def test_sorted_output_follows_input_order(tmp_path):
    folder = tmp_path / "veel"
    folder.mkdir()
    for i in range(12):  # longer letters first, so later ones tend to finish earlier
        (folder / f"{i:02}.txt").write_text(OFFICIAL * (12 - i), encoding="utf-8")
    result = run("check", "--format", "jsonl", "--sort", "-j", "2", folder)
    assert names(d["path"] for d in jsonl(result.output)) == [f"{i:02}.txt" for i in range(12)]
    unsorted = run("check", "--format", "jsonl", "-j", "2", folder)
    assert sorted(names(d["path"] for d in jsonl(unsorted.output))) == [
        f"{i:02}.txt" for i in range(12)
    ]


def _misbehave_on(monkeypatch, word: str, action) -> None:
    """Make workers misbehave on letters whose path contains ``word`` (forked workers
    inherit the patched function)."""
    import tonecheck.batch.pool as pool

    real = pool.process_letters

    def patched(tasks, checker, settings):
        if any(word in path for _, path in tasks):
            action()
        yield from real(tasks, checker, settings)

    monkeypatch.setattr(pool, "process_letters", patched)


@pytest.mark.slow
def test_a_letter_that_hangs_is_reported_and_the_rest_completes(mixed, monkeypatch):
    _misbehave_on(monkeypatch, "d-goed", lambda: time.sleep(600))
    started = time.monotonic()
    result = run("check", "--format", "jsonl", "--sort", "-j", "2", "--timeout", "3", mixed)
    assert time.monotonic() - started < 60
    documents = jsonl(result.stdout)
    assert len(documents) == 5
    hung = documents[3]
    assert "langer dan 3 seconden" in hung["error"]
    assert documents[4]["error"] is None and documents[4]["findings"]
    assert result.exit_code == 2


def test_a_worker_that_crashes_is_replaced(mixed, monkeypatch):
    _misbehave_on(monkeypatch, "a-goed", lambda: os._exit(7))
    result = run("check", "--format", "jsonl", "--sort", "-j", "1", mixed)
    documents = jsonl(result.stdout)
    assert len(documents) == 5
    assert "werkproces stopte" in documents[0]["error"]
    assert all(d["error"] is None for d in documents[1:] if not d["path"].endswith(".docx"))


def test_exit_codes(mixed, tmp_path):
    clean = tmp_path / "schoon"
    clean.mkdir()
    (clean / "a.txt").write_text(GOOD, encoding="utf-8")
    (clean / "b.txt").write_text(GOOD, encoding="utf-8")
    assert run("check", "-q", clean).exit_code == 0
    assert run("check", "-q", "--fail-level", "suggestion", mixed / "sub").exit_code == 1
    assert run("check", "-q", mixed).exit_code == 2  # a letter could not be read


def test_text_mode_ends_with_a_batch_summary(mixed):
    long_enough = " ".join([GOOD, OFFICIAL] * 4).replace("\n", " ")  # scored: 40+ words
    (mixed / "f-lang.txt").write_text(long_enough, encoding="utf-8")
    result = run("check", "--sort", mixed)
    assert "Samenvatting: 6 brieven, 1 niet te lezen, 4 zonder score" in result.stdout
    assert "brieftype:" in result.stdout and "laagste scores (1):" in result.stdout
    assert "it/s" not in result.stderr and "brieven/s" not in result.stderr  # no TTY: no bar


def test_dashboard_links_each_letter_to_its_report(mixed, tmp_path):
    out = tmp_path / "rapporten"
    out.mkdir()
    dashboard = out / "overzicht.html"
    run("check", "--format", "html", "-o", out, "--report", dashboard, mixed)
    page = dashboard.read_text(encoding="utf-8")
    assert "Overzicht van 5 brieven" in page and "<svg" in page
    assert 'href="a-goed.tonecheck.html"' in page
    assert "<script" not in page


@pytest.mark.slow
def test_interrupt_stops_cleanly_with_what_is_done(tmp_path):
    folder = tmp_path / "stapel"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:03}.txt").write_text(OFFICIAL * 3, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tonecheck", "check", "--format", "jsonl", "-j", "2", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    first = process.stdout.readline()  # wait until results flow
    assert first.startswith("{")
    process.send_signal(signal.SIGINT)
    rest = process.stdout.read()  # the same buffered reader: nothing read ahead is lost
    errors = process.stderr.read()
    process.wait(timeout=60)
    lines = [first, *rest.splitlines()]
    assert process.returncode == 130
    assert "onderbroken" in errors and "Traceback" not in errors
    assert 1 <= len(lines) < 400
    assert all(json.loads(line)["path"] for line in lines if line.strip())
    assert f"onderbroken na {len(lines)} van 400" in errors  # every finished letter written


def test_samples_folder_as_one_batch(tmp_path):
    result = run("check", "--format", "json", "-q", SAMPLES)
    documents = json.loads(result.output)["documents"]
    letters = [p for p in SAMPLES.rglob("*") if p.suffix in (".docx", ".txt", ".md")]
    assert len(documents) == len(letters)  # samples/src/*.md included: folders are recursive
    assert all(d["error"] is None for d in documents)
