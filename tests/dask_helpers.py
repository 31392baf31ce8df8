"""For the Dask backend tests: a corpus of letters, and a worker plugin that makes workers
misbehave on chosen letters (it is set up again in every restarted worker, where a
monkeypatch in the test process could never reach)."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

from tests.conftest import ROOT, SAMPLES


def make_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` letters: the evaluation letters and the .docx samples, taken in turn
    (every seventh a .docx), each under a numbered name."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted((ROOT / "eval" / "corpus").iterdir())
    documents = sorted(SAMPLES.glob("*.docx"))
    paths = []
    for i in range(count):
        source = documents[i % len(documents)] if i % 7 == 6 else texts[i % len(texts)]
        target = folder / f"brief-{i:04}{source.suffix}"
        shutil.copy(source, target)
        paths.append(target)
    return paths


class Misbehave(WorkerPlugin):
    """Makes every worker it is attached to misbehave on letters whose path contains the
    given word: ``crash`` (exit at once), ``hang`` (sleep, before the pipeline), ``stall``
    (sleep once the letter is checked, before it is handed back), ``spin`` (a regular
    expression that holds the interpreter for hours, likewise), ``crash_once`` (exit once
    the letter's report is written, the first time only: ``marks`` is a folder that
    remembers it); ``slow`` seconds per letter in the pipeline, for every letter."""

    name = "tonecheck-test-misbehave"

    def __init__(
        self,
        crash: str | None = None,
        hang: str | None = None,
        stall: str | None = None,
        spin: str | None = None,
        crash_once: str | None = None,
        marks: str | None = None,
        slow: float = 0.0,
    ) -> None:
        self.crash, self.hang, self.stall, self.spin = crash, hang, stall, spin
        self.crash_once, self.marks, self.slow = crash_once, marks, slow

    def setup(self, worker) -> None:
        import tonecheck.batch.dask_worker as dask_worker

        real = dask_worker.process_letters
        plugin = self

        def misbehaving(tasks, checker, settings):
            for _, path in tasks:
                if plugin.crash and plugin.crash in path:
                    os._exit(9)
                if plugin.hang and plugin.hang in path:
                    time.sleep(600)
            time.sleep(plugin.slow * len(tasks))
            for record in real(tasks, checker, settings):
                plugin.after(record.path)
                yield record

        dask_worker.process_letters = misbehaving

    def after(self, path: str) -> None:
        """What happens once a letter is checked (and its report written)."""
        if self.stall and self.stall in path:
            time.sleep(600)
        if self.spin and self.spin in path:
            re.match(r"(a|aa)+$", "a" * 80 + "b")  # takes hours, never lets go
        if self.crash_once and self.crash_once in path and self.marks:
            mark = Path(self.marks) / Path(path).name
            if not mark.exists():
                mark.touch()
                os._exit(9)
