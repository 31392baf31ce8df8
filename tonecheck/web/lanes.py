"""A lane: one worker thread that runs jobs one at a time, the smallest waiting job first.

The service keeps a lane for reading and ordinary letters and one for long letters, so
a queue of long letters never holds up a short one (see :mod:`tonecheck.web.service`).
A job cancelled while it waits (its request gave up) is skipped; a running job cannot
be stopped and finishes, its result unused.
"""

from __future__ import annotations

import itertools
import math
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

Job = tuple[Future, Callable[..., Any], tuple[Any, ...]]


class Lane:
    """Jobs with a size, run in one thread: the smallest waiting first, equal sizes in
    the order they came."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.PriorityQueue[tuple[float, int, Job | None]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, size: float, function: Callable[..., Any], *args: Any) -> Future:
        """Run ``function(*args)`` when its turn comes; its future has the result."""
        future: Future = Future()
        self._jobs.put((size, next(self._order), (future, function, args)))
        return future

    def close(self) -> None:
        """Stop after the running job; the waiting ones are cancelled."""
        self._jobs.put((-math.inf, -1, None))  # ahead of every waiting job

    def _work(self) -> None:
        while True:
            _, _, job = self._jobs.get()
            if job is None:
                break
            future, function, args = job
            if not future.set_running_or_notify_cancel():  # its request gave up
                continue
            try:
                future.set_result(function(*args))
            except BaseException as error:  # the request that waits gets it
                future.set_exception(error)
        while not self._jobs.empty():
            _, _, job = self._jobs.get_nowait()
            if job is not None:
                job[0].cancel()
