"""For the Dask backend tests: a corpus of letters, and a worker plugin that makes workers
misbehave on chosen letters (it is set up again in every restarted worker, where a
monkeypatch in the test process could never reach)."""

from __future__ import annotations

import os
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
    """Makes every worker it is attached to exit (``crash``) or hang (``hang``) when it
    checks a letter whose path contains the given word."""

    name = "tonecheck-test-misbehave"

    def __init__(self, crash: str | None = None, hang: str | None = None) -> None:
        self.crash = crash
        self.hang = hang

    def setup(self, worker) -> None:
        import tonecheck.batch.dask_worker as dask_worker

        real = dask_worker.process_letters
        crash, hang = self.crash, self.hang

        def misbehaving(tasks, checker, settings):
            for _, path in tasks:
                if crash and crash in path:
                    os._exit(9)
                if hang and hang in path:
                    time.sleep(600)
            yield from real(tasks, checker, settings)

        dask_worker.process_letters = misbehaving
