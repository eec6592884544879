from __future__ import annotations

from inspector.bounces.smtp_codes import explain_reply, explain_status, find_reply, find_status


def test_explain_status_names_class_subject_and_detail() -> None:
    text = explain_status("5.7.26")
    assert text.startswith("permanent failure")
    assert "security or policy" in text
    assert "authentication" in text


def test_explain_status_temporary_and_unregistered_detail() -> None:
    assert explain_status("4.2.2").startswith("temporary failure")
    assert "full" in explain_status("4.2.2")
    assert "not registered" in explain_status("5.7.999")


def test_explain_status_rejects_garbage_without_raising() -> None:
    assert "not an enhanced status code" in explain_status("hello")
    assert "not an enhanced status code" in explain_status("")


def test_explain_reply() -> None:
    assert explain_reply("550").startswith("permanent failure")
    assert "try later" in explain_reply("421") or "later" in explain_reply("421")
    assert explain_reply("599").startswith("permanent failure")
    assert "not an SMTP reply code" in explain_reply("abc")


def test_find_codes_in_server_text() -> None:
    text = "host mx.example[192.0.2.1] said: 550-5.7.26 This mail is unauthenticated"
    assert find_status(text) == "5.7.26"
    assert find_reply(text) == "550"
    assert find_status("version 1.2.3.4 only") is None
    assert find_reply(None) is None
