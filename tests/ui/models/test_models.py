"""Every model passes Qt's model tester (DESIGN habit 7)."""

from __future__ import annotations

from tests.support.reports import sample_report
from ui.models.details import FindingFilterProxy, findings_model, headers_model, hops_model
from ui.models.message_filter import MessageFilterProxy
from ui.models.message_table import MessageRow, MessageTableModel


def _rows() -> list[MessageRow]:
    return [MessageRow.from_report(sample_report(f"Subject {i}")) for i in range(5)]


def test_message_table_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows(_rows())
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5


def test_message_filter_proxy(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = MessageTableModel()
    model.append_rows(_rows())
    proxy = MessageFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("subject 3")
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 1
    proxy.set_search("")
    proxy.set_filters(auth="dmarc:fail")
    assert proxy.rowCount() == 5
    proxy.set_filters(auth="dmarc:pass")
    assert proxy.rowCount() == 0


def test_detail_models(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    report = sample_report()
    for make, items in (
        (findings_model, report.findings),
        (headers_model, report.headers),
        (hops_model, report.hops),
    ):
        model = make()
        model.set_items(items)  # type: ignore[arg-type]
        qtmodeltester.check(model, force_py=True)
        assert model.rowCount() == len(items)
    fmodel = findings_model()
    fmodel.set_items(report.findings)
    proxy = FindingFilterProxy()
    proxy.setSourceModel(fmodel)
    proxy.set_filter(min_rank=3, category="")
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 1
