"""The question plan, explored exhaustively: every reply at every turn, from every start."""

import copy
from collections.abc import Iterator

from hipback.triage import (
    ALL_SIGNS,
    QUESTIONS,
    QUESTIONS_BY_ID,
    Answers,
    Reply,
    Tier,
    evaluate,
    highest_tier_of,
    next_step,
    record_duration,
    record_reply,
    volunteer_sign,
)

DAY = 24
DURATION_REPLIES: tuple[int | Reply, ...] = (0, 3 * DAY, 10 * DAY, 21 * DAY, 90 * DAY, Reply.UNSURE)
REPLIES = (Reply.YES, Reply.NO, Reply.UNSURE)


Path = tuple[Answers, tuple[str, ...]]


def conversations(answers: Answers, asked: tuple[str, ...] = ()) -> Iterator[Path]:
    """Every way a conversation from `answers` can go: the final answers and what was asked."""
    step = next_step(answers)
    if step is None:
        yield answers, asked
        return
    replies = DURATION_REPLIES if step.question == "duration" else REPLIES
    for reply in replies:
        after = copy.deepcopy(answers)
        if isinstance(reply, int):
            record_duration(after, reply)
        else:
            record_reply(after, step.question, reply)
        yield from conversations(after, (*asked, step.question))


def starts() -> Iterator[Answers]:
    yield Answers()
    for sign in ALL_SIGNS:
        answers = Answers()
        volunteer_sign(answers, sign)
        yield answers


def test_every_conversation_is_safe_short_and_in_order() -> None:
    paths = 0
    for start in starts():
        for final, asked in conversations(start):
            paths += 1
            outcome = evaluate(final)
            # Terminates, and a question is asked at most twice (a second time only after
            # "not sure").
            assert len(asked) <= 2 * len(QUESTIONS)
            for question in set(asked):
                assert asked.count(question) <= 2
            # Questions follow the plan's order.
            order = [q.id for q in QUESTIONS]
            firsts = list(dict.fromkeys(asked))
            assert firsts == sorted(firsts, key=order.index)
            # Nothing the user volunteered is asked again.
            for sign in start.signs:
                owner = next((q.id for q in QUESTIONS if sign in q.signs), None)
                assert owner not in asked
            # Home care is never asked of pain that is days old.
            if "home_care" in asked:
                assert final.duration_hours is not None and final.duration_hours >= 7 * DAY
            # Yes to a warning question gives at least its tier; unsure twice at least urgent.
            for question, reply in final.replies.items():
                if reply is Reply.YES:
                    assert outcome.tier >= highest_tier_of(question)
                if reply is Reply.UNSURE and QUESTIONS_BY_ID[question].is_warning:
                    assert outcome.tier >= min(Tier.URGENT, highest_tier_of(question))
    print(f"explored {paths} conversations")
    assert paths > 1000


def test_an_emergency_yes_ends_the_questions_at_once() -> None:
    answers = Answers()
    record_duration(answers, 2 * DAY)
    record_reply(answers, "cauda_equina", Reply.YES)
    assert evaluate(answers).tier is Tier.EMERGENCY
    assert next_step(answers) is None


def test_warning_questions_ask_at_most_three_signs_most_dangerous_first() -> None:
    warnings = [q for q in QUESTIONS if q.is_warning]
    for question in warnings:
        assert 1 <= len(question.signs) <= 3
    tiers = [highest_tier_of(q.id) for q in warnings]
    assert tiers == sorted(tiers, reverse=True)


def test_first_run_asks_duration_then_warning_signs() -> None:
    answers = Answers()
    asked = []
    while (step := next_step(answers)) is not None:
        asked.append(step.question)
        if step.question == "duration":
            record_duration(answers, 3 * DAY)
        else:
            record_reply(answers, step.question, Reply.NO)
    assert asked == ["duration", "cauda_equina", "leg_function", "injury", "infection_swelling",
                     "severe_pain"]
    assert evaluate(answers).tier is Tier.SELF_CARE


def test_home_care_is_asked_between_one_and_three_weeks() -> None:
    answers = Answers()
    record_duration(answers, 10 * DAY)
    for question in ("cauda_equina", "leg_function", "injury", "infection_swelling", "severe_pain"):
        record_reply(answers, question, Reply.NO)
    step = next_step(answers)
    assert step is not None and step.question == "home_care"


def test_a_volunteered_fever_skips_questions_that_cannot_raise_the_tier() -> None:
    answers = Answers()
    volunteer_sign(answers, "fever")
    asked = []
    while (step := next_step(answers)) is not None:
        asked.append(step.question)
        record_reply(answers, step.question, Reply.NO)
    # Only what could still make it an emergency is asked: not duration, not severity.
    assert asked == ["cauda_equina", "leg_function", "injury"]
    assert evaluate(answers).tier is Tier.URGENT


def test_answers_survive_the_session_round_trip_and_reject_junk() -> None:
    answers = Answers()
    record_duration(answers, 10 * DAY)
    record_reply(answers, "cauda_equina", Reply.UNSURE)
    record_reply(answers, "leg_function", Reply.NO)
    volunteer_sign(answers, "fever")
    answers.location = "hip"
    assert Answers.from_dict(answers.to_dict()) == answers
    junk = {
        "duration_hours": "ten",
        "replies": {"x": "yes", "injury": "maybe"},
        "signs": ["evil", 3],
        "unsure_once": "cauda_equina",
        "location": "<speak>",
        "duration_unknown": "yes",
    }
    assert Answers.from_dict(junk) == Answers()
    assert Answers.from_dict(None) == Answers()
    assert Answers.from_dict([1, 2]) == Answers()


def test_the_session_form_leaves_out_what_is_unset_but_keeps_a_duration_of_zero() -> None:
    answers = Answers()
    assert answers.to_dict() == {}
    record_duration(answers, 0)
    record_reply(answers, "cauda_equina", Reply.NO)
    assert answers.to_dict() == {"duration_hours": 0, "replies": {"cauda_equina": "no"}}
    assert Answers.from_dict(answers.to_dict()) == answers
