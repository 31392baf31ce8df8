"""Template placeholders in letter text: ``{$content->reference}``, ``%ZAAK.NUMMER%``,
``[naam]``, ``{{ naam }}``, ``<<naam>>``, ``[[naam]]``, ``:naam``, ``@if (…)``.

Letters drafted from a template still hold them. The tokenizer keeps each as one token
(:mod:`tonecheck.nlp.tokenizer`), the text reader never joins a line of them to prose, and
the rules know a line that a template fills in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    # Laravel and Symfony translation strings: :fund_name, :reason (lower case, after a
    # space or an opening mark; never a time, a law article or a URL: 10:30, 4:5, https:)
    r"|(?<![\w:/.])\:[a-z][a-z0-9_]{2,60}(?:\.[a-z0-9_]{1,60}){0,5}\b"
    # Blade directives: @if ($x), @elseif (…), @else, @endif, @foreach (…); not in an
    # e-mail address (info@fortis.nl)
    r"|(?<![\w.])@(?:if|elseif|unless|foreach|forelse|for|while|isset|empty|switch|case)"
    r"\s*\((?:[^()\n]|\([^()\n]{0,100}\)){1,200}\)"
    r"|(?<![\w.])@(?:else|endif|endunless|endforeach|endforelse|endfor|endwhile|endisset"
    r"|endempty|endswitch|break|default)\b"
)


OPENERS = frozenset("{[<%$\u00ab:@")  # the first characters of placeholders


def is_placeholder(text: str) -> bool:
    """Whether a token's text is a whole template placeholder."""
    return text[:1] in OPENERS and PLACEHOLDER.fullmatch(text) is not None


# a template's control tag, which fills in nothing: {if …}, {/if}, {else}, {% endif %},
# {{#each …}}, {{/each}}, {{ else }}, @if (…), @endif
CONTROL_TAG = re.compile(
    r"\{%-?\s*(?:if|elif|else|endif|for|endfor|block|endblock|include|set|with|endwith)\b"
    r"|\{/|\{(?:if|elseif|else|foreach|for|block|include|var|define|layout)\b"
    r"|\{\{\s*(?:[#/^]|else\b)"
    r"|@"  # every Blade directive PLACEHOLDER knows
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
