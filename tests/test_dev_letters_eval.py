"""The other writer's labels become expectations as their README says (read by
eval/dev_letters.py and eval/rewrites.py): empathy, reasons and alternatives findings only
for bad-news letters."""

from __future__ import annotations

from tonecheck.evaluation import expectations


def label(**given) -> dict:
    entry = {
        "negative_for_reader": True,
        "empathy": "present",
        "reasons": "explained",
        "alternatives": "present",
        "objection_clause": "present",
    }
    return entry | given


def test_a_refusal_without_reasons_expects_the_reasons_finding():
    assert expectations(label(reasons="unexplained"))["reasons"] is True


def test_a_grant_labelled_unexplained_expects_no_reasons_finding():
    grant = label(negative_for_reader=False, reasons="unexplained", empathy="not-applicable")
    assert expectations(grant) == {
        "empathy": False,
        "reasons": False,
        "alternatives": False,
        "objection": False,
    }


def test_the_objection_clause_is_expected_without_bad_news_too():
    grant = label(negative_for_reader=False, objection_clause="incomplete")
    assert expectations(grant)["objection"] is True
