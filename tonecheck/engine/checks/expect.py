"""``expect`` checks: where A occurs, B must occur within a scope; or B must occur at all."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tonecheck.common.findings import Finding, Level
from tonecheck.common.placeholders import fills_in
from tonecheck.common.text import shorten
from tonecheck.engine.checks.base import Builder, CheckKind, Path
from tonecheck.engine.context import LetterContext
from tonecheck.engine.matchers import CompiledMatcher
from tonecheck.engine.schema import MATCHER
from tonecheck.nlp.letter import first_decision
from tonecheck.nlp.role_names import DECISION_ROLES, ROLES
from tonecheck.nlp.roles import SentenceRoles
from tonecheck.nlp.structure_spec import NON_TEXT_ZONES, ZONE_IDS

SHOWN = 60  # characters of matched text shown by why_quiet
# how far from A (in sentences, within its paragraph) a reference elsewhere counts: a
# letter written as one long paragraph names its attachments for other things too
REFERS_TO_SENTENCES = 2
SHOWN_TERMS = 6  # terms of refers_to named by explain
BODY_ZONES = ("opening", "decision", "body", "reasons")


@dataclass(frozen=True)
class UnsureBeside:
    """A sentence the model reads as one of ``roles`` (at ``from_score`` or more) that
    reads a little as B's role too (``own_from``) and has one of ``words``: the model
    splits such a sentence between the two ('U kunt ook in termijnen betalen; stuur
    daarvoor het formulier' is an alternative and a next step), so it makes the rule
    unsure as :attr:`ExpectCheck.unsure_from` does."""

    roles: frozenset[str]
    from_score: float
    own_from: float
    words: CompiledMatcher
    terms: tuple[str, ...] = ()  # the terms of ``words``, as the rule file gives them


@dataclass
class ExpectCheck:
    """If ``when`` (A) matches, ``then`` (B) must match within ``within`` of it.

    Without A, B must occur somewhere in the letter (in ``then_zones`` when given);
    the finding then concerns the whole letter and points at the first paragraph of the
    zone it is about (or the first body paragraph).
    """

    kind: str
    when: CompiledMatcher | None
    then: CompiledMatcher
    within: str | int  # a scope name, or a number of sentences around A
    then_zones: tuple[str, ...] | None  # in the order the rule file gives them
    or_in_zones: frozenset[str] = frozenset()  # B anywhere in these zones also counts
    forbid: bool = False  # mode "forbid": flag A when B *does* occur within the scope
    first_only: bool = False  # report only the first A (one finding per letter)
    # A also matches the sentence the letter type was decided on (when it is in the text)
    at_decision: bool = False
    # B's roles: a sentence in the scope that scores at least this for one of them (but
    # below its threshold) makes the finding a suggestion that names that sentence: the
    # model is unsure, and an unsure finding claims no defect
    unsure_from: float | None = None
    # roles that, read more strongly than B's role, keep a sentence from making the rule
    # unsure ('Het spijt ons u te moeten meedelen …' reads more as blame-or-hollow than
    # as empathy: no "maybe this sentence does it")
    unsure_rivals: frozenset[str] = frozenset()
    # a sentence read as another role that offers B in its words (:class:`UnsureBeside`)
    unsure_beside: UnsureBeside | None = None
    # a line that is only a template placeholder ('{$motivering}') in one of these zones
    # (found from the letter's headings) makes the finding a suggestion that names it:
    # a template fills in text there, which neither the model nor a rule can read
    placeholder_zones: frozenset[str] = frozenset()
    # words that send the reader elsewhere for B ('Hoe u dat doet, leest u in de
    # bijlage'): a match in A's paragraph or the sentence after A makes the finding a
    # suggestion that names it, since tonecheck reads the letter, not what it points to
    refers_to: CompiledMatcher | None = None
    refers_to_terms: tuple[str, ...] = ()  # its terms and its lists', as the rule file gives them
    # where a reference counts: "near" A (see _referred) or anywhere in the "document"
    refers_within: str = "near"

    def _b_matches(self, context: LetterContext) -> list[tuple[int, int, str]]:
        found = []
        for start, end, _ in self.then(context.doc):
            zone = context.zone_of_token(start)
            if self.then_zones is None and zone == "margin":
                continue
            if self.then_zones is not None and zone not in self.then_zones:
                continue
            found.append((start, end, zone))
        return found

    def _a_matches(self, context: LetterContext) -> list[tuple[int, int, str]]:
        found = list(self.when(context.doc)) if self.when is not None else []
        if self.at_decision:
            found += self._decision(context)
        return sorted(found)

    def _decision(self, context: LetterContext) -> list[tuple[int, int, str]]:
        """The sentence the letter type was decided on; when only the subject line decided
        it ("Betreft: afwijzing aanvraag"), the first sentence read as the decision, or
        without one the first sentence of the text; when nothing did but the letter brings
        bad news, the sentence that reads most as a refusal, and in a decision without bad
        news (a grant) the sentence that reads most as a decision (``Letter.decision_span``).
        So a letter-level finding sits on the decision, not on "Op … heeft u een
        aanvraag ingediend"."""
        letter_type = context.letter.letter_type
        start_char, end_char = letter_type.evidence_span
        if start_char < 0:
            start_char, end_char = (
                first_decision(context.letter.roles)
                if letter_type.evidence
                else context.letter.decision_span
            )
        if start_char >= 0:
            span = context.doc.char_span(start_char, end_char, alignment_mode="expand")
            return [(span.start, span.end, "decision")] if span is not None and len(span) else []
        if not letter_type.evidence:
            return []
        for sentence in context.sentences:
            if context.zone_of_token(sentence.start) in BODY_ZONES:
                return [(sentence.start, sentence.end, "decision")]
        return []

    def _scope(
        self, context: LetterContext, token: int, within: str | int | None = None
    ) -> tuple[int, int]:
        """Token range around token ``token`` in which B must occur (or, with
        ``within``, that range)."""
        within = self.within if within is None else within
        doc = context.doc
        sentence_index = context.sentence_of_token[token]
        if within == "document":
            return 0, len(doc)
        if isinstance(within, int):
            first = max(0, sentence_index - within)
            last = min(len(context.sentences) - 1, sentence_index + within)
            return context.sentences[first].start, context.sentences[last].end
        if within == "sentence":
            sentence = context.sentences[sentence_index]
            return sentence.start, sentence.end
        blocks = context.letter.document.blocks
        block = context.block_of_token(token)
        first_block = last_block = block
        if within == "zone":
            zone = blocks[block].zone
            while first_block > 0 and blocks[first_block - 1].zone == zone:
                first_block -= 1
            while last_block + 1 < len(blocks) and blocks[last_block + 1].zone == zone:
                last_block += 1
        start_char, end_char = blocks[first_block].start, blocks[last_block].end
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, len(doc))

    def run(self, rule, context: LetterContext) -> Iterator[Finding]:
        b_matches = self._b_matches(context)
        if self.when is None:
            if not b_matches:
                found = self._document_finding(rule, context)
                yield self._unsure(found, context, 0, len(context.doc))
            return
        if self.or_in_zones and any(z in self.or_in_zones for _, _, z in b_matches):
            return
        reported: set[int] = set()
        # B in the very span of A does not count, except for roles and letter-level
        # answers: a sentence can both cite a rule and explain it, or hold the whole
        # objection clause
        own_span_counts = bool(self.then.roles or self.then.letter_has)
        for start, end, _ in self._a_matches(context):
            if context.zone_of_token(start) not in rule.zones:
                continue
            sentence_index = context.sentence_of_token[start]
            if sentence_index in reported:
                continue
            low, high = self._scope(context, start)
            inside = any(
                s < high and low < e and (own_span_counts or (s, e) != (start, end))
                for s, e, _ in b_matches
            )
            if inside != self.forbid:
                continue
            reported.add(sentence_index)
            begin, finish, _text = context.trimmed(context.sentences[sentence_index])
            trace = {
                "found": context.span_text(start, end),
                "looked_for": self.then.description,
                "within": self.within,
                "scope_text": context.span_text(low, high)[:300],
                "b_matches_elsewhere": [context.span_text(s, e) for s, e, _ in b_matches[:5]],
                "mode": "forbid" if self.forbid else "require",
            }
            found = rule.finding(context, begin, finish, trace, match=context.span_text(start, end))
            if not self.forbid:
                found = self._referred(self._unsure(found, context, low, high), context, start)
            yield found
            if self.first_only:
                return

    def _unsure(self, finding: Finding, context: LetterContext, low: int, high: int) -> Finding:
        """The finding, as a suggestion naming the sentence when a sentence in the scope
        almost has one of B's roles (:attr:`unsure_from`), or else when a line in the
        scope is only a placeholder in one of :attr:`placeholder_zones`."""
        if finding.level <= Level.SUGGESTION or (
            self.unsure_from is None and not self.placeholder_zones
        ):
            return finding
        in_scope = [
            item
            for item in context.letter.roles
            if item.start < high and low < item.end and item.zone not in NON_TEXT_ZONES
        ]
        best, best_score = self._almost(in_scope)
        if best is None and self.unsure_beside is not None:
            best, best_score = self._beside(in_scope, context, self.unsure_beside)
        if best is not None:
            text = context.span_text(best.start, best.end)
            quoted = shorten(text, SHOWN)
            end = "" if quoted.endswith((".", "?", "!", "\u2026")) else "."
            note = f" Misschien doet deze zin het al: \u201c{quoted}\u201d{end}"
            unsure = {"sentence": text, "score": round(best_score, 3)}
        else:
            filled = next(
                (
                    text
                    for item in in_scope
                    if item.zone in self.placeholder_zones
                    and fills_in(text := context.span_text(item.start, item.end))
                ),
                None,
            )
            if filled is None:
                return finding
            note = (
                f" Misschien komt het in deze plaatshouder: \u201c{shorten(filled, SHOWN)}\u201d."
                " Wat daar komt te staan, kan tonecheck niet lezen: kijk het na in de ingevulde"
                " brief."
            )
            unsure = {"sentence": filled, "placeholder": True}
        return finding.as_suggestion(note, unsure=unsure)

    def _referred(self, finding: Finding, context: LetterContext, token: int) -> Finding:
        """The finding, as a suggestion naming the words, when A's paragraph (at most
        :data:`REFERS_TO_SENTENCES` sentences from A) or the sentence after A sends the
        reader elsewhere (:attr:`refers_to`); with :attr:`refers_within` "document",
        anywhere in the letter."""
        if self.refers_to is None or finding.level <= Level.SUGGESTION:
            return finding
        if self.refers_within == "document":
            low, high = 0, len(context.doc)
        else:
            paragraph = self._scope(context, token, "paragraph")
            near = self._scope(context, token, REFERS_TO_SENTENCES)
            low = max(paragraph[0], near[0])
            high = max(min(paragraph[1], near[1]), self._scope(context, token, 1)[1])
        where = next(((s, e) for s, e, _ in self.refers_to(context.doc) if low <= s < high), None)
        if where is None:
            return finding
        said = context.span_text(*where)
        note = (
            f" De brief verwijst hier naar “{said}”: staat het daar, dan is het goed;"
            " tonecheck leest alleen de brief zelf."
        )
        return finding.as_suggestion(note, unsure={"refers_to": said})

    def _almost(self, items: list[SentenceRoles]) -> tuple[SentenceRoles | None, float]:
        """The sentence that reads most as one of B's roles from :attr:`unsure_from` on
        (below its threshold), and its score; (None, 0.0) when there is none."""
        if self.unsure_from is None:
            return None, 0.0
        wanted = self.then.roles
        rivals = self.unsure_rivals - wanted
        best, best_score = None, self.unsure_from
        for item in items:
            # a role the sentence cannot have (role-evidence.yml) is lacking, not unsure;
            # nor is one it reads more weakly than one of `unsure_rivals`
            scores = item.scores
            possible = [
                role
                for role in wanted - item.withheld - item.lacking
                if all(scores.get(role, 0.0) > scores.get(rival, 0.0) for rival in rivals)
            ]
            score = max((scores.get(r, 0.0) for r in possible), default=0.0)
            if score >= best_score:
                best, best_score = item, score
        return best, best_score

    def _beside(
        self, items: list[SentenceRoles], context: LetterContext, beside: UnsureBeside
    ) -> tuple[SentenceRoles | None, float]:
        """The sentence of :class:`UnsureBeside` that reads most as one of B's roles, and
        that score; (None, 0.0) when there is none."""
        words = [(start, end) for start, end, _ in beside.words(context.doc)]
        best, best_score = None, 0.0
        for item in items:
            scores = item.scores
            if max((scores.get(r, 0.0) for r in beside.roles), default=0.0) < beside.from_score:
                continue
            own = max(
                (scores.get(r, 0.0) for r in self.then.roles - item.withheld - item.lacking),
                default=0.0,
            )
            named = any(item.start <= start and end <= item.end for start, end in words)
            if own >= max(beside.own_from, best_score) and named:
                best, best_score = item, own
        return best, best_score

    def _document_finding(self, rule, context: LetterContext) -> Finding:
        # a letter-level finding belongs with the decision, when a sentence states one
        begin, finish = _decision_sentence(context) or self._first_sentence_of_zone(context)
        trace = {
            "looked_for": self.then.description,
            "in_zones": sorted(self.then_zones) if self.then_zones else "hele brief",
            "result": "nergens gevonden",
        }
        return rule.finding(context, begin, finish, trace, match="")

    def _first_sentence_of_zone(self, context: LetterContext) -> tuple[int, int]:
        blocks = context.letter.document.blocks
        # the first zone the rule names that holds running text, else the first body zone
        named = tuple(z for z in self.then_zones or () if z not in NON_TEXT_ZONES)
        preferred = named + BODY_ZONES
        target = next(
            (b for zone in preferred for b in blocks if b.zone == zone),
            next((b for b in blocks if not b.is_margin), blocks[0]),
        )
        span = context.doc.char_span(target.start, target.end, alignment_mode="expand")
        sentence = next(iter(span.sents)) if span is not None and len(span) else None
        if sentence is not None:
            begin, finish, _ = context.trimmed(sentence)
            return begin, finish
        return target.start, target.end

    def explain(self) -> str:
        b = f"'{self.then.description}'"
        zones = f" in de zones {', '.join(self.then_zones)}" if self.then_zones else ""
        if self.when is None:
            return f"expect: de brief moet {b}{zones} bevatten" + self._unsure_explained()
        if self.forbid:
            return f"expect: waar '{self.when.description}' staat, mag {b} niet staan"
        if isinstance(self.within, int):
            within = (
                f"binnen {self.within} {'zin' if self.within == 1 else 'zinnen'} ervoor of erna"
            )
        else:
            within = WITHIN_NL.get(self.within, self.within)
        decision = ""
        if self.at_decision:
            decision = (
                " (als A telt ook de zin waarop het brieftype berust, of bij een brieftype uit"
                " de onderwerpregel de eerste zin die als besluit leest; bij slecht nieuws"
                " zonder zo'n zin de zin die het meest als afwijzing leest, bij een besluit"
                " zonder slecht nieuws de zin die het meest als besluit leest)"
            )
        return (
            f"expect: waar '{self.when.description}' staat, moet {b}{zones} {within} staan"
            + decision
            + self._unsure_explained()
        )

    def _unsure_explained(self) -> str:
        rivals = (
            f" en leest hij niet sterker als {', '.join(sorted(self.unsure_rivals))}"
            if self.unsure_rivals
            else ""
        )
        said = ""
        if self.unsure_from is not None:
            said = (
                f"; scoort een zin minstens {self.unsure_from:.2f} voor die rol{rivals}, dan is"
                " de melding een suggestie"
            )
        if self.unsure_beside is not None:
            beside = self.unsure_beside
            words = ", ".join(f"\u201c{t}\u201d" for t in beside.terms[:SHOWN_TERMS])
            said += (
                f"; leest een zin minstens {beside.from_score:.2f} als "
                + ", ".join(sorted(beside.roles))
                + f" en minstens {beside.own_from:.2f} als de rol, met "
                + (words or beside.words.description)
                + ", dan is de melding ook een suggestie"
            )
        if self.placeholder_zones:
            said += (
                "; staat in de zones "
                + ", ".join(sorted(self.placeholder_zones))
                + " een regel die alleen een plaatshouder is ('{$motivering}'), dan is de"
                " melding een suggestie"
            )
        if self.refers_to is not None:
            shown = [f"\u201c{t}\u201d" for t in self.refers_to_terms[:SHOWN_TERMS]]
            if len(self.refers_to_terms) > SHOWN_TERMS:
                shown.append(f"en {len(self.refers_to_terms) - SHOWN_TERMS} meer")
            words = ", ".join(shown) or self.refers_to.description
            where = (
                "verwijst de brief ergens"
                if self.refers_within == "document"
                else "verwijst de alinea van A of de zin erna"
            )
            said += f"; {where} naar iets anders ({words}), dan is de melding een suggestie"
            if self.refers_within != "document":
                said += f" (in de alinea: tot {REFERS_TO_SENTENCES} zinnen van A)"
        return said

    def why_quiet(self, rule, context: LetterContext) -> list[str]:
        doc = context.doc
        found_b = [
            f"\u201c{shorten(doc[s:e].text, SHOWN)}\u201d ({zone})"
            for s, e, zone in self._b_matches(context)
        ]
        if self.when is None:
            return [f"gevonden wat de regel zoekt: {', '.join(found_b[:5])}"]
        # a sentence that is A twice (by its role and as the decision) is named once
        found_a = list(dict.fromkeys(doc[s:e].text for s, e, _ in self._a_matches(context)))
        if not found_a:
            return [f"niets gevonden dat de regel in gang zet ({self.when.description})"]
        shown_a = ", ".join(f"\u201c{shorten(a, SHOWN)}\u201d" for a in found_a[:5])
        return [
            f"in gang gezet door {shown_a}",
            f"en in de buurt gevonden: {', '.join(found_b[:5]) or '—'}",
        ]


def _decision_sentence(context: LetterContext) -> tuple[int, int] | None:
    """Character range of the first sentence of the running text that states a decision
    (by its role: against the reader first, else for the reader)."""
    for wanted in DECISION_ROLES:
        for item in context.letter.roles:
            if wanted in item.roles and item.zone not in NON_TEXT_ZONES:
                begin, finish, _ = context.trimmed(context.doc[item.start : item.end])
                return begin, finish
    return None


WITHIN = ("sentence", "paragraph", "zone", "document")
WITHIN_NL = {
    "sentence": "in dezelfde zin",
    "paragraph": "in dezelfde alinea",
    "zone": "in dezelfde zone",
    "document": "ergens in de brief",
}


# an option that means nothing without another: (option, the one it needs, the error)
NEEDS = (
    ("unsure_rivals", "unsure_from", "'unsure_rivals' werkt alleen samen met 'unsure_from'"),
    ("unsure_beside", "unsure_from", "'unsure_beside' werkt alleen samen met 'unsure_from'"),
    ("refers_to", "if", "'refers_to' werkt alleen samen met 'if' (een zin A)"),
    ("refers_within", "refers_to", "'refers_within' werkt alleen samen met 'refers_to'"),
)


def _build(builder: Builder, where: Path, raw: dict, name: str) -> ExpectCheck | None:
    when = builder.matcher([*where, "if"], raw["if"], f"{name}:if") if "if" in raw else None
    then = builder.matcher([*where, "then"], raw["then"], f"{name}:then")
    if then is None or ("if" in raw and when is None):
        return None
    if "unsure_from" in raw and not then.roles:
        builder.problem(
            [*where, "unsure_from"], "'unsure_from' werkt alleen als 'then' rollen noemt"
        )
        return None
    beside = None
    if "unsure_beside" in raw:
        spec = raw["unsure_beside"]
        words = builder.matcher(
            [*where, "unsure_beside", "words"], spec["words"], f"{name}:unsure_beside"
        )
        if words is None:
            return None
        terms = (builder.with_lists(where, spec["words"]) or {}).get("terms", ())
        beside = UnsureBeside(
            frozenset(spec["roles"]),
            spec["from"],
            spec["own_from"],
            words,
            tuple(str(t) for t in terms),
        )
    refers_to = None
    if "refers_to" in raw:
        refers_to = builder.matcher([*where, "refers_to"], raw["refers_to"], f"{name}:refers_to")
        if refers_to is None:
            return None
    for key, needed, message in NEEDS:
        if key in raw and needed not in raw:
            builder.problem([*where, key], message)
            return None
    within = raw.get("within", "paragraph")
    if isinstance(within, dict):
        within = int(within["sentences"])
    return ExpectCheck(
        raw["kind"],
        when,
        then,
        within,
        tuple(raw["then_zones"]) if "then_zones" in raw else None,
        or_in_zones=frozenset(raw.get("or_in_zones", ())),
        forbid=raw.get("mode", "require") == "forbid",
        first_only=bool(raw.get("first_only", False)),
        at_decision=bool(raw.get("at_decision", False)),
        unsure_from=raw.get("unsure_from"),
        unsure_rivals=frozenset(raw.get("unsure_rivals", ())),
        unsure_beside=beside,
        placeholder_zones=frozenset(raw.get("placeholder_zones", ())),
        refers_to=refers_to,
        refers_to_terms=tuple(
            str(t) for t in (builder.with_lists(where, raw["refers_to"]) or {}).get("terms", ())
        )
        if "refers_to" in raw
        else (),
        refers_within=raw.get("refers_within", "near"),
    )


KINDS = (
    CheckKind(
        name="expect",
        summary="Verwacht iets in de brief: waar A staat, moet B in de buurt staan (of B "
        "moet ergens staan). Meldt A, of de brief, als B ontbreekt.",
        schema={
            "required": ["then"],
            "additionalProperties": False,
            "properties": {
                "kind": True,
                "if": MATCHER,
                "then": MATCHER,
                "within": {
                    "oneOf": [
                        {"enum": list(WITHIN)},
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["sentences"],
                            "properties": {"sentences": {"type": "integer", "minimum": 0}},
                        },
                    ]
                },
                "then_zones": {"type": "array", "items": {"enum": list(ZONE_IDS)}},
                "or_in_zones": {"type": "array", "items": {"enum": list(ZONE_IDS)}},
                "mode": {"enum": ["require", "forbid"]},
                "first_only": {"type": "boolean"},
                "at_decision": {"type": "boolean"},
                "unsure_from": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                "placeholder_zones": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"enum": list(ZONE_IDS)},
                },
                "unsure_rivals": {"type": "array", "minItems": 1, "items": {"enum": list(ROLES)}},
                "unsure_beside": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["roles", "from", "own_from", "words"],
                    "properties": {
                        "roles": {"type": "array", "minItems": 1, "items": {"enum": list(ROLES)}},
                        "from": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                        "own_from": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                        "words": MATCHER,
                    },
                },
                "refers_to": MATCHER,
                "refers_within": {"enum": ["near", "document"]},
            },
        },
        placeholders=frozenset({"match"}),
        build=_build,
    ),
)
