"""The Dutch tokenizer for letters: spaCy's Dutch rules minus abbreviations that are words,
and template placeholders as one token each.

spaCy's Dutch exceptions read ``u.``, ``al.``, ``dat.`` and a few more as abbreviations,
so "Wij horen graag van u." loses its sentence-final full stop. In letters these are
ordinary words far more often than abbreviations, so their exceptions are dropped.

Letters drafted from a template still hold its placeholders (``{$content->reference}``,
``%ZAAK.NUMMER%``, ``[naam]``, ``{{ naam }}``, ``<<naam>>``, ``[[naam]]``). Cut into
pieces they gave the parser full stops and colons to end a sentence at, and the rules
capitals and words to flag; each is kept as one opaque token instead.

A space-free stretch with many prefixes or suffixes (``!?.!?.…``, 20,000 emoji) is cut
between them first (:mod:`tonecheck.nlp.affix_cuts`): spaCy's time on it was quadratic.
The pieces are joined again, so the Doc's text and offsets are the letter's own.

The pipeline's config names this module's factory, so the special cases are built once at
load; :func:`letter_tokenizer` gives another pipeline's tokenizer the placeholders too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import TypeVar

from spacy.lang.nl import Dutch
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from tonecheck.nlp.affix_cuts import affix_cuts

WORDS_NOT_ABBREVIATIONS = frozenset(
    f"{word}." if not cap else f"{word.capitalize()}."
    for word in ("u", "al", "dat", "pas", "me", "top", "ver", "vol", "best", "hand", "bel")
    for cap in (False, True)
)

# Template placeholders, each within one line. Single braces and double angle brackets
# never occur in letter Dutch; square brackets hold a placeholder, an omission or an
# editor's insertion, all better left alone; "%" only opens one when a letter follows it
# (templates by hand write "%ZAAK. Zaakidentificatie%", with a space).
PLACEHOLDER = re.compile(
    r"\{\{.{0,200}?\}\}"  # Jinja, Django, Mustache: {{ naam }}
    r"|\{%.{0,200}?%\}"  # their tags: {% if signal.location %}
    r"|\$?\{[^{}\n]{1,200}\}"  # Smarty and the like: {$content->reference}, {/if}, ${naam}
    r"|\[\[[^\[\]\n]{1,200}\]\]"  # wiki style: [[naam]]
    r"|\[[^\[\]\n]{1,100}\](?!\()"  # [naam], [datum besluit]; not a Markdown link
    r"|<<[^<>\n]{1,200}>>"  # <<naam>>
    r"|\u00ab[^\u00ab\u00bb\s]{1,100}\u00bb"  # Word merge fields: «Naam»
    r"|%[^\W\d][\w.\-]*(?:\. [\w.\-]+)*%"  # %ZAAK.NUMMER%
)


OPENERS = frozenset("{[<%$\u00ab")  # the first characters of placeholders


def is_placeholder(text: str) -> bool:
    """Whether a token's text is a whole template placeholder."""
    return text[:1] in OPENERS and PLACEHOLDER.fullmatch(text) is not None


# a template's control tag, which fills in nothing: {if …}, {/if}, {else}, {% endif %},
# {{#each …}}, {{/each}}, {{ else }}
CONTROL_TAG = re.compile(
    r"\{%-?\s*(?:if|elif|else|endif|for|endfor|block|endblock|include|set|with|endwith)\b"
    r"|\{/|\{(?:if|elseif|else|foreach|for|block|include|var|define|layout)\b"
    r"|\{\{\s*(?:[#/^]|else\b)"
)


def only_placeholders(text: str) -> bool:
    """Whether a text holds nothing but template placeholders (and white space): a line
    a template fills in, whose words tonecheck cannot read."""
    rest = PLACEHOLDER.sub("", text)
    return rest != text and not rest.strip()


def fills_in(text: str) -> bool:
    """Whether a text is only placeholders, at least one of which fills in text (not
    only control tags such as ``{if …}`` and ``{/if}``)."""
    return only_placeholders(text) and any(
        CONTROL_TAG.match(match.group()) is None for match in PLACEHOLDER.finditer(text)
    )


def placeholder_spans(text: str) -> Iterator[tuple[int, int]]:
    """Start and end offsets of the placeholders in a text."""
    return (match.span() for match in PLACEHOLDER.finditer(text))


T = TypeVar("T", bound=Tokenizer)


class LetterTokenizer(Tokenizer):
    """spaCy's tokenizer, with every template placeholder kept as one token."""

    def __call__(self, text: str) -> Doc:
        """Tokenize a text; the pieces between placeholders as spaCy would."""
        docs: list[Doc] = []
        position = 0
        for start, end in placeholder_spans(text):
            if start > position:
                docs += self._pieces(text[position:start])
            # a single space after the placeholder is its whitespace, as after any token
            space = text.startswith(" ", end)
            docs.append(Doc(self.vocab, words=[text[start:end]], spaces=[space]))
            position = end + space
        if not docs:
            cuts = affix_cuts(text, self.prefix_search, self.suffix_search)
            if not cuts:
                return super().__call__(text)
            docs = self._pieces(text, cuts)
        elif position < len(text):
            docs += self._pieces(text[position:])
        # the pieces keep what the tokenizer's special cases set (their norms); spaCy's
        # type stub lacks `exclude` (spaCy 3.3+), without which empty tensors are stacked
        return Doc.from_docs(  # type: ignore[call-arg]
            docs, ensure_whitespace=False, attrs=["ORTH", "NORM"], exclude=["tensor", "user_data"]
        )

    def _pieces(self, text: str, cuts: list[int] | None = None) -> list[Doc]:
        """``text`` tokenized by spaCy, cut first where affixes pile up."""
        if cuts is None:
            cuts = affix_cuts(text, self.prefix_search, self.suffix_search)
        tokenize = super().__call__
        return [tokenize(text[a:b]) for a, b in pairwise([0, *cuts, len(text)])]


def letter_tokenizer(tokenizer: Tokenizer) -> LetterTokenizer:
    """A spaCy tokenizer with the same settings that keeps placeholders whole."""
    if isinstance(tokenizer, LetterTokenizer):
        return tokenizer
    return tokenizer_like(tokenizer, LetterTokenizer)


def tokenizer_like(tokenizer: Tokenizer, kind: type[T]) -> T:
    """A tokenizer of class ``kind`` with ``tokenizer``'s rules, affixes and matchers."""
    return kind(
        tokenizer.vocab,
        rules=tokenizer.rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
        faster_heuristics=tokenizer.faster_heuristics,
    )


@registry.tokenizers("tonecheck.dutch_tokenizer.v1")
def create_dutch_letter_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory: spaCy's Dutch tokenizer settings without word-like abbreviations,
    keeping placeholders whole."""

    def make(nlp: Language) -> Tokenizer:
        defaults = Dutch.Defaults
        rules = {
            key: value
            for key, value in defaults.tokenizer_exceptions.items()
            if key not in WORDS_NOT_ABBREVIATIONS
        }
        return LetterTokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make
