"""Understood in people's own words: the blind held-out sets, said to the real skill.

Prints accuracy per category and the misses of the half that may be read (the other half is
only counted); fails below the floors in simulator/evaluation.py (THRESHOLDS). The development
sets in tests/devsets/ were written blind too but have been read while improving the skill, so
they are held to every safety rule without exception.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.evaluation import THRESHOLDS, evaluate, evaluate_file, shortfalls

DEVSETS = Path(__file__).resolve().parent / "devsets"


@pytest.mark.parametrize("locale", sorted(THRESHOLDS))
def test_held_out_answers_and_conversations_are_understood(locale: str) -> None:
    report = evaluate(locale)
    print("\n" + "\n".join(report.lines(misses="dev")))
    assert shortfalls(report, THRESHOLDS[locale]) == []


@pytest.mark.parametrize("locale", sorted(THRESHOLDS))
def test_development_negations_and_hedges_are_always_safe(locale: str) -> None:
    results = evaluate_file(locale, DEVSETS / f"{locale}.tsv")
    signs = [r.case.text for r in results if r.case.category == "negation" and not r.never_sign]
    unsafe = [r.case.text for r in results
              if r.case.category.startswith("hedge") and not r.hedge_safe]
    assert (signs, unsafe) == ([], [])
