"""What Alexa does with an utterance before the skill's voice model sees it."""

from __future__ import annotations

import pytest

from simulator.utterances import Launch, OneShot, Quit, Said, Silence, parse


@pytest.mark.parametrize(
    "line",
    ["open hip and back helper", "Alexa, open Hip and Back Helper.", "launch hip and back helper",
     "start the hip and back helper", "ask hip and back helper"],
)
def test_launch_phrases(line: str) -> None:
    assert parse(line) == Launch()


@pytest.mark.parametrize(
    ("line", "first_reading"),
    [
        ("ask hip and back helper what a slipped disc is", "what a slipped disc is"),
        ("tell hip and back helper about sciatica", "sciatica"),
        ("ask hip and back helper to check my back pain", "check my back pain"),
        ("ask hip and back helper whether I should use ice", "I should use ice"),
        ("Alexa, ask hip and back helper if heat helps?", "heat helps"),
    ],
)
def test_one_shot_phrases(line: str, first_reading: str) -> None:
    parsed = parse(line)
    assert isinstance(parsed, OneShot)
    assert parsed.candidates[0] == first_reading


def test_one_shot_keeps_the_connecting_word_as_a_second_reading() -> None:
    parsed = parse("tell hip and back helper about sciatica")
    assert isinstance(parsed, OneShot) and "about sciatica" in parsed.candidates


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_silence(line: str) -> None:
    assert parse(line) == Silence()


@pytest.mark.parametrize("line", ["quit", "Exit", ".quit"])
def test_quit(line: str) -> None:
    assert parse(line) == Quit()


@pytest.mark.parametrize("line", ["three days", "open the window", "stop", "ask my doctor"])
def test_anything_else_is_said_to_the_skill(line: str) -> None:
    assert parse(line) == Said(line)
