"""Rewrites on the web page and in the API: shown on their card with a button to take
them over; taken over, a tracked change in the download; in the JSON, `replacement`."""

from __future__ import annotations

import html
import re
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip("fastapi")

from tests import web_helpers
from tests.revision_helpers import rewritten, settle, tracked_changes, with_rewrites
from tests.web_helpers import DOCX, KIL, csrf_of
from tonecheck.documents import read_document
from tonecheck.report.html_report import finding_key
from tonecheck.report.result import output_schema

checker, make_client, client = web_helpers.checker, web_helpers.make_client, web_helpers.client


@pytest.fixture
def rewriting(checker, monkeypatch):
    """The service's checker gives findings made-up rewrites (tests/revision_helpers.py)."""
    check = checker.check

    def check_with_rewrites(document, *args, **kwargs):
        result = check(document, *args, **kwargs)
        if result.error is None:
            with_rewrites(result)
        return result

    monkeypatch.setattr(checker, "check", check_with_rewrites)
    expected = checker.check(read_document(KIL))
    return [f for f in expected.findings if f.replacement is not None], expected


def checked_page(client) -> tuple[str, str]:
    token = csrf_of(client)
    page = client.post(
        "/controleer",
        data={"csrf_token": token},
        files={"file": ("kil.docx", KIL.read_bytes(), DOCX)},
    )
    assert page.status_code == 200
    return page.text, token


def test_each_rewrite_is_on_its_card_with_a_button_to_take_it_over(client, rewriting):
    rewritten_findings, result = rewriting
    page, _ = checked_page(client)
    assert len(re.findall(r"data-take\b", page)) == len(rewritten_findings) > 0
    text = result.letter.document.text
    for finding in rewritten_findings:
        card = page[page.index(f'data-key="{finding_key(finding)}"') :]
        card = card[: card.index("</li>")]
        new, old = (
            finding.replacement.text,
            text[finding.replacement.start : finding.replacement.end],
        )
        assert "<strong>Voorstel:</strong>" in card
        # each with the word before and after it (change_view), so it reads as words
        shown_new = re.search(r'<ins class="tc-ins">([^<]*)</ins>', card)
        shown_old = re.search(r'<del class="tc-del">([^<]*)</del>', card)
        shown_new, shown_old = html.unescape(shown_new.group(1)), html.unescape(shown_old.group(1))
        assert new.strip() in shown_new and old.strip() in shown_old
        if not new:  # a deletion: the words around it stay
            assert shown_new == " ".join(shown_old.replace(old, "").split())
        assert shown_new != shown_old
        assert re.search(r"<button[^>]*data-take[^>]*>Overnemen</button>", card)
    plain = [f for f in result.findings if f.replacement is None]
    card = page[page.index(f'data-key="{finding_key(plain[0])}"') :]
    assert "Overnemen" not in card[: card.index("</li>")]


def test_only_rewrites_taken_over_come_back_as_tracked_changes(client, rewriting, tmp_path):
    rewritten_findings, result = rewriting
    page, token = checked_page(client)
    payload = re.search(r'name="letter" value="([^"]+)"', page).group(1)
    form = {"csrf_token": token, "letter": payload, "name": "kil.docx"}
    taken = rewritten_findings[0]
    response = client.post("/download", data={**form, "take": finding_key(taken)})
    assert response.status_code == 200
    (tmp_path / "genomen.docx").write_bytes(response.content)
    accepted = settle(tmp_path / "genomen.docx", tmp_path / "aan.docx", accept=True)
    original = result.letter.document.text
    assert read_document(accepted).text == rewritten(original, [taken.replacement])
    assert {author for _, author, _ in tracked_changes(tmp_path / "genomen.docx")} == {"tonecheck"}

    none = client.post("/download", data=form)  # nothing taken over: comments only
    (tmp_path / "niets.docx").write_bytes(none.content)
    assert tracked_changes(tmp_path / "niets.docx") == []


def test_the_api_writes_every_rewrite_as_a_change_unless_told_not_to(client, rewriting, tmp_path):
    rewritten_findings, result = rewriting
    with KIL.open("rb") as handle:
        response = client.post("/api/v1/annotate", files={"file": ("kil.docx", handle, DOCX)})
    out = tmp_path / "uit.docx"
    out.write_bytes(response.content)
    accepted = settle(out, tmp_path / "aan.docx", accept=True)
    replacements = [f.replacement for f in rewritten_findings]
    assert read_document(accepted).text == rewritten(result.letter.document.text, replacements)
    with KIL.open("rb") as handle:
        plain = client.post(
            "/api/v1/annotate",
            params={"track_changes": "false"},
            files={"file": ("kil.docx", handle, DOCX)},
        )
    (tmp_path / "plain.docx").write_bytes(plain.content)
    assert tracked_changes(tmp_path / "plain.docx") == []


def test_the_api_answers_each_rewrite_as_a_replacement(client, rewriting):
    rewritten_findings, _ = rewriting
    with KIL.open("rb") as handle:
        document = client.post("/api/v1/check", files={"file": ("kil.docx", handle, DOCX)}).json()
    schema = output_schema()
    jsonschema.validate(document, {**schema["$defs"]["document"], "$defs": schema["$defs"]})
    found = [f["replacement"] for f in document["findings"] if "replacement" in f]
    assert found == [
        {"start": f.replacement.start, "end": f.replacement.end, "text": f.replacement.text}
        for f in rewritten_findings
    ]


def test_a_letter_downloaded_before_is_checked_again_without_doubling(client, tmp_path: Path):
    with KIL.open("rb") as handle:
        once = client.post("/api/v1/annotate", files={"file": ("kil.docx", handle, DOCX)})
    twice = client.post("/api/v1/annotate", files={"file": ("kil.docx", once.content, DOCX)})
    assert twice.status_code == 200
    (tmp_path / "een.docx").write_bytes(once.content)
    (tmp_path / "twee.docx").write_bytes(twice.content)
    from tests.report_helpers import comments_with_anchors

    assert sorted(comments_with_anchors(tmp_path / "twee.docx")) == sorted(
        comments_with_anchors(tmp_path / "een.docx")
    )
    assert tracked_changes(tmp_path / "twee.docx") == tracked_changes(tmp_path / "een.docx")
