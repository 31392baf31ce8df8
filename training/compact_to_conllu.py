"""Convert hand-annotated letter sentences (compact format) into validated CoNLL-U.

Compact format: ``# text = …`` then one token per line ``FORM LEMMA UPOS FEATS HEAD DEPREL``.
Checks that the tokens spell the text, heads are in range, there is one root and no cycle.
Usage: python training/compact_to_conllu.py IN.txt OUT.conllu
"""

from __future__ import annotations

import sys
from pathlib import Path


def convert(src: Path) -> list[str]:
    out: list[str] = []
    blocks = [b for b in src.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    for n, block in enumerate(blocks, start=1):
        lines = block.strip().splitlines()
        text = lines[0].removeprefix("# text = ")
        rows = [line.split(" ") for line in lines[1:]]
        heads = [int(r[4]) for r in rows]
        assert all(len(r) == 6 for r in rows), f"sentence {n}: bad column count"
        assert heads.count(0) == 1, f"sentence {n}: needs exactly one root: {text}"
        assert all(0 <= h <= len(rows) for h in heads), f"sentence {n}: head out of range"
        for i in range(len(rows)):
            seen, node = set(), i + 1
            while node:
                assert node not in seen, f"sentence {n}: cycle: {text}"
                seen.add(node)
                node = heads[node - 1]
        out += [f"# sent_id = letter-{n:03d}", f"# text = {text}"]
        pos = 0
        for i, (form, lemma, upos, feats, head, deprel) in enumerate(rows, start=1):
            start = text.index(form, pos)
            assert text[pos:start].strip() == "", f"sentence {n}: '{form}' not at {pos}: {text}"
            pos = start + len(form)
            space = pos < len(text) and text[pos] == " "
            misc = "_" if space or pos == len(text) else "SpaceAfter=No"
            out.append("\t".join([str(i), form, lemma, upos, "_", feats, head, deprel, "_", misc]))
        assert pos == len(text), f"sentence {n}: tokens do not cover the text: {text}"
        out.append("")
    return out


if __name__ == "__main__":
    lines = convert(Path(sys.argv[1]))
    Path(sys.argv[2]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{sum(1 for line in lines if line.startswith('# text'))} sentences")
