"""``tonecheck check``: read letters, understand them and report."""

from __future__ import annotations

from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import fail, model_option, resolve_runtime
from tonecheck.documents import read_document
from tonecheck.errors import TonecheckError
from tonecheck.nlp.letter import understand


@click.command()
@click.argument("paths", nargs=-1, required=True)
@model_option
def check(paths: tuple[str, ...], **options) -> None:
    """Check letters (.docx, .txt, .md; '-' reads standard input)."""
    nlp, spec = resolve_runtime(Path(paths[0]), **options)
    exit_code = ExitCode.OK
    for path in paths:
        try:
            letter = understand(nlp, spec, read_document(path))
        except TonecheckError as error:
            fail(error)
            exit_code = ExitCode.ERROR
            continue
        stats = letter.stats
        click.echo(
            f"{letter.document.path}: {letter.letter_type.label}, {stats.words} woorden, "
            f"{stats.sentences} zinnen, gemiddeld {stats.avg_sentence_length} woorden per zin, "
            f"Flesch-Douma {stats.flesch_douma}"
        )
    raise SystemExit(exit_code)
