"""``tonecheck eval``: precision and recall of the rule set on a labelled corpus."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from tonecheck.cli.exit_codes import ExitCode
from tonecheck.cli.options import checker_from_options, fail, model_option, rules_option
from tonecheck.errors import TonecheckError
from tonecheck.evaluation import compare, evaluate, load_labels, precision_recall


@click.command("eval")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--labels",
    "labels_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Labels file (docs/eval-labels.md) [default: CORPUS/../labels.yml].",
)
@click.option("--only", metavar="FIRST-LAST", help="Only letters numbered FIRST to LAST.")
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Results of an earlier run (--save): show findings gained and lost per letter.",
)
@click.option("--save", type=click.Path(dir_okay=False, path_type=Path), help="Save these results.")
@click.option("--rules-table/--no-rules-table", default=True, help="Show the per-rule table.")
@model_option
@rules_option
def eval_command(corpus, labels_path, only, baseline, save, rules_table, **options) -> None:
    """Measure the rules on a folder of labelled letters: precision and recall per category
    and per rule, the false positives and negatives, and what changed since a baseline."""
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
    click.echo(f"letters: {len(labels)} ({good} good: nothing expected)")
    typed = sum(1 for v in labels.values() if v.get("type"))
    click.echo(f"letter type right: {result.types_right}/{typed}")
    _table("category", result.by_category)
    if rules_table:
        click.echo("")
        _table("rule", {r: c for r, c in result.by_rule.items() if c["tp"] + c["fp"]})
        click.echo("(per rule: a letter counts when its category is labelled; recall is the share "
                   "of letters expecting the category that this rule caught)")  # fmt: skip
    if result.mistakes:
        click.echo("")
        click.echo("\n".join(result.mistakes))
    current = result.as_dict()
    if baseline:
        changes = compare(current, json.loads(baseline.read_text(encoding="utf-8")))
        click.echo("")
        click.echo(f"against {baseline}: {len(changes)} change(s)")
        click.echo("\n".join(changes))
    if save:
        save.write_text(json.dumps(current, ensure_ascii=False, indent=1), encoding="utf-8")


def _table(title: str, counts: dict) -> None:
    click.echo(f"{title:30} {'precision':>9} {'recall':>7}   tp fp fn tn")
    for name, c in sorted(counts.items()):
        precision, recall = precision_recall(c)
        click.echo(
            f"{name:30} {_num(precision):>9} {_num(recall):>7}   "
            f"{c['tp']:2} {c['fp']:2} {c['fn']:2} {c['tn']:2}"
        )


def _num(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}"


def _number(name: str) -> int:
    head = name.split("-")[0]
    return int(head) if head.isdigit() else -1
