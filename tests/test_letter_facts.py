"""Facts read from letters built here, and the suggestions they fill in: what the reader
asked for, the decision, the domain, the organisation, the contact details, u or je, and
the marked placeholder where a fact cannot be read."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tonecheck.cli import main
from tonecheck.common.yamlfile import DataFileError
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.facts_request import read_request
from tonecheck.nlp.facts_spec import read_facts_spec
from tonecheck.nlp.structure import load_structure
from tonecheck.runtime import load_checker

BIJSTAND = """\
Gemeente Kampen
Postbus 5009
8260 GA Kampen

Mevrouw T. de Vries
Oudestraat 12
8261 CK Kampen

Datum: 2 juni 2026
Onderwerp: uw aanvraag bijzondere bijstand voor een koelkast

Geachte mevrouw De Vries,

Op 12 mei 2026 vroeg u bijzondere bijstand aan voor een nieuwe koelkast.

Ons besluit

U krijgt geen bijzondere bijstand voor de koelkast. Uw inkomen is € 1.900 per maand. \
De grens voor u is € 1.650.

Bezwaar

Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken bij het \
college van burgemeester en wethouders van Kampen, Postbus 5009, 8260 GA Kampen.

Vragen?

Heeft u vragen? Bel mij op 038 339 29 99.

Met vriendelijke groet,

J. Bos
consulent inkomen
"""

STUDIEFINANCIERING_JE = """\
Onderwerp: je aanvraag studiefinanciering

Hoi Sem,

Op 3 juni 2026 heb je studiefinanciering aangevraagd. Je krijgt geen studiefinanciering, \
want je bent ouder dan 30 jaar.

Ben je het niet eens met dit besluit? Dan kun je binnen zes weken bezwaar maken.

Heb je vragen? Bel ons op 050 599 77 55.

Groet,

DUO
"""

SUBJECT_ONLY = """\
Onderwerp: uw aanvraag huurtoeslag 2026

Geachte heer Smit,

Wij wijzen uw aanvraag af. Uw inkomen is hoger dan de grens van € 38.000 per jaar.

Met vriendelijke groet,

Dienst Toeslagen
"""

DECISION_ONLY = """\
Geachte heer Smit,

U krijgt geen parkeervergunning voor de Binnenstad. U heeft al twee auto's op uw adres.

Met vriendelijke groet,

Gemeente Leiden
"""

NOTHING_READ = """\
Geachte heer, mevrouw,

Uw aanvraag is afgewezen.
"""

CONTACT = """\
Gemeente Hengelo
Dossiernummer: 0153-771409

Geachte heer Mulder,

Wij vorderen € 640 bijstand van u terug, omdat u in maart loon kreeg. \
Betaal het bedrag op rekening NL12 INGB 0705 0011 21.

Het wijkteam helpt u gratis met uw geldzaken. Bel het wijkteam op 0800 1234.

Vragen?

Heeft u vragen? Bel 14 074 of mail naar inkomen@hengelo.example.

Met vriendelijke groet,

namens het college van burgemeester en wethouders van Hengelo,
K. Ates
"""

EMAIL_ONLY = """\
Van: Gemeente Zeist <noreply@zeist.example>
Onderwerp: uw aanvraag parkeervergunning

Geachte mevrouw Peters,

Wij wijzen uw aanvraag af, omdat er in uw straat geen plaats meer is.

Heeft u vragen? Mail naar parkeren@zeist.example.
"""


@pytest.fixture(scope="module")
def checker():
    return load_checker(ROOT)[1]


def checked(checker, text: str):
    result = checker.check(read_text(text, "<brief>"))
    assert result.error is None, result.error
    return result


def suggestion(result, rule_id: str) -> str:
    found = [f for f in result.findings if f.rule == rule_id]
    assert found, f"{rule_id} did not fire: {[f.rule for f in result.findings]}"
    return found[0].suggestion


def test_request_from_the_request_sentence_fills_the_empathy_suggestion(checker):
    result = checked(checker, BIJSTAND)
    facts = result.letter.facts
    assert facts.read["request"].value == "bijzondere bijstand voor een nieuwe koelkast"
    assert "vroeg u bijzondere bijstand aan" in facts.read["request"].source
    assert facts.values["decision"] == "u geen bijzondere bijstand voor een nieuwe koelkast krijgt"
    assert (
        "'Wij begrijpen dat het vervelend is dat u geen bijzondere bijstand voor een nieuwe "
        "koelkast krijgt.'" in suggestion(result, "empathie.ontbreekt")
    )


def test_domain_organisation_and_phone_of_a_bijstand_letter(checker):
    facts = checked(checker, BIJSTAND).letter.facts
    assert facts.domain == "bijstand"
    assert facts.read["organisation"].value == "Gemeente Kampen"
    assert facts.read["phone"].value == "038 339 29 99"
    assert facts.form == "u"


def test_alternatives_come_from_the_letters_domain_with_its_phone(checker):
    result = checked(checker, BIJSTAND)
    assert all(a.startswith("bijstand.") for a in result.letter.facts.alternatives)
    text = suggestion(result, "alternatief.ontbreekt")
    assert text.startswith("Voeg een alinea 'Wat kunt u wel doen?' toe")
    assert "Bel 038 339 29 99." in text
    assert "betalingsregeling" not in text


def test_request_from_the_subject_line(checker):
    facts = checked(checker, SUBJECT_ONLY).letter.facts
    assert facts.read["request"].value == "huurtoeslag 2026"
    assert facts.read["request"].source == "uit de onderwerpregel"
    assert facts.domain == "toeslag"
    assert facts.read["organisation"].value == "Dienst Toeslagen"


def test_request_from_the_decision_sentence(checker):
    facts = checked(checker, DECISION_ONLY).letter.facts
    assert facts.read["request"].value == "parkeervergunning voor de Binnenstad"
    assert facts.read["request"].source.startswith("uit het besluit")
    assert facts.domain == "parkeren"


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (
            "U krijgt geen bijzondere bijstand voor een nieuwe bril.",
            "bijzondere bijstand voor een nieuwe bril",
        ),
        ("U krijgt geen vergoeding van meer dan 500 euro.", "vergoeding"),
        # something the reader had stops: that is not what the reader asked for
        ("Je krijgt voorlopig geen uitkering meer totdat we je afschriften hebben.", ""),
        ("U heeft geen recht meer op huurtoeslag.", ""),
    ],
)
def test_a_decision_that_stops_something_names_no_request(checker, decision, expected):
    """The decision sentence of a refusal says what the reader asked for, unless it
    stops something the reader had (read from the rule data, whatever the letter type)."""
    doc = checker.nlp(decision)
    read, _ = read_request([], None, [doc[:]], doc, checker.structure.facts.request, "afwijzing")
    assert read == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "U kunt opnieuw bijzondere bijstand aanvragen.",
        # the parse reads this 'moet' as the main verb, 'aanvragen' as its complement
        "Je moet dan opnieuw bijstand aanvragen.",
        "U mag een nieuwe aanvraag voor een traplift indienen.",
    ],
)
def test_what_may_or_must_be_asked_is_no_request(checker, sentence):
    """Read from the parse alone, whatever role the sentence gets."""
    doc = checker.nlp(sentence)
    assert read_request([doc[:]], None, [], doc, checker.structure.facts.request) == ("", "")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("U heeft op 4 mei een scootmobiel aangevraagd.", "scootmobiel"),
        ("U vraagt om hulp bij het huishouden, omdat u niet goed kunt lopen.", "hulp"),
        ("Wij hebben uw aanvraag om een traplift ontvangen.", "traplift"),
        ("Jullie hebben een aanvraag gedaan voor vergoede dyslexiezorg.", "vergoede dyslexiezorg"),
        # asked to have something done, or what may be done: no request
        ("U vroeg ons om uw badkamer aan te passen.", ""),
        ("U kunt opnieuw bijzondere bijstand aanvragen.", ""),
        ("Wij hebben u gevraagd om uw loonstroken te sturen.", ""),
        ("Heeft u bijzondere bijstand aangevraagd?", ""),
    ],
)
def test_which_sentences_say_what_the_reader_asked(checker, sentence, expected):
    text = f"Geachte heer Smit,\n\n{sentence}\n\nMet vriendelijke groet,\n"
    read = checked(checker, text).letter.facts.read.get("request")
    assert (read.value if read else "") == expected


def test_what_cannot_be_read_becomes_a_marked_placeholder(checker):
    result = checked(checker, NOTHING_READ)
    facts = result.letter.facts
    assert not {"request", "domain", "organisation", "phone"} & set(facts.read)
    assert facts.domain is None
    assert "dat u geen [wat de lezer vroeg] krijgt" in suggestion(result, "empathie.ontbreekt")
    alternatives = suggestion(result, "alternatief.ontbreekt")
    assert facts.alternatives == ("algemeen",)
    assert "[een andere regeling, hulp of oplossing die bij deze lezer past]" in alternatives
    assert "Bel [telefoonnummer]." in alternatives


def test_je_letters_get_je_suggestions(checker):
    result = checked(checker, STUDIEFINANCIERING_JE)
    facts = result.letter.facts
    assert facts.form == "je"
    assert facts.read["request"].value == "studiefinanciering"
    empathy = suggestion(result, "empathie.ontbreekt")
    assert "dat je geen studiefinanciering krijgt" in empathy
    assert "teleurstelling voor je is" in empathy
    alternatives = suggestion(result, "alternatief.ontbreekt")
    assert "'Wat kun je wel doen?'" in alternatives
    for text in (empathy, alternatives):
        quoted = " ".join(re.findall(r"'([^']*)'", text))
        assert not re.search(r"\b(u|uw|U|Uw)\b", quoted), quoted


def test_the_same_letter_in_u_form_gets_u_suggestions(checker):
    u_form = (
        STUDIEFINANCIERING_JE.replace("je aanvraag", "uw aanvraag")
        .replace("heb je", "heeft u")
        .replace("Je krijgt", "U krijgt")
        .replace("je bent", "u bent")
        .replace("Ben je", "Bent u")
        .replace("kun je", "kunt u")
        .replace("Heb je", "Heeft u")
    )
    result = checked(checker, u_form)
    assert result.letter.facts.form == "u"
    assert "dat u geen studiefinanciering krijgt" in suggestion(result, "empathie.ontbreekt")


def test_phone_is_the_contact_number_not_the_alternative_iban_or_dossier(checker):
    facts = checked(checker, CONTACT).letter.facts
    assert facts.read["phone"].value == "14 074"
    assert facts.read["contact"].value == "14 074"
    assert facts.read["organisation"].value == "Gemeente Hengelo"


def test_email_is_the_contact_when_there_is_no_phone_and_noreply_is_skipped(checker):
    facts = checked(checker, EMAIL_ONLY).letter.facts
    assert "phone" not in facts.read
    assert facts.read["contact"].value == "parkeren@zeist.example"
    assert facts.values["phone"] == "[telefoonnummer]"
    assert facts.read["organisation"].value == "Gemeente Zeist"
    assert facts.read["request"].value == "parkeervergunning"


def test_organisation_from_the_signature(checker):
    text = CONTACT.replace("Gemeente Hengelo\n", "")
    facts = checked(checker, text).letter.facts
    assert facts.read["organisation"].value == "gemeente Hengelo"
    assert facts.read["organisation"].source == "uit de ondertekening"


def test_a_recovery_gets_a_payment_plan_and_its_domains_alternative(checker):
    facts = checked(checker, CONTACT).letter.facts
    assert checked(checker, CONTACT).letter.letter_type.label == "terugvordering"
    assert facts.domain == "bijstand"
    assert facts.alternatives == ("bijstand.inhouding", "betalingsregeling")
    assert facts.values["decision"] == "u geld moet terugbetalen"


def _subsidy_docx(path: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Provincie Utrecht"
    for line in (
        "Onderwerp: besluit op uw aanvraag subsidie Groene Daken 2026",
        "Geachte heer Jansen,",
        "Wij wijzen uw aanvraag af. Het budget van de regeling was op 1 maart al verdeeld.",
        "Heeft u vragen? Bel 030 258 91 11.",
        "Met vriendelijke groet,",
    ):
        document.add_paragraph(line)
    document.save(path)
    return path


def test_a_refused_subsidy_never_gets_a_payment_plan(checker, tmp_path):
    result = checker.check_path(str(_subsidy_docx(tmp_path / "subsidie.docx")))
    facts = result.letter.facts
    assert result.letter.letter_type.label == "afwijzing"
    assert facts.domain == "subsidie"
    assert facts.read["organisation"].value == "Provincie Utrecht"
    assert facts.read["request"].value == "subsidie Groene Daken 2026"
    assert facts.alternatives and all(a.startswith("subsidie.") for a in facts.alternatives)
    text = suggestion(result, "alternatief.ontbreekt")
    assert "subsidieregeling" in text and "Bel 030 258 91 11." in text
    assert "betalingsregeling" not in text and "in delen" not in text


def test_the_longest_term_decides_and_an_unclear_letter_has_no_domain(checker):
    toeslag = "Wij wijzen uw aanvraag voor een individuele inkomenstoeslag af."
    assert checked(checker, toeslag).letter.facts.domain == "bijstand"
    mixed = "Uw aanvraag is afgewezen. Dit gaat over uw huurtoeslag en uw bijstand."
    assert checked(checker, mixed).letter.facts.domain is None
    # as long as '*belasting' of the taxes: parkeren's own term, written out, counts
    parking = "Onderwerp: uw bezwaar over de parkeerbelasting\n\nUw bezwaar is ongegrond."
    assert checked(checker, parking).letter.facts.domain == "parkeren"


def test_explain_shows_the_facts(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text(BIJSTAND, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["explain", str(letter), "--no-roles", "--rule", "empathie.ontbreekt"]
    )
    assert result.exit_code == 0, result.output
    assert "{request}: bijzondere bijstand voor een nieuwe koelkast" in result.output
    assert "{organisation}: Gemeente Kampen  (uit het briefhoofd)" in result.output
    assert "{alternatives}: bijstand." in result.output


def _structure_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "structure"
    shutil.copytree(ROOT / "rules" / "structure", folder)
    return folder


def test_a_catalogue_entry_of_an_unknown_domain_or_placeholder_is_refused(tmp_path):
    folder = _structure_copy(tmp_path)
    catalogue = folder / "alternatives-catalogue.yml"
    catalogue.write_text(
        textwrap.dedent(
            """\
            alternatives:
              - id: fout
                domains: [bijstand, onbestaand]
                text: "Bel {telefoon}."
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        read_facts_spec(folder, frozenset(load_structure().letter_types))
    messages = [(p.line, p.message) for p in caught.value.problems]
    assert (3, "onbekend domein 'onbestaand'") in [(line, m) for line, m in messages]
    assert any(
        line == 4 and m.startswith("onbekende plaatshouder {telefoon}") for line, m in messages
    )


def test_rules_may_use_facts_but_not_unknown_placeholders(tmp_path, nlp):
    from tonecheck.engine.loader import load_rules

    rule = """\
    rules:
      - id: huis.test
        category: tone
        level: suggestion
        message: "{message}"
        suggestion: "{{Belt u|Bel je}} {{phone}} over {{request}}?"
        check: {{kind: terms, terms: [middels]}}
        examples: {{flag: [x], ok: [y]}}
    """
    good = tmp_path / "goed.yml"
    good.write_text(textwrap.dedent(rule.format(message="Over {domain}.")), encoding="utf-8")
    assert load_rules([good], nlp, load_structure()).rules[0].id == "huis.test"
    bad = tmp_path / "fout.yml"
    bad.write_text(textwrap.dedent(rule.format(message="Over {verzoek}.")), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_rules([bad], nlp, load_structure())
    assert "onbekende plaatshouder {verzoek}" in str(caught.value)
    assert "{request}" in str(caught.value)
