"""A hop's value semantics: a frozen dataclass whatever builds it."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from inspector.model.codes import HopRole, IpScope
from inspector.model.route import Hop


def test_every_field_is_stored_and_unnamed_ones_take_their_defaults() -> None:
    fields = dataclasses.fields(Hop)
    hop = Hop(1, "from a.example")
    assert [f.name for f in fields][:2] == ["index", "raw"]
    for f in fields[2:]:
        assert getattr(hop, f.name) == f.default, f.name
    values = {f.name: f"v-{f.name}" for f in fields}
    assert dataclasses.asdict(Hop(**values)) == values  # type: ignore[arg-type]
    assert Hop(*values.values()) == Hop(**values)  # type: ignore[arg-type]


def test_hop_behaves_as_a_frozen_dataclass() -> None:
    hop = Hop(2, "from a.example", ip="192.0.2.1", ip_scope=IpScope.PUBLIC, id="x1")
    assert hop == Hop(
        index=2, raw="from a.example", ip="192.0.2.1", ip_scope=IpScope.PUBLIC, id="x1"
    )
    assert hash(hop) == hash(
        Hop(2, "from a.example", ip="192.0.2.1", ip_scope=IpScope.PUBLIC, id="x1")
    )
    assert hop != dataclasses.replace(hop, role=HopRole.RECIPIENT_ENTRY)
    assert dataclasses.replace(hop, boundary=True).boundary and not hop.boundary
    assert repr(hop).startswith("Hop(index=2, raw='from a.example', helo=None")
    assert pickle.loads(pickle.dumps(hop)) == hop
    with pytest.raises(dataclasses.FrozenInstanceError):
        hop.ip = "198.51.100.1"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Hop(1, "x", unknown=1)  # type: ignore[call-arg]
