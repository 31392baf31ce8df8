"""End to end in a real headless Chromium (Debian's, driven by Playwright): the page as
a case officer uses it, its accessibility (axe-core), and a real server's upload limit.

Skipped when Playwright or Chromium is missing; CI installs both.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.report_helpers import comments_with_anchors

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
    pytest.mark.slow,
]

KIL = SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx"
# as the machine's probe starts it: no background connections to Google's services
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``tonecheck serve`` on a free port, as an operator starts it."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "serve.log"
    env = {**os.environ, "TONECHECK_MAX_UPLOAD_MB": "2"}
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "tonecheck", "serve", "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"server did not start: {log.read_text()}")
    yield base, log
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TONECHECK_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_case_officer_checks_marks_and_downloads_a_letter(server, browser, tmp_path):
    base, log = server
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}/")
    assert serious_violations(page) == []
    page.keyboard.press("Tab")  # keyboard first: the skip link, then the form
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.set_input_files("#brief", str(KIL))
    page.get_by_role("button", name="Controleer de brief").click()

    cards = page.locator("[data-card]")
    cards.first.wait_for()
    total = cards.count()
    assert total > 5
    # every finding highlights words (several can share a sentence: the letter-wide ones
    # sit on the decision), so the marks together name (almost) every card
    covered = page.eval_on_selector_all(
        "mark.tc-mark", "marks => marks.flatMap(m => m.dataset.cards.split(' '))"
    )
    assert len(set(covered)) >= total - 2
    first = cards.nth(0)
    assert first.locator(".tc-card-title").inner_text().strip()  # category named in text
    page.get_by_role("link", name="Naar de tekst").first.click()
    assert page.evaluate("location.hash") == "#m1"

    done = first.get_by_role("button", name="Afgehandeld")
    done.focus()
    page.keyboard.press("Enter")  # operable without a mouse
    assert first.get_attribute("data-state") == "done"
    assert done.get_attribute("aria-pressed") == "true"
    assert page.locator("[data-open-total]").inner_text() == f"Nog {total - 1} van {total} open."
    second = cards.nth(1)
    second.get_by_role("button", name="Negeren").click()
    second.get_by_label("Reden om te negeren (niet verplicht)").fill("bewust zo geschreven")
    assert page.locator("[data-open-total]").inner_text() == f"Nog {total - 2} van {total} open."
    category = second.get_attribute("data-category")
    open_cell = page.locator(f'[data-open-count="{category}"]').inner_text()
    assert int(open_cell) == sum(
        1 for i in range(total)
        if cards.nth(i).get_attribute("data-category") == category
        and cards.nth(i).get_attribute("data-state") == "open"
    )  # fmt: skip
    page.screenshot(path=str(screenshot_dir(tmp_path) / "web-page.png"), full_page=True)
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("button", name="Download de brief met opmerkingen (.docx)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "afwijzing-bijzondere-bijstand-kil.tonecheck.docx"
    comments = comments_with_anchors(saved)
    assert len(comments) == total  # the score, and every finding but the ignored one
    assert "bewust zo geschreven" in comments[0][1]
    assert all(author == "tonecheck" for author, _, _ in comments)

    outside = [url for url in requests if not url.startswith(base)]
    assert outside == [], outside  # the page needs nothing from the internet
    context.close()
    assert "afwijzing" not in log.read_text().lower()  # no letter content in the logs


def test_the_real_server_refuses_an_oversized_upload_before_reading_it(server):
    base, _ = server
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    boundary = "tonecheckgrens"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="groot.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    connection.putrequest("POST", "/api/v1/check")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    sent = 0
    chunk = b"a" * (256 * 1024)
    try:
        for piece in [head, *[chunk] * 200]:  # 50 MB if the server kept reading
            connection.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            sent += len(piece)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed the connection
    response = connection.getresponse()
    assert response.status == 413
    assert "te groot" in json.loads(response.read())["detail"]
    assert sent < 20 * 1024 * 1024
