"""The core says which words an outcome's advice is made of; every one of them exists."""

import itertools

import pytest

from hipback.content import SUPPORTED_LOCALES, for_locale
from hipback.triage import (
    RULES,
    Answers,
    Outcome,
    Reply,
    Tier,
    advice_for,
    evaluate,
    record_child,
    record_duration,
    record_duration_unsure,
)

DAY = 24


def answers_with(**replies: Reply) -> Answers:
    answers = Answers()
    answers.replies.update(replies)
    return answers


def every_outcome() -> list[Outcome]:
    """One outcome per tier for each reason alone and each pair of reasons at that tier."""
    outcomes = [Outcome(Tier.SELF_CARE, ("none",))]
    for tier in Tier:
        reasons = sorted({rule.reason for rule in RULES if rule.tier is tier})
        outcomes += [Outcome(tier, (reason,)) for reason in reasons]
        outcomes += [Outcome(tier, pair) for pair in itertools.combinations(reasons, 2)]
    return outcomes


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_key_of_every_advice_exists(locale: str) -> None:
    content = for_locale(locale)
    missing = set()
    for outcome in every_outcome():
        advice = advice_for(outcome)
        keys = [*advice.speech, advice.card_title, advice.card_text, *advice.card_reasons]
        missing |= {key for key in [*keys, advice.more or ""] if key and not content.has(key)}
    assert sorted(missing) == []


def test_not_sure_alone_is_said_as_caution_and_a_sign_as_a_finding() -> None:
    unsure = evaluate(answers_with(cauda_equina=Reply.UNSURE, injury=Reply.UNSURE))
    assert advice_for(unsure).first_layer == "outcomes.urgent.unsure_speech"
    both = evaluate(answers_with(cauda_equina=Reply.UNSURE, infection_swelling=Reply.YES))
    assert both.tier is Tier.URGENT
    assert advice_for(both).first_layer == "outcomes.urgent.speech"


def test_a_child_gets_the_words_for_a_parent() -> None:
    answers = Answers()
    record_child(answers)
    assert advice_for(evaluate(answers)).first_layer == "outcomes.doctor.child.speech"
    record_duration(answers, 4 * DAY)
    answers.replies["infection_swelling"] = Reply.YES  # a warning sign outranks the child row
    assert advice_for(evaluate(answers)).first_layer == "outcomes.urgent.speech"


def test_what_the_duration_adds_follows_the_first_layer() -> None:
    months = Answers()
    record_duration(months, 120 * DAY)
    assert advice_for(evaluate(months)).speech == (
        "outcomes.doctor.speech", "outcomes.doctor.specialist",
    )
    unknown = Answers()
    record_duration_unsure(unknown)
    record_duration_unsure(unknown)
    assert advice_for(evaluate(unknown)).speech == (
        "outcomes.doctor.speech", "outcomes.doctor.unknown_duration",
    )
    weeks = Answers()
    record_duration(weeks, 30 * DAY)
    assert advice_for(evaluate(weeks)).speech == ("outcomes.doctor.speech",)


def test_emergency_advice_has_no_detail_layer_and_the_card_gives_every_reason() -> None:
    emergency = evaluate(answers_with(cauda_equina=Reply.YES, leg_function=Reply.YES))
    advice = advice_for(emergency)
    assert advice.more is None
    assert advice.card_reasons == ("reasons.cauda_equina", "reasons.leg_function")
    assert advice_for(evaluate(answers_with(severe_pain=Reply.YES))).more == (
        "outcomes.prompt.more"
    )
