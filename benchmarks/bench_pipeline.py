"""Benchmark the bundled pipeline: cold load time, throughput, memory, end-to-end check.

Usage: python benchmarks/bench_pipeline.py [--repeat 5]

Measures, each in fresh processes so caches do not flatter the numbers:
  * ``spacy.load`` of the bundled model, the way tonecheck loads it (median of N runs),
    and the same load with the tokenizer deserialised from disk (the spaCy default);
  * words per second of ``nlp.pipe`` (one process, batch_size 32) on the sample letters
    repeated to about 20,000 words;
  * wall time and peak RSS of ``tonecheck check`` on one sample letter.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "afwijzing-bijzondere-bijstand-goed.docx"

LOAD = """
import time, json
t0 = time.perf_counter()
import spacy
from tonecheck.nlp import tokenizer  # registers the tokenizer factory
from tonecheck.nlp.pipeline import BUNDLED_PATH
t1 = time.perf_counter()
nlp = spacy.load(BUNDLED_PATH, exclude=EXCLUDE)
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1}))
"""

THROUGHPUT = """
import json, time
from pathlib import Path
from tonecheck.documents import read_document
from tonecheck.nlp.pipeline import load_pipeline
nlp = load_pipeline()
texts = []
for path in sorted(Path(ROOT, "samples").glob("*.docx")):
    texts += [b.text for b in read_document(path).blocks]
words = sum(len(t.split()) for t in texts)
reps = max(1, 20000 // words)
texts = texts * reps
list(nlp.pipe(texts[:200], batch_size=32))  # warm up
t = time.perf_counter()
n = sum(len(d) for d in nlp.pipe(texts, batch_size=32))
dt = time.perf_counter() - t
print(json.dumps({"tokens": n, "words": words * reps, "seconds": dt}))
"""


def run_python(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_check(repeat: int) -> tuple[float, float]:
    """Median wall time (s) and max peak RSS (MB) of `tonecheck check SAMPLE`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tonecheck", "check", str(SAMPLE)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
    # the largest resident set of any child so far: the check runs are the largest children
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for label, exclude in (("tonecheck load", '["tokenizer"]'), ("spaCy default load", "[]")):
        runs = [run_python(LOAD.replace("EXCLUDE", exclude)) for _ in range(args.repeat)]
        load = statistics.median(r["load"] for r in runs)
        imp = statistics.median(r["import"] for r in runs)
        print(f"{label:20s}: spacy.load {load:.2f} s (import spacy+tonecheck {imp:.2f} s)")
    result = run_python(THROUGHPUT.replace("ROOT", repr(str(ROOT))))
    print(
        f"nlp.pipe throughput : {result['words'] / result['seconds']:,.0f} words/s "
        f"({result['tokens'] / result['seconds']:,.0f} tokens/s, batch 32, one process)"
    )
    wall, peak = time_check(args.repeat)
    print(f"tonecheck check     : {wall:.2f} s wall (median), peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
