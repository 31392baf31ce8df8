"""Dependency patterns matched from their gated nodes outwards.

spaCy's DependencyMatcher first runs every node's token pattern over the whole Doc and
walks each hit's ancestors, about 0.25 ms per pattern per letter. Rule patterns are
small trees ("a verb of giving with the reader as subject and a negation below it")
whose nodes mostly name words; such a node's candidates come straight from the gates
(:mod:`tonecheck.engine.gates`), a node without gates is tested only on the tokens its
relations allow, and the tree is then searched from the anchor. The result is the set
spaCy's matcher gives (a test compares them on every letter we have); patterns with a
relation operator not listed in :data:`RELATIONS` use spaCy's matcher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc

from tonecheck.engine.gates import DocColumns, Gate, decided_by_gates, token_gates
from tonecheck.engine.regex_predicates import RegexPatternError, without_regex


def _children(doc: Doc, i: int) -> list[int]:
    return [t.i for t in doc[i].children]


def _head(doc: Doc, i: int) -> list[int]:
    head = doc[i].head.i
    return [] if head == i else [head]


def _descendants(doc: Doc, i: int) -> list[int]:
    return [t.i for t in doc[i].subtree if t.i != i]


def _ancestors(doc: Doc, i: int) -> list[int]:
    return [t.i for t in doc[i].ancestors]


# relation operator -> (tokens related to the left node, its inverse)
RELATIONS: dict[str, tuple[Callable[[Doc, int], list[int]], Callable[[Doc, int], list[int]]]] = {
    ">": (_children, _head),
    "<": (_head, _children),
    ">>": (_descendants, _ancestors),
    "<<": (_ancestors, _descendants),
}


# token attributes a node may test directly, as the Matcher reads them
DIRECT_ATTRS = {
    "ORTH": "text", "TEXT": "text", "LOWER": "lower_", "NORM": "norm_", "LEMMA": "lemma_",
    "POS": "pos_", "TAG": "tag_", "DEP": "dep_",
}  # fmt: skip


def direct_test(spec: dict) -> Callable | None:
    """A plain-Python test for a node whose attributes are only string values, IN or
    NOT_IN lists on the attributes above (a Matcher call costs about 15 µs a token);
    None for anything else, which the node's Matcher tests."""
    tests = []
    for key, value in spec.items():
        attr = DIRECT_ATTRS.get(str(key).upper())
        if attr is None:
            return None
        if isinstance(value, str):
            tests.append((attr, frozenset([value]), True))
        elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
            ((operator, listed),) = value.items()
            if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
                return None
            tests.append((attr, frozenset(listed), operator == "IN"))
        else:
            return None

    def test(token) -> bool:
        return all((getattr(token, attr) in values) == inside for attr, values, inside in tests)

    return test


@dataclass
class _Node:
    spec: dict
    matcher: Matcher  # the node's attributes as a one-token pattern
    gates: list[Gate]
    decided: bool  # the gates are the whole spec
    left: int = -1  # index of the node this one relates to (-1: the anchor)
    op: str = ""
    direct: Callable | None = None  # a plain test of the spec, when it is simple


@dataclass
class DependencyPattern:
    """One dependency pattern, searched from its gates; falls back to spaCy's matcher."""

    key: int
    nodes: list[_Node] = field(default_factory=list)
    fallback: DependencyMatcher | None = None
    gates: list[Gate] = field(default_factory=list)

    @classmethod
    def build(cls, vocab, key: str, pattern: list[dict]) -> DependencyPattern:
        """Validate with spaCy's DependencyMatcher (raises as it does, or
        RegexPatternError) and compile; REGEX run on RE2, as in the gated matcher."""
        checked = DependencyMatcher(vocab, validate=True)
        checked.add(key, [pattern])  # spaCy's word on the pattern as written
        runnable = _without_regex(pattern)
        if runnable != pattern:
            checked = DependencyMatcher(vocab)
            checked.add(key, [runnable])
        strings = vocab.strings
        compiled = cls(strings.add(key))
        ids = [node["RIGHT_ID"] for node in pattern]
        for node, runnable_node in zip(pattern, runnable, strict=True):
            spec = dict(node.get("RIGHT_ATTRS", {}))
            gates = token_gates(spec, 0, strings)
            matcher = Matcher(vocab)
            matcher.add("node", [[runnable_node.get("RIGHT_ATTRS", {})]])
            item = _Node(spec, matcher, gates, bool(spec) and decided_by_gates([spec], strings))
            item.direct = direct_test(spec)
            if "LEFT_ID" in node:
                item.left, item.op = ids.index(node["LEFT_ID"]), node["REL_OP"]
            compiled.nodes.append(item)
            compiled.gates += gates
        if any(n.op not in RELATIONS for n in compiled.nodes[1:]):
            compiled.fallback = checked
        return compiled

    def __call__(self, doc: Doc, columns: DocColumns) -> list[tuple[int, list[int]]]:
        gated = [columns.starts(n.gates) if n.gates else None for n in self.nodes]
        if any(c is not None and not c for c in gated):
            return []  # a node that names words finds none of them
        if self.fallback is not None:
            return list(self.fallback(doc))
        search = _Search(doc, self.nodes, gated)
        return [(self.key, list(found)) for found in search.run()]


def _without_regex(pattern: list[dict]) -> list[dict]:
    """The pattern with each node's REGEX predicates as RE2-computed extension tests."""
    runnable = []
    for i, node in enumerate(pattern):
        try:
            attrs = without_regex(dict(node.get("RIGHT_ATTRS", {})))
        except RegexPatternError as error:
            raise RegexPatternError(str(error), [i, "RIGHT_ATTRS", *error.path]) from None
        runnable.append({**node, "RIGHT_ATTRS": attrs} if "RIGHT_ATTRS" in node else node)
    return runnable


class _Search:
    """Backtracking over the nodes in pattern order, each node's tokens tested once."""

    def __init__(self, doc: Doc, nodes: list[_Node], gated: list[set[int] | None]) -> None:
        self.doc = doc
        self.nodes = nodes
        self.gated = gated
        self.tested: list[dict[int, bool]] = [{} for _ in nodes]

    def run(self) -> Iterator[tuple[int, ...]]:
        for anchor in sorted(self._anchor_candidates()):
            if self._fits(0, anchor):
                yield from self._extend((anchor,))

    def _anchor_candidates(self) -> set[int]:
        if self.gated[0] is not None:
            return self.gated[0]
        # the anchor names no words: take the tokens related to a node that does
        for index, node in enumerate(self.nodes[1:], start=1):
            gated = self.gated[index]
            if node.left == 0 and gated is not None:
                inverse = RELATIONS[node.op][1]
                return {a for c in gated for a in inverse(self.doc, c)}
        return {s for _, s, _ in self.nodes[0].matcher(self.doc)}

    def _extend(self, assigned: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        index = len(assigned)
        if index == len(self.nodes):
            yield assigned
            return
        node = self.nodes[index]
        related = RELATIONS[node.op][0](self.doc, assigned[node.left])
        for token in related:
            if self._fits(index, token):
                yield from self._extend((*assigned, token))

    def _fits(self, index: int, token: int) -> bool:
        """Whether the token has the node's attributes (gates first, then spaCy)."""
        node, gated = self.nodes[index], self.gated[index]
        if gated is not None and token not in gated:
            return False
        if node.decided or not node.spec:
            return True
        known = self.tested[index].get(token)
        if known is None:
            if node.direct is not None:
                known = node.direct(self.doc[token])
            else:
                known = bool(node.matcher(self.doc[token : token + 1]))
            self.tested[index][token] = known
        return known
