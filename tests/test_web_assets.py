"""The page's style sheets and script: content-hashed addresses, cached for a year,
sent compressed; pages and downloads as before."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from tests import web_helpers
from tests.web_helpers import DOCX, KIL, csrf_of

checker, make_client, client = web_helpers.checker, web_helpers.make_client, web_helpers.client
STATIC = Path(__file__).resolve().parent.parent / "tonecheck" / "web" / "static"
VENDOR_CSS = ["vendor/utrecht/component-library.css", "vendor/voorbeeld/theme.css"]


def linked(page: str) -> list[str]:
    """The addresses of the page's style sheets and scripts."""
    return re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', page)


def address_of(client, name: str) -> str:
    stem, suffix = name.rsplit(".", 1)
    pattern = rf"/static/{re.escape(stem)}\.([0-9a-f]{{12}})\.{suffix}"
    return next(url for url in linked(client.get("/").text) if re.fullmatch(pattern, url))


def test_the_page_links_every_file_by_a_digest_of_its_content(client):
    urls = linked(client.get("/").text)
    assert len(urls) == 5  # two vendor style sheets, the categories, our own, the script
    for url in urls:
        assert re.fullmatch(r"/static/[\w/.-]+\.[0-9a-f]{12}\.(css|js)", url), url
    for name in [*VENDOR_CSS, "tonecheck.css", "tonecheck.js"]:
        digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
        assert address_of(client, name).endswith(f".{digest}.{name.rsplit('.', 1)[1]}")


def test_a_hashed_address_is_cached_for_a_year_and_the_page_never(client):
    for url in linked(client.get("/").text):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    css = client.get(address_of(client, "tonecheck.css"))
    assert css.content == (STATIC / "tonecheck.css").read_bytes()
    assert css.headers["content-type"].startswith("text/css")
    categories = client.get(address_of(client, "categories.css"))
    assert categories.headers["content-type"].startswith("text/css")
    assert ".tc-cat-other" in categories.text
    assert client.get("/").headers["cache-control"] == "no-store"


def raw_body(client, url: str, **headers) -> tuple[bytes, dict]:
    """The bytes as they travel (not decoded) and the headers."""
    with client.stream("GET", url, headers=headers) as response:
        return b"".join(response.iter_raw()), dict(response.headers)


def test_style_sheets_and_pages_travel_gzipped(client):
    total_plain = total_sent = 0
    for name in VENDOR_CSS:
        sent, headers = raw_body(client, address_of(client, name), **{"accept-encoding": "gzip"})
        plain = (STATIC / name).read_bytes()
        assert headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]
        assert gzip.decompress(sent) == plain
        total_plain, total_sent = total_plain + len(plain), total_sent + len(sent)
    assert total_plain > 600_000 and total_sent < 80_000  # 614 KB: about 49 KB sent
    sent, headers = raw_body(client, address_of(client, VENDOR_CSS[0]), **{"accept-encoding": ""})
    assert "content-encoding" not in headers and len(sent) > 400_000  # asked for nothing
    page, headers = raw_body(client, "/", **{"accept-encoding": "gzip, br"})
    assert headers["content-encoding"] == "gzip" and b"Brief controleren" in gzip.decompress(page)


def test_a_download_is_not_compressed_again(client):
    token = csrf_of(client)
    data = KIL.read_bytes()
    page = client.post(
        "/controleer", data={"csrf_token": token}, files={"file": ("kil.docx", data, DOCX)}
    )
    payload = re.search(r'name="letter" value="([^"]+)"', page.text).group(1)
    form = {"csrf_token": token, "letter": payload, "name": "kil.docx"}
    response = client.post("/download", data=form, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    assert "content-encoding" not in response.headers  # a .docx is a zip already


@pytest.mark.parametrize(
    "url",
    [
        "/static/tonecheck.000000000000.css",  # an old version's digest
        "/static/tonecheck.css",  # no digest
        "/static/vendor/utrecht/component-library.css",
        "/static/bestaat-niet.0123456789ab.js",
        "/static/categories.css",
    ],
)
def test_an_old_or_unknown_address_is_404_in_dutch(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in response.text and "bestaat niet" in response.text
    assert "Not Found" not in response.text
    assert response.headers["cache-control"] == "no-store"
