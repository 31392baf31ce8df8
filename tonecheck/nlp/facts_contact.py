"""Who sends a letter and how to reach them, and how it addresses the reader: the
organisation, the phone number and e-mail address already in the letter, and u or je.

The names, number formats and words are in ``rules/structure/facts.yml``; what is read
is the letter's own text, never a guess (no fact when nothing fits).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from tonecheck.common.fill_in import fill
from tonecheck.documents.model import Document
from tonecheck.nlp.facts_spec import FactsSpec

LETTERHEAD_ZONES = ("address", "reference", "margin")
SIGNATURE_ZONES = ("closing", "signature")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)
# objection routes and bank accounts carry numbers and addresses that are not for questions
NOT_CONTACT = re.compile(r"\b(?:iban|rekening\w*|bezwaar\w*|beroep\w*)\b", re.IGNORECASE)
# a letterhead line with one of these words holds a reference, not a phone number, unless
# it also says 'telefoon' ('Dossiernummer: 0153-771409')
LABELLED = re.compile(r"\w*(?:kenmerk|nummer|bsn|dossier|zaak|datum|postbus)\w*", re.IGNORECASE)
WORD = re.compile(r"\w+")


def block_lines(document: Document, zones: Iterable[str]) -> Iterator[str]:
    """The lines of the blocks in ``zones``, in letter order."""
    wanted = set(zones)
    for block in document.blocks:
        if block.zone in wanted:
            yield from (line.strip() for line in block.text.split("\n") if line.strip())


def _name_of(line: str) -> str:
    """The name on a letterhead line, without what follows it after a comma when that is
    an address ('Gemeente Hengelo, Wmo-loket, Postbus 18'); a name may hold commas
    ('Ministerie van Volksgezondheid, Welzijn en Sport')."""
    name, comma, rest = line.partition(",")
    if comma and re.search(r"\d|\bpostbus\b", rest, re.IGNORECASE):
        return name.strip()
    return line.rstrip(" ,.;:")


def read_organisation(
    document: Document, sentences: Iterable[str], spec: FactsSpec
) -> tuple[str, str]:
    """(the sending organisation, where it was read) or ('', '')."""
    org = spec.organisations
    for zones, place in (
        (LETTERHEAD_ZONES, "uit het briefhoofd"),
        (SIGNATURE_ZONES, "uit de ondertekening"),
    ):
        for line in block_lines(document, zones):
            if len(line) <= org.max_chars and org.starts and org.starts.match(line):
                return _name_of(line), place
    places = (
        ("uit de ondertekening", block_lines(document, SIGNATURE_ZONES)),
        ("uit het briefhoofd", block_lines(document, LETTERHEAD_ZONES)),
        ("uit de tekst", sentences),
    )
    for place, texts in places:
        for text in texts:
            for pattern, template in org.find:
                match = pattern.search(text)
                if match is None:
                    continue
                if template:
                    return fill(template, match.groupdict()).strip(), place
                return match.group(0).strip(), place
    return "", ""


@lru_cache(maxsize=64)
def _cue_regex(cues: frozenset[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(c.rstrip(".")) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{body})(?!\w)", re.IGNORECASE)


def _has_cue(text: str, cues: frozenset[str]) -> bool:
    return bool(cues) and _cue_regex(cues).search(text) is not None


def _phone_in(text: str, spec: FactsSpec) -> str:
    for pattern in spec.phone:
        match = pattern.search(text)
        if match:
            return " ".join(match.group(0).split())
    return ""


def _email_in(text: str, spec: FactsSpec) -> str:
    for match in EMAIL.finditer(text):
        if not any(part in match.group(0).lower() for part in spec.email_skip):
            return match.group(0)
    return ""


def read_contact(
    document: Document, contact_sentences: list[str], running: list[str], spec: FactsSpec
) -> tuple[tuple[str, str], tuple[str, str]]:
    """((phone, where), (e-mail address, where)): first from the sentences that give
    contact details, then from a line that says 'bel' or 'telefoon', then from the
    letterhead and signature."""
    letterhead = [
        line
        for line in block_lines(document, LETTERHEAD_ZONES + SIGNATURE_ZONES)
        if not NOT_CONTACT.search(line)
        and (_has_cue(line, spec.phone_cues) or not LABELLED.search(line))
    ]
    cued = [t for t in running if _has_cue(t, spec.phone_cues) and not NOT_CONTACT.search(t)]
    places = (
        ("uit de contactgegevens", contact_sentences),
        ("uit de tekst", cued),
        ("uit het briefhoofd", letterhead),
    )
    phone = email = ("", "")
    for place, texts in places:
        for text in texts:
            if not phone[0]:
                found = _phone_in(text, spec)
                phone = (found, place) if found else phone
            if not email[0]:
                found = _email_in(text, spec)
                email = (found, place) if found else email
    return phone, email


def read_form(texts: Iterable[str], spec: FactsSpec) -> str:
    """'je' when the running text says je/jij/jouw more often than u/uw, else 'u'."""
    counts = Counter(w for t in texts for w in WORD.findall(t.lower()))
    u_count = sum(counts[w] for w in spec.address_forms.get("u", ()))
    je_count = sum(counts[w] for w in spec.address_forms.get("je", ()))
    return "je" if je_count > u_count else "u"
