"""`explain` shows the very outcomes `check` reports: the rules it says fired are the
rules `check` reports, with the same number of findings (overrides, max_per_letter and
exclusive rules included), on every evaluation letter and every dev-letter."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SHARED
from tonecheck.cli import main
from tonecheck.cli.explain_cmd import outcome_lines

REPORTED = re.compile(r"^GEMELD(?: x(\d+))? (\S+) ")
EVAL_LETTERS = sorted((ROOT / "eval" / "corpus").iterdir())
DEV_LETTERS = sorted((SHARED / "dev-letters" / "letters").glob("*"))


@pytest.fixture(scope="module")
def checker():
    from tonecheck.runtime import load_checker

    return load_checker(ROOT / "eval" / "corpus")[1]


def fired_in_explain(lines) -> Counter:
    fired: Counter = Counter()
    for line in lines:
        match = REPORTED.match(line)
        if match:
            fired[match.group(2)] = int(match.group(1) or 1)
    return fired


def _compare(checker, path: Path) -> None:
    reported = checker.check_path(str(path))
    explained = checker.check_path(str(path), explain=True)
    assert reported.error is None and explained.error is None
    want = Counter(f.rule for f in reported.findings)
    assert fired_in_explain(outcome_lines(explained.outcomes)) == want


@pytest.mark.parametrize("path", EVAL_LETTERS, ids=lambda p: p.name)
def test_explain_agrees_with_check_on_the_evaluation_letters(checker, path):
    _compare(checker, path)


@pytest.mark.parametrize("path", DEV_LETTERS or [None], ids=lambda p: p.name if p else "absent")
def test_explain_agrees_with_check_on_the_dev_letters(checker, path):
    if path is None:
        pytest.skip("../shared/dev-letters is not available")
    _compare(checker, path)


LONG = (
    "Wij hebben uw aanvraag voor bijzondere bijstand voor de kosten van een nieuwe "
    "wasmachine en een koelkast die u op 3 maart bij ons heeft ingediend samen met de "
    "afschriften van uw bankrekening en uw loonstroken van de afgelopen drie maanden "
    "zorgvuldig bekeken en beoordeeld."
)


def test_the_cli_explain_and_check_agree_on_an_overridden_rule(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text(f"Geachte heer Jansen,\n\n{LONG}\n\nMet vriendelijke groet,\n")
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--format", "json", str(letter)])
    rules = Counter(f["rule"] for f in json.loads(checked.output)["documents"][0]["findings"])
    assert rules["zin.te-lang"] == 1 and "zin.lang" not in rules
    explained = runner.invoke(main, ["explain", "--no-roles", str(letter)])
    assert explained.exit_code == 0, explained.output
    assert fired_in_explain(explained.output.splitlines()) == rules
    assert "wijkt  zin.lang" in explained.output
    assert "wijkt voor zin.te-lang" in explained.output


def test_explain_says_when_max_per_letter_held_findings_back(tmp_path):
    passives = " ".join(f"Het formulier {n} wordt binnenkort gecontroleerd." for n in range(1, 7))
    letter = tmp_path / "brief.txt"
    letter.write_text(f"Geachte heer Jansen,\n\n{passives}\n")
    explained = CliRunner().invoke(main, ["explain", "--no-roles", "--rule", "lijdend.vorm",
                                          str(letter)])  # fmt: skip
    assert "GEMELD x3 lijdend.vorm" in explained.output
    assert "afgekapt: nog 3 niet gemeld (max_per_letter 3)" in explained.output
