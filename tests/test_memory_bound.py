"""Memory per letter is bounded: a long letter goes through the pipeline in chunks cut
at block starts and joined again (same text, tokens, offsets and findings), the sentence
roles are scored batch by batch, and a letter at the size limit stays far below the
gigabyte it took when parsed as one text."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap

import pytest

from benchmarks.letters import emoji_letter, long_letter
from tests.conftest import ROOT, SAMPLES
from tonecheck.documents.model import Block, BlockKind, Document
from tonecheck.documents.read import MAX_LETTER_CHARS
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp import analyse
from tonecheck.nlp.affix_cuts import MAX_STRETCH
from tonecheck.nlp.analyse import analyse_many, chunks, estimated_tokens, sentences_of


@pytest.fixture(scope="module")
def checker():
    from tonecheck.runtime import load_checker

    return load_checker(ROOT)[1]


def one_pass(monkeypatch) -> None:
    """Every letter through the pipeline as one text."""
    for name in ("CHUNK_CHARS", "BATCH_CHARS", "CHUNK_TOKENS", "BATCH_TOKENS"):
        monkeypatch.setattr(analyse, name, 10**9)


def document_of(text: str) -> Document:
    blocks = [Block(0, BlockKind.PARAGRAPH, t) for t in text.split("\n\n")]
    return Document("brief.txt", blocks)


# -- where a long text is cut


def test_short_texts_are_one_chunk():
    assert chunks("Geachte heer,\n\nUw aanvraag.", limit=100) == ["Geachte heer,\n\nUw aanvraag."]


def test_chunks_join_to_the_text_and_start_where_blocks_start():
    text = long_letter(30_000)
    pieces = chunks(text, limit=5_000)
    assert "".join(pieces) == text
    assert len(pieces) >= 6 and all(len(p) <= 5_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # the next starts a block
    assert all(not p[0].isspace() for p in pieces)


def test_a_block_longer_than_a_chunk_is_cut_at_lines_then_sentence_ends_then_spaces():
    lines = "\n".join(f"Regel {i} van het adres" for i in range(40))
    pieces = chunks(lines, 200)
    assert "".join(pieces) == lines and all(len(p) <= 200 for p in pieces)
    assert all(p.endswith("\n") for p in pieces[:-1])
    sentences = " ".join(f"Dit is zin {i}, van d.d. 18 mei. En nog een." for i in range(40))
    pieces = chunks(sentences, 200)
    assert "".join(pieces) == sentences and len(pieces) > 1
    assert all(p.endswith(". ") for p in pieces[:-1])
    assert all(p[0].isupper() for p in pieces)  # none starts after "d.d."
    words = " ".join(["woord"] * 100)
    pieces = chunks(words, 100)
    assert "".join(pieces) == words and all(len(p) <= 100 for p in pieces)


def test_no_chunk_starts_inside_a_placeholder():
    text = " ".join(["Beste {{ naam van de ontvanger }} en ook [datum van het besluit]"] * 20)
    pieces = chunks(text, 50)
    assert "".join(pieces) == text and len(pieces) > 20
    offset = 0
    for piece in pieces[:-1]:
        offset += len(piece)
        before = text[:offset]
        assert before.count("{{") == before.count("}}"), piece
        assert before.count("[") == before.count("]"), piece


def _cuts(pieces: list[str]) -> list[int]:
    offsets, offset = [], 0
    for piece in pieces[:-1]:
        offset += len(piece)
        offsets.append(offset)
    return offsets


def test_a_space_free_stretch_is_cut_where_the_tokenizer_cuts_it():
    """40,000 emoji are one 'sentence' without a space: cut every MAX_STRETCH characters
    from the stretch's start, as the tokenizer cuts it, into chunks of bounded tokens."""
    text = emoji_letter(40_000)
    pieces = chunks(text)
    assert "".join(pieces) == text and len(pieces) >= 16
    assert all(len(p) <= analyse.CHUNK_CHARS for p in pieces)
    assert all(estimated_tokens(p) <= analyse.CHUNK_TOKENS for p in pieces)
    stretch = text.index("\U0001f600")
    assert all((cut - stretch) % MAX_STRETCH == 0 for cut in _cuts(pieces) if cut > stretch)


def test_a_chunk_holds_a_bounded_number_of_tokens_even_with_spaces_and_tabs():
    for text in ("\U0001f600 " * 20_000, "a\t" * 30_000, "!?. " * 8_000):
        pieces = chunks(text)
        assert "".join(pieces) == text
        assert max(estimated_tokens(p) for p in pieces) <= analyse.CHUNK_TOKENS, text[:4]


def test_a_stretch_is_cut_beside_a_placeholder_not_inside_it():
    """The tokenizer takes a placeholder as one token and cuts the stretch after it
    every MAX_STRETCH characters from its end; the chunks are cut likewise."""
    text = "\U0001f600" * (2 * MAX_STRETCH - 4) + "{{naam}}" + "\U0001f600" * 3_000
    end = 2 * MAX_STRETCH + 4
    pieces = chunks(text, tokens=600)
    assert "".join(pieces) == text and len(pieces) > 3
    cuts = _cuts(pieces)
    assert not [cut for cut in cuts if end - 8 < cut < end]
    assert all(cut < end - 8 or (cut - end) % MAX_STRETCH == 0 for cut in cuts)
    assert all(estimated_tokens(p) <= 600 for p in pieces)


def test_the_token_estimate_is_close_to_spacys_count_on_a_letter(nlp):
    text = long_letter(10_000)
    assert 0.9 < estimated_tokens(text) / len(nlp.tokenizer(text)) < 1.1


# -- the pipeline sees a bounded amount of text at a time


class RecordingPipeline:
    """The pipeline, noting how many characters each ``nlp.pipe`` call gets."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.calls: list[int] = []

    def pipe(self, texts, batch_size):
        texts = list(texts)
        self.calls.append(sum(map(len, texts)))
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_a_long_letter_goes_through_the_pipeline_a_bounded_part_at_a_time(nlp):
    text = long_letter(45_000)
    recording = RecordingPipeline(nlp)
    (doc,) = analyse_many(recording, [document_of(text)])
    assert doc.text == text
    assert len(recording.calls) >= 3
    assert max(recording.calls) <= analyse.BATCH_CHARS


class CountingPipeline(RecordingPipeline):
    """The pipeline, noting how many tokens each ``nlp.pipe`` call makes."""

    def pipe(self, texts, batch_size):
        docs = list(self.nlp.pipe(list(texts), batch_size=batch_size))
        self.calls.append(sum(len(doc) for doc in docs))
        return iter(docs)


def test_a_long_symbol_run_goes_through_the_pipeline_a_bounded_number_of_tokens_at_a_time(
    nlp,
):
    text = emoji_letter(12_000)
    counting = CountingPipeline(nlp)
    (doc,) = analyse_many(counting, [document_of(text)])
    assert doc.text == text and len(doc) > 12_000
    assert len(counting.calls) >= 3
    assert max(counting.calls) <= analyse.BATCH_TOKENS


def test_a_cut_symbol_run_has_the_tokens_and_offsets_of_one_pass(nlp, monkeypatch):
    rng = random.Random(23)
    run = "".join(rng.choice("\U0001f600\U0001f44d!?.\u2728_-") for _ in range(7_000))
    text = f"Geachte heer,\n\nUw aanvraag{run}is ontvangen.\n\n{run} En\t{run}\n"
    document = document_of(text)
    assert len(chunks(text)) >= 6
    (cut,) = analyse_many(nlp, [document])
    one_pass(monkeypatch)
    (whole,) = analyse_many(nlp, [document])
    assert [(t.idx, t.text, t.whitespace_) for t in cut] == [
        (t.idx, t.text, t.whitespace_) for t in whole
    ]
    assert {b.start for b in document.blocks} <= {s.start_char for s in sentences_of(cut)}


def test_parsed_letters_keep_no_network_output(nlp):
    """The tok2vec output (a row of floats per token) is used up by the pipeline and then
    freed, in a letter parsed whole and in one joined from chunks."""
    short = "Geachte heer,\n\nUw aanvraag is ontvangen."
    docs = list(analyse_many(nlp, [document_of(short), document_of(long_letter(25_000))]))
    assert len(docs) == 2 and docs[0].text == short
    assert all(doc.tensor.size == 0 for doc in docs)


def test_short_letters_still_share_a_batch(nlp):
    texts = [f"Geachte heer,\n\nUw aanvraag {i} is ontvangen." for i in range(5)]
    recording = RecordingPipeline(nlp)
    docs = list(analyse_many(recording, [document_of(t) for t in texts]))
    assert [d.text for d in docs] == texts and len(recording.calls) == 1


def test_a_chunked_letter_has_the_tokens_sentences_and_offsets_of_one_pass(nlp, monkeypatch):
    text = long_letter(25_000)
    document = document_of(text)
    assert len(chunks(text)) >= 3
    (chunked,) = analyse_many(nlp, [document])
    one_pass(monkeypatch)
    (whole,) = analyse_many(nlp, [document])
    tokens = [(t.idx, t.text, t.whitespace_) for t in chunked]
    assert tokens == [(t.idx, t.text, t.whitespace_) for t in whole]
    starts = {s.start_char for s in sentences_of(chunked)}
    assert {b.start for b in document.blocks} <= starts
    assert starts == {s.start_char for s in sentences_of(whole)}
    assert chunked.has_annotation("DEP") and chunked.has_annotation("LEMMA")
    same = sum(
        a.dep_ == b.dep_ and a.lemma_ == b.lemma_ for a, b in zip(chunked, whole, strict=True)
    )
    assert same / len(whole) > 0.995  # only tokens beside a cut may differ


def test_a_chunked_letter_gets_the_findings_of_one_pass(checker, monkeypatch):
    document = read_text(long_letter(25_000), "lang.txt")

    def findings() -> list[tuple]:
        result = checker.check(document)
        return [(f.rule, f.location.start, f.location.end, f.message) for f in result.findings]

    chunked = findings()
    one_pass(monkeypatch)
    assert len(chunked) > 50 and chunked == findings()


# -- sentence roles


def test_roles_build_the_features_of_a_batch_of_sentences_at_a_time(checker, monkeypatch):
    from tonecheck.nlp import roles as roles_module

    model = checker.structure.roles
    built: list[int] = []
    seen_first: list[int] = []
    features = roles_module.sentence_features

    def counting(*args, **kwargs):
        built.append(1)
        return features(*args, **kwargs)

    class FirstScored:
        """The classifier, noting how many sentences were described when it first
        answered."""

        def __init__(self, textcat) -> None:
            self.textcat = textcat

        def pipe(self, docs, batch_size):
            for doc in self.textcat.pipe(docs, batch_size=batch_size):
                if not seen_first:
                    seen_first.append(len(built))
                yield doc

    monkeypatch.setattr(roles_module, "sentence_features", counting)
    monkeypatch.setattr(model, "members", [FirstScored(m) for m in model.members])
    letter = checker.understand(read_text(long_letter(60_000), "lang.txt"))
    assert len(letter.roles) > 3 * roles_module.SCORE_BATCH
    assert seen_first == [roles_module.SCORE_BATCH]


# -- a letter at the size limit, in a process of its own

ORDINARY = "afwijzing-bijzondere-bijstand-kil.txt"

MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from tonecheck.documents.text_reader import read_text
    from tonecheck.runtime import load_checker

    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    checker = load_checker(Path(sys.argv[1]))[1]
    checker.check_path(sys.argv[2])  # an ordinary letter first: every cache warm
    loaded = peak()
    letter = read_text(sys.stdin.read(), "lang.txt")
    result = checker.check(letter)
    print(json.dumps({"loaded": loaded, "peak": peak(), "findings": len(result.findings),
                      "chars": len(letter.text), "error": result.error}))
    """
)


@pytest.mark.slow
def test_a_letter_at_the_size_limit_takes_a_bounded_amount_of_memory():
    text = long_letter(MAX_LETTER_CHARS - 2_000)
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(ROOT), str(SAMPLES / ORDINARY)],
        input=text, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    measured = json.loads(run.stdout)
    assert measured["error"] is None and measured["chars"] > 190_000
    assert measured["findings"] > 300
    # parsed as one text it grew by 690 MB (917 MB peak); in chunks by about 115 MB
    assert measured["peak"] - measured["loaded"] < 200, measured


@pytest.mark.slow
def test_a_line_of_emoji_at_the_size_limit_takes_a_bounded_amount_of_memory():
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(ROOT), str(SAMPLES / ORDINARY)],
        input=emoji_letter(MAX_LETTER_CHARS - 5_000), capture_output=True, text=True,
        check=True, timeout=600,
    )  # fmt: skip
    measured = json.loads(run.stdout)
    assert measured["error"] is None and measured["chars"] > 190_000
    # 40,000 emoji in one chunk grew by about 750 MB (985 MB peak); 195,000 cut in
    # chunks by about 240 MB with each chunk's tensor kept, by about 130 MB without
    assert measured["peak"] - measured["loaded"] < 200, measured


# -- a long batch: the words of the letters read are forgotten


def _letters_with_new_words(folder, count: int) -> list[str]:
    """Short letters, each with a name, a reference and an address no other letter has."""
    rng = random.Random(11)

    def word(length: int) -> str:
        return "".join(rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou") for _ in range(length))

    paths = []
    for i in range(count):
        path = folder / f"brief-{i:03}.txt"
        path.write_text(
            f"Kenmerk: {word(2).upper()}-{rng.randint(10**6, 10**7)}\n\n"
            f"Geachte mevrouw {word(3).capitalize()},\n\n"
            f"Uw aanvraag voor de {word(4)}regeling is afgewezen, omdat uw inkomen hoger "
            "is dan de grens.\n\n"
            f"Mail uw vragen naar {word(3)}@{word(2)}.nl.\n\n"
            "Met vriendelijke groet,\n\nTeam Inkomen\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


def test_a_workers_vocabularies_do_not_grow_with_the_letters_it_reads(tmp_path):
    from tonecheck.batch.process import OutputSettings, process_letters
    from tonecheck.runtime import load_checker

    checker = load_checker(ROOT)[1]  # its own: the memory zones start with a warm-up
    settings = OutputSettings(output_format="jsonl")
    paths = _letters_with_new_words(tmp_path, 24)
    chunks_of_8 = [list(enumerate(paths))[i : i + 8] for i in range(0, len(paths), 8)]
    records = list(process_letters(chunks_of_8[0], checker, settings))  # the warm-up
    sizes = [len(nlp.vocab.strings) for nlp in checker._languages()]
    assert len(sizes) == 3  # the pipeline, the role model and the letter-type model
    for chunk in chunks_of_8[1:]:
        records += process_letters(chunk, checker, settings)
        assert [len(nlp.vocab.strings) for nlp in checker._languages()] == sizes
    # the same findings as without zones (a fresh checker keeps every word)
    plain = load_checker(ROOT)[1]
    expected = [result.as_dict() for result in plain.check_paths(paths)]
    assert [record.data for record in records] == expected
    assert all(any(f["category"] == "empathy" for f in r["findings"]) for r in expected)
    assert len(plain.nlp.vocab.strings) > sizes[0]  # without zones, the words stay


def test_remembered_syllables_are_bounded(monkeypatch):
    from tonecheck.nlp import readability

    remembered = readability._hyphenator().hd.cache
    monkeypatch.setattr(readability, "SYLLABLE_CACHE", 10)
    remembered.update({f"woord{i}": [] for i in range(20)})
    readability.syllables.cache_clear()  # so that pyphen is asked
    assert readability.syllables("onvoorwaardelijk") == 5
    assert len(remembered) <= 1
