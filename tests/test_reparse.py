"""Checking a rewrite parses only the blocks that changed (tonecheck/nlp/reparse.py)."""

from __future__ import annotations

from dataclasses import replace

from tonecheck.documents.model import Document
from tonecheck.documents.text_reader import read_text
from tonecheck.nlp.analyse import analyse_many
from tonecheck.nlp.reparse import block_runs, reparsed

LETTER = (
    "Geachte mevrouw Bos,\n\n"
    "Wij hebben uw aanvraag voor bijzondere bijstand ontvangen. Derhalve delen wij u mede "
    "dat wij uw aanvraag afwijzen.\n\n"
    "Uw inkomen is € 1.812 per maand. De grens is € 1.650 per maand.\n\n"
    "U kunt bezwaar maken binnen zes weken.\n\n"
    "Met vriendelijke groet,\n\nGemeente Utrecht"
)


def changed(document: Document, index: int, text: str) -> Document:
    blocks = [replace(block, spans=[], anchor=None) for block in document.blocks]
    blocks[index].text = text
    return Document(path=document.path, blocks=blocks, source_format=document.source_format)


def parse(nlp, document: Document):
    return next(analyse_many(nlp, [document]))


def test_only_the_changed_blocks_are_parsed_again_and_the_letter_reads_the_same(nlp):
    before = read_text(LETTER, "brief.txt")
    after = changed(
        before,
        1,
        before.blocks[1].text.replace("Derhalve delen wij u mede", "Daarom laten wij u weten"),
    )
    runs = block_runs(before, after)
    assert [run.changed for run in runs] == [False, True, False]
    again = reparsed(nlp, parse(nlp, before), before, after)
    whole = parse(nlp, after)
    assert again is not None and again.text == after.text
    assert [t.text for t in again] == [t.text for t in whole]
    assert [s.start_char for s in again.sents] == [s.start_char for s in whole.sents]
    same_tags = sum(a.pos_ == b.pos_ for a, b in zip(again, whole, strict=True))
    assert same_tags / len(whole) >= 0.95
    assert [t.lemma_ for t in again if t.text == "laten"] == ["laten"]


def test_a_change_in_the_first_or_last_block_and_in_several_blocks(nlp):
    before = read_text(LETTER, "brief.txt")
    old = parse(nlp, before)
    last = len(before.blocks) - 1
    for edits in (
        [(0, "Beste mevrouw Bos,")],
        [(last, "Gemeente Amersfoort")],
        [(1, "Wij wijzen uw aanvraag af."), (3, "U kunt binnen zes weken bezwaar maken.")],
    ):
        after = before
        for index, text in edits:
            after = changed(after, index, text)
        again = reparsed(nlp, old, before, after)
        assert again is not None and again.text == after.text
        assert [t.text for t in again] == [t.text for t in parse(nlp, after)]


def test_a_letter_with_other_blocks_is_parsed_whole(nlp):
    before = read_text(LETTER, "brief.txt")
    after = read_text(LETTER + "\n\nBijlage: formulier", "brief.txt")
    assert reparsed(nlp, parse(nlp, before), before, after) is None


def test_parses_kept_for_a_letter_are_reused_and_give_the_same_doc(nlp):
    """A run of changed blocks is parsed once per letter (its parse depends only on its
    text); a run that grows by a changed neighbour is a new text and is parsed again."""
    from tonecheck.nlp.reparse import ParsedRuns, changed_texts

    before = read_text(LETTER, "brief.txt")
    old = parse(nlp, before)
    one = changed(before, 1, "Wij wijzen uw aanvraag af.")
    memory = ParsedRuns()
    first = reparsed(nlp, old, before, one, memory)
    assert list(memory.docs) == changed_texts(before, one) == ["Wij wijzen uw aanvraag af.\n\n"]
    kept = memory.docs["Wij wijzen uw aanvraag af.\n\n"]
    again = reparsed(nlp, old, before, one, memory)
    assert memory.docs["Wij wijzen uw aanvraag af.\n\n"] is kept  # not parsed again
    alone = reparsed(nlp, old, before, one)
    for doc in (first, again):
        assert doc is not None and alone is not None
        assert doc.to_bytes(exclude=["user_data"]) == alone.to_bytes(exclude=["user_data"])

    both = changed(one, 2, "Uw inkomen is te hoog.")  # the neighbouring block too: one run
    grown = reparsed(nlp, old, before, both, memory)
    assert changed_texts(before, both)[0] in memory.docs
    whole = reparsed(nlp, old, before, both)
    assert grown is not None and whole is not None
    assert grown.to_bytes(exclude=["user_data"]) == whole.to_bytes(exclude=["user_data"])
    assert [t.text for t in grown] == [t.text for t in parse(nlp, both)]


def test_runs_of_several_letters_parse_together_as_alone(nlp):
    from tonecheck.nlp.reparse import ParsedRuns, parse_runs

    texts = ["Wij wijzen uw aanvraag af.\n\n", "U kunt bezwaar maken binnen zes weken."]
    memories = [ParsedRuns(), ParsedRuns()]
    parse_runs(nlp, [(memories[0], texts[:1]), (memories[1], texts)])
    for memory, text in ((memories[0], texts[0]), (memories[1], texts[1])):
        alone = parse(nlp, read_text(text.strip(), "x.txt"))
        together = [t for t in memory.docs[text] if t.text.strip()]
        assert [(t.text, t.pos_, t.dep_, t.head.i) for t in together] == [
            (t.text, t.pos_, t.dep_, t.head.i) for t in alone
        ]


def test_a_doc_that_becomes_the_whole_letter_is_not_kept(nlp):
    """Later steps keep their results in the letter's Doc: a parse handed out whole must
    not be handed out again to another check."""
    from tonecheck.nlp.reparse import ParsedRuns

    before = read_text("Uw aanvraag is afgewezen.", "brief.txt")
    after = changed(before, 0, "Wij wijzen uw aanvraag af.")
    memory = ParsedRuns()
    doc = reparsed(nlp, parse(nlp, before), before, after, memory)
    assert doc is not None and doc.text == after.text
    assert all(kept is not doc for kept in memory.docs.values())
