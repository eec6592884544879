"""Facts computed from the message alone, before the rules run: what kind of mail it is, how
the sending host presented itself at the recipient's door, and how the From line was made.
Rules read these facts instead of each re-deriving them, so one decision holds everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from inspector.model.codes import MessageKind


@dataclass(frozen=True)
class MessageKindFact:
    """The kind of mail and, for list mail, the list it came through."""

    kind: MessageKind = MessageKind.PERSONAL
    reasons: tuple[str, ...] = ()
    list_id: str | None = None
    list_post: str | None = None  # the list's posting address (List-Post mailto)
    list_host: str | None = None  # the list's domain (from List-Id or List-Post)
    reply: bool = False  # In-Reply-To or References: part of a conversation


@dataclass(frozen=True)
class EntryHostFact:
    """The host that handed the message to the recipient, as the receiver recorded it (HELO
    and, where the receiver wrote one, the reverse DNS). Judged without any DNS lookup."""

    ip: str | None = None
    helo: str | None = None
    rdns: str | None = None
    generic_name: str = ""  # why the HELO or reverse name is generic/dynamic ("" if not)
    hosting: str | None = None  # hosting or cloud provider recognised from the names
    embedded_ip: str | None = None  # an IP written in the HELO that is not the connecting IP
    unrelated_helo: str | None = None  # HELO domain unrelated to every identity of the mail


@dataclass(frozen=True)
class SenderStyleFact:
    """Marks left by bulk-sending tools and obfuscation, as opposed to a mail program."""

    from_trailing_space: bool = False  # "<a@b.example >": a template, not a mail client
    numbered_local_part: str | None = None  # First_Last_12345 style generated addresses
    random_mailer: str | None = None  # X-Mailer that is a short random token
    obfuscated: tuple[str, ...] = ()  # where look-alike or invisible characters hide words
    cheap_tld: str | None = None  # From domain on a TLD cheap registrations favour


@dataclass(frozen=True)
class RecipientsFact:
    """Who the message is openly addressed to (To and Cc), by organisation."""

    visible: int = 0  # mailboxes in To and Cc
    organisations: tuple[str, ...] = ()  # their registrable domains, the sender's own left out


@dataclass(frozen=True)
class MessageEvidence:
    kind: MessageKindFact = field(default_factory=MessageKindFact)
    entry: EntryHostFact | None = None
    style: SenderStyleFact = field(default_factory=SenderStyleFact)
    recipients: RecipientsFact = field(default_factory=RecipientsFact)
