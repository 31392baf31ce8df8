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


def use_only_rules(folder: Path, body: str, name: str = "huisstijl.yml") -> Path:
    """Write ``body`` as the rule file ``name`` in ``folder`` and a tonecheck.toml there
    that checks with it alone (no default rules)."""
    path = write_rules(folder, body, name)
    (folder / "tonecheck.toml").write_text(
        f'default_rules = false\nrules = ["{name}"]\n', encoding="utf-8"
    )
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


# a rule file with one warning: officialese ("derhalve", "middels") with its rewrite, for
# tests of Word reports that need a finding on known words
OFFICIALESE_RULES = """\
rules:
  - id: taal.ambtelijk
    category: plain-language
    level: warning
    message: "'{match}' is ambtelijke taal."
    suggestion: "Schrijf liever '{replacement}'."
    check:
      kind: terms
      terms: {derhalve: daarom, middels: met}
    examples: {flag: [Derhalve gaan wij door.], ok: [Daarom gaan wij door.]}
"""
