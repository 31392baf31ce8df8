"""The infinitive behind a regular (weak) Dutch past participle the model did not know.

The trained lemmatizer knows the participles of its training data ("afgewezen" →
"afwijzen") but leaves rarer ones as they are ("teruggevorderd"). Weak verbs form their
participle by rule — (particle +) ge + stem + d/t — so the rule can be run backwards:
"teruggevorderd" → "terug" + "vorder" → "terugvorderen", "opgelegd" → "opleggen",
"terugbetaald" → "terugbetalen". Strong participles ("gebleken") are left alone.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

# separable particles, longest first so "terug" wins over "te…"
_PARTICLE_WORDS = """aan af bij binnen buiten dicht door in kwijt langs los mee na neer om onder op
open over rond samen tegen terecht terug thuis toe uit vast voor weg"""
PARTICLES = tuple(sorted(_PARTICLE_WORDS.split(), key=len, reverse=True))
INSEPARABLE = ("be", "ge", "her", "ont", "ver", "er")
VOWELS = "aeiouy"
VOICELESS = ("t", "k", "f", "s", "ch", "p")  # 't kofschip: these stems take -t
LONG_VOWELS = ("aa", "ee", "oo", "uu")
SCHWA_ENDINGS = re.compile(r"[^aeiou](el|er|en|em|ig)$")
VOWEL_GROUPS = re.compile(r"[aeiouy]+")
MIN_STEM = 2


def _split_prefix(word: str) -> tuple[str, str] | None:
    """(particle, rest after 'ge'), or ('', rest) for a verb without ge- (be-, ver-, …)."""
    for particle in ("", *PARTICLES):
        if word.startswith(particle + "ge") and len(word) - len(particle) - 2 > MIN_STEM:
            return particle, word[len(particle) + 2 :]
    for particle in ("", *PARTICLES):
        rest = word[len(particle) :]
        if word.startswith(particle) and rest.startswith(INSEPARABLE) and len(rest) > 4:
            return particle, rest
    return None


def _infinitive_of_stem(stem: str, suffix: str) -> str:
    """'vorder' → 'vorderen', 'betaal' → 'betalen', 'leg' → 'leggen', 'leef'+d → 'leven'."""
    if suffix == "d" and stem.endswith("f"):
        stem = stem[:-1] + "v"  # geleefd: a d after f means the stem ends in v
    elif suffix == "d" and stem.endswith("s"):
        stem = stem[:-1] + "z"  # gereisd
    body, last = stem[:-1], stem[-1]
    if last in VOWELS:
        return stem + "n" if stem.endswith("e") else stem + "en"
    if body.endswith(LONG_VOWELS) and len(body) >= 2:
        # a long vowel is written single in an open syllable: betaal → betalen
        return body[:-1] + last + "en"
    if body and body[-1] in VOWELS and (len(body) < 2 or body[-2] not in VOWELS):
        if SCHWA_ENDINGS.search(stem) and len(VOWEL_GROUPS.findall(stem)) > 1:
            return stem + "en"  # vorder → vorderen, reken → rekenen (not stel → stelen)
        return stem + last + "en"  # leg → leggen, stel → stellen
    return stem + "en"


def infinitive_of_participle(form: str) -> str | None:
    """The infinitive of a regular weak participle, or None when the form is not one."""
    word = form.lower()
    if len(word) < 5 or not word.isalpha() or word[-1] not in "dt":
        return None
    split = _split_prefix(word)
    if split is None:
        return None
    particle, rest = split
    stem, suffix = rest[:-1], rest[-1]
    if stem[-1] in VOWELS or (suffix == "t" and not stem.endswith(VOICELESS)):
        # the t/d belongs to the stem: gepraat, gezet; gekort (a suffix after r is d)
        stem, suffix = rest, ""
    if len(stem) < MIN_STEM or not any(c in VOWELS for c in stem):
        return None
    return particle + _infinitive_of_stem(stem, suffix)


# prefixes a past participle starts with, after any particle (afgewezen, vastgesteld,
# goedgekeurd, betaald, overwogen)
PAST_PREFIXES = ("ge", *INSEPARABLE, "mis", "onder", "over", "door", "om", "vol", "weer", "achter")
# nouns and adjectives used as separable particles (kennisgenomen, teleurgesteld)
NOMINAL_PARTICLES = (
    "bekend", "deel", "goed", "kennis", "klaar", "plaats", "schoon", "stil", "stop",
    "tegemoet", "teleur", "vrij", "zeker",
)  # fmt: skip


def is_past_participle(token: Token) -> bool:
    """Whether a token tagged as a participle has the shape of a past participle: ge- or
    an unstressed prefix, after any particle, and -d, -t or -n. Not a present participle
    (its lemma is the word without -d: "uiteenlopend" → uiteenlopen) nor an infinitive the
    tagger took for one ("uitleggen")."""
    word = token.lower_
    if "Part" not in token.morph.get("VerbForm", []) or not word.endswith(("d", "t", "n")):
        return False
    lemma = token.norm_
    if word.endswith("nd") and lemma.endswith("en") and not lemma.endswith("nen"):
        return False
    for particle in ("", *PARTICLES, *NOMINAL_PARTICLES):
        rest = word[len(particle) :]
        if word.startswith(particle) and rest.startswith(PAST_PREFIXES) and len(rest) > 3:
            return True
    return False
