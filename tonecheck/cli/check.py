"""``tonecheck check``: read letters, parse them and report."""

from __future__ import annotations

from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.config import find_config, load_config
from tonecheck.documents import read_document
from tonecheck.errors import TonecheckError
from tonecheck.nlp.analyse import analyse
from tonecheck.nlp.pipeline import load_pipeline
from tonecheck.nlp.readability import text_stats


def _fail(error: TonecheckError) -> None:
    click.echo(f"tonecheck: {error}", err=True)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--model",
    "model_name",
    default=None,
    help="Dutch spaCy pipeline: 'bundled' (default), an installed package name "
    "(e.g. nl_core_news_sm) or a path.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Configuration file (default: nearest tonecheck.toml upwards).",
)
def check(paths: tuple[str, ...], model_name: str | None, config_path: Path | None) -> None:
    """Check letters (.docx, .txt, .md; '-' reads standard input)."""
    try:
        first = Path(paths[0]) if paths[0] != "-" else Path.cwd()
        config = load_config(config_path or find_config(first))
        nlp = load_pipeline(model_name or config.model)
    except TonecheckError as error:
        _fail(error)
        raise SystemExit(ExitCode.ERROR) from None
    exit_code = ExitCode.OK
    for path in paths:
        try:
            document = read_document(path)
        except TonecheckError as error:
            _fail(error)
            exit_code = ExitCode.ERROR
            continue
        stats = text_stats(analyse(nlp, document))
        click.echo(
            f"{document.path}: {stats.words} woorden, {stats.sentences} zinnen, "
            f"gemiddeld {stats.avg_sentence_length} woorden per zin, "
            f"Flesch-Douma {stats.flesch_douma}"
        )
    raise SystemExit(exit_code)
