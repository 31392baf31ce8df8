"""Convert the Dutch UD treebanks (CoNLL-U) into spaCy training data.

The treebanks come in two annotation generations (2017 and UD 2.13+). This script
harmonises them so every component learns one consistent scheme:

* XPOS ``_`` becomes a missing tag (``spacy convert`` would copy the UPOS into it);
* lemmas lose Alpino's ``_`` compound/particle marks (``af_wijzen`` -> ``afwijzen``);
* 2017 dependency labels are mapped to the newer scheme: ``flat:name`` -> ``flat``,
  possessive determiners -> ``nmod:poss`` (PRON, ``Poss=Yes``), reflexives of inherently
  reflexive verbs -> ``expl:pv``, passive ``door`` phrases -> ``obl:agent`` and
  prepositional objects -> ``obl:arg`` (verb/preposition pairs learnt from the newer files).

Usage: python training/prepare.py --ud-dir ../shared/ud-dutch --out training/corpus
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

TEST_FILE = "alpino-test.conllu"
OLD_FILES = {"lassysmall-2017-train.conllu", "alpino-2017-train.conllu"}
POSSESSIVES = {
    "zijn": 3, "haar": 3, "hun": 3, "z'n": 3, "d'r": 3, "mijn": 1, "m'n": 1,
    "ons": 1, "onze": 1, "uw": 2, "jouw": 2, "jullie": 2,
}  # fmt: skip
SENTS_PER_DOC = 10


@dataclass
class Token:
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int  # 0 = root, else 1-based index in sentence
    deprel: str
    space_after: bool


@dataclass
class Sentence:
    tokens: list[Token] = field(default_factory=list)


def read_conllu(path: Path) -> list[Sentence]:
    """Read the basic tokens of a CoNLL-U file (no multiword ranges, no empty nodes)."""
    sentences: list[Sentence] = []
    current = Sentence()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current.tokens:
                sentences.append(current)
            current = Sentence()
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10 or "-" in cols[0] or "." in cols[0]:
            continue
        _tok_id, form, lemma, upos, xpos, feats, head, deprel, _deps, misc = cols
        current.tokens.append(
            Token(
                form=form,
                lemma=lemma,
                upos=upos,
                xpos="" if xpos == "_" else xpos,
                feats="" if feats == "_" else feats,
                head=int(head),
                deprel=deprel,
                space_after="SpaceAfter=No" not in misc,
            )
        )
    if current.tokens:
        sentences.append(current)
    return sentences


def normalise_lemma(lemma: str) -> str:
    """Remove Alpino's ``_`` marks; keep a lemma that is only underscores."""
    stripped = lemma.replace("_", "")
    return stripped or lemma


def training_lemma(token: Token) -> str:
    """The lemma the lemmatizer should learn for a token.

    A separated verb ("Wij *wijzen* uw aanvraag af", gold ``af_wijzen``) learns its bare
    lemma ("wijzen"): the particle is a separate token that the parser attaches as
    ``compound:prt`` and tonecheck joins back at run time ("afwijzen"). Learning
    "prepend af" from the verb alone makes the lemmatizer invent particles.
    Words that contain their particle ("afgewezen", "afwijzen") keep the whole lemma.
    """
    if token.upos in ("VERB", "AUX") and "_" in token.lemma:
        particle, _, rest = token.lemma.partition("_")
        if rest and not token.form.lower().startswith(particle.lower()):
            return normalise_lemma(rest)
    return normalise_lemma(token.lemma)


def learn_lexicons(sentences: list[Sentence]) -> tuple[set[str], dict[tuple[str, str], str]]:
    """From new-scheme data: verbs with ``expl:pv`` and verb+preposition -> obl label."""
    reflexive_verbs: set[str] = set()
    pair_counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for sent in sentences:
        toks = sent.tokens
        for i, tok in enumerate(toks):
            if tok.head == 0:
                continue
            head = toks[tok.head - 1]
            if tok.deprel == "expl:pv":
                reflexive_verbs.add(normalise_lemma(head.lemma))
            if tok.deprel in ("obl", "obl:arg"):
                preps = [t.lemma for t in toks if t.head == i + 1 and t.deprel == "case"]
                if preps:
                    pair_counts[(normalise_lemma(head.lemma), preps[0])][tok.deprel] += 1
    obl_pairs = {pair: c.most_common(1)[0][0] for pair, c in pair_counts.items()}
    return reflexive_verbs, obl_pairs


def harmonise_old(
    sent: Sentence, reflexive_verbs: set[str], obl_pairs: dict[tuple[str, str], str]
) -> None:
    """Map a 2017-scheme sentence onto the newer annotation scheme, in place."""
    toks = sent.tokens
    for i, tok in enumerate(toks):
        if tok.deprel == "flat:name":
            tok.deprel = "flat"
        low = tok.form.lower()
        if tok.deprel == "det" and low in POSSESSIVES and tok.upos in ("DET", "PRON"):
            tok.upos = "PRON"
            tok.feats = f"Person={POSSESSIVES[low]}|Poss=Yes|PronType=Prs"
            tok.deprel = "nmod:poss"
        if tok.head == 0:
            continue
        head = toks[tok.head - 1]
        head_lemma = normalise_lemma(head.lemma)
        if "Reflex=Yes" in tok.feats and tok.deprel == "obj" and head_lemma in reflexive_verbs:
            tok.deprel = "expl:pv"
        if tok.deprel == "obl":
            children = [t for t in toks if toks.index(t) != i and t.head == i + 1]
            preps = [t.lemma for t in children if t.deprel == "case"]
            passive = any(t.head == tok.head and t.deprel == "aux:pass" for t in toks)
            if preps and preps[0] == "door" and passive:
                tok.deprel = "obl:agent"
            elif preps and obl_pairs.get((head_lemma, preps[0])) == "obl:arg":
                tok.deprel = "obl:arg"


def to_doc(vocab, sentences: list[Sentence]) -> Doc:
    """Build one spaCy Doc from consecutive sentences."""
    words, spaces, tags, pos, morphs, lemmas, heads, deps, starts = ([] for _ in range(9))
    offset = 0
    for sent in sentences:
        for j, tok in enumerate(sent.tokens):
            words.append(tok.form)
            last = j == len(sent.tokens) - 1
            spaces.append(tok.space_after or last)
            tags.append(tok.xpos)
            pos.append(tok.upos)
            morphs.append(tok.feats)
            lemmas.append(training_lemma(tok))
            heads.append(offset + (tok.head - 1 if tok.head else j))
            deps.append("ROOT" if tok.deprel == "root" else tok.deprel)
            starts.append(j == 0)
        offset += len(sent.tokens)
    spaces[-1] = False
    return Doc(
        vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs,
        lemmas=lemmas, heads=heads, deps=deps, sent_starts=starts,
    )  # fmt: skip


def chunk(sentences: list[Sentence], size: int) -> list[list[Sentence]]:
    return [sentences[i : i + size] for i in range(0, len(sentences), size)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ud-dir", type=Path, default=Path("../shared/ud-dutch"))
    parser.add_argument("--extra", type=Path, nargs="*", default=[],
                        help="extra CoNLL-U files to train on (letter sentences)")  # fmt: skip
    parser.add_argument("--extra-weight", type=int, default=4,
                        help="times the extra sentences are repeated")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("training/corpus"))
    args = parser.parse_args()
    nlp = spacy.blank("nl")
    files = sorted(p for p in args.ud_dir.glob("*.conllu") if p.name != TEST_FILE)
    data = {p.name: read_conllu(p) for p in files}
    new_sents = [s for name, sents in data.items() if name not in OLD_FILES for s in sents]
    reflexive_verbs, obl_pairs = learn_lexicons(new_sents)
    for name in OLD_FILES & data.keys():
        for sent in data[name]:
            harmonise_old(sent, reflexive_verbs, obl_pairs)
    train_docs: list[Doc] = []
    dev_docs: list[Doc] = []
    for name, sents in data.items():
        for k, group in enumerate(chunk(sents, SENTS_PER_DOC)):
            doc = to_doc(nlp.vocab, group)
            # every third block of alpino-dev is held out to pick the best checkpoint
            (dev_docs if name == "alpino-dev.conllu" and k % 3 == 0 else train_docs).append(doc)
    for extra in args.extra:
        extra_sents = read_conllu(extra)
        for copy in range(args.extra_weight):
            random.Random(copy).shuffle(extra_sents)
            # one sentence per doc: short letter lines must not teach sentence splits
            train_docs.extend(to_doc(nlp.vocab, [sent]) for sent in extra_sents)
    random.Random(0).shuffle(train_docs)
    test_docs = [
        to_doc(nlp.vocab, g) for g in chunk(read_conllu(args.ud_dir / TEST_FILE), SENTS_PER_DOC)
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    for split, docs in (("train", train_docs), ("dev", dev_docs), ("test", test_docs)):
        DocBin(docs=docs).to_disk(args.out / f"{split}.spacy")
        print(f"{split}: {len(docs)} docs, {sum(len(d) for d in docs)} tokens")


if __name__ == "__main__":
    main()
