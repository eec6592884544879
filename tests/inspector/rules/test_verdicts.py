"""verdicts.* findings: one test per finding id, built from decoded verdict headers."""

from __future__ import annotations

from datetime import UTC, datetime

from inspector.model.auth import AuthSummary
from inspector.model.codes import Severity
from inspector.model.findings import Finding
from inspector.model.intel import SenderIntel
from inspector.model.route import Route
from inspector.route.hops import trace_hops
from inspector.rules import verdicts as rules
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import Rule, all_specs
from inspector.verdicts import decode_verdicts
from tests.inspector.verdicts._msg import parse

RULES = (
    rules.marked_spam,
    rules.bulk,
    rules.category,
    rules.junk_folder,
    rules.spamassassin_score,
    rules.allow_block_lists,
)


def run(headers: str) -> dict[str, Finding]:
    pm = parse(headers.strip("\n") + "\nFrom: a@example.org\nSubject: x\n\nbody\n")
    ctx = AnalysisContext(
        message=pm,
        hops=(),
        route=Route(),
        auth=AuthSummary(),
        sender=SenderIntel(),
        verdicts=decode_verdicts(pm),
        bounce=None,
        dns=(),
        now=datetime(2026, 3, 4, tzinfo=UTC),
    )
    found: dict[str, Finding] = {}
    for fn in RULES:
        for finding in fn(ctx):
            assert finding.id not in found, f"{finding.id} emitted twice"
            assert finding.explanation and finding.remedy and finding.references
            assert finding.evidence
            found[finding.id] = finding
    return found


def test_every_spec_has_a_test_here() -> None:
    ids = {s.id for s in all_specs() if s.id.startswith("verdicts.")}
    tested = {
        "verdicts.marked_spam",
        "verdicts.bulk",
        "verdicts.phishing",
        "verdicts.spoof",
        "verdicts.impersonation",
        "verdicts.junk_folder",
        "verdicts.spamassassin_score",
        "verdicts.ip_allow_listed",
        "verdicts.sender_allow_listed",
        "verdicts.sender_blocked",
        "verdicts.delivered",
    }
    assert ids == tested


def test_clean_message_has_no_verdict_findings() -> None:
    found = run(
        "X-Forefront-Antispam-Report: CIP:192.0.2.1;IPV:NLI;SFV:NSPM;SCL:1;CAT:NONE;\n"
        "X-Microsoft-Antispam: BCL:0;\n"
        "X-Spam-Status: No, score=-0.1 required=5.0 tests=DKIM_VALID\n"
    )
    assert found == {}


def test_marked_spam_by_microsoft_scl() -> None:
    found = run("X-Forefront-Antispam-Report: CIP:192.0.2.1;SFV:SPM;SCL:6;CAT:SPM;\n")
    f = found["verdicts.marked_spam"]
    assert f.severity is Severity.HIGH
    assert "Microsoft 365" in f.explanation
    assert "SCL:6" in f.evidence[0]


def test_marked_spam_high_confidence_is_critical() -> None:
    f = run("X-MS-Exchange-Organization-SCL: 9\n")["verdicts.marked_spam"]
    assert f.severity is Severity.CRITICAL


def test_marked_spam_by_spamassassin_flag_and_rspamd() -> None:
    found = run("X-Spam-Flag: YES\nX-Rspamd-Action: add header\n")
    f = found["verdicts.marked_spam"]
    assert "SpamAssassin" in f.explanation and "rspamd" in f.explanation
    assert len(f.evidence) == 2


def test_untrusted_outbound_scan_is_not_the_receivers_verdict() -> None:
    assert run("X-Forefront-Antispam-Report-Untrusted: SFV:SPM;SCL:9;\n") == {}


def test_bulk_by_bcl() -> None:
    f = run("X-Microsoft-Antispam: BCL:7;\n")["verdicts.bulk"]
    assert f.severity is Severity.HIGH
    assert "BCL) 7" in f.explanation
    assert run("X-Microsoft-Antispam: BCL:5;\n")["verdicts.bulk"].severity is Severity.MEDIUM
    assert "verdicts.bulk" not in run("X-Microsoft-Antispam: BCL:3;\n")


def test_phishing_category() -> None:
    found = run("X-Forefront-Antispam-Report: SFV:SPM;SCL:9;CAT:HPHSH;\n")
    assert "HPHSH" in found["verdicts.phishing"].explanation


def test_spoof_category() -> None:
    assert "verdicts.spoof" in run("X-Forefront-Antispam-Report: SFV:SPM;SCL:5;CAT:SPOOF;\n")


def test_impersonation_category() -> None:
    found = run("X-Forefront-Antispam-Report: SFV:SPM;SCL:5;CAT:UIMP;\n")
    assert "UIMP" in found["verdicts.impersonation"].explanation


def test_junk_folder() -> None:
    found = run(
        "X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;auth:0;dest:J;"
        "OFR:SpamFilterAuthJ;RF:JunkEmail;\n"
    )
    f = found["verdicts.junk_folder"]
    assert "Junk Email folder" in f.explanation
    assert "dest:J" in f.evidence[0]


def test_spamassassin_score_lists_top_rules() -> None:
    found = run(
        "X-Spam-Status: Yes, score=7.3 required=5.0 tests=BAYES_99,RCVD_IN_SBL,\n"
        " HTML_MESSAGE autolearn=no\n"
        "X-Spam-Report: * 3.5 BAYES_99 BODY: Bayes spam probability is 99 to 100%\n"
        " * 2.6 RCVD_IN_SBL RBL: Received via a relay in Spamhaus SBL\n"
        " * 0.0 HTML_MESSAGE BODY: HTML included in message\n"
    )
    f = found["verdicts.spamassassin_score"]
    assert f.severity is Severity.HIGH
    assert "7.3" in f.explanation and "5" in f.explanation
    assert f.explanation.index("BAYES_99 (+3.5)") < f.explanation.index("RCVD_IN_SBL (+2.6)")
    low = run("X-Spam-Status: No, score=3.4 required=5.0 tests=BAYES_80\n")
    assert low["verdicts.spamassassin_score"].severity is Severity.MEDIUM
    assert "verdicts.spamassassin_score" not in run("X-Spam-Status: No, score=1.0 required=5.0\n")


def test_ip_allow_listed() -> None:
    found = run("X-Forefront-Antispam-Report: CIP:192.0.2.1;IPV:CAL;SFV:SKN;SCL:-1;\n")
    assert "IPV:CAL" in found["verdicts.ip_allow_listed"].evidence[0]
    assert "verdicts.marked_spam" not in found


def test_sender_allow_listed() -> None:
    found = run("X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;dest:I;OFR:TrustedSenderList;\n")
    assert "verdicts.sender_allow_listed" in found


def test_sender_blocked() -> None:
    found = run("X-Forefront-Antispam-Report: CIP:192.0.2.1;SFV:BLK;SCL:6;\n")
    assert "BLK" in found["verdicts.sender_blocked"].explanation


def test_evidence_uses_the_headers_own_notation() -> None:
    found = run("X-Spam-Status: Yes, score=7.3 required=5.0 tests=BAYES_99,RCVD_IN_SBL\n")
    evidence = found["verdicts.marked_spam"].evidence[0]
    assert evidence == "X-Spam-Status: Yes score=7.3 required=5.0 tests=BAYES_99,RCVD_IN_SBL"


def test_marked_spam_by_generic_x_spam_header() -> None:
    assert "verdicts.marked_spam" in run("X-Spam: spam\n")
    assert run("X-Spam: spam\n")["verdicts.marked_spam"].title == "A spam filter marked it as spam"
    assert "verdicts.marked_spam" not in run("X-Spam: undefined\n")


def _with_hops(headers: str) -> dict[str, list[Finding]]:
    """Like run(), but with the Received path parsed, so verdicts sit on their hops."""
    pm = parse(headers.strip("\n") + "\nFrom: a@example.org\nSubject: x\n\nbody\n")
    hops, route = trace_hops(pm.get_all("Received"))
    ctx = AnalysisContext(
        message=pm,
        hops=hops,
        route=route,
        auth=AuthSummary(),
        sender=SenderIntel(),
        verdicts=decode_verdicts(pm, hops),
        bounce=None,
        dns=(),
        now=datetime(2026, 3, 4, tzinfo=UTC),
    )
    found: dict[str, list[Finding]] = {}
    for fn in (*RULES, rules.category):
        for finding in fn(ctx):
            found.setdefault(finding.id, []).append(finding)
    return found


EXO = (
    "X-Forefront-Antispam-Report: CIP:192.0.2.1;SFV:BULK;SCL:6;SRV:BULK;CAT:BULK;\n"
    "X-Microsoft-Antispam: BCL:7;\n"
    "X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;dest:J;OFR:SpamFilterAuthJ;\n"
    "Received: from mail.sender.example (192.0.2.1) by mbx1.prod.outlook.com\n"
    " with Microsoft SMTP Server id 15.20.1; Mon, 2 Mar 2026 10:00:00 +0000\n"
)


def test_microsoft_decision_is_one_finding_naming_the_filter_and_the_server() -> None:
    found = _with_hops(EXO)
    # spam verdict, bulk rating and Junk folder are one decision: told once, as the Junk move
    assert set(found) == {"verdicts.junk_folder"}
    (f,) = found["verdicts.junk_folder"]
    assert f.title.startswith("Exchange Online filtered it as bulk (SCL 6, BCL 7) and moved it")
    assert f.title.endswith("at mbx1.prod.outlook.com (hop 1)")  # numbered as the route shows
    assert f.severity is Severity.HIGH
    assert "BCL) 7" in f.explanation
    assert any("BCL:7" in e for e in f.evidence) and any("dest:J" in e for e in f.evidence)


def test_microsoft_spam_without_folder_is_the_spam_finding_with_the_bulk_level() -> None:
    found = _with_hops(EXO.replace("X-Microsoft-Antispam-Mailbox-Delivery", "X-Other"))
    assert set(found) == {"verdicts.marked_spam"}
    (f,) = found["verdicts.marked_spam"]
    assert f.title.startswith("Exchange Online filtered it as bulk (SCL 6, BCL 7) at mbx1")
    assert any("BCL:7" in e for e in f.evidence)


def test_other_filters_say_who_marked_it() -> None:
    f = run("X-Spam-Flag: YES\n")["verdicts.marked_spam"]
    assert f.title == "SpamAssassin marked it as spam"
    both = run("X-Forefront-Antispam-Report: SFV:SPM;SCL:6;\nX-Spam-Flag: YES\n")
    assert both["verdicts.marked_spam"].title == (
        "Exchange Online filtered it as spam (SCL 6); SpamAssassin also marked it as spam"
    )


def test_spoof_names_the_compauth_result_too() -> None:
    found = run(
        "Authentication-Results: spf=fail smtp.mailfrom=example.org; dkim=none;"
        " dmarc=fail action=none header.from=example.org;compauth=fail reason=001\n"
        "X-Forefront-Antispam-Report: SFV:SPM;SCL:5;CAT:SPOOF;\n"
    )
    f = found["verdicts.spoof"]
    assert "composite authentication agrees" in f.explanation
    assert any("compauth" in e for e in f.evidence)


def test_delivered_tells_what_the_receiver_decided_when_it_let_the_message_through() -> None:
    inbox = (
        "X-Forefront-Antispam-Report: CIP:192.0.2.1;SFV:NSPM;SCL:1;CAT:NONE;\n"
        "X-Microsoft-Antispam: BCL:0;\n"
        "X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;dest:I;\n"
        "Received: from mail.sender.example (192.0.2.1) by mbx1.prod.outlook.com\n"
        " with Microsoft SMTP Server id 15.20.1; Mon, 2 Mar 2026 10:00:00 +0000\n"
    )
    (f,) = _with_hops_rule(inbox, rules.delivered)
    assert f.severity is Severity.INFO
    assert f.title == (
        "Exchange Online judged it not spam (SCL 1) and delivered it to the Inbox at "
        "mbx1.prod.outlook.com (hop 1)"
    )
    assert any("dest:I" in e for e in f.evidence) and f.remedy and f.references
    # a filtered message is told by the Junk/spam findings, not as delivered
    assert _with_hops_rule(EXO, rules.delivered) == []
    assert _with_hops_rule("X-Spam-Flag: NO\n", rules.delivered) == []


def _with_hops_rule(headers: str, fn: Rule) -> list[Finding]:
    pm = parse(headers.strip("\n") + "\nFrom: a@example.org\nSubject: x\n\nbody\n")
    hops, route = trace_hops(pm.get_all("Received"))
    ctx = AnalysisContext(
        message=pm,
        hops=hops,
        route=route,
        auth=AuthSummary(),
        sender=SenderIntel(),
        verdicts=decode_verdicts(pm, hops),
        bounce=None,
        dns=(),
        now=datetime(2026, 3, 4, tzinfo=UTC),
    )
    return list(fn(ctx))
