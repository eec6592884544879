"""The figures of ``make eval`` and the score fit: AUC by the Mann-Whitney statistic and its
Hanley-McNeil standard error."""

from __future__ import annotations

import math
from collections.abc import Sequence


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
