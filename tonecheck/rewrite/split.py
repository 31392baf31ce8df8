"""A long sentence split where that is safe: between two main clauses joined by 'en' or
'maar' (or a comma), and before a relative clause that adds to the end of the sentence
('…, die ook op onze website staat.' -> '… Die staat ook op onze website.').

A second main clause is recognised by its word order: one part, then its finite verb
(verb second); a clause with its verb last is subordinate and stays. Without a subject
of its own it takes the first clause's pronoun ('… ontvangen en zullen deze …' -> '…
ontvangen. Wij zullen deze …'). A relative clause is turned round to verb second. The
split is made only when every new sentence is within the rule's limit."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from tonecheck.common.findings import Finding
from tonecheck.engine.rule import Rule
from tonecheck.nlp.readability import is_word
from tonecheck.rewrite.context import RewriteContext
from tonecheck.rewrite.edits import SUBJECT_DEPS, VERBS, Edit
from tonecheck.rewrite.text import SENTENCE_END, Word, capitalised, render
from tonecheck.rewrite.verbs import conjugate

PRONOUN_SUBJECTS = frozenset(
    {"wij", "we", "ik", "u", "je", "jij", "hij", "zij", "ze", "dat", "die", "dit", "het", "er"}
)
WH_WORDS = frozenset(
    {"hoe", "wat", "wie", "waar", "wanneer", "waarom", "hoeveel", "welke", "of", "dat"}
)
UNSAFE = frozenset({";", ":", "(", ")", '"', "\u201c", "\u201d", "'", "\u2013", "\u2014"})


@dataclass
class Part:
    """One new sentence: the letter's tokens ``start:end`` with words changed."""

    start: int
    end: int
    lead: list[Word] = field(default_factory=list)  # words put before the tokens
    skip: set[int] = field(default_factory=set)
    order: list[int] | None = None  # the tokens in another order (a relative clause)
    replaced: dict[int, str] = field(default_factory=dict)


def rewrite_split(context: RewriteContext, finding: Finding, rule: Rule) -> Edit | None:
    doc = context.doc
    limit = getattr(rule.check, "maximum", None)
    span = doc.char_span(finding.location.start, finding.location.end, alignment_mode="expand")
    if span is None or limit is None:
        return None
    sentence = span[0].sent
    if sentence.end < span.end or any(t.text in UNSAFE for t in sentence):
        return None
    end = sentence.end - 1 if doc[sentence.end - 1].text in SENTENCE_END else sentence.end
    parts = _parts(context, sentence, end)
    if len(parts) < 2:
        return None
    texts = []
    for part in parts:
        words = _words(context, part)
        count = sum(1 for w in words if _counts(w, doc))
        if not words or count > limit or count < 2:
            return None
        texts.append(render([capitalised(words[0]), *words[1:]], doc))
    final = doc[end].text if end < sentence.end else "."
    joined = ". ".join(t for t in texts if t) + final
    first = doc[sentence.start]
    last = doc[sentence.end - 1]
    return first.idx, last.idx + len(last.text), joined


def _parts(context: RewriteContext, sentence: Span, end: int) -> list[Part]:
    """The sentence cut at every safe place, in order."""
    doc = context.doc
    cuts: list[tuple[int, Part]] = []  # (first token of the cut, the part from there)
    relative = _relative(context, sentence, end)
    stop = relative[0] if relative else end
    for token in doc[sentence.start + 1 : stop]:
        part = _coordination(context, sentence, token, stop)
        if part is not None:
            cuts.append((token.i, part))
    if relative:
        cuts.append(relative)
    if not cuts:
        return []
    parts = [Part(sentence.start, cuts[0][0])]
    for (_, part), following in zip(cuts, [*cuts[1:], (end, None)], strict=True):
        part.end = following[0]
        parts.append(part)
    for part in parts:
        while part.end > part.start and doc[part.end - 1].text == ",":
            part.end -= 1
    return parts


def _coordination(context: RewriteContext, sentence: Span, token: Token, end: int) -> Part | None:
    """A part that starts at 'en'/'maar' (or after a comma) before a second main clause."""
    doc = context.doc
    options = context.spec.split
    coordinators: dict[str, str] = options.get("coordinators", {})
    if token.lower_ in coordinators and token.pos_ == "CCONJ":
        begin, lead_word = token.i + 1, coordinators[token.lower_]
    elif token.text == "," and token.i + 1 < end:
        begin, lead_word = token.i + 1, ""
    else:
        return None
    if doc[sentence.start].pos_ == "SCONJ" or not any(
        _finite(t) for t in doc[sentence.start : token.i]
    ):
        return None
    if not _closed(doc, sentence.start, token.i):
        return None
    finite = next((t for t in doc[begin:end] if _finite(t)), None)
    if finite is None or any(t.text == "," for t in doc[begin : finite.i]):
        return None
    if not _apart(doc, sentence, token.i, end):
        return None
    lead = [Word(lead_word)] if lead_word else []
    part = Part(token.i if token.text != "," else begin, end, lead=lead)
    if token.text != ",":
        part.skip.add(token.i)
    front = range(begin, finite.i)
    if not front:
        subject = _subject_pronoun(context, sentence, token.i)
        if subject is None or lead_word or token.text == ",":
            return None
        part.lead = [Word(subject)]
        return part
    # after a comma only a subject pronoun and its verb show a new main clause
    if token.text == "," and (len(front) != 1 or doc[begin].lower_ not in PRONOUN_SUBJECTS):
        return None
    if not _one_part(doc, front) or not _has_subject(doc, front, finite):
        return None
    return part


def _closed(doc, start: int, cut: int) -> bool:
    """Whether every clause a conjunction opened before ``cut`` has had its finite verb
    ('… dat u in de periode van 1 maart tot | en met …' has not)."""
    opened = [
        t.i
        for t in doc[start:cut]
        if (t.pos_ == "SCONJ" and not _compares(t)) or "Rel" in t.morph.get("PronType", [])
    ]
    if not opened:
        return True
    return any(_finite(t) for t in doc[opened[-1] + 1 : cut])


def _compares(token: Token) -> bool:
    """'dan'/'als' after a comparative ('hoger dan de norm'): no clause of its own."""
    if token.lower_ not in ("dan", "als"):
        return False
    before = token.doc[max(token.sent.start, token.i - 3) : token.i]
    return any(t.morph.get("Degree", []) == ["Cmp"] or t.lower_ in ("zo", "even") for t in before)


def _apart(doc, sentence: Span, cut: int, end: int) -> bool:
    """Whether the words before and after ``cut`` are two clauses: nothing before it
    hangs on a word after it, and what after it hangs on a word before it is the second
    clause itself (not a noun of a list: '… borstprothesen en de kosten die …')."""
    for token in doc[sentence.start : cut]:
        if not token.is_punct and token.head.i >= cut and token.head.i < end:
            return False
    for token in doc[cut:end]:
        head = token.head
        if head.i >= cut or token.is_punct or token.dep_ == "cc":
            continue
        if (
            token.dep_ not in ("conj", "parataxis")
            or not _clause_head(head)
            or not _clause_head(token)
        ):
            return False
    return True


def _clause_head(token: Token) -> bool:
    """A word that heads a clause: a finite verb, or a word with a finite verb under it."""
    if _finite(token) or token.dep_ == "ROOT":
        return True
    return any(c.dep_.startswith(("aux", "cop")) and _finite(c) for c in token.children)


def _has_subject(doc, front: range, finite: Token) -> bool:
    """Whether a clause with ``front`` before its finite verb has a subject: the front
    itself, a subject right after the verb, or a clause as subject ('daarbij is gebleken
    dat …')."""
    heads = [doc[i] for i in front if doc[i].head.i not in front or doc[i].head.i == i]
    if any(h.dep_ in SUBJECT_DEPS or h.lower_ in PRONOUN_SUBJECTS for h in heads):
        return True
    if finite.i + 1 >= len(doc):
        return False
    after = doc[finite.i + 1]
    if after.lower_ in PRONOUN_SUBJECTS or after.dep_ in SUBJECT_DEPS:
        return True
    if after.dep_ == "det" and after.head.dep_ in SUBJECT_DEPS:
        return True
    return after.pos_ == "VERB" and any(
        c.dep_ in ("ccomp", "csubj") and any(m.lower_ == "dat" for m in c.children)
        for c in after.children
    )


def _finite(token: Token) -> bool:
    return token.pos_ in VERBS and token.morph.get("VerbForm", []) == ["Fin"]


def _one_part(doc, indexes: range) -> bool:
    """Whether tokens form one part of a clause (one word heads them all), not a verb."""
    inside = set(indexes)
    heads = [i for i in indexes if doc[i].head.i not in inside or doc[i].head.i == i]
    first = doc[indexes[0]]
    return (
        len(heads) == 1
        and not any(doc[i].pos_ in VERBS for i in indexes)
        and first.pos_ not in ("SCONJ", "CCONJ")
    )


def _subject_pronoun(context: RewriteContext, sentence: Span, cut: int) -> str | None:
    """The subject pronoun the first clause starts with ('Wij hebben …'), for a second
    clause without a subject of its own."""
    shared = context.spec.split.get("shared_subjects", ())
    first = context.doc[sentence.start]
    if first.lower_ in shared and first.dep_ in SUBJECT_DEPS and _finite(first.nbor(1)):
        return first.lower_
    return None


def _relative(context: RewriteContext, sentence: Span, end: int) -> tuple[int, Part] | None:
    """A relative clause after a comma that runs to the end of the sentence, turned into
    a sentence of its own: '…, die u kunt terugsturen.' -> '… Die kunt u terugsturen.'"""
    doc = context.doc
    relatives: dict[str, str] = context.spec.split.get("relatives", {})
    for token in doc[sentence.start + 2 : end]:
        if token.lower_ not in relatives or doc[token.i - 1].text != ",":
            continue
        if not _antecedent_fits(doc, token):
            return None
        clause = range(token.i + 1, end)
        if any(doc[i].text in (",", ";", ":") for i in clause):
            return None
        finite = next((doc[i] for i in clause if _finite(doc[i])), None)
        if finite is None:
            return None
        opener = next((i for i in clause if i > finite.i and _opens_clause(doc[i])), end)
        if any(_finite(doc[i]) for i in range(token.i + 1, opener) if i != finite.i):
            return None
        form = _finite_after(context, finite, token.i + 1, opener)
        if form is None:
            return None
        verb_text, particle = form
        order = [-1 if i == finite.i else i for i in clause if i != finite.i or particle]
        lead = [Word(relatives[token.lower_]), Word(verb_text)]
        part = Part(token.i, end, lead=lead, skip={token.i}, order=order)
        if particle:
            part.replaced[-1] = particle  # the particle stays where the verb stood
        return token.i, part
    return None


def _antecedent_fits(doc, relative: Token) -> bool:
    """A noun before the comma that the relative word can refer to: 'dat' a neuter noun,
    'die' a common or plural one; 'waar…' any noun."""
    before = doc[relative.i - 2]
    if relative.lower_.startswith("waar"):
        return before.pos_ not in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PUNCT")
    noun = next(
        (
            t
            for t in reversed(doc[max(relative.sent.start, relative.i - 8) : relative.i - 1])
            if t.pos_ in ("NOUN", "PROPN")
        ),
        None,
    )
    if noun is None:
        return False
    gender, number = noun.morph.get("Gender", []), noun.morph.get("Number", [])
    if relative.lower_ == "dat":
        return gender == ["Neut"] and number != ["Plur"]
    if relative.lower_ == "die":
        return gender != ["Neut"] or number == ["Plur"]
    return True


def _opens_clause(token: Token) -> bool:
    return token.pos_ == "SCONJ" or token.lower_ in WH_WORDS


def _finite_after(
    context: RewriteContext, finite: Token, start: int, end: int
) -> tuple[str, str] | None:
    """The finite verb as it stands after the relative word ('die u … terugstuurt' ->
    'stuurt … terug'; 'die je … krijgt' -> 'krijg je'): (verb, particle at the end)."""
    data = context.spec.verbs
    doc = context.doc
    word, particle = finite.text, ""
    verb = conjugate(finite.norm_, data) if finite.norm_.endswith("n") else None
    if verb is not None and verb.particle and finite.lower_.startswith(verb.particle):
        particle, word = verb.particle, word[len(verb.particle) :]
    if any(
        doc[i].lower_ in ("je", "jij") and doc[i].dep_ in SUBJECT_DEPS for i in range(start, end)
    ):
        if verb is None or finite.lower_ not in (verb.present("je"), verb.present("je", True)):
            return None
        word = verb.present("je-after")
    return word, particle


def _counts(word: Word, doc) -> bool:
    """Whether a word counts as one for the sentence-length rules."""
    if word.index >= 0:
        return is_word(doc[word.index])
    return any(c.isalnum() for c in word.text)


def _words(context: RewriteContext, part: Part) -> list[Word]:
    doc = context.doc
    indexes = part.order if part.order is not None else list(range(part.start, part.end))
    words = list(part.lead)
    for index in indexes:
        if index == -1:
            words.append(Word(part.replaced[-1]))
        elif index not in part.skip:
            words.append(Word(doc[index].text, index))
    return words
