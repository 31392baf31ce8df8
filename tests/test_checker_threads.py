"""One loaded Checker serves several threads: each letter's match results stay with the
letter, so checks running at the same time give the results they give one by one."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def checker():
    from tonecheck.runtime import load_checker

    return load_checker(ROOT)[1]


def _summary(result) -> list[tuple]:
    return [(f.rule, f.location.start, f.location.end, f.message) for f in result.findings]


@pytest.mark.slow
def test_concurrent_checks_give_the_results_of_serial_checks(checker):
    letters = sorted((ROOT / "eval" / "corpus").iterdir())[:12]
    letters += sorted(SAMPLES.glob("*.docx"))[:4]
    serial = {p: _summary(checker.check_path(str(p))) for p in letters}
    assert sum(map(len, serial.values())) > 20  # the letters do have findings
    jobs = letters * 8  # the same letters in several threads at once, interleaved
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often, as on a busy server
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda p: (p, _summary(checker.check_path(str(p)))), jobs))
    finally:
        sys.setswitchinterval(interval)
    for path, found in results:
        assert found == serial[path], path.name


def test_match_results_are_kept_on_each_letter(checker):
    from tonecheck.documents.text_reader import read_text

    cold = checker.check(read_text("Uw aanvraag wordt afgewezen. Dit is conform de regels.", "a"))
    warm = checker.check(read_text("Wij helpen u graag verder met uw vraag.", "b"))
    again = checker.check(read_text("Uw aanvraag wordt afgewezen. Dit is conform de regels.", "c"))
    assert _summary(cold) == _summary(again) != _summary(warm)
    assert any(key[0] == "tonecheck.matches" for key in cold.letter.doc.user_data)
