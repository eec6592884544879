"""parse_received on the formats of the common MTAs. Every header here is written for this
project (example domains, documentation addresses), modelled on what each MTA writes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.route.received import parse_received
from inspector.route.received_date import parse_received_date
from inspector.route.received_tls import normalize_tls_version


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc,arg-type]


def test_postfix_with_tls() -> None:
    hop = parse_received(
        "from mail.example.org (mail.example.org [198.51.100.7])\r\n"
        "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\r\n"
        "\t key-exchange X25519 server-signature RSA-PSS (2048 bits))\r\n"
        "\t(No client certificate requested)\r\n"
        "\tby mx.example.com (Postfix) with ESMTPS id 4A1B2C3D4E\r\n"
        "\tfor <bob@example.com>; Tue, 3 Mar 2020 10:11:12 +0100 (CET)",
        index=4,
    )
    assert hop.index == 4
    assert hop.helo == "mail.example.org"
    assert hop.rdns == "mail.example.org"
    assert hop.ip == "198.51.100.7"
    assert hop.by == "mx.example.com"
    assert hop.protocol == "ESMTPS"
    assert hop.tls_version == "TLSv1.3"
    assert hop.cipher == "TLS_AES_256_GCM_SHA384"
    assert hop.tls is not None and hop.tls.startswith("using TLSv1.3")
    assert hop.id == "4A1B2C3D4E"
    assert hop.for_ == "bob@example.com"
    assert hop.timestamp == utc(2020, 3, 3, 9, 11, 12)
    assert hop.unparsed == ""


def test_postfix_unknown_reverse_and_ipv6() -> None:
    hop = parse_received(
        "from helo.example.net (unknown [IPv6:2001:db8::25]) by mx.example.com (Postfix) "
        "with ESMTP id 1234ABCD; Mon, 2 Mar 2020 08:00:00 -0000"
    )
    assert hop.helo == "helo.example.net"
    assert hop.rdns is None  # Postfix writes "unknown" when the address has no PTR
    assert hop.ip == "2001:db8::25"
    assert hop.protocol == "ESMTP"
    assert hop.tls is None


def test_exim_modern_tls_and_helo() -> None:
    hop = parse_received(
        "from host-192-0-2-9.example.net ([192.0.2.9]:51234 helo=laptop.example.org) "
        "by mail.example.com with esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384 "
        "(Exim 4.96) (envelope-from <a@example.org>) id 1qZxYw-0001Ab-2c "
        "for bob@example.com; Wed, 04 Mar 2020 12:00:00 +0000"
    )
    assert hop.rdns == "host-192-0-2-9.example.net"
    assert hop.helo == "laptop.example.org"
    assert hop.ip == "192.0.2.9"
    assert hop.protocol == "ESMTPS"
    assert hop.tls_version == "TLSv1.3"
    assert hop.cipher == "TLS_AES_256_GCM_SHA384"
    assert hop.id == "1qZxYw-0001Ab-2c"
    assert hop.for_ == "bob@example.com"


def test_exim_old_cipher_and_local() -> None:
    hop = parse_received(
        "from relay.example.org ([198.51.100.3]) by mx.example.com with esmtp "
        "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256) (Exim 4.80) id 1a2B3c-0004dE-5f; "
        "Thu, 05 Mar 2015 01:02:03 +0000"
    )
    assert hop.tls_version == "TLSv1.2"
    assert hop.cipher == "ECDHE_RSA_AES_256_GCM_SHA384"
    local = parse_received(
        "from www-data by web.example.com with local (Exim 4.92) (envelope-from "
        "<www-data@web.example.com>) id 1jAbCd-0001Xy-Zz; Thu, 05 Mar 2020 01:02:03 +0000"
    )
    assert local.protocol == "local"
    assert local.ip is None
    assert local.from_host == "www-data"


def test_microsoft_smtp_server_and_office365_https() -> None:
    hop = parse_received(
        "from mail-out.example.org (198.51.100.44) by "
        "AM4PEPF00000001.mail.protection.outlook.com (10.167.16.1) with Microsoft SMTP Server "
        "(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7000.10 via "
        "Frontend Transport; Fri, 6 Mar 2020 09:10:11 +0000"
    )
    assert hop.helo == "mail-out.example.org"
    assert hop.ip == "198.51.100.44"
    assert hop.by == "AM4PEPF00000001.mail.protection.outlook.com"
    assert hop.protocol == "SMTP"
    assert hop.tls_version == "TLSv1.2"
    assert hop.cipher == "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
    assert hop.id == "15.20.7000.10"
    https = parse_received(
        "from DB9PR01MB1234.eurprd01.prod.outlook.com ([fe80::1234:5678:9abc:def0]) by "
        "DB9PR01MB1234.eurprd01.prod.outlook.com ([fe80::1234:5678:9abc:def0%6]) with mapi "
        "id 15.20.7000.010; Fri, 6 Mar 2020 09:10:10 +0000"
    )
    assert https.ip == "fe80::1234:5678:9abc:def0"
    assert https.protocol == "MAPI"
    assert (
        parse_received(
            "by DB9PR01MB9999.eurprd01.prod.outlook.com with HTTPS; Fri, 6 Mar 2020 09:10:12 +0000"
        ).protocol
        == "HTTPS"
    )


def test_exchange_smtpsvc() -> None:
    hop = parse_received(
        "from exch01.corp.example.com ([10.1.2.3]) by gw.corp.example.com with Microsoft "
        "SMTPSVC(6.0.3790.4675); Mon, 9 Mar 2009 14:15:16 -0400"
    )
    assert hop.ip == "10.1.2.3"
    assert hop.protocol == "SMTP"
    assert hop.timestamp == utc(2009, 3, 9, 18, 15, 16)


def test_gmail_formats() -> None:
    mx = parse_received(
        "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by "
        "mx.google.com with SMTPS id a1sor12345qkb.12.2020.03.02.05.00.00 for "
        "<bob@gmail.com> (Google Transport Security); Mon, 02 Mar 2020 05:00:00 -0800 (PST)"
    )
    assert mx.rdns == "mail-sor-f41.google.com"
    assert mx.ip == "209.85.220.41"
    assert mx.protocol == "SMTPS"
    assert mx.for_ == "bob@gmail.com"
    assert mx.timestamp == utc(2020, 3, 2, 13, 0, 0)
    newest = parse_received(
        "by 2002:a05:6a10:8f0d:b0:4a1:1234:5678 with SMTP id x13csp12345pxi; "
        "Mon, 2 Mar 2020 05:00:01 -0800 (PST)"
    )
    assert newest.by == "2002:a05:6a10:8f0d:b0:4a1:1234:5678"
    assert newest.from_host is None and newest.ip is None
    tls = parse_received(
        "from smtp.example.org (smtp.example.org. [203.0.113.8]) by mx.google.com with "
        "ESMTPS id b2si123.45.2020.03.02.05.00.00 for <bob@gmail.com> "
        "(version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); "
        "Mon, 02 Mar 2020 05:00:00 -0800 (PST)"
    )
    assert tls.tls_version == "TLSv1.3"
    assert tls.cipher == "TLS_AES_256_GCM_SHA384"
    submission = parse_received(
        "from [192.168.1.20] ([203.0.113.9]) by smtp.gmail.com with ESMTPSA id "
        "c3sm1.2020.03.02.04.59.59 for <bob@gmail.com> (version=TLS1_3 "
        "cipher=TLS_AES_128_GCM_SHA256 bits=128/128); Mon, 02 Mar 2020 04:59:59 -0800 (PST)"
    )
    assert submission.helo == "[192.168.1.20]"
    assert submission.ip == "203.0.113.9"  # the address the server saw, not the HELO literal
    assert submission.protocol == "ESMTPSA"


def test_qmail() -> None:
    inv = parse_received("(qmail 1234 invoked from network); 7 Mar 2020 10:00:00 -0000")
    assert inv.by is None and inv.ip is None
    assert inv.timestamp == utc(2020, 3, 7, 10, 0, 0)
    hop = parse_received(
        "from client.example.net (HELO laptop) (alice@192.0.2.55) by mail.example.com with "
        "SMTP; 7 Mar 2020 10:00:01 -0000"
    )
    assert hop.helo == "laptop"
    assert hop.rdns == "client.example.net"
    assert hop.ip == "192.0.2.55"


def test_sendmail_tls_and_ident() -> None:
    hop = parse_received(
        "from relay.example.org (root@relay.example.org [198.51.100.2]) by mx.example.com "
        "(8.15.2/8.15.2) with ESMTPS id 02A1B2C3D4E5 (version=TLSv1.3 "
        "cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT) for <bob@example.com>; "
        "Mon, 2 Mar 2020 08:00:00 -0500"
    )
    assert hop.rdns == "relay.example.org"
    assert hop.ip == "198.51.100.2"
    assert hop.tls_version == "TLSv1.3"
    assert hop.cipher == "TLS_AES_256_GCM_SHA384"
    assert hop.id == "02A1B2C3D4E5"
    assert hop.timestamp == utc(2020, 3, 2, 13, 0, 0)
    submit = parse_received(
        "(from alice@localhost) by host.example.com (8.15.2/8.15.2/Submit) id 02ABCDEF; "
        "Mon, 2 Mar 2020 08:00:00 -0500"
    )
    assert submit.from_host == "alice@localhost"
    assert submit.by == "host.example.com"


def test_courier_and_mdaemon_and_domino_and_zimbra() -> None:
    courier = parse_received(
        "from host.example.org (host.example.org [192.0.2.77]) (AUTH: LOGIN alice, TLS: "
        "TLSv1.2,256bits,ECDHE-RSA-AES256-GCM-SHA384) by mail.example.com with ESMTPSA; "
        "Thu, 05 Mar 2020 17:01:02 +0000"
    )
    assert courier.ip == "192.0.2.77"
    assert courier.tls_version == "TLSv1.2"
    assert courier.cipher == "ECDHE-RSA-AES256-GCM-SHA384"
    mdaemon = parse_received(
        "from mail.example.net [198.51.100.61] by mail.example.com (MDaemon PRO v19.5.1) "
        "with ESMTP id md50001234567.msg for <bob@example.com>; Fri, 06 Mar 2020 09:08:07 +0200"
    )
    assert mdaemon.ip == "198.51.100.61"
    assert mdaemon.id == "md50001234567.msg"
    domino = parse_received(
        "from gw.example.com ([192.0.2.10]) by notes.example.com (Lotus Domino Release "
        "8.5.3FP6) with ESMTP id 2016012512345678-1234 ; Mon, 25 Jan 2016 12:34:56 +0100"
    )
    assert domino.by == "notes.example.com"
    assert domino.timestamp == utc(2016, 1, 25, 11, 34, 56)
    zimbra = parse_received(
        "from zimbra.example.com (LHLO zimbra.example.com) (192.0.2.40) by zimbra.example.com "
        "with LMTP; Tue, 3 Mar 2020 11:22:33 +0100 (CET)"
    )
    assert zimbra.protocol == "LMTP"
    assert zimbra.helo == "zimbra.example.com"
    assert zimbra.ip == "192.0.2.40"


def test_esps_ses_sendgrid_mailgun() -> None:
    ses = parse_received(
        "from app.example.org (ec2-203-0-113-5.compute-1.example.net [203.0.113.5]) by "
        "email-smtp.amazonaws.com with SMTP (SimpleEmailService-d-ABC123) id Xyz123; "
        "Wed, 01 Jan 2020 10:00:00 +0000 (UTC)"
    )
    assert ses.protocol == "SMTP"
    assert ses.by == "email-smtp.amazonaws.com"
    sendgrid = parse_received(
        "from ODY4MjY (unknown) by geopod-ismtpd-1 (SG) with HTTP id Ab_Cd-EfGh for "
        "<bob@example.com>; Thu, 02 Apr 2020 07:53:55.516 +0000 (UTC)"
    )
    assert sendgrid.protocol == "HTTP"
    assert sendgrid.rdns is None
    assert sendgrid.timestamp == datetime(2020, 4, 2, 7, 53, 55, 516000, tzinfo=UTC)
    mailgun = parse_received(
        "from example.org (ec2-198-51-100-5.example.net [198.51.100.5]) by "
        "smtp-out-n02.prod.us-east-1.postgun.com with SMTP id 5e7a1b2c3d4e5f; "
        "Tue, 24 Mar 2020 08:00:00 GMT"
    )
    assert mailgun.ip == "198.51.100.5"
    assert mailgun.timestamp == utc(2020, 3, 24, 8, 0, 0)


def test_localhost_and_http_hops() -> None:
    local = parse_received(
        "from localhost (localhost [127.0.0.1]) by mail.example.com (Postfix) with ESMTP id "
        "ABC; Mon, 2 Mar 2020 08:00:00 +0000"
    )
    assert local.ip == "127.0.0.1"
    assert local.rdns == "localhost"
    web = parse_received(
        "from [203.0.113.40] by web1.example.com via HTTP; Mon, 02 Mar 2020 08:00:00 GMT"
    )
    assert web.ip == "203.0.113.40"
    assert web.by == "web1.example.com"


def test_ipv4_mapped_and_ports() -> None:
    hop = parse_received(
        "from a.example.org (a.example.org [::ffff:192.0.2.5]) by b.example.com with esmtp; "
        "Mon, 2 Mar 2020 08:00:00 +0000"
    )
    assert hop.ip == "192.0.2.5"
    ported = parse_received(
        "from a.example.org (192.0.2.6:4321) by b.example.com; 2 Mar 2020 08:00 +0000"
    )
    assert ported.ip == "192.0.2.6"
    assert ported.timestamp == utc(2020, 3, 2, 8, 0, 0)  # no seconds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 2 Mar 2020 08:00:00 -0000", utc(2020, 3, 2, 8, 0, 0)),
        ("2 Mar 2020 08:00:00 EST", utc(2020, 3, 2, 13, 0, 0)),
        ("Mon, 2 Mar 2020 08:00:00 PDT", utc(2020, 3, 2, 15, 0, 0)),
        ("Mon, 2 Mar 2020 08:00:00 UT", utc(2020, 3, 2, 8, 0, 0)),
        ("Wed, 26 Mar 03 20:43:24 -0600", utc(2003, 3, 27, 2, 43, 24)),
        ("Wed, 26 Mar 99 20:43:24 +0000", utc(1999, 3, 26, 20, 43, 24)),
        ("Fri Feb 07 10:18:12 2003 -0800", utc(2003, 2, 7, 18, 18, 12)),
        ("Fri Sep 14 14:36:56 EDT 2018", utc(2018, 9, 14, 18, 36, 56)),
        (
            "Thu, 02 Apr 2020 07:53:55.516 +0000 (UTC)",
            datetime(2020, 4, 2, 7, 53, 55, 516000, tzinfo=UTC),
        ),
        ("Mon, 2 Mar 2020 08:00:00 +0100 (PDT)", utc(2020, 3, 2, 7, 0, 0)),
        ("2 Mar 2020 08:00:00", utc(2020, 3, 2, 8, 0, 0)),
        ("14:47:44 +0000", None),
        (
            "2023-10-04 02:34:42.159865419 +0000 UTC m=+2776664.57",
            datetime(2023, 10, 4, 2, 34, 42, 159865, tzinfo=UTC),
        ),
        ("20/09/2002 13:57:03", utc(2002, 9, 20, 13, 57, 3)),
        ("Thu, 029 Apr 2011 23:34:45 +0900 (JST)", utc(2011, 4, 29, 14, 34, 45)),
        ("31 Feb 2020 08:00:00 +0000", None),
        ("", None),
    ],
)
def test_dates(text: str, expected: datetime | None) -> None:
    assert parse_received_date(text) == expected


def test_go_timestamp_without_semicolon_and_tls_without_detail() -> None:
    hop = parse_received(
        "by filterdrecv-abc with SMTP id filterdrecv-abc-1-651CCF42-10 "
        "2023-10-04 02:34:42.159865419 +0000 UTC m=+2776664.576175445"
    )
    assert hop.id == "filterdrecv-abc-1-651CCF42-10"
    assert hop.timestamp == datetime(2023, 10, 4, 2, 34, 42, 159865, tzinfo=UTC)
    hotmail = parse_received(
        "from OMC1.hotmail.example.org ([192.0.2.29]) by MC4.hotmail.example.org over TLS "
        "secured channel with Microsoft SMTPSVC(7.5.7601.22751); Fri, 30 Jan 2015 01:02:03 -0800"
    )
    assert hotmail.tls == "over TLS secured channel"
    assert hotmail.unparsed == ""
    assert hotmail.protocol == "SMTP"


def test_tls_version_normalization() -> None:
    assert normalize_tls_version("TLS1_2") == "TLSv1.2"
    assert normalize_tls_version("TLSv1") == "TLSv1.0"
    assert normalize_tls_version("TLS-1.1") == "TLSv1.1"
    assert normalize_tls_version("TLSv1/SSLv3") == "TLSv1.0"
    assert normalize_tls_version("SSLv3") == "SSLv3"
    assert normalize_tls_version("nonsense") is None


def test_leftovers_and_raw_kept() -> None:
    raw = (
        "from a.example.org by b.example.com Jetsend MTA 1.0 with ESMTP; "
        "Mon, 2 Mar 2020 08:00 +0000"
    )
    hop = parse_received(raw)
    assert hop.raw == raw
    assert "Jetsend" in hop.unparsed
    bad_date = parse_received("from a by b; yesterday at noon")
    assert bad_date.timestamp is None
    assert "date: yesterday at noon" in bad_date.unparsed


def test_hostile_input_is_bounded() -> None:
    huge = "from " + "(" * 50_000 + "x" + ")" * 10 + " by " + "[" * 20_000
    hop = parse_received(huge)
    assert hop.raw == huge
    assert "not parsed" in hop.unparsed


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list('from by with id for ()[]<>";:.,@ 0123456789abcEST+-\\\r\n\t')
        ),
        max_size=200,
    )
)
def test_never_raises(text: str) -> None:
    hop = parse_received(text, 3)
    assert hop.index == 3
    assert hop.raw == text
