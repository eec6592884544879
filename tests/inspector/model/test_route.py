"""hop_with: the same hop dataclasses.replace would build, and no other names accepted."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime

import pytest

from inspector.model.codes import HopRole, IpScope
from inspector.model.route import Hop, hop_with

PARSED = Hop(
    index=2,
    raw="from mx.example.com ([192.0.2.7]) by mail.example.org; Tue, 1 Dec 2026 10:00:00 +0000",
    helo="mx.example.com",
    ip="192.0.2.7",
    ip_scope=IpScope.DOCUMENTATION,
    by="mail.example.org",
    timestamp=datetime(2026, 12, 1, 10, tzinfo=UTC),
)


def test_hop_with_equals_replace() -> None:
    changes = {"delay_seconds": -3.0, "clock_skew": True, "boundary": True, "role": HopRole.ORIGIN}
    made = hop_with(PARSED, **changes)
    assert made == dataclasses.replace(PARSED, **changes)  # type: ignore[arg-type]
    assert list(vars(made)) == [f.name for f in dataclasses.fields(Hop)]
    assert pickle.loads(pickle.dumps(made)) == made
    assert PARSED.role is None and PARSED.delay_seconds is None  # the original is untouched


def test_hop_with_keeps_the_hop_frozen() -> None:
    made = hop_with(PARSED, internal=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.internal = False  # type: ignore[misc]


def test_hop_with_refuses_other_names() -> None:
    with pytest.raises(TypeError, match="delay"):
        hop_with(PARSED, delay=1.0)
