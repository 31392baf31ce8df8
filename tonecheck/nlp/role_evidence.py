"""What a sentence must itself say to carry a role, whatever its score.

The role classifier reads a sentence with the words of the sentences around it, so a
lead-in question ("Bent u het niet eens met dit besluit?") scores high for
``objection-term`` when the next sentence gives the term. Some roles are defined by
something the sentence must contain: a term names a time. The knowledge (which role,
which words, whether a question can have it) is in ``rules/structure/role-evidence.yml``;
this module checks a sentence's text against it. A role withheld this way keeps its
score, so ``inspect`` and ``explain`` can show what the sentence lacks.

The parse of a sentence can also add a role the model misses (``gains``, read by
:mod:`tonecheck.nlp.role_clauses`), and so can the sentence before it (``near``, read by
:mod:`tonecheck.nlp.role_near`). A sentence whose every main clause negates a burden
keeps no refusal and is a decision for the reader instead (``relief``, read by
:mod:`tonecheck.nlp.role_relief`). A sentence that retells what the reader said or asked
keeps no reason (``reported``, read by :mod:`tonecheck.nlp.role_reported`), and one that
opens with "De reden is dat …" or "Volgens de Basisregistratie Personen …" gives one
(``openings``, :mod:`tonecheck.nlp.role_openings`). A benefit the reader does not get is a
refusal (``refusals``, :mod:`tonecheck.nlp.role_refusals`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from spacy.tokens import Doc, Span

from tonecheck.common.placeholders import only_placeholders
from tonecheck.common.yamlfile import DataFileError, Problem, load_checked, position, validate
from tonecheck.nlp.role_clauses import RoleGain
from tonecheck.nlp.role_conditional import Conditional
from tonecheck.nlp.role_earlier import Earlier
from tonecheck.nlp.role_evidence_schema import EVIDENCE_SCHEMA
from tonecheck.nlp.role_near import NearGain, near_gained
from tonecheck.nlp.role_openings import OpeningGain
from tonecheck.nlp.role_refusals import Refusal
from tonecheck.nlp.role_relief import Relief
from tonecheck.nlp.role_reported import Reported
from tonecheck.nlp.structure_spec import check_phrases, phrase_regex
from tonecheck.nlp.zones import HEADING_MAX_CHARS
from tonecheck.paths import structure_dir

EVIDENCE_FILE = "role-evidence.yml"

# a line that reads as a heading ("Toelichting", "Andere hulp"): short, one line, no
# sentence end; not a row of a table ("Inkomen | € 1.812", "Besluit: toegekend") or an
# item of a list, which say what a sentence says
NOT_A_HEADING = re.compile(r"[.!?…;:,]\s*$|[\d€|\n]|:\s|^[-•*\u2013]\s")


def reads_as_heading(text: str, sentence: Span | None = None) -> bool:
    """Whether a sentence is a heading rather than a sentence. With its parse, a line with
    a finite verb is a sentence without its full stop ("Je aanvraag is afgewezen" in a
    short message), not a heading; nor is a line that is only a template placeholder
    ("{$motivering}": the template fills in text there)."""
    text = text.strip()
    if not 0 < len(text) <= HEADING_MAX_CHARS or NOT_A_HEADING.search(text) is not None:
        return False
    if only_placeholders(text):
        return False
    return sentence is None or not any("Fin" in t.morph.get("VerbForm", []) for t in sentence)


@dataclass(frozen=True)
class RoleNeed:
    """What a sentence needs for one role: one of ``words`` (when given), not being a
    question (when ``questions`` is False), not being a heading (when ``headings`` is
    False) and not being a hollow formula (one of ``hollow`` without one of ``unless``)."""

    role: str
    needs: str  # in Dutch, what the sentence lacks when the role is withheld
    words: re.Pattern[str] | None = None
    questions: bool = True
    headings: bool = True
    hollow: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None  # what gives a hollow formula substance
    relief: Relief | None = None  # a burden that does not come (read from the parse)
    reported: Reported | None = None  # the reader's own words (read from the parse)
    earlier: Earlier | None = None  # an earlier decision retold (read from the parse)
    conditional: Conditional | None = None  # what follows a condition asked before
    has: tuple[str, ...] = ()  # example sentences that meet the need
    lacks: tuple[str, ...] = ()  # ... and that do not

    def met_by(self, text: str, sentence: Span | None = None, earlier_counts: bool = False) -> bool:
        """Whether a sentence with this text (and this parse, when given) has what the
        role needs; with ``earlier_counts``, an earlier decision retold counts as one."""
        if not self.questions and text.rstrip().endswith("?"):
            return False
        if not self.headings and reads_as_heading(text, sentence):
            return False
        if self.is_hollow(text):
            return False
        if sentence is not None and any(
            reading is not None and reading.found(sentence)
            for reading in (
                self.relief,
                self.reported,
                self.conditional,
                None if earlier_counts else self.earlier,
            )
        ):
            return False
        return self.words is None or self.words.search(text) is not None

    def is_hollow(self, text: str) -> bool:
        """Whether the text is only a formula this role's ``hollow`` phrases name."""
        if self.hollow is None or self.hollow.search(text) is None:
            return False
        return self.unless is None or self.unless.search(text) is None


@dataclass(frozen=True)
class RoleEvidence:
    """The needs of the roles that have one (no entry: a role needs nothing), the roles
    a sentence gains from its parse, and those it gains from the sentence before."""

    needs: dict[str, RoleNeed] = field(default_factory=dict)
    gains: dict[str, RoleGain] = field(default_factory=dict)
    near: dict[str, NearGain] = field(default_factory=dict)
    openings: dict[str, OpeningGain] = field(default_factory=dict)
    refusals: dict[str, Refusal] = field(default_factory=dict)

    def described(self) -> dict[str, str]:
        """Per role with a need, what a sentence must say to have it (in Dutch)."""
        return {role: need.needs for role, need in self.needs.items()}

    def example_results(
        self, parse: Callable[[str], Doc] | None = None
    ) -> Iterator[tuple[str, bool, str, bool]]:
        """(role, whether the example should meet the need, the example, whether it
        behaves so) for every example of every need; with ``parse``, each example is
        parsed as one sentence, as when checking."""
        for role, need in self.needs.items():
            for should_meet, examples in ((True, need.has), (False, need.lacks)):
                for text in examples:
                    sentence = parse(text)[:] if parse is not None else None
                    yield role, should_meet, text, need.met_by(text, sentence) == should_meet

    def gain_results(self, parse: Callable[[str], Doc]) -> Iterator[tuple[str, bool, str, bool]]:
        """(role, whether the example should gain it, the example, whether it behaves so)
        for every example of every gain; each example is parsed as one sentence that
        has the gain's ``with_roles``. The examples of ``near`` are checked for what
        they name (its words), not parsed."""
        for role, gain in self.gains.items():
            for should_gain, examples in ((True, gain.gains), (False, gain.keeps)):
                for text in examples:
                    gained = gain.clause_in(parse(text)[:]) is not None
                    yield role, should_gain, text, gained == should_gain
        for role, near in self.near.items():
            for should_gain, examples in ((True, near.gains), (False, near.keeps)):
                for text in examples:
                    yield role, should_gain, text, near.names_it(text) == should_gain
        # by how the sentence opens or what its parse says, as when checking: only what
        # the sentence itself lacks withholds the role
        readings: list[tuple[str, Callable[[Span], bool], tuple[str, ...], tuple[str, ...]]] = [
            *((r, o.opens, o.gains, o.keeps) for r, o in self.openings.items()),
            *((r, f.found, f.gains, f.keeps) for r, f in self.refusals.items()),
        ]
        for role, reads, gains, keeps in readings:
            for should_gain, examples in ((True, gains), (False, keeps)):
                for text in examples:
                    sentence = parse(text)[:]
                    gained = reads(sentence) and not self.withheld((role,), text, sentence)
                    yield role, should_gain, text, gained == should_gain

    def withheld(
        self, roles: Iterable[str], text: str, sentence: Span | None = None
    ) -> frozenset[str]:
        """Those of ``roles`` that a sentence with this text (and parse) cannot have."""
        return frozenset(
            r
            for r in roles
            if (need := self.needs.get(r)) is not None and not need.met_by(text, sentence)
        )

    def retold(self, withheld: frozenset[str], sentence: Span) -> frozenset[str]:
        """Those of the ``withheld`` roles that the sentence lacks only because it retells
        an earlier decision (``earlier``): it still carries that decision's reason clause
        (:meth:`gained`)."""
        return frozenset(
            r
            for r in withheld
            if (need := self.needs.get(r)) is not None
            and need.earlier is not None
            and need.met_by(sentence.text, sentence, earlier_counts=True)
        )

    def gained(self, roles: frozenset[str], sentence: Span) -> frozenset[str]:
        """The roles a sentence with ``roles`` also has by its parse or by how it opens
        (not already in ``roles``, and not withheld for lack of what they need)."""
        return frozenset(
            role
            for role, _ in self._ways(roles, sentence)
            if role not in roles and not self.withheld((role,), sentence.text, sentence)
        )

    def _ways(self, roles: frozenset[str], sentence: Span) -> Iterator[tuple[str, str]]:
        """(role, what gives it) for each way of this file, but ``near`` and ``relief``,
        that gives a role to a sentence the model gave ``roles``: how it opens, a benefit
        withheld, a clause on its main clause. A role the first two give counts for the
        third: a refusal read by the parse carries its reason clause as one the model
        read does ('Wij geven u geen uitstel, doordat u …')."""
        direct = [
            (role, opening.gives)
            for role, opening in self.openings.items()
            if opening.gives_to(roles, sentence)
        ]
        direct += [
            (role, refusal.gives)
            for role, refusal in self.refusals.items()
            if refusal.found(sentence)
        ]
        read = roles | {role for role, _ in direct}
        for role, gain in self.gains.items():
            if read & gain.with_roles and gain.clause_in(sentence) is not None:
                yield role, gain.gives
        yield from direct

    def near_gains(
        self,
        roles: Sequence[frozenset[str]],
        scores: Sequence[dict[str, float]],
        texts: Sequence[str],
        sentences: Sequence[Span] | None = None,
    ) -> list[frozenset[str]]:
        """Per sentence, the roles it gains from the sentence before it (``near``), less
        those whose need it does not meet (read with its parse when ``sentences`` are
        given)."""
        gained = near_gained(list(self.near.values()), roles, scores, texts)
        parses: Sequence[Span | None] = sentences if sentences is not None else [None] * len(texts)
        return [
            found - self.withheld(found, text, sentence) if found else found
            for found, text, sentence in zip(gained, texts, parses, strict=True)
        ]

    def relieved(self, withheld: frozenset[str], sentence: Span) -> frozenset[str]:
        """The roles a sentence has instead of those of ``withheld`` whose ``relief`` it
        states ('U krijgt geen boete' is a decision for the reader)."""
        return frozenset(
            need.relief.instead
            for role in withheld
            if (need := self.needs.get(role)) is not None
            and need.relief is not None
            and need.relief.instead is not None
            and need.relief.found(sentence)
        )

    def gain_cause(self, role: str, roles: frozenset[str], sentence: Span) -> str:
        """What gave ``role`` to a sentence that the model gave ``roles`` (in Dutch): the
        first way of this file that applies to it, else what ``near`` gives (the sentence
        before is not read again), else ""."""
        causes = self._gain_causes(role, roles, sentence)
        if causes:
            return causes[0]
        near = self.near.get(role)
        return near.gives if near is not None else ""

    def _gain_causes(self, role: str, roles: frozenset[str], sentence: Span) -> list[str]:
        """Each way of this file (but ``near``) that gives ``role`` to the sentence."""
        return [gives for r, gives in self._ways(roles, sentence) if r == role] + [
            gives
            for instead, gives, relief in self._reliefs()
            if instead == role and relief.found(sentence)
        ]

    def _reliefs(self) -> list[tuple[str, str, Relief]]:
        """(the role given instead, what gives it, the relief) of each need's ``relief``
        that gives a role instead of the one it withholds."""
        return [
            (need.relief.instead, f"een last die wegblijft: geen {role}", need.relief)
            for role, need in self.needs.items()
            if need.relief is not None and need.relief.instead is not None
        ]

    def described_gains(self) -> dict[str, str]:
        """Per role that can be gained, what gives it (in Dutch)."""
        gives: dict[str, list[str]] = {}
        relief = [(instead, text) for instead, text, _ in self._reliefs()]
        for role, text in [
            *((r, g.gives) for r, g in self.gains.items()),
            *((r, n.gives) for r, n in self.near.items()),
            *((r, o.gives) for r, o in self.openings.items()),
            *((r, refusal.gives) for r, refusal in self.refusals.items()),
            *relief,
        ]:
            gives.setdefault(role, []).append(text)
        return {role: "; ".join(texts) for role, texts in gives.items()}


def evidence_from(data, path: Path) -> RoleEvidence:
    """The role needs of a role-evidence.yml, validated (every problem at once)."""
    problems: list[Problem] = validate(data, EVIDENCE_SCHEMA, path)
    if problems:
        raise DataFileError(problems)
    hollow = data.get("hollow", {})
    for key in ("phrases", "unless"):
        check_phrases(list(hollow.get(key, [])), data, ["hollow", key], path, problems)
    if problems:
        raise DataFileError(problems)
    reported = _reported(data["reported"]) if "reported" in data else None
    earlier_phrases = list(data.get("earlier", {}).get("phrases", []))
    check_phrases(earlier_phrases, data, ["earlier", "phrases"], path, problems)
    earlier = _earlier(data["earlier"]) if "earlier" in data and not problems else None
    conditional = (
        Conditional(openings=_lowered(data["conditional"]["openings"]))
        if "conditional" in data
        else None
    )
    formula = phrase_regex(list(hollow.get("phrases", [])), anchored=False)
    substance = phrase_regex(list(hollow.get("unless", [])), anchored=False)
    needs = {}
    for role, spec in data["roles"].items():
        if spec.get("reported", False) and reported is None:
            where = position(data, ["roles", role, "reported"])
            message = "'reported: true' vraagt een blok 'reported' (verbs, speakers) bovenaan"
            problems.append(Problem(str(path), *where, message))
        if spec.get("earlier", False) and "earlier" not in data:
            where = position(data, ["roles", role, "earlier"])
            message = "'earlier: true' vraagt een blok 'earlier' (phrases, auxiliaries) bovenaan"
            problems.append(Problem(str(path), *where, message))
        if spec.get("conditional", False) and conditional is None:
            where = position(data, ["roles", role, "conditional"])
            message = "'conditional: true' vraagt een blok 'conditional' (openings) bovenaan"
            problems.append(Problem(str(path), *where, message))
        words = list(spec.get("words", []))
        check_phrases(words, data, ["roles", role, "words"], path, problems)
        nouns = list(spec.get("relief", {}).get("nouns", []))
        check_phrases(nouns, data, ["roles", role, "relief", "nouns"], path, problems)
        needs[role] = RoleNeed(
            role=role,
            needs=spec["needs"],
            words=phrase_regex(words, anchored=False),
            questions=spec.get("questions", True),
            headings=spec.get("headings", True),
            hollow=formula if spec.get("hollow", False) else None,
            unless=substance if spec.get("hollow", False) else None,
            relief=_relief(spec["relief"]) if "relief" in spec and not problems else None,
            reported=reported if spec.get("reported", False) else None,
            earlier=earlier if spec.get("earlier", False) else None,
            conditional=conditional if spec.get("conditional", False) else None,
            has=_examples(spec, "has"),
            lacks=_examples(spec, "lacks"),
        )
    gains = {}
    for role, spec in data.get("gains", {}).items():
        hollow = list(spec.get("hollow", []))
        check_phrases(hollow, data, ["gains", role, "hollow"], path, problems)
        gains[role] = RoleGain(
            role=role,
            gives=spec["gives"],
            with_roles=frozenset(spec["with_roles"]),
            clause_words=_lowered(spec["clause_words"]),
            hollow=phrase_regex(hollow, anchored=False),
            gains=_examples(spec, "gains"),
            keeps=_examples(spec, "keeps"),
        )
    for role, spec in data.get("near", {}).items():
        check_phrases(list(spec["words"]), data, ["near", role, "words"], path, problems)
    for role, spec in data.get("openings", {}).items():
        for key in ("phrases", "unless"):
            phrases = list(spec.get(key, []))
            check_phrases(phrases, data, ["openings", role, key], path, problems)
    if problems:
        raise DataFileError(problems)
    relief = needs["decision-negative"].relief if "decision-negative" in needs else None
    return RoleEvidence(
        needs,
        gains,
        _near_gains(data.get("near", {})),
        _openings(data.get("openings", {})),
        _refusals(data.get("refusals", {}), relief.nouns if relief is not None else None),
    )


def _relief(spec: dict) -> Relief:
    """The ``relief`` of a role (its nouns checked)."""
    nouns = phrase_regex(list(spec["nouns"]), anchored=False)
    assert nouns is not None  # the schema asks for at least one
    return Relief(
        nouns=nouns,
        verbs=_lowered(spec["verbs"]),
        instead=spec.get("instead"),
        modals=_lowered(spec.get("modals", ())),
        lifts=_lowered(spec.get("lifts", ())),
    )


def _reported(spec: dict) -> Reported:
    """The top-level ``reported`` of a validated role-evidence.yml."""
    return Reported(
        verbs=_lowered(spec["verbs"]),
        speakers=_lowered(spec["speakers"]),
        modals=_lowered(spec.get("modals", ())),
    )


def _earlier(spec: dict) -> Earlier:
    """The top-level ``earlier`` of a validated role-evidence.yml."""
    phrases = phrase_regex(list(spec["phrases"]), anchored=True)
    assert phrases is not None  # the schema asks for at least one
    return Earlier(phrases=phrases, auxiliaries=_lowered(spec["auxiliaries"]))


def _near_gains(section: dict) -> dict[str, NearGain]:
    """The ``near`` gains of a validated role-evidence.yml (words checked)."""
    near = {}
    for role, spec in section.items():
        words = phrase_regex(list(spec["words"]), anchored=False)
        assert words is not None  # the schema asks for at least one
        near[role] = NearGain(
            role=role,
            gives=spec["gives"],
            with_roles=frozenset(spec["with_roles"]),
            min_score=float(spec["min_score"]),
            words=words,
            gains=_examples(spec, "gains"),
            keeps=_examples(spec, "keeps"),
        )
    return near


def _refusals(section: dict, burdens: re.Pattern[str] | None) -> dict[str, Refusal]:
    """The ``refusals`` of a validated role-evidence.yml; a negated burden (the nouns of
    ``decision-negative``'s ``relief``) is no refusal."""
    return {
        role: Refusal(
            role=role,
            gives=spec["gives"],
            verbs=_lowered(spec["verbs"]),
            givers=_lowered(spec["givers"]),
            receive=_lowered(spec["receive"]),
            receivers=_lowered(spec["receivers"]),
            conditions=_lowered(spec.get("conditions", ())),
            burdens=burdens,
            gains=_examples(spec, "gains"),
            keeps=_examples(spec, "keeps"),
        )
        for role, spec in section.items()
    }


def _openings(section: dict) -> dict[str, OpeningGain]:
    """The ``openings`` of a validated role-evidence.yml (phrases checked)."""
    openings = {}
    for role, spec in section.items():
        phrases = phrase_regex(list(spec["phrases"]), anchored=True)
        assert phrases is not None  # the schema asks for at least one
        openings[role] = OpeningGain(
            role=role,
            gives=spec["gives"],
            phrases=phrases,
            gains=_examples(spec, "gains"),
            keeps=_examples(spec, "keeps"),
            unless=phrase_regex(list(spec.get("unless", [])), anchored=False),
            unless_roles=frozenset(spec.get("unless_roles", [])),
        )
    return openings


def _lowered(words: Iterable[str]) -> frozenset[str]:
    """A word list of role-evidence.yml as it is compared: in lower case."""
    return frozenset(w.lower() for w in words)


def _examples(spec: dict, kind: str) -> tuple[str, ...]:
    """The examples of one ``kind`` (has, lacks, gains, keeps) of a section."""
    return tuple(spec.get("examples", {}).get(kind, ()))


def read_role_evidence(folder: Path | None = None) -> RoleEvidence:
    """The role needs in ``folder`` (default: the bundled rules/structure); none when the
    folder has no role-evidence.yml."""
    path = (folder or structure_dir()) / EVIDENCE_FILE
    if not path.is_file():
        return RoleEvidence()
    return load_checked(path, partial(evidence_from, path=path))
