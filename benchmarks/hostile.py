"""Benchmark hostile inputs at full size against a normal letter, in the same run.

Usage: python benchmarks/hostile.py [--timeout 60] [--only WORD] [--keep DIR]
       [--memory-limit 4096] [--source DIR]

Builds every input of issue 23 at full size: .docx element floods (a million runs in one
paragraph, three million empty paragraphs, nesting a hundred thousand levels deep,
nested tables and text boxes, markup just under the limit), a 10 KB line of "!?.",
20,000 and 40,000 emoji in a .txt, a rule file with REGEX ``^(a|aa)+b$`` on a letter with
a token of 40 and of 60 "a"s, a symbolic link to /dev/zero, a FIFO and a folder holding
both. Each case is one ``tonecheck check --format json`` in a process of its own, with a
time limit; it prints a markdown table (Dutch, for docs/limits.md) with the outcome,
the time, the time as a multiple of the normal letter's and the peak memory.

Peak memory is the largest resident set of any process of the run (``ru_maxrss`` of the
run's processes, reaped by a wrapper that is their subreaper, so the workers of a batch
and processes killed at the time limit count too). Each process may take at most
``--memory-limit`` MB of address space. ``--source`` measures another version, e.g. a
``git archive`` of an older commit (with its tonecheck/, rules/ and samples/). Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from letters import LETTER_START, emoji_letter

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "afwijzing-bijzondere-bijstand-kil.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Runs a command as the leader of its own session with at most LIMIT MB of address space
# (a link to /dev/zero must not take the machine), waits at most TIMEOUT seconds (then
# kills the whole session), reaps every process of it (as their subreaper, also orphaned
# workers) and prints: exit code or "timeout", seconds, peak resident set in kB.
WRAPPER = r"""
import ctypes, os, resource, signal, subprocess, sys, time
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
timeout, limit = float(sys.argv[1]), int(sys.argv[2]) * 1024 * 1024
def bounded():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.perf_counter()
child = subprocess.Popen(sys.argv[3:], start_new_session=True, preexec_fn=bounded,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
try:
    out, err = child.communicate(timeout=timeout)
    status = str(child.returncode)
except subprocess.TimeoutExpired:
    os.killpg(child.pid, signal.SIGKILL)
    out, err = child.communicate()
    status = "timeout"
elapsed = time.perf_counter() - start
try:
    os.killpg(child.pid, signal.SIGKILL)  # workers left behind
except ProcessLookupError:
    pass
while True:
    try:
        os.waitpid(-1, 0)
    except ChildProcessError:
        break
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.buffer.write(err)
sys.stdout.buffer.write(out)
print(f"\n@@ {status} {elapsed:.3f} {peak}", file=sys.stderr)
"""


@dataclass
class Outcome:
    status: str  # exit code, or "timeout"
    seconds: float
    peak_mb: float
    message: str  # what tonecheck said about the letter (its error, or its score)


@dataclass
class Case:
    name: str  # as the table shows it (Dutch)
    build: Callable[[Path], list[str]]  # makes the input in a folder; the check's arguments
    what: str  # the input in a few words


def run_case(arguments: list[str], timeout: float, limit_mb: int, source: Path) -> Outcome:
    """One check in a process of its own, tonecheck imported from ``source``."""
    command = [sys.executable, "-m", "tonecheck", "check", "--format", "json", "-q", *arguments]
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(timeout), str(limit_mb), *command],
        capture_output=True, text=True, cwd=source,
    )  # fmt: skip
    report = [line for line in result.stderr.splitlines() if line.startswith("@@ ")][-1]
    status, seconds, peak_kb = report.split()[1:]
    return Outcome(status, float(seconds), int(peak_kb) / 1024, _message(status, result))


def _message(status: str, result: subprocess.CompletedProcess) -> str:
    """What tonecheck said: the letter's error or score; for a folder, the counts and
    what the walk left out."""
    if status == "timeout":
        return "afgebroken bij de tijdgrens"
    notes = [
        x.removeprefix("tonecheck: ") for x in result.stderr.splitlines() if "overgeslagen" in x
    ]
    try:
        documents = json.loads(result.stdout)["documents"]
    except (json.JSONDecodeError, KeyError):
        lines = [x for x in result.stderr.splitlines() if x.strip() and not x.startswith("@@ ")]
        return lines[-1] if lines else "(geen uitvoer)"
    if len(documents) > 1:
        refused = sum(1 for d in documents if d["error"])
        said = f"{len(documents)} brieven: {len(documents) - refused} gelezen, {refused} geweigerd"
        return "; ".join([said, *notes])
    document = documents[0]
    if document["error"]:
        return document["error"]
    score = document["score"]
    return "; ".join([f"gelezen, score {score['value']}" if score else "gelezen", *notes])


# --- the inputs ---------------------------------------------------------------------


def _docx_with_body(folder: Path, name: str, body: Iterator[bytes], stored: bool) -> Path:
    """The sample letter with ``body`` (XML pieces) put in front of its own body text."""
    path = folder / name
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(SAMPLE) as source, zipfile.ZipFile(path, "w", method) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != "word/document.xml":
                target.writestr(item.filename, data, zipfile.ZIP_DEFLATED)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with target.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head + b"<w:body>")
                for piece in body:
                    part.write(piece)
                part.write(tail)
    return path


def million_runs(folder: Path) -> list[str]:
    """1,000,000 runs of one random short word each in one paragraph (deflated)."""
    rng = random.Random(23)
    letters = "abcdefghijklmnopqrstuvwxyz"

    def body() -> Iterator[bytes]:
        yield b"<w:p>"
        for _ in range(1000):
            words = ("".join(rng.choices(letters, k=3)) for _ in range(1000))
            yield "".join(f"<w:r><w:t>{w}</w:t></w:r>" for w in words).encode()
        yield b"</w:p>"

    return [str(_docx_with_body(folder, "runs.docx", body(), stored=False))]


def empty_paragraphs(folder: Path) -> list[str]:
    """3,000,000 empty paragraphs, stored uncompressed (18 MB)."""
    body = (b"<w:p/>" * 100_000 for _ in range(30))
    return [str(_docx_with_body(folder, "alineas.docx", body, stored=True))]


def deep_nesting(folder: Path) -> list[str]:
    """A run inside 100,000 nested insertions."""
    body = [b"<w:p>" + b"<w:ins>" * 100_000, b"<w:r><w:t>x</w:t></w:r>"]
    body.append(b"</w:ins>" * 100_000 + b"</w:p>")
    return [str(_docx_with_body(folder, "diep.docx", iter(body), stored=True))]


def nested_tables(folder: Path) -> list[str]:
    """Tables nested 80 deep, each with 1,000 rows of its own (quadratic for a walker
    that looks for its rows among all rows below it)."""
    rng = random.Random(5)

    def rows() -> bytes:
        return "".join(
            f"<w:tr><w:tc><w:p><w:r><w:t>{rng.randrange(10**6)}</w:t></w:r></w:p></w:tc></w:tr>"
            for _ in range(1000)
        ).encode()

    def body() -> Iterator[bytes]:
        for _ in range(80):
            yield b"<w:tbl>" + rows() + b"<w:tr><w:tc>"
        yield b"<w:p/>"
        for _ in range(80):
            yield b"</w:tc></w:tr></w:tbl>"

    return [str(_docx_with_body(folder, "tabellen.docx", body(), stored=False))]


def nested_boxes(folder: Path) -> list[str]:
    """Text boxes nested 40 deep around 150,000 more boxes (each paragraph of the old
    walker searched all boxes below it and all their ancestors)."""
    opening = b"<w:p><w:r><w:txbxContent>" * 40
    inner = (b"<w:txbxContent><w:p/></w:txbxContent>" * 10_000 for _ in range(15))
    closing = b"</w:txbxContent></w:r></w:p>" * 40
    body = iter([opening, *inner, closing])
    return [str(_docx_with_body(folder, "tekstvakken.docx", body, stored=True))]


def just_under_the_limit(folder: Path) -> list[str]:
    """Nearly as much markup as the scan lets through (900,000 '<' and '=' with the rest
    of the letter), as runs of one letter in paragraphs of 1,000 runs: the walker has
    to stop it."""
    rng = random.Random(9)
    runs = 840_000 // 4

    def body() -> Iterator[bytes]:
        for _ in range(runs // 1000):
            pieces = (f"<w:r><w:t>{rng.choice('abcdefghij')}</w:t></w:r>" for _ in range(1000))
            yield b"<w:p>" + "".join(pieces).encode() + b"</w:p>"

    return [str(_docx_with_body(folder, "net-onder-de-grens.docx", body(), stored=False))]


def normal_letter(folder: Path) -> list[str]:
    path = folder / "normale-brief.docx"
    path.write_bytes(SAMPLE.read_bytes())
    return [str(path)]


def _text(folder: Path, name: str, text: str) -> list[str]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return [str(path)]


def punctuation_line(folder: Path) -> list[str]:
    return _text(folder, "leestekens.txt", LETTER_START + "!?." * 3_400 + "\n")


def emoji(count: int) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        return _text(folder, f"emoji-{count}.txt", emoji_letter(count))

    return build


REGEX_RULE = """\
rules:
  - id: huis.regex-terugloop
    category: clarity
    level: suggestion
    message: Dit woord valt op.
    suggestion: Kies een gewoner woord.
    check: {kind: pattern, patterns: [[{LOWER: {REGEX: "^(a|aa)+b$"}}]]}
    examples: {flag: [aab], ok: [b]}
"""


def regex_letter(count: int) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        rules = folder / "regels.yml"
        rules.write_text(REGEX_RULE, encoding="utf-8")
        text = LETTER_START + f"Het woord {'a' * count} komt voor in deze brief.\n"
        return ["--rules", str(rules), *_text(folder, f"a-{count}.txt", text)]

    return build


def zero_link(folder: Path) -> list[str]:
    link = folder / "nul.txt"
    link.symlink_to("/dev/zero")
    return [str(link)]


def fifo(folder: Path) -> list[str]:
    path = folder / "pijp.txt"
    os.mkfifo(path)
    return [str(path)]


def folder_with_both(folder: Path) -> list[str]:
    letters = folder / "map"
    letters.mkdir()
    (letters / "brief.txt").write_text(LETTER_START + "Met vriendelijke groet,\n", "utf-8")
    (letters / "nul.txt").symlink_to("/dev/zero")
    os.mkfifo(letters / "pijp.txt")
    return [str(letters)]


def reports_beside_letters(folder: Path) -> list[str]:
    """A folder of 10 letters with their annotated .docx reports beside them (as a
    second run of ``check --format docx FOLDER`` finds it)."""
    letters = folder / "rapporten"
    letters.mkdir()
    for i in range(10):
        (letters / f"brief{i}.docx").write_bytes(SAMPLE.read_bytes())
    subprocess.run(
        [sys.executable, "-m", "tonecheck", "check", "--format", "docx", "-q", str(letters)],
        capture_output=True, cwd=REPO, check=False,
    )  # fmt: skip
    return [str(letters)]


CASES = [
    Case("normale brief (.docx, 1 pagina)", normal_letter, "samples/…-kil.docx"),
    Case("1.000.000 runs in één alinea", million_runs, ".docx, woorden van 3 letters"),
    Case("3.000.000 lege alinea's", empty_paragraphs, ".docx, ongecomprimeerd"),
    Case("100.000 niveaus diep genest", deep_nesting, ".docx, w:ins in w:ins"),
    Case("tabellen 80 diep genest", nested_tables, ".docx, 1.000 rijen per tabel"),
    Case("tekstvakken 40 diep genest", nested_boxes, ".docx, 150.000 tekstvakken"),
    Case("opmaak net onder de grens", just_under_the_limit, ".docx, 900.000 tags/attributen"),
    Case('regel van 10 KB "!?."', punctuation_line, ".txt"),
    Case("20.000 emoji", emoji(20_000), ".txt"),
    Case("40.000 emoji", emoji(40_000), ".txt"),
    Case("REGEX ^(a|aa)+b$, 40 a's", regex_letter(40), ".txt + regelbestand"),
    Case("REGEX ^(a|aa)+b$, 60 a's", regex_letter(60), ".txt + regelbestand"),
    Case("link naar /dev/zero", zero_link, ".txt"),
    Case("FIFO", fifo, ".txt"),
    Case("map met link en FIFO", folder_with_both, "map, 1 brief"),
    Case("map met 10 brieven en hun rapporten", reports_beside_letters, "map, 20 .docx"),
    Case("normale brief, nog eens", normal_letter, "samples/…-kil.docx"),
]


def _size(arguments: list[str]) -> str:
    path = Path(arguments[-1])
    if path.is_symlink() or not path.is_file():
        return "—"
    size = path.stat().st_size
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024 / 1024:.1f} MB" if size >= 100_000 else f"{size / 1024:.0f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    parser.add_argument("--only", default=None, help="only cases whose name holds this")
    parser.add_argument("--keep", type=Path, default=None, help="build the inputs here")
    parser.add_argument(
        "--memory-limit", type=int, default=4096, help="address space per process, in MB"
    )
    parser.add_argument(
        "--source", type=Path, default=REPO, help="a tonecheck tree to measure (another version)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        rows = []
        baseline = None
        for number, case in enumerate(CASES):
            if number and args.only and args.only not in case.name:
                continue
            folder = root / f"geval-{number}"
            folder.mkdir(exist_ok=True)
            arguments = case.build(folder)
            outcome = run_case(arguments, args.timeout, args.memory_limit, args.source)
            baseline = baseline or outcome.seconds
            rows.append((case, _size(arguments), outcome))
            print(f"{case.name}: {outcome}", file=sys.stderr, flush=True)
    print(_table(rows, baseline or 1.0, args.timeout))


def _table(rows: list[tuple[Case, str, Outcome]], baseline: float, timeout: float) -> str:
    lines = [
        "| geval | invoer | grootte | uitkomst | exit | tijd | × normale brief | piekgeheugen |",  # noqa: RUF001
        "|---|---|---|---|---|---|---|---|",
    ]
    for case, size, outcome in rows:
        timed_out = outcome.status == "timeout"
        seconds = f"> {timeout:.0f} s" if timed_out else f"{outcome.seconds:.1f} s"
        ratio = "—" if timed_out else f"{outcome.seconds / baseline:.1f}"
        exit_code = "—" if timed_out else outcome.status
        message = outcome.message.replace("|", "\\|")
        name = case.name.replace("|", "\\|")
        if len(message) > 110:
            message = message[:107] + "…"
        lines.append(
            f"| {name} | {case.what} | {size} | {message} | {exit_code} | {seconds} | "
            f"{ratio} | {outcome.peak_mb:.0f} MB |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
