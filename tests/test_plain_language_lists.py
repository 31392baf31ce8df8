"""The default plain-language word lists (rules/plain-language.yml, issue 24): their
shape, and what they find in sentences written for these tests (not made from the
lists): officialese, stiff and old-fashioned words in every form, legal citations left
alone, everyday words not flagged."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from tonecheck.engine.lemma_terms import parse_entry, plain_entry
from tonecheck.paths import default_rules_dir

LIST_RULES = ("taal.ambtelijk", "taal.ambtelijk-werkwoord", "taal.stijf", "taal.ouderwets")


def _lists() -> dict[str, dict[str, str]]:
    data = YAML(typ="safe").load((default_rules_dir() / "plain-language.yml").read_text("utf-8"))
    return {r["id"]: r["check"] for r in data["rules"] if r["id"] in LIST_RULES}


CHECKS = _lists()


def test_the_lists_match_every_form_and_hold_at_least_800_entries():
    assert set(CHECKS) == set(LIST_RULES)
    assert all(check["match"] == "forms" for check in CHECKS.values())
    assert sum(len(check["terms"]) for check in CHECKS.values()) >= 800


def test_every_entry_has_a_replacement_and_stands_in_one_list():
    seen: dict[str, str] = {}
    for rule, check in CHECKS.items():
        for term, replacement in check["terms"].items():
            assert replacement and replacement.strip(), term
            key = plain_entry(term).lower()
            assert key not in seen, f"{term!r} in {rule} and {seen[key]}"
            seen[key] = rule


def test_every_entry_is_written_well(nlp):
    for check in CHECKS.values():
        for term in check["terms"]:
            assert term.count("<") == term.count(">"), term
            assert term == term.strip() and "  " not in term, term
            assert parse_entry(nlp, term).slots, term


@pytest.fixture(scope="module")
def checker(nlp):
    from tonecheck.checker import Checker
    from tonecheck.engine.loader import load_rules
    from tonecheck.nlp.structure import load_structure
    from tonecheck.report.score import load_score_spec

    structure = load_structure()
    rules = load_rules([default_rules_dir()], nlp, structure)
    return Checker(nlp, structure, rules, load_score_spec())


def list_findings(checker, text: str) -> list[str]:
    from tonecheck.documents.text_reader import read_text

    result = checker.check(read_text(text, "<test>"))
    return [f.excerpt for f in result.findings if f.rule in LIST_RULES]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # the forms the issue names
        ("Voor extra uren betaalt u geen additionele bijdrage.", "additionele"),
        ("Daarvoor is uw expliciete toestemming nodig.", "expliciete"),
        ("Het college maakt een integrale afweging.", "integrale"),
        ("Uw zoon participeert in een project.", "participeert"),
        ("Wij hebben de huisarts geconsulteerd.", "geconsulteerd"),
        ("Ik constateer dat de heg te hoog is.", "constateer"),
        ("De regeling beoogt armoede te voorkomen.", "beoogt"),
        ("Elk half jaar evalueer ik het plan met u.", "evalueer"),
        ("Het voorschot is voor de inrichting aangewend.", "aangewend"),
        ("Uw dochter zal zorg voor hem dragen.", "zorg voor hem dragen"),
        ("Wij zijn weer voornemens het hek te laten weghalen.", "zijn weer voornemens"),
        # officialese the lists lacked
        ("De bovengenoemde woning staat leeg.", "bovengenoemde"),
        ("Voormeld bedrag is te hoog.", "Voormeld"),
        ("Wij verlagen de toeslag dienovereenkomstig.", "dienovereenkomstig"),
        ("In geval van brand belt u 112.", "In geval van"),
        ("Wij zien uw antwoord graag tegemoet.", "zien uw antwoord graag tegemoet"),
        ("Wij hebben uw brief terdege gelezen.", "terdege"),
        ("De voorzitter hoort u ter zitting.", "ter zitting"),
        ("Het formulier dient volledig te zijn ingevuld.", "dient volledig te"),
        ("Het geld is ten behoeve van de bewoners.", "ten behoeve van"),
        ("Wij stuurden de brief per abuis naar uw oude adres.", "per abuis"),
        ("Wij hebben geen plichten jegens uw werkgever.", "jegens"),
        ("Wij zullen dat nimmer toestaan.", "nimmer"),
    ],
)
def test_officialese_is_found_in_the_forms_letters_use(checker, text, words):
    assert words in list_findings(checker, text)


def test_a_legal_citation_is_no_officialese_but_the_connective_is(checker):
    assert list_findings(checker, "Op grond van artikel 4:5 Awb behandelen wij dit niet.") == []
    assert list_findings(checker, "Gelet op de Participatiewet heeft u geen recht op hulp.") == []
    assert list_findings(checker, "Op grond van uw loonstroken krijgt u minder.") == [
        "Op grond van"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Heeft u zin om op dinsdag langs te komen?",
        "De taxi komt om acht uur.",
        "U krijgt binnen twee weken bericht.",
        "Wij krijgen veel verzoeken om een afspraak.",
        "Wie draagt de kosten van de zorg voor uw vader?",
        "In dat geval bellen wij u.",
        "Geachte heer Jansen, wij hebben uw brief ontvangen.",
        "Wij vinden het fijn dat u zo snel reageerde.",
        "U kunt uw bezwaar ook online indienen.",
    ],
)
def test_everyday_words_are_not_flagged(checker, text):
    assert list_findings(checker, text) == []


def test_a_word_in_two_lists_gives_one_finding(checker):
    # "betreffende" is a preposition in taal.ambtelijk and a form of 'betreffen'
    found = list_findings(checker, "Wij hebben een vraag betreffende uw huur.")
    assert found == ["betreffende"]


def test_the_proxy_sentences_are_well_formed():
    """eval/officialese/*.tsv: every marked part stands in its sentence, in order."""
    import csv

    from tonecheck.paths import PACKAGE_DIR

    folder = PACKAGE_DIR.parent / "eval" / "officialese"
    counts = {"flag": 0, "ok": 0}
    for path in sorted(folder.glob("*.tsv")):
        lines = [line for line in path.read_text("utf-8").splitlines() if line[:1] != "#"]
        for row in csv.DictReader(lines, delimiter="\t"):
            counts[row["soort"]] += 1
            if row["soort"] == "flag":
                assert row["klasse"] in ("ambtelijk", "stijf", "ouderwets"), row
                assert row["vorm"] in ("basis", "verbogen", "gescheiden"), row
                start = 0
                for part in row["gemarkeerd"].split(" … "):
                    start = row["zin"].index(part, start) + len(part)
    assert counts["flag"] >= 300 and counts["ok"] >= 300
