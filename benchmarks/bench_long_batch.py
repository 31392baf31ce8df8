"""Benchmark memory over a long batch: does a worker grow with the letters it reads?

Usage: python benchmarks/bench_long_batch.py [--letters 3000] [--every 500] [--no-zone]

Every letter of a real batch brings words no letter before it had: names, addresses,
reference numbers, e-mail addresses. spaCy keeps every new word in its vocabulary, and
so would tonecheck's own memories of words, unless they are bounded. This checks
``--letters`` letters (the samples and evaluation letters, each with a new name,
reference, address and e-mail address put in) in one process, 16 at a time through
:func:`tonecheck.batch.process.process_letters` as a batch worker does, and reports
every ``--every`` letters: the resident memory (after ``gc.collect`` and glibc's
``malloc_trim``, so freed memory is not counted), the strings in the vocabularies of
the pipeline, the role model and the letter-type model, and the time.

``--no-zone`` checks without spaCy's memory zones (``Checker.memory_zone``), as before
they were used. tonecheck's own memories of words (spellings, gates, syllables) are
bounded either way: each is emptied when it passes 50,000 words, which a batch of these
letters (about 7 new words each) reaches after some 7,000 letters.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHUNK = 16  # letters per hand-out, as tonecheck.batch.chunks.CHUNK


def write_letters(folder: Path, count: int, seed: int = 5) -> list[str]:
    """``count`` letters from the samples and eval letters, each with new words."""
    sources = sorted((ROOT / "eval" / "corpus").iterdir()) + sorted(
        (ROOT / "samples").glob("*.txt")
    )
    texts = [p.read_text(encoding="utf-8") for p in sources]
    rng = random.Random(seed)

    def word(syllables: int) -> str:
        return "".join(
            rng.choice("bdfghklmnprstvwz") + rng.choice("aeiou") for _ in range(syllables)
        )

    paths = []
    for i in range(count):
        head = (
            f"Kenmerk: {word(2).upper()}-{rng.randint(10**6, 10**7)}\n"
            f"Mevrouw {word(2).capitalize()} {word(3).capitalize()}\n"
            f"{word(3).capitalize()}straat {rng.randint(1, 300)}\n\n"
        )
        tail = f"\n\nVragen? Mail {word(3)}@{word(2)}.nl.\n"
        path = folder / f"brief-{i:05}.txt"
        path.write_text(head + texts[i % len(texts)] + tail, encoding="utf-8")
        paths.append(str(path))
    return paths


def resident_mb() -> float:
    """This process's resident memory after returning freed memory to the system."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if "VmRSS" in line) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=3000)
    parser.add_argument("--every", type=int, default=500)
    parser.add_argument("--no-zone", action="store_true", help="without spaCy's memory zones")
    args = parser.parse_args()

    from tonecheck.batch.process import OutputSettings, process_letters
    from tonecheck.runtime import load_checker

    with tempfile.TemporaryDirectory() as folder:
        paths = write_letters(Path(folder), args.letters)
        checker = load_checker(Path(paths[0]))[1]
        if args.no_zone:
            checker.memory_zone = contextlib.nullcontext  # type: ignore[method-assign]
        settings = OutputSettings(output_format="jsonl")
        languages = checker._languages()
        started = time.perf_counter()
        print("letters  RSS MB  strings (pipeline, roles, letter type)  seconds")
        for first in range(0, len(paths), CHUNK):
            tasks = list(enumerate(paths[first : first + CHUNK], first))
            for _ in process_letters(tasks, checker, settings):
                pass
            done = first + len(tasks)
            if done % args.every < CHUNK or done == len(paths):
                strings = ", ".join(str(len(nlp.vocab.strings)) for nlp in languages)
                seconds = time.perf_counter() - started
                print(f"{done:7}  {resident_mb():6.0f}  {strings:38}  {seconds:7.0f}", flush=True)


if __name__ == "__main__":
    main()
