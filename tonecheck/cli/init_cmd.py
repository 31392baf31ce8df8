"""``tonecheck init``: a starter configuration and an example house-style rule file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode

FILES = {"tonecheck.toml": "tonecheck.toml", "huisstijl.yml": "rules/huisstijl.yml"}


@click.command("init")
@click.argument(
    "folder", default=".", metavar="[MAP]", type=click.Path(file_okay=False, path_type=Path)
)
def init_command(folder: Path) -> None:
    """Schrijf een startconfiguratie (tonecheck.toml) en een voorbeeld van een eigen
    regelbestand (rules/huisstijl.yml), beide met uitleg, in MAP (standaard: hier)."""
    targets = {folder / target: source for source, target in FILES.items()}
    existing = [str(path) for path in targets if path.exists()]
    if existing:
        click.echo(f"tonecheck: {', '.join(existing)}: bestaat al; niets geschreven", err=True)
        raise SystemExit(ExitCode.ERROR)
    templates = resources.files("tonecheck") / "templates" / "init"
    for path, source in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((templates / source).read_text(encoding="utf-8"), encoding="utf-8")
        click.echo(f"geschreven: {path}")
    click.echo("Volgende stap: tonecheck rules test rules/huisstijl.yml")
