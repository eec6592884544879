"""The HTML tokenizer: the tokens html.parser gives on real mail, in linear time on hostile
markup (the stdlib parser rescans the rest of the input at every "<" of such inputs)."""

from __future__ import annotations

import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from inspector.parse.html_tokens import MAX_ATTRIBUTES, EndTag, StartTag, Text, Token, tokenize
from inspector.parse.message import parse_message

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "dev"
Event = tuple[object, ...]


def events(tokens: list[Token]) -> list[Event]:
    """Tokens as html.parser reports them: adjacent text joined, "<br/>" also ends the tag."""
    out: list[Event] = []
    for token in tokens:
        if isinstance(token, Text):
            if out and out[-1][0] == "text":
                out[-1] = ("text", str(out[-1][1]) + token.data)
            elif token.data:
                out.append(("text", token.data))
        elif isinstance(token, StartTag):
            out.append(("start", token.name, token.attrs))
            if token.self_closing:
                out.append(("end", token.name))
        else:
            out.append(("end", token.name))
    return out


class _Reference(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(StartTag(tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(EndTag(tag))

    def handle_data(self, data: str) -> None:
        self.tokens.append(Text(data))


def reference(markup: str) -> list[Event]:
    parser = _Reference()
    parser.feed(markup)
    parser.close()
    return events(parser.tokens)


def test_tags_attributes_and_text() -> None:
    markup = '<A HREF="x>y" b=c/ d>T&amp;x</a ><img src=/p.gif/><br/>'
    assert list(tokenize(markup)) == [
        StartTag("a", (("href", "x>y"), ("b", "c/"), ("d", None))),
        Text("T&x"),
        EndTag("a"),
        StartTag("img", (("src", "/p.gif/"),)),
        StartTag("br", (), self_closing=True),
    ]


def test_comments_declarations_and_stray_brackets() -> None:
    markup = "<!DOCTYPE html><!-- <a href=x> -->a<!-->b<!--->c<?pi?>d</>e</3x>f < g <"
    assert "".join(t.data for t in tokenize(markup) if isinstance(t, Text)) == "abcdef < g <"
    assert not [t for t in tokenize(markup) if not isinstance(t, Text)]


def test_script_and_style_content_is_text() -> None:
    tokens = list(tokenize("<script>if (a<b) x='<a href=y>'</script ><p>"))
    assert tokens == [
        StartTag("script", ()),
        Text("if (a<b) x='<a href=y>'"),
        EndTag("script"),
        StartTag("p", ()),
    ]


@pytest.mark.parametrize(
    "markup",
    ['<a href="never closed', "<a href=x", "<!-- never closed <a href=x>", "<!doctype"],
)
def test_input_ending_inside_markup_drops_the_rest(markup: str) -> None:
    assert [t for t in tokenize("before" + markup) if not isinstance(t, Text)] == []
    unread = tokenize("before" + markup, frozenset({"img"}))
    assert [t for t in unread if not isinstance(t, Text)] == []


def _unread_attributes(tokens: list[Token], wanted: frozenset[str]) -> list[Token]:
    """The tokens with the attributes of the start tags not in ``wanted`` left out."""
    return [
        t._replace(attrs=()) if isinstance(t, StartTag) and t.name not in wanted else t
        for t in tokens
    ]


def test_tags_not_asked_for_are_read_past_without_their_attributes() -> None:
    markup = (
        '<td style="a>b" x = y/><a href=x title=\'<p>\'>A</a><br x /><td a= >t</td a="b>c">'
        '<img src=i.png><p a=b/>e</p><td x="unclosed>tail'
    )
    wanted = frozenset({"a", "img"})
    assert list(tokenize(markup, wanted)) == _unread_attributes(list(tokenize(markup)), wanted)
    assert list(tokenize(markup, wanted))[:3] == [
        StartTag("td", (), self_closing=False),
        StartTag("a", (("href", "x"), ("title", "<p>"))),
        Text("A"),
    ]
    assert StartTag("br", (), self_closing=True) in tokenize(markup, wanted)
    assert Text("t") in tokenize(markup, wanted)


def test_only_the_tags_asked_for_are_yielded_when_told_so() -> None:
    markup = (
        "<div class=x>a<a href=u>b<span>c</span><!-- <a href=v> --></a>"
        "<script>x='<a href=w>'</script><td x='<a href=z>'>d</td><img src=i>e"
    )
    wanted = frozenset({"a", "img"})
    every = [t for t in tokenize(markup, wanted) if isinstance(t, Text) or t.name in wanted]
    assert list(tokenize(markup, wanted, only_those=True)) == every
    assert every == [
        Text("a"),
        StartTag("a", (("href", "u"),)),
        Text("b"),
        Text("c"),
        EndTag("a"),
        Text("x='<a href=w>'"),
        Text("d"),
        StartTag("img", (("src", "i"),)),
        Text("e"),
    ]


def test_text_runs_come_only_while_the_reader_asks_for_them() -> None:
    markup = "x &amp; y<a href=u>in <b>bold</b></a> out<script>s</script>end"
    tokens = tokenize(markup, text=False)
    seen: list[Token] = []
    try:
        token = next(tokens)
        while True:
            seen.append(token)
            inside = isinstance(token, StartTag) and token.name == "a"
            after = isinstance(token, EndTag) and token.name == "a"
            token = tokens.send(True if inside else False if after else None)
    except StopIteration:
        pass
    assert seen == [
        StartTag("a", (("href", "u"),)),
        Text("in "),
        StartTag("b", ()),
        Text("bold"),
        EndTag("b"),
        EndTag("a"),
        StartTag("script", ()),
        EndTag("script"),
    ]


def test_attributes_kept_per_tag_are_capped() -> None:
    (tag, after) = list(tokenize("<a " + "x=1 " * 10_000 + "href=z>after"))
    assert isinstance(tag, StartTag) and len(tag.attrs) == MAX_ATTRIBUTES
    assert after == Text("after")


def test_same_events_as_html_parser_on_ordinary_markup() -> None:
    markup = (
        "<html><head><title>T &lt;1&gt;</title><style>p{color:red}</style></head>"
        '<body><p class=x>Hello <a href="https://a.example/?a=1&amp;b=2">A &amp; B</a>'
        "<!--[if mso]><table><![endif]--><img src='i.png' alt=\"\"><br/><input disabled>"
        "</body></html>"
    )
    assert events(list(tokenize(markup))) == reference(markup)


def _html_bodies() -> list[str]:
    if not CORPUS.is_dir():
        return []
    bodies = []
    for path in sorted(CORPUS.rglob("*.eml")):
        html = parse_message(path.read_bytes()).html_body
        if html:
            bodies.append(html)
    return bodies


def test_same_events_as_html_parser_on_the_dev_corpus() -> None:
    bodies = _html_bodies()
    if not bodies:
        pytest.skip("../shared/corpus/dev is not beside this checkout (third-party corpus)")
    differing = [
        i for i, html in enumerate(bodies) if events(list(tokenize(html))) != reference(html)
    ]
    assert differing == [], f"{len(differing)} of {len(bodies)} HTML bodies tokenized differently"


def test_reading_past_attributes_changes_nothing_else_on_the_dev_corpus() -> None:
    bodies = _html_bodies()
    if not bodies:
        pytest.skip("../shared/corpus/dev is not beside this checkout (third-party corpus)")
    wanted = frozenset({"a", "img"})
    differing = [
        i
        for i, html in enumerate(bodies)
        if list(tokenize(html, wanted)) != _unread_attributes(list(tokenize(html)), wanted)
    ]
    assert differing == [], f"{len(differing)} of {len(bodies)} HTML bodies tokenized differently"


HOSTILE: dict[str, Callable[[int], str]] = {
    "'<s' repeated": lambda n: "<s" * n,
    "'<' repeated": lambda n: "<" * n,
    "'<!--' repeated": lambda n: "<!--" * n,
    "unclosed comment": lambda n: "<!--" + "-" * n,
    "unclosed quotes": lambda n: '<a href="x' * n,
    "attributes without quotes": lambda n: "<a href=x b=y c " * n,
    "'</a' repeated": lambda n: "</a" * n,
    "'<!x' repeated": lambda n: "<!x" * n,
    "deep nesting": lambda n: "<div><a href=https://e.example/>" * n,
    "unclosed script": lambda n: "<script>" + "</scrip" * n,
    "one huge tag": lambda n: "<a " + "x=1 " * n,
}


def _seconds(markup: str, wanted: frozenset[str] | None) -> float:
    started = time.perf_counter()
    for _ in tokenize(markup, wanted):
        pass
    return time.perf_counter() - started


@pytest.mark.parametrize("wanted", [None, frozenset({"img"})], ids=["all", "img only"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_time_grows_linearly_on_hostile_markup(name: str, wanted: frozenset[str] | None) -> None:
    """Four times the input (50,000 -> 200,000 characters) may take four times as long;
    quadratic would take sixteen. The bound allows 10x (noise on a shared machine) above a
    floor of 50 ms. html.parser takes 26 s on 200 KB of "<s". Tags whose attributes are
    not asked for are read past by another path, timed too."""
    make = HOSTILE[name]
    small = min(_seconds(make(50_000)[:50_000], wanted) for _ in range(2))
    large = min(_seconds(make(200_000)[:200_000], wanted) for _ in range(2))
    assert large < 10 * max(small, 0.005) + 0.05, (name, small, large)
