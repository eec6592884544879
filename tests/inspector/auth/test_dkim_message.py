"""DkimMessage must read a message exactly as dkimpy's own parser does: the same header
fields, the same CRLF body, the same refusals."""

from __future__ import annotations

from pathlib import Path

import dkim
import pytest

from inspector.auth.dkim_message import DkimMessage

SHAPES = [
    b"",
    b"From: a@example.com\r\nSubject: x\r\n\r\nbody\r\nline two\r\n",
    b"From: a@example.com\nSubject: x\n\nbody\nline two\n",
    b"From: a@example.com\r\nSubject: x\r\n",
    b"From: a@example.com\r\nSubject: x",
    b"From: a@example.com\r\n\r\n",
    b"From: a@example.com\n\n",
    b"\r\nbody only\r\n",
    b"\nbody only\n",
    b"From: a\r\n folded\r\n\tagain\r\n\r\nb\r\rc\r\r\nd\n\n\n",
    b"From x@example.com Mon\nFrom: a\n\nb\r\n\r\n\r\n",
    b"From: a\r\r\nTo: b\r\n\r\nmixed\nends\r\n",
    b"From: a\n\r\nbody after a CRLF blank line\n",
    b"From: a\r\n\nbody after a LF blank line\r\n",
    b"X::colon name\r\nY:\r\n\r\n",
    b"From: a\r\n cont\r\r\n more\rx\r\nTo: b\r\r\n\r\nb",
    b"From: a\r\nFrom x@example.com Mon\r\n after the envelope line\r\n\r\nb",
    b"From: a\r\n\r\r\nTo: b\r\n\r\nb",
    b"From: a\r",
    b"From: a\nTo: b\r\n",
]


def _dkimpy(raw: bytes) -> tuple[list[list[bytes]], bytes] | str:
    try:
        headers, body = dkim.rfc822_parse(raw)
    except dkim.MessageFormatError as exc:
        return f"refused: {exc}"
    return headers, body


def _ours(raw: bytes) -> tuple[list[list[bytes]], bytes] | str:
    try:
        split = DkimMessage(raw)
    except dkim.MessageFormatError as exc:
        return f"refused: {exc}"
    return split.headers, split.body


@pytest.mark.parametrize("raw", SHAPES)
def test_reads_each_shape_as_dkimpy_does(raw: bytes) -> None:
    assert _ours(raw) == _dkimpy(raw)


def test_refuses_what_dkimpy_refuses() -> None:
    raw = b"From: a\r\nnot a field\r\n\r\nbody\r\n"
    assert str(_ours(raw)).startswith("refused: Unexpected characters")
    assert _ours(raw) == _dkimpy(raw)


@pytest.mark.parametrize(
    "raw",
    [b" first line folded\r\nFrom: a\r\n\r\n", b":\r\n\r\n", b"From: a\r\nTo b: c\r\n\r\n"],
)
def test_fails_where_dkimpy_fails(raw: bytes) -> None:
    """A block dkimpy cannot read is left to it: the same error, whatever its kind."""
    with pytest.raises(Exception) as dkimpy_error:
        dkim.rfc822_parse(raw)
    with pytest.raises(type(dkimpy_error.value)) as ours:
        DkimMessage(raw)
    assert str(ours.value) == str(dkimpy_error.value)


def test_garbage_after_the_blank_line_is_body_not_a_refusal() -> None:
    raw = b"From: a\r\n\r\nnot a field\r\n"
    assert _ours(raw) == ([[b"From", b" a\r\n"]], b"not a field\r\n")


def test_every_corpus_message_reads_as_dkimpy_reads_it(corpus_dir: Path) -> None:
    files = sorted(p for p in corpus_dir.rglob("*.eml") if p.is_file())
    if not files:
        pytest.skip(f"no .eml messages under {corpus_dir}")
    for path in files:
        raw = path.read_bytes()
        assert _ours(raw) == _dkimpy(raw), path.name


@pytest.mark.parametrize("raw", SHAPES)
def test_names_and_signatures_are_those_of_dkimpy_fields(raw: bytes) -> None:
    """Offline only the lowered names and the DKIM-Signature fields are read; they must be
    what dkimpy's own fields give, in order."""
    signed = raw.replace(b"Subject: x", b"DKIM-Signature: v=1;\r\n d=example.com\r\nSubject: x")
    for message in (raw, signed):
        try:
            fields, _ = dkim.rfc822_parse(message)
        except dkim.MessageFormatError:
            continue
        split = DkimMessage(message)
        assert split.names == [n.decode("latin-1").lower() for n, _ in fields]
        expected = [(n, v) for n, v in fields if n.lower() == b"dkim-signature"]
        assert split.signatures == expected
        assert split.headers == fields


def test_blank_line_of_the_other_kind_before_the_first_is_the_end_of_the_block() -> None:
    for raw in (
        b"From: a\r\nX: y\n\nbody\r\n\r\nmore\r\n",
        b"From: a\nX: y\r\n\r\nbody\n\nmore\n",
        b"From: a\r\nX: y\r\n\r\nbody\n\nmore\n",
        b"From: a\nX: y\n\nbody\r\n\r\nmore\r\n",
    ):
        assert _ours(raw) == _dkimpy(raw)
