"""Findings about DKIM signatures: missing, broken (and how), weak, expired, replayable.

A DKIM signature is the sender's domain vouching for the message. Receivers give the
signing domain's reputation to the message when it verifies, and DMARC needs one that
verifies and matches the From domain. The verifier (``inspector.auth.dkim``) records why a
signature failed in ``DkimResult.failure``; these rules turn that into advice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from inspector.auth.results import org_domain
from inspector.intel.mail_signals import bulk_signals, is_discussion_list
from inspector.model.auth import DkimKeyType, DkimResult
from inspector.model.codes import AuthStatus, Category, DkimFailure, MessageKind, Severity
from inspector.model.findings import Finding
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_RFC = "RFC 6376"
_GOOGLE = "https://support.google.com/a/answer/81126 (Google sender guidelines)"
_YAHOO = "https://senders.yahooinc.com/best-practices/ (Yahoo sender best practices)"

NO_SIGNATURE = spec(
    "dkim.no_signature",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The message has no DKIM signature",
    "Turn on DKIM signing for the sending domain at your mail provider or platform, publish "
    "the public key it gives you in DNS, and sign with the same domain as the From address.",
    (f"{_RFC} section 3.5", _GOOGLE, _YAHOO),
)
BODY_CHANGED = spec(
    "dkim.body_changed",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "DKIM failed: the message body was changed after signing",
    "Find what rewrites the body after signing (a footer or disclaimer added by a gateway, a "
    "mailing list, link tracking, re-encoding) and sign after it, or stop the rewriting. Use "
    "relaxed body canonicalization (c=relaxed/relaxed) to survive harmless whitespace changes.",
    (f"{_RFC} section 3.7", f"{_RFC} section 3.4.4"),
)
HEADER_MISMATCH = spec(
    "dkim.header_mismatch",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "DKIM failed: a signed header was changed, or the key does not match",
    "Check that the key published in DNS is the one the signer uses (after a key rotation "
    "both must change together), and that nothing rewrites signed headers (Subject tags, "
    "From rewriting) after signing. Use relaxed header canonicalization.",
    (f"{_RFC} section 3.7", f"{_RFC} section 6.1.3"),
)
PERMERROR = spec(
    "dkim.permerror",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "DKIM could not be verified: the key or the signature is unusable",
    "Publish the selector's key record exactly as your signing service gives it "
    "(v=DKIM1; k=rsa; p=...), keep old selectors published until no mail signed with them "
    "is in transit, and make sure the signer writes a well-formed DKIM-Signature.",
    (f"{_RFC} section 3.6.1", f"{_RFC} section 6.1.2", "RFC 8301", "RFC 8601 section 2.7.1"),
)
TEMPERROR = spec(
    "dkim.temperror",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "DKIM could not be checked: the key lookup failed temporarily",
    "Make sure the DNS servers for the signing domain answer reliably and quickly; a "
    "receiver that cannot fetch the key defers or treats the message as unauthenticated.",
    (f"{_RFC} section 6.1.2", "RFC 8601 section 2.7.1"),
)
WEAK_KEY = spec(
    "dkim.weak_key",
    Severity.LOW,
    Category.AUTHENTICATION,
    "The DKIM key is shorter than recommended",
    "Generate a 2048-bit RSA key (or add an ed25519 key alongside RSA), publish it under a "
    "new selector, switch the signer to it, then remove the old selector.",
    ("RFC 8301 section 3.2", "M3AAWG DKIM Key Rotation Best Common Practices"),
)
SHA1 = spec(
    "dkim.sha1",
    Severity.MEDIUM,
    Category.AUTHENTICATION,
    "The DKIM signature uses the obsolete SHA-1 hash",
    "Configure the signer to use rsa-sha256 (or ed25519-sha256).",
    ("RFC 8301 section 3.1",),
)
EXPIRED = spec(
    "dkim.expired",
    Severity.HIGH,
    Category.AUTHENTICATION,
    "The DKIM signature had expired when the message arrived",
    "Set the signature lifetime (x=) to several days at least, so that delayed or retried "
    "delivery still arrives with a valid signature; check the signing server's clock.",
    (f"{_RFC} section 3.5 (x= tag)",),
)
LENGTH_TAG = spec(
    "dkim.length_tag",
    Severity.LOW,
    Category.REPLAY,
    "The DKIM signature covers only part of the body (l= tag)",
    "Stop using the l= body length tag: sign the whole body.",
    (f"{_RFC} section 8.2", f"{_RFC} section 3.5 (l= tag)"),
)
THIRD_PARTY = spec(
    "dkim.third_party",
    Severity.INFO,
    Category.IDENTITY,
    "Only a third party's domain signed the message, not the From domain",
    "Set up custom-domain DKIM at your sending platform, so it signs with your own domain "
    "(a CNAME or TXT record it gives you); that is what DMARC alignment needs.",
    ("RFC 7489 section 3.1.1", _GOOGLE),
)
REPLAY_RISK = spec(
    "dkim.replay_risk",
    Severity.LOW,
    Category.REPLAY,
    "Important headers are not protected against changes or additions",
    "Sign every header that matters to the recipient and over-sign them: list each name in h= "
    "one more time than it occurs (e.g. h=from:from:subject:subject:...), which stops "
    "anyone adding a second copy. Always sign List-Unsubscribe and List-Unsubscribe-Post.",
    (f"{_RFC} section 5.4.2", f"{_RFC} section 8.15", "RFC 8058 section 4"),
)
NOT_VERIFIED_LIMIT = spec(
    "dkim.not_verified_limit",
    Severity.LOW,
    Category.AUTHENTICATION,
    "Some DKIM signatures were not verified: the message exceeds the verification limits",
    "Sign with one or two signatures that name the few dozen header fields that matter, and "
    "keep the header block to a normal size; receivers also stop verifying early on "
    "messages built like this one.",
    (f"{_RFC} section 6.1 (verifiers may limit the signatures they check)",),
)
HEADERS_ADDED = spec(
    "dkim.headers_added",
    Severity.MEDIUM,
    Category.REPLAY,
    "Extra copies of signed headers were added after signing",
    "If you sent it this way, over-sign headers and never emit duplicates. If not, the "
    "message was altered in transit: a replayed copy of a genuinely signed message with "
    "new headers stacked on top is a known spoofing trick.",
    (f"{_RFC} section 8.15", f"{_RFC} section 5.4.2"),
)

_PERM_TITLES = {
    DkimFailure.NO_KEY: "DKIM could not be verified: no key is published for the selector",
    DkimFailure.REVOKED: "DKIM could not be verified: the key has been revoked",
    DkimFailure.BAD_KEY: "DKIM could not be verified: the published key is malformed",
    DkimFailure.KEY_MISMATCH: "DKIM could not be verified: the key does not fit the signature",
    DkimFailure.MALFORMED: "DKIM could not be verified: the signature header is malformed",
}


def _who(r: DkimResult) -> str:
    return f"d={r.domain or '?'} s={r.selector or '?'}"


def _evidence(r: DkimResult, ctx: AnalysisContext) -> list[str]:
    lines = [" ".join(r.header.split())[:400]] if r.header else []
    if r.domain and r.selector:
        name = f"{r.selector}._domainkey.{r.domain}".lower()
        for q in ctx.dns:
            if q.name.lower().rstrip(".") == name and q.rdtype.upper() == "TXT":
                shown = ", ".join(a[:200] for a in q.answers) or "(no records)"
                lines.append(f"DNS {q.name} TXT -> {q.status.value}: {shown}")
                break
        else:
            if r.key_record:
                lines.append(f"DNS {name} TXT: {r.key_record[:200]}")
    lines.append(f"result: {r.result.value} ({r.reason})"[:400])
    return lines


def _from_domain(ctx: AnalysisContext) -> str | None:
    froms = ctx.message.from_
    return (froms[0].domain or None) if froms else None


#: DKIM was published as RFC 4871 in May 2007; mail dated before 2008 predates its use.
DKIM_ERA = datetime(2008, 1, 1, tzinfo=UTC)


def _bulk_sender(ctx: AnalysisContext) -> bool:
    """Bulk mail from its own sender, for which Gmail and Yahoo make DKIM mandatory (2024
    sender rules). A discussion list relaying a member's post is not counted: the author
    does not run the list, and receivers judge list traffic on the list host's record."""
    signals = bulk_signals(ctx.message, ctx.sender) or bool(ctx.message.get("List-Unsubscribe"))
    return bool(signals) and not is_discussion_list(ctx.evidence)


@rule
def missing(ctx: AnalysisContext) -> Iterator[Finding]:
    if ctx.auth.dkim or ctx.message.get_all("DKIM-Signature"):
        return
    evidence = [f"From: {ctx.message.get('From') or '(none)'}"[:300], "no DKIM-Signature header"]
    date = ctx.message.date
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    if ctx.bounce is not None:
        yield NO_SIGNATURE(
            "This is a delivery report (a bounce) written by a mail server, and it carries no "
            "DKIM signature. Many servers send their reports unsigned; it matters for where "
            "the report itself lands, not for why the original message was refused (the "
            "bounce findings explain that).",
            evidence,
            title="The delivery report itself has no DKIM signature",
            severity=Severity.LOW,
        )
    elif date is not None and date < DKIM_ERA:
        yield NO_SIGNATURE(
            f"The message is dated {date.year}, before DKIM came into use (RFC 4871, 2007), "
            "so having no signature was normal then and did not send mail to spam. Sent "
            "today, the same message would need one: Gmail and Yahoo require DKIM from bulk "
            "senders, and without it DMARC relies on SPF alone.",
            [*evidence, f"Date: {ctx.message.date_raw or date.isoformat()}"[:200]],
            title="The message has no DKIM signature (it predates DKIM)",
            severity=Severity.INFO,
        )
    elif _bulk_sender(ctx):
        yield NO_SIGNATURE(
            "Nobody vouched for this bulk message with a DKIM signature. Since 2024 Gmail and "
            "Yahoo require DKIM from bulk senders and junk or reject their unsigned mail; "
            "without it receivers cannot tie the message to the sender's domain reputation, "
            "and DMARC can only rely on SPF, which breaks when mail is forwarded.",
            evidence,
            severity=Severity.HIGH,
        )
    else:
        yield NO_SIGNATURE(
            "Nobody vouched for this message with a DKIM signature. Receivers then cannot tie "
            "it to the sender's domain reputation, and DMARC can only rely on SPF, which "
            "breaks when mail is forwarded. Unsigned mail is accepted when SPF passes, but it "
            "starts with less trust, and Gmail and Yahoo require DKIM from bulk senders.",
            evidence,
        )


@rule
def failures(ctx: AnalysisContext) -> Iterator[Finding]:
    for r in ctx.auth.dkim:
        who = _who(r)
        if r.failure is DkimFailure.BODY_HASH:
            yield BODY_CHANGED(
                f"The signature by {who} covers the body, and the body no longer matches "
                "the hash the signer recorded (bh=). Something changed the text after it was "
                "signed: a footer added by a server or mailing list, rewritten links, or "
                "re-encoding. To the receiver this looks exactly like tampering, so the "
                "signature counts for nothing.",
                _evidence(r, ctx),
            )
        elif r.failure is DkimFailure.SIGNATURE:
            yield HEADER_MISMATCH(
                f"The body matches, but the signature by {who} over the headers does not "
                "verify. Either one of the signed headers (such as Subject or From) was "
                "changed after signing, or the public key now in DNS is not the one that "
                "signed (a key rotated too early).",
                _evidence(r, ctx),
            )
        elif r.result is AuthStatus.PERMERROR and r.failure is not DkimFailure.KEY_TOO_SMALL:
            yield PERMERROR(
                f"The signature by {who} cannot be checked at all: {r.reason}. A receiver "
                "treats such a message as if it had no valid signature; under DMARC it does "
                "not count.",
                _evidence(r, ctx),
                title=_PERM_TITLES.get(r.failure),
            )
        elif r.result is AuthStatus.TEMPERROR:
            yield TEMPERROR(
                f"The public key for the signature by {who} could not be fetched: "
                f"{r.reason}. Receivers facing the same problem defer the message or judge "
                "it without DKIM. Re-run the analysis to see whether it was a passing fault.",
                _evidence(r, ctx),
            )
        elif r.failure is DkimFailure.EXPIRED:
            yield EXPIRED(
                f"The signature by {who} carries an expiry time (x=) that had passed when "
                f"the message was received: {r.reason}. Expired signatures are ignored.",
                _evidence(r, ctx),
            )


@rule
def key_strength(ctx: AnalysisContext) -> Iterator[Finding]:
    for r in ctx.auth.dkim:
        if r.key_type is DkimKeyType.RSA and r.key_bits is not None and r.key_bits < 2048:
            if r.key_bits < 1024:
                yield WEAK_KEY(
                    f"The signature by {_who(r)} uses a {r.key_bits}-bit RSA key. Keys this "
                    "short can be broken with modest means, so receivers refuse them (RFC "
                    "8301): the signature counts as broken, as if there were none.",
                    _evidence(r, ctx),
                    title="The DKIM key is too short to be accepted (under 1024 bits)",
                    severity=Severity.HIGH,
                )
                continue
            yield WEAK_KEY(
                f"The signature by {_who(r)} uses a {r.key_bits}-bit RSA key. 1024-bit keys "
                "are still accepted, but they are within reach of well-funded attackers and "
                "current guidance is 2048 bits.",
                _evidence(r, ctx),
            )
        if r.algorithm == "rsa-sha1":
            yield SHA1(
                f"The signature by {_who(r)} uses rsa-sha1. RFC 8301 forbids SHA-1 for "
                "signing and verifying; some receivers already treat such signatures as "
                "invalid, the rest will.",
                _evidence(r, ctx),
            )


@rule
def body_length(ctx: AnalysisContext) -> Iterator[Finding]:
    for r in ctx.auth.dkim:
        if r.body_length is None:
            continue
        unsigned = r.unsigned_body_bytes or 0
        text = (
            f"{unsigned} bytes of the body come after the signed part and are not covered"
            if unsigned
            else "nothing follows the signed part yet"
        )
        yield LENGTH_TAG(
            f"The signature by {_who(r)} signs only the first {r.body_length} bytes of the "
            f"body (l=); {text}. Anyone can append content (a different link, a phishing "
            "form) to a copy of this message and it still verifies.",
            _evidence(r, ctx),
            severity=Severity.MEDIUM if unsigned else None,
        )


@rule
def third_party(ctx: AnalysisContext) -> Iterator[Finding]:
    # offline the signatures cannot be verified, but whose domain signed needs no DNS
    counted = (AuthStatus.PASS, AuthStatus.SKIPPED)
    passing = [r for r in ctx.auth.dkim if r.result in counted and r.domain]
    sender = _from_domain(ctx)
    if not passing or not sender or ctx.evidence.kind.kind is MessageKind.LIST_POST:
        return  # a list post is signed by the list, which its author does not control
    if ctx.auth.dmarc.result in (AuthStatus.PASS, AuthStatus.FAIL):
        return  # DMARC was evaluated: dmarc.dkim_unaligned explains this with its stakes

    org = org_domain(sender)
    if any(org_domain(r.domain or "") == org for r in passing):
        return
    names = ", ".join(sorted({r.domain or "" for r in passing}))
    unverified = " (not verified: offline)" if passing[0].result is AuthStatus.SKIPPED else ""
    yield THIRD_PARTY(
        f"The signature(s){unverified} come from {names}, not from {sender}, the domain in the "
        "From address. That is normal for mail sent through an e-mail platform on its "
        "default settings, but it does not count for DMARC, and the reputation earned goes "
        "to the platform's domain rather than yours.",
        [f"From: {ctx.message.get('From') or ''}"[:300], *(_who(r) for r in passing)],
    )


@rule
def replay(ctx: AnalysisContext) -> Iterator[Finding]:
    listed = bool(ctx.message.get_all("List-Unsubscribe"))
    for r in ctx.auth.dkim:
        if r.result is not AuthStatus.PASS:
            continue
        unsigned = list(r.unsigned_important)
        if listed and "list-unsubscribe" not in r.signed_headers:
            unsigned = sorted({*unsigned, "list-unsubscribe"})
        weak = [n for n in r.not_oversigned if n not in unsigned]
        if not unsigned and not weak:
            continue
        parts = []
        if unsigned:
            parts.append(f"not signed at all, so they can be changed freely: {', '.join(unsigned)}")
        if weak:
            parts.append(
                "signed but not over-signed, so a second copy can be added on top (the one "
                f"most mail programs show): {', '.join(weak)}"
            )
        severe = {"from", "subject", "list-unsubscribe"} & set(unsigned)
        yield REPLAY_RISK(
            f"The signature by {_who(r)} verifies, but some headers are "
            + "; ".join(parts)
            + ". A spammer can take a copy of this genuinely signed message, change or add "
            "those headers and resend it thousands of times under the sender's reputation "
            "(DKIM replay).",
            [f"h={':'.join(r.signed_headers)}"[:400], *_evidence(r, ctx)[:1]],
            severity=Severity.MEDIUM if severe else None,
        )


@rule
def added_after_signing(ctx: AnalysisContext) -> Iterator[Finding]:
    for r in ctx.auth.dkim:
        if not r.added_after_signing:
            continue
        names = ", ".join(r.added_after_signing)
        critical = {"from", "subject", "to", "reply-to"} & set(r.added_after_signing)
        if ctx.evidence.kind.kind is MessageKind.LIST_POST and all(
            n.lower().startswith("list-") for n in r.added_after_signing
        ):
            yield HEADERS_ADDED(
                f"The list added its own {names} below the signature by {_who(r)}, which "
                "over-signs them so that nobody else can. The author's signature no longer "
                "verifies after the list, as intended; the list's own signature and ARC "
                "vouch for the relayed copy.",
                [f"h={':'.join(r.signed_headers)}"[:400]],
                severity=Severity.INFO,
            )
            continue
        yield HEADERS_ADDED(
            f"The message has more copies of {names} than the signature by {_who(r)} "
            "covers. The extra copies were not signed: they were added later. Mail programs "
            "usually display the topmost copy, so what the recipient sees may not be what "
            "the signer sent.",
            [
                *(
                    f"{h.name}: {h.value}"[:300]
                    for h in ctx.message.headers
                    if h.name.lower() in r.added_after_signing
                ),
                f"h={':'.join(r.signed_headers)}"[:400],
            ],
            severity=Severity.HIGH if critical else None,
        )


@rule
def verification_limits(ctx: AnalysisContext) -> Iterator[Finding]:
    capped = [r for r in ctx.auth.dkim if r.failure is DkimFailure.CAPPED]
    if not capped:
        return
    yield NOT_VERIFIED_LIMIT(
        f"{len(capped)} DKIM result(s) were cut short by the tool's limits on what is handed "
        "to the verifier (signatures per message, header fields named in h=, header fields "
        "in the message). Their result is unknown, not failed; DMARC was evaluated without "
        "them. Each limit keeps one message from taking minutes to verify.",
        [f"{_who(r)}: {r.reason}"[:400] for r in capped[:20]],
    )
