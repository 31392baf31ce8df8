"""Weak participles the model does not know get their infinitive by rule."""

from __future__ import annotations

import pytest

from tonecheck.nlp.participles import infinitive_of_participle


@pytest.mark.parametrize(
    ("participle", "infinitive"),
    [
        ("teruggevorderd", "terugvorderen"),  # particle + ge, schwa syllable
        ("opgelegd", "opleggen"),  # short vowel: the consonant doubles
        ("terugbetaald", "terugbetalen"),  # long vowel written single again
        ("vastgesteld", "vaststellen"),
        ("verstrekt", "verstrekken"),  # inseparable prefix: no ge-
        ("geleefd", "leven"),  # d after f: the stem ends in v
        ("gereisd", "reizen"),  # d after s: the stem ends in z
        ("gepraat", "praten"),  # the t belongs to the stem
        ("gekort", "korten"),  # after r the ending would be d, so t is the stem's
        ("gestraft", "straffen"),
        ("Aangevraagd", "aanvragen"),
    ],
)
def test_regular_participles(participle, infinitive):
    assert infinitive_of_participle(participle) == infinitive


@pytest.mark.parametrize("form", ["gebleken", "herzien", "kaart", "goed", "ge", "12-ged"])
def test_other_forms_are_left_alone(form):
    assert infinitive_of_participle(form) is None
