"""The letter back as .docx with each finding as a Word comment on exactly its words.

The letter is opened again from its file and read with the same walker as when it was
checked, so every block has its paragraph and runs in *this* copy. Runs are split where a
finding starts or ends (the copies keep their formatting), so each comment covers
exactly the words of its finding, across run boundaries too. Nothing else changes but
the proposed rewrites, which are tracked changes: rejected, they leave the text and its
formatting as they were. The letter's own file is never written.

python-docx creates the comments part (with its styles and relationship) and the range
markers; the ``w:comment`` elements themselves are built here, because python-docx 1.2
looks through every existing comment for a free id on each ``add_comment`` — quadratic,
170 ms for the 366 comments of a 3-page letter in officialese, against 150 ms allowed.

Each comment starts with the finding's level and topic (``Waarschuwing · Uitleg
waarom``). A finding with a rewrite (``Finding.replacement``) also gets it as a tracked
change beside its comment (:mod:`.docx_changes`), unless the caller asks for comments
only. A letter that already carries tonecheck's comments and changes (checked before)
gets them replaced, not doubled (:mod:`.docx_cleanup`); other people's stay.

Findings the writer marked done (on the web page: *Afgehandeld*) become resolved
comments. Word 2013 and later keep that state outside the comment, in
``word/commentsExtended.xml``: one ``w15:commentEx`` per comment, whose ``w15:paraId``
is the ``w14:paraId`` of the comment's last paragraph, with ``w15:done="1"`` when
resolved. Every comment written here gets such an entry (open or done); the letter's own
comments keep theirs. Older Word versions ignore the part and show all comments open.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from copy import deepcopy
from pathlib import Path

from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from lxml import etree

from tonecheck.common.categories import style_of
from tonecheck.common.findings import Finding, Level
from tonecheck.documents.docx_errors import word_errors
from tonecheck.documents.docx_package import from_python_docx
from tonecheck.documents.docx_reader import docx_blocks
from tonecheck.documents.model import Block, Document
from tonecheck.documents.own_revisions import OWN_AUTHOR
from tonecheck.documents.word_kinds import as_plain_document, open_word
from tonecheck.errors import InputError
from tonecheck.nlp.letter import Letter
from tonecheck.report.change_view import shown_change
from tonecheck.report.docx_changes import (
    Change,
    ChangeWriter,
    after_change,
    block_change,
    free_ids,
    outside,
    separate,
)
from tonecheck.report.docx_cleanup import remove_own_annotations
from tonecheck.report.docx_runs import XML_SPACE, Piece, split_block
from tonecheck.report.html_report import finding_key
from tonecheck.report.result import DocumentResult

AUTHOR, INITIALS = OWN_AUTHOR, "TC"
LEVEL_NL = {Level.ERROR: "fout", Level.WARNING: "waarschuwing", Level.SUGGESTION: "suggestie"}
LEVEL_NL_PLURAL = {
    Level.ERROR: "fouten",
    Level.WARNING: "waarschuwingen",
    Level.SUGGESTION: "suggesties",
}
ORIGIN_NL = {"header": "de koptekst", "footer": "de voettekst", "footnotes": "een voetnoot"}
AS_CHANGE = (
    "Het voorstel staat als bijgehouden wijziging in de tekst: accepteer of weiger het "
    "onder Controleren."
)

W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
COMMENTS_EXTENDED_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)
COMMENTS_EXTENDED_RELATIONSHIP = (
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
)
PARA_ID = qn("w14:paraId")
PARA_ID_LIMIT = 0x80000000  # paragraph ids are 8 hex digits below this (MS-DOCX)
PARA_ID_IN_XML = re.compile(rb'paraId="([0-9A-Fa-f]{8})"')
PARA_IDS = etree.XPath(".//@w14:paraId", namespaces={"w14": nsmap["w14"]})

REFERENCE_RUN = parse_xml(
    f'<w:r xmlns:w="{nsmap["w"]}"><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
    '<w:commentReference w:id="0"/></w:r>'
)

Placed = tuple[int, int, Finding, bool]  # block offsets start, end, the finding, done


def write_annotated_docx(
    result: DocumentResult,
    target: Path,
    notes: tuple[str, ...] = (),
    done: Collection[str] = (),
    rewrites: Collection[str] | None = None,
) -> None:
    """Save the letter of ``result`` with its findings as comments to ``target``;
    ``notes`` are added to the first comment (the score), one line each; the findings
    whose key (:func:`~tonecheck.report.html_report.finding_key`) is in ``done`` are
    resolved comments. The rewrites of the findings whose key is in ``rewrites`` (all
    when None) become tracked changes; the others are named in their comment."""
    letter = result.letter
    if letter is None or letter.document.source_format != "docx":
        raise InputError("alleen een .docx kan met opmerkingen worden teruggegeven", result.path)
    with word_errors(result.path):  # the reader needs fewer parts than python-docx
        source = open_word(letter.document.path)
    as_plain_document(source)  # a .dotx or .docm gives a .docx report, without macros
    remove_own_annotations(source)
    blocks = docx_blocks(from_python_docx(source))
    if [b.text for b in blocks] != [b.text for b in letter.document.blocks]:
        raise InputError("de brief is veranderd tijdens het controleren", result.path)
    body = [i for i, b in enumerate(blocks) if b.origin == "body"]
    if not body:
        raise InputError("de brief heeft geen hoofdtekst voor opmerkingen", result.path)
    placed = _place(result.findings, blocks, letter.document.block_starts, body[0], set(done))
    changes = _changes(result.findings, letter.document, rewrites)
    pieces = {
        i: split_block(blocks[i], _boundaries(placed.get(i, []), changes.get(i, [])))
        for i in placed.keys() | changes.keys()
    }
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    ids = free_ids(source)
    writer = ChangeWriter(ids, date)
    changed = {
        key
        for index, found in changes.items()
        for change, key in found
        if writer.add(pieces[index], change)
    }
    comments = _CommentWriter(source, ids, date)
    first = pieces.get(body[0]) or split_block(blocks[body[0]], set())
    text = "\n".join([_score_text(letter, result), *notes])
    comments.add(first, 0, len(blocks[body[0]].text), text)
    for index, found in placed.items():
        for start, end, finding, resolved in found:
            origin = blocks[finding.location.paragraph].origin
            rewritten = finding_key(finding) in changed
            text = comment_text(finding, origin, letter.document.text, rewritten)
            comments.add(pieces[index], start, end, text, resolved)
    comments.write_states()
    source.save(str(target))


def _place(
    findings: list[Finding], blocks: list[Block], starts: list[int], first_body: int, done: set[str]
) -> dict[int, list[Placed]]:
    """Findings per block as (start, end, finding, done), block-relative; findings
    outside the main text (header, footer, footnote) go on the first body paragraph."""
    placed: dict[int, list[Placed]] = {}
    for finding in findings:
        index = finding.location.paragraph
        block = blocks[index]
        if block.origin == "body":
            start = finding.location.start - starts[index]
            end = finding.location.end - starts[index]
        else:
            index, start, end = first_body, 0, len(blocks[first_body].text)
        placed.setdefault(index, []).append((start, end, finding, finding_key(finding) in done))
    return placed


def _changes(
    findings: list[Finding], document: Document, rewrites: Collection[str] | None
) -> dict[int, list[tuple[Change, str]]]:
    """The rewrites to write as tracked changes, per block, with their finding's key."""
    found: dict[int, list[tuple[Change, str]]] = {}
    for finding in findings:
        key = finding_key(finding)
        if finding.replacement is None or (rewrites is not None and key not in rewrites):
            continue
        index = document.block_index(finding.replacement.start)
        change = block_change(finding.replacement, document.blocks[index])
        if change is not None:
            found.setdefault(index, []).append((change, key))
    for index, listed in found.items():
        keys = dict((c, k) for c, k in listed)
        found[index] = [(c, keys[c]) for c in separate([c for c, _ in listed])]
    return found


def comment_text(finding: Finding, origin: str, text: str, rewritten: bool) -> str:
    """The comment on a finding: level and topic, where (outside the main text), message,
    suggestion and, with a rewrite, where to find it or what it is."""
    topic = style_of(finding.category).label
    lines = [f"{LEVEL_NL[finding.level].capitalize()} \u00b7 {topic}"]
    if origin != "body":
        where = ORIGIN_NL.get(origin.rstrip("0123456789"), origin)
        lines.append(f"In {where}: \u2018{finding.excerpt}\u2019")
    lines += [finding.message, finding.suggestion]
    new = finding.replacement
    if new is not None and rewritten:
        lines.append(AS_CHANGE)
    elif new is not None:
        shown = shown_change(text, new)  # with the words around it, as a writer reads it
        lines.append(f"Voorstel: {_proposal(shown.before, shown.after)}")
    return "\n".join(lines)


def _proposal(old: str, new: str) -> str:
    """A rewrite in words: replace, leave out or add (each text on one line)."""
    old, new = " ".join(old.split()), " ".join(new.split())
    if not new:
        return f"laat \u2018{old}\u2019 weg"
    if not old:
        return f"voeg \u2018{new}\u2019 toe"
    return f"vervang \u2018{old}\u2019 door \u2018{new}\u2019"


def _boundaries(found: list[Placed], changes: list[tuple[Change, str]]) -> set[int]:
    offsets = {offset for start, end, _, _ in found for offset in (start, end)}
    return offsets | {offset for c, _ in changes for offset in (c.start, c.end)}


class _CommentWriter:
    """Adds comments with ids no part of the letter uses yet, and their
    state (open or done) to ``word/commentsExtended.xml``."""

    def __init__(self, source, ids: Iterator[int], date: str) -> None:
        self.source = source
        self.comments = source.comments._comments_elm  # python-docx makes the part if needed
        self.ids = ids  # shared with the tracked changes: one id space in a document
        self.date = date
        self.para_ids = _free_para_ids(source)
        # the namespace of the paragraphs' ids, declared on each comment when the part
        # does not declare it itself (python-docx's own comments part does)
        declared = (self.comments.nsmap or {}).get("w14") == nsmap["w14"]
        self.declare = None if declared else {"w": nsmap["w"], "w14": nsmap["w14"]}
        self.states: list[tuple[str, bool]] = []  # last paragraph's id, done
        _ignorable(self.comments, "w14")

    def add(self, pieces: list[Piece], start: int, end: int, text: str, done: bool = False) -> None:
        inside = [p for p in pieces if p[0] >= start and p[1] <= end and p[1] > p[0]]
        if not inside:  # a finding inside a field run: comment on the runs it touches
            inside = [p for p in pieces if p[0] < end and start < p[1]] or pieces[:1]
        if not inside:
            return
        comment_id = next(self.ids)
        comment = self._comment(comment_id, text)
        para_id = next(self.para_ids)
        comment[-1].set(PARA_ID, para_id)
        self.states.append((para_id, done))
        self.comments.append(comment)
        # outside tonecheck's tracked changes, so the comment is never part of one
        first, last = inside[0][2], inside[-1][2]
        marker = {qn("w:id"): str(comment_id)}
        outside(first).addprevious(OxmlElement("w:commentRangeStart", attrs=marker))
        behind = after_change(outside(last))
        reference = deepcopy(REFERENCE_RUN)  # as python-docx writes it, without its cost
        reference[-1].set(qn("w:id"), str(comment_id))
        behind.addnext(reference)
        behind.addnext(OxmlElement("w:commentRangeEnd", attrs=marker))

    def _comment(self, comment_id: int, text: str) -> etree._Element:
        comment = OxmlElement(
            "w:comment",
            nsdecls=self.declare,
            attrs={
                qn("w:id"): str(comment_id),
                qn("w:author"): AUTHOR,
                qn("w:initials"): INITIALS,
                qn("w:date"): self.date,
            },
        )
        for number, line in enumerate(text.split("\n")):
            paragraph = etree.SubElement(comment, qn("w:p"))
            style = etree.SubElement(etree.SubElement(paragraph, qn("w:pPr")), qn("w:pStyle"))
            style.set(qn("w:val"), "CommentText")
            if number == 0:  # Word's comment mark, as python-docx and Word write it
                mark = etree.SubElement(paragraph, qn("w:r"))
                rstyle = etree.SubElement(etree.SubElement(mark, qn("w:rPr")), qn("w:rStyle"))
                rstyle.set(qn("w:val"), "CommentReference")
                etree.SubElement(mark, qn("w:annotationRef"))
            run_text = etree.SubElement(etree.SubElement(paragraph, qn("w:r")), qn("w:t"))
            run_text.text = line
            run_text.set(XML_SPACE, "preserve")
        return comment

    def write_states(self) -> None:
        """A ``w15:commentEx`` per comment written, in the letter's commentsExtended
        part (made, with its relationship and content type, when it has none)."""
        part = _comments_extended(self.source)
        root = part.element if isinstance(part, XmlPart) else etree.fromstring(part.blob)
        for para_id, done in self.states:
            entry = etree.SubElement(root, f"{{{W15}}}commentEx")
            entry.set(f"{{{W15}}}paraId", para_id)
            entry.set(f"{{{W15}}}done", "1" if done else "0")
        if not isinstance(part, XmlPart):  # python-docx keeps unknown parts as bytes
            part._blob = etree.tostring(root, encoding="UTF-8", standalone=True)


def _comments_extended(source) -> Part:
    """The commentsExtended part of the letter, a new one if it has none."""
    document = source.part
    for rel in document.rels.values():
        if rel.reltype == COMMENTS_EXTENDED_RELATIONSHIP and not rel.is_external:
            return rel.target_part
    package = document.package
    name = "/word/commentsExtended.xml"
    if any(p.partname == name for p in package.iter_parts()):
        name = package.next_partname("/word/commentsExtended%d.xml")
    root = parse_xml(f'<w15:commentsEx xmlns:w15="{W15}" xmlns:mc="{MC}" mc:Ignorable="w15"/>')
    part = XmlPart(PackURI(name), COMMENTS_EXTENDED_TYPE, root, package)
    document.relate_to(part, COMMENTS_EXTENDED_RELATIONSHIP)
    return part


def _free_para_ids(source) -> Iterator[str]:
    """Paragraph ids (``w14:paraId``) that no part of the letter uses yet, in order."""
    used: set[str] = set()
    for part in source.part.package.iter_parts():
        if isinstance(part, XmlPart):
            used.update(str(v).upper() for v in PARA_IDS(part.element))
        elif part.content_type.endswith("xml"):
            used.update(v.decode().upper() for v in PARA_ID_IN_XML.findall(part.blob))
    return (f"{n:08X}" for n in range(1, PARA_ID_LIMIT) if f"{n:08X}" not in used)


def _ignorable(root: etree._Element, prefix: str) -> None:
    """List ``prefix`` in the root's ``mc:Ignorable`` (for readers that do not know its
    namespace), when the root declares both."""
    declared = root.nsmap or {}
    if declared.get(prefix) != nsmap[prefix] or MC not in declared.values():
        return
    attribute = f"{{{MC}}}Ignorable"
    listed = (root.get(attribute) or "").split()
    if prefix not in listed:
        root.set(attribute, " ".join([*listed, prefix]))


def _score_text(letter: Letter, result: DocumentResult) -> str:
    """The first comment: the score (or why there is none), the letter type, the counts."""
    counts: dict[Level, int] = {}
    for finding in result.findings:
        counts[finding.level] = counts.get(finding.level, 0) + 1
    summary = ", ".join(
        f"{n} {LEVEL_NL[level] if n == 1 else LEVEL_NL_PLURAL[level]}"
        for level, n in sorted(counts.items(), reverse=True)
    )
    level = f", taalniveau ongeveer {letter.stats.level}" if letter.stats.level else ""
    score = result.score
    headline = (
        f"briefscore {score.value} van 100 ({score.band})"
        if score is not None
        else result.score_note or "geen score"
    )
    return (
        f"tonecheck: {headline}\n"
        f"Brieftype: {letter.letter_type.label}{level}. "
        f"{summary or 'Geen bevindingen'}."
    )
