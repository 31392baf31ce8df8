"""The forms of one Dutch verb, one form per slot: the present for a person, the past,
the participle, the (te-)infinitive, with a separable particle apart or joined.

Weak verbs go by rule; strong and irregular verbs take their past and participle from
``rules/structure/verb-forms.yml`` and their irregular presents from
``rules/structure/rewrites.yml``. Where the spelling of a stem is unsure (an unstressed
last syllable: "lever", not "leveer") and nothing settles it, there is no verb: a rewrite
that needs it is not made.
"""

from __future__ import annotations

from dataclasses import dataclass

from tonecheck.engine.word_forms import irregular_verbs
from tonecheck.rewrite.spec import VerbData

VOWELS = "aeiouy"
DIGRAPHS = ("aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei", "ij", "ou", "au")
VOICELESS = ("t", "k", "f", "s", "ch", "p", "x")  # 't kofschip: past -te, participle -t
PREFIXES = ("be", "ge", "her", "ont", "ver", "er")  # inseparable: no ge- in the participle
# prefixes that are inseparable only in some verbs (listed in rewrites.yml: 'onderzoeken')
SOMETIMES = ("achter", "onder", "over", "door", "voor", "weer", "mis", "vol", "om")
DIAERESIS = {"e": "ë", "i": "ï", "u": "ü"}
PERSONS = ("ik", "u", "je", "je-after", "hij", "wij")


@dataclass(frozen=True)
class Verb:
    """One verb: ``base`` is the verb without its separable ``particle``."""

    infinitive: str  # with the particle: "afwijzen"
    particle: str  # "af", or ""
    stem: str  # present stem of the base: "wijs"
    past_forms: tuple[str, str]  # of the base, singular and plural: ("wees", "wezen")
    participle_form: str  # with the particle: "afgewezen"
    present_forms: dict[str, str]  # irregular presents of the base, by person

    @property
    def base(self) -> str:
        return self.infinitive[len(self.particle) :]

    def present(self, person: str, joined: bool = False) -> str:
        """The present for ``person`` (one of PERSONS); ``joined``: with the particle in
        front (a subordinate clause: "dat wij uw aanvraag afwijzen")."""
        if person in self.present_forms:
            form = self.present_forms[person]
        elif person == "wij":
            form = self.base
        elif person in ("ik", "je-after"):
            form = self.stem
        else:
            form = self.stem if self.stem.endswith("t") else self.stem + "t"
        return self.particle + form if joined else form

    def past(self, plural: bool, joined: bool = False) -> str:
        form = self.past_forms[1 if plural else 0]
        return self.particle + form if joined else form

    def participle(self) -> str:
        """The past participle ('' for a verb without one, such as 'zullen')."""
        return self.participle_form

    def te_infinitive(self) -> str:
        """'terug te sturen', 'te betalen'."""
        return f"{self.particle} te {self.base}" if self.particle else f"te {self.base}"


def forms_of(word: str, verb: Verb) -> set[str]:
    """Which forms of ``verb`` ``word`` can be: present, past, participle, infinitive."""
    found = set()
    if word == verb.participle():
        found.add("participle")
    if word == verb.infinitive:
        found.add("infinitive")
    if any(word in (verb.present(p), verb.present(p, True)) for p in PERSONS):
        found.add("present")
    if any(word in (verb.past(n), verb.past(n, True)) for n in (False, True)):
        found.add("past")
    return found


def split_particle(infinitive: str, data: VerbData) -> tuple[str, str]:
    """(particle, base) of a verb: ('terug', 'sturen'), or ('', verb)."""
    if infinitive in data.inseparable:
        return "", infinitive
    for particle in data.particles:
        rest = infinitive[len(particle) :]
        fits = infinitive.startswith(particle) and len(rest) >= 4 and rest[0] not in VOWELS
        if fits and rest not in data.inseparable:
            return particle, rest
    return "", infinitive


def _prefix(base: str) -> str:
    """The inseparable prefix of a base verb ("be" in betalen), or ""."""
    if base.endswith("iëren"):
        return ""  # verifiëren, financiëren: a loan word, no prefix
    for prefix in sorted(PREFIXES, key=len, reverse=True):
        rest = base[len(prefix) :]
        if base.startswith(prefix) and len(rest) >= 4:
            if rest[0] == rest[1] and rest[0] not in VOWELS:
                return ""  # bellen, gebbe…: no prefix
            return prefix
    return ""


def _single_vowel_at(body: str, at: int) -> bool:
    if at < 0 or body[at] not in VOWELS:
        return False
    return body[at - 1 : at + 1] not in DIGRAPHS and body[at : at + 2] not in DIGRAPHS


def _vowel_groups(text: str) -> int:
    groups, inside = 0, False
    for char in text:
        vowel = char in VOWELS
        groups += vowel and not inside
        inside = vowel
    return groups


def stem_candidates(base: str) -> list[str]:
    """The present stems the spelling rules allow (two where the stress decides)."""
    if not base.endswith("en") or len(base) < 4:
        return []
    body = base[:-2]
    if body.endswith("iër"):
        return [body[:-3] + "ieer"]  # verifiëren -> verifieer
    if len(body) >= 2 and body[-1] == body[-2] and body[-1] not in VOWELS:
        stems = [body[:-1]]  # stellen -> stel
    elif len(body) >= 2 and body[-1] not in VOWELS and _single_vowel_at(body, len(body) - 2):
        doubled = body[:-2] + body[-2] * 2 + body[-1]
        vowel = body[-2]
        if vowel in "aou":
            stems = [doubled]  # maak, betaal, stuur
        elif vowel == "i":
            stems = [body]  # wijzig
        elif _vowel_groups(body) == 1:
            stems = [doubled]  # deel, neem, geef
        elif body.endswith("en") or _closed_before(body):
            stems = [body]  # reken, verander, behandel
        else:
            stems = [doubled, body]  # controleer or lever: unsure
    else:
        stems = [body]
    return [_devoiced(s) for s in stems]


def _closed_before(body: str) -> bool:
    """Whether the syllable before the last is closed ("and" in "verander"): then the
    last syllable is unstressed."""
    at = len(body) - 3  # the consonant(s) before the last vowel
    consonants = 0
    while at >= 0 and body[at] not in VOWELS:
        consonants += 1
        at -= 1
    return consonants >= 2


def _devoiced(stem: str) -> str:
    if stem.endswith("v"):
        return stem[:-1] + "f"
    if stem.endswith("z"):
        return stem[:-1] + "s"
    return stem


def _voiceless(base: str) -> bool:
    body = base[:-2]
    if len(body) >= 2 and body[-1] == body[-2]:
        body = body[:-1]
    return body.endswith(VOICELESS)


def _with_ge(form: str) -> str:
    if form and form[0] in DIAERESIS:
        return "ge" + DIAERESIS[form[0]] + form[1:]
    return "ge" + form


def _strong(base: str, inseparable: bool) -> tuple[str, str, tuple[str, ...]] | None:
    """(prefix, table verb, its forms) for a strong or irregular base verb."""
    table = irregular_verbs()
    if base in table:
        return "", base, table[base]
    prefixes = [_prefix(base)] + (list(SOMETIMES) if inseparable else [])
    for prefix in prefixes:
        if prefix and base.startswith(prefix) and base[len(prefix) :] in table:
            return prefix, base[len(prefix) :], table[base[len(prefix) :]]
    return None


def _present_forms(base: str, data: VerbData) -> dict[str, str]:
    if base in data.present:
        return dict(data.present[base])
    prefix = _prefix(base)
    rest = base[len(prefix) :]
    if prefix and rest in data.present:
        return {person: prefix + form for person, form in data.present[rest].items()}
    return {}


def conjugate(
    infinitive: str, data: VerbData, participle: str | None = None, particle: str | None = None
) -> Verb | None:
    """The forms of ``infinitive``; ``participle`` (as it stands in the letter) settles an
    unsure stem, ``particle`` names its separable particle ('mede' in mede|delen). None
    when a form cannot be made with confidence."""
    infinitive = infinitive.lower()
    if not infinitive.endswith("n") or not infinitive.isalpha():
        return None
    if particle and infinitive.startswith(particle):
        base = infinitive[len(particle) :]
    else:
        particle, base = split_particle(infinitive, data)
    presents = _present_forms(base, data)
    strong = _strong(base, infinitive in data.inseparable)
    stem = data.stems.get(infinitive) or data.stems.get(base)
    if stem is None and presents:
        stem = presents.get("ik")
    if stem is None:
        candidates = stem_candidates(base)
        if participle and len(candidates) > 1:
            core = participle.lower().removeprefix(particle)
            candidates = [c for c in candidates if core.endswith((c + "d", c + "t", c))]
        if len(candidates) != 1:
            return None
        stem = candidates[0]
    if base in data.past:
        pasts = data.past[base]
    elif strong is not None and len(strong[2]) >= 3:
        prefix, _, forms = strong
        pasts = (prefix + forms[-3], prefix + forms[-2])
    elif strong is not None:
        return None
    else:
        suffix = "te" if _voiceless(base) else "de"
        pasts = (stem + suffix, stem + suffix + "n")
    unprefixed = infinitive in data.inseparable and base.startswith(SOMETIMES)
    done = _participle(base, stem, strong, unprefixed)
    participle = particle + done if done else ""  # modals have none
    return Verb(infinitive, particle, stem, pasts, participle, presents)


def _participle(
    base: str, stem: str, strong: tuple[str, str, tuple[str, ...]] | None, inseparable: bool
) -> str | None:
    if strong is not None:
        prefix, _, forms = strong
        last = forms[-1]
        if not last.startswith("ge"):
            return None
        return prefix + last[2:] if prefix else last
    core = stem if stem.endswith(("t", "d")) else stem + ("t" if _voiceless(base) else "d")
    return core if _prefix(base) or inseparable else _with_ge(core)


def infinitive_of_participle(participle: str, data: VerbData) -> str | None:
    """The infinitive of a strong participle ('gekeken' -> 'kijken', 'afgewezen' ->
    'afwijzen', 'ontvangen' -> 'ontvangen'), from the irregular table; None if unknown."""
    word = participle.lower()
    table = irregular_verbs()
    for particle in ("", *data.particles):
        if not word.startswith(particle):
            continue
        rest = word[len(particle) :]
        for verb, forms in table.items():
            done = forms[-1] if forms else ""
            if not done.startswith("ge"):
                continue
            if rest == done:
                return particle + verb
            for prefix in PREFIXES:
                if rest == prefix + done[2:]:
                    return particle + prefix + verb
    return None
