"""Benchmark memory and time per letter, up to the size limit.

Usage: python benchmarks/bench_memory.py [--chars 190000] [--repeat 20] [--long 8]
       [--no-web | --web-only] [--one-lane]

(a) A fresh process per case: the checker loaded and warm (an ordinary letter checked),
    then one letter checked. Reported: peak RSS (ru_maxrss), its growth over the loaded
    process, CPU seconds (not wall time: the machine may be shared), and CPU per 1,000
    characters against an ordinary sample letter checked --repeat times in the same
    process (1.0: linear in length). Cases: the ordinary letter, letters of 50,000 and
    --chars characters (.txt and .docx), a line of 40,000 emoji, and the big .txt and
    the emoji parsed as one text as before the chunking (``analyse.CHUNK_CHARS``,
    ``BATCH_CHARS`` set to what they were and no limit in tokens; the emoji were one
    chunk before the chunks were also cut in space-free stretches).
(b) ``tonecheck serve`` with one worker: the worker's peak RSS while --long letters of
    --chars characters are posted at once, and the answers to ordinary letters posted
    meanwhile, one every half second. ``--one-lane`` puts every letter in one queue, as
    before long letters had a lane of their own (the ordinary letters then wait behind
    the long ones and fail with 503 after 30 s).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from letters import emoji_letter, long_letter

ROOT = Path(__file__).resolve().parent.parent
ORDINARY = ROOT / "samples" / "afwijzing-bijzondere-bijstand-kil.txt"
EMOJI = 40_000  # emoji in one line: one space-free stretch, a token each

CHILD = """
import json, resource, sys, time
from pathlib import Path
from tonecheck.nlp import analyse
from tonecheck.runtime import load_checker

letter, ordinary, repeat, one_pass = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if one_pass == "1":  # as before the chunking: a letter is one text, 60,000 chars a batch
    analyse.CHUNK_CHARS, analyse.BATCH_CHARS = 10**9, 60_000
    analyse.CHUNK_TOKENS = analyse.BATCH_TOKENS = 10**9

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

checker = load_checker(Path(ordinary).parent)[1]
chars = len(checker.read(ordinary).text)
checker.check_path(ordinary)
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = cpu()
for _ in range(repeat):
    checker.check_path(ordinary)
per_ordinary = (cpu() - start) / repeat
start = cpu()
result = checker.check_path(letter)
seconds = cpu() - start
print(json.dumps({
    "chars": len(result.letter.document.text), "findings": len(result.findings),
    "cpu": seconds, "ordinary_chars": chars, "ordinary_cpu": per_ordinary, "loaded": loaded,
    "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def write_letters(folder: Path, chars: int) -> dict[str, Path]:
    letters = {"ordinary": ORDINARY}
    for size in (50_000, chars):
        text = long_letter(size)
        letters[f"{size} txt"] = folder / f"brief-{size}.txt"
        letters[f"{size} txt"].write_text(text, encoding="utf-8")
    document = docx.Document()
    for paragraph in long_letter(chars).split("\n\n"):
        document.add_paragraph(paragraph)
    letters[f"{chars} docx"] = folder / f"brief-{chars}.docx"
    document.save(str(letters[f"{chars} docx"]))
    letters[f"{EMOJI} emoji"] = folder / f"emoji-{EMOJI}.txt"
    letters[f"{EMOJI} emoji"].write_text(emoji_letter(EMOJI), encoding="utf-8")
    return letters


def measure(letter: Path, repeat: int, one_pass: bool) -> dict:
    command = [sys.executable, "-c", CHILD, str(letter), str(ORDINARY), str(repeat)]
    run = subprocess.run([*command, "1" if one_pass else "0"], capture_output=True, text=True)
    if run.returncode:
        sys.exit(run.stderr)
    return json.loads(run.stdout)


def report(name: str, m: dict) -> None:
    ratio = (m["cpu"] / m["chars"]) / (m["ordinary_cpu"] / m["ordinary_chars"])
    print(
        f"{name:26s} {m['chars']:7d} chars: peak RSS {m['peak']:4.0f} MB "
        f"(+{m['peak'] - m['loaded']:3.0f} over {m['loaded']:.0f} MB loaded), "
        f"CPU {m['cpu']:5.2f} s, per 1,000 chars {ratio:4.2f} x the ordinary letter's "
        f"({1000 * m['ordinary_cpu'] / m['ordinary_chars'] * 1000:.0f} ms), "
        f"{m['findings']} findings"
    )


# -- (b) the web service


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(port: int, text: str) -> tuple[int, float]:
    started = time.perf_counter()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/check",
        json.dumps({"text": text}).encode(),
        {"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def web(chars: int, count: int, one_lane: bool) -> None:
    port = free_port()
    environ = dict(os.environ, TONECHECK_LARGE_LETTER_CHARS=str(10**9)) if one_lane else None
    server = subprocess.Popen(
        [sys.executable, "-m", "tonecheck", "serve", "--port", str(port), "--workers", "1",
         "--no-access-log"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environ,
    )  # fmt: skip
    peak, done = [0.0], threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss(server.pid))
            time.sleep(0.05)

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("the server did not start")
                time.sleep(0.2)
        ordinary = ORDINARY.read_text(encoding="utf-8")
        for _ in range(5):
            post(port, ordinary)
        idle = rss(server.pid)
        threading.Thread(target=watch, daemon=True).start()
        big = long_letter(chars)
        with ThreadPoolExecutor(count) as pool:
            long_ones = [pool.submit(post, port, big) for _ in range(count)]
            time.sleep(1)
            answers = []
            while not all(job.done() for job in long_ones):
                answers.append(post(port, ordinary))
                time.sleep(0.5)
            statuses = [job.result() for job in long_ones]
        done.set()
    finally:
        server.terminate()
        server.wait(30)
    latencies = sorted(seconds for _, seconds in answers)
    print(
        f"(b) 1 worker{', one lane' if one_lane else ''}: {idle:.0f} MB RSS after ordinary "
        f"letters, peak {peak[0]:.0f} MB with {count} letters of {len(big)} characters posted "
        f"at once (answers "
        f"{[status for status, _ in statuses]} after "
        f"{', '.join(f'{s:.1f}' for _, s in statuses)} s); meanwhile {len(answers)} ordinary "
        f"letters, {sum(status != 200 for status, _ in answers)} errors, latency median "
        f"{latencies[len(latencies) // 2]:.2f} s, max {latencies[-1]:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=190_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--long", type=int, default=8, help="long letters posted at once")
    parser.add_argument("--no-web", action="store_true")
    parser.add_argument("--web-only", action="store_true")
    parser.add_argument("--one-lane", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.web_only:
            return web(args.chars, args.long, args.one_lane)
        letters = write_letters(Path(tmp), args.chars)
        print("(a) one letter in a fresh process")
        for name, path in letters.items():
            report(name, measure(path, args.repeat, one_pass=False))
        for name in (f"{args.chars} txt", f"{EMOJI} emoji"):
            before = measure(letters[name], args.repeat, one_pass=True)
            report(f"{name}, one pass (before)", before)
    if not args.no_web:
        web(args.chars, args.long, args.one_lane)


if __name__ == "__main__":
    main()
