"""``--offline`` never touches the network: with every way of opening a socket or resolving a
name made to raise, an offline run over messages that would need DNS (signed, with SPF and
DMARC to check, links and relays to look up) finishes quickly, reports "not checked
(offline)" and records no attempt."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.runner import run_cli, write_messages
from tests.integration.test_schema_corpus import corpus_files
from tests.support.signed import signed_case, spoofed_case

SUBSET = 60  # corpus files: enough variety (bounces, lists, phishing), a few seconds


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every socket, connection and name resolution raises (and is recorded)."""
    attempts: list[str] = []

    def refuse(what: str):  # type: ignore[no-untyped-def]
        def raiser(*args: object, **kwargs: object) -> object:
            attempts.append(f"{what}{args[:2]!r}")
            raise OSError(f"test: {what} called in offline mode")

        return raiser

    monkeypatch.setattr(socket, "socket", refuse("socket.socket"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
    monkeypatch.setattr(socket, "socketpair", refuse("socket.socketpair"))
    yield attempts


def test_offline_own_messages_make_no_network_attempt(
    tmp_path: Path, no_network: list[str]
) -> None:
    cases = [
        signed_case("signed", domain="bank.example"),
        spoofed_case("spoof", from_domain="bank.example"),
    ]
    paths = write_messages(tmp_path, [(c.name, c.raw) for c in cases])
    started = time.monotonic()
    run = run_cli("analyze", "--json", "--offline", *paths)
    elapsed = time.monotonic() - started
    assert no_network == []
    assert run.status == 0, run.err
    assert elapsed < 15
    for line in run.out.splitlines():
        report = json.loads(line)
        assert report["offline"] is True
        assert report["errors"] == []
        auth = report["auth"]
        assert auth["spf"]["result"] == "skipped"
        assert "not checked (offline)" in auth["spf"]["reason"]
        assert auth["dmarc"]["result"] == "skipped"
        assert [d["result"] for d in auth["dkim"]] == ["skipped"]
        assert all("offline" in d["reason"] for d in auth["dkim"])
        assert all(q["status"] == "offline" for q in report["dns"])


def test_offline_text_summary_makes_no_network_attempt(
    tmp_path: Path, no_network: list[str]
) -> None:
    (path,) = write_messages(tmp_path, [("m", signed_case("m", domain="bank.example").raw)])
    run = run_cli("analyze", "--offline", path)
    assert no_network == []
    assert run.status == 0, run.err
    assert "Your March statement" in run.out


def test_offline_domain_check_makes_no_network_attempt(no_network: list[str]) -> None:
    run = run_cli("domain", "--offline", "--json", "bank.example")
    assert no_network == []
    assert run.status == 0, run.err
    posture = json.loads(run.out)
    assert posture["offline"] is True
    assert posture["mx"] == [] and posture["spf_record"] is None


def test_offline_corpus_subset_makes_no_network_attempt(
    corpus_dir: Path, no_network: list[str]
) -> None:
    if not corpus_dir.is_dir():
        pytest.skip(f"{corpus_dir} is absent")
    files = corpus_files(corpus_dir)
    subset = files[:: max(1, len(files) // SUBSET)][:SUBSET]
    started = time.monotonic()
    # One process: the guard patches this process's sockets, which workers would not share.
    run = run_cli("analyze", "--json", "--offline", "--workers", "1", *subset)
    elapsed = time.monotonic() - started
    assert no_network == []
    assert run.status == 0, run.err
    assert elapsed < 30, f"offline run over {len(subset)} files took {elapsed:.1f} s"
    reports = [json.loads(line) for line in run.out.splitlines()]
    assert len(reports) >= len(subset)
    for report in reports:
        assert report["offline"] is True
        assert all(q["status"] == "offline" for q in report["dns"])
        hops_intel = report["sender"]["hops_intel"]
        assert all(h["status"] in ("offline", "skipped", "ok") for h in hops_intel)
        assert all(b["status"] == "offline" for h in hops_intel for b in h["blocklists"])


def test_the_guard_sees_an_online_run(tmp_path: Path, no_network: list[str]) -> None:
    """Without --offline the same run does try the network: the guard above is not blind."""
    (path,) = write_messages(tmp_path, [("m", signed_case("m", domain="bank.example").raw)])
    run = run_cli("analyze", "--json", "--no-rdap", "--dns-server", "127.0.0.1:9", path)
    assert no_network, "an online run opened no socket?"
    assert run.status == 0, run.err
    report = json.loads(run.out)
    assert report["offline"] is False
    assert report["auth"]["spf"]["result"] == "temperror"


def test_text_summary_over_the_corpus_subset(corpus_dir: Path) -> None:
    """The terminal summary copes with every kind of message in the subset."""
    if not corpus_dir.is_dir():
        pytest.skip(f"{corpus_dir} is absent")
    files = corpus_files(corpus_dir)
    subset = files[1 :: max(1, len(files) // SUBSET)][:SUBSET]
    run = run_cli("analyze", "--offline", *subset)
    assert run.status == 0, run.err
    assert run.out.count("\n== ") + run.out.startswith("== ") >= len(subset)
    assert "\x1b" not in run.out
    assert "Risk:" in run.out
