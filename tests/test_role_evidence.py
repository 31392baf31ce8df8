"""What a sentence must itself say to carry a role (rules/structure/role-evidence.yml):
a lead-in question is no objection term, what to write in an objection says not where it
goes, a question is no fact of the case. The letters
below were written for this test and are not in the training data."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from tests.conftest import evidence_error
from tonecheck.cli import main
from tonecheck.common.findings import Level
from tonecheck.documents.text_reader import read_text
from tonecheck.engine.loader import load_rules
from tonecheck.engine.runner import check_letter
from tonecheck.nlp.letter import understand
from tonecheck.nlp.role_evidence import read_role_evidence, reads_as_heading
from tonecheck.nlp.role_near import near_gained
from tonecheck.nlp.roles import LACKING_FROM, ROLES
from tonecheck.paths import default_rules_dir, structure_dir

DECISION = (
    "Geachte heer Dekker,\n\nU vroeg ons om een vergoeding voor een rolstoelfiets. "
    "Die krijgt u niet, omdat uw rolstoel van de gemeente al buiten gebruikt kan worden.\n\n"
)
END = "\n\nMet vriendelijke groet,\n\nJ. Wouters\nconsulent Wmo"
NO_TERM = (
    "Vindt u dat wij het mis hebben? Dan kunt u bezwaar maken bij het college van "
    "burgemeester en wethouders, Postbus 40, 7400 AA Deventer."
)
WITH_TERM = (
    "Vindt u dat wij het mis hebben? Dan kunt u binnen zes weken na de datum van deze brief "
    "bezwaar maken bij het college van burgemeester en wethouders, Postbus 40, 7400 AA "
    "Deventer."
)


def test_the_bundled_needs():
    evidence = read_role_evidence()
    term = {"objection-term"}
    assert evidence.withheld(term, "Bent u het niet eens met dit besluit?") == term
    assert evidence.withheld(term, "Dat moet.") == term
    for text in (
        "Dat moet binnen zes weken na de dag van verzending.",
        "U heeft daarvoor 42 dagen.",
        "Doe dat binnen de bezwaartermijn.",
        "Stuur uw bezwaar uiterlijk 14 maart 2027.",
        "Uw bezwaar moet er op 01-06-2027 zijn.",
    ):
        assert not evidence.withheld(term, text), text
    case = {"reason-case"}
    assert evidence.withheld(case, "Heeft u nog een pensioen?") == case
    assert not evidence.withheld(case, "Uw pensioen is € 212 per maand.")
    where = {"objection-where"}
    assert evidence.withheld(where, "Zet in uw bezwaarschrift uw naam, adres en handtekening.")
    assert evidence.withheld(where, "Onderteken het bezwaarschrift.") == where
    for text in (
        "Stuur uw bezwaar naar het college, Postbus 40, 7400 AA Deventer.",
        "Dat kan ook via Mijn UWV.",
        "U kunt het formulier op onze website gebruiken.",
        "Maak bezwaar bij de Sociale Verzekeringsbank.",
        "Stuur het naar het bovenstaande adres.",
    ):
        assert not evidence.withheld(where, text), text
    # a role without an entry needs nothing
    assert not evidence.withheld({"empathy"}, "Bent u het niet eens?")


def test_every_sentence_over_the_threshold_without_a_time_is_withheld(nlp, role_structure):
    """At threshold 0 every sentence scores for objection-term: only those naming a time
    keep the role, the others have it withheld and keep their score."""
    spec = replace(
        role_structure, roles=role_structure.roles.with_thresholds({"objection-term": 0.0})
    )
    letter = understand(nlp, spec, read_text(DECISION + WITH_TERM + END, "<test>"))
    text = letter.document.text
    kept = [text[r.start_char : r.end_char] for r in letter.roles if "objection-term" in r.roles]
    assert kept and all("zes weken" in sentence for sentence in kept)
    withheld = [r for r in letter.roles if "objection-term" in r.withheld]
    assert any(text[r.start_char : r.end_char].startswith("Vindt u") for r in withheld)
    assert all(r.scores["objection-term"] >= 0.0 for r in withheld)


@pytest.fixture(scope="module")
def rule_ids(nlp, role_structure):
    """The ids of the default rules' findings on a letter with this objection clause."""
    rules = load_rules([default_rules_dir()], nlp, role_structure)

    def of(body: str) -> set[str]:
        letter = understand(nlp, role_structure, read_text(DECISION + body + END, "<test>"))
        return {f.rule for f in check_letter(letter, rules)}

    return of


def test_a_clause_without_a_term_gets_the_finding(rule_ids):
    assert "bezwaar.termijn-ontbreekt" in rule_ids(NO_TERM)
    assert "bezwaar.termijn-ontbreekt" not in rule_ids(WITH_TERM)


def test_a_clause_that_only_says_what_to_write_gets_the_where_finding(rule_ids):
    clause = (
        "Vindt u dat wij het mis hebben? Dan kunt u binnen zes weken na de datum van deze "
        "brief bezwaar maken. Zet in uw bezwaarschrift uw naam, de datum en waarom u het "
        "niet eens bent, en onderteken het."
    )
    place = (
        " Stuur het naar het college van burgemeester en wethouders, Postbus 40, 7400 AA Deventer."
    )
    assert "bezwaar.adres-ontbreekt" in rule_ids(clause)
    assert "bezwaar.adres-ontbreekt" not in rule_ids(clause + place)


def test_inspect_shows_a_withheld_role_with_what_it_lacks(tmp_path, role_structure):
    letter = tmp_path / "brief.txt"
    letter.write_text(DECISION + WITH_TERM + END, encoding="utf-8")
    config = tmp_path / "tonecheck.toml"
    config.write_text("[roles]\nobjection-term = 0.01\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(main, ["inspect", "--config", str(config), str(letter)])
    assert table.exit_code == 0, table.output
    assert "objection-term! " in table.output
    assert "(mist een termijn in een zin: dagen, weken, maanden of een datum)" in table.output
    shown = runner.invoke(
        main, ["inspect", "--config", str(config), "--format", "json", str(letter)]
    )
    sentences = json.loads(shown.output)["sentences"]
    question = next(s for s in sentences if s["text"].startswith("Vindt u"))
    assert question["withheld"] == ["objection-term"]
    assert "objection-term" not in question["roles"]


def test_a_broken_evidence_file_names_the_place(tmp_path):
    folder = tmp_path / "structure"
    shutil.copytree(structure_dir(), folder)
    message = evidence_error(
        folder,
        "roles:\n  objection-trem:\n    needs: x\n    questions: false\n"
        "  reason-case:\n    needs: y\n    words: ['re:(a+)+$']\n",
    )
    assert "role-evidence.yml:2:" in message  # the unknown role, on its own line
    assert "objection-trem" in message


def test_a_dangerous_expression_is_refused(tmp_path):
    message = evidence_error(
        tmp_path, "roles:\n  reason-case:\n    needs: y\n    words: ['re:(a+)+$']\n"
    )
    assert "role-evidence.yml:4:" in message
    assert "reguliere expressie geweigerd" in message


def test_examples_in_the_evidence_file_run_as_tests(tmp_path):
    path = tmp_path / "role-evidence.yml"
    path.write_text(
        "roles:\n  objection-term:\n    needs: een termijn\n    words: [weken]\n"
        "    examples:\n      has: ['Binnen zes weken.', 'Binnen veertien dagen.']\n"
        "      lacks: ['Bent u het niet eens?']\n",
        encoding="utf-8",
    )
    results = list(read_role_evidence(tmp_path).example_results())
    assert [(text, ok) for _, _, text, ok in results] == [
        ("Binnen zes weken.", True),
        ("Binnen veertien dagen.", False),  # 'dagen' is not in this file's words
        ("Bent u het niet eens?", True),
    ]


def test_rules_test_runs_the_bundled_evidence_examples(role_structure):
    result = CliRunner().invoke(main, ["rules", "test", "-v", str(default_rules_dir())])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "role-evidence" in line]
    assert any("objection-term [mist] Bent u het niet eens met dit besluit?" in x for x in lines)
    assert all(line.startswith("GESLAAGD") for line in lines)


GRANT_WITH_CONDITION = (
    "Geachte heer Verhoef,\n\nU vroeg op 4 februari subsidie aan voor het vervangen van de "
    "kozijnen van uw monumentale woning. Wij kennen u een subsidie toe van € 4.200.\n\n"
    "De kozijnen moeten vóór 1 december 2027 zijn vervangen. Stuur ons daarna de facturen. "
    "Doet u dit niet? Dan moet u de ontvangen subsidie terugbetalen.\n\n"
    "Heeft u vragen? Bel dan met mevrouw S. Kok op 024 - 329 11 11.\n\n"
    "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de datum van deze "
    "brief bezwaar maken bij Gedeputeerde Staten, Postbus 9090, 6800 GX Arnhem.\n\n"
    "Met vriendelijke groet,\n\nGedeputeerde Staten van Gelderland"
)


def test_a_question_is_no_decision(nlp, role_structure):
    """'Doet u dit niet?' before a condition reads as a refusal to the model; a grant
    with such a condition brings no bad news, so no empathy or alternatives warning."""
    assert read_role_evidence().withheld({"decision-negative"}, "Doet u dit niet?")
    rules = load_rules([default_rules_dir()], nlp, role_structure)
    letter = understand(nlp, role_structure, read_text(GRANT_WITH_CONDITION, "<test>"))
    assert not letter.letter_type.bad_news
    found = {f.rule for f in check_letter(letter, rules)}
    assert not found & {"empathie.ontbreekt", "alternatief.ontbreekt", "reden.ontbreekt"}


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Toelichting", True),
        ("Wat kunt u doen", True),
        ("Uw bezwaar is gegrond", True),
        ("Wij wijzen uw aanvraag af.", False),
        ("Heeft u vragen?", False),  # a question says something
        ("Besluit: toegekend", False),  # a row of a table
        ("Inkomen | € 1.812", False),
        ("Terug te betalen € 340", False),  # an amount is a fact
        ("- een betalingsregeling", False),  # an item of a list
        # a long line without a full stop is a sentence
        ("Wij hebben uw aanvraag bekeken en daarbij ook gekeken naar uw situatie thuis", False),
    ],
)
def test_what_reads_as_a_heading(text, heading):
    assert reads_as_heading(text) is heading


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Toelichting", True),
        ("Andere hulp", True),
        # a finite verb: a sentence without its full stop, as in a short message
        ("Je aanvraag is afgewezen", False),
        ("Je woont te dicht bij school", False),
    ],
)
def test_with_its_parse_a_line_with_a_finite_verb_is_a_sentence(nlp, text, heading):
    assert reads_as_heading(text, nlp(text)[:]) is heading


def roles_by_sentence(nlp, structure, text: str, thresholds: dict | None = None) -> dict:
    """The SentenceRoles of each sentence of the letter ``text``, by its text, read with
    the role thresholds changed as ``thresholds`` says."""
    if thresholds:
        structure = replace(structure, roles=structure.roles.with_thresholds(thresholds))
    letter = understand(nlp, structure, read_text(text, "<test>"))
    read = letter.document.text
    return {read[r.start_char : r.end_char].strip(): r for r in letter.roles}


def test_a_short_message_without_full_stops_keeps_its_roles(nlp, role_structure):
    message = (
        "Beste Sanne,\n\nJe aanvraag voor een reiskostenvergoeding is afgewezen\n\n"
        "Je woont te dicht bij school\n\nGroet,\nTeam Leerlingenvervoer\n"
    )
    roles = roles_by_sentence(nlp, role_structure, message)
    refusal = roles["Je aanvraag voor een reiskostenvergoeding is afgewezen"]
    assert "decision-negative" in refusal.roles
    assert not refusal.withheld


HEADED = (
    "Geachte mevrouw Bakker,\n\nU vroeg ons om bijzondere bijstand voor een wasmachine. "
    "Die krijgt u niet.\n\nToelichting\n\nUw inkomen is € 1.812 per maand. De grens voor u "
    "is € 1.650.\n\nAndere mogelijkheden\n\nHeeft u vragen? Bel ons op 14 050." + END
)


def test_a_heading_keeps_no_role(nlp, role_structure):
    """At threshold 0 every sentence scores for every role; a heading is 'other' (the
    annotation guide), so it keeps none of them, and a sentence keeps what it says."""
    everything = {role: 0.0 for role in read_role_evidence().needs}
    roles = roles_by_sentence(nlp, role_structure, HEADED, everything)
    for heading in ("Toelichting", "Andere mogelijkheden"):
        assert roles[heading].roles == frozenset(), heading
        assert {"reason-case", "alternative"} <= roles[heading].withheld
    assert "reason-case" in roles["Uw inkomen is € 1.812 per maand."].roles


@pytest.mark.parametrize(
    ("text", "hollow"),
    [
        ("U voldoet niet aan de voorwaarden.", True),
        ("Uit het onderzoek blijkt dat u niet voldoet aan de voorwaarden.", True),
        ("Bij controle is gebleken dat u geen recht had op deze toeslag.", True),
        ("Er is geen sprake van betalingsonmacht.", True),
        ("Uw aanvraag komt niet in aanmerking.", True),
        ("Uw situatie valt niet onder de regeling.", True),
        # the same conclusion with what it rests on
        ("U voldoet niet aan de voorwaarden, omdat u nog geen 18 bent.", False),
        ("U heeft geen recht op huurtoeslag: uw inkomen is € 41.000.", False),
        ("Sinds 1 maart heeft u geen recht meer op bijstand.", False),
        ("Zonder zorgverzekering heeft u geen recht op zorgtoeslag.", False),
        ("Wie samenwoont, heeft geen recht op de toeslag voor alleenstaanden.", False),
        ("Uw spaargeld is hoger dan de grens; daarom heeft u geen recht op bijstand.", False),
        ("Uw inkomen is € 1.930 per maand.", False),
    ],
)
def test_a_hollow_formula_is_no_reason(text, hollow):
    """'U voldoet niet aan de voorwaarden' says that the reader does not qualify, not why
    (the guide and the dev-letters call a letter with only that unexplained)."""
    evidence = read_role_evidence()
    reasons = {"reason-case", "reason-rule"}
    assert evidence.withheld(reasons, text) == (reasons if hollow else frozenset())
    # the refusal itself is not a reason, and keeps its own role
    assert not evidence.withheld({"decision-negative"}, text)


HOLLOW_ONLY = (
    "Geachte heer Visser,\n\nWij wijzen uw aanvraag om kwijtschelding af. Uit het "
    "onderzoek blijkt dat er geen sprake is van betalingsonmacht.\n\nU ontvangt binnen "
    "twee weken een nieuwe aanslag." + END
)


def test_a_hollow_formula_keeps_no_reason_role_at_any_score(nlp, role_structure):
    """At threshold 0 every sentence scores as a reason; the formula is withheld both
    roles, and keeps its scores for inspect and explain."""
    reasons = {"reason-case": 0.0, "reason-rule": 0.0}
    roles = roles_by_sentence(nlp, role_structure, HOLLOW_ONLY, reasons)
    formula = roles["Uit het onderzoek blijkt dat er geen sprake is van betalingsonmacht."]
    assert {"reason-case", "reason-rule"} <= formula.withheld
    assert not formula.roles & {"reason-case", "reason-rule"}
    assert "reason-case" in roles["U ontvangt binnen twee weken een nieuwe aanslag."].roles


def test_a_refusal_with_only_a_formula_gets_the_reasons_finding(nlp, role_structure):
    rules = load_rules([default_rules_dir()], nlp, role_structure)

    def findings(body: str) -> dict[str, str]:
        letter = understand(nlp, role_structure, read_text(body, "<test>"))
        return {f.rule: str(f.level) for f in check_letter(letter, rules)}

    assert findings(HOLLOW_ONLY).get("reden.ontbreekt") == "warning"
    explained = HOLLOW_ONLY.replace(
        "betalingsonmacht.",
        "betalingsonmacht. Uw inkomen is € 1.950 per maand en uw vaste lasten zijn € 1.400; "
        "u houdt genoeg over om de aanslag van € 312 te betalen.",
    )
    assert "reden.ontbreekt" not in findings(explained)


def test_a_broken_hollow_list_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path,
        "hollow:\n  phrases: ['re:(a+)+$']\nroles:\n  reason-case:\n    needs: y\n"
        "    hollow: true\n",
    )
    assert "role-evidence.yml:2:" in message
    assert "reguliere expressie geweigerd" in message
    message = evidence_error(tmp_path, "roles:\n  reason-case:\n    needs: y\n    hollow: ja\n")
    assert "role-evidence.yml:4:" in message


def test_a_formula_below_the_threshold_is_lacking_not_unsure(nlp, role_structure):
    """Below its threshold a role the sentence could not have either is ``lacking``, so
    a rule unsure about that role does not offer the formula as "maybe it does"."""
    never = {"reason-case": 1.01, "reason-rule": 1.01}
    roles = roles_by_sentence(nlp, role_structure, HOLLOW_ONLY, never)
    formula = roles["Uit het onderzoek blijkt dat er geen sprake is van betalingsonmacht."]
    scored = {r for r in ("reason-case", "reason-rule") if formula.scores[r] >= LACKING_FROM}
    assert scored, "the model no longer reads the formula as a reason at all"
    assert formula.lacking == scored
    assert not formula.withheld & scored
    for item in roles.values():  # a sentence lacks only roles it scores for, below threshold
        assert all(item.scores[r] >= LACKING_FROM and r not in item.roles for r in item.lacking)


NEAR_LETTER = (
    DECISION.rstrip("\n") + " Meer over rolstoelen leest u op deventer.nl/wmo.\n\n"
    "Vindt u dat wij het mis hebben? Dan kunt u binnen zes weken na de datum van deze brief "
    "bezwaar maken. Dat kan via deventer.nl/bezwaar." + END
)
# the model alone never reads the where: only the sentence before can give it
WHERE_OUT_OF_REACH = {"objection-where": 0.99}


def test_a_place_right_after_the_objection_right_gives_the_where(nlp, role_structure):
    roles = roles_by_sentence(nlp, role_structure, NEAR_LETTER, WHERE_OUT_OF_REACH)
    place = roles["Dat kan via deventer.nl/bezwaar."]
    assert "objection-where" in place.roles
    assert "objection-where" in place.gained
    assert place.scores["objection-where"] < WHERE_OUT_OF_REACH["objection-where"]
    # the same kind of web address away from the objection clause gives nothing
    elsewhere = roles["Meer over rolstoelen leest u op deventer.nl/wmo."]
    assert "objection-where" not in elsewhere.roles


def test_without_near_the_place_keeps_only_its_score(nlp, role_structure):
    evidence = replace(role_structure.roles.evidence, near={})
    structure = replace(role_structure, roles=role_structure.roles.with_evidence(evidence))
    roles = roles_by_sentence(nlp, structure, NEAR_LETTER, WHERE_OUT_OF_REACH)
    assert "objection-where" not in roles["Dat kan via deventer.nl/bezwaar."].roles


def test_the_where_finding_stays_away_when_the_next_sentence_gives_the_place(nlp, role_structure):
    rules = load_rules([default_rules_dir()], nlp, role_structure)
    reading = role_structure.roles.with_thresholds(WHERE_OUT_OF_REACH)

    def findings(structure) -> set[str]:
        letter = understand(nlp, structure, read_text(NEAR_LETTER, "<test>"))
        return {f.rule for f in check_letter(letter, rules)}

    with_near = replace(role_structure, roles=reading)
    without = replace(
        role_structure,
        roles=reading.with_evidence(replace(reading.evidence, near={})),
    )
    assert "bezwaar.adres-ontbreekt" not in findings(with_near)
    assert "bezwaar.adres-ontbreekt" in findings(without)


def test_the_body_that_decides_the_dispute_names_where_to_go(nlp, role_structure):
    """A civil route ("de kantonrechter vragen") names no 'bij' or address, yet it says
    where the reader goes; with the model's own where score out of reach, near gives it."""
    letter = (
        DECISION.rstrip("\n") + "\n\nBent u het niet eens met deze uitspraak, dan kunt u "
        "binnen acht weken de kantonrechter vragen over het geschil te beslissen." + END
    )
    roles = roles_by_sentence(nlp, role_structure, letter, WHERE_OUT_OF_REACH)
    clause = next(r for text, r in roles.items() if "kantonrechter" in text)
    assert "objection-where" in clause.roles & clause.gained


def test_a_named_body_to_send_the_objection_to_is_the_where(nlp, role_structure):
    """'Stuur uw bezwaar … naar de Rijksdienst Caribisch Nederland' names no 'bij', postbus
    or website, yet it says where the objection goes; a contact line that asks for a
    person by name ('vraag naar Team Belastingen') says nothing of the kind."""
    letter = (
        DECISION.rstrip("\n") + "\n\nBent u het niet eens met dit besluit? Stuur uw bezwaar "
        "binnen zes weken na de datum van deze brief naar de Rijksdienst Caribisch Nederland, "
        "unit SZW. Heeft u vragen? Bel 14 013 en vraag naar Team Belastingen." + END
    )
    roles = roles_by_sentence(nlp, role_structure, letter, WHERE_OUT_OF_REACH)
    clause = next(r for text, r in roles.items() if text.startswith("Stuur uw bezwaar"))
    contact = next(r for text, r in roles.items() if text.startswith("Bel 14 013"))
    assert "objection-where" in clause.roles & clause.gained
    assert "objection-where" not in contact.roles


def test_a_duration_counted_from_a_moment_is_the_term():
    """'U heeft daarvoor zes weken vanaf de dag waarop …' has no 'binnen', yet it is the
    term of the objection named just before it."""
    gain = read_role_evidence().near["objection-term"]
    right = frozenset({"objection-right", "objection-where"})
    for term in (
        "U heeft daarvoor zes weken vanaf de dag waarop u deze brief ontving.",
        "Doe dat in elk geval vóór de eerste inhouding op 25 april 2026.",
    ):
        assert gain.applies(frozenset(), right, 0.2, term), term
    # a payment date, or a duration that counts from nothing, is no term
    for other in ("Betaal het bedrag voor de eerste inhouding.", "De last geldt zes weken."):
        assert not gain.applies(frozenset(), right, 0.2, other), other


def test_a_near_gain_needs_the_words_the_score_and_a_clause_part_close_by():
    gain = read_role_evidence().near["objection-where"]
    right, place = frozenset({"objection-right"}), "Dat kan via Mijn CAK."
    assert gain.applies(frozenset(), right, 0.2, place)  # after the right
    assert gain.applies(right, frozenset(), 0.2, "U kunt bezwaar maken via Mijn CAK.")
    assert not gain.applies(frozenset(), frozenset(), 0.2, place)  # nothing close by
    assert not gain.applies(frozenset(), right, 0.05, place)  # the model sees none of it
    assert not gain.applies(frozenset(), right, 0.2, "Dat moet schriftelijk.")  # no place
    # in the clause's own sentence the words are enough, whatever the model sees
    assert gain.applies(right, frozenset(), 0.0, "U kunt bezwaar maken via Mijn CAK.")
    term = read_role_evidence().near["objection-term"]
    own = "Dan kunt u tot en met 22 januari 2027 bezwaar maken."
    assert term.applies(right, frozenset(), 0.007, own)
    assert not term.applies(frozenset(), right, 0.007, "Betaal het bedrag vóór 22 januari.")


def test_a_gained_part_does_not_pass_a_gain_on():
    """Only the roles a sentence has without ``near`` count for the sentence after it."""
    evidence = read_role_evidence()
    near = list(evidence.near.values())
    sentences = [
        ({"objection-right"}, {}, "Vindt u dit besluit niet juist? Maak dan bezwaar."),
        (set(), {"objection-where": 0.3}, "Dat kan via Mijn CAK."),
        (set(), {"objection-term": 0.3}, "Doe dat binnen zes weken."),
    ]
    gained = near_gained(
        near,
        [frozenset(roles) for roles, _, _ in sentences],
        [scores for _, scores, _ in sentences],
        [text for _, _, text in sentences],
    )
    assert gained == [frozenset(), frozenset({"objection-where"}), frozenset()]


def test_a_broken_near_section_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path,
        "roles: {}\nnear:\n  objection-where:\n    gives: x\n    with_roles: [objection-right]\n"
        "    min_score: 0.1\n    words: ['re:(a+)+$']\n",
    )
    assert "role-evidence.yml:7:" in message
    assert "reguliere expressie geweigerd" in message
    message = evidence_error(
        tmp_path,
        "roles: {}\nnear:\n  objection-where:\n    gives: x\n    with_roles: [bezwaar]\n"
        "    min_score: 2\n    words: [postbus]\n",
    )
    assert "role-evidence.yml:5:" in message
    assert "role-evidence.yml:6:" in message


def test_rules_test_checks_the_near_examples(tmp_path):
    path = tmp_path / "role-evidence.yml"
    path.write_text(
        "roles: {}\nnear:\n  objection-where:\n    gives: x\n    with_roles: [objection-right]\n"
        "    min_score: 0.1\n    words: [postbus]\n    examples:\n"
        "      gains: ['Stuur het naar Postbus 10.', 'Dat kan via Mijn CAK.']\n"
        "      keeps: ['Dat moet schriftelijk.']\n",
        encoding="utf-8",
    )
    results = list(read_role_evidence(tmp_path).gain_results(lambda text: None))
    assert [(text, ok) for _, _, text, ok in results] == [
        ("Stuur het naar Postbus 10.", True),
        ("Dat kan via Mijn CAK.", False),  # this file's words know no 'Mijn …'
        ("Dat moet schriftelijk.", True),
    ]


def test_the_recipe_measures_roles_with_the_near_gains():
    """train_roles.py measure reads a letter's sentences as the checker does: a place
    after the right to object has the where, in that letter only."""
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "training" / "roles"))
    train_roles = pytest.importorskip("train_roles")
    right, place = "U kunt binnen zes weken bezwaar maken.", "Dat kan via delft.nl/bezwaar."
    low = dict.fromkeys(ROLES, 0.0)

    def item(letter: str, text: str, roles: set[str]):
        return train_roles.Item(letter, "test", text, [], [], frozenset(roles))

    items = [
        item("a", right, {"objection-right", "objection-term"}),
        item("a", place, {"objection-where"}),
        item("b", place, set()),  # a letter of its own: nothing before it
    ]
    scores = [
        low | {"objection-right": 0.9, "objection-term": 0.9},
        low | {"objection-where": 0.3},
        low | {"objection-where": 0.3},
    ]
    table = train_roles.measure(items, scores, {}, read_role_evidence())
    assert (table["objection-where"]["p"], table["objection-where"]["r"]) == (1.0, 1.0)
    without = train_roles.measure(items, scores, {}, replace(read_role_evidence(), near={}))
    assert without["objection-where"]["r"] == 0.0


@pytest.mark.parametrize(
    ("text", "relief"),
    [
        ("U krijgt geen boete.", True),
        ("Wij leggen u geen vergrijpboete op.", True),
        ("Wij leggen die last onder dwangsom niet op.", True),
        ("Wij vorderen de dwangsom van € 750 niet bij u in.", True),
        ("Wij beëindigen uw bijstand niet, en wij vorderen ook niets van u terug.", True),
        # a duty lifted or lessened: 'hoeven' speaks of a duty only to say it does not come
        ("U hoeft daarom geen € 1.331 terug te betalen, maar alleen het verschil van € 35.", True),
        ("De boete hoeft u niet te betalen.", True),
        ("Je hoeft nog maar € 1.445 terug te betalen.", True),
        ("U hoeft niets te doen, maar wij vorderen € 500 van u terug.", False),
        # a burden that comes, a condition, a question, a second main clause, a relief
        ("Wij leggen u een boete op van € 250.", False),
        ("Doet u dat niet, dan verbeurt u een dwangsom van € 500 per week.", False),
        ("Krijg ik geen boete?", False),
        ("U krijgt geen boete, maar wij vorderen € 500 van u terug.", False),
        ("Wij geven u geen betalingsregeling voor deze boete.", False),
        ("Wij kunnen de aanslag niet kwijtschelden.", False),
        # a verb that takes a burden away ('lifts'), with the burden as its object or
        # subject; with 'niet' the burden stays, and a benefit taken away is no burden
        ("Wij trekken de boete van € 120 in en u hoeft niets te betalen.", True),
        ("Wij heffen de last onder dwangsom op.", True),
        ("De naheffingsaanslag van € 77,40 wordt vernietigd.", True),
        ("Wij schelden de hele aanslag kwijt.", True),
        ("Daarom laten wij de boete vervallen.", True),
        ("De terugvordering vervalt.", True),
        ("Wij trekken de boete niet in.", False),
        ("De boete vervalt niet helemaal.", False),
        ("Wij trekken uw vergunning in.", False),
        ("Wij trekken de boete in, maar wij vorderen € 500 van u terug.", False),
        # every burden the clause names must stay away, also one coordinated with another
        ("Je krijgt daarom geen waarschuwing en geen boete.", True),
        ("Wij leggen geen boete en geen dwangsom op.", True),
        ("U krijgt geen boete, maar wel een schriftelijke waarschuwing.", False),
        ("U krijgt geen boete, maar wel een dwangsom.", False),
    ],
)
def test_a_burden_that_does_not_come_is_no_refusal(nlp, text, relief):
    need = read_role_evidence().needs["decision-negative"]
    assert need.relief is not None
    assert need.relief.found(nlp(text)[:]) == relief
    if relief:  # such a sentence cannot be a refusal, whatever its score
        assert not need.met_by(text, nlp(text)[:])


def test_a_sanction_that_does_not_come_is_a_decision_for_the_reader(nlp, role_structure):
    text = (
        "Geachte heer Bos,\n\nOp 3 maart zagen wij dat uw container op de stoep stond. "
        "U heeft ons laten weten dat u die dag in het ziekenhuis lag. Wij leggen u daarom "
        "geen boete op.\n\nHeeft u vragen? Bel ons op 14 050." + END
    )
    relief = "Wij leggen u daarom geen boete op."
    roles = roles_by_sentence(nlp, role_structure, text)
    threshold = role_structure.roles.thresholds["decision-negative"]
    assert roles[relief].scores["decision-negative"] >= threshold, "the model reads no refusal"
    assert "decision-negative" not in roles[relief].roles
    assert "decision-negative" in roles[relief].withheld
    # it is a decision, in the reader's favour
    assert "decision-positive" in roles[relief].roles & roles[relief].gained


def test_a_broken_relief_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path,
        "roles:\n  decision-negative:\n    needs: x\n    relief:\n      nouns: ['re:(a+)+$']\n"
        "      verbs: [opleggen]\n",
    )
    assert "role-evidence.yml:5:" in message
    assert "reguliere expressie geweigerd" in message
    message = evidence_error(
        tmp_path, "roles:\n  decision-negative:\n    needs: x\n    relief:\n      nouns: [boete]\n"
    )
    assert "role-evidence.yml:4:" in message


def test_the_recipe_measures_roles_with_relief(nlp):
    """train_roles.py measure with parses reads a sanction that does not come as the
    checker does: no refusal, a decision for the reader."""
    import math
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "training" / "roles"))
    train_roles = pytest.importorskip("train_roles")
    text = "U krijgt geen boete."
    items = [train_roles.Item("a", "test", text, [], [], frozenset({"decision-positive"}))]
    scores = [dict.fromkeys(ROLES, 0.0) | {"decision-negative": 0.9}]
    table = train_roles.measure(items, scores, {}, read_role_evidence(), [nlp(text)])
    assert table["decision-positive"]["r"] == 1.0
    assert math.isnan(table["decision-negative"]["p"])  # no sentence read as a refusal


@pytest.mark.parametrize(
    ("text", "retold"),
    [
        ("U vertelde ons dat u sinds de val in maart niet meer zelf kunt koken.", True),
        ("In uw bezwaarschrift voert u aan dat de drempel voor uw rolstoel te hoog is.", True),
        ("Je vroeg om een vergoeding voor de verhuiskosten van € 640.", True),
        ("Uw gemachtigde stelt dat de boete te hoog is voor een eerste overtreding.", True),
        ("Tijdens het gesprek op 2 mei heeft u verklaard dat u alleen woont.", True),
        # two 'dat'-clauses: the parser hangs the second on the verb of saying
        (
            "Tijdens de hoorzitting verklaarde u dat u de scriptie als inspiratiebron had "
            "gebruikt en dat u vergeten was de bronvermelding aan te vullen.",
            True,
        ),
        (
            "U schreef dat u om 10.04 uur een parkeeractie had gestart met de app, maar dat "
            "die actie niet was doorgekomen.",
            True,
        ),
        # what the reader failed to do, a rule, an offer, an answer, the organisation
        ("U meldde ons niet dat u sinds mei loon krijgt.", False),
        ("U moet een nieuwe baan altijd direct melden.", False),
        ("U kunt ons vertellen wat u van dit voornemen vindt.", False),
        ("U schrijft dat u de brief niet kreeg, maar dat klopt niet, want hij is bezorgd.", False),
        ("Wij stellen vast dat uw inkomen € 200 hoger is dan de grens.", False),
        ("Vertelde u ons dat u gaat verhuizen?", False),
    ],
)
def test_what_the_reader_said_is_no_reason(nlp, text, retold):
    need = read_role_evidence().needs["reason-case"]
    assert need.reported is not None
    assert need.reported.found(nlp(text)[:]) == retold
    if retold:  # the reader's side keeps no reason role, whatever its score
        assert not need.met_by(text, nlp(text)[:])


def test_a_refusal_that_only_retells_the_reader_gets_the_reasons_finding(nlp, role_structure):
    """The reader's own account read as the facts behind a refusal left a letter without a
    reason unflagged; the same letter with the organisation's answer is explained."""
    rules = load_rules([default_rules_dir()], nlp, role_structure)
    retold = (
        "Geachte mevrouw Smit,\n\nU vroeg ons om een vergoeding voor een traplift. In het "
        "gesprek op 12 maart vertelde u dat u sinds uw knieoperatie in januari de trap "
        "bijna niet meer op kunt.\n\nWij wijzen uw aanvraag af.\n\nHeeft u vragen? Bel ons "
        "op 14 050." + END
    )

    def findings(body: str) -> set[str]:
        letter = understand(nlp, role_structure, read_text(body, "<test>"))
        return {f.rule for f in check_letter(letter, rules) if f.level >= Level.WARNING}

    roles = roles_by_sentence(nlp, role_structure, retold, {"reason-case": 0.0})
    told = roles[
        "In het gesprek op 12 maart vertelde u dat u sinds uw knieoperatie in januari de "
        "trap bijna niet meer op kunt."
    ]
    assert "reason-case" in told.withheld and "reason-case" not in told.roles
    assert "reden.ontbreekt" in findings(retold)
    explained = retold.replace(
        "Wij wijzen uw aanvraag af.",
        "Wij wijzen uw aanvraag af. De fysiotherapeut zag op 20 maart dat u de trap weer "
        "zelf op loopt, met één leuning.",
    )
    assert "reden.ontbreekt" not in findings(explained)


def test_reported_without_its_block_names_the_place(tmp_path):
    message = evidence_error(tmp_path, "roles:\n  reason-case:\n    needs: x\n    reported: true\n")
    assert "role-evidence.yml:4:" in message
    assert "reported" in message


def test_a_sentence_that_opens_with_its_source_gives_the_reason(nlp, role_structure):
    """'Volgens onze gegevens …' opens a fact of the case with its source: the sentence is
    a reason whatever its score (the threshold is raised here so that the model's reading
    alone would not do), and the refusal gets no reasons finding; a hollow formula that
    opens the same way stays without the role."""
    letter = (
        "Beste Noor,\n\nWe zijn van plan je zorgtoeslag vanaf 1 mei te stoppen. Volgens onze "
        "gegevens heb je sinds 1 maart geen Nederlandse zorgverzekering meer. Uit de "
        "gegevens blijkt dat je niet aan de voorwaarden voldoet.\n\nVragen? Bel ons op "
        "0800 - 0543." + END
    )
    roles = roles_by_sentence(nlp, role_structure, letter, {"reason-case": 0.999})
    source = roles[
        "Volgens onze gegevens heb je sinds 1 maart geen Nederlandse zorgverzekering meer."
    ]
    assert "reason-case" in source.roles & source.gained
    formula = roles["Uit de gegevens blijkt dat je niet aan de voorwaarden voldoet."]
    assert "reason-case" not in formula.roles


UNDERSTANDING = (
    "Geachte mevrouw Kaya,\n\nDe examencommissie laat u niet toe tot de master Bestuurskunde, "
    "omdat u het vak Statistiek 2 nog niet heeft gehaald. De examencommissie realiseert zich "
    "dat u hierdoor een jaar later aan de master begint.\n\nVragen? Bel ons op "
    "053 489 11 11." + END
)
ACKNOWLEDGED = (
    "De examencommissie realiseert zich dat u hierdoor een jaar later aan de master begint."
)


def test_a_sentence_that_opens_with_the_writers_understanding_gives_empathy(nlp, role_structure):
    """'De examencommissie realiseert zich dat …' says the writer understands what the
    decision means for the reader: empathy whatever its score (the threshold is raised
    here so that the model's reading alone would not do), so the refusal gets no empathy
    finding; a yes-but ('…, maar de regels …') and a sentence the model reads as a formula
    of regret do not gain it."""
    high = {"empathy": 0.999}
    acknowledged = roles_by_sentence(nlp, role_structure, UNDERSTANDING, high)[ACKNOWLEDGED]
    assert "empathy" in acknowledged.roles & acknowledged.gained
    structure = replace(role_structure, roles=role_structure.roles.with_thresholds(high))
    rules = load_rules([default_rules_dir()], nlp, structure)
    letter = understand(nlp, structure, read_text(UNDERSTANDING, "<test>"))
    assert "empathie.ontbreekt" not in {f.rule for f in check_letter(letter, rules)}
    yes_but = (
        "De examencommissie begrijpt uw teleurstelling, maar de regels zijn voor iedereen gelijk."
    )
    read = roles_by_sentence(
        nlp, role_structure, UNDERSTANDING.replace(ACKNOWLEDGED, yes_but), high
    )
    assert "empathy" not in read[yes_but].roles
    # every sentence read as blame-or-hollow (threshold 0): the opening gives nothing
    hollow = roles_by_sentence(nlp, role_structure, UNDERSTANDING, high | {"blame-or-hollow": 0.0})[
        ACKNOWLEDGED
    ]
    assert "empathy" not in hollow.roles


def test_an_opening_with_an_unknown_unless_role_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path,
        "roles: {}\nopenings:\n  empathy:\n    gives: x\n    phrases: [wij begrijpen]\n"
        "    unless_roles: [kind-words]\n",
    )
    assert "role-evidence.yml:6:" in message
    assert "kind-words" in message


def test_a_broken_openings_section_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path,
        "roles:\n  reason-case:\n    needs: x\n    questions: false\nopenings:\n"
        "  reason-case:\n    gives: x\n    phrases: ['re:(a+)+$']\n",
    )
    assert "role-evidence.yml:8:" in message
    message = evidence_error(tmp_path, "roles: {}\nopenings:\n  reason-case:\n    gives: x\n")
    assert "phrases" in message


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("De traplift en de tweede leuning worden niet verstrekt.", True),
        ("Voor de overige twee uur krijgt u geen hulp.", True),
        ("Wij vergoeden de verhuiskosten niet.", True),
        ("Voor de laptop kan ik je geen bijzondere bijstand geven.", True),
        # a condition, a rule, something past, a burden, a question, the reader paying
        ("Als u uw loonstroken niet stuurt, krijgt u geen uitkering.", False),
        ("Een vrijstelling geven we alleen als een kind ziek is.", False),
        ("In dat besluit kreeg u geen verlof voor de reis.", False),
        ("Een boete krijgt u niet.", False),
        ("Krijgt u geen antwoord van ons?", False),
        ("U betaalt geen eigen bijdrage.", False),
        ("U krijgt de traplift.", False),
    ],
)
def test_a_benefit_the_reader_does_not_get_is_a_refusal(nlp, text, refused):
    refusal = read_role_evidence().refusals["decision-negative"]
    assert refusal.found(nlp(text)[:]) == refused


def test_the_refused_part_of_a_partial_grant_is_bad_news(nlp, role_structure):
    """The refused part is a refusal whatever its score (the threshold is raised here so
    that the model's reading alone would not do): the letter brings bad news."""
    letter = (
        "Geachte mevrouw Jansen,\n\nWij kennen u een scootmobiel in bruikleen toe. De "
        "regenkap en de tweede accu worden niet verstrekt.\n\nHeeft u vragen? Bel ons op "
        "14 072." + END
    )
    roles = roles_by_sentence(nlp, role_structure, letter, {"decision-negative": 0.999})
    refused = roles["De regenkap en de tweede accu worden niet verstrekt."]
    assert "decision-negative" in refused.roles & refused.gained
    granted = roles["Wij kennen u een scootmobiel in bruikleen toe."]
    assert "decision-negative" not in granted.roles


def test_a_refusal_read_by_the_parse_carries_its_reason_clause(nlp, role_structure):
    """With no role from its score, the parse reads the refusal ('refusals') and the
    clause with 'doordat' on it gives the reason ('gains'); a clause that only names the
    conditions in general still gives none."""
    never = {"decision-negative": 0.999, "reason-case": 0.999, "reason-rule": 0.999}
    given = "Wij geven u geen uitstel, doordat u de betalingsregeling niet bent nagekomen."
    hollow = "Wij vergoeden de bril niet, omdat u niet aan de voorwaarden voldoet."
    letter = f"Geachte heer Bakker,\n\n{given}\n\n{hollow}" + END
    roles = roles_by_sentence(nlp, role_structure, letter, never)
    assert {"decision-negative", "reason-case"} <= roles[given].roles & roles[given].gained
    assert "decision-negative" in roles[hollow].roles
    assert "reason-case" not in roles[hollow].roles


def test_a_broken_refusals_section_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path,
        "roles: {}\nrefusals:\n  decision-negative:\n    gives: x\n    verbs: [geven]\n"
        "    givers: [wij]\n    receive: [krijgen]\n",
    )
    assert "receivers" in message


def test_inspect_names_the_opening_that_gave_a_role(nlp, role_structure):
    """A role gained by how the sentence opens is shown with that way, not with the
    other ways the role can be gained."""
    from tonecheck.cli.roles_view import render_roles

    letter_text = (
        "Beste Noor,\n\nWe zijn van plan je zorgtoeslag vanaf 1 mei te stoppen. Volgens onze "
        "gegevens heb je sinds 1 maart geen Nederlandse zorgverzekering meer.\n\nVragen? "
        "Bel ons op 0800 - 0543." + END
    )
    structure = replace(
        role_structure, roles=role_structure.roles.with_thresholds({"reason-case": 0.999})
    )
    letter = understand(nlp, structure, read_text(letter_text, "<test>"))
    (line,) = [x for x in render_roles(letter, structure.roles) if "Volgens onze" in x]
    assert "reason-case+" in line
    assert "(een zin die met de reden of met de bron van een feit begint)" in line
    assert "bijzin" not in line


@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        # an earlier decision, told as the history of the case
        ("Op 14 juli 2025 hebben wij uw aanvraag voor aangepast vervoer afgewezen.", True),
        ("Bij besluit van 9 december 2024 is uw aanvraag voor een vergunning afgewezen.", True),
        ("In die beslissing weigerden wij kwijtschelding van de afvalstoffenheffing.", True),
        ("In dat besluit werd uw aanvraag afgewezen.", True),
        ("Op 12 juni 2025 legden wij u een boete op van € 1.200.", True),
        (
            "Bij besluit van 22 juni 2026 heeft de SVB uw kinderbijslag herzien en teruggevorderd.",
            True,
        ),
        # this letter's own decision: the present tense, after a date too; this letter; a
        # question; no earlier moment in front
        ("Op 1 maart 2026 stoppen wij uw uitkering.", False),
        ("Per 1 januari 2026 wordt uw bijstand verlaagd met € 120 per maand.", False),
        ("In deze brief leest u dat wij de kosten van de laptop niet vergoeden.", False),
        ("Op 14 juli 2025 hebben wij uw aanvraag afgewezen?", False),
        ("Wij hebben besloten uw aanvraag af te wijzen.", False),
    ],
)
def test_an_earlier_decision_retold_is_not_this_letters_decision(nlp, text, earlier):
    evidence = read_role_evidence()
    for role in ("decision-negative", "decision-positive"):
        need = evidence.needs[role]
        assert need.earlier is not None
        assert need.earlier.found(nlp(text)[:]) == earlier
        if earlier:  # such a sentence cannot be this letter's decision, whatever its score
            assert not need.met_by(text, nlp(text)[:])


def test_a_refusal_retold_in_a_decision_on_objection_keeps_only_its_reason(nlp, role_structure):
    """A decision on an objection tells the refusal objected to first. Read as a refusal
    (forced here: every sentence reaches the threshold), it would be this letter's
    decision; it is withheld, and its reason clause still gives the reason."""
    text = (
        "Geachte mevrouw Smit,\n\nOp 14 juli 2025 hebben wij uw aanvraag voor een traplift "
        "afgewezen, omdat uw trap volgens ons te smal was. Op 20 augustus maakte u daartegen "
        "bezwaar.\n\nWij verklaren uw bezwaar gegrond. U krijgt de traplift alsnog.\n\n"
        "Heeft u vragen? Bel ons op 14 050." + END
    )
    retold = (
        "Op 14 juli 2025 hebben wij uw aanvraag voor een traplift afgewezen, omdat uw trap "
        "volgens ons te smal was."
    )
    roles = roles_by_sentence(nlp, role_structure, text, {"decision-negative": 0.0})
    assert "decision-negative" in roles[retold].withheld
    assert "decision-negative" not in roles[retold].roles
    assert "reason-case" in roles[retold].roles  # the reason clause of the retold refusal
    assert "decision-negative" in roles["U krijgt de traplift alsnog."].roles  # forced, kept


def test_earlier_without_its_block_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path, "roles:\n  decision-negative:\n    needs: x\n    earlier: true\n"
    )
    assert "role-evidence.yml:4:" in message
    assert "earlier" in message


NUMBERED_DECISION = (
    "Geachte mevrouw Smit,\n\nWij beslissen op uw bezwaar als volgt.\n\n"
    "1. Op 14 juli 2025 hebben wij uw aanvraag voor aangepast vervoer afgewezen.\n"
    "2. Uw bezwaar is gegrond en wij herroepen dat besluit.\n"
    "3. Daan krijgt aangepast vervoer van huis naar school.\n" + END
)


def test_a_numbered_item_is_read_without_its_number(nlp, role_structure):
    """A numbered consideration keeps its number in the letter, but its roles are read
    from its words: the number alone is no sentence (it once read as a grant) and it does
    not hide how the sentence opens (an earlier decision retold is no refusal)."""
    roles = roles_by_sentence(nlp, role_structure, NUMBERED_DECISION)
    assert not any(text.rstrip(".").isdigit() for text in roles)
    retold = roles["Op 14 juli 2025 hebben wij uw aanvraag voor aangepast vervoer afgewezen."]
    assert "decision-negative" not in retold.roles
    assert "decision-positive" in roles["Daan krijgt aangepast vervoer van huis naar school."].roles
    letter = understand(nlp, role_structure, read_text(NUMBERED_DECISION, "<test>"))
    assert not letter.letter_type.bad_news


@pytest.mark.parametrize(
    ("text", "withheld"),
    [
        ("Doet u dit niet? Dan moet u de ontvangen subsidie terugbetalen.", True),
        ("Stuurt u de stukken niet? Dan stoppen wij uw uitkering.", True),
        # after a statement it is the letter's decision; so is the condition in one sentence
        ("Wij vorderen de subsidie terug. Dan moet u € 500 terugbetalen.", False),
        ("Doet u dat niet, dan verbeurt u een dwangsom van € 500 per week.", False),
    ],
)
def test_what_follows_a_condition_asked_as_a_question_is_no_decision(nlp, text, withheld):
    """'conditional': the sentence that opens with 'Dan' right after a question says what
    happens when the condition is met, not what the letter decided."""
    last = list(nlp(text).sents)[-1]
    found = read_role_evidence().withheld({"decision-negative"}, last.text, last)
    assert ("decision-negative" in found) == withheld


def test_the_consequence_of_a_condition_in_a_grant_brings_no_refusal(nlp, role_structure):
    roles = roles_by_sentence(nlp, role_structure, GRANT_WITH_CONDITION, {"decision-negative": 0.0})
    consequence = roles["Dan moet u de ontvangen subsidie terugbetalen."]
    assert "decision-negative" in consequence.withheld
    assert "decision-negative" not in consequence.roles


def test_conditional_without_its_block_names_the_place(tmp_path):
    message = evidence_error(
        tmp_path, "roles:\n  decision-negative:\n    needs: x\n    conditional: true\n"
    )
    assert "role-evidence.yml:4:" in message
    assert "conditional" in message
