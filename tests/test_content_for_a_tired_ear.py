"""Said for a tired ear: every outcome, question, re-ask and answer, as the skill speaks it.

Someone lying down in pain hears each turn once. So the first thing said after an assessment is
short (the one thing to do, when, and the one sign to act on; the rest waits in a "more" layer),
every turn asks one question, a spoken list holds at most three items, a medical term comes
after its plain name, and nothing asks a person whose leg may give way to stand on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hipback.content import SUPPORTED_LOCALES, Content, for_locale
from hipback.content.render import ssml_to_text
from hipback.handlers.info import TOPIC_INTENTS
from hipback.triage import CONDITIONS, QUESTIONS_BY_ID, Tier
from simulator.client import Match, Reply, SkillClient
from tests.content_languages import ENGLISH, Language, language_of
from tests.fast_set import slow_except

PARAMS = {"clinic_name": "Riverside Spine Clinic", "phone": "+1 555 010 0199"}
LOCALES = [*SUPPORTED_LOCALES, "fr-FR"]
CONTENTS = [for_locale(locale) for locale in LOCALES]

FIRST_LAYER_WORDS = 60
EMERGENCY_WORDS = 40
DETAILED_ANSWER_WORDS = 90
# After an answer given mid-assessment, the way back to the question: "Now, back to my
# question." and the question's short form.
SHORT_REASK_WORDS = 25
# A question's short form (its reprompt), said when the user is silent and after an answer
# given mid-assessment.
SHORT_QUESTION_WORDS = 15
# "Tell me more": one more layer (at most sixty words) and the offer that was open before.
MORE_TURN_WORDS = 75
MAX_LIST_ITEMS = 3
# A list item is a few words; a longer comma-separated piece is a clause that leads into it.
LIST_ITEM_WORDS = 5
# Guideline bodies mean nothing outside their own country.
FOREIGN_BODIES = {"en-GB": r"\b(ACP|CDC|FDA)\b", "en-US": r"\b(NICE|NHS|CKS)\b"}
# Elsewhere (and to every Spanish speaker), no guideline body of another country is named.
OTHER_BODIES = r"\b(NICE|NHS|CKS|ACP|CDC|FDA)\b"


def words(text: str) -> int:
    return len(text.split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!:])\s+", text.replace("\n", " ")) if s.strip()]


def list_items(sentence: str, language: Language = ENGLISH) -> int:
    """The items of the comma-separated run that ends a sentence with "and" or "or".

    "Call if you're pregnant, over sixty-five, or have had ulcers" has three: from the last
    piece back over the short pieces, and the piece that leads in holds the first item. A short
    piece that itself joins two things with "and" or "or" ("kidney or liver disease") is two.
    """
    joined = language.conjunctions
    pieces = [piece.strip() for piece in sentence.rstrip(".?!").split(",")]
    if len(pieces) < 2:
        return 0
    conjunction = joined.search(pieces[-1])
    head, tail = (pieces[-1][:conjunction.start()], pieces[-1][conjunction.end():]) \
        if conjunction else (pieces[-1], "")
    if joined.match(pieces[-1]):
        items = 1
    elif words(pieces[-1]) <= LIST_ITEM_WORDS and joined.search(pieces[-1]):
        items = 2  # "..., buttocks or genitals"
    elif (not language.serial_comma and tail and max(words(head), words(tail)) <= LIST_ITEM_WORDS
          and words(pieces[-2]) <= LIST_ITEM_WORDS and not language.lead_in.match(pieces[-2])):
        # "Descanse un poco, estire con suavidad y use calor o frío": with no comma before
        # "y", a short piece before it says the two share a run of items; after a clause
        # ("si tiene fiebre, llame a su médico o a su clínica") they are only two choices.
        items = 2
    else:
        return 0
    for piece in reversed(pieces[:-1]):
        if not piece:
            continue
        if words(piece) > LIST_ITEM_WORDS or language.lead_in.match(piece):
            return items + 1
        items += 1 + len(joined.findall(piece))
    return items


def longest_list(text: str, language: Language = ENGLISH) -> int:
    """The longest spoken list: a list that goes on in the next sentence is one list."""
    longest = run = previous = 0
    for sentence in sentences(text):
        items = list_items(sentence, language)
        run = run + items if items and previous >= MAX_LIST_ITEMS else items
        previous = items
        longest = max(longest, run)
    return longest


def spoken_keys(content: Content) -> list[str]:
    # Cards are read, not heard; the reasons are written only on the card.
    return [key for key in sorted(content.keys())
            if not key.endswith((".card_text", ".card_title")) and not key.startswith("reasons.")]


def said(content: Content, key: str) -> str:
    return content.text(key, **PARAMS)


# ---- the tests' own measures ----


def test_a_list_is_counted_across_the_sentences_it_runs_over() -> None:
    assert list_items("Rest briefly, stretch gently, and use heat or ice.") == 3
    assert list_items("Ask first if you're pregnant, over sixty-five, or have had ulcers.") == 3
    assert list_items("And ask if you have heart, kidney or liver disease, or take thinners.") == 4
    assert list_items("If it lingers, physical therapy helps.") == 0
    assert list_items("Numbness in your inner thighs, buttocks or genitals.") == 3
    assert list_items("A rough answer is fine, like three days, two weeks, or months.") == 3
    two_threes = "Causes are a strain, poor posture, or a disc. Others are a, b, or c."
    assert longest_list(two_threes) == 6
    assert longest_list("Causes are a strain, poor posture, or a disc. See a doctor.") == 3


def test_a_spanish_list_is_counted_by_its_own_words() -> None:
    spanish = language_of(for_locale("es-US"))
    assert list_items("Descanse un poco, estire con suavidad y use calor o frío.", spanish) == 3
    assert list_items("Consulte si está embarazada, tiene más de sesenta años, o ha tenido "
                      "úlceras.", spanish) == 3
    assert list_items("Si no se va, la fisioterapia ayuda.", spanish) == 0
    assert list_items("En los muslos, las nalgas o los genitales.", spanish) == 3
    assert list_items("Una idea basta, como tres días, dos semanas o unos meses.", spanish) == 3
    assert list_items("Si tiene fiebre o escalofríos de repente, llame hoy a su médico o a su "
                      "clínica.", spanish) == 0


# ---- every string that is spoken ----


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_each_thing_said_fits_one_breath_of_attention(content: Content) -> None:
    too_long = {key: words(said(content, key)) for key in spoken_keys(content)
                if not key.endswith(".more") and words(said(content, key)) > FIRST_LAYER_WORDS}
    assert too_long == {}


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_the_detail_layer_is_short_too(content: Content) -> None:
    too_long = {}
    for key in spoken_keys(content):
        if key.startswith(("topics.", "conditions.")) and key.endswith(".more"):
            detailed = words(said(content, key.replace(".more", ".standard"))) + words(
                said(content, key))
            if detailed > DETAILED_ANSWER_WORDS:
                too_long[key] = detailed
        elif key.endswith(".more") and words(said(content, key)) > FIRST_LAYER_WORDS:
            too_long[key] = words(said(content, key))
    assert too_long == {}


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_every_outcome_has_a_first_layer_and_a_more_layer(content: Content) -> None:
    for tier in Tier:
        first = said(content, f"outcomes.{tier.id}.speech")
        limit = EMERGENCY_WORDS if tier is Tier.EMERGENCY else FIRST_LAYER_WORDS
        assert words(first) <= limit, tier
        if tier is not Tier.EMERGENCY:
            assert content.has(f"outcomes.{tier.id}.more"), tier
    for extra in ("specialist", "unknown_duration"):
        both = said(content, "outcomes.doctor.speech") + " " + said(
            content, f"outcomes.doctor.{extra}")
        assert words(both) <= FIRST_LAYER_WORDS, extra
    assert words(said(content, "outcomes.urgent.unsure_speech")) <= FIRST_LAYER_WORDS


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_emergency_advice_gives_the_number_first(content: Content) -> None:
    language = language_of(content)
    first = sentences(said(content, "outcomes.emergency.speech"))[0]
    number = content.emergency_number or "your local emergency number"
    assert first.startswith(language.call) and number in first, first
    assert language.dont_drive.search(said(content, "outcomes.emergency.speech"))


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_each_string_asks_at_most_one_question(content: Content) -> None:
    doubles = [key for key in spoken_keys(content) if said(content, key).count("?") > 1]
    assert doubles == []


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_each_question_has_a_short_form_that_is_one_question(content: Content) -> None:
    for question in QUESTIONS_BY_ID:
        short = said(content, f"questions.{question}.reprompt")
        assert short.count("?") == 1 and short.endswith("?"), question
        assert words(short) <= SHORT_QUESTION_WORDS, (question, words(short))
        # "How long has the pain been going on?" is one word longer than the question itself.
        assert words(short) <= words(said(content, f"questions.{question}.ask")) + 1, question


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_no_spoken_list_has_more_than_three_items(content: Content) -> None:
    language = language_of(content)
    long_lists = {key: longest_list(said(content, key), language) for key in spoken_keys(content)
                  if longest_list(said(content, key), language) > MAX_LIST_ITEMS}
    assert long_lists == {}


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_medical_terms_come_after_their_plain_names(content: Content) -> None:
    unexplained = []
    for key in spoken_keys(content):
        for sentence in sentences(said(content, key)):
            for term, plain in language_of(content).jargon.items():
                found = re.search(term, sentence, re.IGNORECASE)
                if found is None:
                    continue
                before = re.search(plain, sentence[: found.start()], re.IGNORECASE)
                if before is None:
                    unexplained.append((key, term, sentence))
    assert unexplained == []


@pytest.mark.parametrize(("locale", "content"), list(zip(LOCALES, CONTENTS, strict=True)),
                         ids=LOCALES)
def test_no_guideline_body_the_listener_would_not_know(locale: str, content: Content) -> None:
    named = [key for key in spoken_keys(content)
             if re.search(FOREIGN_BODIES.get(locale, OTHER_BODIES), said(content, key))]
    assert named == []


@pytest.mark.parametrize("content", CONTENTS, ids=LOCALES)
def test_nothing_asks_someone_to_stand_on_a_leg_that_may_give_way(content: Content) -> None:
    # During an assessment; general advice ("get up and move every half hour") is another matter.
    unsafe_leg_check = language_of(content).unsafe_leg_check
    unsafe = [key for key in spoken_keys(content) if key.startswith(("questions.", "outcomes."))
              and unsafe_leg_check.search(said(content, key))]
    assert unsafe == []


# ---- whole turns, as the skill says them ----

Step = Callable[[SkillClient], Reply]


def asked(reply: Reply) -> str | None:
    pending = reply.pending
    return pending[1] if pending and pending[0] == "question" else None


def conversations(client: SkillClient) -> Iterator[tuple[str, Reply]]:
    """Every kind of turn: each tier, not sure, help, a miss, a question mid-assessment."""

    def until(
        duration: str, question: str | None, detailed: bool = False
    ) -> Iterator[tuple[str, Reply]]:
        reply = client.launch()
        yield "question", reply
        if detailed:
            yield "question", client.say("SetPreferenceIntent", style=Match("detailed"))
        reply = client.say("DurationIntent", duration=duration)
        while asked(reply) not in (question, None):
            yield "question", reply
            reply = client.say("AMAZON.NoIntent")
        yield ("question" if asked(reply) else "outcome"), reply

    for question in ("cauda_equina", "leg_function", "injury", "infection_swelling",
                     "severe_pain"):
        yield from until("P2D", question)
        yield "help", client.say("AMAZON.HelpIntent")
        yield "fallback", client.say("AMAZON.FallbackIntent")
        yield "fallback", client.say("AMAZON.FallbackIntent")
        yield "repeat", client.say("AMAZON.RepeatIntent")
        yield "outcome", client.say("AMAZON.YesIntent")
        if client.session is not None:
            yield "follow_up", client.say("AMAZON.YesIntent")
    for duration in ("P2D", "P3W", "P6M"):
        yield from until(duration, None)
    yield from until("P10D", "home_care")
    yield "outcome", client.say("AMAZON.YesIntent")
    yield from until("P2D", "cauda_equina")
    yield "explain", client.say("HedgeIntent", hedge=Match("unknown"))
    yield "outcome", client.say("HedgeIntent", hedge=Match("unknown"))
    yield from until("P2D", "leg_function")
    for intent in ("HeatIceIntent", "WhenToWorryIntent", "MedicationIntent", "CausesIntent"):
        yield "answer mid-assessment", client.say(intent)
    yield "explain", client.say("MoreIntent")
    # "Tell me more" after each tier's outcome, twice (the second time there is no more), and
    # after answers.
    endings: list[tuple[str, str | None]] = [
        ("P2D", "cauda_equina"), ("P2D", "infection_swelling"), ("P2D", "severe_pain"),
        ("P3W", None), ("P2D", None)]
    for duration, yes_to in endings:
        yield from until(duration, yes_to)
        if yes_to is not None:
            yield "outcome", client.say("AMAZON.YesIntent")
        yield "tell me more", client.say("MoreIntent")
        yield "tell me more", client.say("MoreIntent")
    for intent in TOPIC_INTENTS:
        yield "answer", client.say(intent)
        yield "tell me more", client.say("MoreIntent")
    for condition in CONDITIONS:
        yield "answer", client.say("ConditionInfoIntent", condition=Match(condition))
        yield "tell me more", client.say("MoreIntent")
    for duration in ("P2D", "P3W"):
        for kind, reply in until(duration, None, detailed=True):
            yield ("outcome, detailed" if kind == "outcome" else kind), reply
    yield from until("P2D", "cauda_equina", detailed=True)
    yield "explain", client.say("HedgeIntent", hedge=Match("unknown"))
    reply = client.say("HedgeIntent", hedge=Match("unknown"))
    while asked(reply) is not None:
        yield "question", reply
        reply = client.say("AMAZON.NoIntent")
    yield "outcome, detailed", reply
    for intent in TOPIC_INTENTS:
        client.session = None
        yield "one-shot answer", client.say(intent)
    for condition in CONDITIONS:
        client.session = None
        yield "one-shot answer", client.say("ConditionInfoIntent", condition=Match(condition))


def heard(reply: Reply) -> str:
    """The words of a reply, numbers as written ("911", one word, not "9 1 1")."""
    return ssml_to_text(reply.ssml).replace("\n", " ")


def guidance(content: Content, reply: Reply) -> tuple[str, str]:
    """An outcome turn's first layer (what comes before "I've sent this to your Alexa app"),
    and its more layer when the user asked for detail."""
    card_sent = said(content, "dialog.card_sent")
    before, _, _ = heard(reply).partition(card_sent)
    tier = reply.level or ""
    if content.has(f"outcomes.{tier}.more"):
        more = said(content, f"outcomes.{tier}.more").replace("\n", " ")
        if more in before:
            return before.replace(more, "").strip(), more
    return before.strip(), ""


# Whole conversations: the fast set has one locale of each language; every string of every
# locale is measured above, in the fast set too.
@pytest.mark.parametrize("locale", slow_except(LOCALES, "en-US", "es-US"))
def test_every_turn_asks_one_question_and_outcomes_are_short(
    tmp_path: Path, locale: str
) -> None:
    content = for_locale(locale)
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale)
    seen: dict[str, int] = {}
    problems = []
    for kind, reply in conversations(client):
        seen[kind] = seen.get(kind, 0) + 1
        if reply.speech.count("?") > 1:
            problems.append((kind, "asks more than one question", reply.speech))
        if kind.startswith("outcome"):
            first, more = guidance(content, reply)
            limit = EMERGENCY_WORDS if reply.level == "emergency" else FIRST_LAYER_WORDS
            if words(first) > limit:
                problems.append((kind, f"{words(first)} words", first))
            if kind == "outcome, detailed" and not more:
                problems.append((kind, "no more layer when detail was asked for", reply.speech))
        if kind == "one-shot answer" and words(heard(reply)) > FIRST_LAYER_WORDS:
            problems.append((kind, f"{words(heard(reply))} words", reply.speech))
        if kind == "answer mid-assessment":
            _, back, reask = heard(reply).partition(said(content, "dialog.back_to_question"))
            if not back or words(back + reask) > SHORT_REASK_WORDS:
                problems.append((kind, "not a short way back to the question", reply.speech))
        if kind == "tell me more" and words(heard(reply)) > MORE_TURN_WORDS:
            problems.append((kind, f"{words(heard(reply))} words", reply.speech))
        if kind == "tell me more" and heard(reply).startswith(said(content, "dialog.more_nothing")):
            seen["nothing more"] = seen.get("nothing more", 0) + 1
    assert problems == []
    levels = {reply.level for reply in client.replies if reply.level}
    assert levels == {tier.id for tier in Tier}
    assert seen["outcome, detailed"] == 3 and seen["explain"] == 3
    assert seen["tell me more"] == 2 * 5 + len(TOPIC_INTENTS) + len(CONDITIONS)
    # Only the second time after an outcome, and after emergency advice, is there no more.
    assert seen["nothing more"] == 5 + 1
    assert len(QUESTIONS_BY_ID) == 7
