from __future__ import annotations

import socket

import pytest

from tests.support.loopback_guard import OffLoopback


def test_connections_beyond_loopback_are_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(OffLoopback):
        s.sendto(b"x", ("192.0.2.1", 53))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(OffLoopback):
        s.connect(("198.51.100.1", 443))
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("rdap.example.net", 443)


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", ("127.0.0.1", 9))
    assert socket.getaddrinfo("127.0.0.1", 80)
