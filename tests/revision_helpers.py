"""Rewrites for tests, and the tracked changes of a .docx settled: all accepted or all
rejected, by XML here and by LibreOffice (headless, with a Basic macro in a profile of
its own) for comparison."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from lxml import etree

from tonecheck.common.findings import Finding, Level, Location, Replacement
from tonecheck.documents.docx_package import from_python_docx
from tonecheck.documents.docx_reader import docx_blocks
from tonecheck.report.result import DocumentResult

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
INS, DEL = f"{{{W}}}ins", f"{{{W}}}del"
RENAMED = {f"{{{W}}}delText": f"{{{W}}}t", f"{{{W}}}delInstrText": f"{{{W}}}instrText"}
STORIES = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml")

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Revisions"
 script:language="StarBasic">
Sub Settle(folder As String)
  Dim name As String
  Dim names(200) As String
  Dim count As Integer
  name = Dir(folder &amp; "/*.docx")
  Do While name &lt;&gt; ""
    names(count) = name
    count = count + 1
    name = Dir()
  Loop
  For i = 0 To count - 1
    SaveSettled(folder, names(i), "AcceptAllTrackedChanges", ".accepted.txt")
    SaveSettled(folder, names(i), "RejectAllTrackedChanges", ".rejected.txt")
  Next i
End Sub

Sub SaveSettled(folder As String, name As String, command As String, suffix As String)
  Dim options(0) As New com.sun.star.beans.PropertyValue
  options(0).Name = "Hidden"
  options(0).Value = True
  document = StarDesktop.loadComponentFromURL(ConvertToURL(folder &amp; "/" &amp; name), _
    "_blank", 0, options())
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  frame = document.getCurrentController().getFrame()
  dispatcher.executeDispatch(frame, ".uno:" &amp; command, "", 0, Array())
  Dim save(1) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName"
  save(0).Value = "Text (encoded)"
  save(1).Name = "FilterOptions"
  save(1).Value = "UTF8,LF"
  document.storeToURL(ConvertToURL(folder &amp; "/" &amp; name &amp; suffix), save())
  document.close(True)
End Sub
</script:module>
"""
LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Revisions"/>
</library:library>
"""


def settle(path: Path, target: Path, accept: bool) -> Path:
    """A copy of the .docx at ``path`` with every tracked change accepted (or rejected)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith(STORIES) and info.filename.endswith(".xml"):
                root = etree.fromstring(data)
                _settle(root, accept)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            out.writestr(info, data)
    return target


def _settle(root: etree._Element, accept: bool) -> None:
    gone, kept = (DEL, INS) if accept else (INS, DEL)
    for change in list(root.iter(gone)):
        if change.getparent() is not None:
            change.getparent().remove(change)
    for change in list(root.iter(kept)):
        for child in list(change):
            for deleted in child.iter(*RENAMED):
                deleted.tag = RENAMED[deleted.tag]
            change.addprevious(child)
        change.getparent().remove(change)


def libreoffice_settled(folder: Path, profile: Path) -> None:
    """For each NAME.docx in ``folder``, LibreOffice's text of it with all tracked
    changes accepted (NAME.docx.accepted.txt) and rejected (NAME.docx.rejected.txt)."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    base = ["soffice", "--headless", f"-env:UserInstallation=file://{profile}"]
    # the first start writes the profile (and its own Basic library); then ours goes in
    subprocess.run([*base, "--terminate_after_init"], check=True, capture_output=True, timeout=300)
    library = profile / "user" / "basic" / "Standard"
    library.mkdir(parents=True, exist_ok=True)
    (library / "Revisions.xba").write_text(MACRO, encoding="utf-8")
    (library / "script.xlb").write_text(LIBRARY, encoding="utf-8")
    macro = f'macro:///Standard.Revisions.Settle("{folder}")'
    subprocess.run([*base, macro], check=True, capture_output=True, timeout=600)


def with_rewrites(result: DocumentResult, at_least: int = 3) -> list[Replacement]:
    """Keep the rules' own rewrites that overlap no other; give two of every three other
    findings in the main text that overlap no earlier rewrite a made-up one, in turn:
    its words replaced, left out, one word added, one word changed. A letter with fewer
    than ``at_least`` rewrites gets findings of its own (rule ``test.extra``) on a word
    of its paragraphs. Returns the rewrites, in text order."""
    assert result.letter is not None
    document = result.letter.document
    text = document.text
    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []
    order = sorted(result.findings, key=lambda f: (f.location.start, f.location.end))
    # the rules' own rewrites stay where they overlap no other; the others are dropped
    for i, finding in enumerate(order):
        real = finding.replacement
        if real is not None and _free(taken, real.start, real.end):
            taken.append((real.start, real.end))
        elif real is not None:
            order[i] = dataclasses.replace(finding, replacement=None)
    for n, finding in enumerate(order):
        if finding.replacement is not None:
            findings.append(finding)
            continue
        where = finding.location
        usable = where.start < where.end and document.blocks[where.paragraph].origin == "body"
        if n % 3 == 2 or not usable or not _free(taken, where.start, where.end):
            findings.append(finding)
        else:
            new = _made_up(text[where.start : where.end], len(taken))
            start = where.start
            if not new and text[start - 1 : start] == " " and _free(taken, start - 1, start):
                # a left-out word takes the space before it, as a rule's narrowed
                # rewrite does (Replacement): no double space where it was
                start -= 1
            findings.append(finding_with(finding, start, where.end, new))
            taken.append((start, where.end))
    for block in document.blocks:
        words = block.text.split(" ")
        if len(taken) >= at_least or block.origin != "body" or len(words) < 3:
            continue
        start = block.start + len(words[0]) + 1
        end = start + len(words[1])
        if _free(taken, start, end):
            line, column = document.line_column(start)
            extra = Finding(
                "test.extra", "clarity", Level.SUGGESTION, "Een woord.", "Kies een ander.",
                text[start:end], Location(block.index, start, end, line, column),
            )  # fmt: skip
            findings.append(finding_with(extra, start, end, _made_up(text[start:end], len(taken))))
            taken.append((start, end))
    result.findings = sorted(findings, key=lambda f: (f.location.start, f.location.end))
    return sorted(
        (f.replacement for f in result.findings if f.replacement is not None),
        key=lambda r: r.start,
    )


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` stays clear of (and does not touch) every span taken."""
    return all(end < low or start > high for low, high in taken)


def _made_up(old: str, kind: int) -> str:
    words = old.split(" ")
    if kind % 4 == 0:
        return old.upper() + " (herschreven)"
    if kind % 4 == 1:
        return ""
    if kind % 4 == 2:
        return old + " echt"
    return " ".join([words[0], "nieuw", *words[2:]]) if len(words) > 2 else "anders"


def rewritten(text: str, replacements: list[Replacement]) -> str:
    """``text`` with the (non-overlapping) replacements made, as the reader would read
    it: each block without white space at its ends, a block left empty gone."""
    for replacement in sorted(replacements, key=lambda r: -r.start):
        text = text[: replacement.start] + replacement.text + text[replacement.end :]
    blocks = (block.strip() for block in text.split("\n\n"))
    return "\n\n".join(block for block in blocks if block)


def finding_with(finding: Finding, start: int, end: int, text: str) -> Finding:
    return dataclasses.replace(finding, replacement=Replacement(start, end, text))


BETWEEN = ("\n", b"<between blocks>")  # an entry of formatted_characters; two per gap
Character = tuple[str, bytes | None]


def formatted_characters(path: Path) -> list[Character]:
    """Each character of the letter's text as the reader reads it, with the formatting
    (``w:rPr``) of its run; between blocks two :data:`BETWEEN`, so the list's indexes
    are the document's offsets."""
    blocks = docx_blocks(from_python_docx(docx.Document(str(path))))
    found: list[Character] = []
    for block in blocks:
        if found:
            found += [BETWEEN, BETWEEN]
        for span in block.spans:
            run = block.anchor.runs[span.run]
            properties = run.find(f"{{{W}}}rPr")
            style = b"" if properties is None else etree.tostring(properties, method="c14n")
            found += [(ch, style) for ch in block.text[span.start : span.end]]
    return found


def rewritten_characters(
    characters: list[Character], replacements: list[Replacement]
) -> list[Character]:
    """What :func:`formatted_characters` should give once the replacements are made:
    the characters outside them as they were, the new ones with formatting None (any),
    read as the reader reads (blocks trimmed, empty blocks gone)."""
    made = list(characters)
    for replacement in sorted(replacements, key=lambda r: -r.start):
        made[replacement.start : replacement.end] = [(c, None) for c in replacement.text]
    blocks: list[list[Character]] = [[]]
    for entry in made:
        if entry == BETWEEN:
            blocks.append([])
        else:
            blocks[-1].append(entry)
    found: list[Character] = []
    for block in blocks:
        while block and block[0][0].isspace():
            block.pop(0)
        while block and block[-1][0].isspace():
            block.pop()
        if block:
            found += [BETWEEN, BETWEEN, *block] if found else block
    return found


def same_characters(found: list[Character], expected: list[Character]) -> bool:
    """Equal, where an expected formatting of None matches any."""
    return len(found) == len(expected) and all(
        f[0] == e[0] and (e[1] is None or f[1] == e[1])
        for f, e in zip(found, expected, strict=True)
    )


def tracked_changes(path: Path) -> list[tuple[str, str, str]]:
    """(kind, author, text) of every tracked change in the main text, in order."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    found = []
    for change in root.iter(INS, DEL):
        text = "".join(t.text or "" for t in change.iter(f"{{{W}}}t", f"{{{W}}}delText"))
        found.append((etree.QName(change).localname, change.get(f"{{{W}}}author", ""), text))
    return found
