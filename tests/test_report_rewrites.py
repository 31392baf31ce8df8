"""Rewrites in the HTML report (before and after on the card), in the text output (a
line under the finding) and in the JSON output (`replacement`, schema version 2;
version 1 documents stay valid)."""

from __future__ import annotations

import dataclasses
import html
import json

import jsonschema
import pytest

from tests.conftest import SAMPLES
from tonecheck.common.findings import Replacement
from tonecheck.report.html_report import render_html
from tonecheck.report.result import envelope, output_schema

KIL = SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx"


@pytest.fixture(scope="module")
def result():
    from tonecheck.runtime import load_checker

    checked = load_checker(SAMPLES)[1].check_path(str(KIL))
    first, second, third = checked.findings[:3]
    where = first.location
    checked.findings = [
        dataclasses.replace(first, replacement=Replacement(where.start, where.end, "A & <b>")),
        dataclasses.replace(
            second, replacement=Replacement(second.location.start, second.location.end, "")
        ),
        dataclasses.replace(third, replacement=None),
        *checked.findings[3:],
    ]
    return checked


def card_of(page: str, number: int) -> str:
    card = page[page.index(f'id="f{number}"') :]
    return card[: card.index("</article>")]


def test_the_html_report_shows_each_rewrite_before_and_after(result):
    page = render_html(result)
    text = result.letter.document.text
    numbers = {id(f): n for n, f in enumerate(sorted(result.findings, key=_order), start=1)}
    first, second, third = result.findings[:3]
    card = card_of(page, numbers[id(first)])
    old = text[first.replacement.start : first.replacement.end]
    after = text[first.replacement.end :].split()[0]  # the word after it, for context
    # labelled in words, not by colour or strike-through alone; escaped; whole words
    assert f'<span class="label">Nu:</span> <del>{html.escape(old)} {after}</del>' in card
    assert f'<span class="label">Voorstel:</span> <ins>A &amp; &lt;b&gt; {after}</ins>' in card
    assert 'aria-label="Voorstel om te herschrijven"' in card
    assert "<em>(weglaten)</em>" in card_of(page, numbers[id(second)])
    assert "Voorstel:" not in card_of(page, numbers[id(third)])


def _order(finding):
    return (finding.location.start, finding.location.end, -int(finding.level))


def test_json_carries_the_replacement_in_schema_version_2(result):
    output = envelope([result.as_dict()])
    assert output["schema_version"] == 2
    jsonschema.validate(output, output_schema())
    findings = output["documents"][0]["findings"]
    first = result.findings[0].replacement
    assert findings[0]["replacement"] == {"start": first.start, "end": first.end, "text": "A & <b>"}
    assert findings[1]["replacement"]["text"] == ""
    assert "replacement" not in findings[2]  # absent, not null, without a rewrite


def test_a_version_1_document_is_still_valid(result):
    old = json.loads(json.dumps(envelope([result.as_dict()])))
    old["schema_version"] = 1
    for finding in old["documents"][0]["findings"]:
        finding.pop("replacement", None)
    jsonschema.validate(old, output_schema())
    broken = json.loads(json.dumps(old))
    broken["documents"][0]["findings"][0]["replacement"] = {"start": 1, "end": 2}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, output_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**old, "schema_version": 3}, output_schema())


def test_the_text_output_shows_each_rewrite_under_its_finding(result):
    import click

    from tonecheck.report.text import render

    lines = click.unstyle(render(result)).splitlines()
    text = result.letter.document.text
    first, second = result.findings[:2]
    old = text[first.replacement.start : first.replacement.end]
    after = text[first.replacement.end :].split()[0]  # the word after it, for context
    proposals = [line.strip() for line in lines if line.strip().startswith("voorstel:")]
    assert proposals[0] == f"voorstel: \u2018{old} {after}\u2019 wordt \u2018A & <b> {after}\u2019"
    removed = text[second.replacement.start : second.replacement.end]
    assert proposals[1] == f"voorstel: \u2018{removed}\u2019 weglaten"  # a whole paragraph
    # one line per finding with a rewrite (the third has none; later ones are real)
    assert len(proposals) == sum(f.replacement is not None for f in result.findings)
