"""Handing letters out in chunks, the same way on every backend.

A chunk goes through the pipeline together (``nlp.pipe``), which is faster, but until
the pipeline is through no letter of it is done, so a chunk of ``n`` letters may take
``n`` times the per-letter timeout before its first letter is back (:func:`allowance`);
after that each letter gets the timeout on its own.
"""

from __future__ import annotations

import os
from collections import deque

Task = tuple[int, str]  # (position in the batch, path)

CHUNK = 16  # letters per hand-out: one nlp.pipe batch, small enough to balance
# a chunk also ends once its files add up to this many bytes: large letters go out a few
# at a time (less memory per worker, and a letter that hangs is found sooner); 16
# ordinary letters (a .docx is about 40 kB) stay one chunk
CHUNK_BYTES = 1 << 20
# a letter file this large goes through the pipeline on its own inside its chunk (the
# pipeline cuts its text into batches anyway, so nothing is lost), so that a worker can
# look at its memory before each such letter (tonecheck.batch.pool)
ALONE_BYTES = 1 << 16


def take_chunk(pending: deque[Task], workers: int, base: str | None = None) -> list[Task]:
    """The next chunk from ``pending``: up to :data:`CHUNK` letters, fewer when the queue
    is short (every worker gets some) or the files are large. ``base``: where relative
    paths are found."""
    size = max(1, min(CHUNK, len(pending) // max(1, workers)))
    chunk: list[Task] = []
    total = 0
    while pending and len(chunk) < size and total < CHUNK_BYTES:
        task = pending.popleft()
        chunk.append(task)
        total += _size(task[1], base)
    return chunk


def next_group(tasks: list[Task], most: int, base: str | None = None) -> list[Task]:
    """The letters at the front of a chunk's ``tasks`` that go through the pipeline
    together: a letter of :data:`ALONE_BYTES` or more alone, otherwise the letters up to
    the next such one, at most ``most`` (at least one)."""
    group: list[Task] = []
    for task in tasks[: max(1, most)]:
        if _size(task[1], base) >= ALONE_BYTES:
            return group or [task]
        group.append(task)
    return group


def allowance(timeout: float, letters: int, started: bool) -> float:
    """Seconds a worker may go without handing back a letter: ``timeout`` for each
    letter still in the pipeline together (``letters``), or one ``timeout`` once the
    chunk's letters come back one by one (``started``)."""
    return timeout * (1 if started else max(1, letters))


def _size(path: str, base: str | None) -> int:
    try:
        return os.path.getsize(os.path.join(base or "", path))
    except OSError:  # missing or unreadable: the worker says so; it costs nothing here
        return 0
