"""The safety net: emergencies beyond hip and back pain, heard in every state, in each locale.

Said through the offline resolver into the real skill (simulator.evaluation.Bench), so what is
tested is what a person saying these words would hear.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from simulator.conversation import Simulator, Turn
from simulator.evaluation import Bench, held, pending_question, reach
from tests.fast_set import slow_except

# (locale, emergency number as the SSML carries it, crisis line)
LOCALES = {"en-US": ("911", "988"), "en-GB": ("999", "116 123")}

PHRASES = {
    "I can't breathe": "breathing",
    "I think I'm having a stroke, my face is drooping": "stroke",
    "I'm bleeding heavily": "bleeding",
    "I've taken too many pills": "overdose",
    "I want to kill myself": "self_harm",
    "I have crushing chest pain": "chest_pain",
    "I've collapsed": "collapse",
}


def _at_launch(simulator: Simulator) -> Turn:
    return simulator.hear("open hip and back helper")


def _mid_question(question: str) -> Callable[[Simulator], Turn]:
    return lambda simulator: reach(simulator, question)


def _after_outcome(simulator: Simulator) -> Turn:
    reach(simulator, "severe_pain")
    return simulator.hear("no")  # self care: the follow-up offer is pending


def _after_a_fallback(simulator: Simulator) -> Turn:
    _at_launch(simulator)
    return simulator.hear("purple monkey dishwasher")


STATES: dict[str, Callable[[Simulator], Turn] | None] = {
    "one-shot": None,
    "launch": _at_launch,
    "bladder question": _mid_question("cauda_equina"),
    "injury question": _mid_question("injury"),
    "after the outcome": _after_outcome,
    "after a fallback": _after_a_fallback,
}


# The fast set says them in en-US: the British resolver takes seconds to compile in each test
# process, and test_locale_safety.py checks each locale's own numbers in the fast set.
@pytest.fixture(scope="module", params=slow_except(sorted(LOCALES), "en-US"))
def bench(request: pytest.FixtureRequest) -> Iterator[Bench]:
    with tempfile.TemporaryDirectory() as scratch:
        yield Bench(request.param, Path(scratch))


@pytest.mark.parametrize("state", sorted(STATES))
@pytest.mark.parametrize("phrase", sorted(PHRASES))
def test_an_emergency_gets_the_local_number_at_once_in_every_state(
    bench: Bench, state: str, phrase: str
) -> None:
    number, crisis = LOCALES[bench.locale]
    simulator = bench.simulator()
    prepare = STATES[state]
    if prepare is not None:
        prepare(simulator)
        turn = simulator.hear(phrase)
    else:
        turn = simulator.hear(f"tell hip and back helper {phrase}")
    assert number in (turn.ssml or ""), (phrase, turn.speech)
    assert pending_question(turn) is None  # no more questions
    if PHRASES[phrase] == "self_harm":
        assert crisis in (turn.ssml or "")
    # The advice can be heard again before the session ends.
    assert not turn.end_session
    again = simulator.hear("say that again")
    assert again.speech == turn.speech
    leaving = simulator.hear("stop")
    assert leaving.end_session and number in (leaving.ssml or "")


def test_the_second_fallback_says_the_emergency_number(bench: Bench) -> None:
    number, _ = LOCALES[bench.locale]
    simulator = bench.simulator()
    simulator.hear("open hip and back helper")
    simulator.hear("what time is the football on")
    first = simulator.hear("purple monkey dishwasher")
    assert number in (first.ssml or "")


def test_a_missed_warning_question_is_asked_again_with_its_choices_then_explained(
    bench: Bench,
) -> None:
    simulator = bench.simulator()
    asked = reach(simulator, "leg_function")
    first = simulator.hear("purple monkey dishwasher")
    assert pending_question(first) == "leg_function"
    assert "not sure" in first.speech.lower() and first.speech != asked.speech
    second = simulator.hear("banana")
    # Never dropped: counted as not sure, explained, asked once more.
    assert pending_question(second) == "leg_function"
    assert second.session["answers"]["unsure_once"] == ["leg_function"]


def test_a_warning_sign_said_before_asking_about_a_condition_is_an_answer(bench: Bench) -> None:
    number, _ = LOCALES[bench.locale]
    simulator = bench.simulator()
    simulator.hear("open hip and back helper")
    turn = simulator.hear("i wet myself and i can't feel my bum, is that sciatica")
    assert number in (turn.ssml or ""), turn.speech
    assert held(turn.session).signs == {"bladder_bowel"}


# A warning sign said before an information question, and the sign it must be heard as.
SIGN_THEN_QUESTION = {
    "i've got numbness between my legs, how long will it last": "saddle_numbness",
    "my leg keeps giving way, should i get an x ray": "leg_weakness",
    "i wet myself last night, should i see a doctor": "bladder_bowel",
    # Said after a treatment, in a question about it.
    "the chiropractor cracked my back and now my leg is weak, should i go again": "leg_weakness",
}


@pytest.mark.parametrize("said", SIGN_THEN_QUESTION)
def test_a_warning_sign_said_before_any_information_question_is_an_answer(
    bench: Bench, said: str
) -> None:
    number, _ = LOCALES[bench.locale]
    simulator = bench.simulator()
    simulator.hear("open hip and back helper")
    turn = simulator.hear(said)
    assert number in (turn.ssml or ""), turn.speech
    assert SIGN_THEN_QUESTION[said] in held(turn.session).signs


# Spanish: the same, and the words of each information question.
SPANISH_SIGN_THEN_QUESTION = {
    "se me duerme la entrepierna, cuándo se me va a quitar": "saddle_numbness",
    "no controlo la orina, necesito ir a que me revisen": "bladder_bowel",
    "tengo la pierna muy débil, vale la pena ir al médico": "leg_weakness",
    "me duele la espalda y no controlo la orina, voy a urgencias o espero": "bladder_bowel",
}


@pytest.mark.slow  # the Spanish resolver takes seconds to compile in each test process
@pytest.mark.parametrize("said", SPANISH_SIGN_THEN_QUESTION)
def test_a_spanish_warning_sign_said_before_a_question_is_an_answer(
    tmp_path: Path, said: str
) -> None:
    simulator = Bench("es-US", tmp_path).simulator()
    simulator.hear("abre ayuda para cadera y espalda")
    turn = simulator.hear(said)
    assert "911" in (turn.ssml or ""), turn.speech
    assert SPANISH_SIGN_THEN_QUESTION[said] in held(turn.session).signs


def test_a_feeling_said_before_an_information_question_gets_its_answer(bench: Bench) -> None:
    simulator = bench.simulator()
    simulator.hear("open hip and back helper")
    turn = simulator.hear("my back is stiff, how long will it last")
    assert turn.intent == "RecoveryTimeIntent"
    assert pending_question(turn) == "duration"
    assert held(turn.session).signs == set()


def test_a_feeling_said_before_asking_about_a_condition_gets_its_answer(bench: Bench) -> None:
    simulator = bench.simulator()
    simulator.hear("open hip and back helper")
    turn = simulator.hear("the pain goes from my bum right down my leg, is that sciatica")
    assert "sciatica" in turn.speech.lower()
    # The assessment waits where it was: no sign, no answer taken.
    assert pending_question(turn) == "duration"
    assert held(turn.session).signs == set()
