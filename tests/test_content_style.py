"""Checks that the content is written for the ear and covers the seed article's facts."""

from __future__ import annotations

import re

import pytest

from hipback.content import SUPPORTED_LOCALES, Content, for_locale

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
        assert offer.startswith("Would you like"), tier
        assert offer.count("?") == 1, tier


def test_speech_never_uses_abbreviations_a_voice_would_misread() -> None:
    for content in CONTENTS:
        for key, text in spoken(content).items():
            assert not re.search(r"\b(e\.g|i\.e|etc|approx|hrs|mins|ASAP|OTC|PT)\b", text), key


# Every fact of the seed article, and the guideline additions in docs/clinical.md, must be
# reachable by voice. Each entry: what the fact is, and a pattern its wording must match.
SEED_FACTS = {
    "hip and back pain go together": r"often go together",
    "strain is a muscle": r"strain is an overstretched muscle",
    "sprain is a ligament": r"sprain is an overstretched ligament",
    "strains settle at home": r"get better with care at home",
    "posture: desk": r"over a desk",
    "posture: lifting": r"rounded back",
    "posture fix": r"better posture alone",
    "disc is a cushion": r"cushion",
    "disc crack": r"outer layer cracks",
    "disc presses a nerve": r"pressing on a nerve|press on a nerve",
    "SI joint links spine and pelvis": r"joint linking your lower spine to your pelvis",
    "SI joint groin": r"groin",
    "SI joint unstable leg": r"leg may (also )?feel unsteady",
    "SI joint sleep and sitting": r"hard to sit for long",
    "impingement friction": r"rub",
    "impingement stiffness": r"hip pain and stiffness",
    "nerve pain spreads to legs": r"into your hips and legs",
    "stenosis": r"stenosis",
    "spondylolisthesis": r"spondylolisthesis",
    "bone spurs": r"bone spurs",
    "tumour": r"tumou?r",
    "spine injury": r"spine injury",
    "arthritis wear and tear": r"wear and tear",
    "arthritis inflammation": r"inflamed",
    "arthritis no cure": r"no cure",
    "arthritis managed": r"healthy habits and pain relief",
    "red flag fever": r"fever or chills",
    "red flag bladder bowel": r"bladder or bowel",
    "red flag numbness": r"inner thighs",
    "red flag backs of legs": r"backs of your legs",
    "red flag weakness": r"very weak",
    "red flag cannot move": r"move your hip or leg",
    "red flag hip swelling": r"sudden hip swelling|suddenly become swollen",
    "severe pain prompt": r"within the next day or two",
    "few weeks: doctor": r"three weeks or more",
    "short rest": r"rest for a few days at most",
    "no long bed rest": r"in bed",
    "circulation": r"circulation",
    "gentle activity after": r"gentle activity",
    "cold first three days": r"first two to three days",
    "heat for tense muscles": r"tight muscles",
    "heat blood flow": r"blood",
    "heat has research behind it": r"research backs heat",
    "physical therapy main treatment": r"main treatment without surgery",
    "therapy rebuilds strength": r"muscle strength",
    "therapy takes pressure off": r"take pressure off",
    "therapy hands-on": r"hands-on",
    "lifestyle exercise diet": r"exercise and a (balanced|healthy) diet",
    "lifestyle posture smoking": r"good posture and stopping smoking",
    "massage and acupuncture in a plan": r"plan your (doctor|GP) supports",
    # The guideline body is named only where the listener knows it (en-GB: NICE).
    "guidelines on acupuncture": r"(some guidelines|NICE, which advises the NHS,)[^.]* against",
    "surgery after months or years": r"months, or even years",
    "fastest relief": r"short rest, gentle stretching, and heat or ice",
    "ibuprofen fast, not a fix": r"doesn't (treat|fix) the cause",
    "a week of home care then doctor": r"no better after about a week",
    "early doctor speeds recovery": r"speed up your recovery",
    "remedies that don't suit": r"remedies that don't suit",
    "unsure: call your doctor": r"unsure what to do",
    "ibuprofen cautions": r"pregnant, over sixty-five",
    "guideline: chest pain": r"chest pain",
    "guideline: cancer": r"had cancer",
    "guideline: weight loss": r"(losing|lost) weight without trying",
    "guideline: night pain": r"worse at night",
    "guideline: over fifty": r"after the age of fifty",
    "guideline: serious fall": r"serious fall",
    "never heat on numb skin": r"never (use|put) heat on skin that feels numb",
    "wrap ice": r"wrap",
}


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_every_seed_fact_is_spoken_somewhere(content: Content) -> None:
    everything = " ".join(spoken(content).values()).replace("\n", " ")
    missing = [fact for fact, pattern in SEED_FACTS.items()
               if not re.search(pattern, everything, re.IGNORECASE)]
    assert missing == []
