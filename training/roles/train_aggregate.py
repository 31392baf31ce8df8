"""Letter-level decisions on held-out writers: out-of-fold sentence scores, thresholds and
the letter aggregator (tonecheck/nlp/letter_aggregate.py).

The rules ask questions about a letter ("does it give a reason anywhere?"). Answered as
"any sentence above its role threshold", one false reason sentence silences the finding,
and thresholds tuned on our own dev letters follow our writers. Here every letter of the
train and dev splits gets its sentence scores from a role model that never saw its
*writer* (grouped cross-validation: the writers are dealt into folds; each fold's letters
are scored by a model trained on the other folds' letters). On those out-of-fold scores:

- ``thresholds``: per role, the threshold of the "any sentence" rule, tuned on held-out
  writers (the same balanced accuracy as train_roles.py, but on out-of-fold scores);
- ``fit``: per question, a logistic regression on a handful of letter features
  (:func:`tonecheck.nlp.letter_aggregate.aggregate_features`) and its decision mark,
  written as JSON into the model folder (``roles/letter_aggregate.json``);
- ``compare``: the shipped rule, the held-out thresholds and the aggregator side by side
  on the out-of-fold letters (by writer-grouped cross-validation of the aggregator
  itself), and with the shipped model's scores on dev, test and ../shared/dev-letters.

The test split is never used to train or tune anything here.

Usage:
  python training/roles/train_aggregate.py oof [--folds 5] [--epochs 12]   # slow: k models
  python training/roles/train_aggregate.py fit        # aggregator + thresholds from the oof scores
  python training/roles/train_aggregate.py compare    # numbers on oof / dev / devletters (/ test)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tonecheck.nlp.letter_aggregate import (
    AGGREGATE_FILE,
    AGGREGATES,
    Aggregate,
    LetterAggregator,
    aggregate_features,
    feature_names,
)
from tonecheck.nlp.role_evidence import read_role_evidence
from tonecheck.nlp.roles import MODEL_PATH, ROLES, THRESHOLDS_FILE
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from roles_data import read_roles_file  # noqa: E402
from train_roles import (  # noqa: E402
    ARCHITECTURES,
    Item,
    _best_threshold,
    _cached_items,
    predict,
    seed_list,
    train,
    train_ensemble,
)

DEFAULT_CACHE = Path("/tmp/items5.json")
DEFAULT_SCORES = Path("/tmp/oof_scores.json")
DECISION_TYPES = {
    "afwijzing", "toekenning", "gedeeltelijke-toekenning", "boete", "terugvordering",
    "handhaving", "beslissing-op-bezwaar",
}  # fmt: skip
L2 = 1.0  # inverse regularisation strength (C) of the logistic regressions
FOLDS = 5


def writer_of(letter_id: str) -> str:
    """The writer (the group of grouped cross-validation): "w12-034" → "w12"; the
    external real letters are one group."""
    head = letter_id.split("-")[0]
    return head if head.startswith("w") and head[1:].isdigit() else "real"


def writer_folds(letters: dict[str, str], folds: int) -> dict[str, int]:
    """Writers dealt into ``folds`` folds of about equal size (most letters first)."""
    sizes = Counter(writer_of(letter) for letter in letters)
    load = [0] * folds
    fold_of: dict[str, int] = {}
    for writer, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        fold = min(range(folds), key=lambda k: (load[k], k))
        fold_of[writer] = fold
        load[fold] += size
    return fold_of


def letter_types() -> dict[str, str]:
    types = {}
    for path in sorted((HERE / "letters").glob("*.roles")):
        for letter in read_roles_file(path):
            types[letter.id] = letter.letter_type
    for path in sorted((HERE / "external").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                key = row.get("id") or row.get("file")
                if key is not None:
                    types[str(key)] = row.get("type", row.get("meta", {}).get("type", "overig"))
    return types


# --- out-of-fold scores -------------------------------------------------------------


def oof(
    items: list[Item],
    folds: int,
    epochs: int,
    architecture: str,
    seeds: tuple[int, ...] | None = None,
) -> list[dict | None]:
    """Each train and dev sentence scored by a role model trained on the other folds'
    writers: one classifier of the default seed, or (``seeds``) one per seed, averaged,
    as ``train_roles.py final --seeds`` builds an ensemble."""
    pool = [i for i, item in enumerate(items) if item.split in ("train", "dev")]
    letters = {items[i].letter: items[i].split for i in pool}
    fold_of = writer_folds(letters, folds)
    print("folds:", {k: sorted(w for w, f in fold_of.items() if f == k) for k in range(folds)})
    scores: list[dict | None] = [None] * len(items)
    for fold in range(folds):
        held = [i for i in pool if fold_of[writer_of(items[i].letter)] == fold]
        kept = [items[i] for i in pool if fold_of[writer_of(items[i].letter)] != fold]
        started = time.time()
        arch = ARCHITECTURES[architecture]
        model = (
            train(kept, arch, epochs)
            if seeds is None
            else train_ensemble(kept, arch, epochs, seeds)
        )
        for index, score in zip(held, predict(model, [items[i] for i in held]), strict=True):
            scores[index] = score
        print(f"fold {fold}: trained on {len(kept)} sentences, scored {len(held)} "
              f"({time.time() - started:.0f} s)", flush=True)  # fmt: skip
    return scores


def shipped_scores(items: list[Item]) -> list[dict]:
    import spacy

    model = spacy.load(MODEL_PATH)
    return predict(model, items)


# --- letters as the aggregator sees them ---------------------------------------------


def zone_of(item: Item) -> str:
    return next((f[2:] for f in item.features if f.startswith("z:")), "body")


def letters_of(
    items: Sequence[Item], scores: Sequence[dict | None], splits: set[str]
) -> dict[str, list[tuple[Item, dict]]]:
    """Per letter, its sentences with their scores (as at run time: the sentences of the
    address, signature and the like are not read and score 'other' only)."""
    unread = dict.fromkeys(ROLES, 0.0) | {"other": 1.0}
    letters: dict[str, list[tuple[Item, dict]]] = {}
    for item, score in zip(items, scores, strict=True):
        if item.split not in splits or score is None:
            continue
        score = unread if zone_of(item) in NON_TEXT_ZONES else score
        letters.setdefault(item.letter, []).append((item, score))
    return letters


def gold(sentences: list[tuple[Item, dict]], roles: Sequence[str]) -> bool:
    return any(set(roles) & item.roles for item, _ in sentences)


def run_time_view(sentences: list[tuple[Item, dict]]) -> list[tuple[str, dict]]:
    return [(zone_of(item), score) for item, score in sentences]


def design(
    letters: dict[str, list[tuple[Item, dict]]], aggregate: Aggregate
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    names = sorted(letters)
    x = np.array([aggregate_features(run_time_view(letters[n]), aggregate) for n in names])
    y = np.array([gold(letters[n], aggregate.roles) for n in names], dtype=float)
    return x, y, names


def fit_logistic(x: np.ndarray, y: np.ndarray) -> dict:
    """L2-regularised logistic regression (penalty 1/L2 on the weights, not the bias) on
    standardised features, by Newton's method: small, exact and without a dependency."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    theta = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) / L2
    penalty[-1, -1] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(z @ theta, -30, 30)))
        gradient = z.T @ (p - y) + penalty @ theta
        hessian = (z * (p * (1 - p))[:, None]).T @ z + penalty + 1e-9 * np.eye(len(theta))
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return {
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in theta[:-1]],
        "bias": round(float(theta[-1]), 6),
    }


def probability(params: dict, x: np.ndarray) -> np.ndarray:
    z = ((x - np.array(params["mean"])) / np.array(params["scale"])) @ np.array(
        params["weights"]
    ) + params["bias"]
    return 1 / (1 + np.exp(-z))


def grouped_cv(x: np.ndarray, y: np.ndarray, names: list[str], folds: int = FOLDS) -> np.ndarray:
    """Out-of-fold probabilities of the aggregator itself, folds by writer."""
    fold_of = writer_folds(dict.fromkeys(names, ""), folds)
    fold = np.array([fold_of[writer_of(n)] for n in names])
    out = np.zeros(len(names))
    for k in range(folds):
        params = fit_logistic(x[fold != k], y[fold != k])
        out[fold == k] = probability(params, x[fold == k])
    return out


MARK_GRID = tuple(round(0.05 * k, 2) for k in range(2, 19))  # 0.10 … 0.90


def f1_missing(present: np.ndarray, predicted_present: np.ndarray, mask: np.ndarray) -> tuple:
    """P, R and F of the finding "missing" among the letters of ``mask``."""
    missing, found = ~present & mask, ~predicted_present & mask
    tp, fp, fn = (
        int((missing & found).sum()),
        int((found & ~missing).sum()),
        int((missing & ~found).sum()),
    )
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tune_mark(probabilities: np.ndarray, present: np.ndarray, mask: np.ndarray) -> float:
    """The mark below which the letter is read as lacking it: best F of the finding on
    the letters where the question is asked (ties: the mark nearest 0.5)."""
    best = max(
        (f1_missing(present, probabilities >= m, mask)[2], -abs(m - 0.5), m) for m in MARK_GRID
    )
    return best[2]


def asked(letters: dict, names: list[str], aggregate: Aggregate, types: dict) -> np.ndarray:
    """The letters where the question is asked (bad news; for the objection clause a
    decision in a letter of a decision type), by the annotations."""
    result = []
    for name in names:
        sentences = letters[name]
        if aggregate.name.startswith("objection"):
            decided = gold(sentences, ("decision-negative", "decision-positive"))
            result.append(decided and types.get(name, "overig") in DECISION_TYPES)
        else:
            result.append(gold(sentences, ("decision-negative",)))
    return np.array(result, dtype=bool)


def any_rule(
    letters: dict, names: list[str], roles: Sequence[str], thresholds: dict[str, float]
) -> np.ndarray:
    return np.array(
        [any(score[r] >= thresholds[r] for _, score in letters[n] for r in roles) for n in names]
    )


def fired_gate(
    letters: dict, names: list[str], aggregate: Aggregate, thresholds: dict, types: dict
) -> np.ndarray:
    """Where the rule asks, read from the scores: a decision sentence at its threshold
    (for the objection clause also a letter of a decision type, by the annotation)."""
    decided = any_rule(letters, names, aggregate.decision_roles, thresholds)
    if aggregate.name.startswith("objection"):
        typed = np.array([types.get(n, "overig") in DECISION_TYPES for n in names])
        return decided & typed
    return decided


def tune_thresholds(letters: dict, names: list[str]) -> dict[str, float]:
    """train_roles.tune_thresholds on letter level, here on out-of-fold scores. A sentence
    that lacks what rules/structure/role-evidence.yml asks of a role cannot have it, at
    any threshold, so its score for that role does not count (as at run time)."""
    evidence = read_role_evidence()

    def best(sentences: list[tuple[Item, dict]], role: str) -> float:
        return max(
            (s[role] for item, s in sentences if not evidence.withheld((role,), item.text)),
            default=0.0,
        )

    return {
        role: _best_threshold([(gold(letters[n], (role,)), best(letters[n], role)) for n in names])
        for role in ROLES
    }


# --- commands ------------------------------------------------------------------------


def load_scores(path: Path) -> list[dict | None]:
    return json.loads(path.read_text(encoding="utf-8"))


def fit(items: list[Item], scores: list[dict | None], out: Path) -> dict:
    letters = letters_of(items, scores, {"train", "dev"})
    types = letter_types()
    result: dict = {"version": 1, "features": feature_names(), "aggregates": {}}
    for aggregate in AGGREGATES.values():
        x, y, names = design(letters, aggregate)
        mask = asked(letters, names, aggregate, types)
        cv = grouped_cv(x, y, names)
        mark = tune_mark(cv, y.astype(bool), mask)
        params = fit_logistic(x, y)
        p, r, f = f1_missing(y.astype(bool), cv >= mark, mask)
        print(f"{aggregate.name:16} mark {mark:.2f}  held-out writers: finding P {p:.2f} "
              f"R {r:.2f} F {f:.2f}  ({int(mask.sum())} letters asked)")  # fmt: skip
        result["aggregates"][aggregate.name] = {**params, "mark": mark}
    held_out = tune_thresholds(letters, sorted(letters))
    result["thresholds_held_out"] = held_out
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"written {out}")
    # the role thresholds the checker uses: tuned on writers no model saw, not on the
    # dev letters of the shipped model's own writers, where they moved with the seed
    # (the model card's round seven)
    thresholds = out.parent / THRESHOLDS_FILE
    thresholds.write_text(json.dumps(held_out, indent=1), encoding="utf-8")
    print(f"written {thresholds}: {held_out}")
    return result


def compare(items, oof_scores, shipped, aggregator: LetterAggregator, splits: list[str]):
    shipped_thresholds = json.loads((MODEL_PATH / THRESHOLDS_FILE).read_text())
    held_out = aggregator.held_out_thresholds or shipped_thresholds
    types = letter_types()
    views = [("oof (train+dev, held-out writers)", oof_scores, {"train", "dev"})]
    views += [(f"shipped model, {s}", shipped, {s}) for s in splits]
    for title, scores, wanted in views:
        letters = letters_of(items, scores, wanted)
        print(f"\n{title}: {len(letters)} letters (finding P / R / F where asked)")
        print(f"{'question':16} {'asked':>5} {'shipped thr':>17} {'held-out thr':>17} "
              f"{'aggregator':>17}")  # fmt: skip
        for aggregate in AGGREGATES.values():
            x, y, names = design(letters, aggregate)
            present = y.astype(bool)
            mask = asked(letters, names, aggregate, types)
            row = []
            for thresholds in (shipped_thresholds, held_out):
                found = any_rule(letters, names, aggregate.roles, thresholds)
                row.append(f1_missing(present, found, mask))
            if "oof" in title:  # the aggregator's own cross-validation, folds by writer
                probabilities = grouped_cv(x, y, names)
            else:
                probabilities = np.array(
                    [aggregator.probability(run_time_view(letters[n]), aggregate.name)
                     for n in names]
                )  # fmt: skip
            row.append(f1_missing(present, probabilities >= aggregator.mark(aggregate.name), mask))
            cells = " ".join(f"{p:5.2f} {r:5.2f} {f:5.2f}" for p, r, f in row)
            print(f"{aggregate.name:16} {int(mask.sum()):5} {cells}")
            # as the rule fires it: asked by the model's own decision sentences, not the
            # annotations (counted over every letter)
            gate = fired_gate(letters, names, aggregate, shipped_thresholds, types)
            everywhere = np.ones(len(names), dtype=bool)
            expected = ~present & mask
            row = []
            for found in (
                any_rule(letters, names, aggregate.roles, shipped_thresholds),
                any_rule(letters, names, aggregate.roles, held_out),
                probabilities >= aggregator.mark(aggregate.name),
            ):
                row.append(f1_missing(~expected, ~(~found & gate), everywhere))
            cells = " ".join(f"{p:5.2f} {r:5.2f} {f:5.2f}" for p, r, f in row)
            print(f"{'  (gated)':16} {len(names):5} {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["oof", "fit", "compare"])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="parsed items")
    parser.add_argument("--scores", type=Path, default=DEFAULT_SCORES, help="oof scores")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--architecture", default="small", choices=list(ARCHITECTURES))
    parser.add_argument("--out", type=Path, default=MODEL_PATH / AGGREGATE_FILE)
    parser.add_argument("--splits", nargs="*", default=["dev", "devletters"])
    parser.add_argument(
        "--seeds",
        type=seed_list,
        default=None,
        help="oof: one classifier per seed in each fold, averaged (e.g. 20261206,20261207: "
        "the two-member candidate of round nine); default: one, of the default seed",
    )
    args = parser.parse_args()
    items = _cached_items(args.cache)
    if args.command == "oof" or not args.scores.exists():
        started = time.time()
        scores = oof(items, args.folds, args.epochs, args.architecture, args.seeds)
        args.scores.write_text(json.dumps(scores), encoding="utf-8")
        print(f"out-of-fold scores in {time.time() - started:.0f} s → {args.scores}")
        if args.command == "oof":
            return
    scores = load_scores(args.scores)
    if args.command == "fit":
        fit(items, scores, args.out)
        return
    aggregator = LetterAggregator.load(args.out)
    compare(items, scores, shipped_scores(items), aggregator, args.splits)


if __name__ == "__main__":
    main()
