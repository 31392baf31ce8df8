"""``tonecheck eval``: precision and recall of the rule set on a labelled corpus."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import checker_from_options, fail, model_option, rules_option
from tonecheck.errors import TonecheckError
from tonecheck.evaluation import (
    compare,
    evaluate,
    false_alarm_rate,
    load_labels,
    precision_recall,
)


@click.command("eval")
@click.argument(
    "corpus", metavar="MAP", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--labels",
    "labels_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Bestand met labels (docs/eval-labels.md) [standaard: MAP/../labels.yml].",
)
@click.option(
    "--only",
    metavar="EERSTE-LAATSTE",
    help="Alleen de brieven met nummer EERSTE tot en met LAATSTE.",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Resultaten van een eerdere meting (--save): toon per brief de bevindingen die "
    "erbij kwamen en die verdwenen.",
)
@click.option(
    "--save", type=click.Path(dir_okay=False, path_type=Path), help="Bewaar deze resultaten."
)
@click.option("--rules-table/--no-rules-table", default=True, help="Toon de tabel per regel.")
@model_option
@rules_option
def eval_command(corpus, labels_path, only, baseline, save, rules_table, **options) -> None:
    """Meet de regels op een map met gelabelde brieven: precisie en recall per categorie en
    per regel, de onterechte en de gemiste meldingen, en wat er veranderde sinds een eerdere
    meting."""
    labels_path = labels_path or corpus.parent / "labels.yml"
    _, checker = checker_from_options(corpus, **options)
    try:
        labels = load_labels(labels_path)
        if only:
            first, last = (int(n) for n in only.split("-"))
            labels = {k: v for k, v in labels.items() if first <= _number(k) <= last}
        result = evaluate(corpus, labels, checker)
    except (TonecheckError, ValueError) as error:
        fail(error if isinstance(error, TonecheckError) else TonecheckError(str(error)))
        raise SystemExit(ExitCode.ERROR) from None
    good = sum(not any(v["expect"].values()) for v in labels.values())
    click.echo(f"brieven: {len(labels)} ({good} goed: niets verwacht)")
    typed = sum(1 for v in labels.values() if v.get("type"))
    click.echo(f"brieftype juist: {result.types_right}/{typed}")
    _table("categorie", result.by_category)
    if rules_table:
        click.echo("")
        _table("regel", {r: c for r, c in result.by_rule.items() if c["tp"] + c["fp"]})
        click.echo(
            "(per regel: een brief telt mee als de categorie ervan gelabeld is; recall is het "
            "deel van de brieven die de categorie verwachten dat deze regel ving)"
        )
    if result.mistakes:
        click.echo("")
        click.echo("\n".join(result.mistakes))
    current = result.as_dict()
    if baseline:
        changes = compare(current, json.loads(baseline.read_text(encoding="utf-8")))
        click.echo("")
        click.echo(f"vergeleken met {baseline}: {len(changes)} wijziging(en)")
        click.echo("\n".join(changes))
    if save:
        save.write_text(json.dumps(current, ensure_ascii=False, indent=1), encoding="utf-8")


def _table(title: str, counts: dict) -> None:
    """Precision, recall and the counts per row, and the false-alarm rate
    (:func:`~tonecheck.evaluation.false_alarm_rate`)."""
    click.echo(f"{title:30} {'precisie':>9} {'recall':>7}   tp fp fn tn  vals alarm")
    for name, c in sorted(counts.items()):
        precision, recall = precision_recall(c)
        click.echo(
            f"{name:30} {_num(precision):>9} {_num(recall):>7}   "
            f"{c['tp']:2} {c['fp']:2} {c['fn']:2} {c['tn']:2}  {_num(false_alarm_rate(c)):>10}"
        )


def _num(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}"


def _number(name: str) -> int:
    head = name.split("-")[0]
    return int(head) if head.isdigit() else -1
