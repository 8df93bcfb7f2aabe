"""How the simulator reads SSML and the skill's response envelopes."""

from __future__ import annotations

import pytest

from hipback.content.render import ssml_to_text
from simulator.responses import MAX_SPEECH_CHARS, parse_response
from simulator.ssml import SsmlError, check_ssml


@pytest.mark.parametrize(
    ("ssml", "text"),
    [
        ("<speak>Hello.</speak>", "Hello."),
        ("<speak>Heat &amp; ice &lt;3 &quot;now&quot;</speak>", 'Heat & ice <3 "now"'),
        ("<speak>One.<break time=\"500ms\"/>Two.</speak>", "One. Two."),
        ("<speak><p>First part.</p><p>Second part.</p></speak>", "First part. Second part."),
        ("<speak><s>A</s><s>B</s></speak>", "A B"),
        ("<speak>Code <say-as interpret-as=\"digits\">123</say-as>.</speak>", "Code 1 2 3."),
        ("<speak>Call <say-as interpret-as=\"telephone\">555-0100</say-as>.</speak>",
         "Call 5 5 5, 0 1 0 0."),
        ("<speak><sub alias=\"physical therapy\">PT</sub> helps</speak>", "physical therapy helps"),
        ("<speak><emphasis level=\"strong\">Now</emphasis> , please</speak>", "Now, please"),
        ("<speak><amazon:emotion name=\"excited\" intensity=\"low\">Great</amazon:emotion>"
         "</speak>", "Great"),
        ("<speak>  lots   of\n spaces </speak>", "lots of spaces"),
    ],
)
def test_ssml_reads_as_plain_text(ssml: str, text: str) -> None:
    check_ssml(ssml)
    assert ssml_to_text(ssml, heard=True) == text


def test_telephone_numbers_are_heard_group_by_group_and_written_whole_on_a_card() -> None:
    ssml = "<speak><say-as interpret-as=\"telephone\">(555) 010-0200</say-as></speak>"
    assert ssml_to_text(ssml, heard=True) == "5 5 5, 0 1 0, 0 2 0 0"
    assert ssml_to_text(ssml) == "(555) 010-0200"


@pytest.mark.parametrize(
    "ssml", ["<speak>Salt & pepper</speak>", "<speak>a < b</speak>", "Hello", "<speak><p>x</speak>"]
)
def test_ssml_alexa_would_reject_is_caught_but_still_rendered(ssml: str) -> None:
    with pytest.raises(SsmlError):
        check_ssml(ssml)
    assert ssml_to_text(ssml, heard=True).strip()


def _envelope(**response: object) -> dict[str, object]:
    return {"version": "1.0", "sessionAttributes": {"a": 1}, "response": response}


def test_response_speech_reprompt_card_and_attributes_are_read() -> None:
    parsed = parse_response(_envelope(
        outputSpeech={"type": "SSML", "ssml": "<speak>Hi</speak>"},
        reprompt={"outputSpeech": {"type": "PlainText", "text": "Still there?"}},
        card={"type": "Standard", "title": "T", "text": "Body"},
        shouldEndSession=False,
    ))
    assert parsed.speech is not None and parsed.speech.text == "Hi"
    assert parsed.reprompt is not None and parsed.reprompt.text == "Still there?"
    assert parsed.card is not None and (parsed.card.title, parsed.card.text) == ("T", "Body")
    assert parsed.session_attributes == {"a": 1}
    assert parsed.ends_session is False and parsed.problems == []


def test_omitted_should_end_session_ends_it_unless_alexa_asks_for_a_permission() -> None:
    assert parse_response(_envelope(outputSpeech={"type": "PlainText", "text": "x"})).ends_session
    asking = parse_response(_envelope(directives=[{
        "type": "Connections.SendRequest", "name": "AskFor",
        "payload": {"permissionScope": "alexa::alerts:timers:skill:readwrite"}}]))
    assert asking.ends_session is False and asking.problems == []


def test_a_dialog_directive_is_reported_and_does_not_keep_the_session_open() -> None:
    delegating = parse_response(_envelope(directives=[{"type": "Dialog.Delegate"}]))
    assert delegating.ends_session is True
    assert [p for p in delegating.problems if "Dialog.Delegate" in p]


def test_responses_over_alexas_limits_are_reported() -> None:
    long = "<speak>" + "word " * (MAX_SPEECH_CHARS // 4) + "</speak>"
    parsed = parse_response(_envelope(outputSpeech={"type": "SSML", "ssml": long}))
    assert any("characters" in problem for problem in parsed.problems)
    assert parse_response({"no": "response"}).problems
