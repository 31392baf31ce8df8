"""Token edits on one stretch of a letter, and what every rewrite needs to know about a
clause: where it ends, who its subject is, which person the verb agrees with."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from tonecheck.rewrite.text import Word, capitalised, render, starts_sentence

# dependents that open a clause of their own: a particle or complement of the main
# clause goes before them
CLAUSE_DEPS = frozenset(
    {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "conj"}
)
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "\u2013", "\u2014", ".", "?", "!", '"'})
SUBJECT_DEPS = ("nsubj", "nsubj:pass")
VERBS = frozenset({"VERB", "AUX"})
Edit = tuple[int, int, str]  # (first character, end character, new text) of a rewrite


@dataclass
class Edits:
    """Changes to the tokens of a letter: a token replaced by words (none: deleted), and
    words put before a token. ``region`` spans every token touched."""

    doc: Doc
    replaced: dict[int, list[Word]] = field(default_factory=dict)
    inserted: dict[int, list[Word]] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)

    def set(self, index: int, *texts: str) -> None:
        self.replaced[index] = [Word(t) for t in texts if t]
        self.touched.add(index)

    def delete(self, index: int) -> None:
        self.set(index)

    def insert(self, index: int, *texts: str) -> None:
        """Words before token ``index`` (after the earlier insertions there)."""
        self.inserted.setdefault(index, []).extend(Word(t) for t in texts if t)
        self.touched.add(index)

    def region(self) -> tuple[int, int]:
        return min(self.touched), max(self.touched) + 1

    def words(self) -> list[Word]:
        start, end = self.region()
        out: list[Word] = []
        for index in range(start, end):
            out += self.inserted.get(index, [])
            out += self.replaced.get(index, [Word(self.doc[index].text, index)])
        return out

    def result(self) -> tuple[int, int, str]:
        """(first character, end character, new text) of the edited region; a region that
        began its sentence with a capital begins with one again."""
        start, end = self.region()
        words = self.words()
        first = self.doc[start]
        if words and first.text[:1].isupper() and starts_sentence(first):
            words[0] = capitalised(words[0])
        last = self.doc[end - 1]
        text = render(words, self.doc)
        if self.replaced.get(start) == [] and not self.inserted.get(start) and start > 0:
            # the first token goes: the text starts after the word before it, with a space
            before = self.doc[start - 1]
            return before.idx + len(before.text), last.idx + len(last.text), " " + text
        return first.idx, last.idx + len(last.text), text


def clause_end(verb: Token) -> int:
    """The index of the first token after ``verb`` that no longer belongs to its clause:
    a comma or end mark, a conjunction, or the first word of a clause inside it or after
    it. A separable particle or a complement of a finite verb in a main clause goes there."""
    own = {verb.i, *(t.i for t in verb.ancestors)}
    inside: set[int] = set()
    for token in verb.sent:
        if token.dep_ in CLAUSE_DEPS and token.i not in own:
            inside |= {t.i for t in token.subtree}
    for token in verb.sent:
        if token.i <= verb.i:
            continue
        if token.text in CLAUSE_BREAKS or token.pos_ in ("CCONJ", "SCONJ") or token.i in inside:
            return token.i
    return verb.sent.end


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb (or of the verb it is an auxiliary of)."""
    for candidate in (verb, verb.head if verb.dep_.startswith("aux") else None):
        if candidate is None:
            continue
        for child in candidate.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
    return None


def person_of(subject: Token | None, verb: Token) -> str | None:
    """The person a finite verb agrees with: ik, u, je, je-after (je after the verb),
    hij or wij; None when it cannot be told."""
    number = verb.morph.get("Number", [])
    if subject is not None:
        word = subject.lower_
        if word == "ik":
            return "ik"
        if word == "u":
            return "u"
        if word in ("je", "jij"):
            return "je-after" if subject.i > verb.i else "je"
        if word in ("wij", "we"):
            return "wij"
        plural = subject.morph.get("Number", []) == ["Plur"] or any(
            c.dep_ == "conj" for c in subject.children
        )
        return "wij" if plural else "hij"
    if number == ["Plur"]:
        return "wij"
    if number == ["Sing"]:
        return "hij"
    return None
