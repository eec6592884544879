"""The safe view of a message's HTML: placeholders, hidden text marked, nothing loadable."""

from __future__ import annotations

import time

from inspector.report.safe_html import make_safe


def test_image_becomes_a_labelled_placeholder_without_its_size() -> None:
    safe = make_safe(
        '<p>Hi</p><img src="https://t.example.net/p.gif?u=1" width="180" height="-5" '
        'alt="Logo"><p>Bye</p>'
    )
    assert [(b.kind, b.target) for b in safe.blocked] == [
        ("img", "https://t.example.net/p.gif?u=1")
    ]
    assert "<img" not in safe.html and "width" not in safe.html
    assert "[image not loaded: Logo (https://t.example.net/p.gif?u=1)]" in safe.html
    assert "<p>Hi</p>" in safe.html and "<p>Bye</p>" in safe.html


def test_every_kind_of_resource_is_counted() -> None:
    markup = (
        "<html><head><style>body{background:url(https://x.example.net/bg.png)}</style>"
        '<link rel="stylesheet" href="https://x.example.net/s.css"><link rel="canonical" '
        'href="https://x.example.net/"></head><body background="https://x.example.net/b.jpg">'
        '<div style="background-image:url(https://x.example.net/d.png)">x</div>'
        '<iframe src="https://x.example.net/f"></iframe><video src="v.mp4"></video></body></html>'
    )
    kinds = sorted(b.kind for b in make_safe(markup).blocked)
    assert kinds == ["background", "css", "css", "iframe", "link", "video"]


def test_hidden_text_is_shown_and_marked() -> None:
    safe = make_safe(
        '<div style="display:none;max-height:0">preheader words</div>'
        '<span style="font-size:0px">stuffing</span><p hidden>third</p><p>seen</p>'
    )
    assert safe.hidden == 3
    assert safe.html.count("[hidden by the sender:]") == 3
    assert "preheader words" in safe.html and "display:none" not in safe.html


def test_scripts_handlers_and_markup_in_text_never_survive() -> None:
    safe = make_safe(
        '<script>alert(1)</script><p onclick="steal()">a &lt; b</p> 1 < 2 <!-- note --> '
        '<a href="javascript:x()">go</a><!DOCTYPE html><svg onload=alert(1)>'
    )
    assert "alert" not in safe.html and "onclick" not in safe.html and "svg" not in safe.html
    assert "note" not in safe.html and "href=" not in safe.html
    assert "1 &lt; 2" in safe.html and "a &lt; b" in safe.html


def test_hostile_markup_is_read_in_linear_time() -> None:
    for unit in ("<s", "<!--", "<a b='", "</"):
        small, big = unit * 20_000, unit * 80_000
        started = time.perf_counter()
        make_safe(small)
        first = time.perf_counter() - started
        started = time.perf_counter()
        make_safe(big)
        second = time.perf_counter() - started
        assert second < max(1.0, first * 12), (unit, first, second)  # 4x input, not 16x time


def test_link_destination_is_written_after_its_text() -> None:
    safe = make_safe('<a href="https://evil.example.net/login">https://bank.example.com</a>')
    assert "https://bank.example.com</a>" in safe.html
    assert "[link: https://evil.example.net/login]" in safe.html
