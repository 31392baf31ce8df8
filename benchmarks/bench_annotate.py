"""Benchmark what --format docx adds to a check of a 3-page letter (target: < 150 ms).

Usage: python benchmarks/bench_annotate.py [--repeat 10]

The letter (about 1,500 words, runs split over words, a table, lists, header and footer)
is written in officialese so that it gets many findings, each becoming a Word comment.
Measured: writing the annotated copy (re-reading the letter, splitting runs, adding
comments, saving), against the whole check (read, parse, rules) it comes on top of.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_read import build_three_page_letter

from tonecheck.checker import Checker
from tonecheck.engine.loader import load_rules
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure import load_structure
from tonecheck.paths import default_rules_dir
from tonecheck.report.docx_comments import write_annotated_docx
from tonecheck.report.score import load_score_spec

OFFICIALESE = (
    "Naar aanleiding van uw schrijven delen wij u mede dat uw aanvraag derhalve niet in "
    "behandeling kan worden genomen, teneinde de zorgvuldigheid van de besluitvorming "
    "middels een nader onderzoek te waarborgen. U dient de gevraagde stukken onverwijld te "
    "overleggen, alsmede een kopie van uw legitimatiebewijs, indien u reeds een aanvraag "
    "heeft ingediend."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    nlp, structure = load_pipeline(), load_structure()
    rules, score_spec = load_rules([default_rules_dir()], nlp, structure), load_score_spec()
    checker = Checker(nlp, structure, rules, score_spec)
    with tempfile.TemporaryDirectory() as folder:
        letter = build_three_page_letter(Path(folder) / "drie-paginas.docx", OFFICIALESE)
        checks, annotations = [], []
        for i in range(args.repeat):
            start = time.perf_counter()
            result = checker.check_path(str(letter))
            checks.append(time.perf_counter() - start)
            start = time.perf_counter()
            write_annotated_docx(result, Path(folder) / f"out{i}.docx")
            annotations.append(time.perf_counter() - start)
    print(
        f"3-page letter, {result.letter.stats.words} words, {len(result.findings)} findings "
        f"(= comments): check median {statistics.median(checks) * 1000:.0f} ms; "
        f"annotated .docx adds median {statistics.median(annotations) * 1000:.0f} ms, "
        f"max {max(annotations) * 1000:.0f} ms over {args.repeat} runs"
    )


if __name__ == "__main__":
    main()
