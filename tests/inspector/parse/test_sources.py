"""Message sources: every format, content detection, error lines, read-only guarantee."""

from __future__ import annotations

import errno
import hashlib
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.errors import SourceError
from inspector.model.codes import SourceKind
from inspector.model.message import ReadError, SourceRef
from inspector.parse import mbox, sources
from inspector.parse.sources import (
    iter_messages,
    iter_refs,
    message_from_paste,
    read_message,
)

MSG_A = b"From: Alice <alice@example.com>\nTo: bob@example.net\nSubject: A\n\nHello A\n"
MSG_B = b"From: Bob <bob@example.net>\nSubject: B\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nB body\n"


def _mbox(*messages: bytes, crlf: bool = False) -> bytes:
    out = b""
    for i, m in enumerate(messages):
        ending = b"\n" if m.endswith(b"\n") else b"\n\n"
        out += b"From sender@example.com Mon Jan  1 10:0%d:00 2024\n" % i + m + ending
    return out.replace(b"\n", b"\r\n") if crlf else out


def _collect(
    paths: list[str], **kw: object
) -> tuple[list[tuple[SourceRef, bytes]], list[ReadError]]:
    ok: list[tuple[SourceRef, bytes]] = []
    errors: list[ReadError] = []
    for item in iter_messages(paths, **kw):  # type: ignore[arg-type]
        if isinstance(item, ReadError):
            errors.append(item)
        else:
            ok.append(item)
    return ok, errors


def test_eml_by_content_not_name(tmp_path: Path) -> None:
    (tmp_path / "message.pdf").write_bytes(MSG_A)
    (tmp_path / "real.eml").write_bytes(b"%PDF-1.4 pretending")
    ok, errors = _collect([str(tmp_path / "message.pdf"), str(tmp_path / "real.eml")])
    assert [r.kind for r, _ in ok] == ["eml"]
    assert ok[0][1] == MSG_A
    assert errors == [ReadError(str(tmp_path / "real.eml"), "not a message: looks like a PDF file")]


# --------------------------------------------------------------------------- error lines


def test_error_lines(tmp_path: Path) -> None:
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    pdf = tmp_path / "doc.eml"
    pdf.write_bytes(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "notes.txt").write_text("just some notes\nwithout headers\n")
    truncated = tmp_path / "trunc.mbox"
    truncated.write_bytes(
        _mbox(MSG_A) + b"From x@example.com Mon Jan  1 10:00:00 2024\nFrom: a@b\n"
    )
    missing = tmp_path / "missing.eml"
    _, errors = _collect([str(p) for p in (empty, pdf, nothing, truncated, missing)])
    messages = {(Path(e.path).name, e.message) for e in errors}
    assert ("empty.eml", "empty file") in messages
    assert ("doc.eml", "not a message: looks like a PDF file") in messages
    assert ("nothing", "no messages found in folder") in messages
    assert (
        "trunc.mbox",
        "truncated mbox: last message has no header/body separator",
    ) in messages
    assert ("missing.eml", "no such file or directory") in messages


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.eml"
    locked.write_bytes(MSG_A)
    real_open = os.open

    def deny(path: str, flags: int, *args: int) -> int:
        if str(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(sources.os, "open", deny)
    _, errors = _collect([str(locked)])
    assert errors == [ReadError(str(locked), "permission denied")]


def test_batch_continues_after_errors(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(b"")
    (tmp_path / "b.eml").write_bytes(MSG_A)
    ok, errors = _collect([str(tmp_path / "a.eml"), str(tmp_path / "zzz"), str(tmp_path / "b.eml")])
    assert len(ok) == 1 and len(errors) == 2


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_MESSAGE_BYTES", 100)
    big = tmp_path / "big.eml"
    big.write_bytes(MSG_A + b"x" * 500)
    mbox = tmp_path / "big.mbox"
    mbox.write_bytes(_mbox(MSG_A + b"y" * 500, MSG_B))
    ok, errors = _collect([str(big), str(mbox)])
    assert [e.message.startswith("message too large") for e in errors] == [True, True]
    assert "MB limit" in errors[0].message
    assert [r.index for r, _ in ok] == [1]  # the mbox's second message still comes through


# --------------------------------------------------------------------------- mbox


@pytest.mark.parametrize("crlf", [False, True])
def test_mbox_messages_offsets_and_reread(tmp_path: Path, crlf: bool) -> None:
    body_b = MSG_B + b"\n>From the quoted line\n>>From doubly quoted\nFrom inside a line\n"
    path = tmp_path / "box"
    path.write_bytes(_mbox(MSG_A, body_b, crlf=crlf))
    ok, errors = _collect([str(path)])
    assert errors == []
    assert [(r.kind, r.index) for r, _ in ok] == [("mbox", 0), ("mbox", 1)]
    nl = b"\r\n" if crlf else b"\n"
    assert ok[0][1] == MSG_A.replace(b"\n", nl)
    second = ok[1][1]
    assert nl + b"From the quoted line" in second
    assert nl + b">From doubly quoted" in second
    for ref, data in ok:
        assert read_message(ref) == data
        raw = path.read_bytes()[ref.offset : ref.offset + ref.length]
        assert raw.startswith(b"From:")


@pytest.mark.parametrize("block", [1, 2, 3, 5, 7, 64])
def test_mbox_read_in_any_block_size_gives_the_same_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """Separators that straddle two reads ("\n\r" | "\nFrom ", "Fro" | "m ...") are found."""
    body = MSG_B + b"\nFrom inside text\n>From quoted\n\r\nFrom no digit here\n"
    path = tmp_path / "box"
    path.write_bytes(_mbox(MSG_A, body, MSG_A, crlf=True) + b"\r\n")
    expected = _collect([str(path)])
    assert len(expected[0]) == 3
    monkeypatch.setattr(mbox, "_BLOCK", block)
    assert _collect([str(path)]) == expected


def test_mbox_from_line_needs_blank_line_before(tmp_path: Path) -> None:
    msg = b"From: a@example.com\nSubject: s\n\nline one\nFrom here on, text\n"
    path = tmp_path / "one.mbox"
    path.write_bytes(_mbox(msg))
    ok, _ = _collect([str(path)])
    assert len(ok) == 1 and b"From here on" in ok[0][1]


def test_mbox_dated_from_line_right_after_a_boundary_starts_a_message(tmp_path: Path) -> None:
    first = (
        b"From: mailer-daemon@example.net\nContent-Type: multipart/mixed; boundary=b\n\n"
        b"--b\nContent-Type: text/plain\n\nfirst\n--b--\n"
    )
    body_lines = b"From a@example.com, undated: stays in the body\n"
    path = tmp_path / "two.mbox"
    path.write_bytes(
        b"From a@example.com  Thu Jul  2 12:05:05 2020\n"
        + first
        + b"From b@example.com  Thu Jul  2 12:05:06 2020\n"
        + MSG_B
        + body_lines
    )
    ok, errors = _collect([str(path)])
    assert errors == []
    assert [r.index for r, _ in ok] == [0, 1]
    assert ok[0][1].endswith(b"--b--\n")
    assert ok[1][1].startswith(b"From: Bob") and ok[1][1].endswith(body_lines)


def test_mbox_long_lines_are_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "_LINE_CHUNK", 64)
    msg = b"From: a@example.com\nSubject: s\n\n" + b"z" * 100 + b"From not a separator\n"
    path = tmp_path / "long.mbox"
    path.write_bytes(_mbox(msg, MSG_B))
    ok, _ = _collect([str(path)])
    assert len(ok) == 2 and ok[0][1] == msg


# --------------------------------------------------------------------------- folders


def _maildir(root: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    (root / "cur" / "1700000000.M1P1.host:2,S").write_bytes(MSG_A)
    (root / "new" / "1700000001.M2P1.host").write_bytes(MSG_B)
    (root / "tmp" / "1700000002.M3P1.host").write_bytes(b"From: half@written\n")


def test_maildir(tmp_path: Path) -> None:
    _maildir(tmp_path / "Mail")
    ok, errors = _collect([str(tmp_path / "Mail")])
    assert errors == []
    assert [r.kind for r, _ in ok] == ["maildir", "maildir"]
    assert [d for _, d in ok] == [MSG_A, MSG_B]  # cur before new, tmp ignored


def test_folder_walk_names_every_path_it_does_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.eml").write_bytes(MSG_A)
    os.mkfifo(folder / "pipe")
    (folder / "gone").symlink_to(folder / "nowhere")
    (folder / "loop").symlink_to(folder / "loop")
    (folder / ".hidden-pipe").symlink_to(folder / "nowhere")  # hidden: skipped by design
    _maildir(folder / "Mail")
    os.mkfifo(folder / "Mail" / "cur" / "1700000003.M4P1.host:2,S")
    ok, errors = _collect([str(folder)])
    assert sorted(d for _, d in ok) == sorted([MSG_A, MSG_A, MSG_B])
    reasons = {Path(e.path).name: e.message for e in errors}
    assert reasons == {
        "gone": "skipped: a broken symbolic link (its target does not exist)",
        "loop": "skipped: a symbolic link that loops (it never reaches a file)",
        "pipe": "skipped: a named pipe (FIFO), not a file",
        "1700000003.M4P1.host:2,S": "skipped: a named pipe (FIFO), not a file",
    }


def test_mh_folder(tmp_path: Path) -> None:
    mh = tmp_path / "inbox"
    mh.mkdir()
    (mh / "10").write_bytes(MSG_B)
    (mh / "2").write_bytes(MSG_A)
    (mh / ".mh_sequences").write_text("unseen: 2-10\n")
    ok, errors = _collect([str(mh)])
    assert errors == []
    assert [(Path(r.path).name, r.kind) for r, _ in ok] == [("2", "mh"), ("10", "mh")]


def test_recursive_folder_mixing_formats(tmp_path: Path) -> None:
    root = tmp_path / "all"
    (root / "deep" / "deeper").mkdir(parents=True)
    (root / "one.eml").write_bytes(MSG_A)
    (root / "deep" / "archive.mbox").write_bytes(_mbox(MSG_A, MSG_B))
    (root / "deep" / "README.md").write_text("# notes\n")  # a companion: skipped quietly
    (root / "deep" / "snapshot.json").write_text("{}")
    (root / "deep" / "scan.pdf").write_bytes(b"%PDF-1.4")
    _maildir(root / "deep" / "deeper" / "md")
    ok, errors = _collect([str(root)])
    assert sorted(r.kind for r, _ in ok) == ["eml", "maildir", "maildir", "mbox", "mbox"]
    assert [(Path(e.path).name, e.message) for e in errors] == [
        ("scan.pdf", "not a message: looks like a PDF file")
    ]
    named = _collect([str(root / "deep" / "README.md")])[1]
    assert named[0].message.startswith("not a message")


def test_iter_messages_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "box"
    path.write_bytes(_mbox(MSG_A, MSG_B, MSG_A))
    it = iter_messages([str(path)])
    first = next(it)
    assert not isinstance(first, ReadError) and first[0].index == 0


def test_cancel_stops(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.eml").write_bytes(MSG_A)
    seen: list[object] = []
    for item in iter_messages([str(tmp_path)], cancel=lambda: len(seen) >= 2):
        seen.append(item)
    assert len(seen) == 2


def test_iter_refs(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(MSG_A)
    refs = list(iter_refs([str(tmp_path / "a.eml")]))
    assert refs == [SourceRef(str(tmp_path / "a.eml"), 0, SourceKind.EML, 0, len(MSG_A))]
    assert read_message(refs[0]) == MSG_A  # type: ignore[arg-type]


def test_read_message_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        read_message(SourceRef(str(tmp_path / "gone.eml")))
    with pytest.raises(SourceError):
        read_message(SourceRef("<stdin>", kind=SourceKind.STDIN))


# --------------------------------------------------------------------------- stdin, paste


def test_stdin_message_and_mbox() -> None:
    ok, _ = _collect(["-"], stdin=io.BytesIO(MSG_A))
    assert ok == [(SourceRef("<stdin>", 0, SourceKind.STDIN, 0, len(MSG_A)), MSG_A)]
    ok, _ = _collect(["-"], stdin=io.BytesIO(_mbox(MSG_A, MSG_B)))
    assert [d for _, d in ok] == [MSG_A, MSG_B]
    assert {r.kind for r, _ in ok} == {"stdin"}
    _, errors = _collect(["-"])
    assert errors[0].message == "standard input is not available"


def test_stdin_mbox_longer_than_sniff_window() -> None:
    filler = b"X-Pad: " + b"p" * 5000 + b"\n"
    msg = b"From: a@example.com\n" + filler + b"\nbody\n"
    ok, _ = _collect(["-"], stdin=io.BytesIO(_mbox(msg, MSG_B)))
    assert [d for _, d in ok] == [msg, MSG_B]


def test_paste_gmail_show_original() -> None:
    text = (
        "\n\n  Original Message\n"
        "Message ID\t<abc@example.com>\n"
        "Created at:\tMon, Jan 1, 2024 at 10:00 AM\n"
        "SPF:\tPASS with IP 192.0.2.1\n"
        "Download Original\n"
        "Copy to clipboard\n"
        "Delivered-To: bob@example.net\r\n"
        "Received: from mx.example.com\r\n"
        "\tby mx.example.net; Mon, 1 Jan 2024 10:00:00 +0000\r\n"
        "From:\u00a0Alice <alice@example.com>\n"
    )
    ref, data = message_from_paste(text)
    assert ref == SourceRef("<pasted>", 0, SourceKind.PASTE, 0, len(data))
    assert data.startswith(b"Delivered-To: bob@example.net\r\nReceived:")
    assert b"\r\n\tby mx.example.net" in data
    assert b"From: Alice" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_paste_common_indentation() -> None:
    _, data = message_from_paste("    From: a@example.com\n    Subject: hi\n      continued\n")
    assert data == b"From: a@example.com\r\nSubject: hi\r\n  continued\r\n"


# --------------------------------------------------------------------------- read-only


def _snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    out = {}
    for p in sorted(root.rglob("*")):
        st = p.stat()
        digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""
        out[str(p.relative_to(root))] = (digest, st.st_mtime_ns, st.st_mode)
    return out


def test_inputs_are_never_modified(tmp_path: Path) -> None:
    root = tmp_path / "inputs"
    root.mkdir()
    _maildir(root / "md")
    (root / "box.mbox").write_bytes(_mbox(MSG_A, MSG_B))
    (root / "single.eml").write_bytes(MSG_A)
    before = _snapshot(root)
    items = list(iter_messages([str(root)]))
    for item in items:
        if not isinstance(item, ReadError):
            read_message(item[0])
    assert _snapshot(root) == before
    assert (root / "md" / "new" / "1700000001.M2P1.host").exists()  # not moved to cur/


def test_maildir_index_files_skipped(tmp_path: Path) -> None:
    _maildir(tmp_path / "md")
    for name in ("dovecot-uidlist", "dovecot.index.log", "maildirfolder", "subscriptions"):
        (tmp_path / "md" / name).write_bytes(b"\x00\x01 index data")
    ok, errors = _collect([str(tmp_path / "md")])
    assert len(ok) == 2 and errors == []


def test_bom_and_leading_blank_lines_still_a_message(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(b"\xef\xbb\xbf" + MSG_A)
    (tmp_path / "b.eml").write_bytes(b"\r\n\r\n" + MSG_A)
    ok, errors = _collect([str(tmp_path)])
    assert len(ok) == 2 and errors == []


def test_maildir_plus_plus_subfolders_and_hidden_dirs(tmp_path: Path) -> None:
    _maildir(tmp_path / "md")
    _maildir(tmp_path / "md" / ".Sent")
    (tmp_path / "md" / ".git").mkdir()
    (tmp_path / "md" / ".git" / "HEAD").write_bytes(MSG_A)
    ok, errors = _collect([str(tmp_path / "md")])
    assert len(ok) == 4 and errors == []
    assert all(".git" not in r.path for r, _ in ok)


def test_stdin_over_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_MESSAGE_BYTES", 100)
    ok, errors = _collect(["-"], stdin=io.BytesIO(MSG_A + b"x" * 200))
    assert ok == []
    assert [e.path for e in errors] == ["<stdin>"]
    assert errors[0].message.startswith("message too large"), errors


def test_stdin_not_a_message() -> None:
    _, errors = _collect(["-"], stdin=io.BytesIO(b"%PDF-1.7 ..."))
    assert errors == [ReadError("<stdin>", "not a message: looks like a PDF file")]


def test_empty_message_in_mbox(tmp_path: Path) -> None:
    path = tmp_path / "box"
    path.write_bytes(
        b"From a@b Mon Jan  1 10:00:00 2024\n\nFrom a@b Mon Jan  1 10:00:01 2024\n" + MSG_A
    )
    ok, errors = _collect([str(path)])
    assert [e.message for e in errors] == ["empty message in mbox"]
    assert [r.index for r, _ in ok] == [1]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"From a@b Mon Jan  1 10:00:00 2024\n",
                b"From a@b Mon Jan  1 10:00:00 2024\r\n",
                b"From: x@example.com\n",
                b">From quoted\n",
                b"\n",
                b"\r\n",
                b"body line\n",
                b"\x00\xff",
                b"%PDF",
                b"no newline at end",
            ]
        ),
        max_size=30,
    )
)
def test_any_bytes_give_messages_or_errors(chunks: list[bytes]) -> None:
    data = b"".join(chunks)
    items = list(iter_messages(["-"], stdin=io.BytesIO(data)))
    assert items
    for item in items:
        if not isinstance(item, ReadError):
            ref, raw = item
            assert ref.kind == "stdin" and raw


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"From a@b Mon Jan  1 10:00:00 2024\n",
                b"From: x@example.com\n",
                b">From quoted\n",
                b">>From twice\n",
                b"\n",
                b"\r\n",
                b"text\r\n",
            ]
        ),
        max_size=30,
    )
)
def test_mbox_reread_by_offset_matches(chunks: list[bytes]) -> None:
    import tempfile

    data = b"From a@b Mon Jan  1 10:00:00 2024\nFrom: x@example.com\n" + b"".join(chunks)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "box"
        path.write_bytes(data)
        for item in iter_messages([str(path)]):
            if not isinstance(item, ReadError):
                assert read_message(item[0]) == item[1]


def test_unreadable_folder_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()

    def deny(path: str) -> object:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(sources.os, "scandir", deny)
    _, errors = _collect([str(folder)])
    assert errors == [ReadError(str(folder), "permission denied")]
