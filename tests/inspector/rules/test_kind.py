"""kind.* findings: the positive evidence of a list post and of a reply in a thread."""

from __future__ import annotations

from inspector.model.findings import Finding
from inspector.rules import kind as rules
from inspector.rules.registry import all_specs
from tests.inspector.intel.msgs import build, context, ids

RULES = (rules.list_post, rules.reply)
FROM = ("From", "Ann <ann@example.com>")
LIST = [("List-Id", "<dev.lists.example.org>"), ("List-Post", "<mailto:dev@lists.example.org>")]


def run(headers: list[tuple[str, str]]) -> dict[str, Finding]:
    return ids(RULES, context(build([FROM, *headers])))


def test_list_post() -> None:
    found = run(LIST)
    assert found["kind.list_post"].title == "Posted to a discussion list (lists.example.org)"
    assert found["kind.list_post"].severity.value == "info"
    assert run([]) == {}


def test_reply() -> None:
    found = run([*LIST, ("In-Reply-To", "<1@example.com>")])
    assert set(found) == {"kind.list_post", "kind.reply"}
    # a newsletter that sets In-Reply-To is still a newsletter
    assert run([("In-Reply-To", "<1@x>"), ("Precedence", "bulk")]) == {}


def test_ids_belong_to_this_module() -> None:
    mine = [s for s in all_specs() if s.id.startswith("kind.")]
    assert len(mine) == len(RULES)
