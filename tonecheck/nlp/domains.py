"""Which domain a letter is about (bijstand, Wmo, subsidie, …), from the terms of
``rules/structure/domains.yml`` found in weighted places of the letter.

Where two terms overlap, the longer one counts ('individuele inkomenstoeslag' is bijstand,
not a toeslag); the best domain must reach ``min_score`` and beat the next by ``margin``,
or the letter has no domain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from tonecheck.nlp.facts_spec import DomainsSpec

EDGE_BEFORE = r"(?<![\w-])"
EDGE_AFTER = r"(?![\w-])"
WILDCARD = r"[\w-]*"


@dataclass(frozen=True)
class DomainReading:
    """The domain read (None when unclear), every domain's score and what counted."""

    domain: str | None
    scores: dict[str, float] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()  # 'term (place)' for the winning domain

    def describe(self, limit: int = 6) -> str:
        shown = ", ".join(self.evidence[:limit])
        more = f" en nog {len(self.evidence) - limit}" if len(self.evidence) > limit else ""
        return shown + more


def _term_pattern(term: str) -> str:
    body = re.escape(term.strip("*"))
    return (
        (WILDCARD if term.startswith("*") else "") + body + (WILDCARD if term.endswith("*") else "")
    )


@lru_cache(maxsize=4096)
def _domain_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(terms, key=lambda t: len(t.strip("*")), reverse=True)
    body = "|".join(_term_pattern(t) for t in ordered)
    return re.compile(f"{EDGE_BEFORE}(?:{body}){EDGE_AFTER}", re.IGNORECASE)


@lru_cache(maxsize=256)
def _bodies(terms: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each term with its letters alone (no '*'), worked out once per term list."""
    return tuple((term, term.strip("*")) for term in terms)


def _hits(text: str, spec: DomainsSpec) -> list[tuple[str, str]]:
    """(domain, matched words) for every term found; where terms overlap the longest
    counts, and of two as long the one written out (no '*': 'parkeerbelasting' is
    parkeren's own term, not just any '*belasting')."""
    found: list[tuple[int, int, bool, str]] = []
    lowered = text.lower()
    for domain in spec.domains.values():
        # only the terms whose letters occur at all: a substring test is cheap, the regex
        # with its word edges and wildcards is not
        present = [t for t, body in _bodies(domain.terms) if body in lowered]
        for wildcard in (False, True):
            terms = tuple(t for t in present if ("*" in t) == wildcard)
            if terms:
                matches = _domain_regex(terms).finditer(text)
                found += [(m.start(), m.end(), wildcard, domain.id) for m in matches]
    found.sort(key=lambda hit: (hit[0] - hit[1], hit[2], hit[0]))
    taken = bytearray(len(text))  # 1 where a longer term already counted
    kept: list[tuple[str, str]] = []
    for start, end, _, domain_id in found:
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((domain_id, text[start:end].lower()))
    return kept


# the places of a letter, as explain names them
PLACE_NAMES = {
    "subject": "onderwerp",
    "request": "aanvraag",
    "decision": "besluit",
    "organisation": "organisatie",
    "text": "tekst",
    "letterhead": "briefhoofd",
}


def read_domain(places: Mapping[str, str], spec: DomainsSpec) -> DomainReading:
    """The domain of a letter from the text of each place (``subject``, ``request``,
    ``decision``, ``organisation``, ``text``, ``letterhead``)."""
    if not spec.domains:
        return DomainReading(None)
    scores: dict[str, float] = dict.fromkeys(spec.domains, 0.0)
    evidence: dict[str, list[str]] = {d: [] for d in spec.domains}
    for place, text in places.items():
        weight = spec.places.get(place, 1.0)
        for domain_id, words in _hits(text, spec):
            scores[domain_id] += weight
            evidence[domain_id].append(f"{words} ({PLACE_NAMES.get(place, place)})")
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
    clear = top >= spec.min_score and top >= spec.margin * runner_up
    scored = {d: s for d, s in ranked if s > 0}
    return DomainReading(best if clear else None, scored, tuple(evidence[best]) if clear else ())
