"""Compressed RTF (MS-OXRTFCP) written by the tests: a small greedy LZFu encoder, so the
decoder is checked against streams with literals, references and dictionary wrap-around
that no fixture file has to provide."""

from __future__ import annotations

import struct

from inspector.parse.rtf_compressed import (
    COMPRESSED,
    DICTIONARY_BYTES,
    INITIAL_DICTIONARY,
    UNCOMPRESSED,
    rtf_crc,
)

MAX_MATCH = 17  # 4-bit length field plus two


def wrap(body: bytes, raw_size: int, comp_type: int = COMPRESSED, crc: int | None = None) -> bytes:
    """A PR_RTF_COMPRESSED value: the 16-byte header over ``body``."""
    if crc is None:
        crc = rtf_crc(body) if comp_type == COMPRESSED else 0
    return struct.pack("<IIII", len(body) + 12, raw_size, comp_type, crc) + body


def uncompressed(rtf: bytes) -> bytes:
    """The "MELA" form: the RTF stored as is."""
    return wrap(rtf, len(rtf), UNCOMPRESSED)


def lzfu_body(rtf: bytes) -> bytes:
    """The LZFu stream of ``rtf``, ended by the end-of-stream reference."""
    history = bytearray(INITIAL_DICTIONARY)
    items: list[bytes] = []
    flags: list[bool] = []
    pos = 0
    while pos < len(rtf):
        window_start = max(0, len(history) - (DICTIONARY_BYTES - 1))
        window = bytes(history[window_start:])
        for length in range(min(MAX_MATCH, len(rtf) - pos), 1, -1):
            found = window.rfind(rtf[pos : pos + length])
            if found >= 0:
                offset = (window_start + found) % DICTIONARY_BYTES
                items.append(struct.pack(">H", offset << 4 | (length - 2)))
                flags.append(True)
                history += rtf[pos : pos + length]
                pos += length
                break
        else:
            items.append(rtf[pos : pos + 1])
            flags.append(False)
            history += rtf[pos : pos + 1]
            pos += 1
    items.append(struct.pack(">H", (len(history) % DICTIONARY_BYTES) << 4))
    flags.append(True)
    out = bytearray()
    for start in range(0, len(items), 8):
        run = range(start, min(start + 8, len(items)))
        out.append(sum(1 << (i - start) for i in run if flags[i]))
        for i in run:
            out += items[i]
    return bytes(out)


def compressed(rtf: bytes) -> bytes:
    """The "LZFu" form of ``rtf``, header and CRC included."""
    return wrap(lzfu_body(rtf), len(rtf))
