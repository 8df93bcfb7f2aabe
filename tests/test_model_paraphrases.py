"""Held-out paraphrases (tests/paraphrases/en_US.tsv, written before the samples) resolve well.

Run with `pytest -s` to see the accuracy and every miss.
"""

import json
from pathlib import Path

import pytest

from interaction_model.builder import model_path
from interaction_model.normalize import normalize_utterance
from interaction_model.report import confusion_lines
from interaction_model.resolver import Resolver
from tests.fuzz_support import announce

PARAPHRASES = Path(__file__).parent / "paraphrases" / "en_US.tsv"
REQUIRED_ACCURACY = 0.90


def load_paraphrases() -> list[tuple[str, str, dict[str, str]]]:
    rows = []
    for line in PARAPHRASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, intent, slots = line.split("\t")
        expected = {} if slots == "-" else dict(pair.split("=", 1) for pair in slots.split())
        rows.append((text, intent, expected))
    return rows


def samples(locale: str) -> set[str]:
    model = json.loads(model_path(locale).read_text())["interactionModel"]["languageModel"]
    return {normalize_utterance(s) for intent in model["intents"] for s in intent["samples"]}


def unseen_paraphrases(locale: str) -> list[tuple[str, str, dict[str, str]]]:
    """The paraphrases no sample happens to spell out: what the accuracy is measured on."""
    known = samples(locale)
    return [row for row in load_paraphrases() if normalize_utterance(row[0]) not in known]


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_there_are_enough_unseen_paraphrases(locale):
    # Short natural phrases ("call the clinic") can coincide with a sample; those are not
    # counted, so the accuracy below measures generalisation only.
    assert len(unseen_paraphrases(locale)) >= 150


@pytest.mark.slow  # every held-out paraphrase through the resolver
@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_held_out_paraphrases_resolve(locale, capsys):
    resolver = Resolver(locale)
    rows = unseen_paraphrases(locale)
    misses = []
    pairs = []
    close = []
    for text, intent, expected in rows:
        resolution = resolver.resolve(text)
        pairs.append((intent, resolution.intent))
        assert resolution.intent not in resolution.close
        if resolution.close:
            close.append(f"  {text!r}: {resolution.intent}, close: {', '.join(resolution.close)}")
        got = {name: slot.id or slot.value for name, slot in resolution.slots.items()}
        if (resolution.intent, got) != (intent, expected):
            misses.append(
                f"  {text!r}: expected {intent} {expected}, got {resolution.intent} {got}"
            )
    accuracy = 1 - len(misses) / len(rows)
    skipped = len(load_paraphrases()) - len(rows)
    print(
        f"\nheld-out paraphrases ({locale}): {accuracy:.1%} of {len(rows)} right "
        f"({skipped} left out because a sample spells them out)"
    )
    print("\n".join(misses))
    announce(capsys, "\n".join([
        f"intent confusion, held-out paraphrases ({locale}): right/all, what took the rest",
        *confusion_lines(pairs),
        "ambiguous (another intent within the margin):",
        *(close or ["  none"]),
    ]))
    assert accuracy >= REQUIRED_ACCURACY
