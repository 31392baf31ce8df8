"""Printing records as they arrive: streamed as finished, streamed in input order, or
collected for one JSON object at the end."""

from __future__ import annotations

import json

import click

from tonecheck.batch.process import Record
from tonecheck.report.result import envelope


class Emitter:
    def __init__(self, output_format: str, sort: bool, total: int) -> None:
        self.output_format = output_format
        self.sort = sort
        self.total = total
        self.records: list[Record] = []
        self._waiting: dict[int, Record] = {}
        self._next = 0

    def add(self, record: Record) -> None:
        self.records.append(record)
        if not self.sort:
            self._print(record)
            return
        self._waiting[record.index] = record
        while self._next in self._waiting:
            self._print(self._waiting.pop(self._next))
            self._next += 1

    def finish(self) -> None:
        """Print what is still waiting (after an interruption: what is done, in order)."""
        for index in sorted(self._waiting):
            self._print(self._waiting.pop(index))
        if self.output_format == "json":
            documents = [r.data for r in sorted(self.records, key=lambda r: r.index)]
            click.echo(json.dumps(envelope(documents), ensure_ascii=False, indent=2))

    def _print(self, record: Record) -> None:
        if record.error:
            click.echo(f"tonecheck: {record.path}: {record.error}", err=True)
        if self.output_format == "text" and record.text is not None and not record.error:
            click.echo(record.text)
        elif self.output_format == "jsonl":
            click.echo(json.dumps(record.data, ensure_ascii=False))
        elif record.report and not record.error:
            score = record.data["score"]
            rated = (
                f"score {score['value']}/100 ({score['band']})"
                if score
                else record.data.get("score_note") or "geen score"
            )
            click.echo(
                f"{record.path} \u2192 {record.report}  ({rated}, "
                f"{len(record.data['findings'])} bevindingen)"
            )
