"""What runs inside a Dask worker: the checker, loaded once per worker process by a worker
plugin, and the task that checks a chunk of letters with it.

The plugin travels to the workers as a description of the checker
(:class:`~tonecheck.runtime.CheckerSource`), never as a loaded spaCy pipeline; each worker
loads its own when the plugin is registered and whenever a worker (re)starts. Letters
travel as paths; records come back as plain data.

A letter that hangs cannot be stopped inside a thread, so a watchdog ends the whole
worker process when a chunk goes past its allowance (the per-letter timeout for each
letter still in the pipeline together, then for each letter,
:func:`tonecheck.batch.chunks.allowance`). It first tells the scheduler which letters it
held and, once the chunk's letters were coming back one by one, which letter it was on:
the batch then reports that letter as failed at once and hands the others out again,
while the nanny starts a fresh worker. A letter that holds the interpreter (a runaway
regular expression, a C extension) keeps that watchdog from running; for it
:mod:`faulthandler` ends the process a few seconds later from a thread of its own.

A stopped batch (Ctrl-C) tells each worker (:func:`stop_batch`); a chunk then ends after
the letter at hand and returns what is done, so every report written is reported back.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import gc
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import cast

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from tonecheck import __version__
from tonecheck.batch.chunks import allowance
from tonecheck.batch.process import OutputSettings, Record, process_letters
from tonecheck.checker import Checker
from tonecheck.errors import TonecheckError
from tonecheck.runtime import CheckerSource

logger = logging.getLogger("tonecheck.dask")
HUNG_EXIT_CODE = 70  # the worker ends itself with this code when a letter hangs
HUNG_TOPIC = "tonecheck-hung"  # the event it sends first, naming the letters it held
START_TOPIC = "tonecheck-start"  # a letter alone in its chunk starts (names it)
BACKSTOP_SECONDS = 5  # faulthandler ends a worker this long after the watchdog should have

_loads = 0  # checkers loaded in this process


def loads() -> int:
    """How many checkers this process has loaded (tests ask each worker via Client.run)."""
    return _loads


def _load(source: CheckerSource) -> Checker:
    global _loads
    checker = source.load()
    _loads += 1
    # loaded for the worker's lifetime: keep the garbage collector from rescanning it
    gc.freeze()
    return checker


class CheckerPlugin(WorkerPlugin):
    """Loads the checker once when attached to a worker; one per distinct configuration
    (its name comes from the configuration, so concurrent batches with other rules or
    models on the same cluster each get their own, and a second batch with the same
    configuration finds it loaded)."""

    idempotent = True  # registered again with the same name: keep the loaded one

    def __init__(
        self,
        source: CheckerSource,
        timeout: float,
        version: str = __version__,
        ignore_interrupts: bool = False,
    ):
        """``ignore_interrupts``: for workers started by this batch (``local:N``), which
        share the terminal: Ctrl-C is for the batch process, which stops them."""
        self.source = source
        self.timeout = timeout
        self.version = version
        self.ignore_interrupts = ignore_interrupts
        self.name = f"tonecheck-{source.key}-{timeout:g}"
        self.checker: Checker | None = None
        self.stopped: set[str] = set()  # runs stopped by their batch (stop_batch)

    async def setup(self, worker) -> None:
        if self.version != __version__:
            raise TonecheckError(
                f"dit werkproces heeft tonecheck {__version__}, de opdracht komt van "
                f"tonecheck {self.version}; installeer overal dezelfde versie",
                str(worker.address),
            )
        if self.ignore_interrupts:
            with contextlib.suppress(ValueError):  # only the main thread may; it is here
                signal.signal(signal.SIGINT, signal.SIG_IGN)
        # loading takes seconds: in a thread, so the worker keeps answering the scheduler
        loop = asyncio.get_running_loop()
        self.checker = await loop.run_in_executor(None, _load, self.source)
        self._lock = threading.Lock()  # one chunk at a time, whatever --nthreads says
        self._watchdog = Watchdog(self.timeout, lambda held: _report_hang(worker, held))
        self._worker = worker

    def teardown(self, worker) -> None:
        watchdog = getattr(self, "_watchdog", None)
        if watchdog is not None:
            watchdog.stop()

    def check(self, tasks: list[tuple[int, str]], settings: OutputSettings) -> list[Record]:
        """The records of ``tasks``; fewer when the batch was stopped meanwhile."""
        assert self.checker is not None
        records: list[Record] = []
        with self._lock:
            if settings.run in self.stopped:
                return records
            if len(tasks) == 1:  # if it ends the process before its watchdog can say
                # so (faulthandler's backstop), the batch still knows when it started
                start = {"run": settings.run, "letter": tasks[0][0]}
                with contextlib.suppress(Exception):
                    self._worker.log_event(START_TOPIC, start)
            with self._watchdog.watching(settings.run, [index for index, _ in tasks]):
                for record in process_letters(tasks, self.checker, settings):
                    self._watchdog.beat()
                    records.append(record)
                    if settings.run in self.stopped:
                        break
        return records


def check_chunk(plugin: str, tasks: list[tuple[int, str]], settings: OutputSettings) -> list:
    """The task: check ``tasks`` (index, path) with the checker of ``plugin``."""
    try:
        # the plugin registered under this name is a CheckerPlugin (dask_client names it)
        loaded = cast(CheckerPlugin, get_worker().plugins[plugin])
    except KeyError:
        raise TonecheckError("tonecheck is op dit werkproces niet geladen") from None
    return loaded.check(tasks, settings)


def stop_batch(plugin: str, run: str, dask_worker=None) -> None:
    """Run on every worker by a batch that stops (``Client.run``): its chunks end after
    the letter at hand."""
    loaded = dask_worker.plugins.get(plugin) if dask_worker is not None else None
    if isinstance(loaded, CheckerPlugin):
        loaded.stopped.add(run)


def _report_hang(worker, hang: dict) -> None:
    """Tell the scheduler which letters were held (and which one hung, when known), so
    the batch can say why they failed."""
    worker.log_event(HUNG_TOPIC, {**hang, "worker": worker.address})


class Watchdog:
    """Ends this process when the chunk it watches goes past its allowance, after
    calling ``on_hang`` with what it was watching: ``{"run", "letters", "hung"}``, where
    ``hung`` is the letter at hand once the letters come back one by one, else None."""

    def __init__(self, timeout: float, on_hang: Callable[[dict], None]) -> None:
        self.timeout = timeout
        self.on_hang = on_hang
        self._deadline: float | None = None
        self._run: str | None = None
        self._held: list[int] = []
        self._done = 0
        self._stopped = threading.Event()
        # faulthandler writes the stacks it dumps here before it ends the process
        self._dump = open(os.devnull, "w")  # noqa: SIM115 - open as long as the worker
        threading.Thread(target=self._watch, name="tonecheck-watchdog", daemon=True).start()

    @contextmanager
    def watching(self, run: str | None, held: list[int]) -> Iterator[None]:
        self._run, self._held, self._done = run, held, 0
        self._arm(allowance(self.timeout, len(held), started=False))
        try:
            yield
        finally:
            self._deadline = None
            faulthandler.cancel_dump_traceback_later()

    def beat(self) -> None:
        """A letter is done: the next one gets the timeout."""
        self._done += 1
        self._arm(allowance(self.timeout, 1, started=True))

    def stop(self) -> None:
        self._stopped.set()
        faulthandler.cancel_dump_traceback_later()

    def _arm(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds
        # the backstop, for a letter that holds the interpreter so this watchdog's
        # thread cannot run: a C thread that needs no interpreter ends the process
        faulthandler.dump_traceback_later(seconds + BACKSTOP_SECONDS, exit=True, file=self._dump)

    def _watch(self) -> None:
        while not self._stopped.wait(min(1.0, self.timeout / 4)):
            deadline = self._deadline
            if deadline is not None and time.monotonic() > deadline:
                logger.error(
                    "tonecheck: een brief duurde langer dan %g seconden; dit werkproces "
                    "stopt, zodat de nanny een nieuw start",
                    self.timeout,
                )
                done, held = self._done, self._held
                hung = held[done] if 0 < done < len(held) else None
                with contextlib.suppress(Exception):
                    self.on_hang({"run": self._run, "letters": held, "hung": hung})
                    time.sleep(1)  # the event goes out in the worker's next batch
                os._exit(HUNG_EXIT_CODE)
