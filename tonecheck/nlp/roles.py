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
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import NamedTuple, cast

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.tokens import Doc, Span

from tonecheck.documents.model import Document
from tonecheck.nlp.role_evidence import RoleEvidence
from tonecheck.nlp.role_names import ROLES
from tonecheck.nlp.token_texts import per_spelling

DEFAULT_THRESHOLD = 0.5
ROLES_KEY = "tonecheck_roles"  # Doc.user_data: the SentenceRoles of each sentence
MODEL_PATH = Path(__file__).resolve().parent.parent / "model" / "nl_tonecheck" / "roles"
# per role, the score from which a sentence has it (the recipe tunes them on writers the
# model never saw: training/roles/train_aggregate.py fit)
THRESHOLDS_FILE = "thresholds.json"
SCORE_BATCH = 256  # sentences the classifier reads at a time
# from this score a role below its threshold is checked against role-evidence.yml too
# (``SentenceRoles.lacking``): below the lowest ``unsure_from`` of the default rules
LACKING_FROM = 0.1
# sentences whose scores are remembered (the features of a sentence decide its scores):
# a rewritten letter checked again, and letters from one template, repeat most sentences
SCORE_CACHE = 4096
CONTEXT_WORDS = 8  # words of the previous and next sentence used as context
# a text of at most this many sentences to read is a fragment, not a letter (a rule
# example, a pasted sentence): its sentences are read without the letter's context
FRAGMENT_SENTENCES = 3
# what a sentence's features keep without context: its words, lemmas, parse facts and
# letter-type signals (not its zone, block kind, heading, position or neighbours)
OWN_PREFIXES = ("l:", "root:", "subj:", "sig:")
NEGATIONS = frozenset({"niet", "geen", "nooit", "niets", "niemand", "nergens"})
TOKEN_WORDS_KEY = "tonecheck_role_words"  # Doc.user_data: its tokens' _Spelling
_SPELLING_READINGS: dict[int, _Spelling] = {}  # shared by all letters (per_spelling)


@dataclass(frozen=True)
class SentenceRoles:
    """The roles of one sentence: scores for every role and those at their threshold."""

    start: int  # token offsets of the sentence in the letter's Doc
    end: int
    start_char: int  # character offsets in the letter's text
    end_char: int
    zone: str  # the zone of the block the sentence starts in
    scores: dict[str, float]
    roles: frozenset[str]
    # roles whose score reached the threshold but that the sentence cannot have: it lacks
    # what role-evidence.yml says they need (a term names a time)
    withheld: frozenset[str] = frozenset()
    # roles the sentence has by its parse, not its score (``gains`` in role-evidence.yml:
    # a decision whose main clause carries a causal clause gives its reason too)
    gained: frozenset[str] = frozenset()
    # roles scoring below their threshold (at least LACKING_FROM) that the sentence could
    # not have either: a rule unsure about a role does not name it as "maybe"
    lacking: frozenset[str] = frozenset()


def first_with_role(
    roles: Sequence[SentenceRoles], order: Sequence[str], zones: Collection[str] | None = None
) -> SentenceRoles | None:
    """The first sentence (in ``zones``, when given) with the first role of ``order``
    that such a sentence has at all; None when none has any of them."""
    for role in order:
        for item in roles:
            if role in item.roles and (zones is None or item.zone in zones):
                return item
    return None


def _word(token) -> str:
    if token.like_num or any(c.isdigit() for c in token.text):
        return "<num>"
    if token.text in ("€", "EUR", "euro"):
        return "<eur>"
    return token.lower_


class _Spelling(NamedTuple):
    """A token as the classifier reads it (:func:`_word`), and whether it is white space
    or alphabetic: all from its spelling alone."""

    word: str
    space: bool
    alpha: bool


def _spellings(doc: Doc) -> list[_Spelling]:
    """Each token of ``doc`` as the classifier reads it, read once per Doc (each token is
    also the context of the sentences beside its own) and once per spelling."""
    return per_spelling(doc, TOKEN_WORDS_KEY, _SPELLING_READINGS, _read_spelling)


def _read_spelling(lexeme) -> _Spelling:
    return _Spelling(_word(lexeme), lexeme.is_space, lexeme.is_alpha)


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
    view = _spellings(sentence.doc)
    features = [view[i].word for i in range(sentence.start, sentence.end) if not view[i].space]
    # lemmas where they differ from the word ("wijzen … af" → "afwijzen", "kreeg" → "krijgen"),
    # then the parse facts, both in the order of the tokens
    lemmas: list[str] = []
    parse: list[str] = []
    for token in sentence:
        lower = token.lower_
        if view[token.i].alpha and token.norm_ and token.norm_ != lower:
            lemmas.append(f"l:{token.norm_}")
        dep = token.dep_
        if dep == "ROOT":
            parse.append(f"root:{token.lemma_.lower()}")
        elif dep in ("nsubj", "nsubj:pass"):
            parse.append(f"subj:{lower}")
        elif dep == "aux:pass":
            parse.append("<passive>")
        if lower in NEGATIONS:
            parse.append("<neg>")
    features += lemmas + parse
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
        features += _context("p:", view, sentences[index - 1])
    if index + 1 < len(sentences):
        features += _context("n:", view, sentences[index + 1])
    return features or ["<empty>"]


def _context(prefix: str, view: list[_Spelling], sentence: Span) -> list[str]:
    """The first :data:`CONTEXT_WORDS` alphabetic words of a neighbouring sentence."""
    alpha = [view[i].word for i in range(sentence.start, sentence.end) if view[i].alpha]
    return [prefix + word for word in alpha[:CONTEXT_WORDS]]


def context_free(features: list[str]) -> list[str]:
    """A sentence's features without those of the letter around it (training shows 30% of
    the sentences this way, so the classifier knows them)."""
    return [f for f in features if ":" not in f or f.startswith(OWN_PREFIXES)] or ["<empty>"]


def letter_features(
    document: Document,
    sentences: Sequence[Span],
    signals: Mapping[int, frozenset[str]] | None = None,
    only: Sequence[int] | None = None,
) -> list[list[str]]:
    """The features of every sentence of a letter, or of the sentences ``only`` names
    (training and checking both use this)."""
    return list(iter_letter_features(document, sentences, signals, only))


def iter_letter_features(
    document: Document,
    sentences: Sequence[Span],
    signals: Mapping[int, frozenset[str]] | None = None,
    only: Sequence[int] | None = None,
) -> Iterator[list[str]]:
    """:func:`letter_features` one sentence at a time, as they are read."""
    blocks = [document.block_index(s.start_char) for s in sentences]
    indices = range(len(blocks)) if only is None else only
    return (sentence_features(sentences, i, document, blocks, signals) for i in indices)


class RoleModel:
    """The trained classifier and the thresholds that turn its scores into roles."""

    def __init__(
        self,
        nlp: Language,
        thresholds: dict[str, float] | None = None,
        evidence: RoleEvidence | None = None,
    ) -> None:
        self.nlp = nlp
        self.evidence = evidence or RoleEvidence()
        # get_pipe is typed for any component; this one is the roles classifier
        # one classifier per member of the ensemble (train_roles.py final): their scores
        # are averaged
        self.members = [cast(TextCategorizer, pipe) for _, pipe in nlp.pipeline]
        self.thresholds = {role: DEFAULT_THRESHOLD for role in ROLES} | (thresholds or {})
        self._known: OrderedDict[tuple[str, ...], dict[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def with_thresholds(self, thresholds: dict[str, float]) -> RoleModel:
        return RoleModel(self.nlp, {**self.thresholds, **thresholds}, self.evidence)

    def with_evidence(self, evidence: RoleEvidence) -> RoleModel:
        return RoleModel(self.nlp, self.thresholds, evidence)

    def score(self, features: Iterable[list[str]]) -> list[dict[str, float]]:
        """Every role's score for each sentence's features; read lazily, so only a batch
        of :data:`SCORE_BATCH` sentences' features and Docs is alive at a time. The last
        :data:`SCORE_CACHE` sentences' scores are remembered by their features (the web
        service checks in two threads: the memory is shared under a lock)."""
        result: list[dict[str, float]] = []
        read = iter(features)
        while batch := [tuple(words) for words in islice(read, SCORE_BATCH)]:
            with self._lock:
                scores = {key: self._known[key] for key in batch if key in self._known}
                for key in scores:
                    self._known.move_to_end(key)
            new = list(dict.fromkeys(key for key in batch if key not in scores))
            scores |= dict(zip(new, self.mean_scores(new), strict=True))
            with self._lock:
                for key in new:
                    self._known[key] = scores[key]
                while len(self._known) > SCORE_CACHE:
                    self._known.popitem(last=False)
            result += [dict(scores[key]) for key in batch]
        return result

    def mean_scores(self, keys: list[tuple[str, ...]]) -> list[dict[str, float]]:
        """The members' mean scores for these sentences' features (not remembered)."""
        docs = [Doc(self.nlp.vocab, words=list(key)) for key in keys]
        totals = [dict.fromkeys(ROLES, 0.0) for _ in keys]
        share = 1.0 / len(self.members)
        for member in self.members:
            for total, doc in zip(totals, member.pipe(docs, batch_size=SCORE_BATCH), strict=True):
                for role, score in doc.cats.items():
                    total[role] += score * share
        return totals

    def forget(self) -> None:
        """Empty the memory of recent sentences' scores (benchmarks measure afresh)."""
        with self._lock:
            self._known.clear()

    def roles_of(self, scores: dict[str, float]) -> frozenset[str]:
        return frozenset(r for r, s in scores.items() if r != "other" and s >= self.thresholds[r])

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
        return self.assign_many([LetterSentences(doc, document, sentences, signals)], skip_zones)[0]

    def assign_many(
        self, letters: Sequence[LetterSentences], skip_zones: frozenset[str] = frozenset()
    ) -> list[list[SentenceRoles]]:
        """:meth:`assign` for several letters, their sentences scored together (the
        classifier has a cost per call: scoring 198 benchmark letters and their rewrite
        checks took 0.89 s letter by letter, 0.64 s with 16 letters at a time)."""
        plans = [_ScorePlan.of(letter, skip_zones) for letter in letters]
        # built as the classifier reads them (a long letter has thousands of sentences)
        scores = iter(self.score(chain.from_iterable(plan.features for plan in plans)))
        return [
            self._assigned(letter, plan, list(islice(scores, len(plan.read))))
            for letter, plan in zip(letters, plans, strict=True)
        ]

    def _assigned(
        self, letter: LetterSentences, plan: _ScorePlan, scores: list[dict[str, float]]
    ) -> list[SentenceRoles]:
        """A letter's roles from the scores of the sentences it read; kept with its Doc."""
        scored = dict(zip(plan.read, scores, strict=True))
        unread = dict.fromkeys(ROLES, 0.0) | {"other": 1.0}
        result = []
        for index, (s, zone) in enumerate(zip(letter.sentences, plan.zones, strict=True)):
            found = scored.get(index, unread)
            roles = self.roles_of(found)
            withheld = self.evidence.withheld(roles, s.text, s)
            # an earlier decision retold keeps its reason clause ('Op 8 januari hebben we je
            # aanvraag afgewezen, omdat …')
            told = (roles - withheld) | self.evidence.retold(withheld, s) if withheld else roles
            gained = self.evidence.gained(told, s) if index in scored else frozenset()
            # 'U krijgt geen boete': no refusal, a decision for the reader
            gained |= self.evidence.relieved(withheld, s) - roles
            close = [r for r, score in found.items() if score >= LACKING_FROM and r not in roles]
            lacking = self.evidence.withheld(close, s.text, s) if close else frozenset()
            span = (s.start, s.end, s.start_char, s.end_char)
            given = (roles - withheld) | gained
            result.append(SentenceRoles(*span, zone, found, given, withheld, gained, lacking))
        if self.evidence.near:
            result = self._with_near_gains(letter.sentences, result, frozenset(scored))
        letter.doc.user_data[ROLES_KEY] = result
        return result

    def _with_near_gains(
        self, sentences: Sequence[Span], result: list[SentenceRoles], read: frozenset[int]
    ) -> list[SentenceRoles]:
        """The roles of ``result`` with those that sentences gain from the sentence before
        them (``near`` in role-evidence.yml; only sentences that were read, and never a
        role the sentence could not have)."""
        gained = self.evidence.near_gains(
            [item.roles for item in result],
            [item.scores for item in result],
            [s.text for s in sentences],
            sentences,
        )
        for index, roles in enumerate(gained):
            if roles and index in read:
                item = result[index]
                result[index] = replace(item, roles=item.roles | roles, gained=item.gained | roles)
        return result


class LetterSentences(NamedTuple):
    """What :meth:`RoleModel.assign_many` reads of one letter."""

    doc: Doc
    document: Document
    sentences: Sequence[Span]
    signals: Mapping[int, frozenset[str]] | None = None


class _ScorePlan(NamedTuple):
    """One letter's sentences to score: the zone of each, which are read, and their
    features (built lazily)."""

    zones: list[str]
    read: list[int]
    features: Iterable[list[str]]

    @classmethod
    def of(cls, letter: LetterSentences, skip_zones: frozenset[str]) -> _ScorePlan:
        document, sentences = letter.document, letter.sentences
        zones = [document.blocks[document.block_index(s.start_char)].zone for s in sentences]
        read = [i for i, zone in enumerate(zones) if zone not in skip_zones]
        features: Iterable[list[str]] = iter_letter_features(
            document, sentences, letter.signals, only=read
        )
        if len(read) <= FRAGMENT_SENTENCES:
            # a zone, a position and neighbours describe a letter; a fragment has none, and
            # reading "Uw aanvraag is afgewezen." as the opening of a letter made it depend
            # on the model's seed (model card)
            features = [context_free(f) for f in features]
        return cls(zones, read, features)


@cache
def load_role_model(path: Path = MODEL_PATH) -> RoleModel | None:
    """The bundled role classifier, or None when the pipeline ships without one."""
    if not (path / "config.cfg").exists():
        return None
    tuned = path / THRESHOLDS_FILE
    thresholds = json.loads(tuned.read_text(encoding="utf-8")) if tuned.exists() else {}
    return RoleModel(spacy.load(path), thresholds)


def roles_of_doc(doc: Doc) -> list[SentenceRoles]:
    """The roles given to the letter's sentences (empty when no role model ran)."""
    return doc.user_data.get(ROLES_KEY, [])
