"""Checks that the content is written for the ear and covers the seed article's facts."""

from __future__ import annotations

import re

import pytest

from hipback.content import SUPPORTED_LOCALES, Content, for_locale
from tests.content_languages import ENGLISH, language_of

PARAMS = {"clinic_name": "Riverside Spine Clinic", "phone": "+1 555 010 0199"}
CONTENTS = [for_locale(locale) for locale in SUPPORTED_LOCALES] + [for_locale(None)]
CONTENT_IDS = [*SUPPORTED_LOCALES, "unsupported"]

# A listener holds about this much in one sentence; a card can say more.
MAX_WORDS_PER_SENTENCE = 25
MAX_COMMAS_PER_SENTENCE = 3
SENTENCES_PER_LENGTH = {"brief": (1, 2), "standard": (2, 4), "more": (2, 4)}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.replace("\n", " ")) if s.strip()]


def spoken(content: Content) -> dict[str, str]:
    return {key: content.text(key, **PARAMS) for key in sorted(content.keys())
            if not key.endswith((".card_text", ".card_title"))}


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_spoken_sentences_are_short(content: Content) -> None:
    too_long = [
        (key, sentence)
        for key, text in spoken(content).items()
        for sentence in sentences(text)
        if len(sentence.split()) > MAX_WORDS_PER_SENTENCE
        or sentence.count(",") > MAX_COMMAS_PER_SENTENCE
    ]
    assert too_long == []


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_answers_have_the_promised_length(content: Content) -> None:
    wrong = []
    for key in sorted(content.keys()):
        if key.startswith(("topics.", "conditions.")) and not key.endswith(".card_title"):
            low, high = SENTENCES_PER_LENGTH[key.rsplit(".", 1)[1]]
            count = len(sentences(content.text(key)))
            if not low <= count <= high:
                wrong.append((key, count))
    assert wrong == []


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_one_sentence_lines_are_one_sentence(content: Content) -> None:
    singles = [key for key in sorted(content.keys())
               if key.startswith("reasons.") or key.endswith(".follow_up")
               or key in {"outcomes.doctor.specialist", "outcomes.doctor.unknown_duration",
                          "welcome.one_shot_disclaimer", "dialog.card_sent",
                          "dialog.back_to_question", "dialog.start_prompt"}]
    assert len(singles) > 30
    for key in singles:
        assert len(sentences(content.text(key))) == 1, key


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_follow_ups_offer_one_thing(content: Content) -> None:
    for tier in ("urgent", "prompt", "doctor", "self_care"):
        offer = content.text(f"outcomes.{tier}.follow_up")
        assert offer.startswith(language_of(content).offer), tier
        assert offer.count("?") == 1, tier


def test_speech_never_uses_abbreviations_a_voice_would_misread() -> None:
    for content in CONTENTS:
        abbreviations = language_of(content).abbreviations
        for key, text in spoken(content).items():
            assert not abbreviations.search(text), key


# Every fact of the seed article, and the guideline additions in docs/clinical.md, must be
# reachable by voice: each language's patterns are in tests/content_languages.py.


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_every_seed_fact_is_spoken_somewhere(content: Content) -> None:
    everything = " ".join(spoken(content).values()).replace("\n", " ")
    facts = language_of(content).seed_facts
    assert facts.keys() == ENGLISH.seed_facts.keys()
    missing = [fact for fact, pattern in facts.items()
               if not re.search(pattern, everything, re.IGNORECASE)]
    assert missing == []
