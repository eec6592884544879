"""Platform identification over the shared dev corpus (../shared, third-party, read only).

The expected table was built by reading each message's headers by hand: every entry has
unmistakable ESP evidence (the ESP's DKIM d=, bounce domain, proprietary headers,
Feedback-ID or Message-ID shape). The 2002 SpamAssassin ham predates all of these
services, so nothing there may be named as an ESP.

The platform is decided from the trace, so the relay path is always given. Left out, with
the reason: forged or replayed ESP headers (Mailjet on a VPS 265, Emarsys on 89.144.x hosts
2883/2885/2957, a Mailchimp replay 398: imitations, see POSTMASTER.md "Traps"); Brevo on
dedicated IPs with the customer's HELO (319, 618: no Brevo relay in the trace, only its
Feedback-ID); mail a hybrid tenant relayed on to its own server (401, 402, 404, 405, 407:
the trace is read right once the route places the boundary on the Exchange Online entry).
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from pathlib import Path

import pytest

from inspector.intel.platforms import identify_platform
from inspector.model.message import ParsedMessage
from tests.inspector.intel.msgs import parse as stdlib_parse

pytestmark = pytest.mark.slow

PP = "phishing_pot_2023-2024/sample-"
EXPECTED = {
    **{f"{PP}{n}.eml": "Amazon SES" for n in (1891, 1927, 2105, 2261, 3314, 3339, 3377)},
    "bounces_sisimai_upto2023/sisimai__lhost-amazonses-13.eml": "Amazon SES",
    **{f"{PP}{n}.eml": "SendGrid" for n in (1483, 1796)},
    # SendGrid-style headers on mail iCloud handed in: an imitation (research, Traps)
    f"{PP}483.eml": "iCloud Mail",
    **{f"{PP}{n}.eml": "Mailchimp" for n in (1971, 450)},
    "mailparser_testmails/mailparser__mail_test_13.eml": "Mailchimp",
    **{f"{PP}{n}.eml": "Mailchimp Transactional (Mandrill)" for n in (1347, 1349)},
    **{f"{PP}{n}.eml": "Mailgun" for n in (1282, 3389, 4298, 795)},
    **{f"{PP}{n}.eml": "Postmark" for n in (2203, 2204, 2207, 519)},
    f"{PP}3079.eml": "Eventbrite",  # Eventbrite's own SparkPost pool
    **{f"{PP}{n}.eml": "Klaviyo" for n in (2153, 2223, 2369, 2380, 2467)},
    **{f"{PP}{n}.eml": "HubSpot" for n in (2362, 2760)},
    f"{PP}1267.eml": "Constant Contact",
    **{f"{PP}{n}.eml": "Mailjet" for n in (2852, 2863, 2984)},
    **{f"{PP}{n}.eml": "ActiveCampaign" for n in (2920, 2450, 2456, 2481)},
    **{f"{PP}{n}.eml": "MailerSend" for n in (2873, 2875)},
    **{f"{PP}{n}.eml": "Elastic Email" for n in (432, 2862, 3254)},
    **{f"{PP}{n}.eml": "APSIS" for n in (1036, 862)},
    **{f"{PP}{n}.eml": "Google Workspace" for n in (2354, 2372, 780)},
    **{f"{PP}{n}.eml": "Microsoft 365 (Exchange Online)" for n in (1291, 205, 3934)},
    f"{PP}3250.eml": "Squarespace Email",
    f"{PP}1737.eml": "SparkPost",  # Iterable sends through SparkPost; only its Feedback-ID says so
}


def _parser() -> Callable[[bytes], ParsedMessage]:
    try:
        from inspector.parse.message import parse_message
    except ImportError:
        return stdlib_parse
    return parse_message


def _messages(corpus: Path) -> list[Path]:
    return [
        p
        for p in sorted(corpus.rglob("*"))
        if p.is_file() and "extras" not in p.parts and p.suffix not in (".md", ".csv", ".mbox")
    ]


def _run(corpus_dir: Path, *, with_hops: bool) -> dict[str, str | None]:
    if not corpus_dir.is_dir():
        pytest.skip("dev corpus absent")
    parse = _parser()
    trace = None
    if with_hops:
        hops_module = pytest.importorskip("inspector.route.hops")
        trace = hops_module.trace_hops
    out: dict[str, str | None] = {}
    for path in _messages(corpus_dir):
        pm = parse(path.read_bytes())
        hops = trace(pm.get_all("Received"))[0] if trace else ()
        match = identify_platform(pm, hops=hops)
        out[path.relative_to(corpus_dir).as_posix()] = match.name if match else None
    return out


@pytest.fixture(scope="module")
def identified(corpus_dir: Path) -> dict[str, str | None]:
    return _run(corpus_dir, with_hops=True)


@pytest.fixture(scope="module")
def identified_with_hops(corpus_dir: Path) -> dict[str, str | None]:
    """The pipeline's view: the relay path tells which hops are the sender's."""
    return _run(corpus_dir, with_hops=True)


def test_clear_esp_messages_are_named_correctly(identified: dict[str, str | None]) -> None:
    counts = collections.Counter(v for v in identified.values() if v)
    print("\nidentified per platform:", dict(counts.most_common()))
    print("not identified:", sum(1 for v in identified.values() if v is None))
    wrong = {
        f: (identified.get(f), want) for f, want in EXPECTED.items() if identified.get(f) != want
    }
    assert wrong == {}


def test_old_ham_is_not_attributed_to_modern_esps(identified: dict[str, str | None]) -> None:
    from inspector.intel.platform_catalogue import platform_by_name

    esp = {
        f: name
        for f, name in identified.items()
        if f.startswith("spamassassin_public_corpus_2002/")
        and name
        and (p := platform_by_name(name)) is not None
        and p.kind == "esp"
    }
    assert esp == {}


def test_same_answers_with_the_relay_path(identified_with_hops: dict[str, str | None]) -> None:
    counts = collections.Counter(v for v in identified_with_hops.values() if v)
    print("\nidentified per platform (with hops):", dict(counts.most_common()))
    wrong = {
        f: (identified_with_hops.get(f), want)
        for f, want in EXPECTED.items()
        if identified_with_hops.get(f) != want
    }
    assert wrong == {}
