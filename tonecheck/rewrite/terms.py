"""Officialese replaced inside the sentence by the plain word of the rule's list, in the
form the sentence needs: a verb conjugated as the one it replaces (with its particle at
the end of a main clause: 'retourneren' -> 'sturen … terug'), an adjective inflected
('spoedige' -> 'snelle'), a verb-first condition turned round ('Mocht u vragen hebben'
-> 'Als u vragen heeft').

Only where the list gives one replacement (or ``terms.choose`` in rewrites.yml says which
of several fits everywhere) and the replacement has the shape of what it replaces."""

from __future__ import annotations

from spacy.tokens import Span, Token

from tonecheck.common.findings import Finding
from tonecheck.engine.rule import Rule
from tonecheck.rewrite.context import RewriteContext
from tonecheck.rewrite.edits import VERBS, Edit, Edits
from tonecheck.rewrite.spec import plain_term
from tonecheck.rewrite.term_entries import Slot, entry_slots
from tonecheck.rewrite.term_verbs import condition, verb_term, verb_token

NOT_PLAIN = ("…", "...", "?", "(", ")", "/", "[")
# words before a noun whose form depends on the noun's gender
GENDERED = frozenset({"de", "het", "dit", "dat", "deze", "die", "ons", "onze", "elk", "elke"})
UNSTRESSED_ENDINGS = ("ig", "lijk", "isch", "el", "er", "en", "em", "baar", "zaam")
CONDITIONALS = frozenset({"mocht", "mochten"})
# a replacement that starts a clause of its own ('wat u kunt betalen', 'wij vinden', 'let
# op'): only in place of a word that does so too ('hetgeen' -> 'wat', 'indien' -> 'als')
CLAUSE_STARTS = frozenset(
    "wat wie hoe waar dat als om wij we ik u je jij hij zij heeft hebt bel let stuur zie".split()  # noqa: SIM905
)
# conjunctions that need a finite verb after them ('voordat wij beslissen', not
# 'voordat te beslissen')
FINITE_CONJUNCTIONS = frozenset(
    "voordat omdat als hoewel doordat zodat terwijl nadat totdat zodra wanneer".split()  # noqa: SIM905
)
PRONOUNS = frozenset({"u", "wij", "we", "ik", "je", "jij", "hij", "zij"})


def rewrite_term(context: RewriteContext, finding: Finding, rule: Rule) -> Edit | None:
    """The rewrite of one officialese finding, or None."""
    found = _entry(context, finding, rule)
    if found is None:
        return None
    term, span, replacement = found
    plain = plain_term(term)
    options = context.spec.terms
    if plain in options.get("skip", ()):
        return None
    if "," in replacement:
        chosen = options.get("choose", {}).get(plain)
        if chosen is None:
            return None
        replacement = chosen
    if not replacement or any(mark in replacement for mark in NOT_PLAIN):
        return None
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.lower_ == "van" and " van " in f" {replacement} ":
        return None
    sentence = span.sent.text.lower()
    if any(kept in sentence and plain in kept for kept in options.get("keep", ())):
        return None  # part of a fixed name ('verklaring omtrent het gedrag')
    slots = entry_slots(term)
    first = span[0]
    if first.lower_ in CONDITIONALS and len(slots) == 2 and replacement.split()[0] == "als":
        return condition(context, span)
    verb_slots = [s for s in slots if s.verb]
    if len(verb_slots) == 1:
        verb = verb_token(span, verb_slots[0])
        if verb is not None:
            return verb_term(context, span, slots, verb_slots[0], verb, replacement, plain)
        if len(slots) > 1:
            return None
    return _word_term(context, span, slots, replacement)


def _entry(context: RewriteContext, finding: Finding, rule: Rule) -> tuple[str, Span, str] | None:
    """(term as written, matched tokens, replacement) of a terms finding."""
    matcher = getattr(rule.check, "matcher", None)
    phrase = getattr(matcher, "phrase", None)
    if matcher is None or phrase is None:
        return None
    doc = context.doc
    if rule.id not in context.term_matches:
        context.term_matches[rule.id] = list(phrase(doc))
    best: tuple[str, Span, str] | None = None
    for term, start, end in context.term_matches[rule.id]:
        span = doc[start:end]
        if span.start_char != finding.location.start or span.end_char != finding.location.end:
            continue
        if best is None or len(term) > len(best[0]):
            best = (term, span, matcher.replacements.get(term, ""))
    return best


def _word_term(
    context: RewriteContext, span: Span, slots: list[Slot], replacement: str
) -> Edit | None:
    """A term without a verb: the replacement in its place, inflected like the word it
    replaces."""
    if len(span) > 1 and any(
        t.pos_ in VERBS and t.morph.get("VerbForm", []) == ["Fin"] for t in span
    ):
        return None  # 'wij wijzen u erop': a clause, not a word to swap
    words = replacement.lower().split()
    first_word = words[0]
    if first_word in CLAUSE_STARTS and any(t.pos_ == "NOUN" for t in span):
        return None  # 'draagkracht' -> 'wat u kunt betalen': a clause for a noun
    if any(w in PRONOUNS for w in words[:-1]) and not any(t.lower_ in PRONOUNS for t in span):
        return None  # 'besluit waartegen u bezwaar maakte': a clause inside
    doc = span.doc
    before, after = span.start - 1, span.end
    if (
        before >= span.sent.start
        and after < span.sent.end
        and doc[before].text == "," == doc[after].text
    ):
        return None  # ', gelet op het voorgaande,': an aside, not a word in the sentence
    if _inside_name(span):
        return None
    if first_word in FINITE_CONJUNCTIONS and not _finite_follows(span):
        return None
    edits = Edits(context.doc)
    text = replacement
    if span[0].text[:1].isupper():
        text = text[:1].upper() + text[1:]  # also in a list item: '- Ingezetene zijn …'

    if len(span) == 1 and len(slots) == 1:
        token = span[0]
        form = _word_form(token, slots[0].text, text)
        if form is None:
            return None
        text = form
    for token in span[1:]:
        edits.delete(token.i)
    edits.set(span[0].i, *text.split())
    before = span[0].i - 1
    if (
        replacement in context.spec.terms.get("no_comma_before", ())
        and before >= span.sent.start
        and context.doc[before].text == ","
    ):
        edits.delete(before)
    return edits.result()


def _inside_name(span: Span) -> bool:
    """Whether the term may be part of a name: after a capitalised word and a noun in
    small letters ('de Algemene wet inzake rijksbelastingen')."""
    doc = span.doc
    if span.start - 2 <= span.sent.start:
        return False
    noun, name = doc[span.start - 1], doc[span.start - 2]
    return noun.pos_ == "NOUN" and noun.text.islower() and name.text[:1].isupper()


def _finite_follows(span: Span) -> bool:
    """Whether a finite verb follows in the clause the conjunction opens."""
    for token in span.doc[span.end : span.sent.end]:
        if token.text in (",", ";", ":", ".", "?", "!") or token.lower_ == "te":
            return False
        if token.pos_ in VERBS:
            return True
    return False


def _word_form(token: Token, entry: str, replacement: str) -> str | None:
    """The replacement in the form ``token`` has: an adjective inflected, a noun only
    where its gender does not show; None when that cannot be done safely."""
    word = token.lower_
    if token.pos_ in ("NOUN", "PROPN"):
        previous = token.nbor(-1) if token.i > token.sent.start else None
        articles = [c for c in token.children if c.dep_ == "det"]
        if word != entry or any(a.lower_ in GENDERED for a in articles):
            return None
        if previous is not None and (previous.lower_ in GENDERED or previous.dep_ == "amod"):
            return None
        return replacement
    if word == entry:
        return replacement
    if word.endswith("e") and word[:-1].rstrip("e") and token.pos_ in ("ADJ", "VERB"):
        last = replacement.split()[-1]
        if len(replacement.split()) > 1 and replacement.split()[0] not in ("heel", "erg", "zeer"):
            return None
        inflected = inflect(last)
        return " ".join([*replacement.split()[:-1], inflected]) if inflected else None
    return None


def inflect(adjective: str) -> str | None:
    """The attributive form: snel -> snelle, goed -> goede, groot -> grote, extra -> extra."""
    word = adjective.lower()
    if not word.isalpha():
        return None
    if word[-1] in "aeiouy" or word.endswith("en"):
        return word
    vowels = sum(
        1 for i, c in enumerate(word) if c in "aeiou" and (i == 0 or word[i - 1] not in "aeiou")
    )
    if word.endswith(UNSTRESSED_ENDINGS) and vowels > 1:
        return word + "e"
    last, before = word[-1], word[-3:-1]
    if before in ("aa", "ee", "oo", "uu"):
        stem = word[:-2] + word[-1]
        return _voiced(stem) + "e"
    if before in ("ie", "ij", "ei", "ui", "ou", "au", "eu", "oe"):
        return _voiced(word) + "e"
    if len(word) >= 2 and word[-2] in "aeiou" and vowels == 1 and last not in "wx":
        return word + last + "e"  # snel -> snelle
    return word + "e"


def _voiced(stem: str) -> str:
    if stem.endswith("f"):
        return stem[:-1] + "v"
    if stem.endswith("s"):
        return stem[:-1] + "z"
    return stem
