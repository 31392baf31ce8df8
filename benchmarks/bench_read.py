"""Benchmark reading a 3-page .docx letter into the document model (target: < 50 ms).

Usage: python benchmarks/bench_read.py [--repeat 30]

The letter is built here with python-docx: about 1,500 words over three pages, with
headings, a table of amounts, bullet lists, a header and a footer.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import docx

from tonecheck.documents import read_document

PARAGRAPH = (
    "Wij hebben uw aanvraag zorgvuldig bekeken. U vroeg om een bijdrage in de kosten van "
    "uw woning, omdat uw inkomen is gedaald. Wij begrijpen dat dit een moeilijke tijd voor "
    "u is. In deze brief leest u wat wij hebben besloten, waarom wij dat hebben besloten en "
    "wat u nu kunt doen. Heeft u vragen, bel ons dan gerust op een werkdag."
)


def build_three_page_letter(path: Path, text: str = PARAGRAPH) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Gemeente Voorbeeld"
    document.sections[0].footer.paragraphs[0].text = "Postbus 1, 1000 AA Voorbeeld"
    document.add_paragraph("Geachte mevrouw Jansen,")
    for section in range(6):
        document.add_heading(f"Onderdeel {section + 1}", level=1)
        for _ in range(4):
            paragraph = document.add_paragraph()
            for i, word in enumerate(text.split(" ")):
                run = paragraph.add_run(word + " ")
                run.bold = i % 9 == 0
        for item in ("een betalingsregeling", "hulp van het wijkteam", "een nieuwe aanvraag"):
            document.add_paragraph(f"U kunt vragen om {item}.", style="List Bullet")
    table = document.add_table(rows=6, cols=3)
    for r in range(6):
        for c in range(3):
            table.cell(r, c).text = f"bedrag {r}-{c}: {r * 100 + c} euro"
    document.add_paragraph("Met vriendelijke groet,")
    document.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = build_three_page_letter(Path(folder) / "drie-paginas.docx")
        document = read_document(path)
        words = len(document.text.split())
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            read_document(path)
            times.append(time.perf_counter() - start)
    print(
        f"read 3-page .docx ({words} words, {len(document.blocks)} blocks): "
        f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
        f"over {args.repeat} runs"
    )


if __name__ == "__main__":
    main()
