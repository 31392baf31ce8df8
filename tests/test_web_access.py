"""Who may use the page (``--page-access``): everyone, whoever knows the API token (a
sign-in form and a cookie), or requests with the sign-on proxy's header."""

from __future__ import annotations

import os
import re
import time

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi")

from tests import web_helpers
from tests.web_helpers import COLD, DOCX, KIL, TOKEN, csrf_of
from tonecheck.cli import main
from tonecheck.web.settings import PageAccess, SettingsError, WebSettings

checker, make_client, client = web_helpers.checker, web_helpers.make_client, web_helpers.client
BEARER = {"authorization": f"Bearer {TOKEN}"}


def alert(page) -> str:
    return " ".join(re.search(r'role="alert">(.*?)</div>', page.text, re.S).group(1).split())


def check(client, token: str, **request):
    return client.post("/controleer", data={"csrf_token": token, "text": COLD}, **request)


def test_by_default_the_page_checks_without_the_api_token(make_client):
    client = make_client(token=TOKEN)  # the API asks for it, the page (by design) does not
    assert client.post("/api/v1/check", json={"text": COLD}).status_code == 401
    page = check(client, csrf_of(client))
    assert page.status_code == 200 and "data-card" in page.text
    assert "Afmelden" not in page.text


def sign_in(client, code: str = TOKEN):
    token = csrf_of(client, "/")  # the sign-in page has a form token too
    return client.post(
        "/aanmelden", data={"csrf_token": token, "toegangscode": code}, follow_redirects=False
    )


def test_with_page_access_token_the_page_asks_to_sign_in(make_client):
    client = make_client(token=TOKEN, page_access="token")
    page = client.get("/")
    assert page.status_code == 401 and page.headers["content-type"].startswith("text/html")
    assert '<h1 class="utrecht-heading-1">Aanmelden</h1>' in page.text
    assert 'type="password"' in page.text and "Toegangscode" in page.text
    assert 'action="/controleer"' not in page.text  # no upload form
    assert page.headers["www-authenticate"].startswith("Bearer")
    refused = check(client, csrf_of(client))
    assert (
        refused.status_code == 401
        and "Aanmelden" in refused.text
        and "data-card" not in refused.text
    )
    missing = client.get("/bestaat-niet")
    assert missing.status_code == 401 and 'action="/controleer"' not in missing.text


def test_a_wrong_access_code_is_refused_in_dutch(make_client):
    client = make_client(token=TOKEN, page_access="token")
    wrong = sign_in(client, "niet-het-goede-token-hoor")
    assert wrong.status_code == 401 and "klopt niet" in alert(wrong)
    assert "set-cookie" not in wrong.headers
    assert client.get("/").status_code == 401


def test_signed_in_the_page_checks_and_downloads_until_signed_out(make_client, tmp_path):
    client = make_client(token=TOKEN, page_access="token")
    answer = sign_in(client)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "max-age" not in cookie and "expires" not in cookie  # gone when the browser closes
    assert TOKEN not in answer.headers["set-cookie"]  # a signed value, never the token
    index = client.get("/")
    assert index.status_code == 200 and "Afmelden" in index.text
    token = csrf_of(client)
    page = client.post(
        "/controleer",
        data={"csrf_token": token},
        files={"file": ("kil.docx", KIL.read_bytes(), DOCX)},
    )
    assert page.status_code == 200 and "data-card" in page.text
    payload = re.search(r'name="letter" value="([^"]+)"', page.text).group(1)
    form = {"csrf_token": token, "letter": payload, "name": "kil.docx"}
    assert client.post("/download", data=form).headers["content-type"] == DOCX
    # the cookie opens the page, not the API
    assert client.post("/api/v1/check", json={"text": COLD}).status_code == 401
    out = client.post("/afmelden", data={"csrf_token": csrf_of(client)}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/").status_code == 401
    assert client.post("/download", data=form).status_code == 401


def test_a_forged_or_old_sign_in_is_refused(make_client, monkeypatch):
    client = make_client(token=TOKEN, page_access="token")
    sign_in(client)
    value = client.cookies["tonecheck_toegang"]
    client.cookies.clear()
    client.cookies.set("tonecheck_toegang", value[:-2] + "xx")
    assert client.get("/").status_code == 401
    client.cookies.clear()
    client.cookies.set("tonecheck_toegang", value)
    assert client.get("/").status_code == 200
    later = time.time() + 12 * 3600 + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/").status_code == 401  # signed in over 12 hours ago
    monkeypatch.undo()
    other = make_client(token="een-ander-token-voor-deze-tests", page_access="token")
    other.cookies.set("tonecheck_toegang", value)
    assert other.get("/").status_code == 401  # a new token signs everyone out


def test_tools_may_send_the_token_as_a_bearer_token(make_client):
    client = make_client(token=TOKEN, page_access="token")
    token = csrf_of(client, headers=BEARER)
    assert check(client, token, headers=BEARER).status_code == 200


def test_static_files_and_health_stay_open(make_client):
    client = make_client(token=TOKEN, page_access="token")
    style = re.search(r'href="(/static/tonecheck\.[0-9a-f]+\.css)"', client.get("/").text)
    assert client.get(style.group(1)).status_code == 200  # the sign-in page needs them
    assert client.get("/healthz").status_code == 200


def test_with_page_access_header_only_the_sign_on_proxy_opens_the_page(make_client):
    client = make_client(page_access="header", page_header="X-Remote-User")
    page = client.get("/")
    assert page.status_code == 403 and "Geen toegang" in page.text
    assert "intranet" in alert(page) and 'action="/controleer"' not in page.text
    assert client.get("/", headers={"x-remote-user": "  "}).status_code == 403  # empty
    user = {"X-Remote-User": "j.jansen"}
    assert client.get("/", headers=user).status_code == 200
    token = csrf_of(client, headers=user)
    assert check(client, token).status_code == 403
    assert check(client, token, headers=user).status_code == 200


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"page_access": "token"}, "alleen met een token"),
        ({"page_access": "header"}, "naam van die header"),
        ({"page_header": "X-Remote-User"}, "alleen bij --page-access header"),
        ({"page_access": "header", "page_header": "X Remote"}, "geen geldige naam"),
    ],
)
def test_settings_that_cannot_work_are_refused(settings, words):
    with pytest.raises(SettingsError, match=words):
        WebSettings(**settings)


def test_page_access_from_the_environment():
    environ = {"TONECHECK_PAGE_ACCESS": "Header", "TONECHECK_PAGE_HEADER": "X-Forwarded-User"}
    settings = WebSettings.from_env(environ)
    assert settings.page_access is PageAccess.HEADER and settings.page_header == "X-Forwarded-User"
    with pytest.raises(SettingsError, match=r"open, token, header.*'iedereen'"):
        WebSettings.from_env({"TONECHECK_PAGE_ACCESS": "iedereen"})


def test_serve_help_is_dutch_and_explains_the_page_access():
    help_text = " ".join(CliRunner().invoke(main, ["serve", "--help"]).output.split())
    assert "Gebruik: tonecheck serve" in help_text
    for words in (
        "--page-access [open|token|header]",
        "--page-header NAAM",
        "controleert en annoteert de pagina dan zonder token",
        "minstens 16 tekens",
        "TONECHECK_FORM_SECRET",
        "TONECHECK_PAGE_ACCESS",
    ):
        assert words in help_text, words
    for english in ("Address to listen on", "Worker processes", "Seconds one request", "Log each"):
        assert english not in help_text


@pytest.fixture
def serve_env(monkeypatch):
    """``tonecheck serve`` without a server; the environment it sets is undone after."""
    import uvicorn

    import tonecheck.runtime

    for name in ("TONECHECK_PAGE_ACCESS", "TONECHECK_PAGE_HEADER", "TONECHECK_FORM_SECRET"):
        monkeypatch.setenv(name, "x" * 16)  # restored afterwards ...
        monkeypatch.delenv(name)  # ... and not set when serve starts
    monkeypatch.setattr(tonecheck.runtime, "load_checker", lambda *a: (None, None))
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    return monkeypatch


def test_serve_passes_the_page_access_to_its_workers(serve_env):
    options = ["serve", "--workers", "2", "--page-access", "header", "--page-header", "X-User"]
    result = CliRunner().invoke(main, options)
    assert result.exit_code == 0, result.output
    assert WebSettings.from_env().page_access is PageAccess.HEADER
    assert os.environ["TONECHECK_PAGE_HEADER"] == "X-User"


def test_serve_refuses_page_access_token_without_a_token(serve_env):
    serve_env.delenv("TONECHECK_API_TOKEN", raising=False)
    serve_env.delenv("TONECHECK_API_TOKEN_FILE", raising=False)
    result = CliRunner().invoke(main, ["serve", "--page-access", "token"])
    assert result.exit_code == 2
    assert "alleen met een token" in result.output
