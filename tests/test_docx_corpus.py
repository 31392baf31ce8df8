"""Real-world and odd Word files from ../shared/docx-corpus: read, or refused clearly."""

from __future__ import annotations

import time

import pytest

from tests.conftest import SHARED
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
