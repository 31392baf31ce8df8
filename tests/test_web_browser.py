"""End to end in a real headless Chromium (Debian's, driven by Playwright): the page as
a case officer uses it, its accessibility (axe-core), and a real server's upload limit.

Skipped when Playwright or Chromium is missing; CI installs both.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.comment_states import comment_states
from tests.conftest import SAMPLES
from tests.report_helpers import comments_with_anchors
from tests.revision_helpers import settle, tracked_changes
from tonecheck.documents import read_document

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


def start_server(folder: Path, **environment: str):
    """``tonecheck serve`` on a free port, as an operator starts it: (address, log,
    process)."""
    port = free_port()
    log = folder / "serve.log"
    env = {**os.environ, **environment}
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
    return base, log, process


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server the case officer's tests use (uploads up to 2 MB)."""
    base, log, process = start_server(
        tmp_path_factory.mktemp("server"), TONECHECK_MAX_UPLOAD_MB="2"
    )
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


def luminance(colour: str) -> float:
    """WCAG relative luminance of a computed ``rgb(...)`` colour."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


FOCUSED_STYLE = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {text: element.textContent, color: style.color, background: style.backgroundColor,
          outline: style.outlineColor, outlineStyle: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth), top: box.top, left: box.left,
          width: box.width, height: box.height};
}"""


def test_the_skip_link_is_visible_with_enough_contrast_when_focused(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(f"{base}/")
    page.keyboard.press("Tab")
    link = page.evaluate(FOCUSED_STYLE)
    assert link["text"] == "Naar de inhoud"
    assert link["top"] >= 0 and link["left"] >= 0 and link["width"] > 0 and link["height"] > 0
    assert contrast(link["color"], link["background"]) >= 4.5  # WCAG 1.4.3
    # WCAG 2.4.7 / 1.4.11: a focus indicator that stands out from the white page
    assert link["outlineStyle"] != "none" and link["outlineWidth"] >= 2
    assert contrast(link["outline"], "rgb(255, 255, 255)") >= 3
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.close()


def test_an_upload_over_the_limit_shows_the_page_with_an_error_box(server, browser):
    base, _ = server  # the server takes 2 MB
    page = browser.new_page()
    page.goto(f"{base}/")
    big = {"name": "groot.txt", "mimeType": "text/plain", "buffer": b"Geachte heer,\n" * 250_000}
    page.set_input_files("#brief", big)
    page.fill("#tekst", "Geachte mevrouw De Vries,\n\nUw aanvraag is afgewezen.")
    page.get_by_role("button", name="Controleer de brief").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "te groot" in alert.inner_text() and "2 MB" in alert.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Brief controleren"
    # the server read none of it, yet the pasted text is still there
    assert page.input_value("#tekst") == "Geachte mevrouw De Vries,\n\nUw aanvraag is afgewezen."
    page.close()


def checked(context, base: str, letter: Path = KIL):
    """A new tab of ``context`` with ``letter`` checked on the page."""
    page = context.new_page()
    page.goto(f"{base}/")
    page.set_input_files("#brief", str(letter))
    page.get_by_role("button", name="Controleer de brief").click()
    page.locator("[data-card]").first.wait_for()
    return page


FOCUSED = """() => { const e = document.activeElement;
  return {tag: e.tagName, id: e.id, cards: (e.dataset.cards || '').split(' '),
          number: e.dataset.number || null, visible: e.getBoundingClientRect().top >= 0
            && e.getBoundingClientRect().bottom <= window.innerHeight}; }"""


def test_highlights_and_cards_lead_to_each_other_and_move_focus(server, browser):
    base, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = checked(context, base)
    marks = page.locator("mark.tc-mark")
    last = marks.nth(marks.count() - 1)
    wanted = last.get_attribute("data-cards").split(" ")[0]
    last.click()  # a highlight leads to its card, which gets the focus
    focused = page.evaluate(FOCUSED)
    assert focused["id"] == f"f{wanted}" and focused["visible"]
    card = page.locator(f"#f{wanted}")
    card.get_by_role("link", name="Naar de tekst").click()  # and back to its words
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "MARK" and wanted in focused["cards"] and focused["visible"]
    ref = page.locator(".tc-ref").first  # by keyboard: the number after a highlight
    ref.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == ref.get_attribute("href").removeprefix("#")
    context.close()


def mark_two(page) -> tuple[str, str]:
    """Card 1 "Afgehandeld", card 2 "Negeren" with a reason; their keys."""
    cards = page.locator("[data-card]")
    cards.nth(0).get_by_role("button", name="Afgehandeld").click()
    cards.nth(1).get_by_role("button", name="Negeren").click()
    cards.nth(1).get_by_label("Reden om te negeren (niet verplicht)").fill("zo bedoeld")
    return cards.nth(0).get_attribute("data-key"), cards.nth(1).get_attribute("data-key")


def states(page) -> dict[str, str]:
    return dict(
        page.eval_on_selector_all(
            "[data-card]", "cards => cards.map(c => [c.dataset.key, c.dataset.state])"
        )
    )


def download(page, tmp_path: Path) -> list[tuple[str, str, str]]:
    with page.expect_download() as event:
        page.get_by_role("button", name="Download de brief met opmerkingen (.docx)").click()
    saved = tmp_path / f"{len(list(tmp_path.iterdir()))}-{event.value.suggested_filename}"
    event.value.save_as(saved)
    return comments_with_anchors(saved)


PORTAL = "http://intranet.example"


def test_a_second_tab_does_not_break_the_first(server, browser, tmp_path):
    base, _ = server
    context = browser.new_context(accept_downloads=True)
    context.route(  # the intranet's start page, another site, links to tonecheck
        f"{PORTAL}/**",
        lambda route: route.fulfill(
            content_type="text/html", body=f'<a href="{base}/">tonecheck</a>'
        ),
    )
    first = checked(context, base)
    total = first.locator("[data-card]").count()
    mark_two(first)
    second = context.new_page()
    second.goto(f"{PORTAL}/")
    second.get_by_role("link", name="tonecheck").click()  # a second tab, from a link
    second.set_input_files("#brief", str(KIL))
    second.get_by_role("button", name="Controleer de brief").click()
    assert len(download(second, tmp_path)) == total + 1  # the score and every finding
    comments = download(first, tmp_path)  # the first tab still downloads, with its marks
    assert len(comments) == total and "zo bedoeld" in comments[0][1]
    context.close()


def test_marks_stay_in_the_tab_until_the_letter_is_downloaded(server, browser, tmp_path):
    base, _ = server
    context = browser.new_context(accept_downloads=True)
    page = checked(context, base)
    done, ignored = mark_two(page)
    page.get_by_role("link", name="Een andere brief controleren").click()
    page.wait_for_url(f"{base}/")
    page.go_back()  # no "Confirm Form Resubmission" (which fails as ERR_CACHE_MISS)
    assert page.title().startswith("tonecheck")
    page.goto(f"{base}/")
    page.set_input_files("#brief", str(KIL))  # the same letter again: its marks are back
    page.get_by_role("button", name="Controleer de brief").click()
    page.locator("[data-card]").first.wait_for()
    marked = states(page)
    assert marked[done] == "done" and marked[ignored] == "ignore"
    reason = page.locator(f'[data-key="{ignored}"] [data-reason-input]')
    assert reason.input_value() == "zo bedoeld"
    total = len(marked)
    comments = download(page, tmp_path)
    assert len(comments) == total and "zo bedoeld" in comments[0][1]
    assert page.evaluate("sessionStorage.length") == 0  # downloaded: nothing kept


def test_a_refused_download_says_why_and_keeps_the_marks(server, browser):
    base, _ = server
    context = browser.new_context(accept_downloads=True)
    page = checked(context, base)
    done, ignored = mark_two(page)
    page.eval_on_selector("[data-download] [name=csrf_token]", "input => input.value = 'oud'")
    alert = page.locator("[data-download] [role=alert]")
    assert not alert.is_visible()
    page.get_by_role("button", name="Download de brief met opmerkingen (.docx)").click()
    alert.wait_for()
    assert "formulier" in alert.inner_text() and "markeringen" in alert.inner_text()
    marked = states(page)  # still the result page, marks and all
    assert marked[done] == "done" and marked[ignored] == "ignore"
    context.close()


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
    # the card marked "Afgehandeld" is the one resolved comment Word shows
    message = first.locator("p.utrecht-paragraph").first.inner_text()
    resolved = [text for text, state in comment_states(saved) if state]
    assert len(resolved) == 1 and resolved[0].split("\n")[1] == message  # after level, topic

    outside = [url for url in requests if not url.startswith(base)]
    assert outside == [], outside  # the page needs nothing from the internet
    context.close()
    assert "afwijzing" not in log.read_text().lower()  # no letter content in the logs


# The default rules rewrite the writer's sentence (tonecheck/rewrite/); the page offers
# "Overnemen" on those cards. tests/test_web_rewrites.py covers the mechanism alone.
def test_a_rewrite_taken_over_comes_back_as_a_tracked_change(server, browser, tmp_path):
    base, _ = server
    context = browser.new_context(accept_downloads=True)
    page = checked(context, base)
    take = page.locator("[data-take]")
    assert take.count() >= 2  # the default rules rewrite this letter's officialese
    card_of = "button => button.closest('[data-card]').dataset.key"
    card = page.locator(f'[data-key="{take.first.evaluate(card_of)}"]')
    take.first.focus()
    page.keyboard.press("Enter")  # operable without a mouse
    assert take.first.get_attribute("aria-pressed") == "true"
    assert card.locator("[data-taken-label]").is_visible()
    new = card.locator(".tc-ins").inner_text() if card.locator(".tc-ins").count() else ""
    other = page.locator(f'[data-key="{take.nth(1).evaluate(card_of)}"]')
    take.nth(1).click()
    other.get_by_role("button", name="Negeren").click()  # ignored: not taken over
    assert take.nth(1).get_attribute("aria-pressed") == "false"
    assert serious_violations(page) == []
    with page.expect_download() as event:
        page.get_by_role("button", name="Download de brief met opmerkingen (.docx)").click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    changes = tracked_changes(saved)
    assert changes and {author for _, author, _ in changes} == {"tonecheck"}
    assert [kind for kind, _, _ in changes] in (["del", "ins"], ["del"], ["ins"])
    accepted = read_document(settle(saved, tmp_path / "aan.docx", accept=True)).text
    assert " ".join(new.split()) in " ".join(accepted.split())
    context.close()


def test_a_case_officer_signs_in_with_the_access_code(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("afgeschermd")
    (folder / "token").write_text("een-lang-geheim-token-voor-tests\n")
    base, _, process = start_server(
        folder, TONECHECK_API_TOKEN_FILE=str(folder / "token"), TONECHECK_PAGE_ACCESS="token"
    )
    try:
        context = browser.new_context()
        page = context.new_page()
        assert page.goto(f"{base}/").status == 401
        assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden"
        assert serious_violations(page) == []
        page.get_by_label("Toegangscode").fill("niet-het-goede-token-hoor")
        page.get_by_role("button", name="Aanmelden").click()
        assert "klopt niet" in page.get_by_role("alert").inner_text()
        page.get_by_label("Toegangscode").fill("een-lang-geheim-token-voor-tests")
        page.get_by_role("button", name="Aanmelden").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Brief controleren"
        (cookie,) = context.cookies()
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["expires"] == -1
        page.set_input_files("#brief", str(KIL))  # the page works as without sign-in
        page.get_by_role("button", name="Controleer de brief").click()
        page.locator("[data-card]").first.wait_for()
        page.get_by_role("button", name="Afmelden").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden"
        context.close()
    finally:
        process.terminate()
        process.wait(10)


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
