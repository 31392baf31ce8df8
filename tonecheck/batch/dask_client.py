"""The dask backend, on the side that starts the batch: connect to a scheduler (or start a
cluster on this machine), attach the checker to every worker, hand out chunks of letters
a few at a time, and give back each letter's record exactly once.

Fault tolerance, in layers:

- a worker that dies (crash, out of memory, the watchdog ending a hung letter) loses its
  chunk; the scheduler hands it to another worker by itself;
- a chunk that keeps killing workers (the scheduler's ``allowed-failures``, default 3)
  comes back as ``KilledWorker``: its letters are handed out again one by one, each
  alone on the cluster, so only the letter at fault is reported as failed;
- results are kept by input position, so a record that arrives twice is written once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import dask
from distributed import CancelledError, Client, Future, LocalCluster
from distributed.scheduler import KilledWorker

from tonecheck.batch.dask_worker import HUNG_TOPIC, CheckerPlugin, check_chunk
from tonecheck.batch.plan import BackendError, BatchPlan
from tonecheck.batch.pool import CHUNK
from tonecheck.batch.process import Record, failed_record
from tonecheck.errors import TonecheckError

Task = tuple[int, str]
LOCAL = re.compile(r"local:(\d+)")
WORKERS_SECONDS = 120  # how long to wait for the first worker to join the scheduler
POLL_SECONDS = 0.2
CHUNKS_PER_THREAD = 2  # in flight per worker thread: one running, one waiting
MAX_CANCELLED = 3  # a chunk cancelled this often (scheduler trouble) is given up
# for the workers of local:N, and recommended for any cluster (README, deploy/kubernetes/):
# - Dask's statistical profiler samples every worker thread each 10 ms, which costs a few
#   per cent of the checking time, and nobody reads the profile of a batch;
# - the nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, and setting it switches
#   off glibc's sliding mmap threshold: every large allocation of the pipeline (its
#   arrays) is then a fresh mmap, zeroed page by page (500 letters on local:2: 3.3 s of
#   system time instead of 1.1 s, and slower batches in bench_dask.py). None unsets it.
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
# the same as environment variables, for workers started by hand or by Kubernetes
RECOMMENDED_ENVIRONMENT = {
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON": "{'MALLOC_TRIM_THRESHOLD_': None}",
}


class DaskBackend:
    """Checks letters on a Dask cluster; see the module docstring."""

    def __init__(self, plan: BatchPlan, scheduler: str) -> None:
        if not (LOCAL.fullmatch(scheduler) or "://" in scheduler):
            raise BackendError(
                f"--scheduler '{scheduler}': geef het adres van een Dask-scheduler "
                "(tcp://HOST:POORT) of local:N (N werkprocessen op deze machine)"
            )
        base = Path.cwd()
        self.scheduler = scheduler
        # the workers find letters, reports and rule files from this folder, not their own
        self.settings = replace(plan.settings, base=str(base))
        self.plugin = CheckerPlugin(plan.source.resolved(base), plan.timeout)
        self.timeout = plan.timeout

    def run(self, paths: list[str], should_stop: Callable[[], bool]) -> Iterator[Record]:
        with self._client() as client:
            self._attach(client)
            yield from _Batch(client, self.plugin.name, self.settings, self.timeout).run(
                paths, should_stop
            )

    @contextlib.contextmanager
    def _client(self) -> Iterator[Client]:
        local = LOCAL.fullmatch(self.scheduler)
        with contextlib.ExitStack() as opened:
            try:
                if local:
                    cluster = _local_cluster(int(local.group(1)))
                    opened.callback(_quietly, cluster.close)
                    client = Client(cluster, set_as_default=False)
                else:
                    # how long to try: Dask's distributed.comm.timeouts.connect (30 s;
                    # environment: DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s)
                    client = Client(self.scheduler, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as error:
                raise BackendError(
                    f"kan geen Dask-cluster gebruiken op {self.scheduler} ({error})"
                ) from None
            opened.callback(_quietly, client.close)
            yield client

    def _attach(self, client: Client) -> None:
        """Wait for a worker, then load the checker on every worker (and on each that
        joins later); a worker that cannot load it stops the batch with its reason."""
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise BackendError(
                f"de Dask-scheduler {self.scheduler} heeft na {WORKERS_SECONDS} seconden nog "
                "geen werkprocessen"
            ) from None
        try:
            client.register_plugin(self.plugin)
        except TonecheckError as error:  # raised on a worker, raised again here by Dask
            raise BackendError(str(error)) from None
        except ImportError as error:
            raise BackendError(
                f"een werkproces van {self.scheduler} kan tonecheck niet laden ({error}); "
                "installeer daar 'tonecheck[dask]' in dezelfde versie"
            ) from None
        except Exception as error:
            raise BackendError(
                f"een werkproces kon tonecheck niet laden ({type(error).__name__}: {error})"
            ) from None


def _quietly(close: Callable[[], object]) -> None:
    """Close a client or cluster at the end; a failure there changes nothing done."""
    with contextlib.suppress(Exception):
        close()


def _local_cluster(workers: int) -> LocalCluster:
    """N worker processes (one thread each) under nannies that restart them, on this
    machine, without a dashboard, and quiet: what goes wrong is in the results."""
    if workers < 1:
        raise ValueError("local:N heeft minstens 1 werkproces nodig")
    with dask.config.set(WORKER_CONFIG):  # the nannies pass it on to their workers
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            # no dashboard (it needs bokeh), and its HTTP server on a free loopback port
            # rather than on 8787 of every interface, or a warning when 8787 is taken
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,  # tonecheck reports each letter that failed
        )


class _Batch:
    """One batch on a connected client: bounded submission, retries, exactly-once."""

    def __init__(self, client: Client, plugin: str, settings, timeout: float) -> None:
        self.client = client
        self.plugin = plugin
        self.settings = settings
        self.timeout = timeout
        self.in_flight: dict[Future, tuple[list[Task], int]] = {}  # chunk, times cancelled
        self.retry: deque[tuple[list[Task], int]] = deque()
        self.done: set[int] = set()
        self.finished: queue.SimpleQueue[Future] = queue.SimpleQueue()
        self._threads = (0, 0.0)  # worker threads, when last asked

    def run(self, paths: list[str], should_stop: Callable[[], bool]) -> Iterator[Record]:
        pending: deque[Task] = deque(enumerate(paths))
        try:
            while (pending or self.retry or self.in_flight) and not should_stop():
                self._submit(pending)
                try:  # a short wait, so that Ctrl-C (should_stop) is seen soon
                    future = self.finished.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    continue
                chunk, cancelled = self.in_flight.pop(future)
                yield from self._outcome(future, chunk, cancelled)
                future.release()
        finally:
            for future in self.in_flight:
                future.cancel()
            self.in_flight.clear()

    def _submit(self, pending: deque[Task]) -> None:
        """Keep a few chunks per worker thread in flight (memory stays flat for any
        number of letters). Letters being retried go first, one at a time with nothing
        else in flight: a worker that dies then was killed by that letter, not by a
        neighbour queued on the same worker."""
        if self.retry:
            if not self.in_flight:
                self._send(*self.retry.popleft())
            return
        threads = self._worker_threads()
        while pending and len(self.in_flight) < CHUNKS_PER_THREAD * threads:
            size = max(1, min(CHUNK, len(pending) // threads))
            self._send([pending.popleft() for _ in range(size)], 0)

    def _send(self, chunk: list[Task], cancelled: int) -> None:
        future = self.client.submit(
            check_chunk, self.plugin, chunk, self.settings, pure=False, key=_key(chunk)
        )
        self.in_flight[future] = (chunk, cancelled)
        future.add_done_callback(self.finished.put)

    def _worker_threads(self) -> int:
        """Worker threads in the cluster, asked again every few seconds (workers come and
        go; a cluster that lost all of them still gets work queued)."""
        threads, asked = self._threads
        if time.monotonic() - asked > 2:
            with contextlib.suppress(Exception):
                threads = sum(self.client.nthreads().values())
            self._threads = (threads, time.monotonic())
        return max(1, threads)

    def _outcome(self, future: Future, chunk: list[Task], cancelled: int) -> Iterator[Record]:
        try:
            records = future.result()
        except KilledWorker:
            if self._hung(chunk):
                reason = (
                    f"het controleren duurde bij elke poging langer dan {self.timeout:g} seconden"
                )
            else:
                reason = "het controleren liep vast: het werkproces stopte bij elke poging"
            yield from self._failed(chunk, reason)
            return
        except CancelledError:
            if self.client.status != "running":
                raise BackendError("de verbinding met de Dask-scheduler is verbroken") from None
            if cancelled + 1 >= MAX_CANCELLED:
                yield from self._failed(chunk, "het controleren werd steeds afgebroken")
            else:
                self.retry.append((chunk, cancelled + 1))
            return
        except Exception as error:  # raised by the task itself, not a lost worker
            reason = f"{type(error).__name__}: {error}"
            yield from self._failed(chunk, f"het controleren mislukte op het werkproces ({reason})")
            return
        for record in records:
            if record.index not in self.done:
                self.done.add(record.index)
                yield record
        missing = [task for task in chunk if task[0] not in self.done]
        self.retry.extend(([task], 0) for task in missing)

    def _hung(self, chunk: list[Task]) -> bool:
        """Whether the workers' watchdogs reported exactly this chunk as hanging."""
        held = [index for index, _ in chunk]
        with contextlib.suppress(Exception):
            events = self.client.get_events(HUNG_TOPIC)
            return any(list(msg.get("letters", ())) == held for _, msg in events)
        return False

    def _failed(self, chunk: list[Task], message: str) -> Iterator[Record]:
        """A chunk of several letters is retried one by one; a single letter failed."""
        if len(chunk) > 1:
            self.retry.extend(([task], 0) for task in chunk)
            return
        index, path = chunk[0]
        if index not in self.done:
            self.done.add(index)
            yield failed_record(index, path, message)


def _key(chunk: list[Task]) -> str:
    """A task name that shows which letters it holds (in Dask's dashboard and logs),
    unique per submission."""
    first, last = chunk[0][0], chunk[-1][0]
    return f"tonecheck-{first}-{last}-{os.urandom(4).hex()}"
