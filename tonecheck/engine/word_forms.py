"""The inflected forms of a Dutch word, made by rule from its dictionary form.

Term lists matched in every form (:mod:`tonecheck.engine.lemma_terms`) use these beside
the pipeline's lemmas: the lemmatizer knows the words of its training data but leaves
rarer forms alone ("constateer", "beoogt", "expliciete"). The rules over-generate where
spelling is ambiguous (a stressed or unstressed last syllable: "evalueer" but "vorder",
"snelle" but "gelijktijdige"): a form that is no Dutch word never stands in a letter, so
it costs nothing. Strong and irregular verbs take their past forms from
``rules/structure/verb-forms.yml``; a compound ("verzoeken", "aanvangen") from its last
part ("zoeken", "vangen").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tonecheck.common.yamlfile import DataFileError, Problem, load_yaml_fast
from tonecheck.paths import structure_dir

VOWELS = "aeiouy"
DIGRAPHS = frozenset(
    ["aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei", "ij", "ou", "au", "ai", "oi"]
)
INSEPARABLE = ("be", "ge", "her", "ont", "ver", "er")
VOICELESS = ("t", "k", "f", "s", "ch", "p", "x")  # 't kofschip: these stems take -te/-t
DIAERESIS = {"e": "ë", "i": "ï", "u": "ü"}  # ge + evalueerd -> geëvalueerd
MONOSYLLABIC = ("aan", "oen", "ien")  # gaan, doen, zien: every form is in the table
VERB_FORMS_FILE = "verb-forms.yml"


@dataclass(frozen=True)
class VerbForms:
    """The forms of a verb: ``joined`` with any particle in front of it, ``split`` the
    forms of the verb without its particle (for "wendt ... aan", "aan te wenden")."""

    joined: frozenset[str]
    split: frozenset[str]


@cache
def irregular_verbs(folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Infinitive -> its irregular forms, from rules/structure/verb-forms.yml."""
    path = (folder or structure_dir()) / VERB_FORMS_FILE
    data = load_yaml_fast(path)
    verbs = data.get("verbs") if isinstance(data, dict) else None
    if not isinstance(verbs, dict) or not all(
        isinstance(forms, list) and all(isinstance(f, str) for f in forms)
        for forms in verbs.values()
    ):
        raise DataFileError(
            [Problem(str(path), 1, 1, "'verbs:' moet per infinitief een lijst vormen geven")]
        )
    return {str(k).lower(): tuple(f.lower() for f in v) for k, v in verbs.items()}


def _is_single_vowel(body: str, at: int) -> bool:
    """Whether ``body[at]`` is a vowel written alone (not half of "ee", "ie", "ui" …)."""
    if body[at] not in VOWELS:
        return False
    before = body[at - 1 : at + 1] if at > 0 else ""
    after = body[at : at + 2]
    return before not in DIGRAPHS and after not in DIGRAPHS


def _stems(infinitive: str) -> tuple[list[str], bool]:
    """The present stems of a weak verb (both spellings where the stress decides) and
    whether its past takes -te (t kofschip, judged before devoicing v/z)."""
    body = infinitive[:-2] if infinitive.endswith(("en", "ën")) else infinitive
    if "ë" in body[-3:]:  # initiëren, verifiëren: -iëren -> -ieer
        body = body.replace("ë", "e")
        stems = [body[:-2] + "eer"] if body.endswith("er") else [body]
        return stems, False
    voiceless = body.endswith(VOICELESS)
    if len(body) >= 2 and body[-1] == body[-2] and body[-1] not in VOWELS:
        stems = [body[:-1]]  # leggen -> leg, stellen -> stel
    else:
        stems = [body]
        if len(body) >= 3 and body[-1] not in VOWELS and _is_single_vowel(body, len(body) - 2):
            stems.append(body[:-2] + body[-2] * 2 + body[-1])  # maak, evalueer, beoog
    devoiced = []
    for stem in stems:
        if stem.endswith("v"):
            stem = stem[:-1] + "f"
        elif stem.endswith("z"):
            stem = stem[:-1] + "s"
        devoiced.append(stem)
    return devoiced, voiceless


def _with_ge(form: str) -> list[str]:
    """ge + form, with a diaeresis where two vowels meet (geëvalueerd, geïnformeerd)."""
    joined = ["ge" + form]
    if form and form[0] in DIAERESIS:
        joined.append("ge" + DIAERESIS[form[0]] + form[1:])
    return joined


def _participles(stem_participle: str, infinitive: str) -> list[str]:
    """ge- participles; without ge- as well after an inseparable prefix (verstrekt)."""
    found = _with_ge(stem_participle)
    if infinitive.startswith(INSEPARABLE) or infinitive.startswith(("over", "onder", "door")):
        found.append(stem_participle)
    return found


def _weak_forms(infinitive: str) -> set[str]:
    stems, voiceless = _stems(infinitive)
    forms = {infinitive, infinitive + "d", infinitive + "de"}
    for stem in stems:
        past = "te" if voiceless else "de"
        forms |= {stem, stem + past, stem + past + "n"}
        if not stem.endswith("t"):
            forms.add(stem + "t")
        participle = stem if stem.endswith(("t", "d")) else stem + past[0]
        for done in _participles(participle, infinitive):
            forms |= {done, done + "e"}
    return forms


AMBIGUOUS = ("over", "onder", "door", "om", "mis", "vol", "weer", "achter")  # both kinds


def _strong_base(infinitive: str) -> tuple[str, str] | None:
    """(prefix, table verb) for a verb in the table, or a compound of one with an
    inseparable prefix (verzoeken, bevinden, onderwerpen)."""
    table = irregular_verbs()
    for cut in range(len(infinitive) - 3):
        rest = infinitive[cut:]
        prefix = infinitive[:cut]
        if rest in table and (not prefix or prefix in INSEPARABLE or prefix in AMBIGUOUS):
            return prefix, rest
    return None


def _strong_forms(prefix: str, verb: str) -> set[str]:
    listed = irregular_verbs()[verb]
    forms = {verb, *listed}
    if not verb.endswith(MONOSYLLABIC) and verb != "zijn":
        stems, _ = _stems(verb)
        forms |= {verb + "d", verb + "de", *stems}
        forms |= {s + "t" for s in stems if not s.endswith("t")}
    participles = {f for f in listed if f.startswith("ge")}
    forms |= {f + "e" for f in participles}
    if not prefix:
        return forms
    joined = set()
    for form in forms:
        done = form.removesuffix("e") in participles
        if done and prefix in INSEPARABLE:
            joined.add(prefix + form[2:])  # verzocht, bevonden (not vergezocht)
        elif done:
            joined |= {prefix + form[2:], prefix + form}  # overwogen / overgegaan
        else:
            joined.add(prefix + form)
    return joined


def verb_forms(infinitive: str, particle: str = "") -> VerbForms:
    """Every single-word form of a verb; ``particle`` is a separable particle written
    apart in the entry ("aan" for aan|wenden): its forms then come joined (aanwendt,
    aangewend) and, for a split verb, without it (wendt … aan, aan te wenden)."""
    infinitive = infinitive.lower()
    strong = _strong_base(infinitive)
    forms = _strong_forms(*strong) if strong is not None else _weak_forms(infinitive)
    if not particle:
        return VerbForms(frozenset(forms), frozenset())
    return VerbForms(frozenset(particle + f for f in forms), frozenset(forms))


def _adjective_stems(word: str) -> set[str]:
    """The stem before -e/-er: integraal -> integral, snel -> snell, actief -> actiev."""
    stems = {word}
    if len(word) >= 3 and word[-3:-1] in ("aa", "ee", "oo", "uu"):
        stems.add(word[:-2] + word[-1])
        if word[-4:-2] == "ie":  # essentieel -> essentiële
            stems.add(word[:-3] + "ë" + word[-1])
    if len(word) >= 3 and word[-1] not in VOWELS and _is_single_vowel(word, len(word) - 2):
        stems.add(word + word[-1])
    for stem in list(stems):
        if stem.endswith("f"):
            stems.add(stem[:-1] + "v")
        elif stem.endswith("s"):
            stems.add(stem[:-1] + "z")
    return stems


def adjective_forms(word: str) -> set[str]:
    """Inflected, comparative, superlative and partitive forms (additionele,
    explicieter, relevantst, iets relevants)."""
    word = word.lower()
    if word.endswith(("e", "en")) or not word.isalpha():
        return set()
    superlative = word + ("t" if word.endswith("s") else "st")
    forms = {word + "s", superlative, superlative + "e"}
    for stem in _adjective_stems(word):
        forms |= {stem + "e", stem + "er", stem + "ere"}
    if word.endswith("r"):
        forms |= {word + "der", word + "dere"}
    return forms


def plural_forms(word: str) -> set[str]:
    """Plurals of a noun (implicaties, prioriteiten, casussen, beëindigingen)."""
    word = word.lower()
    if not word.isalpha():
        return set()
    forms = {word + "s", word + "n" if word.endswith("e") else word + "en"}
    if word.endswith("heid"):
        forms.add(word[:-4] + "heden")
    for stem in _adjective_stems(word):
        forms.add(stem + "en")
    return forms


def spellings(term: str) -> list[str]:
    """How a term written with its capitals may stand in a letter: as written, in
    capitals, and (a term in small letters) with a capital first ("Wmo", "WMO"; "pgb",
    "Pgb", "PGB"); never in small letters when written with capitals ("ZIN" is no "zin")."""
    found = [term, term.upper()]
    if term == term.lower():
        found.append(term[:1].upper() + term[1:])
    return list(dict.fromkeys(found))
