"""The sharp test: take a letter that does a thing well, remove exactly that, and the
finding must appear.

For every letter of ../shared/dev-letters and ../shared/real-letters whose sentences are
annotated with roles (training/roles/external/, offsets into ../shared; the dev-letters
are never trained on), and that has the thing, the sentences with that role are cut out
and the letter is checked again:

| removed (roles)              | the finding that must appear |
|------------------------------|------------------------------|
| empathy                      | empathie.ontbreekt           |
| reason-case, reason-rule     | reden.ontbreekt              |
| alternative                  | alternatief.ontbreekt        |
| objection-term               | bezwaar.termijn-ontbreekt    |
| the term phrase only (words) | bezwaar.termijn-ontbreekt    |
| objection-where              | bezwaar.adres-ontbreekt      |
| objection-right (+ term, where) | bezwaar.ontbreekt         |

Cutting the objection-term sentences often cuts the right and the where with them (one
sentence holds the whole clause), so the more general finding fires instead. The where
cut counts only letters where a sentence with the right but not the where survives it. The word
cut ("objection term words") removes only the term phrase inside those sentences
("binnen zes weken", "binnen 6 weken na de dagtekening van deze brief", "uiterlijk op
14 april 2026", ", gerekend vanaf de datum van deze brief"; :data:`TERM`, a general
pattern of a duration or date and what it is counted from, written on the train and dev
letters) and keeps the rest of the sentence; letters where some term sentence holds no
such phrase are left out and counted.

Only letters that need the thing (bad news for the first three, a decision for the
objection clause, by their role annotations) and where the finding is absent before the
cut count (otherwise the cut proves nothing); a finding at any level counts. Prints,
per thing, how often the finding appeared.

The other half of the sharp test: reword the thing instead (``--reword``, with the
paraphrases of eval/reword/*.tsv: the same job in other words, written by helpers that
saw only those sentences) and no finding may appear. The paraphrases are of the written
test letters (paraphrases.tsv; training/roles/, ``--letters test``: never tuned on), of
the second round of unseen writers (paraphrases-unseen.tsv), which trains the model since
2026-12-07 (its paraphrases apply to its letters in the test split), and of the eighth
round (paraphrases-unseen-r8.tsv; ``--letters unseen --writers 83-88``), so both halves
also run there.

``--letters dev`` cuts the written dev letters (for tuning; the role model trained on
those of writers 1-25).

``--why`` (with a cut) shows, under each missed letter, the sentences left that tonecheck
still reads with one of the cut roles, with their scores: what made the finding stay
away (a retold account read as a reason, a next step read as an alternative).

``--writers 83-88`` (written letters) keeps only those writers' letters.

Usage: python eval/ablation.py [--letters shared|dev|test|unseen] [--writers 83-88]
       [--reword] [--show] [--why] [--config TOML]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from functools import partial
from pathlib import Path

from tonecheck.documents.read import read_document
from tonecheck.nlp.letter import understand
from tonecheck.runtime import Runtime, load_checker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training" / "roles"))
from roles_data import Letter, read_external  # noqa: E402
from train_roles import letters_in, writer_number, writer_range  # noqa: E402

SHARED = ROOT.parent / "shared"
PARAPHRASES = ROOT / "eval" / "reword"  # *.tsv: letter, role, sentence, paraphrase
NEGATIVE = {"decision-negative"}
DECISION = {"decision-negative", "decision-positive"}
# what is cut, the finding that must then appear, and which letters count: those with an
# annotated sentence of these roles (bad news for empathy, reasons and alternatives; a
# decision for the objection clause)
CUTS = {
    "empathy": ({"empathy"}, "empathie.ontbreekt", NEGATIVE),
    "reasons": ({"reason-case", "reason-rule"}, "reden.ontbreekt", NEGATIVE),
    "alternatives": ({"alternative"}, "alternatief.ontbreekt", NEGATIVE),
    "objection term": ({"objection-term"}, "bezwaar.termijn-ontbreekt", DECISION),
    "objection term words": ({"objection-term"}, "bezwaar.termijn-ontbreekt", DECISION),
    "objection where": ({"objection-where"}, "bezwaar.adres-ontbreekt", DECISION),
    "objection clause": (
        {"objection-right", "objection-term", "objection-where"},
        "bezwaar.ontbreekt",
        DECISION,
    ),
}


def keeps_the_right(letter: Letter) -> bool:
    """Whether a sentence with the objection right survives cutting the where sentences
    (otherwise the cut removes the clause and the more general finding fires)."""
    return any(
        "objection-right" in s.roles and "objection-where" not in s.roles for s in letter.sentences
    )


def cut(letter: Letter, roles: set[str]) -> str | None:
    """The letter's text without its sentences that have any of ``roles`` (None: none)."""
    spans = [(s.start, s.end) for s in letter.sentences if s.roles & roles]
    if not spans:
        return None
    text, kept, position = letter.text, [], 0
    for start, end in spans:
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
NUMBER = r"(?:\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|dertig)"
UNIT = r"(?:werk|kalender)?(?:dagen|dag|weken|week|maanden|maand|jaar)"
# what a term is counted from ("na de dagtekening van deze brief")
ANCHOR = (
    r"(?:brief|besluit|beschikking|beslissing|uitspraak|bericht|e-mail|mail|verzending|"
    r"verzenddatum|dagtekening|bekendmaking|betekening|aanslagbiljet|aanslag|ontvangst|"
    r"kennisgeving|verzonden|verstuurd|bekendgemaakt|ontvangen|gedagtekend)"
)
FROM = (
    rf"[^.?!;:]{{0,90}}?\b{ANCHOR}\b(?:\s+van\s+(?:de|het|deze|dit|dat|die|uw|onze?)\s+{ANCHOR}\b)*"
    r"(?:\s+(?:is|werd|zijn)\s+(?:verstuurd|verzonden|bekendgemaakt|gedagtekend))?"
)
DURATION = (
    rf"(?:(?:binnen|tot|uiterlijk|gedurende|in)\s+(?:de\s+)?)?{NUMBER}\s+{UNIT}"
    rf"(?:,?\s+(?:gerekend\s+|te\s+rekenen\s+)?(?:na|vanaf|nadat|sinds|van)\s+{FROM})?"
)
DATE = (
    r"(?:(?:uiterlijk|vóór|voor|tot(?:\s+en\s+met)?|op)\s+)+"
    r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?"
    rf"\d{{1,2}}(?:\s+(?:{MONTHS})|-\d{{1,2}}-)(?:\s*\d{{4}})?"
)
COUNTED = rf",?\s*(?:gerekend|te\s+rekenen)\s+(?:vanaf|na)\s+{FROM}"
# the term phrase of an objection clause: a duration or a date, with what it counts from
TERM = re.compile(rf"\b(?:{DURATION}|{DATE})|{COUNTED}", re.IGNORECASE)


def cut_term_words(letter: Letter, roles: set[str]) -> str | None:
    """The letter's text with the term phrase (:data:`TERM`) taken out of each sentence
    that has any of ``roles``, the rest of the sentence kept (None: no such sentence, or
    one without a term phrase)."""
    spans = [(s.start, s.end) for s in letter.sentences if s.roles & roles]
    if not spans:
        return None
    text, kept, position = letter.text, [], 0
    for start, end in spans:
        new, count = TERM.subn("", text[start:end])
        if not count:
            return None
        new = re.sub(r"[ \t]+([,.?!;:])", r"\1", new)
        new = re.sub(r"[ \t]{2,}", " ", re.sub(r",\s*,", ",", new))
        kept += [text[position:start], new]
        position = end
    kept.append(text[position:])
    return "".join(kept)


def reword(letter: Letter, roles: set[str], paraphrases: dict) -> str | None:
    """The letter's text with each sentence that has any of ``roles`` replaced by its
    paraphrase (None: no such sentence, or one without a paraphrase)."""
    spans = [(s.start, s.end) for s in letter.sentences if s.roles & roles]
    if not spans:
        return None
    text, kept, position = letter.text, [], 0
    for start, end in spans:
        new = paraphrases.get((letter.id, " ".join(text[start:end].split())))
        if new is None:
            return None
        kept += [text[position:start], new]
        position = end
    kept.append(text[position:])
    return "".join(kept)


def read_paraphrases(folder: Path) -> dict[tuple[str, str], str]:
    """(letter id, sentence with its spaces normalised) -> paraphrase, from every .tsv
    file in ``folder``."""
    table = {}
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            letter, _, sentence, paraphrase = line.split("\t")
            table[(letter, " ".join(sentence.split()))] = paraphrase
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="name the letters that failed")
    parser.add_argument("--letters", choices=["shared", "dev", "test", "unseen"], default="shared")
    parser.add_argument("--reword", action="store_true", help="paraphrase instead of cutting")
    parser.add_argument(
        "--why", action="store_true", help="with a cut: the sentences still read with its roles"
    )
    parser.add_argument("--config", type=Path, default=None, help="tonecheck.toml to use")
    parser.add_argument(
        "--writers", default="", help="written letters: only these writers, e.g. 83-88"
    )
    args = parser.parse_args()
    letters: list[Letter] = []
    if args.letters == "shared":
        for name in ("dev-letters.jsonl", "real-letters.jsonl"):
            letters += read_external(ROOT / "training/roles/external" / name, SHARED)
    else:
        letters = [x for x in letters_in(args.letters) if x.id.startswith("w")]
        if args.writers:
            wanted = writer_range(args.writers)
            letters = [x for x in letters if writer_number(x.id) in wanted]
    paraphrases = read_paraphrases(PARAPHRASES) if args.reword else {}
    runtime, checker = load_checker(ROOT, config_path=args.config)
    with tempfile.TemporaryDirectory() as folder:
        for thing, (roles, rule, required) in CUTS.items():
            if args.reword and thing in ("objection clause", "objection where"):
                continue  # one sentence often holds the whole clause: see objection term
            if args.reword and thing == "objection term words":
                continue  # the word cut has no reworded half
            originals, variants, names = [], [], []
            unfit = 0  # word cut: letters with a term sentence that holds no term phrase
            joined = 0  # where cut: letters whose every right sentence also says where
            for letter in letters:
                change = partial(reword, paraphrases=paraphrases) if args.reword else cut
                if thing == "objection term words":
                    change = cut_term_words
                if not any(s.roles & required for s in letter.sentences):
                    continue
                if thing == "objection where" and not keeps_the_right(letter):
                    joined += 1
                    continue
                text = change(letter, roles)
                if text is None:
                    unfit += change is cut_term_words and cut(letter, roles) is not None
                    continue
                stem = Path(letter.source).stem if args.letters == "shared" else letter.id
                original = Path(folder, f"{stem}.txt")
                original.write_text(letter.text, encoding="utf-8")
                variant = Path(folder, f"{stem}-zonder-{thing.replace(' ', '-')}.txt")
                variant.write_text(text, encoding="utf-8")
                originals.append(str(original))
                variants.append(str(variant))
                names.append(stem)
            before = _fired(originals, rule, checker)
            after = _fired(variants, rule, checker)
            counted = [i for i, fired in enumerate(before) if not fired]
            caught = [i for i in counted if after[i]]
            # the where cut can leave only a lead-in question of the clause, which reads
            # as no clause at all: the general finding fires instead (counted apart)
            general = []
            if thing == "objection where" and not args.reword:
                clause = _fired(variants, CUTS["objection clause"][1], checker)
                general = [i for i in counted if clause[i] and not after[i]]
            already = len(names) - len(counted)
            if args.reword:
                held = len(counted) - len(caught)
                share = held / len(counted) if counted else float("nan")
                print(
                    f"{thing:17} reworded in {len(counted):3} letters: {rule} stayed away "
                    f"in {held:3} ({share:.2f}); {already} letters already had it"
                )
            else:
                share = len(caught) / len(counted) if counted else float("nan")
                print(
                    f"{thing:17} removed in {len(counted):3} letters: {rule} appeared "
                    f"in {len(caught):3} ({share:.2f}); {already} letters already had it"
                    + (f"; {unfit} without a term phrase left out" if unfit else "")
                    + (
                        f"; {joined} with the where in every right sentence left out"
                        if joined
                        else ""
                    )
                    + (f"; bezwaar.ontbreekt instead in {len(general)}" if general else "")
                )
            if args.show or args.why:
                wrong = caught if args.reword else [i for i in counted if i not in caught]
                for i in wrong:
                    print(f"    {'false alarm' if args.reword else 'missed'}: {names[i]}")
                    if args.why and not args.reword:
                        for line in still_read_as(runtime, Path(variants[i]), roles):
                            print(f"        {line}")


def still_read_as(runtime: Runtime, path: Path, roles: set[str]) -> list[str]:
    """The sentences of the letter at ``path`` that tonecheck reads with any of
    ``roles``: each as its roles, the scores of ``roles`` and its first 100 characters."""
    letter = understand(runtime.nlp, runtime.structure, read_document(path))
    lines = []
    for item in letter.roles:
        if item.roles & roles:
            text = " ".join(letter.document.text[item.start_char : item.end_char].split())
            scores = " ".join(f"{r} {item.scores.get(r, 0.0):.2f}" for r in sorted(roles))
            lines.append(f"{','.join(sorted(item.roles))} ({scores}) | {text[:100]}")
    return lines


def _fired(paths: list[str], rule: str, checker) -> list[bool]:
    results = checker.check_paths(paths)
    return [any(f.rule == rule for f in r.findings) for r in results]


if __name__ == "__main__":
    main()
