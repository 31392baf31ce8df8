"""Benchmark the web service: latency of a 2-page letter, concurrent uploads, memory.

Usage: python benchmarks/bench_web.py [--requests 60] [--rounds 5]

Starts ``tonecheck serve`` as an operator would and talks to it over HTTP:

(a) one worker: the time to answer ``POST /api/v1/check`` with a 2-page .docx (about
    900 words, built from the sample letters), warm (after five requests), over
    --requests sequential requests: median, 95th percentile (target < 1.5 s), maximum;
(b) two workers: 8 uploads at once, --rounds times: errors (target 0) and latencies;
(c) peak memory per worker process (RSS, and PSS which shares copy-on-write pages
    fairly), polled from /proc while (a) and (b) run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
WORDS = 900
BOUNDARY = "tonecheckbench"


def two_page_letter(path: Path) -> int:
    """A letter of about two pages from the samples' paragraphs; returns its words."""
    document = docx.Document()
    words = 0
    sources = sorted((ROOT / "samples" / "src").glob("*.md"))
    paragraphs = [p for s in sources for p in s.read_text(encoding="utf-8").split("\n\n")]
    for paragraph in paragraphs:
        text = paragraph.strip().lstrip("#").strip()
        if text:
            document.add_paragraph(text)
            words += len(text.split())
        if words >= WORDS:
            break
    document.save(str(path))
    return words


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tonecheck", "serve", "--port", str(port),
         "--workers", str(workers), "--no-access-log"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    time.sleep(1 if workers > 1 else 0)  # let every worker finish loading
    return process, port


def upload(port: int, body: bytes) -> tuple[int, float]:
    start_time = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(
        "POST", "/api/v1/check", body,
        {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )  # fmt: skip
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.perf_counter() - start_time


def multipart(path: Path) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    return head + path.read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode()


class MemoryWatch:
    """Peak RSS and PSS of the server's worker processes, polled every 50 ms."""

    def __init__(self, pid: int, workers: int) -> None:
        self.pid, self.workers = pid, workers
        self.peak: dict[int, tuple[int, int]] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._done.is_set():
            for pid in self._processes():
                rss, pss = _memory(pid)
                old = self.peak.get(pid, (0, 0))
                self.peak[pid] = (max(old[0], rss), max(old[1], pss))
            time.sleep(0.05)

    def _processes(self) -> list[int]:
        if self.workers == 1:
            return [self.pid]
        try:  # uvicorn's supervisor starts the workers as its children
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(c) for c in children]

    def stop(self) -> list[tuple[float, float]]:
        self._done.set()
        self._thread.join()
        busy = sorted(self.peak.values(), reverse=True)[: self.workers]
        return [(rss / 1024, pss / 1024) for rss, pss in busy]


def _memory(pid: int) -> tuple[int, int]:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    rss = next(
        (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
    )
    pss = next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return rss, pss


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        letter = Path(tmp) / "twee-paginas.docx"
        words = two_page_letter(letter)
        body = multipart(letter)

        process, port = start(workers=1)
        watch = MemoryWatch(process.pid, 1)
        try:
            for _ in range(5):
                upload(port, body)
            results = [upload(port, body) for _ in range(args.requests)]
        finally:
            memory = watch.stop()
            process.terminate()
            process.wait(30)
        times = [t for _, t in results]
        errors = sum(status != 200 for status, _ in results)
        print(f"(a) 1 worker, {words}-word .docx, {len(times)} warm requests: median "
              f"{statistics.median(times):.2f} s, p95 {percentile(times, 0.95):.2f} s "
              f"(target < 1.5 s), max {max(times):.2f} s, errors {errors}")  # fmt: skip
        print(f"(c) 1 worker: peak RSS {memory[0][0]:.0f} MB, PSS {memory[0][1]:.0f} MB")

        process, port = start(workers=2)
        watch = MemoryWatch(process.pid, 2)
        statuses, times = [], []
        try:
            with ThreadPoolExecutor(8) as pool:
                for _ in range(args.rounds):
                    for status, seconds in pool.map(lambda _: upload(port, body), range(8)):
                        statuses.append(status)
                        times.append(seconds)
        finally:
            memory = watch.stop()
            process.terminate()
            process.wait(30)
        errors = sum(status != 200 for status in statuses)
        print(f"(b) 2 workers, 8 uploads at once x {args.rounds}: {len(statuses)} answered, "
              f"{errors} errors (target 0); latency median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s")  # fmt: skip
        shown = ", ".join(f"RSS {rss:.0f} MB / PSS {pss:.0f} MB" for rss, pss in memory)
        print(f"(c) 2 workers, peak per worker: {shown}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
