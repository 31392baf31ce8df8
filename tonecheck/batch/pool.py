"""Worker processes that check letters, one letter at a time each, under supervision.

Why not ``concurrent.futures`` or spaCy's ``n_process``: a worker that crashes breaks a
``ProcessPoolExecutor`` for every letter still queued, and neither can stop a worker that
hangs on one letter. Here the parent hands each worker one letter at a time, so it always
knows which letter a worker is on: when a worker dies or exceeds the per-letter timeout,
that letter is reported as failed, the worker is replaced, and the batch goes on.

Workers are forked where the platform allows, after the parent has loaded the pipeline
and rules, so each worker starts with them loaded (shared copy-on-write) instead of
loading its own; elsewhere (spawn) each worker loads them once at start.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from tonecheck.batch.process import Checker, OutputSettings, Record, failed_record, process_letter

POLL_SECONDS = 0.2


@dataclass
class _Worker:
    process: multiprocessing.Process
    connection: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0


def _worker_main(
    connection: Connection, checker: Checker | None, load: Callable[[], Checker], settings
) -> None:
    """A worker's life: load once (unless forked with everything loaded), then check
    letters until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    if checker is None:
        checker = load()
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path = task
        connection.send(process_letter(index, path, checker, settings))


class WorkerPool:
    """``jobs`` supervised worker processes; :meth:`run` yields records as they finish."""

    def __init__(
        self,
        jobs: int,
        checker: Checker,
        load: Callable[[], Checker],
        settings: OutputSettings,
        timeout: float,
    ) -> None:
        """``checker`` is the parent's, inherited by forked workers; ``load`` (picklable)
        makes one in a worker that was not forked."""
        self.jobs = max(1, jobs)
        self.checker = checker
        self.load = load
        self.settings = settings
        self.timeout = timeout
        methods = multiprocessing.get_all_start_methods()
        self.forked = "fork" in methods
        self.context = multiprocessing.get_context("fork" if self.forked else "spawn")
        self.workers: list[_Worker] = []

    def run(self, paths: list[str]) -> Iterator[Record]:
        pending = deque(enumerate(paths))
        self.workers = [self._start() for _ in range(min(self.jobs, len(paths)))]
        try:
            while pending or any(w.task for w in self.workers):
                for worker in self.workers:
                    if worker.task is None and pending:
                        self._assign(worker, pending.popleft())
                yield from self._collect()
        finally:
            self.close()

    def close(self) -> None:
        """Stop every worker (used at the end, and when the batch is interrupted)."""
        for worker in self.workers:
            if worker.process.is_alive() and worker.task is None:
                with contextlib.suppress(BrokenPipeError, OSError):
                    worker.connection.send(None)
        deadline = time.monotonic() + 2
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self.workers = []

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        inherited = self.checker if self.forked else None
        process = self.context.Process(
            target=_worker_main, args=(child, inherited, self.load, self.settings), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _assign(self, worker: _Worker, task: tuple[int, str]) -> None:
        worker.task, worker.started = task, time.monotonic()
        # a worker that is gone cannot take it; _collect notices and reports the letter
        with contextlib.suppress(BrokenPipeError, OSError):
            worker.connection.send(task)

    def _collect(self) -> Iterator[Record]:
        busy = [w for w in self.workers if w.task is not None]
        waitables = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(waitables, timeout=POLL_SECONDS))
        now = time.monotonic()
        for worker in busy:
            index, path = worker.task
            if worker.connection in ready:
                try:
                    record = worker.connection.recv()
                except (EOFError, OSError):
                    record = None
                if record is not None:
                    worker.task = None
                    yield record
                    continue
            if worker.process.sentinel in ready or not worker.process.is_alive():
                code = worker.process.exitcode
                yield failed_record(
                    index, path, f"het controleren liep vast (werkproces stopte, code {code})"
                )
                self._replace(worker)
            elif now - worker.started > self.timeout:
                yield failed_record(
                    index, path, f"het controleren duurde langer dan {self.timeout:g} seconden"
                )
                self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()
        fresh = self._start()
        worker.process, worker.connection, worker.task = fresh.process, fresh.connection, None
