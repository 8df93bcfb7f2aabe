"""The simulator's Alexa behaviour, against a small fake skill and a fake voice model.

The fakes are injected (no monkeypatching), so these tests pin what the simulator sends and how
it reads responses, independently of the real skill's wording.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest

from simulator.cli import main
from simulator.conversation import Simulator
from simulator.envelopes import DEFAULT_SKILL_ID, EnvelopeBuilder, Identity, user_id_for
from simulator.understanding import Understood

LOCALE = "en-US"


def _slot(name: str, value: str | None = None, value_id: str | None = None) -> dict[str, Any]:
    slot: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if value is not None:
        slot["value"] = value
        code = "ER_SUCCESS_MATCH" if value_id else "ER_SUCCESS_NO_MATCH"
        authority: dict[str, Any] = {
            "authority": f"amzn1.er-authority.echo-sdk.{DEFAULT_SKILL_ID}.WARNING_SIGN",
            "status": {"code": code},
        }
        if value_id:
            authority["values"] = [{"value": {"name": value, "id": value_id}}]
        slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
    return slot


class FakeUnderstander:
    """A voice model that knows a handful of phrases; everything else is a fallback."""

    PHRASES: ClassVar[dict[str, tuple[str, dict[str, Any]]]] = {
        "three days": ("DurationIntent", {"duration": {"name": "duration", "value": "P3D",
                                                       "confirmationStatus": "NONE"}}),
        "yes": ("AMAZON.YesIntent", {}),
        "no": ("AMAZON.NoIntent", {}),
        "stop": ("AMAZON.StopIntent", {}),
        "i have a fever": ("ReportSymptomIntent", {"symptom": _slot("symptom", "fever", "fever"),
                                                   "location": _slot("location")}),
        "i have purple legs": ("ReportSymptomIntent", {"symptom": _slot("symptom", "purple legs"),
                                                       "location": _slot("location")}),
        "what a slipped disc is": ("ConditionInfoIntent", {}),
        "sciatica": ("ConditionInfoIntent", {}),
        "check my back pain": ("StartAssessmentIntent", {}),
    }

    def __init__(self) -> None:
        self.heard: list[str] = []

    def understand(self, text: str) -> Understood:
        self.heard.append(text)
        intent, slots = self.PHRASES.get(text.lower(), ("AMAZON.FallbackIntent", {}))
        return Understood(intent=intent, slots=slots, score=1.0 if intent != "AMAZON.FallbackIntent"
                          else 0.1)


def _speak(ssml: str) -> dict[str, str]:
    return {"type": "SSML", "ssml": f"<speak>{ssml}</speak>"}


class FakeSkill:
    """Asks how long, then one yes/no question; yes is an emergency that ends the session."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        assert context.get_remaining_time_in_millis() > 0
        self.requests.append(event)
        request = event["request"]
        attributes = dict(event["session"].get("attributes") or {})
        attributes["turns"] = attributes.get("turns", 0) + 1
        if request["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        if request["type"] == "LaunchRequest":
            return self._ask("Welcome &amp; hello. How long have you had this pain?",
                             "How long has it hurt?", attributes)
        name = request["intent"]["name"]
        if name == "DurationIntent":
            attributes["asked"] = "cauda_equina"
            return self._ask("Any numbness?", "Any numbness? Yes or no.", attributes)
        if name == "AMAZON.YesIntent":
            attributes["assessment"] = {"level": "emergency"}
            return self._end("Call <say-as interpret-as=\"telephone\">911</say-as> now.",
                             attributes, card={"type": "Simple", "title": "Get help now",
                                               "content": "Call 911."})
        if name == "AMAZON.StopIntent":
            return self._end("Goodbye.", attributes)
        if name == "ConditionInfoIntent":
            return self._end("A slipped disc is a disc that bulges.", attributes)
        if name == "ReportSymptomIntent":
            return self._ask("Noted.", "Anything else?", attributes)
        if name == "AMAZON.NoIntent":
            raise RuntimeError("the fake skill has no answer to no")
        return self._ask("Sorry, I didn't get that. How long?", "How long?", attributes)

    @staticmethod
    def _ask(speech: str, reprompt: str, attributes: dict[str, Any]) -> dict[str, Any]:
        return {"version": "1.0", "sessionAttributes": attributes, "response": {
            "outputSpeech": _speak(speech), "reprompt": {"outputSpeech": _speak(reprompt)},
            "shouldEndSession": False}}

    @staticmethod
    def _end(speech: str, attributes: dict[str, Any],
             card: dict[str, Any] | None = None) -> dict[str, Any]:
        response: dict[str, Any] = {"outputSpeech": _speak(speech), "shouldEndSession": True}
        if card:
            response["card"] = card
        return {"version": "1.0", "sessionAttributes": attributes, "response": response}


def _run_json(lines: list[str], skill: FakeSkill | None = None,
              store: str = "/tmp/sim-test.sqlite3", extra: list[str] | None = None
              ) -> tuple[list[dict[str, Any]], int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--json", "--store", store, *(extra or [])],
                stdin=io.StringIO("".join(f"{line}\n" for line in lines)), stdout=out, stderr=err,
                handler=skill or FakeSkill(), understander=FakeUnderstander())
    return [json.loads(line) for line in out.getvalue().splitlines()], code, err.getvalue()


def test_launch_then_answers_carry_session_attributes_until_the_session_ends(tmp_path):
    skill = FakeSkill()
    turns, code, _ = _run_json(["open hip and back helper", "three days", "yes"], skill,
                               str(tmp_path / "s.sqlite3"))
    assert code == 0
    launch, duration, emergency = turns
    assert launch["intent"] is None and launch["end_session"] is False
    assert launch["speech"] == "Welcome & hello. How long have you had this pain?"
    assert launch["reprompt"] == "How long has it hurt?"
    assert duration["intent"] == "DurationIntent" and duration["slots"] == {"duration": "P3D"}
    assert emergency["end_session"] is True
    assert emergency["session"]["assessment"]["level"] == "emergency"
    assert emergency["session"]["turns"] == 3
    assert emergency["card"] == {"title": "Get help now", "text": "Call 911."}
    types = [r["request"]["type"] for r in skill.requests]
    assert types == ["LaunchRequest", "IntentRequest", "IntentRequest"]
    assert [r["session"]["new"] for r in skill.requests] == [True, False, False]
    assert len({r["session"]["sessionId"] for r in skill.requests}) == 1
    assert skill.requests[2]["session"]["attributes"]["asked"] == "cauda_equina"


def test_granted_permissions_are_in_the_envelopes(tmp_path):
    skill = FakeSkill()
    _run_json(["open hip and back helper"], skill, str(tmp_path / "s.sqlite3"),
              extra=["--grant", "timers,reminders"])
    scopes = skill.requests[0]["context"]["System"]["user"]["permissions"]["scopes"]
    assert scopes == {"alexa::alerts:timers:skill:readwrite": {"status": "GRANTED"},
                      "alexa::alerts:reminders:skill:readwrite": {"status": "GRANTED"}}


def test_an_unknown_permission_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        _run_json(["open hip and back helper"], FakeSkill(), str(tmp_path / "s.sqlite3"),
                  extra=["--grant", "camera"])
    assert "unknown permission(s): camera" in capsys.readouterr().err


def test_request_envelopes_have_alexas_shape(tmp_path):
    skill = FakeSkill()
    _run_json(["open hip and back helper", "i have a fever"], skill, str(tmp_path / "s.sqlite3"))
    launch, intent, ended = skill.requests
    assert ended["request"]["type"] == "SessionEndedRequest"  # end of input
    assert launch["version"] == "1.0"
    system = launch["context"]["System"]
    assert system["application"]["applicationId"] == launch["session"]["application"][
        "applicationId"]
    assert system["user"]["userId"] == launch["session"]["user"]["userId"]
    assert system["user"]["userId"].startswith("amzn1.ask.account.")
    assert system["device"]["deviceId"] and "supportedInterfaces" in system["device"]
    # Alexa's APIs are served on this machine (simulator/alexa_api.py), over HTTPS as Alexa's.
    assert re.fullmatch(r"https://127\.0\.0\.1:\d+", system["apiEndpoint"])
    assert system["apiAccessToken"]
    assert "permissions" not in system["user"]  # nothing granted without --grant
    for envelope in (launch, intent):
        request = envelope["request"]
        assert request["locale"] == LOCALE
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", request["timestamp"])
        assert request["requestId"].startswith("amzn1.echo-api.request.")
    assert launch["request"]["requestId"] != intent["request"]["requestId"]
    assert intent["request"]["intent"]["confirmationStatus"] == "NONE"
    assert intent["request"]["intent"]["slots"]["symptom"]["value"] == "fever"
    assert "dialogState" not in intent["request"]  # no dialog model for this intent


def test_application_id_comes_from_skill_id_when_set(tmp_path, monkeypatch):
    skill = FakeSkill()
    monkeypatch.setenv("SKILL_ID", "amzn1.ask.skill.configured")
    _run_json(["open hip and back helper"], skill, str(tmp_path / "s.sqlite3"))
    assert skill.requests[0]["session"]["application"]["applicationId"] == (
        "amzn1.ask.skill.configured")


def test_slots_show_the_resolved_id_or_else_what_was_said(tmp_path):
    turns, _, _ = _run_json(["open hip and back helper", "i have a fever", "i have purple legs"],
                            store=str(tmp_path / "s.sqlite3"))
    assert turns[1]["slots"] == {"symptom": "fever"}
    assert turns[2]["slots"] == {"symptom": "purple legs"}


def test_one_shot_opens_a_session_with_the_intent_and_strips_the_connecting_word(tmp_path):
    skill = FakeSkill()
    understander = FakeUnderstander()
    out = io.StringIO()
    main(["--json", "--store", str(tmp_path / "s.sqlite3")],
         stdin=io.StringIO("Alexa, ask hip and back helper about sciatica\n"), stdout=out,
         stderr=io.StringIO(), handler=skill, understander=understander)
    (turn,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert turn["intent"] == "ConditionInfoIntent" and turn["end_session"] is True
    assert "sciatica" in understander.heard
    assert skill.requests[0]["session"]["new"] is True
    assert skill.requests[0]["request"]["type"] == "IntentRequest"


def test_anything_said_outside_a_session_is_a_one_shot(tmp_path):
    skill = FakeSkill()
    turns, _, _ = _run_json(["open hip and back helper", "stop", "three days"], skill,
                            str(tmp_path / "s.sqlite3"))
    assert turns[1]["end_session"] is True
    assert turns[2]["intent"] == "DurationIntent"
    first, _, one_shot, _ = skill.requests
    assert one_shot["session"]["new"] is True
    assert one_shot["session"]["sessionId"] != first["session"]["sessionId"]
    assert one_shot["session"]["attributes"] == {}


def test_silence_replays_the_reprompt_then_alexa_gives_up(tmp_path):
    skill = FakeSkill()
    turns, code, _ = _run_json(["open hip and back helper", "", ""], skill,
                               str(tmp_path / "s.sqlite3"))
    assert code == 0
    _, reprompt, gave_up = turns
    assert reprompt["speech"] == "How long has it hurt?" and reprompt["end_session"] is False
    assert reprompt["request"] is None and reprompt["intent"] is None
    assert gave_up["end_session"] is True and gave_up["request"] == "SessionEndedRequest"
    assert len(skill.requests) == 2  # the reprompt did not call the skill
    assert skill.requests[-1]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"


def test_answering_after_a_silence_gives_a_fresh_reprompt_allowance(tmp_path):
    turns, _, _ = _run_json(["open hip and back helper", "", "three days", ""],
                            store=str(tmp_path / "s.sqlite3"))
    assert turns[3]["end_session"] is False and turns[3]["speech"] == "Any numbness? Yes or no."


def test_quit_and_end_of_input_close_an_open_session_as_the_user(tmp_path):
    for lines in (["open hip and back helper", "quit", "three days"],
                  ["open hip and back helper"]):
        skill = FakeSkill()
        _run_json(lines, skill, str(tmp_path / "s.sqlite3"))
        assert skill.requests[-1]["request"]["type"] == "SessionEndedRequest"
        assert skill.requests[-1]["request"]["reason"] == "USER_INITIATED"
        assert len(skill.requests) == 2  # nothing after quit was heard


def test_a_skill_exception_is_shown_ends_the_session_and_fails_the_run(tmp_path):
    turns, code, err = _run_json(["open hip and back helper", "no", "three days"],
                                 store=str(tmp_path / "s.sqlite3"))
    assert code == 1
    assert "RuntimeError" in err
    assert turns[1]["end_session"] is True and turns[1]["error"]
    assert turns[2]["intent"] == "DurationIntent"  # a fresh one-shot afterwards


def test_unknown_utterance_goes_to_the_skill_as_fallback(tmp_path):
    turns, _, _ = _run_json(["open hip and back helper", "purple monkey dishwasher"],
                            store=str(tmp_path / "s.sqlite3"))
    assert turns[1]["intent"] == "AMAZON.FallbackIntent"
    assert turns[1]["end_session"] is False


def test_invalid_ssml_is_reported_as_a_problem(tmp_path):
    def skill(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return FakeSkill._ask("Salt & pepper", "Again?", {})

    turns, _, _ = _run_json(["open hip and back helper"], store=str(tmp_path / "s.sqlite3"),
                            skill=skill)  # type: ignore[arg-type]
    assert turns[0]["speech"] == "Salt & pepper"
    assert any("SSML" in problem for problem in turns[0]["problems"])


def test_user_id_is_stable_per_store_and_per_user():
    assert user_id_for("/a/store.sqlite3") == user_id_for("/a/store.sqlite3")
    assert user_id_for("/a/store.sqlite3") != user_id_for("/b/store.sqlite3")
    assert user_id_for("amzn1.ask.account.REAL") == "amzn1.ask.account.REAL"


def test_same_store_gives_the_same_user_across_runs(tmp_path):
    ids = []
    for _ in range(2):
        skill = FakeSkill()
        _run_json(["open hip and back helper"], skill, str(tmp_path / "s.sqlite3"))
        ids.append(skill.requests[0]["session"]["user"]["userId"])
    other = FakeSkill()
    _run_json(["open hip and back helper"], other, str(tmp_path / "other.sqlite3"))
    assert ids[0] == ids[1]
    assert other.requests[0]["session"]["user"]["userId"] != ids[0]


def test_text_mode_shows_speech_card_reprompt_and_session_end(tmp_path):
    out = io.StringIO()
    main(["--store", str(tmp_path / "s.sqlite3")],
         stdin=io.StringIO("open hip and back helper\n\nthree days\nyes\n"), stdout=out,
         stderr=io.StringIO(), handler=FakeSkill(), understander=FakeUnderstander())
    text = out.getvalue()
    assert "Welcome & hello." in text
    assert "(reprompt)> How long has it hurt?" in text
    assert "[card] Get help now" in text and "| Call 911." in text
    assert text.rstrip().endswith("--- session ended ---")


def test_replay_file_plays_its_user_input(tmp_path):
    replay = tmp_path / "r.json"
    replay.write_text(json.dumps({"skillId": "amzn1.ask.skill.x", "locale": "en-US",
                                  "type": "text",
                                  "userInput": ["open hip and back helper", "three days"]}))
    skill = FakeSkill()
    out = io.StringIO()
    code = main(["--replay", str(replay), "--json", "--store", str(tmp_path / "s.sqlite3")],
                stdin=io.StringIO(), stdout=out, stderr=io.StringIO(), handler=skill,
                understander=FakeUnderstander())
    turns = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 0 and [t["intent"] for t in turns] == [None, "DurationIntent"]
    assert skill.requests[-1]["request"]["reason"] == "USER_INITIATED"


def test_bad_replay_file_is_refused(tmp_path):
    replay = tmp_path / "r.json"
    replay.write_text(json.dumps({"type": "text", "userInput": "open hip and back helper"}))
    err = io.StringIO()
    code = main(["--replay", str(replay)], stdin=io.StringIO(), stdout=io.StringIO(),
                stderr=err, handler=FakeSkill(), understander=FakeUnderstander())
    assert code == 2 and "userInput" in err.getvalue()


# The voice model has no dialog section: a Dialog.* directive is the skill's mistake, shown as
# a problem, never played out as Alexa's dialog management.


class DelegatingSkill(FakeSkill):
    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        request = event["request"]
        if request.get("intent", {}).get("name") == "StartAssessmentIntent":
            self.requests.append(event)
            return {"version": "1.0", "response": {"directives": [{"type": "Dialog.Delegate"}]}}
        return super().__call__(event, context)


def _simulator(skill: FakeSkill) -> Simulator:
    identity = Identity(DEFAULT_SKILL_ID, user_id_for("x"), "device", LOCALE)
    fixed = EnvelopeBuilder(identity, clock=lambda: datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))
    return Simulator(skill, FakeUnderstander(), fixed)


def test_a_dialog_directive_is_a_problem_not_a_dialog():
    skill = DelegatingSkill()
    turn = _simulator(skill).hear("ask hip and back helper to check my back pain")
    assert any("Dialog.Delegate" in problem for problem in turn.problems)
    # Nothing was elicited: one request, no dialogState, and the session closed as the
    # response left it.
    assert len(skill.requests) == 1 and "dialogState" not in skill.requests[0]["request"]
    assert turn.end_session is True and turn.speech == ""


def test_a_dialog_directive_is_shown_as_a_problem(tmp_path):
    out = io.StringIO()
    code = main(["--store", str(tmp_path / "s.sqlite3")],
                stdin=io.StringIO("ask hip and back helper to check my back pain\n"), stdout=out,
                stderr=io.StringIO(), handler=DelegatingSkill(), understander=FakeUnderstander())
    assert code == 0
    assert [line for line in out.getvalue().splitlines() if line.startswith("  ! the skill sent "
                                                                           "Dialog.Delegate")]


@pytest.mark.parametrize("line", ["", "   "])
def test_silence_outside_a_session_sends_nothing(line):
    skill = FakeSkill()
    turn = _simulator(skill).hear(line)
    assert turn.request is None and skill.requests == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_mode_greets_prompts_and_closes_the_session_at_end_of_input(tmp_path):
    skill = FakeSkill()
    out = io.StringIO()
    code = main(["--store", str(tmp_path / "s.sqlite3")],
                stdin=_Terminal("open hip and back helper\nthree days\n"), stdout=out,
                stderr=io.StringIO(), handler=skill, understander=FakeUnderstander())
    text = out.getvalue()
    assert code == 0
    assert "open hip and back helper" in text.split("you> ")[0]  # the banner says how to start
    assert text.count("you> ") == 3  # two lines said, then end of input at the prompt
    assert "alexa> Any numbness?" in text
    assert skill.requests[-1]["request"]["reason"] == "USER_INITIATED"


def test_voice_without_espeak_says_so_and_carries_on(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng anywhere on it
    out, err = io.StringIO(), io.StringIO()
    code = main(["--voice", "--json", "--store", str(tmp_path / "s.sqlite3")],
                stdin=io.StringIO("open hip and back helper\n"), stdout=out, stderr=err,
                handler=FakeSkill(), understander=FakeUnderstander())
    assert code == 0 and "espeak-ng" in err.getvalue()
    assert json.loads(out.getvalue().splitlines()[0])["speech"]


def test_voice_speaks_each_line_with_espeak_in_the_locales_voice(tmp_path, monkeypatch):
    spoken = tmp_path / "spoken.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> "{spoken}"\necho >> "{spoken}"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    code = main(["--voice", "--store", str(tmp_path / "s.sqlite3")],
                stdin=io.StringIO("open hip and back helper\nthree days\nyes\n"),
                stdout=io.StringIO(), stderr=io.StringIO(), handler=FakeSkill(),
                understander=FakeUnderstander())
    lines = spoken.read_text().splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].startswith("-v|en-us|--|Welcome & hello.")
    assert "9 1 1" in lines[2]  # a telephone number is read digit by digit


def test_json_mode_answers_every_input_line_even_outside_a_session(tmp_path):
    turns, _, _ = _run_json(["", "quit"], store=str(tmp_path / "s.sqlite3"))
    assert [t["request"] for t in turns] == [None, None]
    assert all(t["end_session"] is True and t["speech"] == "" for t in turns)


def test_show_intents_prints_what_the_voice_model_understood(tmp_path):
    out = io.StringIO()
    main(["--show-intents", "--store", str(tmp_path / "s.sqlite3")],
         stdin=io.StringIO("open hip and back helper\nthree days\n"), stdout=out,
         stderr=io.StringIO(), handler=FakeSkill(), understander=FakeUnderstander())
    text = out.getvalue()
    assert "  (LaunchRequest)" in text
    assert "  (DurationIntent duration=P3D)" in text
