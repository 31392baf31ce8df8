"""Rewrites of the writer's words (``Finding.replacement``): the verb forms and text
helpers they are built from, each kind of rewrite on small letters written here, the
cases where no rewrite is safe, and the check that puts a rewrite back into its letter."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tonecheck.common.findings import Finding, Level, Location, Replacement
from tonecheck.documents.text_reader import read_text
from tonecheck.rewrite.protect import keeps_protected
from tonecheck.rewrite.spec import load_rewrite_spec
from tonecheck.rewrite.terms import inflect
from tonecheck.rewrite.text import minimal
from tonecheck.rewrite.verbs import conjugate, infinitive_of_participle
from tonecheck.rewrite.verify import layers, rewritten_document, verified

VERBS = load_rewrite_spec().verbs
OPENING = "Geachte mevrouw Bos,\n\nWij hebben uw brief van 3 mei gelezen.\n\n"


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


@pytest.fixture(scope="module")
def unverified(checker):
    """The checker without the second check: what each rewrite makes, as such."""
    return dataclasses.replace(checker, verify_rewrites=False)


def rewritten(checker, text: str, rule: str) -> str | None:
    """The last paragraph of ``text`` after the rewrite of the first finding of ``rule``
    in it, or None when that finding has none (it must be there)."""
    document = read_text(text, "<test>")
    start = text.rindex("\n\n") + 2 if "\n\n" in text else 0
    findings = [
        f for f in checker.check(document).findings if f.rule == rule and f.location.start >= start
    ]
    assert findings, f"{rule} did not fire on {text[start:]!r}"
    replacement = findings[0].replacement
    if replacement is None:
        return None
    new = text[: replacement.start] + replacement.text + text[replacement.end :]
    return new[start:]


# --- verb forms -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("infinitive", "person", "present", "past", "participle"),
    [
        ("afwijzen", "wij", "wijzen", "wezen", "afgewezen"),
        ("afwijzen", "hij", "wijst", "wees", "afgewezen"),
        ("ontvangen", "ik", "ontvang", "ontving", "ontvangen"),
        ("uitbetalen", "u", "betaalt", "betaalde", "uitbetaald"),
        ("vergoeden", "hij", "vergoedt", "vergoedde", "vergoed"),
        ("stopzetten", "wij", "zetten", "zetten", "stopgezet"),
        ("beoordelen", "hij", "beoordeelt", "beoordeelde", "beoordeeld"),
        ("behandelen", "ik", "behandel", "behandelde", "behandeld"),
        ("controleren", "u", "controleert", "controleerde", "gecontroleerd"),
        ("verifiëren", "ik", "verifieer", "verifieerde", "geverifieerd"),
        ("onderzoeken", "hij", "onderzoekt", "onderzocht", "onderzocht"),
        ("ondertekenen", "u", "ondertekent", "ondertekende", "ondertekend"),
        ("kunnen", "u", "kunt", "kon", "gekund"),
        ("krijgen", "je-after", "krijg", "kreeg", "gekregen"),
    ],
)
def test_verb_forms(infinitive, person, present, past, participle):
    verb = conjugate(infinitive, VERBS)
    assert verb is not None
    assert verb.present(person) == present
    assert verb.past(person == "wij") == past
    assert verb.participle() == participle


def test_separable_verbs_join_their_particle_where_asked():
    verb = conjugate("terugsturen", VERBS)
    assert verb is not None
    assert (verb.particle, verb.present("u"), verb.present("u", joined=True)) == (
        "terug",
        "stuurt",
        "terugstuurt",
    )
    assert verb.te_infinitive() == "terug te sturen"


def test_an_unsure_stem_needs_the_participle_to_decide():
    # weigeren: 'weiger' or 'weigeer'; the letter's 'geweigerd' settles it
    assert conjugate("weigeren", VERBS) is None
    verb = conjugate("weigeren", VERBS, "geweigerd")
    assert verb is not None and verb.past(False) == "weigerde"


def test_strong_participles_lead_back_to_their_verb():
    assert infinitive_of_participle("gekeken", VERBS) == "kijken"
    assert infinitive_of_participle("ingetrokken", VERBS) == "intrekken"
    assert infinitive_of_participle("bekeken", VERBS) == "bekijken"
    assert infinitive_of_participle("gefietst", VERBS) is None


@pytest.mark.parametrize(
    ("adjective", "inflected"),
    [("snel", "snelle"), ("goed", "goede"), ("groot", "grote"), ("extra", "extra"),
     ("nodig", "nodige"), ("duidelijk", "duidelijke"), ("lief", "lieve")],
)  # fmt: skip
def test_adjectives_are_inflected(adjective, inflected):
    assert inflect(adjective) == inflected


# --- text ---------------------------------------------------------------------------


def test_a_replacement_covers_only_the_words_that_differ():
    text = "Hierbij stuur ik u het formulier, alsmede een envelop."
    new = "Hierbij stuur ik u het formulier en een envelop."
    replacement = minimal(text, 0, len(text), new)
    assert replacement == Replacement(32, 41, " en")
    assert text[: replacement.start] + replacement.text + text[replacement.end :] == new
    assert minimal(text, 0, len(text), text) is None


def test_protected_tokens_must_stay_exactly():
    assert keeps_protected("Wij betalen € 250 op 1 mei.", "Wij betalen op 1 mei € 250.")
    assert not keeps_protected("Wij betalen € 250 op 1 mei.", "Wij betalen € 205 op 1 mei.")
    assert not keeps_protected("U belt mevrouw Jansen.", "U belt mevrouw jansen.")
    assert not keeps_protected("Beste {{ naam }}, u krijgt geld.", "Beste, u krijgt geld.")
    assert not keeps_protected("Dat staat in artikel 4:5.", "Dat staat in artikel 4.")
    # a name moved to the front of its sentence is still there
    assert keeps_protected("Het is vastgesteld door Jansen.", "Jansen heeft het vastgesteld.")


# --- each kind of rewrite -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "sentence", "expected"),
    [
        ("taal.ouderwets", "Indien u een vraag heeft, kunt u bellen.",
         "Als u een vraag heeft, kunt u bellen."),
        ("taal.ambtelijk-werkwoord", "Wij retourneren de papieren per post.",
         "Wij sturen de papieren per post terug."),
        ("taal.ambtelijk-werkwoord", "Het formulier dient ondertekend te worden.",
         "Het formulier moet ondertekend worden."),
        ("taal.stijf", "U krijgt een spoedige reactie.", "U krijgt een snelle reactie."),
        ("taal.ambtelijk", "Mocht u vragen hebben, dan kunt u ons bellen.",
         "Als u vragen heeft, dan kunt u ons bellen."),
        ("lijdend.vorm", "Uw verzoek wordt afgewezen.", "Wij wijzen uw verzoek af."),
        ("lijdend.vorm", "Het geld is op 2 juni overgemaakt.",
         "Wij hebben het geld op 2 juni overgemaakt."),
        ("lijdend.door", "De rekening wordt door de gemeente betaald.",
         "De gemeente betaalt de rekening."),
        ("toon.bevelend", "U dient de bon voor 1 juli op te sturen.",
         "Wilt u de bon voor 1 juli opsturen?"),
        ("toon.bevelend", "U bent verplicht uw nieuwe adres door te geven.",
         "U moet uw nieuwe adres doorgeven."),
        ("zin.lang", "Wij hebben uw formulier voor de regeling goed ontvangen en wij sturen u "
         "binnen vier weken een antwoord.",
         "Wij hebben uw formulier voor de regeling goed ontvangen. Wij sturen u binnen vier "
         "weken een antwoord."),
        ("zin.lang", "U krijgt van ons een nieuwe parkeerkaart, die u vanaf 1 april in uw auto "
         "moet leggen.",
         "U krijgt van ons een nieuwe parkeerkaart. Die moet u vanaf 1 april in uw auto leggen."),
    ],
)  # fmt: skip
def test_rewrites(unverified, rule, sentence, expected):
    assert rewritten(unverified, OPENING + sentence, rule) == expected


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        # no sender: who would 'wij' be?
        ("lijdend.vorm", "Uw verzoek wordt afgewezen."),
        # the reader must act: no 'wij'
        ("lijdend.vorm", OPENING + "Het formulier moet binnen een week worden teruggestuurd."),
        # not something the organisation does
        ("lijdend.vorm", OPENING + "De regels zijn vastgelegd in de wet."),
        # a negation is no request
        ("toon.bevelend", OPENING + "U dient niet zelf contact op te nemen met de school."),
        # several replacements and none chosen
        ("taal.ambtelijk", OPENING + "Naar aanleiding van uw brief bellen wij u."),
        # after the split the first sentence is still too long
        ("zin.lang", OPENING + "Wij hebben uw melding over de kapotte lantaarnpaal aan de "
         "Dorpsstraat doorgestuurd naar de afdeling Openbare Ruimte, die hem snel repareert."),
    ],
)  # fmt: skip
def test_no_rewrite_where_none_is_safe(unverified, rule, text):
    assert rewritten(unverified, text, rule) is None


def test_the_rewrite_follows_the_letters_own_voice(unverified):
    assert rewritten(unverified, "Ik heb uw melding bekeken.\n\nUw melding wordt doorgestuurd.",
                     "lijdend.vorm") == "Ik stuur uw melding door."  # fmt: skip
    assert rewritten(unverified, "We hebben je vraag gelezen.\n\nJe dient je pas mee te nemen.",
                     "taal.ambtelijk-werkwoord") == "Je moet je pas meenemen."  # fmt: skip


def test_numbers_and_names_survive_every_rewrite(unverified):
    text = OPENING + "Uw bijdrage van € 1.250,50 wordt op 14 maart door Jansen B.V. betaald."
    assert rewritten(unverified, text, "lijdend.door") == (
        "Jansen B.V. betaalt uw bijdrage van € 1.250,50 op 14 maart."
    )


# --- putting a rewrite back into the letter ------------------------------------------


def _finding(rule: str, start: int, end: int, level: Level = Level.SUGGESTION) -> Finding:
    return Finding(rule, "tone", level, "", "", "", Location(0, start, end, 1, start + 1))


def test_rewrites_that_overlap_are_checked_apart():
    a = (_finding("r1", 0, 5), Replacement(0, 5, "x"))
    b = (_finding("r2", 3, 8), Replacement(3, 8, "y"))
    c = (_finding("r3", 10, 12), Replacement(10, 12, "z"))
    assert layers([a, b, c]) == [[a, c], [b]]


def test_a_rewrite_is_dropped_when_the_letter_gets_worse():
    document = read_text("Een zin hier. Nog een zin daar.", "<test>")
    before = [_finding("r1", 0, 13), _finding("r2", 14, 31)]
    good = (before[0], Replacement(0, 3, "De"))
    bad = (before[1], Replacement(14, 17, "Wel"))

    def recheck(doc):
        # a warning appears whenever the second sentence starts with 'Wel'
        extra = [_finding("boos", 0, 5, Level.WARNING)] if "Wel een" in doc.text else []
        return extra

    assert verified(document, before, [good, bad], recheck) == [good]


def test_a_rewrite_is_dropped_when_its_rule_still_fires():
    document = read_text("Een zin hier.", "<test>")
    finding = _finding("r1", 0, 13)
    candidate = (finding, Replacement(0, 3, "De"))
    assert verified(document, [finding], [candidate], lambda doc: [finding]) == []
    assert verified(document, [finding], [candidate], lambda doc: []) == [candidate]


def test_the_rewritten_document_keeps_its_blocks():
    document = read_text("Eerste alinea.\n\nTweede alinea hier.", "<test>")
    new = rewritten_document(document, [Replacement(16, 22, "Andere")])
    assert new.text == "Eerste alinea.\n\nAndere alinea hier."
    assert [b.kind for b in new.blocks] == [b.kind for b in document.blocks]


def test_the_checker_keeps_only_rewrites_that_pass(checker, unverified):
    text = OPENING + "Uw verzoek wordt afgewezen."
    found = [f for f in unverified.check(read_text(text, "<t>")).findings if f.replacement]
    kept = [f for f in checker.check(read_text(text, "<t>")).findings if f.replacement]
    assert {f.rule for f in kept} <= {f.rule for f in found}
    for finding in kept:
        new = text[: finding.replacement.start] + finding.replacement.text
        new += text[finding.replacement.end :]
        again = checker.check(read_text(new, "<t>")).findings
        assert not [f for f in again if f.rule == finding.rule and f.location.start >= 60]


def test_the_second_check_has_a_budget():
    document = read_text("Een zin hier. Nog een zin daar.", "<test>")
    first = (_finding("r1", 0, 13), Replacement(0, 3, "De"))
    overlapping = (_finding("r2", 0, 13), Replacement(0, 7, "Die zin"))
    checks = []

    def recheck(doc):
        checks.append(doc.text)
        return []

    assert verified(document, [first[0]], [first, overlapping], recheck, max_checks=1) == [first]
    assert len(checks) == 1


def test_a_very_long_letter_gets_advice_only(checker, monkeypatch):
    from tonecheck.rewrite import apply

    text = OPENING + "Uw verzoek wordt afgewezen."
    assert any(f.replacement for f in checker.check(read_text(text, "<t>")).findings)
    monkeypatch.setattr(apply, "MAX_LETTER_CHARS", len(text) - 1)
    assert not any(f.replacement for f in checker.check(read_text(text, "<t>")).findings)


def test_a_failing_rewrite_never_stops_the_check(checker, monkeypatch):
    from tonecheck.rewrite import apply

    def broken(context, finding, rule):
        raise RuntimeError("a parse nobody foresaw")

    monkeypatch.setitem(apply.REWRITERS, "passive", broken)
    result = checker.check(read_text(OPENING + "Uw verzoek wordt afgewezen.", "<t>"))
    assert result.error is None
    assert [f.replacement for f in result.findings if f.rule == "lijdend.vorm"] == [None]


LETTER = "Geachte heer Jansen,\n\nDerhalve sturen wij u het formulier.\n\nMet vriendelijke groet,\n"


@pytest.mark.parametrize(
    ("mode", "rewrites", "verifies"),
    [("checked", True, True), ("unchecked", True, False), ("off", False, False)],
)
def test_the_configuration_chooses_how_rewrites_are_made(tmp_path, mode, rewrites, verifies):
    from tonecheck.runtime import load_checker

    (tmp_path / "tonecheck.toml").write_text(f'rewrites = "{mode}"\n', encoding="utf-8")
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    _, configured = load_checker(letter)
    assert configured.verify_rewrites is verifies
    result = configured.check_path(str(letter))
    replaced = [f.replacement.text for f in result.findings if f.replacement]
    assert ("Daarom" in replaced) is rewrites


def test_an_unknown_rewrite_mode_is_a_configuration_error(tmp_path):
    from tonecheck.config import ConfigError, load_config

    config = tmp_path / "tonecheck.toml"
    config.write_text('model = "bundled"\nrewrites = "always"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(config)
    [problem] = error.value.problems
    assert problem.line == 2 and "checked, unchecked, off" in problem.message


def test_the_second_check_runs_only_the_rules_that_can_decide(checker):
    """The check of a rewritten letter leaves out suggestion rules without rewrites (they
    cannot add a warning nor remove the rewritten finding), and keeps every rule that
    can: warnings, rules with rewrites, exclusive rules and the rules overriding them."""
    from tonecheck.rewrite.verify import rules_that_decide

    rules, spec = checker.rules, checker.rewrites
    deciding = {r.id for r in rules_that_decide(rules, spec).rules}
    for rule in rules.rules:
        needed = rule.level >= Level.WARNING or spec.kind(rule.id) or rule.exclusive
        if needed or deciding.intersection(rule.overrides):
            assert rule.id in deciding
    left_out = [r for r in rules.rules if r.id not in deciding]
    assert left_out, "some suggestion rules need no second run"
    assert all(r.level < Level.WARNING and not spec.kind(r.id) for r in left_out)


def test_the_halves_of_a_failing_group_are_announced_before_they_are_checked():
    document = read_text("Een zin hier. Nog een zin daar.", "<test>")
    before = [_finding("r1", 0, 13), _finding("r2", 14, 31)]
    good = (before[0], Replacement(0, 3, "De"))
    bad = (before[1], Replacement(14, 17, "Wel"))
    events: list[tuple[str, list[str]]] = []

    def recheck(doc):
        events.append(("check", [doc.text]))
        return [_finding("boos", 0, 5, Level.WARNING)] if "Wel een" in doc.text else []

    def prefetch(docs):
        events.append(("prefetch", [d.text for d in docs]))

    assert verified(document, before, [good, bad], recheck, prefetch=prefetch) == [good]
    halves = ["De zin hier. Nog een zin daar.", "Een zin hier. Wel een zin daar."]
    assert events == [
        ("check", ["De zin hier. Wel een zin daar."]),
        ("prefetch", halves),
        ("check", halves[:1]),
        ("check", halves[1:]),
    ]


def _letter_files(folder: Path, texts: list[str]) -> list[str]:
    """The paths of ``texts`` written as letters into ``folder``."""
    paths = []
    for number, text in enumerate(texts):
        paths.append(str(folder / f"brief{number}.txt"))
        Path(paths[-1]).write_text(text, encoding="utf-8")
    return paths


def test_letters_checked_together_get_what_each_gets_alone(checker, tmp_path):
    """The first checks of several letters' rewrites are made together (and a letter's
    checks share their parses): the results are those of each letter checked alone."""
    texts = [
        OPENING + "Uw verzoek wordt afgewezen. Derhalve dient u het formulier te sturen.",
        OPENING + "Uw aanvraag wordt niet in behandeling genomen.\n\nU dient te betalen.",
        "Geachte heer Jansen,\n\nHet bezwaar is ongegrond verklaard door ons.",
    ]
    paths = _letter_files(tmp_path, texts)
    together = [r.as_dict() for r in checker.check_paths(paths)]
    alone = [checker.check_path(path).as_dict() for path in paths]
    assert together == alone
    assert any(f.get("replacement") for r in together for f in r["findings"])


def _rewrites_of(results) -> list[list[tuple[str, int, str]]]:
    return [
        [(f.rule, f.location.start, f.replacement.text) for f in r.findings if f.replacement]
        for r in results
    ]


def test_first_checks_of_several_letters_are_made_together_and_decide_alike(
    checker, tmp_path, monkeypatch
):
    """The first check of each letter's rewrites is made with the other letters' (one
    pass for their roles), and keeps the rewrites that checking each letter alone keeps;
    when that pass fails, each check runs on its own and the result is the same."""
    from tonecheck import checker as checker_module

    texts = [
        OPENING + "Uw verzoek wordt afgewezen. Derhalve ontvangt u geen vergoeding.",
        OPENING + "Het formulier dient door u te worden ondertekend.",
        OPENING + "Uw aanvraag is door ons ontvangen en wordt binnenkort behandeld.",
    ]
    paths = _letter_files(tmp_path, texts)
    alone = _rewrites_of(checker.check_path(path) for path in paths)
    assert sum(map(len, alone)) >= 2, "the letters must have rewrites to check"

    single_checks = []
    understand = checker_module.understand
    monkeypatch.setattr(
        checker_module,
        "understand",
        lambda *args: single_checks.append(args) or understand(*args),
    )
    assert _rewrites_of(checker.check_paths(paths)) == alone
    assert not single_checks, "every first check came from the pass made together"

    def broken(*args, **kwargs):
        raise RuntimeError("a letter nobody foresaw")

    monkeypatch.setattr(checker_module, "understand_many", broken)
    monkeypatch.setattr(
        checker_module,
        "_understood",
        lambda nlp, spec, documents: [understand(nlp, spec, document) for document in documents],
    )
    assert _rewrites_of(checker.check_paths(paths)) == alone
    assert single_checks, "without the pass, each check ran on its own"
