"""Plain MIME field values read without the stdlib must read exactly as the stdlib reads them,
and anything the plain reading is not sure of must be left to the stdlib."""

from __future__ import annotations

from email.message import Message
from email.utils import collapse_rfc2231_value

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.parse.mime_params import simple_content_type, simple_disposition


def _stdlib(value: str, field: str) -> tuple[str | None, dict[str, str]]:
    msg = Message()
    msg[field] = value
    head = msg.get_content_type() if field == "content-type" else msg.get_content_disposition()
    params: dict[str, str] = {}
    for name, param in msg.get_params(failobj=[], header=field)[1:]:
        params.setdefault(name.lower(), collapse_rfc2231_value(param))
    return head, params


def test_boundary_and_charset_read_as_the_stdlib_does() -> None:
    value = 'Multipart/Report; report-type=delivery-status;\tboundary="----=_Part_1;x"'
    assert simple_content_type(value) is None  # a semicolon inside quotes: the stdlib's job
    value = 'Multipart/Report; Report-Type=delivery-status;\tboundary="----=_Part_1.2/3"'
    assert simple_content_type(value) == (
        "multipart/report",
        {"report-type": "delivery-status", "boundary": "----=_Part_1.2/3"},
    )
    assert simple_content_type(value) == _stdlib(value, "content-type")


def test_values_unquoted_twice_like_the_stdlib() -> None:
    for value in ('text/plain; name="<a.txt>"', "text/plain; name=<b>", 'text/plain; a=""'):
        assert simple_content_type(value) == _stdlib(value, "content-type")


def test_first_of_a_repeated_parameter_wins() -> None:
    value = "text/plain; charset=utf-8; CHARSET=latin-1"
    assert simple_content_type(value) == ("text/plain", {"charset": "utf-8"})


def test_disposition_reads_its_word() -> None:
    value = 'Attachment; filename="report 1.pdf"; size=12'
    assert simple_disposition(value) == _stdlib(value, "content-disposition")


def test_uncertain_values_are_left_to_the_stdlib() -> None:
    for value in (
        "text/plain;",  # the stdlib reads an empty parameter
        "text/plain; name*=utf-8''%C3%A9",  # RFC 2231
        "text/plain; charset=utf-8\n",  # white space the stdlib strips
        'text/plain; name="a\\"b"',  # an escape
        "text/plain; name=été",
        "text",
        "text/plain/x",
        "",
    ):
        assert simple_content_type(value) is None, value


_PIECES = st.sampled_from(
    [
        "text/plain",
        "multipart/mixed",
        "attachment",
        ";",
        " ",
        "\t",
        "=",
        '"',
        "<",
        ">",
        "\\",
        "*",
        "/",
        "\r\n ",
        "\n",
        "charset",
        "boundary",
        "name",
        "utf-8",
        "----=_Part_7",
        "a b",
        "é",
        "(",
        ",",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_same_reading_as_the_stdlib_whenever_taken(pieces: list[str]) -> None:
    value = "".join(pieces)
    typed = simple_content_type(value)
    if typed is not None:
        assert typed == _stdlib(value, "content-type")
    disposed = simple_disposition(value)
    if disposed is not None:
        assert disposed == _stdlib(value, "content-disposition")
