"""Property-based tests: for any text split into any runs, the checker does not raise,
block text equals the runs' text, and every finding's offsets give back its excerpt,
also as the anchored text of its Word comment."""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.report_helpers import comment_for, comments_with_anchors
from tonecheck.checker import Checker
from tonecheck.documents import read_document
from tonecheck.engine.loader import load_rules
from tonecheck.nlp.structure import load_structure
from tonecheck.paths import default_rules_dir
from tonecheck.report.docx_comments import write_annotated_docx
from tonecheck.report.score import load_score_spec

WORDS = [
    "Wij", "wijzen", "uw", "aanvraag", "af", "omdat", "derhalve", "middels", "u", "dient",
    "teneinde", "bijstand", "LET", "OP", "artikel", "12", "de", "het", "begrijpen", "é", "ë",
]  # fmt: skip
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from([" ", "  ", ".", ",", "!", "?", "\t", ":", "-", "'", '"', "(", ")"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6),
)
RUN = st.lists(PIECES, min_size=1, max_size=8).map("".join)
PARAGRAPH = st.lists(RUN, min_size=1, max_size=6)
LETTER = st.lists(PARAGRAPH, min_size=1, max_size=6)

_loaded: dict = {}


def checker(nlp):
    if not _loaded:
        structure = load_structure()
        _loaded.update(
            structure=structure,
            rules=load_rules([default_rules_dir()], nlp, structure),
            score=load_score_spec(),
        )
    return _loaded


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(letter=LETTER)
@pytest.mark.slow
def test_any_runs_give_consistent_offsets_and_comments(nlp, letter):
    loaded = checker(nlp)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.docx"
        document = docx.Document()
        for paragraph_runs in letter:
            paragraph = document.add_paragraph()
            for i, text in enumerate(paragraph_runs):
                run = paragraph.add_run(text)
                run.bold = i % 2 == 1
        document.save(path)
        try:
            read = read_document(path)
        except Exception as error:  # only a clear input error is acceptable
            assert type(error).__name__ == "InputError", error
            return
        for block in read.blocks:
            assert read.text[block.start : block.end] == block.text
        result = Checker(nlp, loaded["structure"], loaded["rules"], loaded["score"]).check_path(
            str(path)
        )
        assert result.error is None, result.error
        for finding in result.findings:
            start, end = finding.location.start, finding.location.end
            assert read.text[start:end] == finding.excerpt
        out = Path(folder) / "uit.docx"
        write_annotated_docx(result, out, rewrites=())  # comments only: the text stays
        anchored = {(text, anchor) for _, text, anchor in comments_with_anchors(out)}
        for finding in result.findings:
            if read.blocks[finding.location.paragraph].origin == "body":
                expected = comment_for(finding)  # (a rewrite adds a line)
                assert any(t.startswith(expected) and a == finding.excerpt for t, a in anchored)
        paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
        assert paragraphs == ["".join(runs) for runs in letter]  # text untouched


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=400))
def test_any_text_letter_is_checked_without_raising(nlp, text, tmp_path_factory):
    loaded = checker(nlp)
    path = tmp_path_factory.mktemp("t") / "brief.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = Checker(nlp, loaded["structure"], loaded["rules"], loaded["score"]).check_path(
        str(path)
    )
    assert result.error is None or "interne fout" not in result.error, result.error
