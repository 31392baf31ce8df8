"""Worker processes that check letters, one chunk at a time each, under supervision.

Why not ``concurrent.futures`` or spaCy's ``n_process``: a worker that crashes breaks a
``ProcessPoolExecutor`` for every letter still queued, and neither can stop a worker that
hangs on one letter. Here the parent hands each worker a small chunk of letters (parsed
together, which is faster, :mod:`tonecheck.batch.chunks`), and the next chunk while it
works on its last one (so it never waits for the parent), and gets a record back for each
letter as it is done, so it always knows which letters a worker still holds.

- A worker that dies, or sends nothing for longer than its allowance (the per-letter
  timeout for each letter still in the pipeline together, then for each letter), is
  replaced. A letter it was finishing on its own (past the pipeline) is the one that
  failed; a chunk still in the pipeline goes back one letter at a time, so a letter that
  fails again alone is the one reported as failed, and the batch goes on.
- Workers end with the batch process, even when it is killed (``kill -9``): on Linux the
  kernel kills them (``PR_SET_PDEATHSIG``; it follows the thread that started them, so a
  pool is run from one thread that outlives it), elsewhere they look for their parent
  twice a second.
- A worker is replaced by a fresh one after :data:`MAX_LETTERS` letters or once it holds
  more than :data:`MEMORY_MARK_MB` (large letters leave the allocator with memory it
  does not give back), so memory stays flat over a long batch. The worker itself looks
  before each group of letters it puts through the pipeline (a large letter is a group
  of its own, :func:`~tonecheck.batch.chunks.next_group`): past either mark, it hands
  the letters it has not begun back to the parent, which gives them to other workers, so
  a chunk of large letters cannot take a worker past the mark by more than one letter.
- On a stop (Ctrl-C) workers finish the letter at hand and drop the rest, so every
  report written is also reported back. On a second Ctrl-C (``should_abort``) busy
  workers are killed at once; the records they had already sent are still read from
  their pipes and yielded. Workers never see Ctrl-C themselves: it is blocked from
  before a worker is forked until the worker ignores it.

Workers are forked where the platform allows, after the parent has loaded the pipeline
and rules, so each worker starts with them loaded (shared copy-on-write) instead of
loading its own; elsewhere (spawn) each worker loads them once at start.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from tonecheck.batch.chunks import CHUNK, Task, allowance, next_group, take_chunk
from tonecheck.batch.process import (
    OutputSettings,
    Record,
    discard_partial,
    failed_record,
    process_letters,
)
from tonecheck.checker import Checker

if TYPE_CHECKING:  # ForkContext exists only where fork does
    from multiprocessing.context import ForkContext, SpawnContext

__all__ = ["CHUNK", "MAX_LETTERS", "MEMORY_MARK_MB", "WorkerPool"]

POLL_SECONDS = 0.2
MAX_LETTERS = 2000  # letters one worker process checks before a fresh one takes over
MEMORY_MARK_MB = 1024  # resident memory after which a worker is replaced
PARENT_POLL_SECONDS = 0.5  # where there is no parent-death signal
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
STOP = "stop"  # parent to worker: finish the letter at hand, drop the rest


@dataclass(frozen=True)
class Status:
    """Worker to parent, after each chunk (or a stop): its resident memory. ``stopped``:
    told to stop, it dropped the letters it had not begun; ``handed_back``: past its
    letters or memory mark, it hands those back (for other workers) and takes no more."""

    resident_mb: float
    stopped: bool = False
    handed_back: bool = False


@dataclass(frozen=True)
class Marks:
    """When a worker makes way for a fresh one."""

    letters: int = MAX_LETTERS
    memory_mb: float = MEMORY_MARK_MB

    def passed(self, letters: int) -> bool:
        """Whether a worker that has checked ``letters`` letters is past a mark (one that
        has checked none never is: every worker checks at least one group)."""
        return letters > 0 and (letters >= self.letters or resident_mb() >= self.memory_mb)


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    chunks: deque[list[Task]] = field(default_factory=deque)  # handed out, not returned
    alone: bool = False  # a retried letter, handed out on its own
    started: bool = False  # letters of the first chunk are coming back one by one
    since: float = 0.0  # when the worker last handed something back (or got its chunk)
    letters: int = 0  # letters this process has checked
    retiring: bool = False  # gets no more letters; replaced once it has none
    stopping: bool = False  # told to stop after the letter at hand
    unreported: int = 0  # chunks finished whose Status has not been read yet

    @property
    def held(self) -> list[Task]:
        return [task for chunk in self.chunks for task in chunk]


def _worker_main(
    connection: Connection,
    checker: Checker | None,
    load: Callable[[], Checker],
    settings: OutputSettings,
    parent: int,
    marks: Marks,
) -> None:
    """A worker's life: load once (unless forked with everything loaded), then check
    chunks of letters until told to stop, until its parent is gone, or until it is past
    one of its ``marks`` (then it hands back what it has not begun and waits for the
    parent to end it)."""
    _end_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    if hasattr(signal, "pthread_sigmask"):  # blocked by WorkerPool._start
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if checker is None:
        checker = load()
    # the pipeline and rules live as long as the worker: keep the garbage collector from
    # scanning them again and again (about 1 ms per letter, 3%, on the batch benchmark)
    gc.freeze()
    waiting: deque[object] = deque()  # chunks read while looking for a stop
    letters = 0  # letters this process has checked
    retired = False  # past a mark: letters sent after that go back with the parent
    while True:
        try:
            message = waiting.popleft() if waiting else connection.recv()
        except EOFError:
            return
        if message is None:
            return
        if message == STOP or not isinstance(message, list):
            connection.send(Status(resident_mb(), stopped=True))
            continue
        if retired:
            continue
        stopped = handed_back = False
        tasks = list(message)
        while tasks and not stopped:
            if marks.passed(letters):
                handed_back = retired = True
                break
            group = next_group(tasks, marks.letters - letters, settings.base)
            del tasks[: len(group)]
            for record in process_letters(group, checker, settings):
                letters += 1
                connection.send(record)
                if connection.poll() and _told_to_stop(connection, waiting):
                    stopped = True
                    break
        if stopped or handed_back:
            waiting.clear()  # the chunks after it are not checked here
        connection.send(Status(resident_mb(), stopped, handed_back))


@contextlib.contextmanager
def _interrupts_blocked() -> Iterator[None]:
    """Ctrl-C blocked while a worker starts: the worker inherits the mask, ignores Ctrl-C
    and then unblocks it (until then it would run this process's handler); a Ctrl-C
    meant for this process meanwhile comes when it is unblocked here."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _told_to_stop(connection: Connection, waiting: deque[object]) -> bool:
    """Read what the parent sent meanwhile: keep chunks for later, report a stop."""
    while connection.poll():
        message = connection.recv()
        if message is None or message == STOP:
            return True
        waiting.append(message)
    return False


def _end_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` does, however it ends (``kill -9`` too)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # gone before the signal was asked for
                    os._exit(1)
                return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def resident_mb() -> float:
    """This process's resident memory in MB (elsewhere than Linux: its peak so far)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 2**10)
    except (ImportError, OSError):
        return 0.0


class WorkerPool:
    """``jobs`` supervised worker processes; :meth:`run` yields records as they finish."""

    def __init__(
        self,
        jobs: int,
        checker: Checker,
        load: Callable[[], Checker],
        settings: OutputSettings,
        timeout: float,
        max_letters: int | None = None,
        memory_mark_mb: float | None = None,
    ) -> None:
        """``checker`` is the parent's, inherited by forked workers; ``load`` (picklable)
        makes one in a worker that was not forked. A worker is replaced after
        ``max_letters`` letters or past ``memory_mark_mb`` (default: :data:`MAX_LETTERS`,
        :data:`MEMORY_MARK_MB`)."""
        self.jobs = max(1, jobs)
        self.checker = checker
        self.load = load
        self.settings = settings
        self.timeout = timeout
        self.max_letters = max_letters or MAX_LETTERS
        self.memory_mark_mb = memory_mark_mb or MEMORY_MARK_MB
        self.marks = Marks(self.max_letters, self.memory_mark_mb)
        methods = multiprocessing.get_all_start_methods()
        self.forked = "fork" in methods
        self.context: ForkContext | SpawnContext = (
            multiprocessing.get_context("fork")
            if self.forked
            else multiprocessing.get_context("spawn")
        )
        self.workers: list[_Worker] = []
        self.pending: deque[Task] = deque()
        self.retry: deque[Task] = deque()
        self.stopping = False
        self.retired = 0  # workers replaced by a fresh one (letters or memory)
        self.replaced = 0  # workers killed (dead or past their allowance) and replaced

    def run(
        self,
        paths: list[str],
        should_stop: Callable[[], bool] = lambda: False,
        should_abort: Callable[[], bool] = lambda: False,
    ) -> Iterator[Record]:
        """Records as letters finish. Once ``should_stop()``, no more letters go out and
        the workers finish the letter at hand: every letter checked is yielded. Once
        ``should_abort()``, busy workers are killed at once and what they had sent is
        yielded."""
        self.pending = deque(enumerate(paths))
        self.retry = deque()
        self.stopping = False
        self.workers = [self._start() for _ in range(min(self.jobs, len(paths)))]
        try:
            while any(w.chunks for w in self.workers) or (
                (self.pending or self.retry) and not self.stopping
            ):
                if should_abort():
                    yield from self._abort()
                    break
                if not self.stopping and should_stop():
                    self._stop()
                for worker in self.workers:
                    if self.stopping or not (self.pending or self.retry):
                        break
                    if worker.retiring and not worker.chunks:
                        self._retire(worker)
                    if self._wants_more(worker):
                        self._assign(worker)
                yield from self._collect()
        finally:
            self.close()

    def close(self) -> None:
        """Stop every worker (used at the end, and when the batch is interrupted): idle
        ones are asked to exit, busy ones (an interruption) are killed at once."""
        for worker in self.workers:
            if worker.chunks:
                worker.process.kill()
            elif worker.process.is_alive():
                with contextlib.suppress(BrokenPipeError, OSError):
                    worker.connection.send(None)
        deadline = time.monotonic() + 2
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            if worker.chunks:
                discard_partial([path for _, path in worker.held], self.settings)
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
            target=_worker_main,
            args=(child, inherited, self.load, self.settings, os.getpid(), self.marks),
            daemon=True,
        )
        with _interrupts_blocked():
            process.start()
        child.close()
        return _Worker(process, parent)

    def _abort(self) -> Iterator[Record]:
        """Kill the busy workers now; yield the records they had sent (still in their
        pipes). Their half-written reports are removed by :meth:`close`."""
        busy = [w for w in self.workers if w.chunks]
        for worker in busy:
            worker.process.kill()
        for worker in busy:
            worker.process.join()
            while True:
                try:
                    if not worker.connection.poll():
                        break
                    message = worker.connection.recv()
                except (EOFError, OSError):
                    break
                if isinstance(message, Record) and any(
                    index == message.index for index, _ in worker.held
                ):
                    self._returned(worker, message)
                    yield message

    def _stop(self) -> None:
        """No more letters go out; busy workers finish the letter at hand."""
        self.stopping = True
        for worker in self.workers:
            if worker.chunks:
                worker.stopping = True
                with contextlib.suppress(BrokenPipeError, OSError):
                    worker.connection.send(STOP)

    def _wants_more(self, worker: _Worker) -> bool:
        """An idle worker takes work; one busy with its last chunk gets the next one
        already (so it never waits for the parent), unless letters are being retried
        (a retried letter goes to an idle worker, on its own) or it is to be replaced."""
        if worker.retiring or worker.unreported:  # its memory is not known yet
            return False
        if not worker.chunks:
            return True
        return not self.retry and not worker.alone and len(worker.chunks) < 2

    def _assign(self, worker: _Worker) -> None:
        if self.retry:
            chunk, worker.alone = [self.retry.popleft()], True
        else:
            chunk = take_chunk(self.pending, len(self.workers), self.settings.base)
            worker.alone = False
        if not worker.chunks:
            worker.since, worker.started = time.monotonic(), False
        worker.chunks.append(chunk)
        # a worker that is gone cannot take it; _collect notices and hands the letters on
        with contextlib.suppress(BrokenPipeError, OSError):
            worker.connection.send(chunk)

    def _collect(self) -> Iterator[Record]:
        busy = [w for w in self.workers if w.chunks or w.unreported]
        waitables = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(waitables, timeout=POLL_SECONDS))
        for worker in busy:
            while worker.connection in ready and worker.connection.poll():
                try:
                    message = worker.connection.recv()
                except (EOFError, OSError):
                    break
                if isinstance(message, Status):
                    self._status(worker, message)
                else:
                    self._returned(worker, message)
                    yield message
            if worker.chunks:
                yield from self._check_health(worker, ready)
            elif worker.unreported and worker.process.sentinel in ready:  # died idle
                self._replace(worker)

    def _returned(self, worker: _Worker, record: Record) -> None:
        """A letter is back: the chunk's next letter, or the next chunk, starts now."""
        if not worker.chunks:  # already given up on
            return
        chunk = worker.chunks[0]
        chunk[:] = [task for task in chunk if task[0] != record.index]
        if chunk:
            worker.started = True
        else:
            worker.chunks.popleft()
            worker.started = False
            worker.unreported += 1
        worker.since = time.monotonic()
        worker.letters += 1
        if worker.letters >= self.max_letters:
            worker.retiring = True

    def _status(self, worker: _Worker, status: Status) -> None:
        if status.handed_back:  # past a mark: what it still holds goes to another worker
            # (the status of every chunk it finished came before this one)
            (self.retry if worker.alone else self.pending).extendleft(reversed(worker.held))
            worker.chunks.clear()
            worker.unreported = 0
            worker.retiring = True
            return
        worker.unreported = max(0, worker.unreported - 1)
        if status.stopped:  # what it still held was not checked
            worker.chunks.clear()
        if status.resident_mb >= self.memory_mark_mb:
            worker.retiring = True

    def _check_health(self, worker: _Worker, ready: set) -> Iterator[Record]:
        """Replace a worker that died or went past its allowance."""
        if worker.process.sentinel in ready or not worker.process.is_alive():
            code = worker.process.exitcode
            yield from self._give_up(
                worker, f"het controleren liep vast (werkproces stopte, code {code})"
            )
            return
        limit = allowance(self.timeout, len(worker.chunks[0]), worker.started)
        if time.monotonic() - worker.since <= limit:
            return
        message = f"het controleren duurde langer dan {self.timeout:g} seconden"
        if worker.started:  # past the pipeline: the letter at hand is the one that hangs
            index, path = worker.chunks[0][0]
            yield failed_record(index, path, message)
            self.pending.extendleft(reversed(worker.held[1:]))  # the rest, as they were
            self._replace(worker)
        else:
            yield from self._give_up(worker, message)

    def _give_up(self, worker: _Worker, message: str) -> Iterator[Record]:
        """Replace the worker; a letter it held alone failed, a chunk is retried singly."""
        if worker.alone:
            index, path = worker.held[0]
            yield failed_record(index, path, message)
        else:
            self.retry.extend(worker.held)
        self._replace(worker)

    def _replace(self, worker: _Worker) -> None:
        self.replaced += 1
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()
        discard_partial([path for _, path in worker.held], self.settings)
        if self.stopping:  # no fresh worker for a batch that is ending
            worker.chunks.clear()
            worker.unreported = 0
        else:
            self._renew(worker)

    def _retire(self, worker: _Worker) -> None:
        """A worker past its letters or memory mark, with nothing in hand, makes way for
        a fresh one."""
        with contextlib.suppress(BrokenPipeError, OSError):
            worker.connection.send(None)
        worker.process.join(2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
        self.retired += 1
        self._renew(worker)

    def _renew(self, worker: _Worker) -> None:
        fresh = self._start()
        worker.process, worker.connection = fresh.process, fresh.connection
        worker.chunks, worker.alone, worker.started = deque(), False, False
        worker.letters, worker.retiring, worker.stopping = 0, False, False
        worker.unreported = 0
