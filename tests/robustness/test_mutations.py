"""Property: whatever is done to a real message, the analysis returns a Report in bounded time,
without an internal error (a crashed stage).

Mutations: truncation, duplicated header lines, invalid bytes, deep MIME nesting, absurd
folding, random header names and values. Seeds are our own messages, the bundled samples and
a few messages of ../shared/corpus/dev when it is present.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.model.message import ReadError
from inspector.parse.sources import iter_messages
from inspector.report.client import render_html
from tests.robustness.support import analyze, internal_errors, seed_messages

SEEDS = tuple(seed_messages())
TIME_BOUND_S = 15.0  # one analysis, offline, on a 2-core machine under a full test run


def _header_end(raw: bytes) -> int:
    for sep in (b"\r\n\r\n", b"\n\n"):
        pos = raw.find(sep)
        if pos != -1:
            return pos
    return len(raw)


def truncate(raw: bytes, at: int) -> bytes:
    return raw[: at % (len(raw) + 1)]


def duplicate_headers(raw: bytes, at: int, times: int) -> bytes:
    head_end = _header_end(raw)
    lines = raw[:head_end].split(b"\n")
    line = lines[at % len(lines)]
    lines[at % len(lines) : at % len(lines)] = [line] * times
    return b"\n".join(lines) + raw[head_end:]


def insert_bytes(raw: bytes, at: int, junk: bytes) -> bytes:
    pos = at % (len(raw) + 1)
    return raw[:pos] + junk + raw[pos:]


def nest_mime(raw: bytes, depth: int) -> bytes:
    """Wrap the whole message ``depth`` times in multipart/mixed (a message/rfc822 chain)."""
    out = raw
    for n in range(depth):
        boundary = b"b%d" % n
        out = (
            b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="
            + boundary
            + b"\r\n\r\n--"
            + boundary
            + b"\r\nContent-Type: message/rfc822\r\n\r\n"
            + out
            + b"\r\n--"
            + boundary
            + b"--\r\n"
        )
    return out


def fold_absurdly(raw: bytes, every: int) -> bytes:
    head_end = _header_end(raw)
    head = raw[:head_end]
    step = max(1, every)
    folded = b"\r\n ".join(head[i : i + step] for i in range(0, len(head), step))
    return folded + raw[head_end:]


def random_header(raw: bytes, name: bytes, value: bytes) -> bytes:
    return name + b": " + value + b"\r\n" + raw


JUNK = st.sampled_from(
    [
        b"\x00",
        b"\xff\xfe",
        b"\x80\x81\x82",
        b"\r",
        b"\n",
        b"\x1b[31m",
        b"=?",
        b"?=",
        b"--",
        b"\xed\xa0\x80",
        b"\r\n\r\n",
        b"<script>",
        b"\t" * 50,
        b"=\r\n",
        b"\xc3",
    ]
)
OPS = st.one_of(
    st.tuples(st.just("truncate"), st.integers(0, 10**6)),
    st.tuples(st.just("duplicate"), st.integers(0, 500), st.integers(1, 300)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), JUNK),
    st.tuples(st.just("nest"), st.integers(1, 120)),
    st.tuples(st.just("fold"), st.integers(1, 40)),
    st.tuples(
        st.just("header"),
        st.binary(min_size=0, max_size=40),
        st.binary(min_size=0, max_size=400),
    ),
)


def apply(raw: bytes, op: tuple[object, ...]) -> bytes:
    kind, *args = op
    if kind == "truncate":
        return truncate(raw, int(args[0]))  # type: ignore[call-overload]
    if kind == "duplicate":
        return duplicate_headers(raw, int(args[0]), int(args[1]))  # type: ignore[call-overload]
    if kind == "insert":
        return insert_bytes(raw, int(args[0]), bytes(args[1]))  # type: ignore[call-overload,arg-type]
    if kind == "nest":
        return nest_mime(raw, int(args[0]))  # type: ignore[call-overload]
    if kind == "fold":
        return fold_absurdly(raw, int(args[0]))  # type: ignore[call-overload]
    return random_header(raw, bytes(args[0]), bytes(args[1]))  # type: ignore[call-overload]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(seed=st.integers(0, len(SEEDS) - 1), ops=st.lists(OPS, min_size=1, max_size=4))
def test_mutated_message_gives_a_report(seed: int, ops: list[tuple[object, ...]]) -> None:
    raw = SEEDS[seed]
    for op in ops:
        raw = apply(raw, op)
    report, seconds = analyze(raw)
    assert internal_errors(report) == [], (ops, report.errors)
    assert seconds < TIME_BOUND_S, (ops, seconds)
    assert report.source.path == "<robustness>"
    html = render_html([report])  # the writer sees the same hostile values
    assert "<script" not in html.lower()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seeds=st.lists(st.integers(0, len(SEEDS) - 1), min_size=1, max_size=5),
    ops=st.lists(OPS, max_size=3),
)
def test_mutated_mbox_is_read_without_exceptions(
    tmp_path_factory: pytest.TempPathFactory, seeds: list[int], ops: list[tuple[object, ...]]
) -> None:
    """The mbox reader on a mailbox whose bytes were mutated as a whole (separators cut,
    junk inserted): every item is a message or a ReadError line, never an exception."""
    data = b"".join(
        b"From someone@x.test Mon Mar  3 10:00:00 2025\n" + SEEDS[i] + b"\n" for i in seeds
    )
    for op in ops:
        data = apply(data, op)
    path = tmp_path_factory.mktemp("mbox") / "box.mbox"
    path.write_bytes(data)
    started = time.perf_counter()
    items = list(iter_messages([str(path)]))
    assert time.perf_counter() - started < TIME_BOUND_S
    for item in items:
        assert isinstance(item, ReadError) or isinstance(item[1], bytes)


def test_every_seed_analyses_cleanly() -> None:
    """The unmutated seeds themselves: a failure here is not a mutation's fault."""
    assert len(SEEDS) >= 3
    for raw in SEEDS:
        report, _ = analyze(raw)
        assert internal_errors(report) == []
