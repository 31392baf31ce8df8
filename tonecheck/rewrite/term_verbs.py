"""Officialese with a verb replaced by the list's plain verb in the same form: conjugated
as the verb it replaces, its particle or second verb at the end of a main clause
('retourneren' -> 'sturen … terug', 'delen … mede' -> 'laten … weten'), the term's own
words gone or swapped for the replacement's preposition ('draagt zorg voor' -> 'zorgt
voor'); and a verb-first condition turned round ('Mocht u vragen hebben' -> 'Als u vragen
heeft')."""

from __future__ import annotations

from spacy.tokens import Span, Token

from tonecheck.rewrite.context import RewriteContext
from tonecheck.rewrite.edits import VERBS, Edit, Edits, clause_end, person_of, subject_of
from tonecheck.rewrite.term_entries import Slot
from tonecheck.rewrite.verbs import Verb, conjugate, forms_of

PREPOSITIONS = frozenset(
    "aan bij door in met na naar om op over tot uit van voor vanaf volgens zonder".split()  # noqa: SIM905
)
AUXILIARIES = frozenset({"hebben", "zijn", "worden"})


def verb_token(span: Span, slot: Slot) -> Token | None:
    verbs = [t for t in span if t.pos_ in VERBS]
    named = [t for t in verbs if slot.text in (t.norm_, t.lemma_.lower(), t.lower_)]
    if named:
        return named[0]
    return verbs[0] if len(verbs) == 1 else None


def condition(context: RewriteContext, span: Span) -> Edit | None:
    """'Mocht u vragen hebben, …' -> 'Als u vragen heeft, …'."""
    doc = context.doc
    subject = span[1]
    verbs: list[Token] = []
    for token in doc[span.end : span.sent.end]:
        if token.text in (",", ".", "?", "!", ";"):
            break
        if token.pos_ in VERBS and token.morph.get("VerbForm", []) != ["Part"]:
            verbs.append(token)
    # the verbs of the clause stand together at its end: 'vragen hebben', 'willen weten'
    if not verbs or len(verbs) > 2 or verbs[-1].i - verbs[0].i != len(verbs) - 1:
        return None
    governed = verbs[0]
    if not governed.lower_.endswith("n"):
        return None
    verb = conjugate(governed.lower_, context.spec.verbs)
    if verb is None:
        return None
    if subject.lower_ == "u":
        person = "u"
    elif subject.lower_ in ("je", "jij"):
        person = "je"
    elif subject.lower_ == "er":
        person = "wij" if span[0].lower_ == "mochten" else "hij"  # agrees with the subject
    else:
        return None
    edits = Edits(doc)
    edits.set(span[0].i, "als")
    edits.set(governed.i, verb.present(person, joined=True))
    return edits.result()


def verb_term(
    context: RewriteContext,
    span: Span,
    slots: list[Slot],
    slot: Slot,
    verb: Token,
    replacement: str,
    plain: str,
) -> Edit | None:
    """A term with a verb: the replacement verb in the same form, the term's other words
    gone or replaced by the replacement's preposition."""
    data = context.spec.verbs
    words = replacement.split()
    new = conjugate(words[0], data)
    if new is None:
        return None
    rest = words[1:]
    preposition = [w for w in rest if w in PREPOSITIONS]
    complement = [w for w in rest if w not in PREPOSITIONS]
    if len(preposition) > 1 or len(complement) > 1 or any(not w.endswith("en") for w in complement):
        return None
    doc = context.doc
    if (
        verb.i > 0
        and doc[verb.i - 1].lower_ in ("het", "dit", "dat")
        and verb.morph.get("VerbForm", []) != ["Fin"]
    ):
        return None  # 'het verlenen van medewerking': a verb used as a noun
    edits = Edits(doc)
    fixed = [s for s in slots if not s.verb]
    used: set[int] = {verb.i}
    fixed_tokens: list[Token] = []
    for word in fixed:
        match = next(
            (t for t in span if t.i not in used and word.text in (t.lower_, t.lemma_.lower())), None
        )
        if match is None:
            return None
        used.add(match.i)
        fixed_tokens.append(match)
    if any(t.dep_ in ("nsubj", "nsubj:pass") and t.pos_ in ("NOUN", "PROPN") for t in fixed_tokens):
        return None  # 'er is geen sprake van …': the subject would change
    own_preposition = bool(fixed_tokens) and fixed_tokens[-1].lower_ in PREPOSITIONS
    after_term = doc[span.end] if span.end < span.sent.end else None
    governs = after_term is not None and after_term.pos_ == "ADP" and fixed_tokens
    if fixed_tokens and not own_preposition and (governs or _other_object(verb, fixed_tokens)):
        return None  # 'is van toepassing op': the new verb may want another preposition
    particle_token = _particle_of(verb, slot)
    if particle_token is not None:
        used.add(particle_token.i)
    # the term's preposition becomes the replacement's, its other words go
    preposition_token = (
        fixed_tokens[-1] if fixed_tokens and fixed_tokens[-1].lower_ in PREPOSITIONS else None
    )
    if preposition and preposition_token is None:
        return None
    for token in fixed_tokens:
        if token is preposition_token and preposition:
            edits.set(token.i, preposition[0])
        elif token.lower_ == "te":
            if not _drop_te(edits, token, context.spec.verbs.particles):
                return None
        else:
            edits.delete(token.i)
    form = _form_words(context, verb, slot, new, complement, plain)
    if form is None:
        return None
    at_verb, tail = form
    te = _te_before(verb, particle_token)
    if te is not None and te.i not in used:
        edits.delete(te.i)
        at_verb = [*new.te_infinitive().split(), *complement]
        tail = []
    if particle_token is not None:
        edits.delete(particle_token.i)
    edits.set(verb.i, *at_verb)
    if tail:
        if particle_token is not None and particle_token.i > verb.i:
            edits.set(particle_token.i, *tail)
        else:
            end = clause_end(verb)
            if any(
                t.pos_ in VERBS and t.dep_ not in ("amod", "acl", "nmod")
                for t in doc[verb.i + 1 : end]
            ):
                return None  # a clause inside: the end of this one is unsure
            edits.insert(end, *tail)
    return edits.result()


def _other_object(verb: Token, fixed: list[Token]) -> bool:
    """Whether the verb (or a word of the term) has a prepositional object besides the
    term's own words ('is van toepassing op …')."""
    mine = {t.i for t in fixed}
    for child in [c for t in (verb, *fixed) for c in t.children]:
        if child.dep_ in ("obl", "obl:arg") and child.i not in mine:
            case = [c for c in child.children if c.dep_ == "case"]
            if case and case[0].i not in mine and case[0].lower_ in PREPOSITIONS - {"na", "vanaf"}:
                return True
    return False


def _particle_of(verb: Token, slot: Slot) -> Token | None:
    for child in verb.children:
        if child.dep_ == "compound:prt" and (not slot.particle or child.lower_ == slot.particle):
            return child
    if slot.particle:
        for token in verb.sent:
            if (
                token.lower_ == slot.particle
                and token.i > verb.i
                and token.pos_ == "ADP"
                and token.head.i == verb.i
            ):
                return token
    return None


def _te_before(verb: Token, particle: Token | None) -> Token | None:
    at = verb.i - 1
    doc = verb.doc
    if at >= 0 and doc[at].lower_ == "te":
        return doc[at]
    return None


def _drop_te(edits: Edits, te: Token, particles: tuple[str, ...]) -> bool:
    """'dient … terug te sturen' -> 'moet … terugsturen': 'te' goes, a particle before it
    joins the infinitive after it. False when another 'te' follows in the clause ('te
    verwijderen of terug te brengen'): then no rewrite."""
    doc = te.doc
    if te.i + 1 >= len(doc) or te.i == 0 or doc[te.i + 1].pos_ not in VERBS:
        return False
    if any(t.lower_ == "te" for t in doc[te.i + 1 : te.sent.end]):
        return False
    edits.delete(te.i)
    infinitive, before = doc[te.i + 1], doc[te.i - 1]
    if before.lower_ in particles and (
        before.dep_ == "compound:prt" or infinitive.norm_.startswith(before.lower_)
    ):
        edits.delete(before.i)
        edits.set(infinitive.i, before.text + infinitive.text)
    return True


def _form_words(
    context: RewriteContext, verb: Token, slot: Slot, new: Verb, complement: list[str], plain: str
) -> tuple[list[str], list[str]] | None:
    """(words in the verb's place, words at the end of its clause) for the new verb in
    the form the old one has."""
    data = context.spec.verbs
    old = conjugate(slot.text, data, verb.lower_, slot.particle or None)
    if old is None:
        return None
    form = verb_form(verb, old)
    main = not any(c.dep_ == "mark" for c in verb.children) and verb.dep_ != "acl:relcl"
    if form in ("present", "past"):
        person = person_of(subject_of(verb), verb)
        if person is None:
            return None
        if form == "past":
            plural = verb.lower_ in (old.past(True), old.past(True, True))
            finite = new.past(plural, joined=not main)
        else:
            if verb.lower_ not in (old.present(person), old.present(person, True)):
                return None
            finite = new.present(person, joined=not main)
        if main:
            tail = [new.particle, *complement] if new.particle else complement
            return [finite], [w for w in tail if w]
        return [finite, *complement], []
    if form == "participle":
        if plain in context.spec.terms.get("not_perfect", ()) or verb.dep_ == "amod":
            return None
        if not _has_auxiliary(verb):
            return None  # 'beëindigd houdt', 'in onderling verband bezien': no verb form
        if complement:
            # 'heeft … laten weten'; not in a passive ('wordt … in kennis gesteld')
            active = any(
                c.lemma_.lower() == "hebben" for c in verb.children if c.dep_.startswith("aux")
            )
            if new.infinitive not in data.keep_infinitive or not active:
                return None
            return [new.infinitive, *complement], []
        return ([new.participle()], []) if new.participle() else None
    if form == "infinitive":
        return [new.infinitive, *complement], []
    return None


def _has_auxiliary(participle: Token) -> bool:
    """Whether a participle is part of a perfect or passive ('heeft … ontvangen')."""
    related = [*participle.children, participle.head]
    return any(
        t.lemma_.lower() in AUXILIARIES and t.pos_ in VERBS for t in related if t.i != participle.i
    )


def verb_form(verb: Token, old: Verb) -> str | None:
    """The form a verb token has (present, past, participle, infinitive), from its
    spelling, and where that allows more than one, from its auxiliaries and tags."""
    forms = forms_of(verb.lower_, old)
    auxiliaries = [
        c
        for c in verb.children
        if (c.dep_.startswith("aux") and c.i < verb.i) or (c.dep_ == "mark" and c.lower_ == "te")
    ]
    if any(c.morph.get("VerbForm", []) == ["Fin"] or c.lower_ == "te" for c in auxiliaries):
        forms -= {"present", "past"}
    if len(forms) > 1 and {"participle", "infinitive"} <= forms:
        if not auxiliaries:
            return None  # 'in onderling verband bezien': nothing tells which
        perfect = any(c.lemma_.lower() in ("hebben", "zijn", "worden") for c in auxiliaries)
        forms -= {"infinitive"} if perfect else {"participle"}
    if len(forms) > 1:
        tag = {"Part": "participle", "Inf": "infinitive"}.get(
            (verb.morph.get("VerbForm", []) or [""])[0],
            "past" if verb.morph.get("Tense", []) == ["Past"] else "present",
        )
        if tag in forms:
            forms = {tag}
        elif forms == {"present", "infinitive"}:
            # the tag is off: a verb with its own subject and no auxiliary is finite
            forms = {"present"} if subject_of(verb) is not None else {"infinitive"}
    return next(iter(forms)) if len(forms) == 1 else None
