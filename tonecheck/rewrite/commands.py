"""Commanding forms softened: a request becomes a question ('U dient het formulier terug
te sturen.' -> 'Wilt u het formulier terugsturen?'), an obligation loses its formula ('U
bent verplicht … door te geven' -> 'U moet … doorgeven'), and in a subordinate clause
'dient … te' becomes 'moet'. The Dutch words come from ``commanding`` in rewrites.yml.

Only for a clause that ends in its infinitive (with what follows it), without a negation
('U dient niet …' is no request)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from tonecheck.common.fill_in import fill
from tonecheck.common.findings import Finding
from tonecheck.engine.rule import Rule
from tonecheck.rewrite.context import RewriteContext
from tonecheck.rewrite.edits import Edit, Edits
from tonecheck.rewrite.text import SENTENCE_END, Word, lowered, render
from tonecheck.rewrite.verbs import conjugate

BREAKS = frozenset({",", ";", ":", ".", "?", "!"})
WEAK_OBJECTS = frozenset({"dit", "dat", "het", "ze", "hem", "haar", "die", "deze"})
SUBORDINATORS = frozenset({"SCONJ"})
NOUN_LIKE = frozenset({"amod", "acl", "obj", "nsubj", "obl", "nmod", "iobj"})


@dataclass
class Command:
    """The parts of a commanding sentence, as token indexes."""

    front: list[int]  # before the formula ('Binnen twee weken', 'Als u verhuist ,')
    extra: list[str]  # words of the formula that stay ('meteen' for 'onmiddellijk')
    middle: list[int]  # between the formula and the infinitive
    infinitive: str  # with its particle: 'terugsturen'
    after: list[int]  # after the infinitive, to the end of the sentence (no end mark)


def rewrite_command(context: RewriteContext, finding: Finding, rule: Rule) -> Edit | None:
    doc = context.doc
    span = doc.char_span(finding.location.start, finding.location.end, alignment_mode="expand")
    if span is None:
        return None
    options = context.spec.commanding
    term = " ".join(t.lower_ for t in span)
    request = term in options.get("request", {}).get("terms", ())
    obligation = term in options.get("obligation", {}).get("terms", ())
    if not request and not obligation:
        return None
    dienen = next((t for t in span if t.lemma_.lower() == "dienen"), None)
    if dienen is not None and _subordinate(span, dienen):
        return _must(context, span, dienen)
    if term == "dit dient te gebeuren" and dienen is not None:
        return _must(context, span, dienen)
    command = _parts(context, span, bare=term.endswith("onmiddellijk"))
    if command is None:
        return None
    negations = set(options.get("negations", ()))
    if any(doc[i].lower_ in negations for i in command.middle):
        return None
    return _rewritten(context, span, command, request)


def _subordinate(span: Span, dienen: Token) -> bool:
    """'… dat u de huur op tijd dient te betalen': the formula inside a clause that a
    conjunction opens."""
    doc = span.doc
    sentence = span.sent
    if span.start == sentence.start or doc[span.start - 1].text == ",":
        return False
    return any(t.pos_ in SUBORDINATORS for t in doc[sentence.start : span.start])


def _must(context: RewriteContext, span: Span, dienen: Token) -> Edit | None:
    """'dient … te' -> 'moet …' (and 'dienen … te' -> 'moeten …')."""
    doc = context.doc
    old = conjugate("dienen", context.spec.verbs)
    must = conjugate(
        context.spec.commanding.get("obligation", {}).get("verb", "moeten"), context.spec.verbs
    )
    if old is None or must is None:
        return None
    person = next((p for p in ("u", "hij", "wij", "ik") if old.present(p) == dienen.lower_), None)
    if person is None:
        return None
    te = next((t for t in doc[dienen.i + 1 : dienen.sent.end] if t.lower_ == "te"), None)
    if te is None or te.i + 1 >= len(doc) or doc[te.i + 1].morph.get("VerbForm", []) != ["Inf"]:
        return None
    if any(t.lower_ == "te" for t in doc[te.i + 1 : dienen.sent.end]):
        return None  # more than one infinitive with 'te'
    edits = Edits(doc)
    edits.set(dienen.i, must.present(person))
    edits.delete(te.i)
    before, infinitive = doc[te.i - 1], doc[te.i + 1]
    particles = context.spec.verbs.particles
    if before.lower_ in particles and (
        before.dep_ == "compound:prt" or infinitive.norm_.startswith(before.lower_)
    ):
        edits.delete(before.i)
        edits.set(infinitive.i, before.text + infinitive.text)
    return edits.result()


def _parts(context: RewriteContext, span: Span, bare: bool) -> Command | None:
    doc = context.doc
    sentence = span.sent
    end = sentence.end - 1 if doc[sentence.end - 1].text in SENTENCE_END else sentence.end
    words = context.spec.commanding.get("words", {})
    extra = [words[t.lower_] for t in span if words.get(t.lower_)]
    first = span.end
    if first < end and doc[first].lower_ == "om":
        first += 1
    if bare:
        verb = next((t for t in doc[first:end] if t.morph.get("VerbForm", []) == ["Inf"]), None)
        if verb is None or any(t.text in BREAKS for t in doc[first : verb.i]):
            return None
        middle_end, infinitive = verb.i, verb.text
    else:
        te = next((t for t in doc[first:end] if t.lower_ == "te" or t.text in BREAKS), None)
        if te is None or te.lower_ != "te" or te.i + 1 >= end:
            return None
        verb = doc[te.i + 1]
        if verb.morph.get("VerbForm", []) != ["Inf"]:
            return None
        middle_end, infinitive = te.i, verb.text
        before = doc[te.i - 1] if te.i > first else None
        particles = context.spec.verbs.particles
        if (
            before is not None
            and before.lower_ in particles
            and (before.dep_ == "compound:prt" or verb.norm_.startswith(before.lower_))
        ):
            middle_end, infinitive = before.i, before.text + verb.text
    if any(
        doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ not in NOUN_LIKE
        for i in range(first, middle_end)
    ):
        return None  # another verb: another clause ('de bon' tagged as a verb is a noun)
    if any(t.lower_ == "te" for t in doc[verb.i + 1 : end]):
        return None  # 'te verwijderen of terug te brengen': more than one infinitive
    return Command(
        front=list(range(sentence.start, span.start)),
        extra=extra,
        middle=list(range(first, middle_end)),
        infinitive=infinitive,
        after=list(range(verb.i + 1, end)),
    )


def _bare(token: Token) -> Word:
    """A token as it stands, without a full stop the tokenizer kept on the last word of
    the sentence ('DigiD.'): the question mark takes its place."""
    text = token.text
    if (
        token.i == token.sent.end - 1
        and text.endswith(".")
        and "." not in text[:-1]
        and len(text) > 1
    ):
        text = text[:-1]
    return Word(text, token.i)


def _rewritten(context: RewriteContext, span: Span, command: Command, request: bool) -> Edit | None:
    doc = context.doc
    options = context.spec.commanding
    sentence = span.sent
    form = "je" if any(t.lower_ in ("je", "jij") for t in span) else context.form
    if form == "u" and any(t.lower_ == "je" for t in span):
        form = "je"
    subject = "u" if form == "u" else "je"
    must = conjugate(options.get("obligation", {}).get("verb", "moeten"), context.spec.verbs)
    if must is None:
        return None
    own = lambda indexes: [_bare(doc[i]) for i in indexes]  # noqa: E731
    front = command.front
    middle = [*[Word(w) for w in command.extra], *own(command.middle)]
    tail = [Word(command.infinitive), *own(command.after)]
    front_text = " ".join(doc[i].lower_ for i in front)
    clause_front = bool(front) and doc[front[-1]].text == ","
    if request and clause_front and doc[front[0]].lower_ not in options.get("conditions", ()):
        request = False  # 'Om … te komen, dient u …': a condition of something else
    if request:
        ask = fill(options.get("request", {}).get("text", "{Wilt u|Wil je}"), {}, form).split()
        if clause_front:
            then = options.get("then", "dan")
            lead = [i for i in command.middle[:1] if doc[i].lower_ in WEAK_OBJECTS]
            rest = [
                *[Word(w) for w in command.extra],
                *own([i for i in command.middle if i not in lead]),
            ]
            words = [
                *own(front),
                Word(ask[0].lower()),
                *[Word(w) for w in ask[1:]],
                *own(lead),
                Word(then),
                *rest,
                *tail,
            ]
        else:
            moved = [] if front_text in options.get("drop_first", ()) else own(front)
            if moved:
                moved[0] = lowered(moved[0], doc)
            words = [*[Word(w) for w in ask], *moved, *middle, *tail]
        end_mark = "?"
    else:
        finite = must.present(subject)
        if front:
            words = [*own(front), Word(finite), Word(subject), *middle, *tail]
        else:
            words = [Word(subject.capitalize()), Word(finite), *middle, *tail]
        end_mark = "."
    words[0] = Word(words[0].text[:1].upper() + words[0].text[1:], words[0].index)
    last = doc[sentence.end - 1]
    end_char = last.idx + len(last.text)
    return doc[sentence.start].idx, end_char, render([*words, Word(end_mark)], doc)
