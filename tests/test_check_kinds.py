"""Check kinds are plug-ins: the registry finds every kind, and the example kind of
docs/check-kinds.md works as one new module, with nothing else changed."""

from __future__ import annotations

import re

import pytest

import tonecheck.engine.checks as checks_package
from tests.conftest import ROOT
from tests.rule_helpers import findings_for, write_rules
from tonecheck.common.yamlfile import DataFileError
from tonecheck.engine.checks import check_kinds
from tonecheck.engine.loader import rule_file_schema

DOC = ROOT / "docs" / "check-kinds.md"
RULE = """\
rules:
  - id: brief.te-lang
    category: readability
    level: suggestion
    message: "De brief telt {value} woorden."
    suggestion: "Houd de brief kort."
    check: {kind: word_count, max: MAX}
    examples: {flag: [x], ok: [y]}
"""
LETTER = "Geachte heer Jansen,\n\nUw aanvraag is toegekend. U krijgt het geld op 1 mei.\n"


def test_the_registry_holds_every_shipped_kind():
    kinds = check_kinds()
    assert set(kinds) == {"terms", "pattern", "expect", "metric", "language"}
    for kind in kinds.values():
        assert kind.summary and kind.schema and callable(kind.build)


@pytest.fixture
def word_count_kind(tmp_path, monkeypatch):
    """The example module of the docs, dropped beside the shipped kinds."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "word_count.py").write_text(code, encoding="utf-8")
    monkeypatch.setattr(checks_package, "__path__", [*checks_package.__path__, str(plugins)])
    for cached in (check_kinds, rule_file_schema):
        cached.cache_clear()
    yield
    for cached in (check_kinds, rule_file_schema):
        cached.cache_clear()


def test_the_documented_example_kind_is_one_new_module(word_count_kind, nlp, tmp_path):
    assert "word_count" in check_kinds()
    long = findings_for(nlp, write_rules(tmp_path, RULE.replace("MAX", "5")), LETTER)
    assert [f.rule for f in long] == ["brief.te-lang"]
    assert long[0].message == "De brief telt 11 woorden."
    short = findings_for(nlp, write_rules(tmp_path, RULE.replace("MAX", "50")), LETTER)
    assert short == []


def test_the_example_kind_gets_its_schema_checked(word_count_kind, nlp, tmp_path):
    broken = write_rules(tmp_path, RULE.replace("max: MAX", "maximum: 5"))
    with pytest.raises(DataFileError) as error:
        findings_for(nlp, broken, LETTER)
    assert "max" in str(error.value)
