"""Files that are not regular files (issue 23, point 3): a FIFO, a device, a socket, links
to them. Read, they are refused at once with one line; in a folder walk they are left
out, as symbolic links are (the walk does not follow them)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tonecheck.batch.inputs import collect_inputs, skipped_note
from tonecheck.documents import read_document
from tonecheck.errors import InputError

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
LETTER = "Geachte heer Jansen,\n\nWij hebben uw aanvraag ontvangen.\n"


# a regression must fail, not hang the test run or fill the memory: such cases run in a
# process of their own, with a time limit and at most 2 GB of address space
BOUNDED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
mode, *arguments = sys.argv[1:]
if mode == "read":
    from tonecheck.documents import read_document
    read_document(arguments[0])
else:
    from tonecheck.cli import main
    sys.argv = ["tonecheck", *arguments]
    main()
"""


def bounded(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BOUNDED, *arguments], capture_output=True, text=True, timeout=120
    )


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    return info.value.message


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pijp.txt"
    os.mkfifo(fifo)
    result = bounded("read", str(fifo))  # a blocking open would wait for a writer
    assert "is een pipe (FIFO), geen gewoon bestand" in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize("suffix", [".txt", ".docx", ".md"])
def test_a_link_to_dev_zero_is_refused_before_a_byte_is_read(tmp_path, suffix):
    link = tmp_path / f"nul{suffix}"
    link.symlink_to("/dev/zero")
    result = bounded("read", str(link))
    assert "is een apparaat (zoals /dev/zero), geen gewoon bestand" in result.stderr


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "sok.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert "socket" in refusal(path)
    finally:
        server.close()


def test_a_link_to_a_regular_file_named_on_the_command_line_is_followed(tmp_path):
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    link = tmp_path / "koppeling.txt"
    link.symlink_to(letter)
    assert read_document(link).blocks[1].text == "Wij hebben uw aanvraag ontvangen."


def test_a_link_loop_is_refused(tmp_path):
    loop = tmp_path / "rond.txt"
    loop.symlink_to(loop)
    assert "verwijst" in refusal(loop)


def test_a_text_file_over_the_limit_is_read_only_to_the_limit(tmp_path, monkeypatch):
    from tonecheck.documents import read

    monkeypatch.setattr(read, "MAX_TEXT_BYTES", 1000)
    path = tmp_path / "groot.txt"
    path.write_text(LETTER * 100, encoding="utf-8")
    assert refusal(path).startswith("te groot")


@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    folder = tmp_path / "brieven"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(LETTER, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(LETTER, encoding="utf-8")
    os.mkfifo(folder / "pijp.txt")
    (folder / "nul.txt").symlink_to("/dev/zero")
    (folder / "verwijzing.txt").symlink_to(folder / "a.txt")
    (folder / "lus").symlink_to(folder, target_is_directory=True)
    os.mkfifo(folder / "pijp.bin")  # not matched by the patterns: not counted either
    return folder


def test_a_folder_walk_takes_regular_files_only_and_follows_no_link(mixed_folder):
    skipped: Counter = Counter()
    found = collect_inputs([str(mixed_folder)], skipped=skipped)
    assert [Path(p).relative_to(mixed_folder).as_posix() for p in found] == ["a.txt", "sub/b.txt"]
    assert skipped == {"link": 2, "special": 1}
    assert skipped_note(skipped) == (
        "overgeslagen: 2 symbolische links, 1 speciaal bestand (pipe, apparaat of socket)"
    )


def test_a_batch_over_such_a_folder_ends_and_names_the_bad_file_given_explicitly(mixed_folder):
    fifo = mixed_folder / "pijp.txt"
    arguments = ["check", "--format", "json", "-q", "-j", "1", str(mixed_folder), str(fifo)]
    result = bounded("cli", *arguments)
    documents = json.loads(result.stdout)["documents"]
    assert [Path(d["path"]).name for d in documents] == ["a.txt", "b.txt", "pijp.txt"]
    assert [d["error"] is None for d in documents] == [True, True, False]
    assert "pipe (FIFO)" in documents[2]["error"]
    assert result.returncode == 2
    assert "overgeslagen: 2 symbolische links, 1 speciaal bestand" in result.stderr
