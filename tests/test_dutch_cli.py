"""The command line speaks Dutch (issue 19, point 7): every help text, Click's own words
("Usage:", "Options", usage errors), rule-validation messages and `explain`."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLES
from tests.rule_helpers import write_rules
from tonecheck.cli import main
from tonecheck.cli.dutch import CLICK_MODULES, MESSAGES, PLURALS

# words of English help and messages that Dutch text never has (whole words, any case)
ENGLISH = (
    "the", "and", "or", "to", "for", "with", "this", "that", "which", "when", "only",
    "each", "every", "not", "are", "be", "from", "exit", "file", "folder",
    "default", "required", "usage", "options", "commands", "error", "missing", "invalid",
    "try", "help", "no such",
)  # fmt: skip
ENGLISH_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
# Click's English value names in a usage line (flags and choices may stay English)
CLICK_METAVARS = re.compile(r"\b(TEXT|FILE|PATH|DIRECTORY|INTEGER|FLOAT|RANGE|OPTIONS|ARGS)\b")
FLAG = re.compile(r"(?<![\w-])--?[\w-]+(/--?[\w-]+)?")  # --fail-level, -h, --roles/--no-roles
CHOICES = re.compile(r"\[[\w|-]+\|[\w|-]+\]")  # [text|json|jsonl]
IDENTIFIER = re.compile(r"[\w.]+(?:[-_][\w.]+)+")  # blame-or-hollow, words_per_sentence


def english_in(text: str) -> list[str]:
    """The English words of ``text`` outside its flags and lists of choices."""
    prose = IDENTIFIER.sub("", CHOICES.sub("", FLAG.sub("", text)))
    return ENGLISH_WORD.findall(prose) + CLICK_METAVARS.findall(prose)


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path of ``command`` and of every subcommand below it."""
    yield path
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from command_paths(sub, (*path, name))


def run(*args: object, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


COMMANDS = list(command_paths(main))


def test_the_walk_finds_every_command_and_subcommand():
    names = {" ".join(path) for path in COMMANDS}
    assert {"", "check", "inspect", "explain", "eval", "init", "serve", "rules"} <= names
    assert {"rules list", "rules show", "rules validate", "rules test"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "tonecheck")
def test_help_is_dutch(path):
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Gebruik: tonecheck {' '.join(path)}".rstrip())
    assert "Opties:" in result.output
    assert "-h, --help" in result.output and "Toon deze hulptekst en stop." in result.output
    assert english_in(result.output) == [], result.output


def test_the_group_help_lists_commands_and_exit_codes_in_dutch():
    output = run("--help").output
    assert "Gebruik: tonecheck [OPTIES] OPDRACHT [ARGUMENTEN]..." in output
    assert "Opdrachten:" in output and "Afsluitcodes: 0 = " in output
    assert run("--version").output.startswith("tonecheck, versie ")


def test_option_values_have_dutch_names():
    output = " ".join(run("check", "--help").output.split())
    assert "Gebruik: tonecheck check [OPTIES] [BRIEVEN]..." in output
    for shown in ("--config BESTAND", "--rules PAD", "-j, --jobs GETAL", "--model MODEL",
                  "--glob PATROON", "[standaard: text]", "[standaard: fout]"):  # fmt: skip
        assert shown in output


def test_an_invalid_choice_is_a_dutch_usage_error_with_exit_2(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text("Wij hebben uw aanvraag ontvangen.\n", encoding="utf-8")
    result = run("check", "--format", "pdf", letter)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Gebruik: tonecheck check [OPTIES] [BRIEVEN]...",
        "Zie 'tonecheck check --help' voor hulp.",
        "",
        "Fout: Ongeldige waarde voor '--format': 'pdf' is geen geldige keuze; kies uit "
        "'text', 'json', 'jsonl', 'docx', 'html'.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["inspect"], "Fout: Ontbrekend argument 'BRIEF...'."),
        (["check", "--foo", "x"], "Fout: Onbekende optie '--foo'."),
        (["chek"], "Fout: Onbekende opdracht 'chek'. Bedoelt u 'check'?"),
        (["rules", "validate", "weg.yml"],
         "Fout: Ongeldige waarde voor '[REGELBESTAND]...': 'weg.yml' bestaat niet."),
        (["check", "--jobs", "0", "x"],
         "Fout: Ongeldige waarde voor '--jobs' / '-j': 0 valt buiten het bereik x>=1."),
        (["check", "--timeout", "lang", "x"],
         "Fout: Ongeldige waarde voor '--timeout': 'lang' is geen geldig getal."),
        (["explain", "a", "b"], "Fout: Onverwacht extra argument (b)"),
        (["check", "--model"], "Fout: Optie '--model' heeft een waarde nodig."),
        (["rules"], "Gebruik: tonecheck rules [OPTIES] OPDRACHT [ARGUMENTEN]..."),
    ],
    ids=["missing", "option", "command", "path", "range", "number", "extra", "value", "group"],
)  # fmt: skip
def test_usage_errors_are_dutch_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert english_in(result.output) == [], result.output


def test_dutch_level_names_are_accepted_on_the_command_line():
    result = run("rules", "list", "--level", "fout", "--format", "json")
    assert result.exit_code == 0 and '"level": "error"' in result.output
    assert '"level": "suggestion"' not in result.output


def test_clicks_messages_are_english_again_after_a_run():
    """The Dutch is for tonecheck's own run only: nothing leaks to other Click programs."""
    run("--help")

    @click.command()
    @click.option("--count", type=int)
    def other(count):
        """Another program."""

    result = CliRunner().invoke(other, ["--count", "x"])
    assert "Usage: other [OPTIONS]" in result.output and "Error: Invalid value" in result.output
    for name in CLICK_MODULES:
        module = __import__(name, fromlist=["_"])
        assert getattr(module, "_", gettext.gettext) is gettext.gettext


def test_the_catalogue_still_matches_clicks_messages():
    """A Click upgrade that rewords a message would silently bring the English back."""
    source = "".join(
        Path(__import__(name, fromlist=["_"]).__file__).read_text(encoding="utf-8")
        for name in CLICK_MODULES
    )
    flat = re.sub(r'"\s+"', "", source)  # Click splits long messages over lines
    missing = [m for m in [*MESSAGES, *(s for pair in PLURALS for s in pair)]
               if repr(m)[1:-1] not in flat and m not in flat]  # fmt: skip
    assert missing == []


BROKEN = """\
rules:
  - id: huis.email
    category: duidelijk
    level: critical
    message: "'{woord}': schrijf e-mail."
    suggestion: "Schrijf e-mail."
    check: {kind: terms, terms: {email: e-mail}, within: zin}
    examples:
      flag: [Stuur een email.]
"""


def test_rule_validation_messages_are_dutch_sentences_with_their_place(tmp_path):
    path = write_rules(tmp_path, BROKEN)
    result = run("rules", "validate", path)
    assert result.exit_code == 2
    lines = result.output.removeprefix("tonecheck: ").splitlines()
    assert lines[0].startswith(f"{path}:3:5: 'duidelijk' is geen geldige waarde voor 'category'")
    assert lines[1].startswith(f"{path}:4:5: 'critical' is geen geldige waarde voor 'level'")
    assert f"{path}:7:50: 'within' is geen bekende sleutel (bekend: " in lines[2]
    assert lines[3] == f"{path}:8:5: de verplichte sleutel 'ok' ontbreekt in 'examples'"
    # the sentences, without the file name and the lists of allowed values and keys
    said = [re.sub(r"; mogelijk: .*| \(bekend: .*", "", line.split(": ", 1)[1]) for line in lines]
    assert english_in("\n".join(said)) == []


def test_rules_show_and_explain_are_dutch():
    shown = run("rules", "show", "empathie.ontbreekt").output
    assert "hoe de regel werkt:" in shown and "expect: waar " in shown
    letter = SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx"
    explained = run("explain", "--no-roles", letter)
    assert explained.exit_code == 0
    lines = explained.output.splitlines()
    assert any(
        line.startswith("GEMELD empathie.ontbreekt (expect, waarschuwing)") for line in lines
    )
    # the words tonecheck writes itself: not the letter's quoted text, nor trace values
    own = [re.sub(r"\u201c.*?\u201d", "", line) for line in lines if not line.startswith("      ")]
    assert english_in("\n".join(own)) == []
