"""Benchmark the dask backend against the local one: throughput, per worker, memory.

Usage: python benchmarks/bench_dask.py [--letters 500] [--large 5000] [--rounds 5]

Letters are made as in bench_batch.py. Three ways of running the same batch with two
worker processes, in paired rounds (the machine's speed drifts from minute to minute):

- local: ``tonecheck check -j 2`` (the process pool);
- dask local:2: ``--backend dask --scheduler local:2`` (a LocalCluster started for the
  batch: a scheduler in the tonecheck process, two worker processes under nannies);
- dask tcp: a scheduler and two workers started once by hand, as the README says
  (``dask scheduler``, ``dask worker --nworkers 2 --nthreads 1``), then
  ``--scheduler tcp://...`` for every batch: the checker stays loaded between batches
  (it is loaded once before the rounds).

Throughput is (letters - 2) / (wall time - wall time of a 2-letter run), so start-up
(loading the model, starting a cluster) is left out and reported on its own. The ratio
dask/local is taken per round; the median is reported. Memory: the peak resident (RSS)
and proportional (PSS) size of each worker process, polled from /proc, for a batch of
--letters and one of --large letters (it should not grow with the batch), and of the
tonecheck process itself (which keeps every record for the summary, so it does grow).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import BASELINE_LETTERS, make_letters, median, watch_run

from tonecheck.batch.dask_client import RECOMMENDED_ENVIRONMENT

DASK = Path(sys.executable).parent / "dask"


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid``, whichever of its threads started it (Dask's nannies
    start workers from their event loop thread)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in kids:
            found += [child, *_descendants(child)]
    return found


def _is_worker(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in command or b"multiprocessing-fork" in command


def run_batch(folder: Path, options: list[str], workers_of: Callable[[int], list[int]]) -> dict:
    """One ``tonecheck check --format jsonl`` run: wall time, letters, peak memory of the
    worker processes (found by ``workers_of(tonecheck's pid)``) and of tonecheck."""
    command = [sys.executable, "-m", "tonecheck", "check", "--format", "jsonl", "-q",
               *options, str(folder)]  # fmt: skip
    start, ended, stamps, peak = watch_run(command, workers_of)
    return {
        "letters": len(stamps),
        "wall": ended - start,  # to the end of the process: closing a cluster counts
        "worker_rss": peak["rss"] / 1024,
        "worker_pss": peak["pss"] / 1024,
        "main_rss": peak["main_rss"] / 1024,
    }


class HandStartedCluster:
    """``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1`` on loopback, the
    workers with the recommended settings (or Dask's defaults)."""

    def __init__(self, workers: int = 2, recommended: bool = True) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.scheduler = subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **quiet,
        )
        environment = {**os.environ, **(RECOMMENDED_ENVIRONMENT if recommended else {})}
        self.workers = subprocess.Popen(
            [DASK, "worker", self.address, "--nworkers", str(workers), "--nthreads", "1",
             "--no-dashboard"], env=environment, **quiet,
        )  # fmt: skip
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)

    def worker_pids(self, _tonecheck_pid: int) -> list[int]:
        return [pid for pid in _descendants(self.workers.pid) if _is_worker(pid)]

    def close(self) -> None:
        for process in (self.workers, self.scheduler):
            process.terminate()
            process.wait(timeout=30)


def _workers_of_tonecheck(pid: int) -> list[int]:
    return [p for p in _descendants(pid) if _is_worker(p)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--dask-defaults",
        action="store_true",
        help="also run on a hand-started cluster with Dask's default worker settings",
    )
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    cluster = HandStartedCluster()
    modes = {
        "local -j 2": (["-j", "2"], _workers_of_tonecheck),
        "dask local:2": (["--backend", "dask", "--scheduler", "local:2"], _workers_of_tonecheck),
        "dask tcp (2 workers)": (["--scheduler", cluster.address], cluster.worker_pids),
    }
    defaults = HandStartedCluster(recommended=False) if args.dask_defaults else None
    if defaults:
        modes["dask tcp, Dask's defaults"] = (
            ["--scheduler", defaults.address],
            defaults.worker_pids,
        )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder, small = Path(tmp) / "letters", Path(tmp) / "small"
            folder.mkdir()
            small.mkdir()
            make_letters(folder, args.letters)
            make_letters(small, BASELINE_LETTERS)
            # a running cluster has its checker loaded: load it before the rounds
            run_batch(small, ["--scheduler", cluster.address], cluster.worker_pids)
            runs: dict[str, list[dict]] = {mode: [] for mode in modes}
            for _ in range(args.rounds):
                for mode, (options, workers_of) in modes.items():
                    run = run_batch(folder, options, workers_of)
                    assert run["letters"] == args.letters, run
                    run["startup"] = run_batch(small, options, workers_of)["wall"]
                    run["per_second"] = (run["letters"] - BASELINE_LETTERS) / (
                        run["wall"] - run["startup"]
                    )
                    runs[mode].append(run)
            local = runs["local -j 2"]
            for mode, results in runs.items():
                speed = median([r["per_second"] for r in results])
                line = (
                    f"{mode}: {speed:.1f} letters/s, {speed / 2:.1f} per worker "
                    f"(median of {len(results)} rounds of {args.letters}; start-up "
                    f"{median([r['startup'] for r in results]):.1f} s)"
                )
                if results is not local:
                    ratios = [
                        r["per_second"] / lo["per_second"]
                        for r, lo in zip(results, local, strict=True)
                    ]
                    line += (
                        f"; ratio to local {median(ratios):.2f} "
                        f"(rounds {min(ratios):.2f}-{max(ratios):.2f})"
                    )
                print(line, flush=True)
            large = Path(tmp) / "large"
            large.mkdir()
            make_letters(large, args.large)
            for mode in ("dask local:2", "dask tcp (2 workers)"):
                options, workers_of = modes[mode]
                small_run = max(runs[mode], key=lambda r: r["worker_rss"])
                big = run_batch(large, options, workers_of)
                assert big["letters"] == args.large, big
                print(
                    f"{mode} memory per worker: {args.letters} letters RSS "
                    f"{small_run['worker_rss']:.0f} MB / PSS {small_run['worker_pss']:.0f} MB; "
                    f"{args.large} letters RSS {big['worker_rss']:.0f} MB / PSS "
                    f"{big['worker_pss']:.0f} MB ({big['letters'] / big['wall']:.1f} letters/s "
                    f"whole run); tonecheck process {small_run['main_rss']:.0f} -> "
                    f"{big['main_rss']:.0f} MB",
                    flush=True,
                )
    finally:
        cluster.close()
        if defaults:
            defaults.close()


if __name__ == "__main__":
    main()
