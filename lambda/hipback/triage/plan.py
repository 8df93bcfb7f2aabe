"""Which question comes next, given the answers so far."""

from __future__ import annotations

from typing import NamedTuple

from .answers import Answers
from .model import DURATION, QUESTIONS, Question, Tier
from .rules import evaluate, highest_tier_of


class Step(NamedTuple):
    question: str
    # True after a first "not sure": explain the question, then ask it again.
    explain: bool = False


_HIGHEST = {question.id: highest_tier_of(question.id) for question in QUESTIONS}


def _settled(question: Question, answers: Answers) -> bool:
    if question.id == DURATION:
        return answers.duration_hours is not None or answers.duration_unknown
    if question.id in answers.replies:
        return True
    # A sign the user volunteered answers its question: never ask it again.
    return any(sign in answers.signs for sign in question.signs)


def _applies(question: Question, answers: Answers) -> bool:
    if not question.min_duration_hours:
        return True
    hours = answers.duration_hours
    return hours is not None and hours >= question.min_duration_hours


def next_step(answers: Answers) -> Step | None:
    """The next question to ask, or None when the outcome is settled.

    A question is skipped when no reply to it could raise the tier already reached: so an
    emergency sign ends the questions at once, and the home-care question is never put to
    someone whose pain is days old.
    """
    current = evaluate(answers).tier
    if current is Tier.EMERGENCY:
        return None
    for question in QUESTIONS:
        if _settled(question, answers) or not _applies(question, answers):
            continue
        if _HIGHEST[question.id] <= current:
            continue
        return Step(question.id, explain=question.id in answers.unsure_once)
    return None
