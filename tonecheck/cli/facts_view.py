"""How ``explain`` shows the facts read from a letter (the {placeholders} of suggestions)."""

from __future__ import annotations

from tonecheck.common.text import shorten
from tonecheck.nlp.facts import LetterFacts
from tonecheck.nlp.facts_schema import FACT_FIELDS

SHOWN = 100  # characters of a value shown
# fields that are composed from the others, not read from the letter
COMPOSED = ("decision", "alternatives")


def render_facts(facts: LetterFacts) -> list[str]:
    """One line per field: the value and where it was read, or the marked fallback."""
    if not facts.values:
        return ["  (geen feiten gelezen: rules/structure/facts.yml ontbreekt)"]
    form = "je" if facts.form == "je" else "u"
    lines = [f"  aanspreekvorm: {form}  ({{u-vorm|je-vorm}} kiest '{form}')"]
    for name in FACT_FIELDS:
        value = shorten(facts.values.get(name, ""), SHOWN)
        if name in facts.read:
            lines.append(f"  {{{name}}}: {value}  ({shorten(facts.read[name].source, SHOWN)})")
        elif name == "alternatives" and facts.alternatives:
            lines.append(f"  {{{name}}}: {', '.join(facts.alternatives)}  (uit de catalogus)")
        elif name in COMPOSED:
            lines.append(f"  {{{name}}}: {value}")
        else:
            lines.append(f"  {{{name}}}: niet gelezen, wordt {value}")
    return lines
