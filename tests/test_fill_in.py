"""Filling in message templates: values, {u-form|je-form} choices, broken templates."""

from __future__ import annotations

import pytest

from tonecheck.common.fill_in import field_names, fill


def test_values_and_choices_by_form():
    template = "{Bent u|Ben je} het niet eens? Bel {phone}. {{letterlijk}}"
    assert (
        fill(template, {"phone": "14 038"}, "u") == "Bent u het niet eens? Bel 14 038. {letterlijk}"
    )
    assert (
        fill(template, {"phone": "14 038"}, "je")
        == "Ben je het niet eens? Bel 14 038. {letterlijk}"
    )


def test_a_name_without_value_is_empty_and_an_unknown_form_is_u():
    assert fill("[{missing}] {u|je}", {}, "jullie") == "[] u"


def test_field_names_leave_choices_out():
    assert field_names("{request} {Wat kunt u doen?|Wat kun je doen?} {domain}") == {
        "request",
        "domain",
    }


@pytest.mark.parametrize("broken", ["{u|je|jij}", "{request", "{Let op!|Let op!}"])
def test_broken_templates_raise(broken):
    with pytest.raises(ValueError):
        field_names(broken)
