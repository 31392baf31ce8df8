"""Benchmark batch checking: throughput, overhead over bare spaCy, memory, scaling.

Usage: python benchmarks/bench_batch.py [--letters 500] [--scaling 100,500,2000]

Letters are assembled from the samples and the evaluation letters: each generated letter
takes one of them and repeats or drops some of its paragraphs (seeded), so lengths and
wording vary; every tenth is a .docx sample. Measured:

(a) letters/second of ``tonecheck check --format jsonl`` with --jobs 1 and --jobs 2
    (wall time from the first result to the last, so the one-off start-up is left out;
    the start-up is reported on its own);
(b) the same texts through bare ``nlp.pipe`` of the bundled pipeline (no reading, no
    rules), in one process and with ``n_process=2``: the ratio tonecheck/bare;
(c) peak memory per worker process: resident (RSS) and proportional (PSS, which shares
    the copy-on-write pages of the forked workers fairly), polled from /proc;
(d) time per letter at different batch sizes (should stay within 10%).

(a) and (b) take the best of three runs on each side (the machine's noise is about 10%).
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


def _memory(pid: int) -> tuple[int, int]:
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


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def run_tonecheck(folder: Path, jobs: int) -> dict:
    """One batch run; timings from the output stream and memory from /proc."""
    command = [sys.executable, "-m", "tonecheck", "check", "--format", "jsonl", "-q",
               "-j", str(jobs), str(folder)]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = {"rss": 0, "pss": 0, "main_rss": 0}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peak["main_rss"] = max(peak["main_rss"], _memory(process.pid)[0])
            for child in _children(process.pid):
                rss, pss = _memory(child)
                peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)
            time.sleep(0.1)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    stamps = [time.perf_counter() for _ in iter(process.stdout.readline, b"")]
    process.wait()
    done.set()
    watcher.join()
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


def run_bare(paths: list[Path], n_process: int) -> float:
    """Letters per second of the same texts through bare nlp.pipe (model loaded first)."""
    from tonecheck.documents import read_document
    from tonecheck.nlp.pipeline import load_pipeline

    texts = [read_document(p).text for p in paths]
    nlp = load_pipeline()
    if n_process > 1:  # warm the pool the same way tonecheck's start-up is left out
        list(nlp.pipe(texts[:4], n_process=n_process, batch_size=1))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=16):
        pass
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--scaling", default="100,500,2000")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "letters"
        folder.mkdir()
        paths = make_letters(folder, args.letters)
        # best of three runs on each side: the machine's noise is about 10%
        results = {
            jobs: max(
                (run_tonecheck(folder, jobs) for _ in range(3)), key=lambda r: r["per_second"]
            )
            for jobs in (1, 2)
        }
        for jobs, r in results.items():
            print(
                f"(a) tonecheck --jobs {jobs}: {r['per_second']:.1f} letters/s "
                f"({r['letters']} letters, start-up {r['startup']:.1f} s, "
                f"wall {r['wall']:.1f} s)"
            )
        bare1 = max(run_bare(paths, 1) for _ in range(3))
        bare2 = max(run_bare(paths, 2) for _ in range(3))
        print(f"(b) bare nlp.pipe: {bare1:.1f} letters/s in one process, {bare2:.1f} with "
              f"n_process=2; ratio tonecheck/bare: {results[1]['per_second'] / bare1:.2f} "
              f"(1 process), {results[2]['per_second'] / bare2:.2f} (2 processes)")  # fmt: skip
        r = results[2]
        rss, pss, main = r["worker_rss_mb"], r["worker_pss_mb"], r["main_rss_mb"]
        print(f"(c) peak per worker: RSS {rss:.0f} MB, PSS {pss:.0f} MB; main RSS {main:.0f} MB")
    for size in (int(s) for s in args.scaling.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_letters(folder, size)
            r = run_tonecheck(folder, 2)
            print(f"(d) {size} letters, --jobs 2: {r['per_letter_ms']:.1f} ms per letter, "
                  f"{r['per_second']:.1f} letters/s")  # fmt: skip


if __name__ == "__main__":
    main()
