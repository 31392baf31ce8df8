"""Letter sections, from position, headings and cue phrases (all data in rules/structure)."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES
from tonecheck.documents import read_document
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.structure import load_structure
from tonecheck.nlp.zones import assign_zones


@pytest.fixture(scope="module")
def spec():
    return load_structure()


def zones_of(document, spec):
    assign_zones(document, spec)
    return [(b.zone, b.text.split("\n")[0]) for b in document.blocks]


class ZoneOf:
    """zone_of["first words"] -> the zone of the block that starts with them."""

    def __init__(self, document, spec):
        self.pairs = zones_of(document, spec)

    def __getitem__(self, prefix: str) -> str:
        return next(zone for zone, text in self.pairs if text.startswith(prefix))


def test_letter_with_headings(spec):
    document = read_document(SAMPLES / "afwijzing-bijzondere-bijstand-goed.docx")
    zones = ZoneOf(document, spec)
    assert zones["Gemeente Zuiderveen"] == "address"
    assert zones["De heer P. de Groot"] == "address"
    assert zones["Datum: 12 september 2026"] == "reference"
    assert zones["Beste meneer De Groot,"] == "salutation"
    assert zones["U vroeg ons op 18 augustus om"] == "opening"
    assert zones["Ons besluit"] == "decision"
    assert zones["Wij geven u geen bijdrage voor "] == "decision"
    assert zones["Bijzondere bijstand is bedoeld "] == "reasons"
    assert zones["U kunt bij ons een renteloze le"] == "what-you-can-do"
    assert zones["Bel dan met mij, Sanne Visser, "] == "contact"
    assert zones["Met vriendelijke groet,"] == "closing"
    assert zones["Sanne Visser"] == "signature"
    assert zones["Bel mij dan eerst. Misschien ku"] == "objection"


def test_letter_without_headings_uses_cues(spec):
    document = read_document(SAMPLES / "gedeeltelijke-toekenning-kinderopvang.docx")
    zones = ZoneOf(document, spec)
    assert zones["U vroeg een tegemoetkoming in "] == "opening"
    assert zones["Vragen? Bel Fatima el Amrani op"] == "contact"
    assert zones["Niet eens met dit besluit? Maak"] == "objection"
    assert zones["812 euro"] == "body"  # table cells in the body


def test_plain_text_letter(spec):
    text = (
        "Gemeente Teststad\nPostbus 1\n1000 AA Teststad\n\n"
        "Betreft: uw aanvraag\n\nGeachte heer Jansen,\n\n"
        "Uw aanvraag wordt afgewezen, omdat uw inkomen te hoog is.\n\n"
        "De reden is dat de grens 1.600 euro is.\n\n"
        "Heeft u vragen? Bel 020 123 4567.\n\n"
        "Met vriendelijke groet,\n\nJ. de Vries\nconsulent\n\n"
        "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken.\n\n"
        "Bijlage: berekening"
    )
    zones = [zone for zone, _ in zones_of(read_text(text, "t"), spec)]
    assert zones == [
        "address", "address", "address", "reference", "salutation", "opening", "reasons",
        "contact", "closing", "signature", "signature", "objection", "attachments",
    ]  # fmt: skip


def test_headers_and_footers_are_margin(spec, tmp_path):
    from tests.docx_fixtures import build_structured_letter

    document = read_document(build_structured_letter(tmp_path / "b.docx"))
    assign_zones(document, spec)
    assert document.blocks[0].zone == "margin"
    assert document.blocks[-1].zone == "margin"


def test_every_block_gets_a_known_zone(spec):
    from tonecheck.nlp.structure_spec import ZONE_IDS

    for path in SAMPLES.glob("*.docx"):
        document = assign_zones(read_document(path), spec)
        assert {b.zone for b in document.blocks} <= set(ZONE_IDS)


# a section under the heading "Bezwaar" whose first line also reads as the contact
# heading ("Heeft u vragen …"), in a letter whose contact section comes first
SECTIONS = (
    "Beste mevrouw Smit,\n\nWij wijzen uw aanvraag af.\n\nHeeft u vragen?\n\n"
    "Bel ons op 030 123 45 67.\n\nBezwaar\n\n{first}\n\n"
    "Stuur uw bezwaarschrift binnen zes weken naar Postbus 15, 7400 GC Deventer.\n\n"
    "Met vriendelijke groet,\n\nA. de Boer"
)


def test_a_line_that_also_speaks_of_objecting_stays_in_the_objection_section(spec):
    first = "Heeft u vragen over dit besluit of bent u het er niet mee eens?"
    zones = ZoneOf(read_text(SECTIONS.format(first=first), "<test>"), spec)
    assert zones["Heeft u vragen?"] == "contact"
    assert zones["Heeft u vragen over dit besluit"] == "objection"
    assert zones["Stuur uw bezwaarschrift"] == "objection"


def test_a_line_about_questions_alone_still_starts_the_contact_section(spec):
    first = "Heeft u vragen over deze brief?"
    zones = ZoneOf(read_text(SECTIONS.format(first=first), "<test>"), spec)
    assert zones["Heeft u vragen over deze brief"] == "contact"


E_MAIL = (
    "Beste mevrouw Smit,\n\nWij hebben uw bericht ontvangen en bellen u morgen terug.\n\n"
    "Met vriendelijke groet,\n\nGGD Voorbeeldregio\n\n{tail}"
)
# officialese and one long sentence: as running text it drew findings of its own
DISCLAIMER = (
    "Deze e-mail bevat vertrouwelijke informatie en is uitsluitend bestemd voor de "
    "geadresseerde; indien u niet de geadresseerde bent, wordt u verzocht de afzender "
    "onmiddellijk te informeren en de e-mail te vernietigen, waarbij het niet is toegestaan "
    "de inhoud te gebruiken, te kopiëren of aan derden te verstrekken."
)


def test_an_e_mail_disclaimer_and_what_follows_it_are_margin(spec):
    text = E_MAIL.format(tail=DISCLAIMER + "\n\nVerzonden vanaf een mobiel apparaat.")
    zones = ZoneOf(read_text(text, "<test>"), spec)
    assert zones["GGD Voorbeeldregio"] == "signature"
    assert zones["Deze e-mail bevat vertrouwelijke"] == "margin"
    assert zones["Verzonden vanaf een mobiel"] == "margin"


def test_a_disclaimer_gets_no_findings(nlp, spec):
    """As running text its officialese and its length drew findings (and its orders could
    read as a decision); as margin it is not checked."""
    from tonecheck.checker import Checker
    from tonecheck.engine.loader import load_rules
    from tonecheck.paths import default_rules_dir
    from tonecheck.report.score import load_score_spec

    rules = load_rules([default_rules_dir()], nlp, spec)
    checker = Checker(nlp, spec, rules, load_score_spec())
    document = read_text(E_MAIL.format(tail=DISCLAIMER), "<test>")
    result = checker.check(document)
    disclaimer_at = document.text.index("Deze e-mail")
    assert not [f for f in result.findings if f.location.start >= disclaimer_at]


def test_the_phrase_before_the_closing_is_no_disclaimer(spec):
    """Only after the closing: in the letter itself the same words stay running text."""
    text = "Beste mevrouw Smit,\n\n" + DISCLAIMER + "\n\nMet vriendelijke groet,\n\nA. de Boer"
    zones = ZoneOf(read_text(text, "<test>"), spec)
    assert zones["Deze e-mail bevat"] == "opening"


def test_a_label_line_heads_its_section_and_a_colon_sentence_does_not(spec):
    """ "Reden:" or "Besluit:" on a line of its own opens that section, as a heading
    does; a longer line that ends in a colon introduces a list and opens nothing."""
    text = (
        "Beste inwoner,\n\n"
        "Uw aanvraag voor de stadspas is afgewezen.\n\n"
        "Reden:\n{reden}\n\n"
        "Wij hebben uw aanvraag bekeken op grond van:\n"
        "- de Verordening stadspas;\n\n"
        "Met vriendelijke groet,\n\nGemeente Zwolle\n"
    )
    zones = ZoneOf(read_text(text, "brief.txt"), spec)
    assert zones["Reden:"] == "reasons"
    assert zones["{reden}"] == "reasons"
    assert zones["Uw aanvraag voor de stadspas"] == "opening"
    # a line that starts like a heading but introduces a list stays where it is
    plain = (
        "Beste inwoner,\n\nUw aanvraag is afgewezen. Wij lichten dat toe.\n\n"
        "Toelichting van het college bij de afwijzing van de stadspas:\n\n"
        "Uw inkomen is te hoog.\n"
    )
    zones = ZoneOf(read_text(plain, "brief.txt"), spec)
    assert zones["Toelichting van het college"] == "body"


def test_a_sentence_above_the_salutation_is_text_and_gets_a_body_zone(spec):
    text = (
        "Gemeente Ameland\nPostbus 22\n9160 AA Ballum\n\nZaaknummer: WMO-26-0061\n\n"
        "Let op: bent u het niet eens met dit besluit, dan kunt u binnen zes weken bezwaar "
        "maken bij het college.\n\n"
        "Wij trekken de last onder dwangsom van 11 november 2025 vandaag in.\n\n"
        "Geachte heer Kiewiet,\n\nWij vergoeden de aanpassing niet.\n\n"
        "Met vriendelijke groet,\n\nT. Metz\n"
    )
    zones = ZoneOf(read_text(text, "brief.txt"), spec)
    assert zones["Gemeente Ameland"] == "address"
    assert zones["9160 AA Ballum"] == "address"
    assert zones["Zaaknummer"] == "reference"
    assert zones["Let op: bent u het niet eens"] == "objection"
    assert zones["Wij trekken de last"] == "body"
    assert zones["Geachte heer Kiewiet"] == "salutation"
