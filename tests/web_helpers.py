"""Shared by the web tests: one loaded checker per module, clients with settings."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SAMPLES
from tonecheck.runtime import load_checker
from tonecheck.web.app import create_app
from tonecheck.web.settings import WebSettings

KIL = SAMPLES / "afwijzing-bijzondere-bijstand-kil.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COLD = (
    "Geachte heer Jansen,\n\nUw aanvraag wordt afgewezen op grond van artikel 4:5 Awb.\n\n"
    "Hoogachtend,\n\nDe gemeente"
)
TOKEN = "een-lang-geheim-token-voor-tests"


@pytest.fixture(scope="module")
def checker():
    return load_checker(SAMPLES)[1]


@pytest.fixture
def make_client(checker):
    clients = []

    def make(**settings) -> TestClient:
        client = TestClient(create_app(WebSettings(**settings), checker))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


def csrf_of(client: TestClient, path: str = "/", **request) -> str:
    """The form token of the page at ``path``."""
    page = client.get(path, **request)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
