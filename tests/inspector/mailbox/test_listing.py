"""A listed report keeps what the list row and the mailbox figures read, and drops the detail."""

from __future__ import annotations

import pickle

from inspector.mailbox.listing import ListedReport, listed, pickled_listing
from inspector.mailbox.stats import MailboxStats
from inspector.model.codes import SourceKind
from inspector.model.message import SourceRef
from inspector.options import AnalysisOptions
from inspector.pipeline import Analyzer
from tests.support.messages import make_message


def test_the_list_s_facts_survive_and_the_detail_does_not() -> None:
    with Analyzer(AnalysisOptions(offline=True)) as analyzer:
        full = analyzer.analyze(make_message(3), SourceRef("m.mbox", 3, SourceKind.MBOX))
    slim = listed(full).report
    assert (slim.source, slim.message, slim.summary) == (full.source, full.message, full.summary)
    assert (slim.auth, slim.sender, slim.findings, slim.bounce) == (
        full.auth,
        full.sender,
        full.findings,
        full.bounce,
    )
    assert full.headers and full.hops and not slim.headers and not slim.hops and not slim.dns
    whole, light = MailboxStats(), MailboxStats()
    whole.add(full)
    light.add(slim)
    assert light == whole
    sent = pickle.loads(pickled_listing(full))
    assert isinstance(sent, ListedReport) and sent.report == slim
    assert len(pickled_listing(full)) < len(pickle.dumps(full))
