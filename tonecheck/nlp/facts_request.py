"""What the reader asked for, read from the parse: the request sentence ('U heeft … aangevraagd',
'U vroeg om …', 'uw aanvraag voor …'), the subject line, or the decision sentence ('U
krijgt geen …'). The words come from ``rules/structure/facts.yml`` (``request:``).

A request is a noun phrase taken from the letter's own words: the noun the parse points
at, the words before it that belong to it, and the words after it up to a verb, a
punctuation mark or a preposition that does not continue it. Anything doubtful (no noun,
a template placeholder) reads as no request, never as a guess.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from tonecheck.common.text import shorten
from tonecheck.nlp.facts_spec import RequestSpec

NOUNS = frozenset({"NOUN", "PROPN"})
VERBS = frozenset({"VERB", "AUX"})
PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "DET", "X"})
# prepositions that continue a noun phrase ('bijstand voor een wasmachine', 'kwijtschelding
# van de aanslag'); others ('op 3 maart', 'via Mijn Haarlem') end it
INNER_PREPOSITIONS = frozenset({"voor", "van", "uit", "in", "tot", "om", "met"})
POSSESSIVES = frozenset({"uw", "je", "jouw", "zijn", "haar", "hun", "mijn", "onze", "ons"})
PLACEHOLDER_MARKS = frozenset("{}[]<>%$«»|")
QUOTES = frozenset({"'", '"', "\u2018", "\u201c", "\u201e", "\u00ab"})
SHOWN = 80  # characters of a source sentence shown
MODIFIERS = frozenset({"ADJ", "DET"})
SUBJECT_STOPS = frozenset({"PUNCT", "VERB", "AUX", "SCONJ", "CCONJ"})


def _lower(token: Token) -> str:
    return token.lower_


def _continues(token: Token) -> bool:
    if token.pos_ in PHRASE_POS or (token.text[:1].isdigit() and token.pos_ != "PUNCT"):
        return True
    if token.dep_ == "amod":  # 'aangepast vervoer'
        return True
    if token.pos_ == "ADP":
        return token.lower_ in INNER_PREPOSITIONS and token.dep_ != "compound:prt"
    return token.pos_ == "PRON" and token.lower_ in POSSESSIVES


def _left_edge(head: Token, floor: int) -> int:
    """Where the phrase of ``head`` starts: the articles, adjectives, numbers and
    possessives right before it (not another noun: 'namens Stichting X subsidie')."""
    doc = head.doc
    start = head.i
    while start - 1 >= floor:
        token = doc[start - 1]
        possessive = token.pos_ == "PRON" and token.lower_ in POSSESSIVES
        if not (token.pos_ in MODIFIERS or possessive):
            break
        start -= 1
        if token.pos_ == "DET" or possessive:
            break  # an article or possessive opens the phrase
    return start


def _right_edge(doc: Doc, start: int, ceiling: int, stop: frozenset[str] = frozenset()) -> int:
    end = start
    while end < ceiling and _continues(doc[end]) and doc[end].lower_ not in stop:
        end += 1
    while end > start and doc[end - 1].pos_ in ("ADP", "DET", "PRON", "CCONJ"):
        end -= 1  # a phrase does not end in 'van', 'de' or 'uw'
    return end


def phrase(head: Token, sentence: Span) -> list[Token]:
    """The noun phrase around ``head`` within ``sentence``."""
    start = _left_edge(head, sentence.start)
    end = _right_edge(head.doc, head.i + 1, sentence.end)
    return list(head.doc[start:end])


def phrase_from(doc: Doc, start: int, ceiling: int) -> list[Token]:
    """The noun phrase that starts at token ``start`` (after a preposition or a cue)."""
    return list(doc[start : _right_edge(doc, start, ceiling)])


def _extra(tokens: list[Token], verb: Token, sentence: Span, preps: frozenset[str]) -> list[Token]:
    """A preposition phrase that follows the verb ('vroeg u bijstand aan voor een
    wasmachine'), added to the object."""
    doc = verb.doc
    i = tokens[-1].i + 1
    while i < sentence.end and (
        doc[i].i == verb.i or (doc[i].head.i == verb.i and doc[i].dep_ in ("compound:prt", "aux"))
    ):
        i += 1
    if i < sentence.end and doc[i].lower_ in preps and i + 1 < sentence.end:
        rest = phrase_from(doc, i + 1, sentence.end)
        if any(t.pos_ in NOUNS for t in rest):
            return [*tokens, doc[i], *rest]
    return tokens


def _by_reader(sentence: Span, spec: RequestSpec) -> bool:
    """The reader acts in the sentence and the sender does not: 'u' or 'je' is there (not
    after a preposition: 'voor u'), 'wij' and 'ik' are not ('Wij hebben u gevraagd …')."""
    doc = sentence.doc

    def present(words: frozenset[str]) -> bool:
        return any(
            t.lower_ in words and (t.i == sentence.start or doc[t.i - 1].pos_ != "ADP")
            for t in sentence
        )

    return present(spec.readers) and not present(spec.senders)


def _owned(noun: Token, spec: RequestSpec) -> bool:
    doc = noun.doc
    before = doc[noun.i - 1] if noun.i > 0 else None
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    return (
        (before is not None and before.lower_ in spec.owners)
        or any(c.lower_ in spec.owners for c in noun.children)
        or (after is not None and after.lower_ == "van")
    )


def _object_of(verb: Token, sentence: Span) -> Token | None:
    """What was applied for: the noun right before the participle ('een scootmobiel
    aangevraagd') or before the separable particle ('vroeg u bijstand aan'), else the
    object the parse gives."""
    doc = verb.doc
    particles = [c for c in verb.children if c.dep_ == "compound:prt" and c.i > verb.i]
    for anchor in [verb, *particles]:
        before = doc[anchor.i - 1] if anchor.i > sentence.start else None
        if before is not None and before.pos_ in NOUNS:
            return before
    objects = [c for c in verb.children if c.dep_ == "obj" and c.pos_ in NOUNS]
    objects.sort(key=lambda c: (c.pos_ != "NOUN", abs(c.i - verb.i)))
    return objects[0] if objects else None


def _after_preposition(doc: Doc, begin: int, sentence: Span, preps: frozenset[str]) -> list[Token]:
    """The phrase after one of ``preps`` at token ``begin``, after the applicant ('de
    aanvraag van X voor …') and a verb ('uw aanvraag ontvangen voor …') if there are."""
    i = begin
    if i < sentence.end and doc[i].lower_ == "van" and doc[i].lower_ not in preps:
        i = _right_edge(doc, i + 1, sentence.end, stop=preps)
    while i < sentence.end and doc[i].pos_ in ("VERB", "AUX"):
        i += 1
    if i + 1 < sentence.end and doc[i].lower_ in preps and doc[i].pos_ == "ADP":
        return phrase_from(doc, i + 1, sentence.end)
    return []


def _next_preposition(doc: Doc, begin: int, sentence: Span, preps: frozenset[str]) -> list[Token]:
    """'U vroeg op 3 maart om X': the phrase after the first of ``preps`` in the clause,
    unless it is an infinitive ('om … te betalen')."""
    for i in range(begin, sentence.end - 1):
        token = doc[i]
        if token.pos_ == "PUNCT" or token.pos_ in ("VERB", "SCONJ"):
            return []
        if token.lower_ in preps and token.pos_ == "ADP":
            found = phrase_from(doc, i + 1, sentence.end)
            after = found[-1].i + 1 if found else i + 1
            return [] if _infinitive_follows(doc, after, sentence.end) else found
    return []


def _infinitive_follows(doc: Doc, start: int, end: int) -> bool:
    """'te' and a verb before the clause ends: 'om uw badkamer aan te passen' asks for
    something to be done, the noun is not what was asked for."""
    for i in range(start, end - 1):
        if doc[i].pos_ in ("PUNCT", "SCONJ"):
            return False
        if doc[i].lower_ == "te" and doc[i + 1].pos_ in ("VERB", "AUX"):
            return True
    return False


def _modal(word: Token, sentence: Span, spec: RequestSpec) -> bool:
    """'U kunt opnieuw bijstand aanvragen' says what may be, not what the reader asked:
    a modal verb in the clause of ``word`` (a request verb, or the verb governing a
    request noun), not one in another clause ('omdat u … niet kunt gebruiken')."""
    verb = word if word.pos_ in VERBS else word.head
    # the parse reads a modal as an auxiliary or, governing the request verb as its
    # complement, as the main verb ('Je moet dan opnieuw bijstand aanvragen')
    if verb.dep_ == "xcomp" and _is_modal(verb.head, spec):
        return True
    if any(c.pos_ == "AUX" and _is_modal(c, spec) for c in verb.children):
        return True
    doc = sentence.doc
    for i in range(verb.i - 1, sentence.start - 1, -1):
        token = doc[i]
        if token.pos_ in ("PUNCT", "SCONJ", "CCONJ"):
            return False
        if token.pos_ in VERBS and _is_modal(token, spec):
            return True
    return False


def _is_modal(token: Token, spec: RequestSpec) -> bool:
    return token.pos_ in VERBS and token.lemma_.lower() in spec.not_with


def _from_sentence(sentence: Span, spec: RequestSpec) -> list[Token]:
    doc = sentence.doc
    if any(t.text == "?" for t in sentence[-2:]):  # a question asks, it does not report
        return []
    by_reader = _by_reader(sentence, spec)
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and (lemma in spec.verbs or token.norm_ in spec.verbs):
            acted = by_reader and not _modal(token, sentence, spec)
            head = _object_of(token, sentence) if acted else None
            if head is not None:
                return _extra(phrase(head, sentence), token, sentence, spec.after_verb)
        elif token.pos_ == "VERB" and lemma in spec.verbs_with:
            if by_reader and not _modal(token, sentence, spec):
                found = _next_preposition(doc, token.i + 1, sentence, spec.verbs_with[lemma])
                if found:
                    return found
        elif token.pos_ == "NOUN" and lemma in spec.nouns:
            # 'uw aanvraag voor X' is the reader's whatever the verb ('moet ik afwijzen')
            acted = by_reader and not _modal(token, sentence, spec)
            if acted or _owned(token, spec):
                found = _after_preposition(doc, token.i + 1, sentence, spec.nouns[lemma])
                if found:
                    return found
    return []


def _from_decision(sentence: Span, spec: RequestSpec) -> list[Token]:
    """'U krijgt geen X', 'U heeft geen recht op X': X."""
    doc = sentence.doc
    for token in sentence:
        if token.lower_ != "geen" or token.head.pos_ not in NOUNS:
            continue
        noun = token.head
        if _ended(noun, sentence, spec):
            continue
        preps = spec.decision_nouns.get(noun.lemma_.lower())
        if preps:
            found = _after_preposition(doc, noun.i + 1, sentence, preps)
            if found:
                return found
        elif (
            noun.head.lemma_.lower() in spec.decision_verbs
            or noun.head.norm_ in spec.decision_verbs
        ):
            return phrase(noun, sentence)
    return []


def _ended(noun: Token, sentence: Span, spec: RequestSpec) -> bool:
    """'U krijgt geen X meer': a word of ``decision_ended_by`` that belongs to the noun or
    its verb (not 'geen vergoeding van meer dan € 500', where it belongs to the amount)."""
    return any(t.lower_ in spec.decision_ended_by and t.head in (noun, noun.head) for t in sentence)


def _from_subject(doc: Doc, subject: tuple[int, int, str], spec: RequestSpec) -> list[Token]:
    start, end, text = subject
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.start_char != start:
        return []
    for pattern in spec.subject:
        match = pattern.search(text)
        if match is None:
            continue
        begin = span.start_char + match.end()
        first = next((t.i for t in span if t.idx >= begin), None)
        if first is None:
            return []
        # a subject line is a title, which the tagger reads poorly: it runs on to a verb
        # or a punctuation mark (a dash, '(zaaknummer …)')
        end = first
        while end < span.end and doc[end].pos_ not in SUBJECT_STOPS:
            end += 1
        return list(doc[first:end])
    return []


def clean(tokens: list[Token], spec: RequestSpec, title: bool = False) -> str:
    """The request as text: leading articles and possessives dropped, at most
    ``max_words`` words (cut after the last whole part), '' when it is no noun phrase
    (in a ``title``, the subject line, any word will do: its tags are unsure)."""
    stop = next((i for i, t in enumerate(tokens) if t.lower_ in spec.stop_at), len(tokens))
    tokens = tokens[:stop]
    while tokens and tokens[0].lower_ in spec.drop_first:
        tokens = tokens[1:]
    if tokens and {tokens[0].lemma_.lower(), tokens[0].lower_} & spec.not_first:
        return ""
    if len(tokens) > spec.max_words:
        cut = max(
            (i for i, t in enumerate(tokens[: spec.max_words + 1]) if t.pos_ == "ADP"), default=0
        )
        tokens = tokens[: cut or spec.max_words]
    while tokens and tokens[-1].pos_ in ("ADP", "DET", "PRON", "CCONJ"):
        tokens = tokens[:-1]
    if not any(t.pos_ in NOUNS or (title and t.is_alpha) for t in tokens):
        return ""
    if any(PLACEHOLDER_MARKS & set(t.text) for t in tokens):
        return ""
    doc = tokens[0].doc
    after = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
    if after is not None and (after.text in QUOTES or PLACEHOLDER_MARKS & set(after.text)):
        return ""  # 'de regeling '{titel}'': the name of what was asked for is elsewhere
    return words(tokens)


def words(tokens: list[Token]) -> str:
    """The tokens' text as in the letter; one space where words were skipped."""
    parts = []
    for token, after in zip(tokens, [*tokens[1:], None], strict=True):
        gap = after is not None and after.i != token.i + 1
        parts.append(token.text + (" " if gap and not token.whitespace_ else token.whitespace_))
    return " ".join("".join(parts).split())


def _text(sentence: Span) -> str:
    return words(list(sentence))


def read_request(
    sentences: Iterable[Span],
    subject: tuple[int, int, str] | None,  # its characters in the letter, and its text
    decisions: Iterable[Span],
    doc: Doc,
    spec: RequestSpec,
    letter_type: str = "",
) -> tuple[str, str]:
    """(request, where it was read), or ('', '') when the letter does not say."""
    for sentence in sentences:
        text = clean(_from_sentence(sentence, spec), spec)
        if text:
            return text, f"uit de zin \u201c{shorten(_text(sentence), SHOWN)}\u201d"
    if subject is not None:
        text = clean(_from_subject(doc, subject, spec), spec, title=True)
        if text:
            return text, "uit de onderwerpregel"
    for sentence in decisions if letter_type in spec.decision_types else ():
        text = clean(_from_decision(sentence, spec), spec)
        if text:
            return text, f"uit het besluit \u201c{shorten(_text(sentence), SHOWN)}\u201d"
    return "", ""
