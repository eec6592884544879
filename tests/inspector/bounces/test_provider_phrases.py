"""Provider codes and sentences, block-list names and the receiving provider."""

from __future__ import annotations

import pytest

from inspector.bounces.classify import classify
from inspector.bounces.provider_phrases import name_blocklists
from inspector.model.bounces import BounceReason

R = BounceReason

# --------------------------------------------------------------------------- providers


@pytest.mark.parametrize(
    ("diagnostic", "status", "expected"),
    [
        # Gmail
        (
            "550-5.1.1 The email account that you tried to reach does not exist. Please try",
            "5.1.1",
            R.USERUNKNOWN,
        ),
        ("550-5.2.1 The email account that you tried to reach is inactive.", "5.2.1", R.SUSPEND),
        ("550 5.2.1 The email account that you tried to reach is disabled.", "5.2.1", R.SUSPEND),
        (
            "452-4.2.2 The email account that you tried to reach is over quota.",
            "4.2.2",
            R.MAILBOXFULL,
        ),
        (
            "450-4.2.1 The user you are trying to contact is receiving mail at a rate that "
            "prevents additional messages from being delivered.",
            "4.2.1",
            R.SPEEDING,
        ),
        (
            "421-4.7.0 Our system has detected an unusual rate of unsolicited mail originating "
            "from your IP address.",
            "4.7.0",
            R.SPEEDING,
        ),
        (
            "550-5.7.1 Our system has detected that this message is likely suspicious due to "
            "the very low reputation of the sending IP address.",
            "5.7.1",
            R.BADREPUTATION,
        ),
        (
            "550-5.7.1 Our system has detected that this message is likely unsolicited mail.",
            "5.7.1",
            R.SPAMDETECTED,
        ),
        (
            "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender "
            "and Gmail users, and has been blocked. The sender must authenticate with at least "
            "one of SPF or DKIM.",
            "5.7.26",
            R.AUTHFAILURE,
        ),
        (
            "550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's "
            "DMARC policy.",
            "5.7.26",
            R.AUTHFAILURE,
        ),
        ("530 5.7.0 Must issue a STARTTLS command first", "5.7.0", R.FAILEDSTARTTLS),
        (
            "550-5.7.1 [192.0.2.22 13] Messages with multiple addresses in From: header are not "
            "accepted.",
            "5.7.1",
            R.NOTCOMPLIANTRFC,
        ),
        (
            "552-5.7.0 This message was blocked because its content presents a potential "
            "security issue.",
            "5.7.0",
            R.VIRUSDETECTED,
        ),
        (
            "DNS Error: 80480947 DNS type 'mx' lookup of example.org responded with code "
            "NXDOMAIN Domain name not found: example.org",
            "4.0.0",
            R.NETWORKERROR,
        ),
        (
            "DNS Error: 80458680 DNS type 'mx' lookup of example.org responded with code NOERROR "
            "The domain example.org doesn't receive email according to the administrator: "
            "returned Null MX",
            "4.0.0",
            R.NOTACCEPT,
        ),
        (
            "Your email to group x@example.com was rejected due to spam classification.",
            "5.0.0",
            R.SPAMDETECTED,
        ),
        # Microsoft 365 / Exchange / Outlook.com
        ("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "5.1.1", R.USERUNKNOWN),
        (
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            "5.1.10",
            R.USERUNKNOWN,
        ),
        (
            "550 5.4.1 [x@example.org]: Recipient address rejected: Access denied "
            "[AM0PR01MB1234.eurprd01.prod.protection.outlook.com]",
            "5.4.1",
            R.USERUNKNOWN,
        ),
        (
            "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact "
            "your Internet service provider since part of their network is on our block list "
            "(S3150).",
            "5.7.1",
            R.BLOCKED,
        ),
        ("550 5.7.606 Access denied, banned sending IP [192.0.2.1].", "5.7.606", R.BLOCKED),
        (
            "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP "
            "reputation.",
            "4.7.650",
            R.BADREPUTATION,
        ),
        (
            "550 5.7.520 Access denied, Your organization does not allow external forwarding.",
            "5.7.520",
            R.POLICYVIOLATION,
        ),
        ("550 5.2.2 STOREDRV.Deliver: mailbox full.", "5.2.2", R.MAILBOXFULL),
        (
            "554 The mail could not be delivered to the recipient because the domain is not "
            "reachable.",
            "5.5.0",
            R.HOSTUNKNOWN,
        ),
        (
            "550 SC-001 (BAY004-MC1F32) Unfortunately, messages from 192.0.2.1 weren't sent. "
            "Please contact your Internet service provider.",
            "5.0.0",
            R.BLOCKED,
        ),
        # Yahoo / AOL
        ("554 5.7.9 Message not accepted for policy reasons.", "5.7.9", R.POLICYVIOLATION),
        (
            "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected "
            "volume or user complaints",
            "4.7.0",
            R.SPEEDING,
        ),
        (
            "554 delivery error: dd This user doesn't have a yahoo.com account (x@yahoo.com) "
            "[0] - mta1061.mail.ne1.yahoo.com",
            "5.0.0",
            R.USERUNKNOWN,
        ),
        # Apple iCloud
        ("552 5.2.2 <x@icloud.com>: user is over quota", "5.2.2", R.MAILBOXFULL),
        ("554 5.7.1 [CS01] Message rejected due to local policy.", "5.7.1", R.POLICYVIOLATION),
        ("554 mx.me.com ESMTP not accepting connections", "5.5.0", R.BLOCKED),
        (
            "554 5.7.1 Your message was rejected due to example.org's DMARC policy.",
            "5.7.1",
            R.AUTHFAILURE,
        ),
        # Zoho, GMX/1&1, Proton, mail.ru
        ("550 5.7.1 Email rejected per DMARC policy for example.org", "5.7.1", R.AUTHFAILURE),
        (
            "Mail size limit exceeded. For explanation visit http://postmaster.1and1.com/",
            None,
            R.MESGTOOBIG,
        ),
        ("552 5.2.2 Mailbox size limit exceeded", "5.2.2", R.MAILBOXFULL),
        ("550 5.1.1 Address does not exist", "5.1.1", R.USERUNKNOWN),
        (
            "550 5.7.1 This message was not accepted due to domain (example.org) owner DMARC "
            "policy (RFC 7489)",
            "5.7.1",
            R.AUTHFAILURE,
        ),
        # security gateways
        (
            "554 email rejected due to security policies - MCSpamSignature.sa.2.2",
            "5.0.0",
            R.VIRUSDETECTED,
        ),
        ("550 Rejected by header based Anti-Spoofing policy", "5.0.0", R.POLICYVIOLATION),
        ("554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1", "5.0.0", R.BLOCKED),
        ("550 5.7.1 Message content rejected, UBE, id=22220-02-222", "5.7.1", R.SPAMDETECTED),
        (
            "554 Service unavailable; Client host [192.0.2.1] blocked using Barracuda "
            "Reputation, see http://www.barracudanetworks.com/reputation/",
            "5.7.1",
            R.BLOCKED,
        ),
        # ISPs with their own codes
        (
            "550 5.1.0 <x@example.com> sender rejected. Refer to Error Codes section at "
            "https://www.cox.com/residential/support/email-error-codes.html AUP#CDRBL",
            "5.1.0",
            R.BLOCKED,
        ),
        (
            "550 5.1.0 <x@amazonses.com> sender rejected. AUP#In-1310",
            "5.1.0",
            R.TOOMANYCONN,
        ),
        ("550 Connection frequency limited [Blocked IP 192.0.2.22]", "5.0.0", R.TOOMANYCONN),
        ("550 Mailbox is frozen. See http://mail.i.ua/err/3/", "5.0.0", R.SUSPEND),
        (
            "550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes "
            "Refused due to recipient preferences",
            "5.1.1",
            R.FILTERED,
        ),
    ],
)
def test_provider_phrases(diagnostic: str, status: str | None, expected: BounceReason) -> None:
    assert classify(diagnostic, status, None).reason is expected


def test_explanation_names_the_block_list_and_the_provider() -> None:
    v = classify(
        "550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus. To "
        "request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.1",
        "5.7.1",
        "550",
        remote_host="example-com.mail.protection.outlook.com",
    )
    assert v.reason is R.BLOCKED
    assert "Spamhaus" in v.explanation
    assert "Microsoft" in v.explanation


def test_provider_is_not_read_from_the_recipient_domain() -> None:
    v = classify(
        "550 5.1.1 <x@gmail.com>: Recipient address rejected: User unknown", "5.1.1", "550"
    )
    assert "Gmail" not in v.explanation


def test_name_blocklists() -> None:
    assert name_blocklists(
        "554 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.1"
    ) == ("Proofpoint",)
    assert "SpamCop" in name_blocklists("blocked, see http://www.spamcop.net/bl.shtml?192.0.2.1")
    assert name_blocklists(None) == ()
