"""Compressed RTF (MS-OXRTFCP) is decompressed exactly, bounded, and every malformed stream is
a reported reason."""

from __future__ import annotations

import random
import struct

import pytest

from inspector.parse.rtf_compressed import (
    COMPRESSED,
    CompressedRtfError,
    decompress_rtf,
    rtf_crc,
)
from tests.support.compressed_rtf import compressed, lzfu_body, uncompressed, wrap

# The two worked examples of MS-OXRTFCP section 4 (header, CRC and stream as published).
SPEC_SIMPLE = bytes.fromhex(
    "2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af32068656c09"
    "00206277 05b06c647d0a800fa0".replace(" ", "")
)
SPEC_REPEATING = bytes.fromhex("1a0000001c0000004c5a4675e2d44b51410004205758595a0d6e7d010eb0")


def test_the_specifications_worked_examples_decompress_exactly() -> None:
    assert decompress_rtf(SPEC_SIMPLE) == b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
    # the second example copies from bytes written by the same reference (an overlap)
    assert decompress_rtf(SPEC_REPEATING) == b"{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}"


def test_the_crc_is_the_specifications_variant() -> None:
    assert rtf_crc(SPEC_SIMPLE[16:]) == struct.unpack_from("<I", SPEC_SIMPLE, 12)[0]
    assert rtf_crc(b"") == 0


def test_the_uncompressed_form_is_returned_as_stored() -> None:
    rtf = b"{\\rtf1\\ansi plain}"
    assert decompress_rtf(uncompressed(rtf)) == rtf


def test_streams_longer_than_the_dictionary_round_trip() -> None:
    rng = random.Random(7)
    words = [b"{\\par ", b"offer ", b"caf\\'e9 ", b"https://shop.example/", b"\\b0 "]
    rtf = b"{\\rtf1" + b"".join(rng.choice(words) for _ in range(1500)) + b"}"
    assert len(rtf) > 3 * 4096  # the circular dictionary wraps several times
    stream = compressed(rtf)
    assert len(stream) < len(rtf) // 2  # references were really used
    assert decompress_rtf(stream) == rtf


def test_output_stops_at_the_declared_size() -> None:
    rtf = b"{\\rtf1 " + b"abcd" * 100 + b"}"
    assert decompress_rtf(wrap(lzfu_body(rtf), 50)) == rtf[:50]


def _reason(data: bytes, limit: int = 1 << 20) -> str:
    with pytest.raises(CompressedRtfError) as caught:
        decompress_rtf(data, limit)
    return str(caught.value)


def test_damaged_streams_are_refused_with_a_reason() -> None:
    good = compressed(b"{\\rtf1 hello hello hello}")
    assert "CRC" in _reason(good[:-1] + bytes([good[-1] ^ 0xFF]))
    assert "truncated" in _reason(good[:-3])
    assert "16-byte header" in _reason(good[:10])
    assert "unknown type" in _reason(good[:8] + b"ABCD" + good[12:])


def test_a_declared_size_beyond_the_limit_is_refused_before_any_work() -> None:
    body = lzfu_body(b"{\\rtf1}")
    assert "larger than" in _reason(wrap(body, 0xFFFFFFFF), limit=64 * 1024 * 1024)


def test_a_reference_cut_off_by_the_end_of_the_stream_is_refused() -> None:
    assert "inside a dictionary reference" in _reason(wrap(b"\x01\x00", 100))


def test_a_reference_to_dictionary_bytes_never_written_is_refused() -> None:
    reference = struct.pack(">H", 3000 << 4 | 5)  # 3000 is past the 207 seeded bytes
    assert "never written" in _reason(wrap(b"\x01" + reference, 100))


def test_a_stream_without_an_end_marker_ends_with_its_data() -> None:
    assert decompress_rtf(wrap(b"\x00{\\rtf1}", 100, COMPRESSED)) == b"{\\rtf1}"


def test_random_bytes_never_raise_anything_but_the_reasoned_error() -> None:
    rng = random.Random(11)
    for _ in range(300):
        body = rng.randbytes(rng.randrange(0, 200))
        try:
            out = decompress_rtf(wrap(body, rng.randrange(0, 5000)))
        except CompressedRtfError:
            continue
        assert len(out) <= 5000
