"""``tonecheck inspect``: show how tonecheck understands a letter (zones, letter type)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import checker_from_options, model_option, table_or_json_option
from tonecheck.cli.roles_view import ROLE_MARKS, letter_level_rows, render_roles, role_rows
from tonecheck.documents import read_document
from tonecheck.errors import TonecheckError
from tonecheck.nlp.letter import Letter
from tonecheck.nlp.roles import RoleModel


def letter_as_dict(letter: Letter, roles: RoleModel | None = None) -> dict:
    """A letter as ``inspect --format json`` shows it; with the role model, also what
    gave each role a sentence gained."""
    return {
        "path": letter.document.path,
        "letter_type": {
            "label": letter.letter_type.label,
            "confidence": letter.letter_type.confidence,
            "evidence": letter.letter_type.evidence,
            "ruled_out": list(letter.letter_type.ruled_out),
        },
        "metadata_lines": letter.document.metadata_lines,
        "blocks": [
            {
                "index": block.index,
                "kind": str(block.kind),
                "style": block.style,
                "zone": block.zone,
                "text": block.text,
            }
            for block in letter.document.blocks
        ],
        "sentences": role_rows(letter, roles),
        "letter_level": letter_level_rows(letter),
    }


def render_table(letter: Letter, roles: RoleModel | None) -> str:
    width = max(60, shutil.get_terminal_size((100, 20)).columns - 40)
    kind = letter.letter_type
    lines = [
        f"{letter.document.path}",
        f"  brieftype: {kind.label} (zekerheid {kind.confidence:.2f})",
    ]
    if kind.evidence:
        lines.append(f"  op grond van: \u201c{kind.evidence}\u201d")
    # a type the classifier preferred, but that the letter cannot be
    preferred = [
        t
        for t in kind.ruled_out
        if kind.probabilities.get(t, 0.0) > kind.probabilities.get(kind.label, 0.0)
    ]
    if preferred:
        lines.append(
            f"  niet: {', '.join(preferred)} (de brief noemt niet waar zo'n brief over"
            " gaat: 'mentions' in rules/structure/letter-types.yml)"
        )
    skipped = letter.document.metadata_lines
    if skipped:
        lines.append(
            f"  regel 1\u2013{skipped}: gegevens boven de brief, niet gelezen als brieftekst"
        )
    lines.append("")
    lines.append(f"  {'#':>3}  {'soort':10}  {'zone':16}  tekst")
    for block in letter.document.blocks:
        text = block.text.replace("\n", " \u21b5 ")
        if len(text) > width:
            text = text[: width - 1] + "\u2026"
        lines.append(f"  {block.index:>3}  {block.kind:10}  {block.zone:16}  {text}")
    lines += ["", f"  zinsrollen ({ROLE_MARKS}):"]
    lines += render_roles(letter, roles)
    return "\n".join(lines)


@click.command("inspect")
@click.argument("paths", nargs=-1, required=True, metavar="BRIEF...")
@table_or_json_option
@model_option
def inspect_command(paths: tuple[str, ...], output_format: str, **options) -> None:
    """Toon hoe tonecheck een brief begrijpt: de blokken met hun zone, het brieftype met
    waarop dat berust, en de rollen van elke zin met hun scores."""
    _, checker = checker_from_options(Path(paths[0]), with_rules=False, **options)
    spec = checker.structure
    exit_code = ExitCode.OK
    results = []
    for path in paths:
        try:
            letter = checker.understand(read_document(path))
        except TonecheckError as error:
            click.echo(f"tonecheck: {error}", err=True)
            exit_code = ExitCode.ERROR
            continue
        if output_format == "json":
            results.append(letter_as_dict(letter, spec.roles))
        else:
            click.echo(render_table(letter, spec.roles))
    if output_format == "json" and results:
        payload = results[0] if len(paths) == 1 else results
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    raise SystemExit(exit_code)
