"""The 95% intervals printed beside every precision and recall of the evaluation scripts."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from tonecheck.evaluation import category_table, wilson_interval


def test_wilson_interval_matches_the_textbook_values():
    # none of ten, all of ten: the classic bounds 0.2775 and 0.7225
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson_interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
    low, high = wilson_interval(18, 24)
    assert low == pytest.approx(0.551, abs=1e-3) and high == pytest.approx(0.880, abs=1e-3)


def test_the_interval_narrows_as_letters_grow():
    small = wilson_interval(9, 12)
    large = wilson_interval(900, 1200)
    assert small[0] < large[0] < 0.75 < large[1] < small[1]


def test_an_empty_count_has_no_interval():
    assert all(math.isnan(bound) for bound in wilson_interval(0, 0))


def test_the_table_shows_each_figure_inside_its_interval():
    lines = category_table({"reasons": Counter(tp=18, fp=4, fn=6, tn=242)})
    assert lines[0].split()[:3] == ["category", "P", "(95%)"]
    name, p, p_range, r, r_range, tp, fp, fn, tn, false_alarms = lines[1].split()
    assert (name, p, r, tp, fp, fn, tn) == ("reasons", "0.82", "0.75", "18", "4", "6", "242")
    assert false_alarms == "0.02"  # 4 of the 246 letters that give reasons
    for figure, bounds in ((p, p_range), (r, r_range)):
        low, high = map(float, bounds.split("-"))
        assert low < float(figure) < high


def test_the_false_alarm_rate_does_not_depend_on_how_many_letters_lack_the_thing():
    """Same checker behaviour (90% recall, 7% false alarms) on a round where many letters
    lack empathy and on one where few do: precision falls, the false-alarm rate stays."""
    many = category_table({"empathy": Counter(tp=90, fn=10, fp=14, tn=186)})[1].split()
    few = category_table({"empathy": Counter(tp=9, fn=1, fp=20, tn=270)})[1].split()
    assert float(many[1]) > 0.85 > 0.5 > float(few[1])
    assert many[-1] == few[-1] == "0.07"
