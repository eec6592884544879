from __future__ import annotations

from inspector.model.codes import Folder, SpamDecision
from inspector.model.message import Header
from inspector.model.verdicts import (
    CompauthReason,
    CompauthResult,
    MicrosoftCodes,
    MsCategory,
    MsFilterVerdict,
    MsFolderReason,
    MsIpVerdict,
    Verdict,
)
from inspector.verdicts import decode_verdicts
from inspector.verdicts.microsoft import (
    compauth_reason,
    decode_compauth,
    is_untrusted,
)
from tests.inspector.verdicts._msg import EXCHANGE_SPAM as MSG
from tests.inspector.verdicts._msg import parse


def _verdicts() -> dict[str, Verdict]:
    return {v.header.lower(): v for v in decode_verdicts(parse(MSG))}


def _field(v: Verdict, name: str) -> tuple[str, str]:
    f = next(f for f in v.fields if f.name == name)
    return f.raw, f.meaning


def test_forefront_fields_keep_raw_and_meaning() -> None:
    v = _verdicts()["x-forefront-antispam-report"]
    assert v.filter == "Microsoft 365"
    assert _field(v, "SCL") == ("6", "6: spam (normally delivered to the Junk Email folder)")
    raw, meaning = _field(v, "SFV")
    assert raw == "SPM" and "spam" in meaning
    assert "spoof" in _field(v, "CAT")[1].lower()
    assert "not on any list" in _field(v, "IPV")[1]
    assert _field(v, "CIP")[0] == "192.0.2.5"
    assert _field(v, "SRV")[0] == "BULK"
    assert _field(v, "ZZQ") == ("odd", "unknown tag")
    assert v.decision.startswith("Exchange Online filtered it as spam, SCL 6")
    assert "SPOOF" in v.decision


def test_bcl_and_mailbox_delivery() -> None:
    found = _verdicts()
    bcl = found["x-microsoft-antispam"]
    assert _field(bcl, "BCL")[1].startswith("7: bulk sender")
    assert "bulk complaint level 7 (bulk)" in bcl.decision
    box = found["x-microsoft-antispam-mailbox-delivery"]
    assert _field(box, "dest") == ("J", "delivered to the Junk Email folder")
    assert box.decision.startswith("Exchange Online moved it to Junk")


def test_org_headers() -> None:
    found = _verdicts()
    assert "6: spam" in found["x-ms-exchange-organization-scl"].decision
    assert "outside" in found["x-ms-exchange-organization-authas"].fields[0].meaning
    assert found["x-ms-exchange-organization-messagedirectionality"].fields[0].raw == "Incoming"


def test_compauth_reason_codes() -> None:
    v = _verdicts()["authentication-results"]
    assert _field(v, "compauth")[0] == "fail"
    raw, meaning = _field(v, "reason")
    assert raw == "001" and "implicit" in meaning
    assert "explicit" in compauth_reason("000")
    assert "passed" in compauth_reason("109")
    assert "soft-passed" in compauth_reason("201")
    assert "bypassed" in compauth_reason("905")
    assert compauth_reason("zz") == "undocumented code"
    assert decode_compauth(Header("Authentication-Results", "mx; spf=pass")) is None


def test_scl_meanings_cover_the_scale() -> None:
    from inspector.verdicts.microsoft import scl_meaning

    assert "skipped" in scl_meaning("-1")
    assert scl_meaning("1") == "1: not spam"
    assert "high confidence" in scl_meaning("9")
    assert "unreadable" in scl_meaning("x")


def test_untrusted_copy_is_labelled_as_the_senders_outbound_scan() -> None:
    raw = (
        b"X-Forefront-Antispam-Report-Untrusted: CIP:255.255.255.255;SCL:1;SFV:NSPM;DIR:OUT;\n\nx\n"
    )
    (v,) = decode_verdicts(parse(raw))
    assert is_untrusted(v)
    assert "outbound scan" in v.decision


def test_allow_list_skip() -> None:
    raw = b"X-Forefront-Antispam-Report: CIP:192.0.2.1;IPV:CAL;SFV:SKA;SCL:-1;\n\nx\n"
    (v,) = decode_verdicts(parse(raw))
    assert "skipped spam filtering" in v.decision


def test_decisions_are_values() -> None:
    def outcome(value: str) -> SpamDecision:
        (v,) = decode_verdicts(
            parse(b"X-Forefront-Antispam-Report: " + value.encode() + b"\n\nx\n")
        )
        return v.spam

    assert outcome("SFV:NSPM;SCL:1") is SpamDecision.CLEAN
    assert outcome("SFV:SPM;SCL:6") is SpamDecision.SPAM
    assert outcome("SFV:SPM;SCL:9") is SpamDecision.HIGH_CONFIDENCE_SPAM
    assert outcome("SFV:SPM;SCL:9;CAT:HPHSH") is SpamDecision.PHISH
    assert outcome("SFV:BULK;SCL:6;SRV:BULK;CAT:BULK") is SpamDecision.BULK
    assert outcome("IPV:CAL;SFV:SKA;SCL:-1") is SpamDecision.ALLOWED
    assert outcome("SFV:SKN;SCL:-1") is SpamDecision.SKIPPED
    assert outcome("SFV:BLK;SCL:9") is SpamDecision.BLOCKED
    raw = b"X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;dest:J;OFR:SpamFilterAuthJ;\n\nx\n"
    (box,) = decode_verdicts(parse(raw))
    assert box.folder is Folder.JUNK


def test_codes_are_read_once_by_the_decoders() -> None:
    got = _verdicts()
    forefront = got["x-forefront-antispam-report"].microsoft
    assert forefront == MicrosoftCodes(
        sfv=MsFilterVerdict.SPM, cat=MsCategory.SPOOF, ipv=MsIpVerdict.NLI, srv_bulk=True
    )
    mailbox = got["x-microsoft-antispam-mailbox-delivery"].microsoft
    assert mailbox is not None and mailbox.folder_reason is MsFolderReason.SPAM_FILTER_AUTH_J
    header = Header("Authentication-Results", "x; compauth=SoftFail reason=905")
    compauth = decode_compauth(header)
    assert compauth is not None and compauth.microsoft == MicrosoftCodes(
        compauth=CompauthResult.SOFTFAIL, compauth_reason=CompauthReason.BYPASSED_9
    )


def test_undocumented_codes_stay_as_written_and_read_as_none() -> None:
    msg = b"X-Forefront-Antispam-Report: SFV:XYZ;CAT:EXAMPLE;IPV:ODD;SCL:1;\n"
    (v,) = decode_verdicts(parse(msg))
    assert v.microsoft == MicrosoftCodes()
    assert [(f.name, f.raw) for f in v.fields][:2] == [("SFV", "XYZ"), ("CAT", "EXAMPLE")]
    assert "category EXAMPLE" in v.decision
