"""eval/dev_letters.py turns the other writer's labels into expectations as their README
says: empathy, reasons and alternatives findings only for bad-news letters."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "eval" / "dev_letters.py"


@pytest.fixture(scope="module")
def expectations():
    spec = importlib.util.spec_from_file_location("dev_letters_eval", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.expectations


def label(**given) -> dict:
    entry = {
        "negative_for_reader": True,
        "empathy": "present",
        "reasons": "explained",
        "alternatives": "present",
        "objection_clause": "present",
    }
    return entry | given


def test_a_refusal_without_reasons_expects_the_reasons_finding(expectations):
    assert expectations(label(reasons="unexplained"))["reasons"] is True


def test_a_grant_labelled_unexplained_expects_no_reasons_finding(expectations):
    grant = label(negative_for_reader=False, reasons="unexplained", empathy="not-applicable")
    assert expectations(grant) == {
        "empathy": False,
        "reasons": False,
        "alternatives": False,
        "objection": False,
    }


def test_the_objection_clause_is_expected_without_bad_news_too(expectations):
    grant = label(negative_for_reader=False, objection_clause="incomplete")
    assert expectations(grant)["objection"] is True
