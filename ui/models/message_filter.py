"""Which messages the list shows: search text and the risk, authentication, platform, sender,
finding and bounce filters, decided row by row in plain Python.

The list model asks ``shows`` of its own rows in one list comprehension, never through a Qt
proxy, whose filter is a Python call from C++ for every row after every sort.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from inspector.model.codes import AuthMethod, AuthStatus
from ui.models.message_row import MessageRow

ANY = ""

#: An authentication filter: the rows whose shown result for the method is this status.
AuthFilter = tuple[AuthMethod, AuthStatus]

#: The row's shown result for each method the list has a column for.
_SHOWN: dict[AuthMethod, Callable[[MessageRow], str]] = {
    AuthMethod.SPF: attrgetter("spf"),
    AuthMethod.DKIM: attrgetter("dkim"),
    AuthMethod.DMARC: attrgetter("dmarc"),
}


def auth_filter_value(method: AuthMethod, status: AuthStatus) -> str:
    """The filter as a combo's data and a dashboard link write it: ``dmarc:fail``."""
    return f"{method.value}:{status.value}"


def read_auth_filter(text: str) -> AuthFilter | None:
    """The filter ``method:result`` names; None for "any" or anything the list cannot show."""
    method, _, status = text.partition(":")
    try:
        pair = AuthMethod(method), AuthStatus(status)
    except ValueError:
        return None
    return pair if pair[0] in _SHOWN else None


@dataclass
class MessageFilter:
    """The list's current search and filters; empty strings mean "any"."""

    text: str = ANY  # lower-cased, stripped
    risk: str = ANY  # a Risk value, "error" or "pending"
    auth: AuthFilter | None = None
    platform: str = ANY
    sender_domain: str = ANY  # lower-cased
    finding: str = ANY
    bounce_only: bool = False

    def filtering(self) -> bool:
        return bool(
            self.text
            or self.risk
            or self.auth is not None
            or self.platform
            or self.sender_domain
            or self.finding
            or self.bounce_only
        )

    def set_search(self, text: str) -> None:
        self.text = text.strip().lower()

    def update(
        self,
        *,
        risk: str | None = None,
        auth: str | None = None,  # as written: "dmarc:fail", "" for any
        platform: str | None = None,
        sender: str | None = None,
        finding: str | None = None,
        bounce_only: bool | None = None,
    ) -> None:
        """Change the filters given; the others keep their value."""
        if risk is not None:
            self.risk = risk
        if auth is not None:
            self.auth = read_auth_filter(auth)
        if platform is not None:
            self.platform = platform
        if sender is not None:
            self.sender_domain = sender.lower()
        if finding is not None:
            self.finding = finding
        if bounce_only is not None:
            self.bounce_only = bounce_only

    def shows(self, row: MessageRow) -> bool:
        """Whether the list shows ``row``: a copy of a listed message never (the listed row
        notes it), any other row when it passes every filter."""
        if row.duplicate_of is not None:
            return False
        return not self.filtering() or self.accepts(row)

    def accepts(self, row: MessageRow) -> bool:
        if self.text and self.text not in row.search_text:
            return False
        state = row.risk.value if row.risk else ("error" if row.error else "pending")
        if self.risk and state != self.risk:
            return False
        if self.auth is not None:
            method, status = self.auth
            if _SHOWN[method](row) != status.value:
                return False
        if self.platform and row.platform != self.platform:
            return False
        if self.sender_domain and row.sender_domain != self.sender_domain:
            return False
        if self.finding and self.finding not in row.findings:
            return False
        return not (self.bounce_only and not row.has_bounce)
