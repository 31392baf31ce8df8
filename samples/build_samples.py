"""Build the sample letters in ``samples/`` (.docx and .txt) from ``samples/src/*.md``.

Markup: ``# `` heading, ``- `` bullet, ``| a | b |`` table row; lines of one chunk that
are not bullets or table rows become one paragraph with line breaks (address blocks).
Usage: python samples/build_samples.py
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def _chunks(text: str) -> list[list[str]]:
    return [chunk.splitlines() for chunk in text.strip().split("\n\n")]


def build_docx(source: Path, target: Path) -> None:
    document = docx.Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    for lines in _chunks(source.read_text(encoding="utf-8")):
        if lines[0].startswith("# "):
            document.add_heading(lines[0][2:], level=1)
            lines = lines[1:]
        rows = [line for line in lines if line.startswith("|")]
        if rows:
            cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
            table = document.add_table(rows=len(cells), cols=len(cells[0]))
            table.style = "Table Grid"
            for r, row in enumerate(cells):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            continue
        if lines and all(line.startswith("- ") for line in lines):
            for line in lines:
                document.add_paragraph(line[2:], style="List Bullet")
            continue
        if lines:
            paragraph = document.add_paragraph()
            for i, line in enumerate(lines):
                run = paragraph.add_run(line)
                if i < len(lines) - 1:
                    run.add_break()
    document.core_properties.author = "tonecheck samples"
    document.save(target)


def build_txt(source: Path, target: Path) -> None:
    text = source.read_text(encoding="utf-8")
    text = "\n".join(line[2:] if line.startswith("# ") else line for line in text.splitlines())
    target.write_text(text + "\n", encoding="utf-8")


def main() -> None:
    sources = sorted((HERE / "src").glob("*.md"))
    for source in sources:
        build_docx(source, HERE / f"{source.stem}.docx")
    build_txt(HERE / "src" / "afwijzing-bijzondere-bijstand-kil.md",
              HERE / "afwijzing-bijzondere-bijstand-kil.txt")  # fmt: skip
    print(f"built {len(sources)} .docx samples")


if __name__ == "__main__":
    main()
