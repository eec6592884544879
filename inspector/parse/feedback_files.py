"""Finding DMARC aggregate and TLS reports in what users hand over: .xml, .json, .xml.gz,
.zip, and the report e-mails receivers send (one or many reports attached), recognised by
content, never by name (reporters name files as they please).

Archives are hostile too: a zip or gzip bomb is stopped at ``MAX_UNPACKED`` bytes per
member, a zip at ``MAX_MEMBERS`` members, and nesting (a zip in an e-mail in a zip) at
``MAX_DEPTH``. A message that carries reports is treated as a report carrier, not analysed
as a message: a folder of report e-mails is a DMARC feed, not 500 deliverability cases.
"""

from __future__ import annotations

import email
import email.policy
import gzip
import io
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from email.message import Message

from inspector.errors import InspectorError
from inspector.model.feedback import DmarcReport, FeedbackError, TlsReport
from inspector.model.message import ReadError, SourceRef
from inspector.parse.dmarc_xml import looks_like_dmarc, parse_dmarc_report
from inspector.parse.sources import MAX_MESSAGE_BYTES
from inspector.parse.tlsrpt_json import looks_like_tlsrpt, parse_tls_report

MAX_UNPACKED = 32 * 1024 * 1024
MAX_MEMBERS = 200
MAX_DEPTH = 3
_CARRIER_HINTS = (b"report domain", b"tls-report-domain", b"report-id", b"dmarc")
_REPORT_TYPES = ("zip", "gzip", "xml", "tlsrpt", "octet-stream")
#: A report travels as an attachment of one of ``_REPORT_TYPES`` or named like one: a message
#: without such a part is not worth a full MIME walk, even when its Authentication-Results
#: header says "dmarc=pass" (most signed mail does).
_ATTACHMENT_HINTS = (
    b"application/gzip",
    b"application/x-gzip",
    b"application/zip",
    b"application/x-zip",
    b"application/xml",
    b"text/xml",
    b"application/tlsrpt",
    b"application/octet-stream",
    b".xml",
    b".gz",
    b".zip",
    b".json",
)

Feedback = DmarcReport | TlsReport | FeedbackError


class _TooBig(InspectorError):
    pass


def _gunzip(data: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflater.decompress(data, MAX_UNPACKED + 1)
    if len(out) > MAX_UNPACKED or inflater.unconsumed_tail:
        raise _TooBig(f"unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MiB")
    return out


def _unzip(data: bytes, source: str, depth: int) -> Iterator[Feedback]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield FeedbackError(source, f"unreadable zip archive ({exc})"[:200])
        return
    if len(members) > MAX_MEMBERS:
        yield FeedbackError(source, f"zip archive with more than {MAX_MEMBERS} members")
        return
    for member in members:
        where = f"{source} :: {member.filename[:120]}"
        try:
            with archive.open(member) as handle:
                content = handle.read(MAX_UNPACKED + 1)
        except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError) as exc:
            yield FeedbackError(where, f"unreadable zip member ({exc})"[:200])
            continue
        if len(content) > MAX_UNPACKED:
            yield FeedbackError(where, f"unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MiB")
            continue
        yield from feedback_from_bytes(content, where, depth + 1)


def _strip(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def might_carry_reports(raw: bytes) -> bool:
    """A cheap test on a message's first bytes before a full MIME walk."""
    head = raw[:16384].lower()
    return any(h in head for h in _CARRIER_HINTS) and any(h in head for h in _ATTACHMENT_HINTS)


def _attachments(msg: Message) -> Iterator[tuple[str, bytes]]:
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        name = part.get_filename() or ""
        if not (
            any(t in ctype for t in _REPORT_TYPES)
            or name.lower().endswith((".xml", ".gz", ".zip", ".json"))
        ):
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload:
            yield name or ctype, payload


def feedback_from_message(raw: bytes, source: str, depth: int = 0) -> list[Feedback]:
    """The reports attached to one report e-mail (empty when it carries none)."""
    found: list[Feedback] = []
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        for name, payload in _attachments(msg):
            found.extend(feedback_from_bytes(payload, f"{source} :: {name[:120]}", depth + 1))
    except Exception as exc:  # noqa: BLE001 - the stdlib parser on hostile MIME; keep going
        found.append(FeedbackError(source, f"unreadable report e-mail ({type(exc).__name__})"))
    return found


def feedback_from_bytes(data: bytes, source: str, depth: int = 0) -> list[Feedback]:
    """Every report in ``data`` (a report, an archive of them, or a report e-mail); empty
    when ``data`` holds none. Never raises for bad input: problems are ``FeedbackError``s."""
    if depth > MAX_DEPTH:
        return [FeedbackError(source, "reports nested too deeply (archive in archive...)")]
    try:
        if data.startswith(b"\x1f\x8b"):
            return feedback_from_bytes(_gunzip(data), source, depth + 1)
        if data.startswith(b"PK\x03\x04"):
            return list(_unzip(data, source, depth))
        body = _strip(data).lstrip()
        if body.startswith(b"<") and looks_like_dmarc(body):
            return [parse_dmarc_report(body, source)]
        if body.startswith(b"{") and looks_like_tlsrpt(body):
            return [parse_tls_report(body, source)]
        if might_carry_reports(data):
            return feedback_from_message(data, source, depth)
    except (_TooBig, InspectorError) as exc:
        return [FeedbackError(source, str(exc))]
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return [FeedbackError(source, f"damaged compressed data ({exc})"[:200])]
    return []


def feedback_from_file(path: str) -> list[Feedback]:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_MESSAGE_BYTES + 1)
    except OSError as exc:
        return [FeedbackError(path, f"cannot read: {exc.strerror or exc}")]
    if len(data) > MAX_MESSAGE_BYTES:
        return []
    return feedback_from_bytes(data, path)


class FeedbackSplitter:
    """Takes the reports out of a message stream (``iter_messages``'s items) while passing
    the ordinary messages and real read errors through, in one walk over the inputs."""

    def __init__(self) -> None:
        self.found: list[Feedback] = []
        self._paths: set[str] = set()

    @property
    def dmarc(self) -> list[DmarcReport]:
        return [f for f in self.found if isinstance(f, DmarcReport)]

    @property
    def tls(self) -> list[TlsReport]:
        return [f for f in self.found if isinstance(f, TlsReport)]

    @property
    def errors(self) -> list[FeedbackError]:
        return [f for f in self.found if isinstance(f, FeedbackError)]

    def split(
        self, items: Iterable[tuple[SourceRef, bytes] | ReadError], *, look_inside: bool = True
    ) -> Iterator[tuple[SourceRef, bytes] | ReadError]:
        """Without ``look_inside`` messages pass untouched (whoever analyses them takes the
        report e-mails out and hands them to ``keep``); files that are reports still stay."""
        for item in items:
            if isinstance(item, ReadError):
                if self._absorbed(item):
                    continue
            elif look_inside:
                ref, raw = item
                if might_carry_reports(raw):
                    carried = feedback_from_message(raw, f"{ref.path}#{ref.index}")
                    if carried:
                        self.keep(ref.path, carried)
                        continue
            yield item

    def keep(self, path: str, found: Iterable[Feedback]) -> None:
        self.found.extend(found)
        self._paths.add(os.path.abspath(path))

    def _absorbed(self, error: ReadError) -> bool:
        path = os.path.abspath(error.path)
        if os.path.isfile(path) and error.message.startswith("not a message"):
            found = feedback_from_file(path)
            if found:
                self.keep(path, found)
                return True
        if os.path.isdir(path) and error.message == "no messages found in folder":
            prefix = path.rstrip(os.sep) + os.sep
            return any(p.startswith(prefix) for p in self._paths)
        return False
