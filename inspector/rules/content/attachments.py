"""Attachments receivers block or quarantine: executable and script types, archives
holding them, and password-protected archives whose content no filter can inspect."""

from __future__ import annotations

import re
from collections.abc import Iterator

from inspector.model.codes import Category, Severity
from inspector.model.findings import Finding
from inspector.model.message import MimePart, ParsedMessage
from inspector.parse.body_facts import MAX_SCAN, SPACE, TAG, mime_parts
from inspector.rules.context import AnalysisContext
from inspector.rules.registry import rule, spec

_GMAIL_BLOCKED = "https://support.google.com/mail/answer/6590 (file types blocked in Gmail)"
_MS_BLOCKED = (
    "https://learn.microsoft.com/defender-office-365/anti-malware-protection-about "
    "(common attachments filter)"
)
RISKY_ATTACHMENT = spec(
    "content.risky_attachment",
    Severity.HIGH,
    Category.CONTENT,
    "An attachment has a file type receivers block",
    "Do not send programs, scripts, disk images or HTML files as attachments; share them "
    "through a download link or a file-sharing service.",
    (_GMAIL_BLOCKED, _MS_BLOCKED),
)
ARCHIVE_EXECUTABLE = spec(
    "content.archive_with_executable",
    Severity.HIGH,
    Category.CONTENT,
    "An attached archive contains a program or script",
    "Do not send programs inside zip files by mail; receivers open archives and block them. "
    "Offer a download link instead.",
    (_GMAIL_BLOCKED,),
)
ENCRYPTED_ARCHIVE = spec(
    "content.encrypted_archive",
    Severity.MEDIUM,
    Category.CONTENT,
    "An attached archive is password-protected",
    "Share confidential files through a secure file-sharing link rather than a "
    "password-protected archive sent together with its password.",
    (_GMAIL_BLOCKED, "MITRE ATT&CK T1027.013 (encrypted/encoded file)"),
)


def _words(text: str) -> list[str]:
    return text.split()


# Gmail's blocked list plus macro-enabled Office files and HTML smuggling carriers.
RISKY_EXTENSIONS = frozenset(
    _words(
        "ade adp apk appx appxbundle bat cab chm cmd com cpl diagcab diagcfg diagpack dll dmg ex "
        "ex_ exe hta img ins iso isp jar jnlp js jse lib lnk mde mjs msc msi msix msixbundle msp "
        "mst nsh pif ps1 scr sct shb sys vb vbe vbs vhd vhdx vxd wsc wsf wsh xll one reg "
        "docm xlsm pptm dotm xlam html htm shtml xhtml svg"
    )
)
EXECUTABLE_EXTENSIONS = RISKY_EXTENSIONS - {"html", "htm", "shtml", "xhtml", "svg"}
ARCHIVE_EXTENSIONS = frozenset({"zip", "rar", "7z", "gz", "tgz", "tar", "ace", "arj", "cab"})
_PASSWORD_HINT = re.compile(
    r"\b(password|passwort|mot de passe|contraseña|senha|pwd|pass)\s*(is|:|=|-)", re.I
)


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower().strip() if "." in name else ""


def _attachments(pm: ParsedMessage) -> list[MimePart]:
    return [p for p in mime_parts(pm.mime) if p.filename]


@rule
def risky_attachments(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    for part in _attachments(pm):
        name = part.filename or ""
        ext = _ext(name)
        if ext in RISKY_EXTENSIONS:
            stem_ext = _ext(name.rsplit(".", 1)[0])
            disguised = stem_ext in ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "png", "txt")
            yield RISKY_ATTACHMENT(
                f"The attachment '{name}' is a .{ext} file. Files of this type can run code "
                "or hide web pages when opened, so Gmail, Microsoft 365 and most company "
                "filters block or quarantine them"
                + (
                    f"; the name also pretends to be a .{stem_ext} document, a common "
                    "malware disguise."
                    if disguised
                    else "."
                ),
                [f"part {part.path}: {part.content_type}, {part.size} bytes, sha256 {part.sha256}"],
                severity=Severity.CRITICAL if disguised else None,
            )
        bad = [m for m in part.archive_members if _ext(m) in EXECUTABLE_EXTENSIONS]
        if bad:
            yield ARCHIVE_EXECUTABLE(
                f"The archive '{name}' contains {len(bad)} program or script file(s). "
                "Receivers look inside archives and block these like the files themselves; "
                "this is how much malware is delivered.",
                [f"{name} contains {m}" for m in bad[:10]],
            )


@rule
def encrypted_archive(ctx: AnalysisContext) -> Iterator[Finding]:
    pm = ctx.message
    archives = [p for p in _attachments(pm) if _ext(p.filename or "") in ARCHIVE_EXTENSIONS]
    if not archives:
        return
    locked = [p for p in archives if p.archive_encrypted]
    hint = _PASSWORD_HINT.search(pm.text_body) or _PASSWORD_HINT.search(
        TAG.sub(" ", pm.html_body[:MAX_SCAN])
    )
    if not locked and not hint:
        return
    evidence = [f"{p.filename}: password-protected zip" for p in locked]
    if hint:
        start = max(0, hint.start() - 40)
        text = pm.text_body if _PASSWORD_HINT.search(pm.text_body) else pm.html_body
        excerpt = SPACE.sub(" ", text[start : hint.end() + 40]) if text else hint.group()
        evidence.append(f"text mentions a password: …{excerpt}…")
    yield ENCRYPTED_ARCHIVE(
        "An attached archive is locked with a password"
        + (" (the message text gives it)" if hint else "")
        + ". Scanners cannot look inside, which is why malware is often sent this way; many "
        "receivers quarantine such attachments on sight.",
        evidence,
    )
