"""Decide the letter type from the subject line and the parsed decision sentences.

The knowledge (which verbs, which subject words, which weights) is in
``rules/structure/letter-types.yml``; this module is the mechanism: lemmas, negation
and clause membership from the dependency parse, zones from the document model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from tonecheck.documents.model import Document
from tonecheck.nlp.analyse import sentences_of
from tonecheck.nlp.roles import SentenceRoles
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES, LetterTypeSpec, Signal, StructureSpec
from tonecheck.nlp.token_texts import lower_texts, norm_texts

FALLBACK = "overig"
DECISION_ZONES = {"opening", "decision", "reasons", "body"}
NEGATORS = {"niet", "geen", "nooit", "niets", "geenszins"}
CONDITIONAL_MARKERS = {"als", "indien", "wanneer", "zodra", "mits", "tenzij", "of"}
# a clause that gives a reason or a result states no decision of its own
REASON_MARKERS = {"omdat", "doordat", "aangezien", "zodat", "want", "terwijl", "nadat"}
CLAUSE_BOUNDARIES = {"ccomp", "advcl", "acl", "acl:relcl", "parataxis", "conj", "csubj", "xcomp"}
PERSONAL = {"u", "uw", "wij", "we", "ik", "ons", "onze", "mij", "je", "jij", "jouw"}
IMPERSONAL_FACTOR = 0.5  # a sentence that names neither reader nor sender counts half
FUNCTION_DEPS = {"aux", "aux:pass", "cop"}
SUBJECT_LINE = re.compile(r"^\s*(betreft|onderwerp)\b\s*:?\s*(.*)$", re.IGNORECASE)
COMPOUND_HEAD_MIN = 5
NO_SPAN = (-1, -1)
Evidence = tuple[float, str, tuple[int, int]]  # weight, sentence text, character span
NO_EVIDENCE: Evidence = (0.0, "", NO_SPAN)


@dataclass(frozen=True)
class LetterType:
    """The kind of letter, how sure tonecheck is, and the sentence that decided it."""

    label: str
    confidence: float
    evidence: str
    scores: dict[str, float] = field(default_factory=dict)
    bad_news: bool = False
    # where the evidence sentence is in the document text; (-1, -1) for the subject line
    evidence_span: tuple[int, int] = (-1, -1)
    # sentence start (character) -> the letter types whose signals matched in it
    sentence_signals: dict[int, frozenset[str]] = field(default_factory=dict, compare=False)
    # the learned classifier's probability of each type (empty without it)
    probabilities: dict[str, float] = field(default_factory=dict, compare=False)
    # the types this letter cannot be: it does not name what they are about (``mentions``)
    ruled_out: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return asdict(self)


def subject_line(document: Document) -> str:
    """The text after 'Betreft:'/'Onderwerp:' in the front of the letter, or ''."""
    for block in document.blocks:
        if block.zone not in ("reference", "address", "body", "opening"):
            continue
        for line in block.text.split("\n"):
            match = SUBJECT_LINE.match(line)
            if match and match.group(2).strip():
                return match.group(2).strip()
    return ""


CLAUSES_KEY = "tonecheck_clauses"  # Doc.user_data: verb index -> its clause's tokens


def clause_tokens(verb: Token) -> list[Token]:
    """The verb's own clause: its subtree without embedded clauses (a new list; each
    clause is walked once per letter).

    An auxiliary or copula belongs to the clause of the word it supports.
    """
    if verb.dep_ in FUNCTION_DEPS and verb.head.i != verb.i:
        verb = verb.head
    known = verb.doc.user_data.setdefault(CLAUSES_KEY, {})
    tokens = known.get(verb.i)
    if tokens is None:
        tokens = known[verb.i] = _walk_clause(verb)
    return list(tokens)


def _walk_clause(verb: Token) -> list[Token]:
    tokens = [verb]
    stack = list(verb.children)
    while stack:
        token = stack.pop()
        # a predicate that is no verb ("gegrond verklaren", "te veel krijgen") stays
        if token.dep_ in CLAUSE_BOUNDARIES and not (token.dep_ == "xcomp" and token.pos_ != "VERB"):
            continue
        tokens.append(token)
        stack.extend(token.children)
    return tokens


def _word_forms(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


@cache
def _compound_heads(wanted: frozenset[str]) -> tuple[str, ...]:
    """The wanted words long enough to count as the end of a compound."""
    return tuple(w for w in wanted if len(w) >= COMPOUND_HEAD_MIN)


def _matches_with(tokens: list[Token], wanted: frozenset[str]) -> bool:
    heads = _compound_heads(wanted)
    for token in tokens:
        for form in _word_forms(token):
            if form in wanted or form.endswith(heads):
                return True
    return False


def is_negated(clause: list[Token]) -> bool:
    return any(t.lower_ in NEGATORS for t in clause)


def _is_condition_marker(token: Token) -> bool:
    return (token.dep_ == "mark" and token.lower_ in CONDITIONAL_MARKERS) or (
        token.dep_ == "obl" and token.lemma_.lower() == "geval"
    )


def _verb_first_condition(root: Token) -> bool:
    """'Krijgen wij de papieren niet, dan …': a sentence-initial finite verb followed by
    ', dan' is a condition."""
    sentence = root.sent
    return root.i == sentence.start and any(
        t.lower_ == "dan" and t.i > 0 and t.doc[t.i - 1].text == "," for t in sentence
    )


def is_conditional(clause: list[Token]) -> bool:
    """A clause that is a condition ('als/indien ...', 'in dat geval ...', 'Krijgen wij …
    niet, dan …'), gives a reason ('omdat …'), or depends on a condition ('Als u niets
    stuurt, wijzen wij uw aanvraag af') states no decision."""
    if any(_is_condition_marker(t) for t in clause):
        return True
    if any(t.dep_ == "mark" and t.lower_ in REASON_MARKERS for t in clause):
        return True
    if _verb_first_condition(clause[0]):
        return True
    root = clause[0]
    return any(
        child.dep_ == "advcl" and any(_is_condition_marker(g) for g in child.children)
        for child in root.children
    )


ACTOR_DEPS = {"nsubj", "obl:agent"}


def actors(clause: list[Token]) -> set[str]:
    """Lemmas of who acts in the clause: its subject, or the agent of a passive."""
    verbs = {clause[0].i, clause[0].head.i} if clause[0].dep_ == "xcomp" else {clause[0].i}
    found = set()
    for token in clause:
        if token.dep_ in ACTOR_DEPS and token.head.i in verbs:
            found |= _word_forms(token)
    return found


def is_nominalised(token: Token) -> bool:
    """'tot het verstrekken van …': a verb used as a noun states no decision."""
    return token.pos_ == "VERB" and any(c.dep_ in ("det", "case") for c in token.children)


def decision_clause(token: Token) -> list[Token]:
    """The token's clause; for a verb that completes another ('besloten u geen
    voorziening te verstrekken'), the two clauses together: the parser may hang the
    negation or the object on either verb."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head  # a noun's clause is that of the verb it belongs to
    clause = clause_tokens(token)
    if token.dep_ == "xcomp" and token.pos_ == "VERB" and token.head.i != token.i:
        clause += [t for t in clause_tokens(token.head) if t.i != token.i]
    elif token.dep_ == "acl" and token.pos_ == "VERB" and token.head.i != token.i:
        # "stukken aan te leveren": the noun a verb modifies is what it acts on
        clause.append(token.head)
    return clause


def is_intention(token: Token, intent_words: frozenset[str]) -> bool:
    """'U vroeg ons om de achterstand te betalen', 'Wij zijn voornemens … toe te passen':
    a wish or an intention, not a decision."""
    head = token.head
    if token.dep_ in ("xcomp", "advcl", "ccomp", "acl") and head.lemma_.lower() in intent_words:
        return True
    return any(t.lemma_.lower() in intent_words and t.i != token.i for t in clause_tokens(token))


@dataclass
class _ClauseFacts:
    """What every signal asks of a candidate token, worked out once per token."""

    states_nothing: bool  # a nominalised verb, a wish or intention, or a condition
    negated: bool
    clause: list[Token]
    _actors: set[str] | None = None

    @property
    def actors(self) -> set[str]:
        if self._actors is None:
            self._actors = actors(self.clause)
        return self._actors


def is_possibility(token: Token, possibility_words: frozenset[str]) -> bool:
    """'Het niet voldoen … kan tot gevolg hebben dat u de subsidie moet terugbetalen', 'Dat
    kan betekenen dat wij uw uitkering stopzetten': a clause that completes a verb of
    possibility (or one that such a word, not negated, goes with) says what may happen,
    not what is decided."""
    if token.dep_ not in ("ccomp", "xcomp", "advcl", "csubj"):
        return False
    head = token.head
    governing = [
        head,
        *(c for c in head.children if c.i != token.i and c.dep_ in ("aux", "advmod")),
    ]
    if is_negated(clause_tokens(head)):
        return False
    return any(t.lemma_.lower() in possibility_words for t in governing)


def _clause_facts(
    token: Token, intent_words: frozenset[str], possibility_words: frozenset[str] = frozenset()
) -> _ClauseFacts:
    if (
        is_nominalised(token)
        or is_intention(token, intent_words)
        or is_possibility(token, possibility_words)
    ):
        return _ClauseFacts(True, False, [])
    clause = decision_clause(token)
    return _ClauseFacts(is_conditional(clause), is_negated(clause), clause)


def signal_matches(
    signal: Signal,
    token: Token,
    intent_words: frozenset[str] = frozenset(),
    facts: dict[int, _ClauseFacts] | None = None,
    possibility_words: frozenset[str] = frozenset(),
) -> bool:
    """Does this token (a verb or noun) carry the signal, negation and clause included?
    ``facts`` caches each token's clause facts across signals."""
    if not signal.lemmas or token.lemma_.lower() not in signal.lemmas:
        return False
    found = facts.get(token.i) if facts is not None else None
    if found is None:
        found = _clause_facts(token, intent_words, possibility_words)
        if facts is not None:
            facts[token.i] = found
    if found.states_nothing or found.negated != signal.negated:
        return False
    if signal.actor and not found.actors & signal.actor:
        return False
    return not signal.with_lemmas or _matches_with(found.clause, signal.with_lemmas)


def _tokens_by_lemma(sentence: Span, wanted: frozenset[str]) -> dict[str, list[Token]]:
    found: dict[str, list[Token]] = defaultdict(list)
    doc, norms = sentence.doc, norm_texts(sentence.doc)
    for i in range(sentence.start, sentence.end):
        if norms[i] in wanted:
            found[norms[i]].append(doc[i])
    return found


def _decision_sentences(document: Document, doc: Doc) -> list[Span]:
    sentences = []
    for sentence in sentences_of(doc):
        block = document.block_at(sentence.start_char)
        if block is not None and block.zone in DECISION_ZONES:
            sentences.append(sentence)
    return sentences


def classify(document: Document, doc: Doc, spec: StructureSpec) -> LetterType:
    """The most likely letter type with confidence and evidence, and which types' signals
    matched in which sentence (the sentence roles read them)."""
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, Evidence] = {}

    def credit(type_id: str, weight: float, text: str, span: tuple[int, int]) -> None:
        scores[type_id] += weight
        if weight > evidence.get(type_id, NO_EVIDENCE)[0]:
            evidence[type_id] = (weight, text, span)

    subject = subject_line(document)
    sentences = _decision_sentences(document, doc)
    signals = spec.signals
    # (signal order, sentence order) -> credit; applied in that order at the end, so the
    # evidence is the first of equally strong signals whichever way they were found
    credits: list[tuple[tuple[int, int], str, float, str, tuple[int, int]]] = []
    for order, type_id, signal in signals:
        if signal.subject is not None and subject and signal.subject.search(subject):
            credits.append(((order, -1), type_id, signal.weight, subject, NO_SPAN))
    # a signal only looks at the sentences' tokens with its lemmas, and each token's
    # clause is worked out once for all signals
    wanted = spec.signal_lemmas
    by_lemma = spec.signals_by_lemma
    facts: dict[int, _ClauseFacts] = {}
    for position, sentence in enumerate(sentences):
        lemmas = _tokens_by_lemma(sentence, wanted)
        if not lemmas:
            continue
        lower = lower_texts(doc)
        personal = any(lower[i] in PERSONAL for i in range(sentence.start, sentence.end))
        relevant = sorted({i for lemma in lemmas for i in by_lemma.get(lemma, ())})
        for order, type_id, signal in (signals[i] for i in relevant):
            candidates = [t for lemma in signal.lemmas & lemmas.keys() for t in lemmas[lemma]]
            if any(
                signal_matches(signal, t, spec.intent_words, facts, spec.possibility_words)
                for t in candidates
            ):
                weight = signal.weight * (1.0 if personal else IMPERSONAL_FACTOR)
                span = (sentence.start_char, sentence.end_char)
                text = document.text[sentence.start_char : sentence.end_char].strip()
                credits.append(((order, position), type_id, weight, text, span))
    by_sentence: dict[int, set[str]] = defaultdict(set)
    for _, type_id, weight, text, span in sorted(credits, key=lambda c: c[0]):
        credit(type_id, weight, text, span)
        if span != NO_SPAN:
            by_sentence[span[0]].add(type_id)
    sentence_signals = {start: frozenset(types) for start, types in by_sentence.items()}
    _apply_requirements(spec.letter_types, scores, evidence)
    ruled_out = unmentioned(spec.letter_types, subject, sentences)
    positive = {k: v for k, v in scores.items() if v > 0 and k not in ruled_out}
    if not positive:
        return LetterType(
            label=FALLBACK,
            confidence=0.0,
            evidence="",
            sentence_signals=sentence_signals,
            ruled_out=ruled_out,
        )
    best = max(positive, key=lambda k: (positive[k], -list(spec.letter_types).index(k)))
    confidence = round(positive[best] / sum(positive.values()), 2)
    return LetterType(
        label=best,
        confidence=confidence,
        evidence=evidence.get(best, NO_EVIDENCE)[1],
        evidence_span=evidence.get(best, NO_EVIDENCE)[2],
        scores={k: round(v, 2) for k, v in sorted(positive.items(), key=lambda kv: -kv[1])},
        bad_news=_is_bad_news(spec.letter_types[best], sentences),
        sentence_signals=sentence_signals,
        ruled_out=ruled_out,
    )


def unmentioned(
    types: dict[str, LetterTypeSpec], subject: str, sentences: list[Span]
) -> tuple[str, ...]:
    """The types with ``mentions`` of which neither the subject line nor any of the
    running text's ``sentences`` names one: a decision on an objection names the
    objection, wherever the letter's other words point."""
    wanted = [(t, spec.mentions) for t, spec in types.items() if spec.mentions is not None]
    if not wanted:
        return ()
    text = "\n".join([subject, *(s.text for s in sentences)])
    return tuple(t for t, pattern in wanted if not pattern.search(text))


def has_negative_decision(
    roles: Sequence[SentenceRoles], over: frozenset[str] = frozenset()
) -> bool:
    """Whether a sentence of the running text states a decision against the reader: it
    has the role, and reads as it at least as strongly as as each role of ``over``
    (``bad_news_over`` in rules/structure/letter-types.yml)."""
    return any(
        "decision-negative" in r.roles
        and r.zone not in NON_TEXT_ZONES
        and all(r.scores["decision-negative"] >= r.scores[rival] for rival in over)
        for r in roles
    )


def is_bad_news(spec: StructureSpec, label: str, document: Document, doc: Doc) -> bool:
    """Whether a letter of type ``label`` brings bad news (``bad_news`` and
    ``bad_news_if`` in rules/structure/letter-types.yml), read again when the learned
    letter type replaces the rule-based one."""
    kind = spec.letter_types.get(label)
    return kind is not None and _is_bad_news(kind, _decision_sentences(document, doc))


def _is_bad_news(letter_type: LetterTypeSpec, sentences: list[Span]) -> bool:
    if not letter_type.bad_news:
        return False
    if not letter_type.bad_news_if:
        return True
    return any(_word_forms(t) & letter_type.bad_news_if for sentence in sentences for t in sentence)


def _apply_requirements(
    types: dict[str, LetterTypeSpec],
    scores: dict[str, float],
    evidence: dict[str, Evidence],
) -> None:
    """A type with ``requires`` counts only when every required type has signals of at
    least ``requires_share`` of the strongest of them; it then also gets their scores
    (a letter that clearly both grants and refuses is a partial grant)."""
    for type_id, letter_type in types.items():
        if not letter_type.requires:
            continue
        required = [scores.get(r, 0.0) for r in letter_type.requires]
        if min(required) > 0 and min(required) >= letter_type.requires_share * max(required):
            scores[type_id] += sum(required)
            if type_id not in evidence:
                evidence[type_id] = max(evidence[r] for r in letter_type.requires)
        else:
            scores[type_id] = 0.0
