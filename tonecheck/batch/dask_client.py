"""The dask backend, on the side that starts the batch: connect to a scheduler (or start a
cluster on this machine), attach the checker to every worker, hand out chunks of letters
a few at a time, and give back each letter's record exactly once.

Fault tolerance, in layers:

- a worker that dies (crash, out of memory) loses its chunk; the scheduler hands it to
  another worker by itself, and the reports its first attempt wrote are written again
  (this run's own: :func:`tonecheck.report.output_files.write_atomically`);
- a worker whose watchdog finds a chunk past its allowance says so before it ends
  itself: the chunk is withdrawn, the letter it hung on (when known) reported as failed
  and the others handed out again (one by one when the letter is not known);
- a chunk that keeps killing workers (the scheduler's ``allowed-failures``, default 3)
  comes back as ``KilledWorker``: its letters are handed out again one by one, each
  alone on the cluster, so only the letter at fault is reported as failed;
- results are kept by input position, so a record that arrives twice is written once;
- a stopped batch (Ctrl-C) sends no more chunks and tells the workers to end theirs after
  the letter at hand; what they return is still given back. An aborted one (a second
  Ctrl-C) waits no longer: the chunks in flight are cancelled, and the reports their
  letters already have are listed from the marks this run left beside them
  (:func:`tonecheck.batch.process.recovered_records`).
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

from tonecheck.batch.chunks import take_chunk
from tonecheck.batch.dask_worker import (
    HUNG_TOPIC,
    START_TOPIC,
    CheckerPlugin,
    check_chunk,
    stop_batch,
)
from tonecheck.batch.plan import BackendError, BatchPlan
from tonecheck.batch.process import OutputSettings, Record, failed_record
from tonecheck.errors import TonecheckError

Task = tuple[int, str]
LOCAL = re.compile(r"local:(\d+)")
WORKERS_SECONDS = 120  # how long to wait for the first worker to join the scheduler
POLL_SECONDS = 0.2
CHUNKS_PER_THREAD = 2  # in flight per worker thread: one running, one waiting
MAX_CANCELLED = 3  # a chunk cancelled this often (scheduler trouble) is given up
STOP_SECONDS = 10  # after a stop, how long (besides the timeout) to wait for chunks at hand
DYING_SECONDS = 10  # how long to wait for a worker that reported a hang to leave
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
        self.plugin = CheckerPlugin(
            plan.source.resolved(base),
            plan.timeout,
            ignore_interrupts=LOCAL.fullmatch(scheduler) is not None,  # our own workers
        )
        self.timeout = plan.timeout

    def run(
        self,
        paths: list[str],
        should_stop: Callable[[], bool],
        should_abort: Callable[[], bool] = lambda: False,
    ) -> Iterator[Record]:
        with self._client() as client:
            self._attach(client)
            yield from _Batch(client, self.plugin.name, self.settings, self.timeout).run(
                paths, should_stop, should_abort
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

    def __init__(
        self, client: Client, plugin: str, settings: OutputSettings, timeout: float
    ) -> None:
        self.client = client
        self.plugin = plugin
        self.settings = settings
        self.run_id = settings.run or os.urandom(8).hex()
        if settings.run is None:
            self.settings = replace(settings, run=self.run_id)
        self.timeout = timeout
        self.in_flight: dict[Future, tuple[list[Task], int]] = {}  # chunk, times cancelled
        self.pending: deque[Task] = deque()
        self.retry: deque[tuple[list[Task], int]] = deque()
        self.alone: set[Future] = set()  # retried letters, each alone on the cluster
        self.done: set[int] = set()
        self.finished: queue.SimpleQueue[Future] = queue.SimpleQueue()
        self.hangs: queue.SimpleQueue[dict] = queue.SimpleQueue()  # from the watchdogs
        self.started: dict[int, float] = {}  # letters alone in a chunk: when they started
        self.dying: dict[str, float] = {}  # workers ending themselves: until when to wait
        self.stop_by: float | None = None  # stopped: when to give up waiting
        self._threads = (0, 0.0)  # worker threads, when last asked

    def run(
        self,
        paths: list[str],
        should_stop: Callable[[], bool],
        should_abort: Callable[[], bool] = lambda: False,
    ) -> Iterator[Record]:
        self.pending = deque(enumerate(paths))
        with contextlib.suppress(Exception):
            self.client.subscribe_topic(HUNG_TOPIC, self._on_hang)
            self.client.subscribe_topic(START_TOPIC, self._on_start)
        try:
            while self.in_flight or ((self.pending or self.retry) and self.stop_by is None):
                if should_abort():
                    break
                if self.stop_by is None and should_stop():
                    self._stop()
                if self.stop_by is not None and time.monotonic() > self.stop_by:
                    break
                yield from self._withdraw_hung()
                if self.stop_by is None:
                    self._submit(self.pending)
                try:  # a short wait, so that Ctrl-C (should_stop) is seen soon
                    future = self.finished.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    continue
                if future not in self.in_flight:  # withdrawn after a hang
                    continue
                chunk, cancelled = self.in_flight.pop(future)
                yield from self._outcome(future, chunk, cancelled)
                self.alone.discard(future)
                future.release()
        finally:
            for future in self.in_flight:
                future.cancel()
            self.in_flight.clear()
            with contextlib.suppress(Exception):
                self.client.unsubscribe_topic(HUNG_TOPIC)
                self.client.unsubscribe_topic(START_TOPIC)

    def _stop(self) -> None:
        """No more chunks go out; the workers end theirs after the letter at hand."""
        self.stop_by = time.monotonic() + self.timeout + STOP_SECONDS
        with contextlib.suppress(Exception):
            self.client.run(stop_batch, self.plugin, self.run_id, wait=False)

    def _on_hang(self, event: tuple[float, dict]) -> None:
        """Called on the client's event loop for each watchdog event of the cluster."""
        message = event[1]
        if isinstance(message, dict) and message.get("run") == self.run_id:
            self.hangs.put(message)

    def _on_start(self, event: tuple[float, dict]) -> None:
        message = event[1]
        if isinstance(message, dict) and message.get("run") == self.run_id:
            self.started[message.get("letter", -1)] = time.monotonic()

    def _withdraw_hung(self) -> Iterator[Record]:
        """Withdraw each chunk a watchdog reported: the letter it hung on failed, the
        others go out again (one by one, when that letter is not known)."""
        while not self.hangs.empty():
            message = self.hangs.get()
            held = list(message.get("letters", ()))
            future = next(
                (f for f, (chunk, _) in self.in_flight.items() if [i for i, _ in chunk] == held),
                None,
            )
            if future is None:
                continue
            chunk, _ = self.in_flight.pop(future)
            self.alone.discard(future)
            future.cancel()
            if message.get("worker"):  # a letter retried alone must not land there
                self.dying[message["worker"]] = time.monotonic() + DYING_SECONDS
            hung = message.get("hung")
            if hung is None:  # still in the pipeline: alone, it is the one
                yield from self._failed(chunk, self._too_long(), alone=True)
                continue
            for index, path in chunk:
                if index == hung and index not in self.done:
                    self.done.add(index)
                    yield failed_record(index, path, self._too_long())
            self.pending.extendleft(reversed([t for t in chunk if t[0] != hung]))

    def _too_long(self) -> str:
        return f"het controleren duurde langer dan {self.timeout:g} seconden"

    def _submit(self, pending: deque[Task]) -> None:
        """Keep a few chunks per worker thread in flight (memory stays flat for any
        number of letters). Letters being retried go first, one at a time with nothing
        else in flight: a worker that dies then was killed by that letter, not by a
        neighbour queued on the same worker."""
        if self.retry:
            if not self.in_flight and not self._worker_dying():
                self.alone.add(self._send(*self.retry.popleft()))
            return
        threads = self._worker_threads()
        while pending and len(self.in_flight) < CHUNKS_PER_THREAD * threads:
            self._send(take_chunk(pending, threads, self.settings.base), 0)

    def _send(self, chunk: list[Task], cancelled: int) -> Future:
        future = self.client.submit(
            check_chunk, self.plugin, chunk, self.settings, pure=False, key=_key(chunk)
        )
        self.in_flight[future] = (chunk, cancelled)
        future.add_done_callback(self.finished.put)
        return future

    def _worker_dying(self) -> bool:
        """Whether a worker that reported a hang is still in the cluster (it ends itself
        a moment later, and would take a letter handed to it along)."""
        now = time.monotonic()
        self.dying = {address: until for address, until in self.dying.items() if until > now}
        if self.dying:
            with contextlib.suppress(Exception):
                present = self.client.nthreads()
                self.dying = {a: u for a, u in self.dying.items() if a in present}
        return bool(self.dying)

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
            if self._hung(chunk) or self._ran_too_long(chunk):
                reason = (
                    f"het controleren duurde bij elke poging langer dan {self.timeout:g} seconden"
                )
            else:
                reason = "het controleren liep vast: het werkproces stopte bij elke poging"
            # a letter that was not alone on the cluster may have died with a neighbour
            yield from self._failed(chunk, reason, alone=future in self.alone)
            return
        except CancelledError:
            if self.client.status != "running":
                raise BackendError("de verbinding met de Dask-scheduler is verbroken") from None
            if cancelled + 1 >= MAX_CANCELLED:
                yield from self._failed(chunk, "het controleren werd steeds afgebroken", True)
            else:
                self.retry.append((chunk, cancelled + 1))
            return
        except Exception as error:  # raised by the task itself, not a lost worker
            reason = f"{type(error).__name__}: {error}"
            message = f"het controleren mislukte op het werkproces ({reason})"
            yield from self._failed(chunk, message, alone=True)
            return
        for record in records:
            if record.index not in self.done:
                self.done.add(record.index)
                yield record
        if self.stop_by is None:  # when stopped, letters left out were not checked
            missing = [task for task in chunk if task[0] not in self.done]
            self.retry.extend(([task], 0) for task in missing)

    def _ran_too_long(self, chunk: list[Task]) -> bool:
        """Whether a letter alone in its chunk ended its worker only after its timeout:
        it held the interpreter, so its watchdog could not say so (faulthandler ended
        the process)."""
        started = self.started.get(chunk[0][0]) if len(chunk) == 1 else None
        return started is not None and time.monotonic() - started >= self.timeout

    def _hung(self, chunk: list[Task]) -> bool:
        """Whether the workers' watchdogs reported exactly this chunk as hanging."""
        held = [index for index, _ in chunk]
        with contextlib.suppress(Exception):
            events = self.client.get_events(HUNG_TOPIC)
            return any(
                msg.get("run") == self.run_id and list(msg.get("letters", ())) == held
                for _, msg in events
            )
        return False

    def _failed(self, chunk: list[Task], message: str, alone: bool) -> Iterator[Record]:
        """A chunk of several letters, or one that was not alone on the cluster, is
        retried one letter at a time, each alone; a letter that was alone failed."""
        if len(chunk) > 1 or not alone:
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
