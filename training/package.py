"""Copy a trained pipeline into the package and write its metadata.

Usage: python training/package.py MODEL_DIR TARGET_DIR
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        name="tonecheck",
        version="1.0.0",
        description="Dutch pipeline for letters: tagger (CGN), morphologizer, parser, "
        "trainable lemmatizer. Trained on UD_Dutch-LassySmall, UD_Dutch-Alpino and "
        "hand-annotated letter sentences.",
        author="tonecheck developers",
        license="CC BY-SA 4.0",
        sources=[
            {"name": "UD_Dutch-LassySmall", "license": "CC BY-SA 4.0"},
            {"name": "UD_Dutch-Alpino", "license": "CC BY-SA 4.0"},
            {"name": "tonecheck letter sentences", "license": "CC BY-SA 4.0"},
        ],
    )
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"packaged {source} -> {target} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
