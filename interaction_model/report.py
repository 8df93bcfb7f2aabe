"""Plain-text reports: which intent the resolver chose for which expected intent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def confusion_lines(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """A confusion table, one row per expected intent: how many were right, and which other
    intents took the rest ("HeatIceIntent 14/15  <- took 1: HomeCareIntent 1")."""
    counts: dict[str, Counter[str]] = {}
    for expected, got in pairs:
        counts.setdefault(expected, Counter())[got] += 1
    width = max((len(name) for name in counts), default=0)
    lines = []
    for expected in sorted(counts):
        row = counts[expected]
        total = sum(row.values())
        others = ", ".join(f"{got} {n}" for got, n in row.most_common() if got != expected)
        taken = f"  took {total - row[expected]}: {others}" if others else ""
        lines.append(f"  {expected:{width}} {row[expected]:3}/{total:<3}{taken}")
    return lines
