"""Every row of docs/clinical.md's rules table, and its safety invariants, checked against it.

The expected tiers below are transcribed from docs/clinical.md by hand, not read from the engine's
own table, so a wrong row in the engine fails here.
"""

import itertools
from collections.abc import Iterator

import pytest

from hipback.triage import (
    ALL_SIGNS,
    QUESTIONS,
    RULES,
    Answers,
    Reply,
    Tier,
    evaluate,
    next_step,
    record_child,
    record_duration,
    record_duration_unsure,
    record_reply,
    volunteer_sign,
)
from hipback.triage.reading import HEDGE_REPLIES

DAY = 24

# docs/clinical.md "Rules", one line per finding.
SIGN_TIERS = {
    "bladder_bowel": Tier.EMERGENCY,
    "saddle_numbness": Tier.EMERGENCY,
    "leg_weakness": Tier.EMERGENCY,
    "cannot_move": Tier.EMERGENCY,
    "serious_injury": Tier.EMERGENCY,
    "chest_pain": Tier.EMERGENCY,
    "collapse": Tier.EMERGENCY,
    "fever": Tier.URGENT,
    "hip_swelling": Tier.URGENT,
    "cancer_history": Tier.URGENT,
    "weight_loss": Tier.URGENT,
    "night_pain": Tier.URGENT,
    "new_over_fifty": Tier.URGENT,
    "severe_pain": Tier.PROMPT,
}

QUESTION_TIERS = {
    "cauda_equina": Tier.EMERGENCY,
    "leg_function": Tier.EMERGENCY,
    "injury": Tier.EMERGENCY,
    "infection_swelling": Tier.URGENT,
    "severe_pain": Tier.PROMPT,
    "home_care": Tier.DOCTOR,
}

RED_FLAG_QUESTIONS = ("cauda_equina", "leg_function", "injury", "infection_swelling")


def answers_with(**replies: Reply) -> Answers:
    answers = Answers()
    for question, reply in replies.items():
        answers.replies[question] = reply
    return answers


def test_every_sign_the_skill_knows_is_in_clinical_md() -> None:
    assert set(ALL_SIGNS) == set(SIGN_TIERS)


@pytest.mark.parametrize(("sign", "tier"), SIGN_TIERS.items())
def test_each_volunteered_sign_gives_its_tier(sign: str, tier: Tier) -> None:
    answers = Answers()
    volunteer_sign(answers, sign)
    outcome = evaluate(answers)
    assert outcome.tier is tier
    assert sign in outcome.reasons


@pytest.mark.parametrize(("question", "tier"), QUESTION_TIERS.items())
def test_yes_to_each_question_gives_its_tier(question: str, tier: Tier) -> None:
    assert evaluate(answers_with(**{question: Reply.YES})).tier is tier


@pytest.mark.parametrize("question", QUESTION_TIERS)
def test_no_to_a_question_alone_is_self_care(question: str) -> None:
    outcome = evaluate(answers_with(**{question: Reply.NO}))
    assert outcome.tier is Tier.SELF_CARE
    assert outcome.reasons == ("none",)


@pytest.mark.parametrize(
    ("days", "tier", "reason"),
    [
        (0, Tier.SELF_CARE, "none"),
        (3, Tier.SELF_CARE, "none"),
        (20, Tier.SELF_CARE, "none"),
        (21, Tier.DOCTOR, "duration_three_weeks"),
        (60, Tier.DOCTOR, "duration_three_weeks"),
        (90, Tier.DOCTOR, "duration_months"),
        (3650, Tier.DOCTOR, "duration_months"),
    ],
)
def test_duration_rows(days: int, tier: Tier, reason: str) -> None:
    answers = Answers()
    record_duration(answers, days * DAY)
    outcome = evaluate(answers)
    assert (outcome.tier, outcome.reasons) == (tier, (reason,))


def test_a_week_of_home_care_without_improvement_is_doctor() -> None:
    answers = answers_with(home_care=Reply.YES)
    record_duration(answers, 10 * DAY)
    assert evaluate(answers).reasons == ("home_care_failed",)
    assert evaluate(answers).tier is Tier.DOCTOR


def test_unknown_duration_after_two_dont_knows_is_doctor() -> None:
    answers = Answers()
    record_duration_unsure(answers)
    assert evaluate(answers).tier is Tier.SELF_CARE
    assert next_step(answers) is not None and next_step(answers).explain  # type: ignore[union-attr]
    record_duration_unsure(answers)
    assert evaluate(answers).tier is Tier.DOCTOR


def test_nothing_found_is_self_care() -> None:
    answers = Answers()
    record_duration(answers, 3 * DAY)
    for question in QUESTION_TIERS:
        answers.replies[question] = Reply.NO
    assert evaluate(answers).tier is Tier.SELF_CARE


def test_every_engine_row_is_covered_by_clinical_md() -> None:
    """No row in the engine gives a tier docs/clinical.md does not give for that finding."""
    for rule in RULES:
        reason = rule.reason
        if reason in SIGN_TIERS:
            assert rule.tier is SIGN_TIERS[reason], reason
        elif reason.startswith("unsure_"):
            question = reason.removeprefix("unsure_")
            expected = Tier.URGENT if question in RED_FLAG_QUESTIONS else QUESTION_TIERS[question]
            assert rule.tier is expected, reason
        elif reason in QUESTION_TIERS:
            assert rule.tier is QUESTION_TIERS[reason], reason
        else:
            assert rule.tier is Tier.DOCTOR, reason


def test_outcome_reasons_are_only_those_at_the_final_tier() -> None:
    answers = answers_with(severe_pain=Reply.YES, infection_swelling=Reply.YES)
    outcome = evaluate(answers)
    assert outcome.tier is Tier.URGENT
    assert outcome.reasons == ("infection_swelling",)


# ---------------------------------------------------------------------------------------------
# Invariants over the whole answer space: every question unanswered, yes, no or unsure; every
# duration bucket; no volunteered sign or any one of them.

REPLY_CHOICES = (None, Reply.YES, Reply.NO, Reply.UNSURE)
DURATION_CHOICES = (None, "unknown", 0, 3 * DAY, 10 * DAY, 21 * DAY, 90 * DAY)
VOLUNTEER_CHOICES = (None, *ALL_SIGNS)
ASKED = [q.id for q in QUESTIONS if q.id != "duration"]


def all_answers() -> Iterator[Answers]:
    for replies in itertools.product(REPLY_CHOICES, repeat=len(ASKED)):
        for duration in DURATION_CHOICES:
            for volunteered in VOLUNTEER_CHOICES:
                answers = Answers()
                for question, reply in zip(ASKED, replies, strict=True):
                    if reply is not None:
                        answers.replies[question] = reply
                if duration == "unknown":
                    answers.duration_unknown = True
                elif duration is not None:
                    answers.duration_hours = duration  # type: ignore[assignment]
                if volunteered:
                    answers.signs.add(volunteered)
                yield answers


def expected_floor(answers: Answers) -> Tier:
    """The lowest tier docs/clinical.md allows for these answers."""
    floor = Tier.SELF_CARE
    for sign in answers.signs:
        floor = max(floor, SIGN_TIERS[sign])
    for question, reply in answers.replies.items():
        if reply is Reply.YES:
            floor = max(floor, QUESTION_TIERS[question])
        if reply is Reply.UNSURE and question in RED_FLAG_QUESTIONS:
            floor = max(floor, Tier.URGENT)
    return floor


@pytest.mark.slow  # about 430,000 combinations
def test_invariants_hold_over_the_whole_answer_space() -> None:
    for answers in all_answers():
        outcome = evaluate(answers)
        # Any red flag gives its tier (or higher) whatever the other answers are; unsure on a
        # warning sign is at least urgent, never "no".
        assert outcome.tier >= expected_floor(answers), answers
        # Exactly one tier, with reasons that belong to it.
        assert outcome.reasons
        # An emergency sign stops the questions.
        if outcome.tier is Tier.EMERGENCY:
            assert next_step(answers) is None


def test_not_sure_is_explained_once_then_counts_as_at_least_urgent() -> None:
    for question in RED_FLAG_QUESTIONS:
        answers = Answers()
        record_duration(answers, 2 * DAY)
        for earlier in RED_FLAG_QUESTIONS[: RED_FLAG_QUESTIONS.index(question)]:
            record_reply(answers, earlier, Reply.NO)
        record_reply(answers, question, Reply.UNSURE)
        step = next_step(answers)
        assert step is not None and step.question == question and step.explain
        assert evaluate(answers).tier is Tier.SELF_CARE
        record_reply(answers, question, Reply.UNSURE)
        assert evaluate(answers).tier >= Tier.URGENT
        step = next_step(answers)
        assert step is None or step.question != question


def test_sure_after_an_explanation_counts_as_said() -> None:
    answers = Answers()
    record_reply(answers, "cauda_equina", Reply.UNSURE)
    record_reply(answers, "cauda_equina", Reply.NO)
    assert answers.replies["cauda_equina"] is Reply.NO
    assert "cauda_equina" not in answers.unsure_once


# ---------------------------------------------------------------------------------------------
# The hedge rule in the answer space: each question answered not at all, yes, no, or with a
# hedge ("sort of": partly admits; "dunno": does not know), every duration bucket. What a hedge
# counts as comes from the core's HEDGE_REPLIES; the floor below comes from docs/clinical.md
# ("Hedged and denied answers"), written out here by hand.

SPOKEN = (None, "yes", "no", "partly", "unknown")


def test_invariants_hold_with_hedged_answers() -> None:
    for spoken in itertools.product(SPOKEN, repeat=len(ASKED)):
        for duration in DURATION_CHOICES:
            answers = Answers()
            floor = Tier.SELF_CARE
            for question, said in zip(ASKED, spoken, strict=True):
                if said is None:
                    continue
                reply = Reply(said) if said in ("yes", "no") else HEDGE_REPLIES[said]
                # A hedge still unknown after the explanation is final: asked twice.
                record_reply(answers, question, reply)
                record_reply(answers, question, reply)
                if said in ("yes", "partly"):
                    floor = max(floor, QUESTION_TIERS[question])
                if said == "unknown" and question in RED_FLAG_QUESTIONS:
                    floor = max(floor, Tier.URGENT)
                assert answers.replies[question] is not Reply.NO or said == "no"
            if duration == "unknown":
                answers.duration_unknown = True
            elif duration is not None:
                record_duration(answers, duration)  # type: ignore[arg-type]
            assert evaluate(answers).tier >= floor, (spoken, duration)


# docs/clinical.md "Children, pregnancy, someone else": a child under sixteen is at least
# doctor, with the reason said; warning signs still apply.


def child_answers() -> Answers:
    answers = Answers()
    record_child(answers)
    return answers


def test_a_child_with_nothing_else_is_doctor_for_that_reason() -> None:
    answers = child_answers()
    record_duration(answers, 2 * DAY)
    for question in QUESTION_TIERS:
        answers.replies[question] = Reply.NO
    outcome = evaluate(answers)
    assert outcome.tier is Tier.DOCTOR
    assert outcome.reasons == ("child",)


@pytest.mark.parametrize(("sign", "tier"), sorted(SIGN_TIERS.items()))
def test_a_childs_warning_sign_still_gives_its_tier(sign: str, tier: Tier) -> None:
    answers = child_answers()
    volunteer_sign(answers, sign)
    outcome = evaluate(answers)
    assert outcome.tier is max(tier, Tier.DOCTOR)
    if tier > Tier.DOCTOR:
        assert "child" not in outcome.reasons


def test_a_child_is_still_asked_every_red_flag_question() -> None:
    answers = child_answers()
    asked = []
    while (step := next_step(answers)) is not None:
        asked.append(step.question)
        record_reply(answers, step.question, Reply.NO)
    assert set(RED_FLAG_QUESTIONS) <= set(asked)
    assert evaluate(answers).tier is Tier.DOCTOR


def test_being_a_child_survives_the_session_and_junk_is_not_a_child() -> None:
    assert Answers.from_dict(child_answers().to_dict()).child is True
    for junk in ("yes", 1, "true", None):
        assert Answers.from_dict({"child": junk}).child is False
