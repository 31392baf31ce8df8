"""The ``tonecheck`` command line."""

from __future__ import annotations

import click

from tonecheck import __version__
from tonecheck.cli.check import check
from tonecheck.cli.eval_cmd import eval_command
from tonecheck.cli.explain_cmd import explain_command
from tonecheck.cli.init_cmd import init_command
from tonecheck.cli.inspect_cmd import inspect_command
from tonecheck.cli.rules_cmd import rules_group
from tonecheck.cli.serve_cmd import serve_command


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes: 0 = no findings at or above the fail level, "
    "1 = findings at or above it, 2 = usage or input error.",
)
@click.version_option(__version__, prog_name="tonecheck")
def main() -> None:
    """tonecheck: checks Dutch letters and decisions for tone and clarity."""


main.add_command(check)
main.add_command(inspect_command)
main.add_command(rules_group)
main.add_command(explain_command)
main.add_command(eval_command)
main.add_command(init_command)
main.add_command(serve_command)
