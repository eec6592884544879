"""The Content tab's safe HTML view: the message as it would look, nothing loaded."""

from __future__ import annotations

from inspector.model.message import MessageSummary, SourceRef
from inspector.model.report import Report
from tests.support.context import parsed_message
from ui.bundle import MessageBundle
from ui.views.content_tab import ContentTab

HTML = (
    '<div style="display:none">preheader for the inbox list</div>'
    '<p>Your parcel is waiting.</p><img src="https://cdn.example.net/logo.png" width="180" '
    'alt="Parcel logo"><img src="https://t.example.net/open.gif" width="1" height="1">'
)


def test_rendered_html_shows_placeholders_and_marked_hidden_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = ContentTab()
    qtbot.addWidget(tab)
    tab.resize(800, 600)
    tab.show()
    pm = parsed_message((("Subject", "x"),), html_body=HTML)
    report = Report(SourceRef("x.eml"), MessageSummary("x", None, None, None, None))
    tab.set_bundle(MessageBundle(report, pm, b""))
    shown = tab.html_view.toPlainText()
    assert "Your parcel is waiting." in shown
    assert "[image not loaded: Parcel logo (https://cdn.example.net/logo.png)]" in shown
    assert "[hidden by the sender:] preheader for the inbox list" in shown
    doc = tab.html_view.document()
    doc.setTextWidth(700)
    assert doc.size().height() > 20  # a blocked image never collapses the document
    assert tab.blocked.text().startswith("2 resources replaced by a labelled placeholder")
    assert "1 passage the sender hid from view" in tab.blocked.text()
    assert tab.html_view.blocked == []  # nothing even asked for: placeholders carry no URL


def test_message_without_html_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = ContentTab()
    qtbot.addWidget(tab)
    pm = parsed_message((("Subject", "x"),))
    report = Report(SourceRef("x.eml"), MessageSummary("x", None, None, None, None))
    tab.set_bundle(MessageBundle(report, pm, b""))
    assert tab.blocked.text() == "This message has no HTML part."
