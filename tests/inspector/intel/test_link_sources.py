"""Where links are found: URLs in plain text (any case, at a word boundary, whatever else the
text holds) and the link-bearing tags of HTML."""

from __future__ import annotations

import pytest

from inspector.intel.link_sources import links_in_html, links_in_text

_TEXT = (
    "Visit HTTPS://A.example/x, or hTtP://b.example/y. Not xhttp://c.example nor "
    "_www.d.example; but (www.e.example) and http:// alone is nothing."
)
_FOUND = ["HTTPS://A.example/x", "hTtP://b.example/y", "www.e.example"]


@pytest.mark.parametrize(
    "extra",
    ["", " caf\u00e9", " \u0130stanbul", " Stra\u00dfe \u212a"],
    ids=["ascii", "accented", "lower-casing lengthens", "sharp s and kelvin"],
)
def test_urls_in_text_in_any_case_at_word_boundaries(extra: str) -> None:
    """Text whose lower case is longer (dotted capital I) is read the same way."""
    assert [link.url for link in links_in_text(_TEXT + extra)] == _FOUND
    assert [link.url for link in links_in_text(extra + " " + _TEXT)] == _FOUND


def test_long_s_reads_as_s_in_a_url_scheme() -> None:
    """Ignoring case, U+017F (long s) matches "s": such a scheme is a link as it always was."""
    assert [link.url for link in links_in_text("go to http\u017f://f.example now")] == [
        "http\u017f://f.example"
    ]


def test_html_links_whatever_the_other_tags_carry() -> None:
    markup = (
        "<table style=\"a>b\" title='<a href=x>'><tr><td class=c/>"
        '<a href="https://g.example/" title=t>Go &amp; see</a>'
        '<img src="https://h.example/p.gif" width=1 height=1><td x="unclosed>'
    )
    found = [(link.url, link.source, link.text, link.pixel) for link in links_in_html(markup)]
    assert found == [
        ("https://g.example/", "html", "Go & see", False),
        ("https://h.example/p.gif", "img", "", True),
    ]
