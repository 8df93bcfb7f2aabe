"""The offline resolver's speed, for the benchmark: how long it takes to understand one line.

The simulator and every understanding test say each line through `interaction_model.resolver`;
Lambda never runs it, but the held-out evaluation, the fuzz tests and anyone trying the skill
wait on it. Measured on the blind held-out answers and negations of en-US and en-GB (the lines
people really say, long ones included), each resolver compiled before the clock starts. The
baseline is the simplest matcher there is: one rapidfuzz `extractOne` by ratio over the same
locale's sample templates.
"""

from __future__ import annotations

import csv
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz, process

from interaction_model.resolver import Resolver

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "heldout"
LOCALES = ("en-US", "en-GB")
SETS = ("answers.tsv", "negations.tsv")


def lines(locale: str) -> list[str]:
    """The text of every held-out answer and negation of the locale."""
    said = []
    for name in SETS:
        with (HELDOUT / locale / name).open(encoding="utf-8") as handle:
            rows = csv.reader((row for row in handle if not row.startswith("#")),
                              delimiter="\t", quoting=csv.QUOTE_NONE)
            said += [row[-1] for row in rows if row]
    return said


def _timed(call: Callable[[str], object], texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        start = time.perf_counter()
        call(text)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _nearest_of(templates: list[str]) -> Callable[[str], object]:
    def nearest(text: str) -> object:
        return process.extractOne(text, templates, scorer=fuzz.ratio)

    return nearest


def measure_resolver() -> tuple[dict[str, float], str]:
    """The median milliseconds per line of the resolver and of the baseline, and a note."""
    ours: list[float] = []
    baseline: list[float] = []
    for locale in LOCALES:
        resolver = Resolver(locale, today=lambda: date(2026, 11, 25))
        templates = resolver.templates()
        texts = lines(locale)
        ours += _timed(resolver.resolve, texts)
        baseline += _timed(_nearest_of(templates), texts)
    note = (
        f"Resolver: {len(ours)} blind held-out answers and negations ({', '.join(LOCALES)}), "
        "each said once to the locale's compiled resolver; baseline: one rapidfuzz extractOne "
        "by ratio over the same templates."
    )
    return {"resolver p50": statistics.median(ours),
            "extract p50": statistics.median(baseline)}, note
