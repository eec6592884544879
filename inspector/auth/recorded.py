"""What the trusted receiver recorded at receipt: its own Authentication-Results, read as
typed results per method.

The receiver checked SPF, DKIM and DMARC when the message arrived, with the DNS of that day
and the connecting IP it saw. Offline, or after keys rotated, that record is the best evidence
there is; it is shown beside our own checks and counted where ours could not run.
"""

from __future__ import annotations

from collections.abc import Iterable

from inspector.model.auth import ReceivedAuthResults, RecordedResult
from inspector.model.codes import AuthMethod, AuthStatus

# Result words receivers write that RFC 8601 does not define, with what they mean.
_SYNONYMS = {"hardfail": AuthStatus.FAIL, "bestguesspass": AuthStatus.PASS}
_IDENTITY_PROPS = ("header.d", "header.i", "smtp.mailfrom", "header.from", "smtp.helo")


def _status(result: AuthStatus | str) -> AuthStatus | None:
    if not isinstance(result, AuthStatus):
        return _SYNONYMS.get(result)
    return None if result is AuthStatus.SKIPPED else result


def recorded_results(received: Iterable[ReceivedAuthResults]) -> tuple[RecordedResult, ...]:
    """The trusted headers' results for the methods we also check, in header order."""
    out: list[RecordedResult] = []
    for header in received:
        if not header.trusted:
            continue
        for m in header.methods:
            try:
                method = AuthMethod(m.method.lower())
            except ValueError:
                continue
            status = _status(m.result)
            if status is None:
                continue
            props = dict(m.properties)
            identity = next((f"{k}={props[k]}" for k in _IDENTITY_PROPS if props.get(k)), "")
            out.append(RecordedResult(method, status, header.authserv_id, identity))
    return tuple(out)
