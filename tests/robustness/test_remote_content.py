"""Remote content: a message's HTML may reference any URL (tracking pixels, fonts, CSS, frames).
Analysing it, exporting the report as HTML and PDF, and showing it in the GUI must fetch
nothing. An HTTP server on 127.0.0.1 counts every connection and the test asserts zero.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from inspector.options import AnalysisOptions
from inspector.parse.message import parse_message
from inspector.report.client import render_html
from tests.robustness.support import analyze, internal_errors
from tests.support.dns_server import LoopbackDns


class CountingServer:
    """Counts TCP connections (not just well-formed requests) and answers anything with 200."""

    def __init__(self) -> None:
        self.connections = 0
        self.paths: list[str] = []
        counter = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                counter.paths.append(self.path)
                body = b"body{}"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_GET  # noqa: N815
            do_POST = do_GET  # noqa: N815

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request: Any, client_address: Any) -> bool:
                counter.connections += 1
                return True

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def http_server() -> Iterator[CountingServer]:
    server = CountingServer()
    try:
        yield server
    finally:
        server.stop()


def test_counting_server_counts(http_server: CountingServer) -> None:
    """The zero below means something only if a real fetch would be counted."""
    with socket.create_connection(("127.0.0.1", http_server.port), timeout=5) as s:
        s.sendall(b"GET /probe HTTP/1.0\r\n\r\n")
        s.recv(100)
    assert http_server.connections == 1


def hostile_html(port: int) -> str:
    u = f"http://127.0.0.1:{port}"
    v = f"http://localhost:{port}"
    return f"""<html><head>
<link rel="stylesheet" href="{u}/link.css"><link rel="preload" href="{v}/preload.js">
<link rel="icon" href="{u}/favicon.ico">
<style>@import url("{u}/import.css"); @import '{v}/import2.css';
@font-face {{ font-family: Evil; src: url({u}/font.woff2) format("woff2"); }}
body {{ background-image: url('{u}/bg.png'); font-family: Evil; }}
div.x {{ background: url({v}/div.png) }}</style>
<meta http-equiv="refresh" content="0; url={u}/refresh">
<script src="{u}/script.js"></script>
</head><body background="{u}/bodybg.png">
<img src="{u}/pixel.gif" width="1" height="1"><img src="{v}/pixel2.gif">
<img srcset="{u}/srcset-1x.png 1x, {u}/srcset-2x.png 2x" alt="srcset">
<picture><source srcset="{u}/source.webp"><img src="{u}/picture.png"></picture>
<iframe src="{u}/iframe.html"></iframe><frame src="{u}/frame.html">
<video poster="{u}/poster.png" src="{u}/video.mp4"></video><audio src="{u}/a.mp3"></audio>
<object data="{u}/object.swf"></object><embed src="{u}/embed.swf">
<table background="{u}/table.png"><tr><td background="{u}/td.png">cell</td></tr></table>
<div class="x" style="background-image:url({u}/inline.png)">styled</div>
<input type="image" src="{u}/input.png"><form action="{u}/form"><button>go</button></form>
<a href="{u}/click">click me</a><img src="file:///etc/passwd"><img src="cid:logo@x">
<svg><image href="{u}/svg.png"/></svg>
</body></html>"""


def message_with(html: str) -> bytes:
    return (
        "From: Tracker <news@tracker.test>\r\nTo: you@receiver.test\r\n"
        "Subject: Remote content\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\n"
        "Message-ID: <remote@tracker.test>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="a"\r\n\r\n'
        "--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee the HTML part\r\n"
        "--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--a--\r\n"
    ).encode()


# A plain QTextDocument (the PDF writer's) opens URLs it is given as local files; for http URLs
# that is an empty file name and this warning, nothing more.
LOCAL_FALLBACK_WARNING = "QFSFileEngine::open: No file name specified"


@pytest.mark.timeout(90)
@pytest.mark.qt_log_ignore(LOCAL_FALLBACK_WARNING)
def test_analysis_and_exports_fetch_nothing(
    http_server: CountingServer, tmp_path: Path, qapp: Any
) -> None:
    raw = message_with(hostile_html(http_server.port))
    report, _ = analyze(raw)
    assert internal_errors(report) == []
    with LoopbackDns() as dns:  # online too: link intelligence must not fetch either
        online = AnalysisOptions(
            offline=False,
            dns_servers=(dns.server_spec,),
            dns_timeout=0.5,
            dns_budget=3.0,
            rdap=False,
        )
        online_report, _ = analyze(raw, online)
    assert internal_errors(online_report) == []

    from ui.pdf_writer import write_pdf

    html = render_html([report])
    (tmp_path / "report.html").write_text(html)
    assert write_pdf(html, str(tmp_path / "report.pdf")) >= 1
    write_pdf(render_html([report, online_report]), str(tmp_path / "mailbox.pdf"))
    qapp.processEvents()
    assert http_server.connections == 0, http_server.paths


@pytest.mark.timeout(90)
@pytest.mark.qt_log_ignore(LOCAL_FALLBACK_WARNING)
def test_gui_content_tab_fetches_nothing(http_server: CountingServer, qtbot: Any) -> None:
    from ui.views.content_tab import ContentTab
    from ui.views.detail import MessageBundle, MessageView
    from ui.views.safe_browser import SafeTextBrowser

    raw = message_with(hostile_html(http_server.port))
    report, _ = analyze(raw)
    parsed = parse_message(raw)
    bundle = MessageBundle(report=report, parsed=parsed, raw=raw)

    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(parsed.html_body)
    browser.show()
    qtbot.wait(50)

    content = ContentTab()
    qtbot.addWidget(content)
    content.set_bundle(bundle)
    content.html_mode.setCurrentIndex(0)  # the HTML as it would look, resources replaced
    content.show()

    view = MessageView()
    qtbot.addWidget(view)
    view.set_bundle(bundle)
    view.show()
    for index in range(view.count()):
        view.setCurrentIndex(index)
        qtbot.wait(20)
    qtbot.wait(300)  # time for any fetch that would have been started to connect
    assert browser.blocked, "the browser should have been asked for (and refused) resources"
    # the safe view never even asks: every resource was replaced by a placeholder first
    assert content.html_view.blocked == []
    assert "replaced by a labelled placeholder" in content.blocked.text()
    assert http_server.connections == 0, http_server.paths


@pytest.mark.qt_log_ignore(LOCAL_FALLBACK_WARNING)
def test_safe_browser_reads_no_local_file(qtbot: Any, tmp_path: Path) -> None:
    """Regression: a null answer from loadResource made QTextDocument read file: URLs and
    absolute paths from disk itself (on Windows a file://host/share URL reaches the network)."""
    from PySide6.QtGui import QImage

    from ui.views.safe_browser import SafeTextBrowser

    probe = tmp_path / "probe.png"
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(probe))
    heights = {}
    for name, src in (("file-url", probe.as_uri()), ("path", str(probe)), ("none", "")):
        browser = SafeTextBrowser()
        qtbot.addWidget(browser)
        browser.resize(800, 600)
        browser.setHtml(f'<p><img src="{src}"></p>' if src else "<p>x</p>")
        browser.show()
        qtbot.wait(20)
        heights[name] = browser.document().size().height()
    # A loaded 300-pixel-high image makes the document at least that tall.
    assert heights["file-url"] < 100, heights
    assert heights["path"] < 100, heights
