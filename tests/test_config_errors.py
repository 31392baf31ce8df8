"""Every problem of a configuration file at once, in Dutch, at its line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tonecheck.cli import main
from tonecheck.config import ConfigError, load_config

BROKEN = """\
modle = "bundled"
min_level = "hoog"
disable = "passive"

[roles]
empatie = 0.3
"""


def test_all_problems_of_a_config_file_are_reported_at_once(tmp_path):
    config = tmp_path / "tonecheck.toml"
    config.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(config)
    found = [(p.line, p.message) for p in error.value.problems]
    assert found == [
        (1, "onbekende instelling 'modle' (bedoelt u 'model'?)"),
        (2, "'min_level' moet een van deze zijn: suggestion, warning, error, suggestie, "
            "waarschuwing, fout"),
        (3, "'disable' moet een lijst met teksten zijn"),
        (6, "onbekende zinsrol 'empatie' (bedoelt u 'empathy'?)"),
    ]  # fmt: skip


def test_unknown_rule_names_are_all_reported_with_their_lines(tmp_path):
    (tmp_path / "tonecheck.toml").write_text(
        'disable = ["passive", "zin.lnag"]\n\n[levels]\n"taal.ambtelik" = "fout"\n',
        encoding="utf-8",
    )
    letter = tmp_path / "brief.txt"
    letter.write_text("Wij sturen u de stukken.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(letter)])
    assert result.exit_code == 2
    assert ":1:1: 'disable' noemt geen regel of categorie: 'zin.lnag' (bedoelt u 'zin.lang'?)" in (
        result.output
    )
    assert ":4:1: er is geen regel met id 'taal.ambtelik' (bedoelt u 'taal.ambtelijk'?)" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_dutch_level_names_are_taken(tmp_path):
    config = tmp_path / "tonecheck.toml"
    config.write_text('fail_level = "waarschuwing"\n[levels]\n"zin.lang" = "fout"\n')
    loaded = load_config(config)
    assert loaded.fail_level == "waarschuwing" and loaded.levels == {"zin.lang": "fout"}
