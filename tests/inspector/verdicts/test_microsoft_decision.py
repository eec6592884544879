"""Exchange Online's combined decision: one sentence per hop from its three headers."""

from __future__ import annotations

from inspector.verdicts import decode_verdicts
from inspector.verdicts.microsoft_decision import decisions
from tests.inspector.verdicts._msg import EXCHANGE_SPAM as MSG
from tests.inspector.verdicts._msg import parse


def _decisions(headers: bytes) -> list[str]:
    msg = headers + b"From: a@example.org\nSubject: x\n\nx\n"
    return [d.sentence() for d in decisions(decode_verdicts(parse(msg)))]


def test_one_decision_per_hop_from_the_three_headers() -> None:
    (d,) = decisions(decode_verdicts(parse(MSG)))
    assert d.spam and d.bulk and d.junk and d.filtered
    assert d.scl == 6 and d.bcl == 7 and d.cat == "SPOOF"
    assert {v.header.lower() for v in d.verdicts} >= {
        "x-forefront-antispam-report",
        "x-microsoft-antispam",
        "x-microsoft-antispam-mailbox-delivery",
    }
    assert d.sentence() == (
        "Exchange Online filtered it as spam (SCL 6, BCL 7, category SPOOF, spoofing) and moved "
        "it to Junk"
    )


def test_bulk_decision_reads_as_bulk() -> None:
    assert _decisions(
        b"X-Forefront-Antispam-Report: SFV:BULK;SCL:6;SRV:BULK;CAT:BULK;\n"
        b"X-Microsoft-Antispam: BCL:7;\n"
        b"X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;dest:J;OFR:SpamFilterAuthJ;\n"
    ) == ["Exchange Online filtered it as bulk (SCL 6, BCL 7) and moved it to Junk"]


def test_inbox_and_allow_list_decisions() -> None:
    assert _decisions(
        b"X-Forefront-Antispam-Report: SFV:NSPM;SCL:1;CAT:NONE;\n"
        b"X-Microsoft-Antispam: BCL:0;\n"
        b"X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;dest:I;\n"
    ) == ["Exchange Online judged it not spam (SCL 1) and delivered it to the Inbox"]
    # a spam verdict overridden by the recipient's Safe Senders: both halves are told
    assert _decisions(
        b"X-MS-Exchange-Organization-SCL: 9\n"
        b"X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;dest:I;OFR:TrustedSenderList;\n"
    ) == [
        "Exchange Online filtered it as high confidence spam (SCL 9), but an allow list let "
        "it through to the Inbox"
    ]


def test_untrusted_copies_are_not_part_of_the_decision() -> None:
    assert _decisions(b"X-Forefront-Antispam-Report-Untrusted: SFV:SPM;SCL:9;\n") == []


def test_threat_categories_say_what_it_was_filtered_as() -> None:
    assert _decisions(b"X-Forefront-Antispam-Report: SFV:SPM;SCL:9;CAT:HPHSH;\n") == [
        "Exchange Online filtered it as high confidence phishing (SCL 9)"
    ]
    assert _decisions(b"X-Forefront-Antispam-Report: SFV:SPM;SCL:5;CAT:OSPM;\n") == [
        "Exchange Online filtered it as spam (SCL 5, category OSPM, outbound spam)"
    ]
