"""Passive to active, with who acts as the subject: whoever 'door …' names ('De kosten
worden door de gemeente vergoed' -> 'De gemeente vergoedt de kosten'), or, without
'door', the sender of the letter ('wij', 'ik') where the verb is something the
organisation does ('Uw aanvraag wordt afgewezen' -> 'Wij wijzen uw aanvraag af').

Tense is kept: 'wordt afgewezen' -> 'wijzen af', 'werd ontvangen' -> 'ontvingen', 'is
ontvangen' -> 'hebben ontvangen', 'kan worden toegekend' -> 'kunnen toekennen'. One clause
at a time: a main clause (verb second, the first part kept in front unless it was the
subject) or a subordinate one after its conjunction (verbs last). Anything else (two
finite verbs, a reader who must act, no known sender) gets no rewrite."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tonecheck.common.findings import Finding
from tonecheck.engine.rule import Rule
from tonecheck.nlp.participles import infinitive_of_participle as weak_infinitive
from tonecheck.rewrite.context import RewriteContext
from tonecheck.rewrite.edits import SUBJECT_DEPS, VERBS, Edit
from tonecheck.rewrite.text import Word, capitalised, lowered, render, starts_sentence
from tonecheck.rewrite.verbs import Verb, conjugate, infinitive_of_participle

MODALS = frozenset({"kunnen", "zullen", "moeten", "mogen", "willen", "hoeven", "dienen"})
BREAKS = frozenset({",", ";", ":", ".", "?", "!", "(", ")", "\u2013", '"'})
WEAK_PRONOUNS = frozenset({"u", "je", "hem", "haar", "ons", "hun", "hen", "me", "mij", "jou"})
_PAST = (
    "werd werden was waren kon konden zou zouden moest moesten mocht mochten wilde "
    "wilden wou hoefde hoefden diende dienden"
)
PAST_AUXILIARIES = frozenset(_PAST.split())
NOT_CONJUNCTIONS = frozenset({"om", "te", "dan", "door"})  # marks that open no finite clause
NOUN_PHRASE_START = frozenset({"DET", "PRON", "NOUN", "PROPN", "NUM", "ADJ"})


@dataclass
class Clause:
    """The parts of a passive clause, as token indexes."""

    start: int  # first token (after the conjunction of a subordinate clause)
    end: int  # after the last token
    finite: Token
    participle: Token
    cluster: list[int]  # the verbs at the end (with the finite one in a subordinate clause)
    subordinate: bool
    front: list[int]  # main clause: what stands before the finite verb
    subject: list[int]
    agent: list[int]  # 'door …'


def rewrite_passive(context: RewriteContext, finding: Finding, rule: Rule) -> Edit | None:
    doc = context.doc
    span = doc.char_span(finding.location.start, finding.location.end, alignment_mode="expand")
    if span is None:
        return None
    participles = [t for t in span if t.pos_ == "VERB" and t.morph.get("VerbForm", []) == ["Part"]]
    if not participles:
        return None
    clause = _clause(participles[-1])
    if clause is None:
        return None
    verb = _verb(context, clause.participle)
    if verb is None:
        return None
    actor = _actor(context, clause, verb)
    if actor is None:
        return None
    return _active(context, clause, verb, *actor)


def _clause(participle: Token) -> Clause | None:
    doc = participle.doc
    sentence = participle.sent
    mark = next(
        (
            c
            for c in participle.children
            if c.dep_ == "mark"
            and c.i < participle.i
            and c.pos_ == "SCONJ"
            and c.lower_ not in NOT_CONJUNCTIONS
        ),
        None,
    )
    if mark is not None and any(t.text in BREAKS for t in doc[mark.i : participle.i]):
        return None
    after = next(
        (t.i for t in doc[participle.i + 1 : sentence.end] if t.text in BREAKS), sentence.end
    )
    verbs = MODALS | {"worden", "zijn"}
    if mark is not None:
        start, end = mark.i + 1, after
        cluster = _cluster(participle, start)
        finite = next((doc[i] for i in cluster if _finite(doc[i])), None)
        front: list[int] = []
    else:
        start, end = sentence.start, after
        finite = None
        for token in doc[start : participle.i]:
            if token.text in BREAKS:
                finite = None
            elif finite is None and token.pos_ in VERBS and token.lemma_.lower() in verbs:
                finite = token if _second(token, start) else None
        if finite is None:
            return None
        cluster = _cluster(participle, finite.i + 1)
        front = list(range(start, finite.i))
        if not front or not _one_front(doc, front):
            return None
    if finite is None:
        return None
    # a clause that goes on with 'en'/'of' and a verb shares its subject: leave it
    if _shares_subject(participle, finite, sentence):
        return None
    # no other verbs in the clause, but inside the subject or after the verbs
    rest = range(start, cluster[0]) if mark is not None else range(finite.i + 1, cluster[0])
    subject = _subject(participle, finite, front, rest, cluster)
    if subject is None:
        return None
    agent = _agent(participle, start, end)
    for index in rest:
        token = doc[index]
        if (
            token.pos_ in VERBS
            and index not in subject
            and index != finite.i
            and token.dep_ not in ("amod", "acl")
        ):
            return None
    if any(doc[i].text == "," for i in rest):
        return None
    return Clause(start, end, finite, participle, cluster, mark is not None, front, subject, agent)


def _shares_subject(participle: Token, finite: Token, sentence) -> bool:
    """Whether a coordinated verb without a subject of its own follows ('… kan worden
    stopgezet of lager worden vastgesteld', '…, en zal worden uitgevoerd door …')."""
    for verb in (participle, finite):
        for child in verb.children:
            if (
                child.dep_ == "conj"
                and child.i > verb.i
                and not any(c.dep_ in SUBJECT_DEPS for c in child.children)
            ):
                return True
    doc = participle.doc
    for token in doc[participle.i + 1 : sentence.end - 1]:
        following = doc[token.i + 1]
        if token.pos_ == "CCONJ" and following.pos_ in VERBS and _finite(following):
            return True
    return False


def _one_front(doc, front: list[int]) -> bool:
    """Whether what stands before the finite verb of a main clause is one part: no
    punctuation and no verbs, except a whole clause before a comma ('Als …, kan …')."""
    first = doc[front[0]]
    if first.is_punct:
        return False
    if first.pos_ == "SCONJ" and doc[front[-1]].text == ",":
        inner = front[:-1]
        return not any(doc[i].text in BREAKS for i in inner)
    return not any(
        doc[i].text in BREAKS or (doc[i].pos_ in VERBS and doc[i].dep_ != "amod") for i in front
    )


def _second(token: Token, start: int) -> bool:
    """A finite verb in second place: 'Uw gegevens worden …' (the tagger may call a
    plural 'worden' an infinitive)."""
    return _finite(token) or (token.lower_ == token.lemma_.lower() and token.i > start)


def _finite(token: Token) -> bool:
    return token.pos_ in VERBS and token.morph.get("VerbForm", []) == ["Fin"]


def _cluster(participle: Token, floor: int) -> list[int]:
    """The verbs around the participle: 'worden toegekend', 'toegekend is', 'kan worden
    toegekend' (in a subordinate clause)."""
    doc = participle.doc
    indexes = [participle.i]
    at = participle.i - 1
    while (
        at >= floor
        and doc[at].pos_ in VERBS
        and doc[at].lemma_.lower() in MODALS | {"worden", "zijn"}
    ):
        indexes.insert(0, at)
        at -= 1
    at = participle.i + 1
    while (
        at < len(doc)
        and doc[at].pos_ in VERBS
        and doc[at].lemma_.lower() in MODALS | {"worden", "zijn"}
    ):
        indexes.append(at)
        at += 1
    return indexes


def _subject(
    participle: Token, finite: Token, front: list[int], rest: range, cluster: list[int]
) -> list[int] | None:
    """The subject's tokens; [] in an impersonal clause ('Er wordt gekeken'); None when
    unsure."""
    doc = participle.doc
    heads = {participle.i, finite.i, *cluster}
    if front:
        first = doc[front[0]]
        if first.lower_ == "er" and len(front) == 1:
            return _subject_in(doc, rest, heads) or []
        says_subject = any(doc[i].dep_ in SUBJECT_DEPS and doc[i].head.i in heads for i in front)
        looks_so = first.pos_ in NOUN_PHRASE_START and all(
            doc[i].text not in BREAKS and doc[i].pos_ not in ("ADP", "ADV", "SCONJ") for i in front
        )
        if says_subject or (looks_so and first.lower_ not in ("dit", "dat", "daar", "hier")):
            if any(doc[i].pos_ == "ADP" and doc[i] == doc[front[0]] for i in front):
                return None
            return front
    found = _subject_in(doc, rest, heads)
    if found:
        return found
    er = any(doc[i].lower_ == "er" for i in [*front, *rest])
    return [] if er else None


def _subject_in(doc, indexes: range, heads: set[int]) -> list[int]:
    for index in indexes:
        token = doc[index]
        if (
            token.dep_ in SUBJECT_DEPS
            and token.head.i in heads
            and token.lower_ not in WEAK_PRONOUNS - {"u", "je"}
        ):
            tokens = sorted(t.i for t in token.subtree)
            if tokens == list(range(tokens[0], tokens[-1] + 1)) and all(
                i in indexes for i in tokens
            ):
                if (
                    token.pos_ == "PRON"
                    and token.lower_ in ("u", "je")
                    and _other_subject(doc, indexes, heads, index)
                ):
                    continue  # 'Het besluit wordt u toegestuurd': u is no subject
                return tokens
    return []


def _other_subject(doc, indexes: range, heads: set[int], skip: int) -> bool:
    return any(
        doc[i].dep_ in SUBJECT_DEPS
        and doc[i].head.i in heads
        and i != skip
        and doc[i].pos_ != "PRON"
        for i in indexes
    )


def _agent(participle: Token, start: int, end: int) -> list[int]:
    doc = participle.doc
    for token in doc[start:end]:
        if token.lower_ != "door" or token.i + 1 >= end or doc[token.i + 1].lower_ == "middel":
            continue
        head = token.head
        tokens = sorted(t.i for t in head.subtree)
        if token.i not in tokens or tokens != list(range(tokens[0], tokens[-1] + 1)):
            return [-1]
        if tokens[0] != token.i or tokens[-1] >= end:
            return [-1]
        return tokens
    return []


def _verb(context: RewriteContext, participle: Token) -> Verb | None:
    data = context.spec.verbs
    word = participle.lower_
    candidates = [participle.norm_, participle.lemma_.lower()]
    candidates += [infinitive_of_participle(word, data) or "", weak_infinitive(word) or ""]
    for infinitive in candidates:
        if not infinitive or (infinitive == word and not infinitive.endswith("en")):
            continue
        verb = conjugate(infinitive, data, word)
        if verb is not None and verb.participle() == word:
            return verb
    return None


def _actor(context: RewriteContext, clause: Clause, verb: Verb) -> tuple[list[Word], str] | None:
    """(the words of who acts, the person the verb agrees with)."""
    doc = context.doc
    options = context.spec.passive
    if clause.agent == [-1]:
        return None
    if clause.agent:
        words = clause.agent[1:]
        if any(doc[i].text in BREAKS or doc[i].pos_ in VERBS for i in words):
            return None
        head = doc[clause.agent[0]].head
        if len(words) == 1 and doc[words[0]].pos_ == "PRON":
            pronoun = options.get("agents", {}).get(doc[words[0]].lower_)
            if pronoun is None:
                return None
            if pronoun == "wij" and context.sender == "we":
                pronoun = "we"
            person = {"wij": "wij", "we": "wij", "ik": "ik", "u": "u"}.get(pronoun, "hij")
            return [Word(pronoun)], person
        plural = head.morph.get("Number", []) == ["Plur"] or any(
            c.dep_ in ("nummod", "conj") for c in head.children
        )
        return [Word(doc[i].text, i) for i in words], "wij" if plural else "hij"
    sender = context.sender
    if sender is None or clause.finite.lemma_.lower() in options.get("reader_modals", ()):
        return None
    if clause.subordinate and doc[clause.start - 1].lower_ not in options.get(
        "subordinate_marks", ()
    ):
        return None
    if not _organisation_acts(context, clause, verb):
        return None
    if clause.subject and doc[clause.subject[0]].lower_ in ("wij", "we", "ik"):
        return None
    return [Word(sender)], "ik" if sender == "ik" else "wij"


def _organisation_acts(context: RewriteContext, clause: Clause, verb: Verb) -> bool:
    options = context.spec.passive
    if verb.infinitive in options.get("organisation_verbs", ()):
        return True
    nouns = options.get("verbs_with_subject", {}).get(verb.infinitive)
    if not nouns:
        return False
    doc = context.doc
    tokens = range(clause.start, clause.end)
    return any(doc[i].pos_ == "NOUN" and doc[i].lemma_.lower() in nouns for i in tokens)


def _finite_form(
    context: RewriteContext,
    lemma: str,
    person: str,
    past: bool,
    joined: bool,
    verb: Verb | None = None,
) -> str | None:
    verb = verb or conjugate(lemma, context.spec.verbs)
    if verb is None:
        return None
    return verb.past(person == "wij", joined) if past else verb.present(person, joined)


def _verbs(
    context: RewriteContext, clause: Clause, verb: Verb, person: str
) -> tuple[str, list[str]] | None:
    """(the finite verb, the verbs at the end) of the active clause; in a subordinate
    clause the finite verb is one of the verbs at the end."""
    doc = context.doc
    finite = clause.finite
    auxiliary = finite.lemma_.lower()
    past = finite.lower_ in PAST_AUXILIARIES
    others = [doc[i] for i in clause.cluster if i not in (finite.i, clause.participle.i)]
    sub = clause.subordinate
    if auxiliary == "worden" and not others:
        form = _finite_form(context, "", person, past, sub, verb)
        return (form, [] if sub else [verb.particle]) if form else None
    if auxiliary == "zijn" and not others:
        form = _finite_form(context, "hebben", person, past, False)
        return (form, [clause.participle.text]) if form else None
    if auxiliary in MODALS and [t.lemma_.lower() for t in others] == ["worden"]:
        form = _finite_form(context, auxiliary, person, past, False)
        return (form, [verb.infinitive]) if form else None
    return None


def _active(
    context: RewriteContext, clause: Clause, verb: Verb, actor: list[Word], person: str
) -> Edit | None:
    doc = context.doc
    verbs = _verbs(context, clause, verb, person)
    if verbs is None:
        return None
    finite, tail = verbs
    subject_first = bool(clause.front) and clause.front == clause.subject
    impersonal = (
        bool(clause.front) and doc[clause.front[0]].lower_ == "er" and len(clause.front) == 1
    )
    skip = {clause.finite.i, *clause.cluster, *clause.subject, *clause.agent, *clause.front}
    last_verb = max(clause.cluster)
    middle = [i for i in range(clause.start, last_verb) if i not in skip and doc[i].lower_ != "er"]
    after = [i for i in range(last_verb + 1, clause.end) if i not in skip]
    weak = [
        i
        for i in middle
        if doc[i].lower_ in WEAK_PRONOUNS
        and doc[i].head.i in (clause.participle.i, *clause.cluster)
        and doc[i - 1].pos_ != "ADP"
    ]
    middle = [i for i in middle if i not in weak]
    objects = _object(context, clause)
    if objects is None:
        return None
    own = lambda indexes: [Word(doc[i].text, i) for i in indexes]  # noqa: E731
    rest = [*own(weak), *objects, *own(middle)]
    if clause.subordinate:
        cluster = [finite, *tail] if clause.finite.i < clause.participle.i else [*tail, finite]
        words = [*actor, *rest, *[Word(w) for w in cluster if w], *own(after)]
    elif subject_first or impersonal:
        words = [*actor, Word(finite), *rest, *[Word(w) for w in tail if w], *own(after)]
    else:
        words = [
            *own(clause.front),
            Word(finite),
            *actor,
            *rest,
            *[Word(w) for w in tail if w],
            *own(after),
        ]
    first = doc[clause.start]
    if starts_sentence(first):
        words = [capitalised(words[0]), *words[1:]]
    start_char = first.idx
    last = doc[clause.end - 1]
    return start_char, last.idx + len(last.text), render(words, doc)


def _object(context: RewriteContext, clause: Clause) -> list[Word] | None:
    doc = context.doc
    if not clause.subject:
        return []
    tokens = [doc[i] for i in clause.subject]
    if len(tokens) == 1 and tokens[0].pos_ == "PRON":
        form = context.spec.passive.get("objects", {}).get(tokens[0].lower_)
        return [Word(form)] if form else None
    words = [Word(t.text, t.i) for t in tokens]
    if starts_sentence(tokens[0]):
        if tokens[0].pos_ in ("NOUN", "PROPN", "X"):
            return None  # 'Dyslexiezorg wordt …': a name or not, the capital cannot tell
        words[0] = lowered(words[0], doc)
    return words
