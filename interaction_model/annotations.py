"""The held-out sets as annotation sets for Alexa's NLU Evaluation Tool (SMAPI's JSON body of
"update NLU annotation set annotations"), so the real NLU can be measured on them.

Each entry is one line: the utterance, the time the sets assume the request is made (dates
such as "since sunday" resolve against it), and the intent the line should reach, with the
slots the line fixes. A line expects a group of intents (simulator/expected_intents.py) but an
annotation names one: the one the offline resolver took when it is in the group, so a failed
case shows where Alexa and the offline resolver part; otherwise the group's first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from interaction_model.resolver import Resolution, Resolver, SlotValue
from simulator.evaluation import (
    HELDOUT_DIR,
    REFERENCE_TIME,
    load_answers,
    load_conversations,
)
from simulator.expected_intents import EXPECTED_INTENTS, expected_group, reached
from simulator.skill import LAMBDA_DIR, _on_path

# SMAPI's date-time format: UTC with milliseconds, as in its examples.
REFERENCE_TIMESTAMP = REFERENCE_TIME.strftime("%Y-%m-%dT%H:%M:%S.000Z")
ANSWER_SETS = ("answers.tsv", "negations.tsv")
CONVERSATIONS = "conversations.jsonl"


@dataclass(frozen=True)
class Line:
    """One held-out utterance and what it should reach."""

    text: str
    group: str
    days: float | None  # the duration the line fixes, when it fixes one


def heldout_lines(locale: str) -> dict[str, list[Line]]:
    """Every held-out line of a locale, per set: the answers, the negations, and each
    conversation's natural answers (the plain retries and the openings are not lines the
    writer composed as answers; an opening also carries the invocation name)."""
    folder = HELDOUT_DIR / locale
    sets = {
        Path(name).stem: [
            Line(case.text, expected_group(case.category, case.expected), _days(case.expected))
            for case in load_answers(folder / name)
        ]
        # A new locale's sets may be only its answers.
        for name in ANSWER_SETS if (folder / name).is_file()
    }
    if (folder / CONVERSATIONS).is_file():
        sets[Path(CONVERSATIONS).stem] = [
            Line(text, "duration" if question == "duration" else "answer", None)
            for case in load_conversations(folder / CONVERSATIONS)
            for question, text in case.answers.items()
        ]
    return sets


def _days(expected: Iterable[str]) -> float | None:
    for token in expected:
        kind, _, value = token.partition(":")
        if kind == "days":
            return float(value)
    return None


def annotation(line: Line, resolution: Resolution) -> dict[str, Any]:
    """One entry of the annotation set."""
    intent = resolution.intent
    if not reached(line.group, intent):
        intent = EXPECTED_INTENTS[line.group][0]
    expected: dict[str, Any] = {"name": intent}
    slots = fixed_slots(line, resolution) if intent == resolution.intent else {}
    if slots:
        expected["slots"] = {name: {"value": value} for name, value in slots.items()}
    return {
        "inputs": {"utterance": line.text, "referenceTimestamp": REFERENCE_TIMESTAMP},
        "expected": [{"intent": expected}],
    }


def fixed_slots(line: Line, resolution: Resolution) -> dict[str, str]:
    """The built-in duration or date slot, as Alexa writes its value ("P3D", "2026-11-29"),
    when it says the duration the line expects. Custom slots are left out: Alexa's value for
    them is the words heard, which the line does not fix."""
    if line.days is None:
        return {}
    _on_path(LAMBDA_DIR)
    from hipback.triage.durations import hours_since, parse_iso_duration

    today = REFERENCE_TIME.date()
    readers: dict[str, Callable[[str], int | None]] = {
        "duration": parse_iso_duration,
        "since": lambda value: hours_since(value, today),
    }
    found = {}
    for name, read in readers.items():
        slot: SlotValue | None = resolution.slots.get(name)
        if slot is not None and _same_days(read(slot.value), line.days):
            found[name] = slot.value
    return found


def _same_days(hours: int | None, days: float) -> bool:
    # The evaluation's tolerance (simulator/evaluation.py): a day up to two weeks, 15% beyond.
    if hours is None:
        return False
    tolerance = 1.0 if days <= 14 else days * 0.15
    return abs(hours / 24 - days) <= tolerance


def annotation_set(resolver: Resolver, lines: list[Line]) -> dict[str, Any]:
    return {"data": [annotation(line, resolver.resolve(line.text)) for line in lines]}


def _reference_day() -> date:
    return REFERENCE_TIME.date()


def write_annotation_sets(locales: Iterable[str], out: Path) -> list[Path]:
    """Write <out>/<locale>/<set>.json for every held-out set; returns the paths written."""
    written = []
    for locale in locales:
        resolver = Resolver(locale, today=_reference_day)
        for name, lines in heldout_lines(locale).items():
            path = out / locale / f"{name}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            body = annotation_set(resolver, lines)
            path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8")
            written.append(path)
    return written
