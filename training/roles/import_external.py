"""Turn role annotations that quote letters in ../shared into offsets-only annotations.

Input: JSON lines ``{"file": "dev-letters/letters/s001-….txt", "type": "afwijzing",
"sentences": [["quoted sentence", ["role", …]], …]}`` (paths relative to the shared
folder). Output: the same letters as ``{"id", "file", "meta", "sentences": [[start, end,
[roles]], …]}`` with character offsets into the file, so the letters' text never enters
the repository.

Usage: python training/roles/import_external.py QUOTED.jsonl OUT.jsonl [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path


def locate(text: str, unit: str, start: int) -> tuple[int, int] | None:
    """Where ``unit`` stands in ``text`` at or after ``start`` (whitespace may differ)."""
    words = unit.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    match = pattern.search(text, start)
    return (match.start(), match.end()) if match else None


def convert(entry: dict, shared: Path) -> tuple[dict, list[str]]:
    text = (shared / entry["file"]).read_text(encoding="utf-8")
    position, spans, missing = 0, [], []
    for unit, roles in entry["sentences"]:
        found = locate(text, unit, position)
        if found is None:
            missing.append(unit)
            continue
        spans.append([found[0], found[1], sorted(roles)])
        position = found[1]
    name = Path(entry["file"]).stem
    out = {
        "id": name,
        "file": entry["file"],
        "meta": {"type": entry.get("type", "overig")},
        "sentences": spans,
    }
    return out, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("quoted", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[3] / "shared")
    args = parser.parse_args()
    lines, lost = [], 0
    for raw in args.quoted.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            converted, missing = convert(json.loads(raw), args.shared)
            lost += len(missing)
            for unit in missing:
                print(f"{converted['file']}: not found: {unit[:70]!r}")
            lines.append(json.dumps(converted, ensure_ascii=False))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} letters written to {args.out}; {lost} unit(s) not found")


if __name__ == "__main__":
    main()
