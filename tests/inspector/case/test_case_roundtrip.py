"""A case saved from a live analysis (loopback DNS and RDAP), moved to another folder and
reopened with the servers gone gives the same findings, registration and masking."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from inspector.case.run import create_case
from inspector.case.store import CaseError, load_case, save_case
from inspector.model.report import Report
from inspector.options import AnalysisOptions
from tests.integration.runner import run_cli
from tests.support.dns_server import LoopbackDns
from tests.support.make_samples import SAMPLE_ZONE, SAMPLES, sample_rdap
from tests.support.rdap_server import RdapServer, write_bootstrap

INPUTS = ("phishing-display-name.eml", "newsletter-esp.eml", "phishing-saved-from-outlook.msg")


def _findings(report: Report) -> list[tuple[str, str, str]]:
    return sorted((f.id, f.severity.value, f.title) for f in report.findings)


def test_a_moved_case_reopens_offline_with_identical_findings(tmp_path: Path) -> None:
    rdap = RdapServer()
    rdap.fallback = sample_rdap
    rdap.start()
    try:
        with LoopbackDns(SAMPLE_ZONE) as dns:
            options = AnalysisOptions(
                dns_servers=(dns.server_spec,),
                dns_timeout=1.0,
                rdap_bootstrap=str(write_bootstrap(tmp_path / "bootstrap", rdap.base_url)),
            )
            contents, live, errors = create_case(
                [str(SAMPLES / name) for name in INPUTS],
                options,
                title="Northbank phishing",
                notes="Client asked why the lure passed the gateway.",
                message_notes={str(SAMPLES / INPUTS[0]): "the original the client forwarded"},
            )
    finally:
        rdap.stop()
    assert errors == [] and len(live) == 3
    first = tmp_path / "first" / "engagement.dicase"
    first.parent.mkdir()
    save_case(first, contents)
    moved = tmp_path / "elsewhere" / "engagement.dicase"
    moved.parent.mkdir()
    shutil.move(first, moved)

    reopened = load_case(moved)
    assert reopened.case.title == "Northbank phishing"
    assert reopened.case.messages[0].note == "the original the client forwarded"
    assert "gateway" in reopened.case.notes
    assert len(reopened.results) == 3
    run = run_cli("analyze", "--json", str(moved))
    assert run.status == 0, run.err
    again = [json.loads(line) for line in run.out.splitlines()]
    for before, after in zip(live, again, strict=True):
        assert sorted((f["id"], f["severity"], f["title"]) for f in after["findings"]) == _findings(
            before
        )
        owners = {d["domain"]: (d["masking"], d["age_days"]) for d in after["sender"]["domains"]}
        assert owners == {d.domain: (d.masking.value, d.age_days) for d in before.sender.domains}
    assert any(d["masking"] == "proxy" for d in again[0]["sender"]["domains"])


def test_the_case_command_writes_a_case_and_refuses_damaged_ones(tmp_path: Path) -> None:
    out = tmp_path / "c.dicase"
    run = run_cli(
        "case", str(out), str(SAMPLES / "personal-plain.eml"), "--offline", "--title", "t"
    )
    assert run.status == 0, run.err
    assert load_case(out).case.title == "t"
    damaged = tmp_path / "damaged.dicase"
    damaged.write_bytes(out.read_bytes()[:200])
    with pytest.raises(CaseError):
        load_case(damaged)
    assert run_cli("case", str(out), str(SAMPLES / "personal-plain.eml"), "--offline").status == 2
