"""JSON output (one object for all letters) and JSON Lines (one letter per line)."""

from __future__ import annotations

import json

from tonecheck.report.result import DocumentResult, envelope


def render_json(results: list[DocumentResult]) -> str:
    return json.dumps(envelope([r.as_dict() for r in results]), ensure_ascii=False, indent=2)


def render_jsonl_line(result: DocumentResult) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False)
