#!/usr/bin/env bash
# Train, evaluate and package the bundled Dutch pipeline.
# Usage: bash training/train.sh [UD_DIR]   (default ../shared/ud-dutch)
# Takes about 40 minutes on a 2-core machine (one core is used).
set -euo pipefail
cd "$(dirname "$0")/.."
UD_DIR=${1:-../shared/ud-dutch}
PY=${PYTHON:-python}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
$PY training/prepare.py --ud-dir "$UD_DIR" --out training/corpus \
    --extra training/letters/letters.conllu
$PY -m spacy train training/config.cfg --code tonecheck/nlp/tokenizer.py \
    --output training/output
$PY training/evaluate.py training/output/model-best --ud-dir "$UD_DIR"
$PY training/package.py training/output/model-best tonecheck/model/nl_tonecheck
