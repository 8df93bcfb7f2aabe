"""Checks on every string in every locale: complete, valid SSML, right numbers, for the ear."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hipback.content import SUPPORTED_LOCALES, Content, for_locale
from hipback.content.loader import CONTENT_DIR
from hipback.content.render import ssml_to_text
from hipback.triage import ALL_SIGNS, QUESTIONS_BY_ID, Tier
from hipback.triage.rules import NO_FINDINGS, RULES
from tests.content_languages import language_of

QUESTIONS = ("duration", "cauda_equina", "leg_function", "injury", "infection_swelling",
             "severe_pain", "home_care")
TIERS = ("emergency", "urgent", "prompt", "doctor", "self_care")
WARNING_SIGNS = ("bladder_bowel", "saddle_numbness", "leg_weakness", "cannot_move",
                 "serious_injury", "fever", "hip_swelling", "chest_pain", "collapse",
                 "cancer_history", "weight_loss", "night_pain", "new_over_fifty", "severe_pain")
OTHER_REASONS = ("unsure_cauda_equina", "unsure_leg_function", "unsure_injury",
                 "unsure_infection_swelling", "unsure_severe_pain", "duration_three_weeks",
                 "duration_months", "duration_unknown", "home_care_failed", "none")
TOPICS = ("causes", "heat_ice", "fastest_relief", "when_to_worry", "one_sided",
          "physical_therapy", "surgery", "medication", "alternative_therapy", "home_care")
CONDITIONS = ("strain_sprain", "posture", "herniated_disc", "si_joint", "hip_impingement",
              "nerve_impingement", "arthritis")
DIALOG = ("card_sent", "back_to_question", "anything_else", "help_general", "help_assessment",
          "fallback_first", "fallback_second", "goodbye", "goodbye_mid_assessment", "error",
          "repeat_nothing", "start_over", "symptom_no_match", "duration_no_match",
          "yes_no_unexpected", "not_sure_unexpected", "contact_configured",
          "contact_not_configured", "contact_card_title", "preference_brief_set",
          "preference_detailed_set", "forget_confirm", "forget_done", "forget_cancelled",
          "start_prompt", "followup_declined")

# The keys the handlers are written against.
REQUIRED_KEYS = frozenset(
    ["welcome.first_run", "welcome.returning", "welcome.one_shot_disclaimer",
     "questions.duration.choices", "ibuprofen.cautions",
     "outcomes.urgent.unsure_speech", "outcomes.doctor.specialist",
     "outcomes.doctor.unknown_duration"]
    + [f"questions.{q}.{part}" for q in QUESTIONS
       for part in ("ask", "reprompt", "help", "explain")]
    + [f"outcomes.{t}.{part}" for t in TIERS for part in ("speech", "card_title", "card_text")]
    + [f"outcomes.{t}.follow_up" for t in TIERS if t != "emergency"]
    + [f"reasons.{r}" for r in WARNING_SIGNS + OTHER_REASONS]
    + [f"{group}.{i}.{length}" for group, ids in (("topics", TOPICS), ("conditions", CONDITIONS))
       for i in ids for length in ("brief", "standard", "more")]
    + [f"dialog.{d}" for d in DIALOG]
)

PARAMS = {"clinic_name": "Riverside Spine Clinic", "phone": "+1 555 010 0199"}
ALLOWED_TAGS = {"speak", "break", "say-as", "s", "p", "emphasis"}
# Alexa's limit for one <break>.
MAX_HOLD_MS = 10_000

# en-AU once the device is known to be in New Zealand too: its own facts.
CONTENTS = [for_locale(locale) for locale in SUPPORTED_LOCALES] + [
    for_locale("fr-FR"), for_locale("en-AU", "NZ")
]
CONTENT_IDS = [*SUPPORTED_LOCALES, "unsupported", "en-AU-NZ"]
ALL_KEYS = sorted(frozenset().union(*(content.keys() for content in CONTENTS)))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!:])\s+", text.replace("\n", " ")) if s.strip()]


def speech_tree(content: Content, key: str) -> ET.Element:
    return ET.fromstring(f"<speak>{content.ssml(key, **PARAMS)}</speak>")


def text_outside_say_as(element: ET.Element) -> str:
    parts = [] if element.tag == "say-as" else [element.text or ""]
    for child in element:
        parts.append(text_outside_say_as(child))
        parts.append(child.tail or "")
    return "".join(parts)


def all_text(content: Content) -> str:
    return "\n".join(content.text(key, **PARAMS) for key in sorted(content.keys()))


# ---- complete ----


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_every_locale_has_every_key(content: Content) -> None:
    assert sorted(REQUIRED_KEYS - content.keys()) == []
    assert sorted(set(ALL_KEYS) - content.keys()) == []


def test_emergency_outcome_ends_the_session_without_a_follow_up() -> None:
    for content in CONTENTS:
        assert not content.has("outcomes.emergency.follow_up")


# ---- valid SSML, short enough ----


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_every_string_renders_as_ssml_with_allowed_tags(content: Content) -> None:
    for key in sorted(content.keys()):
        root = speech_tree(content, key)
        for element in root.iter():
            assert element.tag in ALLOWED_TAGS, (key, element.tag)
            if element.tag == "break":
                assert set(element.attrib) == {"time"}, key
                match = re.fullmatch(r"(\d+)ms", element.get("time", ""))
                # A pause between words is short; the routine's holds are counted in pauses,
                # each at most Alexa's limit of ten seconds.
                longest = MAX_HOLD_MS if key.startswith("routine.") else 1000
                assert match and int(match.group(1)) <= longest, key
            elif element.tag == "say-as":
                assert element.get("interpret-as") in {"digits", "telephone"}, key
            elif element.tag == "emphasis":
                assert element.attrib == {"level": "moderate"}, key
            else:
                assert element.attrib == {}, key
        text = content.text(key, **PARAMS)
        assert text and "{" not in text and "}" not in text, key
        assert "<" not in text and "&" not in text, key


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_no_text_is_too_long_for_alexa(content: Content) -> None:
    for key in sorted(content.keys()):
        assert len(f"<speak>{content.ssml(key, **PARAMS)}</speak>") <= 8000, key
    for tier in TIERS:
        card = content.text(f"outcomes.{tier}.card_title") + content.text(
            f"outcomes.{tier}.card_text")
        assert len(card) <= 8000


def test_no_raw_ampersand_in_content_files() -> None:
    files = sorted(Path(CONTENT_DIR).glob("*.toml"))
    assert len(files) >= 3
    for path in files:
        assert "&" not in path.read_text(encoding="utf-8"), path.name


# ---- questions end with a question mark ----


def must_ask(key: str) -> bool:
    return (
        key.startswith("questions.")
        or key.endswith(".follow_up")
        or key in {"dialog.anything_else", "dialog.help_general", "dialog.fallback_second",
                   "dialog.error", "dialog.forget_confirm", "dialog.start_prompt"}
    )


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_questions_end_with_a_question_mark(content: Content) -> None:
    asking = [key for key in sorted(content.keys()) if must_ask(key)]
    assert len(asking) >= len(QUESTIONS) * 4 + 1 + 4 + 6
    for key in asking:
        assert content.text(key, **PARAMS).endswith("?"), key


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_statements_the_handler_follows_with_a_question_do_not_ask(content: Content) -> None:
    # The handler appends the pending question: a question here would ask two at once.
    for key in ("welcome.first_run", "welcome.returning", "dialog.back_to_question",
                "dialog.fallback_first", "dialog.symptom_no_match", "dialog.duration_no_match",
                "dialog.help_assessment", "dialog.card_sent"):
        assert "?" not in content.text(key), key


# ---- numbers ----


@pytest.mark.parametrize(("locale", "own", "foreign"), [
    ("en-GB", "999", {"911", "112", "000"}),
    ("en-US", "911", {"999", "112", "000", "111"}),
    ("es-US", "911", {"999", "112", "000", "111", "024"}),
    # Not "000": Mexico's crisis line, 800 911 2000, ends with it.
    ("es-MX", "911", {"999", "112", "111", "988", "024"}),
    ("es-ES", "112", {"911", "999", "000", "988"}),
])
def test_each_locale_speaks_only_its_own_emergency_number(
    locale: str, own: str, foreign: set[str]
) -> None:
    content = for_locale(locale)
    text = all_text(content)
    assert own in text
    for number in foreign:
        assert number not in text, number
    for tier in ("emergency", "urgent", "prompt", "self_care"):
        assert own in content.text(f"outcomes.{tier}.speech"), tier
    assert own in content.text("welcome.first_run")
    assert own in content.text("welcome.returning")
    assert own in content.text("dialog.goodbye_mid_assessment")


def test_unsupported_locale_speaks_no_number() -> None:
    content = for_locale("en-ZA")
    text = all_text(content).replace(PARAMS["phone"], "")
    assert not re.search(r"\d", text)
    assert text.count("your local emergency number") >= 5


# The crisis lines of docs/clinical.md, "Numbers by locale".
CRISIS_DIGITS = {
    "en-US": "988", "en-CA": "988", "en-IN": "14416", "es-US": "988", "es-ES": "024"
}
CRISIS_PHONES = {"en-GB": "116 123", "en-AU": "13 11 14", "es-MX": "800 911 2000"}
# Numbers a locale's own strings or facts say beside its emergency number and crisis line:
# NHS 111; 811 for a nurse; New Zealand's 111 and 1737; healthdirect; the ambulance's 108.
OTHER_DIGITS = {
    "en-GB": {"111"}, "en-CA": {"811"}, "en-AU": {"000", "111", "1737"}, "en-IN": {"108"}
}
OTHER_PHONES = {"en-AU": {"1800 022 222", "0800 611 116"}}


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_numbers_are_spoken_as_words(content: Content) -> None:
    local = content.locale if content.supported else None
    allowed = {content.emergency_number, CRISIS_DIGITS.get(local or "")} | OTHER_DIGITS.get(
        local or "", set()
    )
    phones = {PARAMS["phone"], CRISIS_PHONES.get(local or "")} | OTHER_PHONES.get(
        local or "", set()
    )
    for key in sorted(content.keys()):
        root = speech_tree(content, key)
        assert not re.search(r"\d", text_outside_say_as(root)), key
        for say_as in root.iter("say-as"):
            if say_as.get("interpret-as") == "digits":
                assert say_as.text in allowed, key
            else:
                assert say_as.text in phones, key


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "es-US", "es-MX", "es-ES"])
def test_the_crisis_line_is_the_locales_own(locale: str) -> None:
    text = for_locale(locale).text("safety.self_harm")
    own = CRISIS_DIGITS.get(locale) or CRISIS_PHONES[locale]
    assert own in text
    others = (set(CRISIS_DIGITS.values()) | set(CRISIS_PHONES.values())) - {own}
    assert not any(number in text for number in others)
    assert for_locale(locale).emergency_number in text


# ---- local wording ----

BRITISH = re.compile(r"\bA and E\b|\bNHS\b|\bGP\b|physio|tumour", re.IGNORECASE)
AMERICAN = re.compile(
    r"physical therap|emergency room|urgent care|doctor's office|\btumor\b", re.IGNORECASE
)


def test_british_english_uses_british_services_and_words() -> None:
    text = all_text(for_locale("en-GB"))
    assert not AMERICAN.findall(text)
    assert "physiotherap" in text
    assert "GP" in text


@pytest.mark.parametrize("locale", ["en-US", "de-DE"])
def test_american_and_fallback_english_have_no_british_services(locale: str) -> None:
    assert not BRITISH.findall(all_text(for_locale(locale)))


def flat_strings(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(flat_strings(value, f"{prefix}{name}."))
        elif isinstance(value, str):
            flat[f"{prefix}{name}"] = value
    return flat


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_locale_files_override_only_with_different_words(locale: str) -> None:
    # A copy of the base wording in a locale file would silently stop following edits to it.
    own = flat_strings(
        tomllib.loads(Path(CONTENT_DIR, f"{locale}.toml").read_text(encoding="utf-8")))
    base = flat_strings(tomllib.loads(
        Path(CONTENT_DIR, f"{own['base']}.toml").read_text(encoding="utf-8")))
    copies = [key for key, value in own.items() if base.get(key) == value]
    assert copies == []
    strays = [key for key in own if not key.startswith(("facts.", "countries.")) and key != "base"
              and key not in base]
    assert strays == []


# ---- safety wording ----


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_never_claims_to_call_for_the_user(content: Content) -> None:
    claim = re.compile(r"\b(I|I'll|I will|I can|I'm|Alexa)\s+(call|calling|dial|phone|contact)",
                       re.IGNORECASE)
    assert not claim.findall(all_text(content))


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_guidance_points_to_the_right_service(content: Content) -> None:
    er = content.text("outcomes.emergency.speech")
    number = content.emergency_number or "your local emergency number"
    assert number in er
    assert content.facts["er"] in er
    urgent_help = ssml_to_text(content.facts["urgent_help"])
    assert urgent_help in content.text("outcomes.urgent.speech")
    assert urgent_help in content.text("outcomes.urgent.unsure_speech")
    language = language_of(content)
    for tier in ("urgent", "prompt", "doctor", "self_care"):
        assert language.call_word in content.text(f"outcomes.{tier}.card_text").lower(), tier
    assert language.not_a_diagnosis in content.text("welcome.first_run")
    assert language.not_a_diagnosis in content.text("welcome.one_shot_disclaimer")


# ---- in step with the triage core ----


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_every_reason_the_rules_give_has_a_sentence(content: Content) -> None:
    reasons = {rule.reason for rule in RULES} | {NO_FINDINGS}
    assert sorted(r for r in reasons if not content.has(f"reasons.{r}")) == []


@pytest.mark.parametrize("content", CONTENTS, ids=CONTENT_IDS)
def test_every_tier_and_question_of_the_triage_core_has_content(content: Content) -> None:
    for tier in Tier:
        assert content.has(f"outcomes.{tier.id}.speech"), tier
    for question in QUESTIONS_BY_ID:
        for part in ("ask", "reprompt", "help", "explain"):
            assert content.has(f"questions.{question}.{part}"), question
    for sign in ALL_SIGNS:
        assert content.has(f"reasons.{sign}"), sign
