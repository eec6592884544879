"""A minimal writer of OLE compound files (MS-CFB version 3, 512-byte sectors) for tests.

olefile only reads, and no maintained, permissively licensed Python library writes compound
files, so the .msg fixtures are built here from the documented layout: a header, the FAT, a
directory of 128-byte entries, the mini stream (streams under 4096 bytes in 64-byte mini
sectors) with its MiniFAT, and regular sectors for larger streams. Sibling trees are a right
-leaning chain, sorted as the specification orders names (length, then upper case).
"""

from __future__ import annotations

import itertools
import struct

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _Node:
    def __init__(self, name: str, data: bytes | None) -> None:
        self.name = name
        self.data = data  # None: a storage
        self.children: dict[str, _Node] = {}
        self.sid = 0
        self.start = END
        self.left = self.right = self.child = NOSTREAM


def _tree(streams: dict[str, bytes]) -> _Node:
    root = _Node("Root Entry", None)
    for path, data in streams.items():
        node = root
        parts = path.split("/")
        for part in parts[:-1]:
            node = node.children.setdefault(part, _Node(part, None))
        node.children[parts[-1]] = _Node(parts[-1], data)
    return root


def _ordered(node: _Node) -> list[_Node]:
    out = [node]
    for child in sorted(node.children.values(), key=lambda n: (len(n.name), n.name.upper())):
        out.extend(_ordered(child))
    return out


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else END


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """Compound-file bytes holding ``streams`` ("storage/sub/stream" -> data)."""
    root = _tree(streams)
    nodes = _ordered(root)
    for sid, node in enumerate(nodes):
        node.sid = sid
    for node in nodes:
        kids = sorted(node.children.values(), key=lambda n: (len(n.name), n.name.upper()))
        if kids:
            node.child = kids[0].sid
            for a, b in itertools.pairwise(kids):
                a.right = b.sid
    mini_data = bytearray()
    minifat: list[int] = []
    large: list[_Node] = []
    for node in nodes[1:]:
        if node.data is None or not node.data:
            continue
        if len(node.data) < CUTOFF:
            count = -(-len(node.data) // MINI)
            node.start = len(minifat)
            minifat.extend(node.start + i + 1 if i < count - 1 else END for i in range(count))
            mini_data += node.data + b"\x00" * (count * MINI - len(node.data))
        else:
            large.append(node)
    dir_sectors = -(-len(nodes) * 128 // SECTOR)
    minifat_sectors = -(-len(minifat) * 4 // SECTOR)
    mini_sectors = -(-len(mini_data) // SECTOR)
    large_sectors = [-(-len(n.data or b"") // SECTOR) for n in large]
    body = dir_sectors + minifat_sectors + mini_sectors + sum(large_sectors)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < body + fat_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109, "fixture too large for a header-only DIFAT"
    fat = [FREE] * (fat_sectors * SECTOR // 4)
    for i in range(fat_sectors):
        fat[i] = FATSECT
    at = fat_sectors
    dir_start = at
    _chain(fat, at, dir_sectors)
    at += dir_sectors
    minifat_start = at if minifat_sectors else END
    _chain(fat, at, minifat_sectors)
    at += minifat_sectors
    root.start = at if mini_sectors else END
    _chain(fat, at, mini_sectors)
    at += mini_sectors
    for node, count in zip(large, large_sectors, strict=True):
        node.start = at
        _chain(fat, at, count)
        at += count

    def pad(data: bytes) -> bytes:
        return data + b"\x00" * (-len(data) % SECTOR)

    directory = bytearray()
    for node in nodes:
        name = node.name.encode("utf-16-le") + b"\x00\x00"
        kind = 5 if node is root else (1 if node.data is None else 2)
        size = len(mini_data) if node is root else len(node.data or b"")
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name,
            len(name),
            kind,
            1,
            node.left,
            node.right,
            node.child,
            b"\x00" * 16,
            0,
            0,
            0,
            node.start if (node is root or node.data) else (END if kind == 2 else 0),
            size,
        )
    unused = struct.pack(
        "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(16), 0, 0, 0, 0, 0
    )
    while len(directory) % SECTOR:
        directory += unused
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        MAGIC,
        b"\x00" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,
        fat_sectors,
        dir_start,
        0,
        CUTOFF,
        minifat_start,
        minifat_sectors,
        END,
        0,
        *difat,
    )
    out = bytearray(pad(header))
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    out += pad(struct.pack(f"<{len(minifat)}I", *minifat)) if minifat else b""
    out += pad(bytes(mini_data)) if mini_data else b""
    for node in large:
        out += pad(node.data or b"")
    return bytes(out)
