"""Outlook .msg files for tests and samples, laid out as MS-OXMSG documents them: a root
property stream (32-byte header), ``__substg1.0_IIIITTTT`` streams for strings and binaries,
and one ``__attach_version1.0_#NNNNNNNN`` storage per attachment (8-byte header)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from tests.support.cfb_writer import write_cfb

PT_LONG, PT_UNICODE, PT_BINARY = 0x0003, 0x001F, 0x0102


@dataclass(frozen=True)
class MsgAttachment:
    filename: str
    mime_type: str
    data: bytes


def _props(header: bytes, values: dict[int, str | bytes | int], prefix: str) -> dict[str, bytes]:
    table = bytearray(header)
    streams: dict[str, bytes] = {}
    for prop, value in values.items():
        if isinstance(value, int):
            table += struct.pack("<IIQ", prop << 16 | PT_LONG, 6, value)
            continue
        kind = PT_UNICODE if isinstance(value, str) else PT_BINARY
        data = value.encode("utf-16-le") if isinstance(value, str) else value
        size = len(data) + (2 if kind == PT_UNICODE else 0)
        table += struct.pack("<IIQ", prop << 16 | kind, 6, size)
        streams[f"{prefix}__substg1.0_{prop:04X}{kind:04X}"] = data
    streams[f"{prefix}__properties_version1.0"] = bytes(table)
    return streams


def build_msg(
    *,
    transport_headers: str | None,
    subject: str,
    body: str | None,
    html: bytes | None = None,
    rtf_compressed: bytes | None = None,
    attachments: tuple[MsgAttachment, ...] = (),
    sender: str = "",
) -> bytes:
    """The bytes of a .msg whose properties hold what Outlook keeps of a received message."""
    values: dict[int, str | bytes | int] = {
        0x001A: "IPM.Note",
        0x0037: subject,
        0x3FDE: 65001,
    }
    if body is not None:
        values[0x1000] = body
    if rtf_compressed is not None:
        values[0x1009] = rtf_compressed
    if sender:
        values[0x0C1F] = sender
    if transport_headers is not None:
        values[0x007D] = transport_headers
    if html is not None:
        values[0x1013] = html
    header = struct.pack("<8sIIII8s", b"", 0, len(attachments), 0, len(attachments), b"")
    streams = _props(header, values, "")
    for index, att in enumerate(attachments):
        prefix = f"__attach_version1.0_#{index:08X}/"
        att_values: dict[int, str | bytes | int] = {
            0x3705: 1,
            0x3707: att.filename,
            0x3704: att.filename[:12],
            0x370E: att.mime_type,
            0x3701: att.data,
        }
        streams.update(_props(b"\x00" * 8, att_values, prefix))
    return write_cfb(streams)
