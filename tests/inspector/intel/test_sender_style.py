"""Marks of bulk tools and disguised text, read from the headers."""

from __future__ import annotations

from email.header import Header

from inspector.intel.sender_style import obfuscation, random_mailer, sender_style
from inspector.parse.message import parse_message
from tests.inspector.intel.msgs import build


def test_template_from_and_generated_addresses() -> None:
    style = sender_style(
        build([("From", "Lowe's <lina_babinski_93010@e.r.badadi.work >"), ("X-Mailer", "nvIDx")])
    )
    assert style.from_trailing_space
    assert style.numbered_local_part == "lina_babinski_93010"
    assert style.random_mailer == "nvIDx"
    assert style.cheap_tld == "work"
    plain = sender_style(build([("From", "Ann <ann@example.com>"), ("X-Mailer", "KMail")]))
    assert not plain.from_trailing_space and plain.numbered_local_part is None
    assert plain.random_mailer is None and plain.cheap_tld is None and plain.obfuscated == ()


def test_random_mailer_spares_real_product_names() -> None:
    assert random_mailer("LPrwZ") == "LPrwZ"
    for real in ("iPhone", "PHPMailer", "Microsoft Outlook 16.0", "Zimbra", None):
        assert random_mailer(real) is None, real


def test_obfuscated_words() -> None:
    assert "mathematical" in obfuscation("𝐘𝐎𝐔𝐑 𝐏𝐇𝓞𝐓𝐎𝐒")
    assert "U+200B" in obfuscation("Pay\u200bPal")
    assert "CYRILLIC" in obfuscation("Сoinbase")  # Cyrillic Es
    assert obfuscation("Ordinary subject") == ""
    assert obfuscation("Привет мир") == ""  # all-Cyrillic text is just Russian
    assert obfuscation(None) == ""
    subject = Header("P\u200erime", "utf-8").encode()
    raw = f"From: A <a@example.com>\r\nSubject: {subject}\r\n\r\nhi\r\n".encode()
    style = sender_style(parse_message(raw))
    assert style.obfuscated and style.obfuscated[0].startswith("Subject: invisible")


def test_second_level_registries_count_as_cheap() -> None:
    assert sender_style(build([("From", "x@shop.sa.com")])).cheap_tld == "sa.com"
