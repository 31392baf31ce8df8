"""Benchmark batch checking: throughput, overhead over bare spaCy, memory, scaling.

Usage: python benchmarks/bench_batch.py [--letters 500] [--scaling 100,500,2000] [--config TOML]

Letters are assembled from the samples and the evaluation letters: each generated letter
takes one of them and repeats or drops some of its paragraphs (seeded), so lengths and
wording vary; every tenth is a .docx sample. Measured:

(a) letters/second of ``tonecheck check --format jsonl`` with --jobs 1 and --jobs 2:
    (letters - 2) / (wall time - wall time of a 2-letter run), so only the one-off
    start-up is left out (reported on its own);
(b) the same texts through bare ``nlp.pipe`` of the bundled pipeline (no reading, no
    rules), in one process and with ``n_process=2``, each run in a fresh process as
    tonecheck's runs are: the ratio tonecheck/bare;
(c) peak memory per worker process: resident (RSS) and proportional (PSS, which shares
    the copy-on-write pages of the forked workers fairly), polled from /proc;
(d) time per letter at different batch sizes (should stay within 10%), from whole
    wall times minus that of a 2-letter run, beside bare spaCy's at the same sizes
    (whose first letters are slower too, while its caches fill).

The machine's speed drifts by 10-20% from minute to minute: (a) and (b) run back to back
in each of five rounds (--rounds) and the ratio is the median of the rounds' ratios; the
scaling runs are interleaved over as many rounds and use each size's median wall time.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_LETTERS = 2  # the scaling runs subtract the wall time of a run this small


def make_letters(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` letters from the samples and eval letters, varied by paragraph."""
    sources = sorted((ROOT / "eval" / "corpus").iterdir()) + sorted(
        (ROOT / "samples").glob("*.txt")
    )
    docx_samples = sorted((ROOT / "samples").glob("*.docx"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        if i % 10 == 9:
            target = folder / f"brief-{i:05}.docx"
            shutil.copy(docx_samples[(i // 10) % len(docx_samples)], target)
        else:
            paragraphs = texts[i % len(texts)].split("\n\n")
            body = [p for p in paragraphs if rng.random() > 0.1]
            body += rng.sample(paragraphs, k=min(2, len(paragraphs)))  # repeat a few
            target = folder / f"brief-{i:05}.txt"
            target.write_text("\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(target)
    return paths


def memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB of one process, 0 when it is gone."""
    try:
        rss = next(
            int(line.split()[1])
            for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            if line.startswith("VmRSS:")
        )
        pss = next(
            int(line.split()[1])
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            if line.startswith("Pss:")
        )
        return rss, pss
    except (OSError, StopIteration):
        return 0, 0


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def watch_run(command: list[str], workers_of=children) -> tuple[float, float, list[float], dict]:
    """Run ``command`` to its end: when it started and ended, when each line of its output
    came, the peak memory (kB) of its workers (``workers_of(its pid)``: rss, pss) and of
    itself (main_rss)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = {"rss": 0, "pss": 0, "main_rss": 0}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peak["main_rss"] = max(peak["main_rss"], memory(process.pid)[0])
            for child in workers_of(process.pid):
                rss, pss = memory(child)
                peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)
            time.sleep(0.1)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    stamps = [time.perf_counter() for _ in iter(process.stdout.readline, b"")]
    process.wait()
    ended = time.perf_counter()
    done.set()
    watcher.join()
    return start, ended, stamps, peak


def run_tonecheck(folder: Path, jobs: int, config: Path | None = None) -> dict:
    """One batch run (with ``config`` as tonecheck.toml when given); timings from the
    output stream and memory from /proc."""
    configured = ["--config", str(config)] if config is not None else []
    command = [sys.executable, "-m", "tonecheck", "check", *configured, "--format", "jsonl",
               "-q", "-j", str(jobs), str(folder)]  # fmt: skip
    start, _, stamps, peak = watch_run(command)
    n = len(stamps)
    streaming = stamps[-1] - stamps[0]
    return {
        "letters": n,
        "startup": stamps[0] - start,
        "wall": stamps[-1] - start,
        "per_second": (n - 1) / streaming if streaming else float("nan"),
        "per_letter_ms": streaming / (n - 1) * 1000 if n > 1 else float("nan"),
        "worker_rss_mb": peak["rss"] / 1024,
        "worker_pss_mb": peak["pss"] / 1024,
        "main_rss_mb": peak["main_rss"] / 1024,
    }


BARE = """
import sys, time
from pathlib import Path
from tonecheck.documents import read_document
from tonecheck.nlp.pipeline import load_pipeline
paths, n_process = sys.argv[2:], int(sys.argv[1])
texts = [read_document(p).text for p in paths]
nlp = load_pipeline()
start = time.perf_counter()
for _ in nlp.pipe(texts, n_process=n_process, batch_size=16):
    pass
print(len(texts) / (time.perf_counter() - start))
"""


def run_bare(paths: list[Path], n_process: int) -> float:
    """Letters per second of the same texts through bare nlp.pipe, timed after the model
    is loaded, in a fresh process like every tonecheck run (spaCy's vocabulary and
    tokenizer caches make a second pass over the same texts in one process faster)."""
    command = [sys.executable, "-c", BARE, str(n_process), *map(str, paths)]
    return float(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scaling", default="100,500,2000", help='letter counts; "" skips (d)')
    parser.add_argument(
        "--config", type=Path, default=None, help='tonecheck.toml to check with (rewrites = "off")'
    )
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryDirectory() as tmp:
        folder, small = Path(tmp) / "letters", Path(tmp) / "small"
        folder.mkdir()
        small.mkdir()
        paths = make_letters(folder, args.letters)
        make_letters(small, BASELINE_LETTERS)
        # the machine's speed drifts by 10-20% from minute to minute: each round runs
        # both sides back to back, and the ratio is taken per round
        rounds: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(args.rounds):
            for jobs in (1, 2):
                run = run_tonecheck(folder, jobs, args.config)
                startup = run_tonecheck(small, jobs, args.config)["wall"]
                # every letter's cost counts, the first hand-out and the last wait too;
                # only the start-up (the wall time of a 2-letter run) is left out
                run["per_second"] = (run["letters"] - BASELINE_LETTERS) / (run["wall"] - startup)
                run["startup"] = startup
                run["bare"] = run_bare(paths, jobs)
                run["ratio"] = run["per_second"] / run["bare"]
                rounds[jobs].append(run)
        for jobs, runs in rounds.items():
            ratios = [r["ratio"] for r in runs]
            print(
                f"(a) tonecheck --jobs {jobs}: {median([r['per_second'] for r in runs]):.1f} "
                f"letters/s (median of {len(runs)} rounds of {runs[0]['letters']} letters; "
                f"start-up {median([r['startup'] for r in runs]):.1f} s)"
            )
            print(
                f"(b) bare nlp.pipe{' n_process=2' if jobs == 2 else ''}: "
                f"{median([r['bare'] for r in runs]):.1f} letters/s; ratio tonecheck/bare "
                f"{median(ratios):.2f} (median; rounds {min(ratios):.2f}-{max(ratios):.2f})"
            )
        rss = max(r["worker_rss_mb"] for r in rounds[2])
        pss = max(r["worker_pss_mb"] for r in rounds[2])
        main_rss = max(r["main_rss_mb"] for r in rounds[2])
        print(
            f"(c) peak per worker: RSS {rss:.0f} MB, PSS {pss:.0f} MB; main RSS {main_rss:.0f} MB"
        )
    sizes = [int(s) for s in args.scaling.split(",") if s.strip()]
    if not sizes:  # --scaling "": parts (a)-(c) only
        return
    with tempfile.TemporaryDirectory() as tmp:
        folders, letters = {}, {}
        for size in [BASELINE_LETTERS, *sizes]:
            folders[size] = Path(tmp) / str(size)
            folders[size].mkdir()
            letters[size] = make_letters(folders[size], size)
        runs: dict[int, list[float]] = {size: [] for size in folders}
        bare_runs: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(args.rounds):  # interleaved rounds, the median wall per size
            for size in folders:
                runs[size].append(run_tonecheck(folders[size], 2, args.config)["wall"])
                if size in bare_runs:
                    bare_runs[size].append(1000 / run_bare(letters[size], 2))
        walls = {size: median(values) for size, values in runs.items()}
        bare_ms = {size: median(values) for size, values in bare_runs.items()}
        # time per letter = (wall - wall of a 2-letter run) / (letters - 2): start-up, the
        # first hand-out and the last letters' wait are all counted, for every size
        per_letter = {
            size: (walls[size] - walls[BASELINE_LETTERS]) / (size - BASELINE_LETTERS) * 1000
            for size in sizes
        }
        # bare spaCy's first letters are slower too (its vocabulary and caches fill up):
        # the time per letter relative to bare spaCy's at the same size shows what
        # tonecheck itself adds as batches grow
        relative = {size: per_letter[size] / bare_ms[size] for size in sizes}
        for size in sizes:
            print(f"(d) {size} letters, --jobs 2: {per_letter[size]:.1f} ms per letter "
                  f"(wall {walls[size]:.1f} s); bare spaCy n_process=2 {bare_ms[size]:.1f} ms; "
                  f"tonecheck/bare {relative[size]:.2f}")  # fmt: skip
        spread = max(per_letter.values()) / min(per_letter.values())
        relative_spread = max(relative.values()) / min(relative.values())
        print(f"(d) time per letter: largest/smallest = {spread:.2f}; relative to bare spaCy "
              f"{relative_spread:.2f} (target <= 1.10); start-up (2-letter run) "
              f"{walls[BASELINE_LETTERS]:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
