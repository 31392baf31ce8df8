"""Read back the state Word shows for each comment: open, or resolved (done)."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
EXTENDED = "word/commentsExtended.xml"
EXTENDED_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)
EXTENDED_RELATIONSHIP = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"


def comment_states(path: Path) -> list[tuple[str, bool | None]]:
    """(comment text, done) per comment in id order, as Word reads it: the state is that
    of the ``w15:commentEx`` whose paraId is the comment's last paragraph's; None when
    there is none (Word shows it open)."""
    with zipfile.ZipFile(path) as package:
        comments = etree.fromstring(package.read("word/comments.xml"))
        names = package.namelist()
        extended = etree.fromstring(package.read(EXTENDED)) if EXTENDED in names else None
    states: dict[str, bool] = {}
    for entry in extended if extended is not None else []:
        para_id = entry.get(f"{{{W15}}}paraId")
        assert para_id not in states, f"two entries for paraId {para_id}"
        states[para_id] = entry.get(f"{{{W15}}}done") == "1"
    found = []
    for comment in comments.iterfind(f"{{{W}}}comment"):
        paragraphs = comment.findall(f"{{{W}}}p")
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in paragraphs)
        found.append((text, states.get(paragraphs[-1].get(f"{{{W14}}}paraId"))))
    return found


def extended_part_registered(path: Path) -> bool:
    """The commentsExtended part has its content type and the document's relationship."""
    with zipfile.ZipFile(path) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.get("PartName")}
    targets = {r.get("Type"): r.get("Target") for r in rels}
    return (
        overrides.get("/word/commentsExtended.xml") == EXTENDED_TYPE
        and targets.get(EXTENDED_RELATIONSHIP) == "commentsExtended.xml"
    )


def libreoffice_resolved(path: Path, profile: Path) -> list[tuple[str, bool]]:
    """(first line of the comment, resolved) per comment as LibreOffice reads the file:
    converted to OpenDocument, where a resolved comment is ``loext:resolved="true"``."""
    out = profile.parent / "odt"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "odt", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    with zipfile.ZipFile(out / path.with_suffix(".odt").name) as document:
        content = etree.fromstring(document.read("content.xml"))
    office = content.nsmap["office"]
    text = content.nsmap["text"]
    found = []
    for note in content.iter(f"{{{office}}}annotation"):
        resolved = next((v for k, v in note.attrib.items() if k.endswith("}resolved")), "false")
        first = note.find(f"{{{text}}}p")
        found.append(("".join(first.itertext()) if first is not None else "", resolved == "true"))
    return found
