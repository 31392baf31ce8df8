#!/usr/bin/env bash
# Train, evaluate and package the bundled Dutch pipeline.
# Usage: bash training/train.sh [UD_DIR]   (default ../shared/ud-dutch)
# Takes about 90 minutes on a 2-core machine (one core is used): 40 for the pipeline,
# 10 for the sentence-role classifier (training/roles/), 35 for the five out-of-fold
# role models under the letter-level aggregator, 5 for the bad-news model.
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
# the sentence-role classifier reads the new pipeline's parse: trained after it, saved
# into the packaged pipeline (tonecheck/model/nl_tonecheck/roles)
# (the letters read once, kept in a temporary cache for the steps after it)
ITEMS="$(mktemp -d)/items.json"
$PY training/roles/train_roles.py final --cache "$ITEMS"
# letter-level answers (tonecheck/model/nl_tonecheck/roles/letter_aggregate.json): sentence
# scores from five role models that never saw the letter's writer, then per question a
# logistic regression and its mark on them, and the role thresholds the checker uses
# (roles/thresholds.json), tuned on those scores (training/roles/train_aggregate.py)
OOF="${ITEMS%.json}-oof.json"
$PY training/roles/train_aggregate.py oof --cache "$ITEMS" --scores "$OOF"
$PY training/roles/train_aggregate.py fit --cache "$ITEMS" --scores "$OOF"
# the letter type learned on top of the roles (tonecheck/model/nl_tonecheck/letter_type),
# also from the development rounds of training/roles/unseen/ (writers 65-94, read with the
# role model that never saw them); writers 95-106 stay unseen by every model
$PY training/roles/train_letter_types.py final --add-unseen 65-94
# bad news learned from the roles and the letter type (roles/bad_news.json): each train
# and dev letter read as by a checker whose role and letter-type models never saw its
# writer, then a logistic regression on them (training/roles/train_bad_news.py)
BAD_NEWS="${ITEMS%.json}-bad-news.json"
$PY training/roles/train_bad_news.py rows --items "$ITEMS" --oof-scores "$OOF" --rows "$BAD_NEWS"
$PY training/roles/train_bad_news.py fit --rows "$BAD_NEWS"
