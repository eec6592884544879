"""MIME field values of the common plain form, ``type/subtype; name=value; boundary="..."``,
read without building a stdlib Message: a multipart's boundary is unique to its message, so
its Content-Type misses every cache and the stdlib parser would read it from scratch.

Only values whose reading by the stdlib's compat32 parameter parser is certain are taken:
ASCII, one ``/`` in the type, parameter names of word characters (no RFC 2231 ``*``),
values quoted without backslashes, quotes or semicolons inside, or unquoted without
white space, control characters, quotes or semicolons; blanks and tabs around them only.
The stdlib unquotes such a value twice (once decoding parameters, once collapsing RFC 2231
values), so it is unquoted twice here too. Anything else is None, and the caller asks the stdlib.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.utils import unquote
from types import MappingProxyType
from typing import NamedTuple

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_TYPE = re.compile(rf"[ \t]*({_TOKEN}/{_TOKEN})[ \t]*")
_DISPOSITION = re.compile(rf"[ \t]*({_TOKEN})[ \t]*")
_PARAM = re.compile(r';[ \t]*([0-9A-Za-z_-]+)[ \t]*=[ \t]*("[^"\\;]*"|[^"\\;\x00-\x20\x7f]+)[ \t]*')


class MimeFacts(NamedTuple):
    """What a part's MIME fields say, as the stdlib's Message getters read them."""

    content_type: str
    disposition: str | None
    type_params: Mapping[str, str]
    disposition_params: Mapping[str, str]
    transfer_encoding: str


def plain_mime_facts(values: tuple[str | None, str | None, str | None]) -> MimeFacts | None:
    """The MIME facts of plain values (``mime_params``) without a stdlib Message; None when
    a value is not plain."""
    content_type, disposition, encoding = values
    if content_type is None or (encoding is not None and not encoding.isascii()):
        return None
    ct = simple_content_type(content_type)
    cd = simple_disposition(disposition) if disposition is not None else ("", {})
    if ct is None or cd is None:
        return None
    return MimeFacts(
        ct[0],
        cd[0] if disposition is not None else None,
        MappingProxyType(ct[1]),
        MappingProxyType(cd[1]),
        (encoding if encoding is not None else "7bit").strip().lower(),
    )


def simple_content_type(value: str) -> tuple[str, dict[str, str]] | None:
    """(lowered type, parameters by lowered name, first one kept) of a plain Content-Type
    value, as the stdlib's get_content_type and get_params read it; None for any other."""
    return _simple_field(value, _TYPE)


def simple_disposition(value: str) -> tuple[str, dict[str, str]] | None:
    """The same for a Content-Disposition value, as get_content_disposition reads it."""
    return _simple_field(value, _DISPOSITION)


def _simple_field(value: str, head_form: re.Pattern[str]) -> tuple[str, dict[str, str]] | None:
    if not value.isascii():
        return None
    head = head_form.match(value)
    if head is None:
        return None
    params: dict[str, str] = {}
    pos = head.end()
    end = len(value)
    while pos < end:
        found = _PARAM.match(value, pos)
        if found is None:
            return None
        key = found.group(1).lower()
        if key not in params:
            params[key] = unquote(unquote(found.group(2)))
        pos = found.end()
    return head.group(1).lower(), params
