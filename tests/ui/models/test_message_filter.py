"""The message list's authentication filter: read once from its written form into enums."""

from __future__ import annotations

import pytest

from inspector.model.codes import AuthMethod, AuthStatus
from ui.models.message_filter import MessageFilterProxy, auth_filter_value, read_auth_filter


def test_auth_filter_round_trip() -> None:
    for method in (AuthMethod.SPF, AuthMethod.DKIM, AuthMethod.DMARC):
        for status in (AuthStatus.PASS, AuthStatus.FAIL, AuthStatus.NONE):
            assert read_auth_filter(auth_filter_value(method, status)) == (method, status)
    assert auth_filter_value(AuthMethod.DMARC, AuthStatus.FAIL) == "dmarc:fail"


@pytest.mark.parametrize(
    "text", ["", "dmarc", "dmarc:bogus", "arc:pass", "__class__:x", "DMARC:fail"]
)
def test_auth_filters_the_list_cannot_show_are_no_filter(text: str) -> None:
    assert read_auth_filter(text) is None


def test_proxy_reads_the_filter_when_it_is_set(qtbot) -> None:  # type: ignore[no-untyped-def]
    proxy = MessageFilterProxy()
    proxy.set_filters(auth="spf:softfail")
    assert proxy.auth == (AuthMethod.SPF, AuthStatus.SOFTFAIL) and proxy.filtering()
    proxy.set_filters(auth="")
    assert proxy.auth is None and not proxy.filtering()
