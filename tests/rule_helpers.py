"""Helpers to write small rule files in tests and run them on text."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tonecheck.documents.text_reader import read_text
from tonecheck.engine.loader import load_rules
from tonecheck.engine.runner import check_letter
from tonecheck.nlp.letter import understand
from tonecheck.nlp.structure import load_structure

EXAMPLES = "    examples:\n      flag: [x]\n      ok: [y]\n"


def write_rules(folder: Path, body: str, name: str = "regels.yml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def findings_for(nlp, rule_file: Path, text: str):
    structure = load_structure()
    rules = load_rules([rule_file], nlp, structure)
    letter = understand(nlp, structure, read_text(text, "<test>"))
    return check_letter(letter, rules)


# a small rule that flags "u dient", shared by test rule files
TONE_RULE = """\
  - id: toon.dient
    category: tone
    level: warning
    message: "'{match}' klinkt als een bevel."
    suggestion: "Schrijf 'u moet'."
    check: {kind: terms, terms: [u dient]}
    examples: {flag: [x], ok: [y]}
"""
