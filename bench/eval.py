"""``make eval``: how well does the tool's judgement separate spam from legitimate mail?

Issue 14. Every message of the dev corpus (../shared/corpus/dev: eml files, mboxes and Maildir
folders, enumerated by ``inspector.parse.sources``) is copied with the receivers' verdicts removed
(``RECEIVER_VERDICT_HEADERS``), then analysed offline by the project's pipeline, exactly as
``main.py analyze --offline`` would. What is measured:

- AUC of the overall risk (low < medium < high < critical) for spam/phishing against legitimate
  mail, and for Junk against Inbox among the phishing_pot messages (Mann-Whitney, ties 1/2);
- the share of legitimate messages, and of mailing-list messages, rated high or worse;
- the top-reason distribution (the first ranked reason of each message, top 15).

Classes come from the corpus manifest (the origin of every file): spam = phishing_pot and the
SpamAssassin 2002 spam folders; legitimate = SpamAssassin 2002 ham (easy and hard) and the
linux-mailinglist-archives list mail (eml, mbox and Maildir); bounces, mail-parser's test mails
and the DMARC report samples are analysed but left out of the spam-vs-legitimate figures.
"Junk" is read from each phishing_pot message's ORIGINAL headers (before stripping), as the
issue defines it: Microsoft's filter scored it SCL >= 5 (X-Forefront-Antispam-Report or
X-MS-Exchange-Organization-SCL) or filed it with dest:J; "Inbox" is a recorded SCL below 5. A
second line reads the final folder instead, where the recipient's safe-senders list has moved
some messages the filter scored as spam into the Inbox (``bench.verdict_headers.junk_label``).

When SpamAssassin is installed (``spamd``/``spamc``, else ``spamassassin``), the same stripped
copies are scored with local tests only (-L: no DNS, no network; Bayes, auto-learn and the
auto-welcome list switched off so the order of messages cannot matter) and its AUCs are printed
beside ours. Installing it is an evaluation step only (``apt-get install spamassassin spamc``);
CI never needs it. SpamAssassin scores are cached by message hash in the results file, so a
second run only re-scores messages whose stripped bytes changed.

Per-message results (path, class, junk label, finding ids, risk, SpamAssassin score and rules)
go to a JSON file (default bench/results/eval-messages.json) that the fitting step reads.

Run: ``.venv/bin/python bench/eval.py [--corpus DIR] [--out FILE] [--no-sa] [--workers 2]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _find_root() -> Path:
    """The checkout: this file's grandparent as bench/eval.py, else $INSPECTOR_ROOT or cwd."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here, Path(os.environ.get("INSPECTOR_ROOT", ".")).resolve()):
        if (candidate / "inspector" / "pipeline.py").is_file():
            return candidate
    return Path.cwd()


ROOT = _find_root()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.campaigns import campaign_marks  # noqa: E402
from bench.judgement_stats import auc, fmt_auc, share  # noqa: E402
from bench.spamassassin import SpamAssassin, sa_available, sa_cache, sa_version  # noqa: E402
from bench.verdict_headers import (  # noqa: E402
    RECEIVER_VERDICT_HEADERS,
    JunkLabel,
    junk_label,
    residual_verdict_headers,
    strip_verdicts,
)
from inspector.diagnosis import rank_findings  # noqa: E402
from inspector.model.codes import VerdictParty  # noqa: E402
from inspector.model.message import ReadError  # noqa: E402
from inspector.model.report import Report  # noqa: E402
from inspector.options import AnalysisOptions  # noqa: E402
from inspector.parse.sources import iter_messages  # noqa: E402
from inspector.score import counts_for_score, is_outcome  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
DEFAULT_OUT = ROOT / "bench" / "results" / "eval-messages.json"
RISK_ORDER = {"low": 0, "medium": 1, "high": 2, "critical": 3}
SPAM_KINDS = ("phishing", "sa_spam")
LEGIT_KINDS = ("sa_ham", "list")
SA_REQUIRED = 5.0
OUTCOME_IDS = ("verdicts.", "authres.", "bounce.")
CAME_BACK = ("bounce", "feedback_report", "auto_reply")

# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Origin:
    kind: str  # phishing, sa_spam, sa_ham, list, bounce, mailparser, report, unknown
    folder: str  # stratum for cross-validation: the corpus folder (and sub-folder)


def load_manifest(corpus: Path) -> dict[str, Origin]:
    """file (relative to the corpus) -> its origin, from manifest.csv."""
    out: dict[str, Origin] = {}
    with (corpus / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            group, repo, src = row["group"], row["source_repo"], row["source_path"]
            if group.startswith("phishing_pot"):
                kind, folder = "phishing", group
            elif group.startswith("spamassassin"):
                sub = src.split("/")[1] if "/" in src else src
                kind = "sa_spam" if sub.startswith("spam") else "sa_ham"
                folder = f"{group}/{sub}"
            elif repo.startswith("linux-mailinglist-archives/"):
                kind, folder = "list", f"{group}/{repo.split('/', 1)[1]}"
            elif repo.startswith("sisimai/"):
                kind, folder = "bounce", group
            elif group.startswith("mailparser"):
                kind, folder = "mailparser", group
            elif group.startswith("extras"):
                kind, folder = "report", group
            else:
                kind, folder = "unknown", group
            out[row["file"]] = Origin(kind, folder)
    return out


def class_of(kind: str) -> str:
    if kind in SPAM_KINDS:
        return "spam"
    if kind in LEGIT_KINDS:
        return "legit"
    return "excluded"


# --------------------------------------------------------------------------- analysis (workers)

_ANALYZER: Any = None


def _worker_init() -> None:
    global _ANALYZER
    from inspector.pipeline import Analyzer

    _ANALYZER = Analyzer(AnalysisOptions(offline=True, intel=True, rdap=False))


def _analyse(job: tuple[str, int, str, int, int, bytes]) -> dict[str, Any]:
    from inspector.model.codes import SourceKind
    from inspector.model.message import SourceRef

    path, index, kind, offset, length, data = job
    ref = SourceRef(path, index, SourceKind(kind), offset, length)
    report: Report = _ANALYZER.analyze(data, ref)
    ranked = rank_findings(report.findings)
    # the score's features: outcome findings stay in (the fit excludes them by name), findings
    # a rule lowered to info for this message do not
    ids = list(dict.fromkeys(f.id for f in ranked if counts_for_score(f) or is_outcome(f)))
    return {
        "findings": ids,
        "severities": {f.id: f.severity.value for f in ranked},
        "risk": report.summary.risk.value,
        "score": report.summary.score,
        "message_kind": report.evidence.kind.kind.value,
        "top_reasons": list(report.summary.top_reasons),
        "errors": list(report.errors),
        # must be 0: the stripping missed a receiver's verdict (a verdict the analysis credits
        # to the sender, such as its provider's outbound scan, came with the message)
        "verdicts_left": sum(1 for v in report.verdicts if v.party is not VerdictParty.SENDER),
    }


# --------------------------------------------------------------------------- run


def collect(corpus: Path) -> Iterator[tuple[dict[str, Any], bytes]]:
    """Every message of the corpus as (record without analysis, stripped bytes)."""
    origins = load_manifest(corpus)
    for item in iter_messages([str(corpus)]):
        if isinstance(item, ReadError):
            rel = os.path.relpath(item.path, corpus)
            if not rel.startswith("extras"):  # DMARC/TLS report samples: XML, zip, gzip
                print(f"warning: {item.path}: {item.message}", file=sys.stderr)
            continue
        ref, raw = item
        rel = os.path.relpath(ref.path, corpus)
        origin = origins.get(rel, Origin("unknown", rel.split(os.sep, 1)[0]))
        stripped, removed = strip_verdicts(raw)
        label = junk_label(raw) if origin.kind == "phishing" else JunkLabel(None, None, "")
        record: dict[str, Any] = {
            "path": rel if ref.kind != "mbox" else f"{rel}#{ref.index}",
            "kind": origin.kind,
            "class": class_of(origin.kind),
            "folder": origin.folder,
            "junk": label.junk,
            "folder_junk": label.folder_junk,
            "ms_evidence": label.evidence,
            # cross-validation keeps a campaign's messages in one fold (bench/campaigns.py)
            "campaign_marks": campaign_marks(raw) if origin.kind == "phishing" else [],
            "stripped_fields": removed,
            "sha256": hashlib.sha256(stripped).hexdigest(),
            "_ref": (ref.path, ref.index, ref.kind, ref.offset, ref.length),
        }
        yield record, stripped


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="per-message results (JSON)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-sa", action="store_true", help="do not run SpamAssassin")
    ap.add_argument("--no-bounces", action="store_true", help="skip the Sisimai agreement")
    args = ap.parse_args(argv)
    corpus: Path = args.corpus.resolve()
    if not (corpus / "manifest.csv").is_file():
        print(f"error: no corpus at {corpus} (give --corpus)", file=sys.stderr)
        return 2

    t0 = time.monotonic()
    records: list[dict[str, Any]] = []
    blobs: list[bytes] = []
    for record, data in collect(corpus):
        records.append(record)
        blobs.append(data)
    t_read = time.monotonic() - t0

    t0 = time.monotonic()
    jobs = [(*r["_ref"], b) for r, b in zip(records, blobs, strict=True)]
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(max(1, args.workers), initializer=_worker_init) as pool:
        for record, result in zip(records, pool.imap(_analyse, jobs, chunksize=8), strict=True):
            record.update(result)
    t_analyse = time.monotonic() - t0

    # SpamAssassin, with scores cached by the hash of the stripped bytes (kept across runs
    # that skip it, so --no-sa never throws the cache away)
    cached, sa_name = sa_cache(args.out)
    t_sa = 0.0
    if not args.no_sa and sa_available():
        if sa_name != sa_version():
            cached, sa_name = {}, sa_version()
        todo = [i for i, r in enumerate(records) if r["sha256"] not in cached]
        t0 = time.monotonic()
        if todo:
            sa = SpamAssassin(max(1, args.workers))
            try:
                with ThreadPoolExecutor(max(1, args.workers)) as tp:
                    for i, res in zip(
                        todo, tp.map(lambda i: sa.score(blobs[i]), todo), strict=True
                    ):
                        cached[records[i]["sha256"]] = res
            finally:
                sa.close()
        t_sa = time.monotonic() - t0
    for r in records:
        r["sa_score"], r["sa_rules"] = cached.get(r["sha256"], (None, []))
    if not any(r["sa_score"] is not None for r in records):
        sa_name = ""

    for r in records:
        r.pop("_ref", None)
    print_table(records, sa_name)
    if not sa_name and not args.no_sa:
        print(
            "\nSpamAssassin is not installed, so its figures are missing. To compare, install it "
            "(for this evaluation only, never in CI):\n  sudo apt-get install -y spamassassin "
            "spamc\nthen run `make eval` again."
        )
    if not args.no_bounces:
        print_bounce_agreement(corpus)
    print(
        f"\n{len(records)} messages: read+strip {t_read:.1f} s, analysis {t_analyse:.1f} s "
        f"({args.workers} workers)" + (f", SpamAssassin {t_sa:.1f} s" if sa_name else "")
    )
    left = [r["path"] for r in records if r.get("verdicts_left")]
    print(f"stripped copies in which the tool still decodes a receiver's verdict: {len(left)}"
          + (f" ({', '.join(left[:5])})" if left else ""))  # fmt: skip
    residual = residual_verdict_headers(blobs)
    if residual:
        print("verdict-like header names left after stripping (not in the list): " + ", ".join(
            f"{k} ({v})" for k, v in residual.most_common(30)))  # fmt: skip

    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "corpus": str(corpus),
        "stripped_headers": list(RECEIVER_VERDICT_HEADERS),
        "offline": True,
        "spamassassin": sa_name,
        "risk_order": RISK_ORDER,
        "messages": records,
    }
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=1))
    tmp.replace(args.out)
    print(f"per-message results: {args.out}")
    return 0


def figures(records: Sequence[dict[str, Any]], key: str) -> dict[str, Any]:
    """AUCs of ``key`` (score, risk ordinal or SA score) for the two questions."""

    def val(r: dict[str, Any]) -> float | None:
        if key == "risk":
            return float(RISK_ORDER[r["risk"]])
        v = r.get(key)
        return None if v is None else float(v)

    spam = [v for r in records if r["class"] == "spam" and (v := val(r)) is not None]
    legit = [v for r in records if r["class"] == "legit" and (v := val(r)) is not None]
    junk = [v for r in records if r["junk"] == 1 and (v := val(r)) is not None]
    inbox = [v for r in records if r["junk"] == 0 and (v := val(r)) is not None]
    fjunk = [v for r in records if r["folder_junk"] == 1 and (v := val(r)) is not None]
    finbox = [v for r in records if r["folder_junk"] == 0 and (v := val(r)) is not None]
    return {
        "spam_legit": (auc(spam, legit), len(spam), len(legit)),
        "junk_inbox": (auc(junk, inbox), len(junk), len(inbox)),
        "folder_junk_inbox": (auc(fjunk, finbox), len(fjunk), len(finbox)),
    }


def print_bounce_agreement(corpus: Path) -> None:
    """The bounce classification's agreement with Sisimai, when that benchmark exists."""
    try:
        import bench.bounce_agreement as agreement  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    shared = corpus.parent.parent
    if not (shared / agreement.SUITE).is_file():
        print(f"\nBounce agreement with Sisimai: not measured ({shared / agreement.SUITE} absent)")
        return
    print("\nBounce agreement with Sisimai")
    print(agreement.summary(agreement.measure(shared)))


def print_table(records: Sequence[dict[str, Any]], sa_name: str) -> None:
    kinds = Counter(r["kind"] for r in records)
    print("Messages by origin: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    spam = [r for r in records if r["class"] == "spam"]
    legit = [r for r in records if r["class"] == "legit"]
    lists = [r for r in records if r["kind"] == "list"]
    junk = sum(1 for r in records if r["junk"] == 1)
    inbox = sum(1 for r in records if r["junk"] == 0)
    print(
        f"spam/phishing {len(spam)}, legitimate {len(legit)} (list mail {len(lists)}); "
        f"phishing_pot Junk {junk}, Inbox {inbox}, unlabelled "
        f"{sum(1 for r in records if r['kind'] == 'phishing' and r['junk'] is None)}"
    )
    cols = [("ours: score 0-10", "score"), ("ours: risk", "risk")]
    if sa_name:
        cols.append((f"{sa_name} -L", "sa_score"))
    figs = [figures(records, key) for _, key in cols]
    width = 48
    print()
    print(f"{'figure':<{width}}" + "".join(f"{name:>28}" for name, _ in cols))
    print("-" * (width + 28 * len(cols)))
    rows = [
        ("AUC spam/phishing vs legitimate", "spam_legit"),
        ("AUC Junk vs Inbox (phishing_pot, filter's SCL)", "junk_inbox"),
        ("  same, final folder (safe senders applied)", "folder_junk_inbox"),
    ]
    for label, key in rows:
        line = f"{label:<{width}}"
        for f in figs:
            a, n1, n0 = f[key]
            line += f"{fmt_auc(a, n1, n0):>28}"
        print(line)

    def flagged(rs: Sequence[dict[str, Any]], key: str) -> str:
        if key in ("risk", "score"):  # the score's own bands decide its risk
            k = sum(1 for r in rs if RISK_ORDER[r["risk"]] >= RISK_ORDER["high"])
            return share(k, len(rs))
        scored = [r for r in rs if r.get(key) is not None]
        k = sum(1 for r in scored if r[key] >= SA_REQUIRED)
        return share(k, len(scored))

    for label, rs in (
        ("legitimate rated high or worse (SA: >= 5)", legit),
        ("list mail rated high or worse (SA: >= 5)", lists),
        ("spam/phishing rated high or worse (SA: >= 5)", spam),
    ):
        print(f"{label:<{width}}" + "".join(f"{flagged(rs, key):>28}" for _, key in cols))
    print("  (± is 1.96 x the Hanley-McNeil standard error)")

    print("\nRisk by origin")
    print(f"{'origin':<14}" + "".join(f"{k:>10}" for k in RISK_ORDER))
    for kind in sorted(kinds):
        c = Counter(r["risk"] for r in records if r["kind"] == kind)
        print(f"{kind:<14}" + "".join(f"{c.get(k, 0):>10}" for k in RISK_ORDER))

    print("\nTop reason (first ranked reason of each message), top 15")
    top = Counter(r["top_reasons"][0] if r["top_reasons"] else "(none)" for r in records)
    by_class = {
        c: Counter(r["top_reasons"][0] if r["top_reasons"] else "(none)" for r in records
                   if r["class"] == c)
        for c in ("spam", "legit", "excluded")
    }  # fmt: skip
    outcome_first = sum(
        1
        for r in records
        # a report that came back (bounce, feedback report, automatic reply) leads with what it
        # reports, by design: the corpus's bounce folder and any such report elsewhere
        if r["kind"] != "bounce"
        and r["message_kind"] not in CAME_BACK
        and r["top_reasons"]
        and r["top_reasons"][0].startswith(OUTCOME_IDS)
    )
    print(
        "messages (reports that came back aside) whose top reason is a receiver's outcome: "
        f"{outcome_first}"
    )
    print(f"{'finding id':<40}{'all':>6}{'spam':>6}{'legit':>7}{'excl.':>7}")
    for fid, n in top.most_common(15):
        print(
            f"{fid:<40}{n:>6}{by_class['spam'][fid]:>6}{by_class['legit'][fid]:>7}"
            f"{by_class['excluded'][fid]:>7}"
        )


if __name__ == "__main__":
    sys.exit(main())
