"""Rate and latency percentiles of a list of per-registration durations (seconds)."""

from __future__ import annotations

import math
from typing import Any


def persentil(sortert: list[float], andel: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sortert:
        return math.nan
    rang = max(1, math.ceil(andel * len(sortert)))
    return sortert[rang - 1]


def oppsummer(tider: list[float]) -> dict[str, Any]:
    sortert = sorted(tider)
    return {
        "antall": len(tider),
        "rate": len(tider) / sum(tider),
        "p50_ms": 1000 * persentil(sortert, 0.50),
        "p95_ms": 1000 * persentil(sortert, 0.95),
    }
