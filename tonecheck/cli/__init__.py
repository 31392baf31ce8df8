"""The ``tonecheck`` command line (in Dutch: its help, its messages and Click's own)."""

from __future__ import annotations

import click

from tonecheck import __version__
from tonecheck.cli.check import check
from tonecheck.cli.dutch import DutchGroup, make_dutch
from tonecheck.cli.eval_cmd import eval_command
from tonecheck.cli.explain_cmd import explain_command
from tonecheck.cli.init_cmd import init_command
from tonecheck.cli.inspect_cmd import inspect_command
from tonecheck.cli.rules_cmd import rules_group
from tonecheck.cli.serve_cmd import serve_command


@click.group(
    "tonecheck",
    cls=DutchGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Afsluitcodes: 0 = geen bevindingen op of boven het faalniveau, "
    "1 = wel bevindingen op of boven dat niveau, 2 = fout in de opdracht of de invoer.",
)
@click.version_option(
    __version__,
    prog_name="tonecheck",
    message="%(prog)s, versie %(version)s",
    help="Toon het versienummer en stop.",
)
def main() -> None:
    """tonecheck: controleert Nederlandse brieven en besluiten op toon en duidelijkheid."""


main.add_command(check)
main.add_command(inspect_command)
main.add_command(rules_group)
main.add_command(explain_command)
main.add_command(eval_command)
main.add_command(init_command)
main.add_command(serve_command)
make_dutch(main)
