"""How each category is shown to people: Dutch name, colour and a symbol.

Colour is never the only signal: every highlight and card also carries the symbol and
the name. Colours are light backgrounds with dark text (WCAG AA contrast on #fff text
areas is not needed; the text stays #1a1a1a on them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryStyle:
    label: str
    colour: str  # highlight background
    border: str  # darker edge for cards and underlines
    symbol: str


CATEGORY_STYLES: dict[str, CategoryStyle] = {
    "empathy": CategoryStyle("Begrip tonen", "#fde2e4", "#b3261e", "\u2665"),
    "reasons": CategoryStyle("Uitleg waarom", "#fff1c2", "#8a6100", "?"),
    "alternatives": CategoryStyle("Wat wel kan", "#d8f3dc", "#1b6e3a", "\u2192"),
    "next-steps": CategoryStyle("Wat gebeurt er nu", "#dbeafe", "#1d4ed8", "\u00bb"),
    "objection": CategoryStyle("Bezwaar", "#ede9fe", "#5b21b6", "\u00a7"),
    "contact": CategoryStyle("Contact", "#cffafe", "#0e7490", "\u260e"),
    "plain-language": CategoryStyle("Ambtelijke taal", "#f3e8d6", "#7c4a03", "A"),
    "sentence-length": CategoryStyle("Lange zin", "#e5e7eb", "#374151", "\u2194"),
    "passive": CategoryStyle("Lijdende vorm", "#fce7f3", "#9d174d", "P"),
    "readability": CategoryStyle("Leesbaarheid", "#ecfccb", "#3f6212", "B1"),
    "tone": CategoryStyle("Toon", "#ffe4d5", "#9a3412", "!"),
    "address": CategoryStyle("Aanspreken", "#e0e7ff", "#3730a3", "U"),
    "clarity": CategoryStyle("Duidelijkheid", "#f5f5f4", "#44403c", "i"),
}
FALLBACK = CategoryStyle("Overig", "#f3f4f6", "#374151", "\u2022")


def style_of(category: str) -> CategoryStyle:
    return CATEGORY_STYLES.get(category, FALLBACK)
