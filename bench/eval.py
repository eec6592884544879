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
"Junk" is read from each phishing_pot message's ORIGINAL headers (before stripping): Microsoft
sent it to Junk when X-Forefront-Antispam-Report has SCL >= 5 or X-Microsoft-Antispam-Mailbox-
Delivery has dest:J; it let it into the Inbox when dest:I (or only an SCL below 5 is recorded).

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
import math
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
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

from inspector.diagnosis import rank_findings  # noqa: E402
from inspector.model.message import ReadError  # noqa: E402
from inspector.model.report import Report  # noqa: E402
from inspector.options import AnalysisOptions  # noqa: E402
from inspector.parse.sources import iter_messages  # noqa: E402
from inspector.score import counts_for_score, is_outcome  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
DEFAULT_OUT = ROOT / "bench" / "results" / "eval-messages.json"

#: Header fields that carry a receiving system's verdict (spam scores, folders, authentication
#: results, allow/block decisions). They are removed before analysis, so what is measured is
#: the judgement of the tool from the sender's evidence, not a restatement of the receiver's.
#: A trailing ``*`` matches any field whose name starts with what precedes it; case-insensitive.
RECEIVER_VERDICT_HEADERS: tuple[str, ...] = (
    "X-Forefront-*",
    "X-Microsoft-Antispam*",
    "X-MS-Exchange-Organization-*",
    "Authentication-Results*",
    "ARC-*",
    "Received-SPF",
    "X-Spam-*",
    "X-Spamd-*",
    "X-Rspamd-*",
    "X-Pm-Spam*",
    "X-Proofpoint-*",
    "X-Mimecast-*",
    "X-IronPort-*",
    "X-Barracuda-*",
    "X-Microsoft-Antispam-Mailbox-Delivery",
    "X-Apple-*",
    "X-ICL-*",
    "X-UI-Filterresults",
    "X-GMX-Antispam",
    "X-Spam-Checked-In-Group",
    "X-Original-Authentication-Results",
    # Not in issue 14's list, but verdicts all the same: each is read by one of the project's
    # verdict decoders (inspector/verdicts) or carries Microsoft's SCL/antispam data, and two
    # of them leaked a verdict into the stripped copies when left in (X-Spam: spam in a 2002
    # ham message; X-MS-Exchange-Authentication-Results behind authres.forged).
    "X-Spam",
    "X-MS-Exchange-Authentication-Results",
    "X-MS-Exchange-CrossPremises-*",
    "X-MS-Exchange-AntiSpam-*",
    "X-TM-AS-*",
    "X-TMASE-*",
    "X-Sophos-*",
    "X-LASED-SpamProbability",
    "X-IPAS-Result",
    "X-GM-Spam",
    "X-GM-Phishy",
    "X-YMailISG",
    "X-YahooFilteredBulk",
    "X-Yahoo-Filtered-Bulk",
    "X-Yahoo-Newman-Property",
)

_PREFIXES = tuple(h[:-1].lower().encode() for h in RECEIVER_VERDICT_HEADERS if h.endswith("*"))
_EXACT = frozenset(h.lower().encode() for h in RECEIVER_VERDICT_HEADERS if not h.endswith("*"))
_FIELD_NAME = re.compile(rb"^([!-9;-~]+)[ \t]*:")

RISK_ORDER = {"low": 0, "medium": 1, "high": 2, "critical": 3}
SPAM_KINDS = ("phishing", "sa_spam")
LEGIT_KINDS = ("sa_ham", "list")
SA_REQUIRED = 5.0
OUTCOME_IDS = ("verdicts.", "authres.", "bounce.")


# --------------------------------------------------------------------------- headers


def _header_fields(raw: bytes) -> tuple[list[tuple[bytes | None, bytes]], bytes]:
    """Split the header block into fields (name or None for a stray line, raw bytes with
    their continuation lines and line ends) and return the rest (blank line and body)."""
    fields: list[tuple[bytes | None, bytes]] = []
    pos = 0
    n = len(raw)
    while pos < n:
        end = raw.find(b"\n", pos)
        end = n if end < 0 else end + 1
        line = raw[pos:end]
        if line in (b"\r\n", b"\n", b"\r"):  # the blank line: the body follows
            break
        if line[:1] in (b" ", b"\t") and fields:
            name, text = fields[-1]
            fields[-1] = (name, text + line)
        else:
            m = _FIELD_NAME.match(line)
            fields.append((m.group(1).lower() if m else None, line))
        pos = end
    return fields, raw[pos:]


def is_verdict_header(name: bytes) -> bool:
    return name in _EXACT or name.startswith(_PREFIXES)


def strip_verdicts(raw: bytes) -> tuple[bytes, int]:
    """The message without ``RECEIVER_VERDICT_HEADERS`` (body and every other byte kept) and
    how many fields were removed."""
    fields, rest = _header_fields(raw)
    kept = [text for name, text in fields if name is None or not is_verdict_header(name)]
    return b"".join(kept) + rest, len(fields) - len(kept)


def _values(fields: Sequence[tuple[bytes | None, bytes]], name: bytes) -> list[str]:
    out = []
    for fname, text in fields:
        if fname == name:
            value = text.split(b":", 1)[1]
            out.append(re.sub(rb"\s+", b"", value).decode("latin-1"))
    return out


@dataclass(frozen=True)
class JunkLabel:
    """Microsoft's placement of a phishing_pot message, read from its original headers."""

    junk: int | None  # 1 Junk, 0 Inbox, None: no Microsoft placement recorded (or dest:C)
    filter_junk: int | None  # the filter's opinion: also counts X-MS-Exchange-Organization-SCL
    evidence: str


def junk_label(raw: bytes) -> JunkLabel:
    """Junk = X-Forefront-Antispam-Report SCL >= 5 or X-Microsoft-Antispam-Mailbox-Delivery
    dest:J; Inbox = dest:I, or an SCL below 5 with no folder recorded. A custom folder chosen by
    the user's rule (dest:C) and messages without Microsoft headers get no label.

    ``filter_junk`` is a second reading for the report: the filter's own SCL (Forefront or
    X-MS-Exchange-Organization-SCL) >= 5, or dest:J. It differs where the recipient's safe
    senders list (OFR:TrustedSenderList) put a message the filter scored as spam in the Inbox."""
    fields, _ = _header_fields(raw)
    forefront = _values(fields, b"x-forefront-antispam-report")
    delivery = _values(fields, b"x-microsoft-antispam-mailbox-delivery")
    org_scl = _values(fields, b"x-ms-exchange-organization-scl")
    scls = [int(m.group(1)) for v in forefront for m in [re.search(r"SCL:(-?\d+)", v)] if m]
    dests = [m.group(1).upper() for v in delivery for m in [re.search(r"dest:(\w)", v)] if m]
    ofr = [m.group(1) for v in delivery for m in [re.search(r"OFR:(\w+)", v)] if m]
    org = [int(v) for v in org_scl if re.fullmatch(r"-?\d+", v)]
    evidence = ";".join(
        [f"SCL:{s}" for s in scls]
        + [f"dest:{d}" for d in dests]
        + [f"OFR:{o}" for o in ofr]
        + [f"orgSCL:{s}" for s in org]
    )
    junk: int | None
    if any(s >= 5 for s in scls) or "J" in dests:
        junk = 1
    elif "I" in dests or (scls and not dests):
        junk = 0
    else:
        junk = None
    filter_junk: int | None
    all_scl = scls + org
    if any(s >= 5 for s in all_scl) or "J" in dests:
        filter_junk = 1
    elif all_scl or "I" in dests:
        filter_junk = 0
    else:
        filter_junk = None
    return JunkLabel(junk, filter_junk, evidence)


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
        "verdicts_left": len(report.verdicts),  # must be 0: the stripping missed a verdict
    }


# --------------------------------------------------------------------------- SpamAssassin

_SA_RULE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]{2,})\b", re.M)
_SA_STATUS = re.compile(r"score=(-?\d+(?:\.\d+)?)\s+required=\S+\s+tests=([A-Za-z0-9_,\s]*)")
_SA_PREFS = "use_bayes 0\nbayes_auto_learn 0\nuse_auto_whitelist 0\nuse_txrep 0\n"


class SpamAssassin:
    """Local-tests-only scoring through a private spamd (or the spamassassin script)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.tmp = Path(tempfile.mkdtemp(prefix="di-eval-sa-"))
        os.chmod(self.tmp, 0o755)
        site = self.tmp / "site"
        if Path("/etc/spamassassin").is_dir():
            shutil.copytree("/etc/spamassassin", site)
        else:
            site.mkdir()
        (site / "zz_eval.cf").write_text(_SA_PREFS)
        self.site = site
        self.prefs = self.tmp / "user_prefs"
        self.prefs.write_text(_SA_PREFS)
        self.sock = self.tmp / "spamd.sock"
        self.spamd: subprocess.Popen[bytes] | None = None
        self.version = _sa_version()
        if shutil.which("spamd") and shutil.which("spamc"):
            self._start_spamd()

    def _start_spamd(self) -> None:
        cmd = [
            "spamd", "-L", "-x", "--siteconfigpath", str(self.site), "--socketpath",
            str(self.sock), "--max-children", str(self.workers), "--min-children",
            str(self.workers), "--syslog", "stderr", "--pidfile", str(self.tmp / "pid"),
        ]  # fmt: skip
        if os.geteuid() == 0:
            cmd += ["-u", "nobody"]
        log = (self.tmp / "spamd.log").open("wb")
        self.spamd = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.spamd.poll() is not None:
                break
            if self.sock.exists():
                ping = subprocess.run(
                    ["spamc", "-U", str(self.sock), "-K"], capture_output=True, check=False
                )
                if ping.returncode == 0:
                    return
            time.sleep(0.3)
        self._stop_spamd()  # fall back to the spamassassin script

    def _stop_spamd(self) -> None:
        if self.spamd is not None:
            self.spamd.terminate()
            try:
                self.spamd.wait(10)
            except subprocess.TimeoutExpired:
                self.spamd.kill()
            self.spamd = None

    def score(self, data: bytes) -> tuple[float | None, list[str]]:
        if self.spamd is not None:
            run = subprocess.run(
                ["spamc", "-U", str(self.sock), "-R", "-x", "-s", str(64 << 20), "-t", "300"],
                input=data,
                capture_output=True,
                check=False,
            )
            text = run.stdout.decode("utf-8", "replace")
            first, _, rest = text.partition("\n")
            m = re.match(r"\s*(-?\d+(?:\.\d+)?)/", first)
            if m:
                return float(m.group(1)), [r for _, r in _SA_RULE.findall(rest)]
            return None, []
        run = subprocess.run(
            ["spamassassin", "-L", "-x", "--siteconfigpath", str(self.site), "-p",
             str(self.prefs)],
            input=data, capture_output=True, check=False,
        )  # fmt: skip
        block = run.stdout.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
        head = re.sub(rb"\r?\n[ \t]+", b" ", block).decode("utf-8", "replace")
        m2 = _SA_STATUS.search(head)
        if not m2:
            return None, []
        tokens = re.split(r"[,\s]+", m2.group(2))
        rules = [t for t in tokens if t and t not in ("none", "autolearn")]
        return float(m2.group(1)), rules

    def close(self) -> None:
        self._stop_spamd()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _sa_version() -> str:
    exe = shutil.which("spamassassin") or shutil.which("spamd")
    if not exe:
        return ""
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    m = re.search(r"version (\S+)", out.stdout)
    return f"SpamAssassin {m.group(1)}" if m else "SpamAssassin"


def sa_available() -> bool:
    return bool(shutil.which("spamassassin") or (shutil.which("spamd") and shutil.which("spamc")))


# --------------------------------------------------------------------------- statistics


def auc(pos: Sequence[float], neg: Sequence[float]) -> float | None:
    """Area under the ROC curve by the Mann-Whitney statistic: the probability that a random
    positive scores above a random negative, ties counting 1/2 (average ranks)."""
    if not pos or not neg:
        return None
    values = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg], key=lambda t: t[0])
    rank_sum = 0.0
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and values[j][0] == values[i][0]:
            j += 1
        avg = (i + 1 + j) / 2.0  # ranks i+1 .. j
        rank_sum += avg * sum(1 for k in range(i, j) if values[k][1] == 1)
        i = j
    n1, n0 = len(pos), len(neg)
    return (rank_sum - n1 * (n1 + 1) / 2.0) / (n1 * n0)


def auc_se(a: float, n1: int, n0: int) -> float:
    """Hanley & McNeil (1982) standard error of an AUC."""
    q1 = a / (2 - a)
    q2 = 2 * a * a / (1 + a)
    var = (a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n0 - 1) * (q2 - a * a)) / (n1 * n0)
    return math.sqrt(max(var, 0.0))


def fmt_auc(a: float | None, n1: int = 0, n0: int = 0) -> str:
    if a is None:
        return "n/a"
    if n1 and n0:
        return f"{a:.3f} ±{1.96 * auc_se(a, n1, n0):.3f}"
    return f"{a:.3f}"


def share(k: int, n: int) -> str:
    return f"{k}/{n} ({100.0 * k / n:.1f}%)" if n else "n/a"


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
            "filter_junk": label.filter_junk,
            "ms_evidence": label.evidence,
            "stripped_fields": removed,
            "sha256": hashlib.sha256(stripped).hexdigest(),
            "_ref": (ref.path, ref.index, ref.kind, ref.offset, ref.length),
        }
        yield record, stripped


def _sa_cache(path: Path) -> tuple[dict[str, tuple[float | None, list[str]]], str]:
    """SpamAssassin results of an earlier run, by stripped-message hash, and its version."""
    cached: dict[str, tuple[float | None, list[str]]] = {}
    if not path.is_file():
        return cached, ""
    try:
        old = json.loads(path.read_text())
        for r in old.get("messages", []):
            if r.get("sa_score") is not None:
                cached[r["sha256"]] = (r["sa_score"], r.get("sa_rules", []))
        return cached, str(old.get("spamassassin") or "")
    except (ValueError, KeyError, AttributeError):
        return {}, ""


def residual_verdict_headers(blobs: Iterable[bytes]) -> Counter[str]:
    """Header names left after stripping that look like a filter's opinion (for the report)."""
    pat = re.compile(rb"spam|junk|phish|virus|filter|scl|score|bulk|reput", re.I)
    seen: Counter[str] = Counter()
    for data in blobs:
        fields, _ = _header_fields(data)
        for name in {n for n, _ in fields if n}:
            if pat.search(name):
                seen[name.decode("latin-1")] += 1
    return seen


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
    cached, sa_version = _sa_cache(args.out)
    t_sa = 0.0
    if not args.no_sa and sa_available():
        if sa_version != _sa_version():
            cached, sa_version = {}, _sa_version()
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
        sa_version = ""

    for r in records:
        r.pop("_ref", None)
    print_table(records, sa_version)
    if not sa_version and not args.no_sa:
        print(
            "\nSpamAssassin is not installed, so its figures are missing. To compare, install it "
            "(for this evaluation only, never in CI):\n  sudo apt-get install -y spamassassin "
            "spamc\nthen run `make eval` again."
        )
    if not args.no_bounces:
        print_bounce_agreement(corpus)
    print(
        f"\n{len(records)} messages: read+strip {t_read:.1f} s, analysis {t_analyse:.1f} s "
        f"({args.workers} workers)" + (f", SpamAssassin {t_sa:.1f} s" if sa_version else "")
    )
    left = [r["path"] for r in records if r.get("verdicts_left")]
    print(f"stripped copies in which the tool still decodes a receiver's verdict: {len(left)}"
          + (f" ({', '.join(left[:5])})" if left else ""))  # fmt: skip
    residual = residual_verdict_headers(blobs)
    if residual:
        print("verdict-like header names left after stripping (not in the list): " + ", ".join(
            f"{k} ({v})" for k, v in residual.most_common(12)))  # fmt: skip

    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "corpus": str(corpus),
        "stripped_headers": list(RECEIVER_VERDICT_HEADERS),
        "offline": True,
        "spamassassin": sa_version,
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
    fjunk = [v for r in records if r["filter_junk"] == 1 and (v := val(r)) is not None]
    finbox = [v for r in records if r["filter_junk"] == 0 and (v := val(r)) is not None]
    return {
        "spam_legit": (auc(spam, legit), len(spam), len(legit)),
        "junk_inbox": (auc(junk, inbox), len(junk), len(inbox)),
        "filter_junk_inbox": (auc(fjunk, finbox), len(fjunk), len(finbox)),
    }


def print_bounce_agreement(corpus: Path) -> None:
    """The bounce classification's agreement with Sisimai, when that benchmark exists."""
    try:
        import bench.bounce_agreement as agreement  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    run = getattr(agreement, "main", None)
    if callable(run):
        print("\nBounce agreement with Sisimai")
        run([])


def print_table(records: Sequence[dict[str, Any]], sa_version: str) -> None:
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
    if sa_version:
        cols.append((f"{sa_version} -L", "sa_score"))
    figs = [figures(records, key) for _, key in cols]
    width = 44
    print()
    print(f"{'figure':<{width}}" + "".join(f"{name:>28}" for name, _ in cols))
    print("-" * (width + 28 * len(cols)))
    rows = [
        ("AUC spam/phishing vs legitimate", "spam_legit"),
        ("AUC Junk vs Inbox (phishing_pot)", "junk_inbox"),
        ("  same, filter's SCL incl. allow-listed", "filter_junk_inbox"),
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
        1 for r in records if r["top_reasons"] and r["top_reasons"][0].startswith(OUTCOME_IDS)
    )
    print(f"messages whose top reason is a receiver's outcome: {outcome_first}")
    print(f"{'finding id':<40}{'all':>6}{'spam':>6}{'legit':>7}{'excl.':>7}")
    for fid, n in top.most_common(15):
        print(
            f"{fid:<40}{n:>6}{by_class['spam'][fid]:>6}{by_class['legit'][fid]:>7}"
            f"{by_class['excluded'][fid]:>7}"
        )


if __name__ == "__main__":
    sys.exit(main())
