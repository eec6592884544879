"""Campaigns among the phishing messages of the dev corpus, so cross-validation keeps a whole
campaign out of the training folds (issue 14).

One sender sending many near-identical messages (the Microsoft 365 tenant campaign is 20 of
the 82 Junk messages) would otherwise sit in every fold: the fit would learn its quirks and
the held-out figure would reward that, while mail we never see comes from other campaigns.

Two messages belong to the same campaign when they share the organisational domain of the
From address (free webmail aside: its users are not one sender), or the template of their
Message-ID: the shape of its left-hand side (letters as ``a``, digits as ``9``, runs
collapsed) when it carries at least two kinds of separator, the mark of one bulk tool's
generator rather than a random token. Campaigns are the connected components of those links.
The key is read from the original headers by ``bench/eval.py``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses

from inspector.auth.orgdomain import org_domain
from inspector.intel.brands import is_free_webmail

_LETTERS = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"[0-9]+")
_RUNS = re.compile(r"(.)\1+")
TEMPLATE_LENGTH = 12


def message_id_template(message_id: str) -> str | None:
    """The generator's template of a Message-ID, or None when it looks like a plain token."""
    left = message_id.strip().strip("<>").partition("@")[0]
    shape = _RUNS.sub(r"\1", _DIGITS.sub("9", _LETTERS.sub("a", left)))[:TEMPLATE_LENGTH]
    separators = {c for c in shape if c not in "a9"}
    return shape if len(separators) >= 2 and len(shape) == TEMPLATE_LENGTH else None


def campaign_marks(raw: bytes) -> list[str]:
    """The keys that link a message to others of its campaign (From's organisational
    domain, Message-ID template)."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
    marks: list[str] = []
    addresses = getaddresses([str(v) for v in headers.get_all("From", [])])
    domains = [a.rpartition("@")[2].strip().strip(">").lower() for _, a in addresses if "@" in a]
    if domains and domains[0] and not is_free_webmail(domains[0]):
        marks.append("from:" + org_domain(domains[0]))
    template = message_id_template(str(headers.get("Message-ID", "")))
    if template:
        marks.append("mid:" + template)
    return marks


def campaigns(marks: Sequence[Sequence[str]]) -> list[int]:
    """The campaign number of each message: messages sharing a mark are one campaign."""
    parent = list(range(len(marks)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, keys in enumerate(marks):
        for key in keys:
            if key in first:
                parent[root(i)] = root(first[key])
            else:
                first[key] = i
    return [root(i) for i in range(len(marks))]
