"""Benchmark the rule engine.

Usage: python benchmarks/bench_engine.py [--letters 200]

(a) A rule file with 2,000 terms and 30 token patterns checks a 600-word letter
    (target: under 100 ms after loading; the parse itself is not counted).
(b) On a batch of letters (the samples, repeated), the time the engine adds to
    understanding them (nlp.pipe + zones + letter type), with the default rule set
    (target: the engine adds less than 25%).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from tonecheck.documents import read_document
from tonecheck.documents.text_reader import read_text
from tonecheck.engine.loader import load_rules
from tonecheck.engine.runner import check_letter
from tonecheck.nlp.letter import understand, understand_many
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.structure import load_structure
from tonecheck.paths import default_rules_dir

ROOT = Path(__file__).resolve().parent.parent


def sample_texts() -> list[str]:
    return [read_document(p).text for p in sorted((ROOT / "samples").glob("*.docx"))]


def big_rule_file(folder: Path, texts: list[str]) -> Path:
    """2,000 terms (words and word pairs of the samples, plus made-up ones) and 30 patterns."""
    words = sorted({w.strip(".,:;?!()'\"").lower() for t in texts for w in t.split()} - {""})
    pairs = sorted(
        {" ".join(p) for t in texts for p in zip(t.split(), t.split()[1:], strict=False)}
    )
    terms = (words[::3] + pairs[::7])[:1500]
    terms += [f"verzonnen term {i}" for i in range(2000 - len(terms))]
    patterns = [[{"LEMMA": w}, {"POS": "NOUN"}] for w in words[:30]]
    rule = {
        "rules": [
            {
                "id": "bench.terms", "category": "plain-language", "level": "suggestion",
                "message": "{match}", "suggestion": "{replacement}",
                "check": {"kind": "terms", "terms": {t: "x" for t in terms}},
                "examples": {"flag": ["x"], "ok": ["y"]},
            },
            {
                "id": "bench.patterns", "category": "tone", "level": "suggestion",
                "message": "{match}", "suggestion": "anders",
                "check": {"kind": "pattern", "patterns": patterns},
                "examples": {"flag": ["x"], "ok": ["y"]},
            },
        ]
    }  # fmt: skip
    path = folder / "groot.yml"
    path.write_text(json.dumps(rule, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return path


def letter_of_words(texts: list[str], n: int) -> str:
    words = " ".join(texts).split()
    paragraphs, current = [], []
    for word in (words * 3)[:n]:
        current.append(word)
        if len(current) >= 60 and word.endswith("."):
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200)
    args = parser.parse_args()
    nlp = load_pipeline()
    structure = load_structure()
    texts = sample_texts()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        big = load_rules([big_rule_file(Path(folder), texts)], nlp, structure)
        load_seconds = time.perf_counter() - start
        letter = understand(nlp, structure, read_text(letter_of_words(texts, 600), "600.txt"))
        times, found = [], 0
        for _ in range(20):
            start = time.perf_counter()
            found = len(check_letter(letter, big))
            times.append(time.perf_counter() - start)
    print(
        f"(a) 2,000 terms + 30 patterns on a {letter.stats.words}-word letter: "
        f"median {statistics.median(times) * 1000:.1f} ms per check "
        f"({found} findings; loading the rule file took {load_seconds:.2f} s)"
    )
    rules = load_rules([default_rules_dir()], nlp, structure)
    documents = [read_text(t, f"{i}.txt") for i, t in enumerate(texts)]
    batch = (documents * (args.letters // len(documents) + 1))[: args.letters]
    start = time.perf_counter()
    letters = list(understand_many(nlp, structure, batch))
    understand_seconds = time.perf_counter() - start
    start = time.perf_counter()
    total = sum(len(check_letter(item, rules)) for item in letters)
    engine_seconds = time.perf_counter() - start
    print(
        f"(b) {args.letters} letters, {len(rules.rules)} default rules: understanding "
        f"{understand_seconds:.2f} s, rules {engine_seconds:.2f} s "
        f"(+{engine_seconds / understand_seconds:.1%}; {total} findings)"
    )


if __name__ == "__main__":
    main()
