"""What runs inside a Dask worker: the checker, loaded once per worker process by a worker
plugin, and the task that checks a chunk of letters with it.

The plugin travels to the workers as a description of the checker
(:class:`~tonecheck.runtime.CheckerSource`), never as a loaded spaCy pipeline; each worker
loads its own when the plugin is registered and whenever a worker (re)starts. Letters
travel as paths; records come back as plain data.

A letter that hangs cannot be stopped inside a thread, so a watchdog ends the whole
worker process when one chunk has shown no progress for longer than the per-letter
timeout: the nanny starts a fresh worker and the scheduler hands the chunk on, exactly as
when a letter crashes the worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import cast

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from tonecheck import __version__
from tonecheck.batch.process import OutputSettings, Record, process_letters
from tonecheck.checker import Checker
from tonecheck.errors import TonecheckError
from tonecheck.runtime import CheckerSource

logger = logging.getLogger("tonecheck.dask")
HUNG_EXIT_CODE = 70  # the worker ends itself with this code when a letter hangs
HUNG_TOPIC = "tonecheck-hung"  # the event it sends first, naming the letters it held

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

    def __init__(self, source: CheckerSource, timeout: float, version: str = __version__):
        self.source = source
        self.timeout = timeout
        self.version = version
        self.name = f"tonecheck-{source.key}-{timeout:g}"
        self.checker: Checker | None = None

    async def setup(self, worker) -> None:
        if self.version != __version__:
            raise TonecheckError(
                f"dit werkproces heeft tonecheck {__version__}, de opdracht komt van "
                f"tonecheck {self.version}; installeer overal dezelfde versie",
                str(worker.address),
            )
        # loading takes seconds: in a thread, so the worker keeps answering the scheduler
        loop = asyncio.get_running_loop()
        self.checker = await loop.run_in_executor(None, _load, self.source)
        self._lock = threading.Lock()  # one chunk at a time, whatever --nthreads says
        self._watchdog = Watchdog(self.timeout, lambda held: _report_hang(worker, held))

    def teardown(self, worker) -> None:
        watchdog = getattr(self, "_watchdog", None)
        if watchdog is not None:
            watchdog.stop()

    def check(self, tasks: list[tuple[int, str]], settings: OutputSettings) -> list[Record]:
        assert self.checker is not None
        with self._lock, self._watchdog.watching([index for index, _ in tasks]):
            records = []
            for record in process_letters(tasks, self.checker, settings):
                self._watchdog.beat()
                records.append(record)
            return records


def check_chunk(plugin: str, tasks: list[tuple[int, str]], settings: OutputSettings) -> list:
    """The task: check ``tasks`` (index, path) with the checker of ``plugin``."""
    try:
        # the plugin registered under this name is a CheckerPlugin (dask_client names it)
        loaded = cast(CheckerPlugin, get_worker().plugins[plugin])
    except KeyError:
        raise TonecheckError("tonecheck is op dit werkproces niet geladen") from None
    return loaded.check(tasks, settings)


def _report_hang(worker, held: list[int]) -> None:
    """Tell the scheduler which letters were held, so the batch can say why they failed."""
    worker.log_event(HUNG_TOPIC, {"letters": held})


class Watchdog:
    """Ends this process when the work it watches shows no progress for ``timeout``,
    after calling ``on_hang`` with what it was watching."""

    def __init__(self, timeout: float, on_hang: Callable[[list[int]], None]) -> None:
        self.timeout = timeout
        self.on_hang = on_hang
        self._since: float | None = None
        self._held: list[int] = []
        self._stopped = threading.Event()
        threading.Thread(target=self._watch, name="tonecheck-watchdog", daemon=True).start()

    @contextmanager
    def watching(self, held: list[int]) -> Iterator[None]:
        self._held = held
        self._since = time.monotonic()
        try:
            yield
        finally:
            self._since = None

    def beat(self) -> None:
        self._since = time.monotonic()

    def stop(self) -> None:
        self._stopped.set()

    def _watch(self) -> None:
        while not self._stopped.wait(min(1.0, self.timeout / 4)):
            since = self._since
            if since is not None and time.monotonic() - since > self.timeout:
                logger.error(
                    "tonecheck: een brief duurde langer dan %g seconden; dit werkproces "
                    "stopt, zodat de nanny een nieuw start",
                    self.timeout,
                )
                with contextlib.suppress(Exception):
                    self.on_hang(self._held)
                    time.sleep(1)  # the event goes out in the worker's next batch
                os._exit(HUNG_EXIT_CODE)
