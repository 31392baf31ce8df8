"""Precision and recall per category and rule on the labelled letters in eval/.

Usage: python eval/evaluate.py [--only 21-30] [--baseline results.json] [--save results.json]

A shortcut for ``tonecheck eval eval/corpus --labels eval/labels.yml``; every option of
``tonecheck eval`` works here too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tonecheck.cli import main as tonecheck

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    args = ["eval", str(HERE / "corpus"), "--labels", str(HERE / "labels.yml"), *sys.argv[1:]]
    tonecheck(args)
