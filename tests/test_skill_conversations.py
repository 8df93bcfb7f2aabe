"""Whole conversations with the real lambda_handler, every response validated."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from hipback.config import Settings
from simulator.client import SKILL_ID, Match, NoMatch, Reply, SkillClient

WARNING_QUESTIONS = ["cauda_equina", "leg_function", "injury", "infection_swelling"]


@pytest.fixture
def client(tmp_path: Path) -> SkillClient:
    return SkillClient(tmp_path / "store.sqlite3")


def asked(reply: Reply) -> str | None:
    pending = reply.pending
    return pending[1] if pending and pending[0] == "question" else None


def no_until(client: SkillClient, reply: Reply, question: str) -> Reply:
    """Say no to every question until `question` is asked."""
    while asked(reply) != question:
        assert asked(reply) is not None, f"{question} was never asked"
        reply = client.say("AMAZON.NoIntent")
    return reply


def answer_all_no(client: SkillClient, reply: Reply) -> Reply:
    while asked(reply) not in (None, "duration"):
        reply = client.say("AMAZON.NoIntent")
    return reply


def test_launch_welcomes_with_disclaimer_and_asks_how_long(client: SkillClient) -> None:
    reply = client.launch()
    assert "not a diagnosis" in reply.speech
    assert "911" in reply.ssml
    assert asked(reply) == "duration"
    assert not reply.ended


def test_self_care_path(client: SkillClient) -> None:
    client.launch()
    reply = answer_all_no(client, client.say("DurationIntent", duration="P3D"))
    assert reply.level == "self_care"
    assert reply.session["assessment"]["reasons"] == ["none"]
    assert reply.card is not None and reply.card[1]
    assert not reply.ended  # a follow-up offer is pending
    reply = client.say("AMAZON.YesIntent")
    assert "ice" in reply.speech.lower()


def test_doctor_path_for_three_weeks(client: SkillClient) -> None:
    client.launch()
    reply = answer_all_no(client, client.say("DurationIntent", vagueDuration=Match("few_weeks")))
    assert reply.level == "doctor"
    assert "duration_three_weeks" in reply.session["assessment"]["reasons"]


def test_doctor_path_when_home_care_has_not_helped(client: SkillClient) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="P10D")
    reply = no_until(client, reply, "home_care")
    reply = client.say("AMAZON.YesIntent")
    assert reply.level == "doctor"
    assert reply.session["assessment"]["reasons"] == ["home_care_failed"]


def test_months_of_pain_mentions_a_specialist(client: SkillClient) -> None:
    client.launch()
    reply = answer_all_no(client, client.say("DurationIntent", duration="P6M"))
    assert reply.level == "doctor"
    assert "specialist" in reply.speech.lower()


def test_prompt_path(client: SkillClient) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="P2D")
    reply = no_until(client, reply, "severe_pain")
    reply = client.say("AMAZON.YesIntent")
    assert reply.level == "prompt"


def test_urgent_path_for_fever(client: SkillClient) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="P2D")
    reply = no_until(client, reply, "infection_swelling")
    reply = client.say("AMAZON.YesIntent")
    assert reply.level == "urgent"
    assert not reply.ended


@pytest.mark.parametrize("question", ["cauda_equina", "leg_function", "injury"])
def test_emergency_yes_stops_the_questions_and_only_offers_to_repeat(
    client: SkillClient, question: str
) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="P2D")
    reply = no_until(client, reply, question)
    reply = client.say("AMAZON.YesIntent")
    assert reply.level == "emergency"
    assert reply.pending == ("emergency", "")  # no more questions, only "say that again?"
    assert "911" in reply.ssml and "drive yourself" in reply.speech
    assert reply.card is not None and "911" in reply.card[1]
    again = client.say("AMAZON.RepeatIntent")
    assert again.speech == reply.speech and not again.ended
    again = client.say("AMAZON.YesIntent")
    assert again.speech == reply.speech
    done = client.say("AMAZON.NoIntent")
    assert done.ended and "911" in done.ssml


def test_volunteered_sign_mid_dialog_is_acted_on_at_once(client: SkillClient) -> None:
    client.launch()
    client.say("DurationIntent", duration="P2D")
    reply = client.say("ReportSymptomIntent", symptom=Match("bladder_bowel"))
    assert reply.level == "emergency"
    assert reply.pending == ("emergency", "")


def test_duration_with_a_volunteered_fever_skips_what_cannot_raise_the_tier(
    client: SkillClient,
) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="P1W", symptom=Match("fever"))
    seen = []
    while (question := asked(reply)) is not None:
        seen.append(question)
        reply = client.say("AMAZON.NoIntent")
    assert seen == ["cauda_equina", "leg_function", "injury"]
    assert reply.level == "urgent"


def test_info_question_mid_assessment_then_resume(client: SkillClient) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="P2D")
    before = asked(reply)
    reply = client.say("HeatIceIntent")
    assert "ice" in reply.speech.lower()
    assert asked(reply) == before
    assert reply.speech.endswith("?")
    reply = client.say("ConditionInfoIntent", condition=Match("herniated_disc"))
    assert "disc" in reply.speech.lower()
    assert asked(reply) == before


def test_not_sure_twice_gives_at_least_urgent(client: SkillClient) -> None:
    client.launch()
    first = client.say("DurationIntent", duration="P2D")
    assert asked(first) == "cauda_equina"
    explained = client.say("HedgeIntent", hedge=Match("unknown"))
    assert asked(explained) == "cauda_equina"
    assert explained.speech != first.speech  # the explanation, not the same words again
    reply = client.say("HedgeIntent", hedge=Match("unknown"))
    reply = answer_all_no(client, reply)
    assert reply.level in ("urgent", "emergency")
    assert reply.level == "urgent"
    assert reply.session["assessment"]["reasons"] == ["unsure_cauda_equina"]


def test_not_sure_how_long_twice_is_treated_with_caution(client: SkillClient) -> None:
    client.launch()
    reply = client.say("HedgeIntent", hedge=Match("unknown"))
    assert asked(reply) == "duration"
    reply = client.say("HedgeIntent", hedge=Match("unknown"))
    reply = answer_all_no(client, reply)
    assert reply.level == "doctor"


def test_symptom_no_match_is_reasked_never_read_back(client: SkillClient) -> None:
    client.launch()
    before = client.say("DurationIntent", duration="P2D")
    reply = client.say("ReportSymptomIntent", symptom=NoMatch("purple elephants"))
    assert "purple" not in reply.ssml
    assert asked(reply) == asked(before)
    assert reply.level is None


def test_unparsable_duration_is_reasked_with_choices(client: SkillClient) -> None:
    client.launch()
    reply = client.say("DurationIntent", duration="?")
    assert asked(reply) == "duration"
    assert "?" in reply.speech
    reply = client.say("DurationIntent", vagueDuration=NoMatch("since the war"))
    assert "war" not in reply.ssml
    assert asked(reply) == "duration"
    reply = client.say("DurationIntent", duration="P3D")
    assert asked(reply) == "cauda_equina"


def test_a_date_with_the_story_of_how_it_started_answers_how_long(client: SkillClient) -> None:
    # "Since Saturday, I was pulling up the bean canes": the story holds no sign and meant
    # nothing to the reader, but the length was taken, so the next question follows.
    client.launch()
    story = NoMatch("was pulling up the old runner bean canes and digging over the beds")
    reply = client.say("DurationIntent", since="2026-11-28", symptom=story)
    assert asked(reply) == "cauda_equina"
    assert reply.session["answers"]["duration_hours"] > 0
    # Said to another question, a length is no answer to it: the question is asked again.
    reply = client.say("DurationIntent", since="2026-11-28", symptom=story)
    assert asked(reply) == "cauda_equina"
    assert "replies" not in reply.session["answers"]


def test_yes_to_how_long_offers_choices(client: SkillClient) -> None:
    client.launch()
    reply = client.say("AMAZON.YesIntent")
    assert asked(reply) == "duration"


def walk_to(client: SkillClient, step: int) -> Reply:
    """The reply at a step of a self-care conversation.

    Step 0 is the welcome (asking how long), 1 to 5 the warning and severity questions, 6 the
    outcome with its follow-up offer.
    """
    reply = client.launch()
    if step >= 1:
        reply = client.say("DurationIntent", duration="P2D")
    for _ in range(step - 1):
        reply = client.say("AMAZON.NoIntent")
    return reply


def test_the_walk_covers_every_kind_of_step(tmp_path: Path) -> None:
    questions = [asked(walk_to(SkillClient(tmp_path / f"{step}.db"), step)) for step in range(7)]
    assert questions == ["duration", *WARNING_QUESTIONS, "severe_pain", None]


@pytest.mark.parametrize("step", range(7))
def test_help_repeat_and_fallback_at_every_step(tmp_path: Path, step: int) -> None:
    for intent in ("AMAZON.HelpIntent", "AMAZON.RepeatIntent", "AMAZON.FallbackIntent"):
        fresh = SkillClient(tmp_path / f"{intent}.sqlite3")
        here = walk_to(fresh, step)
        reply = fresh.say(intent)
        assert not reply.ended
        assert asked(reply) == asked(here)
        if intent == "AMAZON.RepeatIntent":
            assert reply.ssml == here.ssml
        if intent == "AMAZON.HelpIntent" and asked(here):
            assert reply.speech != here.speech


@pytest.mark.parametrize("step", range(6))
@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_end_politely_at_every_step(tmp_path: Path, step: int, intent: str) -> None:
    client = SkillClient(tmp_path / "store.sqlite3")
    walk_to(client, step)
    reply = client.say(intent)
    assert reply.ended
    # Mid-assessment, the goodbye carries the one safety line.
    assert "911" in reply.ssml


def test_stop_after_the_outcome_ends_without_the_safety_line(client: SkillClient) -> None:
    client.launch()
    answer_all_no(client, client.say("DurationIntent", duration="P2D"))
    reply = client.say("AMAZON.StopIntent")
    assert reply.ended


@pytest.mark.parametrize("step", range(7))
def test_start_over_at_every_step_asks_how_long_again(tmp_path: Path, step: int) -> None:
    client = SkillClient(tmp_path / "store.sqlite3")
    walk_to(client, step)
    reply = client.say("AMAZON.StartOverIntent")
    assert asked(reply) == "duration"
    assert reply.session["answers"].get("replies", {}) == {}


def test_second_consecutive_miss_offers_help(client: SkillClient) -> None:
    client.launch()
    first = client.say("AMAZON.FallbackIntent")
    second = client.say("AMAZON.FallbackIntent")
    assert first.speech != second.speech
    assert asked(second) == "duration"
    # Understanding resets the count.
    client.say("DurationIntent", duration="P2D")
    third = client.say("AMAZON.FallbackIntent")
    assert "back to" in third.speech.lower() or asked(third) == "cauda_equina"


def test_one_shot_information_question_ends_cleanly(client: SkillClient) -> None:
    reply = client.say("CausesIntent")
    assert reply.ended
    assert reply.speech


def test_one_shot_assessment_with_volunteered_duration(client: SkillClient) -> None:
    reply = client.say("StartAssessmentIntent", duration="P2W", location=Match("lower_back"))
    assert "not a diagnosis" in reply.speech  # first-time user: the disclaimer
    assert asked(reply) == "cauda_equina"


def test_one_shot_with_a_warning_sign_goes_straight_to_advice(client: SkillClient) -> None:
    reply = client.say("StartAssessmentIntent", location=Match("hip"), symptom=Match("fever"))
    assert reply.level is None
    assert asked(reply) == "cauda_equina"


def test_en_gb_gives_999_and_nhs_111(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "store.sqlite3", locale="en-GB")
    reply = client.launch()
    assert "999" in reply.ssml and "911" not in reply.ssml
    client.say("DurationIntent", duration="P2D")
    reply = client.say("AMAZON.YesIntent")
    assert reply.level == "emergency"
    assert "999" in reply.ssml and "911" not in reply.ssml
    urgent = SkillClient(tmp_path / "other.sqlite3", locale="en-GB")
    urgent.launch()
    reply = urgent.say("DurationIntent", duration="P2D", symptom=Match("fever"))
    reply = answer_all_no(urgent, reply)
    assert reply.level == "urgent"
    assert "111" in reply.ssml


def test_unsupported_locale_names_no_number(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "store.sqlite3", locale="fr-FR")
    reply = client.launch()
    assert "local emergency number" in reply.speech
    for number in ("911", "999", "112", "000"):
        assert number not in reply.ssml


def test_contact_clinic_from_configuration(tmp_path: Path) -> None:
    settings = Settings(
        skill_id=SKILL_ID, clinic_name="Spine & Joint <Care>", clinic_phone="+1 555 0100"
    )
    client = SkillClient(tmp_path / "store.sqlite3", settings=settings)
    client.launch()
    reply = client.say("ContactClinicIntent")
    assert '<say-as interpret-as="telephone">+1 555 0100</say-as>' in reply.ssml
    assert "Spine &amp; Joint &lt;Care&gt;" in reply.ssml
    assert reply.card is not None and "+1 555 0100" in reply.card[1]
    assert "Spine & Joint <Care>" in reply.card[1]


def test_contact_without_configuration_advises_own_doctor(client: SkillClient) -> None:
    client.launch()
    reply = client.say("ContactClinicIntent")
    assert "doctor" in reply.speech.lower()


def test_session_ended_gets_no_speech(client: SkillClient) -> None:
    client.launch()
    reply = client.end("EXCEEDED_MAX_REPROMPTS")
    assert reply.speech == ""


def test_other_skill_ids_get_no_skill_response(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "store.sqlite3")
    client.launch()
    envelope = client.envelopes.launch(client._session())
    foreign = copy.deepcopy(envelope)
    foreign["session"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    foreign["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    with pytest.raises(Exception, match="Verification"):
        client.handler(foreign, None)
    # The same request from our own skill is answered.
    assert client.handler(envelope, None)["response"]["outputSpeech"]


def reach_urgent(client: SkillClient) -> Reply:
    client.launch()
    reply = client.say("DurationIntent", duration="P2D", symptom=Match("fever"))
    return answer_all_no(client, reply)


def test_urgent_follow_up_offers_the_clinic_when_configured(tmp_path: Path) -> None:
    settings = Settings(skill_id=SKILL_ID, clinic_name="Spine Clinic", clinic_phone="555 0100")
    client = SkillClient(tmp_path / "store.sqlite3", settings=settings)
    assert reach_urgent(client).level == "urgent"
    reply = client.say("AMAZON.YesIntent")
    assert "555 0100" in reply.ssml


def test_urgent_follow_up_without_a_clinic_offers_what_to_watch_for(client: SkillClient) -> None:
    assert reach_urgent(client).level == "urgent"
    reply = client.say("AMAZON.YesIntent")
    asked_directly = client.say("WhenToWorryIntent")
    assert reply.ssml == asked_directly.ssml


def test_a_volunteered_sign_is_acknowledged_when_questions_remain(tmp_path: Path) -> None:
    client = SkillClient(tmp_path / "store.sqlite3")
    client.launch()
    plain = client.say("DurationIntent", duration="P2D")
    other = SkillClient(tmp_path / "other.sqlite3")
    other.launch()
    noted = other.say("DurationIntent", duration="P2D", symptom=Match("fever"))
    assert asked(noted) == asked(plain) == "cauda_equina"
    assert noted.speech.endswith(plain.speech)
    assert len(noted.speech) > len(plain.speech)


def test_forget_me_says_so_when_the_store_cannot_delete(tmp_path: Path) -> None:
    # A directory where the database file should be: every store call fails.
    client = SkillClient(tmp_path)
    client.launch()
    client.say("ForgetMeIntent")
    reply = client.say("AMAZON.YesIntent")
    assert reply.ended
    working = SkillClient(tmp_path / "store.sqlite3")
    working.launch()
    working.say("ForgetMeIntent")
    assert reply.speech != working.say("AMAZON.YesIntent").speech
