"""Real-world and odd Word files from ../shared/docx-corpus: read, or refused clearly."""

from __future__ import annotations

import time

import pytest

from tests.conftest import SHARED, SHARING
from tests.process_helpers import run_measured
from tonecheck.documents import read_document
from tonecheck.errors import InputError

CORPUS = SHARED / "docx-corpus"
FILES = sorted(p for p in CORPUS.glob("*") if p.suffix.lower() not in (".md", ".tsv")) if (
    CORPUS.is_dir()
) else []  # fmt: skip


@pytest.mark.skipif(not FILES, reason="../shared/docx-corpus is not available")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_file_is_read_or_refused_with_a_clear_message(path):
    start = time.perf_counter()
    try:
        document = read_document(path)
    except InputError as error:
        message = str(error)
        assert message.startswith(str(path))
        assert "\n" not in message
    else:
        assert document.blocks
        for block in document.blocks:
            assert document.text[block.start : block.end] == block.text
    assert time.perf_counter() - start < 10


@pytest.mark.skipif(not FILES, reason="../shared/docx-corpus is not available")
@pytest.mark.slow
def test_whole_corpus_is_checked_or_refused_as_one_batch(tmp_path):
    """The full check (read, parse, rules) over every file, in worker processes with a
    10-second limit per file (per pytest process sharing the machine): each file once in
    the output, checked or refused with a one-line reason, none too slow, no worker above
    1 GB."""
    import collections
    import json
    import sys

    start = time.perf_counter()
    result, peak = run_measured(
        [sys.executable, "-m", "tonecheck", "check", "--format", "jsonl", "-q",
         "--timeout", str(10 * SHARING), "-j", "2", *map(str, FILES)],
        timeout=600,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(d["path"] for d in documents) == sorted(map(str, FILES))
    refused = [d for d in documents if d["error"]]
    assert not [d for d in refused if "duurde langer" in d["error"] or "interne fout" in d["error"]]
    assert all("\n" not in d["error"] for d in refused)
    assert "Traceback" not in result.stderr
    assert peak < 1024
    reasons = collections.Counter(d["error"].split(" (")[0].split(":")[0] for d in refused)
    print(f"\n{len(documents)} files in {elapsed:.0f} s: {len(documents) - len(refused)} checked, "
          f"{len(refused)} refused; peak {peak:.0f} MB")  # fmt: skip
    for reason, count in reasons.most_common():
        print(f"  {count:3} {reason}")
