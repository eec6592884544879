from __future__ import annotations

import base64
import hashlib

import pytest

from inspector.report.json import report_to_json
from inspector.report.redact import Redactor, recipient_addresses, redact_reports
from inspector.report.redact_forms import base64_cores
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
        "planned by recipient1, see recipient1=redacted.invalid@bounce"
    )
    assert r.text("annual banner") == "annual banner"


def _redactor_for(to: str) -> Redactor:
    r = Redactor()
    r.learn(sample_report(to=to))
    return r


def test_the_address_inside_message_ids_and_verp_is_redacted() -> None:
    r = _redactor_for("Ann Lee <ann.lee@client.example>")
    assert r.text("<20260304.ann.lee@client.example.77@esp.example>") == (
        "<20260304.recipient1@redacted.invalid.77@esp.example>"
    )
    assert r.text("<bounce-ann.lee=client.example@esp.example>") == (
        "<bounce-recipient1=redacted.invalid@esp.example>"
    )
    assert r.text("mailto:u+ANN.LEE=CLIENT.EXAMPLE@esp.example") == (
        "mailto:u+recipient1=redacted.invalid@esp.example"
    )


@pytest.mark.parametrize("prefix", [b"", b"e=", b"id=", b"uid=42&"])
@pytest.mark.parametrize("urlsafe", [False, True])
def test_base64_of_the_address_is_redacted_in_any_alignment(prefix: bytes, urlsafe: bool) -> None:
    r = _redactor_for("ann.lee@client.example")
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    url = "https://t.esp.example/c?d=" + encode(prefix + b"ann.lee@client.example&x=1").decode()
    redacted = r.text(url)
    assert "redacted-recipient1" in redacted
    for shift in range(3):
        assert not any(core in redacted for core in base64_cores("ann.lee@client.example"))
        assert base64.b64encode(b"\0" * shift + b"ann.lee@client.example")[4:20].decode() not in (
            redacted
        )


@pytest.mark.parametrize(
    "written",
    [
        "ann.lee%40client.example",
        "ann.lee%40CLIENT.example",
        "ann.lee=40client.example",
        "ann.lee@client.=\r\nexample",
        "ann.l=\r\nee@client.example",
    ],
)
def test_percent_and_quoted_printable_forms_are_redacted(written: str) -> None:
    r = _redactor_for("ann.lee@client.example")
    assert r.text(f"see {written} now") == "see recipient1@redacted.invalid now"


def test_display_name_and_its_encodings_are_redacted() -> None:
    r = _redactor_for("José García <jose@client.example>")
    assert r.text("Hello José García,") == "Hello Recipient 1,"
    assert r.text("n=Jos%C3%A9+Garc%C3%ADa&x") == "n=Recipient 1&x"
    assert r.text("=?utf-8?q?Jos=C3=A9_Garc=C3=ADa?=") == "=?utf-8?q?Recipient 1?="
    encoded = base64.b64encode("José García".encode()).decode()
    assert "redacted-recipient1" in r.text(f"=?utf-8?b?{encoded}?=")


@pytest.mark.parametrize(
    ("to", "forms"),
    [
        ('"john doe"@client.example', ['"john doe"@client.example', "john doe@client.example"]),
        ("joe.public@[192.0.2.7]", ["joe.public@[192.0.2.7]", "JOE.PUBLIC@[192.0.2.7]"]),
        ("josé@bücher.example", ["josé@bücher.example", "josé@xn--bcher-kva.example"]),
    ],
)
def test_quoted_literal_and_international_addresses(to: str, forms: list[str]) -> None:
    report = sample_report(to=to)
    assert recipient_addresses(report) == {to.lower()}
    r = Redactor()
    r.learn(report)
    for form in forms:
        assert r.text(f"<{form}>") == "<recipient1@redacted.invalid>", form


def test_digests_of_the_address_are_redacted() -> None:
    r = _redactor_for("Ann.Lee@client.example")
    digest = hashlib.md5(b"ann.lee@client.example").hexdigest()
    assert r.text(f"https://t.esp.example/o?h={digest}") == (
        "https://t.esp.example/o?h=redacted-recipient1"
    )


def test_unrelated_text_is_left_alone() -> None:
    r = _redactor_for("Ann Lee <ann@client.example>")
    text = "annual banner: planned; bob@sender.example; QW5udWFsIHJlcG9ydA=="
    assert r.text(text) == text
