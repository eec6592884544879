"""bench/campaigns.py: messages of one campaign are linked so cross-validation keeps them in
one fold; unrelated senders (free webmail users, random Message-IDs) are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.campaigns import campaign_marks, campaigns, message_id_template


def _message(from_: str, message_id: str) -> bytes:
    return (
        f"From: {from_}\r\nTo: user@example.net\r\nMessage-ID: {message_id}\r\n"
        "Subject: hello\r\n\r\nbody\r\n"
    ).encode()


def test_a_generator_template_is_kept_and_a_plain_token_is_not() -> None:
    assert message_id_template("<ZF3lf1bGTw-Ct-Y9ADdP_x1-__Ip@random.example>") == "a9a9a-a-a9a_"
    assert message_id_template("<CAFx7Yq9k2m3n4p5q6r7s8t9@mail.example.com>") is None
    assert message_id_template("<1234.5678@host.example>") is None


def test_same_organisational_domain_or_template_is_one_campaign() -> None:
    marks = [
        campaign_marks(_message("A <a@news.shop.example>", "<x1@host.example>")),
        campaign_marks(_message("B <b@mail.shop.example>", "<y2@host.example>")),
        campaign_marks(_message("C <c@one.example>", "<Ab1cD-e-F2g_h3-__x@one.example>")),
        campaign_marks(_message("D <d@two.example>", "<Qr7sT-u-V8w_y9-__z@two.example>")),
        campaign_marks(_message("E <e@three.example>", "<1@three.example>")),
    ]
    groups = campaigns(marks)
    assert groups[0] == groups[1]
    assert groups[2] == groups[3]
    assert len({groups[0], groups[2], groups[4]}) == 3


def test_free_webmail_users_are_not_one_campaign() -> None:
    marks = [
        campaign_marks(_message("a@gmail.com", "<1@mail.gmail.com>")),
        campaign_marks(_message("b@gmail.com", "<2@mail.gmail.com>")),
    ]
    assert marks == [[], []]
    groups = campaigns(marks)
    assert groups[0] != groups[1]


def test_the_tenant_campaign_of_the_corpus_is_one_campaign(corpus_dir: Path) -> None:
    names = ("sample-2999.eml", "sample-3607.eml", "sample-4053.eml", "sample-3957.eml")
    paths = [corpus_dir / "phishing_pot_2023-2024" / n for n in names]
    if not all(p.is_file() for p in paths):
        pytest.skip("phishing_pot_2023-2024 samples are not in the corpus")
    groups = campaigns([campaign_marks(p.read_bytes()) for p in paths])
    assert len(set(groups)) == 1
