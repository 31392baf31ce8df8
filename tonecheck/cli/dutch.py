"""Click's own words in Dutch: "Usage:", "Options", the help option, usage errors.

Click passes its messages through gettext: each of its modules binds ``_`` and
``ngettext`` from the standard library. While tonecheck's command line runs
(:class:`DutchGroup`), those two names in Click's modules look the message up in the
small catalogue below instead, and they are put back afterwards; nothing else in the
process is touched (no global gettext domain, no other library's messages). A message
not in the catalogue stays as Click wrote it. The words Click puts in a usage line
without gettext (``[OPTIONS]``, ``COMMAND [ARGS]...``, value names such as ``TEXT``) are
set per command by :func:`make_dutch`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

# Click's messages (exactly as its source writes them) -> Dutch; the {fields} stay
MESSAGES = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulptekst en stop.",
    "Show the version and exit.": "Toon het versienummer en stop.",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "Aborted!": "Afgebroken.",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing {param_type}": "Ontbrekende {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "Missing command.": "Geef een opdracht.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value} is not in the range {range}.": "{value} valt buiten het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen geldige ja/nee-waarde. Mogelijk: {states}",
    # Click names the kind of path ("File", "Directory") in English when the command is
    # defined; the Dutch leaves it out
    "{name} {filename!r} does not exist.": "{filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{filename!r} is een bestand, geen map.",
    "{name} {filename!r} is a directory.": "{filename!r} is een map, geen bestand.",
    "{name} {filename!r} is not readable.": "{filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{filename!r} is niet uitvoerbaar.",
    "Could not open file {filename!r}: {message}": "Kan {filename!r} niet openen: {message}",
    "unknown error": "onbekende fout",
    "Value must be an iterable.": "De waarde moet een reeks zijn.",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "(dynamic)": "(wisselt)",
    "deprecated": "verouderd",
}  # fmt: skip

# Click's (singular, plural) -> Dutch (singular, plural)
PLURALS = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelt u {possibility}?", "(Bedoelt u een van deze: {possibilities}?)"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Optie {name!r} heeft een waarde nodig.", "Optie {name!r} heeft {nargs} waarden nodig."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is geen geldige keuze; kies {choice}.",
         "{value!r} is geen geldige keuze; kies uit {choices}."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Neemt {nargs} waarden, maar kreeg er 1.", "Neemt {nargs} waarden, maar kreeg er {len}."),
}  # fmt: skip

# the modules of Click that translate messages
CLICK_MODULES = (
    "click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
    "click.types", "click.termui", "click.utils", "click._termui_impl",
)  # fmt: skip

OPTIONS_METAVAR = "[OPTIES]"
SUBCOMMAND_METAVAR = "OPDRACHT [ARGUMENTEN]..."


def gettext_nl(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext_nl(singular: str, plural: str, n: int) -> str:
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


@contextmanager
def dutch_click() -> Iterator[None]:
    """Click's messages in Dutch for the duration of the block (then as they were)."""
    saved: list[tuple[Any, str, Any]] = []
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        for attr, dutch in (("_", gettext_nl), ("ngettext", ngettext_nl)):
            if hasattr(module, attr):
                saved.append((module, attr, getattr(module, attr)))
                setattr(module, attr, dutch)
    try:
        yield
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)


class DutchGroup(click.Group):
    """A command group that runs with Click's messages in Dutch."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with dutch_click():
            return super().main(*args, **kwargs)


def value_name(param: click.Parameter) -> str | None:
    """The Dutch name of an option's value in help ("BESTAND" for Click's "FILE")."""
    kind = param.type
    if isinstance(kind, click.Path):
        return "MAP" if not kind.file_okay else "BESTAND" if not kind.dir_okay else "PAD"
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return "GETAL"
    if kind is click.STRING:
        return "TEKST"
    return None  # a choice lists its values; a flag has none


def make_dutch(command: click.Command) -> None:
    """Dutch words in the usage lines of ``command`` and all its subcommands: ``[OPTIES]``,
    ``OPDRACHT [ARGUMENTEN]...`` and the names of option values."""
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
            param.metavar = value_name(param)
    if isinstance(command, click.Group):
        if command.subcommand_metavar == "COMMAND [ARGS]...":
            command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            make_dutch(sub)
