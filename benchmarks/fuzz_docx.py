"""Mutation fuzzer for the .docx reader over a corpus of real and odd Word files.

Usage: python benchmarks/fuzz_docx.py [--mutants 2000] [--corpus ../shared/docx-corpus]
       [--seed 23] [--timeout 10] [--jobs 2] [--check] [--keep DIR]

Each mutant is one file of the corpus changed in one of five ways: bit flips in the file,
bit flips inside one unpacked part (packed again, so the zip is sound and the XML is
not), truncation, a zip entry swap (two parts trade contents, one is dropped or doubled)
and an element flood (up to three million copies of an element, or nesting, put into
the main document, packed or stored). Worker processes read the mutants (``--check``:
check them fully, with the pipeline and rules loaded once per worker); a mutant that
takes longer than ``--timeout`` seconds has its worker killed and replaced.

Every mutant ends as one of: read; refused (an InputError with a one-line message);
crashed (any other exception, an "interne fout", or a refusal that is not one line); or
over the time bound. The report gives the counts per outcome and per mutation, the peak
memory of a worker, the slowest mutants, every crash and the most frequent refusals;
``--keep`` saves the mutants that crashed, ran over or took more than a quarter of the
time bound, to reproduce them.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import shutil
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "docx-corpus"
KINDS = ("bitflip", "part-bitflip", "truncate", "swap", "flood")
MAX_FLOOD_BYTES = 24 * 1024 * 1024
READ, REFUSED, CRASHED, OVER = "read", "refused", "crashed", "over the time bound"
FLOODS = (
    (b"<w:r/>", b""),
    (b"<w:p/>", b""),
    (b"<w:r><w:t>a</w:t></w:r>", b""),
    (b"<w:ins>", b"</w:ins>"),
    (b"<w:tbl><w:tr><w:tc>", b"<w:p/></w:tc></w:tr></w:tbl>"),
    (b"<w:p><w:r><w:txbxContent>", b"</w:txbxContent></w:r></w:p>"),
    (b'<w:r w:rsidR="00AB12CD"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a </w:t></w:r>', b""),
)


# --- mutations ----------------------------------------------------------------------


def bitflip(data: bytes, rng: random.Random) -> bytes:
    mutated = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 4, 16))):
        position = rng.randrange(len(mutated))
        mutated[position] ^= 1 << rng.randrange(8)
    return bytes(mutated)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(info, package.read(info)) for info in package.infolist()]


def _pack(entries: list[tuple[zipfile.ZipInfo, bytes]], stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as package:
        for info, content in entries:
            package.writestr(info.filename, content, method)
    return buffer.getvalue()


def part_bitflip(data: bytes, rng: random.Random) -> bytes:
    entries = _entries(data)
    index = rng.randrange(len(entries))
    info, content = entries[index]
    if content:
        entries[index] = (info, bitflip(content, rng))
    return _pack(entries)


def swap(data: bytes, rng: random.Random) -> bytes:
    entries = _entries(data)
    choice = rng.random()
    if choice < 0.5 and len(entries) > 1:  # two parts trade contents
        a, b = rng.sample(range(len(entries)), 2)
        (info_a, data_a), (info_b, data_b) = entries[a], entries[b]
        entries[a], entries[b] = (info_a, data_b), (info_b, data_a)
    elif choice < 0.75:  # a part is dropped
        entries.pop(rng.randrange(len(entries)))
    else:  # a part is doubled (a second entry of the same name, other contents)
        info, _ = entries[rng.randrange(len(entries))]
        entries.append((info, entries[rng.randrange(len(entries))][1]))
    return _pack(entries)


def flood(data: bytes, rng: random.Random) -> bytes:
    entries = _entries(data)
    for index, (info, content) in enumerate(entries):
        if info.filename == "word/document.xml" and b"<w:body>" in content:
            opening, closing = rng.choice(FLOODS)
            count = int(10 ** rng.uniform(2, 6.5))  # 100 to 3 million, log-uniform
            count = min(count, MAX_FLOOD_BYTES // (len(opening) + len(closing)))
            head, tail = content.split(b"<w:body>", 1)
            body = opening * count + closing * count
            entries[index] = (info, head + b"<w:body>" + body + tail)
            return _pack(entries, stored=rng.random() < 0.5)
    return bitflip(data, rng)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "bitflip": bitflip,
    "part-bitflip": part_bitflip,
    "truncate": truncate,
    "swap": swap,
    "flood": flood,
}


def mutate(data: bytes, kind: str, rng: random.Random) -> bytes:
    try:
        return MUTATIONS[kind](data, rng)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError, zlib.error):
        return bitflip(data, rng)  # not a sound zip to start from: flip its bits


# --- workers ------------------------------------------------------------------------


def worker(connection: Connection, full_check: bool) -> None:
    """Read (or check) each path sent; answer (outcome, message, seconds, peak MB)."""
    import resource

    from tonecheck.documents import read_document
    from tonecheck.errors import InputError

    checker = None
    if full_check:
        from tonecheck.runtime import load_checker

        checker = load_checker(Path.cwd())[1]
    connection.send("ready")
    while True:
        path = connection.recv()
        if path is None:
            return
        start = time.perf_counter()
        try:
            if checker is not None:
                error = checker.check_path(path).error
                outcome = READ if error is None else REFUSED
                message = error or ""
                if "interne fout" in message or "\n" in message:
                    outcome = CRASHED
            else:
                read_document(path)
                outcome, message = READ, ""
        except InputError as refusal:
            outcome, message = REFUSED, refusal.message
            if "\n" in str(refusal):
                outcome = CRASHED
        except Exception:
            outcome, message = CRASHED, traceback.format_exc(limit=-3)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        connection.send((outcome, message, time.perf_counter() - start, peak))


@dataclass
class Worker:
    process: multiprocessing.Process
    connection: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0


def _start_worker(context, full_check: bool) -> Worker:
    parent, child = context.Pipe()
    process = context.Process(target=worker, args=(child, full_check), daemon=True)
    process.start()
    parent.recv()  # ready
    return Worker(process, parent)


@dataclass
class Result:
    index: int
    kind: str
    source: str
    outcome: str
    message: str
    seconds: float
    peak_mb: float


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def text(self, timeout: float) -> str:
        outcomes = Counter(r.outcome for r in self.results)
        lines = [
            f"mutants: {len(self.results)}; "
            + ", ".join(f"{o}: {outcomes[o]}" for o in (READ, REFUSED, CRASHED, OVER)),
            "",
            "| mutation | mutants | read | refused | crashed | over the time bound |",
            "|---|---|---|---|---|---|",
        ]
        for kind in KINDS:
            mine = Counter(r.outcome for r in self.results if r.kind == kind)
            lines.append(
                f"| {kind} | {sum(mine.values())} | {mine[READ]} | {mine[REFUSED]} | "
                f"{mine[CRASHED]} | {mine[OVER]} |"
            )
        peak = max((r.peak_mb for r in self.results), default=0)
        slowest = sorted(self.results, key=lambda r: -r.seconds)[:5]
        lines += ["", f"peak memory of a worker: {peak:.0f} MB; time bound {timeout:.0f} s"]
        lines.append("slowest: " + "; ".join(f"#{r.index} {r.seconds:.2f} s" for r in slowest))
        problems = [r for r in self.results if r.outcome in (CRASHED, OVER)]
        if problems:
            lines += ["", "crashed or over the time bound:"]
            for r in problems:
                last = r.message.strip().splitlines()[-1] if r.message.strip() else ""
                lines.append(f"- #{r.index} {r.kind} of {r.source}: {r.outcome}: {last}")
        refusals = Counter(_shape(r.message) for r in self.results if r.outcome == REFUSED)
        lines += ["", "most frequent refusals:"]
        lines += [f"- {count} × {message}" for message, count in refusals.most_common(15)]  # noqa: RUF001
        return "\n".join(lines)


def _shape(message: str) -> str:
    """A refusal without its numbers, so the same reason counts once."""
    return "".join("#" if ch.isdigit() else ch for ch in message)[:120]


def run(args: argparse.Namespace, sources: list[Path], folder: Path) -> Report:
    """Make each mutant as a worker is free for it, and collect the outcomes."""
    rng = random.Random(args.seed)
    contents = {path: path.read_bytes() or b"PK" for path in sources}
    plan = [(i, KINDS[i % len(KINDS)], rng.choice(sources)) for i in range(args.mutants)]
    pending = list(reversed(plan))
    context = multiprocessing.get_context("fork")
    workers = [_start_worker(context, args.check) for _ in range(args.jobs)]
    report = Report()
    while len(report.results) < len(plan):
        for w in workers:
            if w.task is None and pending:
                index, kind, source = pending.pop()
                mutant = folder / f"{index:05d}-{kind}-{source.stem[:40]}.docx"
                mutant.write_bytes(mutate(contents[source], kind, rng))
                w.task, w.started = (index, str(mutant)), time.perf_counter()
                w.connection.send(str(mutant))
        busy = [w.connection for w in workers if w.task is not None]
        ready = wait(busy, timeout=0.2)
        for number, w in enumerate(workers):
            if w.task is None:
                continue
            outcome = _outcome(w, ready, args.timeout)
            if outcome is None:
                continue
            index, path = w.task
            _, kind, source = plan[index]
            report.results.append(Result(index, kind, source.name, *outcome))
            slow = outcome[2] > args.timeout / 4
            if args.keep and (outcome[0] in (CRASHED, OVER) or slow):
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, args.keep)
            Path(path).unlink()
            w.task = None
            if not w.process.is_alive():
                workers[number] = _start_worker(context, args.check)
            if len(report.results) % 200 == 0:
                print(f"{len(report.results)}/{len(plan)}", file=sys.stderr, flush=True)
    for w in workers:
        w.connection.send(None)
        w.process.join(timeout=5)
    report.results.sort(key=lambda r: r.index)
    return report


def _outcome(w: Worker, ready: list, timeout: float) -> tuple[str, str, float, float] | None:
    """The outcome of the worker's mutant, or ``None`` while it is still running; a
    worker over the time bound is killed (and replaced by the caller)."""
    elapsed = time.perf_counter() - w.started
    if w.connection in ready:
        try:
            outcome, message, seconds, peak = w.connection.recv()
        except EOFError:  # the worker process itself died
            w.process.join()
            return CRASHED, f"worker died (exit code {w.process.exitcode})", elapsed, 0.0
        return (OVER if seconds > timeout else outcome), message, seconds, peak
    if elapsed > timeout:
        w.process.kill()
        w.process.join()
        return OVER, "killed at the time bound", elapsed, 0.0
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per mutant")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--check", action="store_true", help="check fully, not only read")
    parser.add_argument("--keep", type=Path, default=None, help="save bad mutants here")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # doubled entries
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: the corpus folder is absent; nothing to fuzz")
    sources = sorted(p for p in args.corpus.iterdir() if p.is_file() and p.suffix != ".tsv")
    sources = [p for p in sources if p.suffix.lower() != ".md"]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        report = run(args, sources, Path(folder))
    print(report.text(args.timeout))
    print(f"\n{len(sources)} corpus files, seed {args.seed}, {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
