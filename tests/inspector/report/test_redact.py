from __future__ import annotations

from inspector.report.json import report_to_json
from inspector.report.redact import Redactor, recipient_addresses, redact_reports
from tests.support.reports import sample_report


def test_recipient_addresses_are_found_in_headers_hops_and_bounce() -> None:
    assert recipient_addresses(sample_report()) == {"alice@client.example"}


def test_redaction_replaces_recipients_everywhere_consistently() -> None:
    first, second = redact_reports([sample_report(), sample_report("Other")])
    text = report_to_json(first) + report_to_json(second)
    assert "alice@client.example" not in text
    assert "alice" not in text
    assert text.count("recipient1@redacted.invalid") >= 4
    assert "recipient2" not in text  # the same address got the same token
    assert first.headers[1].raw == b"To: recipient1@redacted.invalid"


def test_chosen_domains_are_replaced_and_sender_kept() -> None:
    (report,) = redact_reports([sample_report()], domains=["client.example"])
    text = report_to_json(report)
    assert "client.example" not in text
    assert "domain1.invalid" in text
    assert "bob@sender.example" in text


def test_words_containing_the_local_part_are_left_alone() -> None:
    r = Redactor()
    r.learn(sample_report(to="ann@client.example"))
    assert r.text("planned by ann, see ann=client.example@bounce") == (
        "planned by recipient1, see recipient1=client.example@bounce"
    )
    assert r.text("annual banner") == "annual banner"
