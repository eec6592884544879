"""The trusted receiver's record at receipt, and the outcome counted from it and ours."""

from __future__ import annotations

from inspector.auth.recorded import recorded_results
from inspector.auth.results import parse_authentication_results
from inspector.model.auth import (
    AuthSummary,
    DkimResult,
    DmarcResult,
    ReceivedAuthResults,
    SpfResult,
)
from inspector.model.codes import AuthMethod, AuthStatus

VALUE = (
    "mx.example.org; spf=pass smtp.mailfrom=bounce.example.net; dkim=pass header.d=example.com; "
    "dmarc=bestguesspass header.from=example.com; x-custom=pass"
)


def header(trusted: bool) -> ReceivedAuthResults:
    authserv, methods = parse_authentication_results(VALUE)
    return ReceivedAuthResults(authserv, methods, trusted, "", VALUE)


def test_only_trusted_headers_are_recorded_with_their_identities() -> None:
    assert recorded_results([header(trusted=False)]) == ()
    found = {r.method: r for r in recorded_results([header(trusted=True)])}
    assert set(found) == {AuthMethod.SPF, AuthMethod.DKIM, AuthMethod.DMARC}
    assert found[AuthMethod.SPF].identity == "smtp.mailfrom=bounce.example.net"
    assert found[AuthMethod.DMARC].result is AuthStatus.PASS  # bestguesspass
    assert found[AuthMethod.DKIM].authserv_id == "mx.example.org"


def test_outcome_is_ours_when_checked_else_the_receivers_else_unknown() -> None:
    recorded = recorded_results([header(trusted=True)])
    offline = AuthSummary(
        dkim=(DkimResult(AuthStatus.SKIPPED, domain="example.com"),),
        spf=SpfResult(AuthStatus.SKIPPED, "offline"),
        dmarc=DmarcResult(AuthStatus.SKIPPED, "offline"),
        recorded=recorded,
    )
    assert offline.outcome(AuthMethod.SPF) is AuthStatus.PASS
    assert offline.outcome(AuthMethod.DKIM) is AuthStatus.PASS
    assert offline.outcome(AuthMethod.ARC) is None  # not checked, nobody recorded it
    ours = AuthSummary(spf=SpfResult(AuthStatus.FAIL, "fail"), recorded=recorded)
    assert ours.outcome(AuthMethod.SPF) is AuthStatus.FAIL
    assert ours.outcome(AuthMethod.DKIM) is AuthStatus.NONE  # unsigned: a checked fact
