"""A parsed message's headers looked up by name, whatever the case they were written in, and
the header field's own value semantics."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from inspector.model.message import Header
from tests.support.context import parsed_message

HEADERS = [
    Header("Received", "from b.example by c.example", index=0),
    Header("ARC-Seal", "i=1; a=rsa-sha256", index=1),
    Header("RECEIVED", "from a.example by b.example", index=2),
    Header("Authentication-Results", "c.example; spf=pass", index=3),
    Header("arc-seal", "i=2; a=rsa-sha256", index=4),
    Header("Subject", "hello", index=5),
]


def test_headers_of_a_name_in_message_order_whatever_their_case() -> None:
    pm = parsed_message(HEADERS)
    assert [h.value for h in pm.get_all("received")] == [
        "from b.example by c.example",
        "from a.example by b.example",
    ]
    assert pm.get_all("Received") == pm.get_all("RECEIVED")
    assert pm.get("arc-SEAL") == "i=1; a=rsa-sha256"
    assert pm.get_all("X-Missing") == () and pm.get("X-Missing") is None


def test_positions_of_one_or_several_names_top_first() -> None:
    pm = parsed_message(HEADERS)
    assert pm.positions("Received") == [0, 2]
    assert pm.positions("arc-seal", "authentication-results") == [1, 3, 4]
    assert pm.positions("received", "ARC-SEAL", "subject") == [0, 1, 2, 4, 5]
    assert pm.positions("x-missing") == [] and pm.positions() == []
    assert all(pm.headers[i].name.lower() == "received" for i in pm.positions("received"))


def test_names_are_the_lowered_names_present_once_each() -> None:
    pm = parsed_message(HEADERS)
    assert sorted(pm.names()) == ["arc-seal", "authentication-results", "received", "subject"]
    assert pm.names() & {"subject", "x-missing"} == {"subject"}


def test_header_behaves_as_a_frozen_dataclass_whose_raw_bytes_do_not_count() -> None:
    header = Header("Subject", "hello", b"Subject: hello", 3)
    assert header == Header("Subject", "hello", b"Subject:  hello", 3)
    assert hash(header) == hash(Header(name="Subject", value="hello", index=3))
    assert header != Header("Subject", "hello", b"Subject: hello", 4)
    assert repr(header) == "Header(name='Subject', value='hello', index=3)"
    assert dataclasses.replace(header, value="bye").raw == b"Subject: hello"
    assert dataclasses.asdict(header)["raw"] == b"Subject: hello"
    assert pickle.loads(pickle.dumps(header)) == header
    assert Header("X", "y").raw == b"" and Header("X", "y").index == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        header.value = "changed"  # type: ignore[misc]
