"""The HTTP API and the page's forms, through the framework's test client."""

from __future__ import annotations

import base64
import html
import json
import logging
import re
import tempfile
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from tests import web_helpers
from tests.comment_states import comment_states
from tests.report_helpers import comment_for, comments_with_anchors
from tests.web_helpers import COLD, DOCX, KIL, TOKEN, csrf_of
from tonecheck.cli import main
from tonecheck.report.result import output_schema
from tonecheck.web.app import create_app
from tonecheck.web.settings import MEGABYTE, WebSettings

checker, make_client, client = web_helpers.checker, web_helpers.make_client, web_helpers.client


def document_schema() -> dict:
    schema = output_schema()
    return {**schema["$defs"]["document"], "$defs": schema["$defs"]}


def cli_document(path: Path) -> dict:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    return json.loads(result.output)["documents"][0]


def test_health_is_503_until_the_pipeline_is_loaded_then_200(checker):
    app = create_app(WebSettings(), checker)
    assert TestClient(app).get("/healthz").status_code == 503  # no start-up has run
    with TestClient(app) as client:
        assert client.get("/healthz").json()["status"] == "ok"


def test_check_answers_the_document_object_of_the_command_line(client):
    with KIL.open("rb") as handle:
        response = client.post("/api/v1/check", files={"file": ("kil.docx", handle, DOCX)})
    assert response.status_code == 200
    document = response.json()
    jsonschema.validate(document, document_schema())
    expected = cli_document(KIL)
    assert document["path"] == "kil.docx"
    assert {**document, "path": None} == {**expected, "path": None}


def test_check_takes_json_text_and_a_minimum_level(client):
    response = client.post("/api/v1/check", json={"text": COLD, "name": "brief.txt"})
    document = response.json()
    assert response.status_code == 200 and document["path"] == "brief.txt"
    assert document["letter_type"]["label"] == "afwijzing"
    levels = {f["level"] for f in document["findings"]}
    assert "suggestion" in levels
    errors_only = client.post("/api/v1/check?min_level=warning", json={"text": COLD}).json()
    assert {f["level"] for f in errors_only["findings"]} <= {"warning", "error"}
    assert len(errors_only["findings"]) < len(document["findings"])


@pytest.mark.parametrize(
    ("content", "status", "words"),
    [
        (b"%PDF-1.7\n1 0 obj<<>>endobj", 415, "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, 415, ".doc"),
        (bytes(range(256)) * 40, 415, ".docx"),
        (b"PK\x03\x04 geen echt pakket", 422, "beschadigd"),
        (b"", 422, "leeg"),
    ],
    ids=["pdf", "old doc", "binary", "broken zip", "empty"],
)
def test_wrong_content_is_refused_by_what_it_is_not_by_its_name(client, content, status, words):
    response = client.post("/api/v1/check", files={"file": ("brief.docx", content, DOCX)})
    assert response.status_code == status
    body = response.json()
    message = body.get("detail") or body.get("error")
    assert words in message
    if "document" in body:  # a letter that could not be read: its object
        jsonschema.validate(body["document"], document_schema())


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_byte_order_mark_is_read_as_text(client, encoding):
    letter = COLD.replace("heer", "heer Çelik, €") + "\n\nMet vriendelijke groet"
    expected = client.post("/api/v1/check", json={"text": letter, "name": "brief.txt"}).json()
    upload = {"file": ("brief.txt", letter.encode(encoding), "text/plain")}  # no BOM
    response = client.post("/api/v1/check", files=upload)
    assert response.status_code == 200
    assert response.json() == expected
    page = client.post("/controleer", data={"csrf_token": csrf_of(client)}, files=upload)
    assert page.status_code == 200 and "Çelik, €" in page.text


def test_other_request_bodies_are_415(client):
    response = client.post(
        "/api/v1/check", content=b"tekst", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert client.post("/api/v1/check", json={"tekst": "x"}).status_code == 422


def test_uploads_over_the_limit_are_413_and_counted_while_streaming(make_client):
    client = make_client(max_upload_bytes=1 * MEGABYTE)
    big = b"a" * (2 * MEGABYTE)
    response = client.post("/api/v1/check", files={"file": ("groot.txt", big, "text/plain")})
    assert response.status_code == 413
    assert "1 MB" in response.json()["detail"]

    def body():  # no Content-Length: the limit must count what arrives
        yield b'{"text": "'
        for _ in range(64):
            yield b"b" * (64 * 1024)
        yield b'"}'

    streamed = {"content-type": "application/json"}
    response = client.post("/api/v1/check", content=body(), headers=streamed)
    assert response.status_code == 413
    under = client.post("/api/v1/check", json={"text": COLD})
    assert under.status_code == 200


def test_a_page_upload_over_the_limit_shows_the_page_with_an_error_box(make_client):
    client = make_client(max_upload_bytes=1 * MEGABYTE)
    big = {"file": ("groot.txt", b"a" * (2 * MEGABYTE), "text/plain")}
    page = client.post("/controleer", data={"csrf_token": csrf_of(client)}, files=big)
    assert page.status_code == 413
    assert page.headers["content-type"].startswith("text/html")
    alert = re.search(r'role="alert">(.*?)</div>', page.text, re.S).group(1)
    assert "te groot" in alert and "1 MB" in alert
    assert '<form class="tc-upload"' in page.text  # the form, to choose a smaller letter


ENGLISH = ("Not Found", "Method Not", "Input should", "File is not", "Disallowed", "Too many")


def assert_api_error(response, status: int, words: str) -> dict:
    """The API's one error shape: {"detail": one Dutch sentence} (+ "document")."""
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) <= {"detail", "document"} and isinstance(body["detail"], str)
    assert words in body["detail"] and body["detail"].endswith(".")
    assert not [english for english in ENGLISH if english in response.text]
    return body


def test_every_api_error_has_one_shape_in_dutch(make_client):
    client = make_client(max_upload_bytes=1 * MEGABYTE)
    assert_api_error(client.get("/api/v1/bestaat-niet"), 404, "bestaat niet")
    assert_api_error(client.get("/api/v1/check"), 405, "GET")
    wrong_level = client.post("/api/v1/check?min_level=alles", json={"text": COLD})
    body = assert_api_error(wrong_level, 422, "min_level")
    assert "suggestion, warning of error" in body["detail"] and "alles" in body["detail"]
    assert_api_error(client.post("/api/v1/check", json={"tekst": "x"}), 422, "'text'")
    broken = {"file": ("kapot.docx", b"PK\x03\x04 geen echt pakket", DOCX)}
    body = assert_api_error(client.post("/api/v1/check", files=broken), 422, "kapot.docx")
    assert "beschadigd" in body["detail"] and body["document"]["path"] == "kapot.docx"
    jsonschema.validate(body["document"], document_schema())
    big = {"file": ("groot.txt", b"a" * (2 * MEGABYTE), "text/plain")}
    assert_api_error(client.post("/api/v1/check", files=big), 413, "te groot")
    pdf = {"file": ("scan.pdf", b"%PDF-1.7", "application/pdf")}
    assert_api_error(client.post("/api/v1/check", files=pdf), 415, "PDF")
    two = [
        ("file", ("a.txt", b"Geachte heer,", "text/plain")),
        ("file", ("b.txt", b"x", "text/plain")),
    ]
    assert_api_error(client.post("/api/v1/check", files=two), 400, "één bestand")
    guarded = make_client(token=TOKEN)
    assert_api_error(guarded.post("/api/v1/check", json={"text": COLD}), 401, "API-token")
    text = {"file": ("b.txt", COLD.encode(), "text/plain")}
    assert_api_error(client.post("/api/v1/annotate", files=text), 415, "Word-document")
    cors = make_client(cors_origins=("https://zaaksysteem.example",))
    preflight = {"origin": "https://elders.example", "access-control-request-method": "POST"}
    refused = cors.options("/api/v1/check", headers=preflight)
    assert_api_error(refused, 400, "https://elders.example")


def test_the_openapi_schema_documents_the_error_shape(client):
    schema = client.get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"] and set(error["properties"]) == {"detail", "document"}
    for path in ("/api/v1/check", "/api/v1/annotate"):
        responses = schema["paths"][path]["post"]["responses"]
        for status in ("401", "413", "415", "422", "503"):
            content = responses[status]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Error"}, (path, status)


def test_the_page_answers_unknown_addresses_in_dutch(client):
    missing = client.get("/bestaat-niet")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in missing.text and "bestaat niet" in missing.text
    assert "Not Found" not in missing.text
    for path in ("/controleer", "/download"):  # a reload or bookmark of a form's address
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_bearer_token_guards_the_api_not_the_health_check(make_client):
    client = make_client(token=TOKEN)
    assert client.get("/healthz").status_code == 200
    response = client.post("/api/v1/check", json={"text": COLD})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    wrong = {"authorization": "Bearer niet-het-goede-token-hoor"}
    assert client.post("/api/v1/check", json={"text": COLD}, headers=wrong).status_code == 401
    right = {"authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/v1/check", json={"text": COLD}, headers=right).status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/check"]["post"]["security"] == [{"bearer": []}]


def test_serve_help_names_the_token_length():
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "minstens 16 tekens" in " ".join(help_text.split())


def test_the_workers_of_serve_share_one_form_secret(monkeypatch):
    import uvicorn
    from starlette.requests import Request

    import tonecheck.runtime
    from tonecheck.web.security import FormCheck, check_form, form_token

    monkeypatch.setenv("TONECHECK_FORM_SECRET", "x" * 16)  # restored afterwards ...
    monkeypatch.delenv("TONECHECK_FORM_SECRET")  # ... and not set when serve starts
    monkeypatch.setattr(tonecheck.runtime, "load_checker", lambda *a: (None, None))
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    result = CliRunner().invoke(main, ["serve", "--workers", "2"])
    assert result.exit_code == 0, result.output
    one, other = WebSettings.from_env(), WebSettings.from_env()  # two worker processes
    post = Request({"type": "http", "headers": []})
    assert check_form(post, form_token(one.form_secret), other.form_secret) is FormCheck.OK


def test_token_from_a_file_and_bad_token_settings(tmp_path):
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    assert WebSettings.from_env({"TONECHECK_API_TOKEN_FILE": str(path)}).token == TOKEN
    from tonecheck.web.settings import SettingsError

    with pytest.raises(SettingsError, match="16 tekens"):
        WebSettings.from_env({"TONECHECK_API_TOKEN": "kort"})
    with pytest.raises(SettingsError, match="tokenbestand"):
        WebSettings.from_env({"TONECHECK_API_TOKEN_FILE": str(tmp_path / "weg")})
    with pytest.raises(SettingsError, match="getal"):
        WebSettings.from_env({"TONECHECK_MAX_UPLOAD_MB": "tien"})


def test_annotate_returns_the_letter_with_a_comment_per_finding(client, tmp_path):
    document = cli_document(KIL)
    with KIL.open("rb") as handle:
        response = client.post("/api/v1/annotate", files={"file": ("kil.docx", handle, DOCX)})
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    assert 'filename="kil.tonecheck.docx"' in response.headers["content-disposition"]
    (tmp_path / "uit.docx").write_bytes(response.content)
    comments = comments_with_anchors(tmp_path / "uit.docx")
    assert len(comments) == len(document["findings"]) + 1  # the score first
    finding = document["findings"][0]
    key = f"{finding['rule']}@{finding['location']['start']}-{finding['location']['end']}"
    with KIL.open("rb") as handle:
        fewer = client.post(
            "/api/v1/annotate", params={"skip": key}, files={"file": ("kil.docx", handle, DOCX)}
        )
    (tmp_path / "minder.docx").write_bytes(fewer.content)
    remaining = comments_with_anchors(tmp_path / "minder.docx")
    assert len(remaining) == len(comments) - 1
    assert f"Genegeerd: {finding['rule']}" in remaining[0][1]
    text = client.post("/api/v1/annotate", files={"file": ("b.txt", COLD.encode(), "text/plain")})
    assert text.status_code == 415


def test_openapi_documents_the_document_object(client):
    schema = client.get("/api/v1/openapi.json").json()
    check = schema["paths"]["/api/v1/check"]["post"]
    ref = check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/Document"
    assert set(check["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    document = schema["components"]["schemas"]["Document"]
    assert set(document["required"]) == set(output_schema()["$defs"]["document"]["required"])
    assert "#/components/schemas/Finding" in json.dumps(document)
    assert client.get("/docs").status_code == 404  # its assets would come from a CDN


def test_no_cors_by_default_and_only_named_origins_when_configured(make_client):
    preflight = {"origin": "https://elders.example", "access-control-request-method": "POST"}
    plain = make_client()
    response = plain.options("/api/v1/check", headers=preflight)
    assert "access-control-allow-origin" not in response.headers
    allowed = make_client(cors_origins=("https://zaaksysteem.example",))
    ok = allowed.options(
        "/api/v1/check", headers={**preflight, "origin": "https://zaaksysteem.example"}
    )
    assert ok.headers["access-control-allow-origin"] == "https://zaaksysteem.example"
    other = allowed.options("/api/v1/check", headers=preflight)
    assert "access-control-allow-origin" not in other.headers


def test_page_form_needs_its_csrf_token_and_origin(client):
    with KIL.open("rb") as handle:
        files = {"file": ("kil.docx", handle.read(), DOCX)}
    assert client.post("/controleer", files=files).status_code == 403  # no token at all
    token = csrf_of(client)
    forged = client.post("/controleer", data={"csrf_token": "ander"}, files=files)
    assert forged.status_code == 403
    elsewhere = client.post(
        "/controleer", data={"csrf_token": token}, files=files,
        headers={"origin": "https://aanvaller.example"},
    )  # fmt: skip
    assert elsewhere.status_code == 403
    page = client.post("/controleer", data={"csrf_token": token}, files=files)
    assert page.status_code == 200
    assert page.text.count("data-card ") == len(cli_document(KIL)["findings"])
    assert "Download de brief met opmerkingen" in page.text


def test_each_page_has_its_own_form_token_and_older_pages_keep_working(client):
    first, second = csrf_of(client), csrf_of(client)  # two tabs, opened one after the other
    client.cookies.clear()  # the browser's cookies play no part
    for token in (first, second):
        page = client.post("/controleer", data={"csrf_token": token, "text": COLD})
        assert page.status_code == 200 and "data-card" in page.text


def test_an_expired_or_foreign_form_says_what_happened(client, monkeypatch):
    token = csrf_of(client)
    later = time.time() + 12 * 3600 + 60  # the page was opened over 12 hours ago
    monkeypatch.setattr(time, "time", lambda: later)
    expired = client.post("/controleer", data={"csrf_token": token, "text": COLD})
    assert expired.status_code == 403 and textarea_of(expired) == COLD
    alert = re.search(r'role="alert">(.*?)</div>', expired.text, re.S).group(1)
    assert "verlopen" in alert and "12 uur" in alert
    monkeypatch.undo()
    cross_site = client.post(
        "/controleer", data={"csrf_token": csrf_of(client), "text": COLD},
        headers={"sec-fetch-site": "cross-site"},
    )  # fmt: skip
    assert cross_site.status_code == 403 and "andere website" in cross_site.text
    same = client.post(
        "/controleer", data={"csrf_token": csrf_of(client), "text": COLD},
        headers={"sec-fetch-site": "same-origin"},
    )  # fmt: skip
    assert same.status_code == 200


def test_a_csrf_token_sent_as_a_file_is_refused_not_a_crash(client):
    csrf_of(client)
    files = {"csrf_token": ("token.txt", b"abc", "text/plain"), "text": (None, COLD)}
    page = client.post("/controleer", files=files)
    assert page.status_code == 403


def test_page_escapes_letter_content_and_sends_security_headers(client):
    hostile = COLD + "\n\n<script>alert('x')</script> <img src=x onerror=alert(1)>"
    page = client.post("/controleer", data={"csrf_token": csrf_of(client), "text": hostile})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["cache-control"] == "no-store"
    assert "unsafe-inline" not in policy and " style=" not in page.text  # no inline styles


def test_page_download_leaves_out_ignored_findings_with_their_reason(client, tmp_path):
    token = csrf_of(client)
    data = KIL.read_bytes()
    page = client.post(
        "/controleer", data={"csrf_token": token}, files={"file": ("kil.docx", data, DOCX)}
    )
    payload = re.search(r'name="letter" value="([^"]+)"', page.text).group(1)
    assert base64.b64decode(payload) == data
    key = re.search(r'data-key="([^"]+)"', page.text).group(1)
    form = {"csrf_token": token, "letter": payload, "name": "kil.docx", "skip": key,
            f"reason:{key}": "vaste term in onze brieven"}  # fmt: skip
    response = client.post("/download", data=form)
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    (tmp_path / "brief.docx").write_bytes(response.content)
    comments = comments_with_anchors(tmp_path / "brief.docx")
    assert len(comments) == len(cli_document(KIL)["findings"])  # score + all but one
    assert "vaste term in onze brieven" in comments[0][1]
    assert client.post("/download", data={**form, "csrf_token": "x"}).status_code == 403


def key_of(finding: dict) -> str:
    """The key the page and the API name a finding by."""
    return f"{finding['rule']}@{finding['location']['start']}-{finding['location']['end']}"


def test_page_download_marks_findings_done_as_resolved_comments(client, tmp_path):
    token = csrf_of(client)
    page = client.post(
        "/controleer",
        data={"csrf_token": token},
        files={"file": ("kil.docx", KIL.read_bytes(), DOCX)},
    )
    assert "op &ldquo;Afgehandeld&rdquo; zet, staan er als afgehandelde" in page.text
    payload = re.search(r'name="letter" value="([^"]+)"', page.text).group(1)
    keys = re.findall(r'data-key="([^"]+)"', page.text)
    findings = cli_document(KIL)["findings"]
    form = {"csrf_token": token, "letter": payload, "name": "kil.docx",
            "done": keys[1], "skip": keys[2]}  # fmt: skip
    response = client.post("/download", data=form)
    assert response.status_code == 200
    (tmp_path / "brief.docx").write_bytes(response.content)
    states = comment_states(tmp_path / "brief.docx")
    assert len(states) == len(findings)  # the score, all findings but the ignored one
    done = next(f for f in findings if key_of(f) == keys[1])
    resolved = [text for text, state in states if state]
    assert len(resolved) == 1 and resolved[0].startswith(comment_for(done))
    assert sum(state is False for _, state in states) == len(states) - 1


def test_annotate_marks_findings_done_when_asked(client, tmp_path):
    findings = cli_document(KIL)["findings"]
    done = findings[0]
    key = key_of(done)
    with KIL.open("rb") as handle:
        response = client.post(
            "/api/v1/annotate", params={"done": key}, files={"file": ("kil.docx", handle, DOCX)}
        )
    (tmp_path / "uit.docx").write_bytes(response.content)
    states = comment_states(tmp_path / "uit.docx")
    resolved = [text for text, state in states if state]
    assert len(resolved) == 1 and resolved[0].startswith(comment_for(done))


def test_the_page_writes_numbers_the_dutch_way(client):
    letter = (COLD + "\n\nU kunt bezwaar maken. ") * 60  # a long letter: over 1.000 words
    stats = client.post("/api/v1/check", json={"text": letter}).json()["stats"]
    page = client.post("/controleer", data={"csrf_token": csrf_of(client), "text": letter})
    shown = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^< ]+)", page.text))
    assert shown["Flesch-Douma"] == f"{stats['flesch_douma']:.1f}".replace(".", ",")
    assert shown["Woorden per zin"] == f"{stats['avg_sentence_length']:.1f}".replace(".", ",")
    assert "," in shown["Woorden per zin"]  # this letter's average is no whole number
    words = f"{stats['words']:,}".replace(",", ".")
    assert stats["words"] >= 1000 and shown["Woorden, zinnen"] == f"{words},"


def test_page_shows_a_clear_error_for_what_it_cannot_check(client):
    token = csrf_of(client)
    pdf = {"file": ("scan.pdf", b"%PDF-1.4 ...", "application/pdf")}
    page = client.post("/controleer", data={"csrf_token": token}, files=pdf)
    assert page.status_code == 415
    assert 'role="alert"' in page.text and "PDF" in page.text
    empty = client.post("/controleer", data={"csrf_token": token, "text": "  "})
    assert empty.status_code == 422 and "kies een brief" in empty.text.lower()


def textarea_of(page) -> str:
    """The pasted text as the browser shows it in the page's text field."""
    raw = re.search(r"<textarea[^>]*>(.*?)</textarea>", page.text, re.S).group(1)
    return html.unescape(raw.removeprefix("\n"))  # HTML drops one newline after the tag


def test_after_an_error_the_pasted_text_stays_in_the_text_field(client):
    letter = "\n" + COLD + "\n\n<b>Met vriendelijke groet & tot ziens</b>"
    expired = client.post("/controleer", data={"csrf_token": "verlopen", "text": letter})
    assert expired.status_code == 403 and textarea_of(expired) == letter
    too_long = "Wij wijzen uw aanvraag af. " * 9000  # over 200,000 characters
    page = client.post("/controleer", data={"csrf_token": csrf_of(client), "text": too_long})
    assert page.status_code == 422 and "te lang" in page.text
    assert textarea_of(page) == too_long
    assert textarea_of(client.get("/")) == ""


def test_a_file_and_pasted_text_together_ask_to_choose_one(client):
    with KIL.open("rb") as handle:
        files = {"file": ("kil.docx", handle.read(), DOCX)}
    page = client.post(
        "/controleer", data={"csrf_token": csrf_of(client), "text": COLD}, files=files
    )
    assert page.status_code == 422
    alert = re.search(r'role="alert">(.*?)</div>', page.text, re.S).group(1)
    assert "bestand" in alert and "tekst" in alert and "allebei" in alert
    assert textarea_of(page) == COLD
    api = client.post("/api/v1/check", data={"text": COLD}, files=files)
    assert api.status_code == 422 and "allebei" in api.json()["detail"]


def test_a_check_over_the_time_limit_is_503(make_client, monkeypatch):
    client = make_client(request_timeout=0.2)
    service = client.app.state.service
    original = service._check
    monkeypatch.setattr(service, "_check", lambda *a: (time.sleep(0.6), original(*a))[1])
    response = client.post("/api/v1/check", json={"text": COLD})
    assert response.status_code == 503 and "te lang" in response.json()["detail"]
    time.sleep(0.6)  # the slow check finishes in its thread; the next one is normal again
    monkeypatch.setattr(service, "_check", original)
    assert client.post("/api/v1/check", json={"text": COLD}).status_code == 200


def test_uploads_leave_no_files_behind_and_logs_hold_no_letter_content(
    client, monkeypatch, tmp_path, caplog
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    marker = "Zwanenburgerdijkstraat"
    caplog.set_level(logging.DEBUG)
    letter = COLD.replace("Jansen", marker)
    client.post("/api/v1/check", json={"text": letter, "name": f"{marker}.txt"})
    with KIL.open("rb") as handle:
        client.post("/api/v1/annotate", files={"file": (f"{marker}.docx", handle, DOCX)})
    client.post("/controleer", data={"csrf_token": csrf_of(client), "text": letter})
    assert list(tmp_path.iterdir()) == []
    assert caplog.records  # requests are logged ...
    assert not [r for r in caplog.records if marker in r.getMessage()]  # ... not letters


def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if it were not installed
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert "pip install 'tonecheck[web]'" in result.output
    assert "Traceback" not in result.output


def test_the_page_says_why_a_short_letter_has_no_score(client):
    page = client.post(
        "/controleer",
        data={"csrf_token": csrf_of(client), "text": "Beste heer, uw aanvraag is afgewezen."},
    )
    assert page.status_code == 200
    assert "Geen score: te kort om te beoordelen (6 woorden" in page.text
