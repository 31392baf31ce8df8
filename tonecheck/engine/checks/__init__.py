"""The check kinds: general mechanisms that rule files configure."""

from tonecheck.engine.checks.expect import ExpectCheck
from tonecheck.engine.checks.language import LanguageCheck
from tonecheck.engine.checks.match import MatchCheck
from tonecheck.engine.checks.metric import MetricCheck

__all__ = ["ExpectCheck", "LanguageCheck", "MatchCheck", "MetricCheck"]
