"""Time linear in the letter's length, whatever it holds (issue 23, points 2 and 4).

The tokenizer was quadratic on long runs of punctuation, symbols or emoji; a rule's
REGEX ran on Python's backtracking ``re`` (``^(a|aa)+b$`` took minutes on one token).
Timings are compared with each other (ratios with slack), never with a wall clock.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time

import pytest
from spacy.tokenizer import Tokenizer

from tonecheck.common.linear_regex import searcher, to_re2
from tonecheck.nlp.affix_cuts import LONG_SPAN, MAX_STEPS, MAX_STRETCH, PIECE, affix_cuts
from tonecheck.nlp.tokenizer import tokenizer_like

EMOJI = [chr(c) for c in range(0x1F600, 0x1F650)]
RUNS = {  # seed -> length -> a text; a text of its own for every seed (spaCy caches)
    "!?.": lambda seed, n: ("!?." * (n + 3))[seed % 3 :][:n],
    "emoji": lambda seed, n: "".join(random.Random(seed).choices(EMOJI, k=n)),
    "punctuation": lambda seed, n: "".join(random.Random(seed).choices("!?.,;:'\"()#%*&+=_$", k=n)),
    "underscores": lambda seed, n: "_" * (n - seed % 10),
    "currency": lambda seed, n: "".join(random.Random(seed).choices(["A$", "C$", "$"], k=n))[:n],
    "emoticons": lambda seed, n: "".join(random.Random(seed).choices([":D", ":P", ":-)"], k=n))[:n],
}


def _cpu_seconds(tokenize, make, size: int, seed: int) -> float:
    """The least CPU time of three runs, each on a text of its own."""
    best = float("inf")
    for repeat in range(3):
        text = make(seed * 10 + repeat, size)
        start = time.process_time()
        tokenize(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("kind", RUNS)
def test_tokenizing_a_long_run_takes_time_linear_in_its_length(nlp, kind):
    make, size = RUNS[kind], 6000
    one, two, four = (_cpu_seconds(nlp.tokenizer, make, size * k, k) for k in (1, 2, 4))
    # linear: about 2 and 4; spaCy's own tokenizer gave 4 and 16 (and 21 s for 10 KB)
    assert two < 3.2 * one and four < 7 * one, (one, two, four)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["!?.", "underscores", "currency"])
def test_the_plain_spacy_tokenizer_was_quadratic_there(nlp, kind):
    """The measure above can fail: on spaCy's own tokenizer the ratio is quadratic."""
    plain = tokenizer_like(nlp.tokenizer, Tokenizer)
    one, four = (_cpu_seconds(plain, RUNS[kind], 600 * k, k) for k in (1, 4))
    assert four > 9 * one, (one, four)


def test_offsets_stay_the_letters_own(nlp):
    run = "".join(random.Random(3).choice("!?.😀❤️✨") for _ in range(1000))
    text = (
        "Geachte heer Jansen,\n\nWij hebben uw aanvraag ontvangen" + run + "echt waar. "
        "Uw zaak {{ zaak.nummer }} is klaar" + run + "\u00a0\n" + run + " Bel ons gerust."
    )
    doc = nlp(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    for sentence in doc.sents:
        assert text[sentence.start_char : sentence.end_char] == sentence.text
    # the words around the runs are tokenized as spaCy does
    assert [t.text for t in doc if t.is_alpha] == [
        "Geachte", "heer", "Jansen", "Wij", "hebben", "uw", "aanvraag", "ontvangen", "echt",
        "waar", "Uw", "zaak", "is", "klaar", "Bel", "ons", "gerust",
    ]  # fmt: skip
    assert [t.text for t in doc if t.text.startswith("{{")] == ["{{ zaak.nummer }}"]


def test_ordinary_text_is_cut_nowhere(nlp):
    plain = tokenizer_like(nlp.tokenizer, Tokenizer)
    url = "(zie https://www.rijksoverheid.nl/" + "onderwerpen/bijstand/" * 20 + "?a=1&b=2)."
    text = f"Echt?!... {'-' * LONG_SPAN} en {'.' * LONG_SPAN} {url} :-) {'x' * MAX_STRETCH}"
    assert affix_cuts(text, nlp.tokenizer.prefix_search, nlp.tokenizer.suffix_search) == []
    assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in plain(text)]


def test_a_stretch_is_cut_between_its_affixes(nlp):
    tokenizer = nlp.tokenizer
    text = "Hallo " + "!" * 40 + "x" * 200 + " daar"
    cuts = affix_cuts(text, tokenizer.prefix_search, tokenizer.suffix_search)
    # after the first 17 peeled '!' (one more than MAX_STEPS), then every PIECE characters
    assert cuts == list(range(6 + MAX_STEPS + 1, 6 + 240, PIECE))
    long_word = "Hallo " + "x" * (MAX_STRETCH + 10) + " daar"
    assert affix_cuts(long_word, tokenizer.prefix_search, tokenizer.suffix_search) == [
        6 + MAX_STRETCH
    ]
    doc = tokenizer(text)
    assert doc.text == text and [t.text for t in doc][-1] == "daar"


# every REGEX of the default rules, and what Python's re does differently from RE2 alone
EXPRESSIONS = [
    "^on[a-z]{4,}$",
    "(ing|atie|tie)$",
    "^0[0-9]{1,3}(-?[0-9]{6,8})?$",
    "^(14 ?0[0-9]{2,3}|0[0-9]{9}|0[0-9]{2,3}-[0-9]{6,7})$",
    "^[A-Z]{2}[0-9]{2}$",
    "^([a-z]|[0-9]{1,2}°?|[ivx]{1,4})$",
    r"^\w+$",
    r"\W",
    r"^[^\W\d_]+$",
    r"\d",
    r"^\D+$",
    r"\s",
    r"^\S+$",
    r"[\w.-]+@",
    "(?i)^ÉÉN$",
    "(?i)[^a-z]",
    "(?i)straße",
    "(?i:ab)c",
    "^$",
    "a$",
    "(?m)^b",
    "(?s)a.b",
    "a.b",
    "x*?y",
    "[]a]",
    "[^]a]",
    r"(?a)^\w+$",
    r"(?a)\bab\b",
    r"^\u00e9",
    "[^a-zé-ë]",
]
SUBJECTS = [
    "", "a", "ab", "a\n", "a\nb", "a\nb\n", "één", "ÉÉN", "Een", "straße", "STRASSE", "x\ny",
    "axb", "a\nb", "naïef", "ideeën", "12", "١٢", "²", "_", "a_b", " ", "\u00a0", "\t",
    "onmogelijk", "beslissing", "informatie", "0612345678", "14 020", "020-1234567", "NL91",
    "AB12", "ii", "3°", "x", "]", "jan@x.nl", "ab cd", "Ab", "éa", "ë", "\u2028", "xxy",
]  # fmt: skip


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_re2_finds_what_python_finds(expression):
    search = searcher(expression)
    python = re.compile(expression)
    wrong = [s for s in SUBJECTS if search(s) != bool(python.search(s))]
    assert wrong == [], to_re2(expression)


def test_a_lone_surrogate_does_not_break_a_search():
    assert searcher("^a")("a\udc80") is True


RULES = """\
rules:
  - id: huis.traag
    category: clarity
    level: suggestion
    message: Dit woord is verdacht.
    suggestion: Schrijf het anders.
    check:
      kind: pattern
      patterns:
        - [{LOWER: {REGEX: "^(a|aa)+b$"}}]
        - [{LOWER: u}, {LOWER: {REGEX: "^(a|aa)+b$", NOT_IN: [ab]}}]
        - [{IS_ALPHA: true}, {TEXT: {REGEX: {IN: ["^(a|aa)+c$", "^(a+)+d$"]}}}]
      dependency:
        - - {RIGHT_ID: w, RIGHT_ATTRS: {LOWER: {REGEX: "^(a|aa)+b$"}, IS_ALPHA: true}}
    examples:
      flag: [Wij sturen u aaab vandaag.]
      ok: [Wij sturen u de brief vandaag.]
"""


@pytest.mark.slow
def test_a_regex_that_backtracks_in_python_runs_fast_on_60_letters_a(tmp_path):
    """40 letters "a" took 21 s per token on Python's re, 60 far longer than any timeout."""
    rules = tmp_path / "regels.yml"
    rules.write_text(RULES, encoding="utf-8")
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "Geachte heer Jansen,\n\nWij sturen u " + "a" * 60 + " en " + "a" * 61 + "b en "
        + "a" * 60 + "c vandaag.\n\nMet vriendelijke groet,\n",
        encoding="utf-8",
    )  # fmt: skip
    command = [sys.executable, "-m", "tonecheck"]
    result = subprocess.run(
        [*command, "check", "--rules", str(rules), "--format", "jsonl", str(letter)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    found = [line for line in result.stdout.splitlines() if "huis.traag" in line]
    assert found  # the token that matches is still found
    tested = subprocess.run(
        [*command, "rules", "test", str(rules)], capture_output=True, text=True, timeout=240
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
