"""Helpers for the end-to-end tests: run the CLI in-process or as a real ``main.py``
subprocess, and record any attempt of an in-process run to leave 127.0.0.1."""

from __future__ import annotations

import io
import ipaddress
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspector.cli.main import main as cli_main

PROJECT = Path(__file__).resolve().parents[2]
PYTHON = PROJECT / ".venv" / "bin" / "python"
SCHEMA = PROJECT / "docs" / "report.schema.json"


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error:")]


def run_cli(*argv: str) -> Run:
    """``inspector.cli.main.main`` in this process, with captured streams."""
    out, err = io.StringIO(), io.StringIO()
    status = cli_main(list(argv), out=out, err=err)
    return Run(status, out.getvalue(), err.getvalue())


def run_main(*argv: str, timeout: float = 60, stdin: bytes | None = None) -> Run:
    """``python main.py ...`` as a real subprocess (Qt offscreen, no user config).

    The program runs in its own process group, killed whole on timeout: a child it started
    (the GUI's analysis process) would otherwise keep the pipes open and the wait would never
    end."""
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    with subprocess.Popen(
        [python, str(PROJECT / "main.py"), *argv],
        cwd=PROJECT,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    return Run(process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def _is_loopback(address: object) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like: not the network
    host = address[0].decode() if isinstance(address[0], bytes) else str(address[0])
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already be a lookup


@pytest.fixture
def network_attempts(
    monkeypatch: pytest.MonkeyPatch, loopback_only: None
) -> Iterator[list[object]]:
    """Record every connect/sendto/getaddrinfo aimed beyond 127.0.0.1 / ::1 in this process.

    The project-wide ``loopback_only`` guard (tests/support/loopback_guard.py) already makes
    such calls fail, but the resolver turns that failure into a DNS status like any other;
    this list lets a test assert that nothing was even attempted."""
    refused: list[object] = []
    connect, connect_ex, sendto = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.socket.sendto,
    )
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: object) -> None:
        if not _is_loopback(address):
            refused.append(address)
            raise OSError(f"test guard: connection to {address!r} refused (loopback only)")
        connect(self, address)  # type: ignore[arg-type]

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        if not _is_loopback(address):
            refused.append(address)
            return 111
        return connect_ex(self, address)  # type: ignore[arg-type]

    def guarded_sendto(self: socket.socket, data: bytes, *args: object) -> int:
        address = args[-1]
        if not _is_loopback(address):
            refused.append(address)
            raise OSError(f"test guard: datagram to {address!r} refused (loopback only)")
        return sendto(self, data, *args)  # type: ignore[call-overload, no-any-return]

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host not in (None, "localhost") and not _is_loopback((host,)):
            refused.append(host)
        return getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", guarded_sendto)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield refused


def write_messages(folder: Path, messages: Sequence[tuple[str, bytes]]) -> list[str]:
    """Write ``(name, raw)`` pairs as .eml files; returns their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, raw in messages:
        path = folder / f"{name}.eml"
        path.write_bytes(raw)
        paths.append(str(path))
    return paths
