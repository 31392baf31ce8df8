"""Worker processes that check letters, one letter at a time each, under supervision.

Why not ``concurrent.futures`` or spaCy's ``n_process``: a worker that crashes breaks a
``ProcessPoolExecutor`` for every letter still queued, and neither can stop a worker that
hangs on one letter. Here the parent hands each worker a small chunk of letters (parsed
together, which is faster), and the next chunk while it works on its last one (so it
never waits for the parent), and gets a record back for each letter as it is done, so it
always knows which letters a worker still holds. When a worker dies or sends nothing for
longer than the per-letter timeout, it is replaced; the letters it still held go back
one by one, so a letter that fails again on its own is the one reported as failed, and
the batch goes on.

Workers are forked where the platform allows, after the parent has loaded the pipeline
and rules, so each worker starts with them loaded (shared copy-on-write) instead of
loading its own; elsewhere (spawn) each worker loads them once at start.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from tonecheck.batch.process import (
    OutputSettings,
    Record,
    failed_record,
    process_letters,
)
from tonecheck.checker import Checker

if TYPE_CHECKING:  # ForkContext exists only where fork does
    from multiprocessing.context import ForkContext, SpawnContext

POLL_SECONDS = 0.2
CHUNK = 16  # letters per hand-out: one nlp.pipe batch, small enough to balance

Task = tuple[int, str]


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    task: list[Task] = field(default_factory=list)  # letters handed out, not yet returned
    alone: bool = False  # a retried letter, handed out on its own
    started: float = 0.0  # when the worker last handed something back (or got its task)


def _worker_main(
    connection: Connection, checker: Checker | None, load: Callable[[], Checker], settings
) -> None:
    """A worker's life: load once (unless forked with everything loaded), then check
    letters until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    if checker is None:
        checker = load()
    # the pipeline and rules live as long as the worker: keep the garbage collector from
    # scanning them again and again (about 1 ms per letter, 3%, on the batch benchmark)
    gc.freeze()
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        for record in process_letters(task, checker, settings):
            connection.send(record)


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
        self.context: ForkContext | SpawnContext = (
            multiprocessing.get_context("fork")
            if self.forked
            else multiprocessing.get_context("spawn")
        )
        self.workers: list[_Worker] = []

    def run(self, paths: list[str], should_stop=lambda: False) -> Iterator[Record]:
        """Records as letters finish; stops handing out letters once ``should_stop()``."""
        pending: deque[Task] = deque(enumerate(paths))
        self.retry: deque[Task] = deque()
        self.workers = [self._start() for _ in range(min(self.jobs, len(paths)))]
        try:
            while (pending or self.retry or any(w.task for w in self.workers)) and not (
                should_stop()
            ):
                for worker in self.workers:
                    if (pending or self.retry) and self._wants_more(worker):
                        self._assign(worker, pending)
                yield from self._collect()
        finally:
            self.close()

    def close(self) -> None:
        """Stop every worker (used at the end, and when the batch is interrupted)."""
        for worker in self.workers:
            if worker.process.is_alive() and not worker.task:
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
        # a forked child gets a copy of unwritten output and writes it again when it
        # exits: hand everything written so far to the operating system first
        sys.stdout.flush()
        sys.stderr.flush()
        parent, child = self.context.Pipe()
        inherited = self.checker if self.forked else None
        process = self.context.Process(
            target=_worker_main, args=(child, inherited, self.load, self.settings), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _wants_more(self, worker: _Worker) -> bool:
        """An idle worker takes work; one busy with its last chunk gets the next one
        already (so it never waits for the parent), unless letters are being retried:
        a retried letter goes to an idle worker, on its own."""
        if not worker.task:
            return True
        return not self.retry and not worker.alone and len(worker.task) <= CHUNK

    def _assign(self, worker: _Worker, pending: deque[Task]) -> None:
        if self.retry:
            task, worker.alone = [self.retry.popleft()], True
        else:
            size = max(1, min(CHUNK, len(pending) // len(self.workers)))
            task, worker.alone = [pending.popleft() for _ in range(size)], False
        if not worker.task:
            worker.started = time.monotonic()
        worker.task = worker.task + task
        # a worker that is gone cannot take it; _collect notices and hands the letters on
        with contextlib.suppress(BrokenPipeError, OSError):
            worker.connection.send(task)

    def _collect(self) -> Iterator[Record]:
        busy = [w for w in self.workers if w.task]
        waitables = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(waitables, timeout=POLL_SECONDS))
        for worker in busy:
            while worker.task and worker.connection in ready and worker.connection.poll():
                try:
                    record = worker.connection.recv()
                except (EOFError, OSError):
                    break
                worker.task = [t for t in worker.task if t[0] != record.index]
                worker.started = time.monotonic()
                yield record
            if not worker.task:
                continue
            if worker.process.sentinel in ready or not worker.process.is_alive():
                code = worker.process.exitcode
                yield from self._give_up(
                    worker, f"het controleren liep vast (werkproces stopte, code {code})"
                )
            elif time.monotonic() - worker.started > self.timeout:
                yield from self._give_up(
                    worker, f"het controleren duurde langer dan {self.timeout:g} seconden"
                )

    def _give_up(self, worker: _Worker, message: str) -> Iterator[Record]:
        """Replace the worker; a letter it held alone failed, a chunk is retried singly."""
        if worker.alone:
            index, path = worker.task[0]
            yield failed_record(index, path, message)
        else:
            self.retry.extend(worker.task)
        self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()
        fresh = self._start()
        worker.process, worker.connection = fresh.process, fresh.connection
        worker.task, worker.alone = [], False
