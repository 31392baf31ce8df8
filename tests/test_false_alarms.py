"""False alarms of the default rules on real letters (issue 19, point 5).

Each test writes a small Word letter, checks it with the default rule set as
`tonecheck check` does, and looks at what the writer would read: which rule speaks about
which words, and what it says.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tonecheck.common.findings import Finding

SALUTATION = "Geachte heer Jansen,"
CLOSING = ["Met vriendelijke groet,", "J. de Vries", "Consulent Werk en Inkomen"]
OBJECTION = (
    "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de datum van deze "
    "brief bezwaar maken bij het college van burgemeester en wethouders."
)


@pytest.fixture(scope="module")
def checker(nlp):
    from tonecheck.checker import Checker
    from tonecheck.engine.loader import load_rules
    from tonecheck.nlp.structure import load_structure
    from tonecheck.paths import default_rules_dir
    from tonecheck.report.score import load_score_spec

    structure = load_structure()
    rules = load_rules([default_rules_dir()], nlp, structure)
    return Checker(nlp, structure, rules, load_score_spec())


def write_letter(path: Path, sections: list[tuple[str | None, list[str]]]) -> Path:
    """A Word letter: address, date, salutation, then (heading, paragraphs) sections,
    then closing and signature."""
    document = docx.Document()
    for line in ("De heer P. Jansen", "Dorpsstraat 4", "1510 AA Haverdam"):
        document.add_paragraph(line)
    document.add_paragraph("Datum: 12 mei 2026")
    document.add_paragraph(SALUTATION)
    for heading, paragraphs in sections:
        if heading:
            document.add_heading(heading, level=2)
        for text in paragraphs:
            document.add_paragraph(text)
    for line in CLOSING:
        document.add_paragraph(line)
    document.save(path)
    return path


def findings_of(checker, path: Path) -> list[Finding]:
    result = checker.check_path(str(path))
    assert result.error is None, result.error
    return result.findings


def on(findings: list[Finding], words: str, *categories: str) -> list[Finding]:
    """The findings of these categories whose highlighted words lie within ``words`` or
    contain them."""
    return [
        f
        for f in findings
        if f.category in categories and (f.excerpt in words or words in f.excerpt)
    ]


# --- lijdend.vorm: "er staat niet wie het doet" where the door-phrase names who acts


def test_passive_that_names_who_acts_is_not_called_agentless(checker, tmp_path):
    sentence = (
        "Als de gevraagde gegevens niet binnen 2 weken door mij zijn ontvangen, dan kan uw "
        "aanvraag niet verder worden behandeld."
    )
    letter = write_letter(
        tmp_path / "aanvulling.docx",
        [(None, ["Op 3 mei kregen wij uw aanvraag voor een tegemoetkoming.", sentence])],
    )
    findings = findings_of(checker, letter)

    named = on(findings, "door mij zijn ontvangen", "passive")
    assert [f.rule for f in named] == ["lijdend.door"]
    assert "niet wie het doet" not in named[0].message
    assert "door" in named[0].message
    # the passive in the same sentence that names no one is still called that
    agentless = on(findings, "worden behandeld", "passive")
    assert [f.rule for f in agentless] == ["lijdend.vorm"]
    assert "niet wie het doet" in agentless[0].message


# --- zin.lang: the standard objection paragraph is no long-sentence suggestion


def test_standard_objection_paragraph_gets_no_long_sentence_suggestion(checker, tmp_path):
    long_body_sentence = (
        "Wij hebben uw aanvraag voor bijzondere bijstand voor de kosten van een nieuwe "
        "wasmachine op 3 mei goed ontvangen en bekeken."
    )
    letter = write_letter(
        tmp_path / "afwijzing.docx",
        [
            (None, [long_body_sentence, "Wij wijzen uw aanvraag af. Uw inkomen is te hoog."]),
            ("Bezwaar maken", [OBJECTION]),
        ],
    )
    findings = findings_of(checker, letter)

    assert on(findings, OBJECTION, "sentence-length") == []
    # the same length outside the objection section is still reported
    assert [f.rule for f in on(findings, long_body_sentence, "sentence-length")] == ["zin.lang"]


def test_objection_sentence_over_25_words_is_still_too_long(checker, tmp_path):
    legalese = (
        "Indien u zich met dit besluit niet kunt verenigen, kunt u op grond van artikel 6:7 "
        "van de Algemene wet bestuursrecht binnen zes weken na de dag van verzending van dit "
        "besluit een bezwaarschrift indienen."
    )
    letter = write_letter(
        tmp_path / "afwijzing.docx",
        [(None, ["Wij wijzen uw aanvraag af."]), ("Bezwaar maken", [legalese])],
    )
    long_ones = on(findings_of(checker, letter), legalese, "sentence-length")
    assert [f.rule for f in long_ones] == ["zin.te-lang"]


# --- legal terms of art: no replacement that changes their meaning; fine when explained

LANGUAGE = ("plain-language", "clarity")
URGENT = (
    "Kunt u niet wachten tot wij over uw bezwaar beslissen? Dan kunt u de rechter vragen om "
    "een voorlopige voorziening"
)


def spoed_letter(path: Path, urgent: str) -> Path:
    return write_letter(
        path,
        [
            (None, ["Wij trekken uw vergunning in, omdat u de regels niet naleeft."]),
            ("Bezwaar maken", [OBJECTION]),
            ("Haast", [urgent]),
        ],
    )


def test_explained_legal_term_gets_no_replacement(checker, tmp_path):
    explained = URGENT + " (een tijdelijke maatregel, tot er over uw bezwaar is beslist)."
    findings = findings_of(checker, spoed_letter(tmp_path / "spoed.docx", explained))

    assert on(findings, "voorlopige voorziening", *LANGUAGE) == []
    assert not [f for f in findings if "snelle uitspraak" in f.suggestion]


def test_unexplained_legal_term_asks_for_an_explanation_not_a_replacement(checker, tmp_path):
    findings = findings_of(checker, spoed_letter(tmp_path / "spoed.docx", URGENT + "."))

    about_term = on(findings, "voorlopige voorziening", *LANGUAGE)
    assert [f.rule for f in about_term] == ["duidelijk.juridisch-begrip"]
    assert "Leg het begrip" in about_term[0].suggestion
    assert "snelle uitspraak" not in about_term[0].suggestion


def test_legal_term_explained_once_may_be_used_again(checker, tmp_path):
    letter = write_letter(
        tmp_path / "voornemen.docx",
        [
            (
                None,
                [
                    "Wij zijn van plan uw vergunning in te trekken. Voordat wij beslissen, mag "
                    "u reageren. Dat heet een zienswijze.",
                    "Stuur uw zienswijze binnen twee weken naar ons. U kunt ons ook bellen.",
                ],
            )
        ],
    )
    about_term = [f for f in findings_of(checker, letter) if "zienswijze" in f.excerpt.lower()]

    assert [f for f in about_term if f.category in LANGUAGE] == []
