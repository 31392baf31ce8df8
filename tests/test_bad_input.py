"""Files that are not usable letters: one clear line, exit code 2, no traceback."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.docx_fixtures import build_structured_letter
from tonecheck.cli import main
from tonecheck.documents import read_document
from tonecheck.errors import InputError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _renamed_pdf(tmp: Path) -> Path:
    path = tmp / "brief.docx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")
    return path


def _truncated_zip(tmp: Path) -> Path:
    whole = build_structured_letter(tmp / "heel.docx").read_bytes()
    path = tmp / "afgebroken.docx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _encrypted(tmp: Path) -> Path:
    path = tmp / "versleuteld.docx"
    path.write_bytes(OLE2 + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    return path


def _old_doc(tmp: Path) -> Path:
    path = tmp / "oud.doc"
    path.write_bytes(OLE2 + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64)
    return path


def _old_doc_renamed(tmp: Path) -> Path:
    path = tmp / "oud.docx"
    path.write_bytes(_old_doc(tmp).read_bytes())
    return path


def _empty_docx(tmp: Path) -> Path:
    path = tmp / "leeg.docx"
    docx.Document().save(path)
    return path


def _zero_bytes(tmp: Path) -> Path:
    path = tmp / "nul.docx"
    path.write_bytes(b"")
    return path


def _directory(tmp: Path) -> Path:
    path = tmp / "map.docx"
    path.mkdir()
    return path


def _missing(tmp: Path) -> Path:
    return tmp / "bestaat-niet.docx"


def _zip_bomb(tmp: Path) -> Path:
    """A small .docx whose document part unpacks to more than 200 MB."""
    source = build_structured_letter(tmp / "basis.docx")
    path = tmp / "bom.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        with dst.open("word/media/opvulling.bin", "w") as handle:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(210):
                handle.write(chunk)
    return path


def _entity_expansion(tmp: Path) -> Path:
    source = build_structured_letter(tmp / "basis.docx")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    path = tmp / "entiteiten.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = bomb + data.split(b"?>", 1)[1]
            dst.writestr(item, data)
    return path


def _odt_renamed(tmp: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    path = tmp / "odt.docx"
    path.write_bytes(buffer.getvalue())
    return path


def _no_document_part(tmp: Path) -> Path:
    source = build_structured_letter(tmp / "basis.docx")
    path = tmp / "zonder-document.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
    return path


def _binary_without_early_nul(tmp: Path) -> Path:
    """Random bytes whose first kilobytes happen to hold no NUL byte."""
    path = tmp / "rommel.txt"
    noise = random.Random(3).randbytes(50_000)
    path.write_bytes(noise[:4000].replace(b"\x00", b"\x01") + noise[4000:])
    return path


def _unsupported_suffix(tmp: Path) -> Path:
    path = tmp / "brief.pdf"
    path.write_bytes(b"%PDF-1.4")
    return path


def _rewritten(tmp: Path, name: str, part: str, change) -> Path:
    """The structured letter with ``change(data, package)`` made to one ``part``."""
    source = build_structured_letter(tmp / f"basis-{name}")
    path = tmp / name
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item.filename, change(data, src) if item.filename == part else data)
    return path


def _encrypted_entry(tmp: Path) -> Path:
    """A zip entry with the encryption flag set (zipfile would ask for a password)."""
    path = build_structured_letter(tmp / "beveiligd.docx")
    data = bytearray(path.read_bytes())
    directory = data.index(b"PK\x01\x02")
    data[directory + 8] |= 0x01  # general purpose flags of the first central directory entry
    path.write_bytes(bytes(data))
    return path


W_MAIN = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _wrong_namespace(tmp: Path) -> Path:
    return _rewritten(
        tmp, "naamruimte.docx", "word/document.xml", lambda d, _: d.replace(W_MAIN, b"urn:x")
    )


def _nul_byte(tmp: Path) -> Path:
    return _rewritten(
        tmp, "nul.docx", "word/document.xml", lambda d, _: d.replace(b"Geachte", b"Ge\x00", 1)
    )


def _late_doctype(tmp: Path) -> Path:
    """A DOCTYPE after the first 4 KiB of a part (the check read only that far)."""
    late = b"<!-- " + b"x" * 5000 + b' --><!DOCTYPE x [<!ENTITY e "e">]>'
    return _rewritten(tmp, "laat.docx", "word/settings.xml", lambda d, _: d + late)


def _utf16_doctype(tmp: Path) -> Path:
    bomb = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]><x/>'
    return _rewritten(tmp, "utf16.docx", "word/webSettings.xml", lambda d, _: bomb.encode("utf-16"))


def _relationships_swapped(tmp: Path) -> Path:
    """The main document's relationships part holds the styles (a fuzzer find)."""
    return _rewritten(
        tmp, "wissel.docx", "word/_rels/document.xml.rels",
        lambda _, package: package.read("word/styles.xml"),
    )  # fmt: skip


def _special(kind: str):
    def make(tmp: Path) -> Path:
        path = tmp / f"{kind}.txt"
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
        return path

    return make


CASES = {
    "renamed pdf": (_renamed_pdf, "PDF"),
    "truncated zip": (_truncated_zip, "beschadigd"),
    "encrypted": (_encrypted, "versleuteld document: sla het op zonder wachtwoord"),
    "old .doc": (_old_doc, "oud Word-formaat (.doc)"),
    "old .doc renamed to .docx": (_old_doc_renamed, "oud Word-formaat (.doc)"),
    "empty document": (_empty_docx, "leeg document"),
    "zero bytes": (_zero_bytes, "leeg bestand"),
    "directory": (_directory, "is een map"),
    "missing file": (_missing, "bestand niet gevonden"),
    "zip bomb": (_zip_bomb, "te groot"),
    "entity expansion": (_entity_expansion, "DOCTYPE"),
    "odt renamed": (_odt_renamed, "OpenDocument"),
    "no document.xml": (_no_document_part, "Word-document"),
    "unsupported suffix": (_unsupported_suffix, "wordt niet ondersteund"),
    "binary .txt, no NUL byte early": (_binary_without_early_nul, "binair"),
    "zip entry with the encryption flag": (_encrypted_entry, "beveiligd document"),
    "main document in another namespace": (_wrong_namespace, "geen Word-document"),
    "NUL byte in the XML": (_nul_byte, "beschadigde XML in het Word-document (regel"),
    "DOCTYPE after 4 KiB": (_late_doctype, "DOCTYPE"),
    "DOCTYPE in UTF-16": (_utf16_doctype, "DOCTYPE"),
    "relationships part holding styles": (_relationships_swapped, "geen bruikbaar Word-document"),
}
if hasattr(os, "mkfifo"):
    CASES["FIFO"] = (_special("fifo"), "is een pipe (FIFO)")
if os.path.exists("/dev/zero"):
    CASES["link to /dev/zero"] = (_special("zero"), "is een apparaat")


@pytest.mark.parametrize("case", list(CASES))
def test_reader_raises_a_clear_input_error(tmp_path, case):
    make, expected = CASES[case]
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


@pytest.mark.parametrize("case", list(CASES))
def test_cli_exits_2_with_one_line_and_no_traceback(tmp_path, case):
    make, expected = CASES[case]
    if case == "directory":  # the command takes folders: an empty one holds no letters
        expected = "geen brieven gevonden"
    path = make(tmp_path)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert expected in lines[0]
    assert "Traceback" not in result.output


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    good = tmp_path / "goed.txt"
    good.write_text("Wij hebben uw aanvraag ontvangen.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(_missing(tmp_path)), str(good)])
    assert result.exit_code == 2
    assert "goed.txt" in result.output
    assert "woorden" in result.output


def test_cp1252_text_is_read(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_bytes("Wij hebben uw aanvraag geïnventariseerd: één dossier.".encode("cp1252"))
    assert read_document(path).blocks[0].text.startswith("Wij hebben uw aanvraag geïnvent")


def _bad_theme_checksum(tmp: Path) -> Path:
    """A .docx whose theme part fails its CRC check (as in a real fuzzed file): reading
    the text does not need the theme, python-docx (which the comments need) loads it."""
    source = build_structured_letter(tmp / "basis.docx")
    data = bytearray(source.read_bytes())
    name = b"word/theme/theme1.xml"
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 16] ^= 0xFF  # the CRC-32 recorded in the central directory
    path = tmp / "kapot-thema.docx"
    path.write_bytes(bytes(data))
    return path


def test_a_damaged_part_the_text_does_not_need_is_read_but_not_annotated(tmp_path):
    path = _bad_theme_checksum(tmp_path)
    with pytest.raises(zipfile.BadZipFile):
        docx.Document(str(path))
    assert read_document(path).blocks  # the letter's text is intact
    result = CliRunner().invoke(main, ["check", "--format", "docx", str(path)])
    assert result.exit_code == 2
    assert "beschadigd" in result.output and "kapot-thema.docx" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "kapot-thema.tonecheck.docx").exists()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_byte_order_mark_is_read_as_text(tmp_path, encoding):
    """The same detection as the web upload (it was refused as binary on the command line)."""
    path = tmp_path / "brief.txt"
    path.write_bytes("Geachte heer,\r\n\r\nWij hebben uw brief ontvangen.\r\n".encode(encoding))
    assert [b.text for b in read_document(path).blocks] == [
        "Geachte heer,",
        "Wij hebben uw brief ontvangen.",
    ]


def test_binary_that_is_not_utf16_stays_binary(tmp_path):
    path = tmp_path / "rommel.txt"
    path.write_bytes(b"\x00\x01" * 4000)
    with pytest.raises(InputError, match="binair"):
        read_document(path)
