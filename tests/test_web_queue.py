"""Letters queue by length: long letters have a lane of their own (shortest first), so a
queue of them never makes an ordinary letter wait or time out."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

pytest.importorskip("fastapi")

from tests import web_helpers
from tests.web_helpers import COLD
from tonecheck.web.lanes import Lane
from tonecheck.web.settings import LARGE_LETTER_CHARS, SettingsError, WebSettings

checker, make_client = web_helpers.checker, web_helpers.make_client
LONG = 1_000  # characters: a long letter in these tests (the setting, made small)


def long_letter(paragraphs: int) -> str:
    """A letter of more than LONG characters; more paragraphs, longer."""
    body = "Uw aanvraag wordt afgewezen op grond van artikel 4:5 Awb.\n\n" * (20 + paragraphs)
    return f"Geachte heer Jansen,\n\n{body}Hoogachtend,\n\nDe gemeente"


class Gate:
    """The checker, holding the check of every long letter until opened; notes the
    length of each letter as its check starts."""

    def __init__(self, checker) -> None:
        self.checker = checker
        self.started = threading.Event()  # a long letter's check is held
        self.opened = threading.Event()
        self.order: list[int] = []

    def read(self, path: str):
        return self.checker.read(path)

    def check(self, document, minimum):
        self.order.append(len(document.text))
        if len(document.text) > LONG:
            self.started.set()
            assert self.opened.wait(20), "the test never opened the gate"
        return self.checker.check(document, minimum)


@pytest.fixture
def gated(make_client, monkeypatch):
    """A client whose long letters wait at the gate, and the gate."""

    def make(timeout: float) -> tuple:
        client = make_client(request_timeout=timeout, large_letter_chars=LONG)
        service = client.app.state.service
        gate = Gate(service.checker)
        monkeypatch.setattr(service, "checker", gate)
        return client, service, gate

    return make


def post(client, text: str):
    return client.post("/api/v1/check", json={"text": text})


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_an_ordinary_letter_is_answered_while_long_letters_hold_their_lane(gated):
    client, _, gate = gated(timeout=5)
    with ThreadPoolExecutor(max_workers=4) as pool:
        long_ones = [pool.submit(post, client, long_letter(n)) for n in range(3)]
        assert gate.started.wait(10)
        started = time.monotonic()
        ordinary = post(client, COLD)  # one lane, first come first served: 503 after 5 s
        waited = time.monotonic() - started
        gate.opened.set()
        statuses = [job.result().status_code for job in long_ones]
    assert ordinary.status_code == 200, ordinary.text
    assert ordinary.json()["letter_type"]["label"] == "afwijzing"
    assert waited < 5
    assert statuses == [200, 200, 200]  # the long letters are answered too, in time


def test_the_shortest_waiting_long_letter_goes_first(gated):
    client, service, gate = gated(timeout=20)
    sizes = [len(long_letter(n)) for n in (30, 20, 40)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = [pool.submit(post, client, long_letter(5))]
        assert gate.started.wait(10)
        for n in (30, 20, 40):
            jobs.append(pool.submit(post, client, long_letter(n)))
        wait_until(lambda: service._large._jobs.qsize() == 3)
        gate.opened.set()
        assert [job.result().status_code for job in jobs] == [200] * 4
    assert gate.order[1:] == sorted(sizes)


def test_a_long_letter_whose_request_gave_up_is_never_checked(gated):
    client, service, gate = gated(timeout=0.5)
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(post, client, long_letter(1))
        assert gate.started.wait(10)
        second = post(client, long_letter(2))
        assert second.status_code == 503 and "te lang" in second.json()["detail"]
        gate.opened.set()
        assert first.result().status_code == 503
    done = service._large.submit(0, lambda: None)  # runs after whatever was queued before
    done.result(timeout=10)
    assert len(long_letter(2)) not in gate.order


def test_a_lane_runs_the_smallest_waiting_job_first_and_skips_cancelled_ones():
    lane = Lane("test")
    hold = threading.Event()
    ran: list[str] = []
    lane.submit(0, hold.wait)
    jobs = {name: lane.submit(size, ran.append, name) for name, size in
            [("c", 3), ("a", 1), ("b1", 2), ("b2", 2), ("x", 0.5)]}  # fmt: skip
    assert jobs["x"].cancel()
    hold.set()
    jobs["c"].result(timeout=5)
    assert ran == ["a", "b1", "b2", "c"]
    lane.close()


def test_closing_a_lane_cancels_the_waiting_jobs():
    lane = Lane("test")
    hold = threading.Event()
    running = lane.submit(0, hold.wait)
    wait_until(running.running)
    waiting: Future = lane.submit(1, lambda: "ran")
    lane.close()
    hold.set()
    assert running.result(timeout=5) is True
    wait_until(waiting.done)
    assert waiting.cancelled()


def test_a_failing_job_gives_its_error_to_the_one_waiting_for_it():
    lane = Lane("test")
    with pytest.raises(ZeroDivisionError):
        lane.submit(0, lambda: 1 / 0).result(timeout=5)
    assert lane.submit(0, lambda: "next").result(timeout=5) == "next"
    lane.close()


def test_the_length_of_a_long_letter_is_a_setting():
    assert WebSettings.from_env({}).large_letter_chars == LARGE_LETTER_CHARS
    settings = WebSettings.from_env({"TONECHECK_LARGE_LETTER_CHARS": "50000"})
    assert settings.large_letter_chars == 50_000
    with pytest.raises(SettingsError, match="TONECHECK_LARGE_LETTER_CHARS"):
        WebSettings.from_env({"TONECHECK_LARGE_LETTER_CHARS": "veel"})
