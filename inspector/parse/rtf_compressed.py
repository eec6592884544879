"""Compressed RTF (MS-OXRTFCP), the form Outlook keeps a message body in as PR_RTF_COMPRESSED.

Why our own: the format is one page of specification (a 16-byte header, a 4096-byte circular
dictionary seeded with a fixed 207-byte RTF prefix, and an LZ77 stream of control bytes,
literals and 2-byte references), and what a hostile .msg needs is what general decoders do
not promise: an output bounded by the declared size and by a hard cap, and every malformed
stream (a bad header or CRC, a truncated reference, a reference to a dictionary byte never
written) reported as a reason rather than an exception trace or a silent garbage body.
"""

from __future__ import annotations

import struct
import zlib

from inspector.errors import InspectorError

HEADER_BYTES = 16
COMPRESSED = 0x75465A4C  # "LZFu"
UNCOMPRESSED = 0x414C454D  # "MELA"
DICTIONARY_BYTES = 4096
INITIAL_DICTIONARY = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
    b"\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
    b"{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
DEFAULT_LIMIT = 64 * 1024 * 1024


class CompressedRtfError(InspectorError):
    """A PR_RTF_COMPRESSED value that cannot be decompressed; the text says why."""


def rtf_crc(data: bytes) -> int:
    """The spec's CRC-32: the usual reflected 0xEDB88320 table, but started at 0 with no
    final inversion, which is zlib's CRC with both inversions undone."""
    return zlib.crc32(data, 0xFFFFFFFF) ^ 0xFFFFFFFF


def _header(data: bytes, limit: int) -> tuple[int, int, int, int]:
    if len(data) < HEADER_BYTES:
        raise CompressedRtfError("compressed RTF shorter than its 16-byte header")
    comp_size, raw_size, comp_type, crc = struct.unpack_from("<IIII", data)
    if comp_type not in (COMPRESSED, UNCOMPRESSED):
        raise CompressedRtfError("compressed RTF of an unknown type (neither LZFu nor MELA)")
    if comp_size + 4 > len(data):
        raise CompressedRtfError("compressed RTF truncated (shorter than its declared size)")
    if raw_size > limit:
        raise CompressedRtfError("compressed RTF declares a body larger than any message may be")
    return comp_size, raw_size, comp_type, crc


def decompress_rtf(data: bytes, limit: int = DEFAULT_LIMIT) -> bytes:
    """The RTF held in a PR_RTF_COMPRESSED value, at most its declared RAWSIZE and ``limit``
    bytes long. Raises ``CompressedRtfError`` with a readable reason on any malformed stream."""
    comp_size, raw_size, comp_type, crc = _header(data, limit)
    body = data[HEADER_BYTES : comp_size + 4]
    if comp_type == UNCOMPRESSED:
        return body[:raw_size]
    if rtf_crc(body) != crc:
        raise CompressedRtfError("compressed RTF fails its CRC check (damaged body)")
    return _expand(body, raw_size)


def _expand(body: bytes, raw_size: int) -> bytes:
    """LZFu expansion: each control byte's bits, low bit first, say whether the next item is
    one literal byte (0) or a big-endian reference (1) of a 12-bit dictionary offset and a
    4-bit length less two; a reference to the current write position ends the stream."""
    dictionary = bytearray(DICTIONARY_BYTES)
    dictionary[: len(INITIAL_DICTIONARY)] = INITIAL_DICTIONARY
    write = len(INITIAL_DICTIONARY)
    written = write  # dictionary bytes ever filled, until the buffer has wrapped once
    out = bytearray()
    pos, end = 0, len(body)
    while pos < end and len(out) < raw_size:
        control = body[pos]
        pos += 1
        if control == 0 and pos + 8 <= end and len(out) + 8 <= raw_size:
            write = _literals(dictionary, out, body[pos : pos + 8], write)  # the common case
            written = min(written + 8, DICTIONARY_BYTES)
            pos += 8
            continue
        for bit in range(8):
            if pos >= end or len(out) >= raw_size:
                break
            if not control >> bit & 1:
                byte = body[pos]
                pos += 1
                out.append(byte)
                dictionary[write] = byte
                write = (write + 1) % DICTIONARY_BYTES
                written = min(written + 1, DICTIONARY_BYTES)
                continue
            if pos + 2 > end:
                raise CompressedRtfError("compressed RTF truncated inside a dictionary reference")
            word = body[pos] << 8 | body[pos + 1]
            pos += 2
            offset, length = word >> 4, (word & 0x0F) + 2
            if offset == write:
                return bytes(out)
            if offset >= written:
                raise CompressedRtfError("compressed RTF refers to dictionary bytes never written")
            count = min(length, raw_size - len(out))
            write = _copy(dictionary, out, offset, write, count)
            written = min(written + count, DICTIONARY_BYTES)
    return bytes(out)


def _literals(dictionary: bytearray, out: bytearray, run: bytes, write: int) -> int:
    out += run
    if write + len(run) <= DICTIONARY_BYTES:
        dictionary[write : write + len(run)] = run
        return (write + len(run)) % DICTIONARY_BYTES
    for byte in run:
        dictionary[write] = byte
        write = (write + 1) % DICTIONARY_BYTES
    return write


def _copy(dictionary: bytearray, out: bytearray, offset: int, write: int, count: int) -> int:
    """Copy ``count`` dictionary bytes from ``offset`` to the output and the write position;
    byte by byte when the source overlaps the bytes being written (a run repeating itself) or
    either range wraps, as a slice otherwise."""
    apart = offset + count <= write or write + count <= offset
    if apart and offset + count <= DICTIONARY_BYTES and write + count <= DICTIONARY_BYTES:
        chunk = dictionary[offset : offset + count]
        out += chunk
        dictionary[write : write + count] = chunk
        return (write + count) % DICTIONARY_BYTES
    for _ in range(count):
        byte = dictionary[offset]
        out.append(byte)
        dictionary[write] = byte
        offset = (offset + 1) % DICTIONARY_BYTES
        write = (write + 1) % DICTIONARY_BYTES
    return write
