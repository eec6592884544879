"""A Dask LocalCluster on loopback in a process of its own, for the Dask extra's tests.

Why a separate process: importing ``distributed`` and running a cluster would grow the test
process, and every later subprocess inherits its peak memory figure (Linux keeps
``ru_maxrss`` across fork and exec), which other tests measure.

``python -m tests.support.dask_cluster``: prints the scheduler's address, serves until stdin
closes. ``python -m tests.support.dask_cluster --analyze PATH...``: prints one JSON object per
result of ``analyze_files`` (``{"json": text}`` or ``{"error": message}``).
"""

from __future__ import annotations

import json
import sys

from inspector.mailbox.distributed import analyze_files
from inspector.model.message import ReadError
from inspector.options import AnalysisOptions


def main(argv: list[str]) -> int:
    from distributed import Client, LocalCluster

    with LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        if argv[:1] == ["--analyze"]:
            with Client(cluster) as client:
                results = analyze_files(argv[1:], client, AnalysisOptions(offline=True), window=2)
                for item in results:
                    shown = (
                        {"error": item.message} if isinstance(item, ReadError) else {"json": item}
                    )
                    print(json.dumps(shown), flush=True)
            return 0
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
