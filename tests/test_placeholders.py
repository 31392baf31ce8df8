"""Template placeholders, abbreviations and whitespace in letters: one token per
placeholder, no sentence boundary inside any of them or inside a date or a PO box, no
finding on a placeholder, placeholders not counted as words (issue 19, point 4)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
import spacy
from click.testing import CliRunner
from spacy.tokenizer import Tokenizer

from tests.conftest import ROOT, SAMPLES
from tests.report_helpers import comments_with_anchors
from tonecheck.cli import main
from tonecheck.common.placeholders import PLACEHOLDER, fills_in, only_placeholders
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.components import add_tonecheck_components
from tonecheck.nlp.role_evidence import reads_as_heading
from tonecheck.nlp.tokenizer import tokenizer_like

NBSP = "\u00a0"
# the forms users met, and the ones that cut a sentence in two (a full stop, a question
# mark or a colon inside)
PLACEHOLDERS = [
    "{$content->reference}",
    "%ZAAK.NUMMER%",
    "[naam]",
    "{{ naam }}",
    "<<naam>>",
    "[[naam]]",
    "[NAAM AANVRAGER]",
    '{{ datum|date:"d.m.Y" }}',
    "{{ einddatum ?? 'direct' }}",
    "{$datum:d-m-Y}",
    "%ZAAK. Registratiedatum%",
    "{% if zaak.spoed %}",
    "\u00abNaam\u00bb",
    ":fund_name",
    '@if($state == "declined")',
]


def _run(*args: str) -> dict:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def _sentences(path: Path) -> list[str]:
    return [s["text"].strip() for s in _run("inspect", "--format", "json", str(path))["sentences"]]


def _check(path: Path) -> dict:
    """The document object `tonecheck check --format json` reports for one letter."""
    return _run("check", "--format", "json", str(path))["documents"][0]


def _letter(tmp_path: Path, body: str, name: str = "brief.txt") -> Path:
    path = tmp_path / name
    path.write_text(
        f"Geachte heer Jansen,\n\n{body}\n\nMet vriendelijke groet,\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_a_placeholder_is_one_opaque_token(nlp, placeholder):
    doc = nlp(f"Wij sturen {placeholder} vandaag een brief. Daarna bellen wij u.")
    tokens = [t for t in doc if t.text == placeholder]
    assert len(tokens) == 1, [t.text for t in doc]
    assert tokens[0].lemma_ == placeholder  # no word inside it for a rule to match
    assert [s.text.strip() for s in doc.sents] == [
        f"Wij sturen {placeholder} vandaag een brief.",
        "Daarna bellen wij u.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        *(f"Wij hebben uw aanvraag {p} op tijd ontvangen." for p in PLACEHOLDERS),
        "Wij hebben uw brief d.d. 18 augustus 2026 ontvangen.",
        f"Wij hebben uw brief d.d.{NBSP}18{NBSP}augustus{NBSP}2026 ontvangen.",
        "Wij hebben uw brief dd. 18 augustus 2026 ontvangen.",
        "Wij hebben uw brief van 18 aug. 2026 ontvangen.",
        "Wij hebben uw brief van 1 jan. j.l. ontvangen.",
        "Bel ons op tel. 030 123 45 67 als u vragen heeft.",
        "Stuur uw bezwaar naar Postbus 20350, 3500 LA Utrecht.",
        f"Stuur uw bezwaar naar Postbus{NBSP}20350, 3500{NBSP}LA Utrecht.",
    ],
)
def test_no_sentence_boundary_inside(tmp_path, sentence):
    assert sentence in _sentences(_letter(tmp_path, f"{sentence} Daarna bellen wij u."))


def test_a_field_and_its_placeholder_value_are_one_sentence(tmp_path):
    """After a colon a placeholder is the value of its label ("Status: {zaak.status}"):
    cut there, the label alone was read as a sentence with a role of its own ("Ontvangen
    op:" as a reason, "Status:" as a refusal). Words after a colon still may start one."""
    fields = [
        "Status: {$exists(zaak.status) ? zaak.status : 'onbekend'}",
        "Wij hebben besloten: {zaak.resultaat}",
        "Zaaknummer: %ZAAKNUMMER%",
    ]
    sentences = _sentences(_letter(tmp_path, "\n".join(fields)))
    assert all(field in sentences for field in fields), sentences
    words = _sentences(_letter(tmp_path, "Let op: Dit geldt ook voor u. Bel ons."))
    assert "Bel ons." in words


def test_an_abbreviation_before_a_capital_still_ends_its_sentence(tmp_path):
    sentences = _sentences(_letter(tmp_path, "Betaal vóór 18 aug. Daarna volgt een boete."))
    assert "Betaal vóór 18 aug." in sentences
    assert "Daarna volgt een boete." in sentences


def test_postbus_with_a_non_breaking_space_is_one_address_line(tmp_path):
    path = tmp_path / "brief.docx"
    document = docx.Document()
    for line in ["Gemeente Utrecht", f"Postbus{NBSP}20350", f"3500{NBSP}LA Utrecht"]:
        document.add_paragraph(line)
    document.add_paragraph("Geachte heer Jansen,")
    document.add_paragraph("Wij hebben uw aanvraag ontvangen.")
    document.save(path)
    sentences = _sentences(path)
    assert f"Postbus{NBSP}20350" in sentences
    assert "Postbus" not in sentences


def test_no_capitals_or_officialese_finding_on_a_placeholder(tmp_path):
    path = _letter(
        tmp_path,
        "Uw aanvraag <<AFDELING>> is door [[TERMIJN]] en [NAAM AANVRAGER] bekeken. "
        "Het nummer %ZAAK_NUMMER% en {$content->onderhavige} staan inzake {{ INZAKE }} "
        "en [inzake] in het dossier van de GEMEENTE.",
    )
    text = path.read_text(encoding="utf-8")  # one line per block: the document's offsets
    flagged: dict[str, list[str]] = {}
    for finding in _check(path)["findings"]:
        location = finding["location"]
        flagged.setdefault(finding["rule"], []).append(text[location["start"] : location["end"]])
    # the rules are on: the real capitals and the real officialese word are flagged
    assert flagged["toon.hoofdletters"] == ["GEMEENTE"]
    assert flagged["taal.ambtelijk"] == ["inzake"]
    assert "aanspreken.derde-persoon" not in flagged  # 'AANVRAGER' is in a placeholder


def test_placeholders_are_not_counted_as_words(tmp_path):
    with_placeholders = _letter(
        tmp_path,
        'Uw aanvraag %ZAAK.NUMMER% is op {$content->createdAt|date:"d-m-Y"} binnengekomen. '
        "Wij behandelen {{ signal.category_assignment.category.name }} binnen vier weken."
        "\n\n{{ signal.text }}",
        "met.txt",
    )
    without = _letter(
        tmp_path,
        "Uw aanvraag is op binnengekomen. Wij behandelen binnen vier weken.",
        "zonder.txt",
    )
    counted, plain = _check(with_placeholders)["stats"], _check(without)["stats"]
    assert (
        (counted["words"], counted["sentences"])
        == (plain["words"], plain["sentences"])
        == (
            10,
            2,
        )
    )
    assert counted["flesch_douma"] == plain["flesch_douma"]


def test_no_word_comment_starts_or_ends_inside_a_placeholder(tmp_path):
    path = tmp_path / "brief.docx"
    document = docx.Document()
    for text in [
        "Geachte {{ aanhef }},",
        'Uw aanvraag van {{ datum|date:"d.m.Y" }} is door de afdeling Werk en Inkomen van '
        "de gemeente na een zorgvuldig onderzoek naar uw inkomen en uw vermogen afgewezen.",
        "Uw uitkering wordt per {{ einddatum ?? 'direct' }} door ons stopgezet omdat uw "
        "inkomen hoger is dan de grens die voor uw situatie geldt.",
        "Met vriendelijke groet,",
        "{{ behandelaar }}",
    ]:
        document.add_paragraph(text)
    document.save(path)
    result = CliRunner().invoke(main, ["check", "--format", "docx", str(path)])
    assert result.exit_code in (0, 1), result.output
    anchors = [anchor for _, _, anchor in comments_with_anchors(tmp_path / "brief.tonecheck.docx")]
    assert len(anchors) > 2
    for anchor in anchors:
        outside = PLACEHOLDER.sub("", anchor)  # what is left when whole placeholders go
        assert not set(outside) & set("{}"), anchor


def test_another_pipeline_keeps_placeholders_whole_too():
    nlp = spacy.blank("nl")
    add_tonecheck_components(nlp)
    doc = nlp("Beste {{ naam }}, uw zaak %ZAAK.NUMMER% is klaar.")
    assert [t.text for t in doc] == [
        "Beste",
        "{{ naam }}",
        ",",
        "uw",
        "zaak",
        "%ZAAK.NUMMER%",
        "is",
        "klaar",
        ".",
    ]


def test_letters_without_placeholders_are_tokenized_as_before(nlp):
    plain = tokenizer_like(nlp.tokenizer, Tokenizer)
    texts = [
        p.read_text(encoding="utf-8")
        for folder in (ROOT / "eval" / "corpus", SAMPLES / "src")
        for p in sorted(folder.iterdir())
        if p.suffix in (".txt", ".md")
    ]
    texts += [
        "Wij betalen 10% of 20%en zo; de 50%-regeling geldt. Dat is 20%. Klaar.",
        "Lees meer op [onze website](https://www.gemeente.nl/bijstand) of mail <info@x.nl>.",
        "Het kost € 12,50 (incl. btw) per maand: zie bijlage 2.",
    ]
    assert len(texts) > 40
    for text in texts:
        ours = [(t.text, t.whitespace_, t.norm_) for t in nlp.tokenizer(text)]
        assert ours == [(t.text, t.whitespace_, t.norm_) for t in plain(text)], text[:80]


def test_placeholders_beside_long_runs_of_symbols_stay_whole(nlp):
    """A run long enough to be cut (issue 23) does not cut into a placeholder."""
    run = "!?." * 100
    text = f"Wij sturen {{{{ naam }}}}{run}[datum besluit]{run}%ZAAK.NUMMER% vandaag."
    doc = nlp.tokenizer(text)
    assert doc.text == text
    assert [t.text for t in doc if t.text[0] in "{[%"] == [
        "{{ naam }}",
        "[datum besluit]",
        "%ZAAK.NUMMER%",
    ]
    assert max(len(t.text) for t in doc) <= len("[datum besluit]")


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("{$content->stage2->firstAssessmentRejectedNote|breakLines}", True),
        ("  {{ motivering }}\n", True),
        ("[reden] [datum]", True),
        ("«Motivering»", True),
        ("Uw inkomen is {bedrag} per maand.", False),
        ("Motivering", False),
        ("", False),
    ],
)
def test_a_line_of_only_placeholders_is_told_from_text(text, only):
    assert only_placeholders(text) is only


def test_a_line_of_only_a_placeholder_is_no_heading():
    """A template fills in text there: the role it is read with is not withheld as a
    heading's (role-evidence.yml: headings have no role)."""
    assert reads_as_heading("Motivering")
    assert not reads_as_heading("{motivering}")
    assert not reads_as_heading("{$content->stage2->firstAssessmentRejectedNote|breakLines}")


@pytest.mark.parametrize(
    ("text", "fills"),
    [
        ("{$content->stage2->firstAssessmentRejectedNote|breakLines}", True),
        ("{{ motivering }}", True),
        ("{if $content->stage2->firstAssessmentRejectedNote}", False),
        ("{/if}", False),
        ("{% endif %}", False),
        ("{{#each redenen}}", False),
        ("{/if} {$motivering}", True),
        ("Uw inkomen is {bedrag}.", False),
        (":reason", True),
        ("@if ($aanvraag->status === 'afgewezen')", False),
        ('@elseif($state == "pending")', False),
        ("@endif", False),
    ],
)
def test_a_control_tag_fills_in_nothing(text, fills):
    """Only a line that a template fills with text stands for the reasons under their
    heading (``placeholder_zones``): ``{/if}`` there does not."""
    assert fills_in(text) is fills


@pytest.mark.parametrize(
    "text",
    [
        "om 10:30 uur",
        "artikel 4:5 Awb",
        "zie https://www.dus-i.nl/contact",
        "Reden: uw inkomen is te hoog.",
        "Let op:dit geldt ook voor u.",
        "in de verhouding 1:100",
        "mail naar info@fortis.nl of jan@else.nl",
        "@gemeente op sociale media",
    ],
)
def test_colons_and_at_signs_of_ordinary_text_are_no_placeholders(text):
    """Laravel's ``:name`` and Blade's ``@if (…)`` are placeholders only in their own
    shape: a time, a law article, a URL, an e-mail address or a handle are text."""
    assert PLACEHOLDER.search(text) is None


def test_a_template_tag_line_is_never_joined_to_the_prose_around_it():
    """A long ``{if …}`` line reads as hard-wrapped prose (50 characters or more, no
    full stop): it used to be joined to the heading below it, which was then no heading
    and the reasons under it no reasons zone."""
    text = (
        "Uw aanvraag moet ik helaas afwijzen.\n"
        "\n"
        "{if $content->stage2->firstAssessmentRejectedNote}\n"
        "Motivering bij het besluit\n"
        "{$content->stage2->firstAssessmentRejectedNote|breakLines}\n"
        "{/if}\n"
    )
    blocks = [b.text for b in read_text(text, "brief.txt").blocks]
    assert blocks == [
        "Uw aanvraag moet ik helaas afwijzen.",
        "{if $content->stage2->firstAssessmentRejectedNote}",
        "Motivering bij het besluit",
        "{$content->stage2->firstAssessmentRejectedNote|breakLines}",
        "{/if}",
    ]
    # hard-wrapped prose without template lines is still one block
    wrapped = "Wij hebben uw aanvraag voor bijzondere bijstand voor een wasmachine\nontvangen.\n"
    assert len(read_text(wrapped, "brief.txt").blocks) == 1
