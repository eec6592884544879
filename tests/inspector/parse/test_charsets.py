from __future__ import annotations

from inspector.parse.charsets import make_safe_body


def test_a_body_keeps_tabs_line_ends_and_form_feeds() -> None:
    text = "line one\r\n\tindented\x0cnext page\n" + "".join(map(chr, range(32, 127)))
    assert make_safe_body(text) is text


def test_every_other_control_in_a_body_is_shown() -> None:
    for code in [*range(9), 0x0B, *range(0x0E, 0x20), 0x7F]:
        shown = make_safe_body(f"a{chr(code)}b")
        assert chr(code) not in shown and shown.startswith("a") and shown.endswith("b")


def test_bidi_overrides_are_shown_in_any_text() -> None:
    assert make_safe_body("caf\u00e9 \u202eevil") == "caf\u00e9 <U+202E>evil"
    assert make_safe_body("caf\u00e9\u00a0ok\n") == "caf\u00e9\u00a0ok\n"
