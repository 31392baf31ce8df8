"""A rewrite in a report reads as whole words in their place, not as a narrowed diff."""

from __future__ import annotations

from tonecheck.common.findings import Replacement
from tonecheck.report.change_view import shown_change
from tonecheck.rewrite.text import minimal

SENTENCE = "Daarom: U bent verplicht een melding te maken bij ons."


def test_a_narrowed_rewrite_is_shown_with_the_word_before_and_after_it():
    start = SENTENCE.index("U bent")
    end = SENTENCE.index(" bij")
    replacement = minimal(SENTENCE, start, end, "U moet een melding maken")
    assert SENTENCE[replacement.start : replacement.end] == " bent verplicht een melding te"
    shown = shown_change(SENTENCE, replacement)
    assert shown.before == "U bent verplicht een melding te maken"
    assert shown.after == "U moet een melding maken"


def test_a_deletion_keeps_its_neighbours_on_both_sides():
    text = "Wij vragen u om nu direct te betalen."
    replacement = minimal(text, 0, len(text), "Wij vragen u om te betalen.")
    shown = shown_change(text, replacement)
    assert (shown.before, shown.after) == ("u om nu direct te", "u om te")


def test_the_context_stays_on_the_line_of_the_change():
    text = "Eerste regel\nTweede regel\nDerde"
    start = text.index("Tweede")
    shown = shown_change(text, Replacement(start, start + len("Tweede"), "Andere"))
    assert (shown.before, shown.after) == ("Tweede regel", "Andere regel")


def test_the_whole_text_changed_has_no_context():
    shown = shown_change("Gelieve", Replacement(0, 7, "Wilt u"))
    assert (shown.before, shown.after) == ("Gelieve", "Wilt u")
