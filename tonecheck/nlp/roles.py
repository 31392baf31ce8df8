"""Sentence roles: what each sentence of a letter does for the reader.

A trained multi-label text classifier (spaCy ``textcat_multilabel``, shipped with the
bundled pipeline in ``tonecheck/model/nl_tonecheck/roles``) scores every sentence for
each role of :data:`ROLES` (documented in ``training/roles/GUIDE.md``). It runs after the
parse and the zones because it reads them: a sentence is described by its own words,
lemmas and a few parse facts, and by its context (the zone, the heading above it, the
words of the sentences before and after). The same :func:`sentence_features` builds the
training examples, so training and checking cannot describe a sentence differently.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from tonecheck.documents.model import Document

ROLES = (
    "decision-negative",
    "decision-positive",
    "reason-case",
    "reason-rule",
    "citation",
    "process",
    "empathy",
    "blame-or-hollow",
    "alternative",
    "next-step",
    "objection-right",
    "objection-term",
    "objection-where",
    "contact",
    "other",
)
DEFAULT_THRESHOLD = 0.5
ROLES_KEY = "tonecheck_roles"  # Doc.user_data: the SentenceRoles of each sentence
MODEL_PATH = Path(__file__).resolve().parent.parent / "model" / "nl_tonecheck" / "roles"
CONTEXT_WORDS = 8  # words of the previous and next sentence used as context
NEGATIONS = frozenset({"niet", "geen", "nooit", "niets", "niemand", "nergens"})


@dataclass(frozen=True)
class SentenceRoles:
    """The roles of one sentence: scores for every role and those at their threshold."""

    start: int  # token offsets of the sentence in the letter's Doc
    end: int
    start_char: int  # character offsets in the letter's text
    end_char: int
    scores: dict[str, float]
    roles: frozenset[str]


def _word(token) -> str:
    if token.like_num or any(c.isdigit() for c in token.text):
        return "<num>"
    if token.text in ("€", "EUR", "euro"):
        return "<eur>"
    return token.lower_


def _heading_above(document: Document, block: int) -> str:
    """The text of the nearest heading-like block above ``block`` (in the body)."""
    from tonecheck.nlp.zones import is_heading_like

    for index in range(block - 1, max(-1, block - 12), -1):
        candidate = document.blocks[index]
        if is_heading_like(candidate):
            return candidate.text
    return ""


def sentence_features(
    sentences: Sequence[Span],
    index: int,
    document: Document,
    blocks: Sequence[int],
    signals: Mapping[int, frozenset[str]] | None = None,
) -> list[str]:
    """The 'words' the classifier reads for sentence ``index``: its own words (numbers as
    one word), then its lemmas, parse facts and context, each with a prefix of its own."""
    sentence = sentences[index]
    words = [_word(t) for t in sentence if not t.is_space]
    features = list(words)
    # lemmas where they differ from the word ("wijzen … af" → "afwijzen", "kreeg" → "krijgen")
    features += [f"l:{t.norm_}" for t in sentence if t.is_alpha and t.norm_ and t.norm_ != t.lower_]
    for token in sentence:
        if token.dep_ == "ROOT":
            features.append(f"root:{token.lemma_.lower()}")
        elif token.dep_ in ("nsubj", "nsubj:pass"):
            features.append(f"subj:{token.lower_}")
        elif token.dep_ == "aux:pass":
            features.append("<passive>")
        if token.lower_ in NEGATIONS:
            features.append("<neg>")
    # the letter-type signals (rules/structure/letter-types.yml) that matched here: a
    # parse-based reading of decisions ("wij betalen … niet" is a refusal)
    features += [f"sig:{t}" for t in sorted((signals or {}).get(sentence.start_char, ()))]
    text = sentence.text.rstrip()
    if text.endswith("?"):
        features.append("<question>")
    if text.startswith(("-", "•", "*")) or " | " in text:
        features.append("<item>")
    block = document.blocks[blocks[index]]
    features.append(f"z:{block.zone}")
    features.append(f"kind:{block.kind.value}")
    features += [f"h:{w.lower()}" for w in _heading_above(document, blocks[index]).split()[:8]]
    position = index / max(1, len(sentences) - 1)
    features.append(f"pos:{min(4, int(position * 5))}")
    if index > 0:
        previous = sentences[index - 1]
        features += [f"p:{_word(t)}" for t in previous if t.is_alpha][:CONTEXT_WORDS]
    if index + 1 < len(sentences):
        following = sentences[index + 1]
        features += [f"n:{_word(t)}" for t in following if t.is_alpha][:CONTEXT_WORDS]
    return features or ["<empty>"]


def letter_features(
    document: Document,
    sentences: Sequence[Span],
    signals: Mapping[int, frozenset[str]] | None = None,
    only: Sequence[int] | None = None,
) -> list[list[str]]:
    """The features of every sentence of a letter, or of the sentences ``only`` names
    (training and checking both use this)."""
    blocks = [document.block_index(s.start_char) for s in sentences]
    indices = range(len(blocks)) if only is None else only
    return [sentence_features(sentences, i, document, blocks, signals) for i in indices]


def sentence_vectors(doc: Doc, sentences: Sequence[Span]) -> np.ndarray | None:
    """Per sentence: the mean and the maximum of the pipeline's token vectors (its shared
    ``tok2vec`` output, already computed by the parse) over the sentence, and the mean
    over the sentences before and after it; None when the pipeline left no vectors."""
    tensor = doc.tensor
    if tensor is None or len(tensor) != len(doc) or not tensor.size:
        return None
    tensor = np.asarray(tensor, dtype=np.float32)
    means = np.stack([tensor[s.start : s.end].mean(axis=0) for s in sentences])
    maxima = np.stack([tensor[s.start : s.end].max(axis=0) for s in sentences])
    zero = np.zeros((1, tensor.shape[1]), dtype=np.float32)
    previous = np.concatenate([zero, means[:-1]])
    following = np.concatenate([means[1:], zero])
    return np.concatenate([means, maxima, previous, following], axis=1)


@dataclass(frozen=True)
class DenseRoles:
    """Logistic regression per role on :func:`sentence_vectors` (standardised)."""

    weights: np.ndarray  # (features, roles)
    bias: np.ndarray  # (roles,)
    mean: np.ndarray  # (features,)
    scale: np.ndarray  # (features,)

    def __call__(self, vectors: np.ndarray) -> np.ndarray:
        logits = ((vectors - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))

    @classmethod
    def load(cls, path: Path) -> DenseRoles:
        data = np.load(path)
        return cls(data["weights"], data["bias"], data["mean"], data["scale"])

    def save(self, path: Path) -> None:
        np.savez(path, weights=self.weights, bias=self.bias, mean=self.mean, scale=self.scale)


class RoleModel:
    """The trained classifiers and the thresholds that turn scores into roles.

    A sentence's score for a role is the mean of two models' probabilities: a
    bag-of-words ``textcat_multilabel`` on :func:`sentence_features` and, when the
    pipeline's token vectors fit, a logistic regression on :func:`sentence_vectors`.
    """

    def __init__(
        self,
        nlp: Language,
        thresholds: dict[str, float] | None = None,
        dense: DenseRoles | None = None,
    ) -> None:
        self.nlp = nlp
        self.textcat = nlp.get_pipe("textcat_multilabel")
        self.thresholds = {role: DEFAULT_THRESHOLD for role in ROLES} | (thresholds or {})
        self.dense = dense

    def with_thresholds(self, thresholds: dict[str, float]) -> RoleModel:
        return RoleModel(self.nlp, {**self.thresholds, **thresholds}, self.dense)

    def bag_of_words(self, features: list[list[str]]) -> np.ndarray:
        docs = [Doc(self.nlp.vocab, words=words) for words in features]
        labels = list(ROLES)
        rows = [[doc.cats[r] for r in labels] for doc in self.textcat.pipe(docs, batch_size=256)]
        return np.array(rows, dtype=np.float32).reshape(len(docs), len(labels))

    def probabilities(self, features: list[list[str]], vectors: np.ndarray | None) -> np.ndarray:
        """(sentences, roles) probabilities in the order of :data:`ROLES`."""
        probabilities = self.bag_of_words(features)
        if (
            self.dense is not None
            and vectors is not None
            and vectors.shape[1] == self.dense.mean.shape[0]
        ):
            probabilities = (probabilities + self.dense(vectors)) / 2
        return probabilities

    def score(
        self, features: list[list[str]], vectors: np.ndarray | None = None
    ) -> list[dict[str, float]]:
        return [
            dict(zip(ROLES, map(float, row), strict=True))
            for row in self.probabilities(features, vectors)
        ]

    def roles_of(self, scores: dict[str, float]) -> frozenset[str]:
        return frozenset(
            r for r, s in scores.items() if r != "other" and s >= self.thresholds.get(r, 0.5)
        )

    def assign(
        self,
        doc: Doc,
        document: Document,
        sentences: Sequence[Span],
        signals: Mapping[int, frozenset[str]] | None = None,
        skip_zones: frozenset[str] = frozenset(),
    ) -> list[SentenceRoles]:
        """Score every sentence (those in ``skip_zones``, such as the address and the
        signature, are not read: they get only ``other``) and keep the result with the
        letter's Doc."""
        zones = [document.blocks[document.block_index(s.start_char)].zone for s in sentences]
        read = [i for i, zone in enumerate(zones) if zone not in skip_zones]
        features = letter_features(document, sentences, signals, only=read)
        vectors = None
        if self.dense is not None and read:
            vectors = sentence_vectors(doc, [sentences[i] for i in read])
        scored = dict(zip(read, self.score(features, vectors), strict=True))
        unread = {role: 0.0 for role in ROLES} | {"other": 1.0}
        result = []
        for index, s in enumerate(sentences):
            scores = scored.get(index, unread)
            result.append(
                SentenceRoles(
                    s.start, s.end, s.start_char, s.end_char, scores, self.roles_of(scores)
                )
            )
        doc.user_data[ROLES_KEY] = result
        return result


@cache
def load_role_model(path: Path = MODEL_PATH) -> RoleModel | None:
    """The bundled role classifier, or None when the pipeline ships without one."""
    if not (path / "config.cfg").exists():
        return None
    tuned = path / "thresholds.json"
    thresholds = json.loads(tuned.read_text(encoding="utf-8")) if tuned.exists() else {}
    dense = DenseRoles.load(path / "dense.npz") if (path / "dense.npz").exists() else None
    return RoleModel(spacy.load(path), thresholds, dense)


def roles_of_doc(doc: Doc) -> list[SentenceRoles]:
    """The roles given to the letter's sentences (empty when no role model ran)."""
    return doc.user_data.get(ROLES_KEY, [])
