"""Counts and Flesch-Douma."""

from __future__ import annotations

import pytest
import textstat

from tonecheck.nlp.readability import flesch_douma, syllables, text_stats

WORDS = [
    "aanvraag",
    "afgewezen",
    "bijzondere",
    "teleurstellend",
    "omgevingsvergunning",
    "beschikking",
    "Participatiewet",
    "bezwaarschrift",
    "u",
    "wij",
    "begrijpen",
    "ondersteuningsplan",
]


@pytest.mark.parametrize("word", WORDS)
def test_syllables_equal_textstat_dutch(word):
    textstat.set_lang("nl")
    assert syllables(word) == textstat.syllable_count(word)


def test_flesch_douma_formula():
    # 10 words, 2 sentences, 15 syllables: 206.835 - 0.93*5 - 77*1.5
    assert flesch_douma(10, 2, 15) == pytest.approx(206.835 - 4.65 - 115.5)
    assert flesch_douma(0, 0, 0) == 0.0


def test_text_stats_counts_words_not_punctuation(nlp):
    stats = text_stats(nlp("Wij hebben uw aanvraag ontvangen. U hoort binnen acht weken van ons."))
    assert stats.sentences == 2
    assert stats.words == 12
    assert stats.avg_sentence_length == 6.0
    assert 40 < stats.flesch_douma < 120


def test_long_words_lower_the_score(nlp):
    easy = text_stats(nlp("Wij bellen u op maandag. Dan praten we over uw plan."))
    hard = text_stats(nlp("Ondersteuningsplanbespreking geschiedt conform beleidsuitgangspunten."))
    assert hard.flesch_douma < easy.flesch_douma
