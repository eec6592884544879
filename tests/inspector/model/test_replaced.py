"""replaced: the same object dataclasses.replace would build, still frozen, the original
untouched, and no names but fields nor classes it cannot copy accepted."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime

import pytest

from inspector.model.codes import HopRole, IpScope, VerdictParty
from inspector.model.replaced import replaced
from inspector.model.route import Hop
from inspector.model.verdicts import Verdict

PARSED = Hop(
    index=2,
    raw="from mx.example.com ([192.0.2.7]) by mail.example.org; Tue, 1 Dec 2026 10:00:00 +0000",
    helo="mx.example.com",
    ip="192.0.2.7",
    ip_scope=IpScope.DOCUMENTATION,
    by="mail.example.org",
    timestamp=datetime(2026, 12, 1, 10, tzinfo=UTC),
)


def test_replaced_equals_dataclasses_replace() -> None:
    made = replaced(PARSED, delay_seconds=-3.0, clock_skew=True, role=HopRole.ORIGIN)
    assert made == dataclasses.replace(
        PARSED, delay_seconds=-3.0, clock_skew=True, role=HopRole.ORIGIN
    )
    assert type(made) is Hop
    assert list(vars(made)) == [f.name for f in dataclasses.fields(Hop)]
    assert pickle.loads(pickle.dumps(made)) == made
    assert PARSED.role is None and PARSED.delay_seconds is None  # the original is untouched
    verdict = Verdict(filter="spamassassin", header="X-Spam-Status", fields=(), decision="ham")
    credited = replaced(verdict, hop=1, party=VerdictParty.RECIPIENT, position=4)
    assert credited == dataclasses.replace(verdict, hop=1, party=VerdictParty.RECIPIENT, position=4)


def test_replaced_keeps_the_object_frozen() -> None:
    made = replaced(PARSED, internal=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.internal = False  # type: ignore[misc]


def test_replaced_refuses_other_names_and_classes() -> None:
    with pytest.raises(TypeError, match="delay"):
        replaced(PARSED, delay=1.0)

    @dataclasses.dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    with pytest.raises(TypeError, match="plain dataclass"):
        replaced(Checked(1), value=-1)
    with pytest.raises(TypeError):
        replaced("text", value=1)
