"""Faults around a batch (issue 23): workers that outlive or outgrow the batch, the
timeout per letter, reports that cannot be written, interruptions, and results that do
not depend on the order of the letters or the worker that checked them."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SAMPLES
from tests.process_helpers import children, kill_all, wait_until_gone
from tonecheck.batch import process
from tonecheck.batch.pool import WorkerPool
from tonecheck.batch.process import OutputSettings
from tonecheck.cli import main
from tonecheck.report import output_files
from tonecheck.report.output_files import OutputError, release, write_atomically
from tonecheck.runtime import CheckerSource

OFFICIAL = "Geachte heer Jansen,\n\nDerhalve delen wij u mede dat u dient te betalen.\n"
TONECHECK = [sys.executable, "-m", "tonecheck"]
HIDDEN = re.compile(r"^\.")


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def make_letters(folder: Path, count: int, text: str = OFFICIAL) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"brief-{i:03}.txt"
        path.write_text(text * (1 + i % 3), encoding="utf-8")
        paths.append(path)
    return paths


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if HIDDEN.match(p.name))


def listed_reports(stdout: str) -> set[str]:
    """The report files the batch says it wrote ('letter → report  (...)')."""
    return {
        line.split(" \u2192 ")[1].split("  (")[0]
        for line in stdout.splitlines()
        if "\u2192" in line
    }


@pytest.fixture(scope="module")
def checker():
    return CheckerSource(None).load()


def pool_run(checker, paths, timeout: float = 60, jobs: int = 1, **kwargs):
    pool = WorkerPool(
        jobs, checker, CheckerSource(None).load, OutputSettings("jsonl"), timeout, **kwargs
    )
    records = sorted(pool.run([str(p) for p in paths]), key=lambda r: r.index)
    return records, pool


def misbehave(monkeypatch, *, before=None, after=None) -> None:
    """Workers (forked: they inherit the patch) call ``before(tasks)`` ahead of the
    pipeline and ``after(path)`` once a letter is checked, before it is handed back."""
    import tonecheck.batch.pool as pool

    real = pool.process_letters

    def patched(tasks, checker, settings):
        if before:
            before(tasks)
        for record in real(tasks, checker, settings):
            if after:
                after(record.path)
            yield record

    monkeypatch.setattr(pool, "process_letters", patched)


# --- workers that outlive or outgrow the batch (point 5) --------------------------------


@pytest.mark.parametrize("limit", [{"max_letters": 4}, {"memory_mark_mb": 1}])
def test_workers_are_replaced_after_a_number_of_letters_or_past_a_memory_mark(
    checker, tmp_path, limit
):
    letters = make_letters(tmp_path / "brieven", 80)
    plain, _ = pool_run(checker, letters)
    recycled, pool = pool_run(checker, letters, **limit)
    assert pool.retired >= 1 and pool.replaced == 0
    assert [r.data for r in recycled] == [r.data for r in plain]
    assert not [r for r in recycled if r.error]


@pytest.mark.slow
def test_workers_end_when_the_batch_process_is_killed(tmp_path):
    folder = tmp_path / "stapel"
    make_letters(folder, 300)
    command = [*TONECHECK, "check", "-q", "--format", "jsonl", "-j", "2", str(folder)]
    batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        assert batch.stdout.readline().startswith("{")  # results flow: workers are busy
        workers = children(batch.pid)
        assert len(workers) == 2
        batch.kill()  # kill -9: no clean-up of its own
        batch.wait(timeout=10)
        gone = wait_until_gone(workers, 5)
        assert gone is not None, "workers outlived the batch by more than 5 seconds"
        print(f"workers gone {gone:.2f} s after kill -9")
    finally:
        kill_all(workers)
        batch.stdout.close()
        batch.stderr.close()


# --- the timeout counts each letter (point 8) --------------------------------------------


def test_a_chunk_of_letters_that_each_take_under_the_timeout_is_not_killed(
    checker, tmp_path, monkeypatch
):
    # 8 letters in one chunk, 0.6 s each in the pipeline: 4.8 s together, 2 s each
    misbehave(monkeypatch, before=lambda tasks: time.sleep(0.6 * len(tasks)))
    records, pool = pool_run(checker, make_letters(tmp_path / "brieven", 8), timeout=2)
    assert pool.replaced == 0
    assert len(records) == 8 and not [r for r in records if r.error]


def test_a_letter_that_hangs_after_the_pipeline_fails_alone_at_once(checker, tmp_path, monkeypatch):
    letters = make_letters(tmp_path / "brieven", 6)
    misbehave(monkeypatch, after=lambda path: "brief-003" in path and time.sleep(600))
    started = time.monotonic()
    records, pool = pool_run(checker, letters, timeout=3)
    failed = [Path(r.path).name for r in records if r.error]
    assert failed == ["brief-003.txt"]
    assert records[3].error == "het controleren duurde langer dan 3 seconden"
    assert len(records) == 6
    assert pool.replaced == 1  # the letter at hand is known: no second try on its own
    assert time.monotonic() - started < 30


# --- reports that cannot be written (point 7) --------------------------------------------


class _UnwritableAfter:
    """``os`` as output_files sees it, refusing new files in ``folder`` once it holds
    ``reports`` reports: a folder that becomes read-only in the middle of a batch."""

    def __init__(self, folder: Path, reports: int) -> None:
        self.folder, self.reports = folder, reports

    def __getattr__(self, name):
        return getattr(os, name)

    def open(self, path, flags, mode=0o777, **kwargs):
        if Path(path).parent == self.folder and len(list(self.folder.glob("*.html"))) >= (
            self.reports
        ):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return os.open(path, flags, mode, **kwargs)


def test_an_output_folder_that_becomes_unwritable_is_a_line_per_letter_and_exit_2(
    tmp_path, monkeypatch, capfd
):
    letters = make_letters(tmp_path / "brieven", 12)
    out = tmp_path / "rapporten"
    out.mkdir()
    monkeypatch.setattr(output_files, "os", _UnwritableAfter(out, 4))
    result = run("check", "-q", "--format", "html", "-o", out, "-j", "2", *letters)
    worker_output = capfd.readouterr()
    assert result.exit_code == 2
    written = {p.name for p in out.glob("*.html")}
    assert {Path(p).name for p in listed_reports(result.stdout)} == written
    assert 4 <= len(written) < 12
    errors = result.stderr.splitlines()
    assert len(errors) == 12 - len(written) + 1
    for line in errors[:-1]:
        assert re.fullmatch(
            r"tonecheck: .*brief-\d+\.txt: .*brief-\d+\.tonecheck\.html: kan niet schrijven: "
            "geen schrijfrechten",
            line,
        ), line
    assert errors[-1] == (
        f"tonecheck: {12 - len(written)} van de 12 rapporten niet geschreven "
        "(zie de regels hierboven)"
    )
    assert "Traceback" not in result.output + worker_output.err + worker_output.out
    assert hidden(out) == []


def test_a_full_disk_while_writing_reports_leaves_nothing_behind(tmp_path, monkeypatch):
    letters = make_letters(tmp_path / "brieven", 3)
    out = tmp_path / "rapporten"

    def half_then_full(result, target: Path, *settings) -> None:
        target.write_text("<html>", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(process.FILE_FORMATS, "html", (".html", half_then_full))
    result = run("check", "-q", "--format", "html", "-o", out, "-j", "2", *letters)
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 4 and all("kan niet schrijven: de schijf is vol" in e for e in errors[:3])
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []  # no report, no temporary file, no mark


@pytest.mark.slow
def test_standard_output_on_a_full_disk_is_one_line_and_exit_2(tmp_path):
    letters = make_letters(tmp_path / "brieven", 4)
    dashboard = tmp_path / "overzicht.html"
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*TONECHECK, "check", "-q", "--format", "jsonl", "--report", str(dashboard),
             *map(str, letters)],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=300,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "tonecheck: standaarduitvoer: kan niet schrijven: de schijf is vol\n"
    ), result.stderr
    assert "Overzicht van" in dashboard.read_text(encoding="utf-8")  # what was done


def test_temporary_files_a_killed_run_left_are_taken_over_or_removed(tmp_path):
    letters = make_letters(tmp_path / "brieven", 3)
    out = tmp_path / "rapporten"
    out.mkdir()
    for i in range(3):  # as a run killed while writing leaves them
        (out / f".brief-{i:03}.tonecheck.html.tonecheck-tmp").write_text("<ht", encoding="utf-8")
    result = run("check", "-q", "--format", "html", "-o", out, *letters)
    assert result.exit_code in (0, 1), result.output
    assert hidden(out) == []
    assert len(list(out.glob("*.tonecheck.html"))) == 3


def test_a_report_this_run_wrote_for_the_letter_may_be_written_again(tmp_path):
    target = tmp_path / "brief.tonecheck.html"
    letter = str(tmp_path / "brief.txt")

    def write(text: str, owner: str | None, force: bool = False) -> None:
        write_atomically(target, lambda t: t.write_text(text), letter, force, owner=owner)

    write("eerste", "run-1 brief")
    write("tweede", "run-1 brief")  # the same run and letter: a retry
    assert target.read_text() == "tweede"
    for other in ("run-1 andere-brief", "run-2 brief", None):
        with pytest.raises(OutputError, match="bestaat al"):
            write("derde", other)
    release(target, "run-1 brief")  # the run is over: its report is an earlier run's now
    with pytest.raises(OutputError, match="bestaat al"):
        write("vierde", "run-1 brief")
    write("vijfde", "run-3 brief", force=True)
    assert target.read_text() == "vijfde"
    assert hidden(tmp_path) == []


def test_a_letter_whose_worker_died_after_writing_its_report_is_written_again(
    tmp_path, monkeypatch
):
    letters = make_letters(tmp_path / "brieven", 8)
    out = tmp_path / "rapporten"
    mark = tmp_path / "al-eens-gestopt"

    def die_once(path: str) -> None:
        if "brief-005" in path and not mark.exists():
            mark.touch()
            os._exit(9)  # after its report was written, before it was handed back

    misbehave(monkeypatch, after=die_once)
    result = run("check", "-q", "--format", "html", "-o", out, "-j", "2", *letters)
    assert mark.exists()
    assert result.exit_code in (0, 1), result.output  # not 2: nothing 'bestaat al'
    assert len(listed_reports(result.stdout)) == 8
    assert hidden(out) == []


# --- interruptions (point 7) -------------------------------------------------------------


def _interrupt(command: list[str], signals: int, out: Path) -> tuple[subprocess.Popen, str, str]:
    """Start ``command`` in a session of its own (as a terminal starts it), send Ctrl-C
    to all its processes (``signals`` times) once results flow."""
    batch = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    first = batch.stdout.readline()
    for _ in range(signals):
        os.killpg(batch.pid, signal.SIGINT)
        time.sleep(0.1)
    rest, errors = batch.communicate(timeout=120)
    return batch, first + rest, errors


@pytest.mark.slow
# Known race (issue 23, point 7, open): on a loaded machine the second Ctrl-C can reach
# the batch process before its handler is back (exit -2 instead of 130), and a report a
# worker finished while being stopped can be on disk unlisted. Seen in CI on 2026-12-03.
@pytest.mark.xfail(reason="Ctrl-C race under load, see the comment above", strict=False)
@pytest.mark.parametrize("signals", [1, 2])
def test_an_interrupted_batch_lists_every_report_it_wrote(tmp_path, signals):
    letters = tmp_path / "stapel"
    make_letters(letters, 300)
    out = tmp_path / "rapporten"
    dashboard = tmp_path / "overzicht.html"
    command = [*TONECHECK, "check", "-q", "--format", "html", "-o", str(out), "-j", "2"]
    batch, stdout, errors = _interrupt([*command, "--report", str(dashboard), str(letters)],
                                       signals, out)  # fmt: skip
    assert batch.returncode == 130, errors
    assert "Traceback" not in errors and "onderbroken na" in errors
    written = {str(p.relative_to(tmp_path)) for p in out.glob("*.html")}
    listed = {os.path.relpath(p, tmp_path) for p in listed_reports(stdout)}
    assert 1 <= len(listed) < 300
    if signals == 1:  # the letters at hand were finished and reported
        assert listed == written
        assert f"Overzicht van {len(listed)} brieven" in dashboard.read_text(encoding="utf-8")
    else:  # at once: a worker killed while writing leaves no report unlisted behind it
        assert listed <= written and len(written - listed) <= 2
    assert hidden(out) == []


# --- results do not depend on order or worker (point 9) ----------------------------------


@pytest.mark.slow
def test_results_do_not_depend_on_the_order_or_the_worker(tmp_path):
    texts = sorted((ROOT / "eval" / "corpus").iterdir())[:24]
    letters = [*texts, *sorted(SAMPLES.glob("*.docx"))[:6]]
    forwards = tmp_path / "lijst.txt"
    backwards = tmp_path / "omgekeerd.txt"
    forwards.write_text("\n".join(map(str, letters)) + "\n", encoding="utf-8")
    backwards.write_text("\n".join(map(str, reversed(letters))) + "\n", encoding="utf-8")
    outputs = []
    for listing in (forwards, backwards):
        for jobs in ("1", "2"):
            result = run("check", "-q", "--format", "json", "-j", jobs, "--files-from", listing)
            assert result.exit_code in (0, 1), result.output
            documents = json.loads(result.stdout)["documents"]
            assert len(documents) == len(letters)
            outputs.append(sorted(documents, key=lambda d: d["path"]))
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0] and outputs[3] == outputs[0]
