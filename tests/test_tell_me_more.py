""""Tell me more" and the short re-ask, in real conversations with the lambda_handler.

"Tell me more" says the next layer of whatever the skill said last, then the same offer as
before; mid-assessment it explains the pending question and asks it again. An answer given
while a question is pending returns to that question in its short form, not the whole question.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hipback.content import SUPPORTED_LOCALES, Content, for_locale
from hipback.content.render import ssml_to_text
from simulator.client import Match, Reply, SkillClient
from tests.fast_set import slow_except

MORE = "MoreIntent"

# (how long, the question answered yes, or None for no to all): the tier that gives.
TIERS = {
    "emergency": ("P2D", "cauda_equina"),
    "urgent": ("P2D", "infection_swelling"),
    "prompt": ("P2D", "severe_pain"),
    "doctor": ("P3W", None),
    "self_care": ("P2D", None),
}


def heard(reply: Reply) -> str:
    return " ".join(ssml_to_text(reply.ssml).split())


def said(content: Content, key: str) -> str:
    return " ".join(content.text(key).split())


def asked(reply: Reply) -> str | None:
    pending = reply.pending
    return pending[1] if pending and pending[0] == "question" else None


def outcome(client: SkillClient, tier: str, style: str | None = None) -> Reply:
    duration, question = TIERS[tier]
    client.launch()
    if style is not None:
        client.say("SetPreferenceIntent", style=Match(style))
    reply = client.say("DurationIntent", duration=duration)
    while asked(reply) not in (question, None):
        reply = client.say("AMAZON.NoIntent")
    if question is not None:
        reply = client.say("AMAZON.YesIntent")
    assert reply.level == tier
    return reply


def ends_with_follow_up(reply: Reply, content: Content, tier: str) -> bool:
    # These clients have no clinic configured: where a tier offers the clinic, the offer is
    # what to watch for instead.
    offer = said(content, f"outcomes.{tier}.follow_up_no_clinic") if content.has(
        f"outcomes.{tier}.follow_up_no_clinic") else said(content, f"outcomes.{tier}.follow_up")
    return heard(reply).endswith(offer)


# The fast set talks in one locale of each language; the others differ in a few words of
# content, which test_content_text.py and test_content_for_a_tired_ear.py check in every locale.
@pytest.fixture(params=slow_except(SUPPORTED_LOCALES, "en-US", "es-US"))
def locale(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(tmp_path: Path, locale: str) -> SkillClient:
    return SkillClient(tmp_path / "store.sqlite3", locale=locale)


@pytest.fixture
def content(locale: str) -> Content:
    return for_locale(locale)


@pytest.mark.parametrize("tier", ["urgent", "prompt", "doctor", "self_care"])
def test_after_an_outcome_it_says_the_more_layer_then_the_same_offer(
    client: SkillClient, content: Content, tier: str
) -> None:
    first = outcome(client, tier)
    more = client.say(MORE)
    assert heard(more).startswith(said(content, f"outcomes.{tier}.more"))
    assert ends_with_follow_up(more, content, tier)
    assert more.pending == first.pending and more.level == tier
    # Said once, the more layer is the last: the next "tell me more" says so and offers again.
    again = client.say(MORE)
    assert heard(again).startswith(said(content, "dialog.more_nothing"))
    assert ends_with_follow_up(again, content, tier)
    # The offer still stands: yes takes it (after self care, the tips lead to the ice timer).
    taken = ("care", "ice_offer") if tier == "self_care" else ("anything", "")
    assert client.say("AMAZON.YesIntent").pending == taken


def test_who_heard_the_detail_already_hears_there_is_no_more(
    client: SkillClient, content: Content
) -> None:
    first = outcome(client, "self_care", style="detailed")
    assert said(content, "outcomes.self_care.more") in heard(first)
    more = client.say(MORE)
    assert heard(more).startswith(said(content, "dialog.more_nothing"))
    assert ends_with_follow_up(more, content, "self_care")


def test_after_emergency_advice_it_says_only_the_number_again(
    client: SkillClient, content: Content
) -> None:
    outcome(client, "emergency")
    more = client.say(MORE)
    assert heard(more) == " ".join(
        [said(content, "dialog.more_nothing"), said(content, "dialog.emergency_reprompt")])
    assert more.pending == ("emergency", "")


def test_after_a_topic_answer_it_offers_and_says_the_more_layer(
    client: SkillClient, content: Content
) -> None:
    outcome(client, "doctor")
    answer = client.say("AMAZON.YesIntent")  # "would you like to hear what might cause it?"
    offer = said(content, "dialog.more_offer")
    anything = said(content, "dialog.anything_else")
    assert heard(answer) == " ".join([said(content, "topics.causes.standard"), offer, anything])
    more = client.say(MORE)
    assert heard(more) == " ".join([said(content, "topics.causes.more"), anything])
    assert more.pending == ("anything", "")
    nothing = client.say(MORE)
    assert heard(nothing) == " ".join([said(content, "dialog.more_nothing"), anything])
    # Another question, then more of that one.
    client.say("HeatIceIntent")
    assert heard(client.say(MORE)).startswith(said(content, "topics.heat_ice.more"))


def test_after_a_condition_answer_it_says_that_conditions_more_layer(
    client: SkillClient, content: Content
) -> None:
    outcome(client, "self_care")  # after it, a question is an answer with nothing pending
    client.say("ConditionInfoIntent", condition=Match("herniated_disc"))
    more = client.say(MORE)
    assert heard(more).startswith(said(content, "conditions.herniated_disc.more"))


def test_a_short_answer_grows_to_the_standard_one(client: SkillClient, content: Content) -> None:
    outcome(client, "self_care", style="brief")
    brief = client.say("SurgeryIntent")
    assert heard(brief).startswith(said(content, "topics.surgery.brief"))
    assert said(content, "dialog.more_offer") in heard(brief)
    standard = client.say(MORE)
    assert heard(standard).startswith(said(content, "topics.surgery.standard"))
    assert said(content, "dialog.more_offer") in heard(standard)
    assert heard(client.say(MORE)).startswith(said(content, "topics.surgery.more"))


def test_a_detailed_answer_offers_no_more(client: SkillClient, content: Content) -> None:
    outcome(client, "self_care", style="detailed")
    answer = client.say("HeatIceIntent")
    assert said(content, "dialog.more_offer") not in heard(answer)
    assert heard(client.say(MORE)).startswith(said(content, "dialog.more_nothing"))


def test_with_nothing_said_before_it_says_so_and_offers_the_questions(
    client: SkillClient, content: Content
) -> None:
    reply = client.say(MORE)  # "Alexa, ask hip and back helper to tell me more"
    assert heard(reply) == " ".join(
        [said(content, "dialog.more_nothing"), said(content, "dialog.start_prompt")])
    assert not reply.ended and reply.pending == ("start", "")
    assert client.say("AMAZON.YesIntent").pending == ("question", "duration")


def test_contact_details_have_no_more_layer(client: SkillClient, content: Content) -> None:
    outcome(client, "self_care")
    answer = client.say("ContactClinicIntent")
    assert said(content, "dialog.more_offer") not in heard(answer)
    assert heard(client.say(MORE)).startswith(said(content, "dialog.more_nothing"))


@pytest.mark.parametrize("question", ["duration", "cauda_equina", "leg_function", "severe_pain"])
def test_mid_assessment_it_explains_the_pending_question_and_asks_again(
    client: SkillClient, content: Content, question: str
) -> None:
    reply = client.launch()
    if question != "duration":
        reply = client.say("DurationIntent", duration="P2D")
    while asked(reply) != question:
        reply = client.say("AMAZON.NoIntent")
    answers = reply.session.get("answers")
    more = client.say(MORE)
    assert heard(more) == said(content, f"questions.{question}.explain")
    assert more.reprompt == said(content, f"questions.{question}.reprompt")
    # Nothing is recorded: the question is still the one asked.
    assert asked(more) == question and more.session.get("answers") == answers
    # And an answer now answers it.
    if question == "duration":
        assert asked(client.say("DurationIntent", duration="P2D")) == "cauda_equina"
    else:
        assert asked(client.say("AMAZON.NoIntent")) != question


def test_an_answer_mid_assessment_returns_with_the_short_question(
    client: SkillClient, content: Content
) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="P2D")
    while asked(reply) != "leg_function":
        reply = client.say("AMAZON.NoIntent")
    answer = client.say("HeatIceIntent")
    short = said(content, "questions.leg_function.reprompt")
    assert heard(answer) == " ".join(
        [said(content, "topics.heat_ice.standard"), said(content, "dialog.back_to_question"),
         short])
    assert said(content, "questions.leg_function.ask") not in heard(answer)
    assert answer.speech.count("?") == 1 and answer.reprompt == short
    assert asked(answer) == "leg_function"
    # And "tell me more" now is about the question, not the answer.
    assert heard(client.say(MORE)) == said(content, "questions.leg_function.explain")


@pytest.mark.parametrize(
    "forged",
    ["questions.cauda_equina.ask", "topics.nope.standard", "dialog.error", "welcome.first_run",
     "outcomes.emergency.speech", "x" * 50, " ".join(["topics.causes.brief"] * 40)],
)
def test_a_forged_last_turn_gives_no_more_than_the_content_has(
    client: SkillClient, content: Content, forged: str
) -> None:
    outcome(client, "self_care")
    client.say("HeatIceIntent")
    assert client.session is not None
    client.session.attributes["last"] = {"speech": forged, "reprompt": forged}
    reply = client.say(MORE)
    assert heard(reply).startswith(said(content, "dialog.more_nothing"))
