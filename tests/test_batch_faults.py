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
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SAMPLES
from tests.process_helpers import children, interrupt, kill_all, wait_until_gone
from tonecheck.batch import process
from tonecheck.batch.pool import WorkerPool
from tonecheck.batch.process import OutputSettings
from tonecheck.batch.progress import StopOnInterrupt
from tonecheck.cli import main
from tonecheck.report import output_files
from tonecheck.report.output_files import (
    OutputError,
    owned_note,
    plan_reports,
    prepare_output,
    release,
    write_atomically,
)
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


def _pids_per_letter(monkeypatch, tmp_path) -> Path:
    """A folder where each worker notes, per letter, the process that checked it."""
    seen = tmp_path / "werkprocessen"
    seen.mkdir()

    def note(path: str) -> None:
        (seen / Path(path).name).write_text(str(os.getpid()), encoding="utf-8")

    misbehave(monkeypatch, after=note)
    return seen


def test_a_worker_past_its_memory_mark_takes_no_further_letter_of_its_chunk(
    checker, tmp_path, monkeypatch
):
    """The marks are looked at before each large letter, not only after each chunk: a
    chunk of large letters cannot take a worker past the mark by more than one."""
    from tonecheck.batch import chunks

    monkeypatch.setattr(chunks, "ALONE_BYTES", 1)  # every letter counts as large here
    letters = make_letters(tmp_path / "brieven", 6)
    seen = _pids_per_letter(monkeypatch, tmp_path)
    records, pool = pool_run(checker, letters, memory_mark_mb=1)  # always past it
    assert len(records) == 6 and not [r for r in records if r.error]
    pids = [(seen / p.name).read_text() for p in letters]
    assert len(set(pids)) == 6, pids  # one letter per worker process
    assert pool.replaced == 0


def test_a_worker_past_its_number_of_letters_hands_the_rest_of_its_chunk_back(
    checker, tmp_path, monkeypatch
):
    letters = make_letters(tmp_path / "brieven", 12)  # one chunk: a single worker
    seen = _pids_per_letter(monkeypatch, tmp_path)
    records, pool = pool_run(checker, letters, max_letters=3)
    assert len(records) == 12 and not [r for r in records if r.error]
    pids = Counter((seen / p.name).read_text() for p in letters)
    assert max(pids.values()) <= 3 and len(pids) >= 4, pids
    assert pool.replaced == 0


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
    assert owned_note(target, "run-3 brief") == ""  # replaced with --force: this run's now
    release(target, "run-3 brief")
    assert hidden(tmp_path) == []


def test_a_mark_cut_short_by_a_killed_writer_is_removed_at_the_end_of_its_run(tmp_path):
    target = tmp_path / "brief.tonecheck.html"
    mark = tmp_path / ".brief.tonecheck.html.tonecheck-run"
    # killed after creating the mark and before (or while) writing it; no report yet
    for left in ("", "run-1 br"):
        mark.write_text(left, encoding="utf-8")
        release(target, "run-1 brief")
        assert hidden(tmp_path) == []
    # another run's mark, whole or cut short, is not this run's to remove
    for foreign in ("run-2 brief", "run-2 b", "run-1 brief-andere"):
        mark.write_text(foreign, encoding="utf-8")
        release(target, "run-1 brief")
        assert mark.exists()


def test_the_mark_beside_a_report_tells_an_interrupted_run_what_it_wrote(tmp_path):
    target = tmp_path / "brief.tonecheck.html"
    letter = str(tmp_path / "brief.txt")
    write_atomically(target, lambda t: t.write_text("oud"), letter)  # an earlier run's
    assert owned_note(target, "run-1 brief") is None

    def failing(temporary: Path) -> None:
        raise OSError(errno.ENOSPC, "vol")

    with pytest.raises(OutputError, match="vol"):
        write_atomically(target, failing, letter, True, owner="run-1 brief", note="{}")
    assert owned_note(target, "run-1 brief") is None  # the report there is not this run's
    write_atomically(target, lambda t: t.write_text("nieuw"), letter, True, "run-1 brief", "{}")
    assert owned_note(target, "run-1 brief") == "{}"
    assert owned_note(target, "run-2 brief") is None
    target.unlink()  # the mark comes first: without the report it says nothing
    assert owned_note(target, "run-1 brief") is None


def test_an_interrupted_run_lists_reports_its_workers_could_not_hand_back(tmp_path):
    letters = [str(p) for p in make_letters(tmp_path / "brieven", 3)]
    out = tmp_path / "rapporten"
    reports = plan_reports(letters, ".html", str(out), [str(tmp_path / "brieven")])
    prepare_output(reports)
    settings = OutputSettings("html", reports=reports, run="een-run")
    checker = CheckerSource(None).load()
    written = list(process.process_letters(list(enumerate(letters)), checker, settings))
    found = list(process.recovered_records(list(enumerate(letters)), settings))
    assert [(r.index, r.path, r.report, r.data, r.failing) for r in found] == [
        (r.index, r.path, r.report, r.data, r.failing) for r in written
    ]
    other = OutputSettings("html", reports=reports, run="een-andere-run")
    assert list(process.recovered_records(list(enumerate(letters)), other)) == []
    process.release_reports(letters, settings)
    assert list(process.recovered_records(list(enumerate(letters)), settings)) == []
    assert hidden(out) == []


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


@pytest.mark.slow
@pytest.mark.slow
# two Ctrl-C at once (the second before the handler of the first is done) and a tenth of
# a second apart (while the workers finish the letters at hand); before the handling was
# flags only, the second could raise between printing a result and counting it, or reach
# the process after it had put Python's own handler back (exit -2)
@pytest.mark.parametrize(("signals", "pause"), [(1, 0.0), (2, 0.0), (2, 0.1)])
def test_an_interrupted_batch_lists_every_report_it_wrote(tmp_path, signals, pause):
    letters = tmp_path / "stapel"
    make_letters(letters, 300)
    out = tmp_path / "rapporten"
    dashboard = tmp_path / "overzicht.html"
    command = [*TONECHECK, "check", "-q", "--format", "html", "-o", str(out), "-j", "2"]
    command += ["--report", str(dashboard), str(letters)]
    batch, stdout, errors = interrupt(command, signals, pause)
    assert batch.returncode == 130, errors
    assert "Traceback" not in errors, errors
    written = {str(p.relative_to(tmp_path)) for p in out.glob("*.html")}
    listed = {os.path.relpath(p, tmp_path) for p in listed_reports(stdout)}
    assert 1 <= len(listed) < 300
    # also at once (a worker killed while writing): what is on disk is what is listed
    assert listed == written
    assert f"onderbroken na {len(listed)} van 300 brieven" in errors, errors
    assert f"Overzicht van {len(listed)} brieven" in dashboard.read_text(encoding="utf-8")
    assert hidden(out) == []


def test_ctrl_c_twice_sets_flags_and_never_raises_in_the_batch_loop():
    stop = StopOnInterrupt()
    previous = signal.getsignal(signal.SIGINT)
    try:
        with stop:
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)  # the second: no KeyboardInterrupt here
            time.sleep(0.05)  # handlers run between bytecodes
            assert stop.requested and stop.forced
            # in work of this process's own it raises
            with pytest.raises(KeyboardInterrupt), stop.interruptible():
                pass
        # after a Ctrl-C it stays ignored: a late one cannot end the process by a signal
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_second_ctrl_c_raises_inside_work_of_this_process_only():
    stop = StopOnInterrupt()
    previous = signal.getsignal(signal.SIGINT)
    try:
        with stop:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            with pytest.raises(KeyboardInterrupt), stop.interruptible():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)
        with StopOnInterrupt():  # without a Ctrl-C the handler before is put back
            pass
    finally:
        signal.signal(signal.SIGINT, previous)


def test_an_aborted_pool_kills_its_workers_at_once_and_yields_what_they_sent(
    checker, tmp_path, monkeypatch
):
    letters = make_letters(tmp_path / "brieven", 40)
    misbehave(monkeypatch, after=lambda path: time.sleep(0.3))  # 0.3 s a letter
    pool = WorkerPool(2, checker, CheckerSource(None).load, OutputSettings("jsonl"), 60)
    records = []
    started = time.monotonic()
    for record in pool.run([str(p) for p in letters], should_abort=lambda: len(records) >= 3):
        records.append(record)
    assert time.monotonic() - started < 30
    assert 3 <= len(records) < 40
    assert len({r.index for r in records}) == len(records)
    assert pool.workers == []


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
